package score

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// LoadSpec reads an OpenAPI 3 document (YAML or JSON) with kin-openapi and
// returns its operations in the oracle's shape. Validation problems are
// returned as warnings; only an unreadable document is an error.
func LoadSpec(path string) (ops []Operation, warnings []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("loading %s: internal error: %v", path, r)
		}
	}()
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	head := strings.TrimSpace(string(data))
	if len(head) > 4000 {
		head = head[:4000]
	}
	if strings.Contains(head, "swagger:") || strings.Contains(head, `"swagger"`) {
		if !strings.Contains(head, "openapi") {
			return nil, nil, fmt.Errorf("%s looks like Swagger 2.0; an OpenAPI 3.x document is expected", path)
		}
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	abs, _ := filepath.Abs(path)
	doc, err := loader.LoadFromFile(abs)
	if err != nil {
		return nil, nil, fmt.Errorf("loading %s: %w", path, err)
	}
	if verr := doc.Validate(loader.Context, openapi3.DisableExamplesValidation(), openapi3.DisableSchemaDefaultsValidation(), openapi3.DisableSchemaPatternValidation()); verr != nil {
		warnings = append(warnings, "spec does not validate: "+firstLine(verr.Error()))
	}
	return SpecOperations(doc), warnings, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}

// SpecOperations converts every operation of doc. Never panics on odd shapes.
func SpecOperations(doc *openapi3.T) []Operation {
	var out []Operation
	if doc == nil || doc.Paths == nil {
		return out
	}
	paths := doc.Paths.Map()
	keys := make([]string, 0, len(paths))
	for k := range paths {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	methods := []string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete, http.MethodOptions, http.MethodHead, http.MethodPatch, http.MethodTrace, "QUERY"}
	for _, p := range keys {
		item := paths[p]
		if item == nil {
			continue
		}
		ops := item.Operations()
		for _, m := range methods {
			op := ops[m]
			if op == nil {
				continue
			}
			out = append(out, convertOp(p, m, item, op))
		}
	}
	return out
}

func convertOp(path, method string, item *openapi3.PathItem, op *openapi3.Operation) (res Operation) {
	res = Operation{Name: op.OperationID, Method: method, Path: path, PathNormalized: NormalizePath(path), Parameters: []Param{}}
	defer func() {
		if r := recover(); r != nil {
			res.Warnings = append(res.Warnings, fmt.Sprintf("internal error while reading operation: %v", r))
		}
	}()
	// parameters: path-item level, overridden by operation level (name+in)
	idx := map[string]int{}
	add := func(refs openapi3.Parameters) {
		for _, pr := range refs {
			if pr == nil || pr.Value == nil {
				res.Warnings = append(res.Warnings, "unresolved parameter reference")
				continue
			}
			pv := pr.Value
			prm := Param{Name: pv.Name, In: pv.In, Required: pv.Required}
			var sr *openapi3.SchemaRef
			if pv.Schema != nil {
				sr = pv.Schema
			} else if mt := pickMedia(pv.Content); mt != nil {
				sr = mt.Schema
			}
			prm.Schema = convertSchema(sr, map[*openapi3.Schema]bool{}, 0, &res.Warnings)
			k := strings.ToLower(pv.In) + ":" + pv.Name
			if i, ok := idx[k]; ok {
				res.Parameters[i] = prm
			} else {
				idx[k] = len(res.Parameters)
				res.Parameters = append(res.Parameters, prm)
			}
		}
	}
	add(item.Parameters)
	add(op.Parameters)

	if op.RequestBody != nil {
		if op.RequestBody.Value == nil {
			res.Warnings = append(res.Warnings, "unresolved requestBody reference")
		} else {
			rb := op.RequestBody.Value
			name, mt := pickMediaNamed(rb.Content)
			b := &Body{Required: rb.Required, MediaType: name}
			if mt != nil {
				b.Schema = convertSchema(mt.Schema, map[*openapi3.Schema]bool{}, 0, &res.Warnings)
			} else {
				b.Schema = Schema{Type: ""}
			}
			res.RequestBody = b
		}
	}

	if op.Responses != nil {
		code, rr := pickSuccess(op.Responses)
		res.Response.Status = code
		if rr != nil && rr.Value != nil {
			hk := make([]string, 0, len(rr.Value.Headers))
			for k := range rr.Value.Headers {
				hk = append(hk, k)
			}
			sort.Strings(hk)
			for _, k := range hk {
				h := rr.Value.Headers[k]
				hp := Param{Name: k, In: "header"}
				if h != nil && h.Value != nil {
					hp.Required = h.Value.Required
					hp.Schema = convertSchema(h.Value.Schema, map[*openapi3.Schema]bool{}, 0, &res.Warnings)
				}
				res.Response.Headers = append(res.Response.Headers, hp)
			}
			name, mt := pickMediaNamed(rr.Value.Content)
			if mt != nil && mt.Schema != nil {
				res.Response.Body = &Body{Required: true, MediaType: name, Schema: convertSchema(mt.Schema, map[*openapi3.Schema]bool{}, 0, &res.Warnings)}
			}
		} else if rr != nil {
			res.Warnings = append(res.Warnings, "unresolved response reference")
		}
	}
	return res
}

// pickSuccess chooses the success response: the lowest explicit 2xx code,
// then 2XX, then default.
func pickSuccess(rs *openapi3.Responses) (int, *openapi3.ResponseRef) {
	best := 0
	var bestRef *openapi3.ResponseRef
	for k, v := range rs.Map() {
		c, err := strconv.Atoi(strings.TrimSpace(k))
		if err == nil && c >= 200 && c < 300 && (best == 0 || c < best) {
			best, bestRef = c, v
		}
	}
	if bestRef != nil {
		return best, bestRef
	}
	for _, k := range []string{"2XX", "2xx", "default"} {
		if v := rs.Value(k); v != nil {
			return 0, v
		}
	}
	return 0, nil
}

func pickMedia(c openapi3.Content) *openapi3.MediaType {
	_, mt := pickMediaNamed(c)
	return mt
}

// pickMediaNamed prefers JSON, then multipart, then form, then the first key.
func pickMediaNamed(c openapi3.Content) (string, *openapi3.MediaType) {
	if len(c) == 0 {
		return "", nil
	}
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, want := range []string{"json", "multipart", "form-urlencoded"} {
		for _, k := range keys {
			if strings.Contains(strings.ToLower(k), want) && c[k] != nil {
				return k, c[k]
			}
		}
	}
	for _, k := range keys {
		if c[k] != nil {
			return k, c[k]
		}
	}
	return "", nil
}

const maxDepth = 40

// convertSchema maps an OpenAPI schema to the oracle schema. Type "" means
// the spec gives no type. allOf is merged; oneOf/anyOf are unioned.
func convertSchema(sr *openapi3.SchemaRef, stack map[*openapi3.Schema]bool, depth int, warns *[]string) Schema {
	if sr == nil || sr.Value == nil {
		if sr != nil && sr.Ref != "" {
			addWarn(warns, "unresolved schema reference "+sr.Ref)
		}
		return Schema{Type: ""}
	}
	s := sr.Value
	if stack[s] || depth > maxDepth {
		return Schema{Type: "object", Recursive: true}
	}
	stack[s] = true
	defer delete(stack, s)

	out := Schema{Type: schemaType(s), Format: s.Format}
	if len(s.Enum) > 0 {
		out.Enum = append(out.Enum, s.Enum...)
	}
	req := map[string]bool{}
	for _, r := range s.Required {
		req[r] = true
	}
	names := make([]string, 0, len(s.Properties))
	for k := range s.Properties {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, n := range names {
		fs := convertSchema(s.Properties[n], stack, depth+1, warns)
		out.Fields = append(out.Fields, Field{Name: n, Required: req[n], Schema: fs})
	}
	if s.Items != nil {
		it := convertSchema(s.Items, stack, depth+1, warns)
		out.Items = &it
	}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		a := convertSchema(ap, stack, depth+1, warns)
		out.AdditionalProperties = &a
	}
	merge := func(list openapi3.SchemaRefs, kind string) {
		for _, sub := range list {
			ss := convertSchema(sub, stack, depth+1, warns)
			if out.Type == "" && ss.Type != "" {
				out.Type = ss.Type
			}
			if out.Items == nil && ss.Items != nil {
				out.Items = ss.Items
			}
			if len(out.Enum) == 0 && len(ss.Enum) > 0 {
				out.Enum = ss.Enum
			}
			have := map[string]int{}
			for i, f := range out.Fields {
				have[f.Name] = i
			}
			for _, f := range ss.Fields {
				if kind == "allOf" && req[f.Name] {
					f.Required = true
				}
				if i, ok := have[f.Name]; ok {
					if kind == "allOf" && f.Required {
						out.Fields[i].Required = true
					}
					continue
				}
				have[f.Name] = len(out.Fields)
				out.Fields = append(out.Fields, f)
			}
		}
	}
	merge(s.AllOf, "allOf")
	merge(s.OneOf, "oneOf")
	merge(s.AnyOf, "anyOf")
	if out.Type == "" {
		switch {
		case len(out.Fields) > 0 || out.AdditionalProperties != nil:
			out.Type = "object"
		case out.Items != nil:
			out.Type = "array"
		case len(out.Enum) > 0:
			out.Type = enumType(out.Enum[0])
		}
	}
	return out
}

func schemaType(s *openapi3.Schema) string {
	if s.Type == nil {
		return ""
	}
	var ts []string
	for _, t := range s.Type.Slice() {
		if t != "null" {
			ts = append(ts, t)
		}
	}
	if len(ts) == 0 {
		return ""
	}
	return ts[0]
}

func enumType(v interface{}) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64, float32:
		return "number"
	case int, int32, int64:
		return "integer"
	}
	return ""
}

func addWarn(w *[]string, s string) {
	for _, x := range *w {
		if x == s {
			return
		}
	}
	*w = append(*w, s)
}
