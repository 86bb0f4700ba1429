package exercises

import (
	"encoding/json"
	"slices"
)

// The control kind is the workshop's own board: where the agenda stands and
// which activities are open to which groups. Only trainers change it; every
// participant subscribes to it, so the room follows the trainer. Because it is
// a board like the others, it is ordered, stored and resumed the same way.

// ControlKind is the name of the workshop control board's kind.
const ControlKind = "control"

// ControlActivity is the activity id of the workshop control board.
const ControlActivity = "_control"

// Opening says to whom an activity is open.
type Opening struct {
	All    bool     `json:"all"`
	Groups []string `json:"groups,omitempty"`
	Seq    int64    `json:"seq"`
}

// Has reports whether group may work on the opened activity.
func (o *Opening) Has(group string) bool {
	return o != nil && (o.All || slices.Contains(o.Groups, group))
}

// ControlState is the document of a workshop control board.
type ControlState struct {
	Now  string              `json:"now"`
	Open map[string]*Opening `json:"open"`

	// Facilitation (facilitation.go): the agenda block the "now" marker is
	// on, the live order of the agenda, timers, locks, the broadcast message,
	// the spotlight and the gallery walk.
	NowBlock  string              `json:"now_block,omitempty"`
	Order     [][]string          `json:"order,omitempty"`
	Timers    map[string]*Timer   `json:"timers,omitempty"`
	Locks     map[string]*Opening `json:"locks,omitempty"`
	Broadcast *Broadcast          `json:"broadcast,omitempty"`
	Spotlight *Spotlight          `json:"spotlight,omitempty"`
	Gallery   *Gallery            `json:"gallery,omitempty"`
	// Case is the case shown on the projector (a case attached to one of the
	// workshop's activities), or empty.
	Case string `json:"case,omitempty"`
}

// Room is what a kind with NeedsRoom knows of the workshop to check its
// operations: the activities of its curriculum, its groups and its people.
type Room struct {
	Activities map[string]bool
	Groups     map[string]bool
	// GroupNames names the groups, by id.
	GroupNames map[string]string
	// People are the workshop's participants and trainers, by id.
	People map[string]Person
	// Blocks maps every agenda block to its activity ("" for lectures,
	// cases, sharing and breaks); Agenda is the planned order, day by day.
	Blocks map[string]string
	Agenda [][]string
	// Cases are the ids of the cases attached to the workshop's activities:
	// the ones the projector may show.
	Cases map[string]bool
}

// Person is someone in the workshop.
type Person struct {
	Kind  Role   `json:"kind"`
	Name  string `json:"name"`
	Group string `json:"group,omitempty"`
}

// NewControl returns the control state of a new workshop: the first activity
// is the current one and open to every group.
func NewControl(first string) *ControlState {
	s := &ControlState{Open: map[string]*Opening{}, Timers: map[string]*Timer{}, Locks: map[string]*Opening{}}
	if first != "" {
		s.Now = first
		s.Open[first] = &Opening{All: true}
	}
	return s
}

func init() {
	Register(&Kind{
		Name:      ControlKind,
		Ops:       []string{"now.set", "activity.open", "activity.close", "case.show", "case.hide", "agenda.move", "agenda.reset", "timer.start", "timer.pause", "timer.resume", "timer.add", "timer.stop", "board.lock", "board.unlock", "broadcast.send", "broadcast.clear", "spotlight.set", "spotlight.clear", "gallery.start", "gallery.stop"},
		NeedsRoom: true,
		New: func(cfg json.RawMessage) (State, error) {
			var c struct {
				Now string `json:"now"`
			}
			if len(cfg) > 0 {
				if err := json.Unmarshal(cfg, &c); err != nil {
					return nil, Refuse(CodeInvalidOp, "config", "control configuration: %s", jsonProblem(err))
				}
			}
			return NewControl(c.Now), nil
		},
		Decode: func(data []byte) (State, error) {
			s, err := decodeInto[ControlState](data)
			if err != nil {
				return nil, err
			}
			c := s.(*ControlState)
			if c.Open == nil {
				c.Open = map[string]*Opening{}
			}
			if c.Timers == nil {
				c.Timers = map[string]*Timer{}
			}
			if c.Locks == nil {
				c.Locks = map[string]*Opening{}
			}
			return s, nil
		},
	})
}

type openOp struct {
	Kind     string   `json:"kind"`
	Activity string   `json:"activity"`
	Groups   []string `json:"groups"`
}

type activityOp struct {
	Kind     string `json:"kind"`
	Activity string `json:"activity"`
}

type nowOp struct {
	Kind     string `json:"kind"`
	Activity string `json:"activity"`
	Block    string `json:"block"`
}

type caseShowOp struct {
	Kind string `json:"kind"`
	Case string `json:"case"`
}

type kindOnlyOp struct {
	Kind string `json:"kind"`
}

// Apply implements State. Operations: "now.set" (move the agenda's marker to an
// activity, opening it for every group if it was closed), "activity.open"
// (for every group, or for the listed ones), "activity.close", and
// "case.show" / "case.hide" (a case attached to the workshop on the projector).
func (s *ControlState) Apply(op Operation, ctx *Context) ([]Change, error) {
	if !ctx.IsTrainer() {
		return nil, Refuse(CodeForbidden, "", "only the workshop's trainers run the agenda")
	}
	switch op.Kind {
	case "now.set":
		var o nowOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		block, err := s.resolveNow(&o, ctx)
		if err != nil {
			return nil, err
		}
		var changes []Change
		if block != "" {
			s.NowBlock = block
			changes = append(changes, Set(block, "now_block"))
		}
		if o.Activity == "" { // a lecture, case, sharing or break block: "now" keeps the last activity
			return changes, nil
		}
		s.Now = o.Activity
		changes = append(changes, Set(s.Now, "now"))
		if s.Open[o.Activity] == nil {
			s.Open[o.Activity] = &Opening{All: true, Seq: ctx.Seq}
			changes = append(changes, Set(s.Open[o.Activity], "open", o.Activity))
		}
		return changes, nil
	case "activity.open":
		var o openOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if err := ctx.checkActivity(o.Activity); err != nil {
			return nil, err
		}
		opening := &Opening{All: len(o.Groups) == 0, Seq: ctx.Seq}
		for _, g := range o.Groups {
			if ctx.Room == nil || !ctx.Room.Groups[g] {
				return nil, Refuse(CodeNotFound, "groups", "there is no group %q in this workshop", g)
			}
			if !slices.Contains(opening.Groups, g) {
				opening.Groups = append(opening.Groups, g)
			}
		}
		slices.Sort(opening.Groups)
		s.Open[o.Activity] = opening
		return []Change{Set(opening, "open", o.Activity)}, nil
	case "activity.close":
		var o activityOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if s.Open[o.Activity] == nil {
			return nil, Refuse(CodeConflict, "activity", "activity %q is not open", o.Activity)
		}
		delete(s.Open, o.Activity)
		return []Change{Del("open", o.Activity)}, nil
	case "case.show":
		var o caseShowOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if ctx.Room == nil || !ctx.Room.Cases[o.Case] {
			return nil, Refuse(CodeNotFound, "case", "case %q is not attached to this workshop; attach it to an activity first", o.Case)
		}
		s.Case = o.Case
		return []Change{Set(s.Case, "case")}, nil
	case "case.hide":
		if err := DecodeOp(op, &kindOnlyOp{}); err != nil {
			return nil, err
		}
		if s.Case == "" {
			return nil, Refuse(CodeConflict, "", "no case is on the projector")
		}
		s.Case = ""
		return []Change{Del("case")}, nil
	}
	if changes, handled, err := s.facilitate(op, ctx); handled {
		return changes, err
	}
	return nil, Refuse(CodeInvalidOp, "kind", "the control board has no operation %q", op.Kind)
}

// CheckWrite decides whether actor may change a board of activity for group.
// Trainers always may; a participant only on an open activity.
func (s *ControlState) CheckWrite(actor Actor, activity, group string) error {
	if actor.Kind == RoleTrainer {
		return nil
	}
	if !s.Open[activity].Has(group) {
		return Refuse(CodeActivityClosed, "", "this activity is not open for your group")
	}
	if s.Locks[activity].Has(group) {
		return Refuse(CodeLocked, "", "the trainer has locked this board")
	}
	return nil
}

func (c *Context) checkActivity(id string) error {
	if c.Room == nil || !c.Room.Activities[id] {
		return Refuse(CodeNotFound, "activity", "there is no activity %q in this workshop", id)
	}
	return nil
}
