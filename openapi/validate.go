package openapi

import (
	"context"

	"github.com/getkin/kin-openapi/openapi3"
)

// Validate checks doc with kin-openapi's default options, examples
// included, as a consumer of the spec would: an example that breaks its
// schema is the page's own contradiction, which Build reports and keeps as
// evidence (x-docspec-evidence), not as an example.
func Validate(doc *openapi3.T) error {
	return doc.Validate(context.Background())
}
