package prose

import (
	"sort"
	"strings"
	"unicode/utf8"

	regexp "github.com/docspec/docspec/scraper/internal/fastre"
)

// charSet is a set of allowed characters: named classes and literal symbols
// in the order the page gives them.
type charSet struct {
	upper, lower, digit, han bool
	syms                     []rune
}

func (c *charSet) addSym(r rune) {
	for _, x := range c.syms {
		if x == r {
			return
		}
	}
	c.syms = append(c.syms, r)
}

func (c *charSet) merge(o *charSet) {
	if o == nil {
		return
	}
	c.upper = c.upper || o.upper
	c.lower = c.lower || o.lower
	c.digit = c.digit || o.digit
	c.han = c.han || o.han
	for _, r := range o.syms {
		c.addSym(r)
	}
}

func (c *charSet) empty() bool {
	return c == nil || (!c.upper && !c.lower && !c.digit && !c.han && len(c.syms) == 0)
}

// class renders the set as an RE2 bracket expression.
func (c *charSet) class() string {
	if !c.upper && !c.lower && !c.digit && !c.han && len(c.syms) == 1 {
		return regexp.QuoteMeta(string(c.syms[0]))
	}
	var b strings.Builder
	b.WriteString("[")
	if c.upper {
		b.WriteString("A-Z")
	}
	if c.lower {
		b.WriteString("a-z")
	}
	if c.digit {
		b.WriteString("0-9")
	}
	if c.han {
		// The CJK Unified Ideographs block as literal characters: OpenAPI
		// patterns are read by Go's RE2 and by JavaScript, and \p{Han}
		// means nothing to a JavaScript regexp without the u flag.
		b.WriteString("一-龥")
	}
	for _, r := range c.syms {
		switch r {
		case '\\', ']', '[', '^', '-':
			b.WriteRune('\\')
			b.WriteRune(r)
		case ' ':
			b.WriteString(" ")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString("]")
	return b.String()
}

// Names of characters as the pages write them, singular or plural. Order
// matters where one name contains another ("uppercase letters" before
// "letters").
var charNames = []struct {
	re  *regexp.Regexp
	set func(c *charSet)
}{
	{regexp.MustCompile(`(?i)\b(?:upper-?case|capital)(?: english)? letters?\b|大写字母|大写英文字母`), func(c *charSet) { c.upper = true }},
	{regexp.MustCompile(`(?i)\blower-?case(?: english)? letters?\b|小写字母|小写英文字母`), func(c *charSet) { c.lower = true }},
	{regexp.MustCompile(`(?i)\bchinese characters?\b|汉字|中文`), func(c *charSet) { c.han = true }},
	{regexp.MustCompile(`(?i)\b(?:english )?letters?\b|英文字母|英文|字母`), func(c *charSet) { c.upper, c.lower = true, true }},
	{regexp.MustCompile(`(?i)\b(?:digits?|numerals?|numbers?)\b|数字`), func(c *charSet) { c.digit = true }},
	{regexp.MustCompile(`(?i)\bunderscores?\b|下划线`), sym('_')},
	{regexp.MustCompile(`(?i)\b(?:hyphens?|dash(?:es)?|minus signs?|hyphen-minus)\b|中划线|中横线|连字符|短横线|横线`), sym('-')},
	{regexp.MustCompile(`(?i)\b(?:periods?|dots?|full stops?)\b|英文句号|句号|句点|点号|小数点`), sym('.')},
	{regexp.MustCompile(`(?i)\bspaces?\b|空格`), sym(' ')},
	{regexp.MustCompile(`(?i)\bback-?slash(?:es)?\b|反斜杠`), sym('\\')},
	{regexp.MustCompile(`(?i)\b(?:forward )?slash(?:es)?\b|正斜杠|斜杠`), sym('/')},
	{regexp.MustCompile(`(?i)\bplus(?: signs?)?\b|加号`), sym('+')},
	{regexp.MustCompile(`(?i)\bat(?: signs?| symbols?)\b`), sym('@')},
	{regexp.MustCompile(`(?i)\b(?:number|pound|hash) signs?\b|\bhash(?:es)?\b|井号`), sym('#')},
	{regexp.MustCompile(`(?i)\bexclamation (?:points?|marks?)\b|感叹号`), sym('!')},
	{regexp.MustCompile(`(?i)\basterisks?\b|星号`), sym('*')},
	{regexp.MustCompile(`(?i)\bsemicolons?\b|分号`), sym(';')},
	{regexp.MustCompile(`(?i)\bcolons?\b|冒号`), sym(':')},
	{regexp.MustCompile(`(?i)\bequal(?:s)? signs?\b|等号`), sym('=')},
	{regexp.MustCompile(`(?i)\bpercent(?:age)? signs?\b|百分号`), sym('%')},
	{regexp.MustCompile(`(?i)\bdollar signs?\b|美元符`), sym('$')},
	{regexp.MustCompile(`(?i)\bampersands?\b`), sym('&')},
	{regexp.MustCompile(`(?i)\bcommas?\b|逗号`), sym(',')},
	{regexp.MustCompile(`(?i)\btildes?\b`), sym('~')},
	{regexp.MustCompile(`(?i)\bcarets?\b`), sym('^')},
	{regexp.MustCompile(`(?i)\b(?:vertical bars?|pipes?)\b|竖线`), sym('|')},
	{regexp.MustCompile(`(?i)\bquestion marks?\b|问号`), sym('?')},
	{regexp.MustCompile(`(?i)\bapostrophes?\b|\bsingle quot(?:es|ation marks?)\b`), sym('\'')},
	{regexp.MustCompile(`(?i)\b(?:double )?quotation marks?\b|\bdouble quotes?\b`), sym('"')},
	{regexp.MustCompile(`(?i)\bparenthes[ie]s\b|圆括号|小括号`), syms("()")},
	{regexp.MustCompile(`(?i)\bsquare brackets?\b|方括号|中括号`), syms("[]")},
	{regexp.MustCompile(`(?i)\b(?:curly )?braces?\b|花括号|大括号`), syms("{}")},
	{regexp.MustCompile(`(?i)\bangle brackets?\b`), syms("<>")},
}

func sym(r rune) func(c *charSet) { return func(c *charSet) { c.addSym(r) } }
func syms(s string) func(c *charSet) {
	return func(c *charSet) {
		for _, r := range s {
			c.addSym(r)
		}
	}
}

// A run of symbols in parentheses, "(_-!@#$%)" or "(-_./():)".
var reParenSyms = regexp.MustCompile(`[(（]([^\sA-Za-z0-9\p{Han}]+)[)）]`)

// Symbols listed after "special characters", with or without a colon:
// "special characters _~';@^-%#&$.*+?,=!:|/()[]{}".
var reListedSyms = regexp.MustCompile(`(?i)(?:special characters|following (?:special )?characters|these (?:special )?characters|特殊字符)(?:\s+are allowed)?\s*(?:such as|include|including|包括|包含)?\s*[:：]?\s*([^\sA-Za-z0-9\p{Han}]+(?: [^\sA-Za-z0-9\p{Han}]+)*)`)

var (
	reListSep = regexp.MustCompile(`\s*(?:[，、,；;]|\band\b|\bor\b|和|或|及)\s*`)
	reBareSym = regexp.MustCompile(`^[^\sA-Za-z0-9\p{Han}()（）.。,，;；:：]+$`)
)

// readChars reads the characters a clause names, symbols in the order the
// clause gives them. It returns nil when it names none.
func readChars(s string) *charSet {
	type hit struct {
		pos int
		set func(c *charSet)
	}
	var hits []hit
	rest := s
	blank := func(i, j int) { rest = rest[:i] + strings.Repeat(" ", j-i) + rest[j:] }
	// Literal symbols first, so that parentheses inside a listed run survive
	// and "(-)" after "hyphens" is read once.
	for _, m := range reListedSyms.FindAllStringSubmatchIndex(rest, -1) {
		run := rest[m[2]:m[3]]
		if strings.Trim(run, ",.;:)，。；：") == "" {
			continue
		}
		if strings.TrimSpace(rest[m[3]:]) == "" {
			run = strings.TrimRight(run, ".。")
		}
		if strings.HasPrefix(run, "(") && strings.HasSuffix(run, ")") && len(run) > 2 {
			run = run[1 : len(run)-1]
		}
		hits = append(hits, hit{m[2], syms(run)})
		blank(m[0], m[1])
	}
	for _, m := range reParenSyms.FindAllStringSubmatchIndex(rest, -1) {
		hits = append(hits, hit{m[2], syms(rest[m[2]:m[3]])})
		blank(m[0], m[1])
	}
	for _, n := range charNames {
		for _, m := range n.re.FindAllStringIndex(rest, -1) {
			hits = append(hits, hit{m[0], n.set})
			blank(m[0], m[1])
		}
	}
	// Bare symbols in a list: "下划线，+，/，=" or "_, -, and .".
	pos := 0
	for _, piece := range reListSep.Split(rest, -1) {
		at := strings.Index(rest[pos:], piece) + pos
		if t := strings.TrimSpace(piece); t != "" && utf8.RuneCountInString(t) <= 2 && reBareSym.MatchString(t) {
			hits = append(hits, hit{at, syms(t)})
		}
		pos = at + len(piece)
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].pos < hits[j].pos })
	c := &charSet{}
	for _, h := range hits {
		h.set(c)
	}
	if c.empty() {
		return nil
	}
	return c
}
