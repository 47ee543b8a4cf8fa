package score

import (
	"fmt"
	"sort"
	"strings"
)

// DefaultIgnoreParams are request headers the SDK never models per operation
// because it signs requests itself; docs list them on every page.
var DefaultIgnoreParams = []string{"X-Auth-Token", "Authorization", "X-Sdk-Date", "X-Security-Token"}

// Options tune the comparison.
type Options struct {
	// IgnoreParams are parameter names (case-insensitive, any location but
	// path) dropped from both sides before comparing.
	IgnoreParams []string
}

// Counts holds set-matching tallies.
type Counts struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	FN int `json:"fn"`
}

func (c *Counts) add(o Counts) { c.TP += o.TP; c.FP += o.FP; c.FN += o.FN }

// Precision is TP/(TP+FP), nil when undefined.
func (c Counts) Precision() *float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN), nil when undefined.
func (c Counts) Recall() *float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean, nil when undefined (nothing on either side).
func (c Counts) F1() *float64 { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

// Agree counts agreements among compared items.
type Agree struct {
	Agree int `json:"agree"`
	Total int `json:"total"`
}

func (a *Agree) add(o Agree) { a.Agree += o.Agree; a.Total += o.Total }
func (a *Agree) tally(ok bool) {
	a.Total++
	if ok {
		a.Agree++
	}
}

// Rate is Agree/Total, nil when nothing was compared.
func (a Agree) Rate() *float64 { return ratio(a.Agree, a.Total) }

func ratio(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	r := float64(n) / float64(d)
	return &r
}

// Section is the comparison of one item set (parameters, a body).
type Section struct {
	Counts
	P        *float64 `json:"precision"`
	R        *float64 `json:"recall"`
	F        *float64 `json:"f1"`
	Types    Agree    `json:"types"`
	Required Agree    `json:"required"`
	Enums    Agree    `json:"enums"`
	Missing  []string `json:"missing,omitempty"`
	Extra    []string `json:"extra,omitempty"`
	// Mismatches describe disagreements on matched items.
	Mismatches []string `json:"mismatches,omitempty"`
}

func (s *Section) finalize() {
	s.P, s.R, s.F = s.Precision(), s.Recall(), s.F1()
}

func (s *Section) add(o *Section) {
	s.Counts.add(o.Counts)
	s.Types.add(o.Types)
	s.Required.add(o.Required)
	s.Enums.add(o.Enums)
}

// OpResult is the comparison of one oracle operation.
type OpResult struct {
	Name           string   `json:"name"`
	Method         string   `json:"method"`
	Path           string   `json:"path"`
	Found          bool     `json:"found"`
	SpecPath       string   `json:"spec_path,omitempty"`
	SpecOperation  string   `json:"spec_operation_id,omitempty"`
	OracleStatus   int      `json:"oracle_status,omitempty"`
	SpecStatus     int      `json:"spec_status,omitempty"`
	StatusMatch    *bool    `json:"status_match,omitempty"`
	Params         Section  `json:"parameters"`
	RequestBody    Section  `json:"request_body"`
	ResponseBody   Section  `json:"response_body"`
	RespHeaders    Counts   `json:"response_headers"`
	Notes          []string `json:"notes,omitempty"`
	PathParamNames []string `json:"path_param_renames,omitempty"`
}

// Report is the whole comparison.
type Report struct {
	Spec      string     `json:"spec"`
	Oracle    string     `json:"oracle"`
	Ignored   []string   `json:"ignored_params"`
	OracleOps int        `json:"oracle_operations"`
	Found     int        `json:"found"`
	Missing   int        `json:"missing"`
	ExtraOps  []string   `json:"extra_operations,omitempty"`
	Ops       []OpResult `json:"operations"`
	Params    Section    `json:"parameters"`
	Request   Section    `json:"request_body"`
	Response  Section    `json:"response_body"`
	Status    Agree      `json:"status"`
	StatusNA  int        `json:"status_not_in_oracle"`
	Headers   Counts     `json:"response_headers"`
	Overall   Summary    `json:"overall"`
	Warnings  []string   `json:"warnings,omitempty"`
}

// Summary is what the final line prints.
type Summary struct {
	Items    Counts   `json:"items"`
	F1       *float64 `json:"fields_f1"`
	Types    Agree    `json:"types"`
	TypeRate *float64 `json:"types_rate"`
	Required Agree    `json:"required"`
	ReqRate  *float64 `json:"required_rate"`
	Enums    Agree    `json:"enums"`
	EnumRate *float64 `json:"enums_rate"`
}

func key(method, normPath string) string { return strings.ToUpper(method) + " " + normPath }

// Compare scores spec operations against the oracle.
func Compare(spec []Operation, orc *Oracle, opt Options) *Report {
	ign := map[string]bool{}
	for _, n := range opt.IgnoreParams {
		if n = strings.TrimSpace(n); n != "" {
			ign[strings.ToLower(n)] = true
		}
	}
	r := &Report{Ignored: append([]string{}, opt.IgnoreParams...), Ops: []OpResult{}}
	if orc == nil {
		r.Warnings = append(r.Warnings, "no oracle")
		return r
	}
	r.OracleOps = len(orc.Operations)

	specBy := map[string][]int{}
	for i := range spec {
		k := key(spec[i].Method, spec[i].PathNormalized)
		specBy[k] = append(specBy[k], i)
	}
	used := make([]bool, len(spec))
	oracleKeys := map[string]int{}
	for _, op := range orc.Operations {
		oracleKeys[key(op.Method, op.PathNormalized)]++
	}
	for k, n := range oracleKeys {
		if n > 1 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%d oracle operations share %s; paired by operationId, then best F1", n, k))
		}
	}
	sort.Strings(r.Warnings)

	for i := range orc.Operations {
		oop := &orc.Operations[i]
		res := OpResult{Name: oop.Name, Method: oop.Method, Path: oop.Path, OracleStatus: oop.Response.Status}
		// candidates with the same method + normalised path
		best := -1
		var bestRes OpResult
		var bestF1 float64 = -1
		for _, si := range specBy[key(oop.Method, oop.PathNormalized)] {
			if used[si] {
				continue
			}
			cand := compareOp(oop, &spec[si], ign)
			f := 0.0
			if v := cand.itemCounts().F1(); v != nil {
				f = *v
			}
			if spec[si].Name != "" && strings.EqualFold(spec[si].Name, oop.Name) {
				f += 10 // operationId agreement wins ties between duplicates
			}
			if f > bestF1 {
				best, bestF1, bestRes = si, f, cand
			}
		}
		if best >= 0 {
			used[best] = true
			res = bestRes
			r.Found++
		} else {
			r.Missing++
			res = missingOp(oop, ign)
			for j := range spec {
				if spec[j].Name != "" && strings.EqualFold(spec[j].Name, oop.Name) {
					res.Notes = append(res.Notes, fmt.Sprintf("spec has operationId %s at %s %s (method/path differ)", spec[j].Name, spec[j].Method, spec[j].Path))
				}
			}
		}
		r.Ops = append(r.Ops, res)
		r.Params.add(&res.Params)
		r.Request.add(&res.RequestBody)
		r.Response.add(&res.ResponseBody)
		r.Headers.add(res.RespHeaders)
		if res.Found {
			if res.StatusMatch != nil {
				r.Status.tally(*res.StatusMatch)
			} else {
				r.StatusNA++
			}
		}
	}
	for i := range spec {
		if !used[i] {
			s := spec[i].Method + " " + spec[i].Path
			if spec[i].Name != "" {
				s += " (" + spec[i].Name + ")"
			}
			r.ExtraOps = append(r.ExtraOps, s)
		}
	}
	// overall
	o := &r.Overall
	o.Items.add(r.Params.Counts)
	o.Items.add(r.Request.Counts)
	o.Items.add(r.Response.Counts)
	o.F1 = o.Items.F1()
	o.Types.add(r.Params.Types)
	o.Types.add(r.Request.Types)
	o.Types.add(r.Response.Types)
	o.TypeRate = o.Types.Rate()
	o.Required.add(r.Params.Required)
	o.Required.add(r.Request.Required)
	o.ReqRate = o.Required.Rate()
	o.Enums.add(r.Params.Enums)
	o.Enums.add(r.Request.Enums)
	o.Enums.add(r.Response.Enums)
	o.EnumRate = o.Enums.Rate()
	r.Params.finalize()
	r.Request.finalize()
	r.Response.finalize()
	for i := range r.Ops {
		r.Ops[i].Params.finalize()
		r.Ops[i].RequestBody.finalize()
		r.Ops[i].ResponseBody.finalize()
	}
	return r
}

func (r *OpResult) itemCounts() Counts {
	var c Counts
	c.add(r.Params.Counts)
	c.add(r.RequestBody.Counts)
	c.add(r.ResponseBody.Counts)
	return c
}

// item is one comparable thing: a parameter or a flattened body field.
type item struct {
	key      string // identity used for matching
	label    string // what to print
	typ      string
	required bool
	enum     []string
}

func paramItems(ps []Param, ign map[string]bool, rename map[string]string) []item {
	var out []item
	for _, p := range ps {
		in := strings.ToLower(p.In)
		if in == "cname" {
			continue // host prefix, not an OpenAPI parameter
		}
		if in != "path" && ign[strings.ToLower(p.Name)] {
			continue
		}
		name := p.Name
		if in == "path" && rename != nil {
			if n, ok := rename[name]; ok {
				name = n
			}
		}
		k := in + ":" + name
		if in == "header" {
			k = in + ":" + strings.ToLower(name)
		}
		out = append(out, item{key: k, label: name + " (" + in + ")", typ: p.Type, required: p.Required, enum: EnumStrings(p.Enum)})
	}
	return out
}

func bodyItems(b *Body) []item {
	if b == nil {
		return nil
	}
	var out []item
	for _, f := range Flatten(&b.Schema) {
		out = append(out, item{key: f.Path, label: f.Path, typ: f.Type, required: f.Required, enum: f.Enum})
	}
	return out
}

// compareItems matches oracle items (want) with spec items (got) by key.
func compareItems(want, got []item, scoreRequired bool) Section {
	var s Section
	gm := map[string]*item{}
	for i := range got {
		if _, dup := gm[got[i].key]; !dup {
			gm[got[i].key] = &got[i]
		}
	}
	seen := map[string]bool{}
	for _, w := range want {
		if seen[w.key] {
			continue
		}
		seen[w.key] = true
		g, ok := gm[w.key]
		if !ok {
			s.FN++
			s.Missing = append(s.Missing, w.label)
			continue
		}
		s.TP++
		if w.typ != "any" && w.typ != "" {
			ok := w.typ == g.typ
			s.Types.tally(ok)
			if !ok {
				gt := g.typ
				if gt == "" {
					gt = "(none)"
				}
				s.Mismatches = append(s.Mismatches, fmt.Sprintf("type %s: oracle %s, spec %s", w.label, w.typ, gt))
			}
		}
		if scoreRequired {
			s.Required.tally(w.required == g.required)
			if w.required != g.required {
				s.Mismatches = append(s.Mismatches, fmt.Sprintf("required %s: oracle %v, spec %v", w.label, w.required, g.required))
			}
		}
		if len(w.enum) > 0 || len(g.enum) > 0 {
			ok := sameSet(w.enum, g.enum)
			s.Enums.tally(ok)
			if !ok {
				s.Mismatches = append(s.Mismatches, fmt.Sprintf("enum %s: oracle %v, spec %v", w.label, w.enum, g.enum))
			}
		}
	}
	wm := map[string]bool{}
	for _, w := range want {
		wm[w.key] = true
	}
	seenG := map[string]bool{}
	for _, g := range got {
		if wm[g.key] || seenG[g.key] {
			continue
		}
		seenG[g.key] = true
		s.FP++
		s.Extra = append(s.Extra, g.label)
	}
	return s
}

func sameSet(a, b []string) bool {
	am := map[string]bool{}
	for _, x := range a {
		am[x] = true
	}
	bm := map[string]bool{}
	for _, x := range b {
		bm[x] = true
	}
	if len(am) != len(bm) {
		return false
	}
	for x := range am {
		if !bm[x] {
			return false
		}
	}
	return true
}

func missingOp(o *Operation, ign map[string]bool) OpResult {
	res := OpResult{Name: o.Name, Method: o.Method, Path: o.Path, OracleStatus: o.Response.Status}
	res.Params = compareItems(paramItems(o.Parameters, ign, nil), nil, true)
	res.RequestBody = compareItems(bodyItems(o.RequestBody), nil, true)
	res.ResponseBody = compareItems(bodyItems(o.Response.Body), nil, false)
	res.RespHeaders = compareItems(paramItems(o.Response.Headers, nil, nil), nil, false).Counts
	return res
}

func compareOp(o, s *Operation, ign map[string]bool) OpResult {
	res := OpResult{Name: o.Name, Method: o.Method, Path: o.Path, Found: true, SpecPath: s.Path, SpecOperation: s.Name, OracleStatus: o.Response.Status, SpecStatus: s.Response.Status}
	// map the spec's path parameter names onto the oracle's, by position
	on, sn := PathParamNames(o.Path), PathParamNames(s.Path)
	rename := map[string]string{}
	if len(on) == len(sn) {
		for i := range sn {
			rename[sn[i]] = on[i]
			if sn[i] != on[i] {
				res.PathParamNames = append(res.PathParamNames, fmt.Sprintf("{%s} -> {%s}", sn[i], on[i]))
			}
		}
	}
	res.Params = compareItems(paramItems(o.Parameters, ign, nil), paramItems(s.Parameters, ign, rename), true)
	res.RequestBody = compareItems(bodyItems(o.RequestBody), bodyItems(s.RequestBody), true)
	res.ResponseBody = compareItems(bodyItems(o.Response.Body), bodyItems(s.Response.Body), false)
	// response body fields' required flags are informational only
	rr := compareItems(bodyItems(o.Response.Body), bodyItems(s.Response.Body), true)
	res.ResponseBody.Required = rr.Required
	res.RespHeaders = compareItems(paramItems(o.Response.Headers, nil, nil), paramItems(s.Response.Headers, nil, nil), false).Counts
	rootType(&res.RequestBody, "request body", o.RequestBody, s.RequestBody)
	rootType(&res.ResponseBody, "response body", o.Response.Body, s.Response.Body)
	if o.RequestBody == nil && s.RequestBody != nil && len(s.RequestBody.Schema.Fields) == 0 {
		res.Notes = append(res.Notes, "spec has a request body the oracle does not")
	}
	if o.RequestBody != nil && s.RequestBody == nil {
		res.Notes = append(res.Notes, "spec lacks the request body")
	}
	if o.Response.Body != nil && s.Response.Body == nil {
		res.Notes = append(res.Notes, "spec lacks the success response body")
	}
	if o.Response.Status != 0 && s.Response.Status != 0 {
		m := o.Response.Status == s.Response.Status
		res.StatusMatch = &m
	}
	if s.Response.Status == 0 {
		res.Notes = append(res.Notes, "spec has no explicit 2xx response")
	}
	return res
}

// rootType scores the type of the body itself (object vs array vs string)
// when both sides have one.
func rootType(sec *Section, what string, o, s *Body) {
	if o == nil || s == nil || o.Schema.Type == "any" || o.Schema.Type == "" {
		return
	}
	ok := o.Schema.Type == s.Schema.Type
	sec.Types.tally(ok)
	if !ok {
		st := s.Schema.Type
		if st == "" {
			st = "(none)"
		}
		sec.Mismatches = append(sec.Mismatches, fmt.Sprintf("type (%s root): oracle %s, spec %s", what, o.Schema.Type, st))
	}
}
