package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/docspec/docspec/config"
	"github.com/docspec/docspec/drift"
	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/report"
	"github.com/docspec/docspec/scraper"
	"github.com/docspec/docspec/syncer"
)

// side is one revision of the docs, as a spec: read from a spec file, or
// made by scraping pages.
type side struct {
	name string // the file name drift findings point at
	raw  []byte
	doc  *openapi3.T
	svc  *model.Service // nil when read from a spec file
}

// loadSpecFile loads path as a spec when it is one: a YAML or JSON mapping
// with an `openapi` key, wherever the key stands and whatever comments come
// first (a licence header; `jq -S`'s sorted keys). isSpec is false for
// anything else (a page, a folder), which is scraped; err is for a file that
// is a spec but does not load.
func loadSpecFile(path string) (raw []byte, doc *openapi3.T, isSpec bool, err error) {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return nil, nil, false, nil
	}
	if raw, err = os.ReadFile(path); err != nil || startsMarkup(raw) {
		return nil, nil, false, nil // scraping says what is wrong with it
	}
	doc, err = drift.Load(raw, path)
	if err == nil && doc.OpenAPI != "" {
		return raw, doc, true, nil
	}
	spec, perr := hasSpecKey(raw)
	if perr != nil && isSpecExt(path) {
		return nil, nil, true, fmt.Errorf("not valid YAML or JSON: %v", perr)
	}
	if !spec {
		return nil, nil, false, nil
	}
	if err == nil {
		err = errors.New("no OpenAPI 3 document (a Swagger 2.0 one?)")
	}
	return nil, nil, true, err
}

// startsMarkup tells a file whose first character, after blanks and YAML
// comment lines, is '<': HTML or XML, which no YAML or JSON mapping can be.
// It spares parsing a large page as YAML.
func startsMarkup(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		if len(b) == 0 || b[0] != '#' {
			return len(b) > 0 && b[0] == '<'
		}
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return false
		}
		b = b[i+1:]
	}
}

// hasSpecKey tells a YAML or JSON mapping with an openapi or swagger key.
func hasSpecKey(raw []byte) (bool, error) {
	var top map[string]yaml.Node // values left unparsed
	if err := yaml.Unmarshal(raw, &top); err != nil {
		return false, err
	}
	_, oa := top["openapi"]
	_, sw := top["swagger"]
	return oa || sw, nil
}

// isSpecExt tells a file named as a spec: one that does not parse is a
// broken spec, not a page.
func isSpecExt(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

// countOperations counts the operations of a loaded spec.
func countOperations(doc *openapi3.T) int {
	n := 0
	if doc.Paths != nil {
		for _, item := range doc.Paths.Map() {
			n += len(item.Operations())
		}
	}
	return n
}

// noOperations explains an input that gave no operation at all: nothing to
// compare, so the comparison cannot run (a drift against an empty side
// would report every operation as added or removed, or nothing at all).
func noOperations(path string, svc *model.Service) error {
	if svc == nil {
		return errors.New("the spec has no operation; nothing to compare")
	}
	why := ""
	for _, d := range svc.Diagnostics {
		if d.Severity == model.SevError || why == "" && d.Code == "page-skipped" {
			why = "; " + d.Message
			if !strings.HasPrefix(d.Message, d.Source.File) {
				why = fmt.Sprintf("; %s: %s", d.Source.String(), d.Message)
			}
		}
		if d.Severity == model.SevError {
			break
		}
	}
	return fmt.Errorf("neither a spec (YAML or JSON with an openapi key) nor pages that give an operation (%d pages read%s); nothing to compare", len(svc.Pages), why)
}

func loadSide(path, name string, maxPage int64) (*side, error) {
	return loadSideShared(path, name, maxPage, nil)
}

// loadSideShared is loadSide with pages, when scraped, kept in shared: the
// two sides of a comparison of page folders share most pages byte for
// byte, and a page the other side read (under the same name, with the same
// bytes, linking to pages that are the same) is taken from it rather than
// read again — as `docspec build` takes unchanged pages from its cache.
func loadSideShared(path, name string, maxPage int64, shared scraper.PageCache) (*side, error) {
	s, err := readSide(path, name, maxPage, shared)
	if err != nil {
		return nil, err
	}
	if countOperations(s.doc) == 0 {
		return nil, noOperations(path, s.svc)
	}
	return s, nil
}

func readSide(path, name string, maxPage int64, shared scraper.PageCache) (*side, error) {
	if raw, doc, ok, err := loadSpecFile(path); ok {
		if err != nil {
			return nil, err
		}
		return &side{name: filepath.ToSlash(path), raw: raw, doc: doc}, nil
	}
	// Pages are named relative to the folder given, so that the same page in
	// two revision folders is the same page.
	root := path
	if st, err := os.Stat(path); err == nil && !st.IsDir() {
		root = filepath.Dir(path)
	}
	res, err := scrapeSpecAs([]string{path}, scraper.Meta{Name: name, Title: name, Root: root, MaxPageSize: maxPage, Pages: shared}, wantYAML)
	if err != nil {
		return nil, err
	}
	doc, err := drift.Load(res.YAML, path)
	if err != nil {
		return nil, err
	}
	return &side{name: filepath.ToSlash(path), raw: res.YAML, doc: doc, svc: res.Service}, nil
}

func runDrift(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("drift", "drift [--format text|markdown|json|github] [--fail-on LEVEL] OLD NEW\n\nOLD and NEW are each a spec file (YAML or JSON), or pages (files or\ndirectories) that are scraped first. Findings are grouped by operation, each\nwith a rule id, a severity (breaking, non-breaking, editorial) and the page,\ntable and row on both sides.\n\nExit codes: 0 nothing at or above --fail-on; 1 findings at or above it;\n2 the comparison could not run.", stderr)
	format := fs.String("format", "text", "output `format`: text, markdown, json or github (workflow annotations)")
	failOn := fs.String("fail-on", "breaking", "exit 1 when a finding is at or above `LEVEL`: breaking, non-breaking, editorial or never")
	name := fs.String("name", "docs", "service name used when scraping pages")
	out := fs.String("o", "", "write the report to `FILE` instead of standard output")
	maxPage := fs.Int64("max-page-size", scraper.DefaultMaxPageSize, "largest page read when scraping, in `bytes`")
	paths, err := parseFlags(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitError
	}
	if len(paths) != 2 {
		fs.Usage()
		return ExitError
	}
	if err := drift.ParseFailOn(*failOn); err != nil {
		fmt.Fprintf(stderr, "docspec drift: %v\n", err)
		return ExitError
	}
	res, _, err := compareSides(paths[0], paths[1], *name, *maxPage)
	if err != nil {
		fmt.Fprintf(stderr, "docspec drift: %v\n", err)
		return ExitError
	}
	var buf bytes.Buffer
	if err := res.Write(&buf, *format); err != nil {
		fmt.Fprintf(stderr, "docspec drift: %v\n", err)
		return ExitError
	}
	if *out != "" {
		if err := writeFile(*out, buf.Bytes()); err != nil {
			fmt.Fprintf(stderr, "docspec drift: %v\n", err)
			return ExitError
		}
	} else {
		stdout.Write(buf.Bytes())
	}
	return res.ExitCode(*failOn)
}

// naming prefixes err with path unless it already starts with it.
func naming(path string, err error) error {
	if strings.HasPrefix(err.Error(), path+":") {
		return err
	}
	return fmt.Errorf("%s: %w", path, err)
}

func compareSides(oldPath, newPath, name string, maxPage int64) (*drift.Result, *side, error) {
	shared := &memCache{m: map[string][]byte{}}
	o, err := loadSideShared(oldPath, name, maxPage, shared)
	if err != nil {
		return nil, nil, naming(oldPath, err)
	}
	n, err := loadSideShared(newPath, name, maxPage, shared)
	if err != nil {
		return nil, nil, naming(newPath, err)
	}
	res, err := drift.Compare(o.doc, n.doc, o.raw, n.raw)
	if err != nil {
		return nil, nil, err
	}
	res.OldFile, res.NewFile = o.name, n.name
	return res, n, nil
}

func runReport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("report", "report [-o FILE] [--drift-from OLD] [--config FILE] SPEC-NAME | PATH...\n\nWrites a self-contained HTML page of a spec: operations grouped by tag, their\nparameters and fields with types, constraints, enumerations and per-type\nrules, examples, statuses and error codes, each row linked to its source;\nthe warnings and contradictions; and, with --drift-from, the drift against\nan older revision (a spec file or pages).", stderr)
	out := fs.String("o", "", "write the page to `FILE` (default: standard output)")
	from := fs.String("drift-from", "", "older revision (spec file or pages) to show drift against")
	cfgPath := fs.String("config", "docspec.yaml", "configuration `FILE`, to name a spec by its name")
	args2, err := parseFlags(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitError
	}
	if len(args2) == 0 {
		fs.Usage()
		return ExitError
	}
	cur, err := serviceFor(args2, *cfgPath)
	if err != nil {
		fmt.Fprintf(stderr, "docspec report: %v\n", err)
		return ExitError
	}
	var findings []drift.Finding
	if *from != "" {
		res := cur.YAML
		o, err := loadSide(*from, cur.Service.Name, 0)
		if err != nil {
			fmt.Fprintf(stderr, "docspec report: %s: %v\n", *from, err)
			return ExitError
		}
		doc, err := drift.Load(res, cur.Service.Name)
		if err != nil {
			fmt.Fprintf(stderr, "docspec report: %v\n", err)
			return ExitError
		}
		d, err := drift.Compare(o.doc, doc, o.raw, res)
		if err != nil {
			fmt.Fprintf(stderr, "docspec report: %v\n", err)
			return ExitError
		}
		findings = d.Findings
	}
	svc := cur.Service
	var buf bytes.Buffer
	if err := report.Render(&buf, svc, findings); err != nil {
		fmt.Fprintf(stderr, "docspec report: %v\n", err)
		return ExitError
	}
	if *out == "" {
		stdout.Write(buf.Bytes())
		return ExitOK
	}
	if err := writeFile(*out, buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "docspec report: %v\n", err)
		return ExitError
	}
	fmt.Fprintf(stderr, "docspec report: wrote %s (%d operations, %d diagnostics, %d drift findings)\n", *out, len(svc.Operations), len(svc.Diagnostics), len(findings))
	return ExitOK
}

// serviceFor scrapes the spec named in the config, or the pages given.
func serviceFor(args []string, cfgPath string) (*scraped, error) {
	if len(args) == 1 {
		if _, err := os.Stat(args[0]); err != nil {
			cfg, cerr := config.Load(cfgPath)
			if cerr != nil {
				return nil, cerr
			}
			s := cfg.Spec(args[0])
			if s == nil {
				return nil, fmt.Errorf("%q is neither a file nor a spec of %s", args[0], cfgPath)
			}
			root := filepath.Dir(cfg.File)
			m, err := syncer.LoadManifest(syncer.SnapshotDir(cfg, root))
			if err != nil {
				return nil, err
			}
			return scrapeConfigured(cfg, root, s, m)
		}
	}
	name := filepath.Base(filepath.Clean(args[0]))
	return scrapeSpec(args, scraper.Meta{Name: name, Title: name})
}

// memCache is a scraper.PageCache in memory, for one comparison.
type memCache struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (c *memCache) Load(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.m[key]
	return b, ok
}

func (c *memCache) Store(key string, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[key] = data
}
