package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/docspec/docspec/apiruntime"
)

const signs = "/v2/p1/apigw/instances/i1/signs"

// exchange sends one request to the example's handler and decodes the
// answer, failing unless it is JSON.
func exchange(t *testing.T, method, target, body string, header ...string) (int, map[string]string) {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	newStore().funcs().Handler().ServeHTTP(rec, req)
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("%s %s: %d with Content-Type %q: %s", method, target, rec.Code, ct, rec.Body)
	}
	var out map[string]string
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out
}

// #11.5: the example server set no timeouts (http.ListenAndServe).
func TestExampleServerSetsTimeouts(t *testing.T) {
	s := newServer("127.0.0.1:0", http.NotFoundHandler())
	if s.ReadHeaderTimeout <= 0 || s.ReadTimeout <= 0 || s.WriteTimeout <= 0 || s.IdleTimeout <= 0 || s.MaxHeaderBytes <= 0 {
		t.Fatalf("%+v", s)
	}
}

func TestExampleCreatesKey(t *testing.T) {
	status, body := exchange(t, "POST", signs, `{"name":"signature_demo"}`, "X-Auth-Token", "t")
	if status != 201 || body["name"] != "signature_demo" || body["id"] == "" {
		t.Fatalf("%d %v", status, body)
	}
}

// The example implements CreateSignatureKeyV2 only: listing keys is 501.
func TestExampleUnimplementedOperationIs501(t *testing.T) {
	status, body := exchange(t, "GET", signs, "", "X-Auth-Token", "t")
	if status != 501 || body["error_code"] == "" {
		t.Fatalf("%d %v", status, body)
	}
}

func TestExampleUnknownRouteIs404(t *testing.T) {
	if status, body := exchange(t, "GET", "/v2/p1/nothing", ""); status != 404 || body["error_code"] != "APIGW.0101" {
		t.Fatalf("%d %v", status, body)
	}
}

func TestExampleRepeatedQueryParameterIs400(t *testing.T) {
	status, body := exchange(t, "GET", signs+"?limit=1&limit=2", "", "X-Auth-Token", "t")
	if status != 400 || !strings.Contains(body["error_msg"], "limit") {
		t.Fatalf("%d %v", status, body)
	}
}

func TestExampleTrailingJSONIs400(t *testing.T) {
	status, body := exchange(t, "POST", signs, `{"name":"signature_demo"}{"name":"again"}`, "X-Auth-Token", "t")
	if status != 400 || !strings.Contains(body["error_msg"], "body") {
		t.Fatalf("%d %v", status, body)
	}
}

func TestExampleBodyOverLimitIs413(t *testing.T) {
	body := `{"name":"signature_demo"}` + string(bytes.Repeat([]byte(" "), apiruntime.DefaultMaxBodyBytes))
	if status, out := exchange(t, "POST", signs, body, "X-Auth-Token", "t"); status != 413 || out["error_code"] == "" {
		t.Fatalf("%d %v", status, out)
	}
}
