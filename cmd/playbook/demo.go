package main

import (
	"context"
	crand "crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"playbook/exercises"
	"playbook/realtime"
	"playbook/server"
	"playbook/store"
)

// runDemo serves Playbook with a demo workshop: groups of participants and
// filled notes boards across the modules, and (with --bots) simulated
// participants who keep editing, so a newcomer sees the product alive.
func runDemo(args []string) int {
	var cfg config
	fset := flag.NewFlagSet("demo", flag.ContinueOnError)
	cfg.flags(fset)
	bots := fset.Bool("bots", false, "keep simulated participants editing the current activity")
	groups := fset.Int("groups", 4, "groups in the demo workshop (1–20)")
	members := fset.Int("members", 5, "participants per group (1–20)")
	botRate := fset.Float64("bot-rate", 1, "edits per second of all bots together (with --bots)")
	fset.SetOutput(io.Discard)
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fset.SetOutput(os.Stderr)
			fset.PrintDefaults()
			return 0
		}
		return refuse("demo", err.Error())
	}
	dbGiven := false
	fset.Visit(func(f *flag.Flag) { dbGiven = dbGiven || f.Name == "db" })
	switch {
	case fset.NArg() > 0:
		return refuse("demo", "unexpected argument "+strconv.Quote(fset.Arg(0)))
	case *groups < 1 || *groups > 20:
		return refuse("demo", "--groups must be between 1 and 20")
	case *members < 1 || *members > 20:
		return refuse("demo", "--members must be between 1 and 20")
	case *botRate <= 0 || *botRate > float64(*groups**members)*5:
		return refuse("demo", fmt.Sprintf("--bot-rate must be above 0 and at most %d edits per second (5 per participant)", *groups**members*5))
	case cfg.redis != "":
		return refuse("demo", "the demo runs a single instance: --redis is not used")
	case cfg.lang != "zh-CN" && cfg.lang != "en":
		return refuse("demo", "--lang must be zh-CN or en")
	}
	log := newLogger(cfg.logFmt)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	temporary := ""
	if !dbGiven {
		dir, err := os.MkdirTemp("", "playbook-demo")
		if err != nil {
			fmt.Fprintln(os.Stderr, "playbook demo:", err)
			return 1
		}
		defer os.RemoveAll(dir)
		cfg.db = filepath.Join(dir, "demo.db")
		temporary = dir
	}
	st, err := store.Open(ctx, cfg.db)
	if err != nil {
		fmt.Fprintln(os.Stderr, "playbook demo: cannot open the database:", oneLine(err.Error()))
		return 1
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "playbook demo: cannot migrate the database:", oneLine(err.Error()))
		return 1
	}
	if n, err := st.CountUsers(ctx); err != nil || n > 0 {
		return refuse("demo", "the database "+redact(cfg.db)+" already has trainer accounts; the demo creates its own: omit --db for a temporary database or give a new file")
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return refuse("demo", fmt.Sprintf("cannot listen on %s (%v): choose another address with --addr", cfg.addr, err))
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if cfg.baseURL == "" {
		cfg.baseURL = fmt.Sprintf("http://%s:%d", lanAddress(), port)
	}
	registry := prometheus.NewRegistry()
	metrics := realtime.NewMetrics(registry)
	hub := realtime.NewHub(st, realtime.NewMemoryBroker(), metrics, log, realtime.Options{})
	hub.Start()
	srv := server.New(server.Config{BaseURL: cfg.baseURL, Frontend: frontendFS(log)}, st, hub, metrics, registry, log)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 9*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()

	local := fmt.Sprintf("http://127.0.0.1:%d", port)
	d := &demo{log: log, lang: cfg.lang, hub: hub, store: st, base: local, groups: *groups, members: *members}
	if err := d.seed(ctx, srv); err != nil {
		fmt.Fprintln(os.Stderr, "playbook demo: seeding failed:", oneLine(err.Error()))
		return 1
	}
	d.printHowTo(cfg.baseURL, port, temporary != "")
	if *bots {
		go d.runBots(ctx, *botRate)
		fmt.Println(say(cfg.lang, fmt.Sprintf("  %d 个模拟学员正在编辑活动 1.1（每秒约 %g 次）。按 Ctrl-C 结束。", len(d.people), *botRate),
			fmt.Sprintf("  %d simulated participants are editing activity 1.1 (about %g edits per second). Press Ctrl-C to stop.", len(d.people), *botRate)))
	} else {
		fmt.Println(say(cfg.lang, "  按 Ctrl-C 结束。加 --bots 可以看到模拟学员实时编辑。", "  Press Ctrl-C to stop. Add --bots to watch simulated participants edit live."))
	}
	select {
	case err := <-serveErr:
		if err != nil {
			log.Error("server stopped", "err", err)
			return 1
		}
	case <-ctx.Done():
	}
	return 0
}

// demo seeds one workshop through the real API and the hub.
type demo struct {
	log          *slog.Logger
	lang         string
	hub          *realtime.Hub
	store        *store.Store
	base         string
	groups       int
	members      int
	trainer      *ltAPI
	email        string
	password     string
	workshop     string
	code         string
	joinURL      string
	control      string
	trainerActor exercises.Actor
	people       []*demoPerson
	boardOf      map[string]map[string]string // activity → group → board
	mu           sync.Mutex
}

type demoPerson struct {
	api   *ltAPI
	actor exercises.Actor
	notes []string // ids of the notes this person wrote on the 1.1 board
	votes map[string]int
}

func (d *demo) seed(ctx context.Context, srv *server.Server) error {
	token, _, err := srv.SetupToken(ctx)
	if err != nil {
		return err
	}
	d.email = "demo@playbook.local"
	d.password = randomPassword()
	d.trainer = newAPI(d.base, nil)
	name := say(d.lang, "李老师", "Ms. Li")
	if err := d.trainer.do(ctx, "POST", "/api/setup", map[string]string{"token": token, "name": name, "email": d.email, "password": d.password}, 201, nil); err != nil {
		return fmt.Errorf("trainer account: %w", err)
	}
	var me struct {
		User struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	if err := d.trainer.do(ctx, "GET", "/api/auth/me", nil, 200, &me); err != nil {
		return err
	}
	d.trainerActor = exercises.Actor{Kind: exercises.RoleTrainer, ID: me.User.ID, Name: name}

	today := time.Now()
	var w struct {
		ID           string `json:"id"`
		JoinCode     string `json:"join_code"`
		JoinURL      string `json:"join_url"`
		ControlBoard string `json:"control_board"`
		Groups       []struct {
			ID string `json:"id"`
		} `json:"groups"`
		Curriculum json.RawMessage `json:"curriculum"`
	}
	if err := d.trainer.do(ctx, "POST", "/api/workshops", map[string]any{
		"title":          say(d.lang, "示范工作坊：销售过程管理", "Demo workshop: managing the sales process"),
		"client_company": say(d.lang, "华东电梯服务有限公司（虚构）", "East River Lift Services (fictional)"),
		"industry":       say(d.lang, "电梯维保", "Lift maintenance"),
		"starts_on":      today.Format("2006-01-02"), "ends_on": today.AddDate(0, 0, 1).Format("2006-01-02"),
		"language": d.lang, "groups": d.groups}, 201, &w); err != nil {
		return fmt.Errorf("workshop: %w", err)
	}
	d.workshop, d.code, d.joinURL, d.control = w.ID, w.JoinCode, w.JoinURL, w.ControlBoard

	var boards struct {
		Boards []struct {
			ID       string `json:"id"`
			Activity string `json:"activity"`
			Kind     string `json:"kind"`
			GroupID  string `json:"group_id"`
		} `json:"boards"`
	}
	if err := d.trainer.do(ctx, "GET", "/api/workshops/"+w.ID+"/boards", nil, 200, &boards); err != nil {
		return err
	}
	d.boardOf = map[string]map[string]string{}
	for _, b := range boards.Boards {
		if b.Kind == "notes" && b.GroupID != "" {
			if d.boardOf[b.Activity] == nil {
				d.boardOf[b.Activity] = map[string]string{}
			}
			d.boardOf[b.Activity][b.GroupID] = b.ID
		}
	}

	// Participants join through the API, each from its own loopback address
	// (the join limit is per address, as for phones on a venue's network).
	names := demoNames[d.lang]
	byGroup := map[string][]*demoPerson{}
	for gi, g := range w.Groups {
		for k := range d.members {
			n := gi*d.members + k
			nm := names[n%len(names)]
			if n >= len(names) {
				nm += strconv.Itoa(n/len(names) + 1)
			}
			api := newAPI(d.base, loopbackSource(n, 1))
			var view struct {
				Participant struct {
					ID string `json:"id"`
				} `json:"participant"`
			}
			if err := api.do(ctx, "POST", "/api/join", map[string]string{"code": w.JoinCode, "name": nm, "group_id": g.ID}, 201, &view); err != nil {
				return fmt.Errorf("join: %w", err)
			}
			p := &demoPerson{api: api, votes: map[string]int{},
				actor: exercises.Actor{Kind: exercises.RoleParticipant, ID: view.Participant.ID, Name: nm, Group: g.ID}}
			d.people = append(d.people, p)
			byGroup[g.ID] = append(byGroup[g.ID], p)
		}
	}

	// Fill every notes activity that exists in the curriculum: open it, let
	// each group write a different selection of notes, then vote.
	ops := 0
	for _, activity := range []string{"1.1", "2.1", "2.2", "3.4", "5.1", "5.3", "6.2"} {
		perGroup := d.boardOf[activity]
		lanes := demoNotes[activity]
		if perGroup == nil || lanes == nil {
			continue // not a notes activity of this curriculum
		}
		if activity != "1.1" {
			if err := d.apply(ctx, d.control, d.trainerActor, map[string]any{"kind": "activity.open", "activity": activity}); err != nil {
				return fmt.Errorf("open %s: %w", activity, err)
			}
		}
		for gi, g := range w.Groups {
			board, people := perGroup[g.ID], byGroup[g.ID]
			var written []string
			k := 0
			for _, lane := range sortedKeys(lanes) {
				notes := lanes[lane]
				for j := range min(2, len(notes)) {
					n := notes[(gi+j)%len(notes)]
					p := people[k%len(people)]
					id := fmt.Sprintf("d%s-%d", strings.ReplaceAll(activity, ".", ""), k)
					if err := d.apply(ctx, board, p.actor, map[string]any{"kind": "note.add", "id": id, "lane": lane, "text": n.text(d.lang)}); err != nil {
						return fmt.Errorf("note on %s: %w", activity, err)
					}
					if activity == "1.1" {
						p.notes = append(p.notes, id)
					}
					written = append(written, id)
					k++
					ops++
				}
			}
			for pi, p := range people {
				for v := range 2 {
					note := written[(pi*3+v*5+gi)%len(written)]
					if err := d.apply(ctx, board, p.actor, map[string]any{"kind": "vote.add", "note": note}); err != nil {
						return fmt.Errorf("vote on %s: %w", activity, err)
					}
					if activity == "1.1" {
						p.votes[note]++
					}
					ops++
				}
			}
		}
	}
	if err := d.apply(ctx, d.control, d.trainerActor, map[string]any{"kind": "now.set", "activity": "1.1"}); err != nil {
		return err
	}
	d.log.Info("demo workshop seeded", "participants", len(d.people), "groups", len(w.Groups), "operations", ops)
	return nil
}

func (d *demo) apply(ctx context.Context, board string, actor exercises.Actor, op map[string]any) error {
	data, err := json.Marshal(op)
	if err != nil {
		return err
	}
	_, err = d.hub.Apply(ctx, d.workshop, board, "demo-"+randomID(), actor, data)
	return err
}

func (d *demo) printHowTo(baseURL string, port int, temporary bool) {
	l := d.lang
	fmt.Printf("\n%s\n\n", say(l, "Playbook 示范工作坊已就绪", "The Playbook demo workshop is ready"))
	fmt.Printf("  %s\n    %s\n    %s %s\n    %s %s\n\n", say(l, "讲师：打开", "As the trainer, open"),
		fmt.Sprintf("http://localhost:%d/", port), say(l, "邮箱", "e-mail  "), d.email, say(l, "密码", "password"), d.password)
	fmt.Printf("  %s\n    %s\n    %s %s\n\n", say(l, "学员：在手机或另一个浏览器里打开（输入名字即可加入）", "As a participant, open on a phone or in another browser (type a name to join)"),
		d.joinURL, say(l, "加入码", "join code"), d.code)
	if temporary {
		fmt.Println(say(l, "  示范数据在临时数据库里，结束后删除；用 --db 文件名 可以保留。", "  The demo's data lives in a temporary database deleted on exit; use --db FILE to keep it."))
	}
	_ = baseURL
}

// runBots keeps every participant editing the 1.1 board of their group
// through the real websocket protocol: focus a note, change it, add one now
// and then, move a dot.
func (d *demo) runBots(ctx context.Context, rate float64) {
	each := time.Duration(float64(len(d.people)) / rate * float64(time.Second))
	for i, p := range d.people {
		go func() {
			time.Sleep(time.Duration(i) * each / time.Duration(len(d.people)))
			for ctx.Err() == nil {
				if err := d.bot(ctx, p, each); err != nil && ctx.Err() == nil {
					time.Sleep(2 * time.Second) // reconnect after a drop
				}
			}
		}()
	}
}

func (d *demo) bot(ctx context.Context, p *demoPerson, every time.Duration) error {
	board := d.boardOf["1.1"][p.actor.Group]
	wsURL := "ws" + strings.TrimPrefix(d.base, "http") + "/ws?workshop=" + d.workshop + "&as=participant"
	h := http.Header{}
	h.Set("Origin", d.base)
	h.Set("Cookie", p.api.cookieHeader())
	dialer := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	conn, _, err := dialer.DialContext(ctx, wsURL, h)
	if err != nil {
		return err
	}
	defer conn.Close()
	go func() { // read and discard; answer pings
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	}()
	send := func(v any) error {
		conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
		return conn.WriteJSON(v)
	}
	if err := send(map[string]any{"type": "subscribe", "board": board}); err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	texts := demoNotes["1.1"]
	lanes := sortedKeys(texts)
	for n := 0; ctx.Err() == nil; n++ {
		wait := every/2 + time.Duration(rand.Int64N(int64(every)))
		time.Sleep(wait)
		var op map[string]any
		lane := lanes[rand.IntN(len(lanes))]
		note := texts[lane][rand.IntN(len(texts[lane]))]
		switch r := rand.IntN(10); {
		case len(p.notes) == 0 || (r == 0 && len(p.notes) < 8):
			id := fmt.Sprintf("b%s-%d", p.actor.ID[len(p.actor.ID)-6:], len(p.notes))
			p.notes = append(p.notes, id)
			op = map[string]any{"kind": "note.add", "id": id, "lane": lane, "text": note.text(d.lang)}
		case r < 8:
			id := p.notes[rand.IntN(len(p.notes))]
			if err := send(map[string]any{"type": "presence", "board": board, "editing": id}); err != nil {
				return err
			}
			time.Sleep(time.Duration(500+rand.IntN(1500)) * time.Millisecond)
			op = map[string]any{"kind": "note.edit", "id": id, "text": note.text(d.lang) + say(d.lang, "（补充）", " (more)")}
		default:
			if from := anyVote(p.votes); from != "" {
				p.votes[from]--
				if err := send(map[string]any{"type": "op", "board": board, "id": "bot-" + randomID(), "op": map[string]any{"kind": "vote.remove", "note": from}}); err != nil {
					return err
				}
			}
			to := p.notes[rand.IntN(len(p.notes))]
			p.votes[to]++
			op = map[string]any{"kind": "vote.add", "note": to}
		}
		if err := send(map[string]any{"type": "op", "board": board, "id": "bot-" + randomID(), "op": op}); err != nil {
			return err
		}
		send(map[string]any{"type": "presence", "board": board, "editing": nil})
	}
	return nil
}

func anyVote(votes map[string]int) string {
	for n, k := range votes {
		if k > 0 {
			return n
		}
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func randomID() string {
	return strconv.FormatUint(rand.Uint64(), 36)
}

// randomPassword makes the demo trainer's password from the system's secure
// random source.
func randomPassword() string {
	const letters = "abcdefghjkmnpqrstuvwxyz23456789"
	b := make([]byte, 16)
	crand.Read(b)
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	return string(b[:4]) + "-" + string(b[4:8]) + "-" + string(b[8:12]) + "-" + string(b[12:])
}
