package gen

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// The data validate.tmpl prints. Everything is decided here.
type vData struct {
	Package     string
	Ops         []vOp
	RPCNotFound vError
}

type vOp struct {
	ID, Method, Path, Action string
	Regex                    string
	PathParams               []string
	Auth                     [][]string
	BadRequest, Unauthorized vError
	RuleSets                 []vRuleSet
}

type vError struct {
	Status                                  int
	CodeField, MessageField, RequestIDField string
	Code, Message                           string
}

type vRuleSet struct {
	Path  []string
	Rules []vRule
}

type vRule struct {
	Field                string
	When                 []vCond
	MinLength, MaxLength int
	Pattern              string
	Enum                 []string
	Text                 string
}

type vCond struct{ Field, Equals, Default string }

// Rule is one x-docspec-rules entry as the conventions define it.
type Rule struct {
	Field     string      `json:"field"`
	When      []Condition `json:"when"`
	MinLength *int        `json:"minLength,omitempty"`
	MaxLength *int        `json:"maxLength,omitempty"`
	Pattern   string      `json:"pattern,omitempty"`
	Enum      []any       `json:"enum,omitempty"`
	Text      string      `json:"text,omitempty"`
}

// Condition is one `when` entry of a Rule.
type Condition struct {
	Field  string `json:"field"`
	Equals any    `json:"equals"`
}

// Rules reads the x-docspec-rules of an object schema.
func Rules(s *openapi3.Schema) ([]Rule, error) {
	raw, ok := s.Extensions["x-docspec-rules"]
	if !ok {
		return nil, nil
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	var rules []Rule
	if err := json.Unmarshal(b, &rules); err != nil {
		return nil, fmt.Errorf("x-docspec-rules: %w", err)
	}
	for i, r := range rules {
		if r.Field == "" {
			return nil, fmt.Errorf("x-docspec-rules[%d]: no field", i)
		}
		if r.Pattern != "" {
			if _, err := regexp.Compile(r.Pattern); err != nil {
				return nil, fmt.Errorf("x-docspec-rules[%d] (%s): pattern: %w", i, r.Field, err)
			}
		}
	}
	return rules, nil
}

// Applicable reports whether rule r can hold on objects of schema s: its
// field and every condition field are properties of s, and a length or
// pattern constrains a string (an enum, a scalar). A rule the spec attached
// to the wrapper of the object it is about cannot hold and is not enforced.
func Applicable(s *openapi3.Schema, r Rule) bool {
	fs := s.Properties[r.Field]
	if fs == nil || fs.Value == nil {
		return false
	}
	for _, c := range r.When {
		if p := s.Properties[c.Field]; p == nil || p.Value == nil {
			return false
		}
	}
	t := fs.Value.Type
	if t != nil && (t.Is("object") || t.Is("array")) {
		return false
	}
	if (r.MinLength != nil || r.MaxLength != nil || r.Pattern != "") && t != nil && !t.Is("string") {
		return false
	}
	return true
}

// RuleValue is a rule's enum or condition value v as a value of the field's
// type: the emitter writes them as text ("0", "true") whatever the field.
func RuleValue(s *openapi3.Schema, field string, v any) any {
	str, ok := v.(string)
	p := s.Properties[field]
	if !ok || p == nil || p.Value == nil || p.Value.Type == nil {
		return v
	}
	switch {
	case p.Value.Type.Is("integer") || p.Value.Type.Is("number"):
		if f, err := strconv.ParseFloat(str, 64); err == nil {
			return f
		}
	case p.Value.Type.Is("boolean"):
		if b, err := strconv.ParseBool(str); err == nil {
			return b
		}
	}
	return v
}

// ErrorShape names the fields of a provider's error body.
type ErrorShape struct{ Code, Message, RequestID string }

var (
	huaweiShape = ErrorShape{Code: "error_code", Message: "error_msg"}
	aliyunShape = ErrorShape{Code: "Code", Message: "Message", RequestID: "RequestId"}
)

// Defaults for specs that document no 400/401 body at all: the platform's
// own answers (Huawei APIG's, Alibaba's POP gateway's).
const (
	huaweiBadRequestCode = "APIG.2011"
	huaweiBadRequestMsg  = "Invalid parameter value,parameterName:%s. Please refer to the support documentation"
	huaweiAuthCode       = "APIG.1002"
	huaweiAuthMsg        = "Incorrect token or token resolution failed"
	aliyunBadRequestCode = "InvalidParameter"
	aliyunBadRequestMsg  = "The specified parameter %q is not valid."
	aliyunAuthCode       = "InvalidAccessKeyId.NotFound"
	aliyunAuthMsg        = "Specified access key is not found."
)

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

var pathParamRE = regexp.MustCompile(`\{([^{}]+)\}`)

func validationData(doc *openapi3.T, pkg string) (*vData, error) {
	d := &vData{Package: pkg}
	rpc := false
	for _, o := range Operations(doc) {
		id := o.Op.OperationID
		where := fmt.Sprintf("%s %s", o.Method, o.Path)
		if id == "" {
			return nil, fmt.Errorf("%s: no operationId", where)
		}
		shape := errorShape(doc, o)
		v := vOp{ID: id, Method: o.Method, Path: o.Path, Action: RPCAction(o), PathParams: []string{}}
		if v.Action != "" {
			rpc = true
		} else {
			v.Regex, v.PathParams = pathRegex(o.Path)
		}
		v.Auth = authHeaders(doc, o)
		v.BadRequest = badRequest(doc, o, shape)
		v.Unauthorized = unauthorized(doc, o, shape)
		if rb := o.Op.RequestBody; rb != nil && rb.Value != nil {
			if mt := rb.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
				sets, err := ruleSets(mt.Schema, nil, map[*openapi3.Schema]bool{})
				if err != nil {
					return nil, fmt.Errorf("%s (%s): request body: %w", id, where, err)
				}
				v.RuleSets = sets
			}
		}
		d.Ops = append(d.Ops, v)
	}
	// Matching order: RPC first (by Action), then more path segments (the
	// client side allows a base path before the template), then literal
	// segments before parameters, position by position.
	sort.SliceStable(d.Ops, func(i, j int) bool {
		a, b := d.Ops[i], d.Ops[j]
		if (a.Action == "") != (b.Action == "") {
			return a.Action != ""
		}
		if a.Action != b.Action {
			return a.Action < b.Action
		}
		return morePrecise(a.Path, b.Path, a.Method, b.Method)
	})
	shape := huaweiShape
	if rpc {
		shape = aliyunShape
	}
	d.RPCNotFound = vError{Status: http.StatusNotFound, CodeField: shape.Code, MessageField: shape.Message, RequestIDField: shape.RequestID,
		Code: "InvalidAction.NotFound", Message: "Specified api is not found, please check your url and method."}
	return d, nil
}

func morePrecise(a, b, ma, mb string) bool {
	sa, sb := strings.Split(a, "/"), strings.Split(b, "/")
	if len(sa) != len(sb) {
		return len(sa) > len(sb)
	}
	for k := range sa {
		pa, pb := strings.HasPrefix(sa[k], "{"), strings.HasPrefix(sb[k], "{")
		if pa != pb {
			return !pa
		}
		if sa[k] != sb[k] {
			return sa[k] < sb[k]
		}
	}
	return ma < mb
}

// pathRegex matches a request path ending in the templated path; any prefix
// (the server's base path) is allowed.
func pathRegex(p string) (string, []string) {
	var b strings.Builder
	b.WriteString("^.*?")
	params := []string{}
	last := 0
	for _, m := range pathParamRE.FindAllStringSubmatchIndex(p, -1) {
		b.WriteString(regexp.QuoteMeta(p[last:m[0]]))
		b.WriteString("([^/]+)")
		params = append(params, p[m[2]:m[3]])
		last = m[1]
	}
	b.WriteString(regexp.QuoteMeta(p[last:]))
	b.WriteString("$")
	return b.String(), params
}

// authHeaders lists the alternatives of headers that must be present: one
// per security requirement; none when anonymous access is allowed.
func authHeaders(doc *openapi3.T, o OperationRef) [][]string {
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
		for _, name := range sortedKeys(req) {
			s := schemes[name]
			if s == nil || s.Value == nil {
				continue
			}
			switch {
			case s.Value.Type == "apiKey" && s.Value.In == "header":
				hs = append(hs, s.Value.Name)
			case s.Value.Type == "http" || s.Value.Type == "oauth2" || s.Value.Type == "openIdConnect":
				hs = append(hs, "Authorization")
			}
		}
		if len(hs) > 0 {
			alts = append(alts, hs)
		}
	}
	if len(alts) > 0 {
		return alts
	}
	// No security requirement, but a required header the spec's schemes name.
	for _, p := range allParams(o) {
		if p.In != "header" || !p.Required {
			continue
		}
		for _, name := range sortedKeys(schemes) {
			s := schemes[name]
			if s != nil && s.Value != nil && s.Value.Type == "apiKey" && s.Value.In == "header" && strings.EqualFold(s.Value.Name, p.Name) {
				return [][]string{{p.Name}}
			}
		}
	}
	return nil
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

func errorShape(doc *openapi3.T, o OperationRef) ErrorShape {
	var candidates []*openapi3.SchemaRef
	if o.Op.Responses != nil {
		for _, code := range sortedKeys(o.Op.Responses.Map()) {
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
		props := s.Value.Properties
		if props["error_code"] != nil {
			sh := huaweiShape
			if props["error_msg"] == nil {
				for _, k := range sortedKeys(props) {
					if k != "error_code" {
						sh.Message = k
						break
					}
				}
			}
			return sh
		}
		if props["Code"] != nil {
			sh := aliyunShape
			if props["RequestId"] == nil {
				sh.RequestID = ""
			}
			return sh
		}
	}
	if RPCAction(o) != "" || provider(doc) == "aliyun" {
		return aliyunShape
	}
	return huaweiShape
}

func provider(doc *openapi3.T) string {
	if doc.Info == nil {
		return ""
	}
	s, _ := doc.Info.Extensions["x-docspec-provider"].(string)
	return s
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
		for _, k := range sortedKeys(mt.Examples) {
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
	l := strings.ToLower(d.message + " " + d.code)
	return strings.Contains(l, "parameter")
}

// badRequest picks the documented answer to a request that breaks a
// constraint: the 400 example about a parameter, else the operation's
// first documented 400 code, else the catalogue's, else the platform's.
func badRequest(doc *openapi3.T, o OperationRef, sh ErrorShape) vError {
	e := vError{Status: http.StatusBadRequest, CodeField: sh.Code, MessageField: sh.Message, RequestIDField: sh.RequestID}
	e.Code, e.Message = huaweiBadRequestCode, huaweiBadRequestMsg
	if sh == aliyunShape || sh.Code == "Code" {
		e.Code, e.Message = aliyunBadRequestCode, aliyunBadRequestMsg
	}
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
		return e
	}
	e.Code = pick.code
	if paramNameRE.MatchString(pick.message) {
		loc := paramNameRE.FindStringSubmatchIndex(pick.message)
		e.Message = strings.ReplaceAll(pick.message[:loc[4]], "%", "%%") + "%s" + strings.ReplaceAll(pick.message[loc[5]:], "%", "%%")
	}
	return e
}

// DropSchemalessResponseBodies removes, for generation, the media types of
// responses that have examples but no schema (ECS "Deleting ECSs" shows a
// JSON example and no response table): oapi-codegen's strict server would
// declare the answer as an interface type with methods, which does not
// compile. The generated server then answers such a status without a typed
// body, and the generated client still hands over the bytes; the spec keeps
// the examples.
func DropSchemalessResponseBodies(doc *openapi3.T) {
	if doc.Paths == nil {
		return
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.Responses == nil {
				continue
			}
			for _, r := range op.Responses.Map() {
				if r == nil || r.Value == nil {
					continue
				}
				for ct, mt := range r.Value.Content {
					if mt == nil || mt.Schema == nil {
						delete(r.Value.Content, ct)
					}
				}
				if len(r.Value.Content) == 0 {
					r.Value.Content = nil
				}
			}
		}
	}
}

// TypeUntypedParameters gives parameters (and their array items) without a
// type the type string: a path, query or header value is text on the wire,
// and neither oapi-codegen's binder nor openapi3filter handle a value of no
// type. Generate applies it before generation; tools validating against
// the spec file do the same.
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
func unauthorized(doc *openapi3.T, o OperationRef, sh ErrorShape) vError {
	e := vError{Status: http.StatusUnauthorized, CodeField: sh.Code, MessageField: sh.Message, RequestIDField: sh.RequestID,
		Code: huaweiAuthCode, Message: huaweiAuthMsg}
	if sh.Code == "Code" {
		e.Code, e.Message = aliyunAuthCode, aliyunAuthMsg
	}
	docs := responseErrors(o, "401", sh)
	if len(docs) == 0 {
		docs = catalogue(doc, 401)
	}
	if len(docs) > 0 {
		e.Code = docs[0].code
		if docs[0].message != "" {
			e.Message = docs[0].message
		}
	}
	return e
}

// ruleSets collects the x-docspec-rules of s and of the objects below it.
func ruleSets(ref *openapi3.SchemaRef, path []string, seen map[*openapi3.Schema]bool) ([]vRuleSet, error) {
	if ref == nil || ref.Value == nil || seen[ref.Value] || len(path) > 16 {
		return nil, nil
	}
	s := ref.Value
	seen[s] = true
	defer delete(seen, s)
	var out []vRuleSet
	rules, err := Rules(s)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where(path), err)
	}
	var kept []Rule
	for _, r := range rules {
		if Applicable(s, r) {
			kept = append(kept, r)
		}
	}
	if len(kept) > 0 {
		rs := vRuleSet{Path: append([]string{}, path...)}
		for _, r := range kept {
			vr := vRule{Field: r.Field, MinLength: -1, MaxLength: -1, Pattern: r.Pattern, Text: r.Text, Enum: []string{}}
			if r.MinLength != nil {
				vr.MinLength = *r.MinLength
			}
			if r.MaxLength != nil {
				vr.MaxLength = *r.MaxLength
			}
			for _, e := range r.Enum {
				vr.Enum = append(vr.Enum, literal(RuleValue(s, r.Field, e)))
			}
			for _, c := range r.When {
				vc := vCond{Field: c.Field, Equals: literal(RuleValue(s, c.Field, c.Equals))}
				if p := s.Properties[c.Field]; p != nil && p.Value != nil && p.Value.Default != nil {
					vc.Default = literal(p.Value.Default)
				}
				vr.When = append(vr.When, vc)
			}
			rs.Rules = append(rs.Rules, vr)
		}
		out = append(out, rs)
	}
	for _, name := range sortedKeys(s.Properties) {
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

func literal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
