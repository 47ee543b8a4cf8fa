package textpage

import (
	"fmt"
	"github.com/docspec/docspec/internal/golden"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/docspec/docspec/scraper/page"
)

// checkPage holds for any input: no panic, a Page or an error, every block
// with a line inside the file, every row with at most as many cells as the
// header, and a Dump that can be made.
func checkPage(t *testing.T, data []byte) {
	done := make(chan bool)
	go func() {
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			panic(fmt.Sprintf("slow input %q", data))
		}
	}()
	defer close(done)
	d := Sniff(data)
	p, err := Read("fuzz.txt", data)
	if p == nil {
		if err == nil {
			t.Fatalf("nil page and nil error (sniffed %q)", d)
		}
		return
	}
	if err != nil && !strings.Contains(err.Error(), "fuzz.txt") {
		t.Fatalf("error does not name the file: %v", err)
	}
	n := strings.Count(string(data), "\n") + 1
	var walk func(bs []*page.Block)
	walk = func(bs []*page.Block) {
		for _, b := range bs {
			if b == nil {
				t.Fatal("nil block")
			}
			if b.Line < 1 || b.Line > n {
				t.Fatalf("%s block line %d outside 1..%d", b.Kind, b.Line, n)
			}
			for _, it := range b.Items {
				walk(it.Blocks)
			}
			if b.Kind == page.KindTable {
				if b.Table == nil {
					t.Fatal("table block without table")
				}
				for _, r := range b.Table.Rows {
					if len(b.Table.Header) > 0 && len(r.Cells) > len(b.Table.Header) {
						t.Fatalf("row at line %d has %d cells, header %d", r.Line, len(r.Cells), len(b.Table.Header))
					}
					for _, c := range r.Cells {
						walk(c.Blocks)
					}
				}
			}
		}
	}
	walk(p.Blocks)
	// Reading is deterministic.
	p2, _ := Read("fuzz.txt", data)
	if page.Dump(p) != page.Dump(p2) {
		t.Fatal("two reads differ")
	}
}

func addSeeds(f *testing.F, extra ...string) {
	for _, s := range seeds {
		f.Add(golden.Read(f, filepath.Join("testdata", s.file)))
	}
	for _, e := range extra {
		f.Add([]byte(e))
	}
}

func FuzzReadPlain(f *testing.F) {
	addSeeds(f,
		"Title\n\nTable 1 X\n\nParameter\n\nMandatory\n\nType\n\nDescription\n\na\n\nYes\n\nString\n\nd\n",
		"Table 1 X\n\nStatus Code\n\nDescription\n\n200\n\nOK\n\n{\n\"a\": [1, {\"b\": \"}\"}]\n}\n",
		"Updated on x\n\nT\n\n  • a\n    • b\n  • c\n-d\n")
	f.Fuzz(func(t *testing.T, data []byte) { checkPage(t, data) })
}

func FuzzReadMarkdown(f *testing.F) {
	addSeeds(f,
		"T - Op\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 |\n",
		"T\n| \n a | \n b | \n|---|---|\n| \n x \n | \n y | \n| z |\n错误码\n",
		"| a \\| b |\n|---|\n|")
	f.Fuzz(func(t *testing.T, data []byte) { checkPage(t, data) })
}

func FuzzReadAliyun(f *testing.F) {
	addSeeds(f,
		"X:DoIt\n\nRequest parameters\n\nParameterTypeRequiredDescriptionExample\nAstringYes\n\nd.\n\nex\nBarray<object>No\nobject\n",
		"ParameterTypeDescriptionExample\nobject\nteststring\n\nfoo\n\nOperationAccess level\nx\n")
	f.Fuzz(func(t *testing.T, data []byte) { checkPage(t, data) })
}
