package report

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/docspec/docspec/drift"
	"github.com/docspec/docspec/internal/golden"
	"github.com/docspec/docspec/model"
)

var (
	update = golden.Update
	// e2eDir, when set, receives the pages the browser test (js/scripts/e2e.mjs) opens.
	e2eDir = flag.String("e2e-dir", "", "write sample.html and large.html here for the browser test")
)

func i64(n int64) *int64     { return &n }
func f64(n float64) *float64 { return &n }
func str(s string) *string   { return &s }
func src(row string) model.Source {
	return model.Source{File: "CreateSignatureKeyV2.html", Section: "Request Parameters", Table: "Table 3 Request body parameters", Row: row}
}

// sampleService is hand-built after the CreateSignatureKeyV2 page: body field
// name (length 3–64, pattern), sign_type enum, conditional sign_key rules, a
// 201 and a 400 with APIG.2011; plus a GET with query bounds, an untagged RPC
// action, diagnostics of every severity and an error-code catalogue.
func sampleService() *model.Service {
	create := &model.Operation{
		ID: "CreateSignatureKeyV2", Summary: "Creating a Signature Key",
		Description: "This API is used to create a signature key. See https://example.invalid/docs for details.",
		Style:       model.StyleREST, Method: "POST", Path: "/v2/{project_id}/apigw/instances/{instance_id}/signs",
		Tags: []string{"Signature Key Management"}, Security: []string{"token"},
		Notes:  []string{"A tenant can create at most 200 signature keys."},
		Source: model.Source{File: "CreateSignatureKeyV2.html", Section: "URI", Line: 12},
		Parameters: []*model.Parameter{
			{Name: "project_id", In: model.InPath, Required: true, Schema: &model.Schema{Type: model.TypeString, Description: "Project ID."},
				Source: model.Source{File: "CreateSignatureKeyV2.html", Section: "URI", Table: "Table 1 Path parameters", Row: "project_id"}},
			{Name: "X-Auth-Token", In: model.InHeader, Required: true, Schema: &model.Schema{Type: model.TypeString},
				Source: model.Source{File: "CreateSignatureKeyV2.html", Table: "Table 2 Request header parameters", Row: "X-Auth-Token"}},
		},
		RequestBody: &model.Body{
			ContentType: "application/json",
			Source:      model.Source{File: "CreateSignatureKeyV2.html", Section: "Request Parameters", Table: "Table 3 Request body parameters"},
			Schema: &model.Schema{
				Type: model.TypeObject,
				Properties: []*model.Property{
					{Name: "name", Required: true, Source: src("name"), Schema: &model.Schema{
						Type: model.TypeString, MinLength: i64(3), MaxLength: i64(64),
						Pattern:     "^[A-Za-z][A-Za-z0-9_]*$",
						Description: "Signature key name.", Example: str("signature_demo"),
						Constraints: []*model.Constraint{
							{Kind: model.ConstraintLength, Text: "contain 3 to 64 characters", Source: src("name")},
							{Kind: model.ConstraintPattern, Text: "starting with a letter. Only letters, digits, and underscores (_) are allowed", Source: src("name")},
						}}},
					{Name: "sign_type", Source: src("sign_type"), Schema: &model.Schema{
						Type: model.TypeString, Enum: []string{"hmac", "basic", "public_key", "aes"}, Default: str("hmac")}},
					{Name: "sign_key", Source: src("sign_key"), Schema: &model.Schema{Type: model.TypeString}},
					{Name: "sign_algorithm", Source: src("sign_algorithm"), Schema: &model.Schema{
						Type: model.TypeString, Enum: []string{"aes-128-cfb", "aes-256-cfb"}}},
					{Name: "tags", Source: src("tags"), Schema: &model.Schema{
						Type: model.TypeArray, MaxItems: i64(10), Name: "Tag",
						Items: &model.Schema{Type: model.TypeObject, Name: "Tag", Properties: []*model.Property{
							{Name: "key", Required: true, Schema: &model.Schema{Type: model.TypeString, MaxLength: i64(36)},
								Source: model.Source{File: "CreateSignatureKeyV2.html", Table: "Table 4 Tag", Row: "key"}},
						}}}},
				},
				Rules: []*model.Rule{
					{Field: "sign_key", When: []*model.Condition{{Field: "sign_type", Equals: "hmac"}},
						MinLength: i64(8), MaxLength: i64(32), Pattern: "^[A-Za-z0-9][A-Za-z0-9_-]*$",
						Text: "hmac: 8 to 32 characters, starting with a letter or digit.", Source: src("sign_key")},
					{Field: "sign_key", When: []*model.Condition{{Field: "sign_type", Equals: "aes"}, {Field: "sign_algorithm", Equals: "aes-128-cfb"}},
						MinLength: i64(16), MaxLength: i64(16), Text: "aes: 16 characters if the aes-128-cfb algorithm is used.", Source: src("sign_key")},
				},
			},
			Examples: []*model.Example{{Value: `{"name":"signature_demo","sign_type":"hmac","sign_key":"signkeysignkey"}`,
				Source: model.Source{File: "CreateSignatureKeyV2.html", Section: "Example Requests"}}},
		},
		Responses: []*model.Response{
			{Status: "201", Description: "Created", Source: model.Source{File: "CreateSignatureKeyV2.html", Section: "Response Parameters"},
				Body: &model.Body{ContentType: "application/json", Schema: &model.Schema{Type: model.TypeObject, Properties: []*model.Property{
					{Name: "id", Schema: &model.Schema{Type: model.TypeString}, Source: model.Source{File: "CreateSignatureKeyV2.html", Table: "Table 5 Response body parameters", Row: "id"}},
					{Name: "create_time", Schema: &model.Schema{Type: model.TypeString, Format: "date-time"}, Source: model.Source{File: "CreateSignatureKeyV2.html", Table: "Table 5 Response body parameters", Row: "create_time"}},
				}}}},
			{Status: "400", Description: "Bad Request", ErrorCodes: []string{"APIG.2011", "APIG.9999"},
				Source: model.Source{File: "CreateSignatureKeyV2.html", Section: "Response Parameters", Table: "Table 6"},
				Body:   &model.Body{ContentType: "application/json", Examples: []*model.Example{{Summary: "APIG.2011", Value: `{"error_code":"APIG.2011","error_msg":"Invalid parameter value <name>"}`}}}},
		},
	}
	list := &model.Operation{
		ID: "ListSignatureKeysV2", Summary: "Querying Signature Keys", Style: model.StyleREST, Method: "GET",
		Path: "/v2/{project_id}/apigw/instances/{instance_id}/signs", Tags: []string{"Signature Key Management"},
		Source: model.Source{File: "ListSignatureKeysV2.html"},
		Parameters: []*model.Parameter{
			{Name: "limit", In: model.InQuery, Schema: &model.Schema{Type: model.TypeInteger, Format: "int32", Minimum: f64(1), Maximum: f64(500), Default: str("20")},
				Source: model.Source{File: "ListSignatureKeysV2.html", Table: "Table 2 Query parameters", Row: "limit"}},
			{Name: "offset", In: model.InQuery, Schema: &model.Schema{Type: model.TypeInteger, Minimum: f64(0)},
				Source: model.Source{File: "ListSignatureKeysV2.html", Table: "Table 2 Query parameters", Row: "offset"}},
		},
		Responses: []*model.Response{{Status: "200", Description: "OK"}},
	}
	rpc := &model.Operation{
		ID: "DescribeSignatures", Style: model.StyleRPC, Method: "GET", Path: "/", Action: "DescribeSignatures",
		Source:     model.Source{File: "DescribeSignatures.md"},
		Parameters: []*model.Parameter{{Name: "PageSize", In: model.InQuery, Schema: &model.Schema{Type: model.TypeInteger, Maximum: f64(100)}}},
	}
	return &model.Service{
		Name: "sample-apig", Title: "Sample API Gateway", Provider: "otc", Version: "v2",
		Description: "Hand-built service for the report golden.",
		Operations:  []*model.Operation{list, rpc, create}, // unsorted on purpose
		ErrorCodes: []*model.ErrorCode{
			{Code: "APIG.2011", Status: "400", Message: "Invalid parameter value", Solution: "Modify the parameter.", Source: model.Source{File: "ErrorCodes.html", Row: "APIG.2011"}},
			{Code: "APIG.1002", Status: "401", Message: "Incorrect token", Source: model.Source{File: "ErrorCodes.html", Row: "APIG.1002"}},
		},
		Security: []*model.SecurityScheme{{Name: "token", Kind: model.SecurityAPIKey, Header: "X-Auth-Token", Source: model.Source{File: "Authentication.html"}}},
		Pages: []*model.Page{
			{File: "CreateSignatureKeyV2.html", Dialect: model.DialectDocExport, Language: "en", Kind: model.PageOperation, Title: "Creating a Signature Key"},
			{File: "Overview.html", Dialect: model.DialectDocExport, Language: "en", Kind: model.PageSkipped, Note: "no operation on the page"},
		},
		Diagnostics: []*model.Diagnostic{
			{Severity: model.SevWarning, Code: "type-missing", Message: "row \"sign_key\" states no type", Operation: "CreateSignatureKeyV2", Source: src("sign_key")},
			{Severity: model.SevContradiction, Code: "example-breaks-rule", Message: "example \"sign_type\": \"HMAC\" is not one of the enumerated values", Operation: "CreateSignatureKeyV2", Source: src("sign_key")},
			{Severity: model.SevNote, Code: "page-skipped", Message: "Overview.html has no operation", Source: model.Source{File: "Overview.html"}},
		},
	}
}

func sampleFindings() []drift.Finding {
	return []drift.Finding{
		{Rule: "request-property-max-length-decreased", Severity: drift.Breaking, Operation: "CreateSignatureKeyV2", Method: "POST",
			Path: "/v2/{project_id}/apigw/instances/{instance_id}/signs", Message: "name: maxLength 64 → 32",
			Old: &model.Source{File: "CreateSignatureKeyV2.html", Row: "name"}, New: &model.Source{File: "CreateSignatureKeyV2.html", Row: "name"}, Origin: "docspec"},
		{Rule: "summary-changed", Severity: drift.Editorial, Operation: "ListSignatureKeysV2", Message: "summary reworded", Origin: "oasdiff"},
		{Rule: "response-status-added", Severity: drift.NonBreaking, Operation: "GoneOperation", Message: "201 added", Origin: "oasdiff"},
	}
}

func render(t *testing.T, svc *model.Service, f []drift.Finding) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, svc, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

// TestRenderGolden pins the whole page for the hand-built CreateSignatureKeyV2 service.
func TestRenderGolden(t *testing.T) {
	out := render(t, sampleService(), sampleFindings())
	checkGolden(t, "sample.golden.html", out)
	if *e2eDir != "" {
		writeE2E(t, "sample.html", out)
	}
}

// TestRenderDeterministic: two renders of equal models are byte-equal, and
// the operation order of the model does not matter.
func TestRenderDeterministic(t *testing.T) {
	a := render(t, sampleService(), sampleFindings())
	svc := sampleService()
	ops := svc.Operations
	ops[0], ops[2] = ops[2], ops[0]
	b := render(t, svc, sampleFindings())
	if !bytes.Equal(a, b) {
		t.Fatal("rendering differs between runs or operation orders")
	}
}

var externalRef = regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?\s*(https?:)?//|url\(\s*["']?\s*(https?:)?//|@import`)

// TestSelfContained: no script, style, image or link points off the page.
func TestSelfContained(t *testing.T) {
	out := render(t, sampleService(), sampleFindings())
	if m := externalRef.Find(out); m != nil {
		t.Fatalf("page references the network: %q", m)
	}
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var scripts, styles int
	walk(doc, func(n *html.Node) {
		switch n.Data {
		case "script":
			scripts++
			if attr(n, "src") != "" {
				t.Errorf("script with src=%q", attr(n, "src"))
			}
		case "style":
			styles++
		case "link", "img", "iframe":
			t.Errorf("element <%s> loads a resource", n.Data)
		}
		if h := attr(n, "href"); h != "" && !strings.HasPrefix(h, "#") {
			t.Errorf("link leaves the page: href=%q", h)
		}
	})
	if scripts != 1 || styles != 1 {
		t.Errorf("want one inline script and one inline style, got %d and %d", scripts, styles)
	}
	// The description's URL is prose: it must be shown as text, not linked.
	if !bytes.Contains(out, []byte("https://example.invalid/docs")) {
		t.Error("description text lost")
	}
}

// TestRenderContent checks what a reader must find for CreateSignatureKeyV2:
// constraints of row "name", the enum of row "sign_type", the conditional
// rules on sign_key, error codes linked to the catalogue, provenance, and
// the findings coloured by severity.
func TestRenderContent(t *testing.T) {
	page := string(render(t, sampleService(), sampleFindings()))
	for _, want := range []string{
		`<details class="op" id="op-CreateSignatureKeyV2" data-id="CreateSignatureKeyV2" data-search="createsignaturekeyv2 post /v2/{project_id}/apigw/instances/{instance_id}/signs creating a signature key">`,
		`<span class="c">length 3–64</span>`,
		`<span class="c">pattern <code>^[A-Za-z][A-Za-z0-9_]*$</code></span>`,
		`one of <code class="enum">hmac</code><code class="enum">basic</code><code class="enum">public_key</code><code class="enum">aes</code>`,
		`<div>default <code>hmac</code></div>`,
		`<td><code>sign_key</code></td><td><code>sign_type = aes and sign_algorithm = aes-128-cfb</code></td><td><span class="c">length = 16</span>`,
		`<code>tags[].key</code>`,
		`<span class="c">items ≤ 10</span>`,
		`<span class="c">range 1 … 500</span>`,
		`<a class="code" href="#err-APIG.2011">APIG.2011</a>`,
		`<a class="code">APIG.9999</a>`, // not in the catalogue: no dangling link
		`<tr id="err-APIG.2011">`,
		`CreateSignatureKeyV2.html: table &#34;Table 3 Request body parameters&#34;, row &#34;name&#34;`,
		`source: CreateSignatureKeyV2.html:12: section &#34;URI&#34;`,
		`<tr class="sev-breaking"><td>breaking</td><td><code>request-property-max-length-decreased</code></td>`,
		`<tr class="sev-contradiction"><td>contradiction</td>`,
		`<section class="tag" id="tag-Signature-Key-Management">`,
		`<h3>(untagged) <span class="n">1</span></h3>`,
		`<span class="badge sev-warning" title="warnings">1 warning(s)</span>`,
		`<td>GoneOperation</td>`, // finding for an operation the model lacks: no link
		`&#34;error_msg&#34;: &#34;Invalid parameter value &lt;name&gt;&#34;`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

// TestRenderNoDrift: without a drift result there is no drift section; with
// an empty one the section says nothing was found.
func TestRenderNoDrift(t *testing.T) {
	if page := string(render(t, sampleService(), nil)); strings.Contains(page, `id="drift"`) {
		t.Error("drift section shown without a drift result")
	}
	if page := string(render(t, sampleService(), []drift.Finding{})); !strings.Contains(page, "No drift found.") {
		t.Error("empty drift result not reported")
	}
}

// TestRenderBadInput: nil service is an error; nil parts of a model render.
func TestRenderBadInput(t *testing.T) {
	var buf bytes.Buffer
	if err := Render(&buf, nil, nil); err == nil || buf.Len() != 0 {
		t.Fatalf("nil service: err=%v, wrote %d bytes", err, buf.Len())
	}
	svc := &model.Service{Name: "broken", Operations: []*model.Operation{nil,
		{ID: "X", Parameters: []*model.Parameter{nil, {Name: "p"}}, RequestBody: &model.Body{Schema: &model.Schema{Type: model.TypeArray}},
			Responses: []*model.Response{nil, {Status: "200", Body: &model.Body{Examples: []*model.Example{nil, {Value: "not json"}}}}}},
		{ID: "X"}, // repeated id: anchors stay unique
	}, Diagnostics: []*model.Diagnostic{nil}, ErrorCodes: []*model.ErrorCode{nil}, Pages: []*model.Page{nil}}
	page := string(render(t, svc, nil))
	if !strings.Contains(page, `id="op-X"`) || !strings.Contains(page, `id="op-X-2"`) || !strings.Contains(page, "not json") {
		t.Error("broken model not rendered as expected")
	}
}

// largeService has n operations over 12 tags, like the 100+ operations of the
// API Gateway spec.
func largeService(n int) *model.Service {
	svc := &model.Service{Name: "large", Title: "Large synthetic service", Provider: "otc"}
	verbs := []string{"Create", "List", "Update", "Delete", "Show"}
	for i := range n {
		id := fmt.Sprintf("%sThing%03dV2", verbs[i%len(verbs)], i)
		svc.Operations = append(svc.Operations, &model.Operation{
			ID: id, Summary: fmt.Sprintf("%s thing number %d", verbs[i%len(verbs)], i), Method: []string{"POST", "GET", "PUT", "DELETE", "GET"}[i%5],
			Path: fmt.Sprintf("/v2/{project_id}/things%03d", i), Tags: []string{fmt.Sprintf("Group %02d", i%12)},
			Source: model.Source{File: id + ".html"},
			Parameters: []*model.Parameter{{Name: "limit", In: model.InQuery, Schema: &model.Schema{Type: model.TypeInteger, Minimum: f64(1), Maximum: f64(500)},
				Source: model.Source{File: id + ".html", Table: "Table 2", Row: "limit"}}},
			RequestBody: &model.Body{ContentType: "application/json", Schema: &model.Schema{Type: model.TypeObject, Properties: []*model.Property{
				{Name: "name", Required: true, Schema: &model.Schema{Type: model.TypeString, MinLength: i64(3), MaxLength: i64(64)},
					Source: model.Source{File: id + ".html", Table: "Table 3", Row: "name"}}}}},
			Responses: []*model.Response{{Status: "200"}, {Status: "400", ErrorCodes: []string{"APIG.2011"}}},
		})
	}
	return svc
}

// TestRenderLarge: 150 operations render, each once, each under its tag, with
// unique anchors.
func TestRenderLarge(t *testing.T) {
	out := render(t, largeService(150), nil)
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	ops := 0
	walk(doc, func(n *html.Node) {
		if id := attr(n, "id"); id != "" {
			if ids[id] {
				t.Errorf("duplicate id %q", id)
			}
			ids[id] = true
		}
		if n.Data == "details" && attr(n, "class") == "op" {
			ops++
		}
	})
	if ops != 150 {
		t.Errorf("rendered %d operations, want 150", ops)
	}
	if *e2eDir != "" {
		writeE2E(t, "large.html", out)
	}
}

func writeE2E(t *testing.T, name string, out []byte) {
	t.Helper()
	if err := os.MkdirAll(*e2eDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*e2eDir, name), out, 0o644); err != nil {
		t.Fatal(err)
	}
}

func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
