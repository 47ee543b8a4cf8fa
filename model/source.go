package model

import (
	"sort"
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

// SortDiagnostics puts diagnostics in the one order every output lists them:
// by file, line, operation, code, then message. Stable, so equal ones keep
// the order they were found in.
func SortDiagnostics(ds []*Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, c := ds[i], ds[j]
		switch {
		case a.Source.File != c.Source.File:
			return a.Source.File < c.Source.File
		case a.Source.Line != c.Source.Line:
			return a.Source.Line < c.Source.Line
		case a.Operation != c.Operation:
			return a.Operation < c.Operation
		case a.Code != c.Code:
			return a.Code < c.Code
		}
		return a.Message < c.Message
	})
}
