package exercises

import (
	"embed"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Text is a piece of content in both product languages, Simplified Chinese
// first.
type Text struct {
	ZH string `json:"zh-CN"`
	EN string `json:"en"`
}

// In returns the text in lang ("zh-CN" or "en"), falling back to the other
// language when one is missing.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" || t.ZH == "" {
		return t.EN
	}
	return t.ZH
}

// Validate checks that at least one language is present and neither is longer
// than max characters.
func (t Text) Validate(field string, max int) error {
	if t.ZH == "" && t.EN == "" {
		return Refuse(CodeInvalidOp, field, "%s needs a Chinese or English text", field)
	}
	for _, s := range []string{t.ZH, t.EN} {
		if !utf8.ValidString(s) {
			return Refuse(CodeInvalidOp, field, "%s is not valid UTF-8", field)
		}
		if n := utf8.RuneCountInString(s); n > max {
			return Refuse(CodeLimit, field, "%s is %d characters long; the limit is %d", field, n, max)
		}
	}
	return nil
}

// Curriculum is a whole workshop's content: modules and their activities. The
// built-in one ships embedded; a workshop keeps its own copy, so later edits
// never change a workshop that already runs.
type Curriculum struct {
	ID      string   `json:"id"`
	Version int      `json:"version"`
	Title   Text     `json:"title"`
	Modules []Module `json:"modules"`
}

// Module is one of the workshop's six modules.
type Module struct {
	ID         string     `json:"id"`
	Number     int        `json:"number"`
	Title      Text       `json:"title"`
	Topics     []Text     `json:"topics"`
	Cases      []string   `json:"cases,omitempty"`
	Activities []Activity `json:"activities"`
}

// Activity is one piece of group work: a discussion question or a tool, served
// by a template kind.
type Activity struct {
	ID       string          `json:"id"`
	Type     string          `json:"type"` // "discussion", "tool" or "case"
	Template string          `json:"template"`
	Question Text            `json:"question"`
	Hints    []Text          `json:"hints,omitempty"`
	Minutes  int             `json:"minutes,omitempty"`
	Config   json.RawMessage `json:"config,omitempty"`
	Output   string          `json:"output,omitempty"` // the playbook section it feeds
}

// Activity finds an activity by id.
func (c *Curriculum) Activity(id string) (*Module, *Activity, bool) {
	for mi := range c.Modules {
		m := &c.Modules[mi]
		for ai := range m.Activities {
			if m.Activities[ai].ID == id {
				return m, &m.Activities[ai], true
			}
		}
	}
	return nil, nil, false
}

// Activities lists every activity in order.
func (c *Curriculum) Activities() []*Activity {
	var all []*Activity
	for mi := range c.Modules {
		for ai := range c.Modules[mi].Activities {
			all = append(all, &c.Modules[mi].Activities[ai])
		}
	}
	return all
}

// Validate checks a curriculum's structure: unique ids and, for every activity
// whose template kind is available, a configuration that kind accepts.
func (c *Curriculum) Validate() error {
	if len(c.Modules) == 0 {
		return fmt.Errorf("curriculum %q has no modules", c.ID)
	}
	seen := map[string]bool{}
	for _, m := range c.Modules {
		if seen["m:"+m.ID] {
			return fmt.Errorf("module %q appears twice", m.ID)
		}
		seen["m:"+m.ID] = true
		for _, a := range m.Activities {
			if !ValidID(a.ID) && !validActivityID(a.ID) {
				return fmt.Errorf("activity id %q is not valid", a.ID)
			}
			if seen["a:"+a.ID] {
				return fmt.Errorf("activity %q appears twice", a.ID)
			}
			seen["a:"+a.ID] = true
			if _, ok := Lookup(a.Template); ok {
				if _, err := NewState(a.Template, a.Config); err != nil {
					return fmt.Errorf("activity %s: %w", a.ID, err)
				}
			}
		}
	}
	return nil
}

// validActivityID accepts the curriculum's dotted numbering ("1.1", "2.tables").
func validActivityID(id string) bool {
	if id == "" || len(id) > MaxIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

//go:embed curriculum/*.json
var curriculumFS embed.FS

// Builtin returns a fresh copy of the built-in curriculum. Callers may change
// the copy freely; the embedded original never changes.
func Builtin() *Curriculum {
	data, err := curriculumFS.ReadFile("curriculum/builtin.json")
	if err != nil {
		panic("exercises: built-in curriculum missing: " + err.Error())
	}
	var c Curriculum
	if err := json.Unmarshal(data, &c); err != nil {
		panic("exercises: built-in curriculum unreadable: " + err.Error())
	}
	return &c
}
