package page

import (
	"strings"
	"testing"
)

// slowNormalizeSpace is NormalizeSpace without the shortcut for texts
// already normalized.
func slowNormalizeSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u3000', '\u200b', '\ufeff':
			return true
		}
		return false
	}), " ")
}

var spaceTexts = []string{
	"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\nb", "a\u00a0b", "a\u3000b", "a\u200bb", "\ufeffa",
	"The value contains 3 to 64 characters.", "长度为1～64个字符。", "é è", "a\xc2b", "a\xe2\x80\x8b", "\xff \xfe",
	"Minimum: 3", "x\u2028y", "a \u00a0b",
}

func TestNormalizeSpaceShortcut(t *testing.T) {
	for _, s := range spaceTexts {
		if got, want := NormalizeSpace(s), slowNormalizeSpace(s); got != want {
			t.Errorf("NormalizeSpace(%q) = %q, want %q", s, got, want)
		}
	}
	if !normalized("The value contains 3 to 64 characters.") {
		t.Errorf("a normalized sentence takes the long way")
	}
}

func FuzzNormalizeSpace(f *testing.F) {
	for _, s := range spaceTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := NormalizeSpace(s), slowNormalizeSpace(s); got != want {
			t.Fatalf("NormalizeSpace(%q) = %q, want %q", s, got, want)
		}
	})
}
