package realtime

import (
	"context"
	"sync"
)

// Broker carries committed operations and room events between instances. Each
// instance publishes what it commits and delivers what it receives to its own
// connections; ordering and gap repair come from the database's sequence
// numbers, so a broker may lose messages without losing data.
type Broker interface {
	// Publish sends msg to every subscriber of topic, on every instance.
	Publish(ctx context.Context, topic string, msg []byte) error
	// Subscribe calls h for every message published to topic until the
	// returned function is called. h must not block for long. Subscribe must
	// not wait on the network (the hub calls it while holding its lock).
	// A broker that may lose messages calls h(nil) whenever messages may have
	// been lost (the subscription was established or re-established); the hub
	// then resynchronises that topic's boards from the database.
	Subscribe(ctx context.Context, topic string, h func(msg []byte)) (unsubscribe func(), err error)
}

// TopicMessage is one message for PublishBatch.
type TopicMessage struct {
	Topic string
	Data  []byte
}

// BatchPublisher is implemented by brokers that can publish many messages in
// one round trip; the hub uses it when messages queue up.
type BatchPublisher interface {
	PublishBatch(ctx context.Context, msgs []TopicMessage) error
}

// MemoryBroker is the single-process broker: Publish calls every handler
// subscribed in this process. Several hubs sharing one MemoryBroker behave like
// several instances sharing Redis, which tests use.
type MemoryBroker struct {
	mu   sync.RWMutex
	next int
	subs map[string]map[int]func([]byte)
}

var _ Broker = (*MemoryBroker)(nil)

// NewMemoryBroker returns an empty in-process broker.
func NewMemoryBroker() *MemoryBroker {
	return &MemoryBroker{subs: map[string]map[int]func([]byte){}}
}

// Publish implements Broker.
func (b *MemoryBroker) Publish(_ context.Context, topic string, msg []byte) error {
	b.mu.RLock()
	handlers := make([]func([]byte), 0, len(b.subs[topic]))
	for _, h := range b.subs[topic] {
		handlers = append(handlers, h)
	}
	b.mu.RUnlock()
	for _, h := range handlers {
		h(msg)
	}
	return nil
}

// Subscribe implements Broker.
func (b *MemoryBroker) Subscribe(_ context.Context, topic string, h func([]byte)) (func(), error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next++
	id := b.next
	if b.subs[topic] == nil {
		b.subs[topic] = map[int]func([]byte){}
	}
	b.subs[topic][id] = h
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.subs[topic], id)
		if len(b.subs[topic]) == 0 {
			delete(b.subs, topic)
		}
	}, nil
}
