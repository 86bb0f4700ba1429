package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"time"

	"playbook/exercises"
	"playbook/store"
)

// commitReq is one operation waiting to be applied.
type commitReq struct {
	workshop string
	board    string
	opID     string
	op       exercises.Operation
	actor    exercises.Actor
	arrived  time.Time
	done     func(commitResult)
}

// commitResult is what happened to an operation: stored at seq (possibly
// earlier, for a retry), or refused with err.
type commitResult struct {
	seq       int64
	duplicate bool
	err       error
}

// committer applies operations in batches: everything that arrived while the
// previous transaction ran is applied in one transaction (group commit), in
// arrival order, and acknowledged only after that transaction committed.
type committer struct {
	h       *Hub
	in      chan *commitReq
	mu      sync.RWMutex
	closed  bool
	quit    chan struct{}
	stopped chan struct{}
}

func newCommitter(h *Hub) *committer {
	return &committer{h: h, in: make(chan *commitReq, h.opts.CommitQueue), quit: make(chan struct{}), stopped: make(chan struct{})}
}

// offer queues r without blocking; false means the queue is full or closed.
func (c *committer) offer(r *commitReq) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return false
	}
	select {
	case c.in <- r:
		return true
	default:
		return false
	}
}

// stop refuses new operations, commits those already queued, and waits.
func (c *committer) stop(ctx context.Context) error {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		close(c.quit)
	}
	c.mu.Unlock()
	select {
	case <-c.stopped:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *committer) run() {
	defer close(c.stopped)
	batch := make([]*commitReq, 0, c.h.opts.MaxBatch)
	for {
		select {
		case r := <-c.in:
			batch = c.fill(append(batch[:0], r))
			c.commit(batch)
		case <-c.quit:
			for {
				batch = c.fill(batch[:0])
				if len(batch) == 0 {
					return
				}
				c.commit(batch)
			}
		}
	}
}

// fill adds whatever is queued, up to the batch limit, without waiting.
func (c *committer) fill(batch []*commitReq) []*commitReq {
	for len(batch) < c.h.opts.MaxBatch {
		select {
		case r := <-c.in:
			batch = append(batch, r)
		default:
			return batch
		}
	}
	return batch
}

type seenKey struct{ board, actor, op string }

// commit applies one batch in one transaction, then broadcasts what was
// applied and answers every request.
func (c *committer) commit(batch []*commitReq) {
	h := c.h
	now := time.Now().UTC().Truncate(time.Microsecond)
	results := make([]commitResult, len(batch))
	applied := make([]*store.OpRecord, len(batch))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	txErr := h.store.WithOpTx(ctx, func(tx *store.OpTx) error {
		clear(applied)
		var boardIDs, workshopIDs, opIDs []string
		for _, r := range batch {
			boardIDs = append(boardIDs, r.board)
			workshopIDs = append(workshopIDs, r.workshop)
			opIDs = append(opIDs, r.opID)
		}
		boardIDs, workshopIDs, opIDs = uniq(boardIDs), uniq(workshopIDs), uniq(opIDs)
		boards, err := tx.LockBoards(ctx, boardIDs)
		if err != nil {
			return err
		}
		controls, err := tx.ControlBoards(ctx, exercises.ControlActivity, workshopIDs)
		if err != nil {
			return err
		}
		seenRows, err := tx.SeenOps(ctx, boardIDs, opIDs)
		if err != nil {
			return err
		}
		seen := make(map[seenKey]int64, len(seenRows))
		for _, s := range seenRows {
			seen[seenKey{s.BoardID, s.ActorID, s.OpID}] = s.Seq
		}
		states := map[string]exercises.State{}
		state := func(b *store.Board) (exercises.State, error) {
			if s, ok := states[b.ID]; ok {
				return s, nil
			}
			s, err := exercises.DecodeState(b.Kind, b.State)
			if err != nil {
				return nil, err
			}
			states[b.ID] = s
			return s, nil
		}
		dirty := map[string]*store.Board{}

		for i, r := range batch {
			results[i] = commitResult{}
			b := boards[r.board]
			if b == nil || b.WorkshopID != r.workshop {
				results[i].err = &protocolError{code: ErrNotFound, message: "no such board in this workshop"}
				continue
			}
			key := seenKey{b.ID, r.actor.ID, r.opID}
			if seq, ok := seen[key]; ok {
				results[i] = commitResult{seq: seq, duplicate: true}
				continue
			}
			var ctl *exercises.ControlState
			if cb := controls[b.WorkshopID]; cb != nil {
				s, err := state(cb)
				if err != nil {
					return err
				}
				ctl, _ = s.(*exercises.ControlState)
			}
			visiting, err := writeAccess(r.actor, b, ctl)
			if err != nil {
				results[i].err = err
				continue
			}
			st, err := state(b)
			if err != nil {
				return err
			}
			opCtx := &exercises.Context{Actor: r.actor, Seq: b.Seq + 1, Now: now, Visiting: visiting}
			if b.Kind == exercises.ControlKind {
				if opCtx.Room, err = h.roomInfo(ctx, b.WorkshopID); err != nil {
					return err
				}
			}
			changes, err := st.Apply(r.op, opCtx)
			if err != nil {
				if _, ok := exercises.AsOpError(err); !ok {
					h.log.Error("operation failed unexpectedly", "board", b.ID, "kind", r.op.Kind, "err", err)
					err = &protocolError{code: ErrInternal, message: "the operation could not be applied"}
				}
				results[i].err = err
				continue
			}
			b.Seq++
			changesJSON, err := json.Marshal(changes)
			if err != nil {
				return err
			}
			applied[i] = &store.OpRecord{BoardID: b.ID, Seq: b.Seq, OpID: r.opID, ActorKind: string(r.actor.Kind),
				ActorID: r.actor.ID, ActorName: r.actor.Name, Op: r.op.Body, Changes: changesJSON, CreatedAt: now}
			seen[key] = b.Seq
			dirty[b.ID] = b
			results[i].seq = b.Seq
		}

		var recs []*store.OpRecord
		for _, rec := range applied {
			if rec != nil {
				recs = append(recs, rec)
			}
		}
		if err := tx.InsertOps(ctx, recs); err != nil {
			return err
		}
		for id, b := range dirty {
			data, err := json.Marshal(states[id])
			if err != nil {
				return err
			}
			if err := tx.SaveBoard(ctx, id, data, b.Seq, now); err != nil {
				return err
			}
		}
		return nil
	})

	if txErr != nil {
		// Nothing of this batch is stored: no operation may be acknowledged.
		h.log.Warn("commit failed", "operations", len(batch), "err", txErr)
		for i := range results {
			if !isRefusal(results[i].err) {
				results[i] = commitResult{err: &protocolError{code: ErrUnavailable, message: "the change could not be stored; it will be retried"}}
			}
		}
	} else {
		done := time.Now()
		for i, rec := range applied {
			if rec == nil {
				continue
			}
			h.metrics.OpsApplied.Inc()
			h.metrics.CommitLatency.Observe(done.Sub(batch[i].arrived).Seconds())
			h.deliver(batch[i].workshop, frame{seq: rec.Seq, data: opFrame(rec)}, rec.BoardID)
		}
		h.metrics.BatchSize.Observe(float64(len(batch)))
	}
	for i, r := range batch {
		r.done(results[i])
	}
}

// isRefusal reports whether err is a definitive refusal of the operation (as
// opposed to a failure to store it).
func isRefusal(err error) bool {
	if err == nil {
		return false
	}
	if _, ok := exercises.AsOpError(err); ok {
		return true
	}
	var pe *protocolError
	return errors.As(err, &pe) && pe.code != ErrUnavailable && pe.code != ErrInternal
}

// roomInfo loads what the control board checks against: the workshop's
// activities and groups.
func (h *Hub) roomInfo(ctx context.Context, workshopID string) (*exercises.Room, error) {
	w, err := h.store.WorkshopByID(ctx, workshopID)
	if err != nil {
		return nil, err
	}
	var cur exercises.Curriculum
	if err := json.Unmarshal(w.Curriculum, &cur); err != nil {
		return nil, err
	}
	groups, err := h.store.Groups(ctx, workshopID)
	if err != nil {
		return nil, err
	}
	room := &exercises.Room{Activities: map[string]bool{}, Groups: map[string]bool{}}
	for _, a := range cur.Activities() {
		room.Activities[a.ID] = true
	}
	for _, g := range groups {
		room.Groups[g.ID] = true
	}
	return room, nil
}

func uniq(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}
