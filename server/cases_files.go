package server

import (
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"playbook/cases"
	"playbook/store"
)

// Images of a case: uploaded one at a time (multipart field "file"), checked
// by their real content (PNG, JPEG, GIF or WebP; never SVG), at most 5 MB,
// stored in the database, and shown by the case's Markdown by name.

var imageExt = map[string]string{cases.TypePNG: ".png", cases.TypeJPEG: ".jpg", cases.TypeGIF: ".gif", cases.TypeWebP: ".webp"}

// uploadCaseImage stores an image of one of the trainer's cases.
func (s *Server) uploadCaseImage(c *fiber.Ctx) error {
	l, err := s.ownCase(c, c.Params("id"))
	if err != nil {
		return err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return errBadRequest("file", "send the image as multipart/form-data in a field named file")
	}
	if fh.Size > cases.MaxImageBytes {
		return &apiError{Status: fiber.StatusRequestEntityTooLarge, Code: "too_large",
			Message: fmt.Sprintf("an image may be at most %d MB", cases.MaxImageBytes>>20)}
	}
	f, err := fh.Open()
	if err != nil {
		return errBadRequest("file", "the upload cannot be read")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, cases.MaxImageBytes+1))
	if err != nil {
		return errBadRequest("file", "the upload cannot be read")
	}
	ct, err := cases.CheckImage(data)
	if err != nil {
		status := fiber.StatusUnsupportedMediaType
		code := "unsupported_media_type"
		if len(data) > cases.MaxImageBytes {
			status, code = fiber.StatusRequestEntityTooLarge, "too_large"
		} else if !errors.Is(err, cases.ErrImageType) {
			status, code = fiber.StatusBadRequest, "invalid"
		}
		return &apiError{Status: status, Code: code, Field: "file", Message: err.Error()}
	}
	existing, err := s.store.CaseFiles(c.UserContext(), l.c.ID)
	if err != nil {
		return fromStore(err, "case files")
	}
	name := imageName(fh.Filename, ct, fileNames(existing))
	row := &store.CaseFile{CaseID: l.c.ID, Name: name, ContentType: ct, Data: data}
	if err := s.store.AddCaseFile(c.UserContext(), row); err != nil {
		return fromCaseStore(err, "file "+name)
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{
		"name": name, "content_type": ct, "size": len(data), "url": "/api/cases/" + l.c.ID + "/files/" + name,
		"markdown": "![" + strings.TrimSuffix(name, path.Ext(name)) + "](" + name + ")",
	})
}

// imageName makes a safe, unused file name from an uploaded one: lower-case
// letters, digits and dashes, the extension of the real content type, and a
// number added when the name is taken ("chart-2.png").
func imageName(upload, contentType string, taken []string) string {
	base := strings.ToLower(strings.TrimSuffix(path.Base(strings.ReplaceAll(upload, `\`, "/")), path.Ext(upload)))
	var b strings.Builder
	dash := false
	for _, r := range base {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	stem := strings.Trim(b.String(), "-")
	if len(stem) > 60 {
		stem = strings.Trim(stem[:60], "-")
	}
	if stem == "" {
		stem = "image"
	}
	ext := imageExt[contentType]
	isTaken := func(n string) bool {
		return slices.ContainsFunc(taken, func(t string) bool { return strings.EqualFold(t, n) })
	}
	name := stem + ext
	for i := 2; isTaken(name); i++ {
		name = fmt.Sprintf("%s-%d%s", stem, i, ext)
	}
	return name
}

// getCaseFile serves a file of a case the trainer may read.
func (s *Server) getCaseFile(c *fiber.Ctx) error {
	l, err := s.visibleCase(c, c.Params("id"))
	if err != nil {
		return err
	}
	return s.sendCaseFile(c, l, c.Params("name"))
}

func (s *Server) sendCaseFile(c *fiber.Ctx, l *libCase, name string) error {
	if !cases.ValidFileName(name) {
		return errNotFound("file")
	}
	var ct string
	var data []byte
	if l.rec == nil {
		f, ok := cases.BuiltinFile(l.c.ID, name)
		if !ok {
			return errNotFound("file")
		}
		ct, data = f.ContentType, f.Data
	} else {
		f, err := s.store.CaseFile(c.UserContext(), l.c.ID, name)
		if err != nil {
			return fromStore(err, "file")
		}
		ct, data = f.ContentType, f.Data
	}
	c.Set(fiber.HeaderContentType, ct)
	c.Set(fiber.HeaderCacheControl, "private, max-age=300")
	disposition := "inline"
	if !strings.HasPrefix(ct, "image/") {
		disposition = "attachment"
	}
	c.Set(fiber.HeaderContentDisposition, disposition+`; filename="`+name+`"`)
	// A file is data, never a page: no scripts even if opened directly.
	c.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
	return c.Send(data)
}

// deleteCaseFile removes a file the case no longer shows.
func (s *Server) deleteCaseFile(c *fiber.Ctx) error {
	l, err := s.ownCase(c, c.Params("id"))
	if err != nil {
		return err
	}
	name := c.Params("name")
	if !cases.ValidFileName(name) {
		return errNotFound("file")
	}
	if slices.Contains(cases.FileRefs(l.c), name) {
		return errConflict("the case still shows " + name + ": take it out of the text first")
	}
	if err := s.store.DeleteCaseFile(c.UserContext(), l.c.ID, name); err != nil {
		return fromStore(err, "file")
	}
	return c.SendStatus(fiber.StatusNoContent)
}
