package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"playbook/store"
	"playbook/store/storetest"
)

func TestFunnelReviewsAndUploads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w, _, _ := fixture(t, s)
		r := &store.FunnelReview{ID: store.NewID(), OwnerID: w.OwnerID, WorkshopID: ptr(w.ID), Title: "2026 Q3 漏斗复盘", Settings: []byte(`{}`)}
		if err := s.CreateFunnelReview(ctx, r); err != nil {
			t.Fatal(err)
		}
		f := &store.FunnelFile{ID: store.NewID(), ReviewID: r.ID, Role: "opportunities", Name: "商机.csv", Size: 10}
		if err := s.StartFunnelFile(ctx, f); err != nil {
			t.Fatal(err)
		}
		put := func(n int, data string) error {
			_, err := s.PutFunnelPart(ctx, f.ID, n, []byte(data))
			return err
		}
		if err := put(1, "xx"); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("out-of-order part: %v", err)
		}
		if err := put(0, "abcd"); err != nil {
			t.Fatal(err)
		}
		if err := put(0, "abcd"); err != nil { // a retry replaces the part
			t.Fatal(err)
		}
		if err := s.CompleteFunnelFile(ctx, f.ID); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("complete before every byte: %v", err)
		}
		if err := put(1, "efghijk"); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("more than the declared size: %v", err)
		}
		if err := put(1, "efghij"); err != nil {
			t.Fatal(err)
		}
		if err := s.CompleteFunnelFile(ctx, f.ID); err != nil {
			t.Fatal(err)
		}
		if err := put(2, "x"); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("part after completion: %v", err)
		}
		var all []byte
		for n := 0; n < 2; n++ {
			p, err := s.FunnelPart(ctx, f.ID, n)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, p...)
		}
		if !bytes.Equal(all, []byte("abcdefghij")) {
			t.Fatalf("read back %q", all)
		}
		got, err := s.FunnelFileFor(ctx, r.ID, "opportunities")
		if err != nil || !got.Complete || got.Received != 10 || got.Parts != 2 {
			t.Fatalf("file %+v %v", got, err)
		}
		if n, err := s.FunnelStoredBytes(ctx, w.OwnerID); err != nil || n != 10 {
			t.Fatalf("stored %d %v", n, err)
		}
		// A new upload of the same role replaces the old one.
		f2 := &store.FunnelFile{ID: store.NewID(), ReviewID: r.ID, Role: "opportunities", Name: "新.csv", Size: 3}
		if err := s.StartFunnelFile(ctx, f2); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FunnelPart(ctx, f.ID, 0); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("old parts survived: %v", err)
		}
		at, err := s.SaveFunnelResult(ctx, r.ID, []byte(`{"a":1}`), []byte(`{"opportunities":9}`))
		if err != nil {
			t.Fatal(err)
		}
		back, err := s.FunnelReview(ctx, r.ID)
		if err != nil || string(back.Result) != `{"opportunities":9}` || back.AnalyzedAt == nil || !back.AnalyzedAt.Equal(at) || *back.WorkshopID != w.ID {
			t.Fatalf("review %+v %v", back, err)
		}
		list, err := s.FunnelReviewsOfWorkshop(ctx, w.ID)
		if err != nil || len(list) != 1 || list[0].Result != nil {
			t.Fatalf("list %+v %v", list, err)
		}
		// Deleting the workshop unlinks the review; deleting the review deletes its files.
		if err := s.DeleteWorkshop(ctx, w.ID); err != nil {
			t.Fatal(err)
		}
		if back, _ := s.FunnelReview(ctx, r.ID); back.WorkshopID != nil {
			t.Fatalf("still linked to a deleted workshop: %v", *back.WorkshopID)
		}
		if err := s.DeleteFunnelReview(ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		if files, _ := s.FunnelFiles(ctx, r.ID); len(files) != 0 {
			t.Fatalf("files survived: %+v", files)
		}
	})
}
