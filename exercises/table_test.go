package exercises

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

const valueMatrix = `{"max_rows":3,"min_rows":2,"votes_per_person":2,"columns":[
 {"id":"value","title":{"zh-CN":"价值点","en":"Value"},"type":"text","required":true},
 {"id":"proof","title":{"zh-CN":"证明方式","en":"Proof"},"type":"select","multiple":true,"required":true,
  "options":[{"id":"case","title":{"zh-CN":"案例","en":"Case"}},{"id":"data","title":{"zh-CN":"数据","en":"Data"}}]},
 {"id":"kind","title":{"zh-CN":"类别","en":"Kind"},"type":"select","options":[{"id":"a","title":{"zh-CN":"甲","en":"A"}}]},
 {"id":"strength","title":{"zh-CN":"强度","en":"Strength"},"type":"number","min":1,"max":5,"integer":true,"required":true},
 {"id":"share","title":{"zh-CN":"占比","en":"Share"},"type":"percent"},
 {"id":"amount","title":{"zh-CN":"金额","en":"Amount"},"type":"money","currency":"CNY"},
 {"id":"due","title":{"zh-CN":"日期","en":"Date"},"type":"date"},
 {"id":"owner","title":{"zh-CN":"负责人","en":"Owner"},"type":"person"}]}`

func cellOf(t *testing.T, s *TableState, row, col string) string {
	t.Helper()
	return string(s.Rows[row].Cells[col])
}

func TestTableTypedCells(t *testing.T) {
	b := newBoard(t, "table", valueMatrix)
	p := participant("ann", "g1")
	b.must(p, `{"kind":"row.add","id":"r1","cells":{"value":"  24小时响应  ","strength":4}}`)
	s := b.state.(*TableState)
	if cellOf(t, s, "r1", "value") != `"24小时响应"` || cellOf(t, s, "r1", "strength") != `4` {
		t.Fatalf("cells %v", s.Rows["r1"].Cells)
	}
	ok := []struct{ col, value, stored string }{
		{"proof", `["data","case"]`, `["data","case"]`},
		{"kind", `"a"`, `"a"`},
		{"strength", `5`, `5`},
		{"share", `37.5`, `37.5`},
		{"amount", `120000000`, `120000000`},
		{"due", `"2026-12-31"`, `"2026-12-31"`},
		{"owner", `{"id":"p-1","name":" 王芳 "}`, `{"id":"p-1","name":"王芳"}`},
		{"owner", `{"name":"销售总监"}`, `{"name":"销售总监"}`},
	}
	for _, c := range ok {
		b.must(p, fmt.Sprintf(`{"kind":"cell.set","row":"r1","column":%q,"value":%s}`, c.col, c.value))
		if got := cellOf(t, s, "r1", c.col); got != c.stored {
			t.Errorf("%s = %s stored as %s, want %s", c.col, c.value, got, c.stored)
		}
	}
	bad := []struct{ name, col, value, code string }{
		{"text as number", "value", `5`, CodeInvalidOp},
		{"text too long", "value", `"` + strings.Repeat("长", MaxNoteText+1) + `"`, CodeLimit},
		{"unknown option", "proof", `["demo"]`, CodeInvalidOp},
		{"option twice", "proof", `["case","case"]`, CodeInvalidOp},
		{"single select given a list", "kind", `["a"]`, CodeInvalidOp},
		{"below min", "strength", `0`, CodeInvalidOp},
		{"above max", "strength", `6`, CodeInvalidOp},
		{"not integer", "strength", `2.5`, CodeInvalidOp},
		{"number as text", "strength", `"3"`, CodeInvalidOp},
		{"percent over 100", "share", `101`, CodeInvalidOp},
		{"money with fractions", "amount", `12.5`, CodeInvalidOp},
		{"money too large", "amount", `1e16`, CodeInvalidOp},
		{"bad date", "due", `"2026-13-01"`, CodeInvalidOp},
		{"date as number", "due", `20261201`, CodeInvalidOp},
		{"person without a name", "owner", `{"id":"p-1","name":""}`, CodeInvalidOp},
		{"person with an unknown field", "owner", `{"name":"x","role":"boss"}`, CodeInvalidOp},
		{"unknown column", "nope", `"x"`, CodeInvalidOp},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			b.t = t
			b.refused(p, fmt.Sprintf(`{"kind":"cell.set","row":"r1","column":%q,"value":%s}`, c.col, c.value), c.code)
		})
	}
	b.t = t
	// Clearing: null, "" and [] all empty a cell; clearing an empty cell is a conflict.
	b.must(p, `{"kind":"cell.set","row":"r1","column":"share","value":null}`)
	b.must(p, `{"kind":"cell.set","row":"r1","column":"value","value":""}`)
	b.must(p, `{"kind":"cell.set","row":"r1","column":"proof","value":[]}`)
	b.refused(p, `{"kind":"cell.set","row":"r1","column":"share","value":null}`, CodeConflict)
	if _, ok := s.Rows["r1"].Cells["share"]; ok {
		t.Fatal("cleared cell kept")
	}
}

func TestTableRowsLimitsAndMissing(t *testing.T) {
	b := newBoard(t, "table", valueMatrix)
	p := participant("ann", "g1")
	s := b.state.(*TableState)
	if got := ProgressOf(s); got.Items != 0 || got.Missing != 2 {
		t.Fatalf("empty table progress %+v, want 2 rows missing", got)
	}
	b.must(p, `{"kind":"row.add","id":"r1"}`)
	b.must(p, `{"kind":"row.add","id":"r2","pos":0.5,"cells":{"value":"x","proof":["case"],"strength":3}}`)
	// r1 lacks its three required cells; r2 is complete.
	if got := ProgressOf(s); got.Items != 2 || got.Missing != 3 {
		t.Fatalf("progress %+v, want 2 items and 3 missing", got)
	}
	b.refused(p, `{"kind":"row.add","id":"r9","cells":{"strength":9}}`, CodeInvalidOp)
	b.must(p, `{"kind":"row.add","id":"r3"}`)
	b.refused(p, `{"kind":"row.add","id":"r4"}`, CodeLimit)
	b.refused(p, `{"kind":"row.add","id":"r3"}`, CodeConflict)
	b.refused(p, `{"kind":"row.add","id":"bad id"}`, CodeInvalidOp)
	b.must(p, `{"kind":"row.move","id":"r3","pos":0.1}`)
	if s.Rows["r3"].Pos != 0.1 || s.Rows["r1"].Pos != 1 || s.Rows["r2"].Pos != 0.5 {
		t.Fatalf("positions %v %v %v", s.Rows["r1"].Pos, s.Rows["r2"].Pos, s.Rows["r3"].Pos)
	}
	b.must(p, `{"kind":"row.delete","id":"r3"}`)
	b.refused(p, `{"kind":"row.delete","id":"r3"}`, CodeNotFound)
	b.refused(p, `{"kind":"cell.set","row":"r3","column":"value","value":"late"}`, CodeNotFound)
	b.refused(p, `{"kind":"row.paint","id":"r1"}`, CodeInvalidOp)
	b.refused(p, `{"kind":"row.add","id":"r5","colour":"red"}`, CodeInvalidOp)
}

// Two members set the same cell at once: the server applies both in
// sequence order, so the later one wins, and the row records that sequence.
func TestTableConcurrentCellEditsResolveBySequence(t *testing.T) {
	b := newBoard(t, "table", valueMatrix)
	ann, bob := participant("ann", "g1"), participant("bob", "g1")
	b.must(ann, `{"kind":"row.add","id":"r1"}`)
	b.must(ann, `{"kind":"cell.set","row":"r1","column":"value","value":"ann's"}`)
	b.must(bob, `{"kind":"cell.set","row":"r1","column":"value","value":"bob's"}`)
	// A different cell of the same row is an independent unit.
	b.must(ann, `{"kind":"cell.set","row":"r1","column":"strength","value":2}`)
	s := b.state.(*TableState)
	if cellOf(t, s, "r1", "value") != `"bob's"` || cellOf(t, s, "r1", "strength") != "2" || s.Rows["r1"].Seq != 4 {
		t.Fatalf("row after concurrent edits: %v seq %d", s.Rows["r1"].Cells, s.Rows["r1"].Seq)
	}
	b.must(bob, `{"kind":"row.delete","id":"r1"}`)
	b.refused(ann, `{"kind":"cell.set","row":"r1","column":"value","value":"late"}`, CodeNotFound)
}

func TestTableVotesAndVisitors(t *testing.T) {
	b := newBoard(t, "table", valueMatrix)
	ann := participant("ann", "g1")
	b.must(ann, `{"kind":"row.add","id":"r1"}`)
	b.must(ann, `{"kind":"vote.add","row":"r1"}`)
	b.must(ann, `{"kind":"vote.add","row":"r1"}`)
	b.refused(ann, `{"kind":"vote.add","row":"r1"}`, CodeLimit)
	visitor := func() *Context { return &Context{Actor: participant("vic", "g2"), Visiting: true} }
	if err := b.applyCtx(visitor(), `{"kind":"vote.add","row":"r1"}`); err != nil {
		t.Fatalf("visitor's vote refused: %v", err)
	}
	for _, op := range []string{`{"kind":"row.add","id":"v1"}`, `{"kind":"cell.set","row":"r1","column":"value","value":"x"}`, `{"kind":"row.delete","id":"r1"}`} {
		err := b.applyCtx(visitor(), op)
		if oe, _ := AsOpError(err); oe == nil || oe.Code != CodeForbidden {
			t.Errorf("visitor %s: %v, want forbidden", op, err)
		}
	}
	s := b.state.(*TableState)
	if s.Votes.Total("r1") != 3 || s.Votes.By("vic") != 1 {
		t.Fatalf("votes %v", s.Votes)
	}
	b.must(ann, `{"kind":"vote.remove","row":"r1"}`)
	b.must(ann, `{"kind":"row.delete","id":"r1"}`)
	if len(s.Votes) != 0 {
		t.Fatalf("votes of a deleted row kept: %v", s.Votes)
	}
	// A table without votes refuses them.
	nv := newBoard(t, "table", `{"columns":[{"id":"a","title":{"zh-CN":"甲"},"type":"text"}]}`)
	nv.must(ann, `{"kind":"row.add","id":"r1"}`)
	nv.refused(ann, `{"kind":"vote.add","row":"r1"}`, CodeInvalidOp)
}

func TestTableConfigValidation(t *testing.T) {
	col := func(extra string) string {
		return `{"columns":[{"id":"c","title":{"zh-CN":"列"},` + extra + `}]}`
	}
	bad := map[string]string{
		"no columns":           `{"columns":[]}`,
		"unknown type":         col(`"type":"colour"`),
		"select without opts":  col(`"type":"select"`),
		"options on text":      col(`"type":"text","options":[{"id":"a","title":{"zh-CN":"甲"}}]`),
		"bounds on text":       col(`"type":"text","min":1`),
		"min above max":        col(`"type":"number","min":5,"max":1`),
		"integer on money":     col(`"type":"money","integer":true`),
		"bad currency":         col(`"type":"money","currency":"rmb"`),
		"duplicate column":     `{"columns":[{"id":"c","title":{"zh-CN":"甲"},"type":"text"},{"id":"c","title":{"zh-CN":"乙"},"type":"text"}]}`,
		"too many rows":        `{"max_rows":500,"columns":[{"id":"c","title":{"zh-CN":"甲"},"type":"text"}]}`,
		"min rows above max":   `{"max_rows":2,"min_rows":3,"columns":[{"id":"c","title":{"zh-CN":"甲"},"type":"text"}]}`,
		"misspelt key":         `{"colums":[]}`,
		"bad starting row":     `{"columns":[{"id":"c","title":{"zh-CN":"甲"},"type":"number"}],"rows":[{"c":"x"}]}`,
		"column without title": `{"columns":[{"id":"c","title":{},"type":"text"}]}`,
	}
	for name, cfg := range bad {
		if _, err := NewState("table", json.RawMessage(cfg)); err == nil {
			t.Errorf("%s: config %s accepted", name, cfg)
		}
	}
	s, err := NewState("table", json.RawMessage(`{"columns":[{"id":"c","title":{"zh-CN":"表"},"type":"text"}],"rows":[{"c":"目标分解表"},{"c":"回款跟踪表"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if ts := s.(*TableState); len(ts.Rows) != 2 || string(ts.Rows["r2"].Cells["c"]) != `"回款跟踪表"` || ts.MaxRows != DefaultTableRows {
		t.Fatalf("starting rows %+v", ts.Rows)
	}
}
