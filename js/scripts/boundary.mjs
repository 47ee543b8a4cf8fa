// Boundary cases, derived from a schema's constraints as the Go conformance
// tests derive them (conformance/cases_test.go, conformance/synth_test.go),
// so that both languages test the same values.


const fill = (c, n) => c.repeat(Math.max(0, n));
const runes = (s) => [...s];

function regex(pattern) {
  try {
    return new RegExp(pattern, "u");
  } catch {
    return null;
  }
}

// stringOfLen: a string of exactly n runes that matches pattern, tried with
// the same fallback characters as the Go synthesiser; or null.
export function stringOfLen(pattern, n, hint) {
  if (n < 0) return null;
  if (!pattern) return fill("a", n);
  const re = regex(pattern);
  if (!re) return null;
  if (typeof hint === "string") {
    const r = runes(hint);
    if (r.length >= n && n > 0) {
      const cut = r.slice(0, n).join("");
      if (re.test(cut)) return cut;
    }
    if (r.length > 0 && r.length < n) {
      const long = hint + fill(r[r.length - 1], n - r.length);
      if (re.test(long)) return long;
    }
  }
  for (const c of ["a", "A", "1", "x", "_"]) {
    for (const first of ["", "a", "A", "1"]) {
      if (n === 0 || first.length > n) continue;
      const s = first + fill(c, n - first.length);
      if (re.test(s)) return s;
    }
  }
  return null;
}

export const shortOrLong = (pattern, n, hint) => stringOfLen(pattern, n, hint) ?? fill("a", n);

export function breakPattern(pattern, n, hint) {
  const re = regex(pattern);
  if (!re || n <= 0) return null;
  const valid = stringOfLen(pattern, n, hint);
  if (valid == null) return null;
  const r = runes(valid);
  for (const pos of [0, r.length - 1, Math.floor(r.length / 2)]) {
    for (const c of [" ", "*", "中", "~", ".", "-", "_", "0", "A", "#"]) {
      const m = [...r];
      m[pos] = c;
      const s = m.join("");
      if (!re.test(s)) return s;
    }
  }
  return null;
}

export function strSpec(s) {
  return { min: s.minLength ?? 0, max: s.maxLength ?? -1, pattern: s.pattern ?? "" };
}
export function specOK(sp, v) {
  const n = runes(v).length;
  if (n < sp.min || (sp.max >= 0 && n > sp.max)) return false;
  if (sp.pattern) {
    const re = regex(sp.pattern);
    if (re && !re.test(v)) return false;
  }
  return true;
}

const is = (s, t) => s.type === t || (Array.isArray(s.type) && s.type.includes(t));

// casesFor mirrors casesFor in conformance/cases_test.go. Each case is
// {what, v, valid, keyword} where keyword is what must reject an invalid one.
export function casesFor(s, inBody) {
  const out = [];
  const hint = typeof s.example === "string" ? s.example : undefined;
  if (Array.isArray(s.enum) && s.enum.length) {
    for (const e of s.enum) if (e !== null) out.push({ what: `enum value ${JSON.stringify(e)}`, v: e, valid: true });
    if (is(s, "string")) out.push({ what: "value outside the enumeration", v: "zz_not_documented", valid: false, keyword: "enum" });
    else if (is(s, "integer") || is(s, "number")) {
      const hi = Math.max(0, ...s.enum.filter((e) => typeof e === "number"));
      out.push({ what: "value outside the enumeration", v: hi + 1000, valid: false, keyword: "enum" });
    }
    return out;
  }
  if (is(s, "string")) {
    const sp = strSpec(s);
    let lo = sp.min;
    if (lo === 0 && !inBody) lo = 1;
    // A value of a given length cannot be made to match a format
    // (date-time, ...): with a format, only the refusals are derived.
    const formatted = typeof s.format === "string" && s.format !== "";
    if (sp.min > 0 || sp.max >= 0) {
      const short = formatted ? null : stringOfLen(sp.pattern, lo, hint);
      if (short != null && specOK(sp, short)) out.push({ what: `shortest (${lo})`, v: short, valid: true });
      if (!formatted && sp.max >= 0 && sp.max !== lo) {
        const long = stringOfLen(sp.pattern, sp.max, hint);
        if (long != null && specOK(sp, long)) out.push({ what: `longest (${sp.max})`, v: long, valid: true });
      }
      if (sp.min > 0 && (inBody || sp.min > 1)) {
        out.push({ what: `below minLength (${sp.min - 1})`, v: shortOrLong(sp.pattern, sp.min - 1, hint), valid: false, keyword: "minLength" });
      }
      if (sp.max >= 0) {
        out.push({ what: `above maxLength (${sp.max + 1})`, v: shortOrLong(sp.pattern, sp.max + 1, hint), valid: false, keyword: "maxLength" });
      }
    }
    if (sp.pattern) {
      const v = breakPattern(sp.pattern, Math.max(lo, 1), hint);
      if (v != null && !specOK(sp, v)) out.push({ what: `breaks pattern ${sp.pattern}`, v, valid: false, keyword: "pattern" });
    }
  } else if (is(s, "integer") || is(s, "number")) {
    // A bound past 2^53 (RDS query_id: -9223372036854775808 to
    // 9223372036854775807) has no neighbour a JavaScript number can hold:
    // its cases are not exercised, as in the Go conformance checks.
    if (typeof s.minimum === "number" && Number.isSafeInteger(Math.trunc(s.minimum))) {
      const lo = s.minimum;
      if (s.exclusiveMinimum === true) {
        out.push({ what: "at exclusive minimum", v: lo, valid: false, keyword: "exclusiveMinimum" });
        out.push({ what: "just above exclusive minimum", v: lo + 1, valid: true });
      } else {
        out.push({ what: "minimum", v: lo, valid: true });
        out.push({ what: "below minimum", v: lo - 1, valid: false, keyword: "minimum" });
      }
    }
    if (typeof s.maximum === "number" && Number.isSafeInteger(Math.trunc(s.maximum))) {
      const hi = s.maximum;
      if (s.exclusiveMaximum === true) {
        out.push({ what: "at exclusive maximum", v: hi, valid: false, keyword: "exclusiveMaximum" });
        out.push({ what: "just below exclusive maximum", v: hi - 1, valid: true });
      } else {
        out.push({ what: "maximum", v: hi, valid: true });
        out.push({ what: "above maximum", v: hi + 1, valid: false, keyword: "maximum" });
      }
    }
  }
  return out;
}

// ruleCases mirrors ruleCases in conformance/cases_test.go for one rule;
// own is the field's own schema (its constraints bound the valid cases).
export function ruleCases(r, own, typedValue = (v) => v) {
  const sp = { min: r.minLength ?? 0, max: r.maxLength ?? -1, pattern: r.pattern ?? "" };
  const ownSp = own ? strSpec(own) : { min: 0, max: -1, pattern: "" };
  const hint = typeof own?.example === "string" ? own.example : undefined;
  const cases = [];
  for (const e of r.enum ?? []) cases.push({ what: `enum value ${JSON.stringify(e)}`, v: typedValue(String(e)), valid: true });
  if (r.enum?.length) cases.push({ what: "value outside the rule's enumeration", v: "zz_not_documented", valid: false, keyword: "enum" });
  // As conventions.Rule.Check: a rule's lengths and pattern constrain text
  // only. A page that gives an integer or array field "a length from 0 to
  // 255 characters" (ECS from_port when ip_protocol is icmp) states no
  // length of a string, and no case of one is made up.
  const text = !own?.type || own.type === "string";
  if (!text) return cases;
  if (sp.min > 0 || sp.max >= 0) {
    const lo = Math.max(sp.min, ownSp.min);
    const short = stringOfLen(sp.pattern, lo, hint);
    if (short != null && specOK(sp, short) && specOK(ownSp, short)) cases.push({ what: `shortest (${lo})`, v: short, valid: true });
    if (sp.max >= 0 && sp.max !== lo) {
      const long = stringOfLen(sp.pattern, sp.max, hint);
      if (long != null && specOK(sp, long) && specOK(ownSp, long)) cases.push({ what: `longest (${sp.max})`, v: long, valid: true });
    }
    if (sp.min > 0) cases.push({ what: `below the rule's length (${sp.min - 1})`, v: shortOrLong(sp.pattern, sp.min - 1, hint), valid: false, keyword: "minLength" });
    if (sp.max >= 0) cases.push({ what: `above the rule's length (${sp.max + 1})`, v: shortOrLong(sp.pattern, sp.max + 1, hint), valid: false, keyword: "maxLength" });
  }
  if (sp.pattern) {
    const v = breakPattern(sp.pattern, Math.max(sp.min, ownSp.min, 1), hint);
    if (v != null && !specOK(sp, v)) cases.push({ what: "breaks the rule's pattern", v, valid: false, keyword: "pattern" });
  }
  return cases;
}

export const constrained = (s) =>
  s &&
  typeof s === "object" &&
  !s.$ref &&
  ((s.minLength ?? 0) > 0 || s.maxLength !== undefined || s.pattern || s.enum?.length || s.minimum !== undefined || s.maximum !== undefined);

