package conventions

import (
	"math"
	"testing"
)

// TestSourceDirectAgreesWithGet: the direct read of x-docspec-source gives
// what the JSON round trip gives, wherever it answers.
func TestSourceDirectAgreesWithGet(t *testing.T) {
	full := Source{File: "sources/otc/apig/CreateSignatureKeyV2.html", Section: "Request Parameters", Table: "Table 3 Request body parameters", Row: "name", Line: 75}
	for _, v := range []any{
		full.value(),
		map[string]any{"file": "a.html", "line": 3.0},
		map[string]any{"file": "a.html", "line": int64(7)},
		map[string]any{"file": "a.html", "line": 1.5},
		map[string]any{"file": "a.html", "line": math.Inf(1)},
		map[string]any{"file": "a.html", "line": "3"},
		map[string]any{"file": 3},
		map[string]any{"File": "a.html"},
		map[string]any{"file": "a\xffb"},
		map[string]any{"file": "a.html", "extra": true},
		map[string]any{},
		"a.html",
		nil,
	} {
		ext := map[string]any{KeySource: v}
		var want Source
		if ok, err := Get(ext, KeySource, &want); !ok || err != nil {
			want = Source{}
		}
		if got := SourceOf(ext); got != want {
			t.Errorf("SourceOf(%#v) = %+v, the JSON round trip gives %+v", v, got, want)
		}
		if got, ok := sourceDirect(v); ok && got != want {
			t.Errorf("sourceDirect(%#v) = %+v, the JSON round trip gives %+v", v, got, want)
		}
	}
	if _, ok := sourceDirect(full.value()); !ok {
		t.Errorf("sourceDirect does not read what SetSource writes")
	}
}
