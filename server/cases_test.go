package server_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"

	"playbook/cases"
	"playbook/server/servertest"
)

// Markers that must never reach a participant.
const (
	secretNotes   = "讲师秘密笔记-7Q2X"
	secretNotesEN = "TRAINER-ONLY-NOTE-7Q2X"
)

// builtinNotesFragment is a phrase of the elevator case's teaching notes.
func builtinNotesFragment(t *testing.T) []string {
	c, ok := cases.BuiltinCase("elevator-maintenance-iceberg")
	if !ok {
		t.Fatal("built-in case missing")
	}
	return []string{firstLine(c.ZH.TeachingNotes), firstLine(c.EN.TeachingNotes)}
}

func firstLine(s string) string {
	line := strings.SplitN(s, "\n", 2)[0]
	r := []rune(line)
	if len(r) > 30 {
		r = r[:30]
	}
	return string(r)
}

func caseBody(title string, extra map[string]any) map[string]any {
	zh := map[string]any{
		"title": title, "industry": "电梯维保", "tags": []string{"冰山模型", "测试"},
		"summary": "一个测试用的案例。", "background": "某电梯维保公司在华东服务1,200台电梯。",
		"questions": "1. 水面下有什么?", "teaching_notes": secretNotes,
	}
	en := map[string]any{"title": "Test case " + title, "industry": "Elevator maintenance", "tags": []string{"iceberg"},
		"summary": "A test case.", "teaching_notes": secretNotesEN}
	body := map[string]any{"modules": []int{4}, "zh-CN": zh, "en": en}
	for k, v := range extra {
		body[k] = v
	}
	return body
}

type caseResp struct {
	ID       string         `json:"id"`
	Modules  []int          `json:"modules"`
	Scope    string         `json:"scope"`
	Editable bool           `json:"editable"`
	BasedOn  string         `json:"based_on"`
	Appendix bool           `json:"appendix"`
	Client   string         `json:"client"`
	ZH       *cases.Variant `json:"zh-CN"`
	EN       *cases.Variant `json:"en"`
	Files    []struct {
		Name        string `json:"name"`
		ContentType string `json:"content_type"`
		Size        int64  `json:"size"`
		URL         string `json:"url"`
	} `json:"files"`
}

type listResp struct {
	Cases []struct {
		ID    string `json:"id"`
		Scope string `json:"scope"`
		ZH    struct {
			Title string `json:"title"`
		} `json:"zh-CN"`
		Match *struct {
			Field, Lang, Snippet string
		} `json:"match"`
	} `json:"cases"`
	Total  int          `json:"total"`
	Facets cases.Facets `json:"facets"`
}

func listIDs(l listResp) []string {
	out := make([]string, len(l.Cases))
	for i, c := range l.Cases {
		out[i] = c.ID
	}
	return out
}

func pngData(t *testing.T) []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 3, 2)))
	return b.Bytes()
}

// uploadCaseFile sends one file as multipart/form-data.
func uploadCaseFile(t *testing.T, c *servertest.Client, path, filename string, data []byte) (int, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	w, _ := mw.CreateFormFile("file", filename)
	w.Write(data)
	mw.Close()
	status, body, _ := c.DoRaw("POST", path, mw.FormDataContentType(), b.Bytes())
	return status, body
}

func TestCaseLibraryCreateSearchEditCopyDelete(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		var created caseResp
		tr.Must(201, "POST", "/api/cases", caseBody("某电梯公司的新案例", nil), &created)
		if created.ID == "" || created.Scope != "own" || !created.Editable || created.ZH.TeachingNotes != secretNotes {
			t.Fatalf("created %+v", created)
		}
		var got caseResp
		tr.Must(200, "GET", "/api/cases/"+created.ID, nil, &got)
		if got.ZH.Title != "某电梯公司的新案例" || got.EN.TeachingNotes != secretNotesEN {
			t.Fatalf("got %+v", got)
		}

		// Search: Chinese substring over title, summary and body, both languages.
		var l listResp
		tr.Must(200, "GET", "/api/cases?q="+urlq("电梯"), nil, &l)
		ids := listIDs(l)
		if len(ids) < 2 || !contains(ids, "elevator-maintenance-iceberg") || !contains(ids, created.ID) {
			t.Fatalf("search 电梯: %v", ids)
		}
		if l.Cases[0].Match == nil || l.Cases[0].Match.Field != "title" {
			t.Fatalf("first hit should match in its title: %+v", l.Cases[0])
		}
		tr.Must(200, "GET", "/api/cases?q="+urlq("1,200台"), nil, &l)
		if ids := listIDs(l); !contains(ids, created.ID) {
			t.Fatalf("body search: %v", ids)
		}
		tr.Must(200, "GET", "/api/cases?q="+urlq("ICEBERG")+"&scope=own", nil, &l)
		if ids := listIDs(l); len(ids) != 1 || ids[0] != created.ID {
			t.Fatalf("English, own scope: %v", ids)
		}
		tr.Must(200, "GET", "/api/cases?module=5", nil, &l)
		if ids := listIDs(l); !contains(ids, "sales-data-analysis") || contains(ids, created.ID) {
			t.Fatalf("module filter: %v", ids)
		}
		tr.Must(200, "GET", "/api/cases?industry="+urlq("电梯维保")+"&tag="+urlq("测试"), nil, &l)
		if ids := listIDs(l); len(ids) != 1 || ids[0] != created.ID {
			t.Fatalf("industry and tag: %v", ids)
		}
		var sc struct {
			Scenarios []cases.Brief `json:"scenarios"`
		}
		tr.Must(200, "GET", "/api/cases/scenarios", nil, &sc)
		if len(sc.Scenarios) < 3 || sc.Scenarios[0].ZH == nil || sc.Scenarios[0].ZH.SellerBrief == "" {
			t.Fatalf("scenarios %+v", sc)
		}
		tr.Must(200, "GET", "/api/cases?roleplay=true", nil, &l)
		if l.Total < 3 || len(l.Facets.Industries) == 0 {
			t.Fatalf("role plays %d, facets %+v", l.Total, l.Facets)
		}

		// Update.
		body := caseBody("改过的标题", map[string]any{"roleplay": false})
		var upd caseResp
		tr.Must(200, "PUT", "/api/cases/"+created.ID, body, &upd)
		if upd.ZH.Title != "改过的标题" || upd.ID != created.ID {
			t.Fatalf("update %+v", upd)
		}

		// Built-in cases are read-only; copying one gives an editable case with its files.
		status, data := tr.Do("PUT", "/api/cases/sales-data-analysis", body, nil)
		if status != 403 || errOf(t, data).Error.Code != "forbidden" {
			t.Fatalf("edit built-in: %d %s", status, data)
		}
		if status, _ := tr.Do("DELETE", "/api/cases/sales-data-analysis", nil, nil); status != 403 {
			t.Fatalf("delete built-in: %d", status)
		}
		var cp caseResp
		tr.Must(201, "POST", "/api/cases/sales-data-analysis/copy", nil, &cp)
		if cp.ID == "sales-data-analysis" || cp.BasedOn != "sales-data-analysis" || !cp.Editable || len(cp.Files) != 2 {
			t.Fatalf("copy %+v", cp)
		}
		status, csv, hdr := tr.DoRaw("GET", cp.Files[0].URL, "", nil)
		want, _ := cases.SampleData()
		if status != 200 || !bytes.Equal(csv, want) || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") ||
			!strings.HasPrefix(hdr.Get("Content-Disposition"), "attachment") {
			t.Fatalf("copied data file: %d %s %v", status, hdr.Get("Content-Type"), len(csv))
		}
		var edited caseResp
		copyBody := caseBody("我的数据分析案例", nil)
		copyBody["zh-CN"].(map[string]any)["exhibits"] = "[数据](opportunities.csv)"
		tr.Must(200, "PUT", "/api/cases/"+cp.ID, copyBody, &edited)

		tr.Must(204, "DELETE", "/api/cases/"+created.ID, nil, nil)
		if status, _ := tr.Do("GET", "/api/cases/"+created.ID, nil, nil); status != 404 {
			t.Fatalf("deleted case: %d", status)
		}
	})
}

func TestCaseBadInputIsRefused(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		withZH := func(k string, v any) map[string]any {
			b := caseBody("标题", nil)
			b["zh-CN"].(map[string]any)[k] = v
			return b
		}
		cases := []struct {
			name   string
			body   any
			status int
			field  string
		}{
			{"malformed JSON", `{"modules":[4],`, 400, ""},
			{"unknown field", map[string]any{"modules": []int{4}, "colour": "red"}, 400, "colour"},
			{"unknown variant field", withZH("secret", "x"), 400, "secret"},
			{"wrong type", map[string]any{"modules": "4"}, 400, "modules"},
			{"no variant", map[string]any{"modules": []int{4}}, 400, "title"},
			{"no title", withZH("title", ""), 400, "title.zh-CN"},
			{"module 9", caseBody("t", map[string]any{"modules": []int{9}}), 400, "modules"},
			{"heading in a section", withZH("background", "正文\n## 新的一节\n"), 400, "background.zh-CN"},
			{"comma in a tag", withZH("tags", []string{"a,b"}), 400, "tags.zh-CN"},
			{"long title", withZH("title", strings.Repeat("长", 121)), 400, "title.zh-CN"},
			{"image not uploaded", withZH("exhibits", "![图](chart.png)"), 400, "files"},
			{"role play without brief", caseBody("t", map[string]any{"roleplay": true}), 400, "buyer.zh-CN"},
			{"body too large", withZH("background", strings.Repeat("长", 230000)), 413, ""},
			{"file too large", func() map[string]any {
				b := caseBody("t", nil)
				for _, k := range []string{"background", "situation", "actions", "results", "exhibits"} {
					b["zh-CN"].(map[string]any)[k] = strings.Repeat("长", 19000)
				}
				return b
			}(), 413, ""},
		}
		for _, tc := range cases {
			status, data := tr.Do("POST", "/api/cases", tc.body, nil)
			if status != tc.status {
				t.Errorf("%s: status %d, want %d: %.200s", tc.name, status, tc.status, data)
				continue
			}
			if e := errOf(t, data); tc.field != "" && e.Error.Field != tc.field {
				t.Errorf("%s: field %q, want %q (%s)", tc.name, e.Error.Field, tc.field, e.Error.Message)
			}
		}
		for _, q := range []string{"module=0", "module=x", "roleplay=maybe", "scope=everyone", "lang=fr", "q=" + strings.Repeat("a", 201)} {
			if status, _ := tr.Do("GET", "/api/cases?"+q, nil, nil); status != 400 {
				t.Errorf("GET /api/cases?%.30s: %d", q, status)
			}
		}
		var l listResp
		tr.Must(200, "GET", "/api/cases?scope=own", nil, &l)
		if l.Total != 0 {
			t.Fatalf("refused cases were stored: %d", l.Total)
		}
	})
}

func TestCaseImages(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		var c caseResp
		tr.Must(201, "POST", "/api/cases", caseBody("带图的案例", nil), &c)
		img := pngData(t)
		status, data := uploadCaseFile(t, tr, "/api/cases/"+c.ID+"/files", "漏斗 Chart (final).PNG", img)
		var up struct{ Name, URL, Markdown, Content_Type string }
		json.Unmarshal(data, &up)
		if status != 201 || up.Name != "chart-final.png" || up.Markdown != "![chart-final](chart-final.png)" {
			t.Fatalf("upload: %d %s", status, data)
		}
		status, data = uploadCaseFile(t, tr, "/api/cases/"+c.ID+"/files", "chart final.png", img)
		json.Unmarshal(data, &up)
		if status != 201 || up.Name != "chart-final-2.png" {
			t.Fatalf("second upload with the same name: %d %s", status, data)
		}
		status, got, hdr := tr.DoRaw("GET", "/api/cases/"+c.ID+"/files/chart-final.png", "", nil)
		if status != 200 || !bytes.Equal(got, img) || hdr.Get("Content-Type") != "image/png" || hdr.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("download: %d %q %v", status, hdr.Get("Content-Type"), len(got))
		}
		refused := []struct {
			name, file string
			data       []byte
			status     int
		}{
			{"svg", "x.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), 415},
			{"html named png", "x.png", []byte("<html><script>alert(1)</script></html>"), 415},
			{"damaged png", "x.png", img[:30], 400},
			{"too large", "x.png", append(append([]byte{}, img...), make([]byte, cases.MaxImageBytes)...), 413},
		}
		for _, r := range refused {
			if status, data := uploadCaseFile(t, tr, "/api/cases/"+c.ID+"/files", r.file, r.data); status != r.status {
				t.Errorf("%s: %d, want %d: %s", r.name, status, r.status, data)
			}
		}
		if status, _, _ := tr.DoRaw("POST", "/api/cases/"+c.ID+"/files", "application/json", []byte(`{}`)); status != 400 {
			t.Errorf("upload without a file: %d", status)
		}
		if status, _ := uploadCaseFile(t, tr, "/api/cases/four-steel-frames/files", "x.png", img); status != 403 {
			t.Errorf("upload to a built-in case: %d", status)
		}
		// The case may now show the image; a shown image cannot be deleted.
		body := caseBody("带图的案例", nil)
		body["zh-CN"].(map[string]any)["exhibits"] = "![漏斗](chart-final.png)"
		tr.Must(200, "PUT", "/api/cases/"+c.ID, body, nil)
		if status, data := tr.Do("DELETE", "/api/cases/"+c.ID+"/files/chart-final.png", nil, nil); status != 409 {
			t.Fatalf("delete a shown image: %d %s", status, data)
		}
		tr.Must(204, "DELETE", "/api/cases/"+c.ID+"/files/chart-final-2.png", nil, nil)
		// Another trainer sees nothing of it.
		other := srv.Trainer("王老师", "wang@example.com")
		if status, _, _ := other.DoRaw("GET", "/api/cases/"+c.ID+"/files/chart-final.png", "", nil); status != 404 {
			t.Fatalf("another trainer's image: %d", status)
		}
	})
}

func zipEntries(t *testing.T, data []byte) map[string][]byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		out[f.Name] = b.Bytes()
	}
	return out
}

func TestCaseZipRoundTripAndPerFileErrors(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		var c caseResp
		tr.Must(201, "POST", "/api/cases", caseBody("要导出的案例", nil), &c)
		img := pngData(t)
		uploadCaseFile(t, tr, "/api/cases/"+c.ID+"/files", "chart.png", img)
		body := caseBody("要导出的案例", nil)
		body["zh-CN"].(map[string]any)["exhibits"] = "![图](chart.png)"
		tr.Must(200, "PUT", "/api/cases/"+c.ID, body, nil)
		var before caseResp
		tr.Must(200, "GET", "/api/cases/"+c.ID, nil, &before)

		status, zipData, hdr := tr.DoRaw("GET", "/api/cases/export", "", nil)
		if status != 200 || hdr.Get("Content-Type") != "application/zip" || !strings.Contains(hdr.Get("Content-Disposition"), "attachment") {
			t.Fatalf("export: %d %v", status, hdr)
		}
		entries := zipEntries(t, zipData)
		if len(entries) != 2 || !bytes.Equal(entries[c.ID+"/chart.png"], img) || !bytes.Contains(entries[c.ID+"/case.md"], []byte(secretNotes)) {
			t.Fatalf("zip entries %v", keys(entries))
		}

		// Delete, then import: the same case comes back, id, text and image.
		tr.Must(204, "DELETE", "/api/cases/"+c.ID, nil, nil)
		var rep struct {
			Imported []struct{ File, ID, Title, Action, From string } `json:"imported"`
		}
		status, data, _ := tr.DoRaw("POST", "/api/cases/import", "application/zip", zipData)
		json.Unmarshal(data, &rep)
		if status != 200 || len(rep.Imported) != 1 || rep.Imported[0].ID != c.ID || rep.Imported[0].Action != "created" {
			t.Fatalf("import: %d %s", status, data)
		}
		var after caseResp
		tr.Must(200, "GET", "/api/cases/"+c.ID, nil, &after)
		if fmt.Sprint(after.ZH, after.EN, after.Modules) != fmt.Sprint(before.ZH, before.EN, before.Modules) || len(after.Files) != 1 {
			t.Fatalf("round trip changed the case:\n%+v\n%+v", before, after)
		}
		_, again, _ := tr.DoRaw("GET", "/api/cases/"+c.ID+"/export", "", nil)
		if e := zipEntries(t, again); !bytes.Equal(e[c.ID+"/case.md"], entries[c.ID+"/case.md"]) {
			t.Fatal("exported file differs after a round trip")
		}
		// Importing again updates in place; a built-in case's zip becomes a copy.
		status, data, _ = tr.DoRaw("POST", "/api/cases/import", "application/zip", zipData)
		if json.Unmarshal(data, &rep); status != 200 || rep.Imported[0].Action != "updated" {
			t.Fatalf("re-import: %d %s", status, data)
		}
		_, builtinZip, _ := tr.DoRaw("GET", "/api/cases/four-steel-frames/export", "", nil)
		status, data, _ = tr.DoRaw("POST", "/api/cases/import", "application/zip", builtinZip)
		if json.Unmarshal(data, &rep); status != 200 || rep.Imported[0].Action != "copied" || rep.Imported[0].From != "four-steel-frames" {
			t.Fatalf("import a built-in case: %d %s", status, data)
		}

		// A zip with one bad file: every bad file reported, nothing stored.
		var l0 listResp
		tr.Must(200, "GET", "/api/cases?scope=mine", nil, &l0)
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		good := entries[c.ID+"/case.md"]
		for name, content := range map[string][]byte{
			"fresh/case.md":  bytes.Replace(good, []byte("id: "+c.ID), []byte("id: fresh-case"), 1),
			"broken/case.md": []byte("---\nid: broken\nmodules: [4\n---\n"),
			"fresh/evil.svg": []byte("<svg onload=alert(1)>"),
		} {
			w, _ := zw.Create(name)
			w.Write(content)
		}
		zw.Close()
		status, data, _ = tr.DoRaw("POST", "/api/cases/import", "application/zip", b.Bytes())
		var bad struct {
			Error struct{ Code, Message string }
			Files []cases.FileError `json:"files"`
		}
		json.Unmarshal(data, &bad)
		if status != 400 || bad.Error.Code != "invalid_import" || len(bad.Files) != 3 {
			t.Fatalf("bad zip: %d %s", status, data)
		}
		for _, f := range bad.Files {
			switch {
			case f.File == "broken/case.md" && strings.Contains(f.Message, "not closed"):
			case f.File == "fresh/evil.svg" && strings.Contains(f.Message, "file name"):
			case f.File == "fresh/case.md" && strings.Contains(f.Message, "chart.png"): // its image is not in the zip
			default:
				t.Errorf("unexpected report %+v", f)
			}
			if f.File == "broken/case.md" && f.Line != 3 {
				t.Errorf("line of the broken front matter: %d", f.Line)
			}
		}
		var l1 listResp
		tr.Must(200, "GET", "/api/cases?scope=mine", nil, &l1)
		if l1.Total != l0.Total || contains(listIDs(l1), "fresh-case") {
			t.Fatalf("a refused import stored cases: %d → %d", l0.Total, l1.Total)
		}
		if status, _, _ := tr.DoRaw("POST", "/api/cases/import", "text/plain", []byte("x")); status != 415 {
			t.Fatalf("import as text: %d", status)
		}
		if status, _, _ := tr.DoRaw("POST", "/api/cases/import", "application/zip", []byte("not a zip")); status != 400 {
			t.Fatalf("import garbage: %d", status)
		}
	})
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func urlq(s string) string { return url.QueryEscape(s) }

// One trainer's cases are invisible to another: every route answers 404.
func TestCasesArePrivateToTheirTrainer(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		a := srv.Trainer("李老师", "li@example.com")
		b := srv.Trainer("王老师", "wang@example.com")
		var c caseResp
		a.Must(201, "POST", "/api/cases", caseBody("李老师的私有案例", nil), &c)
		uploadCaseFile(t, a, "/api/cases/"+c.ID+"/files", "x.png", pngData(t))
		wb := b.CreateWorkshop(1)
		for _, r := range []struct{ method, path string }{
			{"GET", "/api/cases/" + c.ID},
			{"PUT", "/api/cases/" + c.ID},
			{"PATCH", "/api/cases/" + c.ID},
			{"DELETE", "/api/cases/" + c.ID},
			{"POST", "/api/cases/" + c.ID + "/copy"},
			{"GET", "/api/cases/" + c.ID + "/export"},
			{"GET", "/api/cases/" + c.ID + "/files/x.png"},
			{"DELETE", "/api/cases/" + c.ID + "/files/x.png"},
			{"POST", "/api/workshops/" + wb.ID + "/activities/4.2/cases"},
		} {
			var body any
			switch {
			case r.method == "PUT":
				body = caseBody("偷改", nil)
			case r.method == "PATCH":
				body = map[string]any{"appendix": false}
			case strings.HasSuffix(r.path, "/cases") && r.method == "POST":
				body = map[string]any{"case": c.ID}
			}
			if status, data := b.Do(r.method, r.path, body, nil); status != 404 {
				t.Errorf("%s %s by another trainer: %d %s", r.method, r.path, status, data)
			}
		}
		var l listResp
		b.Must(200, "GET", "/api/cases?q="+urlq("私有"), nil, &l)
		if l.Total != 0 {
			t.Fatal("another trainer finds the case by search")
		}
		_, zipData, _ := b.DoRaw("GET", "/api/cases/export?scope=all", "", nil)
		for name := range zipEntries(t, zipData) {
			if strings.HasPrefix(name, c.ID+"/") {
				t.Fatal("another trainer's export holds the case")
			}
		}
		// Importing a zip that carries a's case id makes b a copy; a's case is untouched.
		_, az, _ := a.DoRaw("GET", "/api/cases/"+c.ID+"/export", "", nil)
		status, data, _ := b.DoRaw("POST", "/api/cases/import", "application/zip", az)
		var rep struct {
			Imported []struct{ ID, Action, From string } `json:"imported"`
		}
		json.Unmarshal(data, &rep)
		if status != 200 || rep.Imported[0].ID == c.ID || rep.Imported[0].Action != "copied" {
			t.Fatalf("import of another trainer's id: %d %s", status, data)
		}
		a.Must(200, "GET", "/api/cases/"+c.ID, nil, nil)
	})
}

// The acceptance path on the API: the trainer finds the elevator case by
// searching 电梯, attaches it to activity 4.2, a participant opens it, and no
// response and no websocket frame the participant gets holds teaching notes.
func TestParticipantsNeverSeeTeachingNotes(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		w := tr.CreateWorkshop(2)
		var l listResp
		tr.Must(200, "GET", "/api/cases?q="+urlq("电梯"), nil, &l)
		if len(l.Cases) == 0 || l.Cases[0].ID != "elevator-maintenance-iceberg" {
			t.Fatalf("search 电梯 → %v", listIDs(l))
		}
		tr.Must(201, "POST", "/api/workshops/"+w.ID+"/activities/4.2/cases", map[string]string{"case": "elevator-maintenance-iceberg"}, nil)
		var own caseResp
		tr.Must(201, "POST", "/api/cases", caseBody("讲师自己的案例", nil), &own)
		uploadCaseFile(t, tr, "/api/cases/"+own.ID+"/files", "pic.png", pngData(t))
		tr.Must(201, "POST", "/api/workshops/"+w.ID+"/activities/4.2/cases", map[string]string{"case": own.ID}, nil)
		if status, _ := tr.Do("POST", "/api/workshops/"+w.ID+"/activities/4.2/cases", map[string]string{"case": own.ID}, nil); status != 409 {
			t.Fatalf("attach twice: %d", status)
		}
		if status, _ := tr.Do("POST", "/api/workshops/"+w.ID+"/activities/9.9/cases", map[string]string{"case": own.ID}, nil); status != 404 {
			t.Fatalf("attach to an unknown activity: %d", status)
		}
		var att struct {
			Attachments []struct {
				Activity string              `json:"activity"`
				Case     struct{ ID string } `json:"case"`
			} `json:"attachments"`
		}
		tr.Must(200, "GET", "/api/workshops/"+w.ID+"/cases", nil, &att)
		if len(att.Attachments) != 2 || att.Attachments[0].Case.ID != "elevator-maintenance-iceberg" || att.Attachments[1].Activity != "4.2" {
			t.Fatalf("attachments %+v", att)
		}

		p, _ := srv.Join(w.JoinCode, "王芳", "")
		var seen [][]byte
		get := func(path string, want int) []byte {
			t.Helper()
			status, data, _ := p.DoRaw("GET", path, "", nil)
			if status != want {
				t.Fatalf("participant GET %s: %d, want %d: %s", path, status, want, data)
			}
			seen = append(seen, data)
			return data
		}
		var pl struct {
			Activities map[string][]struct{ ID string } `json:"activities"`
		}
		json.Unmarshal(get("/api/p/"+w.ID+"/cases", 200), &pl)
		if len(pl.Activities["4.2"]) != 2 {
			t.Fatalf("participant list %+v", pl)
		}
		var pc struct {
			ID    string                 `json:"id"`
			ZH    map[string]any         `json:"zh-CN"`
			Files []struct{ URL string } `json:"files"`
		}
		json.Unmarshal(get("/api/p/"+w.ID+"/cases/elevator-maintenance-iceberg", 200), &pc)
		if pc.ID != "elevator-maintenance-iceberg" || pc.ZH["situation"] == "" {
			t.Fatalf("participant case %+v", pc)
		}
		json.Unmarshal(get("/api/p/"+w.ID+"/cases/"+own.ID, 200), &pc)
		if len(pc.Files) != 1 || !strings.HasPrefix(pc.Files[0].URL, "/api/p/"+w.ID+"/cases/"+own.ID+"/files/") {
			t.Fatalf("participant files %+v", pc.Files)
		}
		get(pc.Files[0].URL, 200)
		get("/api/p/"+w.ID+"/cases/sales-data-analysis", 404) // not attached
		get("/api/p/"+w.ID+"/cases/sales-data-analysis/files/opportunities.csv", 404)
		get("/api/p/"+w.ID+"/", 200)
		// Trainer routes are closed to participants.
		for _, path := range []string{"/api/cases", "/api/cases/elevator-maintenance-iceberg", "/api/cases/" + own.ID,
			"/api/cases/elevator-maintenance-iceberg/export", "/api/cases/export", "/api/workshops/" + w.ID + "/cases",
			"/api/workshops/" + w.ID + "/cases/elevator-maintenance-iceberg"} {
			get(path, 401)
		}
		// A participant of another workshop gets nothing of this one.
		w2 := tr.CreateWorkshop(1)
		p2, _ := srv.Join(w2.JoinCode, "赵六", "")
		if status, _, _ := p2.DoRaw("GET", "/api/p/"+w.ID+"/cases/elevator-maintenance-iceberg", "", nil); status != 401 {
			t.Fatalf("another workshop's participant: %d", status)
		}

		// The projector may also show a case the curriculum uses without it
		// being attached; participants still cannot open that one.
		tr.Must(200, "GET", "/api/workshops/"+w.ID+"/cases/sales-data-analysis", nil, nil)
		var sug struct {
			Suggestions []struct {
				Activity string
				Case     struct{ ID string }
			}
		}
		tr.Must(200, "GET", "/api/workshops/"+w.ID+"/cases", nil, &sug)
		found := false
		for _, s := range sug.Suggestions {
			if s.Activity == "5.0" && s.Case.ID == "sales-data-analysis" {
				found = true
			}
			if s.Activity == "4.2" && s.Case.ID == "elevator-maintenance-iceberg" {
				t.Fatal("an attached case is still suggested")
			}
		}
		if !found {
			t.Fatalf("the curriculum's suggestion for 5.0 is missing: %+v", sug)
		}

		// The projector view is the participant view too.
		var proj map[string]any
		tr.Must(200, "GET", "/api/workshops/"+w.ID+"/cases/"+own.ID, nil, &proj)
		raw, _ := json.Marshal(proj)
		if bytes.Contains(raw, []byte(secretNotes)) || bytes.Contains(raw, []byte("teaching_notes")) {
			t.Fatalf("projector view leaks notes: %s", raw)
		}

		// Live: the trainer shows the case on the projector; the participant's
		// socket sees only its id.
		pws := p.Dial(w.ID, "participant")
		pws.Subscribe(w.ControlBoard, -1)
		tws := tr.Dial(w.ID, "trainer")
		tws.Subscribe(w.ControlBoard, -1)
		if m := tws.OpResult(w.ControlBoard, "show-x", map[string]any{"kind": "case.show", "case": "crm-adoption"}); m["code"] != "not_found" {
			t.Fatalf("showing an unattached case: %v", m)
		}
		ack := tws.Op(w.ControlBoard, "show-1", map[string]any{"kind": "case.show", "case": own.ID})
		op, before := pws.WaitOp(w.ControlBoard, int64(ack["seq"].(float64)))
		frames := append(before, op)
		if m := pws.OpResult(w.ControlBoard, "p-hide", map[string]any{"kind": "case.hide"}); m["code"] != "forbidden" {
			t.Fatalf("participant hid the case: %v", m)
		}
		for _, f := range frames {
			raw, _ := json.Marshal(f)
			seen = append(seen, raw)
		}
		// Re-subscribing gives a snapshot with the shown case.
		for _, f := range pws.Subscribe(w.ControlBoard, -1) {
			raw, _ := json.Marshal(f)
			seen = append(seen, raw)
			if f["type"] == "snapshot" && f["state"].(map[string]any)["case"] != own.ID {
				t.Fatalf("snapshot %v", f)
			}
		}

		forbidden := append([]string{secretNotes, secretNotesEN, "teaching_notes"}, builtinNotesFragment(t)...)
		for _, data := range seen {
			for _, f := range forbidden {
				if bytes.Contains(data, []byte(f)) {
					t.Fatalf("a participant received teaching notes (%q) in %.300s", f, data)
				}
			}
		}

		// Detaching closes the case to participants.
		tr.Must(204, "DELETE", "/api/workshops/"+w.ID+"/activities/4.2/cases/"+own.ID, nil, nil)
		get("/api/p/"+w.ID+"/cases/"+own.ID, 404)
		if status, _ := tr.Do("DELETE", "/api/workshops/"+w.ID+"/activities/4.2/cases/"+own.ID, nil, nil); status != 404 {
			t.Fatalf("detach twice: %d", status)
		}
	})
}

// caseDraftWorkshop makes a workshop from the built-in curriculum, whose
// module 6 has the case-draft activity (6.cases, 案例萃取) on day 2.
func caseDraftWorkshop(t *testing.T, tr *servertest.Client) *servertest.Workshop {
	t.Helper()
	var w servertest.Workshop
	tr.Must(201, "POST", "/api/workshops", map[string]any{"title": "销售过程管理工作坊", "client_company": "华东电梯服务有限公司",
		"industry": "电梯维保", "starts_on": "2026-12-01", "ends_on": "2026-12-02", "groups": 2}, &w)
	return &w
}

// A trainer's curriculum may refer to the cases of their library — built in
// or their own — and to nobody else's.
func TestCurriculumRefersToLibraryCases(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		other := srv.Trainer("王老师", "wang@example.com")
		var mine, theirs caseResp
		tr.Must(201, "POST", "/api/cases", caseBody("我的案例", nil), &mine)
		other.Must(201, "POST", "/api/cases", caseBody("别人的案例", nil), &theirs)
		var cp curriculumOut
		tr.Must(201, "POST", "/api/curricula", map[string]any{"from": "builtin"}, &cp)
		cur := cp.Curriculum
		cur.Modules[3].Cases = append(cur.Modules[3].Cases, mine.ID, "property-tender-roleplay")
		tr.Must(200, "PUT", "/api/curricula/"+cp.ID, map[string]any{"revision": cp.Revision, "curriculum": cur}, nil)
		cur.Modules[3].Cases = append(cur.Modules[3].Cases, theirs.ID)
		if status, data := tr.Do("PUT", "/api/curricula/"+cp.ID, map[string]any{"revision": cp.Revision + 1, "curriculum": cur}, nil); status != 400 ||
			!strings.Contains(string(data), theirs.ID) {
			t.Fatalf("another trainer's case in a curriculum: %d %s", status, data)
		}
	})
}

// 案例萃取: a group writes its case on the case-draft board; the trainer adds
// it to the client's library and flags it for the playbook's appendix.
func TestCaseDraftBecomesAClientCase(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		w := caseDraftWorkshop(t, tr)
		p, v := srv.Join(w.JoinCode, "王芳", w.Groups[0].ID)
		board := v.Boards["6.cases"]
		if board == "" {
			t.Fatalf("no case-draft board for the group: %v", v.Boards)
		}
		tws := tr.Dial(w.ID, "trainer")
		tws.Op(w.ControlBoard, "open-cases", map[string]any{"kind": "now.set", "activity": "6.cases"})
		ws := p.Dial(w.ID, "participant")
		ws.Subscribe(board, -1)
		if status, data := tr.Do("POST", "/api/workshops/"+w.ID+"/boards/"+board+"/case", map[string]any{"appendix": true}, nil); status != 409 {
			t.Fatalf("adopt without a title: %d %s", status, data)
		}
		for i, f := range [][2]string{
			{"title", "三个月拿下星河科创园的物业服务"},
			{"situation", "园区38万平方米，现任物业合同4个月后到期。\n# 不是标题"},
			{"actions", "先问顾虑，再谈价格；提出交接保障方案。"},
			{"results", "中标，年合同额2,700万元。"},
			{"lessons", "非住宅项目先解决客户对交接的担心。"},
		} {
			ws.Op(board, fmt.Sprintf("f%d", i), map[string]any{"kind": "field.set", "field": f[0], "text": f[1]})
		}
		var cc caseResp
		tr.Must(201, "POST", "/api/workshops/"+w.ID+"/boards/"+board+"/case", map[string]any{"appendix": true}, &cc)
		if cc.Scope != "client" || !cc.Appendix || cc.Client != "华东电梯服务有限公司" || cc.ZH.Title != "三个月拿下星河科创园的物业服务" ||
			cc.ZH.Results != "中标，年合同额2,700万元。" || cc.ZH.Takeaways == "" || len(cc.Modules) != 1 || cc.Modules[0] != 6 ||
			!strings.Contains(cc.ZH.Situation, `\# 不是标题`) || cc.ZH.TeachingNotes == "" {
			t.Fatalf("client case %+v %+v", cc, cc.ZH)
		}
		var l listResp
		tr.Must(200, "GET", "/api/cases?scope=client&client="+urlq("华东电梯服务有限公司"), nil, &l)
		if ids := listIDs(l); len(ids) != 1 || ids[0] != cc.ID {
			t.Fatalf("client library %v", ids)
		}
		appendix, err := srv.Store.AppendixCases(context.Background(), w.ID)
		if err != nil || len(appendix) != 1 || appendix[0].ID != cc.ID {
			t.Fatalf("appendix %v %v", appendix, err)
		}
		// Adopting again after more writing updates the same case.
		ws.Op(board, "f9", map[string]any{"kind": "field.set", "field": "results", "text": "中标，三年合同。"})
		var again caseResp
		tr.Must(200, "POST", "/api/workshops/"+w.ID+"/boards/"+board+"/case", map[string]any{"appendix": false}, &again)
		if again.ID != cc.ID || again.ZH.Results != "中标，三年合同。" || again.Appendix {
			t.Fatalf("re-adoption %+v", again)
		}
		tr.Must(200, "PATCH", "/api/cases/"+cc.ID, map[string]any{"appendix": true}, &again)
		if !again.Appendix {
			t.Fatal("PATCH appendix")
		}
		// Only client cases go into the appendix; only case-draft boards are adopted.
		var own caseResp
		tr.Must(201, "POST", "/api/cases", caseBody("普通案例", nil), &own)
		if status, _ := tr.Do("PATCH", "/api/cases/"+own.ID, map[string]any{"appendix": true}, nil); status != 400 {
			t.Fatalf("appendix on an own case: %d", status)
		}
		// A client case typed outside any workshop has no playbook to go into.
		var handMade caseResp
		tr.Must(201, "POST", "/api/cases", caseBody("手写的客户案例", map[string]any{"client": "华东电梯服务有限公司"}), &handMade)
		if status, data := tr.Do("PATCH", "/api/cases/"+handMade.ID, map[string]any{"appendix": true}, nil); status != 400 ||
			!strings.Contains(string(data), `"field":"appendix"`) {
			t.Fatalf("appendix on a client case without a workshop: %d %s", status, data)
		}
		notes := tr.Board(w.ID, "1.1", w.Groups[0].ID)
		if status, _ := tr.Do("POST", "/api/workshops/"+w.ID+"/boards/"+notes+"/case", map[string]any{}, nil); status != 400 {
			t.Fatalf("adopt a notes board: %d", status)
		}
		other := srv.Trainer("王老师", "wang@example.com")
		if status, _ := other.Do("POST", "/api/workshops/"+w.ID+"/boards/"+board+"/case", map[string]any{}, nil); status != 404 {
			t.Fatalf("another trainer adopts: %d", status)
		}
		if status, _ := tr.Do("POST", "/api/workshops/"+w.ID+"/boards/nope/case", map[string]any{}, nil); status != 404 {
			t.Fatalf("unknown board: %d", status)
		}
	})
}

// X1: every case route, by role. Anonymous callers and participants never
// reach a trainer route; another trainer's case and workshop are 404; the
// owner gets through.
func TestCaseRoutesAuthorizationMatrix(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		owner := srv.Trainer("李老师", "li@example.com")
		other := srv.Trainer("王老师", "wang@example.com")
		w := caseDraftWorkshop(t, owner)
		var c caseResp
		owner.Must(201, "POST", "/api/cases", caseBody("矩阵", nil), &c)
		uploadCaseFile(t, owner, "/api/cases/"+c.ID+"/files", "m.png", pngData(t))
		owner.Must(201, "POST", "/api/workshops/"+w.ID+"/activities/4.2/cases", map[string]string{"case": c.ID}, nil)
		participant, v := srv.Join(w.JoinCode, "王芳", "")
		draft := v.Boards["6.cases"]
		anon := srv.NewClient()

		type route struct {
			method, path string
			body         any
			// expected status for anonymous, participant, other trainer, owner
			want [4]int
		}
		cid, wid := c.ID, w.ID
		routes := []route{
			{"GET", "/api/cases", nil, [4]int{401, 401, 200, 200}},
			{"POST", "/api/cases", caseBody("新", nil), [4]int{401, 401, 201, 201}},
			{"GET", "/api/cases/" + cid, nil, [4]int{401, 401, 404, 200}},
			{"GET", "/api/cases/elevator-maintenance-iceberg", nil, [4]int{401, 401, 200, 200}},
			{"PUT", "/api/cases/" + cid, caseBody("矩阵", nil), [4]int{401, 401, 404, 200}},
			{"PATCH", "/api/cases/" + cid, map[string]any{"appendix": false}, [4]int{401, 401, 404, 200}},
			{"POST", "/api/cases/" + cid + "/copy", nil, [4]int{401, 401, 404, 201}},
			{"GET", "/api/cases/" + cid + "/export", nil, [4]int{401, 401, 404, 200}},
			{"GET", "/api/cases/export", nil, [4]int{401, 401, 200, 200}},
			{"GET", "/api/cases/" + cid + "/files/m.png", nil, [4]int{401, 401, 404, 200}},
			{"GET", "/api/workshops/" + wid + "/cases", nil, [4]int{401, 401, 404, 200}},
			{"GET", "/api/workshops/" + wid + "/cases/" + cid, nil, [4]int{401, 401, 404, 200}},
			{"POST", "/api/workshops/" + wid + "/activities/1.1/cases", map[string]string{"case": "four-steel-frames"}, [4]int{401, 401, 404, 201}},
			{"DELETE", "/api/workshops/" + wid + "/activities/1.1/cases/four-steel-frames", nil, [4]int{401, 401, 404, 204}},
			{"POST", "/api/workshops/" + wid + "/boards/" + draft + "/case", map[string]any{}, [4]int{401, 401, 404, 409}}, // 409: nothing written yet
			{"GET", "/api/p/" + wid + "/cases", nil, [4]int{401, 200, 401, 401}},
			{"GET", "/api/p/" + wid + "/cases/" + cid, nil, [4]int{401, 200, 401, 401}},
			{"GET", "/api/p/" + wid + "/cases/" + cid + "/files/m.png", nil, [4]int{401, 200, 401, 401}},
			{"DELETE", "/api/cases/" + cid + "/files/m.png", nil, [4]int{401, 401, 404, 204}},
			{"DELETE", "/api/cases/" + cid, nil, [4]int{401, 401, 404, 204}},
		}
		clients := []*servertest.Client{anon, participant, other, owner}
		names := []string{"anonymous", "participant", "other trainer", "owner"}
		for _, r := range routes {
			for i, cl := range clients {
				status, data := cl.Do(r.method, r.path, r.body, nil)
				if status != r.want[i] {
					t.Errorf("%s %s as %s: %d, want %d (%.120s)", r.method, r.path, names[i], status, r.want[i], data)
				}
			}
		}
		for i, cl := range clients[:2] {
			if status, _, _ := cl.DoRaw("POST", "/api/cases/import", "application/zip", []byte("PK")); status != 401 {
				t.Errorf("import as %s: %d", names[i], status)
			}
		}
	})
}
