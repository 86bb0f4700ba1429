package passoff

import (
	"math"
	"strings"
	"testing"

	"playbook/exercises"
)

// sheetOf builds ratings from rows of five scores in the default rubric's
// order (opening, discovery, value, objections, closing).
func sheetOf(rows map[string][5]int) Ratings {
	ids := DefaultRubric().CriterionIDs()
	r := Ratings{}
	for judge, scores := range rows {
		for i, v := range scores {
			r.Set(judge, ids[i], v)
		}
	}
	return r
}

func TestScoreWeightedShareAndPass(t *testing.T) {
	r := DefaultRubric() // weights 15 25 25 20 15, max 5 → 500 points
	cases := []struct {
		name    string
		rows    map[string][5]int
		points  float64
		passed  bool
		mustErr []string
	}{
		// 15·4 + 25·4 + 25·4 + 20·4 + 15·4 = 400 → 80%.
		{"clear pass", map[string][5]int{"A": {4, 4, 4, 4, 4}, "B": {4, 4, 4, 4, 4}}, 400, true, nil},
		// Means 3.5 everywhere: 350 points, exactly 70% — the threshold passes.
		{"exactly at the threshold", map[string][5]int{"A": {3, 3, 3, 3, 3}, "B": {4, 4, 4, 4, 4}}, 350, true, nil},
		// 15·3 + 25·3 + 25·4 + 20·3 + 15·3 = 325 → 65%.
		{"below the threshold", map[string][5]int{"A": {3, 3, 4, 3, 3}}, 325, false, nil},
		// Discovery mean 2 (must-pass at 3): 15·4 + 25·2 + 25·5 + 20·5 + 15·5 = 410 → 82%, yet a fail.
		{"must-pass fails above the threshold", map[string][5]int{"A": {4, 2, 5, 5, 5}, "B": {4, 2, 5, 5, 5}}, 410, false, []string{"discovery"}},
		// Discovery 2 and 3 → mean 2.5 < 3: fails although the total is 84%.
		{"must-pass mean just under", map[string][5]int{"A": {5, 2, 5, 5, 5}, "B": {4, 3, 5, 5, 5}}, 15*4.5 + 25*2.5 + 25*5 + 20*5 + 15*5, false, []string{"discovery"}},
		// Must-pass and threshold both failed.
		{"both fail", map[string][5]int{"A": {2, 1, 2, 2, 2}}, 15*2 + 25*1 + 25*2 + 20*2 + 15*2, false, []string{"discovery"}},
	}
	for _, c := range cases {
		res, err := r.Score(sheetOf(c.rows))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if math.Abs(res.Points-c.points) > 1e-9 || math.Abs(res.Percent-c.points/5) > 1e-9 {
			t.Errorf("%s: points %v percent %v, want %v", c.name, res.Points, res.Percent, c.points)
		}
		if res.Passed != c.passed {
			t.Errorf("%s: passed %v", c.name, res.Passed)
		}
		if strings.Join(res.MustPassFailed, ",") != strings.Join(c.mustErr, ",") {
			t.Errorf("%s: must-pass failed %v, want %v", c.name, res.MustPassFailed, c.mustErr)
		}
		if res.MaxPoints != 500 || res.Judges != len(c.rows) {
			t.Errorf("%s: max %v judges %d", c.name, res.MaxPoints, res.Judges)
		}
	}
}

func TestScoreSpreadPerCriterion(t *testing.T) {
	r := DefaultRubric()
	res, err := r.Score(sheetOf(map[string][5]int{"A": {2, 3, 3, 3, 3}, "B": {4, 3, 3, 3, 3}, "C": {3, 3, 3, 3, 3}}))
	if err != nil {
		t.Fatal(err)
	}
	o := res.Criteria[0]
	if o.ID != "opening" || o.Mean != 3 || o.SD != 1 || o.Min != 2 || o.Max != 4 || o.Judges != 3 || o.Points != 45 {
		t.Fatalf("opening %+v", o)
	}
	if res.Criteria[1].SD != 0 {
		t.Fatalf("discovery spread %v", res.Criteria[1].SD)
	}
}

func TestScoreRefusesBadScores(t *testing.T) {
	r := DefaultRubric()
	for name, ratings := range map[string]Ratings{
		"outside the scale": {"A": {"opening": 6, "discovery": 3, "value": 3, "objections": 3, "closing": 3}},
		"below the scale":   {"A": {"opening": 0, "discovery": 3, "value": 3, "objections": 3, "closing": 3}},
		"unknown criterion": {"A": {"charm": 5, "opening": 3, "discovery": 3, "value": 3, "objections": 3, "closing": 3}},
		"criterion unrated": {"A": {"opening": 3, "discovery": 3, "value": 3, "objections": 3}},
	} {
		if _, err := r.Score(ratings); err == nil {
			t.Errorf("%s: scored", name)
		} else if _, ok := exercises.AsOpError(err); !ok {
			t.Errorf("%s: %T %v", name, err, err)
		}
	}
	if err := r.CheckScore("value", 6); err == nil || !strings.Contains(err.Error(), "from 1 to 5") {
		t.Fatalf("CheckScore: %v", err)
	}
}

func TestWeightedScore(t *testing.T) {
	r := DefaultRubric()
	v, ok := r.WeightedScore(map[string]int{"opening": 5, "discovery": 1, "value": 1, "objections": 1, "closing": 1})
	if !ok || math.Abs(v-(75+25+25+20+15)/100.0) > 1e-12 {
		t.Fatalf("weighted %v %v", v, ok)
	}
	if _, ok := r.WeightedScore(map[string]int{"opening": 5}); ok {
		t.Fatal("partial sheet gave a weighted score")
	}
}
