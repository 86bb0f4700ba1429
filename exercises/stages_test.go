package exercises

import (
	"slices"
	"strings"
	"testing"

	"playbook/playbook"
)

// hasIssue reports whether issues hold code at path (joined with "/").
func hasIssue(issues []Issue, path, code string) bool {
	for _, is := range issues {
		if strings.Join(is.Path, "/") == path && is.Code == code {
			return true
		}
	}
	return false
}

func issueList(issues []Issue) string {
	var b strings.Builder
	for _, is := range issues {
		b.WriteString(strings.Join(is.Path, "/") + " " + is.Code + "; ")
	}
	return b.String()
}

func TestStagesPrefilledWithTheSeedsFiveSteps(t *testing.T) {
	b := newBoard(t, StagesKind, "")
	s := b.state.(*StagesState)
	var names []string
	for _, st := range ordered(s.Steps) {
		names = append(names, st.Name)
	}
	if !slices.Equal(names, []string{"需求确认", "方案评估", "合同谈判", "签约", "交付"}) {
		t.Fatalf("steps %v", names)
	}
	if s.Stages["won"].Probability != 100 || s.Stages["lost"].Probability != 0 {
		t.Fatal("closed stages not prefilled")
	}
	// A fresh board says what is missing, at the fields concerned.
	for _, want := range [][2]string{{"pipeline", "required"}, {"stages", "no_open_stage"}, {"steps/need", "unmapped_step"}, {"steps/deliver", "unmapped_step"}} {
		if !hasIssue(s.Issues, want[0], want[1]) {
			t.Fatalf("fresh board lacks %v: %s", want, issueList(s.Issues))
		}
	}
	for _, is := range s.Issues {
		if is.Message.ZH == "" || is.Message.EN == "" {
			t.Fatalf("issue %v lacks a language", is)
		}
	}
}

// buildPipeline fills a board with a valid pipeline.
func buildPipeline(b *board, who Actor) {
	b.must(who, `{"kind":"pipeline.set","pipeline":"维保销售流程","post_sale_pipeline":"交付流程"}`)
	for _, op := range []string{
		`{"kind":"stage.add","id":"lead","name":"线索确认","buying_step":"need"}`,
		`{"kind":"stage.add","id":"proposal","name":"方案报价","buying_step":"evaluate"}`,
		`{"kind":"stage.add","id":"nego","name":"商务谈判","buying_step":"negotiate"}`,
		`{"kind":"stage.add","id":"handover","name":"交付交接","buying_step":"deliver","pos":200}`,
		`{"kind":"stage.set","id":"handover","field":"status","value":"post_sale"}`,
		`{"kind":"stage.set","id":"handover","field":"probability","value":100}`,
		`{"kind":"stage.set","id":"handover","field":"forecast_category","value":"closed"}`,
	} {
		b.must(who, op)
	}
	for id, p := range map[string]string{"lead": "10", "proposal": "40", "nego": "70"} {
		b.must(who, `{"kind":"stage.set","id":"`+id+`","field":"probability","value":`+p+`}`)
		b.must(who, `{"kind":"stage.set","id":"`+id+`","field":"max_days","value":30}`)
		b.must(who, `{"kind":"stage.set","id":"`+id+`","field":"exit_criterion","value":"客户确认"}`)
	}
}

func TestStagesValidPipelineHasNoIssuesAndCompiles(t *testing.T) {
	b := newBoard(t, StagesKind, "")
	ann := participant("ann", "g1")
	buildPipeline(b, ann)
	s := b.state.(*StagesState)
	if len(s.Issues) != 0 {
		t.Fatalf("issues on a valid pipeline: %s", issueList(s.Issues))
	}
	b.must(ann, `{"kind":"stage.set","id":"lead","field":"actions","value":["电话了解需求","  ","上门勘查"]}`)
	c := s.Compile()
	if len(c.Stages) != 6 || c.Stages[0].ID != "lead" || c.Stages[3].ID != "won" || c.Stages[5].ID != "handover" {
		t.Fatalf("order %+v", c.Stages)
	}
	if !slices.Equal(c.Stages[0].Actions, []string{"电话了解需求", "上门勘查"}) {
		t.Fatalf("actions %v", c.Stages[0].Actions)
	}
	if c.Stages[0].Code != "Stage 1" || c.Stages[3].Code != "Closed Won" {
		t.Fatalf("codes %q %q", c.Stages[0].Code, c.Stages[3].Code)
	}
	if probs := playbook.ValidateStages(&c, "$.stages"); len(probs) != 0 {
		t.Fatalf("compiled section fails: %v", probs)
	}
}

func TestStagesChecksAreStoredAndFlaggedAtTheField(t *testing.T) {
	cases := []struct {
		name string
		op   string
		path string
		code string
	}{
		{"falling probability", `{"kind":"stage.set","id":"proposal","field":"probability","value":5}`, "stages/proposal/probability", "probability_not_rising"},
		{"open at 0", `{"kind":"stage.set","id":"lead","field":"probability","value":0}`, "stages/lead/probability", "open_probability"},
		{"won not 100", `{"kind":"stage.set","id":"won","field":"probability","value":90}`, "stages/won/probability", "won_probability"},
		{"lost not 0", `{"kind":"stage.set","id":"lost","field":"probability","value":10}`, "stages/lost/probability", "lost_probability"},
		{"duplicate name", `{"kind":"stage.set","id":"nego","field":"name","value":"方案报价"}`, "stages/nego/name", "duplicate_name"},
		{"unmapped step", `{"kind":"stage.set","id":"proposal","field":"buying_step","value":"need"}`, "steps/evaluate", "unmapped_step"},
		{"step deleted under a stage", `{"kind":"step.delete","id":"negotiate"}`, "stages/nego/buying_step", "unmapped_stage"},
		{"no max days", `{"kind":"stage.set","id":"lead","field":"max_days","value":0}`, "stages/lead/max_days", "required"},
		{"non-ASCII code", `{"kind":"stage.set","id":"lead","field":"code","value":"线索"}`, "stages/lead/code", "code"},
		{"lost stage removed", `{"kind":"stage.delete","id":"lost"}`, "stages", "lost_stage"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := newBoard(t, StagesKind, "")
			ann := participant("ann", "g1")
			buildPipeline(b, ann)
			b.must(ann, c.op) // stored …
			s := b.state.(*StagesState)
			if !hasIssue(s.Issues, c.path, c.code) { // … and flagged
				t.Fatalf("want %s at %s; issues: %s", c.code, c.path, issueList(s.Issues))
			}
		})
	}
}

func TestStagesRefusesMalformedOperations(t *testing.T) {
	b := newBoard(t, StagesKind, "")
	p := participant("p", "g1")
	b.must(p, `{"kind":"stage.add","id":"s1","name":"线索"}`)
	cases := []struct{ name, op, code string }{
		{"duplicate id", `{"kind":"stage.add","id":"s1","name":"x"}`, CodeConflict},
		{"bad id", `{"kind":"stage.add","id":"s 1","name":"x"}`, CodeInvalidOp},
		{"unknown step", `{"kind":"stage.add","id":"s2","name":"x","buying_step":"dream"}`, CodeNotFound},
		{"probability above 100", `{"kind":"stage.set","id":"s1","field":"probability","value":150}`, CodeInvalidOp},
		{"probability as text", `{"kind":"stage.set","id":"s1","field":"probability","value":"20"}`, CodeInvalidOp},
		{"unknown field", `{"kind":"stage.set","id":"s1","field":"colour","value":"red"}`, CodeInvalidOp},
		{"unknown status", `{"kind":"stage.set","id":"s1","field":"status","value":"maybe"}`, CodeInvalidOp},
		{"unknown forecast", `{"kind":"stage.set","id":"s1","field":"forecast_category","value":"hope"}`, CodeInvalidOp},
		{"map to missing step", `{"kind":"stage.set","id":"s1","field":"buying_step","value":"dream"}`, CodeNotFound},
		{"too many actions", `{"kind":"stage.set","id":"s1","field":"actions","value":[` + strings.Repeat(`"a",`, MaxListItems) + `"a"]}`, CodeLimit},
		{"missing stage", `{"kind":"stage.set","id":"nope","field":"name","value":"x"}`, CodeNotFound},
		{"missing value", `{"kind":"stage.set","id":"s1","field":"name"}`, CodeInvalidOp},
		{"empty step name", `{"kind":"step.add","id":"x","name":"  "}`, CodeInvalidOp},
		{"rename missing step", `{"kind":"step.rename","id":"nope","name":"x"}`, CodeNotFound},
		{"unknown op", `{"kind":"stage.paint","id":"s1"}`, CodeInvalidOp},
		{"extra field", `{"kind":"stage.delete","id":"s1","why":"x"}`, CodeInvalidOp},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { b.t = t; b.refused(p, c.op, c.code) })
	}
	visitor := &Context{Actor: participant("v", "g2"), Visiting: true}
	if err := b.applyCtx(visitor, `{"kind":"stage.delete","id":"s1"}`); err == nil {
		t.Fatal("a visitor edited the stages")
	}
}

// Two people edit the same stage: different fields both survive; the same
// field ends with whichever edit the server sequenced last.
func TestStagesConcurrentEditsResolveBySequence(t *testing.T) {
	b := newBoard(t, StagesKind, "")
	ann, bob := participant("ann", "g1"), participant("bob", "g1")
	b.must(ann, `{"kind":"stage.add","id":"s1","name":"线索确认","buying_step":"need"}`)
	b.must(ann, `{"kind":"stage.set","id":"s1","field":"probability","value":10}`)
	b.must(bob, `{"kind":"stage.set","id":"s1","field":"max_days","value":14}`)
	b.must(bob, `{"kind":"stage.set","id":"s1","field":"probability","value":15}`)
	b.must(ann, `{"kind":"stage.set","id":"s1","field":"probability","value":20}`)
	st := b.state.(*StagesState).Stages["s1"]
	if st.Probability != 20 || st.MaxDays != 14 {
		t.Fatalf("after concurrent edits: probability %d, max days %d", st.Probability, st.MaxDays)
	}
	// A delete sequenced before an edit makes the edit not_found, and the
	// board is unchanged by it.
	b.must(bob, `{"kind":"stage.delete","id":"s1"}`)
	b.refused(ann, `{"kind":"stage.set","id":"s1","field":"name","value":"x"}`, CodeNotFound)
}
