package exercises

import (
	"testing"
	"time"
)

func facilitationBoard(t *testing.T) (*board, *Room, *ControlState) {
	b, _ := controlBoard(t)
	room := NewRoom(Builtin(), []string{"g1", "g2", "g3"})
	return b, room, b.state.(*ControlState)
}

func (b *board) trainerOp(room *Room, op string) error {
	b.t.Helper()
	return b.applyCtx(&Context{Actor: trainer("t"), Room: room}, op)
}

func (b *board) trainerMust(room *Room, op string) {
	b.t.Helper()
	if err := b.trainerOp(room, op); err != nil {
		b.t.Fatalf("%s: %v", op, err)
	}
}

func (b *board) trainerRefused(room *Room, op, code string) {
	b.t.Helper()
	err := b.trainerOp(room, op)
	if oe, _ := AsOpError(err); oe == nil || oe.Code != code {
		b.t.Fatalf("%s: %v, want %s", op, err, code)
	}
}

func TestControlTimerKeepsItsDeadline(t *testing.T) {
	b, room, s := facilitationBoard(t)
	// The harness commits at 09:00:00 UTC.
	b.trainerMust(room, `{"kind":"timer.start","activity":"1.1","seconds":1200}`)
	if tm := s.Timers["1.1"]; tm.EndsAt != "2026-11-26T09:20:00.000Z" || tm.Paused || tm.Seconds != 1200 {
		t.Fatalf("timer %+v", tm)
	}
	b.trainerMust(room, `{"kind":"timer.add","activity":"1.1","seconds":300}`)
	if s.Timers["1.1"].EndsAt != "2026-11-26T09:25:00.000Z" {
		t.Fatalf("after +5 min %+v", s.Timers["1.1"])
	}
	b.trainerMust(room, `{"kind":"timer.pause","activity":"1.1"}`)
	if tm := s.Timers["1.1"]; !tm.Paused || tm.RemainingMS != 25*60*1000 || tm.EndsAt != "" {
		t.Fatalf("paused %+v", tm)
	}
	b.trainerMust(room, `{"kind":"timer.add","activity":"1.1","seconds":-600}`)
	b.trainerMust(room, `{"kind":"timer.resume","activity":"1.1"}`)
	if tm := s.Timers["1.1"]; tm.EndsAt != "2026-11-26T09:15:00.000Z" || tm.Paused {
		t.Fatalf("resumed %+v", tm)
	}
	b.trainerMust(room, `{"kind":"timer.add","activity":"1.1","seconds":-3600}`)
	if s.Timers["1.1"].EndsAt != "2026-11-26T09:00:00.000Z" {
		t.Fatalf("a timer never ends before now: %+v", s.Timers["1.1"])
	}
	for _, c := range []struct{ op, code string }{
		{`{"kind":"timer.start","activity":"1.1","seconds":0}`, CodeInvalidOp},
		{`{"kind":"timer.start","activity":"1.1","seconds":99999}`, CodeInvalidOp},
		{`{"kind":"timer.start","activity":"9.9","seconds":60}`, CodeNotFound},
		{`{"kind":"timer.pause","activity":"1.2"}`, CodeConflict},
		{`{"kind":"timer.resume","activity":"1.1"}`, CodeConflict},
		{`{"kind":"timer.add","activity":"1.1","seconds":0}`, CodeInvalidOp},
		{`{"kind":"timer.pause","activity":"1.1","seconds":5}`, CodeInvalidOp},
	} {
		b.trainerRefused(room, c.op, c.code)
	}
	b.trainerMust(room, `{"kind":"timer.stop","activity":"1.1"}`)
	if _, ok := s.Timers["1.1"]; ok {
		t.Fatal("stopped timer kept")
	}
	end, _ := time.Parse(time.RFC3339, "2026-11-26T09:20:00Z")
	if end.IsZero() {
		t.Fatal("deadline format unreadable")
	}
}

func TestControlLocksBoards(t *testing.T) {
	b, room, s := facilitationBoard(t)
	p1, p2 := participant("a", "g1"), participant("b", "g2")
	b.trainerMust(room, `{"kind":"activity.open","activity":"1.1"}`)
	b.trainerMust(room, `{"kind":"board.lock","activity":"1.1","groups":["g2"]}`)
	if err := s.CheckWrite(p2, "1.1", "g2"); err == nil || err.(*OpError).Code != CodeLocked {
		t.Fatalf("locked board written: %v", err)
	}
	if err := s.CheckWrite(p1, "1.1", "g1"); err != nil {
		t.Fatalf("unlocked group refused: %v", err)
	}
	if err := s.CheckWrite(trainer("t"), "1.1", "g2"); err != nil {
		t.Fatalf("trainer refused on a locked board: %v", err)
	}
	b.trainerRefused(room, `{"kind":"board.lock","activity":"1.1","groups":["g2"]}`, CodeConflict)
	b.trainerMust(room, `{"kind":"board.lock","activity":"1.1"}`)
	if !s.Locked("1.1", "g1") || !s.Locked("1.1", "g3") {
		t.Fatal("lock for all")
	}
	b.trainerRefused(room, `{"kind":"board.lock","activity":"1.1"}`, CodeConflict)
	// Unlocking one group of an all-lock keeps the others locked.
	b.trainerMust(room, `{"kind":"board.unlock","activity":"1.1","groups":["g1"]}`)
	if s.Locked("1.1", "g1") || !s.Locked("1.1", "g2") || !s.Locked("1.1", "g3") || s.Locks["1.1"].All {
		t.Fatalf("locks %+v", s.Locks["1.1"])
	}
	b.trainerRefused(room, `{"kind":"board.unlock","activity":"1.1","groups":["g1"]}`, CodeConflict)
	b.trainerRefused(room, `{"kind":"board.lock","activity":"1.1","groups":["gx"]}`, CodeNotFound)
	b.trainerMust(room, `{"kind":"board.unlock","activity":"1.1"}`)
	b.trainerRefused(room, `{"kind":"board.unlock","activity":"1.1"}`, CodeConflict)
	if s.Locked("1.1", "g2") {
		t.Fatal("unlock all")
	}
	// A closed activity is refused as closed even when locked.
	b.trainerMust(room, `{"kind":"board.lock","activity":"1.2"}`)
	if err := s.CheckWrite(p1, "1.2", "g1"); err == nil || err.(*OpError).Code != CodeActivityClosed {
		t.Fatalf("closed and locked: %v", err)
	}
}

func TestControlAgendaNowAndOrder(t *testing.T) {
	b, room, s := facilitationBoard(t)
	b.trainerMust(room, `{"kind":"now.set","block":"b01"}`) // a lecture: "now" keeps the activity
	if s.NowBlock != "b01" || s.Now != "1.1" {
		t.Fatalf("now %q block %q", s.Now, s.NowBlock)
	}
	b.trainerMust(room, `{"kind":"now.set","block":"b06"}`) // activity 1.2
	if s.Now != "1.2" || !s.Open["1.2"].All {
		t.Fatalf("now %q open %+v", s.Now, s.Open)
	}
	b.trainerMust(room, `{"kind":"now.set","activity":"1.4"}`)
	if s.NowBlock != "b10" {
		t.Fatalf("now.set by activity puts the marker on its block, got %q", s.NowBlock)
	}
	b.trainerRefused(room, `{"kind":"now.set","block":"zz"}`, CodeNotFound)
	b.trainerRefused(room, `{"kind":"now.set","block":"b01","activity":"1.1"}`, CodeInvalidOp)
	// Drag the case block b05 to the start of day 2, then back.
	b.trainerMust(room, `{"kind":"agenda.move","block":"b05","day":1,"index":0}`)
	if s.Order[1][0] != "b05" || len(s.Order[0]) != len(room.Agenda[0])-1 || len(s.Order[1]) != len(room.Agenda[1])+1 {
		t.Fatalf("order %v", s.Order)
	}
	b.trainerMust(room, `{"kind":"agenda.move","block":"b05","day":0,"index":4}`)
	if s.Order[0][4] != "b05" {
		t.Fatalf("order %v", s.Order[0])
	}
	for _, c := range []struct{ op, code string }{
		{`{"kind":"agenda.move","block":"zz","day":0,"index":0}`, CodeNotFound},
		{`{"kind":"agenda.move","block":"b05","day":2,"index":0}`, CodeInvalidOp},
		{`{"kind":"agenda.move","block":"b05","day":0,"index":99}`, CodeInvalidOp},
	} {
		b.trainerRefused(room, c.op, c.code)
	}
	b.trainerMust(room, `{"kind":"agenda.reset"}`)
	b.trainerRefused(room, `{"kind":"agenda.reset"}`, CodeConflict)
}

func TestControlBroadcastSpotlightGallery(t *testing.T) {
	b, room, s := facilitationBoard(t)
	b.trainerMust(room, `{"kind":"broadcast.send","text":"  还有 5 分钟，请准备分享  "}`)
	if s.Broadcast.Text != "还有 5 分钟，请准备分享" || s.Broadcast.At == "" {
		t.Fatalf("broadcast %+v", s.Broadcast)
	}
	b.trainerRefused(room, `{"kind":"broadcast.send","text":""}`, CodeInvalidOp)
	b.trainerMust(room, `{"kind":"broadcast.clear"}`)
	b.trainerRefused(room, `{"kind":"broadcast.clear"}`, CodeConflict)
	b.trainerMust(room, `{"kind":"spotlight.set","activity":"1.1","group":"g2"}`)
	if s.Spotlight.Group != "g2" {
		t.Fatalf("spotlight %+v", s.Spotlight)
	}
	b.trainerRefused(room, `{"kind":"spotlight.set","activity":"1.1","group":"g9"}`, CodeNotFound)
	b.trainerMust(room, `{"kind":"spotlight.clear"}`)
	b.trainerMust(room, `{"kind":"gallery.start","activity":"1.1"}`)
	if !s.GalleryOn("1.1") || s.GalleryOn("1.2") {
		t.Fatal("gallery")
	}
	b.trainerMust(room, `{"kind":"gallery.stop"}`)
	b.trainerRefused(room, `{"kind":"gallery.stop"}`, CodeConflict)
	b.trainerRefused(room, `{"kind":"gallery.start","activity":"9.9"}`, CodeNotFound)
	// Participants run none of it.
	for _, op := range []string{`{"kind":"timer.start","activity":"1.1","seconds":60}`, `{"kind":"board.unlock","activity":"1.1"}`,
		`{"kind":"gallery.start","activity":"1.1"}`, `{"kind":"broadcast.send","text":"hi"}`, `{"kind":"agenda.reset"}`} {
		err := b.applyCtx(&Context{Actor: participant("p", "g1"), Room: room}, op)
		if oe, _ := AsOpError(err); oe == nil || oe.Code != CodeForbidden {
			t.Errorf("participant %s: %v", op, err)
		}
	}
}
