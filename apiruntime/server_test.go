package apiruntime

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// serve mounts a on a ServeMux with a route for each id that echoes the
// path values its pattern names.
func serve(a *API, ids ...string) http.Handler {
	mux := http.NewServeMux()
	var routes []Route
	for _, id := range ids {
		routes = append(routes, Route{OperationID: id, Pattern: "/v1/{project_id}/apps/{app_id}", Handler: func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "%s %s %s", id, r.PathValue("project_id"), r.PathValue("app_id"))
		}})
	}
	a.Mount(mux, "", routes)
	return mux
}

func TestHandlerSetsPathValuesByPatternNames(t *testing.T) {
	rec := httptest.NewRecorder()
	serve(load(t, "keys.yaml"), "ShowApp").ServeHTTP(rec, request("GET", "/v1/p1/apps/a1", "", "X-Auth-Token", "t"))
	if rec.Code != 200 || rec.Body.String() != "ShowApp p1 a1" {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}

// #11.7: an unknown route was answered by http.NotFound in text/plain.
func TestHandlerUnknownRouteIs404InProviderShape(t *testing.T) {
	rec := httptest.NewRecorder()
	serve(load(t, "keys.yaml"), "ShowApp").ServeHTTP(rec, request("GET", "/v1/p1/nothing", ""))
	if body := answered(t, rec); rec.Code != 404 || body["error_code"] != "APIGW.0101" {
		t.Fatalf("%d %v", rec.Code, body)
	}
}

// #11.7: an unknown method on a documented path was text/plain too.
func TestHandlerUnknownMethodIs405InProviderShape(t *testing.T) {
	rec := httptest.NewRecorder()
	serve(load(t, "keys.yaml"), "ShowApp").ServeHTTP(rec, request("DELETE", "/v1/p1/apps/a1", ""))
	if body := answered(t, rec); rec.Code != 405 || body["error_code"] != "APIGW.0101" {
		t.Fatalf("%d %v", rec.Code, body)
	}
}

// #11.7: an operation the server has no handler for is 501, not 500.
func TestHandlerOperationWithoutRouteIs501(t *testing.T) {
	rec := httptest.NewRecorder()
	serve(load(t, "keys.yaml")).ServeHTTP(rec, request("GET", "/v1/p1/apps/a1", "", "X-Auth-Token", "t"))
	if body := answered(t, rec); rec.Code != 501 || body["error_code"] != "DOCSPEC.0501" {
		t.Fatalf("%d %v", rec.Code, body)
	}
}

// #11.5: a body over the limit is 413 and the connection is not reused.
func TestHandlerBodyOverLimitIs413AndClosesConnection(t *testing.T) {
	a := load(t, "keys.yaml")
	a.MaxBodyBytes = 1 << 10
	mux := http.NewServeMux()
	a.Mount(mux, "", []Route{{OperationID: "CreateKey", Pattern: "/v1/{project_id}/keys", Handler: func(w http.ResponseWriter, r *http.Request) {}}})
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, request("POST", keys, `{"name":"`+strings.Repeat("a", 2<<10)+`"}`, "X-Auth-Token", "t"))
	if body := answered(t, rec); rec.Code != 413 || body["error_code"] != "APIG.0201" || rec.Header().Get("Connection") != "close" {
		t.Fatalf("%d %v %v", rec.Code, body, rec.Header())
	}
}
