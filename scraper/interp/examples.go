package interp

import (
	"github.com/docspec/docspec/model"
)

// typesFromExamples reads from the page's own examples what its tables leave
// open:
//
//   - a field whose table has no Type column (RDS's "Name | Mandatory |
//     Description"), or whose Type cell says nothing readable, takes the JSON
//     type its example values all show;
//   - a field whose Type cell names only the table that describes it ("Table
//     3", WAF) is an object, or an array of such objects where every example
//     shows an array.
//
// Values that disagree, or only nulls, leave the schema as it was.
func (b *builder) typesFromExamples() {
	seen := map[*model.Schema][]any{}
	var walk func(s *model.Schema, v any, depth int)
	walk = func(s *model.Schema, v any, depth int) {
		if s == nil || depth > 32 {
			return
		}
		seen[s] = append(seen[s], v)
		switch x := v.(type) {
		case map[string]any:
			for _, p := range s.Properties {
				if pv, ok := x[p.Name]; ok {
					walk(p.Schema, pv, depth+1)
				}
			}
		case []any:
			items := s.Items
			if b.tableTyped[s] && s.Type == model.TypeObject {
				items = s // an array of the objects the table describes
			}
			for _, it := range x {
				if items != s {
					walk(items, it, depth+1)
					continue
				}
				if m, ok := it.(map[string]any); ok {
					for _, p := range s.Properties {
						if pv, ok := m[p.Name]; ok {
							walk(p.Schema, pv, depth+1)
						}
					}
				}
			}
		}
	}
	for _, body := range b.bodies() {
		for _, ex := range body.Examples {
			if v, ok := b.w.parseJSON(ex.Value); ok {
				walk(body.Schema, v, 0)
			}
		}
	}
	for s, vals := range seen {
		kind := jsonKind(vals)
		switch {
		case s.Type == "" && len(s.Properties) == 0 && s.Items == nil && kind != "":
			s.Type = kind
			if kind == model.TypeArray {
				s.Items = &model.Schema{Source: s.Source}
			}
		case b.tableTyped[s] && s.Type == model.TypeObject && kind == model.TypeArray:
			items := *s
			*s = model.Schema{Type: model.TypeArray, Description: items.Description, Items: &items, Source: items.Source}
			items.Description = ""
		}
	}
}

// bodies are the operation's request and response bodies that have a schema.
func (b *builder) bodies() []*model.Body {
	var out []*model.Body
	if b.op.RequestBody != nil && b.op.RequestBody.Schema != nil {
		out = append(out, b.op.RequestBody)
	}
	for _, r := range b.op.Responses {
		if r.Body != nil && r.Body.Schema != nil {
			out = append(out, r.Body)
		}
	}
	return out
}

// jsonKind is the JSON type all the non-null values share, "" when they
// disagree or are all null. Integral numbers are integers.
func jsonKind(vals []any) string {
	kind := ""
	for _, v := range vals {
		k := ""
		switch x := v.(type) {
		case nil:
			continue
		case string:
			k = model.TypeString
		case bool:
			k = model.TypeBoolean
		case float64:
			k = model.TypeInteger
			if x != float64(int64(x)) {
				k = model.TypeNumber
			}
		case map[string]any:
			k = model.TypeObject
		case []any:
			k = model.TypeArray
		}
		switch {
		case kind == "":
			kind = k
		case kind == model.TypeInteger && k == model.TypeNumber || kind == model.TypeNumber && k == model.TypeInteger:
			kind = model.TypeNumber
		case kind != k:
			return ""
		}
	}
	return kind
}
