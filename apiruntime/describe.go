package apiruntime

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/conventions"
)

// Describe derives the runtime's view of doc: per operation its route,
// credentials, documented 400/401 answers in its error shape and request
// body rules; for the spec, the answers outside any operation, from the
// provider's profile (conventions.ProfileOf). The generator prints the
// result as a table; a test double calls it at run time. Operations are
// sorted by path then method.
func Describe(doc *openapi3.T) (Spec, error) {
	prof := conventions.ProfileOf(doc)
	s := Spec{Provider: provider(doc), Shape: prof.Shape}
	d := &describer{doc: doc, ops: Operations(doc), wide: map[ErrorShape]*documented{}}
	for _, o := range d.ops {
		op, err := d.operation(o)
		if err != nil {
			return Spec{}, err
		}
		s.Operations = append(s.Operations, op)
	}
	rpc := prof
	if rpc.RPCNotFound.Code == "" {
		// A cloud without Actions answers an Action it does not know as
		// any path it does not route.
		rpc.RPCNotFound = prof.NotFound
	}
	s.NotFound, s.MethodNotAllowed, s.RPCNotFound = prof.NotFound, prof.MethodNotAllowed, rpc.RPCNotFound
	s.TooLarge, s.NotImplemented, s.Internal = prof.TooLarge, prof.NotImplemented, prof.Internal
	return s, nil
}

// describer holds what every operation's description reads from the whole
// spec, computed once: the operations, the error-code catalogue by status
// and the spec-wide parameter error by error shape.
type describer struct {
	doc  *openapi3.T
	ops  []OperationRef
	cat  map[string][]documented // nil until first read
	wide map[ErrorShape]*documented
}

func (d *describer) operation(o OperationRef) (Operation, error) {
	doc := d.doc
	where := fmt.Sprintf("%s %s", o.Method, o.Path)
	op := Operation{ID: o.Op.OperationID, Method: o.Method, Path: o.Path, Action: conventions.ActionOf(o.Path, o.Op)}
	if op.ID == "" {
		return Operation{}, fmt.Errorf("%s: no operationId", where)
	}
	op.Shape = conventions.ShapeOf(doc, o.Path, o.Op)
	answers := conventions.ProfileForShape(op.Shape)
	op.Auth = conventions.CredentialHeaders(doc, o.Item, o.Op)
	op.BadRequest = d.badRequest(o, op.Shape, answers.BadRequest)
	op.Unauthorized = d.unauthorized(o, op.Shape, answers.Unauthorized)
	if rb := o.Op.RequestBody; rb != nil && rb.Value != nil {
		if mt := rb.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
			sets, err := ruleSets(mt.Schema, nil, map[*openapi3.Schema]bool{})
			if err != nil {
				return Operation{}, fmt.Errorf("%s (%s): request body: %w", op.ID, where, err)
			}
			op.Rules = sets
		}
	}
	return op, nil
}

// OperationRef is a spec operation with its path and method.
type OperationRef struct {
	Path, Method string
	Op           *openapi3.Operation
	Item         *openapi3.PathItem
}

// Operations lists the spec's operations sorted by path then method.
func Operations(doc *openapi3.T) []OperationRef {
	var out []OperationRef
	if doc.Paths == nil {
		return nil
	}
	for _, p := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(p)
		for m, op := range item.Operations() {
			out = append(out, OperationRef{Path: p, Method: m, Op: op, Item: item})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

func provider(doc *openapi3.T) string {
	if doc.Info == nil {
		return ""
	}
	return conventions.ProviderOf(doc.Info.Extensions)
}

// documented is an error the spec shows: code and message.
type documented struct{ code, message string }

// responseErrors lists what the response for status documents: its examples
// (sorted by name), then its x-docspec-error-codes without example.
func responseErrors(o OperationRef, status string, sh ErrorShape) []documented {
	if o.Op.Responses == nil {
		return nil
	}
	r := o.Op.Responses.Value(status)
	if r == nil || r.Value == nil {
		return nil
	}
	var out []documented
	seen := map[string]bool{}
	if mt := r.Value.Content.Get("application/json"); mt != nil {
		var values []any
		for _, k := range slices.Sorted(maps.Keys(mt.Examples)) {
			if ex := mt.Examples[k]; ex != nil && ex.Value != nil {
				values = append(values, ex.Value.Value)
			}
		}
		if mt.Example != nil {
			values = append(values, mt.Example)
		}
		for _, v := range values {
			m, ok := v.(map[string]any)
			if !ok {
				continue
			}
			code, _ := m[sh.Code].(string)
			msg, _ := m[sh.Message].(string)
			if code != "" && !seen[code] {
				seen[code] = true
				out = append(out, documented{code, msg})
			}
		}
	}
	for _, c := range conventions.StringsOf(r.Value.Extensions, conventions.KeyErrorCodes) {
		if !seen[c] {
			seen[c] = true
			out = append(out, documented{code: c})
		}
	}
	return out
}

// catalogue reads the service's error-code page entries of status, sorted
// by code (the page's order among equal codes). The catalogue is read once
// per spec; callers must not modify the result.
func (d *describer) catalogue(status string) []documented {
	if d.cat == nil {
		d.cat = map[string][]documented{}
		for _, e := range conventions.CatalogueOf(d.doc.Extensions) {
			if e.Code != "" {
				d.cat[e.Status] = append(d.cat[e.Status], documented{e.Code, e.Message})
			}
		}
		for _, list := range d.cat {
			sort.SliceStable(list, func(i, j int) bool { return list[i].code < list[j].code })
		}
	}
	return d.cat[status]
}

var paramNameRE = regexp.MustCompile(`(parameterName\s*[:=]\s*)([^\s.,;]+)`)

func isParamError(d documented) bool {
	return strings.Contains(strings.ToLower(d.message+" "+d.code), "parameter")
}

// badRequest picks the documented answer to a request that breaks a
// constraint: the 400 example about a parameter, else the one the spec's
// operations show most often, else the catalogue's, else the operation's
// first documented 400 code, else the provider's.
func (d *describer) badRequest(o OperationRef, sh ErrorShape, dflt Answer) Answer {
	docs := responseErrors(o, "400", sh)
	var pick *documented
	for i := range docs {
		if isParamError(docs[i]) {
			pick = &docs[i]
			break
		}
	}
	if pick == nil {
		pick = d.specWideParamError(sh)
	}
	if pick == nil {
		for _, c := range d.catalogue("400") {
			if isParamError(c) {
				pick = &c
				break
			}
		}
	}
	if pick == nil && len(docs) > 0 {
		pick = &docs[0]
	}
	if cat := d.catalogue("400"); pick == nil && len(cat) > 0 {
		pick = &cat[0]
	}
	if pick == nil {
		return dflt
	}
	a := Answer{Status: dflt.Status, Code: pick.code, Message: dflt.Message}
	if loc := paramNameRE.FindStringSubmatchIndex(pick.message); loc != nil {
		a.Message = strings.ReplaceAll(pick.message[:loc[4]], "%", "%%") + "%s" + strings.ReplaceAll(pick.message[loc[5]:], "%", "%%")
	}
	return a
}

// specWideParamError is the 400 example naming a parameter that the spec's
// operations show most often: what the service answers to a bad parameter
// when an operation's own page shows another 400. It is computed once per
// error shape.
func (d *describer) specWideParamError(sh ErrorShape) *documented {
	if best, ok := d.wide[sh]; ok {
		return best
	}
	best := specWideParamError(d.ops, sh)
	d.wide[sh] = best
	return best
}

func specWideParamError(ops []OperationRef, sh ErrorShape) *documented {
	n := map[documented]int{}
	for _, o := range ops {
		for _, d := range responseErrors(o, "400", sh) {
			if paramNameRE.MatchString(d.message) {
				n[d]++
			}
		}
	}
	var best *documented
	for d, c := range n {
		if best == nil || c > n[*best] || (c == n[*best] && (d.code < best.code || (d.code == best.code && d.message < best.message))) {
			d := d
			best = &d
		}
	}
	return best
}

// unauthorized picks the documented answer to a request without credentials.
func (d *describer) unauthorized(o OperationRef, sh ErrorShape, dflt Answer) Answer {
	docs := responseErrors(o, "401", sh)
	if len(docs) == 0 {
		docs = d.catalogue("401")
	}
	if len(docs) == 0 {
		return dflt
	}
	a := Answer{Status: dflt.Status, Code: docs[0].code, Message: dflt.Message}
	if docs[0].message != "" {
		a.Message = docs[0].message
	}
	return a
}

// ruleSets collects the enforceable x-docspec-rules of s and of the
// objects below it, each set with its object's documented defaults.
func ruleSets(ref *openapi3.SchemaRef, path []string, seen map[*openapi3.Schema]bool) ([]RuleSet, error) {
	if ref == nil || ref.Value == nil || seen[ref.Value] || len(path) > 16 {
		return nil, nil
	}
	s := ref.Value
	seen[s] = true
	defer delete(seen, s)
	var out []RuleSet
	rules, err := conventions.RulesOf(s.Extensions)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where(path), err)
	}
	rs := RuleSet{Path: append([]string{}, path...)}
	for _, r := range rules {
		if r.Enforceable(s) {
			rs.Rules = append(rs.Rules, literal(r))
		}
	}
	if len(rs.Rules) > 0 {
		if d := conventions.ObjectOf(s, nil, nil).Defaults; len(d) > 0 {
			rs.Defaults = literal(d)
		}
		out = append(out, rs)
	}
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		sub, err := ruleSets(s.Properties[name], append(path, name), seen)
		if err != nil {
			return nil, err
		}
		out = append(out, sub...)
	}
	if s.Items != nil {
		sub, err := ruleSets(s.Items, append(path, "*"), seen)
		if err != nil {
			return nil, err
		}
		out = append(out, sub...)
	}
	for _, all := range s.AllOf {
		sub, err := ruleSets(all, path, seen)
		if err != nil {
			return nil, err
		}
		out = append(out, sub...)
	}
	return out, nil
}

func where(path []string) string {
	if len(path) == 0 {
		return "body"
	}
	return "body." + strings.Join(path, ".")
}

// literal is v as JSON (map keys sorted: deterministic).
func literal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// TypeUntypedParameters gives parameters (and their array items) without a
// type the type string: a path, query or header value is text on the wire,
// and neither oapi-codegen's binder nor openapi3filter handle a value of no
// type; so do response headers. gen applies it before generation and
// FromSpec before it describes a document; tools validating against the
// spec file do the same.
func TypeUntypedParameters(doc *openapi3.T) {
	str := func(s *openapi3.SchemaRef) {
		if s != nil && s.Value != nil && s.Value.Type == nil && len(s.Value.Properties) == 0 && len(s.Value.AllOf)+len(s.Value.OneOf)+len(s.Value.AnyOf) == 0 {
			s.Value.Type = &openapi3.Types{openapi3.TypeString}
		}
	}
	fix := func(ps openapi3.Parameters) {
		for _, p := range ps {
			if p == nil || p.Value == nil || p.Value.Schema == nil || p.Value.Schema.Value == nil {
				continue
			}
			if s := p.Value.Schema.Value; s.Type.Is(openapi3.TypeArray) {
				str(s.Items)
			} else {
				str(p.Value.Schema)
			}
		}
	}
	if doc.Components != nil {
		for _, p := range doc.Components.Parameters {
			fix(openapi3.Parameters{p})
		}
	}
	if doc.Paths == nil {
		return
	}
	for _, item := range doc.Paths.Map() {
		fix(item.Parameters)
		for _, op := range item.Operations() {
			fix(op.Parameters)
			// Response headers are text on the wire too (OBS "OPTIONS
			// Bucket": Access-Control-Max-Age and the others untyped).
			if op.Responses == nil {
				continue
			}
			for _, r := range op.Responses.Map() {
				if r == nil || r.Value == nil {
					continue
				}
				for _, h := range r.Value.Headers {
					if h != nil && h.Value != nil {
						fix(openapi3.Parameters{{Value: &h.Value.Parameter}})
					}
				}
			}
		}
	}
}
