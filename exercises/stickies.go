package exercises

import "math"

// Sticky notes: the notes kind (notes in lanes) and the canvas kind (notes in
// the zones of a picture) both keep notes in a named area of the board,
// written, edited, moved and deleted by the group and dot-voted. What the two
// share lives here; the areas, tags, counts, actions and merges stay with
// their kind.

// sticky is a note of a notes board or a canvas.
type sticky interface {
	positioned
	area() string                  // the lane or zone it is in
	edited(text string, seq int64) // takes a new text at sequence seq
}

func (n *Note) position() float64             { return n.Pos }
func (n *Note) itemID() string                { return n.ID }
func (n *Note) area() string                  { return n.Lane }
func (n *Note) edited(text string, seq int64) { n.Text, n.Seq = text, seq }

func (n *CanvasNote) position() float64             { return n.Pos }
func (n *CanvasNote) itemID() string                { return n.ID }
func (n *CanvasNote) area() string                  { return n.Zone }
func (n *CanvasNote) edited(text string, seq int64) { n.Text, n.Seq = text, seq }

// noteText cleans the text of a note.
func noteText(text string) (string, error) { return CleanText("text", text, MaxNoteText, true) }

// newNoteID checks the id of a note to add to notes.
func newNoteID[T sticky](notes map[string]T, id string) error {
	if err := CheckID("id", id); err != nil {
		return err
	}
	if _, exists := notes[id]; exists {
		return Refuse(CodeConflict, "id", "a note %q already exists", id)
	}
	if len(notes) >= MaxItemsPerKey {
		return Refuse(CodeLimit, "", "a board holds at most %d notes", MaxItemsPerKey)
	}
	return nil
}

// findNote returns the note id of notes.
func findNote[T sticky](notes map[string]T, id string) (T, error) {
	n, ok := notes[id]
	if !ok {
		return n, noSuch("note", id)
	}
	return n, nil
}

// notePos checks a client-given position or places the note last in area.
func notePos[T sticky](p *float64, notes map[string]T, area string) (float64, error) {
	if p != nil {
		return *p, finitePos(*p)
	}
	last := 0.0
	for _, n := range notes {
		if n.area() == area {
			last = math.Max(last, n.position())
		}
	}
	return math.Floor(last) + 1, nil
}

// editNote applies note.edit.
func editNote[T sticky](notes map[string]T, op Operation, ctx *Context) ([]Change, error) {
	var o noteEditOp
	if err := DecodeOp(op, &o); err != nil {
		return nil, err
	}
	n, err := findNote(notes, o.ID)
	if err != nil {
		return nil, err
	}
	text, err := noteText(o.Text)
	if err != nil {
		return nil, err
	}
	n.edited(text, ctx.Seq)
	return []Change{Set(n, "notes", o.ID)}, nil
}

// voteOnNote applies vote.add and vote.remove to a board's notes.
func voteOnNote[T sticky](notes map[string]T, votes Votes, op Operation, ctx *Context, limit int) ([]Change, error) {
	var o voteOp
	if err := DecodeOp(op, &o); err != nil {
		return nil, err
	}
	if _, err := findNote(notes, o.Note); err != nil {
		return nil, err
	}
	if op.Kind == "vote.add" {
		return votes.add("note", o.Note, ctx.Actor.ID, limit)
	}
	return votes.remove("note", o.Note, ctx.Actor.ID)
}
