package interp

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/docspec/docspec/model"
	regexp "github.com/docspec/docspec/scraper/internal/fastre"
	"github.com/docspec/docspec/scraper/page"
	"github.com/docspec/docspec/scraper/prose"
)

// Table roles.
const (
	tabUnknown = iota
	tabPath
	tabQuery
	tabHeader
	tabBody
	tabRespBody
	tabRespHeader
	tabObject
	tabURI // a URI table: each row is a path or a query parameter, as the path says
)

type builder struct {
	w  *walker
	op *model.Operation
	// objects by table name, for "Xxx object" references
	objects map[string][]*tableCtx
	anchors map[string]*tableCtx
	// labelled holds uncaptioned object tables by the label of their list
	// item, which is the name of the field they describe.
	labelled map[string][]*tableCtx
	// tableTyped marks the schemas whose Type cell named only their table
	// ("Table 3"): object or array is what the examples show.
	tableTyped map[*model.Schema]bool
	roles      map[*tableCtx]int
	foreign    map[string]*foreign // other pages' tables, by file
	// pending holds the per-value rules a field's prose states until the
	// object that holds the field resolves them (Schema.Rules is for rules
	// already placed on their object).
	pending map[*model.Schema][]*model.Rule
	// upward holds rules of an object whose conditions name a field of the
	// enclosing object, until that object is read.
	upward map[*model.Schema][]*model.Rule
	// assumed200 is set once the success status had to be assumed.
	assumed200 bool
}

func newBuilder(w *walker, op *model.Operation) *builder {
	return &builder{w: w, op: op, objects: map[string][]*tableCtx{}, anchors: map[string]*tableCtx{}, roles: map[*tableCtx]int{}, labelled: map[string][]*tableCtx{}, tableTyped: map[*model.Schema]bool{}, foreign: map[string]*foreign{}, pending: map[*model.Schema][]*model.Rule{}, upward: map[*model.Schema][]*model.Rule{}}
}

var reHeaderName = regexp.MustCompile(`^(?:[A-Z][A-Za-z0-9]*-)+[A-Za-z0-9]+$|^(?i:content-type|authorization|accept|host|user-agent)$`)

// classify decides a table's role from its caption, then from the label of
// the list item that holds it, then from where it sits.
func (b *builder) classify(tc *tableCtx) int {
	if tc.cols[colName] < 0 {
		return tabUnknown
	}
	l := strings.ToLower(tc.name)
	inResp := tc.role == secResponse
	switch {
	case l == "":
	case reTypeName.MatchString(tc.name) && l != "parameters" && l != "parameter":
		// A bare type name ("Member", "FixtedResponseConfig") names an object
		// table; "Table 1 Parameters" (RDS, CCE) names none.
		return tabObject
	case wordsRole(l, inResp) != tabUnknown:
		return wordsRole(l, inResp)
	case !hasAny(l, "parameter", "参数"):
		return tabObject
	}
	if r := b.labelRole(tc); r != tabUnknown {
		return r
	}
	// No telling caption: decide from the section and the rows.
	names := b.rowNames(tc)
	switch tc.role {
	case secURI:
		return tabURI
	case secRequest:
		if allIn(names, func(n string) bool { return reHeaderName.MatchString(n) }) {
			return tabHeader
		}
		if allIn(names, b.inURI) {
			return tabURI
		}
		if b.op.Style == model.StyleRPC {
			return tabQuery
		}
		return tabBody
	case secResponse:
		if allIn(names, func(n string) bool { return reHeaderName.MatchString(n) }) && tc.cols[colRequired] < 0 && len(names) > 0 && strings.HasPrefix(strings.ToLower(names[0]), "x-") {
			return tabRespHeader
		}
		return tabRespBody
	}
	return tabUnknown
}

// wordsRole is the role a caption's words give a table, tabUnknown when
// they give none.
func wordsRole(l string, inResp bool) int {
	switch {
	case hasAny(l, "path param", "uri param", "路径参数", "uri参数"):
		return tabPath
	case hasAny(l, "query param", "查询参数", "query参数"):
		return tabQuery
	case hasAny(l, "response header", "响应消息头", "响应头", "响应header"):
		return tabRespHeader
	case hasAny(l, "header param", "request header", "请求消息头", "请求头", "header参数", "消息头参数"):
		if inResp {
			return tabRespHeader
		}
		return tabHeader
	case hasAny(l, "response body", "response param", "响应body", "响应参数", "响应消息体"):
		return tabRespBody
	case hasAny(l, "request body", "request param", "body param", "请求body", "请求参数", "请求消息体"):
		return tabBody
	}
	return tabUnknown
}

func hasAny(l string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(l, x) {
			return true
		}
	}
	return false
}

// inURI tells a name the method line's path or query string holds.
func (b *builder) inURI(n string) bool {
	return strings.Contains(b.op.Path, "{"+n+"}") || contains(b.w.query, n)
}

func allIn(xs []string, f func(string) bool) bool {
	if len(xs) == 0 {
		return false
	}
	for _, x := range xs {
		if !f(x) {
			return false
		}
	}
	return true
}

func (b *builder) rowNames(tc *tableCtx) []string {
	var out []string
	for _, r := range tc.t.Rows {
		if n, _, _ := nameMark(cellText(r, tc.cols[colName])); n != "" {
			out = append(out, n)
		}
	}
	return out
}

func (b *builder) build() {
	w := b.w
	for _, tc := range w.tables {
		if tc.t.ID != "" {
			b.anchors[tc.t.ID] = tc
		}
	}
	linked := b.linkedObjects()
	var roles []int
	for _, tc := range w.tables {
		r := b.classify(tc)
		if o := outcomeRole(tc.name); o != 0 && r == tabObject {
			r = o
		}
		if linked[tc] {
			r = tabObject
		}
		if o := s3Role(tc.section); o != 0 && w.reqSyntax != nil && tc.cols[colName] >= 0 {
			r = o
		}
		b.roles[tc] = r
	}
	b.typeNamedBodies(b.roles)
	b.getBodyAsQuery(b.roles)
	for _, tc := range w.tables {
		r := b.roles[tc]
		roles = append(roles, r)
		if r == tabObject || r == tabUnknown && tc.name != "" {
			b.objects[strings.ToLower(tc.name)] = append(b.objects[strings.ToLower(tc.name)], tc)
		}
		if r == tabObject && tc.name == "" && tc.label != "" {
			if f := labelField(tc.label); f != "" {
				b.labelled[f] = append(b.labelled[f], tc)
			}
		}
	}
	var reqProps []*model.Property
	var reqTable *tableCtx
	respBodies := map[string]*model.Schema{}
	respTables := map[string]*tableCtx{}
	respHeaders := map[string][]*model.Parameter{}
	for i, tc := range w.tables {
		switch roles[i] {
		case tabPath, tabQuery, tabHeader, tabURI:
			// A URI table's rows are query parameters but for those the path
			// names (b.parameter).
			in := map[int]string{tabPath: model.InPath, tabQuery: model.InQuery, tabHeader: model.InHeader, tabURI: model.InQuery}[roles[i]]
			tc.used = true
			props := b.props(tc, 0, nil)
			for _, p := range props {
				pin := in
				if in == model.InPath && b.pathRowInQuery(p.Name, props) {
					pin = model.InQuery
					b.w.diag(model.SevWarning, "path-row-in-query", b.op.ID, fmt.Sprintf("row %s of a path-parameter table is not in the path %s, whose every {name} the table lists: read as a query parameter", p.Name, b.op.Path), p.Source)
				}
				b.op.Parameters = append(b.op.Parameters, b.parameter(p, pin))
			}
		case tabBody:
			tc.used = true
			if reqTable == nil {
				reqTable = tc
			}
			reqProps = append(reqProps, b.props(tc, 0, nil)...)
		case tabRespBody:
			tc.used = true
			st := tc.status
			if st == "" {
				st = b.successStatus()
			}
			s := &model.Schema{Type: model.TypeObject, Source: b.tsrc(tc, "", 0)}
			s.Properties = b.props(tc, 0, nil)
			b.resolveRules(s)
			if prev, ok := respBodies[st]; ok {
				prev.Properties = append(prev.Properties, s.Properties...)
			} else {
				respBodies[st] = s
				respTables[st] = tc
			}
		case tabErrorBody:
			tc.used = true
			b.props(tc, 0, nil) // marks the tables it links to as read
		case tabRespHeader:
			tc.used = true
			st := tc.status
			if st == "" {
				st = b.successStatus()
			}
			for _, p := range b.props(tc, 0, nil) {
				respHeaders[st] = append(respHeaders[st], &model.Parameter{Name: p.Name, In: model.InHeader, Required: p.Required, Schema: p.Schema, Source: p.Source})
			}
		}
	}
	if len(respBodies) == 0 {
		if s := b.responseElsewhere(); s != nil {
			respBodies[b.successStatus()] = s
		}
	}
	for _, p := range b.op.Parameters {
		if p.In == model.InHeader && strings.EqualFold(p.Name, "X-Auth-Token") {
			b.op.Security = []string{"token"}
		}
	}
	if reqTable != nil {
		s := &model.Schema{Type: model.TypeObject, Properties: reqProps, Source: b.tsrc(reqTable, "", 0)}
		b.resolveRules(s)
		b.op.RequestBody = &model.Body{ContentType: "application/json", Schema: bareArray(s), Source: s.Source}
	}
	b.mediaHeaders()
	// Path parameters that the path names but no table lists.
	for _, n := range pathParams(b.op.Path) {
		if !b.hasParam(n, model.InPath) {
			b.op.Parameters = append(b.op.Parameters, &model.Parameter{Name: n, In: model.InPath, Required: true, Schema: &model.Schema{Type: model.TypeString, Source: b.op.Source}, Source: b.op.Source})
			b.w.diag(model.SevWarning, "path-parameter-undocumented", b.op.ID, fmt.Sprintf("path parameter {%s} appears in %s %s but no table describes it; it is read as a string, as every path segment is", n, b.op.Method, b.op.Path), b.op.Source)
		}
	}
	// Responses: every status from tables, examples and the status-code table.
	statuses := map[string]bool{}
	for st := range respBodies {
		statuses[st] = true
	}
	for st := range respHeaders {
		statuses[st] = true
	}
	for st := range w.statuses {
		statuses[st] = true
	}
	for _, e := range w.examples {
		if e.role == secExampleResponse && (e.status == "2xx" || e.status == "") && isErrorSample(b.w, e.ex.Value) {
			e.role = secOther // "... or" an error body, under no status: no sample of the success body
		}
		if e.role == secExampleResponse {
			if e.status == "2xx" || e.status == "" {
				e.status = b.successStatus()
			}
			statuses[e.status] = true
		}
	}
	var sts []string
	for st := range statuses {
		sts = append(sts, st)
	}
	sort.Strings(sts)
	for _, st := range sts {
		resp := &model.Response{Status: st, Description: w.statuses[st], Headers: respHeaders[st], Source: b.op.Source}
		if s, ok := respBodies[st]; ok {
			resp.Body = &model.Body{ContentType: "application/json", Schema: bareArray(s), Source: s.Source}
			resp.Source = s.Source
		}
		for _, e := range w.examples {
			if e.role != secExampleResponse || e.status != st {
				continue
			}
			resp.Source = mergeSource(resp.Source, e.ex.Source)
			if resp.Body == nil {
				resp.Body = &model.Body{ContentType: "application/json", Source: e.ex.Source}
			}
			b.attachExample(resp.Body, e.ex)
			if v, ok := b.w.parseJSON(e.ex.Value); ok {
				for _, c := range errorCodesOf(v) {
					if !contains(resp.ErrorCodes, c) {
						resp.ErrorCodes = append(resp.ErrorCodes, c)
					}
				}
			}
		}
		b.op.Responses = append(b.op.Responses, resp)
	}
	for _, e := range w.examples {
		if e.role != secExampleRequest {
			continue
		}
		if b.op.RequestBody == nil {
			if _, ok := exampleJSON(e.ex.Value); !ok {
				continue // a request line with no body ("GET https://...")
			}
			b.op.RequestBody = &model.Body{ContentType: "application/json", Source: e.ex.Source}
			b.w.diag(model.SevWarning, "request-body-undocumented", b.op.ID, "the page shows an example request body but no table describes its fields", e.ex.Source)
		}
		b.attachExample(b.op.RequestBody, e.ex)
	}
	if b.op.RequestBody != nil {
		b.arrayByExample(b.op.RequestBody)
	}
	for _, r := range b.op.Responses {
		if r.Body != nil {
			b.arrayByExample(r.Body)
		}
	}
	b.typesFromExamples()
	b.formatsFromExamples()
	b.unplacedRules()
	if !b.hasSuccess() {
		b.w.diag(model.SevWarning, "success-response-missing", b.op.ID, "the page documents no 2xx response", b.op.Source)
	}
	for _, tc := range w.tables {
		if !tc.used && tc.cols[colName] >= 0 && !b.copyOfUsed(tc) {
			b.w.diag(model.SevWarning, "table-unused", b.op.ID, fmt.Sprintf("table %q is referenced by no field and has no recognised role", page.NormalizeSpace(tc.t.Caption)), b.tsrc(tc, "", tc.t.Line))
		}
	}
}

func mergeSource(a, b model.Source) model.Source {
	if a.File == "" {
		return b
	}
	return a
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func parseJSON(s string) (any, bool) {
	j, ok := exampleJSON(s)
	if !ok {
		return nil, false
	}
	var v any
	if err := json.Unmarshal([]byte(j), &v); err != nil {
		return nil, false
	}
	return v, true
}

// attachExample keeps the example's JSON part; a block that is not JSON is
// kept as written and reported.
func (b *builder) attachExample(body *model.Body, ex *model.Example) {
	j, ok := exampleJSON(ex.Value)
	e := *ex
	switch {
	case ok:
		e.Value = j
	case b.w.reqSyntax != nil:
		// An S3-style sample is a whole HTTP message (request line, headers,
		// XML): no example of the body's schema.
		b.w.diag(model.SevNote, "sample-not-kept", b.op.ID, "the samples are whole HTTP messages (request line, headers, XML body); they are not kept as body examples", b.op.Source)
		return
	default:
		b.w.diag(model.SevWarning, "example-not-json", b.op.ID, "example is not valid JSON; kept as text", ex.Source)
	}
	body.Examples = append(body.Examples, &e)
}

func (b *builder) successStatus() string {
	// The lowest 2xx the page lists: a map's order would make the answer,
	// and so the spec, change from run to run (DCS "Batch Deleting DCS
	// Instances" lists 200 and 204).
	var ok []string
	for st := range b.w.statuses {
		if strings.HasPrefix(st, "2") {
			ok = append(ok, st)
		}
	}
	if len(ok) > 0 {
		sort.Strings(ok)
		return ok[0]
	}
	for _, tc := range b.w.tables {
		if strings.HasPrefix(tc.status, "2") {
			return tc.status
		}
	}
	if !b.assumed200 {
		b.assumed200 = true
		b.w.diag(model.SevNote, "success-status-assumed", b.op.ID, "the page shows a success response but states no status code for it; 200 is assumed", b.op.Source)
	}
	return "200"
}

func (b *builder) hasSuccess() bool {
	for _, r := range b.op.Responses {
		if strings.HasPrefix(r.Status, "2") {
			return true
		}
	}
	return false
}

func (b *builder) hasParam(name, in string) bool {
	for _, p := range b.op.Parameters {
		if p.Name == name && p.In == in {
			return true
		}
	}
	return false
}

var rePathParam = regexp.MustCompile(`\{([^{}]+)\}`)

func pathParams(path string) []string {
	var out []string
	for _, m := range rePathParam.FindAllStringSubmatch(path, -1) {
		out = append(out, m[1])
	}
	return out
}

func (b *builder) tsrc(tc *tableCtx, row string, line int) model.Source {
	if line == 0 {
		line = tc.t.Line
	}
	src := b.w.src(tc.section, page.NormalizeSpace(tc.t.Caption), row, line)
	if tc.home != nil {
		src.File = tc.home.File
	}
	return src
}

// props reads a parameter table's rows into properties, following object
// references into their own tables.
func (b *builder) props(tc *tableCtx, depth int, seen map[*page.Table]bool) []*model.Property {
	if seen == nil {
		seen = map[*page.Table]bool{}
	}
	if seen[tc.t] || depth > 12 {
		return nil
	}
	seen[tc.t] = true
	defer delete(seen, tc.t)
	var out []*model.Property
	for _, r := range tc.t.Rows {
		name, req, marked := nameMark(cellText(r, tc.cols[colName]))
		name = snakeTypo(name)
		if name == "" || strings.ContainsAny(name, " ") && !reIdent.MatchString(strings.ReplaceAll(name, " ", "")) {
			continue
		}
		src := b.tsrc(tc, name, r.Line)
		p := &model.Property{Name: name, Source: src, Required: req}
		if tc.cols[colRequired] >= 0 && (!marked || cellText(r, tc.cols[colRequired]) != "") {
			if v, ok := required(cellText(r, tc.cols[colRequired])); ok {
				p.Required = v
			} else {
				b.w.diag(model.SevWarning, "required-unreadable", b.op.ID, fmt.Sprintf("cannot read the Mandatory cell %q", cellText(r, tc.cols[colRequired])), src)
			}
		}
		p.Schema = b.schemaFor(tc, r, src, depth, seen)
		out = append(out, p)
	}
	return out
}

func (b *builder) lang() string {
	if b.w.p.Language == "" {
		return "en"
	}
	return b.w.p.Language
}

// schemaFor builds the schema of one row.
func (b *builder) schemaFor(tc *tableCtx, r *page.Row, src model.Source, depth int, seen map[*page.Table]bool) *model.Schema {
	typeCell := cell(r, tc.cols[colType])
	tr := parseType(cellText(r, tc.cols[colType]))
	if tc.cols[colType] >= 0 && !tr.Known && cellText(r, tc.cols[colType]) != "" {
		b.w.diag(model.SevWarning, "type-unreadable", b.op.ID, fmt.Sprintf("cannot read the type %q", cellText(r, tc.cols[colType])), src)
	}
	desc := cell(r, tc.cols[colDesc])
	s := b.schemaOf(tr, typeCell, desc, tc, src, depth, seen)
	typ := s.Type
	if typ == model.TypeArray && s.Items != nil && s.Items.Type != model.TypeObject {
		typ = model.TypeArray
	}
	res := b.w.prose.Parse(desc, typ, b.lang())
	b.apply(s, res, src)
	if tc.cols[colExample] >= 0 {
		if ex := cellText(r, tc.cols[colExample]); ex != "" {
			s.Example = &ex
		}
	}
	if tc.cols[colDefault] >= 0 && s.Default == nil {
		if d := cellText(r, tc.cols[colDefault]); d != "" && d != "-" && !strings.EqualFold(d, "none") {
			s.Default = &d
		}
	}
	b.lostList(desc, src)
	return s
}

// lostList warns where a description introduces a list ("Signature key
// type:") and the page has none after it: the rendering lost it, and what is
// lost is not guessed.
func (b *builder) lostList(c *page.Cell, src model.Source) {
	if c == nil {
		return
	}
	for i, bl := range c.Blocks {
		if bl.Kind != page.KindParagraph {
			continue
		}
		t := strings.TrimSpace(bl.Text)
		if !strings.HasSuffix(t, ":") && !strings.HasSuffix(t, "：") || noteLabel(t) {
			continue
		}
		if i+1 < len(c.Blocks) && (c.Blocks[i+1].Kind == page.KindList || c.Blocks[i+1].Kind == page.KindTable) {
			continue
		}
		if cellLabel(t) && i+1 < len(c.Blocks) && c.Blocks[i+1].Kind == page.KindParagraph {
			continue // "Definition:" then its paragraph: a label, not a list's intro
		}
		b.w.diag(model.SevWarning, "list-missing", b.op.ID, fmt.Sprintf("%q introduces a list that the page does not contain; its values are not invented", t), src)
	}
}

// schemaOf turns a parsed type into a schema, reading referenced object tables.
func (b *builder) schemaOf(tr typeRef, typeCell, desc *page.Cell, tc *tableCtx, src model.Source, depth int, seen map[*page.Table]bool) *model.Schema {
	s := &model.Schema{Type: tr.Type, Format: tr.Format, Source: src}
	if tr.TableOnly {
		b.tableTyped[s] = true
	}
	switch tr.Type {
	case model.TypeArray:
		switch {
		case tr.Items != nil:
			s.Items = b.schemaOf(*tr.Items, typeCell, desc, tc, src, depth, seen)
		case b.bareArrayOfObjects(desc, src.Row, tc):
			// "List" / "Array" alone, the row linking to its table (IAM)
			s.Items = b.schemaOf(typeRef{Type: model.TypeObject, Known: true}, nil, desc, tc, src, depth, seen)
		default:
			s.Items = &model.Schema{Source: src}
		}
	case model.TypeObject:
		if tr.Values != nil {
			s.AdditionalProperties = b.schemaOf(*tr.Values, nil, nil, tc, src, depth, seen)
			break
		}
		ot := b.objectTable(tr.Ref, typeCell, tc)
		// A name that no table carries ("autoscaling object" beside "Table 6
		// Data structure of the autoscaling field", "Metric object. For
		// details, see Table 3.") names no table: read the row as if its
		// Type cell said only "object".
		loose := tr.Ref == "" || ot == nil && !b.tableNamed(tr.Ref, tc)
		if ot == nil && loose {
			ot = b.describedBy(desc, tc)
		}
		if ot == nil && loose {
			ot = b.namedFor(src.Row, tc, b.roles) // src.Row: the field's name
		}
		if ot == nil && loose && tr.Ref != "" && !strings.EqualFold(tr.Ref, src.Row) {
			ot = b.namedFor(tr.Ref, tc, b.roles)
		}
		if ot == nil && loose {
			ot = b.fieldTable(src.Row, tc)
		}
		if ot != nil {
			ot.used = true
			s.Name = ot.name
			s.Source = mergeSource(model.Source{}, b.tsrc(ot, "", 0))
			s.Properties = b.props(ot, depth+1, seen)
			b.resolveRules(s)
		}
	}
	return s
}

// objectTable finds the table that describes an object: by link target,
// then by name, preferring the same section and the nearest table after.
func (b *builder) objectTable(ref string, typeCell *page.Cell, from *tableCtx) *tableCtx {
	if typeCell != nil {
		for _, l := range typeCell.Links {
			if tc := b.tableAt(from, l.Href); tc != nil && tc != from {
				return tc
			}
			if i := strings.LastIndex(l.Href, "#"); i >= 0 && from.home == nil {
				if tc, ok := b.anchors[l.Href[i+1:]]; ok && tc != from {
					return tc
				}
			}
			if ref == "" && reIdent.MatchString(l.Text) {
				ref = l.Text
			}
		}
	}
	if ref == "" {
		return nil
	}
	cands := b.objects[strings.ToLower(ref)]
	if from.home != nil {
		cands = nil
		for _, tc := range b.tablesOf(from) {
			if strings.EqualFold(tc.name, ref) {
				cands = append(cands, tc)
			}
		}
	}
	var best *tableCtx
	for _, c := range cands {
		if c == from {
			continue
		}
		if best == nil || (c.role == from.role && best.role != from.role) || c.role == best.role && b.nearerAfter(c, best, from) {
			best = c
		}
	}
	return best
}

// apply copies what the prose says onto the schema.
func (b *builder) apply(s *model.Schema, r *prose.Result, src model.Source) {
	if r == nil {
		return
	}
	s.Description = r.Description
	target := s
	if s.Type == model.TypeArray && s.Items != nil && (len(r.Enum) > 0 || r.Pattern != "" || r.MinLength != nil || r.MaxLength != nil) && s.Items.Type != model.TypeObject {
		// "Array of strings" whose values are enumerated: the enum is the items'.
		target = s.Items
	}
	if len(r.Enum) > 0 {
		target.Enum = r.Enum
	}
	if r.Default != nil {
		s.Default = r.Default
	}
	if target.Type == model.TypeString || target.Type == "" {
		target.MinLength, target.MaxLength = r.MinLength, r.MaxLength
		target.Pattern = r.Pattern
	}
	if s.Type == model.TypeInteger || s.Type == model.TypeNumber {
		s.Minimum, s.Maximum = r.Minimum, r.Maximum
		if s.Minimum == nil && r.MinLength != nil {
			v := float64(*r.MinLength)
			s.Minimum = &v
		}
		if s.Maximum == nil && r.MaxLength != nil {
			v := float64(*r.MaxLength)
			s.Maximum = &v
		}
	}
	if s.Type == model.TypeArray {
		s.MinItems, s.MaxItems = r.MinItems, r.MaxItems
	}
	if r.Format != "" && s.Format == "" && (s.Type == model.TypeString || s.Type == "") {
		s.Format = r.Format
	}
	for _, c := range r.Constraints {
		c.Source = src
		s.Constraints = append(s.Constraints, c)
	}
	for _, rule := range r.Rules {
		rule.Source = src
		b.pending[s] = append(b.pending[s], rule)
	}
	for _, t := range r.NotUnderstood {
		b.w.diag(model.SevNote, "prose-not-understood", b.op.ID, t, src)
	}
}

// resolveRules moves per-value rules from a field onto the object that holds
// both the field and the fields its conditions name. A condition whose field
// the prose did not name is matched to the sibling whose enumeration holds
// the value, or whose name the sentence mentions.
func (b *builder) resolveRules(obj *model.Schema) {
	for _, p := range obj.Properties {
		rules := b.pending[p.Schema]
		if len(rules) == 0 {
			continue
		}
		delete(b.pending, p.Schema)
		for _, r := range rules {
			r.Field = p.Name
			ok, up := true, false
			for i, c := range r.When {
				if c.Field != "" {
					// "If type is set to PATH" where type belongs to the
					// enclosing object: placed when that object is read.
					up = up || !hasProp(obj, c.Field)
					continue
				}
				c.Field = b.siblingFor(obj, p.Name, c.Equals, r.Text, i)
				if c.Field == "" {
					ok = false
				}
			}
			switch {
			case !ok:
				b.w.diag(model.SevWarning, "rule-condition-unresolved", b.op.ID, fmt.Sprintf("field %s: cannot tell which field the condition in %q refers to", p.Name, r.Text), r.Source)
			case up:
				b.upward[obj] = append(b.upward[obj], r)
			default:
				obj.Rules = append(obj.Rules, r)
			}
		}
	}
	// Rules of a child object (or of the items of an array) whose conditions
	// name fields of this object: kept on the child, the field written
	// "../name" (the enclosing object's field).
	for _, p := range obj.Properties {
		child := p.Schema
		if child != nil && child.Type == model.TypeArray && child.Items != nil {
			child = child.Items
		}
		if child == nil || len(b.upward[child]) == 0 {
			continue
		}
		var keep []*model.Rule
		for _, r := range b.upward[child] {
			if !conditionsIn(child, obj, r) {
				keep = append(keep, r)
				continue
			}
			for _, c := range r.When {
				if !hasProp(child, c.Field) {
					c.Field = "../" + c.Field
				}
			}
			child.Rules = append(child.Rules, r)
		}
		b.upward[child] = keep
	}
}

// conditionsIn tells whether every condition of r names a field of child or
// of its enclosing object parent.
func conditionsIn(child, parent *model.Schema, r *model.Rule) bool {
	for _, c := range r.When {
		if !hasProp(child, c.Field) && !hasProp(parent, c.Field) {
			return false
		}
	}
	return true
}

// unplacedRules reports rules whose conditions name fields found neither in
// their object nor in the one enclosing it.
func (b *builder) unplacedRules() {
	var rules []*model.Rule
	for _, rs := range b.upward {
		rules = append(rules, rs...)
	}
	sort.SliceStable(rules, func(i, j int) bool { return rules[i].Source.Line < rules[j].Source.Line })
	for _, r := range rules {
		b.w.diag(model.SevWarning, "rule-condition-elsewhere", b.op.ID, fmt.Sprintf("field %s: %q names a field of neither its object nor the enclosing one; the rule is not kept", r.Field, r.Text), r.Source)
	}
}

func (b *builder) siblingFor(obj *model.Schema, self, value, text string, idx int) string {
	for _, q := range obj.Properties {
		if q.Name == self || q.Schema == nil {
			continue
		}
		for _, e := range q.Schema.Enum {
			if e == value {
				return q.Name
			}
		}
	}
	// The sentence names the field by a word of it ("if the aes-128-cfb
	// algorithm is used" → sign_algorithm); the first condition is the field
	// that discriminates types ("...type").
	lt := strings.ToLower(text)
	best := ""
	for _, q := range obj.Properties {
		if q.Name == self {
			continue
		}
		for _, word := range strings.FieldsFunc(strings.ToLower(q.Name), func(r rune) bool { return r == '_' || r == '-' }) {
			if len(word) < 4 || !regexp.MustCompile(`\b`+regexp.QuoteMeta(word)+`\b`).MatchString(lt) {
				continue
			}
			if strings.Contains(strings.ToLower(self), word) {
				continue // a word the field shares with itself says nothing
			}
			if best != "" && best != q.Name {
				return ""
			}
			best = q.Name
		}
	}
	if best == "" && idx == 0 {
		// "hmac: ..." list items name a value of the object's type field:
		// the one sibling whose description enumerates the value.
		for _, q := range obj.Properties {
			if q.Name != self && q.Schema != nil && strings.Contains(strings.ToLower(q.Schema.Description), strings.ToLower(value)) {
				if best != "" && best != q.Name {
					return ""
				}
				best = q.Name
			}
		}
	}
	return best
}

// noteLabel tells the label of a note box ("Note:", "说明:"), which
// introduces a paragraph, not a list.
func noteLabel(t string) bool {
	l := strings.ToLower(strings.TrimRight(t, ":： "))
	switch l {
	case "note", "notes", "notice", "caution", "warning", "说明", "注意", "须知", "注", "警告":
		return true
	}
	return false
}

// formatsFromExamples marks string fields date-time where the page's own
// examples show an RFC 3339 time for them (and never anything else).
func (b *builder) formatsFromExamples() {
	seen := map[*model.Schema][]string{}
	var walk func(s *model.Schema, v any)
	walk = func(s *model.Schema, v any) {
		if s == nil {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			for _, p := range s.Properties {
				if pv, ok := x[p.Name]; ok {
					walk(p.Schema, pv)
				}
			}
		case []any:
			for _, it := range x {
				walk(s.Items, it)
			}
		case string:
			if s.Type == model.TypeString && s.Format == "" && len(s.Enum) == 0 {
				seen[s] = append(seen[s], x)
			}
		}
	}
	bodies := []*model.Body{b.op.RequestBody}
	for _, r := range b.op.Responses {
		bodies = append(bodies, r.Body)
	}
	for _, body := range bodies {
		if body == nil || body.Schema == nil {
			continue
		}
		for _, ex := range body.Examples {
			if v, ok := b.w.parseJSON(ex.Value); ok {
				walk(body.Schema, v)
			}
		}
	}
	for s, vals := range seen {
		all := true
		for _, v := range vals {
			if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
				all = false
				break
			}
		}
		if all {
			s.Format = "date-time"
			s.Constraints = append(s.Constraints, &model.Constraint{Kind: model.ConstraintFormat, Text: "the page's example shows an RFC 3339 time: " + vals[0], Source: s.Source})
		}
	}
}

func hasProp(obj *model.Schema, name string) bool {
	for _, p := range obj.Properties {
		if p.Name == name {
			return true
		}
	}
	return false
}
