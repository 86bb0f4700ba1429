// Package ledger renders a pass-off round's ledger for people: an Excel
// workbook of every attempt, score and panel statistic, and printable
// certificates (HTML with a print stylesheet for A4, Chinese fonts, no
// inline script). It computes nothing itself; the numbers come from
// passoff.Ledger.
package ledger

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"playbook/exercises/passoff"
)

// Meta is what the exports say about the workshop.
type Meta struct {
	Workshop string // title
	Company  string // the client company
	Trainer  string // the trainer's name
	Lang     string // "zh-CN" or "en"
}

func (m Meta) l(zh, en string) string {
	if m.Lang == "en" {
		return en
	}
	return zh
}

// XLSX builds the ledger workbook: the attempts, every judge's scores, the
// judges' statistics, the panel's agreement with its caveats, the group
// leaderboard and the rubric.
func XLSX(l *passoff.Ledger, m Meta) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsx{f: f, l: l, m: m}
	if err := x.styles(); err != nil {
		return nil, err
	}
	for _, step := range []func() error{x.attempts, x.scores, x.judges, x.agreement, x.leaderboard, x.rubric} {
		if err := step(); err != nil {
			return nil, fmt.Errorf("ledger: workbook: %w", err)
		}
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{Title: m.Workshop + " — " + m.l("通关台账", "pass-off ledger"),
		Creator: "Playbook", Language: m.Lang}); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type xlsx struct {
	f                     *excelize.File
	l                     *passoff.Ledger
	m                     Meta
	header, pct, num, bad int
}

func (x *xlsx) styles() error {
	var err error
	font := &excelize.Font{Family: "Microsoft YaHei", Size: 10}
	if x.header, err = x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Microsoft YaHei", Size: 10, Bold: true, Color: "FFFFFF"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}); err != nil {
		return err
	}
	if x.pct, err = x.f.NewStyle(&excelize.Style{Font: font, NumFmt: 10}); err != nil { // 0.00%
		return err
	}
	if x.num, err = x.f.NewStyle(&excelize.Style{Font: font, NumFmt: 2}); err != nil { // 0.00
		return err
	}
	x.bad, err = x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Microsoft YaHei", Size: 10, Color: "C00000"}})
	return err
}

// sheet starts a sheet with a header row and returns its name.
func (x *xlsx) sheet(name string, headers []string, widths []float64) (string, error) {
	if _, err := x.f.NewSheet(name); err != nil {
		return "", err
	}
	for i, h := range headers {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := x.f.SetCellValue(name, cell, h); err != nil {
			return "", err
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		w := 14.0
		if i < len(widths) {
			w = widths[i]
		}
		if err := x.f.SetColWidth(name, col, col, w); err != nil {
			return "", err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(headers), 1)
	if err := x.f.SetCellStyle(name, "A1", last, x.header); err != nil {
		return "", err
	}
	return name, x.f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

func (x *xlsx) row(sheet string, r int, vals ...any) error {
	cell, _ := excelize.CoordinatesToCellName(1, r)
	return x.f.SetSheetRow(sheet, cell, &vals)
}

func (x *xlsx) style(sheet string, col, r, style int) error {
	cell, _ := excelize.CoordinatesToCellName(col, r)
	return x.f.SetCellStyle(sheet, cell, cell, style)
}

func (x *xlsx) critNames() []string {
	var out []string
	for _, c := range x.l.Rubric.Criteria {
		out = append(out, c.Name.In(x.m.Lang))
	}
	return out
}

func (x *xlsx) verdict(passed bool) string {
	if passed {
		return x.m.l("通过", "pass")
	}
	return x.m.l("未通过", "fail")
}

func (x *xlsx) attempts() error {
	headers := []string{x.m.l("序号", "No."), x.m.l("学员", "Performer"), x.m.l("小组", "Group"), x.m.l("第几次", "Attempt"),
		x.m.l("情景", "Scenario"), x.m.l("日期", "Date"), x.m.l("得分率", "Score"), x.m.l("结果", "Result"),
		x.m.l("必过项未达标", "Must-pass below its level")}
	headers = append(headers, x.critNames()...)
	headers = append(headers, x.m.l("评委人数", "Judges"), x.m.l("来源", "Source"))
	name, err := x.sheet(x.m.l("通关台账", "Ledger"), headers, []float64{7, 12, 12, 8, 24, 12, 10, 10, 20})
	if err != nil {
		return err
	}
	for i, row := range x.l.Rows {
		a := row.Attempt
		var failed []string
		for _, id := range row.MustPassFailed {
			if c, ok := x.l.Rubric.Criterion(id); ok {
				failed = append(failed, c.Name.In(x.m.Lang))
			}
		}
		source := x.m.l("现场评分", "live")
		if a.Imported {
			source = x.m.l("纸质评分导入", "paper sheet")
		}
		vals := []any{a.Number, a.Name, row.Group, a.Try, a.Scenario.Title, row.Date, a.Result.Percent / 100,
			x.verdict(a.Result.Passed), strings.Join(failed, x.m.l("、", ", "))}
		for _, c := range a.Result.Criteria {
			vals = append(vals, c.Mean)
		}
		vals = append(vals, a.Result.Judges, source)
		r := i + 2
		if err := x.row(name, r, vals...); err != nil {
			return err
		}
		if err := x.style(name, 7, r, x.pct); err != nil {
			return err
		}
		if !a.Result.Passed {
			if err := x.style(name, 8, r, x.bad); err != nil {
				return err
			}
		}
		for j := range a.Result.Criteria {
			if err := x.style(name, 10+j, r, x.num); err != nil {
				return err
			}
		}
	}
	return nil
}

func (x *xlsx) scores() error {
	headers := []string{x.m.l("序号", "No."), x.m.l("学员", "Performer"), x.m.l("第几次", "Attempt"), x.m.l("评委", "Judge")}
	headers = append(headers, x.critNames()...)
	headers = append(headers, x.m.l("加权分", "Weighted score"))
	name, err := x.sheet(x.m.l("评分明细", "Scores"), headers, []float64{7, 12, 8, 12})
	if err != nil {
		return err
	}
	r := 2
	for _, row := range x.l.Rows {
		a := row.Attempt
		for _, judge := range a.Scores.Judges() {
			vals := []any{a.Number, a.Name, a.Try, x.l.Names.Person(judge)}
			for _, c := range x.l.Rubric.Criteria {
				if v, ok := a.Scores[judge][c.ID]; ok {
					vals = append(vals, v)
				} else {
					vals = append(vals, "")
				}
			}
			if w, ok := x.l.Rubric.WeightedScore(a.Scores[judge]); ok {
				vals = append(vals, w)
			}
			if err := x.row(name, r, vals...); err != nil {
				return err
			}
			if err := x.style(name, len(headers), r, x.num); err != nil {
				return err
			}
			r++
		}
	}
	return nil
}

func (x *xlsx) judges() error {
	name, err := x.sheet(x.m.l("评委", "Judges"), []string{x.m.l("评委", "Judge"), x.m.l("评分数", "Scores"), x.m.l("均分", "Mean"),
		x.m.l("标准差", "Spread (SD)"), x.m.l("宽严度（负为偏严）", "Harshness (negative = harsher)")}, []float64{14, 10, 10, 12, 26})
	if err != nil {
		return err
	}
	for i, j := range x.l.Report.Judges {
		vals := []any{x.l.Names.Person(j.Judge), j.Scores, j.Mean, j.Spread}
		if j.Harshness != nil {
			vals = append(vals, *j.Harshness)
		}
		if err := x.row(name, i+2, vals...); err != nil {
			return err
		}
		for col := 3; col <= 5; col++ {
			if err := x.style(name, col, i+2, x.num); err != nil {
				return err
			}
		}
	}
	return nil
}

func (x *xlsx) agreement() error {
	name, err := x.sheet(x.m.l("一致性", "Agreement"), []string{x.m.l("指标", "Measure"), x.m.l("值", "Value"),
		x.m.l("95% 置信区间下限", "95% CI low"), x.m.l("95% 置信区间上限", "95% CI high")}, []float64{30, 10, 18, 18})
	if err != nil {
		return err
	}
	a := x.l.Report.Agreement
	line := func(r int, label string, v *float64, ci *[2]float64) error {
		vals := []any{label}
		if v != nil {
			vals = append(vals, *v)
			if ci != nil {
				vals = append(vals, ci[0], ci[1])
			}
		} else {
			vals = append(vals, "—")
		}
		if err := x.row(name, r, vals...); err != nil {
			return err
		}
		for col := 2; col <= 4; col++ {
			if err := x.style(name, col, r, x.num); err != nil {
				return err
			}
		}
		return nil
	}
	if err := line(2, "ICC(2,1)", a.ICC21, a.ICC21CI); err != nil {
		return err
	}
	if err := line(3, "ICC(2,k)", a.ICC2k, a.ICC2kCI); err != nil {
		return err
	}
	if err := line(4, x.m.l("Krippendorff α（定序）", "Krippendorff's α (ordinal)"), a.Alpha, nil); err != nil {
		return err
	}
	if err := x.row(name, 5, x.m.l("参与 ICC 的表演场次", "Performances in the ICC"), a.Performances); err != nil {
		return err
	}
	if err := x.row(name, 6, x.m.l("评委人数", "Judges"), a.Judges); err != nil {
		return err
	}
	for i, c := range a.Caveats {
		if err := x.row(name, 8+i, x.m.l("提示", "Caveat"), CaveatText(c, x.m.Lang)); err != nil {
			return err
		}
	}
	return nil
}

func (x *xlsx) leaderboard() error {
	name, err := x.sheet(x.m.l("小组排名", "Leaderboard"), []string{x.m.l("名次", "Rank"), x.m.l("小组", "Group"),
		x.m.l("表演人数", "Performers"), x.m.l("通过人数", "Passed"), x.m.l("通过率", "Pass rate"),
		x.m.l("最好成绩均值", "Mean best score"), x.m.l("表演次数", "Attempts")}, []float64{8, 14, 12, 12, 12, 16, 12})
	if err != nil {
		return err
	}
	for i, g := range x.l.Report.Leaderboard {
		group := g.Group
		if group == "" {
			group = "—"
		}
		r := i + 2
		if err := x.row(name, r, g.Rank, group, g.Performers, g.Passed, g.PassRate/100, g.MeanBest/100, g.Attempts); err != nil {
			return err
		}
		for _, col := range []int{5, 6} {
			if err := x.style(name, col, r, x.pct); err != nil {
				return err
			}
		}
	}
	return nil
}

func (x *xlsx) rubric() error {
	r := x.l.Rubric
	headers := []string{x.m.l("评分项", "Criterion"), x.m.l("权重 %", "Weight %"), x.m.l("必过最低分", "Must-pass level")}
	for lv := r.Scale.Min; lv <= r.Scale.Max; lv++ {
		headers = append(headers, fmt.Sprintf("%s %d", x.m.l("分", "Level"), lv))
	}
	name, err := x.sheet(x.m.l("评分表", "Rubric"), headers, []float64{14, 9, 12, 36, 36, 36, 36, 36, 36, 36, 36, 36, 36, 36})
	if err != nil {
		return err
	}
	for i, c := range r.Criteria {
		vals := []any{c.Name.In(x.m.Lang), c.Weight, ""}
		if c.MinLevel != nil {
			vals[2] = *c.MinLevel
		}
		for _, a := range c.Anchors {
			vals = append(vals, a.In(x.m.Lang))
		}
		if err := x.row(name, i+2, vals...); err != nil {
			return err
		}
	}
	note := fmt.Sprintf(x.m.l("通过线：加权得分率不低于 %g%%，且所有必过项的评委均分不低于其最低分。", "Pass: a weighted score of at least %g%% and every must-pass criterion's panel mean at or above its level."), r.PassPercent)
	return x.row(name, len(r.Criteria)+3, note)
}

// CaveatText is a caveat in the workshop's language.
func CaveatText(c passoff.Caveat, lang string) string {
	if lang == "en" {
		return c.Message
	}
	switch c.Code {
	case passoff.CaveatSmallPanel:
		return "评委少于 3 人：一致性数据的不确定性很大，只作讨论参考，不作结论。"
	case passoff.CaveatFewPerformances:
		return "参与计算 ICC 的表演少于 5 场：95% 置信区间很宽。"
	case passoff.CaveatIncomplete:
		return "部分表演没有全部评委的完整评分（评委不给自己打分），未计入 ICC；Krippendorff α 仍包含它们。"
	case passoff.CaveatNoICC:
		return "无法由这些分数计算 ICC：需要至少两位评委对同样的两场及以上表演给出完整评分，且表演之间的差异大于评分噪声。"
	case passoff.CaveatNoAlpha:
		return "无法计算 Krippendorff α：需要至少两位评委对同一评分项打分，且分数有差异。"
	}
	return c.Message
}
