package prose

import (
	"strconv"
	"strings"
	"sync"

	"github.com/docspec/docspec/scraper/page"
)

// Cache remembers what Parse read from each distinct cell. Reference sites
// repeat themselves: the same description stands in the request and the
// response table, in every operation that shares an object, and in every
// revision of a page. One Cache serves one scrape; it is safe for concurrent
// use, and every call returns a Result of its own that the caller may change.
type Cache struct {
	mu sync.Mutex
	m  map[string]*Result
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{m: map[string]*Result{}} }

// Parse is Parse, remembered. A nil Cache parses every time.
func (c *Cache) Parse(cell *page.Cell, typ, lang string) *Result {
	if c == nil {
		return Parse(cell, typ, lang)
	}
	var b strings.Builder
	b.WriteString(typ)
	b.WriteByte(0)
	b.WriteString(lang)
	b.WriteByte(0)
	if cell != nil {
		key(&b, cell.Blocks)
	}
	k := b.String()
	c.mu.Lock()
	r, ok := c.m[k]
	c.mu.Unlock()
	if !ok {
		r = Parse(cell, typ, lang)
		c.mu.Lock()
		c.m[k] = r
		c.mu.Unlock()
	}
	return r.clone()
}

// key writes what Parse reads of blocks: kinds, texts and nesting.
func key(b *strings.Builder, bs []*page.Block) {
	for _, bl := range bs {
		if bl == nil {
			continue
		}
		b.WriteString(strconv.Itoa(int(bl.Kind)))
		b.WriteByte(1)
		b.WriteString(bl.Text)
		b.WriteByte(2)
		for _, it := range bl.Items {
			b.WriteByte(3)
			if it != nil {
				key(b, it.Blocks)
			}
			b.WriteByte(4)
		}
		if bl.Table != nil {
			for _, r := range bl.Table.Rows {
				for _, c := range r.Cells {
					b.WriteByte(5)
					if c != nil {
						key(b, c.Blocks)
					}
				}
			}
		}
	}
}

func (r *Result) clone() *Result {
	out := *r
	out.Enum = append([]string(nil), r.Enum...)
	out.NotUnderstood = append([]string(nil), r.NotUnderstood...)
	out.Default = cloneP(r.Default)
	out.MinLength, out.MaxLength = cloneP(r.MinLength), cloneP(r.MaxLength)
	out.Minimum, out.Maximum = cloneP(r.Minimum), cloneP(r.Maximum)
	out.MinItems, out.MaxItems = cloneP(r.MinItems), cloneP(r.MaxItems)
	out.Rules = cloneList(r.Rules)
	for _, c := range out.Rules {
		c.When = cloneList(c.When)
		c.Enum = append([]string(nil), c.Enum...)
		c.MinLength, c.MaxLength = cloneP(c.MinLength), cloneP(c.MaxLength)
	}
	out.Constraints = cloneList(r.Constraints)
	return &out
}

// cloneList copies the elements of a list into one block and points at the
// copies; nil and empty stay nil.
func cloneList[T any](xs []*T) []*T {
	if len(xs) == 0 {
		return nil
	}
	block := make([]T, len(xs))
	out := make([]*T, len(xs))
	for i, x := range xs {
		block[i] = *x
		out[i] = &block[i]
	}
	return out
}

func cloneP[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
