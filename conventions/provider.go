package conventions

import "net/http"

// ErrorShape names the fields of a provider's error body.
type ErrorShape struct {
	Code, Message string
	RequestID     string // "" when the body carries no request id
}

// Answer is one error answer of a provider: the HTTP status, the code and the
// message. For a 400 the message is a format with one %s, the parameter.
type Answer struct {
	Status        int
	Code, Message string
}

// Provider is what docspec knows of one cloud beyond its pages: the shape of
// its error bodies and the answers its gateway gives when the pages say
// nothing (a spec's own 400/401 examples and error-code catalogue win over
// these). Adding a cloud is one entry in Providers.
type Provider struct {
	Name  string
	Shape ErrorShape
	// BadRequest and Unauthorized are the platform's answers to a broken
	// constraint and to a missing credential.
	BadRequest, Unauthorized Answer
	// NotFound answers a path no operation documents, MethodNotAllowed a
	// documented path with another method, RPCNotFound an RPC request whose
	// Action is not documented.
	NotFound, MethodNotAllowed, RPCNotFound Answer
	// TooLarge answers a body over the size limit.
	TooLarge Answer
	// NotImplemented and Internal are docspec's own answers (a server on the
	// generated stubs that lacks an operation, or whose handler failed), in
	// the provider's shape: the platform documents neither.
	NotImplemented, Internal Answer
	// Credentials are the provider's credential headers: a required header
	// parameter with one of these names is a credential even where the spec
	// states no security requirement.
	Credentials []string
}

// Huawei-family gateways (Huawei Cloud, Open Telekom Cloud) answer
// {"error_code","error_msg"}; APIG.2011/APIG.1002 are API Gateway's codes for
// a bad parameter and a bad token, APIGW.0101 the front gateway's answer to a
// path it does not route, APIG.0201 its answer to an oversized request.
var huawei = Provider{
	Shape:            ErrorShape{Code: "error_code", Message: "error_msg"},
	BadRequest:       Answer{http.StatusBadRequest, "APIG.2011", "Invalid parameter value,parameterName:%s. Please refer to the support documentation"},
	Unauthorized:     Answer{http.StatusUnauthorized, "APIG.1002", "Incorrect token or token resolution failed"},
	NotFound:         Answer{http.StatusNotFound, "APIGW.0101", "The API does not exist or has not been published in the environment"},
	MethodNotAllowed: Answer{http.StatusMethodNotAllowed, "APIGW.0101", "The API does not exist or has not been published in the environment"},
	RPCNotFound:      Answer{http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."},
	TooLarge:         Answer{http.StatusRequestEntityTooLarge, "APIG.0201", "Request entity too large"},
	NotImplemented:   Answer{http.StatusNotImplemented, "DOCSPEC.0501", "The operation is documented but this server does not implement it"},
	Internal:         Answer{http.StatusInternalServerError, "DOCSPEC.0500", "The server failed to answer the request"},
	Credentials:      []string{"X-Auth-Token", "Authorization"},
}

// Alibaba Cloud's POP gateway answers {Code, Message, RequestId}.
var aliyun = Provider{
	Name:             "aliyun",
	Shape:            ErrorShape{Code: "Code", Message: "Message", RequestID: "RequestId"},
	BadRequest:       Answer{http.StatusBadRequest, "InvalidParameter", "The specified parameter %q is not valid."},
	Unauthorized:     Answer{http.StatusUnauthorized, "InvalidAccessKeyId.NotFound", "Specified access key is not found."},
	NotFound:         Answer{http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."},
	MethodNotAllowed: Answer{http.StatusMethodNotAllowed, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."},
	RPCNotFound:      Answer{http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."},
	TooLarge:         Answer{http.StatusRequestEntityTooLarge, "InvalidParameter.TooLarge", "The request body is too large."},
	NotImplemented:   Answer{http.StatusNotImplemented, "DocSpec.NotImplemented", "The operation is documented but this server does not implement it."},
	Internal:         Answer{http.StatusInternalServerError, "DocSpec.InternalError", "The server failed to answer the request."},
	Credentials:      []string{"Authorization"},
}

// Providers is the profile of every cloud docspec knows, by the name a spec
// carries in info.x-docspec-provider.
var Providers = map[string]Provider{
	"otc":         named(huawei, "otc"),
	"huaweicloud": named(huawei, "huaweicloud"),
	"aliyun":      aliyun,
}

func named(p Provider, name string) Provider {
	p.Name = name
	return p
}

// DefaultProvider is the profile of a spec that names no known provider.
const DefaultProvider = "huaweicloud"

// ProviderFor returns the profile of name, or the default profile (and
// false) when name is not a known provider.
func ProviderFor(name string) (Provider, bool) {
	if p, ok := Providers[name]; ok {
		return p, true
	}
	return Providers[DefaultProvider], false
}

// ProviderByShape returns the profile whose error body has the code field
// code ("error_code", "Code"): a spec's documented error schema decides the
// shape when its provider is not known.
func ProviderByShape(codeField string) (Provider, bool) {
	for _, name := range []string{"huaweicloud", "aliyun"} {
		if p := Providers[name]; p.Shape.Code == codeField {
			return p, true
		}
	}
	return Provider{}, false
}
