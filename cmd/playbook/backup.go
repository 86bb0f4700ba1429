package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite"

	"playbook/store"
)

// runBackup copies a live SQLite database consistently, without stopping the
// server: VACUUM INTO writes a snapshot of one read transaction (the WAL
// included) to a new file, while the server keeps writing. PostgreSQL has
// its own tools (pg_dump), described in docs/operations.md.
func runBackup(args []string) int {
	fset := flag.NewFlagSet("backup", flag.ContinueOnError)
	db := fset.String("db", env("PLAYBOOK_DB", "./playbook.db"), "the SQLite database file to copy (env PLAYBOOK_DB)")
	out := fset.String("out", "", "the copy to write (must not exist yet)")
	if err := fset.Parse(args); err != nil {
		return 2
	}
	if err := backup(context.Background(), *db, *out); err != nil {
		fmt.Fprintln(os.Stderr, "playbook backup:", err)
		if errors.Is(err, errBackupUsage) {
			return 2
		}
		return 1
	}
	fmt.Println("backup written:", *out)
	return 0
}

var errBackupUsage = errors.New("usage")

func backup(ctx context.Context, db, out string) error {
	switch {
	case store.IsPostgres(db):
		return fmt.Errorf("%w: --db is a PostgreSQL URL; back PostgreSQL up with its own tools: pg_dump --format=custom --file=playbook.dump \"$URL\" (restore with pg_restore; see docs/operations.md)", errBackupUsage)
	case out == "":
		return fmt.Errorf("%w: name the copy with --out FILE", errBackupUsage)
	}
	if _, err := os.Stat(db); err != nil {
		return fmt.Errorf("database %s: %w", db, err)
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%w: %s exists already; choose a new file", errBackupUsage, out)
	}
	abs, err := filepath.Abs(db)
	if err != nil {
		return err
	}
	// Read-only, with a busy timeout: the server may hold the write lock
	// for a moment; VACUUM INTO only reads the source.
	conn, err := sql.Open("sqlite", "file:"+(&url.URL{Path: abs}).EscapedPath()+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", out); err != nil {
		os.Remove(out)
		return fmt.Errorf("copy %s: %w", db, err)
	}
	// The copy must open and pass SQLite's own check.
	check, err := sql.Open("sqlite", "file:"+out+"?mode=ro")
	if err != nil {
		return err
	}
	defer check.Close()
	var res string
	if err := check.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		return fmt.Errorf("the copy %s fails SQLite's integrity check: %v %s", out, err, res)
	}
	return nil
}
