package apiruntime

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// load reads testdata/name, validates it and prepares its API.
func load(t testing.TB, name string) *API {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("testdata/%s: %v", name, err)
	}
	if err := doc.Validate(t.Context()); err != nil {
		t.Fatalf("testdata/%s: %v", name, err)
	}
	a, err := FromSpec(doc)
	if err != nil {
		t.Fatalf("testdata/%s: %v", name, err)
	}
	return a
}

// request builds a request with a JSON content type when body is not empty.
func request(method, target, body string, header ...string) *http.Request {
	var r *http.Request
	if body == "" {
		r = httptest.NewRequest(method, target, nil)
	} else {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	return r
}

// answered decodes the recorded answer, failing unless it is JSON.
func answered(t *testing.T, rec *httptest.ResponseRecorder) map[string]string {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("answer %d has Content-Type %q, want application/json: %s", rec.Code, ct, rec.Body)
	}
	var body map[string]string
	b, _ := io.ReadAll(rec.Body)
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatalf("answer %d is not a JSON object of strings: %v: %s", rec.Code, err, b)
	}
	return body
}
