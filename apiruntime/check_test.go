package apiruntime

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oapi-codegen/runtime"
)

const keys = "/v1/p1/keys"

// check routes and checks one request as a server does.
func check(t *testing.T, a *API, r *http.Request) (any, *Error) {
	t.Helper()
	m, err := a.Find(r, "")
	if err != nil {
		t.Fatalf("%s %s: %v", r.Method, r.URL, err)
	}
	return a.Check(httptest.NewRecorder(), r, m)
}

func TestCheckWithoutCredentialIs401(t *testing.T) {
	_, err := check(t, load(t, "keys.yaml"), request("POST", keys, `{"name":"abc"}`))
	if err == nil || err.Status != http.StatusUnauthorized || err.Body["error_code"] != "APIG.1002" {
		t.Fatalf("got %v, want 401 APIG.1002", err)
	}
}

// An operation with `security: []` needs no credential.
func TestCheckAnonymousOperation(t *testing.T) {
	if _, err := check(t, load(t, "keys.yaml"), request("GET", "/v1/p1/files/a.json", "")); err != nil {
		t.Fatal(err)
	}
}

// #11.7: ?limit=1&limit=2 was bound by oapi-codegen's binder and refused in
// text/plain; now it is the operation's documented 400 naming limit.
func TestCheckRepeatedSingleValuedQueryParameterIs400(t *testing.T) {
	_, err := check(t, load(t, "keys.yaml"), request("POST", keys+"?limit=1&limit=2", `{"name":"abc"}`, "X-Auth-Token", "t"))
	if err == nil || err.Status != 400 || err.Parameter != "limit" || err.Body["error_code"] != "KEY.0001" ||
		err.Body["error_msg"] != "Invalid parameter value,parameterName:limit" {
		t.Fatalf("got %v, want 400 KEY.0001 naming limit", err)
	}
}

func TestCheckRepeatedArrayQueryParameterIsAccepted(t *testing.T) {
	if _, err := check(t, load(t, "keys.yaml"), request("POST", keys+"?tags=a&tags=b", `{"name":"abc"}`, "X-Auth-Token", "t")); err != nil {
		t.Fatal(err)
	}
}

func TestCheckRepeatedCredentialHeaderIs400(t *testing.T) {
	_, err := check(t, load(t, "keys.yaml"), request("POST", keys, `{"name":"abc"}`, "X-Auth-Token", "t", "X-Auth-Token", "u"))
	if err == nil || err.Status != 400 || err.Parameter != "X-Auth-Token" {
		t.Fatalf("got %v, want 400 naming X-Auth-Token", err)
	}
}

func TestCheckQueryParameterOverMaximumIs400(t *testing.T) {
	_, err := check(t, load(t, "keys.yaml"), request("POST", keys+"?limit=501", `{"name":"abc"}`, "X-Auth-Token", "t"))
	if err == nil || err.Status != 400 || err.Parameter != "limit" {
		t.Fatalf("got %v, want 400 naming limit", err)
	}
}

// #11.7: a JSON body followed by more data was accepted.
func TestCheckJSONBodyFollowedByTrailingDataIs400(t *testing.T) {
	for _, body := range []string{`{"name":"abc"}{"name":"def"}`, `{"name":"abc"} x`, `{"name":"abc"}]`} {
		_, err := check(t, load(t, "keys.yaml"), request("POST", keys, body, "X-Auth-Token", "t"))
		if err == nil || err.Status != 400 || err.Parameter != "body" {
			t.Errorf("%s: got %v, want 400 naming body", body, err)
		}
	}
	if _, err := check(t, load(t, "keys.yaml"), request("POST", keys, "{\"name\":\"abc\"}\n\t ", "X-Auth-Token", "t")); err != nil {
		t.Errorf("trailing white space: %v", err)
	}
}

// #11.5: bodies were read with no limit.
func TestCheckBodyOverLimitIs413(t *testing.T) {
	a := load(t, "keys.yaml")
	a.MaxBodyBytes = 64
	body := `{"name":"` + strings.Repeat("a", 64) + `"}`
	_, err := check(t, a, request("POST", keys, body, "X-Auth-Token", "t"))
	if err == nil || err.Status != http.StatusRequestEntityTooLarge || err.Body["error_code"] != "APIG.0201" {
		t.Fatalf("got %v, want 413 APIG.0201", err)
	}
}

// A body the limit allows exactly is read whole.
func TestCheckBodyAtLimitIsRead(t *testing.T) {
	a := load(t, "keys.yaml")
	body := `{"name":"abcdef"}`
	a.MaxBodyBytes = int64(len(body))
	if _, err := check(t, a, request("POST", keys, body, "X-Auth-Token", "t")); err != nil {
		t.Fatal(err)
	}
}

// An operation without a documented body bounds what its handler reads.
func TestCheckBoundsBodyOfOperationWithoutOne(t *testing.T) {
	a := load(t, "keys.yaml")
	a.MaxBodyBytes = 8
	r := request("GET", "/v1/p1/files/a.json", strings.Repeat("x", 100))
	if _, err := check(t, a, r); err != nil {
		t.Fatal(err)
	}
	_, err := io.ReadAll(r.Body)
	var mbe *http.MaxBytesError
	if !errors.As(err, &mbe) {
		t.Fatalf("reading the body: %v, want a MaxBytesError", err)
	}
}

func TestCheckSchemaErrorNamesInnermostField(t *testing.T) {
	_, err := check(t, load(t, "keys.yaml"), request("POST", keys, `{"name":"abc","items":[{"value":"toolong"}]}`, "X-Auth-Token", "t"))
	if err == nil || err.Status != 400 || err.Parameter != "value" || err.Body["error_msg"] != "Invalid parameter value,parameterName:value" {
		t.Fatalf("got %v, want 400 naming value", err)
	}
}

func TestCheckMissingRequiredBodyIs400(t *testing.T) {
	_, err := check(t, load(t, "keys.yaml"), request("POST", keys, "", "X-Auth-Token", "t"))
	if err == nil || err.Status != 400 || err.Parameter != "body" {
		t.Fatalf("got %v, want 400 naming body", err)
	}
}

func TestCheckUnexpectedContentTypeIs400(t *testing.T) {
	r := request("POST", keys, `{"name":"abc"}`, "X-Auth-Token", "t")
	r.Header.Set("Content-Type", "text/plain")
	if _, err := check(t, load(t, "keys.yaml"), r); err == nil || err.Status != 400 {
		t.Fatalf("got %v, want 400", err)
	}
}

// keys.yaml's rule: an hmac sign_key has 8 to 32 characters; sign_type
// defaults to hmac, so the rule holds without it too.
func TestCheckRuleBrokenNamesItsField(t *testing.T) {
	a := load(t, "keys.yaml")
	for _, body := range []string{`{"name":"abc","sign_type":"hmac","sign_key":"short"}`, `{"name":"abc","sign_key":"short"}`} {
		_, err := check(t, a, request("POST", keys, body, "X-Auth-Token", "t"))
		if err == nil || err.Status != 400 || err.Parameter != "sign_key" || !strings.Contains(err.Error(), "minLength 8") {
			t.Errorf("%s: got %v, want 400 naming sign_key", body, err)
		}
	}
	if _, err := check(t, a, request("POST", keys, `{"name":"abc","sign_type":"aes","sign_key":"short"}`, "X-Auth-Token", "t")); err != nil {
		t.Errorf("the rule does not apply to aes: %v", err)
	}
}

// The body is decoded once: Check returns the value and leaves the bytes
// for the handler.
func TestCheckSharesDecodedBodyAndLeavesBytes(t *testing.T) {
	body := `{"name":"abcdef","sign_key":"longenough"}`
	r := request("POST", keys, body, "X-Auth-Token", "t")
	v, err := check(t, load(t, "keys.yaml"), r)
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := v.(map[string]any); !ok || m["name"] != "abcdef" {
		t.Fatalf("decoded body %v", v)
	}
	if b, _ := io.ReadAll(r.Body); string(b) != body {
		t.Fatalf("handler reads %q, want %q", b, body)
	}
}

func TestValidateRequestWithoutOperationFails(t *testing.T) {
	err := load(t, "keys.yaml").ValidateRequest(request("GET", "/nothing", ""))
	var verr *Error
	if !errors.As(err, &verr) || verr.Status != 404 {
		t.Fatalf("got %v, want a 404 *Error", err)
	}
}

func TestRPCParameterErrorInAlibabaShape(t *testing.T) {
	err := load(t, "rpc.yaml").ValidateRequest(request("POST", "/?Action=CreateThing&Name=waytoolongname", ""))
	var verr *Error
	if !errors.As(err, &verr) || verr.Status != 400 || verr.Body["Code"] != "InvalidParameter" ||
		verr.Body["Message"] != `The specified parameter "Name" is not valid.` || verr.Body["RequestId"] == "" {
		t.Fatalf("got %v", err)
	}
}

// binderError has the ParamName field oapi-codegen's binder errors have.
type binderError struct {
	ParamName string
	Err       error
}

func (e *binderError) Error() string { return e.ParamName + ": " + e.Err.Error() }

func TestWriteErrorAnswersInProviderShape(t *testing.T) {
	a := load(t, "keys.yaml")
	cases := []struct {
		name   string
		err    error
		write  func(http.ResponseWriter, *http.Request, error)
		status int
		code   string
	}{
		{"binder error naming a parameter", &binderError{"limit", errors.New("bad")}, a.WriteError, 400, "KEY.0001"},
		{"body decode error", errors.New("can't decode JSON body"), a.WriteError, 400, "KEY.0001"},
		{"unimplemented operation", fmt.Errorf("%w: CreateKey", ErrNotImplemented), a.WriteResponseError, 501, "DOCSPEC.0501"},
		{"handler failure", errors.New("database down"), a.WriteResponseError, 500, "DOCSPEC.0500"},
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		c.write(rec, request("POST", keys, ""), c.err)
		body := answered(t, rec)
		if rec.Code != c.status || body["error_code"] != c.code {
			t.Errorf("%s: %d %v, want %d %s", c.name, rec.Code, body, c.status, c.code)
		}
	}
}

// The body Check decoded is the one the handler binds: r.Body carries it
// (ValidatedValue, read by oapi-codegen's runtime.BindJSONBody) beside the
// bytes, and binding matches member names exactly, as they were validated —
// encoding/json would take "NAME" for the field name.
func TestCheckSharesTheDecodedBodyWithTheHandler(t *testing.T) {
	r := request("POST", keys, `{"name":"abc","NAME":"other"}`, "X-Auth-Token", "t")
	body, err := check(t, load(t, "keys.yaml"), r)
	if err != nil {
		t.Fatal(err)
	}
	vb, ok := r.Body.(interface{ ValidatedValue() any })
	if !ok {
		t.Fatalf("r.Body is a %T, without the validated value", r.Body)
	}
	if fmt.Sprint(vb.ValidatedValue()) != fmt.Sprint(body) {
		t.Fatalf("validated value %v, Check returned %v", vb.ValidatedValue(), body)
	}
	var bound struct {
		Name string `json:"name"`
	}
	if err := runtime.BindJSONBody(r, &bound); err != nil || bound.Name != "abc" {
		t.Fatalf("bound %+v (%v), want name abc", bound, err)
	}
	if b, _ := io.ReadAll(r.Body); string(b) != `{"name":"abc","NAME":"other"}` {
		t.Fatalf("r.Body reads %q", b)
	}
}
