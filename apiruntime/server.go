package apiruntime

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
)

// Route is one operation's handler as a generated server registers it:
// Pattern is its net/http pattern, whose {names} the handler reads with
// r.PathValue.
type Route struct {
	OperationID, Pattern string
	Handler              http.HandlerFunc
}

// Mux is where Mount registers its one handler ([http.ServeMux] or any mux
// with HandleFunc).
type Mux interface {
	HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request))
}

// Mount registers on m, at basePath+"/", one handler that routes every
// request to its operation (net/http patterns refuse documented path sets
// such as /apps/{app_id}/app-acl beside /apps/validation/{app_id}), checks
// it (Check) and calls the operation's route. Unknown paths, methods and
// Actions get the provider's 404/405, an operation without route 501 — all
// in the provider's error body.
func (a *API) Mount(m Mux, basePath string, routes []Route) {
	m.HandleFunc(basePath+"/", a.Handler(basePath, routes))
}

// Handler is the handler Mount registers.
func (a *API) Handler(basePath string, routes []Route) http.HandlerFunc {
	type bound struct {
		keys    []string // the route pattern's path value names, in order
		handler http.HandlerFunc
	}
	byOp := make([]*bound, len(a.ops))
	index := map[string]int{}
	for i, p := range a.ops {
		index[p.ID] = i
	}
	for _, rt := range routes {
		if i, ok := index[rt.OperationID]; ok {
			byOp[i] = &bound{keys: patternKeys(rt.Pattern), handler: rt.Handler}
		}
	}
	return func(w http.ResponseWriter, r *http.Request) {
		m, verr := a.find(r, basePath)
		if verr != nil {
			verr.Write(w)
			return
		}
		b := byOp[m.op.index]
		if b == nil {
			m.op.fail(a.spec.NotImplemented, "", ErrNotImplemented).Write(w)
			return
		}
		for i, k := range b.keys {
			if i < len(m.op.params) {
				r.SetPathValue(k, m.vals[i])
			}
		}
		if _, verr := a.Check(w, r, m); verr != nil {
			verr.Write(w)
			return
		}
		b.handler(w, r)
	}
}

// patternKeys lists the {names} of a net/http pattern.
func patternKeys(pattern string) []string {
	var keys []string
	for {
		open := strings.IndexByte(pattern, '{')
		if open < 0 {
			return keys
		}
		end := strings.IndexByte(pattern[open:], '}')
		if end < 0 {
			return keys
		}
		keys = append(keys, strings.TrimSuffix(pattern[open+1:open+end], "..."))
		pattern = pattern[open+end+1:]
	}
}

// ValidateRequest checks r, before it is sent or when it is received,
// against the operation it addresses (by the longest documented path that
// ends its URL path, or by its Action): nil or an *Error. r.Body stays
// readable.
func (a *API) ValidateRequest(r *http.Request) error {
	m, ok := a.findSuffix(r)
	if !ok {
		return a.answer(a.spec.NotFound, "", errors.New(r.Method+" "+r.URL.Path+": no documented operation"))
	}
	if _, verr := a.Check(nil, r, m); verr != nil {
		return verr
	}
	return nil
}

// WriteError answers a request that failed after routing — a parameter the
// binder could not read, a body the handler could not decode, a handler's
// error — in the provider's error body: an *Error as it is,
// ErrNotImplemented as 501, an error naming a parameter (a ParamName field,
// as oapi-codegen's binder errors have) as the operation's 400, any other
// request error as 400 about the body. Generated servers use it as their
// error handlers.
func (a *API) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	a.errorFor(r, err, http.StatusBadRequest).Write(w)
}

// WriteResponseError answers a handler's failure: 501 for
// ErrNotImplemented, else the provider's 500.
func (a *API) WriteResponseError(w http.ResponseWriter, r *http.Request, err error) {
	a.errorFor(r, err, http.StatusInternalServerError).Write(w)
}

func (a *API) errorFor(r *http.Request, err error, status int) *Error {
	var verr *Error
	if errors.As(err, &verr) {
		return verr
	}
	m, ok := a.findSuffix(r)
	fail := func(ans Answer, param string) *Error {
		if ok {
			return m.op.fail(ans, param, err)
		}
		return a.answer(ans, param, err)
	}
	switch {
	case errors.Is(err, ErrNotImplemented):
		return fail(a.spec.NotImplemented, "")
	case status == http.StatusInternalServerError:
		return fail(a.spec.Internal, "")
	}
	bad := a.spec.NotFound
	if ok {
		bad = m.op.BadRequest
	} else if b, found := a.anyBadRequest(); found {
		bad = b
	}
	param := paramOf(err)
	if param == "" {
		param = "body"
	}
	return fail(bad, param)
}

// anyBadRequest is the first operation's 400, for an error on a request
// that no operation matches.
func (a *API) anyBadRequest() (Answer, bool) {
	if len(a.ops) == 0 {
		return Answer{}, false
	}
	return a.ops[0].BadRequest, true
}

// paramOf reads the ParamName field of the first error in err's chain that
// has one.
func paramOf(err error) string {
	for err != nil {
		v := reflect.ValueOf(err)
		if v.Kind() == reflect.Pointer && !v.IsNil() {
			v = v.Elem()
		}
		if v.Kind() == reflect.Struct {
			if f := v.FieldByName("ParamName"); f.IsValid() && f.Kind() == reflect.String {
				return f.String()
			}
		}
		err = errors.Unwrap(err)
	}
	return ""
}
