package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Board is one document edited live: one per activity and group (or
// participant, or the whole workshop). Seq counts the operations applied.
type Board struct {
	ID            string    `db:"id"`
	WorkshopID    string    `db:"workshop_id"`
	ActivityID    string    `db:"activity_id"`
	Scope         string    `db:"scope"`
	GroupID       *string   `db:"group_id"`
	ParticipantID *string   `db:"participant_id"`
	Kind          string    `db:"kind"`
	State         []byte    `db:"state"`
	Seq           int64     `db:"seq"`
	CreatedAt     time.Time `db:"created_at"`
	UpdatedAt     time.Time `db:"updated_at"`
}

// Group returns the board's group id, or "".
func (b *Board) Group() string {
	if b.GroupID == nil {
		return ""
	}
	return *b.GroupID
}

// Participant returns the id of the participant owning a private board, or "".
func (b *Board) Participant() string {
	if b.ParticipantID == nil {
		return ""
	}
	return *b.ParticipantID
}

// Board scopes.
const ScopeWorkshop = "w"

// GroupScope is the scope of a group's board.
func GroupScope(groupID string) string { return "g:" + groupID }

// ParticipantScope is the scope of a participant's private board.
func ParticipantScope(participantID string) string { return "p:" + participantID }

// TrainerScope is the scope of a board that belongs to one trainer (a
// trainer's own pass-off score sheet).
func TrainerScope(userID string) string { return "t:" + userID }

// Trainer returns the id of the trainer owning a "t:" board, or "".
func (b *Board) Trainer() string {
	if strings.HasPrefix(b.Scope, "t:") {
		return b.Scope[2:]
	}
	return ""
}

// OpRecord is one applied operation as stored.
type OpRecord struct {
	BoardID   string    `db:"board_id"`
	Seq       int64     `db:"seq"`
	OpID      string    `db:"op_id"`
	ActorKind string    `db:"actor_kind"`
	ActorID   string    `db:"actor_id"`
	ActorName string    `db:"actor_name"`
	Op        []byte    `db:"op"`
	Changes   []byte    `db:"changes"`
	CreatedAt time.Time `db:"created_at"`
}

type execer interface {
	sqlx.ExtContext
	NamedExecContext(ctx context.Context, query string, arg any) (sql.Result, error)
}

// insertBoards creates boards that do not exist yet (by workshop, activity
// and scope); existing ones are left as they are.
func insertBoards(ctx context.Context, tx execer, boards []*Board, at time.Time) error {
	for _, b := range boards {
		b.CreatedAt, b.UpdatedAt = at, at
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO boards
			(id, workshop_id, activity_id, scope, group_id, participant_id, kind, state, seq, created_at, updated_at)
			VALUES (:id, :workshop_id, :activity_id, :scope, :group_id, :participant_id, :kind, :state, :seq, :created_at, :updated_at)
			ON CONFLICT (workshop_id, activity_id, scope) DO NOTHING`, b); err != nil {
			return fmt.Errorf("store: insert board: %w", mapErr(err))
		}
	}
	return nil
}

// EnsureBoards creates the boards among boards that do not exist yet.
func (s *Store) EnsureBoards(ctx context.Context, boards []*Board) error {
	if len(boards) == 0 {
		return nil
	}
	tx, err := s.write.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: ensure boards: %w", mapErr(err))
	}
	defer tx.Rollback()
	if err := insertBoards(ctx, tx, boards, now()); err != nil {
		return err
	}
	return mapErr(tx.Commit())
}

// BoardByID finds a board with its current state.
func (s *Store) BoardByID(ctx context.Context, id string) (*Board, error) {
	var b Board
	if err := s.read.GetContext(ctx, &b, s.read.Rebind(`SELECT * FROM boards WHERE id = ?`), id); err != nil {
		return nil, fmt.Errorf("store: board: %w", mapErr(err))
	}
	return &b, nil
}

// BoardFor finds the board of an activity in a scope.
func (s *Store) BoardFor(ctx context.Context, workshopID, activityID, scope string) (*Board, error) {
	var b Board
	if err := s.read.GetContext(ctx, &b, s.read.Rebind(
		`SELECT * FROM boards WHERE workshop_id = ? AND activity_id = ? AND scope = ?`), workshopID, activityID, scope); err != nil {
		return nil, fmt.Errorf("store: board: %w", mapErr(err))
	}
	return &b, nil
}

// BoardRef is a board without its state.
type BoardRef struct {
	ID            string  `db:"id"`
	ActivityID    string  `db:"activity_id"`
	Scope         string  `db:"scope"`
	GroupID       *string `db:"group_id"`
	ParticipantID *string `db:"participant_id"`
	Kind          string  `db:"kind"`
	Seq           int64   `db:"seq"`
}

// BoardRefs lists a workshop's boards, without state.
func (s *Store) BoardRefs(ctx context.Context, workshopID string) ([]*BoardRef, error) {
	var refs []*BoardRef
	if err := s.read.SelectContext(ctx, &refs, s.read.Rebind(`SELECT id, activity_id, scope, group_id, participant_id, kind, seq
		FROM boards WHERE workshop_id = ? ORDER BY activity_id, scope`), workshopID); err != nil {
		return nil, fmt.Errorf("store: boards: %w", mapErr(err))
	}
	return refs, nil
}

// BoardSeq returns a board's current sequence number.
func (s *Store) BoardSeq(ctx context.Context, id string) (int64, error) {
	var seq int64
	if err := s.read.GetContext(ctx, &seq, s.read.Rebind(`SELECT seq FROM boards WHERE id = ?`), id); err != nil {
		return 0, fmt.Errorf("store: board seq: %w", mapErr(err))
	}
	return seq, nil
}

// OpsSince returns up to limit operations of a board with seq > after, in order.
func (s *Store) OpsSince(ctx context.Context, boardID string, after int64, limit int) ([]*OpRecord, error) {
	var ops []*OpRecord
	if err := s.read.SelectContext(ctx, &ops, s.read.Rebind(
		`SELECT * FROM operations WHERE board_id = ? AND seq > ? ORDER BY seq LIMIT ?`), boardID, after, limit); err != nil {
		return nil, fmt.Errorf("store: operations: %w", mapErr(err))
	}
	return ops, nil
}

// CountOps counts a board's stored operations (used by tests and checks).
func (s *Store) CountOps(ctx context.Context, boardID string) (int64, error) {
	var n int64
	if err := s.read.GetContext(ctx, &n, s.read.Rebind(`SELECT COUNT(*) FROM operations WHERE board_id = ?`), boardID); err != nil {
		return 0, fmt.Errorf("store: count operations: %w", mapErr(err))
	}
	return n, nil
}

// OpTx is the write transaction in which a batch of operations is applied:
// boards are read and locked, operations checked for retries, then stored with
// the boards' new states. Nothing is visible to anyone until Commit.
type OpTx struct {
	s  *Store
	tx *sqlx.Tx
}

// WithOpTx runs fn in a write transaction and commits it when fn returns nil.
func (s *Store) WithOpTx(ctx context.Context, fn func(*OpTx) error) error {
	tx, err := s.write.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", mapErr(err))
	}
	defer tx.Rollback()
	if err := fn(&OpTx{s: s, tx: tx}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", mapErr(err))
	}
	return nil
}

// LockBoards reads the boards with the given ids, locking them against other
// writers until the transaction ends (in id order, so writers never deadlock).
func (t *OpTx) LockBoards(ctx context.Context, ids []string) (map[string]*Board, error) {
	out := make(map[string]*Board, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	q, args, err := sqlx.In(`SELECT * FROM boards WHERE id IN (?) ORDER BY id`+t.s.forUpdate(), ids)
	if err != nil {
		return nil, err
	}
	var boards []*Board
	if err := t.tx.SelectContext(ctx, &boards, t.tx.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("store: lock boards: %w", mapErr(err))
	}
	for _, b := range boards {
		out[b.ID] = b
	}
	return out, nil
}

// ControlBoards reads, without locking, the control boards of the given workshops.
func (t *OpTx) ControlBoards(ctx context.Context, activity string, workshopIDs []string) (map[string]*Board, error) {
	out := make(map[string]*Board, len(workshopIDs))
	if len(workshopIDs) == 0 {
		return out, nil
	}
	q, args, err := sqlx.In(`SELECT * FROM boards WHERE activity_id = ? AND scope = ? AND workshop_id IN (?)`,
		activity, ScopeWorkshop, workshopIDs)
	if err != nil {
		return nil, err
	}
	var boards []*Board
	if err := t.tx.SelectContext(ctx, &boards, t.tx.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("store: control boards: %w", mapErr(err))
	}
	for _, b := range boards {
		out[b.WorkshopID] = b
	}
	return out, nil
}

// ActivityBoardIDs lists the ids of every board of an activity in a
// workshop, in id order (the boards an operation of a linking kind reads).
func (t *OpTx) ActivityBoardIDs(ctx context.Context, workshopID, activityID string) ([]string, error) {
	var ids []string
	if err := t.tx.SelectContext(ctx, &ids, t.tx.Rebind(
		`SELECT id FROM boards WHERE workshop_id = ? AND activity_id = ? ORDER BY id`), workshopID, activityID); err != nil {
		return nil, fmt.Errorf("store: activity boards: %w", mapErr(err))
	}
	return ids, nil
}

// SeenOp is an operation id already applied to a board by an actor.
type SeenOp struct {
	BoardID string `db:"board_id"`
	ActorID string `db:"actor_id"`
	OpID    string `db:"op_id"`
	Seq     int64  `db:"seq"`
}

// SeenOps returns which of the given operation ids were already applied to
// the given boards, so a retried operation is acknowledged, not applied again.
func (t *OpTx) SeenOps(ctx context.Context, boardIDs, opIDs []string) ([]SeenOp, error) {
	if len(boardIDs) == 0 || len(opIDs) == 0 {
		return nil, nil
	}
	q, args, err := sqlx.In(`SELECT board_id, actor_id, op_id, seq FROM operations WHERE board_id IN (?) AND op_id IN (?)`,
		boardIDs, opIDs)
	if err != nil {
		return nil, err
	}
	var seen []SeenOp
	if err := t.tx.SelectContext(ctx, &seen, t.tx.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("store: seen operations: %w", mapErr(err))
	}
	return seen, nil
}

// InsertOps stores applied operations, many rows per statement.
func (t *OpTx) InsertOps(ctx context.Context, ops []*OpRecord) error {
	const cols = 9
	const perStatement = 1000 // 9,000 parameters: under SQLite's 32,766 and PostgreSQL's 65,535; one statement per batch
	for start := 0; start < len(ops); start += perStatement {
		chunk := ops[start:min(start+perStatement, len(ops))]
		var sb strings.Builder
		sb.WriteString(`INSERT INTO operations (board_id, seq, op_id, actor_kind, actor_id, actor_name, op, changes, created_at) VALUES `)
		args := make([]any, 0, len(chunk)*cols)
		for i, o := range chunk {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, o.BoardID, o.Seq, o.OpID, o.ActorKind, o.ActorID, o.ActorName, string(o.Op), string(o.Changes), o.CreatedAt.UTC())
		}
		if _, err := t.tx.ExecContext(ctx, t.tx.Rebind(sb.String()), args...); err != nil {
			return fmt.Errorf("store: insert operations: %w", mapErr(err))
		}
	}
	return nil
}

// SaveBoard stores a board's new state and sequence number.
func (t *OpTx) SaveBoard(ctx context.Context, id string, state []byte, seq int64, at time.Time) error {
	res, err := t.tx.ExecContext(ctx, t.tx.Rebind(`UPDATE boards SET state = ?, seq = ?, updated_at = ? WHERE id = ?`),
		string(state), seq, at.UTC(), id)
	if err != nil {
		return fmt.Errorf("store: save board: %w", mapErr(err))
	}
	return expectOne(res, "save board")
}

func expectOne(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, mapErr(err))
	}
	if n == 0 {
		return fmt.Errorf("store: %s: %w", what, ErrNotFound)
	}
	return nil
}

// SeenOpsOf returns which of the given (board, actor, operation id) triples
// were already applied, so a retried operation is acknowledged, not applied
// again. Each triple is one lookup in the unique index on those columns, so
// the cost does not grow with the boards' histories.
func (t *OpTx) SeenOpsOf(ctx context.Context, keys []SeenOp) ([]SeenOp, error) {
	if t.s.dialect == Postgres && len(keys) > 0 {
		// Three arrays joined against the index: one short statement to plan
		// however many operations the batch holds.
		boards, actors, ops := make([]string, len(keys)), make([]string, len(keys)), make([]string, len(keys))
		for i, k := range keys {
			boards[i], actors[i], ops[i] = k.BoardID, k.ActorID, k.OpID
		}
		var seen []SeenOp
		if err := t.tx.SelectContext(ctx, &seen, `SELECT o.board_id, o.actor_id, o.op_id, o.seq
			FROM unnest($1::text[], $2::text[], $3::text[]) AS k(board_id, actor_id, op_id)
			JOIN operations o ON o.board_id = k.board_id AND o.actor_id = k.actor_id AND o.op_id = k.op_id`,
			pq.Array(boards), pq.Array(actors), pq.Array(ops)); err != nil {
			return nil, fmt.Errorf("store: seen operations: %w", mapErr(err))
		}
		return seen, nil
	}
	const perStatement = 200 // 600 parameters
	var seen []SeenOp
	for start := 0; start < len(keys); start += perStatement {
		chunk := keys[start:min(start+perStatement, len(keys))]
		var sb strings.Builder
		sb.WriteString(`SELECT board_id, actor_id, op_id, seq FROM operations WHERE `)
		args := make([]any, 0, 3*len(chunk))
		for i, k := range chunk {
			if i > 0 {
				sb.WriteString(" OR ")
			}
			sb.WriteString("(board_id = ? AND actor_id = ? AND op_id = ?)")
			args = append(args, k.BoardID, k.ActorID, k.OpID)
		}
		var rows []SeenOp
		if err := t.tx.SelectContext(ctx, &rows, t.tx.Rebind(sb.String()), args...); err != nil {
			return nil, fmt.Errorf("store: seen operations: %w", mapErr(err))
		}
		seen = append(seen, rows...)
	}
	return seen, nil
}

// BoardSave is a board's new state and sequence number.
type BoardSave struct {
	ID    string
	State []byte
	Seq   int64
}

// SaveBoards stores the new states of several boards: in one statement on
// PostgreSQL, where a round trip per board would dominate a batch's
// transaction, and board by board on SQLite, which runs in this process.
func (t *OpTx) SaveBoards(ctx context.Context, saves []BoardSave, at time.Time) error {
	if t.s.dialect != Postgres {
		for _, b := range saves {
			if err := t.SaveBoard(ctx, b.ID, b.State, b.Seq, at); err != nil {
				return err
			}
		}
		return nil
	}
	const perStatement = 300 // 900 parameters
	for start := 0; start < len(saves); start += perStatement {
		chunk := saves[start:min(start+perStatement, len(saves))]
		var sb strings.Builder
		sb.WriteString(`UPDATE boards SET state = v.state, seq = v.seq::bigint, updated_at = ? FROM (VALUES `)
		args := make([]any, 0, 1+3*len(chunk))
		args = append(args, at.UTC())
		for i, b := range chunk {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?)")
			args = append(args, b.ID, string(b.State), b.Seq)
		}
		sb.WriteString(`) AS v(id, state, seq) WHERE boards.id = v.id`)
		res, err := t.tx.ExecContext(ctx, t.tx.Rebind(sb.String()), args...)
		if err != nil {
			return fmt.Errorf("store: save boards: %w", mapErr(err))
		}
		if n, err := res.RowsAffected(); err != nil || n != int64(len(chunk)) {
			return fmt.Errorf("store: save boards: %d of %d boards updated: %w", n, len(chunk), ErrNotFound)
		}
	}
	return nil
}

// LockBoardsKnown is LockBoards for a caller that keeps decoded states: it
// locks the boards and reads their sequence numbers, and reads the state only
// of boards for which known(id, seq) is false (their State is nil
// otherwise). A board's state is its largest column; not reading unchanged
// ones keeps a batch's transaction short.
func (t *OpTx) LockBoardsKnown(ctx context.Context, ids []string, known func(id string, seq int64) bool) (map[string]*Board, error) {
	out := make(map[string]*Board, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	q, args, err := sqlx.In(`SELECT id, workshop_id, activity_id, scope, group_id, participant_id, kind, seq, created_at, updated_at
		FROM boards WHERE id IN (?) ORDER BY id`+t.s.forUpdate(), ids)
	if err != nil {
		return nil, err
	}
	var boards []*Board
	if err := t.tx.SelectContext(ctx, &boards, t.tx.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("store: lock boards: %w", mapErr(err))
	}
	var need []string
	for _, b := range boards {
		out[b.ID] = b
		if !known(b.ID, b.Seq) {
			need = append(need, b.ID)
		}
	}
	if len(need) == 0 {
		return out, nil
	}
	q, args, err = sqlx.In(`SELECT id, state FROM boards WHERE id IN (?)`, need)
	if err != nil {
		return nil, err
	}
	var states []struct {
		ID    string `db:"id"`
		State []byte `db:"state"`
	}
	if err := t.tx.SelectContext(ctx, &states, t.tx.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("store: board states: %w", mapErr(err))
	}
	for _, s := range states {
		out[s.ID].State = s.State
	}
	return out, nil
}
