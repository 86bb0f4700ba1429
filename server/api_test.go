package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"playbook/server"
	"playbook/server/servertest"
	"playbook/store/storetest"
)

// eachServer runs fn against a fresh server on every database backend.
func eachServer(t *testing.T, fn func(t *testing.T, srv *servertest.Server)) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) { fn(t, servertest.Start(t, b)) })
	}
}

type apiErr struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
}

func errOf(t *testing.T, body []byte) apiErr {
	t.Helper()
	var e apiErr
	if err := json.Unmarshal(body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("not an API error: %s", body)
	}
	return e
}

func TestFirstRunSetupNeedsTheConsoleToken(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		c := srv.NewClient()
		var st struct{ Needed bool }
		c.Must(200, "GET", "/api/setup", nil, &st)
		if !st.Needed {
			t.Fatal("setup not needed on an empty database")
		}
		token, needed, err := srv.Server.SetupToken(context.Background())
		if err != nil || !needed || len(token) < 20 {
			t.Fatalf("token %q needed %v err %v", token, needed, err)
		}
		body := map[string]string{"name": "李老师", "email": "li@example.com", "password": servertest.Password}
		body["token"] = "guessed"
		status, data := c.Do("POST", "/api/setup", body, nil)
		if status != 403 || errOf(t, data).Error.Code != "forbidden" {
			t.Fatalf("wrong token: %d %s", status, data)
		}
		body["token"] = token
		c.Must(201, "POST", "/api/setup", body, nil)
		c.Must(200, "GET", "/api/auth/me", nil, nil)
		// The token is spent: nobody else on the LAN can claim an account.
		other := srv.NewClient()
		body["email"] = "mallory@example.com"
		if status, _ := other.Do("POST", "/api/setup", body, nil); status != 403 && status != 409 {
			t.Fatalf("second setup: %d", status)
		}
		if _, needed, _ := srv.Server.SetupToken(context.Background()); needed {
			t.Fatal("setup still pending after the first account")
		}
	})
}

func TestSignInSessionsAndSignOut(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		before := tr.Cookie("pb_session")
		c := srv.NewClient()
		status, data := c.Do("POST", "/api/auth/login", map[string]string{"email": "li@example.com", "password": "wrong password"}, nil)
		if status != 401 || errOf(t, data).Error.Code != "unauthorized" {
			t.Fatalf("wrong password: %d %s", status, data)
		}
		status, _ = c.Do("POST", "/api/auth/login", map[string]string{"email": "nobody@example.com", "password": "wrong password"}, nil)
		if status != 401 {
			t.Fatalf("unknown email: %d", status)
		}
		// Signing in again gives a new session id (never a fixated one).
		tr.Must(200, "POST", "/api/auth/login", map[string]string{"email": "LI@example.com ", "password": servertest.Password}, nil)
		after := tr.Cookie("pb_session")
		if after == "" || after == before || len(after) < 40 {
			t.Fatalf("session cookie not rotated: %q → %q", before, after)
		}
		// The cookie is HttpOnly and SameSite=Lax.
		req, _ := http.NewRequest("POST", srv.URL+"/api/auth/login", strings.NewReader(`{"email":"li@example.com","password":"`+servertest.Password+`"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", "t")
		req.AddCookie(&http.Cookie{Name: "pb_csrf", Value: "t"})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		cookie := strings.Join(resp.Header.Values("Set-Cookie"), "\n")
		if !strings.Contains(cookie, "pb_session=") || !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
			t.Fatalf("session cookie attributes: %s", cookie)
		}
		// Signing out ends the session and closes the trainer's websockets.
		w := tr.CreateWorkshop(1)
		ws := tr.Dial(w.ID, "trainer")
		tr.Must(204, "POST", "/api/auth/logout", nil, nil)
		if _, err := ws.TryNext(5 * time.Second); !websocket.IsCloseError(err, 4001) {
			t.Fatalf("socket after sign-out: %v", err)
		}
		if status, _ := tr.Do("GET", "/api/workshops", nil, nil); status != 401 {
			t.Fatalf("after sign-out: %d", status)
		}
	})
}

func TestStateChangingRequestsNeedTheCSRFToken(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		body := `{"title":"t","client_company":"c","starts_on":"2026-12-01","ends_on":"2026-12-02"}`
		send := func(token, origin string) int {
			req, _ := http.NewRequest("POST", srv.URL+"/api/workshops", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			if token != "" {
				req.Header.Set("X-CSRF-Token", token)
			}
			if origin != "" {
				req.Header.Set("Origin", origin)
			}
			resp, err := tr.HTTP.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if got := send("", ""); got != 403 {
			t.Errorf("no token: %d", got)
		}
		if got := send("forged", ""); got != 403 {
			t.Errorf("wrong token: %d", got)
		}
		if got := send(tr.Cookie("pb_csrf"), "http://evil.example"); got != 403 {
			t.Errorf("foreign origin: %d", got)
		}
		if got := send(tr.Cookie("pb_csrf"), srv.URL); got != 201 {
			t.Errorf("good request: %d", got)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	srv := servertest.Start(t, storetest.Backends(t)[0])
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	for _, directive := range strings.Split(csp, ";") {
		if strings.HasPrefix(strings.TrimSpace(directive), "script-src") && strings.Contains(directive, "unsafe") {
			t.Errorf("CSP allows unsafe scripts: %s", directive)
		}
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("headers %v", resp.Header)
	}
	// Behind a TLS proxy, HSTS is set.
	req, _ := http.NewRequest("GET", srv.URL+"/healthz", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !strings.Contains(resp.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("no HSTS behind TLS: %v", resp.Header)
	}
}

func TestWorkshopBadInputIsRefusedAndNothingStored(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		good := `"title":"工作坊","client_company":"华东电梯","starts_on":"2026-12-01","ends_on":"2026-12-02"`
		cases := []struct {
			name, body, field string
			status            int
		}{
			{"malformed", `{"title":`, "", 400},
			{"not an object", `[1]`, "", 400},
			{"two objects", `{` + good + `}{}`, "", 400},
			{"unknown field", `{` + good + `,"colour":"red"}`, "colour", 400},
			{"wrong type", `{` + good + `,"groups":"six"}`, "groups", 400},
			{"missing title", `{"client_company":"c","starts_on":"2026-12-01","ends_on":"2026-12-02"}`, "title", 400},
			{"title too long", `{"title":"` + strings.Repeat("长", 121) + `","client_company":"c","starts_on":"2026-12-01","ends_on":"2026-12-02"}`, "title", 400},
			{"control chars", `{"title":"a\u0007b","client_company":"c","starts_on":"2026-12-01","ends_on":"2026-12-02"}`, "title", 400},
			{"bad date", `{"title":"t","client_company":"c","starts_on":"2026-13-01","ends_on":"2026-12-02"}`, "starts_on", 400},
			{"end before start", `{"title":"t","client_company":"c","starts_on":"2026-12-03","ends_on":"2026-12-02"}`, "ends_on", 400},
			{"too long a workshop", `{"title":"t","client_company":"c","starts_on":"2026-12-01","ends_on":"2027-01-30"}`, "ends_on", 400},
			{"zero groups", `{` + good + `,"groups":0}`, "groups", 400},
			{"too many groups", `{` + good + `,"groups":21}`, "groups", 400},
			{"groups disagree", `{` + good + `,"groups":2,"group_names":["a"]}`, "groups", 400},
			{"bad language", `{` + good + `,"language":"fr"}`, "language", 400},
			{"too large", `{"title":"` + strings.Repeat("x", 70<<10) + `"}`, "", 413},
		}
		for _, c := range cases {
			status, data := tr.Do("POST", "/api/workshops", []byte(c.body), nil)
			if status != c.status {
				t.Errorf("%s: status %d, want %d (%s)", c.name, status, c.status, data)
				continue
			}
			if e := errOf(t, data); e.Error.Field != c.field {
				t.Errorf("%s: field %q, want %q (%s)", c.name, e.Error.Field, c.field, data)
			}
		}
		var list struct{ Workshops []any }
		tr.Must(200, "GET", "/api/workshops", nil, &list)
		if len(list.Workshops) != 0 {
			t.Fatalf("%d workshops stored from bad requests", len(list.Workshops))
		}
		// Unknown ids answer 404.
		for _, path := range []string{"/api/workshops/nope", "/api/workshops/nope/participants", "/api/workshops/nope/qr.png"} {
			if status, data := tr.Do("GET", path, nil, nil); status != 404 || errOf(t, data).Error.Code != "not_found" {
				t.Errorf("GET %s: %d %s", path, status, data)
			}
		}
		// A wrong content type is refused.
		req, _ := http.NewRequest("POST", srv.URL+"/api/workshops", strings.NewReader(`{`+good+`}`))
		req.Header.Set("Content-Type", "text/plain")
		req.Header.Set("X-CSRF-Token", tr.Cookie("pb_csrf"))
		resp, err := tr.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 415 {
			t.Errorf("text/plain: %d", resp.StatusCode)
		}
	})
}

func TestWorkshopLifecycleAndOwnership(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		w := tr.CreateWorkshop(3)
		if len(w.Groups) != 3 || w.Groups[0].Name != "第1组" || len(w.JoinCode) != 8 || !strings.HasSuffix(w.JoinURL, "/j/"+w.JoinCode) {
			t.Fatalf("workshop %+v", w)
		}
		var full struct {
			Curriculum struct {
				Modules []struct{ Title map[string]string } `json:"modules"`
			} `json:"curriculum"`
		}
		tr.Must(200, "GET", "/api/workshops/"+w.ID, nil, &full)
		if len(full.Curriculum.Modules) != 6 {
			t.Fatalf("curriculum has %d modules", len(full.Curriculum.Modules))
		}
		var renamed struct{ Name string }
		tr.Must(200, "PATCH", "/api/workshops/"+w.ID+"/groups/"+w.Groups[0].ID, map[string]string{"name": "远航组"}, &renamed)
		var g struct{ ID, Name string }
		tr.Must(201, "POST", "/api/workshops/"+w.ID+"/groups", map[string]string{}, &g)
		if g.Name != "第4组" {
			t.Fatalf("new group %+v", g)
		}
		// The new group has its boards.
		tr.Board(w.ID, "1.1", g.ID)
		var upd struct{ Title string }
		tr.Must(200, "PATCH", "/api/workshops/"+w.ID, map[string]string{"title": "新标题"}, &upd)
		if upd.Title != "新标题" {
			t.Fatal(upd)
		}
		// Another trainer sees none of it.
		other := srv.Trainer("王老师", "wang@example.com")
		for _, r := range []struct{ method, path string }{
			{"GET", "/api/workshops/" + w.ID}, {"PATCH", "/api/workshops/" + w.ID}, {"DELETE", "/api/workshops/" + w.ID},
			{"GET", "/api/workshops/" + w.ID + "/participants"}, {"GET", "/api/workshops/" + w.ID + "/boards"},
			{"GET", "/api/workshops/" + w.ID + "/qr.png"}, {"POST", "/api/workshops/" + w.ID + "/groups"},
		} {
			body := any(nil)
			if r.method != "GET" {
				body = map[string]string{}
			}
			if status, _ := other.Do(r.method, r.path, body, nil); status != 404 {
				t.Errorf("other trainer %s %s: %d", r.method, r.path, status)
			}
		}
		if _, _, err := other.DialRaw(w.ID, "trainer", srv.URL); err == nil {
			t.Error("another trainer opened the workshop's websocket")
		}
		// The QR code is a PNG.
		status, png := tr.Do("GET", "/api/workshops/"+w.ID+"/qr.png", nil, nil)
		if status != 200 || !strings.HasPrefix(string(png), "\x89PNG") {
			t.Fatalf("qr: %d", status)
		}
		tr.Must(204, "DELETE", "/api/workshops/"+w.ID, nil, nil)
		if status, _ := tr.Do("GET", "/api/workshops/"+w.ID, nil, nil); status != 404 {
			t.Fatal("deleted workshop still there")
		}
	})
}

func TestJoinRestoreAndMove(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *servertest.Server) {
		tr := srv.Trainer("李老师", "li@example.com")
		w := tr.CreateWorkshop(2)
		var info struct {
			Workshop struct{ Title string }
			Groups   []struct{ ID, Name string }
		}
		srv.NewClient().Must(200, "GET", "/api/join/"+strings.ToLower(w.JoinCode[:4]+"-"+w.JoinCode[4:]), nil, &info)
		if info.Workshop.Title != "销售过程管理工作坊" || len(info.Groups) != 2 {
			t.Fatalf("join info %+v", info)
		}
		// Unassigned joiners are spread over the groups.
		_, v1 := srv.Join(w.JoinCode, "王芳", "")
		_, v2 := srv.Join(w.JoinURL, "张伟", "")
		if v1.Participant.GroupID == v2.Participant.GroupID {
			t.Fatal("both unassigned participants landed in the same group")
		}
		ann, v := srv.Join(w.JoinCode, "李娜", w.Groups[1].ID)
		// The same device comes back as the same participant.
		var again servertest.View
		ann.Must(200, "GET", "/api/p/"+w.ID, nil, &again)
		if again.Participant.ID != v.Participant.ID || again.Participant.GroupID != w.Groups[1].ID {
			t.Fatalf("restore: %+v", again.Participant)
		}
		ann.Must(200, "POST", "/api/join", map[string]string{"code": w.JoinCode, "name": "李娜"}, &again)
		if again.Participant.ID != v.Participant.ID {
			t.Fatal("joining again from the same device made a new participant")
		}
		if status, _ := srv.NewClient().Do("GET", "/api/p/"+w.ID, nil, nil); status != 401 {
			t.Fatalf("view without cookie: %d", status)
		}
		// Moving the participant closes their socket with 4004; the view then shows the new group.
		ws := ann.Dial(w.ID, "participant")
		tr.Must(200, "PATCH", "/api/workshops/"+w.ID+"/participants/"+v.Participant.ID, map[string]string{"group_id": w.Groups[0].ID}, nil)
		if _, err := ws.TryNext(5 * time.Second); !websocket.IsCloseError(err, 4004) {
			t.Fatalf("socket after move: %v", err)
		}
		ann.Must(200, "GET", "/api/p/"+w.ID, nil, &again)
		if again.Participant.GroupID != w.Groups[0].ID || again.Boards["1.1"] != tr.Board(w.ID, "1.1", w.Groups[0].ID) {
			t.Fatalf("after move: %+v", again)
		}
		var roster struct {
			Participants []struct{ ID, Name, GroupID string }
		}
		tr.Must(200, "GET", "/api/workshops/"+w.ID+"/participants", nil, &roster)
		if len(roster.Participants) != 3 {
			t.Fatalf("roster %+v", roster)
		}
		// Bad joins.
		for _, c := range []struct {
			body   string
			status int
		}{
			{`{"code":"` + w.JoinCode + `","name":""}`, 400},
			{`{"code":"` + w.JoinCode + `","name":"` + strings.Repeat("名", 41) + `"}`, 400},
			{`{"code":"` + w.JoinCode + `","name":"x","group_id":"nope"}`, 400},
			{`{"code":"AAAAAAAA","name":"x"}`, 404},
			{`{"code":"短","name":"x"}`, 404},
			{`{"code":"` + w.JoinCode + `","name":"x","admin":true}`, 400},
		} {
			if status, data := srv.NewClient().Do("POST", "/api/join", []byte(c.body), nil); status != c.status {
				t.Errorf("%s: %d %s", c.body, status, data)
			}
		}
		if status, _ := tr.Do("PATCH", "/api/workshops/"+w.ID+"/participants/"+v.Participant.ID, map[string]string{"group_id": "nope"}, nil); status != 404 {
			t.Errorf("move to unknown group: %d", status)
		}
		tr.Must(200, "GET", "/api/workshops/"+w.ID+"/participants", nil, &roster)
		if len(roster.Participants) != 3 {
			t.Fatalf("bad joins stored participants: %d", len(roster.Participants))
		}
	})
}

func TestJoinAttemptsAreRateLimited(t *testing.T) {
	b := storetest.Backends(t)[0]
	srv := servertest.Start(t, b, servertest.Options{Config: server.Config{JoinRate: 0.1, JoinBurst: 5}})
	c := srv.NewClient()
	for i := range 5 {
		if status, _ := c.Do("GET", "/api/join/ABCDEFGH", nil, nil); status != 404 {
			t.Fatalf("attempt %d: %d", i, status)
		}
	}
	req, _ := http.NewRequest("GET", srv.URL+"/api/join/ABCDEFGH", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("6th attempt: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

func TestWebsocketHandshakeChecks(t *testing.T) {
	srv := servertest.Start(t, storetest.Backends(t)[0])
	tr := srv.Trainer("李老师", "li@example.com")
	w := tr.CreateWorkshop(1)
	ann, _ := srv.Join(w.JoinCode, "王芳", "")
	cases := []struct {
		name   string
		client *servertest.Client
		ws, as string
		origin string
		status int
	}{
		{"foreign origin", ann, w.ID, "participant", "http://evil.example", 403},
		{"no origin", ann, w.ID, "participant", "", 403},
		{"no cookie", srv.NewClient(), w.ID, "participant", srv.URL, 401},
		{"no workshop", ann, "", "participant", srv.URL, 400},
		{"participant as trainer", ann, w.ID, "trainer", srv.URL, 401},
		{"bad role", ann, w.ID, "admin", srv.URL, 400},
	}
	for _, c := range cases {
		_, resp, err := c.client.DialRaw(c.ws, c.as, c.origin)
		if err == nil || resp == nil || resp.StatusCode != c.status {
			code := 0
			if resp != nil {
				code = resp.StatusCode
			}
			t.Errorf("%s: err %v status %d, want %d", c.name, err, code, c.status)
		}
	}
	// A plain GET is told to upgrade.
	if status, _ := tr.Do("GET", "/ws?workshop="+w.ID, nil, nil); status != 426 {
		t.Errorf("plain GET /ws: %d", status)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	srv := servertest.Start(t, storetest.Backends(t)[0])
	c := srv.NewClient()
	c.Must(200, "GET", "/healthz", nil, nil)
	var ready struct{ Status, Database string }
	c.Must(200, "GET", "/readyz", nil, &ready)
	if ready.Database != "sqlite" {
		t.Fatal(ready)
	}
	tr := srv.Trainer("李老师", "li@example.com")
	w := tr.CreateWorkshop(1)
	ws := tr.Dial(w.ID, "trainer")
	board := tr.Board(w.ID, "1.1", w.Groups[0].ID)
	ws.Op(board, "m1", map[string]any{"kind": "note.add", "id": "n1", "lane": "setting", "text": "x"})
	ws.OpResult(board, "m2", map[string]any{"kind": "note.add", "id": "n1", "lane": "setting", "text": "x"})
	_, body := c.Do("GET", "/metrics", nil, nil)
	for _, want := range []string{"playbook_ws_connections 1", "playbook_operations_applied_total 1",
		"playbook_operation_commit_seconds_count 1", `playbook_errors_total{code="conflict"} 1`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestUnbuiltFrontendPage(t *testing.T) {
	srv := servertest.Start(t, storetest.Backends(t)[0])
	status, body := srv.NewClient().Do("GET", "/workshops", nil, nil)
	if status != 503 || !strings.Contains(string(body), "make build") {
		t.Fatalf("%d %s", status, body)
	}
	if status, _ := srv.NewClient().Do("GET", "/api/nothing-here", nil, nil); status != 404 {
		t.Fatalf("unknown API route: %d", status)
	}
}
