package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// ltStats are the counters of a load test, updated by every simulated client.
type ltStats struct {
	offered, acked, errors, gaps, dups, disconnects, unsent atomic.Int64
	fanout, ack                                             histogram

	mu     sync.Mutex
	codes  map[string]int64
	sample string // one error message, to show
}

func (s *ltStats) fail(code, msg string) {
	s.errors.Add(1)
	s.mu.Lock()
	if s.codes == nil {
		s.codes = map[string]int64{}
	}
	s.codes[code]++
	if s.sample == "" {
		s.sample = code + ": " + msg
	}
	s.mu.Unlock()
}

// edit is one scheduled operation of the open-model load: when it was meant
// to be sent.
type edit struct{ intended time.Time }

// track follows one edit until every member of the group but its sender and
// the trainer console have received it; its fan-out latency is the last
// arrival's.
type track struct {
	intended  time.Time
	remaining atomic.Int32
	worst     atomic.Int64 // nanoseconds
}

// tracker holds the edits in flight, sharded so receivers rarely contend.
type tracker struct {
	seed   maphash.Seed
	shards [64]struct {
		mu sync.Mutex
		m  map[string]*track
	}
	stats *ltStats
}

func newTracker(stats *ltStats) *tracker {
	t := &tracker{seed: maphash.MakeSeed(), stats: stats}
	for i := range t.shards {
		t.shards[i].m = map[string]*track{}
	}
	return t
}

func (t *tracker) shard(id string) int { return int(maphash.String(t.seed, id) % 64) }

func (t *tracker) add(id string, intended time.Time, receivers int) {
	tr := &track{intended: intended}
	tr.remaining.Store(int32(receivers))
	s := &t.shards[t.shard(id)]
	s.mu.Lock()
	s.m[id] = tr
	s.mu.Unlock()
}

// arrived records that one receiver got the edit id at now.
func (t *tracker) arrived(id string, now time.Time) {
	s := &t.shards[t.shard(id)]
	s.mu.Lock()
	tr := s.m[id]
	s.mu.Unlock()
	if tr == nil {
		return
	}
	lat := int64(now.Sub(tr.intended))
	for {
		w := tr.worst.Load()
		if lat <= w || tr.worst.CompareAndSwap(w, lat) {
			break
		}
	}
	if tr.remaining.Add(-1) == 0 {
		t.stats.fanout.Record(time.Duration(tr.worst.Load()))
		s.mu.Lock()
		delete(s.m, id)
		s.mu.Unlock()
	}
}

// drop forgets an edit that was refused (it is never broadcast).
func (t *tracker) drop(id string) {
	s := &t.shards[t.shard(id)]
	s.mu.Lock()
	delete(s.m, id)
	s.mu.Unlock()
}

// open counts edits not yet received everywhere.
func (t *tracker) open() int {
	n := 0
	for i := range t.shards {
		t.shards[i].mu.Lock()
		n += len(t.shards[i].m)
		t.shards[i].mu.Unlock()
	}
	return n
}

// simClient is one simulated person's connection: a participant editing its
// group's board, or a trainer console following every group board of a
// workshop. It follows docs/protocol.md: it resumes with "since" after a
// drop and re-sends unacknowledged operations with their original ids.
type simClient struct {
	lt      *loadtest
	idx     int
	console bool
	group   *ltGroup
	boards  []string
	base    string
	api     *ltAPI
	as      string
	local   net.Addr

	wmu  sync.Mutex // one writer at a time
	mu   sync.Mutex
	conn *websocket.Conn
	last map[string]int64
	// waiting counts boards not yet subscribed on the current connection;
	// ready is closed when it reaches zero.
	waiting    int
	ready      chan struct{}
	dropping   atomic.Bool
	pending    map[string][]byte // sent, not yet acknowledged
	undo       map[string]func() // how to forget a pending edit's effect on the client's own view, if refused
	ackedIDs   map[string]bool
	send       chan edit
	nextOp     int
	noteSeq    int
	notes      []string
	myVotes    map[string]int
	votesUsed  int
	votesLimit int
}

func (c *simClient) wsURL() string {
	u, _ := url.Parse(c.base)
	scheme := "ws"
	if u.Scheme == "https" {
		scheme = "wss"
	}
	return scheme + "://" + u.Host + "/ws?workshop=" + url.QueryEscape(c.group.workshop.id) + "&as=" + c.as
}

// connect opens the websocket, subscribes to the client's boards (resuming
// from the last sequence seen), re-sends unacknowledged operations, and
// reads in the background. ready() is closed once every board is caught up.
func (c *simClient) connect(ctx context.Context) error {
	nd := &net.Dialer{Timeout: 15 * time.Second, LocalAddr: c.local}
	d := websocket.Dialer{NetDialContext: nd.DialContext, HandshakeTimeout: 20 * time.Second,
		ReadBufferSize: 1024, WriteBufferSize: 1024}
	h := http.Header{}
	h.Set("Origin", c.base)
	h.Set("Cookie", c.api.cookieHeader())
	conn, resp, err := d.DialContext(ctx, c.wsURL(), h)
	if err != nil {
		if resp != nil {
			return fmt.Errorf("websocket handshake: HTTP %d", resp.StatusCode)
		}
		return err
	}
	conn.SetReadLimit(1 << 20)
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	var welcome struct {
		Type string `json:"type"`
	}
	if err := conn.ReadJSON(&welcome); err != nil || welcome.Type != "welcome" {
		conn.Close()
		return fmt.Errorf("no welcome frame: %v", err)
	}
	conn.SetReadDeadline(time.Time{})
	ready := make(chan struct{})
	c.mu.Lock()
	c.conn = conn
	c.ready = ready
	c.waiting = len(c.boards)
	since := make(map[string]int64, len(c.boards))
	for b, s := range c.last {
		since[b] = s
	}
	var resend [][]byte
	for _, f := range c.pending {
		resend = append(resend, f)
	}
	c.mu.Unlock()
	c.dropping.Store(false)
	go c.readLoop(conn, ready)

	c.wmu.Lock()
	defer c.wmu.Unlock()
	for _, b := range c.boards {
		msg := map[string]any{"type": "subscribe", "board": b}
		if s, ok := since[b]; ok {
			msg["since"] = s
		}
		data, _ := json.Marshal(msg)
		if err := conn.WriteMessage(websocket.TextMessage, data); err != nil {
			return err
		}
	}
	for _, f := range resend {
		if err := conn.WriteMessage(websocket.TextMessage, f); err != nil {
			return err
		}
	}
	return nil
}

// readyCh returns the current connection's readiness channel.
func (c *simClient) readyCh() chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ready
}

// drop closes the connection abruptly, as a lost network would.
func (c *simClient) drop() {
	c.dropping.Store(true)
	c.mu.Lock()
	conn := c.conn
	c.mu.Unlock()
	if conn != nil {
		conn.UnderlyingConn().Close()
	}
}

// ltFrame is the part of a server frame the load tool reads.
type ltFrame struct {
	Type      string          `json:"type"`
	Board     string          `json:"board"`
	Seq       int64           `json:"seq"`
	ID        string          `json:"id"`
	Code      string          `json:"code"`
	Message   string          `json:"message"`
	Duplicate bool            `json:"duplicate"`
	State     json.RawMessage `json:"state"`
	Actor     struct {
		ID string `json:"id"`
	} `json:"actor"`
}

func (c *simClient) readLoop(conn *websocket.Conn, ready chan struct{}) {
	lt := c.lt
	for {
		_, data, err := conn.ReadMessage()
		if err != nil {
			conn.Close()
			if lt.stopping.Load() || c.dropping.Load() {
				return
			}
			// An unexpected drop: reconnect and resume, as a real client does.
			lt.stats.disconnects.Add(1)
			go c.reconnect()
			return
		}
		now := time.Now()
		var f ltFrame
		if err := json.Unmarshal(data, &f); err != nil {
			lt.stats.fail("bad_frame", err.Error())
			continue
		}
		switch f.Type {
		case "snapshot":
			c.mu.Lock()
			c.last[f.Board] = f.Seq
			if !c.console && c.votesLimit == 0 {
				var st struct {
					VotesPerPerson int `json:"votes_per_person"`
				}
				json.Unmarshal(f.State, &st)
				c.votesLimit = max(st.VotesPerPerson, 0)
			}
			c.mu.Unlock()
		case "subscribed":
			c.mu.Lock()
			if c.ready == ready && c.waiting > 0 {
				c.waiting--
				if c.waiting == 0 {
					close(ready)
				}
			}
			c.mu.Unlock()
		case "op":
			c.mu.Lock()
			last, known := c.last[f.Board]
			switch {
			case !known:
			case f.Seq <= last:
				lt.stats.dups.Add(1)
				c.mu.Unlock()
				continue
			case f.Seq > last+1:
				lt.stats.gaps.Add(1)
			}
			c.last[f.Board] = f.Seq
			c.mu.Unlock()
			if f.Actor.ID != c.actorID() {
				lt.tracker.arrived(f.ID, now)
			}
		case "ack":
			c.mu.Lock()
			_, wasPending := c.pending[f.ID]
			delete(c.pending, f.ID)
			delete(c.undo, f.ID)
			first := !c.ackedIDs[f.ID]
			c.ackedIDs[f.ID] = true
			c.mu.Unlock()
			if wasPending && first {
				lt.stats.acked.Add(1)
				if at, ok := intendedOf(f.ID); ok {
					lt.stats.ack.Record(now.Sub(at))
				}
			}
		case "error":
			if f.ID != "" {
				c.mu.Lock()
				delete(c.pending, f.ID)
				if u := c.undo[f.ID]; u != nil {
					u() // refused: the note or dot does not exist, as a real client rolls back
				}
				delete(c.undo, f.ID)
				c.mu.Unlock()
				lt.tracker.drop(f.ID)
			}
			lt.stats.fail(f.Code, f.Message)
		}
	}
}

func (c *simClient) actorID() string {
	if c.console {
		return c.lt.trainerID
	}
	return c.group.members[c.idx-c.group.first].participantID
}

// reconnect retries with backoff until connected (or the test stops).
func (c *simClient) reconnect() {
	backoff := 200 * time.Millisecond
	for !c.lt.stopping.Load() {
		time.Sleep(backoff + time.Duration(rand.Int64N(int64(backoff))))
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := c.connect(ctx)
		cancel()
		if err == nil {
			return
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// writeLoop sends the client's scheduled edits.
func (c *simClient) writeLoop() {
	for e := range c.send {
		c.mu.Lock()
		id, frame, undo := c.nextEdit(e.intended)
		c.mu.Unlock()
		c.lt.tracker.add(id, e.intended, c.group.receivers())
		c.mu.Lock()
		c.pending[id] = frame
		if undo != nil {
			c.undo[id] = undo
		}
		conn := c.conn
		c.mu.Unlock()
		c.wmu.Lock()
		conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
		err := conn.WriteMessage(websocket.TextMessage, frame)
		c.wmu.Unlock()
		if err != nil && !c.dropping.Load() && !c.lt.stopping.Load() {
			conn.UnderlyingConn().Close() // the reader reconnects; pending edits are re-sent
		}
	}
}

// nextEdit makes the client's next operation: mostly editing its own notes,
// sometimes a new note, sometimes a dot vote — always valid, so every
// refusal the test sees is the server's doing. The id carries the intended
// send time. undo forgets the edit's effect on the client's own view when the
// server refuses it. Callers hold c.mu.
func (c *simClient) nextEdit(intended time.Time) (string, []byte, func()) {
	c.nextOp++
	id := "lt" + strconv.FormatInt(int64(c.idx), 36) + "-" + strconv.FormatInt(int64(c.nextOp), 36) + "-" + strconv.FormatInt(intended.UnixNano(), 36)
	r := rand.Float64()
	var op map[string]any
	var undo func()
	switch {
	case len(c.notes) == 0 || (len(c.notes) < 3 && r < 0.25):
		c.noteSeq++
		nid := "n" + strconv.FormatInt(int64(c.idx), 36) + "-" + strconv.Itoa(c.noteSeq)
		c.notes = append(c.notes, nid)
		op = map[string]any{"kind": "note.add", "id": nid, "lane": c.group.workshop.lane, "text": loadText(c.idx, c.nextOp)}
		undo = func() { c.notes = slices.DeleteFunc(c.notes, func(n string) bool { return n == nid }) }
	case r < 0.8 || c.votesLimit == 0:
		op = map[string]any{"kind": "note.edit", "id": c.notes[rand.IntN(len(c.notes))], "text": loadText(c.idx, c.nextOp)}
	case c.votesUsed < c.votesLimit:
		n := c.notes[rand.IntN(len(c.notes))]
		c.myVotes[n]++
		c.votesUsed++
		op = map[string]any{"kind": "vote.add", "note": n}
		undo = func() { c.myVotes[n]--; c.votesUsed-- }
	default:
		for n, k := range c.myVotes {
			if k > 0 {
				c.myVotes[n]--
				c.votesUsed--
				op = map[string]any{"kind": "vote.remove", "note": n}
				undo = func() { c.myVotes[n]++; c.votesUsed++ }
				break
			}
		}
	}
	data, _ := json.Marshal(map[string]any{"type": "op", "board": c.boards[0], "id": id, "op": op})
	return id, data, undo
}

var loadPhrases = []string{"目标拍脑袋定的", "没有过程管控", "拜访记录不完整", "商机阶段说不清", "客户需求没问透",
	"报价后没人跟进", "周会只看结果", "新人没有带教"}

func loadText(idx, n int) string {
	return fmt.Sprintf("%s #%d-%d", loadPhrases[(idx+n)%len(loadPhrases)], idx, n)
}

// intendedOf reads the intended send time out of a load-test operation id.
func intendedOf(id string) (time.Time, bool) {
	i := strings.LastIndexByte(id, '-')
	if !strings.HasPrefix(id, "lt") || i < 0 {
		return time.Time{}, false
	}
	ns, err := strconv.ParseInt(id[i+1:], 36, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(0, ns), true
}

// errJoinLimited means the server's per-address join limit was reached.
var errJoinLimited = errors.New("join limit")
