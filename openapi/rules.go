package openapi

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

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
		v.Field, valueText(v.Value), v.Rule.Text, conditionsText(v.Rule.When), v.Reason)
}

// CheckRules checks obj against conditional rules. A rule applies when every
// condition holds: the condition's field is present and its value, rendered
// as text, equals the condition's value. An applying rule is checked only
// when its field is present: rules constrain values, not presence. Rules are
// checked in order and each yields at most one violation per failed
// constraint.
func CheckRules(obj map[string]any, rules []*model.Rule) []RuleViolation {
	var out []RuleViolation
	for _, r := range rules {
		if r == nil || !ruleApplies(obj, r) {
			continue
		}
		v, ok := obj[r.Field]
		if !ok || v == nil {
			continue
		}
		for _, reason := range ruleFailures(v, r) {
			out = append(out, RuleViolation{Field: r.Field, Value: v, Rule: r, Reason: reason})
		}
	}
	return out
}

func ruleApplies(obj map[string]any, r *model.Rule) bool {
	for _, c := range r.When {
		if c == nil {
			continue
		}
		v, ok := obj[c.Field]
		if !ok || v == nil || scalarText(v) != c.Equals {
			return false
		}
	}
	return true
}

func ruleFailures(v any, r *model.Rule) []string {
	var out []string
	if s, ok := v.(string); ok {
		n := int64(utf8.RuneCountInString(s))
		if r.MinLength != nil && n < *r.MinLength {
			out = append(out, fmt.Sprintf("length %d is below minLength %d", n, *r.MinLength))
		}
		if r.MaxLength != nil && n > *r.MaxLength {
			out = append(out, fmt.Sprintf("length %d is above maxLength %d", n, *r.MaxLength))
		}
		if r.Pattern != "" {
			if re, err := regexp.Compile(r.Pattern); err == nil && !re.MatchString(s) {
				out = append(out, fmt.Sprintf("does not match pattern %s", r.Pattern))
			}
		}
	}
	if len(r.Enum) > 0 && !slices.Contains(r.Enum, scalarText(v)) {
		out = append(out, fmt.Sprintf("is not one of %s", strings.Join(r.Enum, ", ")))
	}
	return out
}

// scalarText renders a JSON value the way a page writes it in a condition.
func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return "null"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func valueText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func conditionsText(cs []*model.Condition) string {
	var parts []string
	for _, c := range cs {
		if c != nil {
			parts = append(parts, c.Field+" = "+c.Equals)
		}
	}
	if len(parts) == 0 {
		return "always"
	}
	return strings.Join(parts, " and ")
}
