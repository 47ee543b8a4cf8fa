package report

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/docspec/docspec/drift"
	"github.com/docspec/docspec/model"
)

//go:embed report.html.tmpl
var pageTemplate string

//go:embed style.css
var styleCSS string

//go:embed filter.js
var filterJS string

var tmpl = template.Must(template.New("report").Parse(pageTemplate))

// Render writes the HTML report of svc to w. findings is the drift result to
// show; nil means none was given (no drift section), an empty slice means a
// drift check found nothing. The page is rendered in full before anything is
// written, so a failure leaves w untouched.
func Render(w io.Writer, svc *model.Service, findings []drift.Finding) error {
	if svc == nil {
		return errors.New("report: no service to render")
	}
	v := build(svc, findings)
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, v); err != nil {
		return fmt.Errorf("report: service %q: %w", svc.Name, err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// The view types below hold every derived value, so that the template only
// prints (templates hold no logic).

type pageView struct {
	Name, Title, Provider, Version, Description string
	CSS                                         template.CSS
	JS                                          template.JS
	OpCount                                     int
	Stats                                       []statView
	Security                                    []securityView
	Tags                                        []*tagView
	Diagnostics                                 []diagView
	DriftGiven                                  bool
	Findings                                    []findingView
	FindingStats                                []statView
	ErrorCodes                                  []errorCodeView
	Pages                                       []pageRow
}

type statView struct {
	Label, Class string
	Value        int
}

type securityView struct {
	Name, Kind, Header, Description, Source string
}

type tagView struct {
	Name, Anchor string
	Ops          []*opView
}

type opView struct {
	ID, Anchor, Method, MethodClass, Path, Summary, Description, Action string
	Search, Source                                                      string
	Security, Notes                                                     []string
	Params                                                              *fieldsTable
	Body                                                                *bodyView
	Responses                                                           []responseView
	Diagnostics                                                         []diagView
	Findings                                                            []findingView
	Warnings, Contradictions                                            int
	FindingClass                                                        string // class of the most severe finding
}

// fieldsTable is a table of rows; ShowIn adds the "In" column (parameters).
type fieldsTable struct {
	ShowIn bool
	Rows   []fieldView
}

type fieldView struct {
	Name, Indent, In, Type, Default, Example, Description, Source, SourceFull, Pattern string
	Required                                                                           bool
	Constraints, Enum                                                                  []string
	Prose                                                                              []proseView
}

type proseView struct {
	Kind, Text, Source string
}

type bodyView struct {
	ContentType, Source string
	Fields              *fieldsTable
	Rules               []ruleView
	Examples            []exampleView
}

type ruleView struct {
	Field, When, Text, Source, Pattern string
	Constraints, Enum                  []string
}

type exampleView struct {
	Summary, Value, Source string
}

type responseView struct {
	Status, Class, Description, Source string
	ErrorCodes                         []codeRef
	Headers                            *fieldsTable
	Body                               *bodyView
}

type codeRef struct {
	Code, Anchor string // Anchor is empty when the catalogue lacks the code
}

type diagView struct {
	Severity, Code, Message, Operation, OpAnchor, Source string
}

type findingView struct {
	Rule, Severity, Class, Operation, OpAnchor, Where, Message, Origin, Old, New string
}

type errorCodeView struct {
	Code, Anchor, Status, Message, Description, Solution, Source string
}

type pageRow struct {
	File, Dialect, Language, Kind, Title, Note string
}

func build(svc *model.Service, findings []drift.Finding) *pageView {
	v := &pageView{
		Name:        svc.Name,
		Title:       cmp.Or(svc.Title, svc.Name),
		Provider:    svc.Provider,
		Version:     svc.Version,
		Description: svc.Description,
		CSS:         template.CSS(styleCSS),
		JS:          template.JS(filterJS),
		DriftGiven:  findings != nil,
	}

	catalogue := map[string]string{}
	for _, e := range svc.ErrorCodes {
		if e == nil {
			continue
		}
		a := "err-" + anchorID(e.Code)
		if _, dup := catalogue[e.Code]; !dup {
			catalogue[e.Code] = a
		} else {
			a = ""
		}
		v.ErrorCodes = append(v.ErrorCodes, errorCodeView{
			Code: e.Code, Anchor: a, Status: e.Status, Message: e.Message,
			Description: e.Description, Solution: e.Solution, Source: sourceText(e.Source),
		})
	}
	slices.SortStableFunc(v.ErrorCodes, func(a, b errorCodeView) int { return strings.Compare(a.Code, b.Code) })

	for _, s := range svc.Security {
		if s == nil {
			continue
		}
		v.Security = append(v.Security, securityView{s.Name, s.Kind, s.Header, s.Description, sourceText(s.Source)})
	}

	// Operations: anchors unique even if the model repeats an id.
	ops := slices.DeleteFunc(slices.Clone(svc.Operations), func(o *model.Operation) bool { return o == nil })
	slices.SortStableFunc(ops, func(a, b *model.Operation) int {
		return cmp.Or(strings.Compare(a.ID, b.ID), strings.Compare(a.Path, b.Path), strings.Compare(a.Method, b.Method))
	})
	anchors := map[string]bool{}
	opAnchor := map[string]string{} // operation id -> first anchor
	tags := map[string]*tagView{}
	var diagCount = map[string][2]int{}
	for _, d := range svc.Diagnostics {
		if d == nil || d.Operation == "" {
			continue
		}
		c := diagCount[d.Operation]
		switch d.Severity {
		case model.SevContradiction:
			c[1]++
		case model.SevWarning, model.SevError:
			c[0]++
		}
		diagCount[d.Operation] = c
	}
	byID := map[string]*opView{}
	for _, o := range ops {
		base := "op-" + anchorID(o.ID)
		a := base
		for i := 2; anchors[a]; i++ {
			a = base + "-" + strconv.Itoa(i)
		}
		anchors[a] = true
		if _, ok := opAnchor[o.ID]; !ok {
			opAnchor[o.ID] = a
		}
		ov := buildOp(o, a, catalogue)
		c := diagCount[o.ID]
		ov.Warnings, ov.Contradictions = c[0], c[1]
		if _, ok := byID[o.ID]; !ok {
			byID[o.ID] = ov
		}
		tag := untagged
		if len(o.Tags) > 0 && o.Tags[0] != "" {
			tag = o.Tags[0]
		}
		t := tags[tag]
		if t == nil {
			t = &tagView{Name: tag}
			tags[tag] = t
		}
		t.Ops = append(t.Ops, ov)
	}
	names := make([]string, 0, len(tags))
	for n := range tags {
		names = append(names, n)
	}
	// Sorted by name, operations without a tag last.
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(boolInt(a == untagged), boolInt(b == untagged)), strings.Compare(a, b))
	})
	for _, n := range names {
		t := tags[n]
		base := "tag-" + anchorID(n)
		t.Anchor = base
		for i := 2; anchors[t.Anchor]; i++ {
			t.Anchor = base + "-" + strconv.Itoa(i)
		}
		anchors[t.Anchor] = true
		v.Tags = append(v.Tags, t)
	}
	v.OpCount = len(ops)

	// Diagnostics: most severe first, then by operation and place.
	var nWarn, nContra, nErr, nNote int
	for _, d := range svc.Diagnostics {
		if d == nil {
			continue
		}
		switch d.Severity {
		case model.SevError:
			nErr++
		case model.SevWarning:
			nWarn++
		case model.SevContradiction:
			nContra++
		default:
			nNote++
		}
		dv := diagView{Severity: d.Severity, Code: d.Code, Message: d.Message, Operation: d.Operation,
			OpAnchor: opAnchor[d.Operation], Source: sourceText(d.Source)}
		v.Diagnostics = append(v.Diagnostics, dv)
		if ov := byID[d.Operation]; ov != nil {
			ov.Diagnostics = append(ov.Diagnostics, dv)
		}
	}
	sortDiags(v.Diagnostics)
	for _, ov := range byID {
		sortDiags(ov.Diagnostics)
	}

	// Findings.
	counts := map[string]int{}
	for _, f := range findings {
		fv := findingView{
			Rule: f.Rule, Severity: f.Severity, Class: "sev-" + anchorID(f.Severity), Operation: f.Operation,
			OpAnchor: opAnchor[f.Operation], Where: strings.TrimSpace(f.Method + " " + f.Path),
			Message: f.Message, Origin: f.Origin,
		}
		if f.Old != nil {
			fv.Old = sourceText(*f.Old)
		}
		if f.New != nil {
			fv.New = sourceText(*f.New)
		}
		counts[f.Severity]++
		v.Findings = append(v.Findings, fv)
		if ov := byID[f.Operation]; ov != nil {
			ov.Findings = append(ov.Findings, fv)
		}
	}
	sortFindings(v.Findings)
	for _, ov := range byID {
		sortFindings(ov.Findings)
		if len(ov.Findings) > 0 {
			ov.FindingClass = ov.Findings[0].Class
		}
	}
	for _, s := range []string{drift.Breaking, drift.NonBreaking, drift.Editorial} {
		v.FindingStats = append(v.FindingStats, statView{Label: s, Class: "sev-" + s, Value: counts[s]})
	}

	v.Stats = []statView{
		{Label: "operations", Value: len(ops)},
		{Label: "tags", Value: len(v.Tags)},
		{Label: "error codes", Value: len(v.ErrorCodes)},
		{Label: "errors", Class: "sev-error", Value: nErr},
		{Label: "contradictions", Class: "sev-contradiction", Value: nContra},
		{Label: "warnings", Class: "sev-warning", Value: nWarn},
		{Label: "notes", Class: "sev-note", Value: nNote},
	}
	if v.DriftGiven {
		v.Stats = append(v.Stats, statView{Label: "drift findings", Class: "sev-breaking", Value: len(findings)})
	}

	for _, p := range svc.Pages {
		if p == nil {
			continue
		}
		v.Pages = append(v.Pages, pageRow{p.File, p.Dialect, p.Language, p.Kind, p.Title, p.Note})
	}
	slices.SortStableFunc(v.Pages, func(a, b pageRow) int { return strings.Compare(a.File, b.File) })
	return v
}

const untagged = "(untagged)"

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

var sevRank = map[string]int{
	model.SevError: 0, model.SevContradiction: 1, model.SevWarning: 2, model.SevNote: 3,
	drift.Breaking: 0, drift.NonBreaking: 1, drift.Editorial: 2,
}

func rank(s string) int {
	if r, ok := sevRank[s]; ok {
		return r
	}
	return 9
}

func sortDiags(ds []diagView) {
	slices.SortStableFunc(ds, func(a, b diagView) int {
		return cmp.Or(cmp.Compare(rank(a.Severity), rank(b.Severity)), strings.Compare(a.Operation, b.Operation),
			strings.Compare(a.Source, b.Source), strings.Compare(a.Code, b.Code), strings.Compare(a.Message, b.Message))
	})
}

func sortFindings(fs []findingView) {
	slices.SortStableFunc(fs, func(a, b findingView) int {
		return cmp.Or(cmp.Compare(rank(a.Severity), rank(b.Severity)), strings.Compare(a.Operation, b.Operation),
			strings.Compare(a.Rule, b.Rule), strings.Compare(a.Message, b.Message))
	})
}

func buildOp(o *model.Operation, anchor string, catalogue map[string]string) *opView {
	method := strings.ToUpper(o.Method)
	ov := &opView{
		ID: o.ID, Anchor: anchor, Method: method, MethodClass: "m-" + strings.ToLower(anchorID(method)),
		Path: o.Path, Summary: o.Summary, Description: o.Description, Action: o.Action,
		Source: sourceText(o.Source), Security: o.Security, Notes: o.Notes,
	}
	ov.Search = strings.ToLower(strings.Join(slices.DeleteFunc([]string{o.ID, method, o.Path, o.Summary, o.Action},
		func(s string) bool { return s == "" }), " "))
	for _, p := range o.Parameters {
		if p == nil {
			continue
		}
		f := field(p.Name, 0, p.Required, p.Schema, p.Source)
		f.In = cmp.Or(p.In, "?")
		if ov.Params == nil {
			ov.Params = &fieldsTable{ShowIn: true}
		}
		ov.Params.Rows = append(ov.Params.Rows, f)
	}
	ov.Body = buildBody(o.RequestBody)
	for _, r := range o.Responses {
		if r == nil {
			continue
		}
		rv := responseView{Status: r.Status, Class: statusClass(r.Status), Description: r.Description,
			Source: sourceText(r.Source), Body: buildBody(r.Body)}
		for _, c := range r.ErrorCodes {
			rv.ErrorCodes = append(rv.ErrorCodes, codeRef{Code: c, Anchor: catalogue[c]})
		}
		for _, h := range r.Headers {
			if h != nil {
				if rv.Headers == nil {
					rv.Headers = &fieldsTable{}
				}
				rv.Headers.Rows = append(rv.Headers.Rows, field(h.Name, 0, h.Required, h.Schema, h.Source))
			}
		}
		ov.Responses = append(ov.Responses, rv)
	}
	return ov
}

func statusClass(s string) string {
	switch {
	case strings.HasPrefix(s, "2"):
		return "st-ok"
	case strings.HasPrefix(s, "4"), strings.HasPrefix(s, "5"):
		return "st-err"
	}
	return "st-other"
}

func buildBody(b *model.Body) *bodyView {
	if b == nil {
		return nil
	}
	bv := &bodyView{ContentType: b.ContentType, Source: sourceText(b.Source)}
	if b.Schema != nil {
		walkFields(b.Schema, "", 0, func(f fieldView) {
			if bv.Fields == nil {
				bv.Fields = &fieldsTable{}
			}
			bv.Fields.Rows = append(bv.Fields.Rows, f)
		},
			func(r ruleView) { bv.Rules = append(bv.Rules, r) })
	}
	for _, e := range b.Examples {
		if e == nil {
			continue
		}
		bv.Examples = append(bv.Examples, exampleView{Summary: e.Summary, Value: prettyJSON(e.Value), Source: sourceText(e.Source)})
	}
	return bv
}

// maxDepth bounds the walk: models are trees, but a bad one must not hang us.
const maxDepth = 16

// walkFields flattens a body schema into rows: "signs[].name" at depth 2.
// The body schema itself is not a row unless it is a scalar.
func walkFields(s *model.Schema, prefix string, depth int, row func(fieldView), rule func(ruleView)) {
	if s == nil || depth > maxDepth {
		return
	}
	for _, r := range s.Rules {
		if r != nil {
			rule(buildRule(prefix, r))
		}
	}
	switch {
	case len(s.Properties) > 0:
		for _, p := range s.Properties {
			if p == nil {
				continue
			}
			name := prefix + p.Name
			row(field(name, depth, p.Required, p.Schema, p.Source))
			walkFields(p.Schema, name+".", depth+1, row, rule)
		}
	case s.Items != nil:
		if depth == 0 && len(s.Items.Properties) == 0 {
			row(field(strings.TrimSuffix(prefix, ".")+"[]", depth, false, s.Items, s.Items.Source))
			return
		}
		walkFields(s.Items, strings.TrimSuffix(prefix, ".")+"[].", depth, row, rule)
	case s.AdditionalProperties != nil:
		walkFields(s.AdditionalProperties, prefix+"*.", depth, row, rule)
	case depth == 0 && s.Type != "" && s.Type != model.TypeObject:
		row(field("(body)", 0, true, s, s.Source))
	}
}

func buildRule(prefix string, r *model.Rule) ruleView {
	var when []string
	for _, c := range r.When {
		if c != nil {
			when = append(when, prefix+c.Field+" = "+c.Equals)
		}
	}
	rv := ruleView{Field: prefix + r.Field, When: strings.Join(when, " and "), Text: r.Text,
		Source: sourceText(r.Source), Pattern: r.Pattern, Enum: r.Enum}
	if c := lengthText(r.MinLength, r.MaxLength); c != "" {
		rv.Constraints = append(rv.Constraints, c)
	}
	return rv
}

func field(name string, depth int, required bool, s *model.Schema, src model.Source) fieldView {
	f := fieldView{Name: name, Required: required, Source: rowSource(src), SourceFull: sourceText(src), Indent: strconv.Itoa(min(depth, 6))}
	if s == nil {
		f.Type = "—"
		return f
	}
	f.Type = typeText(s)
	f.Description = s.Description
	f.Pattern = s.Pattern
	f.Enum = s.Enum
	if s.Default != nil {
		f.Default = *s.Default
	}
	if s.Example != nil {
		f.Example = *s.Example
	}
	if c := lengthText(s.MinLength, s.MaxLength); c != "" {
		f.Constraints = append(f.Constraints, c)
	}
	if c := rangeText(s.Minimum, s.Maximum); c != "" {
		f.Constraints = append(f.Constraints, c)
	}
	if c := boundsText("items", s.MinItems, s.MaxItems); c != "" {
		f.Constraints = append(f.Constraints, c)
	}
	if s.Items != nil {
		if c := lengthText(s.Items.MinLength, s.Items.MaxLength); c != "" {
			f.Constraints = append(f.Constraints, "each: "+c)
		}
		if c := rangeText(s.Items.Minimum, s.Items.Maximum); c != "" {
			f.Constraints = append(f.Constraints, "each: "+c)
		}
		if f.Pattern == "" {
			f.Pattern = s.Items.Pattern
		}
		if len(f.Enum) == 0 {
			f.Enum = s.Items.Enum
		}
	}
	for _, c := range s.Constraints {
		if c != nil {
			f.Prose = append(f.Prose, proseView{Kind: c.Kind, Text: c.Text, Source: sourceText(c.Source)})
		}
	}
	return f
}

func typeText(s *model.Schema) string {
	t := s.Type
	switch {
	case t == model.TypeArray && s.Items != nil:
		t = "array of " + cmp.Or(typeText(s.Items), "?")
	case s.AdditionalProperties != nil:
		t = "map of " + cmp.Or(typeText(s.AdditionalProperties), "?")
	case t == "":
		return "—"
	}
	if s.Name != "" && (s.Type == model.TypeObject || len(s.Properties) > 0) {
		t += " (" + s.Name + ")"
	}
	if s.Format != "" {
		t += " <" + s.Format + ">"
	}
	return t
}

func lengthText(lo, hi *int64) string { return boundsText("length", lo, hi) }

func boundsText(what string, lo, hi *int64) string {
	switch {
	case lo != nil && hi != nil && *lo == *hi:
		return fmt.Sprintf("%s = %d", what, *lo)
	case lo != nil && hi != nil:
		return fmt.Sprintf("%s %d–%d", what, *lo, *hi)
	case lo != nil:
		return fmt.Sprintf("%s ≥ %d", what, *lo)
	case hi != nil:
		return fmt.Sprintf("%s ≤ %d", what, *hi)
	}
	return ""
}

func rangeText(lo, hi *float64) string {
	num := func(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
	switch {
	case lo != nil && hi != nil:
		return fmt.Sprintf("range %s … %s", num(*lo), num(*hi))
	case lo != nil:
		return "minimum " + num(*lo)
	case hi != nil:
		return "maximum " + num(*hi)
	}
	return ""
}

// rowSource is a table row's reference: its source with the page's base
// name (sourceText, the full one, goes in the title).
func rowSource(s model.Source) string {
	s.File = s.File[strings.LastIndex(s.File, "/")+1:]
	return s.String()
}

func sourceText(s model.Source) string { return s.String() }

// prettyJSON indents JSON examples; anything else is shown as written.
func prettyJSON(s string) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(strings.TrimSpace(s)), "", "  "); err != nil {
		return s
	}
	return buf.String()
}

// anchorID keeps letters, digits, '.', '_' and '-' so ids are safe in
// fragments; other runes become '-'.
func anchorID(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}
