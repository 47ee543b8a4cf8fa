// Package quality measures what the readers got out of the pages: per page
// and in total, operations, parameters and fields, how many have a type,
// constraints by kind, enumerations, examples, error codes, and every
// sentence of constraint-like prose that no rule understood. It reads only
// the model.
package quality

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/docspec/docspec/model"
)

// Counts are the figures of one page or of the whole service.
type Counts struct {
	Operations    int            `json:"operations"`
	Parameters    int            `json:"parameters"`
	Fields        int            `json:"fields"`
	Typed         int            `json:"typed"` // parameters and fields with a stated type
	Constraints   map[string]int `json:"constraints"`
	Enumerations  int            `json:"enumerations"`
	Rules         int            `json:"rules"`
	Examples      int            `json:"examples"`
	ErrorCodes    int            `json:"errorCodes"` // error codes linked to responses
	Warnings      int            `json:"warnings"`
	Contradiction int            `json:"contradictions"`
	NotUnderstood int            `json:"notUnderstood"`
}

// PageReport is one page's line in the report.
type PageReport struct {
	File    string `json:"file"`
	Dialect string `json:"dialect,omitempty"`
	Kind    string `json:"kind"`
	Note    string `json:"note,omitempty"`
	Counts
}

// Sentence is constraint-like prose that was not understood.
type Sentence struct {
	Text   string       `json:"text"`
	Source model.Source `json:"source"`
}

// Report is the quality report of one service.
type Report struct {
	Version       int           `json:"version"` // schema version of this report
	Service       string        `json:"service"`
	Pages         []*PageReport `json:"pages"`
	Total         Counts        `json:"total"`
	PagesRead     int           `json:"pagesRead"`
	PagesSkipped  int           `json:"pagesSkipped"`
	Catalogued    int           `json:"errorCodesCatalogued"` // entries of the error-code page
	NotUnderstood []Sentence    `json:"notUnderstood"`
	// Contradictions are the places where a page disagrees with itself
	// (an example that breaks its own table, ...), each with its place.
	Contradictions []Finding `json:"contradictions,omitempty"`
	// NoSuccess are the operations whose page documents no 2xx response:
	// the spec says so (a "default" or error responses only) and invents
	// none, so a client or a test double has no documented answer for them.
	NoSuccess []Finding `json:"noSuccess,omitempty"`
}

// Finding is one diagnostic the report lists, with its place.
type Finding struct {
	Operation string       `json:"operation,omitempty"`
	Text      string       `json:"text"`
	Source    model.Source `json:"source"`
}

// Measure builds the report of svc.
func Measure(svc *model.Service) *Report {
	r := &Report{Version: 1, Service: svc.Name, Catalogued: len(svc.ErrorCodes)}
	byFile := map[string]*PageReport{}
	for _, p := range svc.Pages {
		pr := &PageReport{File: p.File, Dialect: p.Dialect, Kind: p.Kind, Note: p.Note, Counts: Counts{Constraints: map[string]int{}}}
		byFile[p.File] = pr
		r.Pages = append(r.Pages, pr)
		if p.Kind == model.PageSkipped {
			r.PagesSkipped++
		} else {
			r.PagesRead++
		}
	}
	get := func(file string) *Counts {
		if pr, ok := byFile[file]; ok {
			return &pr.Counts
		}
		pr := &PageReport{File: file, Kind: model.PageOperation, Counts: Counts{Constraints: map[string]int{}}}
		byFile[file] = pr
		r.Pages = append(r.Pages, pr)
		return &pr.Counts
	}
	for _, op := range svc.Operations {
		c := get(op.Source.File)
		c.Operations++
		for _, p := range op.Parameters {
			c.Parameters++
			schema(c, p.Schema, false)
		}
		if op.RequestBody != nil {
			c.Examples += len(op.RequestBody.Examples)
			schema(c, op.RequestBody.Schema, true)
		}
		for _, resp := range op.Responses {
			c.ErrorCodes += len(resp.ErrorCodes)
			if resp.Body != nil {
				c.Examples += len(resp.Body.Examples)
				schema(c, resp.Body.Schema, true)
			}
			for _, h := range resp.Headers {
				c.Parameters++
				schema(c, h.Schema, false)
			}
		}
	}
	noSuccess := map[string]Finding{}
	for _, d := range svc.Diagnostics {
		c := get(d.Source.File)
		switch {
		case d.Code == "prose-not-understood":
			c.NotUnderstood++
			r.NotUnderstood = append(r.NotUnderstood, Sentence{Text: d.Message, Source: d.Source})
		case d.Severity == model.SevWarning || d.Severity == model.SevError:
			c.Warnings++
		case d.Severity == model.SevContradiction:
			c.Contradiction++
			r.Contradictions = append(r.Contradictions, Finding{Operation: d.Operation, Text: d.Message, Source: d.Source})
		}
		if d.Code == "success-response-missing" {
			noSuccess[d.Operation+"\x00"+d.Source.String()] = Finding{Operation: d.Operation, Text: "the page documents no 2xx response", Source: d.Source}
		}
	}
	// Reported by the reader and again by the spec writer: once each.
	for _, k := range slices.Sorted(maps.Keys(noSuccess)) {
		r.NoSuccess = append(r.NoSuccess, noSuccess[k])
	}
	sort.SliceStable(r.Pages, func(i, j int) bool { return r.Pages[i].File < r.Pages[j].File })
	r.Total.Constraints = map[string]int{}
	for _, p := range r.Pages {
		add(&r.Total, &p.Counts)
	}
	return r
}

func add(t, c *Counts) {
	t.Operations += c.Operations
	t.Parameters += c.Parameters
	t.Fields += c.Fields
	t.Typed += c.Typed
	for k, v := range c.Constraints {
		t.Constraints[k] += v
	}
	t.Enumerations += c.Enumerations
	t.Rules += c.Rules
	t.Examples += c.Examples
	t.ErrorCodes += c.ErrorCodes
	t.Warnings += c.Warnings
	t.Contradiction += c.Contradiction
	t.NotUnderstood += c.NotUnderstood
}

// schema counts a value's constraints; with fields set, its properties
// (recursively) count as fields rather than the value itself.
func schema(c *Counts, s *model.Schema, root bool) {
	if s == nil {
		return
	}
	if !root {
		if s.Type != "" {
			c.Typed++
		}
		if len(s.Enum) > 0 || (s.Items != nil && len(s.Items.Enum) > 0) {
			c.Enumerations++
		}
		for _, k := range s.Constraints {
			c.Constraints[k.Kind]++
		}
	}
	c.Rules += len(s.Rules)
	for _, p := range s.Properties {
		c.Fields++
		schema(c, p.Schema, false)
	}
	if s.Items != nil {
		schema(c, s.Items, true)
	}
}

// Summary is the one line for standard error.
func (r *Report) Summary() string {
	t := r.Total
	var kinds []string
	for k := range t.Constraints {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	n := 0
	var parts []string
	for _, k := range kinds {
		n += t.Constraints[k]
		parts = append(parts, fmt.Sprintf("%s %d", k, t.Constraints[k]))
	}
	return fmt.Sprintf("%s: %d pages read, %d skipped; %d operations, %d parameters, %d fields (%d typed), %d constraints (%s), %d rules, %d examples, %d error codes linked, %d catalogued; %d warnings, %d contradictions, %d sentences not understood",
		r.Service, r.PagesRead, r.PagesSkipped, t.Operations, t.Parameters, t.Fields, t.Typed, n, strings.Join(parts, ", "), t.Rules, t.Examples, t.ErrorCodes, r.Catalogued, t.Warnings, t.Contradiction, t.NotUnderstood)
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteMarkdown writes the report for people: totals, a table per page, and
// the sentences not understood with their places.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Scrape quality: %s\n\n%s\n\n", r.Service, r.Summary())
	b.WriteString("| page | kind | ops | params | fields | typed | constraints | enums | rules | examples | error codes | not understood |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, p := range r.Pages {
		n := 0
		for _, v := range p.Constraints {
			n += v
		}
		kind := p.Kind
		if p.Note != "" && p.Kind == model.PageSkipped {
			kind += " (" + p.Note + ")"
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d |\n", p.File, kind, p.Operations, p.Parameters, p.Fields, p.Typed, n, p.Enumerations, p.Rules, p.Examples, p.ErrorCodes, p.NotUnderstood)
	}
	if len(r.NotUnderstood) > 0 {
		b.WriteString("\n## Constraint-like prose not understood\n\n")
		for _, s := range r.NotUnderstood {
			fmt.Fprintf(&b, "- %s: %s\n", s.Source.String(), s.Text)
		}
	}
	if len(r.NoSuccess) > 0 {
		b.WriteString("\n## Operations with no documented 2xx response\n\nThe spec states only what the page documents (a `default` or error responses); no success answer is invented.\n\n")
		for _, f := range r.NoSuccess {
			fmt.Fprintf(&b, "- %s: %s\n", f.Operation, f.Source.String())
		}
	}
	if len(r.Contradictions) > 0 {
		b.WriteString("\n## Contradictions on the pages\n\nKept as the page states them; an example that breaks its schema is also marked in the spec (`x-docspec-contradiction`).\n\n")
		for _, f := range r.Contradictions {
			fmt.Fprintf(&b, "- %s: %s\n", f.Source.String(), f.Text)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
