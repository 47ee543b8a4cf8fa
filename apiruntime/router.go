package apiruntime

import (
	"fmt"
	"slices"
	"strings"
)

// router finds an operation by its path's segments: a trie whose edges are
// literal segments, one parameter edge per node, and (rarely) segments that
// mix literal text with parameters ("{name}.json", "{region}:{id}"). Literal
// edges win over mixed ones and mixed over parameters, position by position,
// with backtracking — the order in which a documented path set such as
// /apps/validation/{id} beside /apps/{id}/app-acl resolves. In a mixed
// segment each parameter but the last ends at the first occurrence of the
// literal text that follows it; every parameter value is non-empty.
type router struct {
	root node
}

type node struct {
	literal map[string]*node
	mixed   []mixedEdge
	param   *node
	ops     []routed // by method; few, so a slice
}

// mixedEdge matches a segment lits[0]{p1}lits[1]{p2}...lits[n]: n
// parameters, n+1 literal parts (the inner ones non-empty).
type mixedEdge struct {
	lits []string
	next *node
}

type routed struct {
	method string
	op     int // index in API.ops
}

// addRoute adds the operation at index op under its path template.
func (rt *router) addRoute(path, method string, op int) error {
	segs, err := splitTemplate(path)
	if err != nil {
		return err
	}
	n := &rt.root
	for _, s := range segs {
		n = n.child(s)
	}
	for _, r := range n.ops {
		if r.method == method {
			return fmt.Errorf("%s %s: two operations", method, path)
		}
	}
	n.ops = append(n.ops, routed{method, op})
	return nil
}

// segment is one template segment: literal text, or parameters with the
// literal text around and between them (lits has one more part than the
// segment has parameters; a plain "{name}" has lits ["", ""]).
type segment struct {
	literal string
	param   bool
	lits    []string
}

// params is the number of parameters of the segment.
func (s segment) params() int { return max(len(s.lits)-1, 0) }

func splitTemplate(path string) ([]segment, error) {
	if !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("path %q does not start with /", path)
	}
	var out []segment
	for _, s := range strings.Split(path[1:], "/") {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			if strings.IndexByte(s, '}') >= 0 {
				return nil, fmt.Errorf("path %q: segment %q has an unmatched }", path, s)
			}
			out = append(out, segment{literal: s})
			continue
		}
		seg, err := splitMixed(s)
		if err != nil {
			return nil, fmt.Errorf("path %q: segment %q: %v", path, s, err)
		}
		out = append(out, seg)
	}
	return out, nil
}

// splitMixed splits a segment holding parameters into its literal parts.
// Two parameters side by side ("{a}{b}") cannot be told apart and are
// refused, as are empty names and unmatched braces.
func splitMixed(s string) (segment, error) {
	seg := segment{param: true}
	rest := s
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			if strings.IndexByte(rest, '}') >= 0 {
				return segment{}, fmt.Errorf("unmatched }")
			}
			seg.lits = append(seg.lits, rest)
			return seg, nil
		}
		lit := rest[:open]
		if strings.IndexByte(lit, '}') >= 0 {
			return segment{}, fmt.Errorf("unmatched }")
		}
		if len(seg.lits) > 0 && lit == "" {
			return segment{}, fmt.Errorf("two parameters with no text between them cannot be told apart")
		}
		seg.lits = append(seg.lits, lit)
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return segment{}, fmt.Errorf("unmatched {")
		}
		name := rest[open+1 : open+end]
		if name == "" || strings.IndexByte(name, '{') >= 0 {
			return segment{}, fmt.Errorf("parameter with no name")
		}
		rest = rest[open+end+1:]
	}
}

func (n *node) child(s segment) *node {
	switch {
	case !s.param:
		if n.literal == nil {
			n.literal = map[string]*node{}
		}
		c := n.literal[s.literal]
		if c == nil {
			c = &node{}
			n.literal[s.literal] = c
		}
		return c
	case len(s.lits) == 2 && s.lits[0] == "" && s.lits[1] == "":
		if n.param == nil {
			n.param = &node{}
		}
		return n.param
	}
	for _, e := range n.mixed {
		if slices.Equal(e.lits, s.lits) {
			return e.next
		}
	}
	c := &node{}
	n.mixed = append(n.mixed, mixedEdge{s.lits, c})
	return c
}

// split returns the parameter values of seg under e, or false.
func (e mixedEdge) split(seg string) ([]string, bool) {
	first, last := e.lits[0], e.lits[len(e.lits)-1]
	if len(seg) < len(first)+len(last) || !strings.HasPrefix(seg, first) || !strings.HasSuffix(seg, last) {
		return nil, false
	}
	body := seg[len(first) : len(seg)-len(last)]
	var vals []string
	for _, lit := range e.lits[1 : len(e.lits)-1] {
		// A value is non-empty: look for the separator after its first byte.
		i := -1
		if len(body) > 0 {
			if j := strings.Index(body[1:], lit); j >= 0 {
				i = j + 1
			}
		}
		if i < 0 {
			return nil, false
		}
		vals = append(vals, body[:i])
		body = body[i+len(lit):]
	}
	if body == "" {
		return nil, false
	}
	return append(vals, body), true
}

// match finds the operation for method at path (which starts with "/").
// vals receives the parameter values in path order. pathFound reports a
// path that some operation documents with another method.
func (rt *router) match(method, path string, vals []string) (op int, out []string, pathFound bool) {
	if len(path) == 0 || path[0] != '/' {
		return -1, vals, false
	}
	op, out, found := rt.root.match(method, path[1:], vals)
	if op < 0 && len(path) > 1 && path[len(path)-1] == '/' {
		// "/rds/" is "/rds": specs write paths without a trailing slash
		// (the pages that write one are noted), and clients, whose signers
		// canonicalise every path with one, may send either.
		t := strings.TrimRight(path, "/")
		if t == "" {
			t = "/"
		}
		op2, out2, found2 := rt.root.match(method, t[1:], out[:len(vals)])
		if op2 >= 0 {
			return op2, out2, true
		}
		found = found || found2
	}
	return op, out, found
}

func (n *node) match(method, rest string, vals []string) (int, []string, bool) {
	seg, tail, last := cut(rest)
	if n == nil {
		return -1, vals, false
	}
	found := false
	try := func(c *node, vs ...string) (int, []string, bool) {
		before := len(vals)
		vals = append(vals, vs...)
		var op int
		var f bool
		if last {
			op, f = c.leaf(method)
		} else {
			op, vals, f = c.match(method, tail, vals)
		}
		if op < 0 {
			vals = vals[:before]
		}
		return op, vals, f
	}
	if c := n.literal[seg]; c != nil {
		op, v, f := try(c)
		if op >= 0 {
			return op, v, true
		}
		vals, found = v, found || f
	}
	for _, e := range n.mixed {
		if vs, ok := e.split(seg); ok {
			op, v, f := try(e.next, vs...)
			if op >= 0 {
				return op, v, true
			}
			vals, found = v, found || f
		}
	}
	if n.param != nil && seg != "" {
		op, v, f := try(n.param, seg)
		if op >= 0 {
			return op, v, true
		}
		vals, found = v, found || f
	}
	return -1, vals, found
}

// leaf returns the operation of method at n, and whether n holds any.
func (n *node) leaf(method string) (int, bool) {
	for _, r := range n.ops {
		if r.method == method {
			return r.op, true
		}
	}
	return -1, len(n.ops) > 0
}

// cut splits the first segment off rest; last reports that no "/" follows.
func cut(rest string) (seg, tail string, last bool) {
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[:i], rest[i+1:], false
	}
	return rest, "", true
}
