package realtime

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"playbook/exercises"
	"playbook/exercises/passoff"
)

// The frontend's protocol types are generated from the Go message structs.
// This test regenerates them and fails when the committed file differs, so
// the TypeScript can never drift from the server. To update after changing a
// message: UPDATE_TS=1 go test ./realtime -run TestTypeScriptProtocolTypes
const tsFile = "../frontend/src/protocol/messages.gen.ts"

func TestTypeScriptProtocolTypes(t *testing.T) {
	got := generateTS()
	if os.Getenv("UPDATE_TS") != "" {
		if err := os.WriteFile(tsFile, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(tsFile)
	if err != nil {
		t.Fatalf("%v (generate it with UPDATE_TS=1 go test ./realtime -run TestTypeScriptProtocolTypes)", err)
	}
	if string(want) != got {
		t.Fatalf("%s is out of date with the Go protocol; regenerate it with UPDATE_TS=1 go test ./realtime -run TestTypeScriptProtocolTypes", tsFile)
	}
}

// tsEnums gives named string types their TypeScript unions.
var tsEnums = map[reflect.Type]string{
	reflect.TypeOf(exercises.Role("")): `"trainer" | "participant"`,
}

// tsPrefixes names the types of packages whose names would collide with
// the protocol's own (the funnel review's Text and Note).
var tsPrefixes = map[string]string{"playbook/exercises/funnel": "Funnel"}

func tsName(t reflect.Type) string {
	name := t.Name()
	if p := tsPrefixes[t.PkgPath()]; p != "" && !strings.HasPrefix(name, p) {
		return p + name
	}
	return name
}

type tsGen struct {
	done  map[reflect.Type]bool
	order []reflect.Type
	decls map[reflect.Type]string
}

func generateTS() string {
	g := &tsGen{done: map[reflect.Type]bool{}, decls: map[reflect.Type]string{}}
	var out strings.Builder
	out.WriteString("// Code generated from realtime/protocol.go by TestTypeScriptProtocolTypes. DO NOT EDIT.\n")
	out.WriteString("// The protocol is documented in docs/protocol.md.\n\n")
	union := func(name string, msgs map[string]any) {
		keys := make([]string, 0, len(msgs))
		for k := range msgs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		types := make([]string, len(keys))
		for i, k := range keys {
			rt := reflect.TypeOf(msgs[k])
			g.declare(rt, k)
			types[i] = rt.Name()
		}
		fmt.Fprintf(&out, "export type %s =\n  | %s;\n\n", name, strings.Join(types, "\n  | "))
	}
	union("ClientMessage", ClientMessages)
	union("ServerMessage", ServerMessages)
	// Board states and the generic change, for the template components.
	for _, v := range []any{exercises.Change{}, exercises.NotesState{}, exercises.ControlState{},
		exercises.StagesState{}, exercises.TargetsState{}, exercises.KPIsState{}, exercises.TiersState{},
		exercises.MeetingsState{}, exercises.TablesState{}, exercises.TeamMixState{},
		// The generic template kinds, the curriculum and what the console and
		// the participant page read over HTTP (curriculum.md, api.md).
		exercises.TableState{}, exercises.CanvasState{}, exercises.PollState{}, exercises.PlanState{},
		exercises.ReflectionState{}, exercises.Curriculum{}, exercises.Progress{}, exercises.ActionPlan{},
		passoff.RoundState{}, passoff.SheetState{}, exercises.FunnelState{},
		exercises.CaseDraftState{}} {
		g.declare(reflect.TypeOf(v), "")
	}
	for _, rt := range g.order {
		out.WriteString(g.decls[rt])
	}
	fmt.Fprintf(&out, "export const ERROR_CODES = %s as const;\n", tsStrings(errorCodes()))
	out.WriteString("export type ErrorCode = (typeof ERROR_CODES)[number];\n\n")
	out.WriteString("export const CLOSE_CODES = {\n")
	for _, c := range closeCodes() {
		fmt.Fprintf(&out, "  %s: %d,\n", c.name, c.code)
	}
	out.WriteString("} as const;\n\n")
	fmt.Fprintf(&out, "export const MAX_FRAME_BYTES = %d;\n", MaxFrameBytes)
	return out.String()
}

func (g *tsGen) declare(rt reflect.Type, msgType string) {
	if g.done[rt] {
		return
	}
	g.done[rt] = true
	var b strings.Builder
	fmt.Fprintf(&b, "export interface %s {\n", tsName(rt))
	g.fields(&b, rt, msgType)
	b.WriteString("}\n\n")
	g.order = append(g.order, rt)
	g.decls[rt] = b.String()
}

// fields writes the fields of rt, flattening embedded structs the way
// encoding/json does.
func (g *tsGen) fields(b *strings.Builder, rt reflect.Type, msgType string) {
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		if f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct {
			g.fields(b, f.Type, msgType)
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || name == "" {
			continue
		}
		optional := strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")
		var ts string
		switch {
		case name == "type" && msgType != "":
			ts = fmt.Sprintf("%q", msgType)
		case f.Tag.Get("ts") != "":
			ts = f.Tag.Get("ts")
		default:
			ts = g.tsType(f.Type)
		}
		q := ""
		if optional {
			q = "?"
		}
		if strings.ContainsAny(name, "-.") {
			name = fmt.Sprintf("%q", name)
		}
		fmt.Fprintf(b, "  %s%s: %s;\n", name, q, ts)
	}
}

func (g *tsGen) tsType(t reflect.Type) string {
	if e, ok := tsEnums[t]; ok {
		return e
	}
	if t == reflect.TypeOf(json.RawMessage{}) {
		return "unknown"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.tsType(t.Elem()) + " | null"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Float64, reflect.Float32, reflect.Uint, reflect.Uint64:
		return "number"
	case reflect.Slice:
		return g.tsType(t.Elem()) + "[]"
	case reflect.Map:
		elem := t.Elem()
		if elem.Kind() == reflect.Pointer { // map values are never null
			elem = elem.Elem()
		}
		return "Record<string, " + g.tsType(elem) + ">"
	case reflect.Struct:
		g.declare(t, "")
		return tsName(t)
	}
	panic("tsgen: unsupported type " + t.String())
}

func tsStrings(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// errorCodes lists every documented error code (kept in step with the
// constants of protocol.go by TestEveryErrorCodeIsDocumented).
func errorCodes() []string {
	return []string{ErrBadMessage, ErrUnknownType, ErrNotFound, ErrForbidden, ErrBadSequence, ErrNotSubscribed,
		ErrTooManyBoards, ErrInvalidOp, ErrLimit, ErrConflict, ErrActivityClosed, ErrBoardLocked, ErrRateLimited,
		ErrUnavailable, ErrInternal}
}

type closeCode struct {
	name string
	code int
}

func closeCodes() []closeCode {
	return []closeCode{{"normal", CloseNormal}, {"goingAway", CloseGoingAway}, {"policy", ClosePolicy},
		{"tooBig", CloseTooBig}, {"unauthorized", CloseUnauthorized}, {"moved", CloseMoved},
		{"slowConsumer", CloseSlowConsumer}}
}

// Every error and close code is in docs/protocol.md.
func TestEveryErrorCodeIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/protocol.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range errorCodes() {
		if !strings.Contains(string(doc), "| `"+code+"` |") {
			t.Errorf("error code %q is not in the error table of docs/protocol.md", code)
		}
	}
	for _, c := range closeCodes() {
		if !strings.Contains(string(doc), fmt.Sprintf("| %d |", c.code)) {
			t.Errorf("close code %d is not in docs/protocol.md", c.code)
		}
	}
	for typ := range ClientMessages {
		if !strings.Contains(string(doc), "### `"+typ+"`") {
			t.Errorf("client message %q has no section in docs/protocol.md", typ)
		}
	}
	for typ := range ServerMessages {
		if !strings.Contains(string(doc), "### `"+typ+"`") {
			t.Errorf("server message %q has no section in docs/protocol.md", typ)
		}
	}
}
