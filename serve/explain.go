package serve

import (
	"fmt"
	"io"
	"strings"
)

// Explain writes, as Markdown, how the double understood each operation of
// the specs: a table per spec and the counts per behaviour.
func Explain(w io.Writer, specs []*Spec) {
	for _, s := range specs {
		fmt.Fprintf(w, "## %s\n\n", s.Name)
		fmt.Fprintf(w, "| operation | method and path | behaviour | resource | scope | id field | why, or what it records |\n| --- | --- | --- | --- | --- | --- | --- |\n")
		for _, o := range s.Ops {
			fmt.Fprintf(w, "| %s | `%s %s` | %s | %s |\n", o.Operation.OperationID, o.Method, o.Path, describe(o.Behaviour), strings.Join(o.columns(), " | "))
		}
		fmt.Fprintf(w, "\n%s\n\n", Summary(s))
	}
}

func describe(b Behaviour) string {
	if b == Example {
		return "answers the documented example"
	}
	return string(b)
}

func (o *Op) columns() []string {
	if o.Resource == nil {
		return []string{"", "", "", md(o.Why)}
	}
	r := o.Resource
	id := "`" + r.IDField + "`"
	if r.Binding != nil {
		id = "`" + r.Binding.Records + "[]." + r.IDField + "`"
	}
	if r.Wrapper != "" {
		id = "`" + r.Wrapper + "." + r.IDField + "`"
	}
	scope := make([]string, len(r.Scope))
	for i, p := range r.Scope {
		scope[i] = "`" + p + "`"
	}
	return []string{"`" + lastSegment(r.Collection) + "`", strings.Join(scope, ", "), id, o.records()}
}

// records says what a binding-style POST records: "one `bindings` record per
// `publish_ids` item (its `publish_id`), with `sign_id`".
func (o *Op) records() string {
	b := o.Resource.Binding
	if o.Behaviour != Bind || b == nil {
		return ""
	}
	var each []string
	for _, f := range sortedKeys(b.Each) {
		each = append(each, fmt.Sprintf("`%s` item (its `%s`)", f, b.Each[f]))
	}
	out := fmt.Sprintf("one `%s` record per %s", b.Records, strings.Join(each, " × "))
	if len(b.Scalars) > 0 {
		out += ", with `" + strings.Join(b.Scalars, "`, `") + "`"
	}
	return out
}

func md(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// Summary counts the operations per behaviour: "87 operations: 12 create, ...".
func Summary(s *Spec) string {
	count := map[Behaviour]int{}
	for _, o := range s.Ops {
		count[o.Behaviour]++
	}
	parts := make([]string, 0, len(behaviours))
	for _, b := range behaviours {
		parts = append(parts, fmt.Sprintf("%d %s", count[b], b))
	}
	return fmt.Sprintf("%s: %d operations: %s", s.Name, len(s.Ops), strings.Join(parts, ", "))
}
