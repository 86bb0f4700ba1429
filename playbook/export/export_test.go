package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"playbook/internal/htmlcheck"
	"playbook/playbook"
)

// Golden files live in testdata/golden; regenerate them after a deliberate
// change with: UPDATE_GOLDEN=1 go test ./playbook/export
var update = flag.Bool("update", os.Getenv("UPDATE_GOLDEN") != "", "rewrite golden files")

func example(t testing.TB) *playbook.Playbook {
	t.Helper()
	data, err := os.ReadFile("../../docs/examples/playbook.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := playbook.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (create it with UPDATE_GOLDEN=1)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from its golden file (if the change is deliberate: UPDATE_GOLDEN=1 go test ./playbook/export)\n--- got (first 600 bytes)\n%s", name, head(got))
	}
}

func head(b []byte) string {
	if len(b) > 600 {
		return string(b[:600])
	}
	return string(b)
}

func one(t *testing.T, p *playbook.Playbook, format string) File {
	t.Helper()
	files, err := Export(p, format)
	if err != nil {
		t.Fatalf("export %s: %v", format, err)
	}
	if len(files) != 1 {
		t.Fatalf("export %s: %d files", format, len(files))
	}
	return files[0]
}

func unzip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
	}
	return out
}

func goldenZip(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	golden(t, dir+"/_files.txt", []byte(strings.Join(names, "\n")+"\n"))
	for _, n := range names {
		golden(t, dir+"/"+n, files[n])
	}
}

func TestJSONExportIsTheDocument(t *testing.T) {
	want, err := os.ReadFile("../../docs/examples/playbook.json")
	if err != nil {
		t.Fatal(err)
	}
	f := one(t, example(t), "json")
	if f.Name != "playbook.json" || !bytes.Equal(f.Data, want) {
		t.Fatal("the JSON export is not the document byte for byte")
	}
	// export → import → export
	p, err := playbook.Decode(f.Data)
	if err != nil {
		t.Fatal(err)
	}
	again := one(t, p, "json")
	if !bytes.Equal(again.Data, f.Data) {
		t.Fatal("export → import → export is not byte-identical")
	}
}

func TestStageCSV(t *testing.T) {
	f := one(t, example(t), "csv")
	golden(t, "stages.csv", f.Data)
	if !bytes.HasPrefix(f.Data, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatal("the CSV does not start with the UTF-8 byte-order mark")
	}
	if !utf8.Valid(f.Data) {
		t.Fatal("the CSV is not UTF-8")
	}
	rows, err := csv.NewReader(bytes.NewReader(f.Data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], []string{"流程名", "阶段名", "顺序", "赢率%", "是否关闭", "是否赢单", "关键动作", "出口标准/证据", "必填字段", "停留预警天数", "预测类别"}) {
		t.Fatalf("header %v", rows[0])
	}
	if len(rows) != 1+8 {
		t.Fatalf("%d rows", len(rows))
	}
	if rows[6][1] != "赢单" || rows[6][3] != "100" || rows[6][4] != "是" || rows[6][5] != "是" {
		t.Fatalf("won row %v", rows[6])
	}
	if rows[8][0] != "合同交付流程" || rows[8][2] != "1" {
		t.Fatalf("post-sale row %v", rows[8])
	}
	if !bytes.Contains(f.Data, []byte("\r\n")) {
		t.Fatal("rows do not end with CRLF")
	}
}

func TestCSVNeutralizesFormulas(t *testing.T) {
	p := example(t)
	p.Stages.Stages[0].Actions = []string{"=HYPERLINK(\"http://x\")"}
	f := one(t, p, "csv")
	if bytes.Contains(f.Data, []byte(",=HYPERLINK")) || !bytes.Contains(f.Data, []byte("'=HYPERLINK")) {
		t.Fatalf("a formula-like cell was not neutralized:\n%s", f.Data)
	}
}

type xmlNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []xmlNode  `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n xmlNode) all(local string) []xmlNode {
	var out []xmlNode
	for _, c := range n.Nodes {
		if c.XMLName.Local == local {
			out = append(out, c)
		}
	}
	return out
}

func (n xmlNode) text(local string) string {
	for _, c := range n.Nodes {
		if c.XMLName.Local == local {
			return c.Text
		}
	}
	return ""
}

// parseXML checks that data is well-formed XML in the Metadata API namespace
// with root element root, every element in that namespace.
func parseXML(t *testing.T, name string, data []byte, root string) xmlNode {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Fatalf("%s lacks the XML declaration", name)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed: %v", name, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Space != SalesforceNamespace {
			t.Fatalf("%s: element %s is in namespace %q", name, se.Name.Local, se.Name.Space)
		}
	}
	var n xmlNode
	if err := xml.Unmarshal(data, &n); err != nil {
		t.Fatal(err)
	}
	if n.XMLName.Local != root || n.XMLName.Space != SalesforceNamespace {
		t.Fatalf("%s: root %v, want %s in %s", name, n.XMLName, root, SalesforceNamespace)
	}
	return n
}

var asciiName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9 _-]*$`)

func TestSalesforce(t *testing.T) {
	p := example(t)
	// Guidance must survive HTML and XML: user text with markup in it.
	p.Stages.Stages[1].Actions = append(p.Stages.Stages[1].Actions, `比较 <b>A</b> & "B"`)
	f := one(t, p, "salesforce")
	files := unzip(t, f.Data)
	goldenZip(t, "salesforce", files)
	for _, need := range []string{"package.xml", "standardValueSets/OpportunityStage.standardValueSet-meta.xml",
		"pathAssistants/" + SalesforcePathName + ".pathAssistant-meta.xml"} {
		if files[need] == nil {
			t.Fatalf("zip lacks %s; has %v", need, keys(files))
		}
	}
	vs := parseXML(t, "OpportunityStage", files["standardValueSets/OpportunityStage.standardValueSet-meta.xml"], "StandardValueSet")
	values := vs.all("standardValue")
	if len(values) != 7 { // open, won and lost stages; the post-sale step is not an opportunity stage
		t.Fatalf("%d standard values", len(values))
	}
	forecast := []string{"Omitted", "Pipeline", "BestCase", "Forecast", "Closed"}
	var fullNames []string
	won := 0
	for i, v := range values {
		for _, field := range []string{"fullName", "default", "label", "closed", "forecastCategory", "probability", "won"} {
			if len(v.all(field)) != 1 {
				t.Fatalf("standardValue %d lacks %s", i, field)
			}
		}
		if !asciiName.MatchString(v.text("fullName")) {
			t.Fatalf("fullName %q is not ASCII", v.text("fullName"))
		}
		if utf8.RuneCountInString(v.text("label")) == len(v.text("label")) {
			t.Fatalf("label %q is not the Chinese name", v.text("label"))
		}
		if !slices.Contains(forecast, v.text("forecastCategory")) {
			t.Fatalf("forecastCategory %q", v.text("forecastCategory"))
		}
		if v.text("won") == "true" {
			won++
			if v.text("probability") != "100" || v.text("closed") != "true" || v.text("forecastCategory") != "Closed" {
				t.Fatalf("won value %+v", v)
			}
		}
		fullNames = append(fullNames, v.text("fullName"))
	}
	if won != 1 || values[0].text("default") != "true" {
		t.Fatalf("won %d, first default %s", won, values[0].text("default"))
	}
	path := parseXML(t, "PathAssistant", files["pathAssistants/"+SalesforcePathName+".pathAssistant-meta.xml"], "PathAssistant")
	if path.text("entityName") != "Opportunity" || path.text("fieldName") != "StageName" || path.text("recordTypeName") != "__MASTER__" {
		t.Fatalf("path header: %s %s %s", path.text("entityName"), path.text("fieldName"), path.text("recordTypeName"))
	}
	steps := path.all("pathAssistantSteps")
	if len(steps) != 6 {
		t.Fatalf("%d path steps", len(steps))
	}
	for _, s := range steps {
		if !slices.Contains(fullNames, s.text("picklistValueName")) {
			t.Fatalf("step for unknown value %q", s.text("picklistValueName"))
		}
	}
	info := steps[1].text("info")
	if !strings.Contains(info, "<li>比较 &lt;b&gt;A&lt;/b&gt; &amp; &#34;B&#34;</li>") || !strings.Contains(info, "<b>出口标准</b>") {
		t.Fatalf("guidance not HTML-escaped as expected: %s", info)
	}
	if !bytes.Contains(files["pathAssistants/"+SalesforcePathName+".pathAssistant-meta.xml"], []byte("&lt;li&gt;")) {
		t.Fatal("guidance HTML is not XML-escaped in the file")
	}
	if got := steps[2].all("fieldNames"); len(got) != 1 || got[0].Text != "Amount" {
		t.Fatalf("proposal step fieldNames %v", got)
	}
	pkg := parseXML(t, "package.xml", files["package.xml"], "Package")
	types := map[string]string{}
	for _, ty := range pkg.all("types") {
		types[ty.text("name")] = ty.text("members")
	}
	if types["StandardValueSet"] != "OpportunityStage" || types["PathAssistant"] != SalesforcePathName || pkg.text("version") == "" {
		t.Fatalf("package.xml types %v", types)
	}
	var rules int
	for name, data := range files {
		if strings.HasSuffix(name, ".validationRule-meta.xml") {
			rules++
			r := parseXML(t, name, data, "ValidationRule")
			if r.text("active") != "false" || !strings.HasPrefix(r.text("errorConditionFormula"), "AND(ISCHANGED(StageName), ISPICKVAL(StageName, ") {
				t.Fatalf("%s: %s", name, data)
			}
		}
	}
	if rules == 0 {
		t.Fatal("no ValidationRule example")
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestHubSpot(t *testing.T) {
	files := unzip(t, one(t, example(t), "hubspot").Data)
	goldenZip(t, "hubspot", files)
	prob := regexp.MustCompile(`^(0\.[0-9]{1,2}|1\.0)$`)
	check := func(name string) map[string]any {
		var body map[string]any
		if err := json.Unmarshal(files[name], &body); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, ok := body["label"].(string); !ok {
			t.Fatalf("%s: label %v", name, body["label"])
		}
		if _, ok := body["displayOrder"].(float64); !ok {
			t.Fatalf("%s: displayOrder", name)
		}
		stages := body["stages"].([]any)
		for i, s := range stages {
			st := s.(map[string]any)
			if _, ok := st["label"].(string); !ok {
				t.Fatalf("%s stage %d label", name, i)
			}
			if st["displayOrder"].(float64) != float64(i) {
				t.Fatalf("%s stage %d displayOrder", name, i)
			}
			p, ok := st["metadata"].(map[string]any)["probability"].(string)
			if !ok || !prob.MatchString(p) {
				t.Fatalf("%s stage %d probability %v", name, i, st["metadata"])
			}
		}
		return body
	}
	sales := check("hubspot/pipeline-sales.json")
	stages := sales["stages"].([]any)
	probOf := func(i int) string {
		return stages[i].(map[string]any)["metadata"].(map[string]any)["probability"].(string)
	}
	if probOf(0) != "0.1" || probOf(5) != "1.0" || probOf(6) != "0.0" {
		t.Fatalf("probabilities %s %s %s", probOf(0), probOf(5), probOf(6))
	}
	post := check("hubspot/pipeline-post-sale.json")
	if post["label"] != "合同交付流程" || post["stages"].([]any)[0].(map[string]any)["label"] != "交付交接" {
		t.Fatalf("post-sale pipeline %v", post)
	}
	for pct, want := range map[int]string{0: "0.0", 5: "0.05", 10: "0.1", 35: "0.35", 60: "0.6", 100: "1.0"} {
		if got := HubSpotProbability(pct); got != want {
			t.Errorf("HubSpotProbability(%d) = %s, want %s", pct, got, want)
		}
	}
}

func TestPipedrive(t *testing.T) {
	p := example(t)
	files := unzip(t, one(t, p, "pipedrive").Data)
	goldenZip(t, "pipedrive", files)
	var stages []map[string]any
	if err := json.Unmarshal(files["pipedrive/stages.json"], &stages); err != nil {
		t.Fatal(err)
	}
	want := []string{"deal_probability", "name", "order_nr", "pipeline_id", "rotten_days", "rotten_flag"}
	for i, s := range stages {
		var ks []string
		for k := range s {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		if !slices.Equal(ks, want) {
			t.Fatalf("stage body %d keys %v", i, ks)
		}
	}
	if len(stages) != 6 || stages[0]["name"] != "线索确认" || stages[0]["deal_probability"] != 10.0 ||
		stages[0]["rotten_days"] != 14.0 || stages[0]["rotten_flag"] != true || stages[4]["order_nr"] != 5.0 {
		t.Fatalf("stages %v", stages)
	}
	var goals []map[string]any
	if err := json.Unmarshal(files["pipedrive/goals.json"], &goals); err != nil {
		t.Fatal(err)
	}
	var quarters float64
	for _, g := range goals {
		for _, k := range []string{"title", "assignee", "type", "expected_outcome", "duration", "interval"} {
			if _, ok := g[k]; !ok {
				t.Fatalf("goal lacks %s: %v", k, g)
			}
		}
		if g["type"].(map[string]any)["name"] != "deals_won" {
			t.Fatalf("goal type %v", g["type"])
		}
		if g["interval"] == "quarterly" {
			quarters += g["expected_outcome"].(map[string]any)["target"].(float64)
		}
	}
	if goals[0]["expected_outcome"].(map[string]any)["target"] != 96000000.0 || quarters != 96000000.0 {
		t.Fatalf("annual %v, quarters add to %v", goals[0]["expected_outcome"], quarters)
	}
	if goals[1]["duration"].(map[string]any)["start"] != "2027-01-01" || goals[1]["duration"].(map[string]any)["end"] != "2027-03-31" {
		t.Fatalf("Q1 duration %v", goals[1]["duration"])
	}
}

func TestOdoo(t *testing.T) {
	files := unzip(t, one(t, example(t), "odoo").Data)
	goldenZip(t, "odoo", files)
	var recs []map[string]any
	if err := json.Unmarshal(files["odoo/crm.stage.json"], &recs); err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if len(r) != 5 || r["name"] == nil || r["sequence"] == nil || r["is_won"] == nil || r["requirements"] == nil || r["fold"] == nil {
			t.Fatalf("record %v", r)
		}
		if _, has := r["probability"]; has {
			t.Fatal("Odoo record carries a probability")
		}
	}
	if len(recs) != 6 || recs[5]["is_won"] != true {
		t.Fatalf("records %v", recs)
	}
	if !strings.Contains(string(files["odoo/README.txt"]), "Odoo 没有按阶段设置的赢率") {
		t.Fatal("the README does not say Odoo keeps no per-stage probability")
	}
}

func TestReport(t *testing.T) {
	p := example(t)
	f := one(t, p, "report")
	golden(t, "report.html", f.Data)
	s := string(f.Data)
	for _, want := range []string{"<!DOCTYPE html>", "@page { size: A4;", `"PingFang SC", "Microsoft YaHei", "Noto Sans SC"`, "<svg class=\"chart\"", "恒岳电梯维保", "96,000,000 元", "线索确认"} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(strings.ToLower(s), "<script") || strings.Contains(s, " onload=") {
		t.Fatal("the report holds a script; the app's CSP forbids inline scripts")
	}
	// The appendix: a chapter on a page of its own, each case in both its
	// languages with the case template's headings, the Markdown rendered.
	appendix := s[strings.Index(s, `<section class="appendix" id="appendix">`):]
	for _, want := range []string{"<h2>附录：客户案例</h2>", `<article class="case" id="case-01jg7k2m9x4c6v8t3q5r0w1b2n">`,
		`<div class="case-text" lang="zh-CN">`, "<h3>案例 1：从“只比价格”到三年全包：云栖花园 36 台电梯的维保续约</h3>",
		"<h4>情境与挑战</h4>", "<h4>我们的做法</h4>", "<h4>结果</h4>", "<h4>经验与启示</h4>", "<ol><li>区域经理先约物业经理单独面谈",
		`<div class="case-text" lang="en">`, "<h3>Case 1: From a price-only tender", "<h4>What was done</h4>", "<h4>Lessons</h4>",
		"<ul><li>When a tender compares only prices"} {
		if !strings.Contains(appendix, want) {
			t.Errorf("the appendix lacks %q", want)
		}
	}
	if !strings.Contains(s, ".appendix { page-break-before: always; break-before: page; }") {
		t.Error("the appendix does not start a new page")
	}
	// A summary that only repeats the situation's start (a group's draft) is printed once.
	drafted := example(t)
	drafted.Appendix[0].ZH.Summary = "物业公司发出维保招标，评分细则中价格占 60 分。恒岳的…"
	if r := string(one(t, drafted, "report").Data); strings.Contains(r, `<p class="summary">物业公司发出维保招标`) ||
		!strings.Contains(r, "<p>物业公司发出维保招标，评分细则中价格占 60 分。") || !strings.Contains(r, `<p class="summary">A property manager`) {
		t.Error("a summary repeating the situation is printed twice")
	}
	noCases := example(t)
	noCases.Appendix = nil
	if strings.Contains(string(one(t, noCases, "report").Data), "附录") {
		t.Error("a playbook without cases prints an appendix")
	}

	p.Actions[0].Action = `<script>alert(1)</script>`
	p.Stages.Stages[0].Name = `<img src=x onerror=alert(1)>`
	p.Appendix[0].ZH.Title = `<script>alert(2)</script>`
	p.Appendix[0].EN.Results = "- <img src=x onerror=alert(3)>\n\n[x](javascript:alert(4))"
	s = string(one(t, p, "report").Data)
	if strings.Contains(s, "<script>alert") || strings.Contains(s, "<img src=x") || strings.Contains(s, `href="javascript`) {
		t.Fatal("user text reached the report unescaped")
	}
	if err := htmlcheck.ScriptFree([]byte(s), false); err != nil {
		t.Fatalf("the report could run script: %v", err)
	}
}

// dumpWorkbook writes every sheet's cells (values and formulas) as text, the
// golden form of the binary workbook.
func dumpWorkbook(t *testing.T, f *excelize.File) []byte {
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "== %s\n", sheet)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				formula, _ := f.GetCellFormula(sheet, ref)
				if formula != "" {
					fmt.Fprintf(&b, "%s =%s\n", ref, formula)
				} else if v != "" {
					fmt.Fprintf(&b, "%s %s\n", ref, v)
				}
			}
		}
	}
	return []byte(b.String())
}

func TestWorkbook(t *testing.T) {
	data := one(t, example(t), "xlsx").Data
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	golden(t, "workbook.txt", dumpWorkbook(t, f))
	sheets := f.GetSheetList()
	for _, want := range []string{"说明", "目标与3定", "目标分解-期间", "目标分解-区域与个人", "存量与增量", "价值主张",
		"目标分解表", "客户分级档案表", "拜访-行动计划表", "商机（漏斗）跟进表", "回款-应收跟踪表", "会议", "销售阶段", "CRM配置清单",
		"KPI", "客户分级", "需求冰山", "人才画像", "团队梯队12421", "培训计划", "通关结果", "行动计划", "附录·案例"} {
		if !slices.Contains(sheets, want) {
			t.Errorf("no sheet %q in %v", want, sheets)
		}
	}
	calc := func(sheet, ref string) string {
		v, err := f.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("%s!%s: %v", sheet, ref, err)
		}
		return v
	}
	// The splits are live formulas that reconcile.
	rows, _ := f.GetRows("目标分解-期间")
	last := len(rows)
	if got := calc("目标分解-期间", fmt.Sprintf("C%d", last)); got != "0" {
		t.Fatalf("period difference %s", got)
	}
	if got := calc("目标分解-期间", fmt.Sprintf("C%d", last-2)); got != "96000000" {
		t.Fatalf("quarters add to %s", got)
	}
	if formula, _ := f.GetCellFormula("目标分解-期间", "C2"); formula != "SUM(C3:C5)" {
		t.Fatalf("Q1 formula %q", formula)
	}
	rrows, _ := f.GetRows("目标分解-区域与个人")
	for _, col := range []string{"C", "D", "E"} {
		if got := calc("目标分解-区域与个人", fmt.Sprintf("%s%d", col, len(rrows))); got != "0" {
			t.Fatalf("region difference in %s: %s", col, got)
		}
	}
	if got := calc("存量与增量", "B5"); got != "74624000" {
		t.Fatalf("existing = %s", got)
	}
	if got := calc("KPI", "C7"); got != "1" {
		t.Fatalf("KPI weights add to %s", got)
	}
	// A change to a month flows through to the totals.
	if err := f.SetCellValue("目标分解-期间", "C3", 0); err != nil {
		t.Fatal(err)
	}
	if got := calc("目标分解-期间", fmt.Sprintf("C%d", last)); got == "0" {
		t.Fatal("the difference did not follow an edited month: the sums are not live")
	}
	// Templates: the five tables have their headers with required marks.
	hdr, _ := f.GetRows("商机（漏斗）跟进表")
	if len(hdr) < 2 || hdr[1][0] != "商机名称 *" || !strings.Contains(hdr[0][0], "填写人") {
		t.Fatalf("opportunity template %v", hdr)
	}
	dvs, err := f.GetDataValidations("商机（漏斗）跟进表")
	if err != nil || len(dvs) == 0 {
		t.Fatalf("no input checks on the template: %v", err)
	}
	// The appendix: one row per case and language, below the headers.
	cases, _ := f.GetRows("附录·案例")
	if len(cases) != 3 || cases[0][2] != "标题" || cases[1][0] != "01jg7k2m9x4c6v8t3q5r0w1b2n" || cases[1][1] != "中文" ||
		cases[2][1] != "English" || !strings.HasPrefix(cases[2][2], "From a price-only tender") || !strings.HasPrefix(cases[1][9], "- 招标只比价格时") {
		t.Fatalf("appendix sheet %q", cases)
	}
	stageRows, _ := f.GetRows("销售阶段")
	if !slices.Equal(stageRows[0], StageColumns) || stageRows[1][1] != "线索确认" {
		t.Fatalf("stage sheet %v", stageRows[:2])
	}
}

func TestInvalidDocumentsExportNothing(t *testing.T) {
	p := example(t)
	p.KPIs[0].Weight = 50
	p.Stages.Stages[2].Probability = 5
	for _, format := range Formats {
		files, err := Export(p, format)
		probs, ok := err.(*playbook.Problems)
		if !ok || len(probs.List) < 2 || files != nil {
			t.Fatalf("%s: files %d, err %v", format, len(files), err)
		}
	}
	if _, err := Export(example(t), "pdf"); err == nil {
		t.Fatal("unknown format accepted")
	}
}

func TestSingleZipsMultiFileFormats(t *testing.T) {
	for _, format := range Formats {
		f, err := Single(example(t), format)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Data) == 0 || f.Name == "" {
			t.Fatalf("%s: empty", format)
		}
	}
}

func TestExportsAreDeterministic(t *testing.T) {
	for _, format := range Formats {
		a, _ := Single(example(t), format)
		b, _ := Single(example(t), format)
		if !bytes.Equal(a.Data, b.Data) {
			t.Errorf("%s export differs between two runs", format)
		}
	}
}

// The CRM packages carry no case: their READMEs say where the appendix is,
// and nothing else in them changes with it.
func TestCRMFormatsLeaveTheAppendixOut(t *testing.T) {
	readmes := map[string]string{"salesforce": "README.txt", "hubspot": "hubspot/README.txt", "pipedrive": "pipedrive/README.txt", "odoo": "odoo/README.txt"}
	without := example(t)
	without.Appendix = nil
	for format, readme := range readmes {
		with := unzip(t, one(t, example(t), format).Data)
		plain := unzip(t, one(t, without, format).Data)
		if !strings.Contains(string(with[readme]), "手册附录中的 1 个客户案例不是 CRM 配置") ||
			!strings.Contains(string(with[readme]), "The client case in the playbook's appendix is not CRM configuration") {
			t.Errorf("%s README does not say the appendix is left out:\n%s", format, with[readme])
		}
		if strings.Contains(string(plain[readme]), "附录") {
			t.Errorf("%s README mentions an appendix the playbook does not have", format)
		}
		for name, data := range with {
			if name != readme && !bytes.Equal(data, plain[name]) {
				t.Errorf("%s: %s changes with the appendix", format, name)
			}
			if strings.Contains(string(data), "云栖花园") {
				t.Errorf("%s: %s carries the case", format, name)
			}
		}
	}
	csvWith, csvWithout := one(t, example(t), "csv").Data, one(t, without, "csv").Data
	if !bytes.Equal(csvWith, csvWithout) {
		t.Error("the stage sheet changes with the appendix")
	}
}
