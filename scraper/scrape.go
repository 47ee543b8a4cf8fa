// Package scraper reads API reference pages into the model: it finds the
// files, recognises each page's dialect from its content, hands it to that
// dialect's reader (scraper/htmlpage, scraper/textpage) and the page to the
// interpreter (scraper/interp), then merges the pages into one service.
//
// Fetching pages is not its business (see syncer); it reads bytes.
package scraper

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/htmlpage"
	"github.com/docspec/docspec/scraper/interp"
	"github.com/docspec/docspec/scraper/page"
	"github.com/docspec/docspec/scraper/prose"
	"github.com/docspec/docspec/scraper/textpage"
)

// Meta names the service the pages describe.
type Meta struct {
	Name        string
	Title       string
	Provider    string
	Version     string
	Description string
	// Servers are the configured base URLs, stated before the pages' own.
	Servers []*model.Server
	// Root, when set, makes recorded file names relative to it, so that two
	// revisions of a site scraped from different folders name their pages
	// alike (drift pairs operations by page).
	Root string
	// MaxPageSize is the largest page read, in bytes (0: DefaultMaxPageSize).
	// A larger page is reported as unreadable; the others are read.
	MaxPageSize int64
	// Pages, when set, keeps what each page gave: a page whose bytes did
	// not change, nor those of the pages its tables link to, is not read
	// again.
	Pages PageCache
}

// PageCache keeps, by key, what one page gave (encoded). The key is
// PageKey of the page's name and bytes; a cache that outlives one docspec
// binary must add the binary's version to it.
type PageCache interface {
	Load(key string) ([]byte, bool)
	Store(key string, data []byte)
}

// PageKey is the cache key of a page: a hash of its name and its bytes.
func PageKey(name string, data []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d:%s\n", len(name), name)
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// cacheEntry is what the page cache keeps of one page: its part of the
// model, and the pages its interpretation looked up in the library, each
// with the PageKey it had ("" for a page the scrape did not hold).
type cacheEntry struct {
	Deps map[string]string `json:"deps,omitempty"`
	Part *model.Service    `json:"part"`
}

// Error is a page that could not be read: it names the file and the place.
type Error = page.Error

// Sniff names the dialect of a page, or "" when no reader knows it.
func Sniff(data []byte) string {
	if d := htmlpage.Sniff(data); d != "" {
		return d
	}
	return textpage.Sniff(data)
}

// ReadPage reads one page in whatever dialect it is in.
func ReadPage(file string, data []byte) (*page.Page, error) {
	data, _, err := decode(file, data)
	if err != nil {
		return nil, err
	}
	return readPage(file, data)
}

// readPage reads one page already decoded to UTF-8.
func readPage(file string, data []byte) (*page.Page, error) {
	if len(data) == 0 {
		return nil, &Error{File: file, Msg: "empty file"}
	}
	switch d := Sniff(data); d {
	case model.DialectDocExport, model.DialectSphinx:
		return htmlpage.Read(file, data)
	case "":
		return nil, nil
	default:
		p, err := textpage.Read(file, data)
		if p == nil && err == nil {
			return nil, &Error{File: file, Msg: "no content"}
		}
		return p, err
	}
}

// Scrape reads every file and builds one service. Pages that are not API
// reference pages are recorded as skipped, with the reason; a page that
// claims a dialect but cannot be read is an error diagnostic, and the other
// pages are still read.
func Scrape(paths []string, meta Meta) (*model.Service, error) {
	files, err := Files(paths)
	if err != nil {
		return nil, err
	}
	svc := &model.Service{Name: meta.Name, Title: meta.Title, Provider: meta.Provider, Version: meta.Version, Description: meta.Description}
	limit := meta.MaxPageSize
	if limit <= 0 {
		limit = DefaultMaxPageSize
	}
	names := make([]string, len(files))
	datas := make([][]byte, len(files))
	tooLarge := make([]error, len(files)) // pages over the size limit, not read
	for i, f := range files {
		name := f
		if meta.Root != "" {
			if rel, err := filepath.Rel(meta.Root, f); err == nil && !strings.HasPrefix(rel, "..") {
				name = rel
			}
		}
		names[i] = filepath.ToSlash(name)
		if datas[i], err = readFile(f, limit); isTooLarge(err) {
			tooLarge[i] = err
		} else if err != nil {
			return nil, err
		}
	}
	addPagesCached(svc, names, datas, runtime.GOMAXPROCS(0), tooLarge, meta.Pages, true)
	Finish(svc)
	svc.Servers = withConfigured(meta.Servers, svc.Servers)
	return svc, nil
}

// addPages reads pages on up to workers goroutines and adds them to svc in
// the order given, so the result does not depend on scheduling. A page with
// an error in unread (which may be nil) was not read, for that reason.
func addPages(svc *model.Service, names []string, datas [][]byte, workers int, unread []error) {
	addPagesCached(svc, names, datas, workers, unread, nil, false)
}

// addPagesCached is addPages taking from pages, when set, what a page gave
// the last time it was read — if its bytes, and those of every page it
// looked up then, are the same — and keeping what the others give. A page
// taken from the cache is read only if a page being read links to it.
// With own, datas belong to the call: a page's bytes are let go once read,
// when nothing reads them again, so that they do not stay in memory while
// the others are interpreted.
func addPagesCached(svc *model.Service, names []string, datas [][]byte, workers int, unread []error, pages PageCache, own bool) {
	cache := prose.NewCache()
	n := len(names)
	parts := make([]*model.Service, n)
	read := make([]*page.Page, n)
	isUnread := func(i int) bool { return i < len(unread) && unread[i] != nil }
	keys := make([]string, n)
	byName := map[string]int{}
	if pages != nil {
		for i := range names {
			if !isUnread(i) {
				keys[i] = PageKey(names[i], datas[i])
				byName[path.Clean(names[i])] = i
			}
		}
	}
	currentKey := func(file string) string {
		if j, ok := byName[file]; ok {
			return keys[j]
		}
		return ""
	}
	cached := make([]bool, n)
	if pages != nil {
		parallel(n, workers, func(i int) {
			if !isUnread(i) {
				parts[i], cached[i] = fromCache(pages, keys[i], currentKey)
			}
		})
	}
	// Every page is read before any is interpreted: a page's fields may be
	// described by a table of another page (interp.Library).
	parallel(n, workers, func(i int) {
		if cached[i] {
			return
		}
		parts[i] = &model.Service{}
		if isUnread(i) {
			notRead(parts[i], names[i], unread[i])
			return
		}
		read[i] = loadPage(parts[i], names[i], datas[i])
		if own && pages == nil {
			datas[i] = nil
		}
	})
	lib := interp.NewLibrary(read)
	if pages != nil {
		lib = interp.NewLazyLibrary(read, func(file string) *page.Page {
			if j, ok := byName[file]; ok {
				return loadPage(&model.Service{}, names[j], datas[j])
			}
			return nil
		})
	}
	parallel(n, workers, func(i int) {
		if cached[i] {
			return
		}
		var consulted []string
		if read[i] != nil {
			consulted = interpretPage(parts[i], parts[i].Pages[0], read[i], cache, lib)
		}
		if pages != nil && !isUnread(i) {
			toCache(pages, keys[i], parts[i], consulted, currentKey)
		}
	})
	for _, p := range parts {
		svc.Pages = append(svc.Pages, p.Pages...)
		svc.Operations = append(svc.Operations, p.Operations...)
		svc.ErrorCodes = append(svc.ErrorCodes, p.ErrorCodes...)
		svc.Security = append(svc.Security, p.Security...)
		svc.Servers = append(svc.Servers, p.Servers...)
		svc.Diagnostics = append(svc.Diagnostics, p.Diagnostics...)
	}
}

// fromCache is the part the cache kept for key, if every page it depends
// on still has the key it had. An entry that does not decode is a miss.
func fromCache(pages PageCache, key string, currentKey func(string) string) (*model.Service, bool) {
	b, ok := pages.Load(key)
	if !ok {
		return nil, false
	}
	var e cacheEntry
	if json.Unmarshal(b, &e) != nil || e.Part == nil {
		return nil, false
	}
	for dep, k := range e.Deps {
		if currentKey(dep) != k {
			return nil, false
		}
	}
	return e.Part, true
}

func toCache(pages PageCache, key string, part *model.Service, consulted []string, currentKey func(string) string) {
	e := cacheEntry{Part: part}
	for _, f := range consulted {
		if e.Deps == nil {
			e.Deps = map[string]string{}
		}
		e.Deps[f] = currentKey(f)
	}
	if b, err := json.Marshal(e); err == nil {
		pages.Store(key, b)
	}
}

func parallel(n, workers int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < max(1, workers); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// AddPage reads one page into svc.
func AddPage(svc *model.Service, file string, data []byte) { addPage(svc, file, data, nil) }

// notRead records a page left unread (over the size limit) as an error.
func notRead(svc *model.Service, file string, err error) {
	svc.Pages = append(svc.Pages, &model.Page{File: file, Kind: model.PageSkipped, Note: err.Error()})
	svc.Diagnostics = append(svc.Diagnostics, &model.Diagnostic{Severity: model.SevError, Code: "page-too-large", Message: err.Error(), Source: model.Source{File: file}})
}

// addPage reads one page, remembering description prose in cache.
func addPage(svc *model.Service, file string, data []byte, cache *prose.Cache) {
	if p := loadPage(svc, file, data); p != nil {
		interpretPage(svc, svc.Pages[len(svc.Pages)-1], p, cache, nil)
	}
}

// loadPage reads one page's structure, recording the page in svc; nil when
// it cannot be read or has no known dialect (reported).
func loadPage(svc *model.Service, file string, data []byte) *page.Page {
	sum := sha256.Sum256(data)
	pg := &model.Page{File: file, SHA256: hex.EncodeToString(sum[:])}
	svc.Pages = append(svc.Pages, pg)
	data, warnings, err := decode(file, data)
	svc.Diagnostics = append(svc.Diagnostics, warnings...)
	var p *page.Page
	if err == nil {
		p, err = readPage(file, data)
	}
	if err != nil && p != nil {
		// Read in part: keep what was read, and say where it went wrong.
		d := &model.Diagnostic{Severity: model.SevWarning, Code: "page-partly-read", Message: err.Error(), Source: model.Source{File: file}}
		if e, ok := err.(*Error); ok {
			d.Message = e.Msg // the place is in Source, printed before the message
		}
		if e, ok := err.(interface{ Location() (string, int) }); ok {
			_, d.Source.Line = e.Location()
		}
		svc.Diagnostics = append(svc.Diagnostics, d)
		err = nil
	}
	if err != nil {
		pg.Kind, pg.Note = model.PageSkipped, err.Error()
		d := &model.Diagnostic{Severity: model.SevError, Code: "page-unreadable", Message: err.Error(), Source: model.Source{File: file}}
		if e, ok := err.(interface{ Location() (string, int) }); ok {
			_, d.Source.Line = e.Location()
		}
		svc.Diagnostics = append(svc.Diagnostics, d)
		return nil
	}
	if p == nil {
		pg.Kind, pg.Note = model.PageSkipped, "no known page dialect (not Huawei doc-export or Sphinx HTML, plain text, Markdown or Alibaba Cloud text)"
		svc.Diagnostics = append(svc.Diagnostics, &model.Diagnostic{Severity: model.SevNote, Code: "page-skipped", Message: pg.Note, Source: model.Source{File: file}})
		return nil
	}
	p.File = file
	pg.Dialect, pg.Language, pg.Title = p.Dialect, p.Language, p.Title
	return p
}

// interpretPage turns a read page into operations, error codes and
// schemes; lib (may be nil) holds the scrape's other pages.
func interpretPage(svc *model.Service, pg *model.Page, p *page.Page, cache *prose.Cache, lib *interp.Library) []string {
	file := p.File
	r := interp.InterpretIn(p, cache, lib)
	pg.Kind, pg.Note = r.Kind, r.Note
	if r.Kind == model.PageSkipped {
		svc.Diagnostics = append(svc.Diagnostics, &model.Diagnostic{Severity: model.SevNote, Code: "page-skipped", Message: r.Note, Source: model.Source{File: file}})
	}
	svc.Operations = append(svc.Operations, r.Operations...)
	svc.ErrorCodes = append(svc.ErrorCodes, r.ErrorCodes...)
	svc.Security = append(svc.Security, r.Security...)
	svc.Servers = append(svc.Servers, r.Servers...)
	svc.Diagnostics = append(svc.Diagnostics, r.Diagnostics...)
	return r.Consulted
}

// Finish merges what the pages said: one operation per method and path (two
// renderings of one page are compared and their disagreements reported),
// one security scheme per name, one entry per error code.
func Finish(svc *model.Service) {
	svc.Operations = mergeOperations(svc)
	svc.Security = mergeSecurity(svc)
	svc.ErrorCodes = mergeErrorCodes(svc)
	svc.Servers = mergeServers(svc.Servers)
	checkErrorCodes(svc)
	model.SortDiagnostics(svc.Diagnostics)
}

func opKey(op *model.Operation) string {
	if op.Style == model.StyleRPC {
		return "rpc " + op.Action
	}
	return op.Method + " " + normPath(op.Path)
}

func normPath(p string) string {
	var b strings.Builder
	depth := 0
	for _, r := range p {
		switch {
		case r == '{':
			depth++
			b.WriteString("{}")
		case r == '}':
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return strings.TrimSuffix(b.String(), "/")
}

func mergeOperations(svc *model.Service) []*model.Operation {
	byKey := map[string]*model.Operation{}
	var out []*model.Operation
	for _, op := range svc.Operations {
		// Operations with different names on one method and path are
		// different operations (ECS start / stop / reboot on one action
		// path): both are kept, and the spec emitter joins them into one
		// OpenAPI operation with a request body per variant.
		k := opKey(op) + "\x00" + op.ID
		first, ok := byKey[k]
		if !ok {
			byKey[k] = op
			out = append(out, op)
			continue
		}
		diffs := CompareOperations(first, op)
		if len(diffs) == 0 {
			svc.Diagnostics = append(svc.Diagnostics, &model.Diagnostic{Severity: model.SevNote, Code: "operation-duplicate", Operation: first.ID,
				Message: fmt.Sprintf("%s is documented again in %s, in agreement; the first page (%s) is kept", first.ID, op.Source.File, first.Source.File), Source: op.Source})
			continue
		}
		for _, d := range diffs {
			svc.Diagnostics = append(svc.Diagnostics, &model.Diagnostic{Severity: model.SevContradiction, Code: "operation-disagreement", Operation: first.ID,
				Message: fmt.Sprintf("%s and %s disagree: %s; the first is kept", first.Source.File, op.Source.File, d), Source: op.Source})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].ID != out[j].ID {
			return out[i].ID < out[j].ID
		}
		return opKey(out[i]) < opKey(out[j])
	})
	// Two different operations may carry one name: keep both, apart.
	ids := map[string]int{}
	for _, op := range out {
		ids[op.ID]++
		if n := ids[op.ID]; n > 1 {
			svc.Diagnostics = append(svc.Diagnostics, &model.Diagnostic{Severity: model.SevWarning, Code: "operation-id-duplicate", Operation: op.ID,
				Message: fmt.Sprintf("operation name %s is used by another operation too; renamed %s%d", op.ID, op.ID, n), Source: op.Source})
			op.ID = fmt.Sprintf("%s%d", op.ID, n)
		}
	}
	return out
}

func mergeSecurity(svc *model.Service) []*model.SecurityScheme {
	byName := map[string]*model.SecurityScheme{}
	for _, s := range svc.Security {
		if _, ok := byName[s.Name]; !ok {
			byName[s.Name] = s
		}
	}
	// An operation that lists the token header implies the token scheme,
	// even without an authentication page.
	for _, op := range svc.Operations {
		for _, name := range op.Security {
			if _, ok := byName[name]; !ok && name == "token" {
				byName[name] = &model.SecurityScheme{Name: "token", Kind: model.SecurityAPIKey, Header: "X-Auth-Token",
					Description: "User token, sent in the X-Auth-Token header.", Source: op.Source}
			}
		}
	}
	var out []*model.SecurityScheme
	for _, s := range byName {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func mergeErrorCodes(svc *model.Service) []*model.ErrorCode {
	byCode := map[string]*model.ErrorCode{}
	var out []*model.ErrorCode
	for _, e := range svc.ErrorCodes {
		if prev, ok := byCode[e.Code]; ok {
			if prev.Status != e.Status && e.Status != "" && prev.Status != "" {
				svc.Diagnostics = append(svc.Diagnostics, &model.Diagnostic{Severity: model.SevContradiction, Code: "error-code-status-conflict",
					Message: fmt.Sprintf("error code %s is listed with status %s and with status %s", e.Code, prev.Status, e.Status), Source: e.Source})
			}
			continue
		}
		byCode[e.Code] = e
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// checkErrorCodes reports example error codes that the error-code page
// places under another status.
func checkErrorCodes(svc *model.Service) {
	if len(svc.ErrorCodes) == 0 {
		return
	}
	byCode := map[string]*model.ErrorCode{}
	for _, e := range svc.ErrorCodes {
		byCode[e.Code] = e
	}
	for _, op := range svc.Operations {
		for _, r := range op.Responses {
			for _, c := range r.ErrorCodes {
				e, ok := byCode[c]
				if ok && e.Status != "" && e.Status != r.Status {
					svc.Diagnostics = append(svc.Diagnostics, &model.Diagnostic{Severity: model.SevContradiction, Code: "error-code-status-mismatch", Operation: op.ID,
						Message: fmt.Sprintf("the example for status %s shows %s, which the error-code page (%s) lists under status %s", r.Status, c, e.Source.File, e.Status), Source: r.Source})
				}
			}
		}
	}
}

// mergeServers keeps the base URL most request lines show (a misspelt
// placeholder on a page or two, "{elb_endponit}", is outvoted), with the
// first line that shows it; of two URLs shown equally often, the one that
// got there first.
func mergeServers(all []*model.Server) []*model.Server {
	count := map[string]int{}
	first := map[string]*model.Server{}
	var best *model.Server
	for _, s := range all {
		if s == nil || s.URL == "" {
			continue
		}
		count[s.URL]++
		if first[s.URL] == nil {
			first[s.URL] = s
		}
		if best == nil || count[s.URL] > count[best.URL] {
			best = first[s.URL]
		}
	}
	if best == nil {
		return nil
	}
	return []*model.Server{best}
}

// withConfigured puts the configured servers first; a page's server that a
// configured one repeats is dropped.
func withConfigured(configured, pages []*model.Server) []*model.Server {
	out := append([]*model.Server(nil), configured...)
	for _, p := range pages {
		dup := false
		for _, c := range configured {
			dup = dup || c.URL == p.URL
		}
		if !dup {
			out = append(out, p)
		}
	}
	return out
}
