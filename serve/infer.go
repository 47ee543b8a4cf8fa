package serve

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Behaviour is what the double does for one operation.
type Behaviour string

// The behaviours, in the order Explain counts them.
const (
	Create  Behaviour = "create"
	List    Behaviour = "list"
	Show    Behaviour = "show"
	Update  Behaviour = "update"
	Delete  Behaviour = "delete"
	Bind    Behaviour = "bind"    // records what a POST attaches to what (binding-style actions)
	Example Behaviour = "example" // answers the documented example
)

var behaviours = []Behaviour{Create, List, Show, Update, Delete, Bind, Example}

// Resource is a collection path and the item path below it.
type Resource struct {
	Kind       string   // the collection's path template with parameters blanked: the store's key
	Collection string   // path template of the collection, e.g. /v2/{project_id}/signs
	Item       string   // path template of one item ("" when the spec has none)
	Scope      []string // path parameters of the collection: they scope the state
	IDParam    string   // the item path's last parameter
	IDField    string   // the object's field that holds the id
	Wrapper    string   // the one property that wraps the object in bodies ({"loadbalancer": {...}}), or ""
	Parent     *Resource
	Object     *openapi3.Schema // the resource object as the create response documents it
	Binding    *Binding         // set when the items are the records a binding-style POST makes
}

// Binding is what a binding-style POST attaches: the request names one
// thing by id (sign_id) and others by an array of ids (publish_ids), and the
// success body documents an array of records, each with its own id and the
// singular of the array's field (publish_id). The double makes one record
// per id of the array (per combination, when the request has several
// arrays), so that the lists whose items are such records, and the delete
// of one by its id, see them.
type Binding struct {
	Records string            // the success body's array of records
	Each    map[string]string // request array of ids → the record field each id goes to
	Scalars []string          // request fields every record repeats (sign_id)
	Keys    []string          // the record fields that say what is bound to what
}

// Op is one operation of a spec with the behaviour inferred for it.
type Op struct {
	Spec      *Spec
	Method    string
	Path      string // the spec's path template
	Operation *openapi3.Operation
	PathItem  *openapi3.PathItem
	Behaviour Behaviour
	Resource  *Resource
	Why       string // why it answers its example
	Status    int    // the documented success status
}

// Spec is one OpenAPI document served by the double.
type Spec struct {
	Name string
	Doc  *openapi3.T
	Ops  []*Op
	// ByIDParam is the resource whose item parameter has the name: what a
	// record's "sign_id" refers to, to copy the signature key's name into it.
	ByIDParam map[string]*Resource
}

// Infer gives every operation of doc its behaviour.
func Infer(name string, doc *openapi3.T) *Spec {
	s := &Spec{Name: name, Doc: doc}
	paths := doc.Paths.Map()
	keys := make([]string, 0, len(paths))
	for k := range paths {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, path := range keys {
		item := paths[path]
		for _, method := range methodsOf(item) {
			op := item.GetOperation(method)
			s.Ops = append(s.Ops, &Op{Spec: s, Method: method, Path: path, Operation: op, PathItem: item, Status: successStatus(op)})
		}
	}
	resources := map[string]*Resource{}
	for _, o := range s.Ops {
		if o.Method == http.MethodPost && !endsWithParam(o.Path) {
			if r, why := resourceOf(doc, o); r != nil {
				resources[o.Path] = r
				o.Behaviour, o.Resource = Create, r
			} else if r := bindingOf(doc, o); r != nil {
				resources[o.Path] = r
				o.Behaviour, o.Resource = Bind, r
			} else {
				o.Why = why
			}
		}
	}
	linkParents(resources)
	for _, o := range s.Ops {
		if o.Behaviour == "" {
			o.Behaviour, o.Resource, o.Why = classify(o, resources)
		}
	}
	s.ByIDParam = map[string]*Resource{}
	for _, k := range sortedKeys(resources) {
		r := resources[k]
		if r.Binding == nil && r.IDParam != "" && s.ByIDParam[r.IDParam] == nil {
			s.ByIDParam[r.IDParam] = r
		}
	}
	// A binding's records hold what its lists show too (api_name, env_name):
	// its object is the union of the record and the lists' items.
	for _, o := range s.Ops {
		if r := o.Resource; o.Behaviour == List && r.Binding != nil {
			item := listItem(successSchema(o.Operation), r)
			if item == nil {
				continue
			}
			for k, p := range item.Properties {
				if r.Object.Properties[k] == nil {
					r.Object.Properties[k] = p
				}
			}
		}
	}
	return s
}

func methodsOf(item *openapi3.PathItem) []string {
	var ms []string
	for m := range item.Operations() {
		ms = append(ms, m)
	}
	sort.Strings(ms)
	return ms
}

// successStatus is the lowest documented 2xx status (200 if none is).
func successStatus(op *openapi3.Operation) int {
	best := 0
	for code := range op.Responses.Map() {
		n, err := strconv.Atoi(code)
		if err == nil && n >= 200 && n < 300 && (best == 0 || n < best) {
			best = n
		}
	}
	if best == 0 {
		return http.StatusOK
	}
	return best
}

func segments(path string) []string { return strings.Split(strings.Trim(path, "/"), "/") }

func isParam(seg string) bool { return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") }

func paramName(seg string) string { return strings.TrimSuffix(strings.TrimPrefix(seg, "{"), "}") }

func endsWithParam(path string) bool {
	s := segments(path)
	return isParam(s[len(s)-1])
}

// kindOf blanks the parameter names, so that two spellings of one collection share state.
func kindOf(path string) string {
	s := segments(path)
	for i, seg := range s {
		if isParam(seg) {
			s[i] = "{}"
		}
	}
	return "/" + strings.Join(s, "/")
}

func pathParams(path string) []string {
	var ps []string
	for _, seg := range segments(path) {
		if isParam(seg) {
			ps = append(ps, paramName(seg))
		}
	}
	return ps
}

// itemPathOf finds the path one parameter below collection.
func itemPathOf(doc *openapi3.T, collection string) string {
	n := len(segments(collection)) + 1
	for path := range doc.Paths.Map() {
		if strings.HasPrefix(path, collection+"/") && len(segments(path)) == n && endsWithParam(path) {
			return path
		}
	}
	return ""
}

// resourceOf reads a resource from a POST on a collection path, or says why not.
func resourceOf(doc *openapi3.T, o *Op) (*Resource, string) {
	item := itemPathOf(doc, o.Path)
	list := doc.Paths.Value(o.Path).Get
	if item == "" && list == nil {
		return nil, "POST on " + o.Path + " has no item path below it and no list beside it: an action, not a collection"
	}
	schema := successSchema(o.Operation)
	if schema == nil {
		return nil, fmt.Sprintf("its %d response documents no JSON object", o.Status)
	}
	r := &Resource{Kind: kindOf(o.Path), Collection: o.Path, Item: item, Scope: pathParams(o.Path)}
	if item != "" {
		s := segments(item)
		r.IDParam = paramName(s[len(s)-1])
	}
	obj, wrapper := schema, ""
	if idField(obj, r.IDParam) == "" {
		obj, wrapper = wrapped(schema, r.IDParam)
	}
	if obj == nil {
		return nil, fmt.Sprintf("its %d response has no id field (id or %s)", o.Status, orNone(r.IDParam))
	}
	r.IDField, r.Wrapper, r.Object = idField(obj, r.IDParam), wrapper, obj
	return r, ""
}

func orNone(s string) string {
	if s == "" {
		return "an item parameter"
	}
	return s
}

// idField is the object's property holding the id: "id", or the item parameter's name.
func idField(s *openapi3.Schema, param string) string {
	if s == nil {
		return ""
	}
	if _, ok := s.Properties["id"]; ok {
		return "id"
	}
	if _, ok := s.Properties[param]; ok && param != "" {
		return param
	}
	return ""
}

// wrapped finds the single object property of s that holds the id (ELB's {"loadbalancer": {...}, "request_id"}).
func wrapped(s *openapi3.Schema, param string) (*openapi3.Schema, string) {
	var found *openapi3.Schema
	name := ""
	for _, k := range sortedKeys(s.Properties) {
		p := s.Properties[k].Value
		if p != nil && p.Type.Is("object") && idField(p, param) != "" {
			if found != nil {
				return nil, ""
			}
			found, name = p, k
		}
	}
	return found, name
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// successSchema is the JSON object schema of the documented success response.
func successSchema(op *openapi3.Operation) *openapi3.Schema {
	r := op.Responses.Value(strconv.Itoa(successStatus(op)))
	if r == nil || r.Value == nil {
		return nil
	}
	mt := r.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil || !mt.Schema.Value.Type.Is("object") {
		return nil
	}
	return mt.Schema.Value
}

// linkParents sets each resource's parent: the resource whose item path its collection extends.
func linkParents(rs map[string]*Resource) {
	for _, r := range rs {
		for _, p := range rs {
			if p.Item != "" && strings.HasPrefix(r.Collection, p.Item+"/") && (r.Parent == nil || len(p.Item) > len(r.Parent.Item)) {
				r.Parent = p
			}
		}
	}
}

// bindingOf reads a binding-style POST (see Binding), or gives nil.
func bindingOf(doc *openapi3.T, o *Op) *Resource {
	req, schema := requestSchema(o.Operation), successSchema(o.Operation)
	if req == nil || schema == nil {
		return nil
	}
	records := ""
	var rec *openapi3.Schema
	for _, k := range sortedKeys(schema.Properties) {
		p := schema.Properties[k].Value
		if p != nil && p.Type.Is("array") && p.Items != nil && idField(p.Items.Value, "") == "id" {
			if records != "" {
				return nil // two arrays of records: which is which is not said
			}
			records, rec = k, p.Items.Value
		}
	}
	if rec == nil {
		return nil
	}
	b := &Binding{Records: records, Each: map[string]string{}}
	for _, k := range sortedKeys(req.Properties) {
		p := req.Properties[k].Value
		switch {
		case p == nil:
		case p.Type.Is("array") && p.Items != nil && p.Items.Value != nil && p.Items.Value.Type.Is("string") && strings.HasSuffix(k, "_ids") && rec.Properties[strings.TrimSuffix(k, "s")] != nil:
			b.Each[k] = strings.TrimSuffix(k, "s")
			b.Keys = append(b.Keys, b.Each[k])
		case p.Type.Is("string") && rec.Properties[k] != nil:
			b.Scalars = append(b.Scalars, k)
			if strings.HasSuffix(k, "_id") {
				b.Keys = append(b.Keys, k)
			}
		}
	}
	if len(b.Each) == 0 {
		return nil
	}
	sort.Strings(b.Keys)
	r := &Resource{Kind: kindOf(o.Path), Collection: o.Path, Item: itemPathOf(doc, o.Path), Scope: pathParams(o.Path), IDField: "id", Binding: b}
	if r.Item != "" {
		s := segments(r.Item)
		r.IDParam = paramName(s[len(s)-1])
	}
	// A copy: the lists' item fields are added to it.
	obj := *rec
	obj.Properties = openapi3.Schemas{}
	for k, p := range rec.Properties {
		obj.Properties[k] = p
	}
	r.Object = &obj
	return r
}

// listsRecords: a GET's success body has an array of the binding's records:
// items with the record id and every key of the binding (an "unbound" list's
// items are the other resource's, without the binding's keys).
func listsRecords(schema *openapi3.Schema, r *Resource) bool {
	item := listItem(schema, r)
	if item == nil || idField(item, "") != "id" {
		return false
	}
	for _, k := range r.Binding.Keys {
		if item.Properties[k] == nil {
			return false
		}
	}
	return true
}

// classify gives an operation that is not a create its behaviour.
func classify(o *Op, rs map[string]*Resource) (Behaviour, *Resource, string) {
	if o.Why != "" {
		return Example, nil, o.Why
	}
	if o.Method == http.MethodGet && !endsWithParam(o.Path) {
		// A list of a binding's records sits one literal below its POST.
		s := segments(o.Path)
		if r := rs["/"+strings.Join(s[:len(s)-1], "/")]; r != nil && r.Binding != nil {
			if listsRecords(successSchema(o.Operation), r) {
				return List, r, ""
			}
			return Example, nil, fmt.Sprintf("its items are not the records POST %s makes: they lack the record id or one of %s", r.Collection, strings.Join(r.Binding.Keys, ", "))
		}
	}
	if r := rs[o.Path]; r != nil {
		if o.Method == http.MethodGet {
			if listArray(successSchema(o.Operation), r) != "" || r.Wrapper == "" && isArray(o.Operation) {
				return List, r, ""
			}
			return Example, nil, "GET on the collection documents no array of items"
		}
		return Example, nil, o.Method + " on a collection: nothing tells what it changes"
	}
	if endsWithParam(o.Path) {
		s := segments(o.Path)
		collection := "/" + strings.Join(s[:len(s)-1], "/")
		if r := rs[collection]; r != nil {
			switch o.Method {
			case http.MethodGet:
				return Show, r, ""
			case http.MethodPut, http.MethodPatch:
				return Update, r, ""
			case http.MethodDelete:
				return Delete, r, ""
			}
			return Example, nil, o.Method + " on an item: nothing tells what it changes"
		}
		return Example, nil, "no operation creates items of " + collection
	}
	if o.Method == http.MethodGet {
		return Example, nil, "no operation creates items of " + o.Path
	}
	return Example, nil, o.Method + " on " + lastSegment(o.Path) + ": an action, nothing tells what it changes"
}

func lastSegment(path string) string {
	s := segments(path)
	return s[len(s)-1]
}

// isArray reports whether the success body is itself an array.
func isArray(op *openapi3.Operation) bool {
	r := op.Responses.Value(strconv.Itoa(successStatus(op)))
	if r == nil || r.Value == nil {
		return false
	}
	mt := r.Value.Content.Get("application/json")
	return mt != nil && mt.Schema != nil && mt.Schema.Value != nil && mt.Schema.Value.Type.Is("array")
}

// listArray is the envelope's property holding the page of items: an array of
// objects with the resource's id field (or the only array property).
// listItem is the item schema of s's list array (listArray), or nil.
func listItem(s *openapi3.Schema, r *Resource) *openapi3.Schema {
	if f := listArray(s, r); f != "" && s.Properties[f].Value.Items != nil {
		return s.Properties[f].Value.Items.Value
	}
	return nil
}

func listArray(s *openapi3.Schema, r *Resource) string {
	if s == nil {
		return ""
	}
	var arrays []string
	for _, k := range sortedKeys(s.Properties) {
		p := s.Properties[k].Value
		if p == nil || !p.Type.Is("array") {
			continue
		}
		if p.Items != nil && idField(p.Items.Value, r.IDParam) == r.IDField {
			return k
		}
		arrays = append(arrays, k)
	}
	if len(arrays) == 1 {
		return arrays[0]
	}
	return ""
}
