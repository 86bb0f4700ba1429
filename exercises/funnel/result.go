package funnel

// Result is the review of one pipeline. Amounts are in currency units;
// rates are fractions (0.42 = 42%); a figure that cannot be computed from
// the data is null, and Limits says why.
type Result struct {
	Source         SourceInfo        `json:"source"`
	History        *SourceInfo       `json:"history,omitempty"`
	Mapping        map[Field]string  `json:"mapping"`
	Matched        map[Field]string  `json:"matched"`                   // field → "user" or "auto"
	HistoryColumns map[string]string `json:"history_columns,omitempty"` // stage → column

	AsOf       string `json:"as_of"`
	AsOfSource string `json:"as_of_source"` // "given" or "data"
	// StageOrder says where the order of the stages came from: "config",
	// "playbook", "history" or "age" (inferred from how old the deals in
	// each stage are).
	StageOrder string `json:"stage_order"`
	// ConversionSource is "history" when every deal has stage history,
	// "current_stage" when none has, "mixed" otherwise.
	ConversionSource string `json:"conversion_source"`
	Limits           []Note `json:"limits"`
	Warnings         []Note `json:"warnings"`

	Opportunities int64 `json:"opportunities"`
	Won           int64 `json:"won"`
	Lost          int64 `json:"lost"`
	Open          int64 `json:"open"`

	WinRate         *float64 `json:"win_rate"`
	WinRateByAmount *float64 `json:"win_rate_by_amount"`
	WonAmount       float64  `json:"won_amount"`
	LostAmount      float64  `json:"lost_amount"`
	Pipeline        float64  `json:"pipeline"` // open amount
	AvgWonAmount    *float64 `json:"avg_won_amount"`
	AvgCycleDays    *float64 `json:"avg_cycle_days"`
	MedianCycleDays *float64 `json:"median_cycle_days"`

	WeightedPipeline float64       `json:"weighted_pipeline"`
	Target           *TargetResult `json:"target"`
	VelocityPerDay   *float64      `json:"velocity_per_day"`
	Velocity         Velocity      `json:"velocity"`

	Stages      []StageResult `json:"stages"`
	BiggestLeak *Leak         `json:"biggest_leak"`
	Shape       Shape         `json:"shape"`

	Stuck      []StuckDeal `json:"stuck"`
	StuckTotal int64       `json:"stuck_total"`

	Owners        []OwnerResult  `json:"owners"`
	OwnersOmitted int64          `json:"owners_omitted,omitempty"`
	Periods       []PeriodResult `json:"periods"`

	Dates []DateColumn `json:"dates"`

	MissingAmounts int64         `json:"missing_amounts"`
	UnknownStages  []ValueCount  `json:"unknown_stages"`
	BadRows        []BadRow      `json:"bad_rows"`
	BadRowsTotal   int64         `json:"bad_rows_total"`
	SkippedRows    int64         `json:"skipped_rows"`
	BadRowReasons  []ReasonCount `json:"bad_row_reasons"`
}

// Note is a limit of the analysis or a warning about the data.
type Note struct {
	Code string `json:"code"`
	Text Text   `json:"text"`
}

// TargetResult is the pipeline measured against the target.
type TargetResult struct {
	Amount    float64 `json:"amount"`
	From      string  `json:"from,omitempty"`
	To        string  `json:"to,omitempty"`
	Won       float64 `json:"won"`       // won amount counted against the target
	Remaining float64 `json:"remaining"` // target − won, not below 0
	// Coverage is the open pipeline ÷ the remaining target; WeightedCoverage
	// the weighted pipeline ÷ the remaining target. Null when nothing remains.
	Coverage         *float64 `json:"coverage"`
	WeightedCoverage *float64 `json:"weighted_coverage"`
}

// Velocity is sales velocity and its four factors: open opportunities ×
// average won deal × win rate ÷ average cycle days.
type Velocity struct {
	Opportunities int64    `json:"opportunities"`
	AvgWonAmount  *float64 `json:"avg_won_amount"`
	WinRate       *float64 `json:"win_rate"`
	AvgCycleDays  *float64 `json:"avg_cycle_days"`
	PerDay        *float64 `json:"per_day"`
}

// StageResult is one stage of the funnel.
type StageResult struct {
	Name string `json:"name"`
	Won  bool   `json:"won,omitempty"`
	Lost bool   `json:"lost,omitempty"`
	// Rows counts the rows whose stage is this one.
	Rows int64 `json:"rows"`
	// Reached counts the deals that got to this stage (or past it).
	Reached int64 `json:"reached"`
	// Conversion is the share of the deals that reached this stage that
	// reached the next one (the won stage after the last open one); null for
	// closed stages and for stages nobody reached.
	Conversion *float64 `json:"conversion"`
	// FromStart is Reached ÷ the deals that reached the first stage.
	FromStart *float64 `json:"from_start"`
	// Open deals sitting in this stage now, their amount and weighted amount.
	Open       int64   `json:"open"`
	OpenAmount float64 `json:"open_amount"`
	Weighted   float64 `json:"weighted"`
	// LostHere counts lost deals whose last open stage was this one.
	LostHere int64 `json:"lost_here"`
	// Probability is the configured win probability (%), Empirical the share
	// of closed deals that reached this stage which were won (%), and
	// ProbabilityUsed the one weighting the pipeline.
	Probability     *float64 `json:"probability"`
	Empirical       *float64 `json:"empirical_probability"`
	ClosedReached   int64    `json:"closed_reached"`
	ProbabilityUsed *float64 `json:"probability_used"`
	MaxDays         int      `json:"max_days,omitempty"`
	AvgAgeDays      *float64 `json:"avg_age_days"`
	Stuck           int64    `json:"stuck"`
}

// Leak is the stage transition that loses the largest share of deals.
type Leak struct {
	From       string  `json:"from"`
	To         string  `json:"to"`
	Conversion float64 `json:"conversion"`
	Lost       int64   `json:"lost"` // deals that reached From but not To
}

// Shape is the diagnosis of the funnel's shape.
type Shape struct {
	// Kind is "standard", "cylinder", "thin_top", "bulge" or
	// "insufficient_data"; Findings lists every shape problem found, the
	// most pressing first.
	Kind     string         `json:"kind"`
	Title    Text           `json:"title"`
	Meaning  Text           `json:"meaning"`
	Findings []ShapeFinding `json:"findings"`
	// Distribution is the number of open deals per open stage the diagnosis
	// read.
	Distribution []int64 `json:"distribution"`
}

// ShapeFinding is one shape problem with its evidence and what it usually
// means.
type ShapeFinding struct {
	Kind     string `json:"kind"`
	Stage    string `json:"stage,omitempty"`
	Evidence Text   `json:"evidence"`
	Title    Text   `json:"title"`
	Meaning  Text   `json:"meaning"`
}

// StuckDeal is an open deal older than its stage's limit.
type StuckDeal struct {
	Row      int      `json:"row"`
	ID       string   `json:"id"`
	Name     string   `json:"name,omitempty"`
	Owner    string   `json:"owner,omitempty"`
	Stage    string   `json:"stage"`
	Amount   *float64 `json:"amount"`
	Since    string   `json:"since"`     // the day the age is counted from
	Basis    string   `json:"basis"`     // "entered" (the stage) or "created" (the deal)
	Days     int      `json:"days"`      // age at AsOf
	MaxDays  int      `json:"max_days"`  // the limit it broke
	DaysOver int      `json:"days_over"` // Days − MaxDays
}

// OwnerResult is one owner's pipeline.
type OwnerResult struct {
	Owner         string   `json:"owner"`
	Opportunities int64    `json:"opportunities"`
	Open          int64    `json:"open"`
	Won           int64    `json:"won"`
	Lost          int64    `json:"lost"`
	WinRate       *float64 `json:"win_rate"`
	WonAmount     float64  `json:"won_amount"`
	Pipeline      float64  `json:"pipeline"`
	Weighted      float64  `json:"weighted"`
	AvgCycleDays  *float64 `json:"avg_cycle_days"`
	AvgWonAmount  *float64 `json:"avg_won_amount"`
}

// PeriodResult is one calendar month: deals created in it, and deals closed
// in it.
type PeriodResult struct {
	Period        string  `json:"period"` // YYYY-MM
	Created       int64   `json:"created"`
	CreatedAmount float64 `json:"created_amount"`
	Won           int64   `json:"won"`
	WonAmount     float64 `json:"won_amount"`
	Lost          int64   `json:"lost"`
}

// DateColumn reports how one date column was read.
type DateColumn struct {
	Field  string `json:"field"`
	Column string `json:"column"`
	// Order is how day/month/year values were read ("dmy" or "mdy"; empty
	// when the column has none).
	Order string `json:"order,omitempty"`
	// Ambiguous counts values like 03/04/2026 that read validly both ways;
	// DMYOnly and MDYOnly the values that settle the order.
	Values    int64 `json:"values"`
	Ambiguous int64 `json:"ambiguous"`
	DMYOnly   int64 `json:"dmy_only"`
	MDYOnly   int64 `json:"mdy_only"`
	Serial    int64 `json:"excel_serial,omitempty"`
	Invalid   int64 `json:"invalid"`
	Note      *Text `json:"note,omitempty"`
}

// ValueCount is a value and how many rows hold it.
type ValueCount struct {
	Value string `json:"value"`
	Rows  int64  `json:"rows"`
}

// BadRow is a row that was skipped (or kept with a problem), with why.
type BadRow struct {
	File    string `json:"file"` // "opportunities" or "history"
	Row     int    `json:"row"`
	Skipped bool   `json:"skipped"`
	Code    string `json:"code"`
	Reason  Text   `json:"reason"`
}

// ReasonCount counts the bad rows of one kind.
type ReasonCount struct {
	Code    string `json:"code"`
	Rows    int64  `json:"rows"`
	Skipped bool   `json:"skipped"`
}
