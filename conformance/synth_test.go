package conformance

import (
	"maps"
	"math"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// Values are synthesised from the schema alone, so every case below is
// derived from the spec, never typed in by hand.

// strSpec is what a string must satisfy.
type strSpec struct {
	min, max int // max -1: none
	pattern  string
}

func strSpecOf(s *openapi3.Schema) strSpec {
	sp := strSpec{min: int(s.MinLength), max: -1, pattern: s.Pattern}
	if s.MaxLength != nil {
		sp.max = int(*s.MaxLength)
	}
	return sp
}

func (sp strSpec) ok(v string) bool {
	n := utf8.RuneCountInString(v)
	if n < sp.min || (sp.max >= 0 && n > sp.max) {
		return false
	}
	if sp.pattern != "" {
		re, err := regexp.Compile(sp.pattern)
		if err != nil || !re.MatchString(v) {
			return false
		}
	}
	return true
}

// stringOfLen returns a string of exactly n runes matching pattern (any
// string when pattern is empty), or false.
func stringOfLen(pattern string, n int) (string, bool) {
	if n < 0 {
		return "", false
	}
	if pattern == "" {
		return fill("a", n), true
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return "", false
	}
	prog, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	prog = prog.Simplify()
	base := genRE(prog, new(int))
	extra := n - utf8.RuneCountInString(base)
	if extra >= 0 {
		s := genRE(prog, &extra)
		if utf8.RuneCountInString(s) == n && re.MatchString(s) {
			return s, true
		}
	}
	// Fallback: repeat each candidate character.
	for _, c := range []string{"a", "A", "1", "x", "_"} {
		for _, first := range []string{"", "a", "A", "1"} {
			if n == 0 || utf8.RuneCountInString(first) > n {
				continue
			}
			s := first + fill(c, n-utf8.RuneCountInString(first))
			if re.MatchString(s) {
				return s, true
			}
		}
	}
	return "", false
}

func fill(c string, n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(c, n)
}

// genRE writes a shortest match of re, spending *extra more runes in the first
// repetitions that can take them.
func genRE(re *syntax.Regexp, extra *int) string {
	switch re.Op {
	case syntax.OpLiteral:
		return string(re.Rune)
	case syntax.OpCharClass:
		return string(pickRune(re.Rune))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return "a"
	case syntax.OpConcat:
		var b strings.Builder
		for _, s := range re.Sub {
			b.WriteString(genRE(s, extra))
		}
		return b.String()
	case syntax.OpAlternate:
		return genRE(re.Sub[0], extra)
	case syntax.OpCapture:
		return genRE(re.Sub[0], extra)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := 0, -1
		switch re.Op {
		case syntax.OpPlus:
			lo = 1
		case syntax.OpQuest:
			hi = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
		}
		var b strings.Builder
		zero := 0
		for i := 0; i < lo; i++ {
			b.WriteString(genRE(re.Sub[0], &zero))
		}
		for reps := lo; *extra > 0 && (hi < 0 || reps < hi); reps++ {
			s := genRE(re.Sub[0], &zero)
			n := utf8.RuneCountInString(s)
			if n == 0 || n > *extra {
				break
			}
			b.WriteString(s)
			*extra -= n
		}
		return b.String()
	}
	return ""
}

// pickRune prefers a lower-case letter, then a letter, a digit, anything.
func pickRune(ranges []rune) rune {
	for _, pref := range [][2]rune{{'a', 'z'}, {'A', 'Z'}, {'0', '9'}, {'_', '_'}} {
		for i := 0; i+1 < len(ranges); i += 2 {
			lo, hi := ranges[i], ranges[i+1]
			if lo <= pref[1] && hi >= pref[0] {
				return max(lo, pref[0])
			}
		}
	}
	if len(ranges) > 0 {
		return ranges[0]
	}
	return 'a'
}

// breakPattern returns a string of length n, within the pattern's alphabet
// elsewhere, that the pattern refuses.
func breakPattern(pattern string, n int) (string, bool) {
	if pattern == "" || n <= 0 {
		return "", false
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return "", false
	}
	valid, ok := stringOfLen(pattern, n)
	if !ok {
		return "", false
	}
	runes := []rune(valid)
	for _, pos := range []int{0, len(runes) - 1, len(runes) / 2} {
		for _, c := range []rune{' ', '*', '中', '~', '.', '-', '_', '0', 'A', '#'} {
			r := append([]rune{}, runes...)
			r[pos] = c
			if !re.MatchString(string(r)) {
				return string(r), true
			}
		}
	}
	return "", false
}

// value synthesises a valid JSON value for s (maps, slices, strings,
// float64/int64, bools). Rules (x-docspec-rules) are applied by the caller.
func value(ref *openapi3.SchemaRef, depth int) any {
	if ref == nil || ref.Value == nil {
		return "x"
	}
	s := ref.Value
	if s.Example != nil {
		if s.VisitJSON(s.Example) == nil {
			return s.Example
		}
	}
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	if len(s.AllOf) > 0 || len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		out := map[string]any{}
		for _, sub := range s.AllOf {
			if m, ok := value(sub, depth+1).(map[string]any); ok {
				for k, v := range m {
					out[k] = v
				}
			}
		}
		for _, l := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
			if len(l) > 0 {
				if m, ok := value(l[0], depth+1).(map[string]any); ok {
					for k, v := range m {
						out[k] = v
					}
				} else if len(out) == 0 {
					return value(l[0], depth+1)
				}
			}
		}
		if s.Type == nil || s.Type.Is("object") || len(s.Properties) == 0 {
			for k, v := range objectValue(s, depth) {
				out[k] = v
			}
			return out
		}
	}
	switch {
	case s.Type == nil && len(s.Properties) == 0:
		return stringValue(s) // untyped: a string is what every wire format carries
	case s.Type.Is("string"):
		return stringValue(s)
	case s.Type.Is("integer"):
		return intValue(s)
	case s.Type.Is("number"):
		return float64(intValue(s))
	case s.Type.Is("boolean"):
		return true
	case s.Type.Is("array"):
		n := max(1, int(s.MinItems))
		if depth > 6 {
			n = int(s.MinItems)
		}
		out := make([]any, 0, n)
		for i := 0; i < n; i++ {
			out = append(out, value(s.Items, depth+1))
		}
		return out
	}
	return objectValue(s, depth)
}

func objectValue(s *openapi3.Schema, depth int) map[string]any {
	out := map[string]any{}
	if depth > 6 {
		for _, k := range s.Required {
			out[k] = value(s.Properties[k], depth+1)
		}
		return out
	}
	for _, k := range slices.Sorted(maps.Keys(s.Properties)) {
		if p := s.Properties[k]; p != nil && p.Value != nil && p.Value.ReadOnly {
			continue
		}
		out[k] = value(s.Properties[k], depth+1)
	}
	return out
}

func stringValue(s *openapi3.Schema) string {
	switch s.Format {
	case "date-time":
		return "2020-08-03T03:39:38Z"
	case "date":
		return "2020-08-03"
	case "uuid":
		return "0b0e8f45-6b87-4221-8af7-5f945307173c"
	case "email":
		return "user@example.com"
	case "uri", "url":
		return "https://example.com/"
	case "ipv4":
		return "192.168.0.1"
	}
	sp := strSpecOf(s)
	n := max(sp.min, 1)
	if sp.max >= 0 && n > sp.max {
		n = sp.max
	}
	if v, ok := stringOfLen(sp.pattern, n); ok {
		return v
	}
	for l := n; sp.max < 0 || l <= sp.max; l++ {
		if v, ok := stringOfLen(sp.pattern, l); ok {
			return v
		}
		if l > n+64 {
			break
		}
	}
	return fill("a", n)
}

func intValue(s *openapi3.Schema) int64 {
	v := int64(1)
	if s.Min != nil && math.Abs(*s.Min) <= maxExact {
		v = int64(*s.Min)
		if excl(s.ExclusiveMin) {
			v++
		}
	} else if s.Max != nil && float64(v) > *s.Max && math.Abs(*s.Max) <= maxExact {
		v = int64(*s.Max)
		if excl(s.ExclusiveMax) {
			v--
		}
	}
	return v
}

func excl(b openapi3.ExclusiveBound) bool { return b.Bool != nil && *b.Bool }
