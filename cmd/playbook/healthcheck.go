package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"time"
)

// runHealthcheck asks a running server whether it is ready, for container
// health checks in images without curl: exit 0 when /readyz answers 200.
func runHealthcheck(args []string) int {
	fset := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	url := fset.String("url", "http://127.0.0.1:8080/readyz", "readiness URL to check")
	if err := fset.Parse(args); err != nil {
		return 2
	}
	client := http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get(*url)
	if err != nil {
		fmt.Fprintln(os.Stderr, "healthcheck:", err)
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, "healthcheck: status", resp.StatusCode)
		return 1
	}
	return 0
}
