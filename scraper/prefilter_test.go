package scraper

import (
	"testing"

	"github.com/docspec/docspec/scraper/internal/fastre"
)

// TestPrefilterMissesNothing: on every page of sources/, no text the prose
// expressions' prefilter rules out is one the expression matches — the
// prefilter changes the time a scrape takes, never what it reads.
func TestPrefilterMissesNothing(t *testing.T) {
	fastre.Verify(true)
	defer fastre.Verify(false)
	svc, err := Scrape([]string{"../sources"}, Meta{Name: "sources"})
	if err != nil {
		t.Fatal(err)
	}
	if len(svc.Operations) < 100 {
		t.Fatalf("%d operations read from sources/: not the pages this test means", len(svc.Operations))
	}
	for _, m := range fastre.Missed() {
		t.Errorf("the prefilter of %s ruled out %q, which it matches", m.Expr, m.Text)
	}
}
