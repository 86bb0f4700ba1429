package funnel

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestPreview(t *testing.T) {
	pv, err := PreviewFile(fileInput(t, "small.csv"), nil, DateAuto)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.Rows) != 9 || len(pv.Header) != 10 || pv.Mapping[FieldStage] != "阶段" || pv.Problem != nil {
		t.Fatalf("preview %+v", pv)
	}
	var names []string
	for _, s := range pv.Stages {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "初步接洽,需求确认,方案评估,合同谈判,赢单,输单" || !pv.Stages[4].Won || !pv.Stages[5].Lost || pv.Stages[2].Rows != 2 {
		t.Errorf("stages %+v", pv.Stages)
	}
	// GBK with an unrecognised stage header: previewed, with the problem
	// stated, then mapped by hand.
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("编号,进展,金额\nA,方案评估,1\nB,初步接洽,2\n"))
	pv, err = PreviewFile(memInput("gbk.csv", gbk), nil, DateAuto)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Problem == nil || pv.Problem.Code != CodeNoStageColumn || pv.Header[1] != "进展" || pv.Rows[0][1] != "方案评估" || pv.Source.Encoding != "gb18030" || pv.Source.Rows != 2 {
		t.Fatalf("unmapped preview %+v", pv)
	}
	pv, err = PreviewFile(memInput("gbk.csv", gbk), Mapping{FieldStage: "进展"}, DateAuto)
	if err != nil || pv.Problem != nil || len(pv.Stages) != 2 || pv.Matched[FieldStage] != "user" {
		t.Fatalf("mapped preview %+v %v", pv, err)
	}
	if _, err := PreviewFile(memInput("x.pdf", []byte("%PDF-1.4")), nil, DateAuto); err == nil {
		t.Error("a PDF was previewed")
	}
}
