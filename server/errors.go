package server

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"playbook/exercises"
	"playbook/playbook"
	"playbook/store"
)

// apiError is every error the API answers: a status and a safe public
// message. Internal errors are logged and answered as a generic 500.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// MessageZH is the message in Chinese, for errors whose reason a person
	// must read to fix their input (an uploaded file's problem).
	MessageZH string `json:"message_zh,omitempty"`
	Field     string `json:"field,omitempty"`
	// Problems lists every failed check of a playbook (422 invalid_playbook) or
	// of a curriculum (400 invalid), each with the JSON path of the field at fault.
	Problems []playbook.Problem `json:"problems,omitempty"`
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

func errBadRequest(field, format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: "invalid", Field: field, Message: fmt.Sprintf(format, args...)}
}

func errUnauthorized(msg string) *apiError {
	return &apiError{Status: http.StatusUnauthorized, Code: "unauthorized", Message: msg}
}

func errForbidden(msg string) *apiError {
	return &apiError{Status: http.StatusForbidden, Code: "forbidden", Message: msg}
}

func errNotFound(what string) *apiError {
	return &apiError{Status: http.StatusNotFound, Code: "not_found", Message: what + " not found"}
}

func errConflict(msg string) *apiError {
	return &apiError{Status: http.StatusConflict, Code: "conflict", Message: msg}
}

// errInvalidPlaybook refuses a playbook that fails its checks, with every reason.
func errInvalidPlaybook(probs []playbook.Problem) *apiError {
	return &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid_playbook", Problems: probs,
		Message: fmt.Sprintf("the playbook fails %d check(s); fix them and try again", len(probs))}
}

func errTooMany(msg string) *apiError {
	return &apiError{Status: http.StatusTooManyRequests, Code: "rate_limited", Message: msg}
}

// fromStore maps a store error to the API: not found, conflict, unavailable,
// or an internal error.
func fromStore(err error, what string) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errNotFound(what)
	case errors.Is(err, store.ErrConflict):
		return errConflict(what + " already exists")
	case errors.Is(err, store.ErrUnavailable):
		return &apiError{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "the database is unavailable; try again shortly"}
	}
	return err
}

// fromOp maps an operation's refusal to the API.
func fromOp(err error) error {
	if oe, ok := exercises.AsOpError(err); ok {
		status := http.StatusBadRequest
		switch oe.Code {
		case exercises.CodeForbidden:
			status = http.StatusForbidden
		case exercises.CodeNotFound:
			status = http.StatusNotFound
		case exercises.CodeConflict, exercises.CodeActivityClosed, exercises.CodeLocked:
			status = http.StatusConflict
		}
		return &apiError{Status: status, Code: oe.Code, Message: oe.Message, Field: oe.Field}
	}
	return err
}

// handleError is Fiber's error handler: every error becomes one JSON shape.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	var ae *apiError
	var fe *fiber.Error
	switch {
	case errors.As(err, &ae):
	case errors.As(err, &fe):
		ae = &apiError{Status: fe.Code, Code: http.StatusText(fe.Code), Message: fe.Message}
		switch fe.Code {
		case http.StatusNotFound:
			ae.Code = "not_found"
		case http.StatusRequestEntityTooLarge:
			ae.Code, ae.Message = "too_large", "the request body is too large"
		case http.StatusMethodNotAllowed:
			ae.Code = "method_not_allowed"
		default:
			ae.Code = "error"
		}
	default:
		s.log.Error("request failed", "method", c.Method(), "path", c.Path(), "err", err)
		ae = &apiError{Status: http.StatusInternalServerError, Code: "internal", Message: "internal server error"}
	}
	s.metrics.Errors.WithLabelValues("http_" + ae.Code).Inc()
	if ae.Status == http.StatusTooManyRequests && c.GetRespHeader(fiber.HeaderRetryAfter) == "" {
		c.Set(fiber.HeaderRetryAfter, "60")
	}
	return c.Status(ae.Status).JSON(fiber.Map{"error": ae})
}
