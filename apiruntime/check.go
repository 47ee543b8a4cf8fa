package apiruntime

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// filterOptions: credentials are checked by Check itself (the documented
// 401), defaults are not written into the request, and the body is
// validated by Check on the value it decoded once.
var filterOptions = &openapi3filter.Options{
	AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
	SkipSettingDefaults: true,
	ExcludeRequestBody:  true,
}

// Check refuses a request that breaks what the spec documents for its
// operation: a missing credential (401), a parameter given more than once
// where it takes one value, a parameter or body against its schema, a JSON
// body with data after the value, a broken x-docspec-rules rule (400), a
// body over the limit (413). On success r.Body holds the bytes read and body
// is the decoded JSON body (nil without one), for the handler to share: a
// JSON body's r.Body also carries it (ValidatedValue, which oapi-codegen's
// runtime.BindJSONBody binds into the handler's type instead of decoding
// the bytes again). w may be nil (a client-side check); with w the server
// closes a connection whose body is over the limit.
func (a *API) Check(w http.ResponseWriter, r *http.Request, m Match) (body any, _ *Error) {
	p := m.op
	if len(p.Auth) > 0 && !authenticated(r, p.Auth) {
		return nil, p.fail(p.Unauthorized, "", errors.New("no credential header"))
	}
	if err := a.document(); err != nil {
		return nil, NewError(a.spec.Shape, a.spec.Internal, p.ID, "", err)
	}
	var query map[string][]string
	for _, s := range p.single {
		if s.in == "query" && query == nil && r.URL.RawQuery != "" {
			query = r.URL.Query()
		}
		if n := count(r, query, s); n > 1 {
			return nil, p.fail(p.BadRequest, s.name, fmt.Errorf("%s parameter %s given %d times; it takes one value", s.in, s.name, n))
		}
	}
	rb := p.body
	var data []byte
	if rb != nil && rb.Value != nil {
		var tooLarge bool
		var err error
		if data, tooLarge, err = readBody(r, a.maxBody()); tooLarge {
			if w != nil {
				w.Header().Set("Connection", "close")
			}
			return nil, p.fail(a.spec.TooLarge, "body", err)
		} else if err != nil {
			return nil, p.fail(p.BadRequest, "body", err)
		}
	} else if w != nil && r.Body != nil && r.Body != http.NoBody {
		r.Body = http.MaxBytesReader(w, r.Body, a.maxBody())
	}
	for _, prm := range p.present {
		if !sent(r, prm) {
			return nil, p.refuse(&openapi3filter.RequestError{Parameter: prm, Reason: openapi3filter.ErrInvalidRequired.Error(), Err: openapi3filter.ErrInvalidRequired})
		}
	}
	var input *openapi3filter.RequestValidationInput
	if len(p.filter.Operation.Parameters) > 0 {
		input = &openapi3filter.RequestValidationInput{Request: r, Route: p.filter, Options: filterOptions}
		if p.filterPath {
			input.PathParams = m.pathParams()
		}
		if err := openapi3filter.ValidateRequest(r.Context(), input); err != nil {
			return nil, p.refuse(err)
		}
	}
	if rb == nil || rb.Value == nil {
		return nil, nil
	}
	if input == nil {
		input = &openapi3filter.RequestValidationInput{Request: r, Route: p.filter, Options: filterOptions}
	}
	v, err := p.validateBody(r.Context(), input, rb.Value, data)
	if err != nil {
		return nil, p.refuse(err)
	}
	if field, err := checkRules(p.rules, v); err != nil {
		return nil, p.fail(p.BadRequest, field, err)
	}
	if v != nil {
		r.Body = &validatedBody{Reader: bytes.NewReader(data), value: v}
	}
	return v, nil
}

// validatedBody is a checked JSON body: its bytes, and the value decoded
// from them and validated. oapi-codegen's runtime.BindJSONBody binds the
// value (member names matched exactly, as validated) and decodes the bytes
// with encoding/json only when the value does not fit the handler's type,
// so that errors are the ones encoding/json gives.
type validatedBody struct {
	*bytes.Reader
	value any
}

func (b *validatedBody) Close() error { return nil }

// ValidatedValue is the decoded body: objects as map[string]any, arrays as
// []any, numbers as json.Number.
func (b *validatedBody) ValidatedValue() any { return b.value }

func (a *API) maxBody() int64 {
	if a.MaxBodyBytes > 0 {
		return a.MaxBodyBytes
	}
	return DefaultMaxBodyBytes
}

// fail builds the operation's answer in its shape.
func (p *op) fail(ans Answer, param string, err error) *Error {
	return NewError(p.Shape, ans, p.ID, param, err)
}

// refuse turns a kin-openapi validation error into the documented answer:
// 401 when it is about a credential header, else 400 naming the parameter.
func (p *op) refuse(err error) *Error {
	param := parameterName(err)
	for _, alt := range p.Auth {
		for _, h := range alt {
			if h == param {
				return p.fail(p.Unauthorized, "", err)
			}
		}
	}
	return p.fail(p.BadRequest, param, err)
}

func authenticated(r *http.Request, alts [][]string) bool {
	for _, alt := range alts {
		ok := true
		for _, h := range alt {
			if r.Header.Get(h) == "" {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// sent reports whether the request carries parameter p (query or header).
func sent(r *http.Request, p *openapi3.Parameter) bool {
	if p.In == "header" {
		_, ok := r.Header[http.CanonicalHeaderKey(p.Name)]
		return ok
	}
	_, ok := r.URL.Query()[p.Name]
	return ok
}

// count is how many values of parameter s the request carries.
func count(r *http.Request, query map[string][]string, s single) int {
	if s.in == "header" {
		return len(r.Header.Values(s.name))
	}
	return len(query[s.name])
}

// readBody reads at most limit bytes of r's body and puts them back for
// the handler.
func readBody(r *http.Request, limit int64) (data []byte, tooLarge bool, err error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, false, nil
	}
	if r.ContentLength > 0 && r.ContentLength <= limit {
		data = make([]byte, 0, r.ContentLength+1) // +1: room to see EOF without growing
	}
	data, err = readAll(io.LimitReader(r.Body, limit+1), data)
	r.Body.Close()
	if int64(len(data)) > limit {
		r.Body = http.NoBody
		return nil, true, fmt.Errorf("request body over %d bytes", limit)
	}
	r.Body = io.NopCloser(bytes.NewReader(data))
	r.ContentLength = int64(len(data))
	return data, false, err
}

// readAll is io.ReadAll into buf's capacity.
func readAll(rd io.Reader, buf []byte) ([]byte, error) {
	if cap(buf) == 0 {
		return io.ReadAll(rd)
	}
	for {
		n, err := rd.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

// validateBody does what openapi3filter.ValidateRequestBody does, decoding
// a JSON body once (and refusing data after the value) so that the rules
// and the handler read the same value; other media types go through
// openapi3filter. A body the operation's quick check accepts is not visited
// again by kin-openapi.
func (p *op) validateBody(ctx context.Context, input *openapi3filter.RequestValidationInput, rb *openapi3.RequestBody, data []byte) (any, error) {
	if len(data) == 0 {
		if rb.Required {
			return nil, &openapi3filter.RequestError{Input: input, RequestBody: rb, Err: openapi3filter.ErrInvalidRequired}
		}
		return nil, nil
	}
	if len(rb.Content) == 0 {
		return nil, nil
	}
	ct := input.Request.Header.Get("Content-Type")
	mt := rb.Content.Get(ct)
	if mt == nil {
		return nil, &openapi3filter.RequestError{Input: input, RequestBody: rb, Reason: fmt.Sprintf("header Content-Type has unexpected value %q", ct)}
	}
	isJSON := IsJSONMedia(ct)
	if mt.Schema == nil || mt.Schema.Value == nil {
		// A JSON body the page shows only by example (RDS "Stopping an
		// Instance": "{}", no table): no shape to check, but it must be
		// one JSON value.
		if !isJSON {
			return nil, nil
		}
		v, err := decodeJSON(data)
		if err != nil {
			return nil, &openapi3filter.RequestError{Input: input, RequestBody: rb, Reason: "failed to decode request body",
				Err: &openapi3filter.ParseError{Kind: openapi3filter.KindInvalidFormat, Cause: err}}
		}
		return v, nil
	}
	if !isJSON || isBinary(mt.Schema.Value) {
		body := input.Request.Body
		input.Request.Body = io.NopCloser(bytes.NewReader(data))
		err := openapi3filter.ValidateRequestBody(ctx, input, rb)
		input.Request.Body = body
		return nil, err
	}
	v, err := decodeJSON(data)
	if err != nil {
		return nil, &openapi3filter.RequestError{Input: input, RequestBody: rb, Reason: "failed to decode request body",
			Err: &openapi3filter.ParseError{Kind: openapi3filter.KindInvalidFormat, Cause: err}}
	}
	if p.quick != nil && mt.Schema.Value == p.quickFor && p.quick.accepts(v) {
		return v, nil
	}
	if err := mt.Schema.Value.VisitJSON(v, openapi3.VisitAsRequest()); err != nil {
		return nil, &openapi3filter.RequestError{Input: input, RequestBody: rb, Reason: "doesn't match schema", Err: err}
	}
	return v, nil
}

// isBinary is openapi3filter's test for a body it does not decode.
func isBinary(s *openapi3.Schema) bool {
	return s.Type.Is(openapi3.TypeString) && s.Format == "binary"
}

// parameterName names what a kin-openapi validation error is about: the
// parameter, or the innermost body field.
func parameterName(err error) string {
	var re *openapi3filter.RequestError
	if errors.As(err, &re) && re.Parameter != nil {
		return re.Parameter.Name
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		ptr := se.JSONPointer()
		for i := len(ptr) - 1; i >= 0; i-- {
			if !isIndex(ptr[i]) {
				return ptr[i]
			}
		}
	}
	return "body"
}

func isIndex(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// IsJSONMedia reports whether the media type ct (parameters allowed) is
// JSON: application/json or a +json suffix.
func IsJSONMedia(ct string) bool {
	media, _, _ := strings.Cut(ct, ";")
	media = strings.ToLower(strings.TrimSpace(media))
	return media == "application/json" || strings.HasSuffix(media, "+json")
}
