package playbook

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAdoptSectionItemAndField(t *testing.T) {
	company := New(Company{Name: "恒岳", Currency: "CNY", MinorUnits: 2, FiscalYearStart: 1, Language: "zh-CN"})
	company.Title = "手册"
	groupA, groupB := example(t), example(t)
	groupB.Stages.Stages[2].Probability = 35
	groupB.KPIs[0].Name = "客户拜访量"

	// A whole section from group A.
	doc, _, err := Adopt(company, groupA, "$.stages")
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Stages.Stages) != 8 || company.Stages.Stages == nil || len(company.Stages.Stages) != 0 {
		t.Fatal("section not adopted, or the original changed")
	}
	// One field from group B.
	doc, v, err := Adopt(doc, groupB, "$.stages.stages[id=proposal].probability")
	if err != nil {
		t.Fatal(err)
	}
	if string(v) != "35" || doc.Stages.Stages[2].Probability != 35 {
		t.Fatalf("field: %s, %d", v, doc.Stages.Stages[2].Probability)
	}
	// An item chosen by id: added when missing, replaced when present.
	doc, _, err = Adopt(doc, groupB, "$.kpis[id=visits]")
	if err != nil || len(doc.KPIs) != 1 || doc.KPIs[0].Name != "客户拜访量" {
		t.Fatalf("item: %v %+v", err, doc.KPIs)
	}
	doc, _, err = Adopt(doc, groupA, "$.kpis[id=visits]")
	if err != nil || len(doc.KPIs) != 1 || doc.KPIs[0].Name != "有效拜访量" {
		t.Fatalf("item replaced: %v %+v", err, doc.KPIs)
	}
	// An item without id is appended.
	doc, _, err = Adopt(doc, groupA, "$.training_plan[1]")
	if err != nil || len(doc.TrainingPlan) != 1 || doc.TrainingPlan[0].Capability != groupA.TrainingPlan[1].Capability {
		t.Fatalf("positional item: %v %+v", err, doc.TrainingPlan)
	}
	// A field of an item the company version lacks.
	if _, _, err := Adopt(doc, groupB, "$.kpis[id=signed].weight"); err == nil || !strings.Contains(err.Error(), "adopt the item first") {
		t.Fatalf("field of a missing item: %v", err)
	}
	// Set by hand, checked for shape.
	doc, err = Set(doc, "$.company.currency", json.RawMessage(`"USD"`))
	if err != nil || doc.Company.Currency != "USD" {
		t.Fatalf("set: %v", err)
	}
	if _, err := Set(doc, "$.stages.stages[id=lead].probability", json.RawMessage(`"high"`)); err == nil {
		t.Fatal("a string probability was accepted")
	}
	if _, err := Set(doc, "$.stages.colour", json.RawMessage(`"red"`)); err == nil {
		t.Fatal("an unknown field was created")
	}
	for _, bad := range []string{"stages", "$", "$.version", "$.stages[", "$.kpis[id=a b]", "$.kpis[-1]", "$..x"} {
		if _, err := ParsePath(bad); err == nil {
			t.Errorf("path %q accepted", bad)
		}
	}
	if SectionOf("$.stages.stages[id=lead].probability") != "stages" {
		t.Fatal("SectionOf")
	}
	got, err := Get(doc, "$.stages.stages[id=proposal].probability")
	if err != nil || string(got) != "35" {
		t.Fatalf("get %s %v", got, err)
	}
}

func TestAdoptIntoAnotherItem(t *testing.T) {
	company := example(t)
	group := example(t)
	group.Stages.Stages[2].ID = "g2-proposal" // the group made its own stage
	group.Stages.Stages[2].Probability = 35
	doc, v, err := AdoptInto(company, group, "$.stages.stages[id=g2-proposal].probability", "$.stages.stages[id=proposal].probability")
	if err != nil || string(v) != "35" || doc.Stages.Stages[2].Probability != 35 {
		t.Fatalf("field into: %v %s", err, v)
	}
	group.Stages.Stages[2].Name = "方案与报价"
	doc, _, err = AdoptInto(doc, group, "$.stages.stages[id=g2-proposal]", "$.stages.stages[id=proposal]")
	if err != nil || doc.Stages.Stages[2].ID != "proposal" || doc.Stages.Stages[2].Name != "方案与报价" {
		t.Fatalf("item into: %v %+v", err, doc.Stages.Stages[2])
	}
	if _, _, err := AdoptInto(doc, group, "$.stages.stages[id=g2-proposal]", "$.kpis[id=visits]"); err == nil {
		t.Fatal("adopted across sections")
	}
}
