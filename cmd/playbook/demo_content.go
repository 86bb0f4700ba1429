package main

// The demo workshop's content: what groups of a fictional elevator-maintenance
// company would write on the notes boards of the built-in curriculum. Written
// for this project, in Simplified Chinese and English. Keyed by activity, then
// lane; each group gets a different slice of the ideas.

type demoNote struct{ zh, en string }

var demoNotes = map[string]map[string][]demoNote{
	"1.1": {
		"setting": {
			{"年度目标是老板按去年加 20% 拍的", "The yearly target is last year's plus 20%, set by the boss"},
			{"定目标时没看各区域的客户存量", "Nobody looked at each region's customer base when setting it"},
			{"目标没有和销售本人确认过", "Salespeople never agreed to their own numbers"},
		},
		"breakdown": {
			{"年度目标没拆到季度和月度", "The yearly target is not broken down by quarter or month"},
			{"只拆到人，没拆到客户和产品", "Split by person only, not by customer or product"},
			{"新梯销售和维保续约混在一个数里", "New installations and maintenance renewals share one number"},
		},
		"process": {
			{"只在月底看结果，过程中没人问", "Results are checked at month end; nobody asks in between"},
			{"拜访了哪些客户说不清楚", "No one can say which customers were visited"},
			{"丢单后没有复盘", "Lost deals are never reviewed"},
		},
		"capability": {
			{"新人上手慢，没人带", "New hires ramp up slowly with no one to guide them"},
			{"技术方案要等工程部，报价拖一周", "Quotes wait a week for engineering"},
		},
		"market": {
			{"房地产项目减少，新梯需求下滑", "Fewer real-estate projects, falling demand for new lifts"},
			{"竞争对手维保报价低 15%", "Competitors quote maintenance 15% lower"},
		},
		"incentives": {
			{"提成只看回款，不看新客户", "Commission pays on collections only, not new customers"},
			{"完不成也没有后果", "Missing the target has no consequence"},
		},
	},
	"2.1": {
		"crm": {
			{"CRM 里一半商机三个月没更新", "Half the CRM opportunities have not changed in three months"},
			{"销售只在月底补录数据", "Salespeople fill in the CRM at month end only"},
		},
		"forms": {
			{"周报模板每个区域都不一样", "Every region uses its own weekly report template"},
			{"Excel 表来回发，版本对不上", "Spreadsheets go back and forth by e-mail and versions clash"},
		},
		"meetings": {
			{"周会变成念数字", "The weekly meeting is just reading numbers aloud"},
			{"会上不讨论具体客户", "Meetings never discuss specific customers"},
		},
		"communication": {
			{"客户投诉要三天才转到销售", "Customer complaints reach sales three days late"},
		},
		"collections": {
			{"回款逾期没人盯", "Nobody follows up overdue payments"},
			{"合同付款节点写得不清楚", "Payment milestones in contracts are vague"},
		},
	},
	"2.2": {
		"targets": {
			{"按客户类型拆目标：物业、开发商、政府", "Split targets by customer type: property managers, developers, public sector"},
			{"每月和每个人对一次目标", "Review each person's target with them monthly"},
		},
		"plans": {
			{"每个大客户写一页行动计划", "A one-page action plan for every key account"},
			{"每周计划拜访 8 家存量客户", "Plan 8 visits to existing customers a week"},
		},
		"checks": {
			{"周会只看漏斗里卡住的商机", "Weekly meetings look only at stuck opportunities"},
			{"主管每周抽查 3 条拜访记录", "Managers spot-check 3 visit records a week"},
		},
		"coaching": {
			{"每月评一次最佳复盘", "Award the best deal review each month"},
			{"主管陪访，每人每月至少一次", "Managers join each salesperson on a visit at least monthly"},
		},
	},
	"3.4": {
		"crm": {
			{"每个阶段定义进入条件，不满足不能推进", "Entry criteria per stage; no moving on without them"},
			{"阶段停留超过 30 天自动提醒", "Automatic reminder after 30 days in one stage"},
		},
		"progress": {
			{"项目进度表和 CRM 合并成一个", "Merge the project schedule into the CRM"},
			{"投标节点提前两周预警", "Warn two weeks before each tender deadline"},
		},
	},
	"5.1": {
		"shape": {
			{"漏斗像个圆柱：前面商机太少", "The funnel is a cylinder: too few early opportunities"},
			{"最后阶段堆积，迟迟不成交", "Deals pile up in the last stage and never close"},
		},
		"stages": {
			{"“意向”和“方案”两个阶段分不清", "No one can tell 'interest' from 'proposal'"},
		},
		"data": {
			{"金额是销售估的，偏乐观", "Amounts are salespeople's optimistic guesses"},
			{"丢单原因大多写“其他”", "Most loss reasons say 'other'"},
		},
	},
	"5.3": {
		"why": {
			{"填了也没人看", "Nobody reads what they enter"},
			{"手机上填太麻烦", "It is too tedious on a phone"},
			{"担心客户资源被别人拿走", "They fear their customers will be taken by others"},
		},
		"how": {
			{"周会只用 CRM 里的数据", "Run the weekly meeting from CRM data only"},
			{"主管根据 CRM 记录给具体帮助", "Managers give concrete help based on CRM records"},
			{"字段砍到最少，五分钟能填完", "Cut fields to the minimum: five minutes to fill in"},
		},
	},
	"6.2": {
		"training": {
			{"培训都是产品知识，没有销售技巧", "Training is all product knowledge, no selling skills"},
			{"新人入职只发资料包", "New hires just get a folder of documents"},
		},
		"coaching": {
			{"主管自己忙着跑单，没时间辅导", "Managers are busy selling and have no time to coach"},
			{"辅导没有记录，说完就忘", "Coaching is never written down and soon forgotten"},
		},
		"pipeline": {
			{"优秀销售走了就带走客户", "When a top seller leaves, the customers go too"},
			{"没有后备主管人选", "There is no one ready to become a manager"},
		},
	},
}

// demoNames are the simulated participants, per language.
var demoNames = map[string][]string{
	"zh-CN": {"王芳", "张伟", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周婷", "吴斌",
		"徐丽", "孙浩", "胡杰", "朱琳", "高鹏", "林欣", "何军", "郭颖", "马超", "罗丹"},
	"en": {"Amy", "Ben", "Chloe", "Daniel", "Emma", "Felix", "Grace", "Henry", "Isla", "Jack",
		"Kate", "Leo", "Mia", "Noah", "Olivia", "Paul", "Quinn", "Ruby", "Sam", "Tara"},
}

func (n demoNote) text(lang string) string {
	if lang == "en" {
		return n.en
	}
	return n.zh
}
