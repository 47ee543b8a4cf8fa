package gen

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path"
	"regexp"
	"strconv"
)

var versionRE = regexp.MustCompile(`^v[0-9]+$`)

// formatGo gofmts code, first removing (when prune is set) the imports it
// does not use: oapi-codegen's imports template lists every package any
// output might need.
func formatGo(code string, prune bool) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "gen.go", code, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	if prune {
		pruneImports(f)
	}
	// format.Node prints a file with grouped imports twice (it re-parses
	// the first print to sort the imports). That second print is needed:
	// some doc comments oapi-codegen writes (a description's first
	// sentence alone on its line) become gofmt's canonical form — a
	// heading — only when printed again, so one print alone is not what
	// gofmt leaves (TestGenerated, TestGenerateDeterministic).
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// pruneImports removes the imports f does not use.
func pruneImports(f *ast.File) {
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	var decls []ast.Decl
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			decls = append(decls, d)
			continue
		}
		kept := gd.Specs[:0]
		for _, sp := range gd.Specs {
			is := sp.(*ast.ImportSpec)
			p, _ := strconv.Unquote(is.Path.Value)
			name := path.Base(p)
			if versionRE.MatchString(name) {
				name = path.Base(path.Dir(p))
			}
			if is.Name != nil {
				name = is.Name.Name
			}
			if name == "_" || name == "." || used[name] {
				kept = append(kept, sp)
			}
		}
		gd.Specs = kept
		if len(kept) > 0 {
			decls = append(decls, gd)
		}
	}
	f.Decls = decls
}
