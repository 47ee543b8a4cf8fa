package interp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/htmlpage"
	"github.com/docspec/docspec/scraper/page"
)

// The layouts of the Open Telekom Cloud portal's pages, each pinned on a
// page of testdata/portal (see its README for where each comes from).

func readPortal(t *testing.T, name string) *page.Page {
	t.Helper()
	file := filepath.Join("testdata", "portal", name)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	p, err := htmlpage.Read(file, data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func onlyOperation(t *testing.T, r *Result) *model.Operation {
	t.Helper()
	if r.Kind != model.PageOperation || len(r.Operations) != 1 {
		t.Fatalf("kind %s, %d operations; want one operation (%s)", r.Kind, len(r.Operations), r.Note)
	}
	return r.Operations[0]
}

func param(op *model.Operation, name string) *model.Parameter {
	for _, p := range op.Parameters {
		if p.Name == name {
			return p
		}
	}
	return nil
}

func prop(s *model.Schema, path string) *model.Property {
	var p *model.Property
	for _, n := range strings.Split(path, ".") {
		if s == nil {
			return nil
		}
		if s.Type == model.TypeArray && s.Items != nil {
			s = s.Items
		}
		p = nil
		for _, q := range s.Properties {
			if q.Name == n {
				p = q
			}
		}
		if p == nil {
			return nil
		}
		s = p.Schema
	}
	return p
}

func response(op *model.Operation, status string) *model.Response {
	for _, r := range op.Responses {
		if r.Status == status {
			return r
		}
	}
	return nil
}

func diagCodes(r *Result) map[string]int {
	m := map[string]int{}
	for _, d := range r.Diagnostics {
		m[d.Code]++
	}
	return m
}

// kms creating_a_cmk.html, section URI: the method line is the second
// paragraph of the list item "URI format" (line 62), Table 1 sits in the item
// "Parameter description"; the examples are in the items "Example request" /
// "Example response" of section "Examples".
func TestKMSCreatingACMKMethodLineInListItem(t *testing.T) {
	op := onlyOperation(t, Interpret(readPortal(t, "kms-creating_a_cmk.html")))
	if op.Method != "POST" || op.Path != "/v1.0/{project_id}/kms/create-key" || op.Source.Line != 62 {
		t.Errorf("method line %s %s at line %d; want POST /v1.0/{project_id}/kms/create-key at line 62", op.Method, op.Path, op.Source.Line)
	}
	if p := param(op, "project_id"); p == nil || p.In != model.InPath || p.Source.Table != "Table 1 URI parameter" || p.Schema.Type != model.TypeString {
		t.Errorf("project_id: %+v; want a string path parameter from Table 1", p)
	}
	if op.RequestBody == nil || len(op.RequestBody.Examples) != 1 || !strings.Contains(op.RequestBody.Examples[0].Value, `"key_alias": "test"`) {
		t.Errorf("request example: %+v; want the code of the item \"Example request\"", op.RequestBody)
	}
	r := response(op, "200")
	if r == nil || r.Body == nil || len(r.Body.Examples) != 1 || !strings.Contains(r.Body.Examples[0].Value, "key_info") {
		t.Fatalf("response 200: %+v; want the code of the item \"Example response\", and not its error sample after \"or\"", r)
	}
	// Table 4 row key_info: "Array of objects ... see Table 5" — the object
	// table is portal-objects' layout; here only the top-level field counts.
	if prop(r.Body.Schema, "key_info") == nil {
		t.Errorf("response 200 lacks key_info of Table 4")
	}
}

// rds restoring_data_to_an_existing_db_instance.html, section URI, item "URI
// format" (line 125): "POST https://{endpoint}/v3.1/{project_id}/instances/recovery"
// — the server part is no part of the path. Section Constraints holds a list
// whose item holds "Table 1 Restoring to specific DB engine versions": no
// parameter table (near-miss: a table in a list).
func TestRDSRestoringMethodLineAsURL(t *testing.T) {
	r := Interpret(readPortal(t, "rds-restoring_data_to_an_existing_db_instance.html"))
	op := onlyOperation(t, r)
	if op.Method != "POST" || op.Path != "/v3.1/{project_id}/instances/recovery" || op.Source.Line != 125 {
		t.Errorf("method line %s %s at line %d; want POST /v3.1/{project_id}/instances/recovery at line 125", op.Method, op.Path, op.Source.Line)
	}
	if p := param(op, "project_id"); p == nil || p.In != model.InPath || p.Source.Table != "Table 2 Parameter description" {
		t.Errorf("project_id: %+v; want the path parameter of Table 2", p)
	}
	for _, p := range op.Parameters {
		if strings.HasPrefix(p.Source.Table, "Table 1 ") {
			t.Errorf("parameter %s read from Table 1, which lists engine versions", p.Name)
		}
	}
	// Section Request Parameters: Table 3 holds the headers, Table 4 the body
	// (its rows' objects, "For details, see Table 5.", are portal-objects').
	if p := param(op, "X-Auth-Token"); p == nil || p.In != model.InHeader {
		t.Errorf("X-Auth-Token: %+v; want the header parameter of Table 3", p)
	}
	if op.RequestBody == nil {
		t.Fatal("no request body")
	}
	for _, f := range []string{"source", "target"} {
		if p := prop(op.RequestBody.Schema, f); p == nil || p.Source.Table != "Table 4 Parameter description" {
			t.Errorf("request %s: %+v; want Table 4's row", f, p)
		}
	}
	// Response section, item "Normal response" holds Table 7; status 202 comes
	// from the "Status Code" section's item "Normal".
	resp := response(op, "202")
	if resp == nil || resp.Body == nil || prop(resp.Body.Schema, "job_id") == nil {
		t.Errorf("response 202: %+v; want Table 7's job_id", resp)
	}
}

// vpn creating_a_vpn_connection_monitor.html: section Request holds a list
// whose item "Request parameters" holds Table 2 and Table 3; section
// Response's item "Response parameters" says "Returned status code 201" and
// holds Table 4 and Table 5.
func TestVPNConnectionMonitorTablesInListItems(t *testing.T) {
	op := onlyOperation(t, Interpret(readPortal(t, "vpn-creating_a_vpn_connection_monitor.html")))
	if op.RequestBody == nil {
		t.Fatal("no request body")
	}
	if p := prop(op.RequestBody.Schema, "connection_monitor.vpn_connection_id"); p == nil || p.Source.Table != "Table 3 CreateConnectionMonitorRequestBodyContent" {
		t.Errorf("request connection_monitor.vpn_connection_id: %+v; want Table 3's row", p)
	}
	r := response(op, "201")
	if r == nil || r.Body == nil {
		t.Fatalf("no response 201: %+v", op.Responses)
	}
	for _, f := range []string{"connection_monitor.id", "connection_monitor.proto_type", "request_id"} {
		if prop(r.Body.Schema, f) == nil {
			t.Errorf("response 201 lacks %s (Tables 4, 5)", f)
		}
	}
	if len(r.Body.Examples) != 1 {
		t.Errorf("response 201 has %d examples; want the one of the item \"Example response\"", len(r.Body.Examples))
	}
	// The "Example request" item's code starts with the request line and
	// holds the body.
	if len(op.RequestBody.Examples) != 1 || !strings.HasPrefix(op.RequestBody.Examples[0].Value, "{") {
		t.Errorf("request examples %+v; want the JSON of the item \"Example request\"", op.RequestBody.Examples)
	}
}

// iam creating_an_agency.html: no table has a caption. Section Request
// Parameters: item "Parameters in the request header" (line 60) holds the
// header table, item "Parameters in the request body" (line 83) the body
// table whose row agency (line 93) is an Object described by the table of the
// item labelled "agency" (line 101). The response side repeats the layout;
// the item "Example response (request failed)" is no success sample.
func TestIAMCreatingAnAgencyUncaptionedTables(t *testing.T) {
	r := Interpret(readPortal(t, "iam-creating_an_agency.html"))
	op := onlyOperation(t, r)
	if p := param(op, "X-Auth-Token"); p == nil || p.In != model.InHeader {
		t.Errorf("X-Auth-Token: %+v; want the header parameter of the item \"Parameters in the request header\"", p)
	}
	if op.RequestBody == nil {
		t.Fatal("no request body")
	}
	a := prop(op.RequestBody.Schema, "agency")
	if a == nil || !a.Required || a.Source.Line != 93 {
		t.Fatalf("request agency: %+v; want the required row at line 93", a)
	}
	if p := prop(op.RequestBody.Schema, "agency.trust_domain_name"); p == nil || p.Source.Line != 126 {
		t.Errorf("request agency.trust_domain_name: %+v; want the row at line 126 of the table labelled \"agency\"", p)
	}
	resp := response(op, "201")
	if resp == nil || resp.Body == nil || prop(resp.Body.Schema, "agency.expire_time") == nil {
		t.Fatalf("response 201: %+v; want agency.expire_time from the response's \"agency\" table", resp)
	}
	if len(resp.Body.Examples) != 1 || strings.Contains(resp.Body.Examples[0].Value, "Bad Request") {
		t.Errorf("response 201 examples %+v; want the successful one only", resp.Body.Examples)
	}
	if n := diagCodes(r)["table-unused"]; n != 0 {
		t.Errorf("%d table-unused warnings; every table has a role", n)
	}
}

// iam creating_a_virtual_mfa_device.html, Table 2 row virtual_mfa_device
// (line 86): Type "object", the name links to Table 3.
func TestIAMVirtualMFADeviceNameLinksObjectTable(t *testing.T) {
	op := onlyOperation(t, Interpret(readPortal(t, "iam-creating_a_virtual_mfa_device.html")))
	if op.RequestBody == nil {
		t.Fatal("no request body")
	}
	if p := prop(op.RequestBody.Schema, "virtual_mfa_device.user_id"); p == nil || p.Source.Table != "Table 3 virtual_mfa_device" {
		t.Errorf("virtual_mfa_device.user_id: %+v; want Table 3's row", p)
	}
	r := response(op, "201")
	if r == nil || r.Body == nil || prop(r.Body.Schema, "virtual_mfa_device.base32_string_seed") == nil {
		t.Errorf("response 201 lacks virtual_mfa_device.base32_string_seed of Table 5")
	}
}

// dcs batch_deleting_dcs_instances.html, section URI: "DELETE
// /v1.0/{project_id}/instances?allFailure={allFailure}" and Table 1 lists both
// names: project_id goes to the path, allFailure to the query string.
func TestDCSBatchDeletingURITableSplitsPathAndQuery(t *testing.T) {
	op := onlyOperation(t, Interpret(readPortal(t, "dcs-batch_deleting_dcs_instances.html")))
	if op.Path != "/v1.0/{project_id}/instances" {
		t.Errorf("path %s; want the query string cut", op.Path)
	}
	var got []string
	for _, p := range op.Parameters {
		got = append(got, p.In+":"+p.Name)
	}
	if strings.Join(got, " ") != "path:project_id query:allFailure" {
		t.Errorf("parameters %v; want path:project_id query:allFailure", got)
	}
}

func para(t string) *page.Block { return &page.Block{Kind: page.KindParagraph, Text: t} }

func item(blocks ...*page.Block) *page.Cell { return &page.Cell{Blocks: blocks} }

func list(items ...*page.Cell) *page.Block { return &page.Block{Kind: page.KindList, Items: items} }

// Near-misses of the list-item layouts: prose naming a method in a list of
// the Function section, and a request URL in a list item of an example
// section, are no method line.
func TestListItemNearMissesAreNoMethodLine(t *testing.T) {
	p := &page.Page{File: "x.html", Title: "Querying a Key", Blocks: []*page.Block{
		{Kind: page.KindHeading, Level: 2, Text: "Function"},
		list(item(para("Call GET on the key's URI to read it; POST creates one.")), item(para("The GET method is idempotent."))),
		{Kind: page.KindHeading, Level: 2, Text: "Example Request"},
		list(item(para("Query a key"), para("GET https://{endpoint}/v1.0/{project_id}/kms/keys/k1"))),
	}}
	r := Interpret(p)
	if r.Kind != model.PageSkipped || len(r.Operations) != 0 {
		t.Errorf("kind %s, %d operations; want a skipped page", r.Kind, len(r.Operations))
	}
}

// Near-misses of the labelled tables: an uncaptioned table labelled with a
// word that names no field of the page is no object table; a status-code
// table in a list item gives no parameter; an item labelled "Example response
// (request failed)" gives no success example.
func TestLabelNearMisses(t *testing.T) {
	hdr := []string{"Parameter", "Mandatory", "Type", "Description"}
	p := &page.Page{File: "x.html", Title: "Deleting a Thing", Blocks: []*page.Block{
		{Kind: page.KindHeading, Level: 2, Text: "URI"},
		para("DELETE /v1/{project_id}/things/{thing_id}?cascade={cascade}"),
		{Kind: page.KindHeading, Level: 2, Text: "Request Parameters"},
		list(item(para("Parameters"), &page.Block{Kind: page.KindTable, Table: &page.Table{Header: hdr, Rows: []*page.Row{row("X-Auth-Token", "Yes", "String", "Token.")}}})),
		{Kind: page.KindHeading, Level: 2, Text: "Response Parameters"},
		list(
			item(para("Status codes"), &page.Block{Kind: page.KindTable, Table: &page.Table{Header: []string{"Status Code", "Description"}, Rows: []*page.Row{row("204", "Deleted.")}}}),
			item(para("Example response (request failed)"), &page.Block{Kind: page.KindCode, Text: `{"error": {"code": 404, "message": "Could not find thing", "title": "Not Found"}}`}),
		),
	}}
	r := Interpret(p)
	op := onlyOperation(t, r)
	var got []string
	for _, p := range op.Parameters {
		got = append(got, p.In+":"+p.Name)
	}
	// The header table is read by its rows (a header name in the request
	// section); cascade has no table, so no query parameter is invented.
	if strings.Join(got, " ") != "header:X-Auth-Token path:project_id path:thing_id" {
		t.Errorf("parameters %v; want header:X-Auth-Token path:project_id path:thing_id", got)
	}
	if len(op.Responses) != 1 || op.Responses[0].Status != "204" || op.Responses[0].Body != nil {
		t.Errorf("responses %+v; want 204 with no body and no example", op.Responses)
	}
}

// rds changing_a_database_port.html, section Response, item "Normal
// response": the uncaptioned table "Name | Description" has no Type column;
// row workflowId (line 152) is a string because the item "Example normal
// response" shows one. Section Request's item "Example" holds a request URL
// with a real host and ids (line 130): a near-miss, not the method line.
func TestRDSChangingPortTypeFromExample(t *testing.T) {
	op := onlyOperation(t, Interpret(readPortal(t, "rds-changing_a_database_port.html")))
	if op.Method != "PUT" || op.Path != "/v3/{project_id}/instances/{instance_id}/port" {
		t.Errorf("method line %s %s (line %d); want the URI section's PUT /v3/{project_id}/instances/{instance_id}/port", op.Method, op.Path, op.Source.Line)
	}
	// Section Status Code, item "Normal": 200.
	r := response(op, "200")
	if r == nil || r.Body == nil || len(op.Responses) != 1 {
		t.Fatalf("responses %+v; want 200 with a body", op.Responses)
	}
	p := prop(r.Body.Schema, "workflowId")
	if p == nil || p.Source.Line != 152 || p.Schema.Type != model.TypeString {
		t.Errorf("workflowId: %+v; want the string of the row at line 152", p)
	}
}

// waf adding_a_precise_protection_rule.html, Table 2: rows conditions (line
// 123) and action (line 128) have the Type "Table 3" / "Table 4", linking to
// the tables that describe them; the example request shows conditions as an
// array and action as an object.
func TestWAFPreciseRuleTypeNamesTable(t *testing.T) {
	r := Interpret(readPortal(t, "waf-adding_a_precise_protection_rule.html"))
	op := onlyOperation(t, r)
	if op.RequestBody == nil {
		t.Fatal("no request body")
	}
	c := prop(op.RequestBody.Schema, "conditions")
	if c == nil || c.Schema.Type != model.TypeArray || c.Schema.Items == nil || c.Schema.Items.Type != model.TypeObject {
		t.Fatalf("conditions: %+v; want an array of Table 3 objects", c)
	}
	if p := prop(op.RequestBody.Schema, "conditions.category"); p == nil || p.Source.Table != "Table 3 conditions" {
		t.Errorf("conditions.category: %+v; want Table 3's row", p)
	}
	if a := prop(op.RequestBody.Schema, "action"); a == nil || a.Schema.Type != model.TypeObject || prop(a.Schema, "category") == nil {
		t.Errorf("action: %+v; want the object of Table 4", a)
	}
	for _, d := range r.Diagnostics {
		if d.Code == "type-unreadable" && strings.Contains(d.Message, "Table") {
			t.Errorf("warning %q: a Type cell naming a table is read", d.Message)
		}
	}
}

// The examples give a type only where all their values agree.
func TestJSONKindNeedsAgreement(t *testing.T) {
	cases := []struct {
		vals []any
		want string
	}{
		{[]any{"a", "b"}, model.TypeString},
		{[]any{float64(1), float64(2)}, model.TypeInteger},
		{[]any{float64(1), 1.5}, model.TypeNumber},
		{[]any{nil, true}, model.TypeBoolean},
		{[]any{"1", float64(1)}, ""}, // a string here, a number there: not said
		{[]any{nil}, ""},
		{nil, ""},
	}
	for _, c := range cases {
		if got := jsonKind(c.vals); got != c.want {
			t.Errorf("jsonKind(%v) = %q, want %q", c.vals, got, c.want)
		}
	}
}

// bms querying_bms_flavors.html, section URI (line 59): "GET
// /v2.1/{project_id}/flavors/detail{?minDisk={minDisk}&minRam={minRam}&...}",
// an RFC 6570 query template. The path ends before it; "Table 2 Optional
// parameters" of section Request Parameters lists the template's names, so
// they are query parameters, not a GET body. The example request lines
// ("GET https://{ECS Endpoint}/...", a placeholder host with a space) are no
// example bodies.
func TestBMSFlavorsQueryTemplate(t *testing.T) {
	r := Interpret(readPortal(t, "bms-querying_bms_flavors.html"))
	op := onlyOperation(t, r)
	if op.Path != "/v2.1/{project_id}/flavors/detail" {
		t.Errorf("path %q; want the query template cut", op.Path)
	}
	var got []string
	for _, p := range op.Parameters {
		got = append(got, p.In+":"+p.Name)
	}
	if strings.Join(got, " ") != "path:project_id query:minDisk query:minRam query:sort_key query:sort_dir" {
		t.Errorf("parameters %v; want project_id in the path and Table 2's rows in the query", got)
	}
	if op.RequestBody != nil {
		t.Errorf("a GET with a request body: %+v", op.RequestBody)
	}
	if n := diagCodes(r)["example-not-json"]; n != 0 {
		t.Errorf("%d example-not-json warnings; the request lines are no examples", n)
	}
}

// dws creating_a_cluster.html, section URI: the method line is a code block
// of one line (line 57). A one-line request in an example section stays an
// example, never the method line (TestListItemNearMissesAreNoMethodLine).
func TestDWSMethodLineInCodeBlock(t *testing.T) {
	op := onlyOperation(t, Interpret(readPortal(t, "dws-creating_a_cluster.html")))
	if op.Method != "POST" || op.Path != "/v1.0/{project_id}/clusters" || op.Source.Line != 57 {
		t.Errorf("method line %s %s at line %d; want POST /v1.0/{project_id}/clusters at line 57", op.Method, op.Path, op.Source.Line)
	}
}

// A code block of the URI section that holds more than the request line (a
// sample with headers) is no method line.
func TestURICodeBlockNearMiss(t *testing.T) {
	p := &page.Page{File: "x.html", Title: "Creating a Thing", Blocks: []*page.Block{
		{Kind: page.KindHeading, Level: 2, Text: "URI"},
		{Kind: page.KindCode, Text: "POST https://{endpoint}/v1/{project_id}/things\nContent-Type: application/json"},
	}}
	if r := Interpret(p); len(r.Operations) != 0 {
		t.Errorf("%d operations from a sample request in the URI section", len(r.Operations))
	}
}

// iam creating_a_user_group.html, section Response Parameters: the table of
// the item "group" has the row links (line 182, "Object"), described by the
// table of the item labelled "group.links" (line 193) — no second response
// body. The request's header table lists Content-Type (line 70, "Fill
// application/json;charset=utf8 in this field."): OpenAPI ignores such a
// header parameter; the body's media type says it.
func TestIAMCreatingAUserGroupNestedLabelAndContentType(t *testing.T) {
	op := onlyOperation(t, Interpret(readPortal(t, "iam-creating_a_user_group.html")))
	r := response(op, "201")
	if r == nil || r.Body == nil {
		t.Fatalf("no response 201 body: %+v", op.Responses)
	}
	if p := prop(r.Body.Schema, "group.links.self"); p == nil || p.Source.Line != 202 {
		t.Errorf("group.links.self: %+v; want the row at line 202 of the table labelled group.links", p)
	}
	for _, p := range r.Body.Schema.Properties {
		if p.Name != "group" {
			t.Errorf("response body has top-level %s (line %d); want group only", p.Name, p.Source.Line)
		}
	}
	if p := param(op, "Content-Type"); p != nil {
		t.Errorf("Content-Type is a header parameter: %+v", p)
	}
	if p := param(op, "X-Auth-Token"); p == nil || p.In != model.InHeader {
		t.Errorf("X-Auth-Token: %+v; want it kept as a header parameter", p)
	}
	if op.RequestBody == nil || op.RequestBody.ContentType != "application/json" {
		t.Errorf("request body %+v; want application/json from the Content-Type row", op.RequestBody)
	}
}

// iam importing_a_metadata_file.html, section URI, row "protocol _id" (line
// 75): the space beside the underscore is a typo of the path's
// {protocol_id}.
func TestIAMImportingMetadataSnakeTypo(t *testing.T) {
	op := onlyOperation(t, Interpret(readPortal(t, "iam-importing_a_metadata_file.html")))
	p := param(op, "protocol_id")
	if p == nil || p.In != model.InPath || p.Source.Line != 75 {
		t.Errorf("protocol_id: %+v; want the path parameter of the row at line 75", p)
	}
	for _, q := range op.Parameters {
		if strings.Contains(q.Name, " ") {
			t.Errorf("parameter %q keeps the space", q.Name)
		}
	}
	// Names with spaces elsewhere are left as written.
	if got := snakeTypo("Request ID"); got != "Request ID" {
		t.Errorf("snakeTypo(Request ID) = %q", got)
	}
}

// iam querying_project_information_based_on_the_specified_criteria.html,
// section Response Parameters: row projects (line 161) has the Type "List"
// and its name links to the table of the item labelled "projects" (line
// 174): an array of those objects. A bare "List" with no such table stays an
// array of unstated items (TestLabelNearMisses covers unlinked labels).
func TestIAMProjectsBareListOfLinkedObjects(t *testing.T) {
	op := onlyOperation(t, Interpret(readPortal(t, "iam-querying_project_information_based_on_the_specified_criteria.html")))
	r := response(op, "200")
	if r == nil || r.Body == nil {
		t.Fatalf("no response 200 body: %+v", op.Responses)
	}
	p := prop(r.Body.Schema, "projects")
	if p == nil || p.Schema.Type != model.TypeArray || p.Schema.Items == nil || p.Schema.Items.Type != model.TypeObject {
		t.Fatalf("projects: %+v; want an array of objects", p)
	}
	if q := prop(r.Body.Schema, "projects.is_domain"); q == nil || q.Source.Line != 184 || q.Schema.Type != model.TypeBoolean {
		t.Errorf("projects.is_domain: %+v; want the Boolean row at line 184", q)
	}
}

// cci creating_a_configmap.html, Table 4 row metadata (line 165): the Type
// "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta object" names Table 5 by
// a qualified name. Responses 200, 201 and 202 each repeat the ObjectMeta
// tables; the fields link to the first copies, and the repeats draw no
// table-unused warning.
func TestCCIQualifiedTypeNamesAndRepeatedTables(t *testing.T) {
	r := Interpret(readPortal(t, "cci-creating_a_configmap.html"))
	op := onlyOperation(t, r)
	if op.RequestBody == nil {
		t.Fatal("no request body")
	}
	m := prop(op.RequestBody.Schema, "metadata")
	if m == nil || m.Schema.Type != model.TypeObject || len(m.Schema.Properties) == 0 || m.Schema.Properties[0].Source.Table != "Table 5 io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" {
		t.Fatalf("metadata: %+v; want the object of Table 5", m)
	}
	codes := diagCodes(r)
	if codes["type-unreadable"] != 0 || codes["table-unused"] != 0 {
		t.Errorf("warnings %v; want no type-unreadable and no table-unused", codes)
	}
	if typ := parseType("com.otc.paas-core.yangtse.pkg.apis.yangtse.v2.NetworkSpec object"); typ.Ref != "com.otc.paas-core.yangtse.pkg.apis.yangtse.v2.NetworkSpec" {
		t.Errorf("a hyphenated qualified name: ref %q", typ.Ref)
	}
}

// A table named like one the operation reads but holding other rows is no
// repeat: left unread, it is still reported.
func TestUnusedTableWithOtherRowsStillWarns(t *testing.T) {
	hdr := []string{"Parameter", "Type", "Description"}
	tbl := func(caption string, rows ...*page.Row) *page.Block {
		return &page.Block{Kind: page.KindTable, Table: &page.Table{Caption: caption, Header: hdr, Rows: rows}}
	}
	p := &page.Page{File: "x.html", Title: "Querying a Thing", Blocks: []*page.Block{
		{Kind: page.KindHeading, Level: 2, Text: "URI"},
		para("GET /v1/things/{thing_id}"),
		{Kind: page.KindHeading, Level: 2, Text: "Response Parameters"},
		para("Status code: 200"),
		tbl("Table 1 Response body parameters", row("meta", "Meta object", "Metadata.")),
		tbl("Table 2 Meta", row("name", "String", "Name.")),
		tbl("Table 3 Meta", row("uid", "String", "UID.")),
	}}
	r := Interpret(p)
	if n := diagCodes(r)["table-unused"]; n != 1 {
		t.Errorf("%d table-unused warnings; want 1, for Table 3", n)
	}
}

// ces querying_the_alarm_history_of_an_alarm_rule.html: Table 2
// "alarm_histories data structure description" row metric says "Metric
// object" and "For details, see Table 3."; no table is captioned "Metric",
// Table 3 is "metric data structure description". Row additional_info says
// "AdditionalInfo object", described by Table 10 "additional_info data
// structure description" (caption naming the field, no link).
func TestCESTypeNamingNoTable(t *testing.T) {
	op := onlyOperation(t, Interpret(readPortal(t, "ces-querying_the_alarm_history_of_an_alarm_rule.html")))
	r := response(op, "200")
	if r == nil || r.Body == nil {
		t.Fatalf("no response 200: %+v", op.Responses)
	}
	for _, f := range []string{"alarm_histories.metric.namespace", "alarm_histories.metric.metric_name", "alarm_histories.metric.dimensions.name",
		"alarm_histories.additional_info.resource_id", "alarm_histories.additional_info.event_id"} {
		if p := prop(r.Body.Schema, f); p == nil {
			t.Errorf("response 200 lacks %s (Tables 3, 4, 10)", f)
		}
	}
	if p := prop(r.Body.Schema, "alarm_histories.metric.namespace"); p != nil && p.Source.Table != "Table 3 metric data structure description" {
		t.Errorf("metric.namespace read from %q; want Table 3", p.Source.Table)
	}
}

// cce updating_a_specified_node_pool.html: Table 5 "Data structure of the
// spec field" row autoscaling says "autoscaling object" with no link;
// Table 6 "Data structure of the autoscaling field" describes it.
func TestCCEObjectNamedByFieldCaption(t *testing.T) {
	op := onlyOperation(t, Interpret(readPortal(t, "cce-updating_a_specified_node_pool.html")))
	if op.RequestBody == nil {
		t.Fatal("no request body")
	}
	for _, f := range []string{"spec.autoscaling.enable", "spec.autoscaling.minNodeCount", "spec.autoscaling.priority"} {
		if p := prop(op.RequestBody.Schema, f); p == nil || p.Source.Table != "Table 6 Data structure of the autoscaling field" {
			t.Errorf("request %s: %+v; want Table 6's row", f, p)
		}
	}
}

// iam querying_the_list_of_projects_accessible_to_users.html: the response
// body table's row projects has the type "JSONArray"; its elements are the
// table labelled "projects" (description, id, domain_id, ...).
func TestIAMJSONArrayType(t *testing.T) {
	op := onlyOperation(t, Interpret(readPortal(t, "iam-querying_the_list_of_projects_accessible_to_users.html")))
	r := response(op, "200")
	if r == nil || r.Body == nil {
		t.Fatalf("no response 200: %+v", op.Responses)
	}
	p := prop(r.Body.Schema, "projects")
	if p == nil || p.Schema.Type != model.TypeArray || p.Schema.Items == nil || p.Schema.Items.Type != model.TypeObject {
		t.Fatalf("projects: %+v; want an array of objects", p)
	}
	for _, f := range []string{"projects.id", "projects.domain_id", "projects.is_domain"} {
		if prop(r.Body.Schema, f) == nil {
			t.Errorf("response lacks %s (the table labelled projects)", f)
		}
	}
}

// Negative for a Type cell naming no table: "Metric object" on a page whose
// only other table is captioned for another field ("dimensions data
// structure description") and that the row does not link to stays an
// object with no fields, and that table is not adopted.
func TestTypeNamingNoTableTakesNoStranger(t *testing.T) {
	hdr := []string{"Parameter", "Type", "Description"}
	tbl := func(caption string, rows ...*page.Row) *page.Block {
		return &page.Block{Kind: page.KindTable, Table: &page.Table{Caption: caption, Header: hdr, Rows: rows}}
	}
	p := &page.Page{File: "x.html", Title: "Querying a Thing", Blocks: []*page.Block{
		{Kind: page.KindHeading, Level: 2, Text: "URI"},
		para("GET /v1/things/{thing_id}"),
		{Kind: page.KindHeading, Level: 2, Text: "Response Parameters"},
		tbl("Table 1 Response body parameters", row("metric", "Metric object", "The metric."), row("dims", "Array of objects", "Dimensions.")),
		tbl("Table 2 dimensions data structure description", row("name", "String", "Name.")),
	}}
	op := onlyOperation(t, Interpret(p))
	r := response(op, "200")
	if r == nil || r.Body == nil {
		t.Fatalf("no response 200: %+v", op.Responses)
	}
	m := prop(r.Body.Schema, "metric")
	if m == nil || m.Schema.Type != model.TypeObject || len(m.Schema.Properties) != 0 {
		t.Errorf("metric: %+v; want an object with no fields", m)
	}
	if prop(r.Body.Schema, "metric.name") != nil {
		t.Errorf("metric took Table 2's fields")
	}
}

// ces adding_monitoring_data.html: the request body's Table 2 has one row,
// "Array elements | Array of objects | ... For details, see Table 3.": the
// body is the JSON array of Table 3's objects (metric, ttl, collect_time,
// value, unit, type), not an object with a field "Array elements".
func TestCESArrayElementsBody(t *testing.T) {
	op := onlyOperation(t, Interpret(readPortal(t, "ces-adding_monitoring_data.html")))
	if op.RequestBody == nil || op.RequestBody.Schema == nil {
		t.Fatal("no request body")
	}
	s := op.RequestBody.Schema
	if s.Type != model.TypeArray || s.Items == nil {
		t.Fatalf("request body type %s; want an array", s.Type)
	}
	for _, f := range []string{"metric.namespace", "metric.dimensions.name", "ttl", "collect_time", "value", "unit"} {
		if prop(s.Items, f) == nil {
			t.Errorf("array element lacks %s (Tables 3, 4, 5)", f)
		}
	}
}

// lts creating_a_cross-account_log_ingestion_configuration.html: Table 5
// "Response body parameters" has one row, LTSAgencyAccessConfigInfoList
// (Array of LTSAccessConfigInfoRespon200 objects), and the 201 example is a
// bare JSON array ("[ { "access_config_id": ... } ]"): the body is the array.
func TestLTSArrayBodyByExample(t *testing.T) {
	r := Interpret(readPortal(t, "lts-creating_a_cross-account_log_ingestion_configuration.html"))
	op := onlyOperation(t, r)
	resp := response(op, "201")
	if resp == nil || resp.Body == nil || resp.Body.Schema == nil {
		t.Fatalf("no response 201: %+v", op.Responses)
	}
	s := resp.Body.Schema
	if s.Type != model.TypeArray || s.Items == nil || prop(s.Items, "access_config_id") == nil || prop(s.Items, "agency_log_access.agency_name") == nil {
		t.Errorf("response 201 %s; want the array of Table 6's objects", s.Type)
	}
	if diagCodes(r)["body-array-by-example"] != 1 {
		t.Errorf("diagnostics %v; want one body-array-by-example note", diagCodes(r))
	}
}

// Negative for the array body by example: the one array row stays a field
// where the example is an object holding it.
func TestArrayBodyByExampleNotForWrappedExample(t *testing.T) {
	p := &page.Page{File: "x.html", Title: "Listing Things", Blocks: []*page.Block{
		{Kind: page.KindHeading, Level: 2, Text: "URI"},
		para("GET /v1/things"),
		{Kind: page.KindHeading, Level: 2, Text: "Response Parameters"},
		{Kind: page.KindTable, Table: &page.Table{Caption: "Table 2 Response body parameters", Header: []string{"Parameter", "Type", "Description"},
			Rows: []*page.Row{row("things", "Array of strings", "Things.")}}},
		{Kind: page.KindHeading, Level: 2, Text: "Example Responses"},
		{Kind: page.KindCode, Text: `{"things": ["a"]}`},
	}}
	op := onlyOperation(t, Interpret(p))
	resp := response(op, "200")
	if resp == nil || resp.Body == nil || resp.Body.Schema.Type != model.TypeObject || prop(resp.Body.Schema, "things") == nil {
		t.Errorf("response 200 %+v; want the object holding things", resp)
	}
}

// waf querying_attack_event_logs.html: the item "URI format" holds
// "GET /v1/{project_id}/waf/event?from={from}&to={to}&hosts=...", and
// "Table 1 Path parameters" lists project_id and the query parameters from,
// to, hosts, ..., nsips (not in the query string), offset, limit, marker.
// The path names only project_id, which the table lists: the other rows
// are query parameters.
func TestWAFPathTableRowsInQuery(t *testing.T) {
	r := Interpret(readPortal(t, "waf-querying_attack_event_logs.html"))
	op := onlyOperation(t, r)
	if p := param(op, "project_id"); p == nil || p.In != model.InPath {
		t.Errorf("project_id: %+v; want the path parameter", p)
	}
	for _, n := range []string{"from", "to", "hosts", "nsips", "marker"} {
		if p := param(op, n); p == nil || p.In != model.InQuery || p.Source.Table != "Table 1 Path parameters" {
			t.Errorf("%s: %+v; want a query parameter from Table 1", n, p)
		}
	}
	if p := param(op, "from"); p != nil && !p.Required {
		t.Errorf("from: optional; Table 1 says Mandatory Yes")
	}
	if diagCodes(r)["path-row-in-query"] == 0 {
		t.Errorf("no path-row-in-query warning")
	}
}

// Negative: a path table whose row spells an undocumented path parameter
// otherwise ("instance_id" for {id}) keeps it off the query string: it may
// be that parameter under another name.
func TestPathTableRowNotInQueryWhenPathUndocumented(t *testing.T) {
	p := &page.Page{File: "x.html", Title: "Deleting a Thing", Blocks: []*page.Block{
		{Kind: page.KindHeading, Level: 2, Text: "URI"},
		para("DELETE /v1/{project_id}/things/{id}"),
		{Kind: page.KindTable, Table: &page.Table{Caption: "Table 1 Path parameters", Header: []string{"Parameter", "Mandatory", "Type", "Description"},
			Rows: []*page.Row{row("project_id", "Yes", "String", "Project."), row("instance_id", "Yes", "String", "Thing.")}}},
	}}
	op := onlyOperation(t, Interpret(p))
	if q := param(op, "instance_id"); q != nil && q.In == model.InQuery {
		t.Errorf("instance_id became a query parameter")
	}
}

// geminidb querying_tasks_and_details.html: Table 4 "Response body
// parameters" row jobs has the type "Array of objects in Table 5" (the
// words "Table 5" link to "Table 5 JobDetail"), whose row instance is
// "Objects in Table 6" ("Table 6 JobInstanceInfo").
func TestGeminiDBObjectsInTable(t *testing.T) {
	op := onlyOperation(t, Interpret(readPortal(t, "geminidb-querying_tasks_and_details.html")))
	r := response(op, "200")
	if r == nil || r.Body == nil {
		t.Fatalf("no response 200: %+v", op.Responses)
	}
	if p := prop(r.Body.Schema, "jobs"); p == nil || p.Schema.Type != model.TypeArray {
		t.Fatalf("jobs: %+v; want an array", p)
	}
	for _, f := range []string{"jobs.id", "jobs.status", "jobs.instance.id", "jobs.instance.name"} {
		if prop(r.Body.Schema, f) == nil {
			t.Errorf("response 200 lacks %s (Tables 5, 6)", f)
		}
	}
}

// rds querying_sql_throttling_rule.html: section URI, item "Parameter
// description" holds "Table 1 Parameters" (project_id, instance_id, db_name,
// offset, limit) for "GET https:/ /{endpoint}/v3/{project_id}/instances/
// {instance_id}/sql-limit?db_name={db_name}&offset={offset}&limit={limit}":
// the caption's one word "Parameters" is no type name.
func TestRDSCaptionParameters(t *testing.T) {
	r := Interpret(readPortal(t, "rds-querying_sql_throttling_rule.html"))
	op := onlyOperation(t, r)
	if p := param(op, "instance_id"); p == nil || p.In != model.InPath || p.Source.Table != "Table 1 Parameters" {
		t.Errorf("instance_id: %+v; want the path parameter of Table 1", p)
	}
	for _, n := range []string{"db_name", "offset", "limit"} {
		if p := param(op, n); p == nil || p.In != model.InQuery || p.Source.Table != "Table 1 Parameters" {
			t.Errorf("%s: %+v; want a query parameter of Table 1", n, p)
		}
	}
	if diagCodes(r)["table-unused"] != 0 {
		t.Errorf("diagnostics %v; want Table 1 used", diagCodes(r))
	}
}

// Negative: a one-word caption naming a type that holds the word
// ("Table 3 ConfigurationParameter") stays an object table, read where a
// row names it.
func TestCaptionTypeNameWithParameterStaysObject(t *testing.T) {
	p := &page.Page{File: "x.html", Title: "Querying a Thing", Blocks: []*page.Block{
		{Kind: page.KindHeading, Level: 2, Text: "URI"},
		para("GET /v1/things/{thing_id}"),
		{Kind: page.KindHeading, Level: 2, Text: "Response Parameters"},
		{Kind: page.KindTable, Table: &page.Table{Caption: "Table 2 Response body parameters", Header: []string{"Parameter", "Type", "Description"},
			Rows: []*page.Row{row("params", "Array of ConfigurationParameter objects", "Parameters.")}}},
		{Kind: page.KindTable, Table: &page.Table{Caption: "Table 3 ConfigurationParameter", Header: []string{"Parameter", "Type", "Description"},
			Rows: []*page.Row{row("name", "String", "Name.")}}},
	}}
	op := onlyOperation(t, Interpret(p))
	resp := response(op, "200")
	if resp == nil || resp.Body == nil || prop(resp.Body.Schema, "params.name") == nil || prop(resp.Body.Schema, "name") != nil {
		t.Errorf("response 200 %+v; want params.name from Table 3 and no top-level name", resp)
	}
}

// iam querying_permission_assignment_records.html: "GET
// /v3.0/OS-PERMISSION/role-assignments", section Request Parameters holds
// "Table 2 Request parameters" (domain_id, role_id, subject, ...,
// per_page): a GET carries no body, the rows are query parameters.
func TestIAMGETRequestParametersAreQuery(t *testing.T) {
	r := Interpret(readPortal(t, "iam-querying_permission_assignment_records.html"))
	op := onlyOperation(t, r)
	if op.RequestBody != nil {
		t.Errorf("GET got a request body: %+v", op.RequestBody.Schema)
	}
	for _, n := range []string{"domain_id", "role_id", "subject.user_id", "per_page"} {
		if p := param(op, n); p == nil || p.In != model.InQuery || p.Source.Table != "Table 2 Request parameters" {
			t.Errorf("%s: %+v; want a query parameter of Table 2", n, p)
		}
	}
	if p := param(op, "domain_id"); p != nil && !p.Required {
		t.Errorf("domain_id optional; Table 2 says Mandatory Yes")
	}
	if diagCodes(r)["get-body-as-query"] != 1 {
		t.Errorf("diagnostics %v; want one get-body-as-query", diagCodes(r))
	}
}

// Negatives: a DELETE's scalar request table stays its body, and so does
// a GET's request table holding an object row.
func TestBodyTableStaysBody(t *testing.T) {
	for _, c := range []struct {
		method string
		rows   []*page.Row
	}{
		{"DELETE", []*page.Row{row("ids", "Yes", "String", "IDs.")}},
		{"GET", []*page.Row{row("filter", "Yes", "Object", "Filter."), row("limit", "No", "Integer", "Limit.")}},
	} {
		p := &page.Page{File: "x.html", Title: "Doing a Thing", Blocks: []*page.Block{
			{Kind: page.KindHeading, Level: 2, Text: "URI"},
			para(c.method + " /v1/things"),
			{Kind: page.KindHeading, Level: 2, Text: "Request Parameters"},
			{Kind: page.KindTable, Table: &page.Table{Caption: "Table 2 Request parameters", Header: []string{"Parameter", "Mandatory", "Type", "Description"}, Rows: c.rows}},
		}}
		op := onlyOperation(t, Interpret(p))
		if op.RequestBody == nil {
			t.Errorf("%s: no request body; want Table 2 as the body", c.method)
		}
	}
}

// rds querying_api_versions.html line 60, section URI: "GET
// https://{Endpoint}/rds/". OpenAPI linters refuse a path with a trailing
// slash; it is written /rds, with a path-trailing-slash note on line 60.
func TestPathTrailingSlashDropped(t *testing.T) {
	r := Interpret(readPortal(t, "rds-querying_api_versions.html"))
	op := onlyOperation(t, r)
	if op.Method != "GET" || op.Path != "/rds" || op.Source.Line != 60 {
		t.Errorf("method line %s %s at line %d; want GET /rds at line 60", op.Method, op.Path, op.Source.Line)
	}
	if diagCodes(r)["path-trailing-slash"] != 1 {
		t.Errorf("diagnostics %v; want one path-trailing-slash note", diagCodes(r))
	}
}

// Negative: the root path "/" (OBS's "GET / HTTP/1.1") is no trailing slash.
func TestPathRootKeepsItsSlash(t *testing.T) {
	p := &page.Page{File: "x.html", Title: "Listing Buckets", Blocks: []*page.Block{
		{Kind: page.KindHeading, Level: 2, Text: "URI"},
		{Kind: page.KindParagraph, Text: "GET /", Line: 3},
	}}
	r := Interpret(p)
	if len(r.Operations) != 1 || r.Operations[0].Path != "/" || diagCodes(r)["path-trailing-slash"] != 0 {
		t.Fatalf("operations %+v, diagnostics %v; want GET / and no note", r.Operations, diagCodes(r))
	}
}
