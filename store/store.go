// Package store is the database: one schema and one set of queries over two
// backends, SQLite (embedded, the default) and PostgreSQL. Where the dialects
// must differ, the difference lives in this file.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect is the database backend.
type Dialect string

// The two backends.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Errors every caller can test for.
var (
	ErrNotFound    = errors.New("not found")
	ErrConflict    = errors.New("already exists")
	ErrUnavailable = errors.New("database unavailable")
)

//go:embed migrations/*.sql
var migrations embed.FS

func init() {
	sqlx.BindDriver("sqlite", sqlx.QUESTION)
}

// Store is the database handle. Reads go through a pool; writes through one
// connection on SQLite (so writers never fight over the lock) and the same
// pool on PostgreSQL.
type Store struct {
	dialect Dialect
	read    *sqlx.DB
	write   *sqlx.DB
	ops     opStatements // the write path's prepared statements (optx.go)
}

// Open connects to dsn: a postgres:// URL, or else a SQLite file path.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if IsPostgres(dsn) {
		db, err := sqlx.Open("postgres", dsn)
		if err != nil {
			return nil, fmt.Errorf("store: open postgres: %w", err)
		}
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(20)
		db.SetConnMaxIdleTime(5 * time.Minute)
		s := &Store{dialect: Postgres, read: db, write: db}
		if err := s.Ping(ctx); err != nil {
			db.Close()
			return nil, err
		}
		return s, nil
	}
	path := strings.TrimPrefix(dsn, "file:")
	if path == "" || path == ":memory:" {
		return nil, errors.New("store: SQLite needs a file path (an in-memory database cannot be shared by a pool)")
	}
	// busy_timeout first, then WAL, then foreign keys: each connection of the
	// pool runs these in this order when it opens.
	q := "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_time_format=sqlite"
	conn := "file:" + (&url.URL{Path: path}).EscapedPath() + q
	write, err := sqlx.Open("sqlite", conn+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	read, err := sqlx.Open("sqlite", conn)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	s := &Store{dialect: SQLite, read: read, write: write}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Dialect returns the backend in use.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close closes every connection.
func (s *Store) Close() error {
	s.closeOps()
	err := s.read.Close()
	if s.write != s.read {
		err = errors.Join(err, s.write.Close())
	}
	return err
}

// Ping checks that the database answers; it backs GET /readyz.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := s.write.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w: %w", ErrUnavailable, err)
	}
	return nil
}

// Migrate brings the schema up to date. It is safe to run from several
// instances at once on PostgreSQL (an advisory lock serialises them).
func (s *Store) Migrate(ctx context.Context) error {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	opts := []goose.ProviderOption{goose.WithAllowOutofOrder(true)}
	dialect := goose.DialectSQLite3
	if s.dialect == Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, s.write.DB, fsys, opts...)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for _, r := range results {
		slog.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "took", r.Duration)
	}
	if s.dialect == Postgres {
		return s.compressStatesWithLZ4(ctx)
	}
	return nil
}

// compressStatesWithLZ4 makes PostgreSQL compress board states with LZ4
// rather than its default pglz. Every committed batch rewrites the whole
// state of each board it changed (a few KB of JSON, compressed when stored);
// with pglz that compression was most of the time of the batch's UPDATE
// (LZ4: 2–3× faster in a test of 140 notes boards on the benchmark VM).
// Values already stored keep their compression until rewritten. A
// PostgreSQL built without LZ4 keeps pglz. Idempotent: the column is
// altered only when it is not set yet.
func (s *Store) compressStatesWithLZ4(ctx context.Context) error {
	var method string
	if err := s.write.GetContext(ctx, &method, `SELECT attcompression::text FROM pg_attribute
		WHERE attrelid = 'boards'::regclass AND attname = 'state'`); err != nil {
		return fmt.Errorf("store: state compression: %w", mapErr(err))
	}
	if method == "l" {
		return nil
	}
	_, err := s.write.ExecContext(ctx, `ALTER TABLE boards ALTER COLUMN state SET COMPRESSION lz4`)
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "0A000" { // feature_not_supported: built without LZ4
		slog.Info("PostgreSQL has no LZ4; board states stay compressed with pglz")
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: state compression: %w", mapErr(err))
	}
	return nil
}

// forUpdate is the row-lock suffix of a SELECT in a write transaction; SQLite
// has a single writer and needs none.
func (s *Store) forUpdate() string {
	if s.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// mapErr turns driver errors into the store's sentinel errors.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code {
		case "23505":
			return fmt.Errorf("%w: %s", ErrConflict, pqErr.Constraint)
		case "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004":
			return fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		return err
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		switch liteErr.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %s", ErrConflict, liteErr.Error())
		}
		return err
	}
	if errors.Is(err, sql.ErrConnDone) || errors.Is(err, context.DeadlineExceeded) || isNetErr(err) {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return err
}

// isNetErr reports connection failures from lib/pq, which surface as plain
// network errors or driver.ErrBadConn.
func isNetErr(err error) bool {
	msg := err.Error()
	for _, s := range []string{"connection refused", "bad connection", "broken pipe", "connection reset", "EOF", "no connection"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// now is the current time in UTC at the microsecond precision both backends keep.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
