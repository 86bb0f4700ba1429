package exercises

import (
	"encoding/json"
	"slices"
)

// The case-draft kind: a group writes up one of its own cases during the
// workshop (案例萃取) on a guided template — title, situation, what was done,
// results, lessons. Each field is one unit of editing (last writer wins by
// sequence). The trainer can then add the draft to the client's case library
// and to the playbook's appendix (see the cases package and the server).

// CaseDraftKind is the kind's name.
const CaseDraftKind = "case-draft"

// The fields of a case draft. Their ids match the case model's sections.
const (
	DraftTitle     = "title"
	DraftSituation = "situation"
	DraftActions   = "actions"
	DraftResults   = "results"
	DraftLessons   = "lessons"
)

// MaxDraftTitle bounds the title; the other fields hold MaxLongText.
const MaxDraftTitle = 120

// DraftPrompt is one field of the template as the group sees it.
type DraftPrompt struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
	Hint  Text   `json:"hint"`
}

// DraftText is the current text of one field.
type DraftText struct {
	Text   string `json:"text"`
	Author Author `json:"author"`
	Seq    int64  `json:"seq"`
}

// CaseDraftState is the document of a case-draft board.
type CaseDraftState struct {
	Prompts []DraftPrompt         `json:"prompts"`
	Fields  map[string]*DraftText `json:"fields"`
}

// CaseDraftConfig may relabel the fields, reorder them or leave some out
// (the title stays).
type CaseDraftConfig struct {
	Prompts []DraftPrompt `json:"prompts"`
}

var defaultDraftPrompts = []DraftPrompt{
	{DraftTitle, Text{"案例标题", "Case title"},
		Text{"一句话说清楚：谁，在什么情况下，做成了什么。", "One line: who, in what situation, achieved what."}},
	{DraftSituation, Text{"情境与挑战", "Situation and challenge"},
		Text{"客户是谁？当时是什么处境？难点在哪里？尽量用数字说明。", "Who was the customer? What was the situation? What made it hard? Use figures."}},
	{DraftActions, Text{"我们的做法", "What we did"},
		Text{"关键的几步是什么？谁做的？为什么这样做？", "What were the key steps? Who took them? Why that way?"}},
	{DraftResults, Text{"结果", "Results"},
		Text{"结果如何？业绩、周期、客户反馈，用数据说话。", "What came of it? Revenue, cycle time, customer feedback — in figures."}},
	{DraftLessons, Text{"经验与启示", "Lessons"},
		Text{"哪些做法可以复制到其他客户、其他团队？", "Which practices can be repeated with other customers and teams?"}},
}

// DraftFieldIDs lists the field ids in their default order.
func DraftFieldIDs() []string {
	ids := make([]string, len(defaultDraftPrompts))
	for i, p := range defaultDraftPrompts {
		ids[i] = p.ID
	}
	return ids
}

func init() {
	Register(&Kind{
		Name: CaseDraftKind,
		Ops:  []string{"field.set"},
		New:  newCaseDraft,
		Decode: func(data []byte) (State, error) {
			s, err := decodeInto[CaseDraftState](data)
			if err != nil {
				return nil, err
			}
			if d := s.(*CaseDraftState); d.Fields == nil {
				d.Fields = map[string]*DraftText{}
			}
			return s, nil
		},
	})
}

func newCaseDraft(cfg json.RawMessage) (State, error) {
	var c CaseDraftConfig
	if len(cfg) > 0 {
		if err := json.Unmarshal(cfg, &c); err != nil {
			return nil, Refuse(CodeInvalidOp, "config", "case-draft configuration: %s", jsonProblem(err))
		}
	}
	prompts := slices.Clone(defaultDraftPrompts)
	if len(c.Prompts) > 0 {
		seen := map[string]bool{}
		for _, p := range c.Prompts {
			if !slices.Contains(DraftFieldIDs(), p.ID) {
				return nil, Refuse(CodeInvalidOp, "prompts.id", "a case draft has no field %q; the fields are %v", p.ID, DraftFieldIDs())
			}
			if seen[p.ID] {
				return nil, Refuse(CodeInvalidOp, "prompts.id", "field %q appears twice", p.ID)
			}
			seen[p.ID] = true
			if err := p.Label.Validate("prompts.label", MaxShortText); err != nil {
				return nil, err
			}
			if p.Hint.ZH != "" || p.Hint.EN != "" {
				if err := p.Hint.Validate("prompts.hint", MaxNoteText); err != nil {
					return nil, err
				}
			}
		}
		if !seen[DraftTitle] {
			return nil, Refuse(CodeInvalidOp, "prompts", "a case draft needs its title field")
		}
		prompts = c.Prompts
	}
	return &CaseDraftState{Prompts: prompts, Fields: map[string]*DraftText{}}, nil
}

type fieldSetOp struct {
	Kind  string `json:"kind"`
	Field string `json:"field"`
	Text  string `json:"text"`
}

// Apply implements State. The one operation, "field.set", replaces a field's
// text; an empty text clears the field.
func (s *CaseDraftState) Apply(op Operation, ctx *Context) ([]Change, error) {
	if ctx.Visiting {
		return nil, Refuse(CodeForbidden, "", "visitors may not edit another group's case")
	}
	if op.Kind != "field.set" {
		return nil, Refuse(CodeInvalidOp, "kind", "a case draft has no operation %q", op.Kind)
	}
	var o fieldSetOp
	if err := DecodeOp(op, &o); err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(s.Prompts, func(p DraftPrompt) bool { return p.ID == o.Field }) {
		return nil, Refuse(CodeInvalidOp, "field", "this case draft has no field %q", o.Field)
	}
	max := MaxLongText
	if o.Field == DraftTitle {
		max = MaxDraftTitle
	}
	text, err := CleanText("text", o.Text, max, false)
	if err != nil {
		return nil, err
	}
	if o.Field == DraftTitle {
		if text, err = CleanText("text", oneLineText(text), max, false); err != nil {
			return nil, err
		}
	}
	if text == "" {
		if s.Fields[o.Field] == nil {
			return nil, Refuse(CodeConflict, "field", "the field %q is already empty", o.Field)
		}
		delete(s.Fields, o.Field)
		return []Change{Del("fields", o.Field)}, nil
	}
	f := &DraftText{Text: text, Seq: ctx.Seq, Author: ctx.Actor.author()}
	s.Fields[o.Field] = f
	return []Change{Set(f, "fields", o.Field)}, nil
}

// Text returns the current text of a field ("" when empty).
func (s *CaseDraftState) Text(field string) string {
	if f := s.Fields[field]; f != nil {
		return f.Text
	}
	return ""
}

// oneLineText folds a title's line breaks into spaces.
func oneLineText(s string) string {
	out := []rune{}
	space := false
	for _, r := range s {
		if r == '\n' || r == '\t' || r == ' ' {
			if !space && len(out) > 0 {
				out = append(out, ' ')
			}
			space = true
			continue
		}
		space = false
		out = append(out, r)
	}
	return string(out)
}
