package exercises

import (
	"fmt"
	"testing"

	"playbook/playbook"
)

func sumQuarters(s *TargetsState) (int64, map[string]int64) {
	var total int64
	months := map[string]int64{}
	for _, q := range s.Quarters {
		total += q.AmountMinor
		for _, m := range q.Months {
			months[q.ID] += m.AmountMinor
		}
	}
	return total, months
}

func TestTargetsSplitsReconcileExactly(t *testing.T) {
	b := newBoard(t, TargetsKind, `{"fiscal_year":2027}`)
	ann := participant("ann", "g1")
	b.must(ann, `{"kind":"targets.set","field":"annual.amount_minor","value":9600000001}`) // an odd unit to place
	b.must(ann, `{"kind":"targets.set","field":"annual.deadline","value":"2027-12-31"}`)
	for id, w := range map[string]int{"Q1": 20, "Q2": 25, "Q3": 25, "Q4": 30} {
		b.must(ann, fmt.Sprintf(`{"kind":"period.set","id":"%s","field":"weight","value":%d}`, id, w))
	}
	b.must(ann, `{"kind":"period.set","id":"Q1.M2","field":"weight","value":0}`) // Spring Festival: nothing in February
	s := b.state.(*TargetsState)
	total, months := sumQuarters(s)
	if total != 9600000001 {
		t.Fatalf("quarters add to %d", total)
	}
	for _, q := range s.Quarters {
		if months[q.ID] != q.AmountMinor {
			t.Fatalf("%s months add to %d, quarter is %d", q.ID, months[q.ID], q.AmountMinor)
		}
	}
	if s.Quarters["Q1"].AmountMinor != 1920000000 || s.Quarters["Q4"].AmountMinor != 2880000001 || s.Quarters["Q1"].Months["M2"].AmountMinor != 0 {
		t.Fatalf("Q1 %d, February %d", s.Quarters["Q1"].AmountMinor, s.Quarters["Q1"].Months["M2"].AmountMinor)
	}
	if len(s.Issues) != 0 {
		t.Fatalf("issues: %s", issueList(s.Issues))
	}

	// Regions and reps, existing vs new.
	b.must(ann, `{"kind":"region.add","id":"east","name":"华东区"}`)
	b.must(ann, `{"kind":"region.add","id":"south","name":"华南区"}`)
	b.must(ann, `{"kind":"region.set","id":"east","field":"weight","value":2}`)
	for i, r := range []string{"east", "east", "east", "south"} {
		b.must(ann, fmt.Sprintf(`{"kind":"rep.add","id":"r%d","region":"%s","name":"销售%d"}`, i, r, i))
	}
	b.must(ann, `{"kind":"targets.set","field":"customers.last_year_revenue_minor","value":8000000000}`)
	b.must(ann, `{"kind":"targets.set","field":"customers.retention_pct","value":88}`)
	b.must(ann, `{"kind":"targets.set","field":"customers.growth_pct","value":6}`)
	if s.Customers.ExistingMinor != 7462400000 || s.Customers.NewMinor != 9600000001-7462400000 {
		t.Fatalf("existing %d new %d", s.Customers.ExistingMinor, s.Customers.NewMinor)
	}
	if s.Regions["east"].AmountMinor != 6400000001 || s.Regions["south"].AmountMinor != 3200000000 {
		t.Fatalf("regions %d %d", s.Regions["east"].AmountMinor, s.Regions["south"].AmountMinor)
	}
	var reps, existing, fresh int64
	for _, r := range s.Reps {
		reps += r.AmountMinor
		existing += r.ExistingMinor
		fresh += r.NewMinor
		if r.ExistingMinor+r.NewMinor != r.AmountMinor {
			t.Fatalf("rep %s: %d + %d ≠ %d", r.ID, r.ExistingMinor, r.NewMinor, r.AmountMinor)
		}
	}
	if reps != 9600000001 || existing != s.Customers.ExistingMinor || fresh != s.Customers.NewMinor {
		t.Fatalf("reps %d existing %d new %d", reps, existing, fresh)
	}
	if len(s.Issues) != 0 {
		t.Fatalf("issues: %s", issueList(s.Issues))
	}
	c := s.Compile()
	if probs := playbook.ValidateTargets(&c, "$.targets"); len(probs) != 0 {
		t.Fatalf("compiled targets fail: %v", probs)
	}
	if c.Quarters[0].Months[0].ID != "2027-01" || c.Quarters[0].Months[0].Label != "1月" {
		t.Fatalf("month %+v", c.Quarters[0].Months[0])
	}
}

func TestTargetsManualAmountsAndFlaggedSplits(t *testing.T) {
	b := newBoard(t, TargetsKind, `{"fiscal_year":2027,"fiscal_year_start":4}`)
	ann := participant("ann", "g1")
	b.must(ann, `{"kind":"targets.set","field":"annual.amount_minor","value":1000}`)
	b.must(ann, `{"kind":"targets.set","field":"annual.deadline","value":"2028-03-31"}`)
	// One quarter typed in: the others share the rest, still exact.
	b.must(ann, `{"kind":"period.set","id":"Q4","field":"manual_minor","value":400}`)
	s := b.state.(*TargetsState)
	if s.Quarters["Q1"].AmountMinor != 200 || s.Quarters["Q4"].AmountMinor != 400 || len(s.Issues) != 0 {
		t.Fatalf("Q1 %d Q4 %d issues %s", s.Quarters["Q1"].AmountMinor, s.Quarters["Q4"].AmountMinor, issueList(s.Issues))
	}
	if c := s.Compile(); c.Quarters[3].Months[0].ID != "2028-01" || c.Quarters[0].Months[0].Label != "4月" {
		t.Fatalf("fiscal months %+v", c.Quarters[3].Months[0])
	}
	// Every quarter typed in, not adding up: stored, flagged at the quarters.
	for _, q := range []string{"Q1", "Q2", "Q3"} {
		b.must(ann, `{"kind":"period.set","id":"`+q+`","field":"manual_minor","value":300}`)
	}
	if !hasIssue(s.Issues, "quarters", "split_mismatch") {
		t.Fatalf("issues: %s", issueList(s.Issues))
	}
	// Back to computed.
	for _, q := range []string{"Q1", "Q2", "Q3", "Q4"} {
		b.must(ann, `{"kind":"period.set","id":"`+q+`","field":"manual_minor","value":null}`)
	}
	if len(s.Issues) != 0 {
		t.Fatalf("issues after reset: %s", issueList(s.Issues))
	}
	// A month typed in above its quarter.
	b.must(ann, `{"kind":"period.set","id":"Q2.M1","field":"manual_minor","value":999}`)
	if !hasIssue(s.Issues, "quarters/Q2/months", "split_mismatch") {
		t.Fatalf("issues: %s", issueList(s.Issues))
	}
	b.must(ann, `{"kind":"period.set","id":"Q2.M1","field":"manual_minor","value":null}`)
	// A rep whose existing book exceeds their target.
	b.must(ann, `{"kind":"region.add","id":"r","name":"全国"}`)
	b.must(ann, `{"kind":"rep.add","id":"a","region":"r","name":"甲"}`)
	b.must(ann, `{"kind":"rep.add","id":"b","region":"r","name":"乙"}`)
	b.must(ann, `{"kind":"targets.set","field":"customers.last_year_revenue_minor","value":900}`)
	b.must(ann, `{"kind":"rep.set","id":"a","field":"book_weight","value":100}`)
	if !hasIssue(s.Issues, "reps/a/new_minor", "range") {
		t.Fatalf("issues: %s", issueList(s.Issues))
	}
	// Existing customers above the whole target.
	b.must(ann, `{"kind":"targets.set","field":"customers.growth_pct","value":50}`)
	if !hasIssue(s.Issues, "customers/existing_minor", "existing_exceeds") {
		t.Fatalf("issues: %s", issueList(s.Issues))
	}
}

func TestTargetsFreshBoardAsksForTheTarget(t *testing.T) {
	s := newBoard(t, TargetsKind, "").state.(*TargetsState)
	if !hasIssue(s.Issues, "annual/amount_minor", "required") || !hasIssue(s.Issues, "fiscal_year", "required") {
		t.Fatalf("issues: %s", issueList(s.Issues))
	}
	if c := s.Compile(); len(c.Quarters) != 0 {
		t.Fatal("an empty board compiles into a target")
	}
}

func TestTargetsRefusals(t *testing.T) {
	b := newBoard(t, TargetsKind, "")
	p := participant("p", "g1")
	b.must(p, `{"kind":"region.add","id":"r","name":"区"}`)
	cases := []struct{ name, op, code string }{
		{"negative amount", `{"kind":"targets.set","field":"annual.amount_minor","value":-1}`, CodeInvalidOp},
		{"fractional amount", `{"kind":"targets.set","field":"annual.amount_minor","value":10.5}`, CodeInvalidOp},
		{"amount beyond 2^53", `{"kind":"targets.set","field":"annual.amount_minor","value":9007199254740992}`, CodeInvalidOp},
		{"retention above 100", `{"kind":"targets.set","field":"customers.retention_pct","value":101}`, CodeInvalidOp},
		{"bad deadline", `{"kind":"targets.set","field":"annual.deadline","value":"31/12/2027"}`, CodeInvalidOp},
		{"bad currency", `{"kind":"targets.set","field":"currency","value":"rmb"}`, CodeInvalidOp},
		{"unknown field", `{"kind":"targets.set","field":"annual.bonus","value":1}`, CodeInvalidOp},
		{"unknown period", `{"kind":"period.set","id":"Q5","field":"weight","value":1}`, CodeNotFound},
		{"unknown month", `{"kind":"period.set","id":"Q1.M4","field":"weight","value":1}`, CodeNotFound},
		{"rep in unknown region", `{"kind":"rep.add","id":"x","region":"nope","name":"x"}`, CodeNotFound},
		{"negative weight", `{"kind":"region.set","id":"r","field":"weight","value":-2}`, CodeInvalidOp},
		{"duplicate region", `{"kind":"region.add","id":"r","name":"x"}`, CodeConflict},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { b.t = t; b.refused(p, c.op, c.code) })
	}
}

func TestTargetsConcurrentEditsResolveBySequence(t *testing.T) {
	b := newBoard(t, TargetsKind, `{"fiscal_year":2027}`)
	ann, bob := participant("ann", "g1"), participant("bob", "g1")
	b.must(ann, `{"kind":"targets.set","field":"annual.amount_minor","value":1000}`)
	b.must(bob, `{"kind":"targets.set","field":"annual.amount_minor","value":2000}`)
	b.must(ann, `{"kind":"period.set","id":"Q1","field":"weight","value":40}`)
	s := b.state.(*TargetsState)
	if s.Annual.AmountMinor != 2000 || s.Quarters["Q1"].Weight != 40 {
		t.Fatalf("amount %d, Q1 weight %d", s.Annual.AmountMinor, s.Quarters["Q1"].Weight)
	}
	total, _ := sumQuarters(s)
	if total != 2000 {
		t.Fatalf("quarters %d after the last writer", total)
	}
	b.must(bob, `{"kind":"region.add","id":"r","name":"区"}`)
	b.must(ann, `{"kind":"rep.add","id":"a","region":"r","name":"甲"}`)
	b.must(bob, `{"kind":"region.delete","id":"r"}`) // takes its reps with it
	if len(s.Reps) != 0 {
		t.Fatal("reps of a deleted region remain")
	}
	b.refused(ann, `{"kind":"rep.set","id":"a","field":"name","value":"x"}`, CodeNotFound)
}
