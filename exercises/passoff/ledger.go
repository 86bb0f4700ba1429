package passoff

import (
	"math"
	"slices"
	"time"

	"playbook/playbook"
)

// The ledger is every revealed attempt of a round, ready for people: the
// XLSX export, the certificates and the company playbook's passoff_results
// are all made from it.

// Names resolve ids to what people read: a judge's or performer's name, a
// group's name. Ids it does not know are shown as they are (paper judges are
// already names).
type Names struct {
	People map[string]string
	Groups map[string]string
}

// Person returns a person's name.
func (n Names) Person(id string) string {
	if name, ok := n.People[id]; ok && name != "" {
		return name
	}
	return id
}

// Group returns a group's current name, or fallback (the name at the time).
func (n Names) Group(id, fallback string) string {
	if name, ok := n.Groups[id]; ok && name != "" {
		return name
	}
	return fallback
}

// Performances returns the round's revealed live attempts (demos left out)
// as performances for Analyze, in round order. Judges keep their ids.
func (s *RoundState) Performances(names Names) []Performance {
	var out []Performance
	for _, a := range s.Revealed() {
		if a.Calibration {
			continue
		}
		out = append(out, Performance{ID: a.ID, Performer: a.Performer, Name: a.Name, Group: names.Group(a.Group, a.GroupName),
			Attempt: a.Try, Ratings: a.Scores})
	}
	return out
}

// LatestCalibration returns the demo revealed last, or nil.
func (s *RoundState) LatestCalibration() *AttemptRecord {
	var last *AttemptRecord
	for _, a := range s.Revealed() {
		if a.Calibration {
			last = a
		}
	}
	return last
}

// LedgerRow is one revealed live attempt.
type LedgerRow struct {
	Attempt        *AttemptRecord
	Group          string // the group's current name
	Date           string // the reveal's date in the ledger's time zone, YYYY-MM-DD
	MustPassFailed []string
}

// Ledger is a round's revealed live attempts with what the exports need.
type Ledger struct {
	Rubric *Rubric
	Rows   []LedgerRow
	Report *Report
	Names  Names
}

// NewLedger builds the ledger of a round. Dates are taken in zone.
func NewLedger(s *RoundState, names Names, zone *time.Location) (*Ledger, error) {
	l := &Ledger{Rubric: s.Rubric, Names: names}
	for _, a := range s.Revealed() {
		if a.Calibration {
			continue
		}
		row := LedgerRow{Attempt: a, Group: names.Group(a.Group, a.GroupName)}
		if t, err := time.Parse(time.RFC3339Nano, a.RevealedAt); err == nil {
			row.Date = t.In(zone).Format(time.DateOnly)
		}
		if a.Result != nil {
			row.MustPassFailed = a.Result.MustPassFailed
		}
		l.Rows = append(l.Rows, row)
	}
	rep, err := Analyze(s.Rubric, s.Performances(names))
	if err != nil {
		return nil, err
	}
	l.Report = rep
	return l, nil
}

// Passes returns, for every performer who passed, their first passing
// attempt — what a certificate is printed for — in round order.
func (l *Ledger) Passes() []LedgerRow {
	seen := map[string]bool{}
	var out []LedgerRow
	for _, r := range l.Rows {
		a := r.Attempt
		if a.Result == nil || !a.Result.Passed || seen[a.Performer] {
			continue
		}
		seen[a.Performer] = true
		out = append(out, r)
	}
	return out
}

// PlaybookResults fills the company playbook's passoff_results section:
// the rubric's criteria, every revealed live attempt, and each judge's
// statistics. Names are in lang ("zh-CN" or "en"). Harshness is the judge's
// mean deviation from the panel's mean, in levels of the scale (see
// JudgeStats); spread is the standard deviation of the judge's scores.
func (l *Ledger) PlaybookResults(lang string) playbook.PassoffResults {
	out := playbook.PassoffResults{
		ThresholdPct: int(math.Round(l.Rubric.PassPercent)),
		Criteria:     []playbook.PassoffCriterion{},
		Attempts:     []playbook.PassoffAttempt{},
		Raters:       []playbook.RaterStat{},
	}
	for _, c := range l.Rubric.Criteria {
		out.Criteria = append(out.Criteria, playbook.PassoffCriterion{ID: c.ID, Name: c.Name.In(lang), Weight: c.Weight, MustPass: c.MustPass()})
	}
	for _, r := range l.Rows {
		a := r.Attempt
		pa := playbook.PassoffAttempt{Person: a.Name, Attempt: max(a.Try, 1), Scenario: a.Scenario.Title}
		if a.Result != nil {
			pa.ScorePct, pa.Passed = math.Round(a.Result.Percent*100)/100, a.Result.Passed
		}
		out.Attempts = append(out.Attempts, pa)
	}
	for _, j := range l.Report.Judges {
		rs := playbook.RaterStat{Rater: l.Names.Person(j.Judge), Scored: j.Scores, Spread: math.Round(j.Spread*1000) / 1000}
		if j.Harshness != nil {
			rs.Harshness = math.Round(*j.Harshness*1000) / 1000
		}
		out.Raters = append(out.Raters, rs)
	}
	slices.SortStableFunc(out.Raters, func(a, b playbook.RaterStat) int {
		switch {
		case a.Rater < b.Rater:
			return -1
		case a.Rater > b.Rater:
			return 1
		}
		return 0
	})
	return out
}
