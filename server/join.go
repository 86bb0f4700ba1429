package server

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"playbook/exercises"
	"playbook/store"
)

// limitJoin applies the per-IP join limit; a refused attempt gets 429 with
// Retry-After.
func (s *Server) limitJoin(c *fiber.Ctx) error {
	ok, wait := s.joinLimiter.Allow(c.UserContext(), "join:"+c.IP())
	if !ok {
		c.Set(fiber.HeaderRetryAfter, retryAfter(wait))
		return errTooMany("too many join attempts from this network; wait a moment and try again")
	}
	return nil
}

func retryAfter(wait time.Duration) string {
	return strconv.Itoa(int(math.Max(1, math.Ceil(wait.Seconds()))))
}

// workshopByCode finds the workshop of a join code as people type it.
func (s *Server) workshopByCode(c *fiber.Ctx, code string) (*store.Workshop, error) {
	code = normalJoinCode(code)
	if len(code) != joinCodeLength || strings.Trim(code, joinAlphabet) != "" {
		return nil, errNotFound("workshop with this code")
	}
	w, err := s.store.WorkshopByCode(c.UserContext(), code)
	if err != nil {
		return nil, fromStore(err, "workshop with this code")
	}
	return w, nil
}

type joinGroupJSON struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Members int    `json:"members"`
}

// joinInfo tells a person with a code which workshop it opens and which
// groups they can join.
func (s *Server) joinInfo(c *fiber.Ctx) error {
	if err := s.limitJoin(c); err != nil {
		return err
	}
	w, err := s.workshopByCode(c, c.Params("code"))
	if err != nil {
		return err
	}
	groups, err := s.joinGroups(c, w)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{
		"workshop": fiber.Map{"id": w.ID, "title": w.Title, "client_company": w.ClientCompany, "language": w.Language},
		"groups":   groups,
		"joined":   s.currentParticipant(c, w.ID) != nil,
	})
}

func (s *Server) joinGroups(c *fiber.Ctx, w *store.Workshop) ([]joinGroupJSON, error) {
	groups, err := s.store.Groups(c.UserContext(), w.ID)
	if err != nil {
		return nil, fromStore(err, "groups")
	}
	ps, err := s.store.Participants(c.UserContext(), w.ID)
	if err != nil {
		return nil, fromStore(err, "participants")
	}
	count := map[string]int{}
	for _, p := range ps {
		count[p.Group()]++
	}
	out := make([]joinGroupJSON, len(groups))
	for i, g := range groups {
		out[i] = joinGroupJSON{ID: g.ID, Name: g.Name, Members: count[g.ID]}
	}
	return out, nil
}

type joinRequest struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	GroupID string `json:"group_id"`
}

// join adds a participant to a workshop (or returns the one this device
// already is) and sets their cookie. Without a chosen group they go to the
// smallest one.
func (s *Server) join(c *fiber.Ctx) error {
	if err := s.limitJoin(c); err != nil {
		return err
	}
	var req joinRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	code := req.Code
	if i := strings.LastIndex(code, "/j/"); i >= 0 { // a pasted join URL
		code = code[i+3:]
	}
	w, err := s.workshopByCode(c, code)
	if err != nil {
		return err
	}
	if p := s.currentParticipant(c, w.ID); p != nil {
		return s.sendParticipantView(c, w, p)
	}
	name, err := text("name", req.Name, 40, true)
	if err != nil {
		return err
	}
	groups, err := s.joinGroups(c, w)
	if err != nil {
		return err
	}
	if len(groups) == 0 {
		return errConflict("this workshop has no groups yet")
	}
	group := ""
	if req.GroupID != "" {
		for _, g := range groups {
			if g.ID == req.GroupID {
				group = g.ID
			}
		}
		if group == "" {
			return errBadRequest("group_id", "there is no such group in this workshop")
		}
	} else {
		smallest := groups[0]
		for _, g := range groups[1:] {
			if g.Members < smallest.Members {
				smallest = g
			}
		}
		group = smallest.ID
	}
	cur, err := curriculumOf(w)
	if err != nil {
		return err
	}
	token := randomToken(32)
	p := &store.Participant{ID: store.NewID(), WorkshopID: w.ID, GroupID: &group, Name: name, TokenHash: hashToken(token)}
	boards, err := privateBoards(w.ID, cur, p.ID)
	if err != nil {
		return err
	}
	if err := s.store.CreateParticipant(c.UserContext(), p, boards); err != nil {
		return fromStore(err, "participant")
	}
	s.setCookie(c, participantPrefix+w.ID, token, participantLife, true)
	return s.sendParticipantView(c.Status(fiber.StatusCreated), w, p)
}

// currentParticipant returns the participant the request's cookie names in
// workshop, or nil.
func (s *Server) currentParticipant(c *fiber.Ctx, workshopID string) *store.Participant {
	token := participantToken(c, workshopID)
	if token == "" {
		return nil
	}
	p, err := s.store.ParticipantByToken(c.UserContext(), hashToken(token))
	if err != nil || p.WorkshopID != workshopID {
		return nil
	}
	return p
}

// participantView is what a participant's page loads: who they are, their
// group, the workshop's content and the boards they work on.
func (s *Server) participantView(c *fiber.Ctx) error {
	id := c.Params("workshop")
	p := s.currentParticipant(c, id)
	if p == nil {
		return errUnauthorized("join the workshop with its code first")
	}
	w, err := s.store.WorkshopByID(c.UserContext(), id)
	if err != nil {
		return fromStore(err, "workshop")
	}
	if err := s.store.TouchParticipant(c.UserContext(), p.ID, time.Now()); err != nil {
		s.log.Warn("touch participant", "err", err)
	}
	return s.sendParticipantView(c, w, p)
}

type participantViewJSON struct {
	Participant  participantJSON   `json:"participant"`
	Workshop     workshopJSON      `json:"workshop"`
	Group        *groupJSON        `json:"group"`
	ControlBoard string            `json:"control_board"`
	Boards       map[string]string `json:"boards"` // activity id → board id
	// WorkshopBoards are the boards everyone shares, by activity (a pass-off
	// round), beside the control board.
	WorkshopBoards map[string]string     `json:"workshop_boards"`
	Curriculum     *exercises.Curriculum `json:"curriculum"`
}

func (s *Server) sendParticipantView(c *fiber.Ctx, w *store.Workshop, p *store.Participant) error {
	ctx := c.UserContext()
	cur, err := curriculumOf(w)
	if err != nil {
		return err
	}
	refs, err := s.store.BoardRefs(ctx, w.ID)
	if err != nil {
		return fromStore(err, "boards")
	}
	view := participantViewJSON{Participant: participantOut(p), Workshop: s.workshopOut(w),
		Boards: map[string]string{}, WorkshopBoards: map[string]string{}, Curriculum: cur}
	for _, r := range refs {
		switch r.Scope {
		case store.ScopeWorkshop:
			if r.ActivityID == exercises.ControlActivity {
				view.ControlBoard = r.ID
			} else {
				view.WorkshopBoards[r.ActivityID] = r.ID
			}
		case store.GroupScope(p.Group()), store.ParticipantScope(p.ID):
			view.Boards[r.ActivityID] = r.ID
		}
	}
	groups, err := s.store.Groups(ctx, w.ID)
	if err != nil {
		return fromStore(err, "groups")
	}
	for _, g := range groups {
		if g.ID == p.Group() {
			view.Group = &groupJSON{ID: g.ID, Name: g.Name, Position: g.Position}
		}
	}
	if view.ControlBoard == "" {
		return errors.New("workshop has no control board")
	}
	return c.JSON(view)
}
