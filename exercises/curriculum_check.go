package exercises

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Limits of a curriculum. A trainer's copy is refused when it breaks one.
const (
	MaxModules          = 12
	MaxActivities       = 30 // per module
	MaxTopics           = 20
	MaxHints            = 10
	MaxCasesPerItem     = 20
	MaxInterpretations  = 40
	MaxTools            = 40
	MaxParts            = 12
	MaxAgendaDays       = 14
	MaxBlocksPerDay     = 60
	MaxBlockMinutes     = 480
	MaxDayMinutes       = 960 // 16 hours, breaks included
	MaxQuestionText     = 500
	MaxHintText         = 300
	MaxSummaryText      = 1000
	maxCurriculumTitle  = 120
	maxCurriculumIssues = 50
)

// ActivityTypes are the kinds of activity a curriculum may hold.
var ActivityTypes = []string{"discussion", "tool", "case", "poll"}

// Problem is one thing wrong with a curriculum: the JSON path of the field at
// fault ("modules[3].activities[1].template"), a stable code, and the reason
// in English and Chinese — the same shape as a playbook's problems
// (playbook.Problem), so a trainer reads it in their language.
type Problem struct {
	Path      string `json:"path"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageZH string `json:"message_zh"`
}

// In returns the reason in lang ("zh-CN" or "en").
func (p Problem) In(lang string) string {
	if lang == "en" || p.MessageZH == "" {
		return p.Message
	}
	return p.MessageZH
}

// Problems is every problem found in a curriculum; it is the error Validate
// and Check return.
type Problems []Problem

func (p Problems) Error() string {
	if len(p) == 0 {
		return "no problems"
	}
	msg := p[0].Path + ": " + p[0].Message
	if len(p) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(p)-1)
	}
	return msg
}

// Refs tells Check which references outside the curriculum exist.
type Refs struct {
	// Case reports whether a case id names a case the workshop can use.
	// Nil accepts only the cases the built-in curriculum refers to.
	Case func(id string) bool
}

// KnownTemplate reports whether a template kind is part of the product: a
// registered kind, or one the built-in curriculum names (a kind a later
// version serves; its activities show no board until then).
func KnownTemplate(name string) bool {
	if _, ok := Lookup(name); ok {
		return true
	}
	return slices.Contains(builtinTemplates(), name)
}

// BuiltinCase reports whether the built-in curriculum refers to case id.
func BuiltinCase(id string) bool { return slices.Contains(builtinCases(), id) }

var builtinRefs = sync.OnceValues(func() ([]string, []string) {
	c := Builtin()
	var kinds []string
	for _, a := range c.Activities() {
		kinds = append(kinds, a.Template)
	}
	slices.Sort(kinds)
	return slices.Compact(kinds), c.CaseIDs()
})

func builtinTemplates() []string { k, _ := builtinRefs(); return k }
func builtinCases() []string     { _, c := builtinRefs(); return c }

// Validate checks a curriculum's structure: ids, texts and limits, the
// configuration of every activity whose template kind is registered, and the
// references inside it (agenda → activities and modules, toolkit →
// activities and interpretations). It does not look at cases or at whether
// templates exist; Check does.
func (c *Curriculum) Validate() error {
	v := &checker{c: c}
	v.structure()
	return v.result()
}

// Check is Validate plus the references that point outside the curriculum:
// every activity's template kind must exist and every case must be known.
// A trainer's copy is saved only when Check passes.
func (c *Curriculum) Check(refs Refs) error {
	caseOK := refs.Case
	if caseOK == nil {
		caseOK = BuiltinCase
	}
	v := &checker{c: c}
	v.structure()
	for i, r := range c.Cases {
		if ValidID(r.ID) && !caseOK(r.ID) {
			v.add(fmt.Sprintf("cases[%d].id", i), "unknown_case", msgf("there is no case %q", r.ID), msgf("没有案例 %q", r.ID))
		}
	}
	for mi, m := range c.Modules {
		for ci, id := range m.Cases {
			if ValidID(id) && !caseOK(id) {
				v.add(fmt.Sprintf("modules[%d].cases[%d]", mi, ci), "unknown_case", msgf("there is no case %q", id), msgf("没有案例 %q", id))
			}
		}
		for ai, a := range m.Activities {
			p := fmt.Sprintf("modules[%d].activities[%d]", mi, ai)
			if a.Template != "" && !KnownTemplate(a.Template) {
				v.add(p+".template", "unknown_template",
					msgf("activity %s uses template %q, which does not exist (templates: %s)", a.ID, a.Template, strings.Join(knownTemplates(), ", ")),
					msgf("活动 %s 使用的模板 %q 不存在（可用模板：%s）", a.ID, a.Template, strings.Join(knownTemplates(), "、")))
			}
			for ci, id := range a.Cases {
				if ValidID(id) && !caseOK(id) {
					v.add(fmt.Sprintf("%s.cases[%d]", p, ci), "unknown_case",
						msgf("activity %s refers to case %q, which does not exist", a.ID, id), msgf("活动 %s 引用的案例 %q 不存在", a.ID, id))
				}
			}
		}
	}
	for di, d := range c.Agenda.Days {
		for bi, b := range d.Blocks {
			if b.Case != "" && ValidID(b.Case) && !caseOK(b.Case) {
				v.add(fmt.Sprintf("agenda.days[%d].blocks[%d].case", di, bi), "unknown_case",
					msgf("block %s refers to case %q, which does not exist", b.ID, b.Case), msgf("日程块 %s 引用的案例 %q 不存在", b.ID, b.Case))
			}
		}
	}
	return v.result()
}

func knownTemplates() []string {
	names := append(Kinds(), builtinTemplates()...)
	slices.Sort(names)
	names = slices.Compact(names)
	return slices.DeleteFunc(names, func(n string) bool { return n == ControlKind })
}

type checker struct {
	c        *Curriculum
	problems Problems
}

// add records a problem with its code and its reason in English and Chinese.
func (v *checker) add(path, code, en, zh string) {
	if len(v.problems) < maxCurriculumIssues {
		v.problems = append(v.problems, Problem{Path: path, Code: code, Message: en, MessageZH: zh})
	}
}

var msgf = fmt.Sprintf

func (v *checker) result() error {
	if len(v.problems) == 0 {
		return nil
	}
	return v.problems
}

// text checks a bilingual text: valid UTF-8, no more than max characters in
// either language, and (when required) at least one language present.
func (v *checker) text(path string, t Text, max int, required bool) {
	if required && strings.TrimSpace(t.ZH) == "" && strings.TrimSpace(t.EN) == "" {
		v.add(path, "required", "a Chinese or English text is required", "中文或英文至少填写一种")
		return
	}
	for lang, s := range map[string]string{"zh-CN": t.ZH, "en": t.EN} {
		if !utf8.ValidString(s) {
			v.add(path+"."+lang, "invalid_text", "the text is not valid UTF-8", "文字不是有效的 UTF-8 编码")
		} else if n := utf8.RuneCountInString(s); n > max {
			v.add(path+"."+lang, "too_long", msgf("the text is %d characters long; the limit is %d", n, max), msgf("长度 %d 字，超过上限 %d", n, max))
		}
	}
}

func (v *checker) id(path, id string, activity bool) {
	ok := ValidID(id)
	if activity {
		ok = validActivityID(id)
	}
	if !ok {
		v.add(path, "invalid_id", msgf("%q is not a valid id (1–%d letters, digits, '-', '_'%s)", id, MaxIDLength, map[bool]string{true: " or '.'"}[activity]),
			msgf("%q 不是有效的编号（1–%d 个字母、数字、“-”、“_”%s）", id, MaxIDLength, map[bool]string{true: "或“.”"}[activity]))
	}
}

func (v *checker) cases(path string, ids []string) {
	if len(ids) > MaxCasesPerItem {
		v.add(path, "too_many", msgf("at most %d cases", MaxCasesPerItem), msgf("最多 %d 个案例", MaxCasesPerItem))
	}
	for i, id := range ids {
		v.id(fmt.Sprintf("%s[%d]", path, i), id, false)
	}
}

func (v *checker) structure() {
	c := v.c
	v.text("title", c.Title, maxCurriculumTitle, true)
	if len(c.Modules) == 0 {
		v.add("modules", "required", "a curriculum needs at least one module", "课程至少需要一个模块")
	}
	if len(c.Modules) > MaxModules {
		v.add("modules", "too_many", msgf("a curriculum has at most %d modules", MaxModules), msgf("课程最多 %d 个模块", MaxModules))
	}
	modules := map[string]bool{}
	activities := map[string]*Activity{}
	for mi := range c.Modules {
		m := &c.Modules[mi]
		p := fmt.Sprintf("modules[%d]", mi)
		v.id(p+".id", m.ID, false)
		if modules[m.ID] {
			v.add(p+".id", "duplicate", msgf("module %q appears twice", m.ID), msgf("模块 %q 出现了两次", m.ID))
		}
		modules[m.ID] = true
		v.text(p+".title", m.Title, maxCurriculumTitle, true)
		if len(m.Topics) > MaxTopics {
			v.add(p+".topics", "too_many", msgf("a module has at most %d topics", MaxTopics), msgf("一个模块最多 %d 个主题", MaxTopics))
		}
		for ti, t := range m.Topics {
			v.text(fmt.Sprintf("%s.topics[%d]", p, ti), t, MaxHintText, true)
		}
		v.cases(p+".cases", m.Cases)
		if len(m.Activities) > MaxActivities {
			v.add(p+".activities", "too_many", msgf("a module has at most %d activities", MaxActivities), msgf("一个模块最多 %d 个活动", MaxActivities))
		}
		for ai := range m.Activities {
			a := &m.Activities[ai]
			ap := fmt.Sprintf("%s.activities[%d]", p, ai)
			v.id(ap+".id", a.ID, true)
			if activities[a.ID] != nil {
				v.add(ap+".id", "duplicate", msgf("activity %q appears twice", a.ID), msgf("活动 %q 出现了两次", a.ID))
			}
			activities[a.ID] = a
			v.activity(ap, a)
		}
	}
	interps := map[string]bool{}
	if len(c.Interpretations) > MaxInterpretations {
		v.add("interpretations", "too_many", msgf("at most %d interpretations", MaxInterpretations), msgf("最多 %d 条术语解释", MaxInterpretations))
	}
	for i, it := range c.Interpretations {
		p := fmt.Sprintf("interpretations[%d]", i)
		v.id(p+".id", it.ID, false)
		if interps[it.ID] {
			v.add(p+".id", "duplicate", msgf("interpretation %q appears twice", it.ID), msgf("术语解释 %q 出现了两次", it.ID))
		}
		interps[it.ID] = true
		v.text(p+".term", it.Term, MaxShortText, true)
		v.text(p+".summary", it.Summary, MaxSummaryText, true)
		v.parts(p+".parts", it.Parts)
	}
	tools := map[string]bool{}
	if len(c.Toolkit) > MaxTools {
		v.add("toolkit", "too_many", msgf("at most %d tools", MaxTools), msgf("最多 %d 个工具", MaxTools))
	}
	for i, t := range c.Toolkit {
		p := fmt.Sprintf("toolkit[%d]", i)
		v.id(p+".id", t.ID, false)
		if tools[t.ID] {
			v.add(p+".id", "duplicate", msgf("tool %q appears twice", t.ID), msgf("工具 %q 出现了两次", t.ID))
		}
		tools[t.ID] = true
		v.text(p+".name", t.Name, MaxShortText, true)
		v.text(p+".summary", t.Summary, MaxSummaryText, true)
		v.parts(p+".points", t.Points)
		if t.Diagram != "" && !slices.Contains(Diagrams, t.Diagram) {
			v.add(p+".diagram", "unknown_diagram", msgf("unknown diagram %q (diagrams: %s)", t.Diagram, strings.Join(Diagrams, ", ")),
				msgf("没有图示 %q（可用图示：%s）", t.Diagram, strings.Join(Diagrams, "、")))
		}
		if t.Module != "" && !modules[t.Module] {
			v.add(p+".module", "missing_module", msgf("there is no module %q", t.Module), msgf("没有模块 %q", t.Module))
		}
		for ai, a := range t.Activities {
			if activities[a] == nil {
				v.add(fmt.Sprintf("%s.activities[%d]", p, ai), "missing_activity", msgf("there is no activity %q", a), msgf("没有活动 %q", a))
			}
		}
		for ii, id := range t.Interpretations {
			if !interps[id] {
				v.add(fmt.Sprintf("%s.interpretations[%d]", p, ii), "missing_interpretation", msgf("there is no interpretation %q", id), msgf("没有术语解释 %q", id))
			}
		}
	}
	listed := map[string]bool{}
	if len(c.Cases) > MaxTools {
		v.add("cases", "too_many", msgf("at most %d cases", MaxTools), msgf("最多 %d 个案例", MaxTools))
	}
	for i, r := range c.Cases {
		p := fmt.Sprintf("cases[%d]", i)
		v.id(p+".id", r.ID, false)
		if listed[r.ID] {
			v.add(p+".id", "duplicate", msgf("case %q is listed twice", r.ID), msgf("案例 %q 列出了两次", r.ID))
		}
		listed[r.ID] = true
		v.text(p+".title", r.Title, maxCurriculumTitle, true)
	}
	v.agenda(modules, activities)
}

func (v *checker) activity(p string, a *Activity) {
	if !slices.Contains(ActivityTypes, a.Type) {
		v.add(p+".type", "enum", msgf("activity type must be one of %s", strings.Join(ActivityTypes, ", ")),
			msgf("活动类型必须是 %s 之一", strings.Join(ActivityTypes, "、")))
	}
	if !ValidID(a.Template) {
		v.add(p+".template", "required", msgf("activity %s needs a template", a.ID), msgf("活动 %s 需要选择模板", a.ID))
	}
	v.text(p+".title", a.Title, MaxShortText, false)
	v.text(p+".question", a.Question, MaxQuestionText, true)
	if len(a.Hints) > MaxHints {
		v.add(p+".hints", "too_many", msgf("an activity has at most %d hints", MaxHints), msgf("一个活动最多 %d 条提示", MaxHints))
	}
	for hi, h := range a.Hints {
		v.text(fmt.Sprintf("%s.hints[%d]", p, hi), h, MaxHintText, true)
	}
	if a.Minutes < 0 || a.Minutes > MaxBlockMinutes {
		v.add(p+".minutes", "range", msgf("minutes must be between 0 and %d", MaxBlockMinutes), msgf("时长必须在 0 到 %d 分钟之间", MaxBlockMinutes))
	}
	if a.Output != "" && !ValidID(a.Output) {
		v.add(p+".output", "invalid_id", msgf("%q is not a valid playbook section name", a.Output), msgf("%q 不是有效的手册章节名", a.Output))
	}
	v.cases(p+".cases", a.Cases)
	if len(a.Config) > 32<<10 {
		v.add(p+".config", "too_long", "the template configuration is larger than 32 KB", "模板配置超过 32 KB")
		return
	}
	if _, ok := Lookup(a.Template); ok {
		if _, err := NewState(a.Template, a.Config); err != nil {
			msg := err.Error()
			if oe, ok := AsOpError(err); ok {
				msg = oe.Message
			}
			v.add(p+".config", "config", msgf("activity %s: %s", a.ID, msg), msgf("活动 %s 的模板配置有误：%s", a.ID, msg))
		}
	}
}

func (v *checker) parts(p string, parts []Part) {
	if len(parts) > MaxParts {
		v.add(p, "too_many", msgf("at most %d parts", MaxParts), msgf("最多 %d 个组成部分", MaxParts))
	}
	for i, pt := range parts {
		v.text(fmt.Sprintf("%s[%d].name", p, i), pt.Name, MaxShortText, true)
		v.text(fmt.Sprintf("%s[%d].detail", p, i), pt.Detail, MaxHintText, false)
		v.text(fmt.Sprintf("%s[%d].pair", p, i), pt.Pair, MaxShortText, false)
		if utf8.RuneCountInString(pt.Value) > 20 {
			v.add(fmt.Sprintf("%s[%d].value", p, i), "too_long", "a value is at most 20 characters", "取值最多 20 个字符")
		}
	}
}

var blockTypes = []string{BlockLecture, BlockActivity, BlockCase, BlockSharing, BlockBreak}

func (v *checker) agenda(modules map[string]bool, activities map[string]*Activity) {
	days := v.c.Agenda.Days
	if len(days) == 0 {
		v.add("agenda.days", "required", "the agenda needs at least one day", "日程至少需要一天")
	}
	if len(days) > MaxAgendaDays {
		v.add("agenda.days", "too_many", msgf("the agenda has at most %d days", MaxAgendaDays), msgf("日程最多 %d 天", MaxAgendaDays))
	}
	blocks := map[string]bool{}
	scheduled := map[string]string{}
	for di, d := range days {
		p := fmt.Sprintf("agenda.days[%d]", di)
		v.text(p+".title", d.Title, MaxShortText, true)
		if !validClock(d.Start) {
			v.add(p+".start", "clock", "the start time must be written HH:MM (24-hour clock)", "开始时间须写成 HH:MM（24 小时制）")
		}
		if len(d.Blocks) > MaxBlocksPerDay {
			v.add(p+".blocks", "too_many", msgf("a day has at most %d blocks", MaxBlocksPerDay), msgf("一天最多 %d 个日程块", MaxBlocksPerDay))
		}
		total := 0
		for bi, b := range d.Blocks {
			bp := fmt.Sprintf("%s.blocks[%d]", p, bi)
			v.id(bp+".id", b.ID, false)
			if blocks[b.ID] {
				v.add(bp+".id", "duplicate", msgf("block %q appears twice", b.ID), msgf("日程块 %q 出现了两次", b.ID))
			}
			blocks[b.ID] = true
			if !slices.Contains(blockTypes, b.Type) {
				v.add(bp+".type", "enum", msgf("block type must be one of %s", strings.Join(blockTypes, ", ")), msgf("日程块类型必须是 %s 之一", strings.Join(blockTypes, "、")))
				continue
			}
			if b.Module != "" && !modules[b.Module] {
				v.add(bp+".module", "missing_module", msgf("there is no module %q", b.Module), msgf("没有模块 %q", b.Module))
			}
			v.text(bp+".title", b.Title, maxCurriculumTitle, b.Type == BlockLecture || b.Type == BlockSharing || b.Type == BlockBreak)
			switch b.Type {
			case BlockActivity:
				a := activities[b.Activity]
				switch {
				case a == nil:
					v.add(bp+".activity", "missing_activity", msgf("there is no activity %q", b.Activity), msgf("没有活动 %q", b.Activity))
				case scheduled[b.Activity] != "":
					v.add(bp+".activity", "duplicate", msgf("activity %s is already in the agenda (block %s)", b.Activity, scheduled[b.Activity]),
						msgf("活动 %s 已经在日程中（日程块 %s）", b.Activity, scheduled[b.Activity]))
				case a.Minutes <= 0:
					v.add(bp+".activity", "no_duration", msgf("activity %s has no duration: set its minutes", b.Activity), msgf("活动 %s 没有时长：请设置分钟数", b.Activity))
				}
				scheduled[b.Activity] = b.ID
				if b.Minutes != 0 {
					v.add(bp+".minutes", "activity_minutes", "an activity block takes its minutes from the activity; set them there", "活动日程块的时长取自活动本身，请在活动上设置")
				}
				if a != nil {
					total += a.Minutes
				}
			default:
				if b.Activity != "" {
					v.add(bp+".activity", "not_allowed", "only activity blocks name an activity", "只有活动日程块才能指定活动")
				}
				if b.Minutes < 1 || b.Minutes > MaxBlockMinutes {
					v.add(bp+".minutes", "range", msgf("a block lasts 1 to %d minutes", MaxBlockMinutes), msgf("日程块时长须为 1 到 %d 分钟", MaxBlockMinutes))
				}
				if b.Type == BlockCase {
					if b.Case == "" {
						v.add(bp+".case", "required", "a case block names its case", "案例日程块须指定案例")
					} else {
						v.id(bp+".case", b.Case, false)
					}
				} else if b.Case != "" {
					v.add(bp+".case", "not_allowed", "only case blocks name a case", "只有案例日程块才能指定案例")
				}
				total += b.Minutes
			}
		}
		if total > MaxDayMinutes {
			v.add(p, "too_long", msgf("the day lasts %d minutes; the limit is %d", total, MaxDayMinutes), msgf("这一天共 %d 分钟，上限是 %d", total, MaxDayMinutes))
		}
	}
}

func validClock(s string) bool {
	if len(s) != 5 || s[2] != ':' {
		return false
	}
	h, m := int(s[0]-'0')*10+int(s[1]-'0'), int(s[3]-'0')*10+int(s[4]-'0')
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return h < 24 && m < 60
}
