package server

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"playbook/store"
)

// audited records a trainer's HTTP action in the audit log once its handler
// succeeded (status below 400): action names it ("workshop.delete"), the
// route's parameters say what it touched. Facilitation on the websocket is
// recorded by the hub, in the operation's own transaction.
func (s *Server) audited(action string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := c.Next(); err != nil || c.Response().StatusCode() >= 400 {
			return err
		}
		t := trainerOf(c)
		if t == nil {
			return nil
		}
		e := &store.AuditEntry{OwnerID: t.User.ID, ActorKind: "trainer", ActorID: t.User.ID, ActorName: t.User.Name, Action: action}
		var target []string
		for _, name := range c.Route().Params {
			if name == "id" && strings.HasPrefix(c.Route().Path, "/api/workshops/") {
				id := c.Params("id")
				e.WorkshopID = &id
				continue
			}
			target = append(target, name+"="+c.Params(name))
		}
		e.Target = strings.Join(target, " ")
		if err := s.store.AddAudit(c.UserContext(), e); err != nil {
			s.log.Error("audit log: action not recorded", "action", action, "err", err)
		}
		return nil
	}
}

// workshopAudit lists a workshop's audit log, newest first: the trainer's
// facilitation (open, close, lock, gallery, reveal…) and HTTP actions
// (exports, publishes, moves).
func (s *Server) workshopAudit(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	entries, err := s.store.AuditOfWorkshop(c.UserContext(), w.ID, c.QueryInt("limit", 200))
	if err != nil {
		return fromStore(err, "audit log")
	}
	return c.JSON(fiber.Map{"entries": nonNil(entries)})
}

// myAudit lists the signed-in trainer's whole audit log (deleted workshops,
// the case and rubric libraries, funnel reviews included).
func (s *Server) myAudit(c *fiber.Ctx) error {
	entries, err := s.store.AuditOfOwner(c.UserContext(), trainerOf(c).User.ID, c.QueryInt("limit", 200))
	if err != nil {
		return fromStore(err, "audit log")
	}
	return c.JSON(fiber.Map{"entries": nonNil(entries)})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
