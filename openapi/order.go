package openapi

import (
	"sort"
	"strings"

	"github.com/docspec/docspec/conventions"
)

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

// ranks holds, per context, each conventional key's place (1-based), so
// that arranging an object does not build a map per object.
var ranks = func() map[ctx]map[string]int {
	m := map[ctx]map[string]int{}
	for c, keys := range keyOrder {
		r := map[string]int{}
		for i, k := range keys {
			r[k] = i + 1
		}
		m[c] = r
	}
	return m
}()

// arrange orders the keys of n (and below) for context c: the conventional
// keys first in their order, then the others sorted, x- extensions last.
func arrange(n *node, c ctx) {
	switch n.kind {
	case kindArray:
		for _, v := range n.vals {
			arrange(v, c)
		}
	case kindObject:
		rank := ranks[c]
		sort.Stable(byRank{n, rank})
		for i, k := range n.keys {
			cc, _ := child(c, k)
			arrange(n.vals[i], cc)
		}
	}
}

// byRank sorts an object's keys and values together.
type byRank struct {
	n    *node
	rank map[string]int
}

func (b byRank) Len() int { return len(b.n.keys) }
func (b byRank) Swap(i, j int) {
	b.n.keys[i], b.n.keys[j] = b.n.keys[j], b.n.keys[i]
	b.n.vals[i], b.n.vals[j] = b.n.vals[j], b.n.vals[i]
}
func (b byRank) Less(i, j int) bool {
	ki, kj := b.n.keys[i], b.n.keys[j]
	ri, rj := b.rank[ki], b.rank[kj]
	gi, gj := keyGroup(ki, ri), keyGroup(kj, rj)
	if gi != gj {
		return gi < gj
	}
	if gi == 0 {
		return ri < rj
	}
	return ki < kj
}

func keyGroup(k string, rank int) int {
	switch {
	case rank > 0:
		return 0
	case strings.HasPrefix(k, "x-"):
		return 2
	}
	return 1
}
