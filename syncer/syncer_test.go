package syncer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docspec/docspec/config"
)

// docServer serves a directory of corpus pages the way a docs site does:
// Last-Modified always, ETag except under /noetag/, and a few misbehaving
// paths.
type docServer struct {
	dir string
	mu  sync.Mutex
	log []request
	// inflight counts requests being served: their log entries are written
	// when the handler returns, which may be after the client has its body.
	inflight int
	// failFirst[path] = n: the first n requests get 503.
	failFirst map[string]int
	slow      map[string]time.Duration
}

type request struct {
	path, ifNoneMatch, ifModifiedSince string
	status                             int
	at                                 time.Time
}

func newDocServer(t testing.TB) (*docServer, *httptest.Server) {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"", "noetag", "chunked"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob("testdata/pages/otc-apig/*.html")
	if len(files) != 3 {
		t.Fatalf("want 3 test pages, have %v", files)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, sub := range []string{"", "noetag", "chunked"} {
			if err := os.WriteFile(filepath.Join(dir, sub, filepath.Base(f)), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	ds := &docServer{dir: dir, failFirst: map[string]int{}, slow: map[string]time.Duration{}}
	srv := httptest.NewServer(ds)
	t.Cleanup(srv.Close)
	return ds, srv
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (ds *docServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &statusRecorder{ResponseWriter: w, status: 200}
	at := time.Now() // when the request arrived: what the per-host interval spaces
	ds.mu.Lock()
	ds.inflight++
	ds.mu.Unlock()
	defer func() {
		ds.mu.Lock()
		ds.log = append(ds.log, request{r.URL.Path, r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since"), rec.status, at})
		ds.inflight--
		ds.mu.Unlock()
	}()
	ds.mu.Lock()
	fail := ds.failFirst[r.URL.Path]
	if fail > 0 {
		ds.failFirst[r.URL.Path] = fail - 1
	}
	slow := ds.slow[r.URL.Path]
	ds.mu.Unlock()
	if fail > 0 {
		http.Error(rec, "try later", http.StatusServiceUnavailable)
		return
	}
	if slow > 0 {
		select {
		case <-time.After(slow):
		case <-r.Context().Done():
			return
		}
	}
	name := filepath.Join(ds.dir, filepath.FromSlash(strings.TrimPrefix(r.URL.Path, "/")))
	data, err := os.ReadFile(name)
	if err != nil {
		http.NotFound(rec, r)
		return
	}
	fi, _ := os.Stat(name)
	if strings.HasPrefix(r.URL.Path, "/chunked/") {
		// No Content-Length: the size limit must hold while reading.
		rec.Header().Set("Content-Type", "text/html")
		half := len(data) / 2
		rec.Write(data[:half])
		rec.Flush()
		rec.Write(data[half:])
		return
	}
	if !strings.HasPrefix(r.URL.Path, "/noetag/") {
		rec.Header().Set("ETag", fmt.Sprintf(`"%x"`, sha256.Sum256(data)))
	}
	http.ServeContent(rec, r, name, fi.ModTime(), bytes.NewReader(data))
}

// settled returns the log once no request is being served (at most 5 s).
func (ds *docServer) settled() []request {
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		ds.mu.Lock()
		if ds.inflight == 0 || time.Now().After(deadline) {
			log := append([]request(nil), ds.log...)
			ds.mu.Unlock()
			sort.SliceStable(log, func(i, j int) bool { return log[i].at.Before(log[j].at) })
			return log
		}
		ds.mu.Unlock()
	}
}

func (ds *docServer) requests(path string) []request {
	var out []request
	for _, r := range ds.settled() {
		if r.path == path {
			out = append(out, r)
		}
	}
	return out
}

// edit rewrites a served page and moves its modification time forward.
func (ds *docServer) edit(t *testing.T, path string, f func([]byte) []byte) {
	t.Helper()
	name := filepath.Join(ds.dir, filepath.FromSlash(strings.TrimPrefix(path, "/")))
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, f(data), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(name, later, later); err != nil {
		t.Fatal(err)
	}
}

func fastOptions(snapshot string) Options {
	return Options{Snapshot: snapshot, Timeout: 5 * time.Second, Backoff: 5 * time.Millisecond, Interval: -1}
}

func statuses(r *Report) string {
	var s []string
	for _, p := range r.Pages {
		s = append(s, p.Status)
	}
	return strings.Join(s, ",")
}

const (
	pDelete  = "/deleting_a_signature_key.html"
	pStatus  = "/http_status_codes.html"
	pProject = "/noetag/obtaining_a_project_id.html"
)

// New pages are fetched and stored; a second sync gets 304s, through the ETag
// for two pages and through If-Modified-Since for the page without one.
func TestFetchThenUnchanged(t *testing.T) {
	ds, srv := newDocServer(t)
	snap := t.TempDir()
	urls := []string{srv.URL + pDelete, srv.URL + pStatus, srv.URL + pProject}
	r, err := Fetch(context.Background(), urls, fastOptions(snap))
	if err != nil || r.Err() != nil {
		t.Fatal(err, r.Err())
	}
	if got := statuses(r); got != "new,new,new" {
		t.Fatalf("first sync: %s", got)
	}
	m, err := LoadManifest(snap)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile("testdata/pages/otc-apig/deleting_a_signature_key.html")
	got, err := os.ReadFile(m.Path(snap, urls[0]))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("snapshot of %s: %v, %d bytes, want %d", urls[0], err, len(got), len(want))
	}
	if p := m.Pages[urls[2]]; p.ETag != "" || p.LastModified == "" {
		t.Fatalf("noetag page: %+v", p)
	}

	r, err = Fetch(context.Background(), urls, fastOptions(snap))
	if err != nil || r.Err() != nil {
		t.Fatal(err, r.Err())
	}
	if got := statuses(r); got != "unchanged,unchanged,unchanged" {
		t.Fatalf("second sync: %s", got)
	}
	if len(r.Changed()) != 0 {
		t.Fatalf("changed: %v", r.Changed())
	}
	d := ds.requests(pDelete)
	if len(d) != 2 || d[1].status != http.StatusNotModified || d[1].ifNoneMatch == "" {
		t.Fatalf("ETag page requests: %+v", d)
	}
	p := ds.requests(pProject)
	if len(p) != 2 || p[1].status != http.StatusNotModified || p[1].ifNoneMatch != "" || p[1].ifModifiedSince == "" {
		t.Fatalf("If-Modified-Since page requests: %+v", p)
	}
}

// A changed page is fetched again and replaces its snapshot; the others stay.
func TestFetchChanged(t *testing.T) {
	ds, srv := newDocServer(t)
	snap := t.TempDir()
	urls := []string{srv.URL + pDelete, srv.URL + pStatus, srv.URL + pProject}
	if _, err := Fetch(context.Background(), urls, fastOptions(snap)); err != nil {
		t.Fatal(err)
	}
	ds.edit(t, pStatus, func(b []byte) []byte { return bytes.Replace(b, []byte("</body>"), []byte("<p>New row.</p></body>"), 1) })
	ds.edit(t, pProject, func(b []byte) []byte { return append(b, "\n<!-- edited -->\n"...) })
	r, err := Fetch(context.Background(), urls, fastOptions(snap))
	if err != nil || r.Err() != nil {
		t.Fatal(err, r.Err())
	}
	if got := statuses(r); got != "unchanged,changed,changed" {
		t.Fatalf("statuses %s", got)
	}
	if got := r.Changed(); len(got) != 2 || got[0] != urls[1] {
		t.Fatalf("Changed() = %v", got)
	}
	m, _ := LoadManifest(snap)
	data, _ := os.ReadFile(m.Path(snap, urls[1]))
	if !bytes.Contains(data, []byte("New row.")) {
		t.Fatal("snapshot not updated")
	}
}

// A page that starts to 404 is reported as an error, not retried, and its
// snapshot and manifest entry are kept.
func TestFetchStarts404(t *testing.T) {
	ds, srv := newDocServer(t)
	snap := t.TempDir()
	urls := []string{srv.URL + pDelete, srv.URL + pStatus}
	if _, err := Fetch(context.Background(), urls, fastOptions(snap)); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(ds.dir, strings.TrimPrefix(pStatus, "/"))); err != nil {
		t.Fatal(err)
	}
	r, err := Fetch(context.Background(), urls, fastOptions(snap))
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(r); got != "unchanged,failed" {
		t.Fatalf("statuses %s", got)
	}
	e := r.Pages[1].Err
	if e == nil || !strings.Contains(e.Error(), "404") || !strings.Contains(e.Error(), "snapshot kept") || r.Pages[1].Attempts != 1 {
		t.Fatalf("404 page: %+v", r.Pages[1])
	}
	if r.Err() == nil {
		t.Fatal("Report.Err is nil")
	}
	m, _ := LoadManifest(snap)
	if m.Pages[urls[1]] == nil {
		t.Fatal("manifest entry dropped")
	}
	if _, err := os.Stat(m.Path(snap, urls[1])); err != nil {
		t.Fatalf("snapshot dropped: %v", err)
	}
}

// A server slower than the timeout fails the page after the retries.
func TestFetchSlowServer(t *testing.T) {
	ds, srv := newDocServer(t)
	ds.slow[pDelete] = 5 * time.Second
	opts := fastOptions(t.TempDir())
	opts.Timeout = 100 * time.Millisecond
	opts.Retries = 1
	start := time.Now()
	r, err := Fetch(context.Background(), []string{srv.URL + pDelete, srv.URL + pStatus}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(r); got != "failed,new" {
		t.Fatalf("statuses %s", got)
	}
	if e := r.Pages[0].Err; e == nil || !strings.Contains(e.Error(), "timed out after 100ms") || r.Pages[0].Attempts != 2 {
		t.Fatalf("slow page: %+v", r.Pages[0])
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("took %s: the timeout did not hold", el)
	}
}

// A page over the size limit is refused, with and without Content-Length.
func TestFetchOversized(t *testing.T) {
	_, srv := newDocServer(t)
	opts := fastOptions(t.TempDir())
	opts.MaxSize = 10000 // the status-code page is 8358 bytes, the delete page 15171
	r, err := Fetch(context.Background(), []string{srv.URL + pDelete, srv.URL + "/chunked" + pDelete, srv.URL + pStatus}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(r); got != "failed,failed,new" {
		t.Fatalf("statuses %s", got)
	}
	for _, p := range r.Pages[:2] {
		if p.Err == nil || !strings.Contains(p.Err.Error(), "exceeds the size limit of 10000 bytes") || p.Attempts != 1 {
			t.Fatalf("%s: %+v", p.URL, p)
		}
	}
	m, _ := LoadManifest(opts.Snapshot)
	if m.Pages[r.Pages[0].URL] != nil {
		t.Fatal("oversized page recorded")
	}
}

// 5xx answers are retried with a doubling backoff; retries run out.
func TestFetchRetries(t *testing.T) {
	ds, srv := newDocServer(t)
	ds.failFirst[pDelete] = 2
	ds.failFirst[pStatus] = 5
	opts := fastOptions(t.TempDir())
	opts.Backoff = 20 * time.Millisecond
	opts.Retries = 3
	r, err := Fetch(context.Background(), []string{srv.URL + pDelete, srv.URL + pStatus}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(r); got != "new,failed" {
		t.Fatalf("statuses %s", got)
	}
	if r.Pages[0].Attempts != 3 {
		t.Fatalf("attempts %d, want 3", r.Pages[0].Attempts)
	}
	reqs := ds.requests(pDelete)
	if len(reqs) != 3 {
		t.Fatalf("requests %d", len(reqs))
	}
	if g1, g2 := reqs[1].at.Sub(reqs[0].at), reqs[2].at.Sub(reqs[1].at); g1 < 20*time.Millisecond || g2 < 40*time.Millisecond {
		t.Fatalf("backoff gaps %s, %s; want >= 20ms, >= 40ms", g1, g2)
	}
	if e := r.Pages[1].Err; e == nil || !strings.Contains(e.Error(), "503") || r.Pages[1].Attempts != 4 {
		t.Fatalf("exhausted page: %+v", r.Pages[1])
	}
}

// Requests to one host keep the minimum interval.
func TestFetchPerHostInterval(t *testing.T) {
	ds, srv := newDocServer(t)
	opts := fastOptions(t.TempDir())
	opts.Interval = 60 * time.Millisecond
	if _, err := Fetch(context.Background(), []string{srv.URL + pDelete, srv.URL + pStatus, srv.URL + pProject}, opts); err != nil {
		t.Fatal(err)
	}
	log := ds.settled()
	if len(log) != 3 {
		t.Fatalf("requests %d", len(log))
	}
	for i := 1; i < len(log); i++ {
		if gap := log[i].at.Sub(log[i-1].at); gap < 50*time.Millisecond {
			t.Fatalf("gap %s between requests %d and %d", gap, i-1, i)
		}
	}
}

func TestProgress(t *testing.T) {
	_, srv := newDocServer(t)
	opts := fastOptions(t.TempDir())
	var bar bytes.Buffer
	opts.Progress = &bar
	if _, err := Fetch(context.Background(), []string{srv.URL + pDelete, srv.URL + pStatus}, opts); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(bar.String(), "2/2") || !strings.HasSuffix(bar.String(), "\n") {
		t.Fatalf("progress %q", bar.String())
	}
	f, _ := os.CreateTemp(t.TempDir(), "x")
	defer f.Close()
	if IsTerminal(f) {
		t.Fatal("a regular file is not a terminal")
	}
	// Without Progress nothing is drawn anywhere: covered by the other tests'
	// nil writer; here the bar's absence is checked on an empty list.
	var none bytes.Buffer
	opts.Progress = &none
	if _, err := Fetch(context.Background(), nil, opts); err != nil || none.Len() != 0 {
		t.Fatalf("empty sync drew %q (%v)", none.String(), err)
	}
}

func TestFetchBadURL(t *testing.T) {
	r, err := Fetch(context.Background(), []string{"ftp://example.com/x", "::"}, fastOptions(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(r); got != "failed,failed" {
		t.Fatalf("statuses %s", got)
	}
}

func TestLocalFile(t *testing.T) {
	for in, want := range map[string]string{
		"https://docs.example.com/apig/api-ref/create.html": "docs.example.com/apig/api-ref/create.html",
		"https://docs.example.com/apig/":                    "docs.example.com/apig/index.html",
		"http://127.0.0.1:8080":                             "127.0.0.1_8080/index.html",
		"https://docs.example.com/../../etc/passwd":         "docs.example.com/etc/passwd",
	} {
		if got, err := LocalFile(in); err != nil || got != want {
			t.Errorf("LocalFile(%s) = %s, %v; want %s", in, got, err, want)
		}
	}
	a, _ := LocalFile("https://x.org/p.html?lang=en")
	b, _ := LocalFile("https://x.org/p.html?lang=de")
	if a == b || !strings.HasPrefix(a, "x.org/p_") || !strings.HasSuffix(a, ".html") {
		t.Errorf("query pages: %s, %s", a, b)
	}
}

// Plan regenerates a spec when it was never generated, when its output is
// missing, and when a local file or a fetched page changed; not otherwise.
func TestPlan(t *testing.T) {
	ds, srv := newDocServer(t)
	root := t.TempDir()
	snap := filepath.Join(root, ".docspec/snapshot")
	os.MkdirAll(filepath.Join(root, "sources/a"), 0o755)
	os.WriteFile(filepath.Join(root, "sources/a/page.html"), []byte("<h1>A</h1>"), 0o644)
	os.MkdirAll(filepath.Join(root, "spec"), 0o755)
	cfgText := fmt.Sprintf("version: 1\nspecs:\n  - name: a\n    provider: p\n    sources: [sources/a]\n    output: spec/a.yaml\n  - name: b\n    provider: p\n    sources: [sources/a/page.html, %q]\n    output: spec/b.yaml\n", srv.URL+pDelete)
	cfg, err := config.Parse([]byte(cfgText), "docspec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := LoadManifest(snap)
	// An unfetched URL source stops its own spec only: "a" is planned.
	if ds, err := Plan(cfg, root, m, &State{Specs: map[string]string{}}); err != nil || len(ds) != 2 || ds[0].Err != nil || !ds[0].Regenerate ||
		ds[1].Err == nil || !strings.Contains(ds[1].Err.Error(), "has not been fetched") {
		t.Fatalf("unfetched URL: %+v, %v", ds, err)
	}
	if _, err := Fetch(context.Background(), []string{srv.URL + pDelete}, fastOptions(snap)); err != nil {
		t.Fatal(err)
	}
	m, _ = LoadManifest(snap)
	st, _ := LoadState(snap)
	reasons := func() string {
		ds, err := Plan(cfg, root, m, st)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, d := range ds {
			s = append(s, d.Spec.Name+":"+d.Reason)
			if d.Regenerate {
				st.Specs[d.Spec.Name] = d.Hash
				os.WriteFile(filepath.Join(root, d.Spec.Output), []byte("openapi: 3.0.3\n"), 0o644)
			}
		}
		return strings.Join(s, ",")
	}
	if got := reasons(); got != "a:never generated,b:never generated" {
		t.Fatal(got)
	}
	if err := st.Save(snap); err != nil {
		t.Fatal(err)
	}
	st, _ = LoadState(snap)
	if got := reasons(); got != "a:up to date,b:up to date" {
		t.Fatal(got)
	}
	os.Remove(filepath.Join(root, "spec/a.yaml"))
	if got := reasons(); got != "a:output missing,b:up to date" {
		t.Fatal(got)
	}
	os.WriteFile(filepath.Join(root, "sources/a/new.html"), []byte("<h1>B</h1>"), 0o644)
	if got := reasons(); got != "a:sources changed,b:up to date" {
		t.Fatal(got)
	}
	ds.edit(t, pDelete, func(b []byte) []byte { return append(b, '\n') })
	if _, err := Fetch(context.Background(), []string{srv.URL + pDelete}, fastOptions(snap)); err != nil {
		t.Fatal(err)
	}
	m, _ = LoadManifest(snap)
	if got := reasons(); got != "a:up to date,b:sources changed" {
		t.Fatal(got)
	}
	// Configured servers reach the spec (docspec.yaml, otc-kms: its pages
	// show no host), so adding one regenerates it.
	cfg, err = config.Parse([]byte(cfgText+"    servers: [\"https://{Endpoint}\"]\n"), "docspec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := reasons(); got != "a:up to date,b:sources changed" {
		t.Fatal(got)
	}
}

// Snapshot file names are safe for any host and path: a host of ".." (or
// ".") stays inside the snapshot, characters Windows refuses and reserved
// device names are replaced, long names are cut — each changed name with a
// hash of the original, so two URLs never share a file.
func TestLocalFileSafeForAnyHostAndPath(t *testing.T) {
	seen := map[string]string{}
	for _, in := range []string{
		"http://../x.html", "http://./x.html", "http://a/x.html",
		"http://a/b:c.html", "http://a/b_c.html", "http://a/con.html", "http://a/CON", "http://a/x<>|*.html",
		"http://a/" + strings.Repeat("n", 300) + ".html", "http://a/" + strings.Repeat("n", 301) + ".html",
		"http://a/.hidden/x.html", "http://a/dir./x.html",
	} {
		got, err := LocalFile(in)
		if err != nil {
			t.Fatalf("LocalFile(%s): %v", in, err)
		}
		for _, seg := range strings.Split(got, "/") {
			l := strings.ToLower(seg)
			if seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, ".") || strings.HasSuffix(seg, ".") || len(seg) > 200 ||
				strings.ContainsAny(seg, `<>:"\|?*`) || l == "con" || strings.HasPrefix(l, "con.") {
				t.Errorf("LocalFile(%s) = %s: segment %q is not safe", in, got, seg)
			}
		}
		if filepath.IsAbs(got) || !filepath.IsLocal(got) {
			t.Errorf("LocalFile(%s) = %s leaves the snapshot", in, got)
		}
		if other, dup := seen[got]; dup {
			t.Errorf("LocalFile(%s) = LocalFile(%s) = %s", in, other, got)
		}
		seen[got] = in
	}
}
