package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// validator checks one request against its operation and returns the body
// with the documented defaults applied.
//
// Until the apiruntime package (the generated servers' runtime) lands, this
// is openapi3filter directly, with the options the generated server uses;
// the double then validates through apiruntime so that both answer alike.
type validator interface {
	validate(r *http.Request, params map[string]string, body []byte) ([]byte, error)
}

type filterValidator struct {
	route   *routers.Route
	options *openapi3filter.Options
}

func newValidator(o *Op) (validator, error) {
	return &filterValidator{
		route: &routers.Route{Spec: o.Spec.Doc, Path: o.Path, PathItem: o.PathItem, Method: o.Method, Operation: o.Operation},
		options: &openapi3filter.Options{
			// The double authenticates by itself (auth.go), before validation.
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		},
	}, nil
}

func (v *filterValidator) validate(r *http.Request, params map[string]string, body []byte) ([]byte, error) {
	if err := trailing(body); err != nil {
		return nil, err
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: v.route, Options: v.options}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		return nil, errors.New(describeValidation(err))
	}
	// openapi3filter rewrites the body with the defaults it set.
	out, err := io.ReadAll(r.Body)
	if err != nil {
		return body, nil
	}
	return out, nil
}

// trailing refuses data after a JSON body's value: {"a":1}{"b":2} is not one document.
func trailing(body []byte) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var v any
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("the request body is not valid JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("the request body has data after its JSON value")
	}
	return nil
}

func describeValidation(err error) string {
	var re *openapi3filter.RequestError
	if errors.As(err, &re) {
		if re.Parameter != nil {
			return fmt.Sprintf("parameter %s in %s: %s", re.Parameter.Name, re.Parameter.In, clean(re.Err))
		}
		if re.RequestBody != nil && re.Err != nil {
			return "request body: " + clean(re.Err)
		}
		return clean(re)
	}
	return clean(err)
}
