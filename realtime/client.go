package realtime

import (
	"encoding/binary"
	"encoding/json"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"playbook/exercises"
)

// Identity is who a connection belongs to, established by the HTTP layer when
// it upgraded the request (trainer session or participant cookie).
type Identity struct {
	Actor    exercises.Actor
	Workshop string
	// Session is the trainer's session id or the participant's id; sign-out
	// and removal close the connections that carry it.
	Session string
}

// Client is one websocket connection. A read goroutine handles what the client
// sends. Frames for the client wait in a bounded queue; a writer goroutine
// runs only while there is something to write (frames, a ping, the close
// frame), so an idle connection costs one goroutine, not two. At most one
// writer runs at a time. A client that lets its queue fill is dropped (it
// recovers by resuming), so it never slows anyone else.
type Client struct {
	ID       string
	Actor    exercises.Actor
	Workshop string
	Session  string

	hub  *Hub
	sock Socket

	qmu       sync.Mutex
	queue     [][]byte // frames waiting, at most Options.SendQueue
	spare     [][]byte // the previous queue's array, reused
	writing   bool     // a writer goroutine is running (or the connection is finished)
	pingDue   bool
	closing   bool // closeWith was called: the close frame is next
	flush     bool // closeAfterFlush: send the queue before the close frame
	closeCode int
	closeText string
	done      chan struct{} // closed once the socket is closed
	readDone  chan struct{} // closed when the read goroutine stops reading

	// Owned by the read goroutine.
	rooms      map[string]*room
	limiter    *tokenBucket
	violations []time.Time
}

func newClient(h *Hub, sock Socket, id Identity) *Client {
	return &Client{
		ID:       newConnID(),
		Actor:    id.Actor,
		Workshop: id.Workshop,
		Session:  id.Session,
		hub:      h,
		sock:     sock,
		done:     make(chan struct{}),
		readDone: make(chan struct{}),
		rooms:    map[string]*room{},
		limiter:  newTokenBucket(h.opts.OpsPerSecond, h.opts.OpsBurst, time.Now()),
	}
}

// enqueue queues a frame for the client without ever blocking; a full queue
// closes the connection.
func (c *Client) enqueue(data []byte) {
	c.qmu.Lock()
	if c.closing {
		c.qmu.Unlock()
		return
	}
	if len(c.queue) >= c.hub.opts.SendQueue {
		c.qmu.Unlock()
		c.closeWith(CloseSlowConsumer, "too slow; reconnect and resume")
		return
	}
	c.queue = append(c.queue, data)
	start := !c.writing
	c.writing = true
	c.qmu.Unlock()
	if start {
		go c.write()
	}
}

// ping asks the writer to send a websocket ping.
func (c *Client) ping() {
	c.qmu.Lock()
	if c.closing {
		c.qmu.Unlock()
		return
	}
	c.pingDue = true
	start := !c.writing
	c.writing = true
	c.qmu.Unlock()
	if start {
		go c.write()
	}
}

// closeWith ends the connection with a close frame; the first call wins.
// Frames still queued are not sent.
func (c *Client) closeWith(code int, reason string) {
	c.qmu.Lock()
	if c.closing {
		c.qmu.Unlock()
		return
	}
	c.closing = true
	c.closeCode, c.closeText = code, reason
	c.queue = nil
	start := !c.writing
	c.writing = true
	c.qmu.Unlock()
	if start {
		go c.write()
	}
}

// closeAfterFlush ends the connection like closeWith, but sends the frames
// already queued first (graceful shutdown: the acknowledgements of the last
// commits reach their senders before the close frame).
func (c *Client) closeAfterFlush(code int, reason string) {
	c.qmu.Lock()
	if c.closing {
		c.qmu.Unlock()
		return
	}
	c.closing, c.flush = true, true
	c.closeCode, c.closeText = code, reason
	start := !c.writing
	c.writing = true
	c.qmu.Unlock()
	if start {
		go c.write()
	}
}

// Close ends the connection with code and reason (for the HTTP layer: sign-out,
// removal, shutdown).
func (c *Client) Close(code int, reason string) { c.closeWith(code, reason) }

// write is the writer: it sends what is queued until the queue is empty, or
// writes the close frame and closes the socket. Only one runs at a time.
func (c *Client) write() {
	for {
		c.qmu.Lock()
		if c.closing && c.flush && len(c.queue) > 0 {
			batch := c.queue
			c.queue = nil
			c.qmu.Unlock()
			for _, data := range batch {
				c.sock.SetWriteDeadline(time.Now().Add(c.hub.opts.WriteWait))
				if err := c.sock.WriteMessage(textMessage, data); err != nil {
					c.fail("write failed")
					return
				}
			}
			continue
		}
		if c.closing {
			c.qmu.Unlock() // writing stays true: no writer starts again
			c.writeClose()
			return
		}
		if len(c.queue) == 0 && !c.pingDue {
			c.writing = false
			c.qmu.Unlock()
			return
		}
		batch := c.queue
		c.queue = c.spare[:0]
		ping := c.pingDue
		c.pingDue = false
		c.qmu.Unlock()

		for i, data := range batch {
			c.sock.SetWriteDeadline(time.Now().Add(c.hub.opts.WriteWait))
			if err := c.sock.WriteMessage(textMessage, data); err != nil {
				c.fail("write failed")
				return
			}
			batch[i] = nil
		}
		if ping {
			if err := c.sock.WriteControl(pingMessage, nil, time.Now().Add(c.hub.opts.WriteWait)); err != nil {
				c.fail("ping failed")
				return
			}
		}
		c.qmu.Lock()
		if cap(batch) <= 64 {
			c.spare = batch[:0] // keep small arrays; let a burst's big one go
		} else {
			c.spare = nil
		}
		c.qmu.Unlock()
	}
}

// fail ends a connection whose socket cannot be written: no close frame.
func (c *Client) fail(reason string) {
	c.qmu.Lock()
	if !c.closing {
		c.closing = true
		c.closeCode, c.closeText = CloseGoingAway, reason
	}
	c.queue = nil
	c.qmu.Unlock()
	c.sock.Close()
	close(c.done)
}

// writeClose sends the close frame and, once the client has answered it (the
// reader stops) or a second has passed, closes the socket. Closing a socket
// the client is still writing to would reset the connection and could lose
// the close frame, whose code tells the client what to do.
func (c *Client) writeClose() {
	msg := make([]byte, 2, 2+len(c.closeText))
	binary.BigEndian.PutUint16(msg, uint16(c.closeCode))
	msg = append(msg, c.closeText...)
	c.sock.WriteControl(closeMessage, msg, time.Now().Add(time.Second))
	c.hub.metrics.Dropped.WithLabelValues(closeReason(c.closeCode)).Inc()
	select {
	case <-c.readDone:
	case <-time.After(time.Second):
	}
	c.sock.Close()
	close(c.done)
}

// drain discards what the client still sends after a frame the websocket
// reader refused (it reads no further), until the client closes its side or
// a second passes, so the close frame reaches it before the socket closes.
func (c *Client) drain() {
	u, ok := c.sock.(interface{ UnderlyingConn() net.Conn })
	if !ok {
		return
	}
	conn := u.UnderlyingConn()
	conn.SetReadDeadline(time.Now().Add(time.Second))
	io.Copy(io.Discard, io.LimitReader(conn, 4<<20))
}

func closeReason(code int) string {
	switch code {
	case CloseNormal:
		return "normal"
	case CloseGoingAway:
		return "going_away"
	case ClosePolicy:
		return "policy"
	case CloseTooBig:
		return "too_big"
	case CloseUnauthorized:
		return "unauthorized"
	case CloseMoved:
		return "moved"
	case CloseSlowConsumer:
		return "slow_consumer"
	}
	return "other"
}

func (c *Client) readLoop() {
	o := c.hub.opts
	c.sock.SetReadLimit(MaxFrameBytes)
	c.sock.SetReadDeadline(time.Now().Add(o.PongWait))
	c.sock.SetPongHandler(func(string) error {
		c.sock.SetReadDeadline(time.Now().Add(o.PongWait))
		return nil
	})
	for {
		mt, data, err := c.sock.ReadMessage()
		if err != nil {
			if strings.Contains(err.Error(), "read limit") {
				c.closeWith(CloseTooBig, "frame larger than 64 KB")
				c.drain()
			} else {
				c.closeWith(CloseNormal, "")
			}
			return
		}
		c.sock.SetReadDeadline(time.Now().Add(o.PongWait))
		now := time.Now()
		if !c.limiter.allow(now) {
			pe := &protocolError{code: ErrRateLimited, message: "too many messages; this one was dropped: slow down and send it again"}
			var ref struct {
				Board string `json:"board"`
				ID    string `json:"id"`
			}
			if json.Unmarshal(data, &ref) == nil {
				pe.board, pe.id = ref.Board, ref.ID
			}
			c.sendError(pe)
			if c.abusive(now) {
				c.closeWith(ClosePolicy, "rate limit exceeded repeatedly")
				return
			}
			continue
		}
		if mt != textMessage {
			c.sendError(refuse(ErrBadMessage, "only JSON text frames are accepted"))
			continue
		}
		// Each message is handled on a short-lived goroutine while this one
		// waits: handling (JSON, the database on subscribe) needs a deeper
		// stack than reading, and a goroutine keeps the largest stack it
		// ever needed. The long-lived reader of an idle connection thus keeps
		// a small stack (memory per idle connection, quality S2); messages
		// are still handled one at a time, in order.
		handled := make(chan struct{})
		go func() { c.handle(data); close(handled) }()
		<-handled
	}
}

// abusive records a rate-limit violation and reports whether the client kept
// sending far beyond its limit (more violations in ten seconds than its burst).
func (c *Client) abusive(now time.Time) bool {
	cutoff := now.Add(-10 * time.Second)
	kept := c.violations[:0]
	for _, t := range c.violations {
		if t.After(cutoff) {
			kept = append(kept, t)
		}
	}
	c.violations = append(kept, now)
	return len(c.violations) > c.hub.opts.AbuseThreshold
}

func (c *Client) handle(data []byte) {
	msg, err := decodeClient(data)
	if err != nil {
		c.sendError(err)
		return
	}
	switch m := msg.(type) {
	case *SubscribeMsg:
		if err := c.hub.subscribe(c, m); err != nil {
			c.sendError(err)
		}
	case *UnsubscribeMsg:
		if r, ok := c.rooms[m.Board]; ok {
			delete(c.rooms, m.Board)
			c.hub.leaveRoom(c, r)
		}
	case *OpMsg:
		if err := c.hub.submit(c, m); err != nil {
			c.sendError(err)
		}
	case *PresenceMsg:
		r, ok := c.rooms[m.Board]
		if !ok || !r.setEditing(c, m.Editing) {
			c.sendError(&protocolError{code: ErrNotSubscribed, message: "subscribe to the board first", board: m.Board})
		}
	case *PingMsg:
		c.enqueue(encode(PongMsg{Type: "pong", T: m.T}))
	}
}

// sendError sends an error frame for err (a protocol error or an operation's
// refusal) and counts it.
func (c *Client) sendError(err error) {
	msg := errorFrame(err)
	c.hub.metrics.Errors.WithLabelValues(msg.Code).Inc()
	c.enqueue(encode(msg))
}

func errorFrame(err error) ErrorMsg {
	switch e := err.(type) {
	case *protocolError:
		return ErrorMsg{Type: "error", Code: e.code, Message: e.message, Board: e.board, ID: e.id, Field: e.field}
	case *exercises.OpError:
		return ErrorMsg{Type: "error", Code: e.Code, Message: e.Message, Field: e.Field}
	}
	return ErrorMsg{Type: "error", Code: ErrInternal, Message: "internal error"}
}
