package export

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"strings"

	"playbook/playbook"
)

// Report renders the printable report: one HTML page with a print style
// sheet (A4, Chinese font stack) and simple inline SVG charts, so the
// browser's "Save as PDF" gives a clean document. It has no script at all,
// so it works under the app's strict Content-Security-Policy.
func Report(p *playbook.Playbook) ([]byte, error) {
	var buf bytes.Buffer
	data := reportData{P: p, Unit: unitName(p.Company.Currency)}
	data.StageChart = stageChart(p)
	data.QuarterChart = quarterChart(p)
	data.RegionChart = regionChart(p)
	data.KPIChart = kpiChart(p)
	data.TeamChart = teamChart(p)
	data.StageRows = StageRows(p)
	data.Checklist = ChecklistRows(p)
	tables := map[string]string{}
	for _, t := range p.DailyTables {
		tables[t.ID] = t.Name
	}
	data.TableName = tables
	data.Cases = appendixCases(p)
	if err := reportTemplate.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("export: report: %w", err)
	}
	return buf.Bytes(), nil
}

type reportData struct {
	P                                                          *playbook.Playbook
	Unit                                                       string
	StageChart, QuarterChart, RegionChart, KPIChart, TeamChart template.HTML
	StageRows                                                  [][]string
	Checklist                                                  [][2]string
	TableName                                                  map[string]string
	Cases                                                      []reportCase
}

// reportCase is one case of the appendix as the report prints it: each of
// its languages with that language's headings.
type reportCase struct {
	ID    string
	Texts []reportCaseText
}

type reportCaseText struct {
	Lang, Heading, Title, Industry, Summary string
	Sections                                []reportSection
}

type reportSection struct {
	Heading string
	Body    template.HTML
}

// caseHeadings are the section headings of a case, as the case library and
// the group's case template name them.
var caseHeadings = map[string][6]string{
	"zh-CN": {"案例", "背景", "情境与挑战", "我们的做法", "结果", "经验与启示"},
	"en":    {"Case", "Background", "Situation and challenge", "What was done", "Results", "Lessons"},
}

// repeats reports whether summary only repeats the start of text (whitespace
// folded, a trailing "…" of a clipped summary ignored).
func repeats(summary, text string) bool {
	fold := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	sum := strings.TrimSuffix(fold(summary), "…")
	return sum != "" && strings.HasPrefix(fold(text), sum)
}

func appendixCases(p *playbook.Playbook) []reportCase {
	var out []reportCase
	for i, c := range p.Appendix {
		rc := reportCase{ID: c.ID}
		for _, lt := range c.Texts() {
			h, t := caseHeadings[lt.Lang], lt.Text
			sep := "："
			if lt.Lang == "en" {
				sep = ": "
			}
			rt := reportCaseText{Lang: lt.Lang, Heading: fmt.Sprintf("%s %d%s", h[0], i+1, sep), Title: t.Title,
				Industry: t.Industry, Summary: t.Summary}
			if repeats(t.Summary, t.Situation) {
				rt.Summary = "" // a case from a group's draft is summarised by its situation's start: printed once
			}
			for j, body := range []string{t.Background, t.Situation, t.Actions, t.Results, t.Lessons} {
				if strings.TrimSpace(body) != "" {
					rt.Sections = append(rt.Sections, reportSection{Heading: h[j+1], Body: caseMarkdown(body)})
				}
			}
			rc.Texts = append(rc.Texts, rt)
		}
		out = append(out, rc)
	}
	return out
}

func unitName(currency string) string {
	if currency == "CNY" {
		return "元"
	}
	return currency
}

// moneyText writes minor units in the major unit with thousands separators.
func moneyText(minor int64, digits int) string {
	s := majorString(minor, digits)
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" && strings.Trim(frac, "0") != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// bar is one bar of a chart: a label, a value and the text shown beside it.
type bar struct {
	Label string
	Value float64
	Text  string
	Alt   bool // drawn in the second colour (and hatched, for colour-blind readers)
}

// barChart draws horizontal bars as inline SVG with direct labels.
func barChart(title string, bars []bar, max float64) template.HTML {
	if len(bars) == 0 {
		return ""
	}
	if max <= 0 {
		for _, b := range bars {
			if b.Value > max {
				max = b.Value
			}
		}
	}
	if max <= 0 {
		max = 1
	}
	const rowH, labelW, barW, textW = 26, 130, 360, 150
	h := len(bars)*rowH + 10
	var s strings.Builder
	fmt.Fprintf(&s, `<svg class="chart" role="img" viewBox="0 0 %d %d" width="100%%" aria-label="%s">`, labelW+barW+textW, h, html.EscapeString(title))
	s.WriteString(`<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#9dc3e6"/><line x1="0" y1="0" x2="0" y2="6" stroke="#1f4e79" stroke-width="2"/></pattern></defs>`)
	for i, b := range bars {
		y := 5 + i*rowH
		w := b.Value / max * barW
		if w < 0 {
			w = 0
		}
		fill := "#1f4e79"
		if b.Alt {
			fill = "url(#hatch)"
		}
		fmt.Fprintf(&s, `<text x="%d" y="%d" text-anchor="end" class="l">%s</text>`, labelW-8, y+17, html.EscapeString(b.Label))
		fmt.Fprintf(&s, `<rect x="%d" y="%d" width="%.1f" height="18" fill="%s"/>`, labelW, y+3, w, fill)
		fmt.Fprintf(&s, `<text x="%.1f" y="%d" class="v">%s</text>`, float64(labelW)+w+6, y+17, html.EscapeString(b.Text))
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

func stageChart(p *playbook.Playbook) template.HTML {
	var bars []bar
	for _, s := range p.Stages.Stages {
		if s.Status == playbook.StatusOpen || s.Status == playbook.StatusWon {
			bars = append(bars, bar{Label: s.Name, Value: float64(s.Probability), Text: fmt.Sprintf("%d%%", s.Probability)})
		}
	}
	return barChart("各阶段赢率", bars, 100)
}

func quarterChart(p *playbook.Playbook) template.HTML {
	var bars []bar
	for _, q := range p.Targets.Quarters {
		bars = append(bars, bar{Label: q.Label, Value: float64(q.AmountMinor), Text: moneyText(q.AmountMinor, p.Company.MinorUnits)})
	}
	return barChart("季度目标", bars, 0)
}

func regionChart(p *playbook.Playbook) template.HTML {
	var bars []bar
	for _, r := range p.Targets.Regions {
		bars = append(bars, bar{Label: r.Name, Value: float64(r.AmountMinor), Text: moneyText(r.AmountMinor, p.Company.MinorUnits)})
	}
	return barChart("区域目标", bars, 0)
}

func kpiChart(p *playbook.Playbook) template.HTML {
	var bars []bar
	for _, k := range p.KPIs {
		kind := "过程"
		if k.Kind == "result" {
			kind = "结果"
		}
		bars = append(bars, bar{Label: k.Name, Value: float64(k.Weight), Text: fmt.Sprintf("%d%%(%s)", k.Weight, kind), Alt: k.Kind == "result"})
	}
	return barChart("KPI 权重", bars, 0)
}

func teamChart(p *playbook.Playbook) template.HTML {
	var bars []bar
	for _, t := range p.TeamStructure.Tiers {
		bars = append(bars, bar{Label: t.Name + " 实际", Value: float64(t.Count), Text: fmt.Sprintf("%d 人", t.Count)})
		bars = append(bars, bar{Label: t.Name + " 理想", Value: float64(t.Ideal), Text: fmt.Sprintf("%d 人（缺口 %+d）", t.Ideal, t.Gap), Alt: true})
	}
	return barChart("团队梯队 实际与 1:2:4:2:1", bars, 0)
}

var reportFuncs = template.FuncMap{
	"money": func(minor int64, digits int) string { return moneyText(minor, digits) },
	"join":  func(list []string) string { return strings.Join(list, ";") },
	"inc":   func(i int) int { return i + 1 },
	"pct":   func(n int) string { return fmt.Sprintf("%d%%", n) },
	"kindZH": func(k string) string {
		if k == "result" {
			return "结果"
		}
		return "过程"
	},
	"meetingKind": func(k string) string { return meetingKindZH[k] },
	"freq":        func(f string) string { return frequencyZH[f] },
	"period":      func(p string) string { return periodZH[p] },
	"layer":       func(l string) string { return layerZH[l] },
	"water": func(w string) string {
		if w == "above" {
			return "水面上（显性）"
		}
		return "水面下（隐性）"
	},
	"proof": func(t string) string {
		return map[string]string{"case": "案例", "data": "数据", "certificate": "资质", "demo": "演示", "testimonial": "客户证言"}[t]
	},
	"colType": func(t string) string {
		return map[string]string{"text": "文本", "number": "数字", "money": "金额", "percent": "百分比", "date": "日期", "select": "选项", "person": "人员"}[t]
	},
}

var reportTemplate = template.Must(template.New("report").Funcs(reportFuncs).Parse(`<!DOCTYPE html>
<html lang="{{.P.Company.Language}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.P.Title}}</title>
<style>
@page { size: A4; margin: 16mm 14mm; }
:root { --brand: #1f4e79; --ink: #1f1f1f; --muted: #595959; --line: #d9d9d9; }
* { box-sizing: border-box; }
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans SC", "Hiragino Sans GB", system-ui, sans-serif;
  color: var(--ink); line-height: 1.6; font-size: 11pt; margin: 0 auto; max-width: 190mm; padding: 12mm 0; }
h1 { font-size: 22pt; color: var(--brand); margin: 0 0 4mm; }
h2 { font-size: 15pt; color: var(--brand); border-bottom: 2px solid var(--brand); padding-bottom: 1mm; margin: 10mm 0 4mm; page-break-after: avoid; break-after: avoid; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; page-break-after: avoid; break-after: avoid; }
p.meta { color: var(--muted); margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9.5pt; }
th, td { border: 1px solid var(--line); padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { page-break-inside: avoid; break-inside: avoid; }
section { page-break-inside: auto; }
.chart { max-width: 170mm; height: auto; display: block; margin: 2mm 0 4mm; }
.chart text { font-size: 11px; fill: var(--ink); font-family: inherit; }
.note { color: var(--muted); font-size: 9pt; }
.cover { page-break-after: always; break-after: page; padding-top: 40mm; }
ul { margin: 0; padding-left: 5mm; }
.appendix { page-break-before: always; break-before: page; }
.case + .case { page-break-before: always; break-before: page; }
.case-text + .case-text { border-top: 1px solid var(--line); margin-top: 6mm; padding-top: 2mm; }
.case-head { page-break-inside: avoid; break-inside: avoid; page-break-after: avoid; break-after: avoid; }
.case h3 { font-size: 13pt; color: var(--brand); margin-top: 2mm; }
.case h4 { font-size: 11pt; margin: 4mm 0 1mm; page-break-after: avoid; break-after: avoid; }
.case h5 { font-size: 10.5pt; margin: 3mm 0 1mm; }
.case p { margin: 0 0 2mm; }
.case .summary { background: #eef3f8; border-left: 3px solid var(--brand); padding: 2mm 3mm; }
.case ul, .case ol { margin: 0 0 2mm; padding-left: 6mm; }
.case blockquote { margin: 0 0 2mm; padding-left: 3mm; border-left: 3px solid var(--line); color: var(--muted); }
.case pre { white-space: pre-wrap; font-size: 9pt; background: #f5f5f5; padding: 2mm; }
.case .url { color: var(--muted); font-size: 9pt; word-break: break-all; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
</style>
</head>
<body>
<section class="cover">
<h1>{{.P.Title}}</h1>
<p class="meta">{{.P.Company.Name}}{{if .P.Company.Industry}} · {{.P.Company.Industry}}{{end}}</p>
<p class="meta">{{if gt .P.Version 0}}第 {{.P.Version}} 版 · 发布于 {{.P.PublishedAt}}{{else}}草稿{{end}}</p>
<p class="meta">金额单位：{{.Unit}}</p>
</section>

{{with .P.Targets}}{{if gt .Annual.AmountMinor 0}}
<section>
<h2>一、销售目标与分解</h2>
<table>
<tr><th>年度目标（定量）</th><td class="n">{{money .Annual.AmountMinor $.P.Company.MinorUnits}} {{$.Unit}}</td></tr>
<tr><th>定性：客户</th><td>{{.Annual.Quality.Customers}}</td></tr>
<tr><th>定性：产品</th><td>{{.Annual.Quality.Products}}</td></tr>
<tr><th>最低毛利率</th><td>{{pct .Annual.Quality.MinMarginPct}}</td></tr>
<tr><th>定时：截止日期</th><td>{{.Annual.Deadline}}</td></tr>
<tr><th>负责人</th><td>{{.Annual.Owner}}</td></tr>
</table>
{{if .Quarters}}<h3>按季度与月份</h3>{{$.QuarterChart}}
<table><tr><th>期间</th><th>季节权重</th><th>目标（{{$.Unit}}）</th><th>负责人</th></tr>
{{range .Quarters}}<tr><th>{{.Label}}</th><td class="n">{{.Weight}}</td><td class="n">{{money .AmountMinor $.P.Company.MinorUnits}}</td><td>{{.Owner}}</td></tr>
{{range .Months}}<tr><td>  {{.Label}}</td><td class="n">{{.Weight}}</td><td class="n">{{money .AmountMinor $.P.Company.MinorUnits}}</td><td>{{.Owner}}</td></tr>
{{end}}{{end}}</table>{{end}}
{{if .Regions}}<h3>按区域与销售</h3>{{$.RegionChart}}
<table><tr><th>区域 / 销售</th><th>存量客户</th><th>增量客户</th><th>目标合计</th></tr>
{{range .Regions}}<tr><th>{{.Name}}{{if .Owner}}（{{.Owner}}）{{end}}</th><td></td><td></td><td class="n">{{money .AmountMinor $.P.Company.MinorUnits}}</td></tr>
{{range .Reps}}<tr><td>  {{.Name}}</td><td class="n">{{money .ExistingMinor $.P.Company.MinorUnits}}</td><td class="n">{{money .NewMinor $.P.Company.MinorUnits}}</td><td class="n">{{money .AmountMinor $.P.Company.MinorUnits}}</td></tr>
{{end}}{{end}}</table>{{end}}
{{with .Customers}}{{if gt .LastYearRevenueMinor 0}}<h3>存量与增量客户</h3>
<p>存量客户目标 = 去年收入 {{money .LastYearRevenueMinor $.P.Company.MinorUnits}} × 留存率 {{pct .RetentionPct}} ×（1 + 增长率 {{pct .GrowthPct}}）= <b>{{money .ExistingMinor $.P.Company.MinorUnits}} {{$.Unit}}</b>；增量客户目标 = <b>{{money .NewMinor $.P.Company.MinorUnits}} {{$.Unit}}</b>。</p>{{end}}{{end}}
</section>
{{end}}{{end}}

{{if .P.ValueProps}}<section>
<h2>二、价值主张与证明</h2>
<table><tr><th>价值点</th><th>客户痛点</th><th>证明方式</th><th>证据</th><th>强度</th></tr>
{{range .P.ValueProps}}<tr><td>{{.Value}}</td><td>{{.Pain}}</td><td>{{proof .ProofType}}</td><td>{{.Evidence}}</td><td class="n">{{.Strength}}/5</td></tr>{{end}}
</table></section>{{end}}

{{if .P.DailyTables}}<section>
<h2>三、日常管理：5张表</h2>
{{range .P.DailyTables}}<h3>{{.Name}}</h3>
<p>{{.Purpose}} 填写人：{{.Owner}}；频率：{{freq .Frequency}}。</p>
<table><tr><th>列</th><th>类型</th><th>必填</th></tr>
{{range .Columns}}<tr><td>{{.Name}}</td><td>{{colType .Type}}</td><td>{{if .Required}}是{{else}}否{{end}}</td></tr>{{end}}
</table>{{end}}</section>{{end}}

{{if .P.Meetings}}<section>
<h2>四、会议：两会与项目分析会</h2>
{{range .P.Meetings}}<h3>{{.Name}}（{{meetingKind .Kind}}）</h3>
<p>{{.Cadence}},{{.Minutes}} 分钟；参会：{{join .Attendees}}。</p>
<table><tr><th>议程</th><th>分钟</th></tr>{{range .Agenda}}<tr><td>{{.Item}}</td><td class="n">{{.Minutes}}</td></tr>{{end}}</table>
<p>输入：{{range $i, $t := .Inputs}}{{if $i}};{{end}}{{index $.TableName $t}}{{end}}。输出：{{join .Outputs}}。</p>
{{end}}</section>{{end}}

{{if .P.Stages.Stages}}<section>
<h2>五、销售阶段与关键节点</h2>
<p>销售流程：{{.P.Stages.Pipeline}}。客户采购步骤：{{range $i, $s := .P.Stages.BuyingSteps}}{{if $i}} → {{end}}{{$s.Name}}{{end}}。</p>
{{.StageChart}}
<table><tr>{{range $i, $c := .StageRows}}{{end}}<th>阶段</th><th>赢率</th><th>关键动作</th><th>出口标准/证据</th><th>必填字段</th><th>停留预警</th><th>预测类别</th></tr>
{{range .StageRows}}<tr><td>{{index . 1}}{{if ne (index . 0) $.P.Stages.Pipeline}}<br><span class="note">{{index . 0}}</span>{{end}}</td><td class="n">{{index . 3}}%</td><td>{{index . 6}}</td><td>{{index . 7}}</td><td>{{index . 8}}</td><td class="n">{{if index . 9}}{{index . 9}} 天{{end}}</td><td>{{index . 10}}</td></tr>{{end}}
</table>
<h3>CRM 配置清单</h3>
<table>{{range .Checklist}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>{{end}}</table>
</section>{{end}}

{{if .P.KPIs}}<section>
<h2>六、绩效考核：过程量与结果量</h2>
{{.KPIChart}}
<p class="note">实心为过程指标，斜线为结果指标。</p>
<table><tr><th>指标</th><th>类型</th><th>权重</th><th>目标</th><th>周期</th><th>计分规则</th></tr>
{{range .P.KPIs}}<tr><td>{{.Name}}</td><td>{{kindZH .Kind}}</td><td class="n">{{pct .Weight}}</td><td class="n">{{.Target}} {{.Unit}}</td><td>{{period .Period}}</td><td>{{.Scoring}}</td></tr>{{end}}
</table></section>{{end}}

{{if .P.CustomerTiers.Tiers}}<section>
<h2>七、客户分级</h2>
<p>分级维度：{{range $i, $d := .P.CustomerTiers.Dimensions}}{{if $i}};{{end}}{{$d.Name}}{{end}}。</p>
<table><tr><th>级别</th><th>准入标准</th><th>拜访频率</th><th>资源投入</th></tr>
{{range .P.CustomerTiers.Tiers}}<tr><td>{{.Name}}</td><td>{{join .Criteria}}</td><td>{{.VisitCadence}}</td><td>{{.Resources}}</td></tr>{{end}}
</table></section>{{end}}

{{if .P.Discovery.Layers}}<section>
<h2>八、需求冰山{{if .P.Discovery.Industry}}（{{.P.Discovery.Industry}}）{{end}}</h2>
<table><tr><th>层次</th><th>位置</th><th>需求</th><th>挖掘提问</th></tr>
{{range .P.Discovery.Layers}}<tr><td>{{.Name}}</td><td>{{water .Water}}</td><td>{{join .Needs}}</td><td>{{join .Questions}}</td></tr>{{end}}
</table></section>{{end}}

{{if .P.Persona.Attributes}}<section>
<h2>九、销售人才画像{{if .P.Persona.Role}}:{{.P.Persona.Role}}{{end}}</h2>
<table><tr><th>层次</th><th>特征</th><th>必备/加分</th></tr>
{{range .P.Persona.Attributes}}<tr><td>{{layer .Layer}}</td><td>{{.Text}}</td><td>{{if .MustHave}}必备{{else}}加分项{{end}}</td></tr>{{end}}
</table></section>{{end}}

{{if .P.TeamStructure.Tiers}}<section>
<h2>十、团队梯队（12421）</h2>
<p>团队 {{.P.TeamStructure.Total}} 人，与 1:2:4:2:1 比较。</p>
{{.TeamChart}}
</section>{{end}}

{{if .P.TrainingPlan}}<section>
<h2>十一、培训计划</h2>
<table><tr><th>能力项</th><th>方式</th><th>频率</th><th>负责人</th><th>衡量</th></tr>
{{range .P.TrainingPlan}}<tr><td>{{.Capability}}</td><td>{{.Method}}</td><td>{{.Frequency}}</td><td>{{.Owner}}</td><td>{{.Measure}}</td></tr>{{end}}
</table></section>{{end}}

{{if .P.PassoffResults.Attempts}}<section>
<h2>十二、通关结果</h2>
<p>通过线 {{pct .P.PassoffResults.ThresholdPct}}。</p>
<table><tr><th>学员</th><th>第几次</th><th>情景</th><th>得分</th><th>结果</th></tr>
{{range .P.PassoffResults.Attempts}}<tr><td>{{.Person}}</td><td class="n">{{.Attempt}}</td><td>{{.Scenario}}</td><td class="n">{{.ScorePct}}%</td><td>{{if .Passed}}通过{{else}}未通过{{end}}</td></tr>{{end}}
</table></section>{{end}}

{{if .P.Actions}}<section>
<h2>十三、行动计划</h2>
<table><tr><th>行动</th><th>负责人</th><th>完成日期</th><th>来源</th></tr>
{{range .P.Actions}}<tr><td>{{.Action}}</td><td>{{.Owner}}</td><td>{{.Due}}</td><td>{{.Source}}</td></tr>{{end}}
</table></section>{{end}}

{{if .Cases}}<section class="appendix" id="appendix">
<h2>附录：客户案例</h2>
<p class="note">以下是{{.P.Company.Name}}自己的案例，由学员在工作坊中按“情境—做法—结果—经验”整理（案例萃取），已收入公司的案例库。</p>
{{range .Cases}}<article class="case" id="case-{{.ID}}">
{{range .Texts}}<div class="case-text" lang="{{.Lang}}">
<header class="case-head">
<h3>{{.Heading}}{{.Title}}</h3>
{{if .Industry}}<p class="note">{{.Industry}}</p>{{end}}
{{if .Summary}}<p class="summary">{{.Summary}}</p>{{end}}
</header>
{{range .Sections}}<h4>{{.Heading}}</h4>
{{.Body}}{{end}}</div>
{{end}}</article>
{{end}}</section>{{end}}
</body>
</html>
`))
