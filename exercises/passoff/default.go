package passoff

import "playbook/exercises"

// DefaultRubric returns a fresh copy of the built-in rubric. It follows a
// sales call, as the workshop's 通关 interpretation says: 开场破冰 (opening),
// 需求挖掘 (discovery), 方案呈现 (presenting value), 异议处理 (objections),
// 促成与跟进 (closing and next step), on a 1–5 scale with an anchor for every
// level, passing at 70% of the maximum points. Discovery is must-pass at
// level 3: the workshop's iceberg module makes it the heart of a sales call,
// so a performer who never gets below the waterline does not pass on charm.
// The anchors are written for this product from the seed's modules 3, 4 and 6.
func DefaultRubric() *Rubric {
	three := 3
	t := func(zh, en string) exercises.Text { return exercises.Text{ZH: zh, EN: en} }
	return &Rubric{
		Name:        t("销售拜访通关评分表", "Sales call pass-off rubric"),
		Scale:       Scale{Min: 1, Max: 5},
		PassPercent: DefaultPassShare,
		Criteria: []Criterion{
			{
				ID: "opening", Weight: 15,
				Name:        t("开场破冰", "Opening and rapport"),
				Description: t("建立信任，说明来意，约定本次会谈的目标。", "Build trust, state the purpose and agree on what the meeting should achieve."),
				Anchors: []exercises.Text{
					t("直接推销产品，没有自我介绍或说明来意，客户明显戒备。",
						"Jumps straight into a product pitch without introducing themself or the purpose of the visit; the customer is visibly guarded."),
					t("礼貌地介绍自己和公司，但来意含糊，没有确认客户的时间和议程。",
						"Introduces self and company politely, but the purpose is vague and the customer's time and agenda are not confirmed."),
					t("说明来意和本次拜访对客户的价值，确认时间和议程，开场与客户的业务相关。",
						"States the purpose and what the customer gains from the meeting, confirms time and agenda; the opening relates to the customer's business."),
					t("用事先研究的客户信息（行业动态、近期项目）自然切入，客户愿意开口分享。",
						"Opens with researched facts about the customer (industry news, a recent project), and the customer starts to talk openly."),
					t("迅速建立信任：准确点出客户关心的议题，约定本次会谈要达成的结果，客户主动参与并补充议程。",
						"Builds trust fast: names the issue the customer cares about, agrees on what this meeting should achieve, and the customer joins in and adds to the agenda."),
				},
			},
			{
				ID: "discovery", Weight: 25, MinLevel: &three,
				Name:        t("需求挖掘", "Discovery"),
				Description: t("从显性需求挖到隐性需求：业务目标、个人动机、风险顾虑、决策链。", "Dig from explicit to implicit needs: business goals, personal motives, risk concerns, the decision chain."),
				Anchors: []exercises.Text{
					t("几乎不提问，或只问预算和采购时间，大部分时间自己在说。",
						"Asks almost nothing, or only about budget and timing, and does most of the talking."),
					t("以封闭式问题为主，只停留在客户说出的显性需求（水面之上）。",
						"Mostly closed questions; stays with the explicit needs the customer states (above the waterline)."),
					t("用开放式问题了解现状和问题，复述确认客户的显性需求，并开始追问背后的原因。",
						"Uses open questions on the current situation and problems, plays back the explicit needs to confirm them, and starts to probe the reasons behind them."),
					t("按冰山模型逐层追问，挖到隐性需求（业务目标、个人动机、风险顾虑），并弄清决策链。",
						"Probes layer by layer as in the iceberg model, uncovering implicit needs (business goals, personal motives, risk concerns) and the decision chain."),
					t("引导客户自己认识到问题的影响和代价，量化痛点，形成双方认可的需求清单和决策标准。",
						"Leads the customer to see the impact and cost of the problem themself, quantifies the pain, and ends with a list of needs and decision criteria both sides agree on."),
				},
			},
			{
				ID: "value", Weight: 25,
				Name:        t("方案呈现", "Presenting value"),
				Description: t("把方案和已确认的需求对应起来，并证明价值。", "Tie the solution to the confirmed needs and prove its value."),
				Anchors: []exercises.Text{
					t("罗列产品功能和参数，与客户的需求无关。",
						"Lists product features and specifications with no link to the customer's needs."),
					t("偶尔提到客户的需求，但主要在讲功能，没有任何证据。",
						"Mentions the customer's needs now and then, but the presentation is about features, with no evidence."),
					t("方案逐条对应已确认的需求，讲清楚对客户的好处。",
						"Maps the solution point by point to the confirmed needs and explains the benefit to the customer."),
					t("用案例、数据或演示证明价值，并针对不同决策人的关注点来呈现。",
						"Proves the value with cases, data or a demonstration, pitched to what each decision-maker cares about."),
					t("把价值量化为客户的业务结果（收入、成本、风险），与竞品形成清晰差异，客户主动认同价值。",
						"Turns the value into the customer's business results (revenue, cost, risk), sets it clearly apart from competitors, and the customer voices agreement with the value."),
				},
			},
			{
				ID: "objections", Weight: 20,
				Name:        t("异议处理", "Handling objections"),
				Description: t("弄清异议背后的真实顾虑，用证据化解，并确认客户接受。", "Find the real concern behind an objection, resolve it with evidence, and check the customer accepts the answer."),
				Anchors: []exercises.Text{
					t("回避、打断或与客户争辩，异议没有得到回应。",
						"Avoids, interrupts or argues with the customer; the objection is left unanswered."),
					t("急于解释或马上降价让步，没有弄清异议背后的原因。",
						"Rushes to explain or concedes on price at once, without finding out what lies behind the objection."),
					t("先认同客户的感受，再澄清异议的真实含义，给出有针对性的回应。",
						"Acknowledges the concern, clarifies what the objection really means, then answers it specifically."),
					t("分辨真假异议，用证据或同类客户案例化解，并确认客户是否接受。",
						"Tells real objections from smokescreens, resolves them with evidence or a reference customer, and checks that the customer accepts the answer."),
					t("预判并主动处理关键顾虑，把异议转化为进一步明确需求或推进的机会，客户的顾虑明显消除。",
						"Anticipates the key concerns and raises them first, turns the objection into a chance to sharpen the need or move forward, and the customer's worry visibly eases."),
				},
			},
			{
				ID: "closing", Weight: 15,
				Name:        t("促成与跟进", "Closing and next step"),
				Description: t("争取与销售阶段相符的承诺，约定下一步和跟进方式。", "Win a commitment that fits the sales stage and agree on the next step and the follow-up."),
				Anchors: []exercises.Text{
					t("会谈结束时没有提出任何下一步。",
						"The meeting ends without any next step."),
					t("提出模糊的下一步（“有需要再联系”），没有时间和负责人。",
						"Proposes a vague next step (\"let us know if you need anything\") with no date or owner."),
					t("总结会谈要点，提出明确的下一步行动并约定时间。",
						"Sums up the meeting and proposes a clear next action with a date."),
					t("争取到与销售阶段相符的承诺（如高层会面、试点、提交方案），明确双方各自的任务。",
						"Wins a commitment that fits the sales stage (a meeting with senior management, a pilot, a proposal) and agrees on tasks for both sides."),
					t("促成客户做出可验证的推进承诺（阶段的标志性事件），共同制定推进计划，并说明会后跟进的方式和时间。",
						"Gets a verifiable commitment that advances the deal (the stage's milestone event), builds the plan with the customer, and says how and when they will follow up."),
				},
			},
		},
	}
}
