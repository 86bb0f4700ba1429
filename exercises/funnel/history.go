package funnel

import (
	"errors"
	"io"
	"slices"
	"strings"
)

// histEntry is one stage a deal entered, and when.
type histEntry struct {
	stage uint8
	day   Day
}

// histDeal is one opportunity's stage history.
type histDeal struct {
	mask    uint64
	entries []histEntry
	seen    bool
}

// lastEntered returns the latest day the deal entered stage, or NoDay.
func (h *histDeal) lastEntered(stage uint8) Day {
	d := NoDay
	for _, e := range h.entries {
		if e.stage == stage && e.day > d {
			d = e.day
		}
	}
	return d
}

// readHistory reads a stage-history file (opportunity id, stage, date
// entered) into a per-deal history. It keeps a few dozen bytes per deal and
// refuses files with more than MaxHistoryDeals deals.
func (a *analyzer) readHistory(in Input) error {
	t, err := openTable(in)
	if err != nil {
		return historyErr(err)
	}
	defer t.Close()
	header, _, err := t.Next()
	if errors.Is(err, io.EOF) {
		return inputErr(CodeEmpty, "阶段历史文件是空的", "the stage-history file is empty")
	}
	if err != nil {
		return historyErr(err)
	}
	header = append([]string(nil), header...)
	if err := checkHeader(header); err != nil {
		return historyErr(err)
	}
	excel := t.Info().Format == "xlsx"
	cols, _, err := resolve(header, a.opt.HistoryMapping, HistoryFields)
	if err != nil {
		return historyErr(err)
	}
	switch {
	case !cols.has(FieldStage):
		return inputErr(CodeNoStageColumn, "阶段历史文件中找不到阶段列", "the stage-history file has no stage column")
	case !cols.has(FieldID):
		return inputErr(CodeBadMapping, "阶段历史文件中找不到商机编号列", "the stage-history file has no opportunity id column")
	case !cols.has(FieldEntered):
		return inputErr(CodeBadMapping, "阶段历史文件中找不到进入日期列", "the stage-history file has no date-entered column")
	}
	const file = "history"
	ds := &dateStat{DateColumn: DateColumn{Field: "history:" + string(FieldEntered), Column: header[cols.col(FieldEntered)]}, col: cols.col(FieldEntered)}
	// The sample settles the date order, as for the opportunities.
	var sample [][]string
	var rowNums []int
	for len(sample) < sampleRows {
		rec, row, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if ie, ok := AsInputError(err); ok {
				return historyErr(ie)
			}
			a.badRow(file, row, true, badMalformed, tf("无法读取：%v", "unreadable: %v", err))
			continue
		}
		sample = append(sample, append([]string(nil), rec...))
		rowNums = append(rowNums, row)
	}
	order := a.opt.DateOrder
	if order == DateAuto {
		var dmy, mdy int
		for _, rec := range sample {
			switch _, sh := parseDate(cols.get(rec, FieldEntered), DateDMY, excel); sh {
			case shapeDMY:
				dmy++
			case shapeMDY:
				mdy++
			}
		}
		order = DateDMY
		if mdy > dmy {
			order = DateMDY
		}
	}
	saved := a.order
	a.order = order
	defer func() { a.order = saved }()
	a.excel = excel
	a.hist = map[string]*histDeal{}
	var rows int64
	add := func(rec []string, row int) error {
		rows++
		if rows > MaxHistoryRows {
			return inputErr(CodeTooLarge, "阶段历史超过 %d 行", "the stage history has more than %d rows", MaxHistoryRows)
		}
		if emptyRecord(rec) {
			return nil
		}
		id := cols.get(rec, FieldID)
		if id == "" {
			a.badRow(file, row, true, badNoID, Text{"没有商机编号", "no opportunity id"})
			return nil
		}
		raw := cols.get(rec, FieldStage)
		if raw == "" {
			a.badRow(file, row, true, badNoStage, Text{"阶段为空", "the stage is empty"})
			return nil
		}
		si := a.stageOf(raw)
		if si < 0 {
			a.badRow(file, row, true, badUnknownStage, tf("未知阶段“%s”", "unknown stage %q", raw))
			return nil
		}
		v := cols.get(rec, FieldEntered)
		if v == "" {
			a.badRow(file, row, true, badDate, Text{"没有进入日期", "no date entered"})
			return nil
		}
		day, why := a.date(ds, v)
		if why != nil {
			a.badRow(file, row, true, badDate, *why)
			return nil
		}
		h := a.hist[id]
		if h == nil {
			if len(a.hist) >= MaxHistoryDeals {
				return inputErr(CodeTooLarge, "阶段历史涉及超过 %d 个商机", "the stage history covers more than %d opportunities", MaxHistoryDeals)
			}
			h = &histDeal{}
			a.hist[strings.Clone(id)] = h
		}
		h.mask |= 1 << uint(si)
		h.entries = append(h.entries, histEntry{stage: uint8(si), day: day})
		return nil
	}
	for i, rec := range sample {
		if err := add(rec, rowNums[i]); err != nil {
			return err
		}
	}
	for {
		rec, row, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if ie, ok := AsInputError(err); ok {
				return historyErr(ie)
			}
			a.badRow(file, row, true, badMalformed, tf("无法读取：%v", "unreadable: %v", err))
			continue
		}
		if err := add(rec, row); err != nil {
			return err
		}
	}
	for _, h := range a.hist {
		a.rankEntries(h.entries)
	}
	a.histClosed = a.closedMask()
	info := *t.Info()
	info.Rows = rows
	a.histInfo = &info
	a.histDates = &ds.DateColumn
	ds.Order = string(order)
	return nil
}

func historyErr(err error) error {
	if ie, ok := AsInputError(err); ok {
		return &InputError{Code: ie.Code, Message: Text{ZH: "阶段历史文件：" + ie.Message.ZH, EN: "stage-history file: " + ie.Message.EN}}
	}
	return err
}

// rankEntries adds one deal's history to each stage's mean position, from
// which the stage order is inferred when no configuration gives it.
func (a *analyzer) rankEntries(entries []histEntry) {
	if len(entries) < 2 {
		return
	}
	slices.SortStableFunc(entries, func(x, y histEntry) int { return int(x.day) - int(y.day) })
	n := float64(len(entries) - 1)
	for i, e := range entries {
		s := a.stages[e.stage]
		s.rankSum += float64(i) / n
		s.rankN++
	}
}
