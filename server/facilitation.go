package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"playbook/exercises"
	"playbook/store"
)

// What the console and the participant page read over HTTP beside the live
// boards: every group's progress, a participant's action plan, and the boards
// a gallery walk opens.

type progressJSON struct {
	Board     string    `json:"board"`
	Activity  string    `json:"activity"`
	Kind      string    `json:"kind"`
	GroupID   string    `json:"group_id"`
	Seq       int64     `json:"seq"`
	UpdatedAt time.Time `json:"updated_at"`
	exercises.Progress
}

// progress answers every group board's progress (items, required fields
// missing, comments, last activity), for one activity or all.
func (s *Server) progress(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	activity := c.Query("activity")
	if activity != "" {
		cur, err := curriculumOf(w)
		if err != nil {
			return err
		}
		if _, _, ok := cur.Activity(activity); !ok {
			return errBadRequest("activity", "there is no activity %q in this workshop", activity)
		}
	}
	boards, err := s.store.BoardsOf(c.UserContext(), w.ID, activity)
	if err != nil {
		return fromStore(err, "boards")
	}
	out := []progressJSON{}
	for _, b := range boards {
		if b.Group() == "" {
			continue
		}
		st, err := exercises.DecodeState(b.Kind, b.State)
		if err != nil {
			return err
		}
		out = append(out, progressJSON{Board: b.ID, Activity: b.ActivityID, Kind: b.Kind, GroupID: b.Group(),
			Seq: b.Seq, UpdatedAt: b.UpdatedAt, Progress: exercises.ProgressOf(st)})
	}
	return c.JSON(fiber.Map{"progress": out})
}

// participantOf returns the participant the cookie names in the :workshop
// parameter's workshop, and the workshop.
func (s *Server) participantOf(c *fiber.Ctx) (*store.Participant, *store.Workshop, error) {
	id := c.Params("workshop")
	p := s.currentParticipant(c, id)
	if p == nil {
		return nil, nil, errUnauthorized("join the workshop with its code first")
	}
	w, err := s.store.WorkshopByID(c.UserContext(), id)
	if err != nil {
		return nil, nil, fromStore(err, "workshop")
	}
	return p, w, nil
}

// actionPlan gathers a participant's reflections and every action assigned
// to them. ?format=md downloads it as Markdown (?lang=en for English).
func (s *Server) actionPlan(c *fiber.Ctx) error {
	p, w, err := s.participantOf(c)
	if err != nil {
		return err
	}
	scopes := []string{store.ParticipantScope(p.ID)}
	if p.Group() != "" {
		scopes = append(scopes, store.GroupScope(p.Group()))
	}
	boards, err := s.store.BoardsOf(c.UserContext(), w.ID, "", scopes...)
	if err != nil {
		return fromStore(err, "boards")
	}
	plan := exercises.ActionPlan{Insights: []exercises.Insight{}, Actions: []exercises.PlanEntry{}}
	for _, b := range boards {
		st, err := exercises.DecodeState(b.Kind, b.State)
		if err != nil {
			return err
		}
		plan.Add(b.ActivityID, st, p.ID)
	}
	plan.Sort()
	switch c.Query("format") {
	case "", "json":
		return c.JSON(plan)
	case "md":
	default:
		return errBadRequest("format", "format is json or md")
	}
	lang := c.Query("lang", w.Language)
	if lang != "en" {
		lang = "zh-CN"
	}
	cur, err := curriculumOf(w)
	if err != nil {
		return err
	}
	md := planMarkdown(plan, cur, w, p, lang)
	name := map[string]string{"zh-CN": "行动计划", "en": "action-plan"}[lang] + ".md"
	c.Set(fiber.HeaderContentType, "text/markdown; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="action-plan.md"; filename*=UTF-8''`+url.PathEscape(name))
	return c.SendString(md)
}

// planMarkdown writes an action plan as a Markdown document.
func planMarkdown(plan exercises.ActionPlan, cur *exercises.Curriculum, w *store.Workshop, p *store.Participant, lang string) string {
	tr := func(zh, en string) string {
		if lang == "en" {
			return en
		}
		return zh
	}
	activity := func(id string) string {
		if _, a, ok := cur.Activity(id); ok {
			if a.Title != (exercises.Text{}) {
				return id + " " + a.Title.In(lang)
			}
			return id + " " + a.Question.In(lang)
		}
		return id
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s — %s\n\n", tr("我的行动计划", "My action plan"), mdText(w.Title))
	fmt.Fprintf(&b, "%s · %s · %s–%s\n\n", mdText(p.Name), mdText(w.ClientCompany), w.StartsOn, w.EndsOn)
	fmt.Fprintf(&b, "## %s\n\n", tr("我的启发", "What I take away"))
	if len(plan.Insights) == 0 {
		b.WriteString(tr("(还没有写反思。)", "(No reflection written yet.)") + "\n\n")
	}
	for _, in := range plan.Insights {
		fmt.Fprintf(&b, "### %s — %s\n\n%s\n\n", mdText(activity(in.Activity)), mdText(in.Prompt.In(lang)), mdText(in.Text))
	}
	fmt.Fprintf(&b, "## %s\n\n", tr("我的行动", "My actions"))
	if len(plan.Actions) == 0 {
		b.WriteString(tr("(还没有分配给我的行动。)", "(No actions assigned to me yet.)") + "\n")
		return b.String()
	}
	fmt.Fprintf(&b, "| %s | %s | %s | %s |\n| --- | --- | --- | --- |\n",
		tr("行动", "Action"), tr("完成日期", "Due"), tr("状态", "Status"), tr("来自", "From"))
	for _, a := range plan.Actions {
		status := tr("待完成", "open")
		if a.Done {
			status = tr("已完成", "done")
		}
		due := a.Due
		if due == "" {
			due = "—"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", mdCell(a.Text), due, status, mdCell(activity(a.Activity)))
	}
	return b.String()
}

// mdText keeps user text from being read as Markdown markup that changes the
// document's structure (headings, HTML).
func mdText(s string) string {
	r := strings.NewReplacer("<", "&lt;", ">", "&gt;", "\r", "")
	lines := strings.Split(r.Replace(s), "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			lines[i] = `\` + strings.TrimSpace(l)
		}
	}
	return strings.Join(lines, "  \n")
}

func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", "", "<", "&lt;", ">", "&gt;").Replace(s)
}

type galleryBoardJSON struct {
	Board     string `json:"board"`
	GroupID   string `json:"group_id"`
	GroupName string `json:"group_name"`
	Position  int    `json:"position"`
	Own       bool   `json:"own"`
}

// gallery lists, while a gallery walk runs, every group's board of its
// activity for a participant to visit (409 when no walk runs).
func (s *Server) gallery(c *fiber.Ctx) error {
	p, w, err := s.participantOf(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	cb, err := s.store.BoardFor(ctx, w.ID, exercises.ControlActivity, store.ScopeWorkshop)
	if err != nil {
		return fromStore(err, "control board")
	}
	var ctl exercises.ControlState
	if err := json.Unmarshal(cb.State, &ctl); err != nil {
		return err
	}
	if ctl.Gallery == nil {
		return errConflict("no gallery walk is running")
	}
	groups, err := s.store.Groups(ctx, w.ID)
	if err != nil {
		return fromStore(err, "groups")
	}
	boards, err := s.store.BoardRefs(ctx, w.ID)
	if err != nil {
		return fromStore(err, "boards")
	}
	byGroup := map[string]string{}
	for _, b := range boards {
		if b.ActivityID == ctl.Gallery.Activity && b.GroupID != nil {
			byGroup[*b.GroupID] = b.ID
		}
	}
	out := []galleryBoardJSON{}
	for _, g := range groups {
		if id := byGroup[g.ID]; id != "" {
			out = append(out, galleryBoardJSON{Board: id, GroupID: g.ID, GroupName: g.Name, Position: g.Position, Own: g.ID == p.Group()})
		}
	}
	if len(out) == 0 {
		return errors.New("gallery: the activity has no group boards")
	}
	return c.JSON(fiber.Map{"activity": ctl.Gallery.Activity, "boards": out})
}
