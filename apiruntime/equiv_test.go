package apiruntime

import (
	"fmt"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// Check tests the presence of unconstrained string parameters itself and
// gives openapi3filter the rest, with no security requirement (credentials
// are Check's). On every request below, it must refuse exactly what
// openapi3filter refuses on the whole operation, naming the same parameter.
func TestCheckRefusesWhatOpenapi3filterRefuses(t *testing.T) {
	a := load(t, "params.yaml")
	base := "/v1/p1/items/i1?name=n"
	hdr := []string{"X-Auth-Token", "t"}
	cases := []struct {
		target string
		header []string
	}{
		{base, hdr},
		{base, nil},
		{base, []string{"X-Auth-Token", ""}},
		{"/v1/p1/items/i1", hdr},
		{"/v1/p1/items/i1?name=", hdr},
		{"/v1/p1/items/toolong?name=n", hdr},
		{base + "&marker=", hdr},
		{base + "&limit=0", hdr},
		{base + "&limit=x", hdr},
		{base + "&limit=", hdr},
		{base + "&kind=c", hdr},
		{base + "&kind=a", hdr},
		{base + "&empty=", hdr},
		{base + "&ids=a&ids=b", hdr},
		{base, append([]string{"X-Language", ""}, hdr...)},
		{base, append([]string{"trace", "x"}, hdr...)},
	}
	for _, c := range cases {
		what := fmt.Sprintf("GET %s %v", c.target, c.header)
		r := request("GET", c.target, "", c.header...)
		m, ferr := a.Find(r, "")
		if ferr != nil {
			t.Fatalf("%s: %v", what, ferr)
		}
		_, got := a.Check(nil, r, m)
		full := openapi3filter.ValidateRequest(r.Context(), &openapi3filter.RequestValidationInput{
			Request: request("GET", c.target, "", c.header...), PathParams: m.PathParams, Route: m.op.route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, SkipSettingDefaults: true, ExcludeRequestBody: true},
		})
		switch {
		case (got == nil) != (full == nil):
			t.Errorf("%s: Check says %v, openapi3filter says %v", what, got, full)
		case got != nil && got.Parameter != parameterName(full):
			t.Errorf("%s: Check names %q, openapi3filter %q", what, got.Parameter, parameterName(full))
		}
	}
}

// The filter's copy of ShowItem keeps the constrained parameters only.
func TestFilterKeepsConstrainedParameters(t *testing.T) {
	a := load(t, "params.yaml")
	m, _ := a.Find(request("GET", "/v1/p1/items/i1", ""), "")
	if _, err := a.Check(nil, request("GET", "/v1/p1/items/i1?name=n", "", "X-Auth-Token", "t", "trace", "x"), m); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range m.op.filter.Operation.Parameters {
		names = append(names, p.Value.Name)
	}
	if fmt.Sprint(names) != "[item_id limit kind ids]" {
		t.Fatalf("filtered parameters %v", names)
	}
	if len(*m.op.filter.Operation.Security) != 0 || m.op.filter.PathItem.Parameters != nil {
		t.Fatal("the filter's route keeps a security requirement or path-item parameters")
	}
	var present []string
	for _, p := range m.op.present {
		present = append(present, p.Name)
	}
	if fmt.Sprint(present) != "[X-Auth-Token name]" {
		t.Fatalf("presence-tested parameters %v", present)
	}
}
