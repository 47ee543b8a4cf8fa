package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
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

// cpuNow is the CPU time (user and system) the process has used: the
// benchmarks compare CPU time, which holds on a machine shared with other
// work where wall time does not (wall-x-… is reported beside it).
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// pair times two sides of a benchmark, wall and CPU.
type pair struct {
	wall, cpu [2]time.Duration
}

func (p *pair) time(side int, f func()) {
	w, c := time.Now(), cpuNow()
	f()
	p.wall[side] += time.Since(w)
	p.cpu[side] += cpuNow() - c
}

// report gives each side's seconds per op and the ratios of side 0 to
// side 1: x-NAME in CPU time, wall-x-NAME in wall time.
func (p *pair) report(b *testing.B, ours, theirs, ratio string) {
	n := float64(b.N)
	b.ReportMetric(p.cpu[0].Seconds()/n, ours+"-cpu-s")
	b.ReportMetric(p.cpu[1].Seconds()/n, theirs+"-cpu-s")
	b.ReportMetric(p.cpu[0].Seconds()/p.cpu[1].Seconds(), "x-"+ratio)
	b.ReportMetric(p.wall[0].Seconds()/p.wall[1].Seconds(), "wall-x-"+ratio)
}

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

// BenchmarkScrapeVsParse: `docspec scrape -q --name otc-apig -o x.yaml` of
// the API Gateway pages of spec/otc-apig (111 pages, 3.0 MB) — read every
// page, build and validate the spec, write it as YAML, measure its quality —
// beside parsing the same bytes with x/net/html on one goroutine (target
// ≤ 2.0).
//
//	go test -run '^$' -bench ScrapeVsParse -benchtime 5x ./internal/cli/
func BenchmarkScrapeVsParse(b *testing.B) {
	pages := readPages(b, apigPages)
	args := append([]string{"scrape", "-q", "--name", "otc-apig", "-o", filepath.Join(b.TempDir(), "x.yaml")}, apigPages...)
	var p pair
	for i := 0; i < b.N; i++ {
		p.time(0, func() { mustRun(b, args...) })
		p.time(1, func() { parseFloor(b, pages) })
	}
	p.report(b, "scrape", "parse", "parse")
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
	code := Run(args, os.Stdout, os.Stderr)
	if f := os.Getenv(childEnv + "_HWM"); f != "" {
		// The peak of this process's own memory, written where the parent
		// reads it (hwm).
		if st, err := os.ReadFile("/proc/self/status"); err == nil {
			for _, l := range strings.Split(string(st), "\n") {
				if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
					os.WriteFile(f, []byte(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB"))), 0o644)
				}
			}
		}
	}
	os.Exit(code)
}

// peakRSS runs docspec args in a child process and returns its peak
// resident memory in bytes: the VmHWM the child reads of itself on Linux.
// The rusage of a child is not that: Linux counts in it the memory of the
// parent the child was forked from until it executed, so a benchmark
// process grown large by the benchmarks before would be measured instead.
func peakRSS(b *testing.B, args ...string) int64 {
	hwm := filepath.Join(b.TempDir(), "hwm")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1", childEnv+"_HWM="+hwm)
	for i, a := range args {
		cmd.Env = append(cmd.Env, fmt.Sprintf("%s_%d=%s", childEnv, i, a))
	}
	if out, err := cmd.CombinedOutput(); err != nil && cmd.ProcessState.ExitCode() > ExitFindings {
		b.Fatalf("docspec %v: %v\n%s", args, err, out)
	}
	if kb, err := os.ReadFile(hwm); err == nil {
		if n, err := strconv.ParseInt(string(kb), 10, 64); err == nil {
			return n * 1024
		}
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
	var p pair
	for i := 0; i < b.N; i++ {
		p.time(0, func() { mustRun(b, "drift", "--fail-on", "never", oldFile, newFile) })
		p.time(1, func() { oasdiffChangelog(b, oldFile, newFile) })
	}
	p.report(b, "docspec", "oasdiff", "oasdiff")
}

// BenchmarkDriftPagesVsOasdiff: `docspec drift OLD-FOLDER NEW-FOLDER` (both
// revisions scraped, then compared) beside `oasdiff changelog` of the specs
// scraped from them (target ≤ 2.0).
//
//	go test -run '^$' -bench DriftPagesVsOasdiff -benchtime 5x ./internal/cli/
func BenchmarkDriftPagesVsOasdiff(b *testing.B) {
	oldFile, newFile := driftSpecs(b)
	var p pair
	for i := 0; i < b.N; i++ {
		p.time(0, func() { mustRun(b, "drift", "--fail-on", "never", driftOldPages, driftNewPages) })
		p.time(1, func() { oasdiffChangelog(b, oldFile, newFile) })
	}
	p.report(b, "docspec", "oasdiff", "oasdiff")
}

// rebuildDir makes a project of the otc-apig pages (docspec.yaml's entry),
// built once, and enters it.
func rebuildDir(b *testing.B) (page string) {
	dir := b.TempDir()
	var srcs []string
	for _, p := range apigPages {
		files, err := scraper.Files([]string{p})
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			if err := writeFile(filepath.Join(dir, f), data); err != nil {
				b.Fatal(err)
			}
		}
		srcs = append(srcs, p)
	}
	cfg := "version: 1\nspecs:\n  - name: otc-apig\n    provider: otc\n    sources: [" + srcs[0] + ", " + srcs[1] + "]\n    output: spec/otc-apig.yaml\n    package: generated/otcapig\n"
	if err := os.WriteFile(filepath.Join(dir, "docspec.yaml"), []byte(cfg), 0o644); err != nil {
		b.Fatal(err)
	}
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.Chdir(wd) })
	mustRun(b, "build")
	return "sources/otc/apig-portal/dedicated_gateway_apis_v2/signature_key_management/creating_a_signature_key.html"
}

func toggle(b *testing.B, page, old, new string, i int) {
	data, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	if i%2 == 1 {
		old, new = new, old
	}
	s := strings.Replace(string(data), old, new, 1)
	if s == string(data) {
		b.Fatalf("%s: %q not found", page, old)
	}
	if err := os.WriteFile(page, []byte(s), 0o644); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRebuildOneChangeVsForce: `docspec build` of otc-apig after one
// of its 111 pages changed, beside `docspec build --force` (target ≤ 0.3).
// x-force-rerendered: the page's markup changed, not what it says (the
// spec comes out the same, so the Go package is kept); x-force-edited: a
// sentence of its description changed (the spec changes, and the Go
// package is generated again, most of the time of either build).
//
//	go test -run '^$' -bench RebuildOneChangeVsForce -benchtime 3x ./internal/cli/
func BenchmarkRebuildOneChangeVsForce(b *testing.B) {
	page := rebuildDir(b)
	var rerendered, edited pair
	for i := 0; i < b.N; i++ {
		toggle(b, page, "</body>", "<!-- re-rendered --></body>", i)
		rerendered.time(0, func() { mustRun(b, "build") })
		rerendered.time(1, func() { mustRun(b, "build", "--force") })
		toggle(b, page, "A signature key is a protection mechanism", "A signature key pair is a protection mechanism", i)
		edited.time(0, func() { mustRun(b, "build") })
		edited.time(1, func() { mustRun(b, "build", "--force") })
	}
	rerendered.report(b, "rerendered", "force", "force-rerendered")
	edited.report(b, "edited", "force", "force-edited")
}
