package interp

import (
	"testing"

	"github.com/docspec/docspec/scraper/page"
)

// Type cells as the corpus writes them.
func TestParseType(t *testing.T) {
	cases := []struct {
		in, typ, format, ref, items, itemsRef string
	}{
		{"String", "string", "", "", "", ""},        // every page
		{"Integer", "integer", "int32", "", "", ""}, // ELB ListMembers, Table 2 row limit
		{"Long", "integer", "int64", "", "", ""},    // APIG querying_apis, Table 4 row total
		{"Boolean", "boolean", "", "", "", ""},      // ELB CreateMember, Table 4 row admin_state_up
		{"Double", "number", "double", "", "", ""},
		{"Array of strings", "array", "", "", "string", ""},                              // APIG creating_an_api, Table 3 row tags
		{"Array of ApiInfoPerPage objects", "array", "", "", "object", "ApiInfoPerPage"}, // APIG querying_apis, Table 4 row apis
		{"CreateMemberOption object", "object", "", "CreateMemberOption", "", ""},        // ELB CreateMember, Table 3 row member
		{"Array<Array< AvailabilityZone >>", "array", "", "", "array", ""},               // ELB ListAvailabilityZones, Table 3
		{"Map<String,String>", "object", "", "", "", ""},
		{"JSONArray", "array", "", "", "", ""},                         // IAM querying_a_user_list, "Parameters in the response body" row users
		{"Json Array", "array", "", "", "", ""},                        // IAM, same layout spaced
		{"JSONObject", "object", "", "", "", ""},                       // IAM: the object counterpart
		{"Array[String]", "array", "", "", "string", ""},               // DLI querying_all_queues, Table 4 row support_spark_versions
		{"Array of objects in Table 5", "array", "", "", "object", ""}, // GeminiDB querying_tasks_and_details, Table 4 row jobs
		{"Objects in Table 6", "object", "", "", "", ""},               // same page, Table 5 row instance
		{"Table 6 object", "object", "", "", "", ""},                   // CCE: the linked table names the object
		{"Array of Table 5 objects", "array", "", "", "object", ""},
		{"Text in Table 5 of the guide", "", "", "", "", ""}, // near-miss: prose stays unread
		{"JSONArrays", "object", "", "JSONArrays", "", ""},   // near-miss: not the word, read as a table name as before
		{"Array[String] or null", "", "", "", "", ""},        // near-miss: prose around the type stays unread
		{"", "", "", "", "", ""},
		{"Some prose", "", "", "", "", ""},
	}
	for _, c := range cases {
		got := parseType(c.in)
		items, itemsRef := "", ""
		if got.Items != nil {
			items, itemsRef = got.Items.Type, got.Items.Ref
		}
		if got.Type != c.typ || got.Format != c.format || got.Ref != c.ref || items != c.items || itemsRef != c.itemsRef {
			t.Errorf("parseType(%q) = %s/%s ref %q items %s ref %q; want %s/%s ref %q items %s ref %q",
				c.in, got.Type, got.Format, got.Ref, items, itemsRef, c.typ, c.format, c.ref, c.items, c.itemsRef)
		}
	}
}

// Operation names: the page's anchor, its case restored on Sphinx pages,
// counters dropped, and the provider's naming when a page carries none.
func TestOperationID(t *testing.T) {
	cases := []struct {
		anchor, title, method, path, want string
	}{
		// seed 000 (doc-export): the anchor as written
		{"CreateSignatureKeyV2", "Creating a Signature Key", "POST", "/v2/{project_id}/apigw/instances/{instance_id}/signs", "CreateSignatureKeyV2"},
		// seed 001: the repository's revision counter
		{"CreateSignatureKeyV2_1", "Creating a Signature Key", "POST", "/v2/{project_id}/apigw/instances/{instance_id}/signs", "CreateSignatureKeyV2"},
		// the portal's Sphinx rendering: lowercased
		{"createsignaturekeyv2", "Creating a Signature Key", "POST", "/v2/{project_id}/apigw/instances/{instance_id}/signs", "CreateSignatureKeyV2"},
		// 2023-11-27 revision: Sphinx's duplicate-id counter
		{"listapigroupsv2-1", "Querying API Groups", "GET", "/v2/{project_id}/apigw/instances/{instance_id}/api-groups", "ListApiGroupsV2"},
		// seed 003: no name on the page
		{"", "Modifying a Signature Key", "PUT", "/v2/{project_id}/apigw/instances/{instance_id}/signs/{sign_id}", "UpdateSignatureKeyV2"},
	}
	for _, c := range cases {
		got := operationID(&page.Page{Anchor: c.anchor, Title: c.title}, c.method, c.path)
		if got != c.want {
			t.Errorf("operationID(%q, %q) = %s, want %s", c.anchor, c.title, got, c.want)
		}
	}
}

func TestSectionRole(t *testing.T) {
	cases := map[string]int{
		"URI": secURI, "Request Parameters": secRequest, "请求参数": secRequest, "Response Parameters": secResponse,
		"响应参数": secResponse, "Example Requests": secExampleRequest, "请求示例": secExampleRequest,
		"Example Responses": secExampleResponse, "响应示例": secExampleResponse, "Status Codes": secStatusCodes,
		"状态码": secStatusCodes, "Error Codes": secErrorCodes, "Function": secFunction, "功能介绍": secFunction,
		"Calling Method": secOther,
	}
	for h, want := range cases {
		if got := sectionRole(h); got != want {
			t.Errorf("sectionRole(%q) = %d, want %d", h, got, want)
		}
	}
}

// Headers worded otherwise than the corpus's ("Is Mandatory", "Parameter
// Type") still name their column.
func TestColumnKindWordings(t *testing.T) {
	cases := map[string]int{
		"Parameter": colName, "Is Mandatory": colRequired, "Parameter Type": colType, "Data Type": colType,
		"Description": colDesc, "Example Value": colExample, "是否必填": colRequired, "参数名称": colName,
		"HTTP Status Code": colStatus, "Error Code": colErrorCode,
	}
	for h, want := range cases {
		if got := columnKind(h); got != want {
			t.Errorf("columnKind(%q) = %d, want %d", h, got, want)
		}
	}
}

// One "Examples" section holding both an example request and an example
// response: the labels say which body each code block belongs to.
func TestExamplesSectionWithBoth(t *testing.T) {
	p := &page.Page{File: "x.html", Title: "Creating a Thing", Blocks: []*page.Block{
		{Kind: page.KindHeading, Level: 2, Text: "URI"},
		{Kind: page.KindParagraph, Text: "POST /v1/{project_id}/things"},
		{Kind: page.KindHeading, Level: 2, Text: "Examples"},
		{Kind: page.KindParagraph, Text: "Example request"},
		{Kind: page.KindCode, Text: `{"name": "a"}`},
		{Kind: page.KindParagraph, Text: "Example response"},
		{Kind: page.KindParagraph, Text: "Status code: 201"},
		{Kind: page.KindCode, Text: `{"id": "1"}`},
	}}
	r := Interpret(p)
	if len(r.Operations) != 1 {
		t.Fatalf("%d operations", len(r.Operations))
	}
	op := r.Operations[0]
	if op.RequestBody == nil || len(op.RequestBody.Examples) != 1 || op.RequestBody.Examples[0].Value != `{"name": "a"}` {
		t.Errorf("request example: %+v", op.RequestBody)
	}
	if len(op.Responses) != 1 || op.Responses[0].Status != "201" || op.Responses[0].Body == nil || op.Responses[0].Body.Examples[0].Value != `{"id": "1"}` {
		t.Errorf("responses: %+v", op.Responses)
	}
}

// "URI format: GET /v3/..." in the URI section names the operation too.
func TestMethodLineIntroduced(t *testing.T) {
	p := &page.Page{File: "x.html", Title: "Querying Things", Blocks: []*page.Block{
		{Kind: page.KindHeading, Level: 2, Text: "URI"},
		{Kind: page.KindParagraph, Text: "URI format: GET /v3/{project_id}/things?limit={limit}"},
	}}
	r := Interpret(p)
	if len(r.Operations) != 1 || r.Operations[0].Method != "GET" || r.Operations[0].Path != "/v3/{project_id}/things" {
		t.Fatalf("operations: %+v", r.Operations)
	}
}

func row(cells ...string) *page.Row {
	r := &page.Row{}
	for _, c := range cells {
		r.Cells = append(r.Cells, &page.Cell{Blocks: []*page.Block{{Kind: page.KindParagraph, Text: c}}})
	}
	return r
}

// A "Response header parameters" table (none in the corpus; common on other
// services) gives the status's headers, and a status with "None" gives a
// response without a body.
func TestResponseHeadersAndEmptyBody(t *testing.T) {
	p := &page.Page{File: "x.html", Title: "Deleting a Thing", Blocks: []*page.Block{
		{Kind: page.KindHeading, Level: 2, Text: "URI"},
		{Kind: page.KindParagraph, Text: "DELETE /v1/{project_id}/things/{thing_id}"},
		{Kind: page.KindHeading, Level: 2, Text: "Response Parameters"},
		{Kind: page.KindParagraph, Text: "Status code: 204"},
		{Kind: page.KindTable, Table: &page.Table{Caption: "Table 2 Response header parameters", Header: []string{"Parameter", "Type", "Description"},
			Rows: []*page.Row{row("X-Request-Id", "String", "Request ID.")}}},
		{Kind: page.KindHeading, Level: 2, Text: "Status Codes"},
		{Kind: page.KindTable, Table: &page.Table{Header: []string{"Status Code", "Description"}, Rows: []*page.Row{row("204", "No Content")}}},
	}}
	r := Interpret(p)
	if len(r.Operations) != 1 {
		t.Fatalf("%d operations", len(r.Operations))
	}
	op := r.Operations[0]
	if op.RequestBody != nil {
		t.Errorf("request body %+v on a page with none", op.RequestBody)
	}
	if len(op.Responses) != 1 {
		t.Fatalf("responses %+v", op.Responses)
	}
	resp := op.Responses[0]
	if resp.Status != "204" || resp.Description != "No Content" || resp.Body != nil || len(resp.Headers) != 1 || resp.Headers[0].Name != "X-Request-Id" || resp.Headers[0].Schema.Type != "string" {
		t.Errorf("response %+v", resp)
	}
}
