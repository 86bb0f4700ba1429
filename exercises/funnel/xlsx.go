package funnel

import (
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes the result as a workbook in lang ("zh-CN" or "en"): a
// summary, the stages, stuck deals, owners, months, rows with problems and
// the limits of the analysis, one sheet each, numbers as numbers.
func (r *Result) WriteXLSX(w io.Writer, lang string) error {
	en := lang == "en"
	T := func(zh, e string) string {
		if en {
			return e
		}
		return zh
	}
	f := excelize.NewFile()
	defer f.Close()
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF7"}}})
	pctStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 10})  // 0.00%
	moneyStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	wrap, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})

	type cell struct {
		v     any
		style int
	}
	money := func(v float64) cell { return cell{v, moneyStyle} }
	pct := func(v *float64) cell {
		if v == nil {
			return cell{"—", 0}
		}
		return cell{*v, pctStyle}
	}
	opt := func(v *float64) cell {
		if v == nil {
			return cell{"—", 0}
		}
		return cell{*v, 0}
	}
	sheet := func(name string, widths []float64, header []string, rows [][]cell) {
		if name != "Sheet1" {
			f.NewSheet(name)
		}
		for i, h := range header {
			c, _ := excelize.CoordinatesToCellName(i+1, 1)
			f.SetCellValue(name, c, h)
			f.SetCellStyle(name, c, c, head)
		}
		for ri, row := range rows {
			for ci, v := range row {
				c, _ := excelize.CoordinatesToCellName(ci+1, ri+2)
				f.SetCellValue(name, c, v.v)
				if v.style != 0 {
					f.SetCellStyle(name, c, c, v.style)
				}
			}
		}
		for i, wd := range widths {
			col, _ := excelize.ColumnNumberToName(i + 1)
			f.SetColWidth(name, col, col, wd)
		}
		if len(rows) > 0 {
			f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
		}
	}

	// Summary.
	summary := T("概览", "Summary")
	f.SetSheetName("Sheet1", summary)
	rows := [][]cell{
		{{T("文件", "File"), 0}, {r.Source.Name, 0}},
		{{T("统计日期", "As of"), 0}, {r.AsOf, 0}},
		{{T("商机数", "Opportunities"), 0}, {r.Opportunities, 0}},
		{{T("赢单", "Won"), 0}, {r.Won, 0}},
		{{T("输单", "Lost"), 0}, {r.Lost, 0}},
		{{T("进行中", "Open"), 0}, {r.Open, 0}},
		{{T("赢率（已关闭商机）", "Win rate (closed deals)"), 0}, pct(r.WinRate)},
		{{T("赢单金额", "Won amount"), 0}, money(r.WonAmount)},
		{{T("管道金额（进行中）", "Pipeline (open)"), 0}, money(r.Pipeline)},
		{{T("加权管道", "Weighted pipeline"), 0}, money(r.WeightedPipeline)},
		{{T("平均赢单金额", "Average won deal"), 0}, opt(r.AvgWonAmount)},
		{{T("平均销售周期（天）", "Average cycle (days)"), 0}, opt(r.AvgCycleDays)},
		{{T("销售速度（每天）", "Sales velocity (per day)"), 0}, opt(r.VelocityPerDay)},
	}
	if t := r.Target; t != nil {
		rows = append(rows,
			[]cell{{T("目标", "Target"), 0}, money(t.Amount)},
			[]cell{{T("已赢单（计入目标）", "Won against the target"), 0}, money(t.Won)},
			[]cell{{T("剩余目标", "Remaining target"), 0}, money(t.Remaining)},
			[]cell{{T("管道覆盖率", "Pipeline coverage"), 0}, opt(t.Coverage)},
			[]cell{{T("加权覆盖率", "Weighted coverage"), 0}, opt(t.WeightedCoverage)})
	}
	if l := r.BiggestLeak; l != nil {
		rows = append(rows, []cell{{T("最大漏点", "Biggest leak"), 0}, {l.From + " → " + l.To, 0}, {l.Conversion, pctStyle}})
	}
	rows = append(rows, []cell{{T("漏斗形状", "Funnel shape"), 0}, {r.Shape.Title.In(lang), 0}},
		[]cell{{"", 0}, {r.Shape.Meaning.In(lang), wrap}})
	for _, fd := range r.Shape.Findings {
		rows = append(rows, []cell{{"", 0}, {fd.Title.In(lang) + ":" + fd.Evidence.In(lang), wrap}})
	}
	sheet(summary, []float64{26, 60, 12}, []string{T("指标", "Figure"), T("数值", "Value")}, rows)

	// Stages.
	rows = nil
	for _, s := range r.Stages {
		kind := T("进行中", "open")
		if s.Won {
			kind = T("赢单", "won")
		} else if s.Lost {
			kind = T("输单", "lost")
		}
		prob := func(v *float64) cell {
			if v == nil {
				return cell{"—", 0}
			}
			return cell{*v / 100, pctStyle}
		}
		rows = append(rows, []cell{{s.Name, 0}, {kind, 0}, {s.Rows, 0}, {s.Reached, 0}, pct(s.Conversion), pct(s.FromStart),
			{s.Open, 0}, money(s.OpenAmount), prob(s.Probability), prob(s.Empirical), money(s.Weighted), {s.LostHere, 0}, opt(s.AvgAgeDays), {s.Stuck, 0}})
	}
	sheet(T("阶段", "Stages"), []float64{16, 8, 8, 8, 10, 10, 8, 14, 10, 10, 14, 8, 10, 8},
		[]string{T("阶段", "Stage"), T("类型", "Kind"), T("行数", "Rows"), T("到达", "Reached"), T("转化到下一阶段", "Conversion to next"),
			T("占起点", "Of the start"), T("进行中", "Open"), T("进行中金额", "Open amount"), T("配置赢率", "Configured probability"),
			T("实际赢率", "Empirical probability"), T("加权金额", "Weighted"), T("在此输单", "Lost here"), T("平均停留天数", "Average age (days)"), T("停滞", "Stuck")}, rows)

	// Stuck deals.
	rows = nil
	for _, s := range r.Stuck {
		amount := cell{"—", 0}
		if s.Amount != nil {
			amount = money(*s.Amount)
		}
		basis := T("进入阶段", "entered stage")
		if s.Basis == "created" {
			basis = T("创建", "created")
		}
		rows = append(rows, []cell{{s.Row, 0}, {s.ID, 0}, {s.Name, 0}, {s.Owner, 0}, {s.Stage, 0}, amount, {s.Since, 0}, {basis, 0}, {s.Days, 0}, {s.MaxDays, 0}, {s.DaysOver, 0}})
	}
	sheet(T("停滞商机", "Stuck deals"), []float64{8, 16, 20, 10, 12, 14, 12, 12, 8, 8, 8},
		[]string{T("行号", "Row"), T("商机编号", "ID"), T("名称", "Name"), T("负责人", "Owner"), T("阶段", "Stage"), T("金额", "Amount"),
			T("起算日期", "Since"), T("起算依据", "Counted from"), T("天数", "Days"), T("上限", "Limit"), T("超出", "Over")}, rows)

	// Owners.
	rows = nil
	for _, o := range r.Owners {
		rows = append(rows, []cell{{o.Owner, 0}, {o.Opportunities, 0}, {o.Open, 0}, {o.Won, 0}, {o.Lost, 0}, pct(o.WinRate),
			money(o.WonAmount), money(o.Pipeline), money(o.Weighted), opt(o.AvgCycleDays), opt(o.AvgWonAmount)})
	}
	sheet(T("负责人", "Owners"), []float64{12, 8, 8, 8, 8, 10, 14, 14, 14, 12, 14},
		[]string{T("负责人", "Owner"), T("商机", "Deals"), T("进行中", "Open"), T("赢单", "Won"), T("输单", "Lost"), T("赢率", "Win rate"),
			T("赢单金额", "Won amount"), T("管道", "Pipeline"), T("加权", "Weighted"), T("平均周期", "Average cycle"), T("平均赢单金额", "Average won deal")}, rows)

	// Months.
	rows = nil
	for _, p := range r.Periods {
		rows = append(rows, []cell{{p.Period, 0}, {p.Created, 0}, money(p.CreatedAmount), {p.Won, 0}, money(p.WonAmount), {p.Lost, 0}})
	}
	sheet(T("月份", "Months"), []float64{10, 10, 16, 10, 16, 10},
		[]string{T("月份", "Month"), T("新建商机", "Created"), T("新建金额", "Created amount"), T("赢单", "Won"), T("赢单金额", "Won amount"), T("输单", "Lost")}, rows)

	// Rows with problems.
	rows = nil
	for _, b := range r.BadRows {
		file := T("商机表", "opportunities")
		if b.File == "history" {
			file = T("阶段历史", "stage history")
		}
		status := T("保留", "kept")
		if b.Skipped {
			status = T("跳过", "skipped")
		}
		rows = append(rows, []cell{{file, 0}, {b.Row, 0}, {status, 0}, {b.Reason.In(lang), 0}})
	}
	for _, rc := range r.BadRowReasons {
		rows = append(rows, []cell{{T("合计", "Total"), 0}, {rc.Rows, 0}, {rc.Code, 0}, {"", 0}})
	}
	sheet(T("问题行", "Rows with problems"), []float64{12, 8, 8, 80},
		[]string{T("文件", "File"), T("行号", "Row"), T("处理", "Handling"), T("原因", "Reason")}, rows)

	// Limits and warnings.
	rows = nil
	for _, n := range r.Limits {
		rows = append(rows, []cell{{T("分析的局限", "Limit"), 0}, {n.Text.In(lang), wrap}})
	}
	for _, n := range r.Warnings {
		rows = append(rows, []cell{{T("数据提示", "About the data"), 0}, {n.Text.In(lang), wrap}})
	}
	sheet(T("说明", "Notes"), []float64{16, 100}, []string{T("类别", "Kind"), T("内容", "Text")}, rows)

	f.SetActiveSheet(0)
	return f.Write(w)
}
