package apiruntime

// Spec is what the runtime needs of one spec: its operations and the
// answers that belong to no operation. Generated packages hold it as a
// table; Describe derives it from an *openapi3.T.
type Spec struct {
	Provider string     // info.x-docspec-provider
	Shape    ErrorShape // the error body of answers outside any operation
	// NotFound answers a path no operation documents, MethodNotAllowed a
	// documented path with another method, RPCNotFound an undocumented
	// Action, TooLarge a body over the limit, NotImplemented an operation
	// without handler, Internal a handler's failure.
	NotFound, MethodNotAllowed, RPCNotFound, TooLarge, NotImplemented, Internal Answer
	Operations                                                                  []Operation
}

// Operation is one documented operation as the runtime checks it.
type Operation struct {
	ID, Method, Path string // Path: the spec's path template
	Action           string // the RPC Action, "" for a REST operation
	// Auth lists the alternatives of credential headers: every header of
	// one alternative must be present. Empty: no credential needed.
	Auth                     [][]string
	Shape                    ErrorShape // the operation's documented error body
	BadRequest, Unauthorized Answer
	Rules                    []RuleSet // x-docspec-rules of the request body
}

// RuleSet holds the x-docspec-rules of the body's objects at Path ("*"
// walks the items of an array): each rule as its JSON (a conventions.Rule),
// with the JSON object of the documented defaults of the objects' fields,
// which conditions fall back to.
type RuleSet struct {
	Path     []string
	Defaults string // "" when no field has a default
	Rules    []string
}
