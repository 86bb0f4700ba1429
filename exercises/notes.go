package exercises

import (
	"encoding/json"
	"slices"
)

// The notes kind: sticky notes in lanes, edited, moved and merged by the
// group, with dot voting (a fixed number of dots per person and board).

// NotesConfig configures a notes board from the curriculum.
type NotesConfig struct {
	Lanes          []Lane `json:"lanes"`
	VotesPerPerson int    `json:"votes_per_person,omitempty"`
	// Actions turns notes into actions: each note may get an owner and a
	// due date (note.assign), and feeds its owner's action plan.
	Actions bool `json:"actions,omitempty"`
}

// Lane is one column of a notes board.
type Lane struct {
	ID    string `json:"id"`
	Title Text   `json:"title"`
}

// Note is one sticky note.
type Note struct {
	ID     string  `json:"id"`
	Lane   string  `json:"lane"`
	Text   string  `json:"text"`
	Pos    float64 `json:"pos"`
	Author Author  `json:"author"`
	Seq    int64   `json:"seq"` // sequence of the last change to the note
	// Owner and Due make the note an action (boards with actions only).
	Owner *PersonRef `json:"owner,omitempty"`
	Due   string     `json:"due,omitempty"`
}

// Author names who wrote an item.
type Author struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind Role   `json:"kind"`
}

// NotesState is the document of a notes board.
type NotesState struct {
	Lanes          []Lane           `json:"lanes"`
	VotesPerPerson int              `json:"votes_per_person"`
	Actions        bool             `json:"actions,omitempty"`
	Notes          map[string]*Note `json:"notes"`
	Votes          Votes            `json:"votes"` // note id → voter id → dots
	Comments

	enc noteEncodings // AppendJSON's notes encoded before (jsonenc.go)
}

// DefaultVotesPerPerson is the number of dots each person has on a board
// unless the activity says otherwise.
const DefaultVotesPerPerson = 3

// MaxVotesPerPerson bounds the configurable number of dots.
const MaxVotesPerPerson = 20

func init() {
	Register(&Kind{
		Name:   "notes",
		Ops:    []string{"note.add", "note.edit", "note.move", "note.delete", "note.assign", "note.merge", "vote.add", "vote.remove", "comment.add", "comment.edit", "comment.delete"},
		New:    newNotes,
		Decode: decodeNotes,
	})
}

func newNotes(cfg json.RawMessage) (State, error) {
	var c NotesConfig
	if len(cfg) > 0 {
		if err := json.Unmarshal(cfg, &c); err != nil {
			return nil, Refuse(CodeInvalidOp, "config", "notes configuration: %s", jsonProblem(err))
		}
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if len(c.Lanes) == 0 {
		c.Lanes = []Lane{{ID: "ideas", Title: Text{ZH: "想法", EN: "Ideas"}}}
	}
	if c.VotesPerPerson == 0 {
		c.VotesPerPerson = DefaultVotesPerPerson
	}
	return &NotesState{
		Lanes:          c.Lanes,
		VotesPerPerson: c.VotesPerPerson,
		Actions:        c.Actions,
		Notes:          map[string]*Note{},
		Votes:          Votes{},
		Comments:       NewComments(),
	}, nil
}

// Validate checks a notes configuration.
func (c NotesConfig) Validate() error {
	seen := map[string]bool{}
	for _, l := range c.Lanes {
		if err := CheckID("lanes.id", l.ID); err != nil {
			return err
		}
		if seen[l.ID] {
			return Refuse(CodeInvalidOp, "lanes.id", "lane %q appears twice", l.ID)
		}
		seen[l.ID] = true
		if err := l.Title.Validate("lanes.title", MaxShortText); err != nil {
			return err
		}
	}
	if c.VotesPerPerson < 0 || c.VotesPerPerson > MaxVotesPerPerson {
		return Refuse(CodeInvalidOp, "votes_per_person", "votes per person must be between 0 and %d", MaxVotesPerPerson)
	}
	return nil
}

func decodeNotes(data []byte) (State, error) {
	s, err := decodeInto[NotesState](data)
	if err != nil {
		return nil, err
	}
	n := s.(*NotesState)
	if n.Notes == nil {
		n.Notes = map[string]*Note{}
	}
	if n.Votes == nil {
		n.Votes = Votes{}
	}
	n.commentSet()
	return n, nil
}

type noteAddOp struct {
	Kind string   `json:"kind"`
	ID   string   `json:"id"`
	Lane string   `json:"lane"`
	Text string   `json:"text"`
	Pos  *float64 `json:"pos"`
}

type noteEditOp struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Text string `json:"text"`
}

type noteMoveOp struct {
	Kind string   `json:"kind"`
	ID   string   `json:"id"`
	Lane string   `json:"lane"`
	Pos  *float64 `json:"pos"`
}

type noteRefOp struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

type noteMergeOp struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Into string `json:"into"`
}

type voteOp struct {
	Kind string `json:"kind"`
	Note string `json:"note"`
}

type noteAssignOp struct {
	Kind  string     `json:"kind"`
	ID    string     `json:"id"`
	Owner *PersonRef `json:"owner"`
	Due   string     `json:"due"`
}

// Apply implements State.
func (s *NotesState) Apply(op Operation, ctx *Context) ([]Change, error) {
	if err := votesOnlyFromVisitors(op, ctx); err != nil {
		return nil, err
	}
	switch op.Kind {
	case "note.add":
		var o noteAddOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		return s.add(o, ctx)
	case "note.edit":
		return editNote(s.Notes, op, ctx)
	case "note.move":
		var o noteMoveOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		n, err := findNote(s.Notes, o.ID)
		if err != nil {
			return nil, err
		}
		if !s.hasLane(o.Lane) {
			return nil, Refuse(CodeInvalidOp, "lane", "there is no lane %q", o.Lane)
		}
		pos, err := notePos(o.Pos, s.Notes, o.Lane)
		if err != nil {
			return nil, err
		}
		n.Lane, n.Pos, n.Seq = o.Lane, pos, ctx.Seq
		return []Change{Set(n, "notes", n.ID)}, nil
	case "note.delete":
		var o noteRefOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if _, err := findNote(s.Notes, o.ID); err != nil {
			return nil, err
		}
		delete(s.Notes, o.ID)
		return append([]Change{Del("notes", o.ID)}, s.Votes.drop(o.ID)...), nil
	case "note.assign":
		var o noteAssignOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if !s.Actions {
			return nil, Refuse(CodeInvalidOp, "kind", "the notes of this board are not actions")
		}
		n, err := findNote(s.Notes, o.ID)
		if err != nil {
			return nil, err
		}
		owner, err := cleanPerson("owner", o.Owner)
		if err != nil {
			return nil, err
		}
		if err := checkDate("due", o.Due); err != nil {
			return nil, err
		}
		n.Owner, n.Due, n.Seq = owner, o.Due, ctx.Seq
		return []Change{Set(n, "notes", n.ID)}, nil
	case "note.merge":
		var o noteMergeOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		return s.merge(o, ctx)
	case "vote.add", "vote.remove":
		return voteOnNote(s.Notes, s.Votes, op, ctx, s.VotesPerPerson)
	}
	return nil, Refuse(CodeInvalidOp, "kind", "a notes board has no operation %q", op.Kind)
}

func (s *NotesState) add(o noteAddOp, ctx *Context) ([]Change, error) {
	if err := newNoteID(s.Notes, o.ID); err != nil {
		return nil, err
	}
	if !s.hasLane(o.Lane) {
		return nil, Refuse(CodeInvalidOp, "lane", "there is no lane %q", o.Lane)
	}
	text, err := noteText(o.Text)
	if err != nil {
		return nil, err
	}
	pos, err := notePos(o.Pos, s.Notes, o.Lane)
	if err != nil {
		return nil, err
	}
	n := &Note{ID: o.ID, Lane: o.Lane, Text: text, Pos: pos, Seq: ctx.Seq, Author: ctx.Actor.author()}
	s.Notes[n.ID] = n
	return []Change{Set(n, "notes", n.ID)}, nil
}

// merge folds note o.ID into o.Into: the texts are joined, the dots move to
// the surviving note (each voter keeps their dots), and the merged note goes.
func (s *NotesState) merge(o noteMergeOp, ctx *Context) ([]Change, error) {
	from, err := findNote(s.Notes, o.ID)
	if err != nil {
		return nil, err
	}
	into, err := findNote(s.Notes, o.Into)
	if err != nil {
		return nil, err
	}
	if from == into {
		return nil, Refuse(CodeInvalidOp, "into", "a note cannot be merged into itself")
	}
	text, err := noteText(into.Text + "\n" + from.Text)
	if err != nil {
		return nil, err
	}
	into.Text, into.Seq = text, ctx.Seq
	delete(s.Notes, from.ID)
	changes := []Change{Set(into, "notes", into.ID), Del("notes", from.ID)}
	return append(changes, s.Votes.merge(from.ID, into.ID)...), nil
}

func (s *NotesState) hasLane(id string) bool {
	return slices.ContainsFunc(s.Lanes, func(l Lane) bool { return l.ID == id })
}

// HasItem reports whether id names a note (for comments).
func (s *NotesState) HasItem(id string) bool { _, ok := s.Notes[id]; return ok }

// Progress counts the notes and, on an actions board, the voted notes that
// still lack an owner or a due date.
func (s *NotesState) Progress() Progress {
	p := Progress{Items: len(s.Notes)}
	if s.Actions {
		for id, n := range s.Notes {
			if s.Votes.Total(id) > 0 && (n.Owner == nil || n.Due == "") {
				p.Missing++
			}
		}
	}
	return p
}
