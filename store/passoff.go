package store

import (
	"context"
	"fmt"
	"time"
)

// PassoffRubric is a rubric of a trainer's pass-off library. Rubric holds the
// rubric's JSON, validated by the caller before it is stored.
type PassoffRubric struct {
	ID        string    `db:"id"`
	OwnerID   string    `db:"owner_id"`
	Name      string    `db:"name"`
	Rubric    []byte    `db:"rubric"`
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
}

// MaxPassoffRubrics bounds one trainer's library.
const MaxPassoffRubrics = 200

// CreatePassoffRubric stores a new rubric in its owner's library, refusing
// with ErrConflict when the library is full.
func (s *Store) CreatePassoffRubric(ctx context.Context, r *PassoffRubric) error {
	t := now()
	r.CreatedAt, r.UpdatedAt = t, t
	tx, err := s.write.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: create rubric: %w", mapErr(err))
	}
	defer tx.Rollback()
	var n int
	if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM passoff_rubrics WHERE owner_id = ?`), r.OwnerID); err != nil {
		return fmt.Errorf("store: create rubric: %w", mapErr(err))
	}
	if n >= MaxPassoffRubrics {
		return fmt.Errorf("store: create rubric: library full (%d): %w", MaxPassoffRubrics, ErrConflict)
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO passoff_rubrics (id, owner_id, name, rubric, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`), r.ID, r.OwnerID, r.Name, string(r.Rubric), r.CreatedAt, r.UpdatedAt); err != nil {
		return fmt.Errorf("store: create rubric: %w", mapErr(err))
	}
	return mapErr(tx.Commit())
}

// PassoffRubric finds one of a trainer's rubrics.
func (s *Store) PassoffRubric(ctx context.Context, ownerID, id string) (*PassoffRubric, error) {
	var r PassoffRubric
	if err := s.read.GetContext(ctx, &r, s.read.Rebind(
		`SELECT * FROM passoff_rubrics WHERE id = ? AND owner_id = ?`), id, ownerID); err != nil {
		return nil, fmt.Errorf("store: rubric: %w", mapErr(err))
	}
	return &r, nil
}

// PassoffRubrics lists a trainer's rubrics, most recently changed first.
func (s *Store) PassoffRubrics(ctx context.Context, ownerID string) ([]*PassoffRubric, error) {
	var rs []*PassoffRubric
	if err := s.read.SelectContext(ctx, &rs, s.read.Rebind(
		`SELECT * FROM passoff_rubrics WHERE owner_id = ? ORDER BY updated_at DESC, id DESC`), ownerID); err != nil {
		return nil, fmt.Errorf("store: rubrics: %w", mapErr(err))
	}
	return rs, nil
}

// UpdatePassoffRubric replaces a rubric's name and content.
func (s *Store) UpdatePassoffRubric(ctx context.Context, r *PassoffRubric) error {
	r.UpdatedAt = now()
	res, err := s.write.ExecContext(ctx, s.write.Rebind(`UPDATE passoff_rubrics SET name = ?, rubric = ?, updated_at = ?
		WHERE id = ? AND owner_id = ?`), r.Name, string(r.Rubric), r.UpdatedAt, r.ID, r.OwnerID)
	if err != nil {
		return fmt.Errorf("store: update rubric: %w", mapErr(err))
	}
	return expectOne(res, "update rubric")
}

// DeletePassoffRubric removes one of a trainer's rubrics.
func (s *Store) DeletePassoffRubric(ctx context.Context, ownerID, id string) error {
	res, err := s.write.ExecContext(ctx, s.write.Rebind(`DELETE FROM passoff_rubrics WHERE id = ? AND owner_id = ?`), id, ownerID)
	if err != nil {
		return fmt.Errorf("store: delete rubric: %w", mapErr(err))
	}
	return expectOne(res, "delete rubric")
}
