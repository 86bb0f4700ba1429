package exercises

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// The seed's 18 group-discussion questions (小组研讨), in its wording; 带领 in
// 1.4 is corrected to 带来. Punctuation is compared loosely (the catalog uses
// full-width punctuation in Chinese copy).
var seedQuestions = []string{
	"为什么年初定的目标完不成?",
	"公司的销售总目标怎么定?如何分解?",
	"存量客户与增量客户,如何分配销售目标?",
	"我们能给客户带来的价值点有哪些?如何证明?",
	"公司目前的日常过程管理的现状及问题是什么?",
	"为达成销售目标、应该在哪些方面加强?",
	"上面分享的管理方法对我的启发是什么?",
	"结合业务价值链,公司的销售阶段如何划分?",
	"基于销售阶段划分,销售突破行为与关键节点标志性事件如何定义?",
	"基于销售阶段划分,绩效考核如何把过程量与结果量结合起来?",
	"基于销售阶段划分,公司CRM系统或项目进度如何加强管理?",
	"按目标细分行业或其他类型,公司的客户能否分类分级?",
	"关键目标行业的客户需求如何挖掘或引导?",
	"非标准型销售漏斗存在的问题有哪些?",
	"月度或关键项目分析会怎么开?",
	"物业服务销售人员的人才画像,公司更需要什么样的物业服务销售人员?",
	"公司目前的销售团队培养与辅导的现状及问题是什么?",
	"基于今年的销售目标及团队实际情况,我们将如何训练我们的销售团队?",
}

var seedModules = []string{
	"大客户销售目标管理与分解",
	"销售团队日常过程管理",
	"基于销售阶段划分的关键节点管理",
	"基于冰山模型的销售过程管理",
	"基于销售漏斗的过程管理",
	"销售人才选拔与人才培养",
}

// The cases the seed names, by the ids the case library uses, with a phrase
// of the seed's name for each.
var seedCases = map[string]string{
	"key-account-five-star":        "某大客户项目制目标与5星评级管理",
	"solution-value-presentation":  "解决方案型销售的价值呈现",
	"four-steel-frames":            "四把钢构",
	"medical-group-milestones":     "某医疗服务集团",
	"elevator-maintenance-iceberg": "某电梯维保服务",
	"sales-data-analysis":          "销售数据分析",
}

// The terms the seed names without defining; each needs an interpretation.
var undefinedTerms = []string{"5张表", "两会", "四把钢构", "五指神功", "12421组合法", "非标准型销售漏斗", "通关"}

// Every model and tool of the seed, for the toolkit page.
var seedTools = []string{"目标管理4部曲", "目标3定", "CRM · 5张表 · 两会", "四把钢构", "客户采购5步与销售5步", "销售公关5个诀窍",
	"阶段百分比", "过程量 + 结果量", "需求冰山模型", "销售漏斗", "五指神功", "人才冰山模型", "12421组合法", "通关"}

func loosePunct(s string) string {
	return strings.NewReplacer("？", "?", "，", ",", "、", ",", "：", ":", " ", "").Replace(s)
}

func TestCatalogHasEverySeedQuestion(t *testing.T) {
	c := Builtin()
	byQuestion := map[string]*Activity{}
	for _, a := range c.Activities() {
		byQuestion[loosePunct(a.Question.ZH)] = a
	}
	if len(seedQuestions) != 18 {
		t.Fatalf("the seed has 18 questions, the list %d", len(seedQuestions))
	}
	for _, q := range seedQuestions {
		a := byQuestion[loosePunct(q)]
		if a == nil {
			t.Errorf("seed question missing from the catalog: %s", q)
			continue
		}
		if a.Type != "discussion" || a.Template == "" || a.Minutes <= 0 || len(a.Hints) < 2 || a.Question.EN == "" || a.Title.ZH == "" {
			t.Errorf("question %s (%s): type %q, template %q, %d minutes, %d hints, English %q, title %q — each needs a template, a duration, at least two hints and English",
				a.ID, q, a.Type, a.Template, a.Minutes, len(a.Hints), a.Question.EN, a.Title.ZH)
		}
	}
}

func TestCatalogHasTheSixModules(t *testing.T) {
	c := Builtin()
	if len(c.Modules) != 6 {
		t.Fatalf("%d modules, want 6", len(c.Modules))
	}
	for i, title := range seedModules {
		m := c.Modules[i]
		if m.Title.ZH != title || m.Number != i+1 || m.Title.EN == "" || len(m.Topics) == 0 {
			t.Errorf("module %d is %q (%q, %d topics), want %q with English and topics", i+1, m.Title.ZH, m.Title.EN, len(m.Topics), title)
		}
	}
}

func TestCatalogHasEverySeedCase(t *testing.T) {
	c := Builtin()
	referenced := c.CaseIDs()
	for id, name := range seedCases {
		i := slices.IndexFunc(c.Cases, func(r CaseRef) bool { return r.ID == id })
		if i < 0 {
			t.Errorf("case %s (%s) is not in the catalog's case list", id, name)
			continue
		}
		if !strings.Contains(c.Cases[i].Title.ZH, name) || c.Cases[i].Title.EN == "" {
			t.Errorf("case %s is titled %+v, want the seed's name %q and English", id, c.Cases[i].Title, name)
		}
		used := false
		for _, m := range c.Modules {
			used = used || slices.Contains(m.Cases, id)
		}
		if !used || !slices.Contains(referenced, id) {
			t.Errorf("case %s is named but no module refers to it", id)
		}
	}
}

// Every text of the catalog — titles, questions, hints, lane and column
// titles inside template configurations, interpretations, the toolkit, the
// agenda — exists in both languages.
func TestCatalogTextsHaveEnglish(t *testing.T) {
	raw, err := json.Marshal(Builtin())
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	count := 0
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			zh, hasZH := x["zh-CN"]
			en, hasEN := x["en"]
			if hasZH || hasEN {
				count++
				if s, _ := zh.(string); strings.TrimSpace(s) == "" {
					t.Errorf("%s: Chinese text missing (%v)", path, x)
				}
				if s, _ := en.(string); strings.TrimSpace(s) == "" {
					t.Errorf("%s: English text missing (%v)", path, x)
				}
				return
			}
			for k, e := range x {
				walk(path+"."+k, e)
			}
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		}
	}
	walk("$", doc)
	if count < 300 {
		t.Fatalf("only %d bilingual texts found; the walk is broken", count)
	}
}

func TestCatalogInterpretsEveryUndefinedTerm(t *testing.T) {
	c := Builtin()
	for _, term := range undefinedTerms {
		i := slices.IndexFunc(c.Interpretations, func(it Interpretation) bool { return it.Term.ZH == term })
		if i < 0 {
			t.Errorf("no interpretation of %s", term)
			continue
		}
		it := c.Interpretations[i]
		if !strings.Contains(it.Summary.ZH, "种子资料") || !strings.Contains(it.Summary.EN, "seed") || len(it.Parts) == 0 {
			t.Errorf("interpretation of %s must say the seed leaves it undefined and list its parts: %+v", term, it)
		}
	}
}

func TestToolkitCoversEveryModelOfTheSeed(t *testing.T) {
	c := Builtin()
	if len(c.Toolkit) < 10 {
		t.Fatalf("the seed promises more than 10 tools; the toolkit has %d", len(c.Toolkit))
	}
	for _, name := range seedTools {
		i := slices.IndexFunc(c.Toolkit, func(tl Tool) bool { return tl.Name.ZH == name })
		if i < 0 {
			t.Errorf("toolkit lacks %s", name)
			continue
		}
		tl := c.Toolkit[i]
		if tl.Summary.ZH == "" || len(tl.Activities) == 0 || tl.Diagram == "" || len(tl.Points) == 0 {
			t.Errorf("tool %s needs a summary, points, a diagram and the activities that apply it: %+v", name, tl)
		}
	}
}

func TestAgendaIsTwoSixHourDaysOfAboutThirtySeventy(t *testing.T) {
	c := Builtin()
	if len(c.Agenda.Days) != 2 {
		t.Fatalf("%d days, want 2", len(c.Agenda.Days))
	}
	for _, d := range c.Agenda.Days {
		total := 0
		for i := range d.Blocks {
			if d.Blocks[i].Type != BlockBreak {
				total += c.Minutes(&d.Blocks[i])
			}
		}
		if total != 360 {
			t.Errorf("%s lasts %d minutes of teaching, want 360", d.Title.EN, total)
		}
	}
	lecture, group := c.Split()
	share := float64(lecture) / float64(lecture+group)
	if share < 0.25 || share > 0.35 {
		t.Errorf("lecture share %.0f%% (lecture %d min, group work %d min), want about 30%%", share*100, lecture, group)
	}
	scheduled := map[string]bool{}
	for _, d := range c.Agenda.Days {
		for _, b := range d.Blocks {
			scheduled[b.Activity] = true
		}
	}
	for _, a := range c.Activities() {
		if !scheduled[a.ID] {
			t.Errorf("activity %s is not on the agenda", a.ID)
		}
	}
	// Day 1 covers modules 1–3 (first half), day 2 the rest and the pass-off.
	if b, day, ok := c.Block("b01"); !ok || day != 0 || b.Module != "m1" {
		t.Errorf("the agenda must open with module 1 on day 1: %+v", b)
	}
}

func TestBuiltinConfiguresTheGenericKinds(t *testing.T) {
	c := Builtin()
	want := map[string]string{"1.4": "table", "4.2": "canvas", "6.1": "canvas", "6.3": "plan", "2.3": "reflection", "1.poll": "poll"}
	for id, kind := range want {
		_, a, ok := c.Activity(id)
		if !ok || a.Template != kind || len(a.Config) == 0 {
			t.Errorf("activity %s: template %q with config %s, want a configured %s", id, a.Template, a.Config, kind)
			continue
		}
		st, err := NewState(kind, a.Config)
		if err != nil {
			t.Errorf("activity %s: %v", id, err)
			continue
		}
		switch s := st.(type) {
		case *CanvasState:
			if s.Picture != PictureIceberg {
				t.Errorf("activity %s draws %q, want the iceberg", id, s.Picture)
			}
		case *TableState:
			if len(s.Columns) < 4 {
				t.Errorf("activity %s has %d columns", id, len(s.Columns))
			}
		}
	}
	if err := c.Check(Refs{}); err != nil {
		t.Fatalf("the built-in curriculum fails its own check: %v", err)
	}
}

// A trainer's copy with broken references is refused with the reason and
// the path of the field at fault.
func TestCheckRefusesBrokenCopies(t *testing.T) {
	cases := []struct {
		name, path, reason string
		edit               func(c *Curriculum)
	}{
		{"unknown template", "modules[3].activities[1].template", "does not exist", func(c *Curriculum) { c.Modules[3].Activities[1].Template = "canvass" }},
		{"unknown case of a module", "modules[0].cases[0]", "no case", func(c *Curriculum) { c.Modules[0].Cases[0] = "no-such-case" }},
		{"unknown case of an activity", "modules[0].activities[1].cases[0]", "no-such-case", func(c *Curriculum) { c.Modules[0].Activities[1].Cases = []string{"no-such-case"} }},
		{"agenda block to a missing activity", "agenda.days[0].blocks[1].activity", "no activity", func(c *Curriculum) { c.Agenda.Days[0].Blocks[1].Activity = "9.9" }},
		{"activity scheduled twice", "agenda.days[1].blocks[0].activity", "already in the agenda", func(c *Curriculum) {
			c.Agenda.Days[1].Blocks[0] = Block{ID: "again", Type: BlockActivity, Activity: "1.1"}
		}},
		{"toolkit link to a missing activity", "toolkit[0].activities[0]", "no activity", func(c *Curriculum) { c.Toolkit[0].Activities[0] = "7.7" }},
		{"toolkit link to a missing interpretation", "toolkit[2].interpretations[0]", "no interpretation", func(c *Curriculum) { c.Toolkit[2].Interpretations[0] = "six-tables" }},
		{"duplicate activity", "modules[1].activities[0].id", "appears twice", func(c *Curriculum) { c.Modules[1].Activities[0].ID = "1.1" }},
		{"bad template configuration", "modules[0].activities[3].config", "column", func(c *Curriculum) { c.Modules[0].Activities[3].Config = json.RawMessage(`{"columns":[]}`) }},
		{"misspelt configuration key", "modules[0].activities[3].config", "unknown field", func(c *Curriculum) {
			c.Modules[0].Activities[3].Config = json.RawMessage(`{"colums":[]}`)
		}},
		{"empty question", "modules[0].activities[0].question", "required", func(c *Curriculum) { c.Modules[0].Activities[0].Question = Text{} }},
		{"block with its own minutes", "agenda.days[0].blocks[1].minutes", "from the activity", func(c *Curriculum) { c.Agenda.Days[0].Blocks[1].Minutes = 30 }},
		{"bad start time", "agenda.days[0].start", "HH:MM", func(c *Curriculum) { c.Agenda.Days[0].Start = "25:00" }},
		{"unknown diagram", "toolkit[0].diagram", "unknown diagram", func(c *Curriculum) { c.Toolkit[0].Diagram = "spiral" }},
		{"unknown template of an added activity", "modules[5].activities[0].template", "does not exist", func(c *Curriculum) {
			c.Modules[5].Activities = slices.Insert(c.Modules[5].Activities, 0, Activity{ID: "6.new", Type: "tool", Template: "mindmap", Question: Text{ZH: "新活动"}, Minutes: 10})
		}},
		{"added activity without a template", "modules[5].activities[0].template", "needs a template", func(c *Curriculum) {
			c.Modules[5].Activities = slices.Insert(c.Modules[5].Activities, 0, Activity{ID: "6.new", Type: "tool", Question: Text{ZH: "新活动"}, Minutes: 10})
		}},
		{"added activity with a taken id", "modules[5].activities[1].id", "appears twice", func(c *Curriculum) {
			c.Modules[5].Activities = slices.Insert(c.Modules[5].Activities, 0, Activity{ID: "6.1", Type: "discussion", Template: "notes", Question: Text{ZH: "再来一次"}, Minutes: 10})
		}},
		{"duplicate module", "modules[1].id", "appears twice", func(c *Curriculum) { c.Modules[1].ID = "m1" }},
		{"module title blank in both languages", "modules[2].title", "required", func(c *Curriculum) { c.Modules[2].Title = Text{ZH: "  ", EN: ""} }},
		{"curriculum title empty", "title", "required", func(c *Curriculum) { c.Title = Text{} }},
		{"question blank in both languages", "modules[0].activities[0].question", "required", func(c *Curriculum) { c.Modules[0].Activities[0].Question = Text{ZH: " ", EN: "\t"} }},
		{"removed activity still on the agenda", "agenda.days[0].blocks[2].activity", "no activity \"1.1\"", func(c *Curriculum) {
			c.Modules[0].Activities = c.Modules[0].Activities[1:]
			c.Toolkit = slices.DeleteFunc(c.Toolkit, func(t Tool) bool { return slices.Contains(t.Activities, "1.1") })
		}},
		{"removed activity still in the toolkit", "toolkit", "no activity \"3.1\"", func(c *Curriculum) {
			c.Modules[2].Activities = c.Modules[2].Activities[1:]
		}},
		{"removed module still on the agenda", "agenda.days[1].blocks[0].module", "no module \"m3\"", func(c *Curriculum) {
			c.Modules = slices.Delete(c.Modules, 2, 3)
		}},
		{"added activity off the agenda without minutes", "agenda.days[1].blocks[0].activity", "no duration", func(c *Curriculum) {
			c.Modules[5].Activities = slices.Insert(c.Modules[5].Activities, 0, Activity{ID: "6.new", Type: "tool", Template: "notes", Question: Text{ZH: "新活动"}})
			c.Agenda.Days[1].Blocks = slices.Insert(c.Agenda.Days[1].Blocks, 0, Block{ID: "b-new", Type: BlockActivity, Module: "m6", Activity: "6.new"})
		}},
		{"unknown case of an added case block", "agenda.days[1].blocks[0].case", "no-such-case", func(c *Curriculum) {
			c.Agenda.Days[1].Blocks = slices.Insert(c.Agenda.Days[1].Blocks, 0, Block{ID: "b-new", Type: BlockCase, Case: "no-such-case", Title: Text{ZH: "案例"}, Minutes: 10})
		}},
		{"no modules", "modules", "at least one module", func(c *Curriculum) { c.Modules = nil; c.Toolkit = nil; c.Agenda.Days = c.Agenda.Days[:0] }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Builtin()
			tc.edit(c)
			err := c.Check(Refs{})
			probs, ok := err.(Problems)
			if !ok {
				t.Fatalf("accepted (err %v)", err)
			}
			for _, p := range probs {
				// Every problem reads in both languages, with a stable code.
				if p.Code == "" || p.Message == "" || !hasHan(p.MessageZH) || p.In("zh-CN") != p.MessageZH || p.In("en") != p.Message {
					t.Errorf("problem %+v is not bilingual", p)
				}
			}
			for _, p := range probs {
				if (p.Path == tc.path || strings.HasPrefix(p.Path, tc.path+"[")) && strings.Contains(p.Message, tc.reason) {
					return
				}
			}
			t.Fatalf("problems %+v lack %s: …%s…", probs, tc.path, tc.reason)
		})
	}
	// A trainer may write their copy in one language only and rename anything.
	c := Builtin()
	c.Modules[0].Activities[0].Question = Text{ZH: "我们的目标为什么总是完不成？"}
	c.Modules[0].Activities[0].Minutes = 35
	c.Interpretations[0].Summary = Text{ZH: "我们公司的五张表是……"}
	if err := c.Check(Refs{}); err != nil {
		t.Fatalf("an edited copy is refused: %v", err)
	}
	// A case the library knows is accepted even though the built-in does not use it.
	c.Modules[5].Cases = []string{"property-services-roleplay"}
	if err := c.Check(Refs{Case: func(id string) bool { return BuiltinCase(id) || id == "property-services-roleplay" }}); err != nil {
		t.Fatalf("a library case is refused: %v", err)
	}
	if err := c.Check(Refs{}); err == nil {
		t.Fatal("an unknown case is accepted")
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// 案例萃取: day 2 has a guided case-extraction activity — situation, what was
// done, results, lessons — before the pass-off, in both languages.
func TestBuiltinExtractsTheClientsOwnCase(t *testing.T) {
	c := Builtin()
	m, a, ok := c.Activity("6.cases")
	if !ok || m.ID != "m6" || a.Template != CaseDraftKind || a.Minutes < 15 || a.Title.ZH == "" || a.Title.EN == "" ||
		a.Question.ZH == "" || a.Question.EN == "" || len(a.Hints) < 2 {
		t.Fatalf("6.cases: %+v", a)
	}
	for _, h := range a.Hints {
		if h.ZH == "" || h.EN == "" {
			t.Errorf("hint %+v is not bilingual", h)
		}
	}
	st, err := NewState(a.Template, a.Config)
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, p := range st.(*CaseDraftState).Prompts {
		fields = append(fields, p.ID)
	}
	if !slices.Equal(fields, []string{DraftTitle, DraftSituation, DraftActions, DraftResults, DraftLessons}) {
		t.Errorf("the draft asks for %v", fields)
	}
	at := map[string]int{}
	for _, d := range c.Agenda.Days[1:] {
		for bi, b := range d.Blocks {
			at[b.Activity] = bi + 1
		}
	}
	if at["6.cases"] == 0 || at["6.passoff"] == 0 || at["6.cases"] > at["6.passoff"] {
		t.Errorf("6.cases must be on day 2 before the pass-off (positions %d and %d)", at["6.cases"], at["6.passoff"])
	}
}
