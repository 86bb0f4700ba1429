package exercises

import (
	"bytes"
	"cmp"
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"playbook/playbook"
)

// The structured kinds (stages, targets, kpis, tiers, meetings, tables,
// team-mix) share one pattern: the state keeps items in maps by id (so two
// people editing two items never collide, and a field is the unit of
// last-writer-wins), every check of the playbook runs on the server after
// each operation, and its findings are carried in the state as Issues at the
// field they concern. An operation that breaks a check is stored — a group
// may be mid-way — and flagged; only malformed operations are refused.

// Issue is a failed check, shown at the field it concerns: Path is the
// field's path in the board's state (["stages", "<id>", "probability"]).
type Issue struct {
	Path    []string `json:"path"`
	Code    string   `json:"code"`
	Message Text     `json:"message"`
}

// Section is a board whose state compiles into a section of the company
// playbook.
type Section interface {
	State
	// CompileInto writes the board's content into its section of p.
	CompileInto(p *playbook.Playbook)
}

// checked is a structured state: after each operation its computed fields
// and issues are brought up to date.
type checked interface {
	State
	recompute()
}

// applyChecked runs do on s; if do refuses, s is restored exactly as it was.
// Otherwise the computed fields and issues are refreshed and the changes are
// the difference between the state before and after, field by field.
func applyChecked(s checked, do func() error) ([]Change, error) {
	before, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	if err := do(); err != nil {
		restore(s, before)
		return nil, err
	}
	s.recompute()
	after, err := json.Marshal(s)
	if err != nil {
		restore(s, before)
		return nil, err
	}
	changes, err := DiffChanges(before, after)
	if err != nil {
		restore(s, before)
		return nil, err
	}
	return changes, nil
}

func restore(s State, data []byte) {
	v := reflect.ValueOf(s).Elem()
	v.Set(reflect.Zero(v.Type()))
	if err := json.Unmarshal(data, s); err != nil {
		panic("exercises: state cannot be restored: " + err.Error())
	}
}

// DiffChanges describes how to go from document a to document b as changes:
// objects are compared key by key, recursively; any other value that differs
// (arrays included) is set whole.
func DiffChanges(a, b []byte) ([]Change, error) {
	var x, y any
	if err := unmarshalNumber(a, &x); err != nil {
		return nil, err
	}
	if err := unmarshalNumber(b, &y); err != nil {
		return nil, err
	}
	var out []Change
	diffInto(nil, x, y, &out)
	return out, nil
}

func unmarshalNumber(data []byte, v *any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}

func diffInto(path []string, a, b any, out *[]Change) {
	ao, aok := a.(map[string]any)
	bo, bok := b.(map[string]any)
	if aok && bok {
		keys := make([]string, 0, len(ao)+len(bo))
		for k := range ao {
			keys = append(keys, k)
		}
		for k := range bo {
			if _, ok := ao[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := append(slices.Clone(path), k)
			av, inA := ao[k]
			bv, inB := bo[k]
			switch {
			case !inB:
				*out = append(*out, Del(p...))
			case !inA:
				*out = append(*out, Change{Path: p, Value: mustRaw(bv)})
			default:
				diffInto(p, av, bv, out)
			}
		}
		return
	}
	if !bytes.Equal(mustRaw(a), mustRaw(b)) {
		*out = append(*out, Change{Path: path, Value: mustRaw(b)})
	}
}

func mustRaw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// pathSeg is one step of a playbook problem path: a key, with an index when
// the key is a list.
type pathSeg struct {
	key   string
	index int // -1 when not a list element
}

// parseProblemPath splits "$.stages[2].probability" into its steps.
func parseProblemPath(path string) []pathSeg {
	path = strings.TrimPrefix(strings.TrimPrefix(path, "$"), ".")
	if path == "" {
		return nil
	}
	var segs []pathSeg
	for _, part := range strings.Split(path, ".") {
		key, rest, hasIndex := strings.Cut(part, "[")
		seg := pathSeg{key: key, index: -1}
		if hasIndex {
			if n, err := strconv.Atoi(strings.TrimSuffix(rest, "]")); err == nil {
				seg.index = n
			}
		}
		segs = append(segs, seg)
	}
	return segs
}

// issuesFrom turns playbook problems into issues at state paths. lists maps
// a list's problem path (without indexes, "stages" or "quarters.months") to
// its state key and the ids of its items in document order; ids holds, per
// problem-path prefix with indexes, the ids of the nested list.
func issuesFrom(probs []playbook.Problem, resolve func(segs []pathSeg) []string) []Issue {
	out := make([]Issue, 0, len(probs))
	for _, p := range probs {
		path := resolve(parseProblemPath(p.Path))
		if path == nil {
			path = []string{}
		}
		out = append(out, Issue{Path: path, Code: p.Code, Message: Text{ZH: p.MessageZH, EN: p.Message}})
	}
	return out
}

// idsResolver resolves problem paths whose lists are given by id in order:
// lists maps a list key of the document to the state key and the ids.
func idsResolver(lists map[string]listIDs) func([]pathSeg) []string {
	return func(segs []pathSeg) []string {
		var out []string
		for _, s := range segs {
			if l, ok := lists[s.key]; ok {
				out = append(out, l.stateKey)
				if s.index >= 0 && s.index < len(l.ids) {
					out = append(out, l.ids[s.index])
				}
				continue
			}
			out = append(out, s.key)
			if s.index >= 0 {
				out = append(out, strconv.Itoa(s.index))
			}
		}
		return out
	}
}

type listIDs struct {
	stateKey string
	ids      []string
}

// positioned is an item kept in a map with a position for its order.
type positioned interface {
	position() float64
	itemID() string
}

// ordered returns the items of a map sorted by position, then id.
func ordered[T positioned](m map[string]T) []T {
	out := make([]T, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b T) int {
		if c := cmp.Compare(a.position(), b.position()); c != 0 {
			return c
		}
		return strings.Compare(a.itemID(), b.itemID())
	})
	return out
}

// nextPos returns a position after every item of m.
func nextPos[T positioned](m map[string]T) float64 {
	last := 0.0
	for _, v := range m {
		last = math.Max(last, v.position())
	}
	return math.Floor(last) + 1
}

// checkPos validates a client-given position or places the item last.
func checkPos[T positioned](p *float64, m map[string]T) (float64, error) {
	if p == nil {
		return nextPos(m), nil
	}
	if math.IsNaN(*p) || math.IsInf(*p, 0) || math.Abs(*p) > 1e12 {
		return 0, Refuse(CodeInvalidOp, "pos", "pos must be a finite number")
	}
	return *p, nil
}

// newItemID checks the id of an item to add to m.
func newItemID[T any](m map[string]T, id string) error {
	if err := CheckID("id", id); err != nil {
		return err
	}
	if _, exists := m[id]; exists {
		return Refuse(CodeConflict, "id", "an item %q already exists", id)
	}
	if len(m) >= MaxItemsPerKey {
		return Refuse(CodeLimit, "", "a board holds at most %d items here", MaxItemsPerKey)
	}
	return nil
}

// setOp is the common shape of "change one field of one item".
type setOp struct {
	Kind  string          `json:"kind"`
	ID    string          `json:"id"`
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
}

// decodeValue reads an operation's value strictly into v.
func decodeValue(field string, raw json.RawMessage, v any) error {
	if len(raw) == 0 {
		return Refuse(CodeInvalidOp, "value", "the operation needs a value for %s", field)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return Refuse(CodeInvalidOp, "value", "%s: %s", field, jsonProblem(err))
	}
	return nil
}

// textValue decodes and cleans a text value.
func textValue(field string, raw json.RawMessage, max int) (string, error) {
	var s string
	if err := decodeValue(field, raw, &s); err != nil {
		return "", err
	}
	return CleanText(field, s, max, false)
}

// MaxListItems bounds a list of texts in a structured item (actions,
// criteria, attendees…).
const MaxListItems = 30

// textsValue decodes a list of texts: each cleaned, empty ones dropped.
func textsValue(field string, raw json.RawMessage) ([]string, error) {
	var list []string
	if err := decodeValue(field, raw, &list); err != nil {
		return nil, err
	}
	if len(list) > MaxListItems {
		return nil, Refuse(CodeLimit, field, "%s holds at most %d entries", field, MaxListItems)
	}
	out := make([]string, 0, len(list))
	for _, s := range list {
		c, err := CleanText(field, s, MaxNoteText, false)
		if err != nil {
			return nil, err
		}
		if c != "" {
			out = append(out, c)
		}
	}
	return out, nil
}

// intValue decodes an integer value within [lo, hi].
func intValue(field string, raw json.RawMessage, lo, hi int) (int, error) {
	var n int
	if err := decodeValue(field, raw, &n); err != nil {
		return 0, err
	}
	if n < lo || n > hi {
		return 0, Refuse(CodeInvalidOp, field, "%s must be between %d and %d", field, lo, hi)
	}
	return n, nil
}

// moneyValue decodes an amount in minor units.
func moneyValue(field string, raw json.RawMessage) (int64, error) {
	var n int64
	if err := decodeValue(field, raw, &n); err != nil {
		return 0, err
	}
	if n < 0 || n > playbook.MaxMoney {
		return 0, Refuse(CodeInvalidOp, field, "%s must be between 0 and %d minor units", field, int64(playbook.MaxMoney))
	}
	return n, nil
}

// enumValue decodes a string that must be one of allowed.
func enumValue(field string, raw json.RawMessage, allowed []string) (string, error) {
	var s string
	if err := decodeValue(field, raw, &s); err != nil {
		return "", err
	}
	if !slices.Contains(allowed, s) {
		return "", Refuse(CodeInvalidOp, field, "%s must be one of %s", field, strings.Join(allowed, ", "))
	}
	return s, nil
}

func unknownField(kind, field string) error {
	return Refuse(CodeInvalidOp, "field", "%s has no field %q", kind, field)
}

func noSuch(what, id string) error {
	return Refuse(CodeNotFound, "id", "there is no %s %q (it may have been deleted)", what, id)
}

func unknownOp(kind, op string) error {
	return Refuse(CodeInvalidOp, "kind", "a %s board has no operation %q", kind, op)
}

// refOp names one item.
type refOp struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// moveOp gives an item a new position.
type moveOp struct {
	Kind string   `json:"kind"`
	ID   string   `json:"id"`
	Pos  *float64 `json:"pos"`
}

// SectionPaths maps each structured kind to the playbook section it
// compiles into, as a document path.
var SectionPaths = map[string]string{
	StagesKind: "$.stages", TargetsKind: "$.targets", KPIsKind: "$.kpis", TiersKind: "$.customer_tiers",
	MeetingsKind: "$.meetings", TablesKind: "$.daily_tables", TeamMixKind: "$.team_structure",
}
