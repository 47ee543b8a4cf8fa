package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
	"golang.org/x/net/html"

	"github.com/docspec/docspec/scraper"
)

// The benchmarks of the commands a user runs, each beside its anchor,
// timed alternately in the same iteration so that the ratio holds on a
// shared machine. `make bench` prints them.

// apigPages are the pages spec/otc-apig.yaml is made of (docspec.yaml).
var apigPages = []string{"sources/otc/apig", "sources/otc/apig-portal"}

// The largest pair of API Gateway revisions.
const (
	driftOldPages = "sources/otc/apig-history/2024-12-13-9ff5103"
	driftNewPages = "sources/otc/apig-history/2025-03-24-36ea57f"
)

func readPages(b *testing.B, paths []string) [][]byte {
	files, err := scraper.Files(paths)
	if err != nil {
		b.Fatal(err)
	}
	var pages [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, data)
	}
	return pages
}

func parseFloor(b *testing.B, pages [][]byte) {
	for _, p := range pages {
		if _, err := html.Parse(bytes.NewReader(p)); err != nil {
			b.Fatal(err)
		}
	}
}

func mustRun(b *testing.B, args ...string) string {
	var out, errb bytes.Buffer
	if code := Run(args, &out, &errb); code > ExitFindings {
		b.Fatalf("docspec %v: exit %d\n%s", args, code, errb.String())
	}
	return out.String()
}

// BenchmarkScrapeVsParse: `docspec scrape` of the API Gateway pages
// (111 pages, 2.8 MB) writing the spec as YAML and JSON, beside parsing the
// same bytes with x/net/html on one goroutine (target ≤ 2.0).
//
//	go test -run '^$' -bench ScrapeVsParse -benchtime 5x ./internal/cli/
func BenchmarkScrapeVsParse(b *testing.B) {
	pages := readPages(b, apigPages)
	dir := b.TempDir()
	var ours, floor time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		mustRun(b, append([]string{"scrape", "-q", "--name", "otc-apig", "-o", filepath.Join(dir, "x.yaml")}, apigPages...)...)
		mustRun(b, append([]string{"scrape", "-q", "--name", "otc-apig", "-o", filepath.Join(dir, "x.json")}, apigPages...)...)
		t1 := time.Now()
		parseFloor(b, pages)
		parseFloor(b, pages)
		ours += t1.Sub(t0)
		floor += time.Since(t1)
	}
	b.ReportMetric(ours.Seconds()/float64(2*b.N), "scrape-s")
	b.ReportMetric(floor.Seconds()/float64(2*b.N), "parse-s")
	b.ReportMetric(ours.Seconds()/floor.Seconds(), "x-parse")
}

// childEnv makes the test binary, started again, run one docspec command
// and exit: the peak memory of a process is what a user sees.
const childEnv = "DOCSPEC_BENCH_CHILD"

func init() {
	if os.Getenv(childEnv) == "" {
		return
	}
	// The parent runs from the repository root (TestMain), and so does
	// the child.
	var args []string
	for i := 0; ; i++ {
		a, ok := os.LookupEnv(fmt.Sprintf("%s_%d", childEnv, i))
		if !ok {
			break
		}
		args = append(args, a)
	}
	os.Exit(Run(args, os.Stdout, os.Stderr))
}

// peakRSS runs docspec args in a child process and returns its peak
// resident memory in bytes.
func peakRSS(b *testing.B, args ...string) int64 {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	for i, a := range args {
		cmd.Env = append(cmd.Env, fmt.Sprintf("%s_%d=%s", childEnv, i, a))
	}
	if out, err := cmd.CombinedOutput(); err != nil && cmd.ProcessState.ExitCode() > ExitFindings {
		b.Fatalf("docspec %v: %v\n%s", args, err, out)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		b.Fatal("no rusage on this system")
	}
	return ru.Maxrss * 1024 // kilobytes on Linux
}

// BenchmarkScrapePeakMemory: the peak resident memory of `docspec scrape`
// of the API Gateway pages, per MB of YAML written (target ≤ 40).
//
//	go test -run '^$' -bench ScrapePeakMemory -benchtime 1x ./internal/cli/
func BenchmarkScrapePeakMemory(b *testing.B) {
	out := filepath.Join(b.TempDir(), "x.yaml")
	var peak int64
	for i := 0; i < b.N; i++ {
		if p := peakRSS(b, append([]string{"scrape", "-q", "--name", "otc-apig", "-o", out}, apigPages...)...); p > peak {
			peak = p
		}
	}
	st, err := os.Stat(out)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(peak)/1e6, "peak-MB")
	b.ReportMetric(float64(st.Size())/1e6, "yaml-MB")
	b.ReportMetric(float64(peak)/float64(st.Size()), "peak-MB-per-MB-yaml")
}

// oasdiffChangelog is `oasdiff changelog OLD NEW` as a library: both specs
// loaded with origins, diffed, every check run, each change's text made.
func oasdiffChangelog(b *testing.B, oldFile, newFile string) int {
	loader := openapi3.NewLoader()
	loader.IncludeOrigin = true
	s1, err := load.NewSpecInfo(loader, load.NewSource(oldFile))
	if err != nil {
		b.Fatal(err)
	}
	s2, err := load.NewSpecInfo(loader, load.NewSource(newFile))
	if err != nil {
		b.Fatal(err)
	}
	d, srcs, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(), s1, s2)
	if err != nil {
		b.Fatal(err)
	}
	changes := checker.CheckBackwardCompatibilityUntilLevel(checker.NewConfig(checker.GetAllChecks()), d, srcs, checker.INFO)
	loc := checker.NewDefaultLocalizer()
	n := 0
	for _, ch := range changes {
		n += len(ch.GetUncolorizedText(loc))
	}
	return n
}

// driftSpecs scrapes the two revisions into spec files (not timed).
func driftSpecs(b *testing.B) (string, string) {
	dir := b.TempDir()
	files := [2]string{filepath.Join(dir, "old.yaml"), filepath.Join(dir, "new.yaml")}
	for i, pages := range []string{driftOldPages, driftNewPages} {
		mustRun(b, "scrape", "-q", "--name", "otc-apig", "-o", files[i], pages)
	}
	return files[0], files[1]
}

// BenchmarkDriftFilesVsOasdiff: `docspec drift OLD.yaml NEW.yaml` of the
// two largest API Gateway revisions (1.7 MB each) beside `oasdiff
// changelog` of the same files (target ≤ 1.2).
//
//	go test -run '^$' -bench DriftFilesVsOasdiff -benchtime 5x ./internal/cli/
func BenchmarkDriftFilesVsOasdiff(b *testing.B) {
	oldFile, newFile := driftSpecs(b)
	var ours, theirs time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		mustRun(b, "drift", "--fail-on", "never", oldFile, newFile)
		t1 := time.Now()
		oasdiffChangelog(b, oldFile, newFile)
		ours += t1.Sub(t0)
		theirs += time.Since(t1)
	}
	b.ReportMetric(ours.Seconds()/float64(b.N), "docspec-s")
	b.ReportMetric(theirs.Seconds()/float64(b.N), "oasdiff-s")
	b.ReportMetric(ours.Seconds()/theirs.Seconds(), "x-oasdiff")
}

// BenchmarkDriftPagesVsOasdiff: `docspec drift OLD-FOLDER NEW-FOLDER` (both
// revisions scraped, then compared) beside `oasdiff changelog` of the specs
// scraped from them (target ≤ 2.0).
//
//	go test -run '^$' -bench DriftPagesVsOasdiff -benchtime 5x ./internal/cli/
func BenchmarkDriftPagesVsOasdiff(b *testing.B) {
	oldFile, newFile := driftSpecs(b)
	var ours, theirs time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		mustRun(b, "drift", "--fail-on", "never", driftOldPages, driftNewPages)
		t1 := time.Now()
		oasdiffChangelog(b, oldFile, newFile)
		ours += t1.Sub(t0)
		theirs += time.Since(t1)
	}
	b.ReportMetric(ours.Seconds()/float64(b.N), "docspec-s")
	b.ReportMetric(theirs.Seconds()/float64(b.N), "oasdiff-s")
	b.ReportMetric(ours.Seconds()/theirs.Seconds(), "x-oasdiff")
}
