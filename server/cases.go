package server

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"playbook/cases"
	"playbook/store"
)

// The case library API: the built-in cases (read-only, every trainer) and
// each trainer's own cases (private: another trainer gets 404). Trainers see
// everything of a case, teaching notes included; participants only ever get
// the participant view (cases.PublicCase) through the /api/p routes of
// cases_workshop.go.

// Case scopes as the API names them.
const (
	scopeBuiltin = "builtin"
	scopeOwn     = "own"
	scopeClient  = "client"
)

// maxCaseBody bounds a case sent as JSON: a case file is at most 256 KB.
const maxCaseBody = 640 << 10

// libCase is a case of a trainer's library with where it comes from.
type libCase struct {
	c   *cases.Case
	rec *store.Case // nil for a built-in case
}

func (l *libCase) scope() string {
	switch {
	case l.rec == nil:
		return scopeBuiltin
	case l.rec.Kind == store.CaseClient:
		return scopeClient
	}
	return scopeOwn
}

// parseStored reads a stored case file; a file that no longer parses is a bug
// (everything stored went through Parse or Validate), reported as internal.
func parseStored(rec *store.Case) (*cases.Case, error) {
	c, err := cases.Parse(rec.Markdown)
	if err != nil {
		return nil, fmt.Errorf("stored case %s unreadable: %w", rec.ID, err)
	}
	return c, nil
}

// trainerLibrary returns the built-in cases and the trainer's own.
func (s *Server) trainerLibrary(ctx context.Context, ownerID string) ([]*libCase, error) {
	var out []*libCase
	for _, c := range cases.Builtin() {
		out = append(out, &libCase{c: c})
	}
	recs, err := s.store.CasesOf(ctx, ownerID)
	if err != nil {
		return nil, fromStore(err, "cases")
	}
	for _, rec := range recs {
		c, err := parseStored(rec)
		if err != nil {
			s.log.Error("case library", "err", err)
			continue
		}
		out = append(out, &libCase{c: c, rec: rec})
	}
	return out, nil
}

// visibleCase finds a case the signed-in trainer may read: a built-in one or
// their own. Anyone else's is not found.
func (s *Server) visibleCase(c *fiber.Ctx, id string) (*libCase, error) {
	return s.libraryCase(c.UserContext(), trainerOf(c).User.ID, id)
}

// libraryCase finds a case of owner's library: built in or owner's own.
func (s *Server) libraryCase(ctx context.Context, owner, id string) (*libCase, error) {
	if bc, ok := cases.BuiltinCase(id); ok {
		return &libCase{c: bc}, nil
	}
	if !cases.ValidID(id) {
		return nil, errNotFound("case")
	}
	rec, err := s.store.CaseByID(ctx, id)
	if err != nil {
		return nil, fromStore(err, "case")
	}
	if rec.OwnerID != owner {
		return nil, errNotFound("case")
	}
	parsed, err := parseStored(rec)
	if err != nil {
		return nil, err
	}
	return &libCase{c: parsed, rec: rec}, nil
}

// ownCase finds a case the signed-in trainer may change: their own.
func (s *Server) ownCase(c *fiber.Ctx, id string) (*libCase, error) {
	l, err := s.visibleCase(c, id)
	if err != nil {
		return nil, err
	}
	if l.rec == nil {
		return nil, errForbidden("built-in cases are read-only: copy the case into your library to change it")
	}
	return l, nil
}

type caseFileJSON struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	URL         string `json:"url"`
}

type caseJSON struct {
	*cases.Case
	Scope      string         `json:"scope"`
	Editable   bool           `json:"editable"`
	BasedOn    string         `json:"based_on,omitempty"`
	Appendix   bool           `json:"appendix"`
	WorkshopID string         `json:"workshop_id,omitempty"`
	Files      []caseFileJSON `json:"files"`
}

func (s *Server) caseOut(ctx context.Context, l *libCase) (*caseJSON, error) {
	out := &caseJSON{Case: l.c, Scope: l.scope(), Editable: l.rec != nil, Files: []caseFileJSON{}}
	base := "/api/cases/" + l.c.ID + "/files/"
	if l.rec == nil {
		for _, f := range cases.BuiltinFiles(l.c.ID) {
			out.Files = append(out.Files, caseFileJSON{f.Name, f.ContentType, int64(len(f.Data)), base + f.Name})
		}
		return out, nil
	}
	out.BasedOn, out.Appendix = l.rec.BasedOn, l.rec.Appendix
	if l.rec.WorkshopID != nil {
		out.WorkshopID = *l.rec.WorkshopID
	}
	files, err := s.store.CaseFiles(ctx, l.c.ID)
	if err != nil {
		return nil, fromStore(err, "case files")
	}
	for _, f := range files {
		out.Files = append(out.Files, caseFileJSON{f.Name, f.ContentType, f.Size, base + f.Name})
	}
	return out, nil
}

type caseListItem struct {
	*cases.Summary
	Scope    string     `json:"scope"`
	Editable bool       `json:"editable"`
	BasedOn  string     `json:"based_on,omitempty"`
	Appendix bool       `json:"appendix"`
	Match    *matchJSON `json:"match,omitempty"`
}

type matchJSON struct {
	Field   string `json:"field"`
	Lang    string `json:"lang"`
	Snippet string `json:"snippet"`
}

func listItem(l *libCase) caseListItem {
	it := caseListItem{Summary: l.c.Summarize(), Scope: l.scope(), Editable: l.rec != nil}
	if l.rec != nil {
		it.BasedOn, it.Appendix = l.rec.BasedOn, l.rec.Appendix
	}
	return it
}

// listCases searches the trainer's library: GET /api/cases?q=&module=&industry=&tag=&roleplay=&scope=&client=&lang=
func (s *Server) listCases(c *fiber.Ctx) error {
	q := cases.Query{Text: c.Query("q"), Industry: c.Query("industry"), Tag: c.Query("tag")}
	if n := utf8.RuneCountInString(q.Text); n > cases.MaxQuery {
		return errBadRequest("q", "the search text is %d characters long; the limit is %d", n, cases.MaxQuery)
	}
	if m := c.Query("module"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 1 || n > cases.MaxModule {
			return errBadRequest("module", "module must be a number from 1 to %d", cases.MaxModule)
		}
		q.Module = n
	}
	switch rp := c.Query("roleplay"); rp {
	case "":
	case "true", "false":
		b := rp == "true"
		q.RolePlay = &b
	default:
		return errBadRequest("roleplay", "roleplay must be true or false")
	}
	scope := c.Query("scope")
	switch scope {
	case "", scopeBuiltin, scopeOwn, scopeClient, "mine":
	default:
		return errBadRequest("scope", "scope must be builtin, own, client or mine")
	}
	lang := c.Query("lang", cases.ZH)
	if lang != cases.ZH && lang != cases.EN {
		return errBadRequest("lang", "lang must be zh-CN or en")
	}
	client := strings.TrimSpace(c.Query("client"))
	lib, err := s.trainerLibrary(c.UserContext(), trainerOf(c).User.ID)
	if err != nil {
		return err
	}
	byID := map[string]*libCase{}
	var pool []*cases.Case
	for _, l := range lib {
		sc := l.scope()
		if scope != "" && sc != scope && !(scope == "mine" && sc != scopeBuiltin) {
			continue
		}
		if client != "" && !strings.EqualFold(l.c.Client, client) {
			continue
		}
		byID[l.c.ID] = l
		pool = append(pool, l.c)
	}
	hits := cases.Search(pool, q)
	items := make([]caseListItem, len(hits))
	for i, h := range hits {
		items[i] = listItem(byID[h.Case.ID])
		if h.Field != "" {
			items[i].Match = &matchJSON{Field: h.Field, Lang: h.Lang, Snippet: h.Snippet}
		}
	}
	return c.JSON(fiber.Map{"cases": items, "total": len(items), "facets": cases.FacetsOf(pool, lang)})
}

func (s *Server) getCase(c *fiber.Ctx) error {
	l, err := s.visibleCase(c, c.Params("id"))
	if err != nil {
		return err
	}
	out, err := s.caseOut(c.UserContext(), l)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// caseInput is a case as the editor sends it; the server assigns id and time.
type caseInput struct {
	Modules  []int          `json:"modules"`
	RolePlay bool           `json:"roleplay"`
	Client   string         `json:"client"`
	ZH       *cases.Variant `json:"zh-CN"`
	EN       *cases.Variant `json:"en"`
}

// buildCase turns input into a valid case with id, or a 400 naming every problem.
func buildCase(id string, in caseInput, files []string) (*cases.Case, error) {
	c := &cases.Case{ID: id, Modules: in.Modules, RolePlay: in.RolePlay, Client: in.Client, ZH: in.ZH, EN: in.EN,
		Updated: time.Now().UTC()}
	c.Normalize()
	if err := checkCase(c, files); err != nil {
		return nil, err
	}
	return c, nil
}

// checkCase validates a normalised case: its rules, its size as a file, and
// that every file it refers to exists.
func checkCase(c *cases.Case, files []string) error {
	if ps := c.Validate(); len(ps) > 0 {
		return errBadRequest(ps[0].Field, "%s", cases.Problems(ps).Error())
	}
	if n := len(cases.Marshal(c)); n > cases.MaxFileBytes {
		return &apiError{Status: fiber.StatusRequestEntityTooLarge, Code: "too_large",
			Message: fmt.Sprintf("the case is %d KB as a file; a case may be at most %d KB", n>>10, cases.MaxFileBytes>>10)}
	}
	if missing := cases.MissingFiles(c, files); len(missing) > 0 {
		return errBadRequest("files", "the case shows %s, which is not uploaded to it: upload the file first", strings.Join(missing, ", "))
	}
	return nil
}

// newCaseID makes the id of a stored case: a lower-case ULID.
func newCaseID() string { return strings.ToLower(store.NewID()) }

func caseKind(client string) string {
	if client != "" {
		return store.CaseClient
	}
	return store.CaseOwn
}

func (s *Server) createCase(c *fiber.Ctx) error {
	var in caseInput
	if err := decodeLimit(c, &in, maxCaseBody); err != nil {
		return err
	}
	cs, err := buildCase(newCaseID(), in, nil)
	if err != nil {
		return err
	}
	rec := &store.Case{ID: cs.ID, OwnerID: trainerOf(c).User.ID, Kind: caseKind(cs.Client), Client: cs.Client,
		Markdown: cases.Marshal(cs), CreatedAt: cs.Updated, UpdatedAt: cs.Updated}
	if err := s.store.CreateCase(c.UserContext(), rec, nil); err != nil {
		return fromCaseStore(err, "case")
	}
	out, err := s.caseOut(c.UserContext(), &libCase{c: cs, rec: rec})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *Server) updateCase(c *fiber.Ctx) error {
	l, err := s.ownCase(c, c.Params("id"))
	if err != nil {
		return err
	}
	var in caseInput
	if err := decodeLimit(c, &in, maxCaseBody); err != nil {
		return err
	}
	files, err := s.store.CaseFiles(c.UserContext(), l.c.ID)
	if err != nil {
		return fromStore(err, "case files")
	}
	cs, err := buildCase(l.c.ID, in, fileNames(files))
	if err != nil {
		return err
	}
	l.rec.Markdown, l.rec.Client, l.rec.Kind, l.rec.UpdatedAt = cases.Marshal(cs), cs.Client, caseKind(cs.Client), cs.Updated
	if l.rec.Kind != store.CaseClient {
		l.rec.Appendix = false
	}
	if err := s.store.UpdateCase(c.UserContext(), l.rec); err != nil {
		return fromCaseStore(err, "case")
	}
	out, err := s.caseOut(c.UserContext(), &libCase{c: cs, rec: l.rec})
	if err != nil {
		return err
	}
	return c.JSON(out)
}

type patchCaseRequest struct {
	Appendix *bool `json:"appendix"`
}

// patchCase sets a client case's playbook-appendix flag.
func (s *Server) patchCase(c *fiber.Ctx) error {
	l, err := s.ownCase(c, c.Params("id"))
	if err != nil {
		return err
	}
	var req patchCaseRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Appendix == nil {
		return errBadRequest("appendix", "send appendix: true or false")
	}
	if *req.Appendix && l.rec.Kind != store.CaseClient {
		return errBadRequest("appendix", "only a client's own cases go into the playbook's appendix")
	}
	if *req.Appendix && l.rec.WorkshopID == nil {
		// A playbook belongs to a workshop; a case written outside one has no
		// playbook to go into, and accepting the flag would silently do nothing.
		return errBadRequest("appendix", "this case was not written in a workshop, so no playbook can carry it; add it to a workshop's playbook from that workshop's case drafts")
	}
	l.rec.Appendix = *req.Appendix
	if err := s.store.UpdateCase(c.UserContext(), l.rec); err != nil {
		return fromCaseStore(err, "case")
	}
	out, err := s.caseOut(c.UserContext(), l)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) deleteCase(c *fiber.Ctx) error {
	l, err := s.ownCase(c, c.Params("id"))
	if err != nil {
		return err
	}
	if err := s.store.DeleteCase(c.UserContext(), l.rec.OwnerID, l.c.ID); err != nil {
		return fromStore(err, "case")
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// copyCase copies a built-in case (or one of the trainer's own) into the
// trainer's library, files included.
func (s *Server) copyCase(c *fiber.Ctx) error {
	l, err := s.visibleCase(c, c.Params("id"))
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	files, err := s.filesWithData(ctx, l)
	if err != nil {
		return err
	}
	cp := l.c.Clone()
	cp.ID, cp.Updated = newCaseID(), time.Now().UTC().Truncate(time.Second)
	rec := &store.Case{ID: cp.ID, OwnerID: trainerOf(c).User.ID, Kind: caseKind(cp.Client), Client: cp.Client,
		BasedOn: l.c.ID, Markdown: cases.Marshal(cp), CreatedAt: cp.Updated, UpdatedAt: cp.Updated}
	if err := s.store.CreateCase(ctx, rec, files); err != nil {
		return fromCaseStore(err, "case")
	}
	out, err := s.caseOut(ctx, &libCase{c: cp, rec: rec})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

// filesWithData returns a library case's files with their bytes, as rows to store.
func (s *Server) filesWithData(ctx context.Context, l *libCase) ([]*store.CaseFile, error) {
	var out []*store.CaseFile
	if l.rec == nil {
		for _, f := range cases.BuiltinFiles(l.c.ID) {
			out = append(out, &store.CaseFile{Name: f.Name, ContentType: f.ContentType, Data: f.Data})
		}
		return out, nil
	}
	files, err := s.store.CaseFilesWithData(ctx, l.c.ID)
	if err != nil {
		return nil, fromStore(err, "case files")
	}
	for _, f := range files {
		out = append(out, &store.CaseFile{Name: f.Name, ContentType: f.ContentType, Data: f.Data})
	}
	return out, nil
}

func fileNames(files []*store.CaseFile) []string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	return names
}

// fromCaseStore maps store errors of the case library, limits included.
func fromCaseStore(err error, what string) error {
	if errors.Is(err, store.ErrLimit) {
		msg := err.Error()
		if i := strings.Index(msg, store.ErrLimit.Error()+": "); i >= 0 {
			msg = msg[i+len(store.ErrLimit.Error())+2:]
		}
		return errConflict(msg)
	}
	return fromStore(err, what)
}

// listScenarios lists the role-play briefs of the trainer's library (built in
// and own): the scenarios a pass-off round can start from. A brief never
// carries teaching notes.
func (s *Server) listScenarios(c *fiber.Ctx) error {
	lib, err := s.trainerLibrary(c.UserContext(), trainerOf(c).User.ID)
	if err != nil {
		return err
	}
	out := []*cases.Brief{}
	for _, l := range lib {
		if b, ok := l.c.Brief(); ok {
			out = append(out, b)
		}
	}
	return c.JSON(fiber.Map{"scenarios": out})
}
