package gen

import (
	"bytes"
	"go/ast"
	"go/doc/comment"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"path"
	"regexp"
	"strconv"
	"strings"
)

var versionRE = regexp.MustCompile(`^v[0-9]+$`)

// formatGo gofmts code, first removing (when prune is set) the imports it
// does not use: oapi-codegen's imports template lists every package any
// output might need. The file is parsed once and, as a rule, printed once.
//
// go/format.Node prints a file with grouped imports twice (it re-parses the
// first print to sort the imports), and that second print changes one
// thing: a doc comment the template indents (oapi-codegen's client writes
// "    // Op summary" above a top-level func) is at column 1 only after the
// first print, and only a comment at column 1 is reformatted as a doc
// comment (a lone line becomes a "# heading"). So the imports are sorted on
// the AST and each such doc comment is given its canonical form before the
// one print; when that form has another number of lines than the comment,
// the positions would not fit and the file is printed a second time, as
// gofmt would leave it.
// Either way the bytes are gofmt's fixed point (TestFormatGoIsGofmt,
// TestGeneratedIsGofmt).
func formatGo(code string, prune bool) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "gen.go", code, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	if prune {
		pruneImports(f)
	}
	ast.SortImports(fset, f)
	once := canonicalDocComments(fset, f)
	var buf bytes.Buffer
	if err := printConfig.Fprint(&buf, fset, f); err != nil {
		return nil, err
	}
	if !once {
		return format.Source(buf.Bytes())
	}
	return buf.Bytes(), nil
}

// printConfig is go/format's.
var printConfig = printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}

// canonicalDocComments gives each top-level declaration's doc comment that
// go/printer would not reformat (it is not at column 1, or does not end on
// the line before its declaration) the form the printer gives it once it is
// (go/printer's formatDocComment), line for line in the comment's positions.
// It reports false, changing nothing, when a comment's canonical form has
// another number of lines.
func canonicalDocComments(fset *token.FileSet, f *ast.File) bool {
	type fix struct {
		g    *ast.CommentGroup
		list []*ast.Comment
	}
	var fixes []fix
	for _, d := range f.Decls {
		var g *ast.CommentGroup
		switch d := d.(type) {
		case *ast.FuncDecl:
			g = d.Doc
		case *ast.GenDecl:
			g = d.Doc
		}
		if g == nil || len(g.List) == 0 {
			continue
		}
		if fset.Position(g.Pos()).Column == 1 && fset.Position(g.End()+1) == fset.Position(d.Pos()) {
			continue // the printer reformats it
		}
		list := formatDocComment(g.List)
		if len(list) != len(g.List) {
			return false
		}
		for i, c := range list {
			c.Slash = g.List[i].Slash
		}
		fixes = append(fixes, fix{g, list})
	}
	for _, x := range fixes {
		x.g.List = x.list
	}
	return true
}

// formatDocComment is go/printer's formatDocComment for // comments.
func formatDocComment(list []*ast.Comment) []*ast.Comment {
	var b strings.Builder
	var directives []*ast.Comment
	for _, c := range list {
		after, found := strings.CutPrefix(c.Text, "//")
		if !found {
			return list
		}
		if isDirective(after) {
			directives = append(directives, c)
			continue
		}
		b.WriteString(strings.TrimPrefix(after, " "))
		b.WriteString("\n")
	}
	text := b.String()
	if text == "" {
		return list
	}
	var p comment.Parser
	var pr comment.Printer
	text = string(pr.Comment(p.Parse(text)))
	slash := list[0].Slash
	var out []*ast.Comment
	for text != "" {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		switch {
		case line == "":
			line = "//"
		case strings.HasPrefix(line, "\t"):
			line = "//" + line
		default:
			line = "// " + line
		}
		out = append(out, &ast.Comment{Slash: slash, Text: line})
	}
	if len(directives) > 0 {
		out = append(out, &ast.Comment{Slash: slash, Text: "//"})
		for _, c := range directives {
			out = append(out, &ast.Comment{Slash: slash, Text: c.Text})
		}
	}
	return out
}

// isDirective is go/printer's: //line, //extern, //export and
// //[a-z0-9]+:[a-z0-9] comments (the // removed).
func isDirective(c string) bool {
	if strings.HasPrefix(c, "line ") || strings.HasPrefix(c, "extern ") || strings.HasPrefix(c, "export ") {
		return true
	}
	colon := strings.Index(c, ":")
	if colon <= 0 || colon+1 >= len(c) {
		return false
	}
	for i := 0; i <= colon+1; i++ {
		if i == colon {
			continue
		}
		if b := c[i]; !('a' <= b && b <= 'z' || '0' <= b && b <= '9') {
			return false
		}
	}
	return true
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
