package server

import (
	"context"

	"playbook/cases"
	"playbook/playbook"
	"playbook/store"
)

// The playbook's appendix: the client's own cases (案例萃取) that the trainer
// flagged for it in the case library — from a group's case draft
// (POST /api/workshops/:id/boards/:board/case {"appendix":true}) or later
// (PATCH /api/cases/:id). The case library is where they are kept and
// edited; the company version reads them afresh every time it is loaded, so
// what is flagged when a version is published is what that version holds,
// and a case unflagged since is gone from the next one.

// appendixOf returns the appendix of workshop w: its client cases flagged
// for the playbook, oldest first. A stored case that no longer parses is
// logged and left out rather than blocking the playbook.
func (s *Server) appendixOf(ctx context.Context, w *store.Workshop) ([]playbook.AppendixCase, error) {
	recs, err := s.store.AppendixCases(ctx, w.ID)
	if err != nil {
		return nil, fromStore(err, "appendix cases")
	}
	out := []playbook.AppendixCase{}
	for _, rec := range recs {
		if rec.OwnerID != w.OwnerID {
			continue
		}
		c, err := parseStored(rec)
		if err != nil {
			s.log.Error("playbook appendix: stored case unreadable", "case", rec.ID, "workshop", w.ID, "err", err)
			continue
		}
		out = append(out, appendixCase(c))
	}
	return out, nil
}

// appendixCase is the part of a case the playbook carries: its title,
// industry, summary and the case template's sections in each language it
// has. Teaching notes (trainers only), discussion questions, exhibits (their
// images stay in the library) and role-play briefs are not part of it.
func appendixCase(c *cases.Case) playbook.AppendixCase {
	text := func(v *cases.Variant) *playbook.CaseText {
		if v == nil {
			return nil
		}
		return &playbook.CaseText{Title: v.Title, Industry: v.Industry, Summary: v.Summary, Background: v.Background,
			Situation: v.Situation, Actions: v.Actions, Results: v.Results, Lessons: v.Takeaways}
	}
	return playbook.AppendixCase{ID: c.ID, ZH: text(c.ZH), EN: text(c.EN)}
}
