// Package realtime is the live core: websocket connections, board rooms, the
// protocol of docs/protocol.md, presence, the committer that applies
// operations in durable batches, and the broker between instances. It knows
// nothing of HTTP; the server hands it authenticated sockets.
package realtime

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"errors"
	"hash/maphash"
	"log/slog"
	"sync"
	"time"

	"playbook/exercises"
	"playbook/store"
)

// Options tune the hub; zero fields take the defaults of DefaultOptions.
type Options struct {
	InstanceID     string        // names this instance to the broker
	SendQueue      int           // frames queued per connection before it is dropped
	OpsPerSecond   float64       // sustained messages per second per connection
	OpsBurst       int           // burst above that rate
	AbuseThreshold int           // rate-limit violations in 10 s that close the connection
	MaxBoards      int           // subscriptions per connection
	PingInterval   time.Duration // websocket pings
	PongWait       time.Duration // silence after which a connection is dead
	WriteWait      time.Duration // time allowed for one write
	SnapshotAfter  int64         // missed operations beyond which a resume gets a snapshot
	MaxBatch       int           // operations per commit transaction
	CommitQueue    int           // operations waiting for each committer
	// Committers is how many committers apply operations in parallel on
	// PostgreSQL, each for its own share of the workshops (all of a
	// workshop's operations go to one committer, in arrival order, so the
	// workshop's linked boards and control board are never written by two
	// of them). While one waits on the database, another can prepare its
	// batch. SQLite has a single writer: it always uses one.
	Committers int
	// PresenceInterval is how often each instance re-announces its members
	// of every room to the other instances; another instance's members are
	// forgotten after three intervals without an announcement (it stopped).
	PresenceInterval time.Duration
}

// DefaultOptions are the production settings.
func DefaultOptions() Options {
	return Options{
		// A resume queues up to SnapshotAfter missed operations at once,
		// and one commit batch can add MaxBatch more: the queue holds both,
		// so only a client that really stops reading is dropped
		// (TestLongResumeWithProductionOptionsIsNotDroppedAsSlow).
		SendQueue:      1024,
		OpsPerSecond:   20,
		OpsBurst:       40,
		AbuseThreshold: 200,
		MaxBoards:      100,
		PingInterval:   25 * time.Second,
		PongWait:       60 * time.Second,
		WriteWait:      10 * time.Second,
		SnapshotAfter:  500,
		MaxBatch:       256,
		CommitQueue:    8192,
		Committers:     4,

		PresenceInterval: 10 * time.Second,
	}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.InstanceID == "" {
		o.InstanceID = newConnID()
	}
	if o.SendQueue <= 0 {
		o.SendQueue = d.SendQueue
	}
	if o.OpsPerSecond <= 0 {
		o.OpsPerSecond = d.OpsPerSecond
	}
	if o.OpsBurst <= 0 {
		o.OpsBurst = d.OpsBurst
	}
	if o.AbuseThreshold <= 0 {
		o.AbuseThreshold = d.AbuseThreshold
	}
	if o.MaxBoards <= 0 {
		o.MaxBoards = d.MaxBoards
	}
	if o.PingInterval <= 0 {
		o.PingInterval = d.PingInterval
	}
	if o.PongWait <= 0 {
		o.PongWait = d.PongWait
	}
	if o.WriteWait <= 0 {
		o.WriteWait = d.WriteWait
	}
	if o.SnapshotAfter <= 0 {
		o.SnapshotAfter = d.SnapshotAfter
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = d.MaxBatch
	}
	if o.Committers <= 0 {
		o.Committers = d.Committers
	}
	if o.CommitQueue <= 0 {
		o.CommitQueue = d.CommitQueue
	}
	if o.PresenceInterval <= 0 {
		o.PresenceInterval = d.PresenceInterval
	}
	return o
}

// Hub serves every websocket connection of one instance.
type Hub struct {
	store   *store.Store
	broker  Broker
	metrics *Metrics
	log     *slog.Logger
	opts    Options

	committers []*committer // by workshop: committerFor
	shardSeed  maphash.Seed
	outbox     chan brokerMsg
	quit       chan struct{}
	quitOnce   sync.Once

	hintMu sync.Mutex
	hints  map[string]brokerMsg // boards whose latest operation may not have reached the others

	mu        sync.Mutex
	rooms     map[string]*room
	topics    map[string]*topicSub // broker subscription per workshop
	clients   map[*Client]struct{}
	accepting bool
	wg        sync.WaitGroup // running connections
}

type topicSub struct {
	rooms       int
	unsubscribe func()
}

// NewHub makes a hub over st, publishing through broker (NewMemoryBroker for
// a single instance). Start must be called before serving.
func NewHub(st *store.Store, broker Broker, metrics *Metrics, log *slog.Logger, opts Options) *Hub {
	if metrics == nil {
		metrics = NewMetrics(nil)
	}
	if log == nil {
		log = slog.Default()
	}
	h := &Hub{
		store: st, broker: broker, metrics: metrics, log: log, opts: opts.withDefaults(),
		outbox:  make(chan brokerMsg, 4096),
		quit:    make(chan struct{}),
		hints:   map[string]brokerMsg{},
		rooms:   map[string]*room{},
		topics:  map[string]*topicSub{},
		clients: map[*Client]struct{}{},
	}
	n := h.opts.Committers
	if st.Dialect() != store.Postgres {
		n = 1
	}
	h.shardSeed = maphash.MakeSeed()
	for range n {
		h.committers = append(h.committers, newCommitter(h))
	}
	return h
}

// Start runs the committer and the broker publisher.
func (h *Hub) Start() {
	h.mu.Lock()
	h.accepting = true
	h.mu.Unlock()
	for _, c := range h.committers {
		go c.run()
	}
	go h.publishLoop()
	go h.presenceLoop()
	go h.pingLoop()
}

// pingLoop sends every connection a websocket ping each PingInterval (one
// loop for the instance rather than a timer per connection).
func (h *Hub) pingLoop() {
	t := time.NewTicker(h.opts.PingInterval)
	defer t.Stop()
	var batch []*Client
	for {
		select {
		case <-h.quit:
			return
		case <-t.C:
		}
		h.mu.Lock()
		batch = batch[:0]
		for c := range h.clients {
			batch = append(batch, c)
		}
		h.mu.Unlock()
		for _, c := range batch {
			c.ping()
		}
		clear(batch)
	}
}

// InstanceID names this instance.
func (h *Hub) InstanceID() string { return h.opts.InstanceID }

// Serve runs one authenticated connection until it ends. It returns only
// after the connection's writer has stopped.
func (h *Hub) Serve(sock Socket, id Identity) {
	c := newClient(h, sock, id)
	h.mu.Lock()
	if !h.accepting {
		h.mu.Unlock()
		close(c.readDone)
		c.closeWith(CloseGoingAway, "server shutting down")
		<-c.done
		return
	}
	h.clients[c] = struct{}{}
	h.wg.Add(1)
	h.mu.Unlock()
	h.metrics.Connections.Inc()
	defer func() {
		h.metrics.Connections.Dec()
		h.mu.Lock()
		delete(h.clients, c)
		h.mu.Unlock()
		h.wg.Done()
	}()

	c.enqueue(encode(WelcomeMsg{
		Type: "welcome", Protocol: ProtocolVersion, Conn: c.ID, You: c.Actor, Workshop: c.Workshop,
		ServerTime: time.Now().UTC().Format(time.RFC3339Nano),
		Limits: Limits{MaxFrameBytes: MaxFrameBytes, OpsPerSecond: h.opts.OpsPerSecond,
			OpsBurst: h.opts.OpsBurst, MaxBoards: h.opts.MaxBoards},
	}))
	c.readLoop()
	close(c.readDone)
	for _, r := range c.rooms {
		h.leaveRoom(c, r)
	}
	c.closeWith(CloseNormal, "") // no-op when the connection is already closing
	<-c.done
}

// Disconnect closes every connection for which match is true.
func (h *Hub) Disconnect(match func(*Client) bool, code int, reason string) int {
	h.mu.Lock()
	var hit []*Client
	for c := range h.clients {
		if match(c) {
			hit = append(hit, c)
		}
	}
	h.mu.Unlock()
	for _, c := range hit {
		c.closeWith(code, reason)
	}
	return len(hit)
}

// Shutdown stops accepting connections, finishes the commits in flight (the
// operations already queued are stored and acknowledged; later ones are
// refused), then tells every client to reconnect (close 1001) once what was
// queued for it — those acknowledgements included — is sent, and waits for
// connections to end, or for ctx.
func (h *Hub) Shutdown(ctx context.Context) error {
	h.mu.Lock()
	h.accepting = false
	h.mu.Unlock()
	errs := make([]error, len(h.committers))
	var stopping sync.WaitGroup
	for i, c := range h.committers {
		stopping.Add(1)
		go func() { defer stopping.Done(); errs[i] = c.stop(ctx) }()
	}
	stopping.Wait()
	err := errors.Join(errs...)
	h.mu.Lock()
	clients := make([]*Client, 0, len(h.clients))
	for c := range h.clients {
		clients = append(clients, c)
	}
	h.mu.Unlock()
	for _, c := range clients {
		c.closeAfterFlush(CloseGoingAway, "server restarting; reconnect")
	}
	done := make(chan struct{})
	go func() { h.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		err = errors.Join(err, ctx.Err())
	}
	h.quitOnce.Do(func() { close(h.quit) })
	return err
}

// acquireRoom returns the board's room on this instance, creating it (and the
// workshop's broker subscription) on first use. The room cannot be removed
// until the caller calls releaseRoom, so a subscriber joining it never joins
// a room that an emptying leave has just discarded.
func (h *Hub) acquireRoom(b *store.Board) (*room, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r, ok := h.rooms[b.ID]; ok {
		r.refs++
		return r, nil
	}
	t := h.topics[b.WorkshopID]
	if t == nil {
		workshop := b.WorkshopID
		unsub, err := h.broker.Subscribe(context.Background(), topicOf(workshop), func(msg []byte) {
			if msg == nil {
				// The broker may have lost messages: catch up from the database.
				go h.ResyncWorkshop(context.Background(), workshop)
				return
			}
			h.onBrokerMessage(msg)
		})
		if err != nil {
			return nil, err
		}
		t = &topicSub{unsubscribe: unsub}
		h.topics[b.WorkshopID] = t
	}
	t.rooms++
	r := newRoom(h, b.ID, b.WorkshopID)
	r.refs = 1
	h.rooms[b.ID] = r
	return r, nil
}

// releaseRoom ends a use begun by acquireRoom.
func (h *Hub) releaseRoom(r *room) {
	h.mu.Lock()
	defer h.mu.Unlock()
	r.refs--
	h.removeIfUnused(r)
}

// leaveRoom removes c from r, and r from the hub when nobody uses it.
func (h *Hub) leaveRoom(c *Client, r *room) {
	r.leave(c)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.removeIfUnused(r)
}

// removeIfUnused drops an empty room no one is joining. Callers hold h.mu.
func (h *Hub) removeIfUnused(r *room) {
	if r.refs > 0 || h.rooms[r.board] != r {
		return
	}
	r.mu.Lock()
	empty := len(r.subs) == 0
	r.mu.Unlock()
	if !empty {
		return
	}
	delete(h.rooms, r.board)
	if t := h.topics[r.workshop]; t != nil {
		t.rooms--
		if t.rooms == 0 {
			t.unsubscribe()
			delete(h.topics, r.workshop)
		}
	}
}

// Rooms calls fn for every room on this instance with its board id; the
// Redis broker uses it to resynchronise after an outage.
func (h *Hub) Rooms(fn func(board string)) {
	h.mu.Lock()
	ids := make([]string, 0, len(h.rooms))
	for id := range h.rooms {
		ids = append(ids, id)
	}
	h.mu.Unlock()
	for _, id := range ids {
		fn(id)
	}
}

// Resync reads every local room's board sequence from the database and
// delivers whatever this instance missed (after a broker outage), and
// announces this instance's members of every room again.
func (h *Hub) Resync(ctx context.Context) error {
	return h.resync(ctx, func(*room) bool { return true })
}

// ResyncWorkshop is Resync for the rooms of one workshop; brokers trigger it
// (through a nil message) when a workshop's subscription is (re)established.
func (h *Hub) ResyncWorkshop(ctx context.Context, workshop string) error {
	return h.resync(ctx, func(r *room) bool { return r.workshop == workshop })
}

func (h *Hub) resync(ctx context.Context, match func(*room) bool) error {
	h.mu.Lock()
	var rooms []*room
	for _, r := range h.rooms {
		if match(r) {
			rooms = append(rooms, r)
		}
	}
	h.mu.Unlock()
	var errs []error
	for _, r := range rooms {
		seq, err := h.store.BoardSeq(ctx, r.board)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		r.sync(seq)
		h.publishPresence(r, r.localMembers())
	}
	if len(errs) > 0 {
		h.log.Warn("resync incomplete; clients catch up on the next operation or reconnect", "err", errors.Join(errs...))
	}
	return errors.Join(errs...)
}

func (h *Hub) subscribe(c *Client, m *SubscribeMsg) error {
	if _, again := c.rooms[m.Board]; !again && len(c.rooms) >= h.opts.MaxBoards {
		return &protocolError{code: ErrTooManyBoards, message: "too many boards on one connection", board: m.Board}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	b, err := h.store.BoardByID(ctx, m.Board)
	if errors.Is(err, store.ErrNotFound) || err == nil && b.WorkshopID != c.Workshop {
		return &protocolError{code: ErrNotFound, message: "no such board in this workshop", board: m.Board}
	}
	if err != nil {
		h.log.Warn("subscribe: board lookup failed", "err", err)
		return &protocolError{code: ErrUnavailable, message: "the database is unavailable; retry shortly", board: m.Board}
	}
	if err := h.canRead(ctx, c, b); err != nil {
		return err
	}
	if m.Since != nil && *m.Since > b.Seq {
		return &protocolError{code: ErrBadSequence, board: m.Board,
			message: "\"since\" is beyond the board's last sequence; subscribe without it for a snapshot"}
	}
	r, err := h.acquireRoom(b)
	if err != nil {
		return &protocolError{code: ErrUnavailable, message: "cannot subscribe now; retry shortly", board: m.Board}
	}
	defer h.releaseRoom(r)
	c.rooms[b.ID] = r
	r.join(c, b, m.Since)
	return nil
}

func (h *Hub) submit(c *Client, m *OpMsg) error {
	var op exercises.Operation
	if err := json.Unmarshal(m.Op, &op); err != nil || op.Kind == "" {
		return &protocolError{code: ErrBadMessage, message: "\"op\" must be an object with a \"kind\"", board: m.Board, id: m.ID}
	}
	compact, err := compactJSON(m.Op)
	if err != nil {
		return &protocolError{code: ErrBadMessage, message: "\"op\" is not valid JSON", board: m.Board, id: m.ID}
	}
	op.Body = compact
	req := &commitReq{
		workshop: c.Workshop, board: m.Board, opID: m.ID, op: op, actor: c.Actor, arrived: time.Now(),
		done: func(res commitResult) { c.deliverResult(m.Board, m.ID, res) },
	}
	if !h.committerFor(req.workshop).offer(req) {
		return &protocolError{code: ErrUnavailable, message: "the server is busy; retry shortly", board: m.Board, id: m.ID}
	}
	return nil
}

// deliverResult acknowledges the client's operation or reports its refusal.
func (c *Client) deliverResult(board, id string, res commitResult) {
	if res.err != nil {
		msg := errorFrame(res.err)
		msg.Board, msg.ID = board, id
		c.hub.metrics.Errors.WithLabelValues(msg.Code).Inc()
		c.enqueue(encode(msg))
		return
	}
	c.enqueue(encode(AckMsg{Type: "ack", Board: board, ID: id, Seq: res.seq, Duplicate: res.duplicate}))
}

// Apply submits an operation on behalf of actor outside any connection (the
// HTTP layer, the demo's bots) and waits for its result: the sequence it was
// stored at, or why it was refused.
func (h *Hub) Apply(ctx context.Context, workshop, board, opID string, actor exercises.Actor, op json.RawMessage) (int64, error) {
	var o exercises.Operation
	if err := json.Unmarshal(op, &o); err != nil || o.Kind == "" {
		return 0, exercises.Refuse(exercises.CodeInvalidOp, "op", "the operation must be an object with a kind")
	}
	compact, err := compactJSON(op)
	if err != nil {
		return 0, err
	}
	o.Body = compact
	result := make(chan commitResult, 1)
	req := &commitReq{workshop: workshop, board: board, opID: opID, op: o, actor: actor, arrived: time.Now(),
		done: func(res commitResult) { result <- res }}
	if !h.committerFor(req.workshop).offer(req) {
		return 0, ErrBusy
	}
	select {
	case res := <-result:
		return res.seq, res.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// committerFor is the committer of a workshop's operations.
func (h *Hub) committerFor(workshop string) *committer {
	if len(h.committers) == 1 {
		return h.committers[0]
	}
	return h.committers[maphash.String(h.shardSeed, workshop)%uint64(len(h.committers))]
}

// ErrBusy is returned when the committer's queue is full.
var ErrBusy = errors.New("realtime: server busy")

// deliver hands a committed operation to this instance's room and to the
// other instances.
func (h *Hub) deliver(workshop string, f frame, board string) {
	h.mu.Lock()
	r := h.rooms[board]
	h.mu.Unlock()
	if r != nil {
		r.publish(f)
	}
	h.afterOp(workshop, f.data)
	h.queueBroker(brokerMsg{Instance: h.opts.InstanceID, Kind: "op", Workshop: workshop, Board: board, Seq: f.seq, Frame: f.data})
}

// presenceLoop re-announces this instance's members of every room, so other
// instances keep them, and forgets the members of instances that stopped
// announcing theirs.
func (h *Hub) presenceLoop() {
	t := time.NewTicker(h.opts.PresenceInterval)
	defer t.Stop()
	for {
		select {
		case <-h.quit:
			return
		case <-t.C:
		}
		h.mu.Lock()
		rooms := make([]*room, 0, len(h.rooms))
		for _, r := range h.rooms {
			rooms = append(rooms, r)
		}
		h.mu.Unlock()
		cutoff := time.Now().Add(-3 * h.opts.PresenceInterval)
		for _, r := range rooms {
			h.publishPresence(r, r.localMembers())
			r.expireRemote(cutoff)
		}
	}
}

func (h *Hub) publishPresence(r *room, members []Member) {
	h.queueBroker(brokerMsg{Instance: h.opts.InstanceID, Kind: "presence", Workshop: r.workshop, Board: r.board, Members: members})
}

// brokerMsg is what instances tell each other.
type brokerMsg struct {
	Instance string          `json:"i"`
	Kind     string          `json:"k"` // "op", "presence" or "seq"
	Workshop string          `json:"w"`
	Board    string          `json:"b"`
	Seq      int64           `json:"s,omitempty"`
	Frame    json.RawMessage `json:"f,omitempty"`
	Members  []Member        `json:"m,omitempty"`
}

func topicOf(workshop string) string { return "workshop:" + workshop }

// queueBroker hands a message to the publisher without blocking; if the
// broker is too slow the message is dropped, and a sequence hint tells the
// other instances later which board to repair from the database.
func (h *Hub) queueBroker(m brokerMsg) {
	select {
	case h.outbox <- m:
	default:
		h.metrics.Errors.WithLabelValues("broker_dropped").Inc()
		h.addHint(m)
	}
}

// addHint remembers that an operation may not have reached the other
// instances. Only the board's latest sequence matters: receivers read
// everything up to it from the database.
func (h *Hub) addHint(m brokerMsg) {
	if m.Kind != "op" && m.Kind != "seq" {
		return // presence is announced again by the presence loop
	}
	h.hintMu.Lock()
	if old, ok := h.hints[m.Board]; !ok || old.Seq < m.Seq {
		h.hints[m.Board] = brokerMsg{Instance: m.Instance, Kind: "seq", Workshop: m.Workshop, Board: m.Board, Seq: m.Seq}
	}
	h.hintMu.Unlock()
}

// publishBatchMax bounds the messages published in one round trip.
const publishBatchMax = 256

func (h *Hub) publishLoop() {
	batch := make([]brokerMsg, 0, publishBatchMax)
	retry := time.NewTicker(250 * time.Millisecond)
	defer retry.Stop()
	var downUntil time.Time
	for {
		select {
		case m := <-h.outbox:
			batch = append(batch[:0], m)
		fill:
			for len(batch) < publishBatchMax {
				select {
				case m := <-h.outbox:
					batch = append(batch, m)
				default:
					break fill
				}
			}
		case <-retry.C:
			h.hintMu.Lock()
			batch = batch[:0]
			for _, m := range h.hints {
				batch = append(batch, m)
			}
			clear(h.hints)
			h.hintMu.Unlock()
			if len(batch) == 0 {
				continue
			}
		case <-h.quit:
			return
		}
		if time.Now().Before(downUntil) {
			// The broker failed a moment ago: do not wait on it again yet.
			for _, m := range batch {
				h.addHint(m)
			}
			continue
		}
		if err := h.publish(batch); err != nil {
			h.metrics.Errors.WithLabelValues("broker_publish").Inc()
			downUntil = time.Now().Add(250 * time.Millisecond)
			for _, m := range batch {
				h.addHint(m)
			}
		}
	}
}

func (h *Hub) publish(batch []brokerMsg) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if bp, ok := h.broker.(BatchPublisher); ok && len(batch) > 1 {
		msgs := make([]TopicMessage, len(batch))
		for i, m := range batch {
			msgs[i] = TopicMessage{Topic: topicOf(m.Workshop), Data: encode(m)}
		}
		return bp.PublishBatch(ctx, msgs)
	}
	for _, m := range batch {
		if err := h.broker.Publish(ctx, topicOf(m.Workshop), encode(m)); err != nil {
			return err
		}
	}
	return nil
}

func (h *Hub) onBrokerMessage(data []byte) {
	var m brokerMsg
	if err := json.Unmarshal(data, &m); err != nil || m.Instance == h.opts.InstanceID {
		return
	}
	if m.Kind == "op" {
		h.afterOp(m.Workshop, m.Frame)
	}
	h.mu.Lock()
	r := h.rooms[m.Board]
	h.mu.Unlock()
	if r == nil {
		return
	}
	switch m.Kind {
	case "op":
		r.publish(frame{seq: m.Seq, data: m.Frame})
	case "seq":
		r.sync(m.Seq)
	case "presence":
		if r.setRemote(m.Instance, m.Members) {
			// A newcomer to the room: tell it who is here without waiting
			// for the next announcement.
			h.publishPresence(r, r.localMembers())
		}
	}
}

func newConnID() string {
	b := make([]byte, 10)
	rand.Read(b)
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

func compactJSON(raw []byte) ([]byte, error) {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
