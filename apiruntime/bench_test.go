package apiruntime_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	api "github.com/docspec/docspec/generated/otcapig"
)

// The request of the benchmark: CreateSignatureKeyV2 (seed 000) with an
// hmac key, every constraint and rule of its body in play.
const (
	signsPath = "/v2/p1/apigw/instances/i1/signs"
	signsBody = `{"name":"signature_demo","sign_type":"hmac","sign_key":"signkeysignkey","sign_secret":"signsecretsignsecret"}`
)

var created = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// answer is what both handlers answer: the created key.
func answer(req *api.CreateSignatureKeyV2Request) api.CreateSignatureKeyV2Response {
	id := "e0a3c0e4a4c24b4e8c5f0f1b6f8d1c2a"
	return api.CreateSignatureKeyV2Response{Id: &id, Name: &req.Name, SignKey: req.SignKey, SignSecret: req.SignSecret, CreateTime: &created, UpdateTime: &created}
}

// generated is the generated strict server with validation on.
func generated() http.Handler {
	return (&api.StrictFuncs{
		CreateSignatureKeyV2: func(_ context.Context, r api.CreateSignatureKeyV2RequestObject) (api.CreateSignatureKeyV2ResponseObject, error) {
			return api.CreateSignatureKeyV2201JSONResponse(answer(r.Body)), nil
		},
	}).Handler()
}

// plain is the anchor: a net/http handler that decodes the same JSON into
// the same type and encodes the same answer, checking nothing.
func plain() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v2/{project_id}/apigw/instances/{instance_id}/signs", func(w http.ResponseWriter, r *http.Request) {
		var req api.CreateSignatureKeyV2Request
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(answer(&req))
	})
	return mux
}

// template is the request both handlers get; each gets a shallow copy with
// a fresh body, so that building it costs next to nothing on either side.
var template = func() *http.Request {
	req := httptest.NewRequest("POST", signsPath, nil)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Auth-Token", "token")
	req.ContentLength = int64(len(signsBody))
	return req
}()

func serve(b *testing.B, h http.Handler) {
	req := template.Clone(template.Context())
	req.Body = io.NopCloser(strings.NewReader(signsBody))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		b.Fatalf("%d %s", rec.Code, rec.Body)
	}
}

// BenchmarkCreateSignatureKeyV2 serves one CreateSignatureKeyV2 through the
// generated server (routing, credentials, parameters, body schema, rules,
// the strict handler) and through the plain handler, alternately in each
// iteration so both run under the same load; x-plain is their ratio.
//
//	go test -run '^$' -bench CreateSignatureKeyV2 -benchtime 30000x ./apiruntime/
func BenchmarkCreateSignatureKeyV2(b *testing.B) {
	gen, anchor := generated(), plain()
	serve(b, gen) // the spec is loaded on the first request
	genAllocs := testing.AllocsPerRun(200, func() { serve(b, gen) })
	plainAllocs := testing.AllocsPerRun(200, func() { serve(b, anchor) })
	var tg, tp time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		serve(b, gen)
		t1 := time.Now()
		serve(b, anchor)
		tg += t1.Sub(t0)
		tp += time.Since(t1)
	}
	n := float64(b.N)
	b.ReportMetric(float64(tg.Nanoseconds())/n, "generated-ns/req")
	b.ReportMetric(float64(tp.Nanoseconds())/n, "plain-ns/req")
	b.ReportMetric(genAllocs, "generated-allocs/req")
	b.ReportMetric(plainAllocs, "plain-allocs/req")
	b.ReportMetric(tg.Seconds()/tp.Seconds(), "x-plain")
}
