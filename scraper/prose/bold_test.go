package prose

import (
	"regexp"
	"testing"
)

var reBold = regexp.MustCompile(`\*\*|__`)

var boldCases = []string{"", "*", "_", "**", "__", "***", "****", "*__*", "_**_", "a**b**c", "**bold** and __this__",
	"x*y_z", "__init__", "é**ü", "\xff**\xfe", "ab_", "ab*", "_*_*", "**_"}

// TestDropBold: dropBold gives what the expression it replaces gives.
func TestDropBold(t *testing.T) {
	for _, s := range boldCases {
		if got, want := dropBold(s), reBold.ReplaceAllString(s, ""); got != want {
			t.Errorf("dropBold(%q) = %q, the expression gives %q", s, got, want)
		}
	}
}

func FuzzDropBold(f *testing.F) {
	for _, s := range boldCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := dropBold(s), reBold.ReplaceAllString(s, ""); got != want {
			t.Fatalf("dropBold(%q) = %q, the expression gives %q", s, got, want)
		}
	})
}
