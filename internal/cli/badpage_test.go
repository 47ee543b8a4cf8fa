package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// badURIPage is a Sphinx page whose URI line is POST /x/{}: a path
// parameter with no name, which no valid OpenAPI document can hold.
const badURIPage = `<html><body><div class="body" role="main"><section id="creating-a-thing"><h1>Creating a Thing<a class="headerlink" href="#creating-a-thing">¶</a></h1>
<section id="uri"><h2>URI<a class="headerlink" href="#uri">¶</a></h2>
<p>POST /x/{}</p>
</section>
<section id="response"><h2>Response<a class="headerlink" href="#response">¶</a></h2>
<table><caption>Table 1 Response body parameters</caption><thead><tr><th><p>Parameter</p></th><th><p>Type</p></th><th><p>Description</p></th></tr></thead>
<tbody><tr><td><p>id</p></td><td><p>String</p></td><td><p>Thing ID.</p></td></tr></tbody></table>
</section></section></div></body></html>
`

// issue 11 item 4: one page whose URI is POST /x/{} no longer costs the
// service: scrape and build write the spec of the other page (seed 000,
// CreateSignatureKeyV2), name the bad page with its line, and exit 1.
func TestPageWithUnnamedPathParameterIsLeftOut(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(seed000)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "pages"), 0o755)
	os.WriteFile(filepath.Join(dir, "pages", "CreateSignatureKeyV2.html"), src, 0o644)
	os.WriteFile(filepath.Join(dir, "pages", "bad.html"), []byte(badURIPage), 0o644)
	cfg := "version: 1\nspecs:\n  - name: t\n    provider: otc\n    sources: [pages]\n    output: spec/t.yaml\n    package: gen/t\n"
	os.WriteFile(filepath.Join(dir, "docspec.yaml"), []byte(cfg), 0o644)
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)

	check := func(cmd string, code int, errs, specFile string) {
		t.Helper()
		if code != ExitFindings {
			t.Errorf("%s: exit %d, want %d\n%s", cmd, code, ExitFindings, errs)
		}
		if !strings.Contains(errs, "error: pages/bad.html:3:") || !strings.Contains(errs, "[path-invalid]") {
			t.Errorf("%s: the bad page is not named with its line:\n%s", cmd, errs)
		}
		spec, err := os.ReadFile(specFile)
		if err != nil || !strings.Contains(string(spec), "operationId: CreateSignatureKeyV2") || strings.Contains(string(spec), "/x/") {
			t.Errorf("%s: spec %s: %v\n%.400s", cmd, specFile, err, spec)
		}
	}
	code, _, errs := run(t, "scrape", "pages", "-o", "out.yaml")
	check("scrape", code, errs, "out.yaml")
	code, _, errs = run(t, "build")
	check("build", code, errs, "spec/t.yaml")
	if _, err := os.Stat("gen/t/types.gen.go"); err != nil {
		t.Errorf("build generated no package: %v", err)
	}
}
