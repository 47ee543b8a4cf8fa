package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

func (st *buildState) record(name, key string, files []string) {
	s := &specState{Key: key, Outputs: map[string]string{}}
	for _, f := range files {
		if h, err := fileHash(f); err == nil {
			s.Outputs[f] = h
		}
	}
	st.Specs[name] = s
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
