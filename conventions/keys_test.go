package conventions

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const root = ".."

// Every key is described in docs/CONVENTIONS.md.
func TestEveryKeyIsDocumented(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "docs", "CONVENTIONS.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Keys {
		if !strings.Contains(string(b), "`"+k+"`") {
			t.Errorf("docs/CONVENTIONS.md does not describe %s", k)
		}
	}
}

var keyRE = regexp.MustCompile(`x-docspec-[a-z-]*[a-z]`)

// Every x-docspec-* key a committed spec holds is one of Keys: a key the
// emitter writes is declared here, and so documented.
func TestEveryWrittenKeyIsDeclared(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(root, "spec", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no committed specs under spec/ (%v)", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			key, _, ok := strings.Cut(strings.TrimLeft(line, " -"), ":")
			if ok && strings.HasPrefix(key, "x-docspec-") && !slices.Contains(Keys, key) {
				t.Errorf("%s writes %s, which conventions.Keys does not declare", f, key)
			}
		}
	}
}

// No Go file outside this package spells a key: they use the constants.
// Tests may (they pin what the files hold).
func TestNoKeyIsSpelledOutsideThisPackage(t *testing.T) {
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "conventions", "node_modules", "testdata", ".git":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, root+"/"))
		for i, line := range strings.Split(string(b), "\n") {
			if !strings.Contains(line, `"x-docspec-`) {
				continue
			}
			t.Errorf("%s:%d spells %s; use package conventions", rel, i+1, keyRE.FindString(line))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// x-docspec-variants as the emitter writes it (maps, as a YAML loader gives
// them back) reads as Variant: ECS StartingECSsInBatchV1 on
// POST /v1/{project_id}/cloudservers/action.
func TestVariantsOfReadsWhatTheEmitterWrites(t *testing.T) {
	ext := map[string]any{KeyVariants: []any{map[string]any{
		"operationId": "StartingECSsInBatchV1", "summary": "Starting ECSs in a Batch",
		"source":      map[string]any{"file": "ecs/en-us_topic_0020212207.html", "line": float64(6)},
		"requestBody": "#/components/schemas/StartingECSsInBatchV1Request", "keys": []any{"os-start"},
	}}}
	vs, err := VariantsOf(ext)
	if err != nil || len(vs) != 1 {
		t.Fatalf("VariantsOf = %v, %v", vs, err)
	}
	v := vs[0]
	if v.OperationID != "StartingECSsInBatchV1" || v.Source.File != "ecs/en-us_topic_0020212207.html" || v.Source.Line != 6 || !slices.Equal(v.Keys, []string{"os-start"}) {
		t.Errorf("variant = %+v", v)
	}
	if vs, err := VariantsOf(map[string]any{}); vs != nil || err != nil {
		t.Errorf("no key: %v, %v", vs, err)
	}
}
