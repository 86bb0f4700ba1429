package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"playbook/exercises"
	"playbook/exercises/passoff"
	"playbook/exercises/passoff/ledger"
	"playbook/realtime"
	"playbook/store"
)

// Pass-off (通关) rounds. The round board and the judges' score sheets are
// boards like any other and live on the websocket (docs/protocol.md); these
// routes make those boards, choose the panel, put a library rubric on a
// round, import paper score sheets, and export the ledger: statistics,
// XLSX, the playbook's passoff_results and printable certificates.

// maxSheetUpload bounds an imported score sheet.
const maxSheetUpload = 2 << 20

type personJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type passoffJSON struct {
	Activity   string     `json:"activity"`
	RoundBoard string     `json:"round_board"`
	SheetBoard string     `json:"sheet_board"` // the signed-in trainer's own score sheet
	Trainer    personJSON `json:"trainer"`
}

// passoffActivity loads the trainer's workshop and the pass-off activity
// named by :activity.
func (s *Server) passoffActivity(c *fiber.Ctx) (*store.Workshop, *exercises.Activity, error) {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return nil, nil, err
	}
	cur, err := curriculumOf(w)
	if err != nil {
		return nil, nil, err
	}
	_, a, ok := cur.Activity(c.Params("activity"))
	if !ok || a.Template != passoff.RoundKind {
		return nil, nil, errNotFound("pass-off activity")
	}
	return w, a, nil
}

// ensureRound returns the round board of an activity, making it for
// workshops created before pass-off existed.
func (s *Server) ensureRound(ctx context.Context, w *store.Workshop, a *exercises.Activity) (*store.Board, error) {
	b, err := s.store.BoardFor(ctx, w.ID, a.ID, store.ScopeWorkshop)
	if errors.Is(err, store.ErrNotFound) {
		nb, nerr := newWorkshopBoard(w.ID, a)
		if nerr != nil {
			return nil, nerr
		}
		if err := s.store.EnsureBoards(ctx, []*store.Board{nb}); err != nil {
			return nil, fromStore(err, "pass-off round")
		}
		b, err = s.store.BoardFor(ctx, w.ID, a.ID, store.ScopeWorkshop)
	}
	if err != nil {
		return nil, fromStore(err, "pass-off round")
	}
	return b, nil
}

func roundState(b *store.Board) (*passoff.RoundState, error) {
	st, err := exercises.DecodeState(b.Kind, b.State)
	if err != nil {
		return nil, err
	}
	r, ok := st.(*passoff.RoundState)
	if !ok {
		return nil, errors.New("server: board is not a pass-off round")
	}
	return r, nil
}

// ensureSheets makes the score sheets of people that lack one and returns
// every sheet's board id by owner.
func (s *Server) ensureSheets(ctx context.Context, w *store.Workshop, a *exercises.Activity, round *store.Board, people []passoff.Person) (map[string]string, error) {
	rs, err := roundState(round)
	if err != nil {
		return nil, err
	}
	var boards []*store.Board
	for _, p := range people {
		data, err := json.Marshal(passoff.NewSheet(p, rs.Rubric))
		if err != nil {
			return nil, err
		}
		b := &store.Board{ID: store.NewID(), WorkshopID: w.ID, ActivityID: a.ID, Kind: passoff.SheetKind, State: data}
		if p.Kind == exercises.RoleTrainer {
			b.Scope = store.TrainerScope(p.ID)
		} else {
			pid := p.ID
			b.Scope, b.ParticipantID = store.ParticipantScope(pid), &pid
		}
		boards = append(boards, b)
	}
	if err := s.store.EnsureBoards(ctx, boards); err != nil {
		return nil, fromStore(err, "score sheet")
	}
	out := map[string]string{}
	for _, b := range boards {
		got, err := s.store.BoardFor(ctx, w.ID, a.ID, b.Scope)
		if err != nil {
			return nil, fromStore(err, "score sheet")
		}
		out[got.Scope[2:]] = got.ID
	}
	return out, nil
}

func (s *Server) trainerPerson(c *fiber.Ctx) passoff.Person {
	t := trainerOf(c)
	return passoff.Person{ID: t.User.ID, Kind: exercises.RoleTrainer, Name: t.User.Name}
}

// getPassoff answers the round's board ids, making the round and the
// trainer's own sheet on first use.
func (s *Server) getPassoff(c *fiber.Ctx) error {
	w, a, err := s.passoffActivity(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	round, err := s.ensureRound(ctx, w, a)
	if err != nil {
		return err
	}
	me := s.trainerPerson(c)
	sheets, err := s.ensureSheets(ctx, w, a, round, []passoff.Person{me})
	if err != nil {
		return err
	}
	return c.JSON(passoffJSON{Activity: a.ID, RoundBoard: round.ID, SheetBoard: sheets[me.ID], Trainer: personJSON{me.ID, me.Name}})
}

// applyAsTrainer applies an operation on behalf of the signed-in trainer and
// waits until it is stored, or refused.
func (s *Server) applyAsTrainer(c *fiber.Ctx, w *store.Workshop, board string, op any) (int64, error) {
	raw, err := json.Marshal(op)
	if err != nil {
		return 0, err
	}
	t := trainerOf(c)
	actor := exercises.Actor{Kind: exercises.RoleTrainer, ID: t.User.ID, Name: t.User.Name}
	ctx, cancel := context.WithTimeout(c.UserContext(), 15*time.Second)
	defer cancel()
	seq, err := s.hub.Apply(ctx, w.ID, board, "http-"+store.NewID(), actor, raw)
	if err != nil {
		return 0, fromRefusal(err)
	}
	return seq, nil
}

// fromRefusal maps an operation's refusal to the API, with the operation's
// stable code.
func fromRefusal(err error) error {
	code, msg, field, ok := realtime.RefusalOf(err)
	if !ok {
		return err
	}
	status := http.StatusBadRequest
	switch code {
	case realtime.ErrForbidden:
		status = http.StatusForbidden
	case realtime.ErrNotFound:
		status = http.StatusNotFound
	case realtime.ErrConflict, realtime.ErrActivityClosed, realtime.ErrBoardLocked:
		status = http.StatusConflict
	case realtime.ErrUnavailable:
		status = http.StatusServiceUnavailable
	case realtime.ErrRateLimited:
		status = http.StatusTooManyRequests
	case realtime.ErrInternal:
		return err
	}
	return &apiError{Status: status, Code: code, Message: msg, Field: field}
}

type judgesRequest struct {
	Judges []string `json:"judges"`
}

// putJudges chooses the panel: the trainer and any participants. Their score
// sheets are made first, then the round's judges.set is applied.
func (s *Server) putJudges(c *fiber.Ctx) error {
	w, a, err := s.passoffActivity(c)
	if err != nil {
		return err
	}
	var req judgesRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if len(req.Judges) > passoff.MaxJudges {
		return errBadRequest("judges", "a panel has at most %d judges", passoff.MaxJudges)
	}
	ctx := c.UserContext()
	var people []passoff.Person
	seen := map[string]bool{}
	for _, id := range req.Judges {
		if seen[id] {
			continue
		}
		seen[id] = true
		if id == w.OwnerID {
			people = append(people, s.trainerPerson(c))
			continue
		}
		p, err := s.store.ParticipantByID(ctx, w.ID, id)
		if errors.Is(err, store.ErrNotFound) {
			return errBadRequest("judges", "there is no participant %q in this workshop", id)
		}
		if err != nil {
			return fromStore(err, "participant")
		}
		people = append(people, passoff.Person{ID: p.ID, Kind: exercises.RoleParticipant, Name: p.Name})
	}
	round, err := s.ensureRound(ctx, w, a)
	if err != nil {
		return err
	}
	if _, err := s.ensureSheets(ctx, w, a, round, people); err != nil {
		return err
	}
	ids := make([]string, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	seq, err := s.applyAsTrainer(c, w, round.ID, map[string]any{"kind": "judges.set", "judges": ids})
	if err != nil {
		return err
	}
	round, err = s.store.BoardByID(ctx, round.ID)
	if err != nil {
		return fromStore(err, "pass-off round")
	}
	rs, err := roundState(round)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"judges": rs.Judges, "seq": seq})
}

type scenarioRequest struct {
	CaseID string `json:"case_id"`
	Title  string `json:"title"`
	Brief  string `json:"brief"`
}

// putScenario sets the round's scenario: a role-play case of the library
// (its title and the seller's brief, in the workshop's language), or free
// text.
func (s *Server) putScenario(c *fiber.Ctx) error {
	w, a, err := s.passoffActivity(c)
	if err != nil {
		return err
	}
	var req scenarioRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	op := map[string]any{"kind": "scenario.set", "title": req.Title, "brief": req.Brief}
	if req.CaseID != "" {
		l, err := s.visibleCase(c, req.CaseID)
		if err != nil {
			return err
		}
		b, ok := l.c.Brief()
		if !ok {
			return errBadRequest("case_id", "case %q is not a role-play case", req.CaseID)
		}
		v := b.In(w.Language)
		op["case_id"], op["title"], op["brief"] = b.CaseID, trimRunes(v.Title, exercises.MaxShortText), trimRunes(v.SellerBrief, exercises.MaxLongText)
	}
	round, err := s.ensureRound(c.UserContext(), w, a)
	if err != nil {
		return err
	}
	seq, err := s.applyAsTrainer(c, w, round.ID, op)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"scenario": op, "seq": seq})
}

type roundRubricRequest struct {
	RubricID string          `json:"rubric_id"`
	Rubric   *passoff.Rubric `json:"rubric"`
}

// putRoundRubric puts a rubric on the round: one of the trainer's library
// ("builtin" for the built-in one), or one given in full.
func (s *Server) putRoundRubric(c *fiber.Ctx) error {
	w, a, err := s.passoffActivity(c)
	if err != nil {
		return err
	}
	var req roundRubricRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	r := req.Rubric
	switch {
	case (req.RubricID == "") == (r == nil):
		return errBadRequest("rubric_id", "send either rubric_id or rubric")
	case req.RubricID != "":
		if r, err = s.libraryRubric(c, req.RubricID); err != nil {
			return err
		}
	}
	round, err := s.ensureRound(c.UserContext(), w, a)
	if err != nil {
		return err
	}
	seq, err := s.applyAsTrainer(c, w, round.ID, map[string]any{"kind": "rubric.set", "rubric": r})
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"rubric": r, "seq": seq})
}

// roundNames resolves the people and groups of a workshop for the exports.
func (s *Server) roundNames(ctx context.Context, w *store.Workshop) (passoff.Names, error) {
	names := passoff.Names{People: map[string]string{}, Groups: map[string]string{}}
	ps, err := s.store.Participants(ctx, w.ID)
	if err != nil {
		return names, fromStore(err, "participants")
	}
	for _, p := range ps {
		names.People[p.ID] = p.Name
	}
	gs, err := s.store.Groups(ctx, w.ID)
	if err != nil {
		return names, fromStore(err, "groups")
	}
	for _, g := range gs {
		names.Groups[g.ID] = g.Name
	}
	if u, err := s.store.UserByID(ctx, w.OwnerID); err == nil {
		names.People[u.ID] = u.Name
	}
	return names, nil
}

// zoneOf is the time zone the exports date attempts in: ?tz= minutes east of
// UTC (what a browser's -getTimezoneOffset() gives), by default China's for
// a Chinese workshop (UTC+8, no daylight saving) and UTC otherwise.
func zoneOf(c *fiber.Ctx, w *store.Workshop) (*time.Location, error) {
	mins := 0
	if w.Language == "zh-CN" {
		mins = 8 * 60
	}
	if tz := c.Query("tz"); tz != "" {
		n, err := strconv.Atoi(tz)
		if err != nil || n < -14*60 || n > 14*60 {
			return nil, errBadRequest("tz", "tz is the offset from UTC in minutes, from -840 to 840")
		}
		mins = n
	}
	return time.FixedZone("", mins*60), nil
}

// roundLedger loads the round and builds its ledger.
func (s *Server) roundLedger(c *fiber.Ctx) (*store.Workshop, *passoff.RoundState, *passoff.Ledger, error) {
	w, a, err := s.passoffActivity(c)
	if err != nil {
		return nil, nil, nil, err
	}
	ctx := c.UserContext()
	round, err := s.ensureRound(ctx, w, a)
	if err != nil {
		return nil, nil, nil, err
	}
	rs, err := roundState(round)
	if err != nil {
		return nil, nil, nil, err
	}
	names, err := s.roundNames(ctx, w)
	if err != nil {
		return nil, nil, nil, err
	}
	zone, err := zoneOf(c, w)
	if err != nil {
		return nil, nil, nil, err
	}
	l, err := passoff.NewLedger(rs, names, zone)
	if err != nil {
		return nil, nil, nil, err
	}
	return w, rs, l, nil
}

// getPassoffReport answers the round's statistics: every revealed live
// attempt scored, the criteria's spread, the judges' harshness, agreement
// with its caveats, improvement, the group leaderboard, and the latest
// calibration with its flagged judges.
func (s *Server) getPassoffReport(c *fiber.Ctx) error {
	_, rs, l, err := s.roundLedger(c)
	if err != nil {
		return err
	}
	out := fiber.Map{"rubric": rs.Rubric, "report": l.Report, "names": l.Names, "calibration": nil}
	if cal := rs.LatestCalibration(); cal != nil {
		out["calibration"] = fiber.Map{"attempt": cal.ID, "name": cal.Name, "revealed_at": cal.RevealedAt, "result": cal.Calibrated}
	}
	return c.JSON(out)
}

// getPassoffResults answers the playbook's passoff_results section.
func (s *Server) getPassoffResults(c *fiber.Ctx) error {
	w, _, l, err := s.roundLedger(c)
	if err != nil {
		return err
	}
	return c.JSON(l.PlaybookResults(w.Language))
}

func (s *Server) exportMeta(c *fiber.Ctx, w *store.Workshop) ledger.Meta {
	return ledger.Meta{Workshop: w.Title, Company: w.ClientCompany, Trainer: trainerOf(c).User.Name, Lang: w.Language}
}

// attachment sets a download's name, in ASCII and in UTF-8 (RFC 6266).
func attachment(c *fiber.Ctx, ascii, utf8 string) {
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+ascii+`"; filename*=UTF-8''`+url.PathEscape(utf8))
}

func (s *Server) getPassoffXLSX(c *fiber.Ctx) error {
	w, _, l, err := s.roundLedger(c)
	if err != nil {
		return err
	}
	data, err := ledger.XLSX(l, s.exportMeta(c, w))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	attachment(c, "passoff-ledger.xlsx", w.Title+"-通关台账.xlsx")
	return c.Send(data)
}

// getCertificates answers the printable certificates: one per performer who
// passed (their first passing attempt), or only ?attempt= when it passed.
func (s *Server) getCertificates(c *fiber.Ctx) error {
	w, _, l, err := s.roundLedger(c)
	if err != nil {
		return err
	}
	rows := l.Passes()
	if id := c.Query("attempt"); id != "" {
		var one []passoff.LedgerRow
		for _, r := range l.Rows {
			if r.Attempt.ID == id && r.Attempt.Result != nil && r.Attempt.Result.Passed {
				one = append(one, r)
			}
		}
		if one == nil {
			return errNotFound("passed attempt")
		}
		rows = one
	}
	var buf bytes.Buffer
	if err := ledger.Certificates(&buf, ledger.CertificatesOf(rows), s.exportMeta(c, w)); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(buf.Bytes())
}

func (s *Server) printScript(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "text/javascript; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	return c.SendString(ledger.PrintScript)
}

// postPassoffImport imports a paper score sheet (CSV, as for `playbook
// passoff stats`) into the round as revealed attempts.
func (s *Server) postPassoffImport(c *fiber.Ctx) error {
	w, a, err := s.passoffActivity(c)
	if err != nil {
		return err
	}
	body := c.Body()
	if len(body) > maxSheetUpload {
		return &apiError{Status: fiber.StatusRequestEntityTooLarge, Code: "too_large", Message: "a score sheet is at most 2 MB"}
	}
	ctx := c.UserContext()
	round, err := s.ensureRound(ctx, w, a)
	if err != nil {
		return err
	}
	rs, err := roundState(round)
	if err != nil {
		return err
	}
	perfs, err := passoff.ReadSheet(rs.Rubric, bytes.NewReader(body))
	if err != nil {
		var se *passoff.SheetError
		if errors.As(err, &se) {
			return &apiError{Status: http.StatusBadRequest, Code: "invalid", Message: se.Error(), Field: "row " + strconv.Itoa(se.Row)}
		}
		return errBadRequest("", "the score sheet cannot be read: %v", err)
	}
	seq, err := s.applyAsTrainer(c, w, round.ID, map[string]any{"kind": "attempts.import", "performances": passoff.ImportOf(perfs)})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"imported": len(perfs), "seq": seq})
}

// The rubric library: each trainer's own rubrics, plus the built-in one
// (id "builtin"), which can be copied but not changed.

const builtinRubricID = "builtin"

type rubricJSON struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Builtin   bool            `json:"builtin,omitempty"`
	Rubric    *passoff.Rubric `json:"rubric"`
	CreatedAt *time.Time      `json:"created_at,omitempty"`
	UpdatedAt *time.Time      `json:"updated_at,omitempty"`
}

func rubricOut(r *store.PassoffRubric) (rubricJSON, error) {
	var rb passoff.Rubric
	if err := json.Unmarshal(r.Rubric, &rb); err != nil {
		return rubricJSON{}, err
	}
	return rubricJSON{ID: r.ID, Name: r.Name, Rubric: &rb, CreatedAt: &r.CreatedAt, UpdatedAt: &r.UpdatedAt}, nil
}

func builtinRubric() rubricJSON {
	r := passoff.DefaultRubric()
	return rubricJSON{ID: builtinRubricID, Name: r.Name.ZH, Builtin: true, Rubric: r}
}

// libraryRubric loads a rubric of the trainer's library (or the built-in one).
func (s *Server) libraryRubric(c *fiber.Ctx, id string) (*passoff.Rubric, error) {
	if id == builtinRubricID {
		return passoff.DefaultRubric(), nil
	}
	r, err := s.store.PassoffRubric(c.UserContext(), trainerOf(c).User.ID, id)
	if err != nil {
		return nil, fromStore(err, "rubric")
	}
	out, err := rubricOut(r)
	if err != nil {
		return nil, err
	}
	return out.Rubric, nil
}

func (s *Server) listRubrics(c *fiber.Ctx) error {
	rs, err := s.store.PassoffRubrics(c.UserContext(), trainerOf(c).User.ID)
	if err != nil {
		return fromStore(err, "rubrics")
	}
	out := []rubricJSON{builtinRubric()}
	for _, r := range rs {
		rj, err := rubricOut(r)
		if err != nil {
			return err
		}
		out = append(out, rj)
	}
	return c.JSON(fiber.Map{"rubrics": out})
}

type rubricRequest struct {
	Rubric *passoff.Rubric `json:"rubric"`
}

// validRubric reads and checks the rubric of a request: weights that do not
// add up to 100, a missing anchor or a bad scale are refused with the field.
func validRubric(c *fiber.Ctx) (*passoff.Rubric, []byte, error) {
	var req rubricRequest
	if err := decode(c, &req); err != nil {
		return nil, nil, err
	}
	if req.Rubric == nil {
		return nil, nil, errBadRequest("rubric", "rubric is required")
	}
	r := req.Rubric
	r.Normalize()
	if err := r.Validate(); err != nil {
		oe, _ := exercises.AsOpError(err)
		return nil, nil, &apiError{Status: http.StatusBadRequest, Code: "invalid", Message: oe.Message, Field: "rubric." + oe.Field}
	}
	data, err := json.Marshal(r)
	return r, data, err
}

func (s *Server) createRubric(c *fiber.Ctx) error {
	r, data, err := validRubric(c)
	if err != nil {
		return err
	}
	return s.storeNewRubric(c, r, data)
}

func (s *Server) storeNewRubric(c *fiber.Ctx, r *passoff.Rubric, data []byte) error {
	pr := &store.PassoffRubric{ID: store.NewID(), OwnerID: trainerOf(c).User.ID, Name: r.Name.In("zh-CN"), Rubric: data}
	if err := s.store.CreatePassoffRubric(c.UserContext(), pr); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return errConflict("the rubric library is full (200 rubrics); delete some first")
		}
		return fromStore(err, "rubric")
	}
	out, err := rubricOut(pr)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *Server) getRubric(c *fiber.Ctx) error {
	if c.Params("rid") == builtinRubricID {
		return c.JSON(builtinRubric())
	}
	r, err := s.store.PassoffRubric(c.UserContext(), trainerOf(c).User.ID, c.Params("rid"))
	if err != nil {
		return fromStore(err, "rubric")
	}
	out, err := rubricOut(r)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) updateRubric(c *fiber.Ctx) error {
	if c.Params("rid") == builtinRubricID {
		return errForbidden("the built-in rubric cannot be changed; copy it and edit the copy")
	}
	// Another trainer's rubric answers 404 whatever the body (authorization
	// before validation).
	if _, err := s.store.PassoffRubric(c.UserContext(), trainerOf(c).User.ID, c.Params("rid")); err != nil {
		return fromStore(err, "rubric")
	}
	r, data, err := validRubric(c)
	if err != nil {
		return err
	}
	pr := &store.PassoffRubric{ID: c.Params("rid"), OwnerID: trainerOf(c).User.ID, Name: r.Name.In("zh-CN"), Rubric: data}
	if err := s.store.UpdatePassoffRubric(c.UserContext(), pr); err != nil {
		return fromStore(err, "rubric")
	}
	return s.getRubric(c)
}

func (s *Server) deleteRubric(c *fiber.Ctx) error {
	if c.Params("rid") == builtinRubricID {
		return errForbidden("the built-in rubric cannot be deleted")
	}
	if err := s.store.DeletePassoffRubric(c.UserContext(), trainerOf(c).User.ID, c.Params("rid")); err != nil {
		return fromStore(err, "rubric")
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// copyRubric copies a library rubric (or the built-in one) into a new one
// named "… (副本)".
func (s *Server) copyRubric(c *fiber.Ctx) error {
	r, err := s.libraryRubric(c, c.Params("rid"))
	if err != nil {
		return err
	}
	cp := r.Clone()
	cp.Name.ZH = trimRunes(cp.Name.ZH, exercises.MaxShortText-4) + "（副本）"
	if cp.Name.EN != "" {
		cp.Name.EN = trimRunes(cp.Name.EN, exercises.MaxShortText-7) + " (copy)"
	}
	data, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	return s.storeNewRubric(c, cp, data)
}

func trimRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
