package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"playbook/store"
	"playbook/store/storetest"
)

// The batched forms the committer uses: retries found by (board, actor,
// operation id) and several boards saved in one go.
func TestSeenOpsOfAndSaveBoards(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, _, boards := fixture(t, s)
		if len(boards) < 2 {
			t.Fatal("fixture has fewer than two boards")
		}
		at := time.Now().UTC()
		err := s.WithOpTx(ctx, func(tx *store.OpTx) error {
			var ops []*store.OpRecord
			for i := int64(1); i <= 300; i++ {
				b := boards[i%2]
				ops = append(ops, &store.OpRecord{BoardID: b.ID, Seq: i, OpID: fmt.Sprintf("op%d", i), ActorKind: "participant",
					ActorID: fmt.Sprintf("p%d", i%3), ActorName: "王芳", Op: []byte(`{}`), Changes: []byte(`[]`), CreatedAt: at})
			}
			if err := tx.InsertOps(ctx, ops); err != nil {
				return err
			}
			return tx.SaveBoards(ctx, []store.BoardSave{{ID: boards[0].ID, State: []byte(`{"a":1}`), Seq: 300},
				{ID: boards[1].ID, State: []byte(`{"b":2}`), Seq: 299}}, at)
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []int64{300, 299} {
			b, err := s.BoardByID(ctx, boards[i].ID)
			if err != nil || b.Seq != want || string(b.State) != []string{`{"a":1}`, `{"b":2}`}[i] {
				t.Fatalf("board %d after SaveBoards: %+v %v", i, b, err)
			}
		}
		// 250 keys (one JSON array on SQLite, three arrays on PostgreSQL): only exact
		// (board, actor, op id) matches come back.
		var keys []store.SeenOp
		for i := int64(1); i <= 250; i++ {
			keys = append(keys, store.SeenOp{BoardID: boards[i%2].ID, ActorID: fmt.Sprintf("p%d", i%3), OpID: fmt.Sprintf("op%d", i)})
		}
		keys = append(keys,
			store.SeenOp{BoardID: boards[0].ID, ActorID: "p1", OpID: "op2"}, // op2 is p2's
			store.SeenOp{BoardID: boards[1].ID, ActorID: "p0", OpID: "op2"}, // op2 is on board 0
			store.SeenOp{BoardID: boards[0].ID, ActorID: "p0", OpID: "unknown"})
		var seen []store.SeenOp
		s.WithOpTx(ctx, func(tx *store.OpTx) error {
			seen, err = tx.SeenOpsOf(ctx, keys)
			return err
		})
		if err != nil || len(seen) != 250 {
			t.Fatalf("seen %d operations (err %v), want 250", len(seen), err)
		}
		for _, x := range seen {
			var i int64
			fmt.Sscanf(x.OpID, "op%d", &i)
			if x.Seq != i || x.BoardID != boards[i%2].ID || x.ActorID != fmt.Sprintf("p%d", i%3) {
				t.Fatalf("wrong match %+v", x)
			}
		}
		// Locking with known states reads only the states not known.
		s.WithOpTx(ctx, func(tx *store.OpTx) error {
			got, err := tx.LockBoardsKnown(ctx, []string{boards[0].ID, boards[1].ID}, func(id string, seq int64) bool {
				return id == boards[0].ID && seq == 300
			})
			if err != nil || len(got) != 2 {
				t.Fatalf("lock: %v %v", got, err)
			}
			if got[boards[0].ID].State != nil || got[boards[0].ID].Seq != 300 || string(got[boards[1].ID].State) != `{"b":2}` {
				t.Fatalf("known board read with state, or unknown one without: %+v %+v", got[boards[0].ID], got[boards[1].ID])
			}
			return nil
		})
		// Saving a board that does not exist fails the batch.
		err = s.WithOpTx(ctx, func(tx *store.OpTx) error {
			return tx.SaveBoards(ctx, []store.BoardSave{{ID: boards[0].ID, State: []byte(`{}`), Seq: 1}, {ID: "nope", State: []byte(`{}`), Seq: 1}}, at)
		})
		if !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("save of a missing board: %v", err)
		}
	})
}

// LockBatch and StoreBatch, the committer's round trips: boards locked with
// their state only where the caller does not know it, the control boards read
// beside them, and operations stored with the boards' new states at once.
func TestLockBatchAndStoreBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w, _, boards := fixture(t, s)
		control := boards[2]
		at := time.Now().UTC().Truncate(time.Microsecond)
		known := func(id string) (int64, bool) { return 0, id == boards[0].ID } // board 0 known at seq 0
		err := s.WithOpTx(ctx, func(tx *store.OpTx) error {
			got, controls, err := tx.LockBatch(ctx, []string{boards[0].ID, boards[1].ID, control.ID}, known, "_control", []string{w.ID, "nope"})
			if err != nil {
				return err
			}
			if len(got) != 3 || got[boards[0].ID].State != nil || string(got[boards[1].ID].State) != `{"notes":{}}` ||
				got[boards[1].ID].Kind != "notes" || got[boards[1].ID].Group() != boards[1].Group() || got[control.ID].Seq != 0 {
				t.Errorf("locked boards: %+v", got)
			}
			if len(controls) != 1 || controls[w.ID] == nil || controls[w.ID].ID != control.ID || string(controls[w.ID].State) != `{"now":"1.1"}` {
				t.Errorf("control boards: %+v", controls)
			}
			ops := []*store.OpRecord{
				{BoardID: boards[0].ID, Seq: 1, OpID: "a", ActorKind: "participant", ActorID: "p1", ActorName: "王芳", Op: []byte(`{"kind":"x"}`), Changes: []byte(`[]`), CreatedAt: at},
				{BoardID: boards[0].ID, Seq: 2, OpID: "b", ActorKind: "participant", ActorID: "p1", ActorName: "王芳", Op: []byte(`{"kind":"y"}`), Changes: []byte(`[1]`), CreatedAt: at},
				{BoardID: boards[1].ID, Seq: 1, OpID: "a", ActorKind: "trainer", ActorID: "t1", ActorName: "李老师", Op: []byte(`{"kind":"z"}`), Changes: []byte(`["\"q\""]`), CreatedAt: at},
			}
			return tx.StoreBatch(ctx, ops, []store.BoardSave{{ID: boards[0].ID, State: []byte(`{"n":"二"}`), Seq: 2},
				{ID: boards[1].ID, State: []byte(`{"n":"a\"b"}`), Seq: 1}}, at)
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []struct {
			seq   int64
			state string
			ops   int
		}{{2, `{"n":"二"}`, 2}, {1, `{"n":"a\"b"}`, 1}} {
			b, err := s.BoardByID(ctx, boards[i].ID)
			if err != nil || b.Seq != want.seq || string(b.State) != want.state || !b.UpdatedAt.Equal(at) {
				t.Fatalf("board %d: %+v %v", i, b, err)
			}
			ops, err := s.OpsSince(ctx, boards[i].ID, 0, 10)
			if err != nil || len(ops) != want.ops {
				t.Fatalf("board %d operations: %v %v", i, ops, err)
			}
			if i == 1 && (string(ops[0].Changes) != `["\"q\""]` || ops[0].ActorName != "李老师" || !ops[0].CreatedAt.Equal(at)) {
				t.Fatalf("stored operation: %+v", ops[0])
			}
		}
		// Values that an array literal must quote or escape are stored as
		// they are.
		tricky := []string{``, `NULL`, `a,b`, `{x}`, `"q"`, `back\slash`, `\"`, ` sp `, "tab\t new\n", `目标"拍脑袋"定的`}
		var ops []*store.OpRecord
		for i, v := range tricky {
			ops = append(ops, &store.OpRecord{BoardID: boards[1].ID, Seq: int64(2 + i), OpID: "t" + v, ActorKind: "participant",
				ActorID: v, ActorName: v, Op: []byte(v), Changes: []byte(v), CreatedAt: at})
		}
		if err := s.WithOpTx(ctx, func(tx *store.OpTx) error {
			return tx.StoreBatch(ctx, ops, []store.BoardSave{{ID: boards[1].ID, State: []byte(`{"t":"\"{,}\\"}`), Seq: int64(1 + len(tricky))}}, at)
		}); err != nil {
			t.Fatal(err)
		}
		stored, err := s.OpsSince(ctx, boards[1].ID, 1, 100)
		if err != nil || len(stored) != len(tricky) {
			t.Fatalf("tricky operations: %d %v", len(stored), err)
		}
		for i, o := range stored {
			v := tricky[i]
			if o.OpID != "t"+v || o.ActorID != v || o.ActorName != v || string(o.Op) != v || string(o.Changes) != v {
				t.Fatalf("operation %d stored as %+v, want %q", i, o, v)
			}
		}
		if b, _ := s.BoardByID(ctx, boards[1].ID); string(b.State) != `{"t":"\"{,}\\"}` {
			t.Fatalf("state stored as %s", b.State)
		}
		// The known sequence is checked: board 0 is at 2 now, so a caller
		// that knows it at 0 gets the state.
		s.WithOpTx(ctx, func(tx *store.OpTx) error {
			got, _, err := tx.LockBatch(ctx, []string{boards[0].ID}, known, "_control", nil)
			if err != nil || string(got[boards[0].ID].State) != `{"n":"二"}` {
				t.Errorf("stale known state: %+v %v", got, err)
			}
			return nil
		})
		// A retried operation id fails the whole batch; a missing board too.
		err = s.WithOpTx(ctx, func(tx *store.OpTx) error {
			return tx.StoreBatch(ctx, []*store.OpRecord{{BoardID: boards[0].ID, Seq: 3, OpID: "a", ActorKind: "participant", ActorID: "p1",
				ActorName: "王芳", Op: []byte(`{}`), Changes: []byte(`[]`), CreatedAt: at}}, []store.BoardSave{{ID: boards[0].ID, State: []byte(`{}`), Seq: 3}}, at)
		})
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("duplicate operation id: %v", err)
		}
		err = s.WithOpTx(ctx, func(tx *store.OpTx) error {
			return tx.StoreBatch(ctx, nil, []store.BoardSave{{ID: "nope", State: []byte(`{}`), Seq: 1}}, at)
		})
		if !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("save of a missing board: %v", err)
		}
		if b, _ := s.BoardByID(ctx, boards[0].ID); b.Seq != 2 {
			t.Fatalf("a failed batch changed the board: %+v", b)
		}
	})
}

// On PostgreSQL board states are compressed with LZ4 (when the server has
// it), and migrating again leaves that as it is.
func TestBoardStatesCompressedWithLZ4(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	if dsn == "" {
		t.Skip("PLAYBOOK_TEST_POSTGRES not set")
	}
	s := storetest.Open(t, storetest.Backend{Name: "postgres", DSN: dsn})
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("second migration: %v", err)
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var lz4 bool
	if err := db.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals))`).Scan(&lz4); err != nil {
		t.Fatal(err)
	}
	var method string
	if err := db.QueryRow(`SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'boards'::regclass AND attname = 'state'`).Scan(&method); err != nil {
		t.Fatal(err)
	}
	if lz4 && method != "l" || !lz4 && method != "" {
		t.Fatalf("boards.state compression %q (server has LZ4: %v)", method, lz4)
	}
}
