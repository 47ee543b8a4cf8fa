package textpage

import (
	"strings"

	"github.com/docspec/docspec/scraper/page"
)

// tok is a non-blank line, or a whole JSON value as one code block.
type tok struct {
	l          line
	code       *page.Block
	blankAfter bool // a blank line (or the end) follows
}

func (t tok) text() string {
	if t.code != nil {
		return ""
	}
	return t.l.text
}

func tokenize(ls []line) []tok {
	var out []tok
	for i := 0; i < len(ls); i++ {
		if ls[i].text == "" {
			if len(out) > 0 {
				out[len(out)-1].blankAfter = true
			}
			continue
		}
		if j := jsonEnd(ls, i); j >= 0 && (j > i || len(ls[i].text) > 2) {
			out = append(out, tok{l: ls[i], code: codeBlock(ls, i, j)})
			i = j
			continue
		}
		if j := xmlEnd(ls, i); j >= 0 {
			out = append(out, tok{l: ls[i], code: codeBlock(ls, i, j)})
			i = j
			continue
		}
		out = append(out, tok{l: ls[i]})
	}
	if len(out) > 0 {
		out[len(out)-1].blankAfter = true
	}
	return out
}

// cellOf makes a cell of tokens: prose and code.
func cellOf(ts []tok) *page.Cell {
	c := &page.Cell{}
	var pend []line
	for _, t := range ts {
		if t.code != nil {
			c.Blocks = append(c.Blocks, prose(pend)...)
			pend = nil
			c.Blocks = append(c.Blocks, t.code)
			continue
		}
		pend = append(pend, t.l)
	}
	c.Blocks = append(c.Blocks, prose(pend)...)
	return c
}

// readPlain reads plain text with one table cell per line.
func (r *reader) readPlain() {
	ts := tokenize(r.lines)
	i := 0
	// Page chrome before the title: "Updated on ..." lines.
	for i < len(ts) && ts[i].code == nil && reUpdated.MatchString(ts[i].l.text) {
		i++
	}
	if i < len(ts) && ts[i].code == nil && !reCaption.MatchString(ts[i].l.text) {
		r.title = page.NormalizeSpace(ts[i].l.text)
		r.anchor = titleAnchor(r.title)
		r.blocks = append(r.blocks, &page.Block{Kind: page.KindHeading, Level: 1, Text: r.title, Line: ts[i].l.n})
		i++
	}
	var pend []line
	flush := func() {
		r.blocks = append(r.blocks, prose(pend)...)
		pend = nil
	}
	prevStatus := false
	for i < len(ts) {
		t := ts[i]
		if t.code != nil {
			flush()
			r.blocks = append(r.blocks, t.code)
			i++
			prevStatus = false
			continue
		}
		s := t.l.text
		if reCaption.MatchString(s) {
			if b, next := r.plainTable(ts, i, true); b != nil {
				flush()
				r.blocks = append(r.blocks, b)
				i = next
				prevStatus = false
				continue
			}
		}
		if h := tokHeaderRun(ts, i); len(h) >= 2 && hasKeyColumn(h) {
			if b, next := r.plainTable(ts, i, false); b != nil {
				flush()
				r.blocks = append(r.blocks, b)
				i = next
				prevStatus = false
				continue
			}
		}
		switch {
		case reStatusLine.MatchString(s):
			flush()
			r.blocks = append(r.blocks, &page.Block{Kind: page.KindParagraph, Text: page.NormalizeSpace(s), Line: t.l.n})
			prevStatus = true
			i++
			continue
		case !prevStatus && r.plainHeading(ts, i):
			flush()
			lv := sectionLevel(s)
			if lv == 0 {
				lv = 2
			}
			r.blocks = append(r.blocks, &page.Block{Kind: page.KindHeading, Level: lv, Text: page.NormalizeSpace(s), Line: t.l.n})
		default:
			pend = append(pend, t.l)
		}
		prevStatus = false
		i++
	}
	flush()
}

// plainHeading: a section word, or a short title line standing alone before
// more than a code block.
func (r *reader) plainHeading(ts []tok, i int) bool {
	s := ts[i].l.text
	if ts[i].l.indent >= 2 {
		return false
	}
	if sectionLevel(s) > 0 && !isBullet(s) {
		return true
	}
	if !headingShape(s) || !ts[i].blankAfter || !titleLike(s) {
		return false
	}
	// Not before a code block (an example's caption) or an empty section's
	// next heading ("None").
	if i+1 < len(ts) && (ts[i+1].code != nil || sectionLevel(ts[i+1].l.text) > 0) {
		return false
	}
	return true
}

// tokHeaderRun returns the header cells starting at ts[i]: consecutive known
// header words, capitalised (a body's "name" is not a header), with no shaped
// column twice.
func tokHeaderRun(ts []tok, i int) []string {
	var h []string
	seen := map[colKind]bool{}
	for j := i; j < len(ts) && ts[j].code == nil && len(h) < 12; j++ {
		s := ts[j].l.text
		k, ok := headerKind(s)
		if !ok || s[0] >= 'a' && s[0] <= 'z' || k != colFree && seen[k] {
			break
		}
		seen[k] = true
		h = append(h, s)
	}
	return h
}

// genericHeader is the fallback for a caption followed by header cells that
// are not known words: short title words, up to the first value-like line.
func genericHeader(ts []tok, i int) []string {
	var h []string
	for j := i; j < len(ts) && ts[j].code == nil && len(h) < 8; j++ {
		s := ts[j].l.text
		if !headingShape(s) || sectionLevel(s) > 0 || strings.ContainsAny(s, "_") {
			break
		}
		h = append(h, s)
	}
	return h
}

// plainTable reads a table whose caption (when caption is set) or first
// header cell is ts[i]. It returns nil when no header follows.
func (r *reader) plainTable(ts []tok, i int, caption bool) (*page.Block, int) {
	tb := &page.Table{Line: ts[i].l.n}
	j := i
	if caption {
		tb.Caption = page.NormalizeSpace(ts[i].l.text)
		j++
	}
	header := tokHeaderRun(ts, j)
	if len(header) == 0 {
		header = genericHeader(ts, j)
		if len(header) < 2 {
			return nil, i
		}
	}
	if tb.Line == 0 {
		tb.Line = ts[j].l.n
	}
	kinds := make([]colKind, len(header))
	for c, h := range header {
		tb.Header = append(tb.Header, page.NormalizeSpace(h))
		kinds[c], _ = headerKind(h)
	}
	j += len(header)
	w := len(kinds)
	name := tb.Caption
	if name == "" {
		name = strings.Join(tb.Header, "/")
	}
	tp := &tableParse{r: r, ts: ts, kinds: kinds, name: name, line: tb.Line}
	for j < len(ts) && !tp.end(j, atRow) {
		row := &page.Row{Line: ts[j].l.n}
		rowName := ts[j].text()
		for c := 0; c < w; c++ {
			if j >= len(ts) || (c > 0 && tp.end(j, atCell)) {
				r.errf(row.Line, "table %q (line %d): row %q has %d of %d cells (%s missing) where the table ends at line %d",
					name, tb.Line, rowName, c, w, strings.Join(tb.Header[c:], ", "), tp.lineAt(j))
				break
			}
			k := kinds[c]
			t := ts[j]
			if k != colFree {
				if t.code == nil && fits(k, t.l.text) {
					row.Cells = append(row.Cells, cellOf(ts[j:j+1]))
					j++
					continue
				}
				if c > 0 && (c+1 < w && kinds[c+1] != colFree && t.code == nil && fits(kinds[c+1], t.l.text)) {
					r.errf(t.l.n, "table %q (line %d): row %q has no %s cell (line %d reads %q, a %s)",
						name, tb.Line, rowName, tb.Header[c], t.l.n, t.l.text, tb.Header[c+1])
					row.Cells = append(row.Cells, &page.Cell{})
					continue
				}
				row.Cells = append(row.Cells, cellOf(ts[j:j+1]))
				j++
				continue
			}
			// A free cell: one token, then more while they do not start what
			// follows.
			if c == w-1 && c > 0 && tp.strongRowStart() && tp.rowStart(j) {
				r.errf(t.l.n, "table %q (line %d): row %q has no %s cell (line %d starts the next row)",
					name, tb.Line, rowName, tb.Header[c], t.l.n)
				row.Cells = append(row.Cells, &page.Cell{})
				continue
			}
			start := j
			j++
			for j < len(ts) && !tp.end(j, inCell) {
				if c == w-1 {
					if tp.rowStart(j) || tp.weakEnd(j) {
						break
					}
				} else if kinds[c+1] == colFree || ts[j].code != nil || fits(kinds[c+1], ts[j].l.text) {
					break
				}
				j++
			}
			row.Cells = append(row.Cells, cellOf(ts[start:j]))
		}
		tb.Rows = append(tb.Rows, row)
	}
	return &page.Block{Kind: page.KindTable, Table: tb, Line: tb.Line}, j
}

type tableParse struct {
	r     *reader
	ts    []tok
	kinds []colKind
	name  string
	line  int
}

func (tp *tableParse) lineAt(j int) int {
	if j < len(tp.ts) {
		return tp.ts[j].l.n
	}
	if len(tp.ts) > 0 {
		return tp.ts[len(tp.ts)-1].l.n
	}
	return 0
}

// Where end is asked: at a row start, at the first line of a later cell, or
// inside a cell.
const (
	atRow = iota
	atCell
	inCell
)

// end: what certainly follows a table: a caption, a status line, a section
// heading, a new header. The first line of a cell may be a value that reads
// like a header word ("错误描述"), so a header run does not end a table there.
// At a row start, also a code block or a title line that cannot be a first
// cell.
func (tp *tableParse) end(j int, at int) bool {
	t := tp.ts[j]
	if t.code != nil {
		return at == atRow
	}
	s := t.l.text
	if reCaption.MatchString(s) || reStatusLine.MatchString(s) {
		return true
	}
	newTable := func(k int) bool {
		h := tokHeaderRun(tp.ts, k)
		return len(h) >= 2 && hasKeyColumn(h)
	}
	if sectionLevel(s) > 0 && t.l.indent < 2 {
		// "状态码" is a heading and a header word: a heading when a table
		// header follows it.
		if _, hdr := headerKind(s); !hdr || newTable(j+1) {
			return true
		}
	}
	if at != atCell && newTable(j) {
		return true
	}
	if at == atRow && tp.kinds[0] != colFree && !fits(tp.kinds[0], s) && tp.weakEnd(j) {
		return true
	}
	return false
}

// weakEnd: a title-case heading line standing alone, which a description
// would not hold.
func (tp *tableParse) weakEnd(j int) bool {
	t := tp.ts[j]
	return t.code == nil && t.blankAfter && headingShape(t.l.text) && titleCase(t.l.text) &&
		(j+1 >= len(tp.ts) || !tp.rowStart(j+1) || tp.kinds[0] == colFree)
}

// sig is the leading columns checked to recognise a row start: the first
// column and the shaped columns right after it.
func (tp *tableParse) sig() int {
	n := 1
	for n < len(tp.kinds) && tp.kinds[n] != colFree {
		n++
	}
	return n
}

func (tp *tableParse) strongRowStart() bool {
	shaped := 0
	for c := 0; c < tp.sig(); c++ {
		if tp.kinds[c] != colFree {
			shaped++
		}
	}
	return shaped >= 2
}

// rowStart: ts[j] and the tokens after it fit the leading columns. One
// shaped cell after the first may be missing (a row that lost its Mandatory
// cell still starts a row) when two shaped cells remain to recognise it.
func (tp *tableParse) rowStart(j int) bool {
	n := tp.sig()
	shaped := 0
	for c := 0; c < n; c++ {
		if tp.kinds[c] != colFree {
			shaped++
		}
	}
	if shaped == 0 {
		// Nothing tells a row start: every cell is then one line.
		return true
	}
	if tp.fitsFrom(j, 0, n, -1) {
		return true
	}
	if shaped < 3 {
		return false
	}
	for skip := 1; skip < n; skip++ {
		if tp.kinds[skip] != colFree && tp.fitsFrom(j, 0, n, skip) {
			return true
		}
	}
	return false
}

// fitsFrom: tokens from ts[j] fit columns c..n-1, column skip left out.
func (tp *tableParse) fitsFrom(j, c, n, skip int) bool {
	for ; c < n; c++ {
		if c == skip {
			continue
		}
		if j >= len(tp.ts) || tp.ts[j].code != nil {
			return false
		}
		if k := tp.kinds[c]; k != colFree && !fits(k, tp.ts[j].l.text) {
			return false
		}
		j++
	}
	return true
}
