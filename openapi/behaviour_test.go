package openapi

import (
	"encoding/json"
	"github.com/docspec/docspec/conventions"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/model"
)

func findDiags(ds []*model.Diagnostic, code string) []*model.Diagnostic {
	var out []*model.Diagnostic
	for _, d := range ds {
		if d.Code == code {
			out = append(out, d)
		}
	}
	return out
}

func schemaNames(doc *openapi3.T) []string {
	var out []string
	for k := range doc.Components.Schemas {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func obj(props ...*model.Property) *model.Schema {
	return &model.Schema{Type: model.TypeObject, Properties: props}
}

func prop(name string, s *model.Schema) *model.Property {
	return &model.Property{Name: name, Schema: s, Source: model.Source{File: "t.html", Table: "T", Row: name}}
}

func strS() *model.Schema { return &model.Schema{Type: model.TypeString} }

func restOp(id, path string, responses ...*model.Response) *model.Operation {
	return &model.Operation{ID: id, Style: model.StyleREST, Method: "GET", Path: path, Responses: responses, Source: model.Source{File: id + ".html"}}
}

func jsonResp(status string, s *model.Schema, examples ...string) *model.Response {
	b := &model.Body{ContentType: "application/json", Schema: s}
	for i, e := range examples {
		b.Examples = append(b.Examples, &model.Example{Value: e, Source: model.Source{File: "t.html", Section: "Example Responses", Line: 100 + i}})
	}
	return &model.Response{Status: status, Body: b}
}

// Seed 000, Example Responses, status 201: sign_type "hmac" with sign_secret
// "sig************ret" breaks the hmac sign_secret rule ('*' not allowed);
// the request example has no sign_type, so no rule applies to it.
func TestSeed000ResponseExampleBreaksHmacSecretRule(t *testing.T) {
	_, diags := build(t, seed000())
	var contra []*model.Diagnostic
	for _, d := range diags {
		if d.Severity == model.SevContradiction {
			contra = append(contra, d)
		}
	}
	if len(contra) != 1 {
		t.Fatalf("want 1 contradiction, got %d:\n%s", len(contra), diagText(contra))
	}
	d := contra[0]
	if d.Code != "example-breaks-rule" || d.Operation != "CreateSignatureKeyV2" {
		t.Errorf("got %s for %s", d.Code, d.Operation)
	}
	for _, want := range []string{"sign_secret", `"sig************ret"`, "hmac: The value contains 16 to 64 characters", "sign_type = hmac", "response 201"} {
		if !strings.Contains(d.Message, want) {
			t.Errorf("message %q lacks %q", d.Message, want)
		}
	}
	if d.Source.Section != "Example Responses" || d.Source.Line != 410 {
		t.Errorf("source = %+v, want the 201 example response", d.Source)
	}
}

// Seed 000, Tables 5-10: six error tables, two wordings of error_msg
// ("Error message." / "Error description."), one Error component; its
// descriptions come from the first table in status order (400, Table 5).
func TestSeed000ErrorTablesShareOneComponent(t *testing.T) {
	doc, _ := build(t, seed000())
	if got, want := schemaNames(doc), []string{"CreateSignatureKeyV2Request", "CreateSignatureKeyV2Response", "Error"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("components = %v, want %v", got, want)
	}
	op := doc.Paths.Value("/v2/{project_id}/apigw/instances/{instance_id}/signs").Post
	for _, st := range []string{"400", "401", "403", "404", "412", "500"} {
		if ref := op.Responses.Value(st).Value.Content["application/json"].Schema.Ref; ref != "#/components/schemas/Error" {
			t.Errorf("%s: schema ref %q", st, ref)
		}
	}
	msg := doc.Components.Schemas["Error"].Value.Properties["error_msg"].Value
	if msg.Description != "Error message." || msg.Extensions["x-docspec-source"].(map[string]any)["table"] != "Table 5 Response body parameters" {
		t.Errorf("error_msg = %q from %v", msg.Description, msg.Extensions["x-docspec-source"])
	}
	if rb := op.RequestBody.Value; !rb.Required {
		t.Errorf("request body with required field name should be required")
	}
	if codes := op.Responses.Value("404").Value.Extensions["x-docspec-error-codes"]; !reflect.DeepEqual(codes, []string{"APIG.3030"}) {
		t.Errorf("404 error codes = %v", codes)
	}
	if ex := op.Responses.Value("404").Value.Content["application/json"].Examples["APIG.3030"]; ex == nil {
		t.Errorf("404 example not keyed by its error code")
	}
}

// Shapes that claim the same name: the most used keeps it, others get 2, 3;
// a table named like an operation body gets a suffix; a Chinese-only table
// name and unnamed nested objects stay inline; named items become $refs.
func TestComponentNamesAndClashes(t *testing.T) {
	errA := func() *model.Schema { return obj(prop("error_code", strS()), prop("error_msg", strS())) }
	errB := obj(prop("code", strS()), prop("message", strS()))
	member1 := obj(prop("id", strS()))
	member1.Name = "Member"
	member2 := obj(prop("id", strS()), prop("name", strS()))
	member2.Name = "Member"
	clash := obj(prop("x", strS()))
	clash.Name = "A Response"
	chinese := obj(prop("y", strS()))
	chinese.Name = "成员"
	items := obj(prop("z", strS()))
	items.Name = "member list"
	inline := obj(prop("w", strS()))
	svc := &model.Service{Name: "t", Operations: []*model.Operation{
		restOp("C", "/c", jsonResp("200", obj(prop("m", member2))), jsonResp("400", errB)),
		restOp("A", "/a", jsonResp("200", obj(prop("m", member1), prop("c", clash), prop("zh", chinese), prop("list", &model.Schema{Type: model.TypeArray, Items: items}), prop("in", inline))), jsonResp("400", errA())),
		restOp("B", "/b", jsonResp("200", obj()), jsonResp("500", errA())),
	}}
	doc, _ := build(t, svc)
	want := []string{"AResponse", "AResponse2", "BResponse", "CResponse", "Error", "Error2", "Member", "Member2", "MemberList"}
	if got := schemaNames(doc); !reflect.DeepEqual(got, want) {
		t.Fatalf("components = %v, want %v", got, want)
	}
	if _, ok := doc.Components.Schemas["Error"].Value.Properties["error_code"]; !ok {
		t.Errorf("Error should be the shape used twice ({error_code, error_msg})")
	}
	if _, ok := doc.Components.Schemas["Member"].Value.Properties["name"]; ok {
		t.Errorf("Member should be the first used shape (operation A, sorted first)")
	}
	a := doc.Components.Schemas["AResponse"].Value.Properties
	if a["c"].Ref != "#/components/schemas/AResponse2" || a["m"].Ref != "#/components/schemas/Member" {
		t.Errorf("refs: c=%q m=%q", a["c"].Ref, a["m"].Ref)
	}
	if a["zh"].Ref != "" || a["in"].Ref != "" {
		t.Errorf("unnamed or unusable-name objects should stay inline")
	}
	if a["list"].Value.Items.Ref != "#/components/schemas/MemberList" {
		t.Errorf("named items: %q", a["list"].Value.Items.Ref)
	}
	if got := doc.Components.Schemas["CResponse"].Value.Properties["m"].Ref; got != "#/components/schemas/Member2" {
		t.Errorf("C.m = %q", got)
	}
}

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"Member": "Member", "member list": "MemberList", "api_group-info": "ApiGroupInfo",
		"SignatureKey": "SignatureKey", "2xx body": "N2xxBody", "成员": "", "Table 5 Member": "Table5Member",
	} {
		if got := goName(in); got != want {
			t.Errorf("goName(%q) = %q, want %q", in, got, want)
		}
	}
}

// Enum literals are typed by the schema's type; a literal that does not
// convert keeps the whole enum as strings, with a diagnostic. Defaults the
// same, and a default outside the field's constraints is a contradiction kept
// out of `default` (kin-openapi's Validate would reject it).
func TestEnumAndDefaultConversion(t *testing.T) {
	s := func(typ string, enum []string, def *string) *model.Schema {
		return &model.Schema{Type: typ, Enum: enum, Default: def, Source: model.Source{File: "t.html", Table: "T"}}
	}
	body := obj(
		prop("i", s(model.TypeInteger, []string{"1", "2"}, str("2"))),
		prop("b", s(model.TypeBoolean, []string{"true", "False"}, nil)),
		prop("n", s(model.TypeNumber, []string{"1.5", "2"}, str("1.5"))),
		prop("bad", s(model.TypeInteger, []string{"1", "many"}, nil)),
		prop("baddef", s(model.TypeInteger, nil, str("ten"))),
		prop("outside", s(model.TypeString, []string{"a", "b"}, str("c"))),
	)
	svc := &model.Service{Name: "t", Operations: []*model.Operation{restOp("Op", "/x", jsonResp("200", body))}}
	doc, diags := build(t, svc)
	p := doc.Components.Schemas["OpResponse"].Value.Properties
	check := func(name string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
	check("i.enum", p["i"].Value.Enum, []any{int64(1), int64(2)})
	check("i.default", p["i"].Value.Default, int64(2))
	check("b.enum", p["b"].Value.Enum, []any{true, false})
	check("n.enum", p["n"].Value.Enum, []any{1.5, 2.0})
	check("bad.enum", p["bad"].Value.Enum, []any{"1", "many"})
	check("baddef.default", p["baddef"].Value.Default, nil)
	check("baddef.x-docspec-default", p["baddef"].Value.Extensions["x-docspec-default"], "ten")
	check("outside.default", p["outside"].Value.Default, nil)
	if len(findDiags(diags, "enum-value-not-typed")) != 1 || len(findDiags(diags, "default-not-typed")) != 1 {
		t.Errorf("diagnostics:\n%s", diagText(diags))
	}
	if d := findDiags(diags, "default-breaks-schema"); len(d) != 1 || d[0].Severity != model.SevContradiction {
		t.Errorf("default-breaks-schema: %s", diagText(d))
	}
	var rendered struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Enum []any `json:"enum"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(marshal(t, doc, "json"), &rendered); err != nil {
		t.Fatal(err)
	}
	rp := rendered.Components.Schemas["OpResponse"].Properties
	check("rendered i.enum", rp["i"].Enum, []any{1.0, 2.0})
	check("rendered bad.enum", rp["bad"].Enum, []any{"1", "many"})
}

func TestCheckRules(t *testing.T) {
	rules := signRules("Table 3 Request body parameters", 1, 2)
	cases := []struct {
		name string
		obj  string
		want []string // "field: reason" prefixes
	}{
		{"no sign_type: no rule applies", `{"sign_key":"*","sign_secret":"*"}`, nil},
		{"hmac ok", `{"sign_type":"hmac","sign_key":"signkeysignkey","sign_secret":"signsecretsignsecret"}`, nil},
		{"hmac secret with *", `{"sign_type":"hmac","sign_secret":"sig************ret"}`, []string{"sign_secret: does not match pattern"}},
		{"aes without algorithm: only the secret rule", `{"sign_type":"aes","sign_key":"short","sign_secret":"0123456789abcdef"}`, nil},
		{"aes-128-cfb key of 20", `{"sign_type":"aes","sign_algorithm":"aes-128-cfb","sign_key":"01234567890123456789"}`, []string{"sign_key: length 20 is above maxLength 16"}},
		{"aes-256-cfb key of 20", `{"sign_type":"aes","sign_algorithm":"aes-256-cfb","sign_key":"01234567890123456789"}`, []string{"sign_key: length 20 is below minLength 32"}},
		{"basic key too short and starting with digit", `{"sign_type":"basic","sign_key":"1ab"}`, []string{"sign_key: length 3 is below minLength 4", "sign_key: does not match pattern"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var o map[string]any
			if err := json.Unmarshal([]byte(c.obj), &o); err != nil {
				t.Fatal(err)
			}
			got := CheckRules(conventions.Object{Fields: o}, rules)
			if len(got) != len(c.want) {
				t.Fatalf("got %d violations %v, want %v", len(got), got, c.want)
			}
			for i, v := range got {
				if s := v.Field + ": " + v.Reason; !strings.HasPrefix(s, c.want[i]) {
					t.Errorf("violation %d = %q, want prefix %q", i, s, c.want[i])
				}
			}
		})
	}
	// Conditions compare the value as written: numbers and booleans too.
	enumRule := []*model.Rule{{Field: "mode", When: []*model.Condition{{Field: "version", Equals: "2"}, {Field: "on", Equals: "true"}}, Enum: []string{"a", "b"}, Text: "v2: a or b"}}
	got := CheckRules(conventions.Object{Fields: map[string]any{"version": json.Number("2"), "on": true, "mode": "c"}}, enumRule)
	if len(got) != 1 || !strings.Contains(got[0].String(), `mode = "c" breaks rule "v2: a or b" (when version = 2 and on = true): is not one of a, b`) {
		t.Errorf("got %v", got)
	}
	if got := CheckRules(conventions.Object{Fields: map[string]any{"version": 2.0, "on": false, "mode": "c"}}, enumRule); len(got) != 0 {
		t.Errorf("rule applied although on=false: %v", got)
	}
}

// A page example that is not JSON stays a string example, with a warning
// pointing at it; examples that break the schema are contradictions.
func TestExamplesNotJSONAndBreakingSchema(t *testing.T) {
	name := strS()
	name.MaxLength = i64(4)
	req := obj(prop("name", name), prop("kind", &model.Schema{Type: model.TypeString, Enum: []string{"a", "b"}}))
	req.Properties[0].Required = true
	op := restOp("Op", "/x", jsonResp("200", obj(prop("id", strS())), `{"id": "1", "extra": true}`))
	op.RequestBody = &model.Body{Schema: req, Examples: []*model.Example{
		{Value: "name=foo", Source: model.Source{File: "t.html", Section: "Example Requests", Line: 7}},
		{Value: `{"name": "toolong", "kind": "c"}`, Source: model.Source{File: "t.html", Section: "Example Requests", Line: 9}},
		{Value: `{"kind": "a"}`, Source: model.Source{File: "t.html", Section: "Example Requests", Line: 11}},
	}}
	doc, diags := build(t, &model.Service{Name: "t", Operations: []*model.Operation{op}})
	nj := findDiags(diags, "example-not-json")
	if len(nj) != 1 || nj[0].Source.Line != 7 || nj[0].Severity != model.SevWarning {
		t.Fatalf("example-not-json: %s", diagText(nj))
	}
	// All three contradict the page: kept as evidence, none as an example
	// (kin-openapi's default Validate checks examples).
	mt := doc.Paths.Value("/x").Get.RequestBody.Value.Content["application/json"]
	ev := conventions.EvidenceOf(mt.Extensions)
	if len(mt.Examples) != 0 || ev["example"].Value != "name=foo" || len(ev["example2"].Contradiction) != 2 || len(ev["example3"].Contradiction) != 1 {
		t.Errorf("examples %v, evidence %v", mt.Examples, ev)
	}
	if ev["example"].Source.Line != 7 || !strings.HasPrefix(ev["example"].Contradiction[0], "is not JSON") {
		t.Errorf("evidence of the example that is not JSON: %+v", ev["example"])
	}
	bs := findDiags(diags, "example-breaks-schema")
	text := string(diagText(bs))
	for _, want := range []string{"name = \"toolong\"", "kind = \"c\"", "property \"name\" is missing"} {
		if !strings.Contains(text, want) {
			t.Errorf("example-breaks-schema lacks %q:\n%s", want, text)
		}
	}
	if und := findDiags(diags, "example-field-undocumented"); len(und) != 1 || !strings.Contains(und[0].Message, "extra") {
		t.Errorf("example-field-undocumented: %s", diagText(und))
	}
}

// Things a page leaves unsaid: no type, an optional path parameter, a path
// parameter with no row, no success response, no response at all.
func TestUnsaidThings(t *testing.T) {
	op := restOp("Op", "/v1/{project_id}/things/{thing_id}", jsonResp("400", obj(prop("untyped", &model.Schema{Source: model.Source{File: "t.html", Table: "T", Row: "untyped"}}))))
	op.Parameters = []*model.Parameter{{Name: "thing_id", In: "path", Required: false, Schema: strS(), Source: model.Source{File: "t.html", Row: "thing_id"}}}
	empty := restOp("Empty", "/empty")
	doc, diags := build(t, &model.Service{Name: "t", Operations: []*model.Operation{op, empty}})
	ps := doc.Paths.Value("/v1/{project_id}/things/{thing_id}").Get.Parameters
	if len(ps) != 2 || ps[0].Value.Name != "thing_id" || !ps[0].Value.Required || ps[1].Value.Name != "project_id" || !ps[1].Value.Required {
		t.Errorf("path parameters: %+v %+v", ps[0].Value, ps[1].Value)
	}
	untyped := doc.Components.Schemas["Error"].Value.Properties["untyped"].Value
	if untyped.Type != nil {
		t.Errorf("type invented: %v", untyped.Type)
	}
	for code, n := range map[string]int{"type-missing": 1, "path-parameter-not-required": 1, "path-parameter-undocumented": 1, "success-response-missing": 2} {
		if got := findDiags(diags, code); len(got) != n {
			t.Errorf("%s: got %d, want %d\n%s", code, len(got), n, diagText(diags))
		}
	}
	if d := findDiags(diags, "type-missing"); len(d) == 1 && d[0].Source.Row != "untyped" {
		t.Errorf("type-missing source = %+v", d[0].Source)
	}
	if doc.Paths.Value("/empty").Get.Responses.Value("default") == nil {
		t.Errorf("an operation with no responses needs a default response to be valid")
	}
}

// Seed 002 (RPC): path /#CreateSignature, required Action query parameter
// with a single-value enum, x-docspec-rpc.
func TestSeed002RPCOperation(t *testing.T) {
	doc, _ := build(t, seed002())
	item := doc.Paths.Value("/#CreateSignature")
	if item == nil || item.Post == nil {
		t.Fatalf("paths: %v", doc.Paths.Keys())
	}
	a := item.Post.Parameters[0].Value
	if a.Name != "Action" || a.In != "query" || !a.Required || !reflect.DeepEqual(a.Schema.Value.Enum, []any{"CreateSignature"}) {
		t.Errorf("Action parameter = %+v", a)
	}
	if !reflect.DeepEqual(item.Post.Extensions["x-docspec-rpc"], map[string]any{"action": "CreateSignature"}) {
		t.Errorf("x-docspec-rpc = %v", item.Post.Extensions["x-docspec-rpc"])
	}
}

// Several 2xx bodies get status-suffixed component names.
func TestSeveral2xxBodies(t *testing.T) {
	svc := &model.Service{Name: "t", Operations: []*model.Operation{restOp("Op", "/x", jsonResp("202", obj(prop("job", strS()))), jsonResp("200", obj(prop("id", strS()))))}}
	doc, _ := build(t, svc)
	if got, want := schemaNames(doc), []string{"OpResponse200", "OpResponse202"}; !reflect.DeepEqual(got, want) {
		t.Errorf("components = %v, want %v", got, want)
	}
}

// Half-filled models (a reader mid-work) must not panic, and what can be
// emitted must still validate.
func TestMessyModelDoesNotPanic(t *testing.T) {
	self := &model.Schema{Type: model.TypeObject, Name: "Node"}
	self.Properties = []*model.Property{{Name: "child", Schema: self}} // a named cycle: a recursive component
	loop := &model.Schema{Type: model.TypeObject}
	loop.Properties = []*model.Property{{Name: "again", Schema: loop}} // an unnamed cycle no reader should make
	svc := &model.Service{Name: "t", Operations: []*model.Operation{
		nil,
		{ID: "NoMethod", Path: "/a"},
		{ID: "NoPath", Method: "GET"},
		{Method: "GET", Path: "/anon"},
		{ID: "Dup", Method: "GET", Path: "/dup"},
		{ID: "Dup", Method: "PUT", Path: "/dup"},
		{ID: "ZClash", Method: "GET", Path: "/dup"},
		{ID: "RPCBare", Style: model.StyleRPC},
		{ID: "Messy", Method: "post", Path: "v1/{id}?marker=x", Security: []string{"nope"},
			Parameters: []*model.Parameter{nil, {Name: "id", In: "path"}, {Name: "q", In: "body"}, {Name: "q2", In: "query", Schema: &model.Schema{Type: "file", Pattern: "([", Enum: []string{"x"}, MinLength: i64(-1)}}},
			RequestBody: &model.Body{Schema: &model.Schema{Properties: []*model.Property{nil, {Name: "p"}, {Name: "p", Schema: strS()}, {Name: "n", Schema: self}, {Name: "l", Schema: loop}},
				Rules: []*model.Rule{nil, {Field: "p", When: []*model.Condition{nil}, Pattern: "(("}}}, Examples: []*model.Example{nil, {Value: `{"p": 1, "n": {"child": {"child": {}}}}`}}},
			Responses: []*model.Response{nil, {Status: "2xx"}, {Status: "abc"}, {Status: "200"}, {Status: "200"}, {Status: "default", Headers: []*model.Parameter{nil, {Name: "X-R"}, {Name: "X-R"}}, Body: &model.Body{}}},
		},
	}, Security: []*model.SecurityScheme{nil, {Name: "token", Kind: "weird"}, {Name: "token"}}, ErrorCodes: []*model.ErrorCode{nil, {Code: ""}, {Code: "E1"}}}
	doc, diags, err := Build(svc)
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(doc); err != nil {
		t.Fatalf("Validate: %v\n%s", err, marshal(t, doc, "yaml"))
	}
	for _, f := range []string{"yaml", "json"} {
		marshal(t, doc, f)
	}
	for _, code := range []string{"method-unknown", "path-missing", "operation-id-missing", "operation-id-duplicate", "operation-variants", "rpc-action-missing", "method-missing",
		"path-query-dropped", "security-scheme-unknown", "path-parameter-not-required", "parameter-location-unknown", "type-unknown", "pattern-invalid", "bound-negative",
		"property-duplicate", "status-invalid", "status-duplicate", "header-duplicate", "security-kind-unknown", "security-scheme-duplicate", "schema-too-deep", "type-missing"} {
		if len(findDiags(diags, code)) == 0 {
			t.Errorf("no %s diagnostic", code)
		}
	}
	if got := doc.Components.Schemas["Node"].Value.Properties["child"].Ref; got != "#/components/schemas/Node" {
		t.Errorf("recursive named table: child = %q", got)
	}
	if _, _, err := Build(nil); err == nil {
		t.Errorf("Build(nil) should fail")
	}
	if _, err := Marshal(doc, "xml"); err == nil {
		t.Errorf("Marshal xml should fail")
	}
}

// TestSignedRequestNeedsNoTokenHeader pins the authentication page's
// "either a token or AK/SK signing": seed 000's CreateSignatureKeyV2 names
// X-Auth-Token in Table 2 (Request header parameters); with the service's
// AK/SK scheme beside it, the operation accepts token or aksk, and the header
// is not required (a signed request sends none).
func TestSignedRequestNeedsNoTokenHeader(t *testing.T) {
	svc := seed000()
	svc.Security = append(svc.Security, &model.SecurityScheme{Name: "aksk", Kind: model.SecurityAKSK, Description: "AK/SK signing."})
	doc, _ := build(t, svc)
	op := doc.Paths.Value("/v2/{project_id}/apigw/instances/{instance_id}/signs").Post
	if op.Security == nil || len(*op.Security) != 2 {
		t.Fatalf("security = %v, want aksk or token", op.Security)
	}
	if _, ok := (*op.Security)[0]["aksk"]; !ok {
		t.Errorf("first alternative = %v, want aksk", (*op.Security)[0])
	}
	if _, ok := (*op.Security)[1]["token"]; !ok {
		t.Errorf("second alternative = %v, want token", (*op.Security)[1])
	}
	if p := op.Parameters.GetByInAndName("header", "X-Auth-Token"); p == nil || p.Required {
		t.Errorf("X-Auth-Token = %+v, want a header that is not required", p)
	}

	only := seed000() // token alone: the header stays required
	doc, _ = build(t, only)
	op = doc.Paths.Value("/v2/{project_id}/apigw/instances/{instance_id}/signs").Post
	if p := op.Parameters.GetByInAndName("header", "X-Auth-Token"); p == nil || !p.Required {
		t.Errorf("with token alone X-Auth-Token = %+v, want required", p)
	}
}
