// Package cases is the case library: the case model (Simplified Chinese and
// English variants, teaching notes, role-play briefs), its Markdown file format
// with front matter, zip import and export, search and filters, and the
// built-in cases embedded in the binary with their data sets. It is pure: no
// I/O beyond the embedded files, no database, no network.
package cases

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Languages of a case, Simplified Chinese first.
const (
	ZH = "zh-CN"
	EN = "en"
)

// Langs lists the case languages in file order.
var Langs = []string{ZH, EN}

// Limits of a case. Texts are counted in characters (runes).
const (
	MaxIDLength      = 64
	MaxTitle         = 120
	MaxIndustry      = 40
	MaxSummary       = 600
	MaxTags          = 12
	MaxTagLength     = 24
	MaxClient        = 120
	MaxSection       = 20000
	MaxFileBytes     = 256 << 10 // one case's Markdown file
	MaxModule        = 6
	MaxFilesPerCase  = 40
	MaxFileNameBytes = 80
)

// Case is one case of the library. A case has a Chinese variant, an English
// one, or both; identifiers, modules and dates are shared.
type Case struct {
	ID string `json:"id"`
	// Modules are the curriculum modules (1–6) the case serves.
	Modules []int `json:"modules"`
	// RolePlay marks a role-play scenario: its variants carry the brief
	// (buyer persona, the seller's brief, likely objections, success).
	RolePlay bool `json:"roleplay"`
	// Client names the client company whose own case this is (案例萃取); empty
	// for library cases.
	Client  string    `json:"client,omitempty"`
	Updated time.Time `json:"updated"`
	ZH      *Variant  `json:"zh-CN,omitempty"`
	EN      *Variant  `json:"en,omitempty"`
}

// Variant is a case in one language. Sections are Markdown (GFM: tables,
// lists, images referring to the case's files by name); raw HTML is never
// rendered.
type Variant struct {
	Title    string   `json:"title"`
	Industry string   `json:"industry"`
	Tags     []string `json:"tags"`
	Summary  string   `json:"summary"`

	Background    string `json:"background"`
	Situation     string `json:"situation"`
	Actions       string `json:"actions"` // what was done
	Results       string `json:"results"`
	Exhibits      string `json:"exhibits"`
	Questions     string `json:"questions"`
	Takeaways     string `json:"takeaways"`
	TeachingNotes string `json:"teaching_notes"` // trainers only, never shown to participants

	// Role-play brief.
	Buyer       string `json:"buyer"`
	SellerBrief string `json:"seller_brief"`
	Objections  string `json:"objections"`
	Success     string `json:"success"`
}

// Variant returns the case in lang, or nil.
func (c *Case) Variant(lang string) *Variant {
	switch lang {
	case ZH:
		return c.ZH
	case EN:
		return c.EN
	}
	return nil
}

// In returns the case's variant in lang, falling back to the other language.
func (c *Case) In(lang string) *Variant {
	if v := c.Variant(lang); v != nil {
		return v
	}
	if c.ZH != nil {
		return c.ZH
	}
	return c.EN
}

// variants lists the present variants with their language, Chinese first.
func (c *Case) variants() []langVariant {
	var out []langVariant
	if c.ZH != nil {
		out = append(out, langVariant{ZH, c.ZH})
	}
	if c.EN != nil {
		out = append(out, langVariant{EN, c.EN})
	}
	return out
}

type langVariant struct {
	lang string
	v    *Variant
}

// Clone returns a deep copy.
func (c *Case) Clone() *Case {
	out := *c
	out.Modules = slices.Clone(c.Modules)
	if c.ZH != nil {
		v := *c.ZH
		v.Tags = slices.Clone(c.ZH.Tags)
		out.ZH = &v
	}
	if c.EN != nil {
		v := *c.EN
		v.Tags = slices.Clone(c.EN.Tags)
		out.EN = &v
	}
	return &out
}

// Section keys, in file order. The role-play sections come last.
const (
	SecBackground    = "background"
	SecSituation     = "situation"
	SecActions       = "actions"
	SecResults       = "results"
	SecExhibits      = "exhibits"
	SecQuestions     = "questions"
	SecTakeaways     = "takeaways"
	SecTeachingNotes = "teaching_notes"
	SecBuyer         = "buyer"
	SecSellerBrief   = "seller_brief"
	SecObjections    = "objections"
	SecSuccess       = "success"
)

// section describes one Markdown section of a variant.
type section struct {
	key      string
	zh, en   string   // canonical headings
	aliases  []string // also accepted when reading
	roleplay bool
	get      func(*Variant) *string
}

var sections = []section{
	{key: SecBackground, zh: "背景", en: "Background", get: func(v *Variant) *string { return &v.Background }},
	{key: SecSituation, zh: "情境与挑战", en: "Situation and challenge", aliases: []string{"情境", "挑战", "Situation"},
		get: func(v *Variant) *string { return &v.Situation }},
	{key: SecActions, zh: "做法", en: "What was done", aliases: []string{"我们的做法", "Actions"}, get: func(v *Variant) *string { return &v.Actions }},
	{key: SecResults, zh: "结果", en: "Results", aliases: []string{"Result"}, get: func(v *Variant) *string { return &v.Results }},
	{key: SecExhibits, zh: "附件", en: "Exhibits", aliases: []string{"附表", "Exhibit"}, get: func(v *Variant) *string { return &v.Exhibits }},
	{key: SecQuestions, zh: "讨论问题", en: "Discussion questions", aliases: []string{"Questions"}, get: func(v *Variant) *string { return &v.Questions }},
	{key: SecTakeaways, zh: "要点", en: "Key takeaways", aliases: []string{"关键要点", "Takeaways"}, get: func(v *Variant) *string { return &v.Takeaways }},
	{key: SecTeachingNotes, zh: "教学笔记（讲师专用）", en: "Teaching notes (trainer only)", aliases: []string{"教学笔记", "讲师笔记", "Teaching notes"},
		get: func(v *Variant) *string { return &v.TeachingNotes }},
	{key: SecBuyer, zh: "角色扮演：买方角色", en: "Role play: buyer persona", aliases: []string{"买方角色", "Buyer persona"}, roleplay: true,
		get: func(v *Variant) *string { return &v.Buyer }},
	{key: SecSellerBrief, zh: "角色扮演：卖方任务", en: "Role play: seller's brief", aliases: []string{"卖方任务", "Seller's brief"}, roleplay: true,
		get: func(v *Variant) *string { return &v.SellerBrief }},
	{key: SecObjections, zh: "角色扮演：可能的异议", en: "Role play: likely objections", aliases: []string{"可能的异议", "Likely objections"}, roleplay: true,
		get: func(v *Variant) *string { return &v.Objections }},
	{key: SecSuccess, zh: "角色扮演：成功标准", en: "Role play: what success looks like", aliases: []string{"成功标准", "What success looks like"}, roleplay: true,
		get: func(v *Variant) *string { return &v.Success }},
}

// Sections lists the section keys in file order.
func Sections() []string {
	out := make([]string, len(sections))
	for i, s := range sections {
		out[i] = s.key
	}
	return out
}

// Problem is one reason a case (or a file of an import) is not accepted.
type Problem struct {
	Field   string `json:"field,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

func (p *Problem) Error() string {
	switch {
	case p.Line > 0:
		return fmt.Sprintf("line %d: %s", p.Line, p.Message)
	case p.Field != "":
		return p.Field + ": " + p.Message
	}
	return p.Message
}

func problem(field, format string, args ...any) *Problem {
	return &Problem{Field: field, Message: fmt.Sprintf(format, args...)}
}

// ValidID reports whether id can name a case: 1–64 characters of a–z, 0–9 and
// '-', starting with a letter or digit.
func ValidID(id string) bool {
	if id == "" || len(id) > MaxIDLength || id[0] == '-' {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Normalize cleans a case in place the way the file format stores it: texts
// trimmed, line endings LF, modules sorted and unique, the time in UTC at
// second precision, tags trimmed and without duplicates, empty variants
// dropped.
func (c *Case) Normalize() {
	c.ID = strings.TrimSpace(c.ID)
	c.Client = oneLine(c.Client)
	slices.Sort(c.Modules)
	c.Modules = slices.Compact(c.Modules)
	c.Updated = c.Updated.UTC().Truncate(time.Second)
	for _, lv := range c.variants() {
		v := lv.v
		v.Title, v.Industry, v.Summary = oneLine(v.Title), oneLine(v.Industry), oneLine(v.Summary)
		var tags []string
		for _, t := range v.Tags {
			t = oneLine(t)
			if t != "" && !slices.ContainsFunc(tags, func(x string) bool { return strings.EqualFold(x, t) }) {
				tags = append(tags, t)
			}
		}
		v.Tags = tags
		for _, s := range sections {
			p := s.get(v)
			*p = cleanBlock(*p)
		}
	}
	if c.ZH != nil && c.ZH.empty() {
		c.ZH = nil
	}
	if c.EN != nil && c.EN.empty() {
		c.EN = nil
	}
}

func (v *Variant) empty() bool {
	if v.Title != "" || v.Industry != "" || v.Summary != "" || len(v.Tags) > 0 {
		return false
	}
	for _, s := range sections {
		if *s.get(v) != "" {
			return false
		}
	}
	return true
}

// oneLine trims s and folds any run of whitespace (newlines included) into
// one space.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cleanBlock normalises a Markdown block: LF line endings and no blank lines
// at the start or end. Lines keep their own spacing (two trailing spaces are
// a Markdown line break).
func cleanBlock(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// Validate checks a normalised case against the limits and rules of the file
// format. It returns every problem found, in field order.
func (c *Case) Validate() []*Problem {
	var ps []*Problem
	add := func(p *Problem) { ps = append(ps, p) }
	if !ValidID(c.ID) {
		add(problem("id", "the id must be 1–%d characters of a–z, 0–9 and '-' (not starting with '-')", MaxIDLength))
	}
	if len(c.Modules) == 0 {
		add(problem("modules", "name at least one module (1–%d)", MaxModule))
	}
	for _, m := range c.Modules {
		if m < 1 || m > MaxModule {
			add(problem("modules", "module %d does not exist; modules are 1–%d", m, MaxModule))
		}
	}
	if err := checkText("client", c.Client, MaxClient); err != nil {
		add(err)
	}
	if c.Updated.IsZero() {
		add(problem("updated", "the update time is missing"))
	}
	if c.ZH == nil && c.EN == nil {
		add(problem("title", "a case needs a Chinese or an English variant"))
	}
	for _, lv := range c.variants() {
		ps = append(ps, lv.v.validate(lv.lang, c.RolePlay)...)
	}
	return ps
}

func (v *Variant) validate(lang string, rolePlay bool) []*Problem {
	var ps []*Problem
	add := func(p *Problem) {
		if p != nil {
			ps = append(ps, p)
		}
	}
	f := func(name string) string { return name + "." + lang }
	if v.Title == "" {
		add(problem(f("title"), "the title is required"))
	}
	add(checkText(f("title"), v.Title, MaxTitle))
	add(checkText(f("industry"), v.Industry, MaxIndustry))
	add(checkText(f("summary"), v.Summary, MaxSummary))
	if len(v.Tags) > MaxTags {
		add(problem(f("tags"), "a case has at most %d tags", MaxTags))
	}
	for _, t := range v.Tags {
		add(checkText(f("tags"), t, MaxTagLength))
		if strings.ContainsAny(t, ",[]\"") {
			add(problem(f("tags"), "tag %q may not contain commas, brackets or quotes", t))
		}
	}
	for _, s := range sections {
		text := *s.get(v)
		name := s.key + "." + lang
		if s.roleplay && rolePlay && text == "" {
			add(problem(name, "a role-play case needs this section"))
		}
		if s.roleplay && !rolePlay && text != "" {
			add(problem(name, "only role-play cases have this section (set roleplay: true)"))
		}
		add(checkBlock(name, text))
	}
	return ps
}

// checkText checks a one-line text: valid UTF-8, no control characters, at
// most max characters.
func checkText(field, s string, max int) *Problem {
	if !utf8.ValidString(s) {
		return problem(field, "not valid UTF-8")
	}
	if strings.ContainsFunc(s, unicode.IsControl) {
		return problem(field, "control characters are not allowed")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return problem(field, "%d characters long; the limit is %d", n, max)
	}
	return nil
}

// checkBlock checks a section's Markdown: valid UTF-8, no control characters
// but newline and tab, at most MaxSection characters, and no level-1 or
// level-2 heading outside a code block (those structure the file itself).
func checkBlock(field, s string) *Problem {
	if !utf8.ValidString(s) {
		return problem(field, "not valid UTF-8")
	}
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) {
		return problem(field, "control characters are not allowed")
	}
	if n := utf8.RuneCountInString(s); n > MaxSection {
		return problem(field, "%d characters long; the limit is %d", n, MaxSection)
	}
	var fence fenceState
	for i, line := range strings.Split(s, "\n") {
		if fence.step(line) {
			continue
		}
		if headingLevel(line) == 1 || headingLevel(line) == 2 {
			return problem(field, "line %d: use ### or smaller headings inside a section; # and ## divide the case file", i+1)
		}
	}
	if fence.marker != "" {
		return problem(field, "a code block opened with %s is not closed", fence.marker)
	}
	return nil
}

// headingLevel returns the level of an ATX heading line ("## x" → 2), or 0.
func headingLevel(line string) int {
	l := strings.TrimLeft(line, " ")
	if len(line)-len(l) > 3 {
		return 0 // indented code
	}
	n := 0
	for n < len(l) && l[n] == '#' {
		n++
	}
	if n == 0 || n > 6 {
		return 0
	}
	if n < len(l) && l[n] != ' ' && l[n] != '\t' {
		return 0
	}
	return n
}

// fenceState follows fenced code blocks (``` or ~~~) line by line.
type fenceState struct {
	marker string
}

// step consumes a line and reports whether it is inside (or delimits) a
// fenced code block, where headings are text.
func (f *fenceState) step(line string) bool {
	l := strings.TrimLeft(line, " ")
	if len(line)-len(l) > 3 {
		return f.marker != ""
	}
	if f.marker != "" {
		if strings.HasPrefix(l, f.marker) && strings.TrimSpace(strings.TrimLeft(l, f.marker[:1])) == "" {
			f.marker = ""
		}
		return true
	}
	for _, ch := range []string{"`", "~"} {
		n := 0
		for n < len(l) && l[n] == ch[0] {
			n++
		}
		if n >= 3 {
			f.marker = strings.Repeat(ch, n)
			return true
		}
	}
	return false
}

// EscapeBlock turns free text (a participant's draft) into a section that
// passes Validate and reads the same: a line that would open a level-1 or
// level-2 heading or a code fence gets a backslash, which Markdown renders as
// the literal character.
func EscapeBlock(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		if len(l)-len(t) > 3 {
			continue // indented code: shown as written
		}
		lvl := headingLevel(l)
		if lvl == 1 || lvl == 2 || strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			lines[i] = l[:len(l)-len(t)] + `\` + t
		}
	}
	return cleanBlock(strings.Join(lines, "\n"))
}
