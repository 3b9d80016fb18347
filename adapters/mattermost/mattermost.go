// Package mattermost is jcabot's Mattermost adapter: custom slash commands
// and interactive buttons in (POST /mattermost/commands and
// /mattermost/actions), posts out through model.Client4 with a bot
// account's token.
//
// Mattermost signs nothing. A slash command is accepted only with one of
// the configured command tokens (compared in constant time); a button click
// only when its integration context carries a valid, unexpired HMAC made by
// this bot. Everything the channel must see, and everything the bot updates
// later (a poll's tally), is posted by the bot itself with CreatePost: the
// server would post an in_channel command answer as the person who typed
// the command, and the bot could not edit it. Updates always rebuild the
// attachments and their integrations from the bot's own state, because the
// posts the server returns have lost them.
//
// Caveats: the adapter never logs tokens, request bodies or message
// contents; the people it looks up (names, zones, usernames) are cached in
// memory for an hour.
package mattermost

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/deliver"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/outbox"
)

// Paths of the endpoints the adapter serves.
const (
	CommandsPath = "/mattermost/commands"
	ActionsPath  = "/mattermost/actions"
)

// MaxBody is the largest request body accepted (larger ones get 413).
const MaxBody = 1 << 20

// DefaultActionTTL is how long a button stays valid after the message that
// carries it was last posted or updated. Every update signs its buttons
// afresh.
const DefaultActionTTL = 90 * 24 * time.Hour

// Config is the adapter's configuration.
type Config struct {
	// URL is the Mattermost server's site URL (MATTERMOST_URL).
	URL string
	// Token is the bot account's access token (MATTERMOST_TOKEN).
	Token string
	// CommandTokens are the slash command tokens accepted
	// (MATTERMOST_COMMAND_TOKENS).
	CommandTokens []string
	// PublicURL is how the Mattermost server reaches the bot: button
	// integrations point to PublicURL + ActionsPath.
	PublicURL string
	// TeamIDs, when not empty, are the only teams served; others get 403.
	TeamIDs []string
	// ActionSecret is the HMAC key of button contexts (at least 16 bytes).
	ActionSecret []byte
	// ActionTTL is how long a button stays valid (DefaultActionTTL if 0).
	ActionTTL time.Duration
	// Lang is the language of the adapter's own lines (the bot's default).
	Lang i18n.Lang
}

// Submitter applies message updates, coalesced (outbox.Coalescer).
type Submitter interface {
	Submit(u bot.Update)
}

// Deps is what the adapter needs from the bot.
type Deps struct {
	Handler  bot.Handler
	Recorder bot.PostRecorder // optional: told where tagged announcements were posted
	Updates  Submitter
	// Queue, when set, takes an announcement the server refused for now
	// (rate limit, outage), for the outbox to deliver later.
	Queue func(ctx context.Context, e outbox.Entry) error
	// Waiting, when set, reports whether posts for a channel still wait in
	// the outbox (a new one then queues behind them).
	Waiting func(ctx context.Context, ch bot.ChannelID) bool
	Catalog *i18n.Catalog
	// Lang, when set, is a person's chosen language, for the adapter's own
	// lines ("" for Config.Lang).
	Lang func(ctx context.Context, id bot.Identity) i18n.Lang
	Log  *slog.Logger
	Now  func() time.Time
	// Client is the Mattermost API client; nil builds a model.Client4 on
	// Config.URL with Config.Token.
	Client API
}

// API is the part of model.Client4 the adapter uses.
type API interface {
	CreatePost(ctx context.Context, post *model.Post) (*model.Post, *model.Response, error)
	UpdatePost(ctx context.Context, postID string, post *model.Post) (*model.Post, *model.Response, error)
	GetUser(ctx context.Context, userID, etag string) (*model.User, *model.Response, error)
	GetUserByUsername(ctx context.Context, userName, etag string) (*model.User, *model.Response, error)
	GetMe(ctx context.Context, etag string) (*model.User, *model.Response, error)
	UploadFile(ctx context.Context, data []byte, channelID, filename string) (*model.FileUploadResponse, *model.Response, error)
	CreateDirectChannel(ctx context.Context, userID1, userID2 string) (*model.Channel, *model.Response, error)
}

var _ API = (*model.Client4)(nil)

// Adapter serves one Mattermost server. It implements bot.Poster,
// bot.Updater and bot.Uploader.
type Adapter struct {
	cfg    Config
	d      Deps
	api    API
	sign   signer
	people *people
	exec   *deliver.Executor // carries out every reply
	tokens [][]byte
	teams  map[string]bool

	ready atomic.Bool
	mu    sync.Mutex
	me    *model.User // the bot's own account, once known
}

var (
	_ bot.Poster   = (*Adapter)(nil)
	_ bot.Updater  = (*Adapter)(nil)
	_ bot.Uploader = (*Adapter)(nil)
)

// NewClient returns a model.Client4 for the server at siteURL with token,
// with a request timeout.
func NewClient(siteURL, token string) *model.Client4 {
	c := model.NewAPIv4Client(siteURL)
	c.SetToken(token)
	c.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	return c
}

// New checks the configuration and builds the adapter. A bad value is an
// error naming its setting.
func New(cfg Config, d Deps) (*Adapter, error) {
	if err := checkURL(cfg.URL); err != nil {
		return nil, fmt.Errorf("MATTERMOST_URL: %w", err)
	}
	if strings.TrimSpace(cfg.Token) == "" {
		return nil, errors.New("MATTERMOST_TOKEN: the bot account's access token is required")
	}
	var tokens [][]byte
	for _, t := range cfg.CommandTokens {
		if t = strings.TrimSpace(t); t != "" {
			tokens = append(tokens, []byte(t))
		}
	}
	if len(tokens) == 0 {
		return nil, errors.New("MATTERMOST_COMMAND_TOKENS: at least one slash command token is required (jcabot mattermost-setup prints it)")
	}
	if err := checkURL(cfg.PublicURL); err != nil {
		return nil, fmt.Errorf("JCABOT_PUBLIC_URL: %w", err)
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	if len(cfg.ActionSecret) < 16 {
		return nil, errors.New("JCABOT_ACTION_SECRET: the secret must be at least 16 bytes long")
	}
	if cfg.ActionTTL <= 0 {
		cfg.ActionTTL = DefaultActionTTL
	}
	if cfg.Lang == "" {
		cfg.Lang = i18n.EN
	}
	if d.Handler == nil || d.Updates == nil || d.Catalog == nil {
		return nil, errors.New("mattermost: a handler, an update submitter and a catalog are required")
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	api := d.Client
	if api == nil {
		api = NewClient(cfg.URL, cfg.Token)
	}
	a := &Adapter{cfg: cfg, d: d, api: api, tokens: tokens}
	a.sign = signer{key: cfg.ActionSecret, ttl: cfg.ActionTTL, now: d.Now}
	a.people = newPeople(api, d.Now)
	a.exec = &deliver.Executor{Recorder: d.Recorder, Updates: d.Updates, Queue: d.Queue, Waiting: d.Waiting, Now: d.Now, Log: d.Log}
	if len(cfg.TeamIDs) > 0 {
		a.teams = map[string]bool{}
		for _, t := range cfg.TeamIDs {
			if t = strings.TrimSpace(t); t != "" {
				a.teams[t] = true
			}
		}
	}
	return a, nil
}

func checkURL(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("required (for example https://chat.example.org)")
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL (for example https://chat.example.org)", s)
	}
	return nil
}

// Platform is bot.Mattermost.
func (a *Adapter) Platform() bot.Platform { return bot.Mattermost }

// Routes adds the adapter's endpoints to mux.
func (a *Adapter) Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST "+CommandsPath, a.ServeCommand)
	mux.HandleFunc("POST "+ActionsPath, a.ServeAction)
}

// Poster returns the adapter itself: it posts, updates and uploads.
func (a *Adapter) Poster() bot.Poster { return a }

// Ready reports whether the bot account answered (Run).
func (a *Adapter) Ready() bool { return a.ready.Load() }

// Run checks the bot token by reading the bot's own account, retrying with
// a backoff until it answers or ctx ends; then it returns nil (the adapter
// has no connection to keep).
func (a *Adapter) Run(ctx context.Context) error {
	for attempt := 1; ; attempt++ {
		if _, err := a.botUser(ctx); err == nil {
			a.ready.Store(true)
			return nil
		} else {
			a.d.Log.Warn("mattermost: the bot account did not answer", "attempt", attempt, "err", err)
		}
		t := time.NewTimer(min(outbox.Backoff(attempt), time.Minute))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// botUser returns the bot's own account, read once.
func (a *Adapter) botUser(ctx context.Context) (*model.User, error) {
	a.mu.Lock()
	me := a.me
	a.mu.Unlock()
	if me != nil {
		return me, nil
	}
	u, resp, err := a.api.GetMe(ctx, "")
	if err != nil {
		return nil, classify("read the bot account", resp, err)
	}
	a.mu.Lock()
	a.me = u
	a.mu.Unlock()
	return u, nil
}

// served reports whether a team is served.
func (a *Adapter) served(team string) bool {
	return a.teams == nil || a.teams[team]
}

// channelOf splits a qualified channel id into team and channel.
func channelOf(c bot.ChannelID) (team, channel string, err error) {
	if c.Platform() != bot.Mattermost {
		return "", "", fmt.Errorf("channel %q is not a Mattermost channel: %w", c, outbox.ErrPermanent)
	}
	_, rest, _ := strings.Cut(string(c), ":")
	if t, ch, ok := strings.Cut(rest, "/"); ok {
		return t, ch, nil
	}
	return "", rest, nil
}
