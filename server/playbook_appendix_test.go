package server_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"playbook/playbook"
	"playbook/server/servertest"
)

type appendixView struct {
	Draft struct {
		Appendix []playbook.AppendixCase `json:"appendix"`
	} `json:"draft"`
	Problems []struct{ Path, Code string } `json:"problems"`
}

// 案例萃取 into the playbook: a group's case, flagged for the appendix, is in
// the company version and in the version published next — with its text in
// the JSON, the report and the workbook, never its teaching notes — and gone
// from the version after it is unflagged; older versions keep it.
func TestPlaybookAppendixFollowsTheCaseLibrary(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		w := caseDraftWorkshop(t, tr)
		p, v := srv.Join(w.JoinCode, "王芳", w.Groups[0].ID)
		board := v.Boards["6.cases"]
		tws := tr.Dial(w.ID, "trainer")
		tws.Op(w.ControlBoard, "open-cases", map[string]any{"kind": "now.set", "activity": "6.cases"})
		ws := p.Dial(w.ID, "participant")
		ws.Subscribe(board, -1)
		for i, f := range [][2]string{
			{"title", "三个月拿下星河科创园的物业服务"},
			{"situation", "园区38万平方米，现任物业合同4个月后到期。"},
			{"actions", "- 先问顾虑，再谈价格\n- 提出交接保障方案"},
			{"results", "中标，年合同额2,700万元。"},
			{"lessons", "非住宅项目先解决客户对交接的担心。"},
		} {
			ws.Op(board, fmt.Sprintf("f%d", i), map[string]any{"kind": "field.set", "field": f[0], "text": f[1]})
		}
		base := "/api/workshops/" + w.ID + "/playbook"
		var view appendixView
		tr.Must(200, "GET", base, nil, &view)
		if len(view.Draft.Appendix) != 0 {
			t.Fatalf("appendix before any case: %+v", view.Draft.Appendix)
		}

		// Added to the client's library without the appendix: not in the playbook.
		var cc caseResp
		tr.Must(201, "POST", "/api/workshops/"+w.ID+"/boards/"+board+"/case", map[string]any{"appendix": false}, &cc)
		tr.Must(200, "GET", base, nil, &view)
		if len(view.Draft.Appendix) != 0 {
			t.Fatalf("an unflagged case is in the appendix: %+v", view.Draft.Appendix)
		}
		// Flagged: the company version shows it at once.
		tr.Must(200, "PATCH", "/api/cases/"+cc.ID, map[string]any{"appendix": true}, nil)
		status, raw := tr.Do("GET", base, nil, &view)
		if status != 200 || len(view.Draft.Appendix) != 1 || len(view.Problems) != 0 {
			t.Fatalf("draft after flagging: %d %+v %+v", status, view.Draft.Appendix, view.Problems)
		}
		got := view.Draft.Appendix[0]
		if got.ID != cc.ID || got.EN != nil || got.ZH == nil || got.ZH.Title != "三个月拿下星河科创园的物业服务" ||
			got.ZH.Industry != "电梯维保" || got.ZH.Situation != "园区38万平方米，现任物业合同4个月后到期。" ||
			got.ZH.Actions != "- 先问顾虑，再谈价格\n- 提出交接保障方案" || got.ZH.Results != "中标，年合同额2,700万元。" ||
			got.ZH.Lessons != "非住宅项目先解决客户对交接的担心。" || got.ZH.Summary == "" {
			t.Fatalf("appendix case %+v %+v", got, got.ZH)
		}
		notes := firstLine(cc.ZH.TeachingNotes)
		if notes == "" || strings.Contains(string(raw), notes) || strings.Contains(string(raw), "teaching_notes") {
			t.Fatal("the case's teaching notes reached the playbook")
		}
		// The library is where it is edited and flagged, not the converge screen.
		if status, body := tr.Do("POST", base+"/set", map[string]any{"path": "$.appendix", "value": []any{}}, nil); status != 400 ||
			!strings.Contains(string(body), "case library") {
			t.Fatalf("setting the appendix by hand: %d %s", status, body)
		}
		// Saving the draft keeps the appendix out of the stored row.
		tr.Must(200, "POST", base+"/set", map[string]any{"path": "$.title", "value": "华东电梯 销售作战手册"}, &view)
		if len(view.Draft.Appendix) != 1 {
			t.Fatal("the appendix vanished after a save")
		}
		cp, err := srv.Store.CompanyPlaybook(context.Background(), w.ID)
		if err != nil || !bytes.Contains(cp.Draft, []byte(`"appendix": []`)) || bytes.Contains(cp.Draft, []byte("星河科创园")) {
			t.Fatalf("stored draft: %v\n%s", err, cp.Draft)
		}

		// Published: the version holds the case, and its diff says so.
		var ver struct {
			Version  int    `json:"version"`
			DiffText string `json:"diff_text"`
		}
		tr.Must(201, "POST", base+"/publish", map[string]any{}, &ver)
		if ver.Version != 1 || !strings.Contains(ver.DiffText, "+ $.appendix[id="+cc.ID+"]") {
			t.Fatalf("version 1: %+v", ver)
		}
		var one struct {
			Document playbook.Playbook `json:"document"`
		}
		tr.Must(200, "GET", base+"/versions/1", nil, &one)
		if len(one.Document.Appendix) != 1 || one.Document.Appendix[0].ZH.Title != got.ZH.Title {
			t.Fatalf("version 1 appendix %+v", one.Document.Appendix)
		}
		report := func(query string) string {
			t.Helper()
			status, body := tr.Do("GET", base+"/export/report"+query, nil, nil)
			if status != 200 {
				t.Fatalf("report%s: %d %s", query, status, body)
			}
			return string(body)
		}
		r1 := report("")
		for _, want := range []string{"<h2>附录：客户案例</h2>", "<h3>案例 1：三个月拿下星河科创园的物业服务</h3>", "<h4>我们的做法</h4>",
			"<ul><li>先问顾虑，再谈价格</li><li>提出交接保障方案</li></ul>", "<h4>经验与启示</h4>"} {
			if !strings.Contains(r1, want) {
				t.Errorf("report lacks %q", want)
			}
		}
		if strings.Contains(r1, notes) {
			t.Error("the teaching notes are in the report")
		}
		status, xlsx := tr.Do("GET", base+"/export/xlsx", nil, nil)
		if status != 200 {
			t.Fatalf("xlsx: %d", status)
		}
		f, err := excelize.OpenReader(bytes.NewReader(xlsx))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("附录·案例")
		if len(rows) != 2 || rows[1][0] != cc.ID || rows[1][2] != "三个月拿下星河科创园的物业服务" {
			t.Fatalf("appendix sheet %q", rows)
		}
		status, js := tr.Do("GET", base+"/export/json", nil, nil)
		if status != 200 || !strings.Contains(string(js), `"title": "三个月拿下星河科创园的物业服务"`) {
			t.Fatalf("json: %d", status)
		}
		// Participants get the published playbook with the case, never the notes.
		status, pr := p.Do("GET", "/api/p/"+w.ID+"/playbook/export/report?scope=company", nil, nil)
		if status != 200 || !strings.Contains(string(pr), "三个月拿下星河科创园的物业服务") || strings.Contains(string(pr), notes) {
			t.Fatalf("participant's report: %d", status)
		}

		// Edited in the library: the company version follows.
		var edit caseResp
		tr.Must(200, "GET", "/api/cases/"+cc.ID, nil, &edit)
		body := map[string]any{"modules": edit.Modules, "client": edit.Client, "zh-CN": edit.ZH,
			"en": map[string]any{"title": "Winning Xinghe Science Park in three months", "results": "Won: CNY 27 million a year."}}
		edit.ZH.Results = "中标，三年合同，年合同额2,700万元。"
		tr.Must(200, "PUT", "/api/cases/"+cc.ID, body, nil)
		tr.Must(200, "GET", base, nil, &view)
		if a := view.Draft.Appendix; len(a) != 1 || a[0].ZH.Results != "中标，三年合同，年合同额2,700万元。" || a[0].EN == nil ||
			a[0].EN.Results != "Won: CNY 27 million a year." {
			t.Fatalf("appendix after an edit: %+v", a)
		}
		tr.Must(201, "POST", base+"/publish", map[string]any{}, &ver)
		if ver.Version != 2 || !strings.Contains(ver.DiffText, "~ $.appendix[id="+cc.ID+"].zh-CN.results") ||
			!strings.Contains(ver.DiffText, "+ $.appendix[id="+cc.ID+"].en") {
			t.Fatalf("version 2: %+v", ver)
		}

		// Unflagged: gone from the company version and from the next version;
		// the versions published before keep it.
		tr.Must(200, "PATCH", "/api/cases/"+cc.ID, map[string]any{"appendix": false}, nil)
		tr.Must(200, "GET", base, nil, &view)
		if len(view.Draft.Appendix) != 0 {
			t.Fatalf("an unflagged case stays: %+v", view.Draft.Appendix)
		}
		tr.Must(201, "POST", base+"/publish", map[string]any{}, &ver)
		if ver.Version != 3 || !strings.Contains(ver.DiffText, "- $.appendix[id="+cc.ID+"]") {
			t.Fatalf("version 3: %+v", ver)
		}
		if r := report(""); strings.Contains(r, "附录") || strings.Contains(r, "星河科创园") {
			t.Fatal("version 3's report still has the case")
		}
		if r := report("?version=1"); !strings.Contains(r, "三个月拿下星河科创园的物业服务") {
			t.Fatal("version 1 lost its case")
		}

		// Another workshop of the same trainer has its own appendix.
		w2 := tr.CreateWorkshop(1)
		tr.Must(200, "PATCH", "/api/cases/"+cc.ID, map[string]any{"appendix": true}, nil)
		var other appendixView
		tr.Must(200, "GET", "/api/workshops/"+w2.ID+"/playbook", nil, &other)
		if len(other.Draft.Appendix) != 0 {
			t.Fatalf("another workshop's case: %+v", other.Draft.Appendix)
		}
	})
}
