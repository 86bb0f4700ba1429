package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"playbook/exercises"
	"playbook/playbook"
	"playbook/store"
)

// Room votes on a disputed field of the company version: when the groups
// disagree (each group's probability for 方案报价, say), the trainer puts the
// field to the room. The vote is a poll activity added to the workshop's
// curriculum — one poll board per group, made the current activity, so every
// phone shows it at once — whose options are the groups' distinct values.
// The trainer then adopts the winning value, recorded with its groups.

// Limits of a vote.
const (
	maxVoteSources = 40
	maxVoteLabel   = 60
)

type voteSource struct {
	Group string `json:"group"`
	Path  string `json:"path"`
}

type voteRequest struct {
	Activity string       `json:"activity"`
	Path     string       `json:"path"`  // the company version's field
	Label    string       `json:"label"` // what is voted on, for people ("方案报价 · 赢率")
	Sources  []voteSource `json:"sources"`
}

type voteSourceJSON struct {
	GroupID   string `json:"group_id"`
	GroupName string `json:"group_name"`
	Path      string `json:"path"`
}

type voteOption struct {
	ID      string           `json:"id"`
	Title   exercises.Text   `json:"title"`
	Value   json.RawMessage  `json:"value"`
	Sources []voteSourceJSON `json:"sources"`
	Count   int              `json:"count"`
}

type voteJSON struct {
	ID        string       `json:"id"`
	Activity  string       `json:"activity"` // the poll activity
	Path      string       `json:"path"`
	Label     string       `json:"label"`
	Options   []voteOption `json:"options"`
	Voters    int          `json:"voters"`
	Decided   string       `json:"decided"`
	CreatedAt time.Time    `json:"created_at"`
}

// valueText renders a JSON value for an option's title.
func valueText(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(v, &list) == nil {
		return strings.Join(list, "；")
	}
	return string(v)
}

func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func (s *Server) createPlaybookVote(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	var req voteRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	_, section, err := activitySection(w, req.Activity)
	if err != nil {
		return err
	}
	if _, err := playbook.ParsePath(req.Path); err != nil || playbook.SectionOf(req.Path) != playbook.SectionOf(section) {
		return errBadRequest("path", "activity %s feeds %s; %q is not a field of it", req.Activity, section, req.Path)
	}
	label, err := text("label", req.Label, maxVoteLabel, true)
	if err != nil {
		return err
	}
	if len(req.Sources) < 2 || len(req.Sources) > maxVoteSources {
		return errBadRequest("sources", "a vote compares 2 to %d groups' values", maxVoteSources)
	}
	groups, err := s.store.Groups(c.UserContext(), w.ID)
	if err != nil {
		return fromStore(err, "groups")
	}
	byID := map[string]*store.Group{}
	for _, g := range groups {
		byID[g.ID] = g
	}
	// Each group's value; equal values make one option.
	var options []voteOption
	for _, src := range req.Sources {
		g := byID[src.Group]
		if g == nil {
			return errNotFound("group")
		}
		if playbook.SectionOf(src.Path) != playbook.SectionOf(section) {
			return errBadRequest("sources", "%q is outside the activity's section", src.Path)
		}
		b, err := s.store.BoardFor(c.UserContext(), w.ID, req.Activity, store.GroupScope(g.ID))
		if err != nil {
			return fromStore(err, "board")
		}
		doc, _, err := compiledBoard(b)
		if err != nil {
			return err
		}
		v, err := playbook.Get(doc, src.Path)
		if err != nil {
			return errBadRequest("sources", "%s has nothing at %s", g.Name, src.Path)
		}
		ref := voteSourceJSON{GroupID: g.ID, GroupName: g.Name, Path: src.Path}
		found := false
		for i := range options {
			if bytes.Equal(options[i].Value, v) {
				options[i].Sources = append(options[i].Sources, ref)
				found = true
			}
		}
		if !found {
			options = append(options, voteOption{ID: fmt.Sprintf("o%d", len(options)+1), Value: v, Sources: []voteSourceJSON{ref}})
		}
	}
	if len(options) < 2 {
		return errConflict("the groups already agree on this value; there is nothing to vote on")
	}
	pollOptions := make([]exercises.Option, len(options))
	for i := range options {
		names := make([]string, len(options[i].Sources))
		for j, src := range options[i].Sources {
			names[j] = src.GroupName
		}
		options[i].Title = exercises.Text{
			ZH: clipRunes(valueText(options[i].Value)+"（"+strings.Join(names, "、")+"）", exercises.MaxShortText),
			EN: clipRunes(valueText(options[i].Value)+" ("+strings.Join(names, ", ")+")", exercises.MaxShortText),
		}
		pollOptions[i] = exercises.Option{ID: options[i].ID, Title: options[i].Title}
	}

	// The poll activity, beside the disputed one.
	cur, err := curriculumOf(w)
	if err != nil {
		return err
	}
	votes, err := s.store.PlaybookVotes(c.UserContext(), w.ID)
	if err != nil {
		return fromStore(err, "votes")
	}
	id := ""
	for n := len(votes) + 1; ; n++ {
		id = fmt.Sprintf("vote-%d", n)
		if _, _, taken := cur.Activity(id); !taken {
			break
		}
	}
	cfg, err := json.Marshal(exercises.PollConfig{Options: pollOptions})
	if err != nil {
		return err
	}
	mod, _, _ := cur.Activity(req.Activity)
	for i := range mod.Activities {
		if mod.Activities[i].ID == req.Activity {
			mod.Activities = append(mod.Activities[:i+1], append([]exercises.Activity{{
				ID: id, Type: "poll", Template: "poll", Minutes: 3, Config: cfg,
				Title:    exercises.Text{ZH: "全场投票：" + label, EN: "Room vote: " + label},
				Question: exercises.Text{ZH: "公司版采用哪一个？" + label, EN: "Which one goes into the company playbook? " + label},
			}}, mod.Activities[i+1:]...)...)
			break
		}
	}
	curJSON, err := json.Marshal(cur)
	if err != nil {
		return err
	}
	var boards []*store.Board
	for _, g := range groups {
		st, err := exercises.NewState("poll", cfg)
		if err != nil {
			return fromOp(err)
		}
		data, err := json.Marshal(st)
		if err != nil {
			return err
		}
		gid := g.ID
		boards = append(boards, &store.Board{ID: store.NewID(), WorkshopID: w.ID, ActivityID: id, Scope: store.GroupScope(g.ID),
			GroupID: &gid, Kind: "poll", State: data})
	}
	optJSON, err := json.Marshal(options)
	if err != nil {
		return err
	}
	v := &store.PlaybookVote{ID: store.NewID(), WorkshopID: w.ID, ActivityID: id, Source: req.Activity, Path: req.Path, Label: label, Options: optJSON}
	if err := s.store.CreatePlaybookVote(c.UserContext(), v, curJSON, boards); err != nil {
		return fromStore(err, "vote")
	}
	// Every phone turns to the vote: it becomes the current activity.
	if err := s.trainerControl(c, w, map[string]any{"kind": "now.set", "activity": id}); err != nil {
		s.log.Warn("vote: could not make it the current activity", "workshop", w.ID, "err", err)
	}
	out, err := s.voteOut(c, v)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

// trainerControl applies an operation to the workshop's control board as the
// signed-in trainer.
func (s *Server) trainerControl(c *fiber.Ctx, w *store.Workshop, op map[string]any) error {
	cb, err := s.store.BoardFor(c.UserContext(), w.ID, exercises.ControlActivity, store.ScopeWorkshop)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(op)
	if err != nil {
		return err
	}
	u := trainerOf(c).User
	_, err = s.hub.Apply(c.UserContext(), w.ID, cb.ID, "http-"+store.NewID(), exercises.Actor{Kind: exercises.RoleTrainer, ID: u.ID, Name: u.Name}, raw)
	return err
}

// voteOut adds the live counts, summed over the groups' poll boards.
func (s *Server) voteOut(c *fiber.Ctx, v *store.PlaybookVote) (voteJSON, error) {
	out := voteJSON{ID: v.ID, Activity: v.ActivityID, Path: v.Path, Label: v.Label, Decided: v.Decided, CreatedAt: v.CreatedAt}
	if err := json.Unmarshal(v.Options, &out.Options); err != nil {
		return out, fmt.Errorf("vote %s: options unreadable: %w", v.ID, err)
	}
	boards, err := s.store.BoardsOf(c.UserContext(), v.WorkshopID, v.ActivityID)
	if err != nil {
		return out, fromStore(err, "boards")
	}
	counts := map[string]int{}
	for _, b := range boards {
		st, err := exercises.DecodeState(b.Kind, b.State)
		if err != nil {
			return out, err
		}
		if p, ok := st.(*exercises.PollState); ok {
			for id, n := range p.Counts {
				counts[id] += n
			}
			out.Voters += len(p.Ballots)
		}
	}
	for i := range out.Options {
		out.Options[i].Count = counts[out.Options[i].ID]
	}
	return out, nil
}

func (s *Server) listPlaybookVotes(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	votes, err := s.store.PlaybookVotes(c.UserContext(), w.ID)
	if err != nil {
		return fromStore(err, "votes")
	}
	out := []voteJSON{}
	for _, v := range votes {
		vj, err := s.voteOut(c, v)
		if err != nil {
			return err
		}
		out = append(out, vj)
	}
	return c.JSON(fiber.Map{"votes": out})
}

type decideRequest struct {
	Option string `json:"option"` // empty: the option with the most votes
}

func (s *Server) decidePlaybookVote(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	var req decideRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	votes, err := s.store.PlaybookVotes(c.UserContext(), w.ID)
	if err != nil {
		return fromStore(err, "votes")
	}
	var vote *store.PlaybookVote
	for _, v := range votes {
		if v.ID == c.Params("vote") {
			vote = v
		}
	}
	if vote == nil {
		return errNotFound("vote")
	}
	if vote.Decided != "" {
		return errConflict("this vote is already decided")
	}
	vj, err := s.voteOut(c, vote)
	if err != nil {
		return err
	}
	var chosen *voteOption
	if req.Option != "" {
		for i := range vj.Options {
			if vj.Options[i].ID == req.Option {
				chosen = &vj.Options[i]
			}
		}
		if chosen == nil {
			return errBadRequest("option", "the vote has no option %q", req.Option)
		}
	} else {
		ranked := append([]voteOption(nil), vj.Options...)
		sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].Count > ranked[j].Count })
		if ranked[0].Count == 0 {
			return errConflict("nobody has voted yet")
		}
		if ranked[0].Count == ranked[1].Count {
			return errConflict("the vote is tied: choose the option to adopt")
		}
		chosen = &ranked[0]
	}
	// The winning value, from the first group that had it.
	src := chosen.Sources[0]
	b, err := s.store.BoardFor(c.UserContext(), w.ID, vote.Source, store.GroupScope(src.GroupID))
	if err != nil {
		return fromStore(err, "board")
	}
	srcDoc, _, err := compiledBoard(b)
	if err != nil {
		return err
	}
	doc, prov, err := s.loadDraft(c, w)
	if err != nil {
		return err
	}
	next, value, err := playbook.AdoptInto(doc, srcDoc, src.Path, vote.Path)
	if err != nil {
		return errBadRequest("path", "%v", err)
	}
	if err := s.store.DecidePlaybookVote(c.UserContext(), w.ID, vote.ID, chosen.ID); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return errConflict("this vote is already decided")
		}
		return fromStore(err, "vote")
	}
	by := trainerOf(c).User.Name
	p := provenance{Activity: b.ActivityID, GroupID: src.GroupID, GroupName: src.GroupName, BoardID: b.ID, Seq: b.Seq, Vote: vote.ID, By: by, At: time.Now().UTC()}
	a := &store.Adoption{ID: store.NewID(), WorkshopID: w.ID, Path: vote.Path, ActivityID: b.ActivityID, GroupID: src.GroupID,
		GroupName: src.GroupName, BoardID: b.ID, BoardSeq: b.Seq, Value: value, AdoptedBy: by}
	if err := s.saveDraft(c, w, next, prov, vote.Path, p, a); err != nil {
		return err
	}
	return s.sendCompanyPlaybook(c, w, next, prov)
}
