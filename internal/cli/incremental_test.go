package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// signKeyPages are the four signature-key operation pages of the OTC API
// Gateway portal.
const signKeyPages = "sources/otc/apig-portal/dedicated_gateway_apis_v2/signature_key_management"

// incrementalDir makes a project of the signature-key pages and enters it.
func incrementalDir(t *testing.T) (page string) {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(signKeyPages)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "pages"), 0o755)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(signKeyPages, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "pages", e.Name()), b, 0o644)
	}
	cfg := "version: 1\nspecs:\n  - name: keys\n    provider: otc\n    sources: [pages]\n    output: spec/keys.yaml\n    package: gen/keys\n"
	os.WriteFile(filepath.Join(dir, "docspec.yaml"), []byte(cfg), 0o644)
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(wd) })
	return "pages/creating_a_signature_key.html"
}

func edit(t *testing.T, page, old, new string) {
	t.Helper()
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", page, old)
	}
	os.WriteFile(page, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
}

// TestBuildRereadsOnlyChangedPages: after one of the five signature-key
// pages changes, build reads that page only (the others come from
// .docspec/pages), and what it writes is what verify — which uses no cache
// — computes from scratch. A change that leaves the spec as it was
// (markup only) keeps the generated package; a change of a description
// generates it again.
func TestBuildRereadsOnlyChangedPages(t *testing.T) {
	page := incrementalDir(t)
	if code, _, errs := run(t, "build"); code != ExitOK || !strings.Contains(errs, "keys: 0 pages unchanged since the last build, 5 read") {
		t.Fatalf("first build: exit %d\n%s", code, errs)
	}

	edit(t, page, "</body>", "<!-- re-rendered --></body>")
	code, _, errs := run(t, "build")
	if code != ExitOK || !strings.Contains(errs, "keys: 4 pages unchanged since the last build, 1 read") {
		t.Fatalf("build after a markup change: exit %d\n%s", code, errs)
	}
	if !strings.Contains(errs, "keys: spec unchanged, gen/keys kept as generated") {
		t.Errorf("build after a markup change generated the package again:\n%s", errs)
	}
	if code, out, errs := run(t, "verify"); code != ExitOK {
		t.Fatalf("verify after a markup change: exit %d\n%s\n%s", code, out, errs)
	}

	before, _ := os.ReadFile("spec/keys.yaml")
	edit(t, page, "A signature key is a protection mechanism", "A signature key pair is a protection mechanism")
	code, _, errs = run(t, "build")
	if code != ExitOK || !strings.Contains(errs, "keys: 4 pages unchanged since the last build, 1 read") || strings.Contains(errs, "kept as generated") {
		t.Fatalf("build after a description change: exit %d\n%s", code, errs)
	}
	if after, _ := os.ReadFile("spec/keys.yaml"); string(after) == string(before) || !strings.Contains(string(after), "A signature key pair is a protection mechanism") {
		t.Errorf("spec/keys.yaml does not show the edited description")
	}
	if code, out, errs := run(t, "verify"); code != ExitOK {
		t.Fatalf("verify after a description change: exit %d\n%s\n%s", code, out, errs)
	}
	// One entry per page: the revision replaced is gone.
	if entries, _ := os.ReadDir(filepath.Join(pageCacheDir, "keys")); len(entries) != 5 {
		t.Errorf("%s holds %d entries, want one per page (5)", pageCacheDir, len(entries))
	}
}
