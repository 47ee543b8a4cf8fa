package seeds

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docspec/docspec/internal/golden"
	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/openapi"
	"github.com/docspec/docspec/scraper"
)

// TestCases scrapes each case's pages and builds the spec; it checks the
// spec with kin-openapi's default Validate and compares the model (page →
// model), the YAML (model → spec) and the diagnostics with the case's
// goldens.
func TestCases(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "cases", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases under testdata/cases (%v)", err)
	}
	root := golden.Root(t)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			paths := sources(t, dir, root)
			svc, err := scraper.Scrape(paths, scraper.Meta{Name: filepath.Base(dir), Title: filepath.Base(dir), Provider: provider(t, dir), Root: root})
			if err != nil {
				t.Fatal(err)
			}
			m, err := json.MarshalIndent(svc, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join(dir, "model.golden.json"), append(m, '\n'))
			doc, diags, err := openapi.Build(svc)
			if err != nil {
				t.Fatal(err)
			}
			if err := openapi.Validate(doc); err != nil {
				t.Errorf("kin-openapi's default Validate: %v", err)
			}
			y, err := openapi.Marshal(doc, "yaml")
			if err != nil {
				t.Fatal(err)
			}
			all := append(append([]*model.Diagnostic{}, svc.Diagnostics...), diags...)
			model.SortDiagnostics(all)
			golden.Check(t, filepath.Join(dir, "spec.golden.yaml"), y)
			golden.Check(t, filepath.Join(dir, "diagnostics.golden"), diagText(all))
		})
	}
}

// sources reads the case's sources.txt: "provider: NAME" and page paths.
func sources(t *testing.T, dir, root string) []string {
	var out []string
	for _, l := range lines(t, dir) {
		if !strings.HasPrefix(l, "provider:") {
			out = append(out, filepath.Join(root, filepath.FromSlash(l)))
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s/sources.txt lists no page", dir)
	}
	return out
}

func provider(t *testing.T, dir string) string {
	for _, l := range lines(t, dir) {
		if p, ok := strings.CutPrefix(l, "provider:"); ok {
			return strings.TrimSpace(p)
		}
	}
	return ""
}

func lines(t *testing.T, dir string) []string {
	b, err := os.ReadFile(filepath.Join(dir, "sources.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

func diagText(ds []*model.Diagnostic) []byte {
	var b bytes.Buffer
	for _, d := range ds {
		fmt.Fprintf(&b, "%s %s [%s] %s: %s\n", d.Severity, d.Code, d.Operation, d.Source, d.Message)
	}
	return b.Bytes()
}
