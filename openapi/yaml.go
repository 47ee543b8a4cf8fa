package openapi

import (
	"bufio"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// yamlWriter writes a tree as block-style YAML. It follows, step by step,
// the emitter of gopkg.in/yaml.v3 (itself a port of libyaml; MIT and Apache
// 2.0) for the subset a spec needs — block mappings and sequences, empty
// ones in flow style, scalars in plain, single-quoted, double-quoted or
// literal style, no comments, anchors or folding — so that the bytes are
// the ones yaml.v3 writes (TestYAMLWriterMatchesYAMLv3 holds it to that).
// Unlike yaml.v3, which keeps every event of the document in a queue, it
// holds nothing but the current path: a node is written as it is visited.
type yamlWriter struct {
	w          *bufio.Writer
	indent     int
	column     int
	whitespace bool
	indention  bool
	key        node
}

// parent says where a node stands; the first indentation inside a
// sequence item only skips the "- " indicator.
type parent int

const (
	ctxParentRoot parent = iota
	ctxParentSeqItem
	ctxParentMapping
)

const bestIndent = 2

func (e *yamlWriter) put(b byte) {
	e.w.WriteByte(b)
	e.column++
}

func (e *yamlWriter) putBreak() {
	e.w.WriteByte('\n')
	e.column = 0
	e.indention = true
}

// writeChar copies the character at s[i] and returns its width.
func (e *yamlWriter) writeChar(s string, i int) int {
	w := width(s[i])
	e.w.WriteString(s[i : i+w])
	e.column++
	return w
}

func (e *yamlWriter) writeBreak(s string, i int) int {
	if s[i] == '\n' {
		e.putBreak()
		return 1
	}
	w := e.writeChar(s, i)
	e.column = 0
	e.indention = true
	return w
}

func (e *yamlWriter) writeIndent() {
	indent := e.indent
	if indent < 0 {
		indent = 0
	}
	if !e.indention || e.column > indent || (e.column == indent && !e.whitespace) {
		e.putBreak()
	}
	for e.column < indent {
		e.put(' ')
	}
	e.whitespace = true
}

func (e *yamlWriter) writeIndicator(ind string, needWhitespace, isWhitespace, isIndention bool) {
	if needWhitespace && !e.whitespace {
		e.put(' ')
	}
	e.w.WriteString(ind)
	e.column += len(ind)
	e.whitespace = isWhitespace
	e.indention = e.indention && isIndention
}

// increaseIndent returns the indentation to restore afterwards.
func (e *yamlWriter) increaseIndent(flow bool, p parent) int {
	old := e.indent
	switch {
	case e.indent < 0 && flow:
		e.indent = bestIndent
	case e.indent < 0:
		e.indent = 0
	case p == ctxParentSeqItem:
		e.indent += 2
	default:
		e.indent = bestIndent * ((e.indent + bestIndent) / bestIndent)
	}
	return old
}

func (e *yamlWriter) node(n *node, p parent, simpleKey bool) {
	switch n.kind {
	case kindObject:
		if len(n.keys) == 0 {
			e.emptyFlow("{", "}", p)
			return
		}
		old := e.increaseIndent(false, p)
		for i, k := range n.keys {
			e.writeIndent()
			// A key is a scalar: written at once, so one node serves all.
			key := &e.key
			*key = node{kind: kindString, text: k}
			if !hasBreak(k) && len(k) <= 128 {
				e.node(key, ctxParentMapping, true)
				e.writeIndicator(":", false, false, false)
			} else {
				e.writeIndicator("?", true, false, true)
				e.node(key, ctxParentMapping, false)
				e.writeIndent()
				e.writeIndicator(":", true, false, true)
			}
			e.node(n.vals[i], ctxParentMapping, false)
		}
		e.indent = old
	case kindArray:
		if len(n.vals) == 0 {
			e.emptyFlow("[", "]", p)
			return
		}
		old := e.increaseIndent(false, p)
		for _, v := range n.vals {
			e.writeIndent()
			e.writeIndicator("-", true, false, true)
			e.node(v, ctxParentSeqItem, false)
		}
		e.indent = old
	default:
		e.scalar(n, p, simpleKey)
	}
}

func (e *yamlWriter) emptyFlow(open, close string, p parent) {
	e.writeIndicator(open, true, true, false)
	old := e.increaseIndent(true, p)
	e.indent = old
	e.writeIndicator(close, false, false, false)
}

type scalarStyle int

const (
	stylePlain scalarStyle = iota
	styleSingle
	styleDouble
	styleLiteral
)

func (e *yamlWriter) scalar(n *node, p parent, simpleKey bool) {
	simple := n.kind == kindString && n.text != "" && simpleASCII(n.text)
	if simple && yamlResolve(n.text) == "str" {
		// The common case, as the steps below write it: a plain scalar of
		// one line, one column per byte.
		if !e.whitespace {
			e.put(' ')
		}
		e.w.WriteString(n.text)
		e.column += len(n.text)
		e.whitespace = false
		e.indention = false
		return
	}
	value, tag := yamlScalar(n)
	style := stylePlain
	switch {
	case n.kind == kindString && strings.Contains(value, "\n"):
		style = styleLiteral
	case n.kind == kindString && yamlResolve(value) != "str":
		style = styleDouble
	}
	if n.kind == kindString || yamlResolve(value) == tag {
		tag = "" // a string's tag goes without saying, or is said by quoting
	}
	var a scalarAnalysis
	switch {
	case simple:
		a = scalarAnalysis{blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true}
	case n.kind == kindString && value != "":
		a = analyzeText(value) // simpleASCII has said no
	default:
		a = analyzeScalar(value)
	}
	if simpleKey && a.multiline {
		style = styleDouble
	}
	if style == stylePlain {
		if !a.blockPlainAllowed || (len(value) == 0 && simpleKey) {
			style = styleSingle
		}
	}
	if style == styleSingle && !a.singleQuotedAllowed {
		style = styleDouble
	}
	if style == styleLiteral && (!a.blockAllowed || simpleKey) {
		style = styleDouble
	}
	if tag != "" {
		if !e.whitespace {
			e.put(' ')
		}
		e.w.WriteString("!!" + tag)
		e.column += 2 + len(tag)
		e.whitespace = false
		e.indention = false
	}
	old := e.increaseIndent(true, p)
	switch style {
	case stylePlain:
		e.writePlain(value)
	case styleSingle:
		e.writeSingle(value)
	case styleDouble:
		e.writeDouble(value)
	case styleLiteral:
		e.writeLiteral(value)
	}
	e.indent = old
}

// yamlScalar is a scalar's text and the tag it is written with.
func yamlScalar(n *node) (string, string) {
	switch n.kind {
	case kindString:
		return n.text, "str"
	case kindNumber:
		if _, err := strconv.ParseInt(n.text, 10, 64); err != nil {
			// "1.5", "1e3", or an integer past int64 ("9223372036854776000",
			// a float64 bound printed whole) that YAML readers refuse as !!int.
			// Such a whole number is written with an exponent
			// (9.223372036854776e+18): every YAML reader resolves that as a
			// float without a tag, and some cannot resolve "!!float 9223…".
			if !strings.ContainsAny(n.text, ".eE") {
				if f, err := strconv.ParseFloat(n.text, 64); err == nil {
					return strconv.FormatFloat(f, 'e', -1, 64), "float"
				}
			}
			return n.text, "float"
		}
		return n.text, "int"
	case kindTrue:
		return "true", "bool"
	case kindFalse:
		return "false", "bool"
	}
	return "null", "null"
}

func (e *yamlWriter) writePlain(s string) {
	if len(s) > 0 && !e.whitespace {
		e.put(' ')
	}
	if !hasBreak(s) {
		// What the loop below does with no line break in s (and a plain
		// scalar never has one): each character copied, one column each.
		e.w.WriteString(s)
		e.column += columns(s)
		if len(s) > 0 {
			e.whitespace = false
		}
		e.indention = false
		return
	}
	breaks := false
	for i := 0; i < len(s); {
		switch {
		case s[i] == ' ':
			i += e.writeChar(s, i)
		case isBreak(s, i):
			if !breaks && s[i] == '\n' {
				e.putBreak()
			}
			i += e.writeBreak(s, i)
			breaks = true
		default:
			if breaks {
				e.writeIndent()
			}
			i += e.writeChar(s, i)
			e.indention = false
			breaks = false
		}
	}
	if len(s) > 0 {
		e.whitespace = false
	}
	e.indention = false
}

func (e *yamlWriter) writeSingle(s string) {
	e.writeIndicator("'", true, false, false)
	breaks := false
	for i := 0; i < len(s); {
		switch {
		case s[i] == ' ':
			i += e.writeChar(s, i)
		case isBreak(s, i):
			if !breaks && s[i] == '\n' {
				e.putBreak()
			}
			i += e.writeBreak(s, i)
			breaks = true
		default:
			if breaks {
				e.writeIndent()
			}
			if s[i] == '\'' {
				e.put('\'')
			}
			i += e.writeChar(s, i)
			e.indention = false
			breaks = false
		}
	}
	e.writeIndicator("'", false, false, false)
	e.whitespace = false
	e.indention = false
}

func (e *yamlWriter) writeDouble(s string) {
	e.writeIndicator(`"`, true, false, false)
	bom := strings.HasPrefix(s, "\ufeff")
	for i := 0; i < len(s); {
		if !isPrintable(s, i) || bom || isBreak(s, i) || s[i] == '"' || s[i] == '\\' {
			w := width(s[i])
			v := decodeRune(s[i : i+w])
			i += w
			e.put('\\')
			e.escape(v)
			continue
		}
		i += e.writeChar(s, i)
	}
	e.writeIndicator(`"`, false, false, false)
	e.whitespace = false
	e.indention = false
}

func (e *yamlWriter) escape(v rune) {
	if c, ok := shortEscapes[v]; ok {
		e.put(c)
		return
	}
	digits := 8
	switch {
	case v <= 0xFF:
		e.put('x')
		digits = 2
	case v <= 0xFFFF:
		e.put('u')
		digits = 4
	default:
		e.put('U')
	}
	for k := (digits - 1) * 4; k >= 0; k -= 4 {
		e.put("0123456789ABCDEF"[(v>>uint(k))&0x0F])
	}
}

var shortEscapes = map[rune]byte{
	0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0A: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r',
	0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xA0: '_', 0x2028: 'L', 0x2029: 'P',
}

func decodeRune(s string) rune {
	var v rune
	switch w := len(s); w {
	case 1:
		return rune(s[0] & 0x7F)
	case 2:
		v = rune(s[0] & 0x1F)
	case 3:
		v = rune(s[0] & 0x0F)
	default:
		v = rune(s[0] & 0x07)
	}
	for k := 1; k < len(s); k++ {
		v = (v << 6) + (rune(s[k]) & 0x3F)
	}
	return v
}

func (e *yamlWriter) writeLiteral(s string) {
	e.writeIndicator("|", true, false, false)
	if s[0] == ' ' || isBreak(s, 0) {
		e.writeIndicator(string(rune('0'+bestIndent)), false, false, false)
	}
	if chomp := chompHint(s); chomp != "" {
		e.writeIndicator(chomp, false, false, false)
	}
	e.whitespace = true
	breaks := true
	for i := 0; i < len(s); {
		if isBreak(s, i) {
			i += e.writeBreak(s, i)
			breaks = true
			continue
		}
		if breaks {
			e.writeIndent()
		}
		// The characters up to the next break, at once.
		j := i + width(s[i])
		for j < len(s) && !isBreak(s, j) {
			j += width(s[j])
		}
		e.w.WriteString(s[i:j])
		e.column += columns(s[i:j])
		i = j
		e.indention = false
		breaks = false
	}
}

// chompHint is "-" when s does not end in a line break, "+" when it ends in
// more than one (or is one), "" when it ends in exactly one.
func chompHint(s string) string {
	i := len(s) - 1
	for s[i]&0xC0 == 0x80 {
		i--
	}
	if !isBreak(s, i) {
		return "-"
	}
	if i == 0 {
		return "+"
	}
	i--
	for s[i]&0xC0 == 0x80 {
		i--
	}
	if isBreak(s, i) {
		return "+"
	}
	return ""
}

// scalarAnalysis is what yaml.v3's analyze_scalar finds of a value (block
// context only: a spec has no flow collections with content).
type scalarAnalysis struct {
	multiline           bool
	blockPlainAllowed   bool
	singleQuotedAllowed bool
	blockAllowed        bool
}

func analyzeScalar(s string) scalarAnalysis {
	if len(s) == 0 {
		return scalarAnalysis{blockPlainAllowed: true, singleQuotedAllowed: true}
	}
	if simpleASCII(s) {
		return scalarAnalysis{blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true}
	}
	return analyzeText(s)
}

// analyzeText is analyzeScalar of a text that is not empty and not
// simpleASCII.
func analyzeText(s string) scalarAnalysis {
	var blockIndicators, specialCharacters, tabCharacters bool
	var st spacing
	if strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") {
		blockIndicators = true
	}
	precededByWhitespace := true
	if isASCII(s) {
		// The loop below with one byte per character: no break but
		// '\n' and '\r', printable what is from ' ' to '~' or '\n'.
		for i := 0; i < len(s); i++ {
			c := s[i]
			followedByWhitespace := i+1 >= len(s) || s[i+1] == ' ' || s[i+1] == '\t'
			switch c {
			case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
				if i == 0 || c == '#' && precededByWhitespace {
					blockIndicators = true
				}
			case '?', '-':
				if i == 0 && followedByWhitespace {
					blockIndicators = true
				}
			case ':':
				if followedByWhitespace {
					blockIndicators = true
				}
			}
			if c == '\t' {
				tabCharacters = true
			} else if c != '\n' && (c < 0x20 || c > 0x7E) {
				specialCharacters = true
			}
			brk := c == '\n' || c == '\r'
			st.see(c == ' ', brk, i == 0, i+1 == len(s))
			precededByWhitespace = c == ' ' || c == '\t' || brk
		}
		return st.analysis(blockIndicators, specialCharacters, tabCharacters)
	}
	for i, w := 0, 0; i < len(s); i += w {
		w = width(s[i])
		followedByWhitespace := i+w >= len(s) || s[i+w] == ' ' || s[i+w] == '\t'
		if i == 0 {
			switch s[i] {
			case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
				blockIndicators = true
			case '?', ':', '-':
				if followedByWhitespace {
					blockIndicators = true
				}
			}
		} else {
			switch s[i] {
			case ':':
				if followedByWhitespace {
					blockIndicators = true
				}
			case '#':
				if precededByWhitespace {
					blockIndicators = true
				}
			}
		}
		if s[i] == '\t' {
			tabCharacters = true
		} else if !isPrintable(s, i) {
			specialCharacters = true
		}
		brk := isBreak(s, i)
		st.see(s[i] == ' ', brk, i == 0, i+w == len(s))
		precededByWhitespace = s[i] == ' ' || s[i] == '\t' || brk
	}
	return st.analysis(blockIndicators, specialCharacters, tabCharacters)
}

// spacing is what the analysis of a scalar notes of its spaces and breaks.
type spacing struct {
	lineBreaks, leadingSpace, leadingBreak, trailingSpace, trailingBreak bool
	breakSpace, spaceBreak, previousSpace, previousBreak                 bool
}

// see notes one character: a space, a break or another.
func (t *spacing) see(space, brk, first, last bool) {
	switch {
	case space:
		if first {
			t.leadingSpace = true
		}
		if last {
			t.trailingSpace = true
		}
		if t.previousBreak {
			t.breakSpace = true
		}
		t.previousSpace, t.previousBreak = true, false
	case brk:
		t.lineBreaks = true
		if first {
			t.leadingBreak = true
		}
		if last {
			t.trailingBreak = true
		}
		if t.previousSpace {
			t.spaceBreak = true
		}
		t.previousSpace, t.previousBreak = false, true
	default:
		t.previousSpace, t.previousBreak = false, false
	}
}

// analysis is what styles a scalar allows, from what was noted of it.
func (t *spacing) analysis(blockIndicators, specialCharacters, tabCharacters bool) scalarAnalysis {
	a := scalarAnalysis{multiline: t.lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true}
	if t.leadingSpace || t.leadingBreak || t.trailingSpace || t.trailingBreak {
		a.blockPlainAllowed = false
	}
	if t.trailingSpace {
		a.blockAllowed = false
	}
	if t.breakSpace {
		a.blockPlainAllowed = false
		a.singleQuotedAllowed = false
	}
	if t.spaceBreak || tabCharacters || specialCharacters {
		a.blockPlainAllowed = false
		a.singleQuotedAllowed = false
	}
	if t.spaceBreak || specialCharacters {
		a.blockAllowed = false
	}
	if t.lineBreaks || blockIndicators {
		a.blockPlainAllowed = false
	}
	return a
}

// isASCII tells a text of ASCII bytes only.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// simpleASCII tells a text that the analysis finds nothing in: printable
// ASCII with no ':' or '#', no space at either end, not starting with an
// indicator or "...". Most of a spec's texts are such; the others take the
// analysis above.
func simpleASCII(s string) bool {
	switch s[0] {
	case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '?', ':', '-', ' ':
		return false
	}
	if s[len(s)-1] == ' ' || strings.HasPrefix(s, "...") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if notSimple[s[i]] {
			return false
		}
	}
	return true
}

// notSimple are the bytes simpleASCII refuses anywhere.
var notSimple = func() (t [256]bool) {
	for b := range t {
		t[b] = b < 0x20 || b > 0x7E || b == ':' || b == '#'
	}
	return t
}()

func width(b byte) int {
	switch {
	case b&0x80 == 0x00:
		return 1
	case b&0xE0 == 0xC0:
		return 2
	case b&0xF0 == 0xE0:
		return 3
	case b&0xF8 == 0xF0:
		return 4
	}
	return 1 // not reached for valid UTF-8
}

func at(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

// columns is the number of characters writeChar counts in s.
func columns(s string) int {
	n := 0
	for i := 0; i < len(s); i += width(s[i]) {
		n++
	}
	return n
}

// hasBreak tells whether isBreak holds anywhere in s.
func hasBreak(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; (b == '\r' || b == '\n' || b == 0xC2 || b == 0xE2) && isBreak(s, i) {
			return true
		}
	}
	return false
}

func isBreak(s string, i int) bool {
	b := s[i]
	return b == '\r' || b == '\n' ||
		b == 0xC2 && at(s, i+1) == 0x85 ||
		b == 0xE2 && at(s, i+1) == 0x80 && (at(s, i+2) == 0xA8 || at(s, i+2) == 0xA9)
}

func isPrintable(s string, i int) bool {
	b := s[i]
	return b == 0x0A ||
		(b >= 0x20 && b <= 0x7E) ||
		(b == 0xC2 && at(s, i+1) >= 0xA0) ||
		(b > 0xC2 && b < 0xED) ||
		(b == 0xED && at(s, i+1) < 0xA0) ||
		b == 0xEE ||
		(b == 0xEF && !(at(s, i+1) == 0xBB && at(s, i+2) == 0xBF) &&
			!(at(s, i+1) == 0xBF && (at(s, i+2) == 0xBE || at(s, i+2) == 0xBF)))
}

// yamlResolve is the tag yaml.v3 gives a plain scalar ("str", "int",
// "float", "bool", "null", "timestamp", "merge"), as its resolve does.
func yamlResolve(in string) string {
	hint := byte('N')
	if in != "" {
		hint = resolveHint(in[0])
	}
	if hint == 0 {
		return "str"
	}
	switch in {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "bool"
	case "", "~", "null", "Null", "NULL":
		return "null"
	case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return "float"
	}
	switch hint {
	case '.':
		if _, err := strconv.ParseFloat(in, 64); err == nil {
			return "float"
		}
	case 'D', 'S':
		return resolveNumber(in)
	}
	return "str"
}

func resolveHint(c byte) byte {
	switch {
	case c == '+' || c == '-':
		return 'S'
	case c >= '0' && c <= '9':
		return 'D'
	case strings.IndexByte("yYnNtTfFoO~", c) >= 0:
		return 'M'
	case c == '.':
		return '.'
	}
	return 0
}

var yamlStyleFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

func resolveNumber(in string) string {
	if isTimestamp(in) {
		return "timestamp"
	}
	plain := strings.ReplaceAll(in, "_", "")
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return "int"
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return "int"
	}
	if yamlStyleFloat.MatchString(plain) {
		if _, err := strconv.ParseFloat(plain, 64); err == nil {
			return "float"
		}
	}
	for _, p := range []struct {
		prefix string
		base   int
	}{{"0b", 2}, {"0o", 8}} {
		if strings.HasPrefix(plain, p.prefix) {
			if _, err := strconv.ParseInt(plain[2:], p.base, 64); err == nil {
				return "int"
			}
			if _, err := strconv.ParseUint(plain[2:], p.base, 64); err == nil {
				return "int"
			}
		} else if strings.HasPrefix(plain, "-"+p.prefix) {
			if _, err := strconv.ParseInt("-"+plain[3:], p.base, 64); err == nil {
				return "int"
			}
		}
	}
	return "str"
}

var timestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

func isTimestamp(s string) bool {
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; c < '0' || c > '9' {
			break
		}
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, f := range timestampFormats {
		if _, err := time.Parse(f, s); err == nil {
			return true
		}
	}
	return false
}
