// Package storetest gives tests real databases: a SQLite file always, and a
// PostgreSQL schema of its own when PLAYBOOK_TEST_POSTGRES holds a URL. In CI
// (CI=true) a missing PostgreSQL or Redis fails the test instead of skipping.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/lib/pq" // PostgreSQL driver for schema set-up

	"playbook/store"
)

// Backend is one database a test runs against.
type Backend struct {
	Name string // "sqlite" or "postgres"
	DSN  string
}

// InCI reports whether the tests run in CI, where nothing may be skipped.
func InCI() bool { return os.Getenv("CI") == "true" }

// Backends returns the databases every store-backed test must run against: a
// fresh SQLite file, and a fresh PostgreSQL schema when one is configured.
func Backends(t testing.TB) []Backend {
	t.Helper()
	out := []Backend{{Name: "sqlite", DSN: filepath.Join(t.TempDir(), "playbook.db")}}
	if dsn := PostgresDSN(t); dsn != "" {
		out = append(out, Backend{Name: "postgres", DSN: dsn})
	}
	return out
}

// PostgresDSN creates an empty schema in the test PostgreSQL and returns a
// URL pointing into it, or "" when PLAYBOOK_TEST_POSTGRES is unset outside CI.
// The schema is dropped when the test ends.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("PLAYBOOK_TEST_POSTGRES")
	if base == "" {
		if InCI() {
			t.Fatal("PLAYBOOK_TEST_POSTGRES is not set; CI must run every test on PostgreSQL too")
		}
		return ""
	}
	db, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer db.Close()
	schema := "t_" + randomHex(8)
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("postgres at %s: %v", base, err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("postgres", base)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("PLAYBOOK_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	if q.Get("sslmode") == "" {
		q.Set("sslmode", "disable")
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// RedisURL returns PLAYBOOK_TEST_REDIS, skipping the test when it is unset
// outside CI and failing it in CI.
func RedisURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("PLAYBOOK_TEST_REDIS")
	if u == "" {
		if InCI() {
			t.Fatal("PLAYBOOK_TEST_REDIS is not set; CI must run the Redis tests")
		}
		t.Skip("PLAYBOOK_TEST_REDIS not set")
	}
	return u
}

// Open opens and migrates a store on b, closed when the test ends.
func Open(t testing.TB, b Backend) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), b.DSN)
	if err != nil {
		t.Fatalf("open %s: %v", b.Name, err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", b.Name, err)
	}
	return s
}

// Each runs fn as a subtest on every backend with a fresh, migrated store.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	for _, b := range Backends(t) {
		t.Run(b.Name, func(t *testing.T) { fn(t, Open(t, b)) })
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return strings.ToLower(hex.EncodeToString(b))
}
