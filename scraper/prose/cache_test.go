package prose

import (
	"reflect"
	"testing"

	"github.com/docspec/docspec/model"
)

// TestCacheCopies: every Parse of a Cache returns what Parse returns, in
// values of its own: changing one result changes no other.
func TestCacheCopies(t *testing.T) {
	c := NewCache()
	for _, pc := range append(append([]parseCase{}, seedCases...), corpusCases...) {
		want := Parse(pc.cell, pc.typ, "en")
		first := c.Parse(pc.cell, pc.typ, "en")
		if !reflect.DeepEqual(first, want) {
			t.Fatalf("%s: the cache gives %+v, Parse %+v", pc.name, first, want)
		}
		for _, r := range first.Rules {
			r.Field = "changed"
			for _, w := range r.When {
				w.Equals = "changed"
			}
		}
		for _, k := range first.Constraints {
			k.Text = "changed"
		}
		first.Rules = append(first.Rules, &model.Rule{})
		if again := c.Parse(pc.cell, pc.typ, "en"); !reflect.DeepEqual(again, want) {
			t.Fatalf("%s: a change to one result reached the next: %+v", pc.name, again)
		}
	}
}
