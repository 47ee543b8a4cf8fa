package portal

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/net/html"
)

// The op-like test is ../shared/tools/portal-score's, judged without
// docspec: outside tables and outside sections headed "...example...", a
// text block starts with METHOD /path or METHOD https://host/path, and the
// page names 1 to 4 such METHOD + paths (more: an API overview). It is
// ported line for line so that the figures here and portal-score's agree.

var (
	lineRE      = regexp.MustCompile(`(?i)^[\s\p{Zs}]*(GET|POST|PUT|DELETE|PATCH|HEAD)[\s\p{Zs}]+((?:https?://|\{)[^\s\p{Zs}]*|/[^\s\p{Zs}]*)`)
	hostRE      = regexp.MustCompile(`^(?:https?://[^/]+|\{[A-Za-z_]+\})`)
	paramRE     = regexp.MustCompile(`\{[^}]*\}`)
	slashesRE   = regexp.MustCompile(`/+`)
	blockTags   = setOf("p", "pre", "li", "div", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section")
	headingTags = setOf("h1", "h2", "h3", "h4", "h5", "h6")
)

func setOf(xs ...string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// Norm is a path as the scorer normalises it: host and query dropped,
// {name} → {}, no trailing slash.
func Norm(path string) string {
	path = hostRE.ReplaceAllString(path, "")
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	path = paramRE.ReplaceAllString(path, "{}")
	path = strings.TrimRight(slashesRE.ReplaceAllString(path, "/"), "/.,;:)")
	if path == "" {
		return "/"
	}
	return path
}

// block is one text block of a page: the heading it stands under, whether
// it is inside a table, and its text.
type block struct {
	heading string
	inTable bool
	text    string
}

// blocker splits a page into text blocks as portal-score's Blocks parser does.
type blocker struct {
	blocks     []block
	buf        strings.Builder
	heading    string
	table, pre int
	skip       int
	inHead     string
}

func (p *blocker) flush() {
	text := p.buf.String()
	p.buf.Reset()
	switch {
	case p.pre > 0: // a literal block: one block per line
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				p.blocks = append(p.blocks, block{p.heading, p.table > 0, l})
			}
		}
	case strings.TrimSpace(text) != "":
		text = strings.Join(strings.Fields(text), " ")
		if p.inHead != "" {
			p.heading = strings.TrimSpace(strings.ReplaceAll(text, "¶", ""))
		} else {
			p.blocks = append(p.blocks, block{p.heading, p.table > 0, text})
		}
	}
}

func (p *blocker) start(tag, class string) {
	if tag == "script" || tag == "style" {
		p.skip++
	}
	if blockTags[tag] || tag == "table" {
		p.flush()
	}
	if tag == "table" {
		p.table++
	}
	if tag == "pre" {
		p.pre++
	}
	if headingTags[tag] || strings.Contains(class, "sectiontitle") { // doc-export: <h4 class="sectiontitle">
		p.inHead = tag
	}
}

func (p *blocker) end(tag string) {
	if blockTags[tag] || tag == "table" || tag == "pre" || tag == "caption" {
		p.flush()
	}
	if tag == "table" && p.table > 0 {
		p.table--
	}
	if tag == "pre" && p.pre > 0 {
		p.pre--
	}
	if tag == p.inHead {
		p.inHead = ""
	}
	if (tag == "script" || tag == "style") && p.skip > 0 {
		p.skip--
	}
}

// pageBlocks tokenizes a page into its text blocks.
func pageBlocks(data []byte) []block {
	p := &blocker{}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			p.flush()
			return p.blocks
		case html.TextToken:
			if p.skip == 0 {
				p.buf.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			class := ""
			for _, a := range t.Attr {
				if a.Key == "class" {
					class = a.Val
				}
			}
			p.start(t.Data, class)
			if tt == html.SelfClosingTagToken {
				p.end(t.Data)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			p.end(string(name))
		}
	}
}

// opRoutes lists the METHOD + normalised paths a page names outside tables
// and example sections.
func opRoutes(data []byte) []string {
	found := map[string]bool{}
	for _, b := range pageBlocks(data) {
		if b.inTable || strings.Contains(strings.ToLower(b.heading), "example") {
			continue
		}
		m := lineRE.FindStringSubmatch(b.text)
		if m != nil && m[1] == strings.ToUpper(m[1]) {
			found[m[1]+" "+Norm(m[2])] = true
		}
	}
	var out []string
	for k := range found {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// OpLike gives the number of HTML pages under root and, for each op-like
// page (relative to root), the METHOD + paths it names.
func OpLike(root string) (int, map[string][]string, error) {
	pages := 0
	like := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".htm")) {
			return err
		}
		pages++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if r := opRoutes(data); len(r) >= 1 && len(r) <= 4 {
			rel, _ := filepath.Rel(root, path)
			like[filepath.ToSlash(rel)] = r
		}
		return nil
	})
	return pages, like, err
}
