package openapi

import (
	"encoding/json"
	"fmt"
	"github.com/docspec/docspec/conventions"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/model"
)

// maxDepth bounds schema recursion: a model is a tree, but a reader bug must
// not hang or crash the emitter.
const maxDepth = 32

var knownTypes = map[string]bool{
	model.TypeString: true, model.TypeInteger: true, model.TypeNumber: true,
	model.TypeBoolean: true, model.TypeObject: true, model.TypeArray: true,
}

// schemaType is the type the schema states, or the one its structure states
// (properties make an object, items an array). "" when neither says.
func schemaType(s *model.Schema) string {
	if s.Type != "" {
		return s.Type
	}
	switch {
	case len(s.Properties) > 0 || s.AdditionalProperties != nil:
		return model.TypeObject
	case s.Items != nil:
		return model.TypeArray
	}
	return ""
}

func objectLike(s *model.Schema) bool {
	return s != nil && schemaType(s) == model.TypeObject
}

// child converts a property, items or map-value schema: an object read from a
// named table becomes a shared component, anything else stays inline.
func (b *builder) child(s *model.Schema, depth int) *openapi3.SchemaRef {
	if s != nil && s.Name != "" && objectLike(s) {
		if base := goName(s.Name); base != "" {
			return b.reg.use(base, s, func() *openapi3.Schema { return b.convert(s, depth+1) })
		}
	}
	return &openapi3.SchemaRef{Value: b.convert(s, depth+1)}
}

// convert maps a model schema to an inline OpenAPI schema.
func (b *builder) convert(s *model.Schema, depth int) *openapi3.Schema {
	out := &openapi3.Schema{}
	if s == nil {
		return out
	}
	if depth > maxDepth {
		b.diag(model.SevError, "schema-too-deep", fmt.Sprintf("schema nesting deeper than %d levels; cut here", maxDepth), s.Source)
		return out
	}
	typ := schemaType(s)
	switch {
	case typ == "" && b.itemsOf[s]:
		b.diag(model.SevWarning, "type-missing", "the page says \"Array\" but not of what; the items have no type", s.Source)
	case typ == "":
		b.diag(model.SevWarning, "type-missing", "the page states no type; the schema has none", s.Source)
	case !knownTypes[typ]:
		b.diag(model.SevWarning, "type-unknown", fmt.Sprintf("type %q is not a JSON Schema type; the schema has none", typ), s.Source)
		typ = ""
	default:
		out.Type = &openapi3.Types{typ}
	}
	out.Format = s.Format
	out.Description = s.Description

	if len(s.Enum) > 0 {
		vals, bad := typedValues(typ, s.Enum)
		if bad != "" {
			b.diag(model.SevWarning, "enum-value-not-typed", fmt.Sprintf("enum value %q is not a %s; the enum is kept as strings", bad, typ), s.Source)
		}
		out.Enum = vals
	}
	if s.MinLength != nil {
		if *s.MinLength >= 0 {
			out.MinLength = uint64(*s.MinLength)
		} else {
			b.diag(model.SevWarning, "bound-negative", fmt.Sprintf("minLength %d dropped", *s.MinLength), s.Source)
		}
	}
	if s.MaxLength != nil {
		if *s.MaxLength >= 0 {
			v := uint64(*s.MaxLength)
			out.MaxLength = &v
		} else {
			b.diag(model.SevWarning, "bound-negative", fmt.Sprintf("maxLength %d dropped", *s.MaxLength), s.Source)
		}
	}
	if s.MinItems != nil {
		if *s.MinItems >= 0 {
			out.MinItems = uint64(*s.MinItems)
		} else {
			b.diag(model.SevWarning, "bound-negative", fmt.Sprintf("minItems %d dropped", *s.MinItems), s.Source)
		}
	}
	if s.MaxItems != nil {
		if *s.MaxItems >= 0 {
			v := uint64(*s.MaxItems)
			out.MaxItems = &v
		} else {
			b.diag(model.SevWarning, "bound-negative", fmt.Sprintf("maxItems %d dropped", *s.MaxItems), s.Source)
		}
	}
	out.Min, out.Max = copyFloat(s.Minimum), copyFloat(s.Maximum)
	if s.Pattern != "" {
		if _, err := regexp.Compile(s.Pattern); err != nil {
			b.diag(model.SevWarning, "pattern-invalid", fmt.Sprintf("pattern %q is not a Go regexp (%v); dropped", s.Pattern, err), s.Source)
		} else {
			out.Pattern = s.Pattern
		}
	}

	if s.Items != nil {
		b.itemsOf[s.Items] = true
		out.Items = b.child(s.Items, depth)
	}
	if s.AdditionalProperties != nil {
		out.AdditionalProperties = openapi3.AdditionalProperties{Schema: b.child(s.AdditionalProperties, depth)}
	}
	if len(s.Properties) > 0 {
		out.Properties = openapi3.Schemas{}
		for _, p := range s.Properties {
			if p == nil || p.Name == "" {
				continue
			}
			if _, dup := out.Properties[p.Name]; dup {
				b.diag(model.SevWarning, "property-duplicate", fmt.Sprintf("field %q is listed twice; the first row is kept", p.Name), p.Source)
				continue
			}
			ref := b.child(p.Schema, depth)
			if ref.Ref == "" && ref.Value != nil {
				src := p.Source
				if src.File == "" && p.Schema != nil {
					src = p.Schema.Source
				}
				setSource(&ref.Value.Extensions, src)
			}
			out.Properties[p.Name] = ref
			if p.Required {
				out.Required = append(out.Required, p.Name)
			}
		}
	}
	if len(s.Rules) > 0 {
		if rules := b.rulesExt(s, s.Rules); len(rules) > 0 {
			conventions.SetRules(&out.Extensions, rules)
		}
	}

	// Default and field example last: they are checked against the schema
	// built so far, and kin-openapi's Validate rejects a default that breaks it.
	if s.Default != nil {
		v, ok := typedValue(typ, *s.Default)
		if !ok {
			b.diag(model.SevWarning, "default-not-typed", fmt.Sprintf("default %q is not a %s; kept as %s", *s.Default, typ, conventions.KeyDefault), s.Source)
			conventions.SetDefault(&out.Extensions, *s.Default)
		} else if err := visit(out, v); err != nil {
			b.diag(model.SevContradiction, "default-breaks-schema", fmt.Sprintf("default %s breaks the field's own constraints: %s; kept as %s", valueText(v), schemaErrText(err), conventions.KeyDefault), s.Source)
			conventions.SetDefault(&out.Extensions, *s.Default)
		} else {
			out.Default = v
		}
	}
	if s.Example != nil {
		v, ok := typedValue(typ, *s.Example)
		if !ok {
			v = *s.Example
		}
		if err := visit(out, v); err != nil {
			b.diag(model.SevContradiction, "example-breaks-schema", fmt.Sprintf("field example %s breaks the field's own constraints: %s; kept as %s", valueText(v), schemaErrText(err), conventions.KeyEvidence), s.Source)
			conventions.SetEvidence(&out.Extensions, "example", conventions.Evidence{Value: v, Contradiction: []string{"breaks the schema: " + schemaErrText(err)}})
		} else {
			out.Example = v
		}
	}
	return out
}

func (b *builder) rulesExt(obj *model.Schema, rules []*model.Rule) []conventions.Rule {
	fieldType := map[string]string{}
	for _, p := range obj.Properties {
		if p != nil && p.Schema != nil {
			fieldType[p.Name] = p.Schema.Type
		}
	}
	var out []conventions.Rule
	for _, r := range rules {
		if r == nil || r.Field == "" {
			continue
		}
		cr := conventionRule(r)
		if r.Pattern != "" {
			if _, err := regexp.Compile(r.Pattern); err != nil {
				b.diag(model.SevWarning, "pattern-invalid", fmt.Sprintf("rule pattern %q for %s is not a Go regexp (%v); dropped", r.Pattern, r.Field, err), r.Source)
				cr.Pattern = ""
			}
		}
		// Lengths and patterns constrain text (conventions.Rule.Check): on
		// a field the page types otherwise they hold no value, and the page
		// contradicts itself (ECS from_port, an Integer, "with a length
		// from 0 to 255 characters" when ip_protocol is icmp). The rule is
		// kept as stated; the contradiction is reported at its row.
		if t := fieldType[r.Field]; t != "" && t != model.TypeString && (r.MinLength != nil || r.MaxLength != nil || r.Pattern != "") {
			b.diag(model.SevContradiction, "rule-length-on-non-string", fmt.Sprintf("rule for %s (%s) states a length or pattern, which constrains only text: it holds no value of this field", r.Field, t), r.Source)
		}
		// Typed like the field, as the field's own enum is.
		if vals, bad := typedValues(fieldType[r.Field], r.Enum); len(r.Enum) > 0 && bad == "" {
			cr.Enum = vals
		}
		out = append(out, cr)
	}
	return out
}

// typedValues converts enum literals to the schema's type; if one does not
// convert, all stay strings and the offending literal is returned.
func typedValues(typ string, lits []string) ([]any, string) {
	out := make([]any, 0, len(lits))
	for _, l := range lits {
		v, ok := typedValue(typ, l)
		if !ok {
			strs := make([]any, len(lits))
			for i, l := range lits {
				strs[i] = l
			}
			return strs, l
		}
		out = append(out, v)
	}
	return out, ""
}

// typedValue converts a literal as written to a value of the given type.
func typedValue(typ, lit string) (any, bool) {
	t := strings.TrimSpace(lit)
	switch typ {
	case model.TypeInteger:
		v, err := strconv.ParseInt(t, 10, 64)
		return v, err == nil
	case model.TypeNumber:
		v, err := strconv.ParseFloat(t, 64)
		return v, err == nil
	case model.TypeBoolean:
		switch strings.ToLower(t) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
		return nil, false
	case model.TypeObject, model.TypeArray:
		var v any
		if err := decodeJSON(t, &v); err != nil {
			return nil, false
		}
		_, isObj := v.(map[string]any)
		_, isArr := v.([]any)
		return v, (typ == model.TypeObject && isObj) || (typ == model.TypeArray && isArr)
	}
	return lit, true
}

func decodeJSON(text string, v *any) error {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the JSON value")
	}
	var rest any
	if err := dec.Decode(&rest); err == nil {
		return fmt.Errorf("trailing data after the JSON value")
	}
	return nil
}

func copyFloat(f *float64) *float64 {
	if f == nil {
		return nil
	}
	v := *f
	return &v
}

func setExt(m *map[string]any, key string, v any) {
	if *m == nil {
		*m = map[string]any{}
	}
	(*m)[key] = v
}

// shapeKey is a canonical text of what a schema constrains, without prose
// and provenance: two tables with the same fields, types and constraints but
// different descriptions have the same key. It is written directly (the
// JSON of shapeOf, which it stands for, went through reflection for every
// shared table); TestShapeKeyIsShapeJSON holds the two to the same
// equalities. Text that is not UTF-8 and numbers that are not finite take
// the JSON way, where they are replaced or refused.
func shapeKey(s *model.Schema) string {
	k := shapeKeyer{}
	if k.schema(s, 0); k.odd {
		return shapeKeyJSON(s)
	}
	return string(k.b)
}

func shapeKeyJSON(s *model.Schema) string {
	b, err := json.Marshal(shapeOf(s, 0))
	if err != nil {
		return fmt.Sprintf("%p", s)
	}
	return string(b)
}

type shapeKeyer struct {
	b   []byte
	odd bool // a text or number the JSON of shapeOf would change or refuse
}

func (k *shapeKeyer) str(tag byte, v string) {
	if !utf8.ValidString(v) {
		k.odd = true
	}
	k.b = append(k.b, tag)
	k.b = strconv.AppendInt(k.b, int64(len(v)), 10)
	k.b = append(k.b, ':')
	k.b = append(k.b, v...)
}

func (k *shapeKeyer) strs(tag byte, vs []string) {
	k.b = append(k.b, tag)
	k.b = strconv.AppendInt(k.b, int64(len(vs)), 10)
	for _, v := range vs {
		k.str('.', v)
	}
}

func (k *shapeKeyer) int(tag byte, p *int64) {
	if p != nil {
		k.b = append(k.b, tag)
		k.b = strconv.AppendInt(k.b, *p, 10)
	}
}

func (k *shapeKeyer) float(tag byte, p *float64) {
	if p != nil {
		if math.IsNaN(*p) || math.IsInf(*p, 0) {
			k.odd = true
		}
		k.b = append(k.b, tag)
		k.b = strconv.AppendFloat(k.b, *p, 'g', -1, 64)
	}
}

// schema writes what shapeOf keeps of s: every field is tagged, lengths
// are written before contents, and an empty list is written as absent,
// as omitempty does in the JSON.
func (k *shapeKeyer) schema(s *model.Schema, depth int) {
	if s == nil || depth > maxDepth {
		k.b = append(k.b, '~')
		return
	}
	k.b = append(k.b, '{')
	k.str('t', schemaType(s))
	k.str('f', s.Format)
	if len(s.Enum) > 0 {
		k.strs('e', s.Enum)
	}
	if s.Default != nil {
		k.str('d', *s.Default)
	}
	k.int('l', s.MinLength)
	k.int('L', s.MaxLength)
	k.float('m', s.Minimum)
	k.float('M', s.Maximum)
	k.int('i', s.MinItems)
	k.int('I', s.MaxItems)
	k.str('p', s.Pattern)
	if depth > 0 {
		k.str('n', s.Name)
	}
	if sub := s.Items; sub != nil && depth+1 <= maxDepth {
		k.b = append(k.b, '[')
		k.schema(sub, depth+1)
	}
	if sub := s.AdditionalProperties; sub != nil && depth+1 <= maxDepth {
		k.b = append(k.b, '*')
		k.schema(sub, depth+1)
	}
	for _, p := range s.Properties {
		if p != nil {
			k.str('P', p.Name)
			if p.Required {
				k.b = append(k.b, '!')
			}
			k.schema(p.Schema, depth+1)
		}
	}
	for _, r := range s.Rules {
		if r == nil {
			continue
		}
		k.str('R', r.Field)
		if r.When == nil {
			k.b = append(k.b, '-') // null in the JSON, where [] is not
		} else {
			k.b = append(k.b, 'w')
			k.b = strconv.AppendInt(k.b, int64(len(r.When)), 10)
			for _, c := range r.When {
				if c == nil {
					k.b = append(k.b, '~')
					continue
				}
				k.str('=', c.Field)
				k.str('=', c.Equals)
			}
		}
		k.int('l', r.MinLength)
		k.int('L', r.MaxLength)
		k.str('p', r.Pattern)
		if len(r.Enum) > 0 {
			k.strs('e', r.Enum)
		}
	}
	k.b = append(k.b, '}')
}

func shapeOf(s *model.Schema, depth int) *model.Schema {
	if s == nil || depth > maxDepth {
		return nil
	}
	c := &model.Schema{
		Type: schemaType(s), Format: s.Format, Enum: s.Enum, Default: s.Default,
		MinLength: s.MinLength, MaxLength: s.MaxLength, Minimum: s.Minimum, Maximum: s.Maximum,
		MinItems: s.MinItems, MaxItems: s.MaxItems, Pattern: s.Pattern,
		Items:                shapeOf(s.Items, depth+1),
		AdditionalProperties: shapeOf(s.AdditionalProperties, depth+1),
	}
	if depth > 0 {
		c.Name = s.Name // a nested name decides the $ref target
	}
	for _, p := range s.Properties {
		if p != nil {
			c.Properties = append(c.Properties, &model.Property{Name: p.Name, Required: p.Required, Schema: shapeOf(p.Schema, depth+1)})
		}
	}
	for _, r := range s.Rules {
		if r != nil {
			c.Rules = append(c.Rules, &model.Rule{Field: r.Field, When: r.When, MinLength: r.MinLength, MaxLength: r.MaxLength, Pattern: r.Pattern, Enum: r.Enum})
		}
	}
	return c
}
