package passoff

import (
	"math"
	"strings"
	"testing"
)

func perf(id, performer, group string, attempt int, rows map[string][5]int) Performance {
	return Performance{ID: id, Performer: performer, Name: performer, Group: group, Attempt: attempt, Ratings: sheetOf(rows)}
}

func caveatCodes(a Agreement) string {
	var codes []string
	for _, c := range a.Caveats {
		codes = append(codes, c.Code)
	}
	return strings.Join(codes, ",")
}

func TestAnalyzeHarshnessImprovementAndLeaderboard(t *testing.T) {
	r := DefaultRubric()
	perfs := []Performance{
		// Judge H is one level under the others everywhere, judge L one over.
		perf("p1", "王芳", "第1组", 1, map[string][5]int{"H": {2, 2, 2, 2, 2}, "M": {3, 3, 3, 3, 3}, "L": {4, 4, 4, 4, 4}}),
		perf("p2", "张伟", "第2组", 1, map[string][5]int{"H": {3, 3, 3, 3, 3}, "M": {4, 4, 4, 4, 4}, "L": {5, 5, 5, 5, 5}}),
		perf("p3", "王芳", "第1组", 2, map[string][5]int{"H": {3, 3, 3, 3, 3}, "M": {4, 4, 4, 4, 4}, "L": {5, 5, 5, 5, 5}}),
		perf("p4", "李娜", "第2组", 1, map[string][5]int{"H": {1, 2, 2, 1, 1}, "M": {2, 3, 3, 2, 2}, "L": {3, 4, 4, 3, 3}}),
	}
	rep, err := Analyze(r, perfs)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Performances) != 4 || rep.Performances[0].Result.Percent != 60 || rep.Performances[1].Result.Percent != 80 {
		t.Fatalf("performances %+v", rep.Performances)
	}
	harsh := map[string]float64{}
	for _, j := range rep.Judges {
		harsh[j.Judge] = *j.Harshness
	}
	if harsh["H"] != -1 || harsh["M"] != 0 || harsh["L"] != 1 {
		t.Fatalf("harshness %v", harsh)
	}
	// Judges differ by a constant: consistent but not in absolute agreement.
	// Alpha and ICC are both computed; with 4 rows and 3 judges the caveat
	// about few performances is raised, not the one about a small panel.
	ag := rep.Agreement
	if ag.ICC21 == nil || ag.ICC2k == nil || ag.Alpha == nil || ag.Judges != 3 || ag.Performances != 4 {
		t.Fatalf("agreement %+v", ag)
	}
	if caveatCodes(ag) != CaveatFewPerformances {
		t.Fatalf("caveats %v", caveatCodes(ag))
	}
	// The ICC of Analyze is the ICC of the judges' weighted scores.
	var m [][]float64
	for _, p := range perfs {
		var row []float64
		for _, j := range []string{"H", "L", "M"} {
			v, _ := r.WeightedScore(p.Ratings[j])
			row = append(row, v)
		}
		m = append(m, row)
	}
	icc, _ := ComputeICC(m)
	if math.Abs(icc.Single-*ag.ICC21) > 1e-12 || math.Abs(icc.Average-*ag.ICC2k) > 1e-12 {
		t.Fatalf("ICC %v/%v vs %v/%v", *ag.ICC21, *ag.ICC2k, icc.Single, icc.Average)
	}
	// 王芳 went from 60% to 80% and passed on the second attempt.
	wang := rep.Improvement[0]
	if wang.Name != "王芳" || len(wang.Attempts) != 2 || wang.Change != 20 || !wang.Passed || wang.Attempts[0].Passed {
		t.Fatalf("improvement %+v", wang)
	}
	// Group 1: one performer, passed (100%). Group 2: 张伟 passed, 李娜 did not (50%).
	lb := rep.Leaderboard
	if len(lb) != 2 || lb[0].Group != "第1组" || lb[0].PassRate != 100 || lb[0].Rank != 1 || lb[0].Attempts != 2 ||
		lb[1].Group != "第2组" || lb[1].PassRate != 50 || lb[1].Performers != 2 || lb[1].Rank != 2 {
		t.Fatalf("leaderboard %+v", lb)
	}
	crit := rep.Criteria[0]
	if crit.ID != "opening" || crit.Scores != 12 || crit.Min != 1 || crit.Max != 5 {
		t.Fatalf("criterion stats %+v", crit)
	}
}

func TestAgreementCaveatsForSmallAndIncompletePanels(t *testing.T) {
	r := DefaultRubric()
	// Two judges; 张伟 is also a judge and does not score himself.
	perfs := []Performance{
		perf("p1", "王芳", "", 1, map[string][5]int{"T": {3, 3, 3, 3, 3}, "张伟": {4, 3, 3, 3, 4}}),
		perf("p2", "张伟", "", 1, map[string][5]int{"T": {4, 4, 4, 4, 4}}),
		perf("p3", "李娜", "", 1, map[string][5]int{"T": {2, 2, 3, 2, 2}, "张伟": {2, 3, 3, 2, 2}}),
	}
	rep, err := Analyze(r, perfs)
	if err != nil {
		t.Fatal(err)
	}
	ag := rep.Agreement
	if ag.Performances != 2 || ag.Judges != 2 {
		t.Fatalf("agreement %+v", ag)
	}
	codes := caveatCodes(ag)
	for _, want := range []string{CaveatIncomplete, CaveatSmallPanel, CaveatFewPerformances} {
		if !strings.Contains(codes, want) {
			t.Errorf("caveats %s lack %s", codes, want)
		}
	}
	// Alpha uses the incomplete performance too: its units have one value and
	// are not pairable, the others are.
	if ag.Alpha == nil || ag.AlphaUnits != 10 {
		t.Fatalf("alpha %v over %d units", ag.Alpha, ag.AlphaUnits)
	}
	// One judge only: no agreement at all, said plainly.
	rep, err = Analyze(r, perfs[1:2])
	if err != nil {
		t.Fatal(err)
	}
	if rep.Agreement.ICC21 != nil || rep.Agreement.Alpha != nil ||
		!strings.Contains(caveatCodes(rep.Agreement), CaveatNoICC) || rep.Judges[0].Harshness != nil {
		t.Fatalf("single judge %+v", rep)
	}
}

func TestAnalyzeRefusesDuplicatesAndBadScores(t *testing.T) {
	r := DefaultRubric()
	p := perf("p1", "王芳", "", 1, map[string][5]int{"T": {3, 3, 3, 3, 3}})
	if _, err := Analyze(r, []Performance{p, p}); err == nil {
		t.Fatal("duplicate performance accepted")
	}
	bad := perf("p2", "张伟", "", 1, map[string][5]int{"T": {3, 3, 3, 3, 9}})
	if _, err := Analyze(r, []Performance{bad}); err == nil || !strings.Contains(err.Error(), "张伟") {
		t.Fatalf("bad score: %v", err)
	}
}

func TestCalibrationFlagsJudgesOneLevelAway(t *testing.T) {
	r := DefaultRubric()
	// Medians: opening 3, discovery 3.5 (even count), value 4, objections 3, closing 3.
	ratings := sheetOf(map[string][5]int{
		"A": {3, 3, 4, 3, 3},
		"B": {3, 4, 4, 3, 3},
		"C": {3, 3, 4, 3, 3},
		"D": {5, 4, 2, 3, 3},
	})
	cal, err := Calibrate(r, ratings)
	if err != nil {
		t.Fatal(err)
	}
	med := map[string]float64{}
	for _, c := range cal.Criteria {
		med[c.ID] = c.Median
	}
	if med["opening"] != 3 || med["discovery"] != 3.5 || med["value"] != 4 {
		t.Fatalf("medians %v", med)
	}
	byJudge := map[string]CalibrationJudge{}
	for _, j := range cal.Judges {
		byJudge[j.Judge] = j
	}
	d := byJudge["D"]
	if !d.Flagged || d.Distances[0].Distance != 2 || !d.Distances[0].Flagged || d.Distances[2].Distance != -2 ||
		d.Distances[1].Distance != 0.5 || d.Distances[1].Flagged {
		t.Fatalf("judge D %+v", d)
	}
	// Half a level off (the even-count median) is not flagged.
	if byJudge["A"].Flagged || byJudge["B"].Flagged || cal.Flagged != 1 {
		t.Fatalf("flags %+v", cal)
	}
	// The furthest judge comes first.
	if cal.Judges[0].Judge != "D" || cal.Judges[0].MeanDistance != (2+0.5+2)/5 {
		t.Fatalf("order %+v", cal.Judges[0])
	}
	if _, err := Calibrate(r, Ratings{"A": {"opening": 7}}); err == nil {
		t.Fatal("score outside the scale calibrated")
	}
}
