package funnel

import "fmt"

// Shape thresholds. They are rules of thumb, stated with every finding so a
// trainer can argue with them.
const (
	// cylinderConversion: when deals move from each open stage to the next
	// at this rate or more on average, the funnel has no real drop-off.
	cylinderConversion = 0.8
	// minShapeDeals: fewer open deals than this say nothing about shape.
	minShapeDeals = 10
	// bulgeFactor: a middle stage holding this many times the deals of the
	// stage before it is a bulge.
	bulgeFactor = 1.2
)

var shapeTexts = map[string]struct{ title, meaning Text }{
	"standard": {
		Text{"标准漏斗", "A standard funnel"},
		Text{"商机逐级减少，每一阶段都有合理的淘汰：资格审查在起作用，管道形状健康。接下来看转化最低的一步和停滞的商机。",
			"Deals thin out stage by stage with a reasonable drop at each: qualification works and the pipeline has a healthy shape. Look next at the weakest step and at stuck deals."},
	},
	"cylinder": {
		Text{"圆柱形（几乎没有流失）", "A cylinder (almost no drop-off)"},
		Text{"各阶段之间几乎没有淘汰：往往是资格审查偏弱（什么机会都往后推），或销售只在快赢单时才录入 CRM，或输掉的商机没有及时关闭。漏斗看起来很满，预测却会落空。",
			"Almost nothing drops out between stages: usually qualification is weak (everything is pushed on), or reps enter deals in the CRM only when they are about to win, or lost deals are not closed. The funnel looks full but the forecast will miss."},
	},
	"thin_top": {
		Text{"顶部偏细（线索不足）", "A thin top (too few leads)"},
		Text{"第一阶段的商机比后面的还少：新线索不够，眼下的管道还能撑一阵，几个月后业绩会断档。要加强拓客和线索培育，并检查第一阶段是否被跳过。",
			"The first stage holds fewer deals than the next: new leads are too few. Today's pipeline carries on for a while, then revenue dries up in a few months. Step up prospecting and lead nurturing, and check whether reps skip the first stage."},
	},
	"bulge": {
		Text{"中部鼓包（商机停滞）", "A bulge in the middle (deals stuck)"},
		Text{"中间某个阶段积压的商机比前一阶段还多：商机卡在这里推不动——常见原因是缺少这一阶段的突破行为和出口标准，或没有接触到决策人。对照停留天数，逐个过堆积的商机，决定推进还是关闭。",
			"A middle stage holds more deals than the stage before it: deals are stuck there — typically the stage lacks breakthrough actions and an exit criterion, or the decision-maker has not been reached. Check days in stage and review the pile deal by deal: push it on or close it."},
	},
	"insufficient_data": {
		Text{"数据不足以判断形状", "Too little data to judge the shape"},
		Text{"进行中的阶段少于 3 个，或进行中的商机少于 10 个，漏斗形状说明不了问题。", "Fewer than 3 open stages or fewer than 10 open deals: the shape says nothing yet."},
	},
}

func finding(kind, stage string, evidence Text) ShapeFinding {
	t := shapeTexts[kind]
	return ShapeFinding{Kind: kind, Stage: stage, Evidence: evidence, Title: t.title, Meaning: t.meaning}
}

// diagnose reads the funnel's shape from the open deals per open stage (the
// pipeline as it stands) and the conversion between stages.
func diagnose(open []StageResult, reached []int64) Shape {
	dist := make([]int64, len(open))
	var total int64
	for i, s := range open {
		dist[i] = s.Open
		total += s.Open
	}
	sh := Shape{Distribution: dist, Findings: []ShapeFinding{}}
	set := func(kind string) {
		sh.Kind = kind
		sh.Title, sh.Meaning = shapeTexts[kind].title, shapeTexts[kind].meaning
	}
	if len(open) < 3 || total < minShapeDeals {
		set("insufficient_data")
		return sh
	}
	// A bulge: a middle stage holding clearly more than the stage before it
	// and at least as much as the one after.
	for k := 1; k < len(dist)-1; k++ {
		if float64(dist[k]) >= bulgeFactor*float64(dist[k-1]) && dist[k] >= dist[k+1] {
			sh.Findings = append(sh.Findings, finding("bulge", open[k].Name, tf(
				"“%s”有 %d 个进行中商机，多于前一阶段“%s”的 %d 个", "%q holds %d open deals, more than %[3]q before it (%[4]d)",
				open[k].Name, dist[k], open[k-1].Name, dist[k-1])))
			break
		}
	}
	var rest int64
	for _, d := range dist[1:] {
		rest += d
	}
	if dist[0] < dist[1] && float64(dist[0]) < float64(rest)/float64(len(dist)-1) {
		sh.Findings = append(sh.Findings, finding("thin_top", open[0].Name, tf(
			"第一阶段“%s”只有 %d 个进行中商机，少于第二阶段“%s”的 %d 个", "the first stage %q holds %d open deals, fewer than %[3]q (%[4]d)",
			open[0].Name, dist[0], open[1].Name, dist[1])))
	}
	// A cylinder: the mean conversion between consecutive open stages.
	var sum float64
	var n int
	for k := 0; k+1 < len(reached); k++ {
		if reached[k] > 0 {
			sum += float64(reached[k+1]) / float64(reached[k])
			n++
		}
	}
	if n > 0 && sum/float64(n) >= cylinderConversion {
		sh.Findings = append(sh.Findings, finding("cylinder", "", tf(
			"相邻阶段之间的平均转化率为 %s，几乎没有淘汰", "the mean conversion between consecutive stages is %s: almost nothing drops out",
			pct(sum/float64(n)))))
	}
	if len(sh.Findings) == 0 {
		set("standard")
		return sh
	}
	set(sh.Findings[0].Kind)
	return sh
}

func pct(f float64) string { return fmt.Sprintf("%.0f%%", f*100) }
