package realtime_test

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"playbook/realtime"
	"playbook/server/servertest"
	"playbook/store/storetest"
)

// pipeline sends ops without waiting and returns once every one is
// acknowledged (failing on a refusal).
func pipeline(t *testing.T, ws *servertest.WS, board string, ops map[string]map[string]any) {
	t.Helper()
	done := make(chan error, 1)
	go func() { // read while sending: the sender's queue is bounded too
		for pending := len(ops); pending > 0; {
			m, err := ws.TryNext(20 * time.Second)
			if err != nil {
				done <- err
				return
			}
			switch m["type"] {
			case "ack":
				pending--
			case "error":
				done <- fmt.Errorf("refused: %v", m)
				return
			}
		}
		done <- nil
	}()
	for id, op := range ops {
		ws.Send(map[string]any{"type": "op", "board": board, "id": id, "op": op})
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// R1: a client offline for a long time (here: while 450 operations, then
// 600 more, are made — what a busy group writes in ten minutes) resumes
// with exactly what it missed, or a snapshot when that is shorter — on
// another instance that never saw its connection, so no per-connection
// state on the server can expire the resume.
func TestLongOfflineResumeOnAnotherInstance(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			// The writer floods its own connection with acks and broadcasts: a
			// queue large enough for that burst.
			opts := servertest.Options{Hub: realtime.Options{OpsPerSecond: 2000, OpsBurst: 2000, SendQueue: 4096}}
			g := newLiveGroup(t, b, opts)
			g.annWS.Op(g.board, "first", addNote("n0", "出发前"))
			g.bobWS.WaitOp(g.board, 1)
			g.bobWS.Conn.Close() // Bob's phone leaves the venue Wi-Fi

			const missed = 450 // within SnapshotAfter (500): the operations themselves
			ops := map[string]map[string]any{}
			for i := 1; i <= missed; i++ {
				ops[fmt.Sprintf("e%d", i)] = map[string]any{"kind": "note.edit", "id": "n0", "text": fmt.Sprintf("第 %d 版", i)}
			}
			pipeline(t, g.annWS, g.board, ops)

			// The first instance is gone from Bob's point of view: he comes
			// back through another one sharing the database.
			other := servertest.StartOn(t, g.srv.Store, opts)
			g.bob.Base = other.URL
			bob := g.bob.Dial(g.ws.ID, "participant")
			msgs := bob.Subscribe(g.board, 1)
			var seqs []int64
			for _, m := range msgs {
				switch m["type"] {
				case "op":
					seqs = append(seqs, seqOf(m))
				case "subscribed":
					if seqOf(m) != missed+1 {
						t.Fatalf("subscribed at %v, want %d", m["seq"], missed+1)
					}
				default:
					t.Fatalf("unexpected %v during resume", m)
				}
			}
			if len(seqs) != missed || seqs[0] != 2 || seqs[len(seqs)-1] != missed+1 || !slices.IsSorted(seqs) {
				t.Fatalf("resume delivered %d operations (%v…), want exactly 2..%d once each", len(seqs), seqs[:min(5, len(seqs))], missed+1)
			}
			for i, s := range seqs {
				if s != int64(i+2) {
					t.Fatalf("operation %d has seq %d: a gap or a duplicate", i, s)
				}
			}
			bob.Conn.Close()

			// Longer still: more missed operations than a resume replays. The
			// client gets a fresh snapshot equal to what a new subscriber sees.
			ops = map[string]map[string]any{}
			for i := 1; i <= 600; i++ {
				ops[fmt.Sprintf("f%d", i)] = map[string]any{"kind": "note.edit", "id": "n0", "text": fmt.Sprintf("第二轮 %d", i)}
			}
			pipeline(t, g.annWS, g.board, ops)
			bob = g.bob.Dial(g.ws.ID, "participant")
			msgs = bob.Subscribe(g.board, missed+1)
			if msgs[0]["type"] != "snapshot" || seqOf(msgs[0]) != missed+601 || len(msgs) != 2 {
				t.Fatalf("long resume: %d messages, first %v %v", len(msgs), msgs[0]["type"], msgs[0]["seq"])
			}
			fresh := g.trainer.Dial(g.ws.ID, "trainer").Subscribe(g.board, -1)[0]
			if fmt.Sprint(fresh["state"]) != fmt.Sprint(msgs[0]["state"]) {
				t.Fatalf("resume snapshot differs from a fresh one")
			}
			t.Logf("%s: resumed 450 missed operations exactly on another instance; 600 more gave a snapshot at seq %d", b.Name, missed+601)
		})
	}
}

// dialSlow opens a websocket whose receive buffer is tiny, so that a client
// that stops reading soon makes the server's writes block.
func dialSlow(t *testing.T, c *servertest.Client, workshop string) *websocket.Conn {
	t.Helper()
	u, _ := url.Parse(c.Base)
	d := websocket.Dialer{Jar: c.HTTP.Jar, HandshakeTimeout: 5 * time.Second, ReadBufferSize: 1024,
		NetDial: func(network, addr string) (net.Conn, error) {
			nd := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
				var serr error
				rc.Control(func(fd uintptr) { serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
				return serr
			}}
			return nd.Dial(network, addr)
		}}
	h := map[string][]string{"Origin": {c.Base}}
	conn, _, err := d.Dial("ws://"+u.Host+"/ws?workshop="+workshop+"&as=participant", h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// R6: a client that stops reading is dropped once its bounded queue fills,
// the others' latency does not suffer meanwhile, and it recovers through
// resume with exactly what it missed.
func TestStalledReaderIsDroppedWithoutSlowingOthers(t *testing.T) {
	b := storetest.Backends(t)[0]
	// Small commit batches: a batch larger than a queue would overflow
	// the healthy clients' queues too.
	g := newLiveGroup(t, b, servertest.Options{Hub: realtime.Options{OpsPerSecond: 2000, OpsBurst: 2000, SendQueue: 64, MaxBatch: 16, WriteWait: 5 * time.Second}})
	carol, _ := g.srv.Join(g.ws.JoinCode, "刘洋", g.ws.Groups[0].ID)
	stalled := dialSlow(t, carol, g.ws.ID)
	stalled.WriteJSON(map[string]any{"type": "subscribe", "board": g.board})
	// Carol's phone reads the welcome, snapshot and subscribed, then freezes.
	for got := 0; got < 3; {
		var m map[string]any
		stalled.SetReadDeadline(time.Now().Add(5 * time.Second))
		if err := stalled.ReadJSON(&m); err != nil {
			t.Fatal(err)
		}
		if m["type"] != "presence" {
			got++
		}
	}
	g.annWS.Op(g.board, "n0", addNote("n0", "起点"))
	g.bobWS.WaitOp(g.board, 1)

	// Ann edits on a fixed schedule (open model): 1,500 edits of ~3 KB
	// frames, more than the stalled socket's buffers and queue hold. Bob's
	// latency is measured from each edit's intended send time (the figure),
	// and from its actual send time (the check: a loaded machine may make
	// the sender itself fall behind its schedule).
	const n, every = 1500, 2 * time.Millisecond
	text := strings.Repeat("销", 480)
	start := time.Now()
	sent := make([]atomic.Int64, n)
	var latencies, fromSend []time.Duration
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for seq := int64(2); seq <= n+1; {
			m, err := g.bobWS.TryNext(20 * time.Second)
			if err != nil {
				t.Errorf("bob: %v", err)
				return
			}
			if m["type"] == "op" && seqOf(m) == seq {
				now := time.Now()
				latencies = append(latencies, now.Sub(start.Add(time.Duration(seq-2)*every)))
				fromSend = append(fromSend, now.Sub(time.Unix(0, sent[seq-2].Load())))
				seq++
			}
		}
	}()
	for i := range n {
		if d := time.Until(start.Add(time.Duration(i) * every)); d > 0 {
			time.Sleep(d)
		}
		sent[i].Store(time.Now().UnixNano())
		g.annWS.Send(map[string]any{"type": "op", "board": g.board, "id": fmt.Sprintf("e%d", i),
			"op": map[string]any{"kind": "note.edit", "id": "n0", "text": fmt.Sprintf("%s%d", text, i)}})
	}
	wg.Wait()
	if len(latencies) != n {
		t.Fatalf("bob received %d of %d edits", len(latencies), n)
	}
	slices.Sort(latencies)
	slices.Sort(fromSend)
	p50, p99, worst := latencies[n/2], latencies[n*99/100], latencies[n-1]
	// Were the stalled client's writes to hold up the room, Bob would wait
	// for its write deadline (5 s) at least once.
	if fromSend[n-1] > 2500*time.Millisecond {
		t.Errorf("bob's latency while a client stalled: max %v after the send (p50 %v p99 %v from the schedule)", fromSend[n-1], p50, p99)
	}

	// Carol was dropped: reading now, she finds fewer than the 1,500
	// edits, then the end of the connection.
	lastSeq := int64(1)
	for {
		var m map[string]any
		stalled.SetReadDeadline(time.Now().Add(10 * time.Second))
		if err := stalled.ReadJSON(&m); err != nil {
			var ce *websocket.CloseError
			if _, isNet := err.(net.Error); isNet && !strings.Contains(err.Error(), "reset") && !strings.Contains(err.Error(), "EOF") {
				t.Fatalf("stalled client still connected after the burst: %v", err)
			}
			_ = ce
			break
		}
		if m["type"] == "op" {
			lastSeq = seqOf(m)
		}
	}
	if lastSeq >= n+1 {
		t.Fatalf("the stalled client was never dropped (received everything, up to %d)", lastSeq)
	}
	// And she recovers through resume: exactly the edits after her last one.
	again := carol.Dial(g.ws.ID, "participant")
	msgs := again.Subscribe(g.board, lastSeq)
	next := lastSeq + 1
	for _, m := range msgs {
		switch m["type"] {
		case "op":
			if seqOf(m) != next {
				t.Fatalf("resume after the drop: seq %v, want %d", m["seq"], next)
			}
			next++
		case "snapshot":
			next = seqOf(m) + 1 // more than SnapshotAfter missed: a snapshot
		}
	}
	if next != n+2 {
		t.Fatalf("resume after the drop ended at %d, want %d", next-1, n+1)
	}
	t.Logf("stalled client dropped after seq %d; bob's latency during the stall p50 %v p99 %v max %v over %d edits",
		lastSeq, p50.Round(time.Millisecond), p99.Round(time.Millisecond), worst.Round(time.Millisecond), n)
}
