package exercises

import (
	"bytes"
	"encoding/json"
	"slices"

	"playbook/exercises/funnel"
)

// The funnel kind (activity 5.0): every group sees the same funnel review —
// of the case's sample opportunities or of an export the trainer uploaded —
// and writes down what it finds: the biggest leak, the shape, stuck deals,
// coverage, data quality, actions. The analysis is computed by the server
// (package exercises/funnel) and loaded into each group's board by the
// trainer with one operation, so a board is resumable and shown live like
// any other.

// FunnelState is the document of a funnel board.
type FunnelState struct {
	Dataset  *FunnelDataset            `json:"dataset"`
	Result   *funnel.Result            `json:"result"`
	Findings map[string]*FunnelFinding `json:"findings"`
	// Comments are the trainer's coaching on a finding (or on the board).
	Comments
}

// FunnelDataset says which data the board's analysis is of.
type FunnelDataset struct {
	// Source is "sample" (the case's built-in data set) or "review" (a
	// trainer's funnel review).
	Source   string `json:"source"`
	ReviewID string `json:"review_id,omitempty"`
	Name     string `json:"name"`
	LoadedBy Author `json:"loaded_by"`
	Seq      int64  `json:"seq"`
}

// FunnelFinding is one thing a group found in the funnel.
type FunnelFinding struct {
	ID     string `json:"id"`
	Topic  string `json:"topic"`
	Text   string `json:"text"`
	Author Author `json:"author"`
	Seq    int64  `json:"seq"`
}

// FunnelTopics are what a finding is about.
var FunnelTopics = []string{"leak", "shape", "stuck", "coverage", "velocity", "data", "action"}

// Limits of a funnel board.
const (
	maxFunnelFindings = 200
	maxFunnelStages   = 80
	maxFunnelList     = 200
)

func init() {
	Register(&Kind{
		Name: "funnel",
		Ops:  []string{"funnel.load", "finding.add", "finding.edit", "finding.delete", "comment.add", "comment.edit", "comment.delete"},
		New: func(cfg json.RawMessage) (State, error) {
			if len(cfg) > 0 && string(cfg) != "null" && string(cfg) != "{}" {
				return nil, Refuse(CodeInvalidOp, "config", "the funnel template takes no configuration")
			}
			return &FunnelState{Findings: map[string]*FunnelFinding{}, Comments: NewComments()}, nil
		},
		Decode: func(data []byte) (State, error) {
			s, err := decodeInto[FunnelState](data)
			if err != nil {
				return nil, err
			}
			if f := s.(*FunnelState); f.Findings == nil {
				f.Findings = map[string]*FunnelFinding{}
			}
			return s, nil
		},
	})
}

type funnelLoadOp struct {
	Kind    string          `json:"kind"`
	Dataset FunnelDataset   `json:"dataset"`
	Result  json.RawMessage `json:"result"`
}

type findingAddOp struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Topic string `json:"topic"`
	Text  string `json:"text"`
}

type findingEditOp struct {
	Kind  string  `json:"kind"`
	ID    string  `json:"id"`
	Topic *string `json:"topic"`
	Text  *string `json:"text"`
}

// Apply implements State. Operations: "funnel.load" (trainers: the data set
// and its analysis), "finding.add", "finding.edit" and "finding.delete".
func (s *FunnelState) Apply(op Operation, ctx *Context) ([]Change, error) {
	if ctx.Visiting {
		return nil, Refuse(CodeForbidden, "", "visitors cannot change another group's funnel board")
	}
	switch op.Kind {
	case "funnel.load":
		if !ctx.IsTrainer() {
			return nil, Refuse(CodeForbidden, "", "only trainers choose the data set")
		}
		var o funnelLoadOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		d := o.Dataset
		switch d.Source {
		case "sample":
			d.ReviewID = ""
		case "review":
			if err := CheckID("dataset.review_id", d.ReviewID); err != nil {
				return nil, err
			}
		default:
			return nil, Refuse(CodeInvalidOp, "dataset.source", "dataset.source must be sample or review")
		}
		name, err := CleanText("dataset.name", d.Name, MaxShortText, true)
		if err != nil {
			return nil, err
		}
		r, err := decodeFunnelResult(o.Result)
		if err != nil {
			return nil, err
		}
		d.Name, d.Seq = name, ctx.Seq
		d.LoadedBy = ctx.Actor.author()
		s.Dataset, s.Result = &d, r
		return []Change{Set(s.Dataset, "dataset"), Set(s.Result, "result")}, nil
	case "finding.add":
		var o findingAddOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if err := CheckID("id", o.ID); err != nil {
			return nil, err
		}
		if _, dup := s.Findings[o.ID]; dup {
			return nil, Refuse(CodeConflict, "id", "finding %q already exists", o.ID)
		}
		if len(s.Findings) >= maxFunnelFindings {
			return nil, Refuse(CodeLimit, "", "a funnel board holds at most %d findings", maxFunnelFindings)
		}
		if !slices.Contains(FunnelTopics, o.Topic) {
			return nil, Refuse(CodeInvalidOp, "topic", "topic must be one of %v", FunnelTopics)
		}
		text, err := CleanText("text", o.Text, MaxNoteText, true)
		if err != nil {
			return nil, err
		}
		f := &FunnelFinding{ID: o.ID, Topic: o.Topic, Text: text, Seq: ctx.Seq,
			Author: ctx.Actor.author()}
		s.Findings[f.ID] = f
		return []Change{Set(f, "findings", f.ID)}, nil
	case "finding.edit":
		var o findingEditOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		f, ok := s.Findings[o.ID]
		if !ok {
			return nil, Refuse(CodeNotFound, "id", "there is no finding %q", o.ID)
		}
		next := *f
		if o.Topic != nil {
			if !slices.Contains(FunnelTopics, *o.Topic) {
				return nil, Refuse(CodeInvalidOp, "topic", "topic must be one of %v", FunnelTopics)
			}
			next.Topic = *o.Topic
		}
		if o.Text != nil {
			text, err := CleanText("text", *o.Text, MaxNoteText, true)
			if err != nil {
				return nil, err
			}
			next.Text = text
		}
		next.Seq = ctx.Seq
		s.Findings[o.ID] = &next
		return []Change{Set(&next, "findings", o.ID)}, nil
	case "finding.delete":
		var o noteRefOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if _, ok := s.Findings[o.ID]; !ok {
			return nil, Refuse(CodeNotFound, "id", "there is no finding %q", o.ID)
		}
		delete(s.Findings, o.ID)
		return []Change{Del("findings", o.ID)}, nil
	}
	return nil, Refuse(CodeInvalidOp, "kind", "unknown operation %q for a funnel board", op.Kind)
}

// decodeFunnelResult reads an analysis strictly and checks it is of a size
// a board can carry (the server sends the compact form).
func decodeFunnelResult(raw json.RawMessage) (*funnel.Result, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, Refuse(CodeInvalidOp, "result", "result is required")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var r funnel.Result
	if err := dec.Decode(&r); err != nil {
		return nil, Refuse(CodeInvalidOp, "result", "result: %s", jsonProblem(err))
	}
	switch {
	case len(r.Stages) == 0:
		return nil, Refuse(CodeInvalidOp, "result.stages", "the result has no stages")
	case len(r.Stages) > maxFunnelStages:
		return nil, Refuse(CodeLimit, "result.stages", "a result has at most %d stages", maxFunnelStages)
	case len(r.Owners) > funnel.CompactOwners, len(r.Periods) > funnel.CompactPeriods, len(r.Stuck) > funnel.CompactStuck,
		len(r.BadRows) > funnel.CompactBadRows, len(r.UnknownStages) > funnel.CompactValues+1,
		len(r.Limits)+len(r.Warnings) > maxFunnelList, len(r.Dates) > maxFunnelList, len(r.Shape.Findings) > 10:
		return nil, Refuse(CodeLimit, "result", "the result is too long for a board: send its compact form")
	case r.Won+r.Lost+r.Open != r.Opportunities || r.Opportunities < 0:
		return nil, Refuse(CodeInvalidOp, "result", "the result's counts do not add up")
	}
	return &r, nil
}

// HasItem reports whether id names a finding (for comments).
func (s *FunnelState) HasItem(id string) bool { _, ok := s.Findings[id]; return ok }

// Progress counts the group's findings.
func (s *FunnelState) Progress() Progress { return Progress{Items: len(s.Findings)} }
