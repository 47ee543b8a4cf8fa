package drift

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/docspec/docspec/model"
)

func sample() *Result {
	r := &Result{OldFile: "spec/old.yaml", NewFile: "spec/x.yaml", Findings: []Finding{
		{Rule: "request-rule-narrowed", Severity: Breaking, Operation: "CreateSignatureKeyV2", Method: "POST", Path: "/v2/signs",
			Message: "request body: rule sign_key when sign_type=basic narrowed: minLength 4 → 8", Origin: OriginDocspec, Line: 12,
			Old: &model.Source{File: "create.html", Table: "Table 3", Row: "sign_key"}, New: &model.Source{File: "create.html", Table: "Table 3", Row: "sign_key"}},
		{Rule: "error-code-added", Severity: NonBreaking, Operation: "CreateSignatureKeyV2", Method: "POST", Path: "/v2/signs",
			Message: "new status 404 documents error code APIG.3030", Origin: OriginDocspec, Line: 40},
		{Rule: "error-code-catalogue-text-changed", Severity: Editorial, Message: "error code APIG.3017: message: 50% | done, now\nfixed", Origin: OriginDocspec, Line: 90},
	}}
	r.finish()
	return r
}

func TestExceeds(t *testing.T) {
	r := sample()
	for th, want := range map[string]bool{Breaking: true, NonBreaking: true, Editorial: true, "never": false} {
		if r.Exceeds(th) != want {
			t.Errorf("Exceeds(%s) = %v", th, !want)
		}
	}
	ed := &Result{Findings: []Finding{{Rule: "x", Severity: Editorial}}}
	ed.finish()
	if ed.Exceeds(Breaking) || ed.Exceeds(NonBreaking) || !ed.Exceeds(Editorial) {
		t.Error("editorial-only result")
	}
	if ed.ExitCode(Breaking) != ExitOK || ed.ExitCode(Editorial) != ExitFound {
		t.Error("exit codes")
	}
	if err := ParseFailOn("breaking"); err != nil {
		t.Error(err)
	}
	if err := ParseFailOn("major"); err == nil || !strings.Contains(err.Error(), "breaking, non-breaking, editorial, never") {
		t.Errorf("ParseFailOn(major) = %v", err)
	}
}

func TestWriteFormats(t *testing.T) {
	r := sample()
	var text, md, js, gh bytes.Buffer
	for f, w := range map[string]*bytes.Buffer{"text": &text, "markdown": &md, "json": &js, "github": &gh} {
		if err := r.Write(w, f); err != nil {
			t.Fatal(f, err)
		}
	}
	if !strings.HasPrefix(text.String(), "(service)\n") || !strings.Contains(text.String(), "CreateSignatureKeyV2 (POST /v2/signs)\n  non-breaking error-code-added:") || !strings.Contains(text.String(), "now fixed\n") ||
		!strings.Contains(text.String(), `create.html: table "Table 3", row "sign_key"`) || !strings.HasSuffix(text.String(), "1 breaking, 1 non-breaking, 1 editorial\n") {
		t.Errorf("text:\n%s", text.String())
	}
	if !strings.Contains(md.String(), "### CreateSignatureKeyV2 (POST /v2/signs)") || !strings.Contains(md.String(), `50% \| done, now fixed`) {
		t.Errorf("markdown:\n%s", md.String())
	}
	var doc struct {
		Version  int            `json:"version"`
		New      string         `json:"new"`
		Summary  map[string]int `json:"summary"`
		Findings []Finding      `json:"findings"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != JSONVersion || doc.New != "spec/x.yaml" || doc.Summary["breaking"] != 1 || doc.Summary["non-breaking"] != 1 || len(doc.Findings) != 3 || doc.Findings[2].Line != 12 {
		t.Errorf("json: %+v", doc)
	}
	lines := strings.Split(strings.TrimSpace(gh.String()), "\n")
	if len(lines) != 3 ||
		lines[0] != "::notice file=spec/x.yaml,line=90,title=error-code-catalogue-text-changed::error code APIG.3017: message: 50%25 | done, now%0Afixed" ||
		!strings.HasPrefix(lines[2], "::error file=spec/x.yaml,line=12,title=CreateSignatureKeyV2%3A request-rule-narrowed::") ||
		!strings.HasPrefix(lines[1], "::warning file=spec/x.yaml,line=40,") {
		t.Errorf("github:\n%s", gh.String())
	}
	if err := r.Write(&bytes.Buffer{}, "yaml"); err == nil || !strings.Contains(err.Error(), "text, markdown, json, github") {
		t.Errorf("unknown format: %v", err)
	}
	var empty bytes.Buffer
	(&Result{}).Write(&empty, "json")
	if !strings.Contains(empty.String(), `"findings": []`) {
		t.Errorf("empty json: %s", empty.String())
	}
}

func TestTextChange(t *testing.T) {
	for _, tc := range [][3]string{
		{"API providers can publish in environments.", "API poviders can publish in environments", `"providers" → "poviders"; "environments." → "environments"`},
		{"a b c", "a x c", `"b" → "x"`},
		{"a b c", "a b c d", `added "d"`},
		{"a b c d", "a d", `removed "b c"`},
		{"1 2 3 4 5 6 7 8 9", "x 2 y 4 z 6 w 8 9", `"1" → "x"; "3" → "y"; "5" → "z"; and 1 more changes`},
		{"", "new", `added "new"`},
		{"old", "", `removed "old"`},
		{"a  b", "a b", "whitespace changed"},
	} {
		if got := textChange(tc[0], tc[1]); !strings.Contains(got, tc[2]) {
			t.Errorf("textChange(%q, %q) = %s, want %s", tc[0], tc[1], got, tc[2])
		}
	}
}

func TestCompareErrors(t *testing.T) {
	if _, err := Compare(nil, nil, nil, nil); err == nil {
		t.Error("nil specs")
	}
	if _, err := CompareFiles("testdata/missing.yaml", "testdata/missing.yaml"); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := Load([]byte("openapi: [\n"), "bad.yaml"); err == nil || !strings.Contains(err.Error(), "bad.yaml") {
		t.Errorf("bad yaml: %v", err)
	}
}
