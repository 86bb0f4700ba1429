package ledger

import (
	"bytes"
	"testing"

	"playbook/exercises/passoff"
	"playbook/internal/htmlcheck"
)

// FuzzScoreSheet: no uploaded paper score sheet makes the reader, the
// statistics or the certificates panic; every score read is on the rubric's
// scale and names one of its criteria; and whatever the names in the sheet,
// the printable certificates run no script but the site's print button.
func FuzzScoreSheet(f *testing.F) {
	for _, seed := range []string{
		"performer,judge,criterion,score\nWang Fang,Li,opening,4\nWang Fang,Li,discovery,3\nWang Fang,Li,value,4\nWang Fang,Li,objections,3\nWang Fang,Li,closing,4\n",
		"\ufeff评委,学员,小组,第几次,评分项,分数\n李老师,王芳,第1组,1,开场破冰,2\n李老师,王芳,第1组,2,开场破冰,4\n",
		"performer,judge,criterion,score\n\"<script>alert(1)</script>\",\"<img src=x onerror=alert(2)>\",opening,5\n",
		"performer,judge,criterion,score\nA,B,opening,9\nA,B,nope,1\n",
		"performer,judge\n", "", "\"unterminated\n",
	} {
		f.Add([]byte(seed))
	}
	r := passoff.DefaultRubric()
	criteria := map[string]bool{}
	for _, c := range r.Criteria {
		criteria[c.ID] = true
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		perfs, err := passoff.ReadSheet(r, bytes.NewReader(data))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("a refusal without a message")
			}
			return
		}
		var certs []Certificate
		for _, p := range perfs {
			for judge, scores := range p.Ratings {
				for c, v := range scores {
					if !criteria[c] || !r.Scale.Contains(v) {
						t.Fatalf("judge %q: %s=%d accepted off the rubric", judge, c, v)
					}
				}
			}
			certs = append(certs, Certificate{Name: p.Name, Group: p.Group, Scenario: p.Performer, Date: "2026-12-02", Score: "80%", Attempt: p.Attempt})
		}
		passoff.Analyze(r, perfs) // refusals are fine; panics are not
		var page bytes.Buffer
		name := ""
		if len(perfs) > 0 {
			name = perfs[0].Name
		}
		if err := Certificates(&page, certs, Meta{Workshop: name, Company: name, Trainer: name, Lang: "zh-CN"}); err != nil {
			t.Fatal(err)
		}
		if err := htmlcheck.ScriptFree(page.Bytes(), true); err != nil {
			t.Fatalf("certificates could run script: %v", err)
		}
	})
}
