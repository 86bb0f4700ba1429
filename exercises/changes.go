package exercises

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ApplyChanges applies changes to a JSON document the way clients do: walk the
// path through objects (creating missing ones), then set or delete the last
// key. It is the reference for docs/protocol.md and the check that every
// kind's changes describe its state exactly.
func ApplyChanges(doc []byte, changes []Change) ([]byte, error) {
	var root any
	if err := json.Unmarshal(doc, &root); err != nil {
		return nil, fmt.Errorf("exercises: document unreadable: %w", err)
	}
	for i, ch := range changes {
		if len(ch.Path) == 0 {
			return nil, fmt.Errorf("exercises: change %d has an empty path", i)
		}
		obj, ok := root.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("exercises: change %d: document is not an object", i)
		}
		for _, key := range ch.Path[:len(ch.Path)-1] {
			next, ok := obj[key].(map[string]any)
			if !ok {
				next = map[string]any{}
				obj[key] = next
			}
			obj = next
		}
		last := ch.Path[len(ch.Path)-1]
		if ch.Delete {
			delete(obj, last)
			continue
		}
		var v any
		if err := json.Unmarshal(ch.Value, &v); err != nil {
			return nil, fmt.Errorf("exercises: change %d value unreadable: %w", i, err)
		}
		obj[last] = v
	}
	return json.Marshal(root)
}

// CheckChanges checks the promise every kind makes about an applied
// operation, for tests and fuzz targets: changes, sent over the wire and
// applied to the state's document before the operation, give its document
// after; and that document decodes as a state of kind that encodes to the
// same document again.
func CheckChanges(kind string, before, after []byte, changes []Change) error {
	wire, err := json.Marshal(changes)
	if err != nil {
		return fmt.Errorf("changes do not encode: %w", err)
	}
	var received []Change
	if err := json.Unmarshal(wire, &received); err != nil {
		return fmt.Errorf("changes %s do not decode: %w", wire, err)
	}
	patched, err := ApplyChanges(before, received)
	if err != nil {
		return fmt.Errorf("changes %s do not apply: %w", wire, err)
	}
	if !SameJSON(patched, after) {
		return fmt.Errorf("changes %s do not describe the new state:\npatched %s\nstate   %s", wire, patched, after)
	}
	restored, err := DecodeState(kind, after)
	if err != nil {
		return fmt.Errorf("state unreadable: %w", err)
	}
	again, err := json.Marshal(restored)
	if err != nil {
		return fmt.Errorf("decoded state does not encode: %w", err)
	}
	if !SameJSON(again, after) {
		return fmt.Errorf("state does not survive encode/decode:\nstored %s\nread   %s", after, again)
	}
	return nil
}

// SameJSON reports whether two JSON documents hold the same values, whatever
// their key order and spacing (false when either is not JSON).
func SameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}
