package funnel

import (
	"errors"
	"fmt"
)

// Codes of the errors that refuse a whole file. They are stable: the API and
// the frontend's translations use them.
const (
	CodeEmpty         = "empty"           // no bytes, or a header without rows
	CodeNotTable      = "not_table"       // not CSV or XLSX (a PDF, an image, XLS 97…)
	CodeUnreadable    = "unreadable"      // a broken XLSX, an undecodable CSV
	CodeNoHeader      = "no_header"       // the first row is not a header
	CodeNoStageColumn = "no_stage_column" // no column holds the stage
	CodeBadMapping    = "bad_mapping"     // the mapping names a column that does not exist
	CodeBadStages     = "bad_stages"      // the stage configuration breaks a rule
	CodeBadOption     = "bad_option"      // another option is malformed
	CodeTooLarge      = "too_large"       // too many columns, a field too long, too much history
	CodeNoRows        = "no_valid_rows"   // every row was bad
)

// InputError refuses a whole file (or the options given with it), with the
// reason in both languages.
type InputError struct {
	Code    string
	Message Text
}

func (e *InputError) Error() string { return "funnel: " + e.Message.EN }

func inputErr(code, zh, en string, args ...any) *InputError {
	return &InputError{Code: code, Message: Text{ZH: fmt.Sprintf(zh, args...), EN: fmt.Sprintf(en, args...)}}
}

// AsInputError extracts an InputError from err.
func AsInputError(err error) (*InputError, bool) {
	var ie *InputError
	if errors.As(err, &ie) {
		return ie, true
	}
	return nil, false
}
