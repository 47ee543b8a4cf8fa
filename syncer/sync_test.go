package syncer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docspec/docspec/config"
)

// Sync end to end against the local server: first run regenerates
// everything, a no-op run nothing, a changed page only its spec; a page that
// starts to 404 is reported while its spec still plans from the snapshot.
func TestSync(t *testing.T) {
	ds, srv := newDocServer(t)
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "pages/local"), 0o755)
	os.WriteFile(filepath.Join(root, "pages/local/a.html"), []byte("<h1>A</h1>"), 0o644)
	cfg, err := config.Parse([]byte(fmt.Sprintf(`version: 1
snapshot: snap
specs:
  - name: one
    provider: otc
    sources: [pages/local, %q, %q]
    output: spec/one.yaml
  - name: two
    provider: otc
    sources: [%q, %q]
    output: spec/two.yaml
`, srv.URL+pDelete, srv.URL+pStatus, srv.URL+pStatus, srv.URL+pProject)), "docspec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := URLs(cfg); len(got) != 3 {
		t.Fatalf("URLs = %v", got)
	}
	opts := Options{Backoff: 1, Interval: -1, Retries: -1}
	run := func() (*Report, string) {
		rep, plan, err := Sync(context.Background(), cfg, root, opts)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		var done []Decision
		for _, d := range plan {
			s = append(s, d.Spec.Name+":"+d.Reason)
			if d.Regenerate {
				os.MkdirAll(filepath.Join(root, "spec"), 0o755)
				os.WriteFile(filepath.Join(root, d.Spec.Output), []byte("openapi: 3.0.3\n"), 0o644)
				done = append(done, d)
			}
		}
		if err := Record(cfg, root, done); err != nil {
			t.Fatal(err)
		}
		return rep, strings.Join(s, ",")
	}
	if _, got := run(); got != "one:never generated,two:never generated" {
		t.Fatal(got)
	}
	if rep, got := run(); got != "one:up to date,two:up to date" || len(rep.Changed()) != 0 {
		t.Fatalf("no-op sync: %s, changed %v", got, rep.Changed())
	}
	ds.edit(t, pProject, func(b []byte) []byte { return append(b, '\n') })
	if _, got := run(); got != "one:up to date,two:sources changed" {
		t.Fatal(got)
	}
	os.Remove(filepath.Join(ds.dir, strings.TrimPrefix(pDelete, "/")))
	rep, got := run()
	if got != "one:up to date,two:up to date" || rep.Err() == nil || !strings.Contains(rep.Err().Error(), "404") {
		t.Fatalf("404: %s, %v", got, rep.Err())
	}
	m, _ := LoadManifest(SnapshotDir(cfg, root))
	in, err := Inputs(cfg, root, cfg.Spec("one"), m)
	if err != nil || len(in) != 3 || in[0] != filepath.Join(root, "pages/local") || !strings.HasPrefix(in[1], filepath.Join(root, "snap")) {
		t.Fatalf("Inputs = %v, %v", in, err)
	}
	if _, err := os.Stat(in[1]); err != nil {
		t.Fatalf("snapshot of the 404 page: %v", err)
	}
	if _, err := Inputs(cfg, root, cfg.Spec("one"), &Manifest{Pages: map[string]*Page{}}); err == nil || !strings.Contains(err.Error(), "run docspec sync") {
		t.Fatalf("unfetched: %v", err)
	}
}
