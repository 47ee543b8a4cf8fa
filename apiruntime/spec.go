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

// RuleSet holds the rules of the body's objects at Path ("*" walks the items
// of an array).
type RuleSet struct {
	Path  []string
	Rules []FieldRule
}

// FieldRule is one x-docspec-rules entry as the runtime checks it: values
// are JSON literals as the request carries them.
type FieldRule struct {
	Field                string
	When                 []When // all must hold
	MinLength, MaxLength int    // -1: none
	Pattern              string
	Enum                 []string // JSON literals
	Text                 string   // the page's sentence, for the message
}

// When holds when the object's Field (or its Default, when absent) is the
// JSON literal Equals.
type When struct{ Field, Equals, Default string }
