package exercises

import (
	"encoding/json"
	"testing"
)

func TestPlanRowsWithOwnerAndDueDate(t *testing.T) {
	b := newBoard(t, "plan", builtinConfig(t, "6.3"))
	s := b.state.(*PlanState)
	ids := []string{}
	for _, c := range s.Columns {
		ids = append(ids, c.ID)
	}
	if got, _ := json.Marshal(ids); string(got) != `["item","method","frequency","measure","owner","due","status"]` {
		t.Fatalf("plan columns %s", got)
	}
	if s.Columns[0].Title.ZH != "能力项" {
		t.Fatalf("item column titled %+v", s.Columns[0].Title)
	}
	ann := participant("ann", "g1")
	b.must(ann, `{"kind":"row.add","id":"r1","cells":{"item":"需求挖掘提问","method":["passoff","joint-visit"],"frequency":"每周一次"}}`)
	if p := ProgressOf(s); p.Missing != 2 { // owner and due date
		t.Fatalf("progress %+v", p)
	}
	b.must(ann, `{"kind":"cell.set","row":"r1","column":"owner","value":{"id":"ann","name":"王芳"}}`)
	b.must(ann, `{"kind":"cell.set","row":"r1","column":"due","value":"2027-01-31"}`)
	b.must(ann, `{"kind":"cell.set","row":"r1","column":"status","value":"doing"}`)
	b.refused(ann, `{"kind":"cell.set","row":"r1","column":"status","value":"late"}`, CodeInvalidOp)
	b.refused(ann, `{"kind":"cell.set","row":"r1","column":"due","value":"next week"}`, CodeInvalidOp)
	if p := ProgressOf(s); p.Missing != 0 || p.Items != 1 {
		t.Fatalf("complete row progress %+v", p)
	}
	// The row goes to its owner's action plan, and only theirs.
	var mine, theirs ActionPlan
	mine.Add("6.3", s, "ann")
	theirs.Add("6.3", s, "bob")
	if len(mine.Actions) != 1 || mine.Actions[0].Text != "需求挖掘提问" || mine.Actions[0].Due != "2027-01-31" || len(theirs.Actions) != 0 {
		t.Fatalf("action plans %+v / %+v", mine, theirs)
	}
	// Concurrent edits of the owner cell: the later sequence wins.
	b.must(ann, `{"kind":"cell.set","row":"r1","column":"owner","value":{"id":"bob","name":"张伟"}}`)
	b.must(participant("bob", "g1"), `{"kind":"cell.set","row":"r1","column":"owner","value":{"id":"ann","name":"王芳"}}`)
	if string(s.Rows["r1"].Cells["owner"]) != `{"id":"ann","name":"王芳"}` {
		t.Fatalf("owner %s", s.Rows["r1"].Cells["owner"])
	}
}

func TestPlanConfigValidation(t *testing.T) {
	for _, cfg := range []string{
		`{"fields":[{"id":"owner","title":{"zh-CN":"负责"},"type":"text"}]}`,
		`{"fields":[{"id":"x","title":{"zh-CN":"甲"},"type":"colour"}]}`,
		`{"max_rows":1000}`,
		`{"owner":"me"}`,
	} {
		if _, err := NewState("plan", json.RawMessage(cfg)); err == nil {
			t.Errorf("config %s accepted", cfg)
		}
	}
	s, err := NewState("plan", nil)
	if err != nil {
		t.Fatal(err)
	}
	if p := s.(*PlanState); len(p.Columns) != 4 || p.Columns[0].Title.EN != "Action" {
		t.Fatalf("default plan %+v", p.Columns)
	}
}
