package realtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisBroker is the Broker of several instances: every instance publishes to
// Redis channels and receives, over one pub/sub connection, the channels of
// the workshops it has local rooms in.
//
// Nothing on a connection's path waits for Redis: Subscribe and the returned
// unsubscribe only record what is wanted, and a background goroutine brings
// Redis's subscriptions in line. When Redis is lost the instance keeps serving
// its own connections; when it returns the subscriptions are re-established,
// and each (re)confirmed subscription is reported to its handlers as a nil
// message, meaning "messages may have been lost": the hub then reads the
// sequence of every local board of that workshop from the database and
// catches its subscribers up. The first confirmation after Subscribe is
// reported the same way, which closes the window between a room reading its
// board and Redis delivering the channel.
type RedisBroker struct {
	rdb    *redis.Client
	ps     *redis.PubSub
	prefix string
	log    *slog.Logger
	up     atomic.Bool
	onUp   func(bool)

	mu       sync.Mutex
	next     int
	handlers map[string]map[int]func([]byte) // by topic (without prefix)
	wake     chan struct{}

	ctx    context.Context
	cancel context.CancelFunc
	done   sync.WaitGroup
}

// RedisOptions tune a RedisBroker.
type RedisOptions struct {
	// Prefix is put before every channel name, so several deployments (or
	// tests) can share one Redis. Default "playbook:".
	Prefix string
	Log    *slog.Logger
	// OnState is called (from the broker's goroutine) when the connection to
	// Redis is lost (false) or established again (true).
	OnState func(up bool)
}

var _ Broker = (*RedisBroker)(nil)
var _ BatchPublisher = (*RedisBroker)(nil)

// NewRedisBroker starts a broker over rdb. It does not wait for Redis: an
// unreachable Redis is retried in the background. Close stops it.
func NewRedisBroker(rdb *redis.Client, o RedisOptions) *RedisBroker {
	if o.Prefix == "" {
		o.Prefix = "playbook:"
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	b := &RedisBroker{
		rdb: rdb, ps: rdb.Subscribe(ctx), prefix: o.Prefix, log: o.Log, onUp: o.OnState,
		handlers: map[string]map[int]func([]byte){},
		wake:     make(chan struct{}, 1),
		ctx:      ctx, cancel: cancel,
	}
	b.done.Add(2)
	go b.receiveLoop()
	go b.reconcileLoop()
	return b
}

// RedisClientOptions parses a redis:// URL into client options tuned for a
// broker: short timeouts and few retries, so a lost Redis is noticed quickly
// and never holds up the instance.
func RedisClientOptions(url string) (*redis.Options, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, err
	}
	opt.DialTimeout = time.Second
	opt.ReadTimeout = 2 * time.Second
	opt.WriteTimeout = 2 * time.Second
	opt.MaxRetries = 1
	opt.DialerRetries = 1
	opt.DialerRetryTimeout = 50 * time.Millisecond
	opt.MinRetryBackoff = 50 * time.Millisecond
	opt.MaxRetryBackoff = 200 * time.Millisecond
	opt.ContextTimeoutEnabled = true
	return opt, nil
}

// QuietRedisLogs sends go-redis's own log lines (every failed dial while
// Redis is down) to log at debug level; the broker reports losing and
// regaining Redis itself.
func QuietRedisLogs(log *slog.Logger) {
	redis.SetLogger(redisLogger{log})
}

type redisLogger struct{ log *slog.Logger }

func (l redisLogger) Printf(ctx context.Context, format string, v ...any) {
	l.log.Debug("redis: " + fmt.Sprintf(format, v...))
}

// Up reports whether the pub/sub connection to Redis is working.
func (b *RedisBroker) Up() bool { return b.up.Load() }

// Close unsubscribes everything and stops the background goroutines. It does
// not close the Redis client, which the caller owns.
func (b *RedisBroker) Close() error {
	b.cancel()
	err := b.ps.Close()
	b.done.Wait()
	return err
}

// Publish implements Broker.
func (b *RedisBroker) Publish(ctx context.Context, topic string, msg []byte) error {
	return b.rdb.Publish(ctx, b.prefix+topic, msg).Err()
}

// PublishBatch implements BatchPublisher: one round trip for many messages.
func (b *RedisBroker) PublishBatch(ctx context.Context, msgs []TopicMessage) error {
	if len(msgs) == 1 {
		return b.Publish(ctx, msgs[0].Topic, msgs[0].Data)
	}
	_, err := b.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, m := range msgs {
			p.Publish(ctx, b.prefix+m.Topic, m.Data)
		}
		return nil
	})
	return err
}

// Subscribe implements Broker. It never waits for Redis.
func (b *RedisBroker) Subscribe(_ context.Context, topic string, h func([]byte)) (func(), error) {
	b.mu.Lock()
	b.next++
	id := b.next
	if b.handlers[topic] == nil {
		b.handlers[topic] = map[int]func([]byte){}
	}
	b.handlers[topic][id] = h
	b.mu.Unlock()
	b.poke()
	var once sync.Once
	return func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.handlers[topic], id)
			if len(b.handlers[topic]) == 0 {
				delete(b.handlers, topic)
			}
			b.mu.Unlock()
			b.poke()
		})
	}, nil
}

func (b *RedisBroker) poke() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// reconcileLoop subscribes to the channels wanted and unsubscribes from those
// no longer wanted. go-redis remembers the channels even when Redis cannot be
// reached and subscribes to them again whenever it reconnects, so one attempt
// per change is enough; a failed attempt is retried anyway.
func (b *RedisBroker) reconcileLoop() {
	defer b.done.Done()
	have := map[string]bool{}
	retry := time.NewTicker(time.Second)
	defer retry.Stop()
	failed := false
	for {
		select {
		case <-b.ctx.Done():
			return
		case <-b.wake:
		case <-retry.C:
			if !failed {
				continue
			}
		}
		b.mu.Lock()
		var add, remove []string
		for topic := range b.handlers {
			if !have[topic] {
				add = append(add, b.prefix+topic)
			}
		}
		for topic := range have {
			if b.handlers[topic] == nil {
				remove = append(remove, b.prefix+topic)
			}
		}
		b.mu.Unlock()
		failed = false
		if len(add) > 0 {
			ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
			if err := b.ps.Subscribe(ctx, add...); err != nil && b.ctx.Err() == nil {
				failed = true // recorded by go-redis all the same; retried on reconnect
			}
			cancel()
			for _, c := range add {
				have[strings.TrimPrefix(c, b.prefix)] = true
			}
		}
		if len(remove) > 0 {
			ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
			if err := b.ps.Unsubscribe(ctx, remove...); err != nil && b.ctx.Err() == nil {
				failed = true
			}
			cancel()
			for _, c := range remove {
				delete(have, strings.TrimPrefix(c, b.prefix))
			}
		}
	}
}

// receiveLoop reads the pub/sub connection: messages go to their topic's
// handlers; confirmations of subscriptions become nil messages (resync);
// errors mark Redis as lost until the connection works again.
func (b *RedisBroker) receiveLoop() {
	defer b.done.Done()
	backoff := 50 * time.Millisecond
	for b.ctx.Err() == nil {
		msg, err := b.ps.ReceiveTimeout(b.ctx, 3*time.Second)
		if err != nil {
			if b.ctx.Err() != nil {
				return
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				// Quiet: make sure the connection is still alive.
				ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
				err = b.ps.Ping(ctx)
				cancel()
				if err == nil {
					b.setUp(true)
					continue
				}
			}
			b.setUp(false)
			select {
			case <-b.ctx.Done():
				return
			case <-time.After(backoff):
			}
			backoff = min(backoff*2, 500*time.Millisecond)
			continue
		}
		backoff = 50 * time.Millisecond
		b.setUp(true)
		switch m := msg.(type) {
		case *redis.Message:
			b.dispatch(strings.TrimPrefix(m.Channel, b.prefix), []byte(m.Payload))
		case *redis.Subscription:
			if m.Kind == "subscribe" {
				b.dispatch(strings.TrimPrefix(m.Channel, b.prefix), nil)
			}
		}
	}
}

func (b *RedisBroker) dispatch(topic string, data []byte) {
	b.mu.Lock()
	hs := make([]func([]byte), 0, len(b.handlers[topic]))
	for _, h := range b.handlers[topic] {
		hs = append(hs, h)
	}
	b.mu.Unlock()
	for _, h := range hs {
		h(data)
	}
}

func (b *RedisBroker) setUp(up bool) {
	if b.up.Swap(up) == up {
		return
	}
	if up {
		b.log.Info("redis: connected; resynchronising this instance's boards")
	} else {
		b.log.Warn("redis: connection lost; serving this instance's connections alone until it returns")
	}
	if b.onUp != nil {
		b.onUp(up)
	}
}
