package drift

import (
	"bytes"
	"github.com/docspec/docspec/internal/golden"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = golden.Update

// checkGolden compares got with the file, or rewrites it under -update.
func checkGolden(t *testing.T, file string, got []byte) {
	t.Helper()
	golden.Check(t, file, got)
}

// render is what the goldens pin: the text report, then the annotations.
func render(t *testing.T, r *Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := r.Write(&b, "text"); err != nil {
		t.Fatal(err)
	}
	b.WriteString("\n--- github\n")
	if err := r.Write(&b, "github"); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Each testdata/rules/<rule>/ pair must produce its rule, with the severity
// of the table, and the rest of its report is pinned by expected.golden.
func TestRuleFixtures(t *testing.T) {
	dirs, err := filepath.Glob("testdata/rules/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, dir := range dirs {
		rule := filepath.Base(dir)
		t.Run(rule, func(t *testing.T) {
			r, err := CompareFiles(filepath.Join(dir, "base.yaml"), filepath.Join(dir, "revision.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range r.Findings {
				if f.Rule == rule {
					found = true
					if f.Severity != ruleSeverity[rule] {
						t.Errorf("%s: severity %s, table says %s", rule, f.Severity, ruleSeverity[rule])
					}
					if f.Origin != OriginDocspec {
						t.Errorf("%s: origin %s", rule, f.Origin)
					}
					if f.Line == 0 {
						t.Errorf("%s: no line in the revision", rule)
					}
				}
			}
			if !found {
				t.Errorf("fixture does not produce %s; findings:\n%s", rule, render(t, r))
			}
			checkGolden(t, filepath.Join(dir, "expected.golden"), render(t, r))
		})
	}
}

func TestEveryRuleHasFixture(t *testing.T) {
	for _, r := range Rules {
		if _, err := os.Stat(filepath.Join("testdata/rules", r.ID, "revision.yaml")); err != nil {
			t.Errorf("rule %s has no fixture pair: %v", r.ID, err)
		}
	}
	dirs, _ := filepath.Glob("testdata/rules/*")
	for _, d := range dirs {
		if _, ok := ruleSeverity[filepath.Base(d)]; !ok {
			t.Errorf("%s: not a rule of the table", d)
		}
	}
}

func TestRuleTable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules {
		if seen[r.ID] {
			t.Errorf("duplicate rule %s", r.ID)
		}
		seen[r.ID] = true
		if r.Severity != Breaking && r.Severity != NonBreaking && r.Severity != Editorial {
			t.Errorf("%s: severity %q", r.ID, r.Severity)
		}
		if r.ID != strings.ToLower(r.ID) || strings.ContainsAny(r.ID, " _") || r.Meaning == "" {
			t.Errorf("%s: want a kebab-case id and a meaning", r.ID)
		}
	}
}

// RULES.md is generated from the table and must not drift from it.
func TestRulesMarkdownInSync(t *testing.T) {
	var b bytes.Buffer
	if err := WriteRulesMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "RULES.md", b.Bytes())
}

// A spec compared with itself has no findings.
func TestNoChange(t *testing.T) {
	r, err := CompareFiles("testdata/rules/operation-moved/base.yaml", "testdata/rules/operation-moved/base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 0 {
		t.Fatalf("findings: %s", render(t, r))
	}
}

// Composite cases in testdata/cases/<case>/: goldens plus the property each
// pins (see caseChecks).
var caseChecks = map[string]func(t *testing.T, r *Result){
	// A typo fix in prose and shifted page lines: editorial findings only.
	"typo-only": func(t *testing.T, r *Result) {
		if r.Summary.Breaking+r.Summary.NonBreaking != 0 || r.Summary.Editorial == 0 {
			t.Errorf("want editorial findings only, got %+v", r.Summary)
		}
	},
	// Seed 001 -> 000 in small: 404 and 412 responses added with their codes.
	"responses-added": func(t *testing.T, r *Result) {
		if r.Summary.Breaking != 0 {
			t.Errorf("want nothing breaking, got %+v", r.Summary)
		}
		want := []string{"new status 404 documents error code APIG.3030", "new status 412 documents error code APIG.3548"}
		for _, w := range want {
			if !hasMessage(r, w) {
				t.Errorf("missing %q", w)
			}
		}
	},
	// oasdiff findings carry the provenance of the property's row.
	"oasdiff-provenance": func(t *testing.T, r *Result) {
		for _, f := range r.Findings {
			if f.Origin == OriginOasdiff && f.Rule == "request-property-removed" {
				if f.Old == nil || f.Old.Row != "sign_key" {
					t.Errorf("request-property-removed: old provenance %+v, want row sign_key", f.Old)
				}
				return
			}
		}
		t.Errorf("no request-property-removed finding:\n%s", render(t, r))
	},
}

func hasMessage(r *Result, msg string) bool {
	for _, f := range r.Findings {
		if f.Message == msg {
			return true
		}
	}
	return false
}

func TestCases(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/cases/*")
	var names []string
	for _, d := range dirs {
		names = append(names, filepath.Base(d))
	}
	var want []string
	for k := range caseChecks {
		want = append(want, k)
	}
	sort.Strings(want)
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("case directories %v, checks %v: keep them in step", names, want)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata/cases", name)
			r, err := CompareFiles(filepath.Join(dir, "base.yaml"), filepath.Join(dir, "revision.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			caseChecks[name](t, r)
			checkGolden(t, filepath.Join(dir, "expected.golden"), render(t, r))
		})
	}
}
