package passoff

import (
	"errors"
	"math"
	"sort"
)

// ICC is the intraclass correlation of a fully crossed design (every judge
// rates every target) under Shrout & Fleiss's (1979) case 2: a two-way random
// effects model, absolute agreement. Single is ICC(2,1), the reliability of
// one judge's score; Average is ICC(2,k), the reliability of the mean of the
// k judges. The 95% intervals follow McGraw & Wong (1996), case 2A, with
// Satterthwaite's degrees of freedom.
type ICC struct {
	Single    float64     `json:"single"`
	Average   float64     `json:"average"`
	SingleCI  *[2]float64 `json:"single_ci95,omitempty"`
	AverageCI *[2]float64 `json:"average_ci95,omitempty"`
	Targets   int         `json:"targets"`
	Judges    int         `json:"judges"`
	MSR       float64     `json:"-"` // between targets
	MSC       float64     `json:"-"` // between judges
	MSE       float64     `json:"-"` // residual
}

// ErrNotComputable says a statistic is undefined for the data given (too few
// targets or judges, or no variance at all).
var ErrNotComputable = errors.New("passoff: not computable for these data")

// ComputeICC computes ICC(2,1) and ICC(2,k) of m, a targets × judges matrix
// with no missing cells. It needs at least two targets and two judges, and
// some variance.
func ComputeICC(m [][]float64) (*ICC, error) {
	n := len(m)
	if n < 2 {
		return nil, ErrNotComputable
	}
	k := len(m[0])
	if k < 2 {
		return nil, ErrNotComputable
	}
	grand := 0.0
	rowMean := make([]float64, n)
	colMean := make([]float64, k)
	for i, row := range m {
		if len(row) != k {
			return nil, errors.New("passoff: ICC needs a complete matrix")
		}
		for j, v := range row {
			rowMean[i] += v
			colMean[j] += v
			grand += v
		}
	}
	nf, kf := float64(n), float64(k)
	grand /= nf * kf
	ssr, ssc, sst := 0.0, 0.0, 0.0
	for i := range rowMean {
		rowMean[i] /= kf
		ssr += (rowMean[i] - grand) * (rowMean[i] - grand)
	}
	for j := range colMean {
		colMean[j] /= nf
		ssc += (colMean[j] - grand) * (colMean[j] - grand)
	}
	for _, row := range m {
		for _, v := range row {
			sst += (v - grand) * (v - grand)
		}
	}
	ssr *= kf
	ssc *= nf
	sse := sst - ssr - ssc
	if sse < 0 { // rounding
		sse = 0
	}
	msr := ssr / (nf - 1)
	msc := ssc / (kf - 1)
	mse := sse / ((nf - 1) * (kf - 1))
	d1 := msr + (kf-1)*mse + kf*(msc-mse)/nf
	dk := msr + (msc-mse)/nf
	if d1 <= 0 || dk <= 0 || sst == 0 {
		return nil, ErrNotComputable
	}
	out := &ICC{Single: (msr - mse) / d1, Average: (msr - mse) / dk, Targets: n, Judges: k, MSR: msr, MSC: msc, MSE: mse}
	out.SingleCI, out.AverageCI = icc2CI(out, 0.05)
	return out, nil
}

// icc2CI is the (1−alpha) confidence interval of ICC(2,1) — McGraw & Wong
// (1996), Table 7, case 2A — and of ICC(2,k) by the Spearman–Brown step-up of
// its bounds. nil when the residual variance is zero (the F ratios are
// infinite) or the degrees of freedom are degenerate.
func icc2CI(r *ICC, alpha float64) (single, average *[2]float64) {
	n, k := float64(r.Targets), float64(r.Judges)
	icc := r.Single
	if r.MSE <= 0 {
		return nil, nil
	}
	fj := r.MSC / r.MSE
	a := k*icc*fj + n*(1+(k-1)*icc) - k*icc
	vn := (k - 1) * (n - 1) * a * a
	b := n*(1+(k-1)*icc) - k*icc
	vd := (n-1)*k*k*icc*icc*fj*fj + b*b
	if vd <= 0 {
		return nil, nil
	}
	v := vn / vd
	fu := fQuantile(1-alpha/2, n-1, v)
	fl := fQuantile(1-alpha/2, v, n-1)
	if math.IsNaN(fu) || math.IsNaN(fl) {
		return nil, nil
	}
	lo := n * (r.MSR - fu*r.MSE) / (fu*(k*r.MSC+(k*n-k-n)*r.MSE) + n*r.MSR)
	hi := n * (fl*r.MSR - r.MSE) / (k*r.MSC + (k*n-k-n)*r.MSE + n*fl*r.MSR)
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return nil, nil
	}
	up := func(x float64) float64 { return k * x / (1 + (k-1)*x) }
	return &[2]float64{lo, hi}, &[2]float64{up(lo), up(hi)}
}

// Metric is a level of measurement for Krippendorff's alpha.
type Metric int

// Levels of measurement. Judges' rubric levels are ordinal; the others are
// here because Krippendorff's worked example reports all three, which checks
// the shared coincidence machinery.
const (
	Nominal Metric = iota
	Ordinal
	Interval
)

// KrippendorffAlpha computes Krippendorff's alpha for units, each the list of
// values the coders gave it (one value per coder who coded it; a coder who
// did not is simply absent). Units with fewer than two values are not
// pairable and are left out, as the method prescribes. The computation
// follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability":
// a coincidence matrix o_ck, its marginals n_c, and α = 1 − D_o/D_e with
// D_o = Σ o_ck δ²_ck / n and D_e = Σ n_c n_k δ²_ck / (n(n−1)).
func KrippendorffAlpha(units [][]int, metric Metric) (float64, int, error) {
	index := map[int]int{}
	var values []int
	for _, u := range units {
		if len(u) < 2 {
			continue
		}
		for _, v := range u {
			if _, ok := index[v]; !ok {
				index[v] = 0
				values = append(values, v)
			}
		}
	}
	sort.Ints(values)
	for i, v := range values {
		index[v] = i
	}
	nv := len(values)
	o := make([][]float64, nv)
	for i := range o {
		o[i] = make([]float64, nv)
	}
	pairable := 0
	for _, u := range units {
		m := len(u)
		if m < 2 {
			continue
		}
		pairable++
		w := 1 / float64(m-1)
		for i := range u {
			for j := range u {
				if i != j {
					o[index[u[i]]][index[u[j]]] += w
				}
			}
		}
	}
	marg := make([]float64, nv)
	total := 0.0
	for c := range o {
		for k := range o[c] {
			marg[c] += o[c][k]
		}
		total += marg[c]
	}
	if total < 2 {
		return math.NaN(), pairable, ErrNotComputable
	}
	delta := func(c, k int) float64 {
		switch metric {
		case Nominal:
			if c == k {
				return 0
			}
			return 1
		case Interval:
			d := float64(values[c] - values[k])
			return d * d
		default: // Ordinal
			lo, hi := min(c, k), max(c, k)
			s := 0.0
			for g := lo; g <= hi; g++ {
				s += marg[g]
			}
			s -= (marg[lo] + marg[hi]) / 2
			return s * s
		}
	}
	do, de := 0.0, 0.0
	for c := 0; c < nv; c++ {
		for k := 0; k < nv; k++ {
			d := delta(c, k)
			do += o[c][k] * d
			de += marg[c] * marg[k] * d
		}
	}
	if de == 0 {
		return math.NaN(), pairable, ErrNotComputable
	}
	return 1 - (total-1)*do/de, pairable, nil
}
