package interp

import (
	"path"
	"strings"
	"sync"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/page"
)

// Object tables on other pages of the same service.
//
// ECS describes the server it creates on a page of its own ("Data Structure
// for Creating ECSs"); CCE's "Deleting a Node" types its metadata field as
// "metadata object" linking to a table of "Reading a Specified Node". The
// link names the page and the table's anchor: where the scrape holds that
// page, its table describes the field, as a table of the page itself would.
// Nothing else of the other page is read, and a link to a page the scrape
// does not hold, or to an anchor that is no table, is not followed.

// Library holds the pages of one scrape, by file name, so that a page's
// links to tables of another page can be followed. It is read-only once
// built and safe for concurrent use.
type Library struct {
	pages map[string]*page.Page
	// load, when set, reads a page not in pages the first time it is
	// asked for (a scrape that took most pages from its cache).
	load   func(file string) *page.Page
	mu     sync.Mutex
	loaded map[string]*page.Page
}

// NewLazyLibrary is NewLibrary with pages not given read by load (nil: no
// such page) when a link first names them.
func NewLazyLibrary(pages []*page.Page, load func(file string) *page.Page) *Library {
	l := NewLibrary(pages)
	l.load, l.loaded = load, map[string]*page.Page{}
	return l
}

// page is the library's page named file, or nil.
func (l *Library) page(file string) *page.Page {
	if p := l.pages[file]; p != nil || l.load == nil {
		return p
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	p, ok := l.loaded[file]
	if !ok {
		p = l.load(file)
		l.loaded[file] = p
	}
	return p
}

// NewLibrary indexes pages by their File (slash-separated, as the scrape
// names them). Nil pages are passed over.
func NewLibrary(pages []*page.Page) *Library {
	l := &Library{pages: map[string]*page.Page{}}
	for _, p := range pages {
		if p != nil {
			l.pages[path.Clean(p.File)] = p
		}
	}
	return l
}

// resolve names the page an href points at from page file: "" for the page
// itself ("#id", "own.html#id"), the cleaned relative path otherwise; ok is
// false for hrefs that name no page of the scrape (absolute URLs).
func resolve(file, href string) (target, id string, ok bool) {
	f, id, found := strings.Cut(href, "#")
	if !found || id == "" || strings.Contains(f, "://") || strings.HasPrefix(f, "/") {
		return "", "", false
	}
	if f == "" {
		return "", id, true
	}
	file = strings.ReplaceAll(file, "\\", "/")
	t := path.Clean(path.Join(path.Dir(file), f))
	if t == path.Clean(file) {
		return "", id, true
	}
	return t, id, true
}

// pageTables lists a page's tables in document order, those in list items
// and cells included.
func pageTables(bs []*page.Block, out []*page.Table) []*page.Table {
	for _, b := range bs {
		switch b.Kind {
		case page.KindTable:
			out = append(out, b.Table)
			for _, r := range b.Table.Rows {
				for _, c := range r.Cells {
					out = pageTables(c.Blocks, out)
				}
			}
		case page.KindList:
			for _, it := range b.Items {
				out = pageTables(it.Blocks, out)
			}
		}
	}
	return out
}

// foreign is what the builder knows of another page: its tables as
// contexts, by anchor, in order.
type foreign struct {
	p       *page.Page
	tables  []*tableCtx
	anchors map[string]*tableCtx
}

// foreignPage reads the tables of another page of the library, once per
// builder.
func (b *builder) foreignPage(file string) *foreign {
	if b.w.lib == nil {
		return nil
	}
	if f, ok := b.foreign[file]; ok {
		return f
	}
	// What a page's interpretation depends on besides the page itself:
	// the scrape's page cache keys the result by these pages too.
	b.w.res.Consulted = append(b.w.res.Consulted, file)
	p := b.w.lib.page(file)
	if p == nil {
		b.foreign[file] = nil
		return nil
	}
	f := &foreign{p: p, anchors: map[string]*tableCtx{}}
	for _, t := range pageTables(p.Blocks, nil) {
		name := strings.TrimSpace(reCaptionNum.ReplaceAllString(page.NormalizeSpace(t.Caption), ""))
		tc := &tableCtx{t: t, name: name, cols: columns(t.Header), home: p}
		f.tables = append(f.tables, tc)
		if t.ID != "" {
			f.anchors[t.ID] = tc
		}
	}
	b.foreign[file] = f
	return f
}

// tableAt is the table an href in a row of table from points at: a table of
// the page being read, or of another page of the library; nil otherwise.
func (b *builder) tableAt(from *tableCtx, href string) *tableCtx {
	home := b.w.p.File
	if from != nil && from.home != nil {
		home = from.home.File
	}
	target, id, ok := resolve(home, href)
	if !ok {
		return nil
	}
	if target == "" && (from == nil || from.home == nil) {
		return b.anchors[id]
	}
	if target == "" {
		target = path.Clean(home)
	}
	if target == path.Clean(b.w.p.File) {
		return b.anchors[id]
	}
	f := b.foreignPage(target)
	if f == nil {
		return nil
	}
	return f.anchors[id]
}

// tablesOf is the list of tables tc belongs to: the page's, or those of the
// other page it was read from.
func (b *builder) tablesOf(tc *tableCtx) []*tableCtx {
	if tc != nil && tc.home != nil {
		if f := b.foreignPage(path.Clean(tc.home.File)); f != nil {
			return f.tables
		}
	}
	return b.w.tables
}

// responseElsewhere reads a Response section that only points at another
// page ("Response: See Responses (Task).", ECS): where the scrape holds
// that page and it is no operation page of its own, its first parameter
// table is the success body. nil otherwise.
func (b *builder) responseElsewhere() *model.Schema {
	if b.w.lib == nil {
		return nil
	}
	role := secOther
	for _, bl := range b.w.p.Blocks {
		switch bl.Kind {
		case page.KindHeading:
			if bl.Level > 1 {
				role = sectionRole(bl.Text)
			}
		case page.KindTable:
			if role == secResponse {
				return nil // the section has a table of its own
			}
		case page.KindParagraph:
			if role != secResponse || !strings.HasPrefix(strings.ToLower(bl.Text), "see ") || len(bl.Links) != 1 {
				continue
			}
			target, _, _ := strings.Cut(bl.Links[0].Href, "#")
			if target == "" || strings.Contains(target, "://") {
				continue
			}
			f := b.foreignPage(path.Clean(path.Join(path.Dir(strings.ReplaceAll(b.w.p.File, "\\", "/")), target)))
			if f == nil || operationPage(f.p) {
				continue
			}
			for _, tc := range f.tables {
				if tc.cols[colName] >= 0 && tc.cols[colType] >= 0 {
					s := &model.Schema{Type: model.TypeObject, Source: b.tsrc(tc, "", 0)}
					s.Properties = b.props(tc, 0, nil)
					b.resolveRules(s)
					return s
				}
			}
		}
	}
	return nil
}

// operationPage tells a page that states a method line of its own.
func operationPage(p *page.Page) bool {
	for _, bl := range p.Blocks {
		if bl.Kind == page.KindParagraph && reMethodPath.MatchString(strings.TrimSpace(bl.Text)) {
			return true
		}
	}
	return false
}
