package exercises

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"playbook/playbook"
)

func TestDiffChangesDescribesTheNewDocument(t *testing.T) {
	cases := [][2]string{
		{`{"a":1,"b":{"x":1,"y":2}}`, `{"a":2,"b":{"x":1,"z":3}}`},
		{`{"list":[1,2],"m":{}}`, `{"list":[1],"m":{"k":{"deep":true}}}`},
		{`{"a":{"b":1}}`, `{"a":5}`},
		{`{"a":1}`, `{"a":1}`},
	}
	for _, c := range cases {
		changes, err := DiffChanges([]byte(c[0]), []byte(c[1]))
		if err != nil {
			t.Fatal(err)
		}
		wire, _ := json.Marshal(changes)
		var back []Change
		json.Unmarshal(wire, &back)
		got, err := ApplyChanges([]byte(c[0]), back)
		if err != nil {
			t.Fatal(err)
		}
		if !SameJSON(got, []byte(c[1])) {
			t.Fatalf("%s → %s: changes %s give %s", c[0], c[1], wire, got)
		}
	}
	if ch, _ := DiffChanges([]byte(`{"a":1}`), []byte(`{"a":1}`)); len(ch) != 0 {
		t.Fatalf("no-op diff %v", ch)
	}
}

func TestKPIs(t *testing.T) {
	b := newBoard(t, KPIsKind, "")
	ann, bob := participant("ann", "g1"), participant("bob", "g1")
	s := b.state.(*KPIsState)
	if !hasIssue(s.Issues, "metrics", "required") {
		t.Fatalf("fresh board: %s", issueList(s.Issues))
	}
	b.must(ann, `{"kind":"kpi.add","id":"visits","name":"有效拜访量"}`)
	b.must(bob, `{"kind":"kpi.add","id":"signed","name":"签约额","metric_kind":"result"}`)
	b.must(ann, `{"kind":"kpi.set","id":"visits","field":"weight","value":40}`)
	b.must(bob, `{"kind":"kpi.set","id":"signed","field":"weight","value":50}`)
	if !hasIssue(s.Issues, "metrics", "weights_sum") || s.Totals.Weight != 90 || s.Totals.Process != 40 || s.Totals.Result != 50 {
		t.Fatalf("weights 90: totals %+v, issues %s", s.Totals, issueList(s.Issues))
	}
	b.must(bob, `{"kind":"kpi.set","id":"signed","field":"weight","value":60}`)
	for _, op := range []string{
		`{"kind":"kpi.set","id":"visits","field":"scoring","value":"达成率 × 权重"}`,
		`{"kind":"kpi.set","id":"signed","field":"scoring","value":"达成率 × 权重"}`,
		`{"kind":"kpi.set","id":"signed","field":"target","value":2400000}`,
		`{"kind":"kpi.set","id":"signed","field":"period","value":"quarter"}`,
	} {
		b.must(ann, op)
	}
	if len(s.Issues) != 0 {
		t.Fatalf("issues: %s", issueList(s.Issues))
	}
	list := s.Compile()
	if probs := playbook.ValidateKPIs(list, "$.kpis"); len(probs) != 0 || len(list) != 2 || list[1].Target != 2400000 {
		t.Fatalf("compiled %v: %v", list, probs)
	}
	// Only result metrics left: stored, flagged.
	b.must(ann, `{"kind":"kpi.set","id":"visits","field":"kind","value":"result"}`)
	if !hasIssue(s.Issues, "metrics", "no_process_metric") {
		t.Fatalf("issues: %s", issueList(s.Issues))
	}
	b.must(ann, `{"kind":"kpi.set","id":"visits","field":"weight","value":0}`)
	if !hasIssue(s.Issues, "metrics/visits/weight", "required") {
		t.Fatalf("issues: %s", issueList(s.Issues))
	}
	for _, c := range []struct{ name, op, code string }{
		{"weight above 100", `{"kind":"kpi.set","id":"visits","field":"weight","value":101}`, CodeInvalidOp},
		{"negative target", `{"kind":"kpi.set","id":"visits","field":"target","value":-1}`, CodeInvalidOp},
		{"bad kind", `{"kind":"kpi.add","id":"x","name":"x","metric_kind":"vanity"}`, CodeInvalidOp},
		{"bad period", `{"kind":"kpi.set","id":"visits","field":"period","value":"decade"}`, CodeInvalidOp},
		{"missing", `{"kind":"kpi.delete","id":"nope"}`, CodeNotFound},
	} {
		t.Run(c.name, func(t *testing.T) { b.t = t; b.refused(ann, c.op, c.code) })
	}
}

func TestTiers(t *testing.T) {
	b := newBoard(t, TiersKind, "")
	p := participant("p", "g1")
	s := b.state.(*TiersState)
	for _, id := range []string{"A", "B", "C"} {
		if !hasIssue(s.Issues, "tiers/"+id+"/criteria", "required") || !hasIssue(s.Issues, "tiers/"+id+"/visit_cadence", "required") {
			t.Fatalf("fresh tier %s: %s", id, issueList(s.Issues))
		}
	}
	for _, id := range []string{"A", "B", "C"} {
		b.must(p, `{"kind":"tier.set","id":"`+id+`","field":"criteria","value":["在管电梯 50 台以上"]}`)
		b.must(p, `{"kind":"tier.set","id":"`+id+`","field":"visit_cadence","value":"每月一次"}`)
	}
	if len(s.Issues) != 0 {
		t.Fatalf("issues: %s", issueList(s.Issues))
	}
	b.must(p, `{"kind":"tier.add","id":"D","name":"D 级"}`)
	if !hasIssue(s.Issues, "tiers/D/criteria", "required") {
		t.Fatalf("issues: %s", issueList(s.Issues))
	}
	b.must(p, `{"kind":"dimension.set","id":"size","field":"description","value":"在管电梯台数"}`)
	c := s.Compile()
	if len(c.Tiers) != 4 || c.Tiers[3].ID != "D" || len(c.Dimensions) != 4 || c.Dimensions[1].Description != "在管电梯台数" {
		t.Fatalf("compiled %+v", c)
	}
	b.refused(p, `{"kind":"tier.set","id":"A","field":"colour","value":"x"}`, CodeInvalidOp)
	b.refused(p, `{"kind":"dimension.delete","id":"nope"}`, CodeNotFound)
}

func TestTablesStartFromTheInterpretation(t *testing.T) {
	b := newBoard(t, TablesKind, "")
	p := participant("p", "g1")
	s := b.state.(*TablesState)
	if s.Interpretation.ZH == "" || s.Interpretation.EN == "" {
		t.Fatal("the interpretation is not stated")
	}
	var names []string
	for _, tb := range ordered(s.Tables) {
		names = append(names, tb.Name)
	}
	if !slices.Equal(names, []string{"目标分解表", "客户分级档案表", "拜访/行动计划表", "商机（漏斗）跟进表", "回款/应收跟踪表"}) || len(s.Issues) != 0 {
		t.Fatalf("tables %v, issues %s", names, issueList(s.Issues))
	}
	// Editable: rename, add a column, flag a duplicate column at its field.
	b.must(p, `{"kind":"table.set","id":"receivables","field":"owner","value":"财务"}`)
	b.must(p, `{"kind":"column.add","table":"receivables","id":"c9","name":"客户","type":"text"}`)
	if !hasIssue(s.Issues, "tables/receivables/columns/c9/name", "duplicate") {
		t.Fatalf("issues: %s", issueList(s.Issues))
	}
	b.must(p, `{"kind":"column.set","table":"receivables","id":"c9","field":"name","value":"开票日期"}`)
	b.must(p, `{"kind":"column.set","table":"receivables","id":"c9","field":"type","value":"date"}`)
	list := s.Compile()
	if probs := playbook.ValidateDailyTables(list, "$.daily_tables"); len(probs) != 0 {
		t.Fatalf("compiled tables fail: %v", probs)
	}
	if got := list[4].Columns[len(list[4].Columns)-1]; got.Name != "开票日期" || got.Type != "date" || list[4].Owner != "财务" {
		t.Fatalf("compiled %+v", list[4])
	}
	b.refused(p, `{"kind":"column.add","table":"receivables","id":"c10","name":"x","type":"blob"}`, CodeInvalidOp)
	b.refused(p, `{"kind":"column.set","table":"nope","id":"c1","field":"name","value":"x"}`, CodeNotFound)
	b.refused(p, `{"kind":"table.set","id":"visit_plan","field":"frequency","value":"hourly"}`, CodeInvalidOp)
}

func TestMeetingsInputsNameDefinedTables(t *testing.T) {
	b := newBoard(t, MeetingsKind, "")
	p := participant("p", "g1")
	s := b.state.(*MeetingsState)
	if len(s.Meetings) != 2 || s.Meetings["weekly"] == nil || s.Meetings["monthly"] == nil || len(s.Issues) != 0 {
		t.Fatalf("preset: %d meetings, issues %s", len(s.Meetings), issueList(s.Issues))
	}
	b.must(p, `{"kind":"meeting.set","id":"weekly","field":"inputs","value":["visit_plan","crm_dump"]}`)
	if !hasIssue(s.Issues, "meetings/weekly/inputs/1", "unknown_table") {
		t.Fatalf("issues: %s", issueList(s.Issues))
	}
	b.must(p, `{"kind":"meeting.set","id":"weekly","field":"inputs","value":["visit_plan"]}`)
	b.must(p, `{"kind":"meeting.set","id":"weekly","field":"minutes","value":30}`)
	if !hasIssue(s.Issues, "meetings/weekly/agenda", "agenda_too_long") {
		t.Fatalf("issues: %s", issueList(s.Issues))
	}
	b.must(p, `{"kind":"meeting.set","id":"weekly","field":"agenda","value":[{"item":"上周结果","minutes":15},{"item":"本周计划","minutes":15}]}`)
	if len(s.Issues) != 0 {
		t.Fatalf("issues: %s", issueList(s.Issues))
	}
	review := newBoard(t, MeetingsKind, `{"preset":"project_review"}`).state.(*MeetingsState)
	if len(review.Meetings) != 1 || review.Meetings["project_review"].Kind != "project_review" {
		t.Fatal("project review preset")
	}
	if _, err := NewState(MeetingsKind, json.RawMessage(`{"preset":"party"}`)); err == nil {
		t.Fatal("unknown preset accepted")
	}
	b.refused(p, `{"kind":"meeting.set","id":"weekly","field":"agenda","value":[{"item":"x","minutes":-5}]}`, CodeInvalidOp)
	b.refused(p, `{"kind":"meeting.set","id":"weekly","field":"inputs","value":["bad id!"]}`, CodeInvalidOp)
	b.refused(p, `{"kind":"meeting.add","id":"x","name":"x","meeting_kind":"party"}`, CodeInvalidOp)
	// The whole document ties meetings to the company's daily tables.
	doc := playbook.New(playbook.Company{Name: "甲", Currency: "CNY", MinorUnits: 2, FiscalYearStart: 1, Language: "zh-CN"})
	doc.Title = "t"
	newBoard(t, TablesKind, "").state.(*TablesState).CompileInto(doc)
	s.CompileInto(doc)
	if probs := doc.Validate(); len(probs) != 0 {
		t.Fatalf("tables + meetings compiled: %v", probs)
	}
}

func TestTeamMixAgainst12421(t *testing.T) {
	b := newBoard(t, TeamMixKind, "")
	p := participant("p", "g1")
	s := b.state.(*TeamMixState)
	if !hasIssue(s.Issues, "people", "required") || s.Interpretation.ZH == "" {
		t.Fatalf("fresh: %s", issueList(s.Issues))
	}
	levels := []int{1, 2, 3, 3, 3, 3, 3, 4, 4, 5}
	for i, l := range levels {
		b.must(p, `{"kind":"person.add","id":"p`+string(rune('a'+i))+`","name":"销售`+string(rune('A'+i))+`","level":`+string(rune('0'+l))+`}`)
	}
	if s.Total != 10 || len(s.Issues) != 0 {
		t.Fatalf("total %d issues %s", s.Total, issueList(s.Issues))
	}
	want := []TeamMixRow{{1, 1, 1, 0}, {2, 1, 2, -1}, {3, 5, 4, 1}, {4, 2, 2, 0}, {5, 1, 1, 0}}
	if !slices.Equal(s.Mix, want) {
		t.Fatalf("mix %v", s.Mix)
	}
	b.must(p, `{"kind":"person.set","id":"pc","field":"level","value":2}`) // promoted
	if s.Mix[1].Gap != 0 || s.Mix[2].Gap != 0 {
		t.Fatalf("after promotion %v", s.Mix)
	}
	b.must(p, `{"kind":"level.rename","level":5,"name":"新兵"}`)
	ts := s.Compile()
	if probs := playbook.ValidateTeam(&ts, "$.team_structure"); len(probs) != 0 || ts.Tiers[4].Name != "新兵" || len(ts.Tiers[2].Names) != 4 {
		t.Fatalf("compiled %+v: %v", ts, probs)
	}
	b.refused(p, `{"kind":"person.add","id":"x","name":"x","level":6}`, CodeInvalidOp)
	b.refused(p, `{"kind":"person.add","id":"y","name":" ","level":1}`, CodeInvalidOp)
	b.refused(p, `{"kind":"person.set","id":"pa","field":"level","value":0}`, CodeInvalidOp)
}

// Every structured kind compiles into a document that passes the checks
// once the groups have done their work: a complete company playbook built
// from boards alone.
func TestBoardsCompileIntoAValidPlaybook(t *testing.T) {
	doc := playbook.New(playbook.Company{Name: "恒岳电梯", Currency: "CNY", MinorUnits: 2, FiscalYearStart: 1, Language: "zh-CN"})
	doc.Title = "销售作战手册"
	p := participant("p", "g1")

	stages := newBoard(t, StagesKind, "")
	buildPipeline(stages, p)
	targets := newBoard(t, TargetsKind, `{"fiscal_year":2027}`)
	targets.must(p, `{"kind":"targets.set","field":"annual.amount_minor","value":9600000000}`)
	targets.must(p, `{"kind":"targets.set","field":"annual.deadline","value":"2027-12-31"}`)
	kpis := newBoard(t, KPIsKind, "")
	kpis.must(p, `{"kind":"kpi.add","id":"v","name":"拜访量"}`)
	kpis.must(p, `{"kind":"kpi.add","id":"s","name":"签约额","metric_kind":"result"}`)
	kpis.must(p, `{"kind":"kpi.set","id":"v","field":"weight","value":30}`)
	kpis.must(p, `{"kind":"kpi.set","id":"s","field":"weight","value":70}`)
	kpis.must(p, `{"kind":"kpi.set","id":"v","field":"scoring","value":"按达成率"}`)
	kpis.must(p, `{"kind":"kpi.set","id":"s","field":"scoring","value":"按达成率"}`)
	tiers := newBoard(t, TiersKind, "")
	for _, id := range []string{"A", "B", "C"} {
		tiers.must(p, `{"kind":"tier.set","id":"`+id+`","field":"criteria","value":["规模"]}`)
		tiers.must(p, `{"kind":"tier.set","id":"`+id+`","field":"visit_cadence","value":"每月"}`)
	}
	team := newBoard(t, TeamMixKind, "")
	team.must(p, `{"kind":"person.add","id":"a","name":"王磊","level":1}`)

	for _, b := range []*board{stages, targets, kpis, tiers, newBoard(t, TablesKind, ""), newBoard(t, MeetingsKind, ""), team} {
		b.state.(Section).CompileInto(doc)
	}
	if probs := doc.Validate(); len(probs) != 0 {
		t.Fatalf("compiled playbook fails:\n%v", (&playbook.Problems{List: probs}).Error())
	}
	data, err := playbook.Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	back, err := playbook.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := playbook.Encode(back)
	if string(again) != string(data) {
		t.Fatal("compiled playbook does not round-trip")
	}
}

// The trainer's coaching comments reach the items of every structured kind,
// as on notes, tables and funnels: on an item, or on the board as a whole.
func TestStructuredKindsTakeCoachingComments(t *testing.T) {
	for _, tc := range []struct {
		kind, setup, item string
	}{
		{StagesKind, "", "need"},
		{StagesKind, "", "won"},
		{TargetsKind, "", "Q1"},
		{TargetsKind, `{"kind":"region.add","id":"east","name":"华东"}`, "east"},
		{KPIsKind, `{"kind":"kpi.add","id":"visits","name":"有效拜访量"}`, "visits"},
		{TiersKind, "", "A"},
		{MeetingsKind, "", "weekly"},
		{TablesKind, "", "opportunities"},
		{TeamMixKind, `{"kind":"person.add","id":"p1","name":"张三","level":2}`, "p1"},
	} {
		t.Run(tc.kind+"/"+tc.item, func(t *testing.T) {
			if k, _ := Lookup(tc.kind); !slices.Contains(k.Ops, "comment.add") {
				t.Fatalf("%s does not list the comment operations: %v", tc.kind, k.Ops)
			}
			b := newBoard(t, tc.kind, "")
			tr, ann := trainer("t1"), participant("ann", "g1")
			if tc.setup != "" {
				b.must(ann, tc.setup)
			}
			b.must(tr, `{"kind":"comment.add","id":"c1","item":"`+tc.item+`","text":"再想想：证据是什么？"}`)
			b.must(tr, `{"kind":"comment.add","id":"c2","item":"","text":"整体不错"}`)
			b.refused(tr, `{"kind":"comment.add","id":"c3","item":"no-such-item","text":"x"}`, CodeNotFound)
			b.must(ann, `{"kind":"comment.add","id":"c4","item":"`+tc.item+`","text":"证据是中标通知书"}`)
			b.must(tr, `{"kind":"comment.edit","id":"c1","text":"证据是什么？写进 CRM"}`)
			data := mustJSON(t, b.state)
			if !bytes.Contains(data, []byte(`"item":"`+tc.item+`"`)) || !bytes.Contains(data, []byte("写进 CRM")) {
				t.Fatalf("state %s", data)
			}
			if p := ProgressOf(b.state); p.Comments != 3 {
				t.Fatalf("progress %+v", p)
			}
			// The state round-trips through the database with its comments.
			k, _ := Lookup(tc.kind)
			back, err := k.Decode(data)
			if err != nil || !bytes.Equal(mustJSON(t, back), data) {
				t.Fatalf("decode: %v", err)
			}
			b.must(tr, `{"kind":"comment.delete","id":"c1"}`)
		})
	}
}
