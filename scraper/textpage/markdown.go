package textpage

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/docspec/docspec/scraper/page"
)

// pipeBefore: a separator line at ls[i] closes a header row opened by a
// "|" line shortly before.
func pipeBefore(ls []line, i int) bool {
	if !strings.Contains(ls[i].text, "|") {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-60; k-- {
		if strings.HasPrefix(ls[k].text, "|") {
			return true
		}
	}
	return false
}

// mdSepAfter finds the separator line of the pipe table opening at ls[i].
func mdSepAfter(ls []line, i int) int {
	for k := i; k < len(ls) && k < i+60; k++ {
		t := ls[k].text
		if strings.Contains(t, "|") && reMDSep.MatchString(t) {
			if k == i {
				return -1
			}
			return k
		}
		if k > i && t != "" && !strings.Contains(t, "|") && sectionLevel(t) > 0 {
			return -1
		}
	}
	return -1
}

// readMarkdown reads the Markdown-like rendering: short heading lines, prose
// lines, and pipe tables whose cells span lines.
func (r *reader) readMarkdown() {
	ls := r.lines
	var pend []line
	flush := func() {
		r.blocks = append(r.blocks, prose(pend)...)
		pend = nil
	}
	prevStatus := false
	for i := 0; i < len(ls); {
		l := ls[i]
		if l.text == "" {
			i++
			continue
		}
		if strings.HasPrefix(l.text, "|") {
			if s := mdSepAfter(ls, i); s > 0 {
				// A caption line right before the table is its caption.
				var caption *line
				if n := len(pend); n > 0 && reCaption.MatchString(pend[n-1].text) {
					caption = &pend[n-1]
					pend = pend[:n-1]
				}
				flush()
				b, next := r.mdTable(ls, i, s)
				if caption != nil {
					b.Table.Caption = page.NormalizeSpace(caption.text)
					b.Table.Line, b.Line = caption.n, caption.n
				}
				r.blocks = append(r.blocks, b)
				i = next
				prevStatus = false
				continue
			}
		}
		if j := jsonEnd(ls, i); j >= 0 && (j > i || len(l.text) > 2) {
			flush()
			r.blocks = append(r.blocks, codeBlock(ls, i, j))
			i = j + 1
			prevStatus = false
			continue
		}
		if j := xmlEnd(ls, i); j >= 0 {
			flush()
			r.blocks = append(r.blocks, codeBlock(ls, i, j))
			i = j + 1
			prevStatus = false
			continue
		}
		if strings.HasPrefix(l.text, "```") || strings.HasPrefix(l.text, "~~~") {
			// A fenced block: code as written, without the fences.
			fence := l.text[:3]
			j := i + 1
			for j < len(ls) && !strings.HasPrefix(ls[j].text, fence) {
				j++
			}
			flush()
			if j > i+1 {
				r.blocks = append(r.blocks, codeBlock(ls, i+1, j-1))
			}
			i = j + 1
			prevStatus = false
			continue
		}
		if lv, t := atxHeading(l.text); lv > 0 {
			flush()
			if r.title == "" && len(r.blocks) == 0 {
				r.title = t
				r.anchor = titleAnchor(t)
				lv = 1
			} else if lv < 2 {
				lv = 2
			}
			r.blocks = append(r.blocks, &page.Block{Kind: page.KindHeading, Level: lv, Text: t, Line: l.n})
			i++
			prevStatus = false
			continue
		}
		if r.title == "" && len(r.blocks) == 0 && len(pend) == 0 && !reUpdated.MatchString(l.text) {
			r.title = page.NormalizeSpace(l.text)
			r.anchor = titleAnchor(r.title)
			r.blocks = append(r.blocks, &page.Block{Kind: page.KindHeading, Level: 1, Text: r.title, Line: l.n})
			i++
			continue
		}
		switch {
		case reStatusLine.MatchString(l.text):
			flush()
			r.blocks = append(r.blocks, &page.Block{Kind: page.KindParagraph, Text: page.NormalizeSpace(l.text), Line: l.n})
			prevStatus = true
			i++
			continue
		case !prevStatus && r.mdHeading(ls, i):
			flush()
			lv := sectionLevel(l.text)
			if lv == 0 {
				lv = 2
			}
			r.blocks = append(r.blocks, &page.Block{Kind: page.KindHeading, Level: lv, Text: page.NormalizeSpace(l.text), Line: l.n})
		default:
			pend = append(pend, l)
		}
		prevStatus = false
		i++
	}
	flush()
}

// mdHeading: a section word, or a short title line followed by a table, a
// request line or a long paragraph (not by more short lines, which are the
// cells of a table that lost its pipes).
func (r *reader) mdHeading(ls []line, i int) bool {
	s := ls[i].text
	if isBullet(s) {
		return false
	}
	if sectionLevel(s) > 0 {
		return true
	}
	if !headingShape(s) {
		return false
	}
	k := i + 1
	for k < len(ls) && ls[k].text == "" {
		k++
	}
	if k >= len(ls) {
		return false
	}
	n := ls[k].text
	return strings.HasPrefix(n, "|") || reMethodLine.MatchString(n) ||
		utf8.RuneCountInString(n) >= 40 && utf8.RuneCountInString(n) >= 2*utf8.RuneCountInString(s)
}

// newHeaderAt: the "|" line ls[k] opens the header row of another table:
// the pipes up to the next separator line are exactly those of one header
// row as wide as that separator.
func newHeaderAt(ls []line, k int) bool {
	s := mdSepAfter(ls, k)
	if s < 0 {
		return false
	}
	pipes := 0
	for j := k; j < s; j++ {
		pipes += len(splitPipes(ls[j].text)) - 1
	}
	w := 0
	for _, p := range splitPipes(ls[s].text) {
		if strings.Trim(p, " \t:") != "" {
			w++
		}
	}
	return pipes == w+1
}

// atxHeading reads "## 请求参数": its level and text.
func atxHeading(s string) (int, string) {
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n >= len(s) || s[n] != ' ' {
		return 0, ""
	}
	t := page.NormalizeSpace(strings.TrimRight(s[n:], "# "))
	if t == "" {
		return 0, ""
	}
	return n, t
}

var reBR = regexp.MustCompile(`(?i)<br\s*/?>`)

// frag is a piece of a cell: the text of one physical line between pipes.
type frag struct {
	n    int
	text string
}

// splitPipes splits on "|" that are not escaped ("\|").
func splitPipes(s string) []string {
	var out []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && s[i+1] == '|' {
			b.WriteByte('|')
			i++
			continue
		}
		if s[i] == '|' {
			out = append(out, b.String())
			b.Reset()
			continue
		}
		b.WriteByte(s[i])
	}
	return append(out, b.String())
}

// mdTable reads the pipe table whose header opens at ls[i] and whose
// separator is ls[sep]. Cells are counted: a row is complete when it has as
// many cells as the separator has columns.
func (r *reader) mdTable(ls []line, i, sep int) (*page.Block, int) {
	tb := &page.Table{Line: ls[i].n}
	w := 0
	for _, p := range splitPipes(ls[sep].text) {
		if strings.Trim(p, " \t:") != "" {
			w++
		}
	}
	// Header: the text between the opening pipe and the separator.
	var hb strings.Builder
	for k := i; k < sep; k++ {
		hb.WriteString(ls[k].raw)
		hb.WriteByte('\n')
	}
	parts := splitPipes(hb.String())
	if len(parts) > 2 {
		for _, p := range parts[1 : len(parts)-1] {
			tb.Header = append(tb.Header, page.NormalizeSpace(p))
		}
		if last := page.NormalizeSpace(parts[len(parts)-1]); last != "" {
			tb.Header = append(tb.Header, last)
		}
	}
	if len(tb.Header) != w {
		r.errf(ls[i].n, "pipe table at line %d: header has %d cells, separator line %d has %d columns", ls[i].n, len(tb.Header), ls[sep].n, w)
		for len(tb.Header) < w {
			tb.Header = append(tb.Header, "")
		}
		if w == 0 {
			w = len(tb.Header)
		}
		tb.Header = tb.Header[:w]
	}
	var (
		row   *page.Row
		frags []frag
		k     = sep + 1
	)
	closeCell := func() {
		c := fragCell(frags)
		if len(row.Cells) == 0 && len(c.Blocks) > 0 {
			row.Line = c.Blocks[0].Line // the row's name, not its opening pipe
		}
		row.Cells = append(row.Cells, c)
		frags = nil
	}
	endRow := func(at int) {
		if len(row.Cells) < w {
			for _, f := range frags {
				if trimSpace(f.text) != "" {
					closeCell()
					break
				}
			}
			r.errf(row.Line, "pipe table at line %d: row %q at line %d has %d of %d cells (ends at line %d)",
				tb.Line, firstText(row), row.Line, len(row.Cells), w, at)
		}
		tb.Rows = append(tb.Rows, row)
		row, frags = nil, nil
	}
	// feed adds the text of one line to the open row: each pipe closes a
	// cell, and the row is done when it has w cells.
	feed := func(s string, n int) {
		parts := splitPipes(s)
		for pi, p := range parts {
			if row == nil {
				break // text after the row's last pipe
			}
			frags = append(frags, frag{n: n, text: p})
			if pi == len(parts)-1 {
				break // no pipe after it: the cell goes on
			}
			closeCell()
			if len(row.Cells) >= w {
				tb.Rows = append(tb.Rows, row)
				row, frags = nil, nil
			}
		}
	}
	for ; k < len(ls); k++ {
		l := ls[k]
		if row == nil {
			if l.text == "" {
				continue
			}
			if !strings.HasPrefix(l.text, "|") || reMDSep.MatchString(l.text) || newHeaderAt(ls, k) {
				break
			}
			row = &page.Row{Line: l.n}
			rest := l.text[1:]
			feed(rest, l.n)
			// A row whose cells begin on its opening line is one line long.
			if row != nil && trimSpace(rest) != "" {
				endRow(l.n)
			}
			continue
		}
		if !strings.Contains(l.raw, "|") && sectionLevel(l.text) > 0 {
			endRow(l.n)
			break
		}
		feed(l.raw, l.n)
	}
	if row != nil {
		endRow(ls[len(ls)-1].n)
	}
	return &page.Block{Kind: page.KindTable, Table: tb, Line: tb.Line}, k
}

func firstText(row *page.Row) string {
	if len(row.Cells) == 0 {
		return ""
	}
	return row.Cells[0].Text()
}

// fragCell makes a cell of line pieces: each non-blank piece a paragraph or
// list item; indentation counts from the least indented piece.
func fragCell(fs []frag) *page.Cell {
	var ls []line
	min := -1
	for _, f := range fs {
		for _, part := range reBR.Split(f.text, -1) {
			t := trimSpace(part)
			if t == "" {
				continue
			}
			in := indentOf(part)
			if min < 0 || in < min {
				min = in
			}
			ls = append(ls, line{n: f.n, raw: part, text: t, indent: in})
		}
	}
	for i := range ls {
		ls[i].indent -= min
	}
	return cell(ls)
}
