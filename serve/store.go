package serve

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL, for --db postgres://
	_ "modernc.org/sqlite"             // SQLite in pure Go: no cgo
)

// ErrNotFound: the item does not exist (or was deleted).
var ErrNotFound = errors.New("not found")

// ErrExists: an item with this id already exists.
var ErrExists = errors.New("already exists")

// State is what the store knows of an id.
type State int

// The states of an id.
const (
	Absent  State = iota // never created through the double
	Live                 // created and not deleted
	Deleted              // created, then deleted: its tombstone stays
)

// Store keeps the double's objects: JSON documents keyed by the resource's
// kind, the scope (the collection's path parameter values) and the id. Every
// write returns only once it is committed.
type Store interface {
	Create(ctx context.Context, kind, scope, id string, doc []byte) error
	Get(ctx context.Context, kind, scope, id string) ([]byte, State, error)
	Update(ctx context.Context, kind, scope, id string, doc []byte) error
	Delete(ctx context.Context, kind, scope, id string) error
	List(ctx context.Context, kind, scope string) ([][]byte, error)
	// Page is one page of List (limit < 0: to the end) and the number of items in all.
	Page(ctx context.Context, kind, scope string, offset, limit int) ([][]byte, int, error)
	Close() error
}

// SchemaVersion is the version of the store's tables that this docspec writes.
const SchemaVersion = 2

// migrations bring a database from version i to i+1, one dialect each.
var migrations = []struct{ sqlite, postgres string }{
	{ // 1: the objects
		`CREATE TABLE items (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, scope TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, UNIQUE (kind, scope, id))`,
		`CREATE TABLE items (seq BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, scope TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, UNIQUE (kind, scope, id))`,
	},
	{ // 2: lists read one scope in creation order
		`CREATE INDEX items_by_scope ON items (kind, scope, deleted, seq)`,
		`CREATE INDEX items_by_scope ON items (kind, scope, deleted, seq)`,
	},
}

// DefaultDB is where the SQLite file goes when --db is not given.
const DefaultDB = ".docspec/serve.db"

// Open opens the store a DSN names: postgres://... or postgresql://... for
// PostgreSQL, anything else is a SQLite file path. It creates or migrates the
// schema.
func Open(ctx context.Context, dsn string) (Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openSQL(ctx, "pgx", dsn, dsn, postgres)
	}
	if dsn == "" {
		dsn = DefaultDB
	}
	if dir := filepath.Dir(dsn); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("--db %s: %w", dsn, err)
		}
	}
	// WAL lets lists read while a commit is written; synchronous(FULL) makes a
	// commit durable before it returns, so an acknowledged write survives kill -9.
	q := "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)"
	return openSQL(ctx, "sqlite", "file:"+dsn+q, dsn, sqlite)
}

type dialect int

const (
	sqlite dialect = iota
	postgres
)

type sqlStore struct {
	dialect dialect
	read    *sql.DB
	write   *sql.DB
	writes  chan *pending
	done    chan struct{}
	// Statements prepared once: reads on the read pool, writes on the writer.
	get, page, count, list *sql.Stmt
	stmts                  map[string]*sql.Stmt // write query → its statement
}

// The writes, each one statement.
const (
	createQuery = `INSERT INTO items (kind, scope, id, doc) VALUES (?, ?, ?, ?) ON CONFLICT (kind, scope, id) DO UPDATE SET doc = excluded.doc, deleted = 0 WHERE items.deleted = 1`
	updateQuery = `UPDATE items SET doc = ? WHERE kind = ? AND scope = ? AND id = ? AND deleted = 0`
	deleteQuery = `UPDATE items SET deleted = 1, doc = '' WHERE kind = ? AND scope = ? AND id = ? AND deleted = 0`
)

// prepare prepares the store's statements once the schema exists.
func (s *sqlStore) prepare(ctx context.Context) error {
	var err error
	prep := func(db *sql.DB, q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var st *sql.Stmt
		st, err = db.PrepareContext(ctx, s.q(q))
		return st
	}
	s.get = prep(s.read, `SELECT doc, deleted FROM items WHERE kind = ? AND scope = ? AND id = ?`)
	s.list = prep(s.read, `SELECT doc FROM items WHERE kind = ? AND scope = ? AND deleted = 0 ORDER BY seq`)
	s.page = prep(s.read, `SELECT doc FROM items WHERE kind = ? AND scope = ? AND deleted = 0 ORDER BY seq LIMIT ? OFFSET ?`)
	s.count = prep(s.read, `SELECT COUNT(*) FROM items WHERE kind = ? AND scope = ? AND deleted = 0`)
	s.stmts = map[string]*sql.Stmt{}
	for _, q := range []string{createQuery, updateQuery, deleteQuery} {
		s.stmts[q] = prep(s.write, q)
	}
	return err
}

func openSQL(ctx context.Context, driver, dsn, name string, d dialect) (Store, error) {
	read, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("--db %s: %w", name, err)
	}
	write, err := sql.Open(driver, dsn)
	if err != nil {
		read.Close()
		return nil, fmt.Errorf("--db %s: %w", name, err)
	}
	// One writer connection: the group-commit loop is the only writer.
	write.SetMaxOpenConns(1)
	read.SetMaxOpenConns(8)
	s := &sqlStore{dialect: d, read: read, write: write, writes: make(chan *pending, 256), done: make(chan struct{})}
	if err := s.migrate(ctx); err != nil {
		read.Close()
		write.Close()
		return nil, fmt.Errorf("--db %s: %w", name, err)
	}
	if err := s.prepare(ctx); err != nil {
		read.Close()
		write.Close()
		return nil, fmt.Errorf("--db %s: %w", name, err)
	}
	go s.commitLoop()
	return s, nil
}

// q rewrites ? placeholders for PostgreSQL ($1, $2, ...).
func (s *sqlStore) q(query string) string {
	if s.dialect != postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (s *sqlStore) migrate(ctx context.Context) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS docspec_schema (version INTEGER NOT NULL)`); err != nil {
		return err
	}
	version := 0
	err = tx.QueryRowContext(ctx, `SELECT version FROM docspec_schema`).Scan(&version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `INSERT INTO docspec_schema (version) VALUES (0)`); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	if version > len(migrations) {
		return fmt.Errorf("the store's schema is version %d, newer than this docspec's %d: use a newer docspec or another --db", version, len(migrations))
	}
	for v := version; v < len(migrations); v++ {
		m := migrations[v].sqlite
		if s.dialect == postgres {
			m = migrations[v].postgres
		}
		if _, err := tx.ExecContext(ctx, m); err != nil {
			return fmt.Errorf("schema migration to version %d: %w", v+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE docspec_schema SET version = ?`), len(migrations)); err != nil {
		return err
	}
	return tx.Commit()
}

// pending is one statement waiting for the next group commit.
type pending struct {
	query string
	args  []any
	check func(rows int64) error // nil: any row count is fine
	done  chan error
}

// commitLoop runs queued writes in shared transactions: one commit (one fsync)
// for every write queued meanwhile, each acknowledged after that commit.
func (s *sqlStore) commitLoop() {
	defer close(s.done)
	for w := range s.writes {
		batch := []*pending{w}
	drain:
		for len(batch) < 256 {
			select {
			case w, ok := <-s.writes:
				if !ok {
					break drain
				}
				batch = append(batch, w)
			default:
				break drain
			}
		}
		s.commit(batch)
	}
}

func (s *sqlStore) commit(batch []*pending) {
	ctx := context.Background()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		for _, w := range batch {
			w.done <- err
		}
		return
	}
	if len(batch) == 1 {
		// Alone in its transaction, a write needs no savepoint: if it fails,
		// the transaction is rolled back.
		w := batch[0]
		if err := s.run(ctx, tx, w); err != nil {
			tx.Rollback()
			w.done <- err
			return
		}
		w.done <- tx.Commit()
		return
	}
	results := make([]error, len(batch))
	for i, w := range batch {
		results[i] = s.exec(ctx, tx, w)
	}
	if err := tx.Commit(); err != nil {
		for _, w := range batch {
			w.done <- err
		}
		return
	}
	for i, w := range batch {
		w.done <- results[i]
	}
}

// exec runs one write inside a savepoint, so that a failed write (a duplicate
// id) does not undo the others of its batch.
func (s *sqlStore) exec(ctx context.Context, tx *sql.Tx, w *pending) error {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT w"); err != nil {
		return err
	}
	if err := s.run(ctx, tx, w); err != nil {
		tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT w")
		return err
	}
	_, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT w")
	return err
}

// run executes one write's statement (prepared once) and checks its row count.
func (s *sqlStore) run(ctx context.Context, tx *sql.Tx, w *pending) error {
	var res sql.Result
	var err error
	if st := s.stmts[w.query]; st != nil {
		res, err = tx.StmtContext(ctx, st).ExecContext(ctx, w.args...)
	} else {
		res, err = tx.ExecContext(ctx, s.q(w.query), w.args...)
	}
	if err == nil && w.check != nil {
		var n int64
		if n, err = res.RowsAffected(); err == nil {
			err = w.check(n)
		}
	}
	return err
}

func (s *sqlStore) submit(ctx context.Context, w *pending) error {
	w.done = make(chan error, 1)
	select {
	case s.writes <- w:
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued, wait for the commit even if the client has gone: the
	// answer must follow the durable state.
	return <-w.done
}

func oneRow(n int64) error {
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

func (s *sqlStore) Create(ctx context.Context, kind, scope, id string, doc []byte) error {
	// A tombstone with the same id is replaced: the id is free again.
	err := s.submit(ctx, &pending{
		query: createQuery,
		args:  []any{kind, scope, id, string(doc)},
		check: func(n int64) error {
			if n == 0 {
				return ErrExists
			}
			return nil
		},
	})
	return err
}

func (s *sqlStore) Update(ctx context.Context, kind, scope, id string, doc []byte) error {
	return s.submit(ctx, &pending{
		query: updateQuery,
		args:  []any{string(doc), kind, scope, id},
		check: oneRow,
	})
}

func (s *sqlStore) Delete(ctx context.Context, kind, scope, id string) error {
	return s.submit(ctx, &pending{
		query: deleteQuery,
		args:  []any{kind, scope, id},
		check: oneRow,
	})
}

func (s *sqlStore) Get(ctx context.Context, kind, scope, id string) ([]byte, State, error) {
	var doc string
	var deleted int
	err := s.get.QueryRowContext(ctx, kind, scope, id).Scan(&doc, &deleted)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, Absent, nil
	case err != nil:
		return nil, Absent, err
	case deleted != 0:
		return nil, Deleted, nil
	}
	return []byte(doc), Live, nil
}

func (s *sqlStore) List(ctx context.Context, kind, scope string) ([][]byte, error) {
	rows, err := s.list.QueryContext(ctx, kind, scope)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	docs := [][]byte{}
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		docs = append(docs, []byte(doc))
	}
	return docs, rows.Err()
}

func (s *sqlStore) Page(ctx context.Context, kind, scope string, offset, limit int) ([][]byte, int, error) {
	// The total and the page in one read transaction: one snapshot. (A
	// window COUNT(*) OVER () would read every document of the scope.)
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	var total int
	if err := tx.StmtContext(ctx, s.count).QueryRowContext(ctx, kind, scope).Scan(&total); err != nil {
		return nil, 0, err
	}
	var lim any = limit
	if limit < 0 && s.dialect == postgres {
		lim = nil // PostgreSQL refuses a negative LIMIT; NULL is none (SQLite: negative is none)
	}
	rows, err := tx.StmtContext(ctx, s.page).QueryContext(ctx, kind, scope, lim, offset)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	docs := [][]byte{}
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, 0, err
		}
		docs = append(docs, doc)
	}
	return docs, total, rows.Err()
}

// Close waits for the queued writes, then closes the databases.
func (s *sqlStore) Close() error {
	close(s.writes)
	<-s.done
	for _, st := range append([]*sql.Stmt{s.get, s.page, s.count, s.list}, slices.Collect(maps.Values(s.stmts))...) {
		if st != nil {
			st.Close()
		}
	}
	return errors.Join(s.write.Close(), s.read.Close())
}
