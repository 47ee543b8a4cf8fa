package scraper

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/docspec/docspec/model"
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

func scrapeAll(names []string, pages [][]byte, workers int) *model.Service {
	svc := &model.Service{Name: "bench"}
	addPages(svc, names, pages, workers, nil)
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
// corpus, beside the floor: parsing the same bytes with x/net/html alone, on
// one goroutine. Each iteration does all three, so the ratios are measured
// under the same load: x-floor as `docspec scrape` runs (pages spread over
// GOMAXPROCS workers), x-floor-serial on one goroutine.
//
//	go test -run '^$' -bench ScrapeCorpus -benchtime 3x ./scraper/
func BenchmarkScrapeCorpus(b *testing.B) {
	names, pages, size := corpus(b)
	var par, ser, parse time.Duration
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		scrapeAll(names, pages, runtime.GOMAXPROCS(0))
		t1 := time.Now()
		scrapeAll(names, pages, 1)
		t2 := time.Now()
		parseAll(pages)
		par += t1.Sub(t0)
		ser += t2.Sub(t1)
		parse += time.Since(t2)
	}
	n := float64(b.N)
	b.ReportMetric(float64(len(pages))*n/par.Seconds(), "pages/s")
	b.ReportMetric(float64(size)*n/par.Seconds()/1e6, "scrape-MB/s")
	b.ReportMetric(float64(size)*n/parse.Seconds()/1e6, "floor-MB/s")
	b.ReportMetric(par.Seconds()/parse.Seconds(), "x-floor")
	b.ReportMetric(ser.Seconds()/parse.Seconds(), "x-floor-serial")
}

// shiftingRowspans is seed 000 with rows of "Table 3 Request body
// parameters" added, every third with a rowspan of 2 to 6 that shifts the
// rows under it: each such row draws its own warnings, so the page carries
// thousands of distinct diagnostics (the page that took 38 s at 2.6 MB when
// de-duplication compared each new diagnostic with all before it).
func shiftingRowspans(b *testing.B, rows int) []byte {
	b.Helper()
	seed, err := os.ReadFile("../sources/otc/apig/CreateSignatureKeyV2.html")
	if err != nil {
		b.Fatal(err)
	}
	at := bytes.Index(seed, []byte("</tbody>"))
	var buf bytes.Buffer
	buf.Write(seed[:at])
	for k := 0; k < rows; k++ {
		span := ""
		if k%3 == 0 {
			span = fmt.Sprintf(` rowspan="%d"`, 2+k%5)
		}
		fmt.Fprintf(&buf, `<tr><td class="cellrowborder"%s><p>field_%d</p></td><td class="cellrowborder"><p>No</p></td><td class="cellrowborder"><p>String</p></td><td class="cellrowborder"><p>Field %d. Minimum: %d</p></td></tr>`+"\n", span, k, k, k%7)
	}
	buf.Write(seed[at:])
	return buf.Bytes()
}

// BenchmarkShiftingRowspans scrapes that page at two sizes, each beside
// parsing its bytes with x/net/html: x-floor stays about the same from 2000
// to 8000 rows when the cost is linear (it grew with the row count while
// de-duplication was quadratic).
//
//	go test -run '^$' -bench ShiftingRowspans -benchtime 3x ./scraper/
func BenchmarkShiftingRowspans(b *testing.B) {
	for _, rows := range []int{2000, 8000} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			data := shiftingRowspans(b, rows)
			var scrape, parse time.Duration
			var diags int
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				svc := &model.Service{}
				AddPage(svc, "CreateSignatureKeyV2.html", data)
				t1 := time.Now()
				parseAll([][]byte{data})
				scrape += t1.Sub(t0)
				parse += time.Since(t1)
				diags = len(svc.Diagnostics)
			}
			b.ReportMetric(scrape.Seconds()/parse.Seconds(), "x-floor")
			b.ReportMetric(float64(diags), "diagnostics")
		})
	}
}
