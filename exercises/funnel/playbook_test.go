package funnel

import (
	"os"
	"strings"
	"testing"

	"playbook/playbook"
)

func TestFromPlaybook(t *testing.T) {
	data, err := os.ReadFile("../../docs/examples/playbook.json")
	if err != nil {
		t.Fatal(err)
	}
	pb, err := playbook.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	c, target, err := FromPlaybook(pb)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range c.Stages {
		names = append(names, s.Name)
	}
	// Post-sale 交付交接 counts as won.
	if strings.Join(names, ",") != "线索确认,现场勘查,方案报价,商务谈判,合同审批,赢单,输单,交付交接" {
		t.Fatalf("stages %v", names)
	}
	if s := c.Stages[0]; *s.Probability != 10 || s.MaxDays != 14 || s.Aliases[0] != "Qualification" || s.Won || s.Lost {
		t.Errorf("first stage %+v", s)
	}
	if !c.Stages[5].Won || !c.Stages[6].Lost || !c.Stages[7].Won || c.Source != "playbook" {
		t.Errorf("closed stages %+v", c.Stages[5:])
	}
	if target == nil || target.Amount != 96_000_000 || target.From.Format("2006-01-02") != "2027-01-01" || target.To.Format("2006-01-02") != "2027-12-31" {
		t.Errorf("target %+v", target)
	}
	// An export naming stages by their code or by name reads against it.
	csv := "Stage,Amount,Status\nQualification,1000,open\n方案报价,2000,open\n交付交接,5000,won\n输单,100,lost\n"
	r := analyze(t, memInput("pb.csv", []byte(csv)), Options{Stages: c, Target: target})
	if r.StageOrder != "playbook" || r.Open != 2 || r.Won != 1 || r.Stages[0].Open != 1 || r.Stages[0].Name != "线索确认" {
		t.Errorf("result %+v", r.Stages)
	}
	checkV(t, "weighted", r.WeightedPipeline, 1000*0.10+2000*0.40)
	// A playbook without open stages is refused.
	pb.Stages.Stages = pb.Stages.Stages[5:]
	if _, _, err := FromPlaybook(pb); err == nil {
		t.Error("a playbook without open stages was accepted")
	}
}
