package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/jcabot/jcabot/adapters/mattermost"
	"github.com/jcabot/jcabot/adapters/mattermost/mattermosttest"
	"github.com/jcabot/jcabot/commands"
	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/config"
	"github.com/jcabot/jcabot/internal/deliver"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/outbox"
)

const (
	mmCommandToken = "okwexkjpe7ygb8eq1ww58t483w"
	mmChair        = "chairchairchairchairchair1"
	mmChannel      = "townsquare0000000000000001"
	pollMarchLine  = `poll new "March e-meeting" --slot "2032-03-26 14:00" --slot "2032-03-29 09:30" --tz Europe/Zurich`
)

// mmClock is the test's clock, shared by the adapter, the commands, the
// coalescer and the fake server's records.
type mmClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *mmClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *mmClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// fakeSlack stands in for the Slack adapter's poster: it records posts
// and updates.
type fakeSlack struct {
	mu      sync.Mutex
	posts   []bot.MessageRef
	msgs    []bot.Message
	updates []bot.Update
}

func (s *fakeSlack) Post(ctx context.Context, ch bot.ChannelID, m bot.Message) (bot.MessageRef, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ref := bot.MessageRef{Channel: ch, ID: fmt.Sprintf("1700000000.%06d", len(s.posts)+1)}
	s.posts, s.msgs = append(s.posts, ref), append(s.msgs, m)
	return ref, nil
}

func (s *fakeSlack) Update(ctx context.Context, ref bot.MessageRef, m bot.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updates = append(s.updates, bot.Update{Ref: ref, Message: m})
	return nil
}

// mmServe is `jcabot serve` with Mattermost wired as serve wires it (the
// adapter built from the environment, the real router on a real store, one
// coalescer), on an httptest server talking to a fake Mattermost; Slack is
// a fake poster in the same coalescer.
type mmServe struct {
	t      *testing.T
	mm     *mattermosttest.Server
	team   *model.Team
	clock  *mmClock
	a      *mattermost.Adapter
	co     *outbox.Coalescer
	slack  *fakeSlack
	router *commands.Router
	db     dataStore
	srv    *httptest.Server
}

func newMMServe(t *testing.T) *mmServe {
	t.Helper()
	s := &mmServe{t: t, mm: mattermosttest.NewServer(), slack: &fakeSlack{},
		clock: &mmClock{t: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}}
	t.Cleanup(s.mm.Close)
	s.mm.Now = s.clock.Now
	s.team = s.mm.AddTeam("itu")
	env := map[string]string{
		"MATTERMOST_URL": s.mm.URL + "/", "MATTERMOST_TOKEN": s.mm.BotToken,
		"MATTERMOST_COMMAND_TOKENS": "another0token0for0team0two, " + mmCommandToken,
		"MATTERMOST_TEAM_IDS":       s.team.Id, "JCABOT_PUBLIC_URL": "https://bot.example.org",
		"JCABOT_CHAIRS": "mattermost:" + mmChair + ",slack:UCHAIR",
	}
	m, _, _ := testMain(t.TempDir(), nil, env)
	cfg, err := config.Load(m.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	m.cfg, m.log = cfg, slog.New(slog.DiscardHandler)
	s.db, s.router, err = m.openStore(context.Background(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.db.Close() })
	s.co = &outbox.Coalescer{Render: s.router.Posts().RenderUpdate}
	deps := m.newServeDeps(s.router, s.db, s.co)
	deps.Now, deps.PublicURL = s.clock.Now, "https://bot.example.org"
	a, ok, err := buildMattermost(context.Background(), deps)
	if !ok || err != nil {
		t.Fatalf("build: %v %v", ok, err)
	}
	s.a = a.(*mattermost.Adapter)
	s.co.Platforms = map[bot.Platform]bot.Poster{bot.Mattermost: a.Poster(), bot.Slack: s.slack}
	mux := http.NewServeMux()
	a.Routes(mux)
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

func (s *mmServe) user(id, username, tz string) {
	s.mm.AddUser(&model.User{Id: id, Username: username, FirstName: username,
		Timezone: model.StringMap{"useAutomaticTimezone": "true", "automaticTimezone": tz}})
}

// slash types /jca text in the team's town square.
func (s *mmServe) slash(userID, text string) string {
	s.t.Helper()
	s.mm.Member(userID)
	form := url.Values{"channel_id": {mmChannel}, "channel_name": {"town-square"}, "command": {"/jca"},
		"response_url": {s.mm.URL + "/hooks/commands/x"}, "team_domain": {"itu"}, "team_id": {s.team.Id},
		"text": {text}, "token": {mmCommandToken}, "trigger_id": {"dHJpZ2dlcg=="}, "user_id": {userID}, "user_name": {"u"}}
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/mattermost/commands", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Token "+mmCommandToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("/jca %s: %d %s", text, resp.StatusCode, body)
	}
	var cr model.CommandResponse
	if err := json.Unmarshal(body, &cr); err != nil || cr.ResponseType != model.CommandResponseTypeEphemeral {
		s.t.Fatalf("/jca %s: %v %s", text, err, body)
	}
	return cr.Text
}

// click sends a click on a stored post's button.
func (s *mmServe) click(userID, postID string, a *model.PostAction) (int, string) {
	s.mm.Member(userID)
	in := model.PostActionIntegrationRequest{UserId: userID, ChannelId: mmChannel, TeamId: s.team.Id, PostId: postID, Context: a.Integration.Context}
	b, _ := json.Marshal(in)
	resp, err := http.Post(s.srv.URL+"/mattermost/actions", "application/json", strings.NewReader(string(b)))
	if err != nil {
		s.t.Error(err)
		return 0, ""
	}
	defer resp.Body.Close()
	var out model.PostActionIntegrationResponse
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out.EphemeralText
}

// slackDo runs a line as a Slack person through the router, as the Slack
// adapter would, posting announcements with the fake Slack poster and
// submitting updates to the shared coalescer.
func (s *mmServe) slackDo(user, channel, line string, action bool) bot.Reply {
	s.t.Helper()
	ctx := context.Background()
	req := bot.Request{Platform: bot.Slack, Team: "T0JCA", Channel: bot.NewChannelID(bot.Slack, "T0JCA", channel),
		Person: bot.Person{ID: bot.NewIdentity(bot.Slack, user), Name: user}, Time: s.clock.Now()}
	if action {
		req.Action = &bot.Action{Name: commands.RunAction, Value: line}
	} else {
		req.Text = line
	}
	rep := s.router.Handle(ctx, req)
	if rep.Refused {
		s.t.Fatalf("%s: refused: %v", line, rep.Message)
	}
	if rep.Announce != nil {
		ref, _ := s.slack.Post(ctx, req.Channel, *rep.Announce)
		if rep.AnnounceTag != "" {
			if err := s.router.Posts().RecordPost(ctx, rep.AnnounceTag, ref); err != nil {
				s.t.Fatal(err)
			}
		}
	}
	for _, u := range rep.Updates {
		s.co.Submit(u)
	}
	return rep
}

// mmPoll returns the poll's Mattermost post as the server keeps it.
func (s *mmServe) mmPoll(id int) *model.Post {
	s.t.Helper()
	p, err := s.db.FindPoll(context.Background(), id)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, post := range p.Posts {
		if bot.ChannelID(post.Channel).Platform() == bot.Mattermost && post.ID != "" {
			if stored := s.mm.StoredPost(post.ID); stored != nil {
				return stored
			}
		}
	}
	s.t.Fatalf("no Mattermost copy of P-%d: %+v", id, p.Posts)
	return nil
}

func mmButton(p *model.Post, value string) *model.PostAction {
	for _, att := range p.Attachments() {
		for _, a := range att.Actions {
			if a.Integration != nil && a.Integration.Context["value"] == value {
				return a
			}
		}
	}
	return nil
}

// TestMattermostPollBurstEndToEnd: `/jca poll new` posts the poll as the
// bot with signed buttons; 300 clicks from 300 people within one second of
// the fake clock all count, with at most one UpdatePost in that second and
// one after, the last carrying the full tally and rebuilt integrations; a
// 429 is retried after its Retry-After.
func TestMattermostPollBurstEndToEnd(t *testing.T) {
	s := newMMServe(t)
	ctx := context.Background()
	out := s.slash(mmChair, pollMarchLine)
	if !strings.Contains(out, "P-1") {
		t.Fatalf("poll new: %s", out)
	}
	creates := s.mm.Calls("POST /posts")
	if len(creates) != 1 || creates[0].Post.ChannelId != mmChannel {
		t.Fatalf("posts: %+v", creates)
	}
	post := s.mmPoll(1)
	if post.UserId != s.mm.Bot.Id {
		t.Fatal("the poll is not the bot's post")
	}
	yes := mmButton(post, "poll vote P-1 1=yes")
	if yes == nil || yes.Integration.URL != "https://bot.example.org/mattermost/actions" {
		t.Fatalf("no signed Yes button: %s", mattermosttest.Sprint(post))
	}
	t0 := s.clock.Now()
	for i := 0; i < 300; i++ {
		s.user(fmt.Sprintf("voter%021d", i), fmt.Sprintf("voter%d", i), "America/New_York")
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32)
	inSecond := 0
	for i := 0; i < 300; i++ {
		s.clock.Set(t0.Add(time.Duration(i) * 3 * time.Millisecond))
		if i%50 == 49 {
			wg.Wait()
			inSecond += s.co.Flush(ctx, s.clock.Now())
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			status, text := s.click(fmt.Sprintf("voter%021d", i), post.Id, yes)
			if status != http.StatusOK || !strings.Contains(text, "P-1") || !strings.Contains(text, "EST") {
				t.Errorf("click %d: %d %q", i, status, text)
			}
		}()
	}
	wg.Wait()
	// Concurrent clicks finish in any order; the update is rendered when
	// it is sent, so the last one carries the full tally.
	s.clock.Set(t0.Add(990 * time.Millisecond))
	inSecond += s.co.Flush(ctx, s.clock.Now())
	if inSecond > 1 {
		t.Fatalf("%d UpdatePost in the burst's second", inSecond)
	}
	ballots, err := s.db.Ballots(ctx, 1)
	if err != nil || len(ballots) != 300 {
		t.Fatalf("%d ballots (%v)", len(ballots), err)
	}
	after := 0
	for d := time.Second; d <= 2*time.Second && s.co.Pending() > 0; d += 100 * time.Millisecond {
		after += s.co.Flush(ctx, t0.Add(d))
	}
	if after != 1 || s.co.Pending() != 0 {
		t.Fatalf("%d UpdatePost after the second, %d pending", after, s.co.Pending())
	}
	updates := s.mm.Calls("PUT /posts/{id}")
	last := updates[len(updates)-1].Post
	if !strings.Contains(mattermosttest.Sprint(last), "300 people answered") || mmButton(last, "poll vote P-1 2=no") == nil {
		t.Fatalf("last update: %s", mattermosttest.Sprint(last))
	}
	if b := mmButton(s.mm.StoredPost(post.Id), "poll vote P-1 1=yes"); b == nil {
		t.Fatal("the stored post lost its integrations")
	}
	if got := s.mm.StoredPost(post.Id).GetProp(model.PostPropsFromBot); got != "true" {
		t.Fatalf("an update dropped from_bot: %v", got)
	}

	// A 429 on the next update: retried after Retry-After with the newest state.
	s.mm.FailNext("PUT /posts/{id}", http.StatusTooManyRequests, "2")
	t1 := t0.Add(5 * time.Second)
	s.clock.Set(t1)
	s.user("late0000000000000000000001", "late", "")
	if status, _ := s.click("late0000000000000000000001", post.Id, yes); status != http.StatusOK {
		t.Fatal(status)
	}
	if n := s.co.Flush(ctx, t1); n != 0 {
		t.Fatal("a rate-limited update counted as sent")
	}
	if n := s.co.Flush(ctx, t1.Add(1500*time.Millisecond)); n != 0 {
		t.Fatal("retried before Retry-After")
	}
	if n := s.co.Flush(ctx, t1.Add(2*time.Second)); n != 1 {
		t.Fatal("not retried after Retry-After")
	}
	updates = s.mm.Calls("PUT /posts/{id}")
	if !strings.Contains(mattermosttest.Sprint(updates[len(updates)-1].Post), "301 people answered") ||
		updates[len(updates)-2].Status != http.StatusTooManyRequests {
		t.Fatalf("after the 429: %+v", updates[len(updates)-1])
	}
}

// TestCrossPlatformPoll: a poll created from Slack is posted in a
// Mattermost channel too; votes from both count in one tally, and both
// copies are updated through the one coalescer. A person who linked their
// Slack and Mattermost identities counts once.
func TestCrossPlatformPoll(t *testing.T) {
	s := newMMServe(t)
	ctx := context.Background()
	s.slackDo("UCHAIR", "C1", pollMarchLine, false)
	if len(s.slack.posts) != 1 {
		t.Fatalf("slack posts: %v", s.slack.posts)
	}
	out := s.slash(mmChair, "poll post P-1")
	if !strings.Contains(out, "P-1") {
		t.Fatalf("poll post: %s", out)
	}
	p, err := s.db.FindPoll(ctx, 1)
	if err != nil || len(p.Posts) != 2 || p.Posts[0].ID == "" || p.Posts[1].ID == "" {
		t.Fatalf("posted copies: %+v %v", p.Posts, err)
	}
	post := s.mmPoll(1)

	// Alice links her two identities: the code from Slack, typed in Mattermost.
	alice := "alice00000000000000000000a"
	s.user(alice, "alice", "Europe/Paris")
	rep := s.slackDo("UALICE", "C1", "link", false)
	code := ""
	for _, sp := range rep.Message.Blocks[0].Text {
		if sp.Kind == bot.Bold {
			code = sp.Text
		}
	}
	if out := s.slash(alice, "link "+code); !strings.Contains(out, `UALICE \(slack\)`) {
		t.Fatalf("link: %s", out)
	}

	// Votes: Bob from Slack, Carol from Mattermost, Alice from both.
	s.slackDo("UBOB", "C1", "poll vote P-1 1=yes", true)
	s.user("carol0000000000000000000a", "carol", "Asia/Tokyo")
	if status, _ := s.click("carol0000000000000000000a", post.Id, mmButton(post, "poll vote P-1 1=maybe")); status != http.StatusOK {
		t.Fatal(status)
	}
	s.slackDo("UALICE", "C1", "poll vote P-1 2=yes", true)
	if status, text := s.click(alice, post.Id, mmButton(post, "poll vote P-1 2=no")); status != http.StatusOK || !strings.Contains(text, "P-1") {
		t.Fatalf("alice's click: %d %s", status, text)
	}
	ballots, err := s.db.Ballots(ctx, 1)
	if err != nil || len(ballots) != 3 {
		t.Fatalf("%d ballots, want 3 (Bob, Carol, Alice once): %+v %v", len(ballots), ballots, err)
	}
	for _, b := range ballots {
		if string(b.Person) == "mattermost:"+alice {
			t.Fatal("Alice voted under her linked Mattermost identity")
		}
		if b.Person == "slack:UALICE" && b.Answers[2] != "no" {
			t.Fatalf("Alice's ballot: %+v", b.Answers)
		}
	}

	// One flush later, both copies show the one tally.
	s.co.Flush(ctx, s.clock.Now().Add(time.Hour))
	if s.co.Pending() != 0 {
		t.Fatalf("%d updates pending", s.co.Pending())
	}
	s.slack.mu.Lock()
	var slackLast string
	for _, u := range s.slack.updates {
		if u.Ref == (bot.MessageRef{Channel: bot.ChannelID(p.Posts[0].Channel), ID: p.Posts[0].ID}) {
			slackLast = plainText(u.Message)
		}
	}
	s.slack.mu.Unlock()
	if !strings.Contains(slackLast, "3 people answered") {
		t.Fatalf("the Slack copy was not updated with the tally: %q", slackLast)
	}
	updates := s.mm.Calls("PUT /posts/{id}")
	if len(updates) == 0 || !strings.Contains(mattermosttest.Sprint(updates[len(updates)-1].Post), "3 people answered") {
		t.Fatalf("the Mattermost copy was not updated: %d updates", len(updates))
	}
}

func plainText(m bot.Message) string {
	var b strings.Builder
	b.WriteString(m.Title.String())
	for _, blk := range m.Blocks {
		b.WriteString("\n" + blk.Text.String() + blk.Pre)
	}
	return b.String()
}

// TestDigestPerPlatform: a Slack channel and a Mattermost channel each get
// their own digest; the outbox routes each by its platform.
func TestDigestPerPlatform(t *testing.T) {
	s := newMMServe(t)
	ctx := context.Background()
	s.slackDo("UCHAIR", "C1", `digest schedule "0 9 * * MON" --tz UTC`, false)
	s.slash(mmChair, `digest schedule "0 9 * * MON" --tz UTC`)
	s.slackDo("UCHAIR", "C1", `activity add SG13 "Network requirements for IMT-2030"`, false)

	monday := time.Date(2026, 11, 30, 9, 0, 30, 0, time.UTC)
	if err := s.router.Planner().Tick(ctx, s.db, monday); err != nil {
		t.Fatal(err)
	}
	d := &outbox.Dispatcher{Store: s.db, Platforms: map[bot.Platform]bot.Poster{bot.Slack: s.slack, bot.Mattermost: s.a}}
	n, err := d.Deliver(ctx, monday)
	if err != nil || n < 2 {
		t.Fatalf("delivered %d (%v)", n, err)
	}
	if len(s.slack.posts) == 0 || s.slack.posts[0].Channel != "slack:T0JCA/C1" {
		t.Fatalf("slack digest: %+v", s.slack.posts)
	}
	creates := s.mm.Calls("POST /posts")
	if len(creates) == 0 || creates[0].Post.ChannelId != mmChannel || !strings.Contains(creates[0].Post.Message, "A-1") {
		t.Fatalf("mattermost digest: %+v", creates)
	}
}

func TestMattermostSettings(t *testing.T) {
	base := map[string]string{"MATTERMOST_URL": "https://chat.example.org", "MATTERMOST_TOKEN": "abc", "MATTERMOST_COMMAND_TOKENS": "t1"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	cases := []struct {
		name    string
		env     map[string]string
		ok      bool
		wantErr string
	}{
		{"nothing set", nil, false, ""},
		{"complete", with(), true, ""},
		{"no token", with("MATTERMOST_TOKEN", ""), true, "MATTERMOST_TOKEN"},
		{"no URL", with("MATTERMOST_URL", ""), true, "MATTERMOST_URL"},
		{"no command tokens", with("MATTERMOST_COMMAND_TOKENS", " , "), true, "MATTERMOST_COMMAND_TOKENS"},
		{"token with a space", with("MATTERMOST_COMMAND_TOKENS", "a b"), true, "MATTERMOST_COMMAND_TOKENS"},
		{"command tokens alone", map[string]string{"MATTERMOST_COMMAND_TOKENS": "t1"}, false, "MATTERMOST_COMMAND_TOKENS is set"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, ok, err := mattermostSettings(func(k string) string { return c.env[k] })
			if ok != c.ok || (err == nil) != (c.wantErr == "") || (err != nil && !strings.Contains(err.Error(), c.wantErr)) {
				t.Fatalf("ok %v err %v; want ok %v, error naming %q", ok, err, c.ok, c.wantErr)
			}
			if c.name == "complete" && (len(cfg.CommandTokens) != 1 || cfg.URL != "https://chat.example.org") {
				t.Fatalf("cfg %+v", cfg)
			}
		})
	}
}

// TestServeRefusesBadMattermostSettings: `jcabot serve` stops at start-up
// with a message naming the variable.
func TestServeRefusesBadMattermostSettings(t *testing.T) {
	full := map[string]string{"MATTERMOST_URL": "https://chat.example.org", "MATTERMOST_TOKEN": "abc",
		"MATTERMOST_COMMAND_TOKENS": "t1", "JCABOT_PUBLIC_URL": "https://bot.example.org", "JCABOT_ADDR": "127.0.0.1:0"}
	cases := []struct{ drop, set, value, want string }{
		{drop: "MATTERMOST_TOKEN", want: "MATTERMOST_TOKEN"},
		{drop: "MATTERMOST_COMMAND_TOKENS", want: "MATTERMOST_COMMAND_TOKENS"},
		{drop: "JCABOT_PUBLIC_URL", want: "JCABOT_PUBLIC_URL"},
		{set: "JCABOT_PUBLIC_URL", value: "bot.example.org", want: "JCABOT_PUBLIC_URL"},
		{set: "MATTERMOST_URL", value: "chat.example.org", want: "MATTERMOST_URL"},
		{set: "JCABOT_ACTION_SECRET", value: "short", want: "JCABOT_ACTION_SECRET"},
	}
	for _, c := range cases {
		env := map[string]string{}
		for k, v := range full {
			env[k] = v
		}
		delete(env, c.drop)
		if c.set != "" {
			env[c.set] = c.value
		}
		m, _, errOut := testMain(t.TempDir(), nil, env)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		code := m.Run(ctx, []string{"serve"})
		cancel()
		if code != exitUsage || !strings.Contains(errOut.String(), c.want) {
			t.Fatalf("%s%s: exit %d: %s", c.drop, c.set, code, errOut)
		}
		if strings.Contains(errOut.String(), "abc") {
			t.Fatalf("the token was logged: %s", errOut)
		}
	}
}

// TestMattermostSetupCommand: `jcabot mattermost-setup` run twice creates
// one /jca command and prints its token both times.
func TestMattermostSetupCommand(t *testing.T) {
	mm := mattermosttest.NewServer()
	defer mm.Close()
	mm.AddTeam("itu-t")
	env := map[string]string{"MATTERMOST_URL": mm.URL, "MATTERMOST_ADMIN_TOKEN": mm.AdminToken, "JCABOT_PUBLIC_URL": "https://bot.example.org"}
	var tokens []string
	for run := 0; run < 2; run++ {
		m, out, errOut := testMain(t.TempDir(), nil, env)
		if code := m.Run(context.Background(), []string{"mattermost-setup", "--team", "itu-t"}); code != exitOK {
			t.Fatalf("run %d: exit %d: %s", run, code, errOut)
		}
		cmds := mm.Commands()
		if len(cmds) != 1 || !strings.Contains(out.String(), "Its token: "+cmds[0].Token) {
			t.Fatalf("run %d: %d commands; output:\n%s", run, len(cmds), out)
		}
		tokens = append(tokens, cmds[0].Token)
		if c := cmds[0]; c.URL != "https://bot.example.org/mattermost/commands" || c.Method != "P" || !c.AutoComplete ||
			c.AutoCompleteHint == "" || c.DisplayName != "JCA bot" {
			t.Fatalf("command %+v", c)
		}
	}
	if tokens[0] != tokens[1] || len(mm.Calls("POST /commands")) != 1 {
		t.Fatal("the second run created another command")
	}

	// The bot's token is not enough; a missing team is a usage error.
	env["MATTERMOST_ADMIN_TOKEN"] = mm.BotToken
	m, _, errOut := testMain(t.TempDir(), nil, env)
	if code := m.Run(context.Background(), []string{"mattermost-setup", "--team", "itu-t", "--url", "https://other.example.org"}); code != exitRefused ||
		!strings.Contains(errOut.String(), "admin") {
		t.Fatalf("bot token: exit %d: %s", code, errOut)
	}
	m, _, errOut = testMain(t.TempDir(), nil, env)
	if code := m.Run(context.Background(), []string{"mattermost-setup"}); code != exitUsage || !strings.Contains(errOut.String(), "--team") {
		t.Fatalf("no team: exit %d: %s", code, errOut)
	}
}

// A poll closed by its deadline (the scheduler, nobody clicking) brings its
// posted copy to its final state: the result, no vote buttons, through the
// outbox, rendered when sent.
func TestClosedPollPostLosesItsButtons(t *testing.T) {
	s := newMMServe(t)
	ctx := context.Background()
	s.slash(mmChair, `poll new "Final state" --slot "2032-03-26 14:00" --slot "2032-03-29 09:30" --deadline "2032-03-20 12:00" --tz UTC`)
	if mmButton(s.mmPoll(1), "poll vote P-1 1=yes") == nil {
		t.Fatal("the open poll has no buttons")
	}
	deadline := time.Date(2032, 3, 20, 12, 1, 0, 0, time.UTC)
	if err := s.router.Planner().Tick(ctx, s.db, deadline); err != nil {
		t.Fatal(err)
	}
	d := &outbox.Dispatcher{Store: s.db, Platforms: map[bot.Platform]bot.Poster{bot.Slack: s.slack, bot.Mattermost: s.a},
		Render: s.router.Posts().RenderUpdate}
	if _, err := d.Deliver(ctx, deadline); err != nil {
		t.Fatal(err)
	}
	post := s.mmPoll(1)
	for _, att := range post.Attachments() {
		if len(att.Actions) > 0 {
			t.Fatalf("the closed poll's post keeps buttons: %s", mattermosttest.Sprint(post))
		}
	}
	if text := mattermosttest.Sprint(post); strings.Contains(text, "Voting closes") || !strings.Contains(text, "Closed Sat 20 Mar 2032") {
		t.Fatalf("the closed poll's post: %s", text)
	}
}

// Where the bot is not a member of the channel (403, public channel or
// not), the person is told that the bot could not post it and what to do,
// never that it is posted.
func TestMattermostNotAMemberIsTruthful(t *testing.T) {
	s := newMMServe(t)
	s.mm.KickBot(mmChannel)
	out := s.slash(mmChair, pollMarchLine)
	if !strings.Contains(out, "The bot could not post this in the channel") || strings.Contains(out, "posted in this channel") {
		t.Fatalf("answer: %s", out)
	}
	if n := len(s.mm.Calls("POST /posts")); n != 1 || s.mm.Calls("POST /posts")[0].Status != http.StatusForbidden {
		t.Fatalf("posts: %+v", s.mm.Calls("POST /posts"))
	}
}

// A post the server made but whose answer was lost is queued, and its retry
// from the outbox carries the same pending_post_id: the channel shows one
// post, and the poll records it.
func TestMattermostLostAnswerPostsOnce(t *testing.T) {
	s := newMMServe(t)
	ctx := context.Background()
	s.mm.LoseNextAnswer("POST /posts")
	out := s.slash(mmChair, pollMarchLine)
	if !strings.Contains(out, "will appear shortly") {
		t.Fatalf("answer: %s", out)
	}
	d := &outbox.Dispatcher{Store: s.db, Platforms: map[bot.Platform]bot.Poster{bot.Mattermost: s.a},
		Delivered: func(ctx context.Context, e outbox.Entry) {
			if e.Tag != "" && e.Update == nil {
				s.router.Posts().RecordPost(ctx, e.Tag, e.Ref)
			}
		}}
	if n, err := d.Deliver(ctx, s.clock.Now().Add(5*time.Second)); n != 1 || err != nil {
		t.Fatalf("delivered %d, %v", n, err)
	}
	creates := s.mm.Calls("POST /posts")
	if len(creates) != 2 || creates[0].Post.PendingPostId == "" || creates[0].Post.PendingPostId != creates[1].Post.PendingPostId {
		t.Fatalf("creates: %+v", creates)
	}
	post := s.mmPoll(1)
	if s.mm.StoredPost(post.Id) == nil || s.mm.PostCount(mmChannel) != 1 {
		t.Fatalf("the channel holds %d posts", s.mm.PostCount(mmChannel))
	}
}

// kill -9 in the middle of a burst of votes, while Mattermost rate-limits
// the updates: the pending updates, in memory, are lost with the process;
// the restart's StartupUpdates bring the post to its final tally.
func TestPollTallyAfterACrash(t *testing.T) {
	s := newMMServe(t)
	ctx := context.Background()
	s.slash(mmChair, pollMarchLine)
	post := s.mmPoll(1)
	yes := mmButton(post, "poll vote P-1 1=yes")
	for i := 0; i < 2; i++ { // the crash's update, then the restart's first
		s.mm.FailNext("PUT /posts/{id}", http.StatusTooManyRequests, "30")
	}
	for i := 0; i < 20; i++ {
		id := fmt.Sprintf("crash%021d", i)
		if status, text := s.click(id, post.Id, yes); status != http.StatusOK || !strings.Contains(text, "Recorded your answers") {
			t.Fatal(status, text)
		}
	}
	s.co.Flush(ctx, s.clock.Now()) // refused: 429
	if strings.Contains(mattermosttest.Sprint(s.mm.StoredPost(post.Id)), "20 people answered") {
		t.Fatal("the update went through before the crash")
	}
	// The crash: the coalescer and its pending updates are gone. The restart:
	restarted := &outbox.Coalescer{Render: s.router.Posts().RenderUpdate, Platforms: map[bot.Platform]bot.Poster{bot.Mattermost: s.a}}
	ups, err := s.router.Posts().StartupUpdates(ctx, s.clock.Now())
	if err != nil || len(ups) != 1 {
		t.Fatalf("start-up updates %+v, %v", ups, err)
	}
	for _, u := range ups {
		restarted.Submit(u)
	}
	for at := s.clock.Now(); restarted.Pending() > 0 && at.Before(s.clock.Now().Add(time.Minute)); at = at.Add(time.Second) {
		restarted.Flush(ctx, at)
	}
	if got := mattermosttest.Sprint(s.mm.StoredPost(post.Id)); !strings.Contains(got, "20 people answered") {
		t.Fatalf("after the restart: %s", got)
	}
}

// An announcement queued while Mattermost said "later", then refused for
// good (the bot was taken out of the channel): it fails at once, shows in
// jobs failed, and the person who asked for it is told in a direct message.
func TestPermanentFailureToldToWhoAsked(t *testing.T) {
	s := newMMServe(t)
	ctx := context.Background()
	s.mm.FailNext("POST /posts", http.StatusTooManyRequests, "5")
	if out := s.slash(mmChair, pollMarchLine); !strings.Contains(out, "will appear shortly") {
		t.Fatalf("answer: %s", out)
	}
	s.mm.KickBot(mmChannel)
	d := &outbox.Dispatcher{Store: s.db, Platforms: map[bot.Platform]bot.Poster{bot.Mattermost: s.a},
		Failed: (&deliver.Teller{Platforms: map[bot.Platform]bot.Poster{bot.Mattermost: s.a}, Catalog: s.router.Catalog(),
			DefaultLang: i18n.EN}).Failed}
	if _, err := d.Deliver(ctx, s.clock.Now().Add(10*time.Second)); err != nil {
		t.Fatal(err)
	}
	failed, _ := s.db.Entries(ctx, outbox.Failed, 0)
	if len(failed) != 1 || failed[0].By != bot.NewIdentity(bot.Mattermost, mmChair) {
		t.Fatalf("failed: %+v", failed)
	}
	var told bool
	for _, c := range s.mm.Calls("POST /posts") {
		if c.Post != nil && strings.HasPrefix(c.Post.ChannelId, "dm") && strings.Contains(c.Post.Message, "could not be made") && c.Status == http.StatusCreated {
			told = true
		}
	}
	if !told {
		t.Fatalf("the person was not told: %+v", s.mm.Calls("POST /posts"))
	}
	if out := s.slash(mmChair, "jobs failed"); !strings.Contains(out, "api.context.permissions") && !strings.Contains(out, "403") {
		t.Fatalf("jobs failed: %s", out)
	}
}
