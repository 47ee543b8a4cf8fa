package serve

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"

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

// coerce applies a parameter's documented coercion to an integer value.
func coerce(description, value string) (string, bool) {
	n, err := strconv.Atoi(value)
	if err != nil {
		return "", false
	}
	for _, part := range strings.FieldsFunc(description, func(r rune) bool { return r == ',' || r == '.' || r == '\n' }) {
		if m := belowRule.FindStringSubmatch(part); m != nil {
			bound, _ := strconv.Atoi(m[2])
			if n < bound || m[1] != "" && n == bound {
				return m[3], true
			}
		}
		if m := aboveRule.FindStringSubmatch(part); m != nil {
			bound, _ := strconv.Atoi(m[2])
			if n > bound || m[1] != "" && n == bound {
				return m[3], true
			}
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

func readListQuery(op *openapi3.Operation, item *openapi3.Schema, r *http.Request) listQuery {
	q := r.URL.Query()
	lq := listQuery{filters: map[string][]string{}, fuzzy: map[string]bool{}, limit: -1}
	switches := map[string]string{} // the exact-match switch's value, by the fields it names
	for _, pr := range op.Parameters {
		p := pr.Value
		if p == nil || p.In != "query" || !exactSwitch.MatchString(p.Description) {
			continue
		}
		for _, m := range mentioned.FindAllStringSubmatch(p.Description, -1) {
			switches[m[1]] = q.Get(p.Name)
			lq.fuzzy[m[1]] = true
		}
	}
	for _, pr := range op.Parameters {
		p := pr.Value
		if p == nil || p.In != "query" {
			continue
		}
		vs := q[p.Name]
		switch {
		case p.Name == "offset" && len(vs) == 1:
			lq.offset, _ = strconv.Atoi(vs[0])
		case p.Name == "limit" && len(vs) == 1:
			lq.limit, _ = strconv.Atoi(vs[0])
		case p.Name == "limit":
			if p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Default != nil {
				// An untyped parameter's default is text (RDS "Obtaining
				// Details About Backups": limit default "100").
				d, isText := p.Schema.Value.Default.(string)
				if !isText {
					d = strings.TrimSuffix(jsonString(p.Schema.Value.Default), ".0")
				}
				if n, err := strconv.Atoi(strings.TrimSpace(d)); err == nil {
					lq.limit = n
				}
			}
		case p.Name == "marker" && len(vs) == 1:
			lq.marker = vs[0]
		case pagingParams[p.Name] || len(vs) == 0 || exactSwitch.MatchString(p.Description):
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
	page, total, more, err := s.page(ctx, r, scope, lq)
	if err != nil {
		s.storeFailed(x, err)
		return
	}
	items := make([]any, len(page))
	for i, obj := range page {
		items[i] = project(item, obj)
	}
	if schema == nil {
		writeJSON(x.w, x.op.Status, items)
		return
	}
	env := map[string]any{field: items}
	counts(schema, env, total, page, r.IDField, more)
	fill(schema, env)
	writeJSON(x.w, x.op.Status, project(schema, env))
}

// page reads the page a list asks for, the total before paging, and whether
// more items follow. Without filters nor marker the store pages; else every
// item of the scope is read and filtered here.
func (s *Server) page(ctx context.Context, r *Resource, scope string, lq listQuery) ([]map[string]any, int, bool, error) {
	if len(lq.filters) == 0 && lq.marker == "" {
		docs, total, err := s.opts.Store.Page(ctx, r.Kind, scope, lq.offset, lq.limit)
		if err != nil {
			return nil, 0, false, err
		}
		page := make([]map[string]any, 0, len(docs))
		for _, d := range docs {
			var obj map[string]any
			if json.Unmarshal(d, &obj) == nil {
				page = append(page, obj)
			}
		}
		return page, total, lq.offset+len(docs) < total, nil
	}
	docs, err := s.opts.Store.List(ctx, r.Kind, scope)
	if err != nil {
		return nil, 0, false, err
	}
	all := make([]map[string]any, 0, len(docs))
	for _, d := range docs {
		var obj map[string]any
		if json.Unmarshal(d, &obj) == nil && lq.keep(obj) {
			all = append(all, obj)
		}
	}
	page := pageOf(all, lq, r.IDField)
	more := len(page) > 0 && page[len(page)-1][r.IDField] != all[len(all)-1][r.IDField]
	return page, len(all), more, nil
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
func counts(s *openapi3.Schema, env map[string]any, total int, page []map[string]any, idField string, more bool) {
	for _, f := range sortedKeys(s.Properties) {
		p := s.Properties[f].Value
		if p == nil {
			continue
		}
		switch {
		case totalFields[f]:
			env[f] = total
		case sizeFields[f]:
			env[f] = len(page)
		case f == "next_marker" && more:
			env[f] = page[len(page)-1][idField]
		case f == "previous_marker" && len(page) > 0:
			env[f] = page[0][idField]
		case p.Type.Is("object") && len(p.Properties) > 0 && env[f] == nil:
			inner := map[string]any{}
			counts(p, inner, total, page, idField, more)
			if len(inner) > 0 {
				env[f] = inner
			}
		}
	}
}
