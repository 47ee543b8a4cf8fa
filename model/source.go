package model

import (
	"strconv"
	"strings"
)

// String is the one way docspec names a place, in diagnostics, the quality
// report, drift findings and the HTML report:
//
//	file:line: table "Table 3 Request body parameters", row "name"
//
// The section stands in for the table when the place is outside any table;
// what is unknown is left out.
func (s Source) String() string {
	loc := s.File
	if s.Line > 0 {
		loc += ":" + strconv.Itoa(s.Line)
	}
	var ctx []string
	if s.Table != "" {
		ctx = append(ctx, "table "+strconv.Quote(s.Table))
	} else if s.Section != "" {
		ctx = append(ctx, "section "+strconv.Quote(s.Section))
	}
	if s.Row != "" {
		ctx = append(ctx, "row "+strconv.Quote(s.Row))
	}
	if len(ctx) > 0 {
		loc += ": " + strings.Join(ctx, ", ")
	}
	return loc
}
