package realtime

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"time"

	"playbook/exercises"
	"playbook/store"
)

// ringSize is how many recent operation frames a room keeps, so subscribers
// that fall a little behind catch up without reading the database.
const ringSize = 512

// frame is one encoded operation event.
type frame struct {
	seq  int64
	data []byte
}

// room is one board's subscribers on this instance. It delivers operations to
// each subscriber exactly once and in sequence order: a subscriber whose next
// operation is missing (a gap left by a lost broker message, or a resume)
// catches up from the ring or the database before anything newer reaches it.
type room struct {
	hub      *Hub
	board    string
	workshop string
	refs     int // joins in progress; guarded by hub.mu

	mu       sync.Mutex
	lastSeen int64   // highest sequence this room knows to be committed
	ring     []frame // ringSize recent frames, allocated with the first one
	subs     map[*Client]*sub
	remote   map[string]remotePresence // presence on other instances, by instance id
}

// remotePresence is another instance's members of the room, as last announced.
type remotePresence struct {
	members []Member
	at      time.Time
}

// sub is one client's subscription to a room.
type sub struct {
	cursor    int64 // last sequence delivered to the client
	catching  bool  // a catch-up is running; live frames wait for it
	announced bool  // "subscribed" has been sent
	editing   *string
}

func newRoom(h *Hub, board, workshop string) *room {
	return &room{hub: h, board: board, workshop: workshop, subs: map[*Client]*sub{}, remote: map[string]remotePresence{}}
}

// remember keeps a frame in the ring unless a newer one holds its slot.
// Callers hold r.mu.
func (r *room) remember(f frame) {
	if r.ring == nil {
		r.ring = make([]frame, ringSize)
	}
	slot := &r.ring[f.seq%ringSize]
	if slot.seq < f.seq {
		*slot = f
	}
}

// publish delivers a committed operation to every subscriber that is ready
// for it, and starts a catch-up for every subscriber it would skip ahead of.
func (r *room) publish(f frame) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if f.seq > r.lastSeen {
		r.lastSeen = f.seq
	}
	r.remember(f)
	for c, s := range r.subs {
		if s.catching || f.seq <= s.cursor {
			continue
		}
		if f.seq == s.cursor+1 {
			s.cursor = f.seq
			c.enqueue(f.data)
			continue
		}
		r.startCatchUp(c, s)
	}
}

// sync raises the room's knowledge of the board's sequence (for example from
// the database after the broker was lost) and catches up every subscriber.
func (r *room) sync(seq int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if seq > r.lastSeen {
		r.lastSeen = seq
	}
	r.kickLagging()
}

// kickLagging starts a catch-up for every idle subscriber behind lastSeen.
// Callers hold r.mu.
func (r *room) kickLagging() {
	for c, s := range r.subs {
		if !s.catching && s.cursor < r.lastSeen {
			r.startCatchUp(c, s)
		}
	}
}

// startCatchUp marks s as catching up and runs the catch-up in the
// background. Callers hold r.mu.
func (r *room) startCatchUp(c *Client, s *sub) {
	s.catching = true
	go r.catchUp(c, s)
}

// join subscribes c. With since nil (or too far behind) the client first
// receives a snapshot; otherwise every operation after since. Either way
// "subscribed" follows once it is caught up, then live operations.
func (r *room) join(c *Client, b *store.Board, since *int64) {
	s := &sub{}
	r.mu.Lock()
	if old, ok := r.subs[c]; ok {
		s.editing = old.editing
	}
	if since == nil || b.Seq-*since > r.hub.opts.SnapshotAfter {
		s.cursor = b.Seq
		c.enqueue(encode(SnapshotMsg{Type: "snapshot", Board: b.ID, Kind: b.Kind, Activity: b.ActivityID,
			Group: b.Group(), Seq: b.Seq, State: b.State}))
	} else {
		s.cursor = *since
	}
	if b.Seq > r.lastSeen {
		r.lastSeen = b.Seq
	}
	s.catching = true
	r.subs[c] = s
	r.mu.Unlock()
	r.catchUp(c, s)
	r.presenceChanged()
}

// leave unsubscribes c.
func (r *room) leave(c *Client) {
	r.mu.Lock()
	_, was := r.subs[c]
	delete(r.subs, c)
	r.mu.Unlock()
	if was {
		r.presenceChanged()
	}
}

// catchUp delivers to s everything between its cursor and the room's
// lastSeen, from the ring when it holds the frames and from the database
// otherwise, then returns the subscriber to live delivery.
func (r *room) catchUp(c *Client, s *sub) {
	for attempt := 0; ; attempt++ {
		r.mu.Lock()
		if r.subs[c] != s {
			r.mu.Unlock()
			return
		}
		for s.cursor < r.lastSeen && r.ring != nil {
			f := r.ring[(s.cursor+1)%ringSize]
			if f.seq != s.cursor+1 {
				break
			}
			s.cursor = f.seq
			c.enqueue(f.data)
		}
		if s.cursor >= r.lastSeen {
			s.catching = false
			if !s.announced {
				s.announced = true
				c.enqueue(encode(SubscribedMsg{Type: "subscribed", Board: r.board, Seq: s.cursor}))
			}
			r.mu.Unlock()
			return
		}
		from := s.cursor
		r.mu.Unlock()

		if attempt > 0 {
			time.Sleep(min(time.Duration(attempt)*50*time.Millisecond, time.Second))
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		ops, err := r.hub.store.OpsSince(ctx, r.board, from, 1000)
		cancel()
		if err != nil || attempt > 40 {
			// The database cannot fill the gap now: drop the client, which
			// reconnects and resumes from its last sequence.
			r.hub.log.Warn("catch-up failed; closing connection", "board", r.board, "err", err, "attempt", attempt)
			c.closeWith(CloseGoingAway, "resynchronising; reconnect")
			return
		}
		r.mu.Lock()
		if r.subs[c] != s {
			r.mu.Unlock()
			return
		}
		for _, op := range ops {
			f := frame{seq: op.Seq, data: opFrame(op)}
			r.remember(f)
			if op.Seq == s.cursor+1 {
				s.cursor = op.Seq
				c.enqueue(f.data)
			}
			if op.Seq > r.lastSeen {
				r.lastSeen = op.Seq
			}
		}
		// What this subscriber learnt from the database, others may lack too.
		r.kickLagging()
		r.mu.Unlock()
	}
}

// setEditing records what c is editing and tells the room.
func (r *room) setEditing(c *Client, editing *string) bool {
	r.mu.Lock()
	s, ok := r.subs[c]
	if ok {
		s.editing = editing
	}
	r.mu.Unlock()
	if ok {
		r.presenceChanged()
	}
	return ok
}

// localMembers lists this instance's connections on the board.
func (r *room) localMembers() []Member {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.localMembersLocked()
}

func (r *room) localMembersLocked() []Member {
	out := make([]Member, 0, len(r.subs))
	for c, s := range r.subs {
		out = append(out, Member{Conn: c.ID, Kind: c.Actor.Kind, ID: c.Actor.ID, Name: c.Actor.Name, Editing: s.editing})
	}
	sortMembers(out)
	return out
}

// presenceChanged sends the room's member list to local subscribers and
// publishes this instance's part to the others.
func (r *room) presenceChanged() {
	local := r.localMembers()
	r.hub.publishPresence(r, local)
	r.broadcastPresence()
}

// setRemote records another instance's members of the room and reports
// whether that instance was not known in the room before.
func (r *room) setRemote(instance string, members []Member) (isNew bool) {
	r.mu.Lock()
	old, known := r.remote[instance]
	if len(members) == 0 {
		delete(r.remote, instance)
	} else {
		r.remote[instance] = remotePresence{members: members, at: time.Now()}
	}
	changed := !slices.EqualFunc(old.members, members, sameMember)
	r.mu.Unlock()
	if changed {
		r.broadcastPresence()
	}
	return !known && len(members) > 0
}

func sameMember(a, b Member) bool {
	return a.Conn == b.Conn && a.Kind == b.Kind && a.ID == b.ID && a.Name == b.Name &&
		(a.Editing == nil) == (b.Editing == nil) && (a.Editing == nil || *a.Editing == *b.Editing)
}

// expireRemote forgets the members of instances that have not announced them
// since cutoff (the instance stopped, or lost the broker).
func (r *room) expireRemote(cutoff time.Time) {
	r.mu.Lock()
	expired := false
	for id, p := range r.remote {
		if p.at.Before(cutoff) {
			delete(r.remote, id)
			expired = true
		}
	}
	r.mu.Unlock()
	if expired {
		r.broadcastPresence()
	}
}

func (r *room) broadcastPresence() {
	r.mu.Lock()
	defer r.mu.Unlock()
	members := r.localMembersLocked()
	for _, p := range r.remote {
		members = append(members, p.members...)
	}
	sortMembers(members)
	data := encode(PresenceEventMsg{Type: "presence", Board: r.board, Members: members})
	for c, s := range r.subs {
		if s.announced {
			c.enqueue(data)
		}
	}
}

func sortMembers(ms []Member) {
	slices.SortFunc(ms, func(a, b Member) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Conn, b.Conn)
	})
}

// opFrame encodes a stored operation as the op event clients receive.
func opFrame(op *store.OpRecord) []byte {
	return encode(OpEventMsg{
		Type: "op", Board: op.BoardID, Seq: op.Seq, ID: op.OpID,
		Actor:   exercises.Actor{Kind: exercises.Role(op.ActorKind), ID: op.ActorID, Name: op.ActorName},
		Op:      op.Op,
		Changes: op.Changes,
		At:      op.CreatedAt.UTC().Format(time.RFC3339Nano),
	})
}

// encode marshals a message; every message type is encodable by construction.
func encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("realtime: unencodable message: " + err.Error())
	}
	return b
}
