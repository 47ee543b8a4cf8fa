package htmlpage

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/docspec/docspec/scraper/page"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parse is html.Parse of a whole page, and faster on the pages docspec
// reads: documentation generators (Sphinx, Huawei's doc export) write
// HTML whose every element is closed where it is opened. On such markup
// the HTML5 tree-construction algorithm never repairs anything, and its
// tree is the one the tags spell. fastParse builds that tree straight from
// the bytes, in one pass, with the texts and attribute values read in
// place and the nodes taken from arenas; at the first token
// where the algorithm would do more than "append, push, pop" — an element
// closed by another, a missing end tag the parser would imply, a table
// cell outside a row, foreign content, a stray character reference in a
// tag — it gives up, and the page goes to html.Parse. The two trees are
// the same node for node (TestFastParseSameTree on every page of sources/
// and the corpus, FuzzFastParse on anything).
//
// first is the file line m starts on. parse also returns the lines of the
// start tags (scanTagLines') and the line of the outermost table the page
// never closes, 0 if none (unclosedTable's).
//
// done must be called with the page read from the tree when the tree is
// no longer used: the fast path's nodes are used again for the next page,
// and its texts are the bytes of m, which the page must not keep (done
// copies what it took of them).
func parse(m []byte, first int) (root *html.Node, lines *tagLines, open int, done func(*page.Page), err error) {
	if p, ok := fastParse(m, first); ok {
		if len(p.tables) > 0 {
			open = int(p.tables[0])
		}
		return p.doc, p.lines, open, func(pg *page.Page) {
			if pg != nil {
				detach(pg, p.src)
			}
			p.arena.release()
		}, nil
	}
	root, err = html.Parse(bytes.NewReader(m))
	if err != nil {
		return nil, nil, 0, nil, err
	}
	open, ok := unclosedTable(m)
	if ok {
		open += first - 1 // a line of the file, as the tags' are
	}
	return root, scanTagLines(m, first), open, func(*page.Page) {}, nil
}

// Insertion modes (the HTML5 names); the table modes are told by the
// current node instead.
const (
	modeInitial = iota
	modeBeforeHTML
	modeBeforeHead
	modeInHead
	modeAfterHead
	modeInBody
	modeAfterBody
	modeAfterAfterBody
)

type fastParser struct {
	src   string // the page's bytes: texts and values are its substrings
	pos   int
	doc   *html.Node
	stack []*html.Node
	mode  int
	form  *html.Node // the open form, if any
	// raw is the raw-text element (script, style, title) whose text comes
	// next, or nil.
	raw    *html.Node
	giveUp bool // met what the fast path leaves to html.Parse inside a step (see element, text)
	merges int  // texts joined to the text before them (see text)
	*arena

	// lines are the lines of the tracked start tags, as scanTagLines
	// gives them; line is the line of lineAt.
	lines        *tagLines
	line, lineAt int
	tables       []int32 // the lines of the open tables, outermost first
}

// fastParse reads m, whose first line is the file's line first, into
// p.doc, the tree html.Parse gives m; false when m is not in the subset it
// builds (see parse).
func fastParse(m []byte, first int) (p *fastParser, ok bool) {
	// A NUL or a carriage return is rewritten by the tokenizer in places;
	// leave such pages to it.
	if bytes.IndexByte(m, 0) >= 0 || bytes.IndexByte(m, '\r') >= 0 {
		return nil, false
	}
	// The texts and values of the tree are substrings of m itself, read
	// in place: m is not written while the page is read, and done copies
	// what the page keeps of it.
	p = &fastParser{src: unsafe.String(unsafe.SliceData(m), len(m)), stack: make([]*html.Node, 0, 32), lines: new(tagLines), line: first, arena: arenas.Get().(*arena)}
	p.doc = p.node()
	p.doc.Type = html.DocumentNode
	if !p.run() {
		p.arena.release()
		return nil, false
	}
	return p, true
}

// detach gives every string of pg that lies in src a copy of its own, so
// that the page keeps nothing of the bytes it was read from (its caller's,
// which may be used again). Most of a page's texts are copies already (a
// paragraph is built in a buffer); what is not are values and single texts
// taken as they are: link targets, ids, captions, headers.
func detach(pg *page.Page, src string) {
	if len(src) == 0 {
		return
	}
	lo := uintptr(unsafe.Pointer(unsafe.StringData(src)))
	hi := lo + uintptr(len(src))
	own := func(s *string) {
		if len(*s) == 0 {
			return
		}
		if d := uintptr(unsafe.Pointer(unsafe.StringData(*s))); d >= lo && d < hi {
			*s = strings.Clone(*s)
		}
	}
	links := func(ls []page.Link) {
		for i := range ls {
			own(&ls[i].Text)
			own(&ls[i].Href)
		}
	}
	var blocks func(bs []*page.Block)
	cell := func(c *page.Cell) {
		if c != nil {
			links(c.Links)
			blocks(c.Blocks)
		}
	}
	blocks = func(bs []*page.Block) {
		for _, b := range bs {
			own(&b.Text)
			links(b.Links)
			for _, it := range b.Items {
				cell(it)
			}
			if t := b.Table; t != nil {
				own(&t.ID)
				own(&t.Caption)
				for i := range t.Header {
					own(&t.Header[i])
				}
				for _, r := range t.Rows {
					for _, c := range r.Cells {
						cell(c)
					}
				}
			}
		}
	}
	own(&pg.File)
	own(&pg.Dialect)
	own(&pg.Language)
	own(&pg.Title)
	own(&pg.Anchor)
	blocks(pg.Blocks)
}

// An arena holds the nodes and attributes of one tree, in blocks that are
// used again for the next page once the reader is done with a tree (the
// page model keeps no node): a page makes some thousand nodes, most of
// them text, and allocating them anew for every page was a third of the
// bytes a scrape allocates.
type arena struct {
	blocks     [][]html.Node
	attrBlocks [][]html.Attribute
	nb, nab    int // the blocks in use: blocks[:nb], attrBlocks[:nab]
	nodes      []html.Node
	n          int // nodes[:n] are taken
	attrs      []html.Attribute
	na         int
}

var arenas = sync.Pool{New: func() any { return new(arena) }}

const arenaBlock = 512

// nextBlock is the next block of an arena's list, made when the list has
// none left: blocks[:*used] are in use.
func nextBlock[T any](blocks *[][]T, used *int) []T {
	if *used == len(*blocks) {
		*blocks = append(*blocks, make([]T, arenaBlock))
	}
	*used++
	return (*blocks)[*used-1]
}

// release clears the tree's nodes and gives the arena back: no node of
// the tree may be used after.
func (a *arena) release() {
	for _, b := range a.blocks[:a.nb] {
		clear(b)
	}
	for _, b := range a.attrBlocks[:a.nab] {
		clear(b)
	}
	a.nb, a.nab, a.nodes, a.n, a.attrs, a.na = 0, 0, nil, 0, nil, 0
	arenas.Put(a)
}

// lineOf is the line of offset i, which is not before the last one asked.
func (p *fastParser) lineOf(i int) int32 {
	p.line += strings.Count(p.src[p.lineAt:i], "\n")
	p.lineAt = i
	return int32(p.line)
}

// node is a new node from the current block.
func (p *fastParser) node() *html.Node {
	a := p.arena
	if a.n == len(a.nodes) {
		a.nodes = nextBlock(&a.blocks, &a.nb)
		a.n = 0
	}
	n := &a.nodes[a.n]
	a.n++
	return n
}

func (p *fastParser) top() *html.Node { return p.stack[len(p.stack)-1] }

func (p *fastParser) pop() { p.stack = p.stack[:len(p.stack)-1] }

// element appends a new element to the current node (or to the document
// when there is none) and makes it current.
func (p *fastParser) element(a atom.Atom, name string, attr []html.Attribute) *html.Node {
	n := p.node()
	n.Type, n.DataAtom, n.Data, n.Attr = html.ElementNode, a, name, attr
	if len(p.stack) == 0 {
		p.doc.AppendChild(n)
	} else {
		p.top().AppendChild(n)
	}
	p.stack = append(p.stack, n)
	if len(p.stack) > maxOpen {
		p.giveUp = true
	}
	return n
}

// maxOpen is html.Parse's limit of open elements: past it, it refuses the
// page, and so the fast path leaves such a page to it. It also bounds the
// walks of the open elements that some start tags make.
const maxOpen = 512

// maxMerges is how many texts may be joined to the text before them.
const maxMerges = 64

// text appends text to the current node, to its last child when that is
// text already (html.Parse's addText).
func (p *fastParser) text(s string) {
	if s == "" {
		return
	}
	t := p.top()
	if l := t.LastChild; l != nil && l.Type == html.TextNode {
		// Texts meet only around tokens the tree does not keep in place
		// (after the body): a few on a page. Many would make the page
		// quadratic to build this way; leave such a page to html.Parse.
		if p.merges++; p.merges > maxMerges {
			p.giveUp = true
		}
		l.Data += s
		return
	}
	n := p.node()
	n.Type, n.Data = html.TextNode, s
	t.AppendChild(n)
}

func (p *fastParser) comment(to *html.Node, s string) {
	n := p.node()
	n.Type, n.Data = html.CommentNode, s
	to.AppendChild(n)
}

// imply takes the step the parser takes at a token its mode does not
// accept before the body: it opens (or closes) the element the mode
// stands for.
func (p *fastParser) imply() {
	switch p.mode {
	case modeInitial:
		p.mode = modeBeforeHTML
	case modeBeforeHTML:
		p.element(atom.Html, "html", nil)
		p.mode = modeBeforeHead
	case modeBeforeHead:
		p.element(atom.Head, "head", nil)
		p.mode = modeInHead
	case modeInHead:
		p.pop()
		p.mode = modeAfterHead
	case modeAfterHead:
		p.element(atom.Body, "body", nil)
		p.mode = modeInBody
	}
}

const whitespace = " \t\r\n\f"

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r'
}

// run reads every token; false as soon as one is outside the subset.
func (p *fastParser) run() bool {
	s := p.src
	for p.pos < len(s) {
		if p.giveUp {
			return false
		}
		if p.raw != nil {
			if !p.rawText() {
				return false
			}
			continue
		}
		// Text runs to the next '<' that starts a tag, a comment or a
		// declaration; any other '<' is text.
		i := p.pos
		for {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				i = len(s)
				break
			}
			i += j
			if i+1 < len(s) {
				c := s[i+1]
				if isASCIILetter(c) || c == '/' || c == '!' || c == '?' {
					break
				}
			}
			i++
		}
		if i > p.pos {
			t := s[p.pos:i]
			if strings.IndexByte(t, '&') >= 0 {
				t = html.UnescapeString(t)
			}
			p.pos = i
			if !p.onText(t) {
				return false
			}
			continue
		}
		// s[i] == '<', followed by a letter, '/', '!' or '?'.
		switch c := s[i+1]; {
		case isASCIILetter(c):
			if !p.startTag() {
				return false
			}
		case c == '/':
			if !p.endTag() {
				return false
			}
		case c == '!':
			if !p.declaration() {
				return false
			}
		default: // "<?": a bogus comment
			return false
		}
	}
	if p.raw != nil || p.giveUp {
		return false
	}
	// The end of the page: what html.Parse implies then.
	for p.mode < modeInBody {
		p.imply()
	}
	return true
}

// name reads a tag or attribute name at p.pos: letters, digits and the
// characters given; "" when the name has any other character before its
// end.
func (p *fastParser) name(extra string) string {
	s, i := p.src, p.pos
	for i < len(s) {
		c := s[i]
		if isASCIILetter(c) || '0' <= c && c <= '9' || strings.IndexByte(extra, c) >= 0 {
			i++
			continue
		}
		break
	}
	if i == p.pos || i == len(s) {
		return ""
	}
	if c := s[i]; !isSpace(c) && c != '/' && c != '>' && (extra == "" || c != '=') {
		return ""
	}
	n := s[p.pos:i]
	p.pos = i
	for k := 0; k < len(n); k++ {
		if 'A' <= n[k] && n[k] <= 'Z' {
			return strings.ToLower(n)
		}
	}
	return n
}

func (p *fastParser) skipSpace() {
	for p.pos < len(p.src) && isSpace(p.src[p.pos]) {
		p.pos++
	}
}

// tagName is the tag's atom and its name as html.Parse writes it.
func tagName(n string) (atom.Atom, string) {
	if a := atom.Lookup([]byte(n)); a != 0 {
		return a, a.String()
	}
	return 0, n
}

// startTag reads "<name attr=value ...>" or "<name .../>".
func (p *fastParser) startTag() bool {
	start := p.pos
	p.pos++
	n := p.name("")
	if n == "" {
		return false
	}
	a, name := tagName(n)
	if k := tracked(a); k > 0 {
		l := p.lineOf(start)
		p.lines[k] = append(p.lines[k], l)
		if a == atom.Table {
			p.tables = append(p.tables, l)
		}
	}
	var attr []html.Attribute
	escaped := false
	selfClosing := false
	s := p.src
	for {
		p.skipSpace()
		if p.pos >= len(s) {
			return false
		}
		if s[p.pos] == '>' {
			p.pos++
			break
		}
		if s[p.pos] == '/' {
			if p.pos+1 < len(s) && s[p.pos+1] == '>' {
				p.pos += 2
				selfClosing = true
				break
			}
			return false
		}
		key := p.name("-_:.")
		if key == "" {
			return false
		}
		p.skipSpace()
		val := ""
		if p.pos < len(s) && s[p.pos] == '=' {
			p.pos++
			p.skipSpace()
			if p.pos >= len(s) {
				return false
			}
			switch q := s[p.pos]; q {
			case '"', '\'':
				e := strings.IndexByte(s[p.pos+1:], q)
				if e < 0 {
					return false
				}
				val = s[p.pos+1 : p.pos+1+e]
				p.pos += e + 2
				// The next must end the tag or the value: html.Parse
				// reads `a="x"b` as two attributes too, but keep to the
				// plain form.
				if p.pos < len(s) && !isSpace(s[p.pos]) && s[p.pos] != '>' && s[p.pos] != '/' {
					return false
				}
			default:
				e := p.pos
				for e < len(s) && !isSpace(s[e]) && s[e] != '>' {
					switch s[e] {
					case '"', '\'', '<', '=', '`', '/':
						return false
					}
					e++
				}
				if e == p.pos {
					return false
				}
				val = s[p.pos:e]
				p.pos = e
			}
		}
		if strings.IndexByte(val, '&') >= 0 {
			escaped = true
		}
		dup := false
		for _, x := range attr {
			if x.Key == key {
				dup = true
			}
		}
		if dup {
			continue // html.Parse keeps the first
		}
		if a, _ := tagName(key); a != 0 {
			key = a.String()
		}
		if attr == nil {
			attr = p.attrBlock()
		}
		attr = append(attr, html.Attribute{Key: key, Val: val})
	}
	if escaped {
		// Character references in attribute values are read by rules of
		// their own: let the tokenizer read this one tag.
		z := html.NewTokenizer(strings.NewReader(s[start:p.pos]))
		z.Next()
		attr = z.Token().Attr
	} else if attr != nil {
		if len(attr) <= 16 {
			p.na += len(attr) // taken from the block
		}
		attr = attr[:len(attr):len(attr)]
	}
	return p.onStart(a, name, attr, selfClosing)
}

// attrBlock is an empty slice with room for a tag's attributes, from the
// current block (taken in startTag once their number is known).
func (p *fastParser) attrBlock() []html.Attribute {
	a := p.arena
	if len(a.attrs)-a.na < 16 {
		a.attrs = nextBlock(&a.attrBlocks, &a.nab)
		a.na = 0
	}
	return a.attrs[a.na : a.na : a.na+16]
}

// endTag reads "</name>".
func (p *fastParser) endTag() bool {
	p.pos += 2
	n := p.name("")
	if n == "" {
		return false
	}
	p.skipSpace()
	if p.pos >= len(p.src) || p.src[p.pos] != '>' {
		return false
	}
	p.pos++
	a, name := tagName(n)
	return p.onEnd(a, name)
}

// declaration reads "<!--comment-->" or "<!DOCTYPE html>".
func (p *fastParser) declaration() bool {
	s := p.src[p.pos:]
	if strings.HasPrefix(s, "<!--") {
		e := strings.Index(s[4:], "-->")
		if e <= 0 {
			return false
		}
		c := s[4 : 4+e]
		// The tokenizer's edge cases ("<!-->", "<!--->", "--!>", a
		// trailing dash) are left to it.
		if c[0] == '>' || c[0] == '-' || c[len(c)-1] == '-' || strings.Contains(c, "--") {
			return false
		}
		if strings.IndexByte(c, '&') >= 0 {
			c = html.UnescapeString(c)
		}
		p.pos += 4 + e + 3
		return p.onComment(c)
	}
	const doctype = "<!doctype"
	if len(s) < len(doctype) || !strings.EqualFold(s[:len(doctype)], doctype) || p.mode != modeInitial {
		return false
	}
	p.pos += len(doctype)
	if p.pos >= len(p.src) || !isSpace(p.src[p.pos]) {
		return false
	}
	p.skipSpace()
	if n := p.name(""); n != "html" {
		return false
	}
	p.skipSpace()
	if p.pos >= len(p.src) || p.src[p.pos] != '>' {
		return false
	}
	p.pos++
	n := p.node()
	n.Type, n.Data = html.DoctypeNode, "html"
	p.doc.AppendChild(n)
	p.mode = modeBeforeHTML
	return true
}

// rawText reads the text of a script, style or title, up to its end tag.
func (p *fastParser) rawText() bool {
	s := p.src[p.pos:]
	name := p.raw.Data
	e := 0
	for {
		k := strings.Index(s[e:], "</")
		if k < 0 {
			return false
		}
		e += k
		t := s[e+2:]
		if len(t) > len(name) && strings.EqualFold(t[:len(name)], name) {
			if c := t[len(name)]; isSpace(c) || c == '/' || c == '>' {
				break
			}
		}
		e += 2
	}
	t := s[:e]
	if p.raw.DataAtom == atom.Script {
		// "<!--" in a script changes where the tokenizer ends it.
		if strings.Contains(t, "<!--") {
			return false
		}
	} else if p.raw.DataAtom == atom.Title && strings.IndexByte(t, '&') >= 0 {
		t = html.UnescapeString(t)
	}
	// The end tag, "</name>", closes the element whatever the mode.
	k := e + 2 + len(name)
	for k < len(s) && isSpace(s[k]) {
		k++
	}
	if k >= len(s) || s[k] != '>' {
		return false
	}
	p.text(t)
	p.pos += k + 1
	p.pop()
	p.raw = nil
	return true
}

// onText is a text token.
func (p *fastParser) onText(t string) bool {
	for {
		switch p.mode {
		case modeInitial, modeBeforeHTML, modeBeforeHead:
			t = strings.TrimLeft(t, whitespace)
			if t == "" {
				return true
			}
			p.imply()
		case modeInHead, modeAfterHead:
			rest := strings.TrimLeft(t, whitespace)
			p.text(t[:len(t)-len(rest)])
			if rest == "" {
				return true
			}
			t = rest
			p.imply()
		case modeInBody:
			return p.bodyText(t)
		default: // after the body
			if strings.TrimLeft(t, whitespace) != "" {
				return false
			}
			return p.bodyText(t)
		}
	}
}

// tableContext: the current node takes only table parts and whitespace.
func tableContext(a atom.Atom) bool {
	switch a {
	case atom.Table, atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr, atom.Colgroup:
		return true
	}
	return false
}

func (p *fastParser) bodyText(t string) bool {
	top := p.top()
	if tableContext(top.DataAtom) {
		if strings.Trim(t, whitespace) != "" {
			return false // foster-parented
		}
		p.text(t)
		return true
	}
	if (top.DataAtom == atom.Pre || top.DataAtom == atom.Listing) && top.FirstChild == nil {
		t = strings.TrimPrefix(t, "\n") // a newline right after <pre> is not content
	}
	p.text(t)
	return true
}

// onComment is a comment token.
func (p *fastParser) onComment(c string) bool {
	switch p.mode {
	case modeInitial, modeBeforeHTML, modeAfterAfterBody:
		p.comment(p.doc, c)
	case modeAfterBody:
		p.comment(p.stack[0], c)
	default:
		p.comment(p.top(), c)
	}
	return true
}

// onStart is a start tag.
func (p *fastParser) onStart(a atom.Atom, name string, attr []html.Attribute, selfClosing bool) bool {
	if selfClosing && !isVoid(a) {
		return false // html.Parse opens it and reads on inside
	}
	for p.mode < modeInBody {
		switch p.mode {
		case modeBeforeHTML:
			if a == atom.Html {
				p.element(a, name, attr)
				p.mode = modeBeforeHead
				return true
			}
		case modeBeforeHead:
			switch a {
			case atom.Head:
				p.element(a, name, attr)
				p.mode = modeInHead
				return true
			case atom.Html:
				return false
			}
		case modeInHead:
			switch a {
			case atom.Meta, atom.Link, atom.Base:
				p.element(a, name, attr)
				p.pop()
				return true
			case atom.Script, atom.Style, atom.Title:
				p.raw = p.element(a, name, attr)
				return true
			case atom.Html, atom.Head, atom.Noscript, atom.Noframes, atom.Template, atom.Basefont, atom.Bgsound:
				return false
			}
		case modeAfterHead:
			switch a {
			case atom.Body:
				p.element(a, name, attr)
				p.mode = modeInBody
				return true
			case atom.Html, atom.Head, atom.Frameset,
				atom.Base, atom.Basefont, atom.Bgsound, atom.Link, atom.Meta, atom.Noframes, atom.Script, atom.Style, atom.Template, atom.Title:
				return false // merged into, or put in, an element before
			}
		}
		p.imply()
	}
	if p.mode != modeInBody {
		return false // after the body
	}
	top := p.top()
	if tableContext(top.DataAtom) {
		var want atom.Atom
		switch a {
		case atom.Caption, atom.Colgroup, atom.Tbody, atom.Thead, atom.Tfoot:
			want = atom.Table
		case atom.Tr:
			want = atom.Tbody // or thead, tfoot
		case atom.Td, atom.Th:
			want = atom.Tr
		case atom.Col:
			want = atom.Colgroup
		default:
			return false
		}
		got := top.DataAtom
		if got == atom.Thead || got == atom.Tfoot {
			got = atom.Tbody
		}
		if got != want {
			return false // an implied table part
		}
		p.element(a, name, attr)
		if a == atom.Col {
			p.pop()
		}
		return true
	}
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Center, atom.Details, atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Header, atom.Hgroup, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P, atom.Search, atom.Section, atom.Summary, atom.Ul, atom.Pre, atom.Listing, atom.Table:
		if p.inButtonScope(atom.P) {
			return false // closes the paragraph
		}
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		if p.inButtonScope(atom.P) || headingLevel(top.DataAtom) > 0 {
			return false
		}
	case atom.Form:
		if p.form != nil || p.inButtonScope(atom.P) {
			return false
		}
		p.form = p.element(a, name, attr)
		return true
	case atom.Li, atom.Dd, atom.Dt:
		if p.closesItem(a) || p.inButtonScope(atom.P) {
			return false
		}
	case atom.A:
		for i := len(p.stack) - 1; i >= 0; i-- {
			switch p.stack[i].DataAtom {
			case atom.A:
				return false // the adoption agency
			case atom.Td, atom.Th, atom.Caption:
				i = 0 // a marker: the list of formatting elements ends
			}
		}
	case atom.Hr:
		if p.inButtonScope(atom.P) {
			return false
		}
	case atom.Script, atom.Style, atom.Title:
		p.raw = p.element(a, name, attr)
		return true
	case atom.Html, atom.Body, atom.Head, atom.Frameset, atom.Frame,
		atom.Caption, atom.Col, atom.Colgroup, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr,
		atom.Nobr, atom.Applet, atom.Marquee, atom.Object, atom.Button, atom.Select, atom.Option, atom.Optgroup,
		atom.Textarea, atom.Xmp, atom.Iframe, atom.Noembed, atom.Noscript, atom.Noframes, atom.Plaintext,
		atom.Image, atom.Math, atom.Svg, atom.Template, atom.Rb, atom.Rtc, atom.Rp, atom.Rt,
		atom.Basefont, atom.Bgsound, atom.Keygen:
		return false
	}
	if isFormatting(a) && len(attr) > 1 {
		// html.Parse sorts a formatting element's attributes (to compare
		// them for the "Noah's Ark" clause).
		slices.SortFunc(attr, func(x, y html.Attribute) int {
			return cmp.Or(cmp.Compare(x.Namespace, y.Namespace), cmp.Compare(x.Key, y.Key), cmp.Compare(x.Val, y.Val))
		})
	}
	p.element(a, name, attr)
	if isVoid(a) {
		p.pop()
	}
	return true
}

// isFormatting: the formatting elements the fast path opens.
func isFormatting(a atom.Atom) bool {
	switch a {
	case atom.A, atom.B, atom.Big, atom.Code, atom.Em, atom.Font, atom.I, atom.S, atom.Small, atom.Strike, atom.Strong, atom.Tt, atom.U:
		return true
	}
	return false
}

// isVoid: elements without content, which the parser closes at once.
func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input, atom.Keygen, atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// inButtonScope: html.Parse's "has an element in button scope".
func (p *fastParser) inButtonScope(a atom.Atom) bool {
	for i := len(p.stack) - 1; i >= 0; i-- {
		switch t := p.stack[i].DataAtom; t {
		case a:
			return true
		case atom.Applet, atom.Caption, atom.Html, atom.Table, atom.Td, atom.Th, atom.Marquee, atom.Object, atom.Template, atom.Select, atom.Button:
			return false
		}
	}
	return false
}

// closesItem: a new list item (li; or dd, dt) closes an open one first.
func (p *fastParser) closesItem(a atom.Atom) bool {
	for i := len(p.stack) - 1; i >= 0; i-- {
		n := p.stack[i]
		switch n.DataAtom {
		case atom.Li:
			if a == atom.Li {
				return true
			}
		case atom.Dd, atom.Dt:
			if a != atom.Li {
				return true
			}
		case atom.Address, atom.Div, atom.P:
			continue
		}
		if isSpecial(n.DataAtom) {
			return false
		}
	}
	return false
}

// isSpecial: html.Parse's special elements (of the HTML namespace).
func isSpecial(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Applet, atom.Area, atom.Article, atom.Aside, atom.Base, atom.Basefont, atom.Bgsound, atom.Blockquote, atom.Body, atom.Br, atom.Button, atom.Caption, atom.Center, atom.Col, atom.Colgroup, atom.Dd, atom.Details, atom.Dir, atom.Div, atom.Dl, atom.Dt, atom.Embed, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form, atom.Frame, atom.Frameset, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Head, atom.Header, atom.Hgroup, atom.Hr, atom.Html, atom.Iframe, atom.Img, atom.Input, atom.Keygen, atom.Li, atom.Link, atom.Listing, atom.Main, atom.Marquee, atom.Menu, atom.Meta, atom.Nav, atom.Noembed, atom.Noframes, atom.Noscript, atom.Object, atom.Ol, atom.P, atom.Param, atom.Plaintext, atom.Pre, atom.Script, atom.Section, atom.Select, atom.Source, atom.Style, atom.Summary, atom.Table, atom.Tbody, atom.Td, atom.Template, atom.Textarea, atom.Tfoot, atom.Th, atom.Thead, atom.Title, atom.Tr, atom.Track, atom.Ul, atom.Wbr, atom.Xmp:
		return true
	}
	return false
}

// onEnd is an end tag: it must close the current node.
func (p *fastParser) onEnd(a atom.Atom, name string) bool {
	switch p.mode {
	case modeInHead:
		if a != atom.Head {
			return false
		}
		p.pop()
		p.mode = modeAfterHead
		return true
	case modeInBody:
	case modeAfterBody:
		if a != atom.Html {
			return false
		}
		p.mode = modeAfterAfterBody
		return true
	default:
		return false
	}
	top := p.top()
	switch a {
	case atom.Body, atom.Html:
		if top.DataAtom != atom.Body {
			return false
		}
		// The body stays the current node: what follows goes in it.
		p.mode = modeAfterBody
		if a == atom.Html {
			p.mode = modeAfterAfterBody
		}
		return true
	}
	if top.DataAtom != a || a == 0 && top.Data != name || len(p.stack) <= 2 {
		return false
	}
	if top == p.form {
		p.form = nil
	}
	if a == atom.Table {
		p.tables = p.tables[:len(p.tables)-1]
	}
	p.pop()
	return true
}
