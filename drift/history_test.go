package drift

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/docspec/docspec/openapi"
	"github.com/docspec/docspec/scraper"
)

// The real histories: seed 001 -> 000 and each consecutive pair of
// ../shared/corpus/otc-apig-history. testdata/history/README.md says how the
// specs are produced; EXPECTED.md says what each pair must report.
var historyPairs = []string{
	"seed-001-000",
	"2023-10-18-eb6cb1d__2023-11-27-04db365",
	"2023-11-27-04db365__2024-11-06-2ff529d",
	"2024-11-06-2ff529d__2024-12-13-9ff5103",
	"2024-12-13-9ff5103__2025-03-24-36ea57f",
}

// historySides names the pages of each side of a pair, relative to the
// repository root: the seeds as the project keeps them, and the revisions of
// sources/otc/apig-history (copied from ../shared/corpus).
func historySides(pair string) (oldPages, newPages string) {
	if pair == "seed-001-000" {
		return "sources/otc/apig-revisions/CreateSignatureKeyV2_1.html", "sources/otc/apig/CreateSignatureKeyV2.html"
	}
	o, n, _ := strings.Cut(pair, "__")
	return "sources/otc/apig-history/" + o, "sources/otc/apig-history/" + n
}

// historySpecs scrapes both sides of a pair with docspec itself, as
// `docspec drift OLD NEW` does, into a temporary directory (once per pair),
// so the goldens always speak of what the current scraper reads.
var historySpecs = func(pair string) (oldFile, newFile string) {
	historyMu.Lock()
	defer historyMu.Unlock()
	if f, ok := historyCache[pair]; ok {
		return f[0], f[1]
	}
	oldPages, newPages := historySides(pair)
	dir := filepath.Join(historyDir, pair)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		panic(err)
	}
	files := [2]string{filepath.Join(dir, "old.yaml"), filepath.Join(dir, "new.yaml")}
	for i, pages := range []string{oldPages, newPages} {
		if err := scrapeTo(filepath.Join("..", pages), files[i]); err != nil {
			panic(fmt.Sprintf("scraping %s: %v", pages, err))
		}
	}
	historyCache[pair] = files
	return files[0], files[1]
}

var (
	historyMu    sync.Mutex
	historyCache = map[string][2]string{}
	historyDir   string
)

func TestMain(m *testing.M) {
	flag.Parse()
	d, err := os.MkdirTemp("", "docspec-drift-history-")
	if err != nil {
		panic(err)
	}
	historyDir = d
	code := m.Run()
	os.RemoveAll(d)
	os.Exit(code)
}

// scrapeTo writes the spec of pages (a file or a folder) to file, naming
// pages relative to their folder as `docspec drift` does. A single page is
// named by its revision-independent name: the seeds differ only in the
// suffix the repository gave the older revision's file.
func scrapeTo(pages, file string) error {
	st, err := os.Stat(pages)
	if err != nil {
		return err
	}
	root, paths := pages, []string{pages}
	if !st.IsDir() {
		tmp, err := os.MkdirTemp(historyDir, "page-")
		if err != nil {
			return err
		}
		b, err := os.ReadFile(pages)
		if err != nil {
			return err
		}
		one := filepath.Join(tmp, "CreateSignatureKeyV2.html")
		if err := os.WriteFile(one, b, 0o644); err != nil {
			return err
		}
		root, paths = tmp, []string{one}
	}
	svc, err := scraper.Scrape(paths, scraper.Meta{Name: "otc-apig", Title: "Open Telekom Cloud API Gateway (APIG)", Provider: "otc", Root: root})
	if err != nil {
		return err
	}
	doc, _, err := openapi.Build(svc)
	if err != nil {
		return err
	}
	y, err := openapi.Marshal(doc, "yaml")
	if err != nil {
		return err
	}
	return os.WriteFile(file, y, 0o644)
}

// historyChecks pin, beyond the goldens, the facts of EXPECTED.md.
var historyChecks = map[string]func(t *testing.T, r *Result){
	"seed-001-000": func(t *testing.T, r *Result) {
		if r.Summary.Breaking != 0 {
			t.Errorf("seed 001 -> 000 must report nothing breaking: %+v", r.Summary)
		}
		for _, want := range []string{"new status 404 documents error code APIG.3030", "new status 412 documents error code APIG.3548"} {
			if !hasMessage(r, want) {
				t.Errorf("missing %q", want)
			}
		}
		wantRules(t, r, "response-non-success-status-added")
	},
	"2023-10-18-eb6cb1d__2023-11-27-04db365": func(t *testing.T, r *Result) {
		// registering_an_api.html became creating_an_api.html: moved, not removed.
		noRules(t, r, "api-removed-without-deprecation", "api-path-removed-without-deprecation", "api-operation-id-removed", "api-operation-id-added")
		wantRules(t, r, RuleOperationMoved, "endpoint-added", RuleCatalogueAdded)
		editorialOnlyOn(t, r, "creating_an_environment.html", "env_id -> id changes only an example")
	},
	"2023-11-27-04db365__2024-11-06-2ff529d": func(t *testing.T, r *Result) {
		noRules(t, r, "api-operation-id-removed", "api-operation-id-added")
		wantRules(t, r, "endpoint-added", "request-property-became-required", "response-non-success-status-added", RuleErrorCodeAdded, RuleCatalogueAdded)
		for _, want := range []string{"new status 404 documents error code APIG.3030", "new status 412 documents error code APIG.3548"} {
			if !hasMessage(r, want) {
				t.Errorf("missing %q", want)
			}
		}
	},
	"2024-11-06-2ff529d__2024-12-13-9ff5103": func(t *testing.T, r *Result) {
		// modifying_an_app.html: success status 201 -> 200; the rest is a typo.
		wantRules(t, r, "response-success-status-removed")
		editorialOnlyOn(t, r, "creating_an_environment.html", "a typo")
		for _, f := range r.Findings {
			if f.Severity != Editorial && !strings.HasSuffix(sourceFile(f), "modifying_an_app.html") {
				t.Errorf("only modifying_an_app.html changes the API; got %s: %s (%s)", f.Rule, f.Message, sourceFile(f))
			}
		}
	},
	"2024-12-13-9ff5103__2025-03-24-36ea57f": func(t *testing.T, r *Result) {
		// APIG.3714 left the appendix; the rest is a typo fix.
		var api []string
		for _, f := range r.Findings {
			if f.Severity != Editorial {
				api = append(api, f.Rule+": "+f.Message)
			}
		}
		if len(api) != 1 || !strings.HasPrefix(api[0], RuleCatalogueRemoved+": error code APIG.3714") {
			t.Errorf("want only %s APIG.3714, got %q", RuleCatalogueRemoved, api)
		}
	},
}

func sourceFile(f Finding) string {
	if f.New != nil {
		return f.New.File
	}
	if f.Old != nil {
		return f.Old.File
	}
	return ""
}

func wantRules(t *testing.T, r *Result, rules ...string) {
	t.Helper()
	have := map[string]bool{}
	for _, f := range r.Findings {
		have[f.Rule] = true
	}
	for _, rule := range rules {
		if !have[rule] {
			t.Errorf("no %s finding", rule)
		}
	}
}

func noRules(t *testing.T, r *Result, rules ...string) {
	t.Helper()
	for _, f := range r.Findings {
		for _, rule := range rules {
			if f.Rule == rule {
				t.Errorf("unexpected %s: %s %s: %s", rule, f.Method, f.Path, f.Message)
			}
		}
	}
}

// editorialOnlyOn: every finding sourced from the page is editorial.
func editorialOnlyOn(t *testing.T, r *Result, page, why string) {
	t.Helper()
	for _, f := range r.Findings {
		if strings.HasSuffix(sourceFile(f), page) && f.Severity != Editorial {
			t.Errorf("%s: %s is %s, but the page change is editorial (%s): %s", page, f.Rule, f.Severity, why, f.Message)
		}
	}
}

func TestHistory(t *testing.T) {
	if len(historyChecks) != len(historyPairs) {
		t.Fatalf("%d pairs, %d checks: keep them in step", len(historyPairs), len(historyChecks))
	}
	for _, pair := range historyPairs {
		t.Run(pair, func(t *testing.T) {
			oldFile, newFile := historySpecs(pair)
			r, err := CompareFiles(oldFile, newFile)
			if err != nil {
				t.Fatal(err)
			}
			// Annotations name the spec a project would commit, not the
			// temporary file.
			r.OldFile, r.NewFile = "spec/otc-apig.yaml", "spec/otc-apig.yaml"
			historyChecks[pair](t, r)
			checkGolden(t, filepath.Join("testdata", "history", pair+".golden.txt"), render(t, r))
		})
	}
}

// BenchmarkCompare compares the largest history pair present; until the
// history specs exist, a synthetic spec of 150 operations built from the
// rule fixtures stands in (the benchmark says which in its name).
func BenchmarkCompare(b *testing.B) {
	var best string
	var bestSize int64
	for _, pair := range historyPairs {
		_, newFile := historySpecs(pair)
		if fi, err := os.Stat(newFile); err == nil && fi.Size() > bestSize {
			best, bestSize = pair, fi.Size()
		}
	}
	var oldRaw, newRaw []byte
	name := "synthetic-150-operations"
	if best != "" {
		name = best
		o, n := historySpecs(best)
		var err error
		if oldRaw, err = os.ReadFile(o); err != nil {
			b.Fatal(err)
		}
		if newRaw, err = os.ReadFile(n); err != nil {
			b.Fatal(err)
		}
	} else {
		oldRaw = syntheticSpec(b, "testdata/rules/request-rule-narrowed/base.yaml", 150)
		newRaw = syntheticSpec(b, "testdata/rules/request-rule-narrowed/revision.yaml", 150)
	}
	b.Run(name, func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			o, err := Load(oldRaw, "old.yaml")
			if err != nil {
				b.Fatal(err)
			}
			n, err := Load(newRaw, "new.yaml")
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Compare(o, n, oldRaw, newRaw); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// syntheticSpec repeats the fixture's paths n times under distinct prefixes.
func syntheticSpec(b *testing.B, file string, n int) []byte {
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	s := string(data)
	i, j := strings.Index(s, "paths:\n"), strings.Index(s, "components:\n")
	paths := s[i+len("paths:\n") : j]
	var out strings.Builder
	out.WriteString(s[:i+len("paths:\n")])
	for k := 0; k < n/2; k++ {
		p := strings.ReplaceAll(paths, "  /v2/", fmt.Sprintf("  /v%d/", k+2))
		p = strings.ReplaceAll(p, "operationId: ", fmt.Sprintf("operationId: N%d", k))
		out.WriteString(p)
	}
	out.WriteString(s[j:])
	return []byte(out.String())
}
