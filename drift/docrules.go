package drift

import (
	"fmt"
	"github.com/docspec/docspec/conventions"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/docspec/docspec/model"
	"github.com/getkin/kin-openapi/openapi3"
)

// docRules adds the findings only the x-docspec-* extensions and prose show.
func (c *comparer) docRules() {
	union := map[opKey]*openapi3.Operation{}
	for k, v := range c.oldOps {
		union[k] = v
	}
	for k, v := range c.newOps {
		union[k] = v
	}
	for _, k := range sortedOpKeys(union) {
		o, n := c.oldOps[k], c.newOps[k]
		switch {
		case o != nil && n != nil:
			c.compareOperation(k, k, o, n)
		case o != nil:
			if nk, ok := c.renamed[k]; ok {
				nn := c.newOps[nk]
				f := c.opFinding(k, nk, nn)
				f.Rule = RuleOperationPathChanged
				f.Message = fmt.Sprintf("operation %s moved from %s %s to %s %s", nn.OperationID, k.method, k.path, nk.method, nk.path)
				c.add(f)
				c.compareOperation(k, nk, o, nn)
			}
		}
	}
	c.compareCatalogue()
	c.compareInfo()
}

// opFinding is a finding about the operation as a whole.
func (c *comparer) opFinding(ok, nk opKey, n *openapi3.Operation) Finding {
	f := Finding{Operation: n.OperationID, Method: nk.method, Path: nk.path,
		Old: opSource(c.oldOps, c.oldIx, ok), New: opSource(c.newOps, c.newIx, nk)}
	f.Line, _ = c.newIx.line(pointer("paths", nk.path, strings.ToLower(nk.method)))
	return f
}

// scope carries what findings inside an operation share.
type scope struct {
	c      *comparer
	base   Finding
	oldSrc *model.Source // nearest x-docspec-source so far
	newSrc *model.Source
	// comp names the place inside a shared component ("schema Error property
	// error_code") once a $ref was followed; editorial findings there are
	// reported once, under that name.
	comp string
}

// emit adds a finding at the new-side pointer ptr. Editorial findings inside
// shared components are reported once for the spec, not per operation.
func (s scope) emit(rule, what, detail, ptr string) {
	f := s.base
	f.Rule, f.Message = rule, what+": "+detail
	if what == "" {
		f.Message = detail
	}
	f.Old, f.New = s.oldSrc, s.newSrc
	if ptr != "" {
		f.Line, _ = s.c.newIx.line(ptr)
	}
	if ruleSeverity[rule] == Editorial && s.comp != "" {
		f.Operation, f.Method, f.Path = "", "", ""
		f.Message = s.comp + ": " + detail
	}
	s.c.add(f)
}

// enter returns the scope for a node reached through ref (if any).
func (s scope) enter(ref, kind string) scope {
	if ref != "" {
		name := ref[strings.LastIndex(ref, "/")+1:]
		s.comp = kind + " " + name
	}
	return s
}

func (s scope) in(part string) scope {
	if s.comp != "" {
		s.comp += " " + part
	}
	return s
}

func firstSource(a, b *model.Source) *model.Source {
	if a != nil {
		return a
	}
	return b
}

func (c *comparer) compareOperation(ok, nk opKey, o, n *openapi3.Operation) {
	base := c.opFinding(ok, nk, n)
	s := scope{c: c, base: base, oldSrc: base.Old, newSrc: base.New}
	opPtr := pointer("paths", nk.path, strings.ToLower(nk.method))
	if base.Old != nil && base.New != nil && base.Old.File != base.New.File {
		s.emit(RuleOperationMoved, "", fmt.Sprintf("documented on %s instead of %s", base.New.File, base.Old.File), opPtr)
	}
	if o.Summary != n.Summary {
		s.emit(RuleOperationSummaryChanged, "summary", textChange(o.Summary, n.Summary), opPtr+"/summary")
	}
	if o.Description != n.Description {
		s.emit(RuleOperationDescriptionChanged, "description", textChange(o.Description, n.Description), opPtr+"/description")
	}
	if !slices.Equal(conventions.StringsOf(o.Extensions, conventions.KeyNotes), conventions.StringsOf(n.Extensions, conventions.KeyNotes)) {
		s.emit(RuleOperationNotesChanged, "", conventions.KeyNotes+" changed", opPtr)
	}

	// Parameters, by location and name.
	oldParams := map[string]*openapi3.ParameterRef{}
	for _, p := range o.Parameters {
		if p != nil && p.Value != nil {
			oldParams[p.Value.In+" "+p.Value.Name] = p
		}
	}
	for i, np := range n.Parameters {
		if np == nil || np.Value == nil {
			continue
		}
		op := oldParams[np.Value.In+" "+np.Value.Name]
		if op == nil {
			continue
		}
		ptr := opPtr + fmt.Sprintf("/parameters/%d", i)
		if np.Ref != "" {
			ptr = refPointer(np.Ref)
		}
		ps := s.child(sourceExt(op.Value.Extensions), sourceExt(np.Value.Extensions)).enter(np.Ref, "parameter")
		what := fmt.Sprintf("%s parameter %s", np.Value.In, np.Value.Name)
		if op.Value.Description != np.Value.Description {
			ps.emit(RuleParameterDescription, what, "description: "+textChange(op.Value.Description, np.Value.Description), ptr)
		}
		if op.Value.Schema != nil && np.Value.Schema != nil {
			ps.walkSchema(op.Value.Schema, np.Value.Schema, "request", what, ptr+"/schema", map[[2]*openapi3.Schema]bool{})
		}
	}

	// Request body.
	if o.RequestBody != nil && n.RequestBody != nil && o.RequestBody.Value != nil && n.RequestBody.Value != nil {
		ptr := opPtr + "/requestBody"
		if n.RequestBody.Ref != "" {
			ptr = refPointer(n.RequestBody.Ref)
		}
		bs := s.child(sourceExt(o.RequestBody.Value.Extensions), sourceExt(n.RequestBody.Value.Extensions)).enter(n.RequestBody.Ref, "request body")
		bs.compareContent(o.RequestBody.Value.Content, n.RequestBody.Value.Content, "request", "request body", ptr)
	}

	// Responses and their error codes.
	c.compareResponses(s, o, n, opPtr)
}

func (s scope) child(oldSrc, newSrc *model.Source) scope {
	s.oldSrc, s.newSrc = firstSource(oldSrc, s.oldSrc), firstSource(newSrc, s.newSrc)
	return s
}

func refPointer(ref string) string {
	if i := strings.Index(ref, "#"); i >= 0 {
		return ref[i+1:]
	}
	return ""
}

func (s scope) compareContent(o, n openapi3.Content, dir, what, ptr string) {
	for _, mt := range slices.Sorted(maps.Keys(n)) {
		nm, om := n[mt], o[mt]
		if om == nil || nm == nil {
			continue
		}
		mptr := ptr + pointer("content", mt)
		if !reflect.DeepEqual(exampleValues(om), exampleValues(nm)) {
			s.emit(RuleExampleChanged, what, "example changed", mptr)
		}
		if om.Schema != nil && nm.Schema != nil {
			s.walkSchema(om.Schema, nm.Schema, dir, what, mptr+"/schema", map[[2]*openapi3.Schema]bool{})
		}
	}
}

func exampleValues(m *openapi3.MediaType) map[string]any {
	out := map[string]any{}
	if m.Example != nil {
		out[""] = m.Example
	}
	for k, e := range m.Examples {
		if e != nil && e.Value != nil {
			out[k] = e.Value.Value
		}
	}
	// What the page shows, wherever the emitter keeps it: an example that
	// moved to the evidence has not changed.
	for k, e := range conventions.EvidenceOf(m.Extensions) {
		out[k] = e.Value
	}
	return out
}

// walkSchema compares two schemas at the same place: descriptions and
// x-docspec-rules, recursing into properties, items and allOf.
func (s scope) walkSchema(o, n *openapi3.SchemaRef, dir, what, ptr string, seen map[[2]*openapi3.Schema]bool) {
	if o == nil || n == nil || o.Value == nil || n.Value == nil {
		return
	}
	if n.Ref != "" {
		ptr = refPointer(n.Ref)
	}
	pair := [2]*openapi3.Schema{o.Value, n.Value}
	if seen[pair] {
		return
	}
	seen[pair] = true
	ov, nv := o.Value, n.Value
	ss := s.child(sourceExt(ov.Extensions), sourceExt(nv.Extensions)).enter(n.Ref, "schema")
	if ov.Description != nv.Description {
		ss.emit(RulePropertyDescription, what, "description: "+textChange(ov.Description, nv.Description), ptr+"/description")
	}
	ss.compareRules(ov, nv, dir, what, ptr)
	for _, name := range slices.Sorted(maps.Keys(nv.Properties)) {
		if op := ov.Properties[name]; op != nil {
			ss.in("property "+name).walkSchema(op, nv.Properties[name], dir, what+" property "+name, ptr+pointer("properties", name), seen)
		}
	}
	if ov.Items != nil && nv.Items != nil {
		ss.in("items").walkSchema(ov.Items, nv.Items, dir, what+"[]", ptr+"/items", seen)
	}
	if ov.AdditionalProperties.Schema != nil && nv.AdditionalProperties.Schema != nil {
		ss.in("values").walkSchema(ov.AdditionalProperties.Schema, nv.AdditionalProperties.Schema, dir, what+"{}", ptr+"/additionalProperties", seen)
	}
	for i := range nv.AllOf {
		if i < len(ov.AllOf) {
			ss.walkSchema(ov.AllOf[i], nv.AllOf[i], dir, what, ptr+fmt.Sprintf("/allOf/%d", i), seen)
		}
	}
}

func (c *comparer) compareResponses(s scope, o, n *openapi3.Operation, opPtr string) {
	type resp struct {
		r   *openapi3.Response
		ptr string // new-side pointer (or old-side, for a removed one)
		ref string
	}
	collect := func(op *openapi3.Operation) map[string]resp {
		m := map[string]resp{}
		if op.Responses == nil {
			return m
		}
		for status, rr := range op.Responses.Map() {
			if rr == nil || rr.Value == nil {
				continue
			}
			ptr := opPtr + pointer("responses", status)
			if rr.Ref != "" {
				ptr = refPointer(rr.Ref)
			}
			m[status] = resp{rr.Value, ptr, rr.Ref}
		}
		return m
	}
	olds, news := collect(o), collect(n)

	// Error codes: code -> statuses, per side.
	codes := func(m map[string]resp) map[string][]string {
		out := map[string][]string{}
		for _, st := range slices.Sorted(maps.Keys(m)) {
			for _, code := range conventions.StringsOf(m[st].r.Extensions, conventions.KeyErrorCodes) {
				out[code] = append(out[code], st)
			}
		}
		return out
	}
	oc, nc := codes(olds), codes(news)
	respScope := func(st string) scope {
		var os, ns *model.Source
		if r, ok := olds[st]; ok {
			os = sourceExt(r.r.Extensions)
		}
		if r, ok := news[st]; ok {
			ns = sourceExt(r.r.Extensions)
		}
		return s.child(os, ns)
	}
	codePtr := func(st string) string {
		if r, ok := news[st]; ok {
			return r.ptr + "/" + conventions.KeyErrorCodes
		}
		return opPtr + "/responses"
	}
	allCodes := map[string]bool{}
	for k := range oc {
		allCodes[k] = true
	}
	for k := range nc {
		allCodes[k] = true
	}
	for _, code := range slices.Sorted(maps.Keys(allCodes)) {
		os, ns := oc[code], nc[code]
		added, removed := minus(ns, os), minus(os, ns)
		if len(os) > 0 && len(ns) > 0 && len(added) > 0 && len(removed) > 0 && len(minus(os, removed)) == 0 {
			// Every old status lost it, and new ones gained it: a move.
			respScope(added[0]).emit(RuleErrorCodeMoved, "",
				fmt.Sprintf("error code %s moved from status %s to %s", code, strings.Join(removed, ", "), strings.Join(added, ", ")),
				codePtr(added[0]))
			continue
		}
		for _, st := range added {
			msg := fmt.Sprintf("status %s documents error code %s", st, code)
			if _, was := olds[st]; !was {
				msg = fmt.Sprintf("new status %s documents error code %s", st, code)
			}
			respScope(st).emit(RuleErrorCodeAdded, "", msg, codePtr(st))
		}
		for _, st := range removed {
			msg := fmt.Sprintf("status %s no longer documents error code %s", st, code)
			if _, is := news[st]; !is {
				msg = fmt.Sprintf("removed status %s documented error code %s", st, code)
			}
			respScope(st).emit(RuleErrorCodeRemoved, "", msg, codePtr(st))
		}
	}

	for _, st := range slices.Sorted(maps.Keys(news)) {
		or, ok := olds[st]
		if !ok {
			continue
		}
		nr := news[st]
		rs := respScope(st).enter(nr.ref, "response")
		what := "response " + st
		if ptrOf(or.r.Description) != ptrOf(nr.r.Description) {
			rs.emit(RuleResponseDescription, what, "description: "+textChange(ptrOf(or.r.Description), ptrOf(nr.r.Description)), nr.ptr+"/description")
		}
		rs.compareContent(or.r.Content, nr.r.Content, "response", what, nr.ptr)
	}
}

func ptrOf(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// minus returns the items of a not in b, in a's order.
func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			out = append(out, x)
		}
	}
	return out
}

// sourceExt decodes the x-docspec-source extension of an element.
func sourceExt(ext map[string]any) *model.Source {
	s := conventions.SourceOf(ext)
	if s.File == "" {
		return nil
	}
	return &model.Source{File: s.File, Section: s.Section, Table: s.Table, Row: s.Row, Line: s.Line}
}

// textChange shows what changed in a text: the differing runs of words
// (at most three), with the shared words around them elided.
func textChange(old, new string) string {
	ow, nw := strings.Fields(old), strings.Fields(new)
	if strings.Join(ow, " ") == strings.Join(nw, " ") {
		return "whitespace changed"
	}
	if len(ow) == 0 {
		return "added " + quoteWords(nw)
	}
	if len(nw) == 0 {
		return "removed " + quoteWords(ow)
	}
	hunks := wordHunks(ow, nw)
	var parts []string
	for i, h := range hunks {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more changes", len(hunks)-3))
			break
		}
		o, n := strings.Join(ow[h[0]:h[1]], " "), strings.Join(nw[h[2]:h[3]], " ")
		switch {
		case o == "":
			parts = append(parts, "added "+clip(n))
		case n == "":
			parts = append(parts, "removed "+clip(o))
		default:
			parts = append(parts, clip(o)+" → "+clip(n))
		}
	}
	return strings.Join(parts, "; ")
}

func quoteWords(w []string) string { return clip(strings.Join(w, " ")) }

func clip(s string) string {
	if r := []rune(s); len(r) > 120 {
		s = string(r[:117]) + "..."
	}
	return fmt.Sprintf("%q", s)
}

// wordHunks returns [oldStart, oldEnd, newStart, newEnd) runs that differ,
// from a longest common subsequence of words. Long texts fall back to one
// hunk between the common prefix and suffix, to bound the cost.
func wordHunks(a, b []string) [][4]int {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	q := 0
	for q < len(a)-p && q < len(b)-p && a[len(a)-1-q] == b[len(b)-1-q] {
		q++
	}
	ma, mb := a[p:len(a)-q], b[p:len(b)-q]
	if len(ma)*len(mb) > 250000 {
		return [][4]int{{p, len(a) - q, p, len(b) - q}}
	}
	// lcs[i][j] = LCS length of ma[i:], mb[j:].
	lcs := make([][]int, len(ma)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(mb)+1)
	}
	for i := len(ma) - 1; i >= 0; i-- {
		for j := len(mb) - 1; j >= 0; j-- {
			if ma[i] == mb[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var hunks [][4]int
	i, j := 0, 0
	start := [2]int{-1, -1}
	flush := func() {
		if start[0] >= 0 {
			hunks = append(hunks, [4]int{p + start[0], p + i, p + start[1], p + j})
			start = [2]int{-1, -1}
		}
	}
	for i < len(ma) || j < len(mb) {
		switch {
		case i < len(ma) && j < len(mb) && ma[i] == mb[j]:
			flush()
			i++
			j++
		default:
			if start[0] < 0 {
				start = [2]int{i, j}
			}
			if j < len(mb) && (i == len(ma) || lcs[i][j+1] >= lcs[i+1][j]) {
				j++
			} else {
				i++
			}
		}
	}
	flush()
	return hunks
}
