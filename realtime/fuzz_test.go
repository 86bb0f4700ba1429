package realtime

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// FuzzDecodeClient: no frame makes the decoder panic; a refused frame gets a
// protocol error with a documented code; an accepted one is a known message
// type that passes validation and survives re-encoding unchanged.
func FuzzDecodeClient(f *testing.F) {
	for _, seed := range []string{
		`{"type":"subscribe","board":"b1"}`,
		`{"type":"subscribe","board":"b1","since":42}`,
		`{"type":"subscribe","board":"b1","since":-1}`,
		`{"type":"unsubscribe","board":"b1"}`,
		`{"type":"op","board":"b1","id":"op-1","op":{"kind":"note.add","id":"n1","lane":"setting","text":"<img src=x onerror=alert(1)>"}}`,
		`{"type":"op","board":"b1","id":"bad id!","op":{}}`,
		`{"type":"op","board":"b1","id":"x","op":[1]}`,
		`{"type":"presence","board":"b1","editing":"n1"}`,
		`{"type":"presence","board":"b1","editing":null}`,
		`{"type":"ping","t":1}`,
		`{"type":"ping","t":1}{"type":"ping"}`,
		`{"type":"nope"}`, `{}`, `[]`, `null`, `"op"`, ``,
		`{"type":"subscribe","board":"b1","extra":true}`,
		`{"type":"op","board":"b1","id":"é","op":{"kind":"x"}}`,
	} {
		f.Add([]byte(seed))
	}
	codes := map[string]bool{ErrBadMessage: true, ErrUnknownType: true, ErrBadSequence: true}
	f.Fuzz(func(t *testing.T, data []byte) {
		msg, err := decodeClient(data)
		if err != nil {
			var pe *protocolError
			if !errors.As(err, &pe) || !codes[pe.code] || pe.message == "" {
				t.Fatalf("refusal %T %v is not a protocol error with a decoder code", err, err)
			}
			return
		}
		if msg == nil {
			t.Fatal("accepted without a message")
		}
		if err := validateClient(msg); err != nil {
			t.Fatalf("accepted %s but it does not validate: %v", data, err)
		}
		again, err := json.Marshal(msg)
		if err != nil {
			t.Fatalf("accepted message does not encode: %v", err)
		}
		back, err := decodeClient(again)
		if err != nil {
			t.Fatalf("re-encoded %s is refused: %v", again, err)
		}
		if !reflect.DeepEqual(normalize(t, msg), normalize(t, back)) {
			t.Fatalf("round trip changed the message: %s → %s", data, again)
		}
		if m, ok := msg.(*OpMsg); ok && !validOpID(m.ID) {
			t.Fatalf("op id %q accepted", m.ID)
		}
	})
}

// normalize compares messages by their JSON meaning (raw operations may
// differ in spacing).
func normalize(t *testing.T, msg any) any {
	b, _ := json.Marshal(msg)
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}
