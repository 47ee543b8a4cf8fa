package conventions

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The patterns the committed specs state (spec/*.yaml), and shapes around
// them that the simple matcher must take or leave to regexp.
func specPatterns(t testing.TB) []string {
	files, _ := filepath.Glob("../spec/*.yaml")
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			_, p, ok := strings.Cut(line, " pattern: ")
			if !ok {
				continue
			}
			if strings.HasPrefix(p, "'") {
				p = strings.ReplaceAll(strings.Trim(p, "'"), "''", "'")
			}
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	if len(out) < 10 {
		t.Fatalf("only %d patterns found in ../spec", len(out))
	}
	return append(out, `^a$`, `^$`, `^[a-c]+$`, `^x[0-9]*$`, `^.*$`, `^(?s).*$`, `^[^a-z]*$`, `^é[é-ë]*$`,
		`^(?i)a*$`, `^a*?$`, `a*$`, `^a*`, `^a*b$`, `^[A-Za-z0-9](?:[A-Za-z0-9\-_.]*[A-Za-z0-9])?$`, `^\p{Han}+$`)
}

var patternInputs = []string{"", "a", "A", "ab", "aB9", "a_b", "a-b", "9a", "_a", "a b", "a\n", "\n", "/", "/x/y", "//",
	"abc!@#$%", "x+/=", "sig_ret", "é", "éë", "ab\xff", "\xff", "\xef\xbf\xbd", "汉字", "a汉", "a.b:c(d)", "a*b#c%",
	strings.Repeat("a", 70), "a/", "Abc-def.ghi", "b", "c", "x", "x0", "x0a"}

// TestPatternMatchesRegexp: every pattern of the committed specs, matched
// by CompilePattern's matcher and by regexp, on the same strings.
func TestPatternMatchesRegexp(t *testing.T) {
	simple := 0
	for _, p := range specPatterns(t) {
		m, err := CompilePattern(p)
		re, rerr := regexp.Compile(p)
		if (err == nil) != (rerr == nil) {
			t.Fatalf("pattern %q: CompilePattern error %v, regexp %v", p, err, rerr)
		}
		if err != nil {
			continue
		}
		if _, ok := m.(*classPattern); ok {
			simple++
		}
		for _, s := range patternInputs {
			if got, want := m.MatchString(s), re.MatchString(s); got != want {
				t.Errorf("pattern %q on %q: %v, regexp says %v", p, s, got, want)
			}
		}
	}
	if simple < 20 {
		t.Errorf("only %d patterns take the simple matcher", simple)
	}
}

// FuzzPattern holds the simple matcher to regexp on any pattern and input.
func FuzzPattern(f *testing.F) {
	for _, p := range specPatterns(f) {
		f.Add(p, "abc")
	}
	f.Fuzz(func(t *testing.T, p, s string) {
		m, err := CompilePattern(p)
		if err != nil {
			return
		}
		if got, want := m.MatchString(s), regexp.MustCompile(p).MatchString(s); got != want {
			t.Fatalf("pattern %q on %q: %v, regexp says %v", p, s, got, want)
		}
	})
}
