package apiruntime

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// reference is what openapi3filter's decoder gives (encoding/json, UseNumber),
// with decodeJSON's refusal of data after the value.
func reference(data []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if len(bytes.TrimLeft(data[dec.InputOffset():], " \t\n\r")) > 0 {
		return nil, false
	}
	return v, true
}

var jsonSeeds = []string{
	`{"name":"signature_demo","sign_type":"hmac","n":-1.5e+3,"ok":true,"x":null,"l":[1,[],{}]}`,
	`"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"`, `"\ud800"`, `"\ud800\u0041"`, `"\udc00\ud800"`, `"\ud800\ud800\udc00"`,
	"\"\xff\xfe\"", "\"caf\xc3\xa9\"", "\"\x01\"", `"\x"`, `"\u12"`, `"\u12g4"`,
	`0`, `-0`, `01`, `1.`, `.5`, `1e`, `1e+`, `-`, `2E-7`, `123456789012345678901234567890`,
	`{"a":1,"a":2}`, `{"a" 1}`, `{"a":1,}`, `[1,]`, `[1 2]`, `{1:2}`, `tru`, `nul`, `falsey`,
	` {} `, "{}\n", `{}x`, `{}{}`, ``, ` `, "\xef\xbb\xbf{}",
}

func TestDecodeJSONAgreesWithEncodingJSON(t *testing.T) {
	for _, s := range jsonSeeds {
		agree(t, []byte(s))
	}
}

// encoding/json refuses nesting deeper than 10000; so does decodeJSON.
func TestDecodeJSONNestingLimit(t *testing.T) {
	for _, n := range []int{10000, 10001} {
		agree(t, []byte(strings.Repeat("[", n)+strings.Repeat("]", n)))
		agree(t, []byte(strings.Repeat(`{"a":`, n)+"1"+strings.Repeat("}", n)))
	}
}

func agree(t *testing.T, data []byte) {
	t.Helper()
	want, ok := reference(data)
	got, err := decodeJSON(data)
	if ok != (err == nil) {
		t.Fatalf("%q: encoding/json ok=%v, decodeJSON error %v", data, ok, err)
	}
	if ok && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: decodeJSON %#v, encoding/json %#v", data, got, want)
	}
}

// FuzzDecodeJSON: on any bytes, decodeJSON refuses what encoding/json
// refuses and decodes the rest to the same value.
//
//	go test -run '^$' -fuzz FuzzDecodeJSON -fuzztime 60s ./apiruntime/
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { agree(t, data) })
}
