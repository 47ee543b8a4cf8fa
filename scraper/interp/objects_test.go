package interp

import (
	"testing"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/page"
)

// Negative for the type-named body: a GET page whose Request section holds
// an object table no row points at ("Table 2 Filter structure", describing
// a query string's JSON value) gets no request body from it.
func TestTypeNamedBodyNotOnGET(t *testing.T) {
	p := &page.Page{File: "x.html", Title: "Listing Things", Blocks: []*page.Block{
		{Kind: page.KindHeading, Level: 2, Text: "URI"},
		{Kind: page.KindParagraph, Text: "GET /v1/{project_id}/things"},
		{Kind: page.KindHeading, Level: 2, Text: "Request"},
		{Kind: page.KindTable, Table: &page.Table{Caption: "Table 2 Filter structure", Header: []string{"Parameter", "Mandatory", "Type", "Description"},
			Rows: []*page.Row{row("name", "No", "String", "Name.")}}},
	}}
	r := Interpret(p)
	if len(r.Operations) != 1 {
		t.Fatalf("%d operations", len(r.Operations))
	}
	if rb := r.Operations[0].RequestBody; rb != nil {
		t.Errorf("GET got a request body from Table 2: %+v", rb.Schema)
	}
}

// Negative for the type-named body: where a table is captioned as the
// response body, an object table that nothing points at stays an object
// table (reported unused), not a second body.
func TestTypeNamedBodyNotBesideCaptionedBody(t *testing.T) {
	p := &page.Page{File: "x.html", Title: "Showing a Thing", Blocks: []*page.Block{
		{Kind: page.KindHeading, Level: 2, Text: "URI"},
		{Kind: page.KindParagraph, Text: "GET /v1/{project_id}/things/{id}"},
		{Kind: page.KindHeading, Level: 2, Text: "Response"},
		{Kind: page.KindTable, Table: &page.Table{Caption: "Table 2 Response parameters", Header: []string{"Parameter", "Type", "Description"},
			Rows: []*page.Row{row("id", "String", "ID.")}}},
		{Kind: page.KindTable, Table: &page.Table{Caption: "Table 3 Tag structure", Header: []string{"Parameter", "Type", "Description"},
			Rows: []*page.Row{row("key", "String", "Key.")}}},
	}}
	r := Interpret(p)
	if len(r.Operations) != 1 || len(r.Operations[0].Responses) != 1 {
		t.Fatalf("operations %+v", r.Operations)
	}
	body := r.Operations[0].Responses[0].Body.Schema
	if len(body.Properties) != 1 || body.Properties[0].Name != "id" {
		t.Errorf("response body fields %+v, want id only", body.Properties)
	}
}

// Negative for the bare-array body: a body whose rows are "[items]" and
// another field, or whose one row is a field named "items", stays an
// object.
func TestBareArrayOnlyForLoneItemsRow(t *testing.T) {
	arr := func() *model.Schema {
		return &model.Schema{Type: model.TypeArray, Items: &model.Schema{Type: model.TypeString}}
	}
	two := &model.Schema{Type: model.TypeObject, Properties: []*model.Property{{Name: "[items]", Schema: arr()}, {Name: "total", Schema: &model.Schema{Type: model.TypeInteger}}}}
	if got := bareArray(two); got != two {
		t.Errorf("[items] beside total became %+v", got)
	}
	named := &model.Schema{Type: model.TypeObject, Properties: []*model.Property{{Name: "items", Schema: arr()}}}
	if got := bareArray(named); got != named {
		t.Errorf("a field named items became %+v", got)
	}
	elems := &model.Schema{Type: model.TypeObject, Properties: []*model.Property{{Name: "Array elements", Schema: arr()}, {Name: "count", Schema: &model.Schema{Type: model.TypeInteger}}}}
	if got := bareArray(elems); got != elems {
		t.Errorf("Array elements beside count became %+v", got)
	}
	scalar := &model.Schema{Type: model.TypeObject, Properties: []*model.Property{{Name: "Array elements", Schema: &model.Schema{Type: model.TypeString}}}}
	if got := bareArray(scalar); got != scalar {
		t.Errorf("a lone Array elements row that is no array became %+v", got)
	}
}
