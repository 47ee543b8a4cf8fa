package htmlpage

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The HTML parser keeps no source positions. Rather than tokenizing the
// page a second time, scanTagLines makes one cheap byte scan that records the
// line of every start tag of the elements that carry a Line, in source order.
// The parser makes one element per such start tag, in the same order, so the
// k-th <tr> of the tree is the k-th <tr> of the source. Where the parser
// invents elements (a stray </p>, a <td> without <tr>) later lines of that
// tag may be off; they are never out of range.

// tracked reports whether elements of this atom get a line, and its slot.
func tracked(a atom.Atom) int {
	switch a {
	case atom.P:
		return 1
	case atom.Li:
		return 2
	case atom.Ul:
		return 3
	case atom.Ol:
		return 4
	case atom.Table:
		return 5
	case atom.Tr:
		return 6
	case atom.Td:
		return 7
	case atom.Th:
		return 8
	case atom.Pre:
		return 9
	case atom.H1:
		return 10
	case atom.H2:
		return 11
	case atom.H3:
		return 12
	case atom.H4:
		return 13
	case atom.H5:
		return 14
	case atom.H6:
		return 15
	case atom.Caption:
		return 16
	case atom.Div:
		return 17
	case atom.Dt:
		return 18
	case atom.Dd:
		return 19
	case atom.Figcaption:
		return 20
	case atom.Blockquote:
		return 21
	// Inline elements that often carry text outside any block (doc-export's
	// "<strong>Parent topic:</strong> <a ...>" directly in <body>).
	case atom.Strong:
		return 22
	case atom.B:
		return 23
	case atom.A:
		return 24
	}
	return 0
}

const nSlots = 25

// tagLines holds, per slot, the lines of that tag's start tags in order.
type tagLines [nSlots][]int32

// scanTagLines records the line of each tracked start tag in b. It follows
// the tokenizer's rules where they matter for finding tags: comments,
// declarations, quoted attribute values, and raw-text elements whose content
// is not markup. Newlines are counted only up to tracked tags. first is the
// file line b starts on (after a skipped preamble), so that lines are the
// file's own, as an editor shows them.
func scanTagLines(b []byte, first int) *tagLines {
	tl := new(tagLines)
	line, prev := int32(first), 0
	i := 0
	n := len(b)
scan:
	for i < n {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 || i+j+1 >= n {
			break
		}
		i += j
		c := b[i+1]
		switch {
		case c == '!':
			if bytes.HasPrefix(b[i:], []byte("<!--")) {
				k := bytes.Index(b[i+4:], []byte("-->"))
				if k < 0 {
					break scan
				}
				i += 4 + k + 3
				continue
			}
			fallthrough
		case c == '/' || c == '?':
			k := bytes.IndexByte(b[i:], '>')
			if k < 0 {
				break scan
			}
			i += k + 1
			continue
		case !isASCIILetter(c):
			i++
			continue
		}
		// A start tag: read its name, then skip its attributes to the
		// closing '>', jumping over quoted values.
		start := i
		k := i + 1
		for k < n && !isTagNameEnd(b[k]) {
			k++
		}
		name := lowerASCII(b[i+1 : k])
		a := lookupTag(name)
		for {
			if k >= n {
				break scan // a truncated tag: the tokenizer drops it
			}
			ch := b[k]
			if ch == '>' {
				break
			}
			if (ch == '"' || ch == '\'') && k > 0 {
				if p := prevNonSpace(b, k); p >= 0 && b[p] == '=' {
					e := bytes.IndexByte(b[k+1:], ch)
					if e < 0 {
						break scan
					}
					k += e + 2
					continue
				}
			}
			k++
		}
		if s := tracked(a); s > 0 {
			line += int32(bytes.Count(b[prev:start], nl))
			prev = start
			tl[s] = append(tl[s], line)
		}
		i = k + 1
		switch a {
		case atom.Script, atom.Style, atom.Xmp, atom.Iframe, atom.Noembed, atom.Noframes, atom.Title, atom.Textarea, atom.Noscript:
			end := indexEndTag(b[i:], name)
			if end < 0 {
				break scan
			}
			i += end
		case atom.Plaintext:
			break scan
		}
	}
	return tl
}

var nl = []byte{'\n'}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isTagNameEnd(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\f', '/', '>':
		return true
	}
	return false
}

func prevNonSpace(b []byte, k int) int {
	for p := k - 1; p >= 0; p-- {
		switch b[p] {
		case ' ', '\t', '\n', '\r', '\f':
			continue
		}
		return p
	}
	return -1
}

func lowerASCII(b []byte) []byte {
	for _, c := range b {
		if c >= 'A' && c <= 'Z' {
			out := bytes.ToLower(b)
			return out
		}
	}
	return b
}

// indexEndTag finds "</name" (case-insensitive) in b.
func indexEndTag(b []byte, name []byte) int {
	for off := 0; ; {
		j := bytes.Index(b[off:], []byte("</"))
		if j < 0 {
			return -1
		}
		p := off + j + 2
		if p+len(name) <= len(b) && bytes.EqualFold(b[p:p+len(name)], name) {
			return off + j
		}
		off = p
	}
}

// lookupTag is atom.Lookup for the tags the scanner cares about, without
// hashing every tag name of the page.
func lookupTag(name []byte) atom.Atom {
	switch string(name) {
	case "p":
		return atom.P
	case "li":
		return atom.Li
	case "ul":
		return atom.Ul
	case "ol":
		return atom.Ol
	case "table":
		return atom.Table
	case "tr":
		return atom.Tr
	case "td":
		return atom.Td
	case "th":
		return atom.Th
	case "pre":
		return atom.Pre
	case "h1":
		return atom.H1
	case "h2":
		return atom.H2
	case "h3":
		return atom.H3
	case "h4":
		return atom.H4
	case "h5":
		return atom.H5
	case "h6":
		return atom.H6
	case "caption":
		return atom.Caption
	case "div":
		return atom.Div
	case "dt":
		return atom.Dt
	case "dd":
		return atom.Dd
	case "a":
		return atom.A
	case "strong":
		return atom.Strong
	case "b":
		return atom.B
	case "span", "code", "em", "br", "thead", "tbody":
		return 0 // common, untracked
	}
	return atom.Lookup(name)
}

// lineCounter pairs elements with the scanned start tags as a walk meets
// them in document order: the k-th <tr> entered gets the k-th <tr> line.
// Every element the reader passes over must still be entered (skipTree), so
// that later elements keep their pairing.
type lineCounter struct {
	tl   *tagLines
	seen [nSlots]int
}

// enter counts n and returns its line, 0 when unknown or untracked.
func (lc *lineCounter) enter(n *html.Node) int {
	s := tracked(n.DataAtom)
	if s == 0 {
		return 0
	}
	k := lc.seen[s]
	lc.seen[s]++
	if k < len(lc.tl[s]) {
		return int(lc.tl[s][k])
	}
	return 0
}

// skipChildren enters every element below n.
func (lc *lineCounter) skipChildren(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			lc.enter(c)
			lc.skipChildren(c)
		}
	}
}

// advanceTo enters every element from below n up to and including target,
// in document order, and returns target's line.
func (lc *lineCounter) advanceTo(n, target *html.Node) (int, bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		l := lc.enter(c)
		if c == target {
			return l, true
		}
		if l, ok := lc.advanceTo(c, target); ok {
			return l, true
		}
	}
	return 0, false
}

// lineOf is the line of one element, found by a fresh count from the root.
func lineOf(root, target *html.Node, tl *tagLines) int {
	lc := lineCounter{tl: tl}
	l, _ := lc.advanceTo(root, target)
	return l
}
