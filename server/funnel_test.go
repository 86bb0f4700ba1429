package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"playbook/server"
	"playbook/server/servertest"
	"playbook/store/storetest"
)

type reviewOut struct {
	ID         string          `json:"id"`
	Title      string          `json:"title"`
	WorkshopID *string         `json:"workshop_id"`
	Settings   json.RawMessage `json:"settings"`
	AnalyzedAt *string         `json:"analyzed_at"`
	Files      []struct {
		Role     string `json:"role"`
		Complete bool   `json:"complete"`
		Received int64  `json:"received"`
	} `json:"files"`
	Result json.RawMessage `json:"result"`
}

// upload sends data as a review's file in parts of partSize bytes and
// returns the status and body of the completing request.
func upload(t *testing.T, c *servertest.Client, rid, role, name string, data []byte, partSize int) (int, []byte) {
	t.Helper()
	if status, body := c.Do("POST", "/api/funnel/reviews/"+rid+"/files/"+role, map[string]any{"name": name, "size": len(data)}, nil); status != 201 {
		return status, body
	}
	for n, off := 0, 0; off < len(data); n, off = n+1, off+partSize {
		end := min(off+partSize, len(data))
		if status, body := c.Do("PUT", fmt.Sprintf("/api/funnel/reviews/%s/files/%s/parts/%d", rid, role, n), data[off:end], nil); status != 200 {
			t.Fatalf("part %d: %d %s", n, status, body)
		}
	}
	return c.Do("POST", "/api/funnel/reviews/"+rid+"/files/"+role+"/complete", map[string]any{}, nil)
}

// streamLines splits an NDJSON answer.
func streamLines(t *testing.T, body []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

func newReview(t *testing.T, c *servertest.Client, title string) reviewOut {
	t.Helper()
	var r reviewOut
	c.Must(201, "POST", "/api/funnel/reviews", map[string]any{"title": title}, &r)
	return r
}

var exportGBK = func() []byte {
	// A CRM export as Chinese Excel saves it: GBK, Chinese headers, one of
	// which (进展) is not recognised and must be mapped by hand.
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("商机编号,客户名称,负责人,进展,金额,创建日期,关闭日期,状态\n" +
		"A1,华东精密,张伟,初步接洽,100000,2026-05-01,,进行中\n" +
		"A2,南方医疗,李娜,方案评估,300000,2026-03-01,,进行中\n" +
		"A3,北辰物流,张伟,赢单,500000,2026-01-01,2026-03-02,赢单\n" +
		"A4,西岭能源,李娜,输单,80000,2026-01-15,2026-02-14,输单\n" +
		"A5,东港电梯,李娜,方案评估,5000,2026-04-01,2026-03-01,进行中\n"))
	if err != nil {
		panic(err)
	}
	return b
}()

func TestFunnelReviewUploadMapAnalyzeExport(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		r := newReview(t, tr, "2026 上半年漏斗复盘")
		status, body := upload(t, tr, r.ID, "opportunities", "商机导出.csv", exportGBK, 100)
		if status != 200 {
			t.Fatalf("complete: %d %s", status, body)
		}
		var done struct {
			Preview struct {
				Source  struct{ Encoding string }
				Header  []string
				Rows    [][]string
				Missing []string
				Problem *struct{ Code string }
			}
		}
		json.Unmarshal(body, &done)
		if done.Preview.Source.Encoding != "gb18030" || done.Preview.Header[3] != "进展" || len(done.Preview.Rows) != 5 ||
			done.Preview.Problem == nil || done.Preview.Problem.Code != "no_stage_column" {
			t.Fatalf("preview %s", body)
		}
		settings := map[string]any{"mapping": map[string]string{"stage": "进展"},
			"stages": map[string]any{"stages": []map[string]any{
				{"name": "初步接洽", "probability": 10, "max_days": 14}, {"name": "方案评估", "probability": 50, "max_days": 30},
				{"name": "赢单", "probability": 100, "won": true}, {"name": "输单", "probability": 0, "lost": true}}},
			"target": map[string]any{"amount": 2000000}, "as_of": "2026-06-30"}
		var pv struct {
			Preview struct {
				Stages  []struct{ Name string }
				Problem *struct{ Code string }
			}
		}
		tr.Must(200, "POST", "/api/funnel/reviews/"+r.ID+"/preview", map[string]any{"mapping": map[string]string{"stage": "进展"}}, &pv)
		if pv.Preview.Problem != nil || len(pv.Preview.Stages) != 4 {
			t.Fatalf("mapped preview %+v", pv)
		}
		// Analysis: a stream of progress lines, then the result.
		status, body = tr.Do("POST", "/api/funnel/reviews/"+r.ID+"/analyze", settings, nil)
		if status != 200 {
			t.Fatalf("analyze: %d %s", status, body)
		}
		lines := streamLines(t, body)
		if len(lines) < 2 || lines[0]["type"] != "progress" || lines[len(lines)-1]["type"] != "result" {
			t.Fatalf("stream %s", body)
		}
		res := lines[len(lines)-1]["review"].(map[string]any)["result"].(map[string]any)
		if res["opportunities"] != 4.0 || res["won"] != 1.0 || res["skipped_rows"] != 1.0 || res["weighted_pipeline"] != 160000.0 {
			t.Fatalf("result %v", res)
		}
		// The bad row (A5 closes before it opens) is listed with its row number.
		bad := res["bad_rows"].([]any)[0].(map[string]any)
		if bad["row"] != 6.0 || bad["code"] != "closes_before_opens" {
			t.Errorf("bad row %v", bad)
		}
		// The review keeps its settings and result.
		var got reviewOut
		tr.Must(200, "GET", "/api/funnel/reviews/"+r.ID, nil, &got)
		if got.AnalyzedAt == nil || len(got.Result) == 0 || !strings.Contains(string(got.Settings), "进展") || len(got.Files) != 1 || !got.Files[0].Complete {
			t.Fatalf("stored review %+v", got)
		}
		// A refused new upload leaves the earlier file in place.
		if status, _ := upload(t, tr, r.ID, "opportunities", "报告.csv", []byte("%PDF-1.7"), 100); status != 415 {
			t.Fatalf("pdf upload: %d", status)
		}
		tr.Must(200, "GET", "/api/funnel/reviews/"+r.ID, nil, &got)
		if len(got.Files) != 1 || got.Files[0].Role != "opportunities" || !got.Files[0].Complete {
			t.Fatalf("files after a refused upload %+v", got.Files)
		}
		// Export to XLSX.
		for _, lang := range []string{"zh-CN", "en"} {
			status, xlsx := tr.Do("GET", "/api/funnel/reviews/"+r.ID+"/export.xlsx?lang="+lang, nil, nil)
			if status != 200 {
				t.Fatalf("export: %d %s", status, xlsx)
			}
			f, err := excelize.OpenReader(bytes.NewReader(xlsx))
			if err != nil {
				t.Fatal(err)
			}
			if len(f.GetSheetList()) != 7 {
				t.Errorf("sheets %v", f.GetSheetList())
			}
			f.Close()
		}
		// Another trainer sees none of it.
		other := srv.Trainer("王老师", "wang@example.com")
		for _, rt := range []struct{ method, path string }{{"GET", ""}, {"PATCH", ""}, {"DELETE", ""}, {"GET", "/export.xlsx"},
			{"POST", "/analyze"}, {"POST", "/preview"}, {"POST", "/files/opportunities"}, {"POST", "/files/opportunities/complete"}} {
			var body any
			if rt.method != "GET" {
				body = map[string]any{}
			}
			if status, _ := other.Do(rt.method, "/api/funnel/reviews/"+r.ID+rt.path, body, nil); status != 404 {
				t.Errorf("other trainer %s %s: %d", rt.method, rt.path, status)
			}
		}
		var list struct{ Reviews []reviewOut }
		other.Must(200, "GET", "/api/funnel/reviews", nil, &list)
		if len(list.Reviews) != 0 {
			t.Errorf("other trainer lists %d reviews", len(list.Reviews))
		}
		tr.Must(204, "DELETE", "/api/funnel/reviews/"+r.ID, nil, nil)
		if status, _ := tr.Do("GET", "/api/funnel/reviews/"+r.ID, nil, nil); status != 404 {
			t.Error("deleted review still there")
		}
	})
}

func TestFunnelUploadRefusals(t *testing.T) {
	b := storetest.Backends(t)[0]
	srv := servertest.Start(t, b, servertest.Options{Config: server.Config{FunnelMaxUpload: 4000, FunnelMaxStored: 10000}})
	tr := srv.Trainer("李老师", "li@example.com")
	r := newReview(t, tr, "拒绝的文件")
	base := "/api/funnel/reviews/" + r.ID
	code := func(body []byte) string { return errOf(t, body).Error.Code }

	cases := []struct {
		name   string
		file   string
		data   []byte
		status int
		code   string
	}{
		{"over the upload limit", "big.csv", bytes.Repeat([]byte("a"), 4001), 413, "too_large"},
		{"a PDF by name", "report.pdf", []byte("%PDF-1.7"), 415, "not_table"},
		{"a PDF by its bytes", "report.csv", []byte("%PDF-1.7 ..."), 415, "not_table"},
		{"an old XLS", "old.xlsx", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 rest"), 415, "not_table"},
		{"a header without rows", "header.csv", []byte("阶段,金额\n"), 400, "empty"},
		{"only blank lines", "blank.csv", []byte("\n\n\n"), 400, "empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := upload(t, tr, r.ID, "opportunities", c.file, c.data, 1000)
			if status != c.status || code(body) != c.code {
				t.Fatalf("status %d %s, want %d %s", status, body, c.status, c.code)
			}
			if e := errOf(t, body); c.status != 413 && !strings.Contains(string(body), "message_zh") {
				t.Errorf("no Chinese reason: %+v", e)
			}
			var got reviewOut
			tr.Must(200, "GET", base, nil, &got)
			for _, f := range got.Files {
				if f.Complete {
					t.Errorf("a refused file was kept: %+v", f)
				}
			}
		})
	}
	// An empty declared size, and parts that break the order or the size.
	if status, body := tr.Do("POST", base+"/files/opportunities", map[string]any{"name": "x.csv", "size": 0}, nil); status != 400 || code(body) != "empty" {
		t.Errorf("zero size: %d %s", status, body)
	}
	tr.Must(201, "POST", base+"/files/opportunities", map[string]any{"name": "x.csv", "size": 10}, nil)
	if status, _ := tr.Do("PUT", base+"/files/opportunities/parts/1", []byte("abc"), nil); status != 409 {
		t.Errorf("out-of-order part: %d", status)
	}
	tr.Must(200, "PUT", base+"/files/opportunities/parts/0", []byte("阶段\n"), nil)
	if status, _ := tr.Do("POST", base+"/files/opportunities/complete", map[string]any{}, nil); status != 409 {
		t.Errorf("complete with bytes missing: %d", status)
	}
	if status, _ := tr.Do("PUT", base+"/files/opportunities/parts/1", []byte("too many bytes"), nil); status != 409 {
		t.Errorf("more than declared: %d", status)
	}
	if status, _ := tr.Do("POST", base+"/files/ledger", map[string]any{"name": "x.csv", "size": 10}, nil); status != 404 {
		t.Errorf("unknown role: %d", status)
	}
	// The stored-bytes quota: 10000 bytes per trainer.
	r2 := newReview(t, tr, "配额")
	tr.Must(201, "POST", "/api/funnel/reviews/"+r2.ID+"/files/opportunities", map[string]any{"name": "a.csv", "size": 4000}, nil)
	tr.Must(201, "POST", "/api/funnel/reviews/"+r2.ID+"/files/history", map[string]any{"name": "b.csv", "size": 4000}, nil)
	if status, body := tr.Do("POST", "/api/funnel/reviews/"+r2.ID+"/files/history", map[string]any{"name": "b.csv", "size": 3000}, nil); status != 201 {
		t.Errorf("replacing a file counts only the new size: %d %s", status, body)
	}
	r3 := newReview(t, tr, "配额 2")
	if status, body := tr.Do("POST", "/api/funnel/reviews/"+r3.ID+"/files/opportunities", map[string]any{"name": "c.csv", "size": 4000}, nil); status != 413 || code(body) != "quota" {
		t.Errorf("over the quota: %d %s", status, body)
	}

	// Analysis refusals come before the stream, with a status.
	r4 := newReview(t, tr, "分析")
	if status, _ := tr.Do("POST", "/api/funnel/reviews/"+r4.ID+"/analyze", map[string]any{}, nil); status != 409 {
		t.Errorf("analyze without a file: %d", status)
	}
	status, body := upload(t, tr, r4.ID, "opportunities", "nostage.csv", []byte("商机编号,金额\nA,1\n"), 1000)
	if status != 200 {
		t.Fatalf("upload: %d %s", status, body)
	}
	for _, c := range []struct {
		name     string
		settings any
		status   int
		code     string
	}{
		{"no stage column", map[string]any{}, 400, "no_stage_column"},
		{"mapping to a missing column", map[string]any{"mapping": map[string]string{"stage": "阶段"}}, 400, "bad_mapping"},
		{"unknown field", map[string]any{"colour": 1}, 400, "invalid"},
		{"unknown mapping field", map[string]any{"mapping": map[string]string{"colour": "金额"}}, 400, "bad_mapping"},
		{"falling probabilities", map[string]any{"stages": map[string]any{"stages": []map[string]any{{"name": "A", "probability": 50}, {"name": "B", "probability": 20}}}}, 400, "bad_stages"},
		{"bad target", map[string]any{"target": map[string]any{"amount": -1}}, 400, "invalid"},
		{"bad date order", map[string]any{"date_order": "ymd"}, 400, "invalid"},
	} {
		status, body := tr.Do("POST", "/api/funnel/reviews/"+r4.ID+"/analyze", c.settings, nil)
		if status != c.status || code(body) != c.code {
			t.Errorf("%s: %d %s", c.name, status, body)
		}
	}
	// A part larger than 4 MB is refused.
	if status, _ := tr.Do("PUT", base+"/files/opportunities/parts/0", bytes.Repeat([]byte("a"), 4<<20+1), nil); status != 413 {
		t.Errorf("part over 4 MB: %d", status)
	}
}

func TestWorkshopFunnelBoards(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		w := tr.CreateWorkshop(2)
		r := newReview(t, tr, "客户的商机数据")
		data, err := os.ReadFile("../exercises/funnel/testdata/small.csv")
		if err != nil {
			t.Fatal(err)
		}
		if status, body := upload(t, tr, r.ID, "opportunities", "small.csv", data, 4<<20); status != 200 {
			t.Fatalf("upload %d %s", status, body)
		}
		if status, body := tr.Do("POST", "/api/workshops/"+w.ID+"/funnel", map[string]any{"source": "review", "review_id": r.ID}, nil); status != 409 {
			t.Errorf("load before analysis: %d %s", status, body)
		}
		if status, body := tr.Do("POST", "/api/funnel/reviews/"+r.ID+"/analyze", map[string]any{}, nil); status != 200 || !bytes.Contains(body, []byte(`"type":"result"`)) {
			t.Fatalf("analyze %d %s", status, body)
		}
		var loaded struct {
			Activity string
			Boards   int
		}
		tr.Must(200, "POST", "/api/workshops/"+w.ID+"/funnel", map[string]any{"source": "review", "review_id": r.ID}, &loaded)
		if loaded.Activity != "5.0" || loaded.Boards != 2 {
			t.Fatalf("loaded %+v", loaded)
		}
		// The case's sample data set loads the same way.
		var sample struct {
			Boards  int
			Dataset struct{ Source, Name string }
		}
		tr.Must(200, "POST", "/api/workshops/"+w.ID+"/funnel", map[string]any{"source": "sample"}, &sample)
		if sample.Boards != 2 || sample.Dataset.Source != "sample" || sample.Dataset.Name == "" {
			t.Fatalf("sample %+v", sample)
		}
		tr.Must(200, "POST", "/api/workshops/"+w.ID+"/funnel", map[string]any{"source": "review", "review_id": r.ID}, &loaded)
		// A participant of group 1 sees the analysis on the group's board.
		p, view := srv.Join(w.JoinCode, "王芳", w.Groups[0].ID)
		board := view.Boards["5.0"]
		if board == "" {
			t.Fatalf("no 5.0 board in %v", view.Boards)
		}
		ws := p.Dial(w.ID, "participant")
		msgs := ws.Subscribe(board, -1)
		snap := msgs[0]
		state, _ := json.Marshal(snap["state"])
		if snap["type"] != "snapshot" || !bytes.Contains(state, []byte(`"opportunities":9`)) || !bytes.Contains(state, []byte("客户的商机数据")) {
			t.Fatalf("snapshot %s", state)
		}
		// Once the trainer opens 5.0, the group writes its findings.
		if m := ws.OpResult(board, "f0", map[string]any{"kind": "finding.add", "id": "f0", "topic": "leak", "text": "x"}); m["code"] != "activity_closed" {
			t.Errorf("finding before 5.0 is open: %v", m)
		}
		tw := tr.Dial(w.ID, "trainer")
		tw.Op(w.ControlBoard, "open-5-0", map[string]any{"kind": "activity.open", "activity": "5.0"})
		ws.Op(board, "f1", map[string]any{"kind": "finding.add", "id": "f1", "topic": "leak", "text": "方案评估之后流失最多"})
		// Refusals: another trainer's review, a bad source, no such activity.
		other := srv.Trainer("王老师", "wang@example.com")
		r2 := newReview(t, other, "别人的")
		for _, c := range []struct {
			body   map[string]any
			status int
		}{
			{map[string]any{"source": "review", "review_id": r2.ID}, 404},
			{map[string]any{"source": "web"}, 400},
			{map[string]any{"source": "review", "review_id": r.ID, "activity": "1.1"}, 400},
		} {
			if status, body := tr.Do("POST", "/api/workshops/"+w.ID+"/funnel", c.body, nil); status != c.status {
				t.Errorf("%v: %d %s", c.body, status, body)
			}
		}
		if status, _ := other.Do("POST", "/api/workshops/"+w.ID+"/funnel", map[string]any{"source": "review", "review_id": r2.ID}, nil); status != 404 {
			t.Errorf("another trainer's workshop: %d", status)
		}
		_ = http.StatusOK
	})
}
