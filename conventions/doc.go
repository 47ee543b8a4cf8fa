// Package conventions owns docspec's conventions on top of OpenAPI: the name
// of every x-docspec-* extension key, the typed value each one holds with
// helpers to read it from and write it to kin-openapi Extensions, the one
// rule type with its one Applies and Check, and the table of provider
// profiles (error body shape, default 400 and 401 answers, RPC not-found).
//
// The emitter (package openapi) writes these values, the generator, the
// compiled runtime, drift and the conformance tests read them. Keeping the
// knowledge here means a new key, a new rule semantic or a new cloud is one
// change, not five that drift apart. docs/CONVENTIONS.md describes every key;
// a test fails when a key is declared here but not documented there.
//
// The package imports nothing of docspec's (generated code's runtime imports
// it), only the standard library and kin-openapi.
package conventions
