package main

import (
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"playbook/realtime/redistest"
	"playbook/server/servertest"
	"playbook/store/storetest"
)

// member is one participant's live connection in the multi-instance test:
// a writer sending notes on a schedule and a reader recording what arrives.
type member struct {
	name  string
	conn  *websocket.Conn
	board string

	mu      sync.Mutex
	seqs    []int64         // op events of the board, as received
	acked   map[string]bool // own operations acknowledged
	sent    map[string]bool
	outage  int // acknowledgements received while Redis was down
	pending map[string]bool
}

func (m *member) read(redisDown func() bool) {
	for {
		var msg struct {
			Type  string `json:"type"`
			Board string `json:"board"`
			ID    string `json:"id"`
			Seq   int64  `json:"seq"`
			Code  string `json:"code"`
		}
		if err := m.conn.ReadJSON(&msg); err != nil {
			return
		}
		m.mu.Lock()
		switch msg.Type {
		case "op":
			if msg.Board == m.board {
				m.seqs = append(m.seqs, msg.Seq)
			}
		case "ack":
			m.acked[msg.ID] = true
			delete(m.pending, msg.ID)
			if redisDown() {
				m.outage++
			}
		case "error":
			delete(m.pending, msg.ID) // refused or not stored: never counted as acknowledged
		}
		m.mu.Unlock()
	}
}

func (m *member) send(id string) error {
	m.mu.Lock()
	m.sent[id] = true
	m.pending[id] = true
	m.mu.Unlock()
	m.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return m.conn.WriteJSON(map[string]any{"type": "op", "board": m.board, "id": id,
		"op": map[string]any{"kind": "note.add", "id": id, "lane": "setting", "text": m.name + " " + id}})
}

// exactly reports whether the member received the operations 1..n in order,
// each once.
func (m *member) exactly(n int64) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if int64(len(m.seqs)) != n {
		return false
	}
	for i, s := range m.seqs {
		if s != int64(i+1) {
			return false
		}
	}
	return true
}

// Two `playbook serve` processes share one PostgreSQL and one Redis. Members
// of one group, connected to different instances, co-edit a board while
// Redis is stopped and started again. Each instance keeps acknowledging its
// own members' edits during the outage; within 5 s of Redis returning every
// member and a trainer console hold every acknowledged operation exactly
// once, in order, and a fresh subscriber on either instance sees them all.
func TestTwoInstancesOverRedisSurviveARedisRestart(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	if dsn == "" {
		t.Skip("PLAYBOOK_TEST_POSTGRES not set: several instances need PostgreSQL")
	}
	rs := redistest.Start(t)
	p1 := startServe(t, dsn, freePort(t), "--redis", rs.URL)
	tr := p1.setup() // before the second instance starts, which would print a new setup token
	p2 := startServe(t, dsn, freePort(t), "--redis", rs.URL)
	w := tr.CreateWorkshop(2)
	board := tr.Board(w.ID, "1.1", w.Groups[0].ID)

	var mu sync.Mutex
	down := false
	redisDown := func() bool { mu.Lock(); defer mu.Unlock(); return down }

	var members []*member
	for i, name := range []string{"王芳", "张伟", "李娜", "刘洋"} {
		base := []string{p1.URL, p2.URL}[i%2]
		c, _ := servertest.Join(t, base, w.JoinCode, name, w.Groups[0].ID)
		conn, _, err := c.DialRaw(w.ID, "participant", base)
		if err != nil {
			t.Fatalf("%s dial %s: %v", name, base, err)
		}
		t.Cleanup(func() { conn.Close() })
		m := &member{name: name, conn: conn, board: board, acked: map[string]bool{}, sent: map[string]bool{}, pending: map[string]bool{}}
		if err := conn.WriteJSON(map[string]any{"type": "subscribe", "board": board}); err != nil {
			t.Fatal(err)
		}
		go m.read(redisDown)
		members = append(members, m)
	}
	// A trainer console on the second instance follows the board.
	trainerConn, _, err := login(t, p2.URL).DialRaw(w.ID, "trainer", p2.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { trainerConn.Close() })
	console := &member{name: "console", conn: trainerConn, board: board, acked: map[string]bool{}, sent: map[string]bool{}, pending: map[string]bool{}}
	trainerConn.WriteJSON(map[string]any{"type": "subscribe", "board": board})
	go console.read(redisDown)
	time.Sleep(300 * time.Millisecond) // subscriptions settle

	// Every member writes a note every 80 ms until stop.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for k, m := range members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				case <-time.After(80 * time.Millisecond):
				}
				if err := m.send(fmt.Sprintf("m%d-%d", k, i)); err != nil {
					t.Errorf("%s: send: %v", m.name, err)
					return
				}
			}
		}()
	}
	time.Sleep(time.Second)
	mu.Lock()
	down = true
	mu.Unlock()
	rs.Stop()
	time.Sleep(1500 * time.Millisecond)
	rs.Restart()
	back := time.Now()
	mu.Lock()
	down = false
	mu.Unlock()
	time.Sleep(time.Second)
	close(stop)
	wg.Wait()

	// Every operation sent gets its answer.
	deadline := time.Now().Add(5 * time.Second)
	for _, m := range members {
		for {
			m.mu.Lock()
			n := len(m.pending)
			m.mu.Unlock()
			if n == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d operations never answered", m.name, n)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	acked := map[string]bool{}
	for _, m := range members {
		m.mu.Lock()
		for id := range m.acked {
			acked[id] = true
		}
		if m.outage == 0 {
			t.Errorf("%s: no edit acknowledged while Redis was down; the instance must keep serving", m.name)
		}
		m.mu.Unlock()
	}
	n := int64(len(acked))
	everyone := append([]*member{console}, members...)
	for _, m := range everyone {
		for !m.exactly(n) {
			if time.Since(back) > 5*time.Second {
				m.mu.Lock()
				t.Fatalf("%s: not converged 5 s after Redis returned: %d operations received (want 1..%d exactly once): %v",
					m.name, len(m.seqs), n, m.seqs)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	t.Logf("%d operations acknowledged (%d during the outage); every client converged %v after Redis returned",
		n, members[0].outage+members[1].outage+members[2].outage+members[3].outage, time.Since(back).Round(time.Millisecond))

	// Each instance serves a snapshot holding every acknowledged note.
	for _, base := range []string{p1.URL, p2.URL} {
		ws := login(t, base).Dial(w.ID, "trainer")
		snap := ws.Subscribe(board, -1)[0]
		notes := snap["state"].(map[string]any)["notes"].(map[string]any)
		if int64(snap["seq"].(float64)) != n || int64(len(notes)) != n {
			t.Fatalf("%s: snapshot at seq %v with %d notes, want %d", base, snap["seq"], len(notes), n)
		}
		for id := range acked {
			if _, ok := notes[id]; !ok {
				t.Fatalf("%s: acknowledged note %s missing", base, id)
			}
		}
	}
}

// With --redis, serve refuses SQLite: several instances need one shared
// PostgreSQL database.
func TestServeRefusesRedisWithSQLite(t *testing.T) {
	out, err := exec.Command(binary, "serve", "--db", t.TempDir()+"/x.db", "--redis", "redis://127.0.0.1:1/0", "--addr", "127.0.0.1:0").CombinedOutput()
	if err == nil {
		t.Fatal("serve started with --redis on SQLite")
	}
	if lines := strings.Split(strings.TrimSpace(string(out)), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "PostgreSQL") {
		t.Fatalf("want a one-line reason naming PostgreSQL, got %q", out)
	}
}
