package store

import (
	"context"
	"fmt"
	"time"
)

// User is a trainer account.
type User struct {
	ID           string    `db:"id" json:"id"`
	Email        string    `db:"email" json:"email"`
	Name         string    `db:"name" json:"name"`
	PasswordHash string    `db:"password_hash" json:"-"`
	CreatedAt    time.Time `db:"created_at" json:"created_at"`
}

// CountUsers counts trainer accounts; zero means first-run setup is pending.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.read.GetContext(ctx, &n, `SELECT COUNT(*) FROM users`); err != nil {
		return 0, fmt.Errorf("store: count users: %w", mapErr(err))
	}
	return n, nil
}

// CreateUser adds a trainer account.
func (s *Store) CreateUser(ctx context.Context, u *User) error {
	u.CreatedAt = now()
	_, err := s.write.ExecContext(ctx, s.write.Rebind(
		`INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)`),
		u.ID, u.Email, u.Name, u.PasswordHash, u.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: create user: %w", mapErr(err))
	}
	return nil
}

// CreateFirstUser adds the first trainer account and consumes the setup
// token in one transaction: it fails with ErrConflict once any account exists.
func (s *Store) CreateFirstUser(ctx context.Context, u *User) error {
	tx, err := s.write.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: first user: %w", mapErr(err))
	}
	defer tx.Rollback()
	var n int
	if err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM users`); err != nil {
		return fmt.Errorf("store: first user: %w", mapErr(err))
	}
	if n > 0 {
		return fmt.Errorf("store: first user: %w", ErrConflict)
	}
	u.CreatedAt = now()
	if _, err := tx.ExecContext(ctx, tx.Rebind(
		`INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)`),
		u.ID, u.Email, u.Name, u.PasswordHash, u.CreatedAt); err != nil {
		return fmt.Errorf("store: first user: %w", mapErr(err))
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM settings WHERE key = ?`), settingSetupToken); err != nil {
		return fmt.Errorf("store: first user: %w", mapErr(err))
	}
	return mapErr(tx.Commit())
}

// UserByEmail finds an account by its (lower-cased) email.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	if err := s.read.GetContext(ctx, &u, s.read.Rebind(`SELECT * FROM users WHERE email = ?`), email); err != nil {
		return nil, fmt.Errorf("store: user by email: %w", mapErr(err))
	}
	return &u, nil
}

// UserByID finds an account.
func (s *Store) UserByID(ctx context.Context, id string) (*User, error) {
	var u User
	if err := s.read.GetContext(ctx, &u, s.read.Rebind(`SELECT * FROM users WHERE id = ?`), id); err != nil {
		return nil, fmt.Errorf("store: user: %w", mapErr(err))
	}
	return &u, nil
}

const settingSetupToken = "setup_token_hash"

// SetSetupToken stores the hash of the one-time first-run token.
func (s *Store) SetSetupToken(ctx context.Context, hash string) error {
	_, err := s.write.ExecContext(ctx, s.write.Rebind(
		`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
		settingSetupToken, hash)
	if err != nil {
		return fmt.Errorf("store: set setup token: %w", mapErr(err))
	}
	return nil
}

// SetupTokenHash returns the stored hash of the first-run token.
func (s *Store) SetupTokenHash(ctx context.Context) (string, error) {
	var v string
	if err := s.read.GetContext(ctx, &v, s.read.Rebind(`SELECT value FROM settings WHERE key = ?`), settingSetupToken); err != nil {
		return "", fmt.Errorf("store: setup token: %w", mapErr(err))
	}
	return v, nil
}
