package realtime

import (
	"bytes"
	"context"
	"errors"
	"time"

	"playbook/exercises"
	"playbook/store"
)

// Who may read and write which board. The HTTP layer has already checked that
// a trainer connection belongs to one of the workshop's trainers and that a
// participant connection belongs to a participant of the workshop; these
// rules decide among the workshop's boards:
//
//   - trainers read and write every board but the owner-only ones (a
//     participant's reflection, a judge's score sheet), which only their owner
//     reads and writes;
//   - a participant reads the workshop's control board, their group's boards
//     and their own private boards, and writes their group's and their own
//     boards while the activity is open for their group and not locked;
//   - during a gallery walk of an activity, a participant also reads every
//     group's board of that activity and writes to the others' — and to their
//     own when it is closed or locked — as a visitor: the kinds accept only
//     votes from visitors (and comments, which every kind takes the same way).

// canRead decides whether c may subscribe to b (a board of c's workshop).
func (h *Hub) canRead(ctx context.Context, c *Client, b *store.Board) error {
	if err := ownerOnly(c.Actor, b); err != nil {
		err.board = b.ID
		return err
	}
	if c.Actor.Kind == exercises.RoleTrainer || b.Scope == store.ScopeWorkshop {
		return nil
	}
	if b.Trainer() != "" {
		return &protocolError{code: ErrForbidden, message: "this board belongs to a trainer", board: b.ID}
	}
	if p := b.Participant(); p != "" {
		if p != c.Actor.ID {
			return &protocolError{code: ErrForbidden, message: "this board is private to another participant", board: b.ID}
		}
		return nil
	}
	if g := b.Group(); g != "" && g != c.Actor.Group {
		ctl, err := h.controlState(ctx, b.WorkshopID)
		if err != nil {
			h.log.Warn("subscribe: control board unreadable", "err", err)
			return &protocolError{code: ErrUnavailable, message: "the database is unavailable; retry shortly", board: b.ID}
		}
		if ctl != nil && ctl.GalleryOn(b.ActivityID) {
			return nil
		}
		return &protocolError{code: ErrForbidden, message: "this board belongs to another group (groups see each other's boards only during a gallery walk)", board: b.ID}
	}
	return nil
}

// writeAccess decides whether actor may apply an operation to b, given the
// workshop's control state, and whether they do so as a visitor.
func writeAccess(actor exercises.Actor, b *store.Board, ctl *exercises.ControlState) (visiting bool, err error) {
	if err := ownerOnly(actor, b); err != nil {
		return false, err
	}
	if actor.Kind == exercises.RoleTrainer || b.Kind == exercises.ControlKind {
		// Trainers run every board; the control kind refuses participants itself.
		return false, nil
	}
	gallery := ctl != nil && b.Group() != "" && ctl.GalleryOn(b.ActivityID)
	switch {
	case b.Participant() != "":
		if b.Participant() != actor.ID {
			return false, &protocolError{code: ErrForbidden, message: "this board is private to another participant"}
		}
	case b.Group() != "" && b.Group() != actor.Group:
		if gallery {
			return true, nil
		}
		return false, &protocolError{code: ErrForbidden, message: "this board belongs to another group (groups vote on each other's boards only during a gallery walk)"}
	case b.Scope == store.ScopeWorkshop:
		return false, &protocolError{code: ErrForbidden, message: "only trainers change workshop boards"}
	case b.Trainer() != "":
		return false, &protocolError{code: ErrForbidden, message: "this board belongs to a trainer"}
	}
	if ctl != nil {
		if err := ctl.CheckWrite(actor, b.ActivityID, actor.Group); err != nil {
			if gallery {
				// The group's own board during the walk: it votes like the visitors.
				return true, nil
			}
			return false, err
		}
	}
	return false, nil
}

// ownerOnly refuses everyone but the owner of a board whose kind is
// OwnerOnly — trainers included, so that nothing on such a board (a judge's
// scores before the reveal) reaches anyone else.
func ownerOnly(actor exercises.Actor, b *store.Board) *protocolError {
	k, ok := exercises.Lookup(b.Kind)
	if !ok || !k.OwnerOnly {
		return nil
	}
	switch {
	case b.Participant() != "" && actor.Kind == exercises.RoleParticipant && actor.ID == b.Participant():
		return nil
	case b.Trainer() != "" && actor.Kind == exercises.RoleTrainer && actor.ID == b.Trainer():
		return nil
	}
	return &protocolError{code: ErrForbidden, message: "this board is private to the person it belongs to"}
}

// controlState reads a workshop's control board (nil when it has none).
func (h *Hub) controlState(ctx context.Context, workshop string) (*exercises.ControlState, error) {
	b, err := h.store.BoardFor(ctx, workshop, exercises.ControlActivity, store.ScopeWorkshop)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	st, err := exercises.DecodeState(b.Kind, b.State)
	if err != nil {
		return nil, err
	}
	ctl, _ := st.(*exercises.ControlState)
	return ctl, nil
}

// galleryMarker is how an applied gallery operation reads inside an op frame.
var galleryMarker = []byte(`"kind":"gallery.`)

// afterOp runs what an applied operation implies beyond its board: when a
// gallery walk starts, moves or stops, the subscriptions it no longer allows
// end. A false positive (a note quoting the marker) costs one check.
func (h *Hub) afterOp(workshop string, frameData []byte) {
	if bytes.Contains(frameData, galleryMarker) {
		go h.endForeignSubscriptions(workshop)
	}
}

// UnsubscribedMsg tells a client that the server ended its subscription to a
// board, and why ("gallery_ended": the gallery walk that let it read another
// group's board is over).
type UnsubscribedMsg struct {
	Type   string `json:"type"`
	Board  string `json:"board"`
	Reason string `json:"reason"`
}

// endForeignSubscriptions removes participants from other groups' boards of
// the workshop on this instance unless a gallery walk of that activity runs.
func (h *Hub) endForeignSubscriptions(workshop string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ctl, err := h.controlState(ctx, workshop)
	if err != nil {
		h.log.Warn("gallery: control board unreadable; foreign subscriptions kept until reconnect", "err", err)
		return
	}
	refs, err := h.store.BoardRefs(ctx, workshop)
	if err != nil {
		h.log.Warn("gallery: boards unreadable", "err", err)
		return
	}
	byID := make(map[string]*store.BoardRef, len(refs))
	for _, r := range refs {
		byID[r.ID] = r
	}
	h.mu.Lock()
	var rooms []*room
	for _, r := range h.rooms {
		if r.workshop == workshop {
			rooms = append(rooms, r)
		}
	}
	h.mu.Unlock()
	for _, r := range rooms {
		ref := byID[r.board]
		if ref == nil || ref.GroupID == nil || ctl != nil && ctl.GalleryOn(ref.ActivityID) {
			continue
		}
		r.mu.Lock()
		var out []*Client
		for c := range r.subs {
			if c.Actor.Kind == exercises.RoleParticipant && c.Actor.Group != *ref.GroupID {
				out = append(out, c)
			}
		}
		r.mu.Unlock()
		for _, c := range out {
			h.leaveRoom(c, r)
			c.enqueue(encode(UnsubscribedMsg{Type: "unsubscribed", Board: r.board, Reason: "gallery_ended"}))
		}
	}
}
