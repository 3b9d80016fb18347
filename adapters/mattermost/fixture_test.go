package mattermost

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/jcabot/jcabot/adapters/mattermost/mattermosttest"
	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/outbox"
)

// clock is the tests' fake clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *clock) Add(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

var t0 = time.Date(2032, 3, 1, 12, 0, 0, 0, time.UTC)

const (
	commandToken = "okwexkjpe7ygb8eq1ww58t483w"
	secretKey    = "0123456789abcdef0123456789abcdef"
)

// pollBot is a fake handler that stands in for the commands: "poll new"
// announces a poll (tagged), a click on a vote button counts the vote and
// returns the updated poll for every posted copy; anything else echoes
// what it received.
type pollBot struct {
	mu       sync.Mutex
	requests []bot.Request
	votes    map[bot.Identity]string // person -> last answer ("1=yes")
	posts    []bot.MessageRef
	reply    func(req bot.Request) bot.Reply // overrides, when set
}

func (b *pollBot) Handle(ctx context.Context, req bot.Request) bot.Reply {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.requests = append(b.requests, req)
	if b.reply != nil {
		return b.reply(req)
	}
	switch {
	case strings.HasPrefix(req.Text, "poll new"):
		msg := b.message()
		return bot.Reply{Message: *new(bot.Message).Section(bot.T("Created P-1.")), Announce: &msg, AnnounceTag: "poll:1"}
	case req.Action != nil && req.Action.Name == "run" && strings.HasPrefix(req.Action.Value, "poll vote P-1 "):
		if b.votes == nil {
			b.votes = map[bot.Identity]string{}
		}
		b.votes[req.Person.ID] = strings.TrimPrefix(req.Action.Value, "poll vote P-1 ")
		rep := bot.Reply{Message: *new(bot.Message).Section(bot.Text{{Text: "Your vote on "}, {Kind: bot.Bold, Text: "P-1"},
			{Text: " is noted at " + req.Time.In(zone(req.Person.TZ)).Format("15:04 MST") + "."}})}
		for _, ref := range b.posts {
			rep.Updates = append(rep.Updates, bot.Update{Ref: ref, Message: b.message()})
		}
		return rep
	}
	var m bot.Message
	m.Section(bot.T("You said: " + req.Text))
	return bot.Reply{Message: m}
}

func zone(name string) *time.Location {
	if l, err := time.LoadLocation(name); err == nil && name != "" {
		return l
	}
	return time.UTC
}

// RecordPost is the bot's PostRecorder.
func (b *pollBot) RecordPost(ctx context.Context, tag string, ref bot.MessageRef) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if tag != "poll:1" {
		return fmt.Errorf("unknown tag %q", tag)
	}
	b.posts = append(b.posts, ref)
	return nil
}

// message is the poll with its tally: two slots with three buttons each.
func (b *pollBot) message() bot.Message {
	tally := map[string]int{}
	for _, v := range b.votes {
		tally[v]++
	}
	var m bot.Message
	m.Title = bot.Text{{Kind: bot.Bold, Text: "P-1"}, {Text: " March e-meeting"}}
	for slot := 1; slot <= 2; slot++ {
		s := strconv.Itoa(slot)
		m.Section(bot.T(fmt.Sprintf("%d · Thu 26 Mar · ✓ %d ~ %d ✗ %d", slot, tally[s+"=yes"], tally[s+"=maybe"], tally[s+"=no"])))
		m.AddButtons(
			bot.Button{Label: "Yes", Action: bot.Action{Name: "run", Value: "poll vote P-1 " + s + "=yes"}, Style: "primary"},
			bot.Button{Label: "If need be", Action: bot.Action{Name: "run", Value: "poll vote P-1 " + s + "=maybe"}},
			bot.Button{Label: "No", Action: bot.Action{Name: "run", Value: "poll vote P-1 " + s + "=no"}},
		)
	}
	m.Context(bot.T(fmt.Sprintf("%d answered · /jca poll show P-1", len(b.votes))))
	return m
}

func (b *pollBot) calls() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.requests)
}

func (b *pollBot) last() bot.Request {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.requests[len(b.requests)-1]
}

// fixture is the adapter on a fake Mattermost server, serving its own
// endpoints over HTTP, with a coalescer on the fake clock.
type fixture struct {
	t     *testing.T
	mm    *mattermosttest.Server
	a     *Adapter
	bot   *pollBot
	co    *outbox.Coalescer
	clock *clock
	web   *httptest.Server
	team  string
	queue []outbox.Entry
}

type fixtureOption func(*Config)

func newFixture(t *testing.T, opts ...fixtureOption) *fixture {
	t.Helper()
	f := &fixture{t: t, mm: mattermosttest.NewServer(), bot: &pollBot{}, clock: &clock{t: t0}, team: "carya1qs77bemjup96ff538snh"}
	t.Cleanup(f.mm.Close)
	f.mm.Now = f.clock.Now
	cat, err := i18n.Default()
	if err != nil {
		t.Fatal(err)
	}
	f.co = &outbox.Coalescer{}
	cfg := Config{
		URL: f.mm.URL, Token: f.mm.BotToken, CommandTokens: []string{"other-token", commandToken},
		PublicURL: "https://bot.example.org/", ActionSecret: []byte(secretKey),
	}
	for _, o := range opts {
		o(&cfg)
	}
	f.a, err = New(cfg, Deps{
		Handler: f.bot, Recorder: f.bot, Updates: f.co, Catalog: cat, Now: f.clock.Now,
		Queue: func(ctx context.Context, e outbox.Entry) error { f.queue = append(f.queue, e); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	f.co.Platforms = map[bot.Platform]bot.Poster{bot.Mattermost: f.a}
	mux := http.NewServeMux()
	f.a.Routes(mux)
	f.web = httptest.NewServer(mux)
	t.Cleanup(f.web.Close)
	t.Cleanup(func() {
		if m := cat.Missing(); len(m) > 0 {
			t.Errorf("catalog keys used but missing: %v", m)
		}
	})
	return f
}

// user adds a Mattermost account with a zone.
func (f *fixture) user(id, username, first, last, tz string) *model.User {
	u := &model.User{Id: id, Username: username, FirstName: first, LastName: last,
		Timezone: model.StringMap{"useAutomaticTimezone": "false", "manualTimezone": tz, "automaticTimezone": ""}}
	return f.mm.AddUser(u)
}

// command posts a slash command form; header is the Authorization value
// ("" for none).
func (f *fixture) command(form url.Values, header string) (*http.Response, []byte) {
	f.t.Helper()
	return f.postRaw(CommandsPath, "application/x-www-form-urlencoded", form.Encode(), header)
}

func (f *fixture) postRaw(path, ctype, body, auth string) (*http.Response, []byte) {
	f.t.Helper()
	req, err := http.NewRequest(http.MethodPost, f.web.URL+path, strings.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "Mattermost-Bot/1.1")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := f.web.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp, data
}

// slash sends "/jca <text>" as a user of the fixture's team, as a real
// server does, and returns the decoded answer.
func (f *fixture) slash(userID, text string) *model.CommandResponse {
	f.t.Helper()
	form := url.Values{
		"channel_id": {"chan000000000000000000000a"}, "channel_name": {"town-square"}, "command": {"/jca"},
		"response_url": {f.mm.URL + "/hooks/commands/xbrkb8p393gjpq5cawei7npije"}, "team_domain": {"itu"},
		"team_id": {f.team}, "text": {text}, "token": {commandToken}, "trigger_id": {"dHJpZ2dlcg=="},
		"user_id": {userID}, "user_name": {"someone"},
	}
	f.mm.Member(userID)
	resp, body := f.command(form, "Token "+commandToken)
	if resp.StatusCode != http.StatusOK {
		f.t.Fatalf("/jca %s: status %d: %s", text, resp.StatusCode, body)
	}
	var cr model.CommandResponse
	if err := json.Unmarshal(body, &cr); err != nil {
		f.t.Fatalf("/jca %s: %v: %s", text, err, body)
	}
	return &cr
}

// click sends a button click as the server would: the action's context as
// the bot made it.
func (f *fixture) click(userID, postID string, action *model.PostAction) (int, *model.PostActionIntegrationResponse) {
	f.t.Helper()
	return f.clickContext(userID, postID, f.team, action.Integration.Context)
}

func (f *fixture) clickContext(userID, postID, team string, ctx map[string]any) (int, *model.PostActionIntegrationResponse) {
	f.t.Helper()
	if userID != "" {
		f.mm.Member(userID)
	}
	in := model.PostActionIntegrationRequest{UserId: userID, UserName: "u", ChannelId: "chan000000000000000000000a",
		ChannelName: "town-square", TeamId: team, TeamName: "itu", PostId: postID, TriggerId: "dHJpZ2dlcg==", Context: ctx}
	body, err := json.Marshal(in)
	if err != nil {
		f.t.Fatal(err)
	}
	resp, data := f.postRaw(ActionsPath, "application/json", string(body), "")
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, nil
	}
	var out model.PostActionIntegrationResponse
	if err := json.Unmarshal(data, &out); err != nil {
		f.t.Fatalf("click answer: %v: %s", err, data)
	}
	return resp.StatusCode, &out
}

// pollPost posts the poll with "/jca poll new" and returns the post as the
// server stores it (integrations included).
func (f *fixture) pollPost() *model.Post {
	f.t.Helper()
	cr := f.slash("creator000000000000000000a", `poll new "March e-meeting"`)
	if cr.ResponseType != model.CommandResponseTypeEphemeral {
		f.t.Fatalf("the command's own answer is %q, want ephemeral", cr.ResponseType)
	}
	creates := f.mm.Calls("POST /posts")
	if len(creates) != 1 {
		f.t.Fatalf("%d posts created, want 1", len(creates))
	}
	f.bot.mu.Lock()
	posts := append([]bot.MessageRef(nil), f.bot.posts...)
	f.bot.mu.Unlock()
	if len(posts) != 1 {
		f.t.Fatalf("recorded posts: %v", posts)
	}
	p := f.mm.StoredPost(posts[0].ID)
	if p == nil {
		f.t.Fatalf("the recorded post %s is not on the server", posts[0].ID)
	}
	return p
}

// actions lists a post's buttons, by attachment.
func actions(p *model.Post) [][]*model.PostAction {
	var out [][]*model.PostAction
	for _, att := range p.Attachments() {
		out = append(out, att.Actions)
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
