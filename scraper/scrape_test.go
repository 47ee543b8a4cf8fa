package scraper

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docspec/docspec/internal/golden"
	"github.com/docspec/docspec/model"
)

var update = golden.Update // the one -update flag of every test

// The seed pages, as the project keeps them (sources/MANIFEST.yaml).
var seeds = []struct {
	name, file string
}{
	{"seed000-otc-CreateSignatureKeyV2", "../sources/otc/apig/CreateSignatureKeyV2.html"},
	{"seed001-otc-CreateSignatureKeyV2_1", "../sources/otc/apig-revisions/CreateSignatureKeyV2_1.html"},
	{"seed002-aliyun-CreateSignature", "../sources/aliyun/apigateway/CreateSignature.txt"},
	{"seed003-huaweicloud-modifying-a-signature-key", "../sources/huaweicloud/apig/modifying-a-signature-key.txt"},
	{"seed004-huaweicloud-CreateSignatureKeyV2-zh", "../sources/huaweicloud/apig/CreateSignatureKeyV2.zh.md"},
}

func scrapeOne(t *testing.T, file string) *model.Service {
	t.Helper()
	svc, err := Scrape([]string{file}, Meta{Name: "test"})
	if err != nil {
		t.Fatalf("Scrape(%s): %v", file, err)
	}
	return svc
}

func modelJSON(t *testing.T, svc *model.Service) []byte {
	t.Helper()
	b, err := json.MarshalIndent(svc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// TestDeterministic: two scrapes of the same pages give the same bytes.
func TestDeterministic(t *testing.T) {
	paths := []string{"../sources/otc/apig", "../sources/huaweicloud/apig", "../sources/aliyun/apigateway"}
	a, err := Scrape(paths, Meta{Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Scrape(paths, Meta{Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(modelJSON(t, a), modelJSON(t, b)) {
		t.Fatal("two scrapes of the same pages differ")
	}
}

func findOp(t *testing.T, svc *model.Service, id string) *model.Operation {
	t.Helper()
	for _, op := range svc.Operations {
		if op.ID == id {
			return op
		}
	}
	var ids []string
	for _, op := range svc.Operations {
		ids = append(ids, op.ID)
	}
	t.Fatalf("operation %s not found; have %v", id, ids)
	return nil
}

func prop(t *testing.T, s *model.Schema, name string) *model.Property {
	t.Helper()
	for _, p := range s.Properties {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("field %s not found", name)
	return nil
}

func statuses(op *model.Operation) string {
	var s []string
	for _, r := range op.Responses {
		s = append(s, r.Status)
	}
	return strings.Join(s, " ")
}

func response(op *model.Operation, status string) *model.Response {
	for _, r := range op.Responses {
		if r.Status == status {
			return r
		}
	}
	return nil
}

// Seed 000 (CreateSignatureKeyV2.html, doc-export): the facts the issue names.
func TestSeed000CreateSignatureKeyV2(t *testing.T) {
	svc := scrapeOne(t, seeds[0].file)
	op := findOp(t, svc, "CreateSignatureKeyV2")
	if op.Method != "POST" || op.Path != "/v2/{project_id}/apigw/instances/{instance_id}/signs" {
		t.Errorf("section URI: got %s %s", op.Method, op.Path)
	}
	if op.Summary != "Creating a Signature Key" || !strings.Contains(op.Description, "protection mechanism") {
		t.Errorf("summary/description: %q / %q", op.Summary, op.Description)
	}
	var params []string
	for _, p := range op.Parameters {
		params = append(params, p.In+":"+p.Name)
		if !p.Required {
			t.Errorf("Table 1/2 row %s: Mandatory Yes, got required=false", p.Name)
		}
	}
	if got := strings.Join(params, " "); got != "path:project_id path:instance_id header:X-Auth-Token" {
		t.Errorf("Tables 1 and 2: parameters %s", got)
	}
	if strings.Join(op.Security, ",") != "token" {
		t.Errorf("X-Auth-Token header: security %v", op.Security)
	}
	body := op.RequestBody.Schema
	name := prop(t, body, "name")
	if !name.Required || *name.Schema.MinLength != 3 || *name.Schema.MaxLength != 64 || name.Schema.Pattern != "^[A-Za-z][A-Za-z0-9_]*$" {
		t.Errorf("Table 3 row name: required=%v length %v..%v pattern %q", name.Required, name.Schema.MinLength, name.Schema.MaxLength, name.Schema.Pattern)
	}
	if got := strings.Join(prop(t, body, "sign_type").Schema.Enum, ","); got != "hmac,basic,public_key,aes" {
		t.Errorf("Table 3 row sign_type: Enumeration values %s", got)
	}
	if got := strings.Join(prop(t, body, "sign_algorithm").Schema.Enum, ","); got != "aes-128-cfb,aes-256-cfb" {
		t.Errorf("Table 3 row sign_algorithm: Enumeration values %s", got)
	}
	// Per-type rules: sign_key and sign_secret for each of 4 types; aes
	// sign_key once per algorithm.
	rules := map[string]string{}
	for _, r := range body.Rules {
		var when []string
		for _, c := range r.When {
			when = append(when, c.Field+"="+c.Equals)
		}
		rules[r.Field+" "+strings.Join(when, "&")] = rng(r.MinLength, r.MaxLength)
	}
	want := map[string]string{
		"sign_key sign_type=hmac":                           "8..32",
		"sign_key sign_type=basic":                          "4..32",
		"sign_key sign_type=public_key":                     "8..512",
		"sign_key sign_type=aes&sign_algorithm=aes-128-cfb": "16..16",
		"sign_key sign_type=aes&sign_algorithm=aes-256-cfb": "32..32",
		"sign_secret sign_type=hmac":                        "16..64",
		"sign_secret sign_type=basic":                       "8..64",
		"sign_secret sign_type=public_key":                  "16..2048",
		"sign_secret sign_type=aes":                         "16..16",
	}
	for k, v := range want {
		if rules[k] != v {
			t.Errorf("Table 3 rule %s: got %q, want %q", k, rules[k], v)
		}
	}
	if len(rules) != len(want) {
		t.Errorf("Table 3: %d rules, want %d: %v", len(rules), len(want), rules)
	}
	if got := statuses(op); got != "201 400 401 403 404 412 500" {
		t.Errorf("Status Codes: %s", got)
	}
	codes := map[string]string{"400": "APIG.2011", "401": "APIG.1002", "403": "APIG.1005", "404": "APIG.3030", "412": "APIG.3548", "500": "APIG.9999"}
	for st, c := range codes {
		r := response(op, st)
		if r == nil || strings.Join(r.ErrorCodes, ",") != c {
			t.Errorf("Example Responses, status %s: error codes %v, want %s", st, r.ErrorCodes, c)
		}
		if r.Body == nil || r.Body.Schema == nil || len(r.Body.Schema.Properties) != 2 {
			t.Errorf("status %s: error body (error_code, error_msg) missing", st)
		}
	}
	if ex := op.RequestBody.Examples; len(ex) != 1 || !strings.Contains(ex[0].Value, `"sign_secret" : "sig************ret"`) {
		t.Errorf("Example Requests: %v", ex)
	}
	if ct := prop(t, response(op, "201").Body.Schema, "create_time").Schema.Format; ct != "date-time" {
		t.Errorf("Table 4 row create_time: format %q, want date-time from the example's RFC 3339 value", ct)
	}
}

// Seed 003 (plain text): UpdateSignatureKeyV2, its 404 example code, and the
// broken bullets "• hmac -basic -public_key -aes" read as an enumeration.
func TestSeed003ModifyingASignatureKey(t *testing.T) {
	svc := scrapeOne(t, seeds[3].file)
	op := findOp(t, svc, "UpdateSignatureKeyV2")
	if op.Method != "PUT" || op.Path != "/v2/{project_id}/apigw/instances/{instance_id}/signs/{sign_id}" {
		t.Errorf("URI: %s %s", op.Method, op.Path)
	}
	if r := response(op, "404"); r == nil || strings.Join(r.ErrorCodes, ",") != "APIG.3017" {
		t.Errorf("Example Responses 404: %+v", r)
	}
	if got := strings.Join(prop(t, op.RequestBody.Schema, "sign_type").Schema.Enum, ","); got != "hmac,basic,public_key,aes" {
		t.Errorf("Table 3 row sign_type: enum %q from the broken bullets", got)
	}
	if got := statuses(op); got != "200 400 401 403 404 412 500" {
		t.Errorf("statuses %s", got)
	}
}

// Seed 004 (Chinese Markdown): lengths in Chinese, the Chinese-character
// pattern, and the lost sign_type list reported, not invented.
func TestSeed004ChineseCreateSignatureKeyV2(t *testing.T) {
	svc := scrapeOne(t, seeds[4].file)
	op := findOp(t, svc, "CreateSignatureKeyV2")
	name := prop(t, op.RequestBody.Schema, "name")
	if name.Schema.MinLength == nil || *name.Schema.MinLength != 3 || *name.Schema.MaxLength != 64 {
		t.Errorf("body row name: 最小长度：3 最大长度：64 not read: %v..%v", name.Schema.MinLength, name.Schema.MaxLength)
	}
	if name.Schema.Pattern != "^[A-Za-z一-龥][A-Za-z0-9一-龥_]*$" {
		t.Errorf("body row name: pattern %q lacks Chinese characters", name.Schema.Pattern)
	}
	st := prop(t, op.RequestBody.Schema, "sign_type")
	if len(st.Schema.Enum) != 0 {
		t.Errorf("body row sign_type: enum %v invented; the page lost the list", st.Schema.Enum)
	}
	warned := false
	for _, d := range svc.Diagnostics {
		if d.Code == "list-missing" && d.Source.Row == "sign_type" && d.Source.Section == "请求参数" {
			warned = true
		}
	}
	if !warned {
		t.Error("no list-missing warning for request body row sign_type")
	}
}

// Seed 002 (Alibaba Cloud text): an RPC Action with query parameters.
func TestSeed002CreateSignature(t *testing.T) {
	svc := scrapeOne(t, seeds[2].file)
	op := findOp(t, svc, "CreateSignature")
	if op.Style != model.StyleRPC || op.Action != "CreateSignature" {
		t.Errorf("style %s action %s", op.Style, op.Action)
	}
	want := map[string][2]int64{"SignatureName": {4, 50}, "SignatureKey": {6, 20}, "SignatureSecret": {6, 30}}
	for _, p := range op.Parameters {
		w, ok := want[p.Name]
		if !ok {
			t.Errorf("unexpected parameter %s", p.Name)
			continue
		}
		if p.In != model.InQuery || !p.Required || *p.Schema.MinLength != w[0] || *p.Schema.MaxLength != w[1] || p.Schema.Pattern == "" {
			t.Errorf("Request parameters row %s: %s required=%v %v..%v %q", p.Name, p.In, p.Required, p.Schema.MinLength, p.Schema.MaxLength, p.Schema.Pattern)
		}
		delete(want, p.Name)
	}
	if len(want) != 0 {
		t.Errorf("missing parameters %v", want)
	}
	if op.Notes == nil || !strings.Contains(op.Notes[0], "QPS limit") {
		t.Errorf("notes %v: the QPS limit is lost", op.Notes)
	}
}

// The same page in two dialects (seed 000, doc-export; the portal's Sphinx
// rendering) gives equal operations, up to wording.
func TestTwoDialectsAgree(t *testing.T) {
	a := findOp(t, scrapeOne(t, seeds[0].file), "CreateSignatureKeyV2")
	b := findOp(t, scrapeOne(t, "../sources/otc/apig-portal/dedicated_gateway_apis_v2/signature_key_management/creating_a_signature_key.html"), "CreateSignatureKeyV2")
	if d := CompareOperations(a, b); len(d) != 0 {
		t.Errorf("doc-export and Sphinx readings disagree:\n%s", strings.Join(d, "\n"))
	}
}

// Given both revisions of CreateSignatureKeyV2, scrape reports the real
// disagreement (seed 001 lacks 404 and 412) instead of picking one silently.
func TestDisagreementReported(t *testing.T) {
	svc, err := Scrape([]string{seeds[0].file, seeds[1].file}, Meta{Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range svc.Diagnostics {
		if d.Code == "operation-disagreement" {
			got = append(got, d.Message)
		}
	}
	if len(got) != 2 || !strings.Contains(strings.Join(got, "\n"), "response 404") || !strings.Contains(strings.Join(got, "\n"), "response 412") {
		t.Errorf("disagreements: %v", got)
	}
}

// Bad input: a clear error or note naming the file, never a panic.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	seed, err := os.ReadFile(seeds[0].file)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, content string
		code          string // the diagnostic the page must get
		kind          string
	}{
		{"empty.html", "", "page-unreadable", model.PageSkipped},
		{"binary.bin", "\xff\xfe\x00garbage", "page-unreadable", model.PageSkipped},
		{"notes.txt", "Shopping list\n\nmilk\neggs\n", "page-skipped", model.PageSkipped},
		{"index.html", `<html><body><div class="body" role="main"><section><h1>API Reference</h1><p>See the pages below.</p></section></div></body></html>`, "page-skipped", model.PageSkipped},
		{"truncated.html", string(seed[:len(seed)/3]), "", model.PageOperation},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := write(c.name, c.content)
			svc, err := Scrape([]string{p}, Meta{Name: "x"})
			if err != nil {
				t.Fatal(err)
			}
			if got := svc.Pages[0].Kind; got != c.kind {
				t.Errorf("kind %s, want %s (note %q)", got, c.kind, svc.Pages[0].Note)
			}
			if c.code == "" {
				return
			}
			for _, d := range svc.Diagnostics {
				if d.Code == c.code && d.Source.File == filepath.ToSlash(p) {
					return
				}
			}
			t.Errorf("no %s diagnostic naming %s: %+v", c.code, p, svc.Diagnostics)
		})
	}
}

// A truncated page keeps what it had: the operation and its path.
func TestTruncatedKeepsOperation(t *testing.T) {
	seed, err := os.ReadFile(seeds[0].file)
	if err != nil {
		t.Fatal(err)
	}
	svc := &model.Service{}
	AddPage(svc, "truncated.html", seed[:len(seed)/3])
	Finish(svc)
	if len(svc.Operations) != 1 || svc.Operations[0].Path != "/v2/{project_id}/apigw/instances/{instance_id}/signs" {
		t.Fatalf("truncated seed 000: %d operations", len(svc.Operations))
	}
}

// Seed 003 with the Mandatory cell of Table 3 row name cut out: the page is
// kept, the operation is read, and a warning names the file and line.
func TestPartlyReadPageKept(t *testing.T) {
	src, err := os.ReadFile(seeds[3].file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(src), "\n")
	var cut []string
	removed := false
	for i, l := range lines {
		// the "Yes" after "name" in Table 3 (Request body parameters)
		if !removed && strings.TrimSpace(l) == "Yes" && i >= 2 && strings.TrimSpace(lines[i-2]) == "name" {
			removed = true
			continue
		}
		cut = append(cut, l)
	}
	if !removed {
		t.Fatal("test setup: row name of Table 3 not found")
	}
	svc := &model.Service{}
	AddPage(svc, "003_cut.txt", []byte(strings.Join(cut, "")))
	Finish(svc)
	if len(svc.Operations) != 1 {
		t.Fatalf("operations: %d", len(svc.Operations))
	}
	for _, d := range svc.Diagnostics {
		if d.Code == "page-partly-read" && d.Source.File == "003_cut.txt" && d.Source.Line > 0 {
			return
		}
	}
	t.Errorf("no page-partly-read warning with a line: %+v", svc.Diagnostics)
}
