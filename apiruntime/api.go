package apiruntime

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// DefaultMaxBodyBytes bounds a request body when API.MaxBodyBytes is 0.
const DefaultMaxBodyBytes = 8 << 20

// API routes and checks the requests of one spec. Build it with New (from a
// generated table) or FromSpec (from a loaded document); it is safe for
// concurrent use once built.
type API struct {
	spec Spec
	ops  []*op
	rt   router
	rpc  map[string]int // Action → index in ops
	// MaxBodyBytes bounds the request body read; 0 is DefaultMaxBodyBytes.
	// Set it before the API serves.
	MaxBodyBytes int64

	load    func() (*openapi3.T, error)
	once    sync.Once
	doc     *openapi3.T
	loadErr error
}

// op is an Operation with what the runtime resolves once.
type op struct {
	Operation
	index  int
	params []string // path parameter names, in path order
	rules  []compiledRules
	route  *routers.Route // resolved from the document on first use
	filter *routers.Route // what openapi3filter checks (see resolve)
	body   *openapi3.RequestBodyRef
	// quick checks the application/json body schema quickFor (nil: none
	// or not one quick takes).
	quick    *quick
	quickFor *openapi3.Schema
	single   []single              // parameters that take exactly one value
	present  []*openapi3.Parameter // required unconstrained parameters: must be sent
	// filterPath: the filter checks a path parameter (it needs PathParams)
	filterPath bool
}

// single is a query or header parameter that takes one value.
type single struct{ in, name string }

// New prepares spec for routing and checking. load returns the spec's
// document (for openapi3filter); it is called once, on the first check.
func New(spec Spec, load func() (*openapi3.T, error)) (*API, error) {
	a := &API{spec: spec, load: load, rpc: map[string]int{}}
	for i, o := range spec.Operations {
		p := &op{Operation: o, index: i}
		rules, err := compileRuleSets(o.Rules)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.ID, err)
		}
		p.rules = rules
		if o.Action != "" {
			if _, dup := a.rpc[o.Action]; dup {
				return nil, fmt.Errorf("%s: Action %s documented twice", o.ID, o.Action)
			}
			a.rpc[o.Action] = i
		} else {
			segs, err := splitTemplate(o.Path)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", o.ID, err)
			}
			for _, s := range segs {
				for range s.params() {
					p.params = append(p.params, paramName(o.Path, len(p.params)))
				}
			}
			if err := a.rt.addRoute(o.Path, o.Method, i); err != nil {
				return nil, fmt.Errorf("%s: %w", o.ID, err)
			}
		}
		a.ops = append(a.ops, p)
	}
	return a, nil
}

// Must is New for generated tables, which gen has checked.
func Must(a *API, err error) *API {
	if err != nil {
		panic("apiruntime: " + err.Error())
	}
	return a
}

// FromSpec describes doc and prepares it: the runtime of a spec loaded at
// run time, without generated code. It types doc's untyped parameters as
// strings, as gen does (TypeUntypedParameters).
func FromSpec(doc *openapi3.T) (*API, error) {
	TypeUntypedParameters(doc)
	spec, err := Describe(doc)
	if err != nil {
		return nil, err
	}
	return New(spec, func() (*openapi3.T, error) { return doc, nil })
}

// Spec returns the table the API was built from.
func (a *API) Spec() Spec { return a.spec }

// paramName is the name of the n-th {parameter} of a path template.
func paramName(path string, n int) string {
	for i := 0; ; i++ {
		open := strings.IndexByte(path, '{')
		if open < 0 {
			return ""
		}
		end := strings.IndexByte(path[open:], '}') + open
		if i == n {
			return path[open+1 : end]
		}
		path = path[end+1:]
	}
}

// document loads the spec once and resolves every operation's route.
func (a *API) document() error {
	a.once.Do(func() {
		if a.load == nil {
			a.loadErr = errors.New("no spec document")
			return
		}
		a.doc, a.loadErr = a.load()
		if a.loadErr != nil {
			return
		}
		for _, p := range a.ops {
			if a.loadErr = p.resolve(a.doc); a.loadErr != nil {
				return
			}
		}
	})
	return a.loadErr
}

func (p *op) resolve(doc *openapi3.T) error {
	item := doc.Paths.Value(p.Path)
	if item == nil || item.GetOperation(p.Method) == nil {
		return fmt.Errorf("%s %s not in the spec document", p.Method, p.Path)
	}
	o := item.GetOperation(p.Method)
	p.route = &routers.Route{Spec: doc, Path: p.Path, PathItem: item, Method: p.Method, Operation: o}
	p.body = o.RequestBody
	if rb := o.RequestBody; rb != nil && rb.Value != nil {
		if mt := rb.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil && mt.Schema.Value != nil {
			p.quickFor, p.quick = mt.Schema.Value, compileQuick(mt.Schema.Value)
		}
	}
	// openapi3filter sees a copy of the operation: no security requirement
	// (Check answers credentials itself, with the documented 401) and only
	// the parameters whose schema constrains something; an unconstrained
	// string parameter can only be missing, which Check tests directly.
	filtered := *o
	filtered.Security = &openapi3.SecurityRequirements{}
	filtered.Parameters = nil
	for _, ref := range effectiveParameters(item, o) {
		prm := ref.Value
		if (prm.In == "query" || prm.In == "header") && !isArray(prm) {
			p.single = append(p.single, single{prm.In, prm.Name})
		}
		if unconstrained(prm) {
			if prm.Required && prm.In != "path" {
				p.present = append(p.present, prm)
			}
			continue
		}
		filtered.Parameters = append(filtered.Parameters, ref)
		p.filterPath = p.filterPath || prm.In == "path"
	}
	bare := *item
	bare.Parameters = nil
	p.filter = &routers.Route{Spec: doc, Path: p.Path, PathItem: &bare, Method: p.Method, Operation: &filtered}
	return nil
}

// effectiveParameters are the operation's parameters and those of its path
// item that it does not override.
func effectiveParameters(item *openapi3.PathItem, o *openapi3.Operation) openapi3.Parameters {
	var out openapi3.Parameters
	for _, ref := range item.Parameters {
		if ref == nil || ref.Value == nil {
			continue
		}
		if o.Parameters.GetByInAndName(ref.Value.In, ref.Value.Name) == nil {
			out = append(out, ref)
		}
	}
	for _, ref := range o.Parameters {
		if ref != nil && ref.Value != nil {
			out = append(out, ref)
		}
	}
	return out
}

func isArray(p *openapi3.Parameter) bool {
	return p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Type.Is(openapi3.TypeArray)
}

// unconstrained: a path, query or header parameter in the simple/form
// style whose schema is a plain string — any value it can carry is valid.
func unconstrained(p *openapi3.Parameter) bool {
	if p.Content != nil || p.Schema == nil || p.Schema.Value == nil || p.In == "cookie" {
		return false
	}
	if p.Style != "" && p.Style != "simple" && p.Style != "form" {
		return false
	}
	s := p.Schema.Value
	return s.Type != nil && s.Type.Is(openapi3.TypeString) && len(s.Type.Slice()) == 1 &&
		s.Format == "" && s.Pattern == "" && len(s.Enum) == 0 && s.Const == nil && s.MinLength == 0 && s.MaxLength == nil &&
		s.Not == nil && len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) == 0
}

// Match is a request's documented operation and its path parameters.
type Match struct {
	Operation  *Operation
	PathParams map[string]string // by the spec's parameter names
	op         *op
	vals       []string // the path parameters' values, in path order
}

// pathParams is m.PathParams, built on demand for a Match found without.
func (m *Match) pathParams() map[string]string {
	if m.PathParams == nil && len(m.op.params) > 0 {
		m.PathParams = make(map[string]string, len(m.op.params))
		for k, name := range m.op.params {
			m.PathParams[name] = m.vals[k]
		}
	}
	return m.PathParams
}

// Find routes r to its operation. basePath is the part of the URL path
// before the spec's paths ("" or e.g. "/api"). RPC operations share the path
// "/" and are found by their Action query parameter. The error is the
// provider's 404 or 405 answer.
func (a *API) Find(r *http.Request, basePath string) (Match, *Error) {
	m, err := a.find(r, basePath)
	if err == nil {
		m.pathParams()
	}
	return m, err
}

// find is Find without the PathParams map (Check builds it when
// openapi3filter needs it).
func (a *API) find(r *http.Request, basePath string) (Match, *Error) {
	p, ok := strings.CutPrefix(r.URL.Path, basePath)
	if !ok {
		return Match{}, a.answer(a.spec.NotFound, "", fmt.Errorf("%s is not below %s", r.URL.Path, basePath))
	}
	if len(a.rpc) > 0 && (p == "/" || p == "") {
		i, ok := a.rpc[r.URL.Query().Get("Action")]
		if !ok || a.ops[i].Method != r.Method {
			return Match{}, a.answer(a.spec.RPCNotFound, "", fmt.Errorf("%s: no documented Action %q", r.Method, r.URL.Query().Get("Action")))
		}
		return a.match(i, nil), nil
	}
	i, vals, pathFound := a.rt.match(r.Method, p, make([]string, 0, 4))
	if i < 0 {
		if pathFound {
			return Match{}, a.answer(a.spec.MethodNotAllowed, "", fmt.Errorf("%s %s: the path is documented for other methods", r.Method, p))
		}
		return Match{}, a.answer(a.spec.NotFound, "", fmt.Errorf("%s %s: no documented operation", r.Method, p))
	}
	return a.match(i, vals), nil
}

func (a *API) match(i int, vals []string) Match {
	p := a.ops[i]
	return Match{Operation: &p.Operation, op: p, vals: vals}
}

// findSuffix routes a request whose URL may carry any base path before the
// spec's path (a client's server URL): the longest documented path that
// ends the URL path wins.
func (a *API) findSuffix(r *http.Request) (Match, bool) {
	if action := r.URL.Query().Get("Action"); action != "" {
		if i, ok := a.rpc[action]; ok && a.ops[i].Method == r.Method {
			return a.match(i, nil), true
		}
	}
	p := r.URL.Path
	for {
		if i, vals, _ := a.rt.match(r.Method, p, nil); i >= 0 {
			m := a.match(i, vals)
			m.pathParams()
			return m, true
		}
		next := strings.IndexByte(p[min(1, len(p)):], '/')
		if next < 0 {
			return Match{}, false
		}
		p = p[next+1:]
	}
}

// answer builds a spec-level answer (no operation).
func (a *API) answer(ans Answer, param string, err error) *Error {
	return NewError(a.spec.Shape, ans, "", param, err)
}
