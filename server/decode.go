package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
)

// maxJSONBody bounds the JSON body of every API request but uploads.
const maxJSONBody = 64 << 10

// decode reads the request's JSON body into v strictly: the body must be one
// JSON object of at most maxJSONBody bytes with no unknown fields and no
// wrongly typed values.
func decode(c *fiber.Ctx, v any) error { return decodeLimit(c, v, maxJSONBody) }

// decodeLimit is decode with another size limit, for the few bodies that are
// whole documents (a curriculum, a case).
func decodeLimit(c *fiber.Ctx, v any, limit int) error {
	body := c.Body()
	if len(body) > limit {
		return &apiError{Status: fiber.StatusRequestEntityTooLarge, Code: "too_large",
			Message: fmt.Sprintf("the request body is larger than %d KB", limit>>10)}
	}
	if ct := c.Get(fiber.HeaderContentType); !strings.HasPrefix(ct, fiber.MIMEApplicationJSON) {
		return &apiError{Status: fiber.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Message: "send the request body as application/json"}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errBadRequest("", "the body must hold exactly one JSON object")
	}
	return nil
}

func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return errBadRequest(te.Field, "field %q must be %s, not %s", te.Field, te.Type.String(), te.Value)
	case errors.As(err, &se):
		return errBadRequest("", "malformed JSON at byte %d: %v", se.Offset, se)
	case errors.Is(err, io.EOF):
		return errBadRequest("", "the request body is empty")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return errBadRequest(field, "unknown field %q", field)
	}
	return errBadRequest("", "malformed JSON: %v", err)
}

// text validates a required or optional text field: trimmed, valid UTF-8,
// no control characters, at most max characters.
func text(field, s string, max int, required bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", errBadRequest(field, "%s is not valid UTF-8", field)
	}
	s = strings.TrimSpace(s)
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "", errBadRequest(field, "%s must be a single line without control characters", field)
	}
	if required && s == "" {
		return "", errBadRequest(field, "%s is required", field)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", errBadRequest(field, "%s is %d characters long; the limit is %d", field, n, max)
	}
	return s, nil
}

// date validates a YYYY-MM-DD date.
func date(field, s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, errBadRequest(field, "%s must be a date written YYYY-MM-DD", field)
	}
	return t, nil
}
