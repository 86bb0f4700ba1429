package server

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"playbook/exercises"
	"playbook/realtime"
	"playbook/store"
)

type addGroupRequest struct {
	Name string `json:"name"`
}

// addGroup adds a breakout group with its boards.
func (s *Server) addGroup(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	var req addGroupRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	groups, err := s.store.Groups(c.UserContext(), w.ID)
	if err != nil {
		return fromStore(err, "groups")
	}
	if len(groups) >= maxGroups {
		return errConflict("a workshop has at most 20 groups")
	}
	name := req.Name
	if name == "" {
		name = defaultGroupName(len(groups)+1, w.Language)
	}
	if name, err = text("name", name, exercises.MaxShortText, true); err != nil {
		return err
	}
	cur, err := curriculumOf(w)
	if err != nil {
		return err
	}
	g := &store.Group{ID: store.NewID(), WorkshopID: w.ID, Name: name}
	boards, err := groupBoards(w.ID, cur, []*store.Group{g})
	if err != nil {
		return err
	}
	if err := s.store.AddGroup(c.UserContext(), g, boards); err != nil {
		return fromStore(err, "group")
	}
	return c.Status(fiber.StatusCreated).JSON(groupJSON{ID: g.ID, Name: g.Name, Position: g.Position})
}

type renameGroupRequest struct {
	Name string `json:"name"`
}

func (s *Server) renameGroup(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	var req renameGroupRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	name, err := text("name", req.Name, exercises.MaxShortText, true)
	if err != nil {
		return err
	}
	if err := s.store.RenameGroup(c.UserContext(), w.ID, c.Params("gid"), name); err != nil {
		return fromStore(err, "group")
	}
	return c.JSON(groupJSON{ID: c.Params("gid"), Name: name})
}

type participantJSON struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	GroupID    string    `json:"group_id"`
	JoinedAt   time.Time `json:"joined_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
}

func participantOut(p *store.Participant) participantJSON {
	return participantJSON{ID: p.ID, Name: p.Name, GroupID: p.Group(), JoinedAt: p.CreatedAt, LastSeenAt: p.LastSeenAt}
}

func (s *Server) listParticipants(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	ps, err := s.store.Participants(c.UserContext(), w.ID)
	if err != nil {
		return fromStore(err, "participants")
	}
	out := make([]participantJSON, len(ps))
	for i, p := range ps {
		out[i] = participantOut(p)
	}
	return c.JSON(fiber.Map{"participants": out})
}

type moveParticipantRequest struct {
	GroupID string `json:"group_id"`
}

// moveParticipant puts a participant in another group. Their open
// connections are closed with 4004 so their devices reload into the new group.
func (s *Server) moveParticipant(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	var req moveParticipantRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.GroupID == "" {
		return errBadRequest("group_id", "group_id is required")
	}
	pid := c.Params("pid")
	if err := s.store.MoveParticipant(c.UserContext(), w.ID, pid, req.GroupID); err != nil {
		return fromStore(err, "participant or group")
	}
	s.hub.Disconnect(func(cl *realtime.Client) bool {
		return cl.Workshop == w.ID && cl.Actor.Kind == exercises.RoleParticipant && cl.Actor.ID == pid
	}, realtime.CloseMoved, "moved to another group")
	p, err := s.store.ParticipantByID(c.UserContext(), w.ID, pid)
	if err != nil {
		return fromStore(err, "participant")
	}
	return c.JSON(participantOut(p))
}

type boardJSON struct {
	ID            string `json:"id"`
	Activity      string `json:"activity"`
	Kind          string `json:"kind"`
	GroupID       string `json:"group_id,omitempty"`
	ParticipantID string `json:"participant_id,omitempty"`
	TrainerID     string `json:"trainer_id,omitempty"`
	Seq           int64  `json:"seq"`
}

// listBoards lists the workshop's boards (without their state; the state
// comes through the websocket).
func (s *Server) listBoards(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	refs, err := s.store.BoardRefs(c.UserContext(), w.ID)
	if err != nil {
		return fromStore(err, "boards")
	}
	out := make([]boardJSON, 0, len(refs))
	for _, r := range refs {
		b := boardJSON{ID: r.ID, Activity: r.ActivityID, Kind: r.Kind, Seq: r.Seq}
		if r.GroupID != nil {
			b.GroupID = *r.GroupID
		}
		if r.ParticipantID != nil {
			b.ParticipantID = *r.ParticipantID
		}
		if strings.HasPrefix(r.Scope, "t:") {
			b.TrainerID = r.Scope[2:]
		}
		out = append(out, b)
	}
	return c.JSON(fiber.Map{"boards": out})
}

// disconnectWorkshop closes every connection of a deleted workshop.
func (s *Server) disconnectWorkshop(id string) {
	s.hub.Disconnect(func(cl *realtime.Client) bool { return cl.Workshop == id }, realtime.CloseUnauthorized, "workshop deleted")
}
