package apiruntime

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeJSON decodes one JSON value as encoding/json's Decoder with
// UseNumber does into an `any` (what openapi3filter validates: objects as
// map[string]any, arrays as []any, numbers as json.Number), and refuses
// anything but white space after it. It is a direct parser with no
// reflection — the body is decoded once per request, and this is most of
// the cost of checking it. FuzzDecodeJSON holds it to encoding/json's
// results on any input.
func decodeJSON(data []byte) (any, error) {
	d := jsonDecoder{data: data}
	d.space()
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	d.space()
	if d.pos < len(d.data) {
		return nil, fmt.Errorf("data after the JSON value at offset %d", d.pos)
	}
	return v, nil
}

// maxDepth is encoding/json's nesting limit.
const maxDepth = 10000

type jsonDecoder struct {
	data []byte
	pos  int
}

var errJSONEnd = errors.New("unexpected end of JSON input")

func (d *jsonDecoder) syntax(what string) error {
	if d.pos >= len(d.data) {
		return errJSONEnd
	}
	return fmt.Errorf("invalid character %q %s at offset %d", d.data[d.pos], what, d.pos)
}

func (d *jsonDecoder) space() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *jsonDecoder) value(depth int) (any, error) {
	if d.pos >= len(d.data) {
		return nil, errJSONEnd
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.object(depth + 1)
	case c == '[':
		return d.array(depth + 1)
	case c == '"':
		return d.string()
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.literal("null")
	}
	return nil, d.syntax("looking for beginning of value")
}

func (d *jsonDecoder) literal(word string) error {
	for i := 0; i < len(word); i++ {
		if d.pos >= len(d.data) {
			return errJSONEnd
		}
		if d.data[d.pos] != word[i] {
			return d.syntax("in literal " + word)
		}
		d.pos++
	}
	return nil
}

func (d *jsonDecoder) object(depth int) (any, error) {
	if depth > maxDepth {
		return nil, errors.New("exceeded max depth")
	}
	d.pos++ // {
	m := map[string]any{}
	d.space()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		return m, nil
	}
	for {
		if d.pos >= len(d.data) {
			return nil, errJSONEnd
		}
		if d.data[d.pos] != '"' {
			return nil, d.syntax("looking for beginning of object key string")
		}
		k, err := d.string()
		if err != nil {
			return nil, err
		}
		d.space()
		if d.pos >= len(d.data) {
			return nil, errJSONEnd
		}
		if d.data[d.pos] != ':' {
			return nil, d.syntax("after object key")
		}
		d.pos++
		d.space()
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		m[k.(string)] = v
		d.space()
		if d.pos >= len(d.data) {
			return nil, errJSONEnd
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.space()
		case '}':
			d.pos++
			return m, nil
		default:
			return nil, d.syntax("after object key:value pair")
		}
	}
}

func (d *jsonDecoder) array(depth int) (any, error) {
	if depth > maxDepth {
		return nil, errors.New("exceeded max depth")
	}
	d.pos++ // [
	l := []any{}
	d.space()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		return l, nil
	}
	for {
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		l = append(l, v)
		d.space()
		if d.pos >= len(d.data) {
			return nil, errJSONEnd
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.space()
		case ']':
			d.pos++
			return l, nil
		default:
			return nil, d.syntax("after array element")
		}
	}
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func (d *jsonDecoder) number() (any, error) {
	start := d.pos
	digits := func() int {
		n := 0
		for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
			d.pos++
			n++
		}
		return n
	}
	if d.data[d.pos] == '-' {
		d.pos++
	}
	switch {
	case d.pos < len(d.data) && d.data[d.pos] == '0':
		d.pos++
	case digits() == 0:
		return nil, d.syntax("in numeric literal")
	}
	if d.pos < len(d.data) && d.data[d.pos] == '.' {
		d.pos++
		if digits() == 0 {
			return nil, d.syntax("after decimal point in numeric literal")
		}
	}
	if d.pos < len(d.data) && (d.data[d.pos] == 'e' || d.data[d.pos] == 'E') {
		d.pos++
		if d.pos < len(d.data) && (d.data[d.pos] == '+' || d.data[d.pos] == '-') {
			d.pos++
		}
		if digits() == 0 {
			return nil, d.syntax("in exponent of numeric literal")
		}
	}
	return json.Number(d.data[start:d.pos]), nil
}

// string reads a string as encoding/json unquotes it: escapes decoded,
// invalid UTF-8 and lone surrogates replaced by U+FFFD, control characters
// refused.
func (d *jsonDecoder) string() (any, error) {
	d.pos++ // "
	start := d.pos
	for d.pos < len(d.data) { // fast path: no escape, ASCII or valid UTF-8
		c := d.data[d.pos]
		if c == '"' {
			s := string(d.data[start:d.pos])
			d.pos++
			return s, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		if c < utf8.RuneSelf {
			d.pos++
			continue
		}
		r, size := utf8.DecodeRune(d.data[d.pos:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		d.pos += size
	}
	buf := append([]byte(nil), d.data[start:d.pos]...)
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			return string(buf), nil
		case c < 0x20:
			return nil, d.syntax("in string literal")
		case c == '\\':
			var err error
			if buf, err = d.escape(buf); err != nil {
				return nil, err
			}
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			d.pos++
		default:
			r, size := utf8.DecodeRune(d.data[d.pos:])
			buf = utf8.AppendRune(buf, r) // RuneError for an invalid byte
			d.pos += size
		}
	}
	return nil, errJSONEnd
}

func (d *jsonDecoder) escape(buf []byte) ([]byte, error) {
	d.pos++ // backslash
	if d.pos >= len(d.data) {
		return nil, errJSONEnd
	}
	c := d.data[d.pos]
	d.pos++
	switch c {
	case '"', '\\', '/':
		return append(buf, c), nil
	case 'b':
		return append(buf, '\b'), nil
	case 'f':
		return append(buf, '\f'), nil
	case 'n':
		return append(buf, '\n'), nil
	case 'r':
		return append(buf, '\r'), nil
	case 't':
		return append(buf, '\t'), nil
	case 'u':
		r, err := d.hex4()
		if err != nil {
			return nil, err
		}
		if utf16.IsSurrogate(r) {
			// A pair decodes to one rune; anything else leaves U+FFFD and
			// the next escape is read on its own.
			if d.pos+1 < len(d.data) && d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
				save := d.pos
				d.pos += 2
				r2, err := d.hex4()
				if err != nil {
					return nil, err
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					return utf8.AppendRune(buf, dec), nil
				}
				d.pos = save
			}
			r = utf8.RuneError
		}
		return utf8.AppendRune(buf, r), nil
	}
	d.pos--
	return nil, d.syntax("in string escape code")
}

func (d *jsonDecoder) hex4() (rune, error) {
	if d.pos+4 > len(d.data) {
		for ; d.pos < len(d.data); d.pos++ {
			if !isHex(d.data[d.pos]) {
				return 0, d.syntax("in \\u hexadecimal character escape")
			}
		}
		return 0, errJSONEnd
	}
	for i := 0; i < 4; i++ {
		if !isHex(d.data[d.pos+i]) {
			d.pos += i
			return 0, d.syntax("in \\u hexadecimal character escape")
		}
	}
	n, _ := strconv.ParseUint(string(d.data[d.pos:d.pos+4]), 16, 32)
	d.pos += 4
	return rune(n), nil
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}
