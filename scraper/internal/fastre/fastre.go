// Package fastre is package regexp with a prefilter. Most expressions the
// prose readers try match few of the sentences they are tried on, and an
// unanchored expression with no literal prefix is run from every position
// of the text. Before an expression runs, a few substring searches derived
// from its syntax (the literals and small character classes every match
// must contain) rule out texts it cannot match; those get the answer of no
// match, the same answer the expression would give. Everything else is
// the expression's own.
//
// A Regexp has the methods of *regexp.Regexp; the ones that search are
// prefiltered.
package fastre

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Regexp is a compiled expression and its prefilter.
type Regexp struct {
	*regexp.Regexp
	pre *cond // nil: no text can be ruled out
	// foldKS: a case-folded literal holds k or s, onto which (?i) folds
	// the Kelvin sign and the long s; a text with either skips the
	// prefilter.
	foldKS bool
}

// MustCompile is regexp.MustCompile, with the prefilter.
func MustCompile(expr string) *Regexp {
	re := &Regexp{Regexp: regexp.MustCompile(expr)}
	// regexp.Compile parses with syntax.Perl and simplifies.
	t, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		panic("fastre: " + err.Error()) // regexp.MustCompile has accepted it
	}
	c := re.of(t.Simplify())
	if c.op != opTrue {
		re.pre = c
	}
	return re
}

// QuoteMeta is regexp.QuoteMeta.
func QuoteMeta(s string) string { return regexp.QuoteMeta(s) }

// cond is what a text must contain for an expression to match it, on the
// text with ASCII letters lowered.
type cond struct {
	op   int
	lit  string // opLit: a substring; opAny: one of these runes
	subs []*cond
}

const (
	opTrue = iota // any text
	opLit
	opAny
	opAnd
	opOr
)

var always = &cond{op: opTrue}

// maxClass is the largest character class that becomes a condition.
const maxClass = 16

func (re *Regexp) of(t *syntax.Regexp) *cond {
	switch t.Op {
	case syntax.OpLiteral:
		fold := t.Flags&syntax.FoldCase != 0
		var parts []*cond
		var b strings.Builder
		flush := func() {
			if b.Len() > 0 {
				parts = append(parts, &cond{op: opLit, lit: b.String()})
				b.Reset()
			}
		}
		for _, r := range t.Rune {
			switch {
			case r < utf8.RuneSelf:
				if fold && (r == 'k' || r == 'K' || r == 's' || r == 'S') {
					re.foldKS = true
				}
				b.WriteByte(lowerByte(byte(r)))
			case fold && unicode.SimpleFold(r) != r:
				// A rune with other cases: left out of the literal.
				flush()
			default:
				b.WriteRune(r)
			}
		}
		flush()
		return and(parts)
	case syntax.OpCharClass:
		n := 0
		for i := 0; i+1 < len(t.Rune); i += 2 {
			n += int(t.Rune[i+1]-t.Rune[i]) + 1
			if n > maxClass {
				return always
			}
		}
		if n == 0 {
			return always
		}
		var b strings.Builder
		for i := 0; i+1 < len(t.Rune); i += 2 {
			for r := t.Rune[i]; r <= t.Rune[i+1]; r++ {
				if r < utf8.RuneSelf {
					b.WriteByte(lowerByte(byte(r)))
				} else {
					b.WriteRune(r)
				}
			}
		}
		return &cond{op: opAny, lit: b.String()}
	case syntax.OpCapture, syntax.OpPlus:
		return re.of(t.Sub[0])
	case syntax.OpRepeat:
		if t.Min >= 1 {
			return re.of(t.Sub[0])
		}
		return always
	case syntax.OpConcat:
		var parts []*cond
		for _, s := range t.Sub {
			parts = append(parts, re.of(s))
		}
		return and(parts)
	case syntax.OpAlternate:
		var parts []*cond
		for _, s := range t.Sub {
			c := re.of(s)
			if c.op == opTrue {
				return always
			}
			if c.op == opOr {
				parts = append(parts, c.subs...)
			} else {
				parts = append(parts, c)
			}
		}
		return &cond{op: opOr, subs: parts}
	}
	// Empty-width assertions, any character, stars and the rest: nothing
	// a match must contain.
	return always
}

func and(parts []*cond) *cond {
	var out []*cond
	for _, p := range parts {
		switch p.op {
		case opTrue:
		case opAnd:
			out = append(out, p.subs...)
		default:
			out = append(out, p)
		}
	}
	switch len(out) {
	case 0:
		return always
	case 1:
		return out[0]
	}
	return &cond{op: opAnd, subs: out}
}

func (c *cond) holds(low string) bool {
	switch c.op {
	case opLit:
		return strings.Contains(low, c.lit)
	case opAny:
		return strings.ContainsAny(low, c.lit)
	case opAnd:
		for _, s := range c.subs {
			if !s.holds(low) {
				return false
			}
		}
		return true
	case opOr:
		for _, s := range c.subs {
			if s.holds(low) {
				return true
			}
		}
		return false
	}
	return true
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// lowered is a text with its ASCII letters lowered, and whether it holds
// a rune that (?i) folds onto k or s.
type lowered struct {
	text, low string
	ks        bool
}

// recent are the last texts that had letters to lower, newest first: the
// readers try expressions in turn on a sentence and on what is left of it.
// The four are held by value, so that one allocation makes the next set
// and an old set holds no other. A text with nothing to lower is not
// kept: it costs no allocation.
var recent atomic.Pointer[[4]lowered]

func lower(s string) lowered {
	old := recent.Load()
	if old != nil {
		for i := range old {
			if l := old[i]; l.low != "" && l.text == s {
				return l
			}
		}
	}
	l := lowered{text: s, low: s}
	var b []byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'A' <= c && c <= 'Z':
			if b == nil {
				b = []byte(s)
			}
			b[i] = lowerByte(c)
		case c == 0xC5 && i+1 < len(s) && s[i+1] == 0xBF, // ſ
			c == 0xE2 && i+2 < len(s) && s[i+1] == 0x84 && s[i+2] == 0xAA: // K
			l.ks = true
		}
	}
	if b == nil {
		return l
	}
	l.low = unsafe.String(&b[0], len(b)) // b is not written again
	next := new([4]lowered)
	next[0] = l
	if old != nil {
		copy(next[1:], old[:3])
	}
	recent.Store(next)
	return l
}

// May reports whether the expression may match s: false only when no
// match is possible.
func (re *Regexp) May(s string) bool {
	if re.pre == nil {
		return true
	}
	l := lower(s)
	if re.foldKS && l.ks || re.pre.holds(l.low) {
		return true
	}
	if verifying.Load() && re.Regexp.MatchString(s) {
		mu.Lock()
		missed = append(missed, Miss{re.String(), s})
		mu.Unlock()
		return true
	}
	return false
}

// Miss is a text the prefilter ruled out that the expression matches.
type Miss struct{ Expr, Text string }

var (
	verifying atomic.Bool
	mu        sync.Mutex
	missed    []Miss
)

// Verify makes every text the prefilter rules out be tried on the
// expression too, and recorded when it matches; tests turn it on, read
// Missed, and turn it off.
func Verify(on bool) {
	verifying.Store(on)
	mu.Lock()
	missed = nil
	mu.Unlock()
}

// Missed lists the texts the prefilter ruled out wrongly since Verify.
func Missed() []Miss {
	mu.Lock()
	defer mu.Unlock()
	return append([]Miss(nil), missed...)
}

func (re *Regexp) MatchString(s string) bool {
	return re.May(s) && re.Regexp.MatchString(s)
}

func (re *Regexp) FindString(s string) string {
	if !re.May(s) {
		return ""
	}
	return re.Regexp.FindString(s)
}

func (re *Regexp) FindStringIndex(s string) []int {
	if !re.May(s) {
		return nil
	}
	return re.Regexp.FindStringIndex(s)
}

func (re *Regexp) FindStringSubmatch(s string) []string {
	if !re.May(s) {
		return nil
	}
	return re.Regexp.FindStringSubmatch(s)
}

func (re *Regexp) FindStringSubmatchIndex(s string) []int {
	if !re.May(s) {
		return nil
	}
	return re.Regexp.FindStringSubmatchIndex(s)
}

func (re *Regexp) FindAllString(s string, n int) []string {
	if !re.May(s) {
		return nil
	}
	return re.Regexp.FindAllString(s, n)
}

func (re *Regexp) FindAllStringIndex(s string, n int) [][]int {
	if !re.May(s) {
		return nil
	}
	return re.Regexp.FindAllStringIndex(s, n)
}

func (re *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	if !re.May(s) {
		return nil
	}
	return re.Regexp.FindAllStringSubmatch(s, n)
}

func (re *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if !re.May(s) {
		return nil
	}
	return re.Regexp.FindAllStringSubmatchIndex(s, n)
}

func (re *Regexp) ReplaceAllString(s, repl string) string {
	if !re.May(s) {
		return s
	}
	return re.Regexp.ReplaceAllString(s, repl)
}

func (re *Regexp) ReplaceAllLiteralString(s, repl string) string {
	if !re.May(s) {
		return s
	}
	return re.Regexp.ReplaceAllLiteralString(s, repl)
}

func (re *Regexp) ReplaceAllStringFunc(s string, f func(string) string) string {
	if !re.May(s) {
		return s
	}
	return re.Regexp.ReplaceAllStringFunc(s, f)
}

// Split is regexp's: with no match, the text itself.
func (re *Regexp) Split(s string, n int) []string {
	if n != 0 && !re.May(s) {
		return []string{s}
	}
	return re.Regexp.Split(s, n)
}
