package apiruntime

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// Rule is one x-docspec-rules entry as the spec writes it.
type Rule struct {
	Field     string      `json:"field"`
	When      []Condition `json:"when"`
	MinLength *int        `json:"minLength,omitempty"`
	MaxLength *int        `json:"maxLength,omitempty"`
	Pattern   string      `json:"pattern,omitempty"`
	Enum      []any       `json:"enum,omitempty"`
	Text      string      `json:"text,omitempty"`
}

// Condition is one `when` entry of a Rule.
type Condition struct {
	Field  string `json:"field"`
	Equals any    `json:"equals"`
}

// ReadRules reads the x-docspec-rules of an object schema.
func ReadRules(s *openapi3.Schema) ([]Rule, error) {
	raw, ok := s.Extensions["x-docspec-rules"]
	if !ok {
		return nil, nil
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	var rules []Rule
	if err := json.Unmarshal(b, &rules); err != nil {
		return nil, fmt.Errorf("x-docspec-rules: %w", err)
	}
	for i, r := range rules {
		if r.Field == "" {
			return nil, fmt.Errorf("x-docspec-rules[%d]: no field", i)
		}
		if r.Pattern != "" {
			if _, err := regexp.Compile(r.Pattern); err != nil {
				return nil, fmt.Errorf("x-docspec-rules[%d] (%s): pattern: %w", i, r.Field, err)
			}
		}
	}
	return rules, nil
}

// Applicable reports whether rule r can hold on objects of schema s: its
// field and every condition field are properties of s, and a length or
// pattern constrains a string (an enum, a scalar). A rule the spec attached
// to the wrapper of the object it is about cannot hold and is not enforced.
func Applicable(s *openapi3.Schema, r Rule) bool {
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

// RuleValue is a rule's enum or condition value v as a value of the field's
// type: the emitter writes them as text ("0", "true") whatever the field.
func RuleValue(s *openapi3.Schema, field string, v any) any {
	str, ok := v.(string)
	p := s.Properties[field]
	if !ok || p == nil || p.Value == nil || p.Value.Type == nil {
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

// compiledRules is a RuleSet with its patterns compiled.
type compiledRules struct {
	path  []string
	rules []compiledRule
}

type compiledRule struct {
	FieldRule
	re *regexp.Regexp
}

func compileRuleSets(sets []RuleSet) ([]compiledRules, error) {
	out := make([]compiledRules, 0, len(sets))
	for _, rs := range sets {
		cr := compiledRules{path: rs.Path}
		for _, r := range rs.Rules {
			c := compiledRule{FieldRule: r}
			if r.Pattern != "" {
				re, err := regexp.Compile(r.Pattern)
				if err != nil {
					return nil, fmt.Errorf("rule on %s: pattern: %w", r.Field, err)
				}
				c.re = re
			}
			cr.rules = append(cr.rules, c)
		}
		out = append(out, cr)
	}
	return out, nil
}

// checkRules applies every rule to the decoded body v; the first broken
// rule is returned with its field.
func checkRules(sets []compiledRules, v any) (string, error) {
	for _, rs := range sets {
		var err error
		field := ""
		eachObject(v, rs.path, func(obj map[string]any) bool {
			for _, ru := range rs.rules {
				if err = ru.check(obj); err != nil {
					field = ru.Field
					return false
				}
			}
			return true
		})
		if err != nil {
			return field, err
		}
	}
	return "", nil
}

// eachObject calls f on every object at path below v until f returns false.
func eachObject(v any, path []string, f func(map[string]any) bool) bool {
	if len(path) == 0 {
		if m, ok := v.(map[string]any); ok {
			return f(m)
		}
		return true
	}
	switch x := v.(type) {
	case []any:
		if path[0] == "*" {
			for _, e := range x {
				if !eachObject(e, path[1:], f) {
					return false
				}
			}
		}
	case map[string]any:
		if e, ok := x[path[0]]; ok && path[0] != "*" {
			return eachObject(e, path[1:], f)
		}
	}
	return true
}

// applies: every condition holds, a missing field counting as its default.
func (ru compiledRule) applies(obj map[string]any) bool {
	for _, c := range ru.When {
		lit := c.Default
		if v, ok := obj[c.Field]; ok {
			lit = jsonLiteral(v)
		}
		if lit == "" || lit != c.Equals {
			return false
		}
	}
	return true
}

func (ru compiledRule) check(obj map[string]any) error {
	v, ok := obj[ru.Field]
	if !ok || !ru.applies(obj) {
		return nil
	}
	if len(ru.Enum) > 0 {
		lit, found := jsonLiteral(v), false
		for _, e := range ru.Enum {
			found = found || e == lit
		}
		if !found {
			return fmt.Errorf("%s: value %s is not one of %v (%s)", ru.Field, lit, ru.Enum, ru.Text)
		}
	}
	s, isString := v.(string)
	if !isString {
		return nil
	}
	n := utf8.RuneCountInString(s)
	if ru.MinLength >= 0 && n < ru.MinLength {
		return fmt.Errorf("%s: %d characters, at least %d (%s)", ru.Field, n, ru.MinLength, ru.Text)
	}
	if ru.MaxLength >= 0 && n > ru.MaxLength {
		return fmt.Errorf("%s: %d characters, at most %d (%s)", ru.Field, n, ru.MaxLength, ru.Text)
	}
	if ru.re != nil && !ru.re.MatchString(s) {
		return fmt.Errorf("%s: does not match %s (%s)", ru.Field, ru.Pattern, ru.Text)
	}
	return nil
}

// jsonLiteral writes a decoded JSON value back as its literal. Strings and
// numbers (json.Number, as the body decoder keeps them) take a fast path.
func jsonLiteral(v any) string {
	switch x := v.(type) {
	case json.Number:
		return canonicalNumber(x)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return "null"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// canonicalNumber writes n as json.Marshal writes the float64 it denotes,
// the form the table's literals have ("1", "0.5").
func canonicalNumber(n json.Number) string {
	f, err := n.Float64()
	if err != nil {
		return n.String()
	}
	b, _ := json.Marshal(f)
	return string(b)
}
