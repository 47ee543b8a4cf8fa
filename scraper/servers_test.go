package scraper

import (
	"testing"

	"github.com/docspec/docspec/model"
)

// The portal's "Making an API Request" page states the base URL in its
// request lines ("POST https://{apig_endpoint}/v2/..."); its prose
// "https://{apig_endpoint}/v2/..." without a method is not a request line.
func TestServersFromMakingAnAPIRequestPage(t *testing.T) {
	svc, err := Scrape([]string{"../sources/otc/apig-portal/calling_apis/making_an_api_request.html"}, Meta{Name: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if len(svc.Servers) != 1 || svc.Servers[0].URL != "https://{apig_endpoint}" || svc.Servers[0].Source.Line != 81 {
		t.Fatalf("servers = %+v, want https://{apig_endpoint} from line 81", servers(svc))
	}
}

// ELB v3: 38 request lines show {elb_endpoint}; CreateCertificate.html's
// "Example Requests" (line 336) misspells it {elb_endponit} and is outvoted;
// the literal https://www.xxx.com:8080 of CreateL7Policy.html's redirect
// URL is a field's example, not a base URL.
func TestServersMostRequestLinesShow(t *testing.T) {
	svc, err := Scrape([]string{"../sources/otc/elb-v3"}, Meta{Name: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if got := servers(svc); len(got) != 1 || got[0] != "https://{elb_endpoint}" {
		t.Fatalf("servers = %v", got)
	}
}

// Configured servers come first; a page's server that repeats one is dropped.
func TestConfiguredServersFirst(t *testing.T) {
	cfg := []*model.Server{{URL: "https://elb.example.org"}, {URL: "https://{elb_endpoint}"}}
	svc, err := Scrape([]string{"../sources/otc/elb-v3/CreateListener.html"}, Meta{Name: "t", Servers: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if got := servers(svc); len(got) != 2 || got[0] != "https://elb.example.org" || got[1] != "https://{elb_endpoint}" {
		t.Fatalf("servers = %v", got)
	}
}

func servers(svc *model.Service) []string {
	var out []string
	for _, s := range svc.Servers {
		out = append(out, s.URL)
	}
	return out
}
