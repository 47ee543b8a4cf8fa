package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/docspec/docspec/config"
	"github.com/docspec/docspec/syncer"
)

// buildStatePath keeps what each spec was last built from, so that a `make`
// with nothing changed does nothing. It is a cache: deleting it only costs a
// rebuild, and verify never reads it.
const buildStatePath = ".docspec/build.json"

type buildState struct {
	Version int                   `json:"version"`
	Specs   map[string]*specState `json:"specs"`
}

type specState struct {
	Key     string            `json:"key"`     // sources, configuration entry and docspec binary
	Outputs map[string]string `json:"outputs"` // file → SHA-256 as written
	// GenFrom is the SHA-256 of the spec the Go package was generated from,
	// and Tool the docspec binary that generated it.
	GenFrom string `json:"genFrom,omitempty"`
	Tool    string `json:"tool,omitempty"`
}

func loadBuildState() *buildState {
	st := &buildState{Version: 1, Specs: map[string]*specState{}}
	b, err := os.ReadFile(buildStatePath)
	if err != nil {
		return st
	}
	var got buildState
	if json.Unmarshal(b, &got) != nil || got.Version != 1 || got.Specs == nil {
		return st
	}
	return &got
}

func (st *buildState) upToDate(name, key string) bool {
	s := st.Specs[name]
	if s == nil || s.Key != key || len(s.Outputs) == 0 {
		return false
	}
	for f, sum := range s.Outputs {
		if h, err := fileHash(f); err != nil || h != sum {
			return false
		}
	}
	return true
}

func (st *buildState) record(name, key string, files []string, genFrom string) {
	tool, _ := toolHash()
	s := &specState{Key: key, Outputs: map[string]string{}, GenFrom: genFrom, Tool: tool}
	for _, f := range files {
		if h, err := fileHash(f); err == nil {
			s.Outputs[f] = h
		}
	}
	st.Specs[name] = s
}

// keptPackage lists the files of spec's Go package when the last build
// generated it, with this docspec binary, from the spec whose hash is
// genFrom, and none of them was touched since: the package is the same, and
// generating it again (most of a build's time) is skipped. Nil otherwise.
func (st *buildState) keptPackage(spec *config.Spec, genFrom string) []string {
	if st == nil || spec.Package == "" {
		return nil
	}
	s := st.Specs[spec.Name]
	tool, err := toolHash()
	if s == nil || s.GenFrom != genFrom || err != nil || s.Tool != tool {
		return nil
	}
	dir := filepath.ToSlash(spec.Package) + "/"
	var files []string
	for f, sum := range s.Outputs {
		if !strings.HasPrefix(strings.TrimPrefix(f, "./"), dir) {
			continue
		}
		if h, err := fileHash(f); err != nil || h != sum {
			return nil
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil
	}
	// A file added to the package by hand is not generated: make sure no
	// *.gen.go there is unknown to the last build.
	matches, _ := filepath.Glob(filepath.Join(spec.Package, "*.gen.go"))
	if len(matches) != len(files) {
		return nil
	}
	sort.Strings(files)
	return files
}

func (st *buildState) save() error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(buildStatePath, append(b, '\n'))
}

// buildKey hashes what a spec's outputs depend on.
func buildKey(cfg *config.Config, s *config.Spec) (string, error) {
	m, err := syncer.LoadManifest(syncer.SnapshotDir(cfg, filepath.Dir(cfg.File)))
	if err != nil {
		return "", err
	}
	src, err := syncer.SourceHash(filepath.Dir(cfg.File), s, m)
	if err != nil {
		return "", err
	}
	tool, err := toolHash()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%s\n%s\n", src, tool, s.Output, s.Package, s.Title)
	return hex.EncodeToString(h.Sum(nil)), nil
}

var toolHash = sync.OnceValues(func() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	return fileHash(exe)
})

func fileHash(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
