package interp

import (
	"fmt"
	"strings"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/page"
)

// Object tables linked from the Description cell.
//
// Many pages (ECS, BMS, RDS, ... in both HTML dialects) write an object
// field's Type cell as a bare "Object" or "Array of objects" and name the
// table that describes it in the Description cell: "Specifies the operation
// to start the ECS. For details, see Table 3.", the words "Table 3" linking
// to the table "Table 3 os-start field description". The link, not the
// wording, says which table: a link to another page, or to a table of this
// page that is no parameter table, is never followed.

// describedBy is the object table the Description cell of an object row
// links to on this page, or nil. from is the table holding the row. Only a
// table after it counts: a link back ("subJobs: List of sub-jobs. For
// details, see Table 3", Table 3 being the response body) says the type is
// recursive, and the recursion is not followed.
func (b *builder) describedBy(desc *page.Cell, from *tableCtx) *tableCtx {
	if desc == nil {
		return nil
	}
	var found *tableCtx
	for _, l := range desc.Links {
		tc := b.tableAt(from, l.Href)
		if tc == nil || tc == from || tc.cols[colName] < 0 || tc.home == from.home && b.position(tc) < b.position(from) {
			continue
		}
		if found != nil && found != tc {
			return nil // "see Table 3 and Table 4": which one is not said
		}
		found = tc
	}
	return found
}

// position is the index of tc among its page's tables.
func (b *builder) position(tc *tableCtx) int {
	for i, t := range b.tablesOf(tc) {
		if t == tc {
			return i
		}
	}
	return -1
}

// looseRow tells an object row whose Type cell names no table: it says only
// "object", or names a type no table of the page is captioned with
// ("Metric object" where the table is "Table 3 metric data structure
// description").
func (b *builder) looseRow(tr typeRef, from *tableCtx) bool {
	for tr.Type == model.TypeArray && tr.Items != nil {
		tr = *tr.Items
	}
	if tr.Type != model.TypeObject || tr.Values != nil {
		return false
	}
	return tr.Ref == "" || !b.tableNamed(tr.Ref, from)
}

// tableNamed tells whether a table other than from, among from's page's
// tables, is captioned with the name ("Table 5 Member" for "Member").
func (b *builder) tableNamed(name string, from *tableCtx) bool {
	for _, tc := range b.tablesOf(from) {
		if tc != from && strings.EqualFold(tc.name, name) {
			return true
		}
	}
	return false
}

// linkedObjects marks the tables that some object row's Description links
// to: they describe that object, whatever their caption says ("Table 4
// server_group parameters" in a Request section is no second request body).
func (b *builder) linkedObjects() map[*tableCtx]bool {
	out := map[*tableCtx]bool{}
	for _, tc := range b.w.tables {
		if tc.cols[colType] < 0 || tc.cols[colDesc] < 0 {
			continue
		}
		for _, r := range tc.t.Rows {
			if !b.looseRow(parseType(cellText(r, tc.cols[colType])), tc) {
				continue
			}
			if ot := b.describedBy(cell(r, tc.cols[colDesc]), tc); ot != nil {
				out[ot] = true
			}
		}
	}
	return out
}

// captionNames is the field names a caption's words may be: "os-start
// field description", "Parameters in the links field", "servers_links and
// links field description", "roles.policy" (last segment too).
func captionNames(name string) []string {
	var out []string
	for _, f := range strings.Fields(name) {
		f = strings.Trim(f, ",;:()\"'“”")
		if f == "" {
			continue
		}
		out = append(out, f)
		if i := strings.LastIndex(f, "."); i >= 0 && i+1 < len(f) {
			out = append(out, f[i+1:])
		}
	}
	return out
}

// namedFor is the object table whose caption names the field (an object row
// whose Type and Description name no table): "Table 3 attachments field
// description" for the field attachments. Only tables of the same section
// count (a request's "spec" is not its response's); of several, the nearest
// table after the row's own wins, then the nearest before it.
func (b *builder) namedFor(field string, from *tableCtx, roles map[*tableCtx]int) *tableCtx {
	if field == "" {
		return nil
	}
	at := b.position(from)
	var after, before *tableCtx
	for i, tc := range b.tablesOf(from) {
		// Another page's tables have no roles: every one may be an object's.
		object := roles[tc] == tabObject || tc.home != nil
		if tc == from || tc.role != from.role || !object || tc.cols[colName] < 0 || !contains(captionNames(tc.name), field) {
			continue
		}
		switch {
		case i > at && after == nil:
			after = tc
		case i < at:
			before = tc
		}
	}
	if after != nil {
		return after
	}
	return before
}

// tabErrorBody is the role of a table that describes the body of a failed
// request ("Table 5 Abnormal response"): its fields are no success
// response's, and the error body has its own shape (model.ErrorCode).
const tabErrorBody = 100

// outcomeRole reads captions that name a response by its outcome, not by
// the word "parameter": "Table 4 Normal response" is the success body,
// "Table 5 Abnormal response" / "Error response elements" the error body
// (BMS, OBS). 0 for other captions.
func outcomeRole(name string) int {
	l := strings.ToLower(name)
	switch {
	case strings.HasPrefix(l, "abnormal response") || strings.HasPrefix(l, "error response"):
		return tabErrorBody
	case strings.HasPrefix(l, "normal response"):
		return tabRespBody
	}
	return 0
}

// referenced is the set of tables that a row of another table points at:
// by a link in its Type or Description cell, by the object name its Type
// cell gives ("metadata object"), or by a caption naming the field.
func (b *builder) referenced(roles map[*tableCtx]int) map[*tableCtx]bool {
	out := map[*tableCtx]bool{}
	byName := map[string][]*tableCtx{}
	for _, tc := range b.w.tables {
		if tc.name != "" {
			byName[strings.ToLower(tc.name)] = append(byName[strings.ToLower(tc.name)], tc)
		}
	}
	for _, tc := range b.w.tables {
		if tc.cols[colName] < 0 {
			continue
		}
		for _, r := range tc.t.Rows {
			for _, c := range []*page.Cell{cell(r, tc.cols[colType]), cell(r, tc.cols[colDesc])} {
				if c == nil {
					continue
				}
				for _, l := range c.Links {
					if t := b.tableAt(tc, l.Href); t != nil && t != tc && t.home == nil {
						out[t] = true
					}
				}
			}
			tr := parseType(cellText(r, tc.cols[colType]))
			for tr.Type == model.TypeArray && tr.Items != nil {
				tr = *tr.Items
			}
			for _, t := range byName[strings.ToLower(tr.Ref)] {
				if t != tc {
					out[t] = true
				}
			}
			if b.looseRow(tr, tc) {
				if t := b.namedFor(cellText(r, tc.cols[colName]), tc, roles); t != nil {
					out[t] = true
				} else if t := b.namedFor(tr.Ref, tc, roles); t != nil {
					out[t] = true
				}
			}
		}
	}
	return out
}

// typeNamedBodies finds the bodies whose captions name their type, not
// their role: CCE's "Creating a Node Pool" has "Table 3 NodePool structure"
// as its request body, under the Request heading, with no table captioned
// "request body". In a Request (Response) section holding no body table,
// the first object table that no other table points at is the body.
func (b *builder) typeNamedBodies(roles map[*tableCtx]int) {
	want := map[int]int{secRequest: tabBody, secResponse: tabRespBody}
	if b.op.Method == "GET" || b.op.Method == "HEAD" {
		delete(want, secRequest)
	}
	for _, tc := range b.w.tables {
		for sec, role := range want {
			if tc.role == sec && roles[tc] == role {
				delete(want, sec)
			}
		}
	}
	if len(want) == 0 {
		return
	}
	refs := b.referenced(roles)
	for _, tc := range b.w.tables {
		role, ok := want[tc.role]
		if !ok || roles[tc] != tabObject || tc.cols[colName] < 0 || tc.cols[colType] < 0 || refs[tc] {
			continue
		}
		roles[tc] = role
		delete(want, tc.role)
	}
}

// bareArray reads a body table whose one row is "[items]" (SWR, CCE:
// "[items] | Array of strings | User ID list") or "Array elements" (CES,
// DLI: "Array elements | Array of objects | ... see Table 3"): the body is
// the JSON array itself, not an object with a field of that name.
func bareArray(s *model.Schema) *model.Schema {
	if s == nil || len(s.Properties) != 1 {
		return s
	}
	p := s.Properties[0]
	if p.Name != "[items]" && !strings.EqualFold(p.Name, "array elements") || p.Schema == nil || p.Schema.Type != model.TypeArray {
		return s
	}
	return p.Schema
}

// arrayByExample reads a body table whose one row is an array ("Table 5
// Response body parameters: LTSAgencyAccessConfigInfoList | Array of
// LTSAccessConfigInfoRespon200 objects") while every example of the body is
// a bare JSON array ("[ { "access_config_id": ... } ]"): the row names the
// array, and the body is the array itself, not an object holding it.
func (b *builder) arrayByExample(body *model.Body) {
	s := body.Schema
	if s == nil || s.Type != model.TypeObject || len(s.Properties) != 1 || len(body.Examples) == 0 {
		return
	}
	p := s.Properties[0]
	if p.Schema == nil || p.Schema.Type != model.TypeArray || p.Schema.Items == nil {
		return
	}
	for _, ex := range body.Examples {
		v, ok := b.w.parseJSON(ex.Value)
		if _, arr := v.([]any); !ok || !arr {
			return
		}
	}
	body.Schema = p.Schema
	b.w.diag(model.SevNote, "body-array-by-example", b.op.ID, fmt.Sprintf("the body table's one row %q is an array and every example is a bare JSON array: the body is read as that array", p.Name), p.Source)
}

// cellLabel tells the labels that head the paragraph after them inside a
// Description cell ("Definition:", "Constraints:", "Default value:"), as
// OBS and ECS write every description: no list follows them.
func cellLabel(t string) bool {
	switch strings.ToLower(strings.TrimRight(strings.TrimSpace(t), ":：")) {
	case "definition", "constraints", "constraint", "range", "value range", "default value", "default":
		return true
	}
	return false
}
