package cases

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// The built-in library ships in the binary: one folder per case under
// builtin/, holding case.md and the case's files. Built-in cases are read-only;
// a trainer copies one into their own library to change it.

//go:generate go run ./internal/oppgen/cmd -out builtin/sales-data-analysis

//go:embed builtin
var builtinFS embed.FS

// The sample opportunity data set of the sales-data-analysis case, read by the
// funnel review as well. Both files are UTF-8 CSV with a byte-order mark.
//
// opportunities.csv: 商机编号,客户名称,行业,负责人,区域,阶段,金额,创建日期,关闭日期,状态 —
// 阶段 is the current stage (初步接洽, 需求确认, 方案评估, 合同谈判, 赢单 or 输单), 金额
// whole yuan without separators, dates YYYY-MM-DD, 关闭日期 empty while 状态 is
// 进行中 (else 赢单 or 输单).
//
// stage_history.csv: 商机编号,阶段,进入日期 — one row per stage a deal entered,
// in order; a lost deal's last row is 输单.
const (
	SampleCaseID          = "sales-data-analysis"
	SampleOpportunities   = "opportunities.csv"
	SampleStageHistory    = "stage_history.csv"
	SampleDataAsOf        = "2026-11-15" // the data set's "today"
	sampleOpportunitiesFS = "builtin/" + SampleCaseID + "/" + SampleOpportunities
	sampleStageHistoryFS  = "builtin/" + SampleCaseID + "/" + SampleStageHistory
)

// SampleData returns the two files of the sample opportunity data set.
func SampleData() (opportunities, stageHistory []byte) {
	o, err := builtinFS.ReadFile(sampleOpportunitiesFS)
	if err != nil {
		panic("cases: sample data missing: " + err.Error())
	}
	h, err := builtinFS.ReadFile(sampleStageHistoryFS)
	if err != nil {
		panic("cases: sample data missing: " + err.Error())
	}
	return o, h
}

type builtinCase struct {
	c     *Case
	files []File
}

var (
	builtinOnce sync.Once
	builtinList []*builtinCase
	builtinErr  error
)

func loadBuiltin() ([]*builtinCase, error) {
	builtinOnce.Do(func() { builtinList, builtinErr = readLibrary(builtinFS, "builtin") })
	return builtinList, builtinErr
}

// readLibrary reads every <dir>/<id>/case.md of fsys with its files.
func readLibrary(fsys fs.FS, dir string) ([]*builtinCase, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []*builtinCase
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		folder := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, path.Join(folder, CaseFileName))
		if err != nil {
			return nil, fmt.Errorf("cases: %s: %w", folder, err)
		}
		c, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("cases: %s/%s: %w", folder, CaseFileName, err)
		}
		if c.ID != e.Name() {
			return nil, fmt.Errorf("cases: %s: the folder must be named after the case id %q", folder, c.ID)
		}
		bc := &builtinCase{c: c}
		files, err := fs.ReadDir(fsys, folder)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if f.IsDir() || f.Name() == CaseFileName || strings.HasPrefix(f.Name(), ".") {
				continue
			}
			data, err := fs.ReadFile(fsys, path.Join(folder, f.Name()))
			if err != nil {
				return nil, err
			}
			ct, err := CheckFile(f.Name(), data)
			if err != nil {
				return nil, fmt.Errorf("cases: %s/%s: %w", folder, f.Name(), err)
			}
			bc.files = append(bc.files, File{Name: f.Name(), ContentType: ct, Data: data})
		}
		names := make([]string, len(bc.files))
		for i, f := range bc.files {
			names[i] = f.Name
		}
		if missing := MissingFiles(c, names); len(missing) > 0 {
			return nil, fmt.Errorf("cases: %s refers to missing files %v", folder, missing)
		}
		out = append(out, bc)
	}
	slices.SortFunc(out, func(a, b *builtinCase) int {
		if c := firstModule(a.c) - firstModule(b.c); c != 0 {
			return c
		}
		return strings.Compare(a.c.ID, b.c.ID)
	})
	return out, nil
}

func mustBuiltin() []*builtinCase {
	list, err := loadBuiltin()
	if err != nil {
		panic(err.Error())
	}
	return list
}

// Builtin returns fresh copies of the built-in cases, by module then id.
// Callers may change the copies; the library never changes.
func Builtin() []*Case {
	list := mustBuiltin()
	out := make([]*Case, len(list))
	for i, bc := range list {
		out[i] = bc.c.Clone()
	}
	return out
}

// BuiltinCase returns a copy of the built-in case id.
func BuiltinCase(id string) (*Case, bool) {
	for _, bc := range mustBuiltin() {
		if bc.c.ID == id {
			return bc.c.Clone(), true
		}
	}
	return nil, false
}

// IsBuiltin reports whether id names a built-in case.
func IsBuiltin(id string) bool {
	for _, bc := range mustBuiltin() {
		if bc.c.ID == id {
			return true
		}
	}
	return false
}

// BuiltinFiles lists the files of built-in case id (shared, read-only data).
func BuiltinFiles(id string) []File {
	for _, bc := range mustBuiltin() {
		if bc.c.ID == id {
			return slices.Clone(bc.files)
		}
	}
	return nil
}

// BuiltinFile returns one file of built-in case id.
func BuiltinFile(id, name string) (File, bool) {
	for _, f := range BuiltinFiles(id) {
		if f.Name == name {
			return f, true
		}
	}
	return File{}, false
}

// BuiltinBundles returns every built-in case with its files (for export).
func BuiltinBundles() []*Bundle {
	list := mustBuiltin()
	out := make([]*Bundle, len(list))
	for i, bc := range list {
		out[i] = &Bundle{Case: bc.c.Clone(), Files: slices.Clone(bc.files)}
	}
	return out
}

// BuiltinScenarios returns the briefs of the built-in role-play cases, the
// scenarios a pass-off round can start from.
func BuiltinScenarios() []*Brief {
	var out []*Brief
	for _, bc := range mustBuiltin() {
		if b, ok := bc.c.Brief(); ok {
			out = append(out, b)
		}
	}
	return out
}

// Scenario returns the role-play brief of built-in case id.
func Scenario(id string) (*Brief, bool) {
	c, ok := BuiltinCase(id)
	if !ok {
		return nil, false
	}
	return c.Brief()
}
