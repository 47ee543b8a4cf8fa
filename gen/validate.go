package gen

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/apiruntime"
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

// The spec-reading helpers moved to apiruntime; these names stay for the
// conformance tests and other callers.
type (
	// Rule is one x-docspec-rules entry (apiruntime.Rule).
	Rule = apiruntime.Rule
	// Condition is one `when` entry of a Rule.
	Condition = apiruntime.Condition
	// OperationRef is a spec operation with its path and method.
	OperationRef = apiruntime.OperationRef
)

var (
	// Rules reads the x-docspec-rules of an object schema.
	Rules = apiruntime.ReadRules
	// Applicable reports whether a rule can hold on objects of a schema.
	Applicable = apiruntime.Applicable
	// RuleValue is a rule value as a value of the field's type.
	RuleValue = apiruntime.RuleValue
	// Operations lists the spec's operations sorted by path then method.
	Operations = apiruntime.Operations
	// RPCAction is the Action of an RPC-style operation, or "".
	RPCAction = apiruntime.RPCAction
	// TypeUntypedParameters types untyped parameters as strings.
	TypeUntypedParameters = apiruntime.TypeUntypedParameters
)
