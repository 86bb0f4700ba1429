package store

import (
	"context"
	"fmt"
	"time"
)

// Session is a signed-in trainer's server-side session. ID is the SHA-256 of
// the cookie's token, so a database leak does not leak live sessions.
type Session struct {
	ID         string    `db:"id"`
	UserID     string    `db:"user_id"`
	CreatedAt  time.Time `db:"created_at"`
	LastSeenAt time.Time `db:"last_seen_at"`
	ExpiresAt  time.Time `db:"expires_at"`
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, sess *Session) error {
	_, err := s.write.ExecContext(ctx, s.write.Rebind(
		`INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)`),
		sess.ID, sess.UserID, sess.CreatedAt.UTC(), sess.LastSeenAt.UTC(), sess.ExpiresAt.UTC())
	if err != nil {
		return fmt.Errorf("store: create session: %w", mapErr(err))
	}
	return nil
}

// SessionByID finds a session.
func (s *Store) SessionByID(ctx context.Context, id string) (*Session, error) {
	var sess Session
	if err := s.read.GetContext(ctx, &sess, s.read.Rebind(`SELECT * FROM sessions WHERE id = ?`), id); err != nil {
		return nil, fmt.Errorf("store: session: %w", mapErr(err))
	}
	return &sess, nil
}

// TouchSession records activity on a session.
func (s *Store) TouchSession(ctx context.Context, id string, at time.Time) error {
	_, err := s.write.ExecContext(ctx, s.write.Rebind(`UPDATE sessions SET last_seen_at = ? WHERE id = ?`), at.UTC(), id)
	if err != nil {
		return fmt.Errorf("store: touch session: %w", mapErr(err))
	}
	return nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	_, err := s.write.ExecContext(ctx, s.write.Rebind(`DELETE FROM sessions WHERE id = ?`), id)
	if err != nil {
		return fmt.Errorf("store: delete session: %w", mapErr(err))
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their absolute expiry.
func (s *Store) DeleteExpiredSessions(ctx context.Context, at time.Time) (int64, error) {
	res, err := s.write.ExecContext(ctx, s.write.Rebind(`DELETE FROM sessions WHERE expires_at < ?`), at.UTC())
	if err != nil {
		return 0, fmt.Errorf("store: expire sessions: %w", mapErr(err))
	}
	return res.RowsAffected()
}
