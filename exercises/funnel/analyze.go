package funnel

import (
	"container/heap"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// sampleRows is how many rows are read before the rest is streamed: they
// settle the date order and the per-stage date columns.
const sampleRows = 1000

// maxDiscovered bounds the distinct stages found in data without a
// configuration (they are tracked in a 64-bit set per deal).
const maxDiscovered = 64

// Analyze reads the opportunity export in and reviews the pipeline.
func Analyze(in Input, opt Options) (*Result, error) {
	if opt.Stages != nil {
		if err := opt.Stages.Validate(); err != nil {
			return nil, err
		}
	}
	if opt.DateOrder != DateAuto && opt.DateOrder != DateDMY && opt.DateOrder != DateMDY {
		return nil, inputErr(CodeBadOption, "日期顺序须为 dmy 或 mdy", "the date order must be dmy or mdy")
	}
	if opt.Target != nil && opt.Target.Amount <= 0 {
		return nil, inputErr(CodeBadOption, "目标金额须大于 0", "the target amount must be above 0")
	}
	base := newAnalyzer(opt)
	if opt.History != nil {
		if err := base.readHistory(*opt.History); err != nil {
			return nil, err
		}
	}
	a := base.fork()
	if err := a.pass(in, 1); err != nil {
		return nil, err
	}
	// The date order was a guess from the first rows and the whole file says
	// otherwise: read it again the right way round.
	if opt.DateOrder == DateAuto {
		if other, rerun := a.dateRerun(); rerun {
			b := base.fork()
			b.order, b.orderDecided = other, true
			if err := b.pass(in, 2); err != nil {
				return nil, err
			}
			a = b
		}
	}
	if a.total == 0 {
		if a.badTotal > 0 {
			return nil, &InputError{Code: CodeNoRows, Message: Text{
				ZH: fmt.Sprintf("没有一行可用：%d 行全部有问题（例如第 %d 行：%s)", a.badTotal, a.bad[0].Row, a.bad[0].Reason.ZH),
				EN: fmt.Sprintf("no usable row: all %d rows have problems (row %d, for one: %s)", a.badTotal, a.bad[0].Row, a.bad[0].Reason.EN)}}
		}
		return nil, inputErr(CodeEmpty, "文件只有表头，没有数据行", "the file has a header but no rows")
	}
	return a.finish(), nil
}

// stageInfo is one stage and what the pass gathered about it.
type stageInfo struct {
	Stage
	key        string
	configured bool

	open           int64
	openAmount     Money
	openCreatedSum int64
	openCreatedN   int64
	ageSum         int64 // sum of the basis days of open deals
	ageN           int64
	entered        map[Day]int32 // open deals by the day they entered the stage
	createdOnly    map[Day]int32 // open deals with only a creation day
	oldest         candHeap
	rows           int64 // rows naming this stage
	wonHere        int64 // deals sitting in this closed stage
	lostHere       int64
	rankSum        float64 // mean position in stage histories, for ordering
	rankN          int64
}

type maskKey struct {
	mask   uint64
	status Status
}

type ownerAgg struct {
	deals, open, won, lost int64
	wonAmount, openAmount  Money
	wonAmountN             int64
	openByStage            [maxDiscovered]Money
	cycleSum, cycleN       int64
}

type periodAgg struct {
	created       int64
	createdAmount Money
	won, lost     int64
	wonAmount     Money
}

type dateStat struct {
	DateColumn
	col int
}

type analyzer struct {
	opt    Options
	strict bool

	stages []*stageInfo
	byKey  map[string]int
	byRaw  map[string]int

	// history, shared by every pass
	hist     map[string]*histDeal
	histInfo *SourceInfo

	// per pass
	info          *SourceInfo
	cols          columns
	how           map[Field]string
	header        []string
	excel         bool
	scale         int64
	order         DateOrder
	orderDecided  bool
	dates         map[Field]*dateStat
	stageCols     map[int]int // stage index → per-stage date column
	stageColOrder []int       // the keys of stageCols, in column order
	stageDates    map[int]*dateStat

	masks                   map[maskKey]int64
	withHistory, noHistory  int64
	total, won, lost, open  int64
	wonAmount, lostAmount   Money
	openAmount              Money
	wonAmountN, lostAmountN int64
	cycleSum, cycleN        int64
	cycleHist               map[int32]int64
	missingAmount           int64
	wonNoClose              int64
	emptyRows               int64
	maxDay                  Day
	owners                  map[string]*ownerAgg
	ownersOmitted           int64
	periods                 map[int32]*periodAgg
	targetWon               Money
	unknown                 map[string]int64
	unknownOther            int64
	bad                     []BadRow
	badTotal, skipped       int64
	reasons                 map[string]*ReasonCount
	historyMatched          int64
	histDates               *DateColumn
	histClosed              uint64 // closed stages among the history's
	rows                    int64
	inSize                  int64
}

func newAnalyzer(opt Options) *analyzer {
	a := &analyzer{opt: opt, byKey: map[string]int{}, byRaw: map[string]int{}, reasons: map[string]*ReasonCount{}, maxDay: NoDay}
	if opt.Stages != nil {
		a.strict = true
		for _, s := range opt.Stages.Stages {
			a.addStage(s, true)
		}
	}
	if opt.Won != "" {
		a.markClosed(opt.Won, true)
	}
	for _, l := range opt.Lost {
		a.markClosed(l, false)
	}
	return a
}

// markClosed flags the stage called name as won or lost, adding it when the
// configuration lacks it.
func (a *analyzer) markClosed(name string, won bool) {
	if i, ok := a.byKey[normKey(name)]; ok {
		a.stages[i].Won, a.stages[i].Lost = won, !won
		return
	}
	a.addStage(Stage{Name: name, Won: won, Lost: !won}, a.strict)
}

func (a *analyzer) addStage(s Stage, configured bool) int {
	i := len(a.stages)
	si := &stageInfo{Stage: s, key: normKey(s.Name), configured: configured}
	if !configured {
		switch {
		case containsKey(wonStageWords, si.key):
			si.Won = true
		case containsKey(lostStageWords, si.key):
			si.Lost = true
		}
	}
	a.stages = append(a.stages, si)
	a.byKey[si.key] = i
	for _, al := range s.Aliases {
		a.byKey[normKey(al)] = i
	}
	return i
}

func containsKey(list []string, k string) bool {
	for _, w := range list {
		if w == k {
			return true
		}
	}
	return false
}

// fork starts a pass: the stages (names, flags, history ranks) and the
// history carry over, the per-pass figures start empty.
func (a *analyzer) fork() *analyzer {
	b := &analyzer{opt: a.opt, strict: a.strict, byKey: map[string]int{}, byRaw: map[string]int{},
		hist: a.hist, histInfo: a.histInfo, histClosed: a.histClosed, histDates: a.histDates, reasons: map[string]*ReasonCount{}}
	for _, r := range a.reasons {
		rc := *r
		b.reasons[r.Code] = &rc
	}
	b.bad = append(b.bad, a.bad...)
	b.badTotal, b.skipped = a.badTotal, a.skipped
	for k, v := range a.byKey {
		b.byKey[k] = v
	}
	for _, s := range a.stages {
		c := &stageInfo{Stage: s.Stage, key: s.key, configured: s.configured, rankSum: s.rankSum, rankN: s.rankN}
		b.stages = append(b.stages, c)
	}
	b.maxDay = a.maxDay
	b.masks = map[maskKey]int64{}
	b.cycleHist = map[int32]int64{}
	b.owners = map[string]*ownerAgg{}
	b.periods = map[int32]*periodAgg{}
	b.unknown = map[string]int64{}
	b.order = a.opt.DateOrder
	b.orderDecided = a.opt.DateOrder != DateAuto
	return b
}

// stageOf finds the stage a value names: -1 unknown (configured stages
// only), -2 too many distinct stages.
func (a *analyzer) stageOf(raw string) int {
	if i, ok := a.byRaw[raw]; ok {
		return i
	}
	i, ok := a.byKey[normKey(raw)]
	if !ok {
		switch {
		case a.strict:
			i = -1
		case len(a.stages) >= maxDiscovered:
			i = -2
		default:
			i = a.addStage(Stage{Name: strings.Clone(raw)}, false)
		}
	}
	if len(a.byRaw) < 10000 {
		a.byRaw[strings.Clone(raw)] = i
	}
	return i
}

// pass reads the opportunity file once.
func (a *analyzer) pass(in Input, n int) error {
	t, err := openTable(in)
	if err != nil {
		return err
	}
	defer t.Close()
	a.inSize = in.Size
	header, _, err := t.Next()
	if errors.Is(err, io.EOF) {
		return inputErr(CodeEmpty, "文件是空的", "the file is empty")
	}
	if err != nil {
		if ie, ok := AsInputError(err); ok {
			return ie
		}
		return inputErr(CodeNoHeader, "无法读取表头：%v", "cannot read the header: %v", err)
	}
	a.header = append([]string(nil), header...)
	if err := checkHeader(a.header); err != nil {
		return err
	}
	a.excel = t.Info().Format == "xlsx"
	a.cols, a.how, err = resolve(a.header, a.opt.Mapping, Fields)
	if err != nil {
		return err
	}
	if !a.cols.has(FieldStage) {
		return noStageColumn(a.header)
	}
	a.scale = 1
	if a.cols.has(FieldAmount) {
		a.scale = amountScale(a.header[a.cols.col(FieldAmount)])
	}
	// Read a sample, settle the date order and per-stage date columns, then
	// stream the rest.
	var sample [][]string
	var sampleRowNums []int
	var pending []error
	for len(sample) < sampleRows {
		rec, row, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if ie, ok := AsInputError(err); ok {
				return ie
			}
			sample = append(sample, nil)
			sampleRowNums = append(sampleRowNums, row)
			pending = append(pending, err)
			continue
		}
		sample = append(sample, append([]string(nil), rec...))
		sampleRowNums = append(sampleRowNums, row)
		pending = append(pending, nil)
	}
	a.setupColumns(sample)
	a.info = t.Info()
	for i, rec := range sample {
		if pending[i] != nil {
			a.rowErr(sampleRowNums[i], pending[i])
			continue
		}
		a.process(rec, sampleRowNums[i])
	}
	a.report(t, n)
	for {
		rec, row, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if ie, ok := AsInputError(err); ok {
				return ie
			}
			a.rowErr(row, err)
			continue
		}
		a.process(rec, row)
		if a.rows&8191 == 0 {
			a.report(t, n)
		}
	}
	a.info = t.Info()
	a.report(t, n)
	return nil
}

func (a *analyzer) report(t table, pass int) {
	if a.opt.Progress == nil {
		return
	}
	b, total := t.Progress()
	p := Progress{Pass: pass, Rows: a.rows, Bytes: b, Total: a.inSize}
	if total > 0 {
		p.Total, p.Bytes = total, a.rows
	}
	a.opt.Progress(p)
}

func checkHeader(header []string) error {
	nonEmpty := 0
	for _, h := range header {
		if strings.TrimSpace(h) != "" {
			nonEmpty++
		}
		if len(h) > 1000 {
			return inputErr(CodeNoHeader, "第一行不像表头（有一格超过 1000 个字符）", "the first row is not a header (a cell is over 1000 characters)")
		}
	}
	if nonEmpty == 0 {
		return inputErr(CodeNoHeader, "第一行是空的：第一行应为表头", "the first row is empty: it must be the header")
	}
	return nil
}

func noStageColumn(header []string) error {
	shown := header
	if len(shown) > 12 {
		shown = shown[:12]
	}
	list := strings.Join(shown, ", ")
	return inputErr(CodeNoStageColumn, "找不到阶段列（表头：%s)：请在映射中指定哪一列是阶段", "no stage column found (header: %s): map the column that holds the stage", list)
}

// setupColumns settles what the sample can tell: the per-stage date columns
// and the date order.
func (a *analyzer) setupColumns(sample [][]string) {
	used := map[int]bool{}
	for _, f := range allFields {
		if i := a.cols.col(f); i >= 0 {
			used[i] = true
		}
	}
	// Stage names the per-stage date columns may carry: the configured ones
	// and those in the sample.
	names := map[string]string{}
	for _, s := range a.stages {
		names[s.key] = s.Name
	}
	for _, rec := range sample {
		if v := a.cols.get(rec, FieldStage); v != "" && !a.strict {
			if k := normKey(v); names[k] == "" && len(names) < maxDiscovered {
				names[k] = v
			}
		}
	}
	a.stageCols, a.stageColOrder = map[int]int{}, nil
	a.stageDates = map[int]*dateStat{}
	// In the file's column order: stages met here for the first time are
	// numbered in that order, which breaks ties of the inferred stage order
	// the same way every run (a map's order would not).
	found := historyColumns(a.header, used, names)
	byCol := make([]string, 0, len(found))
	for name := range found {
		byCol = append(byCol, name)
	}
	slices.SortFunc(byCol, func(x, y string) int { return found[x] - found[y] })
	for _, name := range byCol {
		col := found[name]
		i := a.stageOf(name)
		if i >= 0 {
			a.stageCols[i] = col
			a.stageColOrder = append(a.stageColOrder, i)
			a.stageDates[i] = &dateStat{DateColumn: DateColumn{Field: "stage:" + a.stages[i].Name, Column: a.header[col]}, col: col}
		}
	}
	a.dates = map[Field]*dateStat{}
	for _, f := range []Field{FieldCreated, FieldClosed, FieldStageEntered} {
		if a.cols.has(f) {
			a.dates[f] = &dateStat{DateColumn: DateColumn{Field: string(f), Column: a.header[a.cols.col(f)]}, col: a.cols.col(f)}
		}
	}
	if a.orderDecided {
		return
	}
	var dmy, mdy int
	count := func(v string) {
		if v == "" {
			return
		}
		switch _, sh := parseDate(v, DateDMY, a.excel); sh {
		case shapeDMY:
			dmy++
		case shapeMDY:
			mdy++
		}
	}
	for _, rec := range sample {
		for _, d := range a.dates {
			if d.col < len(rec) {
				count(strings.TrimSpace(rec[d.col]))
			}
		}
		for _, col := range a.stageCols {
			if col < len(rec) {
				count(strings.TrimSpace(rec[col]))
			}
		}
	}
	a.order = DateDMY
	if mdy > dmy {
		a.order = DateMDY
	}
	a.orderDecided = dmy+mdy > 0
}

// dateRerun reports whether the whole file contradicts the order the sample
// suggested: no value supports it and some support the other.
func (a *analyzer) dateRerun() (DateOrder, bool) {
	var dmy, mdy int64
	for _, d := range a.allDates() {
		dmy += d.DMYOnly
		mdy += d.MDYOnly
	}
	switch {
	case a.order == DateDMY && dmy == 0 && mdy > 0:
		return DateMDY, true
	case a.order == DateMDY && mdy == 0 && dmy > 0:
		return DateDMY, true
	}
	return "", false
}

func (a *analyzer) allDates() []*dateStat {
	var out []*dateStat
	for _, f := range []Field{FieldCreated, FieldClosed, FieldStageEntered} {
		if d := a.dates[f]; d != nil {
			out = append(out, d)
		}
	}
	for i := range a.stages {
		if d := a.stageDates[i]; d != nil {
			out = append(out, d)
		}
	}
	return out
}

var fieldLabel = map[Field]Text{
	FieldCreated:      {"创建日期", "created date"},
	FieldClosed:       {"关闭日期", "close date"},
	FieldStageEntered: {"阶段进入日期", "stage-entered date"},
	FieldEntered:      {"进入日期", "date entered"},
}

// date reads a date cell, counting its shape; ok is false for a value that
// is not a date (or not one in the file's day/month order).
func (a *analyzer) date(d *dateStat, v string) (Day, *Text) {
	if v == "" {
		return NoDay, nil
	}
	day, sh := parseDate(v, a.order, a.excel)
	d.Values++
	switch sh {
	case shapeXXY:
		d.Ambiguous++
	case shapeDMY:
		d.DMYOnly++
	case shapeMDY:
		d.MDYOnly++
	case shapeSerial:
		d.Serial++
	}
	if day == NoDay {
		d.Invalid++
		if sh == shapeDMY || sh == shapeMDY {
			r := Text{
				ZH: fmt.Sprintf("%s“%s”不符合本文件的日期顺序（%s)：该列混用了 日/月/年 与 月/日/年", d.Column, v, orderName(a.order).ZH),
				EN: fmt.Sprintf("%s %q does not fit the file's date order (%s): the column mixes day/month/year and month/day/year", d.Column, v, orderName(a.order).EN)}
			return NoDay, &r
		}
		r := tf("%s“%s”不是可识别的日期", "%s %q is not a date this review can read", d.Column, v)
		return NoDay, &r
	}
	if day > a.maxDay {
		a.maxDay = day
	}
	return day, nil
}

func orderName(o DateOrder) Text {
	if o == DateMDY {
		return Text{"月/日/年", "month/day/year"}
	}
	return Text{"日/月/年", "day/month/year"}
}

// Bad-row codes.
const (
	badNoStage        = "no_stage"
	badUnknownStage   = "unknown_stage"
	badTooManyStages  = "too_many_stages"
	badUnknownStatus  = "unknown_status"
	badStatusConflict = "status_conflict"
	badNoCreated      = "no_created"
	badDate           = "bad_date"
	badClosesEarly    = "closes_before_opens"
	badAmount         = "bad_amount"
	badStageDate      = "bad_stage_date"
	badMalformed      = "malformed"
	badNoID           = "no_id"
)

func (a *analyzer) badRow(file string, row int, skipped bool, code string, reason Text) {
	a.badTotal++
	if skipped {
		a.skipped++
	}
	rc := a.reasons[code]
	if rc == nil {
		rc = &ReasonCount{Code: code, Skipped: skipped}
		a.reasons[code] = rc
	}
	rc.Rows++
	if len(a.bad) < MaxBadRowsShown {
		a.bad = append(a.bad, BadRow{File: file, Row: row, Skipped: skipped, Code: code, Reason: reason})
	}
}

func (a *analyzer) rowErr(row int, err error) {
	a.rows++
	var re *rowError
	if errors.As(err, &re) {
		a.badRow("opportunities", row, true, badMalformed, re.reason)
		return
	}
	a.badRow("opportunities", row, true, badMalformed, tf("无法读取：%v", "unreadable: %v", err))
}

// process reads one data row into the aggregates.
func (a *analyzer) process(rec []string, row int) {
	a.rows++
	if emptyRecord(rec) {
		a.emptyRows++
		return
	}
	const file = "opportunities"
	stageRaw := a.cols.get(rec, FieldStage)
	if stageRaw == "" {
		a.badRow(file, row, true, badNoStage, Text{"阶段为空", "the stage is empty"})
		return
	}
	si := a.stageOf(stageRaw)
	if si == -1 {
		if len(a.unknown) < maxDistinct {
			a.unknown[strings.Clone(stageRaw)]++
		} else if _, ok := a.unknown[stageRaw]; ok {
			a.unknown[stageRaw]++
		} else {
			a.unknownOther++
		}
		a.badRow(file, row, true, badUnknownStage, tf("未知阶段“%s”：不在配置的阶段中", "unknown stage %q: not among the configured stages", stageRaw))
		return
	}
	if si == -2 {
		a.badRow(file, row, true, badTooManyStages, tf("阶段“%s”：不同阶段超过 %d 个，请配置阶段", "stage %q: more than %d distinct stages; configure the stages", stageRaw, maxDiscovered))
		return
	}
	stage := a.stages[si]

	// Status: the status column when there is one, else the stage's flags.
	status := StatusOpen
	switch {
	case stage.Won:
		status = StatusWon
	case stage.Lost:
		status = StatusLost
	}
	if a.cols.has(FieldStatus) {
		raw := a.cols.get(rec, FieldStatus)
		st, ok := parseStatus(raw)
		if !ok {
			a.badRow(file, row, true, badUnknownStatus, tf("未知状态“%s”（应为 进行中/赢单/输单 或 open/won/lost)", "unknown status %q (expected open/won/lost or 进行中/赢单/输单）", raw))
			return
		}
		if st != StatusUnknown {
			if (stage.Won || stage.Lost) && st != status {
				a.badRow(file, row, true, badStatusConflict, tf("状态“%s”与阶段“%s”矛盾", "status %q contradicts stage %q", raw, stage.Name))
				return
			}
			status = st
		}
	}

	// Dates.
	created, closed, entered := NoDay, NoDay, NoDay
	if d := a.dates[FieldCreated]; d != nil {
		raw := ""
		if d.col < len(rec) {
			raw = strings.TrimSpace(rec[d.col])
		}
		if raw == "" {
			a.badRow(file, row, true, badNoCreated, Text{"没有创建日期", "no created date"})
			return
		}
		var why *Text
		if created, why = a.date(d, raw); why != nil {
			a.badRow(file, row, true, badDate, *why)
			return
		}
	}
	if d := a.dates[FieldClosed]; d != nil && d.col < len(rec) {
		var why *Text
		if closed, why = a.date(d, strings.TrimSpace(rec[d.col])); why != nil {
			a.badRow(file, row, true, badDate, *why)
			return
		}
	}
	if created != NoDay && closed != NoDay && closed < created {
		a.badRow(file, row, true, badClosesEarly, tf("关闭日期 %s 早于创建日期 %s：不计入分析", "closes on %s, before it opens on %s: not counted",
			closed, created))
		return
	}
	if d := a.dates[FieldStageEntered]; d != nil && d.col < len(rec) {
		var why *Text
		if entered, why = a.date(d, strings.TrimSpace(rec[d.col])); why != nil {
			a.badRow(file, row, false, badStageDate, Text{why.ZH + "；已忽略此日期", why.EN + "; the date is ignored"})
			entered = NoDay
		}
	}

	// Amount.
	amount, hasAmount := Money(0), false
	if a.cols.has(FieldAmount) {
		raw := a.cols.get(rec, FieldAmount)
		if raw == "" {
			a.missingAmount++
		} else if m, ok := parseAmount(raw, a.scale); ok {
			amount, hasAmount = m, true
		} else {
			a.missingAmount++
			a.badRow(file, row, false, badAmount, tf("金额“%s”不是有效的非负数：按无金额计入", "amount %q is not a valid non-negative number: counted without an amount", raw))
		}
	}

	// Stage history: per-stage date columns, then the history file.
	var mask uint64
	hadHistory := false
	if status != StatusWon && !stage.Won && !stage.Lost {
		mask = 1 << uint(si)
	}
	if len(a.stageCols) > 0 {
		var entries []histEntry
		for _, i := range a.stageColOrder {
			col := a.stageCols[i]
			if col >= len(rec) {
				continue
			}
			v := strings.TrimSpace(rec[col])
			day, why := a.date(a.stageDates[i], v)
			if why != nil {
				a.badRow(file, row, false, badStageDate, Text{why.ZH + "；已忽略此日期", why.EN + "; the date is ignored"})
				continue
			}
			if day == NoDay {
				continue
			}
			hadHistory = true
			if status != StatusWon && !a.stages[i].Won && !a.stages[i].Lost {
				mask |= 1 << uint(i)
			}
			if i == si && entered == NoDay {
				entered = day
			}
			entries = append(entries, histEntry{stage: uint8(i), day: day})
		}
		a.rankEntries(entries)
	}
	id := a.cols.get(rec, FieldID)
	if a.hist != nil && id != "" {
		if h := a.hist[id]; h != nil {
			hadHistory = true
			if !h.seen {
				h.seen = true
				a.historyMatched++
			}
			if status != StatusWon {
				mask |= h.mask &^ a.histClosed
			}
			if entered == NoDay {
				entered = h.lastEntered(uint8(si))
			}
		}
	}
	if hadHistory {
		a.withHistory++
	} else {
		a.noHistory++
	}
	if status == StatusWon {
		mask = 0
	}
	a.masks[maskKey{mask, status}]++

	// Counts and amounts.
	a.total++
	stage.rows++
	owner := a.ownerOf(a.cols.get(rec, FieldOwner))
	if owner != nil {
		owner.deals++
	}
	if created != NoDay {
		p := a.period(created)
		p.created++
		if hasAmount {
			p.createdAmount += amount
		}
	}
	switch status {
	case StatusWon:
		a.won++
		if hasAmount {
			a.wonAmount += amount
			a.wonAmountN++
		}
		if closed != NoDay {
			p := a.period(closed)
			p.won++
			if hasAmount {
				p.wonAmount += amount
			}
			if created != NoDay {
				days := int64(closed - created)
				a.cycleSum += days
				a.cycleN++
				a.cycleHist[int32(days)]++
				if owner != nil {
					owner.cycleSum += days
					owner.cycleN++
				}
			}
			if t := a.opt.Target; t != nil && hasAmount && (t.From.IsZero() || closed >= DayOf(t.From)) && (t.To.IsZero() || closed <= DayOf(t.To)) {
				a.targetWon += amount
			}
		} else {
			a.wonNoClose++
			if t := a.opt.Target; t != nil && hasAmount && t.From.IsZero() && t.To.IsZero() {
				a.targetWon += amount
			}
		}
		if stage.Won {
			stage.wonHere++
		}
		if owner != nil {
			owner.won++
			if hasAmount {
				owner.wonAmount += amount
				owner.wonAmountN++
			}
		}
	case StatusLost:
		a.lost++
		if hasAmount {
			a.lostAmount += amount
			a.lostAmountN++
		}
		if closed != NoDay {
			a.period(closed).lost++
		}
		if stage.Lost {
			stage.lostHere++
		}
		if owner != nil {
			owner.lost++
		}
	default:
		a.open++
		stage.open++
		if hasAmount {
			a.openAmount += amount
			stage.openAmount += amount
			if owner != nil {
				owner.openAmount += amount
				owner.openByStage[si] += amount
			}
		}
		if owner != nil {
			owner.open++
		}
		if created != NoDay {
			stage.openCreatedSum += int64(created)
			stage.openCreatedN++
		}
		basis, byEntered := entered, true
		if basis == NoDay {
			basis, byEntered = created, false
		}
		if basis != NoDay {
			stage.ageSum += int64(basis)
			stage.ageN++
			if byEntered {
				if stage.entered == nil {
					stage.entered = map[Day]int32{}
				}
				stage.entered[basis]++
			} else {
				if stage.createdOnly == nil {
					stage.createdOnly = map[Day]int32{}
				}
				stage.createdOnly[basis]++
			}
			stage.oldest.offer(cand{day: basis, byEntered: byEntered, row: row, amount: amount, hasAmount: hasAmount}, rec, &a.cols)
		}
	}
}

func emptyRecord(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

func (a *analyzer) closedMask() uint64 {
	var m uint64
	for i, s := range a.stages {
		if (s.Won || s.Lost) && i < maxDiscovered {
			m |= 1 << uint(i)
		}
	}
	return m
}

func (a *analyzer) ownerOf(name string) *ownerAgg {
	if !a.cols.has(FieldOwner) {
		return nil
	}
	if o, ok := a.owners[name]; ok {
		return o
	}
	if len(a.owners) >= MaxOwners {
		a.ownersOmitted++
		name = "…"
		if o, ok := a.owners[name]; ok {
			return o
		}
	}
	o := &ownerAgg{}
	a.owners[strings.Clone(name)] = o
	return o
}

func (a *analyzer) period(d Day) *periodAgg {
	y, m, _ := civil(d)
	k := int32(y*12 + m - 1)
	p := a.periods[k]
	if p == nil {
		p = &periodAgg{}
		a.periods[k] = p
	}
	return p
}

// cand is an open deal that may be among the oldest of its stage.
type cand struct {
	day       Day
	byEntered bool
	row       int
	id, name  string
	owner     string
	amount    Money
	hasAmount bool
}

// candHeap keeps the MaxStuckShown oldest open deals of a stage (a max-heap
// on the day, so the newest of the kept ones is dropped first).
type candHeap []cand

func (h candHeap) Len() int           { return len(h) }
func (h candHeap) Less(i, j int) bool { return h[i].day > h[j].day }
func (h candHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *candHeap) Push(x any)        { *h = append(*h, x.(cand)) }
func (h *candHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (h *candHeap) offer(c cand, rec []string, cols *columns) {
	if len(*h) >= MaxStuckShown && c.day >= (*h)[0].day {
		return
	}
	c.id = strings.Clone(cols.get(rec, FieldID))
	c.name = strings.Clone(cols.get(rec, FieldName))
	c.owner = strings.Clone(cols.get(rec, FieldOwner))
	if len(*h) < MaxStuckShown {
		heap.Push(h, c)
		return
	}
	(*h)[0] = c
	heap.Fix(h, 0)
}

// asOfDay returns the day ages are measured at.
func (a *analyzer) asOfDay() (Day, string) {
	if !a.opt.AsOf.IsZero() {
		return DayOf(a.opt.AsOf), "given"
	}
	if a.maxDay == NoDay {
		return DayOf(time.Now()), "today"
	}
	return a.maxDay, "data"
}
