package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"playbook/store"
	"playbook/store/storetest"
)

func TestCompanyPlaybookAndVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _, _ := fixture(t, s)
		w := ws.ID
		if _, err := s.CompanyPlaybook(ctx, w); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("no draft yet: %v", err)
		}
		cp := &store.CompanyPlaybook{WorkshopID: w, Draft: []byte(`{"a":1}`), Provenance: []byte(`{}`)}
		if err := s.SaveCompanyPlaybook(ctx, cp, nil); err != nil {
			t.Fatal(err)
		}
		cp.Draft = []byte(`{"a":2}`)
		a := &store.Adoption{ID: store.NewID(), WorkshopID: w, Path: "$.stages", ActivityID: "3.1", GroupID: "g1",
			GroupName: "第1组", BoardID: "b1", BoardSeq: 7, Value: []byte(`{}`), AdoptedBy: "讲师"}
		if err := s.SaveCompanyPlaybook(ctx, cp, a); err != nil {
			t.Fatal(err)
		}
		got, err := s.CompanyPlaybook(ctx, w)
		if err != nil || string(got.Draft) != `{"a":2}` {
			t.Fatalf("draft %s %v", got.Draft, err)
		}
		ads, err := s.Adoptions(ctx, w)
		if err != nil || len(ads) != 1 || ads[0].GroupName != "第1组" || ads[0].BoardSeq != 7 {
			t.Fatalf("adoptions %+v %v", ads, err)
		}
		at := time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC)
		for n := 1; n <= 2; n++ {
			v := &store.PlaybookVersion{WorkshopID: w, Version: n, Document: []byte(`{"v":` + string(rune('0'+n)) + `}`),
				Diff: []byte(`[]`), Provenance: []byte(`{}`), PublishedBy: "讲师", PublishedAt: at}
			if err := s.InsertPlaybookVersion(ctx, v); err != nil {
				t.Fatal(err)
			}
		}
		dup := &store.PlaybookVersion{WorkshopID: w, Version: 2, Document: []byte(`{}`), Diff: []byte(`[]`), Provenance: []byte(`{}`), PublishedAt: at}
		if err := s.InsertPlaybookVersion(ctx, dup); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("second version 2: %v", err)
		}
		list, err := s.PlaybookVersions(ctx, w)
		if err != nil || len(list) != 2 || list[0].Version != 2 || len(list[0].Document) != 0 {
			t.Fatalf("versions %+v %v", list, err)
		}
		latest, err := s.PlaybookVersion(ctx, w, 0)
		if err != nil || latest.Version != 2 || string(latest.Document) != `{"v":2}` || !latest.PublishedAt.Equal(at) {
			t.Fatalf("latest %+v %v", latest, err)
		}
		if _, err := s.PlaybookVersion(ctx, w, 9); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing version: %v", err)
		}
		// Deleting the workshop takes its playbook with it.
		if err := s.DeleteWorkshop(ctx, w); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CompanyPlaybook(ctx, w); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("after delete: %v", err)
		}
	})
}
