package exercises

import (
	"strings"
)

// Coaching comments, for every kind. The trainer comments on any item of a
// board (or on the board as a whole); the group sees it live because the
// comment is part of the board's state. During a gallery walk, visitors may
// leave comments too, and a group may answer on its own board. A kind takes
// comments by embedding Comments in its state and implementing HasItem;
// Apply (below) handles the comment operations before the kind sees them.

// Comment is one comment on an item of a board.
type Comment struct {
	ID     string `json:"id"`
	Item   string `json:"item"` // the item's id, or "" for the board as a whole
	Text   string `json:"text"`
	Author Author `json:"author"`
	At     string `json:"at"`
	Seq    int64  `json:"seq"`
}

// Comments is embedded in the state of every kind whose items take comments.
type Comments struct {
	Comments map[string]*Comment `json:"comments,omitempty"`
}

// MaxComments bounds the comments on one board.
const MaxComments = 300

// commentable is a state that carries comments.
type commentable interface {
	commentSet() *Comments
	HasItem(id string) bool
}

func (c *Comments) commentSet() *Comments {
	if c.Comments == nil {
		c.Comments = map[string]*Comment{}
	}
	return c
}

// NewComments returns an empty comment set, for a kind's New.
func NewComments() Comments { return Comments{Comments: map[string]*Comment{}} }

type commentAddOp struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Item string `json:"item"`
	Text string `json:"text"`
}

type commentEditOp struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Text string `json:"text"`
}

type commentRefOp struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// Apply applies op to s: the comment operations ("comment.add",
// "comment.edit", "comment.delete") on any state that carries comments, and
// everything else through the kind's own Apply. The realtime core and the
// tests apply every operation through it.
func Apply(s State, op Operation, ctx *Context) ([]Change, error) {
	if !strings.HasPrefix(op.Kind, "comment.") {
		return s.Apply(op, ctx)
	}
	host, ok := s.(commentable)
	if !ok {
		return nil, Refuse(CodeInvalidOp, "kind", "this board takes no comments")
	}
	return host.commentSet().apply(op, ctx, host.HasItem)
}

func (c *Comments) apply(op Operation, ctx *Context, hasItem func(string) bool) ([]Change, error) {
	switch op.Kind {
	case "comment.add":
		var o commentAddOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if err := CheckID("id", o.ID); err != nil {
			return nil, err
		}
		if _, dup := c.Comments[o.ID]; dup {
			return nil, Refuse(CodeConflict, "id", "a comment %q already exists", o.ID)
		}
		if len(c.Comments) >= MaxComments {
			return nil, Refuse(CodeLimit, "", "a board holds at most %d comments", MaxComments)
		}
		if o.Item != "" && !hasItem(o.Item) {
			return nil, Refuse(CodeNotFound, "item", "there is no item %q on this board (it may have been deleted)", o.Item)
		}
		text, err := CleanText("text", o.Text, MaxNoteText, true)
		if err != nil {
			return nil, err
		}
		cm := &Comment{ID: o.ID, Item: o.Item, Text: text, At: ctx.Now.UTC().Format(timeLayout), Seq: ctx.Seq,
			Author: ctx.Actor.author()}
		c.Comments[cm.ID] = cm
		return []Change{Set(cm, "comments", cm.ID)}, nil
	case "comment.edit":
		var o commentEditOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		cm, err := c.own(o.ID, ctx)
		if err != nil {
			return nil, err
		}
		text, err := CleanText("text", o.Text, MaxNoteText, true)
		if err != nil {
			return nil, err
		}
		cm.Text, cm.Seq = text, ctx.Seq
		return []Change{Set(cm, "comments", cm.ID)}, nil
	case "comment.delete":
		var o commentRefOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if _, err := c.own(o.ID, ctx); err != nil {
			return nil, err
		}
		delete(c.Comments, o.ID)
		if len(c.Comments) == 0 { // the key goes with the last comment, as encoding/json omits it
			return []Change{Del("comments")}, nil
		}
		return []Change{Del("comments", o.ID)}, nil
	}
	return nil, Refuse(CodeInvalidOp, "kind", "there is no operation %q", op.Kind)
}

// own finds a comment the actor may change: their own, or any for a trainer.
func (c *Comments) own(id string, ctx *Context) (*Comment, error) {
	cm, ok := c.Comments[id]
	if !ok {
		return nil, Refuse(CodeNotFound, "id", "there is no comment %q", id)
	}
	if !ctx.IsTrainer() && cm.Author.ID != ctx.Actor.ID {
		return nil, Refuse(CodeForbidden, "id", "only its author or a trainer may change a comment")
	}
	return cm, nil
}

// Progress is how far a group has got on a board, for the trainer's console:
// how many items it holds and how many required fields or items are missing.
type Progress struct {
	Items    int `json:"items"`
	Missing  int `json:"missing"`
	Comments int `json:"comments"`
}

// progresser is a state that can tell its progress.
type progresser interface {
	Progress() Progress
}

// ProgressOf returns the progress of a board's state (zero for kinds that do
// not tell).
func ProgressOf(s State) Progress {
	var p Progress
	if pr, ok := s.(progresser); ok {
		p = pr.Progress()
	}
	if c, ok := s.(commentable); ok {
		p.Comments = len(c.commentSet().Comments)
	}
	return p
}
