package server

import (
	"context"
	"math"
	"sync"
	"time"
)

// RateLimiter decides whether one more attempt under key is allowed now, and
// if not, how long to wait. The memory one serves a single instance; with
// Redis configured, instances share one.
type RateLimiter interface {
	Allow(ctx context.Context, key string) (ok bool, retryAfter time.Duration)
}

// MemoryRateLimiter is a token bucket per key, in this process.
type MemoryRateLimiter struct {
	rate  float64
	burst float64

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
	now       func() time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

var _ RateLimiter = (*MemoryRateLimiter)(nil)

// NewMemoryRateLimiter allows burst attempts at once and rate per second after.
func NewMemoryRateLimiter(rate float64, burst int) *MemoryRateLimiter {
	return &MemoryRateLimiter{rate: rate, burst: float64(burst), buckets: map[string]*bucket{}, now: time.Now}
}

// Allow implements RateLimiter.
func (l *MemoryRateLimiter) Allow(_ context.Context, key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.lastSweep) > time.Minute {
		full := time.Duration(l.burst / l.rate * float64(time.Second))
		for k, b := range l.buckets {
			if now.Sub(b.last) > full {
				delete(l.buckets, k)
			}
		}
		l.lastSweep = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	return false, wait
}
