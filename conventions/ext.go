package conventions

import (
	"encoding/json"
	"fmt"
	"math"
	"unicode/utf8"
)

// Source is where an element came from: x-docspec-source. Empty fields are
// left out when written.
type Source struct {
	File    string `json:"file,omitempty"`
	Section string `json:"section,omitempty"`
	Table   string `json:"table,omitempty"`
	Row     string `json:"row,omitempty"`
	Line    int    `json:"line,omitempty"`
}

// RPC is x-docspec-rpc: the Action of an RPC-style operation.
type RPC struct {
	Action string `json:"action"`
}

// Variant is one entry of x-docspec-variants: a documented operation joined
// with others on one method and path. RequestBody is the $ref of its body
// component; Keys are its top-level body fields that no other variant has.
type Variant struct {
	OperationID string   `json:"operationId"`
	Summary     string   `json:"summary,omitempty"`
	Source      Source   `json:"source,omitempty"`
	RequestBody string   `json:"requestBody,omitempty"`
	Keys        []string `json:"keys,omitempty"`
}

// VariantsOf reads x-docspec-variants; nil when the operation is one
// documented operation.
func VariantsOf(ext map[string]any) ([]Variant, error) {
	var vs []Variant
	if _, err := Get(ext, KeyVariants, &vs); err != nil {
		return nil, err
	}
	return vs, nil
}

// ErrorCode is one entry of the root x-docspec-error-codes: a row of the
// service's error-code page. Status is text, as the page writes it.
type ErrorCode struct {
	Code        string `json:"code"`
	Status      string `json:"status,omitempty"`
	Message     string `json:"message,omitempty"`
	Description string `json:"description,omitempty"`
	Solution    string `json:"solution,omitempty"`
}

// Set writes v under key, creating the map when needed. The typed setters
// write maps and lists, as a loader gives them back.
func Set(ext *map[string]any, key string, v any) {
	if *ext == nil {
		*ext = map[string]any{}
	}
	(*ext)[key] = v
}

// Get decodes the value under key into out and reports whether the key is
// there. A value written by this package in memory and the same value read
// back by a YAML or JSON loader (maps of any, float64 numbers) decode alike.
func Get(ext map[string]any, key string, out any) (bool, error) {
	v, ok := ext[key]
	if !ok {
		return false, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return true, fmt.Errorf("%s: %w", key, err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		return true, fmt.Errorf("%s: %w", key, err)
	}
	return true, nil
}

// SetSource writes x-docspec-source, unless s is empty.
func SetSource(ext *map[string]any, s Source) {
	if s != (Source{}) {
		Set(ext, KeySource, s.value())
	}
}

// value is s as a loader would give it back: what every reader of
// in-memory extensions sees, whether the document was built or loaded.
func (s Source) value() map[string]any {
	m := make(map[string]any, 5)
	for _, kv := range [...]struct{ k, v string }{{"file", s.File}, {"section", s.Section}, {"table", s.Table}, {"row", s.Row}} {
		if kv.v != "" {
			m[kv.k] = kv.v
		}
	}
	if s.Line > 0 {
		m["line"] = s.Line
	}
	return m
}

// SourceOf reads x-docspec-source; the zero Source when absent or malformed.
func SourceOf(ext map[string]any) Source {
	if s, ok := sourceDirect(ext[KeySource]); ok {
		return s
	}
	var s Source
	if ok, err := Get(ext, KeySource, &s); !ok || err != nil {
		return Source{}
	}
	return s
}

// sourceDirect reads a source as a loader or SetSource leaves it (text
// fields, an integral line), without the JSON round trip of Get; ok is
// false for anything else, which Get reads as it always has.
func sourceDirect(v any) (Source, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return Source{}, false
	}
	var s Source
	for k, x := range m {
		var f *string
		switch k {
		case "file":
			f = &s.File
		case "section":
			f = &s.Section
		case "table":
			f = &s.Table
		case "row":
			f = &s.Row
		case "line":
			switch n := x.(type) {
			case int:
				s.Line = n
			case int64:
				if int64(int(n)) != n {
					return Source{}, false
				}
				s.Line = int(n)
			case float64:
				if n != math.Trunc(n) || math.Abs(n) >= 1<<53 {
					return Source{}, false
				}
				s.Line = int(n)
			default:
				return Source{}, false
			}
			continue
		default:
			return Source{}, false
		}
		t, ok := x.(string)
		if !ok || !utf8.ValidString(t) {
			return Source{}, false
		}
		*f = t
	}
	return s, true
}

// SetProvider writes x-docspec-provider, unless p is empty.
func SetProvider(ext *map[string]any, p string) {
	if p != "" {
		Set(ext, KeyProvider, p)
	}
}

// ProviderOf reads x-docspec-provider (on info).
func ProviderOf(ext map[string]any) string {
	s, _ := ext[KeyProvider].(string)
	return s
}

// SetRPC writes x-docspec-rpc.
func SetRPC(ext *map[string]any, action string) {
	Set(ext, KeyRPC, map[string]any{"action": action})
}

// RPCOf reads x-docspec-rpc's Action, or "".
func RPCOf(ext map[string]any) string {
	var r RPC
	if ok, err := Get(ext, KeyRPC, &r); !ok || err != nil {
		return ""
	}
	return r.Action
}

// SetStrings writes a list of text (x-docspec-notes, a response's
// x-docspec-error-codes, x-docspec-contradiction), unless it is empty.
func SetStrings(ext *map[string]any, key string, l []string) {
	if len(l) > 0 {
		Set(ext, key, append([]string(nil), l...))
	}
}

// AppendString adds s to the list of text under key.
func AppendString(ext *map[string]any, key, s string) {
	SetStrings(ext, key, append(StringsOf(*ext, key), s))
}

// StringsOf reads a list of text; entries that are not text are skipped.
func StringsOf(ext map[string]any, key string) []string {
	switch l := ext[key].(type) {
	case []string:
		return append([]string(nil), l...)
	case []any:
		var out []string
		for _, e := range l {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// SetCatalogue writes the root x-docspec-error-codes, unless it is empty.
func SetCatalogue(ext *map[string]any, codes []ErrorCode) {
	if len(codes) == 0 {
		return
	}
	out := make([]any, len(codes))
	for i, c := range codes {
		m := map[string]any{"code": c.Code}
		for k, v := range map[string]string{"status": c.Status, "message": c.Message, "description": c.Description, "solution": c.Solution} {
			if v != "" {
				m[k] = v
			}
		}
		out[i] = m
	}
	Set(ext, KeyErrorCodes, out)
}

// CatalogueOf reads the root x-docspec-error-codes, entry by entry (the
// index is the entry's place in the file); a status written as a number
// reads as its text.
func CatalogueOf(ext map[string]any) []ErrorCode {
	var raw []map[string]any
	if ok, err := Get(ext, KeyErrorCodes, &raw); !ok || err != nil {
		return nil
	}
	var out []ErrorCode
	for _, m := range raw {
		out = append(out, ErrorCode{Code: text(m["code"]), Status: text(m["status"]), Message: text(m["message"]),
			Description: text(m["description"]), Solution: text(m["solution"])})
	}
	return out
}

// SetDefault writes x-docspec-default: a default kept as the page's text.
func SetDefault(ext *map[string]any, lit string) { Set(ext, KeyDefault, lit) }

// DefaultOf reads x-docspec-default.
func DefaultOf(ext map[string]any) (string, bool) {
	s, ok := ext[KeyDefault].(string)
	return s, ok
}

func text(v any) string {
	if v == nil {
		return ""
	}
	return Text(v)
}

// Evidence is an example a page shows that contradicts the page: an entry
// of x-docspec-evidence. Contradiction says why, one line per reason.
type Evidence struct {
	Summary       string
	Value         any
	Source        Source
	Contradiction []string
}

// SetEvidence adds the entry name to x-docspec-evidence.
func SetEvidence(ext *map[string]any, name string, e Evidence) {
	m, _ := (*ext)[KeyEvidence].(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	entry := map[string]any{"value": e.Value}
	if e.Summary != "" {
		entry["summary"] = e.Summary
	}
	SetSource(&entry, e.Source)
	SetStrings(&entry, KeyContradiction, e.Contradiction)
	m[name] = entry
	Set(ext, KeyEvidence, m)
}

// EvidenceOf reads x-docspec-evidence, by name.
func EvidenceOf(ext map[string]any) map[string]Evidence {
	raw, _ := ext[KeyEvidence].(map[string]any)
	if len(raw) == 0 {
		return nil
	}
	out := map[string]Evidence{}
	for name, v := range raw {
		m, ok := v.(map[string]any)
		if !ok {
			continue
		}
		summary, _ := m["summary"].(string)
		out[name] = Evidence{Summary: summary, Value: m["value"], Source: SourceOf(m), Contradiction: StringsOf(m, KeyContradiction)}
	}
	return out
}
