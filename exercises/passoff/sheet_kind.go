package passoff

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"playbook/exercises"
)

// SheetState is the document of a judge's score sheet: who it belongs to,
// whether they judge now, the scale and criteria they score on, the
// performance being judged and their scores of it. Only its owner ever sees
// it; the round learns only whether it was submitted, until the reveal.
type SheetState struct {
	Owner     Person         `json:"owner"`
	Judge     bool           `json:"judge"`
	Scale     Scale          `json:"scale"`
	Criteria  []string       `json:"criteria"`
	Current   *SheetCurrent  `json:"current"`
	Scores    map[string]int `json:"scores"`
	Submitted bool           `json:"submitted"`
}

// SheetCurrent is the performance a sheet is for.
type SheetCurrent struct {
	Attempt     string `json:"attempt"`
	Performer   string `json:"performer"` // the performer's name
	Calibration bool   `json:"calibration,omitempty"`
	Self        bool   `json:"self,omitempty"`     // the judge is the performer: no scoring
	Revealed    bool   `json:"revealed,omitempty"` // scores are published and final
}

// SheetConfig is what the server makes a sheet with.
type SheetConfig struct {
	Owner  Person  `json:"owner"`
	Rubric *Rubric `json:"rubric,omitempty"`
}

var sheetLinked = map[string]bool{"sheet.submit": true, "sheet.reopen": true}

func init() {
	exercises.Register(&exercises.Kind{
		Name:      SheetKind,
		Ops:       []string{"score.set", "score.clear", "sheet.submit", "sheet.reopen"},
		OwnerOnly: true,
		New:       newSheet,
		Decode:    decodeSheet,
		Linked:    func(op exercises.Operation) bool { return sheetLinked[op.Kind] },
	})
}

// NewSheet returns the empty sheet of owner for a round scored on rubric.
func NewSheet(owner Person, r *Rubric) *SheetState {
	return &SheetState{Owner: owner, Scale: r.Scale, Criteria: r.CriterionIDs(), Scores: map[string]int{}}
}

func newSheet(cfg json.RawMessage) (exercises.State, error) {
	var c SheetConfig
	if len(cfg) > 0 {
		if err := json.Unmarshal(cfg, &c); err != nil {
			return nil, exercises.Refuse(exercises.CodeInvalidOp, "config", "score sheet configuration: %v", err)
		}
	}
	if c.Owner.ID == "" {
		return nil, exercises.Refuse(exercises.CodeInvalidOp, "owner", "a score sheet needs its owner")
	}
	r := c.Rubric
	if r == nil {
		r = DefaultRubric()
	}
	return NewSheet(c.Owner, r), nil
}

func decodeSheet(data []byte) (exercises.State, error) {
	var s SheetState
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("passoff: stored sheet unreadable: %w", err)
	}
	if s.Scores == nil {
		s.Scores = map[string]int{}
	}
	if s.Criteria == nil {
		s.Criteria = []string{}
	}
	return &s, nil
}

type scoreOp struct {
	Kind      string `json:"kind"`
	Attempt   string `json:"attempt"`
	Criterion string `json:"criterion"`
	Score     *int   `json:"score"`
}

type sheetOp struct {
	Kind    string `json:"kind"`
	Attempt string `json:"attempt"`
}

// Apply implements exercises.State: "score.set", "score.clear",
// "sheet.submit" and "sheet.reopen", each naming the attempt the judge means
// (an old screen never scores the wrong performance).
func (s *SheetState) Apply(op exercises.Operation, ctx *exercises.Context) ([]exercises.Change, error) {
	if ctx.Actor.ID != s.Owner.ID || ctx.Actor.Kind != s.Owner.Kind {
		return nil, exercises.Refuse(exercises.CodeForbidden, "", "this score sheet belongs to another judge")
	}
	switch op.Kind {
	case "score.set", "score.clear":
		var o scoreOp
		if err := exercises.DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if err := s.open(o.Attempt, true); err != nil {
			return nil, err
		}
		if !slices.Contains(s.Criteria, o.Criterion) {
			return nil, exercises.Refuse(exercises.CodeInvalidOp, "criterion", "the rubric has no criterion %q", o.Criterion)
		}
		if op.Kind == "score.clear" {
			if o.Score != nil {
				return nil, exercises.Refuse(exercises.CodeInvalidOp, "score", "score.clear takes no score")
			}
			if _, ok := s.Scores[o.Criterion]; !ok {
				return nil, exercises.Refuse(exercises.CodeNotFound, "criterion", "there is no score for %q to clear", o.Criterion)
			}
			delete(s.Scores, o.Criterion)
			return []exercises.Change{exercises.Del("scores", o.Criterion)}, nil
		}
		if o.Score == nil {
			return nil, exercises.Refuse(exercises.CodeInvalidOp, "score", "score.set needs a score")
		}
		if !s.Scale.Contains(*o.Score) {
			return nil, exercises.Refuse(exercises.CodeInvalidOp, "score", "a score must be a whole number from %d to %d; %d is outside the scale",
				s.Scale.Min, s.Scale.Max, *o.Score)
		}
		s.Scores[o.Criterion] = *o.Score
		return []exercises.Change{exercises.Set(*o.Score, "scores", o.Criterion)}, nil
	case "sheet.submit":
		var o sheetOp
		if err := exercises.DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if err := s.open(o.Attempt, true); err != nil {
			return nil, err
		}
		var missing []string
		for _, c := range s.Criteria {
			if _, ok := s.Scores[c]; !ok {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			return nil, exercises.Refuse(exercises.CodeInvalidOp, "scores", "score every criterion before submitting; missing: %s", strings.Join(missing, ", "))
		}
		round, err := s.round(ctx, o.Attempt)
		if err != nil {
			return nil, err
		}
		round.state.Current.Submitted[s.Owner.ID] = true
		round.link.Record(exercises.Set(true, "current", "submitted", s.Owner.ID))
		s.Submitted = true
		return []exercises.Change{exercises.Set(true, "submitted")}, nil
	case "sheet.reopen":
		var o sheetOp
		if err := exercises.DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if err := s.open(o.Attempt, false); err != nil {
			return nil, err
		}
		if !s.Submitted {
			return nil, exercises.Refuse(exercises.CodeConflict, "", "the sheet is not submitted")
		}
		round, err := s.round(ctx, o.Attempt)
		if err != nil {
			return nil, err
		}
		delete(round.state.Current.Submitted, s.Owner.ID)
		round.link.Record(exercises.Del("current", "submitted", s.Owner.ID))
		s.Submitted = false
		return []exercises.Change{exercises.Set(false, "submitted")}, nil
	}
	return nil, exercises.Refuse(exercises.CodeInvalidOp, "kind", "a score sheet has no operation %q", op.Kind)
}

// open checks the sheet may be changed for attempt: the owner judges, the
// attempt is being judged, not revealed, not their own, and (for scoring)
// not submitted.
func (s *SheetState) open(attempt string, editing bool) error {
	switch {
	case !s.Judge:
		return exercises.Refuse(exercises.CodeForbidden, "", "you are not a judge of this round")
	case s.Current == nil || s.Current.Attempt != attempt:
		return exercises.Refuse(exercises.CodeConflict, "attempt", "that performance is not being judged now")
	case s.Current.Revealed:
		return exercises.Refuse(exercises.CodeConflict, "attempt", "the scores of this performance have been revealed; they can no longer change")
	case s.Current.Self:
		return exercises.Refuse(exercises.CodeForbidden, "", "you cannot score your own performance")
	case editing && s.Submitted:
		return exercises.Refuse(exercises.CodeConflict, "", "you have submitted your scores; reopen your sheet to change them")
	}
	return nil
}

type linkedRound struct {
	link  *exercises.LinkedBoard
	state *RoundState
}

// round finds the round board among the linked boards and checks it is
// judging attempt with this judge on the panel.
func (s *SheetState) round(ctx *exercises.Context, attempt string) (*linkedRound, error) {
	for _, l := range ctx.Linked {
		r, ok := l.State.(*RoundState)
		if !ok {
			continue
		}
		if r.Current == nil || r.Current.Attempt != attempt {
			return nil, exercises.Refuse(exercises.CodeConflict, "attempt", "that performance is not being judged now")
		}
		if !slices.ContainsFunc(r.Attempts[attempt].Panel, func(p Person) bool { return p.ID == s.Owner.ID }) {
			return nil, exercises.Refuse(exercises.CodeForbidden, "", "you are not on the panel of this performance")
		}
		return &linkedRound{link: l, state: r}, nil
	}
	return nil, exercises.Refuse(exercises.CodeConflict, "", "the round of this sheet is missing")
}
