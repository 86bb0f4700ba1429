package exercises

import (
	"strings"
	"testing"
)

func TestReflectionAnswersAndActions(t *testing.T) {
	b := newBoard(t, "reflection", builtinConfig(t, "2.3"))
	k, _ := Lookup("reflection")
	if !k.Private || !k.OwnerOnly {
		t.Fatal("reflection must be private to its owner")
	}
	me := participant("ann", "g1")
	s := b.state.(*ReflectionState)
	if p := ProgressOf(s); p.Missing != 2 {
		t.Fatalf("progress %+v", p)
	}
	b.must(me, `{"kind":"answer.set","prompt":"insight","text":"周会要看过程，不只看结果"}`)
	b.must(me, `{"kind":"answer.set","prompt":"insight","text":"周会要看过程，不只看结果。月会再看结果。"}`)
	b.must(me, `{"kind":"action.add","id":"a1","text":"下周一把周会议程改成五项","due":"2026-12-07"}`)
	b.must(me, `{"kind":"action.add","id":"a2","text":"和每个销售对一次漏斗"}`)
	b.must(me, `{"kind":"action.edit","id":"a2","text":"和每个销售对一次漏斗","due":"2026-12-15"}`)
	b.must(me, `{"kind":"action.done","id":"a1","done":true}`)
	for _, c := range []struct{ op, code string }{
		{`{"kind":"answer.set","prompt":"nope","text":"x"}`, CodeInvalidOp},
		{`{"kind":"answer.set","prompt":"change","text":""}`, CodeConflict},
		{`{"kind":"answer.set","prompt":"change","text":"` + strings.Repeat("长", MaxLongText+1) + `"}`, CodeLimit},
		{`{"kind":"action.add","id":"a1","text":"again"}`, CodeConflict},
		{`{"kind":"action.add","id":"a3","text":"x","due":"soon"}`, CodeInvalidOp},
		{`{"kind":"action.edit","id":"a9","text":"x","due":""}`, CodeNotFound},
		{`{"kind":"action.done","id":"a9","done":true}`, CodeNotFound},
		{`{"kind":"note.add","id":"n1","lane":"a","text":"x"}`, CodeInvalidOp},
	} {
		b.refused(me, c.op, c.code)
	}
	// Nobody else writes it — not even a trainer.
	b.refused(trainer("t"), `{"kind":"answer.set","prompt":"change","text":"x"}`, CodeForbidden)
	if err := b.applyCtx(&Context{Actor: participant("vic", "g2"), Visiting: true}, `{"kind":"action.delete","id":"a1"}`); err == nil {
		t.Fatal("a visitor changed a reflection")
	}
	var plan ActionPlan
	plan.Add("2.3", s, "ann")
	plan.Sort()
	if len(plan.Insights) != 1 || plan.Insights[0].Prompt.ZH != "对我最大的启发" || len(plan.Actions) != 2 ||
		plan.Actions[0].Due != "2026-12-07" || !plan.Actions[0].Done {
		t.Fatalf("action plan %+v", plan)
	}
	b.must(me, `{"kind":"answer.set","prompt":"insight","text":"  "}`)
	b.must(me, `{"kind":"action.delete","id":"a2"}`)
	if len(s.Answers) != 0 || len(s.Actions) != 1 {
		t.Fatalf("after clearing %+v", s)
	}
	// Without actions, a reflection takes answers only.
	plain := newBoard(t, "reflection", "")
	plain.must(me, `{"kind":"answer.set","prompt":"reflection","text":"x"}`)
	plain.refused(me, `{"kind":"action.add","id":"a1","text":"x"}`, CodeInvalidOp)
}

func TestNotesAsActionsFeedTheActionPlan(t *testing.T) {
	b := newBoard(t, "notes", builtinConfig(t, "2.2"))
	ann := participant("ann", "g1")
	b.must(ann, `{"kind":"note.add","id":"n1","lane":"checks","text":"周会固定看拜访计划表"}`)
	b.must(ann, `{"kind":"vote.add","note":"n1"}`)
	s := b.state.(*NotesState)
	if p := ProgressOf(s); p.Missing != 1 {
		t.Fatalf("a voted action without owner is missing: %+v", p)
	}
	b.must(ann, `{"kind":"note.assign","id":"n1","owner":{"id":"bob","name":"张伟"},"due":"2026-12-10"}`)
	b.refused(ann, `{"kind":"note.assign","id":"n1","owner":{"id":"bob","name":""},"due":""}`, CodeInvalidOp)
	b.refused(ann, `{"kind":"note.assign","id":"n1","owner":null,"due":"tomorrow"}`, CodeInvalidOp)
	if p := ProgressOf(s); p.Missing != 0 {
		t.Fatalf("progress %+v", p)
	}
	var plan ActionPlan
	plan.Add("2.2", s, "bob")
	if len(plan.Actions) != 1 || plan.Actions[0].Source != "notes" || plan.Actions[0].Due != "2026-12-10" {
		t.Fatalf("plan %+v", plan)
	}
	b.must(ann, `{"kind":"note.assign","id":"n1","owner":null,"due":""}`)
	if n := s.Notes["n1"]; n.Owner != nil || n.Due != "" {
		t.Fatalf("unassigned note %+v", n)
	}
	// A notes board without actions refuses assignments.
	plain := newBoard(t, "notes", twoLanes)
	plain.must(ann, `{"kind":"note.add","id":"n1","lane":"a","text":"x"}`)
	plain.refused(ann, `{"kind":"note.assign","id":"n1","owner":null,"due":""}`, CodeInvalidOp)
}
