package apiruntime

import (
	"net/http"
	"slices"
	"testing"
)

// The path set of keys.yaml: /apps/validation/{app_id} beside
// /apps/{app_id}/app-acl and /apps/{app_id}, which net/http patterns refuse.
func TestFindLiteralSegmentBeforeParameter(t *testing.T) {
	a := load(t, "keys.yaml")
	cases := []struct {
		method, path, op string
		params           map[string]string
	}{
		{"POST", "/v1/p1/apps/validation/a1", "ValidateApp", map[string]string{"project_id": "p1", "app_id": "a1"}},
		{"GET", "/v1/p1/apps/validation", "ShowApp", map[string]string{"project_id": "p1", "app_id": "validation"}},
		{"GET", "/v1/p1/apps/a1/app-acl", "ShowAppAcl", map[string]string{"project_id": "p1", "app_id": "a1"}},
		{"GET", "/v1/p1/apps/a1", "ShowApp", map[string]string{"project_id": "p1", "app_id": "a1"}},
		{"GET", "/v1/p1/files/report.json", "ShowFile", map[string]string{"project_id": "p1", "name": "report"}},
	}
	for _, c := range cases {
		m, err := a.Find(request(c.method, c.path, ""), "")
		if err != nil {
			t.Errorf("%s %s: %v", c.method, c.path, err)
			continue
		}
		if m.Operation.ID != c.op || !equalMaps(m.PathParams, c.params) {
			t.Errorf("%s %s: %s %v, want %s %v", c.method, c.path, m.Operation.ID, m.PathParams, c.op, c.params)
		}
	}
}

// GET /v1/p1/apps/validation/a1 reaches the literal "validation" node,
// which only has POST; the parameter branch has no three-segment GET either.
func TestFindMethodOfDocumentedPathIs405(t *testing.T) {
	a := load(t, "keys.yaml")
	_, err := a.Find(request("GET", "/v1/p1/apps/validation/a1", ""), "")
	if err == nil || err.Status != http.StatusMethodNotAllowed || err.Body["error_code"] != "APIGW.0101" {
		t.Fatalf("got %v, want the provider's 405", err)
	}
}

func TestFindUnknownPathIs404InProviderShape(t *testing.T) {
	a := load(t, "keys.yaml")
	for _, p := range []string{"/", "/v1", "/v1/p1/apps/a1/app-acl/x", "/v1/p1/apps//app-acl", "/v1/p1/files/.json", "/elsewhere/v1/p1/keys"} {
		_, err := a.Find(request("GET", p, ""), "")
		if err == nil || err.Status != http.StatusNotFound || err.Body["error_code"] != "APIGW.0101" || err.Body["error_msg"] == "" {
			t.Errorf("GET %s: got %v, want the provider's 404", p, err)
		}
	}
}

func TestFindBelowBasePath(t *testing.T) {
	a := load(t, "keys.yaml")
	m, err := a.Find(request("GET", "/api/v1/p1/apps/a1", ""), "/api")
	if err != nil || m.Operation.ID != "ShowApp" {
		t.Fatalf("got %v %v, want ShowApp", m.Operation, err)
	}
	if _, err := a.Find(request("GET", "/v1/p1/apps/a1", ""), "/api"); err == nil || err.Status != http.StatusNotFound {
		t.Fatalf("a path outside the base path: got %v, want 404", err)
	}
}

// The client-side check sees the server URL's base path before the spec's.
func TestFindSuffixTakesTheLongestDocumentedPath(t *testing.T) {
	a := load(t, "keys.yaml")
	m, ok := a.findSuffix(request("GET", "/gateway/v1/v1/p1/apps/a1/app-acl", ""))
	if !ok || m.Operation.ID != "ShowAppAcl" || m.PathParams["project_id"] != "p1" {
		t.Fatalf("got %v %v", m.Operation, m.PathParams)
	}
	if _, ok := a.findSuffix(request("GET", "/nothing/here", "")); ok {
		t.Fatal("an undocumented path matched")
	}
}

func TestFindRPCByAction(t *testing.T) {
	a := load(t, "rpc.yaml")
	m, err := a.Find(request("POST", "/?Action=CreateThing&Name=x", ""), "")
	if err != nil || m.Operation.ID != "CreateThing" {
		t.Fatalf("got %v %v", m.Operation, err)
	}
	for _, target := range []string{"/?Action=DeleteThing", "/"} {
		_, err := a.Find(request("POST", target, ""), "")
		if err == nil || err.Status != http.StatusNotFound || err.Body["Code"] != "InvalidAction.NotFound" || err.Body["RequestId"] == "" {
			t.Errorf("POST %s: got %v, want InvalidAction.NotFound with a RequestId", target, err)
		}
	}
	if _, err := a.Find(request("GET", "/?Action=CreateThing", ""), ""); err == nil || err.Status != http.StatusNotFound {
		t.Errorf("GET of a POST Action: got %v, want 404", err)
	}
}

// Two parameters with nothing between them cannot be split ("/a/{x}-{y}",
// with a separator, can: TestRouterTwoParametersInOneSegment).
func TestSplitTemplateRefusesUnsplittableSegments(t *testing.T) {
	for _, p := range []string{"/a/{x}{y}", "/a/{}", "/a/x}", "a/b", "/a/{x", "/a/{x}}", "/a/{{x}}"} {
		if _, err := splitTemplate(p); err == nil {
			t.Errorf("%s: accepted", p)
		}
	}
}

func TestAddRouteRefusesTwoOperationsForOneMethodAndPath(t *testing.T) {
	var rt router
	if err := rt.addRoute("/a/{x}", "GET", 0); err != nil {
		t.Fatal(err)
	}
	if err := rt.addRoute("/a/{y}", "GET", 1); err == nil {
		t.Fatal("a second GET /a/{param} was accepted")
	}
}

func TestPatternKeys(t *testing.T) {
	got := patternKeys("/v2/{project_id}/apps/{app_id}/{rest...}")
	if want := []string{"project_id", "app_id", "rest"}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// FuzzFind: any method and path is routed or refused, never a panic, and
// a matched operation has a value for each of its path parameters.
func FuzzFind(f *testing.F) {
	a := load(f, "keys.yaml")
	for _, p := range []string{"/v1/p/apps/validation/a", "/v1//apps", "/v1/p/files/x.json", "//", ""} {
		f.Add("GET", p)
	}
	f.Fuzz(func(t *testing.T, method, path string) {
		r, err := http.NewRequest("GET", "http://h/", nil)
		if err != nil {
			t.Fatal(err)
		}
		r.Method, r.URL.Path = method, path
		m, verr := a.Find(r, "")
		if verr == nil && len(m.PathParams) != len(m.op.params) {
			t.Fatalf("%s %q: %v for %v", method, path, m.PathParams, m.op.params)
		}
		a.findSuffix(r)
	})
}

// sources/otc/dns/apis/ptr_record_management/querying_a_ptr_record.html line
// 55, "URI": GET /v2/reverse/floatingips/{region}:{floatingip_id} — two
// parameters in one segment, told apart by the ":" between them.
func TestRouterTwoParametersInOneSegment(t *testing.T) {
	var rt router
	for i, p := range []string{"/v2/reverse/floatingips/{region}:{floatingip_id}", "/v2/reverse/floatingips"} {
		if err := rt.addRoute(p, "GET", i); err != nil {
			t.Fatal(err)
		}
	}
	op, vals, _ := rt.match("GET", "/v2/reverse/floatingips/eu-de:9e9c6d33-51a6-4f84-b504-c13301f1cc8c", nil)
	if op != 0 || !slices.Equal(vals, []string{"eu-de", "9e9c6d33-51a6-4f84-b504-c13301f1cc8c"}) {
		t.Fatalf("got op %d %q, want 0 [eu-de 9e9c…]", op, vals)
	}
	// The first parameter ends at the first ":"; the last takes the rest.
	if _, vals, _ := rt.match("GET", "/v2/reverse/floatingips/a:b:c", nil); !slices.Equal(vals, []string{"a", "b:c"}) {
		t.Errorf("a:b:c: got %q, want [a b:c]", vals)
	}
	// Near misses: no separator, or an empty value on either side.
	for _, p := range []string{"/v2/reverse/floatingips/eu-de", "/v2/reverse/floatingips/:x", "/v2/reverse/floatingips/x:"} {
		if op, _, _ := rt.match("GET", p, nil); op >= 0 {
			t.Errorf("GET %s: matched operation %d, want none", p, op)
		}
	}
}

// A trailing slash names the same resource: specs write paths without one
// (RDS's "GET https://{Endpoint}/rds/" is written /rds, noted
// path-trailing-slash), and signing clients canonicalise paths with one.
// Only a trailing slash is forgiven: an empty segment inside stays a 404.
func TestFindTrailingSlash(t *testing.T) {
	a := load(t, "keys.yaml")
	m, err := a.Find(request("GET", "/v1/p1/apps/a1/", ""), "")
	if err != nil || m.Operation.ID != "ShowApp" || !equalMaps(m.PathParams, map[string]string{"project_id": "p1", "app_id": "a1"}) {
		t.Fatalf("GET /v1/p1/apps/a1/: got %v %v, want ShowApp of a1", m, err)
	}
	for _, p := range []string{"/v1/p1/apps//", "/v1/p1/apps//a1", "//"} {
		if _, err := a.Find(request("GET", p, ""), ""); err == nil || err.Status != http.StatusNotFound {
			t.Errorf("GET %s: got %v, want 404", p, err)
		}
	}
}
