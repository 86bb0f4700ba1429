package exercises

import (
	"encoding/json"
	"slices"
)

// The plan kind: rows of actions, each with an owner and a due date — a
// training plan (6.3) or any action list. It is a table whose first column
// is the action (or what the activity calls it: 能力项 in 6.3), followed by
// the activity's own fields, then the fixed owner, due date and status
// columns. Rows whose owner is a participant go to that participant's
// action plan.

// The fixed columns of a plan.
const (
	PlanItem   = "item"
	PlanOwner  = "owner"
	PlanDue    = "due"
	PlanStatus = "status"
)

// PlanConfig configures a plan board.
type PlanConfig struct {
	Item           Text     `json:"item,omitzero"`    // the first column's title (default 行动 / Action)
	Fields         []Column `json:"fields,omitempty"` // columns between the item and the owner
	MinRows        int      `json:"min_rows,omitempty"`
	MaxRows        int      `json:"max_rows,omitempty"`
	VotesPerPerson int      `json:"votes_per_person,omitempty"`
}

// PlanState is the document of a plan board: a table with the plan's columns.
type PlanState struct {
	TableState
}

func init() {
	Register(&Kind{Name: "plan", Ops: []string{"row.add", "row.move", "row.delete", "cell.set", "vote.add", "vote.remove", "comment.add", "comment.edit", "comment.delete"}, New: newPlan, Decode: decodePlan})
}

func newPlan(cfg json.RawMessage) (State, error) {
	var c PlanConfig
	if err := strictConfig("plan", cfg, &c); err != nil {
		return nil, err
	}
	item := c.Item
	if item == (Text{}) {
		item = Text{ZH: "行动", EN: "Action"}
	}
	cols := []Column{{ID: PlanItem, Title: item, Type: ColText, Required: true}}
	for _, f := range c.Fields {
		if slices.Contains([]string{PlanItem, PlanOwner, PlanDue, PlanStatus}, f.ID) {
			return nil, Refuse(CodeInvalidOp, "fields.id", "field id %q is one of the plan's own columns", f.ID)
		}
		cols = append(cols, f)
	}
	cols = append(cols,
		Column{ID: PlanOwner, Title: Text{ZH: "负责人", EN: "Owner"}, Type: ColPerson, Required: true},
		Column{ID: PlanDue, Title: Text{ZH: "完成日期", EN: "Due date"}, Type: ColDate, Required: true},
		Column{ID: PlanStatus, Title: Text{ZH: "状态", EN: "Status"}, Type: ColSelect, Options: []Option{
			{ID: "todo", Title: Text{ZH: "未开始", EN: "To do"}},
			{ID: "doing", Title: Text{ZH: "进行中", EN: "Doing"}},
			{ID: "done", Title: Text{ZH: "已完成", EN: "Done"}},
		}})
	t, err := TableConfig{Columns: cols, MinRows: c.MinRows, MaxRows: c.MaxRows, VotesPerPerson: c.VotesPerPerson}.state()
	if err != nil {
		return nil, err
	}
	return &PlanState{TableState: *t}, nil
}

func decodePlan(data []byte) (State, error) {
	st, err := decodeInto[PlanState](data)
	if err != nil {
		return nil, err
	}
	st.(*PlanState).init()
	return st, nil
}
