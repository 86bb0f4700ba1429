package server

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"playbook/exercises"
	"playbook/store"
)

// Limits of a workshop.
const (
	maxGroups       = 20
	defaultGroups   = 6
	maxWorkshopDays = 14
	maxTitle        = 120
)

type groupJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Position int    `json:"position"`
}

type workshopJSON struct {
	ID            string                `json:"id"`
	Title         string                `json:"title"`
	ClientCompany string                `json:"client_company"`
	Industry      string                `json:"industry"`
	StartsOn      string                `json:"starts_on"`
	EndsOn        string                `json:"ends_on"`
	Language      string                `json:"language"`
	JoinCode      string                `json:"join_code"`
	JoinURL       string                `json:"join_url"`
	CreatedAt     time.Time             `json:"created_at"`
	Groups        []groupJSON           `json:"groups,omitempty"`
	ControlBoard  string                `json:"control_board,omitempty"`
	Curriculum    *exercises.Curriculum `json:"curriculum,omitempty"`
}

func (s *Server) workshopOut(w *store.Workshop) workshopJSON {
	return workshopJSON{ID: w.ID, Title: w.Title, ClientCompany: w.ClientCompany, Industry: w.Industry,
		StartsOn: w.StartsOn, EndsOn: w.EndsOn, Language: w.Language, JoinCode: w.JoinCode,
		JoinURL: s.joinURL(w.JoinCode), CreatedAt: w.CreatedAt}
}

func groupsOut(gs []*store.Group) []groupJSON {
	out := make([]groupJSON, len(gs))
	for i, g := range gs {
		out[i] = groupJSON{ID: g.ID, Name: g.Name, Position: g.Position}
	}
	return out
}

// ownWorkshop loads the workshop named by the :id parameter and checks it
// belongs to the signed-in trainer. Another trainer's workshop is reported as
// not found, so its existence does not leak.
func (s *Server) ownWorkshop(c *fiber.Ctx) (*store.Workshop, error) {
	w, err := s.store.WorkshopByID(c.UserContext(), c.Params("id"))
	if err != nil {
		return nil, fromStore(err, "workshop")
	}
	if w.OwnerID != trainerOf(c).User.ID {
		return nil, errNotFound("workshop")
	}
	return w, nil
}

func (s *Server) listWorkshops(c *fiber.Ctx) error {
	ws, err := s.store.WorkshopsOf(c.UserContext(), trainerOf(c).User.ID)
	if err != nil {
		return fromStore(err, "workshops")
	}
	out := make([]workshopJSON, len(ws))
	for i, w := range ws {
		out[i] = s.workshopOut(w)
	}
	return c.JSON(fiber.Map{"workshops": out})
}

type createWorkshopRequest struct {
	Title         string   `json:"title"`
	ClientCompany string   `json:"client_company"`
	Industry      string   `json:"industry"`
	StartsOn      string   `json:"starts_on"`
	EndsOn        string   `json:"ends_on"`
	Language      string   `json:"language"`
	Groups        *int     `json:"groups"`
	GroupNames    []string `json:"group_names"`
	// CurriculumID is "builtin" (the default) or one of the trainer's copies.
	CurriculumID string `json:"curriculum_id"`
}

func (s *Server) createWorkshop(c *fiber.Ctx) error {
	var req createWorkshopRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	w := &store.Workshop{ID: store.NewID(), OwnerID: trainerOf(c).User.ID}
	if err := applyWorkshopFields(w, req.Title, req.ClientCompany, req.Industry, req.StartsOn, req.EndsOn, req.Language); err != nil {
		return err
	}
	names, err := groupNames(req.Groups, req.GroupNames, w.Language)
	if err != nil {
		return err
	}
	cur, err := s.workshopCurriculum(c, req.CurriculumID)
	if err != nil {
		return err
	}
	cur.ID = "workshop-" + w.ID
	if w.Curriculum, err = json.Marshal(cur); err != nil {
		return err
	}
	groups := make([]*store.Group, len(names))
	for i, name := range names {
		groups[i] = &store.Group{ID: store.NewID(), WorkshopID: w.ID, Name: name, Position: i + 1}
	}
	boards, err := plannedBoards(w, cur, groups)
	if err != nil {
		return err
	}
	// A join code collision is all but impossible (31^8 codes); retry anyway.
	for attempt := 0; attempt < 3; attempt++ {
		w.JoinCode = newJoinCode()
		if err = s.store.CreateWorkshop(c.UserContext(), w, groups, boards); !errors.Is(err, store.ErrConflict) {
			break
		}
	}
	if err != nil {
		return fromStore(err, "workshop")
	}
	return s.sendWorkshop(c.Status(fiber.StatusCreated), w)
}

// applyWorkshopFields validates and sets the editable fields.
func applyWorkshopFields(w *store.Workshop, title, company, industry, startsOn, endsOn, lang string) error {
	var err error
	if w.Title, err = text("title", title, maxTitle, true); err != nil {
		return err
	}
	if w.ClientCompany, err = text("client_company", company, maxTitle, true); err != nil {
		return err
	}
	if w.Industry, err = text("industry", industry, exercises.MaxShortText, false); err != nil {
		return err
	}
	start, err := date("starts_on", startsOn)
	if err != nil {
		return err
	}
	end, err := date("ends_on", endsOn)
	if err != nil {
		return err
	}
	if end.Before(start) {
		return errBadRequest("ends_on", "the workshop cannot end before it starts")
	}
	if end.Sub(start) > maxWorkshopDays*24*time.Hour {
		return errBadRequest("ends_on", "a workshop lasts at most %d days", maxWorkshopDays)
	}
	w.StartsOn, w.EndsOn = startsOn, endsOn
	switch lang {
	case "", "zh-CN":
		w.Language = "zh-CN"
	case "en":
		w.Language = "en"
	default:
		return errBadRequest("language", "language must be zh-CN or en")
	}
	return nil
}

// groupNames returns the names of the groups to create: the given ones, or
// count default names in the workshop's language.
func groupNames(count *int, names []string, lang string) ([]string, error) {
	if len(names) > 0 {
		if count != nil && *count != len(names) {
			return nil, errBadRequest("groups", "groups (%d) and group_names (%d) disagree", *count, len(names))
		}
		if len(names) > maxGroups {
			return nil, errBadRequest("group_names", "a workshop has at most %d groups", maxGroups)
		}
		out := make([]string, len(names))
		for i, n := range names {
			var err error
			if out[i], err = text("group_names", n, exercises.MaxShortText, true); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	n := defaultGroups
	if count != nil {
		n = *count
	}
	if n < 1 || n > maxGroups {
		return nil, errBadRequest("groups", "a workshop has 1 to %d groups", maxGroups)
	}
	out := make([]string, n)
	for i := range out {
		out[i] = defaultGroupName(i+1, lang)
	}
	return out, nil
}

func defaultGroupName(n int, lang string) string {
	if lang == "en" {
		return "Group " + strconv.Itoa(n)
	}
	return "第" + strconv.Itoa(n) + "组"
}

// joinAlphabet leaves out 0/O, 1/I/L so codes read aloud and typed from a
// projector come out right. 31^8 ≈ 8.5×10^11 codes.
const joinAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

const joinCodeLength = 8

func newJoinCode() string {
	b := make([]byte, joinCodeLength)
	max := big.NewInt(int64(len(joinAlphabet)))
	for i := range b {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic("server: no randomness: " + err.Error())
		}
		b[i] = joinAlphabet[n.Int64()]
	}
	return string(b)
}

// normalJoinCode accepts a code as people type it: any case, with spaces or
// a dash.
func normalJoinCode(code string) string {
	code = strings.ToUpper(code)
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, code)
}

// plannedBoards lists the boards a workshop needs: its control board and,
// for every activity served by an available group template, one per group.
// Private boards (reflections) are made per participant when they join.
func plannedBoards(w *store.Workshop, cur *exercises.Curriculum, groups []*store.Group) ([]*store.Board, error) {
	control, err := json.Marshal(exercises.NewControl(firstActivity(cur)))
	if err != nil {
		return nil, err
	}
	boards := []*store.Board{{ID: store.NewID(), WorkshopID: w.ID, ActivityID: exercises.ControlActivity,
		Scope: store.ScopeWorkshop, Kind: exercises.ControlKind, State: control}}
	wb, err := workshopBoards(w.ID, cur)
	if err != nil {
		return nil, err
	}
	gb, err := groupBoards(w.ID, cur, groups)
	return append(append(boards, wb...), gb...), err
}

// workshopBoards makes the one board per workshop of every activity whose
// kind asks for it (a pass-off round).
func workshopBoards(workshopID string, cur *exercises.Curriculum) ([]*store.Board, error) {
	var boards []*store.Board
	for _, a := range cur.Activities() {
		kind, ok := exercises.Lookup(a.Template)
		if !ok || !kind.Workshop {
			continue
		}
		b, err := newWorkshopBoard(workshopID, a)
		if err != nil {
			return nil, err
		}
		boards = append(boards, b)
	}
	return boards, nil
}

func newWorkshopBoard(workshopID string, a *exercises.Activity) (*store.Board, error) {
	st, err := exercises.NewState(a.Template, a.Config)
	if err != nil {
		return nil, fmt.Errorf("activity %s: %w", a.ID, err)
	}
	data, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	return &store.Board{ID: store.NewID(), WorkshopID: workshopID, ActivityID: a.ID, Scope: store.ScopeWorkshop,
		Kind: a.Template, State: data}, nil
}

// groupBoards makes every group template board of the given groups.
func groupBoards(workshopID string, cur *exercises.Curriculum, groups []*store.Group) ([]*store.Board, error) {
	var boards []*store.Board
	for _, a := range cur.Activities() {
		kind, ok := exercises.Lookup(a.Template)
		if !ok || kind.Private || kind.Workshop {
			continue
		}
		for _, g := range groups {
			st, err := exercises.NewState(a.Template, a.Config)
			if err != nil {
				return nil, fmt.Errorf("activity %s: %w", a.ID, err)
			}
			data, err := json.Marshal(st)
			if err != nil {
				return nil, err
			}
			gid := g.ID
			boards = append(boards, &store.Board{ID: store.NewID(), WorkshopID: workshopID, ActivityID: a.ID,
				Scope: store.GroupScope(g.ID), GroupID: &gid, Kind: a.Template, State: data})
		}
	}
	return boards, nil
}

// privateBoards makes a participant's own boards.
func privateBoards(workshopID string, cur *exercises.Curriculum, participantID string) ([]*store.Board, error) {
	var boards []*store.Board
	for _, a := range cur.Activities() {
		kind, ok := exercises.Lookup(a.Template)
		if !ok || !kind.Private {
			continue
		}
		st, err := exercises.NewState(a.Template, a.Config)
		if err != nil {
			return nil, fmt.Errorf("activity %s: %w", a.ID, err)
		}
		data, err := json.Marshal(st)
		if err != nil {
			return nil, err
		}
		pid := participantID
		boards = append(boards, &store.Board{ID: store.NewID(), WorkshopID: workshopID, ActivityID: a.ID,
			Scope: store.ParticipantScope(participantID), ParticipantID: &pid, Kind: a.Template, State: data})
	}
	return boards, nil
}

func firstActivity(cur *exercises.Curriculum) string {
	for _, a := range cur.Activities() {
		if _, ok := exercises.Lookup(a.Template); ok {
			return a.ID
		}
	}
	return ""
}

func curriculumOf(w *store.Workshop) (*exercises.Curriculum, error) {
	var cur exercises.Curriculum
	if err := json.Unmarshal(w.Curriculum, &cur); err != nil {
		return nil, fmt.Errorf("workshop %s: curriculum unreadable: %w", w.ID, err)
	}
	return &cur, nil
}

// sendWorkshop answers with the whole workshop: groups, control board and curriculum.
func (s *Server) sendWorkshop(c *fiber.Ctx, w *store.Workshop) error {
	ctx := c.UserContext()
	out := s.workshopOut(w)
	groups, err := s.store.Groups(ctx, w.ID)
	if err != nil {
		return fromStore(err, "groups")
	}
	out.Groups = groupsOut(groups)
	control, err := s.store.BoardFor(ctx, w.ID, exercises.ControlActivity, store.ScopeWorkshop)
	if err != nil {
		return fromStore(err, "control board")
	}
	out.ControlBoard = control.ID
	if out.Curriculum, err = curriculumOf(w); err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) getWorkshop(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	return s.sendWorkshop(c, w)
}

type updateWorkshopRequest struct {
	Title         *string `json:"title"`
	ClientCompany *string `json:"client_company"`
	Industry      *string `json:"industry"`
	StartsOn      *string `json:"starts_on"`
	EndsOn        *string `json:"ends_on"`
	Language      *string `json:"language"`
}

// patch returns the value of a field after the update.
func patch(p *string, current string) string {
	if p == nil {
		return current
	}
	return *p
}

func (s *Server) updateWorkshop(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	var req updateWorkshopRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if err := applyWorkshopFields(w, patch(req.Title, w.Title), patch(req.ClientCompany, w.ClientCompany),
		patch(req.Industry, w.Industry), patch(req.StartsOn, w.StartsOn), patch(req.EndsOn, w.EndsOn),
		patch(req.Language, w.Language)); err != nil {
		return err
	}
	if err := s.store.UpdateWorkshop(c.UserContext(), w); err != nil {
		return fromStore(err, "workshop")
	}
	return s.sendWorkshop(c, w)
}

func (s *Server) deleteWorkshop(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	if err := s.store.DeleteWorkshop(c.UserContext(), w.ID); err != nil {
		return fromStore(err, "workshop")
	}
	s.disconnectWorkshop(w.ID)
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) getBuiltinCurriculum(c *fiber.Ctx) error {
	return c.JSON(exercises.Builtin())
}
