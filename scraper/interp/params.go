package interp

import (
	"fmt"

	"strings"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/page"
)

// parameter makes a row of a path, query or header table a parameter.
//
//   - One "Parameter description" table in the URI section often lists the
//     path's {names} and the query parameters together (ECS "Detaching an EVS
//     Disk": project_id, server_id, volume_id, delete_flag): a row the path
//     names is a path parameter, whatever the table's role.
//   - A path parameter is text in the URL: where the table has no Type
//     column, or leaves the cell empty, its type is string.
func (b *builder) parameter(p *model.Property, in string) *model.Parameter {
	if in == model.InQuery && strings.Contains(b.op.Path, "{"+p.Name+"}") {
		in = model.InPath
	}
	if in == model.InPath && p.Schema != nil && p.Schema.Type == "" {
		p.Schema.Type = model.TypeString
	}
	return &model.Parameter{Name: p.Name, In: in, Required: p.Required || in == model.InPath, Schema: p.Schema, Source: p.Source}
}

// pathRowInQuery tells a row of a path-parameter table ("Table 1 Path
// parameters", "URI Parameters") that is no path parameter but a query
// parameter: the path does not name it, and either the method line's query
// string does or the table lists every {name} of the path, so the row is no
// other spelling of one of them (WAF "Querying Attack Event Logs": project_id,
// from, to, hosts, ... for GET /v1/{project_id}/waf/event?from={from}&...).
// A header-like name (X-Language) is left as it was.
func (b *builder) pathRowInQuery(name string, rows []*model.Property) bool {
	if strings.Contains(b.op.Path, "{"+name+"}") || reHeaderName.MatchString(name) {
		return false
	}
	if contains(b.w.query, name) {
		return true
	}
	for _, n := range pathParams(b.op.Path) {
		named := false
		for _, r := range rows {
			named = named || r.Name == n
		}
		if !named {
			return false
		}
	}
	return true
}

// getBodyAsQuery reads a GET or HEAD page's "Request parameters" table, which
// the caption makes a body, as the query string: such a request carries no
// body (IAM "Querying Permission Assignment Records": Table 2 Request
// parameters, domain_id, role_id, ... for GET /v3.0/OS-PERMISSION/
// role-assignments). Only a table of scalar rows: an object row would say
// that a body is meant after all.
func (b *builder) getBodyAsQuery(roles map[*tableCtx]int) {
	if b.op.Method != "GET" && b.op.Method != "HEAD" {
		return
	}
	for _, tc := range b.w.tables {
		if roles[tc] != tabBody || tc.cols[colType] < 0 || len(tc.t.Rows) == 0 {
			continue
		}
		scalar := true
		for _, r := range tc.t.Rows {
			tr := parseType(cellText(r, tc.cols[colType]))
			for tr.Type == model.TypeArray && tr.Items != nil {
				tr = *tr.Items
			}
			if !tr.Known || tr.Type == model.TypeObject || tr.Type == model.TypeArray {
				scalar = false
				break
			}
		}
		if !scalar {
			continue
		}
		roles[tc] = tabQuery
		b.w.diag(model.SevWarning, "get-body-as-query", b.op.ID, fmt.Sprintf("table %q would be the body of a %s request, which carries none: its rows are read as query parameters", page.NormalizeSpace(tc.t.Caption), b.op.Method), b.tsrc(tc, "", tc.t.Line))
	}
}
