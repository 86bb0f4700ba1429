package server

import (
	"bytes"
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"playbook/cases"
	"playbook/store"
)

// Import and export: a library zip holds one folder per case, <id>/case.md
// with the case's files beside it (see package cases). Export then import
// gives the same cases back; an import with any bad file stores nothing and
// reports every bad file.

// exportCase sends one case as a zip.
func (s *Server) exportCase(c *fiber.Ctx) error {
	l, err := s.visibleCase(c, c.Params("id"))
	if err != nil {
		return err
	}
	return s.sendZip(c, []*libCase{l}, l.c.ID+".zip")
}

// exportLibrary sends the trainer's library as a zip: ?scope=mine (own and
// client cases, the default), own, client, builtin or all.
func (s *Server) exportLibrary(c *fiber.Ctx) error {
	scope := c.Query("scope", "mine")
	switch scope {
	case "mine", scopeOwn, scopeClient, scopeBuiltin, "all":
	default:
		return errBadRequest("scope", "scope must be mine, own, client, builtin or all")
	}
	lib, err := s.trainerLibrary(c.UserContext(), trainerOf(c).User.ID)
	if err != nil {
		return err
	}
	var picked []*libCase
	for _, l := range lib {
		sc := l.scope()
		if scope == "all" || sc == scope || scope == "mine" && sc != scopeBuiltin {
			picked = append(picked, l)
		}
	}
	return s.sendZip(c, picked, "playbook-cases-"+time.Now().UTC().Format("20060102")+".zip")
}

func (s *Server) sendZip(c *fiber.Ctx, list []*libCase, filename string) error {
	bundles := make([]*cases.Bundle, 0, len(list))
	for _, l := range list {
		files, err := s.filesWithData(c.UserContext(), l)
		if err != nil {
			return err
		}
		b := &cases.Bundle{Case: l.c}
		for _, f := range files {
			b.Files = append(b.Files, cases.File{Name: f.Name, ContentType: f.ContentType, Data: f.Data})
		}
		bundles = append(bundles, b)
	}
	var buf bytes.Buffer
	if err := cases.WriteZip(&buf, bundles); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/zip")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	return c.Send(buf.Bytes())
}

type importedJSON struct {
	File   string `json:"file"`
	ID     string `json:"id"`
	Title  string `json:"title"`
	Action string `json:"action"`         // created, updated or copied
	From   string `json:"from,omitempty"` // the id in the zip, when the case got a new one
}

// importCases reads a library zip (the request body, Content-Type
// application/zip) into the trainer's library. A case whose id is one of the
// trainer's own replaces it; a new id is kept; an id that is built in or
// belongs to someone else gets a new id (a copy). Any bad file: 400 with
// every file's problems, and nothing stored.
func (s *Server) importCases(c *fiber.Ctx) error {
	switch ct := strings.ToLower(strings.TrimSpace(strings.Split(c.Get(fiber.HeaderContentType), ";")[0])); ct {
	case "application/zip", "application/x-zip-compressed", "application/octet-stream":
	default:
		return &apiError{Status: fiber.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Message: "send the zip itself as the request body, with Content-Type: application/zip"}
	}
	body := c.Body()
	if len(body) > cases.MaxZipBytes {
		return &apiError{Status: fiber.StatusRequestEntityTooLarge, Code: "too_large", Message: "the zip is too large"}
	}
	bundles, problems := cases.ReadZip(body)
	if len(problems) > 0 {
		s.metrics.Errors.WithLabelValues("http_invalid_import").Inc()
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{
			"error": apiError{Code: "invalid_import",
				Message: "some files of the zip are not valid cases; nothing was imported — fix them and import the zip again"},
			"files": problems,
		})
	}
	ctx := c.UserContext()
	owner := trainerOf(c).User.ID
	items, report, err := s.planImport(ctx, owner, bundles)
	if err != nil {
		return err
	}
	if err := s.store.ImportCases(ctx, owner, items); err != nil {
		return fromCaseStore(err, "case")
	}
	return c.JSON(fiber.Map{"imported": report})
}

func (s *Server) planImport(ctx context.Context, owner string, bundles []*cases.Bundle) ([]store.ImportItem, []importedJSON, error) {
	ids := make([]string, len(bundles))
	for i, b := range bundles {
		ids[i] = b.Case.ID
	}
	existing, err := s.store.CasesByIDs(ctx, ids)
	if err != nil {
		return nil, nil, fromStore(err, "cases")
	}
	owners := map[string]string{}
	for _, rec := range existing {
		owners[rec.ID] = rec.OwnerID
	}
	now := time.Now().UTC()
	var items []store.ImportItem
	var report []importedJSON
	for _, b := range bundles {
		cs := b.Case
		r := importedJSON{File: b.Source, ID: cs.ID, Title: cs.In(cases.ZH).Title, Action: "created"}
		replace := false
		switch o, found := owners[cs.ID]; {
		case found && o == owner:
			replace, r.Action = true, "updated"
		case found || cases.IsBuiltin(cs.ID):
			r.From, cs.ID = cs.ID, newCaseID()
			r.ID, r.Action = cs.ID, "copied"
		}
		rec := &store.Case{ID: cs.ID, OwnerID: owner, Kind: caseKind(cs.Client), Client: cs.Client,
			Markdown: cases.Marshal(cs), CreatedAt: now, UpdatedAt: now}
		if r.From != "" {
			rec.BasedOn = r.From
		}
		var files []*store.CaseFile
		for _, f := range b.Files {
			files = append(files, &store.CaseFile{Name: f.Name, ContentType: f.ContentType, Data: f.Data})
		}
		items = append(items, store.ImportItem{Case: rec, Files: files, Replace: replace})
		report = append(report, r)
	}
	return items, report, nil
}
