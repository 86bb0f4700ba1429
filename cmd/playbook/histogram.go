package main

import (
	"math"
	"math/bits"
	"sync/atomic"
	"time"
)

// histogram is an HDR-style log-linear histogram of durations in
// microseconds: every power of two is split into 128 linear sub-buckets, so
// any recorded value is reported within 1/128 (0.8%) of itself, from 1 µs to
// hours, in a fixed 64 KB of counters. Record is lock-free; it is safe for
// concurrent use.
type histogram struct {
	counts [histBuckets]atomic.Int64
	total  atomic.Int64
	sum    atomic.Int64
	max    atomic.Int64
}

const (
	histSubBits = 7
	histSub     = 1 << histSubBits // linear sub-buckets per power of two
	histBuckets = (64 - histSubBits + 1) * histSub
)

// histIndex maps a value (µs) to its bucket.
func histIndex(v int64) int {
	if v < histSub {
		return int(max(v, 0))
	}
	shift := bits.Len64(uint64(v)) - histSubBits - 1
	return (shift+1)*histSub + int(v>>shift) - histSub
}

// histHigh is the highest value that falls into bucket i.
func histHigh(i int) int64 {
	if i < histSub {
		return int64(i)
	}
	shift := i/histSub - 1
	m := int64(i%histSub + histSub)
	return (m+1)<<shift - 1
}

// Record adds one duration.
func (h *histogram) Record(d time.Duration) {
	v := d.Microseconds()
	if v < 0 {
		v = 0
	}
	h.counts[histIndex(v)].Add(1)
	h.total.Add(1)
	h.sum.Add(v)
	for {
		m := h.max.Load()
		if v <= m || h.max.CompareAndSwap(m, v) {
			return
		}
	}
}

// Count returns how many values were recorded.
func (h *histogram) Count() int64 { return h.total.Load() }

// Max returns the largest value recorded.
func (h *histogram) Max() time.Duration { return time.Duration(h.max.Load()) * time.Microsecond }

// Mean returns the average value.
func (h *histogram) Mean() time.Duration {
	n := h.total.Load()
	if n == 0 {
		return 0
	}
	return time.Duration(h.sum.Load()/n) * time.Microsecond
}

// Quantile returns the value below or at which a fraction q of the values
// lie (the highest value of that bucket, never above the maximum).
func (h *histogram) Quantile(q float64) time.Duration {
	n := h.total.Load()
	if n == 0 {
		return 0
	}
	rank := int64(math.Ceil(q * float64(n)))
	rank = min(max(rank, 1), n)
	var seen int64
	for i := range h.counts {
		seen += h.counts[i].Load()
		if seen >= rank {
			return time.Duration(min(histHigh(i), h.max.Load())) * time.Microsecond
		}
	}
	return h.Max()
}

func ms(d time.Duration) float64 { return math.Round(float64(d.Microseconds())/10) / 100 }
