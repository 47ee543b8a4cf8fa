package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	specCache   = map[string]*Spec{}
	specCacheMu sync.Mutex
)

// loadSpec infers a committed spec once per test binary.
func loadSpec(t testing.TB, name string) *Spec {
	t.Helper()
	specCacheMu.Lock()
	defer specCacheMu.Unlock()
	if s := specCache[name]; s != nil {
		return s
	}
	s, err := Load(name, filepath.Join("..", "spec", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	specCache[name] = s
	return s
}

// double is a served spec with its own SQLite file.
type double struct {
	t     testing.TB
	url   string
	store Store
}

func newDouble(t testing.TB, creds *Credentials, names ...string) *double {
	t.Helper()
	return newDoubleAt(t, creds, nil, names...)
}

// newDoubleAt serves with a clock (nil: the real one).
func newDoubleAt(t testing.TB, creds *Credentials, now func() time.Time, names ...string) *double {
	t.Helper()
	store, err := Open(context.Background(), filepath.Join(t.TempDir(), "serve.db"))
	if err != nil {
		t.Fatal(err)
	}
	return newDoubleStore(t, store, creds, now, names...)
}

// newDoubleWith serves on a given store.
func newDoubleWith(t testing.TB, store Store, creds *Credentials, names ...string) *double {
	t.Helper()
	return newDoubleStore(t, store, creds, nil, names...)
}

func newDoubleStore(t testing.TB, store Store, creds *Credentials, now func() time.Time, names ...string) *double {
	t.Helper()
	var specs []*Spec
	for _, n := range names {
		specs = append(specs, loadSpec(t, n))
	}
	srv, err := New(specs, Options{Store: store, Credentials: creds, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.Close(); store.Close() })
	return &double{t: t, url: ts.URL, store: store}
}

// call sends a request with a token and decodes the JSON answer.
func (d *double) call(method, path, body string) (int, map[string]any) {
	d.t.Helper()
	req, err := http.NewRequest(method, d.url+path, strings.NewReader(body))
	if err != nil {
		d.t.Fatal(err)
	}
	req.Header.Set("X-Auth-Token", "any-token")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return d.do(req)
}

func (d *double) do(req *http.Request) (int, map[string]any) {
	d.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if len(b) == 0 {
		return resp.StatusCode, nil
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		d.t.Fatalf("%s %s: Content-Type %q, body %s", req.Method, req.URL.Path, ct, b)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		d.t.Fatalf("%s %s: body is not a JSON object: %s", req.Method, req.URL.Path, b)
	}
	return resp.StatusCode, m
}

const signs = "/v2/p1/apigw/instances/i1/signs"

// TestExplainCountsOtcApig pins how spec/otc-apig.yaml is understood: per
// behaviour, what the signature-key binding records (its 201 documents an
// array of binding records), and why the throttling policy's "binded-apis"
// answers its example (its items are APIs, not the binding's records).
func TestExplainCountsOtcApig(t *testing.T) {
	s := loadSpec(t, "otc-apig")
	want := "otc-apig: 87 operations: 9 create, 13 list, 7 show, 8 update, 12 delete, 3 bind, 35 example"
	if got := Summary(s); got != want {
		t.Errorf("Summary = %q\nwant      %q", got, want)
	}
	var md bytes.Buffer
	Explain(&md, []*Spec{s})
	for _, line := range []string{
		"| CreateSignatureKeyV2 | `POST /v2/{project_id}/apigw/instances/{instance_id}/signs` | create | `signs` | `project_id`, `instance_id` | `id` |  |",
		"| AssociateSignatureKeyV2 | `POST /v2/{project_id}/apigw/instances/{instance_id}/sign-bindings` | bind | `sign-bindings` | `project_id`, `instance_id` | `bindings[].id` | one `bindings` record per `publish_ids` item (its `publish_id`), with `sign_id` |",
		"| CreateAuthorizingAppsV2 | `POST /v2/{project_id}/apigw/instances/{instance_id}/app-auths` | bind | `app-auths` | `project_id`, `instance_id` | `auths[].id` | one `auths` record per `api_ids` item (its `api_id`) × `app_ids` item (its `app_id`) |",
		"| ListApisBindedToSignatureKeyV2 | `GET /v2/{project_id}/apigw/instances/{instance_id}/sign-bindings/binded-apis` | list | `sign-bindings` | `project_id`, `instance_id` | `bindings[].id` |  |",
		"| DisassociateSignatureKeyV2 | `DELETE /v2/{project_id}/apigw/instances/{instance_id}/sign-bindings/{sign_bindings_id}` | delete | `sign-bindings` | `project_id`, `instance_id` | `bindings[].id` |  |",
		"| ListApisNotBoundWithSignatureKeyV2 | `GET /v2/{project_id}/apigw/instances/{instance_id}/sign-bindings/unbinded-apis` | answers the documented example |  |  |  | its items are not the records POST /v2/{project_id}/apigw/instances/{instance_id}/sign-bindings makes: they lack the record id or one of publish_id, sign_id |",
	} {
		if !strings.Contains(md.String(), line) {
			t.Errorf("explain lacks the line\n%s", line)
		}
	}
}

// TestSignatureKeyBinding: "Binding a Signature Key" (sign-bindings) records
// one binding per publish_id, with the key's own name and type copied from
// the key created before; "Querying APIs Bound with a Signature Key"
// (binded-apis?sign_id=) lists them, "Unbinding a Signature Key" deletes one
// by its record id, and a second unbinding gets the page's 404 APIG.3018.
func TestSignatureKeyBinding(t *testing.T) {
	d := newDouble(t, nil, "otc-apig")
	const base = "/v2/p1/apigw/instances/i1"
	status, key := d.call("POST", base+"/signs", `{"name":"bound_key","sign_type":"hmac"}`)
	if status != 201 {
		t.Fatalf("create key: %d %v", status, key)
	}
	status, bound := d.call("POST", base+"/sign-bindings", `{"sign_id":"`+key["id"].(string)+`","publish_ids":["p0000000000000000000000000000001","p0000000000000000000000000000002"]}`)
	recs, _ := bound["bindings"].([]any)
	if status != 201 || len(recs) != 2 {
		t.Fatalf("bind: %d %v, want 201 and 2 records", status, bound)
	}
	ids := map[string]bool{}
	for i, r := range recs {
		rec := r.(map[string]any)
		id, _ := rec["id"].(string)
		ids[id] = true
		want := map[string]any{"sign_id": key["id"], "publish_id": fmt.Sprintf("p%031d", i+1), "sign_name": "bound_key", "sign_type": "hmac", "sign_key": key["sign_key"]}
		for f, v := range want {
			if rec[f] != v {
				t.Errorf("record %d: %s = %v, want %v", i, f, rec[f], v)
			}
		}
		if tm, _ := rec["binding_time"].(string); !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{1,9}Z$`).MatchString(tm) {
			t.Errorf("record %d: binding_time %q, want the layout of the binding page's example (2020-08-03T04:00:11.638167852Z)", i, tm)
		}
	}
	if len(ids) != 2 || ids[""] {
		t.Fatalf("record ids %v: want two distinct ids", ids)
	}
	list := func() map[string]any {
		status, m := d.call("GET", base+"/sign-bindings/binded-apis?sign_id="+key["id"].(string), "")
		if status != 200 {
			t.Fatalf("binded-apis: %d %v", status, m)
		}
		return m
	}
	if m := list(); m["total"] != float64(2) || len(m["bindings"].([]any)) != 2 {
		t.Errorf("binded-apis after binding two: %v", m)
	}
	if status, m := d.call("GET", base+"/sign-bindings/binded-apis?sign_id=other", ""); status != 200 || m["total"] != float64(0) {
		t.Errorf("binded-apis of another key: %d %v, want 200 and total 0", status, m)
	}
	first := recs[0].(map[string]any)["id"].(string)
	if status, m := d.call("DELETE", base+"/sign-bindings/"+first, ""); status != 204 {
		t.Fatalf("unbind: %d %v", status, m)
	}
	if m := list(); m["total"] != float64(1) {
		t.Errorf("binded-apis after unbinding one: %v", m)
	}
	if status, e := d.call("DELETE", base+"/sign-bindings/"+first, ""); status != 404 || e["error_code"] != "APIG.3018" {
		t.Errorf("unbinding twice: %d %v, want 404 APIG.3018", status, e)
	}
}

// TestExplainELBWrappedObjects pins the ELB v3 envelope {"loadbalancer": {...}}:
// the object is the wrapper's, its id is loadbalancer.id.
func TestExplainELBWrappedObjects(t *testing.T) {
	s := loadSpec(t, "otc-elb-v3")
	if got, want := Summary(s), "otc-elb-v3: 45 operations: 8 create, 8 list, 8 show, 8 update, 8 delete, 0 bind, 5 example"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	for _, o := range s.Ops {
		if o.Operation.OperationID == "CreateLoadBalancer" && (o.Resource.Wrapper != "loadbalancer" || o.Resource.IDField != "id") {
			t.Errorf("CreateLoadBalancer: wrapper %q id %q", o.Resource.Wrapper, o.Resource.IDField)
		}
	}
}

var sdkTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$`)

// TestSignatureKeyLifecycle follows "Creating a Signature Key" and its
// siblings: generated key and secret (Table 3: "If not specified, a key is
// automatically generated"), list filters and coercions (Table 2 Query
// Parameters of "Querying Signature Keys"), update, delete, and the 404
// example's APIG.3017.
func TestSignatureKeyLifecycle(t *testing.T) {
	var mu sync.Mutex
	clock := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	tick := func() time.Time { // a minute per reading: update times differ from creation times
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(time.Minute)
		return clock
	}
	d := newDoubleAt(t, nil, tick, "otc-apig")
	status, created := d.call("POST", signs, `{"name":"sig_one","sign_type":"hmac"}`)
	if status != 201 {
		t.Fatalf("create: %d %v", status, created)
	}
	id, _ := created["id"].(string)
	if len(id) != 32 {
		t.Errorf("id %q: want 32 hex digits like the page's examples", id)
	}
	key, _ := created["sign_key"].(string)
	secret, _ := created["sign_secret"].(string)
	if len(key) < 8 || len(key) > 32 || len(secret) < 16 || len(secret) > 64 {
		t.Errorf("generated sign_key %q / sign_secret %q break the hmac rules (8-32, 16-64)", key, secret)
	}
	ct, _ := created["create_time"].(string)
	if !sdkTime.MatchString(ct) {
		t.Errorf("create_time %q is not written as the page's examples write times", ct)
	}
	d.call("POST", signs, `{"name":"other_key"}`)

	status, list := d.call("GET", signs+"?name=sig&limit=0", "")
	if status != 200 || list["total"] != 1.0 || list["size"] != 1.0 {
		t.Errorf("fuzzy name + limit=0 (converted to 20): %d %v", status, list)
	}
	_, list = d.call("GET", signs+"?name=sig&precise_search=name", "")
	if items, ok := list["signs"].([]any); !ok || len(items) != 0 || list["total"] != 0.0 {
		t.Errorf("precise_search=name: want an empty array, got %v", list)
	}
	_, list = d.call("GET", signs+"?offset=1&limit=1", "")
	if items, _ := list["signs"].([]any); len(items) != 1 || list["total"] != 2.0 || list["size"] != 1.0 {
		t.Errorf("offset=1 limit=1: %v", list)
	}

	status, updated := d.call("PUT", signs+"/"+id, `{"name":"sig_renamed"}`)
	if status != 200 || updated["id"] != id || updated["name"] != "sig_renamed" || updated["create_time"] != ct || updated["update_time"] == created["update_time"] {
		t.Errorf("update must keep id and create_time and move update_time: %d %v (created %v)", status, updated, created)
	}
	if status, _ := d.call("DELETE", signs+"/"+id, ""); status != 204 {
		t.Errorf("delete: %d", status)
	}
	for _, m := range []string{"DELETE", "PUT"} {
		status, e := d.call(m, signs+"/"+id, `{"name":"again_name"}`)
		if status != 404 || e["error_code"] != "APIG.3017" {
			t.Errorf("%s of a deleted key: %d %v, want 404 APIG.3017", m, status, e)
		}
	}
}

// TestAESKeyLengthRule pins the per-value rule of Table 3, sign_key: "aes:
// 16 characters if the aes-128-cfb algorithm is used".
func TestAESKeyLengthRule(t *testing.T) {
	d := newDouble(t, nil, "otc-apig")
	status, created := d.call("POST", signs, `{"name":"aes_key","sign_type":"aes","sign_algorithm":"aes-128-cfb"}`)
	if status != 201 {
		t.Fatalf("create: %d %v", status, created)
	}
	if k, _ := created["sign_key"].(string); len(k) != 16 {
		t.Errorf("sign_key %q: want 16 characters", k)
	}
}

// TestErrorsInProviderShape: every refusal is JSON {error_code, error_msg},
// with the operation's documented code or the Huawei profile's answer.
func TestErrorsInProviderShape(t *testing.T) {
	d := newDouble(t, nil, "otc-apig")
	cases := []struct {
		name, method, path, body string
		status                   int
		code                     string
	}{
		{"unknown route", "GET", "/v2/p1/nowhere", "", 404, "APIGW.0101"},
		{"undocumented method", "PATCH", signs, `{}`, 405, "APIGW.0101"},
		{"repeated single-valued parameter", "GET", signs + "?limit=1&limit=2", "", 400, "APIG.2012"},
		{"trailing data after the JSON body", "POST", signs, `{"name":"abc_key"}{"x":1}`, 400, "APIG.2011"},
		{"name shorter than Table 3's minimum 3", "POST", signs, `{"name":"ab"}`, 400, "APIG.2011"},
		{"body over the limit", "POST", signs, `{"name":"` + strings.Repeat("a", MaxBody) + `"}`, 413, "APIG.0201"},
	}
	for _, c := range cases {
		status, e := d.call(c.method, c.path, c.body)
		if status != c.status || e["error_code"] != c.code || e["error_msg"] == "" {
			t.Errorf("%s: %d %v, want %d %s", c.name, status, e, c.status, c.code)
		}
	}
	req, _ := http.NewRequest("GET", d.url+signs, nil)
	status, e := d.do(req)
	if status != 401 || e["error_code"] == nil {
		t.Errorf("no credentials: %d %v", status, e)
	}
}

// TestAliyunErrorShape: Alibaba's RPC Actions answer {Code, Message, RequestId}.
func TestAliyunErrorShape(t *testing.T) {
	d := newDouble(t, nil, "aliyun-apigateway")
	req, _ := http.NewRequest("POST", d.url+"/?Action=NoSuchAction", nil)
	status, e := d.do(req)
	if status != 404 || e["Code"] != "InvalidAction.NotFound" || e["RequestId"] == "" {
		t.Errorf("unknown Action: %d %v", status, e)
	}
}

// TestDeletedParentIs404 pins the nested ELB pool members: a member under a
// pool deleted through the double is refused; under a pool never created
// through it, accepted.
func TestDeletedParentIs404(t *testing.T) {
	d := newDouble(t, nil, "otc-elb-v3")
	member := `{"member":{"address":"192.168.0.10","protocol_port":80}}`
	if status, m := d.call("POST", "/v3/p1/elb/pools/never-created/members", member); status != 201 {
		t.Fatalf("member under an unknown pool: %d %v", status, m)
	}
	status, pool := d.call("POST", "/v3/p1/elb/pools", `{"pool":{"lb_algorithm":"ROUND_ROBIN","protocol":"TCP","loadbalancer_id":"lb1"}}`)
	if status != 201 {
		t.Fatalf("create pool: %d %v", status, pool)
	}
	id := pool["pool"].(map[string]any)["id"].(string)
	if status, m := d.call("POST", "/v3/p1/elb/pools/"+id+"/members", member); status != 201 {
		t.Fatalf("member: %d %v", status, m)
	}
	if status, _ := d.call("DELETE", "/v3/p1/elb/pools/"+id, ""); status != 204 {
		t.Fatalf("delete pool: %d", status)
	}
	if status, e := d.call("POST", "/v3/p1/elb/pools/"+id+"/members", member); status != 404 || e["error_code"] == nil {
		t.Errorf("member under a deleted pool: %d %v, want 404", status, e)
	}
}

// TestStoreSurvivesRestart: a committed write is there after reopening the file.
func TestStoreSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, "/k", "p", "id1", []byte(`{"id":"id1"}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, "/k", "p", "id1", []byte(`{}`)); err != ErrExists {
		t.Errorf("second create of id1: %v, want ErrExists", err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	doc, state, err := s.Get(ctx, "/k", "p", "id1")
	if err != nil || state != Live || string(doc) != `{"id":"id1"}` {
		t.Errorf("after reopening: %s %v %v", doc, state, err)
	}
}

// TestSchemaNewerThanTool: a store written by a newer docspec is refused with a reason.
func TestSchemaNewerThanTool(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	st := s.(*sqlStore)
	if _, err := st.write.Exec(`UPDATE docspec_schema SET version = 99`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "version 99, newer than this docspec's 2") {
		t.Errorf("Open of a version-99 store: %v", err)
	}
}

// TestNotFoundMessageFollowsExample pins the 404 example of "Deleting a
// Signature Key" ("Signature key 0b0e8f456b8742218af75f945307173c does not
// exist"): the message names the id asked for.
func TestNotFoundMessageFollowsExample(t *testing.T) {
	d := newDouble(t, nil, "otc-apig")
	id := "00000000000000000000000000000abc"
	_, e := d.call("DELETE", signs+"/"+id, "")
	if e["error_msg"] != "Signature key "+id+" does not exist" {
		t.Errorf("404 message %q", e["error_msg"])
	}
}

// TestStorePages: a
// page without a limit runs to the end, and one past the end still counts
// the total (SQLite; TestPostgresSharedDouble checks the same on PostgreSQL).
func TestStorePages(t *testing.T) {
	ctx := context.Background()
	store, err := Open(ctx, filepath.Join(t.TempDir(), "serve.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for _, k := range []string{"k1", "k2", "k3"} {
		if err := store.Create(ctx, "/pages", "s", k, []byte(`{"id":"`+k+`"}`)); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.Delete(ctx, "/pages", "s", "k2"); err != nil {
		t.Fatal(err)
	}
	if docs, total, err := store.Page(ctx, "/pages", "s", 1, -1); err != nil || len(docs) != 1 || string(docs[0]) != `{"id":"k3"}` || total != 2 {
		t.Errorf("page from 1 without a limit: %q of %d, %v; want k3 of 2", docs, total, err)
	}
	if docs, total, err := store.Page(ctx, "/pages", "s", 5, 2); err != nil || len(docs) != 0 || total != 2 {
		t.Errorf("page past the end: %d docs of %d, %v; want 0 of 2", len(docs), total, err)
	}
}
