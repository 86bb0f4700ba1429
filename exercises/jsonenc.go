package exercises

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Board states are encoded to JSON once per committed batch for every board
// the batch changed, and encoding/json's reflection and map-key sorting were
// the largest part of the committer's CPU under load. A kind whose state is
// written often may encode it by hand: AppendJSON must write exactly what
// json.Marshal writes for the state, byte for byte (tests compare the two on
// random states), so stored states and snapshots do not depend on which
// encoder ran.
type jsonAppender interface {
	AppendJSON(dst []byte) ([]byte, error)
}

// EncodeState returns a board state's JSON, as json.Marshal does.
func EncodeState(s State) ([]byte, error) {
	return AppendState(nil, s)
}

// AppendState appends a board state's JSON, as json.Marshal writes it, to dst.
func AppendState(dst []byte, s State) ([]byte, error) {
	if a, ok := s.(jsonAppender); ok {
		return a.AppendJSON(dst)
	}
	data, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	return append(dst, data...), nil
}

// AppendJSON writes the state as json.Marshal would (see jsonAppender).
func (s *NotesState) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"lanes":`...)
	if s.Lanes == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, l := range s.Lanes {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"id":`...)
			b = appendJSONString(b, l.ID)
			b = append(b, `,"title":{"zh-CN":`...)
			b = appendJSONString(b, l.Title.ZH)
			b = append(b, `,"en":`...)
			b = appendJSONString(b, l.Title.EN)
			b = append(b, "}}"...)
		}
		b = append(b, ']')
	}
	b = append(b, `,"votes_per_person":`...)
	b = strconv.AppendInt(b, int64(s.VotesPerPerson), 10)
	if s.Actions {
		b = append(b, `,"actions":true`...)
	}
	b = append(b, `,"notes":`...)
	if s.Notes == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '{')
		for i, k := range sortedKeys(s.Notes) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			n := s.Notes[k]
			if n == nil {
				b = append(b, "null"...)
				continue
			}
			var err error
			if b, err = s.enc.append(b, k, n); err != nil {
				return nil, err
			}
		}
		b = append(b, '}')
		s.enc.forgetDeleted(s.Notes)
	}
	b = append(b, `,"votes":`...)
	if s.Votes == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '{')
		for i, k := range sortedKeys(s.Votes) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			voters := s.Votes[k]
			if voters == nil {
				b = append(b, "null"...)
				continue
			}
			b = append(b, '{')
			for j, v := range sortedKeys(voters) {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendJSONString(b, v)
				b = append(b, ':')
				b = strconv.AppendInt(b, int64(voters[v]), 10)
			}
			b = append(b, '}')
		}
		b = append(b, '}')
	}
	b = s.Comments.appendJSON(b)
	return append(b, '}'), nil
}

func (n *Note) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, n.ID)
	b = append(b, `,"lane":`...)
	b = appendJSONString(b, n.Lane)
	b = append(b, `,"text":`...)
	b = appendJSONString(b, n.Text)
	b = append(b, `,"pos":`...)
	var err error
	if b, err = appendJSONFloat(b, n.Pos); err != nil {
		return nil, err
	}
	b = append(b, `,"author":`...)
	b = n.Author.appendJSON(b)
	b = append(b, `,"seq":`...)
	b = strconv.AppendInt(b, n.Seq, 10)
	if n.Owner != nil {
		b = append(b, `,"owner":{`...)
		if n.Owner.ID != "" {
			b = append(b, `"id":`...)
			b = appendJSONString(b, n.Owner.ID)
			b = append(b, ',')
		}
		b = append(b, `"name":`...)
		b = appendJSONString(b, n.Owner.Name)
		b = append(b, '}')
	}
	if n.Due != "" {
		b = append(b, `,"due":`...)
		b = appendJSONString(b, n.Due)
	}
	return append(b, '}'), nil
}

func (a *Author) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, a.ID)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, a.Name)
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, string(a.Kind))
	return append(b, '}')
}

// appendJSON writes the embedded comments' field (with its leading comma),
// or nothing when there are none (omitempty).
func (c *Comments) appendJSON(b []byte) []byte {
	if len(c.Comments) == 0 {
		return b
	}
	b = append(b, `,"comments":{`...)
	for i, k := range sortedKeys(c.Comments) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		m := c.Comments[k]
		if m == nil {
			b = append(b, "null"...)
			continue
		}
		b = append(b, `{"id":`...)
		b = appendJSONString(b, m.ID)
		b = append(b, `,"item":`...)
		b = appendJSONString(b, m.Item)
		b = append(b, `,"text":`...)
		b = appendJSONString(b, m.Text)
		b = append(b, `,"author":`...)
		b = m.Author.appendJSON(b)
		b = append(b, `,"at":`...)
		b = appendJSONString(b, m.At)
		b = append(b, `,"seq":`...)
		b = strconv.AppendInt(b, m.Seq, 10)
		b = append(b, '}')
	}
	return append(b, '}')
}

// sortedKeys returns a map's keys in the order encoding/json writes them
// (byte order of the UTF-8 strings).
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// appendJSONFloat writes a float64 as encoding/json does (ES6 number
// formatting); NaN and infinities are an error, as there.
func appendJSONFloat(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, fmt.Errorf("json: unsupported value: %s", strconv.FormatFloat(f, 'g', -1, 64))
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

const hexDigits = "0123456789abcdef"

// appendJSONString writes s as a JSON string exactly as encoding/json does
// with HTML escaping on: <, >, & and control characters as \u00XX, invalid
// UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	// In valid UTF-8 (the usual case), multi-byte characters are copied as
	// they are, except U+2028 and U+2029 (E2 80 A8/A9).
	valid := utf8.ValidString(s)
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if valid && c >= utf8.RuneSelf {
			if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				dst = append(dst, s[start:i]...)
				dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&0xF])
				i += 3
				start = i
				continue
			}
			i++
			continue
		}
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// noteEncodings keeps each note's JSON as last written by AppendJSON, with
// the note's value then: a batch usually changes one note of a board, and
// the others are copied instead of encoded again. An entry is used only
// when the note is equal, field by field (the owner's name and id
// included), to the one encoded. Like Apply, AppendJSON must not run on one
// state from two goroutines at once.
type noteEncodings map[string]*noteEncoding

type noteEncoding struct {
	note  Note
	owner PersonRef // *note.Owner then, when it had one
	json  []byte
}

// append writes note n (key k) from the cache when it did not change.
func (m *noteEncodings) append(b []byte, k string, n *Note) ([]byte, error) {
	if e := (*m)[k]; e != nil && e.note == *n && math.Float64bits(e.note.Pos) == math.Float64bits(n.Pos) && // 0 and -0 differ
		(n.Owner == nil || *n.Owner == e.owner) {
		return append(b, e.json...), nil
	}
	start := len(b)
	b, err := n.appendJSON(b)
	if err != nil {
		return nil, err
	}
	e := &noteEncoding{note: *n, json: slices.Clone(b[start:])}
	if n.Owner != nil {
		e.owner = *n.Owner
	}
	if *m == nil {
		*m = noteEncodings{}
	}
	(*m)[k] = e
	return b, nil
}

// forgetDeleted drops the entries of notes no longer on the board.
func (m *noteEncodings) forgetDeleted(notes map[string]*Note) {
	if len(*m) <= len(notes) {
		return
	}
	for k := range *m {
		if _, ok := notes[k]; !ok {
			delete(*m, k)
		}
	}
}
