package exercises

import (
	"encoding/json"
	"math"
	"slices"
)

// The reflection kind: a participant's own answers to the activity's prompts
// (2.3 "上面分享的管理方法对我的启发是什么?") and the personal actions they
// commit to. A reflection board belongs to one participant and nobody else —
// not the group, not the trainer — reads or writes it. Its answers and
// actions make up the participant's action plan.

// Limits of a reflection.
const (
	MaxPrompts           = 6
	MaxPersonalActions   = 30
	DefaultReflectPrompt = "reflection"
)

// Prompt is one question a reflection answers.
type Prompt struct {
	ID    string `json:"id"`
	Title Text   `json:"title"`
	Hint  Text   `json:"hint,omitzero"`
}

// ReflectionConfig configures a reflection board.
type ReflectionConfig struct {
	Prompts []Prompt `json:"prompts,omitempty"`
	Actions bool     `json:"actions,omitempty"` // the participant also lists actions with due dates
}

// Answer is the participant's answer to a prompt.
type Answer struct {
	Text string `json:"text"`
	Seq  int64  `json:"seq"`
}

// PersonalAction is something the participant commits to do.
type PersonalAction struct {
	ID   string  `json:"id"`
	Text string  `json:"text"`
	Due  string  `json:"due,omitempty"`
	Done bool    `json:"done"`
	Pos  float64 `json:"pos"`
	Seq  int64   `json:"seq"`
}

// ReflectionState is the document of a reflection board.
type ReflectionState struct {
	Prompts   []Prompt                   `json:"prompts"`
	ActionsOn bool                       `json:"actions_on"`
	Answers   map[string]*Answer         `json:"answers"`
	Actions   map[string]*PersonalAction `json:"actions"`
}

func init() {
	Register(&Kind{Ops: []string{"answer.set", "action.add", "action.edit", "action.done", "action.delete"}, Name: "reflection", New: newReflection, Decode: decodeReflection, Private: true, OwnerOnly: true})
}

func newReflection(cfg json.RawMessage) (State, error) {
	var c ReflectionConfig
	if err := strictConfig("reflection", cfg, &c); err != nil {
		return nil, err
	}
	if len(c.Prompts) == 0 {
		c.Prompts = []Prompt{{ID: DefaultReflectPrompt, Title: Text{ZH: "我的启发", EN: "What I take away"}}}
	}
	if len(c.Prompts) > MaxPrompts {
		return nil, Refuse(CodeInvalidOp, "prompts", "a reflection has at most %d prompts", MaxPrompts)
	}
	seen := map[string]bool{}
	for _, p := range c.Prompts {
		if err := CheckID("prompts.id", p.ID); err != nil {
			return nil, err
		}
		if seen[p.ID] {
			return nil, Refuse(CodeInvalidOp, "prompts.id", "prompt %q appears twice", p.ID)
		}
		seen[p.ID] = true
		if err := p.Title.Validate("prompts.title", MaxHintText); err != nil {
			return nil, err
		}
		if p.Hint != (Text{}) {
			if err := p.Hint.Validate("prompts.hint", MaxHintText); err != nil {
				return nil, err
			}
		}
	}
	return &ReflectionState{Prompts: c.Prompts, ActionsOn: c.Actions,
		Answers: map[string]*Answer{}, Actions: map[string]*PersonalAction{}}, nil
}

func decodeReflection(data []byte) (State, error) {
	st, err := decodeInto[ReflectionState](data)
	if err != nil {
		return nil, err
	}
	s := st.(*ReflectionState)
	if s.Answers == nil {
		s.Answers = map[string]*Answer{}
	}
	if s.Actions == nil {
		s.Actions = map[string]*PersonalAction{}
	}
	return s, nil
}

type answerSetOp struct {
	Kind   string `json:"kind"`
	Prompt string `json:"prompt"`
	Text   string `json:"text"`
}

type personalActionOp struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Text string `json:"text"`
	Due  string `json:"due"`
}

type actionDoneOp struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Done bool   `json:"done"`
}

// Apply implements State. Operations: answer.set, action.add, action.edit,
// action.done, action.delete — all by the board's owner only (the realtime
// core lets nobody else reach a reflection board; trainers are refused here
// as well).
func (s *ReflectionState) Apply(op Operation, ctx *Context) ([]Change, error) {
	if ctx.IsTrainer() || ctx.Visiting {
		return nil, Refuse(CodeForbidden, "", "a reflection is private to its author")
	}
	switch op.Kind {
	case "answer.set":
		var o answerSetOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(s.Prompts, func(p Prompt) bool { return p.ID == o.Prompt }) {
			return nil, Refuse(CodeInvalidOp, "prompt", "there is no prompt %q", o.Prompt)
		}
		text, err := CleanText("text", o.Text, MaxLongText, false)
		if err != nil {
			return nil, err
		}
		if text == "" {
			if s.Answers[o.Prompt] == nil {
				return nil, Refuse(CodeConflict, "text", "there is no answer to clear")
			}
			delete(s.Answers, o.Prompt)
			return []Change{Del("answers", o.Prompt)}, nil
		}
		a := &Answer{Text: text, Seq: ctx.Seq}
		s.Answers[o.Prompt] = a
		return []Change{Set(a, "answers", o.Prompt)}, nil
	case "action.add", "action.edit":
		if !s.ActionsOn {
			return nil, Refuse(CodeInvalidOp, "kind", "this reflection takes no actions")
		}
		var o personalActionOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if err := CheckID("id", o.ID); err != nil {
			return nil, err
		}
		text, err := CleanText("text", o.Text, MaxNoteText, true)
		if err != nil {
			return nil, err
		}
		if err := checkDate("due", o.Due); err != nil {
			return nil, err
		}
		a := s.Actions[o.ID]
		if op.Kind == "action.add" {
			if a != nil {
				return nil, Refuse(CodeConflict, "id", "an action %q already exists", o.ID)
			}
			if len(s.Actions) >= MaxPersonalActions {
				return nil, Refuse(CodeLimit, "", "at most %d actions", MaxPersonalActions)
			}
			a = &PersonalAction{ID: o.ID}
			for _, x := range s.Actions {
				a.Pos = math.Max(a.Pos, x.Pos)
			}
			a.Pos = math.Floor(a.Pos) + 1
			s.Actions[o.ID] = a
		} else if a == nil {
			return nil, Refuse(CodeNotFound, "id", "there is no action %q", o.ID)
		}
		a.Text, a.Due, a.Seq = text, o.Due, ctx.Seq
		return []Change{Set(a, "actions", a.ID)}, nil
	case "action.done":
		var o actionDoneOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		a, ok := s.Actions[o.ID]
		if !ok {
			return nil, Refuse(CodeNotFound, "id", "there is no action %q", o.ID)
		}
		a.Done, a.Seq = o.Done, ctx.Seq
		return []Change{Set(a, "actions", a.ID)}, nil
	case "action.delete":
		var o rowRefOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if _, ok := s.Actions[o.ID]; !ok {
			return nil, Refuse(CodeNotFound, "id", "there is no action %q", o.ID)
		}
		delete(s.Actions, o.ID)
		return []Change{Del("actions", o.ID)}, nil
	}
	return nil, Refuse(CodeInvalidOp, "kind", "a reflection has no operation %q", op.Kind)
}

// Progress counts answered prompts and actions; unanswered prompts are missing.
func (s *ReflectionState) Progress() Progress {
	return Progress{Items: len(s.Answers) + len(s.Actions), Missing: len(s.Prompts) - len(s.Answers)}
}
