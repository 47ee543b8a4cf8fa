package gen

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/apiruntime"
	"github.com/docspec/docspec/conventions"
)

// The data validate.tmpl prints: the package name and the runtime's table,
// computed by apiruntime.Describe — the same derivation a test double runs
// on a spec loaded at run time.
type vData struct {
	Package string
	Spec    apiruntime.Spec
}

func validationData(doc *openapi3.T, pkg string) (*vData, error) {
	spec, err := apiruntime.Describe(doc)
	if err != nil {
		return nil, err
	}
	// The table must build: a bad rule pattern or path fails here, at
	// generation, not when the generated package is loaded.
	if _, err := apiruntime.New(spec, nil); err != nil {
		return nil, err
	}
	return &vData{Package: pkg, Spec: spec}, nil
}

// The spec-reading helpers below stay for the conformance tests until they
// read package conventions; each is a thin view of conventions.

// Rule is one x-docspec-rules entry.
type Rule struct {
	Field     string
	When      []Condition
	MinLength *int
	MaxLength *int
	Pattern   string
	Enum      []any
	Text      string
}

// Condition is one `when` entry of a Rule.
type Condition struct {
	Field  string
	Equals any
}

// Rules reads the x-docspec-rules of an object schema (conventions.RulesOf).
func Rules(s *openapi3.Schema) ([]Rule, error) {
	rules, err := conventions.RulesOf(s.Extensions)
	if err != nil {
		return nil, err
	}
	out := make([]Rule, len(rules))
	for i, r := range rules {
		out[i] = Rule{Field: r.Field, MinLength: intPtr(r.MinLength), MaxLength: intPtr(r.MaxLength), Pattern: r.Pattern, Enum: r.Enum, Text: r.Text}
		for _, c := range r.When {
			out[i].When = append(out[i].When, Condition{Field: c.Field, Equals: c.Equals})
		}
	}
	return out, nil
}

func intPtr(p *int64) *int {
	if p == nil {
		return nil
	}
	n := int(*p)
	return &n
}

// Applicable reports whether r can hold on objects of s
// (conventions.Rule.Enforceable).
func Applicable(s *openapi3.Schema, r Rule) bool {
	cr := conventions.Rule{Field: r.Field, Pattern: r.Pattern, Enum: r.Enum}
	if r.MinLength != nil || r.MaxLength != nil {
		var n int64
		cr.MinLength = &n
	}
	for _, c := range r.When {
		cr.When = append(cr.When, conventions.Condition{Field: c.Field, Equals: c.Equals})
	}
	return cr.Enforceable(s)
}

// RuleValue is a rule value as a value of the field's type (conventions.Typed).
func RuleValue(s *openapi3.Schema, field string, v any) any { return conventions.Typed(s, field, v) }

// OperationRef is a spec operation with its path and method.
type OperationRef = apiruntime.OperationRef

// Operations lists the spec's operations sorted by path then method.
func Operations(doc *openapi3.T) []OperationRef { return apiruntime.Operations(doc) }

// RPCAction is the Action of an RPC-style operation, or "" (conventions.ActionOf).
func RPCAction(o OperationRef) string { return conventions.ActionOf(o.Path, o.Op) }

// TypeUntypedParameters types untyped parameters as strings
// (apiruntime.TypeUntypedParameters).
func TypeUntypedParameters(doc *openapi3.T) { apiruntime.TypeUntypedParameters(doc) }
