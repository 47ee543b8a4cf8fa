package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"
)

// pageServer answers /CreateSignatureKeyV2.html with whatever body holds,
// and counts its requests.
type pageServer struct {
	mu   sync.Mutex
	body []byte
	hits int
	srv  *httptest.Server
}

func newPageServer(t *testing.T, body []byte) *pageServer {
	ps := &pageServer{body: body}
	ps.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ps.mu.Lock()
		defer ps.mu.Unlock()
		ps.hits++
		w.Write(ps.body)
	}))
	t.Cleanup(ps.srv.Close)
	return ps
}

func (ps *pageServer) set(b []byte) {
	ps.mu.Lock()
	ps.body = b
	ps.mu.Unlock()
}

func (ps *pageServer) url() string { return ps.srv.URL + "/CreateSignatureKeyV2.html" }

// syncProject writes a config with one spec per URL (signs0, signs1, ...)
// and returns a function running docspec sync on it.
func syncProject(t *testing.T, urls ...string) (dir string, sync func(flags ...string) (int, string, string)) {
	dir = t.TempDir()
	var b strings.Builder
	b.WriteString("version: 1\nspecs:\n")
	for i, u := range urls {
		fmt.Fprintf(&b, "  - name: signs%d\n    provider: otc\n    sources: [%s]\n    output: spec/signs%d.yaml\n", i, u, i)
	}
	cfgPath := filepath.Join(dir, "docspec.yaml")
	if err := os.WriteFile(cfgPath, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, func(flags ...string) (int, string, string) {
		return run(t, append([]string{"sync", "--config", cfgPath, "--interval", "0", "--retries", "0", "--timeout", "5s"}, flags...)...)
	}
}

// A server that starts answering 200 with an empty body, a "page not
// found" page or the first half of seed 000 fails the sync (exit 2) naming
// the URL and why; the snapshot and the spec stay as they were. --accept URL
// takes the page as it is.
func TestSyncKeepsSnapshotWhenA200NoLongerReadsAsThePage(t *testing.T) {
	seed, err := os.ReadFile(seed000)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, body, why string
	}{
		{"empty body", "", "the body is empty"},
		{"not-found page", `<html><body><div class="body" role="main"><h1>Page not found</h1><p>Sorry, this page does not exist.</p></div></body></html>`, "no longer an API reference page"},
		{"half page", string(seed[:len(seed)/2]), "looks truncated"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps := newPageServer(t, seed)
			dir, sync := syncProject(t, ps.url())
			if code, _, errs := sync(); code != ExitOK {
				t.Fatalf("first sync: exit %d\n%s", code, errs)
			}
			specBefore, _ := os.ReadFile(filepath.Join(dir, "spec/signs0.yaml"))
			snap := filepath.Join(dir, ".docspec/snapshot", strings.TrimPrefix(ps.srv.URL, "http://"), "CreateSignatureKeyV2.html")
			snap = strings.ReplaceAll(snap, "127.0.0.1:", "127.0.0.1_")
			if b, err := os.ReadFile(snap); err != nil || !bytes.Equal(b, seed) {
				t.Fatalf("snapshot %s after the first sync: %v", snap, err)
			}
			ps.set([]byte(c.body))
			code, _, errs := sync()
			if code != ExitError || !strings.Contains(errs, ps.url()) || !strings.Contains(errs, c.why) || !strings.Contains(errs, "previous snapshot is kept") {
				t.Fatalf("bad 200: exit %d, want 2 naming the page and %q\n%s", code, c.why, errs)
			}
			if b, _ := os.ReadFile(snap); !bytes.Equal(b, seed) {
				t.Fatal("the snapshot was replaced")
			}
			if b, _ := os.ReadFile(filepath.Join(dir, "spec/signs0.yaml")); !bytes.Equal(b, specBefore) {
				t.Fatal("the spec was rewritten")
			}
			if c.body == "" {
				return
			}
			code, _, errs = sync("--accept", ps.url())
			if b, _ := os.ReadFile(snap); !bytes.Equal(b, []byte(c.body)) || strings.Contains(errs, "previous snapshot is kept") {
				t.Fatalf("--accept: exit %d, snapshot not taken\n%s", code, errs)
			}
		})
	}
}

// A URL never fetched (its page is over --max-size) says why, and the other
// specs are still regenerated.
func TestSyncNeverFetchedSaysWhyAndOthersRegenerate(t *testing.T) {
	seed, err := os.ReadFile(seed000)
	if err != nil {
		t.Fatal(err)
	}
	big := newPageServer(t, bytes.Repeat([]byte("<p>x</p>\n"), 20000))
	good := newPageServer(t, seed)
	dir, sync := syncProject(t, big.url(), good.url())
	code, _, errs := sync("--max-size", "100000")
	if code != ExitError {
		t.Fatalf("exit %d, want 2\n%s", code, errs)
	}
	if !strings.Contains(errs, "signs0: not regenerated") || !strings.Contains(errs, "never been fetched") || !strings.Contains(errs, "size limit") {
		t.Errorf("the unfetched spec does not say why:\n%s", errs)
	}
	if !strings.Contains(errs, "signs1: regenerating") {
		t.Errorf("the other spec was not regenerated:\n%s", errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "spec/signs1.yaml")); err != nil {
		t.Error(err)
	}
}

// A redirect to another host is refused, and not retried; a redirect loop
// is refused with what it is; --allow-redirect lets the other host in.
func TestSyncRedirectsStayOnTheHost(t *testing.T) {
	seed, err := os.ReadFile(seed000)
	if err != nil {
		t.Fatal(err)
	}
	other := newPageServer(t, seed)
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/away.html": // 127.0.0.1 → localhost: another host name
			http.Redirect(w, r, strings.Replace(other.url(), "127.0.0.1", "localhost", 1), http.StatusFound)
		case "/loop.html":
			http.Redirect(w, r, "/loop2.html", http.StatusFound)
		case "/loop2.html":
			http.Redirect(w, r, "/loop.html", http.StatusFound)
		}
	}))
	defer srv.Close()
	_, sync := syncProject(t, srv.URL+"/away.html", srv.URL+"/loop.html")
	code, _, errs := sync("--retries", "3", "--backoff", "1ms")
	if code != ExitError || !strings.Contains(errs, "to another host") || !strings.Contains(errs, "redirect loop") {
		t.Fatalf("exit %d, want 2 with both refusals\n%s", code, errs)
	}
	mu.Lock()
	if hits["/away.html"] != 1 || hits["/loop.html"] != 1 {
		t.Errorf("refused redirects were retried: %v", hits)
	}
	mu.Unlock()
	_, sync = syncProject(t, srv.URL+"/away.html")
	if code, _, errs := sync("--allow-redirect", "localhost"); code != ExitOK {
		t.Fatalf("--allow-redirect localhost: exit %d\n%s", code, errs)
	}
}

// drift tells a spec by parsing it: spec/aliyun-apigateway.yaml behind a
// licence header, and its JSON with keys sorted by `jq -S` (openapi far from
// the top), are the spec itself — no differences, exit 0.
func TestDriftReadsSpecsWithLicenceHeaderOrSortedKeys(t *testing.T) {
	const spec = "spec/aliyun-apigateway.yaml"
	raw, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	licence := "# Copyright the docspec authors.\n# SPDX-License-Identifier: Apache-2.0\n" + strings.Repeat("# Licensed under the Apache License, Version 2.0; see LICENSE.\n", 12)
	withHeader := filepath.Join(dir, "licensed.yaml")
	os.WriteFile(withHeader, append([]byte(licence), raw...), 0o644)
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	sorted := filepath.Join(dir, "sorted.json")
	js, _ := json.MarshalIndent(doc, "", "  ") // encoding/json sorts map keys, as jq -S does
	os.WriteFile(sorted, js, 0o644)
	if i := bytes.Index(js, []byte(`"openapi"`)); i < 512 {
		t.Fatalf("sorted JSON has openapi at byte %d; the test needs it past the first 512", i)
	}
	for _, old := range []string{withHeader, sorted} {
		code, out, errs := run(t, "drift", "--fail-on", "breaking", old, spec)
		if code != ExitOK || !strings.Contains(out, "No differences") {
			t.Errorf("drift %s %s: exit %d\n%s%s", filepath.Base(old), spec, code, out, errs)
		}
	}
}

// An OLD that gives no operation — empty, garbage, a JSON object that is
// not a spec — cannot run (exit 2), under --fail-on breaking too, where it
// used to pass silently.
func TestDriftInputWithNoOperationCannotRun(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ name, content, why string }{
		{"empty.yaml", "", "nothing to compare"},
		{"garbage.yaml", "}{ not: [yaml", "not valid YAML or JSON"},
		{"garbage.txt", "}{ not: [yaml", "nothing to compare"},
		{"object.json", `{"info": {"title": "x"}}`, "nothing to compare"},
		{"nopaths.yaml", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n", "nothing to compare"},
	} {
		old := filepath.Join(dir, c.name)
		os.WriteFile(old, []byte(c.content), 0o644)
		code, _, errs := run(t, "drift", "--fail-on", "breaking", old, "spec/aliyun-apigateway.yaml")
		if code != ExitError || !strings.Contains(errs, c.name) || !strings.Contains(errs, c.why) {
			t.Errorf("drift %s: exit %d, want 2 naming it and %q\n%s", c.name, code, c.why, errs)
		}
	}
}

// Stale-file cleanup removes only files that start with docspec's header: a
// hand-written *.gen.go in the package folder stays, on build and verify.
func TestStaleCleanupRemovesOnlyDocspecFiles(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("sources/aliyun/apigateway/CreateSignature.txt")
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "pages"), 0o755)
	os.WriteFile(filepath.Join(dir, "pages", "CreateSignature.txt"), src, 0o644)
	os.WriteFile(filepath.Join(dir, "docspec.yaml"), []byte("version: 1\nspecs:\n  - name: t\n    provider: aliyun\n    sources: [pages]\n    output: spec/t.yaml\n    package: gen/t\n"), 0o644)
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	os.MkdirAll("gen/t", 0o755)
	hand := []byte("// Code generated by mockgen. DO NOT EDIT.\n\npackage t\n")
	os.WriteFile("gen/t/mock.gen.go", hand, 0o644)
	os.WriteFile("gen/t/old.gen.go", []byte(generatedHeader+"\n\npackage t\n"), 0o644)
	if code, out, _ := run(t, "verify"); strings.Contains(out, "mock.gen.go") || !strings.Contains(out, "stale: gen/t/old.gen.go") {
		t.Errorf("verify: exit %d, want old.gen.go stale and mock.gen.go left alone\n%s", code, out)
	}
	if code, _, errs := run(t, "build"); code != ExitOK {
		t.Fatalf("build: exit %d\n%s", code, errs)
	}
	if b, err := os.ReadFile("gen/t/mock.gen.go"); err != nil || !bytes.Equal(b, hand) {
		t.Errorf("build removed or changed a hand-written mock.gen.go: %v", err)
	}
	if _, err := os.Stat("gen/t/old.gen.go"); err == nil {
		t.Error("build left docspec's stale old.gen.go")
	}
}

// build with a URL source never fetched: that spec is not built, saying
// why (exit 2); the other spec is.
func TestBuildNeverFetchedBlocksOnlyItsSpec(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(seed000)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "pages"), 0o755)
	os.WriteFile(filepath.Join(dir, "pages", "CreateSignatureKeyV2.html"), src, 0o644)
	os.WriteFile(filepath.Join(dir, "docspec.yaml"), []byte("version: 1\nspecs:\n"+
		"  - {name: remote, provider: otc, sources: ['https://docs.example.com/apig/create.html'], output: spec/remote.yaml}\n"+
		"  - {name: local, provider: otc, sources: [pages], output: spec/local.yaml}\n"), 0o644)
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	code, _, errs := run(t, "build")
	if code != ExitError || !strings.Contains(errs, "remote not built") || !strings.Contains(errs, "has not been fetched") {
		t.Errorf("build: exit %d, want 2 naming the unfetched spec\n%s", code, errs)
	}
	if _, err := os.Stat("spec/local.yaml"); err != nil {
		t.Errorf("the other spec was not built: %v", err)
	}
}

// BenchmarkScrapeLargePagePeakMemory: the peak resident memory of `docspec
// scrape` of one large page — seed 000 with rows added to "Table 3 Request
// body parameters" — at 10 000 and 40 000 rows, per MB of page. The figure
// stays flat when the cost is linear in the page (it was 150–340 before the
// YAML writer streamed and the document was built once).
//
//	go test -run '^$' -bench ScrapeLargePagePeakMemory -benchtime 1x ./internal/cli/
func BenchmarkScrapeLargePagePeakMemory(b *testing.B) {
	seed, err := os.ReadFile(seed000)
	if err != nil {
		b.Fatal(err)
	}
	at := bytes.Index(seed, []byte("</tbody>"))
	for _, rows := range []int{10000, 40000} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			var buf bytes.Buffer
			buf.Write(seed[:at])
			for k := 0; k < rows; k++ {
				fmt.Fprintf(&buf, `<tr><td class="cellrowborder"><p>field_%d</p></td><td class="cellrowborder"><p>No</p></td><td class="cellrowborder"><p>String</p></td><td class="cellrowborder"><p>Field %d. Minimum: %d</p></td></tr>`+"\n", k, k, k%7)
			}
			buf.Write(seed[at:])
			dir := b.TempDir()
			page := filepath.Join(dir, "CreateSignatureKeyV2.html")
			if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
				b.Fatal(err)
			}
			var peak int64
			for i := 0; i < b.N; i++ {
				peak = max(peak, peakRSS(b, "scrape", "-q", "--max-page-size", "100000000", "-o", filepath.Join(dir, "x.yaml"), page))
			}
			b.ReportMetric(float64(buf.Len())/1e6, "page-MB")
			b.ReportMetric(float64(peak)/1e6, "peak-MB")
			b.ReportMetric(float64(peak)/float64(buf.Len()), "peak-per-page-byte")
		})
	}
}
