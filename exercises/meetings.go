package exercises

import (
	"encoding/json"

	"playbook/playbook"
)

// The meetings kind (两会 in module 2, the project review in 5.2): each
// meeting's cadence, length, attendees, agenda, inputs (which daily tables)
// and outputs. Inputs must name defined tables: the board carries the tables
// it can name (the five tables of the interpretation); the company playbook
// checks them again against its own daily tables.

// MeetingsKind is the kind's name.
const MeetingsKind = "meetings"

// AgendaEntry is one agenda point.
type AgendaEntry struct {
	Item    string `json:"item"`
	Minutes int    `json:"minutes"`
}

// MeetingItem is one recurring meeting.
type MeetingItem struct {
	ID        string        `json:"id"`
	Kind      string        `json:"kind"`
	Name      string        `json:"name"`
	Cadence   string        `json:"cadence"`
	Minutes   int           `json:"minutes"`
	Attendees []string      `json:"attendees"`
	Agenda    []AgendaEntry `json:"agenda"`
	Inputs    []string      `json:"inputs"`
	Outputs   []string      `json:"outputs"`
	Pos       float64       `json:"pos"`
}

func (m *MeetingItem) position() float64 { return m.Pos }
func (m *MeetingItem) itemID() string    { return m.ID }

// MeetingsState is the document of a meetings board.
type MeetingsState struct {
	Tables   []TableRef              `json:"tables"`
	Meetings map[string]*MeetingItem `json:"meetings"`
	Issues   []Issue                 `json:"issues"`
	// Comments are the trainer's coaching on an item (or on the board).
	Comments
}

// MeetingsConfig chooses the starting meetings: "two_meetings" (周会 and
// 月会, the default) or "project_review" (5.2).
type MeetingsConfig struct {
	Preset string `json:"preset,omitempty"`
}

// presetMeetings are the interpretation's starting points (curriculum.md).
func presetMeetings(preset string) []*MeetingItem {
	if preset == "project_review" {
		return []*MeetingItem{{ID: "project_review", Kind: "project_review", Name: "重点项目分析会", Cadence: "每月一次，或重大项目进入关键阶段时",
			Minutes: 60, Attendees: []string{"销售负责人", "项目销售", "技术或交付负责人"},
			Agenda: []AgendaEntry{{"项目现状与阶段", 10}, {"客户决策链与关系", 15}, {"竞争态势", 10}, {"风险与所需资源", 15}, {"决定、负责人与完成日期", 10}},
			Inputs: []string{"opportunities"}, Outputs: []string{"项目行动计划", "决定、负责人与完成日期"}, Pos: 1}}
	}
	return []*MeetingItem{
		{ID: "weekly", Kind: "weekly", Name: "周会", Cadence: "每周一上午", Minutes: 60, Attendees: []string{"销售经理", "全体销售"},
			Agenda: []AgendaEntry{{"上周结果对比计划（销售额、订单、拜访）", 15}, {"差距与问题", 10}, {"商机变化与重点商机", 20}, {"下周计划与负责人", 15}},
			Inputs: []string{"visit_plan", "opportunities", "receivables"}, Outputs: []string{"下周计划", "决定、负责人与完成日期"}, Pos: 1},
		{ID: "monthly", Kind: "monthly", Name: "月度销售分析会", Cadence: "每月第一周", Minutes: 120, Attendees: []string{"销售负责人", "区域经理"},
			Agenda: []AgendaEntry{{"目标达成分析", 30}, {"漏斗回顾", 30}, {"项目分析", 30}, {"辅导", 15}, {"下月目标", 15}},
			Inputs: []string{"target_breakdown", "opportunities", "account_grades", "receivables"}, Outputs: []string{"下月目标", "决定、负责人与完成日期"}, Pos: 2},
	}
}

func init() {
	Register(&Kind{Ops: []string{"meeting.add", "meeting.set", "meeting.move", "meeting.delete", "comment.add", "comment.edit", "comment.delete"}, Name: MeetingsKind, New: newMeetings, Decode: func(data []byte) (State, error) {
		s, err := decodeInto[MeetingsState](data)
		if err != nil {
			return nil, err
		}
		m := s.(*MeetingsState)
		if m.Meetings == nil {
			m.Meetings = map[string]*MeetingItem{}
		}
		if m.Tables == nil {
			m.Tables = []TableRef{}
		}
		if m.Issues == nil {
			m.Issues = []Issue{}
		}
		return m, nil
	}})
}

func newMeetings(cfg json.RawMessage) (State, error) {
	var c MeetingsConfig
	if len(cfg) > 0 {
		if err := json.Unmarshal(cfg, &c); err != nil {
			return nil, Refuse(CodeInvalidOp, "config", "meetings configuration: %s", jsonProblem(err))
		}
	}
	if c.Preset != "" && c.Preset != "two_meetings" && c.Preset != "project_review" {
		return nil, Refuse(CodeInvalidOp, "preset", "preset is two_meetings or project_review")
	}
	s := &MeetingsState{Tables: DefaultTableRefs(), Meetings: map[string]*MeetingItem{}}
	for _, m := range presetMeetings(c.Preset) {
		s.Meetings[m.ID] = m
	}
	s.recompute()
	return s, nil
}

type meetingAddOp struct {
	Kind        string   `json:"kind"`
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	MeetingKind string   `json:"meeting_kind"`
	Pos         *float64 `json:"pos"`
}

// Apply implements State.
func (s *MeetingsState) Apply(op Operation, ctx *Context) ([]Change, error) {
	if ctx.Visiting {
		return nil, Refuse(CodeForbidden, "", "visitors may not edit another group's meetings")
	}
	return applyChecked(s, func() error { return s.apply(op) })
}

func (s *MeetingsState) apply(op Operation) error {
	switch op.Kind {
	case "meeting.add":
		var o meetingAddOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if err := newItemID(s.Meetings, o.ID); err != nil {
			return err
		}
		name, err := CleanText("name", o.Name, MaxShortText, false)
		if err != nil {
			return err
		}
		kind := o.MeetingKind
		if kind == "" {
			kind = "other"
		} else if _, err := enumValue("meeting_kind", mustRaw(kind), playbook.MeetingKinds); err != nil {
			return err
		}
		pos, err := checkPos(o.Pos, s.Meetings)
		if err != nil {
			return err
		}
		s.Meetings[o.ID] = &MeetingItem{ID: o.ID, Kind: kind, Name: name, Attendees: []string{}, Agenda: []AgendaEntry{},
			Inputs: []string{}, Outputs: []string{}, Pos: pos}
		return nil
	case "meeting.set":
		var o setOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		m, ok := s.Meetings[o.ID]
		if !ok {
			return noSuch("meeting", o.ID)
		}
		var err error
		switch o.Field {
		case "kind":
			m.Kind, err = enumValue(o.Field, o.Value, playbook.MeetingKinds)
		case "name":
			m.Name, err = textValue(o.Field, o.Value, MaxShortText)
		case "cadence":
			m.Cadence, err = textValue(o.Field, o.Value, MaxShortText)
		case "minutes":
			m.Minutes, err = intValue(o.Field, o.Value, 0, 24*60)
		case "attendees":
			m.Attendees, err = textsValue(o.Field, o.Value)
		case "outputs":
			m.Outputs, err = textsValue(o.Field, o.Value)
		case "inputs":
			var ids []string
			if err = decodeValue(o.Field, o.Value, &ids); err == nil {
				if len(ids) > MaxListItems {
					return Refuse(CodeLimit, o.Field, "inputs hold at most %d tables", MaxListItems)
				}
				for _, id := range ids {
					if err := CheckID("inputs", id); err != nil {
						return err
					}
				}
				m.Inputs = ids
			}
		case "agenda":
			var agenda []AgendaEntry
			if err = decodeValue(o.Field, o.Value, &agenda); err == nil {
				if len(agenda) > MaxListItems {
					return Refuse(CodeLimit, o.Field, "an agenda holds at most %d points", MaxListItems)
				}
				for i := range agenda {
					if agenda[i].Item, err = CleanText("agenda.item", agenda[i].Item, MaxShortText, false); err != nil {
						return err
					}
					if agenda[i].Minutes < 0 || agenda[i].Minutes > 24*60 {
						return Refuse(CodeInvalidOp, "agenda.minutes", "an agenda point lasts 0 to 1440 minutes")
					}
				}
				m.Agenda = agenda
			}
		default:
			return unknownField("a meeting", o.Field)
		}
		return err
	case "meeting.move":
		var o moveOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		m, ok := s.Meetings[o.ID]
		if !ok {
			return noSuch("meeting", o.ID)
		}
		pos, err := checkPos(o.Pos, s.Meetings)
		m.Pos = pos
		return err
	case "meeting.delete":
		var o refOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if _, ok := s.Meetings[o.ID]; !ok {
			return noSuch("meeting", o.ID)
		}
		delete(s.Meetings, o.ID)
		return nil
	}
	return unknownOp(MeetingsKind, op.Kind)
}

// Compile returns the meetings in order.
func (s *MeetingsState) Compile() []playbook.Meeting {
	out := []playbook.Meeting{}
	for _, m := range ordered(s.Meetings) {
		agenda := make([]playbook.AgendaItem, len(m.Agenda))
		for i, a := range m.Agenda {
			agenda[i] = playbook.AgendaItem{Item: a.Item, Minutes: a.Minutes}
		}
		out = append(out, playbook.Meeting{ID: m.ID, Kind: m.Kind, Name: m.Name, Cadence: m.Cadence, Minutes: m.Minutes,
			Attendees: orEmpty(m.Attendees), Agenda: agenda, Inputs: orEmpty(m.Inputs), Outputs: orEmpty(m.Outputs)})
	}
	return out
}

// CompileInto implements Section. The company's daily tables are compiled
// separately; the whole document's check ties the two together.
func (s *MeetingsState) CompileInto(p *playbook.Playbook) {
	p.Meetings = append(p.Meetings, s.Compile()...)
}

func (s *MeetingsState) recompute() {
	list := s.Compile()
	tables := make([]playbook.DailyTable, len(s.Tables))
	for i, t := range s.Tables {
		tables[i] = playbook.DailyTable{ID: t.ID, Name: t.Name}
	}
	ids := make([]string, len(list))
	for i, m := range list {
		ids[i] = m.ID
	}
	s.Issues = issuesFrom(playbook.ValidateMeetings(list, tables, "$.meetings"), idsResolver(map[string]listIDs{
		"meetings": {"meetings", ids}}))
}

var _ Section = (*MeetingsState)(nil)

// HasItem reports whether id names a meeting (for comments).
func (s *MeetingsState) HasItem(id string) bool { return s.Meetings[id] != nil }
