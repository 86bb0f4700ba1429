package exercises

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"playbook/exercises/funnel"
)

func openBytes(data []byte) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
}

func loadOp(t *testing.T, source string) string {
	t.Helper()
	data, err := os.ReadFile("funnel/testdata/small.csv")
	if err != nil {
		t.Fatal(err)
	}
	r, err := funnel.Analyze(funnel.Input{Name: "small.csv", Open: openBytes(data)}, funnel.Options{})
	if err != nil {
		t.Fatal(err)
	}
	op := map[string]any{"kind": "funnel.load", "dataset": map[string]any{"source": source, "review_id": "01JREVIEW", "name": "示例商机数据"}, "result": r.Compact()}
	b, err := json.Marshal(op)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFunnelBoard(t *testing.T) {
	b := newBoard(t, "funnel", "")
	tr, ann := trainer("t1"), participant("ann", "g1")
	b.refused(ann, loadOp(t, "sample"), CodeForbidden)
	b.must(tr, loadOp(t, "sample"))
	s := b.state.(*FunnelState)
	if s.Dataset.Source != "sample" || s.Dataset.ReviewID != "" || s.Dataset.Name != "示例商机数据" || s.Result.Opportunities != 9 || s.Dataset.LoadedBy.ID != "t1" {
		t.Fatalf("dataset %+v result %d", s.Dataset, s.Result.Opportunities)
	}
	b.must(tr, loadOp(t, "review"))
	if s.Dataset.ReviewID != "01JREVIEW" || s.Dataset.Seq != 2 {
		t.Fatalf("reloaded %+v", s.Dataset)
	}
	b.must(ann, `{"kind":"finding.add","id":"f1","topic":"leak","text":"  方案评估到合同谈判流失最多  "}`)
	b.must(ann, `{"kind":"finding.edit","id":"f1","topic":"shape"}`)
	b.must(tr, `{"kind":"finding.edit","id":"f1","text":"中部鼓包:方案评估积压"}`)
	if f := s.Findings["f1"]; f.Topic != "shape" || f.Text != "中部鼓包:方案评估积压" || f.Author.ID != "ann" {
		t.Fatalf("finding %+v", f)
	}
	b.must(ann, `{"kind":"finding.delete","id":"f1"}`)
	if len(s.Findings) != 0 {
		t.Fatal("finding not deleted")
	}
}

func TestFunnelBoardRefusals(t *testing.T) {
	b := newBoard(t, "funnel", "")
	tr, p := trainer("t1"), participant("p", "g1")
	b.must(p, `{"kind":"finding.add","id":"f1","topic":"data","text":"x"}`)
	good := loadOp(t, "sample")
	var op map[string]any
	json.Unmarshal([]byte(good), &op)
	mut := func(f func(m map[string]any)) string {
		var m map[string]any
		json.Unmarshal([]byte(good), &m)
		f(m)
		out, _ := json.Marshal(m)
		return string(out)
	}
	cases := []struct {
		name  string
		actor Actor
		op    string
		code  string
	}{
		{"bad source", tr, mut(func(m map[string]any) { m["dataset"].(map[string]any)["source"] = "url" }), CodeInvalidOp},
		{"review without id", tr, mut(func(m map[string]any) {
			m["dataset"].(map[string]any)["source"] = "review"
			m["dataset"].(map[string]any)["review_id"] = ""
		}), CodeInvalidOp},
		{"no name", tr, mut(func(m map[string]any) { m["dataset"].(map[string]any)["name"] = " " }), CodeInvalidOp},
		{"no result", tr, mut(func(m map[string]any) { delete(m, "result") }), CodeInvalidOp},
		{"unknown result field", tr, mut(func(m map[string]any) { m["result"].(map[string]any)["extra"] = 1 }), CodeInvalidOp},
		{"counts do not add up", tr, mut(func(m map[string]any) { m["result"].(map[string]any)["won"] = 100 }), CodeInvalidOp},
		{"no stages", tr, mut(func(m map[string]any) { m["result"].(map[string]any)["stages"] = []any{} }), CodeInvalidOp},
		{"too many owners", tr, mut(func(m map[string]any) {
			owners := []any{}
			for i := 0; i < funnel.CompactOwners+1; i++ {
				owners = append(owners, map[string]any{"owner": strings.Repeat("x", i+1)})
			}
			m["result"].(map[string]any)["owners"] = owners
		}), CodeLimit},
		{"duplicate finding", p, `{"kind":"finding.add","id":"f1","topic":"data","text":"y"}`, CodeConflict},
		{"unknown topic", p, `{"kind":"finding.add","id":"f2","topic":"weather","text":"y"}`, CodeInvalidOp},
		{"empty text", p, `{"kind":"finding.add","id":"f2","topic":"data","text":" "}`, CodeInvalidOp},
		{"long text", p, `{"kind":"finding.add","id":"f2","topic":"data","text":"` + strings.Repeat("长", MaxNoteText+1) + `"}`, CodeLimit},
		{"edit missing", p, `{"kind":"finding.edit","id":"nope","text":"y"}`, CodeNotFound},
		{"edit bad topic", p, `{"kind":"finding.edit","id":"f1","topic":"x"}`, CodeInvalidOp},
		{"delete missing", p, `{"kind":"finding.delete","id":"nope"}`, CodeNotFound},
		{"unknown op", p, `{"kind":"funnel.paint"}`, CodeInvalidOp},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { b.t = t; b.refused(c.actor, c.op, c.code) })
	}
	// Visitors in a gallery walk cannot change the board.
	if err := b.applyCtx(&Context{Actor: participant("v", "g2"), Visiting: true}, `{"kind":"finding.add","id":"f9","topic":"data","text":"y"}`); err == nil {
		t.Error("a visitor added a finding")
	}
	if _, err := NewState("funnel", json.RawMessage(`{"lanes":[]}`)); err == nil {
		t.Error("a configuration was accepted")
	}
}

func TestFunnelBoardComments(t *testing.T) {
	b := newBoard(t, "funnel", "")
	tr, ann := trainer("t1"), participant("ann", "g1")
	b.must(ann, `{"kind":"finding.add","id":"f1","topic":"stuck","text":"方案评估积压 118 个超期商机"}`)
	b.must(tr, `{"kind":"comment.add","id":"c1","item":"f1","text":"先看金额最大的 10 个"}`)
	b.refused(tr, `{"kind":"comment.add","id":"c2","item":"nope","text":"x"}`, CodeNotFound)
	s := b.state.(*FunnelState)
	if c := s.Comments.Comments["c1"]; c == nil || c.Item != "f1" || c.Author.Kind != RoleTrainer {
		t.Fatalf("comment %+v", c)
	}
	if p := ProgressOf(s); p.Items != 1 || p.Comments != 1 {
		t.Fatalf("progress %+v", p)
	}
	b.must(tr, `{"kind":"comment.delete","id":"c1"}`)
	if data, _ := json.Marshal(s); bytes.Contains(data, []byte(`"comments"`)) {
		t.Fatalf("an empty comment set is stored: %s", data)
	}
}
