package realtime_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"playbook/realtime"
	"playbook/realtime/redistest"
	"playbook/server/servertest"
	"playbook/store/storetest"
)

func redisBroker(t *testing.T, url string, prefix ...string) *realtime.RedisBroker {
	t.Helper()
	p := fmt.Sprintf("t%d:", time.Now().UnixNano())
	if len(prefix) > 0 {
		p = prefix[0]
	}
	opt, err := realtime.RedisClientOptions(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	b := realtime.NewRedisBroker(rdb, realtime.RedisOptions{Prefix: p})
	t.Cleanup(func() { b.Close(); rdb.Close() })
	return b
}

// inbox collects what a subscription receives; nil messages (resync
// signals) are counted apart.
type inbox struct {
	mu     sync.Mutex
	msgs   []string
	resync atomic.Int32
	got    chan struct{}
}

func newInbox() *inbox { return &inbox{got: make(chan struct{}, 100)} }

func (in *inbox) handle(msg []byte) {
	if msg == nil {
		in.resync.Add(1)
	} else {
		in.mu.Lock()
		in.msgs = append(in.msgs, string(msg))
		in.mu.Unlock()
	}
	select {
	case in.got <- struct{}{}:
	default:
	}
}

func (in *inbox) has(msg string) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	for _, m := range in.msgs {
		if m == msg {
			return true
		}
	}
	return false
}

func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", within, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// publishUntil publishes msg every 20 ms until every inbox has it: right
// after a (re)subscription Redis may not yet deliver the channel.
func publishUntil(t *testing.T, b *realtime.RedisBroker, topic, msg string, ins ...*inbox) {
	t.Helper()
	eventually(t, 5*time.Second, "message "+msg+" delivered", func() bool {
		b.Publish(context.Background(), topic, []byte(msg))
		time.Sleep(20 * time.Millisecond)
		for _, in := range ins {
			if !in.has(msg) {
				return false
			}
		}
		return true
	})
}

// Subscribing never waits for Redis, even when Redis is down; once Redis is
// there the subscription is made and announced with a nil message.
func TestRedisBrokerSubscribeNeverWaitsForRedis(t *testing.T) {
	rs := redistest.Start(t)
	rs.Stop()
	b := redisBroker(t, rs.URL)
	in := newInbox()
	start := time.Now()
	unsub, err := b.Subscribe(context.Background(), "workshop:a", in.handle)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Fatalf("Subscribe took %v with Redis down", d)
	}
	if err := b.Publish(context.Background(), "workshop:a", []byte("lost")); err == nil {
		t.Fatal("publish succeeded with Redis down")
	}
	if b.Up() {
		t.Fatal("broker reports Redis up while it is down")
	}
	rs.Restart()
	eventually(t, 5*time.Second, "subscription confirmed after Redis started", func() bool { return in.resync.Load() >= 1 })
	publishUntil(t, b, "workshop:a", "hello", in)
	start = time.Now()
	unsub()
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Fatalf("unsubscribe took %v", d)
	}
}

// Two brokers (two instances) on one Redis: messages cross; after Redis is
// restarted both resubscribe by themselves and signal a resync.
func TestRedisBrokerResubscribesAfterRestart(t *testing.T) {
	rs := redistest.Start(t)
	a, b := redisBroker(t, rs.URL, "x:"), redisBroker(t, rs.URL, "x:")
	ina, inb := newInbox(), newInbox()
	a.Subscribe(context.Background(), "w1", ina.handle)
	b.Subscribe(context.Background(), "w1", inb.handle)
	eventually(t, 5*time.Second, "both subscribed", func() bool { return ina.resync.Load() == 1 && inb.resync.Load() == 1 })
	publishUntil(t, a, "w1", "one", ina, inb)

	rs.Stop()
	eventually(t, 5*time.Second, "loss noticed", func() bool { return !a.Up() })
	if err := a.Publish(context.Background(), "w1", []byte("during")); err == nil {
		t.Fatal("publish succeeded with Redis down")
	}
	rs.Restart()
	eventually(t, 5*time.Second, "resubscribed after restart", func() bool { return ina.resync.Load() >= 2 })
	publishUntil(t, a, "w1", "two", ina, inb)
	if inb.resync.Load() < 2 {
		t.Fatal("b's resubscription was not announced")
	}
	if ina.has("during") {
		t.Fatal("a message published while Redis was down arrived")
	}
}

// switchBroker is a broker an instance can be cut off from, as if it had
// crashed: while mute, what it publishes is lost.
type switchBroker struct {
	realtime.Broker
	mute atomic.Bool
}

func (s *switchBroker) Publish(ctx context.Context, topic string, msg []byte) error {
	if s.mute.Load() {
		return nil
	}
	return s.Broker.Publish(ctx, topic, msg)
}

// instances starts two servers (instances) on one database, each with its
// own broker from mk, and a workshop with members of group 1 on different
// instances: ann on the first, bob on the second.
type twoInstances struct {
	s1, s2   *servertest.Server
	ws       *servertest.Workshop
	board    string
	annWS    *servertest.WS
	bobWS    *servertest.WS
	trainer1 *servertest.Client
	b1, b2   realtime.Broker
}

func startTwoInstances(t *testing.T, b storetest.Backend, hub realtime.Options, mk func() realtime.Broker) *twoInstances {
	st := storetest.Open(t, b)
	b1, b2 := mk(), mk()
	s1 := servertest.StartOn(t, st, servertest.Options{Hub: hub, Broker: b1})
	s2 := servertest.StartOn(t, st, servertest.Options{Hub: hub, Broker: b2})
	tr := s1.Trainer("李老师", "li@example.com")
	w := tr.CreateWorkshop(2)
	ti := &twoInstances{s1: s1, s2: s2, b1: b1, b2: b2, ws: w, trainer1: tr, board: tr.Board(w.ID, "1.1", w.Groups[0].ID)}
	ann, _ := s1.Join(w.JoinCode, "王芳", w.Groups[0].ID)
	bob, _ := s2.Join(w.JoinCode, "张伟", w.Groups[0].ID)
	ti.annWS = ann.Dial(w.ID, "participant")
	ti.bobWS = bob.Dial(w.ID, "participant")
	ti.annWS.Subscribe(ti.board, -1)
	ti.bobWS.Subscribe(ti.board, -1)
	return ti
}

// waitPresence reads until a presence frame lists exactly names.
func waitPresence(t *testing.T, ws *servertest.WS, within time.Duration, names ...string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		m, err := ws.TryNext(time.Until(deadline))
		if err != nil {
			t.Fatalf("presence %v never came: %v", names, err)
		}
		if m["type"] != "presence" {
			continue
		}
		members := m["members"].([]any)
		if len(members) != len(names) {
			continue
		}
		ok := true
		for i, mm := range members {
			if mm.(map[string]any)["name"] != names[i] {
				ok = false
			}
		}
		if ok {
			return
		}
	}
}

// Members of one group on different instances see each other's edits and
// presence; when one instance stops announcing (it crashed), its members
// disappear from the others' presence.
func TestInstancesShareBoardsAndPresence(t *testing.T) {
	brokers := map[string]func(t *testing.T) func() realtime.Broker{
		"memory": func(t *testing.T) func() realtime.Broker {
			mb := realtime.NewMemoryBroker()
			return func() realtime.Broker { return &switchBroker{Broker: mb} }
		},
		"redis": func(t *testing.T) func() realtime.Broker {
			url := redistest.Start(t).URL
			return func() realtime.Broker { return &switchBroker{Broker: redisBroker(t, url, "p:")} }
		},
	}
	for _, name := range []string{"memory", "redis"} {
		for _, b := range storetest.Backends(t) {
			t.Run(name+"/"+b.Name, func(t *testing.T) {
				ti := startTwoInstances(t, b, realtime.Options{PresenceInterval: 100 * time.Millisecond}, brokers[name](t))
				// Zhang sees Wang, who is on the other instance.
				waitPresence(t, ti.bobWS, 5*time.Second, "张伟", "王芳")
				waitPresence(t, ti.annWS, 5*time.Second, "张伟", "王芳")

				ti.annWS.Op(ti.board, "a1", addNote("n1", "目标拍脑袋定的"))
				ev, _ := ti.bobWS.WaitOp(ti.board, 1)
				if ev["id"] != "a1" {
					t.Fatalf("bob got %v", ev)
				}
				ti.bobWS.Op(ti.board, "b1", addNote("n2", "没有过程管控"))
				ti.annWS.WaitOp(ti.board, 2)

				// Instance 2 falls silent: within 3 intervals (plus slack)
				// Wang no longer sees Zhang.
				ti.b2.(*switchBroker).mute.Store(true)
				waitPresence(t, ti.annWS, 2*time.Second, "王芳")
			})
		}
	}
}

// opLog is what one client saw of a board: every op event's sequence.
type opLog struct {
	mu   sync.Mutex
	seqs []int64
	ids  map[string]int
}

// follow reads ws in the background until the test ends, recording op
// events of board and acks of the client's own operations.
func follow(t *testing.T, ws *servertest.WS, board string, acks chan<- string) *opLog {
	l := &opLog{ids: map[string]int{}}
	go func() {
		for {
			m, err := ws.TryNext(time.Minute)
			if err != nil {
				return
			}
			switch m["type"] {
			case "op":
				if m["board"] == board {
					l.mu.Lock()
					l.seqs = append(l.seqs, seqOf(m))
					l.ids[m["id"].(string)]++
					l.mu.Unlock()
				}
			case "ack":
				if acks != nil {
					acks <- m["id"].(string)
				}
			}
		}
	}()
	return l
}

// complete reports whether l holds exactly the operations 1..n, in order,
// each once.
func (l *opLog) complete(n int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if int64(len(l.seqs)) != n {
		return false
	}
	for i, s := range l.seqs {
		if s != int64(i+1) {
			return false
		}
	}
	return true
}

func (l *opLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return fmt.Sprint(l.seqs)
}

// Redis stops while members on two instances edit, and comes back: each
// instance keeps serving its own clients during the outage, and within 5 s
// of Redis returning every client has every acknowledged operation exactly
// once, in order.
func TestInstancesConvergeAfterRedisReturns(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			rs := redistest.Start(t)
			ti := startTwoInstances(t, b, realtime.Options{PresenceInterval: 200 * time.Millisecond},
				func() realtime.Broker { return redisBroker(t, rs.URL, "c:") })
			annAcks, bobAcks := make(chan string, 1000), make(chan string, 1000)
			annLog := follow(t, ti.annWS, ti.board, annAcks)
			bobLog := follow(t, ti.bobWS, ti.board, bobAcks)
			acked := 0
			send := func(ws *servertest.WS, acks chan string, id string) {
				ws.Send(map[string]any{"type": "op", "board": ti.board, "id": id, "op": addNote(id, "note "+id)})
				select {
				case got := <-acks:
					if got != id {
						t.Fatalf("ack for %s, want %s", got, id)
					}
					acked++
				case <-time.After(5 * time.Second):
					t.Fatalf("no ack for %s", id)
				}
			}
			for i := range 5 {
				send(ti.annWS, annAcks, fmt.Sprintf("a%d", i))
				send(ti.bobWS, bobAcks, fmt.Sprintf("b%d", i))
			}
			eventually(t, 5*time.Second, "both see the first 10", func() bool { return annLog.complete(10) && bobLog.complete(10) })

			rs.Stop()
			// Each instance keeps serving its own clients.
			for i := 5; i < 10; i++ {
				send(ti.annWS, annAcks, fmt.Sprintf("a%d", i))
				send(ti.bobWS, bobAcks, fmt.Sprintf("b%d", i))
			}
			// Nothing is sent after Redis returns, so no later operation
			// reveals the gap: the instances must resynchronise by themselves.
			rs.Restart()
			back := time.Now()
			n := int64(acked)
			deadline := 5 * time.Second
			for !annLog.complete(n) || !bobLog.complete(n) {
				if time.Since(back) > deadline {
					t.Fatalf("not converged 5 s after Redis returned: ann %v, bob %v (want 1..%d)", annLog, bobLog, n)
				}
				time.Sleep(10 * time.Millisecond)
			}
			t.Logf("converged %v after Redis returned (%d operations)", time.Since(back).Round(time.Millisecond), n)
		})
	}
}
