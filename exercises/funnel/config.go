package funnel

import (
	"strconv"
	"strings"
)

// ParseStages reads a stage list written on a command line: stages in
// order, comma-separated, each NAME or NAME:PROBABILITY or
// NAME:PROBABILITY:MAXDAYS ("初步接洽：10:14，需求确认：25:21，方案评估：50"). An
// empty probability leaves it unconfigured ("方案评估：:30"). won and lost
// name the closed stages, appended when the list lacks them.
func ParseStages(spec, won string, lost []string) (*StageConfig, error) {
	c := &StageConfig{Source: "stages"}
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		fields := strings.Split(part, ":")
		if len(fields) > 3 {
			return nil, inputErr(CodeBadStages, "阶段“%s”应写成 名称[：赢率[：停留天数]]", "stage %q must be written NAME[:PROBABILITY[:MAXDAYS]]", part)
		}
		s := Stage{Name: strings.TrimSpace(fields[0])}
		if len(fields) > 1 && strings.TrimSpace(fields[1]) != "" {
			v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(fields[1]), "%"), 64)
			if err != nil {
				return nil, inputErr(CodeBadStages, "阶段“%s”的赢率“%s”不是数字", "stage %q: probability %q is not a number", s.Name, fields[1])
			}
			s.Probability = &v
		}
		if len(fields) > 2 && strings.TrimSpace(fields[2]) != "" {
			v, err := strconv.Atoi(strings.TrimSpace(fields[2]))
			if err != nil {
				return nil, inputErr(CodeBadStages, "阶段“%s”的停留天数“%s”不是整数", "stage %q: max days %q is not a whole number", s.Name, fields[2])
			}
			s.MaxDays = v
		}
		c.Stages = append(c.Stages, s)
	}
	mark := func(name string, isWon bool) {
		name = strings.TrimSpace(name)
		if name == "" {
			return
		}
		for i := range c.Stages {
			if normKey(c.Stages[i].Name) == normKey(name) {
				c.Stages[i].Won, c.Stages[i].Lost = isWon, !isWon
				return
			}
		}
		c.Stages = append(c.Stages, Stage{Name: name, Won: isWon, Lost: !isWon})
	}
	mark(won, true)
	for _, l := range lost {
		mark(l, false)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}
