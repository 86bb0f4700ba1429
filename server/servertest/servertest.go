// Package servertest runs a real Playbook server in tests — real database,
// real hub, real HTTP listener — and drives it like its users do: trainers
// and participants with their own cookie jars, and gorilla websocket clients
// speaking the protocol of docs/protocol.md.
package servertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"playbook/realtime"
	"playbook/server"
	"playbook/store"
	"playbook/store/storetest"
)

// Server is a running test server.
type Server struct {
	URL    string
	Store  *store.Store
	Hub    *realtime.Hub
	Server *server.Server
	t      testing.TB
}

// Options adjust a test server.
type Options struct {
	Hub    realtime.Options
	Broker realtime.Broker // nil: a fresh memory broker
	Config server.Config   // BaseURL is set from the listener
}

// Start runs a server on backend until the test ends.
func Start(t testing.TB, backend storetest.Backend, opts ...Options) *Server {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	st := storetest.Open(t, backend)
	return StartOn(t, st, o)
}

// StartOn runs a server over an open store (several servers may share one
// database and one broker, like instances behind a load balancer).
func StartOn(t testing.TB, st *store.Store, o Options) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.Default()
	}
	reg := prometheus.NewRegistry()
	metrics := realtime.NewMetrics(reg)
	broker := o.Broker
	if broker == nil {
		broker = realtime.NewMemoryBroker()
	}
	hub := realtime.NewHub(st, broker, metrics, log, o.Hub)
	hub.Start()
	cfg := o.Config
	cfg.BaseURL = base
	srv := server.New(cfg, st, hub, metrics, reg, log)
	go srv.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	return &Server{URL: base, Store: st, Hub: hub, Server: srv, t: t}
}

// Client is one person's browser: a cookie jar and the CSRF header.
type Client struct {
	Base string
	HTTP *http.Client
	t    testing.TB
}

// NewClient returns a client with an empty cookie jar.
func (s *Server) NewClient() *Client { return NewClient(s.t, s.URL) }

// NewClient returns a client of the server at base (for servers running in
// another process) with an empty cookie jar.
func NewClient(t testing.TB, base string) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{Base: base, HTTP: &http.Client{Jar: jar, Timeout: 15 * time.Second}, t: t}
}

// Cookie returns the value of a cookie the client holds for the server.
func (c *Client) Cookie(name string) string {
	u, _ := url.Parse(c.Base)
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// Do sends a request with a JSON body (nil for none) and decodes a JSON
// answer into out (when non-nil). It returns the status and the raw body.
func (c *Client) Do(method, path string, body, out any) (int, []byte) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		switch b := body.(type) {
		case []byte:
			rd = bytes.NewReader(b)
		case string:
			rd = bytes.NewReader([]byte(b))
		default:
			data, err := json.Marshal(body)
			if err != nil {
				c.t.Fatal(err)
			}
			rd = bytes.NewReader(data)
		}
	}
	if c.Cookie("pb_csrf") == "" && method != http.MethodGet {
		c.Do(http.MethodGet, "/api/setup", nil, nil) // any API GET sets the CSRF cookie
	}
	req, err := http.NewRequest(method, c.Base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("X-CSRF-Token", c.Cookie("pb_csrf"))
	req.Header.Set("Origin", c.Base)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			c.t.Fatalf("%s %s: answer %d not JSON: %s", method, path, resp.StatusCode, data)
		}
	}
	return resp.StatusCode, data
}

// DoRaw sends a request with a body of any content type (a zip, a multipart
// form, or nil) and returns the status, the raw answer and its headers.
func (c *Client) DoRaw(method, path, contentType string, body []byte) (int, []byte, http.Header) {
	c.t.Helper()
	if c.Cookie("pb_csrf") == "" && method != http.MethodGet {
		c.Do(http.MethodGet, "/api/setup", nil, nil)
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, c.Base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("X-CSRF-Token", c.Cookie("pb_csrf"))
	req.Header.Set("Origin", c.Base)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data, resp.Header
}

// Must sends a request and fails the test unless the status is want.
func (c *Client) Must(want int, method, path string, body, out any) {
	c.t.Helper()
	if got, data := c.Do(method, path, body, out); got != want {
		c.t.Fatalf("%s %s: status %d, want %d: %s", method, path, got, want, data)
	}
}

// Password is the password of every trainer the helpers create.
const Password = "correct horse battery"

// Trainer creates the first trainer account (through the one-time setup
// token) or, once one exists, another account, and returns it signed in.
func (s *Server) Trainer(name, email string) *Client {
	s.t.Helper()
	c := s.NewClient()
	token, needed, err := s.Server.SetupToken(context.Background())
	if err != nil {
		s.t.Fatal(err)
	}
	if needed {
		c.Must(http.StatusCreated, "POST", "/api/setup", map[string]string{
			"token": token, "name": name, "email": email, "password": Password}, nil)
		return c
	}
	u := &store.User{ID: store.NewID(), Email: email, Name: name, PasswordHash: server.HashPassword(Password)}
	if err := s.Store.CreateUser(context.Background(), u); err != nil {
		s.t.Fatal(err)
	}
	c.Must(http.StatusOK, "POST", "/api/auth/login", map[string]string{"email": email, "password": Password}, nil)
	return c
}

// Workshop is the part of the workshop answer tests use.
type Workshop struct {
	ID           string `json:"id"`
	JoinCode     string `json:"join_code"`
	JoinURL      string `json:"join_url"`
	ControlBoard string `json:"control_board"`
	Groups       []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"groups"`
}

// CreateWorkshop creates a workshop with n groups as trainer c.
func (c *Client) CreateWorkshop(n int) *Workshop {
	c.t.Helper()
	var w Workshop
	c.Must(http.StatusCreated, "POST", "/api/workshops", map[string]any{
		"title": "销售过程管理工作坊", "client_company": "华东电梯服务有限公司", "industry": "电梯维保",
		"starts_on": "2026-12-01", "ends_on": "2026-12-02", "groups": n}, &w)
	return &w
}

// Board finds the id of the board of activity for group (or the workshop's
// control board when group is "").
func (c *Client) Board(workshopID, activity, group string) string {
	c.t.Helper()
	var out struct {
		Boards []struct {
			ID       string `json:"id"`
			Activity string `json:"activity"`
			GroupID  string `json:"group_id"`
		} `json:"boards"`
	}
	c.Must(http.StatusOK, "GET", "/api/workshops/"+workshopID+"/boards", nil, &out)
	for _, b := range out.Boards {
		if b.Activity == activity && b.GroupID == group {
			return b.ID
		}
	}
	c.t.Fatalf("no board for activity %s group %s", activity, group)
	return ""
}

// View is the participant view of GET /api/p/:workshop.
type View struct {
	Participant struct {
		ID      string `json:"id"`
		Name    string `json:"name"`
		GroupID string `json:"group_id"`
	} `json:"participant"`
	ControlBoard string            `json:"control_board"`
	Boards       map[string]string `json:"boards"`
}

// Join makes a new participant join with code into group ("" lets the server choose).
func (s *Server) Join(code, name, group string) (*Client, *View) {
	return Join(s.t, s.URL, code, name, group)
}

// Join makes a new participant join the server at base.
func Join(t testing.TB, base, code, name, group string) (*Client, *View) {
	t.Helper()
	c := NewClient(t, base)
	var v View
	c.Must(http.StatusCreated, "POST", "/api/join", map[string]string{"code": code, "name": name, "group_id": group}, &v)
	return c, &v
}

// WS is a websocket client speaking the protocol.
type WS struct {
	Conn    *websocket.Conn
	Welcome map[string]any
	t       testing.TB
}

// Dial opens a websocket to the workshop as the client's role ("participant"
// or "trainer"), and reads the welcome frame.
func (c *Client) Dial(workshopID, as string) *WS {
	c.t.Helper()
	ws, resp, err := c.DialRaw(workshopID, as, c.Base)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		c.t.Fatalf("dial: %v (status %d)", err, status)
	}
	w := &WS{Conn: ws, t: c.t}
	c.t.Cleanup(func() { ws.Close() })
	w.Welcome = w.Expect("welcome")
	return w
}

// DialRaw opens a websocket with the given Origin and returns what happened.
func (c *Client) DialRaw(workshopID, as, origin string) (*websocket.Conn, *http.Response, error) {
	u, _ := url.Parse(c.Base)
	wsURL := "ws://" + u.Host + "/ws?workshop=" + url.QueryEscape(workshopID)
	if as != "" {
		wsURL += "&as=" + as
	}
	h := http.Header{}
	if origin != "" {
		h.Set("Origin", origin)
	}
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second, Jar: c.HTTP.Jar}
	return d.Dial(wsURL, h)
}

// Send writes one message.
func (w *WS) Send(msg any) {
	w.t.Helper()
	w.Conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if err := w.Conn.WriteJSON(msg); err != nil {
		w.t.Fatalf("send: %v", err)
	}
}

// Next reads the next message, failing the test after timeout.
func (w *WS) Next(timeout time.Duration) map[string]any {
	w.t.Helper()
	m, err := w.TryNext(timeout)
	if err != nil {
		w.t.Fatalf("read: %v", err)
	}
	return m
}

// TryNext reads the next message or returns the read error.
func (w *WS) TryNext(timeout time.Duration) (map[string]any, error) {
	w.Conn.SetReadDeadline(time.Now().Add(timeout))
	_, data, err := w.Conn.ReadMessage()
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("frame not JSON: %s", data)
	}
	return m, nil
}

// Expect reads messages until one of type typ arrives (skipping presence),
// failing on anything else.
func (w *WS) Expect(typ string) map[string]any {
	w.t.Helper()
	for {
		m := w.Next(5 * time.Second)
		if m["type"] == typ {
			return m
		}
		if m["type"] == "presence" && typ != "presence" {
			continue
		}
		w.t.Fatalf("expected %s, got %v", typ, m)
	}
}

// Subscribe subscribes to board (since < 0: snapshot) and returns every
// message up to and including "subscribed".
func (w *WS) Subscribe(board string, since int64) []map[string]any {
	w.t.Helper()
	msg := map[string]any{"type": "subscribe", "board": board}
	if since >= 0 {
		msg["since"] = since
	}
	w.Send(msg)
	var got []map[string]any
	for {
		m := w.Next(5 * time.Second)
		if m["type"] == "presence" {
			continue
		}
		got = append(got, m)
		if m["type"] == "subscribed" || m["type"] == "error" {
			return got
		}
	}
}

// Op sends an operation and returns its ack (or fails on an error frame),
// skipping the broadcasts and presence in between.
func (w *WS) Op(board, id string, op map[string]any) map[string]any {
	w.t.Helper()
	m := w.OpResult(board, id, op)
	if m["type"] != "ack" {
		w.t.Fatalf("op %s refused: %v", id, m)
	}
	return m
}

// OpResult sends an operation and returns its ack or error frame.
func (w *WS) OpResult(board, id string, op map[string]any) map[string]any {
	w.t.Helper()
	w.Send(map[string]any{"type": "op", "board": board, "id": id, "op": op})
	for {
		m := w.Next(5 * time.Second)
		if (m["type"] == "ack" || m["type"] == "error") && m["id"] == id {
			return m
		}
	}
}

// WaitOp reads until the op event with board and seq arrives, returning it
// and everything read before it.
func (w *WS) WaitOp(board string, seq int64) (map[string]any, []map[string]any) {
	w.t.Helper()
	var before []map[string]any
	for {
		m := w.Next(5 * time.Second)
		if m["type"] == "op" && m["board"] == board && int64(m["seq"].(float64)) == seq {
			return m, before
		}
		before = append(before, m)
	}
}
