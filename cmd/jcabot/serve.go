package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/jcabot/jcabot/commands"
	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/control"
	"github.com/jcabot/jcabot/internal/deliver"
	"github.com/jcabot/jcabot/internal/gctune"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/metrics"
	"github.com/jcabot/jcabot/internal/outbox"
	"github.com/jcabot/jcabot/internal/schedule"
)

// chatAdapter is a chat platform served by `jcabot serve`. Each platform's
// file (serve_slack.go, serve_mattermost.go) builds one from the
// environment.
type chatAdapter interface {
	// Platform is the platform it serves.
	Platform() bot.Platform
	// Routes adds its HTTP endpoints.
	Routes(mux *http.ServeMux)
	// Poster posts (and, optionally, updates and uploads) on the platform.
	Poster() bot.Poster
	// Run does its background work (a socket connection) until ctx ends;
	// it may return nil at once when it has none.
	Run(ctx context.Context) error
	// Ready reports whether it is connected.
	Ready() bool
}

// serveDeps is what an adapter needs from the bot.
type serveDeps struct {
	Handler  bot.Handler
	Recorder bot.PostRecorder
	// Updates applies message updates, coalesced (bot.Reply.Updates).
	Updates *outbox.Coalescer
	// Store is the data file: the outbox, people's languages, secrets.
	Store     dataStore
	Catalog   *i18n.Catalog
	Lang      i18n.Lang // JCABOT_LANG
	Log       *slog.Logger
	Now       func() time.Time
	Getenv    func(string) string
	PublicURL string
	// Metrics, when not nil, counts the chat API calls (JCABOT_METRICS_ADDR).
	Metrics *metrics.Metrics
}

// newServeDeps gathers what the adapters share.
func (m *Main) newServeDeps(router *commands.Router, db dataStore, updates *outbox.Coalescer) serveDeps {
	return serveDeps{Handler: router, Recorder: router.Posts(), Updates: updates, Store: db, Catalog: router.Catalog(),
		Lang: m.cfg.Lang, Log: m.log, Now: m.Now, Getenv: m.Getenv,
		PublicURL: strings.TrimRight(m.Getenv("JCABOT_PUBLIC_URL"), "/")}
}

// queue puts a post in the outbox, for delivery with retries.
func (d serveDeps) queue(ctx context.Context, e outbox.Entry) error { return d.Store.Enqueue(ctx, e) }

// waiting reports whether posts for ch still wait in the outbox; when the
// store cannot say, it answers no (the post is tried at once).
func (d serveDeps) waiting(ctx context.Context, ch bot.ChannelID) bool {
	entries, err := d.Store.WaitingEntries(ctx, 0)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if e.Channel == ch {
			return true
		}
	}
	return false
}

// personLang is the language a person chose with `lang set`, "" if none.
func (d serveDeps) personLang(ctx context.Context, id bot.Identity) i18n.Lang {
	return personLang(ctx, d.Store, id)
}

// personLang is the language a person chose with `lang set`, "" if none
// (or when the store cannot say).
func personLang(ctx context.Context, db dataStore, id bot.Identity) i18n.Lang {
	p, err := db.FindPerson(ctx, jca.PersonID(id))
	if err != nil {
		return ""
	}
	l, _ := i18n.ParseLang(p.Lang)
	return l
}

// adapterFactory builds an adapter from the environment: ok is false when
// its variables are absent (the platform is not served).
type adapterFactory struct {
	name  string
	vars  []string // the variables that turn it on, for the start-up error
	build func(ctx context.Context, d serveDeps) (a chatAdapter, ok bool, err error)
}

// adapterFactories lists the platforms `serve` knows, filled by each
// platform's file.
func adapterFactories() []adapterFactory {
	return []adapterFactory{slackFactory(), mattermostFactory()}
}

// serve runs the chat servers: one HTTP server on JCABOT_ADDR with every
// platform whose settings are present, the scheduler, the outbox, the
// control socket, and a graceful shutdown on SIGINT/SIGTERM.
func (m *Main) serve(ctx context.Context, args []string) int {
	fs := m.newFlagSet("serve", "jcabot serve   (settings from the environment: see the README)")
	if code, ok := m.parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(m.Stderr, "%s: unexpected %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	addr := m.Getenv("JCABOT_ADDR")
	if addr == "" {
		addr = ":8080"
	}
	m.log = slog.New(logHandler(m.Stderr))
	metricsAddr := m.Getenv("JCABOT_METRICS_ADDR")
	if metricsAddr != "" && metricsAddr == addr {
		m.log.Error("JCABOT_METRICS_ADDR must differ from JCABOT_ADDR: metrics and profiles are never served on the chat port")
		return exitUsage
	}
	mt := m.newMetrics()
	if mt != nil {
		m.observe = observeCommands(mt)
	}
	gogc, restoreGC := gctune.Apply(m.Getenv)
	defer restoreGC()
	db, router, err := m.openStore(ctx, time.Second)
	if err != nil {
		m.log.Error("open the store", "err", err)
		return exitStore
	}
	defer db.Close()
	opened := time.Now()
	go func() { // the operator learns when a big register is indexed
		if err := db.WaitIndexed(ctx); err != nil {
			if ctx.Err() == nil {
				m.log.Error("index the register", "err", err)
			}
			return
		}
		took := time.Since(opened)
		// Filling read the kept index or decoded every record: return
		// that garbage to the system now rather than hold it until the
		// heap next shrinks.
		debug.FreeOSMemory()
		m.log.Info("indexed the register", "ms", took.Milliseconds())
	}()

	coalescer := &outbox.Coalescer{
		Render: router.Posts().RenderUpdate,
		Failed: func(ref bot.MessageRef, err error) {
			m.log.Warn("a message update was given up", "channel", ref.Channel, "err", err)
		},
	}
	deps := m.newServeDeps(router, db, coalescer)
	deps.Metrics = mt
	var adapters []chatAdapter
	var vars []string
	for _, f := range adapterFactories() {
		a, ok, err := f.build(ctx, deps)
		if err != nil {
			m.log.Error("bad "+f.name+" settings", "err", err)
			return exitUsage
		}
		vars = append(vars, f.vars...)
		if ok {
			adapters = append(adapters, a)
		}
	}
	if len(adapters) == 0 {
		m.log.Error("no chat platform is configured: set " + strings.Join(vars, " or "))
		return exitUsage
	}
	platforms := map[bot.Platform]bot.Poster{}
	for _, a := range adapters {
		platforms[a.Platform()] = a.Poster()
	}
	coalescer.Platforms = platforms
	// Pending updates lived in memory: after a crash, every recent poll's
	// copies are brought up to date (rendered from the store when sent).
	if ups, err := router.Posts().StartupUpdates(ctx, m.Now()); err != nil {
		m.log.Error("refresh posted polls", "err", err)
	} else {
		for _, u := range ups {
			coalescer.Submit(u)
		}
	}
	dispatcher := &outbox.Dispatcher{Store: db, Platforms: platforms, Recheck: router.Planner().Recheck, Render: router.Posts().RenderUpdate,
		Delivered: func(ctx context.Context, e outbox.Entry) {
			if e.Tag != "" && e.Update == nil { // a queued poll: remember where it went
				if err := router.Posts().RecordPost(ctx, e.Tag, e.Ref); err != nil {
					m.log.Error("record a delivered post", "tag", e.Tag, "err", err)
				}
			}
		},
		Log: func(msg string, args ...any) { m.log.Warn(msg, args...) }}
	dispatcher.Failed = (&deliver.Teller{Platforms: platforms, Catalog: router.Catalog(), DefaultLang: m.cfg.Lang,
		Lang: deps.personLang, Log: m.log}).Failed
	runner := &schedule.Runner{
		Pass: schedule.Pass{
			Tick:    func(ctx context.Context, now time.Time) error { return router.Planner().Tick(ctx, db, now) },
			Deliver: dispatcher.Deliver,
		},
		Now: m.Now, Log: m.log,
	}
	if mt != nil {
		watchServe(mt, db, runner)
	}

	srv, err := control.Listen(ctx, control.SocketPath(m.cfg.DataPath), controlHandler{router, db, m.Now})
	if err != nil {
		m.log.Error("control socket", "err", err)
		return exitRefused
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		for _, a := range adapters {
			if !a.Ready() {
				http.Error(w, string(a.Platform())+" not connected", http.StatusServiceUnavailable)
				return
			}
		}
		io.WriteString(w, "ready\n")
	})
	for _, a := range adapters {
		a.Routes(mux)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		m.log.Error("listen", "addr", addr, "err", err)
		return exitRefused
	}
	httpSrv := edgeServer(mux, serveLimits)
	var metricsSrv *http.Server
	var metricsLn net.Listener
	if mt != nil {
		if metricsLn, err = net.Listen("tcp", metricsAddr); err != nil {
			ln.Close()
			m.log.Error("listen for metrics", "addr", metricsAddr, "err", err)
			return exitRefused
		}
		metricsSrv = metricsServer(mt)
	}

	runCtx, stopWork := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(2 + len(adapters))
	if metricsSrv != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := metricsSrv.Serve(metricsLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
				m.log.Error("metrics server", "err", err)
			}
		}()
		m.log.Info("metrics and profiles", "addr", metricsLn.Addr().String())
	}
	go func() { defer wg.Done(); coalescer.Run(runCtx, 100*time.Millisecond, m.Now) }()
	go func() {
		defer wg.Done()
		if err := httpSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.log.Error("http server", "err", err)
		}
	}()
	for _, a := range adapters {
		go func(a chatAdapter) {
			defer wg.Done()
			if err := a.Run(runCtx); err != nil && runCtx.Err() == nil {
				m.log.Error("adapter stopped", "platform", a.Platform(), "err", err)
			}
		}(a)
	}
	if err := runner.Start(runCtx); err != nil {
		m.log.Error("scheduler", "err", err)
	}
	m.log.Info("serving", "addr", ln.Addr().String(), "platforms", len(adapters), "data", m.cfg.DataPath, "gogc", gogc)

	<-ctx.Done() // SIGINT or SIGTERM
	m.log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	httpSrv.Shutdown(shutdown) // stop taking new work, let requests finish
	if metricsSrv != nil {
		metricsSrv.Close() // a profile being taken is cut short
	}
	if err := runner.Stop(shutdown); err != nil {
		m.log.Error("scheduler stop", "err", err)
	}
	stopWork()
	wg.Wait()
	if err := srv.Close(shutdown); err != nil {
		m.log.Error("control socket close", "err", err)
	}
	return exitOK
}

// logHandler logs JSON when stderr is not a terminal, text otherwise.
func logHandler(w io.Writer) slog.Handler {
	if isTerminal(w) {
		return slog.NewTextHandler(w, nil)
	}
	return slog.NewJSONHandler(w, nil)
}
