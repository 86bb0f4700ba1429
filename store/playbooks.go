package store

import (
	"context"
	"fmt"
	"time"
)

// CompanyPlaybook is the company version of a workshop's playbook as the
// trainer builds it: the draft document and, per document path, where that
// part came from.
type CompanyPlaybook struct {
	WorkshopID string    `db:"workshop_id"`
	Draft      []byte    `db:"draft"`
	Provenance []byte    `db:"provenance"`
	UpdatedAt  time.Time `db:"updated_at"`
}

// Adoption records one part of the company version taken from a group's
// board (or set by hand, with no group).
type Adoption struct {
	ID         string    `db:"id"`
	WorkshopID string    `db:"workshop_id"`
	Path       string    `db:"path"`
	ActivityID string    `db:"activity_id"`
	GroupID    string    `db:"group_id"`
	GroupName  string    `db:"group_name"`
	BoardID    string    `db:"board_id"`
	BoardSeq   int64     `db:"board_seq"`
	Value      []byte    `db:"value"`
	AdoptedBy  string    `db:"adopted_by"`
	AdoptedAt  time.Time `db:"adopted_at"`
}

// PlaybookVersion is one published, immutable version.
type PlaybookVersion struct {
	WorkshopID  string    `db:"workshop_id"`
	Version     int       `db:"version"`
	Document    []byte    `db:"document"`
	Diff        []byte    `db:"diff"`
	Provenance  []byte    `db:"provenance"`
	PublishedBy string    `db:"published_by"`
	PublishedAt time.Time `db:"published_at"`
}

// CompanyPlaybook returns a workshop's company version, or ErrNotFound when
// the trainer has not started one.
func (s *Store) CompanyPlaybook(ctx context.Context, workshopID string) (*CompanyPlaybook, error) {
	var cp CompanyPlaybook
	if err := s.read.GetContext(ctx, &cp, s.read.Rebind(`SELECT * FROM company_playbooks WHERE workshop_id = ?`), workshopID); err != nil {
		return nil, fmt.Errorf("store: company playbook: %w", mapErr(err))
	}
	return &cp, nil
}

// SaveCompanyPlaybook stores the company version and, when a is not nil, the
// adoption that changed it, in one transaction.
func (s *Store) SaveCompanyPlaybook(ctx context.Context, cp *CompanyPlaybook, a *Adoption) error {
	cp.UpdatedAt = now()
	tx, err := s.write.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: save company playbook: %w", mapErr(err))
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO company_playbooks (workshop_id, draft, provenance, updated_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (workshop_id) DO UPDATE SET draft = excluded.draft, provenance = excluded.provenance,
		updated_at = excluded.updated_at`), cp.WorkshopID, string(cp.Draft), string(cp.Provenance), cp.UpdatedAt); err != nil {
		return fmt.Errorf("store: save company playbook: %w", mapErr(err))
	}
	if a != nil {
		a.AdoptedAt = cp.UpdatedAt
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO playbook_adoptions
			(id, workshop_id, path, activity_id, group_id, group_name, board_id, board_seq, value, adopted_by, adopted_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), a.ID, a.WorkshopID, a.Path, a.ActivityID, a.GroupID, a.GroupName,
			a.BoardID, a.BoardSeq, string(a.Value), a.AdoptedBy, a.AdoptedAt); err != nil {
			return fmt.Errorf("store: record adoption: %w", mapErr(err))
		}
	}
	return mapErr(tx.Commit())
}

// Adoptions lists a workshop's adoptions, oldest first.
func (s *Store) Adoptions(ctx context.Context, workshopID string) ([]*Adoption, error) {
	var out []*Adoption
	if err := s.read.SelectContext(ctx, &out, s.read.Rebind(
		`SELECT * FROM playbook_adoptions WHERE workshop_id = ? ORDER BY id`), workshopID); err != nil {
		return nil, fmt.Errorf("store: adoptions: %w", mapErr(err))
	}
	return out, nil
}

// InsertPlaybookVersion stores a published version. Versions are never
// updated; a version number already taken (two publishes at once) is
// ErrConflict.
func (s *Store) InsertPlaybookVersion(ctx context.Context, v *PlaybookVersion) error {
	v.PublishedAt = v.PublishedAt.UTC().Truncate(time.Microsecond)
	if _, err := s.write.ExecContext(ctx, s.write.Rebind(`INSERT INTO playbook_versions
		(workshop_id, version, document, diff, provenance, published_by, published_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		v.WorkshopID, v.Version, string(v.Document), string(v.Diff), string(v.Provenance), v.PublishedBy, v.PublishedAt); err != nil {
		return fmt.Errorf("store: publish playbook version: %w", mapErr(err))
	}
	return nil
}

// PlaybookVersions lists a workshop's published versions, newest first,
// without their documents.
func (s *Store) PlaybookVersions(ctx context.Context, workshopID string) ([]*PlaybookVersion, error) {
	var out []*PlaybookVersion
	if err := s.read.SelectContext(ctx, &out, s.read.Rebind(`SELECT workshop_id, version, '' AS document, diff, '' AS provenance,
		published_by, published_at FROM playbook_versions WHERE workshop_id = ? ORDER BY version DESC`), workshopID); err != nil {
		return nil, fmt.Errorf("store: playbook versions: %w", mapErr(err))
	}
	return out, nil
}

// PlaybookVersion returns one published version; n = 0 means the latest.
func (s *Store) PlaybookVersion(ctx context.Context, workshopID string, n int) (*PlaybookVersion, error) {
	var v PlaybookVersion
	q := `SELECT * FROM playbook_versions WHERE workshop_id = ? AND version = ?`
	args := []any{workshopID, n}
	if n == 0 {
		q = `SELECT * FROM playbook_versions WHERE workshop_id = ? ORDER BY version DESC LIMIT 1`
		args = args[:1]
	}
	if err := s.read.GetContext(ctx, &v, s.read.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("store: playbook version: %w", mapErr(err))
	}
	return &v, nil
}

// PlaybookVote is a room vote on a disputed field of the company version.
type PlaybookVote struct {
	ID         string     `db:"id"`
	WorkshopID string     `db:"workshop_id"`
	ActivityID string     `db:"activity_id"`
	Source     string     `db:"source_activity"`
	Path       string     `db:"path"`
	Label      string     `db:"label"`
	Options    []byte     `db:"options"`
	Decided    string     `db:"decided"`
	CreatedAt  time.Time  `db:"created_at"`
	DecidedAt  *time.Time `db:"decided_at"`
}

// CreatePlaybookVote stores a vote together with the workshop's curriculum
// that now holds its poll activity and the poll boards, in one transaction.
func (s *Store) CreatePlaybookVote(ctx context.Context, v *PlaybookVote, curriculum []byte, boards []*Board) error {
	t := now()
	v.CreatedAt = t
	tx, err := s.write.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: create vote: %w", mapErr(err))
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE workshops SET curriculum = ?, updated_at = ? WHERE id = ?`), string(curriculum), t, v.WorkshopID)
	if err != nil {
		return fmt.Errorf("store: create vote: %w", mapErr(err))
	}
	if err := expectOne(res, "create vote"); err != nil {
		return err
	}
	if err := insertBoards(ctx, tx, boards, t); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO playbook_votes (id, workshop_id, activity_id, source_activity, path, label, options, decided, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, '', ?)`), v.ID, v.WorkshopID, v.ActivityID, v.Source, v.Path, v.Label, string(v.Options), t); err != nil {
		return fmt.Errorf("store: create vote: %w", mapErr(err))
	}
	return mapErr(tx.Commit())
}

// PlaybookVotes lists a workshop's votes, oldest first.
func (s *Store) PlaybookVotes(ctx context.Context, workshopID string) ([]*PlaybookVote, error) {
	var out []*PlaybookVote
	if err := s.read.SelectContext(ctx, &out, s.read.Rebind(
		`SELECT * FROM playbook_votes WHERE workshop_id = ? ORDER BY id`), workshopID); err != nil {
		return nil, fmt.Errorf("store: votes: %w", mapErr(err))
	}
	return out, nil
}

// DecidePlaybookVote records the adopted option of an open vote; a vote
// already decided is ErrConflict.
func (s *Store) DecidePlaybookVote(ctx context.Context, workshopID, id, option string) error {
	res, err := s.write.ExecContext(ctx, s.write.Rebind(`UPDATE playbook_votes SET decided = ?, decided_at = ?
		WHERE workshop_id = ? AND id = ? AND decided = ''`), option, now(), workshopID, id)
	if err != nil {
		return fmt.Errorf("store: decide vote: %w", mapErr(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: decide vote: %w", mapErr(err))
	}
	if n == 0 {
		return fmt.Errorf("store: decide vote: %w", ErrConflict)
	}
	return nil
}
