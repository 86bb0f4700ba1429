package exercises

import (
	"encoding/json"

	"playbook/playbook"
)

// The team-mix kind (12421组合法): the team's people by capability tier
// against the 1:2:4:2:1 shape scaled to the team's size, with the gap per
// tier. The seed names the method without defining it; curriculum.md's
// interpretation is shown with the board.

// TeamMixKind is the kind's name.
const TeamMixKind = "team-mix"

// TeamLevel is one of the five capability tiers.
type TeamLevel struct {
	Level int    `json:"level"`
	Name  string `json:"name"`
}

// TeamPerson is one member of the sales team.
type TeamPerson struct {
	ID    string  `json:"id"`
	Name  string  `json:"name"`
	Level int     `json:"level"`
	Pos   float64 `json:"pos"`
}

func (p *TeamPerson) position() float64 { return p.Pos }
func (p *TeamPerson) itemID() string    { return p.ID }

// TeamMixRow is the computed comparison for one tier.
type TeamMixRow struct {
	Level int `json:"level"`
	Count int `json:"count"`
	Ideal int `json:"ideal"`
	Gap   int `json:"gap"` // count − ideal: negative means people missing
}

// TeamMixState is the document of a team-mix board.
type TeamMixState struct {
	Interpretation Text                   `json:"interpretation"`
	Ratio          []int                  `json:"ratio"`
	Levels         []TeamLevel            `json:"levels"`
	People         map[string]*TeamPerson `json:"people"`
	Total          int                    `json:"total"`
	Mix            []TeamMixRow           `json:"mix"`
	Issues         []Issue                `json:"issues"`
	// Comments are the trainer's coaching on an item (or on the board).
	Comments
}

// TeamMixInterpretation is the note shown with the board.
var TeamMixInterpretation = Text{
	ZH: "“12421组合法”在课程资料中没有定义，这里是本工作坊的解读：健康的团队在五个能力档（顶尖、骨干、中坚、成长、新人）上按 1:2:4:2:1（10%/20%/40%/20%/10%）分布。",
	EN: "The seed names the 12421 method without defining it; this is the workshop's interpretation: a healthy team spreads over five capability tiers (top, strong, solid, developing, new) in the ratio 1:2:4:2:1 (10/20/40/20/10%).",
}

var defaultLevels = []TeamLevel{{1, "顶尖"}, {2, "骨干"}, {3, "中坚"}, {4, "成长"}, {5, "新人"}}

// MaxTeam bounds the people on a team-mix board.
const MaxTeam = 500

func init() {
	Register(&Kind{Ops: []string{"person.add", "person.set", "person.delete", "level.rename", "comment.add", "comment.edit", "comment.delete"}, Name: TeamMixKind, New: func(json.RawMessage) (State, error) {
		s := &TeamMixState{Interpretation: TeamMixInterpretation, Ratio: append([]int(nil), playbook.Ratio12421...),
			Levels: append([]TeamLevel(nil), defaultLevels...), People: map[string]*TeamPerson{}}
		s.recompute()
		return s, nil
	}, Decode: func(data []byte) (State, error) {
		s, err := decodeInto[TeamMixState](data)
		if err != nil {
			return nil, err
		}
		t := s.(*TeamMixState)
		if t.People == nil {
			t.People = map[string]*TeamPerson{}
		}
		if t.Issues == nil {
			t.Issues = []Issue{}
		}
		return t, nil
	}})
}

type personAddOp struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Name  string `json:"name"`
	Level int    `json:"level"`
}

type levelRenameOp struct {
	Kind  string `json:"kind"`
	Level int    `json:"level"`
	Name  string `json:"name"`
}

// Apply implements State.
func (s *TeamMixState) Apply(op Operation, ctx *Context) ([]Change, error) {
	if ctx.Visiting {
		return nil, Refuse(CodeForbidden, "", "visitors may not edit another group's team")
	}
	return applyChecked(s, func() error { return s.apply(op) })
}

func (s *TeamMixState) apply(op Operation) error {
	switch op.Kind {
	case "person.add":
		var o personAddOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if err := newItemID(s.People, o.ID); err != nil {
			return err
		}
		if len(s.People) >= MaxTeam {
			return Refuse(CodeLimit, "", "a team holds at most %d people", MaxTeam)
		}
		name, err := CleanText("name", o.Name, MaxShortText, true)
		if err != nil {
			return err
		}
		if o.Level < 1 || o.Level > 5 {
			return Refuse(CodeInvalidOp, "level", "level is 1 (top) to 5 (new)")
		}
		s.People[o.ID] = &TeamPerson{ID: o.ID, Name: name, Level: o.Level, Pos: nextPos(s.People)}
		return nil
	case "person.set":
		var o setOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		p, ok := s.People[o.ID]
		if !ok {
			return noSuch("person", o.ID)
		}
		var err error
		switch o.Field {
		case "name":
			var name string
			if name, err = textValue(o.Field, o.Value, MaxShortText); err == nil {
				if name == "" {
					return Refuse(CodeInvalidOp, "name", "name must not be empty")
				}
				p.Name = name
			}
		case "level":
			p.Level, err = intValue(o.Field, o.Value, 1, 5)
		default:
			return unknownField("a person", o.Field)
		}
		return err
	case "person.delete":
		var o refOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if _, ok := s.People[o.ID]; !ok {
			return noSuch("person", o.ID)
		}
		delete(s.People, o.ID)
		return nil
	case "level.rename":
		var o levelRenameOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if o.Level < 1 || o.Level > len(s.Levels) {
			return Refuse(CodeInvalidOp, "level", "level is 1 to %d", len(s.Levels))
		}
		name, err := CleanText("name", o.Name, MaxShortText, true)
		if err != nil {
			return err
		}
		s.Levels[o.Level-1].Name = name
		return nil
	}
	return unknownOp(TeamMixKind, op.Kind)
}

// Compile returns the team structure section.
func (s *TeamMixState) Compile() playbook.TeamStructure {
	out := playbook.TeamStructure{Ratio: append([]int(nil), s.Ratio...), Total: s.Total, Tiers: []playbook.TeamTier{}}
	if s.Total == 0 {
		return out
	}
	for i, row := range s.Mix {
		tier := playbook.TeamTier{Level: row.Level, Name: s.Levels[i].Name, Count: row.Count, Ideal: row.Ideal, Gap: row.Gap, Names: []string{}}
		for _, p := range ordered(s.People) {
			if p.Level == row.Level {
				tier.Names = append(tier.Names, p.Name)
			}
		}
		out.Tiers = append(out.Tiers, tier)
	}
	return out
}

// CompileInto implements Section.
func (s *TeamMixState) CompileInto(p *playbook.Playbook) { p.TeamStructure = s.Compile() }

func (s *TeamMixState) recompute() {
	counts := make([]int, len(s.Levels))
	s.Total = 0
	for _, p := range s.People {
		if p.Level >= 1 && p.Level <= len(counts) {
			counts[p.Level-1]++
			s.Total++
		}
	}
	ideal := playbook.IdealTeam(s.Total, s.Ratio)
	s.Mix = make([]TeamMixRow, len(s.Levels))
	for i := range s.Levels {
		s.Mix[i] = TeamMixRow{Level: i + 1, Count: counts[i], Ideal: ideal[i], Gap: counts[i] - ideal[i]}
	}
	c := s.Compile()
	s.Issues = issuesFrom(playbook.ValidateTeam(&c, "$"), func(segs []pathSeg) []string {
		out := []string{}
		for _, sg := range segs {
			out = append(out, sg.key)
		}
		return out
	})
	if s.Total == 0 {
		s.Issues = append(s.Issues, Issue{Path: []string{"people"}, Code: "required",
			Message: Text{ZH: "请把团队成员按能力档加入", EN: "add the team's people by tier"}})
	}
}

var _ Section = (*TeamMixState)(nil)

// HasItem reports whether id names a person (for comments).
func (s *TeamMixState) HasItem(id string) bool { return s.People[id] != nil }
