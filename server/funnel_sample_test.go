package server

import "testing"

// The case's sample data set, analysed the way the 5.0 boards show it, tells
// the story the case's notes tell: 2,393 → 1,572 → 1,140 → 525 → 373 won,
// 66, 78, 148 and 16 open deals, a bulge at 方案评估 and a thin top.
func TestSampleFunnelMatchesTheCase(t *testing.T) {
	r, err := sampleFunnel()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		reached, open int64
	}{{2393, 66}, {1572, 78}, {1140, 148}, {525, 16}}
	for i, w := range want {
		if s := r.Stages[i]; s.Reached != w.reached || s.Open != w.open {
			t.Errorf("stage %s reached %d open %d, want %d %d", s.Name, s.Reached, s.Open, w.reached, w.open)
		}
	}
	if r.Won != 373 || r.ConversionSource != "history" || r.AsOf != "2026-11-15" || r.BadRowsTotal != 0 {
		t.Errorf("won %d, conversion %s, as of %s, bad %d", r.Won, r.ConversionSource, r.AsOf, r.BadRowsTotal)
	}
	kinds := ""
	for _, f := range r.Shape.Findings {
		kinds += f.Kind + " "
	}
	if r.Shape.Kind != "bulge" || kinds != "bulge thin_top " || r.BiggestLeak == nil || r.BiggestLeak.From != "方案评估" {
		t.Errorf("shape %s (%s), leak %+v", r.Shape.Kind, kinds, r.BiggestLeak)
	}
	if r.StuckTotal == 0 || len(r.Compact().Stuck) > 30 {
		t.Errorf("stuck %d", r.StuckTotal)
	}
}
