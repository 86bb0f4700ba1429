package playbook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Publish makes version number of doc, published at: it validates the
// document (a document with any failing check is refused with every
// problem), stamps its version and time, and returns the canonical JSON and
// the diff from prev (nil for the first version). doc itself is not changed.
// A published version is immutable: the store keeps the bytes as they are.
func Publish(prev, doc *Playbook, number int, at time.Time) ([]byte, []DiffEntry, error) {
	if number < 1 {
		return nil, nil, fmt.Errorf("playbook: version numbers start at 1, not %d", number)
	}
	if prev != nil && number != prev.Version+1 {
		return nil, nil, fmt.Errorf("playbook: version %d cannot follow version %d", number, prev.Version)
	}
	c := *doc
	c.normalize()
	c.Version = number
	c.PublishedAt = at.UTC().Truncate(time.Second).Format(time.RFC3339)
	if err := c.Check(); err != nil {
		return nil, nil, err
	}
	data, err := Encode(&c)
	if err != nil {
		return nil, nil, err
	}
	var base *Playbook
	if prev != nil {
		base = prev
	} else {
		base = New(c.Company)
		base.Title = c.Title
	}
	diff, err := Diff(base, &c)
	if err != nil {
		return nil, nil, err
	}
	return data, diff, nil
}

// DiffEntry is one difference between two versions: a field changed, or an
// item added or removed. Before and After hold the JSON values.
type DiffEntry struct {
	Path   string          `json:"path"`
	Op     string          `json:"op"` // added, removed, changed
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

// Diff lists what changed from a to b, field by field. List items that carry
// an id are matched by id (so a reordered or inserted stage shows as such,
// not as every later stage changing); other lists by position. The version
// number and publication time are left out: they always change.
func Diff(a, b *Playbook) ([]DiffEntry, error) {
	ta, err := tree(a)
	if err != nil {
		return nil, err
	}
	tb, err := tree(b)
	if err != nil {
		return nil, err
	}
	delete(ta, "version")
	delete(tb, "version")
	delete(ta, "published_at")
	delete(tb, "published_at")
	var out []DiffEntry
	diffValue("$", ta, tb, &out)
	return out, nil
}

func tree(p *Playbook) (map[string]any, error) {
	data, err := Encode(p)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

func raw(v any) json.RawMessage {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return bytes.TrimRight(buf.Bytes(), "\n")
}

func diffValue(path string, a, b any, out *[]DiffEntry) {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			break
		}
		keys := map[string]bool{}
		for k := range av {
			keys[k] = true
		}
		for k := range bv {
			keys[k] = true
		}
		for _, k := range sortedKeys(keys) {
			x, inA := av[k]
			y, inB := bv[k]
			switch {
			case !inA:
				*out = append(*out, DiffEntry{Path: path + "." + k, Op: "added", After: raw(y)})
			case !inB:
				*out = append(*out, DiffEntry{Path: path + "." + k, Op: "removed", Before: raw(x)})
			default:
				diffValue(path+"."+k, x, y, out)
			}
		}
		return
	case []any:
		bv, ok := b.([]any)
		if !ok {
			break
		}
		if ka, okA := keyed(av); okA {
			if kb, okB := keyed(bv); okB {
				diffKeyed(path, av, bv, ka, kb, out)
				return
			}
		}
		for i := 0; i < max(len(av), len(bv)); i++ {
			p := path + "[" + strconv.Itoa(i) + "]"
			switch {
			case i >= len(av):
				*out = append(*out, DiffEntry{Path: p, Op: "added", After: raw(bv[i])})
			case i >= len(bv):
				*out = append(*out, DiffEntry{Path: p, Op: "removed", Before: raw(av[i])})
			default:
				diffValue(p, av[i], bv[i], out)
			}
		}
		return
	}
	if !bytes.Equal(raw(a), raw(b)) {
		*out = append(*out, DiffEntry{Path: path, Op: "changed", Before: raw(a), After: raw(b)})
	}
}

// keyed returns the ids of a list whose items are all objects with a
// distinct non-empty "id".
func keyed(list []any) ([]string, bool) {
	ids := make([]string, len(list))
	seen := map[string]bool{}
	for i, e := range list {
		obj, ok := e.(map[string]any)
		if !ok {
			return nil, false
		}
		id, _ := obj["id"].(string)
		if id == "" || seen[id] {
			return nil, false
		}
		seen[id] = true
		ids[i] = id
	}
	return ids, true
}

func diffKeyed(path string, a, b []any, ka, kb []string, out *[]DiffEntry) {
	posA := map[string]int{}
	for i, id := range ka {
		posA[id] = i
	}
	posB := map[string]int{}
	for i, id := range kb {
		posB[id] = i
	}
	item := func(id string) string { return path + "[id=" + id + "]" }
	for i, id := range ka {
		if _, ok := posB[id]; !ok {
			*out = append(*out, DiffEntry{Path: item(id), Op: "removed", Before: raw(a[i])})
		}
	}
	// Order: report a move when the relative order of surviving items changed.
	var commonA, commonB []string
	for _, id := range ka {
		if _, ok := posB[id]; ok {
			commonA = append(commonA, id)
		}
	}
	for _, id := range kb {
		if _, ok := posA[id]; ok {
			commonB = append(commonB, id)
		}
	}
	if strings.Join(commonA, "\x00") != strings.Join(commonB, "\x00") {
		*out = append(*out, DiffEntry{Path: path, Op: "reordered", Before: raw(commonA), After: raw(commonB)})
	}
	for i, id := range kb {
		if j, ok := posA[id]; ok {
			diffValue(item(id), a[j], b[i], out)
		} else {
			*out = append(*out, DiffEntry{Path: item(id), Op: "added", After: raw(b[i])})
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// RenderDiff writes a diff as lines a person reads: "~ path: before → after",
// "+ path: value", "- path: value", "↕ path: new order". Long values are cut.
func RenderDiff(diff []DiffEntry, lang string) string {
	if len(diff) == 0 {
		if lang == "en" {
			return "No changes.\n"
		}
		return "无变化。\n"
	}
	var b strings.Builder
	for _, d := range diff {
		switch d.Op {
		case "changed":
			fmt.Fprintf(&b, "~ %s: %s → %s\n", d.Path, short(d.Before), short(d.After))
		case "added":
			fmt.Fprintf(&b, "+ %s: %s\n", d.Path, short(d.After))
		case "removed":
			fmt.Fprintf(&b, "- %s: %s\n", d.Path, short(d.Before))
		case "reordered":
			fmt.Fprintf(&b, "↕ %s: %s → %s\n", d.Path, short(d.Before), short(d.After))
		}
	}
	return b.String()
}

func short(r json.RawMessage) string {
	const limit = 120
	s := string(r)
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	return string([]rune(s)[:limit]) + "…"
}
