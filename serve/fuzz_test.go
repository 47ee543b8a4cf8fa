package serve

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRequest feeds arbitrary request bytes to the double serving
// spec/otc-apig.yaml: whatever arrives, the answer is never a 500, and every
// body it writes is JSON.
func FuzzRequest(f *testing.F) {
	for _, seed := range []string{
		"POST " + signs + " HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nContent-Type: application/json\r\n\r\n{\"name\":\"sig_one\"}",
		"GET " + signs + "?limit=0&name=a HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\n\r\n",
		"PUT " + signs + "/abc HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nContent-Type: application/json\r\n\r\n{\"name\":[1]}",
		"DELETE /v3/p/elb/pools/x HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\n\r\n",
		"POST " + signs + " HTTP/1.1\r\nHost: x\r\nAuthorization: SDK-HMAC-SHA256 Access=a, SignedHeaders=host, Signature=00\r\nX-Sdk-Date: 20261201T120000Z\r\n\r\n{}",
		"POST /?Action=CreateSignature HTTP/1.1\r\nHost: x\r\n\r\n",
	} {
		f.Add([]byte(seed))
	}
	store, err := Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { store.Close() })
	specs := []*Spec{loadSpec(f, "otc-apig"), loadSpec(f, "otc-elb-v3"), loadSpec(f, "aliyun-apigateway")}
	srv, err := New(specs, Options{Store: store, Credentials: &Credentials{Tokens: []string{"t"}, AccessKeys: []AccessKey{{AK: "a", SK: "s"}}}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
		if err != nil {
			return // not a request: the HTTP server refuses it before the double
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code >= 500 && w.Code != http.StatusNotImplemented && w.Code != http.StatusServiceUnavailable {
			t.Fatalf("%d for %q: %s", w.Code, raw, w.Body)
		}
		if w.Body.Len() > 0 && !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("Content-Type %q for %q", w.Header().Get("Content-Type"), raw)
		}
	})
}
