package exercises

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"strings"
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
	Lanes          []Lane                    `json:"lanes"`
	VotesPerPerson int                       `json:"votes_per_person"`
	Actions        bool                      `json:"actions,omitempty"`
	Notes          map[string]*Note          `json:"notes"`
	Votes          map[string]map[string]int `json:"votes"` // note id → voter id → dots
	Comments
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
		Votes:          map[string]map[string]int{},
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
		n.Votes = map[string]map[string]int{}
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
	if ctx.Visiting && op.Kind != "vote.add" && op.Kind != "vote.remove" {
		return nil, Refuse(CodeForbidden, "", "visitors may only vote on another group's board")
	}
	switch op.Kind {
	case "note.add":
		var o noteAddOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		return s.add(o, ctx)
	case "note.edit":
		var o noteEditOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		n, err := s.note(o.ID)
		if err != nil {
			return nil, err
		}
		text, err := CleanText("text", o.Text, MaxNoteText, true)
		if err != nil {
			return nil, err
		}
		n.Text, n.Seq = text, ctx.Seq
		return []Change{Set(n, "notes", n.ID)}, nil
	case "note.move":
		var o noteMoveOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		n, err := s.note(o.ID)
		if err != nil {
			return nil, err
		}
		if !s.hasLane(o.Lane) {
			return nil, Refuse(CodeInvalidOp, "lane", "there is no lane %q", o.Lane)
		}
		pos, err := s.position(o.Pos, o.Lane)
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
		if _, err := s.note(o.ID); err != nil {
			return nil, err
		}
		delete(s.Notes, o.ID)
		changes := []Change{Del("notes", o.ID)}
		if _, voted := s.Votes[o.ID]; voted {
			delete(s.Votes, o.ID)
			changes = append(changes, Del("votes", o.ID))
		}
		return changes, nil
	case "note.assign":
		var o noteAssignOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if !s.Actions {
			return nil, Refuse(CodeInvalidOp, "kind", "the notes of this board are not actions")
		}
		n, err := s.note(o.ID)
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
	case "vote.add":
		var o voteOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if _, err := s.note(o.Note); err != nil {
			return nil, err
		}
		if used := s.VotesBy(ctx.Actor.ID); used >= s.VotesPerPerson {
			return nil, Refuse(CodeLimit, "note", "all %d votes are used; take one back first", s.VotesPerPerson)
		}
		if s.Votes[o.Note] == nil {
			s.Votes[o.Note] = map[string]int{}
		}
		s.Votes[o.Note][ctx.Actor.ID]++
		return []Change{Set(s.Votes[o.Note][ctx.Actor.ID], "votes", o.Note, ctx.Actor.ID)}, nil
	case "vote.remove":
		var o voteOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if _, err := s.note(o.Note); err != nil {
			return nil, err
		}
		dots := s.Votes[o.Note][ctx.Actor.ID]
		if dots == 0 {
			return nil, Refuse(CodeConflict, "note", "there is no vote of yours on this note")
		}
		if dots > 1 {
			s.Votes[o.Note][ctx.Actor.ID] = dots - 1
			return []Change{Set(dots-1, "votes", o.Note, ctx.Actor.ID)}, nil
		}
		delete(s.Votes[o.Note], ctx.Actor.ID)
		if len(s.Votes[o.Note]) == 0 {
			delete(s.Votes, o.Note)
			return []Change{Del("votes", o.Note)}, nil
		}
		return []Change{Del("votes", o.Note, ctx.Actor.ID)}, nil
	}
	return nil, Refuse(CodeInvalidOp, "kind", "a notes board has no operation %q", op.Kind)
}

func (s *NotesState) add(o noteAddOp, ctx *Context) ([]Change, error) {
	if err := CheckID("id", o.ID); err != nil {
		return nil, err
	}
	if _, exists := s.Notes[o.ID]; exists {
		return nil, Refuse(CodeConflict, "id", "a note %q already exists", o.ID)
	}
	if len(s.Notes) >= MaxItemsPerKey {
		return nil, Refuse(CodeLimit, "", "a board holds at most %d notes", MaxItemsPerKey)
	}
	if !s.hasLane(o.Lane) {
		return nil, Refuse(CodeInvalidOp, "lane", "there is no lane %q", o.Lane)
	}
	text, err := CleanText("text", o.Text, MaxNoteText, true)
	if err != nil {
		return nil, err
	}
	pos, err := s.position(o.Pos, o.Lane)
	if err != nil {
		return nil, err
	}
	n := &Note{
		ID: o.ID, Lane: o.Lane, Text: text, Pos: pos, Seq: ctx.Seq,
		Author: Author{ID: ctx.Actor.ID, Name: ctx.Actor.Name, Kind: ctx.Actor.Kind},
	}
	s.Notes[n.ID] = n
	return []Change{Set(n, "notes", n.ID)}, nil
}

// merge folds note o.ID into o.Into: the texts are joined, the dots move to
// the surviving note (each voter keeps their dots), and the merged note goes.
func (s *NotesState) merge(o noteMergeOp, ctx *Context) ([]Change, error) {
	from, err := s.note(o.ID)
	if err != nil {
		return nil, err
	}
	into, err := s.note(o.Into)
	if err != nil {
		return nil, err
	}
	if from == into {
		return nil, Refuse(CodeInvalidOp, "into", "a note cannot be merged into itself")
	}
	text, err := CleanText("text", into.Text+"\n"+from.Text, MaxNoteText, true)
	if err != nil {
		return nil, err
	}
	into.Text, into.Seq = text, ctx.Seq
	delete(s.Notes, from.ID)
	changes := []Change{Set(into, "notes", into.ID), Del("notes", from.ID)}
	if moved := s.Votes[from.ID]; len(moved) > 0 {
		if s.Votes[into.ID] == nil {
			s.Votes[into.ID] = map[string]int{}
		}
		for voter, dots := range moved {
			s.Votes[into.ID][voter] += dots
		}
		delete(s.Votes, from.ID)
		changes = append(changes, Set(s.Votes[into.ID], "votes", into.ID), Del("votes", from.ID))
	}
	return changes, nil
}

func (s *NotesState) note(id string) (*Note, error) {
	n, ok := s.Notes[id]
	if !ok {
		return nil, Refuse(CodeNotFound, "id", "there is no note %q (it may have been deleted)", id)
	}
	return n, nil
}

func (s *NotesState) hasLane(id string) bool {
	for _, l := range s.Lanes {
		if l.ID == id {
			return true
		}
	}
	return false
}

// position checks a client-given position or places the note last in its lane.
func (s *NotesState) position(p *float64, lane string) (float64, error) {
	if p != nil {
		if math.IsNaN(*p) || math.IsInf(*p, 0) || math.Abs(*p) > 1e12 {
			return 0, Refuse(CodeInvalidOp, "pos", "pos must be a finite number")
		}
		return *p, nil
	}
	last := 0.0
	for _, n := range s.Notes {
		if n.Lane == lane && n.Pos > last {
			last = n.Pos
		}
	}
	return math.Floor(last) + 1, nil
}

// VotesBy counts the dots a person has placed on this board.
func (s *NotesState) VotesBy(voter string) int {
	used := 0
	for _, byVoter := range s.Votes {
		used += byVoter[voter]
	}
	return used
}

// Total counts the dots on a note.
func (s *NotesState) Total(note string) int {
	t := 0
	for _, dots := range s.Votes[note] {
		t += dots
	}
	return t
}

// NoteRank is a note with its vote total.
type NoteRank struct {
	Note  *Note
	Votes int
}

// Top returns the n notes with the most dots (ties broken by position, then id).
func (s *NotesState) Top(n int) []NoteRank {
	ranked := make([]NoteRank, 0, len(s.Notes))
	for _, note := range s.Notes {
		ranked = append(ranked, NoteRank{Note: note, Votes: s.Total(note.ID)})
	}
	sortRanks(ranked)
	if n < len(ranked) {
		ranked = ranked[:n]
	}
	return ranked
}

func sortRanks(r []NoteRank) {
	slices.SortFunc(r, func(a, b NoteRank) int {
		if a.Votes != b.Votes {
			return b.Votes - a.Votes
		}
		if a.Note.Pos != b.Note.Pos {
			return cmp.Compare(a.Note.Pos, b.Note.Pos)
		}
		return strings.Compare(a.Note.ID, b.Note.ID)
	})
}

// HasItem reports whether id names a note (for comments).
func (s *NotesState) HasItem(id string) bool { _, ok := s.Notes[id]; return ok }

// Progress counts the notes and, on an actions board, the voted notes that
// still lack an owner or a due date.
func (s *NotesState) Progress() Progress {
	p := Progress{Items: len(s.Notes)}
	if s.Actions {
		for id, n := range s.Notes {
			if s.Total(id) > 0 && (n.Owner == nil || n.Due == "") {
				p.Missing++
			}
		}
	}
	return p
}
