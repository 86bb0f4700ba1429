package export

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"playbook/playbook"
)

// StageColumns are the stage sheet's columns, exactly as playbook.md names
// them, for CRMs that publish no import format (销售易, 纷享销客, 钉钉 …).
var StageColumns = []string{"流程名", "阶段名", "顺序", "赢率%", "是否关闭", "是否赢单", "关键动作", "出口标准/证据", "必填字段", "停留预警天数", "预测类别"}

// StageRows returns the stage sheet: one row per stage, the sales pipeline
// first, then the post-sale pipeline, each numbered from 1.
func StageRows(p *playbook.Playbook) [][]string {
	var rows [][]string
	add := func(pipeline string, stages []playbook.Stage) {
		for i, s := range stages {
			closed := s.Status != playbook.StatusOpen
			won := s.Status == playbook.StatusWon || s.Status == playbook.StatusPostSale
			exit := s.ExitCriterion
			if len(s.Evidence) > 0 {
				if exit != "" {
					exit += ";"
				}
				exit += "证据：" + joinList(s.Evidence)
			}
			days := ""
			if s.MaxDays > 0 {
				days = strconv.Itoa(s.MaxDays)
			}
			rows = append(rows, []string{pipeline, s.Name, strconv.Itoa(i + 1), strconv.Itoa(s.Probability),
				yesNo(closed), yesNo(won), joinList(s.Actions), exit, joinList(s.RequiredFields), days, forecastZH(s.ForecastCategory)})
		}
	}
	add(p.Stages.Pipeline, byStatus(p, playbook.StatusOpen, playbook.StatusWon, playbook.StatusLost))
	if post := byStatus(p, playbook.StatusPostSale); len(post) > 0 {
		add(p.Stages.PostSalePipeline, post)
	}
	return rows
}

// StageCSV writes the stage sheet as CSV in UTF-8 with a byte-order mark, so
// Excel opens the Chinese text correctly, with CRLF line ends.
func StageCSV(p *playbook.Playbook) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.Write(StageColumns); err != nil {
		return nil, err
	}
	for _, r := range StageRows(p) {
		for i := range r {
			r[i] = neutralize(r[i])
		}
		if err := w.Write(r); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// neutralize keeps a cell that starts like a formula from running as one when
// a spreadsheet opens the CSV (CSV injection): it is prefixed with a quote.
func neutralize(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return "'" + s
		}
	}
	return s
}

// ChecklistRows is the admin checklist for configuring a CRM by hand from
// the stage sheet: step and what to check.
func ChecklistRows(p *playbook.Playbook) [][2]string {
	rows := [][2]string{
		{"1. 建立销售流程", "在 CRM 中新建销售流程（商机流程）“" + p.Stages.Pipeline + "”，按“顺序”列的次序建立阶段，阶段名与阶段表一致。"},
		{"2. 设置赢率", "为每个阶段填写“赢率%”；未关闭阶段的赢率逐级上升，赢单为 100%，输单为 0%。"},
		{"3. 关闭阶段", "把“是否关闭”为“是”的阶段设为关闭状态；“是否赢单”为“是”的设为赢单。"},
		{"4. 必填字段", "在每个阶段的推进规则中，把“必填字段”列出的字段设为进入下一阶段前必填；CRM 中没有的字段先新建。"},
		{"5. 关键动作与出口标准", "把“关键动作”和“出口标准/证据”写进阶段说明或阶段任务，让销售在商机页面上看得到。"},
		{"6. 停留预警", "按“停留预警天数”设置商机停留提醒（超期提醒负责人和主管）。"},
		{"7. 预测类别", "把阶段映射到 CRM 的预测类别（管道、最佳可能、承诺、已关闭、不计入）。"},
	}
	if p.Stages.PostSalePipeline != "" && len(byStatus(p, playbook.StatusPostSale)) > 0 {
		rows = append(rows, [2]string{"8. 售后流程", "另建流程“" + p.Stages.PostSalePipeline + "”，放置赢单之后的交付等步骤，不计入销售漏斗。"})
	}
	rows = append(rows, [2]string{"验收", "用一条测试商机从第一个阶段走到赢单，确认每个阶段的必填字段、提醒和赢率都生效，然后删除测试商机。"})
	return rows
}
