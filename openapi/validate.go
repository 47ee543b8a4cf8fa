package openapi

import (
	"context"

	"github.com/getkin/kin-openapi/openapi3"
)

// Validate checks doc with kin-openapi, patterns compiled as Go regexps.
// Example validation is off: an example that breaks its schema is the page's
// own contradiction, which Build reports as a diagnostic and keeps as
// evidence rather than dropping.
func Validate(doc *openapi3.T) error {
	return doc.Validate(context.Background(),
		openapi3.EnableSchemaPatternValidation(),
		openapi3.DisableExamplesValidation(),
	)
}
