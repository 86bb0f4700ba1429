package server_test

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"playbook/server"
	"playbook/store/storetest"
)

func redisClient(t *testing.T, url string) *redis.Client {
	t.Helper()
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	opt.MaxRetries = -1
	opt.DialTimeout = 200 * time.Millisecond
	c := redis.NewClient(opt)
	t.Cleanup(func() { c.Close() })
	return c
}

// Two instances share one Redis: attempts on either count against the same
// bucket, and a refusal says how long to wait.
func TestRedisRateLimiterIsSharedBetweenInstances(t *testing.T) {
	url := storetest.RedisURL(t)
	prefix := fmt.Sprintf("test%d:", time.Now().UnixNano())
	a := server.NewRedisRateLimiter(redisClient(t, url), prefix, 0.5, 3, nil)
	b := server.NewRedisRateLimiter(redisClient(t, url), prefix, 0.5, 3, nil)
	ctx := context.Background()
	for i, l := range []*server.RedisRateLimiter{a, b, a} {
		if ok, _ := l.Allow(ctx, "join:10.0.0.1"); !ok {
			t.Fatalf("attempt %d within the burst refused", i+1)
		}
	}
	ok, wait := b.Allow(ctx, "join:10.0.0.1")
	if ok {
		t.Fatal("fourth attempt allowed: the instances do not share the bucket")
	}
	if wait <= 0 || wait > 2*time.Second {
		t.Fatalf("retry after %v, want (0, 2s]", wait)
	}
	if ok, _ := a.Allow(ctx, "join:10.0.0.2"); !ok {
		t.Fatal("another address is limited too")
	}
}

// Without Redis each instance still limits on its own.
func TestRedisRateLimiterFallsBackWhenRedisIsDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	l := server.NewRedisRateLimiter(redisClient(t, "redis://"+addr+"/0"), "x:", 0.1, 2, nil)
	ctx := context.Background()
	for i := range 2 {
		if ok, _ := l.Allow(ctx, "k"); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	if ok, wait := l.Allow(ctx, "k"); ok || wait <= 0 {
		t.Fatalf("third attempt: ok=%v wait=%v; want refused by the local fallback", ok, wait)
	}
}
