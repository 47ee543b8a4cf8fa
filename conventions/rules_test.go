package conventions

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func ptr(n int64) *int64 { return &n }

// aesRule is the fourth sign_key rule of sources/otc/apig/CreateSignatureKeyV2.html,
// table "Request body parameters", row sign_key: 16 characters for aes with
// aes-128-cfb.
var aesRule = Rule{
	Field:     "sign_key",
	When:      []Condition{{"sign_type", "aes"}, {"sign_algorithm", "aes-128-cfb"}},
	MinLength: ptr(16), MaxLength: ptr(16),
	Pattern: `^[A-Za-z0-9+/][A-Za-z0-9_\-!@#$%+/=]*$`,
	Text:    "aes: The value contains 16 characters if the aes-128-cfb algorithm is used, …",
}

func obj(fields map[string]any) Object { return Object{Fields: fields} }

func TestRuleAppliesWhenEveryConditionHolds(t *testing.T) {
	for _, c := range []struct {
		name   string
		fields map[string]any
		want   bool
	}{
		{"both conditions", map[string]any{"sign_type": "aes", "sign_algorithm": "aes-128-cfb"}, true},
		{"one condition only", map[string]any{"sign_type": "aes"}, false},
		{"other algorithm", map[string]any{"sign_type": "aes", "sign_algorithm": "aes-256-cfb"}, false},
		{"condition field null", map[string]any{"sign_type": "aes", "sign_algorithm": nil}, false},
	} {
		if got := aesRule.Applies(obj(c.fields)); got != c.want {
			t.Errorf("%s: Applies(%v) = %v, want %v", c.name, c.fields, got, c.want)
		}
	}
}

// A condition field the request leaves out takes its documented default:
// the server sees the value the service will use.
func TestRuleAppliesFallsBackToTheConditionFieldsDefault(t *testing.T) {
	o := Object{
		Fields:   map[string]any{"sign_type": "aes", "sign_key": "short"},
		Defaults: map[string]any{"sign_algorithm": "aes-128-cfb"},
	}
	if !aesRule.Applies(o) {
		t.Fatalf("sign_algorithm absent with default aes-128-cfb: the aes-128-cfb rule does not apply")
	}
	if got := aesRule.Check(o); len(got) != 1 || got[0] != "length 5 is below minLength 16" {
		t.Errorf("Check = %q, want the length failure", got)
	}
	o.Fields["sign_algorithm"] = "aes-256-cfb" // a given value wins over the default
	if aesRule.Applies(o) {
		t.Errorf("sign_algorithm = aes-256-cfb given: the aes-128-cfb rule applies")
	}
}

func TestRuleCheckListsEveryFailure(t *testing.T) {
	o := obj(map[string]any{"sign_type": "aes", "sign_algorithm": "aes-128-cfb", "sign_key": "-bad"})
	want := []string{"length 4 is below minLength 16", `does not match pattern ^[A-Za-z0-9+/][A-Za-z0-9_\-!@#$%+/=]*$`}
	if got := aesRule.Check(o); !reflect.DeepEqual(got, want) {
		t.Errorf("Check = %q, want %q", got, want)
	}
	o.Fields["sign_key"] = "0123456789abcdef"
	if got := aesRule.Check(o); got != nil {
		t.Errorf("16 valid characters: Check = %q", got)
	}
	// Characters, not bytes: 16 Chinese characters are 48 bytes.
	o.Fields["sign_key"] = "+" + strings.Repeat("签", 15)
	if got := aesRule.Check(o); len(got) != 1 || !strings.HasPrefix(got[0], "does not match") {
		t.Errorf("16 runes: Check = %q, want only the pattern failure", got)
	}
}

// Rules constrain values, not presence: an absent or null field passes.
func TestRuleCheckIgnoresAnAbsentField(t *testing.T) {
	for _, v := range []map[string]any{
		{"sign_type": "aes", "sign_algorithm": "aes-128-cfb"},
		{"sign_type": "aes", "sign_algorithm": "aes-128-cfb", "sign_key": nil},
	} {
		if got := aesRule.Check(obj(v)); got != nil {
			t.Errorf("Check(%v) = %q, want nothing", v, got)
		}
	}
}

// The emitter writes condition and enum values as the page does, as text
// or typed like the field; a request carries JSON numbers and booleans.
func TestRuleValuesCompareAsThePageWritesThem(t *testing.T) {
	r := Rule{Field: "priority", When: []Condition{{"enabled", "true"}, {"weight", "0"}}, Enum: []any{"1", 2.0}}
	fields := map[string]any{"enabled": true, "weight": json.Number("0.0"), "priority": 2.0}
	if got := r.Check(obj(fields)); got != nil {
		t.Errorf("typed values: Check = %q", got)
	}
	fields["priority"] = json.Number("3")
	if got := r.Check(obj(fields)); !reflect.DeepEqual(got, []string{"is not one of 1, 2"}) {
		t.Errorf("3: Check = %q", got)
	}
	if Equal("0.0", "0") {
		t.Errorf(`Equal("0.0", "0"): two texts are compared as text`)
	}
	if !Equal(json.Number("1.0"), "1") || !Equal(true, "true") || Equal(false, "true") {
		t.Errorf("Equal of a number or boolean and the page's text")
	}
}

// "../type" names a field of the enclosing object: sources/otc/elb-v3/CreateL7Policy.html,
// table "Table 6 CreateRuleCondition", row value: what value holds depends on
// the type of the rule that holds the conditions array.
func TestRuleConditionOnTheEnclosingObject(t *testing.T) {
	r := Rule{Field: "value", When: []Condition{{"../type", "HOST_NAME"}}, MaxLength: ptr(128), Pattern: `^[A-Za-z0-9*][A-Za-z0-9\-.*]*$`}
	parent := &Object{Fields: map[string]any{"type": "HOST_NAME"}}
	item := Object{Fields: map[string]any{"value": "/index.html"}, Parent: parent}
	if got := r.Check(item); len(got) != 1 {
		t.Errorf("parent type HOST_NAME, value a path: Check = %q, want the pattern failure", got)
	}
	parent.Fields["type"] = "PATH"
	if r.Applies(item) {
		t.Errorf("parent type PATH: rule applies")
	}
	if r.Applies(Object{Fields: map[string]any{"value": "/index.html", "type": "HOST_NAME"}}) {
		t.Errorf("no parent: a ../ condition holds on the object's own field")
	}
}

func TestRulesRoundTripThroughASpecFile(t *testing.T) {
	s := &openapi3.Schema{}
	SetRules(&s.Extensions, []Rule{aesRule, {Field: "remark", Text: "always"}})
	doc := &openapi3.T{OpenAPI: "3.0.3", Info: &openapi3.Info{Title: "t", Version: "1"}, Paths: openapi3.NewPaths(),
		Components: &openapi3.Components{Schemas: openapi3.Schemas{"Req": {Value: s}}}}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"field":"remark","text":"always","when":[]`) {
		t.Errorf("a rule without conditions is written without when: []: %s", b)
	}
	loaded, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := RulesOf(loaded.Components.Schemas["Req"].Value.Extensions)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Field != "sign_key" || *got[0].MaxLength != 16 || got[0].Conditions() != "sign_type = aes and sign_algorithm = aes-128-cfb" || got[1].Conditions() != "always" {
		t.Errorf("read back %+v", got)
	}
	if got[0].re == nil {
		t.Errorf("RulesOf does not compile the pattern")
	}
}

func TestRulesOfNamesTheBadEntry(t *testing.T) {
	for _, c := range []struct {
		ext  map[string]any
		want string
	}{
		{map[string]any{KeyRules: []any{map[string]any{"when": []any{}}}}, "x-docspec-rules[0]: no field"},
		{map[string]any{KeyRules: []any{map[string]any{"field": "a", "pattern": "("}}}, "x-docspec-rules[0] (a): pattern:"},
		{map[string]any{KeyRules: "text"}, "x-docspec-rules:"},
	} {
		if _, err := RulesOf(c.ext); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("RulesOf(%v) = %v, want %q", c.ext, err, c.want)
		}
	}
}

func TestEnforceable(t *testing.T) {
	str := &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"string"}}}
	num := &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"integer"}}}
	s := &openapi3.Schema{Properties: openapi3.Schemas{"sign_type": str, "sign_algorithm": str, "sign_key": str, "n": num}}
	if !aesRule.Enforceable(s) {
		t.Errorf("aes rule on its own object: not enforceable")
	}
	wrapper := &openapi3.Schema{Properties: openapi3.Schemas{"sign_key": str}}
	if aesRule.Enforceable(wrapper) {
		t.Errorf("a schema without the condition fields: enforceable")
	}
	if (Rule{Field: "n", MaxLength: ptr(3)}).Enforceable(s) {
		t.Errorf("a length on an integer: enforceable")
	}
	if (Rule{Field: "sign_key", When: []Condition{{"../type", "x"}}}).Enforceable(s) {
		t.Errorf("a ../ condition: enforceable by the server")
	}
	if got := Typed(s, "n", "0"); got != 0.0 {
		t.Errorf("Typed(integer, \"0\") = %#v", got)
	}
}
