package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"playbook/server/servertest"
)

func TestDemoRefusesImpossibleArguments(t *testing.T) {
	for _, args := range [][]string{
		{"--groups", "0"}, {"--groups", "21"}, {"--members", "0"}, {"--members", "99"},
		{"--bot-rate", "0"}, {"--bot-rate", "-2"}, {"--redis", "redis://127.0.0.1:6379/0"}, {"--lang", "fr"}, {"extra"},
	} {
		out, err := exec.Command(binary, append([]string{"demo"}, args...)...).CombinedOutput()
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if err == nil || len(lines) != 1 || !strings.HasPrefix(lines[0], "playbook demo: ") {
			t.Errorf("demo %v: err %v, output %q; want a one-line refusal", args, err, out)
		}
	}
}

// The demo serves a workshop whose notes boards are filled; the trainer can
// sign in with the printed credentials; with --bots the boards keep changing
// and no bot edit is refused.
func TestDemoServesAFilledWorkshopWithBots(t *testing.T) {
	port := freePort(t)
	cmd := exec.Command(binary, "demo", "--addr", fmt.Sprintf("127.0.0.1:%d", port), "--lang", "en", "--bots", "--bot-rate", "20", "--log", "json")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	var printed strings.Builder
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.After(60 * time.Second)
wait:
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("demo exited:\n%s", printed.String())
			}
			printed.WriteString(l + "\n")
			if strings.Contains(l, "simulated participants are editing") {
				break wait
			}
		case <-deadline:
			t.Fatalf("demo not ready:\n%s", printed.String())
		}
	}
	go io.Copy(io.Discard, stdout)
	out := printed.String()
	password := regexp.MustCompile(`password (\S+)`).FindStringSubmatch(out)
	join := regexp.MustCompile(`/j/([A-Z0-9]+)`).FindStringSubmatch(out)
	if password == nil || join == nil {
		t.Fatalf("no credentials or join link printed:\n%s", out)
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	tr := servertest.NewClient(t, base)
	tr.Must(http.StatusOK, "POST", "/api/auth/login", map[string]string{"email": "demo@playbook.local", "password": password[1]}, nil)
	var list struct {
		Workshops []struct {
			ID string `json:"id"`
		} `json:"workshops"`
	}
	tr.Must(http.StatusOK, "GET", "/api/workshops", nil, &list)
	if len(list.Workshops) != 1 {
		t.Fatalf("%d workshops, want the demo's one", len(list.Workshops))
	}
	seqs := func() map[string]int64 {
		var b struct {
			Boards []struct {
				ID       string `json:"id"`
				Activity string `json:"activity"`
				Kind     string `json:"kind"`
				Seq      int64  `json:"seq"`
			} `json:"boards"`
		}
		tr.Must(http.StatusOK, "GET", "/api/workshops/"+list.Workshops[0].ID+"/boards", nil, &b)
		out := map[string]int64{}
		for _, x := range b.Boards {
			if x.Kind == "notes" {
				out[x.Activity+"/"+x.ID] = x.Seq
			}
		}
		return out
	}
	before := seqs()
	filled := 0
	for _, s := range before {
		if s >= 10 {
			filled++
		}
	}
	if filled < 4*5 { // 4 groups × at least 5 notes activities
		t.Fatalf("only %d notes boards filled: %v", filled, before)
	}
	time.Sleep(3 * time.Second)
	after := seqs()
	moved := 0
	for k, s := range after {
		if s > before[k] {
			moved++
		}
	}
	if moved == 0 {
		t.Fatal("no board changed in 3 s with --bots")
	}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, l := range strings.Split(string(metrics), "\n") {
		if strings.HasPrefix(l, "playbook_errors_total{") {
			t.Errorf("the server refused something during the demo: %s", l)
		}
	}
}
