package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"playbook/store"
	"playbook/store/storetest"
)

func ptr(s string) *string { return &s }

// fixture makes a trainer and a workshop with two groups and a board each.
func fixture(t *testing.T, s *store.Store) (*store.Workshop, []*store.Group, []*store.Board) {
	t.Helper()
	ctx := context.Background()
	u := &store.User{ID: store.NewID(), Email: "t-" + store.NewID() + "@example.com", Name: "李老师", PasswordHash: "x"}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	w := &store.Workshop{ID: store.NewID(), OwnerID: u.ID, Title: "销售过程管理", ClientCompany: "华东电梯", Industry: "电梯维保",
		StartsOn: "2026-12-01", EndsOn: "2026-12-02", Language: "zh-CN", JoinCode: store.NewID()[:8], Curriculum: []byte(`{"id":"builtin"}`)}
	var groups []*store.Group
	var boards []*store.Board
	for i, name := range []string{"第一组", "第二组"} {
		g := &store.Group{ID: store.NewID(), WorkshopID: w.ID, Name: name, Position: i + 1}
		groups = append(groups, g)
		boards = append(boards, &store.Board{ID: store.NewID(), WorkshopID: w.ID, ActivityID: "1.1", Scope: store.GroupScope(g.ID),
			GroupID: ptr(g.ID), Kind: "notes", State: []byte(`{"notes":{}}`)})
	}
	boards = append(boards, &store.Board{ID: store.NewID(), WorkshopID: w.ID, ActivityID: "_control", Scope: store.ScopeWorkshop,
		Kind: "control", State: []byte(`{"now":"1.1"}`)})
	if err := s.CreateWorkshop(ctx, w, groups, boards); err != nil {
		t.Fatal(err)
	}
	return w, groups, boards
}

func TestWorkshopLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w, groups, boards := fixture(t, s)
		got, err := s.WorkshopByCode(ctx, w.JoinCode)
		if err != nil || got.ID != w.ID || got.ClientCompany != "华东电梯" || string(got.Curriculum) != `{"id":"builtin"}` {
			t.Fatalf("by code: %+v %v", got, err)
		}
		if !got.CreatedAt.Equal(w.CreatedAt) {
			t.Fatalf("created_at %v vs %v", got.CreatedAt, w.CreatedAt)
		}
		gs, err := s.Groups(ctx, w.ID)
		if err != nil || len(gs) != 2 || gs[0].Name != "第一组" {
			t.Fatalf("groups %v %v", gs, err)
		}
		if err := s.RenameGroup(ctx, w.ID, groups[1].ID, "远航组"); err != nil {
			t.Fatal(err)
		}
		if err := s.RenameGroup(ctx, "other", groups[1].ID, "x"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("rename in another workshop: %v", err)
		}
		// Boards are created once: ensuring them again changes nothing.
		dup := *boards[0]
		dup.ID = store.NewID()
		if err := s.EnsureBoards(ctx, []*store.Board{&dup}); err != nil {
			t.Fatal(err)
		}
		refs, err := s.BoardRefs(ctx, w.ID)
		if err != nil || len(refs) != 3 {
			t.Fatalf("refs %d %v", len(refs), err)
		}
		b, err := s.BoardFor(ctx, w.ID, "1.1", store.GroupScope(groups[0].ID))
		if err != nil || b.ID != boards[0].ID || b.Group() != groups[0].ID {
			t.Fatalf("board for: %+v %v", b, err)
		}
		if err := s.DeleteWorkshop(ctx, w.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.BoardByID(ctx, boards[0].ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("board survived its workshop: %v", err)
		}
	})
}

func TestParticipants(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w, groups, _ := fixture(t, s)
		p := &store.Participant{ID: store.NewID(), WorkshopID: w.ID, GroupID: ptr(groups[0].ID), Name: "王芳", TokenHash: "h1"}
		if err := s.CreateParticipant(ctx, p, nil); err != nil {
			t.Fatal(err)
		}
		dup := &store.Participant{ID: store.NewID(), WorkshopID: w.ID, Name: "x", TokenHash: "h1"}
		if err := s.CreateParticipant(ctx, dup, nil); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("duplicate token: %v", err)
		}
		got, err := s.ParticipantByToken(ctx, "h1")
		if err != nil || got.Name != "王芳" || got.Group() != groups[0].ID {
			t.Fatalf("%+v %v", got, err)
		}
		if err := s.MoveParticipant(ctx, w.ID, p.ID, groups[1].ID); err != nil {
			t.Fatal(err)
		}
		if err := s.MoveParticipant(ctx, w.ID, p.ID, "no-such-group"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("move to unknown group: %v", err)
		}
		got, _ = s.ParticipantByID(ctx, w.ID, p.ID)
		if got.Group() != groups[1].ID {
			t.Fatalf("group after move %s", got.Group())
		}
	})
}

func TestOpTxAppliesAtomically(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w, _, boards := fixture(t, s)
		b := boards[0]
		at := time.Now().UTC()
		err := s.WithOpTx(ctx, func(tx *store.OpTx) error {
			locked, err := tx.LockBoards(ctx, []string{b.ID})
			if err != nil || locked[b.ID] == nil {
				t.Fatalf("lock: %v", err)
			}
			ctl, err := tx.ControlBoards(ctx, "_control", []string{w.ID})
			if err != nil || ctl[w.ID] == nil {
				t.Fatalf("control: %v", err)
			}
			var ops []*store.OpRecord
			for i := int64(1); i <= 150; i++ {
				ops = append(ops, &store.OpRecord{BoardID: b.ID, Seq: i, OpID: "op" + store.NewID(), ActorKind: "participant",
					ActorID: "p1", ActorName: "王芳", Op: []byte(`{"kind":"note.add"}`), Changes: []byte(`[]`), CreatedAt: at})
			}
			if err := tx.InsertOps(ctx, ops); err != nil {
				return err
			}
			return tx.SaveBoard(ctx, b.ID, []byte(`{"notes":{"a":1}}`), 150, at)
		})
		if err != nil {
			t.Fatal(err)
		}
		ops, err := s.OpsSince(ctx, b.ID, 100, 1000)
		if err != nil || len(ops) != 50 || ops[0].Seq != 101 || ops[49].Seq != 150 || ops[0].ActorName != "王芳" {
			t.Fatalf("ops since 100: %d %v", len(ops), err)
		}
		// A failing transaction leaves nothing behind.
		boom := errors.New("boom")
		err = s.WithOpTx(ctx, func(tx *store.OpTx) error {
			if err := tx.InsertOps(ctx, []*store.OpRecord{{BoardID: b.ID, Seq: 151, OpID: "x", ActorKind: "participant",
				ActorID: "p1", ActorName: "n", Op: []byte(`{}`), Changes: []byte(`[]`), CreatedAt: at}}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err %v", err)
		}
		if seq, _ := s.BoardSeq(ctx, b.ID); seq != 150 {
			t.Fatalf("seq %d", seq)
		}
		if n, _ := s.CountOps(ctx, b.ID); n != 150 {
			t.Fatalf("%d ops stored", n)
		}
		// Retries are found by operation id.
		var seen []store.SeenOp
		s.WithOpTx(ctx, func(tx *store.OpTx) error {
			seen, err = tx.SeenOps(ctx, []string{b.ID}, []string{ops[0].OpID, "unknown"})
			return err
		})
		if len(seen) != 1 || seen[0].Seq != 101 || seen[0].ActorID != "p1" {
			t.Fatalf("seen %+v", seen)
		}
		// The same operation id twice on a board by one actor is refused by the schema.
		err = s.WithOpTx(ctx, func(tx *store.OpTx) error {
			return tx.InsertOps(ctx, []*store.OpRecord{{BoardID: b.ID, Seq: 151, OpID: ops[0].OpID, ActorKind: "participant",
				ActorID: "p1", ActorName: "n", Op: []byte(`{}`), Changes: []byte(`[]`), CreatedAt: at}})
		})
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("duplicate op id: %v", err)
		}
	})
}

func TestUsersSessionsAndSetupToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if n, _ := s.CountUsers(ctx); n != 0 {
			t.Fatalf("%d users", n)
		}
		if err := s.SetSetupToken(ctx, "hash1"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetSetupToken(ctx, "hash2"); err != nil {
			t.Fatal(err)
		}
		if h, _ := s.SetupTokenHash(ctx); h != "hash2" {
			t.Fatalf("token hash %q", h)
		}
		u := &store.User{ID: store.NewID(), Email: "a@example.com", Name: "A", PasswordHash: "x"}
		if err := s.CreateFirstUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetupTokenHash(ctx); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("setup token survived first user: %v", err)
		}
		if err := s.CreateFirstUser(ctx, &store.User{ID: store.NewID(), Email: "b@example.com", Name: "B", PasswordHash: "x"}); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("second first user: %v", err)
		}
		at := time.Now().UTC()
		sess := &store.Session{ID: "sid", UserID: u.ID, CreatedAt: at, LastSeenAt: at, ExpiresAt: at.Add(time.Hour)}
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		got, err := s.SessionByID(ctx, "sid")
		if err != nil || got.UserID != u.ID || !got.ExpiresAt.Round(time.Second).Equal(sess.ExpiresAt.Round(time.Second)) {
			t.Fatalf("%+v %v", got, err)
		}
		if n, _ := s.DeleteExpiredSessions(ctx, at.Add(2*time.Hour)); n != 1 {
			t.Fatalf("expired %d", n)
		}
	})
}
