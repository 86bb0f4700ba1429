package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"text/tabwriter"

	"playbook/exercises/passoff"
	"playbook/exercises/passoff/ledger"
)

// runPassoff is `playbook passoff <sub-command>`: for now `stats`, the
// statistics of a paper score sheet.
func runPassoff(args []string) int {
	return passoffMain(args, os.Stdin, os.Stdout, os.Stderr)
}

const passoffUsage = `usage: playbook passoff stats [--rubric RUBRIC.json] --in SCORES.csv [--json] [--lang zh-CN|en]

Reads a pass-off score sheet (CSV, UTF-8 with or without BOM; columns performer,
judge, criterion, score — or 学员, 评委, 评分项, 分数 — and optionally attempt/第几次
and group/小组) and prints each performer's weighted percentage and pass or fail,
every criterion's mean and spread, each judge's harshness and the panel's
agreement (ICC(2,1), ICC(2,k), Krippendorff's ordinal alpha).
Without --rubric the built-in sales-call rubric is used. --in - reads stdin.
A bad row stops with exit status 1 and names the row.
`

func passoffMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "stats" {
		fmt.Fprint(stderr, passoffUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return 0
		}
		return 2
	}
	fs := flag.NewFlagSet("passoff stats", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, passoffUsage) }
	rubricPath := fs.String("rubric", "", "rubric JSON file (default: the built-in sales-call rubric)")
	in := fs.String("in", "", "score sheet CSV file, or - for standard input")
	asJSON := fs.Bool("json", false, "print one JSON object instead of tables")
	lang := fs.String("lang", env("PLAYBOOK_LANG", "zh-CN"), "language of the tables: zh-CN or en")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *in == "" || fs.NArg() > 0 {
		fmt.Fprint(stderr, passoffUsage)
		return 2
	}
	if *lang != "zh-CN" && *lang != "en" {
		fmt.Fprintln(stderr, "playbook passoff stats: --lang must be zh-CN or en")
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "playbook passoff stats: "+format+"\n", a...)
		return 1
	}
	rubric := passoff.DefaultRubric()
	if *rubricPath != "" {
		data, err := os.ReadFile(*rubricPath)
		if err != nil {
			return fail("%v", err)
		}
		if rubric, err = passoff.ParseRubric(data); err != nil {
			return fail("rubric %s: %v", *rubricPath, err)
		}
	}
	var src io.Reader = stdin
	if *in != "-" {
		f, err := os.Open(*in)
		if err != nil {
			return fail("%v", err)
		}
		defer f.Close()
		src = f
	}
	perfs, err := passoff.ReadSheet(rubric, src)
	if err != nil {
		return fail("%s: %v", *in, err)
	}
	rep, err := passoff.Analyze(rubric, perfs)
	if err != nil {
		return fail("%s: %v", *in, err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(statsJSON(rep)); err != nil {
			return fail("%v", err)
		}
		return 0
	}
	printStats(stdout, rubric, rep, *lang)
	return 0
}

// statsOut is the --json answer: performers, judges and agreement as the
// issue names them, and the rest of the report beside them.
type statsOut struct {
	Performers  []performerOut           `json:"performers"`
	Judges      []judgeOut               `json:"judges"`
	Agreement   agreementOut             `json:"agreement"`
	Criteria    []passoff.CriterionStats `json:"criteria"`
	Leaderboard []passoff.GroupStanding  `json:"leaderboard"`
}

type performerOut struct {
	Performer      string            `json:"performer"`
	Group          string            `json:"group,omitempty"`
	Percent        float64           `json:"percent"` // the latest attempt's
	Passed         bool              `json:"passed"`  // the latest attempt's
	MustPassFailed []string          `json:"must_pass_failed,omitempty"`
	Attempts       []passoff.Attempt `json:"attempts,omitempty"` // when there were several
}

type judgeOut struct {
	Judge     string   `json:"judge"`
	Harshness *float64 `json:"harshness"`
	Scores    int      `json:"scores"`
	Mean      float64  `json:"mean"`
}

type agreementOut struct {
	ICC21        *float64         `json:"icc2_1"`
	ICC2k        *float64         `json:"icc2_k"`
	Alpha        *float64         `json:"krippendorff_alpha"`
	ICC21CI      *[2]float64      `json:"icc2_1_ci95,omitempty"`
	ICC2kCI      *[2]float64      `json:"icc2_k_ci95,omitempty"`
	Performances int              `json:"performances"`
	Judges       int              `json:"judges"`
	Caveats      []passoff.Caveat `json:"caveats"`
}

func roundTo(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

func roundPtr(x *float64, places int) *float64 {
	if x == nil {
		return nil
	}
	v := roundTo(*x, places)
	return &v
}

func roundCI(ci *[2]float64) *[2]float64 {
	if ci == nil {
		return nil
	}
	return &[2]float64{roundTo(ci[0], 4), roundTo(ci[1], 4)}
}

func statsJSON(rep *passoff.Report) statsOut {
	out := statsOut{Performers: []performerOut{}, Judges: []judgeOut{}, Criteria: rep.Criteria, Leaderboard: rep.Leaderboard}
	latest := map[string]passoff.PerformanceResult{}
	for _, p := range rep.Performances {
		if cur, ok := latest[p.Performer]; !ok || p.Attempt > cur.Attempt {
			latest[p.Performer] = p
		}
	}
	for _, im := range rep.Improvement {
		p := latest[im.Performer]
		po := performerOut{Performer: im.Name, Group: im.Group, Percent: roundTo(p.Result.Percent, 2), Passed: p.Result.Passed,
			MustPassFailed: p.Result.MustPassFailed}
		if len(im.Attempts) > 1 {
			for _, a := range im.Attempts {
				a.Percent = roundTo(a.Percent, 2)
				po.Attempts = append(po.Attempts, a)
			}
		}
		out.Performers = append(out.Performers, po)
	}
	for _, j := range rep.Judges {
		out.Judges = append(out.Judges, judgeOut{Judge: j.Judge, Harshness: roundPtr(j.Harshness, 3), Scores: j.Scores, Mean: roundTo(j.Mean, 3)})
	}
	a := rep.Agreement
	out.Agreement = agreementOut{ICC21: roundPtr(a.ICC21, 4), ICC2k: roundPtr(a.ICC2k, 4), Alpha: roundPtr(a.Alpha, 4),
		ICC21CI: roundCI(a.ICC21CI), ICC2kCI: roundCI(a.ICC2kCI), Performances: a.Performances, Judges: a.Judges, Caveats: a.Caveats}
	return out
}

// printStats prints the report as tables for a terminal.
func printStats(w io.Writer, r *passoff.Rubric, rep *passoff.Report, lang string) {
	l := func(zh, en string) string { return say(lang, zh, en) }
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s — %s %d–%d, %s %g%%\n\n", r.Name.In(lang), l("评分", "scale"), r.Scale.Min, r.Scale.Max, l("通过线", "pass at"), r.PassPercent)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", l("学员", "performer"), l("小组", "group"), l("第几次", "attempt"), l("得分率", "percent"), l("结果", "result"))
	for _, p := range rep.Performances {
		verdict := l("通过", "pass")
		if !p.Result.Passed {
			verdict = l("未通过", "fail")
			if len(p.Result.MustPassFailed) > 0 {
				names := make([]string, len(p.Result.MustPassFailed))
				for i, id := range p.Result.MustPassFailed {
					c, _ := r.Criterion(id)
					names[i] = c.Name.In(lang)
				}
				verdict += " (" + l("必过项未达标：", "must-pass below its level: ") + strings.Join(names, ", ") + ")"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.1f%%\t%s\n", p.Name, dash(p.Group), p.Attempt, p.Result.Percent, verdict)
	}
	fmt.Fprintf(tw, "\n%s\t%s\t%s\t%s\n", l("评分项", "criterion"), l("均分", "mean"), l("标准差", "sd"), l("范围", "range"))
	for _, c := range rep.Criteria {
		cr, _ := r.Criterion(c.ID)
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%d–%d\n", cr.Name.In(lang), c.Mean, c.SD, c.Min, c.Max)
	}
	fmt.Fprintf(tw, "\n%s\t%s\t%s\t%s\n", l("评委", "judge"), l("评分数", "scores"), l("均分", "mean"), l("宽严度（负为偏严）", "harshness (negative = harsher)"))
	for _, j := range rep.Judges {
		h := "—"
		if j.Harshness != nil {
			h = fmt.Sprintf("%+.2f", *j.Harshness)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%s\n", j.Judge, j.Scores, j.Mean, h)
	}
	a := rep.Agreement
	fmt.Fprintf(tw, "\n%s (%s %d, %s %d)\n", l("评委一致性", "agreement"), l("评委", "judges"), a.Judges, l("表演", "performances"), a.Performances)
	fmt.Fprintf(tw, "ICC(2,1)\t%s\t%s\n", num(a.ICC21), ci(a.ICC21CI, lang))
	fmt.Fprintf(tw, "ICC(2,k)\t%s\t%s\n", num(a.ICC2k), ci(a.ICC2kCI, lang))
	fmt.Fprintf(tw, "Krippendorff α (%s)\t%s\t\n", l("定序", "ordinal"), num(a.Alpha))
	tw.Flush()
	for _, c := range a.Caveats {
		fmt.Fprintf(w, "! %s\n", ledger.CaveatText(c, lang))
	}
	if len(rep.Leaderboard) > 1 || len(rep.Leaderboard) == 1 && rep.Leaderboard[0].Group != "" {
		tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "\n%s\t%s\t%s\t%s\t%s\n", l("名次", "rank"), l("小组", "group"), l("通过/人数", "passed/performers"), l("通过率", "pass rate"), l("最好成绩均值", "mean best"))
		for _, g := range rep.Leaderboard {
			fmt.Fprintf(tw, "%d\t%s\t%d/%d\t%.0f%%\t%.1f%%\n", g.Rank, dash(g.Group), g.Passed, g.Performers, g.PassRate, g.MeanBest)
		}
		tw.Flush()
	}
}

func num(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%.3f", *v)
}

func ci(v *[2]float64, lang string) string {
	if v == nil {
		return ""
	}
	return fmt.Sprintf("%s [%.2f, %.2f]", say(lang, "95% 置信区间", "95% CI"), v[0], v[1])
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
