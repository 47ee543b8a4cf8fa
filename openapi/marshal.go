package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/docspec/docspec/conventions"
	"io"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// Marshal renders doc as "yaml" or "json": keys in OpenAPI's conventional
// order where the object is an OpenAPI object (openapi, info, servers, tags,
// paths, components; tags, summary, ... for operations), sorted everywhere
// else, x- extensions last; 2-space indentation; a trailing newline. The same
// document always gives the same bytes.
func Marshal(doc *openapi3.T, format string) ([]byte, error) {
	if doc == nil {
		return nil, fmt.Errorf("spec: nil document")
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("spec: encoding document: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tree, err := readNode(dec)
	if err != nil {
		return nil, fmt.Errorf("spec: re-reading document: %w", err)
	}
	arrange(tree, ctxRoot)
	switch strings.ToLower(format) {
	case "yaml", "yml":
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(tree.yaml()); err != nil {
			return nil, fmt.Errorf("spec: writing YAML: %w", err)
		}
		if err := enc.Close(); err != nil {
			return nil, fmt.Errorf("spec: writing YAML: %w", err)
		}
		return buf.Bytes(), nil
	case "json":
		var buf bytes.Buffer
		if err := tree.writeJSON(&buf, ""); err != nil {
			return nil, fmt.Errorf("spec: writing JSON: %w", err)
		}
		buf.WriteByte('\n')
		return buf.Bytes(), nil
	}
	return nil, fmt.Errorf("spec: unknown format %q (want yaml or json)", format)
}

// node is a JSON value that keeps the order of its object keys.
type node struct {
	kind   byte // 'o' object, 'a' array, 's' scalar
	keys   []string
	vals   []*node
	scalar any // string, json.Number, bool or nil
}

func readNode(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &node{kind: 'o'}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := readNode(dec)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k)
				n.vals = append(n.vals, v)
			}
			_, err := dec.Token()
			return n, err
		case '[':
			n := &node{kind: 'a'}
			for dec.More() {
				v, err := readNode(dec)
				if err != nil {
					return nil, err
				}
				n.vals = append(n.vals, v)
			}
			_, err := dec.Token()
			return n, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	}
	return &node{kind: 's', scalar: tok}, nil
}

type ctx int

const (
	ctxData ctx = iota
	ctxRoot
	ctxInfo
	ctxTag
	ctxPaths
	ctxPathItem
	ctxOperation
	ctxParameter
	ctxRequestBody
	ctxContent
	ctxMediaType
	ctxExamples
	ctxExample
	ctxResponses
	ctxResponse
	ctxHeaders
	ctxComponents
	ctxSchemas
	ctxSchema
	ctxSecuritySchemes
	ctxSecurityScheme
	ctxSource
	ctxRule
	ctxWhen
	ctxErrorCode
	ctxList // a list whose items take the context given by listOf
)

// keyOrder lists the conventional key order of each OpenAPI object.
var keyOrder = map[ctx][]string{
	ctxRoot:           {"openapi", "info", "servers", "tags", "security", "paths", "components", "externalDocs"},
	ctxInfo:           {"title", "description", "termsOfService", "contact", "license", "version"},
	ctxTag:            {"name", "description", "externalDocs"},
	ctxPathItem:       {"summary", "description", "get", "put", "post", "delete", "options", "head", "patch", "trace", "servers", "parameters"},
	ctxOperation:      {"tags", "summary", "description", "operationId", "parameters", "requestBody", "responses", "callbacks", "deprecated", "security", "servers"},
	ctxParameter:      {"name", "in", "description", "required", "deprecated", "allowEmptyValue", "style", "explode", "allowReserved", "schema", "example", "examples", "content"},
	ctxRequestBody:    {"description", "required", "content"},
	ctxMediaType:      {"schema", "example", "examples", "encoding"},
	ctxExample:        {"summary", "description", "value", "externalValue"},
	ctxResponse:       {"description", "headers", "content", "links"},
	ctxComponents:     {"schemas", "responses", "parameters", "examples", "requestBodies", "headers", "securitySchemes", "links", "callbacks"},
	ctxSchema:         {"$ref", "title", "type", "format", "description", "enum", "default", "nullable", "readOnly", "writeOnly", "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "items", "required", "properties", "additionalProperties", "allOf", "oneOf", "anyOf", "not", "discriminator", "example"},
	ctxSecurityScheme: {"type", "description", "name", "in", "scheme", "bearerFormat", "flows", "openIdConnectUrl"},
	ctxSource:         {"file", "section", "table", "row", "line"},
	ctxRule:           {"field", "when", "minLength", "maxLength", "pattern", "enum", "text"},
	ctxWhen:           {"field", "equals"},
	ctxErrorCode:      {"code", "status", "message", "description", "solution"},
}

var methodKeys = map[string]bool{"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true, "patch": true, "trace": true}

// child gives the context of the value under key in an object of context c;
// for lists, the context of their items.
func child(c ctx, key string) (ctx, bool) {
	list := false
	var r ctx
	switch {
	case key == conventions.KeySource:
		r = ctxSource
	case key == conventions.KeyRules:
		r, list = ctxRule, true
	case key == conventions.KeyErrorCodes && c == ctxRoot:
		r, list = ctxErrorCode, true
	case strings.HasPrefix(key, "x-"):
		r = ctxData
	default:
		switch c {
		case ctxRoot:
			switch key {
			case "info":
				r = ctxInfo
			case "tags":
				r, list = ctxTag, true
			case "paths":
				r = ctxPaths
			case "components":
				r = ctxComponents
			}
		case ctxPaths:
			r = ctxPathItem
		case ctxPathItem:
			if methodKeys[key] {
				r = ctxOperation
			} else if key == "parameters" {
				r, list = ctxParameter, true
			}
		case ctxOperation:
			switch key {
			case "parameters":
				r, list = ctxParameter, true
			case "requestBody":
				r = ctxRequestBody
			case "responses":
				r = ctxResponses
			}
		case ctxParameter:
			switch key {
			case "schema":
				r = ctxSchema
			case "examples":
				r = ctxExamples
			case "content":
				r = ctxContent
			}
		case ctxRequestBody:
			if key == "content" {
				r = ctxContent
			}
		case ctxContent:
			r = ctxMediaType
		case ctxMediaType:
			switch key {
			case "schema":
				r = ctxSchema
			case "examples":
				r = ctxExamples
			}
		case ctxExamples:
			r = ctxExample
		case ctxResponses:
			r = ctxResponse
		case ctxResponse:
			switch key {
			case "headers":
				r = ctxHeaders
			case "content":
				r = ctxContent
			}
		case ctxHeaders:
			r = ctxParameter
		case ctxComponents:
			switch key {
			case "schemas":
				r = ctxSchemas
			case "securitySchemes":
				r = ctxSecuritySchemes
			}
		case ctxSchemas:
			r = ctxSchema
		case ctxSchema:
			switch key {
			case "items", "additionalProperties", "not":
				r = ctxSchema
			case "properties":
				r = ctxSchemas
			case "allOf", "oneOf", "anyOf":
				r, list = ctxSchema, true
			}
		case ctxSecuritySchemes:
			r = ctxSecurityScheme
		case ctxRule:
			if key == "when" {
				r, list = ctxWhen, true
			}
		}
	}
	return r, list
}

// arrange orders the keys of n (and below) for context c.
func arrange(n *node, c ctx) {
	switch n.kind {
	case 'a':
		for _, v := range n.vals {
			arrange(v, c)
		}
	case 'o':
		rank := map[string]int{}
		for i, k := range keyOrder[c] {
			rank[k] = i + 1
		}
		idx := make([]int, len(n.keys))
		for i := range idx {
			idx[i] = i
		}
		group := func(k string) int {
			switch {
			case rank[k] > 0:
				return 0
			case strings.HasPrefix(k, "x-"):
				return 2
			}
			return 1
		}
		sort.SliceStable(idx, func(a, b int) bool {
			ka, kb := n.keys[idx[a]], n.keys[idx[b]]
			ga, gb := group(ka), group(kb)
			if ga != gb {
				return ga < gb
			}
			if ga == 0 {
				return rank[ka] < rank[kb]
			}
			return ka < kb
		})
		keys := make([]string, len(idx))
		vals := make([]*node, len(idx))
		for i, j := range idx {
			keys[i], vals[i] = n.keys[j], n.vals[j]
		}
		n.keys, n.vals = keys, vals
		for i, k := range n.keys {
			cc, _ := child(c, k)
			arrange(n.vals[i], cc)
		}
	}
}

func (n *node) yaml() *yaml.Node {
	switch n.kind {
	case 'o':
		y := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for i, k := range n.keys {
			y.Content = append(y.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, n.vals[i].yaml())
		}
		return y
	case 'a':
		y := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, v := range n.vals {
			y.Content = append(y.Content, v.yaml())
		}
		return y
	}
	switch v := n.scalar.(type) {
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
	case json.Number:
		tag := "!!int"
		if strings.ContainsAny(v.String(), ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v.String()}
	case bool:
		s := "false"
		if v {
			s = "true"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: s}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}

func (n *node) writeJSON(w *bytes.Buffer, indent string) error {
	in := indent + "  "
	switch n.kind {
	case 'o':
		if len(n.keys) == 0 {
			w.WriteString("{}")
			return nil
		}
		w.WriteString("{\n")
		for i, k := range n.keys {
			w.WriteString(in)
			if err := writeScalar(w, k); err != nil {
				return err
			}
			w.WriteString(": ")
			if err := n.vals[i].writeJSON(w, in); err != nil {
				return err
			}
			if i < len(n.keys)-1 {
				w.WriteByte(',')
			}
			w.WriteByte('\n')
		}
		w.WriteString(indent + "}")
		return nil
	case 'a':
		if len(n.vals) == 0 {
			w.WriteString("[]")
			return nil
		}
		w.WriteString("[\n")
		for i, v := range n.vals {
			w.WriteString(in)
			if err := v.writeJSON(w, in); err != nil {
				return err
			}
			if i < len(n.vals)-1 {
				w.WriteByte(',')
			}
			w.WriteByte('\n')
		}
		w.WriteString(indent + "]")
		return nil
	}
	return writeScalar(w, n.scalar)
}

func writeScalar(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return err
}
