package conventions

// The x-docspec-* extension keys. Nothing outside this package spells them.
const (
	// KeyProvider on info: the cloud the pages describe ("otc",
	// "huaweicloud", "aliyun"); selects the provider profile.
	KeyProvider = "x-docspec-provider"
	// KeySource on operations, parameters, responses, property schemas and
	// examples: the page, section, table, row and line it came from.
	KeySource = "x-docspec-source"
	// KeyRules on object schemas: rules that depend on another field.
	KeyRules = "x-docspec-rules"
	// KeyErrorCodes on responses: the codes the page shows for the status;
	// at the root: the service's error-code catalogue.
	KeyErrorCodes = "x-docspec-error-codes"
	// KeyContradiction on evidence entries: why the page's example breaks
	// its page.
	KeyContradiction = "x-docspec-contradiction"
	// KeyEvidence on media types and property schemas: the examples a page
	// shows that contradict the page, by name, kept out of example and
	// examples so that validators of every language accept the spec.
	KeyEvidence = "x-docspec-evidence"
	// KeyRPC on operations: {action} of an RPC-style Action.
	KeyRPC = "x-docspec-rpc"
	// KeyNotes on operations: prose with no OpenAPI home.
	KeyNotes = "x-docspec-notes"
	// KeyDefault on property schemas: a documented default that is not a
	// value of the field's type or breaks its constraints, kept as text.
	KeyDefault = "x-docspec-default"
	// KeyVariants on operations: the documented operations that share the
	// operation's method and path (ECS start / stop / reboot on one action
	// path), joined into one OpenAPI operation: a list of Variant.
	KeyVariants = "x-docspec-variants"
)

// Keys lists every key, in the order docs/CONVENTIONS.md describes them.
var Keys = []string{KeyProvider, KeySource, KeyRules, KeyErrorCodes, KeyEvidence, KeyContradiction, KeyRPC, KeyNotes, KeyDefault, KeyVariants}
