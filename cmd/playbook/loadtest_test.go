package main

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// Impossible arguments are refused with one line and a non-zero exit, before
// anything starts.
func TestLoadtestRefusesImpossibleArguments(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--participants", "0"}, "--participants"},
		{[]string{"--participants", "-5"}, "--participants"},
		{[]string{"--group-size", "0"}, "--group-size"},
		{[]string{"--participants", "4", "--group-size", "10"}, "larger than --participants"},
		{[]string{"--rate", "-1"}, "--rate"},
		{[]string{"--participants", "10", "--group-size", "5", "--rate", "500"}, "per connection"},
		{[]string{"--duration", "0s"}, "--duration"},
		{[]string{"--instances", "2"}, "PostgreSQL"},
		{[]string{"--target", "http://127.0.0.1:1"}, "--email and --password"},
		{[]string{"--target", "ftp://x", "--email", "a@b.c", "--password", "p"}, "http://"},
		{[]string{"--target", "http://127.0.0.1:1", "--email", "a@b.c", "--password", "p"}, "not reachable"},
		{[]string{"--bogus"}, "bogus"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			cmd := exec.Command(binary, append([]string{"loadtest", "--quiet"}, tt.args...)...)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("exit 0; want a refusal")
			}
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			if len(lines) != 1 || !strings.Contains(lines[0], tt.want) {
				t.Fatalf("want one line naming %q, got %q", tt.want, out)
			}
		})
	}
}

// A small run against a server the tool starts itself: every offered edit is
// acknowledged and reaches every other member and the trainer console, and
// the last line is the JSON summary.
func TestLoadtestSmallRun(t *testing.T) {
	out, err := exec.Command(binary, "loadtest", "--participants", "12", "--group-size", "4", "--rate", "30",
		"--duration", "2s", "--json", "--quiet").Output()
	if err != nil {
		t.Fatalf("loadtest: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var r map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &r); err != nil {
		t.Fatalf("last line is not JSON: %q", lines[len(lines)-1])
	}
	for _, k := range []string{"connections", "edits_offered", "edits_acked", "edits_per_sec", "p50_ms", "p90_ms", "p99_ms",
		"p999_ms", "max_ms", "errors", "gaps", "duplicates", "server_rss_bytes"} {
		if _, ok := r[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if r["connections"].(float64) != 13 { // 12 participants and one trainer console
		t.Errorf("connections %v, want 13", r["connections"])
	}
	offered, acked := r["edits_offered"].(float64), r["edits_acked"].(float64)
	if offered < 50 || acked != offered || r["fanout_samples"].(float64) != acked {
		t.Errorf("offered %v, acknowledged %v, delivered everywhere %v", offered, acked, r["fanout_samples"])
	}
	for _, k := range []string{"errors", "gaps", "duplicates", "missing"} {
		if r[k].(float64) != 0 {
			t.Errorf("%s = %v", k, r[k])
		}
	}
	if r["p50_ms"].(float64) <= 0 || r["p99_ms"].(float64) < r["p50_ms"].(float64) || r["server_rss_bytes"].(float64) <= 0 {
		t.Errorf("implausible figures: %v", lines[len(lines)-1])
	}
	if !strings.Contains(string(out), "fan-out latency") {
		t.Errorf("no table before the JSON line:\n%s", out)
	}
}
