package exercises

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// board drives one state through operations in tests, checking after every
// operation the two promises each kind makes: a refused operation leaves the
// state unchanged, and an applied one is described exactly by its changes.
type board struct {
	t     *testing.T
	kind  string
	state State
	seq   int64
}

func newBoard(t *testing.T, kind string, cfg string) *board {
	t.Helper()
	var raw json.RawMessage
	if cfg != "" {
		raw = json.RawMessage(cfg)
	}
	s, err := NewState(kind, raw)
	if err != nil {
		t.Fatalf("new %s board: %v", kind, err)
	}
	return &board{t: t, kind: kind, state: s}
}

func participant(id, group string) Actor {
	return Actor{Kind: RoleParticipant, ID: id, Name: "name-" + id, Group: group}
}

func trainer(id string) Actor { return Actor{Kind: RoleTrainer, ID: id, Name: "trainer-" + id} }

// apply applies op (a JSON object) as actor and returns the error, if any.
func (b *board) apply(actor Actor, op string) error {
	return b.applyCtx(&Context{Actor: actor}, op)
}

func (b *board) applyCtx(ctx *Context, op string) error {
	b.t.Helper()
	var o Operation
	if err := json.Unmarshal([]byte(op), &o); err != nil {
		b.t.Fatalf("test operation %s: %v", op, err)
	}
	before := mustJSON(b.t, b.state)
	ctx.Seq = b.seq + 1
	ctx.Now = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	changes, err := Apply(b.state, o, ctx)
	after := mustJSON(b.t, b.state)
	if err != nil {
		if !bytes.Equal(before, after) {
			b.t.Fatalf("%s refused (%v) but changed the state:\nbefore %s\nafter  %s", op, err, before, after)
		}
		if _, ok := AsOpError(err); !ok {
			b.t.Fatalf("%s refused with %T %v, want an *OpError", op, err, err)
		}
		return err
	}
	b.seq++
	if err := CheckChanges(b.kind, before, after, changes); err != nil {
		b.t.Fatalf("%s: %v", op, err)
	}
	return nil
}

// must applies op and fails the test if it is refused.
func (b *board) must(actor Actor, op string) {
	b.t.Helper()
	if err := b.apply(actor, op); err != nil {
		b.t.Fatalf("%s: %v", op, err)
	}
}

// refused applies op and checks it is refused with code.
func (b *board) refused(actor Actor, op, code string) {
	b.t.Helper()
	err := b.apply(actor, op)
	if err == nil {
		b.t.Fatalf("%s was applied; want refusal %s", op, code)
	}
	if oe, _ := AsOpError(err); oe.Code != code {
		b.t.Fatalf("%s refused with %s (%v); want %s", op, oe.Code, err, code)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
