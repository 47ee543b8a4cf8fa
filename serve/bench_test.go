package serve

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"
)

// The JSON document a create of "Creating a Signature Key" stores, for the
// bare SQLite anchor: the same bytes the double writes.
const benchDoc = `{"create_time":"2026-12-01T12:00:00Z","id":"%032d","name":"bench_key","sign_key":"0123456789abcdef0123456789abcdef","sign_secret":"0123456789abcdef0123456789abcdef","sign_type":"hmac","update_time":"2026-12-01T12:00:00Z"}`

// bareSQLite is the anchor: the same file settings as the store (WAL,
// synchronous FULL), one table, one durable commit per insert.
func bareSQLite(b *testing.B) *sql.DB {
	b.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(b.TempDir(), "bare.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE items (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT, scope TEXT, id TEXT, doc TEXT, deleted INTEGER DEFAULT 0, UNIQUE (kind, scope, id))`); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// latencies reports p50 and p99 of ds, and the rate.
func latencies(b *testing.B, prefix string, ds []time.Duration) float64 {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds()), prefix+"-p50-µs")
	b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds()), prefix+"-p99-µs")
	rate := float64(len(ds)) / sum.Seconds()
	b.ReportMetric(rate, prefix+"-req/s")
	return sum.Seconds() / float64(len(ds))
}

// BenchmarkCreate: POST .../signs through the double (HTTP on loopback,
// routing, authentication, validation, building the response, a durable
// commit) beside a bare SQLite insert of the same JSON with a durable
// commit, and beside the same POST through a double whose store is a map in
// memory: the double's own overhead. The three run interleaved, so that a
// shared machine's drift hits them alike. x-bare is the ratio of the
// double's mean time to the bare insert's; overhead-x-bare the ratio of the
// in-memory double's (everything but the storage) to the bare insert's.
func BenchmarkCreate(b *testing.B) {
	d := newDouble(b, nil, "otc-apig")
	mem := newDoubleWith(b, newMemStore(), nil, "otc-apig")
	db := bareSQLite(b)
	served, bare, over := make([]time.Duration, 0, b.N), make([]time.Duration, 0, b.N), make([]time.Duration, 0, b.N)
	const body = `{"name":"bench_key","sign_type":"hmac"}`
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if status, m := d.call("POST", signs, body); status != 201 {
			b.Fatalf("create: %d %v", status, m)
		}
		served = append(served, time.Since(start))
		start = time.Now()
		if _, err := db.Exec(`INSERT INTO items (kind, scope, id, doc) VALUES (?, ?, ?, ?)`, "/signs", "p1/i1", fmt.Sprint(i), fmt.Sprintf(benchDoc, i)); err != nil {
			b.Fatal(err)
		}
		bare = append(bare, time.Since(start))
		start = time.Now()
		if status, m := mem.call("POST", signs, body); status != 201 {
			b.Fatalf("create (memory): %d %v", status, m)
		}
		over = append(over, time.Since(start))
	}
	b.StopTimer()
	report(b, served, bare, over)
}

// report writes the three series' figures and their ratios.
func report(b *testing.B, served, bare, over []time.Duration) {
	s := latencies(b, "serve", served)
	a := latencies(b, "bare", bare)
	o := latencies(b, "overhead", over)
	b.ReportMetric(s/a, "x-bare")
	b.ReportMetric(o/a, "overhead-x-bare")
}

// BenchmarkList: GET .../signs?offset=40&limit=20 over 200 keys through the
// double, beside the bare SQLite count and select of the same page, and
// beside the double on a store in memory (its own overhead); interleaved.
func BenchmarkList(b *testing.B) {
	d := newDouble(b, nil, "otc-apig")
	mem := newDoubleWith(b, newMemStore(), nil, "otc-apig")
	db := bareSQLite(b)
	for i := 0; i < 200; i++ {
		d.call("POST", signs, `{"name":"bench_key"}`)
		mem.call("POST", signs, `{"name":"bench_key"}`)
		db.Exec(`INSERT INTO items (kind, scope, id, doc) VALUES (?, ?, ?, ?)`, "/signs", "p1/i1", fmt.Sprint(i), fmt.Sprintf(benchDoc, i))
	}
	served, bare, over := make([]time.Duration, 0, b.N), make([]time.Duration, 0, b.N), make([]time.Duration, 0, b.N)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if status, m := d.call("GET", signs+"?offset=40&limit=20", ""); status != 200 || m["size"] != 20.0 {
			b.Fatalf("list: %d %v", status, m)
		}
		served = append(served, time.Since(start))
		start = time.Now()
		var total int
		db.QueryRowContext(ctx, `SELECT COUNT(*) FROM items WHERE kind = ? AND scope = ? AND deleted = 0`, "/signs", "p1/i1").Scan(&total)
		rows, err := db.QueryContext(ctx, `SELECT doc FROM items WHERE kind = ? AND scope = ? AND deleted = 0 ORDER BY seq LIMIT 20 OFFSET 40`, "/signs", "p1/i1")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var doc string
			rows.Scan(&doc)
			n++
		}
		rows.Close()
		if n != 20 || total != 200 {
			b.Fatalf("bare select: %d of %d", n, total)
		}
		bare = append(bare, time.Since(start))
		start = time.Now()
		if status, m := mem.call("GET", signs+"?offset=40&limit=20", ""); status != 200 || m["size"] != 20.0 {
			b.Fatalf("list (memory): %d %v", status, m)
		}
		over = append(over, time.Since(start))
	}
	b.StopTimer()
	report(b, served, bare, over)
}

// memStore is a Store in a map: what the double costs without its storage.
type memStore struct {
	mu    sync.Mutex
	items map[string]*memItem
	order []string
}

type memItem struct {
	kind, scope string
	doc         []byte
	deleted     bool
}

func newMemStore() *memStore { return &memStore{items: map[string]*memItem{}} }

func memKey(kind, scope, id string) string { return kind + "\x00" + scope + "\x00" + id }

func (m *memStore) Create(_ context.Context, kind, scope, id string, doc []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := memKey(kind, scope, id)
	if it := m.items[k]; it != nil && !it.deleted {
		return ErrExists
	}
	if m.items[k] == nil {
		m.order = append(m.order, k)
	}
	m.items[k] = &memItem{kind: kind, scope: scope, doc: doc}
	return nil
}

func (m *memStore) Get(_ context.Context, kind, scope, id string) ([]byte, State, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	it := m.items[memKey(kind, scope, id)]
	switch {
	case it == nil:
		return nil, Absent, nil
	case it.deleted:
		return nil, Deleted, nil
	}
	return it.doc, Live, nil
}

func (m *memStore) Update(_ context.Context, kind, scope, id string, doc []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	it := m.items[memKey(kind, scope, id)]
	if it == nil || it.deleted {
		return ErrNotFound
	}
	it.doc = doc
	return nil
}

func (m *memStore) Delete(_ context.Context, kind, scope, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	it := m.items[memKey(kind, scope, id)]
	if it == nil || it.deleted {
		return ErrNotFound
	}
	it.deleted, it.doc = true, nil
	return nil
}

func (m *memStore) List(ctx context.Context, kind, scope string) ([][]byte, error) {
	docs, _, err := m.Page(ctx, kind, scope, 0, -1)
	return docs, err
}

func (m *memStore) Page(_ context.Context, kind, scope string, offset, limit int) ([][]byte, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var all [][]byte
	for _, k := range m.order {
		if it := m.items[k]; it.kind == kind && it.scope == scope && !it.deleted {
			all = append(all, it.doc)
		}
	}
	total := len(all)
	if offset > total {
		offset = total
	}
	all = all[offset:]
	if limit >= 0 && limit < len(all) {
		all = all[:limit]
	}
	return all, total, nil
}

func (m *memStore) Close() error { return nil }
