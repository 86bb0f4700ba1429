package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"strings"
	"time"

	"playbook/playbook"
)

// SalesforceNamespace is the namespace of every Metadata API file.
const SalesforceNamespace = "http://soap.sforce.com/2006/04/metadata"

// SalesforceAPIVersion is the Metadata API version package.xml asks for.
const SalesforceAPIVersion = "62.0"

// SalesforcePathName is the API name of the exported sales path.
const SalesforcePathName = "Playbook_Opportunity_Path"

type sfStandardValueSet struct {
	XMLName        xml.Name          `xml:"http://soap.sforce.com/2006/04/metadata StandardValueSet"`
	Sorted         bool              `xml:"sorted"`
	StandardValues []sfStandardValue `xml:"standardValue"`
}

type sfStandardValue struct {
	FullName         string `xml:"fullName"`
	Default          bool   `xml:"default"`
	Label            string `xml:"label"`
	Closed           bool   `xml:"closed"`
	ForecastCategory string `xml:"forecastCategory"`
	Probability      int    `xml:"probability"`
	Won              bool   `xml:"won"`
}

type sfPathAssistant struct {
	XMLName        xml.Name `xml:"http://soap.sforce.com/2006/04/metadata PathAssistant"`
	Active         bool     `xml:"active"`
	EntityName     string   `xml:"entityName"`
	FieldName      string   `xml:"fieldName"`
	MasterLabel    string   `xml:"masterLabel"`
	Steps          []sfStep `xml:"pathAssistantSteps"`
	RecordTypeName string   `xml:"recordTypeName"`
}

type sfStep struct {
	FieldNames        []string `xml:"fieldNames"`
	Info              string   `xml:"info"`
	PicklistValueName string   `xml:"picklistValueName"`
}

type sfPackage struct {
	XMLName xml.Name `xml:"http://soap.sforce.com/2006/04/metadata Package"`
	Types   []sfType `xml:"types"`
	Version string   `xml:"version"`
}

type sfType struct {
	Members []string `xml:"members"`
	Name    string   `xml:"name"`
}

type sfValidationRule struct {
	XMLName               xml.Name `xml:"http://soap.sforce.com/2006/04/metadata ValidationRule"`
	FullName              string   `xml:"fullName"`
	Active                bool     `xml:"active"`
	Description           string   `xml:"description"`
	ErrorConditionFormula string   `xml:"errorConditionFormula"`
	ErrorDisplayField     string   `xml:"errorDisplayField"`
	ErrorMessage          string   `xml:"errorMessage"`
}

// SalesforceForecastCategory maps a forecast category to Salesforce's
// ForecastCategories value.
func SalesforceForecastCategory(c string) string {
	switch c {
	case playbook.ForecastPipeline:
		return "Pipeline"
	case playbook.ForecastBestCase:
		return "BestCase"
	case playbook.ForecastCommit:
		return "Forecast" // shown as "Commit" in Salesforce
	case playbook.ForecastClosed:
		return "Closed"
	}
	return "Omitted"
}

// opportunityFields maps the names people give required fields to standard
// Opportunity fields. Fields not listed need a custom field first; they are
// named in the path guidance instead of fieldNames, so the package deploys.
var opportunityFields = map[string]string{
	"金额": "Amount", "商机金额": "Amount", "预计金额": "Amount", "报价金额": "Amount", "合同金额": "Amount", "预计合同额": "Amount", "amount": "Amount",
	"预计签约日": "CloseDate", "预计成交日期": "CloseDate", "结束日期": "CloseDate", "签约日期": "CloseDate", "close date": "CloseDate",
	"下一步": "NextStep", "next step": "NextStep",
	"客户": "AccountId", "客户名称": "AccountId", "account": "AccountId",
	"线索来源": "LeadSource", "商机来源": "LeadSource", "lead source": "LeadSource",
	"类型": "Type", "商机类型": "Type", "描述": "Description", "说明": "Description",
}

// standardField returns the standard Opportunity field for a required field's name.
func standardField(name string) (string, bool) {
	f, ok := opportunityFields[strings.ToLower(strings.TrimSpace(name))]
	return f, ok
}

// Salesforce builds the metadata package: the OpportunityStage picklist, a
// sales path whose guidance holds each stage's breakthrough actions and exit
// criterion, package.xml, and inactive ValidationRule examples of the stage
// gates (outside package.xml, to adapt before deploying), in one zip.
func Salesforce(p *playbook.Playbook) ([]File, error) {
	sales := byStatus(p, playbook.StatusOpen, playbook.StatusWon, playbook.StatusLost)
	vs := sfStandardValueSet{}
	for i, s := range sales {
		vs.StandardValues = append(vs.StandardValues, sfStandardValue{
			FullName: s.Code, Default: i == 0, Label: s.Name,
			Closed: s.Status != playbook.StatusOpen, Won: s.Status == playbook.StatusWon,
			Probability: s.Probability, ForecastCategory: SalesforceForecastCategory(s.ForecastCategory),
		})
	}
	path := sfPathAssistant{Active: true, EntityName: "Opportunity", FieldName: "StageName",
		MasterLabel: p.Stages.Pipeline, RecordTypeName: "__MASTER__"}
	var unmapped []string
	for _, s := range sales {
		if s.Status == playbook.StatusLost {
			continue
		}
		step := sfStep{PicklistValueName: s.Code}
		var custom []string
		for _, f := range s.RequiredFields {
			if api, ok := standardField(f); ok {
				if !contains(step.FieldNames, api) {
					step.FieldNames = append(step.FieldNames, api)
				}
			} else {
				custom = append(custom, f)
				unmapped = append(unmapped, s.Name+":"+f)
			}
		}
		step.Info = pathGuidance(s, custom)
		path.Steps = append(path.Steps, step)
	}
	var rules []sfValidationRule
	for i := 0; i+1 < len(sales); i++ {
		from, to := sales[i], sales[i+1]
		if from.Status != playbook.StatusOpen || to.Status == playbook.StatusLost {
			continue
		}
		var fields []string
		for _, f := range from.RequiredFields {
			if api, ok := standardField(f); ok && !contains(fields, api) {
				fields = append(fields, api)
			}
		}
		if len(fields) == 0 {
			continue
		}
		blanks := make([]string, len(fields))
		for j, f := range fields {
			blanks[j] = "ISBLANK(" + f + ")"
		}
		cond := blanks[0]
		if len(blanks) > 1 {
			cond = "OR(" + strings.Join(blanks, ", ") + ")"
		}
		rules = append(rules, sfValidationRule{
			FullName:    "Stage_Gate_" + sanitizeAPIName(to.Code),
			Active:      false,
			Description: fmt.Sprintf("阶段关口示例：进入“%s”之前，“%s”的必填字段必须已填写。启用前请核对字段。", to.Name, from.Name),
			ErrorConditionFormula: fmt.Sprintf(`AND(ISCHANGED(StageName), ISPICKVAL(StageName, "%s"), %s)`,
				strings.ReplaceAll(to.Code, `"`, `\"`), cond),
			ErrorDisplayField: fields[0],
			ErrorMessage:      fmt.Sprintf("进入“%s”之前请填写：%s(%s 的出口标准：%s)", to.Name, strings.Join(fields, "、"), from.Name, from.ExitCriterion),
		})
	}
	pkg := sfPackage{Version: SalesforceAPIVersion, Types: []sfType{
		{Members: []string{SalesforcePathName}, Name: "PathAssistant"},
		{Members: []string{"OpportunityStage"}, Name: "StandardValueSet"},
	}}
	var files []File
	for _, f := range []struct {
		name string
		v    any
	}{
		{"package.xml", pkg},
		{"pathAssistants/" + SalesforcePathName + ".pathAssistant-meta.xml", path},
		{"standardValueSets/OpportunityStage.standardValueSet-meta.xml", vs},
	} {
		data, err := marshalXML(f.v)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: f.name, Data: data})
	}
	for _, r := range rules {
		data, err := marshalXML(r)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: "examples/objects/Opportunity/validationRules/" + r.FullName + ".validationRule-meta.xml", Data: data})
	}
	files = append(files, File{Name: "README.txt", Data: []byte(salesforceReadme(p, unmapped))})
	zipped, err := zipFiles(files)
	if err != nil {
		return nil, err
	}
	return []File{{Name: "salesforce-metadata.zip", Data: zipped}}, nil
}

// pathGuidance is a step's guidance as the rich-text HTML Salesforce shows:
// user text is HTML-escaped here, and the whole is XML-escaped on output.
func pathGuidance(s playbook.Stage, custom []string) string {
	var b strings.Builder
	if len(s.Actions) > 0 {
		b.WriteString("<p><b>突破行为</b></p><ul>")
		for _, a := range s.Actions {
			b.WriteString("<li>" + html.EscapeString(a) + "</li>")
		}
		b.WriteString("</ul>")
	}
	if s.ExitCriterion != "" {
		b.WriteString("<p><b>出口标准</b>：" + html.EscapeString(s.ExitCriterion) + "</p>")
	}
	if len(s.Evidence) > 0 {
		b.WriteString("<p><b>证据</b>：" + html.EscapeString(joinList(s.Evidence)) + "</p>")
	}
	if len(custom) > 0 {
		b.WriteString("<p><b>需记录（请先建自定义字段）</b>：" + html.EscapeString(joinList(custom)) + "</p>")
	}
	if s.MaxDays > 0 {
		fmt.Fprintf(&b, "<p>停留超过 %d 天需预警。</p>", s.MaxDays)
	}
	return b.String()
}

func salesforceReadme(p *playbook.Playbook, unmapped []string) string {
	var b strings.Builder
	b.WriteString("Salesforce 元数据包 / Salesforce metadata package\n\n")
	b.WriteString("部署 / Deploy: sf project deploy start --metadata-dir . （或 Workbench → Migration → Deploy，上传本 zip）\n\n")
	b.WriteString("- standardValueSets/OpportunityStage: 商机阶段（fullName 为英文 API 名，label 为中文名称）\n")
	b.WriteString("- pathAssistants/" + SalesforcePathName + ": 销售路径，每个阶段的突破行为、出口标准和关键字段\n")
	b.WriteString("- examples/…/validationRules: 阶段关口示例（未启用，不在 package.xml 中），核对字段后再部署\n\n")
	if post := byStatus(p, playbook.StatusPostSale); len(post) > 0 {
		names := make([]string, len(post))
		for i, s := range post {
			names[i] = s.Name
		}
		b.WriteString("售后步骤（" + strings.Join(names, "、") + "）在赢单之后，不是商机阶段；请在交付或服务对象中配置（“" + p.Stages.PostSalePipeline + "”）。\n")
	}
	if len(unmapped) > 0 {
		b.WriteString("以下必填字段没有对应的标准字段，已写入路径说明；请先建自定义字段，再加入 fieldNames:\n")
		for _, u := range unmapped {
			b.WriteString("  - " + u + "\n")
		}
	}
	b.WriteString(appendixNote(p))
	return b.String()
}

func sanitizeAPIName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return strings.Trim(b.String(), "_")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func marshalXML(v any) ([]byte, error) {
	data, err := xml.MarshalIndent(v, "", "    ")
	if err != nil {
		return nil, err
	}
	return append(append([]byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n"), data...), '\n'), nil
}

// zipEpoch is the time stamped on every zip entry, so the same playbook
// always gives the same bytes.
var zipEpoch = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

func zipFiles(files []File) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: zipEpoch})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
