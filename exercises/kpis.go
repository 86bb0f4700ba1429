package exercises

import (
	"encoding/json"
	"math"

	"playbook/playbook"
)

// The kpis kind (3.3): process metrics (visits, proposals, stage advances…)
// and result metrics (contract value, collections, new customers…), each with
// a weight, a target, a period and a scoring rule. The weights must add up to
// 100 and both kinds must be present; the totals are computed live.

// KPIsKind is the kind's name.
const KPIsKind = "kpis"

// KPIItem is one metric; its fields are named as in the playbook.
type KPIItem struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Kind    string  `json:"kind"`
	Weight  int     `json:"weight"`
	Target  float64 `json:"target"`
	Unit    string  `json:"unit"`
	Period  string  `json:"period"`
	Scoring string  `json:"scoring"`
	Pos     float64 `json:"pos"`
}

func (k *KPIItem) position() float64 { return k.Pos }
func (k *KPIItem) itemID() string    { return k.ID }

// KPITotals are the live sums of the weights.
type KPITotals struct {
	Weight  int `json:"weight"`
	Process int `json:"process"`
	Result  int `json:"result"`
}

// KPIsState is the document of a kpis board.
type KPIsState struct {
	Metrics map[string]*KPIItem `json:"metrics"`
	Totals  KPITotals           `json:"totals"`
	Issues  []Issue             `json:"issues"`
	// Comments are the trainer's coaching on an item (or on the board).
	Comments
}

func init() {
	Register(&Kind{Ops: []string{"kpi.add", "kpi.set", "kpi.move", "kpi.delete", "comment.add", "comment.edit", "comment.delete"}, Name: KPIsKind, New: func(json.RawMessage) (State, error) {
		s := &KPIsState{Metrics: map[string]*KPIItem{}}
		s.recompute()
		return s, nil
	}, Decode: func(data []byte) (State, error) {
		s, err := decodeInto[KPIsState](data)
		if err != nil {
			return nil, err
		}
		k := s.(*KPIsState)
		if k.Metrics == nil {
			k.Metrics = map[string]*KPIItem{}
		}
		if k.Issues == nil {
			k.Issues = []Issue{}
		}
		return k, nil
	}})
}

type kpiAddOp struct {
	Kind       string   `json:"kind"`
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	MetricKind string   `json:"metric_kind"`
	Pos        *float64 `json:"pos"`
}

// Apply implements State.
func (s *KPIsState) Apply(op Operation, ctx *Context) ([]Change, error) {
	if ctx.Visiting {
		return nil, Refuse(CodeForbidden, "", "visitors may not edit another group's KPIs")
	}
	return applyChecked(s, func() error { return s.apply(op) })
}

func (s *KPIsState) apply(op Operation) error {
	switch op.Kind {
	case "kpi.add":
		var o kpiAddOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if err := newItemID(s.Metrics, o.ID); err != nil {
			return err
		}
		name, err := CleanText("name", o.Name, MaxShortText, false)
		if err != nil {
			return err
		}
		kind := o.MetricKind
		if kind == "" {
			kind = "process"
		} else if kind != "process" && kind != "result" {
			return Refuse(CodeInvalidOp, "metric_kind", "metric_kind is process or result")
		}
		pos, err := checkPos(o.Pos, s.Metrics)
		if err != nil {
			return err
		}
		s.Metrics[o.ID] = &KPIItem{ID: o.ID, Name: name, Kind: kind, Period: "month", Pos: pos}
		return nil
	case "kpi.set":
		var o setOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		k, ok := s.Metrics[o.ID]
		if !ok {
			return noSuch("metric", o.ID)
		}
		var err error
		switch o.Field {
		case "name":
			k.Name, err = textValue(o.Field, o.Value, MaxShortText)
		case "kind":
			k.Kind, err = enumValue(o.Field, o.Value, playbook.KPIKinds)
		case "weight":
			k.Weight, err = intValue(o.Field, o.Value, 0, 100)
		case "target":
			var f float64
			if err = decodeValue(o.Field, o.Value, &f); err == nil {
				if math.IsNaN(f) || f < 0 || f > 1e15 {
					return Refuse(CodeInvalidOp, o.Field, "target must be between 0 and 10^15")
				}
				k.Target = f
			}
		case "unit":
			k.Unit, err = textValue(o.Field, o.Value, MaxShortText)
		case "period":
			k.Period, err = enumValue(o.Field, o.Value, playbook.KPIPeriods)
		case "scoring":
			k.Scoring, err = textValue(o.Field, o.Value, MaxNoteText)
		default:
			return unknownField("a metric", o.Field)
		}
		return err
	case "kpi.move":
		var o moveOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		k, ok := s.Metrics[o.ID]
		if !ok {
			return noSuch("metric", o.ID)
		}
		pos, err := checkPos(o.Pos, s.Metrics)
		k.Pos = pos
		return err
	case "kpi.delete":
		var o refOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if _, ok := s.Metrics[o.ID]; !ok {
			return noSuch("metric", o.ID)
		}
		delete(s.Metrics, o.ID)
		return nil
	}
	return unknownOp(KPIsKind, op.Kind)
}

// Compile returns the KPI list in order.
func (s *KPIsState) Compile() []playbook.KPI {
	out := []playbook.KPI{}
	for _, k := range ordered(s.Metrics) {
		out = append(out, playbook.KPI{ID: k.ID, Name: k.Name, Kind: k.Kind, Weight: k.Weight, Target: k.Target,
			Unit: k.Unit, Period: k.Period, Scoring: k.Scoring})
	}
	return out
}

// CompileInto implements Section.
func (s *KPIsState) CompileInto(p *playbook.Playbook) { p.KPIs = s.Compile() }

func (s *KPIsState) recompute() {
	s.Totals = KPITotals{}
	for _, k := range s.Metrics {
		s.Totals.Weight += k.Weight
		if k.Kind == "result" {
			s.Totals.Result += k.Weight
		} else {
			s.Totals.Process += k.Weight
		}
	}
	list := s.Compile()
	ids := make([]string, len(list))
	for i, k := range list {
		ids[i] = k.ID
	}
	probs := playbook.ValidateKPIs(list, "$.metrics")
	if len(list) == 0 {
		probs = append(probs, playbook.Problem{Path: "$.metrics", Code: "required",
			Message:   "add the metrics: at least one process and one result metric, weights adding up to 100%",
			MessageZH: "请添加指标：至少一个过程指标和一个结果指标，权重合计 100%"})
	}
	s.Issues = issuesFrom(probs, idsResolver(map[string]listIDs{"metrics": {"metrics", ids}}))
}

var _ Section = (*KPIsState)(nil)

// HasItem reports whether id names a metric (for comments).
func (s *KPIsState) HasItem(id string) bool { return s.Metrics[id] != nil }
