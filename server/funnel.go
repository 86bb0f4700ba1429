package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"playbook/cases"
	"playbook/exercises"
	"playbook/exercises/funnel"
	"playbook/store"
)

// Funnel reviews: a trainer (or sales ops, with a trainer account) uploads
// an opportunity export in parts, previews and maps it, analyses it with a
// progress stream, and exports the result to XLSX. A review may be linked to
// one of the trainer's workshops, and its analysis loaded into the groups'
// boards of activity 5.0.

// Limits of funnel reviews.
const (
	DefaultFunnelMaxUpload = 50 << 20 // bytes per uploaded file
	DefaultFunnelMaxStored = 1 << 30  // bytes of uploads kept per trainer
	funnelPartBytes        = 4 << 20  // bytes per uploaded part
	maxFunnelReviews       = 200      // reviews per trainer
	funnelAnalyses         = 2        // analyses running at once per instance
	funnelWait             = 30 * time.Second
	funnelTimeout          = 10 * time.Minute
)

// File roles.
const (
	roleOpportunities = "opportunities"
	roleHistory       = "history"
)

// funnelSettings is how a review's files are read and analysed; it is stored
// with the review and sent with every analysis.
type funnelSettings struct {
	Mapping        funnel.Mapping      `json:"mapping"`
	HistoryMapping funnel.Mapping      `json:"history_mapping"`
	Sheet          string              `json:"sheet"`
	Stages         *funnel.StageConfig `json:"stages"`
	Won            string              `json:"won"`
	Lost           []string            `json:"lost"`
	Target         *funnelTarget       `json:"target"`
	DateOrder      string              `json:"date_order"`
	AsOf           string              `json:"as_of"`
}

type funnelTarget struct {
	Amount float64 `json:"amount"`
	From   string  `json:"from"`
	To     string  `json:"to"`
}

// options validates the settings and turns them into analysis options.
func (fs *funnelSettings) options() (funnel.Options, error) {
	var o funnel.Options
	if err := fs.Mapping.Validate(funnel.Fields); err != nil {
		return o, funnelError(err, "mapping")
	}
	if err := fs.HistoryMapping.Validate(funnel.HistoryFields); err != nil {
		return o, funnelError(err, "history_mapping")
	}
	if fs.Stages != nil {
		if err := fs.Stages.Validate(); err != nil {
			return o, funnelError(err, "stages")
		}
	}
	if len(fs.Won) > 200 || len(fs.Lost) > funnel.MaxStages || len([]rune(fs.Sheet)) > 200 {
		return o, errBadRequest("", "won, lost or sheet is too long")
	}
	switch fs.DateOrder {
	case "", "dmy", "mdy":
	default:
		return o, errBadRequest("date_order", "date_order must be dmy or mdy")
	}
	o = funnel.Options{Mapping: fs.Mapping, HistoryMapping: fs.HistoryMapping, Stages: fs.Stages, Won: fs.Won, Lost: fs.Lost,
		DateOrder: funnel.DateOrder(fs.DateOrder)}
	if fs.AsOf != "" {
		t, err := date("as_of", fs.AsOf)
		if err != nil {
			return o, err
		}
		o.AsOf = t
	}
	if t := fs.Target; t != nil {
		if t.Amount <= 0 || t.Amount > 1e13 {
			return o, errBadRequest("target.amount", "the target must be above 0 and at most 10^13")
		}
		o.Target = &funnel.Target{Amount: t.Amount}
		var err error
		if t.From != "" {
			if o.Target.From, err = date("target.from", t.From); err != nil {
				return o, err
			}
		}
		if t.To != "" {
			if o.Target.To, err = date("target.to", t.To); err != nil {
				return o, err
			}
		}
		if !o.Target.From.IsZero() && !o.Target.To.IsZero() && o.Target.To.Before(o.Target.From) {
			return o, errBadRequest("target.to", "the target's period ends before it starts")
		}
	}
	return o, nil
}

// funnelError turns an importer's refusal into an API error: 415 for a file
// that is not CSV or XLSX, 413 for one too large, 400 otherwise, with the
// reason in both languages.
func funnelError(err error, field string) error {
	ie, ok := funnel.AsInputError(err)
	if !ok {
		return err
	}
	status := http.StatusBadRequest
	switch ie.Code {
	case funnel.CodeNotTable:
		status = http.StatusUnsupportedMediaType
	case funnel.CodeTooLarge:
		status = http.StatusRequestEntityTooLarge
	}
	return &apiError{Status: status, Code: ie.Code, Message: ie.Message.EN, MessageZH: ie.Message.ZH, Field: field}
}

type funnelFileJSON struct {
	Role     string `json:"role"`
	Name     string `json:"name"`
	Size     int64  `json:"size"`
	Received int64  `json:"received"`
	Parts    int    `json:"parts"`
	Complete bool   `json:"complete"`
	PartSize int    `json:"part_size"`
}

type funnelReviewJSON struct {
	ID         string           `json:"id"`
	Title      string           `json:"title"`
	WorkshopID *string          `json:"workshop_id"`
	Settings   json.RawMessage  `json:"settings"`
	AnalyzedAt *time.Time       `json:"analyzed_at"`
	CreatedAt  time.Time        `json:"created_at"`
	UpdatedAt  time.Time        `json:"updated_at"`
	Files      []funnelFileJSON `json:"files,omitempty"`
	Result     json.RawMessage  `json:"result,omitempty"`
}

func fileOut(f *store.FunnelFile) funnelFileJSON {
	return funnelFileJSON{Role: f.Role, Name: f.Name, Size: f.Size, Received: f.Received, Parts: f.Parts, Complete: f.Complete, PartSize: funnelPartBytes}
}

func reviewOut(r *store.FunnelReview) funnelReviewJSON {
	return funnelReviewJSON{ID: r.ID, Title: r.Title, WorkshopID: r.WorkshopID, Settings: r.Settings, AnalyzedAt: r.AnalyzedAt,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// ownReview loads the review named by :rid and checks it is the trainer's.
func (s *Server) ownReview(c *fiber.Ctx) (*store.FunnelReview, error) {
	r, err := s.store.FunnelReview(c.UserContext(), c.Params("rid"))
	if err != nil {
		return nil, fromStore(err, "funnel review")
	}
	if r.OwnerID != trainerOf(c).User.ID {
		return nil, errNotFound("funnel review")
	}
	return r, nil
}

// linkWorkshop checks a workshop id given for a review belongs to the trainer.
func (s *Server) linkWorkshop(c *fiber.Ctx, id *string) error {
	if id == nil || *id == "" {
		return nil
	}
	w, err := s.store.WorkshopByID(c.UserContext(), *id)
	if errors.Is(err, store.ErrNotFound) || err == nil && w.OwnerID != trainerOf(c).User.ID {
		return errBadRequest("workshop_id", "there is no such workshop of yours")
	}
	return fromStore(err, "workshop")
}

func (s *Server) listFunnelReviews(c *fiber.Ctx) error {
	var list []*store.FunnelReview
	var err error
	if w := c.Query("workshop"); w != "" {
		if err := s.linkWorkshop(c, &w); err != nil {
			return errNotFound("workshop")
		}
		list, err = s.store.FunnelReviewsOfWorkshop(c.UserContext(), w)
	} else {
		list, err = s.store.FunnelReviewsOf(c.UserContext(), trainerOf(c).User.ID)
	}
	if err != nil {
		return fromStore(err, "funnel reviews")
	}
	out := make([]funnelReviewJSON, 0, len(list))
	for _, r := range list {
		out = append(out, reviewOut(r))
	}
	return c.JSON(fiber.Map{"reviews": out})
}

type createReviewRequest struct {
	Title      string  `json:"title"`
	WorkshopID *string `json:"workshop_id"`
}

func (s *Server) createFunnelReview(c *fiber.Ctx) error {
	var req createReviewRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	title, err := text("title", req.Title, maxTitle, true)
	if err != nil {
		return err
	}
	if err := s.linkWorkshop(c, req.WorkshopID); err != nil {
		return err
	}
	if req.WorkshopID != nil && *req.WorkshopID == "" {
		req.WorkshopID = nil
	}
	n, err := s.store.CountFunnelReviews(c.UserContext(), trainerOf(c).User.ID)
	if err != nil {
		return fromStore(err, "funnel reviews")
	}
	if n >= maxFunnelReviews {
		return errConflict(fmt.Sprintf("you have %d funnel reviews, the limit; delete old ones first", n))
	}
	r := &store.FunnelReview{ID: store.NewID(), OwnerID: trainerOf(c).User.ID, WorkshopID: req.WorkshopID, Title: title, Settings: []byte(`{}`)}
	if err := s.store.CreateFunnelReview(c.UserContext(), r); err != nil {
		return fromStore(err, "funnel review")
	}
	return c.Status(fiber.StatusCreated).JSON(reviewOut(r))
}

func (s *Server) getFunnelReview(c *fiber.Ctx) error {
	r, err := s.ownReview(c)
	if err != nil {
		return err
	}
	return s.sendReview(c, r)
}

func (s *Server) sendReview(c *fiber.Ctx, r *store.FunnelReview) error {
	out := reviewOut(r)
	files, err := s.store.FunnelFiles(c.UserContext(), r.ID)
	if err != nil {
		return fromStore(err, "funnel files")
	}
	out.Files = []funnelFileJSON{}
	for _, f := range files {
		out.Files = append(out.Files, fileOut(f))
	}
	out.Result = r.Result
	return c.JSON(out)
}

type updateReviewRequest struct {
	Title      *string         `json:"title"`
	WorkshopID *string         `json:"workshop_id"`
	Settings   json.RawMessage `json:"settings"`
}

func (s *Server) updateFunnelReview(c *fiber.Ctx) error {
	r, err := s.ownReview(c)
	if err != nil {
		return err
	}
	var req updateReviewRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Title != nil {
		if r.Title, err = text("title", *req.Title, maxTitle, true); err != nil {
			return err
		}
	}
	if req.WorkshopID != nil {
		if err := s.linkWorkshop(c, req.WorkshopID); err != nil {
			return err
		}
		r.WorkshopID = req.WorkshopID
		if *req.WorkshopID == "" {
			r.WorkshopID = nil
		}
	}
	if req.Settings != nil {
		fs, err := decodeSettings(req.Settings)
		if err != nil {
			return err
		}
		if r.Settings, err = json.Marshal(fs); err != nil {
			return err
		}
	}
	if err := s.store.UpdateFunnelReview(c.UserContext(), r); err != nil {
		return fromStore(err, "funnel review")
	}
	return s.sendReview(c, r)
}

// decodeSettings reads settings strictly and validates them.
func decodeSettings(raw []byte) (*funnelSettings, error) {
	var fs funnelSettings
	if len(raw) > 0 && string(raw) != "null" {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&fs); err != nil {
			return nil, jsonError(err)
		}
	}
	if _, err := fs.options(); err != nil {
		return nil, err
	}
	return &fs, nil
}

func (s *Server) deleteFunnelReview(c *fiber.Ctx) error {
	r, err := s.ownReview(c)
	if err != nil {
		return err
	}
	if err := s.store.DeleteFunnelReview(c.UserContext(), r.ID); err != nil {
		return fromStore(err, "funnel review")
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// pendingRole is the role of an upload still in progress.
func pendingRole(role string) string { return role + ":upload" }

func fileRole(c *fiber.Ctx) (string, error) {
	switch role := c.Params("role"); role {
	case roleOpportunities, roleHistory:
		return role, nil
	}
	return "", errNotFound("file role (opportunities or history)")
}

type startUploadRequest struct {
	Name string `json:"name"`
	Size int64  `json:"size"`
}

// startFunnelUpload begins an upload: the name and the size are declared
// first, so a file over the limit is refused before any byte is sent.
func (s *Server) startFunnelUpload(c *fiber.Ctx) error {
	r, err := s.ownReview(c)
	if err != nil {
		return err
	}
	role, err := fileRole(c)
	if err != nil {
		return err
	}
	var req startUploadRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	name, err := text("name", req.Name, 200, true)
	if err != nil {
		return err
	}
	switch {
	case req.Size <= 0:
		return &apiError{Status: http.StatusBadRequest, Code: funnel.CodeEmpty, Field: "size", Message: "the file is empty", MessageZH: "文件是空的"}
	case req.Size > s.cfg.FunnelMaxUpload:
		return &apiError{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Field: "size",
			Message:   fmt.Sprintf("the file is %.1f MB; the limit is %d MB", float64(req.Size)/(1<<20), s.cfg.FunnelMaxUpload>>20),
			MessageZH: fmt.Sprintf("文件有 %.1f MB，上限是 %d MB", float64(req.Size)/(1<<20), s.cfg.FunnelMaxUpload>>20)}
	}
	if ext := strings.ToLower(name[strings.LastIndexByte(name, '.')+1:]); strings.Contains(name, ".") && knownNonTable[ext] {
		return &apiError{Status: http.StatusUnsupportedMediaType, Code: funnel.CodeNotTable, Field: "name",
			Message: "a ." + ext + " file is not CSV or XLSX", MessageZH: "." + ext + " 文件不是 CSV 或 XLSX"}
	}
	stored, err := s.store.FunnelStoredBytes(c.UserContext(), r.OwnerID)
	if err != nil {
		return fromStore(err, "funnel files")
	}
	if old, err := s.store.FunnelFileFor(c.UserContext(), r.ID, pendingRole(role)); err == nil {
		stored -= old.Size
	}
	if stored+req.Size > s.cfg.FunnelMaxStored {
		return &apiError{Status: http.StatusRequestEntityTooLarge, Code: "quota",
			Message:   fmt.Sprintf("your uploads would take %d MB; the limit is %d MB: delete old reviews first", (stored+req.Size)>>20, s.cfg.FunnelMaxStored>>20),
			MessageZH: fmt.Sprintf("上传文件将占用 %d MB，上限是 %d MB：请先删除旧的复盘", (stored+req.Size)>>20, s.cfg.FunnelMaxStored>>20)}
	}
	// The upload goes to a pending file; it replaces the review's file of
	// this role only once it is complete and readable.
	f := &store.FunnelFile{ID: store.NewID(), ReviewID: r.ID, Role: pendingRole(role), Name: name, Size: req.Size}
	if err := s.store.StartFunnelFile(c.UserContext(), f); err != nil {
		return fromStore(err, "funnel file")
	}
	return c.Status(fiber.StatusCreated).JSON(fileOut(f))
}

// knownNonTable lists extensions that are surely not a table, refused before
// the upload; everything else is judged by its bytes.
var knownNonTable = map[string]bool{"pdf": true, "doc": true, "docx": true, "ppt": true, "pptx": true, "png": true,
	"jpg": true, "jpeg": true, "gif": true, "zip": true, "rar": true, "7z": true, "gz": true, "exe": true, "mp4": true, "mov": true}

// putFunnelPart stores one part of an upload (the raw bytes as the body).
func (s *Server) putFunnelPart(c *fiber.Ctx) error {
	r, err := s.ownReview(c)
	if err != nil {
		return err
	}
	role, err := fileRole(c)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(c.Params("n"))
	if err != nil || n < 0 || n > 100000 {
		return errBadRequest("n", "the part number must be a whole number from 0")
	}
	body := c.Body()
	switch {
	case len(body) == 0:
		return errBadRequest("", "the part is empty")
	case len(body) > funnelPartBytes:
		return &apiError{Status: http.StatusRequestEntityTooLarge, Code: "too_large",
			Message: fmt.Sprintf("a part holds at most %d MB", funnelPartBytes>>20), MessageZH: fmt.Sprintf("每段最多 %d MB", funnelPartBytes>>20)}
	}
	f, err := s.store.FunnelFileFor(c.UserContext(), r.ID, pendingRole(role))
	if err != nil {
		return fromStore(err, "upload (start it first)")
	}
	f, err = s.store.PutFunnelPart(c.UserContext(), f.ID, n, append([]byte(nil), body...))
	if err != nil {
		if errors.Is(err, store.ErrConflict) {
			return errConflict(strings.TrimPrefix(err.Error(), "store: funnel part: already exists: "))
		}
		return fromStore(err, "upload")
	}
	return c.JSON(fileOut(f))
}

// storedInput reads an uploaded file back from its parts, one part in
// memory at a time.
func (s *Server) storedInput(f *store.FunnelFile, sheet string) funnel.Input {
	return funnel.Input{Name: f.Name, Size: f.Size, Sheet: sheet, Open: func() (io.ReadCloser, error) {
		return &partsReader{st: s.store, id: f.ID, parts: f.Parts}, nil
	}}
}

type partsReader struct {
	st    *store.Store
	id    string
	n     int
	parts int
	buf   []byte
}

func (r *partsReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.n >= r.parts {
			return 0, io.EOF
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		data, err := r.st.FunnelPart(ctx, r.id, r.n)
		cancel()
		if err != nil {
			return 0, err
		}
		r.buf, r.n = data, r.n+1
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

func (r *partsReader) Close() error { return nil }

// completeFunnelUpload ends an upload once every byte has arrived, reads the
// file's head and answers the preview for the mapping step. A file that is
// empty or not CSV/XLSX is refused (and deleted) here.
func (s *Server) completeFunnelUpload(c *fiber.Ctx) error {
	r, err := s.ownReview(c)
	if err != nil {
		return err
	}
	role, err := fileRole(c)
	if err != nil {
		return err
	}
	f, err := s.store.FunnelFileFor(c.UserContext(), r.ID, pendingRole(role))
	if err != nil {
		return fromStore(err, "upload")
	}
	if err := s.store.CompleteFunnelFile(c.UserContext(), f.ID); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return errConflict(fmt.Sprintf("%d of %d bytes have arrived; send the rest first", f.Received, f.Size))
		}
		return fromStore(err, "upload")
	}
	f.Complete = true
	settings, _ := decodeSettings(r.Settings)
	if settings == nil || role == roleOpportunities {
		// A new export starts from automatic matching.
		settings = &funnelSettings{}
	}
	preview, err := s.preview(f, settings)
	if err != nil {
		if _, refused := funnel.AsInputError(err); refused {
			s.store.DeleteFunnelFile(c.UserContext(), f.ID)
		}
		return funnelError(err, "file")
	}
	if err := s.store.PromoteFunnelFile(c.UserContext(), f, role); err != nil {
		return fromStore(err, "upload")
	}
	return c.JSON(fiber.Map{"file": fileOut(f), "preview": preview})
}

func (s *Server) preview(f *store.FunnelFile, fs *funnelSettings) (any, error) {
	if f.Role == roleHistory {
		return funnel.PreviewHistoryFile(s.storedInput(f, ""), fs.HistoryMapping)
	}
	release, err := s.funnelSlot()
	if err != nil {
		return nil, err
	}
	defer release()
	return funnel.PreviewFile(s.storedInput(f, fs.Sheet), fs.Mapping, funnel.DateOrder(fs.DateOrder))
}

// funnelSlot waits for one of the instance's analysis slots.
func (s *Server) funnelSlot() (func(), error) {
	select {
	case s.funnelSlots <- struct{}{}:
		return func() { <-s.funnelSlots }, nil
	case <-time.After(funnelWait):
		return nil, &apiError{Status: http.StatusServiceUnavailable, Code: "busy", Message: "other analyses are running; try again in a minute",
			MessageZH: "其他分析正在进行，请一分钟后再试"}
	}
}

// previewFunnel previews a file again with a new mapping.
func (s *Server) previewFunnel(c *fiber.Ctx) error {
	r, err := s.ownReview(c)
	if err != nil {
		return err
	}
	fs, err := decodeSettings(c.Body())
	if err != nil {
		return err
	}
	if ct := c.Get(fiber.HeaderContentType); !strings.HasPrefix(ct, fiber.MIMEApplicationJSON) {
		return &apiError{Status: fiber.StatusUnsupportedMediaType, Code: "unsupported_media_type", Message: "send the request body as application/json"}
	}
	role := c.Query("role", roleOpportunities)
	if role != roleOpportunities && role != roleHistory {
		return errBadRequest("role", "role must be opportunities or history")
	}
	f, err := s.store.FunnelFileFor(c.UserContext(), r.ID, role)
	if err != nil || !f.Complete {
		return errConflict("upload the " + role + " file first")
	}
	pv, err := s.preview(f, fs)
	if err != nil {
		return funnelError(err, "mapping")
	}
	return c.JSON(fiber.Map{"file": fileOut(f), "preview": pv})
}

// analyzeFunnel runs the analysis with the given settings and answers with a
// stream of JSON lines (application/x-ndjson): {"type":"progress",...} as
// the file is read, then {"type":"result","review":{…}} or
// {"type":"error","error":{…}}. Everything that refuses the request outright
// (settings, missing file, no stage column, a busy server) is answered
// before the stream starts, with a 4xx/5xx status.
func (s *Server) analyzeFunnel(c *fiber.Ctx) error {
	r, err := s.ownReview(c)
	if err != nil {
		return err
	}
	if ct := c.Get(fiber.HeaderContentType); !strings.HasPrefix(ct, fiber.MIMEApplicationJSON) {
		return &apiError{Status: fiber.StatusUnsupportedMediaType, Code: "unsupported_media_type", Message: "send the request body as application/json"}
	}
	if len(c.Body()) > maxJSONBody {
		return &apiError{Status: fiber.StatusRequestEntityTooLarge, Code: "too_large", Message: "the settings are too large"}
	}
	fs, err := decodeSettings(c.Body())
	if err != nil {
		return err
	}
	opt, _ := fs.options()
	ctx := c.UserContext()
	f, err := s.store.FunnelFileFor(ctx, r.ID, roleOpportunities)
	if err != nil || !f.Complete {
		return errConflict("upload the opportunity file first")
	}
	in := s.storedInput(f, fs.Sheet)
	if err := funnel.CheckMapping(in, opt.Mapping); err != nil {
		return funnelError(err, "mapping")
	}
	if h, err := s.store.FunnelFileFor(ctx, r.ID, roleHistory); err == nil && h.Complete {
		hin := s.storedInput(h, "")
		opt.History = &hin
	}
	settings, err := json.Marshal(fs)
	if err != nil {
		return err
	}
	release, err := s.funnelSlot()
	if err != nil {
		return err
	}
	review := *r
	c.Set(fiber.HeaderContentType, "application/x-ndjson; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Accel-Buffering", "no")
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer release()
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		last := time.Time{}
		opt.Progress = func(p funnel.Progress) {
			if time.Since(last) < 100*time.Millisecond {
				return
			}
			last = time.Now()
			enc.Encode(fiber.Map{"type": "progress", "pass": p.Pass, "rows": p.Rows, "bytes": p.Bytes, "total": p.Total})
			w.Flush()
		}
		enc.Encode(fiber.Map{"type": "progress", "pass": 1, "rows": 0, "bytes": 0, "total": f.Size})
		w.Flush()
		result, err := funnel.Analyze(in, opt)
		if err != nil {
			ae := funnelError(err, "file")
			var out *apiError
			if !errors.As(ae, &out) {
				s.log.Error("funnel analysis failed", "review", review.ID, "err", err)
				out = &apiError{Status: 500, Code: "internal", Message: "the analysis failed"}
			}
			enc.Encode(fiber.Map{"type": "error", "error": out})
			w.Flush()
			return
		}
		data, err := json.Marshal(result)
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			var at time.Time
			at, err = s.store.SaveFunnelResult(ctx, review.ID, settings, data)
			cancel()
			review.Settings, review.Result, review.AnalyzedAt = settings, data, &at
		}
		if err != nil {
			s.log.Error("funnel result not stored", "review", review.ID, "err", err)
			enc.Encode(fiber.Map{"type": "error", "error": &apiError{Status: 503, Code: "unavailable", Message: "the result could not be stored; try again"}})
			w.Flush()
			return
		}
		out := reviewOut(&review)
		out.Result = data
		enc.Encode(fiber.Map{"type": "result", "review": out})
		w.Flush()
	})
	return nil
}

// exportFunnel answers the review's result as an XLSX workbook.
func (s *Server) exportFunnel(c *fiber.Ctx) error {
	r, err := s.ownReview(c)
	if err != nil {
		return err
	}
	if r.Result == nil {
		return errConflict("analyse the review first")
	}
	var res funnel.Result
	if err := json.Unmarshal(r.Result, &res); err != nil {
		return fmt.Errorf("funnel review %s: stored result unreadable: %w", r.ID, err)
	}
	lang := c.Query("lang", "zh-CN")
	if lang != "zh-CN" && lang != "en" {
		return errBadRequest("lang", "lang must be zh-CN or en")
	}
	var buf bytes.Buffer
	if err := res.WriteXLSX(&buf, lang); err != nil {
		return err
	}
	name := "funnel-review-" + r.ID + ".xlsx"
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	return c.Send(buf.Bytes())
}

type loadFunnelRequest struct {
	Activity string `json:"activity"`
	Source   string `json:"source"`
	ReviewID string `json:"review_id"`
}

// sampleFunnel analyses the sales-data-analysis case's sample opportunities
// with their stage history, against the stages the case describes (the
// normal time of each stage: 21, 28, 30 and 21 days; the case gives no
// probabilities, so the empirical ones weight the pipeline), at the data
// set's own "today".
func sampleFunnel() (*funnel.Result, error) {
	opps, history := cases.SampleData()
	asOf, err := time.Parse(time.DateOnly, cases.SampleDataAsOf)
	if err != nil {
		return nil, err
	}
	stages := &funnel.StageConfig{Source: "case", Stages: []funnel.Stage{
		{Name: "初步接洽", MaxDays: 21}, {Name: "需求确认", MaxDays: 28}, {Name: "方案评估", MaxDays: 30}, {Name: "合同谈判", MaxDays: 21},
		{Name: "赢单", Won: true}, {Name: "输单", Lost: true}}}
	h := memoryInput(cases.SampleStageHistory, history)
	return funnel.Analyze(memoryInput(cases.SampleOpportunities, opps), funnel.Options{Stages: stages, History: &h, AsOf: asOf})
}

func sampleDatasetName(lang string) string {
	if lang == "en" {
		return "Sales data analysis (case sample)"
	}
	return "销售数据分析（案例样本）"
}

func memoryInput(name string, data []byte) funnel.Input {
	return funnel.Input{Name: name, Size: int64(len(data)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
}

// loadWorkshopFunnel puts an analysis on every group's board of a funnel
// activity (5.0): the case's sample data or one of the trainer's analysed
// reviews.
func (s *Server) loadWorkshopFunnel(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	var req loadFunnelRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	cur, err := curriculumOf(w)
	if err != nil {
		return err
	}
	activity := ""
	for _, a := range cur.Activities() {
		if a.Template == "funnel" && (req.Activity == "" || req.Activity == a.ID) {
			activity = a.ID
			break
		}
	}
	if activity == "" {
		return errBadRequest("activity", "this workshop has no funnel activity %q", req.Activity)
	}
	var result *funnel.Result
	dataset := exercises.FunnelDataset{Source: req.Source}
	switch req.Source {
	case "sample":
		if result, err = sampleFunnel(); err != nil {
			return err
		}
		dataset.Name = sampleDatasetName(w.Language)
	case "review":
		rv, err := s.store.FunnelReview(c.UserContext(), req.ReviewID)
		if err != nil || rv.OwnerID != trainerOf(c).User.ID {
			return errNotFound("funnel review")
		}
		if rv.Result == nil {
			return errConflict("analyse the review first")
		}
		result = &funnel.Result{}
		if err := json.Unmarshal(rv.Result, result); err != nil {
			return fmt.Errorf("funnel review %s: stored result unreadable: %w", rv.ID, err)
		}
		dataset.ReviewID, dataset.Name = rv.ID, rv.Title
	default:
		return errBadRequest("source", "source must be sample or review")
	}
	op, err := json.Marshal(map[string]any{"kind": "funnel.load", "dataset": dataset, "result": result.Compact()})
	if err != nil {
		return err
	}
	refs, err := s.store.BoardRefs(c.UserContext(), w.ID)
	if err != nil {
		return fromStore(err, "boards")
	}
	t := trainerOf(c)
	actor := exercises.Actor{Kind: exercises.RoleTrainer, ID: t.User.ID, Name: t.User.Name}
	loaded := 0
	for _, b := range refs {
		if b.ActivityID != activity || b.Kind != "funnel" {
			continue
		}
		if _, err := s.hub.Apply(c.UserContext(), w.ID, b.ID, store.NewID(), actor, op); err != nil {
			return fromOp(err)
		}
		loaded++
	}
	return c.JSON(fiber.Map{"activity": activity, "boards": loaded, "dataset": dataset})
}
