// Package funnel reviews a sales pipeline from a CRM's opportunity export:
// it reads CSV (UTF-8 with or without BOM, UTF-16, GBK/GB18030) and XLSX
// files as streams, matches Chinese or English headers to the fields it needs,
// and computes the funnel's figures — counts, win rate, stage-to-stage
// conversion, empirical win probability per stage, weighted pipeline, target
// coverage, cycle time, sales velocity, deals stuck beyond their stage's
// limit, breakdowns by owner and by month — and diagnoses the funnel's shape.
//
// It is pure: it reads what it is handed and returns figures; memory stays
// bounded whatever the size of the opportunity file (aggregates per stage,
// owner and month, and a bounded list of bad rows and stuck deals). Reading a
// separate stage-history file needs a few dozen bytes per opportunity and is
// capped at MaxHistoryDeals.
package funnel

import (
	"fmt"
	"io"
	"time"
)

// Text is a message in both product languages, Simplified Chinese first.
type Text struct {
	ZH string `json:"zh-CN"`
	EN string `json:"en"`
}

// In returns the text in lang ("en" or anything else for Chinese).
func (t Text) In(lang string) string {
	if lang == "en" {
		return t.EN
	}
	return t.ZH
}

func tf(zh, en string, args ...any) Text {
	return Text{ZH: fmt.Sprintf(zh, args...), EN: fmt.Sprintf(en, args...)}
}

// Stage is one stage of the sales process, in order.
type Stage struct {
	Name string `json:"name"`
	// Probability is the configured win probability in percent (0–100), or
	// nil when none is configured; the empirical probability is then used to
	// weight the pipeline.
	Probability *float64 `json:"probability,omitempty"`
	// MaxDays is how long a deal may stay in the stage before it counts as
	// stuck; 0 means no limit.
	MaxDays int  `json:"max_days,omitempty"`
	Won     bool `json:"won,omitempty"`
	Lost    bool `json:"lost,omitempty"`
	// Aliases are other names the export uses for this stage.
	Aliases []string `json:"aliases,omitempty"`
}

// StageConfig is the ordered list of stages a pipeline is checked against:
// open stages in order, then the closed-won stage and the closed-lost ones.
type StageConfig struct {
	Stages []Stage `json:"stages"`
	// Source says where the configuration came from ("stages", "playbook",
	// "history", …); it is copied into the result.
	Source string `json:"source,omitempty"`
}

// Limits of a configuration.
const (
	MaxStages       = 40
	MaxStageName    = 80
	MaxBadRowsShown = 200
	MaxStuckShown   = 100
	MaxOwners       = 2000
	MaxColumns      = 500
	MaxFieldBytes   = 64 << 10
	MaxHistoryDeals = 1_000_000
	MaxHistoryRows  = 10_000_000
	maxDistinct     = 200 // distinct stage or status values remembered for the preview
)

// Validate checks a stage configuration: 1–40 uniquely named stages, at least
// one open, probabilities within 0–100, rising over the open stages, and
// non-negative day limits.
func (c *StageConfig) Validate() error {
	if c == nil || len(c.Stages) == 0 {
		return inputErr(CodeBadStages, "没有配置阶段", "no stages are configured")
	}
	if len(c.Stages) > MaxStages {
		return inputErr(CodeBadStages, "阶段最多 %d 个", "at most %d stages", MaxStages)
	}
	seen := map[string]bool{}
	open := 0
	last := -1.0
	for _, s := range c.Stages {
		if s.Name == "" || len([]rune(s.Name)) > MaxStageName {
			return inputErr(CodeBadStages, "阶段名称须为 1–%d 个字符", "stage names must be 1–%d characters", MaxStageName)
		}
		for _, n := range append([]string{s.Name}, s.Aliases...) {
			k := normKey(n)
			if seen[k] {
				return inputErr(CodeBadStages, "阶段“%s”出现了两次", "stage %q appears twice", n)
			}
			seen[k] = true
		}
		if s.Won && s.Lost {
			return inputErr(CodeBadStages, "阶段“%s”不能既是赢单又是输单", "stage %q cannot be both won and lost", s.Name)
		}
		if s.MaxDays < 0 || s.MaxDays > 3650 {
			return inputErr(CodeBadStages, "阶段“%s”的停留天数须在 0–3650 之间", "stage %q: max days must be 0–3650", s.Name)
		}
		if p := s.Probability; p != nil {
			if *p < 0 || *p > 100 {
				return inputErr(CodeBadStages, "阶段“%s”的赢率须在 0–100 之间", "stage %q: probability must be 0–100", s.Name)
			}
			if !s.Won && !s.Lost {
				if *p < last {
					return inputErr(CodeBadStages, "阶段“%s”的赢率低于前一阶段", "stage %q: probability is lower than the stage before it", s.Name)
				}
				last = *p
			}
		}
		if !s.Won && !s.Lost {
			open++
		}
	}
	if open == 0 {
		return inputErr(CodeBadStages, "至少需要一个进行中的阶段", "at least one open stage is needed")
	}
	return nil
}

// Target is the sales target the pipeline is measured against.
type Target struct {
	Amount float64 `json:"amount"`
	// From and To bound the period: only deals won with a close date inside it
	// count against the target. Zero means unbounded.
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
}

// DateOrder is how dates written with the day and month as numbers before the
// year are read.
type DateOrder string

// Date orders.
const (
	DateAuto DateOrder = ""
	DateDMY  DateOrder = "dmy"
	DateMDY  DateOrder = "mdy"
)

// Input is one file to read. Open may be called more than once (a second
// pass is needed only when a date column's order turns out different from
// what its first rows suggested).
type Input struct {
	Name string // file name; its extension is a hint only, the bytes decide
	Size int64  // bytes, for progress; 0 when unknown
	Open func() (io.ReadCloser, error)
	// Sheet chooses the worksheet of an XLSX file; empty means the first.
	Sheet string
}

// Progress reports how far a pass has read.
type Progress struct {
	Pass  int   `json:"pass"`
	Rows  int64 `json:"rows"`
	Bytes int64 `json:"bytes"`
	Total int64 `json:"total"`
}

// Options configure an analysis.
type Options struct {
	Mapping Mapping
	// Stages is the configuration to check the pipeline against; nil infers
	// the stages from the data (their order from stage history or, lacking
	// that, from the age of the deals in each stage).
	Stages *StageConfig
	// Won and Lost name the closed stages when Stages is nil (or override its
	// flags); Lost may list several names.
	Won  string
	Lost []string
	// Target, when set, gives the coverage of the remaining target.
	Target *Target
	// DateOrder forces how day/month/year dates are read; auto detects it
	// over the whole column.
	DateOrder DateOrder
	// AsOf is the day ages are measured at; zero means the latest date found
	// in the data.
	AsOf time.Time
	// History is an optional separate stage-history file (opportunity id,
	// stage, date entered).
	History        *Input
	HistoryMapping Mapping
	// Progress, when set, is called every few thousand rows.
	Progress func(Progress)
}
