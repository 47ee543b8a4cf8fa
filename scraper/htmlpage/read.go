package htmlpage

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/page"
)

// Error is a page, or a place in it, that cannot be read.
type Error = page.Error

// maxPreambleLines bounds the text allowed before the markup (a repository
// browser's path/commit/size lines), so that prose with a stray tag later on
// is not taken for HTML.
const maxPreambleLines = 40

// splitPreamble returns the markup of data and the number of lines before
// it, or ok=false when data does not look like markup.
func splitPreamble(data []byte) (markup []byte, skipped int, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	rest := data
	text := false // a preamble has text; blank lines alone belong to the file
	for skipped <= maxPreambleLines && len(rest) > 0 {
		t := bytes.TrimLeft(rest, " \t\r\f")
		if len(t) > 1 && t[0] == '<' && (isASCIILetter(t[1]) || t[1] == '!') {
			if !text {
				return data, 0, true
			}
			return rest, skipped, true
		}
		if len(t) > 0 && t[0] != '\n' {
			text = true
		}
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		rest = rest[i+1:]
		skipped++
	}
	return nil, 0, false
}

// Sniff tells which dialect of HTML data is in: model.DialectDocExport,
// model.DialectSphinx, or "" when it is neither (or not HTML at all).
func Sniff(data []byte) string {
	m, _, ok := splitPreamble(data)
	if !ok {
		return ""
	}
	return sniffMarkup(m)
}

var (
	sphinxMarkers = [][]byte{
		[]byte(`class="body" role="main"`),
		[]byte(`content="Docutils`),
		[]byte(`class="headerlink"`),
	}
	docExportMarkers = [][]byte{
		[]byte(`topictitle1`),
		[]byte(`"sectiontitle"`),
		[]byte(`cellrowborder`),
		[]byte(`familylinks`),
	}
)

func sniffMarkup(m []byte) string {
	for _, k := range sphinxMarkers {
		if bytes.Contains(m, k) {
			return model.DialectSphinx
		}
	}
	for _, k := range docExportMarkers {
		if bytes.Contains(m, k) {
			return model.DialectDocExport
		}
	}
	return ""
}

// Read reads one page. file is recorded as given and names the page in
// errors. Lines are the file's own, counted from its first line, preamble
// included.
func Read(file string, data []byte) (*page.Page, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{File: file, Msg: "empty file"}
	}
	m, skipped, ok := splitPreamble(data)
	if !ok {
		return nil, &Error{File: file, Line: 1, Msg: "not HTML: no markup in the first lines"}
	}
	dialect := sniffMarkup(m)
	if dialect == "" {
		return nil, &Error{File: file, Msg: "HTML of an unknown dialect: neither Huawei doc-export nor Sphinx markup"}
	}
	root, tl, open, done, err := parse(m, 1+skipped)
	if err != nil {
		return nil, &Error{File: file, Msg: "cannot parse HTML: " + err.Error()}
	}
	var p *page.Page
	defer func() { done(p) }() // the page keeps no node of the tree, nor its bytes
	r := &reader{dialect: dialect, lines: lineCounter{tl: tl}}
	p = &page.Page{File: file, Dialect: dialect}
	top := r.getSink(nil, false)
	body := findFirst(root, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	if body == nil {
		body = root
	}
	switch dialect {
	case model.DialectSphinx:
		main := findFirst(body, func(n *html.Node) bool {
			return n.DataAtom == atom.Div && hasClass(n, "body") && attr(n, "role") == "main"
		})
		if main == nil {
			main = findFirst(body, func(n *html.Node) bool { return attr(n, "role") == "main" })
		}
		if main == nil {
			r.skipChrome = true
			main = body
		}
		r.cur, _ = r.lines.advanceTo(root, main)
		r.container(main, top)
		r.finish(top)
		if b := r.sphinxParent(root, body, tl); b != nil {
			top.blocks = append(top.blocks, b)
		}
		p.Anchor = sphinxAnchor(main)
	default:
		r.cur, _ = r.lines.advanceTo(root, body)
		r.container(body, top)
		r.finish(top)
		if a := findFirst(body, func(n *html.Node) bool {
			_, ok := attrOK(n, "name")
			return n.DataAtom == atom.A && ok
		}); a != nil {
			p.Anchor = strings.TrimSpace(attr(a, "name"))
		}
	}
	p.Blocks = top.blocks
	for _, b := range p.Blocks {
		if b.Kind == page.KindHeading && b.Level == 1 {
			p.Title = b.Text
			break
		}
	}
	if len(p.Blocks) == 0 {
		return nil, &Error{File: file, Msg: "no content: the page has no headings, text, lists, tables or code"}
	}
	p.Language = language(p.Blocks)
	if line := open; line > 0 {
		return p, &Error{File: file, Line: line, Msg: fmt.Sprintf("the page ends inside the table opened on line %d (no </table> follows): it looks cut short, and the rows after line %d, if any, are missing", line, 1+skipped+bytes.Count(m, []byte("\n")))}
	}
	return p, nil
}

// unclosedTable is the line of the outermost <table> that the markup never
// closes: a page cut in the middle of a table (a truncated download).
// Comments are skipped; the count is of tags, so a cell that mentions
// "<table>" in escaped text (&lt;table&gt;) does not count.
func unclosedTable(m []byte) (line int, open bool) {
	// The stack holds the offsets of the open tables; only the outermost
	// open one, if any, is given a line (counting lines at every tag cost
	// more than the scan).
	var stack []int
	for i := 0; i < len(m); i++ {
		j := bytes.IndexByte(m[i:], '<')
		if j < 0 {
			break
		}
		i += j
		switch {
		case bytes.HasPrefix(m[i:], []byte("<!--")):
			end := bytes.Index(m[i+4:], []byte("-->"))
			if end < 0 {
				return outermostLine(m, stack)
			}
			i += 4 + end
		case tagIs(m[i+1:], "table"):
			stack = append(stack, i)
		case i+1 < len(m) && m[i+1] == '/' && tagIs(m[i+2:], "table") && len(stack) > 0:
			stack = stack[:len(stack)-1]
		}
	}
	return outermostLine(m, stack)
}

// outermostLine is the line, counted from 1, of the first offset of the stack.
func outermostLine(m []byte, stack []int) (int, bool) {
	if len(stack) == 0 {
		return 0, false
	}
	return 1 + bytes.Count(m[:stack[0]], []byte("\n")), true
}

// tagIs tells whether b starts with the tag name (any case) followed by the
// end of a tag name.
func tagIs(b []byte, name string) bool {
	if len(b) < len(name) || !bytes.EqualFold(b[:len(name)], []byte(name)) {
		return false
	}
	return len(b) == len(name) || isTagNameEnd(b[len(name)])
}

// sphinxAnchor is the id of the empty span docutils puts before the title
// for a page's reference label (":ref:`createsignaturekeyv2`").
func sphinxAnchor(main *html.Node) string {
	h := findFirst(main, func(n *html.Node) bool { return n.DataAtom == atom.H1 })
	if h == nil {
		return ""
	}
	for s := h.PrevSibling; s != nil; s = s.PrevSibling {
		if s.Type == html.TextNode && strings.TrimSpace(s.Data) == "" {
			continue
		}
		if id := emptyAnchorID(s); id != "" {
			return id
		}
		break
	}
	return ""
}

// The breadcrumb's selectors, compiled once (goquery's Find compiles its
// selector at every call).
var (
	navItem      = cascadia.MustCompile("li.nav-item")
	navItemThis  = cascadia.MustCompile(".nav-item-this")
	linkWithHref = cascadia.MustCompile("a[href]")
)

// sphinxParent turns the (bottom) breadcrumb's last parent into the "Parent topic:"
// paragraph that doc-export pages carry in their own text, so that both
// dialects tell the interpreter a page's group the same way.
func (r *reader) sphinxParent(root, body *html.Node, tl *tagLines) *page.Block {
	// The bottom breadcrumb is the last child of <body>: search from the end.
	var related *html.Node
	for c := body.LastChild; c != nil && related == nil; c = c.PrevSibling {
		if c.Type == html.ElementNode && hasClass(c, "related") {
			related = c
		}
	}
	if related == nil {
		return nil
	}
	items := goquery.NewDocumentFromNode(related).FindMatcher(navItem).NotMatcher(navItemThis)
	if items.Length() == 0 {
		return nil
	}
	li := items.Last()
	a := li.FindMatcher(linkWithHref).First()
	text := normalizeSpace(a.Text())
	if text == "" {
		return nil
	}
	b := &page.Block{Kind: page.KindParagraph, Text: "Parent topic: " + text, Line: lineOf(root, li.Nodes[0], tl)}
	if href, ok := a.Attr("href"); ok {
		b.Links = []page.Link{{Text: normalizeSpace(a.Text()), Href: href}}
	}
	return b
}

// language is "zh" when CJK characters make up a good part of the prose
// (Chinese pages keep field names and examples in ASCII), else "en".
func language(blocks []*page.Block) string {
	var cjk, latin int
	var count func(bs []*page.Block)
	count = func(bs []*page.Block) {
		for _, b := range bs {
			if cjk+latin > 20000 {
				return
			}
			switch b.Kind {
			case page.KindHeading, page.KindParagraph:
				for _, r := range b.Text {
					switch {
					case r < 0x80:
						if isASCIILetter(byte(r)) {
							latin++
						}
					case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
						cjk++
					case unicode.IsLetter(r):
						latin++
					}
				}
			case page.KindList:
				for _, it := range b.Items {
					count(it.Blocks)
				}
			case page.KindTable:
				for _, row := range b.Table.Rows {
					for _, c := range row.Cells {
						count(c.Blocks)
					}
				}
			}
		}
	}
	if !anyNonASCII(blocks) {
		return "en" // no CJK character: what counting would say
	}
	count(blocks)
	// A CJK character carries about a word; an English word is ~5 letters.
	if cjk > 0 && cjk*3 >= latin {
		return "zh"
	}
	return "en"
}

// anyNonASCII tells whether the text language counts holds a byte past
// ASCII.
func anyNonASCII(bs []*page.Block) bool {
	for _, b := range bs {
		switch b.Kind {
		case page.KindHeading, page.KindParagraph:
			for i := 0; i < len(b.Text); i++ {
				if b.Text[i] >= utf8.RuneSelf {
					return true
				}
			}
		case page.KindList:
			for _, it := range b.Items {
				if anyNonASCII(it.Blocks) {
					return true
				}
			}
		case page.KindTable:
			for _, row := range b.Table.Rows {
				for _, c := range row.Cells {
					if anyNonASCII(c.Blocks) {
						return true
					}
				}
			}
		}
	}
	return false
}

// findFirst is the first element under n, in document order, that f
// accepts. Unlike a selector search it stops there.
func findFirst(n *html.Node, f func(*html.Node) bool) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if f(c) {
			return c
		}
		if m := findFirst(c, f); m != nil {
			return m
		}
	}
	return nil
}
