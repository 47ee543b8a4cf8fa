package openapi

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// The streaming writers are held to the encoders they replace: yaml.v3
// (indent 2) for YAML, encoding/json without HTML escaping for strings.

// yamlNode is the tree as yaml.v3 nodes, the way Marshal built them
// before it wrote YAML itself.
func yamlNode(n *node) *yaml.Node {
	switch n.kind {
	case kindObject:
		y := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for i, k := range n.keys {
			y.Content = append(y.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, yamlNode(n.vals[i]))
		}
		return y
	case kindArray:
		y := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, v := range n.vals {
			y.Content = append(y.Content, yamlNode(v))
		}
		return y
	}
	value, tag := yamlScalar(n)
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!" + tag, Value: value}
}

func yamlV3(t testing.TB, n *node) string {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(yamlNode(n)); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func ours(t testing.TB, n *node) string {
	var buf bytes.Buffer
	if err := (&Document{root: n}).WriteYAML(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func strNode(s string) *node { return &node{kind: kindString, text: s} }

// around puts s everywhere a string can stand in a spec: a key, a value,
// a sequence item, a key and value of a nested object, a sequence in a
// sequence, beside empty collections.
func around(s string) *node {
	inner := &node{kind: kindObject, keys: []string{s, "k"}, vals: []*node{strNode(s), {kind: kindArray, vals: []*node{strNode(s), {kind: kindArray, vals: []*node{strNode(s)}}}}}}
	return &node{kind: kindObject,
		keys: []string{s, "seq", "obj", "empty", "none", "n"},
		vals: []*node{
			strNode(s),
			{kind: kindArray, vals: []*node{strNode(s), inner, {kind: kindObject}, {kind: kindArray}}},
			inner,
			{kind: kindObject},
			{kind: kindArray},
			{kind: kindNumber, text: "12"},
		}}
}

var trickyStrings = []string{
	"", " ", "plain", "two words", "trailing ", " leading", "a: b", "a:b", "- x", "-x", "#x", "a #b", "a#b",
	"'q'", `"dq"`, "it's", "true", "False", "null", "~", "yes", "no", "on", "12", "1.5", "1e3", "0x1F", "0o17",
	"0b101", "-0b1", "1_000", ".5", ".inf", "-.Inf", ".nan", "<<", "2024-01-02", "2024-1-2T10:00:00Z", "2024-13-45",
	"line\nbreak", "ends\n", "two\n\n", "\nstarts", " space\nthen", "trail \nx", "a\n b", "tab\there", "\ttab",
	"cr\rhere", "nel\u0085x", "ls\u2028x", "ps\u2029", "bell\a", "nul\x00", "esc\x1b", "del\x7f", "nbsp\u00a0",
	"\ufeffbom", "bom\ufeff", "中文字符", "émoji 😀", "\ufffe", "{x}", "[x]", "x, y", "*a", "&a", "!t", "|p", ">f",
	"%p", "@a", "`b", "?", "? x", ":", ": x", "---", "...", "--- x", "back\\slash", strings.Repeat("long key ", 20),
	strings.Repeat("x", 129), strings.Repeat("y", 128), "multi\nline " + strings.Repeat("z", 130),
}

func TestYAMLWriterMatchesYAMLv3(t *testing.T) {
	for _, s := range trickyStrings {
		n := around(s)
		if got, want := ours(t, n), yamlV3(t, n); got != want {
			t.Errorf("string %q:\n--- ours ---\n%s--- yaml.v3 ---\n%s", s, got, want)
		}
	}
	for _, num := range []string{"0", "-1", "3.25", "1e+21", "1e-07", "12345678901234567890"} {
		n := &node{kind: kindObject, keys: []string{"n"}, vals: []*node{{kind: kindNumber, text: num}}}
		if got, want := ours(t, n), yamlV3(t, n); got != want {
			t.Errorf("number %s: ours %q, yaml.v3 %q", num, got, want)
		}
	}
}

// TestYAMLWriterMatchesYAMLv3OnSpecs writes each committed spec (read from
// its JSON) both ways.
func TestYAMLWriterMatchesYAMLv3OnSpecs(t *testing.T) {
	files, _ := filepath.Glob("../spec/*.json")
	if len(files) == 0 {
		t.Fatal("no spec/*.json")
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n, err := (&jsonReader{data: raw}).value()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if got, want := ours(t, n), yamlV3(t, n); got != want {
			t.Errorf("%s: the YAML writers differ (first difference at byte %d)", f, firstDiff(got, want))
		}
		var buf bytes.Buffer
		if err := (&Document{root: n}).WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), raw) {
			t.Errorf("%s: JSON written back differs at byte %d", f, firstDiff(buf.String(), string(raw)))
		}
	}
}

func firstDiff(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

func encodingJSON(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(buf.String(), "\n")
}

func TestJSONStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range append(trickyStrings, "<a href=\"x\">&amp;</a>", "\b\f", "bad \xff utf8", "\xe2\x80") {
		if got, want := string(appendJSONString(nil, s)), encodingJSON(s); got != want {
			t.Errorf("%q: ours %s, encoding/json %s", s, got, want)
		}
	}
}

func FuzzWriters(f *testing.F) {
	for _, s := range trickyStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendJSONString(nil, s)), encodingJSON(s); got != want {
			t.Fatalf("JSON %q: ours %s, encoding/json %s", s, got, want)
		}
		// The tree's strings come from JSON: valid UTF-8.
		var valid string
		if err := json.Unmarshal([]byte(encodingJSON(s)), &valid); err != nil {
			t.Fatal(err)
		}
		n := around(valid)
		if got, want := ours(t, n), yamlV3(t, n); got != want {
			t.Fatalf("YAML %q:\n--- ours ---\n%s--- yaml.v3 ---\n%s", valid, got, want)
		}
	})
}

// TestTreeOfMatchesEncodingJSON: the tree walked from kin-openapi's values
// is the tree of kin-openapi's JSON, for each committed spec (loaded from
// its JSON) — numbers, nulls, empty lists and extensions included.
func TestTreeOfMatchesEncodingJSON(t *testing.T) {
	files, _ := filepath.Glob("../spec/*.json")
	if len(files) == 0 {
		t.Fatal("no spec/*.json")
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc openapi3.T
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		walked, err := treeOf(&doc)
		if err != nil {
			t.Fatal(err)
		}
		viaJSON, err := treeOfJSON(&doc)
		if err != nil {
			t.Fatal(err)
		}
		var a, b bytes.Buffer
		(&Document{root: walked}).WriteJSON(&a)
		(&Document{root: viaJSON}).WriteJSON(&b)
		if a.String() != b.String() {
			t.Errorf("%s: trees differ at byte %d", f, firstDiff(a.String(), b.String()))
		}
	}
}

// TestTreeOfScalarsMatchEncodingJSON: the scalars encoding/json writes
// in its own way (floats in exponent form, invalid UTF-8, bytes, nil
// slices and maps, typed extension values).
func TestTreeOfScalarsMatchEncodingJSON(t *testing.T) {
	type src struct {
		File string `json:"file"`
		Line int    `json:"line,omitempty"`
	}
	v := map[string]any{
		"floats":  []any{1e21, 1e-7, 123456789.0, 0.1, float32(3.4e-7), -0.0, 5.0},
		"ints":    []any{int64(-3), uint8(7)},
		"bad":     "a\xffb\xfe",
		"bytes":   []byte("hi"),
		"nils":    []any{nil, []string(nil), map[string]int(nil), (*src)(nil)},
		"typed":   src{File: "x.html"},
		"number":  json.Number("12.50"),
		"raw":     json.RawMessage(`{"b":1,"a":[true,null]}`),
		"bad\xff": true,
	}
	walked, err := new(tree).valueNode(reflect.ValueOf(v))
	if err != nil {
		t.Fatal(err)
	}
	viaJSON, err := treeOfJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	(&Document{root: walked}).WriteJSON(&a)
	(&Document{root: viaJSON}).WriteJSON(&b)
	if a.String() != b.String() {
		t.Errorf("walked:\n%s\nencoding/json:\n%s", a.String(), b.String())
	}
}
