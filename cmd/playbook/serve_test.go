package main

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"playbook/server/servertest"
	"playbook/store/storetest"
)

// binary is the playbook command built once for the process tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "playbook-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "playbook")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build playbook: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// process is a `playbook serve` running in its own process.
type process struct {
	t      *testing.T
	cmd    *exec.Cmd
	URL    string
	token  string // the first-run setup token, when printed
	exited chan error
}

var setupLink = regexp.MustCompile(`/setup\?token=([A-Za-z0-9_-]+)`)

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startServe runs playbook serve on db at port (with extra flags) and waits
// until it answers.
func startServe(t *testing.T, db string, port int, extra ...string) *process {
	t.Helper()
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	args := append([]string{"serve", "--db", db, "--addr", fmt.Sprintf("127.0.0.1:%d", port), "--base-url", url, "--log", "json"}, extra...)
	cmd := exec.Command(binary, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if !testing.Verbose() {
		cmd.Stderr = nil
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{t: t, cmd: cmd, URL: url, exited: make(chan error, 1)}
	tokenCh := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sent := false
		for sc.Scan() {
			if m := setupLink.FindStringSubmatch(sc.Text()); m != nil && !sent {
				tokenCh <- m[1]
				sent = true
			}
		}
		if !sent {
			close(tokenCh)
		}
	}()
	go func() { p.exited <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	// Generous: CI machines are shared and a cold start under load can be slow.
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("playbook serve did not become ready: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	select {
	case p.token = <-tokenCh:
	case <-time.After(2 * time.Second):
	}
	return p
}

// setup creates the first trainer through the printed one-time link.
func (p *process) setup() *servertest.Client {
	p.t.Helper()
	if p.token == "" {
		p.t.Fatal("the server printed no setup link")
	}
	c := servertest.NewClient(p.t, p.URL)
	c.Must(http.StatusCreated, "POST", "/api/setup", map[string]string{
		"token": p.token, "name": "李老师", "email": "li@example.com", "password": servertest.Password}, nil)
	return c
}

func login(t *testing.T, base string) *servertest.Client {
	c := servertest.NewClient(t, base)
	c.Must(http.StatusOK, "POST", "/api/auth/login", map[string]string{"email": "li@example.com", "password": servertest.Password}, nil)
	return c
}

// Every acknowledged edit survives kill -9 of the server: acknowledgement
// comes only after commit.
func TestKilledServerKeepsEveryAcknowledgedEdit(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			port := freePort(t)
			p := startServe(t, b.DSN, port)
			tr := p.setup()
			w := tr.CreateWorkshop(2)
			board := tr.Board(w.ID, "1.1", w.Groups[0].ID)

			// Two members write as fast as they can until the kill.
			var mu sync.Mutex
			acked := map[string]bool{}
			var wg sync.WaitGroup
			stop := make(chan struct{})
			for m := range 2 {
				c, _ := servertest.Join(t, p.URL, w.JoinCode, fmt.Sprintf("成员%d", m), w.Groups[0].ID)
				conn, _, err := c.DialRaw(w.ID, "participant", p.URL)
				if err != nil {
					t.Fatal(err)
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; ; i++ {
						select {
						case <-stop:
							return
						default:
						}
						id := fmt.Sprintf("m%d-%d", m, i)
						if err := conn.WriteJSON(map[string]any{"type": "op", "board": board, "id": id,
							"op": map[string]any{"kind": "note.add", "id": id, "lane": "setting", "text": id}}); err != nil {
							return
						}
						for {
							var msg map[string]any
							if err := conn.ReadJSON(&msg); err != nil {
								return
							}
							if msg["type"] == "ack" && msg["id"] == id {
								mu.Lock()
								acked[id] = true
								mu.Unlock()
								break
							}
							if msg["type"] == "error" && msg["id"] == id {
								time.Sleep(60 * time.Millisecond) // rate-limited: slow down
								break
							}
						}
					}
				}()
			}
			time.Sleep(1500 * time.Millisecond)
			if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			<-p.exited
			close(stop)
			wg.Wait()
			mu.Lock()
			n := len(acked)
			mu.Unlock()
			if n < 20 {
				t.Fatalf("only %d edits acknowledged before the kill; the test needs more", n)
			}

			// Restart on the same database: every acknowledged note is there.
			p2 := startServe(t, b.DSN, port)
			tr2 := login(t, p2.URL)
			ws := tr2.Dial(w.ID, "trainer")
			snap := ws.Subscribe(board, -1)[0]
			notes := snap["state"].(map[string]any)["notes"].(map[string]any)
			for id := range acked {
				if _, ok := notes[id]; !ok {
					t.Errorf("acknowledged note %s lost after kill -9", id)
				}
			}
			t.Logf("%s: %d acknowledged edits before kill -9, all %d present after restart (board holds %d)",
				b.Name, n, n, len(notes))
		})
	}
}

// SIGTERM: the server tells clients to reconnect (1001) and exits within 10 s.
func TestGracefulShutdown(t *testing.T) {
	b := storetest.Backends(t)[0]
	p := startServe(t, b.DSN, freePort(t))
	tr := p.setup()
	w := tr.CreateWorkshop(1)
	ws := tr.Dial(w.ID, "trainer")
	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_, err := ws.TryNext(10 * time.Second)
	if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Fatalf("socket closed with %v, want 1001", err)
	}
	select {
	case err := <-p.exited:
		if err != nil {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server still running 10 s after SIGTERM")
	}
	t.Logf("stopped %v after SIGTERM", time.Since(start).Round(time.Millisecond))
	if !strings.HasPrefix(p.URL, "http://") {
		t.Fatal(p.URL)
	}
}
