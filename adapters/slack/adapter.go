// Package slack is jcabot's Slack adapter: slash commands, button clicks
// and mentions in, over signed HTTP requests or Socket Mode; Block Kit
// messages, updates in place and files out, through slack-go's Web API
// client. It knows the chat core (internal/bot) and the catalog, never the
// commands nor the store: what a request means is the Handler's business.
//
// Every HTTP request is verified (signature, timestamp, size) before
// anything else is done with it. A command always answers within Slack's
// three seconds; what takes longer completes through the command's
// response_url. Replies for the person alone are ephemeral; what the
// channel should see is posted by the bot, so it can be updated later.
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/deliver"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/outbox"
)

// UpdateSink applies message updates, coalesced (an outbox.Coalescer).
type UpdateSink interface {
	Submit(u bot.Update)
}

// Config is what the adapter needs. Handler, Catalog and BotToken are
// required; SigningSecret is required to serve HTTP, AppToken turns Socket
// Mode on.
type Config struct {
	// BotToken (xoxb-) authenticates every Web API call.
	BotToken string
	// AppToken (xapp-), when set, receives commands and clicks over Socket
	// Mode instead of public HTTP endpoints.
	AppToken string
	// SigningSecret verifies HTTP requests; without it no HTTP route is
	// served.
	SigningSecret string
	// APIURL is the Web API base URL, with its trailing slash (tests,
	// proxies); "" for Slack's own.
	APIURL string
	// TeamIDs, when not empty, are the only workspaces served; others get
	// 403.
	TeamIDs []string

	Handler  bot.Handler
	Recorder bot.PostRecorder // optional: told where tagged announcements were posted
	Updates  UpdateSink       // optional: where Reply.Updates go
	// Enqueue, when set, takes a channel post Slack would not take after a
	// few tries, for the outbox to deliver later.
	Enqueue func(ctx context.Context, e outbox.Entry) error
	// Waiting, when set, reports whether posts for a channel still wait in
	// the outbox (a new one then queues behind them).
	Waiting func(ctx context.Context, ch bot.ChannelID) bool

	Catalog     *i18n.Catalog
	DefaultLang i18n.Lang
	// Lang, when set, is the language a person chose (for the adapter's own
	// few words: "working on it").
	Lang func(ctx context.Context, id bot.Identity) i18n.Lang

	Log *slog.Logger
	// Now is the clock: signatures' timestamps, request times, the user
	// cache (time.Now when nil).
	Now func() time.Time
	// HTTPClient posts to response_url and calls the Web API.
	HTTPClient *http.Client
	// CommandDeadline is how long a command may run before the person gets
	// "working on it" (default 2.5 s, under Slack's 3 s).
	CommandDeadline time.Duration
	// WorkTimeout bounds a command's whole work (default 2 minutes).
	WorkTimeout time.Duration
	// UserTTL is how long a person's name and zone are cached (default 1 h).
	UserTTL time.Duration

	// api replaces the Web API client (tests in this package).
	api webAPI
}

// webAPI is the part of slack-go's client the adapter uses.
type webAPI interface {
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error)
	GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error)
	UploadFileContext(ctx context.Context, params slack.UploadFileParameters) (*slack.FileSummary, error)
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
}

var _ webAPI = (*slack.Client)(nil)

// Adapter is Slack for `jcabot serve`.
type Adapter struct {
	cfg    Config
	api    webAPI
	client *slack.Client // nil when cfg.api replaced it
	users  *userCache
	teams  map[string]bool
	// exec carries out every reply (the chat core's executor).
	exec *deliver.Executor
	// verifier checks HTTP requests against the signing secret.
	verifier *Verifier
	// replays refuses a verified request sent a second time.
	replays replayGuard
	// answerBuffers hold answers being encoded (*[]byte): most are a few
	// KB, and the same buffers serve request after request.
	answerBuffers sync.Pool
	ready         atomic.Bool

	// work is the parent of every command's context: cancelled only when
	// shutting down takes too long.
	work     context.Context
	stopWork context.CancelFunc
	inflight sync.WaitGroup
}

var (
	_ bot.Poster   = (*Adapter)(nil)
	_ bot.Updater  = (*Adapter)(nil)
	_ bot.Uploader = (*Adapter)(nil)
)

// New checks the configuration and builds the adapter.
func New(cfg Config) (*Adapter, error) {
	if cfg.Handler == nil || cfg.Catalog == nil {
		return nil, errors.New("slack: a handler and a catalog are required")
	}
	if !strings.HasPrefix(cfg.BotToken, "xoxb-") {
		return nil, errors.New("slack: the bot token must start with xoxb-")
	}
	if cfg.AppToken != "" && !strings.HasPrefix(cfg.AppToken, "xapp-") {
		return nil, errors.New("slack: the app token must start with xapp-")
	}
	if cfg.AppToken == "" && cfg.SigningSecret == "" {
		return nil, errors.New("slack: a signing secret is required unless Socket Mode is on")
	}
	if cfg.APIURL != "" {
		u, err := url.Parse(cfg.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("slack: the API URL %q is not an http(s) URL", cfg.APIURL)
		}
		if !strings.HasSuffix(cfg.APIURL, "/") {
			cfg.APIURL += "/"
		}
	}
	if cfg.DefaultLang == "" {
		cfg.DefaultLang = i18n.EN
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.CommandDeadline <= 0 {
		cfg.CommandDeadline = 2500 * time.Millisecond
	}
	if cfg.WorkTimeout <= 0 {
		cfg.WorkTimeout = 2 * time.Minute
	}
	if cfg.UserTTL <= 0 {
		cfg.UserTTL = time.Hour
	}
	a := &Adapter{cfg: cfg, api: cfg.api, teams: map[string]bool{}, verifier: NewVerifier(cfg.SigningSecret)}
	if a.api == nil {
		opts := []slack.Option{slack.OptionHTTPClient(cfg.HTTPClient)}
		if cfg.APIURL != "" {
			opts = append(opts, slack.OptionAPIURL(cfg.APIURL))
		}
		if cfg.AppToken != "" {
			opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
		}
		a.client = slack.New(cfg.BotToken, opts...)
		a.api = a.client
	}
	for _, t := range cfg.TeamIDs {
		if t = strings.TrimSpace(t); t != "" {
			a.teams[t] = true
		}
	}
	a.users = &userCache{api: a.api, ttl: cfg.UserTTL, now: cfg.Now, m: map[string]userEntry{}}
	a.exec = &deliver.Executor{Recorder: cfg.Recorder, Queue: cfg.Enqueue, Waiting: cfg.Waiting, Now: cfg.Now, Log: cfg.Log}
	if cfg.Updates != nil {
		a.exec.Updates = cfg.Updates
	}
	a.work, a.stopWork = context.WithCancel(context.Background())
	return a, nil
}

// Platform is Slack.
func (a *Adapter) Platform() bot.Platform { return bot.Slack }

// Poster is the adapter itself: it posts, updates and uploads.
func (a *Adapter) Poster() bot.Poster { return a }

// Ready reports whether Slack answered: the token was accepted (HTTP) or
// the socket is connected (Socket Mode).
func (a *Adapter) Ready() bool { return a.ready.Load() }

// SocketMode reports whether commands arrive over Socket Mode.
func (a *Adapter) SocketMode() bool { return a.cfg.AppToken != "" }

// Routes adds the three HTTP endpoints, when a signing secret is set.
func (a *Adapter) Routes(mux *http.ServeMux) {
	if a.cfg.SigningSecret == "" {
		return
	}
	mux.HandleFunc("POST /slack/commands", a.serveCommand)
	mux.HandleFunc("POST /slack/interactions", a.serveInteraction)
	mux.HandleFunc("POST /slack/events", a.serveEvent)
}

// Run checks the token (and, in Socket Mode, holds the connection) until
// ctx ends, then waits for the commands being handled, cancelling them if
// they take more than a few seconds.
func (a *Adapter) Run(ctx context.Context) error {
	defer a.drain(8 * time.Second)
	if a.SocketMode() {
		return a.runSocket(ctx)
	}
	a.checkAuth(ctx)
	<-ctx.Done()
	return nil
}

// checkAuth calls auth.test until Slack accepts the token, then marks the
// adapter ready.
func (a *Adapter) checkAuth(ctx context.Context) {
	wait := time.Second
	for {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		_, err := a.api.AuthTestContext(cctx)
		cancel()
		if err == nil {
			a.ready.Store(true)
			return
		}
		a.cfg.Log.Warn("slack: the bot token was not accepted yet", "err", classify("auth.test", err))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		wait = min(2*wait, time.Minute)
	}
}

// Wait blocks until every command, click and mention being handled is done.
func (a *Adapter) Wait() { a.inflight.Wait() }

// drain waits for the work in flight, cancelling it after grace.
func (a *Adapter) drain(grace time.Duration) {
	done := make(chan struct{})
	go func() { a.inflight.Wait(); close(done) }()
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		a.stopWork()
		<-done
	}
}

// goWork runs f in the background with its own deadline, counted in
// flight. A panic is logged (without the request) and goes no further.
func (a *Adapter) goWork(f func(ctx context.Context)) {
	a.inflight.Add(1)
	go func() {
		defer a.inflight.Done()
		defer func() {
			if p := recover(); p != nil {
				a.cfg.Log.Error("slack: a request's handling panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			}
		}()
		ctx, cancel := context.WithTimeout(a.work, a.cfg.WorkTimeout)
		defer cancel()
		f(ctx)
	}()
}

// serves reports whether the workspace is served.
func (a *Adapter) serves(team string) bool {
	return len(a.teams) == 0 || a.teams[team]
}

func (a *Adapter) now() time.Time { return a.cfg.Now() }

func (a *Adapter) lang(ctx context.Context, id bot.Identity) i18n.Lang {
	if a.cfg.Lang != nil {
		if l := a.cfg.Lang(ctx, id); l != "" {
			return l
		}
	}
	return a.cfg.DefaultLang
}

// langFn gives a language when first needed: most replies never need the
// adapter's own words, so most never look the person's language up.
type langFn func() i18n.Lang

// personLang is the person's language, looked up once, if ever.
func (a *Adapter) personLang(ctx context.Context, id bot.Identity) langFn {
	var once sync.Once
	var l i18n.Lang
	return func() i18n.Lang {
		once.Do(func() { l = a.lang(ctx, id) })
		return l
	}
}

func fixedLang(l i18n.Lang) langFn { return func() i18n.Lang { return l } }

// notes in a language, for the renderer.
type langNotes struct {
	cat  *i18n.Catalog
	lang langFn
}

func (n langNotes) continued(i, total int) bot.Text {
	return n.cat.Text(n.lang(), "slack.continued", "n", i, "total", total)
}
func (n langNotes) shortened() bot.Text { return n.cat.Text(n.lang(), "slack.shortened") }
func (n langNotes) fallback() string    { return n.cat.String(n.lang(), "slack.fallback") }

func (a *Adapter) notes(l langFn) notes { return langNotes{a.cfg.Catalog, l} }

func (a *Adapter) t(l i18n.Lang, key string, kv ...any) bot.Text {
	return a.cfg.Catalog.Text(l, key, kv...)
}

// splitChannel reads "slack:T1/C1" back into team and channel ids.
func splitChannel(ch bot.ChannelID) (team, channel string, err error) {
	rest, ok := strings.CutPrefix(string(ch), string(bot.Slack)+":")
	if !ok || rest == "" {
		return "", "", fmt.Errorf("%s is not a Slack channel: %w", ch, outbox.ErrPermanent)
	}
	team, channel, ok = strings.Cut(rest, "/")
	if !ok {
		return "", team, nil
	}
	return team, channel, nil
}
