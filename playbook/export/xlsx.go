package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"playbook/playbook"
)

// Workbook builds the Excel workbook: one sheet per section with Chinese
// names and headers, the five daily tables as ready-to-fill templates, the
// target splits with live SUM formulas, the stage sheet and the CRM admin
// checklist. Amounts are in the major unit (元) with two decimals.
func Workbook(p *playbook.Playbook) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	wb := &workbook{f: f, p: p, names: map[string]bool{}}
	if err := wb.styles(); err != nil {
		return nil, err
	}
	steps := []func() error{wb.cover, wb.targets, wb.periods, wb.regions, wb.customers, wb.valueProps, wb.tables,
		wb.meetings, wb.stages, wb.checklist, wb.kpis, wb.tiers, wb.discovery, wb.persona, wb.team, wb.training,
		wb.passoff, wb.actions, wb.appendix}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("export: workbook: %w", err)
		}
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	created := "2020-01-01T00:00:00Z"
	if p.PublishedAt != "" {
		created = p.PublishedAt
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: p.Title, Creator: "Playbook", Created: created, Modified: created,
		Language: p.Company.Language}); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type workbook struct {
	f     *excelize.File
	p     *playbook.Playbook
	names map[string]bool
	// styles
	header, title, money, pct, total, totalMoney, note, wrap int
	sheet                                                    string
	row                                                      int
}

func (w *workbook) styles() error {
	var err error
	border := []excelize.Border{{Type: "bottom", Color: "BFBFBF", Style: 1}}
	font := &excelize.Font{Family: "Microsoft YaHei", Size: 10}
	if w.header, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Microsoft YaHei", Size: 10, Bold: true, Color: "FFFFFF"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}); err != nil {
		return err
	}
	if w.title, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Microsoft YaHei", Size: 14, Bold: true}}); err != nil {
		return err
	}
	if w.money, err = w.f.NewStyle(&excelize.Style{Font: font, NumFmt: 4, Border: border}); err != nil { // #,##0.00
		return err
	}
	if w.pct, err = w.f.NewStyle(&excelize.Style{Font: font, NumFmt: 9}); err != nil { // 0%
		return err
	}
	if w.total, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Microsoft YaHei", Size: 10, Bold: true}}); err != nil {
		return err
	}
	if w.totalMoney, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Microsoft YaHei", Size: 10, Bold: true}, NumFmt: 4}); err != nil {
		return err
	}
	if w.wrap, err = w.f.NewStyle(&excelize.Style{Font: font, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}); err != nil {
		return err
	}
	w.note, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Microsoft YaHei", Size: 9, Color: "595959"}, Alignment: &excelize.Alignment{WrapText: true}})
	return err
}

// newSheet starts a sheet with a unique valid name and its column widths.
func (w *workbook) newSheet(name string, widths ...float64) error {
	name = sheetName(name, w.names)
	w.names[name] = true
	if _, err := w.f.NewSheet(name); err != nil {
		return err
	}
	w.sheet, w.row = name, 1
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := w.f.SetColWidth(name, col, col, wd); err != nil {
			return err
		}
	}
	return nil
}

// sheetName makes a valid, unused Excel sheet name (≤ 31 characters, none of
// : \ / ? * [ ]).
func sheetName(name string, used map[string]bool) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(name))
	if name == "" {
		name = "表"
	}
	r := []rune(name)
	if len(r) > 31 {
		r = r[:31]
	}
	base := string(r)
	name = base
	for n := 2; used[name]; n++ {
		suffix := "(" + strconv.Itoa(n) + ")"
		rb := []rune(base)
		if len(rb)+len([]rune(suffix)) > 31 {
			rb = rb[:31-len([]rune(suffix))]
		}
		name = string(rb) + suffix
	}
	return name
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// put writes values from column 1 of the current row and moves to the next row.
func (w *workbook) put(values ...any) error {
	for i, v := range values {
		if err := w.f.SetCellValue(w.sheet, cell(i+1, w.row), v); err != nil {
			return err
		}
	}
	w.row++
	return nil
}

func (w *workbook) headerRow(cols ...string) error {
	vals := make([]any, len(cols))
	for i, c := range cols {
		vals[i] = c
	}
	if err := w.put(vals...); err != nil {
		return err
	}
	return w.f.SetCellStyle(w.sheet, cell(1, w.row-1), cell(len(cols), w.row-1), w.header)
}

func (w *workbook) titleRow(text string) error {
	if err := w.put(text); err != nil {
		return err
	}
	return w.f.SetCellStyle(w.sheet, cell(1, w.row-1), cell(1, w.row-1), w.title)
}

func (w *workbook) formula(col, row int, formula string, style int) error {
	if err := w.f.SetCellFormula(w.sheet, cell(col, row), formula); err != nil {
		return err
	}
	return w.f.SetCellStyle(w.sheet, cell(col, row), cell(col, row), style)
}

func (w *workbook) amount(col, row int, minor int64) error {
	if err := w.f.SetCellValue(w.sheet, cell(col, row), major(minor, w.p.Company.MinorUnits)); err != nil {
		return err
	}
	return w.f.SetCellStyle(w.sheet, cell(col, row), cell(col, row), w.money)
}

func (w *workbook) freeze(row int) error {
	return w.f.SetPanes(w.sheet, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: cell(1, row+1), ActivePane: "bottomLeft"})
}

func (w *workbook) unit() string {
	if w.p.Company.Currency == "CNY" {
		return "元"
	}
	return w.p.Company.Currency
}

// Sheet names referenced by formulas.
const (
	sheetTargets   = "目标与3定"
	sheetPeriods   = "目标分解-期间"
	sheetRegions   = "目标分解-区域与个人"
	sheetCustomers = "存量与增量"
	sheetAppendix  = "附录·案例"
)

func (w *workbook) cover() error {
	if err := w.newSheet("说明", 18, 80); err != nil {
		return err
	}
	p := w.p
	version := "草稿"
	if p.Version > 0 {
		version = fmt.Sprintf("第 %d 版（%s 发布）", p.Version, p.PublishedAt)
	}
	rows := [][]any{
		{"公司", p.Company.Name}, {"行业", p.Company.Industry}, {"版本", version},
		{"金额单位", w.unit() + "（表中公式实时计算合计，修改数字后合计和差额会自动更新）"},
		{"财年起始月", fmt.Sprintf("%d 月", p.Company.FiscalYearStart)},
	}
	if err := w.titleRow(p.Title); err != nil {
		return err
	}
	w.row++
	for _, r := range rows {
		if err := w.put(r...); err != nil {
			return err
		}
	}
	return nil
}

func (w *workbook) targets() error {
	if err := w.newSheet(sheetTargets, 20, 60); err != nil {
		return err
	}
	t := &w.p.Targets
	if err := w.headerRow("项目", "内容"); err != nil {
		return err
	}
	if err := w.put("年度目标（定量，"+w.unit()+")", nil); err != nil {
		return err
	}
	if err := w.amount(2, 2, t.Annual.AmountMinor); err != nil {
		return err
	}
	for _, r := range [][]any{
		{"财年", t.FiscalYear},
		{"定性：客户", t.Annual.Quality.Customers},
		{"定性：产品", t.Annual.Quality.Products},
		{"定性：最低毛利率", float64(t.Annual.Quality.MinMarginPct) / 100},
		{"定时：截止日期", t.Annual.Deadline},
		{"负责人", t.Annual.Owner},
	} {
		if err := w.put(r...); err != nil {
			return err
		}
	}
	return w.f.SetCellStyle(w.sheet, "B6", "B6", w.pct)
}

func (w *workbook) periods() error {
	if err := w.newSheet(sheetPeriods, 16, 12, 20, 20); err != nil {
		return err
	}
	if err := w.headerRow("期间", "季节权重", "目标金额（"+w.unit()+")", "负责人"); err != nil {
		return err
	}
	var quarterRows []int
	for _, q := range w.p.Targets.Quarters {
		qRow := w.row
		quarterRows = append(quarterRows, qRow)
		if err := w.put(q.Label, q.Weight, nil, q.Owner); err != nil {
			return err
		}
		if err := w.f.SetCellStyle(w.sheet, cell(1, qRow), cell(4, qRow), w.total); err != nil {
			return err
		}
		for _, m := range q.Months {
			if err := w.put("  "+m.Label, m.Weight, nil, m.Owner); err != nil {
				return err
			}
			if err := w.amount(3, w.row-1, m.AmountMinor); err != nil {
				return err
			}
		}
		if len(q.Months) > 0 {
			if err := w.formula(3, qRow, fmt.Sprintf("SUM(C%d:C%d)", qRow+1, w.row-1), w.totalMoney); err != nil {
				return err
			}
		} else if err := w.amount(3, qRow, q.AmountMinor); err != nil {
			return err
		}
	}
	w.row++
	totalRow := w.row
	if err := w.put("季度合计"); err != nil {
		return err
	}
	refs := make([]string, len(quarterRows))
	for i, r := range quarterRows {
		refs[i] = fmt.Sprintf("C%d", r)
	}
	sum := "0"
	if len(refs) > 0 {
		sum = "SUM(" + strings.Join(refs, ",") + ")"
	}
	if err := w.formula(3, totalRow, sum, w.totalMoney); err != nil {
		return err
	}
	if err := w.put("年度目标"); err != nil {
		return err
	}
	if err := w.formula(3, totalRow+1, "'"+sheetTargets+"'!B2", w.totalMoney); err != nil {
		return err
	}
	if err := w.put("差额（应为 0）"); err != nil {
		return err
	}
	if err := w.formula(3, totalRow+2, fmt.Sprintf("ROUND(C%d-C%d,%d)", totalRow, totalRow+1, w.p.Company.MinorUnits), w.totalMoney); err != nil {
		return err
	}
	return w.freeze(1)
}

func (w *workbook) regions() error {
	if err := w.newSheet(sheetRegions, 22, 18, 18, 18, 18); err != nil {
		return err
	}
	u := w.unit()
	if err := w.headerRow("区域/销售", "负责人", "存量客户目标（"+u+")", "增量客户目标（"+u+")", "目标合计（"+u+")"); err != nil {
		return err
	}
	var regionRows []int
	for _, r := range w.p.Targets.Regions {
		rRow := w.row
		regionRows = append(regionRows, rRow)
		if err := w.put(r.Name, r.Owner); err != nil {
			return err
		}
		if err := w.f.SetCellStyle(w.sheet, cell(1, rRow), cell(2, rRow), w.total); err != nil {
			return err
		}
		for _, rep := range r.Reps {
			row := w.row
			if err := w.put("  "+rep.Name, rep.Name); err != nil {
				return err
			}
			if err := w.amount(3, row, rep.ExistingMinor); err != nil {
				return err
			}
			if err := w.amount(4, row, rep.NewMinor); err != nil {
				return err
			}
			if rep.ExistingMinor != 0 || rep.NewMinor != 0 {
				if err := w.formula(5, row, fmt.Sprintf("C%d+D%d", row, row), w.money); err != nil {
					return err
				}
			} else if err := w.amount(5, row, rep.AmountMinor); err != nil {
				return err
			}
		}
		if len(r.Reps) > 0 {
			for col := 3; col <= 5; col++ {
				c, _ := excelize.ColumnNumberToName(col)
				if err := w.formula(col, rRow, fmt.Sprintf("SUM(%s%d:%s%d)", c, rRow+1, c, w.row-1), w.totalMoney); err != nil {
					return err
				}
			}
		} else if err := w.amount(5, rRow, r.AmountMinor); err != nil {
			return err
		}
	}
	w.row++
	totalRow := w.row
	if err := w.put("合计"); err != nil {
		return err
	}
	for col := 3; col <= 5; col++ {
		c, _ := excelize.ColumnNumberToName(col)
		refs := make([]string, len(regionRows))
		for i, r := range regionRows {
			refs[i] = fmt.Sprintf("%s%d", c, r)
		}
		sum := "0"
		if len(refs) > 0 {
			sum = "SUM(" + strings.Join(refs, ",") + ")"
		}
		if err := w.formula(col, totalRow, sum, w.totalMoney); err != nil {
			return err
		}
	}
	if err := w.put("应为"); err != nil {
		return err
	}
	for col, ref := range map[int]string{3: "'" + sheetCustomers + "'!B5", 4: "'" + sheetCustomers + "'!B6", 5: "'" + sheetTargets + "'!B2"} {
		if err := w.formula(col, totalRow+1, ref, w.totalMoney); err != nil {
			return err
		}
	}
	if err := w.put("差额（应为 0）"); err != nil {
		return err
	}
	for col := 3; col <= 5; col++ {
		c, _ := excelize.ColumnNumberToName(col)
		if err := w.formula(col, totalRow+2, fmt.Sprintf("ROUND(%s%d-%s%d,%d)", c, totalRow, c, totalRow+1, w.p.Company.MinorUnits), w.totalMoney); err != nil {
			return err
		}
	}
	return w.freeze(1)
}

func (w *workbook) customers() error {
	if err := w.newSheet(sheetCustomers, 34, 20, 50); err != nil {
		return err
	}
	c := &w.p.Targets.Customers
	if err := w.headerRow("项目", "数值", "说明"); err != nil {
		return err
	}
	if err := w.put("去年收入（"+w.unit()+")", nil, "上一财年的实际收入"); err != nil {
		return err
	}
	if err := w.amount(2, 2, c.LastYearRevenueMinor); err != nil {
		return err
	}
	if err := w.put("客户留存率", float64(c.RetentionPct)/100, "去年的客户今年继续合作的比例（按收入）"); err != nil {
		return err
	}
	if err := w.put("存量客户增长率", float64(c.GrowthPct)/100, "留存客户的收入增长"); err != nil {
		return err
	}
	if err := w.f.SetCellStyle(w.sheet, "B3", "B4", w.pct); err != nil {
		return err
	}
	if err := w.put("存量客户目标（"+w.unit()+")", nil, "= 去年收入 × 留存率 × （1 + 增长率）"); err != nil {
		return err
	}
	if err := w.formula(2, 5, fmt.Sprintf("ROUND(B2*B3*(1+B4),%d)", w.p.Company.MinorUnits), w.totalMoney); err != nil {
		return err
	}
	if err := w.put("增量客户目标（"+w.unit()+")", nil, "= 年度目标 − 存量客户目标"); err != nil {
		return err
	}
	if err := w.formula(2, 6, "'"+sheetTargets+"'!B2-B5", w.totalMoney); err != nil {
		return err
	}
	return w.put("负责人", c.Owner)
}

func (w *workbook) valueProps() error {
	if err := w.newSheet("价值主张", 26, 30, 12, 50, 10); err != nil {
		return err
	}
	if err := w.headerRow("价值点", "客户痛点", "证明方式", "证据", "证据强度（1–5）"); err != nil {
		return err
	}
	names := map[string]string{"case": "案例", "data": "数据", "certificate": "资质", "demo": "演示", "testimonial": "客户证言"}
	for _, v := range w.p.ValueProps {
		if err := w.put(v.Value, v.Pain, names[v.ProofType], v.Evidence, v.Strength); err != nil {
			return err
		}
	}
	return w.freeze(1)
}

// templateRows is how many empty rows a daily table template prepares.
const templateRows = 200

var frequencyZH = map[string]string{"daily": "每天", "weekly": "每周", "monthly": "每月", "per_deal": "每个商机"}

// tables writes each of the five daily tables as a template: a line saying
// who fills it and how often, the headers (required ones marked *), and
// typed input checks on the rows below.
func (w *workbook) tables() error {
	for _, t := range w.p.DailyTables {
		widths := make([]float64, len(t.Columns))
		for i := range widths {
			widths[i] = 18
		}
		if err := w.newSheet(t.Name, widths...); err != nil {
			return err
		}
		if err := w.put(fmt.Sprintf("%s — %s。填写人：%s；频率：%s。带 * 的列必填。", t.Name, t.Purpose, t.Owner, frequencyZH[t.Frequency])); err != nil {
			return err
		}
		if err := w.f.SetCellStyle(w.sheet, "A1", "A1", w.note); err != nil {
			return err
		}
		if len(t.Columns) > 1 {
			if err := w.f.MergeCell(w.sheet, "A1", cell(len(t.Columns), 1)); err != nil {
				return err
			}
		}
		cols := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			cols[i] = c.Name
			if c.Required {
				cols[i] += " *"
			}
		}
		if err := w.headerRow(cols...); err != nil {
			return err
		}
		for i, c := range t.Columns {
			if err := w.validate(i+1, c); err != nil {
				return err
			}
		}
		if err := w.freeze(2); err != nil {
			return err
		}
	}
	return nil
}

// validate adds the input check of a template column over its empty rows.
func (w *workbook) validate(col int, c playbook.Column) error {
	rng := cell(col, 3) + ":" + cell(col, 2+templateRows)
	dv := excelize.NewDataValidation(true)
	dv.Sqref = rng
	var err error
	switch c.Type {
	case "number", "money":
		err = dv.SetRange(0, 1e15, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
		dv.SetError(excelize.DataValidationErrorStyleStop, c.Name, "请输入数字")
	case "percent":
		err = dv.SetRange(0, 10, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
		dv.SetError(excelize.DataValidationErrorStyleStop, c.Name, "请输入百分比，例如 35%")
	case "date":
		err = dv.SetRange("1900-01-01", "2200-12-31", excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
		dv.SetError(excelize.DataValidationErrorStyleStop, c.Name, "请输入日期，例如 2027-01-31")
	default:
		return nil
	}
	if err != nil {
		return err
	}
	if err := w.f.AddDataValidation(w.sheet, dv); err != nil {
		return err
	}
	style := w.money
	if c.Type == "percent" {
		style = w.pct
	}
	if c.Type == "date" {
		s, err := w.f.NewStyle(&excelize.Style{NumFmt: 14})
		if err != nil {
			return err
		}
		style = s
	}
	return w.f.SetCellStyle(w.sheet, cell(col, 3), cell(col, 2+templateRows), style)
}

var meetingKindZH = map[string]string{"weekly": "周会", "monthly": "月会", "project_review": "项目分析会", "other": "其他"}

func (w *workbook) meetings() error {
	if err := w.newSheet("会议", 18, 10, 22, 10, 26, 50, 30, 30); err != nil {
		return err
	}
	if err := w.headerRow("会议", "类型", "频率与时间", "时长（分钟）", "参会人", "议程", "输入（表）", "输出"); err != nil {
		return err
	}
	tables := map[string]string{}
	for _, t := range w.p.DailyTables {
		tables[t.ID] = t.Name
	}
	for _, m := range w.p.Meetings {
		agenda := make([]string, len(m.Agenda))
		for i, a := range m.Agenda {
			agenda[i] = fmt.Sprintf("%d. %s（%d 分钟）", i+1, a.Item, a.Minutes)
		}
		inputs := make([]string, len(m.Inputs))
		for i, in := range m.Inputs {
			inputs[i] = tables[in]
		}
		if err := w.put(m.Name, meetingKindZH[m.Kind], m.Cadence, m.Minutes, joinList(m.Attendees), strings.Join(agenda, "\n"),
			joinList(inputs), joinList(m.Outputs)); err != nil {
			return err
		}
	}
	return w.freeze(1)
}

func (w *workbook) stages() error {
	if err := w.newSheet("销售阶段", 18, 14, 6, 8, 9, 9, 40, 40, 24, 12, 10); err != nil {
		return err
	}
	if err := w.headerRow(StageColumns...); err != nil {
		return err
	}
	for _, r := range StageRows(w.p) {
		vals := make([]any, len(r))
		for i, v := range r {
			vals[i] = v
			if i == 2 || i == 3 || (i == 9 && v != "") {
				n, _ := strconv.Atoi(v)
				vals[i] = n
			}
		}
		if err := w.put(vals...); err != nil {
			return err
		}
	}
	return w.freeze(1)
}

func (w *workbook) checklist() error {
	if err := w.newSheet("CRM配置清单", 22, 90, 8); err != nil {
		return err
	}
	if err := w.headerRow("步骤", "怎么做", "完成"); err != nil {
		return err
	}
	for _, r := range ChecklistRows(w.p) {
		if err := w.put(r[0], r[1], "☐"); err != nil {
			return err
		}
	}
	return nil
}

var kpiKindZH = map[string]string{"process": "过程指标", "result": "结果指标"}
var periodZH = map[string]string{"week": "周", "month": "月", "quarter": "季度", "year": "年"}

func (w *workbook) kpis() error {
	if err := w.newSheet("KPI", 18, 10, 10, 14, 12, 8, 50); err != nil {
		return err
	}
	if err := w.headerRow("指标", "类型", "权重", "目标", "单位", "周期", "计分规则"); err != nil {
		return err
	}
	first := w.row
	for _, k := range w.p.KPIs {
		if err := w.put(k.Name, kpiKindZH[k.Kind], float64(k.Weight)/100, k.Target, k.Unit, periodZH[k.Period], k.Scoring); err != nil {
			return err
		}
		if err := w.f.SetCellStyle(w.sheet, cell(3, w.row-1), cell(3, w.row-1), w.pct); err != nil {
			return err
		}
	}
	if err := w.put("权重合计（应为 100%）"); err != nil {
		return err
	}
	style, err := w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 9})
	if err != nil {
		return err
	}
	last := w.row - 2
	if last < first {
		last = first
	}
	return w.formula(3, w.row-1, fmt.Sprintf("SUM(C%d:C%d)", first, last), style)
}

func (w *workbook) tiers() error {
	if err := w.newSheet("客户分级", 14, 44, 18, 40); err != nil {
		return err
	}
	ct := &w.p.CustomerTiers
	if err := w.headerRow("分级维度", "说明"); err != nil {
		return err
	}
	for _, d := range ct.Dimensions {
		if err := w.put(d.Name, d.Description); err != nil {
			return err
		}
	}
	w.row++
	if err := w.headerRow("级别", "准入标准", "拜访频率", "资源投入"); err != nil {
		return err
	}
	for _, t := range ct.Tiers {
		if err := w.put(t.Name, strings.Join(t.Criteria, "\n"), t.VisitCadence, t.Resources); err != nil {
			return err
		}
	}
	return nil
}

func (w *workbook) discovery() error {
	if err := w.newSheet("需求冰山", 14, 10, 44, 50); err != nil {
		return err
	}
	if w.p.Discovery.Industry != "" {
		if err := w.put("目标行业：" + w.p.Discovery.Industry); err != nil {
			return err
		}
	}
	if err := w.headerRow("层次", "位置", "需求", "挖掘提问"); err != nil {
		return err
	}
	for _, l := range w.p.Discovery.Layers {
		water := "水面下（隐性）"
		if l.Water == "above" {
			water = "水面上（显性）"
		}
		if err := w.put(l.Name, water, strings.Join(l.Needs, "\n"), strings.Join(l.Questions, "\n")); err != nil {
			return err
		}
	}
	return nil
}

var layerZH = map[string]string{"knowledge": "知识", "skills": "技能", "social_role": "社会角色", "self_image": "自我认知", "traits": "特质", "motives": "动机"}

func (w *workbook) persona() error {
	if err := w.newSheet("人才画像", 12, 10, 50, 12); err != nil {
		return err
	}
	if w.p.Persona.Role != "" {
		if err := w.put("岗位：" + w.p.Persona.Role); err != nil {
			return err
		}
	}
	if err := w.headerRow("层次", "位置", "特征", "必备/加分"); err != nil {
		return err
	}
	for _, a := range w.p.Persona.Attributes {
		water := "水面下"
		if a.Layer == "knowledge" || a.Layer == "skills" {
			water = "水面上"
		}
		need := "加分项"
		if a.MustHave {
			need = "必备"
		}
		if err := w.put(layerZH[a.Layer], water, a.Text, need); err != nil {
			return err
		}
	}
	return nil
}

func (w *workbook) team() error {
	if err := w.newSheet("团队梯队12421", 8, 12, 8, 10, 10, 10, 50); err != nil {
		return err
	}
	ts := &w.p.TeamStructure
	if err := w.headerRow("档", "名称", "比例", "实际人数", "理想人数", "缺口", "名单"); err != nil {
		return err
	}
	first := w.row
	for _, t := range ts.Tiers {
		ratio := 0
		if t.Level >= 1 && t.Level <= len(ts.Ratio) {
			ratio = ts.Ratio[t.Level-1]
		}
		row := w.row
		if err := w.put(t.Level, t.Name, ratio, t.Count, t.Ideal, nil, joinList(t.Names)); err != nil {
			return err
		}
		if err := w.formula(6, row, fmt.Sprintf("D%d-E%d", row, row), w.total); err != nil {
			return err
		}
	}
	if len(ts.Tiers) > 0 {
		if err := w.put("合计"); err != nil {
			return err
		}
		for col := 4; col <= 5; col++ {
			c, _ := excelize.ColumnNumberToName(col)
			if err := w.formula(col, w.row-1, fmt.Sprintf("SUM(%s%d:%s%d)", c, first, c, w.row-2), w.total); err != nil {
				return err
			}
		}
	}
	return w.put("理想人数 = 团队总人数按 1:2:4:2:1 折算（最大余数法取整）。")
}

func (w *workbook) training() error {
	if err := w.newSheet("培训计划", 22, 26, 14, 18, 24); err != nil {
		return err
	}
	if err := w.headerRow("能力项", "方式", "频率", "负责人", "衡量"); err != nil {
		return err
	}
	for _, t := range w.p.TrainingPlan {
		if err := w.put(t.Capability, t.Method, t.Frequency, t.Owner, t.Measure); err != nil {
			return err
		}
	}
	return nil
}

func (w *workbook) passoff() error {
	if err := w.newSheet("通关结果", 14, 12, 36, 10, 10); err != nil {
		return err
	}
	r := &w.p.PassoffResults
	if err := w.put(fmt.Sprintf("通过线：加权得分 ≥ %d%%，且必过项不低于最低档。", r.ThresholdPct)); err != nil {
		return err
	}
	if err := w.headerRow("评分项", "权重", "必过项"); err != nil {
		return err
	}
	for _, c := range r.Criteria {
		if err := w.put(c.Name, float64(c.Weight)/100, yesNo(c.MustPass)); err != nil {
			return err
		}
		if err := w.f.SetCellStyle(w.sheet, cell(2, w.row-1), cell(2, w.row-1), w.pct); err != nil {
			return err
		}
	}
	w.row++
	if err := w.headerRow("学员", "第几次", "情景", "得分%", "结果"); err != nil {
		return err
	}
	for _, a := range r.Attempts {
		result := "未通过"
		if a.Passed {
			result = "通过"
		}
		if err := w.put(a.Person, a.Attempt, a.Scenario, a.ScorePct, result); err != nil {
			return err
		}
	}
	w.row++
	if err := w.headerRow("评委", "评分次数", "宽严度（分）", "离散度（分）"); err != nil {
		return err
	}
	for _, rs := range r.Raters {
		if err := w.put(rs.Rater, rs.Scored, rs.Harshness, rs.Spread); err != nil {
			return err
		}
	}
	return nil
}

func (w *workbook) actions() error {
	if err := w.newSheet("行动计划", 50, 18, 14, 12, 10); err != nil {
		return err
	}
	if err := w.headerRow("行动", "负责人", "完成日期", "来源", "完成"); err != nil {
		return err
	}
	for _, a := range w.p.Actions {
		if err := w.put(a.Action, a.Owner, a.Due, a.Source, "☐"); err != nil {
			return err
		}
	}
	return w.freeze(1)
}

// appendix lists the client's own cases of the appendix, one row per case
// and language, the texts as written (Markdown). The sheet is always there,
// so a workbook has the same sheets for every company.
func (w *workbook) appendix() error {
	if err := w.newSheet(sheetAppendix, 28, 8, 30, 14, 40, 40, 50, 50, 40, 40); err != nil {
		return err
	}
	if len(w.p.Appendix) == 0 {
		return w.put("本手册没有附录案例。学员在工作坊中写成的客户案例，经讲师放入手册附录后会列在这里。")
	}
	if err := w.headerRow("案例编号", "语言", "标题", "行业", "摘要", "背景", "情境与挑战", "我们的做法", "结果", "经验与启示"); err != nil {
		return err
	}
	for _, c := range w.p.Appendix {
		for _, lt := range c.Texts() {
			t := lt.Text
			lang := "中文"
			if lt.Lang == "en" {
				lang = "English"
			}
			if err := w.put(c.ID, lang, t.Title, t.Industry, t.Summary, t.Background, t.Situation, t.Actions, t.Results, t.Lessons); err != nil {
				return err
			}
			if err := w.f.SetCellStyle(w.sheet, cell(1, w.row-1), cell(10, w.row-1), w.wrap); err != nil {
				return err
			}
		}
	}
	return w.freeze(1)
}
