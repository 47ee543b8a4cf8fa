package page

import (
	"fmt"
	"strings"
)

// Dump renders p as deterministic, readable text: one line per block, table
// row and cell, nested by indentation, each with its source line. Golden
// tests compare it; it is handy when looking at what a reader made of a
func Dump(p *Page) string {
	if p == nil {
		return "<nil page>\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "file: %s\ndialect: %s\nlanguage: %s\ntitle: %q\nanchor: %q\n\n", p.File, p.Dialect, p.Language, p.Title, p.Anchor)
	dumpBlocks(&b, p.Blocks, "")
	return b.String()
}

func dumpBlocks(b *strings.Builder, blocks []*Block, in string) {
	for _, bl := range blocks {
		dumpBlock(b, bl, in, in)
	}
}

// dumpBlock writes bl starting with first, continuing with indent in.
func dumpBlock(b *strings.Builder, bl *Block, first, in string) {
	if bl == nil {
		fmt.Fprintf(b, "%s<nil block>\n", first)
		return
	}
	fmt.Fprintf(b, "%sL%d %s", first, bl.Line, bl.Kind)
	switch bl.Kind {
	case KindHeading:
		fmt.Fprintf(b, " %d %q\n", bl.Level, bl.Text)
	case KindParagraph:
		fmt.Fprintf(b, " %q\n", bl.Text)
	case KindCode:
		b.WriteString("\n")
		for _, l := range strings.Split(bl.Text, "\n") {
			fmt.Fprintf(b, "%s  | %s\n", in, l)
		}
	case KindList:
		fmt.Fprintf(b, " (%d items)\n", len(bl.Items))
		for _, it := range bl.Items {
			dumpCell(b, "-", it, in+"  ")
		}
	case KindTable:
		t := bl.Table
		if t == nil {
			b.WriteString(" <nil>\n")
			return
		}
		fmt.Fprintf(b, " id=%q caption=%q\n", t.ID, t.Caption)
		fmt.Fprintf(b, "%s  header: %s\n", in, strings.Join(quoteAll(t.Header), " | "))
		for _, r := range t.Rows {
			fmt.Fprintf(b, "%s  L%d row\n", in, r.Line)
			for i, c := range r.Cells {
				dumpCell(b, fmt.Sprintf("[%d]", i+1), c, in+"    ")
			}
		}
	default:
		b.WriteString("\n")
	}
	for _, l := range bl.Links {
		fmt.Fprintf(b, "%s  link %q -> %q\n", in, l.Text, l.Href)
	}
}

func dumpCell(b *strings.Builder, mark string, c *Cell, in string) {
	if c == nil || len(c.Blocks) == 0 && len(c.Links) == 0 {
		fmt.Fprintf(b, "%s%s (empty)\n", in, mark)
		return
	}
	// The first block goes on the marker's line.
	cont := in + strings.Repeat(" ", len(mark)+1)
	for i, bl := range c.Blocks {
		if i == 0 {
			dumpBlock(b, bl, in+mark+" ", cont)
		} else {
			dumpBlock(b, bl, cont, cont)
		}
	}
	if len(c.Blocks) == 0 {
		fmt.Fprintf(b, "%s%s\n", in, mark)
	}
	for _, l := range c.Links {
		fmt.Fprintf(b, "%scell-link %q -> %q\n", cont, l.Text, l.Href)
	}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
