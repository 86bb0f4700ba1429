package ledger

import (
	"fmt"
	"html/template"
	"io"
	"strings"

	"playbook/exercises/passoff"
)

// PrintScriptPath is where the certificate page loads its one script from:
// the print button's handler. The page has no inline script, so it works
// under a Content-Security-Policy of script-src 'self'.
const PrintScriptPath = "/api/passoff/print.js"

// PrintScript is the script served at PrintScriptPath.
const PrintScript = `document.addEventListener('DOMContentLoaded', function () {
  var b = document.getElementById('print');
  if (b) b.addEventListener('click', function () { window.print(); });
});
`

// Certificate is one printed certificate.
type Certificate struct {
	Name     string
	Group    string
	Scenario string
	Date     string
	Score    string // "82.5%"
	Attempt  int
}

// CertificatesOf makes the certificates of ledger rows (normally
// Ledger.Passes()).
func CertificatesOf(rows []passoff.LedgerRow) []Certificate {
	out := make([]Certificate, 0, len(rows))
	for _, r := range rows {
		a := r.Attempt
		score := ""
		if a.Result != nil {
			score = strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.1f", a.Result.Percent), "0"), ".") + "%"
		}
		out = append(out, Certificate{Name: a.Name, Group: r.Group, Scenario: a.Scenario.Title, Date: r.Date, Score: score, Attempt: a.Try})
	}
	return out
}

type certPage struct {
	Meta
	Certificates []Certificate
	Script       string
}

// Certificates writes the printable page: one A4 landscape certificate per
// entry, with a print button that the print stylesheet hides.
func Certificates(w io.Writer, certs []Certificate, m Meta) error {
	return certTemplate.Execute(w, certPage{Meta: m, Certificates: certs, Script: PrintScriptPath})
}

var certTemplate = template.Must(template.New("cert").Funcs(template.FuncMap{
	"l": func(m Meta, zh, en string) string { return m.l(zh, en) },
}).Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{l .Meta "通关证书" "Pass-off certificates"}} — {{.Workshop}}</title>
<style>
@page { size: A4 landscape; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #eef1f5; color: #1f2933;
  font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans SC", "Hiragino Sans GB", system-ui, sans-serif; }
.bar { position: sticky; top: 0; display: flex; gap: 16px; align-items: center; justify-content: center;
  padding: 12px; background: #fff; border-bottom: 1px solid #d9dee5; font-size: 16px; }
.bar button { font: inherit; min-height: 44px; padding: 0 24px; border: 0; border-radius: 6px; background: #1f4e79; color: #fff; cursor: pointer; }
.empty { max-width: 40em; margin: 4em auto; font-size: 18px; line-height: 1.6; text-align: center; }
.cert { width: 297mm; height: 210mm; margin: 16px auto; padding: 14mm; background: #fff; page-break-after: always; break-after: page;
  box-shadow: 0 2px 12px rgba(0,0,0,.12); }
.frame { height: 100%; border: 3px double #1f4e79; padding: 16mm 22mm; display: flex; flex-direction: column; align-items: center; text-align: center; }
.org { font-size: 15px; letter-spacing: .2em; color: #52606d; }
h1 { margin: 10mm 0 2mm; font-size: 44px; letter-spacing: .3em; color: #1f4e79;
  font-family: "Songti SC", "STSong", "SimSun", "Noto Serif SC", "PingFang SC", "Microsoft YaHei", serif; }
.sub { font-size: 16px; letter-spacing: .15em; color: #52606d; text-transform: uppercase; }
.name { margin: 12mm 0 4mm; font-size: 40px; font-weight: 700; border-bottom: 2px solid #1f2933; padding: 0 12mm 2mm; }
.text { max-width: 200mm; font-size: 20px; line-height: 1.8; }
.score { font-weight: 700; color: #1f4e79; }
.foot { margin-top: auto; width: 100%; display: flex; justify-content: space-between; align-items: flex-end; font-size: 16px; }
.sign { min-width: 60mm; border-top: 1px solid #1f2933; padding-top: 2mm; }
@media print {
  html, body { background: #fff; }
  .bar { display: none; }
  .cert { margin: 0; box-shadow: none; }
}
</style>
<script src="{{.Script}}" defer></script>
</head>
<body>
<div class="bar"><span>{{l .Meta "共" "Certificates:"}} {{len .Certificates}} {{l .Meta "张证书，A4 横向打印" "— print on A4, landscape"}}</span>
<button id="print" type="button">{{l .Meta "打印" "Print"}}</button></div>
{{if not .Certificates}}<p class="empty">{{l .Meta "还没有学员通过本轮通关。" "Nobody has passed this round yet."}}</p>{{end}}
{{range .Certificates}}<section class="cert"><div class="frame">
<div class="org">{{$.Company}}</div>
<h1>{{l $.Meta "通关证书" "Certificate"}}</h1>
<div class="sub">{{l $.Meta "Certificate of Pass-off" "of pass-off"}}</div>
<div class="name">{{.Name}}</div>
<p class="text">{{if eq $.Lang "en"}}passed the sales role-play pass-off of <strong>{{$.Workshop}}</strong>{{if .Scenario}} in the scenario “{{.Scenario}}”{{end}} with a score of <span class="score">{{.Score}}</span>.{{else}}在「{{$.Workshop}}」的通关模拟实战中{{if .Scenario}}，以“{{.Scenario}}”为情景{{end}}，以 <span class="score">{{.Score}}</span> 的成绩通过考核，特发此证。{{end}}</p>
<div class="foot">
<div>{{l $.Meta "日期" "Date"}}：{{.Date}}</div>
<div class="sign">{{l $.Meta "培训讲师" "Trainer"}}：{{$.Trainer}}</div>
</div>
</div></section>
{{end}}
</body>
</html>
`))
