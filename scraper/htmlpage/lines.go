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
	case atom.Span:
		return 20
	case atom.A:
		return 21
	case atom.Figcaption:
		return 22
	case atom.Blockquote:
		return 23
	}
	return 0
}

const nSlots = 24

// tagLines holds, per slot, the lines of that tag's start tags in order.
type tagLines [nSlots][]int32

// scanTagLines records the line of each tracked start tag in b. It follows
// the tokenizer's rules where they matter for finding tags: comments,
// declarations, quoted attribute values, and raw-text elements whose content
// is not markup.
func scanTagLines(b []byte) *tagLines {
	tl := new(tagLines)
	line := int32(1)
	i := 0
	n := len(b)
	for i < n {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			break
		}
		line += int32(bytes.Count(b[i:i+j], nl))
		i += j
		if i+1 >= n {
			break
		}
		c := b[i+1]
		switch {
		case c == '!':
			end := -1
			if bytes.HasPrefix(b[i:], []byte("<!--")) {
				if k := bytes.Index(b[i+4:], []byte("-->")); k >= 0 {
					end = i + 4 + k + 3
				}
			} else if k := bytes.IndexByte(b[i:], '>'); k >= 0 {
				end = i + k + 1
			}
			if end < 0 {
				return tl
			}
			line += int32(bytes.Count(b[i:end], nl))
			i = end
			continue
		case c == '/' || c == '?':
			k := bytes.IndexByte(b[i:], '>')
			if k < 0 {
				return tl
			}
			line += int32(bytes.Count(b[i:i+k], nl))
			i += k + 1
			continue
		case !isASCIILetter(c):
			i++
			continue
		}
		// A start tag: read its name.
		start := line
		k := i + 1
		for k < n && !isTagNameEnd(b[k]) {
			k++
		}
		name := lowerASCII(b[i+1 : k])
		a := atom.Lookup(name)
		// Skip attributes to the closing '>', honouring quotes.
		var q byte
		for k < n {
			ch := b[k]
			if ch == '\n' {
				line++
			}
			if q != 0 {
				if ch == q {
					q = 0
				}
			} else if ch == '"' || ch == '\'' {
				// Quotes only open a value after '='.
				if p := prevNonSpace(b, k); p >= 0 && b[p] == '=' {
					q = ch
				}
			} else if ch == '>' {
				break
			}
			k++
		}
		if k >= n {
			// A truncated tag: the tokenizer drops it.
			return tl
		}
		if s := tracked(a); s > 0 {
			tl[s] = append(tl[s], start)
		}
		i = k + 1
		switch a {
		case atom.Script, atom.Style, atom.Xmp, atom.Iframe, atom.Noembed, atom.Noframes, atom.Title, atom.Textarea, atom.Noscript:
			end := indexEndTag(b[i:], name)
			if end < 0 {
				return tl
			}
			line += int32(bytes.Count(b[i:i+end], nl))
			i += end
		case atom.Plaintext:
			return tl
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

// lineIndex maps elements of a parsed tree to their source lines.
type lineIndex struct {
	m map[*html.Node]int
}

// newLineIndex walks the tree in document order, pairing the k-th element
// of each tracked tag with the k-th start tag of that name in the source.
func newLineIndex(root *html.Node, tl *tagLines) lineIndex {
	idx := lineIndex{m: make(map[*html.Node]int, 512)}
	var seen [nSlots]int
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if s := tracked(c.DataAtom); s > 0 {
				if k := seen[s]; k < len(tl[s]) {
					idx.m[c] = int(tl[s][k])
				}
				seen[s]++
			}
			walk(c)
		}
	}
	walk(root)
	return idx
}

func (x lineIndex) line(n *html.Node) int {
	for ; n != nil; n = n.Parent {
		if l, ok := x.m[n]; ok {
			return l
		}
	}
	return 0
}
