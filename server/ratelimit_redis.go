package server

import (
	"context"
	"log/slog"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisRateLimiter is a token bucket per key kept in Redis, so every instance
// behind a load balancer counts the same attempts. When Redis cannot be
// reached it falls back to a bucket in this process (each instance then
// limits on its own) rather than refusing everyone.
type RedisRateLimiter struct {
	rdb      redis.Cmdable
	prefix   string
	rate     float64
	burst    int
	fallback *MemoryRateLimiter
	log      *slog.Logger
	failing  atomic.Bool
	retryAt  atomic.Int64 // unix nanoseconds before which Redis is not tried again
}

var _ RateLimiter = (*RedisRateLimiter)(nil)

// tokenBucketScript refills the bucket at KEYS[1] by ARGV[1] tokens per
// second up to ARGV[2], on Redis's own clock (so instances' clocks do not
// matter), and takes one token if there is one. It returns {1, 0} when
// allowed, {0, wait seconds as a string} when not.
var tokenBucketScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'last')
local tokens = tonumber(b[1])
local last = tonumber(b[2])
if tokens == nil or last == nil then
  tokens = burst
  last = now
end
tokens = math.min(burst, tokens + math.max(0, now - last) * rate)
local ok = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  ok = 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'last', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {ok, tostring(wait)}
`)

// NewRedisRateLimiter allows burst attempts at once and rate per second
// after, per key, across every instance sharing rdb. Keys are stored under
// prefix + "ratelimit:".
func NewRedisRateLimiter(rdb redis.Cmdable, prefix string, rate float64, burst int, log *slog.Logger) *RedisRateLimiter {
	if log == nil {
		log = slog.Default()
	}
	return &RedisRateLimiter{rdb: rdb, prefix: prefix + "ratelimit:", rate: rate, burst: burst,
		fallback: NewMemoryRateLimiter(rate, burst), log: log}
}

// Allow implements RateLimiter.
func (l *RedisRateLimiter) Allow(ctx context.Context, key string) (bool, time.Duration) {
	if time.Now().UnixNano() < l.retryAt.Load() {
		return l.fallback.Allow(ctx, key) // Redis failed a moment ago: do not wait on it
	}
	ctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	res, err := tokenBucketScript.Run(ctx, l.rdb, []string{l.prefix + key},
		strconv.FormatFloat(l.rate, 'g', -1, 64), l.burst).Slice()
	if err == nil && len(res) == 2 {
		if l.failing.Swap(false) {
			l.log.Info("rate limits: Redis is back; limits are shared again")
		}
		ok, _ := res[0].(int64)
		waitStr, _ := res[1].(string)
		wait, _ := strconv.ParseFloat(waitStr, 64)
		return ok == 1, time.Duration(wait * float64(time.Second))
	}
	l.retryAt.Store(time.Now().Add(time.Second).UnixNano())
	if !l.failing.Swap(true) {
		l.log.Warn("rate limits: Redis unavailable; limiting per instance until it returns", "err", err)
	}
	return l.fallback.Allow(ctx, key)
}
