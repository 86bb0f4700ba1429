package exercises

import (
	"encoding/json"
	"testing"
)

const pickMany = `{"multiple":true,"max_choices":2,"options":[{"id":"a","title":{"zh-CN":"甲","en":"A"}},{"id":"b","title":{"zh-CN":"乙","en":"B"}},{"id":"c","title":{"zh-CN":"丙","en":"C"}}]}`

func TestPollSingleChoiceLiveCounts(t *testing.T) {
	b := newBoard(t, "poll", builtinConfig(t, "1.poll"))
	s := b.state.(*PollState)
	ann, bob := participant("ann", "g1"), participant("bob", "g1")
	b.must(ann, `{"kind":"poll.vote","choices":["60-80"]}`)
	b.must(bob, `{"kind":"poll.vote","choices":["60-80"]}`)
	if s.Counts["60-80"] != 2 {
		t.Fatalf("counts %v", s.Counts)
	}
	// Ann changes her mind: her old choice loses a vote, the new one gains it.
	b.must(ann, `{"kind":"poll.vote","choices":["lt60"]}`)
	if s.Counts["60-80"] != 1 || s.Counts["lt60"] != 1 || len(s.Ballots) != 2 {
		t.Fatalf("after a change counts %v ballots %v", s.Counts, s.Ballots)
	}
	b.refused(ann, `{"kind":"poll.vote","choices":["lt60","gt100"]}`, CodeInvalidOp)
	b.refused(ann, `{"kind":"poll.vote","choices":[]}`, CodeInvalidOp)
	b.refused(ann, `{"kind":"poll.vote","choices":["maybe"]}`, CodeNotFound)
	b.must(bob, `{"kind":"poll.retract"}`)
	b.refused(bob, `{"kind":"poll.retract"}`, CodeConflict)
	if s.Counts["60-80"] != 0 || ProgressOf(s).Items != 1 {
		t.Fatalf("after retract counts %v progress %+v", s.Counts, ProgressOf(s))
	}
}

func TestPollManyChoicesAndTrainerOptions(t *testing.T) {
	b := newBoard(t, "poll", pickMany)
	s := b.state.(*PollState)
	ann, tr := participant("ann", "g1"), trainer("t")
	b.must(ann, `{"kind":"poll.vote","choices":["c","a"]}`)
	b.refused(ann, `{"kind":"poll.vote","choices":["a","b","c"]}`, CodeLimit)
	b.refused(ann, `{"kind":"poll.vote","choices":["a","a"]}`, CodeInvalidOp)
	b.refused(ann, `{"kind":"option.add","id":"d","title":{"zh-CN":"丁"}}`, CodeForbidden)
	b.must(tr, `{"kind":"option.add","id":"d","title":{"zh-CN":"丁","en":"D"}}`)
	b.refused(tr, `{"kind":"option.add","id":"d","title":{"zh-CN":"丁"}}`, CodeConflict)
	b.must(ann, `{"kind":"poll.vote","choices":["d"]}`)
	b.must(participant("bob", "g1"), `{"kind":"poll.vote","choices":["a","d"]}`)
	b.must(tr, `{"kind":"option.remove","id":"d"}`)
	if _, ok := s.Ballots["ann"]; ok || len(s.Ballots["bob"]) != 1 || s.Counts["a"] != 1 {
		t.Fatalf("after removing an option: ballots %v counts %v", s.Ballots, s.Counts)
	}
	b.must(tr, `{"kind":"option.remove","id":"c"}`)
	b.refused(tr, `{"kind":"option.remove","id":"b"}`, CodeConflict)
	err := b.applyCtx(&Context{Actor: participant("vic", "g2"), Visiting: true}, `{"kind":"poll.vote","choices":["a"]}`)
	if oe, _ := AsOpError(err); oe == nil || oe.Code != CodeForbidden {
		t.Fatalf("a visitor voted in another group's poll: %v", err)
	}
}

// Concurrent votes by one person (two tabs) resolve by sequence: the last
// ballot stands and the counts match it.
func TestPollConcurrentVotesResolveBySequence(t *testing.T) {
	b := newBoard(t, "poll", pickMany)
	ann := participant("ann", "g1")
	b.must(ann, `{"kind":"poll.vote","choices":["a"]}`)
	b.must(ann, `{"kind":"poll.vote","choices":["b","c"]}`)
	s := b.state.(*PollState)
	if s.Counts["a"] != 0 || s.Counts["b"] != 1 || s.Counts["c"] != 1 {
		t.Fatalf("counts %v", s.Counts)
	}
}

func TestPollConfigValidation(t *testing.T) {
	for _, cfg := range []string{
		`{"options":[{"id":"a","title":{"zh-CN":"甲"}}]}`,
		`{"options":[{"id":"a","title":{"zh-CN":"甲"}},{"id":"a","title":{"zh-CN":"乙"}}]}`,
		`{"options":[{"id":"a","title":{"zh-CN":"甲"}},{"id":"b","title":{}}]}`,
		`{"max_choices":1,"options":[{"id":"a","title":{"zh-CN":"甲"}},{"id":"b","title":{"zh-CN":"乙"}}]}`,
		`{"multiple":true,"max_choices":3,"options":[{"id":"a","title":{"zh-CN":"甲"}},{"id":"b","title":{"zh-CN":"乙"}}]}`,
		`{"choices":[]}`,
	} {
		if _, err := NewState("poll", json.RawMessage(cfg)); err == nil {
			t.Errorf("config %s accepted", cfg)
		}
	}
}
