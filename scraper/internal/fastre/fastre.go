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
	"slices"
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
	// alts, of an expression that is alternatives at its top, are the
	// alternatives compiled alone: MatchString tries each whose own
	// prefilter lets the text through, where the whole expression would
	// try every alternative at every position.
	alts []*Regexp
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
	if parts := alternatives(t); len(parts) > 1 {
		for _, p := range parts {
			re.alts = append(re.alts, MustCompile(p))
		}
	}
	return re
}

// alternatives are the expressions of the alternatives of t, when t is
// alternatives at its top (as regexp/syntax parsed it: alternatives with a
// common prefix are factored into one), each written by regexp/syntax with
// its flags, so that it means alone what it meant in t.
func alternatives(t *syntax.Regexp) []string {
	if t.Op != syntax.OpAlternate {
		return nil
	}
	parts := make([]string, len(t.Sub))
	for i, sub := range t.Sub {
		parts[i] = sub.String()
	}
	return parts
}

// QuoteMeta is regexp.QuoteMeta.
func QuoteMeta(s string) string { return regexp.QuoteMeta(s) }

// cond is what a text must contain for an expression to match it, on the
// text with ASCII letters lowered.
type cond struct {
	op   int
	lit  string // opLit: a substring; opAny: one of these runes
	subs []*cond
	// need and pairs are what the text's summary must hold for the
	// condition to be worth a search: a literal of one byte that byte, a
	// set of ASCII runes only one of its bytes (either decides), a longer
	// literal the pairs of its bytes.
	need  bits
	pairs []uint16
	ascii bool // opAny: every rune is ASCII
	// some, of alternatives that are all literals of two bytes or more,
	// holds a pair of each: a text with none of them holds none of the
	// literals, found so in a few lookups where the literals take one
	// each.
	some []uint16
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

// maxExact is the most strings a part of an expression may spell and be
// read as those strings (exact).
const maxExact = 16

func (re *Regexp) of(t *syntax.Regexp) *cond {
	if set, ok := re.exact(t); ok {
		return anyOf(set)
	}
	switch t.Op {
	case syntax.OpLiteral:
		// A literal exact did not take is case-folded and holds a rune
		// with other cases: the parts around such runes.
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
				if r == 'k' || r == 'K' || r == 's' || r == 'S' {
					re.foldKS = true
				}
				b.WriteByte(lowerByte(byte(r)))
			case unicode.SimpleFold(r) != r:
				flush()
			default:
				b.WriteRune(r)
			}
		}
		flush()
		return and(parts)
	case syntax.OpCapture, syntax.OpPlus:
		return re.of(t.Sub[0])
	case syntax.OpRepeat:
		if t.Min >= 1 {
			return re.of(t.Sub[0])
		}
		return always
	case syntax.OpConcat:
		// A short exact part is read with the next as the strings they
		// spell together: Simplify factors "each|every" into e(?:ach|very),
		// and "each" and "every" rule out more texts than "e" does, with
		// "ach" or "very". Longer parts stand alone: they rule out as
		// much, in fewer searches than the strings they would spell.
		var parts []*cond
		run := []string{""}
		for _, s := range t.Sub {
			set, ok := re.exact(s)
			if !ok {
				parts = append(parts, anyOf(run), re.of(s))
				run = []string{""}
				continue
			}
			if p := product(run, set); p != nil && short(run) {
				run = p
			} else {
				parts = append(parts, anyOf(run))
				run = set
			}
		}
		parts = append(parts, anyOf(run))
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
	// Any character, stars and the rest: nothing a match must contain.
	return always
}

// exact returns the strings t matches, lowered, when they are at most
// maxExact: literals, small classes, and their alternatives, options and
// concatenations. An empty-width assertion matches "". A literal with a
// rune that has other cases than itself, under (?i), is not exact.
func (re *Regexp) exact(t *syntax.Regexp) ([]string, bool) {
	switch t.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []string{""}, true
	case syntax.OpLiteral:
		fold := t.Flags&syntax.FoldCase != 0
		var b strings.Builder
		for _, r := range t.Rune {
			switch {
			case r < utf8.RuneSelf:
				if fold && (r == 'k' || r == 'K' || r == 's' || r == 'S') {
					re.foldKS = true
				}
				b.WriteByte(lowerByte(byte(r)))
			case fold && unicode.SimpleFold(r) != r:
				return nil, false
			default:
				b.WriteRune(r)
			}
		}
		return []string{b.String()}, true
	case syntax.OpCharClass:
		n := 0
		for i := 0; i+1 < len(t.Rune); i += 2 {
			n += int(t.Rune[i+1]-t.Rune[i]) + 1
			if n > maxClass {
				return nil, false
			}
		}
		if n == 0 {
			return nil, false
		}
		var set []string
		for i := 0; i+1 < len(t.Rune); i += 2 {
			for r := t.Rune[i]; r <= t.Rune[i+1]; r++ {
				if r < utf8.RuneSelf {
					r = rune(lowerByte(byte(r)))
				}
				set = append(set, string(r))
			}
		}
		return set, true
	case syntax.OpCapture:
		return re.exact(t.Sub[0])
	case syntax.OpQuest:
		set, ok := re.exact(t.Sub[0])
		if !ok || len(set) >= maxExact {
			return nil, false
		}
		return append(set, ""), true
	case syntax.OpAlternate:
		var set []string
		for _, s := range t.Sub {
			ss, ok := re.exact(s)
			if !ok || len(set)+len(ss) > maxExact {
				return nil, false
			}
			set = append(set, ss...)
		}
		return set, true
	case syntax.OpConcat:
		set := []string{""}
		for _, s := range t.Sub {
			ss, ok := re.exact(s)
			if !ok {
				return nil, false
			}
			if set = product(set, ss); set == nil {
				return nil, false
			}
		}
		return set, true
	}
	return nil, false
}

// product returns every string of a followed by every string of b, nil
// when they are more than maxExact.
func product(a, b []string) []string {
	if len(a)*len(b) > maxExact {
		return nil
	}
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}

// short tells whether set holds a string shorter than three bytes.
func short(set []string) bool {
	return slices.ContainsFunc(set, func(s string) bool { return len(s) < 3 })
}

// anyOf is the condition that a text holds one of set: none when set
// holds "", a set of runes when each is one rune. A string that holds
// another of the set is left out: the other is in every text it is in.
func anyOf(set []string) *cond {
	set = slices.Clone(set)
	slices.SortFunc(set, func(a, b string) int { return len(a) - len(b) })
	var keep []string
	for _, s := range set {
		if s == "" {
			return always
		}
		if !slices.ContainsFunc(keep, func(k string) bool { return strings.Contains(s, k) }) {
			keep = append(keep, s)
		}
	}
	runes := true
	for _, s := range keep {
		runes = runes && utf8.RuneCountInString(s) == 1
	}
	switch {
	case runes:
		return &cond{op: opAny, lit: strings.Join(keep, "")}
	case len(keep) == 1:
		return &cond{op: opLit, lit: keep[0]}
	}
	var subs []*cond
	for _, s := range keep {
		subs = append(subs, &cond{op: opLit, lit: s})
	}
	return &cond{op: opOr, subs: subs}
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

// summarize fills in what holds checks before it searches. A set with
// runes beyond ASCII becomes one of its ASCII runes or one of the others'
// literals: a rune of the set is in a text exactly when its bytes are,
// since a UTF-8 sequence starts where no other ends. A set that holds
// utf8.RuneError stays a set: strings.ContainsAny finds it at bytes that
// are not UTF-8.
func (c *cond) summarize() {
	switch c.op {
	case opLit:
		if len(c.lit) == 1 {
			c.need.add(c.lit[0])
		}
		for i := 1; i < len(c.lit); i++ {
			if h := pair(c.lit[i-1], c.lit[i]); !slices.Contains(c.pairs, h) {
				c.pairs = append(c.pairs, h)
			}
		}
	case opAny:
		if strings.ContainsRune(c.lit, utf8.RuneError) {
			return
		}
		var ascii []byte
		var others []*cond
		for _, r := range c.lit {
			if r < utf8.RuneSelf {
				ascii = append(ascii, byte(r))
			} else {
				others = append(others, &cond{op: opLit, lit: string(r)})
			}
		}
		if len(others) > 0 {
			if len(ascii) > 0 {
				others = append([]*cond{{op: opAny, lit: string(ascii)}}, others...)
			}
			c.op, c.lit, c.subs = opOr, "", others
			c.summarize()
			return
		}
		c.ascii = true
		for _, b := range ascii {
			c.need.add(b)
		}
	case opAnd:
		for _, s := range c.subs {
			s.summarize()
		}
	case opOr:
		lits := true
		for _, s := range c.subs {
			s.summarize()
			lits = lits && s.op == opLit && len(s.pairs) > 0
		}
		if !lits {
			return
		}
		// Of each literal the pair least common in English prose, or one
		// another literal gave already: the fewer and the rarer the pairs,
		// the fewer texts hold one.
		for _, s := range c.subs {
			best, score := uint16(0), -1
			for i := 1; i < len(s.lit); i++ {
				h := pair(s.lit[i-1], s.lit[i])
				sc := common(s.lit[i-1]) * common(s.lit[i])
				if slices.Contains(c.some, h) {
					sc = 0
				}
				if score < 0 || sc < score {
					best, score = h, sc
				}
			}
			if score > 0 {
				c.some = append(c.some, best)
			}
		}
	}
}

// common rates how common a byte is in English prose: 4 the space and
// the commonest letters, 2 the other common letters, 1 the rest.
func common(b byte) int {
	switch {
	case strings.IndexByte(" etaoinsrhl", b) >= 0:
		return 4
	case strings.IndexByte("dcumfpgwyb", b) >= 0:
		return 2
	}
	return 1
}

// may tells whether a text of summary sum may meet the condition: false
// only when it does not. It reads no text, and answers for most.
func (c *cond) may(sum *summary) bool {
	switch c.op {
	case opLit:
		if len(c.lit) == 1 {
			return sum.bytes.meets(&c.need)
		}
		return sum.pairs.hasAll(c.pairs)
	case opAny:
		return !c.ascii || sum.bytes.meets(&c.need)
	case opAnd:
		for _, s := range c.subs {
			if !s.may(sum) {
				return false
			}
		}
		return true
	case opOr:
		if c.some != nil && !sum.pairs.hasAny(c.some) {
			return false
		}
		for _, s := range c.subs {
			if s.may(sum) {
				return true
			}
		}
		return false
	}
	return true
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
		return sum.pairs.hasAll(c.pairs) && strings.Contains(low, c.lit)
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

// bits is a set of bytes.
type bits [4]uint64

func (b *bits) add(x byte) { b[x>>6] |= 1 << (x & 63) }

func (b *bits) has(x byte) bool { return b[x>>6]&(1<<(x&63)) != 0 }

// meets tells whether b and o have a member in common.
func (b *bits) meets(o *bits) bool {
	return b[0]&o[0]|b[1]&o[1]|b[2]&o[2]|b[3]&o[3] != 0
}

// pairBits is a set of pairs of bytes, hashed onto 1024: a sentence holds
// some 100 pairs, and a literal not in it is seldom taken for one that is.
type pairBits [1 << pairLog / 64]uint64

const pairLog = 10

// pair hashes two bytes that follow each other.
func pair(a, b byte) uint16 {
	return uint16((uint32(a)<<8 | uint32(b)) * 0x9E3779B1 >> (32 - pairLog))
}

func (p *pairBits) add(h uint16) { p[h>>6] |= 1 << (h & 63) }

// hasAny tells whether p holds one of hs.
func (p *pairBits) hasAny(hs []uint16) bool {
	for _, h := range hs {
		if p[h>>6]&(1<<(h&63)) != 0 {
			return true
		}
	}
	return false
}

// hasAll tells whether p holds every one of hs.
func (p *pairBits) hasAll(hs []uint16) bool {
	for _, h := range hs {
		if p[h>>6]&(1<<(h&63)) == 0 {
			return false
		}
	}
	return true
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
	bytes bits
	pairs pairBits
}

// foldsOntoKS tells whether the text s, of summary sum, holds a rune that
// (?i) folds onto k or s: the long s or the Kelvin sign.
func (sum *summary) foldsOntoKS(s string) bool {
	return (sum.bytes.has(0xC5) || sum.bytes.has(0xE2)) && (strings.Contains(s, "\u017f") || strings.Contains(s, "\u212a"))
}

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
	var bytes bits // on the stack as they are filled
	var pairs pairBits
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
		bytes.add(c)
		if i > 0 {
			pairs.add(pair(prev, c))
		}
		prev = c
	}
	sum.bytes, sum.pairs = bytes, pairs
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
	if re.pre.may(sum) && re.pre.holds(low, sum) || re.foldKS && sum.foldsOntoKS(s) {
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

// MatchString is regexp's; an expression of alternatives matches when
// one of them does.
func (re *Regexp) MatchString(s string) bool {
	if !re.May(s) {
		return false
	}
	if re.alts == nil {
		return re.Regexp.MatchString(s)
	}
	m := slices.ContainsFunc(re.alts, func(a *Regexp) bool { return a.MatchString(s) })
	if verifying.Load() && m != re.Regexp.MatchString(s) {
		mu.Lock()
		missed = append(missed, Miss{re.String() + " (as alternatives)", s})
		mu.Unlock()
	}
	return m
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
