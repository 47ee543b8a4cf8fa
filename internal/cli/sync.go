package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/docspec/docspec/config"
	"github.com/docspec/docspec/drift"
	"github.com/docspec/docspec/syncer"
)

func runSync(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("sync", "sync [--config FILE] [flags]\n\nFetches every URL source of the configuration into the snapshot directory\nwith conditional requests (ETag / If-Modified-Since), then regenerates only\nthe specs whose sources' content changed, and prints the drift of each\nregenerated spec against the version on disk.\n\nExit codes: 0 done; 1 drift at or above --fail-on in a regenerated spec;\n2 a page could not be fetched, or answered 200 with what no longer reads\nas the page it was (its previous snapshot is kept), a spec could not be\nregenerated, or the configuration is wrong.", stderr)
	timeout := fs.Duration("timeout", 30*time.Second, "per-request `timeout`")
	maxSize := fs.Int64("max-size", syncer.DefaultMaxSize, "largest page accepted, in `bytes`")
	retries := fs.Int("retries", 3, "retries after a failed request (5xx, network), with doubling backoff")
	backoff := fs.Duration("backoff", time.Second, "first retry `delay`")
	interval := fs.Duration("interval", time.Second, "least `time` between two requests to one host")
	failOn := fs.String("fail-on", "never", "exit 1 when a regenerated spec drifts at or above `LEVEL`: breaking, non-breaking, editorial or never")
	format := fs.String("format", "text", "drift report `format`: text, markdown, json or github")
	var accept, redirects listFlag
	fs.Var(&accept, "accept", "store the page of this `URL` even though it no longer reads as before (empty, not a reference page, lost an operation, truncated); \"all\" for every page; repeatable")
	fs.Var(&redirects, "allow-redirect", "let redirects lead to this `HOST` too (by default only to the URL's own host); repeatable")
	cfg, _, code := loadConfig(fs, args)
	if cfg == nil {
		return code
	}
	if err := drift.ParseFailOn(*failOn); err != nil {
		fmt.Fprintf(stderr, "docspec sync: %v\n", err)
		return ExitError
	}
	root := filepath.Dir(cfg.File)
	opts := syncer.Options{Timeout: *timeout, MaxSize: *maxSize, Retries: *retries, Backoff: *backoff, Interval: *interval, UserAgent: "docspec-sync",
		Accept: accept, RedirectHosts: redirects}
	if f, ok := stderr.(*os.File); ok && syncer.IsTerminal(f) {
		opts.Progress = stderr
	}
	rep, decisions, err := syncer.Sync(context.Background(), cfg, root, opts)
	if err != nil {
		fmt.Fprintf(stderr, "docspec sync: %v\n", err)
		return ExitError
	}
	fetchErr := rep.Err()
	if fetchErr != nil {
		fmt.Fprintf(stderr, "docspec sync: %v\n", fetchErr)
	}
	failed := ""
	if n := len(rep.Failed()); n > 0 {
		failed = fmt.Sprintf(", %d failed", n)
	}
	if changed := rep.Changed(); len(changed) > 0 {
		fmt.Fprintf(stderr, "docspec sync: %d of %d pages changed%s\n", len(changed), len(rep.Pages), failed)
	} else if len(rep.Pages) > 0 {
		fmt.Fprintf(stderr, "docspec sync: %d pages, none changed%s\n", len(rep.Pages), failed)
	}
	m, err := syncer.LoadManifest(syncer.SnapshotDir(cfg, root))
	if err != nil {
		fmt.Fprintf(stderr, "docspec sync: %v\n", err)
		return ExitError
	}
	exit := ExitOK
	var done []syncer.Decision
	for _, d := range decisions {
		if d.Err != nil {
			fmt.Fprintf(stderr, "%s: not regenerated: %v\n", d.Spec.Name, d.Err)
			exit = ExitError
			continue
		}
		if !d.Regenerate {
			fmt.Fprintf(stderr, "%s: up to date\n", d.Spec.Name)
			continue
		}
		fmt.Fprintf(stderr, "%s: regenerating (%s)\n", d.Spec.Name, d.Reason)
		c, err := regenerate(cfg, root, d.Spec, m, stdout, stderr, *format, *failOn)
		if err != nil {
			fmt.Fprintf(stderr, "docspec sync: %s: %v\n", d.Spec.Name, err)
			return ExitError
		}
		if c > exit && exit != ExitError {
			exit = c
		}
		done = append(done, d)
	}
	if err := syncer.Record(cfg, root, done); err != nil {
		fmt.Fprintf(stderr, "docspec sync: %v\n", err)
		return ExitError
	}
	if fetchErr != nil {
		return ExitError
	}
	return exit
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// regenerate scrapes one spec from its (snapshot) inputs, prints its drift
// against the spec on disk, and writes the spec, its quality report and its
// Go package, as `docspec build` would.
func regenerate(cfg *config.Config, root string, s *config.Spec, m *syncer.Manifest, stdout, stderr io.Writer, format, failOn string) (int, error) {
	res, err := scrapeConfigured(cfg, root, s, m)
	if err != nil {
		return ExitError, err
	}
	out := filepath.Join(root, s.Output)
	code := ExitOK
	if old, err := os.ReadFile(out); err == nil {
		od, err := drift.Load(old, out)
		if err != nil {
			return ExitError, err
		}
		nd, err := drift.Load(res.YAML, out)
		if err != nil {
			return ExitError, err
		}
		r, err := drift.Compare(od, nd, old, res.YAML)
		if err != nil {
			return ExitError, err
		}
		r.OldFile, r.NewFile = filepath.ToSlash(s.Output), filepath.ToSlash(s.Output)
		var buf bytes.Buffer
		if err := r.Write(&buf, format); err != nil {
			return ExitError, err
		}
		stdout.Write(buf.Bytes())
		code = r.ExitCode(failOn)
	} else if !errors.Is(err, os.ErrNotExist) {
		return ExitError, err
	}
	o := &outputs{files: map[string][]byte{}, bySpec: map[string][]string{}}
	if err := o.addSpec(root, s, res); err != nil {
		return ExitError, err
	}
	if err := o.addCode(root, s, res.YAML); err != nil {
		return ExitError, err
	}
	if o.printErrors(stderr) && code < ExitFindings {
		code = ExitFindings // pages left out of the spec; the rest is written
	}
	return code, o.write()
}
