package funnel

import (
	"errors"
	"io"
	"unicode/utf8"
)

// PreviewRows is how many data rows a preview shows.
const PreviewRows = 20

// maxPreviewCell bounds a previewed cell, in characters.
const maxPreviewCell = 120

// Preview is what the mapping step shows: how the file was read, its header
// and first rows, which column serves each field, and — when a stage column
// is known — the stages found in the whole file in their inferred order, as
// a starting configuration.
type Preview struct {
	Source  SourceInfo       `json:"source"`
	Header  []string         `json:"header"`
	Rows    [][]string       `json:"rows"`
	Mapping map[Field]string `json:"mapping"`
	Matched map[Field]string `json:"matched"`
	// Missing lists the fields no column serves; the stage is required.
	Missing []Field `json:"missing"`
	// Stages is the inferred configuration (order, won and lost flags) with
	// the rows per stage; empty when the stage column is not known yet.
	Stages     []PreviewStage `json:"stages"`
	StageOrder string         `json:"stage_order,omitempty"`
	Dates      []DateColumn   `json:"dates"`
	// HistoryColumns lists per-stage date columns found (stage → column).
	HistoryColumns map[string]string `json:"history_columns,omitempty"`
	// Problem says why the file cannot be analysed as mapped (for example no
	// stage column); the preview is still shown so it can be mapped.
	Problem *Note `json:"problem,omitempty"`
	// Result is the analysis with the inferred stages.
	Result *Result `json:"-"`
}

// PreviewStage is one stage value found in the file.
type PreviewStage struct {
	Name string `json:"name"`
	Rows int64  `json:"rows"`
	Won  bool   `json:"won,omitempty"`
	Lost bool   `json:"lost,omitempty"`
}

// HistoryPreview is what the mapping step shows of a stage-history file.
type HistoryPreview struct {
	Source  SourceInfo       `json:"source"`
	Header  []string         `json:"header"`
	Rows    [][]string       `json:"rows"`
	Mapping map[Field]string `json:"mapping"`
	Missing []Field          `json:"missing"`
	Problem *Note            `json:"problem,omitempty"`
}

// PreviewHistoryFile reads the head of a stage-history file: which columns
// hold the opportunity id, the stage and the date entered.
func PreviewHistoryFile(in Input, m Mapping) (*HistoryPreview, error) {
	header, rows, info, err := head(in)
	if err != nil {
		return nil, err
	}
	pv := &HistoryPreview{Source: *info, Header: clip(header), Rows: rows, Mapping: map[Field]string{}, Missing: []Field{}}
	cols, _, err := resolve(header, m, HistoryFields)
	if err != nil {
		return nil, err
	}
	for _, f := range HistoryFields {
		if cols.has(f) {
			pv.Mapping[f] = header[cols.col(f)]
		} else {
			pv.Missing = append(pv.Missing, f)
		}
	}
	if len(pv.Missing) > 0 {
		pv.Problem = &Note{Code: CodeBadMapping, Text: Text{
			ZH: "阶段历史文件需要三列：商机编号、阶段、进入日期；请在映射中指定缺少的列",
			EN: "a stage-history file needs three columns: opportunity id, stage, date entered; map the missing ones"}}
	}
	return pv, nil
}

// head reads the header and the first PreviewRows rows of in.
func head(in Input) ([]string, [][]string, *SourceInfo, error) {
	t, err := openTable(in)
	if err != nil {
		return nil, nil, nil, err
	}
	defer t.Close()
	header, _, err := t.Next()
	if errors.Is(err, io.EOF) {
		return nil, nil, nil, inputErr(CodeEmpty, "文件是空的", "the file is empty")
	}
	if err != nil {
		if ie, ok := AsInputError(err); ok {
			return nil, nil, nil, ie
		}
		return nil, nil, nil, inputErr(CodeNoHeader, "无法读取表头：%v", "cannot read the header: %v", err)
	}
	header = append([]string(nil), header...)
	if err := checkHeader(header); err != nil {
		return nil, nil, nil, err
	}
	rows := [][]string{}
	for len(rows) < PreviewRows {
		rec, _, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if ie, ok := AsInputError(err); ok {
				return nil, nil, nil, ie
			}
			continue
		}
		rows = append(rows, clip(rec))
	}
	if len(rows) == 0 {
		return nil, nil, nil, inputErr(CodeEmpty, "文件只有表头，没有数据行", "the file has a header but no rows")
	}
	return header, rows, t.Info(), nil
}

// PreviewFile reads in for the mapping step. Files that cannot be read as a
// table at all (empty, not CSV or XLSX) are refused with an InputError; a
// file that only lacks a mapping gets a preview with a Problem.
func PreviewFile(in Input, m Mapping, order DateOrder) (*Preview, error) {
	header, rows, info, err := head(in)
	if err != nil {
		return nil, err
	}
	pv := &Preview{Source: *info, Header: clip(header), Rows: rows, Stages: []PreviewStage{}, Dates: []DateColumn{}, Missing: []Field{}}
	cols, how, err := resolve(header, m, Fields)
	if err != nil {
		return nil, err
	}
	pv.Mapping, pv.Matched = map[Field]string{}, how
	for _, f := range Fields {
		if cols.has(f) {
			pv.Mapping[f] = header[cols.col(f)]
		} else {
			pv.Missing = append(pv.Missing, f)
		}
	}
	if !cols.has(FieldStage) {
		ie := noStageColumn(header).(*InputError)
		pv.Problem = &Note{Code: ie.Code, Text: ie.Message}
		pv.Source.Rows = countRows(in)
		return pv, nil
	}
	r, err := Analyze(in, Options{Mapping: m, DateOrder: order})
	if err != nil {
		ie, ok := AsInputError(err)
		if !ok {
			return nil, err
		}
		pv.Problem = &Note{Code: ie.Code, Text: ie.Message}
		return pv, nil
	}
	pv.Result = r
	pv.Source = r.Source
	for _, s := range r.Stages {
		pv.Stages = append(pv.Stages, PreviewStage{Name: s.Name, Rows: s.Rows, Won: s.Won, Lost: s.Lost})
	}
	pv.StageOrder, pv.Dates, pv.HistoryColumns = r.StageOrder, r.Dates, r.HistoryColumns
	return pv, nil
}

// clip copies a record for display, shortening long cells.
func clip(rec []string) []string {
	out := make([]string, len(rec))
	for i, v := range rec {
		if utf8.RuneCountInString(v) > maxPreviewCell {
			v = string([]rune(v)[:maxPreviewCell]) + "…"
		}
		out[i] = v
	}
	return out
}

// countRows counts the data rows of in (0 when it cannot be read).
func countRows(in Input) int64 {
	t, err := openTable(in)
	if err != nil {
		return 0
	}
	defer t.Close()
	var n int64 = -1 // the header
	for {
		_, _, err := t.Next()
		if errors.Is(err, io.EOF) {
			return max(n, 0)
		}
		if _, fatal := AsInputError(err); fatal {
			return max(n, 0)
		}
		n++
	}
}
