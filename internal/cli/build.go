package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/docspec/docspec/config"
	"github.com/docspec/docspec/gen"
	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/quality"
	"github.com/docspec/docspec/scraper"
	"github.com/docspec/docspec/syncer"
)

// outputs is everything docspec generates, as a value: path → bytes, and the
// directories of generated packages (whose *.gen.go files not in the map are
// stale). build writes it, verify compares it.
type outputs struct {
	files   map[string][]byte
	genDirs []string
	summary []string
	bySpec  map[string][]string // spec name → the files it produced
	// errors are the pages (or operations) left out of the specs: the
	// outputs are written, and the command exits 1.
	errors  []*model.Diagnostic
	genFrom map[string]string // spec name → hash of the spec its package was generated from
}

// buildOpts are what `docspec build` adds to generate: the page cache, and
// the last build's state, so that a package whose spec did not change is
// kept rather than generated again.
type buildOpts struct {
	pageCache bool
	prev      *buildState
}

// qualityPath is where the quality report of a spec goes: beside it, as
// NAME.quality.md, so that a change in what the readers understand shows in
// review next to the spec it changes.
func qualityPath(output string) string {
	return strings.TrimSuffix(output, filepath.Ext(output)) + ".quality.md"
}

func specJSONPath(output string) string {
	return strings.TrimSuffix(output, filepath.Ext(output)) + ".json"
}

// generate computes the outputs of the specs in cfg (all of them when only
// is empty). With scrape false, Go packages are generated from the spec files
// on disk instead (docspec gen). Pages come from syncer.Inputs: local
// sources as they are, URL sources from the snapshot `docspec sync` keeps.
func generate(cfg *config.Config, only []string, scrape, code bool) (*outputs, error) {
	return generateWith(cfg, only, scrape, code, buildOpts{})
}

// generateWith is generate with build's caches.
func generateWith(cfg *config.Config, only []string, scrape, code bool, opts buildOpts) (*outputs, error) {
	o := &outputs{files: map[string][]byte{}, bySpec: map[string][]string{}, genFrom: map[string]string{}}
	root := filepath.Dir(cfg.File)
	m, err := syncer.LoadManifest(syncer.SnapshotDir(cfg, root))
	if err != nil {
		return nil, err
	}
	for _, s := range cfg.Specs {
		if len(only) > 0 && !contains(only, s.Name) {
			continue
		}
		var specBytes []byte // what the package is generated from
		if scrape {
			res, err := scrapeCached(cfg, root, s, m, opts.pageCache)
			if err != nil {
				return nil, err
			}
			if err := o.addSpec(root, s, res); err != nil {
				return nil, err
			}
			specBytes = res.JSON // the same spec, decoded several times faster
		} else {
			b, err := os.ReadFile(filepath.Join(root, s.Output))
			if err != nil {
				return nil, fmt.Errorf("%w (run `make` or `docspec build` first)", err)
			}
			specBytes = b
		}
		if code {
			sum := sha256.Sum256(specBytes)
			o.genFrom[s.Name] = hex.EncodeToString(sum[:])
			if kept := opts.prev.keptPackage(s, o.genFrom[s.Name]); kept != nil {
				o.bySpec[s.Name] = append(o.bySpec[s.Name], kept...)
				o.summary = append(o.summary, fmt.Sprintf("%s: spec unchanged, %s kept as generated", s.Name, s.Package))
				continue
			}
			if err := o.addCode(root, s, specBytes); err != nil {
				return nil, err
			}
		}
	}
	return o, nil
}

// scrapeConfigured scrapes one configured spec from its inputs.
func scrapeConfigured(cfg *config.Config, root string, s *config.Spec, m *syncer.Manifest) (*scraped, error) {
	return scrapeCached(cfg, root, s, m, false)
}

// scrapeCached is scrapeConfigured reading, with pageCache, only the pages
// whose bytes changed since the last build (.docspec/pages).
func scrapeCached(cfg *config.Config, root string, s *config.Spec, m *syncer.Manifest, pageCache bool) (*scraped, error) {
	inputs, err := syncer.Inputs(cfg, root, s, m)
	if err != nil {
		return nil, err
	}
	meta := scraper.Meta{Name: s.Name, Title: s.Title, Provider: s.Provider, Servers: configuredServers(cfg, s)}
	var dc *dirCache
	if pageCache {
		if dc, err = newDirCache(s.Name); err != nil {
			return nil, err
		}
		meta.Pages = dc
	}
	res, err := scrapeSpec(inputs, meta)
	if err == nil && dc != nil {
		dc.prune()
		res.note = s.Name + ": " + dc.String()
	}
	return res, err
}

// configuredServers are a spec's servers: entries, each sourced at the
// spec's entry in the config file.
func configuredServers(cfg *config.Config, s *config.Spec) []*model.Server {
	var out []*model.Server
	for _, u := range s.Servers {
		out = append(out, &model.Server{URL: u, Source: model.Source{File: filepath.ToSlash(filepath.Base(cfg.File)), Row: s.Name, Line: s.Line}})
	}
	return out
}

// addSpec adds a spec's YAML, JSON and quality report.
func (o *outputs) addSpec(root string, s *config.Spec, res *scraped) error {
	q := quality.Measure(res.Service)
	var md bytes.Buffer
	if err := q.WriteMarkdown(&md); err != nil {
		return err
	}
	out := filepath.ToSlash(filepath.Join(root, s.Output))
	o.put(s.Name, out, append(specHeader(s), res.YAML...))
	o.put(s.Name, specJSONPath(out), res.JSON)
	o.put(s.Name, qualityPath(out), md.Bytes())
	o.summary = append(o.summary, q.Summary())
	if res.note != "" {
		o.summary = append(o.summary, res.note)
	}
	for _, d := range res.Service.Diagnostics {
		if d.Severity == model.SevError {
			o.errors = append(o.errors, d)
		}
	}
	return nil
}

// specHeader is the first line of a spec's YAML: that it is an output, of
// which command. (The JSON sibling cannot hold a comment.)
func specHeader(s *config.Spec) []byte {
	return []byte(fmt.Sprintf("# Generated by `docspec build` (`make`) from the sources of spec %q in docspec.yaml; DO NOT EDIT.\n", s.Name))
}

// printErrors lists what was left out, with its place; it reports whether
// there was anything.
func (o *outputs) printErrors(w io.Writer) bool {
	printDiagnostics(w, &model.Service{Diagnostics: o.errors}, false)
	return len(o.errors) > 0
}

// addCode adds the Go package generated from a spec, if the spec has one.
func (o *outputs) addCode(root string, s *config.Spec, spec []byte) error {
	t, ok := gen.TargetOf(s)
	if !ok {
		return nil
	}
	files, err := gen.Generate(spec, t.Package, gen.Options{Source: t.Spec})
	if err != nil {
		return fmt.Errorf("generating %s from %s: %w", t.Dir, t.Spec, err)
	}
	dir := filepath.ToSlash(filepath.Join(root, t.Dir))
	for name, b := range files {
		o.put(s.Name, dir+"/"+name, b)
	}
	o.genDirs = append(o.genDirs, dir)
	return nil
}

func (o *outputs) put(spec, path string, b []byte) {
	o.files[path] = b
	o.bySpec[spec] = append(o.bySpec[spec], path)
}

// write puts the outputs on disk and removes stale generated files.
func (o *outputs) write() error {
	var paths []string
	for p := range o.files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if err := writeFile(p, o.files[p]); err != nil {
			return err
		}
	}
	for _, d := range o.genDirs {
		for _, f := range o.stale(d) {
			if err := os.Remove(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// generatedHeader is the first line of every file docspec generates: only a
// file that starts with it is ever removed as stale, so a hand-written
// *.gen.go (another generator's, or a user's) in a package folder is left.
const generatedHeader = gen.Header

// stale lists generated files in dir that the outputs no longer contain.
func (o *outputs) stale(dir string) []string {
	matches, _ := filepath.Glob(filepath.Join(dir, "*.gen.go"))
	var out []string
	for _, m := range matches {
		if _, ok := o.files[filepath.ToSlash(m)]; !ok && isGenerated(m) {
			out = append(out, filepath.ToSlash(m))
		}
	}
	sort.Strings(out)
	return out
}

// isGenerated tells whether the file at p starts with docspec's generated
// header (and is a regular file: a link is never followed to be removed).
func isGenerated(p string) bool {
	st, err := os.Lstat(p)
	if err != nil || !st.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(generatedHeader)+2)
	n, _ := io.ReadFull(f, head)
	line, _, _ := strings.Cut(string(head[:n]), "\n")
	return strings.TrimSuffix(line, "\r") == generatedHeader
}

func loadConfig(fs *flag.FlagSet, args []string) (*config.Config, []string, int) {
	cfgPath := fs.String("config", "docspec.yaml", "configuration `FILE`")
	names, err := parseFlags(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, ExitOK
		}
		return nil, nil, ExitError
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		fmt.Fprintf(fs.Output(), "docspec %s: %v\n", fs.Name(), err)
		return nil, nil, ExitError
	}
	for _, n := range names {
		found := false
		for _, s := range cfg.Specs {
			found = found || s.Name == n
		}
		if !found {
			fmt.Fprintf(fs.Output(), "docspec %s: no spec named %q in %s\n", fs.Name(), n, *cfgPath)
			return nil, nil, ExitError
		}
	}
	return cfg, names, -1
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", "build [--config FILE] [--force] [SPEC...]\n\nScrapes the sources of every spec in the configuration (or only those named),\nwrites the specs (YAML and JSON) with their quality reports, and generates\ntheir Go packages. A spec whose sources, configuration and docspec binary\nare unchanged since its last build, and whose outputs are untouched, is\nskipped (state in .docspec/build.json); --force rebuilds all.", stderr)
	force := fs.Bool("force", false, "rebuild every spec, even those up to date")
	cfg, names, code := loadConfig(fs, args)
	if cfg == nil {
		return code
	}
	st := loadBuildState()
	keys := map[string]string{}
	var todo []string
	blocked := ExitOK // ExitError once a spec could not be built
	for _, s := range cfg.Specs {
		if len(names) > 0 && !contains(names, s.Name) {
			continue
		}
		k, err := buildKey(cfg, s)
		if err != nil {
			// A source that cannot be read (a URL never fetched) stops its
			// own spec; the others are built.
			fmt.Fprintf(stderr, "docspec build: %s not built: %v\n", s.Name, err)
			blocked = ExitError
			continue
		}
		keys[s.Name] = k
		if !*force && st.upToDate(s.Name, k) {
			fmt.Fprintf(stderr, "%s: up to date\n", s.Name)
			continue
		}
		todo = append(todo, s.Name)
	}
	if len(todo) == 0 {
		return blocked
	}
	opts := buildOpts{pageCache: true, prev: st}
	if *force {
		opts = buildOpts{}
	}
	o, err := generateWith(cfg, todo, true, true, opts)
	if err != nil {
		fmt.Fprintf(stderr, "docspec build: %v\n", err)
		return ExitError
	}
	if err := o.write(); err != nil {
		fmt.Fprintf(stderr, "docspec build: %v\n", err)
		return ExitError
	}
	for _, n := range todo {
		st.record(n, keys[n], o.bySpec[n], o.genFrom[n])
	}
	if err := st.save(); err != nil {
		fmt.Fprintf(stderr, "docspec build: %v\n", err)
		return ExitError
	}
	for _, s := range o.summary {
		fmt.Fprintln(stderr, s)
	}
	fmt.Fprintf(stderr, "docspec build: %d files written\n", len(o.files))
	if o.printErrors(stderr) {
		fmt.Fprintf(stderr, "docspec build: %d pages or operations left out of the specs (above); the rest is written\n", len(o.errors))
		return max(ExitFindings, blocked)
	}
	return blocked
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func runGen(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("gen", "gen [--config FILE] [SPEC...]\n\nGenerates Go types, a client and strict server stubs from each committed spec\ninto its package directory. Files no longer generated are removed.", stderr)
	cfg, names, code := loadConfig(fs, args)
	if cfg == nil {
		return code
	}
	o, err := generate(cfg, names, false, true)
	if err != nil {
		fmt.Fprintf(stderr, "docspec gen: %v\n", err)
		return ExitError
	}
	if err := o.write(); err != nil {
		fmt.Fprintf(stderr, "docspec gen: %v\n", err)
		return ExitError
	}
	fmt.Fprintf(stderr, "docspec gen: %d files written\n", len(o.files))
	return ExitOK
}

func runVerify(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("verify", "verify [--config FILE] [SPEC...]\n\nRegenerates every spec and Go package in memory and compares them with the\nfiles on disk. Exits 1 with a unified diff and the command to run when\nanything differs.", stderr)
	cfg, names, code := loadConfig(fs, args)
	if cfg == nil {
		return code
	}
	o, err := generate(cfg, names, true, true)
	if err != nil {
		fmt.Fprintf(stderr, "docspec verify: %v\n", err)
		return ExitError
	}
	var paths []string
	for p := range o.files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	bad := 0
	for _, p := range paths {
		have, err := os.ReadFile(p)
		if err != nil {
			fmt.Fprintf(stdout, "missing: %s\n", p)
			bad++
			continue
		}
		if bytes.Equal(have, o.files[p]) {
			continue
		}
		bad++
		diff, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
			A: difflib.SplitLines(string(have)), B: difflib.SplitLines(string(o.files[p])),
			FromFile: p + " (committed)", ToFile: p + " (regenerated)", Context: 2,
		})
		io.WriteString(stdout, limitLines(diff, 60))
	}
	for _, d := range o.genDirs {
		for _, f := range o.stale(d) {
			fmt.Fprintf(stdout, "stale: %s is no longer generated\n", f)
			bad++
		}
	}
	if bad > 0 {
		fmt.Fprintf(stderr, "docspec verify: %d generated files differ from what the sources give.\nPlease run `make` (docspec build) and commit the result.\n", bad)
		return ExitFindings
	}
	fmt.Fprintf(stderr, "docspec verify: %d files up to date\n", len(paths))
	return ExitOK
}

func limitLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) <= n {
		return s
	}
	return strings.Join(lines[:n], "") + fmt.Sprintf("... (%d more lines)\n", len(lines)-n)
}
