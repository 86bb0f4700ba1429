package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ltAPI is a small client of the REST API for the load tool and the demo: it
// carries a cookie header by hand (a CSRF token it chose itself, plus the
// session or participant cookie the server sets), so thousands of simulated
// people need no cookie jars, and it can send from a chosen local address.
type ltAPI struct {
	base    string
	client  *http.Client
	csrf    string
	cookies map[string]string
}

func newAPI(base string, local net.Addr) *ltAPI {
	d := &net.Dialer{Timeout: 10 * time.Second, LocalAddr: local}
	tr := &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 4, IdleConnTimeout: 5 * time.Second}
	if local != nil {
		tr.DisableKeepAlives = true
	}
	b := make([]byte, 16)
	rand.Read(b)
	return &ltAPI{base: strings.TrimRight(base, "/"), client: &http.Client{Transport: tr, Timeout: 30 * time.Second},
		csrf: hex.EncodeToString(b), cookies: map[string]string{}}
}

// apiStatusError is an answer other than the one expected.
type apiStatusError struct {
	status     int
	body       string
	retryAfter time.Duration
}

func (e *apiStatusError) Error() string {
	return fmt.Sprintf("HTTP %d: %s", e.status, strings.TrimSpace(e.body))
}

// cookieHeader is the Cookie header for requests and websocket dials.
func (a *ltAPI) cookieHeader() string {
	parts := []string{"pb_csrf=" + a.csrf}
	for k, v := range a.cookies {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, "; ")
}

// do sends a JSON request and decodes the answer into out unless the status
// differs from want.
func (a *ltAPI) do(ctx context.Context, method, path string, body any, want int, out any) error {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Origin", a.base)
	req.Header.Set("X-CSRF-Token", a.csrf)
	req.Header.Set("Cookie", a.cookieHeader())
	resp, err := a.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(a.cookies, c.Name)
		} else if c.Name != "pb_csrf" {
			a.cookies[c.Name] = c.Value
		}
	}
	if resp.StatusCode != want {
		e := &apiStatusError{status: resp.StatusCode, body: string(data)}
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil {
			e.retryAfter = time.Duration(s) * time.Second
		}
		return e
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// ready waits until the server answers /readyz.
func ready(ctx context.Context, base string) error {
	c := &http.Client{Timeout: 2 * time.Second}
	var last error
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", strings.TrimRight(base, "/")+"/readyz", nil)
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
			err = fmt.Errorf("/readyz answered %d", resp.StatusCode)
		}
		last = err
		select {
		case <-ctx.Done():
			return last
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// serverRSS reads process_resident_memory_bytes from a server's /metrics.
func serverRSS(base string) (int64, error) {
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(strings.TrimRight(base, "/") + "/metrics")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "process_resident_memory_bytes "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return int64(f), err
		}
	}
	return 0, fmt.Errorf("%s/metrics has no process_resident_memory_bytes", base)
}

// isLoopback reports whether a target URL points at this machine, where the
// load tool may send from many loopback addresses.
func isLoopback(base string) bool {
	u, err := url.Parse(base)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback() && ip.To4() != nil
}

// loopbackSource returns the i-th source address for simulated people on
// this machine: 127.10.x.y, a new address every perAddr people, so the
// per-address join limit applies to each small batch as it would to a table
// of phones behind one router.
func loopbackSource(i, perAddr int) net.Addr {
	n := i / perAddr
	return &net.TCPAddr{IP: net.IPv4(127, 10, byte(n/250), byte(n%250+1))}
}
