// Package server is the HTTP side of Playbook: the Fiber app with the REST API
// under /api, the websocket upgrade at /ws, health and metrics endpoints, and
// the embedded frontend. Handlers are thin: who is asking → decode → validate
// → store or hub → one response.
package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/prometheus/client_golang/prometheus"

	"playbook/realtime"
	"playbook/store"
)

// Config is what the server needs beyond its dependencies.
type Config struct {
	// BaseURL is the address participants use (join links, QR codes), for
	// example http://192.168.1.20:8080.
	BaseURL string
	// Origins lists extra origins allowed to open websockets and send
	// state-changing requests (the site's own origin is always allowed).
	Origins []string
	// Frontend holds the built frontend (index.html and assets); nil or empty
	// serves a page saying how to build it.
	Frontend fs.FS
	// JoinRate and JoinBurst limit join attempts per client IP.
	JoinRate  float64 // per second
	JoinBurst int
	// HandshakeTimeout bounds the websocket upgrade's answer, and
	// ReadTimeout the reading of one request, headers and body (default
	// 30 s): a client that stalls mid-request or mid-handshake is dropped.
	HandshakeTimeout time.Duration
	ReadTimeout      time.Duration
	// FunnelMaxUpload bounds one uploaded opportunity or history file, and
	// FunnelMaxStored the uploads a trainer keeps (defaults 50 MB and 1 GB).
	FunnelMaxUpload int64
	FunnelMaxStored int64
}

// The join and sign-in limit per client IP: one attempt every 3 s sustained,
// after a burst of 20 (a table of phones behind one NAT).
const (
	DefaultJoinRate  = 1.0 / 3
	DefaultJoinBurst = 20
)

// Server is the HTTP server.
type Server struct {
	cfg            Config
	store          *store.Store
	hub            *realtime.Hub
	metrics        *realtime.Metrics
	registry       *prometheus.Registry
	log            *slog.Logger
	app            *fiber.App
	allowedOrigins []string
	joinLimiter    RateLimiter
	funnelSlots    chan struct{} // analyses running at once
}

// New builds the server. metrics must be the hub's, registered in registry.
func New(cfg Config, st *store.Store, hub *realtime.Hub, metrics *realtime.Metrics, registry *prometheus.Registry, log *slog.Logger) *Server {
	if cfg.JoinRate <= 0 {
		cfg.JoinRate = DefaultJoinRate
	}
	if cfg.JoinBurst <= 0 {
		cfg.JoinBurst = DefaultJoinBurst
	}
	if cfg.HandshakeTimeout <= 0 {
		cfg.HandshakeTimeout = 10 * time.Second
	}
	if cfg.ReadTimeout <= 0 {
		cfg.ReadTimeout = 30 * time.Second
	}
	if cfg.FunnelMaxUpload <= 0 {
		cfg.FunnelMaxUpload = DefaultFunnelMaxUpload
	}
	if cfg.FunnelMaxStored <= 0 {
		cfg.FunnelMaxStored = DefaultFunnelMaxStored
	}
	s := &Server{cfg: cfg, store: st, hub: hub, metrics: metrics, registry: registry, log: log, funnelSlots: make(chan struct{}, funnelAnalyses),
		joinLimiter: NewMemoryRateLimiter(cfg.JoinRate, cfg.JoinBurst)}
	s.allowedOrigins = append(s.allowedOrigins, cfg.Origins...)
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Host != "" {
		s.allowedOrigins = append(s.allowedOrigins, u.Scheme+"://"+u.Host)
	}
	s.app = fiber.New(fiber.Config{
		AppName:               "playbook",
		ErrorHandler:          s.handleError,
		BodyLimit:             16 << 20,
		ReadTimeout:           cfg.ReadTimeout,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           120 * time.Second,
		DisableStartupMessage: true,
		ReadBufferSize:        4096, // held by every websocket for its lifetime (quality S2)
	})
	s.app.Use(recover.New())
	s.app.Use(s.securityHeaders)
	s.app.Use(compress.New())
	s.routes()
	return s
}

// SetJoinLimiter replaces the per-IP join limiter (the Redis one shares state
// between instances).
func (s *Server) SetJoinLimiter(l RateLimiter) { s.joinLimiter = l }

// JoinLimits returns the join limit in force: attempts per second and burst.
func (s *Server) JoinLimits() (rate float64, burst int) { return s.cfg.JoinRate, s.cfg.JoinBurst }

// App exposes the Fiber app (for tests).
func (s *Server) App() *fiber.App { return s.app }

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error { return s.app.Listener(ln) }

// Shutdown stops accepting requests, closes websockets with 1001 so clients
// reconnect elsewhere, finishes in-flight commits, and returns within ctx.
func (s *Server) Shutdown(ctx context.Context) error {
	errCh := make(chan error, 1)
	go func() { errCh <- s.app.ShutdownWithContext(ctx) }()
	hubErr := s.hub.Shutdown(ctx)
	return errors.Join(hubErr, <-errCh)
}

// SetupToken makes sure a first-run token exists while no trainer account
// does: it returns a new token (whose hash replaces any earlier one) and true,
// or "" and false once setup is done.
func (s *Server) SetupToken(ctx context.Context) (string, bool, error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", false, err
	}
	token := randomToken(18)
	if err := s.store.SetSetupToken(ctx, hashToken(token)); err != nil {
		return "", false, err
	}
	return token, true, nil
}

func (s *Server) setupTokenValid(ctx context.Context, token string) bool {
	want, err := s.store.SetupTokenHash(ctx)
	if err != nil || token == "" {
		return false
	}
	got := sha256.Sum256([]byte(token))
	return subtle.ConstantTimeCompare([]byte(hex.EncodeToString(got[:])), []byte(want)) == 1
}

// securityHeaders sets the headers every response carries: a strict CSP with
// no inline scripts, no framing, no MIME sniffing, and HSTS behind TLS.
func (s *Server) securityHeaders(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "+
		"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; "+
		"frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "same-origin")
	if secure(c) {
		c.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	return c.Next()
}

// joinURL is the address a participant opens to join a workshop.
func (s *Server) joinURL(code string) string {
	return strings.TrimRight(s.cfg.BaseURL, "/") + "/j/" + code
}
