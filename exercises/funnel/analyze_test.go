package funnel

import (
	"bytes"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// memInput is a file held in memory.
func memInput(name string, data []byte) Input {
	return Input{Name: name, Size: int64(len(data)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
}

func fileInput(t testing.TB, name string) Input {
	t.Helper()
	path := filepath.Join("testdata", name)
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	return Input{Name: name, Open: func() (io.ReadCloser, error) { return os.Open(path) }}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func analyze(t testing.TB, in Input, opt Options) *Result {
	t.Helper()
	r, err := Analyze(in, opt)
	if err != nil {
		t.Fatalf("analyze %s: %v", in.Name, err)
	}
	return r
}

func p(f float64) *float64 { return &f }

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// processStages is the built-in case's process: four open stages with
// rising probabilities and day limits, then won and lost.
func processStages() *StageConfig {
	return &StageConfig{Stages: []Stage{
		{Name: "初步接洽", Probability: p(10), MaxDays: 14},
		{Name: "需求确认", Probability: p(25), MaxDays: 21},
		{Name: "方案评估", Probability: p(50), MaxDays: 30},
		{Name: "合同谈判", Probability: p(75), MaxDays: 21},
		{Name: "赢单", Probability: p(100), Won: true},
		{Name: "输单", Probability: p(0), Lost: true},
	}}
}

func checkF(t *testing.T, name string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = null, want %v", name, want)
		return
	}
	if math.Abs(*got-want) > 0.005 {
		t.Errorf("%s = %v, want %v", name, *got, want)
	}
}

func checkN(t *testing.T, name string, got, want int64) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %d, want %d", name, got, want)
	}
}

func checkV(t *testing.T, name string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 0.005 {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
}

func stageNamed(t *testing.T, r *Result, name string) StageResult {
	t.Helper()
	for _, s := range r.Stages {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no stage %q in %+v", name, r.Stages)
	return StageResult{}
}

func hasCode(notes []Note, code string) bool {
	for _, n := range notes {
		if n.Code == code {
			return true
		}
	}
	return false
}

// TestMetricsHandChecked checks every figure on testdata/small.csv (nine
// deals, the built-in case's format), worked out by hand in the comments.
func TestMetricsHandChecked(t *testing.T) {
	r := analyze(t, fileInput(t, "small.csv"), Options{
		Stages: processStages(),
		AsOf:   day("2026-06-30"),
		Target: &Target{Amount: 2_000_000, From: day("2026-01-01"), To: day("2026-12-31")},
	})
	// O1–O5 open, O6 O7 won, O8 lost at the lost stage, O9 lost at 方案评估.
	checkN(t, "opportunities", r.Opportunities, 9)
	checkN(t, "won", r.Won, 2)
	checkN(t, "lost", r.Lost, 2)
	checkN(t, "open", r.Open, 5)
	checkF(t, "win rate", r.WinRate, 0.5)                    // 2 / (2+2)
	checkF(t, "win rate by amount", r.WinRateByAmount, 0.75) // 600k / 800k
	checkV(t, "won amount", r.WonAmount, 600_000)
	checkV(t, "lost amount", r.LostAmount, 200_000)
	checkV(t, "pipeline", r.Pipeline, 1_050_000) // 100k+50k+200k+300k+400k
	checkF(t, "avg won amount", r.AvgWonAmount, 300_000)
	checkF(t, "avg cycle", r.AvgCycleDays, 45) // O6 60 days, O7 30 days
	checkF(t, "median cycle", r.MedianCycleDays, 45)
	// 150k×10% + 200k×25% + 300k×50% + 400k×75%
	checkV(t, "weighted pipeline", r.WeightedPipeline, 515_000)
	// 5 open × 300k × 0.5 ÷ 45 days
	checkF(t, "velocity", r.VelocityPerDay, 16_666.67)
	checkN(t, "velocity opportunities", r.Velocity.Opportunities, 5)
	// Target 2M in 2026; won 600k → 1.4M remaining.
	if r.Target == nil {
		t.Fatal("no target result")
	}
	checkV(t, "target won", r.Target.Won, 600_000)
	checkV(t, "remaining", r.Target.Remaining, 1_400_000)
	checkF(t, "coverage", r.Target.Coverage, 0.75)                  // 1.05M / 1.4M
	checkF(t, "weighted coverage", r.Target.WeightedCoverage, 0.37) // 515k / 1.4M
	if r.StageOrder != "config" || r.ConversionSource != "current_stage" || !hasCode(r.Limits, "conversion_inferred") {
		t.Errorf("order %s, conversion %s, limits %v", r.StageOrder, r.ConversionSource, r.Limits)
	}
	if !hasCode(r.Limits, "lost_stage_unknown") {
		t.Error("O8's unknown loss stage is not stated")
	}

	// Reached (current-stage inference): 初步接洽 all 9; 需求确认 O3 O4 O5
	// O9 + 2 won = 6; 方案评估 O4 O5 O9 + 2 won = 5; 合同谈判 O5 + 2 won = 3.
	want := []struct {
		name              string
		reached, open     int64
		conversion, start float64
		empirical         float64
		closedReached     int64
	}{
		{"初步接洽", 9, 2, 6.0 / 9, 1, 50, 4},          // closed: O6 O7 O8 O9
		{"需求确认", 6, 1, 5.0 / 6, 6.0 / 9, 66.67, 3}, // closed: O6 O7 O9
		{"方案评估", 5, 1, 3.0 / 5, 5.0 / 9, 66.67, 3},
		{"合同谈判", 3, 1, 2.0 / 3, 3.0 / 9, 100, 2}, // to won: 2 of 3
	}
	for i, w := range want {
		s := r.Stages[i]
		if s.Name != w.name {
			t.Fatalf("stage %d is %s, want %s", i, s.Name, w.name)
		}
		checkN(t, w.name+" reached", s.Reached, w.reached)
		checkN(t, w.name+" open", s.Open, w.open)
		checkF(t, w.name+" conversion", s.Conversion, math.Round(w.conversion*10000)/10000)
		checkF(t, w.name+" from start", s.FromStart, math.Round(w.start*10000)/10000)
		checkF(t, w.name+" empirical", s.Empirical, w.empirical)
		checkN(t, w.name+" closed reached", s.ClosedReached, w.closedReached)
	}
	checkN(t, "lost at 方案评估", stageNamed(t, r, "方案评估").LostHere, 1)
	checkN(t, "won stage reached", stageNamed(t, r, "赢单").Reached, 2)
	checkN(t, "lost stage reached", stageNamed(t, r, "输单").Reached, 2)
	checkF(t, "configured probability shown", stageNamed(t, r, "方案评估").Probability, 50)
	if r.BiggestLeak == nil || r.BiggestLeak.From != "方案评估" || r.BiggestLeak.To != "合同谈判" || r.BiggestLeak.Lost != 2 {
		t.Errorf("biggest leak %+v, want 方案评估 → 合同谈判 losing 2", r.BiggestLeak)
	}

	// Stuck, with no stage-entered dates: age since creation against the
	// sum of the limits up to the stage (14, 35, 65, 86 days) at 2026-06-30.
	// O5 149−86=63, O4 121−65=56, O3 90−35=55, O1 60−14=46, O2 41−14=27.
	checkN(t, "stuck total", r.StuckTotal, 5)
	wantStuck := []struct {
		id   string
		over int
	}{{"O5", 63}, {"O4", 56}, {"O3", 55}, {"O1", 46}, {"O2", 27}}
	if len(r.Stuck) != len(wantStuck) {
		t.Fatalf("stuck %+v", r.Stuck)
	}
	for i, w := range wantStuck {
		if r.Stuck[i].ID != w.id || r.Stuck[i].DaysOver != w.over || r.Stuck[i].Basis != "created" {
			t.Errorf("stuck[%d] = %+v, want %s over by %d", i, r.Stuck[i], w.id, w.over)
		}
	}
	checkF(t, "avg age 初步接洽", stageNamed(t, r, "初步接洽").AvgAgeDays, 50.5) // (60+41)/2

	// Owners: 张伟 O1 O3 O6 O8; 李娜 O2 O4 O5 O7 O9.
	if len(r.Owners) != 2 {
		t.Fatalf("owners %+v", r.Owners)
	}
	zw, ln := r.Owners[0], r.Owners[1] // by won amount: 张伟 500k first
	if zw.Owner != "张伟" || ln.Owner != "李娜" {
		t.Fatalf("owners order %s, %s", zw.Owner, ln.Owner)
	}
	checkN(t, "张伟 deals", zw.Opportunities, 4)
	checkN(t, "张伟 open", zw.Open, 2)
	checkF(t, "张伟 win rate", zw.WinRate, 0.5)
	checkV(t, "张伟 pipeline", zw.Pipeline, 300_000)
	checkV(t, "张伟 weighted", zw.Weighted, 60_000) // 100k×10% + 200k×25%
	checkF(t, "张伟 cycle", zw.AvgCycleDays, 60)
	checkN(t, "李娜 deals", ln.Opportunities, 5)
	checkV(t, "李娜 weighted", ln.Weighted, 455_000) // 50k×10% + 300k×50% + 400k×75%
	checkF(t, "李娜 cycle", ln.AvgCycleDays, 30)

	// Months: created Jan 2 (O6 O8), Feb 3 (O5 O7 O9), Mar 1, Apr 1, May 2;
	// won in March (O6 O7, 600k); lost in Feb (O8) and April (O9).
	months := map[string]PeriodResult{}
	for _, m := range r.Periods {
		months[m.Period] = m
	}
	if len(r.Periods) != 5 || months["2026-01"].Created != 2 || months["2026-02"].Created != 3 ||
		months["2026-03"].Won != 2 || months["2026-03"].WonAmount != 600_000 || months["2026-02"].Lost != 1 || months["2026-04"].Lost != 1 {
		t.Errorf("periods %+v", r.Periods)
	}
	if r.BadRowsTotal != 0 || len(r.BadRows) != 0 {
		t.Errorf("bad rows %+v", r.BadRows)
	}
	if r.Source.Encoding != "utf-8-bom" || r.Source.Format != "csv" || r.Source.Rows != 9 {
		t.Errorf("source %+v", r.Source)
	}
}

// TestHistoryFile reads the stage history as a separate file: conversion
// then comes from what each deal actually went through.
func TestHistoryFile(t *testing.T) {
	h := fileInput(t, "small_history.csv")
	r := analyze(t, fileInput(t, "small.csv"), Options{History: &h, AsOf: day("2026-06-30"), Stages: processStages()})
	if r.ConversionSource != "history" || hasCode(r.Limits, "conversion_inferred") || hasCode(r.Limits, "lost_stage_unknown") {
		t.Fatalf("conversion source %s, limits %v", r.ConversionSource, r.Limits)
	}
	// O5 skipped 需求确认 but passed it; O8 was lost at 需求确认, O9 at 方案评估.
	// reached: 9, 7 (O3 O4 O5 O8 O9 + 2 won), 5 (O4 O5 O9 + 2 won), 3.
	for i, w := range []struct {
		reached   int64
		empirical float64
	}{{9, 50}, {7, 50}, {5, 66.67}, {3, 100}} {
		checkN(t, r.Stages[i].Name+" reached", r.Stages[i].Reached, w.reached)
		checkF(t, r.Stages[i].Name+" empirical", r.Stages[i].Empirical, w.empirical)
	}
	checkN(t, "lost at 需求确认", r.Stages[1].LostHere, 1)
	checkN(t, "lost at 方案评估", r.Stages[2].LostHere, 1)
	// Ages from the day each deal entered its stage: O5 entered 合同谈判 on
	// 04-01, 90 days before 06-30, 69 over its 21.
	if len(r.Stuck) == 0 || r.Stuck[0].ID != "O5" || r.Stuck[0].Basis != "entered" || r.Stuck[0].DaysOver != 69 {
		t.Errorf("stuck %+v", r.Stuck)
	}
	if r.History == nil || r.History.Rows != 27 {
		t.Errorf("history source %+v", r.History)
	}

	// Without a stage configuration the order comes from the history.
	r = analyze(t, fileInput(t, "small.csv"), Options{History: &h})
	var names []string
	for _, s := range r.Stages {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "初步接洽,需求确认,方案评估,合同谈判,赢单,输单" || r.StageOrder != "history" {
		t.Errorf("order from history: %v (%s)", names, r.StageOrder)
	}
}

func TestStageOrderInferredFromAge(t *testing.T) {
	r := analyze(t, fileInput(t, "small.csv"), Options{})
	var names []string
	for _, s := range r.Stages {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "初步接洽,需求确认,方案评估,合同谈判,赢单,输单" {
		t.Errorf("order %v", names)
	}
	if r.StageOrder != "age" || !hasCode(r.Limits, "order_by_age") || !hasCode(r.Limits, "probability_empirical") {
		t.Errorf("order source %s limits %v", r.StageOrder, r.Limits)
	}
	// No configured probabilities: the weighted pipeline uses the empirical
	// ones: 150k×50% + 200k×66.67% + 300k×66.67% + 400k×100%.
	checkV(t, "weighted", r.WeightedPipeline, 75_000+133_340+200_010+400_000)
	if r.AsOf != "2026-05-20" || r.AsOfSource != "data" {
		t.Errorf("as of %s (%s)", r.AsOf, r.AsOfSource)
	}
}

func TestStageEnteredAndHistoryColumns(t *testing.T) {
	csv := "商机编号,阶段,金额,创建日期,阶段进入日期,负责人\n" +
		"A1,初步接洽,10000,2026-06-01,2026-06-01,王强\n" + // 29 days, limit 14: 15 over
		"A2,初步接洽,10000,2026-06-20,2026-06-20,王强\n" + // 10 days: fine
		"A3,方案评估,10000,2026-01-01,2026-06-10,王强\n" + // entered 20 days ago: fine
		"A4,方案评估,10000,2026-01-01,2026-05-01,王强\n" + // 60 days, limit 30: 30 over
		"A5,合同谈判,10000,2026-03-01,,王强\n" // no date: 121 days since creation vs 86: 35 over
	r := analyze(t, memInput("aging.csv", []byte(csv)), Options{Stages: processStages(), AsOf: day("2026-06-30")})
	checkN(t, "stuck", r.StuckTotal, 3)
	got := ""
	for _, s := range r.Stuck {
		got += s.ID + ":" + s.Basis + ":" + itoa(s.DaysOver) + " "
	}
	if got != "A5:created:35 A4:entered:30 A1:entered:15 " {
		t.Errorf("stuck %s", got)
	}
	checkN(t, "方案评估 stuck", stageNamed(t, r, "方案评估").Stuck, 1)
	if !hasCode(r.Limits, "age_from_created") {
		t.Errorf("limits %v", r.Limits)
	}

	// Per-stage date columns are a stage history inside the file.
	csv = "商机编号,阶段,状态,初步接洽日期,需求确认日期,方案评估日期\n" +
		"B1,方案评估,进行中,2026-01-01,,2026-02-01\n" + // skipped 需求确认
		"B2,需求确认,输单,2026-01-05,2026-01-20,\n" + // lost at 需求确认
		"B3,初步接洽,进行中,2026-03-01,,\n"
	r = analyze(t, memInput("cols.csv", []byte(csv)), Options{})
	if r.ConversionSource != "history" || len(r.HistoryColumns) != 3 || r.HistoryColumns["方案评估"] != "方案评估日期" {
		t.Fatalf("history columns %v, source %s", r.HistoryColumns, r.ConversionSource)
	}
	if r.StageOrder != "history" || r.Stages[0].Name != "初步接洽" || r.Stages[2].Name != "方案评估" {
		t.Errorf("order %s %+v", r.StageOrder, r.Stages)
	}
	checkN(t, "reached 1", r.Stages[0].Reached, 3)
	checkN(t, "reached 2", r.Stages[1].Reached, 2) // B1 passed it, B2 lost there
	checkN(t, "reached 3", r.Stages[2].Reached, 1)
	checkN(t, "lost at 需求确认", r.Stages[1].LostHere, 1)
}

func TestMissingAmounts(t *testing.T) {
	csv := "商机编号,阶段,金额,状态\n" +
		"M1,方案评估,100000,进行中\n" +
		"M2,方案评估,,进行中\n" + // missing: counted, no amount
		"M3,赢单,\"1,200,000\",赢单\n" +
		"M4,赢单,abc,赢单\n" + // not a number: kept without amount, listed
		"M5,输单,12.5万,输单\n"
	r := analyze(t, memInput("amounts.csv", []byte(csv)), Options{Stages: processStages()})
	checkN(t, "opportunities", r.Opportunities, 5)
	checkN(t, "missing", r.MissingAmounts, 2)
	checkV(t, "pipeline", r.Pipeline, 100_000)
	checkV(t, "won amount", r.WonAmount, 1_200_000)
	checkF(t, "avg won over deals with an amount", r.AvgWonAmount, 1_200_000)
	checkV(t, "lost amount", r.LostAmount, 125_000)
	checkN(t, "won", r.Won, 2)
	if len(r.BadRows) != 1 || r.BadRows[0].Row != 5 || r.BadRows[0].Code != badAmount || r.BadRows[0].Skipped {
		t.Errorf("bad rows %+v", r.BadRows)
	}
	if !hasCode(r.Warnings, "missing_amounts") {
		t.Errorf("warnings %v", r.Warnings)
	}
	// A 金额(万元) column is in ten thousands.
	r = analyze(t, memInput("wan.csv", []byte("阶段,金额(万元)\n方案评估,12.5\n")), Options{Stages: processStages()})
	checkV(t, "万元 pipeline", r.Pipeline, 125_000)
}

func TestUnknownStagesAreListed(t *testing.T) {
	csv := "商机编号,阶段\nU1,方案评估\nU2,报价\nU3,报价\nU4,\nU5,合同谈判\n"
	r := analyze(t, memInput("unknown.csv", []byte(csv)), Options{Stages: processStages()})
	checkN(t, "opportunities", r.Opportunities, 2)
	checkN(t, "skipped", r.SkippedRows, 3)
	if len(r.UnknownStages) != 1 || r.UnknownStages[0] != (ValueCount{"报价", 2}) {
		t.Errorf("unknown stages %+v", r.UnknownStages)
	}
	var rows []int
	for _, b := range r.BadRows {
		rows = append(rows, b.Row)
		if !b.Skipped {
			t.Errorf("row %d not skipped", b.Row)
		}
	}
	if len(rows) != 3 || rows[0] != 3 || rows[1] != 4 || rows[2] != 5 {
		t.Errorf("bad rows %v (header is row 1)", rows)
	}
	if r.BadRows[0].Code != badUnknownStage || !strings.Contains(r.BadRows[0].Reason.ZH, "报价") || r.BadRows[2].Code != badNoStage {
		t.Errorf("reasons %+v", r.BadRows)
	}
}

func TestClosesBeforeOpensIsReportedNotCounted(t *testing.T) {
	csv := "商机编号,阶段,金额,创建日期,关闭日期,状态\n" +
		"C1,赢单,1000,2026-03-01,2026-03-31,赢单\n" +
		"C2,赢单,5000,2026-03-10,2026-02-01,赢单\n" + // closes before it opens
		"C3,输单,1000,2026-03-01,2026-03-11,输单\n"
	r := analyze(t, memInput("early.csv", []byte(csv)), Options{Stages: processStages()})
	checkN(t, "won", r.Won, 1)
	checkN(t, "opportunities", r.Opportunities, 2)
	checkV(t, "won amount", r.WonAmount, 1000)
	checkF(t, "cycle", r.AvgCycleDays, 30)
	if len(r.BadRows) != 1 || r.BadRows[0].Row != 3 || r.BadRows[0].Code != badClosesEarly || !strings.Contains(r.BadRows[0].Reason.EN, "before it opens") {
		t.Errorf("bad rows %+v", r.BadRows)
	}
}

func TestStatusRules(t *testing.T) {
	csv := "商机编号,阶段,状态\n" +
		"S1,方案评估,进行中\n" +
		"S2,方案评估,赢单\n" + // won while the export still shows an open stage: won
		"S3,赢单,输单\n" + // contradiction: skipped
		"S4,方案评估,暂缓处理\n" + // unknown status: skipped
		"S5,输单,\n" // no status: the stage says lost
	r := analyze(t, memInput("status.csv", []byte(csv)), Options{Stages: processStages()})
	checkN(t, "open", r.Open, 1)
	checkN(t, "won", r.Won, 1)
	checkN(t, "lost", r.Lost, 1)
	codes := ""
	for _, b := range r.BadRows {
		codes += b.Code + " "
	}
	if codes != "status_conflict unknown_status " {
		t.Errorf("codes %q", codes)
	}
	checkN(t, "won stage reached counts S2", stageNamed(t, r, "赢单").Reached, 1)
}

func TestMappingByHand(t *testing.T) {
	csv := "编码,进度,预计收入,销售经理\nX1,方案评估,1000,赵敏\nX2,初步接洽,2000,赵敏\n"
	_, err := Analyze(memInput("custom.csv", []byte(csv)), Options{})
	if ie, ok := AsInputError(err); !ok || ie.Code != CodeNoStageColumn || !strings.Contains(ie.Message.EN, "进度") {
		t.Fatalf("without mapping: %v", err)
	}
	m, err := ParseMapping("stage=进度,amount=预计收入,owner=#4")
	if err != nil {
		t.Fatal(err)
	}
	r := analyze(t, memInput("custom.csv", []byte(csv)), Options{Mapping: m, Stages: processStages()})
	checkN(t, "open", r.Open, 2)
	checkV(t, "pipeline", r.Pipeline, 3000)
	if r.Mapping[FieldStage] != "进度" || r.Matched[FieldStage] != "user" || r.Mapping[FieldOwner] != "销售经理" || r.Mapping[FieldID] != "编码" {
		t.Errorf("mapping %v matched %v", r.Mapping, r.Matched)
	}
	if _, err := Analyze(memInput("custom.csv", []byte(csv)), Options{Mapping: Mapping{FieldStage: "阶段"}}); err == nil {
		t.Error("a mapping to a missing column was accepted")
	} else if ie, _ := AsInputError(err); ie.Code != CodeBadMapping {
		t.Errorf("bad mapping: %v", err)
	}
	for _, bad := range []string{"stage", "colour=x", "stage="} {
		if _, err := ParseMapping(bad); err == nil {
			t.Errorf("ParseMapping(%q) accepted", bad)
		}
	}
}

func TestEnglishHeaders(t *testing.T) {
	csv := "Opportunity ID,Account Name,Opportunity Owner,Stage,Amount,Created Date,Close Date\n" +
		"E1,Acme,Ann,Prospecting,\"$1,000.50\",2026-01-05,\n" +
		"E2,Beta,Bob,Proposal,2000,2026-01-02,\n" +
		"E3,Gamma,Ann,Closed Won,3000,2026-01-01,2026-02-01\n" +
		"E4,Delta,Bob,Closed Lost,4000,2026-01-01,2026-01-21\n"
	r := analyze(t, memInput("en.csv", []byte(csv)), Options{})
	for _, f := range []Field{FieldID, FieldCustomer, FieldOwner, FieldStage, FieldAmount, FieldCreated, FieldClosed} {
		if r.Matched[f] != "auto" {
			t.Errorf("%s not matched: %v", f, r.Mapping)
		}
	}
	checkN(t, "won", r.Won, 1)
	checkN(t, "lost", r.Lost, 1)
	checkV(t, "pipeline", r.Pipeline, 3000.5)
	checkF(t, "cycle", r.AvgCycleDays, 31)
	if r.Stages[0].Name != "Prospecting" || r.Stages[1].Name != "Proposal" {
		t.Errorf("stages %+v", r.Stages)
	}
}

func TestShapeDiagnosis(t *testing.T) {
	mk := func(open ...int64) []StageResult {
		out := make([]StageResult, len(open))
		for i, o := range open {
			out[i] = StageResult{Name: string(rune('A' + i)), Open: o}
		}
		return out
	}
	cases := []struct {
		name    string
		open    []int64
		reached []int64
		kind    string
		all     string
	}{
		{"standard", []int64{40, 25, 15, 8}, []int64{200, 120, 70, 30}, "standard", ""},
		{"cylinder", []int64{30, 30, 30, 30}, []int64{100, 90, 85, 80}, "cylinder", "cylinder"},
		{"thin top", []int64{5, 20, 25, 30}, []int64{100, 70, 50, 30}, "thin_top", "thin_top"},
		{"bulge", []int64{30, 20, 45, 10}, []int64{150, 110, 80, 20}, "bulge", "bulge"},
		{"bulge and thin top", []int64{10, 30, 8, 5}, []int64{120, 60, 20, 8}, "bulge", "bulge thin_top"},
		{"too few deals", []int64{3, 2, 1}, []int64{10, 5, 2}, "insufficient_data", ""},
		{"too few stages", []int64{30, 20}, []int64{100, 50}, "insufficient_data", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sh := diagnose(mk(c.open...), c.reached)
			var kinds []string
			for _, f := range sh.Findings {
				kinds = append(kinds, f.Kind)
				if f.Evidence.ZH == "" || f.Evidence.EN == "" || f.Meaning.ZH == "" || f.Meaning.EN == "" {
					t.Errorf("finding without text: %+v", f)
				}
			}
			if sh.Kind != c.kind || strings.Join(kinds, " ") != c.all {
				t.Errorf("shape %s findings %v, want %s [%s]", sh.Kind, kinds, c.kind, c.all)
			}
			if sh.Title.ZH == "" || sh.Title.EN == "" || sh.Meaning.ZH == "" || sh.Meaning.EN == "" {
				t.Errorf("shape without text: %+v", sh)
			}
		})
	}
	// The bulge names its stage.
	sh := diagnose(mk(30, 20, 45, 10), []int64{150, 110, 80, 20})
	if sh.Findings[0].Stage != "C" || !strings.Contains(sh.Findings[0].Evidence.EN, "45") {
		t.Errorf("bulge finding %+v", sh.Findings[0])
	}
}

func TestBadRowsAreBoundedButCounted(t *testing.T) {
	var b strings.Builder
	b.WriteString("阶段,金额\n")
	for i := 0; i < 500; i++ {
		b.WriteString("未知,1\n方案评估,2\n")
	}
	r := analyze(t, memInput("many.csv", []byte(b.String())), Options{Stages: processStages()})
	checkN(t, "bad total", r.BadRowsTotal, 500)
	if len(r.BadRows) != MaxBadRowsShown || r.BadRowReasons[0].Rows != 500 || !hasCode(r.Warnings, "bad_rows_truncated") {
		t.Errorf("%d listed, reasons %+v", len(r.BadRows), r.BadRowReasons)
	}
	checkN(t, "opportunities", r.Opportunities, 500)
}

func TestFilesRefused(t *testing.T) {
	cases := []struct {
		name string
		data string
		code string
	}{
		{"empty", "", CodeEmpty},
		{"only a BOM", "\xef\xbb\xbf", CodeEmpty},
		{"only blank lines", "\n\n  \n", CodeEmpty},
		{"header without rows", "阶段,金额\n", CodeEmpty},
		{"pdf", "%PDF-1.7\n...", CodeNotTable},
		{"png", "\x89PNG\r\n\x1a\n....", CodeNotTable},
		{"old xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", CodeNotTable},
		{"html saved as xls", "<html><table><tr><td>阶段</td></tr></table></html>", CodeNotTable},
		{"binary", "abc\x00\x01\x02def", CodeNotTable},
		{"zip that is not xlsx", "PK\x03\x04garbage garbage", CodeUnreadable},
		{"no stage column", "商机编号,金额\nA,1\n", CodeNoStageColumn},
		{"every row bad", "阶段,创建日期\n方案评估,not a date\n方案评估,\n", CodeNoRows},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Analyze(memInput("x.csv", []byte(c.data)), Options{})
			ie, ok := AsInputError(err)
			if !ok || ie.Code != c.code {
				t.Fatalf("error %v, want code %s", err, c.code)
			}
			if ie.Message.ZH == "" || ie.Message.EN == "" {
				t.Errorf("message not bilingual: %+v", ie.Message)
			}
		})
	}
	// Bad options.
	bad := []Options{
		{Stages: &StageConfig{}},
		{Stages: &StageConfig{Stages: []Stage{{Name: "A"}, {Name: "a"}}}},
		{Stages: &StageConfig{Stages: []Stage{{Name: "A", Probability: p(50)}, {Name: "B", Probability: p(20)}}}},
		{Stages: &StageConfig{Stages: []Stage{{Name: "W", Won: true}}}},
		{Stages: &StageConfig{Stages: []Stage{{Name: "A", Probability: p(120)}}}},
		{DateOrder: "ymd"},
		{Target: &Target{Amount: -1}},
	}
	for i, o := range bad {
		if _, err := Analyze(memInput("x.csv", []byte("阶段\nA\n")), o); err == nil {
			t.Errorf("bad options %d accepted", i)
		}
	}
}
