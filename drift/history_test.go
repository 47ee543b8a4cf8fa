package drift

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
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

// historyPending lists the pairs whose specs have not been generated yet
// (they need the scraper). A pending pair whose specs appear fails the test:
// take it off the list and commit its reviewed golden.
var historyPending = map[string]bool{
	// The 2023-11-27 pages carry "-1"-suffixed anchors that the scraper reads as
	// other operation names (see EXPECTED.md); generate these once it does not.
	"2023-10-18-eb6cb1d__2023-11-27-04db365": true,
	"2023-11-27-04db365__2024-11-06-2ff529d": true,
}

// historySpecs names a pair's spec files; a variable so that a caller with
// the scraper at hand can point it elsewhere.
var historySpecs = func(pair string) (oldFile, newFile string) {
	dir := filepath.Join("testdata", "history", pair)
	return filepath.Join(dir, "old.yaml"), filepath.Join(dir, "new.yaml")
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
			_, errOld := os.Stat(oldFile)
			_, errNew := os.Stat(newFile)
			present := errOld == nil && errNew == nil
			switch {
			case historyPending[pair] && present:
				t.Fatalf("%s has specs now: remove it from historyPending and review %s.golden.txt against EXPECTED.md", pair, pair)
			case historyPending[pair]:
				// Pending: the harness still proves the pair is known and checked.
				if historyChecks[pair] == nil {
					t.Fatalf("no checks for %s", pair)
				}
				return
			case !present:
				t.Fatalf("%s: specs missing (%v, %v); see testdata/history/README.md", pair, errOld, errNew)
			}
			r, err := CompareFiles(oldFile, newFile)
			if err != nil {
				t.Fatal(err)
			}
			historyChecks[pair](t, r)
			golden(t, filepath.Join("testdata", "history", pair+".golden.txt"), render(t, r))
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
