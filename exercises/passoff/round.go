package passoff

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"playbook/exercises"
)

// A live pass-off round is two kinds of board in one activity:
//
//   - the round ("passoff", one per workshop and activity, scope "w"): the
//     rubric, the scenario, the judges, the performers' queue, the
//     performance being judged with its timer and which judges have
//     submitted (never what), and every attempt with its result once
//     revealed. Everyone in the workshop reads it; trainers write it.
//   - one score sheet per judge ("passoff.sheet", owner-only): the judge's
//     scores of the current performance. Only that judge reads or writes it —
//     not the trainer, not the other judges, not the performer.
//
// Scores cross from the sheets to the round only in the trainer's reveal,
// which reads every sheet inside the same transaction (a linked operation),
// so no message to anyone carries a judge's score before the reveal.

// Kind names.
const (
	RoundKind = "passoff"
	SheetKind = "passoff.sheet"
)

// Limits of a round.
const (
	MaxJudges       = 20
	MaxQueue        = 500
	MaxAttempts     = 2000
	MaxTimerSeconds = 3600
	MaxImport       = 500 // performances in one import
)

// Attempt statuses.
const (
	StatusJudging   = "judging"
	StatusRevealed  = "revealed"
	StatusCancelled = "cancelled"
)

// PaperPrefix starts the performer id of someone known only by name from a
// paper score sheet.
const PaperPrefix = "paper:"

// Scenario is what the performer plays: a role-play case of the library, or
// free text.
type Scenario struct {
	CaseID string `json:"case_id,omitempty"`
	Title  string `json:"title"`
	Brief  string `json:"brief,omitempty"`
}

// Person is someone in a round: a judge, a performer, a sheet's owner.
type Person struct {
	ID   string         `json:"id"`
	Kind exercises.Role `json:"kind"`
	Name string         `json:"name"`
}

// Judge is a member of the panel, with the board id of their score sheet.
type Judge struct {
	ID    string         `json:"id"`
	Kind  exercises.Role `json:"kind"`
	Name  string         `json:"name"`
	Sheet string         `json:"sheet"`
}

// Person is the judge as a person.
func (j Judge) Person() Person { return Person{ID: j.ID, Kind: j.Kind, Name: j.Name} }

// Queued is a performer waiting for their turn.
type Queued struct {
	Performer string `json:"performer"`
	Name      string `json:"name"`
	Group     string `json:"group,omitempty"` // group id
	Retry     bool   `json:"retry,omitempty"` // back in the queue after a fail
}

// Current is the performance being judged.
type Current struct {
	Attempt  string `json:"attempt"`
	Seconds  int    `json:"seconds"`            // the timer's length; 0 when none runs
	Deadline string `json:"deadline,omitempty"` // when the timer ends, RFC 3339 UTC
	// Submitted says which judges have submitted their sheet — never what
	// they scored.
	Submitted map[string]bool `json:"submitted"`
}

// AttemptRecord is one performance: live, a calibration demo, or imported
// from a paper sheet. Every attempt is kept.
type AttemptRecord struct {
	ID          string   `json:"id"`
	Number      int      `json:"number"`    // order in the round
	Performer   string   `json:"performer"` // participant id, "" for a calibration demo, "paper:<name>"
	Name        string   `json:"name"`
	Group       string   `json:"group,omitempty"`      // group id
	GroupName   string   `json:"group_name,omitempty"` // the group's name at the time
	Try         int      `json:"try"`                  // this performer's attempt: 1, 2, … (0 for a demo)
	Calibration bool     `json:"calibration,omitempty"`
	Imported    bool     `json:"imported,omitempty"`
	Scenario    Scenario `json:"scenario"`
	Status      string   `json:"status"`
	StartedAt   string   `json:"started_at"`
	RevealedAt  string   `json:"revealed_at,omitempty"`
	Panel       []Person `json:"panel"` // the judges who could score it
	// Scores, Result and (for a demo) Calibrated appear at the reveal.
	Scores     Ratings      `json:"scores,omitempty"`
	Result     *Result      `json:"result,omitempty"`
	Calibrated *Calibration `json:"calibrated,omitempty"`
}

// RoundState is the document of a round board.
type RoundState struct {
	Rubric   *Rubric                   `json:"rubric"`
	Scenario Scenario                  `json:"scenario"`
	Judges   []Judge                   `json:"judges"`
	Queue    []Queued                  `json:"queue"`
	Current  *Current                  `json:"current"`
	Attempts map[string]*AttemptRecord `json:"attempts"`
	Started  int                       `json:"started"` // attempts numbered so far
	Last     string                    `json:"last"`    // the attempt revealed last
}

// RoundConfig configures a round from the curriculum: a rubric other than
// the built-in one, a scenario.
type RoundConfig struct {
	Rubric   *Rubric   `json:"rubric,omitempty"`
	Scenario *Scenario `json:"scenario,omitempty"`
}

// roundLinked lists the round's operations that read or change the sheets.
var roundLinked = map[string]bool{
	"judges.set": true, "rubric.set": true, "attempt.start": true, "calibration.start": true,
	"attempt.cancel": true, "reveal": true,
}

func init() {
	exercises.Register(&exercises.Kind{
		Name:      RoundKind,
		Ops:       []string{"rubric.set", "scenario.set", "judges.set", "queue.add", "queue.remove", "queue.move", "attempt.start", "calibration.start", "timer.set", "attempt.cancel", "reveal", "attempts.import"},
		Workshop:  true,
		NeedsRoom: true,
		New:       newRound,
		Decode:    decodeRound,
		Linked:    func(op exercises.Operation) bool { return roundLinked[op.Kind] },
	})
}

// NewRound returns a round with the built-in rubric and no scenario.
func NewRound() *RoundState {
	return &RoundState{Rubric: DefaultRubric(), Judges: []Judge{}, Queue: []Queued{}, Attempts: map[string]*AttemptRecord{}}
}

func newRound(cfg json.RawMessage) (exercises.State, error) {
	s := NewRound()
	if len(cfg) == 0 {
		return s, nil
	}
	var c RoundConfig
	if err := json.Unmarshal(cfg, &c); err != nil {
		return nil, exercises.Refuse(exercises.CodeInvalidOp, "config", "pass-off configuration: %v", err)
	}
	if c.Rubric != nil {
		c.Rubric.Normalize()
		if err := c.Rubric.Validate(); err != nil {
			return nil, err
		}
		s.Rubric = c.Rubric
	}
	if c.Scenario != nil {
		sc, err := cleanScenario(*c.Scenario)
		if err != nil {
			return nil, err
		}
		s.Scenario = sc
	}
	return s, nil
}

func decodeRound(data []byte) (exercises.State, error) {
	var s RoundState
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("passoff: stored round unreadable: %w", err)
	}
	if s.Rubric == nil {
		s.Rubric = DefaultRubric()
	}
	if s.Judges == nil {
		s.Judges = []Judge{}
	}
	if s.Queue == nil {
		s.Queue = []Queued{}
	}
	if s.Attempts == nil {
		s.Attempts = map[string]*AttemptRecord{}
	}
	if s.Current != nil && s.Current.Submitted == nil {
		s.Current.Submitted = map[string]bool{}
	}
	return &s, nil
}

// Operation bodies.
type (
	rubricSetOp struct {
		Kind   string  `json:"kind"`
		Rubric *Rubric `json:"rubric"`
	}
	scenarioSetOp struct {
		Kind   string `json:"kind"`
		CaseID string `json:"case_id"`
		Title  string `json:"title"`
		Brief  string `json:"brief"`
	}
	judgesSetOp struct {
		Kind   string   `json:"kind"`
		Judges []string `json:"judges"`
	}
	queueAddOp struct {
		Kind       string   `json:"kind"`
		Performers []string `json:"performers"`
	}
	queueOneOp struct {
		Kind      string `json:"kind"`
		Performer string `json:"performer"`
		To        *int   `json:"to"`
	}
	attemptStartOp struct {
		Kind      string `json:"kind"`
		Performer string `json:"performer"`
		Seconds   int    `json:"seconds"`
	}
	calibrationStartOp struct {
		Kind    string `json:"kind"`
		Title   string `json:"title"`
		Seconds int    `json:"seconds"`
	}
	timerSetOp struct {
		Kind    string `json:"kind"`
		Seconds int    `json:"seconds"`
	}
	bareOp struct {
		Kind string `json:"kind"`
	}
	importOp struct {
		Kind         string            `json:"kind"`
		Performances []ImportedAttempt `json:"performances"`
	}
)

// ImportedAttempt is one performance from a paper score sheet, as the import
// operation carries it: judges are named, performers too.
type ImportedAttempt struct {
	Name    string  `json:"name"`
	Group   string  `json:"group,omitempty"` // the group's name on the sheet
	Try     int     `json:"try"`
	Ratings Ratings `json:"ratings"`
}

// Apply implements exercises.State. Every operation is the trainer's.
func (s *RoundState) Apply(op exercises.Operation, ctx *exercises.Context) ([]exercises.Change, error) {
	if !ctx.IsTrainer() {
		return nil, exercises.Refuse(exercises.CodeForbidden, "", "only the workshop's trainers run a pass-off round")
	}
	switch op.Kind {
	case "rubric.set":
		var o rubricSetOp
		if err := exercises.DecodeOp(op, &o); err != nil {
			return nil, err
		}
		return s.setRubric(o, ctx)
	case "scenario.set":
		var o scenarioSetOp
		if err := exercises.DecodeOp(op, &o); err != nil {
			return nil, err
		}
		sc, err := cleanScenario(Scenario{CaseID: o.CaseID, Title: o.Title, Brief: o.Brief})
		if err != nil {
			return nil, err
		}
		s.Scenario = sc
		return []exercises.Change{exercises.Set(s.Scenario, "scenario")}, nil
	case "judges.set":
		var o judgesSetOp
		if err := exercises.DecodeOp(op, &o); err != nil {
			return nil, err
		}
		return s.setJudges(o, ctx)
	case "queue.add":
		var o queueAddOp
		if err := exercises.DecodeOp(op, &o); err != nil {
			return nil, err
		}
		return s.enqueue(o, ctx)
	case "queue.remove", "queue.move":
		var o queueOneOp
		if err := exercises.DecodeOp(op, &o); err != nil {
			return nil, err
		}
		return s.reorder(op.Kind, o)
	case "attempt.start":
		var o attemptStartOp
		if err := exercises.DecodeOp(op, &o); err != nil {
			return nil, err
		}
		return s.start(o.Performer, o.Seconds, false, "", ctx)
	case "calibration.start":
		var o calibrationStartOp
		if err := exercises.DecodeOp(op, &o); err != nil {
			return nil, err
		}
		return s.start("", o.Seconds, true, o.Title, ctx)
	case "timer.set":
		var o timerSetOp
		if err := exercises.DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if s.Current == nil {
			return nil, exercises.Refuse(exercises.CodeConflict, "", "no performance is running")
		}
		if err := checkSeconds(o.Seconds); err != nil {
			return nil, err
		}
		s.Current.Seconds, s.Current.Deadline = o.Seconds, deadline(ctx.Now, o.Seconds)
		return []exercises.Change{exercises.Set(s.Current.Seconds, "current", "seconds"), exercises.Set(s.Current.Deadline, "current", "deadline")}, nil
	case "attempt.cancel":
		if err := exercises.DecodeOp(op, &bareOp{}); err != nil {
			return nil, err
		}
		return s.cancel(ctx)
	case "reveal":
		if err := exercises.DecodeOp(op, &bareOp{}); err != nil {
			return nil, err
		}
		return s.reveal(ctx)
	case "attempts.import":
		var o importOp
		if err := exercises.DecodeOp(op, &o); err != nil {
			return nil, err
		}
		return s.importAttempts(o, ctx)
	}
	return nil, exercises.Refuse(exercises.CodeInvalidOp, "kind", "a pass-off round has no operation %q", op.Kind)
}

func (s *RoundState) setRubric(o rubricSetOp, ctx *exercises.Context) ([]exercises.Change, error) {
	if o.Rubric == nil {
		return nil, exercises.Refuse(exercises.CodeInvalidOp, "rubric", "rubric.set needs a rubric")
	}
	r := o.Rubric.Clone()
	r.Normalize()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if s.Current != nil {
		return nil, exercises.Refuse(exercises.CodeConflict, "rubric", "a performance is being judged; reveal or cancel it before changing the rubric")
	}
	for _, a := range s.Attempts {
		if !a.Calibration && a.Status != StatusCancelled {
			return nil, exercises.Refuse(exercises.CodeConflict, "rubric", "performances have been scored with this rubric; it is fixed for the round (change it before live scoring)")
		}
	}
	s.Rubric = r
	for _, sh := range sheetsOf(ctx) {
		sh.state.Scale, sh.state.Criteria = r.Scale, r.CriterionIDs()
		sh.link.Record(exercises.Set(sh.state.Scale, "scale"), exercises.Set(sh.state.Criteria, "criteria"))
	}
	return []exercises.Change{exercises.Set(s.Rubric, "rubric")}, nil
}

func (s *RoundState) setJudges(o judgesSetOp, ctx *exercises.Context) ([]exercises.Change, error) {
	if s.Current != nil {
		return nil, exercises.Refuse(exercises.CodeConflict, "judges", "a performance is being judged; reveal or cancel it before changing the panel")
	}
	if len(o.Judges) > MaxJudges {
		return nil, exercises.Refuse(exercises.CodeLimit, "judges", "a panel has at most %d judges", MaxJudges)
	}
	sheets := sheetsOf(ctx)
	byOwner := map[string]*linkedSheet{}
	for _, sh := range sheets {
		byOwner[sh.state.Owner.ID] = sh
	}
	var judges []Judge
	chosen := map[string]bool{}
	for _, id := range o.Judges {
		if chosen[id] {
			continue
		}
		p, ok := person(ctx, id)
		if !ok {
			return nil, exercises.Refuse(exercises.CodeNotFound, "judges", "there is no participant or trainer %q in this workshop", id)
		}
		sh := byOwner[id]
		if sh == nil {
			return nil, exercises.Refuse(exercises.CodeInvalidOp, "judges",
				"%s has no score sheet yet: choose judges with PUT /api/workshops/{workshop}/passoff/{activity}/judges, which makes their sheets", p.Name)
		}
		chosen[id] = true
		judges = append(judges, Judge{ID: p.ID, Kind: p.Kind, Name: p.Name, Sheet: sh.link.ID})
	}
	if judges == nil {
		judges = []Judge{}
	}
	criteria := s.Rubric.CriterionIDs()
	for _, sh := range sheets {
		want := chosen[sh.state.Owner.ID]
		if sh.state.Judge != want {
			sh.state.Judge = want
			sh.link.Record(exercises.Set(want, "judge"))
		}
		// A sheet made while the rubric changed catches up here.
		if want && (sh.state.Scale != s.Rubric.Scale || !slices.Equal(sh.state.Criteria, criteria)) {
			sh.state.Scale, sh.state.Criteria = s.Rubric.Scale, slices.Clone(criteria)
			sh.link.Record(exercises.Set(sh.state.Scale, "scale"), exercises.Set(sh.state.Criteria, "criteria"))
		}
	}
	s.Judges = judges
	return []exercises.Change{exercises.Set(s.Judges, "judges")}, nil
}

func (s *RoundState) enqueue(o queueAddOp, ctx *exercises.Context) ([]exercises.Change, error) {
	if len(o.Performers) == 0 {
		return nil, exercises.Refuse(exercises.CodeInvalidOp, "performers", "name at least one performer")
	}
	queue := slices.Clone(s.Queue)
	for _, id := range o.Performers {
		p, ok := ctx.Room.People[id]
		if !ok || p.Kind != exercises.RoleParticipant {
			return nil, exercises.Refuse(exercises.CodeNotFound, "performers", "there is no participant %q in this workshop", id)
		}
		if slices.ContainsFunc(queue, func(q Queued) bool { return q.Performer == id }) || s.performing(id) {
			continue
		}
		queue = append(queue, Queued{Performer: id, Name: p.Name, Group: p.Group})
	}
	if len(queue) > MaxQueue {
		return nil, exercises.Refuse(exercises.CodeLimit, "performers", "the queue holds at most %d performers", MaxQueue)
	}
	s.Queue = queue
	return []exercises.Change{exercises.Set(s.Queue, "queue")}, nil
}

func (s *RoundState) reorder(kind string, o queueOneOp) ([]exercises.Change, error) {
	i := slices.IndexFunc(s.Queue, func(q Queued) bool { return q.Performer == o.Performer })
	if i < 0 {
		return nil, exercises.Refuse(exercises.CodeNotFound, "performer", "%q is not in the queue", o.Performer)
	}
	if kind == "queue.remove" {
		if o.To != nil {
			return nil, exercises.Refuse(exercises.CodeInvalidOp, "to", "queue.remove takes no \"to\"")
		}
		s.Queue = slices.Delete(slices.Clone(s.Queue), i, i+1)
		return []exercises.Change{exercises.Set(s.Queue, "queue")}, nil
	}
	if o.To == nil || *o.To < 0 || *o.To >= len(s.Queue) {
		return nil, exercises.Refuse(exercises.CodeInvalidOp, "to", "\"to\" must be a position from 0 to %d", len(s.Queue)-1)
	}
	q := s.Queue[i]
	queue := slices.Delete(slices.Clone(s.Queue), i, i+1)
	s.Queue = slices.Insert(queue, *o.To, q)
	return []exercises.Change{exercises.Set(s.Queue, "queue")}, nil
}

// start begins a performance: a participant's (the one named, or the head
// of the queue) or, for calibration, the demo every judge scores.
func (s *RoundState) start(performer string, seconds int, calibration bool, title string, ctx *exercises.Context) ([]exercises.Change, error) {
	if s.Current != nil {
		return nil, exercises.Refuse(exercises.CodeConflict, "", "a performance is being judged; reveal or cancel it first")
	}
	if err := checkSeconds(seconds); err != nil {
		return nil, err
	}
	if len(s.Judges) == 0 {
		return nil, exercises.Refuse(exercises.CodeConflict, "", "choose the judges first")
	}
	if len(s.Attempts) >= MaxAttempts {
		return nil, exercises.Refuse(exercises.CodeLimit, "", "a round keeps at most %d attempts", MaxAttempts)
	}
	rec := &AttemptRecord{Calibration: calibration, Scenario: s.Scenario, Status: StatusJudging,
		StartedAt: ctx.Now.UTC().Format(time.RFC3339Nano)}
	if calibration {
		name, err := exercises.CleanText("title", title, exercises.MaxShortText, false)
		if err != nil {
			return nil, err
		}
		if name == "" {
			name = "示范表演 · Demo"
		}
		rec.Name = name
	} else {
		if performer == "" {
			if len(s.Queue) == 0 {
				return nil, exercises.Refuse(exercises.CodeConflict, "performer", "the queue is empty; add performers first")
			}
			performer = s.Queue[0].Performer
		}
		p, ok := ctx.Room.People[performer]
		if !ok || p.Kind != exercises.RoleParticipant {
			return nil, exercises.Refuse(exercises.CodeNotFound, "performer", "there is no participant %q in this workshop", performer)
		}
		rec.Performer, rec.Name, rec.Group, rec.GroupName = performer, p.Name, p.Group, ctx.Room.GroupNames[p.Group]
		rec.Try = 1
		for _, a := range s.Attempts {
			if a.Performer == performer && a.Status != StatusCancelled {
				rec.Try++
			}
		}
	}
	for _, j := range s.Judges {
		if j.ID != rec.Performer {
			rec.Panel = append(rec.Panel, j.Person())
		}
	}
	if len(rec.Panel) == 0 {
		return nil, exercises.Refuse(exercises.CodeConflict, "performer", "%s is the only judge and cannot score their own performance; add a judge", rec.Name)
	}
	s.Started++
	rec.ID, rec.Number = "a"+strconv.Itoa(s.Started), s.Started
	s.Attempts[rec.ID] = rec
	s.Current = &Current{Attempt: rec.ID, Seconds: seconds, Deadline: deadline(ctx.Now, seconds), Submitted: map[string]bool{}}
	changes := []exercises.Change{exercises.Set(s.Started, "started"), exercises.Set(rec, "attempts", rec.ID), exercises.Set(s.Current, "current")}
	if i := slices.IndexFunc(s.Queue, func(q Queued) bool { return q.Performer == rec.Performer }); i >= 0 && !calibration {
		s.Queue = slices.Delete(slices.Clone(s.Queue), i, i+1)
		changes = append(changes, exercises.Set(s.Queue, "queue"))
	}
	for _, sh := range sheetsOf(ctx) {
		if !sh.state.Judge {
			continue
		}
		sh.state.Current = &SheetCurrent{Attempt: rec.ID, Performer: rec.Name, Calibration: calibration, Self: sh.state.Owner.ID == rec.Performer}
		sh.state.Scores, sh.state.Submitted = map[string]int{}, false
		sh.link.Record(exercises.Set(sh.state.Current, "current"), exercises.Set(sh.state.Scores, "scores"), exercises.Set(false, "submitted"))
	}
	return changes, nil
}

func (s *RoundState) cancel(ctx *exercises.Context) ([]exercises.Change, error) {
	if s.Current == nil {
		return nil, exercises.Refuse(exercises.CodeConflict, "", "no performance is running")
	}
	rec := s.Attempts[s.Current.Attempt]
	rec.Status = StatusCancelled
	s.Current = nil
	changes := []exercises.Change{exercises.Set(rec.Status, "attempts", rec.ID, "status"), exercises.Set(nil, "current")}
	if !rec.Calibration && !slices.ContainsFunc(s.Queue, func(q Queued) bool { return q.Performer == rec.Performer }) {
		s.Queue = slices.Insert(slices.Clone(s.Queue), 0, Queued{Performer: rec.Performer, Name: rec.Name, Group: rec.Group})
		changes = append(changes, exercises.Set(s.Queue, "queue"))
	}
	for _, sh := range sheetsOf(ctx) {
		if sh.state.Current != nil && sh.state.Current.Attempt == rec.ID {
			sh.state.Current, sh.state.Scores, sh.state.Submitted = nil, map[string]int{}, false
			sh.link.Record(exercises.Set(nil, "current"), exercises.Set(sh.state.Scores, "scores"), exercises.Set(false, "submitted"))
		}
	}
	return changes, nil
}

// reveal reads the submitted sheets of the current performance, scores it,
// and publishes the result. A live performer who fails queues for a retry.
func (s *RoundState) reveal(ctx *exercises.Context) ([]exercises.Change, error) {
	if s.Current == nil {
		return nil, exercises.Refuse(exercises.CodeConflict, "", "no performance is running")
	}
	rec := s.Attempts[s.Current.Attempt]
	panel := map[string]bool{}
	for _, p := range rec.Panel {
		panel[p.ID] = true
	}
	ratings := Ratings{}
	var sealed []*linkedSheet
	for _, sh := range sheetsOf(ctx) {
		cur := sh.state.Current
		if cur == nil || cur.Attempt != rec.ID {
			continue
		}
		sealed = append(sealed, sh)
		if !sh.state.Submitted || cur.Self || !panel[sh.state.Owner.ID] {
			continue
		}
		for c, v := range sh.state.Scores {
			ratings.Set(sh.state.Owner.ID, c, v)
		}
	}
	if len(ratings) == 0 {
		return nil, exercises.Refuse(exercises.CodeConflict, "", "no judge has submitted yet")
	}
	var res *Result
	var cal *Calibration
	var err error
	if res, err = s.Rubric.Score(ratings); err != nil {
		return nil, err
	}
	if rec.Calibration {
		if cal, err = Calibrate(s.Rubric, ratings); err != nil {
			return nil, err
		}
	}
	rec.Status, rec.RevealedAt = StatusRevealed, ctx.Now.UTC().Format(time.RFC3339Nano)
	rec.Scores, rec.Result, rec.Calibrated = ratings, res, cal
	s.Current, s.Last = nil, rec.ID
	changes := []exercises.Change{exercises.Set(rec, "attempts", rec.ID), exercises.Set(nil, "current"), exercises.Set(s.Last, "last")}
	if !rec.Calibration && !res.Passed && !slices.ContainsFunc(s.Queue, func(q Queued) bool { return q.Performer == rec.Performer }) {
		s.Queue = append(slices.Clone(s.Queue), Queued{Performer: rec.Performer, Name: rec.Name, Group: rec.Group, Retry: true})
		changes = append(changes, exercises.Set(s.Queue, "queue"))
	}
	for _, sh := range sealed {
		sh.state.Current.Revealed = true
		sh.link.Record(exercises.Set(true, "current", "revealed"))
	}
	return changes, nil
}

// importAttempts records performances scored on paper as revealed attempts.
// A name that is exactly one participant's is linked to that participant.
func (s *RoundState) importAttempts(o importOp, ctx *exercises.Context) ([]exercises.Change, error) {
	if len(o.Performances) == 0 {
		return nil, exercises.Refuse(exercises.CodeInvalidOp, "performances", "nothing to import")
	}
	if len(o.Performances) > MaxImport || len(s.Attempts)+len(o.Performances) > MaxAttempts {
		return nil, exercises.Refuse(exercises.CodeLimit, "performances", "import at most %d performances at once (a round keeps at most %d attempts)", MaxImport, MaxAttempts)
	}
	byName := map[string][]string{}
	for id, p := range ctx.Room.People {
		if p.Kind == exercises.RoleParticipant {
			byName[p.Name] = append(byName[p.Name], id)
		}
	}
	now := ctx.Now.UTC().Format(time.RFC3339Nano)
	var recs []*AttemptRecord
	for i, p := range o.Performances {
		field := fmt.Sprintf("performances[%d]", i)
		name, err := exercises.CleanText(field+".name", p.Name, exercises.MaxShortText, true)
		if err != nil {
			return nil, err
		}
		group, err := exercises.CleanText(field+".group", p.Group, exercises.MaxShortText, false)
		if err != nil {
			return nil, err
		}
		if p.Try < 1 || p.Try > 100 {
			return nil, exercises.Refuse(exercises.CodeInvalidOp, field+".try", "the attempt must be from 1 to 100")
		}
		for judge := range p.Ratings {
			if j, err := exercises.CleanText(field+".ratings", judge, exercises.MaxShortText, true); err != nil || j != judge {
				return nil, exercises.Refuse(exercises.CodeInvalidOp, field+".ratings", "judge names must be 1–%d characters without surrounding spaces", exercises.MaxShortText)
			}
		}
		res, err := s.Rubric.Score(p.Ratings)
		if err != nil {
			return nil, exercises.Refuse(exercises.CodeInvalidOp, field, "%s: %v", name, err)
		}
		rec := &AttemptRecord{Performer: PaperPrefix + name, Name: name, GroupName: group, Try: p.Try, Imported: true,
			Scenario: s.Scenario, Status: StatusRevealed, StartedAt: now, RevealedAt: now, Scores: p.Ratings, Result: res}
		if ids := byName[name]; len(ids) == 1 {
			rec.Performer, rec.Group = ids[0], ctx.Room.People[ids[0]].Group
			if g := ctx.Room.GroupNames[rec.Group]; g != "" && group == "" {
				rec.GroupName = g
			}
		}
		for _, j := range p.Ratings.Judges() {
			rec.Panel = append(rec.Panel, Person{ID: j, Name: j})
		}
		recs = append(recs, rec)
	}
	var changes []exercises.Change
	for _, rec := range recs {
		s.Started++
		rec.ID, rec.Number = "a"+strconv.Itoa(s.Started), s.Started
		s.Attempts[rec.ID] = rec
		changes = append(changes, exercises.Set(rec, "attempts", rec.ID))
	}
	return append(changes, exercises.Set(s.Started, "started")), nil
}

// performing reports whether id is the performer being judged now.
func (s *RoundState) performing(id string) bool {
	return s.Current != nil && s.Attempts[s.Current.Attempt].Performer == id
}

// Revealed lists the revealed attempts in round order.
func (s *RoundState) Revealed() []*AttemptRecord {
	var out []*AttemptRecord
	for _, a := range s.Attempts {
		if a.Status == StatusRevealed {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b *AttemptRecord) int { return a.Number - b.Number })
	return out
}

// linkedSheet is a judge's sheet handed to a round operation.
type linkedSheet struct {
	link  *exercises.LinkedBoard
	state *SheetState
}

func sheetsOf(ctx *exercises.Context) []*linkedSheet {
	var out []*linkedSheet
	for _, l := range ctx.Linked {
		if st, ok := l.State.(*SheetState); ok {
			out = append(out, &linkedSheet{link: l, state: st})
		}
	}
	return out
}

func person(ctx *exercises.Context, id string) (Person, bool) {
	if ctx.Room == nil {
		return Person{}, false
	}
	p, ok := ctx.Room.People[id]
	return Person{ID: id, Kind: p.Kind, Name: p.Name}, ok
}

func cleanScenario(sc Scenario) (Scenario, error) {
	var err error
	if sc.CaseID != "" && !validCaseID(sc.CaseID) {
		return Scenario{}, exercises.Refuse(exercises.CodeInvalidOp, "case_id", "case_id must be 1–64 characters of letters, digits, '-' or '_'")
	}
	if sc.Title, err = exercises.CleanText("title", sc.Title, exercises.MaxShortText, false); err != nil {
		return Scenario{}, err
	}
	if sc.Brief, err = exercises.CleanText("brief", sc.Brief, exercises.MaxLongText, false); err != nil {
		return Scenario{}, err
	}
	return sc, nil
}

func checkSeconds(n int) error {
	if n < 0 || n > MaxTimerSeconds {
		return exercises.Refuse(exercises.CodeInvalidOp, "seconds", "the timer runs from 0 (none) to %d seconds", MaxTimerSeconds)
	}
	return nil
}

func deadline(now time.Time, seconds int) string {
	if seconds == 0 {
		return ""
	}
	return now.UTC().Add(time.Duration(seconds) * time.Second).Format(time.RFC3339Nano)
}

// ImportOf turns the performances of a paper sheet into those of the
// "attempts.import" operation.
func ImportOf(perfs []Performance) []ImportedAttempt {
	out := make([]ImportedAttempt, len(perfs))
	for i, p := range perfs {
		out[i] = ImportedAttempt{Name: p.Name, Group: p.Group, Try: p.Attempt, Ratings: p.Ratings}
	}
	return out
}

// validCaseID accepts the id of a case of the library (1–64 characters).
func validCaseID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
