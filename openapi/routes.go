package openapi

import (
	"fmt"
	"sort"
	"strings"

	"github.com/docspec/docspec/model"
)

// A route is what OpenAPI keys an operation by: a method and a path whose
// parameters are matched by position, not by name ("/a/{x}" and "/a/{y}" are
// one path, and a spec may hold only one of them).

// templateOf gives the path with every {name} written {} — the key OpenAPI
// compares paths by — and the names in order.
func templateOf(path string) (string, []string) {
	var b strings.Builder
	var names []string
	for {
		i := strings.IndexByte(path, '{')
		if i < 0 {
			b.WriteString(path)
			return b.String(), names
		}
		j := strings.IndexByte(path[i:], '}')
		if j < 0 {
			b.WriteString(path)
			return b.String(), names
		}
		b.WriteString(path[:i])
		b.WriteString("{}")
		names = append(names, path[i+1:i+j])
		path = path[i+j+1:]
	}
}

// cutQueryTemplate removes a query template written into the path, as the
// Nova pages of BMS do (GET /v2.1/{project_id}/flavors/detail{?minDisk={minDisk}&sort_key={sort_key}}),
// braces nested: it gives the path without it, and what was cut ("" when
// there is none).
func cutQueryTemplate(path string) (string, string) {
	i := strings.Index(path, "{?")
	if j := strings.Index(path, "{&"); i < 0 || j >= 0 && j < i {
		i = j
	}
	if i < 0 {
		// The reader cut a query template at its '?': DELETE
		// .../os-interface/{port_id}{?reserve_port} reads as ...{port_id}{.
		if strings.HasSuffix(path, "{") {
			return path[:len(path)-1], "{"
		}
		return path, ""
	}
	depth := 0
	for k := i; k < len(path); k++ {
		switch path[k] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return path[:i] + path[k+1:], path[i : k+1]
			}
		}
	}
	return path[:i], path[i:]
}

// pathProblem says why a path cannot be an OpenAPI path key, or "".
// A template parameter needs a name; braces neither nest nor stand alone.
func pathProblem(path string) string {
	depth := 0
	start := 0
	seen := map[string]bool{}
	for i, r := range path {
		switch r {
		case '{':
			if depth > 0 {
				return "a '{' inside a path parameter"
			}
			depth, start = 1, i+1
		case '}':
			if depth == 0 {
				return "a '}' that closes no path parameter"
			}
			depth = 0
			name := path[start:i]
			if strings.TrimSpace(name) == "" {
				return "a path parameter with no name ({})"
			}
			if strings.ContainsAny(name, "/?#*") || strings.TrimSpace(name) != name {
				return fmt.Sprintf("path parameter {%s} is not a name", name)
			}
			if seen[name] {
				return fmt.Sprintf("path parameter {%s} appears twice", name)
			}
			seen[name] = true
		case ' ', '\t', '\n', '\r':
			return "white space in the path"
		}
	}
	if depth > 0 {
		return "a '{' that is never closed"
	}
	return ""
}

// unrepeat renames a path parameter that the path names twice
// (/os-quota-sets/{project_id} under /v2.1/{project_id}): OpenAPI keys
// parameters by name, so the later one becomes {project_id_2}, and a warning
// says so. The page's row for the name then documents the first only.
func (b *builder) unrepeat(op *model.Operation, path string) string {
	seen := map[string]int{}
	return pathParamRE.ReplaceAllStringFunc(path, func(m string) string {
		name := m[1 : len(m)-1]
		seen[name]++
		if seen[name] == 1 {
			return m
		}
		alt := fmt.Sprintf("%s_%d", name, seen[name])
		b.diag(model.SevWarning, "path-parameter-repeated", fmt.Sprintf("the path %s of %s names {%s} twice; OpenAPI names parameters once, so the later one is {%s}", path, op.ID, name, alt), op.Source)
		return "{" + alt + "}"
	})
}

// spelling is one way a path template is written, and the operations that
// write it so.
type spelling struct {
	path string
	ops  []*model.Operation
}

// unifyPaths gives every operation whose path template is also written with
// other parameter names on another page the most used spelling (the first
// in operation order on a tie), so that the spec holds one path per
// template. Each renamed operation is reported with both pages. It returns
// the operations with their renamed copies; the model is not changed.
func (b *builder) unifyPaths(ops []*model.Operation, routes map[*model.Operation]route) []*model.Operation {
	byTemplate := map[string][]*spelling{}
	for _, op := range ops {
		path := routes[op].path
		if op.Style == model.StyleRPC {
			continue
		}
		t, _ := templateOf(path)
		list := byTemplate[t]
		var sp *spelling
		for _, s := range list {
			if s.path == path {
				sp = s
			}
		}
		if sp == nil {
			sp = &spelling{path: path}
			byTemplate[t] = append(list, sp)
		}
		sp.ops = append(sp.ops, op)
	}
	renamed := map[*model.Operation]*model.Operation{}
	for _, list := range byTemplate {
		if len(list) < 2 {
			continue
		}
		best := list[0]
		for _, s := range list[1:] {
			if len(s.ops) > len(best.ops) {
				best = s
			}
		}
		_, want := templateOf(best.path)
		for _, s := range list {
			if s == best {
				continue
			}
			_, have := templateOf(s.path)
			for _, op := range s.ops {
				cp := renameParams(op, have, want)
				cp.Path = best.path
				routes[cp] = route{routes[op].method, best.path}
				renamed[op] = cp
				ref := best.ops[0].Source
				b.op = op.ID
				b.diag(model.SevWarning, "path-parameter-renamed", fmt.Sprintf("%s writes the path %s; %s (%s) writes it %s: one path in OpenAPI, named %s in the spec",
					op.ID, s.path, best.ops[0].ID, ref.String(), best.path, best.path), op.Source)
			}
		}
	}
	b.op = ""
	out := make([]*model.Operation, len(ops))
	for i, op := range ops {
		if cp := renamed[op]; cp != nil {
			op = cp
		}
		out[i] = op
	}
	return out
}

// renameParams copies op with its path parameters renamed from have[i] to
// want[i].
func renameParams(op *model.Operation, have, want []string) *model.Operation {
	to := map[string]string{}
	for i := range have {
		if i < len(want) {
			to[have[i]] = want[i]
		}
	}
	cp := *op
	cp.Parameters = make([]*model.Parameter, len(op.Parameters))
	for i, p := range op.Parameters {
		if p != nil && strings.EqualFold(p.In, model.InPath) && to[p.Name] != "" {
			q := *p
			q.Name = to[p.Name]
			p = &q
		}
		cp.Parameters[i] = p
	}
	return &cp
}

// routeKey is the key of one OpenAPI operation.
func routeKey(method, path string) string { return method + " " + path }

// sortedRouteKeys lists the keys of groups in the order first seen.
func sortedRouteKeys(order map[string]int) []string {
	keys := make([]string, 0, len(order))
	for k := range order {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return order[keys[i]] < order[keys[j]] })
	return keys
}
