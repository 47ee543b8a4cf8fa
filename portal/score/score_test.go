package score

import (
	"testing"
)

// The copy scores as specscore does: testdata holds specscore's own
// fixtures (testdata/sample.yaml, sample-wrong.yaml against
// oracle-sign.json, copied from ../shared/tools/specscore/testdata), and the
// figures are what `score --json` prints for them.
func TestScoresLikeSpecscore(t *testing.T) {
	orc, err := Load("testdata/oracle-sign.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		spec                   string
		found                  int
		items                  Counts
		types, required, enums Agree
	}{
		{"testdata/sample.yaml", 1, Counts{15, 0, 3}, Agree{17, 17}, Agree{7, 7}, Agree{4, 4}},
		{"testdata/sample-wrong.yaml", 2, Counts{12, 2, 6}, Agree{12, 14}, Agree{8, 9}, Agree{1, 2}},
	} {
		ops, _, err := LoadSpec(c.spec)
		if err != nil {
			t.Fatal(err)
		}
		r := Compare(ops, orc, Options{IgnoreParams: DefaultIgnoreParams})
		o := r.Overall
		if r.Found != c.found || r.OracleOps != 2 || o.Items != c.items || o.Types != c.types || o.Required != c.required || o.Enums != c.enums {
			t.Errorf("%s: found %d/%d, items %+v, types %+v, required %+v, enums %+v; specscore gives found %d/2, %+v, %+v, %+v, %+v",
				c.spec, r.Found, r.OracleOps, o.Items, o.Types, o.Required, o.Enums, c.found, c.items, c.types, c.required, c.enums)
		}
	}
}
