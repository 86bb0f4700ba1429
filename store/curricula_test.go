package store_test

import (
	"context"
	"errors"
	"testing"

	"playbook/store"
	"playbook/store/storetest"
)

func TestCurriculumCopies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w, groups, _ := fixture(t, s)
		c := &store.Curriculum{ID: store.NewID(), OwnerID: w.OwnerID, Title: "华东电梯版", BasedOn: "builtin", Content: []byte(`{"id":"x","modules":[]}`)}
		if err := s.CreateCurriculum(ctx, c); err != nil {
			t.Fatal(err)
		}
		list, err := s.CurriculaOf(ctx, w.OwnerID)
		if err != nil || len(list) != 1 || list[0].Title != "华东电梯版" || list[0].Revision != 1 || len(list[0].Content) != 0 {
			t.Fatalf("list %+v %v", list, err)
		}
		c.Content, c.Title = []byte(`{"id":"x","modules":[{"id":"m1"}]}`), "华东电梯版 v2"
		if err := s.UpdateCurriculum(ctx, c, 1); err != nil || c.Revision != 2 {
			t.Fatalf("update: %v (revision %d)", err, c.Revision)
		}
		// A save based on an old revision is refused and stores nothing.
		stale := *c
		stale.Content = []byte(`{"lost":true}`)
		if err := s.UpdateCurriculum(ctx, &stale, 1); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("stale update: %v", err)
		}
		got, err := s.CurriculumByID(ctx, c.ID)
		if err != nil || string(got.Content) != `{"id":"x","modules":[{"id":"m1"}]}` || got.Revision != 2 {
			t.Fatalf("after stale update %+v %v", got, err)
		}
		// Another trainer can neither update nor delete it.
		other := *c
		other.OwnerID = "someone-else"
		if err := s.UpdateCurriculum(ctx, &other, 2); !errors.Is(err, store.ErrConflict) && !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("foreign update: %v", err)
		}
		if err := s.DeleteCurriculum(ctx, "someone-else", c.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("foreign delete: %v", err)
		}
		if err := s.DeleteCurriculum(ctx, w.OwnerID, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CurriculumByID(ctx, c.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleted copy: %v", err)
		}
		if err := s.UpdateCurriculum(ctx, c, 2); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("update of a deleted copy: %v", err)
		}
		// Boards with their state, by activity and scope.
		bs, err := s.BoardsOf(ctx, w.ID, "1.1", store.GroupScope(groups[1].ID))
		if err != nil || len(bs) != 1 || bs[0].Group() != groups[1].ID || len(bs[0].State) == 0 {
			t.Fatalf("boards of %+v %v", bs, err)
		}
		all, err := s.BoardsOf(ctx, w.ID, "")
		if err != nil || len(all) != 3 {
			t.Fatalf("all boards %d %v", len(all), err)
		}
	})
}
