package store

import (
	"context"
	"fmt"
	"time"
)

// Curriculum is a trainer's own copy of the curriculum, kept as JSON.
type Curriculum struct {
	ID        string    `db:"id"`
	OwnerID   string    `db:"owner_id"`
	Title     string    `db:"title"`    // for lists, in the copy's first language
	BasedOn   string    `db:"based_on"` // "builtin" or the id of the copy it came from
	Revision  int64     `db:"revision"`
	Content   []byte    `db:"content"`
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
}

// CreateCurriculum stores a new copy at revision 1.
func (s *Store) CreateCurriculum(ctx context.Context, c *Curriculum) error {
	t := now()
	c.CreatedAt, c.UpdatedAt, c.Revision = t, t, 1
	if _, err := s.write.NamedExecContext(ctx, `INSERT INTO curricula
		(id, owner_id, title, based_on, revision, content, created_at, updated_at)
		VALUES (:id, :owner_id, :title, :based_on, :revision, :content, :created_at, :updated_at)`, c); err != nil {
		return fmt.Errorf("store: create curriculum: %w", mapErr(err))
	}
	return nil
}

// CurriculumByID finds a copy with its content.
func (s *Store) CurriculumByID(ctx context.Context, id string) (*Curriculum, error) {
	var c Curriculum
	if err := s.read.GetContext(ctx, &c, s.read.Rebind(`SELECT * FROM curricula WHERE id = ?`), id); err != nil {
		return nil, fmt.Errorf("store: curriculum: %w", mapErr(err))
	}
	return &c, nil
}

// CurriculaOf lists a trainer's copies, newest first, without their content.
func (s *Store) CurriculaOf(ctx context.Context, ownerID string) ([]*Curriculum, error) {
	var cs []*Curriculum
	if err := s.read.SelectContext(ctx, &cs, s.read.Rebind(`SELECT id, owner_id, title, based_on, revision, '' AS content,
		created_at, updated_at FROM curricula WHERE owner_id = ? ORDER BY id DESC`), ownerID); err != nil {
		return nil, fmt.Errorf("store: curricula: %w", mapErr(err))
	}
	return cs, nil
}

// UpdateCurriculum saves a copy's new title and content if it is still at
// revision; the saved copy is at revision+1. A copy saved meanwhile by
// someone else gives ErrConflict.
func (s *Store) UpdateCurriculum(ctx context.Context, c *Curriculum, revision int64) error {
	t := now()
	res, err := s.write.ExecContext(ctx, s.write.Rebind(`UPDATE curricula SET title = ?, content = ?, revision = revision + 1,
		updated_at = ? WHERE id = ? AND owner_id = ? AND revision = ?`), c.Title, string(c.Content), t.UTC(), c.ID, c.OwnerID, revision)
	if err != nil {
		return fmt.Errorf("store: update curriculum: %w", mapErr(err))
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: update curriculum: %w", mapErr(err))
	} else if n == 0 {
		if _, err := s.CurriculumByID(ctx, c.ID); err != nil {
			return err
		}
		return fmt.Errorf("store: update curriculum: %w: saved meanwhile at another revision", ErrConflict)
	}
	c.Revision, c.UpdatedAt = revision+1, t
	return nil
}

// DeleteCurriculum removes a copy. Workshops made from it keep their own copy.
func (s *Store) DeleteCurriculum(ctx context.Context, ownerID, id string) error {
	res, err := s.write.ExecContext(ctx, s.write.Rebind(`DELETE FROM curricula WHERE id = ? AND owner_id = ?`), id, ownerID)
	if err != nil {
		return fmt.Errorf("store: delete curriculum: %w", mapErr(err))
	}
	return expectOne(res, "delete curriculum")
}

// BoardsOf returns the boards of a workshop with their state: those of one
// activity (or all when activity is ""), restricted to the given scopes
// (none: every scope). The console's progress and the participants' action
// plans read them.
func (s *Store) BoardsOf(ctx context.Context, workshopID, activity string, scopes ...string) ([]*Board, error) {
	q := `SELECT * FROM boards WHERE workshop_id = ?`
	args := []any{workshopID}
	if activity != "" {
		q += ` AND activity_id = ?`
		args = append(args, activity)
	}
	if len(scopes) > 0 {
		q += ` AND scope IN (?` + repeat(", ?", len(scopes)-1) + `)`
		for _, sc := range scopes {
			args = append(args, sc)
		}
	}
	var bs []*Board
	if err := s.read.SelectContext(ctx, &bs, s.read.Rebind(q+` ORDER BY activity_id, scope`), args...); err != nil {
		return nil, fmt.Errorf("store: boards: %w", mapErr(err))
	}
	return bs, nil
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}
