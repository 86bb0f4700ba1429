package server_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"playbook/server/servertest"
)

type companyView struct {
	Draft struct {
		Stages struct {
			Stages []struct {
				ID          string `json:"id"`
				Name        string `json:"name"`
				Probability int    `json:"probability"`
			} `json:"stages"`
		} `json:"stages"`
	} `json:"draft"`
	Provenance map[string]struct {
		GroupID   string `json:"group_id"`
		GroupName string `json:"group_name"`
		Activity  string `json:"activity"`
		Manual    bool   `json:"manual"`
	} `json:"provenance"`
	Problems []struct{ Path, Code string } `json:"problems"`
	Versions []struct {
		Version  int    `json:"version"`
		DiffText string `json:"diff_text"`
	} `json:"versions"`
}

// buildStages fills a group's stages board over the trainer's websocket.
func buildStages(t *testing.T, ws *servertest.WS, board string, probs [3]int, prefix string) {
	t.Helper()
	ws.Subscribe(board, -1)
	n := 0
	op := func(o map[string]any) {
		n++
		ws.Op(board, fmt.Sprintf("%s-%d", prefix, n), o)
	}
	op(map[string]any{"kind": "pipeline.set", "pipeline": "维保销售流程", "post_sale_pipeline": "交付流程"})
	for i, s := range []struct{ id, name, step string }{{"lead", "线索确认", "need"}, {"proposal", "方案报价", "evaluate"}, {"nego", "商务谈判", "negotiate"}} {
		op(map[string]any{"kind": "stage.add", "id": s.id, "name": s.name, "buying_step": s.step})
		op(map[string]any{"kind": "stage.set", "id": s.id, "field": "probability", "value": probs[i]})
		op(map[string]any{"kind": "stage.set", "id": s.id, "field": "max_days", "value": 30})
		op(map[string]any{"kind": "stage.set", "id": s.id, "field": "exit_criterion", "value": "客户书面确认"})
		op(map[string]any{"kind": "stage.set", "id": s.id, "field": "actions", "value": []string{"拜访决策人"}})
	}
	op(map[string]any{"kind": "stage.set", "id": "nego", "field": "required_fields", "value": []string{"预计签约日"}})
	op(map[string]any{"kind": "stage.add", "id": "handover", "name": "交付交接", "buying_step": "deliver", "pos": 200})
	op(map[string]any{"kind": "stage.set", "id": "handover", "field": "status", "value": "post_sale"})
	op(map[string]any{"kind": "stage.set", "id": "handover", "field": "probability", "value": 100})
	op(map[string]any{"kind": "stage.set", "id": "handover", "field": "forecast_category", "value": "closed"})
}

func TestConvergePublishAndExport(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		w := tr.CreateWorkshop(2)
		g1, g2 := w.Groups[0], w.Groups[1]
		// One connection per board keeps each under the per-connection rate limit.
		buildStages(t, tr.Dial(w.ID, "trainer"), tr.Board(w.ID, "3.1", g1.ID), [3]int{10, 40, 70}, "a")
		buildStages(t, tr.Dial(w.ID, "trainer"), tr.Board(w.ID, "3.1", g2.ID), [3]int{20, 35, 60}, "b")
		base := "/api/workshops/" + w.ID + "/playbook"

		// Side by side.
		var cmp struct {
			Kind    string          `json:"kind"`
			Section string          `json:"section"`
			Company json.RawMessage `json:"company"`
			Groups  []struct {
				GroupName string          `json:"group_name"`
				Seq       int64           `json:"seq"`
				Section   json.RawMessage `json:"section"`
				Issues    []any           `json:"issues"`
			} `json:"groups"`
		}
		tr.Must(200, "GET", base+"/compare/3.1", nil, &cmp)
		if cmp.Kind != "stages" || cmp.Section != "$.stages" || len(cmp.Groups) != 2 || cmp.Groups[0].Seq == 0 ||
			!strings.Contains(string(cmp.Groups[1].Section), `"probability":35`) || len(cmp.Groups[0].Issues) != 0 {
			t.Fatalf("compare: %s %d", cmp.Groups[1].Section, len(cmp.Groups))
		}

		// Adopt group 1's whole section, then one field from group 2.
		var v companyView
		tr.Must(200, "POST", base+"/adopt", map[string]string{"activity": "3.1", "group": g1.ID}, &v)
		tr.Must(200, "POST", base+"/adopt", map[string]string{"activity": "3.1", "group": g2.ID,
			"path": "$.stages.stages[id=proposal].probability"}, &v)
		if v.Draft.Stages.Stages[1].Probability != 35 || v.Draft.Stages.Stages[0].Probability != 10 {
			t.Fatalf("draft stages %+v", v.Draft.Stages.Stages)
		}
		if p := v.Provenance["$.stages"]; p.GroupName != g1.Name || p.Activity != "3.1" {
			t.Fatalf("provenance of the section: %+v", v.Provenance)
		}
		if p := v.Provenance["$.stages.stages[id=proposal].probability"]; p.GroupID != g2.ID {
			t.Fatalf("provenance of the field: %+v", v.Provenance)
		}

		// A failing check: stored, shown, and publishing is refused with every reason.
		tr.Must(200, "POST", base+"/set", map[string]any{"path": "$.stages.stages[id=proposal].probability", "value": 5}, &v)
		if len(v.Problems) == 0 || v.Problems[0].Path != "$.stages.stages[1].probability" || !v.Provenance["$.stages.stages[id=proposal].probability"].Manual {
			t.Fatalf("problems %+v", v.Problems)
		}
		status, body := tr.Do("POST", base+"/publish", map[string]any{}, nil)
		var refused struct {
			Error struct {
				Code     string                        `json:"code"`
				Problems []struct{ Path, Code string } `json:"problems"`
			} `json:"error"`
		}
		json.Unmarshal(body, &refused)
		if status != 422 || refused.Error.Code != "invalid_playbook" || len(refused.Error.Problems) == 0 ||
			refused.Error.Problems[0].Code != "probability_not_rising" {
			t.Fatalf("publish invalid: %d %s", status, body)
		}
		if status, _ := tr.Do("GET", base+"/export/xlsx", nil, nil); status != 404 {
			t.Fatalf("export before any version: %d", status)
		}
		if status, _ := tr.Do("GET", base+"/export/xlsx?draft=1", nil, nil); status != 422 {
			t.Fatalf("export of an invalid draft: %d", status)
		}

		// Fixed, published.
		tr.Must(200, "POST", base+"/set", map[string]any{"path": "$.stages.stages[id=proposal].probability", "value": 35}, &v)
		var ver struct {
			Version  int    `json:"version"`
			DiffText string `json:"diff_text"`
		}
		tr.Must(201, "POST", base+"/publish", map[string]any{}, &ver)
		if ver.Version != 1 || !strings.Contains(ver.DiffText, "$.stages.stages[id=proposal]") {
			t.Fatalf("version 1: %+v", ver)
		}
		tr.Must(200, "POST", base+"/set", map[string]any{"path": "$.stages.stages[id=nego].probability", "value": 75}, &v)
		tr.Must(201, "POST", base+"/publish", map[string]any{}, &ver)
		if ver.Version != 2 || !strings.Contains(ver.DiffText, "~ $.stages.stages[id=nego].probability: 70 → 75") {
			t.Fatalf("version 2: %+v", ver)
		}
		tr.Must(200, "GET", base, nil, &v)
		if len(v.Versions) != 2 || v.Versions[0].Version != 2 {
			t.Fatalf("versions %+v", v.Versions)
		}
		var acts struct {
			Activities []struct{ ID, Section string } `json:"activities"`
		}
		tr.Must(200, "GET", base, nil, &acts)
		feeds := map[string]string{}
		for _, a := range acts.Activities {
			feeds[a.ID] = a.Section
		}
		if feeds["3.1"] != "$.stages" || feeds["1.4"] != "$.value_props" || feeds["6.1"] != "$.persona" || feeds["1.1"] != "" {
			t.Fatalf("activities feeding the playbook: %v", feeds)
		}
		var cmpVP struct {
			Section string `json:"section"`
		}
		tr.Must(200, "GET", base+"/compare/1.4", nil, &cmpVP)
		if cmpVP.Section != "$.value_props" {
			t.Fatalf("compare 1.4: %+v", cmpVP)
		}
		var one struct {
			Document struct {
				Version int `json:"version"`
			} `json:"document"`
		}
		tr.Must(200, "GET", base+"/versions/1", nil, &one)
		if one.Document.Version != 1 {
			t.Fatalf("version 1 document %+v", one)
		}

		// Downloads: the workbook and the Salesforce zip, opened and read.
		status, xlsx := tr.Do("GET", base+"/export/xlsx", nil, nil)
		if status != 200 {
			t.Fatalf("xlsx: %d %s", status, xlsx)
		}
		f, err := excelize.OpenReader(bytes.NewReader(xlsx))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("销售阶段")
		if len(rows) < 3 || rows[2][1] != "方案报价" || rows[3][3] != "75" {
			t.Fatalf("stage sheet %v", rows)
		}
		status, zipped := tr.Do("GET", base+"/export/salesforce?version=1", nil, nil)
		if status != 200 {
			t.Fatalf("salesforce: %d", status)
		}
		zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, zf := range zr.File {
			if zf.Name == "standardValueSets/OpportunityStage.standardValueSet-meta.xml" {
				rc, _ := zf.Open()
				data, _ := io.ReadAll(rc)
				rc.Close()
				found = strings.Contains(string(data), "<label>方案报价</label>") && strings.Contains(string(data), "<probability>70</probability>")
			}
		}
		if !found {
			t.Fatal("the Salesforce zip of version 1 lacks its stages")
		}

		// Participants: their group's outputs and the published playbook.
		p1, _ := srv.Join(w.JoinCode, "王芳", g1.ID)
		status, data := p1.Do("GET", "/api/p/"+w.ID+"/playbook/export/json", nil, nil)
		if status != 200 || !strings.Contains(string(data), `"pipeline": "维保销售流程"`) {
			t.Fatalf("group json: %d %s", status, data)
		}
		if status, _ := p1.Do("GET", "/api/p/"+w.ID+"/playbook/export/xlsx?scope=company", nil, nil); status != 200 {
			t.Fatalf("company xlsx for a participant: %d", status)
		}
		if status, _ := srv.NewClient().Do("GET", "/api/p/"+w.ID+"/playbook/export/json", nil, nil); status != 401 {
			t.Fatalf("anonymous download: %d", status)
		}

		// Bad input.
		for _, c := range []struct {
			body   map[string]string
			status int
		}{
			{map[string]string{"activity": "3.1", "group": g1.ID, "path": "$.kpis"}, 400},
			{map[string]string{"activity": "3.1", "group": "nope"}, 404},
			{map[string]string{"activity": "1.1", "group": g1.ID}, 400},
			{map[string]string{"activity": "9.9", "group": g1.ID}, 404},
			{map[string]string{"activity": "3.1", "group": g1.ID, "path": "$.stages.stages[id=ghost].name"}, 400},
		} {
			if status, body := tr.Do("POST", base+"/adopt", c.body, nil); status != c.status {
				t.Errorf("adopt %v: %d %s", c.body, status, body)
			}
		}
		if status, _ := tr.Do("POST", base+"/set", map[string]any{"path": "$.version", "value": 9}, nil); status != 400 {
			t.Errorf("set version by hand: %d", status)
		}
		if status, _ := tr.Do("POST", base+"/set", map[string]any{"path": "$.kpis", "value": "x"}, nil); status != 400 {
			t.Errorf("set a list to a string: %d", status)
		}
		if status, _ := tr.Do("GET", base+"/export/pdf", nil, nil); status != 404 {
			t.Errorf("unknown format: %d", status)
		}
		other := srv.Trainer("王老师", "wang@example.com")
		for _, path := range []string{base, base + "/compare/3.1", base + "/export/json", base + "/versions/1"} {
			if status, _ := other.Do("GET", path, nil, nil); status != 404 {
				t.Errorf("other trainer GET %s: %d", path, status)
			}
		}
		if status, _ := other.Do("POST", base+"/publish", map[string]any{}, nil); status != 404 {
			t.Errorf("other trainer publish: %d", status)
		}
	})
}

func TestRoomVoteOnADisputedField(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		w := tr.CreateWorkshop(3)
		for i, probs := range [][3]int{{10, 40, 70}, {20, 35, 60}, {15, 35, 65}} {
			buildStages(t, tr.Dial(w.ID, "trainer"), tr.Board(w.ID, "3.1", w.Groups[i].ID), probs, fmt.Sprintf("g%d", i))
		}
		base := "/api/workshops/" + w.ID + "/playbook"
		tr.Must(200, "POST", base+"/adopt", map[string]string{"activity": "3.1", "group": w.Groups[0].ID}, nil)
		field := "$.stages.stages[id=proposal].probability"
		sources := []map[string]string{}
		for _, g := range w.Groups {
			sources = append(sources, map[string]string{"group": g.ID, "path": field})
		}
		var vote struct {
			ID       string `json:"id"`
			Activity string `json:"activity"`
			Options  []struct {
				ID    string            `json:"id"`
				Title map[string]string `json:"title"`
				Count int               `json:"count"`
			} `json:"options"`
		}
		tr.Must(201, "POST", base+"/votes", map[string]any{"activity": "3.1", "path": field, "label": "方案报价 · 赢率", "sources": sources}, &vote)
		if len(vote.Options) != 2 || vote.Options[0].Title["zh-CN"] != "40（第1组）" || vote.Options[1].Title["zh-CN"] != "35（第2组、第3组）" {
			t.Fatalf("vote %+v", vote)
		}
		// The vote is the room's current activity, on every group's phones.
		p2, view := srv.Join(w.JoinCode, "王芳", w.Groups[1].ID)
		p1, view1 := srv.Join(w.JoinCode, "张伟", w.Groups[0].ID)
		for i, pv := range []*servertest.View{view, view1} {
			board := pv.Boards[vote.Activity]
			if board == "" {
				t.Fatalf("participant %d has no board for %s: %+v", i, vote.Activity, pv.Boards)
			}
			ws := []*servertest.Client{p2, p1}[i].Dial(w.ID, "participant")
			ws.Subscribe(board, -1)
			ws.Op(board, fmt.Sprintf("v%d", i), map[string]any{"kind": "poll.vote", "choices": []string{"o2"}})
		}
		var list struct {
			Votes []struct {
				Voters  int `json:"voters"`
				Options []struct {
					ID    string `json:"id"`
					Count int    `json:"count"`
				} `json:"options"`
			} `json:"votes"`
		}
		tr.Must(200, "GET", base+"/votes", nil, &list)
		if len(list.Votes) != 1 || list.Votes[0].Voters != 2 || list.Votes[0].Options[1].Count != 2 {
			t.Fatalf("votes %+v", list)
		}
		var v companyView
		tr.Must(200, "POST", base+"/votes/"+vote.ID+"/decide", map[string]any{}, &v)
		if v.Draft.Stages.Stages[1].Probability != 35 || v.Provenance[field].GroupName != "第2组" {
			t.Fatalf("after the vote: %+v %+v", v.Draft.Stages.Stages[1], v.Provenance[field])
		}
		if status, _ := tr.Do("POST", base+"/votes/"+vote.ID+"/decide", map[string]any{}, nil); status != 409 {
			t.Fatalf("deciding twice: %d", status)
		}
		// Nothing to vote on, or too little.
		agree := []map[string]string{{"group": w.Groups[1].ID, "path": field}, {"group": w.Groups[2].ID, "path": field}}
		if status, _ := tr.Do("POST", base+"/votes", map[string]any{"activity": "3.1", "path": field, "label": "x", "sources": agree}, nil); status != 409 {
			t.Fatalf("vote on agreeing values: %d", status)
		}
		if status, _ := tr.Do("POST", base+"/votes", map[string]any{"activity": "3.1", "path": field, "label": "x", "sources": agree[:1]}, nil); status != 400 {
			t.Fatalf("vote with one source: %d", status)
		}
		if status, _ := tr.Do("POST", base+"/votes", map[string]any{"activity": "3.1", "path": "$.kpis", "label": "x", "sources": sources}, nil); status != 400 {
			t.Fatalf("vote outside the section: %d", status)
		}
	})
}
