package exercises

import (
	"encoding/json"
	"slices"
)

// Template describes a template kind a trainer can give a new activity of
// their curriculum, with the ready configurations (presets) it starts from.
type Template struct {
	Kind string `json:"kind"`
	// Type is the activity type a new activity of this kind gets
	// ("discussion", "tool", "case" or "poll").
	Type string `json:"type"`
	// NeedsPreset is true when the kind refuses an empty configuration (a
	// table needs its columns, a canvas its zones, a poll its options): the
	// editor then starts from one of Presets.
	NeedsPreset bool     `json:"needs_preset"`
	Presets     []Preset `json:"presets,omitempty"`
}

// Preset is one ready configuration of a kind: the kind's own starting
// points (the meetings' two_meetings and project_review) and the
// configuration of every built-in activity of that kind (the lanes of 1.1,
// the columns of 1.4…), named by the activity.
type Preset struct {
	ID     string          `json:"id"`
	Title  Text            `json:"title"`
	Config json.RawMessage `json:"config,omitempty"`
}

// kindPresets are the starting points a kind defines itself.
var kindPresets = map[string][]Preset{
	MeetingsKind: {
		{ID: "two_meetings", Title: Text{"周会与月会", "Weekly and monthly meetings"}, Config: json.RawMessage(`{"preset":"two_meetings"}`)},
		{ID: "project_review", Title: Text{"重点项目分析会", "Project review meeting"}, Config: json.RawMessage(`{"preset":"project_review"}`)},
	},
}

// Templates lists every template kind a curriculum's activity may use — the
// registered kinds, without the control board and the per-person boards
// other kinds make for themselves (a pass-off judge's score sheet) — in
// name order, each with its presets.
func Templates() []Template {
	builtin := Builtin()
	var out []Template
	for _, name := range Kinds() {
		k, _ := Lookup(name)
		if name == ControlKind || k.OwnerOnly && !k.Private {
			continue
		}
		t := Template{Kind: name, Type: "discussion", Presets: slices.Clone(kindPresets[name])}
		if _, err := NewState(name, nil); err != nil {
			t.NeedsPreset = true
		}
		for _, a := range builtin.Activities() {
			if a.Template != name {
				continue
			}
			t.Type = a.Type
			if len(a.Config) > 0 && string(a.Config) != "null" {
				title := a.Title
				if title.ZH == "" && title.EN == "" {
					title = a.Question
				}
				t.Presets = append(t.Presets, Preset{ID: a.ID, Title: title, Config: a.Config})
			}
		}
		if name == CaseDraftKind && t.Type == "discussion" {
			t.Type = "tool"
		}
		out = append(out, t)
	}
	return out
}
