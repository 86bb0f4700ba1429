package exercises

import (
	"slices"
	"testing"
)

// The editor offers every registered kind a curriculum may use, each preset
// a configuration its kind accepts, and a preset wherever the kind needs one.
func TestTemplatesOfferEveryKindWithWorkingPresets(t *testing.T) {
	var names []string
	for _, tp := range Templates() {
		names = append(names, tp.Kind)
		if !KnownTemplate(tp.Kind) || !slices.Contains(ActivityTypes, tp.Type) {
			t.Errorf("template %+v", tp)
		}
		if tp.NeedsPreset && len(tp.Presets) == 0 {
			t.Errorf("%s needs a preset and offers none", tp.Kind)
		}
		_, err := NewState(tp.Kind, nil)
		if tp.NeedsPreset != (err != nil) {
			t.Errorf("%s: needs_preset %v, but an empty configuration gives %v", tp.Kind, tp.NeedsPreset, err)
		}
		for _, p := range tp.Presets {
			if _, err := NewState(tp.Kind, p.Config); err != nil || p.ID == "" || p.Title.ZH == "" || p.Title.EN == "" {
				t.Errorf("%s preset %s (%v): %v", tp.Kind, p.ID, p.Title, err)
			}
		}
	}
	for _, want := range []string{"notes", "table", "canvas", "poll", "plan", "reflection", "stages", "targets", "kpis", "tiers", "meetings", "tables", "team-mix", "funnel", "case-draft", "passoff"} {
		if !slices.Contains(names, want) {
			t.Errorf("kind %s is not offered (%v)", want, names)
		}
	}
	for _, internal := range []string{ControlKind, "passoff.sheet"} {
		if slices.Contains(names, internal) {
			t.Errorf("the internal kind %s is offered", internal)
		}
	}
	meetings := Templates()[slices.Index(names, MeetingsKind)]
	if len(meetings.Presets) < 2 || meetings.Presets[1].ID != "project_review" {
		t.Errorf("meetings presets %+v", meetings.Presets)
	}
}
