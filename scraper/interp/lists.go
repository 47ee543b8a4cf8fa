package interp

import (
	"strings"

	regexp "github.com/docspec/docspec/scraper/internal/fastre"
	"github.com/docspec/docspec/scraper/page"
)

// maxListDepth bounds how deep list items are searched for structure.
const maxListDepth = 8

// listItems reads the structure that pages put inside list items: the URI
// section's "URI format" item holding the method line, "Request parameters"
// / "Response parameters" items holding their tables, "Example request"
// items holding the code. The items' prose has been read with the list; here
// only method lines, labels, statuses, tables and code count.
//
// An item's label (its first paragraph, when it reads as one) holds for the
// item's blocks only: the next item starts from the section's context again.
func (w *walker) listItems(b *page.Block, depth int) {
	if depth >= maxListDepth {
		return
	}
	for _, it := range b.Items {
		if it == nil {
			continue
		}
		saved := w.st
		for i, blk := range it.Blocks {
			w.itemBlock(blk, i == 0, depth)
		}
		w.st.role, w.st.status, w.st.label = saved.role, saved.status, saved.label
	}
}

// itemBlock reads one block of a list item.
func (w *walker) itemBlock(b *page.Block, first bool, depth int) {
	if b == nil {
		return
	}
	st := &w.st
	switch b.Kind {
	case page.KindParagraph:
		t := strings.TrimSpace(b.Text)
		if w.methodLine(t, b.Line) {
			return
		}
		if m := reStatus.FindStringSubmatch(t); m != nil {
			st.status = m[1]
		} else if m := reReturnedStatus.FindStringSubmatch(t); m != nil {
			st.status = m[1]
		}
		if first && isItemLabel(t) {
			st.label = t
			if r := itemRole(t, st.role); r != 0 {
				st.role = r
			}
			if st.role == secExampleResponse && isFailureLabel(t) {
				st.role = secOther // an error example is no sample of the success body
			}
		}
		if st.role == secStatusCodes && first {
			st.label = t
		}
		if st.role == secStatusCodes && !first {
			w.statusLine(t)
		}
		if st.role == secExampleRequest || st.role == secExampleResponse {
			st.pendingSummary = t
		}
		st.prevPara = t
	case page.KindList:
		w.listItems(b, depth+1)
	case page.KindCode:
		w.code(b)
	case page.KindTable:
		w.table(b)
	}
}

var (
	// "Returned status code 201: successful operation"
	reReturnedStatus = regexp.MustCompile(`(?i)^returned\s+status\s+code\s*[:：]?\s*([1-5]\d\d)\b`)
	// "202", "202 Accepted" alone under a "Normal" item of the status-code section
	reStatusLine = regexp.MustCompile(`^([1-5]\d\d)(?:\s+(.*))?$`)
)

// statusLine reads a status the status-code section states in a list item
// ("Normal" / "202").
func (w *walker) statusLine(t string) {
	m := reStatusLine.FindStringSubmatch(t)
	if m == nil {
		return
	}
	if !strings.HasPrefix(m[1], "2") && !isSuccessWord(w.st.label) {
		return // error statuses listed here are the catalogue's, not this operation's bodies
	}
	if w.statuses[m[1]] == "" {
		d := strings.TrimSpace(m[2])
		if d == "" {
			d = w.st.label
		}
		w.statuses[m[1]] = d
	}
}

func isSuccessWord(t string) bool {
	l := strings.ToLower(t)
	return l == "normal" || strings.Contains(l, "success")
}

// isItemLabel tells a list item's first paragraph that names what the item
// holds ("URI format", "Request parameters", "Example request", "agency"):
// short, and no sentence.
func isItemLabel(t string) bool {
	if t == "" || len(t) > 80 {
		return false
	}
	if strings.HasSuffix(t, ".") || strings.HasSuffix(t, "。") {
		return false
	}
	return len(strings.Fields(t)) <= 8
}

// itemRole is the role a list item's label gives its blocks, 0 when it
// gives none.
func itemRole(t string, role int) int {
	if r := exampleLabel(t); r != 0 {
		return r
	}
	l := strings.ToLower(t)
	switch {
	case strings.Contains(l, "request") && (strings.Contains(l, "parameter") || strings.Contains(l, "body") || strings.Contains(l, "header")):
		return secRequest
	case strings.Contains(l, "response") && (strings.Contains(l, "parameter") || strings.Contains(l, "body") || strings.Contains(l, "header")):
		return secResponse
	case strings.Contains(l, "uri parameter") || strings.Contains(l, "path parameter"):
		return secURI
	}
	if role == secExampleRequest || role == secExampleResponse {
		return role
	}
	return 0
}

// isFailureLabel tells the label of an example of a failed request
// ("Example response (request failed)", "Abnormal response").
func isFailureLabel(t string) bool {
	l := strings.ToLower(t)
	for _, w := range []string{"fail", "error", "abnormal", "exception"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// labelRole is the role the label of a list item gives the uncaptioned (or
// vaguely captioned: "Parameter description") table it holds: "Parameters
// in the request header", "Request parameters", "URI parameters", "agency"
// (an object table named after its field).
func (b *builder) labelRole(tc *tableCtx) int {
	l := strings.ToLower(tc.label)
	if l == "" {
		return tabUnknown
	}
	if tc.name == "" && b.fieldNamed(labelField(tc.label)) {
		return tabObject
	}
	switch {
	case hasAny(l, "uri param", "path param"):
		return tabURI
	case hasAny(l, "query param"):
		return tabQuery
	case strings.Contains(l, "header") && strings.Contains(l, "response"):
		return tabRespHeader
	case strings.Contains(l, "header") && strings.Contains(l, "request"):
		return tabHeader
	case strings.Contains(l, "response") && hasAny(l, "body", "parameter"):
		return tabRespBody
	case strings.Contains(l, "request") && hasAny(l, "body", "parameter"):
		return tabBody
	}
	return wordsRole(l, tc.role == secResponse)
}

// queryNames are the parameter names of a path's query string:
// "/v3/{project_id}/backups?instance_id={instance_id}&limit={limit}" gives
// instance_id and limit.
//
// The query may be an RFC 6570 template: "/v2.1/{project_id}/flavors/detail
// {?minDisk={minDisk}&sort_key={sort_key}}" or "{?role.id,user.id}".
func queryNames(path string) []string {
	_, q, ok := strings.Cut(path, "?")
	if !ok {
		return nil
	}
	var out []string
	for _, kv := range strings.FieldsFunc(q, func(r rune) bool { return r == '&' || r == ';' || r == ',' }) {
		k, _, _ := strings.Cut(kv, "=")
		k = strings.Trim(k, "{}[] ")
		if reIdent.MatchString(k) && !contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// fieldNamed tells a name that a row of some table of the page names: an
// uncaptioned table labelled with it describes that field's object.
func (b *builder) fieldNamed(n string) bool {
	if !reIdent.MatchString(n) {
		return false
	}
	for _, tc := range b.w.tables {
		if tc.cols[colName] < 0 {
			continue
		}
		for _, r := range tc.t.Rows {
			if cellText(r, tc.cols[colName]) == n {
				return true
			}
		}
	}
	return false
}

// fieldTable finds the table of an object field whose Type cell names none
// ("Object", "JSON object"): the table the field's name links to
// (<a href="#table3">virtual_mfa_device</a>), else the uncaptioned table a
// list item labels with the field's name.
func (b *builder) fieldTable(field string, from *tableCtx) *tableCtx {
	for _, r := range from.t.Rows {
		if cellText(r, from.cols[colName]) != field {
			continue
		}
		if c := cell(r, from.cols[colName]); c != nil {
			for _, l := range c.Links {
				if i := strings.LastIndex(l.Href, "#"); i >= 0 && !strings.Contains(l.Href[:i], ".") {
					if tc, ok := b.anchors[l.Href[i+1:]]; ok && tc != from {
						return tc
					}
				}
			}
		}
		break
	}
	return b.labelledTable(field, from)
}

// labelledTable is the uncaptioned table a list item labels with the field's
// name ("agency"), for an object field whose Type cell names no table;
// the one in the same section role as the field's table first.
func (b *builder) labelledTable(field string, from *tableCtx) *tableCtx {
	var best *tableCtx
	for _, c := range b.labelled[field] {
		if c == from {
			continue
		}
		if best == nil || (c.role == from.role && best.role != from.role) {
			best = c
		}
	}
	return best
}

var (
	// "POST https://{endpoint}/v3/{project_id}/backups", "GET /v1/x HTTP/1.1"
	// "GET https://{ECS Endpoint}/v2.1/...": a placeholder host may hold a space
	reRequestLine = regexp.MustCompile(`^(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+(?:https?://)?(?:\{[^{}]*\})?\S*(?:\s+HTTP/\d(?:\.\d)?)?$`)
	// a curl command line with no body
	reCurlLine = regexp.MustCompile(`^curl\s[^{}]*$`)
)

// requestLineOnly tells a code block that holds only the request line of an
// example (the body, if any, follows in a block of its own): no example body.
func requestLineOnly(text string) bool {
	n := 0
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if !reRequestLine.MatchString(l) && !reCurlLine.MatchString(l) {
			return false
		}
		n++
	}
	return n > 0
}

// errorKeys are the top-level keys of the error bodies the pages show
// ({"error": {"error_code": ..., "error_msg": ...}}, {"error_code": ...}).
var errorKeys = map[string]bool{"error": true, "error_code": true, "error_msg": true, "errorCode": true, "errorMsg": true, "error_message": true, "message": true, "code": true, "title": true, "request_id": true}

// isErrorSample tells an example body that is an error: its keys are all
// error keys and one of them names the error.
func isErrorSample(w *walker, s string) bool {
	v, ok := w.parseJSON(s)
	if !ok {
		return false
	}
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return false
	}
	for k := range m {
		if !errorKeys[k] {
			return false
		}
	}
	_, e1 := m["error"]
	_, e2 := m["error_code"]
	_, e3 := m["errorCode"]
	return e1 || e2 || e3
}

// pathOnly is the path of a method line's target, its query string (or RFC
// 6570 query template, "{?limit,marker}") cut.
func pathOnly(p string) string {
	if i := strings.Index(p, "{?"); i >= 0 {
		p = p[:i]
	}
	p, _, _ = strings.Cut(p, "?")
	return p
}

// labelField is the field a list item's label names: "agency", or the last
// name of a path, "group.links" → links (IAM labels nested objects so).
func labelField(label string) string {
	parts := strings.Split(label, ".")
	for _, p := range parts {
		if !reIdent.MatchString(p) {
			return ""
		}
	}
	return parts[len(parts)-1]
}

// bareArrayOfObjects tells an array row whose Type cell names no element
// ("List", "Array") but whose name or description links to, or whose list
// item label names, the table describing the elements.
func (b *builder) bareArrayOfObjects(desc *page.Cell, field string, from *tableCtx) bool {
	return b.describedBy(desc, from) != nil || b.fieldTable(field, from) != nil
}

// nearerAfter tells whether c describes from's field better than best, both
// named alike: a page that repeats its object tables per response (CCI: 201,
// 202 and 200 each with their "ObjectMeta" table) means the copy that
// follows the field's table, nearest first.
func (b *builder) nearerAfter(c, best, from *tableCtx) bool {
	pc, pb, pf := b.position(c), b.position(best), b.position(from)
	if pc < 0 || pb < 0 || pf < 0 || pc < pf {
		return false
	}
	return pb < pf || pc < pb
}

// copyOfUsed tells a table that repeats, caption name and rows, one the
// operation reads: pages that document several responses repeat their
// object tables, and the field links to the first copy (CCI). Such a copy
// says nothing new, so leaving it unread is no loss worth a warning.
func (b *builder) copyOfUsed(tc *tableCtx) bool {
	if tc.name == "" {
		return false
	}
	names := strings.Join(b.rowNames(tc), ",")
	for _, o := range b.w.tables {
		if o != tc && o.used && o.name == tc.name && strings.Join(b.rowNames(o), ",") == names {
			return true
		}
	}
	return false
}
