// Package model is docspec's intermediate representation: the operations of a
// cloud API as its reference pages state them, with every element remembering
// the page, section, table and row it was read from.
//
// Every reader (scraper/...) fills this model and every back-end (spec
// emitter, drift, reports) reads only it. The package imports nothing of
// docspec's own, so that readers and back-ends can change independently.
//
// The model records what a page states and nothing more: an absent type is an
// empty Type, an absent length is a nil bound. Guessing is left to nobody;
// what a page leaves unsaid becomes a Diagnostic.
package model

// Source says where an element was read from. Every field is optional but
// File; readers fill as much as the page allows.
type Source struct {
	File    string `json:"file"`              // path of the page, relative to the scrape root, slash-separated
	Section string `json:"section,omitempty"` // heading of the enclosing section ("Request Parameters")
	Table   string `json:"table,omitempty"`   // caption of the table ("Table 3 Request body parameters")
	Row     string `json:"row,omitempty"`     // first cell of the row (the parameter name)
	Line    int    `json:"line,omitempty"`    // 1-based line in the file, where the reader knows it
}

// Service is one API surface: everything that goes into one spec.
type Service struct {
	Name        string            `json:"name"`     // short id, e.g. "otc-apig"
	Title       string            `json:"title"`    // human title
	Provider    string            `json:"provider"` // "otc", "huaweicloud", "aliyun", ...
	Version     string            `json:"version,omitempty"`
	Description string            `json:"description,omitempty"`
	Operations  []*Operation      `json:"operations"`
	ErrorCodes  []*ErrorCode      `json:"errorCodes,omitempty"`  // from the service's error-code page
	Security    []*SecurityScheme `json:"security,omitempty"`    // from the authentication page or the header tables
	Servers     []*Server         `json:"servers,omitempty"`     // base URLs the pages' request lines show, or the configuration gives
	Pages       []*Page           `json:"pages"`                 // every page read, operation page or not
	Diagnostics []*Diagnostic     `json:"diagnostics,omitempty"` // warnings, contradictions, skipped pages
}

// Page records one input file and what became of it.
type Page struct {
	File     string `json:"file"`
	Dialect  string `json:"dialect"`  // DialectDocExport, DialectSphinx, ...
	Language string `json:"language"` // "en", "zh"
	Title    string `json:"title,omitempty"`
	Kind     string `json:"kind"`           // PageOperation, PageErrorCodes, PageAuth, PageSkipped
	Note     string `json:"note,omitempty"` // why a page was skipped
	SHA256   string `json:"sha256"`
}

// Dialects a reader can recognise.
const (
	DialectDocExport = "huawei-doc-export-html"
	DialectSphinx    = "sphinx-html"
	DialectPlainText = "plain-text"
	DialectMarkdown  = "markdown"
	DialectAliyun    = "aliyun-text"
)

// Page kinds.
const (
	PageOperation  = "operation"
	PageErrorCodes = "error-codes"
	PageAuth       = "authentication"
	PageSkipped    = "skipped"
)

// Operation styles.
const (
	StyleREST = "rest" // method + path template
	StyleRPC  = "rpc"  // an Action name sent as a query parameter (Alibaba Cloud)
)

// Operation is one API call as a page documents it.
type Operation struct {
	ID          string       `json:"id"` // operationId: the page's own name (CreateSignatureKeyV2)
	Summary     string       `json:"summary,omitempty"`
	Description string       `json:"description,omitempty"`
	Style       string       `json:"style"` // StyleREST or StyleRPC
	Method      string       `json:"method"`
	Path        string       `json:"path"`             // "/v2/{project_id}/..." ; for RPC the endpoint path, usually "/"
	Action      string       `json:"action,omitempty"` // RPC Action name
	Tags        []string     `json:"tags,omitempty"`   // the group the page belongs to
	Parameters  []*Parameter `json:"parameters,omitempty"`
	RequestBody *Body        `json:"requestBody,omitempty"`
	Responses   []*Response  `json:"responses,omitempty"`
	Security    []string     `json:"security,omitempty"` // names of SecuritySchemes that apply
	Notes       []string     `json:"notes,omitempty"`    // prose the page states that has no OpenAPI home (rate limits, ...)
	Source      Source       `json:"source"`
}

// Parameter locations.
const (
	InPath   = "path"
	InQuery  = "query"
	InHeader = "header"
	InCookie = "cookie"
)

// Parameter is a path, query, header or cookie parameter.
type Parameter struct {
	Name     string  `json:"name"`
	In       string  `json:"in"`
	Required bool    `json:"required"`
	Schema   *Schema `json:"schema"`
	Source   Source  `json:"source"`
}

// Body is a request or response body.
type Body struct {
	ContentType string     `json:"contentType"` // "application/json" unless the page says otherwise
	Schema      *Schema    `json:"schema,omitempty"`
	Examples    []*Example `json:"examples,omitempty"`
	Source      Source     `json:"source"`
}

// Response is one documented status of an operation.
type Response struct {
	Status      string       `json:"status"` // "201", "400", or "default"
	Description string       `json:"description,omitempty"`
	Headers     []*Parameter `json:"headers,omitempty"`
	Body        *Body        `json:"body,omitempty"`
	ErrorCodes  []string     `json:"errorCodes,omitempty"` // codes the page shows for this status (examples, tables)
	Source      Source       `json:"source"`
}

// JSON Schema types as the model uses them. An empty Type means the page
// states none.
const (
	TypeString  = "string"
	TypeInteger = "integer"
	TypeNumber  = "number"
	TypeBoolean = "boolean"
	TypeObject  = "object"
	TypeArray   = "array"
)

// Schema describes a value: a parameter, a field, or a whole body.
type Schema struct {
	Type        string `json:"type,omitempty"`
	Format      string `json:"format,omitempty"` // int32, int64, float, double, date-time, ...
	Description string `json:"description,omitempty"`
	// Name is the name of the object table the schema was read from ("Member"),
	// the seed of a component name when several operations share it.
	Name string `json:"name,omitempty"`

	Properties           []*Property `json:"properties,omitempty"` // in page order
	Items                *Schema     `json:"items,omitempty"`
	AdditionalProperties *Schema     `json:"additionalProperties,omitempty"` // "Map" types

	Enum      []string `json:"enum,omitempty"` // literal values as written; typed by Type
	Default   *string  `json:"default,omitempty"`
	MinLength *int64   `json:"minLength,omitempty"`
	MaxLength *int64   `json:"maxLength,omitempty"`
	Minimum   *float64 `json:"minimum,omitempty"`
	Maximum   *float64 `json:"maximum,omitempty"`
	MinItems  *int64   `json:"minItems,omitempty"`
	MaxItems  *int64   `json:"maxItems,omitempty"`
	Pattern   string   `json:"pattern,omitempty"` // Go regexp (RE2) syntax, anchored
	Example   *string  `json:"example,omitempty"` // a value the table's Example column gives, as written

	// Rules hold constraints that apply only when other fields have given
	// values ("hmac: 8 to 32 characters"). They sit on the object whose
	// fields they relate.
	Rules []*Rule `json:"rules,omitempty"`

	// Constraints lists each constraint above with the prose it came from,
	// so that reports and drift can point at the sentence.
	Constraints []*Constraint `json:"constraints,omitempty"`
	Source      Source        `json:"source"`
}

// Property is a named field of an object schema.
type Property struct {
	Name     string  `json:"name"`
	Required bool    `json:"required"`
	Schema   *Schema `json:"schema"`
	Source   Source  `json:"source"`
}

// Constraint kinds.
const (
	ConstraintLength  = "length"
	ConstraintRange   = "range"
	ConstraintPattern = "pattern"
	ConstraintEnum    = "enum"
	ConstraintDefault = "default"
	ConstraintFormat  = "format"
	ConstraintItems   = "items"
)

// Constraint records one understood statement: its kind and its prose.
type Constraint struct {
	Kind   string `json:"kind"`
	Text   string `json:"text"` // the sentence as the page wrote it
	Source Source `json:"source"`
}

// Condition is "field Field has value Equals".
type Condition struct {
	Field  string `json:"field"`
	Equals string `json:"equals"`
}

// Rule is a constraint on Field that holds when every condition in When holds
// ("aes: 16 characters if the aes-128-cfb algorithm is used" is one rule with
// two conditions).
type Rule struct {
	Field     string       `json:"field"`
	When      []*Condition `json:"when"`
	MinLength *int64       `json:"minLength,omitempty"`
	MaxLength *int64       `json:"maxLength,omitempty"`
	Pattern   string       `json:"pattern,omitempty"`
	Enum      []string     `json:"enum,omitempty"`
	Text      string       `json:"text"`
	Source    Source       `json:"source"`
}

// Example is an example value as the page shows it: raw JSON (or other) text.
type Example struct {
	Summary string `json:"summary,omitempty"`
	Value   string `json:"value"`
	Source  Source `json:"source"`
}

// ErrorCode is one entry of a service's error codes, from an error-code page or
// from an operation's example responses.
type ErrorCode struct {
	Code        string `json:"code"`
	Status      string `json:"status,omitempty"`
	Message     string `json:"message,omitempty"`
	Description string `json:"description,omitempty"`
	Solution    string `json:"solution,omitempty"`
	Source      Source `json:"source"`
}

// SecurityScheme kinds.
const (
	SecurityAPIKey = "apiKey" // a token in a header (X-Auth-Token)
	SecurityAKSK   = "aksk"   // AK/SK request signing in the Authorization header
)

// Server is a base URL of the API: "https://{apig_endpoint}". A {name} is a
// server variable: the pages name the endpoint but give no host, since it
// differs per region.
type Server struct {
	URL    string `json:"url"`
	Source Source `json:"source"` // the request line that shows it, or the configuration entry
}

// SecurityScheme is an authentication method the docs describe.
type SecurityScheme struct {
	Name        string `json:"name"` // component name, e.g. "token"
	Kind        string `json:"kind"`
	Header      string `json:"header"` // header that carries it
	Description string `json:"description,omitempty"`
	Source      Source `json:"source"`
}

// Diagnostic severities.
const (
	SevError         = "error"         // the page could not be read as it claims to be
	SevWarning       = "warning"       // the page leaves something unsaid or unreadable
	SevContradiction = "contradiction" // the page contradicts itself (example breaks a rule)
	SevNote          = "note"          // informational: a page skipped, a choice made
)

// Diagnostic is something a user should read about the pages.
type Diagnostic struct {
	Severity  string `json:"severity"`
	Code      string `json:"code"` // stable kebab-case id, e.g. "enum-values-missing"
	Message   string `json:"message"`
	Operation string `json:"operation,omitempty"`
	Source    Source `json:"source"`
}
