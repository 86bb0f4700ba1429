package store_test

import (
	"context"
	"errors"
	"testing"

	"playbook/store"
	"playbook/store/storetest"
)

func TestPassoffRubricLibrary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w, _, _ := fixture(t, s)
		other := &store.User{ID: store.NewID(), Email: "o-" + store.NewID() + "@example.com", Name: "王老师", PasswordHash: "x"}
		if err := s.CreateUser(ctx, other); err != nil {
			t.Fatal(err)
		}
		r := &store.PassoffRubric{ID: store.NewID(), OwnerID: w.OwnerID, Name: "电话邀约", Rubric: []byte(`{"name":{"zh-CN":"电话邀约"}}`)}
		if err := s.CreatePassoffRubric(ctx, r); err != nil {
			t.Fatal(err)
		}
		got, err := s.PassoffRubric(ctx, w.OwnerID, r.ID)
		if err != nil || got.Name != "电话邀约" || string(got.Rubric) != `{"name":{"zh-CN":"电话邀约"}}` || !got.CreatedAt.Equal(r.CreatedAt) {
			t.Fatalf("%+v %v", got, err)
		}
		// Another trainer sees nothing of it.
		if _, err := s.PassoffRubric(ctx, other.ID, r.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("other trainer: %v", err)
		}
		if err := s.DeletePassoffRubric(ctx, other.ID, r.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("other trainer deletes: %v", err)
		}
		r.Name, r.Rubric = "电话邀约（新）", []byte(`{"name":{"zh-CN":"新"}}`)
		if err := s.UpdatePassoffRubric(ctx, r); err != nil {
			t.Fatal(err)
		}
		list, err := s.PassoffRubrics(ctx, w.OwnerID)
		if err != nil || len(list) != 1 || list[0].Name != "电话邀约（新）" {
			t.Fatalf("list %+v %v", list, err)
		}
		if err := s.DeletePassoffRubric(ctx, w.OwnerID, r.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.PassoffRubrics(ctx, w.OwnerID); len(list) != 0 {
			t.Fatalf("after delete %+v", list)
		}
	})
}
