package textpage

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docspec/docspec/scraper/page"
)

// aliyunHeaderWords are the column titles of Alibaba Cloud's tables, which
// the text rendering glues together ("ParameterTypeRequiredDescriptionExample").
var aliyunHeaderWords = []string{
	"Parameter", "Type", "Required", "Description", "Example", "Default value", "Valid values",
	"Operation", "Access level", "Resource type", "Condition key", "Associated operation",
	"Change time", "Summary of changes", "HTTP status code", "Error code", "Error message",
	"Name", "Value", "Position", "Location",
	"名称", "类型", "必填", "描述", "示例值", "参数", "是否必选", "示例", "操作", "访问级别", "资源类型",
	"条件关键字", "关联操作", "变更时间", "变更内容概要", "错误码", "错误信息",
}

func init() {
	// Longest first, so that "Error code" is tried before a shorter word.
	sort.SliceStable(aliyunHeaderWords, func(i, j int) bool { return len(aliyunHeaderWords[i]) > len(aliyunHeaderWords[j]) })
}

// splitGluedHeader splits a line made only of column titles written
// together; it returns nil unless the whole line is two or more of them.
func splitGluedHeader(s string) []string {
	if len(s) > 300 || s == "" {
		return nil
	}
	if _, ok := headerKind(s); ok {
		return nil // one column title ("参数类型"), not several glued
	}
	// next[p] is the word that starts a full split at byte p; dead[p] marks
	// positions known not to split.
	dead := map[int]bool{}
	next := map[int]string{}
	var try func(p int) bool
	try = func(p int) bool {
		if p == len(s) {
			return true
		}
		if dead[p] {
			return false
		}
		for _, w := range aliyunHeaderWords {
			if strings.HasPrefix(s[p:], w) && try(p+len(w)) {
				next[p] = w
				return true
			}
		}
		dead[p] = true
		return false
	}
	if !try(0) {
		return nil
	}
	var out []string
	for p := 0; p < len(s); p += len(next[p]) {
		out = append(out, next[p])
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

var (
	// "SignatureNamestringYes", "RequestIdstring", "object", "Tagsarray<object>No"
	reGluedRow = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_.\-]*?)?[\s\x{a0}]*(array<.*>|map<.*>|string|integer|long|int32|int64|boolean|object|array|float|double|number|map|any|date|binary|file)[\s\x{a0}]*(Yes|No|是|否)?$`)
	// the format tab over an example ("JSONformat", "XML format")
	reFormatLabel = regexp.MustCompile(`(?i)^(?:json|xml)\s*format$`)
	// "Last Updated:Mar 01, 2024"
	reAliyunUpdated = regexp.MustCompile(`^Last Updated\s*[:：]`)
	// "API Gateway:CreateSignature"
	reAliyunTitle = regexp.MustCompile(`^(.+?)\s*[:：]\s*([A-Z][A-Za-z0-9]+)$`)
)

// readAliyun reads Alibaba Cloud's page text.
func (r *reader) readAliyun() {
	ts := tokenize(r.lines)
	// The title is "Product:Action"; the lines before it are the site's
	// navigation.
	start := 0
	for i := 0; i < len(ts) && i < 20; i++ {
		if ts[i].code == nil && reAliyunTitle.MatchString(ts[i].l.text) && !reUpdated.MatchString(ts[i].l.text) {
			start = i
			break
		}
	}
	i := start
	if i < len(ts) && ts[i].code == nil {
		r.title = page.NormalizeSpace(ts[i].l.text)
		if m := reAliyunTitle.FindStringSubmatch(r.title); m != nil {
			r.anchor = m[2]
		}
		r.blocks = append(r.blocks, &page.Block{Kind: page.KindHeading, Level: 1, Text: r.title, Line: ts[i].l.n})
		i++
	}
	for i < len(ts) && ts[i].code == nil && reUpdated.MatchString(ts[i].l.text) {
		i++
	}
	var pend []line
	flush := func() {
		r.blocks = append(r.blocks, prose(pend)...)
		pend = nil
	}
	for i < len(ts) {
		t := ts[i]
		if t.code != nil {
			flush()
			r.blocks = append(r.blocks, t.code)
			i++
			continue
		}
		s := t.l.text
		if h := splitGluedHeader(s); h != nil {
			flush()
			var bs []*page.Block
			bs, i = r.aliyunTable(ts, i, h)
			r.blocks = append(r.blocks, bs...)
			continue
		}
		if r.aliyunHeading(ts, i) {
			flush()
			lv := sectionLevel(s)
			if lv == 0 {
				lv = 2
			}
			r.blocks = append(r.blocks, &page.Block{Kind: page.KindHeading, Level: lv, Text: page.NormalizeSpace(s), Line: t.l.n})
			i++
			continue
		}
		pend = append(pend, t.l)
		i++
	}
	flush()
}

func (r *reader) aliyunHeading(ts []tok, i int) bool {
	s := ts[i].l.text
	if ts[i].l.indent >= 2 || isBullet(s) || reFormatLabel.MatchString(s) {
		return false
	}
	if sectionLevel(s) > 0 {
		return true
	}
	blankBefore := i == 0 || ts[i-1].blankAfter
	return blankBefore && ts[i].blankAfter && headingShape(s) &&
		(i+1 >= len(ts) || ts[i+1].code == nil && sectionLevel(ts[i+1].l.text) == 0)
}

// aliyunEnd: a section heading or another table header.
func aliyunEnd(ts []tok, j int) bool {
	t := ts[j]
	if t.code != nil {
		return false
	}
	s := t.l.text
	if splitGluedHeader(s) != nil {
		return true
	}
	return t.l.indent < 2 && sectionLevel(s) > 0 && !isBullet(s)
}

// gluedRow splits a row line into name, type and required; ok is false when
// the line is not one.
func gluedRow(ts []tok, j int, needRequired bool) (name, typ, req string, ok bool) {
	t := ts[j]
	if t.code != nil || t.l.indent >= 2 {
		return "", "", "", false
	}
	m := reGluedRow.FindStringSubmatch(t.l.text)
	if m == nil {
		return "", "", "", false
	}
	name, typ, req = m[1], m[2], m[3]
	if needRequired && req == "" && name != "" {
		return "", "", "", false
	}
	// A lower-case word ending in a type name may be an example value
	// ("teststring"): it is a row only when a description follows it.
	if r0, _ := utf8.DecodeRuneInString(name); name != "" && !unicode.IsUpper(r0) {
		if !t.blankAfter || j+1 >= len(ts) || aliyunEnd(ts, j+1) {
			return "", "", "", false
		}
	}
	return name, typ, req, true
}

// aliyunTable reads a flattened table from its glued header at ts[i]. A
// parameter table becomes a Table; any other (authorisation, change
// history) keeps its header as a Table without rows and its lines as prose.
func (r *reader) aliyunTable(ts []tok, i int, header []string) ([]*page.Block, int) {
	tb := &page.Table{Header: header, Line: ts[i].l.n}
	blk := &page.Block{Kind: page.KindTable, Table: tb, Line: tb.Line}
	idx := map[string]int{}
	for c, h := range header {
		if _, seen := idx[h]; !seen {
			idx[h] = c
		}
	}
	_, hasName := idx["Parameter"]
	if !hasName {
		_, hasName = idx["Name"]
	}
	_, hasType := idx["Type"]
	_, hasReq := idx["Required"]
	j := i + 1
	if !hasName || !hasType {
		var ls []line
		for ; j < len(ts) && !aliyunEnd(ts, j) && !r.aliyunHeading(ts, j); j++ {
			if ts[j].code == nil {
				ls = append(ls, ts[j].l)
			}
		}
		return append([]*page.Block{blk}, prose(ls)...), j
	}
	nameCol := idx["Parameter"]
	if _, ok := idx["Parameter"]; !ok {
		nameCol = idx["Name"]
	}
	exCol, hasEx := idx["Example"]
	var stray []*page.Block
	descCol, hasDesc := idx["Description"]
	for j < len(ts) && !aliyunEnd(ts, j) {
		name, typ, req, ok := gluedRow(ts, j, hasReq)
		if !ok {
			// Text before the first row line: keep it in a row of its own
			// description rather than lose it.
			r.errf(ts[j].l.n, "table %q (line %d): line %d is not a row (name, type%s glued); kept as a paragraph after the table", strings.Join(header, "/"), tb.Line, ts[j].l.n, map[bool]string{true: ", required", false: ""}[hasReq])
			if ts[j].code != nil {
				stray = append(stray, ts[j].code)
			} else {
				stray = append(stray, prose([]line{ts[j].l})...)
			}
			j++
			continue
		}
		row := &page.Row{Line: ts[j].l.n}
		cells := make([]*page.Cell, len(header))
		for c := range cells {
			cells[c] = &page.Cell{}
		}
		para := func(s string, n int) *page.Cell {
			if s == "" {
				return &page.Cell{}
			}
			return &page.Cell{Blocks: []*page.Block{{Kind: page.KindParagraph, Text: s, Line: n}}}
		}
		cells[nameCol] = para(name, ts[j].l.n)
		cells[idx["Type"]] = para(typ, ts[j].l.n)
		if hasReq {
			cells[idx["Required"]] = para(req, ts[j].l.n)
		}
		j++
		start := j
		for j < len(ts) && !aliyunEnd(ts, j) {
			if _, _, _, ok := gluedRow(ts, j, hasReq); ok {
				break
			}
			j++
		}
		rest := ts[start:j]
		if hasEx && len(rest) > 0 {
			last := rest[len(rest)-1]
			switch {
			case last.code == nil && exampleLike(last.l, len(rest) > 1):
				cells[exCol] = para(last.l.text, last.l.n)
				rest = rest[:len(rest)-1]
			case last.code != nil && !strings.Contains(last.code.Text, "\n"):
				// A one-line JSON value is the example, as written.
				cells[exCol] = para(last.l.text, last.l.n)
				rest = rest[:len(rest)-1]
			}
		}
		if len(rest) > 0 {
			if hasDesc {
				cells[descCol] = cellOf(rest)
			} else {
				r.errf(rest[0].l.n, "table %q (line %d): row %q has text but no Description column", strings.Join(header, "/"), tb.Line, name)
			}
		}
		row.Cells = cells
		tb.Rows = append(tb.Rows, row)
	}
	return append([]*page.Block{blk}, stray...), j
}

// exampleLike: the last line of a row is its Example value when it is not a
// list item or a sentence; alone, it must also be short.
func exampleLike(l line, afterDesc bool) bool {
	s := l.text
	if isBullet(s) || l.indent >= 2 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune(".。:：;；!?！？", last) {
		return false
	}
	if afterDesc {
		return true
	}
	return len(strings.Fields(s)) <= 3 && utf8.RuneCountInString(s) <= 60
}
