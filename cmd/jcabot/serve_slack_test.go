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

	slackadapter "github.com/jcabot/jcabot/adapters/slack"
	"github.com/jcabot/jcabot/adapters/slack/slackfake"
	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/config"
	"github.com/jcabot/jcabot/internal/outbox"
)

const e2eSecret = "e6b19c573432dcc6b075501d51b51bb8"

// fakeClock is the test's clock, shared by the adapter, the commands and
// the coalescer.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// slackServe is `jcabot serve`'s Slack side, wired as serve wires it: the
// real router on a real store, the coalescer, the adapter built from the
// environment, on an httptest server, talking to a fake Slack.
type slackServe struct {
	t         *testing.T
	fake      *slackfake.Server
	clock     *fakeClock
	adapter   *slackadapter.Adapter
	coalescer *outbox.Coalescer
	deps      serveDeps
	srv       *httptest.Server
}

func newSlackServe(t *testing.T, env map[string]string) *slackServe {
	t.Helper()
	s := &slackServe{t: t, fake: slackfake.New(t), clock: &fakeClock{t: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}}
	full := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-1-test", "SLACK_SIGNING_SECRET": e2eSecret, "SLACK_API_URL": s.fake.GetAPIURL(),
		"SLACK_TEAM_IDS": "T0JCA", "JCABOT_CHAIRS": "slack:UCHAIR",
	}
	for k, v := range env {
		full[k] = v
	}
	m, _, _ := testMain(t.TempDir(), nil, full)
	cfg, err := config.Load(m.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	m.cfg, m.log = cfg, slog.New(slog.DiscardHandler)
	db, router, err := m.openStore(context.Background(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s.coalescer = &outbox.Coalescer{Render: router.Posts().RenderUpdate}
	s.deps = m.newServeDeps(router, db, s.coalescer)
	s.deps.Now, s.deps.PublicURL = s.clock.Now, ""
	a, ok, err := buildSlack(context.Background(), s.deps)
	if !ok || err != nil {
		t.Fatalf("build: %v %v", ok, err)
	}
	s.adapter = a.(*slackadapter.Adapter)
	s.coalescer.Platforms = map[bot.Platform]bot.Poster{bot.Slack: a.Poster()}
	mux := http.NewServeMux()
	a.Routes(mux)
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

// post sends a signed form, as Slack does, at the clock's time.
func (s *slackServe) post(path string, form url.Values) (int, string) {
	req := slackfake.Signed(s.t, s.srv.URL+path, e2eSecret, s.clock.Now(), "application/x-www-form-urlencoded", []byte(form.Encode()))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Error(err)
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// button finds the button whose value is value in posted blocks.
func button(t *testing.T, blocks json.RawMessage, value string) (actionID string) {
	t.Helper()
	var bs []struct {
		Type     string `json:"type"`
		Elements []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(blocks, &bs); err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		for _, e := range b.Elements {
			if b.Type == "actions" && e.Value == value {
				return e.ActionID
			}
		}
	}
	t.Fatalf("no button %q in %s", value, blocks)
	return ""
}

// TestSlackPollBurstEndToEnd: a signed `/jca poll new` posts the poll with
// its buttons; 300 signed clicks from 300 people within one second of the
// fake clock all count, each confirmed to the voter alone, and make at most
// one chat.update in that second and one after it, the last with the full
// tally and every button; a 429 is retried after its Retry-After.
func TestSlackPollBurstEndToEnd(t *testing.T) {
	s := newSlackServe(t, nil)
	ctx := context.Background()
	status, body := s.post("/slack/commands", slackfake.Command("T0JCA", "C1", "UCHAIR",
		`poll new "March e-meeting" --slot "2032-03-26 14:00" --slot "2032-03-29 09:30" --tz Europe/Zurich`, s.fake.ResponseURL("new")))
	if status != http.StatusOK || !strings.Contains(body, "P-1") || !strings.Contains(body, `"response_type":"ephemeral"`) {
		t.Fatalf("poll new: %d %s", status, body)
	}
	posts := s.fake.Calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Channel != "C1" {
		t.Fatalf("posts %+v", posts)
	}
	ts := posts[0].TS
	p, err := s.deps.Store.FindPoll(ctx, 1)
	if err != nil || len(p.Posts) != 1 || p.Posts[0].ID != ts || p.Posts[0].Channel != "slack:T0JCA/C1" {
		t.Fatalf("the posted copy was not recorded: %+v %v", p, err)
	}
	yes := "poll vote P-1 1=yes"
	actionID := button(t, posts[0].Blocks, yes)

	// The burst: 300 people click within one second; the coalescer is
	// flushed along the way, as its ticker would.
	t0 := s.clock.Now()
	var updatesInSecond int
	sem := make(chan struct{}, 32)
	var wg sync.WaitGroup
	for i := 0; i < 300; i++ {
		s.clock.Set(t0.Add(time.Duration(i) * 3 * time.Millisecond))
		if i == 100 || i == 200 || i == 299 {
			updatesInSecond += s.coalescer.Flush(ctx, s.clock.Now())
		}
		user := fmt.Sprintf("U%04d", i+1)
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			form := slackfake.BlockAction("T0JCA", "C1", user, ts, actionID, yes, s.fake.ResponseURL("click/"+user))
			if status, body := s.post("/slack/interactions", form); status != http.StatusOK || body != "" {
				t.Errorf("click by %s: %d %q", user, status, body)
			}
		}()
	}
	wg.Wait()
	s.adapter.Wait()
	s.clock.Set(t0.Add(990 * time.Millisecond))
	updatesInSecond += s.coalescer.Flush(ctx, s.clock.Now())
	if updatesInSecond > 1 {
		t.Fatalf("%d chat.update in the burst's second", updatesInSecond)
	}
	ballots, err := s.deps.Store.Ballots(ctx, 1)
	if err != nil || len(ballots) != 300 {
		t.Fatalf("%d ballots counted (%v)", len(ballots), err)
	}
	// `poll new` was answered in its HTTP response: only the clicks post
	// to a response_url.
	confirmations := s.fake.Calls("response_url")
	if len(confirmations) != 300 {
		t.Fatalf("%d confirmations for 300 clicks", len(confirmations))
	}
	for _, c := range confirmations {
		if c.Body["response_type"] != "ephemeral" || c.Body["replace_original"] != false {
			t.Fatalf("a confirmation for more than the voter, or replacing the poll: %+v", c.Body)
		}
	}
	if n := len(s.fake.Calls("chat.postEphemeral")); n != 0 {
		t.Fatalf("%d chat.postEphemeral", n)
	}

	// After the second: exactly one more update, with the full tally.
	after := 0
	for d := time.Second; d <= 2*time.Second && s.coalescer.Pending() > 0; d += 100 * time.Millisecond {
		after += s.coalescer.Flush(ctx, t0.Add(d))
	}
	if after != 1 || s.coalescer.Pending() != 0 {
		t.Fatalf("%d chat.update after the second, %d pending", after, s.coalescer.Pending())
	}
	updates := s.fake.Calls("chat.update")
	last := updates[len(updates)-1]
	if last.TS != ts || last.Channel != "C1" || !strings.Contains(string(last.Blocks), "300 people answered") ||
		!strings.Contains(string(last.Blocks), yes) || last.Text == "" {
		t.Fatalf("last update lacks the full tally or the buttons: %s", last.Blocks)
	}

	// A rate limit: the next update is refused with Retry-After 2 s and
	// sent again after it, with the newest state.
	s.fake.RateLimit("chat.update", 1, 2)
	t1 := t0.Add(5 * time.Second)
	s.clock.Set(t1)
	if status, _ := s.post("/slack/interactions", slackfake.BlockAction("T0JCA", "C1", "U0301", ts, actionID, yes, s.fake.ResponseURL("late"))); status != http.StatusOK {
		t.Fatal(status)
	}
	s.adapter.Wait()
	if n := s.coalescer.Flush(ctx, t1); n != 0 {
		t.Fatalf("a rate-limited update counted as sent")
	}
	if n := s.coalescer.Flush(ctx, t1.Add(1500*time.Millisecond)); n != 0 {
		t.Fatal("retried before Retry-After")
	}
	if n := s.coalescer.Flush(ctx, t1.Add(2*time.Second)); n != 1 {
		t.Fatal("not retried after Retry-After")
	}
	updates = s.fake.Calls("chat.update")
	if len(updates) < 2 || !updates[len(updates)-2].Limited || !strings.Contains(string(updates[len(updates)-1].Blocks), "301 people answered") {
		t.Fatalf("after the 429: %+v", updates[len(updates)-1])
	}
}

// TestSlackClosedPollClick: a click on a closed poll answers the voter
// that it is closed, and counts nothing.
func TestSlackClosedPollClick(t *testing.T) {
	s := newSlackServe(t, nil)
	ctx := context.Background()
	s.post("/slack/commands", slackfake.Command("T0JCA", "C1", "UCHAIR", `poll new "April" --slot "2032-04-20 14:00"`, s.fake.ResponseURL("new")))
	post := s.fake.Calls("chat.postMessage")[0]
	id := button(t, post.Blocks, "poll vote P-1 1=yes")
	s.post("/slack/commands", slackfake.Command("T0JCA", "C1", "UCHAIR", "poll close P-1", s.fake.ResponseURL("close")))
	s.post("/slack/interactions", slackfake.BlockAction("T0JCA", "C1", "U0042", post.TS, id, "poll vote P-1 1=yes", s.fake.ResponseURL("vote")))
	s.adapter.Wait()
	var answer string
	for _, c := range s.fake.Calls("response_url") {
		if c.Path == "vote" {
			answer = string(c.Blocks)
		}
	}
	if !strings.Contains(answer, "closed") {
		t.Fatalf("answer to a click on a closed poll: %s", answer)
	}
	if b, _ := s.deps.Store.Ballots(ctx, 1); len(b) != 0 {
		t.Fatalf("%d ballots on a closed poll", len(b))
	}
}

func TestSlackSettings(t *testing.T) {
	cases := []struct {
		name    string
		env     map[string]string
		ok      bool
		wantErr string
	}{
		{"nothing set", nil, false, ""},
		{"HTTP", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "abc"}, true, ""},
		{"Socket Mode", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, true, ""},
		{"a user token", map[string]string{"SLACK_BOT_TOKEN": "xoxp-1", "SLACK_SIGNING_SECRET": "abc"}, true, "SLACK_BOT_TOKEN"},
		{"no secret", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}, true, "SLACK_SIGNING_SECRET"},
		{"a bot token as app token", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, true, "SLACK_APP_TOKEN"},
		{"secret without token", map[string]string{"SLACK_SIGNING_SECRET": "abc"}, false, "SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN"},
		{"bad API URL", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "abc", "SLACK_API_URL": "slack.com/api"}, true, "SLACK_API_URL"},
		{"bad team", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "abc", "SLACK_TEAM_IDS": "T0JCA, jca"}, true, "SLACK_TEAM_IDS"},
		{"teams", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "abc", "SLACK_TEAM_IDS": "T0JCA, E0ORG"}, true, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, ok, err := slackSettings(func(k string) string { return c.env[k] })
			if ok != c.ok || (err == nil) != (c.wantErr == "") || (err != nil && !strings.Contains(err.Error(), c.wantErr)) {
				t.Fatalf("ok %v err %v; want ok %v, error naming %q", ok, err, c.ok, c.wantErr)
			}
			if c.name == "teams" && (len(cfg.TeamIDs) != 2 || cfg.TeamIDs[1] != "E0ORG") {
				t.Fatalf("teams %v", cfg.TeamIDs)
			}
		})
	}
	cfg, _, _ := slackSettings(func(k string) string {
		return map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "abc", "SLACK_API_URL": "http://127.0.0.1:9/api"}[k]
	})
	if cfg.APIURL != "http://127.0.0.1:9/api/" {
		t.Fatalf("API URL %q lacks its trailing slash", cfg.APIURL)
	}
}

// TestServeRefusesBadSlackSettings: `jcabot serve` stops at start-up with
// a message naming the variable.
func TestServeRefusesBadSlackSettings(t *testing.T) {
	m, _, errOut := testMain(t.TempDir(), nil, map[string]string{"SLACK_BOT_TOKEN": "xoxp-user-token", "SLACK_SIGNING_SECRET": "abc", "JCABOT_ADDR": "127.0.0.1:0"})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if code := m.Run(ctx, []string{"serve"}); code != exitUsage || !strings.Contains(errOut.String(), "SLACK_BOT_TOKEN") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

func TestSlackManifest(t *testing.T) {
	m, out, errOut := testMain(t.TempDir(), nil, map[string]string{"JCABOT_PUBLIC_URL": "https://bot.example.org/"})
	if code := m.Run(context.Background(), []string{"slack-manifest"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	y := out.String()
	for _, want := range []string{
		"command: /jca", "should_escape: true", "usage_hint:",
		`url: "https://bot.example.org/slack/commands"`,
		`request_url: "https://bot.example.org/slack/interactions"`,
		`request_url: "https://bot.example.org/slack/events"`,
		"- app_mention", "- commands", "- chat:write\n", "- chat:write.public", "- users:read", "- files:write", "- app_mentions:read",
		"socket_mode_enabled: false", "JCA-Res.178",
	} {
		if !strings.Contains(y, want) {
			t.Fatalf("manifest lacks %q:\n%s", want, y)
		}
	}
	if strings.Contains(y, "\t") {
		t.Fatal("a tab in YAML")
	}

	m, out, _ = testMain(t.TempDir(), nil, nil)
	if code := m.Run(context.Background(), []string{"slack-manifest", "--socket-mode"}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if y := out.String(); !strings.Contains(y, "socket_mode_enabled: true") || strings.Contains(y, "url:") || strings.Contains(y, "https://") {
		t.Fatalf("Socket Mode manifest:\n%s", y)
	}

	m, out, _ = testMain(t.TempDir(), nil, nil)
	if code := m.Run(context.Background(), []string{"slack-manifest", "--url", "https://jca.example.org"}); code != 0 || !strings.Contains(out.String(), "https://jca.example.org/slack/commands") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, args := range [][]string{{"slack-manifest"}, {"slack-manifest", "--url", "http://bot.example.org"}, {"slack-manifest", "--url", "bot"}} {
		m, _, errOut := testMain(t.TempDir(), nil, nil)
		if code := m.Run(context.Background(), args); code != exitUsage || errOut.String() == "" {
			t.Fatalf("%v: exit %d", args, code)
		}
	}
}

// TestServeSlackOverHTTP runs `jcabot serve` itself with Slack's settings:
// it becomes ready once Slack accepts the token, answers a signed /jca on
// /slack/commands, refuses an unsigned one, and stops cleanly.
func TestServeSlackOverHTTP(t *testing.T) {
	fake := slackfake.New(t)
	m, _, errOut := testMain(t.TempDir(), nil, map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-1-test", "SLACK_SIGNING_SECRET": e2eSecret, "SLACK_API_URL": fake.GetAPIURL(),
		"JCABOT_ADDR": "127.0.0.1:0",
	})
	ctx, cancel := context.WithCancel(context.Background())
	exit := make(chan int, 1)
	go func() { exit <- m.Run(ctx, []string{"serve"}) }()
	waitFor(t, errOut, `"msg":"serving"`, errOut)
	var line struct{ Addr, GOGC string }
	for _, l := range strings.Split(errOut.String(), "\n") {
		if strings.Contains(l, `"msg":"serving"`) {
			json.Unmarshal([]byte(l), &line)
		}
	}
	if line.GOGC != "200" { // serve's own pace, the environment setting none
		t.Fatalf("serving with gogc %q", line.GOGC)
	}
	base := "http://" + line.Addr
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for ready := false; !ready; {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			ready = resp.StatusCode == http.StatusOK
			resp.Body.Close()
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("never ready; stderr: %s", errOut)
		}
	}
	form := slackfake.Command("T0JCA", "C1", "U1", "help poll", fake.ResponseURL("h"))
	req := slackfake.Signed(t, base+"/slack/commands", e2eSecret, time.Now(), "application/x-www-form-urlencoded", []byte(form.Encode()))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "poll new") {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	resp, err = http.Post(base+"/slack/commands", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("unsigned: %d", resp.StatusCode)
	}
	cancel()
	if code := <-exit; code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(errOut.String(), "xoxb-1-test") || strings.Contains(errOut.String(), e2eSecret) {
		t.Fatal("a secret in the log")
	}
}
