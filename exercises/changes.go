package exercises

import (
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
