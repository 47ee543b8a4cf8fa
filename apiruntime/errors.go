package apiruntime

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/docspec/docspec/conventions"
)

// ErrorShape names the fields of an error body (conventions.ErrorShape).
type ErrorShape = conventions.ErrorShape

// Answer is a documented error answer: status, code, message
// (conventions.Answer). A 400's message is a format with one %s, the
// parameter.
type Answer = conventions.Answer

// ErrNotImplemented is what a server answers for an operation it has no
// handler for; the server answers it with 501.
var ErrNotImplemented = errors.New("operation not implemented")

// Error is a request refused because it breaks what the documentation
// states, or an answer the server gives instead of the handler's (unknown
// route, body too large, not implemented). Status and Body are the answer.
type Error struct {
	OperationID string            // "" when no operation was matched
	Status      int               // the HTTP status answered
	Parameter   string            // the offending parameter or field; "" for a missing credential
	Body        map[string]string // the error body, in the provider's shape
	Err         error             // what exactly is wrong
}

func (e *Error) Error() string {
	detail := ""
	if e.Err != nil {
		detail, _, _ = strings.Cut(e.Err.Error(), "\n")
	}
	b, _ := json.Marshal(e.Body)
	return fmt.Sprintf("%s: %d %s: %s", e.OperationID, e.Status, b, detail)
}

func (e *Error) Unwrap() error { return e.Err }

// Write answers the request with e: its status and its body as JSON.
func (e *Error) Write(w http.ResponseWriter) {
	b, _ := json.Marshal(e.Body)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Del("Content-Length")
	w.WriteHeader(e.Status)
	_, _ = w.Write(append(b, '\n'))
}

// NewError builds the answer a in shape sh. For a 400 the parameter fills
// the message's %s; a shape with a request-id field gets a fresh id.
func NewError(sh ErrorShape, a Answer, opID, param string, err error) *Error {
	msg := a.Message
	if a.Status == http.StatusBadRequest && strings.Contains(msg, "%") {
		msg = fmt.Sprintf(a.Message, param)
	}
	body := map[string]string{sh.Code: a.Code, sh.Message: msg}
	if sh.RequestID != "" {
		body[sh.RequestID] = requestID()
	}
	return &Error{OperationID: opID, Status: a.Status, Parameter: param, Body: body, Err: err}
}

func requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%X-%X-%X-%X-%X", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
