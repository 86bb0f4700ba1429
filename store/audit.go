package store

import (
	"context"
	"fmt"
	"time"
)

// AuditEntry is one trainer action in the audit log.
type AuditEntry struct {
	ID         string    `db:"id" json:"id"`
	OwnerID    string    `db:"owner_id" json:"-"`
	WorkshopID *string   `db:"workshop_id" json:"workshop_id,omitempty"`
	ActorKind  string    `db:"actor_kind" json:"actor_kind"`
	ActorID    string    `db:"actor_id" json:"actor_id"`
	ActorName  string    `db:"actor_name" json:"actor_name"`
	Action     string    `db:"action" json:"action"`
	Target     string    `db:"target" json:"target"`
	Detail     string    `db:"detail" json:"detail"`
	CreatedAt  time.Time `db:"created_at" json:"at"`
}

const insertAudit = `INSERT INTO audit_log (id, owner_id, workshop_id, actor_kind, actor_id, actor_name, action, target, detail, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func auditArgs(e *AuditEntry) []any {
	if e.ID == "" {
		e.ID = NewID()
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = time.Now().UTC()
	}
	if e.Detail == "" {
		e.Detail = "{}"
	}
	return []any{e.ID, e.OwnerID, e.WorkshopID, e.ActorKind, e.ActorID, e.ActorName, e.Action, e.Target, e.Detail, e.CreatedAt.UTC()}
}

// AddAudit records one action.
func (s *Store) AddAudit(ctx context.Context, e *AuditEntry) error {
	if _, err := s.write.ExecContext(ctx, s.write.Rebind(insertAudit), auditArgs(e)...); err != nil {
		return fmt.Errorf("store: audit: %w", mapErr(err))
	}
	return nil
}

// AddAudit records actions in the operations' transaction: they are stored
// exactly when the operations are.
func (t *OpTx) AddAudit(ctx context.Context, entries []*AuditEntry) error {
	for _, e := range entries {
		if _, err := t.tx.ExecContext(ctx, t.tx.Rebind(insertAudit), auditArgs(e)...); err != nil {
			return fmt.Errorf("store: audit: %w", mapErr(err))
		}
	}
	return nil
}

// MaxAuditEntries bounds one read of the log.
const MaxAuditEntries = 1000

// AuditOfWorkshop returns a workshop's log, newest first (at most limit).
func (s *Store) AuditOfWorkshop(ctx context.Context, workshopID string, limit int) ([]*AuditEntry, error) {
	return s.audit(ctx, `workshop_id = ?`, workshopID, limit)
}

// AuditOfOwner returns a trainer's whole log (deleted workshops and the case
// library included), newest first (at most limit).
func (s *Store) AuditOfOwner(ctx context.Context, ownerID string, limit int) ([]*AuditEntry, error) {
	return s.audit(ctx, `owner_id = ?`, ownerID, limit)
}

func (s *Store) audit(ctx context.Context, where, arg string, limit int) ([]*AuditEntry, error) {
	if limit <= 0 || limit > MaxAuditEntries {
		limit = MaxAuditEntries
	}
	var out []*AuditEntry
	err := s.read.SelectContext(ctx, &out, s.read.Rebind(`SELECT * FROM audit_log WHERE `+where+` ORDER BY created_at DESC, id DESC LIMIT ?`), arg, limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit log: %w", mapErr(err))
	}
	return out, nil
}
