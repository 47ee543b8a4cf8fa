package prose

import (
	"strings"

	"github.com/docspec/docspec/model"
	regexp "github.com/docspec/docspec/scraper/internal/fastre"
	"github.com/docspec/docspec/scraper/page"
)

// Result is what a description cell states about its value.
type Result struct {
	Description string // the prose, cleaned for the spec (markup removed, lists as "- " lines)

	Enum                 []string
	Default              *string
	MinLength, MaxLength *int64
	Minimum, Maximum     *float64
	MinItems, MaxItems   *int64
	Pattern              string // Go RE2, anchored ^...$
	Format               string // "date-time" or ""

	// Rules hold constraints that apply when other fields have given values.
	// Rule.Field is left "" for the caller; a condition whose field the prose
	// does not name has Field "" and the value in Equals.
	Rules []*model.Rule
	// Constraints records one entry per understood statement (Kind, Text).
	Constraints []*model.Constraint
	// NotUnderstood lists constraint-like sentences that no rule read.
	NotUnderstood []string
}

// Parse reads a description cell. typ is the declared model.Type* ("" when
// the page states none) and lang "en" or "zh"; both languages' phrasings are
// tried whatever lang says, since Chinese pages quote English and back.
func Parse(cell *page.Cell, typ, lang string) *Result {
	p := &parser{typ: typ, lang: lang}
	a := &acc{}
	if cell != nil {
		p.takenBack = reTakenBack.MatchString(cell.Text())
		p.blocks(a, cell.Blocks)
	}
	res := p.finish(a)
	res.Description = Describe(cell)
	return res
}

// Describe renders a cell as readable prose: paragraphs on their own lines,
// list items as "- " lines (nested lists indented), emphasis markers removed.
func Describe(cell *page.Cell) string {
	if cell == nil {
		return ""
	}
	var lines []string
	var walk func(bs []*page.Block, ind string)
	walk = func(bs []*page.Block, ind string) {
		for _, b := range bs {
			switch b.Kind {
			case page.KindList:
				for _, it := range b.Items {
					if it == nil {
						continue
					}
					first := len(lines)
					walk(it.Blocks, ind+"  ")
					if first < len(lines) {
						lines[first] = ind + "- " + strings.TrimLeft(lines[first], " ")
					}
				}
			case page.KindTable, page.KindCode:
			default:
				if t := clean(b.Text); t != "" {
					lines = append(lines, ind+t)
				}
			}
		}
	}
	walk(cell.Blocks, "")
	return strings.Join(lines, "\n")
}

// dropBold removes emphasis markers as regexp.MustCompile(`\*\*|__`)
// .ReplaceAllString(s, "") would (FuzzDropBold holds it to that): "**"
// and "__" removed left to right, what a removal brings together not looked at again ("_**_"
// keeps "__"). A text with neither is returned as it is.
func dropBold(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i+1 < len(s); {
		j := strings.IndexAny(s[i:len(s)-1], "*_")
		if j < 0 {
			break
		}
		i += j
		if s[i+1] != s[i] {
			i++
			continue
		}
		b.WriteString(s[last:i])
		i += 2
		last = i
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// clean removes emphasis markers and normalises space.
func clean(s string) string {
	return page.NormalizeSpace(dropBold(s))
}

type parser struct {
	typ, lang string
	takenBack bool // the cell takes values back ("The value cannot be 6."): no paired values
}

// blocks walks a cell's blocks. A paragraph that introduces a list (ends
// with a colon) is read together with the list.
func (p *parser) blocks(a *acc, bs []*page.Block) {
	for i := 0; i < len(bs); i++ {
		b := bs[i]
		if b == nil {
			continue
		}
		switch b.Kind {
		case page.KindList:
			items, used := p.listEntries(b, bs[i+1:])
			p.list(a, items, "")
			i += used
		case page.KindParagraph, page.KindHeading:
			t := b.Text
			if n := p.valueParagraphs(a, t, bs[i+1:]); n > 0 {
				i += n
				continue
			}
			if i+1 < len(bs) && bs[i+1] != nil && bs[i+1].Kind == page.KindList {
				sents := splitSentences(clean(t))
				intro := ""
				if n := len(sents); n > 0 && endsWithColon(sents[n-1]) {
					intro = sents[n-1]
					sents = sents[:n-1]
				}
				if intro != "" || len(sents) > 0 {
					for _, s := range sents {
						p.sentence(a, s)
					}
					items, used := p.listEntries(bs[i+1], bs[i+2:])
					p.list(a, items, intro)
					i += 1 + used
					continue
				}
			}
			p.paragraph(a, t)
		}
	}
}

// valueParagraphs reads an intro ("Value range:") followed by paragraphs
// that each name a value and its meaning, as VPN writes them inside a list
// item: "Value range:" then "vpc: virtual private cloud." then "er:
// enterprise router". They are the list the rendering did not make: two
// at least, none a label ("Note: ..."). It returns how many paragraphs
// after the intro it used, 0 when the layout is not this one.
func (p *parser) valueParagraphs(a *acc, t string, after []*page.Block) int {
	// The layout needs two paragraphs after the intro; most paragraphs
	// have none, and are not split into sentences here only to be split
	// again by the caller.
	if len(after) < 2 || after[0] == nil || after[0].Kind != page.KindParagraph || after[1] == nil || after[1].Kind != page.KindParagraph {
		return 0
	}
	if p.typ == model.TypeObject || p.typ == model.TypeArray {
		return 0 // the values are those of a field inside
	}
	sents := splitSentences(clean(t))
	if len(sents) == 0 {
		return 0
	}
	intro := sents[len(sents)-1]
	if !endsWithColon(intro) || !reIntroExplicit.MatchString(intro) && !reIntroStated.MatchString(intro) || reOtherValue.MatchString(intro) {
		return 0
	}
	var es []entry
	for _, bl := range after {
		if bl == nil || bl.Kind != page.KindParagraph {
			break
		}
		e := makeEntry(&page.Cell{Blocks: []*page.Block{bl}})
		if e.head == "" || pairLabels[strings.ToLower(e.head)] || e.rest == "" || strings.HasPrefix(e.rest, "\x00") {
			break
		}
		es = append(es, e)
	}
	if len(es) < 2 {
		return 0
	}
	for _, s := range sents[:len(sents)-1] {
		p.sentence(a, s)
	}
	p.list(a, es, intro)
	return len(es)
}

// reOtherValue tells an intro about another field's values: "The value of
// type can be:" (CES, on an array of objects), not "The value of this
// parameter can be:".
var reOtherValue = regexp.MustCompile(`(?i)\bvalues?\s+of\s+(?:\S+)\s+(?:can|may|must|is|are|includes?)\b`)

func endsWithColon(s string) bool {
	return strings.HasSuffix(s, ":") || strings.HasSuffix(s, "：")
}

// paragraph reads the sentences of one paragraph. A sentence about "each"
// of something nested (environment variables, labels) speaks of a part of
// the value: it and what follows in the paragraph are not applied.
func (p *parser) paragraph(a *acc, t string) {
	nested := false
	ss := splitSentences(clean(t))
	for _, s := range ss {
		// On an array, "Each must start with a letter..." speaks of its
		// items, which is where the caller puts lengths and patterns.
		if reEach.MatchString(s) && !(p.typ == model.TypeArray && reEachItem.MatchString(s)) {
			nested = true
		}
		if nested {
			if constraintLike(s) {
				a.notUnderstood(s)
			}
			continue
		}
		p.sentence(a, s)
	}
	if !nested {
		p.pairedEnum(a, ss)
	}
}

var (
	reEach     = regexp.MustCompile(`(?i)^(?:each|every)\b|^每个`)
	reEachItem = regexp.MustCompile(`(?i)^(?:each|every)\s+(?:(?:item|element|value|entry|one)\s+)?(?:must|can|cannot|can't|is|should|has|contains|consists)\b`)
)
