package exercises

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"

	"playbook/playbook"
)

// Which board feeds which section of the company playbook (curriculum.md):
// the structured kinds compile themselves (Section); the generic boards feed
// a section when they carry the curriculum's preset for it — the value-proof
// matrix table (1.4) → value_props, the needs iceberg canvas (4.2) →
// discovery, the talent iceberg canvas (6.1) → persona, the training plan
// (6.3) → training_plan, and notes or plans whose items have an owner → actions.

// CompileBoard writes what a board of activity holds into the playbook
// section it feeds and returns that section's document path, or "" when the
// board feeds none.
func CompileBoard(activity string, st State, p *playbook.Playbook) string {
	switch s := st.(type) {
	case *StagesState:
		s.CompileInto(p)
		return SectionPaths[StagesKind]
	case *TargetsState:
		s.CompileInto(p)
		return SectionPaths[TargetsKind]
	case *KPIsState:
		s.CompileInto(p)
		return SectionPaths[KPIsKind]
	case *TiersState:
		s.CompileInto(p)
		return SectionPaths[TiersKind]
	case *MeetingsState:
		s.CompileInto(p)
		return SectionPaths[MeetingsKind]
	case *TablesState:
		s.CompileInto(p)
		return SectionPaths[TablesKind]
	case *TeamMixState:
		s.CompileInto(p)
		return SectionPaths[TeamMixKind]
	case *TableState:
		if hasColumns(s.Columns, "value", "pain", "proof", "strength") {
			p.ValueProps = append(p.ValueProps, valueProps(s)...)
			return "$.value_props"
		}
	case *PlanState:
		if hasColumns(s.Columns, "method", "frequency", "measure") {
			p.TrainingPlan = append(p.TrainingPlan, trainingPlan(s)...)
			return "$.training_plan"
		}
		p.Actions = append(p.Actions, planActions(activity, s)...)
		return "$.actions"
	case *CanvasState:
		switch {
		case hasTag(s.Tags, "question"):
			p.Discovery = discovery(s)
			return "$.discovery"
		case hasTag(s.Tags, "must"):
			p.Persona = persona(s)
			return "$.persona"
		}
	case *NotesState:
		if acts := noteActions(activity, s); len(acts) > 0 {
			p.Actions = append(p.Actions, acts...)
			return "$.actions"
		}
	}
	return ""
}

// SectionOfActivity returns the section an activity's boards feed (from a
// fresh board of its template), or "".
func SectionOfActivity(a *Activity) string {
	st, err := NewState(a.Template, a.Config)
	if err != nil {
		return ""
	}
	if _, ok := st.(*NotesState); ok {
		// Notes feed the actions only on boards whose notes can be actions.
		var cfg struct {
			Actions bool `json:"actions"`
		}
		if json.Unmarshal(a.Config, &cfg); !cfg.Actions {
			return ""
		}
		return "$.actions"
	}
	return CompileBoard(a.ID, st, playbook.New(playbook.Company{}))
}

func hasColumns(cols []Column, ids ...string) bool {
	for _, id := range ids {
		if !slices.ContainsFunc(cols, func(c Column) bool { return c.ID == id }) {
			return false
		}
	}
	return true
}

func hasTag(tags []Tag, id string) bool {
	return slices.ContainsFunc(tags, func(t Tag) bool { return t.ID == id })
}

// orderedRows returns a table's rows in order.
func orderedRows(rows map[string]*Row) []*Row {
	out := make([]*Row, 0, len(rows))
	for _, r := range rows {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *Row) int { return cmp.Or(cmp.Compare(a.Pos, b.Pos), strings.Compare(a.ID, b.ID)) })
	return out
}

func cellText(r *Row, col string) string {
	var s string
	if json.Unmarshal(r.Cells[col], &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(r.Cells[col], &list) == nil {
		return strings.Join(list, "；")
	}
	var p PersonRef
	if json.Unmarshal(r.Cells[col], &p) == nil {
		return p.Name
	}
	return ""
}

func cellOptions(r *Row, col string) []string {
	var list []string
	if json.Unmarshal(r.Cells[col], &list) == nil {
		return list
	}
	var s string
	if json.Unmarshal(r.Cells[col], &s) == nil && s != "" {
		return []string{s}
	}
	return nil
}

func cellNumber(r *Row, col string) float64 {
	var f float64
	json.Unmarshal(r.Cells[col], &f)
	return f
}

// optionTitle names an option of a select column in Chinese (the options'
// ids are the table's own).
func optionTitle(cols []Column, col, id string) string {
	for _, c := range cols {
		if c.ID != col {
			continue
		}
		for _, o := range c.Options {
			if o.ID == id {
				return o.Title.In("zh-CN")
			}
		}
	}
	return id
}

// proofTypes maps the value-proof matrix's options to the playbook's.
var proofTypes = map[string]string{"case": "case", "data": "data", "credential": "certificate", "certificate": "certificate",
	"demo": "demo", "testimonial": "testimonial"}

func valueProps(s *TableState) []playbook.ValueProp {
	var out []playbook.ValueProp
	for _, r := range orderedRows(s.Rows) {
		value := cellText(r, "value")
		if strings.TrimSpace(value) == "" {
			continue
		}
		proof := "case"
		proofs := cellOptions(r, "proof")
		evidence := cellText(r, "evidence")
		if len(proofs) > 0 {
			if p, ok := proofTypes[proofs[0]]; ok {
				proof = p
			}
			if len(proofs) > 1 {
				names := make([]string, len(proofs))
				for i, id := range proofs {
					names[i] = optionTitle(s.Columns, "proof", id)
				}
				evidence = strings.TrimSpace("（" + strings.Join(names, "、") + "）" + evidence)
			}
		}
		strength := int(cellNumber(r, "strength"))
		strength = min(max(strength, 1), 5)
		out = append(out, playbook.ValueProp{ID: r.ID, Value: value, Pain: cellText(r, "pain"), ProofType: proof,
			Evidence: evidence, Strength: strength})
	}
	return out
}

func trainingPlan(s *PlanState) []playbook.TrainingItem {
	var out []playbook.TrainingItem
	for _, r := range orderedRows(s.Rows) {
		capability := cellText(r, PlanItem)
		if strings.TrimSpace(capability) == "" {
			continue
		}
		methods := cellOptions(r, "method")
		names := make([]string, len(methods))
		for i, id := range methods {
			names[i] = optionTitle(s.Columns, "method", id)
		}
		out = append(out, playbook.TrainingItem{Capability: capability, Method: strings.Join(names, "、"),
			Frequency: cellText(r, "frequency"), Owner: cellText(r, PlanOwner), Measure: cellText(r, "measure")})
	}
	return out
}

func planActions(activity string, s *PlanState) []playbook.Action {
	var out []playbook.Action
	for _, r := range orderedRows(s.Rows) {
		text := cellText(r, PlanItem)
		if strings.TrimSpace(text) == "" {
			continue
		}
		out = append(out, playbook.Action{Action: text, Owner: cellText(r, PlanOwner), Due: cellText(r, PlanDue), Source: activity})
	}
	return out
}

func noteActions(activity string, s *NotesState) []playbook.Action {
	out := []playbook.Action{}
	for _, n := range ordered(s.Notes) {
		if n.Owner != nil {
			out = append(out, playbook.Action{Action: n.Text, Owner: n.Owner.Name, Due: n.Due, Source: activity})
		}
	}
	return out
}

// canvasNotes returns a zone's notes in order.
func canvasNotes(s *CanvasState, zone string) []*CanvasNote {
	return slices.DeleteFunc(ordered(s.Notes), func(n *CanvasNote) bool { return n.Zone != zone })
}

func discovery(s *CanvasState) playbook.Discovery {
	d := playbook.Discovery{Layers: []playbook.DiscoveryLayer{}}
	for _, z := range s.Zones {
		water := z.Layer
		if water != "above" {
			water = "below"
		}
		l := playbook.DiscoveryLayer{ID: z.ID, Name: z.Title.In("zh-CN"), Water: water, Needs: []string{}, Questions: []string{}}
		for _, n := range canvasNotes(s, z.ID) {
			if n.Tag == "question" {
				l.Questions = append(l.Questions, n.Text)
			} else {
				l.Needs = append(l.Needs, n.Text)
			}
		}
		d.Layers = append(d.Layers, l)
	}
	return d
}

// personaLayers maps the talent iceberg's zones to the playbook's layers.
var personaLayers = map[string]string{"knowledge": "knowledge", "skills": "skills", "role": "social_role", "social_role": "social_role",
	"self": "self_image", "self_image": "self_image", "traits": "traits", "motives": "motives"}

func persona(s *CanvasState) playbook.Persona {
	p := playbook.Persona{Attributes: []playbook.PersonaAttribute{}}
	for _, z := range s.Zones {
		layer, ok := personaLayers[z.ID]
		if !ok {
			continue
		}
		for _, n := range canvasNotes(s, z.ID) {
			p.Attributes = append(p.Attributes, playbook.PersonaAttribute{Layer: layer, Text: n.Text, MustHave: n.Tag == "must"})
		}
	}
	return p
}
