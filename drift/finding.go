package drift

import "github.com/docspec/docspec/model"

// Severities, from the point of view of a client built on the OLD spec.
const (
	Breaking    = "breaking"
	NonBreaking = "non-breaking"
	Editorial   = "editorial"
)

// Origins: which engine found a difference.
const (
	OriginOasdiff = "oasdiff"
	OriginDocspec = "docspec"
)

// Finding is one difference between two revisions of a service's documentation.
type Finding struct {
	Rule      string        `json:"rule"`     // stable kebab-case id, e.g. "response-status-added"
	Severity  string        `json:"severity"` // Breaking, NonBreaking or Editorial
	Operation string        `json:"operation,omitempty"`
	Method    string        `json:"method,omitempty"`
	Path      string        `json:"path,omitempty"`
	Message   string        `json:"message"`
	Old       *model.Source `json:"old,omitempty"` // where the OLD side states it
	New       *model.Source `json:"new,omitempty"` // where the NEW side states it
	Origin    string        `json:"origin"`        // "oasdiff" or "docspec": which engine found it
	// Line is the 1-based line of the NEW spec file the finding is best shown
	// at (the changed node, or its nearest surviving parent when the change
	// is a removal); 0 when unknown. GitHub annotations point there.
	Line int `json:"line,omitempty"`
}
