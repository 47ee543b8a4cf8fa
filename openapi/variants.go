package openapi

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/conventions"
	"github.com/docspec/docspec/model"
)

// VariantsKey is the extension on an operation that stands for several
// documented operations on one method and path (ECS start / stop / reboot
// are all POST .../servers/action, told apart by the body's top-level key).
// OpenAPI holds one operation per method and path, so they become one
// operation, named after the first variant (by name), whose request body is a
// oneOf of the variants' bodies; this list keeps each variant recoverable:
// its operationId, summary, page and request body component.
const VariantsKey = conventions.KeyVariants

// variant is one documented operation before it is joined with the others
// on its route.
type variant struct {
	model *model.Operation
	op    *openapi3.Operation
}

// joinVariants makes one operation of several on one method and path. The
// first variant gives the name, summary, security and source; parameters,
// responses and tags are the union; a parameter (other than a path
// parameter) is required only when every variant requires it.
func (b *builder) joinVariants(method, path string, vs []variant) *openapi3.Operation {
	first := vs[0].op
	out := *first
	out.Extensions = map[string]any{}
	for k, v := range first.Extensions {
		out.Extensions[k] = v
	}
	var ids, list []any
	var tags []string
	for _, v := range vs {
		ids = append(ids, v.op.OperationID)
		e := map[string]any{"operationId": v.op.OperationID}
		if v.op.Summary != "" {
			e["summary"] = v.op.Summary
		}
		var src map[string]any
		setSource(&src, v.model.Source)
		if s, ok := src[conventions.KeySource]; ok {
			e["source"] = s
		}
		if ref := bodyRef(v.op); ref != "" {
			e["requestBody"] = ref
		}
		if keys := distinctKeys(v, vs); len(keys) > 0 {
			e["keys"] = keys
		}
		list = append(list, e)
		tags = append(tags, v.op.Tags...)
	}
	out.Extensions[VariantsKey] = list
	out.Tags = uniqueSorted(tags)
	out.Parameters = joinParameters(vs)
	out.RequestBody = b.joinBodies(vs)
	out.Responses = joinResponses(vs)
	var names []string
	for _, id := range ids {
		names = append(names, id.(string))
	}
	b.op = first.OperationID
	b.diag(model.SevNote, "operation-variants", fmt.Sprintf("%s %s is documented as %d operations (%s); OpenAPI holds one per method and path, so they are one operation, %s, listing each in %s",
		method, path, len(vs), strings.Join(names, ", "), first.OperationID, VariantsKey), vs[0].model.Source)
	b.op = ""
	return &out
}

// bodyRef is the component a variant's JSON request body refers to.
func bodyRef(op *openapi3.Operation) string {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return ""
	}
	for _, ct := range slices.Sorted(maps.Keys(op.RequestBody.Value.Content)) {
		if mt := op.RequestBody.Value.Content[ct]; mt != nil && mt.Schema != nil && mt.Schema.Ref != "" {
			return mt.Schema.Ref
		}
	}
	return ""
}

// distinctKeys are the top-level request body fields of v that no other
// variant has: what tells the variants apart on the wire.
func distinctKeys(v variant, vs []variant) []any {
	mine := topFields(v.model)
	var out []any
	for _, k := range mine {
		other := false
		for _, w := range vs {
			if w.model != v.model && contains(topFields(w.model), k) {
				other = true
			}
		}
		if !other {
			out = append(out, k)
		}
	}
	return out
}

func topFields(op *model.Operation) []string {
	if op.RequestBody == nil || op.RequestBody.Schema == nil {
		return nil
	}
	var out []string
	for _, p := range op.RequestBody.Schema.Properties {
		if p != nil && p.Name != "" {
			out = append(out, p.Name)
		}
	}
	sort.Strings(out)
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func joinParameters(vs []variant) openapi3.Parameters {
	var out openapi3.Parameters
	index := map[string]int{}
	count := map[string]int{}
	for _, v := range vs {
		for _, p := range v.op.Parameters {
			k := p.Value.In + "\x00" + strings.ToLower(p.Value.Name)
			count[k]++
			if _, ok := index[k]; ok {
				continue
			}
			index[k] = len(out)
			cp := *p.Value
			out = append(out, &openapi3.ParameterRef{Value: &cp})
		}
	}
	for k, i := range index {
		if p := out[i].Value; p.In != model.InPath && count[k] < len(vs) {
			p.Required = false
		}
	}
	return out
}

// joinBodies gives one request body: a oneOf of the variants' schemas per
// media type, with every variant's examples under its operation's name.
// When some variant's body cannot be told from another's by a required
// top-level field, a body could match several, so the alternatives are an
// anyOf instead (and a note says so).
func (b *builder) joinBodies(vs []variant) *openapi3.RequestBodyRef {
	var with []variant
	for _, v := range vs {
		if v.op.RequestBody != nil && v.op.RequestBody.Value != nil {
			with = append(with, v)
		}
	}
	switch len(with) {
	case 0:
		return nil
	case 1:
		rb := *with[0].op.RequestBody.Value
		rb.Required = rb.Required && len(vs) == 1
		return &openapi3.RequestBodyRef{Value: &rb}
	}
	oneOf := b.toldApart(with)
	out := &openapi3.RequestBody{Content: openapi3.Content{}, Required: true}
	var descs []string
	for _, v := range with {
		rb := v.op.RequestBody.Value
		out.Required = out.Required && rb.Required
		if rb.Description != "" {
			descs = append(descs, v.op.OperationID+": "+rb.Description)
		}
		for ct, mt := range rb.Content {
			dst := out.Content[ct]
			if dst == nil {
				dst = &openapi3.MediaType{Schema: &openapi3.SchemaRef{Value: &openapi3.Schema{}}}
				out.Content[ct] = dst
			}
			if mt.Schema != nil {
				if oneOf {
					dst.Schema.Value.OneOf = append(dst.Schema.Value.OneOf, mt.Schema)
				} else {
					dst.Schema.Value.AnyOf = append(dst.Schema.Value.AnyOf, mt.Schema)
				}
			}
			dst.Examples = joinExamples(dst.Examples, mt.Examples, v.op.OperationID)
		}
	}
	if len(with) < len(vs) {
		out.Required = false
	}
	out.Description = strings.Join(descs, "\n\n")
	return &openapi3.RequestBodyRef{Value: out}
}

// toldApart reports whether every variant's body has a required top-level
// field that no other variant's body has.
func (b *builder) toldApart(vs []variant) bool {
	for _, v := range vs {
		keys := distinctKeys(v, vs)
		req := map[string]bool{}
		for _, p := range v.model.RequestBody.Schema.Properties {
			if p != nil && p.Required {
				req[p.Name] = true
			}
		}
		ok := false
		for _, k := range keys {
			ok = ok || req[k.(string)]
		}
		if !ok {
			b.op = v.op.OperationID
			b.diag(model.SevNote, "operation-variants-overlap", fmt.Sprintf("the request body of %s has no required field that the other operations on its method and path lack; the variants are an anyOf, not a oneOf", v.op.OperationID), v.model.Source)
			b.op = ""
			return false
		}
	}
	return true
}

// joinExamples adds src to dst, each name prefixed with the variant's
// operation name so that the variants' examples stay apart.
func joinExamples(dst, src openapi3.Examples, id string) openapi3.Examples {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = openapi3.Examples{}
	}
	for _, name := range slices.Sorted(maps.Keys(src)) {
		dst[id+"-"+name] = src[name]
	}
	return dst
}

// joinResponses keeps each status once. Where variants answer one status
// with different bodies, the body is an anyOf of them (answers such as
// {job_id} fit several, so a oneOf would refuse them); examples are kept
// under each variant's name.
func joinResponses(vs []variant) *openapi3.Responses {
	out := openapi3.NewResponses()
	out.Delete("default")
	byStatus := map[string][]variant{}
	var keys []string
	for _, v := range vs {
		for _, k := range v.op.Responses.Keys() {
			if byStatus[k] == nil {
				keys = append(keys, k)
			}
			byStatus[k] = append(byStatus[k], v)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		list := byStatus[k]
		if len(list) == 1 {
			out.Set(k, list[0].op.Responses.Value(k))
			continue
		}
		out.Set(k, &openapi3.ResponseRef{Value: joinResponse(k, list)})
	}
	return out
}

func joinResponse(status string, vs []variant) *openapi3.Response {
	first := vs[0].op.Responses.Value(status).Value
	out := *first
	out.Content = openapi3.Content{}
	schemas := map[string][]*openapi3.SchemaRef{}
	open := map[string]bool{} // a variant answers this media type with no stated body
	for _, v := range vs {
		r := v.op.Responses.Value(status).Value
		for ct, mt := range r.Content {
			dst := out.Content[ct]
			if dst == nil {
				dst = &openapi3.MediaType{}
				out.Content[ct] = dst
			}
			if mt.Schema == nil {
				open[ct] = true
			} else if !inList(schemas[ct], mt.Schema) {
				schemas[ct] = append(schemas[ct], mt.Schema)
			}
			dst.Examples = joinExamples(dst.Examples, mt.Examples, v.op.OperationID)
		}
	}
	for ct, list := range schemas {
		if open[ct] {
			// One variant's answer is stated by no table (OBS's bucket
			// policy: a JSON sample only): the union admits any body, and
			// an empty member says so; typed languages would otherwise
			// refuse that variant's documented answer.
			list = append(list, &openapi3.SchemaRef{Value: &openapi3.Schema{}})
		}
		if len(list) == 1 {
			out.Content[ct].Schema = list[0]
		} else {
			out.Content[ct].Schema = &openapi3.SchemaRef{Value: &openapi3.Schema{AnyOf: list}}
		}
	}
	if len(out.Content) == 0 {
		out.Content = nil
	}
	return &out
}

// inList compares by schema value: shared components are one value, and get
// their reference names only once every operation is built.
func inList(list openapi3.SchemaRefs, s *openapi3.SchemaRef) bool {
	for _, x := range list {
		if x.Value == s.Value {
			return true
		}
	}
	return false
}
