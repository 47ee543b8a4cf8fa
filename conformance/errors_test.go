package conformance

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/docspec/docspec/apiruntime"
	"github.com/docspec/docspec/conventions"
	"github.com/docspec/docspec/gen"
)

// shapeOf is the error body the operation's answers must have.
func shapeOf(oc *opCtx) conventions.ErrorShape {
	return conventions.ShapeOf(oc.doc, oc.ref.Path, oc.ref.Op)
}

// The answers a generated server gives outside an operation's handler
// (#11.7, #11.5): each in the provider's documented error body, as JSON,
// never text/plain and never 500. Every case runs on every spec's package.

// server is one spec's generated handler over fakes that answer the
// documented success, with its operations' test contexts.
type server struct {
	a    *api
	h    http.Handler
	ops  []*opCtx
	spec apiruntime.Spec
}

func servers(t *testing.T) []server {
	t.Helper()
	var out []server
	for i := range apis {
		a := &apis[i]
		doc := loadDoc(t, a)
		ctxs := map[string]*opCtx{}
		var ops []*opCtx
		for _, o := range gen.Operations(doc) {
			oc := newOpCtx(a, doc, o)
			ctxs[oc.id] = oc
			ops = append(ops, oc)
		}
		spec, err := apiruntime.Describe(doc)
		if err != nil {
			t.Fatalf("%s: %v", a.spec, err)
		}
		out = append(out, server{a: a, h: a.handler(fake(t, a, ctxs)), ops: ops, spec: spec})
	}
	return out
}

// send serves req and returns the status and the JSON error body, failing
// when the answer is not JSON.
func send(t *testing.T, h http.Handler, req *http.Request, what string) (int, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: %d answered with Content-Type %q: %s", what, rec.Code, ct, rec.Body)
		return rec.Code, nil
	}
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Errorf("%s: %d answer is not JSON: %s", what, rec.Code, rec.Body)
	}
	return rec.Code, body
}

// shaped reports whether body is an error body of shape sh with a code.
func shaped(body map[string]any, sh apiruntime.ErrorShape) bool {
	code, _ := body[sh.Code].(string)
	_, hasMsg := body[sh.Message].(string)
	_, hasID := body[sh.RequestID].(string)
	return code != "" && hasMsg && (sh.RequestID == "" || hasID)
}

// ?limit=1&limit=2 reached oapi-codegen's binder, which answered 400 in
// text/plain; now it is the documented 400 naming the parameter.
func TestServerRepeatedSingleValuedQueryParameterIsDocumented400(t *testing.T) {
	n := 0
	for _, s := range servers(t) {
		for _, oc := range s.ops {
			for _, p := range oc.params {
				if p.In != "query" || (p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Type.Is("array")) {
					continue
				}
				req := oc.request(baseline(oc, false))
				q := req.URL.Query()
				q.Add(p.Name, q.Get(p.Name)+"1")
				req.URL.RawQuery = q.Encode()
				rec := httptest.NewRecorder()
				s.h.ServeHTTP(rec, req)
				if oc.checkError(t, rec, http.StatusBadRequest, oc.bad, p.Name, "query "+p.Name+" given twice") {
					n++
				}
			}
		}
	}
	if n < 10 {
		t.Fatalf("only %d repeated query parameters checked", n)
	}
}

// An unknown path was answered by http.NotFound in text/plain.
func TestServerUnknownPathIs404InProviderShape(t *testing.T) {
	for _, s := range servers(t) {
		status, body := send(t, s.h, httptest.NewRequest("GET", "/docspec-undocumented/path", nil), s.a.pkg+": unknown path")
		if status != http.StatusNotFound || !shaped(body, s.spec.Shape) {
			t.Errorf("%s: unknown path: %d %v, want 404 in %+v", s.a.pkg, status, body, s.spec.Shape)
		}
	}
}

// A documented path with another method was answered 405 in text/plain.
func TestServerUndocumentedMethodIs405InProviderShape(t *testing.T) {
	n := 0
	for _, s := range servers(t) {
		for _, oc := range s.ops {
			if oc.action != "" || oc.ref.Item.GetOperation(http.MethodPatch) != nil {
				continue
			}
			req := oc.request(baseline(oc, false))
			req.Method = http.MethodPatch
			status, body := send(t, s.h, req, oc.id+": PATCH")
			if status != http.StatusMethodNotAllowed || !shaped(body, s.spec.Shape) {
				t.Errorf("%s: PATCH %s: %d %v, want 405 in %+v", oc.id, oc.ref.Path, status, body, s.spec.Shape)
				continue
			}
			n++
		}
	}
	if n < 100 {
		t.Fatalf("only %d operations checked", n)
	}
}

// StrictFuncs without a function for an operation failed with 500 in
// text/plain; an unimplemented operation is 501.
func TestServerUnimplementedOperationIs501(t *testing.T) {
	n := 0
	for _, s := range servers(t) {
		h := s.a.handler(s.a.newFuncs())
		for _, oc := range s.ops {
			status, body := send(t, h, oc.request(baseline(oc, false)), oc.id+": not implemented")
			if status != http.StatusNotImplemented || !shaped(body, shapeOf(oc)) {
				t.Errorf("%s: not implemented: %d %v, want 501 in %+v", oc.id, status, body, shapeOf(oc))
				continue
			}
			n++
		}
	}
	if n < 135 {
		t.Fatalf("only %d operations checked", n)
	}
}

// A JSON body followed by more data was accepted (the strict handler's
// decoder stops after the first value).
func TestServerJSONBodyWithTrailingDataIsDocumented400(t *testing.T) {
	n := 0
	for _, s := range servers(t) {
		for _, oc := range s.ops {
			if oc.body == nil {
				continue
			}
			req := oc.request(baseline(oc, false))
			data, _ := io.ReadAll(req.Body)
			req.Body = io.NopCloser(bytes.NewReader(append(data, []byte(`{"x":1}`)...)))
			rec := httptest.NewRecorder()
			s.h.ServeHTTP(rec, req)
			if oc.checkError(t, rec, http.StatusBadRequest, oc.bad, "body", "body with trailing data") {
				n++
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d bodies checked", n)
	}
}

// Bodies were read with no limit (one 100 MB body cost 800 MB).
func TestServerBodyOverLimitIs413InProviderShape(t *testing.T) {
	pad := bytes.Repeat([]byte(" "), apiruntime.DefaultMaxBodyBytes)
	for _, s := range servers(t) {
		for _, oc := range s.ops {
			if oc.body == nil {
				continue
			}
			req := oc.request(baseline(oc, false))
			data, _ := io.ReadAll(req.Body)
			req.Body = io.NopCloser(io.MultiReader(bytes.NewReader(data), bytes.NewReader(pad)))
			status, body := send(t, s.h, req, oc.id+": body over the limit")
			if status != http.StatusRequestEntityTooLarge || !shaped(body, shapeOf(oc)) {
				t.Errorf("%s: body over the limit: %d %v, want 413 in %+v", oc.id, status, body, shapeOf(oc))
			}
			break // one operation per spec: the limit is the runtime's, not the operation's
		}
	}
}
