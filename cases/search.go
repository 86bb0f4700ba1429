package cases

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Search finds cases by text and filters. Chinese is written without spaces,
// so matching is by substring, not by word: 电梯 finds 某电梯维保服务公司. Case,
// letter width (ＣＲＭ = CRM) and spacing do not matter. Every term of the
// query must occur somewhere in the case — title, industry, tags, summary or
// any section, in either language.

// Query is a search with its filters; zero fields do not filter.
type Query struct {
	Text     string `json:"q,omitempty"`
	Module   int    `json:"module,omitempty"`
	Industry string `json:"industry,omitempty"`
	Tag      string `json:"tag,omitempty"`
	RolePlay *bool  `json:"roleplay,omitempty"`
}

// Hit is a case found by a search.
type Hit struct {
	Case  *Case
	Score int
	// Field and Lang say where the best match of the first term is; Snippet
	// is a short excerpt around it (empty when the query has no text).
	Field   string
	Lang    string
	Snippet string
}

// Field weights: a term in the title counts most.
const (
	weightTitle    = 10
	weightTag      = 6
	weightIndustry = 6
	weightSummary  = 4
	weightSection  = 1
)

// MaxQuery bounds the query text (characters).
const MaxQuery = 200

// Search returns the cases matching q, best first (then by id).
func Search(all []*Case, q Query) []Hit {
	terms := queryTerms(q.Text)
	var hits []Hit
	for _, c := range all {
		if !q.matchesFilters(c) {
			continue
		}
		h := Hit{Case: c}
		ok := true
		for i, t := range terms {
			score, field, lang, at := bestMatch(c, t)
			if score == 0 {
				ok = false
				break
			}
			h.Score += score
			if i == 0 {
				h.Field, h.Lang = field, lang
				h.Snippet = snippet(fieldText(c, lang, field), at, utf8.RuneCountInString(t))
			}
		}
		if ok {
			hits = append(hits, h)
		}
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		if c := cmp.Compare(firstModule(a.Case), firstModule(b.Case)); c != 0 {
			return c
		}
		return strings.Compare(a.Case.ID, b.Case.ID)
	})
	return hits
}

func firstModule(c *Case) int {
	if len(c.Modules) == 0 {
		return MaxModule + 1
	}
	return c.Modules[0]
}

func (q Query) matchesFilters(c *Case) bool {
	if q.Module != 0 && !slices.Contains(c.Modules, q.Module) {
		return false
	}
	if q.RolePlay != nil && c.RolePlay != *q.RolePlay {
		return false
	}
	if ind := fold(strings.TrimSpace(q.Industry)); ind != "" {
		found := false
		for _, lv := range c.variants() {
			if fold(lv.v.Industry) == ind {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	if tag := fold(strings.TrimSpace(q.Tag)); tag != "" {
		found := false
		for _, lv := range c.variants() {
			for _, t := range lv.v.Tags {
				if fold(t) == tag {
					found = true
				}
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// queryTerms splits a query into folded terms: words separated by spaces, or
// "quoted phrases".
func queryTerms(s string) []string {
	if utf8.RuneCountInString(s) > MaxQuery {
		s = string([]rune(s)[:MaxQuery])
	}
	s = fold(s)
	var terms []string
	for len(s) > 0 {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			break
		}
		if s[0] == '"' {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				s = s[1:]
				continue
			}
			if p := strings.TrimSpace(s[1 : 1+end]); p != "" {
				terms = append(terms, p)
			}
			s = s[end+2:]
			continue
		}
		end := strings.IndexByte(s, ' ')
		if end < 0 {
			end = len(s)
		}
		if w := strings.Trim(s[:end], `"`); w != "" {
			terms = append(terms, w)
		}
		s = s[end:]
	}
	return slices.Compact(terms)
}

// fold lowers case, turns full-width ASCII (ＣＲＭ, ３) and the ideographic
// space into their plain forms and any whitespace into one space, rune for
// rune, so positions in the folded text are positions in the original.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == 0x3000 || unicode.IsSpace(r):
		return ' '
	}
	return unicode.ToLower(r)
}

// searchField is one searchable text of a variant.
type searchField struct {
	name   string
	weight int
	get    func(*Variant) string
}

var searchFields = func() []searchField {
	fs := []searchField{
		{"title", weightTitle, func(v *Variant) string { return v.Title }},
		{"tags", weightTag, func(v *Variant) string { return strings.Join(v.Tags, " · ") }},
		{"industry", weightIndustry, func(v *Variant) string { return v.Industry }},
		{"summary", weightSummary, func(v *Variant) string { return v.Summary }},
	}
	for _, s := range sections {
		get := s.get
		fs = append(fs, searchField{s.key, weightSection, func(v *Variant) string { return *get(v) }})
	}
	return fs
}()

// bestMatch finds the best field holding term; at is the rune offset of the
// match in that field (-1 when it matched only once spaces were ignored).
func bestMatch(c *Case, term string) (score int, field, lang string, at int) {
	squeezed := strings.ReplaceAll(term, " ", "")
	for _, f := range searchFields {
		for _, lv := range c.variants() {
			text := fold(f.get(lv.v))
			i := strings.Index(text, term)
			pos := -1
			if i >= 0 {
				pos = utf8.RuneCountInString(text[:i])
			} else if !strings.Contains(strings.ReplaceAll(text, " ", ""), squeezed) {
				continue
			}
			if f.weight > score {
				score, field, lang, at = f.weight, f.name, lv.lang, pos
			}
		}
		if score > 0 && score >= f.weight {
			// Fields are in falling weight order: nothing later beats this.
			break
		}
	}
	return score, field, lang, at
}

func fieldText(c *Case, lang, field string) string {
	v := c.Variant(lang)
	if v == nil {
		return ""
	}
	for _, f := range searchFields {
		if f.name == field {
			return f.get(v)
		}
	}
	return ""
}

// snippet cuts about 80 characters of text around the match at rune offset
// at (the start when at < 0), on one line.
func snippet(text string, at, n int) string {
	runes := []rune(text)
	if at < 0 || at > len(runes) {
		at = 0
	}
	start := max(0, at-30)
	end := min(len(runes), at+n+50)
	out := oneLine(plainText(string(runes[start:end])))
	if start > 0 {
		out = "…" + out
	}
	if end < len(runes) {
		out += "…"
	}
	return out
}

// markdownMarks are Markdown syntax a snippet does better without.
var markdownMarks = strings.NewReplacer("**", "", "__", "", "`", "", "|", " ", "![", "", "](", " ", "> ", "")

// plainText drops the Markdown marks of a snippet: list and heading markers
// at line starts, emphasis, table pipes.
func plainText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		for _, p := range []string{"- ", "* ", "+ ", "### ", "#### ", "##### ", "###### "} {
			t = strings.TrimPrefix(t, p)
		}
		if j := strings.Index(t, ". "); j > 0 && j <= 3 && strings.Trim(t[:j], "0123456789") == "" {
			t = t[j+2:]
		}
		if strings.Trim(t, "-: |") == "" {
			t = "" // a table's separator row
		}
		lines[i] = markdownMarks.Replace(t)
	}
	return strings.Join(lines, "\n")
}

// Facet is one value of a filter with the number of cases having it.
type Facet struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Facets are the filter values of a set of cases.
type Facets struct {
	Modules    []Facet `json:"modules"`
	Industries []Facet `json:"industries"`
	Tags       []Facet `json:"tags"`
}

// FacetsOf counts the modules, industries and tags of cases in lang (cases
// without that language count with their other one), most frequent first.
func FacetsOf(all []*Case, lang string) Facets {
	mods, inds, tags := map[string]int{}, map[string]int{}, map[string]int{}
	for _, c := range all {
		for _, m := range c.Modules {
			mods[itoaModule(m)]++
		}
		v := c.In(lang)
		if v == nil {
			continue
		}
		if v.Industry != "" {
			inds[v.Industry]++
		}
		for _, t := range v.Tags {
			tags[t]++
		}
	}
	list := func(m map[string]int, byValue bool) []Facet {
		out := make([]Facet, 0, len(m))
		for v, n := range m {
			out = append(out, Facet{v, n})
		}
		slices.SortFunc(out, func(a, b Facet) int {
			if !byValue && a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
		return out
	}
	return Facets{Modules: list(mods, true), Industries: list(inds, false), Tags: list(tags, false)}
}

func itoaModule(m int) string { return string(rune('0' + m)) }
