package conventions

import (
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// ErrorShape names the fields of a provider's error body.
type ErrorShape struct{ Code, Message, RequestID string }

// Answer is an error answer: status, code and message. The message of a
// BadRequest answer holds one %s for the offending parameter's name.
type Answer struct {
	Status        int
	Code, Message string
}

// Profile is what a cloud does that its pages take for granted: the shape of
// its error bodies and the answers its gateway gives when an operation's
// page documents none. Adding a cloud is one entry of Profiles.
type Profile struct {
	Name      string   // the family: "huawei", "aliyun"
	Providers []string // x-docspec-provider values that use it
	Shape     ErrorShape
	// BadRequest answers a request that breaks a documented constraint,
	// Unauthorized one without credentials, when the spec documents none.
	BadRequest, Unauthorized Answer
	// RPCNotFound answers an RPC request whose Action is not documented;
	// zero for a cloud without RPC-style Actions.
	RPCNotFound Answer
	// Credential is how the cloud authenticates every request, for a spec
	// whose pages state no authentication method; nil when its pages do.
	Credential *Credential
	// NotFound answers a path no operation documents, MethodNotAllowed a
	// documented path with another method, TooLarge a body over the
	// server's limit: the gateway's own answers, which no operation page
	// documents.
	NotFound, MethodNotAllowed, TooLarge Answer
	// NotImplemented answers an operation a server on the generated stubs
	// has no handler for, Internal a handler's failure: docspec's answers
	// (the cloud has neither), in the cloud's shape.
	NotImplemented, Internal Answer
}

// Credential is an apiKey security scheme: the component Scheme, carried in
// In ("header", "query") under Name.
type Credential struct {
	Scheme, In, Name, Description string
}

// Profiles is the table of provider profiles; the first is the default for
// a provider it does not list.
var Profiles = []Profile{
	{
		// Huawei Cloud and the clouds that run its stack: APIG's answers.
		Name:         "huawei",
		Providers:    []string{"huaweicloud", "otc"},
		Shape:        ErrorShape{Code: "error_code", Message: "error_msg"},
		BadRequest:   Answer{http.StatusBadRequest, "APIG.2011", "Invalid parameter value,parameterName:%s. Please refer to the support documentation"},
		Unauthorized: Answer{http.StatusUnauthorized, "APIG.1002", "Incorrect token or token resolution failed"},
		// The front gateway's answers to an unrouted path and to an
		// oversized request.
		NotFound:         Answer{http.StatusNotFound, "APIGW.0101", "The API does not exist or has not been published in the environment"},
		MethodNotAllowed: Answer{http.StatusMethodNotAllowed, "APIGW.0101", "The API does not exist or has not been published in the environment"},
		TooLarge:         Answer{http.StatusRequestEntityTooLarge, "APIG.0201", "Request entity too large"},
		NotImplemented:   Answer{http.StatusNotImplemented, "DOCSPEC.0501", "The operation is documented but this server does not implement it"},
		Internal:         Answer{http.StatusInternalServerError, "DOCSPEC.0500", "The server failed to answer the request"},
	},
	{
		// Alibaba Cloud: the POP gateway's answers.
		Name:         "aliyun",
		Providers:    []string{"aliyun"},
		Shape:        ErrorShape{Code: "Code", Message: "Message", RequestID: "RequestId"},
		BadRequest:   Answer{http.StatusBadRequest, "InvalidParameter", "The specified parameter %q is not valid."},
		Unauthorized: Answer{http.StatusUnauthorized, "InvalidAccessKeyId.NotFound", "Specified access key is not found."},
		RPCNotFound:  Answer{http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."},
		// RPC-style requests are signed: AccessKeyId and Signature are
		// common query parameters of every Action.
		Credential: &Credential{Scheme: "aksk", In: "query", Name: "AccessKeyId",
			Description: "Alibaba Cloud request signing: the AccessKeyId and Signature common query parameters of every Action (from docspec's provider profile; the pages state no authentication method)"},
		// POP answers an unknown path or method as an unknown API.
		NotFound:         Answer{http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."},
		MethodNotAllowed: Answer{http.StatusMethodNotAllowed, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."},
		TooLarge:         Answer{http.StatusRequestEntityTooLarge, "InvalidParameter.TooLarge", "The request body is too large."},
		NotImplemented:   Answer{http.StatusNotImplemented, "DocSpec.NotImplemented", "The operation is documented but this server does not implement it."},
		Internal:         Answer{http.StatusInternalServerError, "DocSpec.InternalError", "The server failed to answer the request."},
	},
}

// ProfileFor is the profile of provider; the default (first) profile for a
// provider the table does not list.
func ProfileFor(provider string) Profile {
	for _, p := range Profiles {
		if slices.Contains(p.Providers, provider) {
			return p
		}
	}
	return Profiles[0]
}

// ProfileOf is the profile of doc's provider. A spec of an unlisted
// provider with RPC-style operations gets the profile of the cloud whose
// style that is (the first with an RPCNotFound answer).
func ProfileOf(doc *openapi3.T) Profile {
	var provider string
	if doc != nil && doc.Info != nil {
		provider = ProviderOf(doc.Info.Extensions)
	}
	for _, p := range Profiles {
		if slices.Contains(p.Providers, provider) {
			return p
		}
	}
	if hasRPC(doc) {
		for _, p := range Profiles {
			if p.RPCNotFound.Code != "" {
				return p
			}
		}
	}
	return Profiles[0]
}

func hasRPC(doc *openapi3.T) bool {
	if doc == nil || doc.Paths == nil {
		return false
	}
	for path, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if ActionOf(path, op) != "" {
				return true
			}
		}
	}
	return false
}

// ActionOf is the Action of an RPC-style operation at path, or "": its
// x-docspec-rpc, else the "/#Action" path the emitter gives it.
func ActionOf(path string, op *openapi3.Operation) string {
	if op != nil {
		if a := RPCOf(op.Extensions); a != "" {
			return a
		}
	}
	if a, ok := strings.CutPrefix(path, "/#"); ok {
		return a
	}
	return ""
}

// ShapeOf is the error body shape of an operation: that of its first
// documented 4xx/5xx/default JSON body (by status), else of the spec's
// Error component, else the profile's — for an RPC-style operation, the
// shape of the cloud whose style that is. A documented body is matched to
// a profile by its code field; a missing message field is the body's first
// other field, a missing request-id field is none.
func ShapeOf(doc *openapi3.T, path string, op *openapi3.Operation) ErrorShape {
	for _, s := range errorSchemas(doc, op) {
		if sh, ok := matchShape(s.Properties); ok {
			return sh
		}
	}
	prof := ProfileOf(doc)
	if ActionOf(path, op) != "" && prof.RPCNotFound.Code == "" {
		for _, p := range Profiles {
			if p.RPCNotFound.Code != "" {
				return p.Shape
			}
		}
	}
	return prof.Shape
}

func errorSchemas(doc *openapi3.T, op *openapi3.Operation) []*openapi3.Schema {
	var out []*openapi3.Schema
	if op != nil && op.Responses != nil {
		m := op.Responses.Map()
		for _, code := range slices.Sorted(maps.Keys(m)) {
			if !strings.HasPrefix(code, "4") && !strings.HasPrefix(code, "5") && code != "default" {
				continue
			}
			if r := m[code]; r != nil && r.Value != nil {
				if mt := r.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil && mt.Schema.Value != nil {
					out = append(out, mt.Schema.Value)
				}
			}
		}
	}
	if doc != nil && doc.Components != nil {
		if s := doc.Components.Schemas["Error"]; s != nil && s.Value != nil {
			out = append(out, s.Value)
		}
	}
	return out
}

func matchShape(props openapi3.Schemas) (ErrorShape, bool) {
	for _, p := range Profiles {
		if props[p.Shape.Code] == nil {
			continue
		}
		sh := p.Shape
		if props[sh.Message] == nil {
			for _, k := range slices.Sorted(maps.Keys(props)) {
				if k != sh.Code {
					sh.Message = k
					break
				}
			}
		}
		if sh.RequestID != "" && props[sh.RequestID] == nil {
			sh.RequestID = ""
		}
		return sh, true
	}
	return ErrorShape{}, false
}

// ProfileForShape is the profile whose error body has sh's code field,
// else the default: whose default answers fit a body of that shape.
func ProfileForShape(sh ErrorShape) Profile {
	for _, p := range Profiles {
		if p.Shape.Code == sh.Code {
			return p
		}
	}
	return Profiles[0]
}

// CredentialHeaders lists, per security requirement of the operation (its
// own, else the spec's), the headers that must all be present: an apiKey
// scheme in a header gives its name, an http, oauth2 or openIdConnect scheme
// gives Authorization. An empty requirement (anonymous access allowed)
// gives nil. Without any such requirement, a required header parameter of
// the operation that an apiKey header scheme names is the credential.
func CredentialHeaders(doc *openapi3.T, item *openapi3.PathItem, op *openapi3.Operation) [][]string {
	var sec openapi3.SecurityRequirements
	if doc != nil {
		sec = doc.Security
	}
	if op != nil && op.Security != nil {
		sec = *op.Security
	}
	var schemes openapi3.SecuritySchemes
	if doc != nil && doc.Components != nil {
		schemes = doc.Components.SecuritySchemes
	}
	var alts [][]string
	for _, req := range sec {
		if len(req) == 0 {
			return nil
		}
		var hs []string
		for _, name := range slices.Sorted(maps.Keys(req)) {
			if h := credentialHeader(schemes[name]); h != "" {
				hs = append(hs, h)
			}
		}
		if len(hs) > 0 {
			alts = append(alts, hs)
		}
	}
	if len(alts) > 0 {
		return alts
	}
	for _, p := range params(item, op) {
		if p.In != "header" || !p.Required {
			continue
		}
		for _, name := range slices.Sorted(maps.Keys(schemes)) {
			s := schemes[name]
			if s != nil && s.Value != nil && s.Value.Type == "apiKey" && s.Value.In == "header" && strings.EqualFold(s.Value.Name, p.Name) {
				return [][]string{{p.Name}}
			}
		}
	}
	return nil
}

func credentialHeader(s *openapi3.SecuritySchemeRef) string {
	if s == nil || s.Value == nil {
		return ""
	}
	switch s.Value.Type {
	case "apiKey":
		if s.Value.In == "header" {
			return s.Value.Name
		}
	case "http", "oauth2", "openIdConnect":
		return "Authorization"
	}
	return ""
}

func params(item *openapi3.PathItem, op *openapi3.Operation) []*openapi3.Parameter {
	var lists []openapi3.Parameters
	if item != nil {
		lists = append(lists, item.Parameters)
	}
	if op != nil {
		lists = append(lists, op.Parameters)
	}
	var out []*openapi3.Parameter
	for _, ps := range lists {
		for _, p := range ps {
			if p != nil && p.Value != nil {
				out = append(out, p.Value)
			}
		}
	}
	return out
}
