package openapi

import (
	"errors"
	"fmt"
	"github.com/docspec/docspec/conventions"
	"maps"
	"mime"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/model"
)

func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = ct
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// examples turns a body's examples into a media type's examples map. Keys
// are the error code an example shows (one of codes, found as a top-level
// value) or "example", "example2", ... Each parsed example is checked against
// the body's schema and conditional rules once component names are known.
func (b *builder) examples(body *model.Body, codes []string, role string, schema *openapi3.SchemaRef, request bool) openapi3.Examples {
	if len(body.Examples) == 0 {
		return nil
	}
	out := openapi3.Examples{}
	jsonBody := isJSON(contentType(body.ContentType))
	op := b.op
	for _, ex := range body.Examples {
		if ex == nil {
			continue
		}
		var value any = ex.Value
		parsed := false
		notJSON := ""
		if jsonBody {
			var v any
			if err := decodeJSON(ex.Value, &v); err != nil {
				b.diag(model.SevWarning, "example-not-json", fmt.Sprintf("example of %s is not JSON (%v); kept as a string in %s", role, err, conventions.KeyEvidence), ex.Source)
				notJSON = fmt.Sprintf("is not JSON (%v)", err)
			} else {
				value, parsed = v, true
			}
		}
		base := exampleKey(value, codes)
		key := base
		for i := 2; out[key] != nil; i++ {
			if base == "example" {
				key = base + strconv.Itoa(i)
			} else {
				key = base + "-" + strconv.Itoa(i)
			}
		}
		e := &openapi3.Example{Summary: ex.Summary, Value: value}
		setSource(&e.Extensions, ex.Source)
		if notJSON != "" {
			conventions.AppendString(&e.Extensions, conventions.KeyContradiction, notJSON)
		}
		if !jsonBody && schema != nil && schema.Value != nil && !schema.Value.Type.Is(openapi3.TypeString) {
			// An XML (or other text) example is text, while the schema
			// describes the fields the tables list (OBS "Configuring a
			// Bucket ACL"): no validator can check one against the other,
			// and kin-openapi would refuse the operation; kept as evidence.
			conventions.AppendString(&e.Extensions, conventions.KeyContradiction, "is "+contentType(body.ContentType)+" text, which the schema of its fields cannot check")
		}
		out[key] = &openapi3.ExampleRef{Value: e}
		if parsed {
			ex, e, value, key := ex, e, value, key
			b.checks = append(b.checks, func() {
				saved := b.op
				b.op = op
				b.checkExample(ex, e, value, fmt.Sprintf("example %q of %s", key, role), schema, body.Schema, request)
				b.op = saved
			})
		}
	}
	return out
}

func exampleKey(v any, codes []string) string {
	if obj, ok := v.(map[string]any); ok && len(codes) > 0 {
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			if s, ok := obj[k].(string); ok {
				for _, c := range codes {
					if s == c {
						return c
					}
				}
			}
		}
	}
	return "example"
}

// checkExample reports where an example breaks its schema or the rules of
// the objects it holds.
//
// The example is kept as the page shows it, and marked
// x-docspec-contradiction with the reasons, so that validators in every
// language expect it to fail and type checkers leave it out.
func (b *builder) checkExample(ex *model.Example, e *openapi3.Example, value any, what string, schema *openapi3.SchemaRef, ms *model.Schema, request bool) {
	mark := func(why string) {
		if e == nil {
			return
		}
		conventions.AppendString(&e.Extensions, conventions.KeyContradiction, why)
	}
	if schema != nil && schema.Value != nil {
		opt := openapi3.VisitAsResponse()
		if request {
			opt = openapi3.VisitAsRequest()
		}
		if err := schema.Value.VisitJSON(value, openapi3.MultiErrors(), opt); err != nil {
			for _, msg := range schemaErrs(err) {
				b.diag(model.SevContradiction, "example-breaks-schema", fmt.Sprintf("%s breaks the schema: %s", what, msg), ex.Source)
				mark("breaks the schema: " + msg)
			}
		}
	}
	walkExample(ms, value, "", nil, func(path string, v RuleViolation) {
		b.diag(model.SevContradiction, "example-breaks-rule", fmt.Sprintf("%s: %s%s", what, path, v.String()), ex.Source)
		mark("breaks a rule: " + path + v.String())
	}, func(path, field string) {
		b.diag(model.SevWarning, "example-field-undocumented", fmt.Sprintf("%s has field %s%s that no table documents", what, path, field), ex.Source)
		mark("has field " + path + field + " that no table documents")
	})
}

// walkExample visits value along the model schema: rules of every object it
// reaches, and fields the schema does not list.
func walkExample(ms *model.Schema, value any, path string, parent *conventions.Object, broken func(string, RuleViolation), extra func(string, string)) {
	if ms == nil {
		return
	}
	switch x := value.(type) {
	case map[string]any:
		obj := conventions.Object{Fields: x, Defaults: defaults(ms), Parent: parent}
		if len(ms.Rules) > 0 {
			for _, v := range CheckRules(obj, ms.Rules) {
				broken(path, v)
			}
		}
		props := map[string]*model.Property{}
		for _, p := range ms.Properties {
			if p != nil {
				props[p.Name] = p
			}
		}
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if p := props[k]; p != nil {
				walkExample(p.Schema, x[k], path+k+".", &obj, broken, extra)
			} else if ms.AdditionalProperties != nil {
				walkExample(ms.AdditionalProperties, x[k], path+k+".", &obj, broken, extra)
			} else if len(props) > 0 {
				extra(path, k)
			}
		}
	case []any:
		for i, e := range x {
			walkExample(ms.Items, e, path+strconv.Itoa(i)+".", parent, broken, extra)
		}
	}
}

func visit(s *openapi3.Schema, v any) error {
	return s.VisitJSON(v, openapi3.MultiErrors())
}

// schemaErrs flattens a VisitJSON error into sorted one-line messages.
func schemaErrs(err error) []string {
	var out []string
	var me openapi3.MultiError
	if errors.As(err, &me) {
		for _, e := range me {
			out = append(out, schemaErrs(e)...)
		}
	} else {
		out = append(out, schemaErrText(err))
	}
	sort.Strings(out)
	// MultiError can repeat one failure through nested schemas.
	uniq := out[:0]
	for i, s := range out {
		if i == 0 || s != out[i-1] {
			uniq = append(uniq, s)
		}
	}
	return uniq
}

func schemaErrText(err error) string {
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		ptr := strings.Join(se.JSONPointer(), ".")
		if ptr == "" {
			ptr = "(body)"
		}
		return fmt.Sprintf("%s = %s: %s", ptr, valueText(se.Value), se.Reason)
	}
	var me openapi3.MultiError
	if errors.As(err, &me) {
		return strings.Join(schemaErrs(err), "; ")
	}
	return firstLine(err.Error())
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func setSource(m *map[string]any, s model.Source) {
	conventions.SetSource(m, conventions.Source{File: s.File, Section: s.Section, Table: s.Table, Row: s.Row, Line: s.Line})
}

// keepContradictionsAsEvidence moves the examples the checks marked with
// x-docspec-contradiction out of examples into the media type's
// x-docspec-evidence: they stay in the spec as what the page shows, and
// validators that check examples against schemas (kin-openapi's default,
// Redocly's recommended rules) accept the spec.
func keepContradictionsAsEvidence(doc *openapi3.T) {
	move := func(content openapi3.Content) {
		for _, mt := range content {
			for name, ex := range mt.Examples {
				if ex == nil || ex.Value == nil {
					continue
				}
				why := conventions.StringsOf(ex.Value.Extensions, conventions.KeyContradiction)
				if len(why) == 0 {
					continue
				}
				conventions.SetEvidence(&mt.Extensions, name, conventions.Evidence{Summary: ex.Value.Summary, Value: ex.Value.Value,
					Source: conventions.SourceOf(ex.Value.Extensions), Contradiction: why})
				delete(mt.Examples, name)
			}
			if len(mt.Examples) == 0 {
				mt.Examples = nil
			}
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				move(op.RequestBody.Value.Content)
			}
			if op.Responses == nil {
				continue
			}
			for _, r := range op.Responses.Map() {
				if r != nil && r.Value != nil {
					move(r.Value.Content)
				}
			}
		}
	}
}
