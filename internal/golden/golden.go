// Package golden is the one golden-file helper of docspec's tests: one
// -update flag, one naming rule, and page references instead of copies.
//
// Naming rule: the golden of an input X is X's case folder's
// "<what>.golden" (testdata/cases/<case>/spec.golden.yaml), or, for inputs
// listed in a folder, "<input>.golden" beside or under testdata/golden.
// `go test ./... -update` rewrites every golden; read the diff before
// committing it.
//
// A test page that is a page of sources/ is not copied: its file holds
// "source: <path from the repository root>" and Read returns the page.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Update is the -update flag: rewrite goldens instead of comparing.
var Update = flag.Bool("update", false, "rewrite the golden files instead of comparing with them")

// Check compares got with the golden file at path, or rewrites it under
// -update.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update in this package and read the diff)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; run go test -update in this package and read the diff\n--- got ---\n%s", path, got)
	}
}

// RefSuffix marks a test page that refers to a page of sources/.
const RefSuffix = ".source"

// Read returns the bytes of the test page at path: the file itself, or,
// for path+RefSuffix, the page of the repository it names.
func Read(t testing.TB, path string) []byte {
	t.Helper()
	if b, err := os.ReadFile(path); err == nil {
		return b
	}
	ref, err := os.ReadFile(path + RefSuffix)
	if err != nil {
		t.Fatalf("test page %s: neither it nor %s%s exists", path, path, RefSuffix)
	}
	rel, ok := strings.CutPrefix(strings.TrimSpace(string(ref)), "source: ")
	if !ok {
		t.Fatalf("%s%s: want one line \"source: <path from the repository root>\"", path, RefSuffix)
	}
	b, err := os.ReadFile(filepath.Join(Root(t), filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("%s%s: %v", path, RefSuffix, err)
	}
	return b
}

// Name is a test page's name as listed in its folder: a reference file
// stands for the page it names.
func Name(file string) string { return strings.TrimSuffix(file, RefSuffix) }

// Root is the repository root: the nearest folder above the working
// directory that holds go.mod.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = up
	}
}
