// Package textpage reads the non-HTML renderings of API reference pages into
// a page.Page: plain text with one table cell per line (Huawei Cloud's
// international site), Markdown-like pipe tables (Huawei Cloud's Chinese
// site) and Alibaba Cloud's page text with flattened tables.
//
// The form is told from the content, never from the file name. The Page it
// produces has the shape an HTML reader gives for the same page:
//
//   - the title is a level-1 heading (also Page.Title); sections are level-2
//     headings ("Sample ..." level 3); page chrome before the title and
//     "Updated on"/"Last Updated" lines are dropped;
//   - "Status code: 200" / "状态码:201" lines are paragraphs of their own,
//     right before the table or example they qualify; the line after one
//     ("OK", "Created") is a paragraph too, never a heading;
//   - tables keep their caption as written ("Table 3 Request body
//     parameters", "表2 ..."); tables without one (all pipe tables unless a
//     caption line precedes them, status-code tables, Alibaba Cloud tables)
//     have Caption "";
//   - a cell is paragraphs and lists (bullets nest by indentation; bullets
//     broken by the rendering stay as written); the Type cell holds the type
//     as written ("Array of Member objects", "array<object>");
//   - example JSON and XML are Code blocks, as written, after the paragraphs
//     that introduce them.
//
// Every block, table and row has its 1-based source line. Problems (a row
// short of cells) come back as Errors together with the page read so far.
package textpage

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/page"
)

// Error is a page, or a place in it, that cannot be read.
type Error = page.Error

// Errors are the problems of one page that was still read: Read returns them
// together with the part of the page it could read.
type Errors []*Error

func (es Errors) Error() string {
	var parts []string
	for _, e := range es {
		parts = append(parts, e.Error())
	}
	return strings.Join(parts, "\n")
}

// Location is the place of the first problem.
func (es Errors) Location() (string, int) {
	if len(es) == 0 {
		return "", 0
	}
	return es[0].Location()
}

// Sniff tells which of the text forms data is in: model.DialectPlainText,
// model.DialectMarkdown, model.DialectAliyun, or "" when it is none of them
// (HTML included).
func Sniff(data []byte) string {
	if len(bytes.TrimSpace(data)) == 0 || looksHTML(data) {
		return ""
	}
	ls := splitLines(data)
	for i, l := range ls {
		if reMDSep.MatchString(l.text) && pipeBefore(ls, i) {
			return model.DialectMarkdown
		}
	}
	title, updated := false, false
	for i, l := range ls {
		if h := splitGluedHeader(l.text); len(h) >= 2 {
			return model.DialectAliyun
		}
		if i < 30 {
			title = title || reAliyunTitle.MatchString(l.text) && !reUpdated.MatchString(l.text)
			updated = updated || reAliyunUpdated.MatchString(l.text)
		}
	}
	if title && updated {
		return model.DialectAliyun // a page without tables: "Product:Action" and "Last Updated:"
	}
	ts := tokenize(ls)
	for i, t := range ts {
		if h := tokHeaderRun(ts, i+1); t.code == nil && reCaption.MatchString(t.l.text) && len(h) >= 2 {
			return model.DialectPlainText
		}
		if h := tokHeaderRun(ts, i); len(h) >= 2 && hasKeyColumn(h) && i+len(h) < len(ts) {
			return model.DialectPlainText
		}
	}
	return ""
}

// Read reads a page in one of the text forms. A page that could be read only
// in part comes back together with an Errors value naming each problem's line;
// a page that could not be read at all returns a nil Page.
func Read(file string, data []byte) (*page.Page, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{File: file, Msg: "empty page"}
	}
	if looksHTML(data) {
		return nil, &Error{File: file, Msg: "HTML page: not a text form"}
	}
	r := &reader{file: file, lines: splitLines(data)}
	d := Sniff(data)
	switch d {
	case model.DialectMarkdown:
		r.readMarkdown()
	case model.DialectAliyun:
		r.readAliyun()
	case model.DialectPlainText:
		r.readPlain()
	default:
		d = model.DialectPlainText
		r.errf(0, "no text form recognised (no table caption, pipe table or flattened header); read as plain text")
		r.readPlain()
	}
	p := &page.Page{File: file, Dialect: d, Language: language(data), Title: r.title, Anchor: r.anchor, Blocks: r.blocks}
	if len(r.errs) > 0 {
		return p, r.errs
	}
	return p, nil
}

// reader holds the state shared by the three forms.
type reader struct {
	file   string
	lines  []line
	title  string
	anchor string
	blocks []*page.Block
	errs   Errors
}

func (r *reader) errf(n int, format string, args ...any) {
	if len(r.errs) >= 100 {
		return
	}
	r.errs = append(r.errs, &Error{File: r.file, Line: n, Msg: fmt.Sprintf(format, args...)})
}

// line is one physical line of the input.
type line struct {
	n      int    // 1-based
	raw    string // without the line break
	text   string // trimmed
	indent int    // leading white space, tabs counting 4
}

func splitLines(data []byte) []line {
	s := string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	parts := strings.Split(s, "\n")
	if len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	out := make([]line, 0, len(parts))
	for i, p := range parts {
		p = strings.TrimRight(p, "\r")
		out = append(out, line{n: i + 1, raw: p, text: trimSpace(p), indent: indentOf(p)})
	}
	return out
}

func trimSpace(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' })
}

func indentOf(s string) int {
	n := 0
	for _, r := range s {
		switch r {
		case ' ', '\u00a0':
			n++
		case '\t':
			n += 4
		case '\u3000':
			n += 2
		default:
			return n
		}
	}
	return n
}

// reHTMLLine is a line opening with an HTML element (not an XML example's
// own element names).
var reHTMLLine = regexp.MustCompile(`(?i)^<(?:!doctype\s+html|html|head|body|div|table|tbody|thead|tr|td|th|p|span|meta|script|style|link|section|article|ul|ol|li|h[1-6]|title|a|br|pre|img|iframe|nav|header|footer|main)[\s>/]`)

// looksHTML tells markup: a line opening with an HTML element in the first
// part of the file.
func looksHTML(data []byte) bool {
	head := data
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	for _, l := range bytes.Split(head, []byte("\n")) {
		if reHTMLLine.Match(bytes.TrimSpace(l)) {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// language is "zh" when Han characters make up a good part of the letters.
func language(data []byte) string {
	han, latin := 0, 0
	for _, r := range string(data) {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case r < 128 && unicode.IsLetter(r):
			latin++
		}
	}
	if han > 0 && han*6 >= latin {
		return "zh"
	}
	return "en"
}

// ---- shared vocabulary ----

var (
	// "Table 3 Request body parameters", "表3 请求Body参数"
	reCaption = regexp.MustCompile(`^(?:Table|表)\s*\d+(?:[-.]\d+)*(?:\s+\S.*|[^\sA-Za-z0-9].*)?$`)
	// "Status code: 200", "状态码:201", "状态码：201"
	reStatusLine = regexp.MustCompile(`(?i)^(?:http\s+)?(?:status\s*code|状态码|返回码)\s*[:：]\s*[1-5]\d\d\b`)
	reMethodLine = regexp.MustCompile(`^(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+/`)
	reUpdated    = regexp.MustCompile(`(?i)^(?:last\s+)?updated(?:\s+on|\s+at)?\s*[:：]?\s*\S|^更新时间\s*[:：]`)
	reMDSep      = regexp.MustCompile(`^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$`)
)

// sectionWords are headings the reference pages use; matching is on the
// lower-cased, space-normalised line.
var sectionWords = map[string]int{
	"function": 2, "functions": 2, "description": 2, "overview": 2,
	"calling method": 2, "uri": 2, "url": 2, "request uri": 2, "constraints": 2, "restrictions": 2,
	"constraints and limitations": 2, "authorization information": 2, "authorization": 2,
	"request": 2, "request parameters": 2, "request parameter": 2, "request headers": 2, "request header": 2,
	"request body": 2, "response": 2, "response parameters": 2, "response parameter": 2,
	"response headers": 2, "response body": 2, "example request": 2, "example requests": 2,
	"request example": 2, "request examples": 2, "example response": 2, "example responses": 2,
	"response example": 2, "response examples": 2, "examples": 2, "example": 2,
	"sample success responses": 3, "sample error responses": 3, "sample requests": 3, "sample request": 3,
	"status code": 2, "status codes": 2, "error code": 2, "error codes": 2,
	"sdk sample code": 2, "sdk code examples": 2, "operation description": 2, "debugging": 2,
	"request syntax": 2, "change history": 2, "parameters": 2, "response elements": 2,
	"功能介绍": 2, "接口约束": 2, "约束与限制": 2, "调试": 2, "调用方法": 2, "授权信息": 2, "uri参数": 2,
	"请求参数": 2, "响应参数": 2, "请求示例": 2, "响应示例": 2, "状态码": 2, "错误码": 2,
	"sdk代码示例": 2, "返回值": 2, "请求": 2, "响应": 2, "接口说明": 2, "请求语法": 2, "返回数据": 2,
	"示例": 2, "变更历史": 2, "接口描述": 2, "请求头": 2, "响应头": 2,
}

func sectionLevel(s string) int {
	if len(s) > 80 {
		return 0
	}
	return sectionWords[strings.ToLower(page.NormalizeSpace(s))]
}

// headingShape is a short title line: no sentence end, no colon, not a list
// item, a value or a status line.
func headingShape(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 60 || isBullet(s) || reStatusLine.MatchString(s) || reCaption.MatchString(s) {
		return false
	}
	if strings.ContainsAny(s, ":：;；,，。.!?！？|{}[]<>=\"'`") {
		return false
	}
	if len(strings.Fields(s)) > 6 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !(unicode.IsUpper(r) || unicode.Is(unicode.Han, r)) {
		return false
	}
	if isRequiredWord(s) || isTypeWord(s) || reDigits.MatchString(s) || reMethodWord.MatchString(s) {
		return false
	}
	if unicode.Is(unicode.Han, r) && utf8.RuneCountInString(s) > 16 {
		return false
	}
	return true
}

// titleLike: Han text, one word, or title case: what an unknown heading
// looks like ("Calling Method", not "Adding an HTTP backend server group").
func titleLike(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.Is(unicode.Han, r) || len(strings.Fields(s)) == 1 || titleCase(s)
}

// titleCase: every word longer than three letters starts upper case.
func titleCase(s string) bool {
	ws := strings.Fields(s)
	if len(ws) < 2 {
		return false
	}
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if utf8.RuneCountInString(w) > 3 && unicode.IsLower(r) {
			return false
		}
	}
	return true
}

var (
	reDigits     = regexp.MustCompile(`^[0-9][0-9 .,%]*$`)
	reMethodWord = regexp.MustCompile(`^(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$`)
)

var bulletRunes = "•●○◦▪■◆◇·∙‣⁃"

// isBullet: a list item marker followed by text ("• hmac", "- item", "* item").
func isBullet(s string) bool {
	_, ok := bulletText(s)
	return ok
}

func bulletText(s string) (string, bool) {
	r, size := utf8.DecodeRuneInString(s)
	if strings.ContainsRune(bulletRunes, r) {
		return trimSpace(s[size:]), true
	}
	if (r == '-' || r == '*' || r == '+') && len(s) > 1 && (s[1] == ' ' || s[1] == '\t') {
		return trimSpace(s[2:]), true
	}
	return "", false
}

// ---- column shapes ----

type colKind int

const (
	colFree colKind = iota
	colName
	colRequired
	colType
	colStatus
	colCode
)

// headerWords are table header cells, mapped to the shape of their values.
var headerWords = map[string]colKind{
	"parameter": colName, "parameters": colName, "name": colName, "field": colName, "parameter name": colName,
	"参数": colName, "参数名": colName, "名称": colName, "字段": colName, "参数名称": colName,
	"mandatory": colRequired, "required": colRequired, "mandatory/optional": colRequired,
	"是否必选": colRequired, "必选": colRequired, "是否必填": colRequired, "必填": colRequired,
	"type": colType, "data type": colType, "value type": colType, "参数类型": colType, "类型": colType,
	"status code": colStatus, "http status code": colStatus, "返回值": colStatus, "状态码": colStatus, "http状态码": colStatus,
	"error code": colCode, "error codes": colCode, "错误码": colCode,
	"description": colFree, "描述": colFree, "说明": colFree, "remarks": colFree, "meaning": colFree,
	"example": colFree, "example value": colFree, "示例": colFree, "示例值": colFree,
	"error message": colFree, "message": colFree, "错误信息": colFree, "error description": colFree, "错误描述": colFree,
	"solution": colFree, "处理措施": colFree, "handling measure": colFree, "measure": colFree,
	"default": colFree, "default value": colFree, "默认值": colFree, "value": colFree, "value range": colFree,
	"取值范围": colFree, "unit": colFree, "单位": colFree, "location": colFree, "位置": colFree,
	"constraint": colFree, "constraints": colFree, "约束": colFree,
	"module": colFree, "模块": colFree, "possible cause": colFree, "cause": colFree, "可能原因": colFree,
}

func headerKind(s string) (colKind, bool) {
	if len(s) > 60 {
		return colFree, false
	}
	k, ok := headerWords[strings.ToLower(page.NormalizeSpace(s))]
	return k, ok
}

// isKeyColumn: a header cell that makes a run of header words a table.
func isKeyColumn(s string) bool {
	k, ok := headerKind(s)
	return ok && (k == colName || k == colStatus || k == colCode)
}

func hasKeyColumn(h []string) bool {
	for _, s := range h {
		if isKeyColumn(s) {
			return true
		}
	}
	return false
}

var (
	reName     = regexp.MustCompile(`^[A-Za-z_$@][A-Za-z0-9_.\-\[\]:/{}$@*]*$`)
	reRequired = regexp.MustCompile(`(?i)^(?:yes|no|true|false|mandatory|optional|required|conditional|是|否)(?:\W.*)?$`)
	reTypeWord = regexp.MustCompile(`(?i)^(?:string|str|integer|int|int32|int64|long|short|byte|boolean|bool|number|float|double|decimal|bigdecimal|object|array|list|map|set|timestamp|date|datetime|time|file|binary|json|enum|uuid|char|any|字符串|整数|整型|长整型|布尔|布尔型|数值|对象|数组)(?:\s*\[\])?$`)
	reTypeComp = regexp.MustCompile(`(?i)^(?:(?:array|list|set)\s+of\s+.+|(?:array|list|set|map)\s*[<\[].*[>\]]|[A-Za-z_]\w*\s+(?:objects?|array|list)|[A-Za-z_]\w*\[\])$`)
	reTypeName = regexp.MustCompile(`^[A-Z][A-Za-z0-9_]*$`)
	reStatus   = regexp.MustCompile(`^[1-5]\d\d(?:\s.*)?$`)
	reCode     = regexp.MustCompile(`^\S+$`)
)

func isRequiredWord(s string) bool { return reRequired.MatchString(s) }

func isTypeWord(s string) bool {
	return reTypeWord.MatchString(s) || reTypeComp.MatchString(page.NormalizeSpace(s))
}

func fits(k colKind, s string) bool {
	switch k {
	case colName:
		return reName.MatchString(s)
	case colRequired:
		return isRequiredWord(s)
	case colType:
		return isTypeWord(s) || reTypeName.MatchString(s)
	case colStatus:
		return reStatus.MatchString(s)
	case colCode:
		return reCode.MatchString(s)
	}
	return true
}

// ---- prose: paragraphs and lists ----

// prose turns a run of lines (blank ones already dropped) into paragraphs and
// lists. Bullets nest by indentation; a line that is not a bullet ends the
// list and stands as a paragraph, as written.
func prose(ls []line) []*page.Block {
	var out []*page.Block
	type level struct {
		indent int
		list   *page.Block
	}
	var stack []level
	for _, l := range ls {
		t, ok := bulletText(l.text)
		if !ok {
			stack = stack[:0]
			out = append(out, &page.Block{Kind: page.KindParagraph, Text: page.NormalizeSpace(l.text), Line: l.n})
			continue
		}
		item := &page.Cell{}
		if t != "" {
			item.Blocks = []*page.Block{{Kind: page.KindParagraph, Text: page.NormalizeSpace(t), Line: l.n}}
		}
		for len(stack) > 0 && l.indent < stack[len(stack)-1].indent-1 {
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 && l.indent >= stack[len(stack)-1].indent+2 {
			parent := stack[len(stack)-1].list
			last := parent.Items[len(parent.Items)-1]
			nl := &page.Block{Kind: page.KindList, Line: l.n}
			last.Blocks = append(last.Blocks, nl)
			stack = append(stack, level{l.indent, nl})
		}
		if len(stack) == 0 {
			nl := &page.Block{Kind: page.KindList, Line: l.n}
			out = append(out, nl)
			stack = append(stack, level{l.indent, nl})
		}
		top := stack[len(stack)-1].list
		top.Items = append(top.Items, item)
	}
	return out
}

// cell makes a table cell of lines.
func cell(ls []line) *page.Cell {
	return &page.Cell{Blocks: prose(ls)}
}

// ---- code ----

// jsonEnd returns the index (in ls) of the line closing the JSON value that
// opens at ls[i], or -1 when the brackets do not balance.
func jsonEnd(ls []line, i int) int {
	t := ls[i].text
	if t == "" || (t[0] != '{' && t[0] != '[') {
		return -1
	}
	if t[0] == '[' && len(t) > 1 && t[1] != '{' && t[1] != '[' && t[1] != '"' && t[1] != ']' && t[1] != ' ' {
		return -1 // "[link]" text, not JSON
	}
	depth, inStr, esc := 0, false, false
	for j := i; j < len(ls) && j < i+5000; j++ {
		for _, c := range ls[j].raw {
			switch {
			case esc:
				esc = false
			case inStr && c == '\\':
				esc = true
			case c == '"':
				inStr = !inStr
			case inStr:
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				depth--
				if depth < 0 {
					return -1
				}
			}
		}
		inStr = false // strings do not span lines
		if depth == 0 {
			return j
		}
	}
	return -1
}

var (
	reXMLOpen = regexp.MustCompile(`^<([A-Za-z_][\w:.\-]*)(?:\s[^>]*)?>`)
	reXMLDecl = regexp.MustCompile(`^<\?xml\s`)
)

// xmlEnd returns the index of the line closing the XML example that opens at
// ls[i] ("<?xml ...?>" or "<Root>" ... "</Root>"), or -1.
func xmlEnd(ls []line, i int) int {
	k := i
	if reXMLDecl.MatchString(ls[k].text) {
		if strings.HasSuffix(ls[k].text, "?>") && k+1 < len(ls) {
			k++
		}
	}
	m := reXMLOpen.FindStringSubmatch(ls[k].text)
	if m == nil || strings.HasSuffix(ls[k].text, "/>") {
		return -1
	}
	closing := "</" + m[1] + ">"
	for j := k; j < len(ls) && j < k+2000; j++ {
		if strings.Contains(ls[j].text, closing) {
			return j
		}
	}
	return -1
}

// codeBlock joins lines i..j as written, blank lines included.
func codeBlock(ls []line, i, j int) *page.Block {
	var parts []string
	for k := i; k <= j; k++ {
		parts = append(parts, ls[k].raw)
	}
	return &page.Block{Kind: page.KindCode, Text: strings.Join(parts, "\n"), Line: ls[i].n}
}

// splitTitle separates "创建签名密钥 - CreateSignatureKeyV2" into the title
// and the operation's own name.
var reIdent = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

func titleAnchor(t string) string {
	for _, sep := range []string{" - ", " – ", " — "} {
		if i := strings.LastIndex(t, sep); i > 0 {
			a := trimSpace(t[i+len(sep):])
			if reIdent.MatchString(a) {
				return a
			}
		}
	}
	return ""
}
