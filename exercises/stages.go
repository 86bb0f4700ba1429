package exercises

import (
	"encoding/json"
	"fmt"

	"playbook/playbook"
)

// The stages kind (3.1, 3.2): the customer's buying steps (prefilled with the
// seed's five) on one side, the company's sales stages on the other, mapped;
// per stage the win probability, breakthrough actions, the milestone event
// that proves it done, the evidence or CRM fields to record, max days in
// stage and forecast category; closed-won and closed-lost stages.

// StagesKind is the kind's name.
const StagesKind = "stages"

// BuyingStepItem is a step of the customer's buying process.
type BuyingStepItem struct {
	ID   string  `json:"id"`
	Name string  `json:"name"`
	Pos  float64 `json:"pos"`
}

func (b *BuyingStepItem) position() float64 { return b.Pos }
func (b *BuyingStepItem) itemID() string    { return b.ID }

// StageItem is one sales stage; its fields are named as in the playbook.
type StageItem struct {
	ID               string   `json:"id"`
	Code             string   `json:"code"`
	Name             string   `json:"name"`
	Status           string   `json:"status"`
	BuyingStep       string   `json:"buying_step"`
	Probability      int      `json:"probability"`
	Actions          []string `json:"actions"`
	ExitCriterion    string   `json:"exit_criterion"`
	Evidence         []string `json:"evidence"`
	RequiredFields   []string `json:"required_fields"`
	MaxDays          int      `json:"max_days"`
	ForecastCategory string   `json:"forecast_category"`
	Pos              float64  `json:"pos"`
}

func (s *StageItem) position() float64 { return s.Pos }
func (s *StageItem) itemID() string    { return s.ID }

// StagesState is the document of a stages board.
type StagesState struct {
	Pipeline         string                     `json:"pipeline"`
	PostSalePipeline string                     `json:"post_sale_pipeline"`
	Steps            map[string]*BuyingStepItem `json:"steps"`
	Stages           map[string]*StageItem      `json:"stages"`
	Issues           []Issue                    `json:"issues"`
	// Comments are the trainer's coaching on an item (or on the board).
	Comments
}

// SeedBuyingSteps are the customer's five buying steps named by the seed.
var SeedBuyingSteps = []BuyingStepItem{
	{ID: "need", Name: "需求确认", Pos: 1},
	{ID: "evaluate", Name: "方案评估", Pos: 2},
	{ID: "negotiate", Name: "合同谈判", Pos: 3},
	{ID: "sign", Name: "签约", Pos: 4},
	{ID: "deliver", Name: "交付", Pos: 5},
}

// StagesConfig configures a stages board: the buying steps to start from
// (the seed's five when empty).
type StagesConfig struct {
	Steps []BuyingStepItem `json:"steps,omitempty"`
}

func init() {
	Register(&Kind{Ops: []string{"pipeline.set", "step.add", "step.rename", "step.move", "step.delete", "stage.add", "stage.set", "stage.move", "stage.delete", "comment.add", "comment.edit", "comment.delete"}, Name: StagesKind, New: newStages, Decode: decodeStages})
}

func newStages(cfg json.RawMessage) (State, error) {
	var c StagesConfig
	if len(cfg) > 0 {
		if err := json.Unmarshal(cfg, &c); err != nil {
			return nil, Refuse(CodeInvalidOp, "config", "stages configuration: %s", jsonProblem(err))
		}
	}
	steps := c.Steps
	if len(steps) == 0 {
		steps = SeedBuyingSteps
	}
	s := &StagesState{Steps: map[string]*BuyingStepItem{}, Stages: map[string]*StageItem{}}
	for i, b := range steps {
		if err := CheckID("steps.id", b.ID); err != nil {
			return nil, err
		}
		name, err := CleanText("steps.name", b.Name, MaxShortText, true)
		if err != nil {
			return nil, err
		}
		s.Steps[b.ID] = &BuyingStepItem{ID: b.ID, Name: name, Pos: float64(i + 1)}
	}
	// The closed stages every pipeline has, ready to be renamed.
	s.Stages["won"] = &StageItem{ID: "won", Code: "Closed Won", Name: "赢单", Status: playbook.StatusWon, Probability: 100,
		ForecastCategory: playbook.ForecastClosed, Pos: 100}
	if _, ok := s.Steps["sign"]; ok {
		s.Stages["won"].BuyingStep = "sign"
	}
	s.Stages["lost"] = &StageItem{ID: "lost", Code: "Closed Lost", Name: "输单", Status: playbook.StatusLost, Probability: 0,
		ForecastCategory: playbook.ForecastOmitted, Pos: 101}
	s.recompute()
	return s, nil
}

func decodeStages(data []byte) (State, error) {
	s, err := decodeInto[StagesState](data)
	if err != nil {
		return nil, err
	}
	st := s.(*StagesState)
	if st.Steps == nil {
		st.Steps = map[string]*BuyingStepItem{}
	}
	if st.Stages == nil {
		st.Stages = map[string]*StageItem{}
	}
	if st.Issues == nil {
		st.Issues = []Issue{}
	}
	return st, nil
}

type stepAddOp struct {
	Kind string   `json:"kind"`
	ID   string   `json:"id"`
	Name string   `json:"name"`
	Pos  *float64 `json:"pos"`
}

type stageAddOp struct {
	Kind       string   `json:"kind"`
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	BuyingStep string   `json:"buying_step"`
	Pos        *float64 `json:"pos"`
}

type pipelineOp struct {
	Kind             string  `json:"kind"`
	Pipeline         *string `json:"pipeline"`
	PostSalePipeline *string `json:"post_sale_pipeline"`
}

// Apply implements State.
func (s *StagesState) Apply(op Operation, ctx *Context) ([]Change, error) {
	if ctx.Visiting {
		return nil, Refuse(CodeForbidden, "", "visitors may not edit another group's stages")
	}
	return applyChecked(s, func() error { return s.apply(op) })
}

func (s *StagesState) apply(op Operation) error {
	switch op.Kind {
	case "pipeline.set":
		var o pipelineOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if o.Pipeline != nil {
			v, err := CleanText("pipeline", *o.Pipeline, MaxShortText, false)
			if err != nil {
				return err
			}
			s.Pipeline = v
		}
		if o.PostSalePipeline != nil {
			v, err := CleanText("post_sale_pipeline", *o.PostSalePipeline, MaxShortText, false)
			if err != nil {
				return err
			}
			s.PostSalePipeline = v
		}
		return nil
	case "step.add":
		var o stepAddOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if err := newItemID(s.Steps, o.ID); err != nil {
			return err
		}
		name, err := CleanText("name", o.Name, MaxShortText, true)
		if err != nil {
			return err
		}
		pos, err := checkPos(o.Pos, s.Steps)
		if err != nil {
			return err
		}
		s.Steps[o.ID] = &BuyingStepItem{ID: o.ID, Name: name, Pos: pos}
		return nil
	case "step.rename":
		var o stepAddOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		b, ok := s.Steps[o.ID]
		if !ok {
			return noSuch("buying step", o.ID)
		}
		name, err := CleanText("name", o.Name, MaxShortText, true)
		if err != nil {
			return err
		}
		b.Name = name
		return nil
	case "step.move":
		var o moveOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		b, ok := s.Steps[o.ID]
		if !ok {
			return noSuch("buying step", o.ID)
		}
		pos, err := checkPos(o.Pos, s.Steps)
		if err != nil {
			return err
		}
		b.Pos = pos
		return nil
	case "step.delete":
		var o refOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if _, ok := s.Steps[o.ID]; !ok {
			return noSuch("buying step", o.ID)
		}
		// Stages mapped to it stay, unmapped and flagged.
		delete(s.Steps, o.ID)
		for _, st := range s.Stages {
			if st.BuyingStep == o.ID {
				st.BuyingStep = ""
			}
		}
		return nil
	case "stage.add":
		var o stageAddOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if err := newItemID(s.Stages, o.ID); err != nil {
			return err
		}
		name, err := CleanText("name", o.Name, MaxShortText, false)
		if err != nil {
			return err
		}
		if o.BuyingStep != "" {
			if _, ok := s.Steps[o.BuyingStep]; !ok {
				return noSuch("buying step", o.BuyingStep)
			}
		}
		pos := 0.0
		if o.Pos != nil {
			if pos, err = checkPos(o.Pos, s.Stages); err != nil {
				return err
			}
		} else {
			pos = s.beforeClosed()
		}
		s.Stages[o.ID] = &StageItem{ID: o.ID, Name: name, Status: playbook.StatusOpen, BuyingStep: o.BuyingStep,
			ForecastCategory: playbook.ForecastPipeline, Actions: []string{}, Evidence: []string{}, RequiredFields: []string{}, Pos: pos}
		return nil
	case "stage.set":
		var o setOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		st, ok := s.Stages[o.ID]
		if !ok {
			return noSuch("stage", o.ID)
		}
		return s.setField(st, o.Field, o.Value)
	case "stage.move":
		var o moveOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		st, ok := s.Stages[o.ID]
		if !ok {
			return noSuch("stage", o.ID)
		}
		pos, err := checkPos(o.Pos, s.Stages)
		if err != nil {
			return err
		}
		st.Pos = pos
		return nil
	case "stage.delete":
		var o refOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if _, ok := s.Stages[o.ID]; !ok {
			return noSuch("stage", o.ID)
		}
		delete(s.Stages, o.ID)
		return nil
	}
	return unknownOp(StagesKind, op.Kind)
}

// beforeClosed is the position a new open stage gets: after the last open
// stage and before the closed ones.
func (s *StagesState) beforeClosed() float64 {
	lastOpen, firstClosed := 0.0, -1.0
	for _, st := range s.Stages {
		if st.Status == playbook.StatusOpen {
			lastOpen = max(lastOpen, st.Pos)
		} else if firstClosed < 0 || st.Pos < firstClosed {
			firstClosed = st.Pos
		}
	}
	if firstClosed < 0 || firstClosed > lastOpen+1 {
		return float64(int(lastOpen)) + 1
	}
	return (lastOpen + firstClosed) / 2
}

func (s *StagesState) setField(st *StageItem, field string, raw json.RawMessage) error {
	var err error
	switch field {
	case "name":
		st.Name, err = textValue(field, raw, MaxShortText)
	case "code":
		var code string
		if code, err = textValue(field, raw, 40); err == nil {
			st.Code = code
		}
	case "status":
		st.Status, err = enumValue(field, raw, playbook.StageStatuses)
	case "buying_step":
		var step string
		if err = decodeValue(field, raw, &step); err == nil && step != "" {
			if _, ok := s.Steps[step]; !ok {
				return noSuch("buying step", step)
			}
		}
		if err == nil {
			st.BuyingStep = step
		}
	case "probability":
		st.Probability, err = intValue(field, raw, 0, 100)
	case "actions":
		st.Actions, err = textsValue(field, raw)
	case "exit_criterion":
		st.ExitCriterion, err = textValue(field, raw, MaxNoteText)
	case "evidence":
		st.Evidence, err = textsValue(field, raw)
	case "required_fields":
		st.RequiredFields, err = textsValue(field, raw)
	case "max_days":
		st.MaxDays, err = intValue(field, raw, 0, 3650)
	case "forecast_category":
		st.ForecastCategory, err = enumValue(field, raw, playbook.ForecastCategories)
	default:
		return unknownField("a stage", field)
	}
	return err
}

// Compile returns the stages section: steps and stages in order. Stages
// without an ASCII code get one from their place ("Stage 3").
func (s *StagesState) Compile() playbook.Stages {
	out := playbook.Stages{Pipeline: s.Pipeline, PostSalePipeline: s.PostSalePipeline,
		BuyingSteps: []playbook.BuyingStep{}, Stages: []playbook.Stage{}}
	for _, b := range ordered(s.Steps) {
		out.BuyingSteps = append(out.BuyingSteps, playbook.BuyingStep{ID: b.ID, Name: b.Name})
	}
	for i, st := range ordered(s.Stages) {
		code := st.Code
		if code == "" {
			code = fmt.Sprintf("Stage %d", i+1)
		}
		out.Stages = append(out.Stages, playbook.Stage{ID: st.ID, Code: code, Name: st.Name, Status: st.Status,
			BuyingStep: st.BuyingStep, Probability: st.Probability, Actions: orEmpty(st.Actions), ExitCriterion: st.ExitCriterion,
			Evidence: orEmpty(st.Evidence), RequiredFields: orEmpty(st.RequiredFields), MaxDays: st.MaxDays,
			ForecastCategory: st.ForecastCategory})
	}
	return out
}

// CompileInto implements Section.
func (s *StagesState) CompileInto(p *playbook.Playbook) { p.Stages = s.Compile() }

func (s *StagesState) recompute() {
	c := s.Compile()
	steps := make([]string, len(c.BuyingSteps))
	for i, b := range c.BuyingSteps {
		steps[i] = b.ID
	}
	stages := make([]string, len(c.Stages))
	for i, st := range c.Stages {
		stages[i] = st.ID
	}
	probs := playbook.ValidateStages(&c, "$")
	s.Issues = issuesFrom(probs, idsResolver(map[string]listIDs{
		"buying_steps": {"steps", steps},
		"stages":       {"stages", stages},
	}))
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

var _ Section = (*StagesState)(nil)

// HasItem reports whether id names a buying step or a sales stage (for comments).
func (s *StagesState) HasItem(id string) bool { return s.Steps[id] != nil || s.Stages[id] != nil }
