package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"playbook/store"
)

// loadtest drives simulated participants through the real protocol against
// one or more servers, on an open-model schedule, and reports fan-out
// latency from each edit's intended send time.
type loadtest struct {
	participants int
	groupSize    int
	rate         float64
	duration     time.Duration
	json         bool
	targets      []string
	email        string
	password     string
	db           string
	redis        string
	instances    int
	storm        bool
	activity     string
	quiet        bool
	profileDir   string

	servers   []*childServer
	tempDir   string
	trainer   *ltAPI
	trainerID string
	workshops []*ltWorkshop
	groups    []*ltGroup
	clients   []*simClient // participants first, then consoles
	stats     ltStats
	tracker   *tracker
	stopping  atomic.Bool
	writers   sync.WaitGroup
	out       io.Writer
	progress  io.Writer
}

type ltWorkshop struct {
	id       string
	code     string
	lane     string
	target   string
	groups   []*ltGroup
	console  *simClient
	database string
}

type ltGroup struct {
	workshop *ltWorkshop
	id       string
	board    string
	first    int // index of the first participant
	members  []*ltMember
}

type ltMember struct {
	name          string
	participantID string
	client        *simClient
}

// receivers is how many connections must receive an edit of the group: the
// other members and the workshop's trainer console.
func (g *ltGroup) receivers() int { return len(g.members) - 1 + 1 }

// maxGroupsPerWorkshop is the server's limit; larger loads use several workshops.
const maxGroupsPerWorkshop = 20

// maxOpsPerConnection is the per-connection rate the server allows by default
// (docs/protocol.md, Limits).
const maxOpsPerConnection = 20.0

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func runLoadtest(args []string) int {
	lt := &loadtest{out: os.Stdout, progress: os.Stderr}
	var targets stringList
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.IntVar(&lt.participants, "participants", 200, "simulated participants")
	fs.IntVar(&lt.groupSize, "group-size", 10, "participants per group")
	fs.Float64Var(&lt.rate, "rate", 100, "edits per second offered in total, on a fixed schedule (0: connect and hold idle)")
	fs.DurationVar(&lt.duration, "duration", 30*time.Second, "how long to offer load (or hold idle connections)")
	fs.BoolVar(&lt.json, "json", false, "end the output with one JSON line of results")
	fs.Var(&targets, "target", "URL of a running server (repeat for several instances); default: start one on a temporary SQLite database")
	fs.StringVar(&lt.email, "email", env("PLAYBOOK_LOADTEST_EMAIL", ""), "trainer e-mail for --target (env PLAYBOOK_LOADTEST_EMAIL)")
	fs.StringVar(&lt.password, "password", env("PLAYBOOK_LOADTEST_PASSWORD", ""), "trainer password for --target (env PLAYBOOK_LOADTEST_PASSWORD)")
	fs.StringVar(&lt.db, "db", "", "database of the servers the tool starts: default a temporary SQLite file; a postgres:// URL of an empty schema")
	fs.StringVar(&lt.redis, "redis", "", "redis:// URL for the servers the tool starts (needed with --instances above 1)")
	fs.IntVar(&lt.instances, "instances", 1, "servers to start (several need --db postgres://… and --redis)")
	fs.BoolVar(&lt.storm, "storm", false, "halfway through, drop every connection at once and measure how long until all have resumed")
	fs.StringVar(&lt.activity, "activity", "1.1", "notes activity whose group boards are edited")
	fs.BoolVar(&lt.quiet, "quiet", false, "no progress line")
	fs.StringVar(&lt.profileDir, "profile", "", "save CPU and heap profiles of the servers the tool starts into this folder")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(os.Stderr)
			fs.PrintDefaults()
			return 0
		}
		return refuse("loadtest", err.Error())
	}
	if fs.NArg() > 0 {
		return refuse("loadtest", "unexpected argument "+strconv.Quote(fs.Arg(0)))
	}
	lt.targets = targets
	if reason := lt.check(); reason != "" {
		return refuse("loadtest", reason)
	}
	if err := raiseFileLimit(lt.participants + lt.participants/lt.groupSize + 256); err != nil {
		return refuse("loadtest", err.Error())
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := lt.run(ctx)
	lt.stopping.Store(true)
	for _, c := range lt.clients {
		c.drop()
	}
	for _, s := range lt.servers {
		s.stop()
	}
	if lt.tempDir != "" {
		os.RemoveAll(lt.tempDir)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "playbook loadtest: "+oneLine(err.Error()))
		return 1
	}
	lt.report(res)
	if res.Errors > 0 || res.Gaps > 0 || res.Duplicates > 0 || res.Missing > 0 {
		return 3
	}
	return 0
}

// refuse prints a one-line reason and returns the exit code for bad arguments.
func refuse(cmd, reason string) int {
	fmt.Fprintf(os.Stderr, "playbook %s: %s\n", cmd, oneLine(reason))
	return 2
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// check refuses impossible arguments.
func (lt *loadtest) check() string {
	switch {
	case lt.participants <= 0:
		return "--participants must be at least 1"
	case lt.groupSize <= 0:
		return "--group-size must be at least 1"
	case lt.groupSize > lt.participants:
		return fmt.Sprintf("--group-size %d is larger than --participants %d", lt.groupSize, lt.participants)
	case lt.rate < 0 || math.IsNaN(lt.rate) || math.IsInf(lt.rate, 0):
		return "--rate must be 0 (idle) or a positive number of edits per second"
	case lt.rate/float64(lt.participants) > maxOpsPerConnection:
		return fmt.Sprintf("--rate %g over %d participants is %.1f edits/s each; the server allows %g per connection",
			lt.rate, lt.participants, lt.rate/float64(lt.participants), maxOpsPerConnection)
	case lt.duration <= 0:
		return "--duration must be positive"
	case lt.instances < 1:
		return "--instances must be at least 1"
	case len(lt.targets) > 0 && (lt.db != "" || lt.redis != "" || lt.instances != 1 || lt.profileDir != ""):
		return "--db, --redis, --instances and --profile concern servers the tool starts; they cannot be combined with --target"
	case len(lt.targets) > 0 && (lt.email == "" || lt.password == ""):
		return "--target needs trainer credentials: --email and --password (or PLAYBOOK_LOADTEST_EMAIL and PLAYBOOK_LOADTEST_PASSWORD)"
	case lt.instances > 1 && (!store.IsPostgres(lt.db) || lt.redis == ""):
		return "several instances need one PostgreSQL database (--db postgres://…) and Redis (--redis redis://…)"
	case lt.redis != "" && lt.db != "" && !store.IsPostgres(lt.db):
		return "--redis needs --db postgres://…: SQLite serves a single instance"
	}
	for _, t := range lt.targets {
		if !strings.HasPrefix(t, "http://") && !strings.HasPrefix(t, "https://") {
			return fmt.Sprintf("--target %q must be an http:// or https:// URL", t)
		}
	}
	return ""
}

// ltResult is the JSON line of a load test.
type ltResult struct {
	Connections     int              `json:"connections"`
	Participants    int              `json:"participants"`
	GroupSize       int              `json:"group_size"`
	Groups          int              `json:"groups"`
	Workshops       int              `json:"workshops"`
	Instances       int              `json:"instances"`
	Database        string           `json:"database"`
	Rate            float64          `json:"rate"`
	DurationS       float64          `json:"duration_s"`
	EditsOffered    int64            `json:"edits_offered"`
	EditsAcked      int64            `json:"edits_acked"`
	EditsPerSec     float64          `json:"edits_per_sec"`
	P50             float64          `json:"p50_ms"`
	P90             float64          `json:"p90_ms"`
	P99             float64          `json:"p99_ms"`
	P999            float64          `json:"p999_ms"`
	Max             float64          `json:"max_ms"`
	Samples         int64            `json:"fanout_samples"`
	AckP50          float64          `json:"ack_p50_ms"`
	AckP99          float64          `json:"ack_p99_ms"`
	Errors          int64            `json:"errors"`
	ErrorCodes      map[string]int64 `json:"error_codes,omitempty"`
	Gaps            int64            `json:"gaps"`
	Duplicates      int64            `json:"duplicates"`
	Missing         int64            `json:"missing"`
	Incomplete      int              `json:"incomplete"`
	Disconnects     int64            `json:"disconnects"`
	ServerRSS       int64            `json:"server_rss_bytes"`
	ServerRSSBefore int64            `json:"server_rss_before_connections_bytes"`
	BytesPerConn    int64            `json:"server_bytes_per_connection"`
	JoinS           float64          `json:"join_s"`
	ConnectS        float64          `json:"connect_s"`
	StormClients    int              `json:"storm_clients,omitempty"`
	StormResumeMS   float64          `json:"storm_resume_ms,omitempty"`
	StormFailed     int              `json:"storm_failed,omitempty"`
}

func (lt *loadtest) say(format string, a ...any) {
	if !lt.quiet {
		fmt.Fprintf(lt.progress, format+"\n", a...)
	}
}

func (lt *loadtest) run(ctx context.Context) (*ltResult, error) {
	lt.tracker = newTracker(&lt.stats)
	res := &ltResult{Participants: lt.participants, GroupSize: lt.groupSize, Rate: lt.rate}

	if len(lt.targets) == 0 {
		if err := lt.startServers(ctx); err != nil {
			return nil, err
		}
	} else {
		for _, t := range lt.targets {
			rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err := ready(rctx, t)
			cancel()
			if err != nil {
				return nil, fmt.Errorf("target %s is not reachable: %v", t, err)
			}
		}
		lt.trainer = newAPI(lt.targets[0], nil)
		if err := lt.trainer.do(ctx, "POST", "/api/auth/login", map[string]string{"email": lt.email, "password": lt.password}, 200, nil); err != nil {
			return nil, fmt.Errorf("trainer sign-in at %s failed: %v", lt.targets[0], err)
		}
	}
	res.Instances = len(lt.targets)
	res.Database = "external"
	if len(lt.servers) > 0 {
		res.Database = string(lt.servers[0].dialect)
	}
	var me struct {
		User struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	if err := lt.trainer.do(ctx, "GET", "/api/auth/me", nil, 200, &me); err != nil {
		return nil, fmt.Errorf("trainer session: %v", err)
	}
	lt.trainerID = me.User.ID

	start := time.Now()
	if err := lt.createWorkshops(ctx); err != nil {
		return nil, err
	}
	if err := lt.joinAll(ctx); err != nil {
		return nil, err
	}
	res.JoinS = math.Round(time.Since(start).Seconds()*100) / 100
	res.Groups, res.Workshops = len(lt.groups), len(lt.workshops)
	lt.say("joined %d participants: %d groups in %d workshop(s) (%.1fs)", lt.participants, len(lt.groups), len(lt.workshops), res.JoinS)

	time.Sleep(500 * time.Millisecond)
	res.ServerRSSBefore = lt.rss()
	start = time.Now()
	if err := lt.connectAll(ctx); err != nil {
		return nil, err
	}
	res.ConnectS = math.Round(time.Since(start).Seconds()*100) / 100
	res.Connections = len(lt.clients)
	lt.say("connected and subscribed %d websockets (%.1fs)", len(lt.clients), res.ConnectS)

	// The load: an open model — edit i is due at start + i/rate whatever the
	// server does, handed to its participant's sender without waiting.
	for _, c := range lt.clients {
		if !c.console {
			c.send = make(chan edit, 4096)
			lt.writers.Add(1)
			go func() { defer lt.writers.Done(); c.writeLoop() }()
		}
	}
	loadCtx, cancel := context.WithTimeout(ctx, lt.duration)
	defer cancel()
	stopProgress := lt.progressLoop(time.Now())
	var stormWG sync.WaitGroup
	if lt.storm {
		stormWG.Add(1)
		go func() {
			defer stormWG.Done()
			select {
			case <-time.After(lt.duration / 2):
				lt.stormNow(ctx, res)
			case <-loadCtx.Done():
			}
		}()
	}
	loadStart := time.Now()
	profiled := lt.startProfiles(ctx)
	lt.schedule(loadCtx)
	stormWG.Wait()
	lt.saveHeapProfiles()
	profiled.Wait()
	elapsed := time.Since(loadStart)
	for _, c := range lt.clients {
		if c.send != nil {
			close(c.send)
		}
	}
	lt.writers.Wait() // every offered edit is sent (or pending) before draining
	// Drain: wait for every edit to be acknowledged and delivered (or 20 s).
	drainUntil := time.Now().Add(20 * time.Second)
	for time.Now().Before(drainUntil) && (lt.pendingAcks() > 0 || lt.tracker.open() > 0) {
		time.Sleep(50 * time.Millisecond)
	}
	stopProgress()
	if ctx.Err() != nil {
		return nil, errors.New("interrupted")
	}

	res.ServerRSS = lt.rss()
	if res.Connections > 0 && res.ServerRSS > 0 && res.ServerRSSBefore > 0 {
		res.BytesPerConn = (res.ServerRSS - res.ServerRSSBefore) / int64(res.Connections)
	}
	res.DurationS = math.Round(elapsed.Seconds()*100) / 100
	res.EditsOffered = lt.stats.offered.Load()
	res.EditsAcked = lt.stats.acked.Load()
	if elapsed > 0 {
		res.EditsPerSec = math.Round(float64(res.EditsAcked)/elapsed.Seconds()*10) / 10
	}
	h := &lt.stats.fanout
	res.P50, res.P90, res.P99, res.P999, res.Max = ms(h.Quantile(.5)), ms(h.Quantile(.9)), ms(h.Quantile(.99)), ms(h.Quantile(.999)), ms(h.Max())
	res.Samples = h.Count()
	res.AckP50, res.AckP99 = ms(lt.stats.ack.Quantile(.5)), ms(lt.stats.ack.Quantile(.99))
	res.Missing = lt.missing(ctx)
	res.Incomplete = lt.tracker.open()
	res.Errors = lt.stats.errors.Load() + int64(res.Incomplete) + lt.stats.unsent.Load()
	lt.stats.mu.Lock()
	res.ErrorCodes = lt.stats.codes
	lt.stats.mu.Unlock()
	if n := lt.stats.unsent.Load(); n > 0 {
		if res.ErrorCodes == nil {
			res.ErrorCodes = map[string]int64{}
		}
		res.ErrorCodes["unsent"] = n
	}
	if res.Incomplete > 0 {
		if res.ErrorCodes == nil {
			res.ErrorCodes = map[string]int64{}
		}
		res.ErrorCodes["undelivered"] = int64(res.Incomplete)
	}
	res.Gaps, res.Duplicates, res.Disconnects = lt.stats.gaps.Load(), lt.stats.dups.Load(), lt.stats.disconnects.Load()
	return res, nil
}

func (lt *loadtest) pendingAcks() int {
	n := 0
	for _, c := range lt.clients {
		c.mu.Lock()
		n += len(c.pending)
		c.mu.Unlock()
	}
	return n
}

// schedule offers edits on the fixed schedule until ctx ends.
func (lt *loadtest) schedule(ctx context.Context) {
	if lt.rate == 0 {
		<-ctx.Done()
		return
	}
	var senders []*simClient
	for _, c := range lt.clients {
		if !c.console {
			senders = append(senders, c)
		}
	}
	order := rand.Perm(len(senders))
	start := time.Now()
	step := float64(time.Second) / lt.rate
	for i := 0; ; i++ {
		due := start.Add(time.Duration(float64(i) * step))
		if d := time.Until(due); d > 0 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(d):
			}
		} else if ctx.Err() != nil {
			return
		}
		c := senders[order[i%len(senders)]]
		lt.stats.offered.Add(1)
		select {
		case c.send <- edit{intended: due}:
		default:
			lt.stats.unsent.Add(1) // the client's own queue is full: counted as an error
		}
	}
}

func (lt *loadtest) progressLoop(start time.Time) func() {
	if lt.quiet {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	tty := false
	if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		tty = true
	}
	go func() {
		defer wg.Done()
		every := time.Second
		if !tty {
			every = 5 * time.Second
		}
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				if tty {
					fmt.Fprintln(lt.progress)
				}
				return
			case <-t.C:
			}
			h := &lt.stats.fanout
			line := fmt.Sprintf("[%3.0fs/%.0fs] conns %d  offered %d  acked %d  fan-out p50 %.1fms p99 %.1fms max %.0fms  errors %d  gaps %d  dups %d",
				time.Since(start).Seconds(), lt.duration.Seconds(), len(lt.clients), lt.stats.offered.Load(), lt.stats.acked.Load(),
				ms(h.Quantile(.5)), ms(h.Quantile(.99)), ms(h.Max()), lt.stats.errors.Load(), lt.stats.gaps.Load(), lt.stats.dups.Load())
			if tty {
				fmt.Fprintf(lt.progress, "\r%s\033[K", line)
			} else {
				fmt.Fprintln(lt.progress, line)
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// stormNow drops every connection at once and waits until all have resumed.
func (lt *loadtest) stormNow(ctx context.Context, res *ltResult) {
	lt.say("storm: dropping all %d connections at once", len(lt.clients))
	t0 := time.Now()
	for _, c := range lt.clients {
		c.drop()
	}
	var failed atomic.Int32
	var wg sync.WaitGroup
	sem := make(chan struct{}, 1024)
	for _, c := range lt.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			err := func() error {
				defer func() { <-sem }()
				cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
				defer cancel()
				return c.connect(cctx)
			}()
			if err != nil {
				failed.Add(1)
				lt.stats.fail("storm_reconnect", err.Error())
				go c.reconnect()
				return
			}
			select {
			case <-c.readyCh():
			case <-time.After(30 * time.Second):
				failed.Add(1)
				lt.stats.fail("storm_resume", "not resumed within 30 s")
			}
		}()
	}
	wg.Wait()
	res.StormClients = len(lt.clients)
	res.StormResumeMS = ms(time.Since(t0))
	res.StormFailed = int(failed.Load())
	lt.say("storm: %d connections resumed in %.0f ms (%d failed)", len(lt.clients)-res.StormFailed, res.StormResumeMS, res.StormFailed)
}

// missing compares, for every board, the sequence each receiver ended at with
// the board's sequence in the database: anything short of it was lost.
func (lt *loadtest) missing(ctx context.Context) int64 {
	var missing int64
	for _, w := range lt.workshops {
		var out struct {
			Boards []struct {
				ID  string `json:"id"`
				Seq int64  `json:"seq"`
			} `json:"boards"`
		}
		if err := lt.trainer.do(ctx, "GET", "/api/workshops/"+w.id+"/boards", nil, 200, &out); err != nil {
			lt.stats.fail("final_check", err.Error())
			continue
		}
		final := map[string]int64{}
		for _, b := range out.Boards {
			final[b.ID] = b.Seq
		}
		check := func(c *simClient) {
			c.mu.Lock()
			defer c.mu.Unlock()
			for _, b := range c.boards {
				if d := final[b] - c.last[b]; d > 0 {
					missing += d
				}
			}
		}
		for _, g := range w.groups {
			for _, m := range g.members {
				check(m.client)
			}
		}
		check(w.console)
	}
	return missing
}

func (lt *loadtest) rss() int64 {
	var total int64
	for _, t := range lt.targets {
		n, err := serverRSS(t)
		if err != nil {
			return 0
		}
		total += n
	}
	return total
}

// createWorkshops makes ceil(groups / 20) workshops with the groups the load
// needs, and finds each group's board of the activity.
func (lt *loadtest) createWorkshops(ctx context.Context) error {
	nGroups := (lt.participants + lt.groupSize - 1) / lt.groupSize
	nWorkshops := (nGroups + maxGroupsPerWorkshop - 1) / maxGroupsPerWorkshop
	p := 0
	for wi := range nWorkshops {
		n := min(maxGroupsPerWorkshop, nGroups-wi*maxGroupsPerWorkshop)
		var created struct {
			ID       string `json:"id"`
			JoinCode string `json:"join_code"`
			Groups   []struct {
				ID string `json:"id"`
			} `json:"groups"`
			Curriculum json.RawMessage `json:"curriculum"`
		}
		today := time.Now().Format("2006-01-02")
		if err := lt.trainer.do(ctx, "POST", "/api/workshops", map[string]any{
			"title": fmt.Sprintf("Load test %d", wi+1), "client_company": "playbook loadtest", "industry": "load",
			"starts_on": today, "ends_on": today, "groups": n, "language": "en"}, 201, &created); err != nil {
			return fmt.Errorf("create workshop: %v", err)
		}
		w := &ltWorkshop{id: created.ID, code: created.JoinCode, target: lt.targets[wi%len(lt.targets)]}
		w.lane = firstLane(created.Curriculum, lt.activity)
		if w.lane == "" {
			return fmt.Errorf("activity %s is not a notes activity of the curriculum", lt.activity)
		}
		var boards struct {
			Boards []struct {
				ID       string `json:"id"`
				Activity string `json:"activity"`
				Kind     string `json:"kind"`
				GroupID  string `json:"group_id"`
			} `json:"boards"`
		}
		if err := lt.trainer.do(ctx, "GET", "/api/workshops/"+w.id+"/boards", nil, 200, &boards); err != nil {
			return fmt.Errorf("list boards: %v", err)
		}
		byGroup := map[string]string{}
		for _, b := range boards.Boards {
			if b.Activity == lt.activity && b.GroupID != "" {
				byGroup[b.GroupID] = b.ID
			}
		}
		for _, g := range created.Groups {
			size := min(lt.groupSize, lt.participants-p)
			grp := &ltGroup{workshop: w, id: g.ID, board: byGroup[g.ID], first: p}
			if grp.board == "" {
				return fmt.Errorf("group %s has no board for activity %s", g.ID, lt.activity)
			}
			for range size {
				grp.members = append(grp.members, &ltMember{name: fmt.Sprintf("Sim %d", p+1)})
				p++
			}
			w.groups = append(w.groups, grp)
			lt.groups = append(lt.groups, grp)
		}
		lt.workshops = append(lt.workshops, w)
	}
	return nil
}

// firstLane finds the first lane of the activity's notes template in a
// workshop's curriculum.
func firstLane(curriculum json.RawMessage, activity string) string {
	var cur struct {
		Modules []struct {
			Activities []struct {
				ID       string `json:"id"`
				Template string `json:"template"`
				Config   struct {
					Lanes []struct {
						ID string `json:"id"`
					} `json:"lanes"`
				} `json:"config"`
			} `json:"activities"`
		} `json:"modules"`
	}
	if json.Unmarshal(curriculum, &cur) != nil {
		return ""
	}
	for _, m := range cur.Modules {
		for _, a := range m.Activities {
			if a.ID == activity && a.Template == "notes" {
				if len(a.Config.Lanes) == 0 {
					return "ideas"
				}
				return a.Config.Lanes[0].ID
			}
		}
	}
	return ""
}

// joinAll makes every simulated participant join its group through
// POST /api/join, spreading members of a group over the targets.
func (lt *loadtest) joinAll(ctx context.Context) error {
	type job struct {
		g *ltGroup
		k int
	}
	jobs := make(chan job)
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if firstErr.Load() != nil {
					continue
				}
				if err := lt.join(ctx, j.g, j.k); err != nil {
					firstErr.CompareAndSwap(nil, err)
				}
			}
		}()
	}
	for gi, g := range lt.groups {
		for k := range g.members {
			_ = gi
			jobs <- job{g, k}
		}
	}
	close(jobs)
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return err
	}
	// Trainer consoles: one per workshop, following every group board.
	for wi, w := range lt.workshops {
		c := &simClient{lt: lt, idx: lt.participants + wi, console: true, base: w.target, as: "trainer",
			api: lt.trainer, group: &ltGroup{workshop: w}, last: map[string]int64{}, pending: map[string][]byte{}, ackedIDs: map[string]bool{}, undo: map[string]func(){}}
		for _, g := range w.groups {
			c.boards = append(c.boards, g.board)
		}
		w.console = c
	}
	return nil
}

func (lt *loadtest) join(ctx context.Context, g *ltGroup, k int) error {
	idx := g.first + k
	gi := 0
	for i, gg := range lt.groups {
		if gg == g {
			gi = i
		}
	}
	target := lt.targets[(gi+k)%len(lt.targets)]
	var local net.Addr
	if isLoopback(target) {
		local = loopbackSource(idx, 16)
	}
	api := newAPI(target, local)
	var view struct {
		Participant struct {
			ID string `json:"id"`
		} `json:"participant"`
	}
	m := g.members[k]
	for attempt := 0; ; attempt++ {
		err := api.do(ctx, "POST", "/api/join", map[string]string{"code": g.workshop.code, "name": m.name, "group_id": g.id}, 201, &view)
		var se *apiStatusError
		if errors.As(err, &se) && se.status == 429 && attempt < 20 {
			// The per-address join limit of a remote target: wait as told.
			time.Sleep(max(se.retryAfter, time.Second))
			continue
		}
		if err != nil {
			return fmt.Errorf("join %s: %v", target, err)
		}
		break
	}
	m.participantID = view.Participant.ID
	m.client = &simClient{lt: lt, idx: idx, group: g, boards: []string{g.board}, base: target, api: api,
		as: "participant", local: local, last: map[string]int64{}, pending: map[string][]byte{},
		ackedIDs: map[string]bool{}, myVotes: map[string]int{}, undo: map[string]func(){}}
	return nil
}

// connectAll opens every websocket, a few hundred at a time, and waits until
// each is subscribed.
func (lt *loadtest) connectAll(ctx context.Context) error {
	for _, g := range lt.groups {
		for _, m := range g.members {
			lt.clients = append(lt.clients, m.client)
		}
	}
	for _, w := range lt.workshops {
		lt.clients = append(lt.clients, w.console)
	}
	sem := make(chan struct{}, 200)
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for _, c := range lt.clients {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			if err := c.connect(cctx); err != nil {
				firstErr.CompareAndSwap(nil, fmt.Errorf("websocket to %s: %v", c.base, err))
				return
			}
			select {
			case <-c.readyCh():
			case <-cctx.Done():
				firstErr.CompareAndSwap(nil, fmt.Errorf("subscribing at %s took more than 30 s", c.base))
			}
		}()
		if firstErr.Load() != nil {
			break
		}
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return err
	}
	return nil
}

// report prints the table, then (with --json) the JSON line last.
func (lt *loadtest) report(r *ltResult) {
	w := lt.out
	fmt.Fprintf(w, "\nplaybook loadtest — %d participants in groups of %d (%d groups, %d workshops), %d instance(s) on %s\n",
		r.Participants, r.GroupSize, r.Groups, r.Workshops, r.Instances, r.Database)
	rows := [][2]string{
		{"connections", strconv.Itoa(r.Connections)},
		{"offered", fmt.Sprintf("%d edits at %g/s for %.1fs", r.EditsOffered, r.Rate, r.DurationS)},
		{"acknowledged", fmt.Sprintf("%d (%.1f/s)", r.EditsAcked, r.EditsPerSec)},
		{"fan-out latency", fmt.Sprintf("p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms  (%d edits)", r.P50, r.P90, r.P99, r.P999, r.Max, r.Samples)},
		{"ack latency", fmt.Sprintf("p50 %.2f ms  p99 %.2f ms", r.AckP50, r.AckP99)},
		{"errors", fmt.Sprintf("%d %s", r.Errors, codesText(r.ErrorCodes))},
		{"gaps / duplicates / missing", fmt.Sprintf("%d / %d / %d", r.Gaps, r.Duplicates, r.Missing)},
		{"unexpected disconnects", strconv.FormatInt(r.Disconnects, 10)},
		{"server RSS", fmt.Sprintf("%.1f MB (%.1f MB before connecting; %.1f KB per connection)",
			float64(r.ServerRSS)/1e6, float64(r.ServerRSSBefore)/1e6, float64(r.BytesPerConn)/1024)},
		{"join / connect", fmt.Sprintf("%.1fs / %.1fs", r.JoinS, r.ConnectS)},
	}
	if r.StormClients > 0 {
		rows = append(rows, [2]string{"reconnect storm", fmt.Sprintf("%d connections dropped at once, all resumed in %.0f ms (%d failed)", r.StormClients, r.StormResumeMS, r.StormFailed)})
	}
	for _, row := range rows {
		fmt.Fprintf(w, "  %-28s %s\n", row[0], row[1])
	}
	lt.stats.mu.Lock()
	if lt.stats.sample != "" {
		fmt.Fprintf(w, "  %-28s %s\n", "first error", lt.stats.sample)
	}
	lt.stats.mu.Unlock()
	if lt.json {
		data, _ := json.Marshal(r)
		fmt.Fprintln(w, string(data))
	}
}

func codesText(codes map[string]int64) string {
	if len(codes) == 0 {
		return ""
	}
	keys := make([]string, 0, len(codes))
	for k := range codes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, codes[k])
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// childServer is a `playbook serve` the load tool started.
type childServer struct {
	cmd     *exec.Cmd
	url     string
	token   chan string
	logPath string
	dialect store.Dialect
	exited  chan struct{}
	pprof   string // profiler base URL, when profiling
}

// startProfiles records a CPU profile of every started server over the middle
// half of the load (at most 30 s) into --profile.
func (lt *loadtest) startProfiles(ctx context.Context) *sync.WaitGroup {
	var wg sync.WaitGroup
	if lt.profileDir == "" {
		return &wg
	}
	os.MkdirAll(lt.profileDir, 0o755)
	secs := int(min(lt.duration/2, 30*time.Second) / time.Second)
	if secs < 1 {
		return &wg
	}
	for i, s := range lt.servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case <-time.After(lt.duration / 4):
			case <-ctx.Done():
				return
			}
			path := filepath.Join(lt.profileDir, fmt.Sprintf("cpu-%d.pprof", i))
			if err := fetchTo(fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", s.pprof, secs), path, time.Duration(secs+30)*time.Second); err != nil {
				lt.say("profile: %v", err)
			}
		}()
	}
	return &wg
}

// saveHeapProfiles saves every started server's heap and goroutines.
func (lt *loadtest) saveHeapProfiles() {
	if lt.profileDir == "" {
		return
	}
	for i, s := range lt.servers {
		for _, p := range []struct{ url, file string }{
			{"/debug/pprof/heap", "heap-%d.pprof"}, {"/debug/pprof/goroutine?debug=1", "goroutines-%d.txt"}} {
			if err := fetchTo(s.pprof+p.url, filepath.Join(lt.profileDir, fmt.Sprintf(p.file, i)), 30*time.Second); err != nil {
				lt.say("profile: %v", err)
			}
		}
	}
}

func fetchTo(url, path string, timeout time.Duration) error {
	c := &http.Client{Timeout: timeout}
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(f, resp.Body)
	return err
}

var setupTokenLine = regexp.MustCompile(`/setup\?token=([A-Za-z0-9_-]+)`)

// startServers starts the instances on the database given (or a temporary
// SQLite file), creates the trainer through the first-run link, and makes
// them the targets.
func (lt *loadtest) startServers(ctx context.Context) error {
	dir, err := os.MkdirTemp("", "playbook-loadtest")
	if err != nil {
		return err
	}
	db := lt.db
	if db == "" {
		db = filepath.Join(dir, "loadtest.db")
	}
	lt.tempDir = dir
	bin, err := os.Executable()
	if err != nil {
		return err
	}
	lt.email = "loadtest@example.com"
	lt.password = fmt.Sprintf("lt-%d-%d", time.Now().UnixNano(), rand.Int64())
	for i := range lt.instances {
		s, err := startChild(ctx, bin, db, lt.redis, dir, i, lt.profileDir != "")
		if err != nil {
			return err
		}
		lt.servers = append(lt.servers, s)
		lt.targets = append(lt.targets, s.url)
		if i == 0 {
			// Create the trainer before the next instance prints a new setup token.
			var token string
			select {
			case token = <-s.token:
			case <-time.After(15 * time.Second): // printed after a database write; slow on a busy machine
			}
			lt.trainer = newAPI(s.url, nil)
			if token == "" {
				return fmt.Errorf("the database %s already has trainer accounts; give the tool an empty database (or use --target with --email and --password)", redact(db))
			}
			if err := lt.trainer.do(ctx, "POST", "/api/setup", map[string]string{"token": token, "name": "Load Test",
				"email": lt.email, "password": lt.password}, 201, nil); err != nil {
				return fmt.Errorf("first-run setup: %v", err)
			}
		}
	}
	lt.say("started %d server(s) on %s: %s", len(lt.servers), redact(db), strings.Join(lt.targets, " "))
	return nil
}

func startChild(ctx context.Context, bin, db, redisURL, dir string, i int, profile bool) (*childServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	args := []string{"serve", "--db", db, "--addr", fmt.Sprintf("127.0.0.1:%d", port), "--base-url", url, "--log", "json", "--lang", "en"}
	if redisURL != "" {
		args = append(args, "--redis", redisURL)
	}
	cmd := exec.Command(bin, args...)
	s := &childServer{cmd: cmd, url: url, token: make(chan string, 1), logPath: filepath.Join(dir, fmt.Sprintf("serve-%d.log", i)),
		dialect: store.SQLite, exited: make(chan struct{})}
	if profile {
		pl, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		s.pprof = "http://" + pl.Addr().String()
		pl.Close()
		cmd.Env = append(os.Environ(), "PLAYBOOK_PPROF="+strings.TrimPrefix(s.pprof, "http://"))
	}
	if store.IsPostgres(db) {
		s.dialect = store.Postgres
	}
	logf, err := os.Create(s.logPath)
	if err != nil {
		return nil, err
	}
	cmd.Stderr = logf
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := setupTokenLine.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case s.token <- m[1]:
				default:
				}
			}
		}
	}()
	go func() { cmd.Wait(); logf.Close(); close(s.exited) }()
	rctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := ready(rctx, url); err != nil {
		s.stop()
		tail, _ := os.ReadFile(s.logPath)
		return nil, fmt.Errorf("playbook serve did not start (%v): %s", err, lastLine(string(tail)))
	}
	return s, nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func (s *childServer) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
	}
}
