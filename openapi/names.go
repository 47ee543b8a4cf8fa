package openapi

import (
	"strings"
	"unicode"
)

// goName turns a table name into a component name that is both a valid
// OpenAPI component key (^[a-zA-Z0-9._-]+$) and a Go-friendly identifier:
// ASCII letters and digits only, PascalCase at word boundaries, no leading
// digit. It returns "" when nothing usable remains (a Chinese-only name).
func goName(s string) string {
	var b strings.Builder
	upper := true
	for _, r := range s {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if upper {
				b.WriteRune(unicode.ToUpper(r))
			} else {
				b.WriteRune(r)
			}
			upper = false
		default:
			upper = true
		}
	}
	out := b.String()
	if out != "" && out[0] >= '0' && out[0] <= '9' {
		out = "N" + out
	}
	return out
}
