package openapi

import (
	"encoding/json"
	"fmt"
	"github.com/docspec/docspec/conventions"

	"github.com/docspec/docspec/model"
)

// RuleViolation is one conditional rule an object breaks.
type RuleViolation struct {
	Field  string      // the constrained field
	Value  any         // its value in the object
	Rule   *model.Rule // the rule that applies and fails
	Reason string      // what fails: "length 18 is above maxLength 16", ...
}

// String renders the violation for a diagnostic message.
func (v RuleViolation) String() string {
	return fmt.Sprintf("%s = %s breaks rule %q (when %s): %s",
		v.Field, valueText(v.Value), v.Rule.Text, conventionRule(v.Rule).Conditions(), v.Reason)
}

// CheckRules checks obj, whose fields have the documented defaults, against
// conditional rules with conventions.Rule's one semantics (Applies, Check).
// Rules are checked in order and each yields at most one violation per
// failed constraint.
func CheckRules(obj conventions.Object, rules []*model.Rule) []RuleViolation {
	var out []RuleViolation
	for _, r := range rules {
		if r == nil {
			continue
		}
		for _, reason := range conventionRule(r).Check(obj) {
			out = append(out, RuleViolation{Field: r.Field, Value: obj.Fields[r.Field], Rule: r, Reason: reason})
		}
	}
	return out
}

// conventionRule is r as the conventions state it, values as the page
// writes them.
func conventionRule(r *model.Rule) conventions.Rule {
	cr := conventions.Rule{Field: r.Field, When: []conventions.Condition{}, MinLength: r.MinLength, MaxLength: r.MaxLength, Pattern: r.Pattern, Text: r.Text}
	for _, c := range r.When {
		if c != nil {
			cr.When = append(cr.When, conventions.Condition{Field: c.Field, Equals: c.Equals})
		}
	}
	for _, e := range r.Enum {
		cr.Enum = append(cr.Enum, e)
	}
	return cr
}

// defaults are the documented defaults of an object's fields, as text.
func defaults(ms *model.Schema) map[string]any {
	var out map[string]any
	for _, p := range ms.Properties {
		if p != nil && p.Schema != nil && p.Schema.Default != nil {
			if out == nil {
				out = map[string]any{}
			}
			out[p.Name] = *p.Schema.Default
		}
	}
	return out
}

func valueText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
