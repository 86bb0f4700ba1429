package store

import (
	"context"
	"fmt"
	"time"
)

// Workshop is one run of the workshop for a client company.
type Workshop struct {
	ID            string    `db:"id"`
	OwnerID       string    `db:"owner_id"`
	Title         string    `db:"title"`
	ClientCompany string    `db:"client_company"`
	Industry      string    `db:"industry"`
	StartsOn      string    `db:"starts_on"`
	EndsOn        string    `db:"ends_on"`
	Language      string    `db:"language"`
	JoinCode      string    `db:"join_code"`
	Curriculum    []byte    `db:"curriculum"`
	CreatedAt     time.Time `db:"created_at"`
	UpdatedAt     time.Time `db:"updated_at"`
}

// Group is a breakout group of a workshop.
type Group struct {
	ID         string `db:"id"`
	WorkshopID string `db:"workshop_id"`
	Name       string `db:"name"`
	Position   int    `db:"position"`
}

// CreateWorkshop stores a new workshop with its groups and boards in one
// transaction.
func (s *Store) CreateWorkshop(ctx context.Context, w *Workshop, groups []*Group, boards []*Board) error {
	t := now()
	w.CreatedAt, w.UpdatedAt = t, t
	tx, err := s.write.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: create workshop: %w", mapErr(err))
	}
	defer tx.Rollback()
	if _, err := tx.NamedExecContext(ctx, `INSERT INTO workshops
		(id, owner_id, title, client_company, industry, starts_on, ends_on, language, join_code, curriculum, created_at, updated_at)
		VALUES (:id, :owner_id, :title, :client_company, :industry, :starts_on, :ends_on, :language, :join_code, :curriculum, :created_at, :updated_at)`, w); err != nil {
		return fmt.Errorf("store: create workshop: %w", mapErr(err))
	}
	for _, g := range groups {
		if err := insertGroup(ctx, tx, g); err != nil {
			return err
		}
	}
	if err := insertBoards(ctx, tx, boards, t); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: create workshop: %w", mapErr(err))
	}
	return nil
}

// WorkshopByID finds a workshop.
func (s *Store) WorkshopByID(ctx context.Context, id string) (*Workshop, error) {
	var w Workshop
	if err := s.read.GetContext(ctx, &w, s.read.Rebind(`SELECT * FROM workshops WHERE id = ?`), id); err != nil {
		return nil, fmt.Errorf("store: workshop: %w", mapErr(err))
	}
	return &w, nil
}

// WorkshopByCode finds a workshop by its join code.
func (s *Store) WorkshopByCode(ctx context.Context, code string) (*Workshop, error) {
	var w Workshop
	if err := s.read.GetContext(ctx, &w, s.read.Rebind(`SELECT * FROM workshops WHERE join_code = ?`), code); err != nil {
		return nil, fmt.Errorf("store: workshop by code: %w", mapErr(err))
	}
	return &w, nil
}

// WorkshopsOf lists a trainer's workshops, newest first.
func (s *Store) WorkshopsOf(ctx context.Context, ownerID string) ([]*Workshop, error) {
	var ws []*Workshop
	if err := s.read.SelectContext(ctx, &ws, s.read.Rebind(
		`SELECT * FROM workshops WHERE owner_id = ? ORDER BY id DESC`), ownerID); err != nil {
		return nil, fmt.Errorf("store: workshops: %w", mapErr(err))
	}
	return ws, nil
}

// UpdateWorkshop saves a workshop's editable fields.
func (s *Store) UpdateWorkshop(ctx context.Context, w *Workshop) error {
	w.UpdatedAt = now()
	res, err := s.write.NamedExecContext(ctx, `UPDATE workshops SET title = :title, client_company = :client_company,
		industry = :industry, starts_on = :starts_on, ends_on = :ends_on, language = :language, updated_at = :updated_at
		WHERE id = :id`, w)
	if err != nil {
		return fmt.Errorf("store: update workshop: %w", mapErr(err))
	}
	return expectOne(res, "update workshop")
}

// DeleteWorkshop removes a workshop and everything in it.
func (s *Store) DeleteWorkshop(ctx context.Context, id string) error {
	res, err := s.write.ExecContext(ctx, s.write.Rebind(`DELETE FROM workshops WHERE id = ?`), id)
	if err != nil {
		return fmt.Errorf("store: delete workshop: %w", mapErr(err))
	}
	return expectOne(res, "delete workshop")
}

// Groups lists a workshop's groups in order.
func (s *Store) Groups(ctx context.Context, workshopID string) ([]*Group, error) {
	var gs []*Group
	if err := s.read.SelectContext(ctx, &gs, s.read.Rebind(
		`SELECT * FROM workshop_groups WHERE workshop_id = ? ORDER BY position, id`), workshopID); err != nil {
		return nil, fmt.Errorf("store: groups: %w", mapErr(err))
	}
	return gs, nil
}

// AddGroup stores a new group of a workshop with its boards.
func (s *Store) AddGroup(ctx context.Context, g *Group, boards []*Board) error {
	tx, err := s.write.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: add group: %w", mapErr(err))
	}
	defer tx.Rollback()
	if err := tx.GetContext(ctx, &g.Position, tx.Rebind(
		`SELECT COALESCE(MAX(position), 0) + 1 FROM workshop_groups WHERE workshop_id = ?`), g.WorkshopID); err != nil {
		return fmt.Errorf("store: add group: %w", mapErr(err))
	}
	if err := insertGroup(ctx, tx, g); err != nil {
		return err
	}
	if err := insertBoards(ctx, tx, boards, now()); err != nil {
		return err
	}
	return mapErr(tx.Commit())
}

// RenameGroup changes a group's name.
func (s *Store) RenameGroup(ctx context.Context, workshopID, groupID, name string) error {
	res, err := s.write.ExecContext(ctx, s.write.Rebind(
		`UPDATE workshop_groups SET name = ? WHERE id = ? AND workshop_id = ?`), name, groupID, workshopID)
	if err != nil {
		return fmt.Errorf("store: rename group: %w", mapErr(err))
	}
	return expectOne(res, "rename group")
}

func insertGroup(ctx context.Context, tx execer, g *Group) error {
	if _, err := tx.NamedExecContext(ctx, `INSERT INTO workshop_groups (id, workshop_id, name, position)
		VALUES (:id, :workshop_id, :name, :position)`, g); err != nil {
		return fmt.Errorf("store: insert group: %w", mapErr(err))
	}
	return nil
}
