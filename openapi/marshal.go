package openapi

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
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

// treeOf renders doc with kin-openapi's own JSON encoding (which decides
// what each OpenAPI object holds) and reads the result into a tree.
func treeOf(doc *openapi3.T) (*node, error) {
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("spec: encoding document: %w", err)
	}
	r := &jsonReader{data: raw}
	n, err := r.value()
	if err != nil {
		return nil, fmt.Errorf("spec: re-reading document at byte %d: %w", r.pos, err)
	}
	return n, nil
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
