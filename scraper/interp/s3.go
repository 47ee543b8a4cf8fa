package interp

import (
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/docspec/docspec/model"
	regexp "github.com/docspec/docspec/scraper/internal/fastre"
	"github.com/docspec/docspec/scraper/page"
)

// S3-style pages (OBS): the operation is stated as the raw HTTP request it
// sends, in a "Request Syntax" code block:
//
//	PUT /?acl HTTP/1.1
//	Host: bucketname.obs.region.example.com
//	Content-Type: application/xml
//
//	<AccessControlPolicy><Owner><ID>ID</ID></Owner>...</AccessControlPolicy>
//
// and the response as "HTTP/1.1 status_code" with its XML in "Response
// Syntax". The sections "Request Parameters" (query), "Request Headers",
// "Request Elements" (the XML body, one flat table whose nesting the
// syntax's XML gives), "Response Headers" and "Response Elements" say what
// their tables are. Only a block under a heading that says "syntax" is
// read: a "Sample Request" block, or a request shown on a page about
// signing requests, is no operation.

var (
	reSyntaxLine   = regexp.MustCompile(`^(GET|PUT|POST|DELETE|HEAD|OPTIONS|PATCH)\s+(/\S*)\s+HTTP/\d(?:\.\d)?\s*$`)
	reSyntaxStatus = regexp.MustCompile(`^HTTP/\d(?:\.\d)?\s+\S+`)
	reHostBucket   = regexp.MustCompile(`(?im)^Host:\s*(bucket[\w-]*)\.`)
)

// syntaxBlock reads a request or response syntax block; it tells whether b
// was one.
func (w *walker) syntaxBlock(b *page.Block) bool {
	st := &w.st
	if st.role == secExampleRequest || st.role == secExampleResponse || !strings.Contains(strings.ToLower(st.section), "syntax") {
		return false
	}
	first, _, _ := strings.Cut(strings.TrimSpace(b.Text), "\n")
	first = strings.TrimSpace(first)
	if m := reSyntaxLine.FindStringSubmatch(first); m != nil && w.method == "" {
		w.method, w.path = m[1], m[2]
		w.query = queryNames(m[2])
		w.pathSrc = w.src(st.section, "", "", b.Line)
		w.reqSyntax = b
		return true
	}
	if w.reqSyntax != nil && w.respSyntax == nil && reSyntaxStatus.MatchString(first) {
		w.respSyntax = b
		return true
	}
	return false
}

// s3Role is the role of a table on an S3-style page, from its section; 0
// when the section says nothing.
func s3Role(section string) int {
	switch l := strings.ToLower(strings.TrimSpace(section)); {
	case strings.HasPrefix(l, "request parameter"):
		return tabQuery
	case strings.HasPrefix(l, "request header"):
		return tabHeader
	case strings.HasPrefix(l, "request element"):
		return tabBody
	case strings.HasPrefix(l, "response header"):
		return tabRespHeader
	case strings.HasPrefix(l, "response element"):
		return tabRespBody
	}
	return 0
}

// s3Finish completes an operation read from a request syntax: sub-resources
// of the query string ("?acl") that no table documents become required
// query parameters, the bodies the syntax shows as XML are application/xml
// and take their nesting from it, and the bucket named in the host is
// reported, since a server variable per operation has no home here.
func (b *builder) s3Finish() {
	w := b.w
	if w.reqSyntax == nil {
		return
	}
	for _, n := range w.query {
		if b.hasParam(n, model.InQuery) {
			continue
		}
		b.op.Parameters = append(b.op.Parameters, &model.Parameter{Name: n, In: model.InQuery, Required: true,
			Schema: &model.Schema{Type: model.TypeString, Description: "Sub-resource of the request: sent as \"?" + n + "\", without a value."}, Source: b.op.Source})
	}
	if m := reHostBucket.FindStringSubmatch(w.reqSyntax.Text); m != nil {
		b.w.diag(model.SevNote, "bucket-in-host", b.op.ID, fmt.Sprintf("the request names the bucket in the host (Host: %s.obs.region.example.com), not in the path; the spec's server is the endpoint and the bucket host is not represented", m[1]), b.op.Source)
	}
	if root := syntaxXML(w.reqSyntax.Text); root != nil {
		if b.op.RequestBody == nil {
			b.op.RequestBody = &model.Body{Source: b.op.Source}
			b.w.diag(model.SevWarning, "request-body-undocumented", b.op.ID, "the request syntax shows an XML body but no table describes its elements", b.op.Source)
		}
		b.op.RequestBody.ContentType = "application/xml"
		b.op.RequestBody.Schema = b.nestXML(root, b.op.RequestBody.Schema, b.op.RequestBody.Source)
	}
	if w.respSyntax == nil {
		return
	}
	root := syntaxXML(w.respSyntax.Text)
	if root == nil {
		return
	}
	for _, r := range b.op.Responses {
		if strings.HasPrefix(r.Status, "2") && r.Body != nil {
			r.Body.ContentType = "application/xml"
			r.Body.Schema = b.nestXML(root, r.Body.Schema, r.Body.Source)
		}
	}
}

// xmlNode is an element of a syntax block's XML skeleton.
type xmlNode struct {
	name     string
	children []*xmlNode
}

// syntaxXML parses the XML after the headers of a syntax block; nil when it
// has none or it does not parse.
func syntaxXML(text string) *xmlNode {
	i := strings.Index(text, "<")
	if i < 0 {
		return nil
	}
	d := xml.NewDecoder(strings.NewReader(text[i:]))
	d.Strict = false
	var root *xmlNode
	var stack []*xmlNode
	for depth := 0; depth < 10000; depth++ {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: t.Name.Local}
			if len(stack) == 0 {
				if root != nil {
					return root
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	return root
}

// takeRow is the row that describes the next element named name: the
// first row of that name not yet taken; where the table has fewer rows of
// the name than the XML has elements (one "ID" row for Owner's ID and
// Grantee's), a copy of the last one, which describes them all.
func takeRow(rows []*model.Property, taken map[*model.Property]bool, name string) *model.Property {
	var last *model.Property
	for _, r := range rows {
		if r.Name != name {
			continue
		}
		if !taken[r] {
			taken[r] = true
			return r
		}
		last = r
	}
	if last == nil {
		return nil
	}
	cp := *last
	if last.Schema != nil {
		sc := *last.Schema
		cp.Schema = &sc
	}
	return &cp
}

// nestXML arranges a body table's flat rows (flat: the schema read from
// it) as the XML skeleton nests them: each element takes the next row of
// its name (takeRow), in document order. The root element names the
// body's schema. Rows the skeleton lacks stay at the top, reported.
func (b *builder) nestXML(root *xmlNode, flat *model.Schema, src model.Source) *model.Schema {
	var rows []*model.Property
	if flat != nil {
		rows = flat.Properties
		src = flat.Source
	}
	taken := map[*model.Property]bool{}
	var build func(n *xmlNode) []*model.Property
	build = func(n *xmlNode) []*model.Property {
		var out []*model.Property
		for _, c := range n.children {
			p := takeRow(rows, taken, c.name)
			kids := build(c)
			if p == nil {
				if len(kids) == 0 {
					continue // a leaf no row describes: nothing is known of it
				}
				p = &model.Property{Name: c.name, Schema: &model.Schema{Source: src}, Source: src}
			}
			if len(kids) > 0 {
				p.Schema.Type = model.TypeObject
				p.Schema.Properties = kids
			}
			out = append(out, p)
		}
		return out
	}
	s := &model.Schema{Type: model.TypeObject, Name: root.name, Source: src}
	if root.name != "" {
		// The root element wraps the body; a row naming it is that wrapper.
		for _, r := range rows {
			if r.Name == root.name && !taken[r] {
				taken[r] = true
				s.Description = r.Schema.Description
				break
			}
		}
	}
	s.Properties = build(root)
	for _, r := range rows {
		if !taken[r] {
			s.Properties = append(s.Properties, r)
			b.w.diag(model.SevWarning, "xml-element-outside-syntax", b.op.ID, fmt.Sprintf("element %s is described by the table but not shown in the syntax's XML; it is kept under %s", r.Name, root.name), r.Source)
		}
	}
	if flat != nil {
		s.Rules = flat.Rules
	}
	return s
}
