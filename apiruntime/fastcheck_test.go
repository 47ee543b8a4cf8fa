package apiruntime

import (
	"encoding/json"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// bodySchema is one operation's application/json request body schema.
type bodySchema struct {
	where  string // spec file, operationId
	schema *openapi3.Schema
	values []any // examples the spec gives
}

var (
	bodiesOnce sync.Once
	bodies     []bodySchema
	bodiesErr  error
)

// specBodies lists the JSON request body schemas of every committed spec.
func specBodies(t testing.TB) []bodySchema {
	bodiesOnce.Do(func() {
		files, _ := filepath.Glob("../spec/*.json")
		for _, f := range files {
			doc, err := openapi3.NewLoader().LoadFromFile(f)
			if err != nil {
				bodiesErr = err
				return
			}
			for _, o := range Operations(doc) {
				rb := o.Op.RequestBody
				if rb == nil || rb.Value == nil {
					continue
				}
				mt := rb.Value.Content.Get("application/json")
				if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
					continue
				}
				b := bodySchema{where: filepath.Base(f) + " " + o.Op.OperationID, schema: mt.Schema.Value}
				if mt.Example != nil {
					b.values = append(b.values, mt.Example)
				}
				for _, k := range slices.Sorted(maps.Keys(mt.Examples)) {
					if ex := mt.Examples[k]; ex != nil && ex.Value != nil {
						b.values = append(b.values, ex.Value.Value)
					}
				}
				bodies = append(bodies, b)
			}
		}
	})
	if bodiesErr != nil {
		t.Fatal(bodiesErr)
	}
	if len(bodies) < 50 {
		t.Fatalf("only %d request bodies in ../spec", len(bodies))
	}
	return bodies
}

// synth builds a value of s that tries to pass it: every property when all,
// else the required ones.
func synth(s *openapi3.Schema, all bool, depth int) any {
	if s == nil || depth > 6 {
		return nil
	}
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	switch {
	case s.Type.Is(openapi3.TypeObject):
		m := map[string]any{}
		for name, ref := range s.Properties {
			if all || slices.Contains(s.Required, name) {
				m[name] = synth(ref.Value, all, depth+1)
			}
		}
		return m
	case s.Type.Is(openapi3.TypeArray):
		if s.Items == nil {
			return []any{}
		}
		return []any{synth(s.Items.Value, all, depth+1)}
	case s.Type.Is(openapi3.TypeInteger):
		if s.Min != nil {
			return *s.Min
		}
		return 1.0
	case s.Type.Is(openapi3.TypeNumber):
		if s.Max != nil {
			return *s.Max
		}
		return 1.5
	case s.Type.Is(openapi3.TypeBoolean):
		return true
	case s.Type.Is(openapi3.TypeString):
		switch s.Format {
		case "date-time":
			return "2026-12-01T00:00:00Z"
		case "date":
			return "2026-12-01"
		}
		n := max(int(s.MinLength), 1)
		for _, c := range []string{"a", "A", "0", "/a", "a-", "a_"} {
			v := strings.Repeat(c, n)
			if s.MaxLength != nil && len(v) > int(*s.MaxLength) {
				v = v[:*s.MaxLength]
			}
			if s.VisitJSON(v) == nil {
				return v
			}
		}
		return "a"
	}
	return "x"
}

// mutations are v and values near it: each member of each object dropped
// or replaced by a value of another type, length or sign.
func mutations(v any) []any {
	out := []any{v}
	others := []any{"", strings.Repeat("x", 300), "a b", json.Number("0"), json.Number("1.5"), json.Number("-1"),
		json.Number("3000000000"), json.Number("1e400"), true, nil, map[string]any{}, []any{}, []any{"x"}}
	var walk func(cur any, set func(any))
	walk = func(cur any, set func(any)) {
		switch x := cur.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				old := x[k]
				delete(x, k)
				out = append(out, deepCopy(v))
				for _, o := range others {
					x[k] = o
					out = append(out, deepCopy(v))
				}
				x[k] = old
				walk(old, func(n any) { x[k] = n })
			}
			x["undocumented_member"] = "x"
			out = append(out, deepCopy(v))
			delete(x, "undocumented_member")
		case []any:
			for i := range x {
				old := x[i]
				walk(old, func(n any) { x[i] = n })
			}
			if set != nil {
				set(append(slices.Clone(x), x...))
				out = append(out, deepCopy(v))
				set(x)
			}
		case string:
			if set != nil {
				for _, o := range []string{x + x + x + x, x[:len(x)/2], strings.ToUpper(x), "-" + x, x + " ", x + "\n"} {
					set(o)
					out = append(out, deepCopy(v))
				}
				set(x)
			}
		}
	}
	walk(v, nil)
	return out
}

// deepCopy is v through JSON and decodeJSON: what a request would carry
// (numbers as json.Number).
func deepCopy(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	c, err := decodeJSON(b)
	if err != nil {
		panic(err)
	}
	return c
}

// TestQuickAcceptsOnlyWhatVisitJSONAccepts: on every JSON request body
// schema of the committed specs, for synthesized bodies, the spec's
// examples and many mutations of each, quick never accepts a body that
// kin-openapi's VisitJSON refuses; and it takes most schemas and accepts
// most valid bodies, so the check is exercised.
func TestQuickAcceptsOnlyWhatVisitJSONAccepts(t *testing.T) {
	compiled, accepted, valid, tried := 0, 0, 0, 0
	for _, b := range specBodies(t) {
		q := compileQuick(b.schema)
		if q == nil {
			continue
		}
		compiled++
		seeds := append([]any{synth(b.schema, true, 0), synth(b.schema, false, 0)}, b.values...)
		for _, seed := range seeds {
			for _, v := range mutations(deepCopy(seed)) {
				tried++
				err := b.schema.VisitJSON(v, openapi3.VisitAsRequest())
				ok := q.accepts(v)
				if err == nil {
					valid++
				}
				if ok {
					accepted++
					if err != nil {
						j, _ := json.Marshal(v)
						t.Errorf("%s: quick accepts %s, VisitJSON refuses it: %v", b.where, j, err)
					}
				}
			}
		}
	}
	t.Logf("%d of %d body schemas compiled; %d bodies tried, %d valid, %d accepted quickly", compiled, len(specBodies(t)), tried, valid, accepted)
	if compiled*10 < len(specBodies(t))*7 {
		t.Errorf("quick takes only %d of %d body schemas", compiled, len(specBodies(t)))
	}
	if accepted*10 < valid*9 {
		t.Errorf("quick accepts only %d of %d valid bodies", accepted, valid)
	}
}

// The benchmark's operation is checked quickly.
func TestQuickTakesCreateSignatureKeyV2(t *testing.T) {
	for _, b := range specBodies(t) {
		if b.where == "otc-apig.json CreateSignatureKeyV2" {
			q := compileQuick(b.schema)
			if q == nil {
				t.Fatal("quick does not take the body of CreateSignatureKeyV2 (spec/otc-apig.json)")
			}
			v := deepCopy(map[string]any{"name": "signature_demo", "sign_type": "hmac", "sign_key": "signkeysignkey", "sign_secret": "signsecretsignsecret"})
			if !q.accepts(v) {
				t.Fatal("quick does not accept the benchmark's body")
			}
			return
		}
	}
	t.Fatal("no CreateSignatureKeyV2 in spec/otc-apig.json")
}

// FuzzQuick holds quick to VisitJSON on any JSON body, against the first
// body schemas of the committed specs.
func FuzzQuick(f *testing.F) {
	bs := specBodies(f)
	var qs []*quick
	for _, b := range bs {
		qs = append(qs, compileQuick(b.schema))
	}
	for i, b := range bs[:min(len(bs), 40)] {
		for _, v := range append([]any{synth(b.schema, true, 0)}, b.values...) {
			j, _ := json.Marshal(v)
			f.Add(uint16(i), j)
		}
	}
	f.Fuzz(func(t *testing.T, i uint16, data []byte) {
		k := int(i) % len(bs)
		v, err := decodeJSON(data)
		if err != nil || qs[k] == nil || !qs[k].accepts(v) {
			return
		}
		if err := bs[k].schema.VisitJSON(v, openapi3.VisitAsRequest()); err != nil {
			t.Fatalf("%s: quick accepts %s, VisitJSON refuses it: %v", bs[k].where, data, err)
		}
	})
}
