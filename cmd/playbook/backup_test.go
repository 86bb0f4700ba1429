package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"playbook/server/servertest"
	"playbook/store"
)

// R8: playbook backup copies a live SQLite database while a server writes
// to it: every copy opens, passes SQLite's integrity check, is consistent
// (each board's state holds exactly the notes of the operations stored up to
// its sequence) and holds every edit acknowledged before the copy began.
func TestBackupOfALiveDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "live.db")
	p := startServe(t, db, freePort(t))
	tr := p.setup()
	w := tr.CreateWorkshop(1)
	board := tr.Board(w.ID, "1.1", w.Groups[0].ID)
	c, _ := servertest.Join(t, p.URL, w.JoinCode, "王芳", w.Groups[0].ID)
	ws := c.Dial(w.ID, "participant")

	var mu sync.Mutex
	var acked []string
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			id := fmt.Sprintf("n%d", i)
			ws.Send(map[string]any{"type": "op", "board": board, "id": id,
				"op": map[string]any{"kind": "note.add", "id": id, "lane": "setting", "text": id}})
			for {
				m, err := ws.TryNext(10 * time.Second)
				if err != nil {
					return
				}
				if m["id"] == id && m["type"] == "ack" {
					mu.Lock()
					acked = append(acked, id)
					mu.Unlock()
					break
				}
				if m["id"] == id && m["type"] == "error" {
					time.Sleep(100 * time.Millisecond) // rate limit
					break
				}
			}
		}
	}()
	time.Sleep(500 * time.Millisecond)
	for k := range 3 {
		mu.Lock()
		before := append([]string(nil), acked...)
		mu.Unlock()
		out := filepath.Join(dir, fmt.Sprintf("copy-%d.db", k))
		if b, err := exec.Command(binary, "backup", "--db", db, "--out", out).CombinedOutput(); err != nil {
			t.Fatalf("backup %d: %v\n%s", k, err, b)
		}
		st, err := store.Open(context.Background(), out)
		if err != nil {
			t.Fatal(err)
		}
		b, err := st.BoardByID(context.Background(), board)
		if err != nil {
			t.Fatal(err)
		}
		var state struct{ Notes map[string]any }
		json.Unmarshal(b.State, &state)
		n, err := st.CountOps(context.Background(), board)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(state.Notes)) != b.Seq || int64(n) != b.Seq {
			t.Fatalf("copy %d inconsistent: %d notes, %d operations, board at seq %d", k, len(state.Notes), n, b.Seq)
		}
		for _, id := range before {
			if state.Notes[id] == nil {
				t.Fatalf("copy %d lacks %s, acknowledged before the backup began", k, id)
			}
		}
		st.Close()
		t.Logf("copy %d: %d notes at seq %d, the %d acknowledged before it all present", k, len(state.Notes), b.Seq, len(before))
		time.Sleep(300 * time.Millisecond)
	}
	close(stop)
	<-done

	// Refusals: a PostgreSQL URL (pointing to pg_dump), an existing copy.
	out, err := exec.Command(binary, "backup", "--db", "postgres://u@h/db", "--out", filepath.Join(dir, "x")).CombinedOutput()
	if code := exitCode(err); code != 2 || !strings.Contains(string(out), "pg_dump") {
		t.Errorf("PostgreSQL URL: exit %d, %s", code, out)
	}
	out, err = exec.Command(binary, "backup", "--db", db, "--out", filepath.Join(dir, "copy-0.db")).CombinedOutput()
	if code := exitCode(err); code != 2 || !strings.Contains(string(out), "exists") {
		t.Errorf("existing copy: exit %d, %s", code, out)
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}
