package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/apiruntime"
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
	specs []*Spec
	apis  []*apiruntime.API // one per spec: routing, checks and error answers, as the generated servers
	ops   map[string]*Op    // by method and path template
	opts  Options
	kits  map[*Resource]*objectKit
	errs  map[*Op]*errorShape
	// fallback writes errors before an operation is known (the first spec's shape).
	fallback *errorShape
	// Shadowed are operations not served because an earlier spec holds their method and path.
	Shadowed []*Op
}

// New builds a server for specs (already inferred).
func New(specs []*Spec, opts Options) (*Server, error) {
	if opts.Store == nil {
		return nil, errors.New("serve: no store")
	}
	if len(specs) == 0 {
		return nil, errors.New("serve: no spec")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{specs: specs, ops: map[string]*Op{}, opts: opts, kits: map[*Resource]*objectKit{}, errs: map[*Op]*errorShape{}}
	s.fallback = shapeOf(specs[0].Doc, "", nil)
	for _, sp := range specs {
		api, err := apiruntime.FromSpec(sp.Doc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sp.Name, err)
		}
		api.MaxBodyBytes = MaxBody
		s.apis = append(s.apis, api)
		for _, o := range sp.Ops {
			key := o.Method + " " + o.Path
			if s.ops[key] != nil {
				s.Shadowed = append(s.Shadowed, o)
				continue
			}
			s.ops[key] = o
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

// exampleID is an id as the pages' examples write one: 32 hex digits or a UUID.
var exampleID = regexp.MustCompile(`\b[0-9a-f]{32}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`)

// notFound answers the documented 404: the example's message with the
// example's id replaced by the one asked for ("Signature key 0b0e… does not
// exist"), else "<collection> <id> does not exist".
func (x *exchange) notFound(collection, id string) {
	msg := fmt.Sprintf("%s %s does not exist", lastSegment(collection), id)
	if r := x.op.Operation.Responses.Value("404"); r != nil && r.Value != nil {
		if mt := r.Value.Content.Get("application/json"); mt != nil {
			if ex, ok := firstExample(mt).(map[string]any); ok {
				if m, ok := ex[x.shape.shape.Message].(string); ok && exampleID.MatchString(m) {
					msg = exampleID.ReplaceAllLiteralString(m, id)
				}
			}
		}
	}
	x.fail(http.StatusNotFound, msg)
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
	x := &exchange{w: rec, r: r, shape: s.fallback, id: newRequestID()}
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

// find routes a request through the specs' runtimes, first spec first; a
// request no spec routes gets the first spec's answer (404, 405).
func (s *Server) find(r *http.Request) (*Op, apiruntime.Match, *apiruntime.API, *apiruntime.Error) {
	var first *apiruntime.Error
	for _, api := range s.apis {
		m, err := api.Find(r, "")
		if err == nil {
			return s.ops[m.Operation.Method+" "+m.Operation.Path], m, api, nil
		}
		if first == nil {
			first = err
		}
	}
	return nil, apiruntime.Match{}, nil, first
}

func (s *Server) serve(x *exchange) {
	op, m, api, rerr := s.find(x.r)
	if rerr != nil {
		rerr.Write(x.w)
		return
	}
	if op == nil { // routed by a spec whose operation an earlier spec shadows
		apiruntime.NewError(api.Spec().Shape, api.Spec().NotFound, "", "", nil).Write(x.w)
		return
	}
	x.op, x.params, x.shape = op, m.PathParams, s.errs[op]
	if x.params == nil {
		x.params = map[string]string{}
	}
	// The body is read here, under the runtime's limit, because a signature
	// covers it; the runtime then reads the same bytes.
	body, err := io.ReadAll(http.MaxBytesReader(x.w, x.r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			apiruntime.NewError(m.Operation.Shape, api.Spec().TooLarge, m.Operation.ID, "body", err).Write(x.w)
			return
		}
		apiruntime.NewError(m.Operation.Shape, m.Operation.BadRequest, m.Operation.ID, "body", err).Write(x.w)
		return
	}
	x.body = body
	if len(m.Operation.Auth) > 0 {
		if err := s.opts.Credentials.authenticate(x.r, body, s.opts.Now()); err != nil {
			ans := m.Operation.Unauthorized
			apiruntime.NewError(m.Operation.Shape, conventions.Answer{Status: ans.Status, Code: ans.Code, Message: err.Error()}, m.Operation.ID, "", err).Write(x.w)
			return
		}
	}
	s.coerceQuery(x)
	x.r.Body = io.NopCloser(bytes.NewReader(body))
	if _, cerr := api.Check(x.w, x.r, m); cerr != nil {
		cerr.Write(x.w)
		return
	}
	s.dispatch(x)
}

// coerceQuery applies the coercions a page documents for its query
// parameters ("values less than or equal to 0 are converted to 20") before
// the runtime checks their bounds: the API answers them, it does not refuse.
func (s *Server) coerceQuery(x *exchange) {
	if x.r.URL.RawQuery == "" {
		return
	}
	q := x.r.URL.Query()
	changed := false
	for _, pr := range x.op.Operation.Parameters {
		p := pr.Value
		if p == nil || p.In != "query" || len(q[p.Name]) != 1 {
			continue
		}
		if c, ok := coerce(p.Description, q.Get(p.Name)); ok {
			q.Set(p.Name, c)
			changed = true
		}
	}
	if changed {
		x.r.URL.RawQuery = q.Encode()
	}
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
	if p, id := s.parentGone(ctx, r, x.params); p != nil {
		// The operation's 404 example is about its own item, not the parent.
		x.fail(http.StatusNotFound, fmt.Sprintf("%s %s does not exist", lastSegment(p.Collection), id))
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
	case Bind:
		s.bind(ctx, x, r, scope)
	}
}

// bind records what a binding-style POST attaches: one record per id of its
// arrays (per combination of them), each with a new id, the request's
// scalar fields, the binding time, and what the double knows of the things
// it names (a record's sign_name is the signature key's name); then answers
// the documented array of records.
func (s *Server) bind(ctx context.Context, x *exchange, r *Resource, scope string) {
	in, ok := decodeObject(x.body, "")
	if !ok {
		x.fail(http.StatusBadRequest, "the request body is not a JSON object")
		return
	}
	b, kit, now := r.Binding, s.kits[r], s.opts.Now()
	recs := []map[string]any{{}}
	for _, f := range sortedKeys(b.Each) {
		ids, _ := in[f].([]any)
		next := make([]map[string]any, 0, len(recs)*len(ids))
		for _, rec := range recs {
			for _, id := range ids {
				m := maps.Clone(rec)
				m[b.Each[f]] = id
				next = append(next, m)
			}
		}
		recs = next
	}
	for _, rec := range recs {
		for _, f := range b.Scalars {
			if v, ok := in[f]; ok {
				rec[f] = v
			}
		}
		rec[r.IDField] = kit.newID()
		s.join(ctx, x, r, rec)
		kit.stampAll(r.Object, rec, now)
		fill(r.Object, rec)
	}
	// Written concurrently, the records share one group commit.
	errs := make([]error, len(recs))
	var wg sync.WaitGroup
	for i, rec := range recs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			doc := kit.store(rec)
			errs[i] = s.opts.Store.Create(ctx, r.Kind, scope, rec[r.IDField].(string), doc)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		s.storeFailed(x, err)
		return
	}
	items := make([]any, len(recs))
	for i, rec := range recs {
		items[i] = rec
	}
	schema := successSchema(x.op.Operation)
	env := map[string]any{b.Records: items}
	fill(schema, env)
	writeJSON(x.w, x.op.Status, project(schema, env))
}

// join copies into a record what the double holds of the things its id
// fields name: for "sign_id", the signature key created through the double
// (the resource whose item parameter is sign_id) gives "sign_name" its
// "name" and "sign_key" its "sign_key". Things never created through the
// double are left as they are.
func (s *Server) join(ctx context.Context, x *exchange, r *Resource, rec map[string]any) {
	for _, f := range sortedKeys(rec) {
		id, ok := rec[f].(string)
		ref := x.op.Spec.ByIDParam[f]
		if !ok || ref == nil || !strings.HasSuffix(f, "_id") {
			continue
		}
		doc, state, err := s.opts.Store.Get(ctx, ref.Kind, scopeOf(ref, x.params), id)
		var obj map[string]any
		if err != nil || state != Live || json.Unmarshal(doc, &obj) != nil {
			continue
		}
		prefix := strings.TrimSuffix(f, "id")
		for g := range r.Object.Properties {
			if _, set := rec[g]; set || !strings.HasPrefix(g, prefix) {
				continue
			}
			if v, ok := obj[g]; ok {
				rec[g] = v
			} else if v, ok := obj[strings.TrimPrefix(g, prefix)]; ok {
				rec[g] = v
			}
		}
	}
}

func scopeOf(r *Resource, params map[string]string) string {
	vals := make([]string, len(r.Scope))
	for i, p := range r.Scope {
		vals[i] = params[p]
	}
	return strings.Join(vals, "/")
}

// parentGone finds the deleted parent item a request is under (a 404). A
// parent never created through the double (a project, a gateway) is accepted.
func (s *Server) parentGone(ctx context.Context, r *Resource, params map[string]string) (*Resource, string) {
	for p := r.Parent; p != nil; p = p.Parent {
		_, state, err := s.opts.Store.Get(ctx, p.Kind, scopeOf(p, params), params[p.IDParam])
		if err == nil && state == Deleted {
			return p, params[p.IDParam]
		}
	}
	return nil, ""
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
	// What the create's answer requires and nothing above gave: stored, so
	// that show answers the same.
	complete(r.Object, obj, unwrapped(successExample(x.op.Operation, x.op.Status), r.Wrapper))
	doc := kit.store(obj)
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
		x.notFound(r.Collection, id)
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
	doc := s.kits[r].store(obj)
	if err := s.opts.Store.Update(ctx, r.Kind, scope, x.params[r.IDParam], doc); err != nil {
		if errors.Is(err, ErrNotFound) {
			x.notFound(r.Collection, x.params[r.IDParam])
			return
		}
		s.storeFailed(x, err)
		return
	}
	s.answerObject(x, r, obj)
}

func (s *Server) delete(ctx context.Context, x *exchange, r *Resource, scope string) {
	id := x.params[r.IDParam]
	// A delete whose success documents a body answers the item deleted
	// (DNS: the record set); else the bare status.
	var obj map[string]any
	if successSchema(x.op.Operation) != nil {
		var ok bool
		if obj, ok = s.load(ctx, x, r, scope); !ok {
			return
		}
	}
	if err := s.opts.Store.Delete(ctx, r.Kind, scope, id); err != nil {
		if errors.Is(err, ErrNotFound) {
			x.notFound(r.Collection, id)
			return
		}
		s.storeFailed(x, err)
		return
	}
	if obj != nil {
		s.answerObject(x, r, obj)
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
	ex := successExample(x.op.Operation, x.op.Status)
	if p := schema.Properties[r.Wrapper]; r.Wrapper != "" && p != nil {
		env := map[string]any{r.Wrapper: project(p.Value, obj)}
		fill(schema, env) // e.g. a generated request_id
		out := project(schema, env).(map[string]any)
		complete(schema, out, ex)
		writeJSON(x.w, x.op.Status, out)
		return
	}
	out, _ := project(schema, obj).(map[string]any)
	complete(schema, out, ex)
	writeJSON(x.w, x.op.Status, out)
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

// successExample is the first example of the operation's success answer.
func successExample(op *openapi3.Operation, status int) any {
	if r := op.Responses.Value(fmt.Sprint(status)); r != nil && r.Value != nil {
		if mt := r.Value.Content.Get("application/json"); mt != nil {
			return firstExample(mt)
		}
	}
	return nil
}

// unwrapped is v's wrapper property, when it has one.
func unwrapped(v any, wrapper string) any {
	if m, ok := v.(map[string]any); ok && wrapper != "" {
		if inner, ok := m[wrapper]; ok {
			return inner
		}
	}
	return v
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
	// Only examples that contradict their page: still what the page shows.
	ev := conventions.EvidenceOf(mt.Extensions)
	for _, k := range sortedKeys(ev) {
		return ev[k].Value
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
