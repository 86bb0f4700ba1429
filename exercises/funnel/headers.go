package funnel

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Field is a piece of an opportunity the review reads.
type Field string

// The fields of an opportunity export. Stage is required; every other field
// widens what can be computed.
const (
	FieldID           Field = "id"
	FieldName         Field = "name"
	FieldCustomer     Field = "customer"
	FieldStage        Field = "stage"
	FieldAmount       Field = "amount"
	FieldCreated      Field = "created"
	FieldClosed       Field = "closed"
	FieldOwner        Field = "owner"
	FieldStatus       Field = "status"
	FieldStageEntered Field = "stage_entered"
	// History files: the stage a deal entered and when.
	FieldEntered Field = "entered"
)

// Fields lists the fields of an opportunity file in the order they are shown.
var Fields = []Field{FieldID, FieldName, FieldCustomer, FieldStage, FieldAmount, FieldCreated, FieldClosed, FieldOwner, FieldStatus, FieldStageEntered}

// HistoryFields lists the fields of a stage-history file.
var HistoryFields = []Field{FieldID, FieldStage, FieldEntered}

// synonyms are the headers matched automatically, compared after normKey
// (lower case, no spaces, punctuation or full-width forms).
var synonyms = map[Field][]string{
	FieldID: {"商机编号", "商机编码", "商机id", "商机号", "商机代码", "编码", "机会编号", "机会id", "销售机会编号", "项目编号", "编号",
		"opportunityid", "opportunitynumber", "opportunityno", "oppid", "dealid", "dealnumber", "recordid", "id"},
	FieldName:         {"商机名称", "机会名称", "销售机会名称", "项目名称", "商机", "opportunityname", "opportunity", "dealname", "deal", "name"},
	FieldCustomer:     {"客户名称", "客户", "客户名", "公司名称", "account", "accountname", "customer", "customername", "company", "companyname"},
	FieldStage:        {"阶段", "销售阶段", "商机阶段", "当前阶段", "机会阶段", "所处阶段", "stage", "salesstage", "dealstage", "opportunitystage", "pipelinestage", "currentstage"},
	FieldAmount:       {"金额", "商机金额", "预计金额", "合同金额", "预计成交金额", "销售金额", "金额元", "金额万元", "amount", "dealamount", "dealvalue", "value", "opportunityamount", "amountcny", "totalamount"},
	FieldCreated:      {"创建日期", "创建时间", "创建日", "录入日期", "发现日期", "立项日期", "createddate", "created", "createdat", "createdon", "createdate", "datecreated", "opened", "opendate"},
	FieldClosed:       {"关闭日期", "关闭时间", "结束日期", "成交日期", "实际成交日期", "实际关闭日期", "赢单日期", "结单日期", "closedate", "closeddate", "closed", "closedat", "closedon", "dateclosed", "actualclosedate"},
	FieldOwner:        {"负责人", "商机负责人", "销售负责人", "销售", "销售人员", "销售代表", "所有人", "归属人", "跟进人", "owner", "opportunityowner", "dealowner", "salesrep", "rep", "salesperson", "assignedto", "accountexecutive"},
	FieldStatus:       {"状态", "商机状态", "机会状态", "结果", "赢输状态", "status", "dealstatus", "opportunitystatus", "result", "outcome", "wonlost"},
	FieldStageEntered: {"阶段进入日期", "进入当前阶段日期", "进入阶段日期", "阶段变更日期", "阶段更新日期", "stageentered", "stageentereddate", "stagedate", "stagechangedate", "laststagechange", "datestageentered"},
	FieldEntered:      {"进入日期", "进入时间", "变更日期", "变更时间", "日期", "entered", "enteredat", "enteredon", "dateentered", "changedat", "changedate", "date"},
}

// Mapping tells which column holds each field: a header as written in the
// file, or "#N" for the N-th column (1-based). Empty fields are matched
// automatically from the headers.
type Mapping map[Field]string

// Clone copies a mapping.
func (m Mapping) Clone() Mapping {
	out := Mapping{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// ParseMapping reads "id=商机编号，stage=阶段，…" (field names as in Fields, or
// their Chinese header names as aliases).
func ParseMapping(s string) (Mapping, error) {
	m := Mapping{}
	if strings.TrimSpace(s) == "" {
		return m, nil
	}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			return nil, inputErr(CodeBadMapping, "映射“%s”应写成 字段=列名", "mapping %q must be written field=column", part)
		}
		f, known := fieldNamed(k)
		if !known {
			return nil, inputErr(CodeBadMapping, "未知字段“%s”（可用：id, name, customer, stage, amount, created, closed, owner, status, stage_entered）",
				"unknown field %q (known: id, name, customer, stage, amount, created, closed, owner, status, stage_entered）", k)
		}
		m[f] = v
	}
	return m, nil
}

func fieldNamed(k string) (Field, bool) {
	for _, f := range append(Fields, FieldEntered) {
		if string(f) == strings.ToLower(k) {
			return f, true
		}
	}
	return "", false
}

// columns is a resolved mapping: the column of each field (absent fields
// have none). It is an array so the per-row lookups cost nothing.
type columns struct {
	idx [numFields]int // column + 1; 0 when the field has no column
}

const numFields = 11

func (f Field) ord() int {
	switch f {
	case FieldID:
		return 0
	case FieldName:
		return 1
	case FieldCustomer:
		return 2
	case FieldStage:
		return 3
	case FieldAmount:
		return 4
	case FieldCreated:
		return 5
	case FieldClosed:
		return 6
	case FieldOwner:
		return 7
	case FieldStatus:
		return 8
	case FieldStageEntered:
		return 9
	case FieldEntered:
		return 10
	}
	panic("funnel: unknown field " + string(f))
}

var allFields = []Field{FieldID, FieldName, FieldCustomer, FieldStage, FieldAmount, FieldCreated, FieldClosed, FieldOwner, FieldStatus, FieldStageEntered, FieldEntered}

func (c *columns) set(f Field, i int) { c.idx[f.ord()] = i + 1 }

// col returns the column of f, or -1.
func (c *columns) col(f Field) int { return c.idx[f.ord()] - 1 }

func (c *columns) has(f Field) bool { return c.idx[f.ord()] > 0 }

// get returns the trimmed value of field f in rec, or "".
func (c *columns) get(rec []string, f Field) string { return cell(rec, c.idx[f.ord()]-1) }

// cell returns rec[i] trimmed, or "" when i is out of range.
func cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	v := rec[i]
	if v == "" || v[0] > ' ' && v[len(v)-1] > ' ' {
		return v
	}
	return strings.TrimSpace(v)
}

// resolve matches the fields to header columns: explicit mappings first,
// then the synonyms of each field not mapped yet. Each column serves at most
// one field.
func resolve(header []string, m Mapping, fields []Field) (columns, map[Field]string, error) {
	var cols columns
	how := map[Field]string{}
	used := map[int]bool{}
	keys := make([]string, len(header))
	for i, h := range header {
		keys[i] = normKey(h)
	}
	for _, f := range fields {
		name, ok := m[f]
		if !ok || name == "" {
			continue
		}
		i := findColumn(header, keys, name)
		if i < 0 {
			return columns{}, nil, inputErr(CodeBadMapping, "映射的列“%s”（%s）在表头中找不到", "the column %q mapped to %s is not in the header", name, f)
		}
		cols.set(f, i)
		how[f] = "user"
		used[i] = true
	}
	for _, f := range fields {
		if cols.has(f) {
			continue
		}
		if v, ok := m[f]; ok && v == "" {
			continue // explicitly unmapped
		}
		best := -1
		for _, syn := range synonyms[f] {
			for i, k := range keys {
				if !used[i] && k == syn {
					best = i
					break
				}
			}
			if best >= 0 {
				break
			}
		}
		if best >= 0 {
			cols.set(f, best)
			how[f] = "auto"
			used[best] = true
		}
	}
	return cols, how, nil
}

// findColumn finds a column by its header (exactly, then loosely) or by "#N".
func findColumn(header, keys []string, name string) int {
	for i, h := range header {
		if strings.TrimSpace(h) == strings.TrimSpace(name) {
			return i
		}
	}
	k := normKey(name)
	for i := range keys {
		if keys[i] == k && k != "" {
			return i
		}
	}
	if n, err := strconv.Atoi(strings.TrimPrefix(name, "#")); err == nil && strings.HasPrefix(name, "#") && n >= 1 && n <= len(header) {
		return n - 1
	}
	return -1
}

// normKey folds a header or value for matching: full-width forms to ASCII,
// lower case, without spaces, punctuation, brackets and currency marks.
func normKey(s string) string {
	if isPlainKey(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
			r -= 0xFEE0
		}
		switch {
		case r == 0xFEFF, unicode.IsSpace(r), unicode.IsPunct(r), unicode.IsSymbol(r):
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// isPlainKey reports whether s is already folded (lower-case ASCII letters
// and digits, or non-ASCII letters), the common case for stage values.
func isPlainKey(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || r == 0xFEFF || r >= 0xFF01 && r <= 0xFF5E || r == 0x3000 || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
		i += size
	}
	return true
}

// historyColumns finds per-stage "date entered" columns in a header: a column
// named after a stage with a date word ("方案评估日期", "进入方案评估日期",
// "Proposal entered", "date entered Proposal"). Only names in stages count.
func historyColumns(header []string, used map[int]bool, stages map[string]string) map[string]int {
	out := map[string]int{}
	for i, h := range header {
		if used[i] {
			continue
		}
		k := normKey(h)
		for _, pre := range []string{"进入", "dateentered", "entered", "date"} {
			k = strings.TrimPrefix(k, pre)
		}
		for _, suf := range []string{"进入日期", "进入时间", "日期", "时间", "entereddate", "entered", "date"} {
			k = strings.TrimSuffix(k, suf)
		}
		if name, ok := stages[k]; ok && k != "" {
			if _, dup := out[name]; !dup {
				out[name] = i
			}
		}
	}
	return out
}
