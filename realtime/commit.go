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

	// cache keeps the decoded state of boards as last committed, by board
	// id, so a batch decodes only boards that changed elsewhere (another
	// instance) or were not used lately. Owned by the committer goroutine.
	// An entry is valid only for the sequence it was stored at; it is taken
	// out while a transaction uses it and put back only after the commit.
	cache map[string]cachedState
	fresh []freshState // states of the running transaction, cached once it commits

	encoded []byte // the batch's encoded board states, reused by the next batch
}

// maxEncodedBuffer bounds the encoding buffer kept between batches.
const maxEncodedBuffer = 4 << 20

type cachedState struct {
	seq   int64
	state exercises.State
}

type freshState struct {
	board *store.Board
	state exercises.State
}

// maxCachedStates bounds the cache; beyond it the cache starts over.
const maxCachedStates = 8192

func newCommitter(h *Hub) *committer {
	return &committer{h: h, in: make(chan *commitReq, h.opts.CommitQueue), quit: make(chan struct{}), stopped: make(chan struct{}),
		cache: map[string]cachedState{}}
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

// errRelock ends a transaction that found it needs boards it did not lock
// (the other boards of a linking operation's activity): the batch then runs
// again with those boards locked from the start. Boards are so always locked
// in one order (by id, all at once), and two instances never deadlock.
var errRelock = errors.New("realtime: more boards to lock")

// maxRelock bounds the reruns of one batch; after that, linked boards that
// appeared meanwhile are left out of the operation.
const maxRelock = 3

// commit applies one batch in one transaction, then broadcasts what was
// applied and answers every request.
func (c *committer) commit(batch []*commitReq) {
	h := c.h
	now := time.Now().UTC().Truncate(time.Microsecond)
	results := make([]commitResult, len(batch))
	// applied[i] holds what request i stored: its own board's operation
	// first, then one operation per linked board it changed.
	applied := make([][]*store.OpRecord, len(batch))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	var extra []string
	var txErr error
	for attempt := 0; ; attempt++ {
		var missing []string
		c.fresh = c.fresh[:0]
		txErr = h.store.WithOpTx(ctx, func(tx *store.OpTx) error {
			clear(applied)
			missing = missing[:0]
			return c.apply(ctx, tx, batch, now, results, applied, extra, attempt < maxRelock, &missing)
		})
		if txErr == nil {
			if len(c.cache)+len(c.fresh) > maxCachedStates {
				clear(c.cache)
			}
			for _, f := range c.fresh {
				c.cache[f.board.ID] = cachedState{seq: f.board.Seq, state: f.state}
			}
		}
		clear(c.fresh)
		if errors.Is(txErr, errRelock) {
			extra = append(extra, missing...)
			continue
		}
		break
	}

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
		for i, recs := range applied {
			if len(recs) == 0 {
				continue
			}
			h.metrics.OpsApplied.Inc()
			h.metrics.CommitLatency.Observe(done.Sub(batch[i].arrived).Seconds())
			for _, rec := range recs {
				h.deliver(batch[i].workshop, frame{seq: rec.Seq, data: opFrame(rec)}, rec.BoardID)
			}
		}
		h.metrics.BatchSize.Observe(float64(len(batch)))
	}
	for i, r := range batch {
		r.done(results[i])
	}
}

// apply runs inside the batch's transaction: it locks the boards, applies
// every request in arrival order and stores what was applied. With relock
// set, it stops with errRelock (and the boards in *missing) when a linking
// operation needs boards that extra did not already name.
func (c *committer) apply(ctx context.Context, tx *store.OpTx, batch []*commitReq, now time.Time,
	results []commitResult, applied [][]*store.OpRecord, extra []string, relock bool, missing *[]string) error {
	h := c.h
	var boardIDs, workshopIDs []string
	for _, r := range batch {
		boardIDs = append(boardIDs, r.board)
		workshopIDs = append(workshopIDs, r.workshop)
	}
	boardIDs, workshopIDs = uniq(boardIDs), uniq(workshopIDs)
	// The boards are locked and the control boards read in one go (one
	// round trip on PostgreSQL).
	boards, controls, err := tx.LockBatch(ctx, uniq(append(slices.Clone(boardIDs), extra...)), func(id string) (int64, bool) {
		cs, ok := c.cache[id]
		return cs.seq, ok
	}, exercises.ControlActivity, workshopIDs)
	if err != nil {
		return err
	}

	// The boards linking operations read: every board of their activity.
	linkKey := make([]string, len(batch))
	linked := map[string][]string{}
	for i, r := range batch {
		b := boards[r.board]
		if b == nil || b.WorkshopID != r.workshop {
			continue
		}
		if k, ok := exercises.Lookup(b.Kind); !ok || k.Linked == nil || !k.Linked(r.op) {
			continue
		}
		key := b.WorkshopID + "\x00" + b.ActivityID
		linkKey[i] = key
		if _, done := linked[key]; done {
			continue
		}
		ids, err := tx.ActivityBoardIDs(ctx, b.WorkshopID, b.ActivityID)
		if err != nil {
			return err
		}
		linked[key] = ids
		for _, id := range ids {
			if boards[id] == nil {
				*missing = append(*missing, id)
			}
		}
	}
	if relock && len(*missing) > 0 {
		return errRelock
	}

	keys := make([]store.SeenOp, len(batch))
	for i, r := range batch {
		keys[i] = store.SeenOp{BoardID: r.board, ActorID: r.actor.ID, OpID: r.opID}
	}
	seenRows, err := tx.SeenOpsOf(ctx, keys)
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
		var s exercises.State
		if cs, ok := c.cache[b.ID]; ok && cs.seq == b.Seq {
			s = cs.state // decoded before, and nobody changed the board since
		} else {
			var err error
			if s, err = exercises.DecodeState(b.Kind, b.State); err != nil {
				return nil, err
			}
		}
		delete(c.cache, b.ID) // back only if this transaction commits
		states[b.ID] = s
		c.fresh = append(c.fresh, freshState{board: b, state: s})
		return s, nil
	}
	dirty := map[string]*store.Board{}
	var audits []*store.AuditEntry

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
		if k, ok := exercises.Lookup(b.Kind); ok && k.NeedsRoom {
			if opCtx.Room, err = h.roomInfo(ctx, b.WorkshopID); err != nil {
				return err
			}
		}
		if linkKey[i] != "" {
			opCtx.Linked = []*exercises.LinkedBoard{}
			for _, id := range linked[linkKey[i]] {
				lb := boards[id]
				if id == b.ID || lb == nil {
					continue
				}
				ls, err := state(lb)
				if err != nil {
					return err
				}
				opCtx.Linked = append(opCtx.Linked, &exercises.LinkedBoard{ID: lb.ID, Scope: lb.Scope, Kind: lb.Kind, State: ls})
			}
		}
		changes, err := exercises.Apply(st, r.op, opCtx)
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
		recs := []*store.OpRecord{{BoardID: b.ID, Seq: b.Seq, OpID: r.opID, ActorKind: string(r.actor.Kind),
			ActorID: r.actor.ID, ActorName: r.actor.Name, Op: r.op.Body, Changes: changesJSON, CreatedAt: now}}
		dirty[b.ID] = b
		for _, l := range opCtx.Linked {
			if len(l.Changes) == 0 {
				continue
			}
			lb := boards[l.ID]
			lb.Seq++
			lc, err := json.Marshal(l.Changes)
			if err != nil {
				return err
			}
			recs = append(recs, &store.OpRecord{BoardID: lb.ID, Seq: lb.Seq, OpID: LinkedOpID(b.ID, r.opID),
				ActorKind: string(r.actor.Kind), ActorID: r.actor.ID, ActorName: r.actor.Name,
				Op: linkedOpBody(r.op.Kind, b.ID), Changes: lc, CreatedAt: now})
			dirty[lb.ID] = lb
		}
		applied[i] = recs
		seen[key] = b.Seq
		results[i].seq = b.Seq
		if a := auditOf(r, b, now); a != nil {
			audits = append(audits, a)
		}
	}
	if err := tx.AddAudit(ctx, audits); err != nil {
		return err
	}

	var recs []*store.OpRecord
	for _, rs := range applied {
		recs = append(recs, rs...)
	}
	// Every dirty board's new state, encoded into one buffer the committer
	// reuses batch after batch (SaveBoards copies what it sends).
	saves := make([]store.BoardSave, 0, len(dirty))
	buf := c.encoded[:0]
	for id, b := range dirty {
		start := len(buf)
		if buf, err = exercises.AppendState(buf, states[id]); err != nil {
			return err
		}
		saves = append(saves, store.BoardSave{ID: id, State: buf[start:len(buf):len(buf)], Seq: b.Seq})
	}
	if cap(buf) <= maxEncodedBuffer {
		c.encoded = buf
	}
	return tx.StoreBatch(ctx, recs, saves, now)
}

// auditOf is the audit-log entry of an applied operation, for facilitation:
// a trainer's operation on the control board (open, close, lock, gallery,
// timers, broadcasts) or on a workshop board (a pass-off round: judges,
// attempts, reveal). Stored in the operation's own transaction.
func auditOf(r *commitReq, b *store.Board, now time.Time) *store.AuditEntry {
	if r.actor.Kind != exercises.RoleTrainer {
		return nil
	}
	if k, ok := exercises.Lookup(b.Kind); !ok || b.Kind != exercises.ControlKind && !k.Workshop {
		return nil
	}
	workshop := b.WorkshopID
	return &store.AuditEntry{OwnerID: r.actor.ID, WorkshopID: &workshop, ActorKind: string(r.actor.Kind), ActorID: r.actor.ID,
		ActorName: r.actor.Name, Action: r.op.Kind, Target: b.ActivityID, Detail: string(r.op.Body), CreatedAt: now}
}

// LinkedOpID is the operation id under which a linked board stores what
// operation opID on board did to it. The '/' cannot occur in a client's
// operation id, so it never collides with one.
func LinkedOpID(board, opID string) string { return board + "/" + opID }

// linkedOpBody is the op a linked board's subscribers see: the operation's
// kind and the board it was sent to — never its fields, which may hold what
// only the sender may know (a judge's scores).
func linkedOpBody(kind, via string) []byte {
	return encode(map[string]string{"kind": kind, "via": via})
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

// roomInfo loads what kinds with NeedsRoom check against: the workshop's
// activities, agenda blocks, groups, people and cases.
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
	people, err := h.store.Participants(ctx, workshopID)
	if err != nil {
		return nil, err
	}
	owner, err := h.store.UserByID(ctx, w.OwnerID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(groups))
	for i, g := range groups {
		ids[i] = g.ID
	}
	room := exercises.NewRoom(&cur, ids)
	room.People = map[string]exercises.Person{}
	room.GroupNames = map[string]string{}
	for _, g := range groups {
		room.GroupNames[g.ID] = g.Name
	}
	for _, p := range people {
		room.People[p.ID] = exercises.Person{Kind: exercises.RoleParticipant, Name: p.Name, Group: p.Group()}
	}
	room.People[owner.ID] = exercises.Person{Kind: exercises.RoleTrainer, Name: owner.Name}
	// The projector may show a case the curriculum uses or one attached to an activity.
	attached, err := h.store.Attachments(ctx, workshopID)
	if err != nil {
		return nil, err
	}
	room.Cases = map[string]bool{}
	for _, id := range cur.CaseIDs() {
		room.Cases[id] = true
	}
	for _, a := range attached {
		room.Cases[a.CaseID] = true
	}
	return room, nil
}

func uniq(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}
