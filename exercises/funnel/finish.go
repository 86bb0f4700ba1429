package funnel

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

func ptr(f float64) *float64 { return &f }

// round2 rounds to cents (or to two decimals of a rate's percent).
func round2(f float64) float64 { return math.Round(f*100) / 100 }

func ratio(num, den int64) *float64 {
	if den == 0 {
		return nil
	}
	return ptr(math.Round(float64(num)/float64(den)*10000) / 10000)
}

// order returns the open stages in funnel order, then the won and the lost
// stages, and says where the order came from.
func (a *analyzer) orderStages() (open, closed []int, source string) {
	for i, s := range a.stages {
		if s.Won || s.Lost {
			closed = append(closed, i)
		} else {
			open = append(open, i)
		}
	}
	slices.SortStableFunc(closed, func(x, y int) int {
		// won before lost, then configuration order
		wx, wy := a.stages[x].Won, a.stages[y].Won
		switch {
		case wx && !wy:
			return -1
		case wy && !wx:
			return 1
		}
		return x - y
	})
	if a.strict {
		src := "config"
		if a.opt.Stages != nil && a.opt.Stages.Source != "" {
			src = a.opt.Stages.Source
		}
		return open, closed, src
	}
	ranked := 0
	for _, i := range open {
		if a.stages[i].rankN > 0 {
			ranked++
		}
	}
	if ranked > 0 && ranked*2 >= len(open) {
		// Stage history: the mean position of each stage in the deals'
		// histories. Stages without history go by age, after.
		slices.SortStableFunc(open, func(x, y int) int {
			sx, sy := a.stages[x], a.stages[y]
			switch {
			case sx.rankN > 0 && sy.rankN == 0:
				return -1
			case sx.rankN == 0 && sy.rankN > 0:
				return 1
			case sx.rankN > 0:
				return cmp.Compare(sx.rankSum/float64(sx.rankN), sy.rankSum/float64(sy.rankN))
			}
			return a.byAge(x, y)
		})
		return open, closed, "history"
	}
	slices.SortStableFunc(open, a.byAge)
	return open, closed, "age"
}

// byAge orders stages by the mean creation day of their open deals, newest
// first: deals further along the funnel were created longer ago.
func (a *analyzer) byAge(x, y int) int {
	sx, sy := a.stages[x], a.stages[y]
	switch {
	case sx.openCreatedN > 0 && sy.openCreatedN == 0:
		return -1
	case sx.openCreatedN == 0 && sy.openCreatedN > 0:
		return 1
	case sx.openCreatedN > 0:
		mx := float64(sx.openCreatedSum) / float64(sx.openCreatedN)
		my := float64(sy.openCreatedSum) / float64(sy.openCreatedN)
		return cmp.Compare(my, mx)
	}
	return cmp.Compare(sy.open, sx.open)
}

// finish turns the aggregates into the result.
func (a *analyzer) finish() *Result {
	r := &Result{
		Opportunities: a.total, Won: a.won, Lost: a.lost, Open: a.open,
		WonAmount: a.wonAmount.Float(), LostAmount: a.lostAmount.Float(), Pipeline: a.openAmount.Float(),
		MissingAmounts: a.missingAmount, BadRowsTotal: a.badTotal, SkippedRows: a.skipped,
		Limits: []Note{}, Warnings: []Note{}, Stuck: []StuckDeal{}, Owners: []OwnerResult{}, Periods: []PeriodResult{},
		UnknownStages: []ValueCount{}, BadRows: a.bad, Dates: []DateColumn{},
		Mapping: map[Field]string{}, Matched: a.how,
	}
	if r.BadRows == nil {
		r.BadRows = []BadRow{}
	}
	r.Source = *a.info
	r.Source.Rows = a.rows
	r.History = a.histInfo
	for _, f := range allFields {
		if i := a.cols.col(f); i >= 0 {
			r.Mapping[f] = a.header[i]
		}
	}
	if len(a.stageCols) > 0 {
		r.HistoryColumns = map[string]string{}
		for i, col := range a.stageCols {
			r.HistoryColumns[a.stages[i].Name] = a.header[col]
		}
	}
	asOf, asOfSource := a.asOfDay()
	r.AsOf, r.AsOfSource = asOf.String(), asOfSource

	open, closed, orderSource := a.orderStages()
	r.StageOrder = orderSource
	switch {
	case a.withHistory == 0:
		r.ConversionSource = "current_stage"
	case a.noHistory == 0:
		r.ConversionSource = "history"
	default:
		r.ConversionSource = "mixed"
	}

	// Reached, closed-reached and won-reached per open stage, from each
	// deal's set of stages: a deal passed every stage before the furthest
	// one it is known to have entered; a won deal passed them all.
	pos := make([]int, len(a.stages))
	for i := range pos {
		pos[i] = -1
	}
	for p, i := range open {
		pos[i] = p
	}
	n := len(open)
	reached := make([]int64, n)
	closedReached := make([]int64, n)
	wonReached := make([]int64, n)
	lostAt := make([]int64, n)
	var lostUnknown int64
	for k, cnt := range a.masks {
		far := -1
		for m := k.mask; m != 0; m &= m - 1 {
			i := trailingZeros(m)
			if i < len(pos) && pos[i] > far {
				far = pos[i]
			}
		}
		switch k.status {
		case StatusWon:
			for p := 0; p < n; p++ {
				reached[p] += cnt
				closedReached[p] += cnt
				wonReached[p] += cnt
			}
		case StatusLost:
			if far < 0 {
				lostUnknown += cnt
				far = 0
			} else {
				lostAt[far] += cnt
			}
			for p := 0; p <= far && p < n; p++ {
				reached[p] += cnt
				closedReached[p] += cnt
			}
		default:
			for p := 0; p <= far && p < n; p++ {
				reached[p] += cnt
			}
		}
	}

	// Probabilities: the configured one, else the empirical one.
	used := make([]*float64, len(a.stages))
	anyEmpirical := false
	for p, i := range open {
		s := a.stages[i]
		if s.Probability != nil {
			used[i] = s.Probability
		} else if closedReached[p] > 0 {
			used[i] = ptr(round2(float64(wonReached[p]) / float64(closedReached[p]) * 100))
			anyEmpirical = true
		}
	}
	weight := func(m Money, i int) float64 {
		if used[i] == nil {
			return 0
		}
		return m.Float() * *used[i] / 100
	}

	// Stuck deals and ages.
	var stuck []StuckDeal
	cum := 0
	for p, i := range open {
		s := a.stages[i]
		cum += s.MaxDays
		sr := StageResult{Name: s.Name, Rows: s.rows, Reached: reached[p], Open: s.open, OpenAmount: s.openAmount.Float(),
			LostHere: lostAt[p], Probability: s.Probability, ClosedReached: closedReached[p], ProbabilityUsed: used[i],
			MaxDays: s.MaxDays}
		sr.Weighted = round2(weight(s.openAmount, i))
		r.WeightedPipeline += weight(s.openAmount, i)
		if closedReached[p] > 0 {
			sr.Empirical = ptr(round2(float64(wonReached[p]) / float64(closedReached[p]) * 100))
		}
		next := a.won
		if p+1 < n {
			next = reached[p+1]
		}
		sr.Conversion = ratio(next, reached[p])
		if n > 0 {
			sr.FromStart = ratio(reached[p], reached[0])
		}
		if s.ageN > 0 {
			sr.AvgAgeDays = ptr(round2(float64(int64(asOf)*s.ageN-s.ageSum) / float64(s.ageN)))
		}
		if s.MaxDays > 0 {
			limitEntered := asOf - Day(s.MaxDays)
			limitCreated := asOf - Day(cum)
			for d, c := range s.entered {
				if d < limitEntered {
					sr.Stuck += int64(c)
				}
			}
			for d, c := range s.createdOnly {
				if d < limitCreated {
					sr.Stuck += int64(c)
				}
			}
			for _, c := range s.oldest {
				max := s.MaxDays
				limit := limitEntered
				if !c.byEntered {
					max, limit = cum, limitCreated
				}
				if c.day >= limit {
					continue
				}
				sd := StuckDeal{Row: c.row, ID: c.id, Name: c.name, Owner: c.owner, Stage: s.Name, Since: c.day.String(),
					Basis: "entered", Days: int(asOf - c.day), MaxDays: max}
				if !c.byEntered {
					sd.Basis = "created"
				}
				sd.DaysOver = sd.Days - max
				if c.hasAmount {
					sd.Amount = ptr(c.amount.Float())
				}
				stuck = append(stuck, sd)
			}
		}
		r.StuckTotal += sr.Stuck
		r.Stages = append(r.Stages, sr)
	}
	r.WeightedPipeline = round2(r.WeightedPipeline)
	for _, i := range closed {
		s := a.stages[i]
		sr := StageResult{Name: s.Name, Rows: s.rows, Won: s.Won, Lost: s.Lost, Probability: s.Probability}
		switch {
		case s.Won:
			sr.Reached = s.wonHere
		case s.Lost:
			sr.Reached = s.lostHere
		}
		r.Stages = append(r.Stages, sr)
	}
	// Deals won or lost while the export still shows an open stage count
	// towards the first closed stage of their kind.
	if first := firstClosed(r.Stages, true); first >= 0 {
		r.Stages[first].Reached = a.won - sumOther(r.Stages, first, true)
	}
	if first := firstClosed(r.Stages, false); first >= 0 {
		r.Stages[first].Reached = a.lost - sumOther(r.Stages, first, false)
	}
	slices.SortStableFunc(stuck, func(x, y StuckDeal) int {
		if x.DaysOver != y.DaysOver {
			return y.DaysOver - x.DaysOver
		}
		return x.Row - y.Row
	})
	if len(stuck) > MaxStuckShown {
		stuck = stuck[:MaxStuckShown]
	}
	if stuck != nil {
		r.Stuck = stuck
	}

	// Biggest leak: the open transition with the lowest conversion.
	for p := 0; p < n; p++ {
		c := r.Stages[p].Conversion
		if c == nil {
			continue
		}
		to := "won"
		var next int64 = a.won
		if p+1 < n {
			to, next = r.Stages[p+1].Name, reached[p+1]
		} else if w := firstClosed(r.Stages, true); w >= 0 {
			to = r.Stages[w].Name
		}
		if r.BiggestLeak == nil || *c < r.BiggestLeak.Conversion {
			r.BiggestLeak = &Leak{From: r.Stages[p].Name, To: to, Conversion: *c, Lost: reached[p] - next}
		}
	}

	// Rates, cycle, velocity.
	r.WinRate = ratio(a.won, a.won+a.lost)
	if a.wonAmount+a.lostAmount > 0 {
		r.WinRateByAmount = ptr(math.Round(float64(a.wonAmount)/float64(a.wonAmount+a.lostAmount)*10000) / 10000)
	}
	if a.wonAmountN > 0 {
		r.AvgWonAmount = ptr(round2(a.wonAmount.Float() / float64(a.wonAmountN)))
	}
	if a.cycleN > 0 {
		r.AvgCycleDays = ptr(round2(float64(a.cycleSum) / float64(a.cycleN)))
		r.MedianCycleDays = ptr(median(a.cycleHist, a.cycleN))
	}
	r.Velocity = Velocity{Opportunities: a.open, AvgWonAmount: r.AvgWonAmount, WinRate: r.WinRate, AvgCycleDays: r.AvgCycleDays}
	if r.AvgWonAmount != nil && r.WinRate != nil && r.AvgCycleDays != nil && *r.AvgCycleDays > 0 {
		v := float64(a.open) * *r.AvgWonAmount * *r.WinRate / *r.AvgCycleDays
		r.VelocityPerDay = ptr(round2(v))
		r.Velocity.PerDay = r.VelocityPerDay
	}
	if t := a.opt.Target; t != nil {
		tr := &TargetResult{Amount: round2(t.Amount), Won: a.targetWon.Float()}
		if !t.From.IsZero() {
			tr.From = DayOf(t.From).String()
		}
		if !t.To.IsZero() {
			tr.To = DayOf(t.To).String()
		}
		tr.Remaining = round2(math.Max(0, t.Amount-tr.Won))
		if tr.Remaining > 0 {
			tr.Coverage = ptr(math.Round(r.Pipeline/tr.Remaining*100) / 100)
			tr.WeightedCoverage = ptr(math.Round(r.WeightedPipeline/tr.Remaining*100) / 100)
		}
		r.Target = tr
	}

	// Owners and periods.
	for name, o := range a.owners {
		or := OwnerResult{Owner: name, Opportunities: o.deals, Open: o.open, Won: o.won, Lost: o.lost,
			WinRate: ratio(o.won, o.won+o.lost), WonAmount: o.wonAmount.Float(), Pipeline: o.openAmount.Float()}
		w := 0.0
		for _, i := range open {
			w += weight(o.openByStage[i], i)
		}
		or.Weighted = round2(w)
		if o.cycleN > 0 {
			or.AvgCycleDays = ptr(round2(float64(o.cycleSum) / float64(o.cycleN)))
		}
		if o.wonAmountN > 0 {
			or.AvgWonAmount = ptr(round2(o.wonAmount.Float() / float64(o.wonAmountN)))
		}
		r.Owners = append(r.Owners, or)
	}
	slices.SortFunc(r.Owners, func(x, y OwnerResult) int {
		if c := cmp.Compare(y.WonAmount, x.WonAmount); c != 0 {
			return c
		}
		if c := cmp.Compare(y.Pipeline, x.Pipeline); c != 0 {
			return c
		}
		return strings.Compare(x.Owner, y.Owner)
	})
	r.OwnersOmitted = a.ownersOmitted
	keys := make([]int32, 0, len(a.periods))
	for k := range a.periods {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		p := a.periods[k]
		r.Periods = append(r.Periods, PeriodResult{Period: periodName(k), Created: p.created, CreatedAmount: p.createdAmount.Float(),
			Won: p.won, WonAmount: p.wonAmount.Float(), Lost: p.lost})
	}

	// Unknown stages, reasons, dates.
	for v, c := range a.unknown {
		r.UnknownStages = append(r.UnknownStages, ValueCount{Value: v, Rows: c})
	}
	slices.SortFunc(r.UnknownStages, func(x, y ValueCount) int {
		if x.Rows != y.Rows {
			return cmp.Compare(y.Rows, x.Rows)
		}
		return strings.Compare(x.Value, y.Value)
	})
	if a.unknownOther > 0 {
		r.UnknownStages = append(r.UnknownStages, ValueCount{Value: "…", Rows: a.unknownOther})
	}
	for _, rc := range a.reasons {
		r.BadRowReasons = append(r.BadRowReasons, *rc)
	}
	slices.SortFunc(r.BadRowReasons, func(x, y ReasonCount) int {
		if x.Rows != y.Rows {
			return cmp.Compare(y.Rows, x.Rows)
		}
		return strings.Compare(x.Code, y.Code)
	})
	if r.BadRowReasons == nil {
		r.BadRowReasons = []ReasonCount{}
	}
	for _, d := range a.allDates() {
		r.Dates = append(r.Dates, a.dateReport(d.DateColumn))
	}
	if a.histDates != nil {
		r.Dates = append(r.Dates, a.dateReport(*a.histDates))
	}

	r.Shape = diagnose(r.Stages[:n], reached)
	a.notes(r, lostUnknown, anyEmpirical, orderSource)
	return r
}

func firstClosed(stages []StageResult, won bool) int {
	for i, s := range stages {
		if won && s.Won || !won && s.Lost {
			return i
		}
	}
	return -1
}

func sumOther(stages []StageResult, skip int, won bool) int64 {
	var n int64
	for i, s := range stages {
		if i != skip && (won && s.Won || !won && s.Lost) {
			n += s.Reached
		}
	}
	return n
}

func trailingZeros(m uint64) int {
	n := 0
	for m&1 == 0 {
		m >>= 1
		n++
	}
	return n
}

func median(hist map[int32]int64, n int64) float64 {
	keys := make([]int32, 0, len(hist))
	for k := range hist {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// the mean of the two middle values when n is even
	lo, hi := (n-1)/2, n/2
	var seen int64
	var vlo, vhi float64
	gotLo := false
	for _, k := range keys {
		seen += hist[k]
		if !gotLo && seen > lo {
			vlo, gotLo = float64(k), true
		}
		if seen > hi {
			vhi = float64(k)
			break
		}
	}
	return (vlo + vhi) / 2
}

func periodName(k int32) string {
	y, m := int(k)/12, int(k)%12+1
	return itoa4(y) + "-" + string([]byte{byte('0' + m/10), byte('0' + m%10)})
}

func itoa4(y int) string {
	return string([]byte{byte('0' + y/1000%10), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10)})
}

// dateReport adds the order used and, for a column whose day/month order
// rests on no evidence, a note calling the ambiguity out.
func (a *analyzer) dateReport(d DateColumn) DateColumn {
	if d.Ambiguous+d.DMYOnly+d.MDYOnly > 0 && d.Order == "" {
		d.Order = string(a.order)
	}
	switch {
	case d.Ambiguous > 0 && d.DMYOnly == 0 && d.MDYOnly == 0:
		o := orderName(DateOrder(d.Order))
		d.Note = &Text{
			ZH: "“" + d.Column + "”中有 " + itoa(int(d.Ambiguous)) + " 个日期（如 03/04/2026）两种读法都成立，且没有一个能定下顺序：已按" + o.ZH + "读取；若应为另一种，请在映射中指定日期顺序。",
			EN: "“" + d.Column + "” has " + itoa(int(d.Ambiguous)) + " dates (like 03/04/2026) that read validly both ways, and none that settles the order: they were read as " + o.EN + "; if that is wrong, choose the date order in the mapping.",
		}
	case d.DMYOnly > 0 && d.MDYOnly > 0:
		d.Note = &Text{
			ZH: "“" + d.Column + "”混用了 日/月/年（" + itoa(int(d.DMYOnly)) + " 个）与 月/日/年（" + itoa(int(d.MDYOnly)) + " 个）：不符合所用顺序的行已跳过并列出。",
			EN: "“" + d.Column + "” mixes day/month/year (" + itoa(int(d.DMYOnly)) + ") and month/day/year (" + itoa(int(d.MDYOnly)) + ") dates: rows that do not fit the order used are skipped and listed.",
		}
	}
	return d
}

// notes states the limits of the analysis and warnings about the data.
func (a *analyzer) notes(r *Result, lostUnknown int64, anyEmpirical bool, orderSource string) {
	limit := func(code, zh, en string) { r.Limits = append(r.Limits, Note{Code: code, Text: Text{zh, en}}) }
	warn := func(code, zh, en string) { r.Warnings = append(r.Warnings, Note{Code: code, Text: Text{zh, en}}) }
	switch r.ConversionSource {
	case "current_stage":
		limit("conversion_inferred",
			"没有阶段历史：转化率按当前阶段推算——处于第 k 阶段的商机视为已经过前面各阶段。跳过、退回的阶段和输单前走到哪一步都看不出来。",
			"No stage history: conversion is inferred from the current stage — a deal at stage k is taken to have passed every earlier stage. Skipped or repeated stages, and how far lost deals got, cannot be seen.")
	case "mixed":
		limit("conversion_mixed",
			itoa(int(a.noHistory))+" 个商机没有阶段历史，它们的转化按当前阶段推算；其余 "+itoa(int(a.withHistory))+" 个按阶段历史。",
			itoa(int(a.noHistory))+" deals have no stage history and are counted from their current stage; the other "+itoa(int(a.withHistory))+" from their history.")
	}
	if lostUnknown > 0 {
		limit("lost_stage_unknown",
			itoa(int(lostUnknown))+" 个输单商机没有记录丢在哪个阶段，只计入第一阶段的到达数；后面各阶段的实际赢率因此偏高。",
			itoa(int(lostUnknown))+" lost deals do not say at which stage they were lost; they count as reaching the first stage only, so later stages' empirical win rates read high.")
	}
	if r.Open > 0 {
		limit("open_not_converted",
			"进行中的商机还没有走完：它们在所处阶段计为“尚未转化”，转化率会随它们推进而上升。",
			"Open deals have not finished: they count as not (yet) converted from the stage they are in, so conversion rises as they move on.")
	}
	switch orderSource {
	case "age":
		limit("order_by_age",
			"没有配置阶段，也没有阶段历史：阶段顺序按各阶段进行中商机的平均创建日期推断（越早创建越靠后）。请用阶段配置确认。",
			"No stage configuration and no stage history: the stage order is inferred from the mean creation date of each stage's open deals (older means further along). Confirm it with a stage configuration.")
	case "history":
		limit("order_by_history",
			"阶段顺序来自阶段历史（各阶段在商机历程中的平均位置）。",
			"The stage order comes from the stage history (each stage's mean position in the deals' histories).")
	}
	if anyEmpirical {
		limit("probability_empirical",
			"部分阶段没有配置赢率：加权管道对这些阶段使用实际赢率（到达该阶段的已关闭商机中赢单的比例）。",
			"Some stages have no configured probability: the weighted pipeline uses their empirical win rate (the share of closed deals that reached the stage which were won).")
	}
	hasLimits := false
	for _, s := range a.stages {
		if s.MaxDays > 0 {
			hasLimits = true
		}
	}
	if !hasLimits && r.Open > 0 {
		limit("no_max_days", "没有配置阶段停留天数：无法找出停滞的商机。", "No maximum days per stage are configured: stuck deals cannot be found.")
	}
	var createdBasis int64
	for _, s := range a.stages {
		for _, c := range s.createdOnly {
			createdBasis += int64(c)
		}
	}
	if createdBasis > 0 && hasLimits {
		limit("age_from_created",
			itoa(int(createdBasis))+" 个进行中商机没有进入当前阶段的日期：停留时间从创建日期算起，并与此前各阶段停留天数之和比较。",
			itoa(int(createdBasis))+" open deals have no date for entering their stage: their age counts from creation and is compared with the sum of the day limits up to their stage.")
	}
	if !a.cols.has(FieldAmount) {
		limit("no_amount", "没有金额列：金额、加权管道、覆盖率和销售速度无法计算。", "No amount column: amounts, weighted pipeline, coverage and velocity cannot be computed.")
	}
	if !a.cols.has(FieldCreated) {
		limit("no_created", "没有创建日期列：销售周期、速度、按月分布和停留时间无法计算。", "No created-date column: cycle time, velocity, months and ages cannot be computed.")
	} else if !a.cols.has(FieldClosed) {
		limit("no_closed", "没有关闭日期列：销售周期和速度无法计算。", "No close-date column: cycle time and velocity cannot be computed.")
	}
	if !a.cols.has(FieldOwner) {
		limit("no_owner", "没有负责人列：无法按负责人比较。", "No owner column: owners cannot be compared.")
	}
	switch r.AsOfSource {
	case "data":
		limit("as_of_data", "停留时间以数据中最晚的日期 "+r.AsOf+" 为“今天”计算。", "Ages are measured at "+r.AsOf+", the latest date in the data.")
	}
	if a.missingAmount > 0 {
		warn("missing_amounts", itoa(int(a.missingAmount))+" 个商机没有可用金额：计入数量，不计入金额。", itoa(int(a.missingAmount))+" deals have no usable amount: counted, but not in amounts.")
	}
	if a.wonNoClose > 0 && a.cols.has(FieldClosed) {
		warn("won_without_close", itoa(int(a.wonNoClose))+" 个赢单商机没有关闭日期：不计入销售周期。", itoa(int(a.wonNoClose))+" won deals have no close date: left out of the cycle time.")
	}
	if a.emptyRows > 0 {
		warn("empty_rows", itoa(int(a.emptyRows))+" 个空行已略过。", itoa(int(a.emptyRows))+" empty rows were passed over.")
	}
	if r.Source.InvalidText > 0 {
		warn("invalid_text", itoa(int(r.Source.InvalidText))+" 处文字既不是 UTF-8 也不是 GBK（文件混用了编码），显示为 �。", itoa(int(r.Source.InvalidText))+" byte sequences are neither UTF-8 nor GBK (the file mixes encodings); they show as �.")
	}
	if a.hist != nil {
		if un := int64(len(a.hist)) - a.historyMatched; un > 0 {
			warn("history_unmatched", itoa(int(un))+" 个商机只出现在阶段历史中，不在商机表里：已忽略。", itoa(int(un))+" deals appear only in the stage history, not in the opportunities: ignored.")
		}
	}
	if a.ownersOmitted > 0 {
		warn("too_many_owners", "负责人超过 "+itoa(MaxOwners)+" 位：其余合并为“…”。", "More than "+itoa(MaxOwners)+" owners: the rest are grouped as “…”.")
	}
	for _, d := range r.Dates {
		if d.Note != nil {
			r.Warnings = append(r.Warnings, Note{Code: "date_order", Text: *d.Note})
		}
	}
	if a.badTotal > int64(len(a.bad)) {
		warn("bad_rows_truncated", "有问题的行共 "+itoa(int(a.badTotal))+" 行，只列出前 "+itoa(len(a.bad))+" 行；各类原因的行数是完整的。",
			itoa(int(a.badTotal))+" rows have problems; the first "+itoa(len(a.bad))+" are listed, and the counts by reason are complete.")
	}
}
