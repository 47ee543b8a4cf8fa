// Package conformance holds tests, driven by the specs in spec/, that check
// the generated packages in generated/ say what the documentation says. It
// has no code of its own; everything is in the _test.go files:
//
//   - registry_test.go: every generated package seen through what each
//     exports (StrictFuncs, StrictResponses, SchemaTypes, EnumValues,
//     ValidateRequest, the client); rewritten from gen.Targets with -update.
//   - conformance_test.go: per operation, in REPORT.md's columns:
//     fields typed: parameters, request body and every documented response
//     checked by reflection against the schema (field by JSON name, Go kind,
//     nested objects); enums: the Go enum type's constants equal the spec's
//     enumeration; client↔server: the generated client calls a fake built on
//     the generated strict server (the page's example response, else a
//     value synthesised from the schema) over httptest, and both request and
//     response validate against the spec with openapi3filter.
//   - cases_test.go: boundary cases derived from the spec: shortest and
//     longest valid values accepted, one below and one above refused, every
//     enumeration value accepted and one outside refused, a pattern-breaking
//     value refused, every x-docspec-rules rule exercised (rule cases; rules
//     the spec attaches to an object lacking their fields are counted as not
//     applicable), a missing credential refused with 401, an unknown RPC
//     Action refused; each refusal with a documented code and the parameter
//     named, and the client-side ValidateRequest agreeing (client-side).
//     Every example of the spec is checked against its schema, rules and
//     documented fields (examples), and each contradiction must be carried in
//     the example's x-docspec-contradiction (the tool reported it, with the
//     example's page and line); for the specs of handReviewed each must also
//     be listed in defects_test.go (known defects) with page, table, row and
//     why; for the others REPORT.md's "contradictions" column pins their
//     number per operation.
//   - operations whose page documents no 2xx response (the spec says so:
//     only a "default" or error responses): the fake handler answers
//     nothing documented, so their round trip checks the client's request
//     only (column "client→server, no 2xx documented") and a valid boundary
//     case must reach the handler; refusals are checked as for the others.
//   - lifecycle_test.go: every spec served by `docspec serve` (in process),
//     and for every resource serve infers, the generated client driving
//     create → show → list → update → show → delete → show (the documented
//     404) → list, each answer validated against the spec.
//
// `go test ./conformance -update` rewrites REPORT.md and registry_test.go.
// If registry_test.go names a package that no longer exists, replace it by
// `package conformance; var apis = []api{}` and run -update.
package conformance
