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
	for i := range sets {
		if field, err := sets[i].check(v, sets[i].path); err != nil {
			return field, err
		}
	}
	return "", nil
}

// check applies the set's rules to every object at path below v.
func (rs *compiledRules) check(v any, path []string) (string, error) {
	if len(path) == 0 {
		fields, ok := v.(map[string]any)
		if !ok {
			return "", nil
		}
		obj := conventions.Object{Fields: fields, Defaults: rs.defaults}
		for _, r := range rs.rules {
			if broken := r.Check(obj); len(broken) > 0 {
				return r.Field, fmt.Errorf("%s %s when %s (%s)", r.Field, strings.Join(broken, ", "), r.Conditions(), r.Text)
			}
		}
		return "", nil
	}
	switch x := v.(type) {
	case []any:
		if path[0] == "*" {
			for _, e := range x {
				if field, err := rs.check(e, path[1:]); err != nil {
					return field, err
				}
			}
		}
	case map[string]any:
		if e, ok := x[path[0]]; ok && path[0] != "*" {
			return rs.check(e, path[1:])
		}
	}
	return "", nil
}
