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

// OperationRef is a spec operation with its path and method.
type OperationRef = apiruntime.OperationRef

// Operations lists the spec's operations sorted by path then method.
func Operations(doc *openapi3.T) []OperationRef { return apiruntime.Operations(doc) }

// TypeUntypedParameters types untyped parameters as strings
// (apiruntime.TypeUntypedParameters).
func TypeUntypedParameters(doc *openapi3.T) { apiruntime.TypeUntypedParameters(doc) }
