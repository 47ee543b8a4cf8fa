package prose

import (
	"regexp"
	"strings"
	"testing"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/page"
)

// FuzzParse: nothing panics, every pattern compiles, bounds are ordered.
// The input is split into blocks: lines are paragraphs, lines starting with
// "* " list items.
func FuzzParse(f *testing.F) {
	for _, c := range append(append(append([]parseCase{}, seedCases...), corpusCases...), phrasingCases...) {
		f.Add(flatten(c.cell), c.typ)
	}
	f.Add("Minimum: 99999999999999999999999\nMaximum: -1", model.TypeInteger)
	f.Add("special characters (((((\nstart with (", model.TypeString)
	f.Fuzz(func(t *testing.T, text, typ string) {
		r := Parse(unflatten(text), typ, "en")
		check(t, r.Pattern, r.MinLength, r.MaxLength)
		for _, rule := range r.Rules {
			check(t, rule.Pattern, rule.MinLength, rule.MaxLength)
		}
		_ = Parse(unflatten(text), typ, "zh")
	})
}

func check(t *testing.T, pat string, lo, hi *int64) {
	t.Helper()
	if pat != "" {
		if _, err := regexp.Compile(pat); err != nil {
			t.Fatalf("pattern %q: %v", pat, err)
		}
		if !strings.HasPrefix(pat, "^") || !strings.HasSuffix(pat, "$") {
			t.Fatalf("pattern %q not anchored", pat)
		}
	}
	if lo != nil && hi != nil && *lo > *hi {
		t.Fatalf("minLength %d > maxLength %d", *lo, *hi)
	}
}

func flatten(c *page.Cell) string {
	var lines []string
	for _, b := range c.Blocks {
		switch b.Kind {
		case page.KindList:
			for _, it := range b.Items {
				lines = append(lines, "* "+it.Text())
			}
		default:
			lines = append(lines, b.Text)
		}
	}
	return strings.Join(lines, "\n")
}

func unflatten(s string) *page.Cell {
	c := &page.Cell{}
	var list *page.Block
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "* ") {
			if list == nil {
				list = &page.Block{Kind: page.KindList}
				c.Blocks = append(c.Blocks, list)
			}
			list.Items = append(list.Items, &page.Cell{Blocks: []*page.Block{{Kind: page.KindParagraph, Text: l[2:]}}})
			continue
		}
		list = nil
		c.Blocks = append(c.Blocks, &page.Block{Kind: page.KindParagraph, Text: l})
	}
	return c
}
