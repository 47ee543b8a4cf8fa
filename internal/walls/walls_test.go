// Package walls holds the test that keeps the design card's walls standing:
// who may import whom among docspec's own packages.
package walls

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/docspec/docspec"

// rules: a package (prefix) may not import these (prefixes) of ours.
var rules = []struct {
	pkg, why string
	forbid   []string
	onlyStd  bool     // may import no docspec package at all
	only     []string // when set: every non-standard import is under one of these
}{
	{pkg: "model", why: "the model imports nothing of ours", onlyStd: true},
	{pkg: "conventions", why: "the conventions import nothing of ours: the runtime that generated code imports reads them", onlyStd: true, only: runtimeImports},
	{pkg: "scraper", why: "readers never reach the spec emitter, the generator, drift or the report", forbid: []string{"openapi", "gen", "generated", "drift", "report", "syncer", "internal"}},
	{pkg: "gen", why: "the generator never reaches the readers", forbid: []string{"scraper", "drift", "report", "syncer"}},
	{pkg: "generated", why: "generated code imports only the standard library, kin-openapi, oapi-codegen's runtime and apiruntime (with what apiruntime imports of ours: conventions)", only: runtimeImports},
	{pkg: "apiruntime", why: "the runtime of generated servers imports what they may import", only: runtimeImports},
	{pkg: "openapi", why: "the emitter reads the model only", forbid: []string{"scraper", "gen", "generated", "drift", "report", "syncer"}},
}

// runtimeImports is what generated code, and the runtime it imports, may
// import beyond the standard library.
var runtimeImports = []string{"github.com/getkin/kin-openapi/", "github.com/oapi-codegen/runtime", module + "/apiruntime", module + "/conventions"}

func TestWalls(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", module+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg := strings.TrimPrefix(f[0], module+"/")
		for _, r := range rules {
			if pkg != r.pkg && !strings.HasPrefix(pkg, r.pkg+"/") {
				continue
			}
			checked++
			for _, imp := range f[1:] {
				if r.only != nil && !standard(imp) && !under(imp, r.only) {
					t.Errorf("%s imports %s: %s", pkg, imp, r.why)
				}
				if !strings.HasPrefix(imp, module+"/") {
					continue
				}
				ours := strings.TrimPrefix(imp, module+"/")
				if r.onlyStd && !strings.HasPrefix(ours, r.pkg) {
					t.Errorf("%s imports %s: %s", pkg, ours, r.why)
				}
				for _, fb := range r.forbid {
					if ours == fb || strings.HasPrefix(ours, fb+"/") {
						t.Errorf("%s imports %s: %s", pkg, ours, r.why)
					}
				}
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d packages checked; go list output: %s", checked, out)
	}
}

// standard: an import path whose first element has no dot.
func standard(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return !strings.Contains(first, ".")
}

func under(imp string, prefixes []string) bool {
	for _, p := range prefixes {
		if imp == strings.TrimSuffix(p, "/") || strings.HasPrefix(imp, strings.TrimSuffix(p, "/")+"/") {
			return true
		}
	}
	return false
}
