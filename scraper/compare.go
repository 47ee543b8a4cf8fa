package scraper

import (
	"fmt"
	"sort"
	"strings"

	"github.com/docspec/docspec/model"
)

// CompareOperations lists the real disagreements between two readings of one
// operation: everything but wording (descriptions, summaries, example
// summaries) and provenance. Two renderings of the same page must compare
// equal.
func CompareOperations(a, b *model.Operation) []string {
	var d []string
	add := func(f string, args ...any) { d = append(d, fmt.Sprintf(f, args...)) }
	if a.ID != b.ID {
		add("operation name %s vs %s", a.ID, b.ID)
	}
	if a.Method != b.Method || a.Path != b.Path {
		add("%s %s vs %s %s", a.Method, a.Path, b.Method, b.Path)
	}
	pa, pb := paramMap(a), paramMap(b)
	for _, k := range unionKeys(pa, pb) {
		x, y := pa[k], pb[k]
		switch {
		case x == nil:
			add("parameter %s only in the second", k)
		case y == nil:
			add("parameter %s only in the first", k)
		default:
			if x.Required != y.Required {
				add("parameter %s required %v vs %v", k, x.Required, y.Required)
			}
			compareSchema("parameter "+k, x.Schema, y.Schema, add)
		}
	}
	var sa, sb *model.Schema
	if a.RequestBody != nil {
		sa = a.RequestBody.Schema
	}
	if b.RequestBody != nil {
		sb = b.RequestBody.Schema
	}
	compareSchema("request body", sa, sb, add)
	ra, rb := respMap(a), respMap(b)
	for _, k := range unionKeys(ra, rb) {
		x, y := ra[k], rb[k]
		switch {
		case x == nil:
			add("response %s only in the second", k)
		case y == nil:
			add("response %s only in the first", k)
		default:
			var xs, ys *model.Schema
			if x.Body != nil {
				xs = x.Body.Schema
			}
			if y.Body != nil {
				ys = y.Body.Schema
			}
			compareSchema("response "+k, xs, ys, add)
			if strings.Join(sorted(x.ErrorCodes), ",") != strings.Join(sorted(y.ErrorCodes), ",") {
				add("response %s error codes %v vs %v", k, x.ErrorCodes, y.ErrorCodes)
			}
		}
	}
	return d
}

func sorted(xs []string) []string {
	out := append([]string(nil), xs...)
	sort.Strings(out)
	return out
}

func paramMap(op *model.Operation) map[string]*model.Parameter {
	m := map[string]*model.Parameter{}
	for _, p := range op.Parameters {
		m[p.In+" "+strings.ToLower(p.Name)] = p
	}
	return m
}

func respMap(op *model.Operation) map[string]*model.Response {
	m := map[string]*model.Response{}
	for _, r := range op.Responses {
		m[r.Status] = r
	}
	return m
}

func unionKeys[V any](a, b map[string]V) []string {
	seen := map[string]bool{}
	var out []string
	for k := range a {
		seen[k] = true
		out = append(out, k)
	}
	for k := range b {
		if !seen[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func compareSchema(where string, a, b *model.Schema, add func(string, ...any)) {
	if a == nil || b == nil {
		if (a == nil) != (b == nil) {
			add("%s present in one reading only", where)
		}
		return
	}
	if a.Type != b.Type || a.Format != b.Format {
		add("%s type %s/%s vs %s/%s", where, a.Type, a.Format, b.Type, b.Format)
	}
	if strings.Join(a.Enum, ",") != strings.Join(b.Enum, ",") {
		add("%s enum %v vs %v", where, a.Enum, b.Enum)
	}
	if !eqI(a.MinLength, b.MinLength) || !eqI(a.MaxLength, b.MaxLength) {
		add("%s length %s vs %s", where, rng(a.MinLength, a.MaxLength), rng(b.MinLength, b.MaxLength))
	}
	if !eqF(a.Minimum, b.Minimum) || !eqF(a.Maximum, b.Maximum) {
		add("%s range differs", where)
	}
	if a.Pattern != b.Pattern {
		add("%s pattern %q vs %q", where, a.Pattern, b.Pattern)
	}
	if !eqS(a.Default, b.Default) {
		add("%s default differs", where)
	}
	if len(a.Rules) != len(b.Rules) {
		add("%s has %d vs %d per-value rules", where, len(a.Rules), len(b.Rules))
	} else {
		for i := range a.Rules {
			if ruleKey(a.Rules[i]) != ruleKey(b.Rules[i]) {
				add("%s rule %s vs %s", where, ruleKey(a.Rules[i]), ruleKey(b.Rules[i]))
			}
		}
	}
	compareSchema(where+"[]", a.Items, b.Items, func(f string, args ...any) {
		if a.Items != nil || b.Items != nil {
			add(f, args...)
		}
	})
	pa, pb := map[string]*model.Property{}, map[string]*model.Property{}
	for _, p := range a.Properties {
		pa[p.Name] = p
	}
	for _, p := range b.Properties {
		pb[p.Name] = p
	}
	for _, k := range unionKeys(pa, pb) {
		x, y := pa[k], pb[k]
		switch {
		case x == nil:
			add("%s field %s only in the second", where, k)
		case y == nil:
			add("%s field %s only in the first", where, k)
		default:
			if x.Required != y.Required {
				add("%s field %s required %v vs %v", where, k, x.Required, y.Required)
			}
			compareSchema(where+"."+k, x.Schema, y.Schema, add)
		}
	}
}

func ruleKey(r *model.Rule) string {
	var w []string
	for _, c := range r.When {
		w = append(w, c.Field+"="+c.Equals)
	}
	return fmt.Sprintf("%s when %s: %s %q %v", r.Field, strings.Join(w, "&"), rng(r.MinLength, r.MaxLength), r.Pattern, r.Enum)
}

func rng(a, b *int64) string {
	s := func(p *int64) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	return s(a) + ".." + s(b)
}

func eqI(a, b *int64) bool   { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
func eqF(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
func eqS(a, b *string) bool  { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
