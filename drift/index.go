package drift

import (
	"github.com/docspec/docspec/conventions"
	"strconv"
	"strings"

	"github.com/docspec/docspec/model"
	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// index maps a spec to positions: the line of a JSON pointer, and the
// x-docspec-source of the innermost node around a line. It is built from
// the loaded document's origins (docIndex), or from a parse of the raw
// bytes (YAML or JSON) when the document carries none (newIndex).
type index struct {
	root    *yaml.Node
	doc     *openapi3.T // set when positions come from origins
	raw     []byte
	sources []sourceSpan
	onceIndex
}

type sourceSpan struct {
	start, end, depth int
	src               model.Source
}

func newIndex(raw []byte) *index {
	ix := &index{}
	if len(raw) == 0 {
		return ix
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil || len(doc.Content) == 0 {
		return ix
	}
	ix.root = doc.Content[0]
	ix.collect(ix.root, ix.root.Line, 0)
	return ix
}

// collect records every mapping with an x-docspec-source, spanning from the
// line of the key above it to its last line; it returns the last line.
func (ix *index) collect(n *yaml.Node, start, depth int) int {
	end := n.Line
	switch n.Kind {
	case yaml.MappingNode:
		var src *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == conventions.KeySource {
				src = v
			}
			if e := ix.collect(v, k.Line, depth+1); e > end {
				end = e
			}
		}
		if src != nil {
			if s, ok := decodeSourceNode(src); ok {
				ix.sources = append(ix.sources, sourceSpan{start: start, end: end, depth: depth, src: s})
			}
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if e := ix.collect(c, c.Line, depth+1); e > end {
				end = e
			}
		}
	}
	return end
}

func decodeSourceNode(n *yaml.Node) (model.Source, bool) {
	var s model.Source
	if n.Kind != yaml.MappingNode {
		return s, false
	}
	var raw struct {
		File    string `yaml:"file"`
		Section string `yaml:"section"`
		Table   string `yaml:"table"`
		Row     string `yaml:"row"`
		Line    int    `yaml:"line"`
	}
	if err := n.Decode(&raw); err != nil {
		return s, false
	}
	s = model.Source{File: raw.File, Section: raw.Section, Table: raw.Table, Row: raw.Row, Line: raw.Line}
	return s, s.File != ""
}

// sourceAt returns the x-docspec-source of the innermost node spanning line.
func (ix *index) sourceAt(line int) *model.Source {
	if ix == nil || line <= 0 {
		return nil
	}
	var best *sourceSpan
	for i := range ix.sources {
		s := &ix.sources[i]
		if s.start <= line && line <= s.end && (best == nil || s.depth > best.depth) {
			best = s
		}
	}
	if best == nil {
		return nil
	}
	src := best.src
	return &src
}

// line returns the line of the node at the JSON pointer, or of its nearest
// existing ancestor; exact tells which.
func (ix *index) line(pointer string) (line int, exact bool) {
	if ix != nil && ix.doc != nil {
		return ix.originLine(pointer)
	}
	if ix == nil || ix.root == nil {
		return 0, false
	}
	n := ix.root
	line = n.Line
	if pointer == "" || pointer == "/" {
		return line, true
	}
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == tok {
					next = n.Content[i+1]
					line = n.Content[i].Line
					break
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
				line = next.Line
			}
		}
		if next == nil {
			return line, false
		}
		n = next
	}
	return line, true
}

// pointer builds a JSON pointer from tokens.
func pointer(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1"))
	}
	return b.String()
}
