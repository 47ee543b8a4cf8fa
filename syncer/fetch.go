package syncer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults for Options left zero.
const (
	DefaultTimeout  = 30 * time.Second
	DefaultMaxSize  = 10 << 20 // 10 MiB per page
	DefaultRetries  = 3
	DefaultBackoff  = 500 * time.Millisecond
	DefaultInterval = time.Second // between two requests to one host
	maxBackoff      = 30 * time.Second
)

// ManifestFile is the manifest's name inside the snapshot directory.
const ManifestFile = "manifest.json"

// Options configure Fetch. Zero values take the defaults above.
type Options struct {
	Snapshot  string        // snapshot directory (created if missing)
	Timeout   time.Duration // per request, headers and body
	MaxSize   int64         // bytes per page
	Retries   int           // attempts after the first; negative means none
	Backoff   time.Duration // first retry delay, doubled each retry
	Interval  time.Duration // minimum time from the end of one request to the start of the next to one host; negative means none
	UserAgent string
	Client    *http.Client // nil: a client with Timeout
	// Progress receives a progress bar when non-nil; pass os.Stderr only when
	// IsTerminal(os.Stderr), so logs in CI stay clean.
	Progress io.Writer
	// Check tells a 200 answer that must not replace the snapshot (nil:
	// CheckPage); its error fails the page and keeps the previous snapshot.
	Check func(rawURL string, old, body []byte) error
	// Accept lists URLs whose page is stored even when Check refuses it
	// ("all" accepts every page): the user has looked and wants it.
	Accept []string
	// RedirectHosts lists the hosts, other than a URL's own, that a redirect
	// may lead to. A redirect elsewhere fails the page, and is not retried.
	RedirectHosts []string
}

// accepted tells whether the user accepted rawURL's page whatever Check says.
func (o *Options) accepted(rawURL string) bool {
	for _, a := range o.Accept {
		if a == rawURL || a == "all" {
			return true
		}
	}
	return false
}

// errRedirect is a redirect refused: to another host, or a loop. It is
// final: asking again gets the same answer.
type errRedirect struct{ msg string }

func (e *errRedirect) Error() string { return e.msg }

// maxRedirects is how many redirects one request follows.
const maxRedirects = 10

// checkRedirect keeps redirects on the URL's own host (or the hosts allowed)
// and stops loops.
func (o *Options) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return &errRedirect{fmt.Sprintf("more than %d redirects (a redirect loop?), the last to %s", maxRedirects, req.URL)}
	}
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return &errRedirect{fmt.Sprintf("redirect loop: redirected back to %s after %d redirects", req.URL, len(via))}
		}
	}
	if h := req.URL.Hostname(); h != via[0].URL.Hostname() && !contains(o.RedirectHosts, h) {
		return &errRedirect{fmt.Sprintf("redirected from %s to another host, %s (allow it with --allow-redirect %s)", via[0].URL.Host, req.URL, h)}
	}
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (o *Options) defaults() {
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxSize == 0 {
		o.MaxSize = DefaultMaxSize
	}
	if o.Retries == 0 {
		o.Retries = DefaultRetries
	}
	if o.Retries < 0 {
		o.Retries = 0
	}
	if o.Backoff == 0 {
		o.Backoff = DefaultBackoff
	}
	if o.Interval == 0 {
		o.Interval = DefaultInterval
	}
	if o.Interval < 0 {
		o.Interval = 0
	}
	if o.UserAgent == "" {
		o.UserAgent = "docspec-sync (+https://github.com/docspec/docspec)"
	}
	if o.Client == nil {
		o.Client = &http.Client{}
	}
	if o.Client.CheckRedirect == nil {
		c := *o.Client // the caller's client is left as it is
		c.CheckRedirect = o.checkRedirect
		o.Client = &c
	}
	if o.Check == nil {
		o.Check = CheckPage
	}
}

// Manifest records what the snapshot holds.
type Manifest struct {
	Version int              `json:"version"`
	Pages   map[string]*Page `json:"pages"` // by URL
	// Failed is, for a URL never fetched, why the last attempt failed: what
	// build and sync say instead of only "run docspec sync".
	Failed map[string]string `json:"failed,omitempty"`
}

// neverFetched explains a URL source with no snapshot.
func (m *Manifest) neverFetched(spec, rawURL string) error {
	if why := m.Failed[rawURL]; why != "" {
		return fmt.Errorf("spec %q: source %s has never been fetched; the last docspec sync failed: %s", spec, rawURL, why)
	}
	return fmt.Errorf("spec %q: source %s has not been fetched; run docspec sync", spec, rawURL)
}

// Page is one fetched URL.
type Page struct {
	URL          string `json:"url"`
	File         string `json:"file"` // slash-separated, relative to the snapshot directory
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"lastModified,omitempty"`
	SHA256       string `json:"sha256"`
	Size         int64  `json:"size"`
}

// Page statuses.
const (
	StatusNew       = "new"       // fetched for the first time
	StatusChanged   = "changed"   // fetched, content differs from the snapshot
	StatusUnchanged = "unchanged" // 304, or 200 with the same content
	StatusFailed    = "failed"    // error; the previous snapshot (if any) is kept
)

// PageResult is what happened to one URL.
type PageResult struct {
	URL      string
	File     string // in the snapshot, slash-separated ("" if never fetched)
	Status   string
	Attempts int
	Err      error
}

// Report is the outcome of Fetch, in the order of the URLs given.
type Report struct {
	Pages []PageResult
}

// Changed lists the URLs whose content is new or changed.
func (r *Report) Changed() []string {
	var out []string
	for _, p := range r.Pages {
		if p.Status == StatusNew || p.Status == StatusChanged {
			out = append(out, p.URL)
		}
	}
	return out
}

// Failed lists the URLs that failed.
func (r *Report) Failed() []string {
	var out []string
	for _, p := range r.Pages {
		if p.Status == StatusFailed {
			out = append(out, p.URL)
		}
	}
	return out
}

// Err joins the errors of failed pages, or is nil.
func (r *Report) Err() error {
	var errs []error
	for _, p := range r.Pages {
		if p.Err != nil {
			errs = append(errs, p.Err)
		}
	}
	return errors.Join(errs...)
}

// LoadManifest reads the snapshot's manifest; a missing one is empty.
func LoadManifest(snapshot string) (*Manifest, error) {
	m := &Manifest{Version: 1, Pages: map[string]*Page{}}
	data, err := os.ReadFile(filepath.Join(snapshot, ManifestFile))
	if errors.Is(err, os.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, m); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(snapshot, ManifestFile), err)
	}
	if m.Pages == nil {
		m.Pages = map[string]*Page{}
	}
	return m, nil
}

// Save writes the manifest (sorted keys, so it diffs well when committed).
func (m *Manifest) Save(snapshot string) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(snapshot, ManifestFile), append(data, '\n'))
}

// Path is the local file of a URL in the snapshot, or "" if never fetched.
func (m *Manifest) Path(snapshot, rawURL string) string {
	if p := m.Pages[rawURL]; p != nil {
		return filepath.Join(snapshot, filepath.FromSlash(p.File))
	}
	return ""
}

// LocalFile maps a URL to its file in the snapshot: <host>/<path>, with
// index.html for a directory and a hash suffix for a query. Every segment
// is made safe for any file system: no "." or ".." (a host of ".." stays
// inside the snapshot), no characters Windows refuses, no reserved device
// names, at most 120 bytes; a segment changed to be safe gets a hash of the
// original, so two URLs never share a file.
func LocalFile(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("%q: not a URL", rawURL)
	}
	p := path.Clean("/" + u.Path)
	if strings.HasSuffix(u.Path, "/") || p == "/" {
		p = path.Join(p, "index.html")
	}
	if u.RawQuery != "" {
		sum := sha256.Sum256([]byte(u.RawQuery))
		ext := path.Ext(p)
		p = strings.TrimSuffix(p, ext) + "_" + hex.EncodeToString(sum[:4]) + ext
	}
	segs := append([]string{strings.ReplaceAll(u.Host, ":", "_")}, strings.Split(strings.TrimPrefix(p, "/"), "/")...)
	for i, s := range segs {
		segs[i] = safeSegment(s)
	}
	return strings.Join(segs, "/"), nil
}

// maxSegment bounds one file name of the snapshot (file systems allow 255
// bytes; the hash suffix needs room).
const maxSegment = 120

var windowsReserved = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true}

// safeSegment is s as a file name every file system accepts.
func safeSegment(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f || strings.ContainsRune(`<>:"\|?*%`, r):
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	t := strings.TrimRight(b.String(), ". ")
	stem, _, _ := strings.Cut(strings.ToLower(t), ".")
	if t == "" || strings.HasPrefix(t, ".") || windowsReserved[stem] {
		t = "_" + t
	}
	if len(t) > maxSegment {
		t = strings.ToValidUTF8(t[:maxSegment], "")
	}
	if t == s {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	return t + "~" + hex.EncodeToString(sum[:4])
}

// Fetch brings the snapshot up to date with urls and saves the manifest.
// Page failures are in the report (Report.Err), not in the returned error,
// which is for failures to use the snapshot directory at all.
func Fetch(ctx context.Context, urls []string, opts Options) (*Report, error) {
	opts.defaults()
	if opts.Snapshot == "" {
		return nil, errors.New("syncer: no snapshot directory")
	}
	if err := os.MkdirAll(opts.Snapshot, 0o755); err != nil {
		return nil, err
	}
	m, err := LoadManifest(opts.Snapshot)
	if err != nil {
		return nil, err
	}
	report := &Report{Pages: make([]PageResult, len(urls))}
	byHost := map[string][]int{}
	var hosts []string
	for i, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			report.Pages[i] = PageResult{URL: raw, Status: StatusFailed, Err: fmt.Errorf("%s: not an http(s) URL", raw)}
			continue
		}
		if _, ok := byHost[u.Host]; !ok {
			hosts = append(hosts, u.Host)
		}
		byHost[u.Host] = append(byHost[u.Host], i)
	}
	sort.Strings(hosts)

	bar := newProgress(opts.Progress, len(urls))
	var mu sync.Mutex // guards m and bar
	var wg sync.WaitGroup
	for _, h := range hosts {
		wg.Add(1)
		go func(idx []int) {
			defer wg.Done()
			var last time.Time
			for _, i := range idx {
				if !last.IsZero() && opts.Interval > 0 {
					if err := sleep(ctx, time.Until(last.Add(opts.Interval))); err != nil {
						report.Pages[i] = PageResult{URL: urls[i], Status: StatusFailed, Err: err}
						continue
					}
				}
				mu.Lock()
				prev := copyPage(m.Pages[urls[i]])
				mu.Unlock()
				res, page := fetchOne(ctx, urls[i], prev, &opts, &last)
				mu.Lock()
				if page != nil {
					m.Pages[urls[i]] = page
					delete(m.Failed, urls[i])
				} else if res.Err != nil && m.Pages[urls[i]] == nil {
					if m.Failed == nil {
						m.Failed = map[string]string{}
					}
					m.Failed[urls[i]] = res.Err.Error()
				}
				report.Pages[i] = res
				bar.step(urls[i])
				mu.Unlock()
			}
		}(byHost[h])
	}
	wg.Wait()
	bar.done()
	if err := m.Save(opts.Snapshot); err != nil {
		return report, err
	}
	return report, nil
}

func copyPage(p *Page) *Page {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// errRetry marks failures worth another attempt.
type errRetry struct {
	err   error
	after time.Duration // server's Retry-After, if any
}

func (e *errRetry) Error() string { return e.err.Error() }
func (e *errRetry) Unwrap() error { return e.err }

// fetchOne fetches a URL with retries; it returns the new manifest entry, or
// nil to keep the previous one.
func fetchOne(ctx context.Context, rawURL string, prev *Page, opts *Options, last *time.Time) (PageResult, *Page) {
	res := PageResult{URL: rawURL}
	file, err := LocalFile(rawURL)
	if err != nil {
		res.Status, res.Err = StatusFailed, err
		return res, nil
	}
	local := filepath.Join(opts.Snapshot, filepath.FromSlash(file))
	if prev != nil {
		res.File = prev.File
		if _, err := os.Stat(filepath.Join(opts.Snapshot, filepath.FromSlash(prev.File))); err != nil {
			prev = nil // the file is gone: fetch it whole
		}
	}
	backoff := opts.Backoff
	for attempt := 0; ; attempt++ {
		res.Attempts = attempt + 1
		body, hdr, status, err := get(ctx, rawURL, prev, opts)
		// The interval counts from the end of this request, so that the
		// host sees two requests at least Interval apart however long
		// this one took to reach it.
		*last = time.Now()
		if err == nil {
			return store(res, rawURL, file, local, prev, body, hdr, status, opts)
		}
		var re *errRetry
		if !errors.As(err, &re) || attempt >= opts.Retries || ctx.Err() != nil {
			kept := "snapshot kept"
			if prev == nil {
				kept = "never fetched"
			}
			res.Status, res.Err = StatusFailed, fmt.Errorf("%s: %w (attempt %d of %d; %s)", rawURL, err, attempt+1, opts.Retries+1, kept)
			return res, nil
		}
		wait := backoff
		if re.after > wait {
			wait = re.after
		}
		if wait > maxBackoff {
			wait = maxBackoff
		}
		if err := sleep(ctx, wait); err != nil {
			res.Status, res.Err = StatusFailed, fmt.Errorf("%s: %w", rawURL, err)
			return res, nil
		}
		backoff *= 2
	}
}

// get performs one conditional request. status 304 means unchanged.
func get(ctx context.Context, rawURL string, prev *Page, opts *Options) ([]byte, http.Header, int, error) {
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, nil, 0, err
	}
	req.Header.Set("User-Agent", opts.UserAgent)
	if prev != nil {
		if prev.ETag != "" {
			req.Header.Set("If-None-Match", prev.ETag)
		}
		if prev.LastModified != "" {
			req.Header.Set("If-Modified-Since", prev.LastModified)
		}
	}
	resp, err := opts.Client.Do(req)
	if err != nil {
		var re *errRedirect
		if errors.As(err, &re) {
			return nil, nil, 0, re // not retried: the same request gets the same redirect
		}
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, nil, 0, &errRetry{err: fmt.Errorf("timed out after %s", opts.Timeout)}
		}
		return nil, nil, 0, &errRetry{err: err}
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return nil, resp.Header, resp.StatusCode, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, nil, 0, &errRetry{err: fmt.Errorf("HTTP %s", resp.Status), after: retryAfter(resp.Header)}
	case resp.StatusCode != http.StatusOK:
		return nil, nil, 0, fmt.Errorf("HTTP %s", resp.Status)
	}
	if resp.ContentLength > opts.MaxSize {
		return nil, nil, 0, fmt.Errorf("page of %d bytes exceeds the size limit of %d bytes", resp.ContentLength, opts.MaxSize)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, opts.MaxSize+1))
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, nil, 0, &errRetry{err: fmt.Errorf("timed out after %s reading the body", opts.Timeout)}
		}
		return nil, nil, 0, &errRetry{err: err}
	}
	if int64(len(body)) > opts.MaxSize {
		return nil, nil, 0, fmt.Errorf("page exceeds the size limit of %d bytes", opts.MaxSize)
	}
	return body, resp.Header, resp.StatusCode, nil
}

func retryAfter(h http.Header) time.Duration {
	if s, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After"))); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return 0
}

func store(res PageResult, rawURL, file, local string, prev *Page, body []byte, hdr http.Header, status int, opts *Options) (PageResult, *Page) {
	if status == http.StatusNotModified {
		if prev == nil {
			// A 304 to an unconditional request: nothing to keep.
			res.Status, res.Err = StatusFailed, fmt.Errorf("%s: 304 Not Modified without a snapshot", rawURL)
			return res, nil
		}
		p := copyPage(prev)
		if et := hdr.Get("ETag"); et != "" {
			p.ETag = et
		}
		res.Status, res.File = StatusUnchanged, p.File
		return res, p
	}
	sum := sha256.Sum256(body)
	p := &Page{URL: rawURL, File: file, ETag: hdr.Get("ETag"), LastModified: hdr.Get("Last-Modified"),
		SHA256: hex.EncodeToString(sum[:]), Size: int64(len(body))}
	res.File = file
	switch {
	case prev == nil:
		res.Status = StatusNew
	case prev.SHA256 == p.SHA256 && prev.File == p.File:
		res.Status = StatusUnchanged
		return res, p
	default:
		res.Status = StatusChanged
	}
	if err := checkBody(rawURL, prev, body, opts); err != nil {
		res.Status, res.Err = StatusFailed, err
		return res, nil
	}
	if err := os.MkdirAll(filepath.Dir(local), 0o755); err != nil {
		res.Status, res.Err = StatusFailed, err
		return res, nil
	}
	if err := writeFileAtomic(local, body); err != nil {
		res.Status, res.Err = StatusFailed, err
		return res, nil
	}
	return res, p
}

// checkBody runs opts.Check on a 200 answer against the previous snapshot,
// unless the user accepted the URL.
func checkBody(rawURL string, prev *Page, body []byte, opts *Options) error {
	if opts.accepted(rawURL) {
		return nil
	}
	var old []byte
	if prev != nil {
		old, _ = os.ReadFile(filepath.Join(opts.Snapshot, filepath.FromSlash(prev.File)))
	}
	err := opts.Check(rawURL, old, body)
	if err == nil {
		return nil
	}
	kept := "nothing is stored"
	if prev != nil {
		kept = "the previous snapshot is kept"
	}
	return fmt.Errorf("%s: answered 200, but %v; %s (run with --accept %s to take the page as it is now)", rawURL, err, kept, rawURL)
}

func writeFileAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), name)
}
