package slack_test

import (
	"context"
	"encoding/json"
	"errors"
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
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/outbox"
)

const testSecret = "e6b19c573432dcc6b075501d51b51bb8"

// clock is a fake clock the test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// rig is the adapter on an httptest server, talking to a fake Slack, with
// a handler whose answers the test chooses.
type rig struct {
	t     *testing.T
	fake  *slackfake.Server
	a     *slackadapter.Adapter
	srv   *httptest.Server
	clock *clock

	mu       sync.Mutex
	reqs     []bot.Request
	answer   func(req bot.Request) bot.Reply
	recorded []string
	updates  []bot.Update
	queued   []outbox.Entry
}

func newRig(t *testing.T, opts ...func(*slackadapter.Config)) *rig {
	t.Helper()
	r := &rig{t: t, fake: slackfake.New(t), clock: &clock{t: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}}
	r.answer = func(req bot.Request) bot.Reply {
		var m bot.Message
		m.Section(bot.Text{{Text: "Done: "}, {Kind: bot.Code, Text: req.Text}})
		return bot.Reply{Message: m}
	}
	cat, err := i18n.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg := slackadapter.Config{
		BotToken: "xoxb-test", SigningSecret: testSecret, APIURL: r.fake.GetAPIURL(),
		Handler: bot.HandlerFunc(func(ctx context.Context, req bot.Request) bot.Reply {
			r.mu.Lock()
			r.reqs = append(r.reqs, req)
			answer := r.answer
			r.mu.Unlock()
			return answer(req)
		}),
		Recorder: recorderFunc(func(ctx context.Context, tag string, ref bot.MessageRef) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.recorded = append(r.recorded, tag+" "+string(ref.Channel)+" "+ref.ID)
			return nil
		}),
		Updates: sinkFunc(func(u bot.Update) { r.mu.Lock(); r.updates = append(r.updates, u); r.mu.Unlock() }),
		Enqueue: func(ctx context.Context, e outbox.Entry) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.queued = append(r.queued, e)
			return nil
		},
		Catalog: cat, Now: r.clock.Now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	r.a, err = slackadapter.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	r.a.Routes(mux)
	r.srv = httptest.NewServer(mux)
	t.Cleanup(r.srv.Close)
	return r
}

type recorderFunc func(ctx context.Context, tag string, ref bot.MessageRef) error

func (f recorderFunc) RecordPost(ctx context.Context, tag string, ref bot.MessageRef) error {
	return f(ctx, tag, ref)
}

type sinkFunc func(bot.Update)

func (f sinkFunc) Submit(u bot.Update) { f(u) }

func (r *rig) setAnswer(f func(req bot.Request) bot.Reply) {
	r.mu.Lock()
	r.answer = f
	r.mu.Unlock()
}

func (r *rig) requests() []bot.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Request(nil), r.reqs...)
}

// send posts a signed form to the bot and returns the status and body.
func (r *rig) send(path string, form url.Values) (int, string) {
	r.t.Helper()
	return r.do(slackfake.Signed(r.t, r.srv.URL+path, testSecret, r.clock.Now(), "application/x-www-form-urlencoded", []byte(form.Encode())))
}

func (r *rig) do(req *http.Request) (int, string) {
	r.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// ephemeral decodes an answer and checks it is for the person alone.
func ephemeral(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("answer is not JSON: %v: %q", err, body)
	}
	if m["response_type"] != "ephemeral" {
		t.Fatalf("answer is not ephemeral: %v", m)
	}
	if m["text"] == "" {
		t.Fatalf("answer has no fallback text: %v", m)
	}
	return m
}

// unescapedJSON re-encodes JSON without Go's HTML escaping (\u0026), as
// Slack reads it.
func unescapedJSON(t *testing.T, s string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %q", s)
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return b.String()
}

func TestSlackTestVectorAccepted(t *testing.T) {
	r := newRig(t, func(c *slackadapter.Config) { c.SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5" })
	r.clock.Set(time.Unix(1531420618, 0))
	body := "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	req, _ := http.NewRequest(http.MethodPost, r.srv.URL+"/slack/commands", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", "1531420618")
	req.Header.Set("X-Slack-Signature", "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")
	status, got := r.do(req)
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, got)
	}
	ephemeral(t, got)
	reqs := r.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests handled", len(reqs))
	}
	q := reqs[0]
	if q.Person.ID != "slack:U2CERLKJA" || q.Channel != "slack:T1DC2JH3J/G8PSS9T3V" || q.Team != "T1DC2JH3J" ||
		q.Platform != bot.Slack || q.Text != "" || !q.Time.Equal(time.Unix(1531420618, 0)) {
		t.Fatalf("request %+v", q)
	}
}

func TestRefusedRequestsRunNothing(t *testing.T) {
	r := newRig(t, func(c *slackadapter.Config) { c.TeamIDs = []string{"T0JCA"} })
	form := slackfake.Command("T0JCA", "C1", "U1", "activity add SG13 \"Evil\"", r.fake.ResponseURL("r"))
	body := []byte(form.Encode())
	now := r.clock.Now()
	signed := func() *http.Request {
		return slackfake.Signed(t, r.srv.URL+"/slack/commands", testSecret, now, "application/x-www-form-urlencoded", body)
	}
	big := append([]byte("payload="), make([]byte, slackadapter.MaxBody)...)
	// command is a signed "activity list" typed by user in channel of team.
	command := func(team, channel, user string) func() *http.Request {
		return func() *http.Request {
			f := slackfake.Command(team, channel, user, "activity list", r.fake.ResponseURL("r"))
			return slackfake.Signed(t, r.srv.URL+"/slack/commands", testSecret, now, "application/x-www-form-urlencoded", []byte(f.Encode()))
		}
	}
	cases := []struct {
		name string
		req  func() *http.Request
		want int
	}{
		{"tampered body", func() *http.Request {
			q := signed()
			q.Body = io.NopCloser(strings.NewReader(strings.Replace(string(body), "Evil", "Evi1", 1)))
			return q
		}, http.StatusUnauthorized},
		{"signed by someone else", func() *http.Request {
			return slackfake.Signed(t, r.srv.URL+"/slack/commands", "not-the-secret", now, "application/x-www-form-urlencoded", body)
		}, http.StatusUnauthorized},
		{"stale timestamp", func() *http.Request {
			return slackfake.Signed(t, r.srv.URL+"/slack/commands", testSecret, now.Add(-5*time.Minute-time.Second), "application/x-www-form-urlencoded", body)
		}, http.StatusUnauthorized},
		{"missing signature", func() *http.Request { q := signed(); q.Header.Del("X-Slack-Signature"); return q }, http.StatusUnauthorized},
		{"missing timestamp", func() *http.Request { q := signed(); q.Header.Del("X-Slack-Request-Timestamp"); return q }, http.StatusUnauthorized},
		{"oversized body", func() *http.Request {
			return slackfake.Signed(t, r.srv.URL+"/slack/interactions", testSecret, now, "application/x-www-form-urlencoded", big)
		}, http.StatusRequestEntityTooLarge},
		{"oversized, chunked", func() *http.Request {
			q := slackfake.Signed(t, r.srv.URL+"/slack/events", testSecret, now, "application/json", big)
			q.ContentLength = -1
			q.Body = io.NopCloser(strings.NewReader(string(big)))
			return q
		}, http.StatusRequestEntityTooLarge},
		{"foreign team", command("T0OTHER", "C1", "U1"), http.StatusForbidden},
		{"foreign team's click", func() *http.Request {
			f := slackfake.BlockAction("T0OTHER", "C1", "U1", "1900000000.000001", "jca:run:0", "poll vote P-1 1=yes", r.fake.ResponseURL("r"))
			return slackfake.Signed(t, r.srv.URL+"/slack/interactions", testSecret, now, "application/x-www-form-urlencoded", []byte(f.Encode()))
		}, http.StatusForbidden},
		{"no user", command("T0JCA", "C1", ""), http.StatusBadRequest},
		{"no channel", command("T0JCA", " ", "U1"), http.StatusBadRequest},
		{"no workspace", command("", "C1", "U1"), http.StatusBadRequest},
		{"a click from nobody", func() *http.Request {
			f := slackfake.BlockAction("T0JCA", "C1", "", "1900000000.000001", "jca:run:0", "poll vote P-1 1=yes", r.fake.ResponseURL("r"))
			return slackfake.Signed(t, r.srv.URL+"/slack/interactions", testSecret, now, "application/x-www-form-urlencoded", []byte(f.Encode()))
		}, http.StatusBadRequest},
		{"foreign team's mention", func() *http.Request {
			ev := `{"type":"event_callback","team_id":"T0OTHER","event":{"type":"app_mention","user":"U1","channel":"C1","text":"<@UBOT>"}}`
			return slackfake.Signed(t, r.srv.URL+"/slack/events", testSecret, now, "application/json", []byte(ev))
		}, http.StatusForbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, _ := r.do(c.req())
			if status != c.want {
				t.Fatalf("status %d, want %d", status, c.want)
			}
		})
	}
	r.a.Wait()
	if n := len(r.requests()); n != 0 {
		t.Fatalf("%d refused requests were handled", n)
	}
	if calls := r.fake.Calls(""); len(calls) != 0 {
		t.Fatalf("refused requests called Slack: %+v", calls)
	}
}

// A signed request captured and sent again within its 5-minute window runs
// once: the copies are refused (401), whichever endpoint they target, and a
// new request (new timestamp, new signature) is served as usual. After the
// window the copy is refused as stale.
func TestReplayedRequestsRunOnce(t *testing.T) {
	r := newRig(t)
	form := []byte(slackfake.Command("T0JCA", "C1", "U1", `activity add SG13 "Once"`, r.fake.ResponseURL("r")).Encode())
	click := []byte(slackfake.BlockAction("T0JCA", "C1", "U1", "1900000000.000001", "jca:run:0", "poll vote P-1 1=yes", r.fake.ResponseURL("r")).Encode())
	sent := r.clock.Now()
	for _, path := range []string{"/slack/commands", "/slack/interactions"} {
		body := form
		if path == "/slack/interactions" {
			body = click
		}
		for i, want := range []int{http.StatusOK, http.StatusUnauthorized, http.StatusUnauthorized} {
			r.clock.Set(sent.Add(time.Duration(i) * time.Minute))
			status, _ := r.do(slackfake.Signed(t, r.srv.URL+path, testSecret, sent, "application/x-www-form-urlencoded", body))
			if status != want {
				t.Fatalf("%s, copy %d: status %d, want %d", path, i, status, want)
			}
		}
	}
	r.clock.Set(sent.Add(5*time.Minute + time.Second))
	if status, _ := r.do(slackfake.Signed(t, r.srv.URL+"/slack/commands", testSecret, sent, "application/x-www-form-urlencoded", form)); status != http.StatusUnauthorized {
		t.Fatalf("a stale copy: status %d", status)
	}
	if status, _ := r.send("/slack/commands", slackfake.Command("T0JCA", "C1", "U1", `activity add SG13 "Once"`, r.fake.ResponseURL("r"))); status != http.StatusOK {
		t.Fatalf("a new request after the copies: status %d", status)
	}
	r.a.Wait()
	if n := len(r.requests()); n != 3 {
		t.Fatalf("%d requests handled, want 3 (the command, the click, the new command)", n)
	}
}

func TestDocumentedSlashCommandAnswered(t *testing.T) {
	r := newRig(t)
	// protocols.md S1.2, percent-encoded as Slack sends it, re-signed.
	body := "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&team_domain=example&enterprise_id=E0001&enterprise_name=Globular%20Construct%20Inc&channel_id=C2147483705&channel_name=test&user_id=U2147483697&user_name=Steve&command=%2Fweather&text=94070&response_url=" +
		url.QueryEscape(r.fake.ResponseURL("doc")) + "&trigger_id=13345224609.738474920.8088930838d88f008e0&api_app_id=A123456"
	status, got := r.do(slackfake.Signed(t, r.srv.URL+"/slack/commands", testSecret, r.clock.Now(), "application/x-www-form-urlencoded", []byte(body)))
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	m := ephemeral(t, got)
	if !strings.Contains(got, "Done: `94070`") {
		t.Fatalf("answer %v", m)
	}
	q := r.requests()[0]
	want := bot.Person{ID: "slack:U2147483697", Name: "Person U2147483697", TZ: "Europe/Paris"}
	if q.Person != want || q.Channel != "slack:T0001/C2147483705" || q.Text != "94070" {
		t.Fatalf("request %+v", q)
	}
	if status, _ := r.send("/slack/commands", url.Values{"ssl_check": {"1"}, "token": {"x"}}); status != http.StatusOK {
		t.Fatalf("ssl_check: %d", status)
	}
	if len(r.requests()) != 1 {
		t.Fatal("ssl_check ran a command")
	}
}

func TestBlockActionsClick(t *testing.T) {
	r := newRig(t)
	r.setAnswer(func(req bot.Request) bot.Reply {
		var m bot.Message
		m.Section(bot.T("Your answers to P-4 are saved."))
		return bot.Reply{Message: m, Updates: []bot.Update{{Ref: bot.MessageRef{Channel: "slack:T0JCA/C1", ID: "1900000000.000001"}}}}
	})
	form := slackfake.BlockAction("T0JCA", "C1", "U7", "1900000000.000001", "jca:run:0", "poll vote P-4 1=yes", r.fake.ResponseURL("click"))
	status, body := r.send("/slack/interactions", form)
	if status != http.StatusOK || body != "" {
		t.Fatalf("a click is acknowledged with an empty 200, got %d %q", status, body)
	}
	r.a.Wait()
	q := r.requests()
	if len(q) != 1 || q[0].Action == nil || *q[0].Action != (bot.Action{Name: "run", Value: "poll vote P-4 1=yes"}) ||
		q[0].Person.ID != "slack:U7" || q[0].Channel != "slack:T0JCA/C1" || q[0].Text != "" {
		t.Fatalf("requests %+v", q)
	}
	resp := r.fake.Calls("response_url")
	if len(resp) != 1 || resp[0].Body["response_type"] != "ephemeral" || resp[0].Body["replace_original"] != false ||
		!strings.Contains(string(resp[0].Blocks), "saved") {
		t.Fatalf("confirmation %+v", resp)
	}
	if len(r.fake.Calls("chat.postEphemeral")) != 0 {
		t.Fatal("confirmed with chat.postEphemeral")
	}
	if len(r.updates) != 1 {
		t.Fatalf("%d updates submitted", len(r.updates))
	}
	// A click on someone else's button is ignored.
	form = slackfake.BlockAction("T0JCA", "C1", "U7", "1900000000.000001", "approve", "yes", r.fake.ResponseURL("other"))
	r.send("/slack/interactions", form)
	r.a.Wait()
	if len(r.requests()) != 1 {
		t.Fatal("a foreign action ran")
	}
}

func TestSlowCommandCompletesThroughResponseURL(t *testing.T) {
	release := make(chan struct{})
	r := newRig(t, func(c *slackadapter.Config) { c.CommandDeadline = 20 * time.Millisecond })
	r.setAnswer(func(req bot.Request) bot.Reply {
		<-release
		var m bot.Message
		m.Section(bot.T("The report is ready."))
		return bot.Reply{Message: m}
	})
	status, body := r.send("/slack/commands", slackfake.Command("T0JCA", "C1", "U1", "report", r.fake.ResponseURL("slow")))
	if status != http.StatusOK || !strings.Contains(body, "Working on it") {
		t.Fatalf("%d %s", status, body)
	}
	ephemeral(t, body)
	close(release)
	r.a.Wait()
	resp := r.fake.Calls("response_url")
	if len(resp) != 1 || resp[0].Path != "slow" || resp[0].Body["response_type"] != "ephemeral" || !strings.Contains(string(resp[0].Blocks), "report is ready") {
		t.Fatalf("late answer %+v", resp)
	}
}

func TestChannelPostsAnnouncementsAndUpdates(t *testing.T) {
	r := newRig(t)
	r.setAnswer(func(req bot.Request) bot.Reply {
		var m, ann bot.Message
		m.Section(bot.T("Created P-1."))
		ann.Title = bot.T("P-1 · March e-meeting")
		ann.AddButtons(bot.Button{Label: "Yes", Action: bot.Action{Name: "run", Value: "poll vote P-1 1=yes"}})
		return bot.Reply{Message: m, Announce: &ann, AnnounceTag: "poll:1",
			Updates: []bot.Update{{Ref: bot.MessageRef{Channel: "slack:T0JCA/C9", ID: "1.2"}, Message: ann}}}
	})
	status, body := r.send("/slack/commands", slackfake.Command("T0JCA", "C1", "U1", "poll new x", r.fake.ResponseURL("p")))
	if status != http.StatusOK || !strings.Contains(body, "Created P-1") {
		t.Fatalf("%d %s", status, body)
	}
	posts := r.fake.Calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Channel != "C1" || !strings.Contains(string(posts[0].Blocks), `"poll vote P-1 1=yes"`) || posts[0].Text == "" {
		t.Fatalf("posts %+v", posts)
	}
	if len(r.recorded) != 1 || r.recorded[0] != "poll:1 slack:T0JCA/C1 "+posts[0].TS {
		t.Fatalf("recorded %v", r.recorded)
	}
	if len(r.updates) != 1 {
		t.Fatalf("updates %v", r.updates)
	}
	if len(r.fake.Calls("response_url")) != 0 {
		t.Fatal("in_channel used although the bot could post")
	}

	// A reply for the whole channel is posted too, not answered in_channel.
	r.setAnswer(func(req bot.Request) bot.Reply {
		var m bot.Message
		m.Section(bot.T("Digest"))
		return bot.Reply{Audience: bot.ToChannel, Message: m}
	})
	status, body = r.send("/slack/commands", slackfake.Command("T0JCA", "C1", "U1", "digest", r.fake.ResponseURL("d")))
	if status != http.StatusOK || body != "" || len(r.fake.Calls("chat.postMessage")) != 2 {
		t.Fatalf("%d %q %d posts", status, body, len(r.fake.Calls("chat.postMessage")))
	}
}

func TestChannelTheBotIsNotInFallsBackToResponseURL(t *testing.T) {
	r := newRig(t)
	r.fake.Fail("chat.postMessage", "not_in_channel")
	r.setAnswer(func(req bot.Request) bot.Reply {
		var m, ann bot.Message
		m.Section(bot.T("Created P-1."))
		ann.Section(bot.T("Poll P-1"))
		return bot.Reply{Message: m, Announce: &ann, AnnounceTag: "poll:1"}
	})
	_, body := r.send("/slack/commands", slackfake.Command("T0JCA", "G1", "U1", "poll new x", r.fake.ResponseURL("p")))
	if !strings.Contains(body, "Created P-1") || !strings.Contains(body, "/invite @jcabot") {
		t.Fatalf("answer %s", body)
	}
	resp := r.fake.Calls("response_url")
	if len(resp) != 1 || resp[0].Body["response_type"] != "in_channel" || !strings.Contains(string(resp[0].Blocks), "Poll P-1") {
		t.Fatalf("fallback %+v", resp)
	}
	if len(r.recorded) != 0 {
		t.Fatal("an unupdatable copy was recorded")
	}

	// Slack down: after a second try the post is queued for the outbox,
	// and the person told.
	r.fake.Fail("chat.postMessage", "internal_error")
	_, body = r.send("/slack/commands", slackfake.Command("T0JCA", "C1", "U1", "poll new x", r.fake.ResponseURL("q")))
	r.a.Wait()
	for _, c := range r.fake.Calls("response_url") { // the answer, when it came after "working on it"
		if c.Path == "q" {
			body += string(c.Blocks)
		}
	}
	if !strings.Contains(body, "as soon as Slack takes it") || len(r.queued) != 1 || r.queued[0].Channel != "slack:T0JCA/C1" {
		t.Fatalf("answer %s, queued %+v", body, r.queued)
	}
}

func TestFilesUploadedOrShownInline(t *testing.T) {
	r := newRig(t)
	ics := []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:<b>JCA</b>\r\nEND:VCALENDAR\r\n")
	r.setAnswer(func(req bot.Request) bot.Reply {
		var m bot.Message
		m.Section(bot.T("Here is M-5."))
		m.Files = []bot.File{{Name: "M-5.ics", MediaType: "text/calendar", Data: ics}}
		return bot.Reply{Message: m}
	})
	_, body := r.send("/slack/commands", slackfake.Command("T0JCA", "C1", "U1", "meeting ics M-5", r.fake.ResponseURL("f")))
	ephemeral(t, body)
	if got, ok := r.fake.Uploaded("M-5.ics"); !ok || string(got) != string(ics) {
		t.Fatalf("uploaded %q", got)
	}
	if c := r.fake.Calls("files.completeUploadExternal"); len(c) != 1 || c[0].Channel != "C1" {
		t.Fatalf("complete %+v", c)
	}

	r.fake.Fail("files.getUploadURLExternal", "missing_scope")
	_, body = r.send("/slack/commands", slackfake.Command("T0JCA", "C1", "U1", "meeting ics M-5", r.fake.ResponseURL("g")))
	body = unescapedJSON(t, body)
	if !strings.Contains(body, "M-5.ics") || !strings.Contains(body, "BEGIN:VCALENDAR") || !strings.Contains(body, "&lt;b&gt;JCA") {
		t.Fatalf("no inline fallback: %s", body)
	}
}

func TestMentionsAndPeople(t *testing.T) {
	r := newRig(t)
	r.fake.SetTZ("U1", "Africa/Cairo")
	r.send("/slack/commands", slackfake.Command("T0JCA", "C1", "U1", "chair add <@U024BE7LH|alice> &amp; <@W0BOB>", r.fake.ResponseURL("m")))
	q := r.requests()[0]
	if q.Text != "chair add @U024BE7LH & @W0BOB" || q.Person.TZ != "Africa/Cairo" {
		t.Fatalf("request %+v", q)
	}
	want := []bot.Mention{{Token: "@U024BE7LH", ID: "slack:U024BE7LH", Name: "alice"}, {Token: "@W0BOB", ID: "slack:W0BOB", Name: "Person W0BOB"}}
	if len(q.Mentions) != 2 || q.Mentions[0] != want[0] || q.Mentions[1] != want[1] {
		t.Fatalf("mentions %+v", q.Mentions)
	}
	// Cached: the same person again asks Slack nothing.
	before := len(r.fake.Calls("users.info"))
	r.send("/slack/commands", slackfake.Command("T0JCA", "C1", "U1", "tz show", r.fake.ResponseURL("m2")))
	if n := len(r.fake.Calls("users.info")); n != before {
		t.Fatalf("users.info called again within the hour (%d → %d)", before, n)
	}
	// An hour later it is asked again.
	r.clock.Add(61 * time.Minute)
	r.send("/slack/commands", slackfake.Command("T0JCA", "C1", "U1", "tz show", r.fake.ResponseURL("m3")))
	if n := len(r.fake.Calls("users.info")); n != before+1 {
		t.Fatalf("users.info not asked after the hour (%d → %d)", before, n)
	}
	// users.info failing does not fail the command: the zone is unknown.
	r.fake.Fail("users.info", "fatal_error")
	status, body := r.send("/slack/commands", slackfake.Command("T0JCA", "C1", "U9", "tz show", r.fake.ResponseURL("m4")))
	if status != http.StatusOK || !strings.Contains(body, "Done") {
		t.Fatalf("%d %s", status, body)
	}
	q = r.requests()[len(r.requests())-1]
	if q.Person.TZ != "" || q.Person.Name != "u9" {
		t.Fatalf("person %+v", q.Person)
	}
}

func TestEventsVerificationAndMention(t *testing.T) {
	r := newRig(t)
	ev := `{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`
	status, body := r.do(slackfake.Signed(t, r.srv.URL+"/slack/events", testSecret, r.clock.Now(), "application/json", []byte(ev)))
	if status != http.StatusOK || !strings.Contains(body, `"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"`) {
		t.Fatalf("%d %s", status, body)
	}
	ev = `{"type":"event_callback","team_id":"T0JCA","event":{"type":"app_mention","user":"U5","channel":"C3","text":"<@UBOT> hello"}}`
	status, _ = r.do(slackfake.Signed(t, r.srv.URL+"/slack/events", testSecret, r.clock.Now(), "application/json", []byte(ev)))
	r.a.Wait()
	q := r.requests()
	if status != http.StatusOK || len(q) != 1 || q[0].Text != "help" || q[0].Person.ID != "slack:U5" {
		t.Fatalf("%d %+v", status, q)
	}
	eph := r.fake.Calls("chat.postEphemeral")
	if len(eph) != 1 || eph[0].Channel != "C3" || eph[0].User != "U5" || !strings.Contains(string(eph[0].Blocks), "/jca help poll") {
		t.Fatalf("mention answer %+v", eph)
	}
	// A redelivery is acknowledged and not answered twice.
	q2 := slackfake.Signed(t, r.srv.URL+"/slack/events", testSecret, r.clock.Now(), "application/json", []byte(ev))
	q2.Header.Set("X-Slack-Retry-Num", "1")
	r.do(q2)
	r.a.Wait()
	if len(r.requests()) != 1 {
		t.Fatal("a redelivered mention was answered again")
	}
}

func TestOutboundErrorsForTheOutbox(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	var m bot.Message
	m.Section(bot.T("Reminder"))
	m.AddButtons(bot.Button{Label: "Yes", Action: bot.Action{Name: "run", Value: "poll vote P-1 1=yes"}})

	ref, err := r.a.Post(ctx, "slack:T0JCA/C1", m)
	if err != nil || ref.Channel != "slack:T0JCA/C1" || ref.ID == "" {
		t.Fatalf("post: %+v %v", ref, err)
	}
	if err := r.a.Update(ctx, ref, m); err != nil {
		t.Fatal(err)
	}
	up := r.fake.Calls("chat.update")
	if len(up) != 1 || up[0].TS != ref.ID || up[0].Channel != "C1" || !strings.Contains(string(up[0].Blocks), "poll vote P-1 1=yes") || up[0].Text == "" {
		t.Fatalf("update %+v", up)
	}

	r.fake.RateLimit("chat.update", 1, 7)
	err = r.a.Update(ctx, ref, m)
	var ra *outbox.RetryAfter
	if !errors.As(err, &ra) || ra.After != 7*time.Second {
		t.Fatalf("429: %v", err)
	}
	for _, code := range []string{"message_not_found", "channel_not_found", "is_archived", "token_revoked"} {
		r.fake.Fail("chat.update", code)
		if err := r.a.Update(ctx, ref, m); !errors.Is(err, outbox.ErrPermanent) || !strings.Contains(err.Error(), code) {
			t.Fatalf("%s: %v", code, err)
		}
	}
	r.fake.Fail("chat.update", "internal_error")
	if err := r.a.Update(ctx, ref, m); err == nil || errors.Is(err, outbox.ErrPermanent) || errors.As(err, &ra) {
		t.Fatalf("a passing error: %v", err)
	}
	if _, err := r.a.Post(ctx, "console:general", m); !errors.Is(err, outbox.ErrPermanent) {
		t.Fatalf("a console channel: %v", err)
	}
}

// A command whose handling panics still gets an answer in time, the panic
// logged, and the adapter goes on serving.
func TestPanickingCommandIsAnsweredAndLogged(t *testing.T) {
	var logs strings.Builder
	var mu sync.Mutex
	r := newRig(t, func(c *slackadapter.Config) {
		c.Log = slog.New(slog.NewJSONHandler(lockedWriter{&mu, &logs}, nil))
	})
	r.setAnswer(func(req bot.Request) bot.Reply { panic("boom") })
	status, body := r.send("/slack/commands", slackfake.Command("T0JCA", "C1", "U1", "activity list", r.fake.ResponseURL("p")))
	if status != http.StatusOK || !strings.Contains(body, "didn't work on our side while answering") || strings.Contains(body, "boom") {
		t.Fatalf("%d %s", status, body)
	}
	ephemeral(t, body)
	mu.Lock()
	logged := logs.String()
	mu.Unlock()
	if !strings.Contains(logged, "panicked") || !strings.Contains(logged, "boom") {
		t.Fatalf("log: %s", logged)
	}
	r.setAnswer(func(req bot.Request) bot.Reply { return bot.Reply{Message: *new(bot.Message).Section(bot.T("fine"))} })
	if status, body := r.send("/slack/commands", slackfake.Command("T0JCA", "C1", "U1", "help", r.fake.ResponseURL("q"))); status != http.StatusOK || !strings.Contains(body, "fine") {
		t.Fatalf("after the panic: %d %s", status, body)
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// A command that panics after "working on it" was said gets its failure
// through the response_url.
func TestLatePanickingCommandSaysSoThroughResponseURL(t *testing.T) {
	release := make(chan struct{})
	r := newRig(t, func(c *slackadapter.Config) { c.CommandDeadline = 20 * time.Millisecond })
	r.setAnswer(func(req bot.Request) bot.Reply {
		<-release
		panic("late boom")
	})
	status, body := r.send("/slack/commands", slackfake.Command("T0JCA", "C1", "U1", "report", r.fake.ResponseURL("late")))
	if status != http.StatusOK || !strings.Contains(body, "Working on it") {
		t.Fatalf("%d %s", status, body)
	}
	close(release)
	r.a.Wait()
	resp := r.fake.Calls("response_url")
	if len(resp) != 1 || resp[0].Path != "late" || !strings.Contains(string(resp[0].Blocks), "didn't work on our side while answering") {
		t.Fatalf("late answer %+v", resp)
	}
}

// A command or a click from a user id Slack does not know (user_not_found)
// or from a deactivated account is refused with a plain word and never
// reaches the handler; when users.info merely fails, the command is served.
func TestUnknownUsersAreRefused(t *testing.T) {
	r := newRig(t)
	r.fake.RemoveUser("UGONE")
	r.fake.DeactivateUser("UOLD")
	for _, user := range []string{"UGONE", "UOLD"} {
		status, body := r.send("/slack/commands", slackfake.Command("T0JCA", "C1", user, `activity add SG13 "Forged"`, r.fake.ResponseURL("u")))
		if status != http.StatusOK || !strings.Contains(body, "could not find your account") || strings.Contains(body, "Done") {
			t.Fatalf("%s: %d %s", user, status, body)
		}
	}
	click := slackfake.BlockAction("T0JCA", "C1", "UGONE", "1900000000.000001", "jca:run:0", "poll vote P-1 1=yes", r.fake.ResponseURL("click"))
	if status, _ := r.send("/slack/interactions", click); status != http.StatusOK {
		t.Fatalf("click: %d", status)
	}
	r.a.Wait()
	if n := len(r.requests()); n != 0 {
		t.Fatalf("%d requests from unknown people reached the handler", n)
	}
	var told bool
	for _, c := range r.fake.Calls("response_url") {
		if c.Path == "click" && strings.Contains(c.Text, "could not find your account") {
			told = true
		}
	}
	if !told {
		t.Fatalf("the clicker was not told: %+v", r.fake.Calls("response_url"))
	}
	// A known person is served as ever.
	if _, body := r.send("/slack/commands", slackfake.Command("T0JCA", "C1", "U1", "tz show", r.fake.ResponseURL("k"))); !strings.Contains(body, "Done") {
		t.Fatalf("known person: %s", body)
	}
}
