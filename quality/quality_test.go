package quality

import (
	"strings"
	"testing"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/openapi"
	"github.com/docspec/docspec/scraper"
)

// report scrapes pages and builds the spec, as docspec build does, and
// measures the service with every diagnostic of both steps.
func report(t *testing.T, files ...string) *Report {
	t.Helper()
	svc, err := scraper.Scrape(files, scraper.Meta{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	_, diags, err := openapi.Build(svc)
	if err != nil {
		t.Fatal(err)
	}
	svc.Diagnostics = append(svc.Diagnostics, diags...)
	model.SortDiagnostics(svc.Diagnostics)
	return Measure(svc)
}

// sources/otc/dns/apis/tag_management/adding_resource_tags.html, section
// "Response": "None" (only "If a 2xx status code is returned ... the
// request is successful"): the report lists the operation once, at its URI
// line, though the reader and the spec writer both say so.
func TestNoSuccessListsTheOperationOnce(t *testing.T) {
	r := report(t, "../sources/otc/dns/apis/tag_management/adding_resource_tags.html")
	if len(r.NoSuccess) != 1 || r.NoSuccess[0].Operation != "CreateResourceTagsV2" || r.NoSuccess[0].Source.Line != 58 {
		t.Fatalf("NoSuccess = %+v, want CreateResourceTagsV2 at line 58", r.NoSuccess)
	}
	var b strings.Builder
	if err := r.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	if want := "- CreateResourceTagsV2: ../sources/otc/dns/apis/tag_management/adding_resource_tags.html:58"; !strings.Contains(b.String(), want) {
		t.Errorf("markdown lacks %q:\n%s", want, b.String())
	}
}

// Near miss: sources/otc/dns/apis/tag_management/querying_tags_of_a_resource.html
// documents 200 ("Table 2 Parameter in the response"): nothing listed.
func TestNoSuccessLeavesDocumentedSuccessOut(t *testing.T) {
	if r := report(t, "../sources/otc/dns/apis/tag_management/querying_tags_of_a_resource.html"); len(r.NoSuccess) != 0 {
		t.Fatalf("NoSuccess = %+v, want none", r.NoSuccess)
	}
}

// sources/otc/dns/apis/private_zone_management/creating_a_private_zone.html,
// "Example response" at line 357 against "Table 4 Parameters in the
// response" row created_at ("The UTC time format is used:
// YYYY-MM-DDTHH:MM:SSZ."): the example's "2017-04-22T08:17:08.997" has no
// zone; the report lists the contradiction with its page and line.
func TestContradictionsAreListedWithTheirPlace(t *testing.T) {
	r := report(t, "../sources/otc/dns/apis/private_zone_management/creating_a_private_zone.html")
	for _, f := range r.Contradictions {
		if f.Source.Line == 357 && strings.Contains(f.Text, `created_at = "2017-04-22T08:17:08.997"`) {
			return
		}
	}
	t.Fatalf("no contradiction about created_at at line 357: %+v", r.Contradictions)
}
