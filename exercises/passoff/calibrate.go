package passoff

import (
	"cmp"
	"math"
	"slices"
)

// Calibration: before live scoring every judge scores the same demo
// performance; for each criterion the trainer sees each judge's distance from
// the panel's median, and judges one level or more away are flagged, so the
// panel can discuss the anchors before anyone's result depends on them.

// FlagDistance is the distance from the panel median, in levels, at which a
// judge is flagged.
const FlagDistance = 1.0

// Calibration is the panel's reading of a demo performance.
type Calibration struct {
	Criteria []CalibrationCriterion `json:"criteria"`
	Judges   []CalibrationJudge     `json:"judges"`
	Flagged  int                    `json:"flagged"` // judges flagged on at least one criterion
}

// CalibrationCriterion is the panel's median on one criterion.
type CalibrationCriterion struct {
	ID     string  `json:"id"`
	Median float64 `json:"median"`
	Scores int     `json:"scores"`
}

// CalibrationJudge is one judge's distances from the panel.
type CalibrationJudge struct {
	Judge     string     `json:"judge"`
	Distances []Distance `json:"distances"`
	// MeanDistance is the mean absolute distance over the criteria scored.
	MeanDistance float64 `json:"mean_distance"`
	Flagged      bool    `json:"flagged"`
}

// Distance is a judge's score on one criterion against the panel's median.
type Distance struct {
	Criterion string  `json:"criterion"`
	Score     int     `json:"score"`
	Distance  float64 `json:"distance"` // score − median: negative is harsher
	Flagged   bool    `json:"flagged"`
}

// Calibrate compares every judge's scores of the demo performance with the
// panel's median per criterion.
func Calibrate(r *Rubric, ratings Ratings) (*Calibration, error) {
	for judge, scores := range ratings {
		for crit, v := range scores {
			if err := r.CheckScore(crit, v); err != nil {
				return nil, &judgeError{judge: judge, err: err}
			}
		}
	}
	cal := &Calibration{Criteria: []CalibrationCriterion{}, Judges: []CalibrationJudge{}}
	medians := map[string]float64{}
	for _, c := range r.Criteria {
		var vals []float64
		for _, scores := range ratings {
			if v, ok := scores[c.ID]; ok {
				vals = append(vals, float64(v))
			}
		}
		if len(vals) == 0 {
			continue
		}
		m := median(vals)
		medians[c.ID] = m
		cal.Criteria = append(cal.Criteria, CalibrationCriterion{ID: c.ID, Median: m, Scores: len(vals)})
	}
	for _, judge := range ratings.Judges() {
		cj := CalibrationJudge{Judge: judge, Distances: []Distance{}}
		sum := 0.0
		for _, c := range r.Criteria {
			v, ok := ratings[judge][c.ID]
			if !ok {
				continue
			}
			d := float64(v) - medians[c.ID]
			flag := math.Abs(d) >= FlagDistance
			cj.Distances = append(cj.Distances, Distance{Criterion: c.ID, Score: v, Distance: d, Flagged: flag})
			cj.Flagged = cj.Flagged || flag
			sum += math.Abs(d)
		}
		if n := len(cj.Distances); n > 0 {
			cj.MeanDistance = sum / float64(n)
		}
		if cj.Flagged {
			cal.Flagged++
		}
		cal.Judges = append(cal.Judges, cj)
	}
	slices.SortStableFunc(cal.Judges, func(a, b CalibrationJudge) int { return cmp.Compare(b.MeanDistance, a.MeanDistance) })
	return cal, nil
}

type judgeError struct {
	judge string
	err   error
}

func (e *judgeError) Error() string { return "judge " + e.judge + ": " + e.err.Error() }
func (e *judgeError) Unwrap() error { return e.err }
