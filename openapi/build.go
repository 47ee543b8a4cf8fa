package openapi

import (
	"errors"
	"fmt"
	"github.com/docspec/docspec/conventions"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/model"
)

type builder struct {
	svc   *model.Service
	reg   *registry
	diags []*model.Diagnostic
	op    string // operation being built, for diagnostics
	// checks run after component names are assigned, so messages can name them.
	checks []func()
	// itemsOf marks schemas that are the items of an array, for messages.
	itemsOf map[*model.Schema]bool
	// schemeHeaders is the header each security scheme is sent in.
	schemeHeaders map[string]string
	// sources is the page of each OpenAPI operation, for the error that
	// leaves it out when it cannot go into a valid document.
	sources map[*openapi3.Operation]model.Source
}

type route struct{ method, path string }

func (b *builder) diag(sev, code, msg string, src model.Source) {
	b.diags = append(b.diags, &model.Diagnostic{Severity: sev, Code: code, Message: msg, Operation: b.op, Source: src})
}

// Build turns svc into an OpenAPI 3.0.3 document per docs/CONVENTIONS.md.
// The diagnostics say what the pages leave unsaid or contradict; they are
// sorted (file, line, operation, code, message). The document is valid
// (Validate): an operation that cannot go into a valid document is left out
// with an error diagnostic at its page, and the others are kept. The error is
// non-nil only when there is nothing to build from, or when the document
// stays invalid without any operation to blame.
func Build(svc *model.Service) (*openapi3.T, []*model.Diagnostic, error) {
	if svc == nil {
		return nil, nil, errors.New("spec: nil service")
	}
	b := &builder{svc: svc, reg: newRegistry(), itemsOf: map[*model.Schema]bool{}, sources: map[*openapi3.Operation]model.Source{}}
	title := svc.Title
	if title == "" {
		title = svc.Name
	}
	version := svc.Version
	if version == "" {
		version = "unversioned"
	}
	doc := &openapi3.T{
		OpenAPI: "3.0.3",
		Info: &openapi3.Info{
			Title:       title,
			Description: svc.Description,
			Version:     version,
		},
		Paths:      openapi3.NewPaths(),
		Components: &openapi3.Components{Schemas: openapi3.Schemas{}},
	}
	conventions.SetProvider(&doc.Info.Extensions, svc.Provider)

	schemes := b.securitySchemes(doc)
	doc.Servers = servers(svc)

	ops := make([]*model.Operation, 0, len(svc.Operations))
	for _, op := range svc.Operations {
		if op != nil {
			ops = append(ops, op)
		}
	}
	// Sorted so component names and dedup choices do not depend on reader order.
	sort.SliceStable(ops, func(i, j int) bool {
		a, c := ops[i], ops[j]
		if a.ID != c.ID {
			return a.ID < c.ID
		}
		if a.Method != c.Method {
			return a.Method < c.Method
		}
		return a.Path < c.Path
	})
	routes := map[*model.Operation]route{}
	var kept []*model.Operation
	seenIDs := map[string]bool{}
	for _, op := range ops {
		b.op = op.ID
		if op.ID == "" {
			b.diag(model.SevError, "operation-id-missing", "operation "+op.Method+" "+op.Path+" has no name; skipped", op.Source)
			continue
		}
		if seenIDs[op.ID] {
			b.diag(model.SevError, "operation-id-duplicate", "operation "+op.ID+" is documented twice; the later one is skipped", op.Source)
			continue
		}
		method, path, ok := b.route(op)
		if !ok {
			continue
		}
		seenIDs[op.ID] = true
		routes[op] = route{method, path}
		kept = append(kept, op)
	}
	b.op = ""
	kept = b.unifyPaths(kept, routes)

	// Operations on one method and path become one OpenAPI operation.
	groups := map[string][]variant{}
	order := map[string]int{}
	for _, op := range kept {
		r := routes[op]
		b.op = op.ID
		k := routeKey(r.method, r.path)
		if _, ok := order[k]; !ok {
			order[k] = len(order)
		}
		groups[k] = append(groups[k], variant{op, b.operation(op, r.path, schemes)})
	}
	b.op = ""
	tags := map[string]bool{}
	for _, k := range sortedRouteKeys(order) {
		vs := groups[k]
		r := routes[vs[0].model]
		o := vs[0].op
		if len(vs) > 1 {
			o = b.joinVariants(r.method, r.path, vs)
		}
		b.sources[o] = vs[0].model.Source
		doc.AddOperation(r.path, r.method, o)
		for _, t := range o.Tags {
			tags[t] = true
		}
	}
	b.op = ""

	b.reg.assign(doc.Components.Schemas)
	for _, check := range b.checks {
		check()
	}
	keepContradictionsAsEvidence(doc)

	for _, t := range slices.Sorted(maps.Keys(tags)) {
		doc.Tags = append(doc.Tags, &openapi3.Tag{Name: t})
	}
	conventions.SetCatalogue(&doc.Extensions, errorCatalogue(svc.ErrorCodes))
	if len(doc.Components.Schemas) == 0 {
		doc.Components.Schemas = nil
	}
	err := b.leaveOutInvalid(doc)
	model.SortDiagnostics(b.diags)
	if err != nil {
		return nil, b.diags, fmt.Errorf("the spec of %s does not validate: %w", svc.Name, err)
	}
	return doc, b.diags, nil
}

func (b *builder) securitySchemes(doc *openapi3.T) map[string]bool {
	known := map[string]bool{}
	for _, s := range b.svc.Security {
		if s == nil || s.Name == "" {
			continue
		}
		if known[s.Name] {
			b.diag(model.SevWarning, "security-scheme-duplicate", "security scheme "+s.Name+" is described twice; the first is kept", s.Source)
			continue
		}
		header := s.Header
		switch {
		case header != "":
		case s.Kind == model.SecurityAKSK:
			header = "Authorization"
		default:
			header = "X-Auth-Token"
		}
		if s.Kind != model.SecurityAPIKey && s.Kind != model.SecurityAKSK {
			b.diag(model.SevWarning, "security-kind-unknown", fmt.Sprintf("security scheme %s has kind %q; emitted as an apiKey header", s.Name, s.Kind), s.Source)
		}
		known[s.Name] = true
		if b.schemeHeaders == nil {
			b.schemeHeaders = map[string]string{}
		}
		b.schemeHeaders[s.Name] = header
		if doc.Components.SecuritySchemes == nil {
			doc.Components.SecuritySchemes = openapi3.SecuritySchemes{}
		}
		doc.Components.SecuritySchemes[s.Name] = &openapi3.SecuritySchemeRef{Value: &openapi3.SecurityScheme{
			Type: "apiKey", In: "header", Name: header, Description: s.Description,
		}}
	}
	if len(known) == 0 && !b.anyOperationSecurity() {
		b.profileCredential(doc, known)
	}
	// The service's authentication methods are its default: any one of them
	// (the authentication page states them for every API). An operation
	// whose tables name a header keeps its own requirement.
	var names []string
	for n := range known {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) > 0 {
		reqs := openapi3.SecurityRequirements{}
		for _, n := range names {
			reqs = append(reqs, openapi3.NewSecurityRequirement().Authenticate(n))
		}
		doc.Security = reqs
	}
	return known
}

func (b *builder) anyOperationSecurity() bool {
	for _, op := range b.svc.Operations {
		if op != nil && len(op.Security) > 0 {
			return true
		}
	}
	return false
}

// profileCredential states the provider's own authentication for a spec
// whose pages state none: a consumer must know how to call it, and the
// provider profile, not a page, says so (its description says that too).
func (b *builder) profileCredential(doc *openapi3.T, known map[string]bool) {
	c := conventions.ProfileFor(b.svc.Provider).Credential
	if c == nil || len(b.svc.Operations) == 0 || b.svc.Operations[0] == nil {
		return
	}
	if doc.Components.SecuritySchemes == nil {
		doc.Components.SecuritySchemes = openapi3.SecuritySchemes{}
	}
	doc.Components.SecuritySchemes[c.Scheme] = &openapi3.SecuritySchemeRef{Value: &openapi3.SecurityScheme{
		Type: "apiKey", In: c.In, Name: c.Name, Description: c.Description,
	}}
	known[c.Scheme] = true
	b.diag(model.SevNote, "security-from-profile", fmt.Sprintf("no page states an authentication method; security scheme %s (%s %s) is the %s provider profile's", c.Scheme, c.In, c.Name, b.svc.Provider), model.Source{File: b.svc.Operations[0].Source.File})
}

// servers states the base URLs the pages' request lines show (and the
// configuration adds): a {name} host is a server variable whose default is
// its own name, since the pages give no host for it.
func servers(svc *model.Service) openapi3.Servers {
	var out openapi3.Servers
	for _, s := range svc.Servers {
		if s == nil || s.URL == "" {
			continue
		}
		srv := &openapi3.Server{URL: s.URL}
		for _, m := range pathParamRE.FindAllStringSubmatch(s.URL, -1) {
			if srv.Variables == nil {
				srv.Variables = map[string]*openapi3.ServerVariable{}
			}
			srv.Variables[m[1]] = &openapi3.ServerVariable{Default: m[1],
				Description: "The endpoint of your region; no page gives its host."}
		}
		setSource(&srv.Extensions, s.Source)
		out = append(out, srv)
	}
	return out
}

var pathParamRE = regexp.MustCompile(`\{([^{}]+)\}`)

var methods = map[string]bool{
	http.MethodGet: true, http.MethodPut: true, http.MethodPost: true, http.MethodDelete: true,
	http.MethodOptions: true, http.MethodHead: true, http.MethodPatch: true, http.MethodTrace: true,
}

// route gives an operation's method and OpenAPI path key.
func (b *builder) route(op *model.Operation) (string, string, bool) {
	method := strings.ToUpper(strings.TrimSpace(op.Method))
	if op.Style == model.StyleRPC {
		action := op.Action
		if action == "" {
			action = op.ID
			b.diag(model.SevWarning, "rpc-action-missing", "RPC operation "+op.ID+" names no Action; its name is used", op.Source)
		}
		if method == "" {
			method = http.MethodPost
			b.diag(model.SevNote, "method-missing", "RPC operation "+op.ID+" states no HTTP method; POST is used", op.Source)
		}
		if !methods[method] {
			b.diag(model.SevError, "method-unknown", fmt.Sprintf("operation %s has method %q; skipped", op.ID, op.Method), op.Source)
			return "", "", false
		}
		return method, "/#" + action, true
	}
	if !methods[method] {
		b.diag(model.SevError, "method-unknown", fmt.Sprintf("operation %s has method %q; skipped", op.ID, op.Method), op.Source)
		return "", "", false
	}
	path := strings.TrimSpace(op.Path)
	if p, q := cutQueryTemplate(path); q != "" {
		b.diag(model.SevNote, "path-query-dropped", fmt.Sprintf("the query template %q of the path of %s is not part of an OpenAPI path; dropped", q, op.ID), op.Source)
		path = p
	}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		b.diag(model.SevNote, "path-query-dropped", fmt.Sprintf("the query part %q of the path of %s is not part of an OpenAPI path; dropped", path[i:], op.ID), op.Source)
		path = path[:i]
	}
	if path == "" {
		b.diag(model.SevError, "path-missing", "operation "+op.ID+" states no path; skipped", op.Source)
		return "", "", false
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	path = b.unrepeat(op, path)
	if why := pathProblem(path); why != "" {
		b.diag(model.SevError, "path-invalid", fmt.Sprintf("the path %s of %s cannot be an OpenAPI path: %s; the operation is left out", path, op.ID, why), op.Source)
		return "", "", false
	}
	return method, path, true
}

func (b *builder) operation(op *model.Operation, path string, schemes map[string]bool) *openapi3.Operation {
	o := &openapi3.Operation{
		OperationID: op.ID,
		Summary:     op.Summary,
		Description: op.Description,
		Responses:   openapi3.NewResponses(),
	}
	o.Tags = uniqueSorted(op.Tags)
	ext := map[string]any{}
	setSource(&ext, op.Source)
	conventions.SetStrings(&ext, conventions.KeyNotes, op.Notes)
	if op.Style == model.StyleRPC {
		conventions.SetRPC(&ext, strings.TrimPrefix(path, "/#"))
	}
	o.Extensions = ext

	o.Parameters = b.parameters(op, path)
	if op.RequestBody != nil {
		o.RequestBody = b.requestBody(op)
	}
	b.responses(op, o)

	var reqs openapi3.SecurityRequirements
	for _, name := range uniqueSorted(op.Security) {
		if !schemes[name] {
			b.diag(model.SevWarning, "security-scheme-unknown", fmt.Sprintf("operation %s uses security scheme %q that no page describes; not emitted", op.ID, name), op.Source)
			continue
		}
		reqs = append(reqs, openapi3.NewSecurityRequirement().Authenticate(name))
	}
	if len(reqs) > 0 {
		reqs = b.alternatives(op, reqs, schemes)
		o.Security = &reqs
		b.credentialHeadersOptional(o, reqs)
	}
	return o
}

// alternatives adds to an operation's own security the service's other
// schemes: the authentication page describes them for every API (an APIG
// page names X-Auth-Token, and the same API accepts an AK/SK signature).
func (b *builder) alternatives(op *model.Operation, reqs openapi3.SecurityRequirements, schemes map[string]bool) openapi3.SecurityRequirements {
	own := map[string]bool{}
	for _, n := range op.Security {
		own[n] = true
	}
	for _, n := range slices.Sorted(maps.Keys(schemes)) {
		if !own[n] {
			reqs = append(reqs, openapi3.NewSecurityRequirement().Authenticate(n))
		}
	}
	sort.Slice(reqs, func(i, j int) bool { return firstKey(reqs[i]) < firstKey(reqs[j]) })
	return reqs
}

func firstKey(r openapi3.SecurityRequirement) string {
	for k := range r {
		return k
	}
	return ""
}

// credentialHeadersOptional: where an operation accepts several schemes, the
// header of one (X-Auth-Token) is not required of a request that uses another
// (a signed one); the security requirement, not the parameter, demands it.
func (b *builder) credentialHeadersOptional(o *openapi3.Operation, reqs openapi3.SecurityRequirements) {
	if len(reqs) < 2 {
		return
	}
	for _, p := range o.Parameters {
		if p.Value == nil || p.Value.In != model.InHeader || !p.Value.Required {
			continue
		}
		for _, r := range reqs {
			if strings.EqualFold(b.schemeHeaders[firstKey(r)], p.Value.Name) {
				p.Value.Required = false
			}
		}
	}
}

func (b *builder) parameters(op *model.Operation, path string) openapi3.Parameters {
	var out openapi3.Parameters
	inTemplate := map[string]bool{}
	var templ []string
	for _, m := range pathParamRE.FindAllStringSubmatch(path, -1) {
		if !inTemplate[m[1]] {
			templ = append(templ, m[1])
		}
		inTemplate[m[1]] = true
	}
	seen := map[string]bool{}
	documented := map[string]bool{}
	for _, p := range op.Parameters {
		if p == nil || p.Name == "" {
			continue
		}
		in := strings.ToLower(p.In)
		switch in {
		case model.InPath, model.InQuery, model.InHeader, model.InCookie:
		default:
			b.diag(model.SevWarning, "parameter-location-unknown", fmt.Sprintf("parameter %s is in %q; skipped", p.Name, p.In), p.Source)
			continue
		}
		key := in + "\x00" + strings.ToLower(p.Name)
		if seen[key] {
			b.diag(model.SevWarning, "parameter-duplicate", fmt.Sprintf("%s parameter %s is listed twice; the first row is kept", in, p.Name), p.Source)
			continue
		}
		seen[key] = true
		required := p.Required
		if in == model.InPath {
			if !inTemplate[p.Name] {
				b.diag(model.SevWarning, "path-parameter-not-in-path", fmt.Sprintf("path parameter %s is not in the path %s; skipped", p.Name, path), p.Source)
				continue
			}
			documented[p.Name] = true
			if !required {
				b.diag(model.SevWarning, "path-parameter-not-required", fmt.Sprintf("path parameter %s is marked optional; path parameters are always required", p.Name), p.Source)
				required = true
			}
		}
		out = append(out, &openapi3.ParameterRef{Value: b.parameter(p, in, required)})
	}
	for _, name := range templ {
		if documented[name] || op.Style == model.StyleRPC {
			continue
		}
		b.diag(model.SevWarning, "path-parameter-undocumented", fmt.Sprintf("path parameter {%s} has no row in the parameter tables; emitted as a string", name), op.Source)
		out = append(out, &openapi3.ParameterRef{Value: &openapi3.Parameter{
			Name: name, In: model.InPath, Required: true,
			Schema: &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{model.TypeString}}},
		}})
	}
	if op.Style == model.StyleRPC {
		out = b.actionParameter(op, out, strings.TrimPrefix(path, "/#"))
	}
	return out
}

// actionParameter adds (or pins) the required query parameter Action whose
// only value is the operation's Action.
func (b *builder) actionParameter(op *model.Operation, params openapi3.Parameters, action string) openapi3.Parameters {
	schema := &openapi3.Schema{Type: &openapi3.Types{model.TypeString}, Enum: []any{action}}
	for _, p := range params {
		if p.Value.In == model.InQuery && p.Value.Name == "Action" {
			p.Value.Required = true
			desc := p.Value.Schema.Value.Description
			p.Value.Schema = &openapi3.SchemaRef{Value: schema}
			schema.Description = desc
			return params
		}
	}
	p := &openapi3.Parameter{Name: "Action", In: model.InQuery, Required: true, Description: "The operation to perform.", Schema: &openapi3.SchemaRef{Value: schema}}
	return append(openapi3.Parameters{{Value: p}}, params...)
}

func (b *builder) parameter(p *model.Parameter, in string, required bool) *openapi3.Parameter {
	if p.Schema == nil {
		b.diag(model.SevWarning, "type-missing", "the page states no type for "+in+" parameter "+p.Name+"; the schema has none", p.Source)
	}
	s := b.convert(p.Schema, 0)
	desc := s.Description
	s.Description = ""
	src := p.Source
	if src.File == "" && p.Schema != nil {
		src = p.Schema.Source
	}
	out := &openapi3.Parameter{
		Name: p.Name, In: in, Required: required, Description: desc,
		Schema: &openapi3.SchemaRef{Value: s},
	}
	setSource(&out.Extensions, src)
	return out
}

func (b *builder) requestBody(op *model.Operation) *openapi3.RequestBodyRef {
	body := op.RequestBody
	ct := contentType(body.ContentType)
	mt := &openapi3.MediaType{}
	rb := &openapi3.RequestBody{Content: openapi3.Content{ct: mt}}
	setSource(&rb.Extensions, body.Source)
	if body.Schema != nil {
		s := b.convert(body.Schema, 0)
		rb.Description, s.Description = s.Description, ""
		rb.Required = len(s.Required) > 0
		_, mt.Schema = b.reg.addFixed(op.ID+"Request", s)
	}
	mt.Examples = b.examples(body, nil, "request body", mt.Schema, true)
	return &openapi3.RequestBodyRef{Value: rb}
}

func (b *builder) responses(op *model.Operation, o *openapi3.Operation) {
	type st struct {
		key string
		r   *model.Response
	}
	var list []st
	seen := map[string]bool{}
	success := 0
	for _, r := range op.Responses {
		if r == nil {
			continue
		}
		key, ok := statusKey(r.Status)
		if !ok {
			b.diag(model.SevWarning, "status-invalid", fmt.Sprintf("status %q is not an HTTP status; skipped", r.Status), r.Source)
			continue
		}
		if seen[key] {
			b.diag(model.SevWarning, "status-duplicate", fmt.Sprintf("status %s is documented twice; the first is kept", key), r.Source)
			continue
		}
		seen[key] = true
		list = append(list, st{key, r})
		if key[0] == '2' && r.Body != nil && r.Body.Schema != nil {
			success++
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].key < list[j].key }) // "default" sorts after digits
	hasSuccess := false
	for _, e := range list {
		if e.key[0] == '2' {
			hasSuccess = true
		}
		o.Responses.Set(e.key, &openapi3.ResponseRef{Value: b.response(op, e.key, e.r, success > 1)})
	}
	if !hasSuccess {
		b.diag(model.SevWarning, "success-response-missing", "operation "+op.ID+" documents no 2xx response", op.Source)
	}
	if len(list) == 0 {
		desc := "The page documents no response."
		o.Responses.Set("default", &openapi3.ResponseRef{Value: &openapi3.Response{Description: &desc}})
	}
}

func statusKey(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "default") {
		return "default", true
	}
	if len(s) == 3 && s[0] >= '1' && s[0] <= '5' {
		if strings.EqualFold(s[1:], "xx") {
			return s[:1] + "XX", true
		}
		if _, err := strconv.Atoi(s); err == nil {
			return s, true
		}
	}
	return "", false
}

func isError(key string) bool {
	return key == "default" || key[0] == '4' || key[0] == '5'
}

func (b *builder) response(op *model.Operation, key string, r *model.Response, suffix bool) *openapi3.Response {
	desc := strings.TrimSpace(r.Description)
	if desc == "" {
		if code, err := strconv.Atoi(key); err == nil {
			desc = http.StatusText(code)
		}
	}
	if desc == "" {
		desc = "Status " + key
	}
	out := &openapi3.Response{Description: &desc}
	ext := map[string]any{}
	setSource(&ext, r.Source)
	codes := uniqueSorted(r.ErrorCodes)
	conventions.SetStrings(&ext, conventions.KeyErrorCodes, codes)
	out.Extensions = ext
	for _, h := range r.Headers {
		if h == nil || h.Name == "" {
			continue
		}
		if out.Headers == nil {
			out.Headers = openapi3.Headers{}
		}
		if _, dup := out.Headers[h.Name]; dup {
			b.diag(model.SevWarning, "header-duplicate", "response header "+h.Name+" is listed twice; the first row is kept", h.Source)
			continue
		}
		p := b.parameter(h, model.InHeader, h.Required)
		p.Name, p.In = "", ""
		out.Headers[h.Name] = &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: *p}}
	}
	if r.Body == nil {
		return out
	}
	mt := &openapi3.MediaType{}
	out.Content = openapi3.Content{contentType(r.Body.ContentType): mt}
	if s := r.Body.Schema; s != nil {
		switch {
		case key[0] == '2':
			name := op.ID + "Response"
			if suffix {
				name += key
			}
			v := b.convert(s, 0)
			_, mt.Schema = b.reg.addFixed(name, v)
		default:
			base := goName(s.Name)
			if base == "" {
				if isError(key) {
					base = "Error"
				} else {
					base = op.ID + "Response" + key
				}
			}
			mt.Schema = b.reg.use(base, s, func() *openapi3.Schema { return b.convert(s, 0) })
		}
	}
	mt.Examples = b.examples(r.Body, codes, "response "+key, mt.Schema, false)
	return out
}

func contentType(ct string) string {
	ct = strings.TrimSpace(ct)
	if ct == "" {
		return "application/json"
	}
	return ct
}

func errorCatalogue(codes []*model.ErrorCode) []conventions.ErrorCode {
	list := make([]*model.ErrorCode, 0, len(codes))
	for _, c := range codes {
		if c != nil && c.Code != "" {
			list = append(list, c)
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Code != list[j].Code {
			return list[i].Code < list[j].Code
		}
		return list[i].Status < list[j].Status
	})
	var out []conventions.ErrorCode
	for _, c := range list {
		out = append(out, conventions.ErrorCode{Code: c.Code, Status: c.Status, Message: c.Message, Description: c.Description, Solution: c.Solution})
	}
	return out
}

func uniqueSorted(in []string) []string {
	m := map[string]bool{}
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			m[s] = true
		}
	}
	return slices.Sorted(maps.Keys(m))
}
