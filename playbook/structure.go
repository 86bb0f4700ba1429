package playbook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// checkStructure walks a generic decoding of a document beside the Go type
// and reports every structural problem at its exact JSON path: a wrong type,
// an unknown field, a missing field, a fractional or out-of-range integer.
// It is what docs/playbook.schema.json says about shape (types, required,
// additionalProperties false), so a file is judged the same either way.
func checkStructure(data []byte) []Problem {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return []Problem{decodeProblem(err)}
	}
	var out []Problem
	walkStructure(v, reflect.TypeOf(Playbook{}), "$", &out)
	return out
}

// maxStructureProblems stops a hopeless file from producing a flood.
const maxStructureProblems = 200

func walkStructure(v any, t reflect.Type, path string, out *[]Problem) {
	if len(*out) >= maxStructureProblems {
		return
	}
	add := func(code, en, zh string) { *out = append(*out, problem(path, code, en, zh)) }
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			add("type", "must be an object, not "+jsonKind(v), "应为对象，而不是"+jsonKindZH(v))
			return
		}
		known := map[string]bool{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			known[name] = true
			fv, present := obj[name]
			if !present {
				// omitempty fields may be absent; so may a section marked
				// playbook:"optional", added after files were written without it.
				if !strings.Contains(opts, "omitempty") && f.Tag.Get("playbook") != "optional" {
					*out = append(*out, problem(path+"."+name, "required", "is required", "缺少必填字段"))
				}
				continue
			}
			walkStructure(fv, f.Type, path+"."+name, out)
		}
		for _, k := range sortedKeys(obj) {
			if !known[k] {
				*out = append(*out, problem(path+"."+k, "unknown_field", fmt.Sprintf("unknown field %q", k), fmt.Sprintf("未知字段 %q", k)))
			}
		}
	case reflect.Pointer:
		// An optional object (omitempty): absent is fine, null is not.
		if v == nil {
			add("type", "must be an object, not null (leave the key out instead)", "应为对象，而不是 null（不需要时请省略该字段）")
			return
		}
		walkStructure(v, t.Elem(), path, out)
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			add("type", "must be a list, not "+jsonKind(v), "应为列表，而不是"+jsonKindZH(v))
			return
		}
		for i, e := range arr {
			walkStructure(e, t.Elem(), path+"["+strconv.Itoa(i)+"]", out)
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			add("type", "must be a string, not "+jsonKind(v), "应为字符串，而不是"+jsonKindZH(v))
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			add("type", "must be true or false, not "+jsonKind(v), "应为 true 或 false，而不是"+jsonKindZH(v))
		}
	case reflect.Int, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			add("type", "must be an integer, not "+jsonKind(v), "应为整数，而不是"+jsonKindZH(v))
			return
		}
		i, err := strconv.ParseInt(n.String(), 10, 64)
		if err != nil {
			add("type", "must be a whole number within ±9223372036854775807, not "+n.String(), "应为整数（不能有小数，且不超出范围），而不是 "+n.String())
			return
		}
		if t.Kind() == reflect.Int && (i > 1<<31-1 || i < -(1<<31)) || i > MaxMoney || i < -MaxMoney {
			add("range", "is out of range", "数值超出范围")
		}
	case reflect.Float64:
		if _, ok := v.(json.Number); !ok {
			add("type", "must be a number, not "+jsonKind(v), "应为数字，而不是"+jsonKindZH(v))
		}
	default:
		panic("playbook: structure check lacks type " + t.String())
	}
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "true/false"
	case json.Number:
		return "a number"
	}
	return "something else"
}

func jsonKindZH(v any) string {
	switch v.(type) {
	case nil:
		return " null"
	case map[string]any:
		return "对象"
	case []any:
		return "列表"
	case string:
		return "字符串"
	case bool:
		return " true/false"
	case json.Number:
		return "数字"
	}
	return "其他类型"
}
