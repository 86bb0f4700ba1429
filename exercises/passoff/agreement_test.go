package passoff

import (
	"errors"
	"math"
	"testing"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.6f, want %.6f (±%g)", what, got, want, tol)
	}
}

// Shrout, P. E., & Fleiss, J. L. (1979). Intraclass correlations: uses in
// assessing rater reliability. Psychological Bulletin, 86(2), 420–428.
// Table 2: four judges rate six targets. Table 4 reports, among others,
// ICC(2,1) = .29 and ICC(2,4) = .62. The mean squares of Table 3 are
// BMS = 11.24, JMS = 32.49, EMS = 1.02.
var shroutFleiss = [][]float64{
	{9, 2, 5, 8},
	{6, 1, 3, 2},
	{8, 4, 6, 8},
	{7, 1, 2, 6},
	{10, 5, 6, 9},
	{6, 2, 4, 7},
}

func TestICCShroutFleissExample(t *testing.T) {
	r, err := ComputeICC(shroutFleiss)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "ICC(2,1)", r.Single, 0.29, 0.005)
	near(t, "ICC(2,k)", r.Average, 0.62, 0.005)
	near(t, "BMS", r.MSR, 11.24, 0.005)
	near(t, "JMS", r.MSC, 32.49, 0.005)
	near(t, "EMS", r.MSE, 1.02, 0.005)
	// The 95% intervals, as R's psych::ICC (psych 2.2.9, Debian r-cran-psych)
	// prints them for the same matrix:
	//   Single_random_raters   ICC2   0.29  lower 0.018786605  upper 0.76108471
	//   Average_random_raters  ICC2k  0.62  lower 0.071137142  upper 0.92723217
	if r.SingleCI == nil || r.AverageCI == nil {
		t.Fatal("no confidence interval")
	}
	near(t, "ICC(2,1) lower", r.SingleCI[0], 0.018786605, 1e-5)
	near(t, "ICC(2,1) upper", r.SingleCI[1], 0.76108471, 1e-5)
	near(t, "ICC(2,k) lower", r.AverageCI[0], 0.071137142, 1e-5)
	near(t, "ICC(2,k) upper", r.AverageCI[1], 0.92723217, 1e-5)
}

func TestICCNeedsVarianceAndAPanel(t *testing.T) {
	for name, m := range map[string][][]float64{
		"one target":   {{3, 4}},
		"one judge":    {{3}, {4}},
		"all the same": {{3, 3}, {3, 3}, {3, 3}},
	} {
		if _, err := ComputeICC(m); !errors.Is(err, ErrNotComputable) {
			t.Errorf("%s: err %v, want ErrNotComputable", name, err)
		}
	}
	// Perfect agreement with variance between targets is 1 (no residual:
	// no interval either).
	r, err := ComputeICC([][]float64{{1, 1}, {3, 3}, {5, 5}})
	if err != nil || r.Single != 1 || r.Average != 1 || r.SingleCI != nil {
		t.Fatalf("perfect agreement: %+v %v", r, err)
	}
}

// Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
// Annenberg School for Communication Departmental Papers 43, section C
// ("multiple coders, with missing values"): four observers, twelve units,
// values 1–5. The paper reports α = 0.743 (nominal), 0.815 (ordinal) and
// 0.849 (interval). 0 stands for "not coded" here.
var krippendorff2011 = [][]int{
	// A  B  C  D
	{1, 1, 0, 1},
	{2, 2, 3, 2},
	{3, 3, 3, 3},
	{3, 3, 3, 3},
	{2, 2, 2, 2},
	{1, 2, 3, 4},
	{4, 4, 4, 4},
	{1, 1, 2, 1},
	{2, 2, 2, 2},
	{0, 5, 5, 5},
	{0, 0, 1, 1},
	{0, 3, 0, 0},
}

func unitsOf(rows [][]int) [][]int {
	var units [][]int
	for _, row := range rows {
		var u []int
		for _, v := range row {
			if v != 0 {
				u = append(u, v)
			}
		}
		units = append(units, u)
	}
	return units
}

func TestKrippendorffWorkedExample(t *testing.T) {
	units := unitsOf(krippendorff2011)
	for _, c := range []struct {
		metric Metric
		name   string
		want   float64
	}{{Nominal, "nominal", 0.743}, {Ordinal, "ordinal", 0.815}, {Interval, "interval", 0.849}} {
		a, pairable, err := KrippendorffAlpha(units, c.metric)
		if err != nil {
			t.Fatal(err)
		}
		near(t, c.name+" alpha", a, c.want, 0.0005)
		if pairable != 11 { // unit 12 has one value
			t.Errorf("%d pairable units, want 11", pairable)
		}
	}
}

// A case small enough to do by hand. Two judges, three units: (1,1), (1,2),
// (2,2). Coincidences: o11 = 2, o12 = o21 = 1, o22 = 2; n1 = n2 = 3, n = 6.
// With two values the ordinal δ² of (1,2) is (n1 + n2 − (n1+n2)/2)² = 9.
// D_o ∝ (o12 + o21)·9 = 18; D_e ∝ 2·n1·n2·9/(n−1) = 162/5.
// α = 1 − 18 / 32.4 = 0.4444…; nominal gives the same (δ² = 1 throughout).
func TestKrippendorffByHand(t *testing.T) {
	units := [][]int{{1, 1}, {1, 2}, {2, 2}}
	for _, m := range []Metric{Nominal, Ordinal, Interval} {
		a, _, err := KrippendorffAlpha(units, m)
		if err != nil {
			t.Fatal(err)
		}
		near(t, "alpha", a, 1-18/32.4, 1e-12)
	}
	if _, _, err := KrippendorffAlpha([][]int{{3, 3}, {3, 3}}, Ordinal); !errors.Is(err, ErrNotComputable) {
		t.Fatalf("no variation: %v", err)
	}
	if _, _, err := KrippendorffAlpha([][]int{{3}, {4}}, Ordinal); !errors.Is(err, ErrNotComputable) {
		t.Fatalf("nothing pairable: %v", err)
	}
}

// Reference quantiles of the F distribution from R's qf (R 4.2.2):
// qf(.95, 5, 15) = 2.901294536 (also in printed F tables: 2.90),
// qf(.975, 3, 10) = 4.825621493, qf(.5, 1, 1) = 1, and with a fractional
// degree of freedom as Satterthwaite's approximation gives,
// qf(.975, 5, 2.37) = 24.77149887.
func TestFQuantile(t *testing.T) {
	for _, c := range []struct{ p, d1, d2, want float64 }{
		{0.95, 5, 15, 2.901295},
		{0.975, 3, 10, 4.825621},
		{0.5, 1, 1, 1},
		{0.975, 5, 2.37, 24.77149887},
	} {
		near(t, "qf", fQuantile(c.p, c.d1, c.d2), c.want, 1e-4*c.want)
	}
	if !math.IsNaN(fQuantile(0.95, 0, 3)) {
		t.Fatal("zero degrees of freedom gave a number")
	}
}
