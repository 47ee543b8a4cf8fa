package apiruntime

import (
	"fmt"
	"strings"
)

// router finds an operation by its path's segments: a trie whose edges are
// literal segments, one parameter edge per node, and (rarely) segments that
// mix literal text with one parameter ("{name}.json"). Literal edges win over
// mixed ones and mixed over parameters, position by position, with
// backtracking — the order in which a documented path set such as
// /apps/validation/{id} beside /apps/{id}/app-acl resolves.
type router struct {
	root node
}

type node struct {
	literal map[string]*node
	mixed   []mixedEdge
	param   *node
	ops     []routed // by method; few, so a slice
}

// mixedEdge matches a segment prefix{param}suffix.
type mixedEdge struct {
	prefix, suffix string
	next           *node
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

// segment is one template segment: literal text, or a parameter with the
// literal text around it.
type segment struct {
	literal        string
	param          bool
	prefix, suffix string
}

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
		end := strings.IndexByte(s, '}')
		if end < open || strings.ContainsAny(s[end+1:], "{}") || end == open+1 {
			return nil, fmt.Errorf("path %q: segment %q: one {parameter} per segment is supported", path, s)
		}
		out = append(out, segment{param: true, prefix: s[:open], suffix: s[end+1:]})
	}
	return out, nil
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
	case s.prefix == "" && s.suffix == "":
		if n.param == nil {
			n.param = &node{}
		}
		return n.param
	}
	for _, e := range n.mixed {
		if e.prefix == s.prefix && e.suffix == s.suffix {
			return e.next
		}
	}
	c := &node{}
	n.mixed = append(n.mixed, mixedEdge{s.prefix, s.suffix, c})
	return c
}

// match finds the operation for method at path (which starts with "/").
// vals receives the parameter values in path order. pathFound reports a
// path that some operation documents with another method.
func (rt *router) match(method, path string, vals []string) (op int, out []string, pathFound bool) {
	if len(path) == 0 || path[0] != '/' {
		return -1, vals, false
	}
	return rt.root.match(method, path[1:], vals)
}

func (n *node) match(method, rest string, vals []string) (int, []string, bool) {
	seg, tail, last := cut(rest)
	if n == nil {
		return -1, vals, false
	}
	found := false
	try := func(c *node, v string, isParam bool) (int, []string, bool) {
		if isParam {
			vals = append(vals, v)
		}
		var op int
		var f bool
		if last {
			op, f = c.leaf(method)
		} else {
			op, vals, f = c.match(method, tail, vals)
		}
		if isParam && op < 0 {
			vals = vals[:len(vals)-1]
		}
		return op, vals, f
	}
	if c := n.literal[seg]; c != nil {
		op, v, f := try(c, "", false)
		if op >= 0 {
			return op, v, true
		}
		vals, found = v, found || f
	}
	for _, e := range n.mixed {
		if len(seg) > len(e.prefix)+len(e.suffix) && strings.HasPrefix(seg, e.prefix) && strings.HasSuffix(seg, e.suffix) {
			op, v, f := try(e.next, seg[len(e.prefix):len(seg)-len(e.suffix)], true)
			if op >= 0 {
				return op, v, true
			}
			vals, found = v, found || f
		}
	}
	if n.param != nil && seg != "" {
		op, v, f := try(n.param, seg, true)
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
