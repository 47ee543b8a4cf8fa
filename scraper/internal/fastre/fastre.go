// Package fastre is package regexp with a prefilter. Most expressions the
// prose readers try match few of the sentences they are tried on, and an
// unanchored expression with no literal prefix is run from every position
// of the text. Before an expression runs, a few substring searches derived
// from its syntax (the literals and small character classes every match
// must contain) rule out texts it cannot match; those get the answer of no
// match, the same answer the expression would give. Most are ruled out
// before any search, by a summary of the text made once: the bytes it
// holds and the pairs of bytes next to each other in it. Everything else
// is the expression's own.
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
		c.summarize()
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
	// need is what the text's summary must hold for the condition to be
	// worth a search: opLit the pairs of its bytes (of a literal of one
	// byte, the byte), opAny of ASCII runes only its bytes, one of which
	// decides.
	need  bits
	ascii bool // opAny: every rune is ASCII
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

// summarize fills in what holds checks before it searches.
func (c *cond) summarize() {
	switch c.op {
	case opLit:
		if len(c.lit) == 1 {
			c.need.add(c.lit[0])
		}
		for i := 1; i < len(c.lit); i++ {
			c.need.add(pair(c.lit[i-1], c.lit[i]))
		}
	case opAny:
		c.ascii = true
		for _, r := range c.lit {
			if r >= utf8.RuneSelf {
				c.ascii = false
				break
			}
			c.need.add(byte(r))
		}
	case opAnd, opOr:
		for _, s := range c.subs {
			s.summarize()
		}
	}
}

// holds tells whether the lowered text low, of summary sum, meets the
// condition. The summary answers first: a literal whose pairs of bytes the
// text lacks is not in it, and a literal of one byte or a set of ASCII
// runes is decided by the bytes the text holds (an ASCII byte is never
// part of another rune).
func (c *cond) holds(low string, sum *summary) bool {
	switch c.op {
	case opLit:
		if len(c.lit) == 1 {
			return sum.bytes.meets(&c.need)
		}
		return sum.pairs.holds(&c.need) && strings.Contains(low, c.lit)
	case opAny:
		if c.ascii {
			return sum.bytes.meets(&c.need)
		}
		return strings.ContainsAny(low, c.lit)
	case opAnd:
		for _, s := range c.subs {
			if !s.holds(low, sum) {
				return false
			}
		}
		return true
	case opOr:
		for _, s := range c.subs {
			if s.holds(low, sum) {
				return true
			}
		}
		return false
	}
	return true
}

// bits is a set of bytes: those of a text, or the hashes of the pairs of
// bytes next to each other in it.
type bits [4]uint64

func (b *bits) add(x byte) { b[x>>6] |= 1 << (x & 63) }

// holds tells whether b holds every member of o.
func (b *bits) holds(o *bits) bool {
	return b[0]&o[0] == o[0] && b[1]&o[1] == o[1] && b[2]&o[2] == o[2] && b[3]&o[3] == o[3]
}

// meets tells whether b and o have a member in common.
func (b *bits) meets(o *bits) bool {
	return b[0]&o[0]|b[1]&o[1]|b[2]&o[2]|b[3]&o[3] != 0
}

// pair hashes two bytes that follow each other onto one.
func pair(a, b byte) byte {
	return byte((uint32(a)<<8 | uint32(b)) * 0x9E3779B1 >> 24)
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// lowered is a text with its ASCII letters lowered, and its summary.
type lowered struct {
	text, low string
	sum       summary
}

// summary is what holds reads before it searches a lowered text: the
// bytes it holds and the pairs of bytes next to each other in it.
type summary struct {
	bytes, pairs bits
}

// foldsOntoKS tells whether the text s, of summary sum, holds a rune that
// (?i) folds onto k or s: the long s or the Kelvin sign.
func (sum *summary) foldsOntoKS(s string) bool {
	return (sum.bytes.has(0xC5) || sum.bytes.has(0xE2)) && (strings.Contains(s, "\u017f") || strings.Contains(s, "\u212a"))
}

func (b *bits) has(x byte) bool { return b[x>>6]&(1<<(x&63)) != 0 }

// seen holds the texts lowered lately, each in the slot its address and
// length pick: the readers try expressions in turn on a sentence and on
// what is left of it, on goroutines that read pages in parallel, and a
// slot by address lets each goroutine's texts stay while the other's
// come and go. A slot holds a text that no longer is in use until
// another takes it; it is compared by content, so a text that moved or a
// slot taken by another text costs a lowering, never a wrong answer.
var seen [seenSlots]atomic.Pointer[lowered]

const seenSlots = 256 // a power of two

// shortText is the length up to which a text is lowered on the stack at
// every call instead of remembered: cell texts, names, status codes, most
// tried by one or two expressions, cost less to lower again than to keep.
const shortText = 32

func slot(s string) *atomic.Pointer[lowered] {
	h := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	h ^= h >> 9
	h += uintptr(len(s)) * 0x9E37
	return &seen[(h>>4)&(seenSlots-1)]
}

// lower returns s lowered, from seen or lowered now and remembered.
func lower(s string) *lowered {
	sl := slot(s)
	if l := sl.Load(); l != nil && l.text == s {
		return l
	}
	l := &lowered{text: s}
	l.low = l.sum.fill(s, nil)
	sl.Store(l)
	return l
}

// fill summarizes s and returns it lowered: s itself when it has no
// letter to lower, else in buf when it fits there.
func (sum *summary) fill(s string, buf []byte) string {
	var b []byte
	var prev byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			if b == nil {
				if len(s) <= cap(buf) {
					b = append(buf[:0], s...)
				} else {
					b = []byte(s)
				}
			}
			c += 'a' - 'A'
			b[i] = c
		}
		sum.bytes.add(c)
		if i > 0 {
			sum.pairs.add(pair(prev, c))
		}
		prev = c
	}
	if b == nil {
		return s
	}
	return unsafe.String(&b[0], len(b)) // b is not written again
}

// May reports whether the expression may match s: false only when no
// match is possible.
func (re *Regexp) May(s string) bool {
	if re.pre == nil {
		return true
	}
	var low string
	var sum *summary
	if len(s) <= shortText {
		var short summary
		var buf [shortText]byte
		low, sum = short.fill(s, buf[:]), &short
	} else {
		l := lower(s)
		low, sum = l.low, &l.sum
	}
	if re.pre.holds(low, sum) || re.foldKS && sum.foldsOntoKS(s) {
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
