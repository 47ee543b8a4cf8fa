// Package page is a reference page reduced to its structure: headings,
// paragraphs, lists, tables and code, with no trace of the dialect it came in.
//
// Each dialect reader (doc-export HTML, Sphinx HTML, plain text, Markdown,
// Alibaba Cloud's text) turns bytes into a Page; one interpreter turns a Page
// into model operations. So the same operation read from two dialects gives
// the same operation, and a new dialect costs only a reader.
package page

import (
	"fmt"
	"strings"
)

// Kind is the kind of a Block.
type Kind int

// Block kinds.
const (
	KindHeading   Kind = iota + 1 // Text, Level
	KindParagraph                 // Text
	KindList                      // Items: each item is a Cell of blocks
	KindTable                     // Table
	KindCode                      // Text: preformatted, as written (example JSON)
)

func (k Kind) String() string {
	switch k {
	case KindHeading:
		return "heading"
	case KindParagraph:
		return "paragraph"
	case KindList:
		return "list"
	case KindTable:
		return "table"
	case KindCode:
		return "code"
	}
	return "unknown"
}

// Page is one document.
type Page struct {
	File     string // as given to the reader
	Dialect  string // model.Dialect*
	Language string // "en" or "zh"
	Title    string // the page's main heading
	Anchor   string // the page's own id where it has one (doc-export's <a name>, Sphinx's span id): often the operationId
	Blocks   []*Block
}

// Block is one element of a page or of a table cell.
type Block struct {
	Kind  Kind
	Level int    // headings: 1 for the title, 2 and more for sections
	Text  string // headings, paragraphs, code; whitespace-normalised except for Code
	Items []*Cell
	Table *Table
	Links []Link // links in a paragraph or heading
	Line  int    // 1-based source line where known
}

// Table is a table with its caption and header.
type Table struct {
	ID      string // element id where the dialect has one
	Caption string // "Table 3 Request body parameters"; "" when the page gives none
	Header  []string
	Rows    []*Row
	Line    int
}

// Row is one table row.
type Row struct {
	Cells []*Cell
	Line  int
}

// Cell is the content of a table cell or list item: blocks (paragraphs,
// lists, nested tables) and its links.
type Cell struct {
	Blocks []*Block
	Links  []Link
}

// Link is a hyperlink: its text and target. Object fields point at the table
// that describes them ("Member object" → "#table5").
type Link struct {
	Text string
	Href string
}

// Text flattens a cell to one line of text, lists joined by "; ".
func (c *Cell) Text() string {
	if c == nil {
		return ""
	}
	if len(c.Blocks) == 1 {
		return c.Blocks[0].FlatText() // most cells: one paragraph
	}
	var parts []string
	for _, b := range c.Blocks {
		if t := b.FlatText(); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " ")
}

// FlatText is a block as one line of text.
func (b *Block) FlatText() string {
	switch b.Kind {
	case KindList:
		var items []string
		for _, it := range b.Items {
			if t := it.Text(); t != "" {
				items = append(items, t)
			}
		}
		return strings.Join(items, "; ")
	case KindTable:
		return ""
	}
	return b.Text
}

// NormalizeSpace collapses runs of white space (including non-breaking spaces)
// into single spaces and trims the ends.
func NormalizeSpace(s string) string {
	if normalized(s) {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u3000', '\u200b', '\ufeff':
			return true
		}
		return false
	}), " ")
}

// normalized tells a text NormalizeSpace leaves as it is: single spaces
// between words, none at the ends, no other space character. Any byte that
// may start one of the non-ASCII spaces sends the text the long way.
func normalized(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\t', '\n', '\r', '\f', '\v', 0xC2, 0xE2, 0xE3, 0xEF:
			return false
		case ' ':
			if s[i+1] == ' ' {
				return false
			}
		}
	}
	return true
}

// Error is a page, or a place in it, that a reader could not read. Line is 0
// when it concerns the whole file. Every reader reports with it, so a caller
// finds the place the same way whatever the dialect.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Location names the file and line of the problem.
func (e *Error) Location() (string, int) { return e.File, e.Line }
