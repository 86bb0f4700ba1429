package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"playbook/exercises"
	"playbook/server/servertest"
)

type curriculumOut struct {
	ID         string               `json:"id"`
	Builtin    bool                 `json:"builtin"`
	BasedOn    string               `json:"based_on"`
	Revision   int64                `json:"revision"`
	Title      exercises.Text       `json:"title"`
	Curriculum exercises.Curriculum `json:"curriculum"`
}

type problemsErr struct {
	Error struct {
		Code     string              `json:"code"`
		Field    string              `json:"field"`
		Message  string              `json:"message"`
		Problems []exercises.Problem `json:"problems"`
	} `json:"error"`
}

func TestCurriculumCopiesAreEditableAndTheBuiltinNeverChanges(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		li := srv.Trainer("李老师", "li@example.com")
		var list struct{ Curricula []curriculumOut }
		li.Must(http.StatusOK, "GET", "/api/curricula", nil, &list)
		if len(list.Curricula) != 1 || !list.Curricula[0].Builtin || list.Curricula[0].ID != "builtin" {
			t.Fatalf("list %+v", list)
		}
		var cp curriculumOut
		li.Must(http.StatusCreated, "POST", "/api/curricula", map[string]any{"title": map[string]string{"zh-CN": "华东电梯版", "en": "East China Elevators"}}, &cp)
		if cp.Builtin || cp.BasedOn != "builtin" || cp.Revision != 1 || cp.Curriculum.ID != cp.ID || len(cp.Curriculum.Modules) != 6 {
			t.Fatalf("copy %+v", cp)
		}

		// Edit any text, time, question, lane or activity.
		cur := cp.Curriculum
		a := &cur.Modules[0].Activities[0]
		a.Question = exercises.Text{ZH: "我们去年的目标为什么没有完成？", EN: "Why did we miss last year's target?"}
		a.Minutes = 30
		a.Config = json.RawMessage(`{"votes_per_person":5,"lanes":[{"id":"people","title":{"zh-CN":"人"}},{"id":"process","title":{"zh-CN":"流程"}}]}`)
		cur.Interpretations[0].Summary.ZH = "我们的五张表：……"
		cur.Agenda.Days[0].Blocks[0].Minutes = 25
		var saved curriculumOut
		li.Must(http.StatusOK, "PUT", "/api/curricula/"+cp.ID, map[string]any{"revision": 1, "curriculum": cur}, &saved)
		if saved.Revision != 2 || saved.Curriculum.Modules[0].Activities[0].Minutes != 30 {
			t.Fatalf("saved %+v", saved.Revision)
		}

		// The same edit from a stale tab is refused and keeps the newer save.
		cur.Modules[0].Title.ZH = "stale"
		status, data := li.Do("PUT", "/api/curricula/"+cp.ID, map[string]any{"revision": 1, "curriculum": cur}, nil)
		if status != http.StatusConflict {
			t.Fatalf("stale save: %d %s", status, data)
		}
		cur.Modules[0].Title.ZH = "大客户销售目标管理与分解"

		// Broken references are refused with every reason and its path.
		broken := cur
		broken.Modules = append([]exercises.Module(nil), cur.Modules...)
		broken.Modules[3].Activities = append([]exercises.Activity(nil), cur.Modules[3].Activities...)
		broken.Modules[3].Activities[1].Template = "iceberg-canvas"
		broken.Modules[0].Cases = []string{"key-account-five-star", "no-such-case"}
		status, data = li.Do("PUT", "/api/curricula/"+cp.ID, map[string]any{"revision": 2, "curriculum": broken}, nil)
		var pe problemsErr
		json.Unmarshal(data, &pe)
		if status != http.StatusBadRequest || len(pe.Error.Problems) != 2 ||
			pe.Error.Problems[0].Path != "modules[0].cases[1]" && pe.Error.Problems[1].Path != "modules[0].cases[1]" ||
			!strings.Contains(string(data), "iceberg-canvas") {
			t.Fatalf("broken copy: %d %s", status, data)
		}
		// Each reason reads in the trainer's language: a stable code, English and Chinese.
		for _, p := range pe.Error.Problems {
			if p.Code != "unknown_case" && p.Code != "unknown_template" || p.Message == "" || !strings.Contains(p.MessageZH, "不存在") && !strings.Contains(p.MessageZH, "没有案例") {
				t.Fatalf("problem %+v is not bilingual", p)
			}
		}
		var again curriculumOut
		li.Must(http.StatusOK, "GET", "/api/curricula/"+cp.ID, nil, &again)
		if again.Revision != 2 || again.Curriculum.Modules[3].Activities[1].Template != "canvas" {
			t.Fatalf("a refused save changed the copy: %+v", again.Revision)
		}
		// Unknown fields (a misspelt key) are refused too.
		status, data = li.Do("PUT", "/api/curricula/"+cp.ID, `{"revision":2,"curriculum":{"titel":{}}}`, nil)
		if status != http.StatusBadRequest || errOf(t, data).Error.Field != "curriculum.titel" && errOf(t, data).Error.Field != "titel" {
			t.Fatalf("misspelt key: %d %s", status, data)
		}

		// The built-in one never changes.
		status, data = li.Do("PUT", "/api/curricula/builtin", map[string]any{"revision": 1, "curriculum": cur}, nil)
		if status != http.StatusForbidden {
			t.Fatalf("PUT builtin: %d %s", status, data)
		}
		if status, _ := li.Do("DELETE", "/api/curricula/builtin", nil, nil); status != http.StatusForbidden {
			t.Fatalf("DELETE builtin: %d", status)
		}
		var builtin struct {
			curriculumOut
			Templates []exercises.Template `json:"templates"`
		}
		li.Must(http.StatusOK, "GET", "/api/curricula/builtin", nil, &builtin)
		// The editor learns every template kind a new activity may use, with the presets.
		offered := map[string]exercises.Template{}
		for _, tp := range builtin.Templates {
			offered[tp.Kind] = tp
		}
		if len(offered) != len(exercises.Templates()) || offered["case-draft"].Kind == "" || len(offered["meetings"].Presets) < 2 || !offered["table"].NeedsPreset || offered["control"].Kind != "" {
			t.Fatalf("templates %+v", builtin.Templates)
		}
		if builtin.Curriculum.Modules[0].Activities[0].Minutes != 20 {
			t.Fatal("the built-in curriculum changed")
		}

		// A workshop made from the copy runs the edited content.
		var w struct {
			ID         string               `json:"id"`
			Curriculum exercises.Curriculum `json:"curriculum"`
		}
		li.Must(http.StatusCreated, "POST", "/api/workshops", map[string]any{"title": "华东电梯工作坊", "client_company": "华东电梯",
			"starts_on": "2026-12-01", "ends_on": "2026-12-02", "groups": 2, "curriculum_id": cp.ID}, &w)
		if q := w.Curriculum.Modules[0].Activities[0].Question.ZH; q != "我们去年的目标为什么没有完成？" {
			t.Fatalf("workshop from a copy asks %q", q)
		}
		var boards struct {
			Boards []struct{ Activity, Kind, ID string }
		}
		li.Must(http.StatusOK, "GET", "/api/workshops/"+w.ID+"/boards", nil, &boards)
		kinds := map[string]string{}
		for _, b := range boards.Boards {
			kinds[b.Activity] = b.Kind
		}
		if kinds["1.4"] != "table" || kinds["4.2"] != "canvas" || kinds["6.3"] != "plan" || kinds["1.poll"] != "poll" {
			t.Fatalf("boards of the new kinds: %v", kinds)
		}
		status, data = li.Do("POST", "/api/workshops", map[string]any{"title": "x", "client_company": "x",
			"starts_on": "2026-12-01", "ends_on": "2026-12-02", "curriculum_id": "01JNOSUCHCOPY00000000000000"}, nil)
		if status != http.StatusBadRequest || errOf(t, data).Error.Field != "curriculum_id" {
			t.Fatalf("unknown curriculum_id: %d %s", status, data)
		}

		// Another trainer sees none of it.
		wang := srv.Trainer("王老师", "wang@example.com")
		for _, req := range []struct{ method, path string }{{"GET", "/api/curricula/" + cp.ID}, {"DELETE", "/api/curricula/" + cp.ID}} {
			if status, _ := wang.Do(req.method, req.path, nil, nil); status != http.StatusNotFound {
				t.Fatalf("%s by another trainer: %d", req.method, status)
			}
		}
		if status, _ := wang.Do("POST", "/api/curricula", map[string]string{"from": cp.ID}, nil); status != http.StatusNotFound {
			t.Fatalf("another trainer copied it: %d", status)
		}
		// A copy of a copy, then deletion.
		var cc curriculumOut
		li.Must(http.StatusCreated, "POST", "/api/curricula", map[string]string{"from": cp.ID}, &cc)
		if cc.BasedOn != cp.ID || cc.Curriculum.Modules[0].Activities[0].Minutes != 30 {
			t.Fatalf("copy of a copy %+v", cc.BasedOn)
		}
		li.Must(http.StatusNoContent, "DELETE", "/api/curricula/"+cp.ID, nil, nil)
		li.Must(http.StatusOK, "GET", "/api/curricula", nil, &list)
		if len(list.Curricula) != 2 {
			t.Fatalf("after delete %d curricula", len(list.Curricula))
		}
		// Too large a document is refused before it is read.
		huge := `{"revision":1,"curriculum":{"title":{"zh-CN":"` + strings.Repeat("长", 200000) + `"}}}`
		if status, _ := li.Do("PUT", "/api/curricula/"+cc.ID, huge, nil); status != http.StatusRequestEntityTooLarge {
			t.Fatalf("huge body: %d", status)
		}
	})
}

func TestProgressActionPlanAndGallery(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		li := srv.Trainer("李老师", "li@example.com")
		w := li.CreateWorkshop(2)
		g1, g2 := w.Groups[0].ID, w.Groups[1].ID
		ann, view := srv.Join(w.JoinCode, "王芳", g1)
		carl, _ := srv.Join(w.JoinCode, "陈刚", g2)
		ctx := t.Context()
		apply := func(board, id, op string) {
			t.Helper()
			if _, err := srv.Hub.Apply(ctx, w.ID, board, id, trainerActor(), json.RawMessage(op)); err != nil {
				t.Fatalf("%s: %v", op, err)
			}
		}
		b14 := li.Board(w.ID, "1.4", g1)
		apply(b14, "r1", `{"kind":"row.add","id":"r1","cells":{"value":"24小时到场"}}`)
		var prog struct {
			Progress []struct {
				GroupID string `json:"group_id"`
				Items   int    `json:"items"`
				Missing int    `json:"missing"`
				Kind    string `json:"kind"`
			} `json:"progress"`
		}
		li.Must(http.StatusOK, "GET", "/api/workshops/"+w.ID+"/progress?activity=1.4", nil, &prog)
		if len(prog.Progress) != 2 {
			t.Fatalf("progress %+v", prog)
		}
		for _, p := range prog.Progress {
			if p.GroupID == g1 && (p.Items != 1 || p.Missing != 3) || p.GroupID == g2 && p.Items != 0 || p.Kind != "table" {
				t.Fatalf("progress %+v", prog)
			}
		}
		if status, _ := li.Do("GET", "/api/workshops/"+w.ID+"/progress?activity=9.9", nil, nil); status != http.StatusBadRequest {
			t.Fatalf("unknown activity: %d", status)
		}
		if status, _ := ann.Do("GET", "/api/workshops/"+w.ID+"/progress", nil, nil); status != http.StatusUnauthorized {
			t.Fatalf("participant read progress: %d", status)
		}

		// The action plan: a plan row owned by ann, a note-action owned by ann, her reflection.
		b63 := li.Board(w.ID, "6.3", g1)
		apply(b63, "p1", `{"kind":"row.add","id":"r1","cells":{"item":"需求挖掘 | 提问","owner":{"id":"`+view.Participant.ID+`","name":"王芳"},"due":"2027-01-15"}}`)
		apply(b63, "p2", `{"kind":"row.add","id":"r2","cells":{"item":"别人的事","owner":{"name":"张伟"}}}`)
		b22 := li.Board(w.ID, "2.2", g1)
		apply(b22, "n1", `{"kind":"note.add","id":"n1","lane":"checks","text":"周会看拜访计划表"}`)
		apply(b22, "n2", `{"kind":"note.assign","id":"n1","owner":{"id":"`+view.Participant.ID+`","name":"王芳"},"due":"2026-12-10"}`)
		var plan exercises.ActionPlan
		ann.Must(http.StatusOK, "GET", "/api/p/"+w.ID+"/action-plan", nil, &plan)
		if len(plan.Actions) != 2 || plan.Actions[0].Due != "2026-12-10" || plan.Actions[1].Text != "需求挖掘 | 提问" {
			t.Fatalf("plan %+v", plan)
		}
		status, md := ann.Do("GET", "/api/p/"+w.ID+"/action-plan?format=md", nil, nil)
		if status != http.StatusOK || !strings.Contains(string(md), "# 我的行动计划") || !strings.Contains(string(md), `需求挖掘 \| 提问`) {
			t.Fatalf("markdown %d:\n%s", status, md)
		}
		var carlPlan exercises.ActionPlan
		carl.Must(http.StatusOK, "GET", "/api/p/"+w.ID+"/action-plan", nil, &carlPlan)
		if len(carlPlan.Actions) != 0 {
			t.Fatalf("carl got ann's actions: %+v", carlPlan)
		}
		if status, _ := li.Do("GET", "/api/p/"+w.ID+"/action-plan", nil, nil); status != http.StatusUnauthorized {
			t.Fatalf("trainer read an action plan: %d", status)
		}

		// The gallery lists every group's board only while a walk runs.
		if status, _ := ann.Do("GET", "/api/p/"+w.ID+"/gallery", nil, nil); status != http.StatusConflict {
			t.Fatalf("gallery without a walk: %d", status)
		}
		if _, err := srv.Hub.Apply(ctx, w.ID, w.ControlBoard, "g", trainerActor(), json.RawMessage(`{"kind":"gallery.start","activity":"1.1"}`)); err != nil {
			t.Fatal(err)
		}
		var gal struct {
			Activity string
			Boards   []struct {
				Board     string `json:"board"`
				GroupID   string `json:"group_id"`
				GroupName string `json:"group_name"`
				Own       bool   `json:"own"`
			}
		}
		ann.Must(http.StatusOK, "GET", "/api/p/"+w.ID+"/gallery", nil, &gal)
		if gal.Activity != "1.1" || len(gal.Boards) != 2 || !gal.Boards[0].Own || gal.Boards[1].Board != li.Board(w.ID, "1.1", g2) {
			t.Fatalf("gallery %+v", gal)
		}
	})
}

// trainerActor applies operations as a trainer through the hub (the HTTP
// layer's way of acting on boards without a connection).
func trainerActor() exercises.Actor {
	return exercises.Actor{Kind: exercises.RoleTrainer, ID: "trainer-under-test", Name: "李老师"}
}
