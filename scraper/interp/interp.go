// Package interp turns a dialect-free page (scraper/page) into model
// operations, error codes and security schemes. It is the one place that
// knows how API reference pages are organised: sections (URI, Request
// Parameters, ...), table roles from captions and headers, object tables
// linked from "Xxx object" types, examples under "Status code: 201".
// The readers know only their markup; the prose rules live in scraper/prose.
package interp

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/docspec/docspec/model"
	regexp "github.com/docspec/docspec/scraper/internal/fastre"
	"github.com/docspec/docspec/scraper/page"
	"github.com/docspec/docspec/scraper/prose"
)

// Result is what one page contributes to a service.
type Result struct {
	Kind        string // model.PageOperation, PageErrorCodes, PageAuth, PageSkipped
	Note        string // why the page was skipped
	Operations  []*model.Operation
	ErrorCodes  []*model.ErrorCode
	Security    []*model.SecurityScheme
	Servers     []*model.Server // base URLs of the page's request lines
	Diagnostics []*model.Diagnostic
	// Consulted names the other pages of the library the interpretation
	// looked up (found or not): a page's result depends on these alone
	// besides the page itself.
	Consulted []string
}

// tableCtx is a table with what the page says around it.
type tableCtx struct {
	t        *page.Table
	section  string
	role     int
	status   string
	prevPara string
	label    string // the list item's label paragraph ("Parameters in the request body")
	name     string // caption without "Table N"
	cols     map[int]int
	used     bool
	home     *page.Page // the other page the table was read from (Library); nil: this page
}

type exampleCtx struct {
	ex     *model.Example
	role   int
	status string
}

type walker struct {
	p        *page.Page
	res      *Result
	method   string
	path     string
	pathSrc  model.Source
	funcText []string
	notes    []string
	tables   []*tableCtx
	examples []*exampleCtx
	statuses map[string]string // status → description, from the status-code table and example captions
	tags     []string
	prose    *prose.Cache
	st       walkState
	query    []string         // the names of the method line's query string ("?offset={offset}&limit={limit}")
	said     map[diagKey]bool // diagnostics already recorded, so that de-duplication stays linear
	lib      *Library         // the scrape's other pages, for links to their tables; may be nil
	// reqSyntax and respSyntax are an S3-style page's "Request Syntax" and
	// "Response Syntax" blocks (s3.go).
	reqSyntax, respSyntax *page.Block
	// parsed holds the JSON of the page's examples, parsed once: several
	// readers walk the same example (error codes, types, formats). The
	// values are only read, never changed.
	parsed map[string]parsedJSON
}

type parsedJSON struct {
	v  any
	ok bool
}

// parseJSON is the package's parseJSON, remembered for the page.
func (w *walker) parseJSON(s string) (any, bool) {
	if r, ok := w.parsed[s]; ok {
		return r.v, r.ok
	}
	v, ok := parseJSON(s)
	if w.parsed == nil {
		w.parsed = map[string]parsedJSON{}
	}
	w.parsed[s] = parsedJSON{v, ok}
	return v, ok
}

// diagKey is what makes two diagnostics the same one.
type diagKey struct {
	code, msg string
	src       model.Source
}

// Interpret reads one page.
func Interpret(p *page.Page) *Result { return InterpretWith(p, nil) }

// InterpretWith reads one page, remembering description prose in c (which
// may be shared by the pages of one scrape).
func InterpretWith(p *page.Page, c *prose.Cache) *Result { return InterpretIn(p, c, nil) }

// InterpretIn reads one page of a scrape whose pages lib holds, so that
// links to object tables of other pages are followed (lib may be nil).
func InterpretIn(p *page.Page, c *prose.Cache, lib *Library) *Result {
	w := &walker{p: p, res: &Result{}, statuses: map[string]string{}, prose: c, lib: lib}
	w.walk()
	switch {
	case w.method != "":
		w.res.Kind = model.PageOperation
		w.operation()
	case w.rpcPage():
		w.res.Kind = model.PageOperation
		w.rpcOperation()
	case w.errorCodePage():
		w.res.Kind = model.PageErrorCodes
	case w.authPage():
		w.res.Kind = model.PageAuth
	default:
		w.res.Kind = model.PageSkipped
		w.res.Note = "no \"METHOD /path\" line, error-code table or authentication scheme: not an operation page"
	}
	w.res.Servers = servers(p)
	return w.res
}

func (w *walker) src(section, table, row string, line int) model.Source {
	return model.Source{File: w.p.File, Section: section, Table: table, Row: row, Line: line}
}

func (w *walker) diag(sev, code, op, msg string, s model.Source) {
	k := diagKey{code, msg, s}
	if w.said[k] {
		return // one sentence read into two rules says it once
	}
	if w.said == nil {
		w.said = map[diagKey]bool{}
	}
	w.said[k] = true
	w.res.Diagnostics = append(w.res.Diagnostics, &model.Diagnostic{Severity: sev, Code: code, Operation: op, Message: msg, Source: s})
}

var reParentTopic = regexp.MustCompile(`^(?:Parent topic|父主题)\s*[:：]\s*(.+)$`)

// walkState is the context walk keeps as it goes down the page: the section
// and its role, the status a "Status code: 201" line set, the paragraph
// before, and the label of the list item being read.
type walkState struct {
	section, status, prevPara, pendingSummary, label string
	role                                             int
}

// walk visits the page's blocks in order, keeping the section and status
// context that captions alone do not give.
func (w *walker) walk() {
	w.st = walkState{role: secOther}
	for _, b := range w.p.Blocks {
		w.block(b)
	}
}

// block reads one top-level block.
func (w *walker) block(b *page.Block) {
	st := &w.st
	switch b.Kind {
	case page.KindHeading:
		if b.Level <= 1 {
			return
		}
		if m := reStatus.FindStringSubmatch(b.Text); m != nil {
			st.status = m[1]
			return
		}
		*st = walkState{section: b.Text, role: sectionRole(b.Text)}
	case page.KindParagraph:
		t := strings.TrimSpace(b.Text)
		if m := reParentTopic.FindStringSubmatch(t); m != nil {
			w.tags = append(w.tags, strings.TrimSpace(m[1]))
			return
		}
		if m := reStatus.FindStringSubmatch(t); m != nil {
			st.status = m[1]
			st.prevPara = t
			st.pendingSummary = ""
			return
		}
		if w.methodLine(t, b.Line) {
			return
		}
		if st.role == secExampleResponse || st.role == secExampleRequest {
			// One "Examples" section may hold both: its paragraphs say which.
			if r := exampleLabel(t); r != 0 {
				st.role = r
			}
		}
		if (st.role == secExampleResponse || st.role == secExampleRequest) && st.status == "" && isSuccessSample(t) {
			st.status = "2xx"
		}
		switch st.role {
		case secFunction:
			w.funcText = append(w.funcText, t)
			w.collectNotes(t)
		case secOther:
			if st.section == "" && w.method == "" {
				w.funcText = append(w.funcText, t)
			}
			w.collectNotes(t)
		case secExampleRequest, secExampleResponse:
			st.pendingSummary = t
			if st.role == secExampleResponse && st.status != "" && w.statuses[st.status] == "" && len(t) < 60 {
				w.statuses[st.status] = t
			}
		}
		st.prevPara = t
	case page.KindList:
		if st.role == secFunction || (st.role == secOther && st.section != "") {
			for _, it := range b.Items {
				t := it.Text()
				if st.role == secFunction {
					w.funcText = append(w.funcText, "- "+t)
				}
				w.collectNotes(t)
			}
		}
		w.listItems(b, 0)
	case page.KindCode:
		w.code(b)
	case page.KindTable:
		w.table(b)
	}
}

// methodLine reads "METHOD /path" where the page states it; it tells
// whether t was that line.
func (w *walker) methodLine(t string, line int) bool {
	st := &w.st
	if w.method != "" || (st.role != secURI && st.role != secOther && st.role != secFunction) {
		return false
	}
	m := reMethodPath.FindStringSubmatch(t)
	if m == nil && st.role == secURI {
		m = reMethodPathIn.FindStringSubmatch(t)
	}
	if m == nil {
		return false
	}
	w.method, w.path = m[1], m[2]
	w.query = queryNames(m[2])
	w.pathSrc = w.src(st.section, "", "", line)
	return true
}

// code keeps an example. Code outside the example sections (request samples
// in "Calling Method" prose) is no example of this operation. In the URI
// section, a code block of one line may be the method line itself (DWS).
func (w *walker) code(b *page.Block) {
	st := &w.st
	if w.syntaxBlock(b) {
		return
	}
	if st.role == secURI && !strings.Contains(strings.TrimSpace(b.Text), "\n") && w.methodLine(strings.TrimSpace(b.Text), b.Line) {
		return
	}
	if (st.role == secExampleRequest || st.role == secExampleResponse) && !requestLineOnly(b.Text) {
		ex := &model.Example{Summary: st.pendingSummary, Value: b.Text, Source: w.src(st.section, "", st.status, b.Line)}
		w.examples = append(w.examples, &exampleCtx{ex: ex, role: st.role, status: st.status})
		st.pendingSummary = ""
	}
}

// table registers a table with the context it stands in.
func (w *walker) table(b *page.Block) {
	st := &w.st
	name := strings.TrimSpace(reCaptionNum.ReplaceAllString(page.NormalizeSpace(b.Table.Caption), ""))
	tc := &tableCtx{t: b.Table, section: st.section, role: st.role, status: st.status, prevPara: st.prevPara, label: st.label, name: name, cols: columns(b.Table.Header)}
	w.tables = append(w.tables, tc)
	if tc.cols[colStatus] >= 0 && tc.cols[colName] < 0 && tc.cols[colErrorCode] < 0 {
		w.statusTable(tc)
	}
}

// exampleLabel reads a short paragraph that labels what follows as an
// example request or response.
func exampleLabel(t string) int {
	if len(t) > 60 {
		return 0
	}
	l := strings.ToLower(t)
	switch {
	case strings.Contains(l, "example request") || strings.Contains(l, "request example") || strings.Contains(l, "sample request") || strings.HasPrefix(l, "请求示例"):
		return secExampleRequest
	case strings.Contains(l, "example response") || strings.Contains(l, "response example") || strings.Contains(l, "sample response") || strings.HasPrefix(l, "响应示例"):
		return secExampleResponse
	}
	// Worded otherwise ("Example normal response", "Example of a
	// successful response"): the example's side decides.
	if strings.Contains(l, "example") || strings.Contains(l, "sample") {
		switch {
		case strings.Contains(l, "response"):
			return secExampleResponse
		case strings.Contains(l, "request"):
			return secExampleRequest
		}
	}
	return 0
}

func isSuccessSample(t string) bool {
	l := strings.ToLower(t)
	return strings.Contains(l, "success response") || strings.Contains(l, "successful response") || strings.Contains(l, "正常返回")
}

var reNote = regexp.MustCompile(`(?i)\bQPS\b|\brate limit|\bthrottl|\bper (?:second|minute|user)\b|流控`)

func (w *walker) collectNotes(t string) {
	if reNote.MatchString(t) {
		w.notes = append(w.notes, t)
	}
}

// columns maps column kinds to indexes; absent kinds map to -1.
func columns(header []string) map[int]int {
	m := map[int]int{}
	for k := colName; k <= colDefault; k++ {
		m[k] = -1
	}
	for i, h := range header {
		if k := columnKind(h); k != 0 && m[k] < 0 {
			m[k] = i
		}
	}
	return m
}

func cell(r *page.Row, i int) *page.Cell {
	if i < 0 || i >= len(r.Cells) {
		return nil
	}
	return r.Cells[i]
}

func cellText(r *page.Row, i int) string {
	return page.NormalizeSpace(cell(r, i).Text())
}

func (w *walker) statusTable(tc *tableCtx) {
	tc.used = true
	for _, r := range tc.t.Rows {
		st := strings.TrimSpace(cellText(r, tc.cols[colStatus]))
		if f := strings.Fields(st); len(f) > 0 {
			st = f[0]
		}
		if !reStatusOnly.MatchString(st) {
			continue
		}
		desc := cellText(r, tc.cols[colDesc])
		if w.statuses[st] == "" {
			w.statuses[st] = desc
		}
	}
}

// operation assembles the page's operation from what walk collected.
func (w *walker) operation() {
	op := &model.Operation{
		Style:   model.StyleREST,
		Method:  w.method,
		Summary: w.p.Title,
		Source:  w.pathSrc,
	}
	// "GET /v3/{project_id}/elb/members?limit=..." : the query parameters
	// come from their table.
	path := pathOnly(w.path)
	written := path
	if t := strings.TrimRight(path, "/"); t != "" && t != path {
		// "GET https://{Endpoint}/rds/": OpenAPI tools refuse a path with a
		// trailing slash, and it names the same resource (the signers
		// canonicalise every path with one); the router takes both.
		path = t
	}
	op.Path = path
	op.ID = operationID(w.p, w.method, path)
	if path != written {
		w.diag(model.SevNote, "path-trailing-slash", op.ID, fmt.Sprintf("the page writes the path %s with a trailing slash: written %s", written, path), w.pathSrc)
	}
	op.Description = strings.Join(w.funcText, "\n\n")
	op.Notes = w.notes
	op.Tags = w.tags
	b := newBuilder(w, op)
	b.build()
	b.s3Finish()
	w.res.Operations = append(w.res.Operations, op)
}

// rpcPage tells an RPC-style page: no method line, an Action name as the
// page's anchor, and a request-parameter table.
func (w *walker) rpcPage() bool {
	if !reAnchorIdent.MatchString(w.p.Anchor) {
		return false
	}
	for _, tc := range w.tables {
		if tc.role == secRequest && tc.cols[colName] >= 0 && tc.cols[colType] >= 0 {
			return true
		}
	}
	return false
}

// rpcOperation builds an Action: its parameters travel in the query string
// and its path is the service endpoint. The HTTP method is not stated on
// such pages; POST is what the platform's SDKs send, and the choice is
// reported.
func (w *walker) rpcOperation() {
	src := w.src("", "", "", 0)
	for _, b := range w.p.Blocks {
		if b.Kind == page.KindHeading {
			src.Line = b.Line
			break
		}
	}
	op := &model.Operation{
		Style:   model.StyleRPC,
		Method:  "POST",
		Path:    "/",
		Action:  w.p.Anchor,
		ID:      w.p.Anchor,
		Summary: w.p.Title,
		Source:  src,
	}
	op.Description = strings.Join(w.funcText, "\n\n")
	op.Notes = w.notes
	op.Tags = w.tags
	w.diag(model.SevNote, "rpc-method-assumed", op.ID, "the page states no HTTP method for this RPC Action; POST is assumed", src)
	b := newBuilder(w, op)
	b.build()
	w.res.Operations = append(w.res.Operations, op)
}

// exampleJSON extracts the JSON part of an example block: request examples
// often start with "POST https://..." before the body.
func exampleJSON(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if json.Valid([]byte(t)) {
		return t, true
	}
	// The body starts at the first line that opens a JSON value; the URL
	// before it may hold braces of its own ("https://{endpoint}/v3/...").
	lines := strings.SplitAfter(t, "\n")
	for i, l := range lines {
		lt := strings.TrimSpace(l)
		if strings.HasPrefix(lt, "{") || strings.HasPrefix(lt, "[") {
			j := strings.TrimSpace(strings.Join(lines[i:], ""))
			if json.Valid([]byte(j)) {
				return j, true
			}
		}
	}
	return t, false
}

// errorCodesOf reads the error codes an example response shows.
func errorCodesOf(v any) []string {
	var out []string
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 3 {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			for _, k := range []string{"error_code", "errorCode", "code", "Code"} {
				if s, ok := x[k].(string); ok && strings.TrimSpace(s) != "" && strings.ContainsAny(s, ".0123456789") {
					out = append(out, s)
					return
				}
			}
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if sub, ok := x[k].(map[string]any); ok {
					visit(sub, depth+1)
				}
			}
		}
	}
	visit(v, 0)
	return out
}

func (w *walker) errorCodePage() bool {
	found := false
	for _, tc := range w.tables {
		if tc.cols[colErrorCode] < 0 {
			continue
		}
		found = true
		for _, r := range tc.t.Rows {
			code := cellText(r, tc.cols[colErrorCode])
			if code == "" || strings.EqualFold(code, "error code") {
				continue
			}
			ec := &model.ErrorCode{
				Code:        code,
				Status:      firstField(cellText(r, tc.cols[colStatus])),
				Message:     cellText(r, tc.cols[colMessage]),
				Description: cellText(r, tc.cols[colDesc]),
				Solution:    cellText(r, tc.cols[colSolution]),
				Source:      w.src(tc.section, page.NormalizeSpace(tc.t.Caption), code, r.Line),
			}
			w.res.ErrorCodes = append(w.res.ErrorCodes, ec)
		}
	}
	return found && len(w.res.ErrorCodes) > 0
}

func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 && reStatusOnly.MatchString(f[0]) {
		return f[0]
	}
	return ""
}

var (
	reAuthToken = regexp.MustCompile(`X-Auth-Token`)
	reAKSK      = regexp.MustCompile(`(?i)\bAK/SK\b`)
	reAuthTitle = regexp.MustCompile(`(?i)authenticat|认证`)
)

// authPage reads the security schemes an authentication page describes.
func (w *walker) authPage() bool {
	if !reAuthTitle.MatchString(w.p.Title) {
		return false
	}
	var text strings.Builder
	line := 0
	for _, b := range w.p.Blocks {
		text.WriteString(b.FlatText())
		text.WriteString("\n")
		if line == 0 && b.Kind == page.KindParagraph {
			line = b.Line
		}
	}
	all := text.String()
	if reAuthToken.MatchString(all) {
		w.res.Security = append(w.res.Security, &model.SecurityScheme{
			Name: "token", Kind: model.SecurityAPIKey, Header: "X-Auth-Token",
			Description: "Token authentication: the token obtained from IAM is sent in the X-Auth-Token header.",
			Source:      w.src("", "", "", line),
		})
	}
	if reAKSK.MatchString(all) {
		w.res.Security = append(w.res.Security, &model.SecurityScheme{
			Name: "aksk", Kind: model.SecurityAKSK, Header: "Authorization",
			Description: "AK/SK authentication: requests are signed with an access key ID (AK) and secret access key (SK); the signature is sent in the Authorization header with X-Sdk-Date.",
			Source:      w.src("", "", "", line),
		})
	}
	return len(w.res.Security) > 0
}
