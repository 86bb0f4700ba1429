// Package playbook is the company playbook: the sales process configuration a
// workshop leaves behind (docs/playbook.schema.json, product doc playbook.md).
// It holds the document's types, its checks, versioning with readable diffs,
// and the canonical JSON encoding. It is pure: no I/O, no database, no network.
package playbook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Format names the document format and its major version. Readers refuse any
// other value.
const Format = "playbook/1"

// Playbook is one company's playbook. Every section is present in the JSON
// (empty lists and objects rather than absent keys), so the file reads the
// same for every company and imports back without loss.
type Playbook struct {
	Format         string         `json:"format"`
	Title          string         `json:"title"`
	Version        int            `json:"version"`      // 0 for a draft; 1, 2, … for published versions
	PublishedAt    string         `json:"published_at"` // RFC 3339 UTC, "" for a draft
	Company        Company        `json:"company"`
	Targets        Targets        `json:"targets"`
	ValueProps     []ValueProp    `json:"value_props"`
	DailyTables    []DailyTable   `json:"daily_tables"`
	Meetings       []Meeting      `json:"meetings"`
	Stages         Stages         `json:"stages"`
	KPIs           []KPI          `json:"kpis"`
	CustomerTiers  CustomerTiers  `json:"customer_tiers"`
	Discovery      Discovery      `json:"discovery"`
	Persona        Persona        `json:"persona"`
	TeamStructure  TeamStructure  `json:"team_structure"`
	TrainingPlan   []TrainingItem `json:"training_plan"`
	PassoffResults PassoffResults `json:"passoff_results"`
	Actions        []Action       `json:"actions"`
	// Appendix holds the client's own cases (案例萃取) flagged for the
	// playbook in the client's case library. Files written before the
	// appendix existed have no such key; they read as an empty appendix.
	Appendix []AppendixCase `json:"appendix" playbook:"optional"`
}

// Company is the client company, set up with the workshop.
type Company struct {
	Name     string `json:"name"`
	Industry string `json:"industry"`
	// Currency is an ISO 4217 code; every amount in the document is an integer
	// count of its minor unit (分 for CNY), MinorUnits digits below the major one.
	Currency   string `json:"currency"`
	MinorUnits int    `json:"minor_units"`
	// FiscalYearStart is the month (1–12) the company's fiscal year starts in.
	FiscalYearStart int    `json:"fiscal_year_start"`
	Language        string `json:"language"` // "zh-CN" or "en"
}

// Targets is the annual sales target with its 3定 and every split (1.2, 1.3).
type Targets struct {
	FiscalYear int            `json:"fiscal_year"`
	Annual     AnnualTarget   `json:"annual"`
	Quarters   []PeriodTarget `json:"quarters"`
	Regions    []RegionTarget `json:"regions"`
	Customers  CustomerSplit  `json:"customers"`
}

// AnnualTarget is the target and its 3定: how much (定量), what kind (定性:
// which customers, which products, what margin) and by when (定时).
type AnnualTarget struct {
	AmountMinor int64   `json:"amount_minor"`
	Quality     Quality `json:"quality"`
	Deadline    string  `json:"deadline"` // YYYY-MM-DD
	Owner       string  `json:"owner"`
}

// Quality is the qualitative side of a target.
type Quality struct {
	Customers    string `json:"customers"`
	Products     string `json:"products"`
	MinMarginPct int    `json:"min_margin_pct"`
}

// PeriodTarget is a quarter (with its months) or a month. Weight is the
// seasonality weight the amount was split by.
type PeriodTarget struct {
	ID          string         `json:"id"` // "Q1".."Q4", or "2027-01"
	Label       string         `json:"label"`
	Weight      int            `json:"weight"`
	AmountMinor int64          `json:"amount_minor"`
	Owner       string         `json:"owner"`
	Months      []PeriodTarget `json:"months,omitempty"`
}

// RegionTarget is a team's or a region's share, split by rep.
type RegionTarget struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Owner       string      `json:"owner"`
	AmountMinor int64       `json:"amount_minor"`
	Reps        []RepTarget `json:"reps"`
}

// RepTarget is one salesperson's target, with its existing and new customer
// parts.
type RepTarget struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	AmountMinor   int64  `json:"amount_minor"`
	ExistingMinor int64  `json:"existing_minor"`
	NewMinor      int64  `json:"new_minor"`
}

// CustomerSplit divides the target between existing customers (last year's
// revenue × retention × (1 + growth)) and new ones (the rest).
type CustomerSplit struct {
	LastYearRevenueMinor int64  `json:"last_year_revenue_minor"`
	RetentionPct         int    `json:"retention_pct"`
	GrowthPct            int    `json:"growth_pct"`
	ExistingMinor        int64  `json:"existing_minor"`
	NewMinor             int64  `json:"new_minor"`
	Owner                string `json:"owner"`
}

// ValueProp is one value point and its proof (1.4).
type ValueProp struct {
	ID        string `json:"id"`
	Value     string `json:"value"`
	Pain      string `json:"pain"`
	ProofType string `json:"proof_type"` // case, data, certificate, demo, testimonial
	Evidence  string `json:"evidence"`
	Strength  int    `json:"strength"` // 1–5
}

// ProofTypes are the ways a value point can be proven.
var ProofTypes = []string{"case", "data", "certificate", "demo", "testimonial"}

// DailyTable is one of the five daily-management tables (5张表).
type DailyTable struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Purpose   string   `json:"purpose"`
	Owner     string   `json:"owner"`
	Frequency string   `json:"frequency"` // daily, weekly, monthly, per_deal
	Columns   []Column `json:"columns"`
}

// Column is a column of a daily table.
type Column struct {
	Name     string `json:"name"`
	Type     string `json:"type"` // text, number, money, percent, date, select, person
	Required bool   `json:"required"`
}

// Frequencies and column types of daily tables.
var (
	Frequencies = []string{"daily", "weekly", "monthly", "per_deal"}
	ColumnTypes = []string{"text", "number", "money", "percent", "date", "select", "person"}
)

// Meeting is a recurring meeting (两会 and the project review).
type Meeting struct {
	ID        string       `json:"id"`
	Kind      string       `json:"kind"` // weekly, monthly, project_review, other
	Name      string       `json:"name"`
	Cadence   string       `json:"cadence"`
	Minutes   int          `json:"minutes"`
	Attendees []string     `json:"attendees"`
	Agenda    []AgendaItem `json:"agenda"`
	Inputs    []string     `json:"inputs"` // ids of daily tables
	Outputs   []string     `json:"outputs"`
}

// AgendaItem is one point of a meeting's agenda.
type AgendaItem struct {
	Item    string `json:"item"`
	Minutes int    `json:"minutes"`
}

// MeetingKinds are the kinds of meeting.
var MeetingKinds = []string{"weekly", "monthly", "project_review", "other"}

// Stages is the sales pipeline (3.1, 3.2): the customer's buying steps and the
// company's stages mapped onto them.
type Stages struct {
	Pipeline         string       `json:"pipeline"`
	PostSalePipeline string       `json:"post_sale_pipeline"`
	BuyingSteps      []BuyingStep `json:"buying_steps"`
	Stages           []Stage      `json:"stages"`
}

// BuyingStep is a step of the customer's buying process.
type BuyingStep struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Stage status: an open sales stage, the closed-won and closed-lost stages,
// and the post-sale steps that follow a won deal (such as delivery).
const (
	StatusOpen     = "open"
	StatusWon      = "won"
	StatusLost     = "lost"
	StatusPostSale = "post_sale"
)

// Forecast categories, mapped to Salesforce's Pipeline, BestCase, Forecast
// (shown as Commit), Closed and Omitted.
const (
	ForecastPipeline = "pipeline"
	ForecastBestCase = "best_case"
	ForecastCommit   = "commit"
	ForecastClosed   = "closed"
	ForecastOmitted  = "omitted"
)

// Stage is one stage of the pipeline.
type Stage struct {
	ID string `json:"id"`
	// Code is the stage's ASCII name for systems that need one (Salesforce's
	// picklist fullName); Name is what people read.
	Code             string   `json:"code"`
	Name             string   `json:"name"`
	Status           string   `json:"status"`
	BuyingStep       string   `json:"buying_step"` // id of a buying step; "" for the lost stage
	Probability      int      `json:"probability"` // win probability, integer percent
	Actions          []string `json:"actions"`     // breakthrough actions (突破行为)
	ExitCriterion    string   `json:"exit_criterion"`
	Evidence         []string `json:"evidence"`
	RequiredFields   []string `json:"required_fields"`
	MaxDays          int      `json:"max_days"`
	ForecastCategory string   `json:"forecast_category"`
}

// KPI is a performance metric (3.3).
type KPI struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Kind    string  `json:"kind"`   // process or result
	Weight  int     `json:"weight"` // percent; all weights sum to 100
	Target  float64 `json:"target"`
	Unit    string  `json:"unit"`
	Period  string  `json:"period"` // week, month, quarter, year
	Scoring string  `json:"scoring"`
}

// KPI kinds and periods.
var (
	KPIKinds   = []string{"process", "result"}
	KPIPeriods = []string{"week", "month", "quarter", "year"}
)

// CustomerTiers is the customer segmentation (4.1).
type CustomerTiers struct {
	Dimensions []Dimension `json:"dimensions"`
	Tiers      []Tier      `json:"tiers"`
}

// Dimension is a segmentation dimension (industry, size, potential, …).
type Dimension struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Tier is a customer tier.
type Tier struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Criteria     []string `json:"criteria"`
	VisitCadence string   `json:"visit_cadence"`
	Resources    string   `json:"resources"`
}

// Discovery is the needs iceberg of the key target industry (4.2).
type Discovery struct {
	Industry string           `json:"industry"`
	Layers   []DiscoveryLayer `json:"layers"`
}

// DiscoveryLayer is one layer of the needs iceberg.
type DiscoveryLayer struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Water     string   `json:"water"` // above (explicit needs) or below (implicit)
	Needs     []string `json:"needs"`
	Questions []string `json:"questions"`
}

// Persona is the talent iceberg of the salesperson the company needs (6.1).
type Persona struct {
	Role       string             `json:"role"`
	Attributes []PersonaAttribute `json:"attributes"`
}

// PersonaAttribute is one trait of the persona in one layer of the iceberg.
type PersonaAttribute struct {
	Layer    string `json:"layer"` // knowledge, skills, social_role, self_image, traits, motives
	Text     string `json:"text"`
	MustHave bool   `json:"must_have"`
}

// PersonaLayers are the talent iceberg's layers, from the top.
var PersonaLayers = []string{"knowledge", "skills", "social_role", "self_image", "traits", "motives"}

// TeamStructure is the team's capability mix against 12421 (module 6).
type TeamStructure struct {
	Ratio []int      `json:"ratio"` // 1, 2, 4, 2, 1
	Total int        `json:"total"`
	Tiers []TeamTier `json:"tiers"`
}

// TeamTier is one capability tier with its real and ideal head count.
type TeamTier struct {
	Level int      `json:"level"` // 1 (top) … 5 (new or weak)
	Name  string   `json:"name"`
	Count int      `json:"count"`
	Ideal int      `json:"ideal"`
	Gap   int      `json:"gap"` // count − ideal
	Names []string `json:"names"`
}

// TrainingItem is one row of the training plan (6.3).
type TrainingItem struct {
	Capability string `json:"capability"`
	Method     string `json:"method"`
	Frequency  string `json:"frequency"`
	Owner      string `json:"owner"`
	Measure    string `json:"measure"`
}

// PassoffResults are the pass-off (通关) round's results.
type PassoffResults struct {
	ThresholdPct int                `json:"threshold_pct"`
	Criteria     []PassoffCriterion `json:"criteria"`
	Attempts     []PassoffAttempt   `json:"attempts"`
	Raters       []RaterStat        `json:"raters"`
}

// PassoffCriterion is a rubric criterion.
type PassoffCriterion struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Weight   int    `json:"weight"`
	MustPass bool   `json:"must_pass"`
}

// PassoffAttempt is one performance by one person.
type PassoffAttempt struct {
	Person   string  `json:"person"`
	Attempt  int     `json:"attempt"`
	Scenario string  `json:"scenario"`
	ScorePct float64 `json:"score_pct"`
	Passed   bool    `json:"passed"`
}

// RaterStat describes one judge's scoring.
type RaterStat struct {
	Rater     string  `json:"rater"`
	Scored    int     `json:"scored"`
	Harshness float64 `json:"harshness"` // mean deviation from the panel mean (this judge included), in scale levels
	Spread    float64 `json:"spread"`
}

// Action is an agreed action with an owner and a due date.
type Action struct {
	Action string `json:"action"`
	Owner  string `json:"owner"`
	Due    string `json:"due"` // YYYY-MM-DD
	Source string `json:"source"`
}

// AppendixCase is one of the client's own cases in the appendix: a case of
// the client's library (cases package) that a group wrote up during the
// workshop and the trainer flagged for the playbook. It carries the case's
// text in Chinese, English or both — never its teaching notes, which are for
// trainers only, nor its exhibits (images stay in the case library).
type AppendixCase struct {
	ID string    `json:"id"` // the case's id in the library
	ZH *CaseText `json:"zh-CN,omitempty"`
	EN *CaseText `json:"en,omitempty"`
}

// CaseText is a case in one language. The sections are the case library's
// Markdown, as written.
type CaseText struct {
	Title      string `json:"title"`
	Industry   string `json:"industry"`
	Summary    string `json:"summary"`
	Background string `json:"background"`
	Situation  string `json:"situation"` // situation and challenge
	Actions    string `json:"actions"`   // what was done
	Results    string `json:"results"`
	Lessons    string `json:"lessons"` // the case's key takeaways
}

// Texts returns the case's texts with their language, Chinese first.
func (c *AppendixCase) Texts() []LangText {
	var out []LangText
	if c.ZH != nil {
		out = append(out, LangText{Lang: "zh-CN", Text: c.ZH})
	}
	if c.EN != nil {
		out = append(out, LangText{Lang: "en", Text: c.EN})
	}
	return out
}

// LangText is a case text with its language.
type LangText struct {
	Lang string
	Text *CaseText
}

// New returns an empty draft playbook for a company, every list empty and the
// 12421 ratio set.
func New(c Company) *Playbook {
	p := &Playbook{Format: Format, Company: c}
	p.normalize()
	return p
}

// normalize replaces nil lists with empty ones, so every section is present
// in the JSON and encoding is canonical.
func (p *Playbook) normalize() {
	p.ValueProps = orEmpty(p.ValueProps)
	p.DailyTables = orEmpty(p.DailyTables)
	for i := range p.DailyTables {
		p.DailyTables[i].Columns = orEmpty(p.DailyTables[i].Columns)
	}
	p.Meetings = orEmpty(p.Meetings)
	for i := range p.Meetings {
		m := &p.Meetings[i]
		m.Attendees, m.Agenda, m.Inputs, m.Outputs = orEmpty(m.Attendees), orEmpty(m.Agenda), orEmpty(m.Inputs), orEmpty(m.Outputs)
	}
	p.Targets.Quarters = orEmpty(p.Targets.Quarters)
	p.Targets.Regions = orEmpty(p.Targets.Regions)
	for i := range p.Targets.Regions {
		p.Targets.Regions[i].Reps = orEmpty(p.Targets.Regions[i].Reps)
	}
	p.Stages.BuyingSteps = orEmpty(p.Stages.BuyingSteps)
	p.Stages.Stages = orEmpty(p.Stages.Stages)
	for i := range p.Stages.Stages {
		s := &p.Stages.Stages[i]
		s.Actions, s.Evidence, s.RequiredFields = orEmpty(s.Actions), orEmpty(s.Evidence), orEmpty(s.RequiredFields)
	}
	p.KPIs = orEmpty(p.KPIs)
	p.CustomerTiers.Dimensions = orEmpty(p.CustomerTiers.Dimensions)
	p.CustomerTiers.Tiers = orEmpty(p.CustomerTiers.Tiers)
	for i := range p.CustomerTiers.Tiers {
		p.CustomerTiers.Tiers[i].Criteria = orEmpty(p.CustomerTiers.Tiers[i].Criteria)
	}
	p.Discovery.Layers = orEmpty(p.Discovery.Layers)
	for i := range p.Discovery.Layers {
		l := &p.Discovery.Layers[i]
		l.Needs, l.Questions = orEmpty(l.Needs), orEmpty(l.Questions)
	}
	p.Persona.Attributes = orEmpty(p.Persona.Attributes)
	if p.TeamStructure.Ratio == nil {
		p.TeamStructure.Ratio = append([]int(nil), Ratio12421...)
	}
	p.TeamStructure.Tiers = orEmpty(p.TeamStructure.Tiers)
	for i := range p.TeamStructure.Tiers {
		p.TeamStructure.Tiers[i].Names = orEmpty(p.TeamStructure.Tiers[i].Names)
	}
	p.TrainingPlan = orEmpty(p.TrainingPlan)
	p.PassoffResults.Criteria = orEmpty(p.PassoffResults.Criteria)
	p.PassoffResults.Attempts = orEmpty(p.PassoffResults.Attempts)
	p.PassoffResults.Raters = orEmpty(p.PassoffResults.Raters)
	p.Actions = orEmpty(p.Actions)
	p.Appendix = orEmpty(p.Appendix)
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Ratio12421 is the healthy team shape of the 12421 method: top, strong,
// solid, developing, new or weak.
var Ratio12421 = []int{1, 2, 4, 2, 1}

// MaxDocumentBytes bounds a playbook file read by Decode.
const MaxDocumentBytes = 8 << 20

// Encode writes the canonical JSON of p: two-space indentation, no HTML
// escaping (Chinese and "<" stay readable), a final newline. Encoding a
// decoded document gives back the same bytes.
func Encode(p *Playbook) ([]byte, error) {
	c := *p
	c.normalize()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&c); err != nil {
		return nil, fmt.Errorf("playbook: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// Decode reads a playbook strictly: one JSON object, no unknown fields, no
// wrongly typed values, the known format. It does not run the checks; call
// Validate for those. A decoding error is a *Problems naming the JSON path.
func Decode(data []byte) (*Playbook, error) {
	if len(data) > MaxDocumentBytes {
		return nil, &Problems{List: []Problem{problem("$", "too_large",
			fmt.Sprintf("the file is %d bytes; the limit is %d", len(data), MaxDocumentBytes),
			fmt.Sprintf("文件有 %d 字节，上限是 %d", len(data), MaxDocumentBytes))}}
	}
	if probs := checkStructure(data); len(probs) > 0 {
		return nil, &Problems{List: probs}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p Playbook
	if err := dec.Decode(&p); err != nil {
		return nil, &Problems{List: []Problem{decodeProblem(err)}}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &Problems{List: []Problem{problem("$", "malformed", "the file must hold exactly one JSON object",
			"文件只能包含一个 JSON 对象")}}
	}
	if p.Format != Format {
		return nil, &Problems{List: []Problem{problem("$.format", "format",
			fmt.Sprintf("format must be %q, not %q", Format, p.Format),
			fmt.Sprintf("format 必须是 %q，而不是 %q", Format, p.Format))}}
	}
	p.normalize()
	return &p, nil
}

// decodeProblem turns a JSON decoding error into a problem with the path.
func decodeProblem(err error) Problem {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		path := "$"
		if te.Field != "" {
			path += "." + te.Field
		}
		return problem(path, "type", fmt.Sprintf("must be %s, not %s", jsonTypeName(te.Type.String()), te.Value),
			fmt.Sprintf("类型应为 %s，而不是 %s", jsonTypeName(te.Type.String()), te.Value))
	case errors.As(err, &se):
		return problem("$", "malformed", fmt.Sprintf("malformed JSON at byte %d: %v", se.Offset, se),
			fmt.Sprintf("JSON 格式错误（第 %d 字节）：%v", se.Offset, se))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return problem("$", "malformed", "the file is empty or cut short", "文件为空或不完整")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return problem("$", "unknown_field", fmt.Sprintf("unknown field %q", field), fmt.Sprintf("未知字段 %q", field))
	}
	return problem("$", "malformed", err.Error(), err.Error())
}

func jsonTypeName(goType string) string {
	switch {
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"):
		return "an integer"
	case strings.HasPrefix(goType, "float"):
		return "a number"
	case goType == "string":
		return "a string"
	case goType == "bool":
		return "true or false"
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	}
	return "an object"
}
