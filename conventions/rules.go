package conventions

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// Rule is one x-docspec-rules entry: a constraint on Field that holds when
// every condition in When holds ("aes: 16 characters if the aes-128-cfb
// algorithm is used" is one rule with two conditions). Condition and enum
// values are compared as the page writes them (see Equal), so "0" and 0 and
// "true" and true are one value.
type Rule struct {
	Field     string      `json:"field"`
	When      []Condition `json:"when"`
	MinLength *int64      `json:"minLength,omitempty"`
	MaxLength *int64      `json:"maxLength,omitempty"`
	Pattern   string      `json:"pattern,omitempty"`
	Enum      []any       `json:"enum,omitempty"`
	Text      string      `json:"text"`

	re Matcher // Pattern, compiled by RulesOf (CompilePattern)
}

// Condition is "field Field has value Equals". A Field written "../name"
// names a field of the enclosing object (for array items, the object that
// holds the array); each "../" climbs one level.
type Condition struct {
	Field  string `json:"field"`
	Equals any    `json:"equals"`
}

// Object is a JSON object a rule is checked on: its fields, the documented
// defaults of its fields (field → value), and the object that encloses it,
// for conditions on "../" fields. Parent may be nil.
type Object struct {
	Fields   map[string]any
	Defaults map[string]any
	Parent   *Object
}

// Applies reports whether every condition of r holds on obj. A condition
// holds when its field's value — or, when the field is absent or null, the
// field's documented default — equals the condition's value. A condition
// whose field has neither value nor default does not hold, nor does one on
// "../" beyond the outermost object.
func (r Rule) Applies(obj Object) bool {
	for _, c := range r.When {
		v, ok := obj.lookup(c.Field)
		if !ok || !Equal(v, c.Equals) {
			return false
		}
	}
	return true
}

func (o Object) lookup(field string) (any, bool) {
	cur := &o
	for strings.HasPrefix(field, "../") {
		field = field[len("../"):]
		if cur = cur.Parent; cur == nil {
			return nil, false
		}
	}
	if v, ok := cur.Fields[field]; ok && v != nil {
		return v, true
	}
	v, ok := cur.Defaults[field]
	return v, ok && v != nil
}

// Check lists how obj breaks r: nothing when r does not apply, when the
// field is absent or null (rules constrain values, not presence), or when
// the value holds. Lengths count characters (runes) and, with the pattern,
// constrain text only; the enumeration constrains any value.
func (r Rule) Check(obj Object) []string {
	v, ok := obj.Fields[r.Field]
	if !ok || v == nil || !r.Applies(obj) {
		return nil
	}
	var out []string
	if s, ok := v.(string); ok {
		n := int64(utf8.RuneCountInString(s))
		if r.MinLength != nil && n < *r.MinLength {
			out = append(out, fmt.Sprintf("length %d is below minLength %d", n, *r.MinLength))
		}
		if r.MaxLength != nil && n > *r.MaxLength {
			out = append(out, fmt.Sprintf("length %d is above maxLength %d", n, *r.MaxLength))
		}
		if re := r.pattern(); re != nil && !re.MatchString(s) {
			out = append(out, fmt.Sprintf("does not match pattern %s", r.Pattern))
		}
	}
	if len(r.Enum) > 0 && !r.inEnum(v) {
		out = append(out, fmt.Sprintf("is not one of %s", r.enumText()))
	}
	return out
}

func (r Rule) pattern() Matcher {
	if r.re != nil || r.Pattern == "" {
		return r.re
	}
	re, err := CompilePattern(r.Pattern) // RulesOf refuses a bad pattern; a hand-built Rule's is ignored
	if err != nil {
		return nil
	}
	return re
}

func (r Rule) inEnum(v any) bool {
	for _, e := range r.Enum {
		if Equal(v, e) {
			return true
		}
	}
	return false
}

func (r Rule) enumText() string {
	l := make([]string, len(r.Enum))
	for i, e := range r.Enum {
		l[i] = Text(e)
	}
	return strings.Join(l, ", ")
}

// Conditions renders r's conditions: "sign_type = hmac and …", or "always".
func (r Rule) Conditions() string {
	var parts []string
	for _, c := range r.When {
		parts = append(parts, c.Field+" = "+Text(c.Equals))
	}
	if len(parts) == 0 {
		return "always"
	}
	return strings.Join(parts, " and ")
}

// Equal compares two JSON values as a page writes them: by their text, and
// numbers by value ("1.0" equals 1).
func Equal(a, b any) bool {
	if sa, ok := a.(string); ok {
		if sb, ok := b.(string); ok {
			return sa == sb
		}
	}
	ta, tb := Text(a), Text(b)
	if ta == tb {
		return true
	}
	if !isNumber(a) && !isNumber(b) { // text only: no number to compare (and no parse on the hot path)
		return false
	}
	fa, ea := strconv.ParseFloat(ta, 64)
	fb, eb := strconv.ParseFloat(tb, 64)
	return (isNumber(a) || isNumber(b)) && ea == nil && eb == nil && fa == fb
}

func isNumber(v any) bool {
	switch v.(type) {
	case float64, float32, int, int64, int32, interface{ Float64() (float64, error) }:
		return true
	}
	return false
}

// Text renders a scalar JSON value the way a page writes it in a table:
// text as is, numbers in their shortest form, true/false, null.
func Text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case fmt.Stringer: // json.Number
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return "null"
	case int, int64, int32:
		return fmt.Sprint(x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// SetRules writes x-docspec-rules, unless rules is empty.
func SetRules(ext *map[string]any, rules []Rule) {
	if len(rules) == 0 {
		return
	}
	out := make([]any, len(rules))
	for i, r := range rules {
		out[i] = r.value()
	}
	Set(ext, KeyRules, out)
}

// value is r as a loader gives it back; when is always written.
func (r Rule) value() map[string]any {
	when := make([]any, len(r.When))
	for i, c := range r.When {
		when[i] = map[string]any{"field": c.Field, "equals": c.Equals}
	}
	m := map[string]any{"field": r.Field, "when": when, "text": r.Text}
	if r.MinLength != nil {
		m["minLength"] = *r.MinLength
	}
	if r.MaxLength != nil {
		m["maxLength"] = *r.MaxLength
	}
	if r.Pattern != "" {
		m["pattern"] = r.Pattern
	}
	if len(r.Enum) > 0 {
		m["enum"] = append([]any(nil), r.Enum...)
	}
	return m
}

// RulesOf reads the x-docspec-rules of an object schema's extensions. A rule
// without a field or with a pattern that is not a Go regexp is an error
// naming its index.
func RulesOf(ext map[string]any) ([]Rule, error) {
	var rules []Rule
	if ok, err := Get(ext, KeyRules, &rules); !ok || err != nil {
		return nil, err
	}
	for i := range rules {
		r := &rules[i]
		if r.Field == "" {
			return nil, fmt.Errorf("%s[%d]: no field", KeyRules, i)
		}
		if r.Pattern != "" {
			re, err := CompilePattern(r.Pattern)
			if err != nil {
				return nil, fmt.Errorf("%s[%d] (%s): pattern: %w", KeyRules, i, r.Field, err)
			}
			r.re = re
		}
	}
	return rules, nil
}

// ObjectOf is obj as an Object of schema s: the defaults are the properties'
// documented defaults.
func ObjectOf(s *openapi3.Schema, obj map[string]any, parent *Object) Object {
	o := Object{Fields: obj, Parent: parent}
	if s == nil {
		return o
	}
	for name, p := range s.Properties {
		if p != nil && p.Value != nil && p.Value.Default != nil {
			if o.Defaults == nil {
				o.Defaults = map[string]any{}
			}
			o.Defaults[name] = p.Value.Default
		}
	}
	return o
}

// Enforceable reports whether r can hold on objects of schema s: its field
// and every condition field are properties of s, and a length or pattern
// constrains a string (an enum, a scalar). A rule the emitter attached to
// the wrapper of the object it is about, or with a condition on "../", is
// stated in the spec but not enforced by the generated server.
func (r Rule) Enforceable(s *openapi3.Schema) bool {
	if s == nil {
		return false
	}
	fs := s.Properties[r.Field]
	if fs == nil || fs.Value == nil {
		return false
	}
	for _, c := range r.When {
		if p := s.Properties[c.Field]; p == nil || p.Value == nil {
			return false
		}
	}
	t := fs.Value.Type
	if t != nil && (t.Is("object") || t.Is("array")) {
		return false
	}
	if (r.MinLength != nil || r.MaxLength != nil || r.Pattern != "") && t != nil && !t.Is("string") {
		return false
	}
	return true
}

// Typed is a rule's enum or condition value v as a value of the type of
// schema s's property field: the emitter may write them as text ("0",
// "true") whatever the field, and a request built from them must carry
// the field's type.
func Typed(s *openapi3.Schema, field string, v any) any {
	str, ok := v.(string)
	if !ok || s == nil {
		return v
	}
	p := s.Properties[field]
	if p == nil || p.Value == nil || p.Value.Type == nil {
		return v
	}
	switch {
	case p.Value.Type.Is("integer") || p.Value.Type.Is("number"):
		if f, err := strconv.ParseFloat(str, 64); err == nil {
			return f
		}
	case p.Value.Type.Is("boolean"):
		if b, err := strconv.ParseBool(str); err == nil {
			return b
		}
	}
	return v
}
