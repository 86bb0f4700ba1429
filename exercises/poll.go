package exercises

import (
	"encoding/json"
	"slices"
)

// The poll kind: a question with options; each person chooses one option, or
// several when the poll allows it, and may change their choice until the
// trainer locks the board. The server keeps the live count of every option,
// which the projector charts (summed over the groups). The trainer may add or
// remove options while the poll runs.

// MaxPollOptions bounds a poll's options.
const MaxPollOptions = 12

// PollConfig configures a poll board.
type PollConfig struct {
	Options    []Option `json:"options"`
	Multiple   bool     `json:"multiple,omitempty"`
	MaxChoices int      `json:"max_choices,omitempty"` // with multiple: at most this many (0 = no limit)
}

// PollState is the document of a poll board.
type PollState struct {
	Options    []Option            `json:"options"`
	Multiple   bool                `json:"multiple"`
	MaxChoices int                 `json:"max_choices"`
	Ballots    map[string][]string `json:"ballots"` // voter id → chosen option ids
	Counts     map[string]int      `json:"counts"`  // option id → choices
	Comments
}

func init() {
	Register(&Kind{Ops: []string{"poll.vote", "poll.retract", "option.add", "option.remove", "comment.add", "comment.edit", "comment.delete"}, Name: "poll", New: newPoll, Decode: decodePoll})
}

func newPoll(cfg json.RawMessage) (State, error) {
	var c PollConfig
	if err := strictConfig("poll", cfg, &c); err != nil {
		return nil, err
	}
	if len(c.Options) < 2 || len(c.Options) > MaxPollOptions {
		return nil, Refuse(CodeInvalidOp, "options", "a poll has 2 to %d options", MaxPollOptions)
	}
	s := &PollState{Multiple: c.Multiple, MaxChoices: c.MaxChoices, Ballots: map[string][]string{},
		Counts: map[string]int{}, Comments: NewComments()}
	for _, o := range c.Options {
		if err := s.checkOption(o); err != nil {
			return nil, err
		}
		s.Options = append(s.Options, o)
		s.Counts[o.ID] = 0
	}
	if c.MaxChoices < 0 || c.MaxChoices > len(c.Options) || c.MaxChoices > 0 && !c.Multiple {
		return nil, Refuse(CodeInvalidOp, "max_choices", "max_choices goes with multiple and is at most the number of options")
	}
	return s, nil
}

func (s *PollState) checkOption(o Option) error {
	if err := CheckID("id", o.ID); err != nil {
		return err
	}
	if s.hasOption(o.ID) {
		return Refuse(CodeConflict, "id", "option %q already exists", o.ID)
	}
	return o.Title.Validate("title", MaxShortText)
}

func decodePoll(data []byte) (State, error) {
	st, err := decodeInto[PollState](data)
	if err != nil {
		return nil, err
	}
	s := st.(*PollState)
	if s.Ballots == nil {
		s.Ballots = map[string][]string{}
	}
	if s.Counts == nil {
		s.Counts = map[string]int{}
	}
	s.commentSet()
	return s, nil
}

type pollVoteOp struct {
	Kind    string   `json:"kind"`
	Choices []string `json:"choices"`
}

type optionAddOp struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Title Text   `json:"title"`
}

// Apply implements State. Operations: poll.vote, poll.retract, and for
// trainers option.add and option.remove.
func (s *PollState) Apply(op Operation, ctx *Context) ([]Change, error) {
	if ctx.Visiting {
		return nil, Refuse(CodeForbidden, "", "a poll is answered by its own group only")
	}
	switch op.Kind {
	case "poll.vote":
		var o pollVoteOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		switch {
		case len(o.Choices) == 0:
			return nil, Refuse(CodeInvalidOp, "choices", "choose at least one option (poll.retract withdraws a vote)")
		case !s.Multiple && len(o.Choices) > 1:
			return nil, Refuse(CodeInvalidOp, "choices", "this poll takes one choice")
		case s.MaxChoices > 0 && len(o.Choices) > s.MaxChoices:
			return nil, Refuse(CodeLimit, "choices", "choose at most %d options", s.MaxChoices)
		}
		for i, c := range o.Choices {
			if !s.hasOption(c) {
				return nil, Refuse(CodeNotFound, "choices", "there is no option %q", c)
			}
			if slices.Contains(o.Choices[:i], c) {
				return nil, Refuse(CodeInvalidOp, "choices", "option %q is chosen twice", c)
			}
		}
		choices := slices.Clone(o.Choices)
		slices.Sort(choices)
		changes := s.recount(ctx.Actor.ID, choices)
		s.Ballots[ctx.Actor.ID] = choices
		return append(changes, Set(choices, "ballots", ctx.Actor.ID)), nil
	case "poll.retract":
		if err := DecodeOp(op, &bareOp{}); err != nil {
			return nil, err
		}
		if _, voted := s.Ballots[ctx.Actor.ID]; !voted {
			return nil, Refuse(CodeConflict, "", "you have not voted")
		}
		changes := s.recount(ctx.Actor.ID, nil)
		delete(s.Ballots, ctx.Actor.ID)
		return append(changes, Del("ballots", ctx.Actor.ID)), nil
	case "option.add":
		if !ctx.IsTrainer() {
			return nil, Refuse(CodeForbidden, "", "only the trainer changes a poll's options")
		}
		var o optionAddOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if len(s.Options) >= MaxPollOptions {
			return nil, Refuse(CodeLimit, "", "a poll has at most %d options", MaxPollOptions)
		}
		if err := s.checkOption(Option{ID: o.ID, Title: o.Title}); err != nil {
			return nil, err
		}
		s.Options = append(s.Options, Option{ID: o.ID, Title: o.Title})
		s.Counts[o.ID] = 0
		return []Change{Set(s.Options, "options"), Set(0, "counts", o.ID)}, nil
	case "option.remove":
		if !ctx.IsTrainer() {
			return nil, Refuse(CodeForbidden, "", "only the trainer changes a poll's options")
		}
		var o rowRefOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if !s.hasOption(o.ID) {
			return nil, Refuse(CodeNotFound, "id", "there is no option %q", o.ID)
		}
		if len(s.Options) <= 2 {
			return nil, Refuse(CodeConflict, "id", "a poll keeps at least two options")
		}
		s.Options = slices.DeleteFunc(s.Options, func(x Option) bool { return x.ID == o.ID })
		delete(s.Counts, o.ID)
		changes := []Change{Set(s.Options, "options"), Del("counts", o.ID)}
		voters := make([]string, 0, len(s.Ballots))
		for v := range s.Ballots {
			voters = append(voters, v)
		}
		slices.Sort(voters)
		for _, v := range voters {
			b := s.Ballots[v]
			if !slices.Contains(b, o.ID) {
				continue
			}
			if len(b) == 1 {
				delete(s.Ballots, v)
				changes = append(changes, Del("ballots", v))
				continue
			}
			s.Ballots[v] = slices.DeleteFunc(slices.Clone(b), func(x string) bool { return x == o.ID })
			changes = append(changes, Set(s.Ballots[v], "ballots", v))
		}
		return changes, nil
	}
	return nil, Refuse(CodeInvalidOp, "kind", "a poll has no operation %q", op.Kind)
}

// recount moves voter's choices from their old ballot to next and returns
// the count changes, option by option in the poll's order.
func (s *PollState) recount(voter string, next []string) []Change {
	old := s.Ballots[voter]
	var changes []Change
	for _, o := range s.Options {
		was, is := slices.Contains(old, o.ID), slices.Contains(next, o.ID)
		if was == is {
			continue
		}
		if is {
			s.Counts[o.ID]++
		} else {
			s.Counts[o.ID]--
		}
		changes = append(changes, Set(s.Counts[o.ID], "counts", o.ID))
	}
	return changes
}

func (s *PollState) hasOption(id string) bool {
	return slices.ContainsFunc(s.Options, func(o Option) bool { return o.ID == id })
}

// HasItem reports whether id names an option (for comments).
func (s *PollState) HasItem(id string) bool { return s.hasOption(id) }

// Progress counts the ballots cast.
func (s *PollState) Progress() Progress { return Progress{Items: len(s.Ballots)} }
