package drift

import (
	"fmt"
	"github.com/docspec/docspec/conventions"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// xrule is one entry of x-docspec-rules.
type xrule conventions.Rule

func (r xrule) key() string {
	var conds []string
	for _, w := range r.When {
		conds = append(conds, fmt.Sprintf("%s=%v", w.Field, w.Equals))
	}
	sort.Strings(conds)
	if len(conds) == 0 {
		return r.Field
	}
	return r.Field + " when " + strings.Join(conds, " and ")
}

// rulesOf reads x-docspec-rules, keyed by field and conditions; a repeated
// key gets a #n suffix so nothing is lost.
func rulesOf(s *openapi3.Schema) (map[string]xrule, []int) {
	list, _ := conventions.RulesOf(s.Extensions) // the emitter writes no bad rule; a hand-edited one compares as none
	m := map[string]xrule{}
	var idx []int
	for _, cr := range list {
		r := xrule(cr)
		k := r.key()
		for i := 2; ; i++ {
			if _, dup := m[k]; !dup {
				break
			}
			k = fmt.Sprintf("%s #%d", r.key(), i)
		}
		m[k] = r
		idx = append(idx, len(idx))
	}
	return m, idx
}

func (s scope) compareRules(ov, nv *openapi3.Schema, dir, what, ptr string) {
	om, _ := rulesOf(ov)
	nm, _ := rulesOf(nv)
	if len(om) == 0 && len(nm) == 0 {
		return
	}
	rptr := ptr + "/" + conventions.KeyRules
	id := func(req, resp string) string {
		if dir == "request" {
			return req
		}
		return resp
	}
	all := map[string]bool{}
	for k := range om {
		all[k] = true
	}
	for k := range nm {
		all[k] = true
	}
	for _, k := range slices.Sorted(maps.Keys(all)) {
		o, inOld := om[k]
		n, inNew := nm[k]
		switch {
		case !inOld:
			s.emit(id(RuleRequestRuleAdded, RuleResponseRuleAdded), what, fmt.Sprintf("rule added: %s: %s", k, describeRule(n)), rptr)
		case !inNew:
			s.emit(id(RuleRequestRuleRemoved, RuleResponseRuleRemoved), what, fmt.Sprintf("rule removed: %s: %s", k, describeRule(o)), rptr)
		default:
			narrow, wide, pattern := ruleDelta(o, n)
			if len(narrow) > 0 {
				s.emit(id(RuleRequestRuleNarrowed, RuleResponseRuleNarrowed), what, fmt.Sprintf("rule %s narrowed: %s", k, strings.Join(narrow, ", ")), rptr)
			}
			if len(wide) > 0 {
				s.emit(id(RuleRequestRuleWidened, RuleResponseRuleWidened), what, fmt.Sprintf("rule %s widened: %s", k, strings.Join(wide, ", ")), rptr)
			}
			if pattern != "" {
				s.emit(id(RuleRequestRulePattern, RuleResponseRulePattern), what, fmt.Sprintf("rule %s: %s", k, pattern), rptr)
			}
			if len(narrow) == 0 && len(wide) == 0 && pattern == "" && o.Text != n.Text {
				s.emit(RuleRuleTextChanged, what, fmt.Sprintf("rule %s: text: %s", k, textChange(o.Text, n.Text)), rptr)
			}
		}
	}
}

func describeRule(r xrule) string {
	var parts []string
	if r.MinLength != nil {
		parts = append(parts, fmt.Sprintf("minLength %d", *r.MinLength))
	}
	if r.MaxLength != nil {
		parts = append(parts, fmt.Sprintf("maxLength %d", *r.MaxLength))
	}
	if r.Pattern != "" {
		parts = append(parts, "pattern "+r.Pattern)
	}
	if len(r.Enum) > 0 {
		parts = append(parts, fmt.Sprintf("enum %v", r.Enum))
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%q", r.Text)
	}
	return strings.Join(parts, ", ")
}

// ruleDelta lists the narrowing and widening changes between two rules with
// the same key, and a pattern replaced by another.
func ruleDelta(o, n xrule) (narrow, wide []string, pattern string) {
	bound := func(name string, ov, nv *int64, lowerIsNarrow bool) {
		switch {
		case ov == nil && nv == nil:
		case ov == nil:
			narrow = append(narrow, fmt.Sprintf("%s %d set", name, *nv))
		case nv == nil:
			wide = append(wide, fmt.Sprintf("%s %d unset", name, *ov))
		case *ov == *nv:
		case (*nv < *ov) == lowerIsNarrow:
			narrow = append(narrow, fmt.Sprintf("%s %d → %d", name, *ov, *nv))
		default:
			wide = append(wide, fmt.Sprintf("%s %d → %d", name, *ov, *nv))
		}
	}
	bound("minLength", o.MinLength, n.MinLength, false)
	bound("maxLength", o.MaxLength, n.MaxLength, true)
	switch {
	case o.Pattern == n.Pattern:
	case o.Pattern == "":
		narrow = append(narrow, "pattern "+n.Pattern+" set")
	case n.Pattern == "":
		wide = append(wide, "pattern "+o.Pattern+" unset")
	default:
		pattern = fmt.Sprintf("pattern %s → %s", o.Pattern, n.Pattern)
	}
	if !reflect.DeepEqual(o.Enum, n.Enum) {
		switch {
		case len(o.Enum) == 0:
			narrow = append(narrow, fmt.Sprintf("enum %v set", n.Enum))
		case len(n.Enum) == 0:
			wide = append(wide, fmt.Sprintf("enum %v unset", o.Enum))
		default:
			if rm := anyMinus(o.Enum, n.Enum); len(rm) > 0 {
				narrow = append(narrow, fmt.Sprintf("enum values %v removed", rm))
			}
			if add := anyMinus(n.Enum, o.Enum); len(add) > 0 {
				wide = append(wide, fmt.Sprintf("enum values %v added", add))
			}
		}
	}
	return narrow, wide, pattern
}

func anyMinus(a, b []any) []string {
	set := map[string]bool{}
	for _, x := range b {
		set[fmt.Sprint(x)] = true
	}
	var out []string
	for _, x := range a {
		if !set[fmt.Sprint(x)] {
			out = append(out, fmt.Sprint(x))
		}
	}
	return out
}

func catalogue(doc *openapi3.T) (map[string]conventions.ErrorCode, map[string]int) {
	list := conventions.CatalogueOf(doc.Extensions)
	m, pos := map[string]conventions.ErrorCode{}, map[string]int{}
	for i, e := range list {
		if e.Code == "" {
			continue
		}
		if _, dup := m[e.Code]; dup {
			continue
		}
		m[e.Code], pos[e.Code] = e, i
	}
	return m, pos
}

func (c *comparer) compareCatalogue() {
	om, opos := catalogue(c.old)
	nm, npos := catalogue(c.new)
	all := map[string]bool{}
	for k := range om {
		all[k] = true
	}
	for k := range nm {
		all[k] = true
	}
	for _, code := range slices.Sorted(maps.Keys(all)) {
		o, inOld := om[code]
		n, inNew := nm[code]
		f := Finding{}
		if inOld {
			if l, ok := c.oldIx.line(pointer(conventions.KeyErrorCodes, fmt.Sprint(opos[code]))); ok {
				f.Old = c.oldIx.sourceAt(l)
			}
		}
		if inNew {
			l, ok := c.newIx.line(pointer(conventions.KeyErrorCodes, fmt.Sprint(npos[code])))
			f.Line = l
			if ok {
				f.New = c.newIx.sourceAt(l)
			}
		} else {
			f.Line, _ = c.newIx.line("/" + conventions.KeyErrorCodes)
		}
		emit := func(rule, msg string) {
			g := f
			g.Rule, g.Message = rule, msg
			c.add(g)
		}
		switch {
		case !inOld:
			emit(RuleCatalogueAdded, fmt.Sprintf("error code %s (status %v) added to the catalogue: %s", code, statusOf(n.Status), n.Message))
		case !inNew:
			emit(RuleCatalogueRemoved, fmt.Sprintf("error code %s (status %v) removed from the catalogue", code, statusOf(o.Status)))
		default:
			if statusOf(o.Status) != statusOf(n.Status) {
				emit(RuleCatalogueStatusChanged, fmt.Sprintf("error code %s: status %s → %s", code, statusOf(o.Status), statusOf(n.Status)))
			}
			for _, t := range []struct{ name, o, n string }{
				{"message", o.Message, n.Message}, {"description", o.Description, n.Description}, {"solution", o.Solution, n.Solution},
			} {
				if t.o != t.n {
					emit(RuleCatalogueTextChanged, fmt.Sprintf("error code %s: %s: %s", code, t.name, textChange(t.o, t.n)))
				}
			}
		}
	}
}

func statusOf(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

func (c *comparer) compareInfo() {
	if c.old.Info == nil || c.new.Info == nil {
		return
	}
	for _, t := range []struct{ name, o, n string }{
		{"title", c.old.Info.Title, c.new.Info.Title}, {"description", c.old.Info.Description, c.new.Info.Description},
	} {
		if t.o != t.n {
			l, _ := c.newIx.line(pointer("info", t.name))
			c.add(Finding{Rule: RuleServiceDescription, Message: "info." + t.name + ": " + textChange(t.o, t.n), Line: l})
		}
	}
}
