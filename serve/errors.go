package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// errorShape writes an error in a provider's documented body. It is read
// from the spec: the properties of its documented error bodies.
type errorShape struct {
	code, message, requestID string // property names; requestID may be ""
	catalogue                map[int][]string
}

// shapeOf reads the error body a spec documents: {error_code, error_msg}
// (Huawei family) or {Code, Message, RequestId} (Alibaba's RPC APIs).
func shapeOf(doc *openapi3.T) *errorShape {
	e := &errorShape{code: "error_code", message: "error_msg", catalogue: catalogue(doc)}
	for _, name := range sortedKeys(doc.Components.Schemas) {
		s := doc.Components.Schemas[name].Value
		if s == nil {
			continue
		}
		if _, ok := s.Properties["Code"]; ok {
			if _, ok := s.Properties["Message"]; ok {
				e.code, e.message = "Code", "Message"
				if _, ok := s.Properties["RequestId"]; ok {
					e.requestID = "RequestId"
				}
			}
		}
	}
	if rpc(doc) && e.requestID == "" {
		// Alibaba's pages document errors only where they state them; the RPC
		// dialect's common error body is {Code, Message, RequestId}.
		e.code, e.message, e.requestID = "Code", "Message", "RequestId"
	}
	return e
}

func rpc(doc *openapi3.T) bool {
	for _, p := range doc.Paths.Map() {
		for _, op := range p.Operations() {
			if _, ok := op.Extensions["x-docspec-rpc"]; ok {
				return true
			}
		}
	}
	return false
}

// catalogue reads the root x-docspec-error-codes: codes per status, in order.
func catalogue(doc *openapi3.T) map[int][]string {
	out := map[int][]string{}
	raw, ok := doc.Extensions["x-docspec-error-codes"]
	if !ok {
		return out
	}
	b, _ := json.Marshal(raw)
	var entries []struct {
		Code   string `json:"code"`
		Status any    `json:"status"`
	}
	if json.Unmarshal(b, &entries) != nil {
		return out
	}
	for _, e := range entries {
		n, err := strconv.Atoi(fmt.Sprint(e.Status))
		if err == nil && e.Code != "" {
			out[n] = append(out[n], e.Code)
		}
	}
	return out
}

// codeFor is the error code to answer with: the operation's own for that
// status (from its response's x-docspec-error-codes or its example), else
// the catalogue's first for that status, else a code naming the status.
func (e *errorShape) codeFor(op *openapi3.Operation, status int) string {
	if op != nil {
		if r := op.Responses.Value(strconv.Itoa(status)); r != nil && r.Value != nil {
			if codes := stringsOf(r.Value.Extensions["x-docspec-error-codes"]); len(codes) > 0 {
				return codes[0]
			}
			if mt := r.Value.Content.Get("application/json"); mt != nil {
				for _, k := range sortedKeys(mt.Examples) {
					if ex := mt.Examples[k]; ex != nil && ex.Value != nil {
						if m, ok := ex.Value.Value.(map[string]any); ok {
							if c, ok := m[e.code].(string); ok && c != "" {
								return c
							}
						}
					}
				}
			}
		}
	}
	if codes := e.catalogue[status]; len(codes) > 0 {
		return codes[0]
	}
	return "DOCSPEC." + strconv.Itoa(status)
}

func stringsOf(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// write answers status with code and message in the provider's shape.
func (e *errorShape) write(w http.ResponseWriter, status int, code, message string, requestID string) {
	body := map[string]string{e.code: code, e.message: message}
	if e.requestID != "" {
		body[e.requestID] = requestID
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	b, err := json.Marshal(body)
	if err != nil {
		b = []byte(`{}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

// clean makes a validation error one line without the schema dump kin-openapi appends.
func clean(err error) string {
	s := err.Error()
	if i := strings.Index(s, "\nSchema:"); i >= 0 {
		s = s[:i]
	}
	return strings.Join(strings.Fields(s), " ")
}
