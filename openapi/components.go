package openapi

import (
	"sort"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/model"
)

// registry collects component schemas. Shared components (error bodies,
// named nested tables) are keyed by base name + shape, so identical tables
// become one component; names are given only at the end (assign), so that a
// name never depends on Go map order and the most used shape keeps the bare
// name.
type registry struct {
	byKey  map[string]*shape
	shapes []*shape
	fixed  map[string]*openapi3.Schema // <OpId>Request / <OpId>Response...
}

type shape struct {
	base   string
	schema *openapi3.Schema
	refs   []*openapi3.SchemaRef
	order  int // first use
	name   string
}

func newRegistry() *registry {
	return &registry{byKey: map[string]*shape{}, fixed: map[string]*openapi3.Schema{}}
}

// use returns a reference to the shared component for (base, shape of s),
// building its schema with build on first use.
func (r *registry) use(base string, s *model.Schema, build func() *openapi3.Schema) *openapi3.SchemaRef {
	key := base + "\x00" + shapeKey(s)
	sh := r.byKey[key]
	if sh == nil {
		sh = &shape{base: base, order: len(r.shapes)}
		r.byKey[key] = sh
		r.shapes = append(r.shapes, sh)
		sh.schema = &openapi3.Schema{} // placeholder while building (guards self-reference)
		*sh.schema = *build()
	}
	ref := &openapi3.SchemaRef{Value: sh.schema}
	sh.refs = append(sh.refs, ref)
	return ref
}

// addFixed adds a component with a name of its own (request and response
// bodies); it returns the name actually used, with a numeric suffix if the
// name is taken.
func (r *registry) addFixed(name string, s *openapi3.Schema) (string, *openapi3.SchemaRef) {
	got := name
	for i := 2; r.fixed[got] != nil; i++ {
		got = name + strconv.Itoa(i)
	}
	r.fixed[got] = s
	return got, &openapi3.SchemaRef{Ref: "#/components/schemas/" + got, Value: s}
}

// assign names every shared shape and points its references at it. Within a
// base name, shapes are ranked by number of uses (most first), then by first
// use; the first gets the bare name, the others base2, base3, ... skipping
// names already taken.
func (r *registry) assign(schemas openapi3.Schemas) {
	taken := map[string]bool{}
	for n, s := range r.fixed {
		taken[n] = true
		schemas[n] = &openapi3.SchemaRef{Value: s}
	}
	groups := map[string][]*shape{}
	var bases []string
	for _, sh := range r.shapes {
		if groups[sh.base] == nil {
			bases = append(bases, sh.base)
		}
		groups[sh.base] = append(groups[sh.base], sh)
	}
	sort.Strings(bases)
	for _, base := range bases {
		g := groups[base]
		sort.SliceStable(g, func(i, j int) bool {
			if len(g[i].refs) != len(g[j].refs) {
				return len(g[i].refs) > len(g[j].refs)
			}
			return g[i].order < g[j].order
		})
		if !taken[base] {
			g[0].name = base
			taken[base] = true
		}
	}
	for _, base := range bases {
		n := 2
		for _, sh := range groups[base] {
			if sh.name != "" {
				continue
			}
			for taken[base+strconv.Itoa(n)] {
				n++
			}
			sh.name = base + strconv.Itoa(n)
			taken[sh.name] = true
		}
	}
	for _, sh := range r.shapes {
		schemas[sh.name] = &openapi3.SchemaRef{Value: sh.schema}
		for _, ref := range sh.refs {
			ref.Ref = "#/components/schemas/" + sh.name
		}
	}
}
