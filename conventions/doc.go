// Package conventions owns what docspec's outputs agree on beyond OpenAPI:
// here, the provider profiles — per cloud, the shape of its error bodies, the
// answers its gateway gives where the pages say nothing, and its credential
// headers. The generator, the runtime (apiruntime), the test double and the
// conformance tests all read the same table.
package conventions
