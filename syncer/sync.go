package syncer

import (
	"context"
	"path/filepath"

	"github.com/docspec/docspec/config"
)

// URLs lists the URL sources of every spec of the config, each once, in file
// order.
func URLs(cfg *config.Config) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range cfg.Specs {
		for _, u := range s.URLSources() {
			if !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	return out
}

// SnapshotDir is the config's snapshot directory, relative to root.
func SnapshotDir(cfg *config.Config, root string) string {
	return filepath.Join(root, filepath.FromSlash(cfg.Snapshot))
}

// Sync fetches every URL source of the config into its snapshot directory
// (opts.Snapshot is set from the config) and plans which specs to
// regenerate. Page failures are in the report; a failed page keeps its
// previous snapshot, so the plan still sees it. The error is for what stops
// the whole sync, including a URL source that has never been fetched.
func Sync(ctx context.Context, cfg *config.Config, root string, opts Options) (*Report, []Decision, error) {
	opts.Snapshot = SnapshotDir(cfg, root)
	rep, err := Fetch(ctx, URLs(cfg), opts)
	if err != nil {
		return rep, nil, err
	}
	m, err := LoadManifest(opts.Snapshot)
	if err != nil {
		return rep, nil, err
	}
	st, err := LoadState(opts.Snapshot)
	if err != nil {
		return rep, nil, err
	}
	plan, err := Plan(cfg, root, m, st)
	return rep, plan, err
}

// Record stores, after a successful regeneration, the hashes the decisions
// were made with, so the next Plan sees those specs as up to date.
func Record(cfg *config.Config, root string, done []Decision) error {
	dir := SnapshotDir(cfg, root)
	st, err := LoadState(dir)
	if err != nil {
		return err
	}
	for _, d := range done {
		st.Specs[d.Spec.Name] = d.Hash
	}
	return st.Save(dir)
}

// Inputs returns what to scrape for a spec: its local sources joined to root,
// and the snapshot files of its URL sources, in the config's order.
func Inputs(cfg *config.Config, root string, spec *config.Spec, m *Manifest) ([]string, error) {
	dir := SnapshotDir(cfg, root)
	var out []string
	for _, src := range spec.Sources {
		if !config.IsURL(src) {
			out = append(out, filepath.Join(root, filepath.FromSlash(src)))
			continue
		}
		p := m.Path(dir, src)
		if p == "" {
			return nil, m.neverFetched(spec.Name, src)
		}
		out = append(out, p)
	}
	return out, nil
}
