package htmlpage

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/docspec/docspec/internal/golden"
	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/page"
)

const (
	seed000   = "seeds/000_eb03a289ab061748.txt"
	seed001   = "seeds/001_8b952d77154934fa.txt"
	sphinxCSK = "otc-apig/signature_key_management/creating_a_signature_key.html"
)

// pages lists testdata/pages, slash-separated and relative to it.
func pages(t testing.TB) []string {
	var out []string
	err := filepath.WalkDir("testdata/pages", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel("testdata/pages", p)
			out = append(out, golden.Name(filepath.ToSlash(rel)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	if len(out) == 0 {
		t.Fatal("no pages in testdata/pages")
	}
	return out
}

func readPage(t testing.TB, rel string) (*page.Page, []byte) {
	t.Helper()
	data := golden.Read(t, filepath.Join("testdata/pages", rel))
	p, err := Read(rel, data)
	if err != nil {
		t.Fatalf("Read(%s): %v", rel, err)
	}
	return p, data
}

func TestGolden(t *testing.T) {
	for _, rel := range pages(t) {
		t.Run(rel, func(t *testing.T) {
			p, _ := readPage(t, rel)
			got := page.Dump(p)
			golden.Check(t, filepath.Join("testdata/golden", strings.ReplaceAll(rel, "/", "__")+".golden"), []byte(got))
		})
	}
}

func TestSniff(t *testing.T) {
	cases := map[string]string{
		seed000:                        model.DialectDocExport,
		seed001:                        model.DialectDocExport,
		"otc-elb-v3/CreateMember.html": model.DialectDocExport,
		"otc-elb-v3/errorcode.html":    model.DialectDocExport,
		sphinxCSK:                      model.DialectSphinx,
		"otc-apig/signature_key_management/index.html":               model.DialectSphinx,
		"otc-apig/appendix/error_codes.html":                         model.DialectSphinx,
		"otc-apig/calling_apis/authentication.html":                  model.DialectSphinx,
		"otc-apig/environment_management/querying_environments.html": model.DialectSphinx,
	}
	for rel, want := range cases {
		data := golden.Read(t, filepath.Join("testdata/pages", rel))
		if got := Sniff(data); got != want {
			t.Errorf("Sniff(%s) = %q, want %q", rel, got, want)
		}
	}
	// The other seeds are text, Markdown and Alibaba's rendering: not ours.
	others, _ := filepath.Glob("testdata/other/*")
	if len(others) != 3 {
		t.Fatalf("want 3 files in testdata/other, have %d", len(others))
	}
	for _, f := range others {
		f = golden.Name(f)
		data := golden.Read(t, f)
		if got := Sniff(data); got != "" {
			t.Errorf("Sniff(%s) = %q, want \"\"", f, got)
		}
	}
	for name, data := range map[string]string{
		"empty":        "",
		"blank":        "\n \n\t\n",
		"prose":        "Creating a Signature Key\n\nFunction\nIt is a good practice.\n",
		"plain html":   "<html><body><h1>Hello</h1><p>world</p></body></html>",
		"late markup":  strings.Repeat("text\n", 60) + `<h1 class="topictitle1">x</h1>`,
		"json":         `{"class": "topictitle1"}`,
		"lone bracket": "<",
	} {
		if got := Sniff([]byte(data)); got != "" {
			t.Errorf("Sniff(%s) = %q, want \"\"", name, got)
		}
	}
}

func TestReadErrors(t *testing.T) {
	for name, data := range map[string]string{
		"empty.html":   "",
		"blank.html":   "  \n\n",
		"prose.html":   "Just some words.\nNo markup here.\n",
		"unknown.html": "<html><body><h1>Hello</h1></body></html>",
		// A Sphinx page cut inside its <head>: a dialect, but no content.
		"nocontent.html":  "<!DOCTYPE html>\n<html><head><meta name=\"generator\" content=\"Docutils 0.19\" />\n<title>x</title></head><body><div class=\"body\" role=\"main\">\n</div></body></html>",
		"chromeonly.html": `<html><head><meta name="generator" content="Docutils 0.19"></head><body><div class="related"><h3>Navigation</h3></div>`,
	} {
		p, err := Read(name, []byte(data))
		if err == nil {
			t.Errorf("Read(%s) = %d blocks, want an error", name, len(p.Blocks))
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.File != name || !strings.HasPrefix(err.Error(), name+":") {
			t.Errorf("Read(%s): error %q does not name the file", name, err)
		}
	}
}

// Truncated pages read what is there: never a panic, and once the title is
// in, the title; a page cut inside a table is read with an error naming the
// line of that table.
func TestReadTruncated(t *testing.T) {
	for _, rel := range []string{seed000, sphinxCSK, "otc-elb-v3/errorcode.html"} {
		data := golden.Read(t, filepath.Join("testdata/pages", rel))
		full, err := Read(rel, data)
		if err != nil {
			t.Fatal(err)
		}
		titleEnd := bytes.Index(data, []byte("<h1")) + len(full.Title) + 200
		for cut := 0; cut < len(data); cut += 211 {
			p, err := Read(rel, data[:cut])
			if err != nil && p != nil {
				var e *Error
				if !errors.As(err, &e) || e.Line == 0 || !strings.Contains(err.Error(), "ends inside the table") {
					t.Errorf("%s cut at %d: partial read with error %v, want the table it ends in", rel, cut, err)
				}
				err = nil
			}
			if err != nil {
				if cut > titleEnd {
					t.Errorf("%s cut at %d: %v", rel, cut, err)
				}
				continue
			}
			if cut > titleEnd && p.Title != full.Title {
				t.Errorf("%s cut at %d: title %q, want %q", rel, cut, p.Title, full.Title)
			}
			checkShape(t, rel, p)
		}
	}
}

// checkShape asserts what every page read must satisfy.
func checkShape(t testing.TB, rel string, p *page.Page) {
	t.Helper()
	if p.Language != "en" && p.Language != "zh" {
		t.Errorf("%s: language %q", rel, p.Language)
	}
	var walk func(bs []*page.Block)
	walk = func(bs []*page.Block) {
		for _, b := range bs {
			switch b.Kind {
			case page.KindTable:
				for i, r := range b.Table.Rows {
					if len(r.Cells) < len(b.Table.Header) {
						t.Errorf("%s: table %q row %d has %d cells for %d header columns", rel, b.Table.Caption, i+1, len(r.Cells), len(b.Table.Header))
					}
					for _, c := range r.Cells {
						if c == nil {
							t.Fatalf("%s: table %q row %d has a nil cell", rel, b.Table.Caption, i+1)
						}
						walk(c.Blocks)
					}
				}
			case page.KindList:
				for _, it := range b.Items {
					walk(it.Blocks)
				}
			case page.KindParagraph, page.KindHeading:
				if b.Text == "" || b.Text != page.NormalizeSpace(b.Text) {
					t.Errorf("%s: L%d %s text not normalised: %q", rel, b.Line, b.Kind, b.Text)
				}
			}
		}
	}
	walk(p.Blocks)
}

func TestShapeAllPages(t *testing.T) {
	for _, rel := range pages(t) {
		p, _ := readPage(t, rel)
		checkShape(t, rel, p)
	}
}

// Lines point at the element's own start tag, counted in the file as given:
// on seed pages the repository browser's lines count too, so that file:line
// in a report opens the row in an editor.
func TestLines(t *testing.T) {
	for _, rel := range pages(t) {
		p, data := readPage(t, rel)
		_, skipped, _ := splitPreamble(data)
		if strings.HasPrefix(rel, "seeds/") && skipped != 11 {
			t.Errorf("%s: skipped %d preamble lines, want 11", rel, skipped)
		}
		lines := strings.Split(string(data), "\n")
		has := func(line int, what string) bool {
			return line >= 1 && line <= len(lines) && strings.Contains(strings.ToLower(lines[line-1]), what)
		}
		var walk func(bs []*page.Block)
		walk = func(bs []*page.Block) {
			for _, b := range bs {
				if b.Line < 1 {
					t.Errorf("%s: %s %q has no line", rel, b.Kind, b.Text)
				}
				switch b.Kind {
				case page.KindHeading:
					if !has(b.Line, "<h") {
						t.Errorf("%s: heading %q at L%d: no <h there", rel, b.Text, b.Line)
					}
				case page.KindCode:
					if !has(b.Line, "<pre") {
						t.Errorf("%s: code at L%d: no <pre there", rel, b.Line)
					}
				case page.KindList:
					if !has(b.Line, "<ul") && !has(b.Line, "<ol") {
						t.Errorf("%s: list at L%d: no <ul/<ol there", rel, b.Line)
					}
					for _, it := range b.Items {
						walk(it.Blocks)
					}
				case page.KindTable:
					if !has(b.Line, "<table") {
						t.Errorf("%s: table %q at L%d: no <table there", rel, b.Table.Caption, b.Line)
					}
					for _, r := range b.Table.Rows {
						if !has(r.Line, "<tr") {
							t.Errorf("%s: table %q row at L%d: no <tr there", rel, b.Table.Caption, r.Line)
						}
						for _, c := range r.Cells {
							walk(c.Blocks)
						}
					}
				}
			}
		}
		walk(p.Blocks)
	}
	p, _ := readPage(t, seed000)
	if h := p.Blocks[0]; h.Kind != page.KindHeading || h.Line != 13 {
		t.Errorf("seed 000: title at L%d, want L13 (after the 11 browser lines and a blank one)", h.Line)
	}
}

// The line scanner sees the same tracked start tags as the parser makes
// elements, on every test page: otherwise lines drift.
func TestLineScanMatchesParser(t *testing.T) {
	for _, rel := range pages(t) {
		data := golden.Read(t, filepath.Join("testdata/pages", rel))
		markup, _, _ := splitPreamble(data)
		root, err := html.Parse(bytes.NewReader(markup))
		if err != nil {
			t.Fatal(err)
		}
		tl := scanTagLines(markup, 1)
		var seen [nSlots]int
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					seen[tracked(c.DataAtom)]++
					walk(c)
				}
			}
		}
		walk(root)
		for s := 1; s < nSlots; s++ {
			if seen[s] != len(tl[s]) {
				t.Errorf("%s: slot %d: parser made %d elements, scanner saw %d start tags", rel, s, seen[s], len(tl[s]))
			}
		}
	}
}

func findTable(p *page.Page, caption string) *page.Table {
	var found *page.Table
	var walk func(bs []*page.Block)
	walk = func(bs []*page.Block) {
		for _, b := range bs {
			if found != nil {
				return
			}
			if b.Kind == page.KindTable {
				if b.Table.Caption == caption {
					found = b.Table
					return
				}
				for _, r := range b.Table.Rows {
					for _, c := range r.Cells {
						walk(c.Blocks)
					}
				}
			}
		}
	}
	walk(p.Blocks)
	return found
}

func tables(p *page.Page) []*page.Table {
	var out []*page.Table
	for _, b := range p.Blocks {
		if b.Kind == page.KindTable {
			out = append(out, b.Table)
		}
	}
	return out
}

func rowByName(t *page.Table, name string) *page.Row {
	for _, r := range t.Rows {
		if len(r.Cells) > 0 && r.Cells[0].Text() == name {
			return r
		}
	}
	return nil
}

func TestSeed000SignTypeEnum(t *testing.T) {
	p, _ := readPage(t, seed000)
	if p.Title != "Creating a Signature Key" || p.Anchor != "CreateSignatureKeyV2" || p.Dialect != model.DialectDocExport || p.Language != "en" {
		t.Fatalf("seed 000: title %q anchor %q dialect %q language %q", p.Title, p.Anchor, p.Dialect, p.Language)
	}
	tb := findTable(p, "Table 3 Request body parameters")
	if tb == nil {
		t.Fatal(`seed 000: no table "Table 3 Request body parameters"`)
	}
	if want := []string{"Parameter", "Mandatory", "Type", "Description"}; !slices.Equal(tb.Header, want) {
		t.Errorf("Table 3 header %q, want %q", tb.Header, want)
	}
	r := rowByName(tb, "sign_type")
	if r == nil {
		t.Fatal("Table 3: no row sign_type")
	}
	var lists [][]string
	for _, b := range r.Cells[3].Blocks {
		if b.Kind == page.KindList {
			var items []string
			for _, it := range b.Items {
				items = append(items, it.Text())
			}
			lists = append(lists, items)
		}
	}
	want := []string{"hmac", "basic", "public_key", "aes"}
	if len(lists) != 2 || !slices.Equal(lists[0], want) || !slices.Equal(lists[1], want) {
		t.Errorf("Table 3 row sign_type: lists %q, want twice %q (types, then enumeration values)", lists, want)
	}
	if r.Line != 97 {
		t.Errorf("Table 3 row sign_type at L%d, want L97 (seed 000 line 97: <tr id=\"CreateSignatureKeyV2__row...\"> of sign_type)", r.Line)
	}
}

// The doc-export seed and the Sphinx rendering of CreateSignatureKeyV2 give
// the same headings, table captions, row names and examples.
func TestDialectsAgreeCreateSignatureKeyV2(t *testing.T) {
	de, _ := readPage(t, seed000)
	sp, _ := readPage(t, sphinxCSK)
	if de.Title != sp.Title {
		t.Errorf("titles %q vs %q", de.Title, sp.Title)
	}
	if !strings.EqualFold(de.Anchor, sp.Anchor) {
		t.Errorf("anchors %q vs %q", de.Anchor, sp.Anchor)
	}
	sum := func(p *page.Page) (heads, caps, rows, code []string) {
		for _, b := range p.Blocks {
			switch b.Kind {
			case page.KindHeading:
				heads = append(heads, b.Text)
			case page.KindCode:
				code = append(code, strings.Join(strings.Fields(b.Text), ""))
			}
		}
		for _, tb := range tables(p) {
			caps = append(caps, tb.Caption)
			for _, r := range tb.Rows {
				rows = append(rows, tb.Caption+" / "+r.Cells[0].Text())
			}
		}
		return
	}
	h1, c1, r1, x1 := sum(de)
	h2, c2, r2, x2 := sum(sp)
	if !slices.Equal(h1, h2) {
		t.Errorf("headings differ:\n%q\n%q", h1, h2)
	}
	if !slices.Equal(c1, c2) {
		t.Errorf("captions differ:\n%q\n%q", c1, c2)
	}
	if !slices.Equal(r1, r2) {
		t.Errorf("rows differ:\n%q\n%q", r1, r2)
	}
	if !slices.Equal(x1, x2) {
		t.Errorf("examples differ:\n%q\n%q", x1, x2)
	}
	if len(c1) < 10 || len(r1) < 20 || len(x1) != 8 {
		t.Errorf("seed 000: %d captions, %d rows, %d examples: too few", len(c1), len(r1), len(x1))
	}
	last := func(p *page.Page) string { return p.Blocks[len(p.Blocks)-1].Text }
	if last(de) != last(sp) || last(de) != "Parent topic: Signature Key Management" {
		t.Errorf("parent topics %q vs %q", last(de), last(sp))
	}
}

// Seed 001 has few element ids (no paragraph or row ids); it still reads,
// with no "Calling Method".
func TestSeed001NoIDs(t *testing.T) {
	p, _ := readPage(t, seed001)
	if p.Anchor != "CreateSignatureKeyV2_1" {
		t.Errorf("anchor %q", p.Anchor)
	}
	for _, b := range p.Blocks {
		if b.Kind == page.KindHeading && b.Text == "Calling Method" {
			t.Error("seed 001 has a Calling Method section")
		}
	}
	tb := findTable(p, "Table 3 Request body parameters")
	if tb == nil || tb.ID != "CreateSignatureKeyV2_1__request_BaseSignature" || rowByName(tb, "sign_type") == nil {
		t.Fatalf("seed 001: Table 3 %+v", tb)
	}
}

// errorcode.html spans rows: every row gets the spanning cell's content.
func TestELBErrorCodeRowspan(t *testing.T) {
	p, _ := readPage(t, "otc-elb-v3/errorcode.html")
	ts := tables(p)
	if len(ts) < 2 {
		t.Fatalf("errorcode.html: %d tables", len(ts))
	}
	tb := ts[1]
	if want := []string{"Category", "Status Code", "Type", "Error Code", "Possible Cause"}; len(tb.Header) != 5 || tb.Header[1] != want[1] || tb.Header[3] != want[3] {
		t.Fatalf("errorcode.html table 2 header %q", tb.Header)
	}
	for i, r := range tb.Rows[:25] {
		if got := r.Cells[0].Text(); got != "Public" {
			t.Errorf("errorcode.html table 2 row %d: first cell %q, want Public (rowspan 25)", i+1, got)
		}
	}
	for i, r := range tb.Rows[:12] {
		if r.Cells[1].Text() != "400" || r.Cells[3].Text() != "ELB.8902" {
			t.Errorf("errorcode.html table 2 row %d: %q %q, want 400 ELB.8902 (rowspan 12)", i+1, r.Cells[1].Text(), r.Cells[3].Text())
		}
	}
}

// Object fields link to the table that describes them; Table.ID is what the
// link names, in both dialects.
func TestObjectLinksResolve(t *testing.T) {
	for _, rel := range []string{"otc-elb-v3/CreatePool.html", "otc-apig/environment_management/querying_environments.html"} {
		p, _ := readPage(t, rel)
		ids := map[string]bool{}
		for _, tb := range tables(p) {
			ids[tb.ID] = true
		}
		n := 0
		for _, tb := range tables(p) {
			for _, r := range tb.Rows {
				for _, c := range r.Cells {
					for _, l := range c.Links {
						if !strings.HasPrefix(l.Href, "#") {
							continue
						}
						n++
						if !ids[l.Href[1:]] {
							t.Errorf("%s: table %q row %q: link %q -> %q names no table", rel, tb.Caption, r.Cells[0].Text(), l.Text, l.Href)
						}
					}
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no in-page links from table cells", rel)
		}
	}
}

func TestNotes(t *testing.T) {
	p, _ := readPage(t, "otc-elb-v3/CreateLoadBalancer.html")
	found := false
	var walk func(bs []*page.Block)
	walk = func(bs []*page.Block) {
		for _, b := range bs {
			if b.Kind == page.KindParagraph && strings.HasPrefix(b.Text, "Note: In eu-de, the value of this parameter can only be 5_gray") {
				found = true
			}
			if b.Kind == page.KindTable {
				for _, r := range b.Table.Rows {
					for _, c := range r.Cells {
						walk(c.Blocks)
					}
				}
			}
		}
	}
	walk(p.Blocks)
	if !found {
		t.Error(`CreateLoadBalancer.html: no "Note: In eu-de ..." paragraph in the publicip table`)
	}

	a, _ := readPage(t, "otc-apig/calling_apis/authentication.html")
	var imp int = -1
	for i, b := range a.Blocks {
		if b.Kind == page.KindParagraph && b.Text == "Important:" {
			imp = i
		}
	}
	if imp < 0 || imp+1 >= len(a.Blocks) || a.Blocks[imp+1].Kind != page.KindList {
		t.Error(`authentication.html: want an "Important:" paragraph followed by its list`)
	}
}

func TestIndexPage(t *testing.T) {
	p, _ := readPage(t, "otc-apig/signature_key_management/index.html")
	if p.Title != "Signature Key Management" || p.Anchor != "signaturekeymanagement" {
		t.Errorf("index.html: title %q anchor %q", p.Title, p.Anchor)
	}
	var list *page.Block
	for _, b := range p.Blocks {
		if b.Kind == page.KindList {
			list = b
		}
	}
	if list == nil || len(list.Items) != 4 || list.Items[0].Links[0].Href != "creating_a_signature_key.html#createsignaturekeyv2" {
		t.Fatalf("index.html: want a list of 4 linked pages, got %+v", list)
	}
}

func TestChinese(t *testing.T) {
	p, _ := readPage(t, "handmade/zh_docexport.html")
	if p.Language != "zh" || p.Title != "创建签名密钥" {
		t.Errorf("zh_docexport.html: language %q title %q", p.Language, p.Title)
	}
	if findTable(p, "表1 请求Body参数") == nil {
		t.Error(`zh_docexport.html: no table "表1 请求Body参数"`)
	}
	en, _ := readPage(t, "otc-elb-v3/CreateMember.html")
	if en.Language != "en" {
		t.Errorf("CreateMember.html: language %q", en.Language)
	}
}

func TestSpansAndNesting(t *testing.T) {
	p, _ := readPage(t, "handmade/spans_docexport.html")
	tb := findTable(p, "Table 1 Spanning cells")
	if tb == nil {
		t.Fatal("no Table 1")
	}
	if want := []string{"Group", "Value Low", "Value High"}; !slices.Equal(tb.Header, want) {
		t.Errorf("header %q, want %q", tb.Header, want)
	}
	var got []string
	for _, r := range tb.Rows {
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, c.Text())
		}
		got = append(got, strings.Join(cells, "|"))
	}
	want := []string{"A|1|2", "A|3 to 4|3 to 4", "A|5|", "B|7|8|extra"}
	if !slices.Equal(got, want) {
		t.Errorf("rows %q, want %q", got, want)
	}
	if tb.ID != "SpanTest__t1" {
		t.Errorf("table id %q", tb.ID)
	}
	for _, b := range p.Blocks {
		if b.Kind == page.KindCode && b.Text != "  {\n    \"a\": \"<b> & c\"\n  }" {
			t.Errorf("code %q", b.Text)
		}
	}
}

func TestNormalizeSpaceMatchesPage(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a ", "a  b", "a\tb", "a\u00a0b", "\u3000x\u200by\ufeff", "a\xffb  \xfe", "abc def", "x\n", "中文 字符"} {
		if got, want := normalizeSpace(s), page.NormalizeSpace(s); got != want {
			t.Errorf("normalizeSpace(%q) = %q, page.NormalizeSpace gives %q", s, got, want)
		}
	}
}

// IAM's Sphinx pages (iam/apis/agency_management/creating_an_agency.html,
// line 101) label an uncaptioned object table with the field's name in a
// paragraph that carries the id the field's row links to: the table takes
// that id. A table with an id of its own keeps it, and a paragraph that is
// not just before the table lends none.
func TestUncaptionedTableTakesLabelID(t *testing.T) {
	src := `<html><body><div class="body" role="main"><section><h1>Creating an Agency</h1>
<ul><li><p id="t-li1537812520422">agency</p>
<table class="docutils"><thead><tr><th><p>Parameter</p></th></tr></thead><tbody><tr><td><p>name</p></td></tr></tbody></table>
</li>
<li><p id="t-li2">agency</p>
<table class="docutils" id="own"><thead><tr><th><p>Parameter</p></th></tr></thead><tbody><tr><td><p>id</p></td></tr></tbody></table>
</li>
<li><p id="t-li3">agency</p><p>Some prose.</p>
<table class="docutils"><thead><tr><th><p>Parameter</p></th></tr></thead><tbody><tr><td><p>id</p></td></tr></tbody></table>
</li></ul></section></div></body></html>`
	p, err := Read("labels.html", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, b := range p.Blocks {
		if b.Kind != page.KindList {
			continue
		}
		for _, it := range b.Items {
			for _, c := range it.Blocks {
				if c.Kind == page.KindTable {
					ids = append(ids, c.Table.ID)
				}
			}
		}
	}
	if want := []string{"t-li1537812520422", "own", ""}; !slices.Equal(ids, want) {
		t.Errorf("table ids %q, want %q", ids, want)
	}
}
