package openapi

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// Document is a spec as one ordered tree, built once and written as YAML
// and as JSON: keys in OpenAPI's conventional order where the object is an
// OpenAPI object (openapi, info, servers, tags, paths, components; tags,
// summary, ... for operations), sorted everywhere else, x- extensions last;
// 2-space indentation; a trailing newline. The same spec always gives the
// same bytes. The writers stream: what they hold besides the tree does not
// grow with the document.
type Document struct {
	root *node
}

// NewDocument builds the ordered tree of doc.
func NewDocument(doc *openapi3.T) (*Document, error) {
	if doc == nil {
		return nil, fmt.Errorf("spec: nil document")
	}
	root, err := treeOf(doc)
	if err != nil {
		return nil, err
	}
	arrange(root, ctxRoot)
	return &Document{root: root}, nil
}

// Marshal renders doc as "yaml" or "json" (see Document).
func Marshal(doc *openapi3.T, format string) ([]byte, error) {
	d, err := NewDocument(doc)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	switch strings.ToLower(format) {
	case "yaml", "yml":
		err = d.WriteYAML(&buf)
	case "json":
		err = d.WriteJSON(&buf)
	default:
		return nil, fmt.Errorf("spec: unknown format %q (want yaml or json)", format)
	}
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// YAML and JSON are the two renderings as bytes.
func (d *Document) YAML() ([]byte, error) {
	var buf bytes.Buffer
	err := d.WriteYAML(&buf)
	return buf.Bytes(), err
}

// JSON is the JSON rendering as bytes.
func (d *Document) JSON() ([]byte, error) {
	var buf bytes.Buffer
	err := d.WriteJSON(&buf)
	return buf.Bytes(), err
}

// WriteYAML writes the document as block-style YAML, byte for byte what
// gopkg.in/yaml.v3 writes for the same tree with an indent of 2.
func (d *Document) WriteYAML(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	e := &yamlWriter{w: bw, indent: -1, whitespace: true, indention: true}
	e.node(d.root, ctxParentRoot, false)
	e.writeIndent()
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("spec: writing YAML: %w", err)
	}
	return nil
}

// WriteJSON writes the document as JSON indented by two spaces, strings
// escaped as encoding/json does without HTML escaping.
func (d *Document) WriteJSON(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	j := &jsonWriter{w: bw}
	j.node(d.root, 0)
	bw.WriteByte('\n')
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("spec: writing JSON: %w", err)
	}
	return nil
}

// node is a JSON value that keeps the order of its object keys.
type node struct {
	kind byte
	keys []string
	vals []*node
	text string // a string's value, a number's digits
}

const (
	kindObject byte = 'o'
	kindArray  byte = 'a'
	kindString byte = 's'
	kindNumber byte = 'n'
	kindTrue   byte = 't'
	kindFalse  byte = 'f'
	kindNull   byte = 'z'
)

// treeOf builds the tree of doc from what kin-openapi would encode: every
// kin-openapi type encodes as JSON the value its MarshalYAML gives, so that
// value is walked directly (kin-openapi's own MarshalJSON re-reads the bytes
// of every nested level). Values of other types (extensions' typed values)
// go through encoding/json. TestTreeOfMatchesEncodingJSON holds the two
// ways to the same tree.
func treeOf(doc *openapi3.T) (*node, error) {
	n, err := new(tree).valueNode(reflect.ValueOf(doc))
	if err != nil {
		return nil, fmt.Errorf("spec: encoding document: %w", err)
	}
	return n, nil
}

// treeOfJSON is the tree of what encoding/json writes for v.
func treeOfJSON(v any) (*node, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	r := &jsonReader{data: raw}
	n, err := r.value()
	if err != nil {
		return nil, fmt.Errorf("re-reading at byte %d: %w", r.pos, err)
	}
	return n, nil
}

type yamlMarshaler interface{ MarshalYAML() (any, error) }

var (
	kinPackage     = reflect.TypeOf(openapi3.T{}).PkgPath()
	jsonMarshalerT = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
	yamlMarshalerT = reflect.TypeOf((*yamlMarshaler)(nil)).Elem()
	jsonNumberT    = reflect.TypeOf(json.Number(""))
	rawMessageT    = reflect.TypeOf(json.RawMessage(nil))
	textMarshalerT = reflect.TypeOf((*interface{ MarshalText() ([]byte, error) })(nil)).Elem()
	errNotFinite   = fmt.Errorf("unsupported value: a number that is not finite")
)

// isKin tells a kin-openapi type (or a pointer to one) that encodes
// through MarshalYAML.
func isKin(t reflect.Type) bool {
	base := t
	if base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	return base.PkgPath() == kinPackage && t.Implements(jsonMarshalerT) && t.Implements(yamlMarshalerT)
}

// How valueNode treats a type, worked out once per type.
const (
	classPlain  = iota + 1 // by its kind
	classKin               // through MarshalYAML
	classNumber            // json.Number
	classJSON              // through encoding/json
)

var classes sync.Map // reflect.Type → class

func classOf(t reflect.Type) int {
	if c, ok := classes.Load(t); ok {
		return c.(int)
	}
	c := classPlain
	switch {
	case isKin(t):
		c = classKin
	case t == jsonNumberT:
		c = classNumber
	case t == rawMessageT || t.Implements(jsonMarshalerT) || t.Implements(textMarshalerT) ||
		reflect.PointerTo(t).Implements(jsonMarshalerT) || reflect.PointerTo(t).Implements(textMarshalerT):
		c = classJSON
	}
	classes.Store(t, c)
	return c
}

// tree builds the nodes of one document, allocated in blocks: a spec has
// hundreds of thousands of them, and they all live as long as the tree.
type tree struct {
	free     []node
	freePtrs []*node
	freeStrs []string
	// members is a stack of the members of the objects being built: an
	// object gathers its members on top, its values gather theirs above,
	// and each gives its own back when done.
	members []member
}

func (tr *tree) node(kind byte, text string) *node {
	if len(tr.free) == 0 {
		tr.free = make([]node, 512)
	}
	n := &tr.free[0]
	tr.free = tr.free[1:]
	n.kind, n.text = kind, text
	return n
}

// ptrs and strs are empty slices of capacity n, cut from blocks.
func (tr *tree) ptrs(n int) []*node {
	if n > len(tr.freePtrs) {
		if n > 64 {
			return make([]*node, 0, n)
		}
		tr.freePtrs = make([]*node, 1024)
	}
	s := tr.freePtrs[:0:n]
	tr.freePtrs = tr.freePtrs[n:]
	return s
}

func (tr *tree) strs(n int) []string {
	if n > len(tr.freeStrs) {
		if n > 64 {
			return make([]string, 0, n)
		}
		tr.freeStrs = make([]string, 1024)
	}
	s := tr.freeStrs[:0:n]
	tr.freeStrs = tr.freeStrs[n:]
	return s
}

func (tr *tree) valueNode(v reflect.Value) (*node, error) {
	if !v.IsValid() {
		return tr.node(kindNull, ""), nil
	}
	t := v.Type()
	switch {
	case (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface || v.Kind() == reflect.Map || v.Kind() == reflect.Slice) && v.IsNil():
		return tr.node(kindNull, ""), nil
	}
	if t == schemaRefT {
		if r := v.Interface().(*openapi3.SchemaRef); r.Ref == "" && r.Value != nil {
			if n, ok, err := tr.schemaNode(r.Value); ok {
				return n, err
			}
		}
	}
	switch classOf(t) {
	case classKin:
		y, err := v.Interface().(yamlMarshaler).MarshalYAML()
		if err != nil {
			return nil, err
		}
		return tr.valueNode(reflect.ValueOf(y))
	case classNumber:
		return tr.node(kindNumber, v.String()), nil
	case classJSON:
		return treeOfJSON(v.Interface())
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		return tr.valueNode(v.Elem())
	case reflect.String:
		return tr.node(kindString, validUTF8(v.String())), nil
	case reflect.Bool:
		if v.Bool() {
			return tr.node(kindTrue, ""), nil
		}
		return tr.node(kindFalse, ""), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return tr.node(kindNumber, strconv.FormatInt(v.Int(), 10)), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return tr.node(kindNumber, strconv.FormatUint(v.Uint(), 10)), nil
	case reflect.Float32, reflect.Float64:
		text, err := jsonFloat(v.Float(), t.Bits())
		return tr.node(kindNumber, text), err
	case reflect.Map:
		if t.Key().Kind() != reflect.String || t.Key() != reflect.TypeOf("") {
			return treeOfJSON(v.Interface())
		}
		return tr.mapNode(v)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return treeOfJSON(v.Interface()) // base64, as encoding/json writes bytes
		}
		n := tr.node(kindArray, "")
		n.vals = tr.ptrs(v.Len())
		for i := 0; i < v.Len(); i++ {
			c, err := tr.valueNode(v.Index(i))
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, c)
		}
		return n, nil
	}
	return treeOfJSON(v.Interface())
}

var schemaRefT = reflect.TypeOf((*openapi3.SchemaRef)(nil))

// member is a key of an object and its value.
type member struct {
	key string
	val reflect.Value
}

// schemaNode is the object of a schema that uses OpenAPI 3.0's keywords
// only: the members kin-openapi's Schema.MarshalYAML gives, gathered
// without the map of 61 entries it makes for every schema. ok is false for
// any other schema (a boolean schema, 3.1 keywords, an extension key
// without x-), which goes through MarshalYAML. TestTreeOfMatchesEncodingJSON
// holds the two ways to the same tree.
func (tr *tree) schemaNode(s *openapi3.Schema) (n *node, ok bool, err error) {
	if s.Always != nil || s.Const != nil || len(s.Examples) != 0 || len(s.PrefixItems) != 0 || s.Contains != nil ||
		s.MinContains != nil || s.MaxContains != nil || len(s.PatternProperties) != 0 || len(s.DependentSchemas) != 0 ||
		s.PropertyNames != nil || s.UnevaluatedItems.Has != nil || s.UnevaluatedItems.Schema != nil ||
		s.UnevaluatedProperties.Has != nil || s.UnevaluatedProperties.Schema != nil || s.If != nil || s.Then != nil ||
		s.Else != nil || len(s.DependentRequired) != 0 || len(s.Defs) != 0 || s.SchemaDialect != "" || s.Comment != "" ||
		s.SchemaID != "" || s.Anchor != "" || s.DynamicRef != "" || s.DynamicAnchor != "" || s.ContentMediaType != "" ||
		s.ContentEncoding != "" || s.ContentSchema != nil {
		return nil, false, nil
	}
	base := len(tr.members)
	defer func() { tr.members = tr.members[:base] }()
	for k, v := range s.Extensions {
		if !strings.HasPrefix(k, "x-") {
			return nil, false, nil
		}
		tr.members = append(tr.members, member{k, reflect.ValueOf(v)})
	}
	add := func(k string, v any) { tr.members = append(tr.members, member{k, reflect.ValueOf(v)}) }
	if x := s.OneOf; len(x) != 0 {
		add("oneOf", x)
	}
	if x := s.AnyOf; len(x) != 0 {
		add("anyOf", x)
	}
	if x := s.AllOf; len(x) != 0 {
		add("allOf", x)
	}
	if x := s.Not; x != nil {
		add("not", x)
	}
	if x := s.Type; !x.IsEmpty() {
		add("type", x)
	}
	if x := s.Title; len(x) != 0 {
		add("title", x)
	}
	if x := s.Format; len(x) != 0 {
		add("format", x)
	}
	if x := s.Description; len(x) != 0 {
		add("description", x)
	}
	if x := s.Enum; len(x) != 0 {
		add("enum", x)
	}
	if x := s.Default; x != nil {
		add("default", x)
	}
	if x := s.Example; x != nil {
		add("example", x)
	}
	if x := s.ExternalDocs; x != nil {
		add("externalDocs", x)
	}
	if s.UniqueItems {
		add("uniqueItems", true)
	}
	if x := s.ExclusiveMin; x.IsSet() {
		add("exclusiveMinimum", x)
	}
	if x := s.ExclusiveMax; x.IsSet() {
		add("exclusiveMaximum", x)
	}
	if s.Nullable {
		add("nullable", true)
	}
	if s.ReadOnly {
		add("readOnly", true)
	}
	if s.WriteOnly {
		add("writeOnly", true)
	}
	if s.AllowEmptyValue {
		add("allowEmptyValue", true)
	}
	if s.Deprecated {
		add("deprecated", true)
	}
	if x := s.XML; x != nil {
		add("xml", x)
	}
	if x := s.Min; x != nil {
		add("minimum", x)
	}
	if x := s.Max; x != nil {
		add("maximum", x)
	}
	if x := s.MultipleOf; x != nil {
		add("multipleOf", x)
	}
	if x := s.MinLength; x != 0 {
		add("minLength", x)
	}
	if x := s.MaxLength; x != nil {
		add("maxLength", x)
	}
	if x := s.Pattern; x != "" {
		add("pattern", x)
	}
	if x := s.MinItems; x != 0 {
		add("minItems", x)
	}
	if x := s.MaxItems; x != nil {
		add("maxItems", x)
	}
	if x := s.Items; x != nil {
		add("items", x)
	}
	if x := s.Required; len(x) != 0 {
		add("required", x)
	}
	if x := s.Properties; len(x) != 0 {
		add("properties", x)
	}
	if x := s.MinProps; x != 0 {
		add("minProperties", x)
	}
	if x := s.MaxProps; x != nil {
		add("maxProperties", x)
	}
	if x := s.AdditionalProperties; x.Has != nil || x.Schema != nil {
		add("additionalProperties", &x)
	}
	if x := s.Discriminator; x != nil {
		add("discriminator", x)
	}
	n, err = tr.membersNode(tr.members[base:])
	return n, true, err
}

func anyMap(v reflect.Value) (map[string]any, bool) {
	if !v.CanInterface() {
		return nil, false
	}
	m, ok := v.Interface().(map[string]any)
	return m, ok
}

// mapNode is an object in encoding/json's order (sorted keys); arrange
// gives the final order, which depends only on the keys.
func (tr *tree) mapNode(v reflect.Value) (*node, error) {
	base := len(tr.members)
	defer func() { tr.members = tr.members[:base] }()
	if m, ok := anyMap(v); ok {
		// What MarshalYAML gives: no reflect.Value copied per entry.
		for k, x := range m {
			tr.members = append(tr.members, member{k, reflect.ValueOf(x)})
		}
		return tr.membersNode(tr.members[base:])
	}
	for it := v.MapRange(); it.Next(); {
		tr.members = append(tr.members, member{it.Key().String(), it.Value()})
	}
	return tr.membersNode(tr.members[base:])
}

// membersNode is the object of members with distinct keys, sorted. ms may
// be the top of tr.members: the values' members go above it, and where
// the stack moves to a larger array ms stays where it was.
func (tr *tree) membersNode(ms []member) (*node, error) {
	slices.SortFunc(ms, func(a, b member) int { return strings.Compare(a.key, b.key) })
	n := tr.node(kindObject, "")
	n.keys, n.vals = tr.strs(len(ms)), tr.ptrs(len(ms))
	for _, e := range ms {
		c, err := tr.valueNode(e.val)
		if err != nil {
			return nil, err
		}
		n.keys = append(n.keys, validUTF8(e.key))
		n.vals = append(n.vals, c)
	}
	return n, nil
}

// validUTF8 replaces each byte that is not UTF-8 with U+FFFD, as
// encoding/json does.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// jsonFloat formats f as encoding/json does.
func jsonFloat(f float64, bits int) (string, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return "", errNotFinite
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	b := strconv.AppendFloat(nil, f, format, -1, bits)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return string(b), nil
}

// jsonReader reads the compact JSON encoding/json writes. It is not a
// general JSON parser: the input is known to be valid.
type jsonReader struct {
	data []byte
	pos  int
}

func (r *jsonReader) skipSpace() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

func (r *jsonReader) value() (*node, error) {
	r.skipSpace()
	if r.pos >= len(r.data) {
		return nil, io.ErrUnexpectedEOF
	}
	switch c := r.data[r.pos]; {
	case c == '{':
		return r.object()
	case c == '[':
		return r.array()
	case c == '"':
		s, err := r.str()
		return &node{kind: kindString, text: s}, err
	case c == 't':
		return r.literal("true", kindTrue)
	case c == 'f':
		return r.literal("false", kindFalse)
	case c == 'n':
		return r.literal("null", kindNull)
	default:
		start := r.pos
		for r.pos < len(r.data) && strings.IndexByte("+-0123456789.eE", r.data[r.pos]) >= 0 {
			r.pos++
		}
		if r.pos == start {
			return nil, fmt.Errorf("unexpected %q", c)
		}
		return &node{kind: kindNumber, text: string(r.data[start:r.pos])}, nil
	}
}

func (r *jsonReader) literal(word string, kind byte) (*node, error) {
	if !bytes.HasPrefix(r.data[r.pos:], []byte(word)) {
		return nil, fmt.Errorf("expected %s", word)
	}
	r.pos += len(word)
	return &node{kind: kind}, nil
}

func (r *jsonReader) object() (*node, error) {
	n := &node{kind: kindObject}
	r.pos++ // {
	for {
		r.skipSpace()
		if r.pos >= len(r.data) {
			return nil, io.ErrUnexpectedEOF
		}
		switch r.data[r.pos] {
		case '}':
			r.pos++
			return n, nil
		case ',':
			r.pos++
			continue
		}
		k, err := r.str()
		if err != nil {
			return nil, err
		}
		r.skipSpace()
		if r.pos >= len(r.data) || r.data[r.pos] != ':' {
			return nil, fmt.Errorf("expected ':' after key %q", k)
		}
		r.pos++
		v, err := r.value()
		if err != nil {
			return nil, err
		}
		n.keys = append(n.keys, k)
		n.vals = append(n.vals, v)
	}
}

func (r *jsonReader) array() (*node, error) {
	n := &node{kind: kindArray}
	r.pos++ // [
	for {
		r.skipSpace()
		if r.pos >= len(r.data) {
			return nil, io.ErrUnexpectedEOF
		}
		switch r.data[r.pos] {
		case ']':
			r.pos++
			return n, nil
		case ',':
			r.pos++
			continue
		}
		v, err := r.value()
		if err != nil {
			return nil, err
		}
		n.vals = append(n.vals, v)
	}
}

// str reads a JSON string; one without escapes is copied as it is.
func (r *jsonReader) str() (string, error) {
	if r.pos >= len(r.data) || r.data[r.pos] != '"' {
		return "", fmt.Errorf("expected a string")
	}
	start := r.pos
	escaped := false
	for i := r.pos + 1; i < len(r.data); i++ {
		switch r.data[i] {
		case '\\':
			escaped = true
			i++
		case '"':
			r.pos = i + 1
			if !escaped {
				return string(r.data[start+1 : i]), nil
			}
			var s string
			err := json.Unmarshal(r.data[start:i+1], &s)
			return s, err
		}
	}
	return "", io.ErrUnexpectedEOF
}

// jsonWriter writes a tree as indented JSON.
type jsonWriter struct {
	w       *bufio.Writer
	scratch []byte
}

func (j *jsonWriter) newline(depth int) {
	j.w.WriteByte('\n')
	for i := 0; i < depth; i++ {
		j.w.WriteString("  ")
	}
}

func (j *jsonWriter) node(n *node, depth int) {
	switch n.kind {
	case kindObject:
		if len(n.keys) == 0 {
			j.w.WriteString("{}")
			return
		}
		j.w.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				j.w.WriteByte(',')
			}
			j.newline(depth + 1)
			j.str(k)
			j.w.WriteString(": ")
			j.node(n.vals[i], depth+1)
		}
		j.newline(depth)
		j.w.WriteByte('}')
	case kindArray:
		if len(n.vals) == 0 {
			j.w.WriteString("[]")
			return
		}
		j.w.WriteByte('[')
		for i, v := range n.vals {
			if i > 0 {
				j.w.WriteByte(',')
			}
			j.newline(depth + 1)
			j.node(v, depth+1)
		}
		j.newline(depth)
		j.w.WriteByte(']')
	case kindString:
		j.str(n.text)
	case kindNumber:
		j.w.WriteString(n.text)
	case kindTrue:
		j.w.WriteString("true")
	case kindFalse:
		j.w.WriteString("false")
	default:
		j.w.WriteString("null")
	}
}

func (j *jsonWriter) str(s string) {
	j.scratch = appendJSONString(j.scratch[:0], s)
	j.w.Write(j.scratch)
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does with HTML escaping off:
// quote, backslash and control characters escaped, invalid UTF-8 as
// \ufffd, U+2028 and U+2029 escaped.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
