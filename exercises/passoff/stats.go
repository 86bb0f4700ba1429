package passoff

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
)

// Performance is one attempt of one performer, as a panel scored it.
type Performance struct {
	ID        string  `json:"id"`        // unique among the performances analysed
	Performer string  `json:"performer"` // the person: a participant id, or a name from a paper sheet
	Name      string  `json:"name"`      // shown to people
	Group     string  `json:"group,omitempty"`
	Attempt   int     `json:"attempt"` // 1 for the first attempt
	Ratings   Ratings `json:"ratings"`
}

// PerformanceResult is a performance with its result.
type PerformanceResult struct {
	ID        string  `json:"id"`
	Performer string  `json:"performer"`
	Name      string  `json:"name"`
	Group     string  `json:"group,omitempty"`
	Attempt   int     `json:"attempt"`
	Result    *Result `json:"result"`
}

// CriterionStats is a criterion's scores pooled over every performance.
type CriterionStats struct {
	ID     string  `json:"id"`
	Mean   float64 `json:"mean"`
	SD     float64 `json:"sd"`
	Min    int     `json:"min"`
	Max    int     `json:"max"`
	Scores int     `json:"scores"`
}

// JudgeStats is how one judge scored. Harshness is the judge's mean
// deviation from the panel: over every criterion of every performance that at
// least two judges scored, the judge's score minus the panel's mean score
// (the judge included), averaged. Negative means harsher than the panel,
// positive more lenient; it is in levels of the scale.
type JudgeStats struct {
	Judge     string   `json:"judge"`
	Scores    int      `json:"scores"`
	Mean      float64  `json:"mean"`
	Spread    float64  `json:"spread"`    // sample standard deviation of the judge's scores
	Harshness *float64 `json:"harshness"` // nil when the judge never scored alongside another
}

// Caveat is a warning about how far the statistics can be trusted. Code is
// stable (the web app translates it); Message is English.
type Caveat struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Caveat codes.
const (
	CaveatSmallPanel      = "small_panel"      // fewer than three judges
	CaveatFewPerformances = "few_performances" // fewer than five performances in the ICC
	CaveatIncomplete      = "incomplete"       // performances left out of the ICC
	CaveatNoICC           = "icc_not_computable"
	CaveatNoAlpha         = "alpha_not_computable"
)

// Thresholds under which agreement figures come with the small-panel caveat.
const (
	MinJudgesForAgreement       = 3
	MinPerformancesForAgreement = 5
)

// Agreement is how much the judges agree. The ICCs are computed on each
// judge's weighted score of each performance (Σ weight × score ÷ 100), over
// the performances every judge scored completely; Krippendorff's alpha
// (ordinal) on the individual criterion scores, every criterion of every
// performance being a unit, missing judges allowed.
type Agreement struct {
	ICC21        *float64    `json:"icc2_1"`
	ICC2k        *float64    `json:"icc2_k"`
	ICC21CI      *[2]float64 `json:"icc2_1_ci95,omitempty"`
	ICC2kCI      *[2]float64 `json:"icc2_k_ci95,omitempty"`
	Alpha        *float64    `json:"krippendorff_alpha"`
	Performances int         `json:"performances"` // rows of the ICC
	Judges       int         `json:"judges"`
	AlphaUnits   int         `json:"alpha_units"`
	Caveats      []Caveat    `json:"caveats"`
}

// Attempt is one attempt in a performer's history.
type Attempt struct {
	Attempt int     `json:"attempt"`
	Percent float64 `json:"percent"`
	Passed  bool    `json:"passed"`
}

// Improvement is a performer's progress across attempts.
type Improvement struct {
	Performer string    `json:"performer"`
	Name      string    `json:"name"`
	Group     string    `json:"group,omitempty"`
	Attempts  []Attempt `json:"attempts"`
	Change    float64   `json:"change"` // percentage points from the first attempt to the last
	Passed    bool      `json:"passed"` // passed on some attempt
}

// GroupStanding is one group's line of the leaderboard.
type GroupStanding struct {
	Group      string  `json:"group"`
	Performers int     `json:"performers"`
	Passed     int     `json:"passed"`
	PassRate   float64 `json:"pass_rate"` // percent of performers who passed on some attempt
	MeanBest   float64 `json:"mean_best"` // mean of each performer's best percentage
	Attempts   int     `json:"attempts"`
	Rank       int     `json:"rank"`
}

// Report is everything the statistics say about a set of performances.
type Report struct {
	Performances []PerformanceResult `json:"performances"`
	Criteria     []CriterionStats    `json:"criteria"`
	Judges       []JudgeStats        `json:"judges"`
	Agreement    Agreement           `json:"agreement"`
	Improvement  []Improvement       `json:"improvement"`
	Leaderboard  []GroupStanding     `json:"leaderboard"`
}

// Analyze scores every performance and computes the panel's statistics.
func Analyze(r *Rubric, perfs []Performance) (*Report, error) {
	rep := &Report{Performances: []PerformanceResult{}, Criteria: []CriterionStats{}, Judges: []JudgeStats{},
		Improvement: []Improvement{}, Leaderboard: []GroupStanding{}}
	ids := map[string]bool{}
	for _, p := range perfs {
		if ids[p.ID] {
			return nil, fmt.Errorf("passoff: performance %q appears twice", p.ID)
		}
		ids[p.ID] = true
		res, err := r.Score(p.Ratings)
		if err != nil {
			return nil, fmt.Errorf("performance of %s (attempt %d): %w", p.Name, p.Attempt, err)
		}
		rep.Performances = append(rep.Performances, PerformanceResult{ID: p.ID, Performer: p.Performer, Name: p.Name,
			Group: p.Group, Attempt: p.Attempt, Result: res})
	}
	rep.Criteria = criterionStats(r, perfs)
	rep.Judges = judgeStats(r, perfs)
	rep.Agreement = agreement(r, perfs)
	rep.Improvement = improvement(rep.Performances)
	rep.Leaderboard = leaderboard(rep.Improvement)
	return rep, nil
}

func criterionStats(r *Rubric, perfs []Performance) []CriterionStats {
	out := make([]CriterionStats, 0, len(r.Criteria))
	for _, c := range r.Criteria {
		var vals []float64
		lo, hi := math.MaxInt, math.MinInt
		for _, p := range perfs {
			for _, scores := range p.Ratings {
				if v, ok := scores[c.ID]; ok {
					vals = append(vals, float64(v))
					lo, hi = min(lo, v), max(hi, v)
				}
			}
		}
		if len(vals) == 0 {
			continue
		}
		mean, sd := meanSD(vals)
		out = append(out, CriterionStats{ID: c.ID, Mean: mean, SD: sd, Min: lo, Max: hi, Scores: len(vals)})
	}
	return out
}

func judgeStats(r *Rubric, perfs []Performance) []JudgeStats {
	type acc struct {
		scores, devN int
		sum, dev     float64
		vals         []float64
	}
	by := map[string]*acc{}
	for _, p := range perfs {
		for _, c := range r.Criteria {
			var unit []float64
			for _, scores := range p.Ratings {
				if v, ok := scores[c.ID]; ok {
					unit = append(unit, float64(v))
				}
			}
			mean := 0.0
			for _, v := range unit {
				mean += v
			}
			mean /= float64(max(len(unit), 1))
			for judge, scores := range p.Ratings {
				v, ok := scores[c.ID]
				if !ok {
					continue
				}
				a := by[judge]
				if a == nil {
					a = &acc{}
					by[judge] = a
				}
				a.scores++
				a.sum += float64(v)
				a.vals = append(a.vals, float64(v))
				if len(unit) >= 2 {
					a.dev += float64(v) - mean
					a.devN++
				}
			}
		}
	}
	out := make([]JudgeStats, 0, len(by))
	for judge, a := range by {
		_, sd := meanSD(a.vals)
		js := JudgeStats{Judge: judge, Scores: a.scores, Mean: a.sum / float64(a.scores), Spread: sd}
		if a.devN > 0 {
			h := a.dev / float64(a.devN)
			js.Harshness = &h
		}
		out = append(out, js)
	}
	slices.SortFunc(out, func(a, b JudgeStats) int { return cmp.Compare(a.Judge, b.Judge) })
	return out
}

// agreement computes the ICCs and alpha with their caveats.
func agreement(r *Rubric, perfs []Performance) Agreement {
	ag := Agreement{Caveats: []Caveat{}}
	judgeSet := map[string]bool{}
	for _, p := range perfs {
		for _, j := range p.Ratings.Judges() {
			judgeSet[j] = true
		}
	}
	judges := make([]string, 0, len(judgeSet))
	for j := range judgeSet {
		judges = append(judges, j)
	}
	sort.Strings(judges)
	ag.Judges = len(judges)

	var matrix [][]float64
	left := 0
	for _, p := range perfs {
		row := make([]float64, 0, len(judges))
		for _, j := range judges {
			v, ok := r.WeightedScore(p.Ratings[j])
			if !ok {
				break
			}
			row = append(row, v)
		}
		if len(row) == len(judges) {
			matrix = append(matrix, row)
		} else {
			left++
		}
	}
	ag.Performances = len(matrix)
	if icc, err := ComputeICC(matrix); err == nil {
		ag.ICC21, ag.ICC2k = &icc.Single, &icc.Average
		ag.ICC21CI, ag.ICC2kCI = icc.SingleCI, icc.AverageCI
	} else {
		ag.Caveats = append(ag.Caveats, Caveat{CaveatNoICC,
			"the ICC cannot be computed from these scores: it needs at least two judges who each fully scored the same two or more performances, and more variation between the performances than between the judges' noise; Krippendorff's alpha may still be shown"})
	}
	if left > 0 {
		ag.Caveats = append(ag.Caveats, Caveat{CaveatIncomplete, fmt.Sprintf(
			"%d performance(s) are left out of the ICC because not every judge scored them in full (a judge never scores their own performance); Krippendorff's alpha uses them", left)})
	}

	var units [][]int
	for _, p := range perfs {
		for _, c := range r.Criteria {
			var u []int
			for _, j := range p.Ratings.Judges() {
				if v, ok := p.Ratings[j][c.ID]; ok {
					u = append(u, v)
				}
			}
			units = append(units, u)
		}
	}
	alpha, pairable, err := KrippendorffAlpha(units, Ordinal)
	ag.AlphaUnits = pairable
	if err == nil {
		ag.Alpha = &alpha
	} else if errors.Is(err, ErrNotComputable) {
		ag.Caveats = append(ag.Caveats, Caveat{CaveatNoAlpha,
			"Krippendorff's alpha needs scores from at least two judges on the same criterion and some variation between scores"})
	}

	if ag.Judges < MinJudgesForAgreement {
		ag.Caveats = append(ag.Caveats, Caveat{CaveatSmallPanel, fmt.Sprintf(
			"only %d judge(s): agreement figures from fewer than %d judges are very uncertain; read them as a prompt for discussion, not a verdict", ag.Judges, MinJudgesForAgreement)})
	}
	if ag.Performances < MinPerformancesForAgreement {
		ag.Caveats = append(ag.Caveats, Caveat{CaveatFewPerformances, fmt.Sprintf(
			"only %d performance(s) in the ICC: with fewer than %d the 95%% interval is wide; see icc2_1_ci95", ag.Performances, MinPerformancesForAgreement)})
	}
	return ag
}

func improvement(results []PerformanceResult) []Improvement {
	by := map[string]*Improvement{}
	var order []string
	for _, p := range results {
		im := by[p.Performer]
		if im == nil {
			im = &Improvement{Performer: p.Performer, Name: p.Name, Group: p.Group}
			by[p.Performer] = im
			order = append(order, p.Performer)
		}
		im.Attempts = append(im.Attempts, Attempt{Attempt: p.Attempt, Percent: p.Result.Percent, Passed: p.Result.Passed})
		im.Passed = im.Passed || p.Result.Passed
	}
	out := make([]Improvement, 0, len(order))
	for _, id := range order {
		im := by[id]
		slices.SortStableFunc(im.Attempts, func(a, b Attempt) int { return cmp.Compare(a.Attempt, b.Attempt) })
		im.Change = im.Attempts[len(im.Attempts)-1].Percent - im.Attempts[0].Percent
		out = append(out, *im)
	}
	return out
}

// leaderboard ranks groups by the share of their performers who passed, then
// by the mean of their performers' best percentages. Performers without a
// group form the group "".
func leaderboard(ims []Improvement) []GroupStanding {
	by := map[string]*GroupStanding{}
	best := map[string][]float64{}
	for _, im := range ims {
		g := by[im.Group]
		if g == nil {
			g = &GroupStanding{Group: im.Group}
			by[im.Group] = g
		}
		g.Performers++
		if im.Passed {
			g.Passed++
		}
		b := 0.0
		for _, a := range im.Attempts {
			b = max(b, a.Percent)
		}
		best[im.Group] = append(best[im.Group], b)
		g.Attempts += len(im.Attempts)
	}
	out := make([]GroupStanding, 0, len(by))
	for name, g := range by {
		g.PassRate = float64(g.Passed) / float64(g.Performers) * 100
		g.MeanBest, _ = meanSD(best[name])
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b GroupStanding) int {
		if c := cmp.Compare(b.PassRate, a.PassRate); c != 0 {
			return c
		}
		if c := cmp.Compare(b.MeanBest, a.MeanBest); c != 0 {
			return c
		}
		return cmp.Compare(a.Group, b.Group)
	})
	for i := range out {
		out[i].Rank = i + 1
		if i > 0 && out[i].PassRate == out[i-1].PassRate && out[i].MeanBest == out[i-1].MeanBest {
			out[i].Rank = out[i-1].Rank
		}
	}
	return out
}
