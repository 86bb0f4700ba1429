package server

import (
	"sync"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"

	"playbook/exercises"
	"playbook/realtime"
)

const localIdentity = "ws-identity"

// websocketUpgrade authenticates a websocket request and hands the connection
// to the hub. The query names the workshop and, when a browser holds both a
// trainer session and a participant cookie, the role: /ws?workshop=ID&as=trainer.
func (s *Server) websocketUpgrade(c *fiber.Ctx) error {
	if !websocket.IsWebSocketUpgrade(c) {
		return &apiError{Status: fiber.StatusUpgradeRequired, Code: "upgrade_required", Message: "this endpoint speaks websocket only"}
	}
	if origin := c.Get(fiber.HeaderOrigin); origin == "" || !s.originAllowed(origin, c.Hostname()) {
		return errForbidden("websocket connections from this origin are refused")
	}
	id, err := s.wsIdentity(c)
	if err != nil {
		return err
	}
	c.Locals(localIdentity, id)
	return s.wsHandler(c)
}

// wsIdentity works out who is connecting to which workshop.
func (s *Server) wsIdentity(c *fiber.Ctx) (realtime.Identity, error) {
	workshopID := c.Query("workshop")
	if workshopID == "" {
		return realtime.Identity{}, errBadRequest("workshop", "name the workshop: /ws?workshop=ID")
	}
	as := c.Query("as")
	if as == "" {
		as = "participant"
		if participantToken(c, workshopID) == "" {
			as = "trainer"
		}
	}
	switch as {
	case "participant":
		p := s.currentParticipant(c, workshopID)
		if p == nil {
			return realtime.Identity{}, errUnauthorized("join the workshop first")
		}
		return realtime.Identity{Workshop: workshopID, Session: p.ID, Actor: exercises.Actor{
			Kind: exercises.RoleParticipant, ID: p.ID, Name: p.Name, Group: p.Group()}}, nil
	case "trainer":
		t, err := s.currentTrainer(c)
		if err != nil {
			return realtime.Identity{}, err
		}
		if t == nil {
			return realtime.Identity{}, errUnauthorized("sign in first")
		}
		w, err := s.store.WorkshopByID(c.UserContext(), workshopID)
		if err != nil {
			return realtime.Identity{}, fromStore(err, "workshop")
		}
		if w.OwnerID != t.User.ID {
			return realtime.Identity{}, errNotFound("workshop")
		}
		return realtime.Identity{Workshop: workshopID, Session: t.Session, Actor: exercises.Actor{
			Kind: exercises.RoleTrainer, ID: t.User.ID, Name: t.User.Name}}, nil
	}
	return realtime.Identity{}, errBadRequest("as", "as must be participant or trainer")
}

// wsHandler upgrades; the hub owns the connection until it ends.
func (s *Server) wsHandler(c *fiber.Ctx) error {
	return websocket.New(func(conn *websocket.Conn) {
		id := conn.Locals(localIdentity).(realtime.Identity)
		s.hub.Serve(conn, id)
	}, websocket.Config{
		HandshakeTimeout: s.cfg.HandshakeTimeout,
		// Memory per idle connection (quality S2): the connection already
		// reads through fasthttp's buffer, so the websocket's own read buffer
		// only needs to hold a frame header; write buffers are borrowed from
		// a pool while a frame is written, so idle connections hold none.
		ReadBufferSize:    512,
		WriteBufferSize:   4096,
		WriteBufferPool:   wsWriteBuffers,
		EnableCompression: false,
	})(c)
}

// wsWriteBuffers lends write buffers to websocket connections while they write.
var wsWriteBuffers = &sync.Pool{}
