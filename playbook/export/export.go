// Package export turns a valid playbook into the files people take away: the
// JSON document, an Excel workbook, the stage sheet as CSV, CRM configuration
// for Salesforce, HubSpot, Pipedrive and Odoo, and a printable report. It is
// pure: every exporter returns its files in memory, so a caller writes either
// all of them or none.
package export

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"playbook/playbook"
)

// File is one exported file: a path relative to the output folder, and its bytes.
type File struct {
	Name string
	Data []byte
}

// Formats lists the export formats, in the order the product shows them.
var Formats = []string{"json", "xlsx", "csv", "salesforce", "hubspot", "pipedrive", "odoo", "report"}

// ContentType is the media type of the single file a format produces.
func ContentType(format string) string {
	switch format {
	case "json":
		return "application/json"
	case "xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case "csv":
		return "text/csv; charset=utf-8"
	case "report":
		return "text/html; charset=utf-8"
	}
	return "application/zip"
}

// Export produces the files of one format. It refuses a document that fails
// its checks with a *playbook.Problems listing every problem, and produces
// nothing in that case.
func Export(p *playbook.Playbook, format string) ([]File, error) {
	if !slices.Contains(Formats, format) {
		return nil, fmt.Errorf("export: unknown format %q (one of %s)", format, strings.Join(Formats, ", "))
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	switch format {
	case "json":
		data, err := playbook.Encode(p)
		if err != nil {
			return nil, err
		}
		return []File{{Name: "playbook.json", Data: data}}, nil
	case "xlsx":
		data, err := Workbook(p)
		if err != nil {
			return nil, err
		}
		return []File{{Name: "playbook.xlsx", Data: data}}, nil
	case "csv":
		data, err := StageCSV(p)
		if err != nil {
			return nil, err
		}
		return []File{{Name: "stages.csv", Data: data}}, nil
	case "salesforce":
		return Salesforce(p)
	case "hubspot":
		return HubSpot(p)
	case "pipedrive":
		return Pipedrive(p)
	case "odoo":
		return Odoo(p)
	case "report":
		data, err := Report(p)
		if err != nil {
			return nil, err
		}
		return []File{{Name: "playbook-report.html", Data: data}}, nil
	}
	panic("unreachable")
}

// Single returns the one file a download serves for format: the file itself,
// or a zip of the files when the format makes several.
func Single(p *playbook.Playbook, format string) (File, error) {
	files, err := Export(p, format)
	if err != nil {
		return File{}, err
	}
	if len(files) == 1 {
		return files[0], nil
	}
	data, err := zipFiles(files)
	if err != nil {
		return File{}, err
	}
	return File{Name: "playbook-" + format + ".zip", Data: data}, nil
}

// major converts minor units to the major unit as a number (for spreadsheets
// and APIs that take amounts in yuan).
func major(minor int64, digits int) float64 {
	return float64(minor) / math.Pow10(digits)
}

// majorString writes minor units in the major unit with exactly digits
// decimals and no rounding ("96000000.00").
func majorString(minor int64, digits int) string {
	neg := minor < 0
	if neg {
		minor = -minor
	}
	s := strconv.FormatInt(minor, 10)
	if digits > 0 {
		for len(s) <= digits {
			s = "0" + s
		}
		s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// openStages, closedStages and postSale split the pipeline by status.
func byStatus(p *playbook.Playbook, statuses ...string) []playbook.Stage {
	var out []playbook.Stage
	for _, s := range p.Stages.Stages {
		if slices.Contains(statuses, s.Status) {
			out = append(out, s)
		}
	}
	return out
}

// forecastZH names a forecast category in Chinese.
func forecastZH(c string) string {
	switch c {
	case playbook.ForecastPipeline:
		return "管道"
	case playbook.ForecastBestCase:
		return "最佳可能"
	case playbook.ForecastCommit:
		return "承诺"
	case playbook.ForecastClosed:
		return "已关闭"
	case playbook.ForecastOmitted:
		return "不计入"
	}
	return c
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// joinList joins list items for one spreadsheet or CSV cell.
func joinList(items []string) string { return strings.Join(items, ";") }

// appendixNote tells a CRM package's reader that the playbook's appendix of
// client cases is not part of it ("" when the appendix is empty): CRMs take
// configuration, not case write-ups.
func appendixNote(p *playbook.Playbook) string {
	if len(p.Appendix) == 0 {
		return ""
	}
	en := fmt.Sprintf("The %d client cases in the playbook's appendix are", len(p.Appendix))
	if len(p.Appendix) == 1 {
		en = "The client case in the playbook's appendix is"
	}
	return fmt.Sprintf("\n手册附录中的 %d 个客户案例不是 CRM 配置，不在本包中；请看打印版报告或 Excel 工作簿的“附录·案例”表。\n"+
		"%s not CRM configuration and not in this package; see the printable report or the workbook's 附录·案例 sheet.\n",
		len(p.Appendix), en)
}
