// Package exercises holds the workshop's content and the logic of every board:
// the built-in curriculum (embedded data), the template kinds (state,
// operations, validation) and the calculators behind them. It is pure: no I/O,
// no database, no network.
package exercises

import (
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Kind is a template kind: the type of one board's document. Every kind lives
// in one file of this package and registers itself with Register.
type Kind struct {
	// Name is the stable identifier used in the curriculum and on the wire ("notes").
	Name string
	// Ops lists every operation kind a board of this kind accepts ("note.add"),
	// the comment operations included when its state carries comments. The
	// authorization matrix and the operations fuzzer enumerate them, and a
	// test fails when an operation handled in code is missing here.
	Ops []string
	// New returns the initial state of a board of this kind, configured by the
	// activity's template configuration (which may be empty).
	New func(cfg json.RawMessage) (State, error)
	// Decode restores a state stored by the database.
	Decode func(data []byte) (State, error)
	// Private reports whether a board of this kind belongs to one participant
	// rather than to a group (reflection boards).
	Private bool
	// Workshop reports whether an activity of this kind has one board for the
	// whole workshop (scope "w") rather than one per group: everyone reads it,
	// trainers write it (a pass-off round).
	Workshop bool
	// OwnerOnly keeps a board of this kind to the one person who owns it (the
	// participant of a "p:" board, the trainer of a "t:" board): nobody else
	// may read or write it, trainers included. Other boards' operations reach
	// it only as linked changes (a pass-off judge's score sheet).
	OwnerOnly bool
	// NeedsRoom asks for Context.Room: the workshop's activities, groups and
	// people.
	NeedsRoom bool
	// Linked reports whether an operation on a board of this kind reads, and
	// may change, the other boards of the same activity in the workshop. The
	// committer then locks those boards in the same transaction and hands them
	// to Apply in Context.Linked; what Apply records on them is stored and
	// broadcast as operations of those boards. nil means never.
	Linked func(op Operation) bool
}

// State is the document of one board. Apply validates op and, when it is valid,
// changes the state in place and returns the changes it made in the generic
// form clients apply. When Apply returns an error the state must be unchanged.
// States are encoded with encoding/json.
type State interface {
	Apply(op Operation, ctx *Context) ([]Change, error)
}

// Operation is one client operation: its kind ("note.add") and its fields,
// kept raw until the board's kind decodes them.
type Operation struct {
	Kind string
	Body json.RawMessage
}

// MarshalJSON writes the operation as one flat object: {"kind": ..., fields...}.
func (o Operation) MarshalJSON() ([]byte, error) {
	if len(o.Body) == 0 || string(o.Body) == "null" {
		return json.Marshal(map[string]string{"kind": o.Kind})
	}
	return o.Body, nil
}

// UnmarshalJSON reads a flat operation object; the whole object is kept as Body.
func (o *Operation) UnmarshalJSON(data []byte) error {
	var head struct {
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return err
	}
	o.Kind = head.Kind
	o.Body = append(o.Body[:0], data...)
	return nil
}

// Role says who is acting on a board.
type Role string

// Roles of an actor.
const (
	RoleTrainer     Role = "trainer"
	RoleParticipant Role = "participant"
)

// Actor is the person behind an operation.
type Actor struct {
	Kind  Role   `json:"kind"`
	ID    string `json:"id"`
	Name  string `json:"name"`
	Group string `json:"group,omitempty"`
}

// Context is what a kind may know about the operation beyond its fields.
type Context struct {
	Actor Actor
	// Seq is the sequence number the operation will receive if it is applied.
	Seq int64
	// Now is the commit time, in UTC.
	Now time.Time
	// Visiting is true when the actor works on another group's board during a
	// gallery walk: only the operations a kind allows visitors are accepted.
	Visiting bool
	// Room describes the workshop; it is set for kinds with NeedsRoom.
	Room *Room
	// Linked holds the other boards of the same activity in the workshop, for
	// an operation its kind links (see Kind.Linked); nil otherwise.
	Linked []*LinkedBoard
}

// LinkedBoard is another board of the operation's activity. Apply may read
// its State and change it in place; every change it makes must be recorded
// with Record, in order, exactly as for the operation's own board — and, when
// Apply refuses the operation, no linked state may have changed either.
type LinkedBoard struct {
	ID    string
	Scope string // "w", "g:<group id>", "p:<participant id>" or "t:<trainer id>"
	Kind  string
	State State
	// Changes are what the operation did to this board; the committer stores
	// them as an operation of this board. Its subscribers see the operation's
	// kind and these changes, never the operation's own fields.
	Changes []Change
}

// Record notes changes made to the linked board's state.
func (l *LinkedBoard) Record(changes ...Change) { l.Changes = append(l.Changes, changes...) }

// IsTrainer reports whether the acting person is a trainer.
func (c *Context) IsTrainer() bool { return c.Actor.Kind == RoleTrainer }

// Change is one generic edit of a board's JSON document: set Value at Path, or
// delete the key at Path. Path elements are object keys; arrays are replaced
// whole. Clients apply changes in order without knowing the kind.
type Change struct {
	Path   []string        `json:"path"`
	Value  json.RawMessage `json:"value,omitempty"`
	Delete bool            `json:"delete,omitempty"`
}

// Set builds a change that sets path to v.
func Set(v any, path ...string) Change {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("exercises: change value not encodable: %v", err))
	}
	return Change{Path: path, Value: b}
}

// Del builds a change that deletes path.
func Del(path ...string) Change { return Change{Path: path, Delete: true} }

var (
	registryMu sync.RWMutex
	registry   = map[string]*Kind{}
)

// Register adds a kind to the registry; it panics on a duplicate name.
func Register(k *Kind) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[k.Name]; dup {
		panic("exercises: kind registered twice: " + k.Name)
	}
	registry[k.Name] = k
}

// Lookup returns the kind called name.
func Lookup(name string) (*Kind, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	k, ok := registry[name]
	return k, ok
}

// Kinds lists the registered kind names, sorted.
func Kinds() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// NewState makes the initial state of a board of the named kind.
func NewState(kind string, cfg json.RawMessage) (State, error) {
	k, ok := Lookup(kind)
	if !ok {
		return nil, fmt.Errorf("exercises: unknown template kind %q", kind)
	}
	return k.New(cfg)
}

// DecodeState restores a stored state of the named kind.
func DecodeState(kind string, data []byte) (State, error) {
	k, ok := Lookup(kind)
	if !ok {
		return nil, fmt.Errorf("exercises: unknown template kind %q", kind)
	}
	return k.Decode(data)
}

// decodeInto is the Decode of kinds whose state is one JSON struct.
func decodeInto[T any, PT interface {
	*T
	State
}](data []byte) (State, error) {
	var s T
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("exercises: stored state unreadable: %w", err)
	}
	return PT(&s), nil
}
