package store

import (
	"context"
	"fmt"
	"time"
)

// Participant is a person who joined a workshop with its code. They have no
// account: a cookie holding a random token identifies them on their device.
type Participant struct {
	ID         string    `db:"id"`
	WorkshopID string    `db:"workshop_id"`
	GroupID    *string   `db:"group_id"`
	Name       string    `db:"name"`
	TokenHash  string    `db:"token_hash"`
	CreatedAt  time.Time `db:"created_at"`
	LastSeenAt time.Time `db:"last_seen_at"`
}

// Group returns the participant's group id, or "" when unassigned.
func (p *Participant) Group() string {
	if p.GroupID == nil {
		return ""
	}
	return *p.GroupID
}

// CreateParticipant stores a participant and any private boards they need.
func (s *Store) CreateParticipant(ctx context.Context, p *Participant, boards []*Board) error {
	t := now()
	p.CreatedAt, p.LastSeenAt = t, t
	tx, err := s.write.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: create participant: %w", mapErr(err))
	}
	defer tx.Rollback()
	if _, err := tx.NamedExecContext(ctx, `INSERT INTO participants (id, workshop_id, group_id, name, token_hash, created_at, last_seen_at)
		VALUES (:id, :workshop_id, :group_id, :name, :token_hash, :created_at, :last_seen_at)`, p); err != nil {
		return fmt.Errorf("store: create participant: %w", mapErr(err))
	}
	if err := insertBoards(ctx, tx, boards, t); err != nil {
		return err
	}
	return mapErr(tx.Commit())
}

// ParticipantByToken finds a participant by the hash of their cookie token.
func (s *Store) ParticipantByToken(ctx context.Context, tokenHash string) (*Participant, error) {
	var p Participant
	if err := s.read.GetContext(ctx, &p, s.read.Rebind(`SELECT * FROM participants WHERE token_hash = ?`), tokenHash); err != nil {
		return nil, fmt.Errorf("store: participant: %w", mapErr(err))
	}
	return &p, nil
}

// ParticipantByID finds a participant of a workshop.
func (s *Store) ParticipantByID(ctx context.Context, workshopID, id string) (*Participant, error) {
	var p Participant
	if err := s.read.GetContext(ctx, &p, s.read.Rebind(
		`SELECT * FROM participants WHERE id = ? AND workshop_id = ?`), id, workshopID); err != nil {
		return nil, fmt.Errorf("store: participant: %w", mapErr(err))
	}
	return &p, nil
}

// Participants lists a workshop's participants in joining order.
func (s *Store) Participants(ctx context.Context, workshopID string) ([]*Participant, error) {
	var ps []*Participant
	if err := s.read.SelectContext(ctx, &ps, s.read.Rebind(
		`SELECT * FROM participants WHERE workshop_id = ? ORDER BY id`), workshopID); err != nil {
		return nil, fmt.Errorf("store: participants: %w", mapErr(err))
	}
	return ps, nil
}

// MoveParticipant puts a participant in another group of the same workshop.
func (s *Store) MoveParticipant(ctx context.Context, workshopID, id, groupID string) error {
	res, err := s.write.ExecContext(ctx, s.write.Rebind(`UPDATE participants SET group_id = ?
		WHERE id = ? AND workshop_id = ? AND EXISTS (SELECT 1 FROM workshop_groups g WHERE g.id = ? AND g.workshop_id = ?)`),
		groupID, id, workshopID, groupID, workshopID)
	if err != nil {
		return fmt.Errorf("store: move participant: %w", mapErr(err))
	}
	return expectOne(res, "move participant")
}

// TouchParticipant records that a participant came back.
func (s *Store) TouchParticipant(ctx context.Context, id string, at time.Time) error {
	_, err := s.write.ExecContext(ctx, s.write.Rebind(`UPDATE participants SET last_seen_at = ? WHERE id = ?`), at.UTC(), id)
	if err != nil {
		return fmt.Errorf("store: touch participant: %w", mapErr(err))
	}
	return nil
}
