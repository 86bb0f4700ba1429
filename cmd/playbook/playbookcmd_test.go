package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"playbook/playbook/export"
)

const exampleFile = "../../docs/examples/playbook.json"

func TestValidateCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := validateMain([]string{exampleFile}, &out, &errOut); code != 0 {
		t.Fatalf("valid example: exit %d, %s", code, errOut.String())
	}
	data, err := os.ReadFile(exampleFile)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	broken := strings.Replace(strings.Replace(string(data), `"probability": 40,`, `"probability": 15,`, 1), "\"kind\": \"process\",\n      \"weight\": 20,", "\"kind\": \"process\",\n      \"weight\": 30,", 1)
	cases := []struct {
		name, file string
		args       []string
		code       int
		want       []string
	}{
		{"failing checks", write("bad.json", broken), []string{"--lang", "en"}, 1,
			[]string{"$.stages.stages[2].probability: win probabilities must rise", "$.kpis: the weights add up to 110%"}},
		{"failing checks in Chinese", write("bad2.json", broken), nil, 1, []string{"赢率必须逐阶段上升"}},
		{"malformed JSON", write("cut.json", string(data[:200])), nil, 1, []string{"$:"}},
		{"wrong type", write("type.json", strings.Replace(string(data), `"minutes": 60,`, `"minutes": "60",`, 1)), []string{"--lang", "en"}, 1,
			[]string{"$.meetings[0].minutes: must be an integer, not a string"}},
		{"missing file", filepath.Join(dir, "nope.json"), nil, 2, []string{"no such file"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := validateMain(append(c.args, c.file), &out, &errOut)
			if code != c.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, c.code, errOut.String())
			}
			for _, w := range c.want {
				if !strings.Contains(errOut.String(), w) {
					t.Fatalf("stderr lacks %q:\n%s", w, errOut.String())
				}
			}
		})
	}
	out.Reset()
	if code := validateMain([]string{"--json", write("bad3.json", broken)}, &out, &errOut); code != 1 || !strings.Contains(out.String(), `"path": "$.kpis"`) {
		t.Fatalf("--json: exit %d, %s", code, out.String())
	}
}

func TestExportCommand(t *testing.T) {
	for _, format := range export.Formats {
		t.Run(format, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			var out, errOut bytes.Buffer
			if code := exportMain([]string{"--in", exampleFile, "--format", format, "--out", dir}, &out, &errOut); code != 0 {
				t.Fatalf("exit %d: %s", code, errOut.String())
			}
			entries, err := os.ReadDir(dir)
			if err != nil || len(entries) == 0 {
				t.Fatalf("nothing written: %v", err)
			}
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp-") {
					t.Fatalf("temporary file left: %s", e.Name())
				}
				info, _ := e.Info()
				if info.Size() == 0 || info.Mode().Perm() != 0o644 {
					t.Fatalf("%s: size %d mode %v", e.Name(), info.Size(), info.Mode())
				}
			}
		})
	}
	data, _ := os.ReadFile(exampleFile)
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(strings.Replace(string(data), `"probability": 100,`, `"probability": 90,`, 1)), 0o644)
	dir := filepath.Join(t.TempDir(), "out")
	var out, errOut bytes.Buffer
	if code := exportMain([]string{"--in", bad, "--format", "xlsx", "--out", dir}, &out, &errOut); code != 1 {
		t.Fatalf("invalid input: exit %d", code)
	}
	if !strings.Contains(errOut.String(), "$.stages.stages[5].probability") {
		t.Fatalf("stderr lacks the path: %s", errOut.String())
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatal("an invalid input left output behind")
	}
	if code := exportMain([]string{"--in", exampleFile, "--format", "pdf", "--out", dir}, &out, &errOut); code != 2 {
		t.Fatalf("unknown format: exit %d", code)
	}
	if code := exportMain([]string{"--in", exampleFile}, &out, &errOut); code != 2 {
		t.Fatalf("missing flags: exit %d", code)
	}
}
