package exercises

import (
	"bytes"
	"encoding/json"
	"math"
	"time"
)

// Building blocks the template kinds share: people, dates, positions and
// dot votes.

// PersonRef is someone a cell or an action names: a participant of the workshop
// (ID set, chosen from the group) or anyone else by name.
type PersonRef struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
}

// MaxPersonName bounds a person's name.
const MaxPersonName = 40

// cleanPerson checks a person (nil is allowed and means nobody).
func cleanPerson(field string, p *PersonRef) (*PersonRef, error) {
	if p == nil {
		return nil, nil
	}
	name, err := CleanText(field+".name", p.Name, MaxPersonName, true)
	if err != nil {
		return nil, err
	}
	if p.ID != "" {
		if err := CheckID(field+".id", p.ID); err != nil {
			return nil, err
		}
	}
	return &PersonRef{ID: p.ID, Name: name}, nil
}

// checkDate accepts "" or a date written YYYY-MM-DD.
func checkDate(field, s string) error {
	if s == "" {
		return nil
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return Refuse(CodeInvalidOp, field, "%s must be a date written YYYY-MM-DD", field)
	}
	return nil
}

// finitePos checks a client-given position.
func finitePos(p float64) error {
	if math.IsNaN(p) || math.IsInf(p, 0) || math.Abs(p) > 1e12 {
		return Refuse(CodeInvalidOp, "pos", "pos must be a finite number")
	}
	return nil
}

// author is the actor as the author of what they write.
func (a Actor) author() Author { return Author{ID: a.ID, Name: a.Name, Kind: a.Kind} }

// Votes are dot votes on a board's items: item id → voter id → dots.
type Votes map[string]map[string]int

// By counts the dots voter has placed on the board.
func (v Votes) By(voter string) int {
	n := 0
	for _, byVoter := range v {
		n += byVoter[voter]
	}
	return n
}

// Total counts the dots on an item.
func (v Votes) Total(item string) int {
	n := 0
	for _, dots := range v[item] {
		n += dots
	}
	return n
}

// add places one more of voter's dots on item, within limit dots per person.
// field is the operation's field naming the item ("note", "row"); refusals
// name it.
func (v Votes) add(field, item, voter string, limit int) ([]Change, error) {
	if limit <= 0 {
		return nil, Refuse(CodeInvalidOp, "kind", "this board takes no votes")
	}
	if v.By(voter) >= limit {
		return nil, Refuse(CodeLimit, field, "all %d votes are used; take one back first", limit)
	}
	if v[item] == nil {
		v[item] = map[string]int{}
	}
	v[item][voter]++
	return []Change{Set(v[item][voter], "votes", item, voter)}, nil
}

// remove takes back one of voter's dots on item (field as for add).
func (v Votes) remove(field, item, voter string) ([]Change, error) {
	dots := v[item][voter]
	switch {
	case dots == 0:
		return nil, Refuse(CodeConflict, field, "there is no vote of yours on this %s", field)
	case dots > 1:
		v[item][voter] = dots - 1
		return []Change{Set(dots-1, "votes", item, voter)}, nil
	}
	delete(v[item], voter)
	if len(v[item]) == 0 {
		delete(v, item)
		return []Change{Del("votes", item)}, nil
	}
	return []Change{Del("votes", item, voter)}, nil
}

// merge moves the dots on item from to item into (each voter keeps their
// dots), for an item merged into another.
func (v Votes) merge(from, into string) []Change {
	moved := v[from]
	if len(moved) == 0 {
		return nil
	}
	if v[into] == nil {
		v[into] = map[string]int{}
	}
	for voter, dots := range moved {
		v[into][voter] += dots
	}
	delete(v, from)
	return []Change{Set(v[into], "votes", into), Del("votes", from)}
}

// votesOnlyFromVisitors refuses any operation but a vote from a visitor of
// another group's board (a gallery walk).
func votesOnlyFromVisitors(op Operation, ctx *Context) error {
	if ctx.Visiting && op.Kind != "vote.add" && op.Kind != "vote.remove" {
		return Refuse(CodeForbidden, "", "visitors may only vote on another group's board")
	}
	return nil
}

// drop removes every vote on a deleted item.
func (v Votes) drop(item string) []Change {
	if _, ok := v[item]; !ok {
		return nil
	}
	delete(v, item)
	return []Change{Del("votes", item)}
}

// strictConfig decodes a kind's configuration, refusing unknown fields so a
// misspelt key in a curriculum is reported instead of silently ignored.
func strictConfig(kind string, cfg json.RawMessage, v any) error {
	if len(cfg) == 0 || string(cfg) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(cfg))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return Refuse(CodeInvalidOp, "config", "%s configuration: %s", kind, jsonProblem(err))
	}
	return nil
}
