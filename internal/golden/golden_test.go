package golden

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// A test page that refers to a page of the repository reads as that page.
func TestReadFollowsASourceReference(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "CreateSignatureKeyV2.html")
	if err := os.WriteFile(page+RefSuffix, []byte("source: sources/otc/apig/CreateSignatureKeyV2.html\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(Root(t), "sources", "otc", "apig", "CreateSignatureKeyV2.html"))
	if err != nil {
		t.Fatal(err)
	}
	if got := Read(t, page); !bytes.Equal(got, want) {
		t.Errorf("Read gave %d bytes, want the %d of the seed page", len(got), len(want))
	}
	if Name("x/CreateSignatureKeyV2.html"+RefSuffix) != "x/CreateSignatureKeyV2.html" {
		t.Errorf("Name keeps the reference suffix")
	}
}
