package funnel

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// benchRows is the size of quality.md's S7: a 1,000,000-row opportunity
// export, about 100 MB.
const benchRows = 1_000_000

// writeOpportunities writes n synthetic opportunities in the built-in
// case's format (UTF-8 with BOM) to w: a funnel-shaped spread over the four
// open stages, a third of the deals closed, 60 owners, two years of dates.
func writeOpportunities(w io.Writer, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	rng := rand.New(rand.NewPCG(seed, 42))
	bw.WriteString("\ufeff商机编号,客户名称,行业,负责人,区域,阶段,金额,创建日期,关闭日期,状态\n")
	surnames := []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴"}
	given := []string{"伟", "芳", "娜", "敏", "静", "强", "磊", "洋"}
	industries := []string{"制造业", "医疗", "物流", "能源", "电梯维保", "软件", "建筑", "食品"}
	regions := []string{"华东", "华南", "华北", "华中", "西南", "西北"}
	open := []string{"初步接洽", "需求确认", "方案评估", "合同谈判"}
	start := daysFromCivil(2024, 7, 1)
	buf := make([]byte, 0, 256)
	for i := 0; i < n; i++ {
		buf = buf[:0]
		buf = append(buf, "OPP-"...)
		buf = strconv.AppendInt(buf, int64(1000000+i), 10)
		buf = append(buf, ",客户"...)
		buf = strconv.AppendInt(buf, int64(rng.IntN(50000)), 10)
		buf = append(buf, "有限公司,"...)
		buf = append(buf, industries[rng.IntN(len(industries))]...)
		buf = append(buf, ',')
		o := rng.IntN(60)
		buf = append(buf, surnames[o%len(surnames)]...)
		buf = append(buf, given[o%len(given)]...)
		buf = append(buf, ',')
		buf = append(buf, regions[rng.IntN(len(regions))]...)
		buf = append(buf, ',')
		created := start + Day(rng.IntN(700))
		status, stage := "进行中", ""
		var closed Day = NoDay
		switch r := rng.IntN(100); {
		case r < 20:
			status, stage = "赢单", "赢单"
			closed = created + Day(20+rng.IntN(120))
		case r < 35:
			status, stage = "输单", "输单"
			closed = created + Day(10+rng.IntN(90))
		default:
			// 40% / 30% / 20% / 10% of the open deals.
			switch k := rng.IntN(10); {
			case k < 4:
				stage = open[0]
			case k < 7:
				stage = open[1]
			case k < 9:
				stage = open[2]
			default:
				stage = open[3]
			}
		}
		buf = append(buf, stage...)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(5000+rng.IntN(2000000)), 10)
		buf = append(buf, ".00,"...)
		buf = append(buf, created.String()...)
		buf = append(buf, ',')
		if closed != NoDay {
			buf = append(buf, closed.String()...)
		}
		buf = append(buf, ',')
		buf = append(buf, status...)
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

var (
	benchOnce sync.Once
	benchPath string
	benchErr  error
)

// benchFile generates the S7 file once per run in a temporary directory.
func benchFile(b *testing.B) string {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "funnel-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchPath = filepath.Join(dir, "opportunities.csv")
		f, err := os.Create(benchPath)
		if err != nil {
			benchErr = err
			return
		}
		defer f.Close()
		benchErr = writeOpportunities(f, benchRows, 7)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchPath
}

// readWithEncodingCSV is the baseline: Go's encoding/csv reading every
// record of the file and doing nothing with it.
func readWithEncodingCSV(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 256<<10))
	r.ReuseRecord = true
	n := 0
	for {
		_, err := r.Read()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

// peakHeap samples the bytes in live heap objects (and not yet swept ones)
// every few milliseconds while fn runs.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		// runtime/metrics reads without stopping the world.
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	<-done
	return peak.Load()
}

// vmHWM reads the process's peak resident set size (Linux), in bytes.
func vmHWM() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// BenchmarkS7FunnelMillionRows is quality.md's S7: the funnel review of a
// 1,000,000-row CSV against the time encoding/csv takes merely to read the
// same file, both measured in the same iteration. Targets: ≤ 3 s and ≤ 3×
// the baseline; memory bounded. Run with `make bench` or
//
//	go test -run XXX -bench S7 -benchtime 3x ./exercises/funnel
func BenchmarkS7FunnelMillionRows(b *testing.B) {
	path := benchFile(b)
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	in := Input{Name: "opportunities.csv", Size: fi.Size(), Open: func() (io.ReadCloser, error) { return os.Open(path) }}
	opt := Options{Stages: processStages(), AsOf: day("2026-06-30"), Target: &Target{Amount: 5e8}}
	var csvTotal, reviewTotal time.Duration
	var peak uint64
	var allocs uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		t0 := time.Now()
		n, err := readWithEncodingCSV(path)
		if err != nil || n != benchRows+1 {
			b.Fatalf("baseline read %d records: %v", n, err)
		}
		csvTotal += time.Since(t0)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b.StartTimer()
		var r *Result
		t1 := time.Now()
		h := peakHeap(func() { r, err = Analyze(in, opt) })
		reviewTotal += time.Since(t1)
		b.StopTimer()
		runtime.ReadMemStats(&after)
		if err != nil {
			b.Fatal(err)
		}
		if r.Opportunities != benchRows || r.BadRowsTotal != 0 {
			b.Fatalf("analysed %d rows, %d bad", r.Opportunities, r.BadRowsTotal)
		}
		peak = max(peak, h)
		allocs += after.TotalAlloc - before.TotalAlloc
		b.StartTimer()
	}
	b.StopTimer()
	csvS := csvTotal.Seconds() / float64(b.N)
	reviewS := reviewTotal.Seconds() / float64(b.N)
	b.ReportMetric(float64(fi.Size())/1e6, "MB_file")
	b.ReportMetric(csvS, "s_encoding_csv")
	b.ReportMetric(reviewS, "s_review")
	b.ReportMetric(reviewS/csvS, "x_encoding_csv")
	b.ReportMetric(float64(peak)/(1<<20), "MB_peak_heap")
	b.ReportMetric(float64(allocs)/float64(b.N)/(1<<20), "MB_alloc/op")
	b.ReportMetric(float64(vmHWM())/(1<<20), "MB_peak_rss")
	fmt.Fprintf(os.Stderr, "S7: %d rows, %.1f MB: encoding/csv read %.2fs, review %.2fs (%.2f×), peak heap %.1f MB, peak RSS %.1f MB\n",
		benchRows, float64(fi.Size())/1e6, csvS, reviewS, reviewS/csvS, float64(peak)/(1<<20), float64(vmHWM())/(1<<20))
}
