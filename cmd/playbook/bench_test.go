package main

import (
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"playbook/store/storetest"
)

// BenchmarkStartup measures quality figure S9: from starting `playbook serve`
// on an empty database (schema migrations included) to /readyz answering 200.
//
//	go test ./cmd/playbook -run '^$' -bench Startup -benchtime 10x
func BenchmarkStartup(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			var worst time.Duration
			var total time.Duration
			for range b.N {
				b.StopTimer()
				db := filepath.Join(b.TempDir(), "empty.db")
				if name == "postgres" {
					if db = storetest.PostgresDSN(b); db == "" {
						b.Skip("PLAYBOOK_TEST_POSTGRES not set")
					}
				}
				port := freePortB(b)
				url := fmt.Sprintf("http://127.0.0.1:%d/readyz", port)
				cmd := exec.Command(binary, "serve", "--db", db, "--addr", fmt.Sprintf("127.0.0.1:%d", port), "--log", "json")
				b.StartTimer()
				start := time.Now()
				if err := cmd.Start(); err != nil {
					b.Fatal(err)
				}
				for {
					resp, err := http.Get(url)
					if err == nil {
						resp.Body.Close()
						if resp.StatusCode == 200 {
							break
						}
					}
					if time.Since(start) > 20*time.Second {
						cmd.Process.Kill()
						b.Fatal("not ready within 20 s")
					}
					time.Sleep(2 * time.Millisecond)
				}
				took := time.Since(start)
				b.StopTimer()
				total += took
				worst = max(worst, took)
				cmd.Process.Kill()
				cmd.Wait()
			}
			b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-ready")
			b.ReportMetric(float64(worst.Milliseconds()), "worst-ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}

func freePortB(b *testing.B) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
