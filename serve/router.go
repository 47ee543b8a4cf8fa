package serve

import (
	"net/url"
	"strings"
)

// router finds an operation by method and path: literal segments before
// parameters, so /apps/validation/{app_id} wins over /apps/{app_id}/... .
// RPC operations (/#Action paths) are found by their Action query value.
type router struct {
	root *node
	rpc  map[string]*Op // Action → operation
}

type node struct {
	literal map[string]*node
	param   *node
	name    string         // the parameter's name, on param nodes
	ops     map[string]*Op // method → operation, on nodes that end a path
}

func newNode() *node { return &node{literal: map[string]*node{}, ops: map[string]*Op{}} }

func newRouter() *router { return &router{root: newNode(), rpc: map[string]*Op{}} }

// add registers o; it reports false when another operation already holds
// its method and path (the first spec given wins).
func (rt *router) add(o *Op) bool {
	if wire, action, ok := strings.Cut(o.Path, "#"); ok && strings.Trim(wire, "/") == "" {
		if _, taken := rt.rpc[action]; taken {
			return false
		}
		rt.rpc[action] = o
		return true
	}
	n := rt.root
	for _, seg := range segments(o.Path) {
		if isParam(seg) {
			if n.param == nil {
				n.param = newNode()
				n.param.name = paramName(seg)
			}
			n = n.param
			continue
		}
		next := n.literal[seg]
		if next == nil {
			next = newNode()
			n.literal[seg] = next
		}
		n = next
	}
	if _, taken := n.ops[o.Method]; taken {
		return false
	}
	n.ops[o.Method] = o
	return true
}

// find returns the operation and path parameters for a request; found
// reports whether the path exists for another method (405 rather than 404).
func (rt *router) find(method string, u *url.URL) (op *Op, params map[string]string, pathExists bool) {
	if strings.Trim(u.Path, "/") == "" {
		if o := rt.rpc[u.Query().Get("Action")]; o != nil {
			return o, map[string]string{}, true
		}
	}
	segs := segments(u.Path)
	params = map[string]string{}
	n := rt.match(rt.root, segs, params)
	if n == nil {
		return nil, nil, false
	}
	if o := n.ops[method]; o != nil {
		return o, params, true
	}
	return nil, nil, len(n.ops) > 0
}

func (rt *router) match(n *node, segs []string, params map[string]string) *node {
	if len(segs) == 0 {
		if len(n.ops) == 0 {
			return nil
		}
		return n
	}
	if next := n.literal[segs[0]]; next != nil {
		if m := rt.match(next, segs[1:], params); m != nil {
			return m
		}
	}
	if n.param != nil && segs[0] != "" {
		if m := rt.match(n.param, segs[1:], params); m != nil {
			params[n.param.name] = segs[0]
			return m
		}
	}
	return nil
}
