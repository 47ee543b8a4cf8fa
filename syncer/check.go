package syncer

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper"
)

// CheckPage tells whether a page fetched with 200 still reads as what its
// previous snapshot was (old is nil for a URL never fetched). A server that
// answers 200 with an empty body, a "page not found" page or half of the
// page is as broken as one answering 404, and the snapshot must not be
// replaced: the error says why. A page that changed but reads as the same
// kind of page, with at least the operations it had, passes.
func CheckPage(rawURL string, old, body []byte) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return fmt.Errorf("the body is empty")
	}
	if old == nil {
		return nil
	}
	was, now := readPage(rawURL, old), readPage(rawURL, body)
	if was.kind != model.PageSkipped && now.kind == model.PageSkipped {
		return fmt.Errorf("it is no longer an API reference page (%s)", now.note)
	}
	if lost := missing(was.ops, now.ops); len(lost) > 0 {
		return fmt.Errorf("it no longer documents %s", strings.Join(lost, ", "))
	}
	if now.partial != "" && was.partial == "" {
		return fmt.Errorf("it looks truncated: %s", now.partial)
	}
	if hasEnd(old) && !hasEnd(body) {
		return fmt.Errorf("it looks truncated: it has no </html>, and its previous snapshot has")
	}
	return nil
}

// hasEnd tells whether a page has its </html>.
func hasEnd(b []byte) bool {
	return bytes.Contains(b, []byte("</html>")) || bytes.Contains(b, []byte("</HTML>"))
}

// pageReading is what a check needs of one reading of a page.
type pageReading struct {
	kind    string
	note    string
	ops     []string // "METHOD /path" (or the RPC action) of each operation
	partial string   // why the page was read only in part, or ""
}

func readPage(rawURL string, data []byte) pageReading {
	svc := &model.Service{}
	scraper.AddPage(svc, path.Base(rawURL), data)
	var r pageReading
	if len(svc.Pages) > 0 {
		r.kind, r.note = svc.Pages[0].Kind, svc.Pages[0].Note
	}
	for _, op := range svc.Operations {
		k := op.Method + " " + op.Path
		if op.Style == model.StyleRPC {
			k = "action " + op.Action
		}
		r.ops = append(r.ops, k)
	}
	for _, d := range svc.Diagnostics {
		if d.Code == "page-partly-read" && r.partial == "" {
			r.partial = d.Message
		}
	}
	return r
}

// missing lists what of was is not in now, sorted.
func missing(was, now []string) []string {
	have := map[string]bool{}
	for _, k := range now {
		have[k] = true
	}
	var out []string
	for _, k := range was {
		if !have[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
