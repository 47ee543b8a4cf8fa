package prose

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/docspec/docspec/model"
	regexp "github.com/docspec/docspec/scraper/internal/fastre"
	"github.com/docspec/docspec/scraper/page"
)

// A value as the pages write them: identifiers, numbers, media types,
// versions, placeholders like ${protocol}.
var reToken = regexp.MustCompile(`^(?:[A-Za-z0-9][A-Za-z0-9_.\-/+:]*|-\d+(?:\.\d+)?|\$\{[A-Za-z_]\w*\}|\*)$`)

func isToken(s string) bool {
	return utf8.RuneCountInString(s) <= 64 && reToken.MatchString(s) && !strings.HasSuffix(s, ":")
}

var (
	reParen   = regexp.MustCompile(`\s*(?:\([^()]*\)|（[^（）]*）)`)
	reSplitOr = regexp.MustCompile(`(?i)\s*(?:,|，|、|;|；)\s*(?:and\s+|or\s+)?|\s+(?:or|and)\s+|或|和|及`)
	// Where a list of values stops: "..., and the default value is ...".
	reListEnd = regexp.MustCompile(`(?i)(?:[,;，；]\s*(?:and\s+|but\s+)?(?:the|which|indicating|where|depending|it|this|that|respectively)\b|\s+(?:if|when|indicating|respectively|for|in|on|to)\b).*$`)
)

var (
	reMasked    = regexp.MustCompile(`\x01+.*$`)
	reTrailConj = regexp.MustCompile(`(?i)[\s,，;；]*(?:and|or|but)?\s*$`)
)

// splitValues reads "A, B, or C" (values possibly emphasised or with
// parenthesised notes). It returns nil unless every part is a value.
func splitValues(s string) []string {
	s = dropBold(s)
	s = reMasked.ReplaceAllString(s, "")
	s = reParen.ReplaceAllString(s, "")
	s = reListEnd.ReplaceAllString(s, "")
	s = reTrailConj.ReplaceAllString(s, "")
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ".。:："))
	if s == "" {
		return nil
	}
	var out []string
	for _, part := range reSplitOr.Split(s, -1) {
		part = strings.Trim(strings.TrimSpace(part), "\"'“”‘’`")
		part = strings.TrimPrefix(part, "either ")
		if part == "" {
			continue
		}
		if !isToken(part) {
			return nil
		}
		out = append(out, part)
	}
	return out
}

// Inline enumerations: "Enumeration values: A, B", "Options: A and B",
// "The value can be A, B, or C", "The value can only be X", "取值为A、B".
var (
	reEnumExplicit = regexp.MustCompile(`(?i)^(?:enumeration values?|enumerated values?|枚举值)\s*[:：]\s*(.+)$`)
	reEnumStated   = []*regexp.Regexp{
		regexp.MustCompile(`(?i)(?:^|\.\s)(?:value\s+)?options?\s*(?:include|includes|are|:|：)\s*(.+)$`),
		regexp.MustCompile(`(?i)\b(?:valid|possible|allowed|supported)\s+values?\s*(?:include|includes|are|:|：)\s*(.+)$`),
		regexp.MustCompile(`(?i)\b(?:the\s+)?(?:value|parameter|it)\s+(?:(?:can|may)\s+(?:only\s+)?be(?:\s+set\s+to|\s+one\s+of|\s+either)?|(?:must|should)\s+be\s+(?:one\s+of|either|set\s+to))\s*[:：]?\s+(.+)$`),
		regexp.MustCompile(`(?i)\b(?:the\s+)?value\s+is\s+(?:fixed\s+(?:at|to)|always)\s+(.+)$`),
		regexp.MustCompile(`(?i)\bthis parameter can (?:only )?be set to\s+(.+)$`),
		regexp.MustCompile(`(?:取值|可选值|可取值|枚举值)(?:为|包括|包含|：|:|范围[:：为])\s*(.+)$`),
	}
)

func (p *parser) readInlineEnum(a *acc, m *masker, s string) {
	text := m.s
	if g := reEnumExplicit.FindStringSubmatch(text); g != nil {
		if vs := splitValues(g[1]); vs != nil {
			a.setEnum(vs, 1, s)
			a.add(model.ConstraintEnum, s)
			return
		}
	}
	for _, re := range reEnumStated {
		g := re.FindStringSubmatch(text)
		if g == nil {
			continue
		}
		p.markDefaults(a, g[1], s)
		vs := splitValues(g[1])
		if vs == nil || len(vs) == 1 && notAValue[strings.ToLower(vs[0])] {
			continue
		}
		a.setEnum(vs, 2, s)
		a.add(model.ConstraintEnum, s)
		return
	}
}

// Words that follow "the value can be" without being a value.
var notAValue = map[string]bool{"unique": true, "empty": true, "blank": true, "null": true, "changed": true, "updated": true, "used": true, "left": true, "modified": true, "set": true, "specified": true, "passed": true, "omitted": true, "any": true, "obtained": true, "queried": true, "customized": true, "configured": true, "duplicated": true, "repeated": true, "a": true, "an": true, "the": true, "one": true}

// markDefaults reads "HTTPS (default)" in a list of values.
var reValueDefault = regexp.MustCompile(`(?i)([A-Za-z0-9$][\w.\-/+{}$]*)\**\s*(?:\((?:default|default value)\)|（默认(?:值)?）)`)

func (p *parser) markDefaults(a *acc, text, s string) {
	if g := reValueDefault.FindStringSubmatch(dropBold(text)); g != nil && isToken(g[1]) {
		a.def = strp(g[1])
		a.add(model.ConstraintDefault, s)
	}
}

// entry is one list item: its value (head) and what it says about it.
type entry struct {
	text string // the whole item, cleaned
	head string // the value the item names, "" if none
	rest string // what follows the value
	cell *page.Cell
}

var (
	reHeadColon = regexp.MustCompile(`^\**\s*([^\s:：*]+?)\s*\**\s*(?:类型|方式|模式|算法)?\s*(?:\((?:default|default value)\)|（默认(?:值)?）)?\s*\**\s*[:：]\s*(.*)$`)
	reHeadVerb  = regexp.MustCompile(`(?i)^\**([^\s*]+?)\**\s*(?:\((?:default|default value)\)\s*)?(?:indicates|means|specifies|stands for|represents|表示)\s*(.*)$`)
	reHeadParen = regexp.MustCompile(`^\**([^\s*]+?)\**\s*(\([^()]*\)|（[^（）]*）)\s*[.。]?$`)
	reHeadDash  = regexp.MustCompile(`^\**([^\s*]+?)\**\s+[-–—]\s+(.+)$`)
	reBroken    = regexp.MustCompile(`^[-–•·]\s*([^\s]+)$`)
)

// listEntries reads a list's items, and the paragraphs after it that carry
// on a list the rendering broke ("• hmac" then "-basic", "-public_key").
// It returns the entries and how many following blocks it used.
func (p *parser) listEntries(b *page.Block, after []*page.Block) ([]entry, int) {
	var es []entry
	for _, it := range b.Items {
		if it == nil {
			continue
		}
		// A broken item: "hmac" followed by "-basic" paragraphs inside it.
		var first []*page.Block
		var extra []string
		for i, bl := range it.Blocks {
			if bl == nil {
				continue
			}
			if i > 0 && bl.Kind == page.KindParagraph {
				if g := reBroken.FindStringSubmatch(clean(bl.Text)); g != nil && isToken(g[1]) {
					extra = append(extra, g[1])
					continue
				}
			}
			first = append(first, bl)
		}
		c := &page.Cell{Blocks: first, Links: it.Links}
		es = append(es, makeEntry(c))
		for _, x := range extra {
			es = append(es, entry{text: x, head: x})
		}
	}
	used := 0
	if len(es) > 0 && allHeads(es) {
		for _, bl := range after {
			if bl == nil || bl.Kind != page.KindParagraph {
				break
			}
			g := reBroken.FindStringSubmatch(clean(bl.Text))
			if g == nil || !isToken(g[1]) {
				break
			}
			es = append(es, entry{text: g[1], head: g[1]})
			used++
		}
	}
	return es, used
}

func anyRange(subs []*acc) bool {
	for _, s := range subs {
		if s.min != nil || s.max != nil {
			return true
		}
	}
	return false
}

func allHeads(es []entry) bool {
	for _, e := range es {
		if e.head == "" {
			return false
		}
	}
	return true
}

func makeEntry(c *page.Cell) entry {
	// The first paragraph names the value; nested lists belong to the rest.
	text := clean(c.Text())
	e := entry{text: text, cell: c}
	firstPara := ""
	for _, bl := range c.Blocks {
		if bl != nil && bl.Kind == page.KindParagraph {
			firstPara = bl.Text
			break
		}
	}
	raw := page.NormalizeSpace(firstPara)
	if raw == "" {
		raw = text
	}
	// "hmac -basic -public_key -aes" flattened into one item.
	if parts := strings.Fields(clean(raw)); len(parts) > 1 {
		ok := true
		for i, x := range parts {
			if i > 0 && !(strings.HasPrefix(x, "-") && isToken(x[1:])) || i == 0 && !isToken(x) {
				ok = false
				break
			}
		}
		if ok {
			e.head = parts[0]
			e.rest = "\x00" + strings.Join(parts[1:], " ")
			return e
		}
	}
	if isToken(clean(raw)) {
		e.head = clean(raw)
		return e
	}
	for _, re := range []*regexp.Regexp{reHeadColon, reHeadVerb, reHeadParen, reHeadDash} {
		if g := re.FindStringSubmatch(raw); g != nil {
			h := strings.Trim(dropBold(g[1]), "\"'“”`")
			if isToken(h) {
				e.head = h
				e.rest = clean(g[2])
				if len(c.Blocks) > 1 {
					e.rest = strings.TrimSpace(e.rest + " " + clean(strings.TrimPrefix(text, clean(firstPara))))
				}
				return e
			}
		}
	}
	return e
}

// Intros of a list of values: "Enumeration values:", "Options:", "The value
// can be one of the following:", "枚举值：".
var (
	reIntroExplicit = regexp.MustCompile(`(?i)^(?:enumeration values?|enumerated values?|枚举值|可选值)\s*[:：]$`)
	// "Example value:", "Examples:", "For example:": the items show values,
	// they do not enumerate them (RDS start_time lists 08:15-09:15 and
	// 23:00-00:00 so).
	reIntroExample = regexp.MustCompile(`(?i)^(?:for\s+)?(?:an?\s+)?examples?(?:\s+values?)?\s*[:：]$|^(?:示例|例如)[^：:]*[:：]$`)
	reIntroStated  = regexp.MustCompile(`(?i)\b(?:options?|values?|one of the following|as follows|following values|can be|取值|可选|如下)\b.*[:：]$|(?:取值|可选|如下|包括)[^：:]*[:：]$`)
)

// list reads a list: a list of values (an enumeration), a list of per-value
// rules ("hmac: The value contains 8 to 32 characters..."), or a list of
// sentences.
func (p *parser) list(a *acc, es []entry, intro string) {
	if reEach.MatchString(intro) {
		// "Each parameter name must meet the following requirements:" the
		// items speak of a part of the value.
		for _, e := range es {
			for _, s := range splitSentences(e.text) {
				if constraintLike(s) {
					a.notUnderstood(s)
				}
			}
		}
		return
	}
	if len(es) == 0 {
		if intro != "" && constraintLike(intro) {
			a.notUnderstood(intro)
		}
		return
	}
	if reIntroExample.MatchString(intro) {
		return
	}
	if allHeads(es) {
		// Per-value rules when any item constrains its value's length or
		// characters; else a list of values.
		subs := make([]*acc, len(es))
		anyRule := false
		for i, e := range es {
			sub := &acc{}
			if e.rest != "" && !strings.HasPrefix(e.rest, "\x00") {
				p.paragraph(sub, e.rest)
			}
			subs[i] = sub
			if sub.hasValueRule() {
				anyRule = true
			}
		}
		if anyRange(subs) {
			// "TCP: the value ranges from 1 to 60": per-value ranges, which
			// a rule cannot carry; and no list of values either.
			for i, e := range es {
				if subs[i].min != nil || subs[i].max != nil {
					a.notUnderstood(e.text)
				}
			}
			return
		}
		if anyRule {
			for i, e := range es {
				p.valueRules(a, e, subs[i])
			}
			if intro != "" && constraintLike(intro) && !reIntroStated.MatchString(intro) {
				a.notUnderstood(intro)
			}
			return
		}
		var vals []string
		for i, e := range es {
			vals = append(vals, e.head)
			if strings.HasPrefix(e.rest, "\x00") {
				for _, x := range strings.Fields(e.rest[1:]) {
					vals = append(vals, strings.TrimPrefix(x, "-"))
				}
			}
			if reDefaultMark.MatchString(e.text) && reHeadDefault(e) {
				a.def = strp(e.head)
				a.add(model.ConstraintDefault, e.text)
			}
			if subs[i].def != nil {
				a.def = subs[i].def
				a.add(model.ConstraintDefault, e.text)
			}
		}
		prio := 3
		switch {
		case reIntroExplicit.MatchString(intro):
			prio = 1
		case intro != "" && reIntroStated.MatchString(intro):
			prio = 2
		}
		text := intro
		if text == "" {
			text = strings.Join(vals, ", ")
		}
		if len(p.typedEnum(vals)) > 0 || p.typ == model.TypeBoolean {
			a.setEnum(vals, prio, text)
			a.add(model.ConstraintEnum, text)
		} else if intro != "" && constraintLike(intro) {
			a.notUnderstood(intro)
		}
		return
	}
	// A list of sentences: each item is prose of the value.
	if intro != "" && constraintLike(intro) {
		a.notUnderstood(intro)
	}
	for _, e := range es {
		if e.cell != nil {
			p.blocks(a, e.cell.Blocks)
		}
	}
}

// reHeadDefault tells whether the "(default)" mark is on the item's value,
// not somewhere in its prose.
func reHeadDefault(e entry) bool {
	i := strings.Index(e.text, e.head)
	if i < 0 {
		return false
	}
	after := strings.TrimLeft(e.text[i+len(e.head):], " *")
	return reDefaultMark.FindStringIndex(after) != nil && reDefaultMark.FindStringIndex(after)[0] == 0
}

// valueRules turns one item of a per-value list into rules: "aes: ... 16
// characters if the aes-128-cfb algorithm is used, or 32 ..." gives one rule
// per case.
func (p *parser) valueRules(a *acc, e entry, sub *acc) {
	for _, c := range sub.cons {
		a.add(c.Kind, c.Text)
	}
	for _, s := range sub.notU {
		a.notUnderstood(s)
	}
	if !sub.hasValueRule() {
		return
	}
	pat := sub.pattern()
	when := func(extra string) []*model.Condition {
		w := []*model.Condition{{Equals: e.head}}
		if extra != "" {
			w = append(w, &model.Condition{Equals: extra})
		}
		return w
	}
	if len(sub.condLens) > 0 {
		for _, c := range sub.condLens {
			a.rules = append(a.rules, &model.Rule{When: when(c.equals), MinLength: i64(c.n), MaxLength: i64(c.n), Pattern: pat, Text: e.text})
		}
		return
	}
	a.rules = append(a.rules, &model.Rule{When: when(""), MinLength: sub.minLen, MaxLength: sub.maxLen, Pattern: pat, Text: e.text})
}

// Values paired with their meanings in one sentence: "AGENT: ECS access;
// K8S_CCE: CCE access" (LTS), "system indicates the system time, whereas
// wildcard indicates the time wildcard". Every part must name a value, and
// there must be two at least; label words ("Note: ...; Example: ...") are
// no values.
var (
	reSplitPairs = regexp.MustCompile(`\s*[;；]\s*|,?\s+whereas\s+|,\s+and\s+|,\s+while\s+`)
	rePairColon  = regexp.MustCompile(`^\**([^\s:：*]+)\**\s*[:：]\s*\S`)
	rePairVerb   = regexp.MustCompile(`(?i)^\**([^\s*]+?)\**\s+(?:indicates|means|stands for|represents)\s+\S`)
)

var reTakenBack = regexp.MustCompile(`(?i)\bcannot be\b|\bcan't be\b|\bunsupported\b|\bnot supported\b|\bmust not be\b`)

var pairLabels = map[string]bool{"note": true, "notes": true, "example": true, "examples": true, "default": true, "range": true, "constraints": true, "constraint": true, "unit": true, "format": true, "value": true, "values": true, "type": true, "definition": true, "description": true, "remarks": true, "caution": true, "warning": true}

// pairedEnum reads paired values in a paragraph's sentences from the k-th
// on: the sentence split cuts "AGENT: ...; K8S_CCE: ..." at the semicolon.
// An enumeration another rule read first is kept, and a cell that takes
// values back ("4 indicates IPv4, and 6 indicates IPv6. IPv6 is
// unsupported. The value cannot be 6.") gives none: which remain is not
// the pairing's to guess.
func (p *parser) pairedEnum(a *acc, sentences []string) {
	if p.takenBack || p.typ == model.TypeBoolean {
		return // a boolean's "true indicates ..., and false ..." is no enumeration
	}
	for k := range sentences {
		text := strings.Join(sentences[k:], " ")
		if vs := pairedValues(text); vs != nil {
			if a.enum == nil {
				a.setEnum(vs, 2, text)
				a.add(model.ConstraintEnum, text)
			}
			return
		}
	}
}

func pairedValues(s string) []string {
	s = strings.TrimRight(strings.TrimSpace(s), ".。")
	// The first part must name a value, and rePairColon and rePairVerb
	// read only the start of a text (nothing after what they match): a
	// text whose start names none has no first part that does, and is not
	// split.
	if !rePairColon.MatchString(s) && !rePairVerb.MatchString(s) {
		return nil
	}
	parts := reSplitPairs.Split(s, -1)
	if len(parts) < 2 {
		return nil
	}
	var out []string
	for _, part := range parts {
		g := rePairColon.FindStringSubmatch(part)
		if g == nil {
			g = rePairVerb.FindStringSubmatch(part)
		}
		if g == nil {
			return nil
		}
		v := strings.Trim(g[1], "\"'“”`")
		if !isToken(v) || pairLabels[strings.ToLower(v)] || slices.Contains(out, v) {
			return nil
		}
		out = append(out, v)
	}
	return out
}
