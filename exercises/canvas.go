package exercises

import (
	"encoding/json"
	"slices"
)

// The canvas kind: notes placed in the named zones of a picture — the needs
// iceberg of activity 4.2 and the talent iceberg of 6.1 (zones above and below
// the water line), or any plain set of zones. The server keeps a count of the
// notes in every zone; a zone may ask for a minimum number of notes, which the
// console shows as missing until it is met. Notes may carry one tag of the
// canvas (need / discovery question, must-have / nice-to-have) and take dot
// votes.

// Pictures a canvas can draw its zones on.
const (
	PicturePlain   = "plain"
	PictureIceberg = "iceberg"
)

// Limits of a canvas.
const (
	MaxZones = 12
	MaxTags  = 6
)

// Zone is one named area of a canvas.
type Zone struct {
	ID    string `json:"id"`
	Title Text   `json:"title"`
	Hint  Text   `json:"hint,omitzero"`
	Layer string `json:"layer,omitempty"` // iceberg: "above" or "below" the water line
	Min   int    `json:"min,omitempty"`   // notes the zone should hold
}

// Tag is a label a canvas note may carry.
type Tag struct {
	ID    string `json:"id"`
	Title Text   `json:"title"`
}

// CanvasConfig configures a canvas board.
type CanvasConfig struct {
	Picture        string `json:"picture,omitempty"`
	Zones          []Zone `json:"zones"`
	Tags           []Tag  `json:"tags,omitempty"`
	VotesPerPerson int    `json:"votes_per_person,omitempty"`
}

// CanvasNote is a note in a zone.
type CanvasNote struct {
	ID     string  `json:"id"`
	Zone   string  `json:"zone"`
	Text   string  `json:"text"`
	Tag    string  `json:"tag,omitempty"`
	Pos    float64 `json:"pos"`
	Author Author  `json:"author"`
	Seq    int64   `json:"seq"`
}

// CanvasState is the document of a canvas board.
type CanvasState struct {
	Picture        string                 `json:"picture"`
	Zones          []Zone                 `json:"zones"`
	Tags           []Tag                  `json:"tags"`
	VotesPerPerson int                    `json:"votes_per_person"`
	Notes          map[string]*CanvasNote `json:"notes"`
	Counts         map[string]int         `json:"counts"` // zone id → notes in it
	Votes          Votes                  `json:"votes"`
	Comments
}

func init() {
	Register(&Kind{Ops: []string{"note.add", "note.edit", "note.tag", "note.move", "note.delete", "vote.add", "vote.remove", "comment.add", "comment.edit", "comment.delete"}, Name: "canvas", New: newCanvas, Decode: decodeCanvas})
}

func newCanvas(cfg json.RawMessage) (State, error) {
	var c CanvasConfig
	if err := strictConfig("canvas", cfg, &c); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.Picture == "" {
		c.Picture = PicturePlain
	}
	if c.Tags == nil {
		c.Tags = []Tag{}
	}
	s := &CanvasState{Picture: c.Picture, Zones: c.Zones, Tags: c.Tags, VotesPerPerson: c.VotesPerPerson,
		Notes: map[string]*CanvasNote{}, Counts: map[string]int{}, Votes: Votes{}, Comments: NewComments()}
	for _, z := range c.Zones {
		s.Counts[z.ID] = 0
	}
	return s, nil
}

// Validate checks a canvas configuration.
func (c CanvasConfig) Validate() error {
	if c.Picture != "" && c.Picture != PicturePlain && c.Picture != PictureIceberg {
		return Refuse(CodeInvalidOp, "picture", "picture must be %q or %q", PicturePlain, PictureIceberg)
	}
	if len(c.Zones) == 0 || len(c.Zones) > MaxZones {
		return Refuse(CodeInvalidOp, "zones", "a canvas has 1 to %d zones", MaxZones)
	}
	seen := map[string]bool{}
	layers := map[string]int{}
	for _, z := range c.Zones {
		if err := CheckID("zones.id", z.ID); err != nil {
			return err
		}
		if seen[z.ID] {
			return Refuse(CodeInvalidOp, "zones.id", "zone %q appears twice", z.ID)
		}
		seen[z.ID] = true
		if err := z.Title.Validate("zones.title", MaxShortText); err != nil {
			return err
		}
		if z.Hint != (Text{}) {
			if err := z.Hint.Validate("zones.hint", MaxHintText); err != nil {
				return err
			}
		}
		switch z.Layer {
		case "":
		case "above", "below":
			layers[z.Layer]++
		default:
			return Refuse(CodeInvalidOp, "zones.layer", "zone %s: layer must be \"above\" or \"below\"", z.ID)
		}
		if z.Min < 0 || z.Min > MaxItemsPerKey {
			return Refuse(CodeInvalidOp, "zones.min", "zone %s: min must be between 0 and %d", z.ID, MaxItemsPerKey)
		}
	}
	if c.Picture == PictureIceberg && (layers["above"] == 0 || layers["below"] == 0 || layers["above"]+layers["below"] != len(c.Zones)) {
		return Refuse(CodeInvalidOp, "zones.layer", "an iceberg puts every zone above or below the water, with at least one on each side")
	}
	if len(c.Tags) > MaxTags {
		return Refuse(CodeInvalidOp, "tags", "a canvas has at most %d tags", MaxTags)
	}
	tags := map[string]bool{}
	for _, t := range c.Tags {
		if err := CheckID("tags.id", t.ID); err != nil {
			return err
		}
		if tags[t.ID] {
			return Refuse(CodeInvalidOp, "tags.id", "tag %q appears twice", t.ID)
		}
		tags[t.ID] = true
		if err := t.Title.Validate("tags.title", MaxShortText); err != nil {
			return err
		}
	}
	if c.VotesPerPerson < 0 || c.VotesPerPerson > MaxVotesPerPerson {
		return Refuse(CodeInvalidOp, "votes_per_person", "votes per person must be between 0 and %d", MaxVotesPerPerson)
	}
	return nil
}

func decodeCanvas(data []byte) (State, error) {
	st, err := decodeInto[CanvasState](data)
	if err != nil {
		return nil, err
	}
	s := st.(*CanvasState)
	if s.Notes == nil {
		s.Notes = map[string]*CanvasNote{}
	}
	if s.Counts == nil {
		s.Counts = map[string]int{}
	}
	if s.Votes == nil {
		s.Votes = Votes{}
	}
	s.commentSet()
	return s, nil
}

type canvasAddOp struct {
	Kind string   `json:"kind"`
	ID   string   `json:"id"`
	Zone string   `json:"zone"`
	Text string   `json:"text"`
	Tag  string   `json:"tag"`
	Pos  *float64 `json:"pos"`
}

type canvasMoveOp struct {
	Kind string   `json:"kind"`
	ID   string   `json:"id"`
	Zone string   `json:"zone"`
	Pos  *float64 `json:"pos"`
}

type canvasTagOp struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Tag  string `json:"tag"`
}

// Apply implements State. Operations: note.add, note.edit, note.tag,
// note.move, note.delete, vote.add, vote.remove.
func (s *CanvasState) Apply(op Operation, ctx *Context) ([]Change, error) {
	if err := votesOnlyFromVisitors(op, ctx); err != nil {
		return nil, err
	}
	switch op.Kind {
	case "note.add":
		var o canvasAddOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if err := newNoteID(s.Notes, o.ID); err != nil {
			return nil, err
		}
		if !s.hasZone(o.Zone) {
			return nil, Refuse(CodeInvalidOp, "zone", "there is no zone %q", o.Zone)
		}
		if err := s.checkTag(o.Tag); err != nil {
			return nil, err
		}
		text, err := noteText(o.Text)
		if err != nil {
			return nil, err
		}
		pos, err := notePos(o.Pos, s.Notes, o.Zone)
		if err != nil {
			return nil, err
		}
		n := &CanvasNote{ID: o.ID, Zone: o.Zone, Text: text, Tag: o.Tag, Pos: pos, Seq: ctx.Seq, Author: ctx.Actor.author()}
		s.Notes[n.ID] = n
		s.Counts[n.Zone]++
		return []Change{Set(n, "notes", n.ID), Set(s.Counts[n.Zone], "counts", n.Zone)}, nil
	case "note.edit":
		return editNote(s.Notes, op, ctx)
	case "note.tag":
		var o canvasTagOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		n, err := findNote(s.Notes, o.ID)
		if err != nil {
			return nil, err
		}
		if err := s.checkTag(o.Tag); err != nil {
			return nil, err
		}
		n.Tag, n.Seq = o.Tag, ctx.Seq
		return []Change{Set(n, "notes", n.ID)}, nil
	case "note.move":
		var o canvasMoveOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		n, err := findNote(s.Notes, o.ID)
		if err != nil {
			return nil, err
		}
		if !s.hasZone(o.Zone) {
			return nil, Refuse(CodeInvalidOp, "zone", "there is no zone %q", o.Zone)
		}
		pos, err := notePos(o.Pos, s.Notes, o.Zone)
		if err != nil {
			return nil, err
		}
		from := n.Zone
		n.Zone, n.Pos, n.Seq = o.Zone, pos, ctx.Seq
		changes := []Change{Set(n, "notes", n.ID)}
		if from != o.Zone {
			s.Counts[from]--
			s.Counts[o.Zone]++
			changes = append(changes, Set(s.Counts[from], "counts", from), Set(s.Counts[o.Zone], "counts", o.Zone))
		}
		return changes, nil
	case "note.delete":
		var o noteRefOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		n, err := findNote(s.Notes, o.ID)
		if err != nil {
			return nil, err
		}
		delete(s.Notes, n.ID)
		s.Counts[n.Zone]--
		changes := []Change{Del("notes", n.ID), Set(s.Counts[n.Zone], "counts", n.Zone)}
		return append(changes, s.Votes.drop(n.ID)...), nil
	case "vote.add", "vote.remove":
		return voteOnNote(s.Notes, s.Votes, op, ctx, s.VotesPerPerson)
	}
	return nil, Refuse(CodeInvalidOp, "kind", "a canvas has no operation %q", op.Kind)
}

func (s *CanvasState) hasZone(id string) bool {
	return slices.ContainsFunc(s.Zones, func(z Zone) bool { return z.ID == id })
}

func (s *CanvasState) checkTag(tag string) error {
	if tag != "" && !slices.ContainsFunc(s.Tags, func(t Tag) bool { return t.ID == tag }) {
		return Refuse(CodeInvalidOp, "tag", "there is no tag %q", tag)
	}
	return nil
}

// HasItem reports whether id names a note (for comments).
func (s *CanvasState) HasItem(id string) bool { _, ok := s.Notes[id]; return ok }

// Progress counts the notes and the notes still missing from zones that ask
// for a minimum.
func (s *CanvasState) Progress() Progress {
	p := Progress{Items: len(s.Notes)}
	for _, z := range s.Zones {
		p.Missing += max(0, z.Min-s.Counts[z.ID])
	}
	return p
}
