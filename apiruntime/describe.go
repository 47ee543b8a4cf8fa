package apiruntime

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/conventions"
)

// Describe derives the runtime's view of doc: per operation its route,
// credentials, documented 400/401 answers in its error shape and request
// body rules; for the spec, the answers outside any operation from the
// provider's profile. The generator prints the result as a table; a test
// double calls it at run time. Operations are sorted by path then method.
func Describe(doc *openapi3.T) (Spec, error) {
	prof, known := conventions.ProviderFor(provider(doc))
	s := Spec{Provider: provider(doc)}
	for _, o := range Operations(doc) {
		op, err := describeOperation(doc, o, prof)
		if err != nil {
			return Spec{}, err
		}
		s.Operations = append(s.Operations, op)
	}
	s.Shape = prof.Shape
	if !known && len(s.Operations) > 0 {
		s.Shape = s.Operations[0].Shape
		if p, ok := conventions.ProviderByShape(s.Shape.Code); ok {
			prof = p
		}
	}
	s.NotFound, s.MethodNotAllowed, s.RPCNotFound = prof.NotFound, prof.MethodNotAllowed, prof.RPCNotFound
	s.TooLarge, s.NotImplemented, s.Internal = prof.TooLarge, prof.NotImplemented, prof.Internal
	return s, nil
}

func describeOperation(doc *openapi3.T, o OperationRef, prof conventions.Provider) (Operation, error) {
	where := fmt.Sprintf("%s %s", o.Method, o.Path)
	op := Operation{ID: o.Op.OperationID, Method: o.Method, Path: o.Path, Action: RPCAction(o)}
	if op.ID == "" {
		return Operation{}, fmt.Errorf("%s: no operationId", where)
	}
	op.Shape = errorShape(doc, o, prof)
	answers := prof
	if p, ok := conventions.ProviderByShape(op.Shape.Code); ok && p.Shape.Code != prof.Shape.Code {
		answers = p
	}
	op.Auth = Credentials(doc, o, prof)
	op.BadRequest = badRequest(doc, o, op.Shape, answers.BadRequest)
	op.Unauthorized = unauthorized(doc, o, op.Shape, answers.Unauthorized)
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

// RPCAction is the Action of an RPC-style operation, or "".
func RPCAction(o OperationRef) string {
	if raw, ok := o.Op.Extensions["x-docspec-rpc"].(map[string]any); ok {
		if a, ok := raw["action"].(string); ok {
			return a
		}
	}
	if strings.HasPrefix(o.Path, "/#") {
		return strings.TrimPrefix(o.Path, "/#")
	}
	return ""
}

func provider(doc *openapi3.T) string {
	if doc.Info == nil {
		return ""
	}
	s, _ := doc.Info.Extensions["x-docspec-provider"].(string)
	return s
}

// Credentials lists the alternatives of headers that must be present: one
// per security requirement; none when anonymous access is allowed. Without
// any requirement, a required header parameter that a security scheme or the
// provider's profile names as a credential.
func Credentials(doc *openapi3.T, o OperationRef, prof conventions.Provider) [][]string {
	sec := doc.Security
	if o.Op.Security != nil {
		sec = *o.Op.Security
	}
	var schemes openapi3.SecuritySchemes
	if doc.Components != nil {
		schemes = doc.Components.SecuritySchemes
	}
	var alts [][]string
	for _, req := range sec {
		if len(req) == 0 {
			return nil // anonymous allowed
		}
		var hs []string
		for _, name := range slices.Sorted(maps.Keys(req)) {
			if h := credentialHeader(schemes[name]); h != "" {
				hs = append(hs, h)
			}
		}
		if len(hs) > 0 {
			alts = append(alts, hs)
		}
	}
	if len(alts) > 0 {
		return alts
	}
	for _, p := range allParams(o) {
		if p.In == "header" && p.Required && (namedCredential(p.Name, schemes) || slices.ContainsFunc(prof.Credentials, func(c string) bool { return strings.EqualFold(c, p.Name) })) {
			return [][]string{{p.Name}}
		}
	}
	return nil
}

// namedCredential: a header name that an apiKey-in-header scheme uses.
func namedCredential(name string, schemes openapi3.SecuritySchemes) bool {
	for _, s := range schemes {
		if s != nil && s.Value != nil && s.Value.Type == "apiKey" && s.Value.In == "header" && strings.EqualFold(s.Value.Name, name) {
			return true
		}
	}
	return false
}

func credentialHeader(s *openapi3.SecuritySchemeRef) string {
	if s == nil || s.Value == nil {
		return ""
	}
	switch {
	case s.Value.Type == "apiKey" && s.Value.In == "header":
		return s.Value.Name
	case s.Value.Type == "http" || s.Value.Type == "oauth2" || s.Value.Type == "openIdConnect":
		return "Authorization"
	}
	return ""
}

func allParams(o OperationRef) []*openapi3.Parameter {
	var out []*openapi3.Parameter
	for _, ps := range []openapi3.Parameters{o.Item.Parameters, o.Op.Parameters} {
		for _, p := range ps {
			if p != nil && p.Value != nil {
				out = append(out, p.Value)
			}
		}
	}
	return out
}

// errorShape is the error body the operation documents (its 4xx/5xx
// responses, else the spec's Error schema), else its provider's.
func errorShape(doc *openapi3.T, o OperationRef, prof conventions.Provider) ErrorShape {
	var candidates []*openapi3.SchemaRef
	if o.Op.Responses != nil {
		for _, code := range slices.Sorted(maps.Keys(o.Op.Responses.Map())) {
			if !strings.HasPrefix(code, "4") && !strings.HasPrefix(code, "5") && code != "default" {
				continue
			}
			if r := o.Op.Responses.Value(code); r != nil && r.Value != nil {
				if mt := r.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
					candidates = append(candidates, mt.Schema)
				}
			}
		}
	}
	if doc.Components != nil {
		if s := doc.Components.Schemas["Error"]; s != nil {
			candidates = append(candidates, s)
		}
	}
	for _, s := range candidates {
		if s.Value == nil {
			continue
		}
		if sh, ok := documentedShape(s.Value.Properties); ok {
			return sh
		}
	}
	// An RPC operation of an unknown provider: the RPC style's own shape.
	if _, known := conventions.Providers[provider(doc)]; !known && RPCAction(o) != "" {
		if p, ok := conventions.ProviderByShape("Code"); ok {
			return p.Shape
		}
	}
	return prof.Shape
}

// documentedShape matches a schema's properties against the providers'
// shapes by the code field; a missing message field is the other property,
// a missing request-id field is left out.
func documentedShape(props openapi3.Schemas) (ErrorShape, bool) {
	for _, name := range slices.Sorted(maps.Keys(conventions.Providers)) {
		sh := conventions.Providers[name].Shape
		if props[sh.Code] == nil {
			continue
		}
		if props[sh.Message] == nil {
			for _, k := range slices.Sorted(maps.Keys(props)) {
				if k != sh.Code {
					sh.Message = k
					break
				}
			}
		}
		if sh.RequestID != "" && props[sh.RequestID] == nil {
			sh.RequestID = ""
		}
		return sh, true
	}
	return ErrorShape{}, false
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
	for _, c := range stringList(r.Value.Extensions["x-docspec-error-codes"]) {
		if !seen[c] {
			seen[c] = true
			out = append(out, documented{code: c})
		}
	}
	return out
}

func stringList(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, e := range l {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// catalogue reads the root x-docspec-error-codes entries of status.
func catalogue(doc *openapi3.T, status int) []documented {
	l, _ := doc.Extensions["x-docspec-error-codes"].([]any)
	var out []documented
	for _, e := range l {
		m, ok := e.(map[string]any)
		if !ok {
			continue
		}
		st := fmt.Sprint(m["status"])
		if n, err := strconv.Atoi(st); err != nil || n != status {
			continue
		}
		code, _ := m["code"].(string)
		msg, _ := m["message"].(string)
		if code != "" {
			out = append(out, documented{code, msg})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].code < out[j].code })
	return out
}

var paramNameRE = regexp.MustCompile(`(parameterName\s*[:=]\s*)([^\s.,;]+)`)

func isParamError(d documented) bool {
	return strings.Contains(strings.ToLower(d.message+" "+d.code), "parameter")
}

// badRequest picks the documented answer to a request that breaks a
// constraint: the 400 example about a parameter, else the one the spec's
// operations show most often, else the catalogue's, else the operation's
// first documented 400 code, else the provider's.
func badRequest(doc *openapi3.T, o OperationRef, sh ErrorShape, dflt Answer) Answer {
	docs := responseErrors(o, "400", sh)
	var pick *documented
	for i := range docs {
		if isParamError(docs[i]) {
			pick = &docs[i]
			break
		}
	}
	if pick == nil {
		pick = specWideParamError(doc, sh)
	}
	if pick == nil {
		for _, c := range catalogue(doc, 400) {
			if isParamError(c) {
				pick = &c
				break
			}
		}
	}
	if pick == nil && len(docs) > 0 {
		pick = &docs[0]
	}
	if cat := catalogue(doc, 400); pick == nil && len(cat) > 0 {
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
// when an operation's own page shows another 400.
func specWideParamError(doc *openapi3.T, sh ErrorShape) *documented {
	n := map[documented]int{}
	for _, o := range Operations(doc) {
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
func unauthorized(doc *openapi3.T, o OperationRef, sh ErrorShape, dflt Answer) Answer {
	docs := responseErrors(o, "401", sh)
	if len(docs) == 0 {
		docs = catalogue(doc, 401)
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

// ruleSets collects the x-docspec-rules of s and of the objects below it.
func ruleSets(ref *openapi3.SchemaRef, path []string, seen map[*openapi3.Schema]bool) ([]RuleSet, error) {
	if ref == nil || ref.Value == nil || seen[ref.Value] || len(path) > 16 {
		return nil, nil
	}
	s := ref.Value
	seen[s] = true
	defer delete(seen, s)
	var out []RuleSet
	rules, err := ReadRules(s)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where(path), err)
	}
	rs := RuleSet{Path: append([]string{}, path...)}
	for _, r := range rules {
		if Applicable(s, r) {
			rs.Rules = append(rs.Rules, fieldRule(s, r))
		}
	}
	if len(rs.Rules) > 0 {
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

// fieldRule turns a spec rule into JSON literals of the field's type; a
// condition on a field with a default holds for an object without the field
// when the default is the value.
func fieldRule(s *openapi3.Schema, r Rule) FieldRule {
	fr := FieldRule{Field: r.Field, MinLength: -1, MaxLength: -1, Pattern: r.Pattern, Text: r.Text, Enum: []string{}}
	if r.MinLength != nil {
		fr.MinLength = *r.MinLength
	}
	if r.MaxLength != nil {
		fr.MaxLength = *r.MaxLength
	}
	for _, e := range r.Enum {
		fr.Enum = append(fr.Enum, literal(RuleValue(s, r.Field, e)))
	}
	for _, c := range r.When {
		w := When{Field: c.Field, Equals: literal(RuleValue(s, c.Field, c.Equals))}
		if p := s.Properties[c.Field]; p != nil && p.Value != nil && p.Value.Default != nil {
			w.Default = literal(p.Value.Default)
		}
		fr.When = append(fr.When, w)
	}
	return fr
}

func where(path []string) string {
	if len(path) == 0 {
		return "body"
	}
	return "body." + strings.Join(path, ".")
}

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
// type. gen applies it before generation and FromSpec before it describes a
// document; tools validating against the spec file do the same.
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
		}
	}
}
