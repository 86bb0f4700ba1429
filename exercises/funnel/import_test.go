package funnel

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// figures is what must not depend on how a file was written.
func figures(t *testing.T, r *Result) string {
	t.Helper()
	b, err := json.Marshal(struct {
		O, W, L, Op int64
		WR, Cyc     *float64
		Pipe, Wt    float64
		Stages      []StageResult
		Owners      []OwnerResult
		Periods     []PeriodResult
	}{r.Opportunities, r.Won, r.Lost, r.Open, r.WinRate, r.AvgCycleDays, r.Pipeline, r.WeightedPipeline, r.Stages, r.Owners, r.Periods})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestEncodingsGiveTheSameFigures(t *testing.T) {
	withBOM := readTestdata(t, "small.csv")
	plain := bytes.TrimPrefix(withBOM, []byte("\xef\xbb\xbf"))
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(plain)
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(bytes.ReplaceAll(plain, []byte(","), []byte("\t")))
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Stages: processStages(), AsOf: day("2026-06-30")}
	want := figures(t, analyze(t, memInput("bom.csv", withBOM), opt))
	cases := []struct {
		name, encoding, delimiter string
		data                      []byte
	}{
		{"utf-8 with BOM", "utf-8-bom", ",", withBOM},
		{"utf-8", "utf-8", ",", plain},
		{"gbk as Chinese Excel writes it", "gb18030", ",", gbk},
		{"utf-16 tab-separated (Excel's Unicode text)", "utf-16le", "\t", utf16},
		{"semicolons", "utf-8", ";", bytes.ReplaceAll(plain, []byte(","), []byte(";"))},
		{"CRLF line ends", "utf-8", ",", bytes.ReplaceAll(plain, []byte("\n"), []byte("\r\n"))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := analyze(t, memInput("x.csv", c.data), opt)
			if r.Source.Encoding != c.encoding || r.Source.Delimiter != c.delimiter {
				t.Errorf("read as %s %q, want %s %q", r.Source.Encoding, r.Source.Delimiter, c.encoding, c.delimiter)
			}
			if got := figures(t, r); got != want {
				t.Errorf("figures differ:\n got %s\nwant %s", got, want)
			}
			if r.Mapping[FieldStage] != "阶段" || r.Owners[0].Owner != "张伟" {
				t.Errorf("Chinese text garbled: %v %v", r.Mapping, r.Owners)
			}
		})
	}
}

// A GBK file whose first rows are all ASCII: the decoder switches when the
// first Chinese text appears, well past the sample.
func TestGBKDetectedLateInTheFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,stage,owner,amount\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "A%d,Proposal,Ann,100\n", i)
	}
	b.WriteString("Z1,Proposal,王芳,100\nZ2,Prospecting,王芳,100\n")
	data, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	r := analyze(t, memInput("late.csv", data), Options{})
	if r.Source.Encoding != "gb18030" || r.Source.InvalidText != 0 {
		t.Errorf("source %+v", r.Source)
	}
	found := false
	for _, o := range r.Owners {
		found = found || o.Owner == "王芳" && o.Opportunities == 2
	}
	if !found {
		t.Errorf("owners %+v", r.Owners)
	}
	checkN(t, "opportunities", r.Opportunities, 3002)
}

// A file that mixes UTF-8 and GBK keeps going: the stray bytes are counted.
func TestMixedEncodingIsCountedNotFatal(t *testing.T) {
	gbkName, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("王芳"))
	data := append([]byte("阶段,负责人\n方案评估,张伟\n方案评估,"), gbkName...)
	data = append(data, '\n')
	r := analyze(t, memInput("mixed.csv", data), Options{})
	if r.Source.Encoding != "utf-8" || r.Source.InvalidText == 0 || !hasCode(r.Warnings, "invalid_text") {
		t.Errorf("source %+v warnings %v", r.Source, r.Warnings)
	}
	checkN(t, "opportunities", r.Opportunities, 2)
}

func TestXLSXGivesTheSameFigures(t *testing.T) {
	opt := Options{Stages: processStages(), AsOf: day("2026-06-30")}
	want := figures(t, analyze(t, fileInput(t, "small.csv"), opt))
	data := smallXLSX(t, true)
	r := analyze(t, memInput("small.xlsx", data), opt)
	if r.Source.Format != "xlsx" || r.Source.Sheet != "商机" || len(r.Source.Sheets) != 2 {
		t.Errorf("source %+v", r.Source)
	}
	if got := figures(t, r); got != want {
		t.Errorf("figures differ:\n got %s\nwant %s", got, want)
	}
	// Dates as real date cells are Excel serial numbers.
	for _, d := range r.Dates {
		if d.Field == "created" && d.Serial != 9 {
			t.Errorf("created column %+v", d)
		}
	}
	// Text dates in the cells read the same.
	r = analyze(t, memInput("text.xlsx", smallXLSX(t, false)), opt)
	if got := figures(t, r); got != want {
		t.Errorf("text-date figures differ:\n got %s\nwant %s", got, want)
	}
	// The second sheet can be chosen.
	in := memInput("small.xlsx", data)
	in.Sheet = "说明"
	if _, err := Analyze(in, opt); err == nil {
		t.Error("the notes sheet has no stage column but was accepted")
	}
	in.Sheet = "nope"
	if _, err := Analyze(in, opt); err == nil {
		t.Error("a missing sheet was accepted")
	}
}

// smallXLSX writes testdata/small.csv as a workbook with the dates as date
// cells (or as text) and the amounts as numbers.
func smallXLSX(t testing.TB, dateCells bool) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "商机")
	f.NewSheet("说明")
	f.SetCellValue("说明", "A1", "导出说明")
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(readTestdata(t, "small.csv")), "\xef\xbb\xbf")), "\n")
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i, line := range lines {
		for j, v := range strings.Split(line, ",") {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			switch {
			case i > 0 && j == 6:
				var n float64
				fmt.Sscan(v, &n)
				f.SetCellValue("商机", cell, n)
			case i > 0 && (j == 7 || j == 8) && v != "" && dateCells:
				d, _ := time.Parse(time.DateOnly, v)
				f.SetCellValue("商机", cell, d)
				f.SetCellStyle("商机", cell, cell, dateStyle)
			default:
				f.SetCellValue("商机", cell, v)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAmbiguousDates(t *testing.T) {
	rows := func(dates ...string) []byte {
		var b strings.Builder
		b.WriteString("阶段,创建日期\n")
		for _, d := range dates {
			b.WriteString("方案评估," + d + "\n")
		}
		return []byte(b.String())
	}
	created := func(r *Result) DateColumn {
		for _, d := range r.Dates {
			if d.Field == "created" {
				return d
			}
		}
		t.Fatalf("no created column in %+v", r.Dates)
		return DateColumn{}
	}
	months := func(r *Result) string {
		var out []string
		for _, p := range r.Periods {
			out = append(out, fmt.Sprintf("%s:%d", p.Period, p.Created))
		}
		return strings.Join(out, " ")
	}

	// Nothing settles the order: read day-first, and said so.
	r := analyze(t, memInput("amb.csv", rows("03/04/2026", "05/06/2026", "07/07/2026")), Options{})
	d := created(r)
	if d.Order != "dmy" || d.Ambiguous != 2 || d.Note == nil || !hasCode(r.Warnings, "date_order") {
		t.Errorf("ambiguous column %+v warnings %v", d, r.Warnings)
	}
	if months(r) != "2026-04:1 2026-06:1 2026-07:1" {
		t.Errorf("months %s", months(r))
	}
	// One day above 12 settles it for the whole column.
	r = analyze(t, memInput("dmy.csv", rows("03/04/2026", "25/12/2026")), Options{})
	if d := created(r); d.Order != "dmy" || d.Note != nil || d.DMYOnly != 1 || months(r) != "2026-04:1 2026-12:1" {
		t.Errorf("dmy %+v %s", d, months(r))
	}
	r = analyze(t, memInput("mdy.csv", rows("03/04/2026", "12/25/2026")), Options{})
	if d := created(r); d.Order != "mdy" || d.Note != nil || months(r) != "2026-03:1 2026-12:1" {
		t.Errorf("mdy %+v %s", d, months(r))
	}
	// The evidence comes after the first rows: the file is read again the
	// right way round.
	var late []string
	for i := 0; i < sampleRows+500; i++ {
		late = append(late, "03/04/2026")
	}
	late = append(late, "12/25/2026")
	r = analyze(t, memInput("late.csv", rows(late...)), Options{})
	if d := created(r); d.Order != "mdy" || d.Invalid != 0 || r.BadRowsTotal != 0 || r.Periods[0].Period != "2026-03" {
		t.Errorf("late evidence: %+v bad %d periods %+v", d, r.BadRowsTotal, r.Periods)
	}
	// Both orders in one column: the rows that do not fit are listed.
	r = analyze(t, memInput("mixed.csv", rows("25/03/2026", "26/03/2026", "03/27/2026")), Options{})
	if d := created(r); d.Order != "dmy" || d.Note == nil || r.BadRowsTotal != 1 || r.BadRows[0].Row != 4 || r.BadRows[0].Code != badDate {
		t.Errorf("mixed: %+v bad %+v", d, r.BadRows)
	}
	// The order can be forced.
	r = analyze(t, memInput("forced.csv", rows("03/04/2026")), Options{DateOrder: DateMDY})
	if months(r) != "2026-03:1" {
		t.Errorf("forced mdy: %s", months(r))
	}
	// ISO and Chinese forms need no order.
	r = analyze(t, memInput("iso.csv", rows("2026-03-04", "2026/3/5", "2026年3月6日", "2026.03.07 10:30", "20260308", "2026-03-09T08:00:00+08:00")), Options{})
	if d := created(r); d.Ambiguous != 0 || d.Invalid != 0 || months(r) != "2026-03:6" {
		t.Errorf("iso %+v %s", d, months(r))
	}
}

func TestParseDate(t *testing.T) {
	cases := []struct {
		in    string
		order DateOrder
		excel bool
		want  string
		shape dateShape
	}{
		{"2026-03-05", DateDMY, false, "2026-03-05", shapeYMD},
		{"2026-3-5 9:07", DateDMY, false, "2026-03-05", shapeYMD},
		{"2026/03/05 下午3:00", DateDMY, false, "2026-03-05", shapeYMD},
		{"2026年3月5日", DateDMY, false, "2026-03-05", shapeYMD},
		{"20260305", DateDMY, false, "2026-03-05", shapeYMD},
		{"05/03/2026", DateDMY, false, "2026-03-05", shapeXXY},
		{"05/03/2026", DateMDY, false, "2026-05-03", shapeXXY},
		{"25.03.2026", DateDMY, false, "2026-03-25", shapeDMY},
		{"25.03.2026", DateMDY, false, "", shapeDMY},
		{"03-25-2026", DateMDY, false, "2026-03-25", shapeMDY},
		{"05/05/2026", DateMDY, false, "2026-05-05", shapeYMD},
		{"2026-02-29", DateDMY, false, "", shapeBad},
		{"2024-02-29", DateDMY, false, "2024-02-29", shapeYMD},
		{"2026-13-01", DateDMY, false, "", shapeBad},
		{"05/03/26", DateDMY, false, "", shapeBad},
		{"46086", DateDMY, true, "2026-03-05", shapeSerial},
		{"46086.75", DateDMY, true, "2026-03-05", shapeSerial},
		{"46086", DateDMY, false, "", shapeBad},
		{"next week", DateDMY, false, "", shapeBad},
		{"2026-03-05xyz", DateDMY, false, "", shapeBad},
		{"", DateDMY, false, "", shapeBad},
	}
	for _, c := range cases {
		d, sh := parseDate(c.in, c.order, c.excel)
		if d.String() != c.want || sh != c.shape {
			t.Errorf("parseDate(%q, %s) = %q shape %d, want %q shape %d", c.in, c.order, d, sh, c.want, c.shape)
		}
	}
}

func TestParseAmount(t *testing.T) {
	cases := []struct {
		in    string
		scale int64
		want  Money
		ok    bool
	}{
		{"125000", 1, 12_500_000, true},
		{"125000.5", 1, 12_500_050, true},
		{"125000.555", 1, 12_500_056, true},
		{"1,250,000.00", 1, 125_000_000, true},
		{"¥ 1,250", 1, 125_000, true},
		{"RMB 1,250", 1, 125_000, true},
		{"1250元", 1, 125_000, true},
		{"12.5万", 1, 12_500_000, true},
		{"1.2亿", 1, 12_000_000_000, true},
		{"12.5", 10000, 12_500_000, true},
		{"0", 1, 0, true},
		{"-5", 1, 0, false},
		{"(1,000)", 1, 0, false},
		{"abc", 1, 0, false},
		{"1.2.3", 1, 0, false},
		{".", 1, 0, false},
		{"", 1, 0, false},
		{"99999999999999999999", 1, 0, false},
	}
	for _, c := range cases {
		got, ok := parseAmount(c.in, c.scale)
		if got != c.want || ok != c.ok {
			t.Errorf("parseAmount(%q, %d) = %d %v, want %d %v", c.in, c.scale, got, ok, c.want, c.ok)
		}
	}
}

func TestHeaderMatching(t *testing.T) {
	header := []string{"\ufeff商机编号", "客户名称", "负责人", "阶段", "金额(元)", "创建日期", "关闭日期", "状态", "Ｓｔａｇｅ Entered"}
	cols, how, err := resolve(header, nil, Fields)
	if err != nil {
		t.Fatal(err)
	}
	want := map[Field]int{FieldID: 0, FieldCustomer: 1, FieldOwner: 2, FieldStage: 3, FieldAmount: 4, FieldCreated: 5, FieldClosed: 6, FieldStatus: 7, FieldStageEntered: 8}
	for f, i := range want {
		if cols.col(f) != i || how[f] != "auto" {
			t.Errorf("%s → column %d (%s), want %d", f, cols.col(f), how[f], i)
		}
	}
	// An explicit empty mapping leaves a field out.
	cols, _, _ = resolve(header, Mapping{FieldOwner: ""}, Fields)
	if cols.has(FieldOwner) {
		t.Error("owner mapped although the mapping left it out")
	}
}

func TestCivilRoundTrip(t *testing.T) {
	for d := daysFromCivil(1900, 1, 1); d < daysFromCivil(2200, 12, 31); d += 13 {
		y, m, dd := civil(d)
		if daysFromCivil(y, m, dd) != d || d.String() != fmt.Sprintf("%04d-%02d-%02d", y, m, dd) {
			t.Fatalf("civil(%d) = %d-%d-%d (%s)", d, y, m, dd, d)
		}
	}
}

func TestWriteXLSX(t *testing.T) {
	r := analyze(t, fileInput(t, "small.csv"), Options{Stages: processStages(), AsOf: day("2026-06-30"), Target: &Target{Amount: 2e6}})
	for _, lang := range []string{"zh-CN", "en"} {
		var buf bytes.Buffer
		if err := r.WriteXLSX(&buf, lang); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		sheets := f.GetSheetList()
		stages := "阶段"
		if lang == "en" {
			stages = "Stages"
		}
		if len(sheets) != 7 {
			t.Fatalf("%s sheets %v", lang, sheets)
		}
		rows, _ := f.GetRows(stages, excelize.Options{RawCellValue: true})
		if len(rows) != 7 || rows[1][0] != "初步接洽" || rows[1][3] != "9" || rows[1][4] != "0.6667" {
			t.Errorf("%s stage rows %v", lang, rows[:2])
		}
		f.Close()
	}
}
