package realtime

import (
	"context"

	"playbook/exercises"
	"playbook/store"
)

// Who may read and write which board. The HTTP layer has already checked that
// a trainer connection belongs to one of the workshop's trainers and that a
// participant connection belongs to a participant of the workshop; these
// rules decide among the workshop's boards.

// canRead decides whether c may subscribe to b (a board of c's workshop).
func (h *Hub) canRead(_ context.Context, c *Client, b *store.Board) error {
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
		return &protocolError{code: ErrForbidden, message: "this board belongs to another group", board: b.ID}
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
	group := actor.Group
	switch {
	case b.Participant() != "":
		if b.Participant() != actor.ID {
			return false, &protocolError{code: ErrForbidden, message: "this board is private to another participant"}
		}
	case b.Group() != actor.Group:
		return false, &protocolError{code: ErrForbidden, message: "this board belongs to another group"}
	case b.Scope == store.ScopeWorkshop:
		return false, &protocolError{code: ErrForbidden, message: "only trainers change workshop boards"}
	case b.Trainer() != "":
		return false, &protocolError{code: ErrForbidden, message: "this board belongs to a trainer"}
	}
	if ctl != nil {
		if err := ctl.CheckWrite(actor, b.ActivityID, group); err != nil {
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
