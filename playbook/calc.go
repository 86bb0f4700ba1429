package playbook

import (
	"math/big"
	"sort"
)

// SplitLargestRemainder divides total (≥ 0) into parts proportional to
// weights (each ≥ 0) so that the parts add up to total exactly: every part
// gets the floor of its share, and the units left over go one each to the
// parts with the largest remainders (earlier parts first on a tie). With no
// weight above zero, total is split evenly the same way.
func SplitLargestRemainder(total int64, weights []int64) []int64 {
	n := len(weights)
	out := make([]int64, n)
	if n == 0 || total <= 0 {
		return out
	}
	w := make([]int64, n)
	var sum int64
	for i, x := range weights {
		if x > 0 {
			w[i] = x
			sum += x
		}
	}
	if sum == 0 {
		for i := range w {
			w[i] = 1
		}
		sum = int64(n)
	}
	bigSum := big.NewInt(sum)
	rems := make([]*big.Int, n)
	var given int64
	for i, x := range w {
		q, r := new(big.Int).QuoRem(new(big.Int).Mul(big.NewInt(total), big.NewInt(x)), bigSum, new(big.Int))
		out[i] = q.Int64()
		rems[i] = r
		given += out[i]
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rems[order[a]].Cmp(rems[order[b]]) > 0 })
	for k := int64(0); k < total-given; k++ {
		out[order[k%int64(n)]]++
	}
	return out
}

// ExistingRevenue is the existing-customer target: last year's revenue ×
// retention % × (100 + growth %) ÷ 10,000, rounded half up to the minor unit.
func ExistingRevenue(lastYear int64, retentionPct, growthPct int) int64 {
	if lastYear <= 0 || retentionPct <= 0 || growthPct <= -100 {
		return 0
	}
	num := new(big.Int).Mul(big.NewInt(lastYear), big.NewInt(int64(retentionPct)*int64(100+growthPct)))
	num.Add(num, big.NewInt(5000))
	return num.Quo(num, big.NewInt(10000)).Int64()
}
