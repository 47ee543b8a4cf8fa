// Package drift compares two revisions of a docspec OpenAPI spec and
// classifies every difference with a stable rule id and a severity
// (breaking, non-breaking, editorial) for a client built on the OLD spec.
//
// Two engines contribute findings. oasdiff (used as a library) classifies the
// wire contract: operations, parameters, bodies, types, constraints, status
// codes. docspec's own rules read the x-docspec-* extensions oasdiff cannot
// see: error codes per response and in the catalogue, per-type rules
// (x-docspec-rules), operations that moved to another page, and
// description-only (editorial) changes. RULES.md lists docspec's rule ids; it
// is generated from the table in rules.go.
//
// Every finding carries provenance: the x-docspec-source of the nearest node
// on each side, so a reader can open the page, table and row that changed.
package drift
