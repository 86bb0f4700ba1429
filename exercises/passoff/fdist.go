package passoff

import "math"

// The F distribution, for the confidence intervals of the ICC. Degrees of
// freedom may be fractional (Satterthwaite's approximation gives them so).

// regIncBeta is the regularized incomplete beta function I_x(a, b), by the
// continued fraction of Numerical Recipes (§6.4), evaluated with the modified
// Lentz method; the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) keeps the fraction
// in the range where it converges fast.
func regIncBeta(x, a, b float64) float64 {
	switch {
	case math.IsNaN(x) || a <= 0 || b <= 0:
		return math.NaN()
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	la, _ := math.Lgamma(a + b)
	lb, _ := math.Lgamma(a)
	lc, _ := math.Lgamma(b)
	front := math.Exp(la - lb - lc + a*math.Log(x) + b*math.Log1p(-x))
	if x < (a+1)/(a+b+2) {
		return front * betaCF(x, a, b) / a
	}
	return 1 - front*betaCF(1-x, b, a)/b
}

func betaCF(x, a, b float64) float64 {
	const (
		maxIter = 500
		eps     = 1e-15
		tiny    = 1e-300
	)
	qab, qap, qam := a+b, a+1, a-1
	c, d := 1.0, 1-qab*x/qap
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= maxIter; m++ {
		fm := float64(m)
		m2 := 2 * fm
		aa := fm * (b - fm) * x / ((qam + m2) * (a + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		aa = -(a + fm) * (qab + fm) * x / ((a + m2) * (qap + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < eps {
			break
		}
	}
	return h
}

// fCDF is P(F ≤ f) for the F distribution with d1 and d2 degrees of freedom.
func fCDF(f, d1, d2 float64) float64 {
	if f <= 0 {
		return 0
	}
	if math.IsInf(f, 1) {
		return 1
	}
	return regIncBeta(d1*f/(d1*f+d2), d1/2, d2/2)
}

// fQuantile is the f with P(F ≤ f) = p, found by bisection on the CDF (which
// is monotone); NaN when the degrees of freedom are not positive and finite.
func fQuantile(p, d1, d2 float64) float64 {
	if !(p > 0 && p < 1) || !(d1 > 0) || !(d2 > 0) || math.IsInf(d1, 0) || math.IsInf(d2, 0) {
		return math.NaN()
	}
	lo, hi := 0.0, 1.0
	for fCDF(hi, d1, d2) < p {
		lo, hi = hi, hi*2
		if hi > 1e12 {
			return math.NaN()
		}
	}
	for i := 0; i < 200 && hi-lo > 1e-13*hi; i++ {
		mid := (lo + hi) / 2
		if fCDF(mid, d1, d2) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}
