package cases

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A case file is Markdown with front matter:
//
//	---
//	id: elevator-maintenance-iceberg
//	modules: [4]
//	updated: 2026-11-20T09:00:00Z
//	title.zh-CN: 某电梯维保服务公司:一份"只比价格"的招标
//	industry.zh-CN: 电梯维保
//	tags.zh-CN: [冰山模型, 需求挖掘]
//	summary.zh-CN: …
//	title.en: …
//	---
//
//	# zh-CN
//
//	## 背景
//
//	…
//
//	# en
//
//	## Background
//
//	…
//
// "# zh-CN" and "# en" open the language variants; "##" headings name the
// sections (see Sections); inside a section, use ### and smaller headings.
// Marshal writes this canonical form; Parse reads it strictly, with line
// numbers in its errors, and Parse(Marshal(c)) gives c back unchanged.

// Problems is every problem found in one case or file.
type Problems []*Problem

func (ps Problems) Error() string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "; ")
}

// AsProblems extracts the problems of an error returned by this package.
func AsProblems(err error) Problems {
	var ps Problems
	if errors.As(err, &ps) {
		return ps
	}
	var p *Problem
	if errors.As(err, &p) {
		return Problems{p}
	}
	if err != nil {
		return Problems{{Message: err.Error()}}
	}
	return nil
}

// Front matter keys: shared ones, then per language ("title.zh-CN").
var (
	sharedKeys  = []string{"id", "modules", "roleplay", "client", "updated"}
	variantKeys = []string{"title", "industry", "tags", "summary"}
)

// Parse reads a case file. The result is normalised and valid; otherwise the
// error is Problems listing what is wrong, with line numbers where they apply.
func Parse(data []byte) (*Case, error) {
	if len(data) > MaxFileBytes {
		return nil, Problems{{Message: fmt.Sprintf("the file is %d KB; a case file may be at most %d KB", len(data)>>10, MaxFileBytes>>10)}}
	}
	if !utf8.Valid(data) {
		return nil, Problems{{Message: "the file is not UTF-8 text"}}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	if len(lines) == 0 || strings.TrimRight(lines[0], " ") != "---" {
		return nil, Problems{lineErr(1, "a case file starts with a front matter block: a line \"---\", key: value lines, and \"---\"")}
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], " ") == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, Problems{lineErr(1, "the front matter is not closed with a line \"---\"")}
	}
	fm, err := parseFrontMatter(lines[1:end], 2)
	if err != nil {
		return nil, Problems{err.(*Problem)}
	}
	c, err := caseFromFrontMatter(fm)
	if err != nil {
		return nil, err
	}
	if err := parseBody(c, lines[end+1:], end+2); err != nil {
		return nil, err
	}
	c.Normalize()
	if ps := c.Validate(); len(ps) > 0 {
		return nil, Problems(ps)
	}
	return c, nil
}

func caseFromFrontMatter(fm map[string]fmValue) (*Case, error) {
	known := map[string]bool{}
	for _, k := range sharedKeys {
		known[k] = true
	}
	for _, l := range Langs {
		for _, k := range variantKeys {
			known[k+"."+l] = true
		}
	}
	keys := make([]string, 0, len(fm))
	for k := range fm {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return fm[a].line - fm[b].line })
	for _, k := range keys {
		if !known[k] {
			hint := ""
			for _, vk := range variantKeys {
				if k == vk {
					hint = fmt.Sprintf(" (per language: %s.zh-CN or %s.en)", k, k)
				}
			}
			return nil, Problems{lineErr(fm[k].line, "unknown key %q%s", k, hint)}
		}
	}
	scalar := func(k string) (string, *Problem) {
		v, ok := fm[k]
		if !ok {
			return "", nil
		}
		if v.isList {
			return "", lineErr(v.line, "%s must be a single value, not a list", k)
		}
		return v.scalar, nil
	}
	list := func(k string) ([]string, *Problem) {
		v, ok := fm[k]
		if !ok {
			return nil, nil
		}
		if !v.isList {
			if v.scalar == "" {
				return nil, nil
			}
			return nil, lineErr(v.line, "%s must be a list written [a, b]", k)
		}
		return v.list, nil
	}
	c := &Case{}
	var p *Problem
	if c.ID, p = scalar("id"); p != nil {
		return nil, Problems{p}
	}
	if _, ok := fm["id"]; !ok {
		return nil, Problems{lineErr(1, "the front matter has no id")}
	}
	mods, p := list("modules")
	if p != nil {
		return nil, Problems{p}
	}
	for _, m := range mods {
		n, err := strconv.Atoi(m)
		if err != nil {
			return nil, Problems{lineErr(fm["modules"].line, "module %q is not a number", m)}
		}
		c.Modules = append(c.Modules, n)
	}
	rp, p := scalar("roleplay")
	if p != nil {
		return nil, Problems{p}
	}
	switch rp {
	case "", "false":
	case "true":
		c.RolePlay = true
	default:
		return nil, Problems{lineErr(fm["roleplay"].line, "roleplay must be true or false")}
	}
	if c.Client, p = scalar("client"); p != nil {
		return nil, Problems{p}
	}
	up, p := scalar("updated")
	if p != nil {
		return nil, Problems{p}
	}
	if up == "" {
		return nil, Problems{lineErr(1, "the front matter has no updated time (updated: 2026-11-20T09:00:00Z)")}
	}
	t, err := time.Parse(time.RFC3339, up)
	if err != nil {
		if t, err = time.Parse(time.DateOnly, up); err != nil {
			return nil, Problems{lineErr(fm["updated"].line, "updated must be a time like 2026-11-20T09:00:00Z or a date like 2026-11-20")}
		}
	}
	c.Updated = t
	for _, l := range Langs {
		present := false
		for _, k := range variantKeys {
			if _, ok := fm[k+"."+l]; ok {
				present = true
			}
		}
		if !present {
			continue
		}
		v := &Variant{}
		if v.Title, p = scalar("title." + l); p != nil {
			return nil, Problems{p}
		}
		if v.Industry, p = scalar("industry." + l); p != nil {
			return nil, Problems{p}
		}
		if v.Summary, p = scalar("summary." + l); p != nil {
			return nil, Problems{p}
		}
		if v.Tags, p = list("tags." + l); p != nil {
			return nil, Problems{p}
		}
		c.setVariant(l, v)
	}
	return c, nil
}

func (c *Case) setVariant(lang string, v *Variant) {
	if lang == ZH {
		c.ZH = v
	} else {
		c.EN = v
	}
}

// languageMarker recognises "# zh-CN" and "# en" (also "# 中文", "# English").
func languageMarker(line string) (string, bool) {
	if headingLevel(line) != 1 {
		return "", false
	}
	name := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#"))
	switch strings.ToLower(name) {
	case "zh-cn", "中文", "简体中文":
		return ZH, true
	case "en", "english":
		return EN, true
	}
	return "", false
}

// foldHeading makes headings comparable: case, spacing and full-width
// punctuation do not matter.
func foldHeading(s string) string {
	s = strings.NewReplacer("（", "(", "）", ")", "：", ":", "’", "'").Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

var headingIndex = func() map[string]*section {
	m := map[string]*section{}
	for i := range sections {
		s := &sections[i]
		for _, h := range append([]string{s.zh, s.en, s.key}, s.aliases...) {
			m[foldHeading(h)] = s
		}
	}
	return m
}()

func parseBody(c *Case, lines []string, first int) error {
	var (
		fence fenceState
		lang  string
		v     *Variant
		cur   *section
		buf   []string
		seen  = map[string]bool{}
		langs = map[string]bool{}
		flush = func() {
			if cur != nil {
				*cur.get(v) = strings.Join(buf, "\n")
			}
			buf = buf[:0]
		}
	)
	for i, line := range lines {
		n := first + i
		if fence.step(line) {
			if cur == nil {
				return Problems{lineErr(n, "text before the first section heading (## …)")}
			}
			buf = append(buf, line)
			continue
		}
		switch headingLevel(line) {
		case 1:
			l, ok := languageMarker(line)
			if !ok {
				return Problems{lineErr(n, "%q: a level-1 heading must be # zh-CN or # en; use ### or smaller headings inside a section", clip(strings.TrimSpace(line)))}
			}
			if langs[l] {
				return Problems{lineErr(n, "the %s variant appears twice", l)}
			}
			flush()
			langs[l] = true
			lang, cur = l, nil
			if v = c.Variant(l); v == nil {
				v = &Variant{}
				c.setVariant(l, v)
			}
			clear(seen)
			continue
		case 2:
			if lang == "" {
				return Problems{lineErr(n, "a section before the first language heading (# zh-CN or # en)")}
			}
			title := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#"))
			s := headingIndex[foldHeading(title)]
			if s == nil {
				return Problems{lineErr(n, "unknown section %q; the sections are %s", clip(title), sectionList(lang))}
			}
			if seen[s.key] {
				return Problems{lineErr(n, "section %q appears twice in the %s variant", title, lang)}
			}
			flush()
			seen[s.key] = true
			cur = s
			continue
		}
		if cur == nil {
			if strings.TrimSpace(line) != "" {
				if lang == "" {
					return Problems{lineErr(n, "text before the first language heading (# zh-CN or # en)")}
				}
				return Problems{lineErr(n, "text before the first section heading (## …)")}
			}
			continue
		}
		buf = append(buf, line)
	}
	flush()
	if fence.marker != "" {
		return Problems{lineErr(first+len(lines)-1, "a code block opened with %s is not closed", fence.marker)}
	}
	return nil
}

func sectionList(lang string) string {
	names := make([]string, len(sections))
	for i, s := range sections {
		if lang == EN {
			names[i] = s.en
		} else {
			names[i] = s.zh
		}
	}
	return strings.Join(names, ", ")
}

// Marshal writes a case in the canonical file format. The case should be
// normalised and valid (Parse of the result checks it again).
func Marshal(c *Case) []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	fmt.Fprintf(&b, "id: %s\n", quote(c.ID, false))
	mods := make([]string, len(c.Modules))
	for i, m := range c.Modules {
		mods[i] = strconv.Itoa(m)
	}
	fmt.Fprintf(&b, "modules: [%s]\n", strings.Join(mods, ", "))
	if c.RolePlay {
		b.WriteString("roleplay: true\n")
	}
	if c.Client != "" {
		fmt.Fprintf(&b, "client: %s\n", quote(c.Client, false))
	}
	fmt.Fprintf(&b, "updated: %s\n", c.Updated.UTC().Format(time.RFC3339))
	for _, lv := range c.variants() {
		l, v := lv.lang, lv.v
		fmt.Fprintf(&b, "title.%s: %s\n", l, quote(v.Title, false))
		if v.Industry != "" {
			fmt.Fprintf(&b, "industry.%s: %s\n", l, quote(v.Industry, false))
		}
		tags := make([]string, len(v.Tags))
		for i, t := range v.Tags {
			tags[i] = quote(t, true)
		}
		fmt.Fprintf(&b, "tags.%s: [%s]\n", l, strings.Join(tags, ", "))
		if v.Summary != "" {
			fmt.Fprintf(&b, "summary.%s: %s\n", l, quote(v.Summary, false))
		}
	}
	b.WriteString("---\n")
	for _, lv := range c.variants() {
		fmt.Fprintf(&b, "\n# %s\n", lv.lang)
		for _, s := range sections {
			text := *s.get(lv.v)
			if text == "" {
				continue
			}
			heading := s.zh
			if lv.lang == EN {
				heading = s.en
			}
			fmt.Fprintf(&b, "\n## %s\n\n%s\n", heading, text)
		}
	}
	return b.Bytes()
}
