package conventions

import (
	"regexp"
	"regexp/syntax"
	"unicode/utf8"
)

// Matcher matches a string against a pattern.
type Matcher interface {
	MatchString(s string) bool
}

// CompilePattern compiles a Go regular expression (RE2 syntax, as
// regexp.Compile reads it). A pattern of the shape the pages' constraints
// take — anchored at both ends, single characters from classes, the last
// one repeated (`^[A-Za-z][A-Za-z0-9_]*$`, `^/.*$`) — becomes a matcher that
// walks the string once without the regexp machinery; it matches exactly
// what regexp matches (TestPatternMatchesRegexp, FuzzPattern). Any other
// pattern is a *regexp.Regexp.
func CompilePattern(pattern string) (Matcher, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	if m, ok := simplePattern(pattern); ok {
		return m, nil
	}
	return re, nil
}

// runeSet is a set of runes: sorted, non-overlapping [lo, hi] pairs as
// regexp/syntax gives a character class.
type runeSet []rune

func (s runeSet) has(r rune) bool {
	for i := 0; i+1 < len(s); i += 2 {
		if r < s[i] {
			return false
		}
		if r <= s[i+1] {
			return true
		}
	}
	return false
}

// classPattern is ^ c1 c2 … cn (last)? $: each ci one rune of its set, then
// any number (at least min) of runes of last.
type classPattern struct {
	fixed   []runeSet
	last    runeSet // nil: the string ends after fixed
	lastMin int     // 0 for *, 1 for +
	// The ASCII part of each set as a bitmap, for the common case.
	ascii   [][2]uint64
	lastASC [2]uint64
}

func (p *classPattern) MatchString(s string) bool {
	i := 0
	for k, set := range p.fixed {
		if i >= len(s) {
			return false
		}
		if c := s[i]; c < utf8.RuneSelf {
			if p.ascii[k][c>>6]&(1<<(c&63)) == 0 {
				return false
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if !set.has(r) {
			return false
		}
		i += w
	}
	if p.last == nil {
		return i == len(s)
	}
	n := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if p.lastASC[c>>6]&(1<<(c&63)) == 0 {
				return false
			}
			i++
		} else {
			r, w := utf8.DecodeRuneInString(s[i:])
			if !p.last.has(r) {
				return false
			}
			i += w
		}
		n++
	}
	return n >= p.lastMin
}

// simplePattern reads pattern as a classPattern, if it is one.
func simplePattern(pattern string) (*classPattern, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, false
	}
	re = re.Simplify()
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 {
		return nil, false
	}
	subs := re.Sub
	if subs[0].Op != syntax.OpBeginText || subs[len(subs)-1].Op != syntax.OpEndText {
		return nil, false
	}
	subs = subs[1 : len(subs)-1]
	p := &classPattern{}
	for i, sub := range subs {
		if set, ok := oneRune(sub); ok {
			p.fixed = append(p.fixed, set)
			continue
		}
		if i != len(subs)-1 || (sub.Op != syntax.OpStar && sub.Op != syntax.OpPlus) || sub.Flags&syntax.NonGreedy != 0 {
			return nil, false
		}
		set, ok := oneRune(sub.Sub[0])
		if !ok {
			return nil, false
		}
		p.last = set
		if sub.Op == syntax.OpPlus {
			p.lastMin = 1
		}
	}
	for _, set := range p.fixed {
		p.ascii = append(p.ascii, asciiBits(set))
	}
	if p.last != nil {
		p.lastASC = asciiBits(p.last)
	}
	return p, true
}

// oneRune is the set of runes a one-rune expression matches.
func oneRune(re *syntax.Regexp) (runeSet, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) != 1 || re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return runeSet{re.Rune[0], re.Rune[0]}, true
	case syntax.OpCharClass:
		if len(re.Rune)%2 != 0 {
			return nil, false
		}
		return runeSet(re.Rune), true
	case syntax.OpAnyCharNotNL:
		return runeSet{0, '\n' - 1, '\n' + 1, utf8.MaxRune}, true
	case syntax.OpAnyChar:
		return runeSet{0, utf8.MaxRune}, true
	}
	return nil, false
}

// asciiBits is the ASCII part of set as a bitmap.
func asciiBits(set runeSet) [2]uint64 {
	var b [2]uint64
	for c := rune(0); c < utf8.RuneSelf; c++ {
		if set.has(c) {
			b[c>>6] |= 1 << (c & 63)
		}
	}
	return b
}
