package exercises

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits shared by every kind. Texts are counted in characters (runes), so a
// Chinese note and an English note have the same room.
const (
	MaxIDLength    = 40
	MaxShortText   = 80   // names, titles, lane and column labels
	MaxNoteText    = 500  // a sticky note, a cell
	MaxLongText    = 4000 // a reflection, a description
	MaxItemsPerKey = 500  // notes, rows or zones items on one board
)

// ValidID reports whether s can name an item: 1–40 characters of
// A–Z, a–z, 0–9, '-' and '_'. Clients make item ids (ULIDs fit).
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > MaxIDLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// CheckID refuses an invalid item id in field.
func CheckID(field, id string) error {
	if !ValidID(id) {
		return Refuse(CodeInvalidOp, field, "%s must be 1–%d characters of letters, digits, '-' or '_'", field, MaxIDLength)
	}
	return nil
}

// CleanText trims s, drops control characters other than newline and tab, and
// checks it holds at most max characters (and at least one when required).
func CleanText(field, s string, max int, required bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", Refuse(CodeInvalidOp, field, "%s is not valid UTF-8", field)
	}
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if required && s == "" {
		return "", Refuse(CodeInvalidOp, field, "%s must not be empty", field)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", Refuse(CodeLimit, field, "%s is %d characters long; the limit is %d", field, n, max)
	}
	return s, nil
}
