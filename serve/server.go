package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/conventions"
)

// MaxBody is the largest request body the double reads (413 beyond).
const MaxBody = 1 << 20

// Options configure a Server.
type Options struct {
	Store       Store
	Credentials *Credentials // nil: any non-empty token, no signed requests
	Now         func() time.Time
	Log         io.Writer // one line per request (never a secret); nil: none
}

// Server is the double: an http.Handler over one or more specs.
type Server struct {
	specs  []*Spec
	router *router
	opts   Options
	kits   map[*Resource]*objectKit
	shapes map[*Spec]*errorShape // for requests that match no operation
	errs   map[*Op]*errorShape
	valid  map[*Op]validator
	// Shadowed are operations not served because an earlier spec holds their method and path.
	Shadowed []*Op
}

// New builds a server for specs (already inferred).
func New(specs []*Spec, opts Options) (*Server, error) {
	if opts.Store == nil {
		return nil, errors.New("serve: no store")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{specs: specs, router: newRouter(), opts: opts, kits: map[*Resource]*objectKit{}, shapes: map[*Spec]*errorShape{}, errs: map[*Op]*errorShape{}, valid: map[*Op]validator{}}
	for _, sp := range specs {
		s.shapes[sp] = shapeOf(sp.Doc, "", nil)
		for _, o := range sp.Ops {
			if !s.router.add(o) {
				s.Shadowed = append(s.Shadowed, o)
				continue
			}
			v, err := newValidator(o)
			if err != nil {
				return nil, fmt.Errorf("%s: %s %s: %w", sp.Name, o.Method, o.Path, err)
			}
			s.valid[o] = v
			s.errs[o] = shapeOf(sp.Doc, o.Path, o.Operation)
			if o.Resource != nil && s.kits[o.Resource] == nil {
				s.kits[o.Resource] = kitOf(o.Resource, sp.Ops)
			}
		}
	}
	return s, nil
}

// exchange is one request being answered.
type exchange struct {
	w      http.ResponseWriter
	r      *http.Request
	op     *Op
	params map[string]string
	body   []byte
	shape  *errorShape
	id     string // request id, for the log and RPC error bodies
}

func (x *exchange) fail(status int, message string) {
	var op *openapi3.Operation
	if x.op != nil {
		op = x.op.Operation
	}
	x.shape.write(x.w, status, x.shape.codeFor(op, status), message, x.id)
}

// ServeHTTP answers one request; it never answers 500 for a request's fault
// and never text/plain.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.opts.Now()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	x := &exchange{w: rec, r: r, shape: s.shapes[s.specs[0]], id: newRequestID()}
	defer func() {
		if p := recover(); p != nil {
			x.fail(http.StatusInternalServerError, "internal error in docspec serve")
		}
		if s.opts.Log != nil {
			fmt.Fprintf(s.opts.Log, "%s %s %d %s\n", r.Method, r.URL.Path, rec.status, s.opts.Now().Sub(start).Round(time.Microsecond))
		}
	}()
	s.serve(x)
}

func (s *Server) serve(x *exchange) {
	op, params, pathExists := s.router.find(x.r.Method, x.r.URL)
	if op == nil {
		if pathExists {
			x.fail(http.StatusMethodNotAllowed, fmt.Sprintf("method %s is not documented for %s", x.r.Method, x.r.URL.Path))
			return
		}
		if a := x.r.URL.Query().Get("Action"); a != "" && x.shape.profile.RPCNotFound.Code != "" {
			nf := x.shape.profile.RPCNotFound
			x.shape.write(x.w, nf.Status, nf.Code, nf.Message, x.id)
			return
		}
		x.fail(http.StatusNotFound, fmt.Sprintf("no documented operation answers %s %s", x.r.Method, x.r.URL.Path))
		return
	}
	x.op, x.params, x.shape = op, params, s.errs[op]
	body, err := io.ReadAll(http.MaxBytesReader(x.w, x.r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			x.fail(http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is larger than %d bytes", MaxBody))
			return
		}
		x.fail(http.StatusBadRequest, "the request body could not be read")
		return
	}
	x.body = body
	if secured(op) {
		if err := s.opts.Credentials.authenticate(x.r, body, s.opts.Now()); err != nil {
			x.fail(http.StatusUnauthorized, err.Error())
			return
		}
	}
	if msg := s.checkQuery(x); msg != "" {
		x.fail(http.StatusBadRequest, msg)
		return
	}
	v := s.valid[op]
	if body, err = v.validate(x.r, params, body); err != nil {
		x.fail(http.StatusBadRequest, err.Error())
		return
	}
	x.body = body
	s.dispatch(x)
}

// secured reports whether the operation (or its spec) requires authentication.
func secured(o *Op) bool {
	sec := o.Spec.Doc.Security
	if o.Operation.Security != nil {
		sec = *o.Operation.Security
	}
	for _, req := range sec {
		if len(req) == 0 {
			return false // {} : anonymous allowed
		}
	}
	return len(sec) > 0
}

// checkQuery refuses a repeated single-valued query parameter, and applies
// the coercions the page documents ("values ≤ 0 are converted to 20").
func (s *Server) checkQuery(x *exchange) string {
	q := x.r.URL.Query()
	changed := false
	for _, pr := range x.op.Operation.Parameters {
		p := pr.Value
		if p == nil || p.In != "query" {
			continue
		}
		vs := q[p.Name]
		if len(vs) > 1 && (p.Schema == nil || p.Schema.Value == nil || !p.Schema.Value.Type.Is("array")) {
			return fmt.Sprintf("query parameter %s is given %d times; it takes one value", p.Name, len(vs))
		}
		if len(vs) == 1 {
			if c, ok := coerce(p.Description, vs[0]); ok {
				q.Set(p.Name, c)
				changed = true
			}
		}
	}
	if changed {
		x.r.URL.RawQuery = q.Encode()
	}
	return ""
}

func (s *Server) dispatch(x *exchange) {
	o := x.op
	if o.Behaviour == Example {
		s.answerExample(x)
		return
	}
	r := o.Resource
	ctx := x.r.Context()
	scope := scopeOf(r, x.params)
	if msg := s.parentGone(ctx, r, x.params); msg != "" {
		x.fail(http.StatusNotFound, msg)
		return
	}
	switch o.Behaviour {
	case Create:
		s.create(ctx, x, r, scope)
	case Show:
		s.show(ctx, x, r, scope)
	case Update:
		s.update(ctx, x, r, scope)
	case Delete:
		s.delete(ctx, x, r, scope)
	case List:
		s.list(ctx, x, r, scope)
	}
}

func scopeOf(r *Resource, params map[string]string) string {
	vals := make([]string, len(r.Scope))
	for i, p := range r.Scope {
		vals[i] = params[p]
	}
	return strings.Join(vals, "/")
}

// parentGone says why a request under a deleted parent item gets a 404. A
// parent never created through the double (a project, a gateway) is accepted.
func (s *Server) parentGone(ctx context.Context, r *Resource, params map[string]string) string {
	for p := r.Parent; p != nil; p = p.Parent {
		_, state, err := s.opts.Store.Get(ctx, p.Kind, scopeOf(p, params), params[p.IDParam])
		if err == nil && state == Deleted {
			return fmt.Sprintf("%s %s does not exist", lastSegment(p.Collection), params[p.IDParam])
		}
	}
	return ""
}

func (s *Server) storeFailed(x *exchange, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	x.fail(http.StatusServiceUnavailable, "the double's store failed: "+err.Error())
}

func (s *Server) create(ctx context.Context, x *exchange, r *Resource, scope string) {
	in, ok := decodeObject(x.body, r.Wrapper)
	if !ok {
		x.fail(http.StatusBadRequest, "the request body is not a JSON object")
		return
	}
	kit := s.kits[r]
	obj := map[string]any{}
	for k, v := range in {
		obj[k] = v
	}
	id := kit.newID()
	obj[r.IDField] = id
	if req := requestSchema(x.op.Operation); req != nil {
		fill(unwrapSchema(req, r.Wrapper), obj)
	}
	fill(r.Object, obj)
	kit.stamp(r.Object, obj, s.opts.Now(), true)
	doc, _ := json.Marshal(obj)
	if err := s.opts.Store.Create(ctx, r.Kind, scope, id, doc); err != nil {
		s.storeFailed(x, err)
		return
	}
	s.answerObject(x, r, obj)
}

func (s *Server) load(ctx context.Context, x *exchange, r *Resource, scope string) (map[string]any, bool) {
	id := x.params[r.IDParam]
	doc, state, err := s.opts.Store.Get(ctx, r.Kind, scope, id)
	if err != nil {
		s.storeFailed(x, err)
		return nil, false
	}
	if state != Live {
		x.fail(http.StatusNotFound, fmt.Sprintf("%s %s does not exist", lastSegment(r.Collection), id))
		return nil, false
	}
	var obj map[string]any
	if json.Unmarshal(doc, &obj) != nil {
		x.fail(http.StatusServiceUnavailable, "the double's store holds an unreadable object")
		return nil, false
	}
	return obj, true
}

func (s *Server) show(ctx context.Context, x *exchange, r *Resource, scope string) {
	if obj, ok := s.load(ctx, x, r, scope); ok {
		s.answerObject(x, r, obj)
	}
}

func (s *Server) update(ctx context.Context, x *exchange, r *Resource, scope string) {
	obj, ok := s.load(ctx, x, r, scope)
	if !ok {
		return
	}
	in, ok := decodeObject(x.body, r.Wrapper)
	if !ok {
		x.fail(http.StatusBadRequest, "the request body is not a JSON object")
		return
	}
	id, created := obj[r.IDField], map[string]any{}
	for f, v := range obj {
		if createdWords.MatchString(f) {
			created[f] = v
		}
	}
	for k, v := range in {
		obj[k] = v
	}
	for f, v := range created {
		obj[f] = v // update keeps the creation time
	}
	obj[r.IDField] = id
	s.kits[r].stamp(r.Object, obj, s.opts.Now(), false)
	doc, _ := json.Marshal(obj)
	if err := s.opts.Store.Update(ctx, r.Kind, scope, x.params[r.IDParam], doc); err != nil {
		if errors.Is(err, ErrNotFound) {
			x.fail(http.StatusNotFound, fmt.Sprintf("%s %s does not exist", lastSegment(r.Collection), x.params[r.IDParam]))
			return
		}
		s.storeFailed(x, err)
		return
	}
	s.answerObject(x, r, obj)
}

func (s *Server) delete(ctx context.Context, x *exchange, r *Resource, scope string) {
	id := x.params[r.IDParam]
	if err := s.opts.Store.Delete(ctx, r.Kind, scope, id); err != nil {
		if errors.Is(err, ErrNotFound) {
			x.fail(http.StatusNotFound, fmt.Sprintf("%s %s does not exist", lastSegment(r.Collection), id))
			return
		}
		s.storeFailed(x, err)
		return
	}
	x.w.WriteHeader(x.op.Status)
}

// answerObject writes obj on the operation's documented success schema,
// wrapped as that schema wraps it.
func (s *Server) answerObject(x *exchange, r *Resource, obj map[string]any) {
	schema := successSchema(x.op.Operation)
	if schema == nil {
		x.w.WriteHeader(x.op.Status)
		return
	}
	if p := schema.Properties[r.Wrapper]; r.Wrapper != "" && p != nil {
		env := map[string]any{r.Wrapper: project(p.Value, obj)}
		fill(schema, env) // e.g. a generated request_id
		writeJSON(x.w, x.op.Status, project(schema, env))
		return
	}
	writeJSON(x.w, x.op.Status, project(schema, obj))
}

// answerExample writes the documented success example (or an empty object
// when the page shows none).
func (s *Server) answerExample(x *exchange) {
	o := x.op
	r := o.Operation.Responses.Value(fmt.Sprint(o.Status))
	if r == nil || r.Value == nil || r.Value.Content == nil || len(r.Value.Content) == 0 {
		x.w.WriteHeader(o.Status)
		return
	}
	mt := r.Value.Content.Get("application/json")
	if mt == nil {
		x.fail(http.StatusNotImplemented, fmt.Sprintf("%s answers only media types the double cannot build", o.Operation.OperationID))
		return
	}
	if ex := firstExample(mt); ex != nil {
		writeJSON(x.w, o.Status, ex)
		return
	}
	writeJSON(x.w, o.Status, map[string]any{})
}

func firstExample(mt *openapi3.MediaType) any {
	if mt.Example != nil {
		return mt.Example
	}
	keys := sortedKeys(mt.Examples)
	for _, k := range keys {
		if ex := mt.Examples[k]; ex != nil && ex.Value != nil {
			if _, broken := ex.Value.Extensions[conventions.KeyContradiction]; !broken {
				return ex.Value.Value
			}
		}
	}
	for _, k := range keys {
		if ex := mt.Examples[k]; ex != nil && ex.Value != nil {
			return ex.Value.Value
		}
	}
	return nil
}

func requestSchema(op *openapi3.Operation) *openapi3.Schema {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

func unwrapSchema(s *openapi3.Schema, wrapper string) *openapi3.Schema {
	if p := s.Properties[wrapper]; wrapper != "" && p != nil && p.Value != nil {
		return p.Value
	}
	return s
}

// decodeObject reads a JSON object body, unwrapping {"<wrapper>": {...}}.
// An empty body is an empty object.
func decodeObject(body []byte, wrapper string) (map[string]any, bool) {
	if len(bytes.TrimSpace(body)) == 0 {
		return map[string]any{}, true
	}
	var m map[string]any
	if json.Unmarshal(body, &m) != nil || m == nil {
		return nil, false
	}
	if inner, ok := m[wrapper].(map[string]any); wrapper != "" && ok {
		return inner, true
	}
	return m, true
}

type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func newRequestID() string { return randomString("0123456789abcdef", 32) }
