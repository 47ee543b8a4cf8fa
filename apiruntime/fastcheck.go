package apiruntime

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/conventions"
)

// quick is a request body schema compiled for a quick check of a decoded
// body: it accepts only values that kin-openapi's VisitJSON (as a request)
// accepts, and says nothing otherwise. Check runs VisitJSON when quick does
// not accept — for every refused body and for schemas quick does not take —
// so every check, error and named field is kin-openapi's
// (TestQuickAcceptsOnlyWhatVisitJSONAccepts, FuzzQuick).
//
// quick takes the keywords docspec's specs use: type (one), enum (of
// strings), format (kin-openapi's validators), minLength, maxLength,
// pattern, minimum, maximum, required, properties, additionalProperties,
// minProperties, maxProperties, items, minItems, maxItems. A schema with any
// other keyword that can refuse a value (allOf, oneOf, anyOf, not,
// readOnly, uniqueItems, multipleOf, exclusive bounds, const, the 3.1
// keywords …) is not compiled, nor is one with a pattern kin-openapi
// rewrites (\uXXXX). null is never accepted quickly.
type quick struct {
	kind      quickKind
	enum      []string // nil: no enum
	format    string
	minLength uint64
	maxLength *uint64
	pattern   conventions.Matcher
	min, max  *float64
	props     map[string]*quick
	required  []string
	extra     *quick // additionalProperties' schema
	noExtra   bool   // additionalProperties: false
	minProps  uint64
	maxProps  *uint64
	items     *quick
	minItems  uint64
	maxItems  *uint64
}

type quickKind uint8

const (
	quickAny quickKind = iota // an empty schema: any value but null
	quickString
	quickInteger
	quickNumber
	quickBoolean
	quickObject
	quickArray
)

// quickKeywords are the Schema fields quick reads; quickInert those that
// never refuse a value (annotations, and nullable and writeOnly, which only
// matter for null and for responses). Every other field must be zero for a
// schema to compile.
var (
	quickKeywords = fieldSet("Type", "Enum", "Format", "MinLength", "MaxLength", "Pattern", "Min", "Max",
		"Required", "Properties", "AdditionalProperties", "MinProps", "MaxProps", "Items", "MinItems", "MaxItems")
	quickInert = fieldSet("Extensions", "Origin", "Title", "Description", "Default", "Example", "Examples",
		"ExternalDocs", "Nullable", "WriteOnly", "AllowEmptyValue", "Deprecated", "XML", "Comment")
)

func fieldSet(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		if _, ok := reflect.TypeFor[openapi3.Schema]().FieldByName(n); !ok {
			panic("apiruntime: openapi3.Schema has no field " + n)
		}
		m[n] = true
	}
	return m
}

// compileQuick compiles s, or returns nil when quick does not take it.
func compileQuick(s *openapi3.Schema) *quick {
	q, ok := (&quickCompiler{done: map[*openapi3.Schema]*quick{}}).compile(s)
	if !ok {
		return nil
	}
	return q
}

type quickCompiler struct {
	done map[*openapi3.Schema]*quick
}

func (c *quickCompiler) compile(s *openapi3.Schema) (*quick, bool) {
	if s == nil {
		return nil, false
	}
	if q, ok := c.done[s]; ok {
		return q, true // a recursive schema: the node is being filled in
	}
	if s.Always != nil {
		return nil, false
	}
	q := &quick{}
	c.done[s] = q
	if s.IsEmpty() {
		q.kind = quickAny
		return q, true
	}
	v := reflect.ValueOf(s).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		name := t.Field(i).Name
		if !quickKeywords[name] && !quickInert[name] && !v.Field(i).IsZero() {
			return nil, false
		}
	}
	if s.Type == nil || len(*s.Type) != 1 {
		return nil, false
	}
	switch (*s.Type)[0] {
	case openapi3.TypeString:
		q.kind = quickString
	case openapi3.TypeInteger:
		q.kind = quickInteger
	case openapi3.TypeNumber:
		q.kind = quickNumber
	case openapi3.TypeBoolean:
		q.kind = quickBoolean
	case openapi3.TypeObject:
		q.kind = quickObject
	case openapi3.TypeArray:
		q.kind = quickArray
	default:
		return nil, false
	}
	if len(s.Enum) > 0 {
		if q.kind != quickString {
			return nil, false
		}
		q.enum = make([]string, 0, len(s.Enum))
		for _, e := range s.Enum {
			es, ok := e.(string)
			if !ok {
				return nil, false
			}
			q.enum = append(q.enum, es)
		}
	}
	q.format = s.Format
	q.minLength, q.maxLength = s.MinLength, s.MaxLength
	if s.Pattern != "" {
		if strings.Contains(s.Pattern, `\u`) {
			return nil, false
		}
		m, err := conventions.CompilePattern(s.Pattern)
		if err != nil {
			return nil, false
		}
		q.pattern = m
	}
	q.min, q.max = s.Min, s.Max
	q.required = s.Required
	q.minProps, q.maxProps = s.MinProps, s.MaxProps
	q.minItems, q.maxItems = s.MinItems, s.MaxItems
	if len(s.Properties) > 0 {
		q.props = make(map[string]*quick, len(s.Properties))
		for name, ref := range s.Properties {
			if ref == nil || ref.Value == nil {
				return nil, false
			}
			p, ok := c.compile(ref.Value)
			if !ok {
				return nil, false
			}
			q.props[name] = p
		}
	}
	if has := s.AdditionalProperties.Has; has != nil && !*has {
		q.noExtra = true
	}
	if ref := s.AdditionalProperties.Schema; ref != nil {
		if ref.Value == nil {
			return nil, false
		}
		x, ok := c.compile(ref.Value)
		if !ok {
			return nil, false
		}
		q.extra = x
	}
	if ref := s.Items; ref != nil {
		if ref.Value == nil {
			return nil, false
		}
		x, ok := c.compile(ref.Value)
		if !ok {
			return nil, false
		}
		q.items = x
	}
	return q, true
}

// accepts reports whether v certainly passes the schema; false means
// "ask VisitJSON".
func (q *quick) accepts(v any) bool {
	if v == nil {
		return false
	}
	switch q.kind {
	case quickAny:
		return true
	case quickString:
		s, ok := v.(string)
		return ok && q.acceptsString(s)
	case quickInteger, quickNumber:
		var f float64
		switch n := v.(type) {
		case json.Number:
			var err error
			if f, err = n.Float64(); err != nil {
				return false
			}
		case float64:
			f = n
		default:
			return false
		}
		return q.acceptsNumber(f)
	case quickBoolean:
		_, ok := v.(bool)
		return ok
	case quickObject:
		m, ok := v.(map[string]any)
		return ok && q.acceptsObject(m)
	case quickArray:
		a, ok := v.([]any)
		if !ok || uint64(len(a)) < q.minItems || (q.maxItems != nil && uint64(len(a)) > *q.maxItems) {
			return false
		}
		if q.items != nil {
			for _, e := range a {
				if !q.items.accepts(e) {
					return false
				}
			}
		}
		return true
	}
	return false
}

func (q *quick) acceptsString(s string) bool {
	if q.enum != nil && !slices.Contains(q.enum, s) {
		return false
	}
	if q.minLength != 0 || q.maxLength != nil {
		// kin-openapi's count: runes (a rune of a Go string is never a
		// surrogate, so its UTF-16 rule adds nothing).
		n := uint64(utf8.RuneCountInString(s))
		if n < q.minLength || (q.maxLength != nil && n > *q.maxLength) {
			return false
		}
	}
	if q.pattern != nil && !q.pattern.MatchString(s) {
		return false
	}
	if q.format != "" {
		if f, ok := openapi3.SchemaStringFormats[q.format]; ok && f.Validate(s) != nil {
			return false
		}
	}
	return true
}

func (q *quick) acceptsNumber(f float64) bool {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return false
	}
	if q.kind == quickInteger {
		if f != math.Trunc(f) {
			return false
		}
		if q.format != "" {
			if v, ok := openapi3.SchemaIntegerFormats[q.format]; ok {
				// kin-openapi's validateIntegerFormat, for values it can
				// convert; any other goes to VisitJSON.
				if f < float64(math.MinInt64) || f >= float64(math.MaxInt64) || v.Validate(int64(f)) != nil {
					return false
				}
			}
		}
	} else if q.format != "" {
		if v, ok := openapi3.SchemaNumberFormats[q.format]; ok && v.Validate(f) != nil {
			return false
		}
	}
	return (q.min == nil || *q.min <= f) && (q.max == nil || *q.max >= f)
}

func (q *quick) acceptsObject(m map[string]any) bool {
	if uint64(len(m)) < q.minProps || (q.maxProps != nil && uint64(len(m)) > *q.maxProps) {
		return false
	}
	for k, v := range m {
		if p := q.props[k]; p != nil {
			if !p.accepts(v) {
				return false
			}
			continue
		}
		if q.noExtra || (q.extra != nil && !q.extra.accepts(v)) {
			return false
		}
	}
	for _, k := range q.required {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return true
}
