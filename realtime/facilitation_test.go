package realtime_test

import (
	"fmt"
	"testing"
	"time"

	"playbook/server/servertest"
	"playbook/store/storetest"
)

// facilitated is a workshop with two groups: ann and bob in group 1, carl in
// group 2, a trainer, each with a websocket; everyone follows the control board.
type facilitated struct {
	srv             *servertest.Server
	trainer         *servertest.Client
	ws              *servertest.Workshop
	g1, g2          string
	ann, carl       *servertest.Client
	annView         *servertest.View
	tWS, annWS, cWS *servertest.WS
	b1, b2          string // activity 1.1, groups 1 and 2
}

func newFacilitated(t *testing.T, b storetest.Backend) *facilitated {
	srv := servertest.Start(t, b)
	tr := srv.Trainer("李老师", "li@example.com")
	w := tr.CreateWorkshop(2)
	f := &facilitated{srv: srv, trainer: tr, ws: w, g1: w.Groups[0].ID, g2: w.Groups[1].ID}
	f.b1, f.b2 = tr.Board(w.ID, "1.1", f.g1), tr.Board(w.ID, "1.1", f.g2)
	f.ann, f.annView = srv.Join(w.JoinCode, "王芳", f.g1)
	f.carl, _ = srv.Join(w.JoinCode, "陈刚", f.g2)
	f.tWS = tr.Dial(w.ID, "trainer")
	f.annWS = f.ann.Dial(w.ID, "participant")
	f.cWS = f.carl.Dial(w.ID, "participant")
	for _, ws := range []*servertest.WS{f.tWS, f.annWS, f.cWS} {
		ws.Subscribe(w.ControlBoard, -1)
	}
	f.annWS.Subscribe(f.b1, -1)
	f.cWS.Subscribe(f.b2, -1)
	return f
}

var opSeq int

func (f *facilitated) control(t *testing.T, op map[string]any) {
	t.Helper()
	opSeq++
	f.tWS.Op(f.ws.ControlBoard, fmt.Sprintf("ctl-%d", opSeq), op)
}

// refusedAndNothingStored sends op as ws and checks the error code and that
// the board's stored operations did not change.
func refusedAndNothingStored(t *testing.T, srv *servertest.Server, ws *servertest.WS, board, id string, op map[string]any, code string) {
	t.Helper()
	before, _ := srv.Store.CountOps(t.Context(), board)
	res := ws.OpResult(board, id, op)
	if res["type"] != "error" || res["code"] != code {
		t.Fatalf("%s: got %v, want error %s", op["kind"], res, code)
	}
	if after, _ := srv.Store.CountOps(t.Context(), board); after != before {
		t.Fatalf("%s was refused but %d operations were stored", op["kind"], after-before)
	}
}

func vote(note string) map[string]any { return map[string]any{"kind": "vote.add", "note": note} }

func TestTimerDeadlineSurvivesAReconnect(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := newFacilitated(t, b)
			start := time.Now().UTC()
			f.control(t, map[string]any{"kind": "timer.start", "activity": "1.1", "seconds": 600})
			ev := f.annWS.Expect("op")
			ch := ev["changes"].([]any)[0].(map[string]any)
			if ch["path"].([]any)[0] != "timers" {
				t.Fatalf("participant got %v", ev)
			}
			// The phone sleeps and comes back: a fresh snapshot carries the deadline.
			f.annWS.Conn.Close()
			again := f.ann.Dial(f.ws.ID, "participant")
			snap := snapshotOf(again.Subscribe(f.ws.ControlBoard, -1), f.ws.ControlBoard)
			timer := snap["state"].(map[string]any)["timers"].(map[string]any)["1.1"].(map[string]any)
			end, err := time.Parse(time.RFC3339, timer["ends_at"].(string))
			if err != nil {
				t.Fatal(err)
			}
			if d := end.Sub(start); d < 599*time.Second || d > 605*time.Second {
				t.Fatalf("deadline %v is %v after the start, want 600 s", end, d)
			}
			serverTime, _ := time.Parse(time.RFC3339Nano, again.Welcome["server_time"].(string))
			if left := end.Sub(serverTime); left <= 590*time.Second || left > 600*time.Second {
				t.Fatalf("a reconnecting phone would show %v left", left)
			}
		})
	}
}

func TestLockedBoardAndClosedActivityStoreNothing(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := newFacilitated(t, b)
			f.annWS.Op(f.b1, "before-lock", addNote("n1", "目标拍脑袋"))
			f.control(t, map[string]any{"kind": "board.lock", "activity": "1.1", "groups": []string{f.g1}})
			refusedAndNothingStored(t, f.srv, f.annWS, f.b1, "locked-add", addNote("n2", "too late"), "board_locked")
			refusedAndNothingStored(t, f.srv, f.annWS, f.b1, "locked-vote", vote("n1"), "board_locked")
			// Group 2's board is not locked.
			f.cWS.Op(f.b2, "g2-add", addNote("m1", "没有过程管控"))
			// The trainer still edits a locked board (to tidy it for sharing).
			f.tWS.Op(f.b1, "trainer-edit", map[string]any{"kind": "note.edit", "id": "n1", "text": "目标是拍脑袋定的"})
			f.control(t, map[string]any{"kind": "board.unlock", "activity": "1.1"})
			f.annWS.Op(f.b1, "after-unlock", addNote("n2", "now fine"))

			// Activity 1.4 is open for group 2 only.
			t14g1, t14g2 := f.trainer.Board(f.ws.ID, "1.4", f.g1), f.trainer.Board(f.ws.ID, "1.4", f.g2)
			f.control(t, map[string]any{"kind": "activity.open", "activity": "1.4", "groups": []string{f.g2}})
			row := map[string]any{"kind": "row.add", "id": "r1", "cells": map[string]any{"value": "24 小时到场", "strength": 4}}
			refusedAndNothingStored(t, f.srv, f.annWS, t14g1, "closed-row", row, "activity_closed")
			f.cWS.Op(t14g2, "open-row", row)
			// A bad cell on an open board is refused the same way.
			refusedAndNothingStored(t, f.srv, f.cWS, t14g2, "bad-cell", map[string]any{"kind": "cell.set", "row": "r1", "column": "strength", "value": 9}, "invalid_op")
			// Facilitation is the trainer's.
			refusedAndNothingStored(t, f.srv, f.annWS, f.ws.ControlBoard, "grab", map[string]any{"kind": "board.unlock", "activity": "1.1"}, "forbidden")
		})
	}
}

func TestGalleryWalkOpensOtherBoardsForVotesOnly(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := newFacilitated(t, b)
			f.annWS.Op(f.b1, "a1", addNote("n1", "目标脱离市场"))
			f.cWS.Op(f.b2, "c1", addNote("m1", "没有分解到人"))
			f.control(t, map[string]any{"kind": "board.lock", "activity": "1.1"})

			// Before the walk, group 2's board is closed to group 1.
			if m := subResult(f.annWS.Subscribe(f.b2, -1)); m["code"] != "forbidden" {
				t.Fatalf("subscribe before the walk: %v", m)
			}
			refusedAndNothingStored(t, f.srv, f.annWS, f.b2, "early-vote", vote("m1"), "forbidden")

			f.control(t, map[string]any{"kind": "gallery.start", "activity": "1.1"})
			snap := snapshotOf(f.annWS.Subscribe(f.b2, -1), f.b2)
			if snap == nil || snap["group"] != f.g2 {
				t.Fatalf("subscribe during the walk: %v", snap)
			}
			// Ann (group 1) votes on group 2's note; carl sees it live.
			ack := f.annWS.Op(f.b2, "visit-vote", vote("m1"))
			ev, _ := f.cWS.WaitOp(f.b2, seqOf(ack))
			if ev["actor"].(map[string]any)["name"] != "王芳" {
				t.Fatalf("carl got %v", ev)
			}
			// Visitors only vote (and comment): no new notes, no edits.
			refusedAndNothingStored(t, f.srv, f.annWS, f.b2, "visit-add", addNote("x1", "mine"), "forbidden")
			refusedAndNothingStored(t, f.srv, f.annWS, f.b2, "visit-edit", map[string]any{"kind": "note.edit", "id": "m1", "text": "changed"}, "forbidden")
			f.annWS.Op(f.b2, "visit-comment", map[string]any{"kind": "comment.add", "id": "k1", "item": "m1", "text": "我们也有这个问题"})
			// Her own locked board takes votes during the walk, nothing else.
			f.annWS.Op(f.b1, "own-vote", vote("n1"))
			refusedAndNothingStored(t, f.srv, f.annWS, f.b1, "own-add", addNote("n9", "sneaked in"), "forbidden")

			// The walk ends: the subscription ends and votes are refused again.
			f.control(t, map[string]any{"kind": "gallery.stop"})
			deadline := time.Now().Add(5 * time.Second)
			for {
				m := f.annWS.Next(time.Until(deadline))
				if m["type"] == "unsubscribed" {
					if m["board"] != f.b2 || m["reason"] != "gallery_ended" {
						t.Fatalf("unsubscribed %v", m)
					}
					break
				}
			}
			refusedAndNothingStored(t, f.srv, f.annWS, f.b2, "late-vote", vote("m1"), "forbidden")
			if m := subResult(f.annWS.Subscribe(f.b2, -1)); m["code"] != "forbidden" {
				t.Fatalf("subscribe after the walk: %v", m)
			}
		})
	}
}

func TestReflectionsArePrivateEvenFromTrainers(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := newFacilitated(t, b)
			mine := f.annView.Boards["2.3"]
			if mine == "" {
				t.Fatalf("ann has no reflection board: %v", f.annView.Boards)
			}
			f.control(t, map[string]any{"kind": "activity.open", "activity": "2.3"})
			f.annWS.Subscribe(mine, -1)
			f.annWS.Op(mine, "r1", map[string]any{"kind": "answer.set", "prompt": "insight", "text": "周会要看过程"})
			if m := subResult(f.tWS.Subscribe(mine, -1)); m["code"] != "forbidden" {
				t.Fatalf("trainer subscribed to a reflection: %v", m)
			}
			refusedAndNothingStored(t, f.srv, f.tWS, mine, "t-write", map[string]any{"kind": "answer.set", "prompt": "insight", "text": "x"}, "forbidden")
			if m := subResult(f.cWS.Subscribe(mine, -1)); m["code"] != "forbidden" {
				t.Fatalf("another participant subscribed to a reflection: %v", m)
			}
		})
	}
}

func TestTrainerCommentsReachTheGroupLive(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := newFacilitated(t, b)
			f.annWS.Op(f.b1, "a1", addNote("n1", "考核只看结果"))
			f.tWS.Subscribe(f.b1, -1)
			ack := f.tWS.Op(f.b1, "coach-1", map[string]any{"kind": "comment.add", "id": "k1", "item": "n1", "text": "结果量之外，过程量怎么考核？"})
			ev, _ := f.annWS.WaitOp(f.b1, seqOf(ack))
			ch := ev["changes"].([]any)[0].(map[string]any)
			if ch["value"].(map[string]any)["author"].(map[string]any)["kind"] != "trainer" {
				t.Fatalf("ann got %v", ev)
			}
			refusedAndNothingStored(t, f.srv, f.annWS, f.b1, "edit-coach", map[string]any{"kind": "comment.edit", "id": "k1", "text": "x"}, "forbidden")
			// Broadcast and spotlight reach everyone through the control board.
			f.control(t, map[string]any{"kind": "broadcast.send", "text": "还有 5 分钟"})
			f.control(t, map[string]any{"kind": "spotlight.set", "activity": "1.1", "group": f.g2})
			for _, want := range []string{"broadcast", "spotlight"} {
				for {
					m := f.cWS.Expect("op")
					if m["board"] == f.ws.ControlBoard && m["changes"].([]any)[0].(map[string]any)["path"].([]any)[0] == want {
						break
					}
				}
			}
		})
	}
}

// subResult is the message that ended a subscribe: "subscribed" or an error.
func subResult(msgs []map[string]any) map[string]any { return msgs[len(msgs)-1] }

// snapshotOf finds the snapshot of board among a subscribe's messages.
func snapshotOf(msgs []map[string]any, board string) map[string]any {
	for _, m := range msgs {
		if m["type"] == "snapshot" && m["board"] == board {
			return m
		}
	}
	return nil
}
