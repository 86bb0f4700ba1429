package exercises

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Error codes an operation can be refused with. They are stable: clients and
// docs/protocol.md rely on them.
const (
	CodeInvalidOp = "invalid_op" // the operation's fields are malformed or break a rule
	CodeNotFound  = "not_found"  // the operation names an item that does not exist (any more)
	CodeForbidden = "forbidden"  // the actor may not perform this operation
	CodeLimit     = "limit"      // a count or size limit would be exceeded
	CodeConflict  = "conflict"   // the item already exists or the state does not allow it now

	CodeActivityClosed = "activity_closed" // the activity is not open for the actor's group
	CodeLocked         = "board_locked"    // the trainer has locked the board
)

// OpError is why an operation was refused. Field, when set, names the
// operation field at fault.
type OpError struct {
	Code    string
	Message string
	Field   string
}

func (e *OpError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return e.Code + ": " + e.Message
}

// Refuse builds an OpError.
func Refuse(code, field, format string, args ...any) *OpError {
	return &OpError{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// AsOpError extracts an OpError from err.
func AsOpError(err error) (*OpError, bool) {
	var oe *OpError
	if errors.As(err, &oe) {
		return oe, true
	}
	return nil, false
}

// DecodeOp decodes an operation's fields strictly: unknown fields and wrong
// types are refused with invalid_op.
func DecodeOp(op Operation, v any) error {
	dec := json.NewDecoder(bytes.NewReader(op.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return Refuse(CodeInvalidOp, "", "operation %s: %s", op.Kind, jsonProblem(err))
	}
	return nil
}

// jsonProblem phrases a JSON decoding error for a person.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("field %q must be %s, not %s", te.Field, te.Type.String(), te.Value)
	}
	return err.Error()
}
