package server

import (
	"errors"
	"net/mail"
	"strings"

	"github.com/gofiber/fiber/v2"

	"playbook/exercises"
	"playbook/realtime"
	"playbook/store"
)

type userJSON struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

func userOut(u *store.User) userJSON { return userJSON{ID: u.ID, Email: u.Email, Name: u.Name} }

// getSetup tells the frontend whether first-run setup is pending.
func (s *Server) getSetup(c *fiber.Ctx) error {
	n, err := s.store.CountUsers(c.UserContext())
	if err != nil {
		return fromStore(err, "users")
	}
	return c.JSON(fiber.Map{"needed": n == 0})
}

type setupRequest struct {
	Token    string `json:"token"`
	Name     string `json:"name"`
	Email    string `json:"email"`
	Password string `json:"password"`
}

// postSetup creates the first trainer account. It needs the one-time token
// the server printed on its console, so nobody else on the venue's network
// can claim the account.
func (s *Server) postSetup(c *fiber.Ctx) error {
	var req setupRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	u, err := s.newUser(req.Name, req.Email, req.Password)
	if err != nil {
		return err
	}
	if !s.setupTokenValid(c.UserContext(), req.Token) {
		return errForbidden("the setup token is missing or wrong: use the link printed on the server's console")
	}
	if err := s.store.CreateFirstUser(c.UserContext(), u); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return errConflict("setup is already done; sign in instead")
		}
		return fromStore(err, "user")
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	s.log.Info("first trainer account created", "user", u.ID)
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"user": userOut(u)})
}

// newUser validates and builds an account.
func (s *Server) newUser(name, email, password string) (*store.User, error) {
	name, err := text("name", name, exercises.MaxShortText, true)
	if err != nil {
		return nil, err
	}
	email, err = normalEmail(email)
	if err != nil {
		return nil, err
	}
	if err := validPassword(password); err != nil {
		return nil, err
	}
	return &store.User{ID: store.NewID(), Email: email, Name: name, PasswordHash: hashPassword(password)}, nil
}

func normalEmail(email string) (string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 {
		return "", errBadRequest("email", "enter an email address like name@example.com")
	}
	return email, nil
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// dummyHash is checked when the email is unknown, so a wrong email takes as
// long as a wrong password.
var dummyHash = hashPassword("not-a-real-password")

func (s *Server) login(c *fiber.Ctx) error {
	var req loginRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if ok, wait := s.joinLimiter.Allow(c.UserContext(), "login:"+c.IP()); !ok {
		c.Set(fiber.HeaderRetryAfter, retryAfter(wait))
		return errTooMany("too many sign-in attempts; wait a moment")
	}
	email := strings.ToLower(strings.TrimSpace(req.Email))
	u, err := s.store.UserByEmail(c.UserContext(), email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fromStore(err, "user")
	}
	if u == nil {
		checkPassword(dummyHash, req.Password)
		return errUnauthorized("wrong email or password")
	}
	if !checkPassword(u.PasswordHash, req.Password) {
		return errUnauthorized("wrong email or password")
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"user": userOut(u)})
}

// logout ends the session and closes the trainer's websockets that used it.
func (s *Server) logout(c *fiber.Ctx) error {
	if token := c.Cookies(sessionCookie); token != "" {
		id := hashToken(token)
		if err := s.store.DeleteSession(c.UserContext(), id); err != nil {
			return fromStore(err, "session")
		}
		s.hub.Disconnect(func(cl *realtime.Client) bool { return cl.Session == id }, realtime.CloseUnauthorized, "signed out")
	}
	s.clearCookie(c, sessionCookie)
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) me(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"user": userOut(trainerOf(c).User)})
}
