// Package seeds holds the page → spec goldens of the real pipeline (the
// readers, the interpreter, the emitter) for every seed page and regression
// case. A case is a folder of testdata/cases holding sources.txt (the pages,
// one path from the repository root per line, read as docspec build reads a
// spec's sources); its goldens are model.golden.json, spec.golden.yaml and
// diagnostics.golden beside it (`go test ./internal/seeds -update`). A new
// regression case is one new folder.
package seeds
