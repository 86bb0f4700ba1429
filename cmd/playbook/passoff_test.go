package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A paper sheet: three judges, five performers (one with a retry), two groups.
const paperSheet = "\ufeff学员,评委,评分项,分数,小组,第几次\n" +
	"王芳,李老师,开场破冰,4,第1组,1\n王芳,李老师,需求挖掘,4,第1组,1\n王芳,李老师,方案呈现,4,第1组,1\n王芳,李老师,异议处理,4,第1组,1\n王芳,李老师,促成与跟进,4,第1组,1\n" +
	"王芳,张伟,开场破冰,3,第1组,1\n王芳,张伟,需求挖掘,4,第1组,1\n王芳,张伟,方案呈现,4,第1组,1\n王芳,张伟,异议处理,3,第1组,1\n王芳,张伟,促成与跟进,4,第1组,1\n" +
	"刘洋,李老师,开场破冰,3,第2组,1\n刘洋,李老师,需求挖掘,2,第2组,1\n刘洋,李老师,方案呈现,4,第2组,1\n刘洋,李老师,异议处理,4,第2组,1\n刘洋,李老师,促成与跟进,4,第2组,1\n" +
	"刘洋,张伟,开场破冰,4,第2组,1\n刘洋,张伟,需求挖掘,2,第2组,1\n刘洋,张伟,方案呈现,5,第2组,1\n刘洋,张伟,异议处理,4,第2组,1\n刘洋,张伟,促成与跟进,4,第2组,1\n" +
	"刘洋,李老师,开场破冰,4,第2组,2\n刘洋,李老师,需求挖掘,4,第2组,2\n刘洋,李老师,方案呈现,4,第2组,2\n刘洋,李老师,异议处理,4,第2组,2\n刘洋,李老师,促成与跟进,4,第2组,2\n" +
	"刘洋,张伟,开场破冰,4,第2组,2\n刘洋,张伟,需求挖掘,3,第2组,2\n刘洋,张伟,方案呈现,5,第2组,2\n刘洋,张伟,异议处理,4,第2组,2\n刘洋,张伟,促成与跟进,4,第2组,2\n"

func runStats(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := passoffMain(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestPassoffStatsJSON(t *testing.T) {
	code, out, errOut := runStats(t, paperSheet, "stats", "--in", "-", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Performers []struct {
			Performer      string   `json:"performer"`
			Percent        *float64 `json:"percent"`
			Passed         *bool    `json:"passed"`
			MustPassFailed []string `json:"must_pass_failed"`
			Attempts       []any    `json:"attempts"`
		} `json:"performers"`
		Judges []struct {
			Judge     string   `json:"judge"`
			Harshness *float64 `json:"harshness"`
		} `json:"judges"`
		Agreement map[string]any `json:"agreement"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(got.Performers) != 2 || got.Performers[0].Performer != "王芳" || *got.Performers[0].Percent != 76.5 || !*got.Performers[0].Passed {
		t.Fatalf("performers %s", out)
	}
	// 刘洋 failed discovery (must-pass) first, then passed: the latest attempt counts.
	liu := got.Performers[1]
	if liu.Performer != "刘洋" || !*liu.Passed || len(liu.Attempts) != 2 || *liu.Percent != 80 {
		t.Fatalf("刘洋 %s", out)
	}
	if len(got.Judges) != 2 || got.Judges[0].Judge != "张伟" || got.Judges[0].Harshness == nil {
		t.Fatalf("judges %s", out)
	}
	for _, k := range []string{"icc2_1", "icc2_k", "krippendorff_alpha", "caveats"} {
		if _, ok := got.Agreement[k]; !ok {
			t.Errorf("agreement lacks %s: %s", k, out)
		}
	}
}

func TestPassoffStatsTables(t *testing.T) {
	code, out, _ := runStats(t, paperSheet, "stats", "--in", "-", "--lang", "en")
	if code != 0 {
		t.Fatal(out)
	}
	for _, want := range []string{"Sales call pass-off rubric", "王芳", "fail (must-pass below its level: Discovery)", "harshness", "ICC(2,1)", "Krippendorff α (ordinal)", "! only 2 judge(s)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestPassoffStatsBadInput(t *testing.T) {
	dir := t.TempDir()
	badRubric := filepath.Join(dir, "rubric.json")
	os.WriteFile(badRubric, []byte(`{"name":{"zh-CN":"x"},"criteria":[{"id":"a","name":{"en":"A"},"weight":90,"anchors":[{"en":"1"},{"en":"2"},{"en":"3"},{"en":"4"},{"en":"5"}]}]}`), 0o644)
	cases := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"score outside the scale", "performer,judge,criterion,score\n王芳,李老师,opening,4\n王芳,李老师,value,7\n", []string{"stats", "--in", "-"}, 1, "row 3: the score 7 is outside"},
		{"unknown criterion", "performer,judge,criterion,score\n王芳,李老师,magic,4\n", []string{"stats", "--in", "-"}, 1, "row 2: the rubric has no criterion \"magic\""},
		{"weights not 100", "", []string{"stats", "--rubric", badRubric, "--in", "-"}, 1, "add up to 90"},
		{"missing file", "", []string{"stats", "--in", filepath.Join(dir, "nope.csv")}, 1, "no such file"},
		{"no --in", "", []string{"stats"}, 2, "usage"},
		{"unknown sub-command", "", []string{"explain"}, 2, "usage"},
	}
	for _, c := range cases {
		code, _, errOut := runStats(t, c.stdin, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want %d containing %q", c.name, code, errOut, c.code, c.want)
		}
	}
}

// The built binary exits non-zero and names the row.
func TestPassoffStatsBinaryExitStatus(t *testing.T) {
	sheet := filepath.Join(t.TempDir(), "scores.csv")
	os.WriteFile(sheet, []byte("学员,评委,评分项,分数\n王芳,李老师,开场破冰,4\n王芳,李老师,需求挖掘,九\n"), 0o644)
	out, err := exec.Command(binary, "passoff", "stats", "--in", sheet).CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 || !strings.Contains(string(out), "row 3") {
		t.Fatalf("exit %v, output %s", err, out)
	}
}
