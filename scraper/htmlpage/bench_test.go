package htmlpage

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// corpusDir is the project's copy of the shared corpus (sources/MANIFEST.yaml).
const corpusDir = "../../sources/otc"

type corpusFile struct {
	name string
	data []byte
}

func loadCorpus(b *testing.B) ([]corpusFile, int64) {
	b.Helper()
	var files []corpusFile
	var size int64
	err := filepath.WalkDir(corpusDir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".html") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files = append(files, corpusFile{p, data})
		size += int64(len(data))
		return nil
	})
	if err != nil {
		b.Fatalf("corpus %s: %v", corpusDir, err)
	}
	if len(files) == 0 {
		b.Fatalf("corpus %s: no .html files", corpusDir)
	}
	return files, size
}

func report(b *testing.B, files []corpusFile, size int64, cpu0 time.Duration) {
	s := b.Elapsed().Seconds()
	b.ReportMetric(float64(len(files)*b.N)/s, "pages/s")
	b.ReportMetric(float64(size*int64(b.N))/s/1e6, "MB/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	}
}

// BenchmarkReadCorpus reads every page of the corpus.
func BenchmarkReadCorpus(b *testing.B) {
	files, size := loadCorpus(b)
	cpu0 := cpuTime()
	for b.Loop() {
		for _, f := range files {
			if _, err := Read(f.name, f.data); err != nil {
				b.Fatal(err)
			}
		}
	}
	report(b, files, size, cpu0)
}

// BenchmarkParseFloor only parses the same bytes: the floor Read is held to.
func BenchmarkParseFloor(b *testing.B) {
	files, size := loadCorpus(b)
	cpu0 := cpuTime()
	for b.Loop() {
		for _, f := range files {
			if _, err := html.Parse(bytes.NewReader(f.data)); err != nil {
				b.Fatal(err)
			}
		}
	}
	report(b, files, size, cpu0)
}

// BenchmarkReadVsFloor times Read and html.Parse file by file, alternately,
// and reports Read's time over the parser's: on a shared machine this ratio
// holds still where the two separate benchmarks drift.
func BenchmarkReadVsFloor(b *testing.B) {
	files, _ := loadCorpus(b)
	var read, parse time.Duration
	for b.Loop() {
		for _, f := range files {
			t0 := time.Now()
			if _, err := html.Parse(bytes.NewReader(f.data)); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if _, err := Read(f.name, f.data); err != nil {
				b.Fatal(err)
			}
			t2 := time.Now()
			parse += t1.Sub(t0)
			read += t2.Sub(t1)
		}
	}
	b.ReportMetric(float64(read)/float64(parse), "read/parse")
}
