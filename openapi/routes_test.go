package openapi

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/conventions"
	"github.com/docspec/docspec/model"
)

// pathParam is a documented path parameter row.
func pathParam(name, file string, line int) *model.Parameter {
	return &model.Parameter{Name: name, In: model.InPath, Required: true, Schema: strS(), Source: model.Source{File: file, Section: "URI", Row: name, Line: line}}
}

func opAt(id, method, path, file string, line int, params ...*model.Parameter) *model.Operation {
	return &model.Operation{ID: id, Style: model.StyleREST, Method: method, Path: path, Parameters: params,
		Responses: []*model.Response{jsonResp("200", obj(prop("id", strS())))}, Source: model.Source{File: file, Section: "URI", Line: line}}
}

// cfw: "Adding a domain name list" writes POST .../domain-set/domains/{set_id},
// while "Obtaining the domain name list in a domain name group" and
// "Deleting a domain name list" write .../domains/{domain_set_id}. OpenAPI
// holds one such path; kin-openapi refused the whole spec ("conflicting
// paths"). The most used spelling wins, the other page's parameter is
// renamed, and the warning names both pages.
func TestCfwDomainSetPathWrittenTwoWaysIsOnePath(t *testing.T) {
	const dir = "cfw/api/domain_name_resolution_and_domain_name_group_management/"
	add := dir + "adding_a_domain_name_list.html"
	list := dir + "obtaining_the_domain_name_list_in_a_domain_name_group.html"
	del := dir + "deleting_a_domain_name_list.html"
	svc := &model.Service{Name: "cfw", Operations: []*model.Operation{
		opAt("AddDomains", "POST", "/v1/{project_id}/domain-set/domains/{set_id}", add, 55, pathParam("project_id", add, 61), pathParam("set_id", add, 66)),
		opAt("ListDomains", "GET", "/v1/{project_id}/domain-set/domains/{domain_set_id}", list, 55, pathParam("project_id", list, 61), pathParam("domain_set_id", list, 66)),
		opAt("DeleteDomains", "DELETE", "/v1/{project_id}/domain-set/domains/{domain_set_id}", del, 55, pathParam("project_id", del, 61), pathParam("domain_set_id", del, 66)),
	}}
	doc, diags := build(t, svc)
	if got := doc.Paths.Keys(); !reflect.DeepEqual(got, []string{"/v1/{project_id}/domain-set/domains/{domain_set_id}"}) {
		t.Fatalf("paths = %v", got)
	}
	post := doc.Paths.Value("/v1/{project_id}/domain-set/domains/{domain_set_id}").Post
	if post == nil || post.OperationID != "AddDomains" || post.Parameters.GetByInAndName("path", "domain_set_id") == nil || post.Parameters.GetByInAndName("path", "set_id") != nil {
		t.Fatalf("AddDomains after renaming: %+v", post)
	}
	ds := findDiags(diags, "path-parameter-renamed")
	if len(ds) != 1 || ds[0].Source.File != add || ds[0].Source.Line != 55 || !strings.Contains(ds[0].Message, del+":55") {
		t.Errorf("path-parameter-renamed = %v", ds)
	}
	if len(findDiags(diags, "operation-invalid")) != 0 {
		t.Errorf("nothing should be left out: %v", findDiags(diags, "operation-invalid"))
	}
}

// bodyOp is an operation whose request body holds one required top-level
// object field, as the ECS batch action pages do ("os-start", "os-stop",
// "reboot", Table 2 of each page).
func bodyOp(id, key, file string, required bool) *model.Operation {
	op := opAt(id, "POST", "/v1/{project_id}/cloudservers/action", file, 6, pathParam("project_id", file, 10))
	p := prop(key, obj(prop("servers", &model.Schema{Type: model.TypeArray, Items: obj(prop("id", strS()))})))
	p.Required = required
	op.RequestBody = &model.Body{ContentType: "application/json", Schema: obj(p),
		Examples: []*model.Example{{Value: `{"` + key + `": {"servers": [{"id": "616fb98f"}]}}`, Source: model.Source{File: file, Section: "Example Request", Line: 112}}}}
	op.Responses = []*model.Response{jsonResp("200", obj(prop("job_id", strS())))}
	return op
}

// ECS "Restarting / Starting / Stopping ECSs in a Batch" are all
// POST /v1/{project_id}/cloudservers/action, told apart by the body's
// top-level key. They become one operation named after the first, whose
// body is a oneOf of the three bodies, and x-docspec-variants keeps each
// operation's name, page and body; each example stays under its operation.
func TestECSBatchActionsAreOneOperationWithOneOfBodies(t *testing.T) {
	svc := &model.Service{Name: "ecs", Operations: []*model.Operation{
		bodyOp("StoppingECSsInBatchV1", "os-stop", "ecs/en-us_topic_0020212651.html", true),
		bodyOp("RestartingECSsInBatchV1", "reboot", "ecs/en-us_topic_0020212649.html", true),
		bodyOp("StartingECSsInBatchV1", "os-start", "ecs/en-us_topic_0020212207.html", true),
	}}
	doc, diags := build(t, svc)
	post := doc.Paths.Value("/v1/{project_id}/cloudservers/action").Post
	if post.OperationID != "RestartingECSsInBatchV1" {
		t.Errorf("operationId = %s", post.OperationID)
	}
	mt := post.RequestBody.Value.Content["application/json"]
	var refs []string
	for _, s := range mt.Schema.Value.OneOf {
		refs = append(refs, s.Ref)
	}
	want := []string{"#/components/schemas/RestartingECSsInBatchV1Request", "#/components/schemas/StartingECSsInBatchV1Request", "#/components/schemas/StoppingECSsInBatchV1Request"}
	if !reflect.DeepEqual(refs, want) {
		t.Errorf("oneOf = %v", refs)
	}
	if !post.RequestBody.Value.Required {
		t.Errorf("every variant needs its body: required")
	}
	vs, _ := post.Extensions[VariantsKey].([]any)
	if len(vs) != 3 {
		t.Fatalf("%s = %v", VariantsKey, post.Extensions[VariantsKey])
	}
	start := vs[1].(map[string]any)
	if start["operationId"] != "StartingECSsInBatchV1" || start["source"].(map[string]any)["file"] != "ecs/en-us_topic_0020212207.html" ||
		start["requestBody"] != want[1] || !reflect.DeepEqual(start["keys"], []any{"os-start"}) {
		t.Errorf("variant = %v", start)
	}
	if mt.Examples["StartingECSsInBatchV1-example"] == nil || len(mt.Examples) != 3 {
		t.Errorf("examples = %v", slices.Sorted(maps.Keys(mt.Examples)))
	}
	if len(findDiags(diags, "operation-variants")) != 1 || len(findDiags(diags, "operation-variants-overlap")) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	// Every example still matches the body it was written for.
	if len(findDiags(diags, "example-breaks-schema")) != 0 {
		t.Errorf("an example broke: %v", findDiags(diags, "example-breaks-schema"))
	}
	// The joined operation is one operation: a request with os-start validates.
	body := map[string]any{"os-start": map[string]any{"servers": []any{map[string]any{"id": "x"}}}}
	if err := mt.Schema.Value.VisitJSON(body); err != nil {
		t.Errorf("an os-start body does not validate: %v", err)
	}
}

// ECS batch tag creation and deletion (POST .../tags/action) share a body
// shape that no required field tells apart: the alternatives are an anyOf
// (a oneOf would refuse every body), and a note says so.
func TestVariantsNoRequiredKeyTellsApartAreAnyOf(t *testing.T) {
	svc := &model.Service{Name: "ecs", Operations: []*model.Operation{
		bodyOp("CreateTags", "tags", "ecs/en-us_topic_0000001252143577.html", false),
		bodyOp("DeleteTags", "tags", "ecs/en-us_topic_0000001252263549.html", false),
	}}
	doc, diags := build(t, svc)
	mt := doc.Paths.Value("/v1/{project_id}/cloudservers/action").Post.RequestBody.Value.Content["application/json"]
	if len(mt.Schema.Value.AnyOf) != 2 || len(mt.Schema.Value.OneOf) != 0 {
		t.Errorf("schema = %+v", mt.Schema.Value)
	}
	if len(findDiags(diags, "operation-variants-overlap")) != 1 {
		t.Errorf("no operation-variants-overlap note: %v", diags)
	}
}

// issue 11 item 4: a page whose URI is POST /x/{} (or /{*}, or a brace left
// open inside the path) cannot
// go into a valid spec: it is left out with an error at its file and line,
// and the others are written.
func TestMalformedPathIsLeftOutAndTheRestKept(t *testing.T) {
	svc := &model.Service{Name: "t", Operations: []*model.Operation{
		opAt("Good", "GET", "/v1/{project_id}/things", "good.html", 7, pathParam("project_id", "good.html", 9)),
		opAt("Empty", "POST", "/x/{}", "empty.html", 3),
		opAt("Star", "GET", "/{*}", "star.html", 4),
		opAt("Open", "DELETE", "/v2.1/{project_id/servers", "open.html", 9),
	}}
	doc, diags := build(t, svc)
	if got := doc.Paths.Keys(); !reflect.DeepEqual(got, []string{"/v1/{project_id}/things"}) {
		t.Errorf("paths = %v", got)
	}
	got := map[string]int{}
	for _, d := range findDiags(diags, "path-invalid") {
		if d.Severity != model.SevError {
			t.Errorf("%s: severity %s", d.Source.File, d.Severity)
		}
		got[d.Source.File] = d.Source.Line
	}
	if want := map[string]int{"empty.html": 3, "star.html": 4, "open.html": 9}; !reflect.DeepEqual(got, want) {
		t.Errorf("path-invalid at %v, want %v", got, want)
	}
}

// ECS "Querying Default Quotas" (en-us_topic_0065817716.html) writes
// /v2.1/{project_id}/os-quota-sets/{project_id}/defaults: the later
// {project_id} becomes {project_id_2}, so the operation is kept.
func TestPathNamingOneParameterTwiceKeepsTheOperation(t *testing.T) {
	f := "ecs/en-us_topic_0065817716.html"
	svc := &model.Service{Name: "ecs", Operations: []*model.Operation{
		opAt("ListDefaultQuotas", "GET", "/v2.1/{project_id}/os-quota-sets/{project_id}/defaults", f, 6, pathParam("project_id", f, 12)),
	}}
	doc, diags := build(t, svc)
	if doc.Paths.Value("/v2.1/{project_id}/os-quota-sets/{project_id_2}/defaults") == nil {
		t.Errorf("paths = %v", doc.Paths.Keys())
	}
	if len(findDiags(diags, "path-parameter-repeated")) != 1 {
		t.Errorf("no path-parameter-repeated warning: %v", diags)
	}
}

// An operation that gets past the path checks but that kin-openapi still
// refuses (here: a parameter with neither schema nor content) is left out
// with an error at its page; the document is valid afterwards.
func TestOperationKinOpenAPIRefusesIsLeftOut(t *testing.T) {
	b := &builder{sources: map[*openapi3.Operation]model.Source{}}
	desc := "OK"
	responses := func() *openapi3.Responses {
		return openapi3.NewResponses(openapi3.WithStatus(200, &openapi3.ResponseRef{Value: &openapi3.Response{Description: &desc}}))
	}
	bad := &openapi3.Operation{OperationID: "Bad", Responses: responses(),
		Parameters: openapi3.Parameters{{Value: &openapi3.Parameter{Name: "q", In: "query"}}}}
	good := &openapi3.Operation{OperationID: "Good", Responses: responses()}
	b.sources[bad] = model.Source{File: "bad.html", Line: 12}
	doc := &openapi3.T{OpenAPI: "3.0.3", Info: &openapi3.Info{Title: "t", Version: "1"}, Paths: openapi3.NewPaths()}
	doc.AddOperation("/bad", "GET", bad)
	doc.AddOperation("/good", "GET", good)
	if err := b.leaveOutInvalid(doc); err != nil {
		t.Fatal(err)
	}
	if got := doc.Paths.Keys(); !reflect.DeepEqual(got, []string{"/good"}) {
		t.Errorf("paths = %v", got)
	}
	ds := findDiags(b.diags, "operation-invalid")
	if len(ds) != 1 || ds[0].Source.File != "bad.html" || ds[0].Source.Line != 12 || ds[0].Severity != model.SevError {
		t.Errorf("operation-invalid = %v", ds)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Errorf("still invalid: %v", err)
	}
}

// BMS "Querying BMS Flavors" (querying_bms_flavors.html, line 59) writes
// GET /v2.1/{project_id}/flavors/detail{?minDisk={minDisk}&sort_key={sort_key}}:
// the query template is cut, so the operation is kept at
// /v2.1/{project_id}/flavors/detail, with a note.
func TestQueryTemplateInThePathIsCut(t *testing.T) {
	f := "bms/native_openstack_nova_v2.1_apis/bms_flavor_query_openstack_nova_apis/querying_bms_flavors.html"
	svc := &model.Service{Name: "bms", Operations: []*model.Operation{
		opAt("ListFlavors", "GET", "/v2.1/{project_id}/flavors/detail{?minDisk={minDisk}&minRam={minRam}&sort_key={sort_key}&sort_dir={sort_dir}}", f, 59, pathParam("project_id", f, 70)),
	}}
	doc, diags := build(t, svc)
	if got := doc.Paths.Keys(); !reflect.DeepEqual(got, []string{"/v2.1/{project_id}/flavors/detail"}) {
		t.Errorf("paths = %v", got)
	}
	if ds := findDiags(diags, "path-query-dropped"); len(ds) != 1 || !strings.Contains(ds[0].Message, "{?minDisk={minDisk}") {
		t.Errorf("path-query-dropped = %v", ds)
	}
	for _, p := range []struct{ in, path, cut string }{
		{"/servers{?changes-since,image}", "/servers", "{?changes-since,image}"},
		{"/servers/{id}", "/servers/{id}", ""},
		{"/a{?x={x}", "/a", "{?x={x}"},
		// ECS "Deleting a NIC" (en-us_topic_0020212666.html, line 9):
		// {port_id}{?reserve_port}, cut at its '?' by the reader.
		{"/v2.1/{project_id}/servers/{server_id}/os-interface/{port_id}{", "/v2.1/{project_id}/servers/{server_id}/os-interface/{port_id}", "{"},
	} {
		if path, cut := cutQueryTemplate(p.in); path != p.path || cut != p.cut {
			t.Errorf("cutQueryTemplate(%q) = %q, %q", p.in, path, cut)
		}
	}
}

// OBS "Configuring a Bucket ACL" (apis/advanced_bucket_settings/
// configuring_a_bucket_acl.html) documents an application/xml body by its
// fields and shows it as XML text: the text cannot be checked against the
// fields' schema, so it is kept as evidence, and the operation is not left
// out (kin-openapi refused it: "value must be an object").
func TestXMLExampleOfAnObjectBodyIsKeptAsEvidence(t *testing.T) {
	f := "obs/apis/advanced_bucket_settings/configuring_a_bucket_acl.html"
	op := opAt("ConfiguringBucketACL", "PUT", "/", f, 56)
	op.RequestBody = &model.Body{ContentType: "application/xml", Schema: obj(prop("Owner", obj(prop("ID", strS())))),
		Examples: []*model.Example{{Value: "<AccessControlPolicy><Owner><ID>b4bf1b36</ID></Owner></AccessControlPolicy>", Source: model.Source{File: f, Section: "Sample Request", Line: 120}}}}
	doc, diags := build(t, &model.Service{Name: "obs", Operations: []*model.Operation{op}})
	put := doc.Paths.Value("/").Put
	if put == nil || len(findDiags(diags, "operation-invalid")) != 0 {
		t.Fatalf("operation left out: %v", findDiags(diags, "operation-invalid"))
	}
	mt := put.RequestBody.Value.Content["application/xml"]
	if len(mt.Examples) != 0 || mt.Extensions[conventions.KeyEvidence] == nil {
		t.Errorf("examples %v, evidence %v", mt.Examples, mt.Extensions[conventions.KeyEvidence])
	}
}

// OBS "Obtaining Bucket Policy Information" (GET /?policy) answers a JSON
// sample that no table states, beside "Listing Buckets" (GET /), whose
// answer a table states. Joined on GET /, the 200 body is an anyOf with an
// empty member: the union admits the policy answer, which a typed language
// (openapi-typescript, tsc --strict) would otherwise refuse. Where no
// variant states a body, none is made up.
func TestVariantsWithAnUnstatedAnswerAdmitAnyBody(t *testing.T) {
	list := opAt("ListBuckets", "GET", "/", "obs/listing_buckets.html", 50)
	list.Responses = []*model.Response{jsonResp("200", obj(prop("Buckets", strS())))}
	policy := opAt("GetBucketPolicy", "GET", "/", "obs/obtaining_bucket_policy_information.html", 55)
	policy.Responses = []*model.Response{{Status: "200", Body: &model.Body{ContentType: "application/json"}}}
	doc, _ := build(t, &model.Service{Name: "obs", Operations: []*model.Operation{list, policy}})
	mt := doc.Paths.Value("/").Get.Responses.Value("200").Value.Content["application/json"]
	if mt == nil || mt.Schema == nil || len(mt.Schema.Value.AnyOf) != 2 || !mt.Schema.Value.AnyOf[1].Value.IsEmpty() {
		t.Fatalf("200 body schema = %+v; want anyOf [ListBuckets' answer, {}]", mt)
	}
	if err := mt.Schema.Value.VisitJSON(map[string]any{"Statement": []any{}}); err != nil {
		t.Errorf("the policy answer does not validate: %v", err)
	}

	policy2 := opAt("GetBucketCors", "GET", "/", "obs/obtaining_the_cors_configuration.html", 57)
	policy2.Responses = []*model.Response{{Status: "200", Body: &model.Body{ContentType: "application/json"}}}
	policy3 := opAt("GetBucketPolicy", "GET", "/", "obs/obtaining_bucket_policy_information.html", 55)
	policy3.Responses = []*model.Response{{Status: "200", Body: &model.Body{ContentType: "application/json"}}}
	doc, _ = build(t, &model.Service{Name: "obs", Operations: []*model.Operation{policy2, policy3}})
	if mt := doc.Paths.Value("/").Get.Responses.Value("200").Value.Content["application/json"]; mt == nil || mt.Schema != nil {
		t.Errorf("no variant states a body: schema = %+v, want none", mt)
	}
}

// ECS en-us_topic_0090187679.html, Table 4 "security_group_rule objects",
// row from_port (Integer): "When ip_protocol is icmp, this parameter
// indicates the ICMP type field with a length from 0 to 255 characters." A
// rule's lengths constrain text only: the page contradicts itself, which is
// reported at the row; the rule is kept as stated. A length rule on a
// string field (the near miss) is no contradiction.
func TestRuleLengthOnIntegerFieldIsAContradiction(t *testing.T) {
	file := "ecs/en-us_topic_0090187679.html"
	zero, max := int64(0), int64(255)
	rule := func(field string, line int) *model.Rule {
		return &model.Rule{Field: field, When: []*model.Condition{{Field: "ip_protocol", Equals: "icmp"}}, MinLength: &zero, MaxLength: &max,
			Text: "When ip_protocol is icmp, ... with a length from 0 to 255 characters.", Source: model.Source{File: file, Table: "Table 4 security_group_rule objects", Row: field, Line: line}}
	}
	body := obj(prop("ip_protocol", strS()), prop("from_port", &model.Schema{Type: model.TypeInteger}), prop("remote_group_id", strS()))
	body.Rules = []*model.Rule{rule("from_port", 124), rule("remote_group_id", 140)}
	op := opAt("CreateServer", "POST", "/v1/{project_id}/cloudservers", file, 20, pathParam("project_id", file, 30))
	op.RequestBody = &model.Body{ContentType: "application/json", Schema: body}
	op.Responses = []*model.Response{jsonResp("200", obj(prop("job_id", strS())))}
	_, diags := build(t, &model.Service{Name: "ecs", Operations: []*model.Operation{op}})
	got := findDiags(diags, "rule-length-on-non-string")
	if len(got) != 1 || got[0].Source.Row != "from_port" || got[0].Source.Line != 124 || got[0].Severity != model.SevContradiction {
		t.Errorf("rule-length-on-non-string = %+v; want one contradiction at row from_port, line 124", got)
	}
}
