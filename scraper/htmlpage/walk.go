package htmlpage

import (
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/page"
)

// reader walks one parsed page.
type reader struct {
	dialect    string
	lines      lineCounter
	cur        int  // line of the innermost element with a known line
	skipChrome bool // Sphinx page without a main div: skip the theme's chrome by class
	free       []*sink
	slab       slab
}

// slab hands out blocks, cells and rows from chunks: a page has thousands,
// and one allocation per chunk keeps Read near the parser's own cost.
type slab struct {
	blocks []page.Block
	cells  []page.Cell
	rows   []page.Row
	ptrs   []*page.Block
	// chunk sizes: they grow so that small pages stay small
	nBlocks, nCells, nRows, nPtrs int
}

func grow(n *int) int {
	*n = min(max(2**n, 16), 256)
	return *n
}

// take hands out the next element of a slab's pool, refilling it in
// growing chunks.
func take[T any](pool *[]T, n *int) *T {
	if len(*pool) == 0 {
		*pool = make([]T, grow(n))
	}
	x := &(*pool)[0]
	*pool = (*pool)[1:]
	return x
}

func (a *slab) block() *page.Block { return take(&a.blocks, &a.nBlocks) }
func (a *slab) cell() *page.Cell   { return take(&a.cells, &a.nCells) }
func (a *slab) row() *page.Row     { return take(&a.rows, &a.nRows) }

// appendBlock appends to a container's block list, starting small lists in
// the slab (capped, so that a later append copies out instead of
// overwriting a neighbour).
func (a *slab) appendBlock(list []*page.Block, b *page.Block) []*page.Block {
	if list == nil {
		if len(a.ptrs) < 4 {
			a.ptrs = make([]*page.Block, 4*grow(&a.nPtrs))
		}
		list = a.ptrs[:0:4]
		a.ptrs = a.ptrs[4:]
	}
	return append(list, b)
}

// sink collects the blocks of one container (the page, a table cell, a list
// item) and the inline text of the paragraph being built.
type sink struct {
	blocks []*page.Block
	links  []page.Link // the container's links (cells, list items)
	parent *sink       // links also count for enclosing list items and the cell
	isCell bool        // links stop here: a nested table's links are its own

	text   []byte // reused: sinks are recycled
	a      *slab
	plinks []page.Link
	pline  int
	note   string // pending note title ("Note") for the next paragraph
}

func (s *sink) addLink(l page.Link) {
	s.plinks = append(s.plinks, l)
	for t := s; t != nil; t = t.parent {
		t.links = append(t.links, l)
		if t.isCell {
			break
		}
	}
}

// flush ends the paragraph being built.
func (s *sink) flush() {
	if len(s.text) == 0 && len(s.plinks) == 0 {
		s.pline = 0
		return
	}
	t := normalizeSpaceBytes(s.text)
	s.text = s.text[:0]
	if t != "" {
		if s.note != "" {
			t = s.note + ": " + t
			s.note = ""
		}
		if s.pline == 0 && len(s.blocks) > 0 {
			// Text outside any element with a known line: it follows the
			// block before it.
			s.pline = s.blocks[len(s.blocks)-1].Line
		}
		b := s.a.block()
		*b = page.Block{Kind: page.KindParagraph, Text: t, Links: s.plinks, Line: s.pline}
		s.blocks = s.a.appendBlock(s.blocks, b)
	}
	s.plinks = nil
	s.pline = 0
}

// emit adds a non-paragraph block; a note title waiting for its paragraph
// stands alone.
func (s *sink) emit(b *page.Block) {
	s.flush()
	s.flushNote(b.Line)
	s.blocks = s.a.appendBlock(s.blocks, b)
}

func (s *sink) flushNote(line int) {
	if s.note != "" {
		s.blocks = append(s.blocks, &page.Block{Kind: page.KindParagraph, Text: s.note + ":", Line: line})
		s.note = ""
	}
}

func (r *reader) finish(s *sink) {
	s.flush()
	s.flushNote(0)
}

// inline elements add their text to the paragraph being built.
func isInline(a atom.Atom) bool {
	switch a {
	case atom.Span, atom.Strong, atom.B, atom.Em, atom.I, atom.Code, atom.Sup, atom.Sub,
		atom.U, atom.Font, atom.Kbd, atom.Samp, atom.Var, atom.Abbr, atom.Small, atom.Big,
		atom.Tt, atom.Cite, atom.Q, atom.S, atom.Strike, atom.Del, atom.Ins, atom.Mark,
		atom.Label, atom.Nobr, atom.Time, atom.Dfn, atom.Bdi, atom.Bdo, atom.Wbr, atom.Data:
		return true
	}
	return false
}

// skipped elements carry no page content.
func (r *reader) skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Head, atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe,
		atom.Object, atom.Embed, atom.Svg, atom.Math, atom.Form, atom.Input, atom.Button,
		atom.Select, atom.Textarea, atom.Img, atom.Map, atom.Area, atom.Audio, atom.Video,
		atom.Canvas, atom.Link, atom.Meta, atom.Colgroup, atom.Col:
		return true
	}
	if hasClass(n, "headerlink") {
		return true
	}
	if r.skipChrome && (hasClass(n, "related") || hasClass(n, "sphinxsidebar") || hasClass(n, "footer") || attr(n, "id") == "searchbox") {
		return true
	}
	return false
}

// isNoteTitle reports the title element of a note: doc-export's
// span.notetitle ("NOTE:") and friends, Sphinx's p.admonition-title.
func isNoteTitle(n *html.Node) bool {
	c := attr(n, "class")
	if !strings.Contains(c, "title") {
		return false
	}
	for _, f := range strings.Fields(c) {
		switch f {
		case "notetitle", "noticetitle", "cautiontitle", "warningtitle", "dangertitle", "tiptitle", "admonition-title":
			return true
		}
	}
	return false
}

// noteTitle normalises "NOTE:" and "Note" to "Note".
func noteTitle(n *html.Node) string {
	t := strings.TrimSpace(strings.TrimRight(normalizeSpace(textOf(n)), ":："))
	if t == "" {
		return "Note"
	}
	if isUpperASCII(t) {
		t = t[:1] + strings.ToLower(t[1:])
	}
	return t
}

func isUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' || c >= 0x80 {
			return false
		}
	}
	return true
}

// container walks the children of n, building paragraphs from inline
// content and emitting blocks for headings, lists, tables and code.
func (r *reader) container(n *html.Node, s *sink) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.node(n, c, s)
	}
}

// node adds child c of n to s.
func (r *reader) node(n, c *html.Node, s *sink) {
	switch c.Type {
	case html.TextNode:
		if len(s.text) == 0 {
			if strings.TrimSpace(c.Data) == "" {
				return
			}
			if s.pline == 0 {
				s.pline = r.cur
			}
		}
		s.text = append(s.text, c.Data...)
		return
	case html.ElementNode:
	default:
		return
	}
	line := r.lines.enter(c)
	if line == 0 {
		line = r.cur
	}
	if r.skipped(c) {
		r.lines.skipChildren(c)
		return
	}
	if isNoteTitle(c) {
		s.flush()
		s.flushNote(line)
		s.note = noteTitle(c)
		r.lines.skipChildren(c)
		return
	}
	save := r.cur
	r.cur = line
	defer func() { r.cur = save }()
	switch a := c.DataAtom; {
	case a == atom.Br:
		s.text = append(s.text, ' ')
	case a == atom.A:
		if href, ok := attrOK(c, "href"); ok {
			s.addLink(page.Link{Text: normalizeSpace(textOf(c)), Href: href})
		}
		r.container(c, s)
	case isInline(a):
		r.container(c, s)
	case headingLevel(a) > 0:
		s.flush()
		text, links := r.inline(c)
		r.lines.skipChildren(c)
		if text == "" {
			return
		}
		lvl := headingLevel(a)
		if r.dialect == model.DialectDocExport && hasClass(c, "sectiontitle") {
			lvl = 2
		}
		s.emit(&page.Block{Kind: page.KindHeading, Level: lvl, Text: text, Links: links, Line: line})
	case a == atom.Ul || a == atom.Ol || a == atom.Menu:
		s.flush()
		if b := r.list(c, line, s); b != nil {
			s.emit(b)
		}
	case a == atom.Table:
		s.flush()
		s.emit(r.table(c, line))
	case a == atom.Pre || a == atom.Listing || a == atom.Xmp:
		s.flush()
		t := codeText(c)
		r.lines.skipChildren(c)
		if t != "" {
			s.emit(&page.Block{Kind: page.KindCode, Text: t, Line: line})
		}
	default:
		// Block containers (p, div, section, dl, dd, ...) only end and
		// start paragraphs.
		s.flush()
		s.pline = line
		r.container(c, s)
		s.flush()
	}
}

func headingLevel(a atom.Atom) int {
	switch a {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

// inline is the normalised text and links of n (a heading, a caption).
func (r *reader) inline(n *html.Node) (string, []page.Link) {
	var b strings.Builder
	var links []page.Link
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if r.skipped(c) {
					continue
				}
				if c.DataAtom == atom.A {
					if href, ok := attrOK(c, "href"); ok {
						links = append(links, page.Link{Text: normalizeSpace(textOf(c)), Href: href})
					}
				}
				if !isInline(c.DataAtom) && c.DataAtom != atom.A {
					b.WriteByte(' ')
				}
				walk(c)
			}
		}
	}
	walk(n)
	return normalizeSpace(b.String()), links
}

// getSink and putSink recycle sinks: a page has a sink per cell.
func (r *reader) getSink(parent *sink, isCell bool) *sink {
	var s *sink
	if k := len(r.free); k > 0 {
		s, r.free = r.free[k-1], r.free[:k-1]
	} else {
		s = &sink{a: &r.slab}
	}
	s.parent, s.isCell = parent, isCell
	return s
}

func (r *reader) putSink(s *sink) {
	s.blocks, s.links, s.parent, s.plinks, s.pline, s.note = nil, nil, nil, nil, 0, ""
	s.text = s.text[:0]
	r.free = append(r.free, s)
}

// cell reads the content of a table cell or list item.
func (r *reader) cell(n *html.Node, parent *sink, isCell bool) *page.Cell {
	s := r.getSink(parent, isCell)
	save := r.cur
	if l := r.lines.enter(n); l > 0 {
		r.cur = l
	}
	s.pline = r.cur
	r.container(n, s)
	r.cur = save
	r.finish(s)
	c := r.slab.cell()
	*c = page.Cell{Blocks: s.blocks, Links: s.links}
	r.putSink(s)
	return c
}

func (r *reader) list(n *html.Node, line int, parent *sink) *page.Block {
	b := &page.Block{Kind: page.KindList, Line: line}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Li {
			b.Items = append(b.Items, r.cell(c, parent, false))
			continue
		}
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" || c.Type != html.TextNode && c.Type != html.ElementNode {
			continue
		}
		// Content outside any <li> (a nested list written as a sibling of
		// the items) belongs to the item before it.
		s := r.getSink(parent, false)
		r.node(n, c, s)
		r.finish(s)
		if len(s.blocks) == 0 {
			continue
		}
		if k := len(b.Items); k > 0 {
			last := b.Items[k-1]
			last.Blocks = append(last.Blocks, s.blocks...)
			last.Links = append(last.Links, s.links...)
		} else {
			b.Items = append(b.Items, &page.Cell{Blocks: s.blocks, Links: s.links})
		}
		r.putSink(s)
	}
	if len(b.Items) == 0 {
		return nil
	}
	return b
}

// maxColumns bounds a table's width against absurd colspans.
const maxColumns = 64

type rowLayout struct {
	cells []*page.Cell
	line  int
}

// layout places the cells of rows on a grid, repeating a cell that spans
// several rows or columns in each of them.
func (r *reader) layout(rows []*html.Node) []rowLayout {
	out := make([]rowLayout, len(rows))
	for i, tr := range rows {
		out[i].line = r.lines.enter(tr)
		if out[i].cells == nil {
			k := 0
			for c := tr.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					k++
				}
			}
			out[i].cells = make([]*page.Cell, 0, k)
		}
		col := 0
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.DataAtom != atom.Td && c.DataAtom != atom.Th {
				r.lines.enter(c)
				r.lines.skipChildren(c)
				continue
			}
			cell := r.cell(c, nil, true)
			rs := spanAttr(c, "rowspan", len(rows)-i)
			cs := spanAttr(c, "colspan", maxColumns)
			for col < len(out[i].cells) && out[i].cells[col] != nil {
				col++
			}
			for dr := 0; dr < rs; dr++ {
				row := &out[i+dr]
				for dc := 0; dc < cs && col+dc < maxColumns; dc++ {
					for len(row.cells) <= col+dc {
						row.cells = append(row.cells, nil)
					}
					if row.cells[col+dc] == nil {
						row.cells[col+dc] = cell
					}
				}
			}
			col += cs
		}
	}
	return out
}

// spanAttr reads rowspan/colspan: 1 when absent or bad, at most max; 0 means
// "to the end" as in HTML.
func spanAttr(n *html.Node, key string, max int) int {
	v, ok := attrOK(n, key)
	if !ok {
		return 1
	}
	k, err := strconv.Atoi(strings.TrimSpace(v))
	switch {
	case err != nil || k < 0:
		return 1
	case k == 0 || k > max:
		if max < 1 {
			return 1
		}
		return max
	}
	return k
}

func (r *reader) table(n *html.Node, line int) *page.Block {
	t := &page.Table{ID: tableID(n), Line: line}
	var head, body []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Thead:
			head = r.appendRows(head, c)
		case atom.Tbody, atom.Tfoot:
			body = r.appendRows(body, c)
		case atom.Tr:
			body = append(body, c)
		default:
			r.lines.enter(c)
			if c.DataAtom == atom.Caption && t.Caption == "" {
				text, _ := r.inline(c)
				t.Caption = captionText(text)
			}
			r.lines.skipChildren(c)
		}
	}
	hl := r.layout(head)
	bl := r.layout(body)
	if len(hl) == 0 && len(bl) > 0 {
		hl, bl = bl[:1], bl[1:]
	}
	width := 0
	for _, row := range hl {
		width = max(width, len(row.cells))
	}
	// The header: per column, the distinct texts of the header rows.
	for col := 0; col < width; col++ {
		var parts []string
		for _, row := range hl {
			if col >= len(row.cells) || row.cells[col] == nil {
				continue
			}
			if t := row.cells[col].Text(); t != "" && (len(parts) == 0 || parts[len(parts)-1] != t) {
				parts = append(parts, t)
			}
		}
		t.Header = append(t.Header, strings.Join(parts, " "))
	}
	for _, row := range bl {
		for len(row.cells) < width {
			row.cells = append(row.cells, nil)
		}
		for i, c := range row.cells {
			if c == nil {
				row.cells[i] = r.slab.cell()
			}
		}
		pr := r.slab.row()
		*pr = page.Row{Cells: row.cells, Line: row.line}
		t.Rows = append(t.Rows, pr)
	}
	return &page.Block{Kind: page.KindTable, Table: t, Line: t.Line}
}

// appendRows collects a section's rows; anything else in it is passed over.
func (r *reader) appendRows(rows []*html.Node, section *html.Node) []*html.Node {
	for c := section.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == atom.Tr {
			rows = append(rows, c)
		} else {
			r.lines.enter(c)
			r.lines.skipChildren(c)
		}
	}
	return rows
}

// tableID is the id links use to point at a table: the empty anchors written
// just before it (doc-export's <a name>, docutils' <span id>), else its own id.
func tableID(n *html.Node) string {
	id := ""
	for s := n.PrevSibling; s != nil; s = s.PrevSibling {
		if s.Type == html.TextNode && strings.TrimSpace(s.Data) == "" {
			continue
		}
		a := emptyAnchorID(s)
		if a == "" {
			break
		}
		id = a
	}
	if id != "" {
		return id
	}
	if id := attr(n, "id"); id != "" {
		return id
	}
	return labelID(n)
}

// labelID is the id of the paragraph just before a table that has no id of
// its own: Sphinx pages label an uncaptioned object table with the field's
// name (<p id="...">agency</p><table>) and the field's row links to that
// paragraph.
func labelID(n *html.Node) string {
	for s := n.PrevSibling; s != nil; s = s.PrevSibling {
		if s.Type == html.TextNode && strings.TrimSpace(s.Data) == "" {
			continue
		}
		if s.Type == html.ElementNode && s.DataAtom == atom.P {
			return attr(s, "id")
		}
		return ""
	}
	return ""
}

// emptyAnchorID is the id or name of an empty <a> or <span>, else "".
func emptyAnchorID(n *html.Node) string {
	if n.Type != html.ElementNode || (n.DataAtom != atom.A && n.DataAtom != atom.Span) || n.FirstChild != nil {
		return ""
	}
	if id := attr(n, "id"); id != "" {
		return id
	}
	return attr(n, "name")
}

// captionText puts back the space lost between "<b>Table 3</b>" and the
// caption's words.
func captionText(s string) string {
	for _, p := range []string{"Table", "表"} {
		if !strings.HasPrefix(s, p) {
			continue
		}
		i := len(p)
		for i < len(s) && s[i] == ' ' {
			i++
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j > i && j < len(s) && s[j] != ' ' && s[j] != '.' && s[j] != '-' {
			return s[:j] + " " + s[j:]
		}
	}
	return s
}

// codeText is a pre's text as written, without leading or trailing blank
// lines.
func codeText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if c.DataAtom == atom.Br {
					b.WriteByte('\n')
				}
				walk(c)
			}
		}
	}
	walk(n)
	s := strings.ReplaceAll(b.String(), "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// textOf is the text content of n.
func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			} else if c.Type == html.ElementNode {
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, class string) bool {
	c := attr(n, "class")
	for len(c) > 0 {
		i := strings.Index(c, class)
		if i < 0 {
			return false
		}
		end := i + len(class)
		if (i == 0 || isClassSep(c[i-1])) && (end == len(c) || isClassSep(c[end])) {
			return true
		}
		c = c[end:]
	}
	return false
}

func isClassSep(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f'
}

// normalizeSpaceBytes is normalizeSpace for a reused buffer: one allocation.
func normalizeSpaceBytes(b []byte) string {
	n := normalizeSpace(unsafeString(b))
	if len(n) > 0 && len(b) > 0 && unsafe.StringData(n) == &b[0] {
		return string(b[:len(n)]) // unchanged: copy out of the buffer
	}
	return n
}

func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// normalizeSpace is page.NormalizeSpace without its intermediate slices:
// it runs on every paragraph of every page.
func normalizeSpace(s string) string {
	// Fast path: already normal.
	clean := true
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			clean = false
			break
		}
		sp := asciiSpace[c]
		if sp && (prevSpace || c != ' ') {
			clean = false
			break
		}
		prevSpace = sp
	}
	if clean && !prevSpace {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			i++
			if asciiSpace[c] {
				pending = b.Len() > 0
				continue
			}
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			b.WriteByte(c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\u00a0', '\u3000', '\u200b', '\ufeff':
			pending = b.Len() > 0
		default:
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

var asciiSpace = [128]bool{' ': true, '\t': true, '\n': true, '\r': true, '\f': true, '\v': true}
