// Package report renders one service's model as a self-contained HTML page:
// operations grouped by tag, each collapsible, with its parameters and body
// fields as tables (type, required, constraints, enumerations, conditional
// rules, examples, source row), its statuses and error codes, the model's
// diagnostics and, when given, drift findings coloured by severity.
//
// The page loads nothing at view time: CSS and the filter script are inline.
// Output is deterministic for a given model: tags and operations are sorted,
// and nothing depends on time, host or map order.
//
// Usage (as internal/cli wires `docspec report`):
//
//	err := report.Render(w, svc, findings) // findings may be nil: no drift section
package report
