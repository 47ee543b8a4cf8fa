package openapi

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/model"
)

// Validate checks doc with kin-openapi's default options, examples
// included, as a consumer of the spec would: an example that breaks its
// schema is the page's own contradiction, which Build reports and keeps as
// evidence (x-docspec-evidence), not as an example.
func Validate(doc *openapi3.T) error {
	return doc.Validate(context.Background(), validation()...)
}

// validation is kin-openapi's default: no option.
func validation() []openapi3.ValidationOption { return nil }

// leaveOutInvalid makes doc valid by leaving out each operation that
// kin-openapi refuses on its own, with an error at its page, so that one
// malformed page never costs the rest of the service. It returns the error
// that remains when the document is still invalid.
func (b *builder) leaveOutInvalid(doc *openapi3.T) error {
	if Validate(doc) == nil {
		return nil
	}
	ctx := context.Background()
	for _, path := range doc.Paths.Keys() {
		item := doc.Paths.Value(path)
		ops := item.Operations()
		for _, method := range slices.Sorted(maps.Keys(ops)) {
			op := ops[method]
			one := &openapi3.PathItem{}
			one.SetOperation(method, op)
			err := openapi3.NewPaths(openapi3.WithPath(path, one)).Validate(ctx, validation()...)
			if err == nil {
				continue
			}
			b.op = op.OperationID
			b.diag(model.SevError, "operation-invalid", fmt.Sprintf("%s %s (%s) cannot go into a valid OpenAPI document, so it is left out: %s", method, path, op.OperationID, firstLine(err.Error())), b.sources[op])
			b.op = ""
			item.SetOperation(method, nil)
		}
		if len(item.Operations()) == 0 {
			doc.Paths.Delete(path)
		}
	}
	return Validate(doc)
}
