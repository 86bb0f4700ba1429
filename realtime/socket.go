package realtime

import "time"

// Socket is the websocket connection the hub serves. Both
// github.com/fasthttp/websocket (under Fiber) and github.com/gorilla/websocket
// satisfy it, so the realtime core knows nothing of HTTP servers.
type Socket interface {
	ReadMessage() (messageType int, p []byte, err error)
	WriteMessage(messageType int, data []byte) error
	WriteControl(messageType int, data []byte, deadline time.Time) error
	SetReadDeadline(t time.Time) error
	SetWriteDeadline(t time.Time) error
	SetReadLimit(limit int64)
	SetPongHandler(h func(appData string) error)
	Close() error
}

// Websocket message types (RFC 6455), the same numbers in every Go library.
const (
	textMessage  = 1
	closeMessage = 8
	pingMessage  = 9
)
