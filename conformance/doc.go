// Package conformance holds tests, driven by the specs in spec/, that check
// the generated packages in generated/ say what the documentation says:
// types (fields, JSON names, Go types, enumeration constants), a strict
// server answering the generated client over HTTP with every exchange
// validated by openapi3filter, boundary cases derived from each documented
// constraint and cross-field rule, the documentation's own examples, and a
// table of counts in REPORT.md (`go test ./conformance -update` rewrites it
// and registry_test.go).
package conformance
