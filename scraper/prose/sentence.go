package prose

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docspec/docspec/model"
	regexp "github.com/docspec/docspec/scraper/internal/fastre"
)

// splitSentences splits prose at sentence ends: ". " and the like, Chinese
// full stops and semicolons, and "word.Word" where a renderer lost the space.
func splitSentences(t string) []string {
	var out []string
	rs := []rune(t)
	start := 0
	emit := func(end int) {
		if s := strings.TrimSpace(string(rs[start:end])); s != "" {
			out = append(out, s)
		}
		start = end
	}
	depth := 0
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch r {
		case '(', '（':
			depth++
		case ')', '）':
			if depth > 0 {
				depth--
			}
		case '。', '；', '！', '？':
			emit(i + 1)
			depth = 0
		case '.', '!', '?', ';':
			if depth > 0 {
				continue
			}
			if i+1 == len(rs) {
				continue
			}
			next := rs[i+1]
			if next == ' ' {
				if r == '.' && abbrev(rs[start:i]) {
					continue
				}
				emit(i + 1)
				continue
			}
			// "specifications.Environment": a lost space.
			if r == '.' && unicode.IsUpper(next) && i > 0 && unicode.IsLower(rs[i-1]) && i+2 < len(rs) && unicode.IsLower(rs[i+2]) {
				emit(i + 1)
			}
		}
	}
	emit(len(rs))
	return out
}

func abbrev(before []rune) bool {
	s := strings.ToLower(string(before))
	for _, a := range []string{"e.g", "i.e", "etc", "vs", "approx", "no"} {
		if strings.HasSuffix(s, " "+a) || s == a {
			return true
		}
	}
	return false
}

// constraintLike tells whether a sentence sounds like it constrains a
// value: the sentences a rule should have read.
var reConstraintLike = regexp.MustCompile(`(?i)\b(?:minimum|maximum|min|max)\s*[:：]|\bcharacters?\b|\blength\b|\bvalue range\b|\branges?\s+(?:is\s+)?from\b|\brange\s*[:：]|\bdefault(?:s to| value)\b|\bby default\b|\bdefault\s*[:：]|\(default\)|\benumerat|\b(?:start|begin|end)(?:s|ing)? with\b|\b(?:are|is) (?:not )?allowed\b|\ballowed\s*[:：]|\boptions?\s*(?:[:：]|include)|\bvalues? (?:can|may) (?:only )?be\b|\bvalues? must be (?:one of|either)\b|\bat (?:most|least) \d|\bup to \d|\b(?:maximum|minimum) (?:of|value|length)\b|\bbetween -?\d|\bexceed|\b(?:UTC|ISO ?8601)\b|长度|取值|默认|缺省|范围|字符|枚举|开头|结尾|不超过|最大|最小|格式`)

func constraintLike(s string) bool {
	return mayBeConstraintLike(s) && reConstraintLike.MatchString(s) && !reLabel.MatchString(s) && !reNounLabel.MatchString(s)
}

// constraintWords holds a word of every alternative of reConstraintLike,
// lower case: a sentence with none of them cannot match, and most
// sentences are ruled out by a few substring searches instead of the
// expression tried at every position.
var constraintWords = []string{"min", "max", "character", "length", "range", "default", "enumerat", "with", "allowed",
	"option", "value", "most", "least", "up to", "between", "exceed", "utc", "iso",
	"长度", "取值", "默认", "缺省", "范围", "字符", "枚举", "开头", "结尾", "不超过", "最大", "最小", "格式"}

// mayBeConstraintLike is false only when s holds none of constraintWords.
// Two runes fold, under (?i), onto ASCII letters that ToLower leaves
// apart (ſ onto s, the Kelvin sign onto k): a sentence with either goes to
// the expression.
func mayBeConstraintLike(s string) bool {
	if strings.ContainsAny(s, "\u017f\u212a") {
		return true
	}
	l := strings.ToLower(s)
	for _, w := range constraintWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// "Length of the returned resource list." names what a field holds (a
// field called length or size); it states no bound.
var reNounLabel = regexp.MustCompile(`(?i)^(?:the\s+)?(?:length|number|size|count|total)\s+of\s+[^0-9,;:]*\.?$`)

// A definition: "A common domain name consists of ...", "An IPv6 address is ...".
var reDefinition = regexp.MustCompile(`(?i)^(?:a|an)\s+(?:[a-z0-9-]+\s+){0,4}(?:is|are|consists?\s+of)\s`)

// A label like "Default value." (the description of a field so named) says
// nothing about the value.
var reLabel = regexp.MustCompile(`(?i)^[a-z]+(?:\s+[a-z]+)?\.?$`)

// "If this parameter is not passed, the default value is true": the case of
// absence is where defaults live; the rest is read as a plain sentence.
var reIfAbsent = regexp.MustCompile(`(?i)^(?:if|when)\s+(?:this\s+parameter|the\s+parameter|it|the\s+value|this\s+field)\s+is\s+(?:not\s+(?:passed|specified|set|provided|transferred|configured|carried)|left\s+(?:blank|empty)|omitted|empty|blank)\s*,\s*`)

const num = `(-?\d+(?:,\d{3})*(?:\.\d+)?)`

func parseNum(s string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	return f, err == nil
}

func parseInt(s string) (int64, bool) {
	f, ok := parseNum(s)
	if !ok || f != float64(int64(f)) || f < 0 || f > 1<<53 {
		return 0, false
	}
	return int64(f), true
}

// masker holds a sentence whose matched parts are blanked out, so that a
// later, looser rule does not read them again.
type masker struct{ s string }

// find returns the groups of every match of re, and blanks the matches
// out. The matches blanked are those found: ReplaceAllStringFunc would
// find the same again.
func (m *masker) find(re *regexp.Regexp) [][]string {
	all := re.FindAllStringSubmatchIndex(m.s, -1)
	if all == nil {
		return nil
	}
	out := make([][]string, len(all))
	var b strings.Builder
	b.Grow(len(m.s))
	last := 0
	for i, ix := range all {
		g := make([]string, len(ix)/2)
		for k := range g {
			if ix[2*k] >= 0 {
				g[k] = m.s[ix[2*k]:ix[2*k+1]]
			}
		}
		out[i] = g
		b.WriteString(m.s[last:ix[0]])
		for range ix[1] - ix[0] {
			b.WriteByte('\x01')
		}
		last = ix[1]
	}
	b.WriteString(m.s[last:])
	m.s = b.String()
	return out
}

// Length statements.
var (
	reLenRange = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\bbetween\s+` + num + `\s+and\s+` + num + `\s+(?:[a-z-]+\s+)?(?:characters|chars|bytes)\b`),
		regexp.MustCompile(`(?i)` + num + `\s*(?:to|-|–|—|~|～)\s*` + num + `\s+(?:[a-z-]+\s+)?(?:characters|chars|bytes)\b`),
		regexp.MustCompile(`(?i)\blength\s*(?:is|of|:|：)?\s*(?:from\s+)?` + num + `\s*(?:to|-|–|—|~|～)\s*` + num + `\b`),
		regexp.MustCompile(`长度(?:范围)?(?:为|是|在|：|:)?\s*[\[［(（]?\s*` + num + `\s*(?:-|–|—|~|～|至|到|,|，)\s*` + num + `\s*[\]］)）]?\s*(?:个)?(?:字符|字节|位)?`),
		regexp.MustCompile(num + `\s*(?:-|–|—|~|～|至|到)\s*` + num + `\s*(?:个)?(?:字符|字节|位)`),
	}
	reLenMax = []*regexp.Regexp{
		regexp.MustCompile(`(?i)(?:\ba maximum of|\bmaximum of|\bmax\.|\bup to|at most|not more than|no more than|(?:cannot|can't|must not|does not|do not|not|should not) exceed|not longer than|no longer than|a max of)\s*` + num + `\s+(?:[a-z-]+\s+)?(?:characters|chars|bytes)\b`),
		regexp.MustCompile(`(?i)\bmax(?:imum)?\.? length\s*(?:is|of|:|：)?\s*` + num + `\b`),
		regexp.MustCompile(`(?:最大长度|长度最大|最长)(?:为|是|：|:)?\s*` + num),
		regexp.MustCompile(`(?:长度)?(?:不超过|不能超过|不可超过|不大于|小于等于|最多|至多|最大)\s*` + num + `\s*(?:个)?(?:字符|字节|位)`),
	}
	reLenMin = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(?:a minimum of|minimum of|at least|not less than|no less than|no fewer than|not fewer than)\s*` + num + `\s+(?:[a-z-]+\s+)?(?:characters|chars|bytes)\b`),
		regexp.MustCompile(`(?i)\bmin(?:imum)?\.? length\s*(?:is|of|:|：)?\s*` + num + `\b`),
		regexp.MustCompile(`(?:最小长度|长度最小|最短)(?:为|是|：|:)?\s*` + num),
		regexp.MustCompile(`(?:长度)?(?:不少于|不能少于|不小于|大于等于|至少|最少)\s*` + num + `\s*(?:个)?(?:字符|字节|位)`),
	}
	reLenExact = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(?:contains?|consists? of|be|is|has|have|of|with|exactly|enter)\s+(?:exactly\s+)?` + num + `\s+(?:[a-z-]+\s+)?(?:characters|chars|bytes)\b`),
		regexp.MustCompile(`(?i)\b` + num + `-(?:character|char|byte)\b`),
		regexp.MustCompile(`(?i)^(?:\(\s*)?` + num + `\s+characters?\s*\)?\.?$`),
		regexp.MustCompile(`长度(?:为|是|固定为)\s*` + num + `\s*(?:个)?(?:字符|字节|位)`),
	}
	// "Minimum: 3" / "最小值：1": a bound, length or range by type.
	reMinColon    = regexp.MustCompile(`(?i)\b(?:minimum|min)(?: value)?\s*[:：]\s*` + num)
	reMaxColon    = regexp.MustCompile(`(?i)\b(?:maximum|max)(?: value)?\s*[:：]\s*` + num)
	reMinValue    = regexp.MustCompile(`(?:最小值)(?:为|是|：|:)?\s*` + num)
	reMaxValue    = regexp.MustCompile(`(?:最大值)(?:为|是|：|:)?\s*` + num)
	reCondLen     = regexp.MustCompile(`(?i)` + num + `\s+characters?\s+(?:if|when)\s+(?:the\s+)?([A-Za-z0-9][\w.\-]*)\s+(?:[a-z]+\s+){0,2}(?:is|are)\s+(?:used|selected|specified|set|chosen)`)
	reArrayLength = regexp.MustCompile(`(?i)(?:array length|数组长度)\s*[:：]?\s*` + num + `\s*(?:-|–|~|～|to)\s*` + num)
)

// Range statements.
var (
	reRange = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\branges?\s+(?:is\s+)?from\s+` + num + `\s+(?:to|-|–|~)\s+` + num + `\b`),
		regexp.MustCompile(`(?i)\b(?:value\s+)?range\s*(?:is|:|：)?\s*(?:from\s+)?[\[(]?\s*` + num + `\s*(?:to|-|–|—|~|～|,)\s*` + num + `\s*[\])]?`),
		regexp.MustCompile(`(?i)\b(?:value|it|integer|number)\b[^.]*?\b(?:between|from)\s+` + num + `\s+(?:and|to)\s+` + num + `\b`),
		regexp.MustCompile(`取值范围(?:为|是|：|:|在)?\s*[\[［(（]?\s*` + num + `\s*(?:-|–|—|~|～|至|到|,|，)\s*` + num + `\s*[\]］)）]?`),
		regexp.MustCompile(`(?:取值|值)(?:为|在|：|:)\s*` + num + `\s*(?:-|–|—|~|～|至|到)\s*` + num),
		regexp.MustCompile(num + `\s*(?:-|–|—|~|～|至|到)\s*` + num + `\s*(?:之间)?的?(?:整数|数字)`),
	}
	reMaxVal = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(?:the\s+)?maximum(?:\s+value)?\s+is\s+` + num + `\b`),
		regexp.MustCompile(`(?i)\b(?:must|should)\s+be\s+(?:less|smaller)\s+than\s+or\s+equal\s+to\s+` + num + `\b`),
		regexp.MustCompile(`(?i)\b(?:cannot|can't|must not|should not)\s+(?:be\s+)?(?:greater|larger|more|higher)\s+than\s+` + num + `\b`),
		regexp.MustCompile(`(?i)\b(?:cannot|can't|must not|should not)\s+exceed\s+` + num + `\b`),
		regexp.MustCompile(`(?:不超过|不能超过|不大于|小于等于|最大为)\s*` + num),
	}
	reMinVal = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(?:the\s+)?minimum(?:\s+value)?\s+is\s+` + num + `\b`),
		regexp.MustCompile(`(?i)\b(?:must|should)\s+be\s+(?:greater|larger)\s+than\s+or\s+equal\s+to\s+` + num + `\b`),
		regexp.MustCompile(`(?i)\b(?:cannot|can't|must not|should not)\s+(?:be\s+)?(?:less|smaller|lower)\s+than\s+` + num + `\b`),
		regexp.MustCompile(`(?:不小于|不能小于|不低于|大于等于|最小为)\s*` + num),
	}
	reMaxItems = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(?:a maximum of|up to|at most|not more than|no more than)\s+` + num + `\s+[a-z]`),
		regexp.MustCompile(`(?i)\b(?:list|array) can contain (?:a maximum of |up to |at most )?` + num + `\b`),
		regexp.MustCompile(`(?:最多|至多|不超过)\s*` + num + `\s*(?:个|项|条)`),
	}
	reMinItems = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(?:a minimum of|at least)\s+` + num + `\s+[a-z]`),
		regexp.MustCompile(`(?:至少|最少)\s*` + num + `\s*(?:个|项|条)`),
	}
)

// Defaults.
var (
	reDefault = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\bdefault(?:\s+value)?\s*[:：]\s*(.+?)\s*$`),
		regexp.MustCompile(`(?i)\bthe\s+default(?:\s+value)?(?:\s+of\s+this\s+parameter)?\s+is\s+(\S+?)[.,;]?(?:\s|$)`),
		regexp.MustCompile(`(?i)\bdefaults?\s+to\s+(\S+?)[.,;]?(?:\s|$)`),
		regexp.MustCompile(`(?i)^by\s+default,\s+the\s+value\s+is\s+(\S+?)[.,;]?(?:\s|$)`),
		regexp.MustCompile(`(?:默认值|缺省值|默认取值|默认)(?:为|是|：|:)\s*([^\s，。；,;]+)`),
	}
	// Defaults that state no literal: understood, nothing recorded.
	reNoDefault   = regexp.MustCompile(`(?i)\b(?:by default, (?:no|there is no|none|it is (?:empty|blank|not))|(?:is|are) (?:left )?(?:blank|empty|null) by default|no default|default(?: value)? is (?:empty|null|blank|none))|默认(?:值)?(?:为|是)?空|默认不`)
	reDefaultAny  = regexp.MustCompile(`(?i)\bdefault|默认|缺省`)
	reDefaultMark = regexp.MustCompile(`(?i)\((?:default|default value)\)|（默认(?:值)?）`)
)

// Formats: only date-time is read; others are left alone. A sentence
// makes a value a date-time only when it states a format with a date and a
// time (yyyy-MM-ddTHH:mm, a timestamp written so, ISO 8601, RFC 3339):
// "UTC" alone names a time zone, not a format — RDS "setting an automated
// backup policy" start_time is "hh:mm-HH:MM" and "in the UTC format".
var reDateTime = regexp.MustCompile(`(?i)\bISO[ -]?8601\b|yyyy-MM-dd'?T'?HH:mm|\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\bRFC ?3339\b`)
var reZone = regexp.MustCompile(`(?i)\bUTC\b|\bGMT\b`)
var reNotDateTime = regexp.MustCompile(`(?i)yyyy-MM-dd HH|\bmilliseconds?\b|\bunix\b|毫秒|时间戳`)
var reTimeWord = regexp.MustCompile(`(?i)\btime|date|timestamp|format|时间|日期|格式`)

// Conditional sentences speak of a case, not of the value at large.
var reConditional = regexp.MustCompile(`(?i)^(?:if|when|for|in case|where|unless)\b|^(?:如果|若|当)`)

// "If type is set to PATH, ..." names the field and the value.
var reIfSet = regexp.MustCompile(`(?i)^(?:if|when)\s+(?:the\s+)?([A-Za-z_][\w.]*)\s+(?:is\s+set\s+to|is|=)\s+(.+?),\s+(.+)$`)
var reIfMore = regexp.MustCompile(`(?i)^(.+?)\s+and\s+(?:the\s+)?([A-Za-z_][\w.]*)\s+(?:is\s+set\s+)?to\s+(.+)$`)

const maxSentence = 2000

// sentence reads one sentence into the scope.
func (p *parser) sentence(a *acc, s string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	if len(s) > maxSentence {
		// No page writes such a sentence; reading it would only cost time.
		if constraintLike(s) {
			a.notUnderstood(s)
		}
		return
	}
	if loc := reIfAbsent.FindStringIndex(s); loc != nil && reDefaultAny.MatchString(s[loc[1]:]) {
		if !p.read(a, s[loc[1]:]) && constraintLike(s) {
			a.notUnderstood(s)
		}
		return
	}
	if reDefinition.MatchString(s) {
		// "A wildcard domain name is a domain name starts with an asterisk":
		// a definition tells what one kind of value looks like, so its
		// characters are no rule for the field; a bound it states is ("A
		// backend service address consists of ..., with not more than 255
		// characters").
		before := a.hits
		if strings.ContainsAny(s, "0123456789") {
			p.readNumbers(a, &masker{s: s}, s)
		}
		if a.hits == before && constraintLike(s) {
			a.notUnderstood(s)
		}
		return
	}
	if reConditional.MatchString(s) {
		if p.conditional(a, s) {
			return
		}
		if constraintLike(s) {
			a.notUnderstood(s)
		}
		return
	}
	if !p.read(a, s) && constraintLike(s) {
		a.notUnderstood(s)
	}
}

// read applies every rule to a sentence and reports whether any applied.
func (p *parser) read(a *acc, s string) bool {
	m := &masker{s: s}
	before := a.hits

	// Defaults first: "(default)" marks and "the default value is X" would
	// otherwise read as values or lengths.
	p.readDefault(a, m, s)

	// Every length, range and count statement has a number in it.
	if strings.ContainsAny(s, "0123456789") {
		p.readNumbers(a, m, s)
	}
	p.readChars(a, m, s)
	p.readInlineEnum(a, m, s)
	switch {
	case reDateTime.MatchString(s) && reTimeWord.MatchString(s) && !reNotDateTime.MatchString(s):
		a.format = "date-time"
		a.add(model.ConstraintFormat, s)
	case reZone.MatchString(s) && reTimeWord.MatchString(s) && !reNotDateTime.MatchString(s):
		// "The current time is in the UTC format.": the zone of a time,
		// which no schema keyword states; understood, nothing recorded.
		a.hits++
	}
	return a.hits > before
}

// bound reads "Minimum: N" / "Maximum: N": bounds of a number, lengths of
// a string (and of an array's string items: the pages' generator states the
// items' lengths so), with no type a length.
func (p *parser) bound(a *acc, n string, isMin bool, s string) {
	switch p.typ {
	case model.TypeInteger, model.TypeNumber:
		f, ok := parseNum(n)
		if !ok {
			return
		}
		if isMin {
			a.min = f64(f)
		} else {
			a.max = f64(f)
		}
		a.add(model.ConstraintRange, s)
	default:
		v, ok := parseInt(n)
		if !ok {
			return
		}
		if isMin {
			a.minLen = i64(v)
		} else {
			a.maxLen = i64(v)
		}
		a.add(model.ConstraintLength, s)
	}
}

func (p *parser) readDefault(a *acc, m *masker, s string) {
	if len(m.find(reNoDefault)) > 0 {
		a.hits++
		return
	}
	for i, re := range reDefault {
		for _, g := range m.find(re) {
			if v, ok := literal(g[1]); ok {
				a.def = strp(v)
				a.add(model.ConstraintDefault, s)
			} else if i == 0 {
				// "Default: None", "Default: Automatically generated":
				// read, and no literal to record.
				a.hits++
			}
		}
	}
}

// literal reads a stated value: a token, a number, or a quoted string.
func literal(v string) (string, bool) {
	v = strings.TrimSpace(v)
	v = strings.TrimRight(v, ".。,，;；")
	if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
		inner := v[1 : len(v)-1]
		if !strings.ContainsAny(inner, "\"'") && utf8.RuneCountInString(inner) <= 64 {
			return inner, true
		}
		return "", false
	}
	if strings.HasPrefix(v, "“") && strings.HasSuffix(v, "”") {
		return strings.TrimSuffix(strings.TrimPrefix(v, "“"), "”"), true
	}
	if strings.EqualFold(v, "none") || strings.EqualFold(v, "null") || strings.EqualFold(v, "empty") || v == "空" || v == "无" {
		return "", false
	}
	if !isToken(v) && v != "/" {
		return "", false
	}
	return v, true
}

// reStart finds "must start with a letter or digit" and its Chinese form;
// the clause runs to the end of what it names.
var (
	reStart       = regexp.MustCompile(`(?i)(?:^|[\s,，(])(?:(?:must|should|can only|only|and|it|to)\s+)?(?:start|begin)(?:s|ing)?(?:\s+and\s+end(?:s|ing)?)?\s+with\s+(.+?)(?:$|[.;](?:\s|$)|\s+and\s+(?:can|must|may|only|contain|consist|use|include|end|containing|is|are|cannot)\b|,\s*(?:and\s+)?(?:can|must|may|only|use|containing|contain|consisting|including|include|which|it|the|and)\b|\s*\((?:\d|[A-Za-z]))`)
	reEnd         = regexp.MustCompile(`(?i)(?:^|[\s,，(])(?:(?:must|should|can only|only|and|it|to)\s+)?end(?:s|ing)?\s+with\s+(.+?)(?:$|[.;](?:\s|$)|\s+and\s+(?:can|must|may|only|contain|consist|use|include|start)\b|,\s*(?:and\s+)?(?:can|must|may|only|use|containing|contain|including|which|it|the)\b)`)
	reStartZh     = regexp.MustCompile(`以([^以]+?)(?:开头|开始|打头)`)
	reEndZh       = regexp.MustCompile(`以([^以]+?)结尾`)
	reNegZh       = regexp.MustCompile(`(?:不能|不可|不得|禁止|不允许|不要)\s*$`)
	reNegStart    = regexp.MustCompile(`(?i)\b(?:cannot|can't|must not|should not|not)\s+(?:start|begin|end)`)
	reStartAndEnd = regexp.MustCompile(`(?i)(?:start|begin)(?:s|ing)?\s+and\s+end`)
	reCharsVerb   = regexp.MustCompile(`(?i)\b(?:contain|contains|containing|allowed|include|includes|including|consist|consists|consisting|use|only|supported|permitted|valid characters|composed)\b|支持|允许|可以包含|只能包含|可包含|包含|包括|由|组成|可以是|只能是`)
	reCharsBase   = regexp.MustCompile(`(?i)\b(?:letters|digits|numbers|chinese characters)\b|汉字|中文|英文|字母|数字`)
	reSpecialIncl = regexp.MustCompile(`(?i)^(?:the\s+)?special characters\s+(?:include|are|can be)\b|^特殊字符(?:包括|包含|为|：|:)`)
	reVague       = regexp.MustCompile(`(?i)\bsuch as\b|\bfor example\b|\be\.g\.|例如|比如`)
	reNegChars    = regexp.MustCompile(`(?i)\b(?:cannot|can't|must not|not allowed|are not|is not|excluding|except)\b|不能包含|不允许|不支持|除外`)
)

// readChars reads character statements: the allowed set, the first and the
// last character.
func (p *parser) readChars(a *acc, m *masker, s string) {
	if reNegStart.MatchString(s) {
		return
	}
	rest := m.s
	read := false
	both := reStartAndEnd.MatchString(rest)
	for _, re := range []*regexp.Regexp{reStart, reStartZh} {
		for _, ix := range re.FindAllStringSubmatchIndex(rest, -1) {
			if reNegZh.MatchString(rest[:ix[0]]) {
				continue
			}
			c := readChars(rest[ix[2]:ix[3]])
			if c == nil {
				continue
			}
			if a.start == nil {
				a.start = &charSet{}
			}
			a.start.merge(c)
			if both {
				if a.end == nil {
					a.end = &charSet{}
				}
				a.end.merge(c)
			}
			read = true
			rest = rest[:ix[0]] + strings.Repeat(" ", ix[3]-ix[0]) + rest[ix[3]:]
		}
	}
	if !both {
		for _, re := range []*regexp.Regexp{reEnd, reEndZh} {
			for _, ix := range re.FindAllStringSubmatchIndex(rest, -1) {
				if reNegZh.MatchString(rest[:ix[0]]) {
					continue
				}
				c := readChars(rest[ix[2]:ix[3]])
				if c == nil {
					continue
				}
				if a.end == nil {
					a.end = &charSet{}
				}
				a.end.merge(c)
				read = true
				rest = rest[:ix[0]] + strings.Repeat(" ", ix[3]-ix[0]) + rest[ix[3]:]
			}
		}
	}
	allowed := (reCharsBase.MatchString(rest) && reCharsVerb.MatchString(rest)) || (reSpecialIncl.MatchString(rest) && a.chars != nil)
	if allowed && !reVague.MatchString(rest) && !reNegChars.MatchString(rest) {
		if c := readChars(rest); c != nil {
			if a.chars == nil {
				a.chars = &charSet{}
			}
			a.chars.merge(c)
			read = true
		}
	}
	if read {
		a.add(model.ConstraintPattern, s)
		m.s = strings.Repeat("\x01", len(m.s))
	}
}

// conditional reads "If type is set to PATH, the value ...": a rule on the
// named field's values. It reports whether it read one.
func (p *parser) conditional(a *acc, s string) bool {
	g := reIfSet.FindStringSubmatch(s)
	if g == nil {
		return false
	}
	conds := [][]*model.Condition{{}}
	field, vals, rest := g[1], g[2], g[3]
	for {
		var more []string
		if mm := reIfMore.FindStringSubmatch(vals); mm != nil {
			vals, more = mm[1], mm[2:]
		}
		vs := splitValues(vals)
		if vs == nil {
			return false
		}
		var next [][]*model.Condition
		for _, c := range conds {
			for _, v := range vs {
				cc := append(append([]*model.Condition{}, c...), &model.Condition{Field: field, Equals: v})
				next = append(next, cc)
			}
		}
		conds = next
		if more == nil {
			break
		}
		field, vals = more[0], more[1]
	}
	sub := &acc{}
	p.read(sub, rest)
	pat := sub.pattern()
	enum := p.typedEnum(sub.enum)
	if sub.minLen == nil && sub.maxLen == nil && pat == "" && len(enum) == 0 {
		return false
	}
	for _, c := range conds {
		a.rules = append(a.rules, &model.Rule{When: c, MinLength: sub.minLen, MaxLength: sub.maxLen, Pattern: pat, Enum: enum, Text: s})
	}
	kind := model.ConstraintLength
	if sub.minLen == nil && sub.maxLen == nil {
		kind = model.ConstraintPattern
		if pat == "" {
			kind = model.ConstraintEnum
		}
	}
	a.add(kind, s)
	return true
}

// numStatement is one family of number statements: its expressions, the
// kind of constraint, and what a match sets. Families are tried in order;
// a match is masked so that a later family does not read it again.
type numStatement struct {
	res   []*regexp.Regexp
	kind  string
	array bool // only on array fields
	set   func(p *parser, a *acc, g []string, s string) bool
}

func ints(g []string) (lo, hi int64, ok bool) {
	lo, ok1 := parseInt(g[1])
	hi, ok2 := parseInt(g[2])
	return lo, hi, ok1 && ok2
}

// numStatements is initialised in init: its set functions refer to parser
// methods that read numbers.
var numStatements []numStatement

func init() {
	one := func(re *regexp.Regexp) []*regexp.Regexp { return []*regexp.Regexp{re} }
	numStatements = []numStatement{
		{res: one(reCondLen), kind: model.ConstraintLength, set: func(_ *parser, a *acc, g []string, s string) bool {
			n, ok := parseInt(g[1])
			if ok {
				a.condLens = append(a.condLens, condLen{equals: g[2], n: n, text: s})
			}
			return ok
		}},
		{res: one(reArrayLength), kind: model.ConstraintItems, set: func(_ *parser, a *acc, g []string, _ string) bool {
			lo, hi, ok := ints(g)
			if ok {
				a.minItems, a.maxItems = i64(lo), i64(hi)
			}
			return ok
		}},
		{res: reLenRange, kind: model.ConstraintLength, set: func(_ *parser, a *acc, g []string, _ string) bool {
			lo, hi, ok := ints(g)
			if ok {
				a.lenRange(lo, hi)
			}
			return ok
		}},
		{res: reLenMax, kind: model.ConstraintLength, set: func(_ *parser, a *acc, g []string, _ string) bool {
			n, ok := parseInt(g[1])
			if ok {
				a.maxLen = i64(n)
			}
			return ok
		}},
		{res: reLenMin, kind: model.ConstraintLength, set: func(_ *parser, a *acc, g []string, _ string) bool {
			n, ok := parseInt(g[1])
			if ok {
				a.minLen = i64(n)
			}
			return ok
		}},
		{res: reLenExact, kind: model.ConstraintLength, set: func(_ *parser, a *acc, g []string, _ string) bool {
			n, ok := parseInt(g[1])
			if ok {
				a.lenRange(n, n)
			}
			return ok
		}},
		// "Minimum: 3" and its kin: a length or a range depending on the type.
		{res: []*regexp.Regexp{reMinColon}, set: func(p *parser, a *acc, g []string, s string) bool { p.bound(a, g[1], true, s); return false }},
		{res: []*regexp.Regexp{reMaxColon}, set: func(p *parser, a *acc, g []string, s string) bool { p.bound(a, g[1], false, s); return false }},
		{res: []*regexp.Regexp{reMinValue}, set: func(p *parser, a *acc, g []string, s string) bool { p.bound(a, g[1], true, s); return false }},
		{res: []*regexp.Regexp{reMaxValue}, set: func(p *parser, a *acc, g []string, s string) bool { p.bound(a, g[1], false, s); return false }},
		{res: reRange, kind: model.ConstraintRange, set: func(_ *parser, a *acc, g []string, _ string) bool {
			lo, ok1 := parseNum(g[1])
			hi, ok2 := parseNum(g[2])
			if ok1 && ok2 {
				if lo > hi {
					lo, hi = hi, lo
				}
				a.min, a.max = f64(lo), f64(hi)
			}
			return ok1 && ok2
		}},
		{res: reMaxVal, kind: model.ConstraintRange, set: func(_ *parser, a *acc, g []string, _ string) bool {
			f, ok := parseNum(g[1])
			if ok {
				a.max = f64(f)
			}
			return ok
		}},
		{res: reMinVal, kind: model.ConstraintRange, set: func(_ *parser, a *acc, g []string, _ string) bool {
			f, ok := parseNum(g[1])
			if ok {
				a.min = f64(f)
			}
			return ok
		}},
		{res: reMaxItems, kind: model.ConstraintItems, array: true, set: func(_ *parser, a *acc, g []string, _ string) bool {
			n, ok := parseInt(g[1])
			if ok {
				a.maxItems = i64(n)
			}
			return ok
		}},
		{res: reMinItems, kind: model.ConstraintItems, array: true, set: func(_ *parser, a *acc, g []string, _ string) bool {
			n, ok := parseInt(g[1])
			if ok {
				a.minItems = i64(n)
			}
			return ok
		}},
	}
}

// readNumbers reads the statements that carry numbers: lengths, ranges,
// item counts.
func (p *parser) readNumbers(a *acc, m *masker, s string) {
	for _, st := range numStatements {
		if st.array && p.typ != model.TypeArray {
			continue
		}
		for _, re := range st.res {
			for _, g := range m.find(re) {
				if st.set(p, a, g, s) && st.kind != "" {
					a.add(st.kind, s)
				}
			}
		}
	}
}
