package serve

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sort"
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
// commit. x-bare is the ratio of their mean times.
func BenchmarkCreate(b *testing.B) {
	d := newDouble(b, nil, "otc-apig")
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if status, m := d.call("POST", signs, `{"name":"bench_key","sign_type":"hmac"}`); status != 201 {
			b.Fatalf("create: %d %v", status, m)
		}
		ds = append(ds, time.Since(start))
	}
	b.StopTimer()
	served := latencies(b, "serve", ds)
	db := bareSQLite(b)
	ds = ds[:0]
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := db.Exec(`INSERT INTO items (kind, scope, id, doc) VALUES (?, ?, ?, ?)`, "/signs", "p1/i1", fmt.Sprint(i), fmt.Sprintf(benchDoc, i)); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
	}
	bare := latencies(b, "bare", ds)
	b.ReportMetric(served/bare, "x-bare")
}

// BenchmarkList: GET .../signs?limit=20 over 200 keys through the double,
// beside the bare SQLite count and select of the same page.
func BenchmarkList(b *testing.B) {
	d := newDouble(b, nil, "otc-apig")
	db := bareSQLite(b)
	for i := 0; i < 200; i++ {
		d.call("POST", signs, `{"name":"bench_key"}`)
		db.Exec(`INSERT INTO items (kind, scope, id, doc) VALUES (?, ?, ?, ?)`, "/signs", "p1/i1", fmt.Sprint(i), fmt.Sprintf(benchDoc, i))
	}
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if status, m := d.call("GET", signs+"?offset=40&limit=20", ""); status != 200 || m["size"] != 20.0 {
			b.Fatalf("list: %d %v", status, m)
		}
		ds = append(ds, time.Since(start))
	}
	b.StopTimer()
	served := latencies(b, "serve", ds)
	ds = ds[:0]
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		start := time.Now()
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
		ds = append(ds, time.Since(start))
	}
	bare := latencies(b, "bare", ds)
	b.ReportMetric(served/bare, "x-bare")
}
