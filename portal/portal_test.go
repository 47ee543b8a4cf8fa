package portal

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var (
	update      = flag.Bool("update", false, "rewrite docs/portal.md from the corpus")
	writeFloors = flag.Bool("floors", false, "rewrite floors.tsv a little under the measured figures (read the diff before committing)")
)

const (
	floorsFile = "floors.tsv"
	pageFile   = "../docs/portal.md"
)

// shared finds ../shared beside the checkout. The check must not pass by
// skipping: without the corpus it fails and says why.
func shared(t *testing.T) (corpus, oracles string) {
	t.Helper()
	corpus = filepath.Join("..", "..", "shared", "corpus", "otc-portal")
	oracles = filepath.Join("..", "..", "shared", "oracle", "otc-portal")
	for _, d := range []string{corpus, oracles} {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			abs, _ := filepath.Abs(d)
			t.Fatalf("the portal check needs ../shared beside the checkout (CI has it): no folder %s", abs)
		}
	}
	return corpus, oracles
}

// floor is one row of floors.tsv.
type floor struct {
	found int
	f1    float64 // -1: no oracle
	line  int
}

func readFloors(t *testing.T) map[string]floor {
	t.Helper()
	b, err := os.ReadFile(floorsFile)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]floor{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("%s:%d: want 3 tab-separated columns (service, op-like read, F1), got %q", floorsFile, n, line)
		}
		found, err := strconv.Atoi(f[1])
		if err != nil {
			t.Fatalf("%s:%d: op-like read %q: %v", floorsFile, n, f[1], err)
		}
		f1 := -1.0
		if f[2] != "-" {
			if f1, err = strconv.ParseFloat(f[2], 64); err != nil {
				t.Fatalf("%s:%d: F1 %q: %v", floorsFile, n, f[2], err)
			}
		}
		if _, dup := out[f[0]]; dup {
			t.Fatalf("%s:%d: %s listed twice", floorsFile, n, f[0])
		}
		out[f[0]] = floor{found, f1, n}
	}
	return out
}

// measureAll runs Measure on every service of the corpus.
func measureAll(t *testing.T) []*Row {
	corpus, oracles := shared(t)
	ids, err := Services(corpus)
	if err != nil || len(ids) == 0 {
		t.Fatalf("no services under %s: %v", corpus, err)
	}
	rows := make([]*Row, len(ids))
	for i, id := range ids {
		r, err := Measure(corpus, id, filepath.Join(oracles, id+".json"))
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		rows[i] = r
	}
	return rows
}

// TestPortal scrapes every service of the portal corpus. No service may
// write no spec; every spec, as written, must validate; each service must
// read at least the op-like pages floors.tsv says and, where the SDK has the
// service, reach its F1 floor; docs/portal.md must be what the corpus gives.
func TestPortal(t *testing.T) {
	rows := measureAll(t)
	floors := readFloors(t)
	for _, r := range rows {
		if r.Exit == 2 || r.Err != "" {
			t.Errorf("%s: no valid spec (docspec scrape exits %d): %s", r.Service, r.Exit, r.Err)
		}
		f, ok := floors[r.Service]
		if !ok {
			t.Errorf("%s: no row in portal/%s; add one a little under the measured figures (op-like read %d, F1 %s)", r.Service, floorsFile, r.Found, f1Text(r))
			continue
		}
		delete(floors, r.Service)
		if r.Found < f.found {
			t.Errorf("%s: op-like pages read %d/%d, under the floor %d (portal/%s:%d)", r.Service, r.Found, r.OpLike, f.found, floorsFile, f.line)
		}
		switch {
		case f.f1 >= 0 && !r.Scored:
			t.Errorf("%s: portal/%s:%d sets an F1 floor, but the service has no oracle", r.Service, floorsFile, f.line)
		case f.f1 < 0 && r.Scored:
			t.Errorf("%s: the service has an oracle (F1 %.3f) but portal/%s:%d sets no F1 floor", r.Service, r.F1(), floorsFile, f.line)
		case r.Scored && r.F1() < f.f1:
			t.Errorf("%s: F1 %.3f against the SDK, under the floor %.2f (portal/%s:%d)", r.Service, r.F1(), f.f1, floorsFile, f.line)
		}
	}
	for id, f := range floors {
		t.Errorf("portal/%s:%d: %s is not a service of the corpus", floorsFile, f.line, id)
	}
	var page bytes.Buffer
	if err := WriteMarkdown(&page, rows); err != nil {
		t.Fatal(err)
	}
	t.Log(Pool(rows).Line())
	if *writeFloors {
		if err := os.WriteFile(floorsFile, floorsTable(rows), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if *update {
		if err := os.WriteFile(pageFile, page.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile(pageFile)
	if err != nil || !bytes.Equal(have, page.Bytes()) {
		t.Errorf("docs/portal.md is not what the corpus gives (%v); run `make portal` and commit it", err)
	}
}

func f1Text(r *Row) string {
	if !r.Scored {
		return "-"
	}
	return fmt.Sprintf("%.3f", r.F1())
}

// floorsTable is floors.tsv a little under the measured figures: 3 % fewer
// op-like pages (at least one fewer), F1 0.02 lower, rounded down.
func floorsTable(rows []*Row) []byte {
	var b bytes.Buffer
	b.WriteString(floorsHeader)
	for _, r := range rows {
		found := r.Found - max(1, r.Found*3/100)
		if r.Found == 0 {
			found = 0
		}
		f1 := "-"
		if r.Scored {
			f1 = fmt.Sprintf("%.2f", math.Max(0, math.Floor((r.F1()-0.02)*100)/100))
		}
		fmt.Fprintf(&b, "%s\t%d\t%s\n", r.Service, found, f1)
	}
	return b.Bytes()
}

const floorsHeader = `# Floors of the portal check (portal/portal_test.go, in make test): per service of
# ../shared/corpus/otc-portal, the op-like pages docspec must read (of docs/portal.md's
# "op-like read") and the fields F1 against the SDK it must reach ("-": no SDK counterpart).
# Set a little under the measured figures; raise them when the readers improve
# (go test ./portal -run TestPortal -floors writes them from a run: 3 % fewer pages, F1 - 0.02).
# service	op-like read	F1
`
