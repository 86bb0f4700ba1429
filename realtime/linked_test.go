package realtime_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"playbook/exercises"
	"playbook/realtime"
	"playbook/server/servertest"
	"playbook/store"
	"playbook/store/storetest"
)

// Two kinds made for these tests, so the committer's generic features are
// checked apart from any real kind: "test.tally" counts, and its
// "tally.spread" operation also counts on every other board of its activity
// (a linked operation); "test.secret" is OwnerOnly.

type tallyState struct {
	N int `json:"n"`
}

type tallyOp struct {
	Kind   string `json:"kind"`
	Secret string `json:"secret"` // must never reach a linked board's subscribers
	Fail   bool   `json:"fail"`
}

func (s *tallyState) Apply(op exercises.Operation, ctx *exercises.Context) ([]exercises.Change, error) {
	var o tallyOp
	if err := exercises.DecodeOp(op, &o); err != nil {
		return nil, err
	}
	switch op.Kind {
	case "tally.add":
		s.N++
		return []exercises.Change{exercises.Set(s.N, "n")}, nil
	case "tally.spread":
		if o.Fail {
			return nil, exercises.Refuse(exercises.CodeConflict, "", "refused on purpose")
		}
		for _, l := range ctx.Linked {
			if t, ok := l.State.(*tallyState); ok {
				t.N++
				l.Record(exercises.Set(t.N, "n"))
			}
		}
		s.N++
		return []exercises.Change{exercises.Set(s.N, "n")}, nil
	}
	return nil, exercises.Refuse(exercises.CodeInvalidOp, "kind", "no operation %q", op.Kind)
}

func init() {
	decode := func(data []byte) (exercises.State, error) {
		var s tallyState
		return &s, json.Unmarshal(data, &s)
	}
	exercises.Register(&exercises.Kind{Name: "test.tally", New: func(json.RawMessage) (exercises.State, error) { return &tallyState{}, nil },
		Decode: decode, Linked: func(op exercises.Operation) bool { return op.Kind == "tally.spread" }})
	exercises.Register(&exercises.Kind{Name: "test.secret", OwnerOnly: true,
		New: func(json.RawMessage) (exercises.State, error) { return &tallyState{}, nil }, Decode: decode})
}

// linkedFixture is a workshop with a trainer, two participants and, in
// activity "t.link", a workshop board, a board of Ann's and a trainer board;
// plus a tally board of another activity that must never be touched.
type linkedFixture struct {
	g                     *liveGroup
	trainerID, annID      string
	round, annB, trainerB string
	other                 string
}

func newLinkedFixture(t *testing.T, b storetest.Backend) *linkedFixture {
	g := newLiveGroup(t, b)
	f := &linkedFixture{g: g}
	var me struct {
		User struct{ ID string } `json:"user"`
	}
	g.trainer.Must(200, "GET", "/api/auth/me", nil, &me)
	f.trainerID = me.User.ID
	f.annID = g.annWS.Welcome["you"].(map[string]any)["id"].(string)
	ann := f.annID
	mk := func(activity, scope string, participant *string, kind string) string {
		bd := &store.Board{ID: store.NewID(), WorkshopID: g.ws.ID, ActivityID: activity, Scope: scope,
			ParticipantID: participant, Kind: kind, State: []byte(`{"n":0}`)}
		if err := g.srv.Store.EnsureBoards(context.Background(), []*store.Board{bd}); err != nil {
			t.Fatal(err)
		}
		return bd.ID
	}
	f.round = mk("t.link", store.ScopeWorkshop, nil, "test.tally")
	f.annB = mk("t.link", store.ParticipantScope(ann), &ann, "test.tally")
	f.trainerB = mk("t.link", store.TrainerScope(f.trainerID), nil, "test.tally")
	f.other = mk("t.other", store.ScopeWorkshop, nil, "test.tally")
	return f
}

func TestLinkedOperationChangesEveryBoardOfItsActivity(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := newLinkedFixture(t, b)
			g := f.g
			tws := g.trainer.Dial(g.ws.ID, "trainer")
			tws.Subscribe(f.round, -1)
			tws.Subscribe(f.trainerB, -1)
			g.annWS.Subscribe(f.annB, -1)

			ack := tws.Op(f.round, "spread-1", map[string]any{"kind": "tally.spread", "secret": "judge-only 4/5"})
			if seqOf(ack) != 1 {
				t.Fatalf("ack %v", ack)
			}
			// Ann sees her board change, as an operation of her board that
			// carries the kind and the origin but none of the operation's fields.
			ev, _ := g.annWS.WaitOp(f.annB, 1)
			raw, _ := json.Marshal(ev)
			if strings.Contains(string(raw), "judge-only") || strings.Contains(string(raw), "secret") {
				t.Fatalf("linked op leaks the operation's fields: %s", raw)
			}
			op := ev["op"].(map[string]any)
			if op["kind"] != "tally.spread" || op["via"] != f.round || ev["id"] != realtime.LinkedOpID(f.round, "spread-1") {
				t.Fatalf("linked op event %s", raw)
			}
			ch := ev["changes"].([]any)[0].(map[string]any)
			if ch["value"].(float64) != 1 {
				t.Fatalf("changes %v", ch)
			}
			for board, want := range map[string]int64{f.round: 1, f.annB: 1, f.trainerB: 1, f.other: 0} {
				if seq, _ := g.srv.Store.BoardSeq(t.Context(), board); seq != want {
					t.Errorf("board %s at seq %d, want %d", board, seq, want)
				}
			}

			// A retry is acknowledged again and applied nowhere.
			again := tws.Op(f.round, "spread-1", map[string]any{"kind": "tally.spread", "secret": "judge-only 4/5"})
			if again["duplicate"] != true {
				t.Fatalf("retry %v", again)
			}
			// A refusal stores nothing on any board.
			if res := tws.OpResult(f.round, "spread-2", map[string]any{"kind": "tally.spread", "fail": true}); res["code"] != "conflict" {
				t.Fatalf("refusal %v", res)
			}
			for _, board := range []string{f.round, f.annB, f.trainerB} {
				if n, _ := g.srv.Store.CountOps(t.Context(), board); n != 1 {
					t.Errorf("board %s has %d operations, want 1", board, n)
				}
			}
			// The linked board resumes like any other.
			ann := g.ann.Dial(g.ws.ID, "participant")
			msgs := ann.Subscribe(f.annB, 0)
			if len(msgs) != 2 || msgs[0]["type"] != "op" || msgs[0]["id"] != realtime.LinkedOpID(f.round, "spread-1") {
				t.Fatalf("resume %v", msgs)
			}
		})
	}
}

// Two instances over one database apply linked operations and direct
// operations on the linked boards at the same time: boards are locked in one
// order, so nothing deadlocks, nothing is refused, and every count adds up.
func TestLinkedOperationsFromTwoInstances(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := newLinkedFixture(t, b)
			st2 := storetest.Open(t, b)
			second := servertest.StartOn(t, st2, servertest.Options{})
			hubs := []*realtime.Hub{f.g.srv.Hub, second.Hub}
			trainer := exercises.Actor{Kind: exercises.RoleTrainer, ID: f.trainerID, Name: "李老师"}
			const each = 20
			var wg sync.WaitGroup
			errs := make(chan error, 4*each)
			for i := range each {
				for h, hub := range hubs {
					wg.Add(2)
					go func() {
						defer wg.Done()
						_, err := hub.Apply(context.Background(), f.g.ws.ID, f.round, fmt.Sprintf("s-%d-%d", h, i), trainer, json.RawMessage(`{"kind":"tally.spread"}`))
						errs <- err
					}()
					go func() {
						defer wg.Done()
						_, err := hub.Apply(context.Background(), f.g.ws.ID, f.annB, fmt.Sprintf("a-%d-%d", h, i), trainer, json.RawMessage(`{"kind":"tally.add"}`))
						errs <- err
					}()
				}
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			read := func(id string) (int, int64) {
				bd, err := f.g.srv.Store.BoardByID(t.Context(), id)
				if err != nil {
					t.Fatal(err)
				}
				var s tallyState
				json.Unmarshal(bd.State, &s)
				return s.N, bd.Seq
			}
			spreads := 2 * each
			if n, seq := read(f.round); n != spreads || seq != int64(spreads) {
				t.Errorf("round n=%d seq=%d", n, seq)
			}
			if n, seq := read(f.annB); n != 2*spreads || seq != int64(2*spreads) {
				t.Errorf("ann's board n=%d seq=%d, want %d", n, seq, 2*spreads)
			}
			if n, _ := read(f.trainerB); n != spreads {
				t.Errorf("trainer board n=%d", n)
			}
			// Gap-free sequences on the linked board.
			ops, _ := f.g.srv.Store.OpsSince(t.Context(), f.annB, 0, 1000)
			for i, op := range ops {
				if op.Seq != int64(i+1) {
					t.Fatalf("operation %d has seq %d", i, op.Seq)
				}
			}
		})
	}
}

func TestOwnerOnlyBoardsStayWithTheirOwner(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			g := newLiveGroup(t, b)
			var me struct {
				User struct{ ID string } `json:"user"`
			}
			g.trainer.Must(200, "GET", "/api/auth/me", nil, &me)
			ann := g.annWS.Welcome["you"].(map[string]any)["id"].(string)
			annBoard := &store.Board{ID: store.NewID(), WorkshopID: g.ws.ID, ActivityID: "t.secret", Scope: store.ParticipantScope(ann),
				ParticipantID: &ann, Kind: "test.secret", State: []byte(`{"n":0}`)}
			trainerBoard := &store.Board{ID: store.NewID(), WorkshopID: g.ws.ID, ActivityID: "t.secret", Scope: store.TrainerScope(me.User.ID),
				Kind: "test.secret", State: []byte(`{"n":0}`)}
			if err := g.srv.Store.EnsureBoards(t.Context(), []*store.Board{annBoard, trainerBoard}); err != nil {
				t.Fatal(err)
			}
			tws := g.trainer.Dial(g.ws.ID, "trainer")
			// The trainer may not read or write Ann's board.
			if msgs := tws.Subscribe(annBoard.ID, -1); msgs[0]["code"] != "forbidden" {
				t.Fatalf("trainer subscribed to an owner-only board: %v", msgs)
			}
			if res := tws.OpResult(annBoard.ID, "x", map[string]any{"kind": "tally.add"}); res["code"] != "forbidden" {
				t.Fatalf("trainer wrote an owner-only board: %v", res)
			}
			// Nor may Bob; Ann may read hers.
			if msgs := g.bobWS.Subscribe(annBoard.ID, -1); msgs[0]["code"] != "forbidden" {
				t.Fatalf("bob: %v", msgs)
			}
			if msgs := g.annWS.Subscribe(annBoard.ID, -1); msgs[0]["type"] != "snapshot" {
				t.Fatalf("ann: %v", msgs)
			}
			// The trainer's own board is the trainer's alone.
			if msgs := g.annWS.Subscribe(trainerBoard.ID, -1); msgs[0]["code"] != "forbidden" {
				t.Fatalf("ann read the trainer's board: %v", msgs)
			}
			if msgs := tws.Subscribe(trainerBoard.ID, -1); msgs[0]["type"] != "snapshot" {
				t.Fatalf("trainer: %v", msgs)
			}
			tws.Op(trainerBoard.ID, "mine", map[string]any{"kind": "tally.add"})
		})
	}
}
