package cases

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

const sampleFile = `---
id: elevator-demo
modules: [4, 2]
updated: 2026-11-20T09:00:00Z
title.zh-CN: 某电梯维保服务公司:一份"只比价格"的招标
industry.zh-CN: 电梯维保
tags.zh-CN: [冰山模型, 需求挖掘]
summary.zh-CN: 物业公司招标只写了"价格最低者中标"。
title.en: "An elevator maintenance firm: a tender \"on price only\""
industry.en: Elevator maintenance
tags.en: [iceberg model, "discovery"]
summary.en: The tender says the lowest price wins.
---

# zh-CN

## 背景

华东某电梯维保公司,服务 **1,200** 台电梯。

## 附件

| 项目 | 数值 |
| --- | --- |
| 困人故障 | 37 次 |

` + "```" + `
## 这不是标题(在代码块里)
# zh-CN
` + "```" + `

## 讨论问题

1. 水面下有什么?

## 教学笔记（讲师专用）

先让各组只看招标文件。

# en

## Background

An elevator maintenance firm in East China.

## Teaching notes (trainer only)

Start with the tender only.
`

func TestParseSample(t *testing.T) {
	c, err := Parse([]byte(sampleFile))
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != "elevator-demo" || !reflect.DeepEqual(c.Modules, []int{2, 4}) || c.RolePlay {
		t.Fatalf("shared fields: %+v", c)
	}
	if !c.Updated.Equal(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("updated %v", c.Updated)
	}
	if c.ZH.Title != `某电梯维保服务公司:一份"只比价格"的招标` || c.EN.Title != `An elevator maintenance firm: a tender "on price only"` {
		t.Fatalf("titles %q / %q", c.ZH.Title, c.EN.Title)
	}
	if !reflect.DeepEqual(c.EN.Tags, []string{"iceberg model", "discovery"}) {
		t.Fatalf("tags %q", c.EN.Tags)
	}
	if !strings.Contains(c.ZH.Exhibits, "## 这不是标题") || !strings.HasSuffix(c.ZH.Exhibits, "```") {
		t.Fatalf("a heading inside a code block must stay text: %q", c.ZH.Exhibits)
	}
	if c.ZH.TeachingNotes != "先让各组只看招标文件。" || c.EN.TeachingNotes != "Start with the tender only." {
		t.Fatalf("notes %q / %q", c.ZH.TeachingNotes, c.EN.TeachingNotes)
	}
	if c.ZH.Questions != "1. 水面下有什么?" {
		t.Fatalf("questions %q", c.ZH.Questions)
	}
}

// Marshal gives back the canonical file; Parse of it gives back the case.
func TestRoundTrip(t *testing.T) {
	c, err := Parse([]byte(sampleFile))
	if err != nil {
		t.Fatal(err)
	}
	out := Marshal(c)
	back, err := Parse(out)
	if err != nil {
		t.Fatalf("re-parse: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(c, back) {
		t.Fatalf("round trip changed the case:\n%+v\n%+v", c, back)
	}
	if again := Marshal(back); string(again) != string(out) {
		t.Fatalf("canonical form not stable:\n%s\n---\n%s", out, again)
	}
	// JSON (the API's form) round-trips too.
	data, _ := json.Marshal(c)
	var fromJSON Case
	if err := json.Unmarshal(data, &fromJSON); err != nil {
		t.Fatal(err)
	}
	fromJSON.Normalize()
	if !reflect.DeepEqual(c, &fromJSON) {
		t.Fatalf("JSON round trip changed the case")
	}
}

// Hostile but valid content survives the round trip unchanged: quotes,
// colons, hashes, YAML-looking values, HTML, hard line breaks, CRLF.
func TestRoundTripAwkwardValues(t *testing.T) {
	c := &Case{
		ID: "awkward", Modules: []int{1}, Updated: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), RolePlay: true,
		Client: "客户: #1",
		ZH: &Variant{Title: `"引号" 与 'single' 和 # 号: 冒号`, Industry: "true", Tags: []string{"2026", "- dash", "C#", "yes", "a: b", "#x"},
			Summary:    `back\slash and "quotes": done #tag`,
			Background: "line one  \nline two\r\n\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>",
			Buyer:      "买方", SellerBrief: "卖方", Objections: "异议", Success: "成功",
			Exhibits: "### 小标题\n\n    # indented code is text\n\n~~~\n## fenced\n~~~"},
		EN: &Variant{Title: "yes", Industry: "null", Tags: []string{}, Summary: "2026-01-02",
			Buyer: "b", SellerBrief: "s", Objections: "o", Success: "w"},
	}
	c.Normalize()
	if ps := c.Validate(); len(ps) > 0 {
		t.Fatalf("valid case refused: %v", Problems(ps))
	}
	out := Marshal(c)
	back, err := Parse(out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !reflect.DeepEqual(c, back) {
		t.Fatalf("round trip changed the case:\n%#v\n%#v\n%s", c.ZH, back.ZH, out)
	}
	if back.ZH.Background != "line one  \nline two\n\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>" {
		t.Fatalf("background %q", back.ZH.Background)
	}
}

func TestParseRefusals(t *testing.T) {
	base := func(fm, body string) string {
		return "---\nid: x\nmodules: [1]\nupdated: 2026-11-20\ntitle.zh-CN: 标题\n" + fm + "---\n\n# zh-CN\n\n## 背景\n\n正文\n" + body
	}
	cases := []struct {
		name, file, want string
		line             int
	}{
		{"no front matter", "# zh-CN\n", "front matter", 1},
		{"unclosed front matter", "---\nid: x\n", "not closed", 1},
		{"unknown key", base("colour: red\n", ""), `unknown key "colour"`, 6},
		{"bare title", base("title: x\n", ""), "per language", 6},
		{"duplicate key", base("title.zh-CN: again\n", ""), "appears twice", 6},
		{"indented", base("  nested: 1\n", ""), "indented", 6},
		{"no space after colon", base("industry.zh-CN:x\n", ""), "space after the colon", 6},
		{"bad list", base("tags.zh-CN: [a, b\n", ""), "not closed", 6},
		{"trailing comma", base("tags.zh-CN: [a, b, ]\n", ""), "comma", 6},
		{"list for scalar", base("industry.zh-CN: [a]\n", ""), "single value", 6},
		{"scalar for list", base("tags.zh-CN: a\n", ""), "must be a list", 6},
		{"unclosed quote", base("industry.zh-CN: \"abc\n", ""), "not closed", 6},
		{"bad escape", base("industry.zh-CN: \"a\\qb\"\n", ""), "unknown escape", 6},
		{"colon needs quotes", base("industry.zh-CN: a: b\n", ""), "double quotes", 6},
		{"indicator", base("industry.zh-CN: &anchor\n", ""), "may not start", 6},
		{"bad roleplay", base("roleplay: maybe\n", ""), "true or false", 6},
		{"bad module", base("", "")[:0] + "---\nid: x\nmodules: [one]\nupdated: 2026-11-20\ntitle.zh-CN: t\n---\n", "not a number", 3},
		{"bad date", "---\nid: x\nmodules: [1]\nupdated: yesterday\ntitle.zh-CN: t\n---\n", "updated must be", 4},
		{"no id", "---\nmodules: [1]\nupdated: 2026-11-20\ntitle.zh-CN: t\n---\n", "no id", 1},
		{"text before language", "---\nid: x\nmodules: [1]\nupdated: 2026-11-20\ntitle.zh-CN: t\n---\nhello\n", "before the first language", 7},
		{"unknown language", base("", "# fr\n"), "must be # zh-CN or # en", 13},
		{"text before section", "---\nid: x\nmodules: [1]\nupdated: 2026-11-20\ntitle.zh-CN: t\n---\n# zh-CN\nhello\n", "before the first section", 8},
		{"unknown section", base("", "## 花絮\n"), `unknown section "花絮"`, 13},
		{"duplicate section", base("", "## Background\n"), "appears twice", 13},
		{"duplicate language", base("", "# 中文\n"), "appears twice", 13},
		{"unclosed fence", base("", "```\ncode\n"), "not closed", 15},
		{"invalid id", strings.Replace(base("", ""), "id: x", "id: Bad_ID", 1), "the id must be", 0},
		{"no module", strings.Replace(base("", ""), "modules: [1]", "modules: []", 1), "at least one module", 0},
		{"module 7", strings.Replace(base("", ""), "modules: [1]", "modules: [7]", 1), "module 7 does not exist", 0},
		{"no title", strings.Replace(base("", ""), "title.zh-CN: 标题\n", "", 1), "title is required", 0},
		{"no variant", "---\nid: x\nmodules: [1]\nupdated: 2026-11-20\n---\n", "needs a Chinese or an English variant", 0},
		{"tag with comma", base("tags.zh-CN: [\"a,b\"]\n", ""), "may not contain commas", 0},
		{"body without title", base("", "# en\n\n## Background\n\nx\n"), "title is required", 0},
		{"roleplay without brief", base("roleplay: true\n", ""), "role-play case needs", 0},
		{"brief without roleplay", base("", "## 角色扮演:买方角色\n\n采购经理\n"), "only role-play cases", 0},
		{"long title", strings.Replace(base("", ""), "title.zh-CN: 标题", "title.zh-CN: "+strings.Repeat("长", MaxTitle+1), 1), "the limit is 120", 0},
		{"not utf8", "---\nid: x\xff\n---\n", "not UTF-8", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.file))
			if err == nil {
				t.Fatalf("accepted:\n%s", tc.file)
			}
			ps := AsProblems(err)
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not mention %q", err, tc.want)
			}
			if tc.line > 0 && ps[0].Line != tc.line {
				t.Fatalf("error %q at line %d, want line %d", err, ps[0].Line, tc.line)
			}
		})
	}
}

func TestSectionContentMayNotStructureTheFile(t *testing.T) {
	c := &Case{ID: "x", Modules: []int{1}, Updated: time.Now(), ZH: &Variant{Title: "t", Background: "正文\n# zh-CN\n更多"}}
	c.Normalize()
	ps := c.Validate()
	if len(ps) != 1 || ps[0].Field != "background.zh-CN" || !strings.Contains(ps[0].Message, "line 2") {
		t.Fatalf("problems %v", Problems(ps))
	}
	c.ZH.Background = "```\n# inside a fence\n```"
	if ps := c.Validate(); len(ps) > 0 {
		t.Fatalf("fenced heading refused: %v", Problems(ps))
	}
	c.ZH.Background = "```\nnever closed"
	if ps := c.Validate(); len(ps) != 1 || !strings.Contains(ps[0].Message, "not closed") {
		t.Fatalf("unclosed fence: %v", Problems(ps))
	}
}

func TestNormalize(t *testing.T) {
	c := &Case{ID: " x ", Modules: []int{3, 1, 3}, Updated: time.Date(2026, 1, 1, 8, 0, 0, 123456, time.FixedZone("CST", 8*3600)),
		ZH: &Variant{Title: "  标题\n第二行 ", Tags: []string{" a ", "A", "", "b"}, Background: "\n\n  \ntext  \n\n"},
		EN: &Variant{}}
	c.Normalize()
	if c.ID != "x" || !reflect.DeepEqual(c.Modules, []int{1, 3}) || c.EN != nil {
		t.Fatalf("%+v", c)
	}
	if !c.Updated.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || c.Updated.Location() != time.UTC {
		t.Fatalf("updated %v", c.Updated)
	}
	if c.ZH.Title != "标题 第二行" || !reflect.DeepEqual(c.ZH.Tags, []string{"a", "b"}) || c.ZH.Background != "text  " {
		t.Fatalf("%+v", c.ZH)
	}
}

func TestPublicProjectionHasNoTeachingNotes(t *testing.T) {
	c, err := Parse([]byte(sampleFile))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(c.Public())
	if strings.Contains(string(data), "先让各组只看招标文件") || strings.Contains(string(data), "teaching") {
		t.Fatalf("public projection leaks notes: %s", data)
	}
	if !strings.Contains(string(data), "水面下有什么") {
		t.Fatalf("public projection lost the questions: %s", data)
	}
	// Every field of Variant but the notes is in PublicVariant, so a new
	// section cannot be forgotten silently.
	vt, pt := reflect.TypeOf(Variant{}), reflect.TypeOf(PublicVariant{})
	for i := range vt.NumField() {
		name := vt.Field(i).Name
		if _, ok := pt.FieldByName(name); !ok && name != "TeachingNotes" {
			t.Errorf("PublicVariant lacks %s", name)
		}
	}
	if _, ok := pt.FieldByName("TeachingNotes"); ok {
		t.Error("PublicVariant has teaching notes")
	}
}

func TestBrief(t *testing.T) {
	c, _ := Parse([]byte(sampleFile))
	if _, ok := c.Brief(); ok {
		t.Fatal("a case that is not a role play has a brief")
	}
	c.RolePlay = true
	c.ZH.Buyer, c.ZH.SellerBrief, c.ZH.Objections, c.ZH.Success = "物业经理", "拿到第二次会面", "太贵", "约到总经理"
	b, ok := c.Brief()
	if !ok || b.In(ZH).Buyer != "物业经理" || b.In(EN).Title == "" || b.CaseID != c.ID {
		t.Fatalf("brief %+v", b)
	}
	data, _ := json.Marshal(b)
	if strings.Contains(string(data), "先让各组") {
		t.Fatal("the brief carries teaching notes")
	}
}

func TestEscapeBlock(t *testing.T) {
	in := "# 做法\n正文\n## 结果\n```\n### 小标题\n    # code"
	out := EscapeBlock(in)
	if out != "\\# 做法\n正文\n\\## 结果\n\\```\n### 小标题\n    # code" {
		t.Fatalf("%q", out)
	}
	c := &Case{ID: "x", Modules: []int{1}, Updated: time.Now(), ZH: &Variant{Title: "t", Situation: out}}
	c.Normalize()
	if ps := c.Validate(); len(ps) > 0 {
		t.Fatalf("escaped text refused: %v", Problems(ps))
	}
	back, err := Parse(Marshal(c))
	if err != nil || back.ZH.Situation != out {
		t.Fatalf("%v %q", err, back.ZH.Situation)
	}
}
