package playbook

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Problem is one failed check: where (a JSON path into the document, such as
// $.stages.stages[2].probability), a stable code, and the reason in English
// and Chinese.
type Problem struct {
	Path      string `json:"path"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageZH string `json:"message_zh"`
}

func problem(path, code, en, zh string) Problem {
	return Problem{Path: path, Code: code, Message: en, MessageZH: zh}
}

// String renders a problem as "path: reason".
func (p Problem) String() string { return p.Path + ": " + p.Message }

// In returns the reason in lang ("zh-CN" or "en").
func (p Problem) In(lang string) string {
	if lang == "en" || p.MessageZH == "" {
		return p.Message
	}
	return p.MessageZH
}

// Problems is the error of a document that fails its checks; it lists every
// problem, not just the first.
type Problems struct {
	List []Problem
}

func (e *Problems) Error() string {
	lines := make([]string, len(e.List))
	for i, p := range e.List {
		lines[i] = p.String()
	}
	return fmt.Sprintf("playbook: %d problem(s):\n%s", len(e.List), strings.Join(lines, "\n"))
}

// Limits of a document.
const (
	// MaxMoney is the largest amount in minor units: 2^53−1, the largest
	// integer every JSON reader (JavaScript included) keeps exactly.
	MaxMoney = 1<<53 - 1
	// MaxText bounds every text field, in characters.
	MaxText = 2000
	// MaxItems bounds every list.
	MaxItems = 1000
	// MaxStageDays bounds max days in stage.
	MaxStageDays = 730
)

// Limits of the appendix, in characters. A case's texts follow the case
// library's own limits (cases package), so every case the library accepts
// fits; the total keeps a document with many long cases well inside
// MaxDocumentBytes.
const (
	MaxAppendixCases    = 30
	MaxCaseTitle        = 120
	MaxCaseIndustry     = 40
	MaxCaseSummary      = 600
	MaxCaseSection      = 20000
	MaxAppendixChars    = 1_000_000
	maxAppendixIDLength = 64
)

// Validate runs every check of the document and returns each problem found,
// or nil when the document is valid.
func (p *Playbook) Validate() []Problem {
	v := &validator{}
	v.document(p)
	return v.out
}

// Check returns a *Problems error when the document fails a check.
func (p *Playbook) Check() error {
	if probs := p.Validate(); len(probs) > 0 {
		return &Problems{List: probs}
	}
	return nil
}

type validator struct{ out []Problem }

func (v *validator) add(path, code, en, zh string) {
	v.out = append(v.out, problem(path, code, en, zh))
}

func idx(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// text checks a text field: at most MaxText characters, and present when required.
func (v *validator) text(path, s string, required bool) {
	if required && strings.TrimSpace(s) == "" {
		v.add(path, "required", "must not be empty", "不能为空")
		return
	}
	if n := utf8.RuneCountInString(s); n > MaxText {
		v.add(path, "too_long", fmt.Sprintf("is %d characters long; the limit is %d", n, MaxText),
			fmt.Sprintf("长度 %d 字，超过上限 %d", n, MaxText))
	}
}

func (v *validator) texts(path string, list []string) {
	v.count(path, len(list))
	for i, s := range list {
		v.text(idx(path, i), s, true)
	}
}

func (v *validator) count(path string, n int) {
	if n > MaxItems {
		v.add(path, "too_many", fmt.Sprintf("has %d items; the limit is %d", n, MaxItems),
			fmt.Sprintf("有 %d 项，上限是 %d", n, MaxItems))
	}
}

func (v *validator) oneOf(path, s string, allowed []string) {
	if !slices.Contains(allowed, s) {
		v.add(path, "enum", fmt.Sprintf("must be one of %s, not %q", strings.Join(allowed, ", "), s),
			fmt.Sprintf("必须是 %s 之一，而不是 %q", strings.Join(allowed, "、"), s))
	}
}

func (v *validator) between(path string, n, lo, hi int) bool {
	if n == 0 && lo > 0 {
		// Zero is what an untouched field holds: say it is to be filled in.
		v.add(path, "required", fmt.Sprintf("must be filled in (%d to %d)", lo, hi),
			fmt.Sprintf("请填写（%d 到 %d 之间）", lo, hi))
		return false
	}
	if n < lo || n > hi {
		v.add(path, "range", fmt.Sprintf("must be between %d and %d, not %d", lo, hi, n),
			fmt.Sprintf("必须在 %d 到 %d 之间，当前为 %d", lo, hi, n))
		return false
	}
	return true
}

func (v *validator) money(path string, m int64) {
	if m < 0 || m > MaxMoney {
		v.add(path, "range", fmt.Sprintf("must be between 0 and %d minor units, not %d", int64(MaxMoney), m),
			fmt.Sprintf("金额必须在 0 到 %d（最小货币单位）之间，当前为 %d", int64(MaxMoney), m))
	}
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,40}$`)

// ids checks that every item has a valid id and that no id repeats.
func (v *validator) ids(path string, ids []string) {
	seen := map[string]int{}
	for i, id := range ids {
		p := idx(path, i) + ".id"
		if !idPattern.MatchString(id) {
			v.add(p, "id", "must be 1–40 characters of letters, digits, '-' or '_'", "必须是 1–40 个字母、数字、'-' 或 '_'")
			continue
		}
		if first, dup := seen[id]; dup {
			v.add(p, "duplicate", fmt.Sprintf("repeats the id of item %d", first),
				fmt.Sprintf("与第 %d 项的 id 重复", first))
			continue
		}
		seen[id] = i
	}
}

func (v *validator) date(path, s string, required bool) {
	if s == "" {
		if required {
			v.add(path, "required", "a date is required (YYYY-MM-DD)", "请填写日期（YYYY-MM-DD）")
		}
		return
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		v.add(path, "date", "must be a date written YYYY-MM-DD", "日期格式必须为 YYYY-MM-DD")
	}
}

var currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)

func (v *validator) document(p *Playbook) {
	if p.Format != Format {
		v.add("$.format", "format", fmt.Sprintf("must be %q", Format), fmt.Sprintf("必须是 %q", Format))
	}
	v.text("$.title", p.Title, true)
	if v.between("$.version", p.Version, 0, 1_000_000) {
		if p.Version == 0 && p.PublishedAt != "" {
			v.add("$.published_at", "draft", "a draft (version 0) has no publication time", "草稿（版本 0）没有发布时间")
		}
		if p.Version > 0 {
			if _, err := time.Parse(time.RFC3339, p.PublishedAt); err != nil {
				v.add("$.published_at", "date", "a published version needs its time in RFC 3339 (2027-01-05T09:00:00Z)",
					"已发布版本需要 RFC 3339 格式的发布时间（如 2027-01-05T09:00:00Z）")
			}
		}
	}
	v.company(&p.Company)
	v.targets(&p.Targets)
	v.valueProps(p.ValueProps)
	v.dailyTables(p.DailyTables)
	v.meetings(p.Meetings, p.DailyTables)
	v.stages(&p.Stages)
	v.kpis(p.KPIs)
	v.tiers(&p.CustomerTiers)
	v.discovery(&p.Discovery)
	v.persona(&p.Persona)
	v.team(&p.TeamStructure)
	v.training(p.TrainingPlan)
	v.passoff(&p.PassoffResults)
	v.actions(p.Actions)
	v.appendix(p.Appendix)
}

func (v *validator) company(c *Company) {
	const base = "$.company"
	v.text(base+".name", c.Name, true)
	v.text(base+".industry", c.Industry, false)
	if !currencyPattern.MatchString(c.Currency) {
		v.add(base+".currency", "currency", "must be an ISO 4217 code such as CNY", "必须是 ISO 4217 货币代码，例如 CNY")
	}
	v.between(base+".minor_units", c.MinorUnits, 0, 3)
	v.between(base+".fiscal_year_start", c.FiscalYearStart, 1, 12)
	v.oneOf(base+".language", c.Language, []string{"zh-CN", "en"})
}

// ValidateTargets checks the targets section alone; paths start at base
// (for example "$.targets").
func ValidateTargets(t *Targets, base string) []Problem {
	v := &validator{}
	v.targetsAt(t, base)
	return v.out
}

func (v *validator) targets(t *Targets) { v.targetsAt(t, "$.targets") }

func (v *validator) targetsAt(t *Targets, base string) {
	a := &t.Annual
	empty := a.AmountMinor == 0 && len(t.Quarters) == 0 && len(t.Regions) == 0 && t.Customers == (CustomerSplit{})
	if empty {
		return
	}
	v.between(base+".fiscal_year", t.FiscalYear, 2000, 2100)
	v.money(base+".annual.amount_minor", a.AmountMinor)
	if a.AmountMinor <= 0 {
		v.add(base+".annual.amount_minor", "required", "the annual target （定量） must be above zero", "年度目标金额（定量）必须大于 0")
	}
	v.text(base+".annual.quality.customers", a.Quality.Customers, false)
	v.text(base+".annual.quality.products", a.Quality.Products, false)
	v.between(base+".annual.quality.min_margin_pct", a.Quality.MinMarginPct, 0, 100)
	v.date(base+".annual.deadline", a.Deadline, true)
	v.text(base+".annual.owner", a.Owner, false)

	// By period: quarters sum to the year, months to their quarter.
	v.count(base+".quarters", len(t.Quarters))
	qids := make([]string, len(t.Quarters))
	amounts := make([]int64, len(t.Quarters))
	for i, q := range t.Quarters {
		qids[i], amounts[i] = q.ID, q.AmountMinor
		qp := idx(base+".quarters", i)
		v.period(qp, &q)
		if len(q.Months) > 0 {
			mids := make([]string, len(q.Months))
			mam := make([]int64, len(q.Months))
			for j, m := range q.Months {
				mids[j], mam[j] = m.ID, m.AmountMinor
				v.period(idx(qp+".months", j), &m)
				if len(m.Months) > 0 {
					v.add(idx(qp+".months", j)+".months", "nesting", "a month cannot be split further", "月份不能再拆分")
				}
			}
			v.ids(qp+".months", mids)
			v.reconcile(qp+".months", mam, q.AmountMinor, "the quarter", "本季度")
		}
	}
	v.ids(base+".quarters", qids)
	if len(t.Quarters) > 0 {
		v.reconcile(base+".quarters", amounts, a.AmountMinor, "the annual target", "年度目标")
	}

	// By region and rep.
	v.count(base+".regions", len(t.Regions))
	rids := make([]string, len(t.Regions))
	ramounts := make([]int64, len(t.Regions))
	var repIDs []string
	var sumExisting, sumNew int64
	anySplit := false
	for i, r := range t.Regions {
		rids[i], ramounts[i] = r.ID, r.AmountMinor
		rp := idx(base+".regions", i)
		v.text(rp+".name", r.Name, true)
		v.text(rp+".owner", r.Owner, false)
		v.money(rp+".amount_minor", r.AmountMinor)
		v.count(rp+".reps", len(r.Reps))
		reps := make([]int64, len(r.Reps))
		for j, rep := range r.Reps {
			pp := idx(rp+".reps", j)
			repIDs = append(repIDs, rep.ID)
			reps[j] = rep.AmountMinor
			v.text(pp+".name", rep.Name, true)
			v.money(pp+".amount_minor", rep.AmountMinor)
			v.money(pp+".existing_minor", rep.ExistingMinor)
			v.money(pp+".new_minor", rep.NewMinor)
			if rep.ExistingMinor != 0 || rep.NewMinor != 0 {
				anySplit = true
				if rep.ExistingMinor+rep.NewMinor != rep.AmountMinor {
					v.add(pp, "split_mismatch", fmt.Sprintf("existing %s + new %s = %s, but the rep's target is %s",
						fmtMinor(rep.ExistingMinor), fmtMinor(rep.NewMinor), fmtMinor(rep.ExistingMinor+rep.NewMinor), fmtMinor(rep.AmountMinor)),
						fmt.Sprintf("存量 %s + 增量 %s = %s，与个人目标 %s 不一致",
							fmtMinor(rep.ExistingMinor), fmtMinor(rep.NewMinor), fmtMinor(rep.ExistingMinor+rep.NewMinor), fmtMinor(rep.AmountMinor)))
				}
			}
			sumExisting += rep.ExistingMinor
			sumNew += rep.NewMinor
		}
		if len(r.Reps) > 0 {
			v.reconcile(rp+".reps", reps, r.AmountMinor, "the region's target", "该区域目标")
		}
	}
	v.ids(base+".regions", rids)
	v.uniqueIDs(base+".regions[*].reps", repIDs)
	if len(t.Regions) > 0 {
		v.reconcile(base+".regions", ramounts, a.AmountMinor, "the annual target", "年度目标")
	}

	// Existing vs new customers.
	c := &t.Customers
	cp := base + ".customers"
	v.money(cp+".last_year_revenue_minor", c.LastYearRevenueMinor)
	v.money(cp+".existing_minor", c.ExistingMinor)
	v.money(cp+".new_minor", c.NewMinor)
	v.text(cp+".owner", c.Owner, false)
	okR := v.between(cp+".retention_pct", c.RetentionPct, 0, 100)
	okG := v.between(cp+".growth_pct", c.GrowthPct, -100, 1000)
	if *c != (CustomerSplit{}) {
		if okR && okG {
			if want := ExistingRevenue(c.LastYearRevenueMinor, c.RetentionPct, c.GrowthPct); c.ExistingMinor != want {
				v.add(cp+".existing_minor", "existing_formula",
					fmt.Sprintf("existing customers = last year %s × retention %d%% × (1 + growth %d%%) = %s, not %s",
						fmtMinor(c.LastYearRevenueMinor), c.RetentionPct, c.GrowthPct, fmtMinor(want), fmtMinor(c.ExistingMinor)),
					fmt.Sprintf("存量目标 = 去年收入 %s × 留存率 %d%% × (1 + 增长率 %d%%) = %s，而不是 %s",
						fmtMinor(c.LastYearRevenueMinor), c.RetentionPct, c.GrowthPct, fmtMinor(want), fmtMinor(c.ExistingMinor)))
			}
		}
		if c.ExistingMinor > a.AmountMinor {
			v.add(cp+".existing_minor", "existing_exceeds", "existing customers alone exceed the annual target; raise the target or revisit retention and growth",
				"仅存量客户就超过了年度目标；请提高目标或重新评估留存率和增长率")
		}
		v.reconcile(cp, []int64{c.ExistingMinor, c.NewMinor}, a.AmountMinor, "the annual target", "年度目标")
		if anySplit {
			if sumExisting != c.ExistingMinor {
				v.add(cp+".existing_minor", "split_mismatch", fmt.Sprintf("the reps' existing-customer targets add up to %s, not %s",
					fmtMinor(sumExisting), fmtMinor(c.ExistingMinor)),
					fmt.Sprintf("各销售的存量目标合计 %s，与存量目标 %s 不一致", fmtMinor(sumExisting), fmtMinor(c.ExistingMinor)))
			}
			if sumNew != c.NewMinor {
				v.add(cp+".new_minor", "split_mismatch", fmt.Sprintf("the reps' new-customer targets add up to %s, not %s",
					fmtMinor(sumNew), fmtMinor(c.NewMinor)),
					fmt.Sprintf("各销售的增量目标合计 %s，与增量目标 %s 不一致", fmtMinor(sumNew), fmtMinor(c.NewMinor)))
			}
		}
	}
}

func (v *validator) period(path string, q *PeriodTarget) {
	v.text(path+".label", q.Label, true)
	v.text(path+".owner", q.Owner, false)
	v.money(path+".amount_minor", q.AmountMinor)
	v.between(path+".weight", q.Weight, 0, 1_000_000)
}

// uniqueIDs checks ids that live in several lists (reps of all regions).
func (v *validator) uniqueIDs(path string, ids []string) {
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] && id != "" {
			v.add(path, "duplicate", fmt.Sprintf("the id %q is used twice", id), fmt.Sprintf("id %q 重复使用", id))
		}
		seen[id] = true
	}
}

// reconcile checks that parts sum exactly to whole.
func (v *validator) reconcile(path string, parts []int64, whole int64, wholeEN, wholeZH string) {
	var sum int64
	for _, p := range parts {
		sum += p
	}
	if sum != whole {
		diff := sum - whole
		v.add(path, "split_mismatch", fmt.Sprintf("the parts add up to %s, but %s is %s (difference %s)",
			fmtMinor(sum), wholeEN, fmtMinor(whole), fmtSigned(diff)),
			fmt.Sprintf("各项合计 %s，与%s %s 不一致（差 %s）", fmtMinor(sum), wholeZH, fmtMinor(whole), fmtSigned(diff)))
	}
}

// fmtMinor writes an amount in minor units with thousands separators.
func fmtMinor(m int64) string {
	s := strconv.FormatInt(m, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func fmtSigned(m int64) string {
	if m > 0 {
		return "+" + fmtMinor(m)
	}
	return fmtMinor(m)
}

func (v *validator) valueProps(list []ValueProp) {
	const base = "$.value_props"
	v.count(base, len(list))
	ids := make([]string, len(list))
	for i, vp := range list {
		p := idx(base, i)
		ids[i] = vp.ID
		v.text(p+".value", vp.Value, true)
		v.text(p+".pain", vp.Pain, false)
		v.oneOf(p+".proof_type", vp.ProofType, ProofTypes)
		v.text(p+".evidence", vp.Evidence, false)
		v.between(p+".strength", vp.Strength, 1, 5)
	}
	v.ids(base, ids)
}

// ValidateDailyTables checks the daily tables alone; paths start at base.
func ValidateDailyTables(list []DailyTable, base string) []Problem {
	v := &validator{}
	v.dailyTablesAt(list, base)
	return v.out
}

func (v *validator) dailyTables(list []DailyTable) { v.dailyTablesAt(list, "$.daily_tables") }

func (v *validator) dailyTablesAt(list []DailyTable, base string) {
	v.count(base, len(list))
	ids := make([]string, len(list))
	for i, t := range list {
		p := idx(base, i)
		ids[i] = t.ID
		v.text(p+".name", t.Name, true)
		v.text(p+".purpose", t.Purpose, false)
		v.text(p+".owner", t.Owner, false)
		v.oneOf(p+".frequency", t.Frequency, Frequencies)
		v.count(p+".columns", len(t.Columns))
		seen := map[string]bool{}
		for j, c := range t.Columns {
			cp := idx(p+".columns", j)
			v.text(cp+".name", c.Name, true)
			v.oneOf(cp+".type", c.Type, ColumnTypes)
			if seen[c.Name] {
				v.add(cp+".name", "duplicate", fmt.Sprintf("the column %q appears twice", c.Name), fmt.Sprintf("列 %q 重复", c.Name))
			}
			seen[c.Name] = true
		}
	}
	v.ids(base, ids)
}

// ValidateMeetings checks meetings against the tables they may name.
func ValidateMeetings(list []Meeting, tables []DailyTable, base string) []Problem {
	v := &validator{}
	v.meetingsAt(list, tables, base)
	return v.out
}

func (v *validator) meetings(list []Meeting, tables []DailyTable) {
	v.meetingsAt(list, tables, "$.meetings")
}

func (v *validator) meetingsAt(list []Meeting, tables []DailyTable, base string) {
	v.count(base, len(list))
	known := map[string]bool{}
	for _, t := range tables {
		known[t.ID] = true
	}
	ids := make([]string, len(list))
	for i, m := range list {
		p := idx(base, i)
		ids[i] = m.ID
		v.oneOf(p+".kind", m.Kind, MeetingKinds)
		v.text(p+".name", m.Name, true)
		v.text(p+".cadence", m.Cadence, true)
		v.between(p+".minutes", m.Minutes, 0, 24*60)
		v.texts(p+".attendees", m.Attendees)
		v.texts(p+".outputs", m.Outputs)
		v.count(p+".agenda", len(m.Agenda))
		total := 0
		for j, a := range m.Agenda {
			ap := idx(p+".agenda", j)
			v.text(ap+".item", a.Item, true)
			v.between(ap+".minutes", a.Minutes, 0, 24*60)
			total += a.Minutes
		}
		if m.Minutes > 0 && total > m.Minutes {
			v.add(p+".agenda", "agenda_too_long", fmt.Sprintf("the agenda takes %d minutes; the meeting lasts %d", total, m.Minutes),
				fmt.Sprintf("议程共 %d 分钟，超过会议时长 %d 分钟", total, m.Minutes))
		}
		for j, in := range m.Inputs {
			if !known[in] {
				v.add(idx(p+".inputs", j), "unknown_table", fmt.Sprintf("names %q, which is not one of the daily tables", in),
					fmt.Sprintf("引用的表 %q 不在日常管理表中", in))
			}
		}
	}
	v.ids(base, ids)
}

// ValidateStages checks the stages section alone; paths start at base.
func ValidateStages(s *Stages, base string) []Problem {
	v := &validator{}
	v.stagesAt(s, base)
	return v.out
}

func (v *validator) stages(s *Stages) { v.stagesAt(s, "$.stages") }

var codePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9 _-]{0,39}$`)

// Statuses and forecast categories a stage may have.
var (
	StageStatuses      = []string{StatusOpen, StatusWon, StatusLost, StatusPostSale}
	ForecastCategories = []string{ForecastPipeline, ForecastBestCase, ForecastCommit, ForecastClosed, ForecastOmitted}
)

func (v *validator) stagesAt(s *Stages, base string) {
	if len(s.Stages) == 0 && len(s.BuyingSteps) == 0 && s.Pipeline == "" {
		return
	}
	v.text(base+".pipeline", s.Pipeline, true)
	v.text(base+".post_sale_pipeline", s.PostSalePipeline, false)
	v.count(base+".buying_steps", len(s.BuyingSteps))
	v.count(base+".stages", len(s.Stages))
	stepIDs := make([]string, len(s.BuyingSteps))
	stepPos := map[string]int{}
	for i, b := range s.BuyingSteps {
		stepIDs[i] = b.ID
		stepPos[b.ID] = i
		v.text(idx(base+".buying_steps", i)+".name", b.Name, true)
	}
	v.ids(base+".buying_steps", stepIDs)

	ids := make([]string, len(s.Stages))
	names := map[string]int{}
	codes := map[string]int{}
	mapped := map[string]bool{}
	var won, lost, post int
	lastOpen, lastOpenProb := -1, 0
	seenClosed := false
	lastStep := -1
	for i, st := range s.Stages {
		p := idx(base+".stages", i)
		ids[i] = st.ID
		v.text(p+".name", st.Name, true)
		key := strings.ToLower(strings.TrimSpace(st.Name))
		if j, dup := names[key]; dup && key != "" {
			v.add(p+".name", "duplicate_name", fmt.Sprintf("stage names must be unique; stage %d is also called %q", j+1, st.Name),
				fmt.Sprintf("阶段名称不能重复；第 %d 个阶段也叫 %q", j+1, st.Name))
		} else {
			names[key] = i
		}
		if !codePattern.MatchString(st.Code) {
			v.add(p+".code", "code", "must start with a letter and hold 1–40 ASCII letters, digits, spaces, '-' or '_' (it becomes the CRM's API name)",
				"必须以字母开头，由 1–40 个英文字母、数字、空格、'-' 或 '_' 组成（用作 CRM 的 API 名称）")
		} else if j, dup := codes[strings.ToLower(st.Code)]; dup {
			v.add(p+".code", "duplicate_code", fmt.Sprintf("stage %d has the same code", j+1), fmt.Sprintf("与第 %d 个阶段的代码重复", j+1))
		} else {
			codes[strings.ToLower(st.Code)] = i
		}
		v.oneOf(p+".status", st.Status, StageStatuses)
		v.oneOf(p+".forecast_category", st.ForecastCategory, ForecastCategories)
		v.texts(p+".actions", st.Actions)
		v.text(p+".exit_criterion", st.ExitCriterion, st.Status == StatusOpen)
		v.texts(p+".evidence", st.Evidence)
		v.texts(p+".required_fields", st.RequiredFields)
		if st.Status == StatusOpen {
			v.between(p+".max_days", st.MaxDays, 1, MaxStageDays)
		} else {
			v.between(p+".max_days", st.MaxDays, 0, MaxStageDays)
		}
		// Mapping to the buying steps, in order.
		if st.BuyingStep != "" {
			pos, ok := stepPos[st.BuyingStep]
			if !ok {
				v.add(p+".buying_step", "unknown_step", fmt.Sprintf("names %q, which is not a buying step", st.BuyingStep),
					fmt.Sprintf("引用的采购步骤 %q 不存在", st.BuyingStep))
			} else {
				mapped[st.BuyingStep] = true
				if st.Status != StatusLost {
					if pos < lastStep {
						v.add(p+".buying_step", "mapping_order", "maps to an earlier buying step than the stage before it",
							"对应的采购步骤早于上一个阶段对应的步骤")
					}
					lastStep = max(lastStep, pos)
				}
			}
		} else if st.Status != StatusLost {
			v.add(p+".buying_step", "unmapped_stage", "must be mapped to a buying step", "必须对应一个客户采购步骤")
		}
		switch st.Status {
		case StatusOpen:
			if seenClosed {
				v.add(p+".status", "order", "open stages come before the closed and post-sale ones", "未关闭的阶段必须排在关闭阶段和售后阶段之前")
			}
			if st.Probability <= 0 || st.Probability >= 100 {
				v.add(p+".probability", "open_probability", fmt.Sprintf("an open stage's win probability must be above 0%% and below 100%%, not %d%%", st.Probability),
					fmt.Sprintf("未关闭阶段的赢率必须大于 0%% 且小于 100%%，当前为 %d%%", st.Probability))
			} else if lastOpen >= 0 && st.Probability <= lastOpenProb {
				v.add(p+".probability", "probability_not_rising",
					fmt.Sprintf("win probabilities must rise from stage to stage: %d%% is not above the previous stage's %d%%", st.Probability, lastOpenProb),
					fmt.Sprintf("赢率必须逐阶段上升：%d%% 没有高于上一阶段的 %d%%", st.Probability, lastOpenProb))
			}
			if st.Probability > 0 && st.Probability < 100 {
				lastOpen, lastOpenProb = i, st.Probability
			}
			if st.ForecastCategory == ForecastClosed {
				v.add(p+".forecast_category", "forecast", "an open stage cannot be in the closed forecast category", "未关闭阶段的预测类别不能是“已关闭”")
			}
		case StatusWon:
			won++
			seenClosed = true
			if st.Probability != 100 {
				v.add(p+".probability", "won_probability", fmt.Sprintf("the closed-won stage's probability must be 100%%, not %d%%", st.Probability),
					fmt.Sprintf("赢单阶段的赢率必须是 100%%，当前为 %d%%", st.Probability))
			}
			if st.ForecastCategory != ForecastClosed {
				v.add(p+".forecast_category", "forecast", "the closed-won stage's forecast category is closed", "赢单阶段的预测类别必须是“已关闭”（closed）")
			}
		case StatusLost:
			lost++
			seenClosed = true
			if st.Probability != 0 {
				v.add(p+".probability", "lost_probability", fmt.Sprintf("the closed-lost stage's probability must be 0%%, not %d%%", st.Probability),
					fmt.Sprintf("输单阶段的赢率必须是 0%%，当前为 %d%%", st.Probability))
			}
			if st.ForecastCategory != ForecastOmitted {
				v.add(p+".forecast_category", "forecast", "the closed-lost stage's forecast category is omitted", "输单阶段的预测类别必须是“不计入”（omitted）")
			}
		case StatusPostSale:
			post++
			if won == 0 {
				v.add(p+".status", "order", "post-sale steps come after the closed-won stage", "售后步骤必须排在赢单阶段之后")
			}
			if st.Probability != 100 {
				v.add(p+".probability", "post_sale_probability", "a post-sale step follows a won deal: its probability is 100%",
					"售后步骤在赢单之后，赢率为 100%")
			}
			if st.ForecastCategory != ForecastClosed {
				v.add(p+".forecast_category", "forecast", "a post-sale step's forecast category is closed", "售后步骤的预测类别必须是“已关闭”（closed）")
			}
		}
	}
	v.ids(base+".stages", ids)
	if lastOpen < 0 && len(s.Stages) > 0 {
		v.add(base+".stages", "no_open_stage", "the pipeline needs at least one open stage", "销售流程至少需要一个未关闭阶段")
	}
	if won != 1 {
		v.add(base+".stages", "won_stage", fmt.Sprintf("the pipeline needs exactly one closed-won stage, not %d", won),
			fmt.Sprintf("销售流程必须有且仅有一个赢单阶段，当前有 %d 个", won))
	}
	if lost < 1 {
		v.add(base+".stages", "lost_stage", "the pipeline needs a closed-lost stage", "销售流程需要一个输单阶段")
	}
	if post > 0 && strings.TrimSpace(s.PostSalePipeline) == "" {
		v.add(base+".post_sale_pipeline", "required", "name the post-sale pipeline that holds the post-sale steps", "请为售后步骤所在的售后流程命名")
	}
	for i, b := range s.BuyingSteps {
		if b.ID != "" && !mapped[b.ID] {
			v.add(idx(base+".buying_steps", i), "unmapped_step", fmt.Sprintf("no sales stage is mapped to the buying step %q", b.Name),
				fmt.Sprintf("没有销售阶段对应采购步骤“%s”", b.Name))
		}
	}
}

// ValidateKPIs checks the KPI list alone; paths start at base.
func ValidateKPIs(list []KPI, base string) []Problem {
	v := &validator{}
	v.kpisAt(list, base)
	return v.out
}

func (v *validator) kpis(list []KPI) { v.kpisAt(list, "$.kpis") }

func (v *validator) kpisAt(list []KPI, base string) {
	if len(list) == 0 {
		return
	}
	v.count(base, len(list))
	ids := make([]string, len(list))
	sum := 0
	kinds := map[string]bool{}
	for i, k := range list {
		p := idx(base, i)
		ids[i] = k.ID
		v.text(p+".name", k.Name, true)
		v.oneOf(p+".kind", k.Kind, KPIKinds)
		kinds[k.Kind] = true
		v.between(p+".weight", k.Weight, 1, 100)
		sum += k.Weight
		if k.Target < 0 || k.Target > 1e15 {
			v.add(p+".target", "range", "must be between 0 and 10^15", "必须在 0 到 10^15 之间")
		}
		v.text(p+".unit", k.Unit, false)
		v.oneOf(p+".period", k.Period, KPIPeriods)
		v.text(p+".scoring", k.Scoring, true)
	}
	v.ids(base, ids)
	if sum != 100 {
		v.add(base, "weights_sum", fmt.Sprintf("the weights add up to %d%%; they must add up to 100%%", sum),
			fmt.Sprintf("权重合计 %d%%，必须等于 100%%", sum))
	}
	if !kinds["process"] {
		v.add(base, "no_process_metric", "add at least one process metric (visits, proposals, stage advances…)",
			"至少需要一个过程指标（拜访量、方案数、阶段推进数……）")
	}
	if !kinds["result"] {
		v.add(base, "no_result_metric", "add at least one result metric (contract value, collections, new customers…)",
			"至少需要一个结果指标（签约额、回款额、新客户数……）")
	}
}

// ValidateTiers checks the customer tiers alone; paths start at base.
func ValidateTiers(t *CustomerTiers, base string) []Problem {
	v := &validator{}
	v.tiersAt(t, base)
	return v.out
}

func (v *validator) tiers(t *CustomerTiers) { v.tiersAt(t, "$.customer_tiers") }

func (v *validator) tiersAt(t *CustomerTiers, base string) {
	v.count(base+".dimensions", len(t.Dimensions))
	for i, d := range t.Dimensions {
		v.text(idx(base+".dimensions", i)+".name", d.Name, true)
		v.text(idx(base+".dimensions", i)+".description", d.Description, false)
	}
	v.count(base+".tiers", len(t.Tiers))
	ids := make([]string, len(t.Tiers))
	for i, tier := range t.Tiers {
		p := idx(base+".tiers", i)
		ids[i] = tier.ID
		v.text(p+".name", tier.Name, true)
		v.texts(p+".criteria", tier.Criteria)
		if len(tier.Criteria) == 0 {
			v.add(p+".criteria", "required", "every tier needs at least one entry criterion", "每个级别至少需要一条准入标准")
		}
		v.text(p+".visit_cadence", tier.VisitCadence, true)
		v.text(p+".resources", tier.Resources, false)
	}
	v.ids(base+".tiers", ids)
}

func (v *validator) discovery(d *Discovery) {
	const base = "$.discovery"
	v.text(base+".industry", d.Industry, false)
	v.count(base+".layers", len(d.Layers))
	ids := make([]string, len(d.Layers))
	for i, l := range d.Layers {
		p := idx(base+".layers", i)
		ids[i] = l.ID
		v.text(p+".name", l.Name, true)
		v.oneOf(p+".water", l.Water, []string{"above", "below"})
		v.texts(p+".needs", l.Needs)
		v.texts(p+".questions", l.Questions)
	}
	v.ids(base+".layers", ids)
}

func (v *validator) persona(p *Persona) {
	const base = "$.persona"
	v.text(base+".role", p.Role, false)
	v.count(base+".attributes", len(p.Attributes))
	for i, a := range p.Attributes {
		ap := idx(base+".attributes", i)
		v.oneOf(ap+".layer", a.Layer, PersonaLayers)
		v.text(ap+".text", a.Text, true)
	}
}

// IdealTeam scales the ratio to a team of total people with the largest
// remainder method, so the ideal counts add up to the team exactly.
func IdealTeam(total int, ratio []int) []int {
	w := make([]int64, len(ratio))
	for i, r := range ratio {
		w[i] = int64(r)
	}
	parts := SplitLargestRemainder(int64(total), w)
	out := make([]int, len(parts))
	for i, p := range parts {
		out[i] = int(p)
	}
	return out
}

// ValidateTeam checks the team structure alone; paths start at base.
func ValidateTeam(t *TeamStructure, base string) []Problem {
	v := &validator{}
	v.teamAt(t, base)
	return v.out
}

func (v *validator) team(t *TeamStructure) { v.teamAt(t, "$.team_structure") }

func (v *validator) teamAt(t *TeamStructure, base string) {
	if len(t.Ratio) != 5 {
		v.add(base+".ratio", "ratio", "the ratio has five tiers (1:2:4:2:1)", "比例必须有五档（1:2:4:2:1）")
	} else {
		for i, r := range t.Ratio {
			v.between(idx(base+".ratio", i), r, 1, 100)
		}
	}
	if len(t.Tiers) == 0 {
		if t.Total != 0 {
			v.add(base+".total", "team_total", "the team has people but no tiers", "团队有人数，但没有分档")
		}
		return
	}
	v.between(base+".total", t.Total, 0, 10_000)
	sum := 0
	levels := map[int]bool{}
	for i, tier := range t.Tiers {
		p := idx(base+".tiers", i)
		if v.between(p+".level", tier.Level, 1, 5) && levels[tier.Level] {
			v.add(p+".level", "duplicate", "each level appears once", "每一档只能出现一次")
		}
		levels[tier.Level] = true
		v.text(p+".name", tier.Name, true)
		v.between(p+".count", tier.Count, 0, 10_000)
		v.texts(p+".names", tier.Names)
		if tier.Gap != tier.Count-tier.Ideal {
			v.add(p+".gap", "gap", fmt.Sprintf("the gap is count − ideal = %d, not %d", tier.Count-tier.Ideal, tier.Gap),
				fmt.Sprintf("缺口 = 实际 − 理想 = %d，而不是 %d", tier.Count-tier.Ideal, tier.Gap))
		}
		sum += tier.Count
	}
	if sum != t.Total {
		v.add(base+".total", "team_total", fmt.Sprintf("the tiers hold %d people, not %d", sum, t.Total),
			fmt.Sprintf("各档人数合计 %d，与总人数 %d 不一致", sum, t.Total))
	}
	if len(t.Ratio) == 5 && len(t.Tiers) == 5 && len(levels) == 5 {
		ideal := IdealTeam(t.Total, t.Ratio)
		for i, tier := range t.Tiers {
			if tier.Level >= 1 && tier.Level <= 5 && tier.Ideal != ideal[tier.Level-1] {
				v.add(idx(base+".tiers", i)+".ideal", "ideal", fmt.Sprintf("the ratio scaled to %d people gives %d here, not %d", t.Total, ideal[tier.Level-1], tier.Ideal),
					fmt.Sprintf("按比例折算到 %d 人，此档应为 %d 人，而不是 %d", t.Total, ideal[tier.Level-1], tier.Ideal))
			}
		}
	}
}

func (v *validator) training(list []TrainingItem) {
	const base = "$.training_plan"
	v.count(base, len(list))
	for i, t := range list {
		p := idx(base, i)
		v.text(p+".capability", t.Capability, true)
		v.text(p+".method", t.Method, false)
		v.text(p+".frequency", t.Frequency, false)
		v.text(p+".owner", t.Owner, false)
		v.text(p+".measure", t.Measure, false)
	}
}

func (v *validator) passoff(r *PassoffResults) {
	const base = "$.passoff_results"
	v.between(base+".threshold_pct", r.ThresholdPct, 0, 100)
	v.count(base+".criteria", len(r.Criteria))
	ids := make([]string, len(r.Criteria))
	for i, c := range r.Criteria {
		p := idx(base+".criteria", i)
		ids[i] = c.ID
		v.text(p+".name", c.Name, true)
		v.between(p+".weight", c.Weight, 0, 100)
	}
	v.ids(base+".criteria", ids)
	v.count(base+".attempts", len(r.Attempts))
	for i, a := range r.Attempts {
		p := idx(base+".attempts", i)
		v.text(p+".person", a.Person, true)
		v.between(p+".attempt", a.Attempt, 1, 100)
		v.text(p+".scenario", a.Scenario, false)
		if a.ScorePct < 0 || a.ScorePct > 100 {
			v.add(p+".score_pct", "range", "must be between 0 and 100", "必须在 0 到 100 之间")
		}
	}
	for i, rs := range r.Raters {
		p := idx(base+".raters", i)
		v.text(p+".rater", rs.Rater, true)
		v.between(p+".scored", rs.Scored, 0, 100_000)
		if rs.Spread < 0 {
			v.add(p+".spread", "range", "must not be negative", "不能为负数")
		}
	}
}

func (v *validator) actions(list []Action) {
	const base = "$.actions"
	v.count(base, len(list))
	for i, a := range list {
		p := idx(base, i)
		v.text(p+".action", a.Action, true)
		v.text(p+".owner", a.Owner, false)
		v.date(p+".due", a.Due, false)
		v.text(p+".source", a.Source, false)
	}
}

// caseIDPattern is the case library's id rule: 1–64 characters of a–z, 0–9
// and '-', not starting with '-'.
var caseIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// limit checks a text against its own limit (not MaxText).
func (v *validator) limit(path, s string, max int, required bool) int {
	n := utf8.RuneCountInString(s)
	if required && strings.TrimSpace(s) == "" {
		v.add(path, "required", "must not be empty", "不能为空")
	} else if n > max {
		v.add(path, "too_long", fmt.Sprintf("is %d characters long; the limit is %d", n, max),
			fmt.Sprintf("长度 %d 字，超过上限 %d", n, max))
	}
	return n
}

func (v *validator) appendix(list []AppendixCase) {
	const base = "$.appendix"
	if len(list) > MaxAppendixCases {
		v.add(base, "too_many", fmt.Sprintf("has %d cases; the appendix holds at most %d", len(list), MaxAppendixCases),
			fmt.Sprintf("有 %d 个案例，附录最多 %d 个", len(list), MaxAppendixCases))
	}
	total := 0
	seen := map[string]int{}
	for i, c := range list {
		p := idx(base, i)
		switch first, dup := seen[c.ID]; {
		case !caseIDPattern.MatchString(c.ID):
			v.add(p+".id", "id", fmt.Sprintf("must be a case id: 1–%d characters of a–z, 0–9 and '-', not starting with '-'", maxAppendixIDLength),
				fmt.Sprintf("必须是案例编号：1–%d 个小写字母、数字或 '-'，且不以 '-' 开头", maxAppendixIDLength))
		case dup:
			v.add(p+".id", "duplicate", fmt.Sprintf("repeats the case of item %d", first), fmt.Sprintf("与第 %d 项是同一个案例", first))
		default:
			seen[c.ID] = i
		}
		texts := c.Texts()
		if len(texts) == 0 {
			v.add(p, "required", "a case needs its Chinese (zh-CN) or English (en) text", "案例需要中文（zh-CN）或英文（en）内容")
		}
		for _, lt := range texts {
			tp, t := p+"."+lt.Lang, lt.Text
			total += v.limit(tp+".title", t.Title, MaxCaseTitle, true)
			total += v.limit(tp+".industry", t.Industry, MaxCaseIndustry, false)
			total += v.limit(tp+".summary", t.Summary, MaxCaseSummary, false)
			for _, f := range []struct {
				name, text string
			}{{"background", t.Background}, {"situation", t.Situation}, {"actions", t.Actions}, {"results", t.Results}, {"lessons", t.Lessons}} {
				total += v.limit(tp+"."+f.name, f.text, MaxCaseSection, false)
			}
		}
	}
	if total > MaxAppendixChars {
		v.add(base, "too_large", fmt.Sprintf("the cases hold %d characters together; the appendix holds at most %d — leave some out or shorten them", total, MaxAppendixChars),
			fmt.Sprintf("案例合计 %d 字，附录最多 %d 字；请减少案例或缩短内容", total, MaxAppendixChars))
	}
}

// SortProblems orders problems by path, then code, for stable output.
func SortProblems(list []Problem) {
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Path != list[j].Path {
			return list[i].Path < list[j].Path
		}
		return list[i].Code < list[j].Code
	})
}
