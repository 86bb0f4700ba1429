package playbook

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const schemaPath = "../docs/playbook.schema.json"

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("playbook.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("playbook.schema.json")
	if err != nil {
		t.Fatalf("schema does not compile: %v", err)
	}
	return s
}

func schemaAccepts(t *testing.T, s *jsonschema.Schema, data []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return s.Validate(v)
}

func TestSchemaAcceptsTheExampleAndAnEmptyDraft(t *testing.T) {
	s := compileSchema(t)
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	if err := schemaAccepts(t, s, data); err != nil {
		t.Fatalf("the schema refuses the example: %v", err)
	}
	empty := New(Company{Name: "甲", Currency: "CNY", MinorUnits: 2, FiscalYearStart: 1, Language: "zh-CN"})
	empty.Title = "t"
	b, _ := Encode(empty)
	if err := schemaAccepts(t, s, b); err != nil {
		t.Fatalf("the schema refuses an empty draft: %v", err)
	}
}

// schemaExpressible lists the mutations of TestEveryCheck that break a rule
// of shape the schema states (an allowed value, a range, a pattern); the
// schema must refuse those too. The other mutations break rules across
// fields that JSON Schema cannot say (sums, rising probabilities, references):
// the schema must accept them, so it is never stricter than the Go checks.
var schemaExpressible = map[string]bool{
	"unknown forecast": true, "open stage without max days": false, "non-ASCII code": true,
	"zero weight": true, "retention above 100": true, "negative amount": true,
	"unknown column type": true, "value strength": true, "proof type": true, "currency": true,
	"fiscal year start": true, "action due date": true, "persona layer": true, "tier without criteria": true,
	"appendix case id": true, "appendix case id too long": true, "appendix case twice": false,
	"appendix case without text": true, "appendix case without title": true, "appendix title too long": true,
	"appendix industry too long": true, "appendix summary too long": true, "appendix section too long": true,
	"too many appendix cases": true, "appendix too large": false,
}

func TestSchemaAndGoChecksAgree(t *testing.T) {
	s := compileSchema(t)
	for _, m := range checkMutations() {
		t.Run(m.name, func(t *testing.T) {
			p := example(t)
			m.edit(p)
			if len(p.Validate()) == 0 {
				t.Fatal("the Go checks accept the broken variant")
			}
			data, err := Encode(p)
			if err != nil {
				t.Fatal(err)
			}
			serr := schemaAccepts(t, s, data)
			if schemaExpressible[m.name] && serr == nil {
				t.Fatalf("the schema accepts a variant it can describe as broken (%s at %s)", m.code, m.path)
			}
			if !schemaExpressible[m.name] && serr != nil {
				t.Fatalf("the schema refuses a variant only the Go checks should catch: %v", serr)
			}
		})
	}
}

func TestSchemaAndDecodeAgreeOnShape(t *testing.T) {
	s := compileSchema(t)
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	variants := []struct{ name, from, to string }{
		{"string for a number", `"probability": 20,`, `"probability": "20",`},
		{"fraction for an integer", `"probability": 40,`, `"probability": 40.5,`},
		{"unknown field", `"pipeline": "维保与改造销售流程",`, `"pipeline": "维保与改造销售流程", "colour": "red",`},
		{"missing field", `"minor_units": 2,`, ``},
		{"null", `"strength": 5`, `"strength": null`},
		{"list for an object", `"persona": {`, `"persona": [], "x": {`},
		{"money beyond 2^53", `"amount_minor": 9600000000,`, `"amount_minor": 9007199254740992,`},
		{"wrong format", `"format": "playbook/1"`, `"format": "playbook/2"`},
		{"boolean as string", `"required": true`, `"required": "yes"`},
		{"empty required text", `"name": "销售周例会"`, `"name": "  "`},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			if !strings.Contains(src, v.from) {
				t.Fatalf("example lacks %q", v.from)
			}
			broken := []byte(strings.Replace(src, v.from, v.to, 1))
			p, derr := Decode(broken)
			goRejects := derr != nil || len(p.Validate()) > 0
			serr := schemaAccepts(t, s, broken)
			if !goRejects || serr == nil {
				t.Fatalf("Go rejects: %v (%v); schema rejects: %v", goRejects, derr, serr != nil)
			}
		})
	}
}
