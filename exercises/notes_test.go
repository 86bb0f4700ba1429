package exercises

import (
	"fmt"
	"strings"
	"testing"
)

const twoLanes = `{"votes_per_person":2,"lanes":[{"id":"a","title":{"zh-CN":"甲","en":"A"}},{"id":"b","title":{"zh-CN":"乙","en":"B"}}]}`

func TestNotesAddEditMoveDelete(t *testing.T) {
	b := newBoard(t, "notes", twoLanes)
	ann, bob := participant("ann", "g1"), participant("bob", "g1")
	b.must(ann, `{"kind":"note.add","id":"n1","lane":"a","text":"  目标拍脑袋  "}`)
	b.must(bob, `{"kind":"note.add","id":"n2","lane":"a","text":"no follow-up"}`)
	s := b.state.(*NotesState)
	if got := s.Notes["n1"].Text; got != "目标拍脑袋" {
		t.Fatalf("text not trimmed: %q", got)
	}
	if s.Notes["n1"].Pos != 1 || s.Notes["n2"].Pos != 2 {
		t.Fatalf("positions %v %v, want 1 and 2", s.Notes["n1"].Pos, s.Notes["n2"].Pos)
	}
	if s.Notes["n2"].Author.Name != "name-bob" {
		t.Fatalf("author %+v", s.Notes["n2"].Author)
	}
	b.must(bob, `{"kind":"note.edit","id":"n1","text":"目标没有分解到人"}`)
	b.must(ann, `{"kind":"note.move","id":"n1","lane":"b","pos":0.5}`)
	if n := s.Notes["n1"]; n.Lane != "b" || n.Pos != 0.5 || n.Text != "目标没有分解到人" {
		t.Fatalf("note after edit and move: %+v", n)
	}
	b.must(ann, `{"kind":"note.delete","id":"n2"}`)
	if _, ok := s.Notes["n2"]; ok {
		t.Fatal("n2 still there")
	}
}

func TestNotesRefusals(t *testing.T) {
	b := newBoard(t, "notes", twoLanes)
	p := participant("p", "g1")
	b.must(p, `{"kind":"note.add","id":"n1","lane":"a","text":"x"}`)
	cases := []struct{ name, op, code string }{
		{"duplicate id", `{"kind":"note.add","id":"n1","lane":"a","text":"y"}`, CodeConflict},
		{"bad id", `{"kind":"note.add","id":"n 1","lane":"a","text":"y"}`, CodeInvalidOp},
		{"unknown lane", `{"kind":"note.add","id":"n2","lane":"zz","text":"y"}`, CodeInvalidOp},
		{"empty text", `{"kind":"note.add","id":"n2","lane":"a","text":"   "}`, CodeInvalidOp},
		{"text too long", fmt.Sprintf(`{"kind":"note.add","id":"n2","lane":"a","text":"%s"}`, strings.Repeat("长", MaxNoteText+1)), CodeLimit},
		{"unknown field", `{"kind":"note.add","id":"n2","lane":"a","text":"y","color":"red"}`, CodeInvalidOp},
		{"wrong type", `{"kind":"note.add","id":"n2","lane":"a","text":5}`, CodeInvalidOp},
		{"edit missing", `{"kind":"note.edit","id":"nope","text":"y"}`, CodeNotFound},
		{"move to unknown lane", `{"kind":"note.move","id":"n1","lane":"zz"}`, CodeInvalidOp},
		{"delete missing", `{"kind":"note.delete","id":"nope"}`, CodeNotFound},
		{"merge into itself", `{"kind":"note.merge","id":"n1","into":"n1"}`, CodeInvalidOp},
		{"vote on missing", `{"kind":"vote.add","note":"nope"}`, CodeNotFound},
		{"unvote without vote", `{"kind":"vote.remove","note":"n1"}`, CodeConflict},
		{"unknown op", `{"kind":"note.paint","id":"n1"}`, CodeInvalidOp},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { b.t = t; b.refused(p, c.op, c.code) })
	}
}

func TestNotesVotingLimitAndTotals(t *testing.T) {
	b := newBoard(t, "notes", twoLanes)
	ann, bob := participant("ann", "g1"), participant("bob", "g1")
	b.must(ann, `{"kind":"note.add","id":"n1","lane":"a","text":"x"}`)
	b.must(ann, `{"kind":"note.add","id":"n2","lane":"a","text":"y"}`)
	b.must(ann, `{"kind":"vote.add","note":"n1"}`)
	b.must(ann, `{"kind":"vote.add","note":"n1"}`)
	b.refused(ann, `{"kind":"vote.add","note":"n2"}`, CodeLimit)
	b.must(bob, `{"kind":"vote.add","note":"n2"}`)
	s := b.state.(*NotesState)
	if s.Votes.Total("n1") != 2 || s.Votes.Total("n2") != 1 || s.Votes.By("ann") != 2 {
		t.Fatalf("totals n1=%d n2=%d ann=%d", s.Votes.Total("n1"), s.Votes.Total("n2"), s.Votes.By("ann"))
	}
	b.must(ann, `{"kind":"vote.remove","note":"n1"}`)
	b.must(ann, `{"kind":"vote.add","note":"n2"}`)
	if s.Votes.Total("n1") != 1 || s.Votes.Total("n2") != 2 {
		t.Fatalf("after moving a dot: n1=%d n2=%d", s.Votes.Total("n1"), s.Votes.Total("n2"))
	}
	b.must(bob, `{"kind":"vote.remove","note":"n2"}`)
	b.must(ann, `{"kind":"vote.remove","note":"n2"}`)
	if _, ok := s.Votes["n2"]; ok {
		t.Fatal("empty vote entry kept")
	}
	// Deleting a note frees its dots.
	b.must(ann, `{"kind":"vote.add","note":"n1"}`)
	b.must(bob, `{"kind":"note.delete","id":"n1"}`)
	if s.Votes.By("ann") != 0 {
		t.Fatalf("ann still has %d dots placed", s.Votes.By("ann"))
	}
}

func TestNotesMergeKeepsVotes(t *testing.T) {
	b := newBoard(t, "notes", twoLanes)
	ann, bob := participant("ann", "g1"), participant("bob", "g1")
	b.must(ann, `{"kind":"note.add","id":"n1","lane":"a","text":"目标太高"}`)
	b.must(bob, `{"kind":"note.add","id":"n2","lane":"b","text":"目标脱离市场"}`)
	b.must(ann, `{"kind":"vote.add","note":"n2"}`)
	b.must(bob, `{"kind":"vote.add","note":"n2"}`)
	b.must(bob, `{"kind":"vote.add","note":"n1"}`)
	b.must(ann, `{"kind":"note.merge","id":"n2","into":"n1"}`)
	s := b.state.(*NotesState)
	if _, ok := s.Notes["n2"]; ok {
		t.Fatal("merged note kept")
	}
	if s.Notes["n1"].Text != "目标太高\n目标脱离市场" {
		t.Fatalf("merged text %q", s.Notes["n1"].Text)
	}
	if s.Votes.Total("n1") != 3 || s.Votes["n1"]["bob"] != 2 {
		t.Fatalf("votes after merge %v", s.Votes)
	}
}

// Two members edit the same note at once: the server applies both in
// sequence order, so the later sequence wins and both see that result.
func TestNotesConcurrentEditsResolveBySequence(t *testing.T) {
	b := newBoard(t, "notes", twoLanes)
	ann, bob := participant("ann", "g1"), participant("bob", "g1")
	b.must(ann, `{"kind":"note.add","id":"n1","lane":"a","text":"draft"}`)
	b.must(ann, `{"kind":"note.edit","id":"n1","text":"ann's version"}`)
	b.must(bob, `{"kind":"note.edit","id":"n1","text":"bob's version"}`)
	n := b.state.(*NotesState).Notes["n1"]
	if n.Text != "bob's version" || n.Seq != 3 {
		t.Fatalf("after concurrent edits: %q at seq %d", n.Text, n.Seq)
	}
	// An edit that arrives after a delete of the same note is refused, not resurrected.
	b.must(bob, `{"kind":"note.delete","id":"n1"}`)
	b.refused(ann, `{"kind":"note.edit","id":"n1","text":"late"}`, CodeNotFound)
}

func TestNotesVisitorsMayOnlyVote(t *testing.T) {
	b := newBoard(t, "notes", twoLanes)
	b.must(participant("ann", "g2"), `{"kind":"note.add","id":"n1","lane":"a","text":"x"}`)
	visitor := &Context{Actor: participant("vic", "g1"), Visiting: true}
	if err := b.applyCtx(visitor, `{"kind":"note.add","id":"n9","lane":"a","text":"x"}`); err == nil {
		t.Fatal("visitor added a note")
	}
	if err := b.applyCtx(&Context{Actor: participant("vic", "g1"), Visiting: true}, `{"kind":"vote.add","note":"n1"}`); err != nil {
		t.Fatalf("visitor vote refused: %v", err)
	}
}

func TestNotesConfigValidation(t *testing.T) {
	bad := []string{
		`{"lanes":[{"id":"a","title":{"zh-CN":"甲"}},{"id":"a","title":{"zh-CN":"乙"}}]}`,
		`{"lanes":[{"id":"bad id","title":{"zh-CN":"甲"}}]}`,
		`{"lanes":[{"id":"a","title":{}}]}`,
		`{"votes_per_person":-1}`,
		`{"votes_per_person":99}`,
		`{"lanes":"nope"}`,
	}
	for _, cfg := range bad {
		if _, err := NewState("notes", []byte(cfg)); err == nil {
			t.Errorf("config %s accepted", cfg)
		}
	}
	s, err := NewState("notes", nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := s.(*NotesState); len(n.Lanes) != 1 || n.VotesPerPerson != DefaultVotesPerPerson {
		t.Fatalf("defaults: %+v", n)
	}
}

func TestNotesBoardLimit(t *testing.T) {
	b := newBoard(t, "notes", twoLanes)
	s := b.state.(*NotesState)
	for i := range MaxItemsPerKey {
		id := fmt.Sprintf("n%d", i)
		s.Notes[id] = &Note{ID: id, Lane: "a", Text: "x"}
	}
	b.refused(participant("p", "g"), `{"kind":"note.add","id":"last","lane":"a","text":"x"}`, CodeLimit)
}
