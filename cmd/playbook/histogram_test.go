package main

import (
	"testing"
	"time"
)

func TestHistogramBucketsCoverEveryValueWithinOnePercent(t *testing.T) {
	for _, v := range []int64{0, 1, 127, 128, 129, 255, 256, 1000, 4095, 4096, 123456, 1 << 40, 1<<62 + 12345} {
		i := histIndex(v)
		if i < 0 || i >= histBuckets {
			t.Fatalf("value %d: bucket %d out of range", v, i)
		}
		hi := histHigh(i)
		if hi < v {
			t.Fatalf("value %d: bucket %d ends at %d, below it", v, i, hi)
		}
		if v >= histSub && float64(hi-v) > float64(v)/histSub {
			t.Fatalf("value %d reported as %d: more than 1/%d off", v, hi, histSub)
		}
		if i > 0 && histHigh(i-1) >= v {
			t.Fatalf("value %d also fits bucket %d", v, i-1)
		}
	}
}

func TestHistogramQuantiles(t *testing.T) {
	tests := []struct {
		name   string
		values []time.Duration
		q      float64
		want   time.Duration
	}{
		{"empty", nil, 0.99, 0},
		{"one value", []time.Duration{5 * time.Millisecond}, 0.5, 5 * time.Millisecond},
		{"median of 1..100 ms", seq(100, time.Millisecond), 0.5, 50 * time.Millisecond},
		{"p99 of 1..100 ms", seq(100, time.Millisecond), 0.99, 99 * time.Millisecond},
		{"p99.9 picks the outlier", append(seq(999, time.Microsecond*10), time.Second), 0.9999, time.Second},
		{"max", seq(10, time.Millisecond), 1, 10 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h histogram
			for _, v := range tt.values {
				h.Record(v)
			}
			got := h.Quantile(tt.q)
			if diff := got - tt.want; diff < 0 || float64(diff) > float64(tt.want)/histSub+float64(time.Microsecond) {
				t.Fatalf("quantile %v = %v, want %v (within 1/%d above)", tt.q, got, tt.want, histSub)
			}
		})
	}
}

func seq(n int, unit time.Duration) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = time.Duration(i+1) * unit
	}
	return out
}
