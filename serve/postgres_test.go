package serve

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	pgOnce sync.Once
	pgDSN  string
	pgErr  error
	pgStop func()
)

// TestMain stops the PostgreSQL server the tests started, if any.
func TestMain(m *testing.M) {
	code := m.Run()
	if pgStop != nil {
		pgStop()
	}
	os.Exit(code)
}

// postgresDSN starts a real PostgreSQL server (Debian's, which `make test`
// installs) on a free loopback port with a fresh data directory, once per
// test binary, and returns its DSN.
func postgresDSN(t *testing.T) string {
	t.Helper()
	pgOnce.Do(func() { pgDSN, pgStop, pgErr = startPostgres() })
	if pgErr != nil {
		t.Fatalf("PostgreSQL for the tests: %v (make test installs Debian's postgresql)", pgErr)
	}
	return pgDSN
}

func pgBinary(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) == 0 {
		return "", fmt.Errorf("%s not found on PATH nor under /usr/lib/postgresql", name)
	}
	return matches[len(matches)-1], nil
}

// asPostgres runs a PostgreSQL program as the postgres user when we are
// root (the server refuses to run as root) — directly, not through a
// wrapper, so that the stop signal reaches the server itself.
func asPostgres(cred *syscall.Credential, bin string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	return cmd
}

func startPostgres() (string, func(), error) {
	initdb, err := pgBinary("initdb")
	if err != nil {
		return "", nil, err
	}
	server, err := pgBinary("postgres")
	if err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp("", "docspec-pg-")
	if err != nil {
		return "", nil, err
	}
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return "", nil, err
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return "", nil, err
		}
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	data := filepath.Join(dir, "data")
	if out, err := asPostgres(cred, initdb, "-D", data, "-A", "trust", "-U", "postgres", "--no-sync").CombinedOutput(); err != nil {
		return "", nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := asPostgres(cred, server, "-D", data, "-h", "127.0.0.1", "-p", strconv.Itoa(port), "-k", dir)
	// A file, not a pipe: Wait must not wait for the server's children.
	logs, err := os.CreateTemp("", "docspec-pg-log-")
	if err != nil {
		return "", nil, err
	}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		cmd.Process.Signal(syscall.SIGINT) // fast shutdown
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		os.RemoveAll(dir)
		logs.Close()
		os.Remove(logs.Name())
	}
	dsn := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		stop()
		return "", nil, err
	}
	defer db.Close()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if err = db.Ping(); err == nil {
			return dsn, stop, nil
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(logs.Name())
			stop()
			return "", nil, fmt.Errorf("PostgreSQL did not accept connections within 30s: %v\n%s", err, b)
		}
	}
}

// TestPostgresSharedDouble: two doubles on one PostgreSQL database share
// their state (a shared double behind several instances): a key created
// through one is listed, updated and deleted through the other, and the
// schema is created once and found at version 2.
func TestPostgresSharedDouble(t *testing.T) {
	dsn := postgresDSN(t)
	ctx := context.Background()
	spec := loadSpec(t, "otc-apig")
	var urls []string
	for i := 0; i < 2; i++ {
		store, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		srv, err := New([]*Spec{spec}, Options{Store: store})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		t.Cleanup(func() { ts.Close(); store.Close() })
		urls = append(urls, ts.URL)
	}
	a := &double{t: t, url: urls[0]}
	b := &double{t: t, url: urls[1]}
	path := "/v2/pg-project/apigw/instances/pg-gateway/signs"
	status, created := a.call("POST", path, `{"name":"pg_key"}`)
	if status != 201 {
		t.Fatalf("create through A: %d %v", status, created)
	}
	id := created["id"].(string)
	if _, list := b.call("GET", path, ""); list["total"] != 1.0 {
		t.Errorf("list through B: %v", list)
	}
	if status, m := b.call("PUT", path+"/"+id, `{"name":"pg_key_renamed"}`); status != 200 || m["create_time"] != created["create_time"] {
		t.Errorf("update through B: %d %v", status, m)
	}
	if status, _ := b.call("DELETE", path+"/"+id, ""); status != 204 {
		t.Errorf("delete through B: %d", status)
	}
	if status, e := a.call("DELETE", path+"/"+id, ""); status != 404 || e["error_code"] != "APIG.3017" {
		t.Errorf("delete again through A: %d %v", status, e)
	}
	// A page without a limit (a list whose page documents no default), and
	// one past the end: the total still counted.
	store, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for _, k := range []string{"k1", "k2", "k3"} {
		if err := store.Create(ctx, "/pages", "s", k, []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
	}
	if docs, total, err := store.Page(ctx, "/pages", "s", 1, -1); err != nil || len(docs) != 2 || total != 3 {
		t.Errorf("page from 1 without a limit: %d docs of %d, %v; want 2 of 3", len(docs), total, err)
	}
	if docs, total, err := store.Page(ctx, "/pages", "s", 5, 2); err != nil || len(docs) != 0 || total != 3 {
		t.Errorf("page past the end: %d docs of %d, %v; want 0 of 3", len(docs), total, err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version int
	if err := db.QueryRow(`SELECT version FROM docspec_schema`).Scan(&version); err != nil || version != SchemaVersion {
		t.Errorf("schema version in PostgreSQL: %d %v, want %d", version, err, SchemaVersion)
	}
}

// TestPostgresConcurrentWrites: 20 clients × 50 creates through one
// double on PostgreSQL: every id stored once.
func TestPostgresConcurrentWrites(t *testing.T) {
	dsn := postgresDSN(t)
	store, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New([]*Spec{loadSpec(t, "otc-apig")}, Options{Store: store})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer func() { ts.Close(); store.Close() }()
	d := &double{t: t, url: ts.URL}
	path := "/v2/pg-load/apigw/instances/g/api-groups"
	var wg sync.WaitGroup
	var mu sync.Mutex
	ids := map[string]bool{}
	for c := 0; c < 20; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				status, m := d.call("POST", path, fmt.Sprintf(`{"name":"pg_%d_%d"}`, c, i))
				if status != 201 {
					t.Errorf("create: %d %v", status, m)
					return
				}
				mu.Lock()
				ids[m["id"].(string)] = true
				mu.Unlock()
			}
		}(c)
	}
	wg.Wait()
	if _, list := d.call("GET", path+"?limit=1", ""); len(ids) != 1000 || list["total"] != 1000.0 {
		t.Errorf("%d distinct ids, list total %v; want 1000 and 1000", len(ids), list["total"])
	}
}
