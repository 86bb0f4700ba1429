package exercises

import (
	"testing"
)

// Every kind whose items take comments gets them the same way.
func TestCommentsOnEveryKindsItems(t *testing.T) {
	kinds := []struct {
		kind, cfg, addItem, item string
	}{
		{"notes", twoLanes, `{"kind":"note.add","id":"i1","lane":"a","text":"x"}`, "i1"},
		{"table", valueMatrix, `{"kind":"row.add","id":"i1"}`, "i1"},
		{"canvas", "", `{"kind":"note.add","id":"i1","zone":"explicit","text":"x"}`, "i1"},
		{"plan", "", `{"kind":"row.add","id":"i1"}`, "i1"},
		{"poll", pickMany, "", "a"},
	}
	for _, k := range kinds {
		t.Run(k.kind, func(t *testing.T) {
			cfg := k.cfg
			if k.kind == "canvas" {
				cfg = builtinConfig(t, "4.2")
			}
			b := newBoard(t, k.kind, cfg)
			ann, tr := participant("ann", "g1"), trainer("li")
			if k.addItem != "" {
				b.must(ann, k.addItem)
			}
			b.must(tr, `{"kind":"comment.add","id":"c1","item":"`+k.item+`","text":"证据再具体一点：哪家客户、哪一年？"}`)
			b.must(tr, `{"kind":"comment.add","id":"c2","item":"","text":"整体方向很好"}`)
			b.must(ann, `{"kind":"comment.add","id":"c3","item":"`+k.item+`","text":"收到，补上了"}`)
			b.refused(tr, `{"kind":"comment.add","id":"c4","item":"ghost","text":"x"}`, CodeNotFound)
			b.refused(tr, `{"kind":"comment.add","id":"c1","item":"","text":"x"}`, CodeConflict)
			b.refused(tr, `{"kind":"comment.add","id":"c5","item":"","text":""}`, CodeInvalidOp)
			// Authors edit their own; trainers may remove any; others may not touch them.
			b.refused(ann, `{"kind":"comment.edit","id":"c1","text":"mine now"}`, CodeForbidden)
			b.must(tr, `{"kind":"comment.edit","id":"c1","text":"证据要写出客户名称和年份"}`)
			b.must(tr, `{"kind":"comment.delete","id":"c3"}`)
			b.refused(tr, `{"kind":"comment.delete","id":"c3"}`, CodeNotFound)
			// A gallery visitor may leave feedback.
			if err := b.applyCtx(&Context{Actor: participant("vic", "g2"), Visiting: true}, `{"kind":"comment.add","id":"c6","item":"`+k.item+`","text":"我们组也遇到过"}`); err != nil {
				t.Fatalf("visitor comment: %v", err)
			}
			if p := ProgressOf(b.state); p.Comments != 3 {
				t.Fatalf("progress %+v, want 3 comments", p)
			}
			c := b.state.(commentable).commentSet().Comments["c1"]
			if c.Author.Kind != RoleTrainer || c.Text != "证据要写出客户名称和年份" || c.Seq == 0 {
				t.Fatalf("comment %+v", c)
			}
			for _, id := range []string{"c1", "c2", "c6"} {
				b.must(tr, `{"kind":"comment.delete","id":"`+id+`"}`)
			}
			if p := ProgressOf(b.state); p.Comments != 0 {
				t.Fatalf("comments left %+v", p)
			}
		})
	}
	// Boards that take no comments say so.
	r := newBoard(t, "reflection", "")
	r.refused(participant("ann", "g1"), `{"kind":"comment.add","id":"c1","item":"","text":"x"}`, CodeInvalidOp)
}
