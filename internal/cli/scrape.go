package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/openapi"
	"github.com/docspec/docspec/quality"
	"github.com/docspec/docspec/scraper"
)

// parseFlags parses flags that may stand before, between or after the
// positional arguments ("docspec scrape page.html -o x.yaml").
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: docspec %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func runScrape(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("scrape", "scrape [-o FILE] [--report FILE] [--name NAME] PATH...\n\nReads pages (files, or directories read recursively) in any dialect docspec knows,\nand writes one OpenAPI 3.0.3 spec: YAML, or JSON when FILE ends in .json;\nstandard output without -o. A summary and every warning, with its place,\ngo to standard error.", stderr)
	out := fs.String("o", "", "write the spec to `FILE` instead of standard output")
	report := fs.String("report", "", "write the quality report to `FILE` (Markdown if it ends in .md, else JSON)")
	name := fs.String("name", "", "service name (default: the first path's base name)")
	title := fs.String("title", "", "spec title")
	provider := fs.String("provider", "", "provider (otc, huaweicloud, aliyun, ...)")
	quiet := fs.Bool("q", false, "print only the summary line, not every diagnostic")
	maxPage := fs.Int64("max-page-size", scraper.DefaultMaxPageSize, "largest page read, in `bytes`; a larger one is reported and left out")
	paths, err := parseFlags(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitError
	}
	if len(paths) == 0 {
		fs.Usage()
		return ExitError
	}
	meta := scraper.Meta{Name: *name, Title: *title, Provider: *provider, MaxPageSize: *maxPage}
	if meta.Name == "" {
		meta.Name = filepath.Base(filepath.Clean(paths[0]))
	}
	if meta.Title == "" {
		meta.Title = meta.Name
	}
	// The spec is written as it is rendered, not held as bytes first.
	res, err := scrapeSpecAs(paths, meta, wantDoc)
	if err != nil {
		fmt.Fprintf(stderr, "docspec scrape: %v\n", err)
		return ExitError
	}
	write := res.Doc.WriteYAML
	if strings.HasSuffix(*out, ".json") {
		write = res.Doc.WriteJSON
	}
	if *out == "" {
		write(stdout) // as stdout.Write of the bytes was: a closed pipe is the reader's choice
	} else if err := writeFileWith(*out, write); err != nil {
		fmt.Fprintf(stderr, "docspec scrape: %v\n", err)
		return ExitError
	}
	res.Doc = nil
	q := quality.Measure(res.Service)
	if *report != "" {
		var buf bytes.Buffer
		if strings.HasSuffix(*report, ".md") {
			err = q.WriteMarkdown(&buf)
		} else {
			err = q.WriteJSON(&buf)
		}
		if err == nil {
			err = writeFile(*report, buf.Bytes())
		}
		if err != nil {
			fmt.Fprintf(stderr, "docspec scrape: %v\n", err)
			return ExitError
		}
	}
	printDiagnostics(stderr, res.Service, *quiet)
	fmt.Fprintln(stderr, q.Summary())
	for _, d := range res.Service.Diagnostics {
		if d.Severity == model.SevError {
			return ExitFindings
		}
	}
	return ExitOK
}

// scraped is one spec made from pages: the model and its bytes.
type scraped struct {
	Service *model.Service
	YAML    []byte
	JSON    []byte
	Doc     *openapi.Document // with wantDoc: the tree, for the caller to write
	note    string            // what the page cache saved, when build used it
}

// The renderings a caller wants: a command that writes only one does not
// pay for the other.
const (
	wantYAML = 1 << iota
	wantJSON
	wantBoth = wantYAML | wantJSON
	wantDoc  = 1 << 2 // neither: the Document itself
)

// scrapeSpec reads pages and builds, validates and serialises their spec.
func scrapeSpec(paths []string, meta scraper.Meta) (*scraped, error) {
	return scrapeSpecAs(paths, meta, wantBoth)
}

// scrapeSpecAs is scrapeSpec writing only the renderings in want.
func scrapeSpecAs(paths []string, meta scraper.Meta, want int) (*scraped, error) {
	svc, err := scraper.Scrape(paths, meta)
	if err != nil {
		return nil, err
	}
	return specAs(svc, want)
}

// specOf builds, validates and serialises the spec of a scraped service.
func specOf(svc *model.Service) (*scraped, error) { return specAs(svc, wantBoth) }

// specAs is specOf writing only the renderings in want.
func specAs(svc *model.Service, want int) (*scraped, error) {
	// Build leaves out, with an error naming its page, each operation that
	// cannot go into a valid document; an error here means no spec at all.
	doc, diags, err := openapi.Build(svc)
	if err != nil {
		return nil, fmt.Errorf("building the spec of %s: %w", svc.Name, err)
	}
	svc.Diagnostics = append(svc.Diagnostics, diags...)
	model.SortDiagnostics(svc.Diagnostics)
	d, err := openapi.NewDocument(doc)
	if err != nil {
		return nil, err
	}
	res := &scraped{Service: svc}
	if want&wantDoc != 0 {
		res.Doc = d
	}
	if want&wantYAML != 0 {
		if res.YAML, err = d.YAML(); err != nil {
			return nil, err
		}
	}
	if want&wantJSON != 0 {
		if res.JSON, err = d.JSON(); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// printDiagnostics lists what a user must read: errors, contradictions,
// warnings and skipped pages, each with its place. Sentences not
// understood are counted in the summary and listed in --report.
func printDiagnostics(w io.Writer, svc *model.Service, quiet bool) {
	if quiet {
		return
	}
	order := map[string]int{model.SevError: 0, model.SevContradiction: 1, model.SevWarning: 2, model.SevNote: 3}
	ds := append([]*model.Diagnostic(nil), svc.Diagnostics...)
	sort.SliceStable(ds, func(i, j int) bool { return order[ds[i].Severity] < order[ds[j].Severity] })
	for _, d := range ds {
		if d.Code == "prose-not-understood" {
			continue
		}
		sev := d.Severity
		if d.Code == "page-skipped" {
			sev = "skipped"
		}
		op := ""
		if d.Operation != "" {
			op = " (" + d.Operation + ")"
		}
		fmt.Fprintf(w, "%s: %s%s: %s [%s]\n", sev, d.Source.String(), op, d.Message, d.Code)
	}
}

// writeFileWith creates path (and its folder) and has write fill it.
func writeFileWith(path string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeFile(path string, data []byte) error {
	return writeFileWith(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
