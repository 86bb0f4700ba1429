package exercises_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"playbook/exercises"
	_ "playbook/exercises/passoff" // registers the pass-off kinds
)

// Every operation a kind handles in code is listed in some kind's Ops: the
// authorization matrix (server) and the operations fuzzer enumerate Ops, so
// an operation missing there would escape both. The code's operations are the
// string literals of every `switch op.Kind` / `switch o.Kind` case and every
// comparison with op.Kind in the exercises packages.
func TestEveryHandledOperationIsListed(t *testing.T) {
	listed := map[string]bool{}
	for _, name := range exercises.Kinds() {
		k, _ := exercises.Lookup(name)
		if len(k.Ops) == 0 {
			t.Errorf("kind %s lists no operations (Kind.Ops)", name)
		}
		for _, op := range k.Ops {
			if listed[op+"@"+name] {
				t.Errorf("kind %s lists %s twice", name, op)
			}
			listed[op+"@"+name] = true
			listed[op] = true
		}
	}
	handled := map[string]string{}
	for _, dir := range []string{".", "passoff"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		fset := token.NewFileSet()
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.SwitchStmt:
					if isOpKind(n.Tag) {
						for _, st := range n.Body.List {
							for _, e := range st.(*ast.CaseClause).List {
								if s, ok := stringLit(e); ok {
									handled[s] = fset.Position(e.Pos()).String()
								}
							}
						}
					}
				case *ast.BinaryExpr:
					if (n.Op == token.EQL || n.Op == token.NEQ) && isOpKind(n.X) {
						if s, ok := stringLit(n.Y); ok {
							handled[s] = fset.Position(n.Pos()).String()
						}
					}
				}
				return true
			})
		}
	}
	if len(handled) < 50 {
		t.Fatalf("found only %d operations in the code; the scan is broken", len(handled))
	}
	for op, where := range handled {
		if !listed[op] {
			t.Errorf("operation %q (handled at %s) is in no kind's Ops", op, where)
		}
	}
	// Kinds whose states take comments list the comment operations.
	for _, name := range exercises.Kinds() {
		k, _ := exercises.Lookup(name)
		s, err := fuzzState(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		_, err = exercises.Apply(s, exercises.Operation{Kind: "comment.add", Body: []byte(`{"kind":"comment.add"}`)},
			&exercises.Context{Actor: fuzzActors[1], Seq: 1, Now: fuzzNow, Room: fuzzRoom})
		takes := err == nil || !strings.Contains(err.Error(), "takes no comments")
		if takes != slices.Contains(k.Ops, "comment.add") {
			t.Errorf("kind %s: takes comments %v, but its Ops say %v", name, takes, !takes)
		}
	}
}

func isOpKind(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Kind" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && (id.Name == "op" || id.Name == "o")
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// The operations fuzzer's world: a workshop of two groups, a trainer, and
// participants in each group; kinds that need the room get it.
var (
	fuzzNow    = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	fuzzActors = []exercises.Actor{
		{Kind: exercises.RoleTrainer, ID: "t1", Name: "李老师"},
		{Kind: exercises.RoleParticipant, ID: "p1", Name: "王芳", Group: "g1"},
		{Kind: exercises.RoleParticipant, ID: "p2", Name: "张伟", Group: "g1"},
		{Kind: exercises.RoleParticipant, ID: "p3", Name: "刘洋", Group: "g2"},
	}
	fuzzRoom = &exercises.Room{
		Activities: map[string]bool{"1.1": true, "2.1": true, "6.2": true},
		Groups:     map[string]bool{"g1": true, "g2": true},
		GroupNames: map[string]string{"g1": "一组", "g2": "二组"},
		People: map[string]exercises.Person{
			"t1": {Kind: exercises.RoleTrainer, Name: "李老师"},
			"p1": {Kind: exercises.RoleParticipant, Name: "王芳", Group: "g1"},
			"p2": {Kind: exercises.RoleParticipant, Name: "张伟", Group: "g1"},
			"p3": {Kind: exercises.RoleParticipant, Name: "刘洋", Group: "g2"},
		},
		Blocks: map[string]string{"b1": "1.1", "b2": "2.1", "b3": ""},
		Agenda: [][]string{{"b1", "b3"}, {"b2"}},
		Cases:  map[string]bool{"c1": true},
	}
)

var fuzzConfigs sync.Map // kind → the configuration fuzzState found

// fuzzState is a fresh board of kind, configured as the built-in
// curriculum's first activity of that kind (or with no configuration).
func fuzzState(kind string) (exercises.State, error) {
	if cfg, ok := fuzzConfigs.Load(kind); ok {
		return exercises.NewState(kind, cfg.(json.RawMessage))
	}
	var firstErr error
	var cfgs []json.RawMessage
	for _, a := range exercises.Builtin().Activities() {
		if a.Template == kind {
			cfgs = append(cfgs, a.Config)
		}
	}
	for _, cfg := range append(cfgs, nil, json.RawMessage(`{"owner":{"id":"p1","kind":"participant","name":"王芳"}}`)) {
		s, err := exercises.NewState(kind, cfg)
		if err == nil {
			fuzzConfigs.Store(kind, cfg)
			return s, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

// FuzzOperations applies a random sequence of operations to a board of every
// registered kind and checks the promises every kind makes: a refused
// operation leaves the state unchanged and says why with an OpError; an
// applied one is described exactly by its changes (applied generically, as
// clients do); the state survives encoding and decoding (the database).
//
// Input: one operation per line; a line's first byte picks the operation
// among the kind's Ops, its second byte the actor (trainer, two members of
// group g1, a member of g2, or g2 visiting during a gallery walk), and the
// rest is the operation's fields as a JSON object (its "kind" is set from
// the first byte).
func FuzzOperations(f *testing.F) {
	for _, seed := range operationSeeds {
		f.Add(seed)
	}
	kinds := exercises.Kinds()
	f.Fuzz(func(t *testing.T, input string) {
		lines := strings.Split(input, "\n")
		if len(lines) > 64 {
			lines = lines[:64]
		}
		for _, kind := range kinds {
			if only := os.Getenv("FUZZ_KIND"); only != "" && only != kind {
				continue
			}
			k, _ := exercises.Lookup(kind)
			s, err := fuzzState(kind)
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			for seq, line := range lines {
				if len(line) < 2 {
					continue
				}
				opKind := k.Ops[int(line[0])%len(k.Ops)]
				a := int(line[1]) % (len(fuzzActors) + 1)
				ctx := &exercises.Context{Seq: int64(seq + 1), Now: fuzzNow.Add(time.Duration(seq) * time.Minute)}
				if a == len(fuzzActors) {
					ctx.Actor, ctx.Visiting = fuzzActors[3], true
				} else {
					ctx.Actor = fuzzActors[a]
				}
				if k.NeedsRoom {
					ctx.Room = fuzzRoom
				}
				fields := map[string]json.RawMessage{}
				if json.Unmarshal([]byte(line[2:]), &fields) != nil {
					fields = map[string]json.RawMessage{}
				}
				fields["kind"], _ = json.Marshal(opKind)
				body, _ := json.Marshal(fields)
				checkOne(t, kind, s, exercises.Operation{Kind: opKind, Body: body}, ctx)
			}
		}
	})
}

func checkOne(t *testing.T, kind string, s exercises.State, op exercises.Operation, ctx *exercises.Context) {
	t.Helper()
	before, err := json.Marshal(s)
	if err != nil {
		t.Fatalf("%s: state does not encode: %v", kind, err)
	}
	changes, err := exercises.Apply(s, op, ctx)
	after, merr := json.Marshal(s)
	if merr != nil {
		t.Fatalf("%s after %s: state does not encode: %v", kind, op.Body, merr)
	}
	if err != nil {
		if _, ok := exercises.AsOpError(err); !ok {
			t.Fatalf("%s: %s refused with %T %v, want an OpError", kind, op.Body, err, err)
		}
		if !bytes.Equal(before, after) {
			t.Fatalf("%s: %s refused (%v) but changed the state:\nbefore %s\nafter  %s", kind, op.Body, err, before, after)
		}
		return
	}
	if err := exercises.CheckChanges(kind, before, after, changes); err != nil {
		t.Fatalf("%s: %s: %v", kind, op.Body, err)
	}
}

// operationSeeds are plausible sessions: the same fields reach every kind
// (each picks the operation its own Ops list has at the first byte), so the
// fuzzer starts from payloads that some kinds accept.
var operationSeeds = func() []string {
	fields := []string{
		`{"id":"n1","lane":"setting","text":"<script>alert(1)</script>","title":"标题","name":"甲"}`,
		`{"id":"n1","text":"改过","value":"42","field":"title","column":"c1","row":"r1"}`,
		`{"id":"r1","after":"","index":0,"to":1,"item":"n1","target":"n1"}`,
		`{"option":"a","choices":["a"],"choice":"a","item":"n1"}`,
		`{"activity":"1.1","seconds":60,"groups":["g1"],"block":"b2","day":1,"position":0}`,
		`{"amount_minor":100000000,"fiscal_year":2027,"currency":"CNY","weight":1}`,
		`{"criterion":"opening","score":3,"attempt":"a1"}`,
		`{"text":"` + strings.Repeat("长", 300) + `"}`,
		`{"id":"","text":"","value":null}`,
		`{"id":"n2","text":"\u0000\u202e","lane":"nope","index":-1,"to":1e300}`,
	}
	var seeds []string
	for i := range 24 {
		var sb strings.Builder
		for j := range 8 {
			fmt.Fprintf(&sb, "%c%c%s\n", rune('0'+(i+j*7)%40), rune('0'+(i+j)%5), fields[(i*3+j)%len(fields)])
		}
		seeds = append(seeds, sb.String())
	}
	return seeds
}()
