// Unit tests of the boundary derivation shared with the Go conformance tests.
// Rows pinned: CreateSignatureKeyV2 "Table 3 Request body parameters".
import assert from "node:assert/strict";
import { test } from "node:test";
import { breakPattern, casesFor, ruleCases, stringOfLen } from "../scripts/boundary.mjs";

const pick = (cases, what) => cases.find((c) => c.what.startsWith(what));

test("row name: length 3-64 with pattern gives shortest, longest, one below, one above, pattern-breaking", () => {
  const name = { type: "string", minLength: 3, maxLength: 64, pattern: "^[A-Za-z][A-Za-z0-9_]*$" };
  const cases = casesFor(name, true);
  assert.equal(pick(cases, "shortest").v.length, 3);
  assert.equal(pick(cases, "longest").v.length, 64);
  assert.deepEqual({ ...pick(cases, "below minLength"), v: pick(cases, "below minLength").v.length }, { what: "below minLength (2)", v: 2, valid: false, keyword: "minLength" });
  assert.equal(pick(cases, "above maxLength").v.length, 65);
  const broken = pick(cases, "breaks pattern");
  assert.equal(broken.keyword, "pattern");
  assert.doesNotMatch(broken.v, new RegExp(name.pattern, "u"));
  assert.equal([...broken.v].length, 3, "pattern-breaking value keeps a valid length");
});

test("row sign_type: enum values valid, zz_not_documented outside", () => {
  const cases = casesFor({ type: "string", enum: ["hmac", "basic", "public_key", "aes"] }, true);
  assert.deepEqual(cases.filter((c) => c.valid).map((c) => c.v), ["hmac", "basic", "public_key", "aes"]);
  assert.deepEqual(cases.at(-1), { what: "value outside the enumeration", v: "zz_not_documented", valid: false, keyword: "enum" });
});

test("integer enum: outside value is max+1000, as in Go", () => {
  assert.equal(casesFor({ type: "integer", enum: [1, 2] }, true).at(-1).v, 1002);
});

test("query limit 1..500: minimum and maximum accepted, 0 and 501 rejected", () => {
  const cases = casesFor({ type: "integer", minimum: 1, maximum: 500 }, false);
  assert.deepEqual(cases.map((c) => [c.v, c.valid]), [[1, true], [0, false], [500, true], [501, false]]);
});

test("exclusive bounds: the bound itself is rejected", () => {
  const cases = casesFor({ type: "number", minimum: 0, exclusiveMinimum: true }, true);
  assert.deepEqual(cases[0], { what: "at exclusive minimum", v: 0, valid: false, keyword: "exclusiveMinimum" });
});

test("parameter minLength 1 is not tested below (an empty parameter is absent), as in Go", () => {
  const cases = casesFor({ type: "string", minLength: 1, maxLength: 10 }, false);
  assert.equal(pick(cases, "below minLength"), undefined);
  assert.ok(pick(casesFor({ type: "string", minLength: 1 }, true), "below minLength"));
});

test("rule sign_key when sign_type=hmac: 8-32 and pattern", () => {
  const r = { field: "sign_key", when: [{ field: "sign_type", equals: "hmac" }], minLength: 8, maxLength: 32, pattern: "^[A-Za-z0-9][A-Za-z0-9_-]*$" };
  const cases = ruleCases(r, { type: "string" });
  assert.deepEqual(cases.map((c) => [c.what, [...c.v].length, c.valid]), [
    ["shortest (8)", 8, true],
    ["longest (32)", 32, true],
    ["below the rule's length (7)", 7, false],
    ["above the rule's length (33)", 33, false],
    ["breaks the rule's pattern", 8, false],
  ]);
});

test("rule enum values are typed by the field (priority is an integer)", () => {
  const cases = ruleCases({ field: "priority", when: [], enum: ["0"] }, { type: "integer" }, (t) => Number(t));
  assert.equal(cases[0].v, 0);
});

test("stringOfLen: null when the pattern cannot give that length; hint is used", () => {
  assert.equal(stringOfLen("^[a-z]{32}$", 1), null);
  assert.equal(stringOfLen("^[A-Za-z][A-Za-z0-9_]*$", 5, "signature_demo"), "signa");
  assert.equal(breakPattern("^.*$", 3), null, "a pattern nothing breaks gives no case");
});
