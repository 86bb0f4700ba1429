package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"playbook/exercises"
	"playbook/playbook"
	"playbook/playbook/export"
	"playbook/store"
)

// The company playbook of a workshop: the trainer lays the groups' versions
// of an activity side by side, adopts sections, items or fields into the
// company version (each adoption records its group), sets values by hand,
// publishes immutable versions (refused with every reason while a check
// fails) and downloads the exports. Participants download their group's
// outputs and the published playbook.

// provenance says where one part of the company version came from.
type provenance struct {
	Activity  string    `json:"activity,omitempty"`
	GroupID   string    `json:"group_id,omitempty"`
	GroupName string    `json:"group_name,omitempty"`
	BoardID   string    `json:"board_id,omitempty"`
	Seq       int64     `json:"seq,omitempty"`
	Manual    bool      `json:"manual,omitempty"`
	Vote      string    `json:"vote,omitempty"` // decided by this room vote
	By        string    `json:"by"`
	At        time.Time `json:"at"`
}

type versionJSON struct {
	Version     int                  `json:"version"`
	PublishedAt time.Time            `json:"published_at"`
	PublishedBy string               `json:"published_by"`
	Diff        []playbook.DiffEntry `json:"diff"`
	DiffText    string               `json:"diff_text"`
}

// activityRef is an activity whose boards feed the playbook, and the section.
type activityRef struct {
	ID      string `json:"id"`
	Section string `json:"section"`
}

type companyPlaybookJSON struct {
	Activities []activityRef         `json:"activities"`
	Draft      json.RawMessage       `json:"draft"`
	Provenance map[string]provenance `json:"provenance"`
	Problems   []playbook.Problem    `json:"problems"`
	Versions   []versionJSON         `json:"versions"`
}

// loadDraft returns the workshop's company version and its provenance,
// starting an empty one from the workshop's setup the first time. Its
// appendix is read afresh from the case library (playbook_appendix.go).
func (s *Server) loadDraft(c *fiber.Ctx, w *store.Workshop) (*playbook.Playbook, map[string]provenance, error) {
	doc, prov, err := s.storedDraft(c, w)
	if err != nil {
		return nil, nil, err
	}
	if doc.Appendix, err = s.appendixOf(c.UserContext(), w); err != nil {
		return nil, nil, err
	}
	return doc, prov, nil
}

// storedDraft is the company version as last saved.
func (s *Server) storedDraft(c *fiber.Ctx, w *store.Workshop) (*playbook.Playbook, map[string]provenance, error) {
	cp, err := s.store.CompanyPlaybook(c.UserContext(), w.ID)
	if errors.Is(err, store.ErrNotFound) {
		doc := playbook.New(playbook.Company{Name: w.ClientCompany, Industry: w.Industry, Currency: "CNY", MinorUnits: 2,
			FiscalYearStart: 1, Language: w.Language})
		doc.Title = w.ClientCompany + " 销售作战手册"
		if w.Language == "en" {
			doc.Title = w.ClientCompany + " sales playbook"
		}
		return doc, map[string]provenance{}, nil
	}
	if err != nil {
		return nil, nil, fromStore(err, "company playbook")
	}
	doc, err := playbook.Decode(cp.Draft)
	if err != nil {
		return nil, nil, fmt.Errorf("workshop %s: stored company playbook unreadable: %w", w.ID, err)
	}
	prov := map[string]provenance{}
	if err := json.Unmarshal(cp.Provenance, &prov); err != nil {
		return nil, nil, fmt.Errorf("workshop %s: stored provenance unreadable: %w", w.ID, err)
	}
	return doc, prov, nil
}

// saveDraft stores the company version with the part at path now coming from
// p (and the adoption record, when there is one).
func (s *Server) saveDraft(c *fiber.Ctx, w *store.Workshop, doc *playbook.Playbook, prov map[string]provenance,
	path string, p provenance, a *store.Adoption) error {
	for k := range prov {
		if k == path || strings.HasPrefix(k, path+".") || strings.HasPrefix(k, path+"[") {
			delete(prov, k)
		}
	}
	prov[path] = p
	// The appendix is kept in the case library, not in the stored draft.
	stored := *doc
	stored.Appendix = nil
	draft, err := playbook.Encode(&stored)
	if err != nil {
		return err
	}
	provJSON, err := json.Marshal(prov)
	if err != nil {
		return err
	}
	return fromStore(s.store.SaveCompanyPlaybook(c.UserContext(), &store.CompanyPlaybook{WorkshopID: w.ID, Draft: draft, Provenance: provJSON}, a), "company playbook")
}

func (s *Server) sendCompanyPlaybook(c *fiber.Ctx, w *store.Workshop, doc *playbook.Playbook, prov map[string]provenance) error {
	draft, err := playbook.Encode(doc)
	if err != nil {
		return err
	}
	probs := doc.Validate()
	if probs == nil {
		probs = []playbook.Problem{}
	}
	versions, err := s.store.PlaybookVersions(c.UserContext(), w.ID)
	if err != nil {
		return fromStore(err, "playbook versions")
	}
	out := companyPlaybookJSON{Activities: []activityRef{}, Draft: draft, Provenance: prov, Problems: probs, Versions: []versionJSON{}}
	cur, err := curriculumOf(w)
	if err != nil {
		return err
	}
	for _, a := range cur.Activities() {
		if section := exercises.SectionOfActivity(a); section != "" {
			out.Activities = append(out.Activities, activityRef{ID: a.ID, Section: section})
		}
	}
	for _, v := range versions {
		vj, err := versionOut(v, w.Language)
		if err != nil {
			return err
		}
		out.Versions = append(out.Versions, vj)
	}
	return c.JSON(out)
}

func versionOut(v *store.PlaybookVersion, lang string) (versionJSON, error) {
	var diff []playbook.DiffEntry
	if err := json.Unmarshal(v.Diff, &diff); err != nil {
		return versionJSON{}, fmt.Errorf("version %d: diff unreadable: %w", v.Version, err)
	}
	if diff == nil {
		diff = []playbook.DiffEntry{}
	}
	return versionJSON{Version: v.Version, PublishedAt: v.PublishedAt, PublishedBy: v.PublishedBy, Diff: diff,
		DiffText: playbook.RenderDiff(diff, lang)}, nil
}

func (s *Server) getCompanyPlaybook(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	doc, prov, err := s.loadDraft(c, w)
	if err != nil {
		return err
	}
	return s.sendCompanyPlaybook(c, w, doc, prov)
}

// groupVersion is one group's version of an activity.
type groupVersion struct {
	GroupID   string            `json:"group_id"`
	GroupName string            `json:"group_name"`
	BoardID   string            `json:"board_id"`
	Seq       int64             `json:"seq"`
	Section   json.RawMessage   `json:"section"`
	Issues    []exercises.Issue `json:"issues"`
}

// compiledBoard compiles a group's board into an empty playbook.
func compiledBoard(b *store.Board) (*playbook.Playbook, []exercises.Issue, error) {
	st, err := exercises.DecodeState(b.Kind, b.State)
	if err != nil {
		return nil, nil, err
	}
	doc := playbook.New(playbook.Company{Currency: "CNY", MinorUnits: 2, FiscalYearStart: 1, Language: "zh-CN"})
	exercises.CompileBoard(b.ActivityID, st, doc)
	var issues []exercises.Issue
	if data, err := json.Marshal(st); err == nil {
		var v struct {
			Issues []exercises.Issue `json:"issues"`
		}
		if json.Unmarshal(data, &v) == nil {
			issues = v.Issues
		}
	}
	if issues == nil {
		issues = []exercises.Issue{}
	}
	return doc, issues, nil
}

// activitySection finds the structured kind and playbook section of an
// activity of the workshop.
func activitySection(w *store.Workshop, activity string) (kind, section string, err error) {
	cur, err := curriculumOf(w)
	if err != nil {
		return "", "", err
	}
	_, a, ok := cur.Activity(activity)
	if !ok {
		return "", "", errNotFound("activity")
	}
	section = exercises.SectionOfActivity(a)
	if section == "" {
		return "", "", errBadRequest("activity", "activity %s (%s) does not compile into the playbook", activity, a.Template)
	}
	return a.Template, section, nil
}

func (s *Server) compareActivity(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	activity := c.Params("activity")
	kind, section, err := activitySection(w, activity)
	if err != nil {
		return err
	}
	doc, _, err := s.storedDraft(c, w)
	if err != nil {
		return err
	}
	company, err := playbook.Get(doc, section)
	if err != nil {
		return err
	}
	groups, err := s.store.Groups(c.UserContext(), w.ID)
	if err != nil {
		return fromStore(err, "groups")
	}
	out := []groupVersion{}
	for _, g := range groups {
		b, err := s.store.BoardFor(c.UserContext(), w.ID, activity, store.GroupScope(g.ID))
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return fromStore(err, "board")
		}
		src, issues, err := compiledBoard(b)
		if err != nil {
			return err
		}
		sec, err := playbook.Get(src, section)
		if err != nil {
			return err
		}
		out = append(out, groupVersion{GroupID: g.ID, GroupName: g.Name, BoardID: b.ID, Seq: b.Seq, Section: sec, Issues: issues})
	}
	return c.JSON(fiber.Map{"activity": activity, "kind": kind, "section": section, "company": company, "groups": out})
}

type adoptRequest struct {
	Activity string `json:"activity"`
	Group    string `json:"group"`
	Path     string `json:"path"`
	Into     string `json:"into"` // where in the company version, when not at Path
}

func (s *Server) adoptIntoPlaybook(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	var req adoptRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	_, section, err := activitySection(w, req.Activity)
	if err != nil {
		return err
	}
	if req.Path == "" {
		req.Path = section
	}
	if playbook.SectionOf(req.Path) != playbook.SectionOf(section) {
		return errBadRequest("path", "activity %s feeds %s; %q is outside it", req.Activity, section, req.Path)
	}
	if req.Into != "" && playbook.SectionOf(req.Into) != playbook.SectionOf(section) {
		return errBadRequest("into", "activity %s feeds %s; %q is outside it", req.Activity, section, req.Into)
	}
	groups, err := s.store.Groups(c.UserContext(), w.ID)
	if err != nil {
		return fromStore(err, "groups")
	}
	var group *store.Group
	for _, g := range groups {
		if g.ID == req.Group {
			group = g
		}
	}
	if group == nil {
		return errNotFound("group")
	}
	b, err := s.store.BoardFor(c.UserContext(), w.ID, req.Activity, store.GroupScope(group.ID))
	if err != nil {
		return fromStore(err, "board")
	}
	src, _, err := compiledBoard(b)
	if err != nil {
		return err
	}
	doc, prov, err := s.loadDraft(c, w)
	if err != nil {
		return err
	}
	var next *playbook.Playbook
	var value json.RawMessage
	target := req.Path
	if req.Into != "" {
		target = req.Into
		next, value, err = playbook.AdoptInto(doc, src, req.Path, req.Into)
	} else {
		next, value, err = playbook.Adopt(doc, src, req.Path)
	}
	if err != nil {
		return errBadRequest("path", "%v", err)
	}
	if req.Path == "$.targets" {
		// The targets carry the company's currency and fiscal year.
		next.Company.Currency, next.Company.MinorUnits, next.Company.FiscalYearStart = src.Company.Currency, src.Company.MinorUnits, src.Company.FiscalYearStart
	}
	by := trainerOf(c).User.Name
	p := provenance{Activity: req.Activity, GroupID: group.ID, GroupName: group.Name, BoardID: b.ID, Seq: b.Seq, By: by, At: time.Now().UTC()}
	a := &store.Adoption{ID: store.NewID(), WorkshopID: w.ID, Path: target, ActivityID: req.Activity, GroupID: group.ID,
		GroupName: group.Name, BoardID: b.ID, BoardSeq: b.Seq, Value: value, AdoptedBy: by}
	if err := s.saveDraft(c, w, next, prov, target, p, a); err != nil {
		return err
	}
	return s.sendCompanyPlaybook(c, w, next, prov)
}

type setRequest struct {
	Path  string          `json:"path"`
	Value json.RawMessage `json:"value"`
}

func (s *Server) setInPlaybook(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	var req setRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if len(req.Value) == 0 {
		return errBadRequest("value", "value is required")
	}
	doc, prov, err := s.loadDraft(c, w)
	if err != nil {
		return err
	}
	next, err := playbook.Set(doc, req.Path, req.Value)
	if err != nil {
		return errBadRequest("path", "%v", err)
	}
	by := trainerOf(c).User.Name
	p := provenance{Manual: true, By: by, At: time.Now().UTC()}
	a := &store.Adoption{ID: store.NewID(), WorkshopID: w.ID, Path: req.Path, Value: req.Value, AdoptedBy: by}
	if err := s.saveDraft(c, w, next, prov, req.Path, p, a); err != nil {
		return err
	}
	return s.sendCompanyPlaybook(c, w, next, prov)
}

func (s *Server) listAdoptions(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	list, err := s.store.Adoptions(c.UserContext(), w.ID)
	if err != nil {
		return fromStore(err, "adoptions")
	}
	type adoptionJSON struct {
		Path      string          `json:"path"`
		Activity  string          `json:"activity"`
		GroupID   string          `json:"group_id"`
		GroupName string          `json:"group_name"`
		BoardSeq  int64           `json:"board_seq"`
		Value     json.RawMessage `json:"value"`
		By        string          `json:"by"`
		At        time.Time       `json:"at"`
	}
	out := make([]adoptionJSON, len(list))
	for i, a := range list {
		out[i] = adoptionJSON{Path: a.Path, Activity: a.ActivityID, GroupID: a.GroupID, GroupName: a.GroupName, BoardSeq: a.BoardSeq,
			Value: a.Value, By: a.AdoptedBy, At: a.AdoptedAt}
	}
	return c.JSON(fiber.Map{"adoptions": out})
}

func (s *Server) publishPlaybook(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	doc, prov, err := s.loadDraft(c, w)
	if err != nil {
		return err
	}
	var prev *playbook.Playbook
	number := 1
	last, err := s.store.PlaybookVersion(c.UserContext(), w.ID, 0)
	switch {
	case err == nil:
		if prev, err = playbook.Decode(last.Document); err != nil {
			return fmt.Errorf("workshop %s: version %d unreadable: %w", w.ID, last.Version, err)
		}
		number = last.Version + 1
	case !errors.Is(err, store.ErrNotFound):
		return fromStore(err, "playbook version")
	}
	data, diff, err := playbook.Publish(prev, doc, number, time.Now())
	var probs *playbook.Problems
	if errors.As(err, &probs) {
		return errInvalidPlaybook(probs.List)
	}
	if err != nil {
		return err
	}
	diffJSON, err := json.Marshal(diff)
	if err != nil {
		return err
	}
	provJSON, err := json.Marshal(prov)
	if err != nil {
		return err
	}
	published, _ := playbook.Decode(data)
	at, _ := time.Parse(time.RFC3339, published.PublishedAt)
	v := &store.PlaybookVersion{WorkshopID: w.ID, Version: number, Document: data, Diff: diffJSON, Provenance: provJSON,
		PublishedBy: trainerOf(c).User.Name, PublishedAt: at}
	if err := s.store.InsertPlaybookVersion(c.UserContext(), v); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return errConflict("another version was published at the same moment; reload and publish again")
		}
		return fromStore(err, "playbook version")
	}
	vj, err := versionOut(v, w.Language)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(vj)
}

func (s *Server) getPlaybookVersion(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(c.Params("n"))
	if err != nil || n < 1 {
		return errBadRequest("n", "a version is a number from 1")
	}
	v, err := s.store.PlaybookVersion(c.UserContext(), w.ID, n)
	if err != nil {
		return fromStore(err, "playbook version")
	}
	vj, err := versionOut(v, w.Language)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"version": vj, "document": json.RawMessage(v.Document)})
}

// exportPlaybook downloads an export of a published version (the latest, or
// ?version=N) or, with ?draft=1, of the company version being built.
func (s *Server) exportPlaybook(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	var doc *playbook.Playbook
	if c.Query("draft") != "" {
		if doc, _, err = s.loadDraft(c, w); err != nil {
			return err
		}
	} else if doc, err = s.publishedDoc(c, w.ID, c.Query("version")); err != nil {
		return err
	}
	return s.sendExport(c, doc, c.Params("format"), "")
}

func (s *Server) publishedDoc(c *fiber.Ctx, workshopID, version string) (*playbook.Playbook, error) {
	n := 0
	if version != "" {
		var err error
		if n, err = strconv.Atoi(version); err != nil || n < 1 {
			return nil, errBadRequest("version", "a version is a number from 1")
		}
	}
	v, err := s.store.PlaybookVersion(c.UserContext(), workshopID, n)
	if errors.Is(err, store.ErrNotFound) {
		return nil, &apiError{Status: http.StatusNotFound, Code: "not_found", Message: "no published version of the playbook yet"}
	}
	if err != nil {
		return nil, fromStore(err, "playbook version")
	}
	return playbook.Decode(v.Document)
}

// sendExport answers with one export as a download.
func (s *Server) sendExport(c *fiber.Ctx, doc *playbook.Playbook, format, prefix string) error {
	known := false
	for _, f := range export.Formats {
		known = known || f == format
	}
	if !known {
		return errNotFound("export format")
	}
	f, err := export.Single(doc, format)
	var probs *playbook.Problems
	if errors.As(err, &probs) {
		return errInvalidPlaybook(probs.List)
	}
	if err != nil {
		return err
	}
	name := f.Name
	if doc.Version > 0 {
		dot := strings.LastIndexByte(name, '.')
		name = fmt.Sprintf("%s-v%d%s", name[:dot], doc.Version, name[dot:])
	}
	name = prefix + name
	ctype := export.ContentType(format)
	if strings.HasSuffix(f.Name, ".zip") {
		ctype = "application/zip"
	}
	disposition := "attachment"
	if format == "report" && c.Query("inline") != "" {
		disposition = "inline"
	}
	c.Set(fiber.HeaderContentType, ctype)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`%s; filename="%s"`, disposition, name))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(f.Data)
}

// participantExport lets a participant download their group's outputs
// (?scope=group, the default) or the published company playbook
// (?scope=company). A group's outputs are usually unfinished: the JSON is
// always available; the other formats once the group's work passes the checks.
func (s *Server) participantExport(c *fiber.Ctx) error {
	id := c.Params("workshop")
	p := s.currentParticipant(c, id)
	if p == nil {
		return errUnauthorized("join the workshop with its code first")
	}
	w, err := s.store.WorkshopByID(c.UserContext(), id)
	if err != nil {
		return fromStore(err, "workshop")
	}
	format := c.Params("format")
	if c.Query("scope") == "company" {
		doc, err := s.publishedDoc(c, w.ID, "")
		if err != nil {
			return err
		}
		return s.sendExport(c, doc, format, "")
	}
	if p.Group() == "" {
		return errConflict("you are not in a group yet")
	}
	doc, err := s.groupPlaybook(c, w, p.Group())
	if err != nil {
		return err
	}
	if format == "json" {
		data, err := playbook.Encode(doc)
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, "application/json")
		c.Set(fiber.HeaderContentDisposition, `attachment; filename="group-playbook.json"`)
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.Send(data)
	}
	return s.sendExport(c, doc, format, "group-")
}

// groupPlaybook compiles every structured board of a group that the group
// has worked on into one document, in curriculum order.
func (s *Server) groupPlaybook(c *fiber.Ctx, w *store.Workshop, groupID string) (*playbook.Playbook, error) {
	doc, _, err := s.storedDraft(c, w)
	if err != nil {
		return nil, err
	}
	out := playbook.New(doc.Company)
	out.Title = doc.Title
	cur, err := curriculumOf(w)
	if err != nil {
		return nil, err
	}
	for _, a := range cur.Activities() {
		if exercises.SectionOfActivity(a) == "" {
			continue
		}
		b, err := s.store.BoardFor(c.UserContext(), w.ID, a.ID, store.GroupScope(groupID))
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fromStore(err, "board")
		}
		if b.Seq == 0 {
			// Untouched: it would only overwrite an earlier pass at the same
			// section (3.2 continues 3.1 on a board of its own).
			continue
		}
		st, err := exercises.DecodeState(b.Kind, b.State)
		if err != nil {
			return nil, err
		}
		exercises.CompileBoard(a.ID, st, out)
	}
	return out, nil
}
