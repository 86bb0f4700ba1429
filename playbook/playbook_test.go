package playbook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

const examplePath = "../docs/examples/playbook.json"

// example loads the shipped example, fresh for every caller.
func example(t testing.TB) *Playbook {
	t.Helper()
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Decode(data)
	if err != nil {
		t.Fatalf("example does not decode: %v", err)
	}
	return p
}

func TestExampleIsValidAndComplete(t *testing.T) {
	p := example(t)
	if probs := p.Validate(); len(probs) > 0 {
		t.Fatalf("the example fails its checks:\n%v", (&Problems{List: probs}).Error())
	}
	// Complete: every section holds something.
	if len(p.ValueProps) == 0 || len(p.DailyTables) != 5 || len(p.Meetings) < 2 || len(p.Stages.Stages) == 0 ||
		len(p.KPIs) == 0 || len(p.CustomerTiers.Tiers) == 0 || len(p.Discovery.Layers) == 0 ||
		len(p.Persona.Attributes) == 0 || len(p.TeamStructure.Tiers) != 5 || len(p.TrainingPlan) == 0 ||
		len(p.PassoffResults.Attempts) == 0 || len(p.Actions) == 0 || len(p.Targets.Quarters) != 4 ||
		len(p.Targets.Regions) == 0 || len(p.Appendix) == 0 || p.Appendix[0].ZH == nil || p.Appendix[0].EN == nil {
		t.Fatal("the example leaves a section empty")
	}
}

func TestJSONRoundTripIsByteIdentical(t *testing.T) {
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, data) {
		t.Fatal("export → import → export changed the bytes of the example")
	}
	// And from an empty draft, too.
	empty := New(Company{Name: "甲", Currency: "CNY", MinorUnits: 2, FiscalYearStart: 1, Language: "zh-CN"})
	empty.Title = "t"
	a, err := Encode(empty)
	if err != nil {
		t.Fatal(err)
	}
	q, err := Decode(a)
	if err != nil {
		t.Fatalf("an empty draft does not decode: %v", err)
	}
	b, _ := Encode(q)
	if !bytes.Equal(a, b) {
		t.Fatalf("empty draft round trip differs:\n%s\n%s", a, b)
	}
	if probs := q.Validate(); len(probs) > 0 {
		t.Fatalf("an empty draft is valid, got %v", probs)
	}
}

// mutation breaks the example in one way and names the problem it must cause.
type mutation struct {
	name string
	edit func(p *Playbook)
	path string
	code string
}

func checkMutations() []mutation {
	stage := func(p *Playbook, id string) *Stage {
		for i := range p.Stages.Stages {
			if p.Stages.Stages[i].ID == id {
				return &p.Stages.Stages[i]
			}
		}
		panic(id)
	}
	return []mutation{
		// Stages.
		{"falling probability", func(p *Playbook) { stage(p, "proposal").Probability = 15 }, "$.stages.stages[2].probability", "probability_not_rising"},
		{"equal probability", func(p *Playbook) { stage(p, "proposal").Probability = 20 }, "$.stages.stages[2].probability", "probability_not_rising"},
		{"open stage at 0", func(p *Playbook) { stage(p, "lead").Probability = 0 }, "$.stages.stages[0].probability", "open_probability"},
		{"open stage at 100", func(p *Playbook) { stage(p, "contract").Probability = 100 }, "$.stages.stages[4].probability", "open_probability"},
		{"won not 100", func(p *Playbook) { stage(p, "won").Probability = 90 }, "$.stages.stages[5].probability", "won_probability"},
		{"lost not 0", func(p *Playbook) { stage(p, "lost").Probability = 5 }, "$.stages.stages[6].probability", "lost_probability"},
		{"duplicate stage name", func(p *Playbook) { stage(p, "survey").Name = "线索确认" }, "$.stages.stages[1].name", "duplicate_name"},
		{"duplicate code", func(p *Playbook) { stage(p, "survey").Code = "qualification" }, "$.stages.stages[1].code", "duplicate_code"},
		{"non-ASCII code", func(p *Playbook) { stage(p, "survey").Code = "现场勘查" }, "$.stages.stages[1].code", "code"},
		{"unmapped buying step", func(p *Playbook) { stage(p, "proposal").BuyingStep = "need" }, "$.stages.buying_steps[1]", "unmapped_step"},
		{"stage mapped to nothing", func(p *Playbook) { stage(p, "proposal").BuyingStep = "" }, "$.stages.stages[2].buying_step", "unmapped_stage"},
		{"stage mapped to unknown step", func(p *Playbook) { stage(p, "proposal").BuyingStep = "dream" }, "$.stages.stages[2].buying_step", "unknown_step"},
		{"mapping goes backwards", func(p *Playbook) { stage(p, "negotiation").BuyingStep = "need" }, "$.stages.stages[3].buying_step", "mapping_order"},
		{"no won stage", func(p *Playbook) { stage(p, "won").Status = StatusOpen; stage(p, "won").Probability = 90 }, "$.stages.stages", "won_stage"},
		{"two won stages", func(p *Playbook) {
			s := stage(p, "lost")
			s.Status, s.Probability, s.ForecastCategory = StatusWon, 100, ForecastClosed
		}, "$.stages.stages", "won_stage"},
		{"no lost stage", func(p *Playbook) {
			p.Stages.Stages = append(p.Stages.Stages[:6], p.Stages.Stages[7:]...)
		}, "$.stages.stages", "lost_stage"},
		{"open after closed", func(p *Playbook) {
			s := p.Stages.Stages
			s[4], s[5] = s[5], s[4]
		}, "$.stages.stages[5].status", "order"},
		{"open stage forecast closed", func(p *Playbook) { stage(p, "lead").ForecastCategory = ForecastClosed }, "$.stages.stages[0].forecast_category", "forecast"},
		{"won forecast pipeline", func(p *Playbook) { stage(p, "won").ForecastCategory = ForecastPipeline }, "$.stages.stages[5].forecast_category", "forecast"},
		{"unknown forecast", func(p *Playbook) { stage(p, "lead").ForecastCategory = "maybe" }, "$.stages.stages[0].forecast_category", "enum"},
		{"open stage without max days", func(p *Playbook) { stage(p, "lead").MaxDays = 0 }, "$.stages.stages[0].max_days", "required"},
		{"open stage without exit criterion", func(p *Playbook) { stage(p, "lead").ExitCriterion = " " }, "$.stages.stages[0].exit_criterion", "required"},
		{"post-sale not 100", func(p *Playbook) { stage(p, "handover").Probability = 50 }, "$.stages.stages[7].probability", "post_sale_probability"},
		{"post-sale without pipeline", func(p *Playbook) { p.Stages.PostSalePipeline = "" }, "$.stages.post_sale_pipeline", "required"},
		{"duplicate stage id", func(p *Playbook) { stage(p, "survey").ID = "lead" }, "$.stages.stages[1].id", "duplicate"},
		// KPIs.
		{"weights not 100", func(p *Playbook) { p.KPIs[0].Weight = 25 }, "$.kpis", "weights_sum"},
		{"no process metric", func(p *Playbook) {
			for i := range p.KPIs {
				p.KPIs[i].Kind = "result"
			}
		}, "$.kpis", "no_process_metric"},
		{"no result metric", func(p *Playbook) {
			for i := range p.KPIs {
				p.KPIs[i].Kind = "process"
			}
		}, "$.kpis", "no_result_metric"},
		{"zero weight", func(p *Playbook) { p.KPIs[0].Weight = 0; p.KPIs[1].Weight = 35 }, "$.kpis[0].weight", "required"},
		// Targets.
		{"quarters do not reconcile", func(p *Playbook) { p.Targets.Quarters[1].AmountMinor++ }, "$.targets.quarters", "split_mismatch"},
		{"months do not reconcile", func(p *Playbook) { p.Targets.Quarters[2].Months[0].AmountMinor -= 100 }, "$.targets.quarters[2].months", "split_mismatch"},
		{"regions do not reconcile", func(p *Playbook) { p.Targets.Regions[0].AmountMinor += 1 }, "$.targets.regions", "split_mismatch"},
		{"reps do not reconcile", func(p *Playbook) {
			r := &p.Targets.Regions[1].Reps[0]
			r.AmountMinor, r.NewMinor = r.AmountMinor+5, r.NewMinor+5
		}, "$.targets.regions[1].reps", "split_mismatch"},
		{"rep existing + new ≠ target", func(p *Playbook) { p.Targets.Regions[0].Reps[0].NewMinor++ }, "$.targets.regions[0].reps[0]", "split_mismatch"},
		{"existing does not follow the formula", func(p *Playbook) { p.Targets.Customers.RetentionPct = 90 }, "$.targets.customers.existing_minor", "existing_formula"},
		{"existing + new ≠ annual", func(p *Playbook) { p.Targets.Customers.NewMinor-- }, "$.targets.customers", "split_mismatch"},
		{"retention above 100", func(p *Playbook) { p.Targets.Customers.RetentionPct = 120 }, "$.targets.customers.retention_pct", "range"},
		{"negative amount", func(p *Playbook) { p.Targets.Regions[2].Reps[0].ExistingMinor = -1 }, "$.targets.regions[2].reps[0].existing_minor", "range"},
		{"no deadline", func(p *Playbook) { p.Targets.Annual.Deadline = "" }, "$.targets.annual.deadline", "required"},
		{"bad deadline", func(p *Playbook) { p.Targets.Annual.Deadline = "2027-02-30" }, "$.targets.annual.deadline", "date"},
		// Meetings and tables.
		{"meeting names an undefined table", func(p *Playbook) { p.Meetings[0].Inputs[1] = "crm_dump" }, "$.meetings[0].inputs[1]", "unknown_table"},
		{"agenda longer than the meeting", func(p *Playbook) { p.Meetings[0].Minutes = 30 }, "$.meetings[0].agenda", "agenda_too_long"},
		{"unknown column type", func(p *Playbook) { p.DailyTables[0].Columns[0].Type = "blob" }, "$.daily_tables[0].columns[0].type", "enum"},
		// Others.
		{"tier without criteria", func(p *Playbook) { p.CustomerTiers.Tiers[2].Criteria = []string{} }, "$.customer_tiers.tiers[2].criteria", "required"},
		{"team total", func(p *Playbook) { p.TeamStructure.Total = 11 }, "$.team_structure.total", "team_total"},
		{"team gap", func(p *Playbook) { p.TeamStructure.Tiers[1].Gap = 0 }, "$.team_structure.tiers[1].gap", "gap"},
		{"team ideal", func(p *Playbook) { p.TeamStructure.Tiers[1].Ideal, p.TeamStructure.Tiers[1].Gap = 3, -2 }, "$.team_structure.tiers[1].ideal", "ideal"},
		{"value strength", func(p *Playbook) { p.ValueProps[0].Strength = 6 }, "$.value_props[0].strength", "range"},
		{"proof type", func(p *Playbook) { p.ValueProps[0].ProofType = "rumour" }, "$.value_props[0].proof_type", "enum"},
		{"currency", func(p *Playbook) { p.Company.Currency = "rmb" }, "$.company.currency", "currency"},
		{"fiscal year start", func(p *Playbook) { p.Company.FiscalYearStart = 13 }, "$.company.fiscal_year_start", "range"},
		{"published without time", func(p *Playbook) { p.Version = 2 }, "$.published_at", "date"},
		{"action due date", func(p *Playbook) { p.Actions[0].Due = "next week" }, "$.actions[0].due", "date"},
		{"persona layer", func(p *Playbook) { p.Persona.Attributes[0].Layer = "looks" }, "$.persona.attributes[0].layer", "enum"},
		// The appendix of client cases.
		{"appendix case id", func(p *Playbook) { p.Appendix[0].ID = "Case_1" }, "$.appendix[0].id", "id"},
		{"appendix case id too long", func(p *Playbook) { p.Appendix[0].ID = strings.Repeat("a", 65) }, "$.appendix[0].id", "id"},
		{"appendix case twice", func(p *Playbook) { p.Appendix = append(p.Appendix, p.Appendix[0]) }, "$.appendix[1].id", "duplicate"},
		{"appendix case without text", func(p *Playbook) { p.Appendix[0].ZH, p.Appendix[0].EN = nil, nil }, "$.appendix[0]", "required"},
		{"appendix case without title", func(p *Playbook) { p.Appendix[0].EN.Title = " " }, "$.appendix[0].en.title", "required"},
		{"appendix title too long", func(p *Playbook) { p.Appendix[0].ZH.Title = strings.Repeat("案", MaxCaseTitle+1) }, "$.appendix[0].zh-CN.title", "too_long"},
		{"appendix industry too long", func(p *Playbook) { p.Appendix[0].EN.Industry = strings.Repeat("x", MaxCaseIndustry+1) }, "$.appendix[0].en.industry", "too_long"},
		{"appendix summary too long", func(p *Playbook) { p.Appendix[0].ZH.Summary = strings.Repeat("案", MaxCaseSummary+1) }, "$.appendix[0].zh-CN.summary", "too_long"},
		{"appendix section too long", func(p *Playbook) { p.Appendix[0].ZH.Results = strings.Repeat("结", MaxCaseSection+1) }, "$.appendix[0].zh-CN.results", "too_long"},
		{"too many appendix cases", func(p *Playbook) {
			for i := len(p.Appendix); i <= MaxAppendixCases; i++ {
				c := AppendixCase{ID: fmt.Sprintf("case-%d", i), ZH: &CaseText{Title: fmt.Sprintf("案例%d", i)}}
				p.Appendix = append(p.Appendix, c)
			}
		}, "$.appendix", "too_many"},
		{"appendix too large", func(p *Playbook) {
			long := strings.Repeat("长", MaxCaseSection)
			for i := 0; i*5*MaxCaseSection <= MaxAppendixChars; i++ {
				p.Appendix = append(p.Appendix, AppendixCase{ID: fmt.Sprintf("long-%d", i), ZH: &CaseText{Title: "长案例",
					Background: long, Situation: long, Actions: long, Results: long, Lessons: long}})
			}
		}, "$.appendix", "too_large"},
	}
}

func TestEveryCheck(t *testing.T) {
	for _, m := range checkMutations() {
		t.Run(m.name, func(t *testing.T) {
			p := example(t)
			m.edit(p)
			probs := p.Validate()
			for _, pr := range probs {
				if pr.Path == m.path && pr.Code == m.code {
					if pr.Message == "" || pr.MessageZH == "" {
						t.Fatalf("problem %v lacks a reason in one language", pr)
					}
					return
				}
			}
			t.Fatalf("want %s at %s; got %v", m.code, m.path, probs)
		})
	}
}

func TestDecodeReportsEveryStructuralProblemWithItsPath(t *testing.T) {
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	cases := []struct {
		name, from, to string
		want           []string // paths
	}{
		{"string for a number", `"probability": 20,`, `"probability": "20",`, []string{"$.stages.stages[1].probability"}},
		{"fraction for an integer", `"probability": 40,`, `"probability": 40.5,`, []string{"$.stages.stages[2].probability"}},
		{"unknown field", `"pipeline": "维保与改造销售流程",`, `"pipeline": "维保与改造销售流程", "colour": "red",`, []string{"$.stages.colour"}},
		{"missing field", `"minor_units": 2,`, ``, []string{"$.company.minor_units"}},
		{"two problems at once", `"strength": 5`, `"strength": null`, []string{"$.value_props[0].strength"}},
		{"list for an object", `"persona": {`, `"persona": [], "x": {`, []string{"$.persona", "$.x"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(s, c.from) {
				t.Fatalf("example lacks %q", c.from)
			}
			_, err := Decode([]byte(strings.Replace(s, c.from, c.to, 1)))
			probs, ok := err.(*Problems)
			if !ok {
				t.Fatalf("want *Problems, got %v", err)
			}
			got := map[string]bool{}
			for _, p := range probs.List {
				got[p.Path] = true
			}
			for _, w := range c.want {
				if !got[w] {
					t.Fatalf("want a problem at %s; got %v", w, probs.List)
				}
			}
		})
	}
	for _, bad := range []string{``, `{`, `[]`, `{"format":"playbook/2"}`, `{} {}`, `null`} {
		if _, err := Decode([]byte(bad)); err == nil {
			t.Errorf("Decode(%q) accepted", bad)
		}
	}
}

func TestSplitLargestRemainder(t *testing.T) {
	cases := []struct {
		total   int64
		weights []int64
		want    []int64
	}{
		{100, []int64{1, 1, 1}, []int64{34, 33, 33}},
		{10, []int64{1, 2, 4, 2, 1}, []int64{1, 2, 4, 2, 1}},
		{7, []int64{1, 2, 4, 2, 1}, []int64{1, 1, 3, 1, 1}},
		{1, []int64{0, 0}, []int64{1, 0}},
		{5, []int64{0, 3}, []int64{0, 5}},
		{0, []int64{1, 2}, []int64{0, 0}},
		{100, []int64{20, 25, 25, 30}, []int64{20, 25, 25, 30}},
		{MaxMoney, []int64{1_000_000, 1_000_000, 1}, nil},
	}
	for _, c := range cases {
		got := SplitLargestRemainder(c.total, c.weights)
		var sum int64
		for _, g := range got {
			sum += g
		}
		if sum != c.total {
			t.Errorf("split %d by %v = %v, sums to %d", c.total, c.weights, got, sum)
		}
		if c.want != nil && !equal(got, c.want) {
			t.Errorf("split %d by %v = %v, want %v", c.total, c.weights, got, c.want)
		}
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestExistingRevenueAndIdealTeam(t *testing.T) {
	if got := ExistingRevenue(8_000_000_000, 88, 6); got != 7_462_400_000 {
		t.Fatalf("existing = %d", got)
	}
	if got := ExistingRevenue(333, 50, 0); got != 167 { // 166.5 rounds half up
		t.Fatalf("rounding: %d", got)
	}
	if got := ExistingRevenue(100, 100, -100); got != 0 {
		t.Fatalf("growth -100%%: %d", got)
	}
	for n, want := range map[int][]int{10: {1, 2, 4, 2, 1}, 7: {1, 1, 3, 1, 1}, 23: {2, 5, 9, 5, 2}, 0: {0, 0, 0, 0, 0}} {
		got := IdealTeam(n, Ratio12421)
		sum := 0
		for _, g := range got {
			sum += g
		}
		if sum != n || len(got) != 5 {
			t.Fatalf("ideal team of %d = %v", n, got)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("ideal team of %d = %v, want %v", n, got, want)
			}
		}
	}
}

func TestPublishAndDiff(t *testing.T) {
	at := time.Date(2027, 1, 5, 9, 30, 0, 0, time.UTC)
	p := example(t)
	v1, diff1, err := Publish(nil, p, 1, at)
	if err != nil {
		t.Fatal(err)
	}
	if len(diff1) == 0 {
		t.Fatal("the first version's diff against an empty playbook is empty")
	}
	first, err := Decode(v1)
	if err != nil {
		t.Fatal(err)
	}
	if first.Version != 1 || first.PublishedAt != "2027-01-05T09:30:00Z" {
		t.Fatalf("version %d at %q", first.Version, first.PublishedAt)
	}
	if p.Version != 0 {
		t.Fatal("Publish changed its argument")
	}

	next := example(t)
	next.Stages.Stages[2].Probability = 35
	next.KPIs = next.KPIs[:4]
	next.KPIs[0].Weight = 40
	next.Stages.Stages = append(next.Stages.Stages[:2], append([]Stage{{ID: "demo", Code: "Demo", Name: "产品演示", Status: StatusOpen,
		BuyingStep: "evaluate", Probability: 30, Actions: []string{"演示"}, ExitCriterion: "客户认可", MaxDays: 10,
		ForecastCategory: ForecastPipeline}}, next.Stages.Stages[2:]...)...)
	_, diff2, err := Publish(first, next, 2, at.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	text := RenderDiff(diff2, "zh-CN")
	for _, want := range []string{
		"~ $.stages.stages[id=proposal].probability: 40 → 35",
		"+ $.stages.stages[id=demo]:",
		"- $.kpis[id=collected]:",
		"~ $.kpis[id=visits].weight: 20 → 40",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("diff lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "published_at") || strings.Contains(text, "$.version") {
		t.Errorf("diff shows the version stamp:\n%s", text)
	}

	// A version with failing checks is refused with every reason.
	bad := example(t)
	bad.KPIs[0].Weight = 90
	bad.Stages.Stages[1].Probability = 5
	_, _, err = Publish(first, bad, 2, at)
	probs, ok := err.(*Problems)
	if !ok || len(probs.List) < 2 {
		t.Fatalf("publishing an invalid document: %v", err)
	}
	if _, _, err := Publish(first, example(t), 3, at); err == nil {
		t.Fatal("version 3 after version 1 accepted")
	}
	if d := RenderDiff(nil, "en"); d != "No changes.\n" {
		t.Fatalf("empty diff: %q", d)
	}
}

// The appendix was added after documents were first written: a file without
// it still reads (as an empty appendix) and is then written canonically with
// the key; a null case text is refused, like every null.
func TestAppendixIsOptionalOnReadAndAlwaysWritten(t *testing.T) {
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "appendix")
	old, _ := json.Marshal(m)
	p, err := Decode(old)
	if err != nil {
		t.Fatalf("a document without an appendix: %v", err)
	}
	if p.Appendix == nil || len(p.Appendix) != 0 || len(p.Validate()) != 0 {
		t.Fatalf("appendix %v, problems %v", p.Appendix, p.Validate())
	}
	out, _ := Encode(p)
	if !strings.Contains(string(out), "\n  \"appendix\": []\n}") {
		t.Fatalf("the canonical form lacks the empty appendix:\n%s", out[len(out)-200:])
	}
	if err := schemaAccepts(t, compileSchema(t), old); err != nil {
		t.Fatalf("the schema refuses a document written before the appendix: %v", err)
	}

	for _, c := range []struct{ name, from, to, path string }{
		{"null text", `"en": {`, `"en": null, "x": {`, "$.appendix[0].en"},
		{"unknown field in a case", `"lessons": "- 招标`, `"teaching_notes": "", "lessons": "- 招标`, "$.appendix[0].zh-CN.teaching_notes"},
		{"case as a string", `"appendix": [`, `"appendix": ["01jg7k2m9x4c6v8t3q5r0w1b2n", `, "$.appendix[0]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(string(data), c.from) {
				t.Fatalf("example lacks %q", c.from)
			}
			broken := []byte(strings.Replace(string(data), c.from, c.to, 1))
			_, err := Decode(broken)
			probs, ok := err.(*Problems)
			if !ok {
				t.Fatalf("want *Problems, got %v", err)
			}
			found := false
			for _, p := range probs.List {
				found = found || p.Path == c.path
			}
			if !found {
				t.Fatalf("want a problem at %s; got %v", c.path, probs.List)
			}
			if schemaAccepts(t, compileSchema(t), broken) == nil {
				t.Fatal("the schema accepts it")
			}
		})
	}
}

// Versions: a case added to, edited in or removed from the appendix reads as
// such in the diff, matched by the case's id.
func TestAppendixDiff(t *testing.T) {
	at := time.Date(2027, 1, 5, 9, 30, 0, 0, time.UTC)
	base := example(t)
	id := base.Appendix[0].ID
	base.Appendix = nil
	v1, _, err := Publish(nil, base, 1, at)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := Decode(v1)
	if !strings.Contains(string(v1), `"appendix": []`) {
		t.Fatal("a version without cases lacks the empty appendix")
	}

	withCase := example(t)
	v2, diff, err := Publish(first, withCase, 2, at.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if text := RenderDiff(diff, "zh-CN"); len(diff) != 1 || !strings.HasPrefix(text, "+ $.appendix[id="+id+"]: ") {
		t.Fatalf("adding a case:\n%s", text)
	}
	second, _ := Decode(v2)

	edited := example(t)
	edited.Appendix[0].ZH.Results = "中标，三年合同额 216 万元。"
	edited.Appendix = append(edited.Appendix, AppendixCase{ID: "01jg9a", EN: &CaseText{Title: "A second case"}})
	v3, diff, err := Publish(second, edited, 3, at.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	text := RenderDiff(diff, "zh-CN")
	for _, want := range []string{
		"~ $.appendix[id=" + id + "].zh-CN.results: ",
		"+ $.appendix[id=01jg9a]: ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("diff lacks %q:\n%s", want, text)
		}
	}
	third, _ := Decode(v3)

	// Unflagged in the library: the next version has no such case.
	removed := example(t)
	removed.Appendix = removed.Appendix[:0]
	_, diff, err = Publish(third, removed, 4, at.Add(3*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	text = RenderDiff(diff, "en")
	if !strings.Contains(text, "- $.appendix[id="+id+"]: ") || !strings.Contains(text, "- $.appendix[id=01jg9a]: ") || len(diff) != 2 {
		t.Fatalf("removing the cases:\n%s", text)
	}
}

// The appendix comes from the case library: converging never writes it.
func TestAppendixIsNotSetByHand(t *testing.T) {
	p := example(t)
	for _, path := range []string{"$.appendix", "$.appendix[0].zh-CN.title", "$.appendix[id=x]"} {
		if _, err := Set(p, path, json.RawMessage(`[]`)); err == nil || !strings.Contains(err.Error(), "case library") {
			t.Errorf("Set %s: %v", path, err)
		}
	}
}

// The appendix's limits keep every document they accept readable: the
// largest appendix the checks let through, in the characters JSON spends
// most bytes on, still encodes under MaxDocumentBytes.
func TestLargestAppendixFitsADocument(t *testing.T) {
	p := New(Company{Name: "甲", Currency: "CNY", MinorUnits: 2, FiscalYearStart: 1, Language: "zh-CN"})
	p.Title = "t"
	left := MaxAppendixChars
	for i := 0; i < MaxAppendixCases && left > 0; i++ {
		c := AppendixCase{ID: fmt.Sprintf("case-%d", i), ZH: &CaseText{Title: "长"}, EN: &CaseText{Title: "x"}}
		left -= 2
		for _, t := range []*CaseText{c.ZH, c.EN} {
			for _, f := range []*string{&t.Background, &t.Situation, &t.Actions, &t.Results, &t.Lessons} {
				n := min(left, MaxCaseSection)
				*f = strings.Repeat("\u2028", n) // written as \u2028: six bytes for one character
				left -= n
			}
		}
		p.Appendix = append(p.Appendix, c)
	}
	if probs := p.Validate(); len(probs) > 0 || left > 0 {
		t.Fatalf("%d characters left; problems %v", left, probs)
	}
	data, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > MaxDocumentBytes {
		t.Fatalf("%d bytes; Decode reads at most %d", len(data), MaxDocumentBytes)
	}
	if _, err := Decode(data); err != nil {
		t.Fatal(err)
	}
	p.Appendix[0].ZH.Title = "长长"
	found := false
	for _, pr := range p.Validate() {
		found = found || pr.Path == "$.appendix" && pr.Code == "too_large"
	}
	if !found {
		t.Fatal("one character over the total is not refused")
	}
}
