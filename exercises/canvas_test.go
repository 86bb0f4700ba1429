package exercises

import (
	"encoding/json"
	"testing"
)

func builtinConfig(t *testing.T, activity string) string {
	t.Helper()
	_, a, ok := Builtin().Activity(activity)
	if !ok {
		t.Fatalf("no activity %s", activity)
	}
	return string(a.Config)
}

func TestCanvasNeedsIceberg(t *testing.T) {
	b := newBoard(t, "canvas", builtinConfig(t, "4.2"))
	s := b.state.(*CanvasState)
	if s.Picture != PictureIceberg || len(s.Zones) != 5 || s.Counts["decision"] != 0 {
		t.Fatalf("iceberg %+v", s)
	}
	if p := ProgressOf(s); p.Missing != 5 {
		t.Fatalf("empty iceberg: %+v, want every zone missing", p)
	}
	ann := participant("ann", "g1")
	b.must(ann, `{"kind":"note.add","id":"n1","zone":"explicit","text":"半年内不停梯","tag":"need"}`)
	b.must(ann, `{"kind":"note.add","id":"n2","zone":"explicit","text":"您最担心哪栋楼出故障？","tag":"question"}`)
	b.must(ann, `{"kind":"note.add","id":"n3","zone":"risks","text":"业主投诉"}`)
	if s.Counts["explicit"] != 2 || s.Counts["risks"] != 1 {
		t.Fatalf("counts %v", s.Counts)
	}
	b.must(ann, `{"kind":"note.move","id":"n1","zone":"business","pos":3}`)
	if s.Counts["explicit"] != 1 || s.Counts["business"] != 1 || s.Notes["n1"].Pos != 3 {
		t.Fatalf("after move counts %v", s.Counts)
	}
	b.must(ann, `{"kind":"note.move","id":"n1","zone":"business"}`) // same zone: counts unchanged
	b.must(ann, `{"kind":"note.tag","id":"n3","tag":"need"}`)
	b.must(ann, `{"kind":"note.tag","id":"n3","tag":""}`)
	b.must(ann, `{"kind":"note.delete","id":"n2"}`)
	if s.Counts["explicit"] != 0 {
		t.Fatalf("after delete counts %v", s.Counts)
	}
	if p := ProgressOf(s); p.Items != 2 || p.Missing != 3 {
		t.Fatalf("progress %+v, want 2 notes and 3 zones missing", p)
	}
	for _, c := range []struct{ op, code string }{
		{`{"kind":"note.add","id":"n9","zone":"sky","text":"x"}`, CodeInvalidOp},
		{`{"kind":"note.add","id":"n9","zone":"risks","text":"x","tag":"colour"}`, CodeInvalidOp},
		{`{"kind":"note.add","id":"n1","zone":"risks","text":"x"}`, CodeConflict},
		{`{"kind":"note.add","id":"n9","zone":"risks","text":" "}`, CodeInvalidOp},
		{`{"kind":"note.move","id":"n1","zone":"sky"}`, CodeInvalidOp},
		{`{"kind":"note.edit","id":"zz","text":"x"}`, CodeNotFound},
		{`{"kind":"note.tag","id":"n1","tag":"zz"}`, CodeInvalidOp},
		{`{"kind":"note.merge","id":"n1","into":"n3"}`, CodeInvalidOp},
	} {
		b.refused(ann, c.op, c.code)
	}
}

func TestCanvasConcurrentEditsResolveBySequence(t *testing.T) {
	b := newBoard(t, "canvas", builtinConfig(t, "6.1"))
	ann, bob := participant("ann", "g1"), participant("bob", "g1")
	b.must(ann, `{"kind":"note.add","id":"n1","zone":"traits","text":"抗压","tag":"must"}`)
	b.must(ann, `{"kind":"note.edit","id":"n1","text":"抗压能力强"}`)
	b.must(bob, `{"kind":"note.edit","id":"n1","text":"能扛住客户的拒绝"}`)
	// Ann moves it while Bob retags it: both apply, in sequence.
	b.must(ann, `{"kind":"note.move","id":"n1","zone":"motives"}`)
	b.must(bob, `{"kind":"note.tag","id":"n1","tag":"nice"}`)
	n := b.state.(*CanvasState).Notes["n1"]
	if n.Text != "能扛住客户的拒绝" || n.Zone != "motives" || n.Tag != "nice" || n.Seq != 5 {
		t.Fatalf("note after concurrent edits %+v", n)
	}
	b.must(ann, `{"kind":"note.delete","id":"n1"}`)
	b.refused(bob, `{"kind":"note.edit","id":"n1","text":"late"}`, CodeNotFound)
}

func TestCanvasVisitorsVoteOnly(t *testing.T) {
	b := newBoard(t, "canvas", builtinConfig(t, "4.2"))
	b.must(participant("ann", "g2"), `{"kind":"note.add","id":"n1","zone":"explicit","text":"x"}`)
	if err := b.applyCtx(&Context{Actor: participant("vic", "g1"), Visiting: true}, `{"kind":"vote.add","note":"n1"}`); err != nil {
		t.Fatalf("visitor vote: %v", err)
	}
	err := b.applyCtx(&Context{Actor: participant("vic", "g1"), Visiting: true}, `{"kind":"note.edit","id":"n1","text":"mine now"}`)
	if oe, _ := AsOpError(err); oe == nil || oe.Code != CodeForbidden {
		t.Fatalf("visitor edit: %v", err)
	}
	b.must(participant("ann", "g2"), `{"kind":"note.delete","id":"n1"}`)
	if len(b.state.(*CanvasState).Votes) != 0 {
		t.Fatal("votes of a deleted note kept")
	}
}

func TestCanvasConfigValidation(t *testing.T) {
	bad := []string{
		`{"zones":[]}`,
		`{"picture":"pyramid","zones":[{"id":"a","title":{"zh-CN":"甲"}}]}`,
		`{"picture":"iceberg","zones":[{"id":"a","title":{"zh-CN":"甲"},"layer":"above"}]}`,
		`{"picture":"iceberg","zones":[{"id":"a","title":{"zh-CN":"甲"},"layer":"above"},{"id":"b","title":{"zh-CN":"乙"}}]}`,
		`{"zones":[{"id":"a","title":{"zh-CN":"甲"},"layer":"middle"}]}`,
		`{"zones":[{"id":"a","title":{"zh-CN":"甲"}},{"id":"a","title":{"zh-CN":"乙"}}]}`,
		`{"zones":[{"id":"a","title":{"zh-CN":"甲"},"min":-1}]}`,
		`{"zones":[{"id":"a","title":{"zh-CN":"甲"}}],"tags":[{"id":"t","title":{}}]}`,
		`{"zones":[{"id":"a","title":{"zh-CN":"甲"}}],"votes_per_person":99}`,
		`{"zone":[{"id":"a","title":{"zh-CN":"甲"}}]}`,
	}
	for _, cfg := range bad {
		if _, err := NewState("canvas", json.RawMessage(cfg)); err == nil {
			t.Errorf("config %s accepted", cfg)
		}
	}
	s, err := NewState("canvas", json.RawMessage(`{"zones":[{"id":"a","title":{"zh-CN":"甲"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	b := &board{t: t, kind: "canvas", state: s}
	b.must(participant("p", "g"), `{"kind":"note.add","id":"n1","zone":"a","text":"x"}`)
	b.refused(participant("p", "g"), `{"kind":"vote.add","note":"n1"}`, CodeInvalidOp) // no votes configured
}
