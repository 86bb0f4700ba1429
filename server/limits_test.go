package server_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"playbook/frontend"
	"playbook/internal/htmlcheck"
	"playbook/server"
	"playbook/server/servertest"
	"playbook/store"
	"playbook/store/storetest"
)

// A client that stalls in the middle of its request — a websocket handshake
// included — is dropped after the read timeout, and one that never sends
// its headers at all is dropped too (slowloris).
func TestStalledHandshakeIsDropped(t *testing.T) {
	srv := servertest.Start(t, storetest.Backends(t)[0], servertest.Options{Config: server.Config{ReadTimeout: 700 * time.Millisecond}})
	host := strings.TrimPrefix(srv.URL, "http://")
	for _, partial := range []string{
		"GET /ws?workshop=x HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n", // no end of headers
		"", // nothing at all
	} {
		conn, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		start := time.Now()
		conn.Write([]byte(partial))
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		buf := make([]byte, 512)
		for {
			if _, err := conn.Read(buf); err != nil {
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					t.Fatalf("%q: connection still open after 10 s", partial)
				}
				break // closed by the server
			}
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%q: dropped after %v, want about the 0.7 s read timeout", partial, took)
		}
	}
}

// Request bodies are bounded: JSON bodies at 64 KB, any body at 16 MB, each
// answered 413 with the error shape, nothing stored.
func TestBodySizeLimits(t *testing.T) {
	srv := servertest.Start(t, storetest.Backends(t)[0])
	tr := srv.Trainer("李老师", "li@example.com")
	big := strings.Repeat("长", 30<<10) // 90 KB of UTF-8
	status, body := tr.Do("POST", "/api/workshops", map[string]any{"title": big, "client_company": "c", "starts_on": "2026-12-01", "ends_on": "2026-12-02"}, nil)
	if status != 413 || !strings.Contains(string(body), "too_large") {
		t.Errorf("90 KB JSON body: %d %s", status, body)
	}
	var list struct{ Workshops []any }
	tr.Must(200, "GET", "/api/workshops", nil, &list)
	if len(list.Workshops) != 0 {
		t.Errorf("a refused body stored a workshop")
	}
	// 17 MB announced to an upload route: over the server's body limit, the
	// server refuses on the declared length without reading the body.
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/cases/import HTTP/1.1\r\nHost: x\r\nContent-Type: application/zip\r\nContent-Length: %d\r\nX-CSRF-Token: t\r\nCookie: pb_csrf=t; pb_session=%s\r\n\r\n",
		17<<20, tr.Cookie("pb_session"))
	conn.Write(make([]byte, 64<<10)) // the start of the body
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("17 MB upload: no answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 413 {
		t.Errorf("17 MB upload: %d", resp.StatusCode)
	}
}

// Password rules, at first-run setup (the one place passwords are chosen):
// 10 to 128 characters, not only spaces; the stored hash is argon2id.
func TestPasswordRules(t *testing.T) {
	srv := servertest.Start(t, storetest.Backends(t)[0])
	token, _, err := srv.Server.SetupToken(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := srv.NewClient()
	for _, pw := range []string{"short", "九个字的密码不够长", strings.Repeat(" ", 12), strings.Repeat("x", 129)} {
		status, body := c.Do("POST", "/api/setup", map[string]string{"token": token, "name": "李老师", "email": "li@example.com", "password": pw}, nil)
		if status != 400 || !strings.Contains(string(body), `"field":"password"`) {
			t.Errorf("password %q: %d %s", pw, status, body)
		}
	}
	c.Must(201, "POST", "/api/setup", map[string]string{"token": token, "name": "李老师", "email": "li@example.com", "password": "十个字的密码刚好够长了"}, nil)
	u, err := srv.Store.UserByEmail(context.Background(), "li@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$") || strings.Contains(u.PasswordHash, "十个字") {
		t.Errorf("stored password hash %q", u.PasswordHash)
	}
}

// A trainer session ends after 24 h without use and 14 days after sign-in,
// whatever the use; an ended session's websockets cannot be opened.
func TestSessionIdleAndAbsoluteExpiry(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		ctx := context.Background()
		tr := srv.Trainer("李老师", "li@example.com")
		w := tr.CreateWorkshop(1)
		id := func(c *servertest.Client) string {
			sum := sha256.Sum256([]byte(c.Cookie("pb_session")))
			return hex.EncodeToString(sum[:])
		}
		// Idle: last seen 25 hours ago.
		if err := srv.Store.TouchSession(ctx, id(tr), time.Now().Add(-25*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if status, _ := tr.Do("GET", "/api/auth/me", nil, nil); status != 401 {
			t.Errorf("idle session still valid: %d", status)
		}
		// Used 23 hours ago: still valid, and the use renews it.
		tr.Must(200, "POST", "/api/auth/login", map[string]string{"email": "li@example.com", "password": servertest.Password}, nil)
		srv.Store.TouchSession(ctx, id(tr), time.Now().Add(-23*time.Hour))
		tr.Must(200, "GET", "/api/auth/me", nil, nil)
		tr.Must(200, "GET", "/api/auth/me", nil, nil)
		// Absolute: a session created 14 days ago ends though used a minute ago.
		u, _ := srv.Store.UserByEmail(ctx, "li@example.com")
		token := "an-old-session-token-of-forty-characters-xx"
		sum := sha256.Sum256([]byte(token))
		old := time.Now().Add(-14*24*time.Hour - time.Minute)
		if err := srv.Store.CreateSession(ctx, &store.Session{ID: hex.EncodeToString(sum[:]), UserID: u.ID, CreatedAt: old,
			LastSeenAt: time.Now().Add(-time.Minute), ExpiresAt: old.Add(14 * 24 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		stale := srv.NewClient()
		req, _ := http.NewRequest("GET", srv.URL+"/api/auth/me", nil)
		req.AddCookie(&http.Cookie{Name: "pb_session", Value: token})
		resp, err := stale.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 401 {
			t.Errorf("session past its absolute lifetime: %d", resp.StatusCode)
		}
		// The websocket handshake checks the same session.
		srv.Store.TouchSession(ctx, id(tr), time.Now().Add(-25*time.Hour))
		if _, resp, err := tr.DialRaw(w.ID, "trainer", srv.URL); err == nil || resp == nil || resp.StatusCode != 401 {
			t.Errorf("websocket with an idle session: %v", err)
		}
	})
}

// Join attempts are limited per IP across instances sharing Redis: two
// instances count the same bucket, and the refusal is 429 with Retry-After,
// on both join routes.
func TestJoinRateIsSharedAcrossInstances(t *testing.T) {
	url := storetest.RedisURL(t)
	st := storetest.Open(t, storetest.Backends(t)[0])
	prefix := fmt.Sprintf("joinrate%d:", time.Now().UnixNano())
	a := servertest.StartOn(t, st, servertest.Options{})
	b := servertest.StartOn(t, st, servertest.Options{})
	for _, s := range []*servertest.Server{a, b} {
		s.Server.SetJoinLimiter(server.NewRedisRateLimiter(redisClient(t, url), prefix, 0.05, 4, nil))
	}
	try := func(s *servertest.Server, i int) *http.Response {
		var resp *http.Response
		var err error
		if i%2 == 0 {
			resp, err = http.Get(s.URL + "/api/join/ABCDEFGH")
		} else {
			req, _ := http.NewRequest("POST", s.URL+"/api/join", strings.NewReader(`{"code":"ABCDEFGH","name":"x"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-CSRF-Token", "t")
			req.AddCookie(&http.Cookie{Name: "pb_csrf", Value: "t"})
			resp, err = http.DefaultClient.Do(req)
		}
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	for i := range 4 { // the burst, spread over both instances
		if resp := try([]*servertest.Server{a, b}[i%2], i); resp.StatusCode != 404 {
			t.Fatalf("attempt %d: %d", i, resp.StatusCode)
		}
	}
	for i, s := range []*servertest.Server{a, b} {
		resp := try(s, i)
		if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
			t.Errorf("instance %d after the shared burst: %d, Retry-After %q", i, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
}

// Security headers on every kind of page the server sends — the app's HTML,
// an API error, a file, the printable pages built from user text (pass-off
// certificates and report, the playbook report) — and HSTS only behind TLS.
// The printable pages run no inline script either.
func TestSecurityHeadersOnEveryPage(t *testing.T) {
	// The built app when there is one (make test builds it first), else a
	// page shaped like Vite's output.
	app := frontend.Dist()
	if _, err := fs.Stat(app, "index.html"); err != nil {
		app = fstest.MapFS{
			"index.html":      {Data: []byte(`<!doctype html><html><head><script type="module" src="/assets/index.js"></script></head><body><div id="root"></div></body></html>`)},
			"assets/index.js": {Data: []byte(`console.log(1)`)},
		}
	}
	srv := servertest.Start(t, storetest.Backends(t)[0], servertest.Options{Config: server.Config{Frontend: app}})
	tr := srv.Trainer("李老师<script>alert(1)</script>", "li@example.com")
	w := tr.CreateWorkshop(1)
	pages := []struct {
		path string
		html bool
	}{
		{"/", true},
		{"/j/" + w.JoinCode, true},
		{"/w/" + w.ID + "/console", true},
		{"/api/nope", false},
		{"/api/workshops/" + w.ID + "/qr.png", false},
		{"/api/passoff/print.js", false},
		{"/api/workshops/" + w.ID + "/passoff/6.passoff/certificates", true},
		{"/api/workshops/" + w.ID + "/passoff/6.passoff/report", true},
		{"/api/workshops/" + w.ID + "/playbook/export/report?draft=1", true},
		{"/healthz", false},
		{"/assets/index.js", false},
	}
	for _, p := range pages {
		for _, tls := range []bool{false, true} {
			req, _ := http.NewRequest("GET", srv.URL+p.path, nil)
			if tls {
				req.Header.Set("X-Forwarded-Proto", "https")
			}
			resp, err := tr.HTTP.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var body strings.Builder
			bufio.NewReader(resp.Body).WriteTo(&body)
			resp.Body.Close()
			h := resp.Header
			csp := h.Get("Content-Security-Policy")
			for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("%s: CSP %q lacks %q", p.path, csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") && strings.Contains(strings.Split(strings.Split(csp, "script-src")[1], ";")[0], "unsafe") {
				t.Errorf("%s: CSP allows inline scripts: %q", p.path, csp)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" {
				t.Errorf("%s: nosniff/frame options %v", p.path, h)
			}
			if hsts := h.Get("Strict-Transport-Security"); tls != (hsts != "") {
				t.Errorf("%s (TLS %v): HSTS %q", p.path, tls, hsts)
			}
			if p.html && !tls {
				if resp.StatusCode != 200 {
					t.Errorf("%s: %d %.200s", p.path, resp.StatusCode, body.String())
				}
				if err := htmlcheck.ScriptFree([]byte(body.String()), true); err != nil {
					t.Errorf("%s: %v", p.path, err)
				}
			}
		}
	}
}

// The Origin allowlist: the site itself, the base URL and the configured
// extra origins may open websockets and send state-changing requests;
// any other origin may not.
func TestOriginAllowlist(t *testing.T) {
	srv := servertest.Start(t, storetest.Backends(t)[0], servertest.Options{Config: server.Config{Origins: []string{"https://console.example"}}})
	tr := srv.Trainer("李老师", "li@example.com")
	w := tr.CreateWorkshop(1)
	for origin, ok := range map[string]bool{srv.URL: true, "https://console.example": true, "https://evil.example": false, "https://console.example.evil": false, "null": false} {
		conn, resp, err := tr.DialRaw(w.ID, "trainer", origin)
		if (err == nil) != ok {
			status := 0
			if resp != nil {
				status = resp.StatusCode
			}
			t.Errorf("websocket from %s: err %v (status %d), want allowed=%v", origin, err, status, ok)
		}
		if conn != nil {
			conn.Close()
		}
		req, _ := http.NewRequest("PATCH", srv.URL+"/api/workshops/"+w.ID, strings.NewReader(`{"industry":"电梯"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", origin)
		req.Header.Set("X-CSRF-Token", tr.Cookie("pb_csrf"))
		resp, err = tr.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if (resp.StatusCode == 200) != ok {
			t.Errorf("PATCH from %s: %d, want allowed=%v", origin, resp.StatusCode, ok)
		}
	}
}
