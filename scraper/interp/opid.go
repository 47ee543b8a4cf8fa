package interp

import (
	"strings"
	"unicode"

	regexp "github.com/docspec/docspec/scraper/internal/fastre"
	"github.com/docspec/docspec/scraper/page"
)

var (
	reAnchorIdent = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*$`)
	reIDCounter   = regexp.MustCompile(`[-_]\d+$`)
)

// operationID is the page's own name for the operation. Doc-export pages
// carry it as an anchor (CreateSignatureKeyV2); Sphinx lowercases it
// (createsignaturekeyv2), so its case is restored from the words of the
// page title and path; pages without one get a name from the title.
func operationID(p *page.Page, method, path string) string {
	// Renderers mark a repeated id with a counter ("createsignaturekeyv2-1",
	// "CreateSignatureKeyV2_1"); the name is what precedes it.
	a := reIDCounter.ReplaceAllString(strings.TrimSpace(p.Anchor), "")
	if reAnchorIdent.MatchString(a) {
		if a != strings.ToLower(a) {
			return upperFirst(a)
		}
		if id := recase(a, vocabulary(p.Title, path)); id != "" {
			return id
		}
	}
	return fromTitle(p.Title, method, path)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// common verbs of API operation names, and the stems of the gerunds page
// titles use ("Creating" → "Create").
var verbs = []string{"create", "list", "show", "update", "delete", "batch", "query", "get", "set", "add", "remove", "modify", "check", "import", "export", "publish", "debug", "cancel", "associate", "disassociate", "bind", "unbind", "attach", "detach", "change", "reset", "count", "switch", "enable", "disable", "verify", "run", "start", "stop", "upgrade", "v1", "v2", "v3", "by", "for", "of", "and", "to", "from", "in", "with", "api", "apis", "id", "ids"}

func vocabulary(title, path string) []string {
	var words []string
	add := func(w string) {
		w = strings.ToLower(w)
		if len(w) >= 2 {
			words = append(words, w)
			for _, suf := range []string{"ing", "s", "es", "ies", "ed"} {
				if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 {
					stem := strings.TrimSuffix(w, suf)
					words = append(words, stem, stem+"e")
					if suf == "ies" {
						words = append(words, stem+"y")
					}
				}
			}
		}
	}
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		add(w)
	}
	for _, w := range strings.FieldsFunc(path, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		add(w)
	}
	words = append(words, verbs...)
	return words
}

// recase splits a lowercased identifier into the longest known words and
// capitalises each. It fails (returns "") when a part matches no word.
func recase(id string, vocab []string) string {
	set := make(map[string]bool, len(vocab))
	for _, w := range vocab {
		set[w] = true
	}
	n := len(id)
	// best[i]: fewest words to cover id[:i]; -1 when impossible.
	best := make([]int, n+1)
	prev := make([]int, n+1)
	for i := 1; i <= n; i++ {
		best[i] = -1
	}
	for i := 1; i <= n; i++ {
		for j := 0; j < i; j++ {
			if best[j] < 0 || !set[id[j:i]] {
				continue
			}
			if best[i] < 0 || best[j]+1 < best[i] {
				best[i], prev[i] = best[j]+1, j
			}
		}
	}
	if best[n] < 0 {
		return ""
	}
	var parts []string
	for i := n; i > 0; i = prev[i] {
		parts = append([]string{upperFirst(id[prev[i]:i])}, parts...)
	}
	return strings.Join(parts, "")
}

// titleVerbs maps the gerund a title starts with to the verb API names use.
var titleVerbs = map[string]string{
	"creating": "Create", "adding": "Create", "modifying": "Update", "updating": "Update", "changing": "Update",
	"deleting": "Delete", "removing": "Delete", "querying": "", "listing": "List", "obtaining": "", "viewing": "Show",
	"binding": "Bind", "unbinding": "Unbind", "publishing": "Publish", "importing": "Import", "exporting": "Export",
	"debugging": "Debug", "verifying": "Check", "resetting": "Reset", "canceling": "Cancel", "cancelling": "Cancel",
}

// fromTitle names an operation the way the provider's SDKs do, when the page
// carries no name of its own: verb from the title's gerund (or, for queries,
// List/Show from the path), the title's nouns, and the version from the
// path ("Modifying a Signature Key", PUT /v2/... → UpdateSignatureKeyV2).
func fromTitle(title, method, path string) string {
	var b strings.Builder
	words := strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range words {
		lw := strings.ToLower(w)
		if i == 0 {
			if v, ok := titleVerbs[lw]; ok {
				if v == "" {
					v = "Show"
					if !strings.HasSuffix(strings.TrimSuffix(path, "/"), "}") {
						v = "List"
					}
				}
				b.WriteString(v)
				continue
			}
		}
		if i > 0 && (lw == "a" || lw == "an" || lw == "the" || lw == "of" || lw == "for") {
			continue
		}
		if isASCII(w) {
			b.WriteString(upperFirst(w))
		}
	}
	if b.Len() == 0 {
		b.WriteString(upperFirst(strings.ToLower(method)))
		for _, seg := range strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == '{' || r == '}' || r == '_' || r == '-' }) {
			if isASCII(seg) {
				b.WriteString(upperFirst(seg))
			}
		}
		return b.String()
	}
	if m := reVersion.FindStringSubmatch(path); m != nil && !strings.HasSuffix(b.String(), strings.ToUpper(m[1])) {
		b.WriteString(strings.ToUpper(m[1]))
	}
	return b.String()
}

var reVersion = regexp.MustCompile(`^/(v\d+)/`)

func isASCII(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
}
