package prose

import (
	"strconv"
	"strings"
	"sync"

	"github.com/docspec/docspec/model"
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
	// Nil stays nil; the copies of a list's elements are made in one
	// block.
	out.Rules = nil
	if len(r.Rules) > 0 {
		rules := make([]model.Rule, len(r.Rules))
		out.Rules = make([]*model.Rule, len(r.Rules))
		for i, ru := range r.Rules {
			c := &rules[i]
			*c = *ru
			c.When = nil
			if len(ru.When) > 0 {
				when := make([]model.Condition, len(ru.When))
				c.When = make([]*model.Condition, len(ru.When))
				for j, w := range ru.When {
					when[j] = *w
					c.When[j] = &when[j]
				}
			}
			c.Enum = append([]string(nil), ru.Enum...)
			c.MinLength, c.MaxLength = cloneP(ru.MinLength), cloneP(ru.MaxLength)
			out.Rules[i] = c
		}
	}
	out.Constraints = nil
	if len(r.Constraints) > 0 {
		cons := make([]model.Constraint, len(r.Constraints))
		out.Constraints = make([]*model.Constraint, len(r.Constraints))
		for i, k := range r.Constraints {
			cons[i] = *k
			out.Constraints[i] = &cons[i]
		}
	}
	return &out
}

func cloneP[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
