package cli

import (
	"bytes"
	"testing"

	"github.com/docspec/docspec/drift"
)

// TestDriftPagesSharedSame: comparing the API Gateway revisions
// 2024-12-13 and 2025-03-24 as page folders (103 of their 106 pages the
// same bytes) gives the same findings, with the same lines, whether the
// new side takes the unchanged pages from the old side's reading or reads
// every page again.
func TestDriftPagesSharedSame(t *testing.T) {
	shared, _, err := compareSides(driftOldPages, driftNewPages, "docs", 0)
	if err != nil {
		t.Fatal(err)
	}
	o, err := loadSide(driftOldPages, "docs", 0)
	if err != nil {
		t.Fatal(err)
	}
	n, err := loadSide(driftNewPages, "docs", 0)
	if err != nil {
		t.Fatal(err)
	}
	alone, err := drift.Compare(o.doc, n.doc, o.raw, n.raw)
	if err != nil {
		t.Fatal(err)
	}
	alone.OldFile, alone.NewFile = o.name, n.name
	if len(alone.Findings) == 0 {
		t.Fatal("no findings between the two revisions: not the pages this test means")
	}
	for _, format := range []string{"json", "text", "github"} {
		var a, b bytes.Buffer
		if err := shared.Write(&a, format); err != nil {
			t.Fatal(err)
		}
		if err := alone.Write(&b, format); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("%s: with the pages shared:\n%s\nread alone:\n%s", format, a.String(), b.String())
		}
	}
}
