package openapi

import (
	"math"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// RDS "Adding a SQL Throttling Rule for a Database", Table 3 row query_id:
// "The value range is from -9223372036854775808 to 9223372036854775807." The
// bounds, as float64, print as whole numbers past int64; written as !!int,
// YAML readers refused the whole spec; tagged !!float, the JavaScript yaml
// reader could not resolve them (ajv then saw a string). They are written
// with an exponent, untagged, and the YAML loads back.
func TestInt64BoundsLoadBack(t *testing.T) {
	min, max := float64(math.MinInt64), float64(math.MaxInt64)
	doc := &openapi3.T{OpenAPI: "3.0.3", Info: &openapi3.Info{Title: "t", Version: "1"}, Paths: openapi3.NewPaths(),
		Components: &openapi3.Components{Schemas: openapi3.Schemas{
			"Rule": &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{
				"query_id": &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"integer"}, Format: "int64", Min: &min, Max: &max}},
			}}},
		}}}
	b, err := Marshal(doc, "yaml")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "!!") || !strings.Contains(string(b), "maximum: 9.223372036854776e+18") {
		t.Errorf("YAML tags a bound, or writes it without an exponent:\n%s", b)
	}
	back, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		t.Fatalf("YAML does not load back: %v\n%s", err, b)
	}
	got := back.Components.Schemas["Rule"].Value.Properties["query_id"].Value
	if got.Min == nil || *got.Min != min || got.Max == nil || *got.Max != max {
		t.Errorf("bounds %v..%v, want %v..%v", got.Min, got.Max, min, max)
	}
}
