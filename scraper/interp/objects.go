package interp

import (
	"path"
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
// links to on this page, or nil. from is the table holding the row.
func (b *builder) describedBy(desc *page.Cell, from *tableCtx) *tableCtx {
	if desc == nil {
		return nil
	}
	var found *tableCtx
	for _, l := range desc.Links {
		tc := b.localTable(l.Href)
		if tc == nil || tc == from || tc.cols[colName] < 0 {
			continue
		}
		if found != nil && found != tc {
			return nil // "see Table 3 and Table 4": which one is not said
		}
		found = tc
	}
	return found
}

// localTable is the table of this page an href points at: "#id", or
// "this-page.html#id"; nil for other pages and for anchors that are no table.
func (b *builder) localTable(href string) *tableCtx {
	file, id, ok := strings.Cut(href, "#")
	if !ok || id == "" {
		return nil
	}
	if file != "" && path.Base(file) != path.Base(strings.ReplaceAll(b.w.p.File, "\\", "/")) {
		return nil
	}
	return b.anchors[id]
}

// objectRow tells a row whose Type cell says only that the field is an
// object or an array of objects, naming no table.
func objectRow(tr typeRef) bool {
	switch {
	case tr.Type == model.TypeObject:
		return tr.Ref == "" && tr.Values == nil
	case tr.Type == model.TypeArray && tr.Items != nil:
		return objectRow(*tr.Items)
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
			if !objectRow(parseType(cellText(r, tc.cols[colType]))) {
				continue
			}
			if ot := b.describedBy(cell(r, tc.cols[colDesc]), tc); ot != nil {
				out[ot] = true
			}
		}
	}
	return out
}
