// Package spec turns a model.Service into an OpenAPI 3.0.3 document
// (kin-openapi) following docs/CONVENTIONS.md, and into deterministic YAML or
// JSON bytes.
//
// Build also checks what the pages state against itself: every request and
// response example is visited against its schema and against the object's
// conditional rules (x-docspec-rules); a mismatch becomes a
// model.SevContradiction diagnostic naming the example's source.
//
// Component naming, in short: request and 2xx bodies are <OperationId>Request
// and <OperationId>Response[<status>]; error bodies, and nested objects whose
// table has a name, are shared components keyed by their shape (descriptions
// and sources ignored), named after the table (PascalCase) or "Error".
package spec
