package textpage

import (
	"fmt"
	"strings"

	"github.com/docspec/docspec/scraper/page"
)

// Dump writes a page as deterministic indented text, one element a line with
// its source line: the form of the golden files, and a way to read what a
// reader made of a page.
func Dump(p *page.Page) string {
	if p == nil {
		return "<nil page>\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "file: %s\ndialect: %s\nlanguage: %s\ntitle: %q\nanchor: %q\n", p.File, p.Dialect, p.Language, p.Title, p.Anchor)
	for _, bl := range p.Blocks {
		dumpBlock(&b, bl, "")
	}
	return b.String()
}

func dumpBlock(b *strings.Builder, bl *page.Block, ind string) {
	if bl == nil {
		fmt.Fprintf(b, "%s<nil block>\n", ind)
		return
	}
	fmt.Fprintf(b, "%sL%d %s", ind, bl.Line, bl.Kind)
	switch bl.Kind {
	case page.KindHeading:
		fmt.Fprintf(b, " h%d %q\n", bl.Level, bl.Text)
	case page.KindParagraph:
		fmt.Fprintf(b, " %q\n", bl.Text)
	case page.KindCode:
		b.WriteString("\n")
		for _, l := range strings.Split(bl.Text, "\n") {
			fmt.Fprintf(b, "%s  | %s\n", ind, l)
		}
	case page.KindList:
		b.WriteString("\n")
		for _, it := range bl.Items {
			fmt.Fprintf(b, "%s  - item\n", ind)
			dumpCell(b, it, ind+"    ")
		}
	case page.KindTable:
		t := bl.Table
		if t == nil {
			b.WriteString(" <nil table>\n")
			return
		}
		fmt.Fprintf(b, " caption=%q line=%d\n", t.Caption, t.Line)
		fmt.Fprintf(b, "%s  header %q\n", ind, t.Header)
		for ri, r := range t.Rows {
			fmt.Fprintf(b, "%s  row %d L%d\n", ind, ri+1, r.Line)
			for ci, c := range r.Cells {
				col := ""
				if ci < len(t.Header) {
					col = t.Header[ci]
				}
				fmt.Fprintf(b, "%s    cell %d %q\n", ind, ci+1, col)
				dumpCell(b, c, ind+"      ")
			}
		}
	default:
		fmt.Fprintf(b, " %q\n", bl.Text)
	}
	for _, l := range bl.Links {
		fmt.Fprintf(b, "%s  link %q -> %q\n", ind, l.Text, l.Href)
	}
}

func dumpCell(b *strings.Builder, c *page.Cell, ind string) {
	if c == nil {
		fmt.Fprintf(b, "%s<nil cell>\n", ind)
		return
	}
	for _, bl := range c.Blocks {
		dumpBlock(b, bl, ind)
	}
	for _, l := range c.Links {
		fmt.Fprintf(b, "%slink %q -> %q\n", ind, l.Text, l.Href)
	}
}
