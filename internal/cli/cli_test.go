package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/docspec/docspec/internal/golden"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/invopop/jsonschema"
	"gopkg.in/yaml.v3"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// The tests run from the repository root, as a user would.
func TestMain(m *testing.M) {
	flag.Parse()
	if err := os.Chdir("../.."); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

const (
	seed000 = "sources/otc/apig/CreateSignatureKeyV2.html"
	seed001 = "sources/otc/apig-revisions/CreateSignatureKeyV2_1.html"
	seed004 = "sources/huaweicloud/apig/CreateSignatureKeyV2.zh.md"
)

func TestHelpAndUsage(t *testing.T) {
	if code, out, _ := run(t, "help"); code != ExitOK || !strings.Contains(out, "Exit codes:") || !strings.Contains(out, "scrape") {
		t.Errorf("help: exit %d, %q", code, out)
	}
	if code, _, errs := run(t, "frobnicate"); code != ExitError || !strings.Contains(errs, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, %q", code, errs)
	}
	if code, _, _ := run(t); code != ExitError {
		t.Errorf("no arguments: exit %d", code)
	}
	if code, _, errs := run(t, "scrape"); code != ExitError || !strings.Contains(errs, "Usage: docspec scrape") {
		t.Errorf("scrape without paths: exit %d, %q", code, errs)
	}
}

// docspec scrape on seed 000 prints the spec and, on standard error, the
// contradiction with its place and the summary line.
func TestScrapeSeed000(t *testing.T) {
	code, out, errs := run(t, "scrape", seed000)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "openapi: 3.0.3\n") || !strings.Contains(out, "operationId: CreateSignatureKeyV2") {
		t.Errorf("spec on stdout: %.200s", out)
	}
	if !strings.Contains(errs, "contradiction: sources/otc/apig/CreateSignatureKeyV2.html:") || !strings.Contains(errs, `sign_secret = "sig************ret"`) {
		t.Errorf("the masked sign_secret contradiction is not reported with its place:\n%s", errs)
	}
	if !strings.Contains(errs, "1 pages read, 0 skipped; 1 operations") {
		t.Errorf("summary line missing:\n%s", errs)
	}
}

// The Chinese seed's lost sign_type list is a warning with its place.
func TestScrapeSeed004Warns(t *testing.T) {
	code, _, errs := run(t, "scrape", "-o", filepath.Join(t.TempDir(), "x.json"), seed004)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, `warning: sources/huaweicloud/apig/CreateSignatureKeyV2.zh.md:`) || !strings.Contains(errs, `row "sign_type"`) || !strings.Contains(errs, "[list-missing]") {
		t.Errorf("no located list-missing warning:\n%s", errs)
	}
}

func TestScrapeWritesJSONAndReport(t *testing.T) {
	dir := t.TempDir()
	spec, rep := filepath.Join(dir, "s.json"), filepath.Join(dir, "q.md")
	if code, _, errs := run(t, "scrape", "-q", "-o", spec, "--report", rep, seed000); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(spec)
	if err != nil || !bytes.HasPrefix(b, []byte("{\n  \"openapi\": \"3.0.3\"")) {
		t.Errorf("JSON spec: %v %.80s", err, b)
	}
	r, err := os.ReadFile(rep)
	if err != nil || !strings.Contains(string(r), "| sources/otc/apig/CreateSignatureKeyV2.html | operation | 1 |") {
		t.Errorf("quality report: %v\n%s", err, r)
	}
}

func TestScrapeMissingPath(t *testing.T) {
	code, _, errs := run(t, "scrape", "does/not/exist.html")
	if code != ExitError || !strings.Contains(errs, "does/not/exist.html") {
		t.Errorf("exit %d, %q", code, errs)
	}
}

// A page that is not a reference page is skipped with a note and the
// exit code says the rest was read.
func TestScrapeSkipsNonReference(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "notes.txt")
	os.WriteFile(p, []byte("Meeting notes\n\nnothing here\n"), 0o644)
	code, _, errs := run(t, "scrape", "-o", filepath.Join(dir, "s.yaml"), p, seed000)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "skipped: "+filepath.ToSlash(p)) || !strings.Contains(errs, "1 skipped") {
		t.Errorf("skip not reported:\n%s", errs)
	}
}

// Seed 001 → seed 000: the 404 (APIG.3030) and 412 (APIG.3548) responses
// are added, nothing breaking; exit 0 at --fail-on breaking, 1 at
// non-breaking.
func TestDriftSeeds(t *testing.T) {
	code, out, errs := run(t, "drift", seed001, seed000)
	if code != ExitOK {
		t.Fatalf("exit %d: %s\n%s", code, errs, out)
	}
	for _, want := range []string{"CreateSignatureKeyV2", "404", "412", "APIG.3030", "APIG.3548"} {
		if !strings.Contains(out, want) {
			t.Errorf("drift report lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(strings.ToLower(out), "breaking:") && !strings.Contains(out, "0 breaking") {
		t.Errorf("drift 001 → 000 reports a breaking change:\n%s", out)
	}
	if code, _, _ := run(t, "drift", "--fail-on", "non-breaking", seed001, seed000); code != ExitFindings {
		t.Errorf("--fail-on non-breaking: exit %d, want 1", code)
	}
	if code, _, _ := run(t, "drift", "--fail-on", "sometimes", seed001, seed000); code != ExitError {
		t.Errorf("bad --fail-on: exit %d, want 2", code)
	}
}

// verify: up to date → 0; a line deleted from the spec or from a generated
// file → 1 with a diff and the command to run.
func TestVerifyDetectsHandEdits(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(seed000)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "pages"), 0o755)
	os.WriteFile(filepath.Join(dir, "pages", "CreateSignatureKeyV2.html"), src, 0o644)
	cfg := "version: 1\nspecs:\n  - name: t\n    provider: otc\n    sources: [pages]\n    output: spec/t.yaml\n    package: gen/t\n"
	os.WriteFile(filepath.Join(dir, "docspec.yaml"), []byte(cfg), 0o644)
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)

	if code, _, errs := run(t, "build"); code != ExitOK {
		t.Fatalf("build: exit %d: %s", code, errs)
	}
	if code, out, errs := run(t, "verify"); code != ExitOK {
		t.Fatalf("verify after build: exit %d\n%s\n%s", code, out, errs)
	}
	for _, f := range []string{"spec/t.yaml", "gen/t/types.gen.go"} {
		orig, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(orig), "\n")
		cut := strings.Join(append(append([]string{}, lines[:5]...), lines[6:]...), "")
		os.WriteFile(f, []byte(cut), 0o644)
		code, out, errs := run(t, "verify")
		if code != ExitFindings || !strings.Contains(out, "--- "+f+" (committed)") || !strings.Contains(errs, "Please run `make`") {
			t.Errorf("%s with a line deleted: exit %d\n%s\n%s", f, code, out, errs)
		}
		os.WriteFile(f, orig, 0o644)
	}
	// A stale generated file (one with docspec's header) is found too.
	os.WriteFile("gen/t/old.gen.go", []byte(generatedHeader+"\n\npackage t\n"), 0o644)
	if code, out, _ := run(t, "verify"); code != ExitFindings || !strings.Contains(out, "stale: gen/t/old.gen.go") {
		t.Errorf("stale file: exit %d\n%s", code, out)
	}
}

// docspec sync against a local server: the first run fetches the page and
// generates the spec; the second gets 304 Not Modified and regenerates
// nothing; a changed page (seed 001 → seed 000) is regenerated and its drift
// printed; a page that starts to 404 fails the run and keeps the snapshot.
func TestSyncAgainstLocalServer(t *testing.T) {
	old, err := os.ReadFile(seed001)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := os.ReadFile(seed000)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	body, status, hits := old, http.StatusOK, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		hits++
		if status != http.StatusOK {
			http.Error(w, "gone", status)
			return
		}
		etag := fmt.Sprintf(`"%x"`, sha256.Sum256(body))
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(body)
	}))
	defer srv.Close()

	dir := t.TempDir()
	cfg := fmt.Sprintf("version: 1\nspecs:\n  - name: signs\n    provider: otc\n    sources: [%s/CreateSignatureKeyV2.html]\n    output: spec/signs.yaml\n", srv.URL)
	cfgPath := filepath.Join(dir, "docspec.yaml")
	os.WriteFile(cfgPath, []byte(cfg), 0o644)
	syncOnce := func() (int, string, string) {
		return run(t, "sync", "--config", cfgPath, "--interval", "0", "--retries", "0", "--timeout", "5s")
	}

	code, _, errs := syncOnce()
	if code != ExitOK || !strings.Contains(errs, "signs: regenerating") {
		t.Fatalf("first sync: exit %d\n%s", code, errs)
	}
	for _, f := range []string{"spec/signs.yaml", "spec/signs.json", "spec/signs.quality.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatalf("sync did not write what build writes: %v", err)
		}
	}
	code, _, errs = syncOnce()
	if code != ExitOK || !strings.Contains(errs, "none changed") || !strings.Contains(errs, "signs: up to date") {
		t.Errorf("second sync (304): exit %d\n%s", code, errs)
	}
	mu.Lock()
	body = cur
	mu.Unlock()
	code, out, errs := syncOnce()
	if code != ExitOK || !strings.Contains(errs, "signs: regenerating (sources changed)") || !strings.Contains(out, "APIG.3030") {
		t.Errorf("changed page: exit %d\n%s\n%s", code, out, errs)
	}
	mu.Lock()
	status = http.StatusNotFound
	mu.Unlock()
	code, _, errs = syncOnce()
	if code != ExitError || !strings.Contains(errs, "404") {
		t.Errorf("page gone: exit %d\n%s", code, errs)
	}
}

var update = golden.Update // the one -update flag of every test

// docs/model.schema.json is the JSON Schema of `docspec bundle`'s model dump,
// derived from the Go types in model/ (go test ./internal/cli -update).
func TestModelSchemaDocumented(t *testing.T) {
	r := &jsonschema.Reflector{DoNotReference: false, ExpandedStruct: true}
	s := r.Reflect(&modelDump{})
	s.ID = "docs/model.schema.json"
	s.Title = fmt.Sprintf("docspec intermediate model dump, version %d", ModelSchemaVersion)
	got, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile("docs/model.schema.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("docs/model.schema.json")
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("docs/model.schema.json is not the schema of the model dump (%v); run go test ./internal/cli -update", err)
	}
}

// docspec bundle writes YAML and JSON with the same content, and the model.
func TestBundle(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := run(t, "bundle", "-o", dir, "huaweicloud-apig")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	y, err := os.ReadFile(filepath.Join(dir, "huaweicloud-apig.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	j, err := os.ReadFile(filepath.Join(dir, "huaweicloud-apig.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fromYAML, fromJSON any
	if err := yaml.Unmarshal(y, &fromYAML); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(j, &fromJSON); err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(fromYAML)
	b, _ := json.Marshal(fromJSON)
	if !bytes.Equal(a, b) {
		t.Error("YAML and JSON bundles differ in content")
	}
	m, err := os.ReadFile(filepath.Join(dir, "huaweicloud-apig.model.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dump struct {
		Version int
		Service struct {
			Operations []struct{ ID string }
		}
	}
	if err := json.Unmarshal(m, &dump); err != nil || dump.Version != ModelSchemaVersion || len(dump.Service.Operations) != 2 {
		t.Errorf("model dump: %v version %d, %d operations", err, dump.Version, len(dump.Service.Operations))
	}
}

// docspec report writes one self-contained page with the operation and the
// contradiction; with --drift-from, the drift findings.
func TestReport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.html")
	code, _, errs := run(t, "report", "-o", out, "--drift-from", seed001, seed000)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"CreateSignatureKeyV2", "sig************ret", "APIG.3548", "error-code-added"} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Links to the pages are fine; nothing may be loaded from the network.
	if strings.Contains(page, `src="http`) || strings.Contains(page, `<link rel="stylesheet" href="http`) {
		t.Error("report loads something from the network")
	}
}
