package interp

import (
	"fmt"
	"testing"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/page"
)

// One sentence read into two rules is said once; diagnostics that differ
// in code, message or place are all kept, in order. (The cost stays linear
// in their number: BenchmarkShiftingRowspans in package scraper.)
func TestDiagnosticSaidOnce(t *testing.T) {
	w := &walker{p: &page.Page{File: "CreateSignatureKeyV2.html"}, res: &Result{}}
	src := func(row string) model.Source {
		return w.src("Request Parameters", "Table 3 Request body parameters", row, 90)
	}
	for i := 0; i < 3; i++ {
		for _, row := range []string{"name", "sign_type", "sign_key"} {
			w.diag(model.SevWarning, "type-unreadable", "CreateSignatureKeyV2", "cannot read the type \"Strng\"", src(row))
		}
		w.diag(model.SevWarning, "required-unreadable", "CreateSignatureKeyV2", "cannot read the type \"Strng\"", src("name"))
		w.diag(model.SevWarning, "type-unreadable", "CreateSignatureKeyV2", fmt.Sprintf("cannot read the type %q", "Sting"), src("name"))
	}
	var got []string
	for _, d := range w.res.Diagnostics {
		got = append(got, d.Code+" "+d.Source.Row+" "+d.Message)
	}
	want := []string{
		`type-unreadable name cannot read the type "Strng"`,
		`type-unreadable sign_type cannot read the type "Strng"`,
		`type-unreadable sign_key cannot read the type "Strng"`,
		`required-unreadable name cannot read the type "Strng"`,
		`type-unreadable name cannot read the type "Sting"`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("diagnostics\n%q\nwant\n%q", got, want)
	}
}
