package exercises

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"playbook/playbook"
)

// The targets kind (1.2, 1.3): the annual target with its 3定 (amount,
// quality criteria, deadline), split by quarter and month with seasonality
// weights, by team or region and by rep, and between existing customers
// (last year's revenue × retention × growth) and new ones. Money is in
// integer minor units. The server does the arithmetic: every split is the
// parent divided by weights with the largest-remainder method, so it
// reconciles to the unit; an amount typed in by hand (manual_minor) is kept,
// the siblings share what is left, and a split that then cannot reconcile is
// flagged at the field.

// TargetsKind is the kind's name.
const TargetsKind = "targets"

// TargetsState is the document of a targets board.
type TargetsState struct {
	FiscalYear      int                      `json:"fiscal_year"`
	FiscalYearStart int                      `json:"fiscal_year_start"`
	Currency        string                   `json:"currency"`
	MinorUnits      int                      `json:"minor_units"`
	Annual          TargetAnnual             `json:"annual"`
	Quarters        map[string]*TargetPeriod `json:"quarters"`
	Regions         map[string]*TargetRegion `json:"regions"`
	Reps            map[string]*TargetRep    `json:"reps"`
	Customers       TargetCustomers          `json:"customers"`
	Issues          []Issue                  `json:"issues"`
	// Comments are the trainer's coaching on an item (or on the board).
	Comments
}

// TargetAnnual is the annual target and its 3定.
type TargetAnnual struct {
	AmountMinor int64         `json:"amount_minor"`
	Quality     TargetQuality `json:"quality"`
	Deadline    string        `json:"deadline"`
	Owner       string        `json:"owner"`
}

// TargetQuality is the qualitative side of the target (定性).
type TargetQuality struct {
	Customers    string `json:"customers"`
	Products     string `json:"products"`
	MinMarginPct int    `json:"min_margin_pct"`
}

// TargetPeriod is a quarter (with its three months) or a month. AmountMinor
// is computed; ManualMinor, when set, is an amount typed in by hand.
type TargetPeriod struct {
	ID          string                   `json:"id"`
	Label       string                   `json:"label"`
	Weight      int                      `json:"weight"`
	ManualMinor *int64                   `json:"manual_minor"`
	AmountMinor int64                    `json:"amount_minor"`
	Owner       string                   `json:"owner"`
	Months      map[string]*TargetPeriod `json:"months,omitempty"`
}

// TargetRegion is a team's or region's share.
type TargetRegion struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Owner       string  `json:"owner"`
	Weight      int     `json:"weight"`
	ManualMinor *int64  `json:"manual_minor"`
	AmountMinor int64   `json:"amount_minor"`
	Pos         float64 `json:"pos"`
}

func (r *TargetRegion) position() float64 { return r.Pos }
func (r *TargetRegion) itemID() string    { return r.ID }

// TargetRep is one salesperson's share of their region. BookWeight is their
// share of the existing customers (for example last year's revenue of their
// accounts); their new-customer target is the rest of their target.
type TargetRep struct {
	ID            string  `json:"id"`
	Region        string  `json:"region"`
	Name          string  `json:"name"`
	Weight        int     `json:"weight"`
	BookWeight    int64   `json:"book_weight"`
	ManualMinor   *int64  `json:"manual_minor"`
	AmountMinor   int64   `json:"amount_minor"`
	ExistingMinor int64   `json:"existing_minor"`
	NewMinor      int64   `json:"new_minor"`
	Pos           float64 `json:"pos"`
}

func (r *TargetRep) position() float64 { return r.Pos }
func (r *TargetRep) itemID() string    { return r.ID }

// TargetCustomers is the existing/new split; the two amounts are computed.
type TargetCustomers struct {
	LastYearRevenueMinor int64  `json:"last_year_revenue_minor"`
	RetentionPct         int    `json:"retention_pct"`
	GrowthPct            int    `json:"growth_pct"`
	ExistingMinor        int64  `json:"existing_minor"`
	NewMinor             int64  `json:"new_minor"`
	Owner                string `json:"owner"`
}

// TargetsConfig configures a targets board.
type TargetsConfig struct {
	FiscalYear      int    `json:"fiscal_year,omitempty"`
	FiscalYearStart int    `json:"fiscal_year_start,omitempty"`
	Currency        string `json:"currency,omitempty"`
}

var quarterLabels = []string{"第一季度", "第二季度", "第三季度", "第四季度"}

func init() {
	Register(&Kind{Ops: []string{"targets.set", "period.set", "region.add", "region.set", "region.move", "region.delete", "rep.add", "rep.set", "rep.move", "rep.delete", "comment.add", "comment.edit", "comment.delete"}, Name: TargetsKind, New: newTargets, Decode: decodeTargets})
}

func newTargets(cfg json.RawMessage) (State, error) {
	var c TargetsConfig
	if len(cfg) > 0 {
		if err := json.Unmarshal(cfg, &c); err != nil {
			return nil, Refuse(CodeInvalidOp, "config", "targets configuration: %s", jsonProblem(err))
		}
	}
	s := &TargetsState{FiscalYear: c.FiscalYear, FiscalYearStart: c.FiscalYearStart, Currency: c.Currency, MinorUnits: 2,
		Quarters: map[string]*TargetPeriod{}, Regions: map[string]*TargetRegion{}, Reps: map[string]*TargetRep{},
		Customers: TargetCustomers{RetentionPct: 100}}
	if s.FiscalYearStart < 1 || s.FiscalYearStart > 12 {
		s.FiscalYearStart = 1
	}
	if s.Currency == "" {
		s.Currency = "CNY"
	}
	for q := 1; q <= 4; q++ {
		id := "Q" + strconv.Itoa(q)
		p := &TargetPeriod{ID: id, Label: quarterLabels[q-1], Weight: 25, Months: map[string]*TargetPeriod{}}
		for m := 1; m <= 3; m++ {
			mid := "M" + strconv.Itoa(m)
			p.Months[mid] = &TargetPeriod{ID: mid, Weight: 1}
		}
		s.Quarters[id] = p
	}
	s.recompute()
	return s, nil
}

func decodeTargets(data []byte) (State, error) {
	s, err := decodeInto[TargetsState](data)
	if err != nil {
		return nil, err
	}
	t := s.(*TargetsState)
	if t.Quarters == nil {
		t.Quarters = map[string]*TargetPeriod{}
	}
	if t.Regions == nil {
		t.Regions = map[string]*TargetRegion{}
	}
	if t.Reps == nil {
		t.Reps = map[string]*TargetRep{}
	}
	if t.Issues == nil {
		t.Issues = []Issue{}
	}
	return t, nil
}

type targetsSetOp struct {
	Kind  string          `json:"kind"`
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
}

type regionAddOp struct {
	Kind   string   `json:"kind"`
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Region string   `json:"region,omitempty"`
	Pos    *float64 `json:"pos"`
}

// Apply implements State.
func (s *TargetsState) Apply(op Operation, ctx *Context) ([]Change, error) {
	if ctx.Visiting {
		return nil, Refuse(CodeForbidden, "", "visitors may not edit another group's targets")
	}
	return applyChecked(s, func() error { return s.apply(op) })
}

func (s *TargetsState) apply(op Operation) error {
	switch op.Kind {
	case "targets.set":
		var o targetsSetOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		return s.set(o.Field, o.Value)
	case "period.set":
		var o setOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		p, err := s.period(o.ID)
		if err != nil {
			return err
		}
		switch o.Field {
		case "weight":
			p.Weight, err = intValue(o.Field, o.Value, 0, 1_000_000)
		case "manual_minor":
			p.ManualMinor, err = manualValue(o.Value)
		case "owner":
			p.Owner, err = textValue(o.Field, o.Value, MaxShortText)
		default:
			return unknownField("a period", o.Field)
		}
		return err
	case "region.add":
		var o regionAddOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if err := newItemID(s.Regions, o.ID); err != nil {
			return err
		}
		name, err := CleanText("name", o.Name, MaxShortText, false)
		if err != nil {
			return err
		}
		pos, err := checkPos(o.Pos, s.Regions)
		if err != nil {
			return err
		}
		s.Regions[o.ID] = &TargetRegion{ID: o.ID, Name: name, Weight: 1, Pos: pos}
		return nil
	case "region.set":
		var o setOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		r, ok := s.Regions[o.ID]
		if !ok {
			return noSuch("region", o.ID)
		}
		var err error
		switch o.Field {
		case "name":
			r.Name, err = textValue(o.Field, o.Value, MaxShortText)
		case "owner":
			r.Owner, err = textValue(o.Field, o.Value, MaxShortText)
		case "weight":
			r.Weight, err = intValue(o.Field, o.Value, 0, 1_000_000)
		case "manual_minor":
			r.ManualMinor, err = manualValue(o.Value)
		default:
			return unknownField("a region", o.Field)
		}
		return err
	case "region.move":
		var o moveOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		r, ok := s.Regions[o.ID]
		if !ok {
			return noSuch("region", o.ID)
		}
		pos, err := checkPos(o.Pos, s.Regions)
		r.Pos = pos
		return err
	case "region.delete":
		var o refOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if _, ok := s.Regions[o.ID]; !ok {
			return noSuch("region", o.ID)
		}
		delete(s.Regions, o.ID)
		for id, rep := range s.Reps {
			if rep.Region == o.ID {
				delete(s.Reps, id)
			}
		}
		return nil
	case "rep.add":
		var o regionAddOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if err := newItemID(s.Reps, o.ID); err != nil {
			return err
		}
		if _, ok := s.Regions[o.Region]; !ok {
			return noSuch("region", o.Region)
		}
		name, err := CleanText("name", o.Name, MaxShortText, false)
		if err != nil {
			return err
		}
		pos, err := checkPos(o.Pos, s.Reps)
		if err != nil {
			return err
		}
		s.Reps[o.ID] = &TargetRep{ID: o.ID, Region: o.Region, Name: name, Weight: 1, Pos: pos}
		return nil
	case "rep.set":
		var o setOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		r, ok := s.Reps[o.ID]
		if !ok {
			return noSuch("rep", o.ID)
		}
		var err error
		switch o.Field {
		case "name":
			r.Name, err = textValue(o.Field, o.Value, MaxShortText)
		case "region":
			var region string
			if err = decodeValue(o.Field, o.Value, &region); err == nil {
				if _, ok := s.Regions[region]; !ok {
					return noSuch("region", region)
				}
				r.Region = region
			}
		case "weight":
			r.Weight, err = intValue(o.Field, o.Value, 0, 1_000_000)
		case "book_weight":
			r.BookWeight, err = moneyValue(o.Field, o.Value)
		case "manual_minor":
			r.ManualMinor, err = manualValue(o.Value)
		default:
			return unknownField("a rep", o.Field)
		}
		return err
	case "rep.move":
		var o moveOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		r, ok := s.Reps[o.ID]
		if !ok {
			return noSuch("rep", o.ID)
		}
		pos, err := checkPos(o.Pos, s.Reps)
		r.Pos = pos
		return err
	case "rep.delete":
		var o refOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if _, ok := s.Reps[o.ID]; !ok {
			return noSuch("rep", o.ID)
		}
		delete(s.Reps, o.ID)
		return nil
	}
	return unknownOp(TargetsKind, op.Kind)
}

// set changes one of the board's own fields, named by its path in the state.
func (s *TargetsState) set(field string, raw json.RawMessage) error {
	var err error
	switch field {
	case "fiscal_year":
		s.FiscalYear, err = intValue(field, raw, 0, 2100)
	case "fiscal_year_start":
		s.FiscalYearStart, err = intValue(field, raw, 1, 12)
	case "currency":
		var c string
		if err = decodeValue(field, raw, &c); err == nil {
			if len(c) != 3 || strings.ToUpper(c) != c || strings.ContainsFunc(c, func(r rune) bool { return r < 'A' || r > 'Z' }) {
				return Refuse(CodeInvalidOp, field, "currency must be an ISO 4217 code such as CNY")
			}
			s.Currency = c
		}
	case "minor_units":
		s.MinorUnits, err = intValue(field, raw, 0, 3)
	case "annual.amount_minor":
		s.Annual.AmountMinor, err = moneyValue(field, raw)
	case "annual.quality.customers":
		s.Annual.Quality.Customers, err = textValue(field, raw, MaxNoteText)
	case "annual.quality.products":
		s.Annual.Quality.Products, err = textValue(field, raw, MaxNoteText)
	case "annual.quality.min_margin_pct":
		s.Annual.Quality.MinMarginPct, err = intValue(field, raw, 0, 100)
	case "annual.deadline":
		var d string
		if d, err = textValue(field, raw, 10); err == nil && d != "" {
			if _, perr := time.Parse(time.DateOnly, d); perr != nil {
				return Refuse(CodeInvalidOp, field, "the deadline is a date written YYYY-MM-DD")
			}
		}
		if err == nil {
			s.Annual.Deadline = d
		}
	case "annual.owner":
		s.Annual.Owner, err = textValue(field, raw, MaxShortText)
	case "customers.last_year_revenue_minor":
		s.Customers.LastYearRevenueMinor, err = moneyValue(field, raw)
	case "customers.retention_pct":
		s.Customers.RetentionPct, err = intValue(field, raw, 0, 100)
	case "customers.growth_pct":
		s.Customers.GrowthPct, err = intValue(field, raw, -100, 1000)
	case "customers.owner":
		s.Customers.Owner, err = textValue(field, raw, MaxShortText)
	default:
		return unknownField("the targets", field)
	}
	return err
}

// manualValue reads an amount typed in by hand, or null to go back to the
// computed one.
func manualValue(raw json.RawMessage) (*int64, error) {
	if string(raw) == "null" {
		return nil, nil
	}
	v, err := moneyValue("manual_minor", raw)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// period finds "Q2" or a month "Q2.M1".
func (s *TargetsState) period(id string) (*TargetPeriod, error) {
	qid, mid, isMonth := strings.Cut(id, ".")
	q, ok := s.Quarters[qid]
	if !ok {
		return nil, noSuch("period", id)
	}
	if !isMonth {
		return q, nil
	}
	m, ok := q.Months[mid]
	if !ok {
		return nil, noSuch("period", id)
	}
	return m, nil
}

// allocate divides parent among items: manual amounts are kept, and what is
// left goes to the others by weight with the largest-remainder method.
func allocate(parent int64, weights []int64, manual []*int64) []int64 {
	out := make([]int64, len(weights))
	left := parent
	var autoIdx []int
	var autoW []int64
	for i := range weights {
		if manual[i] != nil {
			out[i] = *manual[i]
			left -= *manual[i]
		} else {
			autoIdx = append(autoIdx, i)
			autoW = append(autoW, weights[i])
		}
	}
	if left < 0 {
		left = 0
	}
	for j, v := range playbook.SplitLargestRemainder(left, autoW) {
		out[autoIdx[j]] = v
	}
	return out
}

func (s *TargetsState) quarterIDs() []string { return []string{"Q1", "Q2", "Q3", "Q4"} }

// monthIDs returns a quarter's month ids in order.
func monthIDs(q *TargetPeriod) []string {
	ids := make([]string, 0, len(q.Months))
	for m := 1; m <= len(q.Months); m++ {
		ids = append(ids, "M"+strconv.Itoa(m))
	}
	return ids
}

// recompute does every split, then the checks.
func (s *TargetsState) recompute() {
	annual := s.Annual.AmountMinor
	// By period.
	var qs []*TargetPeriod
	for _, id := range s.quarterIDs() {
		if q := s.Quarters[id]; q != nil {
			qs = append(qs, q)
		}
	}
	w, man := make([]int64, len(qs)), make([]*int64, len(qs))
	for i, q := range qs {
		w[i], man[i] = int64(q.Weight), q.ManualMinor
	}
	for i, amt := range allocate(annual, w, man) {
		q := qs[i]
		q.AmountMinor = amt
		mids := monthIDs(q)
		mw, mm := make([]int64, len(mids)), make([]*int64, len(mids))
		for j, mid := range mids {
			mw[j], mm[j] = int64(q.Months[mid].Weight), q.Months[mid].ManualMinor
		}
		for j, a := range allocate(amt, mw, mm) {
			q.Months[mids[j]].AmountMinor = a
		}
		q.Label = quarterLabels[i]
		for j, mid := range mids {
			q.Months[mid].Label = s.monthLabel(i*3 + j)
		}
	}
	// By region and rep.
	regions := ordered(s.Regions)
	rw, rm := make([]int64, len(regions)), make([]*int64, len(regions))
	for i, r := range regions {
		rw[i], rm[i] = int64(r.Weight), r.ManualMinor
	}
	for i, amt := range allocate(annual, rw, rm) {
		regions[i].AmountMinor = amt
	}
	for _, r := range regions {
		reps := s.repsOf(r.ID)
		pw, pm := make([]int64, len(reps)), make([]*int64, len(reps))
		for i, rep := range reps {
			pw[i], pm[i] = int64(rep.Weight), rep.ManualMinor
		}
		for i, amt := range allocate(r.AmountMinor, pw, pm) {
			reps[i].AmountMinor = amt
		}
	}
	// Existing vs new, and each rep's part of each.
	c := &s.Customers
	c.ExistingMinor = playbook.ExistingRevenue(c.LastYearRevenueMinor, c.RetentionPct, c.GrowthPct)
	c.NewMinor = max(annual-c.ExistingMinor, 0)
	all := ordered(s.Reps)
	books := make([]int64, len(all))
	var anyBook bool
	for i, rep := range all {
		books[i] = rep.BookWeight
		anyBook = anyBook || rep.BookWeight > 0
	}
	if !anyBook {
		for i, rep := range all {
			books[i] = rep.AmountMinor
		}
	}
	existing := playbook.SplitLargestRemainder(c.ExistingMinor, books)
	for i, rep := range all {
		rep.ExistingMinor = existing[i]
		rep.NewMinor = rep.AmountMinor - existing[i]
	}
	s.check()
}

func (s *TargetsState) repsOf(region string) []*TargetRep {
	var out []*TargetRep
	for _, rep := range ordered(s.Reps) {
		if rep.Region == region {
			out = append(out, rep)
		}
	}
	return out
}

// monthLabel names the i-th month of the fiscal year ("4月").
func (s *TargetsState) monthLabel(i int) string {
	return strconv.Itoa((s.FiscalYearStart-1+i)%12+1) + "月"
}

// monthID is the document id of the i-th month ("2027-04").
func (s *TargetsState) monthID(i int) string {
	if s.FiscalYear == 0 {
		return "M" + strconv.Itoa(i+1)
	}
	m := s.FiscalYearStart - 1 + i
	return fmt.Sprintf("%04d-%02d", s.FiscalYear+m/12, m%12+1)
}

// compile builds the section whether or not the board holds a target yet.
func (s *TargetsState) compile() playbook.Targets {
	t := playbook.Targets{FiscalYear: s.FiscalYear,
		Annual: playbook.AnnualTarget{AmountMinor: s.Annual.AmountMinor, Deadline: s.Annual.Deadline, Owner: s.Annual.Owner,
			Quality: playbook.Quality{Customers: s.Annual.Quality.Customers, Products: s.Annual.Quality.Products, MinMarginPct: s.Annual.Quality.MinMarginPct}},
		Quarters: []playbook.PeriodTarget{}, Regions: []playbook.RegionTarget{},
		Customers: playbook.CustomerSplit{LastYearRevenueMinor: s.Customers.LastYearRevenueMinor, RetentionPct: s.Customers.RetentionPct,
			GrowthPct: s.Customers.GrowthPct, ExistingMinor: s.Customers.ExistingMinor, NewMinor: s.Customers.NewMinor, Owner: s.Customers.Owner}}
	for qi, id := range s.quarterIDs() {
		q := s.Quarters[id]
		if q == nil {
			continue
		}
		pt := playbook.PeriodTarget{ID: q.ID, Label: q.Label, Weight: q.Weight, AmountMinor: q.AmountMinor, Owner: q.Owner}
		for mi, mid := range monthIDs(q) {
			m := q.Months[mid]
			pt.Months = append(pt.Months, playbook.PeriodTarget{ID: s.monthID(qi*3 + mi), Label: m.Label, Weight: m.Weight,
				AmountMinor: m.AmountMinor, Owner: m.Owner})
		}
		t.Quarters = append(t.Quarters, pt)
	}
	for _, r := range ordered(s.Regions) {
		rt := playbook.RegionTarget{ID: r.ID, Name: r.Name, Owner: r.Owner, AmountMinor: r.AmountMinor, Reps: []playbook.RepTarget{}}
		for _, rep := range s.repsOf(r.ID) {
			rt.Reps = append(rt.Reps, playbook.RepTarget{ID: rep.ID, Name: rep.Name, AmountMinor: rep.AmountMinor,
				ExistingMinor: rep.ExistingMinor, NewMinor: rep.NewMinor})
		}
		t.Regions = append(t.Regions, rt)
	}
	return t
}

// Compile returns the targets section, empty while no annual target is set.
func (s *TargetsState) Compile() playbook.Targets {
	if s.Annual.AmountMinor == 0 {
		return playbook.Targets{Quarters: []playbook.PeriodTarget{}, Regions: []playbook.RegionTarget{}}
	}
	return s.compile()
}

// CompileInto implements Section: the targets and the company's currency
// and fiscal year start.
func (s *TargetsState) CompileInto(p *playbook.Playbook) {
	p.Targets = s.Compile()
	p.Company.Currency, p.Company.MinorUnits, p.Company.FiscalYearStart = s.Currency, s.MinorUnits, s.FiscalYearStart
}

func (s *TargetsState) check() {
	t := s.compile()
	probs := playbook.ValidateTargets(&t, "$")
	regionIDs := make([]string, len(t.Regions))
	repIDs := make([][]string, len(t.Regions))
	for i, r := range t.Regions {
		regionIDs[i] = r.ID
		for _, rep := range r.Reps {
			repIDs[i] = append(repIDs[i], rep.ID)
		}
	}
	s.Issues = issuesFrom(probs, func(segs []pathSeg) []string {
		var out []string
		for i := 0; i < len(segs); i++ {
			sg := segs[i]
			switch {
			case sg.key == "quarters" && sg.index >= 0 && sg.index < 4:
				out = append(out, "quarters", s.quarterIDs()[sg.index])
			case sg.key == "months" && sg.index >= 0:
				out = append(out, "months", "M"+strconv.Itoa(sg.index+1))
			case sg.key == "regions" && sg.index >= 0 && sg.index < len(regionIDs):
				// A rep's problem is shown at the rep, kept in its own map.
				if i+1 < len(segs) && segs[i+1].key == "reps" {
					next := segs[i+1]
					out = []string{"reps"}
					if next.index >= 0 && next.index < len(repIDs[sg.index]) {
						out = append(out, repIDs[sg.index][next.index])
					} else {
						out = []string{"regions", regionIDs[sg.index], "reps"}
					}
					i++
					continue
				}
				out = append(out, "regions", regionIDs[sg.index])
			default:
				out = append(out, sg.key)
			}
		}
		return out
	})
}

var _ Section = (*TargetsState)(nil)

// HasItem reports whether id names a quarter, a region or a rep (for comments).
func (s *TargetsState) HasItem(id string) bool {
	return s.Quarters[id] != nil || s.Regions[id] != nil || s.Reps[id] != nil
}
