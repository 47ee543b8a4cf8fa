package apiruntime

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/docspec/docspec/conventions"
)

// compiledRules is a RuleSet read back into conventions' rules, whose one
// Check the runtime applies.
type compiledRules struct {
	path     []string
	defaults map[string]any
	rules    []conventions.Rule
}

func compileRuleSets(sets []RuleSet) ([]compiledRules, error) {
	out := make([]compiledRules, 0, len(sets))
	for _, rs := range sets {
		cr := compiledRules{path: rs.Path}
		if rs.Defaults != "" {
			if err := json.Unmarshal([]byte(rs.Defaults), &cr.defaults); err != nil {
				return nil, fmt.Errorf("rules at %s: defaults: %w", where(rs.Path), err)
			}
		}
		raw := make([]any, len(rs.Rules))
		for i, r := range rs.Rules {
			if err := json.Unmarshal([]byte(r), &raw[i]); err != nil {
				return nil, fmt.Errorf("rules at %s: %w", where(rs.Path), err)
			}
		}
		rules, err := conventions.RulesOf(map[string]any{conventions.KeyRules: raw})
		if err != nil {
			return nil, fmt.Errorf("rules at %s: %w", where(rs.Path), err)
		}
		cr.rules = rules
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
		eachObject(v, rs.path, func(fields map[string]any) bool {
			obj := conventions.Object{Fields: fields, Defaults: rs.defaults}
			for _, r := range rs.rules {
				if broken := r.Check(obj); len(broken) > 0 {
					field = r.Field
					err = fmt.Errorf("%s %s when %s (%s)", r.Field, strings.Join(broken, ", "), r.Conditions(), r.Text)
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
