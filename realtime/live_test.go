package realtime_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"playbook/realtime"
	"playbook/server/servertest"
	"playbook/store/storetest"
)

// liveGroup is a workshop with two groups, a trainer and two members of
// group 1, each with a websocket subscribed to group 1's board of activity 1.1.
type liveGroup struct {
	srv      *servertest.Server
	trainer  *servertest.Client
	ws       *servertest.Workshop
	board    string // group 1, activity 1.1
	boardG2  string // group 2, activity 1.1
	ann, bob *servertest.Client
	annWS    *servertest.WS
	bobWS    *servertest.WS
}

func newLiveGroup(t *testing.T, b storetest.Backend, opts ...servertest.Options) *liveGroup {
	srv := servertest.Start(t, b, opts...)
	tr := srv.Trainer("李老师", "li@example.com")
	w := tr.CreateWorkshop(2)
	g := &liveGroup{srv: srv, trainer: tr, ws: w}
	g.board = tr.Board(w.ID, "1.1", w.Groups[0].ID)
	g.boardG2 = tr.Board(w.ID, "1.1", w.Groups[1].ID)
	var view *servertest.View
	g.ann, view = srv.Join(w.JoinCode, "王芳", w.Groups[0].ID)
	if view.Boards["1.1"] != g.board {
		t.Fatalf("participant view board %s, want %s", view.Boards["1.1"], g.board)
	}
	g.bob, _ = srv.Join(w.JoinCode, "张伟", w.Groups[0].ID)
	g.annWS = g.ann.Dial(w.ID, "participant")
	g.bobWS = g.bob.Dial(w.ID, "participant")
	for _, ws := range []*servertest.WS{g.annWS, g.bobWS} {
		msgs := ws.Subscribe(g.board, -1)
		if msgs[0]["type"] != "snapshot" || msgs[len(msgs)-1]["type"] != "subscribed" {
			t.Fatalf("subscribe: %v", msgs)
		}
	}
	return g
}

func addNote(id, text string) map[string]any {
	return map[string]any{"kind": "note.add", "id": id, "lane": "setting", "text": text}
}

func seqOf(m map[string]any) int64 { return int64(m["seq"].(float64)) }

func TestMembersSeeEachOthersNotes(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			g := newLiveGroup(t, b)
			ack := g.annWS.Op(g.board, "op-ann-1", addNote("n1", "目标拍脑袋定的"))
			if seqOf(ack) != 1 || ack["duplicate"] != nil {
				t.Fatalf("ack %v", ack)
			}
			ev, _ := g.bobWS.WaitOp(g.board, 1)
			actor := ev["actor"].(map[string]any)
			if actor["name"] != "王芳" || ev["id"] != "op-ann-1" {
				t.Fatalf("bob got %v", ev)
			}
			ch := ev["changes"].([]any)[0].(map[string]any)
			if ch["value"].(map[string]any)["text"] != "目标拍脑袋定的" {
				t.Fatalf("changes %v", ch)
			}
			g.bobWS.Op(g.board, "op-bob-1", addNote("n2", "没有过程管控"))
			ev, _ = g.annWS.WaitOp(g.board, 2)
			if ev["actor"].(map[string]any)["name"] != "张伟" {
				t.Fatalf("ann got %v", ev)
			}
			// A trainer console sees the same board from a snapshot.
			tws := g.trainer.Dial(g.ws.ID, "trainer")
			msgs := tws.Subscribe(g.board, -1)
			snap := msgs[0]
			notes := snap["state"].(map[string]any)["notes"].(map[string]any)
			if seqOf(snap) != 2 || len(notes) != 2 {
				t.Fatalf("trainer snapshot %v", snap)
			}
		})
	}
}

func TestResumeReceivesExactlyTheMissedOperations(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			// A client may send 50 operations quickly when it flushes an offline queue.
			g := newLiveGroup(t, b, servertest.Options{Hub: realtime.Options{OpsPerSecond: 500, OpsBurst: 100}})
			g.annWS.Op(g.board, "first", addNote("n0", "before the drop"))
			g.bobWS.WaitOp(g.board, 1)
			// Bob's phone loses the network.
			g.bobWS.Conn.Close()
			for i := 1; i <= 50; i++ {
				g.annWS.Op(g.board, fmt.Sprintf("op-%d", i), addNote(fmt.Sprintf("n%d", i), fmt.Sprintf("note %d", i)))
			}
			bob := g.bob.Dial(g.ws.ID, "participant")
			msgs := bob.Subscribe(g.board, 1)
			var ops []map[string]any
			for _, m := range msgs {
				switch m["type"] {
				case "op":
					ops = append(ops, m)
				case "subscribed":
					if seqOf(m) != 51 {
						t.Fatalf("subscribed at %v", m)
					}
				default:
					t.Fatalf("unexpected %v during resume", m)
				}
			}
			if len(ops) != 50 {
				t.Fatalf("resume delivered %d operations, want 50", len(ops))
			}
			for i, op := range ops {
				if seqOf(op) != int64(i+2) || op["id"] != fmt.Sprintf("op-%d", i+1) {
					t.Fatalf("operation %d: seq %v id %v", i, op["seq"], op["id"])
				}
			}
			// And live delivery continues after the resume, without duplicates.
			g.annWS.Op(g.board, "after", addNote("n99", "after the resume"))
			ev := bob.Expect("op")
			if seqOf(ev) != 52 {
				t.Fatalf("after resume got seq %v", ev["seq"])
			}
		})
	}
}

// A resume is answered with every missed operation at once, up to
// SnapshotAfter of them; with the production options the send queue must hold
// all of them (and a commit batch on top), or the resuming client is dropped
// as a slow reader and never catches up on a busy board.
func TestLongResumeWithProductionOptionsIsNotDroppedAsSlow(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			def := realtime.DefaultOptions()
			missed := int(def.SnapshotAfter) - 10
			// Only the sender's rate limit is raised; the send queue is the production one.
			g := newLiveGroup(t, b, servertest.Options{Hub: realtime.Options{OpsPerSecond: 5000, OpsBurst: 5000}})
			g.annWS.Op(g.board, "first", addNote("n0", "before the drop"))
			g.bobWS.WaitOp(g.board, 1)
			g.bobWS.Conn.Close()
			for i := 1; i <= missed; i++ {
				g.annWS.Op(g.board, fmt.Sprintf("edit-%d", i), map[string]any{"kind": "note.edit", "id": "n0", "text": fmt.Sprintf("version %d", i)})
			}
			bob := g.bob.Dial(g.ws.ID, "participant")
			msgs := bob.Subscribe(g.board, 1)
			ops := 0
			for _, m := range msgs {
				switch m["type"] {
				case "op":
					ops++
					if seqOf(m) != int64(ops+1) {
						t.Fatalf("operation %d has seq %v", ops, m["seq"])
					}
				case "subscribed":
					if seqOf(m) != int64(missed+1) {
						t.Fatalf("subscribed at %v, want %d", m, missed+1)
					}
				default:
					t.Fatalf("unexpected %v during resume", m)
				}
			}
			if ops != missed {
				t.Fatalf("resume delivered %d operations, want %d", ops, missed)
			}
		})
	}
}

func TestRetriedOperationIsAppliedOnce(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			g := newLiveGroup(t, b)
			first := g.annWS.Op(g.board, "retry-me", addNote("n1", "once"))
			second := g.annWS.Op(g.board, "retry-me", addNote("n1", "once"))
			if seqOf(first) != 1 || seqOf(second) != 1 || second["duplicate"] != true {
				t.Fatalf("acks %v / %v", first, second)
			}
			// A retry on a new connection (after a lost ack) is recognised too.
			again := g.ann.Dial(g.ws.ID, "participant").Op(g.board, "retry-me", addNote("n1", "once"))
			if seqOf(again) != 1 || again["duplicate"] != true {
				t.Fatalf("ack on new connection %v", again)
			}
			if n, _ := g.srv.Store.CountOps(t.Context(), g.board); n != 1 {
				t.Fatalf("%d operations stored, want 1", n)
			}
			// Bob saw the note exactly once.
			ev, _ := g.bobWS.WaitOp(g.board, 1)
			if ev["id"] != "retry-me" {
				t.Fatal(ev)
			}
			g.annWS.Op(g.board, "next", addNote("n2", "next"))
			if ev := g.bobWS.Expect("op"); seqOf(ev) != 2 {
				t.Fatalf("bob got a duplicate: %v", ev)
			}
		})
	}
}

func TestParticipantCannotWriteAnotherGroupsBoard(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			g := newLiveGroup(t, b)
			res := g.annWS.OpResult(g.boardG2, "intrude", addNote("x", "written into group 2"))
			if res["type"] != "error" || res["code"] != "forbidden" || res["board"] != g.boardG2 {
				t.Fatalf("got %v", res)
			}
			if msgs := g.annWS.Subscribe(g.boardG2, -1); msgs[0]["code"] != "forbidden" {
				t.Fatalf("subscribe to group 2's board: %v", msgs)
			}
			if n, _ := g.srv.Store.CountOps(t.Context(), g.boardG2); n != 0 {
				t.Fatalf("%d operations stored on group 2's board", n)
			}
			// The connection stays up.
			g.annWS.Op(g.board, "still-fine", addNote("n1", "ok"))
		})
	}
}

func TestParticipantCannotReachAnotherWorkshop(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			g := newLiveGroup(t, b)
			other := g.trainer.CreateWorkshop(1)
			foreign := g.trainer.Board(other.ID, "1.1", other.Groups[0].ID)
			if msgs := g.annWS.Subscribe(foreign, -1); msgs[0]["code"] != "not_found" {
				t.Fatalf("subscribe to workshop Y's board: %v", msgs)
			}
			if msgs := g.annWS.Subscribe(other.ControlBoard, -1); msgs[0]["code"] != "not_found" {
				t.Fatalf("subscribe to workshop Y's control board: %v", msgs)
			}
			if res := g.annWS.OpResult(foreign, "x1", addNote("x", "y")); res["code"] != "not_found" {
				t.Fatalf("write to workshop Y: %v", res)
			}
			// Nor can the participant open a connection to workshop Y.
			_, resp, err := g.ann.DialRaw(other.ID, "participant", g.srv.URL)
			if err == nil || resp == nil || resp.StatusCode != 401 {
				t.Fatalf("dial workshop Y: %v %v", err, resp)
			}
			if n, _ := g.srv.Store.CountOps(t.Context(), foreign); n != 0 {
				t.Fatal("stored in workshop Y")
			}
		})
	}
}

func TestOversizeFrameClosesWith1009(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			g := newLiveGroup(t, b)
			big := `{"type":"op","board":"` + g.board + `","id":"big","op":{"kind":"note.add","id":"n","lane":"setting","text":"` +
				strings.Repeat("x", 70<<10) + `"}}`
			if err := g.annWS.Conn.WriteMessage(websocket.TextMessage, []byte(big)); err != nil {
				t.Fatal(err)
			}
			for {
				_, err := g.annWS.TryNext(5 * time.Second)
				if err == nil {
					continue
				}
				if !websocket.IsCloseError(err, websocket.CloseMessageTooBig) {
					t.Fatalf("closed with %v, want 1009", err)
				}
				break
			}
			if n, _ := g.srv.Store.CountOps(t.Context(), g.board); n != 0 {
				t.Fatal("oversize operation stored")
			}
		})
	}
}

func TestBadMessagesGetErrorFramesAndKeepTheConnection(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			g := newLiveGroup(t, b)
			cases := []struct{ frame, code string }{
				{`not json`, "bad_message"},
				{`[1,2]`, "bad_message"},
				{`{"board":"x"}`, "bad_message"},
				{`{"type":"dance"}`, "unknown_type"},
				{`{"type":"subscribe"}`, "bad_message"},
				{`{"type":"subscribe","board":"` + g.board + `","extra":1}`, "bad_message"},
				{`{"type":"subscribe","board":"` + g.board + `","since":"7"}`, "bad_message"},
				{`{"type":"subscribe","board":"` + g.board + `","since":-1}`, "bad_sequence"},
				{`{"type":"subscribe","board":"` + g.board + `","since":999}`, "bad_sequence"},
				{`{"type":"subscribe","board":"nope"}`, "not_found"},
				{`{"type":"op","board":"` + g.board + `","id":"has space","op":{"kind":"note.add"}}`, "bad_message"},
				{`{"type":"op","board":"` + g.board + `","id":"a1"}`, "bad_message"},
				{`{"type":"op","board":"` + g.board + `","id":"a2","op":{"id":"n"}}`, "bad_message"},
				{`{"type":"op","board":"` + g.board + `","id":"a3","op":{"kind":"note.fly"}}`, "invalid_op"},
				{`{"type":"op","board":"` + g.board + `","id":"a4","op":{"kind":"note.add","id":"n","lane":"nowhere","text":"x"}}`, "invalid_op"},
				{`{"type":"op","board":"` + g.board + `","id":"a5","op":{"kind":"note.edit","id":"missing","text":"x"}}`, "not_found"},
				{`{"type":"op","board":"` + g.board + `","id":"a6","op":{"kind":"note.add","id":"n","lane":"setting","text":"` + strings.Repeat("长", 501) + `"}}`, "limit"},
				{`{"type":"presence","board":"` + g.boardG2 + `","editing":null}`, "not_subscribed"},
				{`{"type":"op","board":"` + g.ws.ControlBoard + `","id":"a7","op":{"kind":"now.set","activity":"2.1"}}`, "forbidden"},
			}
			for _, c := range cases {
				if err := g.annWS.Conn.WriteMessage(websocket.TextMessage, []byte(c.frame)); err != nil {
					t.Fatal(err)
				}
				m := g.annWS.Expect("error")
				if m["code"] != c.code {
					t.Errorf("%s: got %v, want %s", c.frame, m, c.code)
				}
			}
			if n, _ := g.srv.Store.CountOps(t.Context(), g.board); n != 0 {
				t.Fatalf("%d operations stored from bad messages", n)
			}
			g.annWS.Op(g.board, "good", addNote("n1", "still connected"))
		})
	}
}

func TestClosedActivityRefusesParticipants(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			g := newLiveGroup(t, b)
			tws := g.trainer.Dial(g.ws.ID, "trainer")
			tws.Op(g.ws.ControlBoard, "close-11", map[string]any{"kind": "activity.close", "activity": "1.1"})
			res := g.annWS.OpResult(g.board, "late", addNote("n1", "too late"))
			if res["code"] != "activity_closed" {
				t.Fatalf("got %v", res)
			}
			// The trainer may still edit; reopening for group 1 lets the group in again.
			tws.Op(g.board, "coach-1", addNote("t1", "trainer's note"))
			tws.Op(g.ws.ControlBoard, "open-11", map[string]any{"kind": "activity.open", "activity": "1.1",
				"groups": []string{g.ws.Groups[0].ID}})
			g.annWS.Op(g.board, "back", addNote("n1", "open again"))
			if n, _ := g.srv.Store.CountOps(t.Context(), g.board); n != 2 {
				t.Fatalf("%d operations, want 2", n)
			}
		})
	}
}

func TestVotesReachEveryone(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			g := newLiveGroup(t, b)
			tws := g.trainer.Dial(g.ws.ID, "trainer")
			tws.Subscribe(g.board, -1)
			g.annWS.Op(g.board, "add", addNote("n1", "x"))
			g.bobWS.Op(g.board, "vote", map[string]any{"kind": "vote.add", "note": "n1"})
			for _, ws := range []*servertest.WS{g.annWS, tws} {
				ev, _ := ws.WaitOp(g.board, 2)
				ch := ev["changes"].([]any)[0].(map[string]any)
				path := fmt.Sprint(ch["path"])
				if !strings.HasPrefix(path, "[votes n1 ") || ch["value"].(float64) != 1 {
					t.Fatalf("vote change %v", ch)
				}
			}
		})
	}
}

func TestRateLimitRefusesAndAbuseCloses(t *testing.T) {
	b := storetest.Backends(t)[0]
	// The subscribe of newLiveGroup takes one token of the burst of 4.
	g := newLiveGroup(t, b, servertest.Options{Hub: realtime.Options{OpsPerSecond: 1, OpsBurst: 4, AbuseThreshold: 5}})
	for i := range 3 {
		g.annWS.Send(map[string]any{"type": "ping", "t": i})
	}
	for range 3 {
		g.annWS.Expect("pong")
	}
	g.annWS.Send(map[string]any{"type": "op", "board": g.board, "id": "too-fast", "op": addNote("n1", "x")})
	m := g.annWS.Expect("error")
	if m["code"] != "rate_limited" || m["id"] != "too-fast" || m["board"] != g.board {
		t.Fatalf("got %v", m)
	}
	// Hammering far past the limit closes the connection with 1008.
	for i := range 20 {
		if err := g.annWS.Conn.WriteJSON(map[string]any{"type": "ping", "t": i}); err != nil {
			break
		}
	}
	for {
		_, err := g.annWS.TryNext(5 * time.Second)
		if err == nil {
			continue
		}
		if !websocket.IsCloseError(err, websocket.ClosePolicyViolation) {
			t.Fatalf("closed with %v, want 1008", err)
		}
		break
	}
	if n, _ := g.srv.Store.CountOps(t.Context(), g.board); n != 0 {
		t.Fatal("rate-limited operation stored")
	}
}

// lossyBroker drops messages while drop is set, like a broker that loses
// messages while an instance is cut off.
type lossyBroker struct {
	*realtime.MemoryBroker
	mu   sync.Mutex
	drop bool
}

func (b *lossyBroker) Publish(ctx context.Context, topic string, msg []byte) error {
	b.mu.Lock()
	drop := b.drop
	b.mu.Unlock()
	if drop {
		return nil
	}
	return b.MemoryBroker.Publish(ctx, topic, msg)
}

func (b *lossyBroker) setDrop(d bool) {
	b.mu.Lock()
	b.drop = d
	b.mu.Unlock()
}

// Two instances share a database and a broker; members of one group sit on
// different instances. Messages the broker loses are repaired from the
// database: every member gets every operation once, in order.
func TestTwoInstancesRepairLostBrokerMessages(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			st := storetest.Open(t, b)
			broker := &lossyBroker{MemoryBroker: realtime.NewMemoryBroker()}
			one := servertest.StartOn(t, st, servertest.Options{Broker: broker})
			two := servertest.StartOn(t, st, servertest.Options{Broker: broker})
			tr := one.Trainer("李老师", "li@example.com")
			w := tr.CreateWorkshop(1)
			board := tr.Board(w.ID, "1.1", w.Groups[0].ID)
			ann, _ := servertest.Join(t, one.URL, w.JoinCode, "王芳", "")
			bob, _ := servertest.Join(t, two.URL, w.JoinCode, "张伟", "")
			annWS := ann.Dial(w.ID, "participant")
			bobWS := bob.Dial(w.ID, "participant")
			annWS.Subscribe(board, -1)
			bobWS.Subscribe(board, -1)

			annWS.Op(board, "a1", addNote("n1", "through the broker"))
			if ev, _ := bobWS.WaitOp(board, 1); ev["id"] != "a1" {
				t.Fatal(ev)
			}
			// The broker loses ann's next two operations …
			broker.setDrop(true)
			annWS.Op(board, "a2", addNote("n2", "lost 1"))
			annWS.Op(board, "a3", addNote("n3", "lost 2"))
			broker.setDrop(false)
			// … and the third reveals the gap: bob receives 2, 3, 4 in order.
			annWS.Op(board, "a4", addNote("n4", "reveals the gap"))
			for seq := int64(2); seq <= 4; seq++ {
				ev, before := bobWS.WaitOp(board, seq)
				for _, m := range before {
					if m["type"] == "op" {
						t.Fatalf("out of order before seq %d: %v", seq, m)
					}
				}
				if ev["id"] != fmt.Sprintf("a%d", seq) {
					t.Fatalf("seq %d is %v", seq, ev["id"])
				}
			}
			// A loss with nothing after it is repaired by a resync (what an
			// instance does when its broker connection returns).
			broker.setDrop(true)
			annWS.Op(board, "a5", addNote("n5", "lost, nothing follows"))
			broker.setDrop(false)
			if err := two.Hub.Resync(t.Context()); err != nil {
				t.Fatal(err)
			}
			if ev, _ := bobWS.WaitOp(board, 5); ev["id"] != "a5" {
				t.Fatal(ev)
			}
			// Bob writes through instance two; ann on instance one sees it.
			bobWS.Op(board, "b6", addNote("n6", "from instance two"))
			if ev, _ := annWS.WaitOp(board, 6); ev["id"] != "b6" {
				t.Fatal(ev)
			}
		})
	}
}
