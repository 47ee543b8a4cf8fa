package portal

import (
	"reflect"
	"testing"
)

// The op-like test as portal-score judges it: a METHOD line in a paragraph
// or a literal block counts (the host and query dropped, names → {}); one in
// a table, under an "Example Request" heading, or in lower case does not.
func TestOpRoutesAsPortalScoreJudges(t *testing.T) {
	page := `<div class="body" role="main"><h1>Adding a Domain Name List</h1>
<h2>URI</h2><p>POST /v1/{project_id}/domain-set/domains/{set_id}</p>
<pre>GET https://{endpoint}/v3/{project_id}/backups?limit=10
</pre>
<table><tr><td>DELETE /v1/{project_id}/in-a-table</td></tr></table>
<p>put /v1/lower-case</p>
<h2>Example Request<a class="headerlink">¶</a></h2><p>PUT /v1/{project_id}/example</p></div>`
	got := opRoutes([]byte(page))
	want := []string{"GET /v3/{}/backups", "POST /v1/{}/domain-set/domains/{}"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("opRoutes = %v, want %v", got, want)
	}
	for in, out := range map[string]string{
		"https://{endpoint}/v3/{project_id}/backups?x=1": "/v3/{}/backups",
		"{Endpoint}/v1/a//b/":                            "/v1/a/b",
		"/v2/zones.":                                     "/v2/zones",
		"":                                               "/",
	} {
		if got := Norm(in); got != out {
			t.Errorf("Norm(%q) = %q, want %q", in, got, out)
		}
	}
}
