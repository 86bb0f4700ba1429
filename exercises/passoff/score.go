package passoff

import (
	"fmt"
	"math"
	"sort"

	"playbook/exercises"
)

// Ratings are the scores a panel gave one performance: judge → criterion →
// level.
type Ratings map[string]map[string]int

// Set records one score.
func (r Ratings) Set(judge, criterion string, score int) {
	if r[judge] == nil {
		r[judge] = map[string]int{}
	}
	r[judge][criterion] = score
}

// Judges lists the judges who gave at least one score, sorted.
func (r Ratings) Judges() []string {
	out := make([]string, 0, len(r))
	for j, scores := range r {
		if len(scores) > 0 {
			out = append(out, j)
		}
	}
	sort.Strings(out)
	return out
}

// CheckScore says why a score cannot be given on this rubric: an unknown
// criterion, or a level outside the scale.
func (r *Rubric) CheckScore(criterion string, score int) error {
	if _, ok := r.Criterion(criterion); !ok {
		return exercises.Refuse(exercises.CodeInvalidOp, "criterion", "the rubric has no criterion %q", criterion)
	}
	if !r.Scale.Contains(score) {
		return exercises.Refuse(exercises.CodeInvalidOp, "score", "a score must be a whole number from %d to %d; %d is outside the scale",
			r.Scale.Min, r.Scale.Max, score)
	}
	return nil
}

// CriterionResult is the panel's verdict on one criterion of a performance.
type CriterionResult struct {
	ID     string  `json:"id"`
	Mean   float64 `json:"mean"`
	SD     float64 `json:"sd"` // sample standard deviation across judges (0 with one judge)
	Min    int     `json:"min"`
	Max    int     `json:"max"`
	Judges int     `json:"judges"`
	Points float64 `json:"points"` // weight × mean
	// BelowMin is set on a must-pass criterion whose mean is under its level.
	BelowMin bool `json:"below_min,omitempty"`
}

// Result is the panel's verdict on a performance: the weighted total as a
// share of the maximum points, and pass or fail.
type Result struct {
	Criteria       []CriterionResult `json:"criteria"`
	Points         float64           `json:"points"`
	MaxPoints      float64           `json:"max_points"`
	Percent        float64           `json:"percent"`
	Passed         bool              `json:"passed"`
	MustPassFailed []string          `json:"must_pass_failed,omitempty"` // must-pass criteria under their level
	Judges         int               `json:"judges"`
}

// passEpsilon absorbs floating-point noise when a total lands exactly on the
// threshold (70.0 computed as 69.99999999999999 must pass).
const passEpsilon = 1e-9

// Score computes a performance's result. Each criterion's score is the mean
// of the judges' scores on it; the total is Σ weight × mean, reported as a
// percentage of the maximum points (every criterion at the top of the
// scale). The performance passes when the percentage reaches the threshold
// and no must-pass criterion's mean is below its level. Every criterion must
// have at least one score.
func (r *Rubric) Score(ratings Ratings) (*Result, error) {
	for judge, scores := range ratings {
		for crit, v := range scores {
			if err := r.CheckScore(crit, v); err != nil {
				return nil, fmt.Errorf("judge %s: %w", judge, err)
			}
		}
	}
	res := &Result{MaxPoints: r.MaxPoints(), Judges: len(ratings.Judges())}
	for _, c := range r.Criteria {
		var vals []float64
		lo, hi := math.MaxInt, math.MinInt
		for _, scores := range ratings {
			if v, ok := scores[c.ID]; ok {
				vals = append(vals, float64(v))
				lo, hi = min(lo, v), max(hi, v)
			}
		}
		if len(vals) == 0 {
			return nil, exercises.Refuse(exercises.CodeInvalidOp, "criterion", "no judge scored %q", c.Name.In("en"))
		}
		mean, sd := meanSD(vals)
		cr := CriterionResult{ID: c.ID, Mean: mean, SD: sd, Min: lo, Max: hi, Judges: len(vals), Points: float64(c.Weight) * mean}
		if c.MinLevel != nil && mean < float64(*c.MinLevel)-passEpsilon {
			cr.BelowMin = true
			res.MustPassFailed = append(res.MustPassFailed, c.ID)
		}
		res.Points += cr.Points
		res.Criteria = append(res.Criteria, cr)
	}
	res.Percent = res.Points / res.MaxPoints * 100
	res.Passed = res.Percent >= r.PassPercent-passEpsilon && len(res.MustPassFailed) == 0
	return res, nil
}

// WeightedScore is one judge's overall score of a performance on the scale
// (Σ weight × score ÷ 100), or false when the judge left a criterion out.
func (r *Rubric) WeightedScore(scores map[string]int) (float64, bool) {
	total := 0.0
	for _, c := range r.Criteria {
		v, ok := scores[c.ID]
		if !ok {
			return 0, false
		}
		total += float64(c.Weight * v)
	}
	return total / float64(r.weightSum()), true
}

// meanSD returns the mean and the sample standard deviation (n−1) of vals.
func meanSD(vals []float64) (mean, sd float64) {
	if len(vals) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, v := range vals {
		mean += v
	}
	mean /= float64(len(vals))
	if len(vals) < 2 {
		return mean, 0
	}
	ss := 0.0
	for _, v := range vals {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(vals)-1))
}

// median returns the median of vals (the mean of the middle two for an even
// count); vals is sorted in place.
func median(vals []float64) float64 {
	sort.Float64s(vals)
	n := len(vals)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return vals[n/2]
	}
	return (vals[n/2-1] + vals[n/2]) / 2
}
