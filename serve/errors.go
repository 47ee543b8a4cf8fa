package serve

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/conventions"
)

// errorShape writes a provider's errors: the body shape of the operation's
// documented errors and the provider profile's answers where an operation
// documents none (conventions owns both).
type errorShape struct {
	shape     conventions.ErrorShape
	profile   conventions.Profile
	catalogue map[int][]string
}

// shapeOf is the error writer of one operation (op nil: of the spec, for
// requests that match no operation).
func shapeOf(doc *openapi3.T, path string, op *openapi3.Operation) *errorShape {
	return &errorShape{shape: conventions.ShapeOf(doc, path, op), profile: conventions.ProfileOf(doc), catalogue: catalogueOf(doc)}
}

var catalogues sync.Map // *openapi3.T → map[int][]string: read once per document

func catalogueOf(doc *openapi3.T) map[int][]string {
	if c, ok := catalogues.Load(doc); ok {
		return c.(map[int][]string)
	}
	c, _ := catalogues.LoadOrStore(doc, catalogue(doc))
	return c.(map[int][]string)
}

// catalogue reads the root x-docspec-error-codes: codes per status, in order.
func catalogue(doc *openapi3.T) map[int][]string {
	out := map[int][]string{}
	for _, e := range conventions.CatalogueOf(doc.Extensions) {
		if n, err := strconv.Atoi(e.Status); err == nil && e.Code != "" {
			out[n] = append(out[n], e.Code)
		}
	}
	return out
}

// codeFor is the error code to answer with: the operation's own for that
// status (from its response's x-docspec-error-codes or its example), else
// the provider profile's answer for 400 and 401, else the catalogue's first
// for that status, else a code naming the status (DOCSPEC.404).
func (e *errorShape) codeFor(op *openapi3.Operation, status int) string {
	if op != nil {
		if r := op.Responses.Value(strconv.Itoa(status)); r != nil && r.Value != nil {
			if codes := conventions.StringsOf(r.Value.Extensions, conventions.KeyErrorCodes); len(codes) > 0 {
				return codes[0]
			}
			if mt := r.Value.Content.Get("application/json"); mt != nil {
				for _, k := range sortedKeys(mt.Examples) {
					if ex := mt.Examples[k]; ex != nil && ex.Value != nil {
						if m, ok := ex.Value.Value.(map[string]any); ok {
							if c, ok := m[e.shape.Code].(string); ok && c != "" {
								return c
							}
						}
					}
				}
			}
		}
	}
	switch {
	case status == http.StatusBadRequest && e.profile.BadRequest.Code != "":
		return e.profile.BadRequest.Code
	case status == http.StatusUnauthorized && e.profile.Unauthorized.Code != "":
		return e.profile.Unauthorized.Code
	}
	// The catalogue's first code for the status, for an operation's own
	// failures; a request that matches no operation gets none of them (the
	// first 404 of a catalogue is about something else).
	if codes := e.catalogue[status]; len(codes) > 0 && op != nil {
		return codes[0]
	}
	return "DOCSPEC." + strconv.Itoa(status)
}

// write answers status with code and message in the provider's shape.
func (e *errorShape) write(w http.ResponseWriter, status int, code, message string, requestID string) {
	body := map[string]string{e.shape.Code: code, e.shape.Message: message}
	if e.shape.RequestID != "" {
		body[e.shape.RequestID] = requestID
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	b, err := json.Marshal(body)
	if err != nil {
		b = []byte(`{}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

// clean makes a validation error one line without the schema dump kin-openapi appends.
func clean(err error) string {
	s := err.Error()
	if i := strings.Index(s, "\nSchema:"); i >= 0 {
		s = s[:i]
	}
	return strings.Join(strings.Fields(s), " ")
}
