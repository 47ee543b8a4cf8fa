package scraper_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/openapi"
	"github.com/docspec/docspec/scraper"
)

// FuzzPipeline feeds whole pages through everything docspec scrape does —
// bytes → page → model → OpenAPI → kin-openapi validation → JSON — the
// path on which one bad page once cost a whole service (a URI such as
// POST /x/{} made the spec invalid). Any page must give a valid spec or, at
// worst, operations left out with an error naming the page; never no spec.
func FuzzPipeline(f *testing.F) {
	for _, rel := range []string{
		"sources/otc/apig/CreateSignatureKeyV2.html",
		"sources/otc/elb-v3/DeleteL7Policy.html",
		"sources/huaweicloud/apig",
		"sources/aliyun/apigateway",
	} {
		files, err := scraper.Files([]string{filepath.Join("..", rel)})
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			if len(data) > 8000 { // small seeds mutate faster; the start holds the URI
				data = data[:8000]
			}
			f.Add(data)
		}
	}
	const sphinx = `<div class="body" role="main"><h1>Creating a thing</h1><section><h2>URI</h2><p>POST /x/{}</p></section>` +
		`<section><h2>Request Parameters</h2><table><caption>Table 1 Request body parameters</caption><tr><th>Parameter</th><th>Mandatory</th><th>Type</th><th>Description</th></tr>` +
		`<tr><td>name</td><td>Yes</td><td>String</td><td>Name. Minimum: 3</td></tr></table></section></div>`
	f.Add([]byte(sphinx))
	f.Fuzz(func(t *testing.T, data []byte) {
		svc := &model.Service{Name: "fuzz"}
		scraper.AddPage(svc, "fuzz.html", data)
		scraper.AddPage(svc, "fuzz2.html", data) // the same page twice: merged, or reported
		scraper.Finish(svc)
		doc, diags, err := openapi.Build(svc)
		if err != nil {
			t.Fatalf("no spec: %v", err)
		}
		for _, d := range append(svc.Diagnostics, diags...) {
			if d.Severity == model.SevError && d.Source.File == "" {
				t.Errorf("error names no page: %s [%s]", d.Message, d.Code)
			}
		}
		js, err := openapi.Marshal(doc, "json")
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		if doc, err = loadSpecBytes(js); err != nil {
			t.Fatalf("the JSON written does not load: %v", err)
		}
		if err := openapi.Validate(doc); err != nil {
			t.Fatalf("the spec written does not validate: %v", err)
		}
	})
}

func loadSpecBytes(b []byte) (*openapi3.T, error) {
	l := openapi3.NewLoader()
	l.IsExternalRefsAllowed = false
	return l.LoadFromData(b)
}
