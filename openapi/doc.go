// Package openapi turns a model.Service into an OpenAPI 3.0.3 document
// (kin-openapi) following docs/CONVENTIONS.md, and into deterministic YAML or
// JSON bytes.
//
//	doc, diags, err := spec.Build(svc) // diags: sorted, stable kebab-case codes
//	err = spec.Validate(doc)            // kin-openapi, Go-regexp patterns, examples not validated
//	b, err := spec.Marshal(doc, "yaml") // or "json"; same model → same bytes
//
// # Components
//
// Request bodies are <OperationId>Request; 2xx bodies <OperationId>Response
// (<OperationId>Response<status> when an operation has several 2xx bodies).
// Error bodies (4xx, 5xx, default) and object tables with a name (on
// properties, array items, map values) are shared: they are keyed by their
// name and their shape — canonical JSON of types, formats, constraints,
// required flags, nested names and rules, without descriptions, examples and
// sources — so identical tables become one component whose prose comes from
// the first use (operations sorted by id, statuses in order). The name is the
// table name in PascalCase ASCII (goName), else "Error" for error bodies, else
// <OperationId>Response<status>; a table name with no ASCII letters stays
// inline. When shapes claim the same name, the most used keeps it, then the
// first used; the others get 2, 3, ... (as do names taken by body components).
//
// # Checks
//
// Every request and response example that parses as JSON is visited against
// its schema (kin-openapi VisitJSON) and against the x-docspec-rules of the
// objects it holds (CheckRules). A mismatch is a model.SevContradiction
// diagnostic at the example's source.
//
// # Diagnostic codes
//
// Contradictions: example-breaks-rule, example-breaks-schema (also a field's
// Example column), default-breaks-schema.
// Warnings: type-missing, type-unknown, enum-value-not-typed,
// default-not-typed, pattern-invalid, bound-negative, property-duplicate,
// example-not-json, example-field-undocumented, success-response-missing,
// path-parameter-not-required, path-parameter-undocumented,
// path-parameter-not-in-path, parameter-location-unknown, parameter-duplicate,
// header-duplicate, status-invalid, status-duplicate, security-scheme-unknown,
// security-scheme-duplicate, security-kind-unknown, rpc-action-missing.
// path-parameter-renamed (one path template written with other parameter
// names on another page: the most used spelling is kept), path-parameter-repeated.
// Errors (the operation or schema part is left out, the rest is kept):
// operation-id-missing, operation-id-duplicate, method-unknown, path-missing,
// path-invalid (POST /x/{}, /{*}, an unclosed brace), operation-invalid
// (kin-openapi refuses the operation on its own), schema-too-deep. Notes:
// method-missing (RPC defaults to POST), path-query-dropped,
// operation-variants (several operations on one method and path, joined: see
// VariantsKey), operation-variants-overlap (their bodies are an anyOf).
//
// # Validity
//
// Build returns a document that Validate accepts, or an error: an operation
// kin-openapi refuses is left out with an error diagnostic at its page, so one
// malformed page never costs the others.
package openapi
