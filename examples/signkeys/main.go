// Command signkeys serves the OTC signature-key operations from the
// generated strict server stubs, backed by an in-memory store, and calls
// them with the generated client.
//
//	go run ./examples/signkeys          # in memory: server and client in one process
//	go run ./examples/signkeys -serve   # listen on 127.0.0.1:8080 for curl
//
// Every request is validated against the documented constraints before it
// reaches the store, on the server and (ValidateRequestEditor) in the client.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"time"

	api "github.com/docspec/docspec/generated/otcapig"
)

func main() {
	serve := flag.Bool("serve", false, "listen on -addr instead of running the in-memory demo")
	addr := flag.String("addr", "127.0.0.1:8080", "listen address with -serve")
	flag.Parse()

	h := newStore().funcs().Handler()
	if *serve {
		log.Printf("listening on http://%s", *addr)
		log.Fatal(newServer(*addr, h).ListenAndServe())
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	if err := demo(srv.URL); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// newServer bounds what one client can hold: the time to send the headers
// and the whole request, to read the answer, an idle connection, and the
// header size. The body size is bounded by the generated server
// (api.Runtime.MaxBodyBytes; 413 beyond it).
func newServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}

// store keeps signature keys in memory.
type store struct {
	mu   sync.Mutex
	keys map[string]map[string]any
}

func newStore() *store { return &store{keys: map[string]map[string]any{}} }

// convert moves a value between the generated types through JSON, which is
// what the wire does anyway.
func convert(from, to any) error {
	b, err := json.Marshal(from)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, to)
}

func (s *store) funcs() *api.StrictFuncs {
	return &api.StrictFuncs{
		CreateSignatureKeyV2: func(_ context.Context, req api.CreateSignatureKeyV2RequestObject) (api.CreateSignatureKeyV2ResponseObject, error) {
			key := map[string]any{}
			if err := convert(req.Body, &key); err != nil {
				return nil, err
			}
			id := make([]byte, 16)
			_, _ = rand.Read(id)
			now := time.Now().UTC().Format(time.RFC3339Nano)
			key["id"], key["create_time"], key["update_time"] = hex.EncodeToString(id), now, now
			if key["sign_type"] == nil {
				key["sign_type"] = "hmac"
			}
			s.mu.Lock()
			s.keys[key["id"].(string)] = key
			s.mu.Unlock()
			var resp api.CreateSignatureKeyV2201JSONResponse
			return resp, convert(key, &resp)
		},
	}
}

func demo(server string) error {
	ctx := context.Background()
	client, err := api.NewClientWithResponses(server)
	if err != nil {
		return err
	}
	myToken := "my-token" // optional in the spec: a signed request needs none
	token := &api.CreateSignatureKeyV2Params{XAuthToken: &myToken}
	call := func(label string, body string, params *api.CreateSignatureKeyV2Params) error {
		resp, err := client.CreateSignatureKeyV2WithBodyWithResponse(ctx, "project1", "instance1", params, "application/json", bytes.NewBufferString(body))
		if err != nil {
			return err
		}
		fmt.Printf("%-34s %s -> %d %s", label, body, resp.StatusCode(), resp.Body)
		return nil
	}
	for _, c := range []struct{ label, body string }{
		{"valid hmac key", `{"name":"signature_demo","sign_key":"signkeysignkey","sign_secret":"signsecretsignsecret"}`},
		{"name too short (minLength 3)", `{"name":"ab"}`},
		{"sign_type outside the enumeration", `{"name":"demo_key","sign_type":"rsa"}`},
		{"aes-128-cfb key of 15 characters", `{"name":"demo_key","sign_type":"aes","sign_algorithm":"aes-128-cfb","sign_key":"123456789012345"}`},
	} {
		if err := call(c.label, c.body, token); err != nil {
			return err
		}
	}
	if err := call("no X-Auth-Token", `{"name":"signature_demo"}`, &api.CreateSignatureKeyV2Params{}); err != nil {
		return err
	}

	// The same check before the request leaves the client.
	checked, err := api.NewClientWithResponses(server, api.WithRequestEditorFn(api.ValidateRequestEditor))
	if err != nil {
		return err
	}
	_, err = checked.CreateSignatureKeyV2WithBodyWithResponse(ctx, "project1", "instance1", token, "application/json", bytes.NewBufferString(`{"name":"ab"}`))
	fmt.Printf("client-side check: %v\n", err)
	return nil
}
