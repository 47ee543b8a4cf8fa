package drift

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// RuleInfo describes one docspec rule id.
type RuleInfo struct {
	ID       string
	Severity string
	Meaning  string
}

// docspec's own rule ids. Each has a fixture pair in testdata/rules/<id>/.
const (
	RuleOperationMoved              = "operation-moved"
	RuleOperationPathChanged        = "operation-path-changed"
	RuleOperationSummaryChanged     = "operation-summary-changed"
	RuleOperationDescriptionChanged = "operation-description-changed"
	RuleOperationNotesChanged       = "operation-notes-changed"
	RuleParameterDescription        = "parameter-description-changed"
	RulePropertyDescription         = "property-description-changed"
	RuleResponseDescription         = "response-description-changed"
	RuleExampleChanged              = "example-changed"
	RuleServiceDescription          = "service-description-changed"
	RuleErrorCodeAdded              = "error-code-added"
	RuleErrorCodeRemoved            = "error-code-removed"
	RuleErrorCodeMoved              = "error-code-moved"
	RuleCatalogueAdded              = "error-code-catalogue-added"
	RuleCatalogueRemoved            = "error-code-catalogue-removed"
	RuleCatalogueStatusChanged      = "error-code-catalogue-status-changed"
	RuleCatalogueTextChanged        = "error-code-catalogue-text-changed"
	RuleRequestRuleAdded            = "request-rule-added"
	RuleRequestRuleRemoved          = "request-rule-removed"
	RuleRequestRuleNarrowed         = "request-rule-narrowed"
	RuleRequestRuleWidened          = "request-rule-widened"
	RuleRequestRulePattern          = "request-rule-pattern-changed"
	RuleResponseRuleAdded           = "response-rule-added"
	RuleResponseRuleRemoved         = "response-rule-removed"
	RuleResponseRuleNarrowed        = "response-rule-narrowed"
	RuleResponseRuleWidened         = "response-rule-widened"
	RuleResponseRulePattern         = "response-rule-pattern-changed"
	RuleRuleTextChanged             = "rule-text-changed"
)

// Rules is docspec's rule table, the source of RULES.md. Request rules
// narrow what a client may send, response rules widen what it may receive:
// the same directions oasdiff judges constraints by.
var Rules = []RuleInfo{
	{RuleOperationMoved, Editorial, "The operation (same method and path) is now documented on another page (x-docspec-source file). Never reported as removed and added."},
	{RuleOperationPathChanged, Breaking, "An operationId kept its name but moved to another method or path; replaces oasdiff's removed + added pair."},
	{RuleOperationSummaryChanged, Editorial, "The operation's summary (page title) changed."},
	{RuleOperationDescriptionChanged, Editorial, "The operation's description (Function prose) changed."},
	{RuleOperationNotesChanged, Editorial, "The operation's x-docspec-notes changed."},
	{RuleParameterDescription, Editorial, "A parameter's description changed and nothing else about it."},
	{RulePropertyDescription, Editorial, "A body property's description changed."},
	{RuleResponseDescription, Editorial, "A response's description changed."},
	{RuleExampleChanged, Editorial, "A request or response example changed."},
	{RuleServiceDescription, Editorial, "info.title or info.description changed."},
	{RuleErrorCodeAdded, NonBreaking, "A response documents an error code (x-docspec-error-codes) it did not document before."},
	{RuleErrorCodeRemoved, NonBreaking, "A response no longer documents an error code, which no other status of the operation took over."},
	{RuleErrorCodeMoved, Breaking, "An error code is documented under another status of the same operation: a client matching on status sees it elsewhere."},
	{RuleCatalogueAdded, NonBreaking, "The service's error-code catalogue (root x-docspec-error-codes) gained a code."},
	{RuleCatalogueRemoved, NonBreaking, "The error-code catalogue lost a code."},
	{RuleCatalogueStatusChanged, Breaking, "A catalogue code is now returned with another HTTP status."},
	{RuleCatalogueTextChanged, Editorial, "A catalogue code's message, description or solution changed."},
	{RuleRequestRuleAdded, Breaking, "A request schema gained a conditional rule (x-docspec-rules): input valid before may be rejected."},
	{RuleRequestRuleRemoved, NonBreaking, "A request schema lost a conditional rule: more input is accepted."},
	{RuleRequestRuleNarrowed, Breaking, "A request rule got a higher minLength, lower maxLength, a new pattern, or lost enum values."},
	{RuleRequestRuleWidened, NonBreaking, "A request rule got a lower minLength, higher maxLength, lost its pattern, or gained enum values."},
	{RuleRequestRulePattern, Breaking, "A request rule's pattern changed to another pattern."},
	{RuleResponseRuleAdded, NonBreaking, "A response schema gained a conditional rule: the server promises more."},
	{RuleResponseRuleRemoved, Breaking, "A response schema lost a conditional rule: a client may receive values it did not expect."},
	{RuleResponseRuleNarrowed, NonBreaking, "A response rule got narrower bounds or fewer enum values."},
	{RuleResponseRuleWidened, Breaking, "A response rule got wider bounds, lost its pattern, or gained enum values."},
	{RuleResponseRulePattern, Breaking, "A response rule's pattern changed to another pattern."},
	{RuleRuleTextChanged, Editorial, "A rule's prose (text) changed while its constraints stayed the same."},
}

var ruleSeverity = func() map[string]string {
	m := map[string]string{}
	for _, r := range Rules {
		m[r.ID] = r.Severity
	}
	return m
}()

// oasdiffSeverity overrides the level mapping for oasdiff rules whose meaning
// in documentation differs from their level. Tags are page groups here.
var oasdiffSeverity = map[string]string{
	"api-tag-added":   Editorial,
	"api-tag-removed": Editorial,
	// Component names follow table names; operations report what they lose.
	"api-schema-removed": Editorial,
}

// oasdiffIgnored are oasdiff rules that judge a versioning policy docs do not
// follow (info.version is often "unversioned").
var oasdiffIgnored = map[string]bool{
	"api-version-not-bumped":       true,
	"api-major-version-not-bumped": true,
	"api-version-decreased":        true,
}

// WriteRulesMarkdown writes RULES.md from the table.
func WriteRulesMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# drift rules\n\n")
	b.WriteString("<!-- Generated from drift/rules.go by `go test ./drift -update`; do not edit. -->\n\n")
	b.WriteString("`docspec drift` reports findings from two engines; each finding's `origin` says which.\n\n")
	b.WriteString("**oasdiff** (github.com/oasdiff/oasdiff v1.36.0, as a library) classifies the wire contract and keeps its own rule ids ")
	b.WriteString("(`api-removed-without-deprecation`, `new-required-request-property`, `request-property-max-length-decreased`, `response-non-success-status-added`, ...; ")
	b.WriteString("see oasdiff's docs/BREAKING-CHANGES.md). Its levels map to docspec severities as follows:\n\n")
	b.WriteString("| oasdiff level | docspec severity | why |\n| --- | --- | --- |\n")
	b.WriteString("| ERR | breaking | oasdiff's own verdict |\n")
	b.WriteString("| WARN | breaking | WARN rules (request property or parameter removed, pattern changed) can break a client built on the OLD spec; drift errs on the side of telling |\n")
	b.WriteString("| INFO | non-breaking | |\n\n")
	b.WriteString("Overrides: ")
	var ov []string
	for id, sev := range oasdiffSeverity {
		ov = append(ov, fmt.Sprintf("`%s` → %s", id, sev))
	}
	sort.Strings(ov)
	b.WriteString(strings.Join(ov, ", "))
	b.WriteString(" (tags are documentation groups; component schema names follow table captions, and the operations that used a removed component report their own changes). Ignored: ")
	var ig []string
	for id := range oasdiffIgnored {
		ig = append(ig, "`"+id+"`")
	}
	sort.Strings(ig)
	b.WriteString(strings.Join(ig, ", "))
	b.WriteString(" (documentation has no versioning policy). oasdiff compares no descriptions, summaries, examples or extensions, so those are docspec's.\n\n")
	b.WriteString("**docspec** reads what oasdiff cannot see (x-docspec-* extensions, provenance, prose):\n\n")
	b.WriteString("| rule | severity | meaning |\n| --- | --- | --- |\n")
	rs := append([]RuleInfo(nil), Rules...)
	sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
	for _, r := range rs {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", r.ID, r.Severity, r.Meaning)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
