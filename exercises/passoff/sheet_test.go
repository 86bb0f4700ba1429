package passoff

import (
	"errors"
	"strings"
	"testing"
)

func TestReadSheetEnglishAndChineseHeaders(t *testing.T) {
	r := DefaultRubric()
	english := "performer,judge,criterion,score\n" +
		"Wang Fang,Li,opening,4\nWang Fang,Li,discovery,3\nWang Fang,Li,value,4\nWang Fang,Li,objections,3\nWang Fang,Li,closing,4\n" +
		"\n" + // blank lines are skipped
		"Wang Fang,Zhao,Opening and rapport,3\n"
	perfs, err := ReadSheet(r, strings.NewReader(english))
	if err != nil {
		t.Fatal(err)
	}
	if len(perfs) != 1 || perfs[0].Performer != "Wang Fang" || perfs[0].Attempt != 1 ||
		perfs[0].Ratings["Li"]["closing"] != 4 || perfs[0].Ratings["Zhao"]["opening"] != 3 {
		t.Fatalf("%+v", perfs)
	}
	// Chinese headers in another order, a BOM, criteria by Chinese name,
	// attempts and groups.
	chinese := "\ufeff评委,学员,小组,第几次,评分项,分数\n" +
		"李老师,王芳,第1组,1,开场破冰,2\n" +
		"李老师,王芳,第1组,2,开场破冰,4\n" +
		"李老师,张伟,第2组,1,需求挖掘,5\n"
	perfs, err = ReadSheet(r, strings.NewReader(chinese))
	if err != nil {
		t.Fatal(err)
	}
	if len(perfs) != 3 || perfs[1].Attempt != 2 || perfs[1].Ratings["李老师"]["opening"] != 4 ||
		perfs[2].Group != "第2组" || perfs[2].Ratings["李老师"]["discovery"] != 5 || perfs[0].ID == perfs[1].ID {
		t.Fatalf("%+v", perfs)
	}
}

func TestReadSheetNamesTheBadRow(t *testing.T) {
	r := DefaultRubric()
	head := "performer,judge,criterion,score\n"
	ok := "王芳,李老师,opening,4\n"
	cases := []struct {
		name, sheet string
		row         int
		message     string
	}{
		{"score outside the scale", head + ok + "王芳,李老师,discovery,6\n", 3, "outside the rubric's 1–5 scale"},
		{"score not a number", head + ok + ok[:0] + "王芳,李老师,discovery,优秀\n", 3, "not a whole number"},
		{"fraction", head + "王芳,李老师,discovery,3.5\n", 2, "not a whole number"},
		{"unknown criterion", head + ok + "王芳,李老师,charm,4\n", 3, "no criterion \"charm\""},
		{"empty performer", head + ",李老师,opening,4\n", 2, "performer is empty"},
		{"self-scoring", head + "李老师,李老师,opening,4\n", 2, "cannot score themselves"},
		{"duplicate", head + ok + ok, 3, "already scored"},
		{"group changes", "performer,judge,criterion,score,group\n王芳,李老师,opening,4,第1组\n王芳,李老师,value,4,第2组\n", 3, "group"},
		{"bad attempt", "performer,judge,criterion,score,attempt\n王芳,李老师,opening,4,0\n", 2, "attempt"},
		{"missing column", "performer,judge,score\n王芳,李老师,4\n", 1, "no criterion column"},
		{"empty file", "", 1, "empty"},
		{"header only", head, 2, "no scores"},
		{"broken quotes", head + "\"王芳,李老师,opening,4\n", 2, "malformed"},
		{"not UTF-8", head + "\xff\xfe,李老师,opening,4\n", 2, "UTF-8"},
	}
	for _, c := range cases {
		_, err := ReadSheet(r, strings.NewReader(c.sheet))
		var se *SheetError
		if !errors.As(err, &se) {
			t.Errorf("%s: got %v, want a SheetError", c.name, err)
			continue
		}
		if se.Row != c.row || !strings.Contains(se.Message, c.message) {
			t.Errorf("%s: %v; want row %d containing %q", c.name, se, c.row, c.message)
		}
		if !strings.HasPrefix(se.Error(), "row ") {
			t.Errorf("%s: error %q does not name the row", c.name, se.Error())
		}
	}
}
