// Package apiruntime is the compiled runtime of docspec's generated servers
// and of `docspec serve`: it routes a request to its documented operation by
// literal path segments (a trie, no regular expression), checks it against
// the spec (credentials, parameters and body through kin-openapi's
// openapi3filter, then the cross-field x-docspec-rules on the same decoded
// body), bounds the body it reads, and answers every refusal with the
// provider's documented error body. The body is decoded once: a compiled
// check accepts what kin-openapi would accept without visiting it again
// (kin-openapi decides every other body), and the decoded value goes to the
// handler on r.Body (oapi-codegen's runtime.BindJSONBody binds it).
//
// The per-spec part is a Spec value: generated packages carry it as a table
// computed at generation time (gen prints what Describe returns), a test
// double builds it from an *openapi3.T at run time with Describe. Both then
// call New and use the same API.
//
// Generated code imports the standard library, kin-openapi, oapi-codegen's
// runtime and this package only; this package imports nothing of docspec's
// but conventions.
package apiruntime
