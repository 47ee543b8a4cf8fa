package prose

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/docspec/docspec/model"
)

// acc accumulates what the sentences of one scope state: the whole cell, or
// one list item of per-value rules.
type acc struct {
	minLen, maxLen     *int64
	min, max           *float64
	minItems, maxItems *int64
	def                *string
	format             string

	chars      *charSet // allowed characters
	start, end *charSet // first and last character
	patText    []string // sentences the pattern came from

	enum     []string
	enumPrio int // lower wins: 1 explicit list, 2 stated, 3 descriptive list
	enumText string

	condLens []condLen // "16 characters if the aes-128-cfb algorithm is used"

	rules []*model.Rule
	cons  []*model.Constraint
	notU  []string

	hits int // statements understood, for callers that only need to know
}

type condLen struct {
	equals string
	n      int64
	text   string
}

func (a *acc) add(kind, text string) {
	a.hits++
	for _, c := range a.cons {
		if c.Kind == kind && c.Text == text {
			return
		}
	}
	a.cons = append(a.cons, &model.Constraint{Kind: kind, Text: text})
}

func (a *acc) notUnderstood(s string) {
	for _, x := range a.notU {
		if x == s {
			return
		}
	}
	a.notU = append(a.notU, s)
}

func (a *acc) setEnum(vals []string, prio int, text string) {
	if len(vals) == 0 {
		return
	}
	if a.enum == nil || prio < a.enumPrio {
		a.enum, a.enumPrio, a.enumText = vals, prio, text
	}
}

func i64(n int64) *int64     { return &n }
func f64(n float64) *float64 { return &n }
func strp(s string) *string  { return &s }
func (a *acc) lenRange(lo, hi int64) {
	if lo > hi {
		lo, hi = hi, lo
	}
	a.minLen, a.maxLen = i64(lo), i64(hi)
}

// hasValueRule tells whether the scope constrains a string value (what a
// per-value rule can carry).
func (a *acc) hasValueRule() bool {
	return a.minLen != nil || a.maxLen != nil || a.chars != nil || a.start != nil || len(a.condLens) > 0
}

// pattern builds the anchored pattern the scope's character statements give.
func (a *acc) pattern() string {
	if a.chars == nil && a.start == nil && a.end == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("^")
	if a.start != nil {
		b.WriteString(a.start.class())
	}
	body := ".*"
	if a.chars != nil {
		body = a.chars.class() + "*"
	}
	if a.end != nil {
		b.WriteString("(?:" + body + a.end.class() + ")?")
	} else {
		b.WriteString(body)
	}
	b.WriteString("$")
	pat := b.String()
	if !compiles(pat) {
		return ""
	}
	return pat
}

// compiled remembers which patterns compile: the pages state the same few
// character rules over and over, and each is compiled once.
var compiled sync.Map // pattern → bool

func compiles(pat string) bool {
	if ok, seen := compiled.Load(pat); seen {
		return ok.(bool)
	}
	_, err := regexp.Compile(pat)
	compiled.Store(pat, err == nil)
	return err == nil
}

func (p *parser) finish(a *acc) *Result {
	r := &Result{
		Default:   a.def,
		MinLength: a.minLen, MaxLength: a.maxLen,
		Minimum: a.min, Maximum: a.max,
		MinItems: a.minItems, MaxItems: a.maxItems,
		Format:        a.format,
		Rules:         a.rules,
		Constraints:   a.cons,
		NotUnderstood: a.notU,
	}
	r.Pattern = a.pattern()
	if r.Pattern == "" && len(a.patText) > 0 {
		for _, t := range a.patText {
			r.NotUnderstood = append(r.NotUnderstood, t)
		}
	}
	if vals := p.typedEnum(a.enum); len(vals) > 0 {
		r.Enum = vals
	}
	// "16 characters if the aes-128-cfb algorithm is used" outside a list
	// of per-value rules: a rule on that value alone.
	for _, c := range a.condLens {
		r.Rules = append(r.Rules, &model.Rule{When: []*model.Condition{{Equals: c.equals}}, MinLength: i64(c.n), MaxLength: i64(c.n), Pattern: r.Pattern, Text: c.text})
	}
	return r
}

// typedEnum keeps an enumeration only when every value fits the type: a
// boolean's values say nothing, an integer's must be integers.
func (p *parser) typedEnum(vals []string) []string {
	if len(vals) == 0 {
		return nil
	}
	out := make([]string, 0, len(vals))
	seen := map[string]bool{}
	for _, v := range vals {
		switch p.typ {
		case model.TypeBoolean:
			return nil
		case model.TypeObject:
			return nil
		case model.TypeInteger:
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				return nil
			}
		case model.TypeNumber:
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				return nil
			}
		}
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
