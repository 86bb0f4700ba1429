package server

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/argon2"

	"playbook/store"
)

// Cookies.
const (
	sessionCookie     = "pb_session"
	csrfCookie        = "pb_csrf"
	csrfHeader        = "X-CSRF-Token"
	participantPrefix = "pb_p_" // + workshop id
)

// Session lifetimes: a trainer stays signed in through a two-day workshop, but
// an idle session ends, and every session ends after two weeks.
const (
	sessionIdle     = 24 * time.Hour
	sessionAbsolute = 14 * 24 * time.Hour
	participantLife = 30 * 24 * time.Hour
)

// Password rules.
const (
	minPasswordLength = 10
	maxPasswordLength = 128
)

// randomToken returns n random bytes, base64url-encoded (n ≥ 16 gives ≥ 128 bits).
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("server: no randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is how tokens are stored: their SHA-256, hex.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// argon2id parameters (OWASP's minimum: 19 MiB, 2 passes, 1 lane).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// hashPassword returns an argon2id hash in the PHC string format.
func hashPassword(password string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// checkPassword compares password with a hash made by hashPassword, in
// constant time.
func checkPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// validPassword enforces the password rules.
func validPassword(pw string) error {
	n := len([]rune(pw))
	if n < minPasswordLength {
		return errBadRequest("password", "the password needs at least %d characters", minPasswordLength)
	}
	if n > maxPasswordLength {
		return errBadRequest("password", "the password may have at most %d characters", maxPasswordLength)
	}
	if strings.TrimSpace(pw) == "" {
		return errBadRequest("password", "the password cannot be only spaces")
	}
	return nil
}

// secure reports whether the request arrived over TLS (directly or through a
// proxy that says so), in which case cookies are marked Secure.
func secure(c *fiber.Ctx) bool { return c.Protocol() == "https" }

func (s *Server) setCookie(c *fiber.Ctx, name, value string, maxAge time.Duration, httpOnly bool) {
	c.Cookie(&fiber.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HTTPOnly: httpOnly, SameSite: fiber.CookieSameSiteLaxMode, Secure: secure(c),
	})
}

func (s *Server) clearCookie(c *fiber.Ctx, name string) {
	c.Cookie(&fiber.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(1, 0),
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, Secure: secure(c)})
}

// startSession signs user in: a fresh session id (never one the browser
// already had), stored hashed, in an HttpOnly cookie.
func (s *Server) startSession(c *fiber.Ctx, u *store.User) error {
	if old := c.Cookies(sessionCookie); old != "" {
		s.store.DeleteSession(c.UserContext(), hashToken(old))
	}
	token := randomToken(32)
	at := time.Now().UTC()
	sess := &store.Session{ID: hashToken(token), UserID: u.ID, CreatedAt: at, LastSeenAt: at, ExpiresAt: at.Add(sessionAbsolute)}
	if err := s.store.CreateSession(c.UserContext(), sess); err != nil {
		return fromStore(err, "session")
	}
	s.setCookie(c, sessionCookie, token, sessionAbsolute, true)
	return nil
}

// trainer is the signed-in trainer of a request, set by requireTrainer.
type trainer struct {
	User    *store.User
	Session string // session id (hash)
}

const localTrainer = "trainer"

// currentTrainer reads and checks the session cookie. It returns nil (and no
// error) when there is no valid session.
func (s *Server) currentTrainer(c *fiber.Ctx) (*trainer, error) {
	token := c.Cookies(sessionCookie)
	if token == "" {
		return nil, nil
	}
	ctx := c.UserContext()
	sess, err := s.store.SessionByID(ctx, hashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fromStore(err, "session")
	}
	now := time.Now().UTC()
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > sessionIdle {
		s.store.DeleteSession(ctx, sess.ID)
		return nil, nil
	}
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.store.TouchSession(ctx, sess.ID, now); err != nil {
			s.log.Warn("touch session", "err", err)
		}
	}
	u, err := s.store.UserByID(ctx, sess.UserID)
	if err != nil {
		return nil, fromStore(err, "user")
	}
	return &trainer{User: u, Session: sess.ID}, nil
}

// requireTrainer lets only signed-in trainers through.
func (s *Server) requireTrainer(c *fiber.Ctx) error {
	t, err := s.currentTrainer(c)
	if err != nil {
		return err
	}
	if t == nil {
		return errUnauthorized("sign in first")
	}
	c.Locals(localTrainer, t)
	return c.Next()
}

func trainerOf(c *fiber.Ctx) *trainer {
	t, _ := c.Locals(localTrainer).(*trainer)
	return t
}

// ensureCSRFCookie gives every browser a random CSRF token in a cookie its
// own pages can read (double-submit): state-changing requests must echo it in
// the X-CSRF-Token header, which another site cannot do.
func (s *Server) ensureCSRFCookie(c *fiber.Ctx) error {
	if c.Cookies(csrfCookie) == "" {
		token := randomToken(32)
		s.setCookie(c, csrfCookie, token, sessionAbsolute, false)
		c.Request().Header.SetCookie(csrfCookie, token)
	}
	return c.Next()
}

// checkCSRF guards every state-changing API request: the Origin (when the
// browser sends one) must be this site or an allowed origin, and the
// X-CSRF-Token header must equal the CSRF cookie.
func (s *Server) checkCSRF(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	if origin := c.Get(fiber.HeaderOrigin); origin != "" && !s.originAllowed(origin, c.Hostname()) {
		return errForbidden("requests from another site are refused")
	}
	cookie, header := c.Cookies(csrfCookie), c.Get(csrfHeader)
	if cookie == "" || header == "" || subtle.ConstantTimeCompare([]byte(cookie), []byte(header)) != 1 {
		return errForbidden("missing or wrong CSRF token: send the pb_csrf cookie's value in the X-CSRF-Token header")
	}
	return c.Next()
}

// originAllowed accepts the site's own origin (same host as the request), the
// base URL's origin, and the configured extra origins.
func (s *Server) originAllowed(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, host) {
		return true
	}
	for _, o := range s.allowedOrigins {
		if strings.EqualFold(strings.TrimRight(o, "/"), origin) {
			return true
		}
	}
	return false
}

// participantToken reads the participant cookie of a workshop.
func participantToken(c *fiber.Ctx, workshopID string) string {
	return c.Cookies(participantPrefix + workshopID)
}

// HashPassword hashes a trainer password the way accounts store it (for
// tools and tests that create accounts directly).
func HashPassword(password string) string { return hashPassword(password) }
