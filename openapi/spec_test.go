package openapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"gopkg.in/yaml.v3"

	"github.com/docspec/docspec/internal/golden"
	"github.com/docspec/docspec/model"
)

var goldenCases = []struct {
	name string
	svc  func() *model.Service
}{
	{"seed000-otc-apig-CreateSignatureKeyV2", seed000},
	{"seed002-aliyun-CreateSignature", seed002},
}

func build(t *testing.T, svc *model.Service) (*openapi3.T, []*model.Diagnostic) {
	t.Helper()
	doc, diags, err := Build(svc)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if err := Validate(doc); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	return doc, diags
}

func marshal(t *testing.T, doc *openapi3.T, format string) []byte {
	t.Helper()
	b, err := Marshal(doc, format)
	if err != nil {
		t.Fatalf("Marshal %s: %v", format, err)
	}
	return b
}

func diagText(ds []*model.Diagnostic) []byte {
	var b bytes.Buffer
	for _, d := range ds {
		fmt.Fprintf(&b, "%s %s [%s] %s | %s:%d table=%q row=%q\n", d.Severity, d.Code, d.Operation, d.Message, d.Source.File, d.Source.Line, d.Source.Table, d.Source.Row)
	}
	return b.Bytes()
}

// TestGolden pins model → spec for hand-built models shaped like seeds 000
// and 002 (YAML and the diagnostics), and that the result validates; the
// real pipeline for every seed is internal/seeds'.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			doc, diags := build(t, c.svc())
			golden.Check(t, filepath.Join("testdata", c.name+".golden.yaml"), marshal(t, doc, "yaml"))
			golden.Check(t, filepath.Join("testdata", c.name+".diagnostics.golden"), diagText(diags))
		})
	}
}

// TestDeterminism: the same model gives the same bytes, whatever the order
// of operations, security schemes and error codes the reader produced.
func TestDeterminism(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			doc1, d1 := build(t, c.svc())
			doc2, d2 := build(t, c.svc())
			for _, f := range []string{"yaml", "json"} {
				if !bytes.Equal(marshal(t, doc1, f), marshal(t, doc2, f)) {
					t.Errorf("%s differs between two builds", f)
				}
				if !bytes.Equal(marshal(t, doc1, f), marshal(t, doc1, f)) {
					t.Errorf("%s differs between two marshals", f)
				}
			}
			if !bytes.Equal(diagText(d1), diagText(d2)) {
				t.Errorf("diagnostics differ between two builds")
			}
		})
	}
	// Several operations in two orders.
	mk := func(reverse bool) *model.Service {
		a, b := seed000(), seed002()
		svc := a
		rpc := b.Operations[0]
		extra := seed000().Operations[0]
		extra.ID = "AnotherSignatureKeyOp"
		extra.Path = "/v2/{project_id}/apigw/instances/{instance_id}/signs/other"
		svc.Operations = []*model.Operation{a.Operations[0], rpc, extra}
		if reverse {
			svc.Operations = []*model.Operation{extra, rpc, a.Operations[0]}
			for i, j := 0, len(svc.ErrorCodes)-1; i < j; i, j = i+1, j-1 {
				svc.ErrorCodes[i], svc.ErrorCodes[j] = svc.ErrorCodes[j], svc.ErrorCodes[i]
			}
		}
		return svc
	}
	d1, g1 := build(t, mk(false))
	d2, g2 := build(t, mk(true))
	if !bytes.Equal(marshal(t, d1, "yaml"), marshal(t, d2, "yaml")) {
		t.Errorf("YAML depends on the order of operations or error codes")
	}
	if !bytes.Equal(diagText(g1), diagText(g2)) {
		t.Errorf("diagnostics depend on the order of operations:\n%s\n---\n%s", diagText(g1), diagText(g2))
	}
}

// TestYAMLAndJSONSameContent: both renderings decode to the same value, and
// both end in a newline.
func TestYAMLAndJSONSameContent(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			doc, _ := build(t, c.svc())
			y, j := marshal(t, doc, "yaml"), marshal(t, doc, "json")
			var yv, jv any
			if err := yaml.Unmarshal(y, &yv); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(j, &jv); err != nil {
				t.Fatal(err)
			}
			yb, err := json.Marshal(yv)
			if err != nil {
				t.Fatal(err)
			}
			var yj any
			if err := json.Unmarshal(yb, &yj); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(yj, jv) {
				t.Errorf("YAML and JSON differ in content")
			}
			if !bytes.HasSuffix(y, []byte("\n")) || !bytes.HasSuffix(j, []byte("\n")) {
				t.Errorf("missing trailing newline")
			}
			// Conventional key order: openapi, info, tags, paths, components.
			s := string(y)
			last := -1
			for _, k := range []string{"openapi:", "\ninfo:", "\ntags:", "\npaths:", "\ncomponents:"} {
				i := strings.Index(s, k)
				if k == "\ntags:" && i < 0 {
					continue
				}
				if i < last {
					t.Errorf("%q out of order", k)
				}
				last = i
			}
			// And it loads back into kin-openapi and validates.
			loaded, err := openapi3.NewLoader().LoadFromData(j)
			if err != nil {
				t.Fatalf("loading JSON: %v", err)
			}
			if err := Validate(loaded); err != nil {
				t.Fatalf("reloaded JSON does not validate: %v", err)
			}
		})
	}
}

// TestGoldenGeneratesWithOapiCodegen: the goldens load and go through
// oapi-codegen (models, client, std http server, strict). oapi-codegen keeps
// package-level state: never t.Parallel here.
func TestGoldenGeneratesWithOapiCodegen(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", c.name+".golden.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := openapi3.NewLoader().LoadFromData(data)
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			code, err := codegen.Generate(doc, codegen.Configuration{
				PackageName: "x",
				Generate:    codegen.GenerateOptions{Models: true, Client: true, StdHTTPServer: true, Strict: true},
			})
			if err != nil {
				t.Fatalf("oapi-codegen: %v", err)
			}
			if !strings.Contains(code, "package x") {
				t.Errorf("generated code has no package clause")
			}
		})
	}
}

// Every committed spec passes kin-openapi's Validate with its default
// options — examples validated — as a consumer runs it: the page's
// contradicting examples are evidence (x-docspec-evidence), not examples.
func TestCommittedSpecsPassDefaultValidate(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "spec", "*.*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if ext := filepath.Ext(f); ext != ".yaml" && ext != ".json" {
			continue
		}
		n++
		doc, err := openapi3.NewLoader().LoadFromFile(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if err := doc.Validate(context.Background()); err != nil {
			t.Errorf("%s: kin-openapi's default Validate: %v", f, err)
		}
		if len(doc.Servers) == 0 {
			t.Errorf("%s: no servers", f)
		}
	}
	if n < 8 {
		t.Errorf("only %d committed specs under spec/", n)
	}
}
