package realtime

import (
	"encoding/binary"
	"encoding/json"
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
// sends; a write goroutine owns the socket's writes and drains a bounded queue.
// A client that lets its queue fill is dropped (it recovers by resuming), so
// it never slows anyone else.
type Client struct {
	ID       string
	Actor    exercises.Actor
	Workshop string
	Session  string

	hub  *Hub
	sock Socket
	send chan []byte

	closeOnce sync.Once
	closing   chan struct{}
	closeCode int
	closeText string

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
		send:     make(chan []byte, h.opts.SendQueue),
		closing:  make(chan struct{}),
		rooms:    map[string]*room{},
		limiter:  newTokenBucket(h.opts.OpsPerSecond, h.opts.OpsBurst, time.Now()),
	}
}

// enqueue queues a frame for the client without ever blocking; a full queue
// closes the connection.
func (c *Client) enqueue(data []byte) {
	select {
	case c.send <- data:
	default:
		c.closeWith(CloseSlowConsumer, "too slow; reconnect and resume")
	}
}

// closeWith ends the connection with a close frame; the first call wins.
func (c *Client) closeWith(code int, reason string) {
	c.closeOnce.Do(func() {
		c.closeCode, c.closeText = code, reason
		close(c.closing)
	})
}

// Close ends the connection with code and reason (for the HTTP layer: sign-out,
// removal, shutdown).
func (c *Client) Close(code int, reason string) { c.closeWith(code, reason) }

func (c *Client) writeLoop(done chan<- struct{}) {
	defer close(done)
	ping := time.NewTicker(c.hub.opts.PingInterval)
	defer ping.Stop()
	for {
		select {
		case <-c.closing:
			c.writeClose()
			return
		case data := <-c.send:
			c.sock.SetWriteDeadline(time.Now().Add(c.hub.opts.WriteWait))
			if err := c.sock.WriteMessage(textMessage, data); err != nil {
				c.closeWith(CloseGoingAway, "write failed")
				c.sock.Close()
				return
			}
		case <-ping.C:
			if err := c.sock.WriteControl(pingMessage, nil, time.Now().Add(c.hub.opts.WriteWait)); err != nil {
				c.closeWith(CloseGoingAway, "ping failed")
				c.sock.Close()
				return
			}
		}
	}
}

func (c *Client) writeClose() {
	msg := make([]byte, 2, 2+len(c.closeText))
	binary.BigEndian.PutUint16(msg, uint16(c.closeCode))
	msg = append(msg, c.closeText...)
	c.sock.WriteControl(closeMessage, msg, time.Now().Add(time.Second))
	c.hub.metrics.Dropped.WithLabelValues(closeReason(c.closeCode)).Inc()
	c.sock.Close()
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
		c.handle(data)
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
