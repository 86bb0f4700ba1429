package store_test

import (
	"context"
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
