package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/go-redis/v9"

	"playbook/frontend"
	"playbook/realtime"
	"playbook/server"
	"playbook/store"
)

// config is the serve command's configuration: flags with environment
// fallbacks (PLAYBOOK_ADDR, PLAYBOOK_DB, PLAYBOOK_REDIS, PLAYBOOK_BASE_URL,
// PLAYBOOK_LANG, PLAYBOOK_ORIGINS, PLAYBOOK_LOG).
type config struct {
	addr    string
	db      string
	redis   string
	baseURL string
	lang    string
	origins string
	logFmt  string
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func (c *config) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.addr, "addr", env("PLAYBOOK_ADDR", ":8080"), "address to listen on (env PLAYBOOK_ADDR)")
	fs.StringVar(&c.db, "db", env("PLAYBOOK_DB", "./playbook.db"), "SQLite file path or postgres:// URL (env PLAYBOOK_DB)")
	fs.StringVar(&c.redis, "redis", env("PLAYBOOK_REDIS", ""), "redis:// URL for running several instances (env PLAYBOOK_REDIS)")
	fs.StringVar(&c.baseURL, "base-url", env("PLAYBOOK_BASE_URL", ""), "address participants open, for join links and QR codes; default http://<first LAN address>:<port> (env PLAYBOOK_BASE_URL)")
	fs.StringVar(&c.lang, "lang", env("PLAYBOOK_LANG", "zh-CN"), "default language of new workshops and of the console output: zh-CN or en (env PLAYBOOK_LANG)")
	fs.StringVar(&c.origins, "origins", env("PLAYBOOK_ORIGINS", ""), "extra allowed origins, comma-separated (env PLAYBOOK_ORIGINS)")
	fs.StringVar(&c.logFmt, "log", env("PLAYBOOK_LOG", ""), "log format: text or json; default text on a terminal, json otherwise (env PLAYBOOK_LOG)")
}

func newLogger(format string) *slog.Logger {
	if format == "" {
		format = "json"
		if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			format = "text"
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, nil))
}

func runServe(args []string) int {
	started := time.Now()
	var cfg config
	fset := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg.flags(fset)
	if err := fset.Parse(args); err != nil {
		return 2
	}
	if cfg.lang != "zh-CN" && cfg.lang != "en" {
		fmt.Fprintln(os.Stderr, "playbook serve: --lang must be zh-CN or en")
		return 2
	}
	log := newLogger(cfg.logFmt)
	slog.SetDefault(log)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if cfg.redis != "" && !store.IsPostgres(cfg.db) {
		fmt.Fprintln(os.Stderr, "playbook serve: --redis runs several instances, which must share one PostgreSQL database (--db postgres://…); SQLite serves a single instance")
		return 2
	}
	st := openStore(ctx, log, cfg.db)
	if st == nil {
		return 1
	}
	defer st.Close()

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		log.Error("cannot listen", "addr", cfg.addr, "err", err)
		return 1
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if cfg.baseURL == "" {
		cfg.baseURL = fmt.Sprintf("http://%s:%d", lanAddress(), port)
	}

	registry := prometheus.NewRegistry()
	registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := realtime.NewMetrics(registry)
	broker, rdb, closeBroker, err := newBroker(ctx, cfg.redis, log)
	if err != nil {
		log.Error("cannot use Redis", "err", err)
		return 1
	}
	defer closeBroker()
	hub := realtime.NewHub(st, broker, metrics, log, realtime.Options{})
	hub.Start()

	var origins []string
	for _, o := range strings.Split(cfg.origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			origins = append(origins, o)
		}
	}
	srv := server.New(server.Config{BaseURL: cfg.baseURL, Origins: origins, Frontend: frontendFS(log)},
		st, hub, metrics, registry, log)
	if rdb != nil {
		rate, burst := srv.JoinLimits()
		srv.SetJoinLimiter(server.NewRedisRateLimiter(rdb, "playbook:", rate, burst, log))
	}

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	go trimMemoryWhenQuiet(ctx, 20*time.Second, log)
	if addr := os.Getenv("PLAYBOOK_PPROF"); addr != "" {
		servePprof(addr, log)
	}

	printBanner(cfg, port, st.Dialect(), time.Since(started))
	if token, needed, err := srv.SetupToken(ctx); err != nil {
		log.Error("cannot prepare first-run setup", "err", err)
	} else if needed {
		fmt.Printf("\n  %s\n  %s/setup?token=%s\n\n", say(cfg.lang, "首次使用:打开下面的一次性链接,创建第一个讲师账号:",
			"First run: open this one-time link to create the first trainer account:"), cfg.baseURL, token)
	}

	select {
	case err := <-serveErr:
		if err != nil {
			log.Error("server stopped", "err", err)
			return 1
		}
	case <-ctx.Done():
	}
	log.Info("shutting down: closing connections and finishing commits")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 9*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.Canceled) {
		log.Warn("shutdown incomplete", "err", err)
		return 1
	}
	log.Info("stopped")
	return 0
}

func say(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

func printBanner(cfg config, port int, dialect store.Dialect, took time.Duration) {
	fmt.Printf("\nPlaybook %s (%s, %s)\n", say(cfg.lang, "已启动", "is running"), dialect, took.Round(time.Millisecond))
	fmt.Printf("  %s http://localhost:%d\n", say(cfg.lang, "本机:", "On this computer:"), port)
	fmt.Printf("  %s %s\n", say(cfg.lang, "局域网(学员用这个地址):", "On the LAN (for participants):"), cfg.baseURL)
}

// lanAddress returns the first private IPv4 address of this machine, or
// localhost when there is none.
func lanAddress() string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return "localhost"
	}
	var found []string
	for _, a := range addrs {
		ipnet, ok := a.(*net.IPNet)
		if !ok || ipnet.IP.IsLoopback() || ipnet.IP.To4() == nil {
			continue
		}
		if ipnet.IP.IsPrivate() {
			found = append(found, ipnet.IP.String())
		}
	}
	if len(found) == 0 {
		return "localhost"
	}
	sort.Strings(found)
	return found[0]
}

// frontendFS returns the embedded frontend, or nil when it was not built.
func frontendFS(log *slog.Logger) fs.FS {
	files := frontend.Dist()
	if _, err := fs.Stat(files, "index.html"); err != nil {
		log.Warn("the frontend is not built into this binary; run make build")
		return nil
	}
	return files
}

// redact hides a password in a database URL for logs.
func redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if j := strings.Index(dsn[i+3:], "@"); j >= 0 {
			return dsn[:i+3] + "…@" + dsn[i+3+j+1:]
		}
	}
	return dsn
}

// openStore opens the database and brings its schema up to date; it logs
// why it cannot and returns nil then.
func openStore(ctx context.Context, log *slog.Logger, db string) *store.Store {
	st, err := store.Open(ctx, db)
	if err != nil {
		log.Error("cannot open the database", "db", redact(db), "err", err)
		return nil
	}
	if err := st.Migrate(ctx); err != nil {
		log.Error("cannot migrate the database", "err", err)
		st.Close()
		return nil
	}
	return st
}

func runMigrate(args []string) int {
	var cfg config
	fset := flag.NewFlagSet("migrate", flag.ContinueOnError)
	cfg.flags(fset)
	if err := fset.Parse(args); err != nil {
		return 2
	}
	log := newLogger(cfg.logFmt)
	slog.SetDefault(log)
	ctx := context.Background()
	st := openStore(ctx, log, cfg.db)
	if st == nil {
		return 1
	}
	defer st.Close()
	fmt.Println("database is up to date:", redact(cfg.db))
	return 0
}

func sortedCommands() []string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// newBroker returns the in-memory broker, or the Redis broker (and its
// client, for shared rate limits) when a URL is given. An unreachable Redis
// is not fatal: the instance serves its own connections and joins the others
// when Redis answers.
func newBroker(ctx context.Context, redisURL string, log *slog.Logger) (realtime.Broker, *redis.Client, func(), error) {
	if redisURL == "" {
		return realtime.NewMemoryBroker(), nil, func() {}, nil
	}
	opt, err := realtime.RedisClientOptions(redisURL)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("--redis: %w", err)
	}
	realtime.QuietRedisLogs(log)
	rdb := redis.NewClient(opt)
	pingCtx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	if err := rdb.Ping(pingCtx).Err(); err != nil {
		log.Warn("Redis does not answer yet; serving this instance's connections alone until it does",
			"redis", redact(redisURL), "err", err)
	}
	b := realtime.NewRedisBroker(rdb, realtime.RedisOptions{Log: log})
	return b, rdb, func() { b.Close(); rdb.Close() }, nil
}
