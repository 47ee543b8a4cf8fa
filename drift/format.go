package drift

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/docspec/docspec/model"
)

// Output formats accepted by Write.
var Formats = []string{"text", "markdown", "json", "github"}

// JSONVersion is the version of the json format's schema (see README.md).
const JSONVersion = 1

// Exit codes of `docspec drift`.
const (
	ExitOK     = 0 // nothing at or above the --fail-on threshold
	ExitFound  = 1 // findings at or above the threshold
	ExitFailed = 2 // the tool could not run (bad input, unreadable spec, bad flag)
)

// FailOn thresholds.
var FailOnValues = []string{Breaking, NonBreaking, Editorial, "never"}

// ParseFailOn checks a --fail-on value.
func ParseFailOn(s string) error {
	for _, v := range FailOnValues {
		if s == v {
			return nil
		}
	}
	return fmt.Errorf("--fail-on %q: want one of %s", s, strings.Join(FailOnValues, ", "))
}

// Exceeds tells whether any finding is at or above threshold (breaking >
// non-breaking > editorial; "never" never exceeds). An unknown threshold is
// treated as "breaking"; check it first with ParseFailOn.
func (r *Result) Exceeds(threshold string) bool {
	switch threshold {
	case "never":
		return false
	case Editorial:
		return len(r.Findings) > 0
	case NonBreaking:
		return r.Summary.Breaking+r.Summary.NonBreaking > 0
	default:
		return r.Summary.Breaking > 0
	}
}

// ExitCode is ExitFound when r exceeds threshold, else ExitOK.
func (r *Result) ExitCode(threshold string) int {
	if r.Exceeds(threshold) {
		return ExitFound
	}
	return ExitOK
}

// Write renders the result: text (default), markdown, json or github.
func (r *Result) Write(w io.Writer, format string) error {
	var s string
	switch format {
	case "", "text":
		s = r.text()
	case "markdown", "md":
		s = r.markdown()
	case "json":
		b, err := json.MarshalIndent(jsonResult{Version: JSONVersion, Old: r.OldFile, New: r.NewFile, Summary: r.Summary, Findings: nonNil(r.Findings)}, "", "  ")
		if err != nil {
			return err
		}
		s = string(b) + "\n"
	case "github":
		s = r.github()
	default:
		return fmt.Errorf("unknown format %q: want one of %s", format, strings.Join(Formats, ", "))
	}
	_, err := io.WriteString(w, s)
	return err
}

type jsonResult struct {
	Version  int       `json:"version"`
	Old      string    `json:"old,omitempty"`
	New      string    `json:"new,omitempty"`
	Summary  Summary   `json:"summary"`
	Findings []Finding `json:"findings"`
}

func nonNil(f []Finding) []Finding {
	if f == nil {
		return []Finding{}
	}
	return f
}

// group is the findings of one operation (or of the spec as a whole).
type group struct {
	title    string
	findings []Finding
}

func (r *Result) groups() []group {
	var gs []group
	for _, f := range r.Findings {
		t := "(service)"
		if f.Operation != "" || f.Path != "" {
			t = strings.TrimSpace(f.Operation + " " + strings.TrimSpace(f.Method+" "+f.Path))
			if f.Operation != "" && f.Path != "" {
				t = fmt.Sprintf("%s (%s %s)", f.Operation, f.Method, f.Path)
			}
		}
		if len(gs) == 0 || gs[len(gs)-1].title != t {
			gs = append(gs, group{title: t})
		}
		gs[len(gs)-1].findings = append(gs[len(gs)-1].findings, f)
	}
	return gs
}

func (r *Result) summaryLine() string {
	return fmt.Sprintf("%d breaking, %d non-breaking, %d editorial", r.Summary.Breaking, r.Summary.NonBreaking, r.Summary.Editorial)
}

// FormatSource renders a provenance the way every docspec message does
// (model.Source.String), "-" for none.
func FormatSource(s *model.Source) string {
	if s == nil {
		return "-"
	}
	return s.String()
}

func provenance(f Finding) string {
	switch {
	case f.Old == nil && f.New == nil:
		return ""
	case f.Old != nil && f.New != nil && *f.Old == *f.New:
		return FormatSource(f.New)
	default:
		return "old: " + FormatSource(f.Old) + "; new: " + FormatSource(f.New)
	}
}

func (r *Result) text() string {
	var b strings.Builder
	if len(r.Findings) == 0 {
		b.WriteString("No differences.\n")
		return b.String()
	}
	for _, g := range r.groups() {
		b.WriteString(g.title + "\n")
		for _, f := range g.findings {
			fmt.Fprintf(&b, "  %-12s %s: %s\n", f.Severity, f.Rule, oneLine(f.Message))
			if p := provenance(f); p != "" {
				fmt.Fprintf(&b, "               %s\n", p)
			}
		}
		b.WriteString("\n")
	}
	b.WriteString(r.summaryLine() + "\n")
	return b.String()
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;").Replace(s)
}

func (r *Result) markdown() string {
	var b strings.Builder
	b.WriteString("## Documentation drift\n\n")
	if r.OldFile != "" || r.NewFile != "" {
		fmt.Fprintf(&b, "`%s` → `%s`\n\n", r.OldFile, r.NewFile)
	}
	fmt.Fprintf(&b, "**%d breaking**, %d non-breaking, %d editorial.\n\n", r.Summary.Breaking, r.Summary.NonBreaking, r.Summary.Editorial)
	if len(r.Findings) == 0 {
		b.WriteString("No differences.\n")
		return b.String()
	}
	icon := map[string]string{Breaking: "🔴 breaking", NonBreaking: "🟡 non-breaking", Editorial: "⚪ editorial"}
	for _, g := range r.groups() {
		fmt.Fprintf(&b, "### %s\n\n| severity | rule | change | source |\n| --- | --- | --- | --- |\n", mdEscape(g.title))
		for _, f := range g.findings {
			fmt.Fprintf(&b, "| %s | `%s` | %s | %s |\n", icon[f.Severity], f.Rule, mdEscape(f.Message), mdEscape(provenance(f)))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// github writes workflow commands; see
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
func (r *Result) github() string {
	var b strings.Builder
	level := map[string]string{Breaking: "error", NonBreaking: "warning", Editorial: "notice"}
	file := r.NewFile
	for _, f := range r.Findings {
		props := []string{}
		if file != "" {
			props = append(props, "file="+ghProp(file))
			if f.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", f.Line))
			}
		}
		title := f.Rule
		if f.Operation != "" {
			title = f.Operation + ": " + f.Rule
		}
		props = append(props, "title="+ghProp(title))
		msg := f.Message
		if p := provenance(f); p != "" {
			msg += " (" + p + ")"
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", level[f.Severity], strings.Join(props, ","), ghData(msg))
	}
	return b.String()
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
