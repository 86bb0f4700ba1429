package exercises

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The table kind: rows of typed cells (text, number, percent, money, date,
// select, person), edited cell by cell. Required cells and a minimum number
// of rows are what a group still has to fill in (the console shows them as
// missing); a maximum number of rows is enforced. Rows take dot votes when
// the activity gives each person votes.

// Column types.
const (
	ColText    = "text"
	ColNumber  = "number"
	ColPercent = "percent"
	ColMoney   = "money" // integer minor units (fen, cents)
	ColDate    = "date"  // "YYYY-MM-DD"
	ColSelect  = "select"
	ColPerson  = "person" // {"id"?, "name"}
)

// ColumnTypes lists every column type.
var ColumnTypes = []string{ColText, ColNumber, ColPercent, ColMoney, ColDate, ColSelect, ColPerson}

// Limits of a table.
const (
	MaxColumns       = 20
	MaxOptions       = 30
	DefaultTableRows = 100
	MaxTableRows     = 200
	maxMoneyMinor    = 1e15
)

// Column is one typed column.
type Column struct {
	ID       string   `json:"id"`
	Title    Text     `json:"title"`
	Type     string   `json:"type"`
	Required bool     `json:"required,omitempty"`
	Options  []Option `json:"options,omitempty"`  // select
	Multiple bool     `json:"multiple,omitempty"` // select: several options per cell
	Min      *float64 `json:"min,omitempty"`      // number, percent, money (minor units)
	Max      *float64 `json:"max,omitempty"`
	Integer  bool     `json:"integer,omitempty"`  // number: whole numbers only
	Currency string   `json:"currency,omitempty"` // money: ISO 4217 code, "CNY" by default
	Hint     Text     `json:"hint,omitzero"`
}

// Option is one choice of a select column or a poll.
type Option struct {
	ID    string `json:"id"`
	Title Text   `json:"title"`
}

// TableConfig configures a table board.
type TableConfig struct {
	Columns        []Column                     `json:"columns"`
	MinRows        int                          `json:"min_rows,omitempty"`
	MaxRows        int                          `json:"max_rows,omitempty"`
	VotesPerPerson int                          `json:"votes_per_person,omitempty"`
	Rows           []map[string]json.RawMessage `json:"rows,omitempty"` // rows the board starts with
}

// Row is one row of a table.
type Row struct {
	ID     string                     `json:"id"`
	Pos    float64                    `json:"pos"`
	Cells  map[string]json.RawMessage `json:"cells"`
	Author Author                     `json:"author"`
	Seq    int64                      `json:"seq"` // sequence of the last change to the row
}

// TableState is the document of a table board.
type TableState struct {
	Columns        []Column        `json:"columns"`
	MinRows        int             `json:"min_rows"`
	MaxRows        int             `json:"max_rows"`
	VotesPerPerson int             `json:"votes_per_person"`
	Rows           map[string]*Row `json:"rows"`
	Votes          Votes           `json:"votes"` // row id → voter id → dots
	Comments
}

func init() {
	Register(&Kind{Ops: []string{"row.add", "row.move", "row.delete", "cell.set", "vote.add", "vote.remove", "comment.add", "comment.edit", "comment.delete"}, Name: "table", New: newTable, Decode: decodeTable})
}

func newTable(cfg json.RawMessage) (State, error) {
	var c TableConfig
	if err := strictConfig("table", cfg, &c); err != nil {
		return nil, err
	}
	return c.state()
}

// state validates the configuration and builds the initial state.
func (c TableConfig) state() (*TableState, error) {
	if len(c.Columns) == 0 {
		return nil, Refuse(CodeInvalidOp, "columns", "a table needs at least one column")
	}
	if len(c.Columns) > MaxColumns {
		return nil, Refuse(CodeLimit, "columns", "a table has at most %d columns", MaxColumns)
	}
	seen := map[string]bool{}
	for i := range c.Columns {
		col := &c.Columns[i]
		if err := col.validate(); err != nil {
			return nil, err
		}
		if seen[col.ID] {
			return nil, Refuse(CodeInvalidOp, "columns.id", "column %q appears twice", col.ID)
		}
		seen[col.ID] = true
	}
	if c.MaxRows == 0 {
		c.MaxRows = DefaultTableRows
	}
	if c.MaxRows < 1 || c.MaxRows > MaxTableRows {
		return nil, Refuse(CodeInvalidOp, "max_rows", "max_rows must be between 1 and %d", MaxTableRows)
	}
	if c.MinRows < 0 || c.MinRows > c.MaxRows {
		return nil, Refuse(CodeInvalidOp, "min_rows", "min_rows must be between 0 and max_rows")
	}
	if c.VotesPerPerson < 0 || c.VotesPerPerson > MaxVotesPerPerson {
		return nil, Refuse(CodeInvalidOp, "votes_per_person", "votes per person must be between 0 and %d", MaxVotesPerPerson)
	}
	if len(c.Rows) > c.MaxRows {
		return nil, Refuse(CodeLimit, "rows", "more starting rows than max_rows")
	}
	s := &TableState{Columns: c.Columns, MinRows: c.MinRows, MaxRows: c.MaxRows, VotesPerPerson: c.VotesPerPerson,
		Rows: map[string]*Row{}, Votes: Votes{}, Comments: NewComments()}
	for i, cells := range c.Rows {
		id := "r" + strconv.Itoa(i+1)
		row := &Row{ID: id, Pos: float64(i + 1), Cells: map[string]json.RawMessage{}, Author: Author{Kind: RoleTrainer}}
		for colID, raw := range cells {
			v, err := s.cell(colID, raw)
			if err != nil {
				return nil, err
			}
			if v != nil {
				row.Cells[colID] = v
			}
		}
		s.Rows[id] = row
	}
	return s, nil
}

func (col *Column) validate() error {
	if err := CheckID("columns.id", col.ID); err != nil {
		return err
	}
	if err := col.Title.Validate("columns.title", MaxShortText); err != nil {
		return err
	}
	if col.Hint != (Text{}) {
		if err := col.Hint.Validate("columns.hint", MaxHintText); err != nil {
			return err
		}
	}
	if !slices.Contains(ColumnTypes, col.Type) {
		return Refuse(CodeInvalidOp, "columns.type", "column %s: type must be one of %s", col.ID, strings.Join(ColumnTypes, ", "))
	}
	if col.Type == ColSelect {
		if len(col.Options) == 0 || len(col.Options) > MaxOptions {
			return Refuse(CodeInvalidOp, "columns.options", "column %s: a select column has 1 to %d options", col.ID, MaxOptions)
		}
		ids := map[string]bool{}
		for _, o := range col.Options {
			if err := CheckID("columns.options.id", o.ID); err != nil {
				return err
			}
			if ids[o.ID] {
				return Refuse(CodeInvalidOp, "columns.options.id", "column %s: option %q appears twice", col.ID, o.ID)
			}
			ids[o.ID] = true
			if err := o.Title.Validate("columns.options.title", MaxShortText); err != nil {
				return err
			}
		}
	} else if len(col.Options) > 0 || col.Multiple {
		return Refuse(CodeInvalidOp, "columns.options", "column %s: only select columns have options", col.ID)
	}
	numeric := col.Type == ColNumber || col.Type == ColPercent || col.Type == ColMoney
	if !numeric && (col.Min != nil || col.Max != nil) {
		return Refuse(CodeInvalidOp, "columns.min", "column %s: only number, percent and money columns have bounds", col.ID)
	}
	if col.Integer && col.Type != ColNumber {
		return Refuse(CodeInvalidOp, "columns.integer", "column %s: only number columns are integer-only", col.ID)
	}
	for _, b := range []*float64{col.Min, col.Max} {
		if b != nil && (math.IsNaN(*b) || math.IsInf(*b, 0)) {
			return Refuse(CodeInvalidOp, "columns.min", "column %s: bounds must be finite", col.ID)
		}
	}
	if col.Min != nil && col.Max != nil && *col.Min > *col.Max {
		return Refuse(CodeInvalidOp, "columns.min", "column %s: min is above max", col.ID)
	}
	if col.Currency != "" && (col.Type != ColMoney || len(col.Currency) != 3 || strings.ToUpper(col.Currency) != col.Currency) {
		return Refuse(CodeInvalidOp, "columns.currency", "column %s: currency is a three-letter code on money columns", col.ID)
	}
	return nil
}

func decodeTable(data []byte) (State, error) {
	s, err := decodeInto[TableState](data)
	if err != nil {
		return nil, err
	}
	s.(*TableState).init()
	return s, nil
}

func (s *TableState) init() {
	if s.Rows == nil {
		s.Rows = map[string]*Row{}
	}
	for _, r := range s.Rows {
		if r.Cells == nil {
			r.Cells = map[string]json.RawMessage{}
		}
	}
	if s.Votes == nil {
		s.Votes = Votes{}
	}
	s.commentSet()
}

type rowAddOp struct {
	Kind  string                     `json:"kind"`
	ID    string                     `json:"id"`
	Pos   *float64                   `json:"pos"`
	Cells map[string]json.RawMessage `json:"cells"`
}

type rowMoveOp struct {
	Kind string  `json:"kind"`
	ID   string  `json:"id"`
	Pos  float64 `json:"pos"`
}

type rowRefOp struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

type cellSetOp struct {
	Kind   string          `json:"kind"`
	Row    string          `json:"row"`
	Column string          `json:"column"`
	Value  json.RawMessage `json:"value"`
}

type rowVoteOp struct {
	Kind string `json:"kind"`
	Row  string `json:"row"`
}

// Apply implements State. Operations: row.add, row.move, row.delete,
// cell.set, vote.add, vote.remove.
func (s *TableState) Apply(op Operation, ctx *Context) ([]Change, error) {
	if err := votesOnlyFromVisitors(op, ctx); err != nil {
		return nil, err
	}
	switch op.Kind {
	case "row.add":
		var o rowAddOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if err := CheckID("id", o.ID); err != nil {
			return nil, err
		}
		if _, dup := s.Rows[o.ID]; dup {
			return nil, Refuse(CodeConflict, "id", "a row %q already exists", o.ID)
		}
		if len(s.Rows) >= s.MaxRows {
			return nil, Refuse(CodeLimit, "", "this table holds at most %d rows", s.MaxRows)
		}
		row := &Row{ID: o.ID, Cells: map[string]json.RawMessage{}, Seq: ctx.Seq,
			Author: ctx.Actor.author()}
		if o.Pos != nil {
			if err := finitePos(*o.Pos); err != nil {
				return nil, err
			}
			row.Pos = *o.Pos
		} else {
			for _, r := range s.Rows {
				row.Pos = math.Max(row.Pos, r.Pos)
			}
			row.Pos = math.Floor(row.Pos) + 1
		}
		for colID, raw := range o.Cells {
			v, err := s.cell(colID, raw)
			if err != nil {
				return nil, err
			}
			if v != nil {
				row.Cells[colID] = v
			}
		}
		s.Rows[row.ID] = row
		return []Change{Set(row, "rows", row.ID)}, nil
	case "row.move":
		var o rowMoveOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		row, err := s.row(o.ID)
		if err != nil {
			return nil, err
		}
		if err := finitePos(o.Pos); err != nil {
			return nil, err
		}
		row.Pos, row.Seq = o.Pos, ctx.Seq
		return []Change{Set(o.Pos, "rows", row.ID, "pos"), Set(ctx.Seq, "rows", row.ID, "seq")}, nil
	case "row.delete":
		var o rowRefOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if _, err := s.row(o.ID); err != nil {
			return nil, err
		}
		delete(s.Rows, o.ID)
		return append([]Change{Del("rows", o.ID)}, s.Votes.drop(o.ID)...), nil
	case "cell.set":
		var o cellSetOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		row, err := s.row(o.Row)
		if err != nil {
			return nil, err
		}
		v, err := s.cell(o.Column, o.Value)
		if err != nil {
			return nil, err
		}
		if v == nil {
			if _, had := row.Cells[o.Column]; !had {
				return nil, Refuse(CodeConflict, "value", "the cell is already empty")
			}
			row.Seq = ctx.Seq
			delete(row.Cells, o.Column)
			return []Change{Del("rows", row.ID, "cells", o.Column), Set(ctx.Seq, "rows", row.ID, "seq")}, nil
		}
		row.Cells[o.Column], row.Seq = v, ctx.Seq
		return []Change{Set(v, "rows", row.ID, "cells", o.Column), Set(ctx.Seq, "rows", row.ID, "seq")}, nil
	case "vote.add", "vote.remove":
		var o rowVoteOp
		if err := DecodeOp(op, &o); err != nil {
			return nil, err
		}
		if _, err := s.row(o.Row); err != nil {
			return nil, err
		}
		if op.Kind == "vote.add" {
			return s.Votes.add("row", o.Row, ctx.Actor.ID, s.VotesPerPerson)
		}
		return s.Votes.remove("row", o.Row, ctx.Actor.ID)
	}
	return nil, Refuse(CodeInvalidOp, "kind", "a table has no operation %q", op.Kind)
}

func (s *TableState) row(id string) (*Row, error) {
	r, ok := s.Rows[id]
	if !ok {
		return nil, Refuse(CodeNotFound, "row", "there is no row %q (it may have been deleted)", id)
	}
	return r, nil
}

func (s *TableState) column(id string) *Column {
	for i := range s.Columns {
		if s.Columns[i].ID == id {
			return &s.Columns[i]
		}
	}
	return nil
}

// cell checks a value for a column and returns it in canonical JSON; nil
// means the cell is empty (JSON null, "", or an empty list).
func (s *TableState) cell(colID string, raw json.RawMessage) (json.RawMessage, error) {
	col := s.column(colID)
	if col == nil {
		return nil, Refuse(CodeInvalidOp, "column", "there is no column %q", colID)
	}
	return col.Value(raw)
}

// Value checks a value for the column and returns it in canonical JSON; nil
// means empty.
func (col *Column) Value(raw json.RawMessage) (json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	bad := func(format string, args ...any) (json.RawMessage, error) {
		return nil, Refuse(CodeInvalidOp, "value", "column %s: "+format, append([]any{col.ID}, args...)...)
	}
	var out any
	switch col.Type {
	case ColText:
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return bad("the value must be text")
		}
		text, err := CleanText("value", s, MaxNoteText, false)
		if err != nil {
			return nil, err
		}
		if text == "" {
			return nil, nil
		}
		out = text
	case ColNumber, ColPercent, ColMoney:
		var f float64
		if json.Unmarshal(raw, &f) != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return bad("the value must be a number")
		}
		lo, hi := col.Min, col.Max
		switch col.Type {
		case ColPercent:
			if lo == nil {
				lo = ptr(0.0)
			}
			if hi == nil {
				hi = ptr(100.0)
			}
		case ColMoney:
			if f != math.Trunc(f) || math.Abs(f) > maxMoneyMinor {
				return bad("money is a whole number of minor units (fen, cents) up to 10^15")
			}
		}
		if col.Integer && f != math.Trunc(f) {
			return bad("the value must be a whole number")
		}
		if lo != nil && f < *lo || hi != nil && f > *hi {
			return bad("the value must be between %s and %s", bound(lo, "−∞"), bound(hi, "∞"))
		}
		out = f
	case ColDate:
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return bad("the value must be a date written YYYY-MM-DD")
		}
		if s == "" {
			return nil, nil
		}
		if err := checkDate("value", s); err != nil {
			return nil, err
		}
		out = s
	case ColSelect:
		var ids []string
		if col.Multiple {
			if json.Unmarshal(raw, &ids) != nil {
				return bad("the value must be a list of option ids")
			}
		} else {
			var id string
			if json.Unmarshal(raw, &id) != nil {
				return bad("the value must be an option id")
			}
			ids = []string{id}
		}
		for i, id := range ids {
			if !slices.ContainsFunc(col.Options, func(o Option) bool { return o.ID == id }) {
				return bad("there is no option %q", id)
			}
			if slices.Contains(ids[:i], id) {
				return bad("option %q is chosen twice", id)
			}
		}
		switch {
		case len(ids) == 0:
			return nil, nil
		case col.Multiple:
			out = ids
		default:
			out = ids[0]
		}
	case ColPerson:
		var p PersonRef
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if dec.Decode(&p) != nil {
			return bad(`the value must be a person {"id", "name"}`)
		}
		clean, err := cleanPerson("value", &p)
		if err != nil {
			return nil, err
		}
		out = clean
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	return b, nil
}

func ptr[T any](v T) *T { return &v }

func bound(b *float64, none string) string {
	if b == nil {
		return none
	}
	return strconv.FormatFloat(*b, 'f', -1, 64)
}

// HasItem reports whether id names a row (for comments).
func (s *TableState) HasItem(id string) bool { _, ok := s.Rows[id]; return ok }

// Missing counts the required cells left empty.
func (s *TableState) Missing() int {
	n := 0
	for _, r := range s.Rows {
		for _, col := range s.Columns {
			if _, ok := r.Cells[col.ID]; col.Required && !ok {
				n++
			}
		}
	}
	return n
}

// Progress counts rows, and the required cells and rows still missing.
func (s *TableState) Progress() Progress {
	return Progress{Items: len(s.Rows), Missing: s.Missing() + max(0, s.MinRows-len(s.Rows))}
}
