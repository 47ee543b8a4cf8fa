package scraper

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/docspec/docspec/model"
)

const seed000 = "../sources/otc/apig/CreateSignatureKeyV2.html"

func readSeed000(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(seed000)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// writePage writes data as dir/name and returns its path.
func writePage(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func diagsWith(svc *model.Service, code string) []*model.Diagnostic {
	var out []*model.Diagnostic
	for _, d := range svc.Diagnostics {
		if d.Code == code {
			out = append(out, d)
		}
	}
	return out
}

// requestProp is a property of CreateSignatureKeyV2's request body.
func requestProp(t *testing.T, svc *model.Service, name string) *model.Property {
	t.Helper()
	if len(svc.Operations) != 1 || svc.Operations[0].RequestBody == nil || svc.Operations[0].RequestBody.Schema == nil {
		t.Fatalf("want one operation with a request body, have %d operations", len(svc.Operations))
	}
	for _, p := range svc.Operations[0].RequestBody.Schema.Properties {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Seed 000 cut inside "Table 3 Request body parameters" (after the name
// row): the page is read, with a page-partly-read warning on the line of
// that table's <table>.
func TestTruncatedTableWarnsWithItsLine(t *testing.T) {
	data := readSeed000(t)
	cut := bytes.Index(data, []byte(">sign_type</p>"))
	path := writePage(t, t.TempDir(), "CreateSignatureKeyV2.html", data[:cut])
	svc := scrapeOne(t, path)
	ws := diagsWith(svc, "page-partly-read")
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "ends inside the table") {
		t.Fatalf("want one page-partly-read warning, have %v", ws)
	}
	// Lines are the file's own, counted from its first line, the
	// repository browser's preamble included, as every other line is.
	lines := strings.Split(string(data), "\n")
	if l := ws[0].Source.Line; l < 1 || !strings.Contains(lines[l-1], "<table") || !strings.Contains(lines[l-1], "Request body parameters") {
		t.Fatalf("warning on line %d, want the line of Table 3's <table>", l)
	}
	if requestProp(t, svc, "name") == nil {
		t.Fatal("the rows before the cut (name) are not read")
	}
}

// A source folder given as a symbolic link is walked (it read as empty);
// a link back up the tree ends.
func TestSymlinkedSourceFolderIsFollowed(t *testing.T) {
	dir := t.TempDir()
	writePage(t, dir, "real/apig/CreateSignatureKeyV2.html", readSeed000(t))
	if err := os.Symlink(filepath.Join(dir, "real"), filepath.Join(dir, "linked")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "real"), filepath.Join(dir, "real/apig/loop")); err != nil {
		t.Fatal(err)
	}
	files, err := Files([]string{filepath.Join(dir, "linked")})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || !strings.HasSuffix(files[0], filepath.Join("linked", "apig", "CreateSignatureKeyV2.html")) {
		t.Fatalf("Files(linked) = %v, want the one page once", files)
	}
	if svc := scrapeOne(t, filepath.Join(dir, "linked")); len(svc.Operations) != 1 {
		t.Fatalf("%d operations through the link, want 1", len(svc.Operations))
	}
}

// A named pipe or a device given as a page is refused at once, naming it:
// reading it would block forever (FIFO) or never end (/dev/zero).
func TestNonRegularFileRefused(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "page.html")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{fifo: "a named pipe", "/dev/zero": "a device"} {
		_, err := Scrape([]string{path}, Meta{Name: "x"})
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), want) {
			t.Errorf("Scrape(%s): %v, want an error naming it %s", path, err, want)
		}
	}
}

// A page over the size limit is an error diagnostic naming it and the
// limit; the other pages are read.
func TestPageOverSizeLimitReportedOthersRead(t *testing.T) {
	dir := t.TempDir()
	data := readSeed000(t)
	writePage(t, dir, "a/CreateSignatureKeyV2.html", data)
	writePage(t, dir, "b/big.html", bytes.Repeat([]byte("<p>x</p>\n"), 10000))
	svc, err := Scrape([]string{dir}, Meta{Name: "x", MaxPageSize: int64(len(data))})
	if err != nil {
		t.Fatal(err)
	}
	es := diagsWith(svc, "page-too-large")
	if len(es) != 1 || es[0].Severity != model.SevError || !strings.HasSuffix(es[0].Source.File, "big.html") || !strings.Contains(es[0].Message, "--max-page-size") {
		t.Fatalf("page-too-large diagnostics: %v", es)
	}
	if len(svc.Operations) != 1 {
		t.Fatalf("%d operations, want seed 000's", len(svc.Operations))
	}
}

// declare puts a charset declaration at the top of seed 000's markup (the
// page has no <head>), on the first markup line, so no line moves.
func declare(page []byte, meta string) []byte {
	at := bytes.Index(page, []byte("\n<")) + 1
	return append(append(append([]byte{}, page[:at]...), meta...), page[at:]...)
}

// Seed 000 with its name row's description in Chinese, saved as GBK with
// <meta charset="gbk">: decoded, not refused.
func TestGBKPageDecoded(t *testing.T) {
	page := bytes.Replace(readSeed000(t), []byte("Signature key name."), []byte("签名密钥名称。"), 1)
	page = declare(page, `<meta charset="gbk">`)
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(page)
	if err != nil {
		t.Fatal(err)
	}
	svc := scrapeOne(t, writePage(t, t.TempDir(), "CreateSignatureKeyV2.html", gbk))
	p := requestProp(t, svc, "name")
	if p == nil || !strings.Contains(p.Schema.Description, "签名密钥名称") {
		t.Fatalf("name: %q, want the Chinese description decoded", p.Schema.Description)
	}
	if ws := diagsWith(svc, "bytes-not-utf8"); len(ws) != 0 {
		t.Fatalf("a declared GBK page warned %v", ws)
	}
}

// The same with Latin-1 declared in the http-equiv Content-Type.
func TestLatin1PageDecoded(t *testing.T) {
	page := bytes.Replace(readSeed000(t), []byte("Signature key name."), []byte("Größe des Schlüssels."), 1)
	page = declare(page, `<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">`)
	latin1, err := charmap.ISO8859_1.NewEncoder().Bytes(page)
	if err != nil {
		t.Fatal(err)
	}
	svc := scrapeOne(t, writePage(t, t.TempDir(), "CreateSignatureKeyV2.html", latin1))
	if p := requestProp(t, svc, "name"); p == nil || !strings.Contains(p.Schema.Description, "Größe des Schlüssels") {
		t.Fatalf("name: %+v, want the Latin-1 description decoded", p)
	}
}

// One stray byte in seed 000 (in the name row's description) costs that
// byte: the page is read, with a warning on its line.
func TestStrayInvalidByteWarnsWithItsLine(t *testing.T) {
	data := readSeed000(t)
	at := bytes.Index(data, []byte("Signature key name."))
	page := append(append(append([]byte{}, data[:at]...), 0xff), data[at:]...)
	svc := scrapeOne(t, writePage(t, t.TempDir(), "CreateSignatureKeyV2.html", page))
	ws := diagsWith(svc, "bytes-not-utf8")
	if want := 1 + bytes.Count(data[:at], []byte("\n")); len(ws) != 1 || ws[0].Source.Line != want || ws[0].Severity != model.SevWarning {
		t.Fatalf("bytes-not-utf8: %v, want one warning on line %d", ws, want)
	}
	if len(svc.Operations) != 1 || requestProp(t, svc, "name") == nil {
		t.Fatal("the page is not read")
	}
}

// Table 3 of seed 000 with its first row named "name (optional)" and an
// empty Mandatory cell: the field is name, optional — it was dropped, and
// the body's required list with it.
func TestNameOptionalRowReadAsOptionalField(t *testing.T) {
	page := bytes.Replace(readSeed000(t), []byte(`"CreateSignatureKeyV2__p153519264517">name</p>`), []byte(`"CreateSignatureKeyV2__p153519264517">name (optional)</p>`), 1)
	page = bytes.Replace(page, []byte(`"CreateSignatureKeyV2__p12535132617513">Yes</p>`), []byte(`"CreateSignatureKeyV2__p12535132617513"></p>`), 1)
	svc := scrapeOne(t, writePage(t, t.TempDir(), "CreateSignatureKeyV2.html", page))
	p := requestProp(t, svc, "name")
	if p == nil || p.Required || p.Schema.MinLength == nil || *p.Schema.MinLength != 3 {
		t.Fatalf("name: %+v, want an optional field with its constraints", p)
	}
	if requestProp(t, svc, "sign_type") == nil {
		t.Fatal("sign_type lost")
	}
}
