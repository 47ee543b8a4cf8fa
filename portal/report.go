package portal

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/docspec/docspec/portal/score"
)

// Pooled sums the rows: counts added, F1 micro-averaged over the items of
// every scored service, the agreement rates pooled the same way.
type Pooled struct {
	Services, Scored                                         int
	Pages, OpLike, Found, Ops, SpecOps, SDKOps, SDKFound     int
	Warnings, Contradictions, NotUnderstood, LeftOut, NoSpec int
	Items                                                    score.Counts
	Types, Required, Enums                                   score.Agree
}

// Pool adds up rows.
func Pool(rows []*Row) *Pooled {
	p := &Pooled{Services: len(rows)}
	for _, r := range rows {
		p.Pages += r.Pages
		p.OpLike += r.OpLike
		p.Found += r.Found
		p.Ops += r.Ops
		p.SpecOps += r.SpecOps
		p.Warnings += r.Warnings
		p.Contradictions += r.Contradictions
		p.NotUnderstood += r.NotUnderstood
		p.LeftOut += r.LeftOut
		if r.Exit == 2 {
			p.NoSpec++
		}
		if !r.Scored {
			continue
		}
		p.Scored++
		p.SDKOps += r.SDKOps
		p.SDKFound += r.SDKFound
		o := r.Score.Overall
		p.Items.TP += o.Items.TP
		p.Items.FP += o.Items.FP
		p.Items.FN += o.Items.FN
		add(&p.Types, o.Types)
		add(&p.Required, o.Required)
		add(&p.Enums, o.Enums)
	}
	return p
}

func add(a *score.Agree, b score.Agree) { a.Agree += b.Agree; a.Total += b.Total }

func rate(n, d int) string {
	if d == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", float64(n)/float64(d))
}

func agree(a score.Agree) string { return rate(a.Agree, a.Total) }

// Line is the pooled line, in portal-score's words (without its time).
func (p *Pooled) Line() string {
	return fmt.Sprintf("pooled over %d services (%d scored): op-like found %d/%d (%s), SDK ops %d/%d, F1 %s, types %s, required %s, enums %s, exit 2: %d",
		p.Services, p.Scored, p.Found, p.OpLike, rate(p.Found, p.OpLike), p.SDKFound, p.SDKOps,
		rate(2*p.Items.TP, 2*p.Items.TP+p.Items.FP+p.Items.FN), agree(p.Types), agree(p.Required), agree(p.Enums), p.NoSpec)
}

// WriteMarkdown writes docs/portal.md: what a user reads to know how far to
// trust the spec of each service.
func WriteMarkdown(w io.Writer, rows []*Row) error {
	var b strings.Builder
	b.WriteString(`# How far to trust each Open Telekom Cloud service's spec

Written by ` + "`make portal`" + ` (` + "`go test ./portal -run TestPortal -update`" + `) from every service of
` + "`../shared/corpus/otc-portal/`" + ` (the portal's pages as it publishes them) and the ground truth of
` + "`../shared/oracle/otc-portal/`" + ` (Huawei Cloud's Go SDK); ` + "`make test`" + ` fails when this page is stale or a
service falls under its floor in [portal/floors.tsv](../portal/floors.tsv). Same columns as
` + "`../shared/tools/portal-score`" + `.

- **op-like read**: pages that look like one operation (a ` + "`METHOD /path`" + ` line outside tables and examples,
  judged without docspec) whose METHOD + path is in the spec.
- **ops**: operations docspec read; **in spec**: OpenAPI operations (several documented operations on one
  METHOD + path are one, listed in ` + "`x-docspec-variants`" + `).
- **SDK ops**: SDK operations found in the spec / counted (one sharing a METHOD + path with a matched one is
  not counted). **F1**: fields (parameters and body fields) against the SDK; the SDK is newer than the
  pages, so recall, and F1 with it, stays under 1.00; precision is the sharper signal. **types / required /
  enums**: agreement on the fields both have. "—": no SDK counterpart.
- **warn / contra / not understood**: warnings, contradictions (a page's example breaking its own table, two
  pages disagreeing) and constraint sentences no rule read; **left out**: pages or operations that could not
  go into a valid spec, each named with its file and line by ` + "`docspec scrape`" + ` (exit 1); **exit**:
  ` + "`docspec scrape`" + `'s exit code (2: no spec at all).

Where a service's pages document another version of the API than the SDK (waf), a low F1 is no misreading:
[portal-notes.md](portal-notes.md) shows the disagreement on the pages, page, table and row.

| service | pages | op-like read | ops | in spec | SDK ops | F1 | P | R | types | required | enums | warn | contra | not understood | left out | exit |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
`)
	for _, r := range rows {
		sdk, f1, p, rc, ty, rq, en := "—", "—", "—", "—", "—", "—", "—"
		if r.Scored {
			o := r.Score.Overall
			sdk = fmt.Sprintf("%d/%d", r.SDKFound, r.SDKOps)
			f1 = rate(2*o.Items.TP, 2*o.Items.TP+o.Items.FP+o.Items.FN)
			p = rate(o.Items.TP, o.Items.TP+o.Items.FP)
			rc = rate(o.Items.TP, o.Items.TP+o.Items.FN)
			ty, rq, en = agree(o.Types), agree(o.Required), agree(o.Enums)
		}
		fmt.Fprintf(&b, "| %s | %d | %d/%d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %d | %d | %d | %d | %d |\n",
			r.Service, r.Pages, r.Found, r.OpLike, r.Ops, r.SpecOps, sdk, f1, p, rc, ty, rq, en,
			r.Warnings, r.Contradictions, r.NotUnderstood, r.LeftOut, r.Exit)
	}
	p := Pool(rows)
	fmt.Fprintf(&b, "| **all %d** | %d | %d/%d | %d | %d | %d/%d | %s | %s | %s | %s | %s | %s | %d | %d | %d | %d | exit 2: %d |\n",
		p.Services, p.Pages, p.Found, p.OpLike, p.Ops, p.SpecOps, p.SDKFound, p.SDKOps,
		rate(2*p.Items.TP, 2*p.Items.TP+p.Items.FP+p.Items.FN), rate(p.Items.TP, p.Items.TP+p.Items.FP), rate(p.Items.TP, p.Items.TP+p.Items.FN),
		agree(p.Types), agree(p.Required), agree(p.Enums), p.Warnings, p.Contradictions, p.NotUnderstood, p.LeftOut, p.NoSpec)
	b.WriteString("\n")
	b.WriteString(missedSection(rows))
	b.WriteString("\n" + p.Line() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// missedSection lists, per service, a few op-like pages whose operation is
// not in the spec: where to look first.
func missedSection(rows []*Row) string {
	var b strings.Builder
	b.WriteString("## Op-like pages not in the spec (the first 3 per service)\n\n")
	any := false
	for _, r := range rows {
		if len(r.Missed) == 0 {
			continue
		}
		any = true
		var pages []string
		for p := range r.Missed {
			pages = append(pages, p)
		}
		sort.Strings(pages)
		fmt.Fprintf(&b, "- **%s** (%d):", r.Service, len(pages))
		for i, p := range pages {
			if i == 3 {
				b.WriteString(" …")
				break
			}
			fmt.Fprintf(&b, " `%s` (%s);", p, strings.Join(r.Missed[p], ", "))
		}
		b.WriteString("\n")
	}
	if !any {
		b.WriteString("None.\n")
	}
	return b.String()
}
