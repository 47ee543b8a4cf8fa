package scraper

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/prose"
)

// corpus is every HTML page the project keeps from ../shared/corpus: the
// ELB doc-export pages, the API Gateway portal and its five revisions.
func corpus(b *testing.B) (names []string, pages [][]byte, size int64) {
	b.Helper()
	files, err := Files([]string{"../sources/otc/elb-v3", "../sources/otc/apig-portal", "../sources/otc/apig-history"})
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		names = append(names, filepath.ToSlash(f))
		pages = append(pages, data)
		size += int64(len(data))
	}
	if len(pages) < 500 {
		b.Fatalf("corpus has %d pages; expected the whole of sources/otc", len(pages))
	}
	return names, pages, size
}

func scrapeAll(names []string, pages [][]byte) *model.Service {
	svc := &model.Service{Name: "bench"}
	cache := prose.NewCache() // as Scrape does: one per scrape
	for i, p := range pages {
		addPage(svc, names[i], p, cache)
	}
	Finish(svc)
	return svc
}

func parseAll(pages [][]byte) {
	for _, p := range pages {
		if _, err := html.Parse(bytes.NewReader(p)); err != nil {
			panic(err)
		}
	}
}

// BenchmarkScrapeCorpus: the whole pipeline from bytes to the model
// (dialect detection, reading, interpretation, prose, merging) over the
// corpus, beside the floor: parsing the same bytes with x/net/html alone.
// Each iteration does both, so the ratio is measured under the same load.
//
//	go test -run '^$' -bench ScrapeCorpus -benchtime 5x ./scraper/
func BenchmarkScrapeCorpus(b *testing.B) {
	names, pages, size := corpus(b)
	var scrape, parse time.Duration
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		scrapeAll(names, pages)
		t1 := time.Now()
		parseAll(pages)
		scrape += t1.Sub(t0)
		parse += time.Since(t1)
	}
	n := float64(b.N)
	b.ReportMetric(float64(len(pages))*n/scrape.Seconds(), "pages/s")
	b.ReportMetric(float64(size)*n/scrape.Seconds()/1e6, "scrape-MB/s")
	b.ReportMetric(float64(size)*n/parse.Seconds()/1e6, "floor-MB/s")
	b.ReportMetric(scrape.Seconds()/parse.Seconds(), "x-floor")
}
