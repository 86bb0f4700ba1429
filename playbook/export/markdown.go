package export

import (
	"html"
	"html/template"
	"regexp"
	"strconv"
	"strings"
)

// caseMarkdown renders a case section (the case library's Markdown) for the
// printed report. It knows the blocks cases use — paragraphs, headings,
// bullet and numbered lists, pipe tables, quotes and fenced code — and the
// inline marks **strong**, *emphasis* and `code`. Every piece of text is
// HTML-escaped before any tag is added, raw HTML is shown as text, links are
// printed as their text and address (no href: paper has no links, and a
// javascript: address stays inert text), and images, which stay in the case
// library, are named by their description.
func caseMarkdown(src string) template.HTML {
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n"), "\n")
	var b strings.Builder
	var para []string
	flushPara := func() {
		if len(para) == 0 {
			return
		}
		b.WriteString("<p>")
		for i, l := range para {
			if i > 0 {
				b.WriteString("<br>")
			}
			b.WriteString(inline(strings.TrimSpace(l)))
		}
		b.WriteString("</p>\n")
		para = nil
	}
	for i := 0; i < len(lines); {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		indent := len(line) - len(strings.TrimLeft(line, " "))
		switch {
		case trimmed == "":
			flushPara()
			i++
		case indent <= 3 && (strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")):
			flushPara()
			marker := trimmed[:3]
			var code []string
			i++
			for i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), marker) {
				code = append(code, lines[i])
				i++
			}
			i++ // the closing fence (or the end)
			b.WriteString("<pre>" + html.EscapeString(strings.Join(code, "\n")) + "</pre>\n")
		case indent <= 3 && headingRe.MatchString(trimmed):
			flushPara()
			m := headingRe.FindStringSubmatch(trimmed)
			b.WriteString("<h5>" + inline(strings.TrimRight(strings.TrimSpace(m[1]), "# ")) + "</h5>\n")
			i++
		case indent <= 3 && strings.HasPrefix(trimmed, "|") && i+1 < len(lines) && tableRuleRe.MatchString(strings.TrimSpace(lines[i+1])):
			flushPara()
			header := cells(trimmed)
			i += 2
			b.WriteString("<table><tr>")
			for _, c := range header {
				b.WriteString("<th>" + inline(c) + "</th>")
			}
			b.WriteString("</tr>\n")
			for i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "|") {
				b.WriteString("<tr>")
				row := cells(strings.TrimSpace(lines[i]))
				for j := range header {
					c := ""
					if j < len(row) {
						c = row[j]
					}
					b.WriteString("<td>" + inline(c) + "</td>")
				}
				b.WriteString("</tr>\n")
				i++
			}
			b.WriteString("</table>\n")
		case listItem(line) != nil:
			flushPara()
			first := listItem(line)
			tag := "ul"
			if first.ordered {
				tag = "ol"
			}
			b.WriteString("<" + tag)
			if first.ordered && first.start != 1 {
				b.WriteString(` start="` + strconv.Itoa(first.start) + `"`)
			}
			b.WriteString(">")
			firstItem := true
			for i < len(lines) {
				it := listItem(lines[i])
				if it == nil || it.ordered != first.ordered {
					// A continuation line belongs to the item above it.
					if it == nil && strings.TrimSpace(lines[i]) != "" && len(lines[i])-len(strings.TrimLeft(lines[i], " ")) >= 2 {
						b.WriteString("<br>" + inline(strings.TrimSpace(lines[i])))
						i++
						continue
					}
					break
				}
				if !firstItem {
					b.WriteString("</li>")
				}
				firstItem = false
				b.WriteString("<li>" + inline(it.text))
				i++
			}
			b.WriteString("</li></" + tag + ">\n")
		case indent <= 3 && strings.HasPrefix(trimmed, ">"):
			flushPara()
			var quote []string
			for i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), ">") {
				quote = append(quote, inline(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(lines[i]), ">"))))
				i++
			}
			b.WriteString("<blockquote>" + strings.Join(quote, "<br>") + "</blockquote>\n")
		default:
			para = append(para, line)
			i++
		}
	}
	flushPara()
	return template.HTML(b.String())
}

var (
	headingRe   = regexp.MustCompile(`^#{1,6}(?:[ \t]+(.*))?$`)
	tableRuleRe = regexp.MustCompile(`^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$`)
	bulletRe    = regexp.MustCompile(`^ {0,6}[-*+][ \t]+(.*)$`)
	numberRe    = regexp.MustCompile(`^ {0,6}([0-9]{1,9})[.)][ \t]+(.*)$`)
)

type item struct {
	ordered bool
	start   int
	text    string
}

func listItem(line string) *item {
	if m := bulletRe.FindStringSubmatch(line); m != nil {
		return &item{text: strings.TrimSpace(m[1])}
	}
	if m := numberRe.FindStringSubmatch(line); m != nil {
		n, _ := strconv.Atoi(m[1])
		return &item{ordered: true, start: n, text: strings.TrimSpace(m[2])}
	}
	return nil
}

// cells splits a pipe-table row; "\|" is a literal bar.
func cells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	if strings.HasSuffix(row, "|") && !strings.HasSuffix(row, `\|`) {
		row = row[:len(row)-1]
	}
	var out []string
	var cur strings.Builder
	for i := 0; i < len(row); i++ {
		switch {
		case row[i] == '\\' && i+1 < len(row) && row[i+1] == '|':
			cur.WriteByte('|')
			i++
		case row[i] == '|':
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(row[i])
		}
	}
	return append(out, strings.TrimSpace(cur.String()))
}

var (
	codeRe   = regexp.MustCompile("`([^`]+)`")
	imageRe  = regexp.MustCompile(`!\[([^\]]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)`)
	linkRe   = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]*)(?:\s+"[^"]*")?\)`)
	strongRe = regexp.MustCompile(`\*\*([^*]+)\*\*|__([^_]+)__`)
	emRe     = regexp.MustCompile(`\*([^*\s][^*]*)\*`)
)

// While the inline marks are found, a backslash-escaped character waits as a
// private-use character (escapedBase + its byte) and a code span as one of
// the supplementary private-use plane (codeBase + its number; a section has
// far fewer than 65,534 spans). Private-use characters of the text itself,
// meaningless on paper, print as U+FFFD.
const (
	escapedBase = '\uE000'
	codeBase    = '\U000F0000'
)

func privateUse(r rune) bool {
	return r >= escapedBase && r < escapedBase+0x80 || r >= codeBase
}

// inline renders one line's text: escaped first, then the inline marks.
func inline(s string) string {
	// Backslash escapes (\*, \#, \[ …) are literal characters, never marks.
	s = strings.Map(func(r rune) rune {
		if privateUse(r) {
			return '\uFFFD'
		}
		return r
	}, s)
	var pre strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_{}[]()#+-.!|>~<&\"'", s[i+1]) >= 0 {
			pre.WriteRune(escapedBase + rune(s[i+1]))
			i++
			continue
		}
		pre.WriteByte(s[i])
	}
	t := html.EscapeString(pre.String())
	var codes []string
	t = codeRe.ReplaceAllStringFunc(t, func(m string) string {
		codes = append(codes, "<code>"+m[1:len(m)-1]+"</code>")
		return string(codeBase + rune(len(codes)-1))
	})
	t = imageRe.ReplaceAllString(t, "［图片：$1］")
	t = linkRe.ReplaceAllStringFunc(t, func(m string) string {
		sub := linkRe.FindStringSubmatch(m)
		if sub[2] == "" || sub[2] == sub[1] {
			return sub[1]
		}
		return sub[1] + `<span class="url">（` + sub[2] + `）</span>`
	})
	t = strongRe.ReplaceAllString(t, "<strong>$1$2</strong>")
	t = emRe.ReplaceAllString(t, "<em>$1</em>")
	// Restore code spans, then the escaped characters (escaped for HTML).
	return restore(t, codes)
}

func restore(t string, codes []string) string {
	var b strings.Builder
	for _, r := range t {
		switch {
		case r >= codeBase && int(r-codeBase) < len(codes):
			b.WriteString(restore(codes[r-codeBase], nil))
		case r >= escapedBase && r < escapedBase+0x80:
			b.WriteString(html.EscapeString(string(r - escapedBase)))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
