package store_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"playbook/store"
	"playbook/store/storetest"
)

func newOwner(t *testing.T, s *store.Store) *store.User {
	t.Helper()
	u := &store.User{ID: store.NewID(), Email: "c-" + store.NewID() + "@example.com", Name: "王老师", PasswordHash: "x"}
	if err := s.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

func newCase(owner, markdown string) *store.Case {
	at := time.Now().UTC()
	return &store.Case{ID: strings.ToLower(store.NewID()), OwnerID: owner, Kind: store.CaseOwn, Markdown: []byte(markdown),
		CreatedAt: at, UpdatedAt: at}
}

// Binary data survives both backends byte for byte, including NUL bytes and
// bytes that look like numbers or text.
func TestCaseFilesAreBinarySafe(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := newOwner(t, s)
		c := newCase(u.ID, "---\nid: x\n---\n")
		blobs := map[string][]byte{
			"a.png":    {0x89, 'P', 'N', 'G', 0, 0, 0xff, 0xfe, '\n', '\r', 0},
			"num.csv":  []byte("123"),
			"real.csv": []byte("1.5e3"),
			"zh.csv":   []byte("\xef\xbb\xbf编号,金额\r\n"),
		}
		var files []*store.CaseFile
		for name, data := range blobs {
			files = append(files, &store.CaseFile{Name: name, ContentType: "x", Data: data})
		}
		if err := s.CreateCase(ctx, c, files); err != nil {
			t.Fatal(err)
		}
		for name, data := range blobs {
			f, err := s.CaseFile(ctx, c.ID, name)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(f.Data, data) || f.Size != int64(len(data)) {
				t.Fatalf("%s came back as %q (size %d), want %q", name, f.Data, f.Size, data)
			}
		}
		list, err := s.CaseFiles(ctx, c.ID)
		if err != nil || len(list) != 4 || list[0].Name != "a.png" || list[0].Data != nil {
			t.Fatalf("list %+v %v", list, err)
		}
	})
}

func TestCaseLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, other := newOwner(t, s), newOwner(t, s)
		c := newCase(u.ID, "v1")
		c.BasedOn = "elevator-maintenance-iceberg"
		if err := s.CreateCase(ctx, c, nil); err != nil {
			t.Fatal(err)
		}
		got, err := s.CaseByID(ctx, c.ID)
		if err != nil || string(got.Markdown) != "v1" || got.BasedOn != "elevator-maintenance-iceberg" || got.Appendix || got.Kind != store.CaseOwn {
			t.Fatalf("%+v %v", got, err)
		}
		c.Markdown, c.Appendix, c.UpdatedAt = []byte("v2"), true, time.Now().UTC()
		if err := s.UpdateCase(ctx, c); err != nil {
			t.Fatal(err)
		}
		// Another owner cannot update or delete it.
		stolen := *c
		stolen.OwnerID = other.ID
		if err := s.UpdateCase(ctx, &stolen); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("update by another owner: %v", err)
		}
		if err := s.DeleteCase(ctx, other.ID, c.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("delete by another owner: %v", err)
		}
		got, _ = s.CaseByID(ctx, c.ID)
		if string(got.Markdown) != "v2" || !got.Appendix {
			t.Fatalf("after update %+v", got)
		}
		mine, err := s.CasesOf(ctx, u.ID)
		if err != nil || len(mine) != 1 {
			t.Fatalf("cases of owner: %d %v", len(mine), err)
		}
		if theirs, _ := s.CasesOf(ctx, other.ID); len(theirs) != 0 {
			t.Fatal("another owner sees the case")
		}
		byIDs, err := s.CasesByIDs(ctx, []string{c.ID, "nope"})
		if err != nil || len(byIDs) != 1 {
			t.Fatalf("by ids %v %v", byIDs, err)
		}
		if err := s.DeleteCase(ctx, u.ID, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CaseByID(ctx, c.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleted case: %v", err)
		}
	})
}

func TestCaseFileLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := newOwner(t, s)
		c := newCase(u.ID, "x")
		if err := s.CreateCase(ctx, c, nil); err != nil {
			t.Fatal(err)
		}
		add := func(name string, n int) error {
			return s.AddCaseFile(ctx, &store.CaseFile{CaseID: c.ID, Name: name, ContentType: "image/png", Data: make([]byte, n)})
		}
		if err := add("a.png", 10); err != nil {
			t.Fatal(err)
		}
		if err := add("A.PNG", 10); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("same name in another case: %v", err)
		}
		if err := add("big.png", store.MaxCaseFileBytes); !errors.Is(err, store.ErrLimit) {
			t.Fatalf("over the size budget: %v", err)
		}
		for i := 1; i < store.MaxFilesPerCase; i++ {
			if err := add("f"+string(rune('a'+i%26))+strings.Repeat("x", i/26)+".png", 1); err != nil {
				t.Fatal(err)
			}
		}
		if err := add("last.png", 1); !errors.Is(err, store.ErrLimit) {
			t.Fatalf("file %d: %v", store.MaxFilesPerCase+1, err)
		}
		if err := s.DeleteCaseFile(ctx, c.ID, "a.png"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteCaseFile(ctx, c.ID, "a.png"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("delete twice: %v", err)
		}
	})
}

// An import is all or nothing: a failure in the middle stores none of it.
func TestImportCasesIsAtomic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := newOwner(t, s)
		existing := newCase(u.ID, "old")
		if err := s.CreateCase(ctx, existing, []*store.CaseFile{{Name: "old.png", ContentType: "image/png", Data: []byte{1}}}); err != nil {
			t.Fatal(err)
		}
		replaced := *existing
		replaced.Markdown = []byte("new")
		fresh := newCase(u.ID, "fresh")
		dup := newCase(u.ID, "dup")
		dup.ID = fresh.ID // a primary-key clash halfway through
		err := s.ImportCases(ctx, u.ID, []store.ImportItem{
			{Case: &replaced, Replace: true, Files: []*store.CaseFile{{Name: "new.png", ContentType: "image/png", Data: []byte{2}}}},
			{Case: fresh},
			{Case: dup},
		})
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("import with a clash: %v", err)
		}
		got, _ := s.CaseByID(ctx, existing.ID)
		files, _ := s.CaseFiles(ctx, existing.ID)
		if string(got.Markdown) != "old" || len(files) != 1 || files[0].Name != "old.png" {
			t.Fatalf("a failed import changed a case: %q %v", got.Markdown, files)
		}
		if _, err := s.CaseByID(ctx, fresh.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a failed import left a case behind: %v", err)
		}
		// Without the clash it all goes in.
		if err := s.ImportCases(ctx, u.ID, []store.ImportItem{
			{Case: &replaced, Replace: true, Files: []*store.CaseFile{{Name: "new.png", ContentType: "image/png", Data: []byte{2}}}},
			{Case: fresh},
		}); err != nil {
			t.Fatal(err)
		}
		got, _ = s.CaseByID(ctx, existing.ID)
		files, _ = s.CaseFiles(ctx, existing.ID)
		if string(got.Markdown) != "new" || len(files) != 1 || files[0].Name != "new.png" {
			t.Fatalf("replace: %q %v", got.Markdown, files)
		}
	})
}

func TestAttachmentsAndClientCases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w, _, boards := fixture(t, s)
		own := newCase(w.OwnerID, "mine")
		if err := s.CreateCase(ctx, own, nil); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"elevator-maintenance-iceberg", own.ID} {
			if err := s.AttachCase(ctx, &store.Attachment{WorkshopID: w.ID, ActivityID: "4.2", CaseID: id}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.AttachCase(ctx, &store.Attachment{WorkshopID: w.ID, ActivityID: "4.2", CaseID: own.ID}); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("attach twice: %v", err)
		}
		as, err := s.Attachments(ctx, w.ID)
		if err != nil || len(as) != 2 || as[0].CaseID != "elevator-maintenance-iceberg" || as[1].Position != 2 {
			t.Fatalf("attachments %+v %v", as, err)
		}
		if ok, _ := s.CaseAttached(ctx, w.ID, own.ID); !ok {
			t.Fatal("not attached")
		}
		// Deleting a stored case detaches it everywhere.
		if err := s.DeleteCase(ctx, w.OwnerID, own.ID); err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.CaseAttached(ctx, w.ID, own.ID); ok {
			t.Fatal("a deleted case is still attached")
		}
		if err := s.DetachCase(ctx, w.ID, "4.2", "elevator-maintenance-iceberg"); err != nil {
			t.Fatal(err)
		}
		if err := s.DetachCase(ctx, w.ID, "4.2", "elevator-maintenance-iceberg"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("detach twice: %v", err)
		}
		for i := range store.MaxAttachments {
			if err := s.AttachCase(ctx, &store.Attachment{WorkshopID: w.ID, ActivityID: "1.1", CaseID: "c" + string(rune('a'+i))}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.AttachCase(ctx, &store.Attachment{WorkshopID: w.ID, ActivityID: "1.1", CaseID: "one-more"}); !errors.Is(err, store.ErrLimit) {
			t.Fatalf("attachment limit: %v", err)
		}

		// A client case from a case-draft board: created once, then updated
		// in place when the board is adopted again.
		board := boards[0].ID
		wid := w.ID
		build := func(v string) func(string, time.Time) ([]byte, error) {
			return func(id string, _ time.Time) ([]byte, error) { return []byte(v + ":" + id), nil }
		}
		first := &store.Case{ID: "client-1", OwnerID: w.OwnerID, Kind: store.CaseClient, Client: w.ClientCompany,
			WorkshopID: &wid, SourceBoard: &board, Appendix: true, CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
		saved, created, err := s.SaveClientCase(ctx, first, build("v1"))
		if err != nil || !created || string(saved.Markdown) != "v1:client-1" {
			t.Fatalf("first adoption: %+v %v %v", saved, created, err)
		}
		again := &store.Case{ID: "client-2", OwnerID: w.OwnerID, Kind: store.CaseClient, Client: w.ClientCompany,
			WorkshopID: &wid, SourceBoard: &board, Appendix: false, CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
		saved, created, err = s.SaveClientCase(ctx, again, build("v2"))
		if err != nil || created || saved.ID != "client-1" || string(saved.Markdown) != "v2:client-1" {
			t.Fatalf("second adoption: %+v %v %v", saved, created, err)
		}
		appendix, err := s.AppendixCases(ctx, w.ID)
		if err != nil || len(appendix) != 0 {
			t.Fatalf("appendix after unflagging: %v %v", appendix, err)
		}
		again.Appendix = true
		if _, _, err := s.SaveClientCase(ctx, again, build("v3")); err != nil {
			t.Fatal(err)
		}
		appendix, _ = s.AppendixCases(ctx, w.ID)
		if len(appendix) != 1 || appendix[0].ID != "client-1" || appendix[0].Client != "华东电梯" {
			t.Fatalf("appendix %+v", appendix)
		}
		// The client's case outlives the workshop: it belongs to the trainer's library.
		if err := s.DeleteWorkshop(ctx, w.ID); err != nil {
			t.Fatal(err)
		}
		kept, err := s.CaseByID(ctx, "client-1")
		if err != nil || kept.WorkshopID != nil {
			t.Fatalf("client case after its workshop: %+v %v", kept, err)
		}
	})
}
