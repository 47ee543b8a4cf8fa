package gen

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite generated/ from the specs")

const root = ".."

// TestGenerated regenerates every target and compares it with generated/;
// -update rewrites it.
func TestGenerated(t *testing.T) {
	targets, err := Targets(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(targets) == 0 {
		t.Fatal("no targets")
	}
	for _, tg := range targets {
		spec, err := os.ReadFile(filepath.Join(root, tg.Spec))
		if err != nil {
			t.Fatal(err)
		}
		files, err := Generate(spec, tg.Package, Options{Source: tg.Spec})
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range files {
			if !strings.HasSuffix(name, ".gen.go") || !bytes.HasPrefix(b, []byte(Header+"\n")) {
				t.Errorf("%s/%s: bad name or header", tg.Dir, name)
			}
		}
		dir := filepath.Join(root, tg.Dir)
		if *update {
			if err := Write(dir, files); err != nil {
				t.Fatal(err)
			}
			continue
		}
		diffs, err := Diff(dir, files)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range diffs {
			t.Errorf("%s; run: go test ./gen -update", d)
		}
	}
}
