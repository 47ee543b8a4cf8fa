package scraper

import (
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/docspec/docspec/model"
)

// memCache is a PageCache in memory. A page was taken from it when its
// entry was loaded and not stored again (an entry whose linked pages
// changed is loaded, then replaced).
type memCache struct {
	mu     sync.Mutex
	m      map[string][]byte
	loaded map[string]bool
}

func (c *memCache) Load(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.m[key]
	if ok {
		c.loaded[key] = true
	}
	return b, ok
}

func (c *memCache) Store(key string, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[key] = data
	delete(c.loaded, key)
}

// taken counts the pages taken from the cache since the last call.
func (c *memCache) taken() int {
	n := len(c.loaded)
	c.loaded = map[string]bool{}
	return n
}

func cacheModelJSON(t *testing.T, svc *model.Service) string {
	t.Helper()
	b, err := json.MarshalIndent(svc, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPageCacheFollowsLinkedTables: CCE's "Deleting a Node" types its
// metadata field by a table of "Reading a Specified Node". With a page
// cache, a second scrape of the unchanged pages takes both from the cache;
// after the linked table (row "name") changes, "Deleting a Node" is read
// again although its own bytes did not change — each scrape giving the
// model a scrape without cache gives.
func TestPageCacheFollowsLinkedTables(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"deleting_a_node.html", "reading_a_specified_node.html"} {
		b, err := os.ReadFile("testdata/portal/cce/" + f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(dir+"/"+f, b, 0o644)
	}
	scrape := func(c PageCache) string {
		svc, err := Scrape([]string{dir}, Meta{Name: "cce", Root: dir, Pages: c})
		if err != nil {
			t.Fatal(err)
		}
		return cacheModelJSON(t, svc)
	}
	c := &memCache{m: map[string][]byte{}, loaded: map[string]bool{}}
	if got, want := scrape(c), scrape(nil); got != want || c.taken() != 0 {
		t.Fatal("a scrape filling the cache differs from one without")
	}
	if got, want := scrape(c), scrape(nil); got != want {
		t.Fatal("a scrape from the cache differs from one without")
	}
	if n := c.taken(); n != 2 {
		t.Fatalf("second scrape: %d pages from the cache, want 2", n)
	}

	linked := dir + "/reading_a_specified_node.html"
	b, _ := os.ReadFile(linked)
	edited := strings.Replace(string(b), "<td><p>Node name.</p>", "<td><p>Name of the node.</p>", 1)
	if edited == string(b) {
		t.Fatal("reading_a_specified_node.html: row name not found")
	}
	os.WriteFile(linked, []byte(edited), 0o644)
	got, want := scrape(c), scrape(nil)
	if got != want {
		t.Errorf("after the linked table changed, the cached scrape differs from a fresh one")
	}
	if n := c.taken(); n != 0 {
		t.Errorf("after the linked table changed, %d pages came from the cache; want none (the linking page depends on it)", n)
	}
	if !strings.Contains(want, "Name of the node.") {
		t.Errorf("the edited row does not reach the model")
	}
}
