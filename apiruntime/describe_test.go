package apiruntime

import (
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/conventions"
)

func operation(t *testing.T, s Spec, id string) Operation {
	t.Helper()
	for _, o := range s.Operations {
		if o.ID == id {
			return o
		}
	}
	t.Fatalf("no operation %s", id)
	return Operation{}
}

// keys.yaml, CreateKey: its 400 example names a parameter, so its code and
// wording are the answer; ShowApp documents no 400 and answers what the
// spec's operations show; no 401 is documented anywhere: the provider's.
func TestDescribeTakesDocumented400AndProvider401(t *testing.T) {
	s := load(t, "keys.yaml").Spec()
	for _, id := range []string{"CreateKey", "ShowApp"} {
		o := operation(t, s, id)
		if o.BadRequest != (Answer{Status: 400, Code: "KEY.0001", Message: "Invalid parameter value,parameterName:%s"}) {
			t.Errorf("%s: 400 answer %+v", id, o.BadRequest)
		}
		if o.Unauthorized.Code != "APIG.1002" || o.Shape != (ErrorShape{Code: "error_code", Message: "error_msg"}) {
			t.Errorf("%s: 401 %+v in shape %+v", id, o.Unauthorized, o.Shape)
		}
	}
	if s.NotFound.Code != "APIGW.0101" || s.TooLarge.Status != 413 || s.NotImplemented.Status != 501 {
		t.Errorf("spec answers %+v %+v %+v", s.NotFound, s.TooLarge, s.NotImplemented)
	}
}

func TestDescribeCredentials(t *testing.T) {
	s := load(t, "keys.yaml").Spec()
	if got := operation(t, s, "CreateKey").Auth; len(got) != 1 || !slices.Equal(got[0], []string{"X-Auth-Token"}) {
		t.Errorf("CreateKey: %v", got)
	}
	if got := operation(t, s, "ShowFile").Auth; got != nil {
		t.Errorf("ShowFile (security: []): %v", got)
	}
}

func TestDescribeRPCSpecInAlibabaShape(t *testing.T) {
	s := load(t, "rpc.yaml").Spec()
	o := operation(t, s, "CreateThing")
	if o.Action != "CreateThing" || o.Shape != (ErrorShape{Code: "Code", Message: "Message", RequestID: "RequestId"}) || o.BadRequest.Code != "InvalidParameter" {
		t.Fatalf("%+v", o)
	}
	if s.Shape != o.Shape || s.RPCNotFound.Code != "InvalidAction.NotFound" {
		t.Fatalf("spec shape %+v, RPC not found %+v", s.Shape, s.RPCNotFound)
	}
}

// Every profile carries the answers the runtime gives outside an
// operation, with their statuses.
func TestEveryProfileHasRuntimeAnswers(t *testing.T) {
	for _, p := range conventions.Profiles {
		for _, c := range []struct {
			a      Answer
			status int
		}{{p.NotFound, 404}, {p.MethodNotAllowed, 405}, {p.TooLarge, 413}, {p.NotImplemented, 501}, {p.Internal, 500}} {
			if c.a.Status != c.status || c.a.Code == "" || c.a.Message == "" {
				t.Errorf("profile %s: answer %+v, want status %d with a code and a message", p.Name, c.a, c.status)
			}
		}
	}
}

func TestDescribeRefusesOperationWithoutID(t *testing.T) {
	doc := &openapi3.T{OpenAPI: "3.0.3", Info: &openapi3.Info{Title: "x", Version: "1"}, Paths: openapi3.NewPaths()}
	doc.Paths.Set("/a", &openapi3.PathItem{Get: &openapi3.Operation{Responses: openapi3.NewResponses()}})
	if _, err := Describe(doc); err == nil {
		t.Fatal("accepted")
	}
}
