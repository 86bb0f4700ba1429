package export

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"playbook/internal/htmlcheck"
	"playbook/playbook"
)

// FuzzPlaybookDocument: no document makes decoding, validation or the HTML
// report panic; an accepted document re-encodes to the same bytes; the
// report (the one export that is a web page) never contains anything that
// could run script, whatever text the document holds.
func FuzzPlaybookDocument(f *testing.F) {
	example, err := os.ReadFile("../../docs/examples/playbook.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	xss := strings.NewReplacer(`"name": "`, `"name": "<script>alert(1)</script><img src=x onerror=alert(2)>`,
		`"title": "`, `"title": "\" onload=\"alert(3)`)
	f.Add([]byte(xss.Replace(string(example))))
	// Markdown in the appendix's cases: every block and mark around payloads.
	md := strings.NewReplacer(`"lessons": "`, `"lessons": "<script>alert(4)</script>\n- **<img src=x onerror=alert(5)>**\n| <b onclick=x> | [a](javascript:alert(6)) |\n|---|---|\n| `+"`<svg onload=alert(7)>`"+` | ![i](x\" onerror=\"alert(8)) |\n`+"```"+`\n</pre><script>alert(9)</script>\n`)
	f.Add([]byte(md.Replace(string(example))))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"format":"playbook/1"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := playbook.Decode(data)
		if err != nil {
			if _, ok := err.(*playbook.Problems); !ok {
				t.Fatalf("refusal %T %v is not a list of problems", err, err)
			}
			return
		}
		probs := p.Validate()
		for _, pr := range probs {
			if pr.Path == "" {
				t.Fatalf("problem without a path: %+v", pr)
			}
		}
		once, err := playbook.Encode(p)
		if err != nil {
			t.Fatalf("accepted document does not encode: %v", err)
		}
		back, err := playbook.Decode(once)
		if err != nil {
			t.Fatalf("encoded document is refused: %v\n%s", err, once)
		}
		twice, _ := playbook.Encode(back)
		if !bytes.Equal(once, twice) {
			t.Fatalf("encode/decode is not stable:\n%s\n%s", once, twice)
		}
		if len(probs) > 0 {
			return // exports refuse invalid documents
		}
		report, err := Report(p)
		if err != nil {
			t.Fatalf("valid document, no report: %v", err)
		}
		if err := htmlcheck.ScriptFree(report, false); err != nil {
			t.Fatalf("the report could run script: %v", err)
		}
	})
}
