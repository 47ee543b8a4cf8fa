// The oracle: ground truth per operation, ../shared/oracle/README.md.
package score

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// Oracle is the top-level document.
type Oracle struct {
	// Source describes where the ground truth came from.
	Source Source `json:"source"`
	// Notes are systematic caveats that apply to every operation.
	Notes []string `json:"notes,omitempty"`
	// Operations in source order.
	Operations []Operation `json:"operations"`
	// Warnings are shapes the extractor did not understand (never fatal).
	Warnings []string `json:"warnings,omitempty"`
}

// Source identifies the SDK package an oracle was extracted from.
type Source struct {
	Generator string `json:"generator"`
	Module    string `json:"module,omitempty"`
	Version   string `json:"version,omitempty"`
	Package   string `json:"package"`
	Dir       string `json:"dir,omitempty"`
}

// Operation is one API operation.
type Operation struct {
	Name string `json:"name"`
	// Method is upper-case (GET, POST, ...).
	Method string `json:"method"`
	// Path is the template as written by the SDK.
	Path string `json:"path"`
	// PathNormalized has every {param} replaced by {} (see NormalizePath).
	PathNormalized string `json:"path_normalized"`
	// ContentType is the request media type the SDK sends.
	ContentType string      `json:"content_type,omitempty"`
	Parameters  []Param     `json:"parameters"`
	RequestBody *Body       `json:"request_body,omitempty"`
	Response    Response    `json:"response"`
	Warnings    []string    `json:"warnings,omitempty"`
	Extra       interface{} `json:"extra,omitempty"`
}

// Param is a non-body request parameter.
type Param struct {
	Name string `json:"name"`
	// In is path, query, header, cookie, formData or cname.
	In       string `json:"in"`
	Required bool   `json:"required"`
	Schema
	// Implicit marks path parameters the SDK fills in itself (project_id,
	// domain_id): present in the template but not in the request struct.
	Implicit bool `json:"implicit,omitempty"`
}

// Body is a request or response body.
type Body struct {
	// Required is the SDK's own flag (a pointer+omitempty Body is optional in
	// the SDK even when the service needs it); the scorer does not grade it.
	Required  bool   `json:"required"`
	MediaType string `json:"media_type,omitempty"`
	Schema    Schema `json:"schema"`
}

// Response is the success response.
type Response struct {
	// Status is the success status code, 0 when the source does not say.
	Status  int     `json:"status,omitempty"`
	Headers []Param `json:"headers,omitempty"`
	Body    *Body   `json:"body,omitempty"`
}

// Schema is a JSON-schema-like type description.
type Schema struct {
	// Type is string, integer, number, boolean, array, object, or "any" when
	// the source does not constrain it.
	Type   string `json:"type"`
	Format string `json:"format,omitempty"`
	// GoType is the SDK type name (informational).
	GoType string        `json:"go_type,omitempty"`
	Enum   []interface{} `json:"enum,omitempty"`
	Items  *Schema       `json:"items,omitempty"`
	Fields []Field       `json:"fields,omitempty"`
	// AdditionalProperties is set for maps.
	AdditionalProperties *Schema `json:"additional_properties,omitempty"`
	// Recursive is set where a self-referencing type was cut.
	Recursive bool `json:"recursive,omitempty"`
	// Unknown explains a shape the extractor did not understand.
	Unknown string `json:"unknown,omitempty"`
}

// Field is an object property.
type Field struct {
	Name     string `json:"name"`
	Required bool   `json:"required"`
	Schema
}

// Load reads an oracle JSON file.
func Load(path string) (*Oracle, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var o Oracle
	if err := json.Unmarshal(b, &o); err != nil {
		return nil, fmt.Errorf("%s: not an oracle JSON: %w", path, err)
	}
	return &o, nil
}

var paramRe = regexp.MustCompile(`\{[^{}]*\}`)

// NormalizePath makes two templates of the same endpoint compare equal:
// parameter names are dropped ({x} -> {}), a query string or fragment is cut,
// duplicate slashes are collapsed and a trailing slash is removed.
func NormalizePath(p string) string {
	p = strings.TrimSpace(p)
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	p = paramRe.ReplaceAllString(p, "{}")
	for strings.Contains(p, "//") {
		p = strings.ReplaceAll(p, "//", "/")
	}
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}

// PathParamNames lists the {names} of a template in order.
func PathParamNames(p string) []string {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	var out []string
	for _, m := range paramRe.FindAllString(p, -1) {
		out = append(out, strings.TrimSpace(m[1:len(m)-1]))
	}
	return out
}

// FlatField is one leaf or inner node of a schema, addressed by a dotted path.
// Arrays are transparent: the fields of the items of array "a" are "a.x".
type FlatField struct {
	Path     string
	Required bool
	Type     string
	Enum     []string
}

// Flatten lists every field of s (recursively) with dotted paths. The root
// itself is not listed. Enum values are rendered as strings.
func Flatten(s *Schema) []FlatField {
	var out []FlatField
	flattenInto(&out, "", s, 0)
	return out
}

func flattenInto(out *[]FlatField, prefix string, s *Schema, depth int) {
	if s == nil || depth > 32 {
		return
	}
	// arrays (possibly nested) are transparent
	for s.Type == "array" && s.Items != nil {
		s = s.Items
	}
	for i := range s.Fields {
		f := &s.Fields[i]
		p := f.Name
		if prefix != "" {
			p = prefix + "." + f.Name
		}
		*out = append(*out, FlatField{Path: p, Required: f.Required, Type: f.Type, Enum: EnumStrings(f.Enum)})
		flattenInto(out, p, &f.Schema, depth+1)
	}
}

// EnumStrings renders enum values in a canonical string form.
func EnumStrings(vals []interface{}) []string {
	if len(vals) == 0 {
		return nil
	}
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case float64:
			if x == float64(int64(x)) {
				out = append(out, fmt.Sprintf("%d", int64(x)))
			} else {
				out = append(out, fmt.Sprintf("%g", x))
			}
		case nil:
			out = append(out, "null")
		default:
			out = append(out, fmt.Sprint(x))
		}
	}
	return out
}
