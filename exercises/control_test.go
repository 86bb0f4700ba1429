package exercises

import (
	"encoding/json"
	"testing"
)

func controlBoard(t *testing.T) (*board, *Room) {
	b := newBoard(t, ControlKind, `{"now":"1.1"}`)
	return b, &Room{
		Activities: map[string]bool{"1.1": true, "1.2": true},
		Groups:     map[string]bool{"g1": true, "g2": true},
	}
}

func TestControlAgenda(t *testing.T) {
	b, room := controlBoard(t)
	s := b.state.(*ControlState)
	tr := trainer("t")
	if s.Now != "1.1" || !s.Open["1.1"].Has("g2") {
		t.Fatalf("initial control %+v", s)
	}
	if err := b.applyCtx(&Context{Actor: tr, Room: room}, `{"kind":"activity.open","activity":"1.2","groups":["g2","g2"]}`); err != nil {
		t.Fatal(err)
	}
	if o := s.Open["1.2"]; o.All || len(o.Groups) != 1 || !o.Has("g2") || o.Has("g1") {
		t.Fatalf("opening %+v", o)
	}
	if err := s.CheckWrite(participant("p", "g1"), "1.2", "g1"); err == nil {
		t.Fatal("group 1 may write an activity opened only for group 2")
	}
	if err := s.CheckWrite(participant("p", "g2"), "1.2", "g2"); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckWrite(tr, "1.2", "g1"); err != nil {
		t.Fatalf("trainer refused: %v", err)
	}
	if err := b.applyCtx(&Context{Actor: tr, Room: room}, `{"kind":"now.set","activity":"1.2"}`); err != nil {
		t.Fatal(err)
	}
	if s.Now != "1.2" || s.Open["1.2"].All {
		t.Fatalf("now.set must keep an existing opening: %+v", s.Open["1.2"])
	}
	if err := b.applyCtx(&Context{Actor: tr, Room: room}, `{"kind":"activity.close","activity":"1.1"}`); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckWrite(participant("p", "g1"), "1.1", "g1"); err == nil {
		t.Fatal("closed activity still writable")
	}
}

func TestControlRefusals(t *testing.T) {
	b, room := controlBoard(t)
	cases := []struct {
		name  string
		actor Actor
		op    string
		code  string
	}{
		{"participant", participant("p", "g1"), `{"kind":"now.set","activity":"1.2"}`, CodeForbidden},
		{"unknown activity", trainer("t"), `{"kind":"now.set","activity":"9.9"}`, CodeNotFound},
		{"unknown group", trainer("t"), `{"kind":"activity.open","activity":"1.2","groups":["gx"]}`, CodeNotFound},
		{"close closed", trainer("t"), `{"kind":"activity.close","activity":"1.2"}`, CodeConflict},
		{"unknown op", trainer("t"), `{"kind":"party"}`, CodeInvalidOp},
	}
	for _, c := range cases {
		err := b.applyCtx(&Context{Actor: c.actor, Room: room}, c.op)
		oe, ok := AsOpError(err)
		if !ok || oe.Code != c.code {
			t.Errorf("%s: got %v, want %s", c.name, err, c.code)
		}
	}
}

func TestControlShowsAttachedCases(t *testing.T) {
	b, room := controlBoard(t)
	room.Cases = map[string]bool{"elevator-maintenance-iceberg": true}
	s := b.state.(*ControlState)
	tr := &Context{Actor: trainer("t"), Room: room}
	if err := b.applyCtx(tr, `{"kind":"case.show","case":"elevator-maintenance-iceberg"}`); err != nil {
		t.Fatal(err)
	}
	if s.Case != "elevator-maintenance-iceberg" {
		t.Fatalf("case %q", s.Case)
	}
	refusals := []struct {
		name string
		ctx  *Context
		op   string
		code string
	}{
		{"participant", &Context{Actor: participant("p", "g1"), Room: room}, `{"kind":"case.hide"}`, CodeForbidden},
		{"not attached", tr, `{"kind":"case.show","case":"sales-data-analysis"}`, CodeNotFound},
		{"no case", tr, `{"kind":"case.show"}`, CodeNotFound},
		{"extra field", tr, `{"kind":"case.hide","case":"x"}`, CodeInvalidOp},
	}
	for _, r := range refusals {
		err := b.applyCtx(r.ctx, r.op)
		if oe, ok := AsOpError(err); !ok || oe.Code != r.code {
			t.Errorf("%s: got %v, want %s", r.name, err, r.code)
		}
	}
	if err := b.applyCtx(tr, `{"kind":"case.hide"}`); err != nil {
		t.Fatal(err)
	}
	if s.Case != "" {
		t.Fatal("case still shown")
	}
	if err := b.applyCtx(tr, `{"kind":"case.hide"}`); err == nil {
		t.Fatal("hid a case twice")
	}
}

func TestBuiltinCurriculumIsValid(t *testing.T) {
	c := Builtin()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(c.Modules) != 6 {
		t.Fatalf("%d modules", len(c.Modules))
	}
	_, a, ok := c.Activity("1.1")
	if !ok || a.Template != "notes" || a.Question.ZH != "为什么年初定的目标完不成？" {
		t.Fatalf("activity 1.1: %+v", a)
	}
	// A copy is independent of the embedded original.
	c.Modules[0].Title.ZH = "changed"
	if Builtin().Modules[0].Title.ZH == "changed" {
		t.Fatal("built-in curriculum changed through a copy")
	}
	raw, _ := json.Marshal(c)
	var back Curriculum
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
}
