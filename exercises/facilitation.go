package exercises

import (
	"slices"
	"time"
)

// Facilitation on the control board: the trainer's live controls of the
// room. Every operation here is the trainer's (Apply refuses participants
// before it gets here) and is stored like any other, so a phone that
// reconnects sees the agenda, the timers, the locks, the broadcast, the
// spotlight and the gallery walk as they are.

// Timer is a countdown for an activity. While it runs, EndsAt is the deadline
// (UTC, RFC 3339 with milliseconds); clients show EndsAt − now, correcting
// their clock with the welcome frame's server_time. While paused, EndsAt is
// empty and RemainingMS holds what is left.
type Timer struct {
	Seconds     int    `json:"seconds"`
	EndsAt      string `json:"ends_at,omitempty"`
	RemainingMS int64  `json:"remaining_ms,omitempty"`
	Paused      bool   `json:"paused"`
	Seq         int64  `json:"seq"`
}

// Broadcast is a message from the trainer shown on every screen.
type Broadcast struct {
	Text string `json:"text"`
	At   string `json:"at"`
	Seq  int64  `json:"seq"`
}

// Spotlight puts one group's board of an activity on the projector.
type Spotlight struct {
	Activity string `json:"activity"`
	Group    string `json:"group"`
	Seq      int64  `json:"seq"`
}

// Gallery is a gallery walk: every group may read every group's board of the
// activity and vote on them (and only vote).
type Gallery struct {
	Activity  string `json:"activity"`
	StartedAt string `json:"started_at"`
	Seq       int64  `json:"seq"`
}

// Limits of facilitation.
const (
	MaxTimerSeconds   = 4 * 60 * 60
	MaxBroadcastText  = 280
	timeLayout        = "2006-01-02T15:04:05.000Z07:00"
	maxTimerAdjustSec = 60 * 60
)

// Locked reports whether the trainer has locked group's board of activity.
func (s *ControlState) Locked(activity, group string) bool { return s.Locks[activity].Has(group) }

// GalleryOn reports whether a gallery walk of activity is running.
func (s *ControlState) GalleryOn(activity string) bool {
	return s.Gallery != nil && s.Gallery.Activity == activity
}

type timerOp struct {
	Kind     string `json:"kind"`
	Activity string `json:"activity"`
	Seconds  int    `json:"seconds"`
}

type groupsOp struct {
	Kind     string   `json:"kind"`
	Activity string   `json:"activity"`
	Groups   []string `json:"groups"`
}

type agendaMoveOp struct {
	Kind  string `json:"kind"`
	Block string `json:"block"`
	Day   int    `json:"day"`
	Index int    `json:"index"`
}

type broadcastOp struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

type spotlightOp struct {
	Kind     string `json:"kind"`
	Activity string `json:"activity"`
	Group    string `json:"group"`
}

type bareOp struct {
	Kind string `json:"kind"`
}

// facilitate applies the facilitation operations; handled is false for an
// operation it does not know.
func (s *ControlState) facilitate(op Operation, ctx *Context) (changes []Change, handled bool, err error) {
	switch op.Kind {
	case "agenda.move":
		var o agendaMoveOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, true, err
		}
		changes, err = s.moveBlock(o, ctx)
	case "agenda.reset":
		if err := DecodeOp(op, &bareOp{}); err != nil {
			return nil, true, err
		}
		if s.Order == nil {
			return nil, true, Refuse(CodeConflict, "", "the agenda is already in its planned order")
		}
		s.Order = nil
		changes = []Change{Del("order")}
	case "timer.start", "timer.pause", "timer.resume", "timer.add", "timer.stop":
		var o timerOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, true, err
		}
		changes, err = s.timer(o, ctx)
	case "board.lock", "board.unlock":
		var o groupsOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, true, err
		}
		changes, err = s.lock(o, ctx)
	case "broadcast.send":
		var o broadcastOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, true, err
		}
		text, err := CleanText("text", o.Text, MaxBroadcastText, true)
		if err != nil {
			return nil, true, err
		}
		s.Broadcast = &Broadcast{Text: text, At: ctx.Now.UTC().Format(timeLayout), Seq: ctx.Seq}
		changes = []Change{Set(s.Broadcast, "broadcast")}
	case "broadcast.clear":
		if err := DecodeOp(op, &bareOp{}); err != nil {
			return nil, true, err
		}
		if s.Broadcast == nil {
			return nil, true, Refuse(CodeConflict, "", "there is no message to clear")
		}
		s.Broadcast = nil
		changes = []Change{Del("broadcast")}
	case "spotlight.set":
		var o spotlightOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, true, err
		}
		if err := ctx.checkActivity(o.Activity); err != nil {
			return nil, true, err
		}
		if err := ctx.checkGroup(o.Group); err != nil {
			return nil, true, err
		}
		s.Spotlight = &Spotlight{Activity: o.Activity, Group: o.Group, Seq: ctx.Seq}
		changes = []Change{Set(s.Spotlight, "spotlight")}
	case "spotlight.clear":
		if err := DecodeOp(op, &bareOp{}); err != nil {
			return nil, true, err
		}
		if s.Spotlight == nil {
			return nil, true, Refuse(CodeConflict, "", "nothing is in the spotlight")
		}
		s.Spotlight = nil
		changes = []Change{Del("spotlight")}
	case "gallery.start":
		var o activityOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, true, err
		}
		if err := ctx.checkActivity(o.Activity); err != nil {
			return nil, true, err
		}
		s.Gallery = &Gallery{Activity: o.Activity, StartedAt: ctx.Now.UTC().Format(timeLayout), Seq: ctx.Seq}
		changes = []Change{Set(s.Gallery, "gallery")}
	case "gallery.stop":
		if err := DecodeOp(op, &bareOp{}); err != nil {
			return nil, true, err
		}
		if s.Gallery == nil {
			return nil, true, Refuse(CodeConflict, "", "no gallery walk is running")
		}
		s.Gallery = nil
		changes = []Change{Del("gallery")}
	default:
		return nil, false, nil
	}
	return changes, true, err
}

// resolveNow checks a now.set operation and fills in the activity of a block
// or the block of an activity. It returns the block the marker goes to ("" when
// the activity is not on the agenda).
func (s *ControlState) resolveNow(o *nowOp, ctx *Context) (string, error) {
	switch {
	case o.Block != "" && o.Activity != "":
		return "", Refuse(CodeInvalidOp, "block", "give either an activity or a block, not both")
	case o.Block != "":
		if ctx.Room == nil {
			return "", Refuse(CodeNotFound, "block", "there is no agenda block %q in this workshop", o.Block)
		}
		activity, ok := ctx.Room.Blocks[o.Block]
		if !ok {
			return "", Refuse(CodeNotFound, "block", "there is no agenda block %q in this workshop", o.Block)
		}
		o.Activity = activity
		return o.Block, nil
	}
	if err := ctx.checkActivity(o.Activity); err != nil {
		return "", err
	}
	for block, activity := range ctx.Room.Blocks {
		if activity == o.Activity {
			return block, nil
		}
	}
	return "", nil
}

// order returns the agenda's live order: the stored one, or the planned one.
// Blocks the stored order lacks (it cannot, unless the curriculum changed)
// are appended to their planned day, and unknown ones dropped.
func (s *ControlState) order(room *Room) [][]string {
	if room == nil {
		return nil
	}
	if s.Order == nil {
		out := make([][]string, len(room.Agenda))
		for i, d := range room.Agenda {
			out[i] = slices.Clone(d)
		}
		return out
	}
	out := make([][]string, max(len(s.Order), len(room.Agenda)))
	seen := map[string]bool{}
	for i, d := range s.Order {
		for _, b := range d {
			if _, ok := room.Blocks[b]; ok && !seen[b] {
				out[i] = append(out[i], b)
				seen[b] = true
			}
		}
	}
	for i, d := range room.Agenda {
		for _, b := range d {
			if !seen[b] {
				out[i] = append(out[i], b)
			}
		}
	}
	for i := range out {
		if out[i] == nil {
			out[i] = []string{}
		}
	}
	return out
}

func (s *ControlState) moveBlock(o agendaMoveOp, ctx *Context) ([]Change, error) {
	if ctx.Room == nil {
		return nil, Refuse(CodeNotFound, "block", "there is no agenda block %q in this workshop", o.Block)
	}
	if _, ok := ctx.Room.Blocks[o.Block]; !ok {
		return nil, Refuse(CodeNotFound, "block", "there is no agenda block %q in this workshop", o.Block)
	}
	order := s.order(ctx.Room)
	if o.Day < 0 || o.Day >= len(order) {
		return nil, Refuse(CodeInvalidOp, "day", "day must be between 0 and %d", len(order)-1)
	}
	for d := range order {
		order[d] = slices.DeleteFunc(order[d], func(b string) bool { return b == o.Block })
	}
	if o.Index < 0 || o.Index > len(order[o.Day]) {
		return nil, Refuse(CodeInvalidOp, "index", "index must be between 0 and %d", len(order[o.Day]))
	}
	order[o.Day] = slices.Insert(order[o.Day], o.Index, o.Block)
	s.Order = order
	return []Change{Set(order, "order")}, nil
}

func (s *ControlState) timer(o timerOp, ctx *Context) ([]Change, error) {
	if err := ctx.checkActivity(o.Activity); err != nil {
		return nil, err
	}
	now := ctx.Now.UTC()
	t := s.Timers[o.Activity]
	if o.Kind != "timer.start" && o.Kind != "timer.add" && o.Seconds != 0 {
		return nil, Refuse(CodeInvalidOp, "seconds", "%s takes no seconds", o.Kind)
	}
	if o.Kind != "timer.start" && t == nil {
		return nil, Refuse(CodeConflict, "activity", "there is no timer for activity %q", o.Activity)
	}
	switch o.Kind {
	case "timer.start":
		if o.Seconds < 1 || o.Seconds > MaxTimerSeconds {
			return nil, Refuse(CodeInvalidOp, "seconds", "a timer runs 1 to %d seconds", MaxTimerSeconds)
		}
		t = &Timer{Seconds: o.Seconds, EndsAt: now.Add(time.Duration(o.Seconds) * time.Second).Format(timeLayout)}
	case "timer.pause":
		if t.Paused {
			return nil, Refuse(CodeConflict, "activity", "the timer is already paused")
		}
		end, _ := time.Parse(timeLayout, t.EndsAt)
		t = &Timer{Seconds: t.Seconds, Paused: true, RemainingMS: max(0, end.Sub(now).Milliseconds())}
	case "timer.resume":
		if !t.Paused {
			return nil, Refuse(CodeConflict, "activity", "the timer is not paused")
		}
		t = &Timer{Seconds: t.Seconds, EndsAt: now.Add(time.Duration(t.RemainingMS) * time.Millisecond).Format(timeLayout)}
	case "timer.add":
		if o.Seconds == 0 || o.Seconds < -maxTimerAdjustSec || o.Seconds > maxTimerAdjustSec {
			return nil, Refuse(CodeInvalidOp, "seconds", "add between −%d and %d seconds, not 0", maxTimerAdjustSec, maxTimerAdjustSec)
		}
		d := time.Duration(o.Seconds) * time.Second
		if t.Paused {
			t = &Timer{Seconds: t.Seconds, Paused: true, RemainingMS: max(0, t.RemainingMS+d.Milliseconds())}
		} else {
			end, _ := time.Parse(timeLayout, t.EndsAt)
			end = end.Add(d)
			if end.Before(now) {
				end = now
			}
			t = &Timer{Seconds: t.Seconds, EndsAt: end.Format(timeLayout)}
		}
	case "timer.stop":
		delete(s.Timers, o.Activity)
		if len(s.Timers) == 0 { // the key goes with the last timer, as encoding/json omits it
			return []Change{Del("timers")}, nil
		}
		return []Change{Del("timers", o.Activity)}, nil
	}
	t.Seq = ctx.Seq
	s.Timers[o.Activity] = t
	return []Change{Set(t, "timers", o.Activity)}, nil
}

func (s *ControlState) lock(o groupsOp, ctx *Context) ([]Change, error) {
	if err := ctx.checkActivity(o.Activity); err != nil {
		return nil, err
	}
	for _, g := range o.Groups {
		if err := ctx.checkGroup(g); err != nil {
			return nil, err
		}
	}
	cur := s.Locks[o.Activity]
	var next *Opening
	if o.Kind == "board.lock" {
		switch {
		case cur != nil && cur.All:
			return nil, Refuse(CodeConflict, "activity", "every group's board of %s is already locked", o.Activity)
		case len(o.Groups) == 0:
			next = &Opening{All: true}
		default:
			next = &Opening{}
			if cur != nil {
				next.Groups = slices.Clone(cur.Groups)
			}
			for _, g := range o.Groups {
				if !slices.Contains(next.Groups, g) {
					next.Groups = append(next.Groups, g)
				}
			}
			if cur != nil && len(next.Groups) == len(cur.Groups) {
				return nil, Refuse(CodeConflict, "groups", "those boards are already locked")
			}
		}
	} else {
		if cur == nil {
			return nil, Refuse(CodeConflict, "activity", "no board of %s is locked", o.Activity)
		}
		if len(o.Groups) > 0 {
			locked := cur.Groups
			if cur.All {
				locked = nil
				for g := range ctx.Room.Groups {
					locked = append(locked, g)
				}
			}
			remaining := slices.DeleteFunc(slices.Clone(locked), func(g string) bool { return slices.Contains(o.Groups, g) })
			if len(remaining) == len(locked) {
				return nil, Refuse(CodeConflict, "groups", "those boards are not locked")
			}
			if len(remaining) > 0 {
				next = &Opening{Groups: remaining}
			}
		}
	}
	if next == nil {
		delete(s.Locks, o.Activity)
		if len(s.Locks) == 0 {
			return []Change{Del("locks")}, nil
		}
		return []Change{Del("locks", o.Activity)}, nil
	}
	slices.Sort(next.Groups)
	next.Seq = ctx.Seq
	s.Locks[o.Activity] = next
	return []Change{Set(next, "locks", o.Activity)}, nil
}

func (c *Context) checkGroup(id string) error {
	if c.Room == nil || !c.Room.Groups[id] {
		return Refuse(CodeNotFound, "groups", "there is no group %q in this workshop", id)
	}
	return nil
}
