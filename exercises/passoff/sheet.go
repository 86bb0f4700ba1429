package passoff

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Paper score sheets: a CSV file, UTF-8 with or without a byte-order mark,
// with a header row and one score per row. The columns may come in any order
// and carry English or Chinese headers:
//
//	performer  学员, 表演者, 学员姓名     required
//	judge      评委, 评委姓名              required
//	criterion  评分项, 评分维度, 维度       required: the criterion's id or its Chinese or English name
//	score      分数, 得分, 评分            required: a whole number on the rubric's scale
//	attempt    第几次, 次数, 轮次          optional: 1 for the first attempt (default 1)
//	group      小组, 组别, 组              optional
//
// Any bad row stops the reading with an error naming the row.

// Limits of a score sheet.
const (
	MaxSheetRows  = 100_000
	MaxSheetField = 200 // characters
)

var sheetHeaders = map[string][]string{
	"performer": {"performer", "学员", "表演者", "学员姓名", "姓名"},
	"judge":     {"judge", "评委", "评委姓名"},
	"criterion": {"criterion", "评分项", "评分维度", "维度"},
	"score":     {"score", "分数", "得分", "评分"},
	"attempt":   {"attempt", "第几次", "次数", "轮次"},
	"group":     {"group", "小组", "组别", "组"},
}

// SheetError is a problem with one row (or the header, row 1) of a sheet.
type SheetError struct {
	Row     int
	Message string
}

func (e *SheetError) Error() string { return fmt.Sprintf("row %d: %s", e.Row, e.Message) }

// ReadSheet reads a score sheet against a rubric and returns one performance
// per performer and attempt, in the order they first appear.
func ReadSheet(r *Rubric, in io.Reader) ([]Performance, error) {
	br := bufio.NewReader(in)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &SheetError{Row: 1, Message: "the sheet is empty; the first row must name the columns performer, judge, criterion, score"}
	}
	if err != nil {
		return nil, csvError(err)
	}
	cols, err := sheetColumns(header)
	if err != nil {
		return nil, err
	}
	criteria := criterionLookup(r)

	type key struct {
		performer string
		attempt   int
	}
	perfs := map[key]*Performance{}
	groupOf := map[string]string{}
	var order []key
	seen := map[string]int{} // performer|attempt|judge|criterion → row
	rows := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		row, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		rows++
		if rows > MaxSheetRows {
			return nil, &SheetError{Row: row, Message: fmt.Sprintf("the sheet has more than %d scores", MaxSheetRows)}
		}
		field := func(name string) (string, error) {
			i, ok := cols[name]
			if !ok || i >= len(rec) {
				return "", nil
			}
			v := strings.TrimSpace(rec[i])
			if !utf8.ValidString(v) {
				return "", &SheetError{Row: row, Message: fmt.Sprintf("the %s is not valid UTF-8: save the sheet as \"CSV UTF-8\"", name)}
			}
			if utf8.RuneCountInString(v) > MaxSheetField {
				return "", &SheetError{Row: row, Message: fmt.Sprintf("the %s is longer than %d characters", name, MaxSheetField)}
			}
			return v, nil
		}
		var vals [6]string
		for i, name := range []string{"performer", "judge", "criterion", "score", "attempt", "group"} {
			if vals[i], err = field(name); err != nil {
				return nil, err
			}
		}
		performer, judge, critText, scoreText, attemptText, group := vals[0], vals[1], vals[2], vals[3], vals[4], vals[5]
		switch {
		case performer == "":
			return nil, &SheetError{Row: row, Message: "the performer is empty"}
		case judge == "":
			return nil, &SheetError{Row: row, Message: "the judge is empty"}
		case critText == "":
			return nil, &SheetError{Row: row, Message: "the criterion is empty"}
		}
		crit, ok := criteria[strings.ToLower(critText)]
		if !ok {
			return nil, &SheetError{Row: row, Message: fmt.Sprintf("the rubric has no criterion %q (use one of: %s)", critText, strings.Join(r.CriterionIDs(), ", "))}
		}
		score, err := strconv.Atoi(scoreText)
		if err != nil {
			return nil, &SheetError{Row: row, Message: fmt.Sprintf("the score %q is not a whole number", scoreText)}
		}
		if !r.Scale.Contains(score) {
			return nil, &SheetError{Row: row, Message: fmt.Sprintf("the score %d is outside the rubric's %d–%d scale", score, r.Scale.Min, r.Scale.Max)}
		}
		attempt := 1
		if attemptText != "" {
			if attempt, err = strconv.Atoi(attemptText); err != nil || attempt < 1 || attempt > 100 {
				return nil, &SheetError{Row: row, Message: fmt.Sprintf("the attempt %q must be a whole number from 1 to 100", attemptText)}
			}
		}
		if judge == performer {
			return nil, &SheetError{Row: row, Message: fmt.Sprintf("%s scores their own performance; a judge cannot score themselves", judge)}
		}
		if g, ok := groupOf[performer]; ok && g != group {
			return nil, &SheetError{Row: row, Message: fmt.Sprintf("%s is in group %q here but in %q on an earlier row", performer, group, g)}
		}
		groupOf[performer] = group
		dup := performer + "\x00" + strconv.Itoa(attempt) + "\x00" + judge + "\x00" + crit
		if first, ok := seen[dup]; ok {
			return nil, &SheetError{Row: row, Message: fmt.Sprintf("%s already scored %s of %s (attempt %d) on row %d", judge, critText, performer, attempt, first)}
		}
		seen[dup] = row
		k := key{performer, attempt}
		p := perfs[k]
		if p == nil {
			p = &Performance{ID: performer + "#" + strconv.Itoa(attempt), Performer: performer, Name: performer,
				Group: group, Attempt: attempt, Ratings: Ratings{}}
			perfs[k] = p
			order = append(order, k)
		}
		p.Ratings.Set(judge, crit, score)
	}
	if len(order) == 0 {
		return nil, &SheetError{Row: 2, Message: "the sheet has a header but no scores"}
	}
	out := make([]Performance, len(order))
	for i, k := range order {
		out[i] = *perfs[k]
	}
	return out, nil
}

func sheetColumns(header []string) (map[string]int, error) {
	cols := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		for name, aliases := range sheetHeaders {
			for _, a := range aliases {
				if h == a {
					if _, dup := cols[name]; dup {
						return nil, &SheetError{Row: 1, Message: fmt.Sprintf("two columns mean %s", name)}
					}
					cols[name] = i
				}
			}
		}
	}
	for _, need := range []string{"performer", "judge", "criterion", "score"} {
		if _, ok := cols[need]; !ok {
			return nil, &SheetError{Row: 1, Message: fmt.Sprintf("no %s column: the header must name performer (学员), judge (评委), criterion (评分项) and score (分数)", need)}
		}
	}
	return cols, nil
}

// criterionLookup maps a criterion's id and names, lower-cased, to its id.
func criterionLookup(r *Rubric) map[string]string {
	m := map[string]string{}
	for _, c := range r.Criteria {
		for _, k := range []string{c.ID, c.Name.ZH, c.Name.EN} {
			if k != "" {
				m[strings.ToLower(k)] = c.ID
			}
		}
	}
	return m
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &SheetError{Row: pe.StartLine, Message: "the CSV is malformed: " + pe.Err.Error()}
	}
	return err
}
