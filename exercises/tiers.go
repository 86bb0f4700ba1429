package exercises

import (
	"encoding/json"

	"playbook/playbook"
)

// The tiers kind (4.1): the dimensions customers are segmented by (industry,
// size, potential, relationship…) and the tiers (A/B/C or custom), each with
// its entry criteria, visit cadence and resources. Every tier needs criteria
// and a cadence.

// TiersKind is the kind's name.
const TiersKind = "tiers"

// TierDimension is a segmentation dimension.
type TierDimension struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Pos         float64 `json:"pos"`
}

func (d *TierDimension) position() float64 { return d.Pos }
func (d *TierDimension) itemID() string    { return d.ID }

// TierItem is one customer tier.
type TierItem struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Criteria     []string `json:"criteria"`
	VisitCadence string   `json:"visit_cadence"`
	Resources    string   `json:"resources"`
	Pos          float64  `json:"pos"`
}

func (t *TierItem) position() float64 { return t.Pos }
func (t *TierItem) itemID() string    { return t.ID }

// TiersState is the document of a tiers board.
type TiersState struct {
	Dimensions map[string]*TierDimension `json:"dimensions"`
	Tiers      map[string]*TierItem      `json:"tiers"`
	Issues     []Issue                   `json:"issues"`
	// Comments are the trainer's coaching on an item (or on the board).
	Comments
}

func init() {
	Register(&Kind{Ops: []string{"dimension.add", "dimension.set", "dimension.delete", "tier.add", "tier.set", "tier.delete", "tier.move", "comment.add", "comment.edit", "comment.delete"}, Name: TiersKind, New: newTiers, Decode: func(data []byte) (State, error) {
		s, err := decodeInto[TiersState](data)
		if err != nil {
			return nil, err
		}
		t := s.(*TiersState)
		if t.Dimensions == nil {
			t.Dimensions = map[string]*TierDimension{}
		}
		if t.Tiers == nil {
			t.Tiers = map[string]*TierItem{}
		}
		if t.Issues == nil {
			t.Issues = []Issue{}
		}
		return t, nil
	}})
}

// newTiers starts with the dimensions the curriculum names and three tiers
// to fill in.
func newTiers(json.RawMessage) (State, error) {
	s := &TiersState{Dimensions: map[string]*TierDimension{}, Tiers: map[string]*TierItem{}}
	for i, d := range []struct{ id, name string }{{"industry", "行业"}, {"size", "规模"}, {"potential", "潜力"}, {"relationship", "关系"}} {
		s.Dimensions[d.id] = &TierDimension{ID: d.id, Name: d.name, Pos: float64(i + 1)}
	}
	for i, id := range []string{"A", "B", "C"} {
		s.Tiers[id] = &TierItem{ID: id, Name: id + " 级", Criteria: []string{}, Pos: float64(i + 1)}
	}
	s.recompute()
	return s, nil
}

type namedAddOp struct {
	Kind string   `json:"kind"`
	ID   string   `json:"id"`
	Name string   `json:"name"`
	Pos  *float64 `json:"pos"`
}

// Apply implements State.
func (s *TiersState) Apply(op Operation, ctx *Context) ([]Change, error) {
	if ctx.Visiting {
		return nil, Refuse(CodeForbidden, "", "visitors may not edit another group's tiers")
	}
	return applyChecked(s, func() error { return s.apply(op) })
}

func (s *TiersState) apply(op Operation) error {
	switch op.Kind {
	case "dimension.add", "tier.add":
		var o namedAddOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		name, err := CleanText("name", o.Name, MaxShortText, false)
		if err != nil {
			return err
		}
		if op.Kind == "dimension.add" {
			if err := newItemID(s.Dimensions, o.ID); err != nil {
				return err
			}
			pos, err := checkPos(o.Pos, s.Dimensions)
			if err != nil {
				return err
			}
			s.Dimensions[o.ID] = &TierDimension{ID: o.ID, Name: name, Pos: pos}
			return nil
		}
		if err := newItemID(s.Tiers, o.ID); err != nil {
			return err
		}
		pos, err := checkPos(o.Pos, s.Tiers)
		if err != nil {
			return err
		}
		s.Tiers[o.ID] = &TierItem{ID: o.ID, Name: name, Criteria: []string{}, Pos: pos}
		return nil
	case "dimension.set":
		var o setOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		d, ok := s.Dimensions[o.ID]
		if !ok {
			return noSuch("dimension", o.ID)
		}
		var err error
		switch o.Field {
		case "name":
			d.Name, err = textValue(o.Field, o.Value, MaxShortText)
		case "description":
			d.Description, err = textValue(o.Field, o.Value, MaxNoteText)
		default:
			return unknownField("a dimension", o.Field)
		}
		return err
	case "tier.set":
		var o setOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		t, ok := s.Tiers[o.ID]
		if !ok {
			return noSuch("tier", o.ID)
		}
		var err error
		switch o.Field {
		case "name":
			t.Name, err = textValue(o.Field, o.Value, MaxShortText)
		case "criteria":
			t.Criteria, err = textsValue(o.Field, o.Value)
		case "visit_cadence":
			t.VisitCadence, err = textValue(o.Field, o.Value, MaxShortText)
		case "resources":
			t.Resources, err = textValue(o.Field, o.Value, MaxNoteText)
		default:
			return unknownField("a tier", o.Field)
		}
		return err
	case "dimension.delete":
		var o refOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if _, ok := s.Dimensions[o.ID]; !ok {
			return noSuch("dimension", o.ID)
		}
		delete(s.Dimensions, o.ID)
		return nil
	case "tier.delete":
		var o refOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if _, ok := s.Tiers[o.ID]; !ok {
			return noSuch("tier", o.ID)
		}
		delete(s.Tiers, o.ID)
		return nil
	case "tier.move":
		var o moveOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		t, ok := s.Tiers[o.ID]
		if !ok {
			return noSuch("tier", o.ID)
		}
		pos, err := checkPos(o.Pos, s.Tiers)
		t.Pos = pos
		return err
	}
	return unknownOp(TiersKind, op.Kind)
}

// Compile returns the customer tiers section.
func (s *TiersState) Compile() playbook.CustomerTiers {
	out := playbook.CustomerTiers{Dimensions: []playbook.Dimension{}, Tiers: []playbook.Tier{}}
	for _, d := range ordered(s.Dimensions) {
		out.Dimensions = append(out.Dimensions, playbook.Dimension{Name: d.Name, Description: d.Description})
	}
	for _, t := range ordered(s.Tiers) {
		out.Tiers = append(out.Tiers, playbook.Tier{ID: t.ID, Name: t.Name, Criteria: orEmpty(t.Criteria),
			VisitCadence: t.VisitCadence, Resources: t.Resources})
	}
	return out
}

// CompileInto implements Section.
func (s *TiersState) CompileInto(p *playbook.Playbook) { p.CustomerTiers = s.Compile() }

func (s *TiersState) recompute() {
	c := s.Compile()
	dims := make([]string, 0, len(s.Dimensions))
	for _, d := range ordered(s.Dimensions) {
		dims = append(dims, d.ID)
	}
	tiers := make([]string, 0, len(s.Tiers))
	for _, t := range ordered(s.Tiers) {
		tiers = append(tiers, t.ID)
	}
	s.Issues = issuesFrom(playbook.ValidateTiers(&c, "$"), idsResolver(map[string]listIDs{
		"dimensions": {"dimensions", dims}, "tiers": {"tiers", tiers}}))
}

var _ Section = (*TiersState)(nil)

// HasItem reports whether id names a dimension or a tier (for comments).
func (s *TiersState) HasItem(id string) bool { return s.Dimensions[id] != nil || s.Tiers[id] != nil }
