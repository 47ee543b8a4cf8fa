package interp

import (
	"strings"

	"github.com/docspec/docspec/model"
	regexp "github.com/docspec/docspec/scraper/internal/fastre"
	"github.com/docspec/docspec/scraper/page"
)

// requestLineRE is a request line as pages show it: a method, then a URL
// whose host is a placeholder ("POST https://{apig_endpoint}/v2/..."). A
// literal host in prose is an example value, not the API's base URL; a
// placeholder host is how the pages say "your region's endpoint".
var requestLineRE = regexp.MustCompile(`(?m)^\s*(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(https?://\{[A-Za-z][A-Za-z0-9_-]*\})(?:/|\s|$)`)

// servers lists the base URLs of the request lines of p's paragraphs and
// code blocks, operation page or not ("Making an API Request" shows one).
func servers(p *page.Page) []*model.Server {
	var out []*model.Server
	var visit func(bs []*page.Block)
	visit = func(bs []*page.Block) {
		for _, b := range bs {
			if b == nil {
				continue
			}
			// Every request line holds "://{"; most texts do not, and the
			// expression would be tried at every line of them.
			if (b.Kind == page.KindCode || b.Kind == page.KindParagraph) && strings.Contains(b.Text, "://{") {
				for _, m := range requestLineRE.FindAllStringSubmatch(b.Text, -1) {
					out = append(out, &model.Server{URL: strings.TrimSpace(m[1]), Source: model.Source{File: p.File, Line: b.Line}})
				}
			}
			for _, c := range b.Items {
				if c != nil {
					visit(c.Blocks)
				}
			}
		}
	}
	visit(p.Blocks)
	return out
}
