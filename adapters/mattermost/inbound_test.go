package mattermost

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/jcabot/jcabot/adapters/mattermost/mattermosttest"

	"github.com/jcabot/jcabot/internal/bot"
)

// The request of the Mattermost developer documentation ("Custom slash
// commands", protocols.md M1.3), field for field; the mention lists are
// given as the documentation prints them, one JSON array each.
func TestDocumentedSlashCommandAnswered(t *testing.T) {
	f := newFixture(t)
	f.user("aoa1agao6t8fmx3ikt1j9w5ybw", "somename", "Some", "Name", "Africa/Cairo")
	body := strings.Join([]string{
		"channel_id=jux16pkewjrkfj3ehep1psxyxc",
		"channel_name=town-square",
		"command=%2Ftest",
		"response_url=http%3A%2F%2Flocalhost%3A8065%2Fhooks%2Fcommands%2Fxbrkb8p393gjpq5cawei7npije",
		"team_domain=test",
		"team_id=carya1qs77bemjup96ff538snh",
		"text=asd",
		"token=okwexkjpe7ygb8eq1ww58t483w",
		"user_id=aoa1agao6t8fmx3ikt1j9w5ybw",
		"user_name=somename",
		"channel_mentions=" + url.QueryEscape(`["saepe-5", "aut-8"]`),
		"channel_mentions_ids=" + url.QueryEscape(`["r3j6sby343fpfdxcbwqg95rfsa", "ehjj46yk7ifptr5bpfb966s6mc"]`),
		"user_mentions=" + url.QueryEscape(`["aaron.peterson", "aaron.medina"]`),
		"user_mentions_ids=" + url.QueryEscape(`["q5s3b7xzgprp5eid8h66j9epsy", "czwmumrmw7dfxecww7qibkkoor"]`),
	}, "&")
	resp, data := f.postRaw("/mattermost/commands", "application/x-www-form-urlencoded", body, "Token okwexkjpe7ygb8eq1ww58t483w")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), data)
	}
	cr, err := model.CommandResponseFromJSON(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	if cr.ResponseType != model.CommandResponseTypeEphemeral || cr.Text != "You said: asd" || !cr.SkipSlackParsing {
		t.Fatalf("answer = %+v", cr)
	}
	req := f.bot.last()
	want := bot.Request{Platform: bot.Mattermost, Team: "carya1qs77bemjup96ff538snh",
		Channel: "mattermost:carya1qs77bemjup96ff538snh/jux16pkewjrkfj3ehep1psxyxc",
		Person:  bot.Person{ID: "mattermost:aoa1agao6t8fmx3ikt1j9w5ybw", Name: "Some Name", TZ: "Africa/Cairo"},
		Text:    "asd", Time: t0}
	if req.Platform != want.Platform || req.Team != want.Team || req.Channel != want.Channel ||
		req.Person != want.Person || req.Text != want.Text || !req.Time.Equal(want.Time) || req.Action != nil {
		t.Fatalf("request = %+v\nwant %+v", req, want)
	}
	if got := userMentions(mustParse(t, body)); got["aaron.peterson"] != "q5s3b7xzgprp5eid8h66j9epsy" || got["aaron.medina"] != "czwmumrmw7dfxecww7qibkkoor" {
		t.Fatalf("documented mention lists read as %v", got)
	}
}

func mustParse(t *testing.T, body string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(body)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// The request a real server (5.38) sent, as recorded in protocols.md
// ("Observed on a real Mattermost server"): the mentions come as repeated
// form values (model.UserMentionMap.ToURLValues), the text keeps its quotes.
func TestRealServerSlashCommandAnswered(t *testing.T) {
	f := newFixture(t)
	f.user("q5s3b7xzgprp5eid8h66j9epsy", "aaron.peterson", "Aaron", "Peterson", "")
	f.user("bobbobbobbobbobbobbobbobbo", "bob", "Bob", "", "Europe/Paris")
	f.user("aoa1agao6t8fmx3ikt1j9w5ybw", "somename", "", "", "")
	form := url.Values{
		"channel_id": {"jux16pkewjrkfj3ehep1psxyxc"}, "channel_name": {"town-square"}, "command": {"/jca"},
		"response_url": {"http://localhost:8065/hooks/commands/xbrkb8p393gjpq5cawei7npije"},
		"team_domain":  {"itu"}, "team_id": {f.team},
		"text":  {`member add @aaron.peterson @Bob @nobody @channel "SG13 rep"`},
		"token": {commandToken}, "trigger_id": {"YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo6MTIzNDU2Nzg5MA=="},
		"user_id": {"aoa1agao6t8fmx3ikt1j9w5ybw"}, "user_name": {"somename"},
	}
	for k, v := range (model.UserMentionMap{"aaron.peterson": "q5s3b7xzgprp5eid8h66j9epsy"}).ToURLValues() {
		form[k] = v
	}
	cr := f.slashForm(form)
	if cr.ResponseType != model.CommandResponseTypeEphemeral || !strings.Contains(cr.Text, `member add`) {
		t.Fatalf("answer = %+v", cr)
	}
	req := f.bot.last()
	if req.Text != form.Get("text") {
		t.Fatalf("text = %q", req.Text)
	}
	// The person has neither a full name nor a zone: the username stands
	// in, and the zone is unknown.
	if req.Person.Name != "somename" || req.Person.TZ != "" {
		t.Fatalf("person = %+v", req.Person)
	}
	got := map[string]bot.Identity{}
	for _, m := range req.Mentions {
		got[m.Token] = m.ID
	}
	want := map[string]bot.Identity{
		"@aaron.peterson": "mattermost:q5s3b7xzgprp5eid8h66j9epsy", // from user_mentions_ids
		"@Bob":            "mattermost:bobbobbobbobbobbobbobbobbo", // resolved by username
	}
	if len(got) != len(want) || got["@aaron.peterson"] != want["@aaron.peterson"] || got["@Bob"] != want["@Bob"] {
		t.Fatalf("mentions = %v, want %v", got, want)
	}
	// A second mention of bob is answered from the cache.
	f.slashForm(form)
	if n := len(f.mm.Calls("GET /users/username/{name}")); n != 2 { // bob once, nobody once
		t.Fatalf("%d username look-ups, want 2 (cached)", n)
	}
}

func (f *fixture) slashForm(form url.Values) *model.CommandResponse {
	f.t.Helper()
	f.mm.Member(form.Get("user_id"))
	resp, body := f.command(form, "Token "+form.Get("token"))
	if resp.StatusCode != http.StatusOK {
		f.t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	cr, err := model.CommandResponseFromJSON(strings.NewReader(string(body)))
	if err != nil {
		f.t.Fatal(err)
	}
	return cr
}

func TestSlashCommandRefusals(t *testing.T) {
	cases := []struct {
		name   string
		token  string // form field
		header string
		team   string
		body   string // raw body instead of the form
		want   int
	}{
		{name: "wrong token", token: "x" + commandToken[1:], header: "Token x" + commandToken[1:], want: http.StatusUnauthorized},
		{name: "no token", want: http.StatusUnauthorized},
		{name: "token of another length", token: commandToken + "x", want: http.StatusUnauthorized},
		{name: "bearer header is not a command token", header: "Bearer " + commandToken, want: http.StatusUnauthorized},
		{name: "header alone is enough", header: "Token " + commandToken, want: http.StatusOK},
		{name: "field alone is enough", token: commandToken, want: http.StatusOK},
		{name: "the second configured token", token: "other-token", want: http.StatusOK},
		{name: "foreign team", token: commandToken, team: "foreignteam00000000000000a", want: http.StatusForbidden},
		{name: "oversized body", body: "token=" + commandToken + "&text=" + strings.Repeat("a", MaxBody), want: http.StatusRequestEntityTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, func(c *Config) { c.TeamIDs = []string{"carya1qs77bemjup96ff538snh"} })
			team := tc.team
			if team == "" {
				team = f.team
			}
			form := url.Values{"team_id": {team}, "channel_id": {"c1"}, "user_id": {"u1"}, "text": {"activity add SG13 \"x\""}}
			if tc.token != "" {
				form.Set("token", tc.token)
			}
			body := form.Encode()
			if tc.body != "" {
				body = tc.body
			}
			resp, data := f.postRaw(CommandsPath, "application/x-www-form-urlencoded", body, tc.header)
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.want, data)
			}
			if tc.want != http.StatusOK {
				if n := f.bot.calls(); n != 0 {
					t.Fatalf("the handler ran %d times", n)
				}
				if calls := f.mm.Calls(""); len(calls) != 0 {
					t.Fatalf("the server was called: %v", calls)
				}
				if strings.Contains(string(data), "activity") {
					t.Fatalf("the refusal echoes the request: %s", data)
				}
			}
		})
	}
}

func TestPollPostedByTheBotWithSignedButtons(t *testing.T) {
	f := newFixture(t)
	p := f.pollPost()
	if p.UserId != f.mm.Bot.Id || p.ChannelId != "chan000000000000000000000a" {
		t.Fatalf("the poll was posted by %s in %s", p.UserId, p.ChannelId)
	}
	f.bot.mu.Lock()
	ref := f.bot.posts[0]
	f.bot.mu.Unlock()
	if ref.Channel != bot.NewChannelID(bot.Mattermost, f.team, "chan000000000000000000000a") || ref.ID != p.Id {
		t.Fatalf("recorded %+v for post %s", ref, p.Id)
	}
	if !strings.Contains(p.Message, "#### **P-1** March e-meeting") {
		t.Fatalf("message = %q", p.Message)
	}
	rows := actions(p)
	if len(rows) != 3 || len(rows[0]) != 3 || len(rows[1]) != 3 || len(rows[2]) != 0 {
		t.Fatalf("attachments: %s", mattermosttest.Sprint(p))
	}
	atts := p.Attachments()
	if !strings.Contains(atts[0].Text, "1 · Thu 26 Mar") || !strings.Contains(atts[1].Text, "2 · Thu 26 Mar") ||
		!strings.Contains(atts[2].Text, "0 answered") {
		t.Fatalf("attachment texts: %s", mattermosttest.Sprint(p))
	}
	labels := []string{"Yes", "If need be", "No"}
	for i, row := range rows[:2] {
		for j, a := range row {
			if a.Type != model.PostActionTypeButton || a.Name != labels[j] || a.Integration == nil ||
				a.Integration.URL != "https://bot.example.org/mattermost/actions" {
				t.Fatalf("button %d/%d = %+v", i, j, a)
			}
			if err := a.IsValid(); err != nil {
				t.Fatalf("button %d/%d invalid: %v", i, j, err)
			}
			act, err := f.a.sign.verify(a.Integration.Context)
			if err != nil {
				t.Fatalf("button %d/%d: %v", i, j, err)
			}
			if act.Name != "run" || !strings.HasPrefix(act.Value, "poll vote P-1 ") {
				t.Fatalf("button %d/%d carries %+v", i, j, act)
			}
			if keys := strings.Join(sortedKeys(a.Integration.Context), ","); keys != "action,exp,mac,value" {
				t.Fatalf("context keys %s", keys)
			}
		}
	}
	if rows[0][0].Style != "primary" || rows[0][1].Style != "default" {
		t.Fatalf("styles %q %q", rows[0][0].Style, rows[0][1].Style)
	}
}

func TestForgedOrExpiredClickRefused(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.TeamIDs = []string{"carya1qs77bemjup96ff538snh"} })
	p := f.pollPost()
	good := actions(p)[0][0].Integration.Context
	before := f.bot.calls()

	forge := func(change func(m map[string]any)) map[string]any {
		m := map[string]any{}
		for k, v := range good {
			m[k] = v
		}
		change(m)
		return m
	}
	other := signer{key: []byte("another secret, not the bot's..."), ttl: time.Hour, now: f.clock.Now}
	cases := []struct {
		name string
		ctx  map[string]any
	}{
		{"value changed", forge(func(m map[string]any) { m[ctxValue] = "poll close P-1" })},
		{"action changed", forge(func(m map[string]any) { m[ctxAction] = "admin" })},
		{"expiry pushed back", forge(func(m map[string]any) { m[ctxExpiry] = "9999999999" })},
		{"no MAC", forge(func(m map[string]any) { delete(m, ctxMAC) })},
		{"MAC not base64", forge(func(m map[string]any) { m[ctxMAC] = "%%%" })},
		{"another key", other.context(bot.Action{Name: "run", Value: "poll vote P-1 1=yes"})},
		{"documented example context", map[string]any{"action": "do_something"}},
		{"empty", nil},
	}
	for _, tc := range cases {
		if status, _ := f.clickContext("voter00000000000000000000a", p.Id, f.team, tc.ctx); status != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", tc.name, status)
		}
	}
	// The genuine context, from a team not served.
	if status, _ := f.clickContext("voter00000000000000000000a", p.Id, "foreignteam00000000000000a", good); status != http.StatusForbidden {
		t.Errorf("foreign team: status %d, want 403", status)
	}
	// The genuine context, once expired.
	f.clock.Add(DefaultActionTTL + time.Second)
	if status, _ := f.clickContext("voter00000000000000000000a", p.Id, f.team, good); status != http.StatusUnauthorized {
		t.Errorf("expired: status %d, want 401", status)
	}
	if n := f.bot.calls(); n != before {
		t.Fatalf("refused clicks ran the handler %d times", n-before)
	}
	// A button signed at the update after expiry works again: updates sign afresh.
	fresh := f.a.sign.context(bot.Action{Name: "run", Value: "poll vote P-1 1=yes"})
	if status, ans := f.clickContext("voter00000000000000000000a", p.Id, f.team, fresh); status != http.StatusOK || ans == nil {
		t.Fatalf("fresh context: status %d", status)
	}
}

// 300 people click within one second of the fake clock (299 in concurrent
// waves, the last alone): every vote counts,
// the post gets at most one UpdatePost in that second and one after it,
// the last with the full tally and its buttons' integrations rebuilt.
func TestThreeHundredClicksCoalesced(t *testing.T) {
	f := newFixture(t)
	p := f.pollPost()
	for i := 0; i < 300; i++ {
		f.user(voterID(i), "voter"+strconv.Itoa(i), "Voter", strconv.Itoa(i), "Asia/Tokyo")
	}
	rows := actions(p)
	ctx := context.Background()
	// Ten waves of 30 concurrent clicks, 90 ms apart; the coalescer is
	// flushed between waves as its ticker would.
	for wave := 0; wave < 10; wave++ {
		f.clock.Set(t0.Add(time.Duration(wave) * 90 * time.Millisecond))
		var wg sync.WaitGroup
		errs := make(chan string, 30)
		for k := 0; k < 30; k++ {
			i := wave*30 + k
			if i == 299 {
				break // the last click comes alone, below
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				b := rows[i%2][i%3]
				status, ans := f.click(voterID(i), p.Id, b)
				if status != http.StatusOK || ans == nil || !strings.Contains(ans.EphemeralText, "Your vote on **P-1** is noted at 21:") ||
					ans.Update != nil {
					errs <- "click " + strconv.Itoa(i) + ": status " + strconv.Itoa(status)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Fatal(e)
		}
		f.co.Flush(ctx, f.clock.Now())
	}
	// Concurrent clicks may hand in their tallies out of order (the state
	// each read is not versioned); the last click, alone, carries the
	// full tally.
	f.clock.Set(t0.Add(950 * time.Millisecond))
	if status, _ := f.click(voterID(299), p.Id, rows[299%2][299%3]); status != http.StatusOK {
		t.Fatalf("click 299: %d", status)
	}
	f.clock.Set(t0.Add(999 * time.Millisecond))
	f.co.Flush(ctx, f.clock.Now())
	updates := f.mm.Calls("PUT /posts/{id}")
	if len(updates) > 1 {
		t.Fatalf("%d UpdatePost within the first second, want at most 1", len(updates))
	}
	f.clock.Set(t0.Add(1000 * time.Millisecond))
	f.co.Flush(ctx, f.clock.Now())
	f.clock.Set(t0.Add(5 * time.Second))
	f.co.Flush(ctx, f.clock.Now())
	updates = f.mm.Calls("PUT /posts/{id}")
	var inFirst, after int
	for _, u := range updates {
		if u.At.Before(t0.Add(time.Second)) {
			inFirst++
		} else {
			after++
		}
	}
	if inFirst > 1 || after != 1 {
		t.Fatalf("UpdatePost calls: %d in the first second, %d after; want ≤1 and 1", inFirst, after)
	}
	f.bot.mu.Lock()
	votes := len(f.bot.votes)
	f.bot.mu.Unlock()
	if votes != 300 {
		t.Fatalf("%d votes counted, want 300", votes)
	}
	last := updates[len(updates)-1].Post
	atts := last.Attachments()
	if !strings.Contains(last.Message, "**P-1**") || len(atts) != 3 || !strings.Contains(atts[2].Text, "300 answered") {
		t.Fatalf("last update: %s", mattermosttest.Sprint(last))
	}
	// 300 clicks spread over 6 buttons: 50 each.
	if !strings.Contains(atts[0].Text, `✓ 50 \~ 50 ✗ 50`) || !strings.Contains(atts[1].Text, `✓ 50 \~ 50 ✗ 50`) {
		t.Fatalf("tally: %s", mattermosttest.Sprint(last))
	}
	// Integrations rebuilt on the update, and kept by the server.
	stored := f.mm.StoredPost(p.Id)
	for _, post := range []*model.Post{last, stored} {
		for _, row := range actions(post)[:2] {
			for _, a := range row {
				if a.Integration == nil {
					t.Fatalf("an update lost a button's integration: %s", mattermosttest.Sprint(post))
				}
				if _, err := f.a.sign.verify(a.Integration.Context); err != nil {
					t.Fatalf("an updated button does not verify: %v", err)
				}
			}
		}
	}
	// A click on the updated post still works.
	if status, _ := f.click(voterID(0), p.Id, actions(stored)[1][2]); status != http.StatusOK {
		t.Fatalf("click after the update: status %d", status)
	}
}

func voterID(i int) string {
	return fmt.Sprintf("voter%021d", i)
}

// A command or a click whose handling panics is answered (ephemeral, in
// words from the catalog), never with a stack trace or a dropped
// connection, and the adapter goes on serving.
func TestPanickingRequestIsAnswered(t *testing.T) {
	f := newFixture(t)
	p := f.pollPost()
	action := p.Attachments()[0].Actions[0]
	f.bot.mu.Lock()
	f.bot.reply = func(req bot.Request) bot.Reply { panic("boom") }
	f.bot.mu.Unlock()

	cr := f.slash("voter0000000000000000000a", "activity list")
	if cr.ResponseType != model.CommandResponseTypeEphemeral || !strings.Contains(cr.Text, "didn't work on our side while answering") || strings.Contains(cr.Text, "boom") {
		t.Fatalf("answer %+v", cr)
	}
	status, out := f.click("voter0000000000000000000a", p.Id, action)
	if status != http.StatusOK || !strings.Contains(out.EphemeralText, "didn't work on our side while answering") {
		t.Fatalf("click: %d %+v", status, out)
	}
	f.bot.mu.Lock()
	f.bot.reply = nil
	f.bot.mu.Unlock()
	if cr := f.slash("voter0000000000000000000a", "poll new again"); !strings.Contains(cr.Text, "Created P-1") {
		t.Fatalf("after the panic: %+v", cr)
	}
}

// A command or a click from an id the server has no account for (404), or
// from a deactivated account, is refused with a plain word and never
// reaches the handler; when the server merely fails to answer, the command
// is served with the username the request carried.
func TestUnknownUsersAreRefused(t *testing.T) {
	f := newFixture(t)
	post := f.pollPost()
	old := f.user("oldoldoldoldoldoldoldoldol", "old", "Old", "Account", "")
	old.DeleteAt = t0.UnixMilli()
	before := f.bot.calls()
	for _, id := range []string{"nobodynobodynobodynobodyno", old.Id} {
		form := url.Values{"channel_id": {"chan000000000000000000000a"}, "command": {"/jca"}, "team_id": {f.team},
			"text": {`activity add SG13 "Forged"`}, "token": {commandToken}, "user_id": {id}, "user_name": {"x"}}
		resp, body := f.command(form, "Token "+commandToken)
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "could not find your account") {
			t.Fatalf("%s: %d %s", id, resp.StatusCode, body)
		}
	}
	in := model.PostActionIntegrationRequest{UserId: "nobodynobodynobodynobodyno", ChannelId: "chan000000000000000000000a",
		TeamId: f.team, PostId: post.Id, Context: post.Attachments()[0].Actions[0].Integration.Context}
	body, _ := json.Marshal(in)
	resp, data := f.postRaw(ActionsPath, "application/json", string(body), "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(data), "could not find your account") {
		t.Fatalf("click: %d %s", resp.StatusCode, data)
	}
	if n := f.bot.calls(); n != before {
		t.Fatalf("%d requests from unknown people reached the handler", n-before)
	}
	// The server failing (500) is not a verdict: the person is served.
	f.mm.FailNext("GET /users/{id}", http.StatusInternalServerError, "")
	form := url.Values{"channel_id": {"chan000000000000000000000a"}, "command": {"/jca"}, "team_id": {f.team},
		"text": {"tz show"}, "token": {commandToken}, "user_id": {"newnewnewnewnewnewnewnewne"}, "user_name": {"newcomer"}}
	if resp, body := f.command(form, "Token "+commandToken); resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "You said") {
		t.Fatalf("server failing: %d %s", resp.StatusCode, body)
	}
	if got := f.bot.last().Person.Name; got != "newcomer" {
		t.Fatalf("person named %q", got)
	}
}
