package fastre

import (
	"reflect"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
	"unicode"
)

// The prefilter lowers ASCII letters only; (?i) folds two other runes onto
// ASCII letters, the long s and the Kelvin sign, and May lets a text with
// either through. No other rune may fold onto an ASCII letter.
func TestOnlyTwoRunesFoldOntoASCII(t *testing.T) {
	for c := rune('a'); c <= 'z'; c++ {
		for r := unicode.SimpleFold(c); r != c; r = unicode.SimpleFold(r) {
			if r == unicode.ToUpper(c) || r == '\u017f' && c == 's' || r == '\u212a' && c == 'k' {
				continue
			}
			t.Errorf("%q folds onto %q", r, c)
		}
	}
}

var exprs = []string{
	`(?i)\bbetween\s+(-?\d+(?:,\d{3})*(?:\.\d+)?)\s+and\s+(\d+)\s+(?:[a-z-]+\s+)?(?:characters|chars|bytes)\b`,
	`(?i)\b(?:minimum|min)(?: value)?\s*[:：]\s*(\d+)`,
	`长度(?:范围)?(?:为|是|在|：|:)?\s*[\[［(（]?\s*(\d+)`,
	`\*\*|__`,
	`(?i)^[a-z]+(?:\s+[a-z]+)?\.?$`,
	`(?i)\bdefaults?\s+to\s+(\S+?)[.,;]?(?:\s|$)`,
	`(?i)\bstraße|Émile`,
	`(?i)as{2,3}k|x*`,
	`\s*(?:[，、,；;]|\band\b|\bor\b|和|或|及)\s*`,
}

var texts = []string{
	"", "Between 1 and 64 characters", "BETWEEN 1 AND 64 CHARS", "between 1 and 64 Chinese characters.",
	"Minimum: 3", "MIN：3", "min value: 3", "长度为3", "长度范围（1", "**bold**", "a__b", "Default value", "Default value.",
	"Defaults to true.", "DEFAULTS TO x", "defaultſ to x", "STRASSE", "straße", "STRAẞE", "émile", "Émile", "ASSK",
	"aſſ\u212a", "a, b and c", "下划线，+，/", "nothing here", "Letters, digits, and underscores",
	// Longer than shortText: lowered once and remembered.
	"The value contains 8 to 64 CHARACTERS and DEFAULTS TO x.",
	"Minimum length: 3; MAXIMUM: 10, between 1 AND 64 characters",
	"A sentence long enough to be remembered, with aſſ\u212a in it",
	"长度范围为1到64个字符，默认值为abc，只能包含字母和数字",
	"a sentence long enough to be remembered, and all lower case",
}

// TestLowerRemembers: a long text is lowered once and answered from seen
// after, whatever the slot held; a text with nothing to lower is itself.
func TestLowerRemembers(t *testing.T) {
	for _, s := range texts {
		if len(s) <= shortText {
			continue
		}
		want := strings.Map(func(r rune) rune {
			if 'A' <= r && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return r
		}, s)
		slot(s).Store(&lowered{text: "another text in the slot", low: "another text in the slot"})
		first := lower(s)
		if first.text != s || first.low != want {
			t.Errorf("lower(%q) = %q", s, first.low)
		}
		if again := lower(strings.Clone(s)); again.low != want {
			t.Errorf("lower of a copy of %q = %q", s, again.low)
		}
		if again := lower(s); again != first {
			t.Errorf("%q lowered again, not remembered", s)
		}
		if s == want && first.low != s {
			t.Errorf("%q, with nothing to lower, copied", s)
		}
	}
}

// TestSummary: a literal whose pairs of bytes the text lacks is ruled out
// without a search, and a set of ASCII runes is decided by the bytes.
func TestSummary(t *testing.T) {
	var sum summary
	low := sum.fill("Between 1 and 64", nil)
	lit := &cond{op: opLit, lit: "between"}
	lit.summarize()
	if !lit.holds(low, &sum) {
		t.Errorf("%q: %q not found", low, lit.lit)
	}
	if !lit.may(&sum) {
		t.Errorf("%q: the pairs of %q missing from the summary", low, lit.lit)
	}
	// "betwixt" begins as the text does; "wi", "ix" and "xt" are not in it.
	absent := &cond{op: opLit, lit: "betwixt"}
	absent.summarize()
	if absent.may(&sum) || absent.holds(low, &sum) {
		t.Errorf("%q: %q not ruled out by the summary", low, absent.lit)
	}
	for _, c := range []struct {
		set  string
		want bool
	}{{"xyz6", true}, {"xyz", false}, {":：", false}, {"b", true}, {"：b", true}, {"：1", true}, {"：", false}} {
		any := &cond{op: opAny, lit: c.set}
		any.summarize()
		if got := any.may(&sum) && any.holds(low, &sum); got != c.want {
			t.Errorf("%q: any of %q = %v", low, c.set, got)
		}
	}
}

// TestSameAnswers: every method answers as regexp's does, on texts the
// prefilter rules out and texts it lets through.
func TestSameAnswers(t *testing.T) {
	for _, e := range exprs {
		re, std := MustCompile(e), regexp.MustCompile(e)
		for _, s := range texts {
			same := func(what string, a, b any) {
				if !reflect.DeepEqual(a, b) {
					t.Errorf("%s: %s(%q) = %#v, regexp gives %#v", e, what, s, a, b)
				}
			}
			same("MatchString", re.MatchString(s), std.MatchString(s))
			same("FindString", re.FindString(s), std.FindString(s))
			same("FindStringIndex", re.FindStringIndex(s), std.FindStringIndex(s))
			same("FindStringSubmatch", re.FindStringSubmatch(s), std.FindStringSubmatch(s))
			same("FindStringSubmatchIndex", re.FindStringSubmatchIndex(s), std.FindStringSubmatchIndex(s))
			same("FindAllString", re.FindAllString(s, -1), std.FindAllString(s, -1))
			same("FindAllStringIndex", re.FindAllStringIndex(s, -1), std.FindAllStringIndex(s, -1))
			same("FindAllStringSubmatch", re.FindAllStringSubmatch(s, -1), std.FindAllStringSubmatch(s, -1))
			same("FindAllStringSubmatchIndex", re.FindAllStringSubmatchIndex(s, -1), std.FindAllStringSubmatchIndex(s, -1))
			same("ReplaceAllString", re.ReplaceAllString(s, "<$0>"), std.ReplaceAllString(s, "<$0>"))
			same("ReplaceAllLiteralString", re.ReplaceAllLiteralString(s, "$0"), std.ReplaceAllLiteralString(s, "$0"))
			f := func(x string) string { return "[" + x + "]" }
			same("ReplaceAllStringFunc", re.ReplaceAllStringFunc(s, f), std.ReplaceAllStringFunc(s, f))
			for _, n := range []int{-1, 0, 1, 2} {
				same("Split", re.Split(s, n), std.Split(s, n))
			}
		}
	}
}

// TestRulesOut: the prefilter does rule texts out, or it would save nothing.
func TestRulesOut(t *testing.T) {
	for _, c := range []struct {
		expr, text string
	}{
		{exprs[0], "The ID of the API group."},
		{exprs[0], "Between one and two characters"}, // no digit
		{exprs[1], "The maximum: 3"},
		{exprs[2], "长度"},
		{exprs[3], "plain"},
		{exprs[5], "The default value is 3."},
	} {
		if MustCompile(c.expr).May(c.text) {
			t.Errorf("%s: the prefilter lets %q through", c.expr, c.text)
		}
	}
	if MustCompile(exprs[4]).pre != nil {
		t.Errorf("%s: a prefilter where no literal is required", exprs[4])
	}
}

func FuzzSameMatch(f *testing.F) {
	for _, s := range texts {
		f.Add(s)
	}
	var res []*Regexp
	var stds []*regexp.Regexp
	for _, e := range exprs {
		res = append(res, MustCompile(e))
		stds = append(stds, regexp.MustCompile(e))
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i, re := range res {
			if got, want := re.FindAllStringSubmatchIndex(s, -1), stds[i].FindAllStringSubmatchIndex(s, -1); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s on %q: %v, regexp gives %v", exprs[i], s, got, want)
			}
			if got, want := re.MatchString(s), stds[i].MatchString(s); got != want {
				t.Fatalf("%s matches %q: %v, regexp says %v", exprs[i], s, got, want)
			}
		}
	})
}

// TestAlternatives: an expression is split at the alternatives of its
// top as regexp/syntax parses it (single characters and common prefixes
// are factored into one), and each part, written with its flags, means
// alone what it meant in the whole: a text matches the whole exactly when
// it matches a part.
func TestAlternatives(t *testing.T) {
	probes := []string{"", "a", "A", "b", "bc", "BD", "|", "e", "E", "]", "x", "y", "abc", "aB", "ab", "c", "C", "7", "q", "：", "  :", "a|b", "It CANNOT BE 6.", "unsupported", "不支持"}
	for _, c := range []struct {
		expr  string
		parts int
	}{
		{`(?i)a|b(c|d)|[|]|\||e`, 3}, // "[|]", "\|" and "e" are one class
		{`[]|]|x`, 0},
		{`[^]|]|y`, 0},
		{`(?i:a|b)|c`, 0},
		{`abc`, 0},
		{`a(?i)b|c`, 2}, // flags midway reach c: "a(?i:B)", "(?i:C)"
		{`\Qa|b\E`, 0},
		{`[[:alpha:]]|x`, 0},
		{`[[:^digit:]]|x`, 0},
		{`\s*[:：]|x`, 2},
		{`(?i)\bcannot be\b|\bunsupported\b|不支持`, 3},
	} {
		tree, err := syntax.Parse(c.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		parts := alternatives(tree)
		if len(parts) != c.parts {
			t.Errorf("alternatives(%q) = %q, want %d parts", c.expr, parts, c.parts)
			continue
		}
		if len(parts) == 0 {
			continue
		}
		whole := regexp.MustCompile(c.expr)
		for _, s := range probes {
			any := false
			for _, p := range parts {
				any = any || regexp.MustCompile(p).MatchString(s)
			}
			if any != whole.MatchString(s) {
				t.Errorf("%q on %q: the parts %q say %v, the whole %v", c.expr, s, parts, any, !any)
			}
		}
	}
	re := MustCompile(`(?i)\bcannot be\b|\bunsupported\b|不支持`)
	if len(re.alts) != 3 {
		t.Fatalf("%d alternatives", len(re.alts))
	}
	for s, want := range map[string]bool{"It CANNOT BE 6.": true, "Unsupported.": true, "暂不支持": true, "It can be 6.": false} {
		if got := re.MatchString(s); got != want || got != re.Regexp.MatchString(s) {
			t.Errorf("MatchString(%q) = %v", s, got)
		}
	}
}
