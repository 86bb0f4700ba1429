package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Case kinds.
const (
	CaseOwn    = "own"    // a case of the trainer's own library
	CaseClient = "client" // a client's own case, written by a group (案例萃取)
)

// Case is a case of a trainer's library, stored as its Markdown file.
type Case struct {
	ID          string    `db:"id"`
	OwnerID     string    `db:"owner_id"`
	Kind        string    `db:"kind"`
	Client      string    `db:"client"`
	WorkshopID  *string   `db:"workshop_id"`
	SourceBoard *string   `db:"source_board"`
	BasedOn     string    `db:"based_on"`
	Appendix    bool      `db:"appendix"`
	Markdown    []byte    `db:"markdown"`
	CreatedAt   time.Time `db:"created_at"`
	UpdatedAt   time.Time `db:"updated_at"`
}

// CaseFile is an image or data file of a stored case.
type CaseFile struct {
	CaseID      string    `db:"case_id"`
	Name        string    `db:"name"`
	ContentType string    `db:"content_type"`
	Size        int64     `db:"size"`
	Data        []byte    `db:"data"`
	CreatedAt   time.Time `db:"created_at"`
}

// Limits of the stored library.
const (
	MaxCasesPerOwner = 1000
	MaxCaseFileBytes = 40 << 20 // every file of one case together
	MaxFilesPerCase  = 40
	MaxAttachments   = 10 // cases per activity
)

// ErrLimit is returned when a write would exceed one of the limits above.
var ErrLimit = errors.New("limit reached")

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

const caseColumns = `id, owner_id, kind, client, workshop_id, source_board, based_on, appendix, markdown, created_at, updated_at`

func caseArgs(c *Case) []any {
	return []any{c.ID, c.OwnerID, c.Kind, c.Client, c.WorkshopID, c.SourceBoard, c.BasedOn, boolInt(c.Appendix),
		string(c.Markdown), c.CreatedAt.UTC(), c.UpdatedAt.UTC()}
}

// CreateCase stores a new case with its files in one transaction.
func (s *Store) CreateCase(ctx context.Context, c *Case, files []*CaseFile) error {
	return s.withTx(ctx, "create case", func(tx *txn) error {
		if err := tx.checkCaseCount(ctx, c.OwnerID, 1); err != nil {
			return err
		}
		return tx.insertCase(ctx, c, files)
	})
}

// CaseByID finds a stored case.
func (s *Store) CaseByID(ctx context.Context, id string) (*Case, error) {
	var c Case
	if err := s.read.GetContext(ctx, &c, s.read.Rebind(`SELECT `+caseColumns+` FROM cases WHERE id = ?`), id); err != nil {
		return nil, fmt.Errorf("store: case: %w", mapErr(err))
	}
	return &c, nil
}

// CasesOf lists a trainer's stored cases (own and client), oldest first.
func (s *Store) CasesOf(ctx context.Context, ownerID string) ([]*Case, error) {
	var cs []*Case
	if err := s.read.SelectContext(ctx, &cs, s.read.Rebind(`SELECT `+caseColumns+` FROM cases WHERE owner_id = ? ORDER BY id`), ownerID); err != nil {
		return nil, fmt.Errorf("store: cases: %w", mapErr(err))
	}
	return cs, nil
}

// CasesByIDs returns the stored cases among ids (in any order).
func (s *Store) CasesByIDs(ctx context.Context, ids []string) ([]*Case, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	q, args, err := inQuery(`SELECT `+caseColumns+` FROM cases WHERE id IN (?) ORDER BY id`, ids)
	if err != nil {
		return nil, err
	}
	var cs []*Case
	if err := s.read.SelectContext(ctx, &cs, s.read.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("store: cases: %w", mapErr(err))
	}
	return cs, nil
}

// UpdateCase saves a case's Markdown, kind, client and appendix flag. The
// owner and origin never change.
func (s *Store) UpdateCase(ctx context.Context, c *Case) error {
	res, err := s.write.ExecContext(ctx, s.write.Rebind(`UPDATE cases SET markdown = ?, kind = ?, client = ?, appendix = ?, updated_at = ?
		WHERE id = ? AND owner_id = ?`), string(c.Markdown), c.Kind, c.Client, boolInt(c.Appendix), c.UpdatedAt.UTC(), c.ID, c.OwnerID)
	if err != nil {
		return fmt.Errorf("store: update case: %w", mapErr(err))
	}
	return expectOne(res, "update case")
}

// DeleteCase removes a case of owner with its files and every attachment of it.
func (s *Store) DeleteCase(ctx context.Context, ownerID, id string) error {
	return s.withTx(ctx, "delete case", func(tx *txn) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM cases WHERE id = ? AND owner_id = ?`), id, ownerID)
		if err != nil {
			return err
		}
		if err := expectOne(res, "delete case"); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, tx.Rebind(`DELETE FROM case_attachments WHERE case_id = ?`), id)
		return err
	})
}

// ImportItem is one case of an import: a new case (Replace false) or a new
// version of an existing case of the same owner, whose files it replaces.
type ImportItem struct {
	Case    *Case
	Files   []*CaseFile
	Replace bool
}

// ImportCases stores every item in one transaction: all or nothing.
func (s *Store) ImportCases(ctx context.Context, ownerID string, items []ImportItem) error {
	return s.withTx(ctx, "import cases", func(tx *txn) error {
		added := 0
		for _, it := range items {
			if !it.Replace {
				added++
			}
		}
		if err := tx.checkCaseCount(ctx, ownerID, added); err != nil {
			return err
		}
		for _, it := range items {
			c := it.Case
			if c.OwnerID != ownerID {
				return fmt.Errorf("import of %s: owner mismatch", c.ID)
			}
			if !it.Replace {
				if err := tx.insertCase(ctx, c, it.Files); err != nil {
					return err
				}
				continue
			}
			res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE cases SET markdown = ?, kind = ?, client = ?, updated_at = ? WHERE id = ? AND owner_id = ?`),
				string(c.Markdown), c.Kind, c.Client, c.UpdatedAt.UTC(), c.ID, ownerID)
			if err != nil {
				return err
			}
			if err := expectOne(res, "import case"); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM case_files WHERE case_id = ?`), c.ID); err != nil {
				return err
			}
			if err := tx.insertFiles(ctx, c.ID, it.Files); err != nil {
				return err
			}
		}
		return nil
	})
}

// SaveClientCase stores the client case written on a case-draft board: a new
// case the first time, the same case updated when the board is adopted again.
// It returns the stored case (its id is kept across adoptions).
func (s *Store) SaveClientCase(ctx context.Context, c *Case, build func(id string, created time.Time) ([]byte, error)) (*Case, bool, error) {
	created := false
	err := s.withTx(ctx, "save client case", func(tx *txn) error {
		var prev Case
		err := tx.GetContext(ctx, &prev, tx.Rebind(`SELECT `+caseColumns+` FROM cases WHERE source_board = ?`+s.forUpdate()), *c.SourceBoard)
		switch {
		case errors.Is(err, errNoRows):
			if err := tx.checkCaseCount(ctx, c.OwnerID, 1); err != nil {
				return err
			}
			if c.Markdown, err = build(c.ID, c.CreatedAt); err != nil {
				return err
			}
			created = true
			return tx.insertCase(ctx, c, nil)
		case err != nil:
			return err
		}
		if prev.OwnerID != c.OwnerID {
			return ErrNotFound
		}
		c.ID, c.CreatedAt, c.BasedOn = prev.ID, prev.CreatedAt, prev.BasedOn
		if c.Markdown, err = build(c.ID, c.CreatedAt); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE cases SET markdown = ?, client = ?, appendix = ?, workshop_id = ?, updated_at = ? WHERE id = ?`),
			string(c.Markdown), c.Client, boolInt(c.Appendix), c.WorkshopID, c.UpdatedAt.UTC(), c.ID)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return c, created, nil
}

// AppendixCases lists the client cases of a workshop flagged for the
// playbook's appendix, oldest first. The playbook export reads them.
func (s *Store) AppendixCases(ctx context.Context, workshopID string) ([]*Case, error) {
	var cs []*Case
	if err := s.read.SelectContext(ctx, &cs, s.read.Rebind(`SELECT `+caseColumns+` FROM cases
		WHERE workshop_id = ? AND kind = ? AND appendix = 1 ORDER BY id`), workshopID, CaseClient); err != nil {
		return nil, fmt.Errorf("store: appendix cases: %w", mapErr(err))
	}
	return cs, nil
}

// CaseFiles lists the files of a case, without their data, by name.
func (s *Store) CaseFiles(ctx context.Context, caseID string) ([]*CaseFile, error) {
	var fs []*CaseFile
	if err := s.read.SelectContext(ctx, &fs, s.read.Rebind(`SELECT case_id, name, content_type, size, created_at
		FROM case_files WHERE case_id = ? ORDER BY name`), caseID); err != nil {
		return nil, fmt.Errorf("store: case files: %w", mapErr(err))
	}
	return fs, nil
}

// CaseFilesWithData lists the files of a case with their data (for copies
// and exports).
func (s *Store) CaseFilesWithData(ctx context.Context, caseID string) ([]*CaseFile, error) {
	var fs []*CaseFile
	if err := s.read.SelectContext(ctx, &fs, s.read.Rebind(`SELECT case_id, name, content_type, size, data, created_at
		FROM case_files WHERE case_id = ? ORDER BY name`), caseID); err != nil {
		return nil, fmt.Errorf("store: case files: %w", mapErr(err))
	}
	return fs, nil
}

// CaseFile returns one file of a case with its data.
func (s *Store) CaseFile(ctx context.Context, caseID, name string) (*CaseFile, error) {
	var f CaseFile
	if err := s.read.GetContext(ctx, &f, s.read.Rebind(`SELECT case_id, name, content_type, size, data, created_at
		FROM case_files WHERE case_id = ? AND name = ?`), caseID, name); err != nil {
		return nil, fmt.Errorf("store: case file: %w", mapErr(err))
	}
	return &f, nil
}

// AddCaseFile stores a new file of a case. A file whose name differs only
// in case from an existing one is a conflict; the case's file count and total
// size are limited (ErrLimit).
func (s *Store) AddCaseFile(ctx context.Context, f *CaseFile) error {
	return s.withTx(ctx, "add case file", func(tx *txn) error {
		var used struct {
			N     int   `db:"n"`
			Bytes int64 `db:"bytes"`
			Same  int   `db:"same"`
		}
		if err := tx.GetContext(ctx, &used, tx.Rebind(`SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes,
			COALESCE(SUM(CASE WHEN lower(name) = lower(?) THEN 1 ELSE 0 END), 0) AS same
			FROM case_files WHERE case_id = ?`), f.Name, f.CaseID); err != nil {
			return err
		}
		if used.Same > 0 {
			return fmt.Errorf("%w: a file named %s", ErrConflict, f.Name)
		}
		if used.N >= MaxFilesPerCase {
			return fmt.Errorf("%w: a case has at most %d files", ErrLimit, MaxFilesPerCase)
		}
		if used.Bytes+int64(len(f.Data)) > MaxCaseFileBytes {
			return fmt.Errorf("%w: a case's files may take at most %d MB together", ErrLimit, MaxCaseFileBytes>>20)
		}
		return tx.insertFiles(ctx, f.CaseID, []*CaseFile{f})
	})
}

// DeleteCaseFile removes a file of a case.
func (s *Store) DeleteCaseFile(ctx context.Context, caseID, name string) error {
	res, err := s.write.ExecContext(ctx, s.write.Rebind(`DELETE FROM case_files WHERE case_id = ? AND name = ?`), caseID, name)
	if err != nil {
		return fmt.Errorf("store: delete case file: %w", mapErr(err))
	}
	return expectOne(res, "delete case file")
}

// Attachment is a case attached to an activity of a workshop.
type Attachment struct {
	WorkshopID string    `db:"workshop_id"`
	ActivityID string    `db:"activity_id"`
	CaseID     string    `db:"case_id"`
	Position   int       `db:"position"`
	CreatedAt  time.Time `db:"created_at"`
}

// AttachCase attaches a case to an activity, last in its list. Attaching it
// again is a conflict; an activity holds at most MaxAttachments cases.
func (s *Store) AttachCase(ctx context.Context, a *Attachment) error {
	return s.withTx(ctx, "attach case", func(tx *txn) error {
		var n struct {
			Count int `db:"n"`
			Max   int `db:"pos"`
		}
		if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) AS n, COALESCE(MAX(position), 0) AS pos
			FROM case_attachments WHERE workshop_id = ? AND activity_id = ?`), a.WorkshopID, a.ActivityID); err != nil {
			return err
		}
		if n.Count >= MaxAttachments {
			return fmt.Errorf("%w: an activity has at most %d cases", ErrLimit, MaxAttachments)
		}
		a.Position, a.CreatedAt = n.Max+1, now()
		_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO case_attachments (workshop_id, activity_id, case_id, position, created_at)
			VALUES (?, ?, ?, ?, ?)`), a.WorkshopID, a.ActivityID, a.CaseID, a.Position, a.CreatedAt)
		return err
	})
}

// DetachCase removes a case from an activity.
func (s *Store) DetachCase(ctx context.Context, workshopID, activityID, caseID string) error {
	res, err := s.write.ExecContext(ctx, s.write.Rebind(`DELETE FROM case_attachments WHERE workshop_id = ? AND activity_id = ? AND case_id = ?`),
		workshopID, activityID, caseID)
	if err != nil {
		return fmt.Errorf("store: detach case: %w", mapErr(err))
	}
	return expectOne(res, "detach case")
}

// Attachments lists a workshop's attached cases by activity and position.
func (s *Store) Attachments(ctx context.Context, workshopID string) ([]*Attachment, error) {
	var as []*Attachment
	if err := s.read.SelectContext(ctx, &as, s.read.Rebind(`SELECT workshop_id, activity_id, case_id, position, created_at
		FROM case_attachments WHERE workshop_id = ? ORDER BY activity_id, position`), workshopID); err != nil {
		return nil, fmt.Errorf("store: attachments: %w", mapErr(err))
	}
	return as, nil
}

// CaseAttached reports whether a case is attached to any activity of a workshop.
func (s *Store) CaseAttached(ctx context.Context, workshopID, caseID string) (bool, error) {
	var n int
	if err := s.read.GetContext(ctx, &n, s.read.Rebind(`SELECT COUNT(*) FROM case_attachments WHERE workshop_id = ? AND case_id = ?`),
		workshopID, caseID); err != nil {
		return false, fmt.Errorf("store: case attached: %w", mapErr(err))
	}
	return n > 0, nil
}

// txn is a write transaction of the case queries.
type txn struct {
	execer
	getter
}

type getter interface {
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	Rebind(query string) string
}

// withTx runs fn in a write transaction, committed when fn returns nil.
func (s *Store) withTx(ctx context.Context, what string, fn func(*txn) error) error {
	tx, err := s.write.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, mapErr(err))
	}
	defer tx.Rollback()
	if err := fn(&txn{execer: tx, getter: tx}); err != nil {
		return fmt.Errorf("store: %s: %w", what, mapErr(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: %s: %w", what, mapErr(err))
	}
	return nil
}

func (tx *txn) Rebind(q string) string { return tx.getter.Rebind(q) }

func (tx *txn) checkCaseCount(ctx context.Context, ownerID string, adding int) error {
	if adding == 0 {
		return nil
	}
	var n int
	if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM cases WHERE owner_id = ?`), ownerID); err != nil {
		return err
	}
	if n+adding > MaxCasesPerOwner {
		return fmt.Errorf("%w: a library holds at most %d cases", ErrLimit, MaxCasesPerOwner)
	}
	return nil
}

func (tx *txn) insertCase(ctx context.Context, c *Case, files []*CaseFile) error {
	if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO cases (`+caseColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		caseArgs(c)...); err != nil {
		return err
	}
	return tx.insertFiles(ctx, c.ID, files)
}

func (tx *txn) insertFiles(ctx context.Context, caseID string, files []*CaseFile) error {
	at := now()
	for _, f := range files { // one statement per file: files may be megabytes each
		f.CaseID, f.Size = caseID, int64(len(f.Data))
		if f.CreatedAt.IsZero() {
			f.CreatedAt = at
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO case_files (case_id, name, content_type, size, data, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`), caseID, f.Name, f.ContentType, f.Size, f.Data, f.CreatedAt.UTC()); err != nil {
			return err
		}
	}
	return nil
}

// errNoRows is what a single-row query returns when nothing matches.
var errNoRows = sql.ErrNoRows

func inQuery(q string, args ...any) (string, []any, error) { return sqlx.In(q, args...) }
