// Package gen turns the OpenAPI specs docspec writes (spec/<service>.yaml,
// see docs/CONVENTIONS.md) into Go packages, using oapi-codegen v2 as a
// library with the templates of templates/ overriding its own by name.
//
// One package per spec: models (types.gen.go), a client with typed responses
// (client.gen.go), a strict net/http server (server.gen.go), the embedded spec
// (spec.gen.go) and request validation (validate.gen.go). The validation runs
// in the server before any handler and, through ValidateRequestEditor, in the
// client before a request leaves: kin-openapi's openapi3filter over the
// embedded spec for lengths, patterns, enumerations and ranges, plus a
// generated table for x-docspec-rules (rules that depend on another field).
// A refused request gets the error body the spec documents: 400 naming the
// parameter, with the code and message format of the operation's 400 example
// about a parameter ("...parameterName:name..."), else the example the spec
// shows most often, else the catalogue's (root x-docspec-error-codes), else
// the platform's; 401 with the operation's (or catalogue's) 401 code when no
// credential header of any security alternative is present. Error bodies
// take the shape of the spec's error schema ({error_code, error_msg} or
// Alibaba's {Code, Message, RequestId}).
//
// Routing: one handler per package finds the operation itself (literal path
// segments before parameters), because net/http patterns refuse documented
// path sets such as /apps/{app_id}/app-acl beside /apps/validation/{app_id}.
// RPC-style operations (path "/#Action") are served on "/" and dispatched on
// the Action query parameter; an unknown Action gets InvalidAction.NotFound.
//
// Spec quirks handled generally: parameters and array items without a type
// are typed string (TypeUntypedParameters: text on the wire); what a rule
// means (its values typed like their field, which rules a server can
// enforce) is package conventions'.
//
// Usage: a configured spec maps to its package through TargetOf (docspec
// build, gen and verify do this for each entry of docspec.yaml; Targets
// lists them all for the tests):
//
//	t, ok := gen.TargetOf(spec) // spec: a *config.Spec; ok false without a package
//	files, err := gen.Generate(specYAML, t.Package, gen.Options{Source: t.Spec})
//	// write: gen.Write(filepath.Join(root, t.Dir), files)
//	// check: diffs, _ := gen.Diff(filepath.Join(root, t.Dir), files)
//
// Generate returns file name → bytes and touches no file; Write removes every
// *.gen.go of the directory that is not in the map, so a removed operation
// leaves nothing stale. Output is gofmt'ed and deterministic, and every file
// starts with Header. oapi-codegen keeps package-level state, so Generate
// holds a mutex: one spec at a time.
package gen
