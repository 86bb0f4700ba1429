package cases

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The front matter of a case file is a small, strict subset of YAML: one
// "key: value" per line, no nesting, no multi-line values. A value is a plain
// scalar, a "double-quoted" or 'single-quoted' string, or a flow list
// [a, "b", c]. Anything else is refused with its line number, so a typo never
// silently becomes data. Every file this package writes is also valid YAML.

// fmValue is one parsed front matter value.
type fmValue struct {
	line   int
	scalar string   // for scalars
	list   []string // for lists
	isList bool
}

// parseFrontMatter reads the lines between the two "---" fences. first is the
// file line number of lines[0].
func parseFrontMatter(lines []string, first int) (map[string]fmValue, error) {
	out := map[string]fmValue{}
	for i, raw := range lines {
		n := first + i
		if strings.TrimSpace(raw) == "" || strings.HasPrefix(strings.TrimLeft(raw, " "), "#") {
			continue
		}
		if raw[0] == ' ' || raw[0] == '\t' {
			return nil, lineErr(n, "front matter lines may not be indented (no nested values: write title.zh-CN: …)")
		}
		if strings.Contains(raw, "\t") {
			return nil, lineErr(n, "tabs are not allowed in the front matter")
		}
		colon := strings.Index(raw, ":")
		if colon <= 0 {
			return nil, lineErr(n, "expected \"key: value\", got %q", clip(raw))
		}
		key := raw[:colon]
		rest := raw[colon+1:]
		if rest != "" && rest[0] != ' ' {
			return nil, lineErr(n, "put a space after the colon of %q", key)
		}
		if strings.ContainsAny(key, " \"'[]{}#") {
			return nil, lineErr(n, "%q is not a valid key", key)
		}
		if _, dup := out[key]; dup {
			return nil, lineErr(n, "%q appears twice", key)
		}
		v, err := parseFMValue(strings.TrimSpace(rest), n)
		if err != nil {
			return nil, err
		}
		out[key] = v
	}
	return out, nil
}

func parseFMValue(s string, line int) (fmValue, error) {
	v := fmValue{line: line}
	switch {
	case s == "":
		return v, nil
	case s[0] == '[':
		items, rest, err := parseFlowList(s, line)
		if err != nil {
			return v, err
		}
		if err := trailing(rest, line); err != nil {
			return v, err
		}
		v.list, v.isList = items, true
		return v, nil
	case s[0] == '"' || s[0] == '\'':
		str, rest, err := parseQuoted(s, line)
		if err != nil {
			return v, err
		}
		if err := trailing(rest, line); err != nil {
			return v, err
		}
		v.scalar = str
		return v, nil
	case strings.ContainsRune("{&*!|>%@`", rune(s[0])):
		return v, lineErr(line, "a value may not start with %q; put it in double quotes", s[:1])
	}
	plain := s
	if i := strings.Index(plain, " #"); i >= 0 {
		plain = strings.TrimSpace(plain[:i]) // a comment
	}
	if strings.Contains(plain, ": ") {
		return v, lineErr(line, "a value holding \": \" must be in double quotes")
	}
	v.scalar = plain
	return v, nil
}

// trailing allows only a comment after a quoted value or a list.
func trailing(rest string, line int) error {
	rest = strings.TrimSpace(rest)
	if rest != "" && !strings.HasPrefix(rest, "#") {
		return lineErr(line, "unexpected %q after the value", clip(rest))
	}
	return nil
}

// parseFlowList reads "[a, b]" from the start of s.
func parseFlowList(s string, line int) ([]string, string, error) {
	s = s[1:]
	items := []string{}
	for {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			return nil, "", lineErr(line, "the list is not closed with ]")
		}
		if s[0] == ']' {
			if len(items) > 0 {
				return nil, "", lineErr(line, "a list may not end with a comma")
			}
			return items, s[1:], nil
		}
		var item string
		if s[0] == '"' || s[0] == '\'' {
			str, rest, err := parseQuoted(s, line)
			if err != nil {
				return nil, "", err
			}
			item, s = str, strings.TrimLeft(rest, " ")
		} else {
			end := strings.IndexAny(s, ",]")
			if end < 0 {
				return nil, "", lineErr(line, "the list is not closed with ]")
			}
			item = strings.TrimSpace(s[:end])
			if item == "" {
				return nil, "", lineErr(line, "empty list item")
			}
			if strings.ContainsAny(item, "[]{}") || strings.Contains(item, " #") || strings.Contains(item, ": ") {
				return nil, "", lineErr(line, "list item %q needs double quotes", clip(item))
			}
			s = s[end:]
		}
		items = append(items, item)
		if s == "" {
			return nil, "", lineErr(line, "the list is not closed with ]")
		}
		switch s[0] {
		case ']':
			return items, s[1:], nil
		case ',':
			s = s[1:]
			if strings.TrimLeft(s, " ") != "" && strings.TrimLeft(s, " ")[0] == ']' {
				return nil, "", lineErr(line, "a list may not end with a comma")
			}
		default:
			return nil, "", lineErr(line, "expected , or ] after list item %q", clip(item))
		}
	}
}

// parseQuoted reads a quoted string from the start of s and returns it with
// the rest of s.
func parseQuoted(s string, line int) (string, string, error) {
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); {
		c := s[i]
		switch {
		case c == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			b.WriteByte('\'')
			i += 2
		case c == q:
			return b.String(), s[i+1:], nil
		case c == '\\' && q == '"':
			if i+1 >= len(s) {
				return "", "", lineErr(line, "the string ends with a lone backslash")
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/':
				b.WriteByte(e)
				i += 2
			case 'n':
				b.WriteByte('\n')
				i += 2
			case 't':
				b.WriteByte('\t')
				i += 2
			case 'u':
				if i+6 > len(s) {
					return "", "", lineErr(line, "\\u needs four hex digits")
				}
				r, err := strconv.ParseUint(s[i+2:i+6], 16, 32)
				if err != nil {
					return "", "", lineErr(line, "\\u needs four hex digits")
				}
				b.WriteRune(rune(r))
				i += 6
			default:
				return "", "", lineErr(line, "unknown escape \\%c in a quoted string", e)
			}
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", "", lineErr(line, "the quoted string is not closed")
}

// quote writes s as a front matter scalar: plain when that reads back the
// same in this parser and in YAML, double-quoted otherwise.
func quote(s string, inList bool) string {
	if plainOK(s, inList) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

func plainOK(s string, inList bool) bool {
	if s == "" || s != strings.TrimSpace(s) || !utf8.ValidString(s) {
		return false
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`", rune(s[0])) {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") || strings.ContainsAny(s, "\n\t\\") {
		return false
	}
	if inList && strings.ContainsAny(s, ",[]{}") {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n":
		return false
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return false
	}
	if looksLikeTime(s) {
		return false
	}
	return true
}

// looksLikeTime spots scalars YAML would read as dates.
func looksLikeTime(s string) bool {
	return len(s) >= 10 && s[4] == '-' && s[7] == '-' && strings.Trim(s[:4], "0123456789") == ""
}

func lineErr(line int, format string, args ...any) *Problem {
	return &Problem{Line: line, Message: fmt.Sprintf(format, args...)}
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}
