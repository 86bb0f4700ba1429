package funnel

import (
	"math"
	"time"

	"playbook/playbook"
)

// FromPlaybook takes the stages and the annual target of a company
// playbook: open stages in order with their win probability and day limit,
// the closed-won stage, the closed-lost one, and the post-sale steps (such
// as delivery), which count as won. Stage codes (the ASCII names CRMs such
// as Salesforce use) are accepted as aliases. The target's period is the
// fiscal year: from the first day of the fiscal-year-start month of
// targets.fiscal_year, for a year. The target is nil when the playbook has
// none.
func FromPlaybook(p *playbook.Playbook) (*StageConfig, *Target, error) {
	c := &StageConfig{Source: "playbook"}
	for _, s := range p.Stages.Stages {
		st := Stage{Name: s.Name, MaxDays: s.MaxDays}
		if s.Code != "" && normKey(s.Code) != normKey(s.Name) {
			st.Aliases = []string{s.Code}
		}
		prob := float64(s.Probability)
		switch s.Status {
		case playbook.StatusOpen:
			st.Probability = &prob
		case playbook.StatusWon, playbook.StatusPostSale:
			st.Won, st.Probability = true, &prob
		case playbook.StatusLost:
			st.Lost, st.Probability = true, &prob
		default:
			continue
		}
		c.Stages = append(c.Stages, st)
	}
	// Open stages first, in order; the closed ones after (the playbook may
	// list post-sale steps last, as here, or anywhere).
	ordered := make([]Stage, 0, len(c.Stages))
	for _, s := range c.Stages {
		if !s.Won && !s.Lost {
			ordered = append(ordered, s)
		}
	}
	for _, s := range c.Stages {
		if s.Won || s.Lost {
			ordered = append(ordered, s)
		}
	}
	c.Stages = ordered
	if err := c.Validate(); err != nil {
		return nil, nil, &InputError{Code: CodeBadStages, Message: Text{ZH: "公司手册的阶段：" + err.(*InputError).Message.ZH, EN: "the playbook's stages: " + err.(*InputError).Message.EN}}
	}
	var t *Target
	if amount := p.Targets.Annual.AmountMinor; amount > 0 {
		t = &Target{Amount: float64(amount) / math.Pow10(p.Company.MinorUnits)}
		if y, m := p.Targets.FiscalYear, p.Company.FiscalYearStart; y > 0 && m >= 1 && m <= 12 {
			t.From = time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
			t.To = t.From.AddDate(1, 0, -1)
		}
	}
	return c, t, nil
}
