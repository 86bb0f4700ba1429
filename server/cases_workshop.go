package server

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"playbook/cases"
	"playbook/exercises"
	"playbook/store"
)

// Cases in a workshop: the trainer attaches cases to activities; the
// participants of that workshop read the attached cases (participant view
// only, never the teaching notes); the projector shows one; and a group's
// case draft becomes a client case.

type attachmentJSON struct {
	Activity string       `json:"activity"`
	Case     caseListItem `json:"case"`
}

// workshopCase resolves a case attached to workshop w — or, when
// curriculumToo, one its curriculum uses (the projector may show those) — as
// a built-in case or a case of the workshop's trainer. Anything else is not
// found.
func (s *Server) workshopCase(ctx context.Context, w *store.Workshop, id string, curriculumToo bool) (*libCase, error) {
	attached, err := s.store.CaseAttached(ctx, w.ID, id)
	if err != nil {
		return nil, fromStore(err, "case")
	}
	if !attached && curriculumToo {
		cur, err := curriculumOf(w)
		if err != nil {
			return nil, err
		}
		attached = slices.Contains(cur.CaseIDs(), id)
	}
	if !attached {
		return nil, errNotFound("case")
	}
	if bc, ok := cases.BuiltinCase(id); ok {
		return &libCase{c: bc}, nil
	}
	rec, err := s.store.CaseByID(ctx, id)
	if err != nil {
		return nil, fromStore(err, "case")
	}
	if rec.OwnerID != w.OwnerID {
		return nil, errNotFound("case")
	}
	c, err := parseStored(rec)
	if err != nil {
		return nil, err
	}
	return &libCase{c: c, rec: rec}, nil
}

// attachments resolves a workshop's attachments in agenda order.
func (s *Server) attachments(ctx context.Context, w *store.Workshop) ([]*store.Attachment, map[string]*libCase, error) {
	as, err := s.store.Attachments(ctx, w.ID)
	if err != nil {
		return nil, nil, fromStore(err, "attachments")
	}
	var stored []string
	for _, a := range as {
		if !cases.IsBuiltin(a.CaseID) {
			stored = append(stored, a.CaseID)
		}
	}
	recs, err := s.store.CasesByIDs(ctx, stored)
	if err != nil {
		return nil, nil, fromStore(err, "cases")
	}
	found := map[string]*libCase{}
	for _, rec := range recs {
		if rec.OwnerID != w.OwnerID {
			continue
		}
		c, err := parseStored(rec)
		if err != nil {
			s.log.Error("attached case", "err", err)
			continue
		}
		found[rec.ID] = &libCase{c: c, rec: rec}
	}
	var out []*store.Attachment
	for _, a := range as {
		if bc, ok := cases.BuiltinCase(a.CaseID); ok {
			found[a.CaseID] = &libCase{c: bc}
		}
		if found[a.CaseID] != nil {
			out = append(out, a)
		}
	}
	cur, err := curriculumOf(w)
	if err != nil {
		return nil, nil, err
	}
	order := map[string]int{}
	for i, a := range cur.Activities() {
		order[a.ID] = i
	}
	sortAttachments(out, order)
	return out, found, nil
}

func sortAttachments(as []*store.Attachment, order map[string]int) {
	slices.SortStableFunc(as, func(a, b *store.Attachment) int {
		if d := order[a.ActivityID] - order[b.ActivityID]; d != 0 {
			return d
		}
		return a.Position - b.Position
	})
}

// listWorkshopCases lists a workshop's attached cases (trainer).
func (s *Server) listWorkshopCases(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	as, found, err := s.attachments(c.UserContext(), w)
	if err != nil {
		return err
	}
	out := []attachmentJSON{}
	attached := map[[2]string]bool{}
	for _, a := range as {
		out = append(out, attachmentJSON{Activity: a.ActivityID, Case: listItem(found[a.CaseID])})
		attached[[2]string{a.ActivityID, a.CaseID}] = true
	}
	// The curriculum suggests cases for some activities; the trainer decides
	// what participants see by attaching them.
	cur, err := curriculumOf(w)
	if err != nil {
		return err
	}
	suggestions := []attachmentJSON{}
	for _, a := range cur.Activities() {
		for _, id := range a.Cases {
			if attached[[2]string{a.ID, id}] {
				continue
			}
			l, err := s.libraryCase(c.UserContext(), w.OwnerID, id)
			if err != nil {
				continue // a case the library no longer has
			}
			suggestions = append(suggestions, attachmentJSON{Activity: a.ID, Case: listItem(l)})
		}
	}
	return c.JSON(fiber.Map{"attachments": out, "suggestions": suggestions})
}

type attachRequest struct {
	Case string `json:"case"`
}

// attachCase attaches a case of the trainer's library to an activity.
func (s *Server) attachCase(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	var req attachRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	cur, err := curriculumOf(w)
	if err != nil {
		return err
	}
	activity := c.Params("activity")
	if _, _, ok := cur.Activity(activity); !ok {
		return errNotFound("activity")
	}
	l, err := s.visibleCase(c, req.Case)
	if err != nil {
		return err
	}
	if err := s.store.AttachCase(c.UserContext(), &store.Attachment{WorkshopID: w.ID, ActivityID: activity, CaseID: l.c.ID}); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return errConflict("this case is already attached to activity " + activity)
		}
		return fromCaseStore(err, "attachment")
	}
	return c.Status(fiber.StatusCreated).JSON(attachmentJSON{Activity: activity, Case: listItem(l)})
}

func (s *Server) detachCase(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	if err := s.store.DetachCase(c.UserContext(), w.ID, c.Params("activity"), c.Params("case")); err != nil {
		return fromStore(err, "attachment")
	}
	return c.SendStatus(fiber.StatusNoContent)
}

type publicCaseJSON struct {
	*cases.PublicCase
	Files []caseFileJSON `json:"files"`
}

// publicOut is the participant view of a case, with file URLs under base.
func (s *Server) publicOut(ctx context.Context, l *libCase, base string) (*publicCaseJSON, error) {
	full, err := s.caseOut(ctx, l)
	if err != nil {
		return nil, err
	}
	out := &publicCaseJSON{PublicCase: l.c.Public(), Files: full.Files}
	for i := range out.Files {
		out.Files[i].URL = base + out.Files[i].Name
	}
	return out, nil
}

// projectorCase is what the projector (and the trainer's "as participants
// see it" preview) shows: the participant view of an attached case.
func (s *Server) projectorCase(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	l, err := s.workshopCase(c.UserContext(), w, c.Params("case"), true)
	if err != nil {
		return err
	}
	out, err := s.publicOut(c.UserContext(), l, "/api/cases/"+l.c.ID+"/files/")
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// participantCases lists, per activity, the cases a participant can open.
func (s *Server) participantCases(c *fiber.Ctx) error {
	_, w, err := s.participantOf(c)
	if err != nil {
		return err
	}
	as, found, err := s.attachments(c.UserContext(), w)
	if err != nil {
		return err
	}
	out := map[string][]*cases.Summary{}
	for _, a := range as {
		sum := found[a.CaseID].c.Summarize()
		sum.Client = "" // the participant view lists what the case is about, not whose library it sits in
		out[a.ActivityID] = append(out[a.ActivityID], sum)
	}
	return c.JSON(fiber.Map{"activities": out})
}

// participantCase is the participant view of one attached case.
func (s *Server) participantCase(c *fiber.Ctx) error {
	_, w, err := s.participantOf(c)
	if err != nil {
		return err
	}
	l, err := s.workshopCase(c.UserContext(), w, c.Params("case"), false)
	if err != nil {
		return err
	}
	out, err := s.publicOut(c.UserContext(), l, "/api/p/"+w.ID+"/cases/"+l.c.ID+"/files/")
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) participantCaseFile(c *fiber.Ctx) error {
	_, w, err := s.participantOf(c)
	if err != nil {
		return err
	}
	l, err := s.workshopCase(c.UserContext(), w, c.Params("case"), false)
	if err != nil {
		return err
	}
	return s.sendCaseFile(c, l, c.Params("name"))
}

type caseDraftAdoptRequest struct {
	Appendix bool `json:"appendix"`
}

// adoptCaseDraft turns a group's case-draft board into a client case of the
// trainer's library (案例萃取), flagged for the playbook's appendix when asked.
// Adopting the same board again replaces that case with the board's text.
func (s *Server) adoptCaseDraft(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	var req caseDraftAdoptRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	ctx := c.UserContext()
	b, err := s.store.BoardByID(ctx, c.Params("board"))
	if err != nil || b.WorkshopID != w.ID {
		return errNotFound("board")
	}
	if b.Kind != exercises.CaseDraftKind {
		return errBadRequest("board", "this board is a %s board, not a case draft", b.Kind)
	}
	st, err := exercises.DecodeState(b.Kind, b.State)
	if err != nil {
		return err
	}
	draft := st.(*exercises.CaseDraftState)
	if strings.TrimSpace(draft.Text(exercises.DraftTitle)) == "" {
		return errConflict("the group has not written the case's title yet")
	}
	cur, err := curriculumOf(w)
	if err != nil {
		return err
	}
	module := cases.MaxModule
	if m, _, ok := cur.Activity(b.ActivityID); ok && m.Number >= 1 && m.Number <= cases.MaxModule {
		module = m.Number
	}
	groupName := ""
	if gs, err := s.store.Groups(ctx, w.ID); err == nil {
		for _, g := range gs {
			if g.ID == b.Group() {
				groupName = g.Name
			}
		}
	}
	now := time.Now().UTC().Truncate(time.Second)
	wid, board := w.ID, b.ID
	rec := &store.Case{ID: newCaseID(), OwnerID: w.OwnerID, Kind: store.CaseClient, Client: clip(w.ClientCompany, cases.MaxClient),
		WorkshopID: &wid, SourceBoard: &board, Appendix: req.Appendix, CreatedAt: now, UpdatedAt: now}
	var built *cases.Case
	saved, created, err := s.store.SaveClientCase(ctx, rec, func(id string, _ time.Time) ([]byte, error) {
		built = draftCase(id, w, module, groupName, draft, now)
		if err := checkCase(built, nil); err != nil {
			return nil, err
		}
		return cases.Marshal(built), nil
	})
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) {
			return ae
		}
		return fromCaseStore(err, "case")
	}
	out, err := s.caseOut(ctx, &libCase{c: built, rec: saved})
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if created {
		status = fiber.StatusCreated
	}
	return c.Status(status).JSON(out)
}

// draftCase builds the client case of a case draft, in the workshop's language.
func draftCase(id string, w *store.Workshop, module int, group string, d *exercises.CaseDraftState, at time.Time) *cases.Case {
	lang := w.Language
	if lang != cases.EN {
		lang = cases.ZH
	}
	v := &cases.Variant{
		Title:     clip(d.Text(exercises.DraftTitle), cases.MaxTitle),
		Industry:  clip(w.Industry, cases.MaxIndustry),
		Summary:   clip(strings.Join(strings.Fields(d.Text(exercises.DraftSituation)), " "), 200),
		Situation: cases.EscapeBlock(d.Text(exercises.DraftSituation)),
		Actions:   cases.EscapeBlock(d.Text(exercises.DraftActions)),
		Results:   cases.EscapeBlock(d.Text(exercises.DraftResults)),
		Takeaways: cases.EscapeBlock(d.Text(exercises.DraftLessons)),
	}
	if lang == cases.ZH {
		v.Tags = []string{"案例萃取"}
		v.TeachingNotes = fmt.Sprintf("由%s在工作坊“%s”（%s）中写成，来自客户%s的真实经验。", orDefault(group, "小组"), w.Title, w.StartsOn, w.ClientCompany)
	} else {
		v.Tags = []string{"case extraction"}
		v.TeachingNotes = fmt.Sprintf("Written by %s during the workshop \"%s\" (%s), from the real experience of %s.", orDefault(group, "a group"), w.Title, w.StartsOn, w.ClientCompany)
	}
	c := &cases.Case{ID: id, Modules: []int{module}, Client: clip(w.ClientCompany, cases.MaxClient), Updated: at}
	if lang == cases.ZH {
		c.ZH = v
	} else {
		c.EN = v
	}
	c.Normalize()
	return c
}

func clip(s string, max int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:max-1])) + "…"
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
