package drift

import (
	"bytes"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/docspec/docspec/conventions"
)

// Positions come from the loaded document: Load asks kin-openapi for
// origins (the line of each element's key and the end of its block, the
// line of each field), so a spec is parsed once. Only a pointer that goes
// inside an extension's value (an entry of the root's error-code
// catalogue) needs lines kin-openapi does not keep; the bytes are parsed
// for those the first time one is asked for.

// docIndex builds the index of a loaded document; a document loaded
// without origins (or nil) falls back to parsing raw.
func docIndex(doc *openapi3.T, raw []byte) *index {
	if doc == nil || doc.Origin == nil || doc.Origin.Key == nil {
		return newIndex(raw)
	}
	ix := &index{doc: doc, raw: raw}
	w := &spanWalker{ix: ix, seen: map[uintptr]bool{}}
	w.walk(reflect.ValueOf(doc), 0)
	// Map order is random: sort so that the innermost span is found the
	// same way every time.
	sort.SliceStable(ix.sources, func(i, j int) bool {
		a, b := ix.sources[i], ix.sources[j]
		if a.start != b.start {
			return a.start < b.start
		}
		if a.end != b.end {
			return a.end > b.end
		}
		return a.depth < b.depth
	})
	return ix
}

var (
	originType     = reflect.TypeOf((*openapi3.Origin)(nil))
	extensionsType = reflect.TypeOf(map[string]any(nil))
)

// spanWalker records, for every element with an x-docspec-source, the
// lines its block spans.
type spanWalker struct {
	ix   *index
	seen map[uintptr]bool
}

func (w *spanWalker) walk(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || w.seen[v.Pointer()] {
			return
		}
		w.seen[v.Pointer()] = true
		if p, ok := v.Interface().(*openapi3.Paths); ok {
			for _, k := range p.InMatchingOrder() {
				w.walk(reflect.ValueOf(p.Value(k)), depth+1)
			}
			return
		}
		if r, ok := v.Interface().(*openapi3.Responses); ok {
			for _, item := range r.Map() {
				w.walk(reflect.ValueOf(item), depth+1)
			}
			return
		}
		w.walk(v.Elem(), depth)
	case reflect.Struct:
		w.object(v, depth)
	case reflect.Map:
		if v.Type() == extensionsType {
			return
		}
		for it := v.MapRange(); it.Next(); {
			w.walk(it.Value(), depth+1)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			w.walk(v.Index(i), depth+1)
		}
	}
}

// structFields is what object reads of a struct type, found once per type.
type structFields struct {
	ref         int // index of a string field Ref, or -1
	origin, ext int // index of the *Origin and of the Extensions field, or -1
	walk        []int
}

var fieldsOf sync.Map // reflect.Type → *structFields

func fieldsOfType(t reflect.Type) *structFields {
	if f, ok := fieldsOf.Load(t); ok {
		return f.(*structFields)
	}
	sf := &structFields{ref: -1, origin: -1, ext: -1}
	if f, ok := t.FieldByName("Ref"); ok && f.Type.Kind() == reflect.String {
		sf.ref = f.Index[0]
		if len(f.Index) != 1 {
			sf.ref = -2 // promoted: read by name
		}
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		switch k := f.Type.Kind(); {
		case f.Type == originType:
			sf.origin = i
		case f.Name == "Extensions" && f.Type == extensionsType:
			sf.ext = i
		case k == reflect.Pointer || k == reflect.Map || k == reflect.Slice || k == reflect.Struct:
			sf.walk = append(sf.walk, i)
		}
	}
	fieldsOf.Store(t, sf)
	return sf
}

func (w *spanWalker) object(v reflect.Value, depth int) {
	fs := fieldsOfType(v.Type())
	switch {
	case fs.ref >= 0 && v.Field(fs.ref).String() != "":
		return // the target is walked where it is defined
	case fs.ref == -2:
		if f := v.FieldByName("Ref"); f.String() != "" {
			return
		}
	}
	var origin *openapi3.Origin
	var ext map[string]any
	for _, i := range fs.walk {
		w.walk(v.Field(i), depth+1)
	}
	if fs.origin >= 0 {
		origin, _ = v.Field(fs.origin).Interface().(*openapi3.Origin)
	}
	if fs.ext >= 0 {
		ext, _ = v.Field(fs.ext).Interface().(map[string]any)
	}
	if origin == nil || origin.Key == nil || ext[conventions.KeySource] == nil {
		return
	}
	if src := sourceExt(ext); src != nil {
		end := origin.Key.EndLine
		if end < origin.Key.Line {
			end = origin.Key.Line
		}
		w.ix.sources = append(w.ix.sources, sourceSpan{start: origin.Key.Line, end: end, depth: depth, src: *src})
	}
}

// originLine resolves a JSON pointer over the loaded document.
func (ix *index) originLine(ptr string) (int, bool) {
	line := ix.doc.Origin.Key.Line
	if ptr == "" || ptr == "/" {
		return line, true
	}
	v := reflect.ValueOf(ix.doc)
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, tok := range toks {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		next, l, ok := step(v, tok)
		switch {
		case ok && l > 0:
			line, v = l, next
		case !ok && strings.HasPrefix(tok, "x-") && l > 0 && i == len(toks)-1:
			return l, true // an extension's key
		case !ok && strings.HasPrefix(tok, "x-") && l > 0 && i == len(toks)-2:
			// An item of a list an extension holds (an entry of the
			// error-code catalogue): found by its "- " in the lines below.
			if n, err := strconv.Atoi(toks[i+1]); err == nil {
				if il, found := ix.blockItemLine(l, n); found {
					return il, true
				}
			}
			return ix.yamlLine(ptr)
		default:
			// Inside an extension, example or enumeration (kin-openapi
			// keeps no positions there), a $ref, or not in the document.
			return ix.yamlLine(ptr)
		}
	}
	return line, true
}

// yamlLine answers from a parse of the bytes, made once.
func (ix *index) yamlLine(ptr string) (int, bool) {
	ix.once.Do(func() { ix.fallback = newIndex(ix.raw) })
	ix.fallbacks++
	return ix.fallback.line(ptr)
}

// step goes from v to its member tok and gives that member's line. For an
// extension it gives the line and ok false: kin-openapi keeps no positions
// inside extension values.
func step(v reflect.Value, tok string) (reflect.Value, int, bool) {
	v = deref(v)
	if !v.IsValid() {
		return v, 0, false
	}
	if v.CanAddr() {
		switch x := v.Addr().Interface().(type) {
		case *openapi3.Paths:
			item := x.Value(tok)
			return reflect.ValueOf(item), keyLine(reflect.ValueOf(item)), item != nil
		case *openapi3.Responses:
			r := x.Value(tok)
			return reflect.ValueOf(r), keyLine(reflect.ValueOf(r)), r != nil
		}
	}
	switch v.Kind() {
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return v, 0, false
		}
		c := v.MapIndex(reflect.ValueOf(tok).Convert(v.Type().Key()))
		if !c.IsValid() {
			return c, 0, false
		}
		return c, keyLine(c), true
	case reflect.Slice:
		i, err := strconv.Atoi(tok)
		if err != nil || i < 0 || i >= v.Len() {
			return v, 0, false
		}
		c := v.Index(i)
		return c, keyLine(c), true
	case reflect.Struct:
		return field(v, tok)
	}
	return v, 0, false
}

// deref follows pointers and the Value of a reference that is not a $ref
// (a $ref's target lies elsewhere in the document: the pointer ends there).
func deref(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	if !v.IsValid() || v.Kind() != reflect.Struct {
		return v
	}
	if r := v.FieldByName("Ref"); r.IsValid() && r.Kind() == reflect.String {
		if r.String() != "" {
			return reflect.Value{}
		}
		if val := v.FieldByName("Value"); val.IsValid() && val.Kind() == reflect.Pointer {
			return deref(val)
		}
	}
	return v
}

// field finds the member of a struct named tok in JSON.
func field(v reflect.Value, tok string) (reflect.Value, int, bool) {
	origin := originOf(v)
	line := 0
	if origin != nil {
		if loc, ok := origin.Fields.Lookup(tok); ok {
			line = loc.Line
		}
	}
	if strings.HasPrefix(tok, "x-") {
		return v, line, false
	}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name != tok || !sf.IsExported() {
			continue
		}
		c := v.Field(i)
		if line == 0 {
			line = keyLine(c)
		}
		return c, line, true
	}
	return v, 0, false
}

func originOf(v reflect.Value) *openapi3.Origin {
	if f := v.FieldByName("Origin"); f.IsValid() && f.Type() == originType && !f.IsNil() {
		return f.Interface().(*openapi3.Origin)
	}
	return nil
}

// keyLine is the line of an element's key (or, for a sequence item, of
// its first line): its own origin, or that of the value it refers to.
func keyLine(v reflect.Value) int {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return 0
		}
		v = v.Elem()
	}
	if !v.IsValid() || v.Kind() != reflect.Struct {
		return 0
	}
	if o := originOf(v); o != nil && o.Key != nil {
		return o.Key.Line
	}
	if val := v.FieldByName("Value"); val.IsValid() && val.Kind() == reflect.Pointer {
		return keyLine(val)
	}
	return 0
}

// onceIndex is the lazily parsed fallback of an index, and the item lines
// of the block sequences asked for.
type onceIndex struct {
	once      sync.Once
	fallback  *index
	fallbacks int // pointers answered from the parse (tests)

	itemsMu sync.Mutex
	items   map[int][]int // key line → lines of its sequence's items
}

// blockItemLine is the line of item n of the sequence under the key on
// line keyLine (blockItemLines), each sequence scanned once: the error-code
// catalogue asks for every one of its entries.
func (ix *index) blockItemLine(keyLine, n int) (int, bool) {
	ix.itemsMu.Lock()
	defer ix.itemsMu.Unlock()
	lines, ok := ix.items[keyLine]
	if !ok {
		lines = blockItemLines(ix.raw, keyLine)
		if ix.items == nil {
			ix.items = map[int][]int{}
		}
		ix.items[keyLine] = lines
	}
	if n < 0 || n >= len(lines) {
		return 0, false
	}
	return lines[n], true
}

// blockItemLines finds, in block-style YAML, the lines of the items of the
// sequence under the key on line keyLine: the lines below it that start
// with "- " at the first item's indentation, until a line indented no
// deeper than the key. Anything else (JSON, a flow sequence) has none.
func blockItemLines(raw []byte, keyLine int) []int {
	line, pos := 1, 0
	for line < keyLine && pos < len(raw) {
		if i := bytes.IndexByte(raw[pos:], '\n'); i >= 0 {
			pos += i + 1
			line++
		} else {
			return nil
		}
	}
	keyIndent := indentOf(raw[pos:])
	itemIndent := -1
	var items []int
	for {
		i := bytes.IndexByte(raw[pos:], '\n')
		if i < 0 {
			return items
		}
		pos += i + 1
		line++
		rest := raw[pos:]
		ind := indentOf(rest)
		if ind >= len(rest) || rest[ind] == '\n' {
			continue // a blank line (inside a literal block)
		}
		isItem := bytes.HasPrefix(rest[ind:], []byte("- ")) || bytes.HasPrefix(rest[ind:], []byte("-\n"))
		switch {
		case itemIndent < 0 && (!isItem || ind < keyIndent):
			return nil
		case itemIndent < 0:
			itemIndent = ind
		case ind < itemIndent || ind == itemIndent && !isItem:
			return items
		}
		if ind == itemIndent && isItem {
			items = append(items, line)
		}
	}
}

func indentOf(b []byte) int {
	i := 0
	for i < len(b) && b[i] == ' ' {
		i++
	}
	return i
}
