package gen

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/apiruntime"
)

// DropSchemalessResponseBodies removes, for generation, the media types of
// responses that have examples but no schema (ECS "Deleting ECSs" shows a
// JSON example and no response table): oapi-codegen's strict server would
// declare the answer as an interface type with methods, which does not
// compile. The generated server then answers such a status without a typed
// body, and the generated client still hands over the bytes; the spec keeps
// the examples.
func DropSchemalessResponseBodies(doc *openapi3.T) {
	eachResponse(doc, func(r *openapi3.Response) {
		for ct, mt := range r.Content {
			if mt == nil || mt.Schema == nil {
				delete(r.Content, ct)
			}
		}
		if len(r.Content) == 0 {
			r.Content = nil
		}
	})
}

// StripNonJSONResponseSchemas removes, for generation, the schema of every
// response media type that is not JSON (OBS answers application/xml):
// oapi-codegen's client declares a typed field for such a body whose type
// its model generator never writes, which does not compile. The generated
// server then answers that media type with bytes (a Body io.Reader) and the
// client hands them over; the spec keeps the schema. Run after
// DropSchemalessResponseBodies, which would drop these media types.
func StripNonJSONResponseSchemas(doc *openapi3.T) {
	eachResponse(doc, func(r *openapi3.Response) {
		for ct, mt := range r.Content {
			if mt != nil && !apiruntime.IsJSONMedia(ct) {
				mt.Schema = nil
			}
		}
	})
}

// eachResponse calls fn with every response of every operation of doc.
func eachResponse(doc *openapi3.T, fn func(*openapi3.Response)) {
	if doc.Paths == nil {
		return
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.Responses == nil {
				continue
			}
			for _, r := range op.Responses.Map() {
				if r != nil && r.Value != nil {
					fn(r.Value)
				}
			}
		}
	}
}
