package gen

import (
	"bytes"
	"github.com/docspec/docspec/internal/golden"
	"go/format"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

var update = golden.Update // the one -update flag of every test

const root = ".."

// TestGenerated regenerates every target and compares it with generated/;
// -update rewrites it.
func TestGenerated(t *testing.T) {
	targets, err := Targets(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(targets) == 0 {
		t.Fatal("no targets")
	}
	for _, tg := range targets {
		spec, err := os.ReadFile(filepath.Join(root, tg.Spec))
		if err != nil {
			t.Fatal(err)
		}
		files, err := Generate(spec, tg.Package, Options{Source: tg.Spec})
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range files {
			if !strings.HasSuffix(name, ".gen.go") || !bytes.HasPrefix(b, []byte(Header+"\n")) {
				t.Errorf("%s/%s: bad name or header", tg.Dir, name)
			}
			// formatGo prints once: gofmt must find nothing left to change
			// in what every committed spec gives.
			if f, err := format.Source(b); err != nil || !bytes.Equal(f, b) {
				t.Errorf("%s/%s is not gofmt's fixed point (err %v)", tg.Dir, name, err)
			}
		}
		dir := filepath.Join(root, tg.Dir)
		if *update {
			if err := Write(dir, files); err != nil {
				t.Fatal(err)
			}
			continue
		}
		diffs, err := Diff(dir, files)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range diffs {
			t.Errorf("%s; run: docspec gen (or go test ./gen -update)", d)
		}
	}
}

func TestPackage(t *testing.T) {
	for in, want := range map[string]string{
		"otc-apig":               "otcapig",
		"spec/otc-elb-v3.yaml":   "otcelbv3",
		"aliyun-apigateway.yaml": "aliyunapigateway",
		"Huaweicloud_APIG":       "huaweicloudapig",
		"3scale":                 "api3scale",
	} {
		if got := Package(in); got != want {
			t.Errorf("Package(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFormatGoIsGofmt: formatGo gives what gofmt gives when run until
// nothing changes — on doc comments that reach their form only at column 1
// (indented above a top-level declaration, as oapi-codegen's client writes
// them), on one whose canonical form has fewer lines (the two-print
// fallback), and on grouped imports to sort and prune.
func TestFormatGoIsGofmt(t *testing.T) {
	cases := map[string]string{
		"indented doc comment with a heading":  "package p\n\n    // F does it\n//\n// A lone line\n// \n// More text here.\nfunc F() {}\n",
		"indented doc comment, trailing blank": "package p\n\n\t// T is a type.\n//\n//\ntype T int\n",
		"doc comment at column 1":              "package p\n\n// G does it\n//\n// Another lone line\n//\n// Text.\nfunc G() {}\n",
		"doc comment with a directive":         "package p\n\n  // H does it.\n//go:noinline\nfunc H() {}\n",
		"imports to sort and prune":            "package p\n\nimport (\n\"strings\"\n\"bytes\"\n\"fmt\"\n\n\"os\"\n)\n\nvar _ = fmt.Sprint(bytes.MinRead, strings.ToLower, os.Args)\n",
		"indented comment inside a body":       "package p\n\nfunc I() {\n// Lone line\n//\n// x.\nfor {\n}\n}\n",
	}
	for name, code := range cases {
		got, err := formatGo(code, true)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := []byte(code)
		for i := 0; i < 4; i++ {
			f, err := format.Source(want)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if bytes.Equal(f, want) {
				break
			}
			want = f
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: formatGo gives\n%s\ngofmt's fixed point is\n%s", name, got, want)
		}
	}
}

// TestGenerateDeterministic: the same spec gives byte-identical files, each
// with the header and gofmt'ed (Generate formats and checks).
func TestGenerateDeterministic(t *testing.T) {
	spec, err := os.ReadFile("testdata/otc-signkeys.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Generate(spec, "p", Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate(spec, "p", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"client.gen.go", "server.gen.go", "spec.gen.go", "types.gen.go", "validate.gen.go"}
	if got := slices.Sorted(maps.Keys(a)); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("files %v, want %v", got, want)
	}
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
		if bytes.Contains(a[name], []byte("oapi-codegen version")) {
			t.Errorf("%s carries a tool version", name)
		}
		// Formatted once, from an AST whose imports were pruned: gofmt
		// must find nothing left to change.
		if f, err := format.Source(a[name]); err != nil || !bytes.Equal(f, a[name]) {
			t.Errorf("%s is not gofmt'ed (err %v)", name, err)
		}
	}
}

// TestGenerateSameFromYAMLAndJSON: build hands Generate the spec's JSON
// (decoded without kin-openapi's YAML-first loader), gen the YAML file; the
// committed spec/huaweicloud-apig.yaml and .json give the same package.
func TestGenerateSameFromYAMLAndJSON(t *testing.T) {
	for _, name := range []string{"huaweicloud-apig", "aliyun-apigateway"} {
		y, err := os.ReadFile("../spec/" + name + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		j, err := os.ReadFile("../spec/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		fy, err := Generate(y, "p", Options{Source: name + ".yaml"})
		if err != nil {
			t.Fatal(err)
		}
		fj, err := Generate(j, "p", Options{Source: name + ".json"})
		if err != nil {
			t.Fatal(err)
		}
		for f := range fy {
			if !bytes.Equal(fy[f], fj[f]) {
				t.Errorf("%s: %s differs between the YAML and the JSON spec", name, f)
			}
		}
	}
}

// TestWriteRemovesStale: a *.gen.go no longer generated disappears; other
// files stay.
func TestWriteRemovesStale(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"old.gen.go", "types.gen.go", "handwritten.go"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string][]byte{"types.gen.go": []byte(Header + "\npackage p\n")}
	if d, _ := Diff(dir, files); len(d) != 2 {
		t.Errorf("Diff before Write = %v, want stale old.gen.go and differing types.gen.go", d)
	}
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "old.gen.go")); !os.IsNotExist(err) {
		t.Errorf("old.gen.go not removed")
	}
	if _, err := os.Stat(filepath.Join(dir, "handwritten.go")); err != nil {
		t.Errorf("handwritten.go removed")
	}
	if d, _ := Diff(dir, files); len(d) != 0 {
		t.Errorf("Diff after Write = %v", d)
	}
	if err := Write(dir, map[string][]byte{"../x.gen.go": nil}); err == nil {
		t.Errorf("Write accepted a path outside dir")
	}
}

func TestGenerateErrors(t *testing.T) {
	for name, c := range map[string]struct{ spec, pkg, want string }{
		"bad yaml":     {"openapi: [", "p", "x.yaml: loading spec"},
		"bad package":  {"openapi: 3.0.3\ninfo: {title: t, version: v}\npaths: {}\n", "a-b", "not a Go identifier"},
		"no operation": {"openapi: 3.0.3\ninfo: {title: t, version: v}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n", "p", "no operationId"},
		"bad rule":     {"openapi: 3.0.3\ninfo: {title: t, version: v}\npaths:\n  /a:\n    post:\n      operationId: A\n      requestBody: {content: {application/json: {schema: {type: object, x-docspec-rules: [{field: f, pattern: '('}]}}}}\n      responses: {'200': {description: ok}}\n", "p", "x-docspec-rules[0] (f): pattern"},
	} {
		_, err := Generate([]byte(c.spec), c.pkg, Options{Source: "x.yaml"})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", name, err, c.want)
		}
	}
}

// TestValidateGolden pins the validation table generated for the
// hand-written fixtures (seed 000's CreateSignatureKeyV2 with its per
// sign_type rules; seed 002's RPC CreateSignature): rule table, error codes
// and messages taken from the documented 400/401 examples, RPC actions and
// matching order. -update rewrites the goldens; read them before commit.
func TestValidateGolden(t *testing.T) {
	for _, name := range []string{"otc-signkeys", "aliyun-signature"} {
		spec, err := os.ReadFile(filepath.Join("testdata", name+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		files, err := Generate(spec, Package(name), Options{Source: name})
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", name+".validate.golden")
		if *update {
			if err := os.WriteFile(golden, files["validate.gen.go"], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(want, files["validate.gen.go"]) {
			t.Errorf("%s: validate.gen.go differs from %s; run: go test ./gen -run TestValidateGolden -update", name, golden)
		}
	}
}

// ECS "Deleting ECSs" (en-us_topic_0020212679.html) shows a JSON example of
// its 200 answer and no response table: the media type has examples and no
// schema. It is left out for generation (oapi-codegen would declare the
// answer as an interface type with methods, which does not compile); the
// other statuses keep theirs.
func TestSchemalessResponseBodyIsLeftOutForGeneration(t *testing.T) {
	spec := []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /v1/{project_id}/cloudservers/delete:
    post:
      operationId: DeleteECSsV1
      parameters:
        - {name: project_id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              examples:
                example: {value: {job_id: 70a599e0-31e7-49b7-b260-868f441e862b}}
        "400":
          description: Bad Request
          content:
            application/json:
              schema: {type: object, properties: {error_code: {type: string}}}
`)
	doc, err := loadSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	rs := doc.Paths.Value("/v1/{project_id}/cloudservers/delete").Post.Responses
	if c := rs.Value("200").Value.Content; c != nil {
		t.Errorf("200 content = %v, want none", c)
	}
	if rs.Value("400").Value.Content["application/json"] == nil {
		t.Errorf("400 lost its body")
	}
	files, err := Generate(spec, "t", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(files["server.gen.go"]), "type DeleteECSsV1200Response struct") {
		t.Errorf("no bodiless 200 response type in server.gen.go")
	}
}

// OBS "Completing a Multipart Upload" (sources/otc/obs) answers 200 in
// application/xml with a schema of its fields, beside JSON: for generation
// the XML media type keeps no schema (oapi-codegen's client would name an
// XML body type it never writes), so the package compiles, its server
// answers the XML as bytes, and StrictResponses holds one entry per status
// (the JSON one first), never a duplicate key.
func TestXMLResponseIsBytesForGeneration(t *testing.T) {
	spec := []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /{object}:
    post:
      operationId: CompletingMultipartUpload
      parameters:
        - {name: object, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {type: object, properties: {Location: {type: string}}}
            application/xml:
              schema: {type: object, properties: {Location: {type: string}, Bucket: {type: string}}}
`)
	files, err := Generate(spec, "t", Options{})
	if err != nil {
		t.Fatal(err)
	}
	server := string(files["server.gen.go"])
	if !strings.Contains(server, "type CompletingMultipartUpload200ApplicationxmlResponse struct") || !strings.Contains(server, "Body          io.Reader") && !strings.Contains(server, "Body io.Reader") {
		t.Errorf("no XML response answered as bytes in server.gen.go")
	}
	if n := strings.Count(server, `"200": CompletingMultipartUpload200`); n != 1 {
		t.Errorf("StrictResponses has %d entries for 200, want 1", n)
	}
	if strings.Contains(string(files["client.gen.go"]), "XMLResponseBody") {
		t.Errorf("client.gen.go names an XML body type")
	}
}

// TestSplitPartsIsGeneratingEachPart: one generation of every part, cut by
// splitParts, gives each file what a generation of its part alone gives
// (formatted), on every committed spec — and the cut is found, so Generate
// runs oapi-codegen once.
func TestSplitPartsIsGeneratingEachPart(t *testing.T) {
	targets, err := Targets(root)
	if err != nil {
		t.Fatal(err)
	}
	userTemplates, err := readOverrides()
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range targets {
		spec, err := os.ReadFile(filepath.Join(root, tg.Spec))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := loadSpec(spec)
		if err != nil {
			t.Fatal(err)
		}
		generate := func(g codegen.GenerateOptions) string {
			mu.Lock()
			defer mu.Unlock()
			code, err := codegen.Generate(doc, codegen.Configuration{PackageName: tg.Package, Generate: g,
				OutputOptions:       codegen.OutputOptions{UserTemplates: userTemplates, ResolveTypeNameCollisions: true, SkipFmt: true},
				AllowRemoteRefsFrom: []string{}})
			if err != nil {
				t.Fatal(err)
			}
			return code
		}
		files, ok := splitParts(generate(allParts))
		if !ok {
			t.Fatalf("%s: splitParts finds no cut in oapi-codegen's output", tg.Spec)
		}
		for _, p := range parts {
			got, err := formatGo(files[p.file], true)
			if err != nil {
				t.Fatalf("%s %s: %v", tg.Spec, p.file, err)
			}
			want, err := formatGo(generate(p.gen), true)
			if err != nil {
				t.Fatalf("%s %s: %v", tg.Spec, p.file, err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: %s cut from one generation differs from a generation of its part", tg.Spec, p.file)
			}
		}
	}
}
