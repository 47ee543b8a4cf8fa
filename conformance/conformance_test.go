package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/docspec/docspec/conventions"
	"github.com/docspec/docspec/internal/golden"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/docspec/docspec/gen"
)

var update = golden.Update // the one -update flag of every test

// opCtx is one operation of one spec with what the tests derive from it.
type opCtx struct {
	a       *api
	doc     *openapi3.T
	ref     gen.OperationRef
	id      string
	action  string
	success string                // lowest documented 2xx status; "" when the page documents none
	reached int                   // calls of the fake handler (operations without a success status)
	body    *openapi3.SchemaRef   // JSON request body schema
	params  []*openapi3.Parameter // path, query, header
	auth    []string              // credential headers (any one alternative's)
	codeF   string                // error body field names
	msgF    string
	bad     []string // documented 400 codes
	unauth  []string // documented 401 codes
}

func loadDoc(t *testing.T, a *api) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(filepath.Join(root, a.spec))
	if err != nil {
		t.Fatalf("%s: %v", a.spec, err)
	}
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		t.Fatalf("%s: %v", a.spec, err)
	}
	// As the generated code sees it: untyped parameters are strings, and a
	// response body the page shows only by example (no schema) is not
	// generated, so the server answers that status without a body.
	gen.TypeUntypedParameters(doc)
	gen.DropSchemalessResponseBodies(doc)
	return doc
}

func newOpCtx(a *api, doc *openapi3.T, o gen.OperationRef) *opCtx {
	oc := &opCtx{a: a, doc: doc, ref: o, id: o.Op.OperationID, action: conventions.ActionOf(o.Path, o.Op)}
	var codes []string
	for code := range o.Op.Responses.Map() {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, c := range codes {
		if strings.HasPrefix(c, "2") && oc.success == "" {
			oc.success = c
		}
	}
	if rb := o.Op.RequestBody; rb != nil && rb.Value != nil {
		if mt := rb.Value.Content.Get("application/json"); mt != nil {
			oc.body = mt.Schema
			if oc.body == nil {
				// A JSON body the page shows only by example (RDS
				// "Stopping an Instance": Request "{}" and no table): any
				// value, as the generated client and server take it.
				oc.body = &openapi3.SchemaRef{Value: &openapi3.Schema{}}
			}
		}
	}
	for _, ps := range []openapi3.Parameters{o.Item.Parameters, o.Op.Parameters} {
		for _, p := range ps {
			if p != nil && p.Value != nil {
				oc.params = append(oc.params, p.Value)
			}
		}
	}
	// Credential headers: every header of every security alternative
	// (dropping them all leaves no way in).
	headers := map[string]bool{}
	for _, alt := range conventions.CredentialHeaders(doc, o.Item, o.Op) {
		for _, h := range alt {
			headers[h] = true
		}
	}
	oc.auth = slices.Sorted(maps.Keys(headers))
	shape := conventions.ShapeOf(doc, o.Path, o.Op)
	oc.codeF, oc.msgF = shape.Code, shape.Message
	oc.bad = documentedCodes(o, "400", oc.codeF)
	if !anyParamCode(o, oc.codeF) {
		// The page shows no 400 about a parameter: any code the spec
		// documents for 400 (another page, the error-code catalogue).
		oc.bad = append(oc.bad, specCodes(doc, "400", oc.codeF)...)
	}
	oc.unauth = documentedCodes(o, "401", oc.codeF)
	return oc
}

// documentedCodes lists the codes the spec documents for a status: examples
// and x-docspec-error-codes.
func documentedCodes(o gen.OperationRef, status, codeF string) []string {
	r := o.Op.Responses.Value(status)
	if r == nil || r.Value == nil {
		return nil
	}
	var out []string
	if mt := r.Value.Content.Get("application/json"); mt != nil {
		for _, ex := range exampleValues(mt) {
			if m, ok := ex.value.(map[string]any); ok {
				if c, ok := m[codeF].(string); ok {
					out = append(out, c)
				}
			}
		}
	}
	return append(out, conventions.StringsOf(r.Value.Extensions, conventions.KeyErrorCodes)...)
}

func anyParamCode(o gen.OperationRef, codeF string) bool {
	r := o.Op.Responses.Value("400")
	if r == nil || r.Value == nil {
		return false
	}
	if mt := r.Value.Content.Get("application/json"); mt != nil {
		for _, ex := range exampleValues(mt) {
			if m, ok := ex.value.(map[string]any); ok && strings.Contains(fmt.Sprint(m), "parameterName") {
				return true
			}
		}
	}
	return false
}

// specCodes lists every code documented for status anywhere in the spec.
func specCodes(doc *openapi3.T, status, codeF string) []string {
	var out []string
	for _, o := range gen.Operations(doc) {
		out = append(out, documentedCodes(o, status, codeF)...)
	}
	for _, e := range conventions.CatalogueOf(doc.Extensions) {
		if e.Status == status && e.Code != "" {
			out = append(out, e.Code)
		}
	}
	return out
}

type namedExample struct {
	name   string
	value  any
	source conventions.Source
	tool   []string // x-docspec-contradiction: what the emitter reported
}

func exampleValues(mt *openapi3.MediaType) []namedExample {
	var out []namedExample
	for _, k := range slices.Sorted(maps.Keys(mt.Examples)) {
		if ex := mt.Examples[k]; ex != nil && ex.Value != nil {
			out = append(out, namedExample{k, jsonClean(ex.Value.Value), conventions.SourceOf(ex.Value.Extensions),
				conventions.StringsOf(ex.Value.Extensions, conventions.KeyContradiction)})
		}
	}
	if mt.Example != nil {
		out = append(out, namedExample{"example", jsonClean(mt.Example), conventions.Source{}, nil})
	}
	// The page's examples that contradict it: kept as evidence.
	ev := conventions.EvidenceOf(mt.Extensions)
	for _, k := range slices.Sorted(maps.Keys(ev)) {
		out = append(out, namedExample{k, jsonClean(ev[k].Value), ev[k].Source, ev[k].Contradiction})
	}
	return out
}

// jsonClean turns YAML-decoded values into what encoding/json decodes.
func jsonClean(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if json.Unmarshal(b, &out) != nil {
		return v
	}
	return out
}

// counts is one row of REPORT.md.
type counts map[string]int

var columns = []struct{ key, title string }{
	{"fields", "fields typed"},
	{"enums", "enums"},
	{"roundtrip", "client↔server"},
	{"request only", "client→server, no 2xx documented"},
	{"accepted", "bounds accepted"},
	{"refused", "bounds refused"},
	{"rules", "rule cases"},
	{"rules n/a", "rules not applicable"},
	{"auth", "401"},
	{"client", "client-side"},
	{"examples", "examples"},
	{"defects", "contradictions"},
}

type report struct {
	rows map[string]counts // "spec\x00operation"
}

func (r *report) row(spec, op string) counts {
	k := spec + "\x00" + op
	if r.rows[k] == nil {
		r.rows[k] = counts{}
	}
	return r.rows[k]
}

func (r *report) markdown() []byte {
	var b bytes.Buffer
	b.WriteString("# Conformance report\n\nGenerated by `go test ./conformance -update`; checked by `go test ./conformance`. One row per operation of every spec; each cell counts checks that passed. See conformance/doc.go for what each column means.\n\n")
	b.WriteString("| spec | operation |")
	for _, c := range columns {
		b.WriteString(" " + c.title + " |")
	}
	b.WriteString("\n| --- | --- |")
	for range columns {
		b.WriteString(" ---: |")
	}
	b.WriteString("\n")
	total := counts{}
	keys := slices.Sorted(maps.Keys(r.rows))
	for _, k := range keys {
		spec, op, _ := strings.Cut(k, "\x00")
		fmt.Fprintf(&b, "| %s | %s |", spec, op)
		for _, c := range columns {
			n := r.rows[k][c.key]
			total[c.key] += n
			fmt.Fprintf(&b, " %d |", n)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "| **total** | **%d operations** |", len(keys))
	for _, c := range columns {
		fmt.Fprintf(&b, " **%d** |", total[c.key])
	}
	b.WriteString("\n")
	return b.Bytes()
}

// TestConformance runs every check on every operation of every spec.
func TestConformance(t *testing.T) {
	if len(apis) == 0 {
		t.Fatal("no generated packages registered; run: go test ./conformance -run TestRegistry -update")
	}
	rep := &report{rows: map[string]counts{}}
	seen := map[string]bool{}
	for i := range apis {
		a := &apis[i]
		t.Run(a.pkg, func(t *testing.T) {
			doc := loadDoc(t, a)
			ops := gen.Operations(doc)
			ctxs := map[string]*opCtx{}
			for _, o := range ops {
				ctxs[o.Op.OperationID] = newOpCtx(a, doc, o)
			}
			funcs := fake(t, a, ctxs)
			h := a.handler(funcs)
			rec := &exchange{doc: doc}
			srv := httptest.NewServer(rec.wrap(h))
			defer srv.Close()
			client, err := a.newClient(srv.URL, func(r *http.Request) {
				for k, v := range rec.extra {
					r.Header.Set(k, v)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range ops {
				oc := ctxs[o.Op.OperationID]
				c := rep.row(a.spec, oc.id)
				t.Run(oc.id, func(t *testing.T) {
					checkTypes(t, oc, c)
					rec.op = oc
					roundTrip(t, oc, client, rec, c)
					boundaries(t, oc, h, c)
					examples(t, oc, c, seen)
				})
			}
		})
	}
	for _, d := range knownDefects {
		if !seen[d.key()] {
			t.Errorf("listed documentation defect no longer occurs, remove it from knownDefects: %s (%s)", d.key(), d.Source)
		}
	}
	if t.Failed() {
		return
	}
	md := rep.markdown()
	if *update {
		if err := os.WriteFile("REPORT.md", md, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	cur, _ := os.ReadFile("REPORT.md")
	if !bytes.Equal(cur, md) {
		t.Errorf("REPORT.md is not up to date; run: go test ./conformance -update")
	}
}

// ---- (a) types -------------------------------------------------------------

var errType = reflect.TypeOf((*error)(nil)).Elem()

// requestObjectType is the strict server's request type of the operation.
func requestObjectType(oc *opCtx) (reflect.Type, bool) {
	ft, ok := reflect.TypeOf(oc.a.newFuncs()).Elem().FieldByName(oc.a.funcFields[oc.id])
	if !ok || ft.Type.Kind() != reflect.Func || ft.Type.NumIn() != 2 {
		return nil, false
	}
	return ft.Type.In(1), true
}

func checkTypes(t *testing.T, oc *opCtx, c counts) {
	rt, ok := requestObjectType(oc)
	if !ok {
		t.Errorf("%s: no StrictFuncs field %q", oc.id, oc.a.funcFields[oc.id])
		return
	}
	// Path parameters are fields of the request object, the others of Params.
	var params reflect.Type
	if f, ok := rt.FieldByName("Params"); ok {
		params = f.Type
	}
	for _, p := range oc.params {
		var ft reflect.Type
		if p.In == "path" {
			if f, ok := fieldByJSON(rt, p.Name); ok {
				ft = f.Type
			} else {
				// path parameters carry a json tag since oapi-codegen 2.x; fall back on count
				ft = pathFieldByName(rt, p.Name)
			}
		} else if params != nil {
			if f, ok := fieldByJSON(params, p.Name); ok {
				ft = f.Type
			}
		}
		if ft == nil {
			t.Errorf("%s: parameter %s (%s) has no Go field", oc.id, p.Name, p.In)
			continue
		}
		checkValueType(t, oc, "parameter "+p.Name, ft, p.Schema, c, 0)
	}
	if oc.body != nil {
		f, ok := rt.FieldByName("Body")
		if !ok {
			t.Errorf("%s: request object has no Body", oc.id)
		} else {
			checkValueType(t, oc, "request body", f.Type, oc.body, c, 0)
		}
	}
	for status, zero := range oc.a.responses[oc.id] {
		r := oc.ref.Op.Responses.Value(status)
		if r == nil || r.Value == nil {
			t.Errorf("%s: strict response for undocumented status %s", oc.id, status)
			continue
		}
		mt := r.Value.Content.Get("application/json")
		if mt == nil || mt.Schema == nil {
			continue
		}
		checkValueType(t, oc, "response "+status, bodyType(reflect.TypeOf(zero)), mt.Schema, c, 0)
	}
	for code, r := range oc.ref.Op.Responses.Map() {
		if _, ok := oc.a.responses[oc.id][code]; !ok && r.Value != nil {
			t.Errorf("%s: documented status %s has no strict response type", oc.id, code)
		}
	}
}

// bodyType is the type of a strict response's body: its Body field, or
// what it embeds when it wraps a component response.
func bodyType(typ reflect.Type) reflect.Type {
	for typ.Kind() == reflect.Struct {
		if f, ok := typ.FieldByName("Body"); ok {
			typ = f.Type
			continue
		}
		if typ.NumField() == 1 && typ.Field(0).Anonymous {
			typ = typ.Field(0).Type
			continue
		}
		break
	}
	return typ
}

func pathFieldByName(rt reflect.Type, name string) reflect.Type {
	want := strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(name))
	for i := 0; i < rt.NumField(); i++ {
		if strings.ToLower(rt.Field(i).Name) == want {
			return rt.Field(i).Type
		}
	}
	return nil
}

func fieldByJSON(rt reflect.Type, name string) (reflect.StructField, bool) {
	for rt.Kind() == reflect.Pointer {
		rt = rt.Elem()
	}
	if rt.Kind() != reflect.Struct {
		return reflect.StructField{}, false
	}
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// checkValueType checks a Go type against a schema: kind, properties by JSON
// name, enumeration constants; nested objects to a small depth.
func checkValueType(t *testing.T, oc *opCtx, where string, ft reflect.Type, ref *openapi3.SchemaRef, c counts, depth int) {
	if ref == nil || ref.Value == nil || depth > 4 {
		return
	}
	for ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	s := ref.Value
	want := kindsFor(s)
	if want != nil && !want[ft.Kind()] {
		t.Errorf("%s: %s: Go type %s (%s) for schema type %v", oc.id, where, ft, ft.Kind(), s.Type)
		return
	}
	c["fields"]++
	if len(s.Enum) > 0 && s.Type != nil { // an untyped enum becomes interface{}: nothing to hold constants
		consts, ok := oc.a.enumValues[ft.Name()]
		if !ok {
			t.Errorf("%s: %s: enum %v has no constants (Go type %s)", oc.id, where, s.Enum, ft)
		} else {
			got := map[string]bool{}
			for _, v := range consts {
				got[fmt.Sprint(v)] = true
			}
			for _, e := range s.Enum {
				if !got[fmt.Sprint(e)] {
					t.Errorf("%s: %s: enum value %v has no constant in %s", oc.id, where, e, ft.Name())
				}
			}
			if len(got) != len(s.Enum) {
				t.Errorf("%s: %s: %s has %d constants, spec %d values", oc.id, where, ft.Name(), len(got), len(s.Enum))
			}
			c["enums"]++
		}
	}
	switch ft.Kind() {
	case reflect.Struct:
		if len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) > 0 {
			return
		}
		for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
			f, ok := fieldByJSON(ft, name)
			if !ok {
				t.Errorf("%s: %s: property %q has no field with that JSON name in %s", oc.id, where, name, ft)
				continue
			}
			// Required ⇔ a value field; optional ⇔ a pointer (omitted, not zero).
			if p := s.Properties[name]; p.Value != nil && !p.Value.Nullable {
				if req := contains(s.Required, name); req == (f.Type.Kind() == reflect.Pointer) && f.Type.Kind() != reflect.Interface {
					t.Errorf("%s: %s.%s: required=%v but Go field is %s", oc.id, where, name, req, f.Type)
				}
			}
			checkValueType(t, oc, where+"."+name, f.Type, s.Properties[name], c, depth+1)
		}
	case reflect.Slice:
		checkValueType(t, oc, where+"[]", ft.Elem(), s.Items, c, depth+1)
	}
}

func kindsFor(s *openapi3.Schema) map[reflect.Kind]bool {
	switch {
	case s.Type == nil:
		return nil
	case s.Type.Is("string"):
		if s.Format == "date-time" || s.Format == "date" || s.Format == "binary" || s.Format == "uuid" || s.Format == "email" {
			return nil
		}
		return map[reflect.Kind]bool{reflect.String: true}
	case s.Type.Is("integer"):
		return map[reflect.Kind]bool{reflect.Int: true, reflect.Int32: true, reflect.Int64: true, reflect.Uint: true, reflect.Uint32: true, reflect.Uint64: true, reflect.Int8: true, reflect.Int16: true, reflect.Uint8: true, reflect.Uint16: true}
	case s.Type.Is("number"):
		return map[reflect.Kind]bool{reflect.Float32: true, reflect.Float64: true}
	case s.Type.Is("boolean"):
		return map[reflect.Kind]bool{reflect.Bool: true}
	case s.Type.Is("array"):
		return map[reflect.Kind]bool{reflect.Slice: true}
	case s.Type.Is("object"):
		return map[reflect.Kind]bool{reflect.Struct: true, reflect.Map: true, reflect.Interface: true}
	}
	return nil
}

// ---- the fake server --------------------------------------------------------

// successBody is the documented success answer: the first example that
// satisfies the schema and rules, else a value synthesised from the schema.
func successBody(oc *opCtx) ([]byte, bool) {
	r := oc.ref.Op.Responses.Value(oc.success)
	if r == nil || r.Value == nil {
		return nil, false
	}
	mt := r.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil, false
	}
	for _, ex := range exampleValues(mt) {
		if len(violations(mt.Schema, ex.value)) == 0 {
			b, _ := json.Marshal(ex.value)
			return b, true
		}
	}
	v := value(mt.Schema, 0)
	fixRules(mt.Schema, v, 0)
	b, _ := json.Marshal(v)
	return b, true
}

// errNoSuccess is what the fake handler of an operation without a
// documented success status returns.
var errNoSuccess error = errors.New("the page documents no success response")

// fake builds a StrictFuncs whose every operation answers its documented
// success status.
func fake(t *testing.T, a *api, ctxs map[string]*opCtx) any {
	funcs := a.newFuncs()
	fv := reflect.ValueOf(funcs).Elem()
	for _, id := range slices.Sorted(maps.Keys(ctxs)) {
		oc := ctxs[id]
		f := fv.FieldByName(a.funcFields[id])
		if !f.IsValid() {
			t.Errorf("%s: no StrictFuncs field", id)
			continue
		}
		if oc.success == "" {
			// The page documents no success answer: the fake records that
			// a request reached it and answers nothing documented (the
			// provider's 500), so only the request side is checked.
			f.Set(reflect.MakeFunc(f.Type(), func([]reflect.Value) []reflect.Value {
				oc.reached++
				return []reflect.Value{reflect.Zero(f.Type().Out(0)), reflect.ValueOf(&errNoSuccess).Elem()}
			}))
			continue
		}
		zero, ok := a.responses[id][oc.success]
		if !ok {
			t.Errorf("%s: no strict response type for success status %q", id, oc.success)
			continue
		}
		rt := reflect.TypeOf(zero)
		body, hasBody := successBody(oc)
		ftype := f.Type()
		f.Set(reflect.MakeFunc(ftype, func([]reflect.Value) []reflect.Value {
			v := reflect.New(rt).Elem()
			if hasBody {
				target := v
				if rt.Kind() == reflect.Struct {
					if b := v.FieldByName("Body"); b.IsValid() {
						target = b
					}
				}
				_ = json.Unmarshal(body, target.Addr().Interface())
			}
			fillHeaders(v)
			fillReader(v, textBody(oc))
			out := reflect.New(ftype.Out(0)).Elem()
			out.Set(v)
			return []reflect.Value{out, reflect.Zero(errType)}
		}))
	}
	return funcs
}

// fillReader gives a response whose body is bytes (a media type that is
// not JSON: OBS's application/xml) the page's example text, so that the
// generated server has something to copy.
func fillReader(v reflect.Value, text string) {
	if v.Kind() != reflect.Struct {
		return
	}
	if b := v.FieldByName("Body"); b.IsValid() && b.Type() == reflect.TypeOf((*io.Reader)(nil)).Elem() && b.IsNil() {
		b.Set(reflect.ValueOf(io.Reader(strings.NewReader(text))))
		if n := v.FieldByName("ContentLength"); n.IsValid() && n.Kind() == reflect.Int64 {
			n.SetInt(int64(len(text)))
		}
	}
}

// textRequest is the media type and first text example of a request body
// that is only documented as something other than JSON (OBS XML bodies).
func textRequest(oc *opCtx) (string, string) {
	rb := oc.ref.Op.RequestBody
	if oc.body != nil || rb == nil || rb.Value == nil {
		return "", ""
	}
	for _, ct := range slices.Sorted(maps.Keys(rb.Value.Content)) {
		for _, ex := range exampleValues(rb.Value.Content[ct]) {
			if t, ok := ex.value.(string); ok {
				return ct, t
			}
		}
		return ct, ""
	}
	return "", ""
}

// textBody is the first text example of the success answer's first media
// type that is not JSON.
func textBody(oc *opCtx) string {
	r := oc.ref.Op.Responses.Value(oc.success)
	if r == nil || r.Value == nil {
		return ""
	}
	for _, ct := range slices.Sorted(maps.Keys(r.Value.Content)) {
		if strings.Contains(ct, "json") {
			continue
		}
		for _, ex := range exampleValues(r.Value.Content[ct]) {
			if t, ok := ex.value.(string); ok {
				return t
			}
		}
		return ""
	}
	return ""
}

// fillHeaders gives every response header field a value.
func fillHeaders(v reflect.Value) {
	if v.Kind() != reflect.Struct {
		return
	}
	h := v.FieldByName("Headers")
	if !h.IsValid() || h.Kind() != reflect.Struct {
		return
	}
	for i := 0; i < h.NumField(); i++ {
		f := h.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("x")
		case reflect.Int, reflect.Int32, reflect.Int64:
			f.SetInt(1)
		}
	}
}

// exchange validates every request and response that crosses the test
// server against the spec file (not the embedded copy).
type exchange struct {
	extra map[string]string // headers the client call has no parameter for
	doc   *openapi3.T
	op    *opCtx
	errs  []string
	n     int
}

func (e *exchange) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		oc := e.op
		route := &routers.Route{Spec: e.doc, Path: oc.ref.Path, PathItem: oc.ref.Item, Method: oc.ref.Method, Operation: oc.ref.Op}
		in := &openapi3filter.RequestValidationInput{Request: r, PathParams: pathParamsOf(oc, r.URL.Path), Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, SkipSettingDefaults: true}}
		if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
			e.errs = append(e.errs, "request: "+err.Error())
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		// kin-openapi decodes JSON bodies; an XML one (OBS) is checked for
		// its documented status, media type and headers only.
		xmlBody := strings.Contains(rec.Header().Get("Content-Type"), "xml")
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
			Options: &openapi3filter.Options{IncludeResponseStatus: true, ExcludeResponseBody: xmlBody}}
		out.SetBodyBytes(rec.Body.Bytes())
		if err := openapi3filter.ValidateResponse(r.Context(), out); err != nil {
			e.errs = append(e.errs, fmt.Sprintf("response %d: %v", rec.Code, err))
		}
		e.n++
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

var paramRE = regexp.MustCompile(`\{([^{}]+)\}`)

func pathParamsOf(oc *opCtx, p string) map[string]string {
	if oc.action != "" {
		return nil
	}
	names := paramRE.FindAllStringSubmatch(oc.ref.Path, -1)
	re := "^.*?" + paramRE.ReplaceAllString(quoteExceptParams(oc.ref.Path), "([^/]+)") + "$"
	m := regexp.MustCompile(re).FindStringSubmatch(p)
	out := map[string]string{}
	for i, n := range names {
		if m != nil && i+1 < len(m) {
			v, _ := url.PathUnescape(m[i+1])
			out[n[1]] = v
		}
	}
	return out
}

func quoteExceptParams(p string) string {
	var b strings.Builder
	last := 0
	for _, m := range paramRE.FindAllStringIndex(p, -1) {
		b.WriteString(regexp.QuoteMeta(p[last:m[0]]))
		b.WriteString(p[m[0]:m[1]])
		last = m[1]
	}
	b.WriteString(regexp.QuoteMeta(p[last:]))
	return b.String()
}

// ---- (b) round trip through the generated client ---------------------------

func roundTrip(t *testing.T, oc *opCtx, client any, ex *exchange, c counts) {
	m, args, extra, err := clientCall(oc, client, baseline(oc, true))
	if err != nil {
		t.Errorf("%s: %v", oc.id, err)
		return
	}
	ex.extra = extra
	defer func() { ex.extra = nil }()
	ex.errs = nil
	before := oc.reached
	out := m.Call(args)
	if oc.success == "" {
		requestOnly(t, oc, out, ex, before, c)
		return
	}
	finishRoundTrip(t, oc, out, ex, c)
}

// clientCall builds the generated client's call of the operation for rv:
// the method, its arguments, and the headers the method has no parameter
// for (to be set by a request editor).
func clientCall(oc *opCtx, client any, rv reqVals) (reflect.Value, []reflect.Value, map[string]string, error) {
	name := oc.a.funcFields[oc.id]
	mname := name + "WithResponse"
	textCT, text := textRequest(oc)
	if oc.body != nil || textCT != "" {
		mname = name + "WithBodyWithResponse"
	}
	m := reflect.ValueOf(client).MethodByName(mname)
	if !m.IsValid() {
		return m, nil, nil, fmt.Errorf("client has no method %s", mname)
	}
	mt := m.Type()
	args := []reflect.Value{reflect.ValueOf(context.Background())}
	i := 1
	for _, n := range paramRE.FindAllStringSubmatch(oc.ref.Path, -1) {
		if oc.action != "" {
			break
		}
		if i >= mt.NumIn() {
			return m, nil, nil, fmt.Errorf("%s takes fewer arguments than path parameters", mname)
		}
		v := reflect.New(mt.In(i))
		if err := json.Unmarshal(mustJSON(rv.path[n[1]]), v.Interface()); err != nil {
			return m, nil, nil, fmt.Errorf("path parameter %s: %v", n[1], err)
		}
		args = append(args, v.Elem())
		i++
	}
	extra := map[string]string{} // headers the client has no parameter for
	for k, v := range rv.header {
		extra[k] = str(v)
	}
	if i < mt.NumIn() && mt.In(i).Kind() == reflect.Pointer && mt.In(i).Elem().Kind() == reflect.Struct {
		pv := reflect.New(mt.In(i).Elem())
		for k, val := range mergeMaps(rv.query, rv.header) {
			f, ok := fieldByJSON(pv.Type(), k)
			if !ok {
				continue
			}
			delete(extra, k)
			fv := pv.Elem().FieldByIndex(f.Index)
			if err := json.Unmarshal(mustJSON(val), fv.Addr().Interface()); err != nil {
				return m, nil, nil, fmt.Errorf("parameter %s: %v", k, err)
			}
		}
		args = append(args, pv)
		i++
	}
	switch {
	case oc.body != nil:
		args = append(args, reflect.ValueOf("application/json"), reflect.ValueOf(io.Reader(bytes.NewReader(mustJSON(rv.body)))))
	case textCT != "":
		args = append(args, reflect.ValueOf(textCT), reflect.ValueOf(io.Reader(strings.NewReader(text))))
	}
	if len(args) != mt.NumIn()-1 {
		return m, nil, nil, fmt.Errorf("%s: built %d arguments for %d parameters", mname, len(args), mt.NumIn())
	}
	return m, args, extra, nil
}

// requestOnly finishes the round trip of an operation whose page documents
// no success response: the client's request must validate against the spec
// and reach the handler; the answer is not checked (nothing documents it).
func requestOnly(t *testing.T, oc *opCtx, out []reflect.Value, ex *exchange, before int, c counts) {
	t.Helper()
	if err, _ := out[1].Interface().(error); err != nil {
		t.Errorf("%s: client call: %v", oc.id, err)
		return
	}
	ok := oc.reached == before+1
	if !ok {
		t.Errorf("%s: the client's request did not reach the handler", oc.id)
	}
	for _, e := range ex.errs {
		if strings.HasPrefix(e, "request: ") {
			t.Errorf("%s: the client's request does not validate against the spec: %s", oc.id, e)
			ok = false
		}
	}
	if ok {
		c["request only"]++
	}
}

func finishRoundTrip(t *testing.T, oc *opCtx, out []reflect.Value, ex *exchange, c counts) {
	t.Helper()
	if err, _ := out[1].Interface().(error); err != nil {
		t.Errorf("%s: client call: %v", oc.id, err)
		return
	}
	resp := out[0].Elem()
	hr, _ := resp.FieldByName("HTTPResponse").Interface().(*http.Response)
	if hr == nil || fmt.Sprint(hr.StatusCode) != oc.success {
		t.Errorf("%s: client got %v, want documented %s; body %s", oc.id, hr.StatusCode, oc.success, resp.FieldByName("Body").Bytes())
		return
	}
	if jf := resp.FieldByName("JSON" + oc.success); jf.IsValid() && jf.IsNil() {
		t.Errorf("%s: typed response JSON%s not decoded", oc.id, oc.success)
	}
	for _, e := range ex.errs {
		t.Errorf("%s: exchange does not validate against the spec: %s", oc.id, e)
	}
	if len(ex.errs) == 0 {
		c["roundtrip"]++
	}
}

func mergeMaps(ms ...map[string]any) map[string]any {
	out := map[string]any{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
