package exercises

import (
	"encoding/json"
	"fmt"

	"playbook/playbook"
)

// The tables kind (module 2, "5张表"): the five daily-management tables —
// their columns, who fills them and how often. The seed names the five
// tables without defining them; the board starts from the workshop's
// interpretation (curriculum.md), says so, and everything in it is editable.

// TablesKind is the kind's name.
const TablesKind = "tables"

// TableColumn is one column of a daily table.
type TableColumn struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	Type     string  `json:"type"`
	Required bool    `json:"required"`
	Pos      float64 `json:"pos"`
}

func (c *TableColumn) position() float64 { return c.Pos }
func (c *TableColumn) itemID() string    { return c.ID }

// DailyTableItem is one of the daily tables.
type DailyTableItem struct {
	ID        string                  `json:"id"`
	Name      string                  `json:"name"`
	Purpose   string                  `json:"purpose"`
	Owner     string                  `json:"owner"`
	Frequency string                  `json:"frequency"`
	Module    int                     `json:"module"`
	Columns   map[string]*TableColumn `json:"columns"`
	Pos       float64                 `json:"pos"`
}

func (t *DailyTableItem) position() float64 { return t.Pos }
func (t *DailyTableItem) itemID() string    { return t.ID }

// TablesState is the document of a tables board. Interpretation says that
// the starting content is the workshop's reading of the seed.
type TablesState struct {
	Interpretation Text                       `json:"interpretation"`
	Tables         map[string]*DailyTableItem `json:"tables"`
	Issues         []Issue                    `json:"issues"`
	// Comments are the trainer's coaching on an item (or on the board).
	Comments
}

// TablesInterpretation is the note shown with the five tables.
var TablesInterpretation = Text{
	ZH: "“5张表”在课程资料中没有定义，这里是本工作坊的解读：目标分解表、客户分级档案表、拜访/行动计划表、商机（漏斗）跟进表、回款/应收跟踪表。请按公司实际修改。",
	EN: "The seed names “5 tables” without defining them; this is the workshop's interpretation: target breakdown, graded accounts, visit and action plan, opportunities by stage, receivables and collections. Change them to fit the company.",
}

type defaultColumn struct {
	name, typ string
	required  bool
}

type defaultTable struct {
	id, name, purpose, owner, frequency string
	module                              int
	columns                             []defaultColumn
}

// defaultTables is the interpretation of the five tables (curriculum.md),
// each tied to its module.
var defaultTables = []defaultTable{
	{"target_breakdown", "目标分解表", "年度目标按季度、月、区域、个人、存量与增量分解，并跟踪达成", "销售负责人", "monthly", 1, []defaultColumn{
		{"区域/团队", "select", true}, {"销售", "person", true}, {"月份", "date", true}, {"存量目标", "money", true},
		{"增量目标", "money", true}, {"实际达成", "money", false}, {"达成率", "percent", false}}},
	{"account_grades", "客户分级档案表", "按级别管理重点客户：类型、规模、级别、负责人", "区域经理", "monthly", 4, []defaultColumn{
		{"客户名称", "text", true}, {"行业/类型", "select", true}, {"规模", "number", false}, {"级别", "select", true},
		{"关键联系人", "text", false}, {"负责人", "person", true}}},
	{"visit_plan", "拜访/行动计划表", "每周拜访与行动计划，对比计划与完成", "销售", "weekly", 2, []defaultColumn{
		{"日期", "date", true}, {"客户", "text", true}, {"目的", "text", true}, {"计划/完成", "select", true},
		{"结果与下一步", "text", false}}},
	{"opportunities", "商机（漏斗）跟进表", "按阶段跟进每个商机的金额、赢率与下一步", "销售", "weekly", 5, []defaultColumn{
		{"商机名称", "text", true}, {"客户", "text", true}, {"阶段", "select", true}, {"预计金额", "money", true},
		{"赢率", "percent", true}, {"预计签约日", "date", true}, {"下一步", "text", true}}},
	{"receivables", "回款/应收跟踪表", "跟踪应收账款、账龄与催收动作", "销售内勤", "weekly", 2, []defaultColumn{
		{"客户", "text", true}, {"合同编号", "text", true}, {"应收金额", "money", true}, {"到期日", "date", true},
		{"账龄（天）", "number", false}, {"催收动作", "text", false}}},
}

// DefaultTableRefs lists the five tables' ids and names, for boards (such
// as meetings) that refer to them.
func DefaultTableRefs() []TableRef {
	out := make([]TableRef, len(defaultTables))
	for i, t := range defaultTables {
		out[i] = TableRef{ID: t.id, Name: t.name}
	}
	return out
}

// TableRef names a daily table.
type TableRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func init() {
	Register(&Kind{Ops: []string{"table.add", "table.set", "table.move", "table.delete", "column.add", "column.set", "column.move", "column.delete", "comment.add", "comment.edit", "comment.delete"}, Name: TablesKind, New: newTables, Decode: func(data []byte) (State, error) {
		s, err := decodeInto[TablesState](data)
		if err != nil {
			return nil, err
		}
		t := s.(*TablesState)
		if t.Tables == nil {
			t.Tables = map[string]*DailyTableItem{}
		}
		for _, tb := range t.Tables {
			if tb.Columns == nil {
				tb.Columns = map[string]*TableColumn{}
			}
		}
		if t.Issues == nil {
			t.Issues = []Issue{}
		}
		return t, nil
	}})
}

func newTables(json.RawMessage) (State, error) {
	s := &TablesState{Interpretation: TablesInterpretation, Tables: map[string]*DailyTableItem{}}
	for i, d := range defaultTables {
		t := &DailyTableItem{ID: d.id, Name: d.name, Purpose: d.purpose, Owner: d.owner, Frequency: d.frequency,
			Module: d.module, Columns: map[string]*TableColumn{}, Pos: float64(i + 1)}
		for j, c := range d.columns {
			id := fmt.Sprintf("c%d", j+1)
			t.Columns[id] = &TableColumn{ID: id, Name: c.name, Type: c.typ, Required: c.required, Pos: float64(j + 1)}
		}
		s.Tables[d.id] = t
	}
	s.recompute()
	return s, nil
}

type columnAddOp struct {
	Kind     string   `json:"kind"`
	Table    string   `json:"table"`
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Required bool     `json:"required"`
	Pos      *float64 `json:"pos"`
}

type columnSetOp struct {
	Kind  string          `json:"kind"`
	Table string          `json:"table"`
	ID    string          `json:"id"`
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
}

type columnRefOp struct {
	Kind  string   `json:"kind"`
	Table string   `json:"table"`
	ID    string   `json:"id"`
	Pos   *float64 `json:"pos"`
}

// Apply implements State.
func (s *TablesState) Apply(op Operation, ctx *Context) ([]Change, error) {
	if ctx.Visiting {
		return nil, Refuse(CodeForbidden, "", "visitors may not edit another group's tables")
	}
	return applyChecked(s, func() error { return s.apply(op) })
}

func (s *TablesState) apply(op Operation) error {
	switch op.Kind {
	case "table.add":
		var o namedAddOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if err := newItemID(s.Tables, o.ID); err != nil {
			return err
		}
		name, err := CleanText("name", o.Name, MaxShortText, false)
		if err != nil {
			return err
		}
		pos, err := checkPos(o.Pos, s.Tables)
		if err != nil {
			return err
		}
		s.Tables[o.ID] = &DailyTableItem{ID: o.ID, Name: name, Frequency: "weekly", Columns: map[string]*TableColumn{}, Pos: pos}
		return nil
	case "table.set":
		var o setOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		t, ok := s.Tables[o.ID]
		if !ok {
			return noSuch("table", o.ID)
		}
		var err error
		switch o.Field {
		case "name":
			t.Name, err = textValue(o.Field, o.Value, MaxShortText)
		case "purpose":
			t.Purpose, err = textValue(o.Field, o.Value, MaxNoteText)
		case "owner":
			t.Owner, err = textValue(o.Field, o.Value, MaxShortText)
		case "frequency":
			t.Frequency, err = enumValue(o.Field, o.Value, playbook.Frequencies)
		default:
			return unknownField("a table", o.Field)
		}
		return err
	case "table.move":
		var o moveOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		t, ok := s.Tables[o.ID]
		if !ok {
			return noSuch("table", o.ID)
		}
		pos, err := checkPos(o.Pos, s.Tables)
		t.Pos = pos
		return err
	case "table.delete":
		var o refOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if _, ok := s.Tables[o.ID]; !ok {
			return noSuch("table", o.ID)
		}
		delete(s.Tables, o.ID)
		return nil
	case "column.add":
		var o columnAddOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		t, ok := s.Tables[o.Table]
		if !ok {
			return noSuch("table", o.Table)
		}
		if err := newItemID(t.Columns, o.ID); err != nil {
			return err
		}
		name, err := CleanText("name", o.Name, MaxShortText, false)
		if err != nil {
			return err
		}
		typ := o.Type
		if typ == "" {
			typ = "text"
		} else if _, err := enumValue("type", mustRaw(typ), playbook.ColumnTypes); err != nil {
			return err
		}
		pos, err := checkPos(o.Pos, t.Columns)
		if err != nil {
			return err
		}
		t.Columns[o.ID] = &TableColumn{ID: o.ID, Name: name, Type: typ, Required: o.Required, Pos: pos}
		return nil
	case "column.set":
		var o columnSetOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		c, err := s.column(o.Table, o.ID)
		if err != nil {
			return err
		}
		switch o.Field {
		case "name":
			c.Name, err = textValue(o.Field, o.Value, MaxShortText)
		case "type":
			c.Type, err = enumValue(o.Field, o.Value, playbook.ColumnTypes)
		case "required":
			err = decodeValue(o.Field, o.Value, &c.Required)
		default:
			return unknownField("a column", o.Field)
		}
		return err
	case "column.move":
		var o columnRefOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		c, err := s.column(o.Table, o.ID)
		if err != nil {
			return err
		}
		pos, err := checkPos(o.Pos, s.Tables[o.Table].Columns)
		c.Pos = pos
		return err
	case "column.delete":
		var o columnRefOp
		if err := DecodeOp(op, &o); err != nil {
			return err
		}
		if _, err := s.column(o.Table, o.ID); err != nil {
			return err
		}
		delete(s.Tables[o.Table].Columns, o.ID)
		return nil
	}
	return unknownOp(TablesKind, op.Kind)
}

func (s *TablesState) column(table, id string) (*TableColumn, error) {
	t, ok := s.Tables[table]
	if !ok {
		return nil, noSuch("table", table)
	}
	c, ok := t.Columns[id]
	if !ok {
		return nil, noSuch("column", id)
	}
	return c, nil
}

// Compile returns the daily tables in order.
func (s *TablesState) Compile() []playbook.DailyTable {
	out := []playbook.DailyTable{}
	for _, t := range ordered(s.Tables) {
		dt := playbook.DailyTable{ID: t.ID, Name: t.Name, Purpose: t.Purpose, Owner: t.Owner, Frequency: t.Frequency, Columns: []playbook.Column{}}
		for _, c := range ordered(t.Columns) {
			dt.Columns = append(dt.Columns, playbook.Column{Name: c.Name, Type: c.Type, Required: c.Required})
		}
		out = append(out, dt)
	}
	return out
}

// CompileInto implements Section.
func (s *TablesState) CompileInto(p *playbook.Playbook) { p.DailyTables = s.Compile() }

func (s *TablesState) recompute() {
	list := s.Compile()
	tables := ordered(s.Tables)
	probs := playbook.ValidateDailyTables(list, "$.tables")
	s.Issues = issuesFrom(probs, func(segs []pathSeg) []string {
		var out []string
		var table *DailyTableItem
		for _, sg := range segs {
			switch {
			case sg.key == "tables" && sg.index >= 0 && sg.index < len(tables):
				table = tables[sg.index]
				out = append(out, "tables", table.ID)
			case sg.key == "columns" && table != nil && sg.index >= 0:
				cols := ordered(table.Columns)
				out = append(out, "columns")
				if sg.index < len(cols) {
					out = append(out, cols[sg.index].ID)
				}
			default:
				out = append(out, sg.key)
			}
		}
		return out
	})
}

var _ Section = (*TablesState)(nil)

// HasItem reports whether id names a table (for comments).
func (s *TablesState) HasItem(id string) bool { return s.Tables[id] != nil }
