// Package serve is `docspec serve`: a stateful test double of any documented
// API, derived from its OpenAPI spec alone.
//
// At start it infers, for every operation, one behaviour from the path and
// the method (infer.go): a collection path that has a POST creates, its GET
// lists, and the item path below it (a trailing path parameter) shows,
// updates and deletes. Path parameters before the collection scope the state.
// Where nothing can be inferred the operation answers its documented example,
// and Explain says why. Nothing here branches on an operation's, a field's or
// a page's name: the only words it knows are a small vocabulary of the docs
// (id, total, size, offset, limit, marker, "automatically generated", ...).
//
// Requests are authenticated (auth.go: a token, or AK/SK signing in the two
// SDK-HMAC-SHA256 dialects), validated against the spec, and answered with
// objects built on the documented success schema (objects.go) kept in a
// Store (store.go: SQLite by default, PostgreSQL for a shared double). A
// write is acknowledged only once it is committed; concurrent writes share a
// commit (group commit) so that durability does not cost one fsync each.
// Every error is written in the provider's documented error shape.
package serve
