package server_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"playbook/exercises"
	_ "playbook/exercises/passoff"
	"playbook/realtime"
	"playbook/server"
	"playbook/server/servertest"
	"playbook/store/storetest"
)

// The authorization matrix (quality X1): every HTTP route and every
// operation kind of every registered template kind, for every role, allowed
// or denied. Routes are enumerated from the Fiber app and operations from
// exercises.Kinds() and each kind's Ops, so a new route or operation without
// a row fails the test.
//
// Roles, one letter each:
//
//	A anonymous                        T trainer of this workshop
//	G participant of this group        U another trainer (owner of another workshop)
//	O participant of another group     J judge of the pass-off round (in G's group)
//	X participant of another workshop  N non-judge (in G's group)
//
// A row reads "METHOD /route allowed-roles": "-" allows nobody, "*" everyone.
// Over HTTP, denied means 401, 403 or 404 (another trainer's objects answer
// 404, as if they did not exist); allowed means any other status: the request
// got past authorization to the handler's own checks.
const roles = "AGOXTUJN"

var routeMatrix = []string{
	"GET /healthz *",
	"GET /readyz *",
	"GET /metrics *",
	"GET /api/setup *",
	"POST /api/setup -", // only with the console's one-time token (TestFirstRunSetupNeedsTheConsoleToken)
	"POST /api/auth/login *",
	"POST /api/auth/logout *",
	"GET /api/auth/me TU",
	"GET /api/curriculum TU",
	"GET /api/audit TU",

	"GET /api/workshops/ TU",
	"POST /api/workshops/ TU",
	"GET /api/workshops/:id T",
	"PATCH /api/workshops/:id T",
	"DELETE /api/workshops/:id T",
	"POST /api/workshops/:id/groups T",
	"PATCH /api/workshops/:id/groups/:gid T",
	"GET /api/workshops/:id/participants T",
	"PATCH /api/workshops/:id/participants/:pid T",
	"GET /api/workshops/:id/boards T",
	"GET /api/workshops/:id/qr.png T",
	"GET /api/workshops/:id/progress T",
	"GET /api/workshops/:id/audit T",
	"GET /api/workshops/:id/playbook T",
	"GET /api/workshops/:id/playbook/compare/:activity T",
	"POST /api/workshops/:id/playbook/adopt T",
	"POST /api/workshops/:id/playbook/set T",
	"GET /api/workshops/:id/playbook/adoptions T",
	"POST /api/workshops/:id/playbook/publish T",
	"GET /api/workshops/:id/playbook/versions/:n T:404", // T reaches it: no version is published
	"GET /api/workshops/:id/playbook/export/:format T",
	"POST /api/workshops/:id/playbook/votes T", // T reaches it: the groups agree, 409
	"GET /api/workshops/:id/playbook/votes T",
	"POST /api/workshops/:id/playbook/votes/:vote/decide T:404", // T reaches it: no such vote
	"POST /api/workshops/:id/funnel T",

	"GET /api/funnel/reviews/ TU",
	"POST /api/funnel/reviews/ TU",
	"GET /api/funnel/reviews/:rid T",
	"PATCH /api/funnel/reviews/:rid T",
	"DELETE /api/funnel/reviews/:rid T",
	"POST /api/funnel/reviews/:rid/files/:role T",
	"PUT /api/funnel/reviews/:rid/files/:role/parts/:n T",
	"POST /api/funnel/reviews/:rid/files/:role/complete T",
	"POST /api/funnel/reviews/:rid/preview T",
	"POST /api/funnel/reviews/:rid/analyze T",
	"GET /api/funnel/reviews/:rid/export.xlsx T",

	"GET /api/workshops/:id/passoff/:activity T",
	"PUT /api/workshops/:id/passoff/:activity/judges T",
	"PUT /api/workshops/:id/passoff/:activity/rubric T",
	"PUT /api/workshops/:id/passoff/:activity/scenario T",
	"POST /api/workshops/:id/passoff/:activity/import T",
	"GET /api/workshops/:id/passoff/:activity/report T",
	"GET /api/workshops/:id/passoff/:activity/results T",
	"GET /api/workshops/:id/passoff/:activity/ledger.xlsx T",
	"GET /api/workshops/:id/passoff/:activity/certificates T",
	"GET /api/passoff/rubrics/ TU",
	"POST /api/passoff/rubrics/ TU",
	"GET /api/passoff/rubrics/:rid T",
	"PUT /api/passoff/rubrics/:rid T",
	"DELETE /api/passoff/rubrics/:rid T",
	"POST /api/passoff/rubrics/:rid/copy T",
	"GET /api/passoff/print.js *",

	"GET /api/curricula/ TU",
	"POST /api/curricula/ TU",
	"GET /api/curricula/:cid T",
	"PUT /api/curricula/:cid T",
	"DELETE /api/curricula/:cid T",

	"GET /api/cases/ TU",
	"POST /api/cases/ TU",
	"GET /api/cases/export TU",
	"GET /api/cases/scenarios TU",
	"POST /api/cases/import TU",
	"GET /api/cases/:id T",
	"PUT /api/cases/:id T",
	"PATCH /api/cases/:id T",
	"DELETE /api/cases/:id T",
	"POST /api/cases/:id/copy T",
	"GET /api/cases/:id/export T",
	"POST /api/cases/:id/files T",
	"GET /api/cases/:id/files/:name T",
	"DELETE /api/cases/:id/files/:name T",
	"GET /api/workshops/:id/cases T",
	"GET /api/workshops/:id/cases/:case T",
	"POST /api/workshops/:id/activities/:activity/cases T",
	"DELETE /api/workshops/:id/activities/:activity/cases/:case T",
	"POST /api/workshops/:id/boards/:board/case T",
	"GET /api/p/:workshop/cases GOJN",
	"GET /api/p/:workshop/cases/:case GOJN",
	"GET /api/p/:workshop/cases/:case/files/:name GOJN",

	"GET /api/join/:code *",
	"POST /api/join *",
	"GET /api/p/:workshop GOJN",
	"GET /api/p/:workshop/playbook/export/:format GOJN",
	"GET /api/p/:workshop/action-plan GOJN",
	"GET /api/p/:workshop/gallery GOJN",
	"GET /ws -", // the handshake: TestWebsocketHandshakeChecks and the operations below
}

// The operations: "kind operation allowed-roles". Over the websocket, denied
// means refused as forbidden, activity_closed or locked, or the board being
// "not found" in the sender's workshop; allowed means acknowledged or refused
// only for what the operation says (invalid_op, conflict, a missing item…).
// A and U cannot open a socket on this workshop (the handshake refuses them);
// U and X send from their own workshop's socket. Activities are open to every
// group, nothing is locked, no gallery walk runs.
const groupWriters = "GTJN"

var opMatrix = []string{
	"canvas * " + groupWriters,
	"case-draft * " + groupWriters,
	"control * T",
	"funnel funnel.load T",
	"funnel finding.add,finding.edit,finding.delete,comment.add,comment.edit,comment.delete " + groupWriters,
	"kpis * " + groupWriters,
	"meetings * " + groupWriters,
	"notes * " + groupWriters,
	"passoff * T",       // the round: trainers only
	"passoff.sheet * J", // a judge's own sheet: nobody else, trainers included
	"plan * " + groupWriters,
	"poll option.add,option.remove T",
	"poll poll.vote,poll.retract,comment.add,comment.edit,comment.delete " + groupWriters,
	"reflection * G", // G's own reflection: nobody else, trainers included
	"stages * " + groupWriters,
	"table * " + groupWriters,
	"tables * " + groupWriters,
	"targets * " + groupWriters,
	"team-mix * " + groupWriters,
	"tiers * " + groupWriters,
}

// authzWorld is the fixture: workshop W (groups 1 and 2) of trainer T with
// its participants, workshop W2 of trainer U with participant X, and T's own
// objects in every library.
type authzWorld struct {
	srv        *servertest.Server
	t          *testing.T
	w, w2      *servertest.Workshop
	clients    map[byte]*servertest.Client
	ids        map[byte]string // participants' ids
	mover      string          // a participant moved around by PATCH …/participants/:pid
	review     string          // T's funnel review
	rubric     string          // T's rubric
	curriculum string          // T's curriculum copy
	caseID     string          // T's case, attached to 1.1, with image m.png
	draft      string          // group 1's case-draft board
	boards     []boardRef
}

type boardRef struct {
	ID, Activity, Kind, GroupID, ParticipantID, TrainerID string
}

func newAuthzWorld(t *testing.T, srv *servertest.Server) *authzWorld {
	aw := &authzWorld{srv: srv, t: t, clients: map[byte]*servertest.Client{}, ids: map[byte]string{}}
	tr := srv.Trainer("李老师", "li@example.com")
	u := srv.Trainer("赵老师", "zhao@example.com")
	aw.clients['T'], aw.clients['U'], aw.clients['A'] = tr, u, srv.NewClient()
	aw.w = caseDraftWorkshop(t, tr) // the built-in curriculum: every kind, the case draft of 6.cases included
	aw.w2 = u.CreateWorkshop(1)
	g1, g2 := aw.w.Groups[0].ID, aw.w.Groups[1].ID
	for _, p := range []struct {
		role        byte
		name, group string
	}{{'G', "王芳", g1}, {'O', "刘洋", g2}, {'J', "张伟", g1}, {'N', "陈静", g1}} {
		c, v := srv.Join(aw.w.JoinCode, p.name, p.group)
		aw.clients[p.role], aw.ids[p.role] = c, v.Participant.ID
		if p.role == 'G' {
			aw.draft = v.Boards["6.cases"]
		}
	}
	_, mv := srv.Join(aw.w.JoinCode, "搬家", g1)
	aw.mover = mv.Participant.ID
	x, xv := srv.Join(aw.w2.JoinCode, "孙丽", "")
	aw.clients['X'], aw.ids['X'] = x, xv.Participant.ID
	tr.Must(200, "PUT", "/api/workshops/"+aw.w.ID+"/passoff/6.passoff/judges", map[string]any{"judges": []string{aw.ids['J']}}, nil)
	var round struct {
		RoundBoard string `json:"round_board"`
	}
	tr.Must(200, "GET", "/api/workshops/"+aw.w.ID+"/passoff/6.passoff", nil, &round)
	tr.Dial(aw.w.ID, "trainer").Op(round.RoundBoard, "panel", map[string]any{"kind": "judges.set", "judges": []string{aw.ids['J']}})

	var r struct{ ID string }
	tr.Must(201, "POST", "/api/funnel/reviews", map[string]any{"title": "华东电梯 2026"}, &r)
	aw.review = r.ID
	// An upload under way, for the parts and complete routes.
	tr.Must(201, "POST", "/api/funnel/reviews/"+aw.review+"/files/opportunities", map[string]any{"name": "o.csv", "size": 40}, nil)
	tr.Must(201, "POST", "/api/passoff/rubrics/builtin/copy", nil, &r)
	aw.rubric = r.ID
	tr.Must(201, "POST", "/api/curricula", map[string]any{"from": "builtin"}, &r)
	aw.curriculum = r.ID
	tr.Must(201, "POST", "/api/cases", caseBody("矩阵", nil), &r)
	aw.caseID = r.ID
	if status, body := uploadCaseFile(t, tr, "/api/cases/"+aw.caseID+"/files", "m.png", pngData(t)); status != 201 {
		t.Fatalf("case image: %d %s", status, body)
	}
	tr.Must(201, "POST", "/api/workshops/"+aw.w.ID+"/activities/1.1/cases", map[string]string{"case": aw.caseID}, nil)

	var bl struct {
		Boards []struct {
			ID            string `json:"id"`
			Activity      string `json:"activity"`
			Kind          string `json:"kind"`
			GroupID       string `json:"group_id"`
			ParticipantID string `json:"participant_id"`
			TrainerID     string `json:"trainer_id"`
		} `json:"boards"`
	}
	tr.Must(200, "GET", "/api/workshops/"+aw.w.ID+"/boards", nil, &bl)
	for _, b := range bl.Boards {
		aw.boards = append(aw.boards, boardRef{b.ID, b.Activity, b.Kind, b.GroupID, b.ParticipantID, b.TrainerID})
	}
	return aw
}

// fresh makes a new object of T's for a request that deletes one.
func (aw *authzWorld) fresh(what string) string {
	tr := aw.clients['T']
	var r struct{ ID string }
	switch what {
	case "review":
		tr.Must(201, "POST", "/api/funnel/reviews", map[string]any{"title": "待删"}, &r)
	case "rubric":
		tr.Must(201, "POST", "/api/passoff/rubrics/builtin/copy", nil, &r)
	case "curriculum":
		tr.Must(201, "POST", "/api/curricula", map[string]any{"from": "builtin"}, &r)
	case "case":
		tr.Must(201, "POST", "/api/cases", caseBody("待删", nil), &r)
		uploadCaseFile(aw.t, tr, "/api/cases/"+r.ID+"/files", "m.png", pngData(aw.t))
	case "attachment":
		tr.Do("POST", "/api/workshops/"+aw.w.ID+"/activities/2.1/cases", map[string]string{"case": aw.caseID}, nil)
		return aw.caseID
	}
	return r.ID
}

// path fills a route's parameters with the fixture's objects; deleting
// routes get a fresh object each time.
func (aw *authzWorld) path(method, route string) string {
	prefix := func(p string) bool { return strings.HasPrefix(route, p) }
	p := map[string]string{
		"id": aw.w.ID, "workshop": aw.w.ID, "gid": aw.w.Groups[0].ID, "pid": aw.mover, "n": "1", "format": "json",
		"role": "opportunities", "board": aw.draft, "case": aw.caseID, "name": "m.png", "code": aw.w.JoinCode,
		"activity": "6.passoff", "rid": aw.review, "cid": aw.curriculum,
	}
	switch {
	case prefix("/api/cases/:id"):
		p["id"] = aw.caseID
		if method == "DELETE" {
			p["id"] = aw.fresh("case")
		}
	case prefix("/api/passoff/rubrics/"):
		p["rid"] = aw.rubric
		if method == "DELETE" {
			p["rid"] = aw.fresh("rubric")
		}
	case prefix("/api/funnel/reviews/") && method == "DELETE":
		p["rid"] = aw.fresh("review")
	case prefix("/api/curricula/") && method == "DELETE":
		p["cid"] = aw.fresh("curriculum")
	case prefix("/api/workshops/:id/playbook/export"):
		p["format"] = "json?draft=1" // nothing published: the draft
	case prefix("/api/workshops/:id/playbook/compare"):
		p["activity"] = "3.1"
	case prefix("/api/workshops/:id/playbook/votes/"):
		p["vote"] = "no-such-vote"
	case prefix("/api/workshops/:id/activities/"):
		p["activity"] = "1.1"
		if method == "DELETE" {
			p["activity"] = "2.1"
			aw.fresh("attachment")
		}
	}
	parts := strings.Split(route, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") {
			v, ok := p[s[1:]]
			if !ok {
				aw.t.Fatalf("no fixture value for %s in %s", s, route)
			}
			parts[i] = v
		}
	}
	return strings.Join(parts, "/")
}

// request sends one route's request as a role and returns the status.
func (aw *authzWorld) request(role byte, method, route string) (int, []byte) {
	c := aw.clients[role]
	path := aw.path(method, route)
	switch route {
	case "/api/cases/import":
		var b bytes.Buffer
		zip.NewWriter(&b).Close()
		s, body, _ := c.DoRaw(method, path, "application/zip", b.Bytes())
		return s, body
	case "/api/auth/login": // public: a malformed body reaches the handler
		s, body, _ := c.DoRaw(method, path, "application/json", []byte("{"))
		return s, body
	case "/api/cases/:id/files":
		return uploadCaseFile(aw.t, c, path, "n.png", pngData(aw.t))
	case "/api/funnel/reviews/:rid/files/:role/parts/:n", "/api/workshops/:id/passoff/:activity/import":
		s, body, _ := c.DoRaw(method, path, "text/csv", []byte("performer,judge,criterion,score\n"))
		return s, body
	}
	var body any
	if method != "GET" && method != "DELETE" {
		body = map[string]any{}
	}
	if b, ok := aw.bodies()[route]; ok {
		body = b
	}
	return c.Do(method, path, body, nil)
}

// bodies are the request bodies that reach a handler's authorization-
// sensitive part (the others get {}: their handlers check who asks first).
func (aw *authzWorld) bodies() map[string]any {
	return map[string]any{
		"/api/join": map[string]string{"code": aw.w.JoinCode, "name": "路人", "group_id": aw.w.Groups[0].ID},
		"/api/workshops/:id/activities/:activity/cases": map[string]string{"case": aw.caseID},
		"/api/workshops/:id/playbook/adopt":             map[string]any{"activity": "3.1", "group": aw.w.Groups[0].ID},
		"/api/workshops/:id/playbook/votes": map[string]any{"activity": "3.1", "path": "$.stages.stages[id=won].probability", "label": "赢率",
			"sources": []map[string]string{{"group": aw.w.Groups[0].ID, "path": "$.stages.stages[id=won].probability"},
				{"group": aw.w.Groups[1].ID, "path": "$.stages.stages[id=won].probability"}}},
	}
}

func denied(status int) bool { return status == 401 || status == 403 || status == 404 }

func parseAllowed(s string) string {
	switch s {
	case "*":
		return roles
	case "-":
		return ""
	}
	return s
}

func TestAuthorizationMatrix(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			// Every client comes from 127.0.0.1: a join limit that the
			// fixture's joins do not exhaust.
			srv := servertest.Start(t, b, servertest.Options{Config: server.Config{JoinRate: 1000, JoinBurst: 1000},
				Hub: realtime.Options{OpsPerSecond: 10000, OpsBurst: 10000}})
			aw := newAuthzWorld(t, srv)
			t.Run("operations", func(t *testing.T) { aw.operations(t) })
			t.Run("routes", func(t *testing.T) { aw.routes(t) }) // last: it deletes the workshop
		})
	}
}

func (aw *authzWorld) routes(t *testing.T) {
	rows := map[string]string{}
	reaches404 := map[string]bool{} // rows whose allowed roles get 404 for a missing object
	var order []string
	for _, row := range routeMatrix {
		f := strings.Fields(row)
		key := f[0] + " " + f[1]
		if _, dup := rows[key]; dup {
			t.Errorf("two rows for %s", key)
		}
		allowed, missing, _ := strings.Cut(f[2], ":")
		rows[key] = parseAllowed(allowed)
		if missing == "404" {
			reaches404[key] = true
		}
		order = append(order, key)
	}
	seen := map[string]bool{}
	for _, r := range aw.srv.Server.App().GetRoutes(true) {
		key := r.Method + " " + r.Path
		if r.Method == "HEAD" || strings.HasSuffix(r.Path, "*") || seen[key] {
			continue // HEAD mirrors GET; /api/* answers 404 to everything
		}
		seen[key] = true
		if _, ok := rows[key]; !ok {
			t.Errorf("route %s has no row in the authorization matrix", key)
		}
	}
	for key := range rows {
		if !seen[key] {
			t.Errorf("the matrix has a row for %s, which is no route", key)
		}
	}
	// Deleting the workshop and signing out go last: everything else needs them.
	sort.SliceStable(order, func(i, j int) bool { return rank(order[i]) < rank(order[j]) })
	for _, key := range order {
		method, route, _ := strings.Cut(key, " ")
		if route == "/ws" || route == "/api/setup" && method == "POST" {
			continue // tested where the comment says
		}
		var got strings.Builder
		detail := map[byte]string{}
		var denyMessage string
		for i := range len(roles) {
			role := roles[i]
			status, body := aw.request(role, method, route)
			if role == 'U' {
				denyMessage = string(body)
			}
			if !denied(status) {
				got.WriteByte(role)
			}
			detail[role] = fmt.Sprintf("%c=%d", role, status)
			if status >= 500 {
				t.Errorf("%s as %c: %d %.200s", key, role, status, body)
			}
			if route == "/api/auth/logout" && (role == 'T' || role == 'U') {
				aw.relogin(role)
			}
		}
		want := rows[key]
		if reaches404[key] {
			// Allowed roles get past the workshop's check to a 404 about the
			// missing object, unlike another trainer (U runs before T).
			for i := range len(want) {
				status, body := aw.request(want[i], method, route)
				if status != 404 || string(body) == denyMessage {
					t.Errorf("%s as %c: %d %s, want a 404 about the missing object", key, want[i], status, body)
				}
			}
			want = ""
		}
		if sortRoles(got.String()) != sortRoles(want) {
			var ds []string
			for i := range len(roles) {
				ds = append(ds, detail[roles[i]])
			}
			t.Errorf("%s: allowed %q, want %q (%s)", key, orDash(got.String()), orDash(want), strings.Join(ds, " "))
		}
	}
}

func rank(key string) int {
	switch key {
	case "POST /api/join": // makes everyone a participant of the workshop
		return 1
	case "POST /api/auth/logout":
		return 2
	case "DELETE /api/workshops/:id":
		return 3
	}
	return 0
}

func (aw *authzWorld) relogin(role byte) {
	email := map[byte]string{'T': "li@example.com", 'U': "zhao@example.com"}[role]
	aw.clients[role].Must(http.StatusOK, "POST", "/api/auth/login", map[string]string{"email": email, "password": servertest.Password}, nil)
}

func sortRoles(s string) string {
	b := []byte(s)
	slices.Sort(b)
	return string(b)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// operations: every operation of every kind, sent by every role on a board
// of that kind in W.
func (aw *authzWorld) operations(t *testing.T) {
	type rule struct{ ops, allowed string }
	rules := map[string][]rule{}
	for _, row := range opMatrix {
		f := strings.Fields(row)
		rules[f[0]] = append(rules[f[0]], rule{f[1], parseAllowed(f[2])})
	}
	expect := func(kind, op string) (string, bool) {
		for _, r := range rules[kind] {
			if r.ops == "*" || slices.Contains(strings.Split(r.ops, ","), op) {
				return r.allowed, true
			}
		}
		return "", false
	}
	// Open every activity to every group, so that only the rules of the
	// matrix decide.
	console := aw.clients['T'].Dial(aw.w.ID, "trainer")
	opened := map[string]bool{}
	for _, b := range aw.boards {
		if b.Activity != exercises.ControlActivity && !opened[b.Activity] {
			opened[b.Activity] = true
			console.Op(aw.w.ControlBoard, "open-"+strings.ReplaceAll(b.Activity, ".", "_"),
				map[string]any{"kind": "activity.open", "activity": b.Activity, "groups": []string{}})
		}
	}
	// The board each kind is tested on: group 1's, the participant G's own,
	// the judge J's sheet, or the workshop's.
	target := map[string]boardRef{}
	for _, b := range aw.boards {
		switch {
		case b.Kind == "reflection" && b.ParticipantID != aw.ids['G']:
		case b.Kind == "passoff.sheet" && b.ParticipantID != aw.ids['J']:
		case b.GroupID != "" && b.GroupID != aw.w.Groups[0].ID:
		default:
			if _, ok := target[b.Kind]; !ok {
				target[b.Kind] = b
			}
		}
	}
	sockets := map[byte]*servertest.WS{}
	for _, r := range []byte("GOJNT") {
		as := "participant"
		if r == 'T' {
			as = "trainer"
		}
		sockets[r] = aw.clients[r].Dial(aw.w.ID, as)
	}
	sockets['U'] = aw.clients['U'].Dial(aw.w2.ID, "trainer")
	sockets['X'] = aw.clients['X'].Dial(aw.w2.ID, "participant")
	// Anonymous and the other trainer cannot even open a socket on W.
	for _, r := range []byte("AU") {
		if _, resp, err := aw.clients[r].DialRaw(aw.w.ID, "", aw.srv.URL); err == nil || resp == nil || !denied(resp.StatusCode) {
			t.Errorf("%c opened a websocket on the workshop", r)
		}
	}

	// The facilitation kinds last: an operation that applies there (an
	// empty panel, an agenda reset) must not change the rules for the others.
	kinds := exercises.Kinds()
	sort.SliceStable(kinds, func(i, j int) bool {
		last := func(k string) bool { return k == exercises.ControlKind || k == "passoff" }
		return !last(kinds[i]) && last(kinds[j])
	})
	n := 0
	for _, kind := range kinds {
		k, _ := exercises.Lookup(kind)
		b, ok := target[kind]
		if !ok {
			t.Errorf("no board of kind %s in the fixture workshop", kind)
			continue
		}
		if _, ok := rules[kind]; !ok {
			t.Errorf("kind %s has no row in the operations matrix", kind)
			continue
		}
		for _, op := range k.Ops {
			want, ok := expect(kind, op)
			if !ok {
				t.Errorf("operation %s of %s has no row in the operations matrix", op, kind)
				continue
			}
			var got strings.Builder
			var detail []string
			for _, r := range []byte("GOXTUJN") {
				n++
				id := fmt.Sprintf("m%d", n)
				m := sockets[r].OpResult(b.ID, id, map[string]any{"kind": op})
				code, _ := m["code"].(string)
				msg, _ := m["message"].(string)
				deny := code == "forbidden" || code == "activity_closed" || code == "locked" ||
					code == "not_found" && strings.Contains(msg, "no such board")
				if !deny {
					got.WriteByte(r)
				}
				if code == "internal" || code == "bad_message" || code == "rate_limited" || code == "unavailable" {
					t.Errorf("%s %s as %c: %v", kind, op, r, m)
				}
				detail = append(detail, fmt.Sprintf("%c=%s", r, orDash(code)))
				if testing.Verbose() && code != "" {
					t.Logf("%s %s as %c: %s", kind, op, r, msg)
				}
			}
			if sortRoles(got.String()) != sortRoles(want) {
				t.Errorf("%s %s: allowed %q, want %q (%s)", kind, op, orDash(got.String()), orDash(want), strings.Join(detail, " "))
			}
		}
	}
	// Every row names a kind and operations that exist.
	for kind, rs := range rules {
		k, ok := exercises.Lookup(kind)
		if !ok {
			t.Errorf("the operations matrix names kind %s, which is not registered", kind)
			continue
		}
		for _, r := range rs {
			if r.ops == "*" {
				continue
			}
			for _, op := range strings.Split(r.ops, ",") {
				if !slices.Contains(k.Ops, op) {
					t.Errorf("the operations matrix names %s %s, which the kind does not list", kind, op)
				}
			}
		}
	}
	t.Logf("%d operations sent (every operation of %d kinds × 7 roles)", n, len(exercises.Kinds()))
}
