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
	s     *Store
	tx    *sqlx.Tx
	stmts [numOpStmts]*sqlx.Stmt // the prepared statements bound to tx, as used
}

// WithOpTx runs fn in a write transaction and commits it when fn returns nil.
func (s *Store) WithOpTx(ctx context.Context, fn func(*OpTx) error) error {
	if err := s.prepareOps(ctx); err != nil {
		return err
	}
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
	var boards []*Board
	if err := t.stmt(ctx, stControlBoards).SelectContext(ctx, &boards, activity, ScopeWorkshop, t.list(workshopIDs)); err != nil {
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

// InsertOps stores applied operations: on PostgreSQL in one statement (the
// columns as arrays), on SQLite, which runs in this process, row by row
// with one prepared statement.
func (t *OpTx) InsertOps(ctx context.Context, ops []*OpRecord) error {
	if len(ops) == 0 {
		return nil
	}
	if t.s.dialect != Postgres {
		st := t.stmt(ctx, stInsertOp)
		for _, o := range ops {
			if _, err := st.ExecContext(ctx, o.BoardID, o.Seq, o.OpID, o.ActorKind, o.ActorID, o.ActorName,
				string(o.Op), string(o.Changes), o.CreatedAt.UTC()); err != nil {
				return fmt.Errorf("store: insert operations: %w", mapErr(err))
			}
		}
		return nil
	}
	if _, err := t.stmt(ctx, stInsertOps).ExecContext(ctx, opColumns(ops)...); err != nil {
		return fmt.Errorf("store: insert operations: %w", mapErr(err))
	}
	return nil
}

// opColumns are the operations as the nine array parameters of a PostgreSQL
// unnest insert into operations (board_id, seq, op_id, actor_kind,
// actor_id, actor_name, op, changes, created_at).
func opColumns(ops []*OpRecord) []any {
	n := len(ops)
	boards, seqs, opIDs := make(textArray, n), make([]int64, n), make(textArray, n)
	kinds, actors, names := make(textArray, n), make(textArray, n), make(textArray, n)
	bodies, changes, times := make(textArray, n), make(textArray, n), make(textArray, n)
	for i, o := range ops {
		boards[i], seqs[i], opIDs[i] = []byte(o.BoardID), o.Seq, []byte(o.OpID)
		kinds[i], actors[i], names[i] = []byte(o.ActorKind), []byte(o.ActorID), []byte(o.ActorName)
		bodies[i], changes[i], times[i] = o.Op, o.Changes, []byte(pgTimestamp(o.CreatedAt))
	}
	return []any{boards, pq.Array(seqs), opIDs, kinds, actors, names, bodies, changes, times}
}

// pgTimestamp is t in UTC as a PostgreSQL TIMESTAMP literal (microseconds).
func pgTimestamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.999999") }

// list is a list of strings as one parameter of a prepared statement: an
// array on PostgreSQL, a JSON array on SQLite.
func (t *OpTx) list(v []string) any {
	if t.s.dialect == Postgres {
		return pq.Array(v)
	}
	return jsonList(v)
}

// SaveBoard stores a board's new state and sequence number.
func (t *OpTx) SaveBoard(ctx context.Context, id string, state []byte, seq int64, at time.Time) error {
	res, err := t.stmt(ctx, stSaveBoard).ExecContext(ctx, string(state), seq, at.UTC(), id)
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
	if len(keys) == 0 {
		return nil, nil
	}
	var seen []SeenOp
	var err error
	if t.s.dialect == Postgres {
		// Three arrays joined against the index: one short statement to plan
		// however many operations the batch holds.
		boards, actors, ops := make([]string, len(keys)), make([]string, len(keys)), make([]string, len(keys))
		for i, k := range keys {
			boards[i], actors[i], ops[i] = k.BoardID, k.ActorID, k.OpID
		}
		err = t.stmt(ctx, stSeenOps).SelectContext(ctx, &seen, pq.Array(boards), pq.Array(actors), pq.Array(ops))
	} else {
		// One JSON array of [board, actor, op id] triples, each looked up in
		// the index.
		triples := make([][3]string, len(keys))
		for i, k := range keys {
			triples[i] = [3]string{k.BoardID, k.ActorID, k.OpID}
		}
		err = t.stmt(ctx, stSeenOps).SelectContext(ctx, &seen, jsonList(triples))
	}
	if err != nil {
		return nil, fmt.Errorf("store: seen operations: %w", mapErr(err))
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
	if len(saves) == 0 {
		return nil
	}
	ids, states, seqs := make(textArray, len(saves)), make(textArray, len(saves)), make([]int64, len(saves))
	for i, b := range saves {
		ids[i], states[i], seqs[i] = []byte(b.ID), b.State, b.Seq
	}
	res, err := t.stmt(ctx, stSaveBoards).ExecContext(ctx, at.UTC(), ids, states, pq.Array(seqs))
	if err != nil {
		return fmt.Errorf("store: save boards: %w", mapErr(err))
	}
	if n, err := res.RowsAffected(); err != nil || n != int64(len(saves)) {
		return fmt.Errorf("store: save boards: %d of %d boards updated: %w", n, len(saves), ErrNotFound)
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
	var boards []*Board
	if err := t.stmt(ctx, stLockBoards).SelectContext(ctx, &boards, t.list(ids)); err != nil {
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
	var states []struct {
		ID    string `db:"id"`
		State []byte `db:"state"`
	}
	if err := t.stmt(ctx, stBoardStates).SelectContext(ctx, &states, t.list(need)); err != nil {
		return nil, fmt.Errorf("store: board states: %w", mapErr(err))
	}
	for _, s := range states {
		out[s.ID].State = s.State
	}
	return out, nil
}
