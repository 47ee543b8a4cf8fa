package portal

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/openapi"
	"github.com/docspec/docspec/portal/score"
	"github.com/docspec/docspec/quality"
	"github.com/docspec/docspec/scraper"
)

// Row is what docspec does with one service of the corpus.
type Row struct {
	Service string
	Pages   int // HTML files
	OpLike  int // op-like pages (portal-score's test)
	Found   int // op-like pages one of whose METHOD + paths is in the spec
	Ops     int // operations read (before joining those on one route)
	SpecOps int // operations in the spec
	Skipped int // pages docspec skipped
	// Diagnostics by kind; LeftOut are the error diagnostics (pages or
	// operations that are not in the spec).
	Warnings, Contradictions, NotUnderstood, LeftOut int
	// Exit is docspec scrape's exit code: 0, 1 (something left out), 2 (no spec).
	Exit int
	// Err is why there is no spec (Exit 2), or why it does not validate.
	Err string
	// Scored is set when the service has an oracle.
	Scored   bool
	Score    *score.Report
	SDKOps   int // oracle operations counted (those sharing a matched route are not)
	SDKFound int
	Missed   map[string][]string // op-like pages not found → their METHOD + paths
}

// F1 is the fields F1 against the oracle (0 when nothing matched).
func (r *Row) F1() float64 { return deref(r.Score.Overall.F1) }

func deref(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}

// Measure scrapes one service folder of the corpus as `docspec scrape`
// does, writes its spec as JSON, loads and validates it again with
// kin-openapi, and scores it against oracleFile when that exists.
func Measure(corpus, id, oracleFile string) (*Row, error) {
	r := &Row{Service: id}
	pages, like, err := OpLike(filepath.Join(corpus, id))
	if err != nil {
		return nil, err
	}
	r.Pages, r.OpLike = pages, len(like)
	svc, err := scraper.Scrape([]string{filepath.Join(corpus, id)}, scraper.Meta{Name: id, Title: id, Root: corpus})
	if err != nil {
		return nil, err
	}
	doc, diags, err := openapi.Build(svc)
	svc.Diagnostics = append(svc.Diagnostics, diags...)
	r.count(svc)
	if err != nil {
		r.Exit, r.Err = 2, err.Error()
		doc = nil
	} else if doc, err = roundTrip(doc); err != nil {
		r.Exit, r.Err = 2, err.Error()
		doc = nil
	}
	got := map[string]bool{}
	if doc != nil {
		for _, path := range doc.Paths.Keys() {
			for m := range doc.Paths.Value(path).Operations() {
				got[strings.ToUpper(m)+" "+Norm(path)] = true
				r.SpecOps++
			}
		}
	}
	r.Missed = map[string][]string{}
	for page, routes := range like {
		hit := false
		for _, rt := range routes {
			hit = hit || got[rt]
		}
		if hit {
			r.Found++
		} else {
			r.Missed[page] = routes
		}
	}
	if _, err := os.Stat(oracleFile); err == nil {
		if err := r.score(doc, oracleFile); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return r, nil
}

func (r *Row) count(svc *model.Service) {
	q := quality.Measure(svc)
	r.Ops, r.Skipped = q.Total.Operations, q.PagesSkipped
	for _, d := range svc.Diagnostics {
		switch {
		case d.Code == "prose-not-understood":
			r.NotUnderstood++
		case d.Severity == model.SevError:
			r.LeftOut++
		case d.Severity == model.SevWarning:
			r.Warnings++
		case d.Severity == model.SevContradiction:
			r.Contradictions++
		}
	}
	if r.LeftOut > 0 {
		r.Exit = 1
	}
}

// roundTrip writes doc as JSON, as docspec does, and loads and validates
// what was written: the spec a user gets, not the one in memory.
func roundTrip(doc *openapi3.T) (*openapi3.T, error) {
	b, err := openapi.Marshal(doc, "json")
	if err != nil {
		return nil, err
	}
	l := openapi3.NewLoader()
	l.IsExternalRefsAllowed = false
	back, err := l.LoadFromData(b)
	if err != nil {
		return nil, fmt.Errorf("the spec written does not load: %w", err)
	}
	if err := openapi.Validate(back); err != nil {
		return nil, fmt.Errorf("the spec written does not validate: %w", err)
	}
	return back, nil
}

// score compares the spec with the oracle as portal-score does: OpenAPI
// holds one operation per METHOD + path, so an oracle operation that shares
// its METHOD + path with one the spec matched is not counted.
func (r *Row) score(doc *openapi3.T, oracleFile string) error {
	orc, err := score.Load(oracleFile)
	if err != nil {
		return err
	}
	if len(orc.Operations) == 0 {
		return nil
	}
	var ops []score.Operation
	if doc != nil {
		ops = score.SpecOperations(doc)
	}
	opt := score.Options{IgnoreParams: score.DefaultIgnoreParams}
	rep := score.Compare(ops, orc, opt)
	found := map[string]bool{}
	for _, o := range rep.Ops {
		if o.Found {
			found[o.Method+" "+score.NormalizePath(o.Path)] = true
		}
	}
	drop := map[string]bool{}
	for _, o := range rep.Ops {
		if !o.Found && found[o.Method+" "+score.NormalizePath(o.Path)] {
			drop[o.Name] = true
		}
	}
	if len(drop) > 0 {
		cut := *orc
		cut.Operations = nil
		for _, o := range orc.Operations {
			if !drop[o.Name] {
				cut.Operations = append(cut.Operations, o)
			}
		}
		rep = score.Compare(ops, &cut, opt)
	}
	r.Scored, r.Score = true, rep
	r.SDKOps, r.SDKFound = rep.OracleOps, rep.Found
	return nil
}

// Services lists the service folders of the corpus.
func Services(corpus string) ([]string, error) {
	ents, err := os.ReadDir(corpus)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}
