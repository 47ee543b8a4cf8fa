package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// pageCacheDir holds, per spec, what each page gave the last time it was
// read (scraper.PageCache): `docspec build` after one page changed reads
// that page only. Like build.json it is a cache: deleting it costs one
// full scrape, and verify never reads it.
const pageCacheDir = ".docspec/pages"

// dirCache is a scraper.PageCache in one directory per spec. Its keys add
// the docspec binary's hash to the page's, so that a new docspec reads
// every page again. prune removes the entries the last scrape did not use,
// so the directory holds one entry per page, not one per revision.
type dirCache struct {
	dir    string
	tool   string
	mu     sync.Mutex
	used   map[string]bool
	stored int // pages read (and kept)
}

func newDirCache(spec string) (*dirCache, error) {
	tool, err := toolHash()
	if err != nil {
		return nil, err
	}
	return &dirCache{dir: filepath.Join(pageCacheDir, spec), tool: tool, used: map[string]bool{}}, nil
}

func (c *dirCache) file(key string) string {
	h := sha256.Sum256([]byte(c.tool + "\n" + key))
	name := hex.EncodeToString(h[:16]) + ".json"
	c.mu.Lock()
	c.used[name] = true
	c.mu.Unlock()
	return filepath.Join(c.dir, name)
}

func (c *dirCache) Load(key string) ([]byte, bool) {
	b, err := os.ReadFile(c.file(key))
	return b, err == nil
}

// String says what the cache saved, for build's summary: every page asks
// for its entry, and a page read (changed, or a page it links to changed)
// stores one.
func (c *dirCache) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprintf("%d pages unchanged since the last build, %d read", len(c.used)-c.stored, c.stored)
}

// Store writes an entry through a temporary file, so that an interrupted
// build leaves no half entry. A failure only costs a read next time.
func (c *dirCache) Store(key string, data []byte) {
	f := c.file(key)
	c.mu.Lock()
	c.stored++
	c.mu.Unlock()
	if os.MkdirAll(c.dir, 0o755) != nil {
		return
	}
	tmp := f + ".tmp"
	if os.WriteFile(tmp, data, 0o644) != nil {
		return
	}
	if os.Rename(tmp, f) != nil {
		os.Remove(tmp)
	}
}

// prune removes the entries not used since the cache was made.
func (c *dirCache) prune() {
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range entries {
		if !c.used[e.Name()] {
			os.Remove(filepath.Join(c.dir, e.Name()))
		}
	}
}
