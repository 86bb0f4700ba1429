package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"playbook/exercises/passoff"
	"playbook/server/servertest"
)

// recorder keeps every frame one websocket client receives, from a reader of
// its own, so a test can both wait for frames and, at the end, inspect all of
// them.
type recorder struct {
	t     *testing.T
	who   string // the person, for messages
	id    string // the person's id
	ws    *servertest.WS
	mu    sync.Mutex
	recvd []frame
	done  chan struct{}
}

type frame struct {
	at  time.Time
	raw []byte
	msg map[string]any
}

func record(t *testing.T, who, id string, ws *servertest.WS) *recorder {
	r := &recorder{t: t, who: who, id: id, ws: ws, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		for {
			_, data, err := ws.Conn.ReadMessage()
			if err != nil {
				return
			}
			var m map[string]any
			json.Unmarshal(data, &m)
			r.mu.Lock()
			r.recvd = append(r.recvd, frame{at: time.Now(), raw: data, msg: m})
			r.mu.Unlock()
		}
	}()
	return r
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.recvd)
}

func (r *recorder) frames() []frame {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]frame(nil), r.recvd...)
}

// wait returns the first frame from index from on that matches.
func (r *recorder) wait(from int, what string, match func(m map[string]any) bool) frame {
	r.t.Helper()
	_, f := r.waitIndex(from, what, match)
	return f
}

// waitIndex is wait that also says where the frame is in the record.
func (r *recorder) waitIndex(from int, what string, match func(m map[string]any) bool) (int, frame) {
	r.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		fs := r.frames()
		for i := min(from, len(fs)); i < len(fs); i++ {
			if match(fs[i].msg) {
				return i, fs[i]
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	r.t.Fatalf("%s never received %s", r.who, what)
	return 0, frame{}
}

func (r *recorder) subscribe(board string) {
	r.t.Helper()
	from := r.count()
	r.ws.Send(map[string]any{"type": "subscribe", "board": board})
	f := r.wait(from, "subscribed "+board, func(m map[string]any) bool {
		return (m["type"] == "subscribed" || m["type"] == "error") && m["board"] == board
	})
	if f.msg["type"] == "error" {
		r.t.Fatalf("%s cannot subscribe to %s: %v", r.who, board, f.msg)
	}
}

var opCounter int

// op sends an operation and returns its ack or error frame.
func (r *recorder) op(board string, op map[string]any) map[string]any {
	r.t.Helper()
	opCounter++
	id := fmt.Sprintf("op-%d", opCounter)
	from := r.count()
	r.ws.Send(map[string]any{"type": "op", "board": board, "id": id, "op": op})
	return r.wait(from, "the answer to "+id, func(m map[string]any) bool {
		return (m["type"] == "ack" || m["type"] == "error") && m["id"] == id
	}).msg
}

func (r *recorder) must(board string, op map[string]any) map[string]any {
	r.t.Helper()
	m := r.op(board, op)
	if m["type"] != "ack" {
		r.t.Fatalf("%s: %v refused: %v", r.who, op, m)
	}
	return m
}

func (r *recorder) refused(board string, op map[string]any, code, message string) {
	r.t.Helper()
	m := r.op(board, op)
	if m["type"] != "error" || m["code"] != code || !strings.Contains(fmt.Sprint(m["message"]), message) {
		r.t.Fatalf("%s: %v answered %v; want %s containing %q", r.who, op, m, code, message)
	}
}

// judgeOf is one judge in the test: their recorder and score sheet.
type judgeOf struct {
	*recorder
	sheet string
}

func (j judgeOf) score(attempt string, levels [5]int) {
	j.t.Helper()
	for i, c := range passoff.DefaultRubric().CriterionIDs() {
		j.must(j.sheet, map[string]any{"kind": "score.set", "attempt": attempt, "criterion": c, "score": levels[i]})
	}
	j.must(j.sheet, map[string]any{"kind": "sheet.submit", "attempt": attempt})
}

// scoreKeys are the keys under which scores travel; before a reveal none of
// them may appear in any frame a client receives about a board that is not
// their own sheet — as an object key, or as an element of a change's path.
var scoreKeys = map[string]bool{"score": true, "scores": true, "result": true, "ratings": true, "calibrated": true}

// criterionIDs catch a score under any name: an object mapping a criterion
// to a number is a score sheet, whatever it is called.
var criterionIDs = map[string]bool{}

func init() {
	for _, id := range passoff.DefaultRubric().CriterionIDs() {
		criterionIDs[id] = true
	}
}

func findScoreKey(v any) string {
	switch x := v.(type) {
	case map[string]any:
		if path, ok := x["path"].([]any); ok { // a change: {"path": [...], "value": ...}
			for _, el := range path {
				if s, _ := el.(string); scoreKeys[s] {
					return "path element " + s
				}
			}
			if len(path) > 0 {
				// A number set under a criterion's key is a score.
				if last, _ := path[len(path)-1].(string); criterionIDs[last] {
					if _, isNum := x["value"].(float64); isNum {
						return "a number under criterion " + last
					}
				}
			}
			return findScoreKey(x["value"])
		}
		for k, child := range x {
			if _, isNum := child.(float64); isNum && criterionIDs[k] {
				return "criterion " + k + " with a number"
			}
			if scoreKeys[k] {
				if m, ok := child.(map[string]any); ok && len(m) == 0 {
					continue // an empty map carries nothing
				}
				return k
			}
			if found := findScoreKey(child); found != "" {
				return found
			}
		}
	case []any:
		for _, child := range x {
			if found := findScoreKey(child); found != "" {
				return found
			}
		}
	}
	return ""
}

type passoffRound struct {
	srv         *servertest.Server
	trainer     *servertest.Client
	ws          *servertest.Workshop
	trainerID   string
	round       string
	console     judgeOf // the trainer's console, also a judge
	projector   *recorder
	wang, zhang judgeOf   // participant judges
	liu, chen   *recorder // 刘洋 performs; 陈静 only watches
	ids         map[string]string
	sheetOwner  map[string]string // sheet board → owner id
}

func newPassoffRound(t *testing.T, srv *servertest.Server) *passoffRound {
	tr := srv.Trainer("李老师", "li@example.com")
	w := tr.CreateWorkshop(2)
	pr := &passoffRound{srv: srv, trainer: tr, ws: w, ids: map[string]string{}, sheetOwner: map[string]string{}}
	var info struct {
		RoundBoard string              `json:"round_board"`
		SheetBoard string              `json:"sheet_board"`
		Trainer    struct{ ID string } `json:"trainer"`
	}
	tr.Must(200, "GET", "/api/workshops/"+w.ID+"/passoff/6.passoff", nil, &info)
	pr.round, pr.trainerID = info.RoundBoard, info.Trainer.ID
	pr.sheetOwner[info.SheetBoard] = pr.trainerID

	people := map[string]*servertest.Client{}
	for _, p := range []struct{ name, group string }{{"王芳", w.Groups[0].ID}, {"张伟", w.Groups[0].ID}, {"刘洋", w.Groups[1].ID}, {"陈静", w.Groups[1].ID}} {
		c, view := srv.Join(w.JoinCode, p.name, p.group)
		people[p.name], pr.ids[p.name] = c, view.Participant.ID
	}
	var judged struct {
		Judges []struct {
			ID, Sheet string
		} `json:"judges"`
	}
	tr.Must(200, "PUT", "/api/workshops/"+w.ID+"/passoff/6.passoff/judges",
		map[string]any{"judges": []string{pr.trainerID, pr.ids["王芳"], pr.ids["张伟"]}}, &judged)
	if len(judged.Judges) != 3 || judged.Judges[0].Sheet != info.SheetBoard {
		t.Fatalf("judges %+v", judged)
	}
	// The room's agenda is at the pass-off, so participants may write.
	tws := tr.Dial(w.ID, "trainer")
	tws.Op(w.ControlBoard, "to-passoff", map[string]any{"kind": "now.set", "activity": "6.passoff"})

	pr.console = judgeOf{record(t, "the console", pr.trainerID, tws), info.SheetBoard}
	pr.console.subscribe(pr.round)
	pr.console.subscribe(info.SheetBoard)
	pr.projector = record(t, "the projector", pr.trainerID, tr.Dial(w.ID, "trainer"))
	pr.projector.subscribe(pr.round)
	for _, name := range []string{"王芳", "张伟"} {
		var view struct {
			Boards         map[string]string `json:"boards"`
			WorkshopBoards map[string]string `json:"workshop_boards"`
		}
		people[name].Must(200, "GET", "/api/p/"+w.ID, nil, &view)
		if view.WorkshopBoards["6.passoff"] != pr.round || view.Boards["6.passoff"] == "" {
			t.Fatalf("%s's view %+v", name, view)
		}
		j := judgeOf{record(t, name, pr.ids[name], people[name].Dial(w.ID, "participant")), view.Boards["6.passoff"]}
		pr.sheetOwner[j.sheet] = pr.ids[name]
		j.subscribe(pr.round)
		j.subscribe(j.sheet)
		if name == "王芳" {
			pr.wang = j
		} else {
			pr.zhang = j
		}
	}
	pr.liu = record(t, "刘洋", pr.ids["刘洋"], people["刘洋"].Dial(w.ID, "participant"))
	pr.liu.subscribe(pr.round)
	pr.chen = record(t, "陈静", pr.ids["陈静"], people["陈静"].Dial(w.ID, "participant"))
	pr.chen.subscribe(pr.round)
	return pr
}

func (pr *passoffRound) everyone() []*recorder {
	return []*recorder{pr.console.recorder, pr.projector, pr.wang.recorder, pr.zhang.recorder, pr.liu, pr.chen}
}

// checkNothingLeaked inspects every frame every client received before the
// reveal at cut (per client, the number of frames received before the
// reveal's op reached it): no frame about someone else's sheet, and no
// score-bearing key on any board but the receiver's own sheet.
func (pr *passoffRound) checkNothingLeaked(t *testing.T, cut map[*recorder]int) {
	t.Helper()
	for _, r := range pr.everyone() {
		for i, f := range r.frames()[:cut[r]] {
			board, _ := f.msg["board"].(string)
			if owner, isSheet := pr.sheetOwner[board]; isSheet && f.msg["type"] != "error" {
				if owner != r.id {
					t.Errorf("%s received frame %d about %s's sheet before the reveal: %s", r.who, i, owner, f.raw)
				}
				continue
			}
			if k := findScoreKey(f.msg); k != "" {
				t.Errorf("%s received %q in frame %d before the reveal: %s", r.who, k, i, f.raw)
			}
		}
	}
}

func TestPassoffRoundLive(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		pr := newPassoffRound(t, srv)
		con := pr.console
		con.must(pr.round, map[string]any{"kind": "scenario.set", "title": "电梯维保合同续约", "brief": "物业经理认为报价太高，想换供应商。"})
		con.must(pr.round, map[string]any{"kind": "queue.add", "performers": []string{pr.ids["刘洋"], pr.ids["王芳"]}})

		// 刘洋 performs first; the trainer, 王芳 and 张伟 judge.
		con.must(pr.round, map[string]any{"kind": "attempt.start", "seconds": 300})
		const a1 = "a1"
		// Refusals, each with its reason.
		pr.zhang.refused(pr.zhang.sheet, map[string]any{"kind": "score.set", "attempt": a1, "criterion": "opening", "score": 6}, "invalid_op", "outside the scale")
		pr.zhang.refused(pr.zhang.sheet, map[string]any{"kind": "score.set", "attempt": a1, "criterion": "charm", "score": 3}, "invalid_op", "no criterion")
		pr.chen.refused(pr.wang.sheet, map[string]any{"kind": "score.set", "attempt": a1, "criterion": "opening", "score": 3}, "forbidden", "private")
		pr.liu.refused(pr.round, map[string]any{"kind": "reveal"}, "forbidden", "")
		pr.chen.ws.Send(map[string]any{"type": "subscribe", "board": pr.wang.sheet})
		pr.chen.wait(0, "a refusal to read 王芳's sheet", func(m map[string]any) bool { return m["type"] == "error" && m["code"] == "forbidden" })

		con.score(a1, [5]int{3, 2, 3, 3, 3})
		pr.wang.score(a1, [5]int{3, 2, 4, 3, 3})
		pr.zhang.score(a1, [5]int{2, 3, 3, 3, 3})
		// The trainer's console sees who submitted, never what.
		con.wait(0, "three submissions", func(m map[string]any) bool {
			if m["type"] != "op" || m["board"] != pr.round {
				return false
			}
			for _, ch := range m["changes"].([]any) {
				path := fmt.Sprint(ch.(map[string]any)["path"])
				if path == "[current submitted "+pr.ids["张伟"]+"]" {
					return true
				}
			}
			return false
		})

		// The reveal, and when each client got it.
		cut := map[*recorder]int{}
		for _, r := range pr.everyone() {
			cut[r] = r.count()
		}
		clicked := time.Now()
		con.must(pr.round, map[string]any{"kind": "reveal"})
		isReveal := func(m map[string]any) bool {
			op, _ := m["op"].(map[string]any)
			return m["type"] == "op" && m["board"] == pr.round && op["kind"] == "reveal"
		}
		shown := pr.projector.wait(cut[pr.projector], "the reveal", isReveal)
		if took := shown.at.Sub(clicked); took > 2*time.Second {
			t.Errorf("the reveal reached the projector %v after the click", took)
		} else {
			t.Logf("reveal on the projector %v after the click", took)
		}
		for _, r := range pr.everyone() {
			cut[r], _ = r.waitIndex(cut[r], "the reveal", isReveal)
		}
		pr.checkNothingLeaked(t, cut)

		// The projector's copy of the result: per-criterion means, total, verdict.
		var result struct {
			Attempts map[string]struct {
				Result passoff.Result `json:"result"`
			} `json:"attempts"`
		}
		tws := pr.trainer.Dial(pr.ws.ID, "trainer")
		msgs := tws.Subscribe(pr.round, -1)
		raw, _ := json.Marshal(msgs[0]["state"])
		json.Unmarshal(raw, &result)
		r1 := result.Attempts[a1].Result
		// Means: opening 2.67, discovery 2.33 (must-pass 3), value 3.33, objections 3, closing 3.
		if r1.Passed || len(r1.Criteria) != 5 || r1.Criteria[1].ID != "discovery" || r1.MustPassFailed[0] != "discovery" || r1.Judges != 3 {
			t.Fatalf("result %+v", r1)
		}
		// After the reveal no score changes.
		pr.zhang.refused(pr.zhang.sheet, map[string]any{"kind": "score.set", "attempt": a1, "criterion": "opening", "score": 5}, "conflict", "revealed")

		// 王芳 performs: she judges but not herself.
		con.must(pr.round, map[string]any{"kind": "attempt.start", "seconds": 300})
		pr.wang.refused(pr.wang.sheet, map[string]any{"kind": "score.set", "attempt": "a2", "criterion": "opening", "score": 5}, "forbidden", "your own performance")
		con.score("a2", [5]int{4, 4, 4, 4, 4})
		pr.zhang.score("a2", [5]int{4, 4, 5, 4, 4})
		con.must(pr.round, map[string]any{"kind": "reveal"})

		// 刘洋 failed and is queued for a retry; he passes the second time.
		con.must(pr.round, map[string]any{"kind": "attempt.start", "seconds": 300})
		con.score("a3", [5]int{4, 4, 4, 4, 4})
		pr.wang.score("a3", [5]int{4, 3, 4, 4, 4})
		pr.zhang.score("a3", [5]int{4, 4, 4, 3, 4})
		con.must(pr.round, map[string]any{"kind": "reveal"})

		var report struct {
			Report struct {
				Performances []struct {
					Name    string `json:"name"`
					Attempt int    `json:"attempt"`
					Result  passoff.Result
				} `json:"performances"`
				Judges []struct {
					Judge     string   `json:"judge"`
					Harshness *float64 `json:"harshness"`
				} `json:"judges"`
				Agreement passoff.Agreement `json:"agreement"`
			} `json:"report"`
		}
		base := "/api/workshops/" + pr.ws.ID + "/passoff/6.passoff"
		pr.trainer.Must(200, "GET", base+"/report", nil, &report)
		ps := report.Report.Performances
		if len(ps) != 3 || ps[0].Name != "刘洋" || ps[0].Result.Passed || ps[2].Name != "刘洋" || ps[2].Attempt != 2 || !ps[2].Result.Passed ||
			!ps[1].Result.Passed || len(report.Report.Judges) != 3 || report.Report.Agreement.Alpha == nil {
			t.Fatalf("report %+v", report.Report)
		}
		var results struct {
			Attempts []struct {
				Person string `json:"person"`
				Passed bool   `json:"passed"`
			} `json:"attempts"`
		}
		pr.trainer.Must(200, "GET", base+"/results", nil, &results)
		if len(results.Attempts) != 3 || results.Attempts[2].Person != "刘洋" || !results.Attempts[2].Passed {
			t.Fatalf("results %+v", results)
		}
		status, body := pr.trainer.Do("GET", base+"/certificates", nil, nil)
		if status != 200 || !strings.Contains(string(body), "刘洋") || !strings.Contains(string(body), "王芳") ||
			strings.Count(string(body), `class="cert"`) != 2 {
			t.Fatalf("certificates %d", status)
		}
		status, body = pr.trainer.Do("GET", base+"/ledger.xlsx", nil, nil)
		if status != 200 || len(body) < 1000 || string(body[:2]) != "PK" {
			t.Fatalf("xlsx %d %d bytes", status, len(body))
		}
	})
}

func TestPassoffCertificatePageUnderCSP(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		w := tr.CreateWorkshop(1)
		req, _ := http.NewRequest("GET", srv.URL+"/api/workshops/"+w.ID+"/passoff/6.passoff/certificates", nil)
		resp, err := tr.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || resp.StatusCode != 200 ||
			!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("%d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), csp)
		}
		c := srv.NewClient()
		status, body := c.Do("GET", "/api/passoff/print.js", nil, nil)
		if status != 200 || !strings.Contains(string(body), "window.print()") {
			t.Fatalf("print.js %d %s", status, body)
		}
		// Not a pass-off activity, another trainer's workshop: not found.
		tr.Must(404, "GET", "/api/workshops/"+w.ID+"/passoff/1.1", nil, nil)
		other := srv.Trainer("王老师", "wang@example.com")
		other.Must(404, "GET", "/api/workshops/"+w.ID+"/passoff/6.passoff/report", nil, nil)
	})
}

func TestPassoffRubricLibrary(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		var list struct {
			Rubrics []struct {
				ID      string          `json:"id"`
				Name    string          `json:"name"`
				Builtin bool            `json:"builtin"`
				Rubric  *passoff.Rubric `json:"rubric"`
			} `json:"rubrics"`
		}
		tr.Must(200, "GET", "/api/passoff/rubrics", nil, &list)
		if len(list.Rubrics) != 1 || !list.Rubrics[0].Builtin || len(list.Rubrics[0].Rubric.Criteria) != 5 {
			t.Fatalf("library %+v", list)
		}
		// Weights that do not add up to 100 cannot be saved.
		bad := passoff.DefaultRubric()
		bad.Criteria[0].Weight = 10
		status, body := tr.Do("POST", "/api/passoff/rubrics", map[string]any{"rubric": bad}, nil)
		if e := errOf(t, body); status != 400 || e.Error.Field != "rubric.criteria" || !strings.Contains(e.Error.Message, "add up to 95") {
			t.Fatalf("bad weights: %d %s", status, body)
		}
		noAnchor := passoff.DefaultRubric()
		noAnchor.Criteria[2].Anchors = noAnchor.Criteria[2].Anchors[:4]
		if status, body := tr.Do("POST", "/api/passoff/rubrics", map[string]any{"rubric": noAnchor}, nil); status != 400 ||
			errOf(t, body).Error.Field != "rubric.criteria[2].anchors" {
			t.Fatalf("missing anchor: %d %s", status, body)
		}
		// Copy the built-in rubric, edit the copy.
		var cp struct {
			ID     string          `json:"id"`
			Name   string          `json:"name"`
			Rubric *passoff.Rubric `json:"rubric"`
		}
		tr.Must(201, "POST", "/api/passoff/rubrics/builtin/copy", nil, &cp)
		if cp.Name != "销售拜访通关评分表（副本）" || cp.Rubric.Name.EN != "Sales call pass-off rubric (copy)" {
			t.Fatalf("copy %+v", cp)
		}
		cp.Rubric.PassPercent = 80
		cp.Rubric.Name.ZH = "大客户续约通关"
		tr.Must(200, "PUT", "/api/passoff/rubrics/"+cp.ID, map[string]any{"rubric": cp.Rubric}, &cp)
		if cp.Name != "大客户续约通关" || cp.Rubric.PassPercent != 80 {
			t.Fatalf("updated %+v", cp)
		}
		tr.Must(403, "PUT", "/api/passoff/rubrics/builtin", map[string]any{"rubric": cp.Rubric}, nil)
		tr.Must(400, "PUT", "/api/passoff/rubrics/"+cp.ID, map[string]any{"rubric": bad}, nil)
		// Another trainer cannot see it.
		other := srv.Trainer("王老师", "wang@example.com")
		other.Must(404, "GET", "/api/passoff/rubrics/"+cp.ID, nil, nil)
		// Put it on a round.
		w := tr.CreateWorkshop(1)
		base := "/api/workshops/" + w.ID + "/passoff/6.passoff"
		tr.Must(200, "PUT", base+"/rubric", map[string]any{"rubric_id": cp.ID}, nil)
		tr.Must(400, "PUT", base+"/rubric", map[string]any{}, nil)
		var rep struct {
			Rubric passoff.Rubric `json:"rubric"`
		}
		tr.Must(200, "GET", base+"/report", nil, &rep)
		if rep.Rubric.PassPercent != 80 {
			t.Fatalf("round rubric %+v", rep.Rubric)
		}
		tr.Must(204, "DELETE", "/api/passoff/rubrics/"+cp.ID, nil, nil)
		tr.Must(404, "DELETE", "/api/passoff/rubrics/"+cp.ID, nil, nil)
		// Participants have no access.
		p, _ := srv.Join(w.JoinCode, "王芳", "")
		p.Must(401, "GET", "/api/passoff/rubrics", nil, nil)
		p.Must(401, "PUT", base+"/judges", map[string]any{"judges": []string{}}, nil)
	})
}

func TestPassoffImportPaperSheet(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		w := tr.CreateWorkshop(2)
		srv.Join(w.JoinCode, "王芳", w.Groups[0].ID)
		base := "/api/workshops/" + w.ID + "/passoff/6.passoff"
		status, body := tr.Do("POST", base+"/import", "学员,评委,评分项,分数\n王芳,赵老师,开场破冰,4\n王芳,赵老师,需求挖掘,7\n", nil)
		if e := errOf(t, body); status != 400 || !strings.HasPrefix(e.Error.Message, "row 3: the score 7") {
			t.Fatalf("bad row: %d %s", status, body)
		}
		sheet := "\ufeff学员,评委,评分项,分数\n"
		for _, judge := range []string{"赵老师", "钱老师"} {
			for _, c := range []string{"开场破冰", "需求挖掘", "方案呈现", "异议处理", "促成与跟进"} {
				sheet += "王芳," + judge + "," + c + ",4\n路人甲," + judge + "," + c + ",2\n"
			}
		}
		var out struct{ Imported int }
		tr.Must(201, "POST", base+"/import", sheet, &out)
		if out.Imported != 2 {
			t.Fatalf("imported %d", out.Imported)
		}
		var results struct {
			Attempts []struct {
				Person string  `json:"person"`
				Score  float64 `json:"score_pct"`
				Passed bool    `json:"passed"`
			} `json:"attempts"`
			Raters []struct{ Rater string } `json:"raters"`
		}
		tr.Must(200, "GET", base+"/results", nil, &results)
		if len(results.Attempts) != 2 || results.Attempts[0].Person != "王芳" || results.Attempts[0].Score != 80 || results.Attempts[1].Passed ||
			len(results.Raters) != 2 {
			t.Fatalf("results %+v", results)
		}
	})
}

// A participant judge can never read another's sheet, even by guessing ids,
// and a trainer cannot read a participant judge's sheet.
func TestPassoffSheetsArePrivate(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		pr := newPassoffRound(t, srv)
		for _, c := range []struct {
			r     *recorder
			sheet string
		}{{pr.projector, pr.wang.sheet}, {pr.zhang.recorder, pr.wang.sheet}, {pr.wang.recorder, pr.console.sheet}, {pr.liu, pr.zhang.sheet}} {
			from := c.r.count()
			c.r.ws.Send(map[string]any{"type": "subscribe", "board": c.sheet})
			m := c.r.wait(from, "a refusal", func(m map[string]any) bool {
				return m["board"] == c.sheet && (m["type"] == "error" || m["type"] == "snapshot")
			})
			if m.msg["type"] != "error" || m.msg["code"] != "forbidden" {
				t.Errorf("%s subscribed to another's sheet: %s", c.r.who, m.raw)
			}
		}
		// Nor may the console write a participant's sheet.
		pr.console.refused(pr.wang.sheet, map[string]any{"kind": "score.set", "attempt": "a1", "criterion": "opening", "score": 3}, "forbidden", "private")
	})
}

func TestPassoffScenarioFromARolePlayCase(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		w := tr.CreateWorkshop(1)
		base := "/api/workshops/" + w.ID + "/passoff/6.passoff"
		var out struct {
			Scenario struct {
				CaseID string `json:"case_id"`
				Title  string `json:"title"`
				Brief  string `json:"brief"`
			} `json:"scenario"`
		}
		tr.Must(200, "PUT", base+"/scenario", map[string]any{"case_id": "property-tender-roleplay"}, &out)
		if out.Scenario.CaseID != "property-tender-roleplay" || out.Scenario.Title == "" || out.Scenario.Brief == "" {
			t.Fatalf("scenario %+v", out)
		}
		var rep struct {
			Rubric passoff.Rubric `json:"rubric"`
		}
		tr.Must(200, "GET", base+"/report", nil, &rep)
		// Not a role-play case, an unknown case, free text.
		if status, body := tr.Do("PUT", base+"/scenario", map[string]any{"case_id": "crm-adoption"}, nil); status != 400 || errOf(t, body).Error.Field != "case_id" {
			t.Fatalf("not role-play: %d %s", status, body)
		}
		tr.Must(404, "PUT", base+"/scenario", map[string]any{"case_id": "no-such-case"}, nil)
		tr.Must(200, "PUT", base+"/scenario", map[string]any{"title": "电话邀约", "brief": "约到采购经理面谈。"}, &out)
		if out.Scenario.Title != "电话邀约" {
			t.Fatalf("free text %+v", out)
		}
	})
}
