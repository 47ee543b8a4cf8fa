package htmlpage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/net/html"

	"github.com/docspec/docspec/scraper/page"
)

// sameTree is "" when a and b are the same tree (types, names, atoms,
// namespaces, attributes, text), else where they first differ.
func sameTree(a, b *html.Node, path string) string {
	if a.Type != b.Type || a.Data != b.Data || a.DataAtom != b.DataAtom || a.Namespace != b.Namespace {
		return fmt.Sprintf("%s: %v %q vs %v %q", path, a.Type, a.Data, b.Type, b.Data)
	}
	if len(a.Attr) != len(b.Attr) {
		return fmt.Sprintf("%s <%s>: attributes %v vs %v", path, a.Data, a.Attr, b.Attr)
	}
	for i := range a.Attr {
		if a.Attr[i] != b.Attr[i] {
			return fmt.Sprintf("%s <%s>: attribute %v vs %v", path, a.Data, a.Attr[i], b.Attr[i])
		}
	}
	ca, cb := a.FirstChild, b.FirstChild
	for i := 0; ca != nil || cb != nil; i++ {
		if ca == nil || cb == nil {
			return fmt.Sprintf("%s/%s: child %d missing on one side (%v, %v)", path, a.Data, i, ca != nil, cb != nil)
		}
		if ca.Parent != a || cb.Parent != b {
			return fmt.Sprintf("%s/%s: child %d has the wrong parent", path, a.Data, i)
		}
		if d := sameTree(ca, cb, fmt.Sprintf("%s/%s[%d]", path, a.Data, i)); d != "" {
			return d
		}
		ca, cb = ca.NextSibling, cb.NextSibling
	}
	return ""
}

// corpusPages are the HTML pages of sources/ and, where it is beside the
// checkout, of the shared corpus.
func corpusPages(t testing.TB) []string {
	var files []string
	for _, root := range []string{"../../sources", "../../../shared/corpus", "../../../shared/seeds"} {
		filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".html") {
				files = append(files, path)
			}
			return nil
		})
	}
	if len(files) == 0 {
		t.Fatal("no pages found")
	}
	return files
}

// TestFastParseSameTree: on every page, fastParse either declines or
// builds the tree html.Parse builds; and it declines few of the pages of
// sources/ (the speed of the reader rests on it).
func TestFastParseSameTree(t *testing.T) {
	var n, fast int
	declined := map[string]int{}
	for _, f := range corpusPages(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, _, ok := splitPreamble(data)
		if !ok {
			continue
		}
		n++
		p, ok := fastParse(m, 7)
		if !ok {
			declined[filepath.Dir(f)]++
			if strings.HasPrefix(f, "../../sources/") {
				// The committed pages are what the speed is measured on.
				t.Errorf("%s: left to html.Parse", f)
			}
			continue
		}
		fast++
		want, err := html.Parse(bytes.NewReader(m))
		if err != nil {
			t.Fatal(err)
		}
		if d := sameTree(p.doc, want, ""); d != "" {
			t.Errorf("%s: the fast tree differs from html.Parse's at %s", f, d)
		}
		if got, want := *p.lines, *scanTagLines(m, 7); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the fast parse's tag lines differ from scanTagLines'", f)
		}
		line, open := unclosedTable(m)
		if got := len(p.tables) > 0; got != open || open && int(p.tables[0]) != line+6 {
			t.Errorf("%s: open tables %v, unclosedTable says %d %v", f, p.tables, line, open)
		}
	}
	t.Logf("%d of %d pages parsed on the fast path; declined: %v", fast, n, declined)
}

// TestFastParseSubset: what the fast path builds itself and what it
// leaves to html.Parse (each next to a near miss); where it builds, the
// tree is html.Parse's.
func TestFastParseSubset(t *testing.T) {
	for _, c := range []struct {
		doc  string
		fast bool
	}{
		{`<!DOCTYPE html><html lang="en"><head><title>a &amp; b</title></head><body><p>x</p></body></html>`, true},
		{`<a name="x"></a><h1 class="topictitle1">T</h1><p>text</p>`, true}, // doc-export: no html, head or body
		{"\n<p>one</p>\n<p>two</p>\n", true},
		{`<p>one<p>two`, false},                       // a paragraph closed by another
		{`<p>one</p></p>`, false},                     // a stray end tag
		{`<p><div>x</div></p>`, false},                // a block closes the paragraph
		{`<div><p>x</p></div>`, true},                 // ... unless it is closed first
		{`<ul><li>a<li>b</ul>`, false},                // implied </li>
		{`<ul><li>a</li><li>b</li></ul>`, true},       //
		{`<table><tr><td>x</td></tr></table>`, false}, // implied <tbody>
		{`<table><tbody><tr><td>x</td></tr></tbody></table>`, true},
		{`<table><caption>C</caption><colgroup><col/><col></colgroup><thead><tr><th>h</th></tr></thead></table>`, true},
		{`<table>text<tbody></tbody></table>`, false}, // text moved before the table
		{`<table> <tbody> </tbody> </table>`, true},   // whitespace stays
		{`<b><i>x</b></i>`, false},                    // misnested: the adoption agency
		{`<a href="x"><a href="y">`, false},           // an <a> in an <a>
		{`<a href="a&amp;b" title="t">x</a>`, true},   // a character reference in a value
		{`<a title="t" href="x" id="i">x</a>`, true},  // attributes sorted as html.Parse does
		{`<pre>` + "\n" + `code</pre>`, true},         // the newline after <pre> dropped
		{`<div/>x`, false},                            // a self-closing non-void element
		{`<br/><img src="x" />`, true},
		{`<p>a < b &lt; c</p>`, true},
		{`<p>a <!-- c --> b</p>`, true},
		{`<!--->`, false}, // the tokenizer's edge cases of comments
		{`<?xml version="1.0"?><p>x</p>`, false},
		{`<script>if (a < b) {}</script><p>x</p>`, true},
		{`<script><!-- x --></script>`, false},
		{`<svg><circle/></svg>`, false}, // foreign content
		{"<p>a\r\nb</p>", false},
		{`<p>x</p></body></html>  `, true},
		{`<body><p>x</p></body><p>after</p>`, false},
		{`<table><tr>`, false},
		{`<table><tbody><tr><td>cut`, true}, // a page cut short: no end tags implied at the end
		{"<p>x</p></body>" + strings.Repeat(" <!--c-->", 64), true},
		{"<p>x</p></body>" + strings.Repeat(" <!--c-->", 66), false}, // texts joined again and again: left to html.Parse
		{strings.Repeat("<div>", 509) + "<br>", true},
		{strings.Repeat("<div>", 510) + "<br>", false}, // 513 open elements (html, body, the divs, the br): html.Parse refuses the page
	} {
		p, ok := fastParse([]byte(c.doc), 1)
		if ok != c.fast {
			t.Errorf("%q: fast path %v, want %v", c.doc, ok, c.fast)
			continue
		}
		if !ok {
			continue
		}
		want, err := html.Parse(strings.NewReader(c.doc))
		if err != nil {
			t.Errorf("%q: built a tree html.Parse refuses (%v)", c.doc, err)
			continue
		}
		if d := sameTree(p.doc, want, ""); d != "" {
			t.Errorf("%q: differs from html.Parse at %s", c.doc, d)
		}
	}
}

// FuzzFastParse: on any input the fast path declines or builds
// html.Parse's tree, with scanTagLines' lines and unclosedTable's table.
func FuzzFastParse(f *testing.F) {
	for _, s := range []string{
		`<!DOCTYPE html><html><head><title>t</title></head><body><div class="body" role="main"><h1>T</h1><table><tbody><tr><td><p>x</p></td></tr></tbody></table></div></body></html>`,
		`<a name="x"></a><h1>T</h1><ul><li><b>a</b> <code>b</code></li></ul><pre>` + "\n" + `x</pre>`,
		`<p>a &amp; b <a href="?a=1&amp;b=2">l</a></p>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, ok := fastParse(data, 1)
		if !ok {
			return
		}
		want, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("built a tree html.Parse refuses (%v)", err)
		}
		if d := sameTree(p.doc, want, ""); d != "" {
			t.Fatalf("differs from html.Parse at %s", d)
		}
		if got, want := *p.lines, *scanTagLines(data, 1); !reflect.DeepEqual(got, want) {
			t.Fatalf("tag lines %v, scanTagLines %v", got, want)
		}
		line, open := unclosedTable(data)
		if got := len(p.tables) > 0; got != open || open && int(p.tables[0]) != line {
			t.Fatalf("open tables %v, unclosedTable %d %v", p.tables, line, open)
		}
	})
}

// TestArenaReuseKeepsPages: a page read before the arena's nodes are used
// again for other pages is unchanged after (the page model keeps no node).
func TestArenaReuseKeepsPages(t *testing.T) {
	files := corpusPages(t)
	read := func(f string) *page.Page {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Read(f, data)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	first := read(files[0])
	before, _ := json.Marshal(first)
	for _, f := range files[1:40] {
		read(f)
	}
	after, _ := json.Marshal(first)
	if !bytes.Equal(before, after) || len(before) < 100 {
		t.Fatalf("%s: the page changed when the arena was used again (%d bytes before, %d after)", files[0], len(before), len(after))
	}
}

// TestDetachOwnsEveryString: every string field of a page, at any depth
// the page types nest to, is copied out of the bytes it was read from
// (fields added to page later are found by reflection here).
func TestDetachOwnsEveryString(t *testing.T) {
	src := strings.Repeat("abcdefgh", 512)
	k := 0
	var fill func(v reflect.Value, depth int)
	fill = func(v reflect.Value, depth int) {
		switch v.Kind() {
		case reflect.String:
			v.SetString(src[k : k+3])
			k = (k + 3) % (len(src) - 3)
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				fill(v.Field(i), depth)
			}
		case reflect.Slice:
			if depth > 3 {
				return
			}
			v.Set(reflect.MakeSlice(v.Type(), 2, 2))
			for i := 0; i < v.Len(); i++ {
				fill(v.Index(i), depth+1)
			}
		case reflect.Pointer: // the depth is the slices'
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem(), depth)
		}
	}
	pg := &page.Page{}
	fill(reflect.ValueOf(pg).Elem(), 0)
	lo := uintptr(unsafe.Pointer(unsafe.StringData(src)))
	var inSrc func(v reflect.Value, path string)
	var strs, left int
	inSrc = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.String:
			strs++
			if d := uintptr(unsafe.Pointer(unsafe.StringData(v.String()))); v.Len() > 0 && d >= lo && d < lo+uintptr(len(src)) {
				left++
				t.Errorf("%s still lies in the page's bytes", path)
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				inSrc(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				inSrc(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
			}
		case reflect.Pointer:
			if !v.IsNil() {
				inSrc(v.Elem(), path)
			}
		}
	}
	detach(pg, src)
	inSrc(reflect.ValueOf(pg).Elem(), "Page")
	if strs < 50 {
		t.Fatalf("the filled page has %d strings: the fill did not reach the nested types", strs)
	}
}

// TestReadKeepsNothingOfItsBytes: a page read on the fast path is the same
// after the bytes it was read from are overwritten (the caller's buffer).
func TestReadKeepsNothingOfItsBytes(t *testing.T) {
	for _, f := range corpusPages(t)[:60] {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Read(f, data)
		if p == nil {
			continue
		}
		before, _ := json.Marshal(p)
		for i := range data {
			data[i] = 'X'
		}
		if after, _ := json.Marshal(p); !bytes.Equal(before, after) {
			t.Fatalf("%s: the page changed when its bytes were overwritten (first difference at byte %d)", f, firstDifference(before, after))
		}
	}
}

func firstDifference(a, b []byte) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}
