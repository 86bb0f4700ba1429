package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// The write path of operations (OpTx) runs the same few statements in every
// batch. Their texts do not depend on the batch's size — a list of ids is one
// parameter (a PostgreSQL array, or a JSON array that SQLite reads with
// json_each), and SQLite inserts and updates row by row — so each is
// prepared once per connection and reused by every transaction
// (database/sql reuses a statement already prepared on the transaction's
// connection). Preparing was ≈ 8% of the server's CPU on SQLite under the S3
// load, and two round trips instead of one per statement on PostgreSQL.

type opStmt int

const (
	stLockBoards opStmt = iota
	stBoardStates
	stControlBoards
	stSeenOps
	stInsertOp  // SQLite: one row
	stInsertOps // PostgreSQL: arrays
	stSaveBoard
	stSaveBoards // PostgreSQL: arrays
	stLockBatch  // PostgreSQL: stLockBoards, stBoardStates and stControlBoards in one round trip
	stStoreBatch // PostgreSQL: stInsertOps and stSaveBoards in one round trip
	numOpStmts
)

const boardMetaCols = `id, workshop_id, activity_id, scope, group_id, participant_id, kind, seq, created_at, updated_at`

var opQueries = map[Dialect][numOpStmts]string{
	SQLite: {
		stLockBoards:  `SELECT ` + boardMetaCols + ` FROM boards WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
		stBoardStates: `SELECT id, state FROM boards WHERE id IN (SELECT value FROM json_each(?))`,
		stControlBoards: `SELECT id, workshop_id, activity_id, scope, group_id, participant_id, kind, state, seq, created_at, updated_at FROM boards
			WHERE activity_id = ? AND scope = ? AND workshop_id IN (SELECT value FROM json_each(?))`,
		stSeenOps: `SELECT o.board_id, o.actor_id, o.op_id, o.seq FROM json_each(?) AS k
			JOIN operations o ON o.board_id = json_extract(k.value, '$[0]') AND o.actor_id = json_extract(k.value, '$[1]')
			AND o.op_id = json_extract(k.value, '$[2]')`,
		stInsertOp: `INSERT INTO operations (board_id, seq, op_id, actor_kind, actor_id, actor_name, op, changes, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		stSaveBoard: `UPDATE boards SET state = ?, seq = ?, updated_at = ? WHERE id = ?`,
	},
	Postgres: {
		stLockBoards:  `SELECT ` + boardMetaCols + ` FROM boards WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
		stBoardStates: `SELECT id, state FROM boards WHERE id = ANY($1::text[])`,
		stControlBoards: `SELECT id, workshop_id, activity_id, scope, group_id, participant_id, kind, state, seq, created_at, updated_at FROM boards
			WHERE activity_id = $1 AND scope = $2 AND workshop_id = ANY($3::text[])`,
		stSeenOps: `SELECT o.board_id, o.actor_id, o.op_id, o.seq
			FROM unnest($1::text[], $2::text[], $3::text[]) AS k(board_id, actor_id, op_id)
			JOIN operations o ON o.board_id = k.board_id AND o.actor_id = k.actor_id AND o.op_id = k.op_id`,
		stInsertOps: `INSERT INTO operations (board_id, seq, op_id, actor_kind, actor_id, actor_name, op, changes, created_at)
			SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamp[])`,
		stSaveBoard: `UPDATE boards SET state = $1, seq = $2, updated_at = $3 WHERE id = $4`,
		stSaveBoards: `UPDATE boards SET state = v.state, seq = v.seq, updated_at = $1
			FROM unnest($2::text[], $3::text[], $4::bigint[]) AS v(id, state, seq) WHERE boards.id = v.id`,
		// The boards to write, locked in id order, with their state unless
		// the caller knows it at that sequence (-1: unknown); then, unlocked,
		// the control boards of the workshops.
		stLockBatch: `SELECT * FROM (
				SELECT b.id, b.workshop_id, b.activity_id, b.scope, b.group_id, b.participant_id, b.kind, b.seq, b.created_at, b.updated_at,
					CASE WHEN b.seq = k.known THEN NULL ELSE b.state END AS state, false AS control
				FROM boards b JOIN unnest($1::text[], $2::bigint[]) AS k(id, known) ON b.id = k.id
				ORDER BY b.id FOR UPDATE OF b) AS locked
			UNION ALL
			SELECT id, workshop_id, activity_id, scope, group_id, participant_id, kind, seq, created_at, updated_at, state, true
			FROM boards WHERE activity_id = $3 AND scope = $4 AND workshop_id = ANY($5::text[])`,
		// The operations inserted and the boards' new states saved by one
		// statement; it reports the boards updated.
		stStoreBatch: `WITH ins AS (
				INSERT INTO operations (board_id, seq, op_id, actor_kind, actor_id, actor_name, op, changes, created_at)
				SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamp[]))
			UPDATE boards SET state = v.state, seq = v.seq, updated_at = $10
			FROM unnest($11::text[], $12::text[], $13::bigint[]) AS v(id, state, seq) WHERE boards.id = v.id`,
	},
}

// opStatements holds the write path's statements, prepared on the write
// pool the first time a transaction needs them.
type opStatements struct {
	mu    sync.Mutex
	stmts [numOpStmts]*sql.Stmt
	ready bool
}

// prepareOps prepares the write path's statements if that is not done yet.
// It runs outside any transaction: on SQLite the write pool has one
// connection, which a transaction holds.
func (s *Store) prepareOps(ctx context.Context) error {
	p := &s.ops
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ready {
		return nil
	}
	for i, q := range opQueries[s.dialect] {
		if q == "" || p.stmts[i] != nil {
			continue
		}
		st, err := s.write.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("store: prepare: %w", mapErr(err))
		}
		p.stmts[i] = st
	}
	p.ready = true
	return nil
}

func (s *Store) closeOps() {
	p := &s.ops
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, st := range p.stmts {
		if st != nil {
			st.Close()
			p.stmts[i] = nil
		}
	}
	p.ready = false
}

// stmt returns statement k bound to the transaction (prepared on its
// connection at most once).
func (t *OpTx) stmt(ctx context.Context, k opStmt) *sqlx.Stmt {
	if t.stmts[k] == nil {
		t.stmts[k] = t.tx.StmtxContext(ctx, t.s.ops.stmts[k])
	}
	return t.stmts[k]
}

// jsonList is a list of strings as one SQLite parameter, read with json_each.
func jsonList[T any](v []T) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // strings always encode
	}
	return string(b)
}

// LockBatch locks the boards a batch writes (LockBoardsKnown: the state is
// read only of boards whose sequence is not the one knownSeq reports) and
// reads, without locking, the control boards (activity controlActivity,
// workshop scope) of the given workshops, by workshop id. On PostgreSQL
// this is one round trip.
func (t *OpTx) LockBatch(ctx context.Context, ids []string, knownSeq func(id string) (int64, bool),
	controlActivity string, workshopIDs []string) (boards, controls map[string]*Board, err error) {
	if t.s.dialect != Postgres {
		boards, err = t.LockBoardsKnown(ctx, ids, func(id string, seq int64) bool {
			k, ok := knownSeq(id)
			return ok && k == seq
		})
		if err != nil {
			return nil, nil, err
		}
		controls, err = t.ControlBoards(ctx, controlActivity, workshopIDs)
		return boards, controls, err
	}
	known := make([]int64, len(ids))
	for i, id := range ids {
		known[i] = -1
		if k, ok := knownSeq(id); ok {
			known[i] = k
		}
	}
	var rows []struct {
		Board
		Control bool `db:"control"`
	}
	if err := t.stmt(ctx, stLockBatch).SelectContext(ctx, &rows, pq.Array(ids), pq.Array(known), controlActivity, ScopeWorkshop,
		pq.Array(workshopIDs)); err != nil {
		return nil, nil, fmt.Errorf("store: lock boards: %w", mapErr(err))
	}
	boards, controls = make(map[string]*Board, len(ids)), make(map[string]*Board, len(workshopIDs))
	for i := range rows {
		b := rows[i].Board
		if rows[i].Control {
			controls[b.WorkshopID] = &b
		} else {
			boards[b.ID] = &b
		}
	}
	return boards, controls, nil
}

// StoreBatch inserts a batch's operations and saves its boards' new states
// (InsertOps, then SaveBoards); on PostgreSQL in one statement.
func (t *OpTx) StoreBatch(ctx context.Context, ops []*OpRecord, saves []BoardSave, at time.Time) error {
	if len(ops) == 0 && len(saves) == 0 {
		return nil
	}
	if t.s.dialect != Postgres {
		if err := t.InsertOps(ctx, ops); err != nil {
			return err
		}
		return t.SaveBoards(ctx, saves, at)
	}
	ids, states, boardSeqs := make(textArray, len(saves)), make(textArray, len(saves)), make([]int64, len(saves))
	for i, b := range saves {
		ids[i], states[i], boardSeqs[i] = []byte(b.ID), b.State, b.Seq
	}
	args := append(opColumns(ops), at.UTC(), ids, states, pq.Array(boardSeqs))
	res, err := t.stmt(ctx, stStoreBatch).ExecContext(ctx, args...)
	if err != nil {
		return fmt.Errorf("store: store operations: %w", mapErr(err))
	}
	if n, err := res.RowsAffected(); err != nil || n != int64(len(saves)) {
		return fmt.Errorf("store: save boards: %d of %d boards updated: %w", n, len(saves), ErrNotFound)
	}
	return nil
}

// textArray is a PostgreSQL text[] parameter, written straight from the
// values' bytes. pq.Array(StringArray) copied each value twice and grew its
// buffer as it escaped; the boards' states (a few KB of JSON each, full of
// quotes) made that about 7% of the server's CPU under the S3 load.
type textArray [][]byte

// Value writes the array literal: every element quoted, '"' and '\'
// escaped with a backslash.
func (a textArray) Value() (driver.Value, error) {
	n := 2 + len(a)*3
	for _, v := range a {
		n += len(v) + len(v)/4 // room for some escapes
	}
	b := make([]byte, 0, n)
	b = append(b, '{')
	for i, v := range a {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		start := 0
		for j, c := range v {
			if c == '"' || c == '\\' {
				b = append(b, v[start:j]...)
				b = append(b, '\\', c)
				start = j + 1
			}
		}
		b = append(b, v[start:]...)
		b = append(b, '"')
	}
	// A string, not []byte: with binary_parameters in the URL, lib/pq would
	// send []byte in binary format.
	return string(append(b, '}')), nil
}
