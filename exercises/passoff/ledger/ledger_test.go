package ledger

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"playbook/exercises/passoff"
)

// roundWith builds a round with revealed attempts scored as given (five
// levels per judge, in the default rubric's order).
func roundWith(t *testing.T, attempts ...struct {
	name, group string
	try         int
	judges      map[string][5]int
}) *passoff.RoundState {
	t.Helper()
	s := passoff.NewRound()
	ids := s.Rubric.CriterionIDs()
	for i, a := range attempts {
		r := passoff.Ratings{}
		for j, levels := range a.judges {
			for k, v := range levels {
				r.Set(j, ids[k], v)
			}
		}
		res, err := s.Rubric.Score(r)
		if err != nil {
			t.Fatal(err)
		}
		id := "a" + string(rune('1'+i))
		s.Attempts[id] = &passoff.AttemptRecord{ID: id, Number: i + 1, Performer: "p-" + a.name, Name: a.name, GroupName: a.group, Try: a.try,
			Scenario: passoff.Scenario{Title: "电梯维保续约"}, Status: passoff.StatusRevealed,
			RevealedAt: "2026-12-02T07:30:00Z", Scores: r, Result: res}
	}
	return s
}

type att = struct {
	name, group string
	try         int
	judges      map[string][5]int
}

func TestXLSXLedger(t *testing.T) {
	s := roundWith(t,
		att{"王芳", "第1组", 1, map[string][5]int{"tr": {2, 2, 3, 3, 3}, "p2": {3, 2, 3, 3, 3}}},
		att{"王芳", "第1组", 2, map[string][5]int{"tr": {4, 4, 4, 4, 4}, "p2": {4, 3, 4, 4, 4}}},
		att{"刘洋", "第2组", 1, map[string][5]int{"tr": {5, 4, 4, 4, 5}, "p2": {4, 4, 4, 4, 4}}},
	)
	l, err := passoff.NewLedger(s, passoff.Names{People: map[string]string{"tr": "李老师", "p2": "张伟"}}, time.FixedZone("CST", 8*3600))
	if err != nil {
		t.Fatal(err)
	}
	data, err := XLSX(l, Meta{Workshop: "销售过程管理工作坊", Company: "华东电梯", Trainer: "李老师", Lang: "zh-CN"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.GetSheetList(), ","); got != "通关台账,评分明细,评委,一致性,小组排名,评分表" {
		t.Fatalf("sheets %s", got)
	}
	rows, _ := f.GetRows("通关台账")
	if len(rows) != 4 || rows[0][1] != "学员" || rows[1][1] != "王芳" || rows[1][7] != "未通过" || rows[1][8] != "需求挖掘" ||
		rows[2][7] != "通过" || rows[1][5] != "2026-12-02" || rows[0][9] != "开场破冰" {
		t.Fatalf("ledger %v", rows)
	}
	if v, _ := f.GetCellValue("通关台账", "G3"); v != "77.50%" {
		t.Fatalf("percent cell %q", v)
	}
	scores, _ := f.GetRows("评分明细")
	if len(scores) != 7 || scores[1][3] != "张伟" && scores[1][3] != "李老师" {
		t.Fatalf("scores %v", scores)
	}
	agree, _ := f.GetRows("一致性")
	all := ""
	for _, r := range agree {
		all += strings.Join(r, "|") + "\n"
	}
	if agree[1][0] != "ICC(2,1)" || !strings.Contains(all, "提示|评委少于 3 人") {
		t.Fatalf("agreement %v", agree)
	}
	rubric, _ := f.GetRows("评分表")
	if rubric[2][0] != "需求挖掘" || rubric[2][2] != "3" || !strings.HasPrefix(rubric[len(rubric)-1][0], "通过线") {
		t.Fatalf("rubric %v", rubric)
	}
}

func TestCertificatesPrintWithoutInlineScript(t *testing.T) {
	s := roundWith(t,
		att{"王芳<script>alert(1)</script>", "第1组", 1, map[string][5]int{"tr": {4, 4, 4, 4, 5}}},
		att{"刘洋", "第2组", 1, map[string][5]int{"tr": {2, 2, 2, 2, 2}}},
	)
	l, err := passoff.NewLedger(s, passoff.Names{}, time.FixedZone("CST", 8*3600))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Certificates(&buf, CertificatesOf(l.Passes()), Meta{Workshop: "销售过程管理工作坊", Company: "华东电梯", Trainer: "李老师", Lang: "zh-CN"}); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, want := range []string{"通关证书", "@page { size: A4 landscape", "PingFang SC", "Microsoft YaHei", "李老师", "2026-12-02", ">83%<",
		"电梯维保续约", `<script src="/api/passoff/print.js" defer></script>`, "王芳&lt;script&gt;"} {
		if !strings.Contains(html, want) {
			t.Errorf("certificate lacks %q", want)
		}
	}
	if strings.Contains(html, "刘洋") {
		t.Error("a failed performer got a certificate")
	}
	if n := len(regexp.MustCompile(`<script[^>]*>`).FindAllString(html, -1)); n != 1 || regexp.MustCompile(`<script>`).MatchString(html) {
		t.Errorf("inline script in the page (%d script tags)", n)
	}
	if strings.Count(html, `class="cert"`) != 1 {
		t.Error("one certificate expected")
	}
	buf.Reset()
	Certificates(&buf, nil, Meta{Lang: "en"})
	if !strings.Contains(buf.String(), "Nobody has passed") {
		t.Error("empty page says nothing")
	}
}
