package cases

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func libCase(id string, modules []int, zh, en *Variant) *Case {
	c := &Case{ID: id, Modules: modules, Updated: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), ZH: zh, EN: en}
	c.Normalize()
	return c
}

func searchLibrary() []*Case {
	return []*Case{
		libCase("elevator", []int{4}, &Variant{Title: "某电梯维保服务公司的招标", Industry: "电梯维保", Tags: []string{"冰山模型"},
			Summary: "物业公司只看价格。", Background: "公司维保 1,200 台电梯。"},
			&Variant{Title: "An elevator maintenance tender", Industry: "Elevator maintenance", Tags: []string{"iceberg model"},
				Summary: "The property firm looks at price only."}),
		libCase("funnel", []int{5}, &Variant{Title: "销售数据分析", Industry: "智能楼宇", Tags: []string{"销售漏斗", "CRM"},
			Summary: "两千多条商机。", Background: "客户包括写字楼和医院,其中有两台电梯改造项目。", TeachingNotes: "方案评估阶段有堆积。"},
			&Variant{Title: "Sales data analysis", Industry: "Smart buildings", Tags: []string{"funnel", "CRM"}, Summary: "Over 2,000 deals."}),
		libCase("medical", []int{3}, &Variant{Title: "某医疗服务集团的阶段管理", Industry: "医疗服务", Tags: []string{"阶段划分", "KPI"},
			Summary: "把采购流程和销售流程对齐。"}, nil),
		libCase("english-only", []int{1, 6}, nil, &Variant{Title: "Value selling in packaging", Industry: "Packaging",
			Tags: []string{"value"}, Summary: "A CFO asks for proof.", Background: "The plant runs 3 shifts."}),
	}
}

func ids(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Case.ID
	}
	return out
}

func TestSearchChineseSubstring(t *testing.T) {
	lib := searchLibrary()
	cases := []struct {
		q    string
		want []string
	}{
		{"电梯", []string{"elevator", "funnel"}}, // title beats body
		{"维保服务", []string{"elevator"}},
		{"梯维", []string{"elevator"}},       // any substring, not words
		{"电梯 招标", []string{"elevator"}},    // every term must match
		{"电梯  改造", []string{"funnel"}},     // terms may sit in different places
		{"ELEVATOR", []string{"elevator"}}, // case-insensitive, English variant
		{"ＣＲＭ", []string{"funnel"}},        // full-width letters
		{"crm", []string{"funnel"}},
		{"堆积", []string{"funnel"}}, // teaching notes are searched (trainers only)
		{"cfo", []string{"english-only"}},
		{`"price only"`, []string{"elevator"}}, // a quoted phrase
		{"price only", []string{"elevator"}},
		{"3 shifts", []string{"english-only"}},
		{"阶段管理", []string{"medical"}},
		{"电 梯", []string{"elevator", "funnel"}},
		{"不存在的词", nil},
		{"", []string{"english-only", "medical", "elevator", "funnel"}}, // no text: all, by module
	}
	for _, tc := range cases {
		got := ids(Search(lib, Query{Text: tc.q}))
		if !slices.Equal(got, tc.want) {
			t.Errorf("search %q = %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestSearchSnippetAndField(t *testing.T) {
	hits := Search(searchLibrary(), Query{Text: "改造"})
	if len(hits) != 1 || hits[0].Field != "background" || hits[0].Lang != ZH {
		t.Fatalf("hits %+v", hits)
	}
	if hits[0].Snippet != "客户包括写字楼和医院,其中有两台电梯改造项目。" {
		t.Fatalf("snippet %q", hits[0].Snippet)
	}
	long := libCase("long", []int{1}, &Variant{Title: "t", Background: "开头" + strings.Repeat("甲", 100) + "目标词" + strings.Repeat("乙", 100)}, nil)
	h := Search([]*Case{long}, Query{Text: "目标词"})
	if len(h) != 1 || []rune(h[0].Snippet)[0] != '…' || !strings.Contains(h[0].Snippet, "目标词") || []rune(h[0].Snippet)[len([]rune(h[0].Snippet))-1] != '…' {
		t.Fatalf("snippet %q", h[0].Snippet)
	}
}

func TestSearchFilters(t *testing.T) {
	lib := searchLibrary()
	yes, no := true, false
	lib[2].RolePlay = true
	cases := []struct {
		q    Query
		want []string
	}{
		{Query{Module: 4}, []string{"elevator"}},
		{Query{Module: 6}, []string{"english-only"}},
		{Query{Industry: "电梯维保"}, []string{"elevator"}},
		{Query{Industry: "elevator MAINTENANCE"}, []string{"elevator"}}, // either language, any case
		{Query{Tag: "crm"}, []string{"funnel"}},
		{Query{Tag: "KPI", Module: 3}, []string{"medical"}},
		{Query{Tag: "KPI", Module: 4}, nil},
		{Query{Text: "电梯", Module: 5}, []string{"funnel"}},
		{Query{RolePlay: &yes}, []string{"medical"}},
		{Query{RolePlay: &no, Module: 3}, nil},
	}
	for _, tc := range cases {
		if got := ids(Search(lib, tc.q)); !slices.Equal(got, tc.want) {
			t.Errorf("%+v = %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestSnippetsDropMarkdown(t *testing.T) {
	c := libCase("md", []int{1}, &Variant{Title: "t", Background: "### 数据\n\n| 项目 | 数值 |\n| --- | --- |\n| 困人 | **37** 次 |\n\n- 第一点\n1. 第二点"}, nil)
	h := Search([]*Case{c}, Query{Text: "困人"})
	if len(h) != 1 || h[0].Snippet != "…项目 数值 困人 37 次 第一点 第二点" {
		t.Fatalf("snippet %q", h[0].Snippet)
	}
}

func TestQueryTerms(t *testing.T) {
	cases := map[string][]string{
		"  电梯   维保 ":       {"电梯", "维保"},
		`"sales data" CRM`: {"sales data", "crm"},
		`"unclosed phrase`: {"unclosed", "phrase"},
		"电梯\u3000维保":       {"电梯", "维保"},
		"a a":              {"a"},
	}
	for in, want := range cases {
		if got := queryTerms(in); !slices.Equal(got, want) {
			t.Errorf("terms(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFacets(t *testing.T) {
	f := FacetsOf(searchLibrary(), ZH)
	if len(f.Modules) != 5 || f.Modules[0].Value != "1" {
		t.Fatalf("modules %+v", f.Modules)
	}
	if !slices.ContainsFunc(f.Industries, func(x Facet) bool { return x.Value == "Packaging" }) {
		t.Fatalf("an English-only case counts with its English industry: %+v", f.Industries)
	}
	if !slices.ContainsFunc(f.Tags, func(x Facet) bool { return x.Value == "CRM" && x.Count == 1 }) {
		t.Fatalf("tags %+v", f.Tags)
	}
}
