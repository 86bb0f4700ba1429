package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"playbook/cases"
	"playbook/exercises"
	"playbook/playbook"
	"playbook/store"
)

// The curriculum library: the built-in curriculum (read only, embedded in
// the binary) and each trainer's own copies, which they edit freely — any
// text, time, question, lane, activity, interpretation or agenda block. A copy
// is saved only when it passes exercises.Curriculum.Check; a workshop is
// created from either and keeps its own copy from then on.

// BuiltinCurriculumID names the built-in curriculum in the API.
const BuiltinCurriculumID = "builtin"

// maxCurriculumBody bounds a curriculum document sent to the API.
const maxCurriculumBody = 512 << 10

type curriculumJSON struct {
	ID         string                `json:"id"`
	Title      exercises.Text        `json:"title"`
	Builtin    bool                  `json:"builtin"`
	BasedOn    string                `json:"based_on,omitempty"`
	Revision   int64                 `json:"revision"`
	UpdatedAt  *time.Time            `json:"updated_at,omitempty"`
	Curriculum *exercises.Curriculum `json:"curriculum,omitempty"`
	// Templates are the template kinds an activity may use, with their
	// presets, for the editor (sent with a curriculum's content).
	Templates []exercises.Template `json:"templates,omitempty"`
}

func builtinJSON(withContent bool) curriculumJSON {
	cur := exercises.Builtin()
	out := curriculumJSON{ID: BuiltinCurriculumID, Title: cur.Title, Builtin: true, Revision: int64(cur.Version)}
	if withContent {
		out.Curriculum = cur
	}
	return out
}

func copyJSON(c *store.Curriculum, cur *exercises.Curriculum) curriculumJSON {
	var title exercises.Text
	json.Unmarshal([]byte(c.Title), &title)
	t := c.UpdatedAt
	return curriculumJSON{ID: c.ID, Title: title, BasedOn: c.BasedOn, Revision: c.Revision, UpdatedAt: &t, Curriculum: cur}
}

// caseRefs says which cases a trainer's curriculum may refer to: the cases
// of their library (built in, or their own — see cases.go).
func (s *Server) caseRefs(ctx context.Context, owner string) exercises.Refs {
	return exercises.Refs{Case: func(id string) bool {
		if cases.IsBuiltin(id) {
			return true
		}
		_, err := s.libraryCase(ctx, owner, id)
		return err == nil
	}}
}

// checkCurriculum runs every check on a curriculum and answers 400 with all
// its problems, each with its code and its reason in English and Chinese.
func (s *Server) checkCurriculum(ctx context.Context, owner string, cur *exercises.Curriculum) error {
	err := cur.Check(s.caseRefs(ctx, owner))
	var probs exercises.Problems
	if errors.As(err, &probs) {
		list := make([]playbook.Problem, len(probs))
		for i, p := range probs {
			list[i] = playbook.Problem{Path: p.Path, Code: p.Code, Message: p.Message, MessageZH: p.MessageZH}
		}
		zh := probs[0].Path + "：" + probs[0].MessageZH
		if len(probs) > 1 {
			zh += fmt.Sprintf("（另有 %d 个问题）", len(probs)-1)
		}
		return &apiError{Status: fiber.StatusBadRequest, Code: "invalid", Field: probs[0].Path,
			Message: "the curriculum cannot be saved: " + probs.Error(), MessageZH: "课程无法保存：" + zh, Problems: list}
	}
	return err
}

// ownCurriculum loads a trainer's copy (another trainer's is not found) or,
// for "builtin", the built-in curriculum.
func (s *Server) ownCurriculum(c *fiber.Ctx, id string) (*store.Curriculum, *exercises.Curriculum, error) {
	if id == BuiltinCurriculumID || id == "" {
		return nil, exercises.Builtin(), nil
	}
	row, err := s.store.CurriculumByID(c.UserContext(), id)
	if err != nil {
		return nil, nil, fromStore(err, "curriculum")
	}
	if row.OwnerID != trainerOf(c).User.ID {
		return nil, nil, errNotFound("curriculum")
	}
	var cur exercises.Curriculum
	if err := json.Unmarshal(row.Content, &cur); err != nil {
		return nil, nil, err
	}
	return row, &cur, nil
}

func (s *Server) listCurricula(c *fiber.Ctx) error {
	rows, err := s.store.CurriculaOf(c.UserContext(), trainerOf(c).User.ID)
	if err != nil {
		return fromStore(err, "curricula")
	}
	out := []curriculumJSON{builtinJSON(false)}
	for _, r := range rows {
		out = append(out, copyJSON(r, nil))
	}
	return c.JSON(fiber.Map{"curricula": out})
}

func (s *Server) getCurriculum(c *fiber.Ctx) error {
	row, cur, err := s.ownCurriculum(c, c.Params("cid"))
	if err != nil {
		return err
	}
	out := builtinJSON(true)
	if row != nil {
		out = copyJSON(row, cur)
	}
	out.Templates = exercises.Templates()
	return c.JSON(out)
}

type createCurriculumRequest struct {
	From  string          `json:"from"` // "builtin" (default) or the id of one of the trainer's copies
	Title *exercises.Text `json:"title"`
}

// createCurriculum copies the built-in curriculum or one of the trainer's
// copies into the trainer's library.
func (s *Server) createCurriculum(c *fiber.Ctx) error {
	var req createCurriculumRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	_, cur, err := s.ownCurriculum(c, req.From)
	if err != nil {
		return err
	}
	owner := trainerOf(c).User.ID
	row := &store.Curriculum{ID: store.NewID(), OwnerID: owner, BasedOn: BuiltinCurriculumID}
	if req.From != "" {
		row.BasedOn = req.From
	}
	cur.ID = row.ID
	if req.Title != nil {
		cur.Title = *req.Title
	}
	if err := s.checkCurriculum(c.UserContext(), owner, cur); err != nil {
		return err
	}
	if err := fillCurriculumRow(row, cur); err != nil {
		return err
	}
	if err := s.store.CreateCurriculum(c.UserContext(), row); err != nil {
		return fromStore(err, "curriculum")
	}
	return c.Status(fiber.StatusCreated).JSON(copyJSON(row, cur))
}

func fillCurriculumRow(row *store.Curriculum, cur *exercises.Curriculum) error {
	title, err := json.Marshal(cur.Title)
	if err != nil {
		return err
	}
	content, err := json.Marshal(cur)
	if err != nil {
		return err
	}
	row.Title, row.Content = string(title), content
	return nil
}

type updateCurriculumRequest struct {
	Revision   int64                `json:"revision"`
	Curriculum exercises.Curriculum `json:"curriculum"`
}

// updateCurriculum replaces a copy's content. The request names the revision
// it was edited from; a copy saved meanwhile answers 409 and keeps the other
// save.
func (s *Server) updateCurriculum(c *fiber.Ctx) error {
	id := c.Params("cid")
	if id == BuiltinCurriculumID {
		return errForbidden("the built-in curriculum never changes; copy it into your library and edit the copy")
	}
	row, _, err := s.ownCurriculum(c, id)
	if err != nil {
		return err
	}
	var req updateCurriculumRequest
	if err := decodeLimit(c, &req, maxCurriculumBody); err != nil {
		return err
	}
	if req.Revision < 1 {
		return errBadRequest("revision", "send the revision the copy was edited from")
	}
	cur := &req.Curriculum
	cur.ID = row.ID
	if err := s.checkCurriculum(c.UserContext(), row.OwnerID, cur); err != nil {
		return err
	}
	if err := fillCurriculumRow(row, cur); err != nil {
		return err
	}
	if err := s.store.UpdateCurriculum(c.UserContext(), row, req.Revision); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return errConflict("this curriculum was saved meanwhile (another tab or device); reload it and apply your changes again")
		}
		return fromStore(err, "curriculum")
	}
	return c.JSON(copyJSON(row, cur))
}

func (s *Server) deleteCurriculum(c *fiber.Ctx) error {
	id := c.Params("cid")
	if id == BuiltinCurriculumID {
		return errForbidden("the built-in curriculum cannot be deleted")
	}
	if err := s.store.DeleteCurriculum(c.UserContext(), trainerOf(c).User.ID, id); err != nil {
		return fromStore(err, "curriculum")
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// workshopCurriculum is the curriculum a new workshop starts from: the
// built-in one or a copy of the trainer's, checked again (a case it names
// may have gone since it was saved).
func (s *Server) workshopCurriculum(c *fiber.Ctx, id string) (*exercises.Curriculum, error) {
	if id != "" && id != BuiltinCurriculumID && !exercises.ValidID(id) {
		return nil, errBadRequest("curriculum_id", "curriculum_id is \"builtin\" or the id of one of your curricula")
	}
	_, cur, err := s.ownCurriculum(c, id)
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) && ae.Status == fiber.StatusNotFound {
			return nil, errBadRequest("curriculum_id", "there is no curriculum %q in your library", id)
		}
		return nil, err
	}
	if err := s.checkCurriculum(c.UserContext(), trainerOf(c).User.ID, cur); err != nil {
		return nil, err
	}
	return cur, nil
}
