// Package passoff is the pass-off (通关) role-play certification: rubrics with
// behavioural anchors, scoring against a pass threshold and must-pass
// criteria, the statistics of a judging panel (spread, harshness, ICC,
// Krippendorff's alpha), judge calibration, improvement across attempts and
// the group leaderboard, reading paper score sheets, and the two board kinds
// of a live round: the round itself and each judge's private score sheet.
//
// It is pure: no I/O beyond reading a score sheet from an io.Reader. The board
// kinds register with the exercises registry when this package is imported.
package passoff

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"playbook/exercises"
)

// Limits of a rubric.
const (
	MaxCriteria      = 12
	MaxScaleValue    = 10 // scales run within 0–10
	MaxAnchorText    = 300
	MaxRubricName    = exercises.MaxShortText
	DefaultScaleMin  = 1
	DefaultScaleMax  = 5
	DefaultPassShare = 70.0 // percent of the maximum points
	TotalWeight      = 100
)

// Rubric is what judges score a performance against: weighted criteria on one
// scale, each level of each criterion described by a behavioural anchor, a
// pass threshold, and optionally must-pass criteria.
type Rubric struct {
	Name        exercises.Text `json:"name"`
	Scale       Scale          `json:"scale"`
	Criteria    []Criterion    `json:"criteria"`
	PassPercent float64        `json:"pass_percent"` // pass at or above this share of the maximum points
}

// Scale is the range of whole-number scores, Min to Max inclusive.
type Scale struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// Levels is the number of levels of the scale.
func (s Scale) Levels() int { return s.Max - s.Min + 1 }

// Contains reports whether v is a level of the scale.
func (s Scale) Contains(v int) bool { return v >= s.Min && v <= s.Max }

// Criterion is one thing judges score.
type Criterion struct {
	ID          string         `json:"id"`
	Name        exercises.Text `json:"name"`
	Description exercises.Text `json:"description,omitzero"`
	// Weight is the criterion's share of the total, in percent; the weights of
	// a rubric add up to 100.
	Weight int `json:"weight"`
	// Anchors describe each level of the scale, lowest first: Anchors[0] is
	// Scale.Min, Anchors[len-1] is Scale.Max.
	Anchors []exercises.Text `json:"anchors"`
	// MinLevel makes the criterion must-pass: a performance whose panel mean
	// on it is below MinLevel fails, whatever its total.
	MinLevel *int `json:"min_level,omitempty"`
}

// MustPass reports whether the criterion is must-pass.
func (c *Criterion) MustPass() bool { return c.MinLevel != nil }

// Anchor returns the anchor of a level of the scale.
func (c *Criterion) Anchor(s Scale, level int) exercises.Text {
	i := level - s.Min
	if i < 0 || i >= len(c.Anchors) {
		return exercises.Text{}
	}
	return c.Anchors[i]
}

// Criterion finds a criterion by id.
func (r *Rubric) Criterion(id string) (*Criterion, bool) {
	for i := range r.Criteria {
		if r.Criteria[i].ID == id {
			return &r.Criteria[i], true
		}
	}
	return nil, false
}

// CriterionIDs lists the criteria's ids in rubric order.
func (r *Rubric) CriterionIDs() []string {
	ids := make([]string, len(r.Criteria))
	for i, c := range r.Criteria {
		ids[i] = c.ID
	}
	return ids
}

// MaxPoints is the most a performance can score: every criterion at the top
// of the scale, weighted.
func (r *Rubric) MaxPoints() float64 { return float64(r.weightSum() * r.Scale.Max) }

func (r *Rubric) weightSum() int {
	sum := 0
	for _, c := range r.Criteria {
		sum += c.Weight
	}
	return sum
}

// Normalize fills the defaults of fields left out: a 1–5 scale when neither
// end is given, and a pass threshold of 70%.
func (r *Rubric) Normalize() {
	if r.Scale.Min == 0 && r.Scale.Max == 0 {
		r.Scale = Scale{Min: DefaultScaleMin, Max: DefaultScaleMax}
	}
	if r.PassPercent == 0 {
		r.PassPercent = DefaultPassShare
	}
}

// Validate checks a rubric and says what is wrong in terms a trainer can act
// on. The error is an *exercises.OpError whose Field names the place
// ("criteria[2].weight").
func (r *Rubric) Validate() error {
	if err := r.Name.Validate("name", MaxRubricName); err != nil {
		return err
	}
	s := r.Scale
	if s.Min < 0 || s.Max > MaxScaleValue || s.Min >= s.Max {
		return exercises.Refuse(exercises.CodeInvalidOp, "scale",
			"the scale runs from %d to %d; it must have at least two levels within 0–%d (for example 1–5)", s.Min, s.Max, MaxScaleValue)
	}
	if math.IsNaN(r.PassPercent) || r.PassPercent <= 0 || r.PassPercent > 100 {
		return exercises.Refuse(exercises.CodeInvalidOp, "pass_percent",
			"the pass threshold must be a percentage above 0 and at most 100 (the default is %g)", DefaultPassShare)
	}
	if len(r.Criteria) == 0 {
		return exercises.Refuse(exercises.CodeInvalidOp, "criteria", "a rubric needs at least one criterion")
	}
	if len(r.Criteria) > MaxCriteria {
		return exercises.Refuse(exercises.CodeLimit, "criteria", "a rubric has at most %d criteria; this one has %d", MaxCriteria, len(r.Criteria))
	}
	seen := map[string]bool{}
	for i := range r.Criteria {
		c := &r.Criteria[i]
		at := func(field string) string { return fmt.Sprintf("criteria[%d].%s", i, field) }
		if err := exercises.CheckID(at("id"), c.ID); err != nil {
			return err
		}
		if seen[c.ID] {
			return exercises.Refuse(exercises.CodeInvalidOp, at("id"), "criterion id %q appears twice", c.ID)
		}
		seen[c.ID] = true
		if err := c.Name.Validate(at("name"), exercises.MaxShortText); err != nil {
			return err
		}
		if c.Description != (exercises.Text{}) {
			if err := c.Description.Validate(at("description"), MaxAnchorText); err != nil {
				return err
			}
		}
		if c.Weight < 1 || c.Weight > TotalWeight {
			return exercises.Refuse(exercises.CodeInvalidOp, at("weight"),
				"the weight of %q is %d; each weight is a whole percentage from 1 to 100", c.Name.In("en"), c.Weight)
		}
		if len(c.Anchors) != s.Levels() {
			return exercises.Refuse(exercises.CodeInvalidOp, at("anchors"),
				"%q has %d anchors; a %d–%d scale needs one anchor for each of its %d levels", c.Name.In("en"), len(c.Anchors), s.Min, s.Max, s.Levels())
		}
		for l, a := range c.Anchors {
			field := fmt.Sprintf("criteria[%d].anchors[%d]", i, l)
			if a.ZH == "" && a.EN == "" {
				return exercises.Refuse(exercises.CodeInvalidOp, field, "level %d of %q has no anchor: describe the behaviour that earns it", s.Min+l, c.Name.In("en"))
			}
			if err := a.Validate(field, MaxAnchorText); err != nil {
				return err
			}
		}
		if c.MinLevel != nil && (*c.MinLevel <= s.Min || *c.MinLevel > s.Max) {
			return exercises.Refuse(exercises.CodeInvalidOp, at("min_level"),
				"the must-pass level of %q is %d; it must be above %d and at most %d", c.Name.In("en"), *c.MinLevel, s.Min, s.Max)
		}
	}
	if sum := r.weightSum(); sum != TotalWeight {
		return exercises.Refuse(exercises.CodeInvalidOp, "criteria",
			"the weights add up to %d; they must add up to %d", sum, TotalWeight)
	}
	return nil
}

// Clone returns a deep copy of the rubric.
func (r *Rubric) Clone() *Rubric {
	c := *r
	c.Criteria = make([]Criterion, len(r.Criteria))
	for i, cr := range r.Criteria {
		cr.Anchors = append([]exercises.Text(nil), cr.Anchors...)
		if cr.MinLevel != nil {
			v := *cr.MinLevel
			cr.MinLevel = &v
		}
		c.Criteria[i] = cr
	}
	return &c
}

// ParseRubric reads a rubric from JSON strictly (unknown fields are refused),
// fills its defaults and validates it.
func ParseRubric(data []byte) (*Rubric, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r Rubric
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("not a rubric: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("not a rubric: more than one JSON value")
	}
	r.Normalize()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return &r, nil
}
