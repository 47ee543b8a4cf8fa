package serve

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/conventions"
)

// project keeps of v what schema s documents, recursively: the response is
// built on the documented success schema, not on whatever was stored.
func project(s *openapi3.Schema, v any) any {
	if s == nil {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		if len(s.Properties) == 0 {
			return x
		}
		out := make(map[string]any, len(x))
		for k, val := range x {
			if p := s.Properties[k]; p != nil {
				out[k] = project(p.Value, val)
			}
		}
		return out
	case []any:
		if s.Items == nil {
			return x
		}
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = project(s.Items.Value, val)
		}
		return out
	}
	return v
}

// generatedWords are how the pages say the server fills a field the client may omit.
var generatedWords = regexp.MustCompile(`(?i)automatically generated|generated automatically|is generated|自动生成`)

// timeWords tell a creation time from an update time in a field's name.
var (
	createdWords = regexp.MustCompile(`(?i)creat|regist`)
	updatedWords = regexp.MustCompile(`(?i)updat|modif`)
)

// objectKit holds what building objects of one resource needs, read once
// from the spec: time layouts from the examples, the id's form.
type objectKit struct {
	layouts map[string]string // date-time field → the layout its examples use
	uuidIDs bool              // the examples' ids are dashed UUIDs
	// shown are the fields some answer of the resource documents (its
	// create, show, update answers, its lists' items): what is stored.
	shown map[string]bool
	// whole are the lists whose item schema keeps every stored document as
	// it is: they answer the stored bytes.
	whole map[*Op]bool
}

// answerObjects are the object schemas the resource's answers document:
// the create, show and update answers (unwrapped), the lists' and the
// binding's items.
func answerObjects(r *Resource, ops []*Op) map[*Op]*openapi3.Schema {
	out := map[*Op]*openapi3.Schema{}
	for _, o := range ops {
		if o.Resource != r {
			continue
		}
		schema := successSchema(o.Operation)
		if schema == nil {
			continue
		}
		switch o.Behaviour {
		case Create, Show, Update, Delete:
			out[o] = unwrapSchema(schema, r.Wrapper)
		case List:
			if item := listItem(schema, r); item != nil {
				out[o] = item
			}
		case Bind:
			if p := schema.Properties[r.Binding.Records]; p != nil && p.Value.Items != nil {
				out[o] = p.Value.Items.Value
			}
		}
	}
	return out
}

// store is what of obj is stored: the fields some answer documents.
func (k *objectKit) store(obj map[string]any) []byte {
	kept := make(map[string]any, len(obj))
	for f, v := range obj {
		if k.shown[f] {
			kept[f] = v
		}
	}
	doc, _ := json.Marshal(kept)
	return doc
}

var uuidForm = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// layoutCandidates are the layouts a page's example may write a time in; the
// first that gives back the example's own text is the field's.
var layoutCandidates = []string{
	"2006-01-02T15:04:05Z",
	"2006-01-02T15:04:05.000Z",
	"2006-01-02T15:04:05.000000Z",
	"2006-01-02T15:04:05.999999999Z",
	"2006-01-02T15:04:05-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05+0000",
}

// specLayout is the layout a time field is written in: its examples', unless
// the schema says date-time and that layout is no RFC 3339 (RDS "Creating a
// Parameter Template": the page states yyyy-MM-ddTHH:mm:ssZ, its examples
// write +0800): the answer follows the spec, which the client decodes.
func specLayout(p *openapi3.Schema, layout string) string {
	if layout == "" {
		return layoutCandidates[0]
	}
	if p.Format == "date-time" {
		ref := time.Date(2006, 1, 2, 15, 4, 5, 0, time.UTC)
		if _, err := time.Parse(time.RFC3339, ref.Format(layout)); err != nil {
			return layoutCandidates[0]
		}
	}
	return layout
}

func layoutOf(example string) string {
	for _, l := range layoutCandidates {
		if t, err := time.Parse(l, example); err == nil && t.Format(l) == example {
			return l
		}
	}
	return ""
}

// kitOf reads time layouts and the id's form from every example of the
// resource's operations.
func kitOf(r *Resource, ops []*Op) *objectKit {
	k := &objectKit{layouts: map[string]string{}, shown: map[string]bool{}, whole: map[*Op]bool{}}
	answers := answerObjects(r, ops)
	for f := range r.Object.Properties {
		k.shown[f] = true
	}
	for _, a := range answers {
		for f := range a.Properties {
			k.shown[f] = true
		}
	}
	for o, a := range answers {
		if o.Behaviour != List || a == nil || len(a.Properties) == 0 {
			continue
		}
		whole := true
		for f := range k.shown {
			p := a.Properties[f]
			whole = whole && p != nil && !reshapes(p.Value)
		}
		k.whole[o] = whole
	}
	// The create's own example first: it writes the times as the API does on
	// creation; then the others.
	ordered := make([]*Op, 0, len(ops))
	for _, o := range ops {
		if o.Resource == r && (o.Behaviour == Create || o.Behaviour == Bind) {
			ordered = append(ordered, o)
		}
	}
	for _, o := range ops {
		if o.Resource == r && o.Behaviour != Create && o.Behaviour != Bind {
			ordered = append(ordered, o)
		}
	}
	for _, o := range ordered {
		for _, ex := range examplesOf(o.Operation) {
			walkObjects(ex, func(m map[string]any) {
				for f, v := range m {
					s, ok := v.(string)
					if !ok {
						continue
					}
					if f == r.IDField && uuidForm.MatchString(s) {
						k.uuidIDs = true
					}
					if _, seen := k.layouts[f]; !seen {
						if l := layoutOf(s); l != "" {
							k.layouts[f] = l
						}
					}
				}
			})
		}
	}
	return k
}

func examplesOf(op *openapi3.Operation) []any {
	var out []any
	for _, code := range sortedKeys(op.Responses.Map()) {
		r := op.Responses.Value(code)
		if !strings.HasPrefix(code, "2") || r == nil || r.Value == nil {
			continue
		}
		if mt := r.Value.Content.Get("application/json"); mt != nil {
			if mt.Example != nil {
				out = append(out, mt.Example)
			}
			for _, k := range sortedKeys(mt.Examples) {
				if ex := mt.Examples[k]; ex != nil && ex.Value != nil {
					out = append(out, ex.Value.Value)
				}
			}
			// Examples that contradict their page still show how it writes times and ids.
			ev := conventions.EvidenceOf(mt.Extensions)
			for _, k := range sortedKeys(ev) {
				out = append(out, ev[k].Value)
			}
		}
	}
	return out
}

func walkObjects(v any, f func(map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		f(x)
		for _, k := range sortedKeys(x) {
			walkObjects(x[k], f)
		}
	case []any:
		for _, e := range x {
			walkObjects(e, f)
		}
	}
}

func (k *objectKit) newID() string {
	b := make([]byte, 16)
	rand.Read(b)
	h := hex.EncodeToString(b)
	if k.uuidIDs {
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		h = hex.EncodeToString(b)
		return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
	}
	return h
}

// stamp sets the object's date-time fields of creation (when creating) and
// update, in the layout the page's examples write them.
func (k *objectKit) stamp(s *openapi3.Schema, obj map[string]any, now time.Time, creating bool) {
	k.eachTime(s, func(f, layout string) {
		switch {
		case updatedWords.MatchString(f):
			obj[f] = now.UTC().Format(layout)
		case createdWords.MatchString(f) && creating:
			obj[f] = now.UTC().Format(layout)
		}
	})
}

// stampAll sets every date-time field of a new record (a binding's time) to now.
func (k *objectKit) stampAll(s *openapi3.Schema, obj map[string]any, now time.Time) {
	k.eachTime(s, func(f, layout string) { obj[f] = now.UTC().Format(layout) })
}

// eachTime calls fn with each field of s that holds a time (a date-time
// string, or a string the page's examples write as a time) and its layout.
func (k *objectKit) eachTime(s *openapi3.Schema, fn func(field, layout string)) {
	for _, f := range planOf(s).keys {
		p := s.Properties[f].Value
		if p == nil || !p.Type.Is("string") {
			continue
		}
		layout, seen := k.layouts[f]
		if !seen && p.Format != "date-time" {
			continue
		}
		fn(f, specLayout(p, layout))
	}
}

// fill sets, on a new object, the documented defaults of absent fields and
// the fields the page says are generated when absent, honouring the field's
// constraints and the per-value rules that apply to this object.
func fill(s *openapi3.Schema, obj map[string]any) {
	pl := planOf(s)
	var o *conventions.Object // read once, when a rule needs it
	for _, f := range pl.keys {
		p := s.Properties[f].Value
		if _, ok := obj[f]; ok || p == nil {
			continue
		}
		if p.Default != nil {
			obj[f] = p.Default
			continue
		}
		if !p.Type.Is("string") || !pl.generated[f] && len(pl.byField[f]) == 0 {
			continue
		}
		if o == nil {
			ob := conventions.ObjectOf(s, obj, nil)
			o = &ob
		}
		if pl.generated[f] || ruleSaysGenerated(pl, f, *o) {
			if v, ok := generate(fieldBounds(pl, p, f, *o)); ok {
				obj[f] = v
			}
		}
	}
}

// plan is what fill and stamp read of a schema, once: its property names in
// order, its rules by field (parsed, patterns compiled), the fields whose
// description says they are generated.
type plan struct {
	keys      []string
	byField   map[string][]conventions.Rule
	generated map[string]bool
}

var plans sync.Map // *openapi3.Schema → *plan

func planOf(s *openapi3.Schema) *plan {
	if pl, ok := plans.Load(s); ok {
		return pl.(*plan)
	}
	pl := &plan{keys: sortedKeys(s.Properties), byField: map[string][]conventions.Rule{}, generated: map[string]bool{}}
	for _, r := range rulesOf(s) {
		pl.byField[r.Field] = append(pl.byField[r.Field], r)
	}
	for _, f := range pl.keys {
		p := s.Properties[f].Value
		if p == nil {
			continue
		}
		pl.generated[f] = generatedWords.MatchString(p.Description)
	}
	actual, _ := plans.LoadOrStore(s, pl)
	return actual.(*plan)
}

// complete gives each field the answer's schema requires and the object
// lacks a value — the page's success example's when it has a valid one,
// else the plainest its schema allows — so that the double answers what
// the spec requires (ECS "Assigning a Floating IP Address": the answer
// requires fixed_ip and instance_id, which no request carries). Objects
// present are completed in turn.
func complete(s *openapi3.Schema, obj map[string]any, example any) {
	if s == nil || obj == nil {
		return
	}
	ex, _ := example.(map[string]any)
	for _, f := range planOf(s).keys {
		p := s.Properties[f].Value
		if p == nil {
			continue
		}
		if v, ok := obj[f]; ok {
			if m, isObj := v.(map[string]any); isObj {
				complete(p, m, ex[f])
			}
			continue
		}
		if !slices.Contains(s.Required, f) {
			continue
		}
		if v, ok := ex[f]; ok && p.VisitJSON(v) == nil {
			obj[f] = v
			continue
		}
		obj[f] = plainValue(p)
	}
}

// plainValue is the plainest value schema s allows.
func plainValue(s *openapi3.Schema) any {
	switch {
	case s.Default != nil:
		return s.Default
	case len(s.Enum) > 0:
		return s.Enum[0]
	case s.Type.Is("string") && s.Format == "date-time":
		return "2006-01-02T15:04:05Z"
	case s.Type.Is("string"):
		if v, ok := generate(boundsOf(s)); ok {
			return v
		}
		return ""
	case s.Type.Is("integer"), s.Type.Is("number"):
		if s.Min != nil {
			return *s.Min
		}
		return 0
	case s.Type.Is("boolean"):
		return false
	case s.Type.Is("array"):
		return []any{}
	case s.Type.Is("object"):
		m := map[string]any{}
		complete(s, m, nil)
		return m
	}
	return ""
}

// bounds are a string field's constraints: its own and those of applying rules.
type bounds struct {
	min, max int
	patterns []*regexp.Regexp
}

// boundsOf is a string schema's own constraints.
func boundsOf(p *openapi3.Schema) bounds {
	b := bounds{min: int(p.MinLength), max: -1}
	if p.MaxLength != nil {
		b.max = int(*p.MaxLength)
	}
	if re := compiled(p.Pattern); re != nil {
		b.patterns = append(b.patterns, re)
	}
	return b
}

func fieldBounds(pl *plan, p *openapi3.Schema, f string, o conventions.Object) bounds {
	b := boundsOf(p)
	for _, rule := range pl.byField[f] {
		if !rule.Applies(o) {
			continue
		}
		if rule.MinLength != nil && int(*rule.MinLength) > b.min {
			b.min = int(*rule.MinLength)
		}
		if rule.MaxLength != nil && (b.max < 0 || int(*rule.MaxLength) < b.max) {
			b.max = int(*rule.MaxLength)
		}
		if re := compiled(rule.Pattern); re != nil {
			b.patterns = append(b.patterns, re)
		}
	}
	return b
}

var patternCache sync.Map // pattern → *regexp.Regexp (nil: does not compile)

func compiled(pattern string) *regexp.Regexp {
	if pattern == "" {
		return nil
	}
	if re, ok := patternCache.Load(pattern); ok {
		return re.(*regexp.Regexp)
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		re = nil
	}
	patternCache.Store(pattern, re)
	return re
}

func ruleSaysGenerated(pl *plan, f string, o conventions.Object) bool {
	for _, rule := range pl.byField[f] {
		if rule.Applies(o) && generatedWords.MatchString(rule.Text) {
			return true
		}
	}
	return false
}

// alphabets to try for a generated value, plainest first.
var alphabets = []string{"0123456789abcdef", "abcdefghijklmnopqrstuvwxyz0123456789", "abcdefghijklmnopqrstuvwxyz"}

// generate makes a random value that satisfies b, or reports that none of
// its plain alphabets could.
func generate(b bounds) (string, bool) {
	n := 32
	if b.max >= 0 && n > b.max {
		n = b.max
	}
	if n < b.min {
		n = b.min
	}
	for _, alpha := range alphabets {
		v := randomString(alpha, n)
		ok := true
		for _, re := range b.patterns {
			ok = ok && re.MatchString(v)
		}
		if ok {
			return v, true
		}
		// A value that must start with a letter: put one first.
		v = "k" + v[min(1, len(v)):]
		ok = true
		for _, re := range b.patterns {
			ok = ok && re.MatchString(v)
		}
		if ok {
			return v, true
		}
	}
	return "", false
}

func randomString(alpha string, n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = alpha[int(b[i])%len(alpha)]
	}
	return string(b)
}

func rulesOf(s *openapi3.Schema) []conventions.Rule {
	rs, err := conventions.RulesOf(s.Extensions)
	if err != nil {
		return nil
	}
	return rs
}

// matches reports whether an item field's value matches a filter value.
func matches(v any, want string, fuzzy bool) bool {
	var s string
	switch x := v.(type) {
	case nil:
		return false
	case string:
		s = x
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		s = fmt.Sprint(x)
	}
	if fuzzy {
		return strings.Contains(strings.ToLower(s), strings.ToLower(want))
	}
	return s == want
}

func sortedStrings(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
