//go:build corpus

// Measures Parse over every description cell of ../shared/corpus:
//
//	go test -tags corpus -run TestCorpus -v ./scraper/prose/
package prose

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/page"
)

type corpusCell struct {
	file, row, typ string
	cell           *page.Cell
}

func corpusCells(t *testing.T, root string) []corpusCell {
	var out []corpusCell
	err := filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		doc, err := goquery.NewDocumentFromReader(f)
		if err != nil {
			return err
		}
		doc.Find("table").Each(func(_ int, tb *goquery.Selection) {
			var head []string
			tb.Find("tr").First().Find("th,td").Each(func(_ int, c *goquery.Selection) {
				head = append(head, page.NormalizeSpace(c.Text()))
			})
			di, ti := -1, -1
			for i, h := range head {
				switch h {
				case "Description", "描述":
					di = i
				case "Type", "参数类型":
					ti = i
				}
			}
			if di < 0 || ti < 0 {
				return
			}
			tb.Find("tr").Slice(1, goquery.ToEnd).Each(func(_ int, tr *goquery.Selection) {
				tds := tr.ChildrenFiltered("td")
				if tds.Length() <= di {
					return
				}
				typ := ""
				if ti >= 0 {
					typ = corpusType(page.NormalizeSpace(tds.Eq(ti).Text()))
				}
				out = append(out, corpusCell{file: p, row: page.NormalizeSpace(tds.Eq(0).Text()), typ: typ, cell: cellOf(tds.Eq(di).Get(0))})
			})
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func corpusType(s string) string {
	s = strings.ToLower(s)
	switch {
	case strings.HasPrefix(s, "array"):
		return model.TypeArray
	case strings.HasPrefix(s, "string"):
		return model.TypeString
	case strings.HasPrefix(s, "integer"), strings.HasPrefix(s, "long"), strings.HasPrefix(s, "int"):
		return model.TypeInteger
	case strings.HasPrefix(s, "number"), strings.HasPrefix(s, "float"), strings.HasPrefix(s, "double"):
		return model.TypeNumber
	case strings.HasPrefix(s, "boolean"):
		return model.TypeBoolean
	case s == "":
		return ""
	}
	return model.TypeObject
}

// cellOf is a rough stand-in for the HTML readers: p → paragraph, ul/ol →
// list, strong → **x**, notes flattened.
func cellOf(n *html.Node) *page.Cell {
	c := &page.Cell{}
	var inline strings.Builder
	flush := func() {
		if t := page.NormalizeSpace(inline.String()); t != "" {
			c.Blocks = append(c.Blocks, &page.Block{Kind: page.KindParagraph, Text: t})
		}
		inline.Reset()
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		switch {
		case ch.Type == html.ElementNode && (ch.Data == "ul" || ch.Data == "ol"):
			flush()
			b := &page.Block{Kind: page.KindList}
			for li := ch.FirstChild; li != nil; li = li.NextSibling {
				if li.Type == html.ElementNode && li.Data == "li" {
					b.Items = append(b.Items, cellOf(li))
				}
			}
			c.Blocks = append(c.Blocks, b)
		case ch.Type == html.ElementNode && (ch.Data == "p" || ch.Data == "div"):
			flush()
			sub := cellOf(ch)
			c.Blocks = append(c.Blocks, sub.Blocks...)
		case ch.Type == html.ElementNode && ch.Data == "table":
			flush()
		default:
			inline.WriteString(inlineText(ch))
		}
	}
	flush()
	return c
}

func inlineText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		b.WriteString(inlineText(ch))
	}
	if n.Type == html.ElementNode && (n.Data == "strong" || n.Data == "b") {
		s := strings.TrimSpace(b.String())
		if s != "" {
			return "**" + s + "**"
		}
	}
	if n.Type == html.ElementNode && n.Data == "br" {
		return "\n"
	}
	return b.String()
}

func TestCorpus(t *testing.T) {
	root := os.Getenv("CORPUS")
	if root == "" {
		root = "../../../shared/corpus"
	}
	cells := corpusCells(t, root)
	seen := map[string]bool{}
	var understood, not, withEnum, withRules, sentences int
	kinds := map[string]int{}
	counts := map[string]int{}
	dump := os.Getenv("DUMP") != ""
	for _, cc := range cells {
		r := Parse(cc.cell, cc.typ, "en")
		key := cc.typ + "|" + flat(cc.cell)
		if seen[key] {
			continue
		}
		seen[key] = true
		understood += len(r.Constraints)
		texts := map[string]bool{}
		for _, c := range r.Constraints {
			kinds[c.Kind]++
			texts[c.Text] = true
		}
		sentences += len(texts)
		not += len(r.NotUnderstood)
		if len(r.Enum) > 0 {
			withEnum++
		}
		if len(r.Rules) > 0 {
			withRules++
		}
		for _, s := range r.NotUnderstood {
			counts[s]++
		}
		if dump {
			fmt.Printf("== %s %s [%s]\n%s\n", filepath.Base(cc.file), cc.row, cc.typ, flat(cc.cell))
			fmt.Printf("   -> enum=%q def=%v len=%v..%v range=%v..%v items=%v..%v pat=%q fmt=%q rules=%d\n", r.Enum, sp(r.Default), ip(r.MinLength), ip(r.MaxLength), fp(r.Minimum), fp(r.Maximum), ip(r.MinItems), ip(r.MaxItems), r.Pattern, r.Format, len(r.Rules))
			for _, s := range r.NotUnderstood {
				fmt.Printf("   ?? %s\n", s)
			}
		}
	}
	type kv struct {
		k string
		v int
	}
	var top []kv
	for k, v := range counts {
		top = append(top, kv{k, v})
	}
	sort.Slice(top, func(i, j int) bool {
		if top[i].v != top[j].v {
			return top[i].v > top[j].v
		}
		return top[i].k < top[j].k
	})
	t.Logf("distinct cells %d: constraints understood %d (from %d distinct statements), constraint-like sentences not understood %d, cells with enum %d, with rules %d", len(seen), understood, sentences, not, withEnum, withRules)
	t.Logf("constraints by kind: %v", kinds)
	for i, e := range top {
		if i >= 40 {
			break
		}
		t.Logf("%4d  %s", e.v, e.k)
	}
}

func flat(c *page.Cell) string {
	var b strings.Builder
	var walk func(c *page.Cell, ind string)
	walk = func(c *page.Cell, ind string) {
		for _, bl := range c.Blocks {
			if bl.Kind == page.KindList {
				for _, it := range bl.Items {
					b.WriteString(ind + "• ")
					walk(it, ind+"  ")
				}
				continue
			}
			b.WriteString(ind + bl.Text + "\n")
		}
	}
	walk(c, "   ")
	return strings.TrimRight(b.String(), "\n")
}

func sp(p *string) string {
	if p == nil {
		return "-"
	}
	return *p
}
func ip(p *int64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}
func fp(p *float64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}
