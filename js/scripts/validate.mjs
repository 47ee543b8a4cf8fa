// validate: ajv checks, for every spec, that
//   1. every example (media, parameter and schema examples) validates against
//      its schema, x-docspec-rules included (as if/then);
//   2. the boundary-breaking values the Go conformance tests derive
//      (conformance/cases_test.go: one below minLength, one above maxLength,
//      outside the enumeration, pattern-breaking, below minimum, above
//      maximum; the same again for each x-docspec-rule) are rejected with
//      the keyword that states the constraint, and the in-bounds values they
//      derive are accepted — alone, and placed into the documented request
//      example.
// So JavaScript and Go agree on what the constraints mean.
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { casesFor, constrained, ruleCases } from "./boundary.mjs";
import { finish, loadSpec, operations, resolveRef, specFiles, mediaExamples, escapePointer } from "./specs.mjs";

const verbose = process.env.VERBOSE === "1";
let passed = 0;
let failed = 0;

function ok(what) {
  passed++;
  if (verbose) console.log(`  ok   ${what}`);
}
function bad(what) {
  failed++;
  console.log(`  FAIL ${what}`);
}

// ---- OpenAPI 3.0 schema -> JSON Schema draft-07 ----

const dropped = new Set(["example", "xml", "externalDocs", "discriminator", "deprecated", "nullable"]);

function makeConverter(doc, base) {
  const memo = new WeakMap();
  function convert(s) {
    if (s === null || typeof s !== "object") return s;
    if (memo.has(s)) return memo.get(s);
    if (typeof s.$ref === "string") {
      const m = /^#\/components\/schemas\/(.+)$/.exec(s.$ref);
      if (!m) throw new Error(`unsupported $ref ${s.$ref}`);
      return { $ref: `${base}#/definitions/${m[1]}` };
    }
    const out = {};
    memo.set(s, out);
    for (const [k, v] of Object.entries(s)) {
      if (dropped.has(k) || k.startsWith("x-")) continue;
      switch (k) {
        case "properties":
          out.properties = Object.fromEntries(Object.entries(v).map(([n, p]) => [n, convert(p)]));
          break;
        case "items":
        case "not":
        case "additionalProperties":
          out[k] = convert(v);
          break;
        case "allOf":
        case "anyOf":
        case "oneOf":
          out[k] = v.map(convert);
          break;
        case "exclusiveMinimum":
        case "exclusiveMaximum":
          break; // OpenAPI 3.0 booleans: rewritten below
        default:
          out[k] = v;
      }
    }
    if (s.nullable === true && typeof s.type === "string") {
      out.type = [s.type, "null"];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    }
    if (s.exclusiveMinimum === true && typeof s.minimum === "number") {
      out.exclusiveMinimum = s.minimum;
      delete out.minimum;
    }
    if (s.exclusiveMaximum === true && typeof s.maximum === "number") {
      out.exclusiveMaximum = s.maximum;
      delete out.maximum;
    }
    const rules = s["x-docspec-rules"];
    if (Array.isArray(rules) && rules.length) {
      out.allOf = [...(out.allOf ?? []), ...rules.map((r) => ruleSchema(r, s))];
    }
    return out;
  }

  // typed turns a condition's text value into the JSON value the field holds.
  function typed(obj, field, text) {
    const t = resolveRef(doc, obj.properties?.[field])?.type;
    if ((t === "integer" || t === "number") && text !== "" && !Number.isNaN(Number(text))) return Number(text);
    if (t === "boolean" && (text === "true" || text === "false")) return text === "true";
    return text;
  }

  // ruleSchema: an x-docspec-rule as if/then. As in the Go conformance
  // checks, a rule applies when every condition field is present and equal.
  function ruleSchema(r, obj) {
    const when = r.when ?? [];
    const then = {};
    for (const k of ["minLength", "maxLength", "pattern"]) if (r[k] !== undefined) then[k] = r[k];
    // Rule enums are written as text, like conditions: typed by the field.
    if (Array.isArray(r.enum)) then.enum = r.enum.map((e) => typed(obj, r.field, String(e)));
    return {
      if: {
        properties: Object.fromEntries(when.map((c) => [c.field, { const: typed(obj, c.field, c.equals) }])),
        required: when.map((c) => c.field),
      },
      then: { properties: { [r.field]: then } },
    };
  }
  return { convert, typed };
}

// ---- walking a spec ----

// walkSchema visits every inline schema node under s (not through $ref).
function walkSchema(s, ptr, visit) {
  if (!s || typeof s !== "object" || s.$ref) return;
  visit(s, ptr);
  for (const [n, p] of Object.entries(s.properties ?? {})) walkSchema(p, `${ptr}/properties/${escapePointer(n)}`, visit);
  if (s.items) walkSchema(s.items, `${ptr}/items`, visit);
  if (s.additionalProperties && typeof s.additionalProperties === "object") walkSchema(s.additionalProperties, `${ptr}/additionalProperties`, visit);
  for (const k of ["allOf", "anyOf", "oneOf"]) (s[k] ?? []).forEach((x, i) => walkSchema(x, `${ptr}/${k}/${i}`, visit));
  if (s.not) walkSchema(s.not, `${ptr}/not`, visit);
}

// errorsAt: the ajv errors at instancePath (the rule's if/then adds an "if"
// error at the parent, which is not what rejected the value).
const errorsAt = (errors, at) => (errors ?? []).filter((e) => e.instancePath === at && e.keyword !== "if");

function checkSpec(rel, doc = loadSpec(rel)) {
  const base = `docspec:${rel.replace(/[^A-Za-z0-9._-]/g, "_")}`;
  const ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  // OpenAPI's date-time is RFC 3339's: the offset is "Z" or ±hh:mm. ajv-formats
  // also takes "+0800" (ISO 8601 basic), which the Go side (kin-openapi) and
  // RFC 3339 refuse: RDS examples write "2018-08-06T12:41:14+0800".
  ajv.addFormat("date-time", /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/);
  // OpenAPI's own formats are annotations here unless ajv-formats knows them.
  const formats = new Set();
  const { convert, typed } = makeConverter(doc, base);
  const compiled = new WeakMap();
  // A schema ajv cannot compile (a pattern ECMA-262 rejects, say) is one
  // failure, reported once; checks that need it are skipped.
  const broken = new WeakSet();
  const validator = (s, where) => {
    if (!compiled.has(s)) {
      try {
        compiled.set(s, ajv.compile(convert(s)));
      } catch (e) {
        compiled.set(s, null);
        bad(`${where.startsWith(rel) ? where : `${rel} ${where}`}: ajv cannot compile the schema: ${e.message}`);
      }
    }
    return compiled.get(s);
  };

  const schemas = doc.components?.schemas ?? {};
  const collectFormats = (s) => {
    if (typeof s.format === "string") formats.add(s.format);
  };
  for (const [n, s] of Object.entries(schemas)) walkSchema(s, `#/components/schemas/${n}`, collectFormats);
  for (const f of [...formats].sort()) {
    if (!ajv.formats[f]) {
      console.log(`  note ${rel}: format "${f}" is not one ajv-formats checks; treated as an annotation`);
      ajv.addFormat(f, true);
    }
  }
  ajv.addSchema({ $id: base, definitions: Object.fromEntries(Object.entries(schemas).map(([n, s]) => [n, convert(s)])) });

  // Every schema node with where it sits and whether it is in a body.
  const nodes = [];
  for (const [n, s] of Object.entries(schemas)) walkSchema(s, `#/components/schemas/${escapePointer(n)}`, (node, ptr) => nodes.push({ node, ptr, inBody: true }));
  const params = [];
  const bodies = [];
  const mediaList = [];
  for (const { path, method, op, item, where } of operations(doc)) {
    const opPtr = `#/paths/${escapePointer(path)}/${method}`;
    const seen = new Map();
    for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
      const p = resolveRef(doc, raw);
      seen.set(`${p.in}:${p.name}`, p);
    }
    for (const p of seen.values()) {
      const ptr = `${opPtr} parameter ${p.in}:${p.name}`;
      params.push({ p, ptr, where });
      if (p.schema && !p.schema.$ref) walkSchema(p.schema, ptr, (node, np) => nodes.push({ node, ptr: np, inBody: false }));
    }
    const rb = resolveRef(doc, op.requestBody);
    for (const [ct, media] of Object.entries(rb?.content ?? {})) {
      const ptr = `${opPtr}/requestBody/content/${escapePointer(ct)}`;
      mediaList.push({ media, ptr });
      if (/json/.test(ct) && media.schema) bodies.push({ media, ptr, where });
      if (media.schema && !media.schema.$ref) walkSchema(media.schema, `${ptr}/schema`, (node, np) => nodes.push({ node, ptr: np, inBody: true }));
    }
    for (const [status, raw] of Object.entries(op.responses ?? {})) {
      const resp = resolveRef(doc, raw);
      for (const [ct, media] of Object.entries(resp?.content ?? {})) {
        const ptr = `${opPtr}/responses/${status}/content/${escapePointer(ct)}`;
        mediaList.push({ media, ptr });
        if (media.schema && !media.schema.$ref) walkSchema(media.schema, `${ptr}/schema`, (node, np) => nodes.push({ node, ptr: np, inBody: true }));
      }
    }
  }

  const describe = (errs) => (errs ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
  const expectValid = (what, schema, value, contradiction) => {
    const v = validator(schema, what);
    if (!v) return;
    const valid = v(value);
    // An undocumented field is a documentation defect that JSON Schema
    // allows (additional properties); only broken schemas and rules must fail.
    if (Array.isArray(contradiction)) contradiction = contradiction.filter((c) => !/^has field /.test(c));
    if (Array.isArray(contradiction) && contradiction.length === 0) contradiction = undefined;
    if (contradiction) {
      if (!valid) ok(`${what} breaks its schema as marked (x-docspec-contradiction)`);
      else bad(`${what} is marked x-docspec-contradiction (${contradiction}) but validates: Go and JavaScript disagree`);
    } else if (valid) ok(what);
    else bad(`${what}: ${describe(v.errors)}`);
  };

  // 1. Examples.
  let examples = 0;
  for (const { media, ptr } of mediaList) {
    if (!media.schema) continue;
    for (const ex of mediaExamples(doc, media)) {
      examples++;
      expectValid(`${rel} ${ptr} example "${ex.name}"`, media.schema, ex.value, ex.contradiction);
    }
  }
  for (const { p, ptr } of params) {
    if (!p.schema) continue;
    const vals = [];
    if ("example" in p) vals.push(["example", p.example]);
    for (const [k, e] of Object.entries(p.examples ?? {})) vals.push([k, resolveRef(doc, e)?.value]);
    for (const [k, v] of vals) {
      examples++;
      expectValid(`${rel} ${ptr} example "${k}"`, p.schema, v);
    }
  }
  for (const { node, ptr } of nodes) {
    if (!("example" in node)) continue;
    examples++;
    expectValid(`${rel} ${ptr} schema example`, node, node.example, node["x-docspec-contradiction"]);
  }

  // 2. Boundary values, each schema node alone.
  let cases = 0;
  const judge = (what, errs, c) => {
    cases++;
    if (c.valid) {
      if (errs.length === 0) ok(what);
      else bad(`${what} should be accepted: ${describe(errs)}`);
    } else if (errs.some((e) => e.keyword === c.keyword)) ok(what);
    else bad(`${what} should be rejected by ${c.keyword}: ${errs.length ? describe(errs) : "accepted"}`);
  };
  for (const { node, ptr, inBody } of nodes) {
    if (constrained(node)) {
      const v = validator(node, ptr);
      if (!v) continue;
      for (const c of casesFor(node, inBody)) {
        v(c.v);
        judge(`${rel} ${ptr}: ${c.what} ${JSON.stringify(c.v)}`, errorsAt(v.errors, ""), c);
      }
    }
    // Rules on this object, on an object holding only the condition fields
    // and the ruled field: only errors at the field count.
    for (const r of node["x-docspec-rules"] ?? []) {
      const v = validator(node, ptr);
      if (!v) break;
      const own = resolveRef(doc, node.properties?.[r.field]);
      for (const c of ruleCases(r, own, (t) => typed(node, r.field, t))) {
        const obj = {};
        for (const cd of r.when ?? []) obj[cd.field] = typed(node, cd.field, cd.equals);
        obj[r.field] = c.v;
        v(obj);
        judge(`${rel} ${ptr} ${ruleName(r)}: ${c.what} ${JSON.stringify(c.v)}`, errorsAt(v.errors, `/${escapePointer(r.field)}`), c);
      }
    }
  }

  // 3. The same cases placed into each documented request example, one
  // field at a time, for fields the example sets.
  for (const { media, ptr } of bodies) {
    for (const ex of mediaExamples(doc, media)) {
      if (!ex.value || typeof ex.value !== "object" || ex.contradiction) continue;
      const v = validator(media.schema, ptr);
      if (!v) continue;
      const visit = (schema, value, path) => {
        const s = resolveRef(doc, schema);
        if (!s || value === null || typeof value !== "object") return;
        if (Array.isArray(value)) {
          value.forEach((item, i) => visit(s.items, item, `${path}/${i}`));
          return;
        }
        for (const r of s["x-docspec-rules"] ?? []) {
          const own = resolveRef(doc, s.properties?.[r.field]);
          for (const c of ruleCases(r, own, (t) => typed(s, r.field, t))) {
            if (c.valid) continue; // other rules of the object may still apply
            const body = structuredClone(ex.value);
            for (const cd of r.when ?? []) setAt(body, `${path}/${escapePointer(cd.field)}`, typed(s, cd.field, cd.equals));
            const at = `${path}/${escapePointer(r.field)}`;
            setAt(body, at, c.v);
            v(body);
            judge(`${rel} ${ptr} example "${ex.name}" ${ruleName(r)} at ${at}: ${c.what} ${JSON.stringify(c.v)}`, errorsAt(v.errors, at), c);
          }
        }
        for (const [name, ps] of Object.entries(s.properties ?? {})) {
          if (!(name in value)) continue;
          const p = resolveRef(doc, ps);
          const at = `${path}/${escapePointer(name)}`;
          if (constrained(p)) {
            for (const c of casesFor(p, true)) {
              if (c.valid) continue; // a valid value may still break a rule of its object
              const body = structuredClone(ex.value);
              setAt(body, at, c.v);
              v(body);
              judge(`${rel} ${ptr} example "${ex.name}" with ${at} ${c.what} ${JSON.stringify(c.v)}`, errorsAt(v.errors, at), c);
            }
          }
          visit(p, value[name], at);
        }
      };
      visit(media.schema, ex.value, "");
    }
  }
  console.log(`validate: ${rel}: ${examples} examples, ${cases} boundary cases`);
}

const ruleName = (r) => `rule ${r.field} when ${(r.when ?? []).map((x) => `${x.field}=${x.equals}`).join(",")}`;

function setAt(obj, ptr, v) {
  const keys = ptr.split("/").slice(1).map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
  let cur = obj;
  for (const k of keys.slice(0, -1)) cur = cur[k];
  cur[keys[keys.length - 1]] = v;
}

// canary checks that validation bites: the hand-written sample with its
// request example's first string field emptied must fail.
function canary(rel) {
  const doc = loadSpec(rel);
  let target = null;
  for (const { op } of operations(doc)) {
    for (const media of Object.values(resolveRef(doc, op.requestBody)?.content ?? {})) {
      for (const ex of Object.values(media.examples ?? {})) {
        const k = Object.keys(ex.value ?? {}).find((k) => typeof ex.value[k] === "string");
        if (k && !target) target = { ex, k };
      }
    }
  }
  if (!target) return bad(`${rel}: canary: no request example with a string field`);
  target.ex.value[target.k] = "";
  const before = { passed, failed };
  const log = console.log;
  console.log = () => {};
  try {
    checkSpec(rel, doc);
  } finally {
    console.log = log;
  }
  const caught = failed > before.failed;
  ({ passed, failed } = before);
  if (caught) ok(`${rel}: canary: an example with "${target.k}": "" is rejected`);
  else bad(`${rel}: canary: an example with "${target.k}": "" was accepted`);
  console.log(`validate: ${rel}: canary ${caught ? "rejected as it should be" : "NOT rejected"}`);
}

for (const rel of specFiles()) {
  try {
    checkSpec(rel);
    if (rel.startsWith("js/testdata/")) canary(rel);
  } catch (e) {
    bad(`${rel}: ${e.message}`);
  }
}
finish("validate", passed, failed);
