package openapi

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestSchemaNodeMatchesKin: a schema's object, gathered by schemaNode or
// handed to MarshalYAML, is the same tree — with every 3.0 keyword set, and
// for the schemas schemaNode leaves to kin-openapi.
func TestSchemaNodeMatchesKin(t *testing.T) {
	f, u := 1.5, uint64(7)
	yes := true
	str := &openapi3.SchemaRef{Value: openapi3.NewStringSchema()}
	full := &openapi3.Schema{
		Extensions: map[string]any{"x-docspec-source": map[string]any{"file": "a.html", "line": 3}},
		OneOf:      openapi3.SchemaRefs{str}, AnyOf: openapi3.SchemaRefs{str}, AllOf: openapi3.SchemaRefs{str}, Not: str,
		Type: &openapi3.Types{"object"}, Title: "T", Format: "int32", Description: "D", Enum: []any{"a", 1.0},
		Default: "a", Example: map[string]any{"k": "v"}, ExternalDocs: &openapi3.ExternalDocs{URL: "https://example.com"},
		UniqueItems: true, ExclusiveMin: openapi3.ExclusiveBound{Bool: &yes}, ExclusiveMax: openapi3.ExclusiveBound{Value: &f},
		Nullable: true, ReadOnly: true, WriteOnly: true, AllowEmptyValue: true, Deprecated: true, XML: &openapi3.XML{Name: "x"},
		Min: &f, Max: &f, MultipleOf: &f, MinLength: 2, MaxLength: &u, Pattern: "^a$", MinItems: 1, MaxItems: &u, Items: str,
		Required: []string{"k"}, Properties: openapi3.Schemas{"k": str, "ref": &openapi3.SchemaRef{Ref: "#/components/schemas/X"}},
		MinProps: 1, MaxProps: &u, AdditionalProperties: openapi3.AdditionalProperties{Has: &yes},
		Discriminator: &openapi3.Discriminator{PropertyName: "k"},
	}
	always := false
	for name, c := range map[string]struct {
		s        *openapi3.Schema
		gathered bool
	}{
		"every 3.0 keyword":        {full, true},
		"empty":                    {&openapi3.Schema{}, true},
		"3.1 const":                {&openapi3.Schema{Const: "a", Type: &openapi3.Types{"string"}}, false},
		"boolean schema":           {&openapi3.Schema{Always: &always}, false},
		"extension key without x-": {&openapi3.Schema{Extensions: map[string]any{"type": "odd"}, Type: &openapi3.Types{"string"}}, false},
	} {
		if _, ok, _ := new(tree).schemaNode(c.s); ok != c.gathered {
			t.Errorf("%s: schemaNode gathers it: %v, want %v", name, ok, c.gathered)
		}
		walked, err := new(tree).valueNode(reflect.ValueOf(&openapi3.SchemaRef{Value: c.s}))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		viaJSON, err := treeOfJSON(c.s)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var a, b bytes.Buffer
		(&Document{root: walked}).WriteJSON(&a)
		(&Document{root: viaJSON}).WriteJSON(&b)
		if a.String() != b.String() {
			t.Errorf("%s:\n%s\nkin-openapi gives\n%s", name, a.String(), b.String())
		}
	}
}
