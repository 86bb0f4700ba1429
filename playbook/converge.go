package playbook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Converging the groups' versions into the company version works on paths
// in the document, written like the diff's paths:
//
//	$.stages                                  a whole section
//	$.stages.stages[id=lead]                  one item of a list, by id
//	$.stages.stages[id=lead].probability      one field of one item
//	$.training_plan[2]                        an item of a list without ids, by position
//
// Adopt copies what is at a path in a group's document into the company's;
// Set writes a value typed by the trainer. Both give back a new document
// that decodes strictly (so the shape stays right) but may fail checks —
// the company version may be mid-way too; publishing is what requires it valid.

// PathStep is one step of a document path.
type PathStep struct {
	Key   string // object key, or "" for a list element
	ID    string // list element chosen by id
	Index int    // list element chosen by position (-1 when by id)
}

// ParsePath reads a document path; it must start at "$".
func ParsePath(path string) ([]PathStep, error) {
	if !strings.HasPrefix(path, "$") {
		return nil, fmt.Errorf("playbook: a path starts with $, not %q", path)
	}
	rest := path[1:]
	var steps []PathStep
	for rest != "" {
		switch rest[0] {
		case '.':
			end := strings.IndexAny(rest[1:], ".[")
			key := rest[1:]
			if end >= 0 {
				key = rest[1 : end+1]
			}
			if key == "" {
				return nil, fmt.Errorf("playbook: empty key in path %q", path)
			}
			steps = append(steps, PathStep{Key: key, Index: -1})
			rest = rest[1+len(key):]
		case '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, fmt.Errorf("playbook: unclosed [ in path %q", path)
			}
			sel := rest[1:end]
			if id, ok := strings.CutPrefix(sel, "id="); ok {
				if !idPattern.MatchString(id) {
					return nil, fmt.Errorf("playbook: bad id %q in path %q", id, path)
				}
				steps = append(steps, PathStep{ID: id, Index: -1})
			} else {
				n, err := strconv.Atoi(sel)
				if err != nil || n < 0 {
					return nil, fmt.Errorf("playbook: bad index %q in path %q", sel, path)
				}
				steps = append(steps, PathStep{Index: n})
			}
			rest = rest[end+1:]
		default:
			return nil, fmt.Errorf("playbook: unexpected %q in path %q", rest[0], path)
		}
	}
	if len(steps) == 0 || steps[0].Key == "" {
		return nil, fmt.Errorf("playbook: path %q names no section", path)
	}
	switch steps[0].Key {
	case "format", "version", "published_at":
		return nil, fmt.Errorf("playbook: %s is set by publishing, not by hand", steps[0].Key)
	case "appendix":
		return nil, fmt.Errorf("playbook: the appendix holds the client's cases flagged in the case library; flag or unflag a case there")
	}
	return steps, nil
}

// Adopt returns doc with the value at path taken from src. An item chosen by
// id replaces the item with that id, or is added at the end; an item chosen
// by position is added at the end. A field is set inside an item doc already
// has.
func Adopt(doc, src *Playbook, path string) (*Playbook, json.RawMessage, error) {
	steps, err := ParsePath(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := tree(src)
	if err != nil {
		return nil, nil, err
	}
	v, err := get(st, steps)
	if err != nil {
		return nil, nil, fmt.Errorf("playbook: the group's version has nothing at %s: %w", path, err)
	}
	out, err := put(doc, steps, v, true)
	if err != nil {
		return nil, nil, err
	}
	return out, raw(v), nil
}

// AdoptInto is Adopt with the value taken from srcPath in src and written at
// dstPath in doc: for a group's item whose id differs from the company's
// matching item (each group made its own), or one of its fields.
func AdoptInto(doc, src *Playbook, srcPath, dstPath string) (*Playbook, json.RawMessage, error) {
	from, err := ParsePath(srcPath)
	if err != nil {
		return nil, nil, err
	}
	to, err := ParsePath(dstPath)
	if err != nil {
		return nil, nil, err
	}
	if from[0].Key != to[0].Key {
		return nil, nil, fmt.Errorf("playbook: %s and %s are in different sections", srcPath, dstPath)
	}
	st, err := tree(src)
	if err != nil {
		return nil, nil, err
	}
	v, err := get(st, from)
	if err != nil {
		return nil, nil, fmt.Errorf("playbook: the group's version has nothing at %s: %w", srcPath, err)
	}
	last := to[len(to)-1]
	if obj, ok := v.(map[string]any); ok && last.ID != "" {
		// A whole item replacing the company's: it keeps the company's id.
		c := make(map[string]any, len(obj))
		for k, x := range obj {
			c[k] = x
		}
		c["id"] = last.ID
		v = c
	}
	out, err := put(doc, to, v, false)
	if err != nil {
		return nil, nil, err
	}
	return out, raw(v), nil
}

// Set returns doc with value written at path (a field, an item or a section).
func Set(doc *Playbook, path string, value json.RawMessage) (*Playbook, error) {
	steps, err := ParsePath(path)
	if err != nil {
		return nil, err
	}
	var v any
	if err := unmarshalNumber(value, &v); err != nil {
		return nil, fmt.Errorf("playbook: the value is not JSON: %w", err)
	}
	return put(doc, steps, v, false)
}

// Get returns the value at path in doc.
func Get(doc *Playbook, path string) (json.RawMessage, error) {
	steps, err := ParsePath(path)
	if err != nil {
		return nil, err
	}
	t, err := tree(doc)
	if err != nil {
		return nil, err
	}
	v, err := get(t, steps)
	if err != nil {
		return nil, err
	}
	return raw(v), nil
}

func unmarshalNumber(data []byte, v *any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}

func get(node any, steps []PathStep) (any, error) {
	for _, s := range steps {
		switch {
		case s.Key != "":
			obj, ok := node.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s is not inside an object", s.Key)
			}
			v, ok := obj[s.Key]
			if !ok {
				return nil, fmt.Errorf("no field %s", s.Key)
			}
			node = v
		default:
			list, ok := node.([]any)
			if !ok {
				return nil, fmt.Errorf("not a list")
			}
			i := find(list, s)
			if i < 0 {
				return nil, fmt.Errorf("no item %s", s.label())
			}
			node = list[i]
		}
	}
	return node, nil
}

func (s PathStep) label() string {
	if s.ID != "" {
		return "id=" + s.ID
	}
	return strconv.Itoa(s.Index)
}

func find(list []any, s PathStep) int {
	if s.ID == "" {
		if s.Index < len(list) {
			return s.Index
		}
		return -1
	}
	for i, e := range list {
		if obj, ok := e.(map[string]any); ok && obj["id"] == s.ID {
			return i
		}
	}
	return -1
}

// put writes v at steps in doc's tree and decodes the result strictly.
// adopting says the value is a whole item taken from another document: an
// item chosen by position is then appended rather than overwritten.
func put(doc *Playbook, steps []PathStep, v any, adopting bool) (*Playbook, error) {
	t, err := tree(doc)
	if err != nil {
		return nil, err
	}
	var root any = t
	if err := putAt(&root, steps, v, adopting); err != nil {
		return nil, fmt.Errorf("playbook: %w", err)
	}
	data, err := json.Marshal(root)
	if err != nil {
		return nil, err
	}
	out, err := Decode(data)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func putAt(node *any, steps []PathStep, v any, adopting bool) error {
	s := steps[0]
	last := len(steps) == 1
	if s.Key != "" {
		obj, ok := (*node).(map[string]any)
		if !ok {
			return fmt.Errorf("%s is not inside an object", s.Key)
		}
		if last {
			if _, exists := obj[s.Key]; !exists {
				return fmt.Errorf("the document has no field %s", s.Key)
			}
			obj[s.Key] = v
			return nil
		}
		child, ok := obj[s.Key]
		if !ok {
			return fmt.Errorf("the document has no field %s", s.Key)
		}
		if err := putAt(&child, steps[1:], v, adopting); err != nil {
			return err
		}
		obj[s.Key] = child
		return nil
	}
	list, ok := (*node).([]any)
	if !ok {
		return fmt.Errorf("item %s is not inside a list", s.label())
	}
	i := find(list, s)
	if last {
		switch {
		case s.ID != "" && i >= 0:
			list[i] = v
		case s.ID != "":
			if obj, ok := v.(map[string]any); !ok || obj["id"] != s.ID {
				return fmt.Errorf("the item's id is not %s", s.ID)
			}
			list = append(list, v)
		case adopting || i < 0:
			list = append(list, v)
		default:
			list[i] = v
		}
		*node = list
		return nil
	}
	if i < 0 {
		return fmt.Errorf("the company version has no item %s yet: adopt the item first", s.label())
	}
	if err := putAt(&list[i], steps[1:], v, adopting); err != nil {
		return err
	}
	*node = list
	return nil
}

// SectionOf returns the section a path is in ("stages" for $.stages.stages[id=a]).
func SectionOf(path string) string {
	steps, err := ParsePath(path)
	if err != nil {
		return ""
	}
	return steps[0].Key
}
