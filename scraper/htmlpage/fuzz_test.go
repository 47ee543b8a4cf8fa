package htmlpage

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/docspec/docspec/internal/golden"
	"github.com/docspec/docspec/scraper/page"
)

// FuzzRead feeds Read mangled pages: it must never panic, errors must name
// the file, and pages read must keep the shape every reader promises.
func FuzzRead(f *testing.F) {
	for _, rel := range pages(f) {
		data := golden.Read(f, filepath.Join("testdata/pages", rel))
		// Small seeds mutate faster; the start of a page has its markers.
		if len(data) > 6000 {
			f.Add(data[:6000])
		} else {
			f.Add(data)
		}
	}
	f.Add([]byte(`<table><tr><td rowspan="0" colspan="9999">x</td></tr><tr><td rowspan="-1">y</td></tr></table><h4 class="sectiontitle">s</h4>`))
	f.Add([]byte("a\nb\n<div class=\"body\" role=\"main\"><h1>t</h1><ul>x<li>y</li><ul><li>z</li></ul></ul><pre>\n\n</pre></div>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Read("fuzz.html", data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.File != "fuzz.html" {
				t.Fatalf("error %v does not name the file", err)
			}
			return
		}
		if len(p.Blocks) == 0 || p.File != "fuzz.html" || p.Dialect != Sniff(data) {
			t.Fatalf("page %+v", p)
		}
		checkShape(t, "fuzz.html", p)
		if page.Dump(p) == "" {
			t.Fatal("empty dump")
		}
		for _, b := range p.Blocks {
			if b.Kind == page.KindHeading && b.Level == 1 {
				if p.Title != b.Text {
					t.Fatalf("title %q, first h1 %q", p.Title, b.Text)
				}
				break
			}
		}
	})
}
