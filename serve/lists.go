package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// The paging vocabulary: the words list pages use for their query
// parameters and their envelope's counts.
var (
	pagingParams = map[string]bool{"offset": true, "limit": true, "marker": true, "page_reverse": true}
	totalFields  = map[string]bool{"total": true, "total_count": true}
	sizeFields   = map[string]bool{"size": true, "count": true, "current_count": true}
	exactSwitch  = regexp.MustCompile(`(?i)exact match|精确`)
	mentioned    = regexp.MustCompile(`\(([A-Za-z_][A-Za-z0-9_]*)\)`)
)

// Documented coercions: "less than or equal to 0 ... converted to 20",
// "greater than 500 ... converted to 500".
var (
	belowRule = regexp.MustCompile(`(?i)less than (or equal to )?(-?\d+)[^.;]*?converted to (-?\d+)`)
	aboveRule = regexp.MustCompile(`(?i)greater than (or equal to )?(-?\d+)[^.;]*?converted to (-?\d+)`)
)

// coercion is one documented coercion: values below (or above) bound, or
// equal to it when orEqual, are converted to to.
type coercion struct {
	below, orEqual bool
	bound          int
	to             string
}

var coercions sync.Map // description → []coercion, read once

func coercionsOf(description string) []coercion {
	if cs, ok := coercions.Load(description); ok {
		return cs.([]coercion)
	}
	var cs []coercion
	for _, part := range strings.FieldsFunc(description, func(r rune) bool { return r == ',' || r == '.' || r == '\n' }) {
		for _, rule := range []struct {
			re    *regexp.Regexp
			below bool
		}{{belowRule, true}, {aboveRule, false}} {
			if m := rule.re.FindStringSubmatch(part); m != nil {
				bound, _ := strconv.Atoi(m[2])
				cs = append(cs, coercion{below: rule.below, orEqual: m[1] != "", bound: bound, to: m[3]})
			}
		}
	}
	actual, _ := coercions.LoadOrStore(description, cs)
	return actual.([]coercion)
}

// coerce applies a parameter's documented coercion to an integer value.
func coerce(description, value string) (string, bool) {
	cs := coercionsOf(description)
	if len(cs) == 0 {
		return "", false
	}
	n, err := strconv.Atoi(value)
	if err != nil {
		return "", false
	}
	for _, c := range cs {
		if c.below && (n < c.bound || c.orEqual && n == c.bound) || !c.below && (n > c.bound || c.orEqual && n == c.bound) {
			return c.to, true
		}
	}
	return "", false
}

// listQuery is what a list request asks: its filters and its page.
type listQuery struct {
	filters map[string][]string // item field → accepted values
	fuzzy   map[string]bool     // fields matched by substring
	offset  int
	limit   int // -1: all
	marker  string
}

// listPlan is what readListQuery reads of a list operation's parameters,
// once: the exact-match switches and the fields they name, the documented
// default limit.
type listPlan struct {
	switches     []exactSwitchParam // in the parameters' order
	isSwitch     map[string]bool
	limitDefault int // -1: none
}

type exactSwitchParam struct {
	name   string
	fields []string // the fields it names
}

var listPlans sync.Map // *openapi3.Operation → *listPlan

func listPlanOf(op *openapi3.Operation) *listPlan {
	if pl, ok := listPlans.Load(op); ok {
		return pl.(*listPlan)
	}
	pl := &listPlan{isSwitch: map[string]bool{}, limitDefault: -1}
	for _, pr := range op.Parameters {
		p := pr.Value
		if p == nil || p.In != "query" {
			continue
		}
		if exactSwitch.MatchString(p.Description) {
			sw := exactSwitchParam{name: p.Name}
			for _, m := range mentioned.FindAllStringSubmatch(p.Description, -1) {
				sw.fields = append(sw.fields, m[1])
			}
			pl.switches = append(pl.switches, sw)
			pl.isSwitch[p.Name] = true
		}
		if p.Name == "limit" && p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Default != nil {
			// An untyped parameter's default is text (RDS "Obtaining
			// Details About Backups": limit default "100").
			d, isText := p.Schema.Value.Default.(string)
			if !isText {
				d = strings.TrimSuffix(jsonString(p.Schema.Value.Default), ".0")
			}
			if n, err := strconv.Atoi(strings.TrimSpace(d)); err == nil {
				pl.limitDefault = n
			}
		}
	}
	actual, _ := listPlans.LoadOrStore(op, pl)
	return actual.(*listPlan)
}

func readListQuery(op *openapi3.Operation, item *openapi3.Schema, r *http.Request) listQuery {
	q := r.URL.Query()
	pl := listPlanOf(op)
	lq := listQuery{filters: map[string][]string{}, fuzzy: map[string]bool{}, limit: -1}
	switches := map[string]string{} // the exact-match switch's value, by the fields it names
	for _, sw := range pl.switches {
		for _, f := range sw.fields {
			switches[f] = q.Get(sw.name)
			lq.fuzzy[f] = true
		}
	}
	for _, pr := range op.Parameters {
		p := pr.Value
		if p == nil || p.In != "query" {
			continue
		}
		vs := q[p.Name]
		isSwitch := pl.isSwitch[p.Name]
		switch {
		case p.Name == "offset" && len(vs) == 1:
			lq.offset, _ = strconv.Atoi(vs[0])
		case p.Name == "limit" && len(vs) == 1:
			lq.limit, _ = strconv.Atoi(vs[0])
		case p.Name == "limit":
			lq.limit = pl.limitDefault
		case p.Name == "marker" && len(vs) == 1:
			lq.marker = vs[0]
		case pagingParams[p.Name] || len(vs) == 0 || isSwitch:
		case item != nil && item.Properties[p.Name] != nil:
			lq.filters[p.Name] = vs
		}
	}
	for f := range lq.fuzzy {
		if sw, ok := switches[f]; ok && strings.Contains(sw, f) {
			delete(lq.fuzzy, f) // the switch names the field: exact
		}
	}
	if lq.offset < 0 {
		lq.offset = 0
	}
	return lq
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func (lq listQuery) keep(obj map[string]any) bool {
	for f, want := range lq.filters {
		ok := false
		for _, w := range want {
			ok = ok || matches(obj[f], w, lq.fuzzy[f])
		}
		if !ok {
			return false
		}
	}
	return true
}

func (s *Server) list(ctx context.Context, x *exchange, r *Resource, scope string) {
	schema := successSchema(x.op.Operation)
	field := listArray(schema, r)
	var item *openapi3.Schema
	if field != "" && schema.Properties[field].Value.Items != nil {
		item = schema.Properties[field].Value.Items.Value
	}
	lq := readListQuery(x.op.Operation, item, x.r)
	pg, err := s.page(ctx, r, scope, lq, item, s.kits[r].whole[x.op])
	if err != nil {
		s.storeFailed(x, err)
		return
	}
	if schema == nil {
		writeJSON(x.w, x.op.Status, pg.items)
		return
	}
	env := map[string]any{field: pg.items}
	counts(schema, env, pg)
	fill(schema, env)
	writeJSON(x.w, x.op.Status, project(schema, env))
}

// listPage is one page of a list: its items, already on the item schema
// (stored documents as they are where the schema keeps them whole), the
// total before paging, whether more follow, and each item's id.
type listPage struct {
	items []any
	total int
	more  bool
	idAt  func(i int) any
}

// page reads the page a list asks for. Without filters nor marker the store
// pages and the documents are answered as stored where the item schema
// keeps them whole (whole), else decoded no more than it needs; with them
// every item of the scope is read and filtered here.
func (s *Server) page(ctx context.Context, r *Resource, scope string, lq listQuery, item *openapi3.Schema, whole bool) (listPage, error) {
	if len(lq.filters) == 0 && lq.marker == "" {
		docs, total, err := s.opts.Store.Page(ctx, r.Kind, scope, lq.offset, lq.limit)
		if err != nil {
			return listPage{}, err
		}
		pg := listPage{items: make([]any, 0, len(docs)), total: total, more: lq.offset+len(docs) < total}
		for _, d := range docs {
			if whole {
				pg.items = append(pg.items, json.RawMessage(d))
			} else if raw, ok := projectJSON(item, d); ok {
				pg.items = append(pg.items, raw)
			}
		}
		pg.idAt = func(i int) any {
			var obj map[string]any
			json.Unmarshal(pg.items[i].(json.RawMessage), &obj)
			return obj[r.IDField]
		}
		return pg, nil
	}
	docs, err := s.opts.Store.List(ctx, r.Kind, scope)
	if err != nil {
		return listPage{}, err
	}
	all := make([]map[string]any, 0, len(docs))
	for _, d := range docs {
		var obj map[string]any
		if json.Unmarshal(d, &obj) == nil && lq.keep(obj) {
			all = append(all, obj)
		}
	}
	page := pageOf(all, lq, r.IDField)
	pg := listPage{items: make([]any, len(page)), total: len(all), idAt: func(i int) any { return page[i][r.IDField] }}
	pg.more = len(page) > 0 && page[len(page)-1][r.IDField] != all[len(all)-1][r.IDField]
	for i, obj := range page {
		pg.items[i] = project(item, obj)
	}
	return pg, nil
}

// projectJSON is project on a stored document, decoding no more of it than
// the schema drops or reshapes: a document whose every field the schema
// documents, each kept whole, is answered as stored.
func projectJSON(s *openapi3.Schema, doc []byte) (json.RawMessage, bool) {
	if s == nil || len(s.Properties) == 0 {
		return doc, true
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(doc, &m) != nil || m == nil {
		return nil, false
	}
	changed := false
	for k, raw := range m {
		p := s.Properties[k]
		switch {
		case p == nil:
			delete(m, k)
			changed = true
		case reshapes(p.Value):
			var v any
			if json.Unmarshal(raw, &v) != nil {
				continue
			}
			if b, err := json.Marshal(project(p.Value, v)); err == nil && !bytes.Equal(b, raw) {
				m[k], changed = b, true
			}
		}
	}
	if !changed {
		return doc, true
	}
	b, err := json.Marshal(m)
	return b, err == nil
}

// reshapes: project may change a value of schema s (it keeps only the
// documented properties of objects, at any depth).
func reshapes(s *openapi3.Schema) bool {
	return s != nil && (len(s.Properties) > 0 || s.Items != nil && reshapes(s.Items.Value))
}

// pageOf cuts the page: after the marker's item, from offset, at most limit.
func pageOf(all []map[string]any, lq listQuery, idField string) []map[string]any {
	start := lq.offset
	if lq.marker != "" {
		for i, obj := range all {
			if obj[idField] == lq.marker {
				start = i + 1
			}
		}
	}
	if start > len(all) {
		start = len(all)
	}
	end := len(all)
	if lq.limit >= 0 && start+lq.limit < end {
		end = start + lq.limit
	}
	return all[start:end]
}

// counts sets the envelope's totals and page sizes, and the markers of a
// page_info-like object, wherever the schema documents them.
func counts(s *openapi3.Schema, env map[string]any, pg listPage) {
	n := len(pg.items)
	for _, f := range planOf(s).keys {
		p := s.Properties[f].Value
		if p == nil {
			continue
		}
		switch {
		case totalFields[f]:
			env[f] = pg.total
		case sizeFields[f]:
			env[f] = n
		case f == "next_marker" && pg.more:
			env[f] = pg.idAt(n - 1)
		case f == "previous_marker" && n > 0:
			env[f] = pg.idAt(0)
		case p.Type.Is("object") && len(p.Properties) > 0 && env[f] == nil:
			inner := map[string]any{}
			counts(p, inner, pg)
			if len(inner) > 0 {
				env[f] = inner
			}
		}
	}
}
