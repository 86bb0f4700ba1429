package exercises

import (
	"testing"

	"playbook/playbook"
)

// builtinBoard makes a board of a built-in activity, with its preset.
func builtinBoard(t *testing.T, activity string) *board {
	t.Helper()
	_, a, ok := Builtin().Activity(activity)
	if !ok {
		t.Fatalf("no activity %s", activity)
	}
	return newBoard(t, a.Template, string(a.Config))
}

func TestGenericBoardsFeedTheirSections(t *testing.T) {
	p := participant("p", "g1")
	doc := playbook.New(playbook.Company{Name: "甲", Currency: "CNY", MinorUnits: 2, FiscalYearStart: 1, Language: "zh-CN"})
	doc.Title = "手册"

	// 1.4 value-proof matrix → value_props.
	vp := builtinBoard(t, "1.4")
	vp.must(p, `{"kind":"row.add","id":"r1","cells":{"value":"困人救援 30 分钟到场","pain":"业主投诉","proof":["data","testimonial"],"evidence":"派单系统导出","strength":5}}`)
	if got := CompileBoard("1.4", vp.state, doc); got != "$.value_props" {
		t.Fatalf("1.4 feeds %q", got)
	}
	if len(doc.ValueProps) != 1 || doc.ValueProps[0].ProofType != "data" || doc.ValueProps[0].Strength != 5 || doc.ValueProps[0].ID != "r1" {
		t.Fatalf("value props %+v", doc.ValueProps)
	}

	// 4.2 needs iceberg → discovery, notes tagged as questions apart.
	ice := builtinBoard(t, "4.2")
	ice.must(p, `{"kind":"note.add","id":"n1","zone":"explicit","text":"维保价格","tag":"need"}`)
	ice.must(p, `{"kind":"note.add","id":"n2","zone":"risks","text":"换维保商最担心什么？","tag":"question"}`)
	if got := CompileBoard("4.2", ice.state, doc); got != "$.discovery" {
		t.Fatalf("4.2 feeds %q", got)
	}
	var above, risks *playbook.DiscoveryLayer
	for i := range doc.Discovery.Layers {
		switch doc.Discovery.Layers[i].ID {
		case "explicit":
			above = &doc.Discovery.Layers[i]
		case "risks":
			risks = &doc.Discovery.Layers[i]
		}
	}
	if above == nil || above.Water != "above" || len(above.Needs) != 1 || risks == nil || risks.Water != "below" || len(risks.Questions) != 1 {
		t.Fatalf("discovery %+v", doc.Discovery)
	}

	// 6.1 talent iceberg → persona, must-have from the tag.
	talent := builtinBoard(t, "6.1")
	talent.must(p, `{"kind":"note.add","id":"n1","zone":"knowledge","text":"电梯维保法规","tag":"must"}`)
	talent.must(p, `{"kind":"note.add","id":"n2","zone":"role","text":"客户的安全顾问","tag":"nice"}`)
	if got := CompileBoard("6.1", talent.state, doc); got != "$.persona" {
		t.Fatalf("6.1 feeds %q", got)
	}
	if len(doc.Persona.Attributes) != 2 || !doc.Persona.Attributes[0].MustHave || doc.Persona.Attributes[1].Layer != "social_role" {
		t.Fatalf("persona %+v", doc.Persona)
	}

	// 6.3 training plan → training_plan.
	plan := builtinBoard(t, "6.3")
	plan.must(p, `{"kind":"row.add","id":"r1","cells":{"item":"需求挖掘","method":["passoff","joint-visit"],"frequency":"每两周","measure":"通关 ≥ 70%","owner":{"name":"陈立"},"due":"2027-03-31"}}`)
	if got := CompileBoard("6.3", plan.state, doc); got != "$.training_plan" {
		t.Fatalf("6.3 feeds %q", got)
	}
	if tp := doc.TrainingPlan; len(tp) != 1 || tp[0].Owner != "陈立" || tp[0].Method != "通关演练、陪访" {
		t.Fatalf("training plan %+v", tp)
	}

	// 2.2 notes as actions → actions.
	acts := builtinBoard(t, "2.2")
	acts.must(p, `{"kind":"note.add","id":"n1","lane":"plans","text":"每周一开周会"}`)
	acts.must(p, `{"kind":"note.add","id":"n2","lane":"plans","text":"还没人负责"}`)
	acts.must(p, `{"kind":"note.assign","id":"n1","owner":{"name":"区域经理"},"due":"2027-01-11"}`)
	if got := CompileBoard("2.2", acts.state, doc); got != "$.actions" {
		t.Fatalf("2.2 feeds %q", got)
	}
	if len(doc.Actions) != 1 || doc.Actions[0].Owner != "区域经理" || doc.Actions[0].Source != "2.2" {
		t.Fatalf("actions %+v", doc.Actions)
	}

	if probs := doc.Validate(); len(probs) != 0 {
		t.Fatalf("compiled sections fail: %v", probs)
	}
	// Which activities feed the playbook, and where.
	want := map[string]string{"1.2": "$.targets", "1.4": "$.value_props", "2.2": "$.actions", "2.tables": "$.daily_tables",
		"3.1": "$.stages", "3.3": "$.kpis", "4.1": "$.customer_tiers", "4.2": "$.discovery", "6.1": "$.persona",
		"6.3": "$.training_plan", "6.teammix": "$.team_structure", "1.1": "", "2.3": ""}
	for id, section := range want {
		_, a, ok := Builtin().Activity(id)
		if !ok {
			t.Fatalf("no activity %s", id)
		}
		if got := SectionOfActivity(a); got != section {
			t.Errorf("activity %s feeds %q, want %q", id, got, section)
		}
	}
}
