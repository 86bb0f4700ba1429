package realtime_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"playbook/exercises"
	"playbook/server/servertest"
	"playbook/store"
	"playbook/store/storetest"
)

// BenchmarkDurableEdits measures quality figure S4: operations acknowledged
// per second, each acknowledged only after its transaction committed (SQLite
// in WAL mode with synchronous=FULL, PostgreSQL with synchronous_commit=on),
// with 1,024 editors submitting concurrently to 140 boards (20 groups × the
// 7 notes activities). In the same run it measures the baseline: the same
// operation rows inserted raw into the same table of the same database, 256
// rows per transaction (the committer's largest batch), and reports the ratio.
//
//	go test ./realtime -run '^$' -bench DurableEdits -benchtime 20000x
func BenchmarkDurableEdits(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			// A fresh database for every run of the function (the testing
			// package runs it once with b.N = 1 before the real run).
			var backend storetest.Backend
			for _, be := range storetest.Backends(b) {
				if be.Name == name {
					backend = be
				}
			}
			if backend.Name == "" {
				b.Skip("PLAYBOOK_TEST_POSTGRES not set")
			}
			srv := servertest.Start(b, backend)
			tr := srv.Trainer("李老师", "li@example.com")
			w := tr.CreateWorkshop(20)
			var list struct {
				Boards []struct {
					ID   string `json:"id"`
					Kind string `json:"kind"`
				} `json:"boards"`
			}
			tr.Must(http.StatusOK, "GET", "/api/workshops/"+w.ID+"/boards", nil, &list)
			var me struct {
				User struct {
					ID   string `json:"id"`
					Name string `json:"name"`
				} `json:"user"`
			}
			tr.Must(http.StatusOK, "GET", "/api/auth/me", nil, &me)
			actor := exercises.Actor{Kind: exercises.RoleTrainer, ID: me.User.ID, Name: me.User.Name}
			var boards []string
			for _, bd := range list.Boards {
				if bd.Kind == "notes" {
					boards = append(boards, bd.ID)
				}
			}
			ctx := context.Background()
			// Every board starts with 20 notes, as a board in use has.
			const notesPerBoard = 20
			var setup sync.WaitGroup
			for _, bd := range boards {
				setup.Add(1)
				go func() {
					defer setup.Done()
					for i := range notesPerBoard {
						op := fmt.Sprintf(`{"kind":"note.add","id":"n%d","lane":"%s","text":"目标拍脑袋定的 %d"}`, i, firstLaneOf(b, srv, bd), i)
						if _, err := srv.Hub.Apply(ctx, w.ID, bd, fmt.Sprintf("setup-%d", i), actor, json.RawMessage(op)); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			setup.Wait()

			// The product: b.N edits by 1,024 concurrent editors, each
			// waiting for its acknowledgement before the next.
			const editors = 1024
			var next atomic.Int64
			var failed atomic.Int64
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for e := range editors {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						i := next.Add(1) - 1
						if i >= int64(b.N) {
							return
						}
						bd := boards[(int(i)+e)%len(boards)]
						op := fmt.Sprintf(`{"kind":"note.edit","id":"n%d","text":"客户需求没问透 %d"}`, i%notesPerBoard, i)
						if _, err := srv.Hub.Apply(ctx, w.ID, bd, fmt.Sprintf("e%d", i), actor, json.RawMessage(op)); err != nil {
							failed.Add(1)
						}
					}
				}()
			}
			wg.Wait()
			product := float64(b.N) / time.Since(start).Seconds()
			b.StopTimer()
			if n := failed.Load(); n > 0 {
				b.Fatalf("%d edits refused", n)
			}

			// The baseline: the same rows, raw, 256 per transaction.
			ops, err := srv.Store.OpsSince(ctx, boards[0], 0, 1000)
			if err != nil || len(ops) == 0 {
				b.Fatalf("sample operations: %v", err)
			}
			rows := make([]*store.OpRecord, b.N)
			for i := range rows {
				o := *ops[i%len(ops)]
				o.BoardID = boards[i%len(boards)]
				o.Seq = 1_000_000_000 + int64(i) // far above the boards' own sequences
				o.OpID = fmt.Sprintf("raw%d", i)
				rows[i] = &o
			}
			start = time.Now()
			for lo := 0; lo < len(rows); lo += 256 {
				batch := rows[lo:min(lo+256, len(rows))]
				if err := srv.Store.WithOpTx(ctx, func(tx *store.OpTx) error { return tx.InsertOps(ctx, batch) }); err != nil {
					b.Fatal(err)
				}
			}
			raw := float64(b.N) / time.Since(start).Seconds()
			b.ReportMetric(product, "edits/s")
			b.ReportMetric(raw, "raw-rows/s")
			b.ReportMetric(product/raw*100, "%-of-raw")
			b.ReportMetric(0, "ns/op")
		})
	}
}

var laneCache sync.Map

// firstLaneOf returns the first lane of a notes board.
func firstLaneOf(b *testing.B, srv *servertest.Server, board string) string {
	if l, ok := laneCache.Load(board); ok {
		return l.(string)
	}
	bd, err := srv.Store.BoardByID(context.Background(), board)
	if err != nil {
		b.Fatal(err)
	}
	var st struct {
		Lanes []struct {
			ID string `json:"id"`
		} `json:"lanes"`
	}
	if err := json.Unmarshal(bd.State, &st); err != nil || len(st.Lanes) == 0 {
		b.Fatalf("board %s has no lanes", board)
	}
	laneCache.Store(board, st.Lanes[0].ID)
	return st.Lanes[0].ID
}
