package textpage

import (
	"path/filepath"
	"testing"

	"github.com/docspec/docspec/internal/golden"
	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/page"
)

// seeds are the seed pages copied byte for byte, with the form each is in.
var seeds = []struct {
	file    string
	dialect string
}{
	{"002_b8ccde2cc7734fbe.txt", model.DialectAliyun},
	{"003_068353deee511746.txt", model.DialectPlainText},
	{"004_d4e0639835c317b9.txt", model.DialectMarkdown},
	// Corpus pages (otc-elb-v3, Apache-2.0) rendered into the plain-text
	// form by testdata/render_plain.py: nested object tables, arrays,
	// integers with bounds, pages without Calling Method.
	{"synth_plain_CreateMember.txt", model.DialectPlainText},
	{"synth_plain_ListMembers.txt", model.DialectPlainText},
}

func readSeed(t *testing.T, name string) []byte {
	t.Helper()
	return golden.Read(t, filepath.Join("testdata", name))
}

// TestGolden pins the whole Page of each seed as a Dump.
func TestGolden(t *testing.T) {
	for _, s := range seeds {
		t.Run(s.file, func(t *testing.T) {
			data := readSeed(t, s.file)
			p, err := Read(s.file, data)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			got := page.Dump(p)
			golden.Check(t, filepath.Join("testdata", s.file+".golden"), []byte(got))
		})
	}
}
