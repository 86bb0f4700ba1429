package exercises

import (
	"fmt"
	"strings"
	"testing"
)

func TestCaseDraftWriting(t *testing.T) {
	b := newBoard(t, CaseDraftKind, "")
	ann, bob := participant("ann", "g1"), participant("bob", "g1")
	s := b.state.(*CaseDraftState)
	if len(s.Prompts) != 5 || s.Prompts[0].ID != DraftTitle || s.Prompts[0].Label.ZH != "案例标题" {
		t.Fatalf("default prompts %+v", s.Prompts)
	}
	b.must(ann, `{"kind":"field.set","field":"title","text":"  三个月拿下\n产业园物业  "}`)
	b.must(bob, `{"kind":"field.set","field":"situation","text":"园区38万平方米,\n现任物业合同4个月后到期。"}`)
	b.must(ann, `{"kind":"field.set","field":"situation","text":"园区38万平方米。"}`)
	if s.Text(DraftTitle) != "三个月拿下 产业园物业" {
		t.Fatalf("title %q", s.Text(DraftTitle))
	}
	if f := s.Fields[DraftSituation]; f.Text != "园区38万平方米。" || f.Author.Name != "name-ann" || f.Seq != 3 {
		t.Fatalf("last writer wins by sequence: %+v", f)
	}
	b.must(trainer("t"), `{"kind":"field.set","field":"lessons","text":"先问顾虑,再谈价格。"}`)
	b.must(bob, `{"kind":"field.set","field":"lessons","text":"   "}`)
	if _, ok := s.Fields[DraftLessons]; ok {
		t.Fatal("an empty text must clear the field")
	}
}

func TestCaseDraftRefusals(t *testing.T) {
	b := newBoard(t, CaseDraftKind, "")
	p := participant("p", "g1")
	cases := []struct{ name, op, code string }{
		{"unknown field", `{"kind":"field.set","field":"budget","text":"x"}`, CodeInvalidOp},
		{"clear empty", `{"kind":"field.set","field":"results","text":""}`, CodeConflict},
		{"long title", fmt.Sprintf(`{"kind":"field.set","field":"title","text":"%s"}`, strings.Repeat("长", MaxDraftTitle+1)), CodeLimit},
		{"long text", fmt.Sprintf(`{"kind":"field.set","field":"actions","text":"%s"}`, strings.Repeat("长", MaxLongText+1)), CodeLimit},
		{"unknown op field", `{"kind":"field.set","field":"title","text":"x","bold":true}`, CodeInvalidOp},
		{"wrong type", `{"kind":"field.set","field":"title","text":7}`, CodeInvalidOp},
		{"unknown op", `{"kind":"field.clear","field":"title"}`, CodeInvalidOp},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { b.t = t; b.refused(p, c.op, c.code) })
	}
	if err := b.applyCtx(&Context{Actor: participant("v", "g2"), Visiting: true}, `{"kind":"field.set","field":"title","text":"x"}`); err == nil {
		t.Fatal("a visitor edited another group's case")
	}
}

func TestCaseDraftConfig(t *testing.T) {
	s, err := NewState(CaseDraftKind, []byte(`{"prompts":[{"id":"title","label":{"zh-CN":"标题"}},{"id":"results","label":{"zh-CN":"成果"},"hint":{"en":"numbers"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if d := s.(*CaseDraftState); len(d.Prompts) != 2 || d.Prompts[1].Label.ZH != "成果" {
		t.Fatalf("%+v", d.Prompts)
	}
	b := &board{t: t, kind: CaseDraftKind, state: s}
	b.refused(participant("p", "g"), `{"kind":"field.set","field":"situation","text":"x"}`, CodeInvalidOp)
	bad := []string{
		`{"prompts":[{"id":"situation","label":{"zh-CN":"x"}}]}`,                                   // no title
		`{"prompts":[{"id":"title","label":{"zh-CN":"x"}},{"id":"title","label":{"zh-CN":"y"}}]}`,  // twice
		`{"prompts":[{"id":"title","label":{"zh-CN":"x"}},{"id":"budget","label":{"zh-CN":"y"}}]}`, // unknown
		`{"prompts":[{"id":"title","label":{}}]}`,                                                  // no label
		`{"prompts":"x"}`,
	}
	for _, cfg := range bad {
		if _, err := NewState(CaseDraftKind, []byte(cfg)); err == nil {
			t.Errorf("config %s accepted", cfg)
		}
	}
}
