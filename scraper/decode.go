package scraper

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/docspec/docspec/model"
)

// reCharset finds a declared character set near the top of a page: an HTML
// <meta charset> or http-equiv Content-Type, or an XML declaration.
var reCharset = regexp.MustCompile(`(?i)(?:<meta[^>]*?charset\s*=\s*["']?|<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)`)

// charsetHead is how far into a page a declaration is looked for (HTML
// requires it in the first 1024 bytes; the rest is for repository-browser
// preambles).
const charsetHead = 4096

// declaredCharset is the character set a page names, lower-cased, or "".
func declaredCharset(data []byte) string {
	head := data
	if len(head) > charsetHead {
		head = head[:charsetHead]
	}
	if m := reCharset.FindSubmatch(head); m != nil {
		return strings.ToLower(string(m[1]))
	}
	return ""
}

// decode returns a page as UTF-8 text. A page that declares another
// character set (GBK, GB18030, Latin-1, Shift_JIS, ...) is decoded from it.
// Bytes that are still not UTF-8 are replaced with U+FFFD and reported, with
// the line of the first one, so that one stray byte costs that byte only.
// A file with a NUL byte, or with more than one byte in a hundred not
// UTF-8, is not text in any character set docspec reads: an error.
func decode(file string, data []byte) ([]byte, []*model.Diagnostic, error) {
	var diags []*model.Diagnostic
	if cs := declaredCharset(data); cs != "" && cs != "utf-8" && cs != "utf8" {
		enc, err := htmlindex.Get(cs)
		switch {
		case err != nil:
			diags = append(diags, &model.Diagnostic{Severity: model.SevWarning, Code: "charset-unknown", Source: model.Source{File: file},
				Message: fmt.Sprintf("the page declares the character set %q, which docspec does not know; it is read as UTF-8", cs)})
		default:
			if name, _ := htmlindex.Name(enc); name != "utf-8" {
				if out, err := enc.NewDecoder().Bytes(data); err == nil {
					data = out
				}
			}
		}
	}
	if utf8.Valid(data) && bytes.IndexByte(data, 0) < 0 {
		return data, diags, nil
	}
	line, n := invalidBytes(data)
	if bytes.IndexByte(data, 0) >= 0 || n > len(data)/100 {
		return nil, nil, &Error{File: file, Line: line, Msg: fmt.Sprintf("not text: %d bytes are not UTF-8 or are NUL; a page in another character set should declare it (<meta charset>)", n)}
	}
	diags = append(diags, &model.Diagnostic{Severity: model.SevWarning, Code: "bytes-not-utf8", Source: model.Source{File: file, Line: line},
		Message: fmt.Sprintf("%d bytes are not UTF-8 (the first on line %d) and were read as U+FFFD; if the page is in another character set, it should declare it (<meta charset>)", n, line)})
	return bytes.ToValidUTF8(data, []byte("\uFFFD")), diags, nil
}

// invalidBytes is the line of the first byte that is not UTF-8, and how many
// such bytes there are.
func invalidBytes(data []byte) (first, count int) {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 || r == 0 {
			if first == 0 {
				first = line
			}
			count++
		} else if r == '\n' {
			line++
		}
		i += size
	}
	return first, count
}
