package exercises

import (
	"cmp"
	"encoding/json"
	"slices"
)

// A participant's action plan gathers, from every board of their workshop,
// what they wrote in their reflections and every action assigned to them:
// their own commitments, the group's notes-as-actions they own and the plan
// rows they own.

// PlanEntry is one line of a participant's action plan.
type PlanEntry struct {
	Activity string `json:"activity"`
	Source   string `json:"source"` // "reflection", "notes" or "plan"
	Text     string `json:"text"`
	Due      string `json:"due,omitempty"`
	Done     bool   `json:"done"`
}

// Insight is a reflection answer.
type Insight struct {
	Activity string `json:"activity"`
	Prompt   Text   `json:"prompt"`
	Text     string `json:"text"`
}

// ActionPlan is a participant's action plan.
type ActionPlan struct {
	Insights []Insight   `json:"insights"`
	Actions  []PlanEntry `json:"actions"`
}

// Add gathers from one board (of activity) what belongs to participant.
func (p *ActionPlan) Add(activity string, s State, participant string) {
	switch st := s.(type) {
	case *ReflectionState:
		for _, pr := range st.Prompts {
			if a := st.Answers[pr.ID]; a != nil {
				p.Insights = append(p.Insights, Insight{Activity: activity, Prompt: pr.Title, Text: a.Text})
			}
		}
		acts := make([]*PersonalAction, 0, len(st.Actions))
		for _, a := range st.Actions {
			acts = append(acts, a)
		}
		slices.SortFunc(acts, func(a, b *PersonalAction) int { return cmp.Or(cmp.Compare(a.Pos, b.Pos), cmp.Compare(a.ID, b.ID)) })
		for _, a := range acts {
			p.Actions = append(p.Actions, PlanEntry{Activity: activity, Source: "reflection", Text: a.Text, Due: a.Due, Done: a.Done})
		}
	case *NotesState:
		for _, n := range st.Notes {
			if n.Owner != nil && n.Owner.ID == participant {
				p.Actions = append(p.Actions, PlanEntry{Activity: activity, Source: "notes", Text: n.Text, Due: n.Due})
			}
		}
	case *PlanState:
		for _, r := range st.Rows {
			var owner PersonRef
			if json.Unmarshal(r.Cells[PlanOwner], &owner) != nil || owner.ID != participant {
				continue
			}
			var text, due, status string
			json.Unmarshal(r.Cells[PlanItem], &text)
			json.Unmarshal(r.Cells[PlanDue], &due)
			json.Unmarshal(r.Cells[PlanStatus], &status)
			p.Actions = append(p.Actions, PlanEntry{Activity: activity, Source: "plan", Text: text, Due: due, Done: status == "done"})
		}
	}
}

// Sort orders the actions by due date (undated last), then activity and text.
func (p *ActionPlan) Sort() {
	slices.SortStableFunc(p.Actions, func(a, b PlanEntry) int {
		if (a.Due == "") != (b.Due == "") {
			if a.Due == "" {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.Due, b.Due), cmp.Compare(a.Activity, b.Activity), cmp.Compare(a.Text, b.Text))
	})
}
