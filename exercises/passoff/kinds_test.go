package passoff

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"playbook/exercises"
	"playbook/playbook"
)

// world drives a round and its judges' sheets through operations, checking
// after each one the promises every kind makes, extended to linked boards:
// a refused operation leaves every board unchanged, and an applied one is
// described exactly by its changes — on its own board and on each linked
// board it touched; linked boards it did not record changes on are untouched.
type world struct {
	t      *testing.T
	order  []string
	kinds  map[string]string
	states map[string]exercises.State
	scopes map[string]string
	room   *exercises.Room
	seq    int64
	// recorded keeps every change each board received, to check what
	// subscribers of a board could ever have seen.
	recorded map[string][]exercises.Change
}

var (
	trainerActor = exercises.Actor{Kind: exercises.RoleTrainer, ID: "tr", Name: "李老师"}
	wangFang     = exercises.Actor{Kind: exercises.RoleParticipant, ID: "p1", Name: "王芳", Group: "g1"}
	zhangWei     = exercises.Actor{Kind: exercises.RoleParticipant, ID: "p2", Name: "张伟", Group: "g1"}
	liuYang      = exercises.Actor{Kind: exercises.RoleParticipant, ID: "p3", Name: "刘洋", Group: "g2"}
)

func newWorld(t *testing.T) *world {
	w := &world{t: t, kinds: map[string]string{}, states: map[string]exercises.State{}, scopes: map[string]string{},
		recorded: map[string][]exercises.Change{}}
	w.room = &exercises.Room{
		Groups:     map[string]bool{"g1": true, "g2": true},
		GroupNames: map[string]string{"g1": "第1组", "g2": "第2组"},
		People: map[string]exercises.Person{
			"tr": {Kind: exercises.RoleTrainer, Name: "李老师"},
			"p1": {Kind: exercises.RoleParticipant, Name: "王芳", Group: "g1"},
			"p2": {Kind: exercises.RoleParticipant, Name: "张伟", Group: "g1"},
			"p3": {Kind: exercises.RoleParticipant, Name: "刘洋", Group: "g2"},
		},
	}
	round, err := exercises.NewState(RoundKind, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.add("R", RoundKind, "w", round)
	for _, a := range []exercises.Actor{trainerActor, wangFang, zhangWei, liuYang} {
		cfg, _ := json.Marshal(SheetConfig{Owner: Person{ID: a.ID, Kind: a.Kind, Name: a.Name}})
		sh, err := exercises.NewState(SheetKind, cfg)
		if err != nil {
			t.Fatal(err)
		}
		w.add("S-"+a.ID, SheetKind, "p:"+a.ID, sh)
	}
	return w
}

func (w *world) add(id, kind, scope string, st exercises.State) {
	w.order = append(w.order, id)
	w.kinds[id], w.scopes[id], w.states[id] = kind, scope, st
}

func (w *world) round() *RoundState { return w.states["R"].(*RoundState) }

func (w *world) sheet(id string) *SheetState { return w.states["S-"+id].(*SheetState) }

func (w *world) snapshot() map[string][]byte {
	out := map[string][]byte{}
	for id, st := range w.states {
		out[id] = mustJSON(w.t, st)
	}
	return out
}

func (w *world) apply(board string, actor exercises.Actor, op string) error {
	w.t.Helper()
	var o exercises.Operation
	if err := json.Unmarshal([]byte(op), &o); err != nil {
		w.t.Fatalf("test operation %s: %v", op, err)
	}
	kind, _ := exercises.Lookup(w.kinds[board])
	before := w.snapshot()
	w.seq++
	ctx := &exercises.Context{Actor: actor, Seq: w.seq, Now: time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)}
	if kind.NeedsRoom {
		ctx.Room = w.room
	}
	if kind.Linked != nil && kind.Linked(o) {
		ctx.Linked = []*exercises.LinkedBoard{}
		for _, id := range w.order {
			if id != board {
				ctx.Linked = append(ctx.Linked, &exercises.LinkedBoard{ID: id, Scope: w.scopes[id], Kind: w.kinds[id], State: w.states[id]})
			}
		}
	}
	changes, err := w.states[board].Apply(o, ctx)
	after := w.snapshot()
	if err != nil {
		for id := range before {
			if !bytes.Equal(before[id], after[id]) {
				w.t.Fatalf("%s refused (%v) but changed board %s:\nbefore %s\nafter  %s", op, err, id, before[id], after[id])
			}
		}
		if _, ok := exercises.AsOpError(err); !ok {
			w.t.Fatalf("%s refused with %T %v, want an *OpError", op, err, err)
		}
		return err
	}
	check := func(id string, chs []exercises.Change) {
		if err := exercises.CheckChanges(w.kinds[id], before[id], after[id], chs); err != nil {
			w.t.Fatalf("%s, board %s: %v", op, id, err)
		}
		w.recorded[id] = append(w.recorded[id], chs...)
	}
	check(board, changes)
	touched := map[string]bool{board: true}
	for _, l := range ctx.Linked {
		if len(l.Changes) > 0 {
			touched[l.ID] = true
			check(l.ID, l.Changes)
		}
	}
	for id := range before {
		if !touched[id] && !bytes.Equal(before[id], after[id]) {
			w.t.Fatalf("%s changed board %s without recording it", op, id)
		}
	}
	return nil
}

func (w *world) must(board string, actor exercises.Actor, op string) {
	w.t.Helper()
	if err := w.apply(board, actor, op); err != nil {
		w.t.Fatalf("%s: %v", op, err)
	}
}

func (w *world) refused(board string, actor exercises.Actor, op, code, message string) {
	w.t.Helper()
	err := w.apply(board, actor, op)
	if err == nil {
		w.t.Fatalf("%s was applied; want refusal %s", op, code)
	}
	oe, _ := exercises.AsOpError(err)
	if oe.Code != code || !strings.Contains(oe.Message, message) {
		w.t.Fatalf("%s refused with %s %q; want %s containing %q", op, oe.Code, oe.Message, code, message)
	}
}

// scoreAll has a judge score every criterion with the five levels given (in
// the default rubric's order) and submit.
func (w *world) scoreAll(judge exercises.Actor, attempt string, levels [5]int) {
	w.t.Helper()
	for i, c := range DefaultRubric().CriterionIDs() {
		w.must("S-"+judge.ID, judge, `{"kind":"score.set","attempt":"`+attempt+`","criterion":"`+c+`","score":`+itoa(levels[i])+`}`)
	}
	w.must("S-"+judge.ID, judge, `{"kind":"sheet.submit","attempt":"`+attempt+`"}`)
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRoundScoresStayHiddenUntilTheReveal(t *testing.T) {
	w := newWorld(t)
	w.must("R", trainerActor, `{"kind":"judges.set","judges":["tr","p2","p1"]}`)
	if !w.sheet("p1").Judge || w.sheet("p3").Judge || w.round().Judges[0].Sheet != "S-tr" {
		t.Fatalf("judges %+v", w.round().Judges)
	}
	w.must("R", trainerActor, `{"kind":"scenario.set","title":"电梯维保续约拜访","brief":"客户的物业经理对价格不满。"}`)
	w.must("R", trainerActor, `{"kind":"queue.add","performers":["p1","p3","p1"]}`)
	if len(w.round().Queue) != 2 {
		t.Fatalf("queue %+v", w.round().Queue)
	}
	w.must("R", trainerActor, `{"kind":"attempt.start","seconds":300}`)
	r := w.round()
	a1 := r.Attempts["a1"]
	if r.Current.Attempt != "a1" || a1.Performer != "p1" || a1.Name != "王芳" || a1.GroupName != "第1组" || a1.Try != 1 ||
		r.Current.Deadline != "2026-12-02T14:05:00Z" || len(r.Queue) != 1 || a1.Scenario.Title != "电梯维保续约拜访" {
		t.Fatalf("attempt %+v current %+v", a1, r.Current)
	}
	// 王芳 performs: she judges, but not herself. Her panel is the trainer and 张伟.
	if len(a1.Panel) != 2 || !w.sheet("p1").Current.Self || w.sheet("p2").Current.Self || w.sheet("p3").Current != nil {
		t.Fatalf("panel %+v", a1.Panel)
	}
	w.refused("S-p1", wangFang, `{"kind":"score.set","attempt":"a1","criterion":"opening","score":5}`, "forbidden", "your own performance")
	w.refused("S-p3", liuYang, `{"kind":"score.set","attempt":"a1","criterion":"opening","score":5}`, "forbidden", "not a judge")
	w.refused("S-tr", wangFang, `{"kind":"score.set","attempt":"a1","criterion":"opening","score":5}`, "forbidden", "another judge")
	w.refused("S-tr", trainerActor, `{"kind":"score.set","attempt":"a1","criterion":"opening","score":6}`, "invalid_op", "outside the scale")
	w.refused("S-tr", trainerActor, `{"kind":"score.set","attempt":"a1","criterion":"opening","score":0}`, "invalid_op", "outside the scale")
	w.refused("S-tr", trainerActor, `{"kind":"score.set","attempt":"a1","criterion":"charm","score":5}`, "invalid_op", "no criterion")
	w.refused("S-tr", trainerActor, `{"kind":"score.set","attempt":"a9","criterion":"opening","score":5}`, "conflict", "not being judged")
	w.refused("S-tr", trainerActor, `{"kind":"score.set","attempt":"a1","criterion":"opening","score":"5"}`, "invalid_op", "")
	w.refused("S-tr", trainerActor, `{"kind":"sheet.submit","attempt":"a1"}`, "invalid_op", "missing: opening")
	w.refused("R", trainerActor, `{"kind":"reveal"}`, "conflict", "no judge has submitted")
	w.refused("R", zhangWei, `{"kind":"reveal"}`, "forbidden", "trainers")

	w.scoreAll(trainerActor, "a1", [5]int{4, 2, 4, 4, 4})
	w.must("S-p2", zhangWei, `{"kind":"score.set","attempt":"a1","criterion":"opening","score":3}`)
	w.must("S-p2", zhangWei, `{"kind":"score.clear","attempt":"a1","criterion":"opening"}`)
	w.scoreAll(zhangWei, "a1", [5]int{4, 2, 5, 4, 4})
	if r.Current.Submitted["tr"] != true || r.Current.Submitted["p2"] != true || len(r.Current.Submitted) != 2 {
		t.Fatalf("submitted %v", r.Current.Submitted)
	}
	w.refused("S-p2", zhangWei, `{"kind":"score.set","attempt":"a1","criterion":"opening","score":5}`, "conflict", "reopen")
	// Until now, the round — what everyone else sees — holds no score.
	for _, ch := range w.recorded["R"] {
		raw, _ := json.Marshal(ch)
		if strings.Contains(string(raw), `"scores"`) || strings.Contains(string(raw), `"result"`) {
			t.Fatalf("a score reached the round before the reveal: %s", raw)
		}
	}
	if a1.Scores != nil || a1.Result != nil {
		t.Fatal("scores on the round before the reveal")
	}

	w.must("R", trainerActor, `{"kind":"reveal"}`)
	// Discovery 2 (must-pass at 3): 王芳 fails at 15·4 + 25·2 + 25·4.5 + 20·4 + 15·4 = 362.5 → 72.5%.
	if a1.Status != StatusRevealed || a1.Result.Passed || a1.Result.Percent != 72.5 || a1.Result.MustPassFailed[0] != "discovery" ||
		a1.Scores["tr"]["discovery"] != 2 || r.Last != "a1" || r.Current != nil {
		t.Fatalf("revealed %+v %+v", a1, a1.Result)
	}
	// She queues for a retry; the judges' sheets are sealed.
	if q := r.Queue[len(r.Queue)-1]; q.Performer != "p1" || !q.Retry {
		t.Fatalf("queue %+v", r.Queue)
	}
	w.refused("S-tr", trainerActor, `{"kind":"score.set","attempt":"a1","criterion":"opening","score":5}`, "conflict", "revealed")
	w.refused("S-tr", trainerActor, `{"kind":"sheet.reopen","attempt":"a1"}`, "conflict", "revealed")

	// The retry: 刘洋 first (head of the queue), then 王芳 again; every attempt is kept.
	w.must("R", trainerActor, `{"kind":"attempt.start"}`)
	if r.Attempts["a2"].Performer != "p3" || r.Current.Deadline != "" {
		t.Fatalf("a2 %+v", r.Attempts["a2"])
	}
	w.scoreAll(trainerActor, "a2", [5]int{3, 3, 3, 3, 3})
	w.must("R", trainerActor, `{"kind":"reveal"}`)
	w.must("R", trainerActor, `{"kind":"attempt.start","performer":"p1"}`)
	a3 := r.Attempts["a3"]
	if a3.Try != 2 || a3.Performer != "p1" {
		t.Fatalf("retry %+v", a3)
	}
	w.scoreAll(trainerActor, "a3", [5]int{4, 4, 4, 4, 4})
	w.scoreAll(zhangWei, "a3", [5]int{4, 3, 4, 4, 4})
	w.must("R", trainerActor, `{"kind":"reveal"}`)
	if !a3.Result.Passed || r.Attempts["a1"].Status != StatusRevealed || len(r.Revealed()) != 3 ||
		slices.ContainsFunc(r.Queue, func(q Queued) bool { return q.Performer == "p1" }) {
		t.Fatalf("after retry: %+v queue %+v", a3.Result, r.Queue)
	}
	// 刘洋 failed at 60% and waits for his retry.
	if len(r.Queue) != 1 || r.Queue[0].Performer != "p3" || !r.Queue[0].Retry {
		t.Fatalf("queue %+v", r.Queue)
	}
}

func TestSheetSubmitAndReopen(t *testing.T) {
	w := newWorld(t)
	w.must("R", trainerActor, `{"kind":"judges.set","judges":["tr","p2"]}`)
	w.must("R", trainerActor, `{"kind":"queue.add","performers":["p3"]}`)
	w.must("R", trainerActor, `{"kind":"attempt.start","performer":"p3","seconds":60}`)
	w.scoreAll(zhangWei, "a1", [5]int{3, 3, 3, 3, 3})
	w.refused("S-p2", zhangWei, `{"kind":"sheet.submit","attempt":"a1"}`, "conflict", "reopen")
	w.must("S-p2", zhangWei, `{"kind":"sheet.reopen","attempt":"a1"}`)
	if w.round().Current.Submitted["p2"] {
		t.Fatal("reopen left the submitted mark")
	}
	w.must("S-p2", zhangWei, `{"kind":"score.set","attempt":"a1","criterion":"value","score":5}`)
	w.refused("S-p2", zhangWei, `{"kind":"sheet.reopen","attempt":"a1"}`, "conflict", "not submitted")
	// A judge who did not submit is left out of the result.
	w.scoreAll(trainerActor, "a1", [5]int{2, 2, 2, 2, 2})
	w.must("R", trainerActor, `{"kind":"reveal"}`)
	a := w.round().Attempts["a1"]
	if a.Result.Judges != 1 || a.Scores["p2"] != nil {
		t.Fatalf("result %+v scores %v", a.Result, a.Scores)
	}
}

func TestRoundTimerCancelAndPanelRules(t *testing.T) {
	w := newWorld(t)
	w.refused("R", trainerActor, `{"kind":"attempt.start","performer":"p1"}`, "conflict", "judges first")
	w.refused("R", trainerActor, `{"kind":"judges.set","judges":["nobody"]}`, "not_found", "no participant or trainer")
	w.must("R", trainerActor, `{"kind":"judges.set","judges":["p1"]}`)
	// The only judge cannot be judged.
	w.refused("R", trainerActor, `{"kind":"attempt.start","performer":"p1"}`, "conflict", "only judge")
	w.refused("R", trainerActor, `{"kind":"attempt.start"}`, "conflict", "queue is empty")
	w.refused("R", trainerActor, `{"kind":"attempt.start","performer":"tr"}`, "not_found", "no participant")
	w.refused("R", trainerActor, `{"kind":"attempt.start","performer":"p2","seconds":4000}`, "invalid_op", "3600")
	w.must("R", trainerActor, `{"kind":"queue.add","performers":["p2","p3"]}`)
	w.must("R", trainerActor, `{"kind":"queue.move","performer":"p3","to":0}`)
	w.refused("R", trainerActor, `{"kind":"queue.move","performer":"p3","to":5}`, "invalid_op", "position")
	w.must("R", trainerActor, `{"kind":"attempt.start","seconds":120}`)
	if w.round().Attempts["a1"].Performer != "p3" {
		t.Fatal("queue order not followed")
	}
	w.refused("R", trainerActor, `{"kind":"judges.set","judges":["tr"]}`, "conflict", "being judged")
	w.refused("R", trainerActor, `{"kind":"attempt.start","performer":"p2"}`, "conflict", "being judged")
	w.must("R", trainerActor, `{"kind":"timer.set","seconds":30}`)
	if w.round().Current.Deadline != "2026-12-02T14:00:30Z" {
		t.Fatalf("deadline %s", w.round().Current.Deadline)
	}
	w.must("S-p1", wangFang, `{"kind":"score.set","attempt":"a1","criterion":"opening","score":4}`)
	w.must("R", trainerActor, `{"kind":"attempt.cancel"}`)
	r := w.round()
	if r.Current != nil || r.Attempts["a1"].Status != StatusCancelled || r.Queue[0].Performer != "p3" || w.sheet("p1").Current != nil || len(w.sheet("p1").Scores) != 0 {
		t.Fatalf("after cancel %+v sheet %+v", r, w.sheet("p1"))
	}
	w.refused("R", trainerActor, `{"kind":"timer.set","seconds":30}`, "conflict", "no performance")
	w.must("R", trainerActor, `{"kind":"queue.remove","performer":"p2"}`)
	w.refused("R", trainerActor, `{"kind":"queue.remove","performer":"p2"}`, "not_found", "not in the queue")
	// A cancelled attempt does not count as a try.
	w.must("R", trainerActor, `{"kind":"attempt.start"}`)
	if a := r.Attempts["a2"]; a.Try != 1 || a.Number != 2 {
		t.Fatalf("a2 %+v", a)
	}
	w.refused("R", trainerActor, `{"kind":"dance"}`, "invalid_op", "no operation")
}

func TestCalibrationRoundFlagsJudges(t *testing.T) {
	w := newWorld(t)
	w.must("R", trainerActor, `{"kind":"judges.set","judges":["tr","p1","p2","p3"]}`)
	w.must("R", trainerActor, `{"kind":"calibration.start","title":"示范录像：续约拜访"}`)
	a := w.round().Attempts["a1"]
	if !a.Calibration || a.Performer != "" || len(a.Panel) != 4 || a.Try != 0 || w.sheet("p1").Current.Self {
		t.Fatalf("demo %+v", a)
	}
	w.scoreAll(trainerActor, "a1", [5]int{3, 3, 4, 3, 3})
	w.scoreAll(wangFang, "a1", [5]int{3, 3, 4, 3, 3})
	w.scoreAll(zhangWei, "a1", [5]int{3, 3, 4, 3, 3})
	w.scoreAll(liuYang, "a1", [5]int{5, 3, 2, 3, 3})
	w.must("R", trainerActor, `{"kind":"reveal"}`)
	cal := a.Calibrated
	if cal == nil || cal.Flagged != 1 || cal.Judges[0].Judge != "p3" || !cal.Judges[0].Flagged {
		t.Fatalf("calibration %+v", cal)
	}
	// A demo never queues anyone, and the rubric may still change after it.
	if len(w.round().Queue) != 0 {
		t.Fatal("demo queued")
	}
	r := DefaultRubric()
	r.Criteria[0].Anchors[0].ZH = "完全没有开场。"
	raw, _ := json.Marshal(map[string]any{"kind": "rubric.set", "rubric": r})
	w.must("R", trainerActor, string(raw))
}

func TestRubricIsFixedOnceLiveScoringStarts(t *testing.T) {
	w := newWorld(t)
	bad := DefaultRubric()
	bad.Criteria[0].Weight = 10
	raw, _ := json.Marshal(map[string]any{"kind": "rubric.set", "rubric": bad})
	w.refused("R", trainerActor, string(raw), "invalid_op", "add up to 95")
	three := DefaultRubric()
	three.Scale = Scale{1, 3}
	for i := range three.Criteria {
		three.Criteria[i].Anchors = three.Criteria[i].Anchors[:3]
		three.Criteria[i].MinLevel = nil
	}
	raw, _ = json.Marshal(map[string]any{"kind": "rubric.set", "rubric": three})
	w.must("R", trainerActor, string(raw))
	w.must("R", trainerActor, `{"kind":"judges.set","judges":["tr"]}`)
	if sh := w.sheet("tr"); sh.Scale.Max != 3 || len(sh.Criteria) != 5 {
		t.Fatalf("sheet scale %+v", sh.Scale)
	}
	w.must("R", trainerActor, `{"kind":"queue.add","performers":["p1"]}`)
	w.must("R", trainerActor, `{"kind":"attempt.start"}`)
	w.refused("S-tr", trainerActor, `{"kind":"score.set","attempt":"a1","criterion":"opening","score":4}`, "invalid_op", "from 1 to 3")
	w.refused("R", trainerActor, string(raw), "conflict", "being judged")
	w.must("S-tr", trainerActor, `{"kind":"score.set","attempt":"a1","criterion":"opening","score":3}`)
	w.must("R", trainerActor, `{"kind":"attempt.cancel"}`)
	w.must("R", trainerActor, `{"kind":"attempt.start"}`)
	for _, c := range three.CriterionIDs() {
		w.must("S-tr", trainerActor, `{"kind":"score.set","attempt":"a2","criterion":"`+c+`","score":3}`)
	}
	w.must("S-tr", trainerActor, `{"kind":"sheet.submit","attempt":"a2"}`)
	w.must("R", trainerActor, `{"kind":"reveal"}`)
	w.refused("R", trainerActor, string(raw), "conflict", "fixed for the round")
}

func TestImportPaperScores(t *testing.T) {
	w := newWorld(t)
	perfs, err := ReadSheet(DefaultRubric(), strings.NewReader("学员,评委,评分项,分数,小组\n"+
		"王芳,赵老师,开场破冰,4,第1组\n王芳,赵老师,需求挖掘,4,第1组\n王芳,赵老师,方案呈现,4,第1组\n王芳,赵老师,异议处理,4,第1组\n王芳,赵老师,促成与跟进,4,第1组\n"+
		"路人甲,赵老师,开场破冰,2,\n路人甲,赵老师,需求挖掘,2,\n路人甲,赵老师,方案呈现,2,\n路人甲,赵老师,异议处理,2,\n路人甲,赵老师,促成与跟进,2,\n"))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(map[string]any{"kind": "attempts.import", "performances": ImportOf(perfs)})
	w.must("R", trainerActor, string(raw))
	r := w.round()
	a1, a2 := r.Attempts["a1"], r.Attempts["a2"]
	if !a1.Imported || a1.Performer != "p1" || a1.Group != "g1" || !a1.Result.Passed || a1.Panel[0].Name != "赵老师" {
		t.Fatalf("王芳 %+v", a1)
	}
	if a2.Performer != PaperPrefix+"路人甲" || a2.Result.Passed || a2.Status != StatusRevealed {
		t.Fatalf("路人甲 %+v", a2)
	}
	w.refused("R", trainerActor, `{"kind":"attempts.import","performances":[{"name":"x","try":1,"ratings":{"赵老师":{"opening":9}}}]}`, "invalid_op", "x:")
	w.refused("R", trainerActor, `{"kind":"attempts.import","performances":[]}`, "invalid_op", "nothing")
}

func TestLedgerCertificatesAndPlaybookResults(t *testing.T) {
	w := newWorld(t)
	w.must("R", trainerActor, `{"kind":"judges.set","judges":["tr","p2"]}`)
	w.must("R", trainerActor, `{"kind":"scenario.set","title":"续约谈判"}`)
	w.must("R", trainerActor, `{"kind":"calibration.start"}`)
	w.scoreAll(trainerActor, "a1", [5]int{3, 3, 3, 3, 3})
	w.must("R", trainerActor, `{"kind":"reveal"}`)
	w.must("R", trainerActor, `{"kind":"queue.add","performers":["p1","p3"]}`)
	for _, levels := range [][5]int{{2, 2, 2, 2, 2}, {4, 4, 4, 4, 4}, {4, 4, 4, 4, 5}} { // 王芳 fails, 刘洋 passes, 王芳 passes
		w.must("R", trainerActor, `{"kind":"attempt.start"}`)
		id := w.round().Current.Attempt
		w.scoreAll(trainerActor, id, levels)
		w.scoreAll(zhangWei, id, levels)
		w.must("R", trainerActor, `{"kind":"reveal"}`)
	}
	names := Names{People: map[string]string{"tr": "李老师", "p2": "张伟"}, Groups: map[string]string{"g1": "远航组"}}
	l, err := NewLedger(w.round(), names, time.FixedZone("CST", 8*3600))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Rows) != 3 || l.Rows[0].Group != "远航组" || l.Rows[1].Group != "第2组" || l.Rows[0].Date != "2026-12-02" {
		t.Fatalf("rows %+v", l.Rows)
	}
	passes := l.Passes()
	if len(passes) != 2 || passes[0].Attempt.Name != "刘洋" || passes[1].Attempt.Try != 2 {
		t.Fatalf("passes %+v", passes)
	}
	pr := l.PlaybookResults("zh-CN")
	if pr.ThresholdPct != 70 || len(pr.Criteria) != 5 || pr.Criteria[1].Name != "需求挖掘" || !pr.Criteria[1].MustPass ||
		len(pr.Attempts) != 3 || pr.Attempts[0].Person != "王芳" || pr.Attempts[0].Passed || pr.Attempts[2].Attempt != 2 ||
		pr.Attempts[0].Scenario != "续约谈判" || len(pr.Raters) != 2 || pr.Raters[0].Rater != "张伟" {
		t.Fatalf("results %+v", pr)
	}
	p := playbook.New(playbook.Company{Name: "华东电梯服务有限公司", Industry: "电梯维保", Currency: "CNY", FiscalYearStart: 1})
	p.PassoffResults = pr
	for _, prob := range p.Validate() {
		if strings.HasPrefix(prob.Path, "$.passoff_results") {
			t.Errorf("playbook refuses the results: %v", prob)
		}
	}
	if cal := w.round().LatestCalibration(); cal == nil || cal.ID != "a1" {
		t.Fatalf("calibration %+v", cal)
	}
}
