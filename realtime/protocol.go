package realtime

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"playbook/exercises"
)

// ProtocolVersion is sent in the welcome frame; it changes only when an
// existing message changes incompatibly.
const ProtocolVersion = 1

// Limits of the protocol, documented in docs/protocol.md.
const (
	MaxFrameBytes = 64 << 10 // a larger frame closes the connection with 1009
	MaxOpIDLength = 64
)

// Error codes of error frames. Stable: clients and docs/protocol.md rely on them.
const (
	ErrBadMessage     = "bad_message"     // not JSON, missing or mistyped fields
	ErrUnknownType    = "unknown_type"    // a message type the server does not know
	ErrNotFound       = "not_found"       // no such board in this workshop
	ErrForbidden      = "forbidden"       // the board exists but the sender may not read or write it
	ErrBadSequence    = "bad_sequence"    // "since" is beyond the board's sequence
	ErrNotSubscribed  = "not_subscribed"  // presence for a board the sender has not subscribed to
	ErrRateLimited    = "rate_limited"    // too many messages; slow down
	ErrUnavailable    = "unavailable"     // the database is unreachable; nothing was stored, retry later
	ErrInternal       = "internal"        // a server bug; nothing was stored
	ErrTooManyBoards  = "too_many_boards" // subscription limit of one connection
	ErrInvalidOp      = exercises.CodeInvalidOp
	ErrOpNotFound     = exercises.CodeNotFound
	ErrLimit          = exercises.CodeLimit
	ErrConflict       = exercises.CodeConflict
	ErrActivityClosed = exercises.CodeActivityClosed
	ErrBoardLocked    = exercises.CodeLocked
)

// Close codes the server ends a connection with.
const (
	CloseNormal       = 1000 // the client asked to close
	CloseGoingAway    = 1001 // the server is shutting down: reconnect (possibly elsewhere) and resume
	ClosePolicy       = 1008 // abusive client (rate limit exceeded over and over): do not retry at once
	CloseTooBig       = 1009 // a frame over MaxFrameBytes
	CloseUnauthorized = 4001 // the session or participant is no longer valid: sign in or join again
	CloseMoved        = 4004 // the participant was moved to another group: reload and resume
	CloseSlowConsumer = 4008 // the client did not read fast enough: reconnect and resume
)

// Client → server messages.

// SubscribeMsg asks for a board: a snapshot when Since is absent, otherwise
// every operation after Since (or a snapshot when that is shorter).
type SubscribeMsg struct {
	Type  string `json:"type"`
	Board string `json:"board"`
	Since *int64 `json:"since,omitempty"`
}

// UnsubscribeMsg stops a board's updates.
type UnsubscribeMsg struct {
	Type  string `json:"type"`
	Board string `json:"board"`
}

// OpMsg submits an operation on a board. ID is made by the client and reused
// when the operation is retried.
type OpMsg struct {
	Type  string          `json:"type"`
	Board string          `json:"board"`
	ID    string          `json:"id"`
	Op    json.RawMessage `json:"op" ts:"Record<string, unknown> & { kind: string }"`
}

// PresenceMsg says which unit of a board the sender is editing (null: none).
type PresenceMsg struct {
	Type    string  `json:"type"`
	Board   string  `json:"board"`
	Editing *string `json:"editing"`
}

// PingMsg asks for a pong (an application-level heartbeat for clients that
// cannot see websocket pings).
type PingMsg struct {
	Type string `json:"type"`
	T    int64  `json:"t,omitempty"`
}

// Server → client messages.

// WelcomeMsg is the first frame of every connection.
type WelcomeMsg struct {
	Type       string          `json:"type"`
	Protocol   int             `json:"protocol"`
	Conn       string          `json:"conn"`
	You        exercises.Actor `json:"you"`
	Workshop   string          `json:"workshop"`
	ServerTime string          `json:"server_time"`
	Limits     Limits          `json:"limits"`
}

// Limits tells a client the bounds it must stay within.
type Limits struct {
	MaxFrameBytes int     `json:"max_frame_bytes"`
	OpsPerSecond  float64 `json:"ops_per_second"`
	OpsBurst      int     `json:"ops_burst"`
	MaxBoards     int     `json:"max_boards"`
}

// SnapshotMsg is a board's whole state at sequence Seq.
type SnapshotMsg struct {
	Type     string          `json:"type"`
	Board    string          `json:"board"`
	Kind     string          `json:"kind"`
	Activity string          `json:"activity"`
	Group    string          `json:"group,omitempty"`
	Seq      int64           `json:"seq"`
	State    json.RawMessage `json:"state" ts:"Record<string, unknown>"`
}

// SubscribedMsg says the board is caught up to Seq; live operations follow.
type SubscribedMsg struct {
	Type  string `json:"type"`
	Board string `json:"board"`
	Seq   int64  `json:"seq"`
}

// OpEventMsg is an applied operation, sent to every subscriber of the board
// (the sender included) in sequence order.
type OpEventMsg struct {
	Type    string          `json:"type"`
	Board   string          `json:"board"`
	Seq     int64           `json:"seq"`
	ID      string          `json:"id"`
	Actor   exercises.Actor `json:"actor"`
	Op      json.RawMessage `json:"op" ts:"Record<string, unknown> & { kind: string }"`
	Changes json.RawMessage `json:"changes" ts:"Change[]"`
	At      string          `json:"at"`
}

// AckMsg confirms that the sender's operation is stored durably at Seq.
// Duplicate is true when the operation id had been applied before (a retry).
type AckMsg struct {
	Type      string `json:"type"`
	Board     string `json:"board"`
	ID        string `json:"id"`
	Seq       int64  `json:"seq"`
	Duplicate bool   `json:"duplicate,omitempty"`
}

// ErrorMsg reports a refused message. Board and ID name what it concerns.
type ErrorMsg struct {
	Type    string `json:"type"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Board   string `json:"board,omitempty"`
	ID      string `json:"id,omitempty"`
	Field   string `json:"field,omitempty"`
}

// PresenceEventMsg lists who is on a board now.
type PresenceEventMsg struct {
	Type    string   `json:"type"`
	Board   string   `json:"board"`
	Members []Member `json:"members"`
}

// Member is one connection present on a board.
type Member struct {
	Conn    string         `json:"conn"`
	Kind    exercises.Role `json:"kind"`
	ID      string         `json:"id"`
	Name    string         `json:"name"`
	Editing *string        `json:"editing"`
}

// PongMsg answers a ping.
type PongMsg struct {
	Type string `json:"type"`
	T    int64  `json:"t,omitempty"`
}

// ClientMessages and ServerMessages list every message type with its struct;
// the TypeScript types of the frontend are generated from these (a test fails
// when they drift).
var (
	ClientMessages = map[string]any{
		"subscribe": SubscribeMsg{}, "unsubscribe": UnsubscribeMsg{}, "op": OpMsg{},
		"presence": PresenceMsg{}, "ping": PingMsg{},
	}
	ServerMessages = map[string]any{
		"welcome": WelcomeMsg{}, "snapshot": SnapshotMsg{}, "subscribed": SubscribedMsg{},
		"op": OpEventMsg{}, "ack": AckMsg{}, "error": ErrorMsg{}, "presence": PresenceEventMsg{}, "pong": PongMsg{},
		"unsubscribed": UnsubscribedMsg{},
	}
)

// protocolError is a refused client message.
type protocolError struct {
	code, message, board, id, field string
}

func (e *protocolError) Error() string { return e.code + ": " + e.message }

// RefusalOf says why an operation submitted with Hub.Apply was not applied:
// the stable code of docs/protocol.md, the message and the field at fault.
// ok is false for errors that are not refusals (a cancelled context).
func RefusalOf(err error) (code, message, field string, ok bool) {
	var pe *protocolError
	if errors.As(err, &pe) {
		return pe.code, pe.message, pe.field, true
	}
	if oe, is := exercises.AsOpError(err); is {
		return oe.Code, oe.Message, oe.Field, true
	}
	if errors.Is(err, ErrBusy) {
		return ErrUnavailable, "the server is busy; retry shortly", "", true
	}
	return "", "", "", false
}

func refuse(code, format string, args ...any) *protocolError {
	return &protocolError{code: code, message: fmt.Sprintf(format, args...)}
}

// decodeClient reads a client frame into its message struct, strictly.
func decodeClient(data []byte) (any, error) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, refuse(ErrBadMessage, "a message must be a JSON object with a \"type\": %v", err)
	}
	var msg any
	switch head.Type {
	case "subscribe":
		msg = &SubscribeMsg{}
	case "unsubscribe":
		msg = &UnsubscribeMsg{}
	case "op":
		msg = &OpMsg{}
	case "presence":
		msg = &PresenceMsg{}
	case "ping":
		msg = &PingMsg{}
	case "":
		return nil, refuse(ErrBadMessage, "the message has no \"type\"")
	default:
		return nil, refuse(ErrUnknownType, "unknown message type %q", head.Type)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(msg); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, refuse(ErrBadMessage, "%s: field %q must be %s", head.Type, te.Field, te.Type)
		}
		return nil, refuse(ErrBadMessage, "%s: %v", head.Type, err)
	}
	if dec.More() {
		return nil, refuse(ErrBadMessage, "one JSON object per frame")
	}
	return msg, validateClient(msg)
}

func validateClient(msg any) error {
	switch m := msg.(type) {
	case *SubscribeMsg:
		if m.Board == "" {
			return refuse(ErrBadMessage, "subscribe needs \"board\"")
		}
		if m.Since != nil && *m.Since < 0 {
			pe := refuse(ErrBadSequence, "\"since\" cannot be negative")
			pe.board = m.Board
			return pe
		}
	case *UnsubscribeMsg:
		if m.Board == "" {
			return refuse(ErrBadMessage, "unsubscribe needs \"board\"")
		}
	case *OpMsg:
		pe := &protocolError{board: m.Board, id: m.ID}
		switch {
		case m.Board == "":
			pe.code, pe.message = ErrBadMessage, "op needs \"board\""
		case !validOpID(m.ID):
			pe.code, pe.message = ErrBadMessage, fmt.Sprintf("op needs an \"id\" of 1–%d characters (letters, digits, '-', '_')", MaxOpIDLength)
		case len(m.Op) == 0 || m.Op[0] != '{':
			pe.code, pe.message = ErrBadMessage, "op needs an \"op\" object"
		default:
			return nil
		}
		return pe
	case *PresenceMsg:
		if m.Board == "" {
			return refuse(ErrBadMessage, "presence needs \"board\"")
		}
		if m.Editing != nil && len(*m.Editing) > 200 {
			return refuse(ErrBadMessage, "\"editing\" is too long")
		}
	}
	return nil
}

// validOpID reports whether id is 1–64 characters of A–Z, a–z, 0–9, '-', '_'.
func validOpID(id string) bool {
	if id == "" || len(id) > MaxOpIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
