package openapi

import (
	"math/rand"
	"testing"

	"github.com/docspec/docspec/model"
)

// TestShapeKeyIsShapeJSON: two schemas have the same shapeKey exactly when
// the JSON of their shapeOf is the same, on random schemas drawn from a
// small set of values (so that many pairs are equal, or differ in one
// place: nil against empty, a name only nested, a rule's conditions).
func TestShapeKeyIsShapeJSON(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	strs := []string{"", "a", "b", "a:1", "\x00"}
	// Mostly the zero value, so that many schemas are the same or differ
	// in one place.
	pick := func() string {
		if rng.Intn(4) != 0 {
			return ""
		}
		return strs[rng.Intn(len(strs))]
	}
	i64s := []*int64{nil, i64(0), i64(1)}
	f64s := []*float64{nil, f64(0), f64(1.5), f64(-1)}
	list := func() []string {
		switch rng.Intn(4) {
		case 0:
			return nil
		case 1:
			return []string{}
		case 2:
			return []string{pick(), pick()}[:1+rng.Intn(2)]
		}
		return nil
	}
	var gen func(depth int) *model.Schema
	gen = func(depth int) *model.Schema {
		if depth > 2 || rng.Intn(4) == 0 {
			return nil
		}
		s := &model.Schema{Type: []string{"", "object", "string", "array"}[rng.Intn(4)], Format: pick(), Name: pick(),
			Description: pick(), Enum: list(), Pattern: pick()}
		if rng.Intn(4) == 0 {
			s.MinLength, s.MaxItems, s.Minimum = i64s[rng.Intn(3)], i64s[rng.Intn(3)], f64s[rng.Intn(4)]
		}
		if rng.Intn(3) == 0 {
			d := pick()
			s.Default = &d
		}
		if rng.Intn(2) == 0 {
			s.Items = gen(depth + 1)
		}
		if rng.Intn(4) == 0 {
			s.AdditionalProperties = gen(depth + 1)
		}
		for n := rng.Intn(3); n > 0; n-- {
			s.Properties = append(s.Properties, &model.Property{Name: pick(), Required: rng.Intn(2) == 0, Schema: gen(depth + 1)})
		}
		if rng.Intn(3) == 0 {
			r := &model.Rule{Field: pick(), MaxLength: i64s[rng.Intn(3)], Enum: list(), Text: pick()}
			switch rng.Intn(3) {
			case 1:
				r.When = []*model.Condition{}
			case 2:
				r.When = []*model.Condition{{Field: pick(), Equals: pick()}}
			}
			s.Rules = append(s.Rules, r)
		}
		return s
	}
	var all []*model.Schema
	for len(all) < 20000 {
		if s := gen(0); s != nil {
			all = append(all, s)
		}
	}
	byJSON, byKey := map[string]int{}, map[string]int{}
	same := 0
	for i, s := range all {
		j, k := shapeKeyJSON(s), shapeKey(s)
		a, okA := byJSON[j]
		b, okB := byKey[k]
		if okA != okB || okA && a != b {
			t.Fatalf("schema %d: equal by JSON to %d (%v), by key to %d (%v)\nJSON %s\nkey  %q", i, a, okA, b, okB, j, k)
		}
		if okA {
			same++
			continue
		}
		byJSON[j], byKey[k] = i, i
	}
	if same < 1000 {
		t.Fatalf("only %d schemas of a shape seen before: the test compares little", same)
	}
}
