package syncer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/docspec/docspec/config"
	"github.com/docspec/docspec/scraper"
)

// StateFile is, inside the snapshot directory, the record of the source hash
// each spec was last generated from.
const StateFile = "state.json"

// State maps spec names to the SourceHash they were generated from.
type State struct {
	Version int               `json:"version"`
	Specs   map[string]string `json:"specs"`
}

// LoadState reads the state; a missing file is an empty state.
func LoadState(snapshot string) (*State, error) {
	s := &State{Version: 1, Specs: map[string]string{}}
	data, err := os.ReadFile(filepath.Join(snapshot, StateFile))
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, s); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(snapshot, StateFile), err)
	}
	if s.Specs == nil {
		s.Specs = map[string]string{}
	}
	return s, nil
}

// Save writes the state.
func (s *State) Save(snapshot string) error {
	if err := os.MkdirAll(snapshot, 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(snapshot, StateFile), append(data, '\n'))
}

// SourceHash hashes everything a spec is generated from: every file under
// its local sources (paths relative to root, sorted, with their bytes) and
// the content hash of each URL source in the manifest. The spec's name,
// title and provider are included, since they reach the spec too, and so
// are configured servers with the line of the entry that states them.
func SourceHash(root string, spec *config.Spec, m *Manifest) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "spec %s\x00%s\x00%s\n", spec.Name, spec.Title, spec.Provider)
	if len(spec.Servers) > 0 {
		// Configured servers go into the spec, sourced at the entry's line.
		fmt.Fprintf(h, "servers %d %q\n", spec.Line, spec.Servers)
	}
	for _, src := range spec.Sources {
		if config.IsURL(src) {
			p := m.Pages[src]
			if p == nil {
				return "", m.neverFetched(spec.Name, src)
			}
			fmt.Fprintf(h, "url %s %s\n", src, p.SHA256)
			continue
		}
		if err := hashPath(h, root, src); err != nil {
			return "", fmt.Errorf("spec %q: source %s: %w", spec.Name, src, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashPath(h io.Writer, root, src string) error {
	// The files scrape reads, found the way it finds them (symbolic links
	// followed), so that the hash changes exactly when what is read does.
	files, err := scraper.Files([]string{filepath.Join(root, filepath.FromSlash(src))})
	if err != nil {
		return err
	}
	for _, f := range files {
		rel, _ := filepath.Rel(root, f)
		fh, err := os.Open(f)
		if err != nil {
			return err
		}
		sum := sha256.New()
		_, err = io.Copy(sum, fh)
		fh.Close()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "file %s %x\n", filepath.ToSlash(rel), sum.Sum(nil))
	}
	return nil
}

// Decision says whether one spec must be regenerated.
type Decision struct {
	Spec       *config.Spec
	Hash       string // current SourceHash
	Regenerate bool
	Reason     string // "sources changed", "output missing", "never generated", "up to date"
	// Err is why the spec cannot be regenerated (a URL source never
	// fetched); the other specs are planned regardless.
	Err error
}

// Plan decides, per spec of the config, whether to regenerate it: when its
// sources' hash differs from the state, or its output file is missing. A
// spec whose sources cannot be hashed gets its Decision.Err and blocks no
// other.
// After regenerating, record the hash with st.Specs[name] = d.Hash and save.
func Plan(cfg *config.Config, root string, m *Manifest, st *State) ([]Decision, error) {
	var out []Decision
	for _, s := range cfg.Specs {
		hash, err := SourceHash(root, s, m)
		if err != nil {
			out = append(out, Decision{Spec: s, Reason: "cannot be generated", Err: err})
			continue
		}
		d := Decision{Spec: s, Hash: hash}
		prev, known := st.Specs[s.Name]
		_, statErr := os.Stat(filepath.Join(root, filepath.FromSlash(s.Output)))
		switch {
		case !known:
			d.Regenerate, d.Reason = true, "never generated"
		case statErr != nil:
			d.Regenerate, d.Reason = true, "output missing"
		case prev != hash:
			d.Regenerate, d.Reason = true, "sources changed"
		default:
			d.Reason = "up to date"
		}
		out = append(out, d)
	}
	return out, nil
}
