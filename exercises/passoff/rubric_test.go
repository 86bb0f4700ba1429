package passoff

import (
	"encoding/json"
	"strings"
	"testing"

	"playbook/exercises"
)

func TestDefaultRubric(t *testing.T) {
	r := DefaultRubric()
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	want := []struct{ id, zh string }{
		{"opening", "开场破冰"}, {"discovery", "需求挖掘"}, {"value", "方案呈现"}, {"objections", "异议处理"}, {"closing", "促成与跟进"},
	}
	if len(r.Criteria) != len(want) {
		t.Fatalf("%d criteria", len(r.Criteria))
	}
	for i, w := range want {
		c := r.Criteria[i]
		if c.ID != w.id || c.Name.ZH != w.zh || c.Name.EN == "" {
			t.Errorf("criterion %d: %+v", i, c.Name)
		}
		for l, a := range c.Anchors {
			if a.ZH == "" || a.EN == "" {
				t.Errorf("%s level %d lacks a language", c.ID, l+1)
			}
			// Chinese copy uses full-width punctuation.
			if strings.ContainsAny(a.ZH, ",;:()") {
				t.Errorf("%s level %d: half-width punctuation in %q", c.ID, l+1, a.ZH)
			}
		}
	}
	if r.Scale != (Scale{1, 5}) || r.PassPercent != 70 || r.MaxPoints() != 500 {
		t.Fatalf("scale %v pass %v max %v", r.Scale, r.PassPercent, r.MaxPoints())
	}
	// Each call is a fresh copy.
	r.Criteria[0].Anchors[0].ZH = "changed"
	if DefaultRubric().Criteria[0].Anchors[0].ZH == "changed" {
		t.Fatal("default rubric changed through a copy")
	}
}

func TestRubricValidationSaysWhatIsWrong(t *testing.T) {
	cases := []struct {
		name, field, message string
		edit                 func(r *Rubric)
	}{
		{"weights not 100", "criteria", "add up to 95", func(r *Rubric) { r.Criteria[0].Weight = 10 }},
		{"weights over 100", "criteria", "add up to 105", func(r *Rubric) { r.Criteria[0].Weight = 20 }},
		{"zero weight", "criteria[1].weight", "whole percentage", func(r *Rubric) { r.Criteria[1].Weight = 0 }},
		{"duplicate id", "criteria[1].id", "appears twice", func(r *Rubric) { r.Criteria[1].ID = "opening" }},
		{"bad id", "criteria[0].id", "letters, digits", func(r *Rubric) { r.Criteria[0].ID = "开场" }},
		{"no name", "criteria[2].name", "Chinese or English", func(r *Rubric) { r.Criteria[2].Name = exercises.Text{} }},
		{"missing anchor", "criteria[3].anchors[2]", "level 3", func(r *Rubric) { r.Criteria[3].Anchors[2] = exercises.Text{} }},
		{"anchor count", "criteria[0].anchors", "needs one anchor for each of its 5 levels", func(r *Rubric) { r.Criteria[0].Anchors = r.Criteria[0].Anchors[:4] }},
		{"long anchor", "criteria[0].anchors[0]", "limit is 300", func(r *Rubric) { r.Criteria[0].Anchors[0].ZH = strings.Repeat("长", 301) }},
		{"scale reversed", "scale", "at least two levels", func(r *Rubric) { r.Scale = Scale{5, 1} }},
		{"scale too wide", "scale", "within 0–10", func(r *Rubric) { r.Scale = Scale{1, 11} }},
		{"pass zero after normalize is default; negative refused", "pass_percent", "above 0", func(r *Rubric) { r.PassPercent = -5 }},
		{"pass over 100", "pass_percent", "at most 100", func(r *Rubric) { r.PassPercent = 120 }},
		{"must-pass at the bottom", "criteria[1].min_level", "above 1", func(r *Rubric) { one := 1; r.Criteria[1].MinLevel = &one }},
		{"must-pass above the top", "criteria[1].min_level", "at most 5", func(r *Rubric) { six := 6; r.Criteria[1].MinLevel = &six }},
		{"no criteria", "criteria", "at least one", func(r *Rubric) { r.Criteria = nil }},
		{"no name for rubric", "name", "Chinese or English", func(r *Rubric) { r.Name = exercises.Text{} }},
		{"too many criteria", "criteria", "at most 12", func(r *Rubric) {
			for len(r.Criteria) <= MaxCriteria {
				c := r.Criteria[0]
				c.ID = c.ID + "x"
				r.Criteria = append(r.Criteria, c)
			}
		}},
	}
	for _, c := range cases {
		r := DefaultRubric()
		c.edit(r)
		err := r.Validate()
		oe, ok := exercises.AsOpError(err)
		if !ok {
			t.Errorf("%s: got %v, want a refusal", c.name, err)
			continue
		}
		if oe.Field != c.field || !strings.Contains(oe.Message, c.message) {
			t.Errorf("%s: field %q message %q; want field %q containing %q", c.name, oe.Field, oe.Message, c.field, c.message)
		}
	}
}

func TestRubricDefaultsAndOtherScales(t *testing.T) {
	var r Rubric
	if err := json.Unmarshal([]byte(`{"name":{"zh-CN":"电话邀约","en":""},"criteria":[
		{"id":"a","name":{"zh-CN":"开场"},"weight":60,"anchors":[{"zh-CN":"差"},{"zh-CN":"一般"},{"zh-CN":"良"},{"zh-CN":"好"},{"zh-CN":"优"}]},
		{"id":"b","name":{"zh-CN":"邀约"},"weight":40,"anchors":[{"zh-CN":"差"},{"zh-CN":"一般"},{"zh-CN":"良"},{"zh-CN":"好"},{"zh-CN":"优"}]}]}`), &r); err != nil {
		t.Fatal(err)
	}
	r.Normalize()
	if r.Scale != (Scale{1, 5}) || r.PassPercent != 70 {
		t.Fatalf("defaults: %+v", r)
	}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	// A 0–3 scale with four anchors is fine.
	r.Scale = Scale{0, 3}
	for i := range r.Criteria {
		r.Criteria[i].Anchors = r.Criteria[i].Anchors[:4]
	}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := r.Criteria[0].Anchor(r.Scale, 0).ZH; got != "差" {
		t.Fatalf("anchor of level 0: %q", got)
	}
	c := r.Clone()
	c.Criteria[0].Anchors[0].ZH = "x"
	if r.Criteria[0].Anchors[0].ZH != "差" {
		t.Fatal("clone shares anchors")
	}
}
