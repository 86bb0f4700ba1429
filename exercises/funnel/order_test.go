package funnel

import "testing"

// Stages found in per-stage date columns are numbered in the file's column
// order, so that an inferred stage order with ties (a stage skipped in one
// deal, lost at in another) comes out the same every run. It used to follow
// a map's iteration order and differ from run to run.
func TestHistoryColumnOrderIsStable(t *testing.T) {
	csv := "商机编号,阶段,状态,初步接洽日期,需求确认日期,方案评估日期\n" +
		"B1,方案评估,进行中,2026-01-01,,2026-02-01\n" +
		"B2,需求确认,输单,2026-01-05,2026-01-20,\n" +
		"B3,初步接洽,进行中,2026-03-01,,\n"
	for range 20 {
		r := analyze(t, memInput("cols.csv", []byte(csv)), Options{})
		var got []string
		for _, s := range r.Stages {
			if !s.Won && !s.Lost {
				got = append(got, s.Name)
			}
		}
		if len(got) != 3 || got[0] != "初步接洽" || got[1] != "需求确认" || got[2] != "方案评估" {
			t.Fatalf("stage order %v, want the columns' order", got)
		}
	}
}
