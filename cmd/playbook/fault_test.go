package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"playbook/server/servertest"
	"playbook/store/storetest"
)

// privatePostgres is a PostgreSQL cluster of this test's own, in a temporary
// directory on a free port, that the test may stop and start (never the
// shared one other tests use). In CI it must work; elsewhere the test is
// skipped with the reason when the PostgreSQL server binaries are missing.
type privatePostgres struct {
	t    *testing.T
	bin  string
	data string
	dir  string
	port int
	asPG bool // root: run the server as the postgres OS user
}

func startPrivatePostgres(t *testing.T) *privatePostgres {
	t.Helper()
	unavailable := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") != "" {
			t.Fatalf("private PostgreSQL cluster: "+format, args...)
		}
		t.Skipf("private PostgreSQL cluster unavailable: "+format, args...)
	}
	initdbs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(initdbs) == 0 {
		if p, err := exec.LookPath("initdb"); err == nil {
			initdbs = []string{p}
		} else {
			unavailable("no initdb (install the postgresql package)")
		}
	}
	dir, err := os.MkdirTemp("", "playbook-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	pg := &privatePostgres{t: t, bin: filepath.Dir(initdbs[len(initdbs)-1]), dir: dir, data: filepath.Join(dir, "data"), port: freePort(t), asPG: os.Geteuid() == 0}
	if pg.asPG {
		if err := exec.Command("chown", "postgres:", dir).Run(); err != nil {
			unavailable("chown to postgres: %v", err)
		}
		os.Chmod(dir, 0o755)
	}
	if out, err := pg.run("initdb", "-D", pg.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"); err != nil {
		unavailable("initdb: %v\n%s", err, out)
	}
	pg.start()
	t.Cleanup(func() { pg.run("pg_ctl", "-D", pg.data, "-m", "immediate", "-w", "stop") })
	return pg
}

func (pg *privatePostgres) run(tool string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(pg.bin, tool), args...)
	if pg.asPG {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(pg.bin, tool)}, args...)...)
	}
	cmd.Dir = pg.dir
	return cmd.CombinedOutput()
}

func (pg *privatePostgres) start() {
	pg.t.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", pg.port, pg.dir)
	if out, err := pg.run("pg_ctl", "-D", pg.data, "-o", opts, "-l", filepath.Join(pg.dir, "log"), "-w", "-t", "60", "start"); err != nil {
		pg.t.Fatalf("pg_ctl start: %v\n%s", err, out)
	}
}

func (pg *privatePostgres) stop() {
	pg.t.Helper()
	if out, err := pg.run("pg_ctl", "-D", pg.data, "-m", "fast", "-w", "stop"); err != nil {
		pg.t.Fatalf("pg_ctl stop: %v\n%s", err, out)
	}
}

func (pg *privatePostgres) DSN() string {
	return "postgres://postgres@127.0.0.1:" + strconv.Itoa(pg.port) + "/postgres?sslmode=disable"
}

// opResult sends one operation and waits for its ack or error frame.
func opResult(t *testing.T, ws *servertest.WS, board, id string) map[string]any {
	t.Helper()
	ws.Send(map[string]any{"type": "op", "board": board, "id": id,
		"op": map[string]any{"kind": "note.add", "id": id, "lane": "setting", "text": id}})
	for {
		m := ws.Next(30 * time.Second)
		if (m["type"] == "ack" || m["type"] == "error") && m["id"] == id {
			return m
		}
	}
}

// R5: PostgreSQL restarts under a running instance. While it is down, edits
// are refused with a clear error — never acknowledged from memory — and
// /readyz says so; when it is back, the same instance serves again by
// itself, and every acknowledged edit is stored while no refused one is.
func TestPostgresRestartRefusesEditsThenResumes(t *testing.T) {
	pg := startPrivatePostgres(t)
	p := startServe(t, pg.DSN(), freePort(t))
	tr := p.setup()
	w := tr.CreateWorkshop(1)
	board := tr.Board(w.ID, "1.1", w.Groups[0].ID)
	ann, _ := servertest.Join(t, p.URL, w.JoinCode, "王芳", w.Groups[0].ID)
	ws := ann.Dial(w.ID, "participant")
	acked, refused := map[string]bool{}, map[string]bool{}
	for i := range 5 {
		id := fmt.Sprintf("up-%d", i)
		if m := opResult(t, ws, board, id); m["type"] != "ack" {
			t.Fatalf("before the restart: %v", m)
		}
		acked[id] = true
	}

	pg.stop()
	for i := range 5 {
		id := fmt.Sprintf("down-%d", i)
		m := opResult(t, ws, board, id)
		if m["type"] == "ack" {
			t.Fatalf("edit acknowledged while the database was down: %v", m)
		}
		if m["code"] != "unavailable" || m["message"] == "" {
			t.Fatalf("refusal while the database was down: %v", m)
		}
		refused[id] = true
	}
	if resp, err := http.Get(p.URL + "/readyz"); err != nil || resp.StatusCode != 503 {
		t.Fatalf("/readyz while the database is down: %v %v", resp, err)
	}

	pg.start()
	back := time.Now()
	for i := 0; ; i++ {
		id := fmt.Sprintf("back-%d", i)
		m := opResult(t, ws, board, id)
		if m["type"] == "ack" {
			acked[id] = true
			break
		}
		refused[id] = true
		if time.Since(back) > 30*time.Second {
			t.Fatalf("still refusing 30 s after PostgreSQL returned: %v", m)
		}
		time.Sleep(200 * time.Millisecond)
	}
	resumed := time.Since(back)
	// A refused edit retried now is applied (it was never stored).
	if m := opResult(t, ws, board, "down-0"); m["type"] != "ack" || m["duplicate"] == true {
		t.Fatalf("retry of an edit refused during the outage: %v", m)
	}
	acked["down-0"], refused["down-0"] = true, false

	snap := tr.Dial(w.ID, "trainer").Subscribe(board, -1)[0]
	notes := snap["state"].(map[string]any)["notes"].(map[string]any)
	for id := range acked {
		if notes[id] == nil {
			t.Errorf("acknowledged edit %s lost", id)
		}
	}
	for id, r := range refused {
		if r && notes[id] != nil {
			t.Errorf("refused edit %s was stored", id)
		}
	}
	n := 0
	for _, r := range refused {
		if r {
			n++
		}
	}
	t.Logf("PostgreSQL restart: %d edits refused (unavailable) while down, none stored; service back %v after it returned, without restarting playbook; %d acknowledged edits all stored",
		n+1, resumed.Round(time.Millisecond), len(acked))
}

// R7: SIGTERM while operations are in flight. Every operation the server
// took in is acknowledged or refused before its socket closes with 1001, and
// the process exits within 10 s; after a restart, every acknowledged one is
// stored and nothing is stored that was not acknowledged.
func TestSIGTERMFinishesInFlightCommits(t *testing.T) {
	b := storetest.Backends(t)[0]
	port := freePort(t)
	p := startServe(t, b.DSN, port)
	tr := p.setup()
	w := tr.CreateWorkshop(1)
	board := tr.Board(w.ID, "1.1", w.Groups[0].ID)

	const members, each = 5, 40 // each sends its whole burst allowance at once
	type outcome struct {
		acked, refused map[string]bool
		closeCode      int
	}
	results := make([]outcome, members)
	conns := make([]*websocket.Conn, members)
	for m := range members {
		c, _ := servertest.Join(t, p.URL, w.JoinCode, fmt.Sprintf("成员%d", m), w.Groups[0].ID)
		ws := c.Dial(w.ID, "participant")
		conns[m] = ws.Conn
		results[m] = outcome{acked: map[string]bool{}, refused: map[string]bool{}}
	}
	var wg sync.WaitGroup
	for m, conn := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				var msg map[string]any
				conn.SetReadDeadline(time.Now().Add(15 * time.Second))
				if err := conn.ReadJSON(&msg); err != nil {
					if ce, ok := err.(*websocket.CloseError); ok {
						results[m].closeCode = ce.Code
					}
					return
				}
				id, _ := msg["id"].(string)
				switch msg["type"] {
				case "ack":
					results[m].acked[id] = true
				case "error":
					results[m].refused[id] = true
				}
			}
		}()
	}
	for m, conn := range conns {
		for i := range each {
			id := fmt.Sprintf("m%d-%d", m, i)
			conn.WriteJSON(map[string]any{"type": "op", "board": board, "id": id,
				"op": map[string]any{"kind": "note.add", "id": id, "lane": "setting", "text": id}})
		}
	}
	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server still running 10 s after SIGTERM")
	}
	took := time.Since(start)
	wg.Wait()
	// It no longer accepts connections.
	if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second); err == nil {
		c.Close()
		t.Fatal("still accepting connections after exit")
	}

	p2 := startServe(t, b.DSN, port)
	snap := login(t, p2.URL).Dial(w.ID, "trainer").Subscribe(board, -1)[0]
	notes := snap["state"].(map[string]any)["notes"].(map[string]any)
	acked, refused, stored := 0, 0, 0
	for m, r := range results {
		if r.closeCode != websocket.CloseGoingAway {
			t.Errorf("member %d: socket closed with %d, want 1001", m, r.closeCode)
		}
		for i := range each {
			id := fmt.Sprintf("m%d-%d", m, i)
			_, isStored := notes[id]
			switch {
			case r.acked[id] && !isStored:
				t.Errorf("%s acknowledged but not stored", id)
			case isStored && !r.acked[id]:
				t.Errorf("%s stored but never acknowledged (in flight at SIGTERM, answer lost)", id)
			}
			if r.acked[id] {
				acked++
			}
			if r.refused[id] {
				refused++
			}
			if isStored {
				stored++
			}
		}
	}
	if acked == 0 {
		t.Fatal("nothing was acknowledged; the test proves nothing")
	}
	t.Logf("SIGTERM with %d operations sent: %d acknowledged (all %d stored), %d refused, the rest never taken in; exit after %v",
		members*each, acked, stored, refused, took.Round(time.Millisecond))
}
