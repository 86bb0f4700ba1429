package exercises

import (
	"embed"
	"encoding/json"
	"slices"
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
	// Interpretations state what the workshop takes a term to mean where the
	// seed names it without defining it (5张表, 两会, 四把钢构…). They are
	// shown as interpretations, and a trainer's copy may change them.
	Interpretations []Interpretation `json:"interpretations,omitempty"`
	// Toolkit lists every model and tool of the workshop with a short
	// explanation; participants keep it after the workshop.
	Toolkit []Tool `json:"toolkit,omitempty"`
	// Cases are the cases the curriculum uses, with the names the seed gives
	// them; the case library holds their text.
	Cases []CaseRef `json:"cases,omitempty"`
	// Agenda lays the modules, lectures and activities out over the days.
	Agenda Agenda `json:"agenda"`
}

// CaseRef names a case of the case library.
type CaseRef struct {
	ID    string `json:"id"`
	Title Text   `json:"title"`
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
	Type     string          `json:"type"` // "discussion", "tool", "case" or "poll"
	Template string          `json:"template"`
	Title    Text            `json:"title,omitzero"` // a short label for agendas and cards
	Question Text            `json:"question"`
	Hints    []Text          `json:"hints,omitempty"`
	Minutes  int             `json:"minutes,omitempty"`
	Config   json.RawMessage `json:"config,omitempty"`
	Output   string          `json:"output,omitempty"` // the playbook section it feeds
	Cases    []string        `json:"cases,omitempty"`  // case material shown with the activity
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

// Interpretation is what the workshop takes a term to mean where the seed
// names it without defining it. Every interpretation is shown as such.
type Interpretation struct {
	ID      string `json:"id"`
	Term    Text   `json:"term"`
	Summary Text   `json:"summary"`
	Parts   []Part `json:"parts,omitempty"`
}

// Part is one component of a tool or an interpretation: one of the five
// tables, one of the four steps, one layer of an iceberg.
type Part struct {
	Name   Text `json:"name"`
	Detail Text `json:"detail,omitzero"`
	// Value is a short mark the diagram uses: "above" or "below" the water
	// line of an iceberg, a share ("10%"), a probability ("30%").
	Value string `json:"value,omitempty"`
	// Pair is the counterpart in a mapping diagram (the buying step a
	// selling step serves).
	Pair Text `json:"pair,omitzero"`
}

// Tool is one model, tool or method of the toolkit page.
type Tool struct {
	ID      string `json:"id"`
	Name    Text   `json:"name"`
	Summary Text   `json:"summary"`
	Points  []Part `json:"points,omitempty"`
	// Diagram names the picture that explains it (one of Diagrams), or "".
	Diagram string `json:"diagram,omitempty"`
	Module  string `json:"module,omitempty"`
	// Activities are the activities whose templates apply the tool.
	Activities []string `json:"activities,omitempty"`
	// Interpretations are the ids of the interpretations the tool rests on
	// where the seed does not define it.
	Interpretations []string `json:"interpretations,omitempty"`
}

// Diagrams are the pictures the toolkit can draw from a tool's points.
var Diagrams = []string{"steps", "cycle", "triad", "pillars", "mapping", "ladder", "balance", "iceberg", "funnel", "hand", "shape", "columns"}

// Agenda is the workshop's timetable: days of blocks in order.
type Agenda struct {
	Days []AgendaDay `json:"days"`
}

// AgendaDay is one day of the workshop.
type AgendaDay struct {
	Title  Text    `json:"title"`
	Start  string  `json:"start"` // "09:00", local time of the venue
	Blocks []Block `json:"blocks"`
}

// Block types. Lectures are the trainer's input; activities, cases and
// sharing are group work; breaks count as neither.
const (
	BlockLecture  = "lecture"
	BlockActivity = "activity"
	BlockCase     = "case"
	BlockSharing  = "sharing"
	BlockBreak    = "break"
)

// Block is one slot of the agenda. An activity block takes its duration from
// its activity; every other block has its own.
type Block struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Module   string `json:"module,omitempty"`
	Activity string `json:"activity,omitempty"`
	Case     string `json:"case,omitempty"`
	Title    Text   `json:"title,omitzero"`
	Minutes  int    `json:"minutes,omitempty"`
}

// Minutes returns how long block b lasts in curriculum c.
func (c *Curriculum) Minutes(b *Block) int {
	if b.Type == BlockActivity {
		if _, a, ok := c.Activity(b.Activity); ok {
			return a.Minutes
		}
		return 0
	}
	return b.Minutes
}

// Split returns the agenda's lecture minutes and group-work minutes (breaks
// excluded): the workshop aims at about 30% / 70%.
func (c *Curriculum) Split() (lecture, group int) {
	for di := range c.Agenda.Days {
		for bi := range c.Agenda.Days[di].Blocks {
			b := &c.Agenda.Days[di].Blocks[bi]
			switch b.Type {
			case BlockLecture:
				lecture += c.Minutes(b)
			case BlockBreak:
			default:
				group += c.Minutes(b)
			}
		}
	}
	return lecture, group
}

// Block finds an agenda block and the index of its day.
func (c *Curriculum) Block(id string) (*Block, int, bool) {
	for di := range c.Agenda.Days {
		for bi := range c.Agenda.Days[di].Blocks {
			if c.Agenda.Days[di].Blocks[bi].ID == id {
				return &c.Agenda.Days[di].Blocks[bi], di, true
			}
		}
	}
	return nil, 0, false
}

// CaseIDs lists every case the curriculum refers to (modules, activities and
// agenda), sorted and without repeats.
func (c *Curriculum) CaseIDs() []string {
	var ids []string
	for _, r := range c.Cases {
		ids = append(ids, r.ID)
	}
	for _, m := range c.Modules {
		ids = append(ids, m.Cases...)
		for _, a := range m.Activities {
			ids = append(ids, a.Cases...)
		}
	}
	for _, d := range c.Agenda.Days {
		for _, b := range d.Blocks {
			if b.Case != "" {
				ids = append(ids, b.Case)
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// NewRoom describes a workshop running curriculum c with the given groups, for
// the control board's checks.
func NewRoom(c *Curriculum, groups []string) *Room {
	r := &Room{Activities: map[string]bool{}, Groups: map[string]bool{}, Blocks: map[string]string{}}
	for _, a := range c.Activities() {
		r.Activities[a.ID] = true
	}
	for _, g := range groups {
		r.Groups[g] = true
	}
	for _, d := range c.Agenda.Days {
		day := make([]string, 0, len(d.Blocks))
		for _, b := range d.Blocks {
			r.Blocks[b.ID] = b.Activity
			day = append(day, b.ID)
		}
		r.Agenda = append(r.Agenda, day)
	}
	return r
}
