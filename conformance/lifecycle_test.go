package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/conventions"
	"github.com/docspec/docspec/gen"
	"github.com/docspec/docspec/serve"
)

// TestLifecycle serves every spec of the registry with `docspec serve` and,
// for every resource serve infers in it, drives through the generated client
// create → show → list → update → show → delete → show → list: each answer
// with the documented status, validated against the spec; show returns what
// create stored; the list holds the item; update keeps the id and the
// creation time and show then returns what update sent; after delete, show
// answers the documented 404 and the list no longer holds the item. A
// resource gets the steps its spec has operations for (a spec without a
// show operation checks no show). New specs are covered as they are
// registered: nothing here names a spec, a resource or an operation. A
// failure about a field whose schema the pages themselves give differently
// (the step's answer against the create's request or answer: type or
// bounds) is logged with both places instead (see disagree).
func TestLifecycle(t *testing.T) {
	if len(apis) == 0 {
		t.Fatal("no generated packages registered; run: go test ./conformance -run TestRegistry -update")
	}
	resources := 0
	for i := range apis {
		a := &apis[i]
		t.Run(a.pkg, func(t *testing.T) {
			resources += lifecycles(t, a)
		})
	}
	if resources == 0 && !t.Failed() {
		t.Error("serve infers no resource in any registered spec: the lifecycle checks nothing")
	}
}

// lifecycles runs the lifecycle of every resource of one spec; it returns
// how many resources it drove.
func lifecycles(t *testing.T, a *api) int {
	doc := loadDoc(t, a)
	name := strings.TrimSuffix(filepath.Base(a.spec), filepath.Ext(a.spec))
	sp, err := serve.Load(name, filepath.Join(root, a.spec))
	if err != nil {
		t.Fatal(err)
	}
	store, err := serve.Open(context.Background(), filepath.Join(t.TempDir(), "serve.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	// A clock a minute ahead at each reading: an update that stamps the
	// creation time again shows.
	var ticks atomic.Int64
	now := func() time.Time {
		return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(ticks.Add(1)) * time.Minute)
	}
	srv, err := serve.New([]*serve.Spec{sp}, serve.Options{Store: store, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	ctxs := map[string]*opCtx{}
	for _, o := range gen.Operations(doc) {
		ctxs[o.Op.OperationID] = newOpCtx(a, doc, o)
	}
	ex := &exchange{doc: doc}
	ts := httptest.NewServer(ex.wrap(srv))
	defer ts.Close()
	client, err := a.newClient(ts.URL, func(r *http.Request) {
		for k, v := range ex.extra {
			r.Header.Set(k, v)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range inferred(sp) {
		first := r.ops[serve.Create]
		if first == nil {
			first = r.ops[serve.Bind]
		}
		if first == nil {
			continue // a resource is read from a create or a binding
		}
		t.Run(first.Operation.OperationID, func(t *testing.T) {
			lc := &lifecycle{t: t, a: a, client: client, ex: ex, ctxs: ctxs, res: r.res}
			if r.res.Binding != nil {
				lc.bindings(r.ops, r.lists)
			} else {
				lc.run(r.ops)
			}
			t.Logf("steps: %s", strings.Join(lc.steps, ", "))
		})
		n++
	}
	return n
}

type inferredResource struct {
	res   *serve.Resource
	ops   map[serve.Behaviour]*serve.Op // the first operation of each behaviour
	lists []*serve.Op                   // every list (a binding's records have several)
	first string                        // the path of its first operation, to order by
}

// inferred lists the resources serve infers, in path order.
func inferred(sp *serve.Spec) []inferredResource {
	var out []inferredResource
	at := map[*serve.Resource]int{}
	for _, o := range sp.Ops {
		if o.Resource == nil {
			continue
		}
		i, ok := at[o.Resource]
		if !ok {
			i = len(out)
			at[o.Resource] = i
			out = append(out, inferredResource{res: o.Resource, ops: map[serve.Behaviour]*serve.Op{}, first: o.Resource.Collection})
		}
		if out[i].ops[o.Behaviour] == nil {
			out[i].ops[o.Behaviour] = o
		}
		if o.Behaviour == serve.List {
			out[i].lists = append(out[i].lists, o)
		}
	}
	slices.SortStableFunc(out, func(x, y inferredResource) int { return strings.Compare(x.first, y.first) })
	return out
}

// lifecycle is one resource's run.
type lifecycle struct {
	t       *testing.T
	a       *api
	client  any
	ex      *exchange
	ctxs    map[string]*opCtx
	res     *serve.Resource
	scope   []any          // the collection's path parameter values, in path order
	id      string         // the created item's id
	created map[string]any // the item as create answered it
	create  *serve.Op      // the resource's create, where kept values come from
	steps   []string       // the steps run
}

// answer is what one call got.
type answer struct {
	status int
	body   []byte
	json   any
}

// creationField: the words a field's name uses for the time an item was created.
var creationField = regexp.MustCompile(`(?i)creat`)

func (lc *lifecycle) run(ops map[serve.Behaviour]*serve.Op) {
	create := ops[serve.Create]
	lc.create = create
	created, ok := lc.step(create, "create", nil, true)
	if !ok {
		return
	}
	obj, _ := lc.object(created).(map[string]any)
	id, _ := obj[lc.res.IDField].(string)
	if id == "" {
		lc.failf(create, "create", "the answer holds no id in %s: %s", lc.idPath(), created.body)
		return
	}
	lc.id, lc.created = id, obj
	if o := ops[serve.Show]; o != nil {
		if shown, ok := lc.step(o, "show", nil, true); ok {
			lc.same(o, "show", "what create answered", obj, lc.object(shown))
		}
	}
	if o := ops[serve.List]; o != nil {
		if listed, ok := lc.step(o, "list", nil, true); ok && !lc.holds(listed.json) {
			lc.failf(o, "list", "the created item %s is not in the list: %s", id, listed.body)
		}
	}
	if o := ops[serve.Update]; o != nil {
		var sent map[string]any
		updated, ok := lc.step(o, "update", func(rv *reqVals) { sent, _ = unwrapped(rv.body, lc.res.Wrapper).(map[string]any) }, true)
		if ok {
			if got, ok := lc.object(updated).(map[string]any); ok && len(got) > 0 {
				lc.kept(o, "update", obj, got)
			}
			if s := ops[serve.Show]; s != nil {
				if shown, ok := lc.step(s, "show after update", nil, true); ok {
					got, _ := lc.object(shown).(map[string]any)
					lc.kept(s, "show after update", obj, got)
					lc.same(s, "show after update", "what update sent", sent, got)
				}
			}
		}
	}
	o := ops[serve.Delete]
	if o == nil {
		return
	}
	if _, ok := lc.step(o, "delete", nil, true); !ok {
		return
	}
	if s := ops[serve.Show]; s != nil {
		lc.gone(s, "show after delete")
	}
	if l := ops[serve.List]; l != nil {
		if listed, ok := lc.step(l, "list after delete", nil, true); ok && lc.holds(listed.json) {
			lc.failf(l, "list after delete", "the deleted item %s is still listed: %s", id, listed.body)
		}
	}
}

// bindings drives a binding-style resource: bind (the page's example or a
// synthesised request), then every list of the records (one whose required
// query parameters all name record fields must hold the first record),
// delete of every record, the lists again (no longer holding it), and a
// second delete answering the documented 404.
func (lc *lifecycle) bindings(ops map[serve.Behaviour]*serve.Op, lists []*serve.Op) {
	bind := ops[serve.Bind]
	b := lc.res.Binding
	var sent map[string]any
	ans, ok := lc.step(bind, "bind", func(rv *reqVals) { sent, _ = rv.body.(map[string]any) }, true)
	if !ok {
		return
	}
	env, _ := ans.json.(map[string]any)
	recs, _ := env[b.Records].([]any)
	want := 1
	for f := range b.Each {
		ids, _ := sent[f].([]any)
		want *= len(ids)
	}
	if len(recs) != want {
		lc.failf(bind, "bind", "%d records in %s, want %d (one per id sent); body %s", len(recs), b.Records, want, ans.body)
		return
	}
	seen := map[string]bool{}
	var records []map[string]any
	for _, r := range recs {
		rec, _ := r.(map[string]any)
		id, _ := rec[lc.res.IDField].(string)
		if id == "" || seen[id] {
			lc.failf(bind, "bind", "record without an id of its own: %s", mustJSON(rec))
			return
		}
		seen[id] = true
		for _, f := range b.Scalars {
			if rec[f] != nil && !reflect.DeepEqual(rec[f], jsonClean(sent[f])) {
				lc.failf(bind, "bind", "record %s: %s = %v, want the request's %v", id, f, rec[f], sent[f])
			}
		}
		for f, to := range b.Each {
			if ids, _ := sent[f].([]any); !slices.ContainsFunc(ids, func(v any) bool { return reflect.DeepEqual(jsonClean(v), rec[to]) }) {
				lc.failf(bind, "bind", "record %s: %s = %v, not one of the request's %s %v", id, to, rec[to], f, ids)
			}
		}
		records = append(records, rec)
	}
	if len(records) == 0 {
		return
	}
	lc.created = records[0]
	lc.id, _ = records[0][lc.res.IDField].(string)
	listed := func(step string, present bool) {
		for _, l := range lists {
			ans, ok := lc.step(l, step, nil, true)
			if !ok || !lc.asksFor(l) {
				continue
			}
			if lc.holds(ans.json) != present {
				lc.failf(l, step, "record %s listed: %v, want %v; body %s", lc.id, !present, present, ans.body)
			}
		}
	}
	listed("list", true)
	del := ops[serve.Delete]
	if del == nil {
		return
	}
	for _, rec := range records {
		lc.id, _ = rec[lc.res.IDField].(string)
		if _, ok := lc.step(del, "delete", nil, true); !ok {
			return
		}
	}
	lc.id, _ = records[0][lc.res.IDField].(string)
	listed("list after delete", false)
	lc.gone(del, "delete again")
}

// asksFor: every required query parameter of the list names a field of the
// record, so the list is asked for the record's own values.
func (lc *lifecycle) asksFor(o *serve.Op) bool {
	for _, p := range lc.ctxs[o.Operation.OperationID].params {
		if p.In == "query" && p.Required && lc.created[p.Name] == nil {
			return false
		}
	}
	return true
}

// step calls the operation with a valid request (the page's example or one
// synthesised from the schema) on the lifecycle's scope and id, and checks
// the documented success status and that the exchange validates against the
// spec. edit sees the request values before the call.
func (lc *lifecycle) step(o *serve.Op, step string, edit func(*reqVals), success bool) (answer, bool) {
	lc.t.Helper()
	oc := lc.ctxs[o.Operation.OperationID]
	if oc == nil {
		lc.failf(o, step, "the generated package has no operation %s", o.Operation.OperationID)
		return answer{}, false
	}
	lc.steps = append(lc.steps, step)
	rv := baseline(oc, true)
	names := paramNames(o.Path)
	if lc.scope == nil {
		for _, n := range names[:len(lc.res.Scope)] {
			lc.scope = append(lc.scope, rv.path[n])
		}
	}
	for i, n := range names {
		switch {
		case i < len(lc.scope):
			rv.path[n] = lc.scope[i]
		case i == len(names)-1 && lc.id != "":
			rv.path[n] = lc.id
		}
	}
	// Optional query parameters filter and page: a list must show the item.
	// A required one that names a field of the item asks for the item's value.
	for _, p := range oc.params {
		switch {
		case p.In != "query":
		case !p.Required:
			delete(rv.query, p.Name)
		case lc.created[p.Name] != nil:
			rv.query[p.Name] = lc.created[p.Name]
		}
	}
	if edit != nil {
		edit(&rv)
	}
	m, args, extra, err := clientCall(oc, lc.client, rv)
	if err != nil {
		lc.failf(o, step, "%v", err)
		return answer{}, false
	}
	lc.ex.op, lc.ex.extra, lc.ex.errs = oc, extra, nil
	out := m.Call(args)
	lc.ex.extra = nil
	if err, _ := out[1].Interface().(error); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) && lc.disagree(o, step, ute.Field, err.Error()) {
			return answer{}, false
		}
		lc.failf(o, step, "client call: %v", err)
		return answer{}, false
	}
	resp := out[0].Elem()
	hr, _ := resp.FieldByName("HTTPResponse").Interface().(*http.Response)
	ans := answer{body: resp.FieldByName("Body").Bytes()}
	if hr != nil {
		ans.status = hr.StatusCode
	}
	if len(ans.body) > 0 {
		_ = json.Unmarshal(ans.body, &ans.json)
	}
	if !success {
		return ans, true
	}
	if oc.success == "" {
		// The page documents no success answer: any 2xx, nothing to validate it against.
		if ans.status < 200 || ans.status > 299 {
			lc.failf(o, step, "got %d, want a 2xx (the page documents none); body %s", ans.status, ans.body)
			return ans, false
		}
		return ans, true
	}
	if fmt.Sprint(ans.status) != oc.success {
		lc.failf(o, step, "got %d, want the documented %s; body %s", ans.status, oc.success, ans.body)
		return ans, false
	}
	if jf := resp.FieldByName("JSON" + oc.success); jf.IsValid() && jf.Kind() == reflect.Pointer && jf.IsNil() && len(ans.body) > 0 {
		lc.failf(o, step, "the typed response JSON%s is not decoded from %s", oc.success, ans.body)
	}
	for _, e := range lc.ex.errs {
		if m := errorAt.FindStringSubmatch(e); m != nil && lc.disagree(o, step, m[1], e) {
			continue
		}
		lc.failf(o, step, "the exchange does not validate against the spec: %s", e)
	}
	return ans, len(lc.ex.errs) == 0
}

// errorAt finds the field a kin-openapi schema error is about.
var errorAt = regexp.MustCompile(`Error at "(/[^"]*)"`)

// disagree reports, and logs, that the failure about field (a dotted or
// slashed path) comes from the pages themselves: the field's schema in the
// step's success answer differs (type, bounds, pattern, enumeration) from
// the schema of the same field in the create's request or answer, where
// the value the double keeps came from (VPN "Querying Details About a VPN
// Endpoint Group" types description Object, "Creating" one String; ECS
// "Creating a Security Group Rule" bounds from_port 0–255 in the request
// and 1–65535 in the answer). Derived from the spec, never from a list;
// any other failure stays one.
func (lc *lifecycle) disagree(o *serve.Op, step, field, detail string) bool {
	lc.t.Helper()
	parts := strings.FieldsFunc(field, func(r rune) bool { return r == '.' || r == '/' })
	if len(parts) == 0 || lc.create == nil {
		return false
	}
	name := parts[len(parts)-1]
	here := findProperty(successOf(o.Operation), name)
	if here == nil {
		return false
	}
	var bodies []*openapi3.SchemaRef
	if rb := lc.create.Operation.RequestBody; rb != nil && rb.Value != nil {
		if mt := rb.Value.Content.Get("application/json"); mt != nil {
			bodies = append(bodies, mt.Schema)
		}
	}
	bodies = append(bodies, successOf(lc.create.Operation))
	for _, b := range bodies {
		there := findProperty(b, name)
		if there == nil || there.Value == nil || here.Value == nil || sameShape(here.Value, there.Value) {
			continue
		}
		lc.t.Logf("%s: %s %s: the pages disagree on %s: %s here (%v) vs %s at create (%v); not a failure of the double: %s",
			step, o.Operation.OperationID, o.Path, name, fieldShape(here.Value), conventions.SourceOf(here.Value.Extensions),
			fieldShape(there.Value), conventions.SourceOf(there.Value.Extensions), detail)
		return true
	}
	return false
}

func successOf(op *openapi3.Operation) *openapi3.SchemaRef {
	for _, code := range slices.Sorted(maps.Keys(op.Responses.Map())) {
		r := op.Responses.Value(code)
		if strings.HasPrefix(code, "2") && r != nil && r.Value != nil {
			if mt := r.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
				return mt.Schema
			}
		}
	}
	return nil
}

// findProperty is the nearest property named name under ref, breadth first.
func findProperty(ref *openapi3.SchemaRef, name string) *openapi3.SchemaRef {
	queue := []*openapi3.SchemaRef{ref}
	for depth := 0; len(queue) > 0 && depth < 8; depth++ {
		var next []*openapi3.SchemaRef
		for _, r := range queue {
			if r == nil || r.Value == nil {
				continue
			}
			if p := r.Value.Properties[name]; p != nil {
				return p
			}
			for _, k := range slices.Sorted(maps.Keys(r.Value.Properties)) {
				next = append(next, r.Value.Properties[k])
			}
			if r.Value.Items != nil {
				next = append(next, r.Value.Items)
			}
		}
		queue = next
	}
	return nil
}

// fieldShape is what sameShape compares, for the log.
func fieldShape(s *openapi3.Schema) string {
	t := ""
	if s.Type != nil {
		t = strings.Join(s.Type.Slice(), "|")
	}
	return fmt.Sprintf("type %q min %v max %v minLength %d maxLength %v pattern %q enum %v", t, ptrVal(s.Min), ptrVal(s.Max), s.MinLength, ptrVal(s.MaxLength), s.Pattern, s.Enum)
}

func ptrVal[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func sameShape(a, b *openapi3.Schema) bool { return fieldShape(a) == fieldShape(b) }

// gone checks that an operation on the deleted item answers the documented 404.
func (lc *lifecycle) gone(o *serve.Op, step string) {
	oc := lc.ctxs[o.Operation.OperationID]
	ans, ok := lc.step(o, step, nil, false)
	if !ok {
		return
	}
	if ans.status != http.StatusNotFound {
		lc.failf(o, step, "got %d, want 404; body %s", ans.status, ans.body)
		return
	}
	// The code: the operation's own 404 codes, else any the spec documents
	// for 404 (another page, the error-code catalogue).
	codes := documentedCodes(oc.ref, "404", oc.codeF)
	if len(codes) == 0 {
		codes = specCodes(oc.doc, "404", oc.codeF)
	}
	body, _ := ans.json.(map[string]any)
	code, _ := body[oc.codeF].(string)
	if len(codes) > 0 && !contains(codes, code) {
		lc.failf(o, step, "error code %q (field %s) is not a documented 404 code %v; body %s", code, oc.codeF, codes, ans.body)
	}
	if oc.ref.Op.Responses.Value("404") != nil {
		for _, e := range lc.ex.errs {
			lc.failf(o, step, "the exchange does not validate against the spec: %s", e)
		}
	}
}

// object is the resource object in an answer: unwrapped from the one
// property that wraps it, when the resource has one.
func (lc *lifecycle) object(a answer) any { return unwrapped(a.json, lc.res.Wrapper) }

func unwrapped(v any, wrapper string) any {
	if m, ok := v.(map[string]any); ok && wrapper != "" {
		if inner, ok := m[wrapper]; ok {
			return inner
		}
	}
	return v
}

func (lc *lifecycle) idPath() string {
	if lc.res.Wrapper != "" {
		return lc.res.Wrapper + "." + lc.res.IDField
	}
	return lc.res.IDField
}

// same checks that every field of want that got holds has want's value.
func (lc *lifecycle) same(o *serve.Op, step, what string, want map[string]any, gotV any) {
	got, ok := gotV.(map[string]any)
	if !ok {
		lc.failf(o, step, "the answer is no object: %v", gotV)
		return
	}
	if id := got[lc.res.IDField]; id != nil && id != lc.id {
		lc.failf(o, step, "%s = %v, want %s", lc.res.IDField, id, lc.id)
	}
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[k]; ok && !reflect.DeepEqual(g, jsonClean(want[k])) {
			lc.failf(o, step, "%s = %s, want %s (%s)", k, mustJSON(g), mustJSON(want[k]), what)
		}
	}
}

// kept checks that an answer after update keeps the id and the creation time.
func (lc *lifecycle) kept(o *serve.Op, step string, created, got map[string]any) {
	if got[lc.res.IDField] != lc.id {
		lc.failf(o, step, "%s = %v, want the created %s", lc.res.IDField, got[lc.res.IDField], lc.id)
	}
	for _, k := range slices.Sorted(maps.Keys(created)) {
		if creationField.MatchString(k) && got[k] != nil && !reflect.DeepEqual(got[k], created[k]) {
			lc.failf(o, step, "%s = %v, want the creation's %v", k, got[k], created[k])
		}
	}
}

// holds reports whether a list answer holds the item: an array, anywhere in
// the envelope, with an object whose id field is the item's.
func (lc *lifecycle) holds(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		if x[lc.res.IDField] == lc.id {
			return true
		}
		for _, e := range x {
			if lc.holds(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if lc.holds(e) {
				return true
			}
		}
	}
	return false
}

func (lc *lifecycle) failf(o *serve.Op, step, format string, args ...any) {
	lc.t.Helper()
	page := conventions.SourceOf(o.Operation.Extensions).File
	lc.t.Errorf("%s: %s %s %s (%s): %s", step, o.Operation.OperationID, o.Method, o.Path, page, fmt.Sprintf(format, args...))
}

func paramNames(path string) []string {
	var out []string
	for _, m := range paramRE.FindAllStringSubmatch(path, -1) {
		out = append(out, m[1])
	}
	return out
}
