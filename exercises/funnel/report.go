package funnel

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/width"
)

// WriteText writes the result as a plain-text report in lang ("zh-CN" or
// "en"), for the command line.
func (r *Result) WriteText(w io.Writer, lang string) error {
	en := lang == "en"
	T := func(zh, e string) string {
		if en {
			return e
		}
		return zh
	}
	var b strings.Builder
	pf := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	pct := func(f *float64) string {
		if f == nil {
			return "—"
		}
		return fmt.Sprintf("%.1f%%", *f*100)
	}
	num := func(f *float64, unit string) string {
		if f == nil {
			return "—"
		}
		return fmt.Sprintf("%s%s", money(*f), unit)
	}
	pf("%s %s (%s, %d %s", T("商机文件", "Opportunities"), r.Source.Name, r.Source.Format, r.Source.Rows, T("行", "rows"))
	if r.Source.Encoding != "" {
		pf(", %s", r.Source.Encoding)
	}
	pf(")\n%s %s\n\n", T("统计日期", "As of"), r.AsOf)
	pf("%s %d   %s %d   %s %d   %s %d\n", T("商机", "Opportunities"), r.Opportunities, T("赢单", "won"), r.Won,
		T("输单", "lost"), r.Lost, T("进行中", "open"), r.Open)
	pf("%s %s   %s %s\n", T("赢率（已关闭）", "Win rate (closed)"), pct(r.WinRate), T("按金额", "by amount"), pct(r.WinRateByAmount))
	pf("%s %s   %s %s\n", T("管道金额", "Pipeline"), money(r.Pipeline), T("加权管道", "weighted"), money(r.WeightedPipeline))
	pf("%s %s   %s %s\n", T("平均赢单金额", "Average won deal"), num(r.AvgWonAmount, ""), T("平均销售周期", "average cycle"), num(r.AvgCycleDays, T(" 天", " days")))
	pf("%s %s\n", T("销售速度（每天）", "Sales velocity (per day)"), num(r.VelocityPerDay, ""))
	if t := r.Target; t != nil {
		pf("%s %s, %s %s, %s %s, %s %s / %s\n", T("目标", "Target"), money(t.Amount), T("已赢单", "won"), money(t.Won),
			T("剩余", "remaining"), money(t.Remaining), T("覆盖率", "coverage"), ratioX(t.Coverage), ratioX(t.WeightedCoverage))
	}
	pf("\n")
	tw := &textTable{}
	tw.row(strings.Split(T("阶段\t类型\t行数\t到达\t转化\t进行中\t金额\t配置赢率\t实际赢率\t加权\t停滞",
		"Stage\tKind\tRows\tReached\tConversion\tOpen\tAmount\tConfigured\tEmpirical\tWeighted\tStuck"), "\t")...)
	for _, s := range r.Stages {
		kind := T("进行中", "open")
		switch {
		case s.Won:
			kind = T("赢单", "won")
		case s.Lost:
			kind = T("输单", "lost")
		}
		cfg, emp := "—", "—"
		if s.Probability != nil {
			cfg = fmt.Sprintf("%.0f%%", *s.Probability)
		}
		if s.Empirical != nil {
			emp = fmt.Sprintf("%.1f%%", *s.Empirical)
		}
		tw.row(s.Name, kind, fmt.Sprint(s.Rows), fmt.Sprint(s.Reached), pct(s.Conversion), fmt.Sprint(s.Open),
			money(s.OpenAmount), cfg, emp, money(s.Weighted), fmt.Sprint(s.Stuck))
	}
	tw.write(&b)
	if l := r.BiggestLeak; l != nil {
		pf("\n%s %s → %s: %.1f%% (%d)\n", T("最大漏点", "Biggest leak"), l.From, l.To, l.Conversion*100, l.Lost)
	}
	pf("\n%s: %s\n  %s\n", T("漏斗形状", "Funnel shape"), r.Shape.Title.In(lang), r.Shape.Meaning.In(lang))
	for _, f := range r.Shape.Findings {
		pf("  - %s: %s\n", f.Title.In(lang), f.Evidence.In(lang))
	}
	if len(r.Stuck) > 0 {
		pf("\n%s (%d):\n", T("停滞商机", "Stuck deals"), r.StuckTotal)
		for i, s := range r.Stuck {
			if i == 10 {
				pf("  …\n")
				break
			}
			pf("  %s %s %s %s: %d %s (%s %d)\n", s.ID, s.Name, s.Owner, s.Stage, s.Days, T("天", "days"), T("上限", "limit"), s.MaxDays)
		}
	}
	if len(r.Owners) > 0 {
		pf("\n")
		tw = &textTable{}
		tw.row(strings.Split(T("负责人\t商机\t赢单\t输单\t赢率\t赢单金额\t管道\t加权", "Owner\tDeals\tWon\tLost\tWin rate\tWon amount\tPipeline\tWeighted"), "\t")...)
		for i, o := range r.Owners {
			if i == 15 {
				tw.row("…")
				break
			}
			tw.row(o.Owner, fmt.Sprint(o.Opportunities), fmt.Sprint(o.Won), fmt.Sprint(o.Lost), pct(o.WinRate),
				money(o.WonAmount), money(o.Pipeline), money(o.Weighted))
		}
		tw.write(&b)
	}
	if len(r.Limits) > 0 {
		pf("\n%s:\n", T("分析的局限", "Limits of this analysis"))
		for _, n := range r.Limits {
			pf("  - %s\n", n.Text.In(lang))
		}
	}
	if len(r.Warnings) > 0 {
		pf("\n%s:\n", T("数据提示", "About the data"))
		for _, n := range r.Warnings {
			pf("  - %s\n", n.Text.In(lang))
		}
	}
	if r.BadRowsTotal > 0 {
		pf("\n%s: %d (%s %d)\n", T("有问题的行", "Rows with problems"), r.BadRowsTotal, T("跳过", "skipped"), r.SkippedRows)
		for i, br := range r.BadRows {
			if i == 20 {
				pf("  …\n")
				break
			}
			pf("  %s %d: %s\n", T("第", "row"), br.Row, br.Reason.In(lang))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func ratioX(f *float64) string {
	if f == nil {
		return "—"
	}
	return fmt.Sprintf("%.2f×", *f)
}

// money writes an amount with thousands separators and no more decimals
// than it has.
func money(f float64) string {
	neg := f < 0
	if neg {
		f = -f
	}
	s := fmt.Sprintf("%.2f", f)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "00" {
		b.WriteString("." + frac)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// table lines up columns for a terminal, counting Chinese characters as two
// columns wide.
type textTable struct{ rows [][]string }

func (t *textTable) row(cells ...string) { t.rows = append(t.rows, cells) }

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

func (t *textTable) write(b *strings.Builder) {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for _, r := range t.rows {
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		b.WriteByte('\n')
	}
}
