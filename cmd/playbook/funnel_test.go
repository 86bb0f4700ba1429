package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

const smallCSV = "../../exercises/funnel/testdata/small.csv"

func runFunnelArgs(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := funnelCommand(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestFunnelJSON(t *testing.T) {
	code, out, errOut := runFunnelArgs(t, "--in", smallCSV, "--stages", "初步接洽:10:14,需求确认:25:21,方案评估:50:30,合同谈判:75:21",
		"--won", "赢单", "--lost", "输单", "--as-of", "2026-06-30", "--target", "2000000", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	for _, k := range []string{"opportunities", "won", "lost", "open", "win_rate", "avg_cycle_days", "weighted_pipeline", "velocity_per_day", "stages", "shape", "stuck"} {
		if _, ok := r[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if r["opportunities"] != 9.0 || r["won"] != 2.0 || r["win_rate"] != 0.5 || r["avg_cycle_days"] != 45.0 || r["weighted_pipeline"] != 515000.0 {
		t.Errorf("figures %v %v %v %v %v", r["opportunities"], r["won"], r["win_rate"], r["avg_cycle_days"], r["weighted_pipeline"])
	}
	stages := r["stages"].([]any)
	first := stages[0].(map[string]any)
	if first["name"] != "初步接洽" || first["reached"] != 9.0 || first["conversion"] != 0.6667 {
		t.Errorf("first stage %v", first)
	}
	if len(r["stuck"].([]any)) != 5 || r["shape"].(map[string]any)["kind"] != "insufficient_data" {
		t.Errorf("stuck %v shape %v", r["stuck"], r["shape"])
	}
}

func TestFunnelReportAndMapping(t *testing.T) {
	dir := t.TempDir()
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("编号,进展,金额,负责人\nA1,方案评估,1000,王芳\nA2,初步接洽,2000,王芳\n"))
	path := filepath.Join(dir, "导出.csv")
	os.WriteFile(path, gbk, 0o644)
	code, _, errOut := runFunnelArgs(t, "--in", path)
	if code != 1 || !strings.Contains(errOut, "找不到阶段列") {
		t.Errorf("unmapped: exit %d %s", code, errOut)
	}
	code, out, errOut := runFunnelArgs(t, "--in", path, "--map", "stage=进展", "--stages", "初步接洽,方案评估", "--lang", "en")
	if code != 0 || !strings.Contains(out, "Opportunities 2") || !strings.Contains(out, "王芳") || !strings.Contains(out, "gb18030") {
		t.Errorf("mapped: exit %d\n%s\n%s", code, out, errOut)
	}
}

func TestFunnelRefusals(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(data), 0o644)
		return p
	}
	cases := []struct {
		name   string
		args   []string
		code   int
		reason string
	}{
		{"no --in", nil, 2, "--in FILE is required"},
		{"missing file", []string{"--in", filepath.Join(dir, "nope.csv")}, 1, "no such file"},
		{"a directory", []string{"--in", dir}, 1, "not a regular file"},
		{"empty", []string{"--in", write("empty.csv", "")}, 1, "the file is empty"},
		{"pdf", []string{"--in", write("report.csv", "%PDF-1.7 ...")}, 1, "this is a PDF"},
		{"no stage column", []string{"--in", write("nostage.csv", "商机编号,金额\nA,1\n")}, 1, "no stage column"},
		{"header only", []string{"--in", write("header.csv", "阶段\n")}, 1, "no rows"},
		{"bad stages", []string{"--in", smallCSV, "--stages", "A:ten"}, 2, "not a number"},
		{"falling probabilities", []string{"--in", smallCSV, "--stages", "A:50,B:20"}, 2, "lower than the stage before"},
		{"bad map", []string{"--in", smallCSV, "--map", "colour=阶段"}, 2, "unknown field"},
		{"bad date order", []string{"--in", smallCSV, "--date-order", "ymd"}, 2, "dmy or mdy"},
		{"bad as-of", []string{"--in", smallCSV, "--as-of", "30/06/2026"}, 2, "YYYY-MM-DD"},
		{"bad target", []string{"--in", smallCSV, "--target", "-5"}, 2, "above 0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runFunnelArgs(t, append(c.args, "--lang", "en")...)
			if code != c.code || !strings.Contains(errOut, c.reason) || out != "" {
				t.Errorf("exit %d, stderr %q, stdout %q; want exit %d with %q", code, errOut, out, c.code, c.reason)
			}
		})
	}
}

// The command is wired into the binary.
func TestFunnelCommandInBinary(t *testing.T) {
	out, err := exec.Command(binary, "funnel", "--in", smallCSV, "--json").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte(`"opportunities": 9`)) {
		t.Errorf("output %s", out)
	}
	cmd := exec.Command(binary, "funnel", "--in", "/dev/null")
	if err := cmd.Run(); err == nil {
		t.Error("an empty file was accepted")
	}
}

func TestFunnelAgainstThePlaybook(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "crm.csv")
	os.WriteFile(csv, []byte("Stage,Amount,Status,Created,Closed\nQualification,1000,open,2027-01-05,\n方案报价,2000,open,2027-02-01,\n赢单,6000000,won,2027-01-01,2027-03-01\n报价中,5,open,2027-01-01,\n"), 0o644)
	code, out, errOut := runFunnelArgs(t, "--in", csv, "--playbook", "../../docs/examples/playbook.json", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r struct {
		StageOrder string  `json:"stage_order"`
		Weighted   float64 `json:"weighted_pipeline"`
		Target     struct {
			Amount, Won, Remaining float64
		} `json:"target"`
		UnknownStages []struct{ Value string } `json:"unknown_stages"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.StageOrder != "playbook" || r.Weighted != 1000*0.10+2000*0.40 || r.Target.Amount != 96e6 || r.Target.Won != 6e6 || r.Target.Remaining != 90e6 {
		t.Errorf("result %+v", r)
	}
	if len(r.UnknownStages) != 1 || r.UnknownStages[0].Value != "报价中" {
		t.Errorf("unknown stages %+v", r.UnknownStages)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"format":"playbook/9"}`), 0o644)
	if code, _, errOut := runFunnelArgs(t, "--in", csv, "--playbook", bad, "--lang", "en"); code != 1 || !strings.Contains(errOut, "$.stages: is required") {
		t.Errorf("bad playbook: exit %d %s", code, errOut)
	}
	if code, _, _ := runFunnelArgs(t, "--in", csv, "--playbook", bad, "--stages", "A,B"); code != 2 {
		t.Errorf("--stages with --playbook: exit %d", code)
	}
}
