package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"playbook/playbook"
)

func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// HubSpotPipeline is the body of POST /crm/v3/pipelines/deals.
type HubSpotPipeline struct {
	Label        string         `json:"label"`
	DisplayOrder int            `json:"displayOrder"`
	Stages       []HubSpotStage `json:"stages"`
}

// HubSpotStage is one stage of a HubSpot deal pipeline.
type HubSpotStage struct {
	Label        string            `json:"label"`
	DisplayOrder int               `json:"displayOrder"`
	Metadata     map[string]string `json:"metadata"`
}

// HubSpotProbability writes an integer percent as HubSpot's probability
// string between "0.0" and "1.0".
func HubSpotProbability(pct int) string {
	if pct%10 == 0 {
		return fmt.Sprintf("%d.%d", pct/100, pct%100/10)
	}
	return fmt.Sprintf("0.%02d", pct)
}

// HubSpot builds the deal pipeline bodies: the sales pipeline (open stages,
// closed won at "1.0", closed lost at "0.0") and, when there are post-sale
// steps such as 交付, a second pipeline for them.
func HubSpot(p *playbook.Playbook) ([]File, error) {
	build := func(label string, order int, stages []playbook.Stage) HubSpotPipeline {
		hp := HubSpotPipeline{Label: label, DisplayOrder: order}
		for i, s := range stages {
			meta := map[string]string{"probability": HubSpotProbability(s.Probability)}
			if s.Status == playbook.StatusPostSale {
				// Deals here are already won; the pipeline tracks delivery.
				meta["probability"] = "1.0"
			}
			hp.Stages = append(hp.Stages, HubSpotStage{Label: s.Name, DisplayOrder: i, Metadata: meta})
		}
		return hp
	}
	pipelines := []struct {
		name string
		body HubSpotPipeline
	}{{"hubspot/pipeline-sales.json", build(p.Stages.Pipeline, 0, byStatus(p, playbook.StatusOpen, playbook.StatusWon, playbook.StatusLost))}}
	if post := byStatus(p, playbook.StatusPostSale); len(post) > 0 {
		pipelines = append(pipelines, struct {
			name string
			body HubSpotPipeline
		}{"hubspot/pipeline-post-sale.json", build(p.Stages.PostSalePipeline, 1, post)})
	}
	var files []File
	for _, pl := range pipelines {
		data, err := marshalJSON(pl.body)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: pl.name, Data: data})
	}
	readme := "HubSpot 商机流程 / deal pipelines\n\n" +
		"每个 JSON 文件是一个请求体：POST https://api.hubapi.com/crm/v3/pipelines/deals\n" +
		"Each file is one request body for POST /crm/v3/pipelines/deals (CRM Pipelines API v3).\n\n" +
		"probability:\"1.0\" 为赢单，\"0.0\" 为输单。售后步骤（如交付）在单独的流程中。\n" + appendixNote(p)
	files = append(files, File{Name: "hubspot/README.txt", Data: []byte(readme)})
	zipped, err := zipFiles(files)
	if err != nil {
		return nil, err
	}
	return []File{{Name: "hubspot.zip", Data: zipped}}, nil
}

// PipedriveStage is the body of POST /v1/stages.
type PipedriveStage struct {
	Name            string `json:"name"`
	PipelineID      int    `json:"pipeline_id"`
	DealProbability int    `json:"deal_probability"`
	RottenFlag      bool   `json:"rotten_flag"`
	RottenDays      int    `json:"rotten_days,omitempty"`
	OrderNr         int    `json:"order_nr"`
}

// PipedrivePipeline is the body of POST /v1/pipelines.
type PipedrivePipeline struct {
	Name            string `json:"name"`
	DealProbability bool   `json:"deal_probability"`
	Active          bool   `json:"active"`
}

// PipedriveGoal is the body of POST /v1/goals.
type PipedriveGoal struct {
	Title           string           `json:"title"`
	Assignee        PipedriveRef     `json:"assignee"`
	Type            PipedriveGoalTyp `json:"type"`
	ExpectedOutcome PipedriveOutcome `json:"expected_outcome"`
	Duration        PipedriveSpan    `json:"duration"`
	Interval        string           `json:"interval"`
}

// PipedriveRef names a Pipedrive person, team or company.
type PipedriveRef struct {
	ID   int    `json:"id"`
	Type string `json:"type"`
}

// PipedriveGoalTyp is a goal's type and its parameters.
type PipedriveGoalTyp struct {
	Name   string         `json:"name"`
	Params map[string]any `json:"params"`
}

// PipedriveOutcome is a goal's target.
type PipedriveOutcome struct {
	Target         float64 `json:"target"`
	TrackingMetric string  `json:"tracking_metric"`
}

// PipedriveSpan is a goal's start and end dates.
type PipedriveSpan struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Placeholder ids in the Pipedrive bodies, replaced by the ids Pipedrive
// returns when the pipelines, teams and users exist (listed in ids.json).
const (
	pipedriveSalesPipeline = 1
	pipedrivePostPipeline  = 2
	pipedriveCompany       = 1
	pipedriveFirstTeam     = 101
	pipedriveFirstPerson   = 1001
)

// Pipedrive builds the request bodies: the pipelines, one stage body per open
// stage (Pipedrive marks deals won or lost by status, not by stage), and goal
// bodies for the targets — the year and each quarter for the company, each
// region for its team, each rep for the person.
func Pipedrive(p *playbook.Playbook) ([]File, error) {
	pipelines := []PipedrivePipeline{{Name: p.Stages.Pipeline, DealProbability: true, Active: true}}
	var stages []PipedriveStage
	for i, s := range byStatus(p, playbook.StatusOpen) {
		stages = append(stages, PipedriveStage{Name: s.Name, PipelineID: pipedriveSalesPipeline, DealProbability: s.Probability,
			RottenFlag: s.MaxDays > 0, RottenDays: s.MaxDays, OrderNr: i + 1})
	}
	if post := byStatus(p, playbook.StatusPostSale); len(post) > 0 {
		pipelines = append(pipelines, PipedrivePipeline{Name: p.Stages.PostSalePipeline, DealProbability: false, Active: true})
		for i, s := range post {
			stages = append(stages, PipedriveStage{Name: s.Name, PipelineID: pipedrivePostPipeline, DealProbability: 100,
				RottenFlag: s.MaxDays > 0, RottenDays: s.MaxDays, OrderNr: i + 1})
		}
	}
	ids := map[string]any{
		"pipelines": map[string]string{fmt.Sprint(pipedriveSalesPipeline): p.Stages.Pipeline},
		"company":   map[string]string{fmt.Sprint(pipedriveCompany): p.Company.Name},
	}
	if len(pipelines) > 1 {
		ids["pipelines"].(map[string]string)[fmt.Sprint(pipedrivePostPipeline)] = p.Stages.PostSalePipeline
	}
	goals, teams, people := pipedriveGoals(p)
	ids["teams"], ids["persons"] = teams, people
	var files []File
	for _, f := range []struct {
		name string
		v    any
	}{
		{"pipedrive/pipelines.json", pipelines},
		{"pipedrive/stages.json", stages},
		{"pipedrive/goals.json", goals},
		{"pipedrive/ids.json", ids},
	} {
		data, err := marshalJSON(f.v)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: f.name, Data: data})
	}
	readme := "Pipedrive API v1 请求体 / request bodies\n\n" +
		"1. pipelines.json: 逐个 POST /v1/pipelines，记下返回的 id。\n" +
		"2. stages.json: 把 pipeline_id 换成第 1 步返回的 id（对照 ids.json），逐个 POST /v1/stages。\n" +
		"   Pipedrive 的赢单和输单是商机状态而不是阶段，所以只导出未关闭阶段；rotten_days = 阶段最长停留天数。\n" +
		"3. goals.json: 把 assignee.id 换成 Pipedrive 中的公司、团队和用户 id（对照 ids.json），逐个 POST /v1/goals。\n" +
		"   金额单位为" + p.Company.Currency + "（元），不是分。\n" + appendixNote(p)
	files = append(files, File{Name: "pipedrive/README.txt", Data: []byte(readme)})
	zipped, err := zipFiles(files)
	if err != nil {
		return nil, err
	}
	return []File{{Name: "pipedrive.zip", Data: zipped}}, nil
}

func pipedriveGoals(p *playbook.Playbook) ([]PipedriveGoal, map[string]string, map[string]string) {
	t := &p.Targets
	teams, people := map[string]string{}, map[string]string{}
	if t.Annual.AmountMinor == 0 {
		return []PipedriveGoal{}, teams, people
	}
	digits := p.Company.MinorUnits
	start := time.Date(t.FiscalYear, time.Month(p.Company.FiscalYearStart), 1, 0, 0, 0, 0, time.UTC)
	yearEnd := start.AddDate(1, 0, -1)
	span := func(from, to time.Time) PipedriveSpan {
		return PipedriveSpan{Start: from.Format(time.DateOnly), End: to.Format(time.DateOnly)}
	}
	won := func() PipedriveGoalTyp {
		return PipedriveGoalTyp{Name: "deals_won", Params: map[string]any{"pipeline_id": []int{pipedriveSalesPipeline}}}
	}
	goals := []PipedriveGoal{{Title: fmt.Sprintf("%d 年度目标", t.FiscalYear), Assignee: PipedriveRef{ID: pipedriveCompany, Type: "company"},
		Type: won(), ExpectedOutcome: PipedriveOutcome{Target: major(t.Annual.AmountMinor, digits), TrackingMetric: "sum"},
		Duration: span(start, yearEnd), Interval: "yearly"}}
	for i, q := range t.Quarters {
		from := start.AddDate(0, 3*i, 0)
		goals = append(goals, PipedriveGoal{Title: fmt.Sprintf("%d %s目标", t.FiscalYear, q.Label), Assignee: PipedriveRef{ID: pipedriveCompany, Type: "company"},
			Type: won(), ExpectedOutcome: PipedriveOutcome{Target: major(q.AmountMinor, digits), TrackingMetric: "sum"},
			Duration: span(from, from.AddDate(0, 3, -1)), Interval: "quarterly"})
	}
	person := pipedriveFirstPerson
	for i, r := range t.Regions {
		team := pipedriveFirstTeam + i
		teams[fmt.Sprint(team)] = r.Name
		goals = append(goals, PipedriveGoal{Title: fmt.Sprintf("%d %s目标", t.FiscalYear, r.Name), Assignee: PipedriveRef{ID: team, Type: "team"},
			Type: won(), ExpectedOutcome: PipedriveOutcome{Target: major(r.AmountMinor, digits), TrackingMetric: "sum"},
			Duration: span(start, yearEnd), Interval: "yearly"})
		for _, rep := range r.Reps {
			people[fmt.Sprint(person)] = rep.Name
			goals = append(goals, PipedriveGoal{Title: fmt.Sprintf("%d %s个人目标", t.FiscalYear, rep.Name), Assignee: PipedriveRef{ID: person, Type: "person"},
				Type: won(), ExpectedOutcome: PipedriveOutcome{Target: major(rep.AmountMinor, digits), TrackingMetric: "sum"},
				Duration: span(start, yearEnd), Interval: "yearly"})
			person++
		}
	}
	return goals, teams, people
}

// OdooStage is one crm.stage record.
type OdooStage struct {
	Name         string `json:"name"`
	Sequence     int    `json:"sequence"`
	IsWon        bool   `json:"is_won"`
	Requirements string `json:"requirements"`
	Fold         bool   `json:"fold"`
}

// Odoo builds the crm.stage records. Odoo keeps no probability per stage (it
// scores each lead instead) and marks lost leads by archiving them with a
// reason rather than by a stage, so the lost stage and the probabilities are
// not in the records; the README says so and lists them for reference.
func Odoo(p *playbook.Playbook) ([]File, error) {
	var recs []OdooStage
	for i, s := range byStatus(p, playbook.StatusOpen, playbook.StatusWon) {
		req := s.ExitCriterion
		if len(s.Evidence) > 0 {
			req += "\n证据：" + joinList(s.Evidence)
		}
		if len(s.RequiredFields) > 0 {
			req += "\n必填：" + joinList(s.RequiredFields)
		}
		recs = append(recs, OdooStage{Name: s.Name, Sequence: (i + 1) * 10, IsWon: s.Status == playbook.StatusWon,
			Requirements: strings.TrimSpace(req), Fold: s.Status == playbook.StatusWon})
	}
	data, err := marshalJSON(recs)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("Odoo crm.stage 记录 / records\n\n")
	b.WriteString("crm.stage.json 中每条记录可用 XML-RPC/JSON-RPC 的 create 写入 crm.stage（字段 name, sequence, is_won, requirements, fold）。\n\n")
	b.WriteString("注意 / Note: Odoo 没有按阶段设置的赢率（它按线索单独预测赢率），所以下面的阶段赢率只供参考，不在记录中：\n")
	b.WriteString("Odoo keeps no per-stage probability (it predicts one per lead); the playbook's probabilities are listed here for reference only:\n")
	for _, s := range byStatus(p, playbook.StatusOpen, playbook.StatusWon) {
		fmt.Fprintf(&b, "  - %s: %d%%\n", s.Name, s.Probability)
	}
	b.WriteString("\n输单在 Odoo 中是“标记为丢失”（归档并填写丢失原因），不是阶段；请把下列输单阶段的名称建为丢失原因（crm.lost.reason）：\n")
	for _, s := range byStatus(p, playbook.StatusLost) {
		fmt.Fprintf(&b, "  - %s\n", s.Name)
	}
	if post := byStatus(p, playbook.StatusPostSale); len(post) > 0 {
		b.WriteString("\n售后步骤不属于 CRM 商机阶段，请在项目或服务模块中配置：\n")
		for _, s := range post {
			fmt.Fprintf(&b, "  - %s\n", s.Name)
		}
	}
	b.WriteString(appendixNote(p))
	zipped, err := zipFiles([]File{{Name: "odoo/crm.stage.json", Data: data}, {Name: "odoo/README.txt", Data: []byte(b.String())}})
	if err != nil {
		return nil, err
	}
	return []File{{Name: "odoo.zip", Data: zipped}}, nil
}
