package drift

import (
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// pointers lists the JSON pointer of every node of a parsed spec.
func pointers(n *yaml.Node, prefix string, out *[]string) {
	*out = append(*out, prefix)
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			pointers(n.Content[i+1], prefix+pointer(n.Content[i].Value), out)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			pointers(c, prefix+"/"+strconv.Itoa(i), out)
		}
	}
}

// TestOriginIndexMatchesParse: the positions read off kin-openapi's origins
// are the ones a parse of the bytes gives — the line of every node of the
// committed Alibaba and Huawei Cloud specs, and the x-docspec-source around
// the line of every element.
func TestOriginIndexMatchesParse(t *testing.T) {
	for _, f := range []string{"../spec/aliyun-apigateway.yaml", "../spec/huaweicloud-apig.yaml"} {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Load(raw, f)
		if err != nil {
			t.Fatal(err)
		}
		fromOrigins, parsed := docIndex(doc, raw), newIndex(raw)
		if fromOrigins.doc == nil {
			t.Fatalf("%s: loaded without origins", f)
		}
		var ptrs []string
		pointers(parsed.root, "", &ptrs)
		for _, p := range ptrs {
			gl, ge := fromOrigins.line(p)
			wl, we := parsed.line(p)
			if gl != wl || ge != we {
				t.Errorf("%s: line(%q) = %d %v from origins, %d %v from the parse", f, p, gl, ge, wl, we)
			}
		}
		// What drift points at is answered from the origins alone.
		fresh := docIndex(doc, raw)
		n := 0
		for _, p := range ptrs {
			if !pointsAtElement(p) {
				continue
			}
			before := fresh.fallbacks
			fresh.line(p)
			if fresh.fallbacks > before {
				t.Errorf("%s: line(%q) needed a parse", f, p)
			}
			n++
		}
		if n < 50 {
			t.Errorf("%s: only %d pointers to OpenAPI elements", f, n)
		}
		// sourceAt is asked about the lines of OpenAPI elements (oasdiff's
		// findings, pointers): lines inside extension values (an example
		// kept as evidence) carry no origins and are never asked about.
		for _, p := range ptrs {
			if !pointsAtElement(p) {
				continue
			}
			l, _ := parsed.line(p)
			if g, w := fromOrigins.sourceAt(l), parsed.sourceAt(l); !reflect.DeepEqual(g, w) {
				t.Errorf("%s: sourceAt(%d) (%s) = %+v from origins, %+v from the parse", f, l, p, g, w)
			}
		}
	}
}

// pointsAtElement tells a pointer to an OpenAPI element or field (or an
// extension's key) from one into data kin-openapi keeps no positions for:
// examples, enumerations, lists of required names, security requirements,
// $ref values, extension
// values.
func pointsAtElement(p string) bool {
	for _, part := range []string{"/examples/", "/example/", "/enum/", "/default/", "/required/", "$ref", "/security/"} {
		if strings.Contains(p, part) || strings.HasPrefix(p, strings.TrimSuffix(part, "/")+"/") {
			return false
		}
	}
	if i := strings.Index(p, "/x-"); i >= 0 && strings.Contains(p[i+1:], "/") {
		return false
	}
	return true
}

// TestCatalogueLinesWithoutParse: the entries of the root's error-code
// catalogue (an extension, without origins) of the committed ELB and API
// Gateway specs are found in the lines, at the lines a parse gives.
func TestCatalogueLinesWithoutParse(t *testing.T) {
	for _, f := range []string{"../spec/otc-elb-v3.yaml", "../spec/otc-apig.yaml"} {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Load(raw, f)
		if err != nil {
			t.Fatal(err)
		}
		fresh, parsed := docIndex(doc, raw), newIndex(raw)
		// The entries of the root's error-code catalogue are found in
		// the lines, without a parse.
		for i := 0; ; i++ {
			p := pointer("x-docspec-error-codes", strconv.Itoa(i))
			wl, we := parsed.line(p)
			if !we {
				if i == 0 {
					t.Errorf("%s: no error-code catalogue", f)
				}
				break
			}
			before := fresh.fallbacks
			if gl, ge := fresh.line(p); gl != wl || !ge || fresh.fallbacks > before {
				t.Errorf("%s: line(%q) = %d %v (%d parses), want %d", f, p, gl, ge, fresh.fallbacks-before, wl)
			}
		}
	}
}
