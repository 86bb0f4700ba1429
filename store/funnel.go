package store

import (
	"context"
	"fmt"
	"time"
)

// FunnelReview is a review of an opportunity export, owned by a trainer and
// optionally linked to one of their workshops.
type FunnelReview struct {
	ID         string     `db:"id"`
	OwnerID    string     `db:"owner_id"`
	WorkshopID *string    `db:"workshop_id"`
	Title      string     `db:"title"`
	Settings   []byte     `db:"settings"`
	Result     []byte     `db:"result"`
	AnalyzedAt *time.Time `db:"analyzed_at"`
	CreatedAt  time.Time  `db:"created_at"`
	UpdatedAt  time.Time  `db:"updated_at"`
}

// FunnelFile is an uploaded file of a review, stored in parts.
type FunnelFile struct {
	ID        string    `db:"id"`
	ReviewID  string    `db:"review_id"`
	Role      string    `db:"role"`
	Name      string    `db:"name"`
	Size      int64     `db:"size"`
	Received  int64     `db:"received"`
	Parts     int       `db:"parts"`
	Complete  bool      `db:"complete"`
	CreatedAt time.Time `db:"created_at"`
}

// CreateFunnelReview stores a new review.
func (s *Store) CreateFunnelReview(ctx context.Context, r *FunnelReview) error {
	t := now()
	r.CreatedAt, r.UpdatedAt = t, t
	if _, err := s.write.NamedExecContext(ctx, `INSERT INTO funnel_reviews
		(id, owner_id, workshop_id, title, settings, result, analyzed_at, created_at, updated_at)
		VALUES (:id, :owner_id, :workshop_id, :title, :settings, :result, :analyzed_at, :created_at, :updated_at)`, reviewRow(r)); err != nil {
		return fmt.Errorf("store: create funnel review: %w", mapErr(err))
	}
	return nil
}

// reviewRow binds JSON as text, as every JSON column is stored.
func reviewRow(r *FunnelReview) map[string]any {
	var result any
	if r.Result != nil {
		result = string(r.Result)
	}
	return map[string]any{"id": r.ID, "owner_id": r.OwnerID, "workshop_id": r.WorkshopID, "title": r.Title,
		"settings": string(r.Settings), "result": result, "analyzed_at": r.AnalyzedAt,
		"created_at": r.CreatedAt, "updated_at": r.UpdatedAt}
}

// FunnelReview finds a review with its result.
func (s *Store) FunnelReview(ctx context.Context, id string) (*FunnelReview, error) {
	var r FunnelReview
	if err := s.read.GetContext(ctx, &r, s.read.Rebind(`SELECT * FROM funnel_reviews WHERE id = ?`), id); err != nil {
		return nil, fmt.Errorf("store: funnel review: %w", mapErr(err))
	}
	return &r, nil
}

// FunnelReviewsOf lists a trainer's reviews, newest first, without their
// results.
func (s *Store) FunnelReviewsOf(ctx context.Context, ownerID string) ([]*FunnelReview, error) {
	var out []*FunnelReview
	if err := s.read.SelectContext(ctx, &out, s.read.Rebind(`SELECT id, owner_id, workshop_id, title, settings, analyzed_at, created_at, updated_at
		FROM funnel_reviews WHERE owner_id = ? ORDER BY created_at DESC, id DESC`), ownerID); err != nil {
		return nil, fmt.Errorf("store: funnel reviews: %w", mapErr(err))
	}
	return out, nil
}

// FunnelReviewsOfWorkshop lists the reviews linked to a workshop, newest first.
func (s *Store) FunnelReviewsOfWorkshop(ctx context.Context, workshopID string) ([]*FunnelReview, error) {
	var out []*FunnelReview
	if err := s.read.SelectContext(ctx, &out, s.read.Rebind(`SELECT id, owner_id, workshop_id, title, settings, analyzed_at, created_at, updated_at
		FROM funnel_reviews WHERE workshop_id = ? ORDER BY created_at DESC, id DESC`), workshopID); err != nil {
		return nil, fmt.Errorf("store: funnel reviews: %w", mapErr(err))
	}
	return out, nil
}

// CountFunnelReviews counts a trainer's reviews.
func (s *Store) CountFunnelReviews(ctx context.Context, ownerID string) (int, error) {
	var n int
	if err := s.read.GetContext(ctx, &n, s.read.Rebind(`SELECT COUNT(*) FROM funnel_reviews WHERE owner_id = ?`), ownerID); err != nil {
		return 0, fmt.Errorf("store: count funnel reviews: %w", mapErr(err))
	}
	return n, nil
}

// UpdateFunnelReview stores a review's title, workshop and settings.
func (s *Store) UpdateFunnelReview(ctx context.Context, r *FunnelReview) error {
	r.UpdatedAt = now()
	res, err := s.write.ExecContext(ctx, s.write.Rebind(`UPDATE funnel_reviews SET title = ?, workshop_id = ?, settings = ?, updated_at = ? WHERE id = ?`),
		r.Title, r.WorkshopID, string(r.Settings), r.UpdatedAt, r.ID)
	if err != nil {
		return fmt.Errorf("store: update funnel review: %w", mapErr(err))
	}
	return expectOne(res, "update funnel review")
}

// SaveFunnelResult stores an analysis with the settings it was made with.
func (s *Store) SaveFunnelResult(ctx context.Context, id string, settings, result []byte) (time.Time, error) {
	t := now()
	res, err := s.write.ExecContext(ctx, s.write.Rebind(`UPDATE funnel_reviews SET settings = ?, result = ?, analyzed_at = ?, updated_at = ? WHERE id = ?`),
		string(settings), string(result), t, t, id)
	if err != nil {
		return t, fmt.Errorf("store: save funnel result: %w", mapErr(err))
	}
	return t, expectOne(res, "save funnel result")
}

// DeleteFunnelReview deletes a review with its files.
func (s *Store) DeleteFunnelReview(ctx context.Context, id string) error {
	res, err := s.write.ExecContext(ctx, s.write.Rebind(`DELETE FROM funnel_reviews WHERE id = ?`), id)
	if err != nil {
		return fmt.Errorf("store: delete funnel review: %w", mapErr(err))
	}
	return expectOne(res, "delete funnel review")
}

// FunnelStoredBytes adds up the declared sizes of a trainer's files.
func (s *Store) FunnelStoredBytes(ctx context.Context, ownerID string) (int64, error) {
	var n int64
	if err := s.read.GetContext(ctx, &n, s.read.Rebind(`SELECT COALESCE(SUM(f.size), 0) FROM funnel_files f
		JOIN funnel_reviews r ON r.id = f.review_id WHERE r.owner_id = ?`), ownerID); err != nil {
		return 0, fmt.Errorf("store: funnel storage: %w", mapErr(err))
	}
	return n, nil
}

// StartFunnelFile starts an upload, replacing the review's earlier file of
// the same role (and its parts).
func (s *Store) StartFunnelFile(ctx context.Context, f *FunnelFile) error {
	f.CreatedAt = now()
	tx, err := s.write.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: start funnel file: %w", mapErr(err))
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM funnel_files WHERE review_id = ? AND role = ?`), f.ReviewID, f.Role); err != nil {
		return fmt.Errorf("store: start funnel file: %w", mapErr(err))
	}
	if _, err := tx.NamedExecContext(ctx, `INSERT INTO funnel_files (id, review_id, role, name, size, received, parts, complete, created_at)
		VALUES (:id, :review_id, :role, :name, :size, :received, :parts, :complete, :created_at)`, f); err != nil {
		return fmt.Errorf("store: start funnel file: %w", mapErr(err))
	}
	return mapErr(tx.Commit())
}

// PromoteFunnelFile makes a completed upload the review's file of role,
// replacing the earlier one only now, so a refused upload never costs the
// file that was there before.
func (s *Store) PromoteFunnelFile(ctx context.Context, f *FunnelFile, role string) error {
	tx, err := s.write.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: promote funnel file: %w", mapErr(err))
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM funnel_files WHERE review_id = ? AND role = ? AND id <> ?`), f.ReviewID, role, f.ID); err != nil {
		return fmt.Errorf("store: promote funnel file: %w", mapErr(err))
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE funnel_files SET role = ? WHERE id = ?`), role, f.ID); err != nil {
		return fmt.Errorf("store: promote funnel file: %w", mapErr(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: promote funnel file: %w", mapErr(err))
	}
	f.Role = role
	return nil
}

// FunnelFiles lists a review's files.
func (s *Store) FunnelFiles(ctx context.Context, reviewID string) ([]*FunnelFile, error) {
	var out []*FunnelFile
	if err := s.read.SelectContext(ctx, &out, s.read.Rebind(`SELECT * FROM funnel_files WHERE review_id = ? ORDER BY role`), reviewID); err != nil {
		return nil, fmt.Errorf("store: funnel files: %w", mapErr(err))
	}
	return out, nil
}

// FunnelFileFor finds a review's file of a role.
func (s *Store) FunnelFileFor(ctx context.Context, reviewID, role string) (*FunnelFile, error) {
	var f FunnelFile
	if err := s.read.GetContext(ctx, &f, s.read.Rebind(`SELECT * FROM funnel_files WHERE review_id = ? AND role = ?`), reviewID, role); err != nil {
		return nil, fmt.Errorf("store: funnel file: %w", mapErr(err))
	}
	return &f, nil
}

// PutFunnelPart stores part n of an upload. Parts arrive in order: n must be
// the next part, or the last one again (a retry, which replaces it). The
// bytes received may not exceed the declared size. It returns the file as
// updated.
func (s *Store) PutFunnelPart(ctx context.Context, fileID string, n int, data []byte) (*FunnelFile, error) {
	tx, err := s.write.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: funnel part: %w", mapErr(err))
	}
	defer tx.Rollback()
	var f FunnelFile
	if err := tx.GetContext(ctx, &f, tx.Rebind(`SELECT * FROM funnel_files WHERE id = ?`+s.forUpdate()), fileID); err != nil {
		return nil, fmt.Errorf("store: funnel part: %w", mapErr(err))
	}
	if f.Complete {
		return nil, fmt.Errorf("store: funnel part: %w: the upload is complete", ErrConflict)
	}
	received := f.Received + int64(len(data))
	switch {
	case n == f.Parts:
		f.Parts++
	case n == f.Parts-1 && n >= 0:
		var old int64
		if err := tx.GetContext(ctx, &old, tx.Rebind(`SELECT LENGTH(data) FROM funnel_file_parts WHERE file_id = ? AND n = ?`), fileID, n); err != nil {
			return nil, fmt.Errorf("store: funnel part: %w", mapErr(err))
		}
		received -= old
		if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM funnel_file_parts WHERE file_id = ? AND n = ?`), fileID, n); err != nil {
			return nil, fmt.Errorf("store: funnel part: %w", mapErr(err))
		}
	default:
		return nil, fmt.Errorf("store: funnel part: %w: part %d is out of order (next is %d)", ErrConflict, n, f.Parts)
	}
	if received > f.Size {
		return nil, fmt.Errorf("store: funnel part: %w: more bytes than the declared %d", ErrConflict, f.Size)
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO funnel_file_parts (file_id, n, data) VALUES (?, ?, ?)`), fileID, n, data); err != nil {
		return nil, fmt.Errorf("store: funnel part: %w", mapErr(err))
	}
	f.Received = received
	if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE funnel_files SET received = ?, parts = ? WHERE id = ?`), f.Received, f.Parts, fileID); err != nil {
		return nil, fmt.Errorf("store: funnel part: %w", mapErr(err))
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: funnel part: %w", mapErr(err))
	}
	return &f, nil
}

// CompleteFunnelFile marks an upload whose bytes have all arrived complete.
func (s *Store) CompleteFunnelFile(ctx context.Context, fileID string) error {
	res, err := s.write.ExecContext(ctx, s.write.Rebind(`UPDATE funnel_files SET complete = ? WHERE id = ? AND received = size`), true, fileID)
	if err != nil {
		return fmt.Errorf("store: complete funnel file: %w", mapErr(err))
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("store: complete funnel file: %w: not every byte has arrived", ErrConflict)
	}
	return nil
}

// DeleteFunnelFile deletes a file with its parts.
func (s *Store) DeleteFunnelFile(ctx context.Context, fileID string) error {
	if _, err := s.write.ExecContext(ctx, s.write.Rebind(`DELETE FROM funnel_files WHERE id = ?`), fileID); err != nil {
		return fmt.Errorf("store: delete funnel file: %w", mapErr(err))
	}
	return nil
}

// FunnelPart reads part n of a file.
func (s *Store) FunnelPart(ctx context.Context, fileID string, n int) ([]byte, error) {
	var data []byte
	if err := s.read.GetContext(ctx, &data, s.read.Rebind(`SELECT data FROM funnel_file_parts WHERE file_id = ? AND n = ?`), fileID, n); err != nil {
		return nil, fmt.Errorf("store: funnel part: %w", mapErr(err))
	}
	return data, nil
}
