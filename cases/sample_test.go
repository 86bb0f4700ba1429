package cases

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"playbook/cases/internal/oppgen"
)

// The committed data set is exactly what the seeded generator makes, so it
// can always be rebuilt (go generate ./cases).
func TestSampleDataMatchesGenerator(t *testing.T) {
	opps, hist := SampleData()
	wantOpps, wantHist := oppgen.Generate()
	if !bytes.Equal(opps, wantOpps) || !bytes.Equal(hist, wantHist) {
		t.Fatal("cases/builtin/sales-data-analysis differs from the generator: run go generate ./cases and review the teaching notes")
	}
}

type deal struct {
	id, customer, industry, owner, region, stage, status string
	amount                                               int64
	created, closed                                      time.Time
	history                                              []step
}

type step struct {
	stage string
	at    time.Time
}

var funnelStages = []string{"初步接洽", "需求确认", "方案评估", "合同谈判"}

func readCSV(t *testing.T, data []byte, header string) [][]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		t.Fatal("the data file has no UTF-8 byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != header {
		t.Fatalf("header %q, want %q", strings.Join(rows[0], ","), header)
	}
	return rows[1:]
}

// loadSample reads the data set and checks every rule of its format.
func loadSample(t *testing.T) []*deal {
	t.Helper()
	oppsCSV, histCSV := SampleData()
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatalf("date %q: %v", s, err)
		}
		return d
	}
	byID := map[string]*deal{}
	var deals []*deal
	for _, r := range readCSV(t, oppsCSV, "商机编号,客户名称,行业,负责人,区域,阶段,金额,创建日期,关闭日期,状态") {
		amount, err := strconv.ParseInt(r[6], 10, 64)
		if err != nil || amount <= 0 {
			t.Fatalf("%s: amount %q is not whole yuan", r[0], r[6])
		}
		d := &deal{id: r[0], customer: r[1], industry: r[2], owner: r[3], region: r[4], stage: r[5],
			amount: amount, created: day(r[7]), status: r[9]}
		if r[8] != "" {
			d.closed = day(r[8])
		}
		if byID[d.id] != nil {
			t.Fatalf("duplicate id %s", d.id)
		}
		byID[d.id] = d
		deals = append(deals, d)
	}
	for _, r := range readCSV(t, histCSV, "商机编号,阶段,进入日期") {
		d := byID[r[0]]
		if d == nil {
			t.Fatalf("history of unknown deal %s", r[0])
		}
		d.history = append(d.history, step{r[1], day(r[2])})
	}
	asOf := day(SampleDataAsOf)
	for _, d := range deals {
		h := d.history
		if len(h) == 0 || h[0].stage != "初步接洽" || !h[0].at.Equal(d.created) {
			t.Fatalf("%s: history must start with 初步接洽 on the creation date: %v", d.id, h)
		}
		for i := 1; i < len(h); i++ {
			if h[i].at.Before(h[i-1].at) {
				t.Fatalf("%s: stage dates go back in time", d.id)
			}
			last := h[i].stage == "赢单" || h[i].stage == "输单"
			if last && i != len(h)-1 {
				t.Fatalf("%s: history continues after %s", d.id, h[i].stage)
			}
			if !last && h[i].stage != funnelStages[i] {
				t.Fatalf("%s: stage %d is %s, want %s (stages in order)", d.id, i, h[i].stage, funnelStages[i])
			}
			if h[i].stage == "赢单" && h[i-1].stage != "合同谈判" {
				t.Fatalf("%s: won without negotiation", d.id)
			}
		}
		end := h[len(h)-1]
		if end.at.After(asOf) {
			t.Fatalf("%s: a stage after the export date", d.id)
		}
		switch d.status {
		case "进行中":
			if !d.closed.IsZero() || d.stage != end.stage || !slices.Contains(funnelStages, d.stage) {
				t.Fatalf("%s: open deal with stage %s, closed %v, last history %v", d.id, d.stage, d.closed, end)
			}
		case "赢单", "输单":
			if d.stage != d.status || end.stage != d.status || !d.closed.Equal(end.at) {
				t.Fatalf("%s: closed deal inconsistent: stage %s status %s history %v closed %v", d.id, d.stage, d.status, end, d.closed)
			}
		default:
			t.Fatalf("%s: status %q", d.id, d.status)
		}
	}
	return deals
}

// sampleFigures computes what the teaching notes say about the data.
type sampleFigures struct {
	deals, won, lost, open               int
	reached                              [5]int // four stages and won
	openBy                               [4]int
	openValue                            [4]int64
	stuck, stuckInEval                   int
	stuckValue, wonValue                 int64
	stuckBy, openByOwner, evalByOwner    map[string]int
	zhaoDeals, zhaoWon, zhaoClosed       int
	zhaoReached                          [5]int
	zhaoWonValue                         int64
	zhaoMedianDays, othersMedianDays     float64
	sunEarly2026, sunLate2026, sunLate25 int
	bigWon, bigLost, smallWon, smallLost int
}

func computeFigures(deals []*deal) sampleFigures {
	asOf, _ := time.Parse(time.DateOnly, SampleDataAsOf)
	f := sampleFigures{stuckBy: map[string]int{}, openByOwner: map[string]int{}, evalByOwner: map[string]int{}}
	typical := map[string]int{}
	for i, s := range funnelStages {
		typical[s] = oppgen.TypicalDays[i]
	}
	var zhaoDays, otherDays []float64
	for _, d := range deals {
		f.deals++
		reached := func(stage string) bool {
			return slices.ContainsFunc(d.history, func(s step) bool { return s.stage == stage })
		}
		for i, s := range append(slices.Clone(funnelStages), "赢单") {
			if reached(s) {
				f.reached[i]++
				if d.owner == "赵刚" {
					f.zhaoReached[i]++
				}
			}
		}
		switch d.status {
		case "赢单":
			f.won++
			f.wonValue += d.amount
			days := d.closed.Sub(d.created).Hours() / 24
			if d.owner == "赵刚" {
				zhaoDays = append(zhaoDays, days)
			} else {
				otherDays = append(otherDays, days)
			}
		case "输单":
			f.lost++
		case "进行中":
			f.open++
			i := slices.Index(funnelStages, d.stage)
			f.openBy[i]++
			f.openValue[i] += d.amount
			f.openByOwner[d.owner]++
			if d.stage == "方案评估" {
				f.evalByOwner[d.owner]++
			}
			entered := d.history[len(d.history)-1].at
			if int(asOf.Sub(entered).Hours()/24) > 2*typical[d.stage] {
				f.stuck++
				f.stuckValue += d.amount
				f.stuckBy[d.owner]++
				if d.stage == "方案评估" {
					f.stuckInEval++
				}
			}
		}
		if d.owner == "赵刚" {
			f.zhaoDeals++
			if d.status == "赢单" {
				f.zhaoWon++
				f.zhaoWonValue += d.amount
			}
			if d.status != "进行中" {
				f.zhaoClosed++
			}
		}
		if d.owner == "孙浩" {
			m := d.created.Format("2006-01")
			switch {
			case m >= "2026-01" && m <= "2026-04":
				f.sunEarly2026++
			case m >= "2026-05" && m <= "2026-10":
				f.sunLate2026++
			case m >= "2025-05" && m <= "2025-10":
				f.sunLate25++
			}
		}
		if reached("合同谈判") && d.status != "进行中" {
			lostInNegotiation := d.status == "输单" && d.history[len(d.history)-2].stage == "合同谈判"
			big := d.amount > 1_000_000
			switch {
			case d.status == "赢单" && big:
				f.bigWon++
			case d.status == "赢单":
				f.smallWon++
			case lostInNegotiation && big:
				f.bigLost++
			case lostInNegotiation:
				f.smallLost++
			}
		}
	}
	f.zhaoMedianDays, f.othersMedianDays = median(zhaoDays), median(otherDays)
	return f
}

func median(xs []float64) float64 {
	sort.Float64s(xs)
	n := len(xs)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// thousands writes 2393 as "2,393".
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func pct(a, b int) string { return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b)) }

// The data set has the shape the case is built on, and the teaching notes
// state its figures correctly in both languages.
func TestSampleDataShapeAndTeachingNotes(t *testing.T) {
	deals := loadSample(t)
	f := computeFigures(deals)
	if f.deals < 2000 {
		t.Fatalf("%d deals; the data set promises at least 2,000", f.deals)
	}
	// The shape worth discussing.
	if !(f.openBy[2] > f.openBy[1] && f.openBy[2] > f.openBy[0] && f.openBy[3] < f.openBy[1]) {
		t.Errorf("no bulge at 方案评估: open by stage %v", f.openBy)
	}
	if conv := float64(f.reached[3]) / float64(f.reached[2]); conv > 0.55 {
		t.Errorf("方案评估 → 合同谈判 converts %.2f; the case needs it to be the biggest leak", conv)
	}
	if float64(f.zhaoWon)/float64(f.zhaoClosed) < 0.85 || f.zhaoReached[4] < f.zhaoReached[0]*8/10 {
		t.Errorf("赵刚's funnel is not a cylinder: %v", f.zhaoReached)
	}
	if f.sunLate2026*4 > f.sunEarly2026 {
		t.Errorf("孙浩's top of funnel does not dry up: %d then %d", f.sunEarly2026, f.sunLate2026)
	}
	top := []string{}
	for o := range f.stuckBy {
		top = append(top, o)
	}
	sort.Slice(top, func(i, j int) bool { return f.stuckBy[top[i]] > f.stuckBy[top[j]] })
	if len(top) < 2 || !slices.Contains(top[:2], "黄志强") || !slices.Contains(top[:2], "郑凯") {
		t.Errorf("stalled deals are not concentrated with 黄志强 and 郑凯: %v", f.stuckBy)
	}

	c, ok := BuiltinCase(SampleCaseID)
	if !ok {
		t.Fatal("the sales-data-analysis case is missing")
	}
	wan := func(v int64) string { return thousands((v + 5000) / 10000) } // in 万元
	mil := func(v int64) string { return fmt.Sprintf("%.2f million", float64(v)/1e6) }
	round := func(x float64) int { return int(math.Round(x)) }
	pctOf := func(a, b int) string { return fmt.Sprintf("%.0f%%", 100*float64(a)/float64(b)) }
	chain := func(r [5]int) string {
		parts := make([]string, 5)
		for i, n := range r {
			parts[i] = thousands(int64(n))
		}
		return strings.Join(parts, " → ")
	}
	zhaoShare := fmt.Sprintf("%.1f%%", 100*float64(f.zhaoWonValue)/float64(f.wonValue))
	eval2 := f.evalByOwner["黄志强"] + f.evalByOwner["郑凯"]
	want := map[string][]string{
		ZH: {
			fmt.Sprintf("共%s条商机", thousands(int64(f.deals))),
			fmt.Sprintf("赢单%d条、输单%s条、进行中%d条。赢单金额合计约%s万元", f.won, thousands(int64(f.lost)), f.open, wan(f.wonValue)),
			fmt.Sprintf("到达各阶段的商机数依次为%s（赢单）", chain(f.reached)),
			fmt.Sprintf("分别是%s、%s、%s、%s", pct(f.reached[1], f.reached[0]), pct(f.reached[2], f.reached[1]), pct(f.reached[3], f.reached[2]), pct(f.reached[4], f.reached[3])),
			fmt.Sprintf("进行中的商机按阶段是%d、%d、%d、%d条，方案评估的%d条比前两个阶段都多，金额约%s万元，而合同谈判只有%d条、约%s万元",
				f.openBy[0], f.openBy[1], f.openBy[2], f.openBy[3], f.openBy[2], wan(f.openValue[2]), f.openBy[3], wan(f.openValue[3])),
			fmt.Sprintf("%d条进行中的商机里，有%d条超过了所在阶段正常停留时间的两倍，金额约%s万元，其中%d条在方案评估", f.open, f.stuck, wan(f.stuckValue), f.stuckInEval),
			fmt.Sprintf("黄志强手上%d条进行中的商机有%d条停滞，郑凯%d条中也有%d条停滞", f.openByOwner["黄志强"], f.stuckBy["黄志强"], f.openByOwner["郑凯"], f.stuckBy["郑凯"]),
			fmt.Sprintf("合计%d条，占该阶段%d条的三分之一以上", eval2, f.openBy[2]),
			fmt.Sprintf("赵刚共有%d条商机，各阶段到达数为%s", f.zhaoDeals, strings.ReplaceAll(chain(f.zhaoReached), ",", "")),
			fmt.Sprintf("已关闭的%d条中赢了%d条，赢单率约%s，赢单金额约%s万元，占全公司的%s", f.zhaoClosed, f.zhaoWon, pctOf(f.zhaoWon, f.zhaoClosed), wan(f.zhaoWonValue), zhaoShare),
			fmt.Sprintf("中位数只有%d天，而其他人是约%d天", round(f.zhaoMedianDays), round(f.othersMedianDays)),
			fmt.Sprintf("1～4月新建了%d条商机，5～10月只新建了%d条（2025年同期为%d条），现在进行中的商机只有%d条", f.sunEarly2026, f.sunLate2026, f.sunLate25, f.openByOwner["孙浩"]),
			fmt.Sprintf("赢单的比例约%s，100万元及以下约%s", pctOf(f.bigWon, f.bigWon+f.bigLost), pctOf(f.smallWon, f.smallWon+f.smallLost)),
		},
		EN: {
			fmt.Sprintf("%s opportunities created", thousands(int64(f.deals))),
			fmt.Sprintf("%d won, %s lost, %d open. Won value totals about ¥%s", f.won, thousands(int64(f.lost)), f.open, mil(f.wonValue)),
			fmt.Sprintf("reaching each stage is %s (won)", chain(f.reached)),
			fmt.Sprintf("the share moving on is %s, %s, %s and %s", pct(f.reached[1], f.reached[0]), pct(f.reached[2], f.reached[1]), pct(f.reached[3], f.reached[2]), pct(f.reached[4], f.reached[3])),
			fmt.Sprintf("Open opportunities by stage are %d, %d, %d and %d. The %d in solution evaluation outnumber both earlier stages and are worth about ¥%s, while negotiation holds only %d, about ¥%s",
				f.openBy[0], f.openBy[1], f.openBy[2], f.openBy[3], f.openBy[2], mil(f.openValue[2]), f.openBy[3], mil(f.openValue[3])),
			fmt.Sprintf("Of the %d open opportunities, %d have been in their stage more than twice the normal time — about ¥%s — %d of them in solution evaluation", f.open, f.stuck, mil(f.stuckValue), f.stuckInEval),
			fmt.Sprintf("%d of Huang Zhiqiang's %d open opportunities are stalled, and %d of Zheng Kai's %d", f.stuckBy["黄志强"], f.openByOwner["黄志强"], f.stuckBy["郑凯"], f.openByOwner["郑凯"]),
			fmt.Sprintf("hold %d opportunities in solution evaluation, more than a third of its %d", eval2, f.openBy[2]),
			fmt.Sprintf("Zhao Gang has %d opportunities, reaching each stage as %s", f.zhaoDeals, chain(f.zhaoReached)),
			fmt.Sprintf("Of his %d closed deals he won %d, a win rate of about %s, worth about ¥%s, %s of the company's wins", f.zhaoClosed, f.zhaoWon, pctOf(f.zhaoWon, f.zhaoClosed), mil(f.zhaoWonValue), zhaoShare),
			fmt.Sprintf("creation to win is %d days, against about %d days", round(f.zhaoMedianDays), round(f.othersMedianDays)),
			fmt.Sprintf("created %d opportunities from January to April 2026 and only %d from May to October (%d in the same months of 2025); he has just %d open", f.sunEarly2026, f.sunLate2026, f.sunLate25, f.openByOwner["孙浩"]),
			fmt.Sprintf("about %s were won; at ¥1 million or less, about %s", pctOf(f.bigWon, f.bigWon+f.bigLost), pctOf(f.smallWon, f.smallWon+f.smallLost)),
		},
	}
	for lang, phrases := range want {
		notes := c.Variant(lang).TeachingNotes
		for _, w := range phrases {
			if !strings.Contains(notes, w) {
				t.Errorf("%s teaching notes do not say %q", lang, w)
			}
		}
	}
	// The sample rows of exhibit 3 are real rows of the file.
	opps, _ := SampleData()
	for _, line := range strings.Split(c.ZH.Exhibits, "\n") {
		if !strings.HasPrefix(line, "| OPP-") {
			continue
		}
		if !bytes.Contains(opps, []byte(strings.Join(trimCells(strings.Split(strings.Trim(line, "|"), "|")), ","))) {
			t.Errorf("exhibit row %q is not in opportunities.csv", line)
		}
	}
}

func trimCells(cells []string) []string {
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}
