package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/docspec/docspec/conventions"
	"io"
	"maps"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// reqVals is one request: parameter values by location and the JSON body.
type reqVals struct {
	path, query, header map[string]any
	body                any
}

func (r reqVals) clone() reqVals {
	c := reqVals{path: map[string]any{}, query: map[string]any{}, header: map[string]any{}}
	for _, p := range [][2]map[string]any{{c.path, r.path}, {c.query, r.query}, {c.header, r.header}} {
		for k, v := range p[1] {
			p[0][k] = v
		}
	}
	if r.body != nil {
		c.body = jsonClean(r.body)
	}
	return c
}

// baseline is a valid request: the page's examples where they are valid
// (useExamples), else values synthesised from the schemas.
func baseline(oc *opCtx, useExamples bool) reqVals {
	rv := reqVals{path: map[string]any{}, query: map[string]any{}, header: map[string]any{}}
	for _, p := range oc.params {
		var v any
		if useExamples && p.Example != nil && p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.VisitJSON(jsonClean(p.Example)) == nil {
			v = jsonClean(p.Example)
		} else {
			v = jsonClean(value(p.Schema, 0))
		}
		switch p.In {
		case "path":
			rv.path[p.Name] = v
		case "query":
			rv.query[p.Name] = v
		case "header":
			rv.header[p.Name] = v
		}
	}
	for _, h := range oc.auth {
		if v, ok := rv.header[h]; !ok || str(v) == "" {
			rv.header[h] = "token"
		}
	}
	if oc.body != nil {
		if useExamples {
			if mt := oc.ref.Op.RequestBody.Value.Content.Get("application/json"); mt != nil {
				for _, ex := range exampleValues(mt) {
					if len(violations(oc.body, ex.value)) == 0 {
						rv.body = ex.value
						return rv
					}
				}
			}
		}
		v := jsonClean(value(oc.body, 0))
		fixRules(oc.body, v, 0)
		rv.body = v
	}
	return rv
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		if x == float64(int64(x)) {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	}
	return string(mustJSON(v))
}

// request builds the wire request for rv.
func (oc *opCtx) request(rv reqVals) *http.Request {
	p := oc.ref.Path
	if oc.action != "" {
		p = "/"
	} else {
		p = paramRE.ReplaceAllStringFunc(p, func(m string) string {
			return url.PathEscape(str(rv.path[m[1:len(m)-1]]))
		})
	}
	q := url.Values{}
	for k, v := range rv.query {
		if l, ok := v.([]any); ok {
			for _, e := range l {
				q.Add(k, str(e))
			}
			continue
		}
		q.Set(k, str(v))
	}
	u := "http://docspec.test" + p
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var body io.Reader
	if oc.body != nil && rv.body != nil {
		body = bytes.NewReader(mustJSON(rv.body))
	}
	req := httptest.NewRequest(oc.ref.Method, u, body)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range rv.header {
		req.Header.Set(k, str(v))
	}
	return req
}

// expect sends rv to the server and to the client-side check. A valid
// request gets the documented success status (where the page documents
// none, it reaches the handler); an invalid one 400 with a documented code
// and param named in the message.
func (oc *opCtx) expect(t *testing.T, h http.Handler, rv reqVals, valid bool, param, what string, c counts, col string) {
	t.Helper()
	before := oc.reached
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, oc.request(rv))
	ok := true
	switch {
	case valid && oc.success == "":
		// No documented success status: the request must pass the checks
		// and reach the handler (whose answer nothing documents).
		if oc.reached != before+1 {
			t.Errorf("%s: %s: want the request to reach the handler, got %d %s", oc.id, what, rec.Code, rec.Body)
			ok = false
		}
	case valid:
		if strconv.Itoa(rec.Code) != oc.success {
			t.Errorf("%s: %s: want %s, got %d %s", oc.id, what, oc.success, rec.Code, rec.Body)
			ok = false
		}
	default:
		ok = oc.checkError(t, rec, http.StatusBadRequest, oc.bad, param, what)
	}
	if ok {
		c[col]++
	}
	err := oc.a.validate(oc.request(rv))
	switch {
	case valid && err != nil:
		t.Errorf("%s: %s: client-side check refused a valid request: %v", oc.id, what, err)
	case !valid && err == nil:
		t.Errorf("%s: %s: client-side check let an invalid request go", oc.id, what)
	case !valid && statusOf(err) != http.StatusBadRequest:
		t.Errorf("%s: %s: client-side check: %v, want a 400 ValidationError", oc.id, what, err)
	default:
		c["client"]++
	}
}

func statusOf(err error) int {
	v := reflect.ValueOf(err)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return 0
	}
	f := v.Elem().FieldByName("Status")
	if !f.IsValid() || f.Kind() != reflect.Int {
		return 0
	}
	return int(f.Int())
}

func (oc *opCtx) checkError(t *testing.T, rec *httptest.ResponseRecorder, status int, codes []string, param, what string) bool {
	t.Helper()
	if rec.Code != status {
		t.Errorf("%s: %s: want %d, got %d %s", oc.id, what, status, rec.Code, rec.Body)
		return false
	}
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Errorf("%s: %s: error body is not JSON: %s", oc.id, what, rec.Body)
		return false
	}
	code, _ := body[oc.codeF].(string)
	msg, _ := body[oc.msgF].(string)
	if code == "" || (len(codes) > 0 && !contains(codes, code)) {
		t.Errorf("%s: %s: error code %q is not one the spec documents for %d (%v): %s", oc.id, what, code, status, codes, rec.Body)
		return false
	}
	if param != "" && !strings.Contains(msg, param) {
		t.Errorf("%s: %s: error message does not name %q: %s", oc.id, what, param, rec.Body)
		return false
	}
	return true
}

func contains(l []string, s string) bool {
	for _, e := range l {
		if e == s {
			return true
		}
	}
	return false
}

// ---- (c) boundaries -----------------------------------------------------------

type slot struct {
	array    bool // a query array parameter: the case is its one item
	in, name string
	path     []string // in the body; "0" is the first array item
	schema   *openapi3.Schema
}

type tcase struct {
	what  string
	v     any
	valid bool
}

func constrained(s *openapi3.Schema) bool {
	return s != nil && (s.MinLength > 0 || s.MaxLength != nil || s.Pattern != "" || len(s.Enum) > 0 || s.Min != nil || s.Max != nil)
}

func (oc *opCtx) slots() []slot {
	var out []slot
	for _, p := range oc.params {
		if p.In == "query" && p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Type.Is("array") &&
			p.Schema.Value.Items != nil && constrained(p.Schema.Value.Items.Value) {
			out = append(out, slot{array: true, in: p.In, name: p.Name, schema: p.Schema.Value.Items.Value})
			continue
		}
		if p.Schema == nil || !constrained(p.Schema.Value) || p.In == "cookie" {
			continue
		}
		if oc.action != "" && p.In == "query" && p.Name == "Action" {
			continue // the routing key: an unknown Action is InvalidAction.NotFound, checked apart
		}
		out = append(out, slot{in: p.In, name: p.Name, schema: p.Schema.Value})
	}
	if oc.body != nil {
		out = append(out, bodySlots(oc.body, nil, 0)...)
	}
	return out
}

func bodySlots(ref *openapi3.SchemaRef, path []string, depth int) []slot {
	if ref == nil || ref.Value == nil || depth > 4 {
		return nil
	}
	var out []slot
	for _, name := range slices.Sorted(maps.Keys(ref.Value.Properties)) {
		p := ref.Value.Properties[name]
		if p.Value == nil || p.Value.ReadOnly {
			continue
		}
		pp := append(append([]string{}, path...), name)
		if constrained(p.Value) {
			out = append(out, slot{in: "body", name: name, path: pp, schema: p.Value})
		}
		switch {
		case p.Value.Type.Is("array") && p.Value.Items != nil && p.Value.Items.Value != nil:
			ip := append(append([]string{}, pp...), "0")
			if constrained(p.Value.Items.Value) {
				out = append(out, slot{in: "body", name: name, path: ip, schema: p.Value.Items.Value})
			}
			out = append(out, bodySlots(p.Value.Items, ip, depth+1)...)
		case len(p.Value.Properties) > 0:
			out = append(out, bodySlots(p, pp, depth+1)...)
		}
	}
	return out
}

func set(rv *reqVals, s slot, v any) bool {
	if s.array {
		v = []any{v}
	}
	switch s.in {
	case "path":
		rv.path[s.name] = v
	case "query":
		rv.query[s.name] = v
	case "header":
		rv.header[s.name] = v
	default:
		return setAt(rv.body, s.path, v)
	}
	return true
}

func setAt(root any, path []string, v any) bool {
	cur := root
	for i, seg := range path {
		last := i == len(path)-1
		switch x := cur.(type) {
		case map[string]any:
			if last {
				x[seg] = v
				return true
			}
			cur = x[seg]
		case []any:
			n, err := strconv.Atoi(seg)
			if err != nil || n >= len(x) {
				return false
			}
			if last {
				x[n] = v
				return true
			}
			cur = x[n]
		default:
			return false
		}
	}
	return false
}

func at(root any, path []string) any {
	cur := root
	for _, seg := range path {
		switch x := cur.(type) {
		case map[string]any:
			cur = x[seg]
		case []any:
			n, err := strconv.Atoi(seg)
			if err != nil || n >= len(x) {
				return nil
			}
			cur = x[n]
		default:
			return nil
		}
	}
	return cur
}

// casesFor derives the boundary cases of one constrained value.
func casesFor(s *openapi3.Schema, inBody bool) []tcase {
	var out []tcase
	if len(s.Enum) > 0 {
		for _, e := range s.Enum {
			out = append(out, tcase{fmt.Sprintf("enum value %v", e), jsonClean(e), true})
		}
		if s.Type.Is("string") {
			out = append(out, tcase{"value outside the enumeration", "zz_not_documented", false})
		} else if s.Type.Is("integer") || s.Type.Is("number") {
			hi := 0.0
			for _, e := range s.Enum {
				if f, ok := jsonClean(e).(float64); ok && f > hi {
					hi = f
				}
			}
			out = append(out, tcase{"value outside the enumeration", hi + 1000, false})
		}
		return out
	}
	switch {
	case s.Type.Is("string"):
		sp := strSpecOf(s)
		lo := sp.min
		if lo == 0 && !inBody {
			lo = 1
		}
		if sp.min > 0 || sp.max >= 0 {
			if v, ok := stringOfLen(sp.pattern, lo); ok && sp.ok(v) {
				out = append(out, tcase{fmt.Sprintf("shortest (%d)", lo), v, true})
			}
			if sp.max >= 0 && sp.max != lo {
				if v, ok := stringOfLen(sp.pattern, sp.max); ok && sp.ok(v) {
					out = append(out, tcase{fmt.Sprintf("longest (%d)", sp.max), v, true})
				}
			}
			if sp.min > 0 && (inBody || sp.min > 1) {
				out = append(out, tcase{fmt.Sprintf("below minLength (%d)", sp.min-1), shortOrLong(sp.pattern, sp.min-1), false})
			}
			if sp.max >= 0 {
				out = append(out, tcase{fmt.Sprintf("above maxLength (%d)", sp.max+1), shortOrLong(sp.pattern, sp.max+1), false})
			}
		}
		if sp.pattern != "" {
			n := max(lo, 1)
			if v, ok := breakPattern(sp.pattern, n); ok && !sp.ok(v) {
				out = append(out, tcase{"breaks pattern " + sp.pattern, v, false})
			}
		}
	case s.Type.Is("integer") || s.Type.Is("number"):
		// Bounds beyond ±2^53 (RDS query_id: the whole int64 range) have
		// no exact float64, so no JSON value the harness writes sits on
		// them: such a bound is not exercised.
		if s.Min != nil && math.Abs(*s.Min) <= maxExact {
			lo := *s.Min
			if excl(s.ExclusiveMin) {
				out = append(out, tcase{"at exclusive minimum", lo, false}, tcase{"just above exclusive minimum", lo + 1, true})
			} else {
				out = append(out, tcase{"minimum", lo, true}, tcase{"below minimum", lo - 1, false})
			}
		}
		if s.Max != nil && math.Abs(*s.Max) <= maxExact {
			hi := *s.Max
			if excl(s.ExclusiveMax) {
				out = append(out, tcase{"at exclusive maximum", hi, false}, tcase{"just below exclusive maximum", hi - 1, true})
			} else {
				out = append(out, tcase{"maximum", hi, true}, tcase{"above maximum", hi + 1, false})
			}
		}
	}
	return out
}

// maxExact is the largest integer every float64 up to it holds exactly.
const maxExact = 1 << 53

// shortOrLong is a value of n runes, matching pattern if it can.
func shortOrLong(pattern string, n int) string {
	if v, ok := stringOfLen(pattern, n); ok {
		return v
	}
	return fill("a", n)
}

func boundaries(t *testing.T, oc *opCtx, h http.Handler, c counts) {
	base := baseline(oc, false)
	oc.expect(t, h, base, true, "", "baseline request synthesised from the schema", c, "accepted")
	for _, s := range oc.slots() {
		for _, tc := range casesFor(s.schema, s.in == "body") {
			rv := base.clone()
			if !set(&rv, s, tc.v) {
				t.Errorf("%s: cannot place %s at %v", oc.id, s.name, s.path)
				continue
			}
			if s.in == "body" {
				// Other fields may depend on this one (x-docspec-rules).
				fixRules(oc.body, rv.body, 0)
				set(&rv, s, tc.v)
				if tc.valid && len(ruleViolations(oc.body, rv.body, "", 0)) > 0 {
					continue // valid for the schema, refused by a rule: covered by ruleCases
				}
			}
			col := "refused"
			if tc.valid {
				col = "accepted"
			}
			oc.expect(t, h, rv, tc.valid, s.name, fmt.Sprintf("%s %s %v: %s", s.in, s.name, s.path, tc.what), c, col)
		}
	}
	ruleCases(t, oc, h, base, c)
	if len(oc.auth) > 0 {
		rv := base.clone()
		for _, hname := range oc.auth {
			delete(rv.header, hname)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, oc.request(rv))
		if oc.checkError(t, rec, http.StatusUnauthorized, oc.unauth, "", "without "+strings.Join(oc.auth, ", ")) {
			c["auth"]++
		}
		if err := oc.a.validate(oc.request(rv)); statusOf(err) != http.StatusUnauthorized {
			t.Errorf("%s: client-side check without credentials: %v, want 401", oc.id, err)
		} else {
			c["client"]++
		}
	}
	if oc.action != "" {
		rv := base.clone()
		rv.query["Action"] = "ZzNotDocumented"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, oc.request(rv))
		if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "InvalidAction.NotFound") {
			t.Errorf("%s: unknown Action: got %d %s", oc.id, rec.Code, rec.Body)
		} else {
			c["refused"]++
		}
	}
}

// ---- rules (x-docspec-rules) ---------------------------------------------------

type ruleObject struct {
	path   []string
	schema *openapi3.Schema
	rules  []conventions.Rule
}

func ruleObjects(ref *openapi3.SchemaRef, path []string, depth int) []ruleObject {
	if ref == nil || ref.Value == nil || depth > 4 {
		return nil
	}
	var out []ruleObject
	if rules, err := conventions.RulesOf(ref.Value.Extensions); err == nil && len(rules) > 0 {
		out = append(out, ruleObject{append([]string{}, path...), ref.Value, rules})
	}
	for _, name := range slices.Sorted(maps.Keys(ref.Value.Properties)) {
		p := ref.Value.Properties[name]
		pp := append(append([]string{}, path...), name)
		if p.Value != nil && p.Value.Type.Is("array") {
			out = append(out, ruleObjects(p.Value.Items, append(pp, "0"), depth+1)...)
		} else {
			out = append(out, ruleObjects(p, pp, depth+1)...)
		}
	}
	return out
}

func ruleSpec(r conventions.Rule) strSpec {
	sp := strSpec{max: -1, pattern: r.Pattern}
	if r.MinLength != nil {
		sp.min = int(*r.MinLength)
	}
	if r.MaxLength != nil {
		sp.max = int(*r.MaxLength)
	}
	return sp
}

func conds(r conventions.Rule) string {
	var l []string
	for _, c := range r.When {
		l = append(l, fmt.Sprintf("%s=%v", c.Field, c.Equals))
	}
	return strings.Join(l, ",")
}

func ruleCases(t *testing.T, oc *opCtx, h http.Handler, base reqVals, c counts) {
	if oc.body == nil {
		return
	}
	for _, ro := range ruleObjects(oc.body, nil, 0) {
		for _, r := range ro.rules {
			if !r.Enforceable(ro.schema) {
				c["rules n/a"]++
				continue
			}
			rv := base.clone()
			obj, ok := at(rv.body, ro.path).(map[string]any)
			if !ok {
				t.Errorf("%s: no object at %v for rule on %s", oc.id, ro.path, r.Field)
				continue
			}
			for _, cd := range r.When {
				obj[cd.Field] = conventions.Typed(ro.schema, cd.Field, cd.Equals)
			}
			fixObject(ro.schema, obj)
			var own strSpec
			if fs := ro.schema.Properties[r.Field]; fs != nil && fs.Value != nil {
				own = strSpecOf(fs.Value)
			} else {
				own = strSpec{max: -1}
			}
			sp := ruleSpec(r)
			var cases []tcase
			for _, e := range r.Enum {
				cases = append(cases, tcase{fmt.Sprintf("enum value %v", e), conventions.Typed(ro.schema, r.Field, e), true})
			}
			if len(r.Enum) > 0 {
				cases = append(cases, tcase{"value outside the rule's enumeration", "zz_not_documented", false})
			}
			if sp.min > 0 || sp.max >= 0 {
				lo := max(sp.min, own.min)
				if v, ok := stringOfLen(sp.pattern, lo); ok && sp.ok(v) && own.ok(v) {
					cases = append(cases, tcase{fmt.Sprintf("shortest (%d)", lo), v, true})
				}
				if sp.max >= 0 && sp.max != lo {
					if v, ok := stringOfLen(sp.pattern, sp.max); ok && sp.ok(v) && own.ok(v) {
						cases = append(cases, tcase{fmt.Sprintf("longest (%d)", sp.max), v, true})
					}
				}
				if sp.min > 0 {
					cases = append(cases, tcase{fmt.Sprintf("below the rule's length (%d)", sp.min-1), shortOrLong(sp.pattern, sp.min-1), false})
				}
				if sp.max >= 0 {
					cases = append(cases, tcase{fmt.Sprintf("above the rule's length (%d)", sp.max+1), shortOrLong(sp.pattern, sp.max+1), false})
				}
			}
			if sp.pattern != "" {
				if v, ok := breakPattern(sp.pattern, max(sp.min, own.min, 1)); ok && !sp.ok(v) {
					cases = append(cases, tcase{"breaks the rule's pattern", v, false})
				}
			}
			for _, tc := range cases {
				rv2 := rv.clone()
				o2 := at(rv2.body, ro.path).(map[string]any)
				o2[r.Field] = tc.v
				fixObject(ro.schema, o2) // rules depending on this field
				o2[r.Field] = tc.v
				if tc.valid && len(ruleViolations(oc.body, rv2.body, "", 0)) > 0 {
					continue // a combination the other rules forbid
				}
				oc.expect(t, h, rv2, tc.valid, r.Field, fmt.Sprintf("rule %s when %s: %s", r.Field, conds(r), tc.what), c, "rules")
			}
		}
	}
}

// fixRules makes v satisfy the x-docspec-rules of its schema and below.
func fixRules(ref *openapi3.SchemaRef, v any, depth int) {
	if ref == nil || ref.Value == nil || depth > 6 {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		fixObject(ref.Value, x)
		for _, name := range slices.Sorted(maps.Keys(ref.Value.Properties)) {
			if e, ok := x[name]; ok {
				fixRules(ref.Value.Properties[name], e, depth+1)
			}
		}
	case []any:
		for _, e := range x {
			fixRules(ref.Value.Items, e, depth+1)
		}
	}
}

// breaks says how obj breaks rule r of its schema s (conventions' one
// Check, as the generated server applies it), or "".
func breaks(s *openapi3.Schema, r conventions.Rule, obj map[string]any) string {
	return strings.Join(r.Check(conventions.ObjectOf(s, obj, nil)), "; ")
}

func fixObject(s *openapi3.Schema, obj map[string]any) {
	rules, _ := conventions.RulesOf(s.Extensions)
	for _, r := range rules {
		if !r.Enforceable(s) || breaks(s, r, obj) == "" {
			continue // n/a, or already holds: keep the value (it may be a condition of another rule)
		}
		if len(r.Enum) > 0 {
			obj[r.Field] = conventions.Typed(s, r.Field, r.Enum[0])
			continue
		}
		own := strSpec{max: -1}
		if fs := s.Properties[r.Field]; fs != nil && fs.Value != nil {
			own = strSpecOf(fs.Value)
		}
		sp := ruleSpec(r)
		for n := max(sp.min, own.min, 1); n <= max(sp.min, own.min, 1)+64; n++ {
			if v, ok := stringOfLen(sp.pattern, n); ok && sp.ok(v) && own.ok(v) {
				obj[r.Field] = v
				break
			}
		}
	}
}

// ---- (d) examples ------------------------------------------------------------------

type violation struct{ field, kind, detail string }

// violations checks v against the schema (all errors) and the rules.
func violations(ref *openapi3.SchemaRef, v any) []violation {
	var out []violation
	if ref == nil || ref.Value == nil {
		return nil
	}
	if b := variantOf(ref.Value, v); b != nil {
		// Several operations on one METHOD + path: the example is judged
		// by the variant whose fields it carries, as the tool judges it.
		return violations(b, v)
	}
	if err := ref.Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		var me openapi3.MultiError
		errs := []error{err}
		if errors.As(err, &me) {
			errs = me
		}
		for _, e := range errs {
			field, detail := "(root)", e.Error()
			var se *openapi3.SchemaError
			if errors.As(e, &se) {
				if p := se.JSONPointer(); len(p) > 0 {
					field = strings.Join(p, ".")
				}
				val := string(mustJSON(se.Value))
				if len(val) > 60 {
					val = val[:60] + "..."
				}
				detail = fmt.Sprintf("%s (value %s)", se.Reason, val)
			}
			out = append(out, violation{field, "schema", detail})
		}
	}
	out = append(out, ruleViolations(ref, v, "", 0)...)
	out = append(out, undocumented(ref, v, "", 0)...)
	sort.Slice(out, func(i, j int) bool { return out[i].field+out[i].kind < out[j].field+out[j].kind })
	return out
}

// variantBody is the request body an example is judged by: where several
// documented operations share the METHOD + path (x-docspec-variants), the
// body of the variant whose operation names the example
// ("UpdateSpecificationsECS-example"), as the tool judged it; else the
// operation's body.
func variantBody(oc *opCtx, example string) *openapi3.SchemaRef {
	vs, _ := conventions.VariantsOf(oc.ref.Op.Extensions)
	for _, v := range vs {
		if !strings.HasPrefix(example, v.OperationID+"-") {
			continue
		}
		name := strings.TrimPrefix(v.RequestBody, "#/components/schemas/")
		if ref := oc.doc.Components.Schemas[name]; ref != nil && name != v.RequestBody {
			return ref
		}
	}
	return oc.body
}

// variantOf is the one branch of s's oneOf that documents every top-level
// field of v, or nil.
func variantOf(s *openapi3.Schema, v any) *openapi3.SchemaRef {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 || len(s.OneOf) == 0 {
		return nil
	}
	var found *openapi3.SchemaRef
	for _, b := range s.OneOf {
		if b == nil || b.Value == nil {
			continue
		}
		all := true
		for k := range m {
			if _, ok := b.Value.Properties[k]; !ok {
				all = false
				break
			}
		}
		if all {
			if found != nil {
				return nil
			}
			found = b
		}
	}
	return found
}

func ruleViolations(ref *openapi3.SchemaRef, v any, prefix string, depth int) []violation {
	if ref == nil || ref.Value == nil || depth > 8 {
		return nil
	}
	var out []violation
	switch x := v.(type) {
	case map[string]any:
		rules, _ := conventions.RulesOf(ref.Value.Extensions)
		for _, r := range rules {
			if !r.Enforceable(ref.Value) {
				continue
			}
			fv := x[r.Field]
			if bad := breaks(ref.Value, r, x); bad != "" {
				out = append(out, violation{prefix + r.Field, "rule " + conds(r), fmt.Sprintf("%q: %s (%s)", fv, bad, r.Text)})
			}
		}
		for _, name := range slices.Sorted(maps.Keys(ref.Value.Properties)) {
			if e, ok := x[name]; ok {
				out = append(out, ruleViolations(ref.Value.Properties[name], e, prefix+name+".", depth+1)...)
			}
		}
	case []any:
		for i, e := range x {
			out = append(out, ruleViolations(ref.Value.Items, e, fmt.Sprintf("%s%d.", prefix, i), depth+1)...)
		}
	}
	return out
}

// undocumented lists the fields of v that no property of the schema names.
func undocumented(ref *openapi3.SchemaRef, v any, prefix string, depth int) []violation {
	if ref == nil || ref.Value == nil || depth > 8 {
		return nil
	}
	s := ref.Value
	if len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) > 0 {
		return nil
	}
	var out []violation
	switch x := v.(type) {
	case map[string]any:
		open := len(s.Properties) == 0 || s.AdditionalProperties.Schema != nil || (s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has)
		for _, k := range slices.Sorted(maps.Keys(x)) {
			p, ok := s.Properties[k]
			if !ok {
				if !open {
					out = append(out, violation{prefix + k, "undocumented", "a field no table documents"})
				}
				continue
			}
			out = append(out, undocumented(p, x[k], prefix+k+".", depth+1)...)
		}
	case []any:
		for i, e := range x {
			out = append(out, undocumented(s.Items, e, fmt.Sprintf("%s%d.", prefix, i), depth+1)...)
		}
	}
	return out
}

// defect is a known contradiction inside the documentation: an example that
// breaks the page's own table or rules.
type defect struct {
	Spec, Operation, Example, Field, Kind string
	Source                                string // page / table / row
	Why                                   string
}

func (d defect) key() string {
	return strings.Join([]string{d.Spec, d.Operation, d.Example, d.Field, d.Kind}, " | ")
}

func examples(t *testing.T, oc *opCtx, c counts, seen map[string]bool) {
	known := map[string]defect{}
	for _, d := range knownDefects {
		known[d.key()] = d
	}
	check := func(where string, schema *openapi3.SchemaRef, v any, exSrc conventions.Source, tool []string) {
		c["examples"]++
		for _, vi := range violations(schema, v) {
			d := defect{Spec: oc.a.spec, Operation: oc.id, Example: where, Field: vi.field, Kind: vi.kind}
			k := d.key()
			if _, ok := known[k]; ok {
				seen[k] = true
				if !toolReported(tool, vi.field) {
					t.Errorf("%s: listed defect, but the spec does not carry it in the example's x-docspec-contradiction (%q)", k, tool)
					continue
				}
				c["defects"]++
				continue
			}
			d.Source = sourceText(exSrc, fieldSource(schema, vi.field))
			d.Why = vi.detail
			if !handReviewed[oc.a.spec] {
				// Derived: the tool must have reported it on the example,
				// and the example must name its page and line.
				switch {
				case !toolReported(tool, vi.field):
					t.Errorf("example breaks its page's schema but the spec does not report it in the example's x-docspec-contradiction:\n\tkey: %s\n\tsource: %s\n\t%s", k, d.Source, vi.detail)
				case exSrc.File == "" || exSrc.Line == 0:
					t.Errorf("%s: reported contradiction without the example's page and line (x-docspec-source)", k)
				default:
					c["defects"]++
				}
				continue
			}
			if *printDefects {
				fmt.Printf("\t{Spec: %q, Operation: %q, Example: %q, Field: %q, Kind: %q,\n\t\tSource: %q,\n\t\tWhy: %q},\n", d.Spec, d.Operation, d.Example, d.Field, d.Kind, d.Source, d.Why)
			}
			t.Errorf("unlisted documentation defect (fix the spec or add it to knownDefects with page/table/row and why):\n\tkey: %s\n\tsource: %s\n\t%s", k, d.Source, vi.detail)
		}
	}
	if oc.body != nil {
		if mt := oc.ref.Op.RequestBody.Value.Content.Get("application/json"); mt != nil {
			for _, ex := range exampleValues(mt) {
				check(fmt.Sprintf("request example %q", ex.name), variantBody(oc, ex.name), ex.value, ex.source, ex.tool)
			}
		}
	}
	for _, p := range oc.params {
		if p.Example != nil && p.Schema != nil {
			check(fmt.Sprintf("parameter %s example", p.Name), p.Schema, jsonClean(p.Example),
				conventions.SourceOf(p.Extensions), conventions.StringsOf(p.Extensions, conventions.KeyContradiction))
		}
	}
	for _, status := range slices.Sorted(maps.Keys(oc.ref.Op.Responses.Map())) {
		r := oc.ref.Op.Responses.Value(status)
		if r == nil || r.Value == nil {
			continue
		}
		mt := r.Value.Content.Get("application/json")
		if mt == nil || mt.Schema == nil {
			continue
		}
		for _, ex := range exampleValues(mt) {
			check(fmt.Sprintf("response %s example %q", status, ex.name), mt.Schema, ex.value, ex.source, ex.tool)
		}
	}
}

var printDefects = flag.Bool("print-defects", false, "print knownDefects entries for unlisted defects (review before pasting)")

// fieldSource is the x-docspec-source of the property at a dotted path.
func fieldSource(ref *openapi3.SchemaRef, field string) conventions.Source {
	cur := ref
	for _, seg := range strings.Split(field, ".") {
		if cur == nil || cur.Value == nil {
			return conventions.Source{}
		}
		if _, err := strconv.Atoi(seg); err == nil && cur.Value.Items != nil {
			cur = cur.Value.Items
			continue
		}
		cur = cur.Value.Properties[seg]
	}
	if cur == nil || cur.Value == nil {
		return conventions.Source{}
	}
	return conventions.SourceOf(cur.Value.Extensions)
}

func sourceText(example, field conventions.Source) string {
	s := ""
	if example != (conventions.Source{}) {
		s = fmt.Sprintf("%v, %q line %v", example.File, example.Section, example.Line)
	}
	if field != (conventions.Source{}) {
		s += fmt.Sprintf(" vs %q row %v", field.Table, field.Row)
	}
	return s
}

// toolReported says whether the spec emitter reported the contradiction on
// the example (x-docspec-contradiction names the field's path).
func toolReported(tool []string, field string) bool {
	for _, e := range tool {
		if field == "(root)" || strings.Contains(e, field+" = ") || strings.Contains(e, field+" ") {
			return true
		}
	}
	return false
}
