package conventions

import (
	"reflect"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestProfileForProvider(t *testing.T) {
	for _, c := range []struct{ provider, want string }{
		{"otc", "huawei"}, {"huaweicloud", "huawei"}, {"aliyun", "aliyun"}, {"", "huawei"}, {"somecloud", "huawei"},
	} {
		if got := ProfileFor(c.provider).Name; got != c.want {
			t.Errorf("ProfileFor(%q) = %s, want %s", c.provider, got, c.want)
		}
	}
	// The seeds' bodies: {"error_code","error_msg"} (seed 000, Huawei
	// doc-export) and {Code,Message,RequestId} (seed 002, Alibaba).
	if sh := ProfileFor("otc").Shape; sh != (ErrorShape{"error_code", "error_msg", ""}) {
		t.Errorf("otc shape %+v", sh)
	}
	if sh := ProfileFor("aliyun").Shape; sh != (ErrorShape{"Code", "Message", "RequestId"}) {
		t.Errorf("aliyun shape %+v", sh)
	}
	for _, p := range Profiles {
		if p.BadRequest.Status != 400 || p.Unauthorized.Status != 401 || p.BadRequest.Code == "" || p.Unauthorized.Code == "" {
			t.Errorf("profile %s: default answers %+v %+v", p.Name, p.BadRequest, p.Unauthorized)
		}
	}
}

func doc(provider string, schemas openapi3.Schemas) *openapi3.T {
	d := &openapi3.T{Info: &openapi3.Info{}, Paths: openapi3.NewPaths(), Components: &openapi3.Components{Schemas: schemas}}
	SetProvider(&d.Info.Extensions, provider)
	return d
}

func object(fields ...string) *openapi3.SchemaRef {
	s := &openapi3.Schema{Properties: openapi3.Schemas{}}
	for _, f := range fields {
		s.Properties[f] = &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"string"}}}
	}
	return &openapi3.SchemaRef{Value: s}
}

func TestShapeOf(t *testing.T) {
	op := func(status string, body *openapi3.SchemaRef) *openapi3.Operation {
		o := &openapi3.Operation{Responses: openapi3.NewResponses()}
		r := openapi3.NewResponse().WithJSONSchemaRef(body)
		o.Responses.Set(status, &openapi3.ResponseRef{Value: r})
		return o
	}
	for _, c := range []struct {
		name string
		d    *openapi3.T
		path string
		op   *openapi3.Operation
		want ErrorShape
	}{
		{"documented Huawei body", doc("otc", nil), "/v2/apps", op("400", object("error_code", "error_msg")), ErrorShape{"error_code", "error_msg", ""}},
		{"Huawei body whose message is named otherwise", doc("otc", nil), "/v2/apps", op("400", object("error_code", "message")), ErrorShape{"error_code", "message", ""}},
		{"Alibaba body without RequestId", doc("aliyun", nil), "/#DescribeApis", op("404", object("Code", "Message")), ErrorShape{"Code", "Message", ""}},
		{"the Error component", doc("otc", openapi3.Schemas{"Error": object("Code", "Message", "RequestId")}), "/v2/apps", op("200", object("id")), ErrorShape{"Code", "Message", "RequestId"}},
		{"nothing documented: the provider's", doc("aliyun", nil), "/x", op("200", object("id")), ErrorShape{"Code", "Message", "RequestId"}},
		{"an RPC Action of an unlisted provider", doc("", nil), "/#DescribeApis", op("200", object("id")), ErrorShape{"Code", "Message", "RequestId"}},
	} {
		if got := ShapeOf(c.d, c.path, c.op); got != c.want {
			t.Errorf("%s: ShapeOf = %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestCredentialHeaders(t *testing.T) {
	schemes := openapi3.SecuritySchemes{
		"token": {Value: &openapi3.SecurityScheme{Type: "apiKey", In: "header", Name: "X-Auth-Token"}},
		"aksk":  {Value: &openapi3.SecurityScheme{Type: "apiKey", In: "header", Name: "Authorization"}},
		"oidc":  {Value: &openapi3.SecurityScheme{Type: "openIdConnect"}},
		"query": {Value: &openapi3.SecurityScheme{Type: "apiKey", In: "query", Name: "key"}},
	}
	d := &openapi3.T{Components: &openapi3.Components{SecuritySchemes: schemes},
		Security: openapi3.SecurityRequirements{{"token": {}}, {"aksk": {}}}}
	sec := func(reqs ...openapi3.SecurityRequirement) *openapi3.SecurityRequirements {
		r := openapi3.SecurityRequirements(reqs)
		return &r
	}
	tokenParam := &openapi3.ParameterRef{Value: &openapi3.Parameter{In: "header", Name: "x-auth-token", Required: true}}
	for _, c := range []struct {
		name string
		op   *openapi3.Operation
		want [][]string
	}{
		{"the spec's alternatives", &openapi3.Operation{}, [][]string{{"X-Auth-Token"}, {"Authorization"}}},
		{"anonymous allowed", &openapi3.Operation{Security: sec(openapi3.SecurityRequirement{}, openapi3.SecurityRequirement{"token": {}})}, nil},
		{"both of one requirement", &openapi3.Operation{Security: sec(openapi3.SecurityRequirement{"token": {}, "oidc": {}})}, [][]string{{"Authorization", "X-Auth-Token"}}},
		{"a query key is no header", &openapi3.Operation{Security: sec(openapi3.SecurityRequirement{"query": {}})}, nil},
		{"no requirement: the required header a scheme names", &openapi3.Operation{Security: sec(), Parameters: openapi3.Parameters{tokenParam}}, [][]string{{"x-auth-token"}}},
	} {
		if got := CredentialHeaders(d, nil, c.op); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: CredentialHeaders = %q, want %q", c.name, got, c.want)
		}
	}
}
