package slack_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	slackadapter "github.com/jcabot/jcabot/adapters/slack"
	"github.com/jcabot/jcabot/internal/bot"
)

// slashPayload is a slash command as Socket Mode carries it (JSON, with
// is_enterprise_install missing, as Slack sends it).
func slashPayload(team, user, text, responseURL string) map[string]any {
	return map[string]any{
		"token": "gIkuvaNzQIHg97ATvDxqgjtO", "team_id": team, "team_domain": "jca", "channel_id": "C1",
		"channel_name": "coordination", "user_id": user, "user_name": strings.ToLower(user), "command": "/jca",
		"text": text, "api_app_id": "A123456", "response_url": responseURL,
		"trigger_id": "13345224609.738474920.8088930838d88f008e0",
	}
}

func TestSocketModeEnvelopesAcknowledged(t *testing.T) {
	r := newRig(t, func(c *slackadapter.Config) {
		c.AppToken, c.SigningSecret, c.TeamIDs = "xapp-1-A123456-1-abc", "", []string{"T0JCA"}
	})
	if !r.a.SocketMode() {
		t.Fatal("an app token did not turn Socket Mode on")
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- r.a.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-stopped; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	r.fake.AwaitConnection(t, 1)

	// A slash command: its ack carries the answer, as the HTTP 200 would.
	r.fake.Envelope(t, "slash_commands", "env-1", slashPayload("T0JCA", "U1", "activity list", r.fake.ResponseURL("s1")))
	ack := r.fake.AwaitAck(t, "env-1")
	var answer map[string]any
	if err := json.Unmarshal(ack.Payload, &answer); err != nil || answer["response_type"] != "ephemeral" ||
		!strings.Contains(string(ack.Payload), "Done: `activity list`") {
		t.Fatalf("ack payload %s (%v)", ack.Payload, err)
	}
	if !r.a.Ready() {
		t.Fatal("not ready while connected")
	}

	// A click: acknowledged at once, empty; the answer through response_url.
	click := map[string]any{}
	json.Unmarshal([]byte(clickJSON(r.fake.ResponseURL("c1"))), &click)
	r.fake.Envelope(t, "interactive", "env-2", click)
	if ack := r.fake.AwaitAck(t, "env-2"); len(ack.Payload) != 0 && string(ack.Payload) != "null" {
		t.Fatalf("click ack carries %s", ack.Payload)
	}
	// A mention: acknowledged, answered with the help to the person.
	r.fake.Envelope(t, "events_api", "env-3", map[string]any{
		"token": "x", "team_id": "T0JCA", "api_app_id": "A123456", "type": "event_callback", "event_id": "Ev1", "event_time": 1900000000,
		"event": map[string]any{"type": "app_mention", "user": "U5", "channel": "C3", "text": "<@UBOT> hi", "ts": "1900000000.000100"},
	})
	r.fake.AwaitAck(t, "env-3")
	// Another workspace: acknowledged (so Slack stops retrying), not run.
	r.fake.Envelope(t, "slash_commands", "env-4", slashPayload("T0OTHER", "U1", "activity add SG13 \"x\"", r.fake.ResponseURL("s4")))
	if ack := r.fake.AwaitAck(t, "env-4"); len(ack.Payload) != 0 && string(ack.Payload) != "null" {
		t.Fatalf("foreign ack carries %s", ack.Payload)
	}
	r.a.Wait()
	var click1, mention bool
	for _, q := range r.requests() {
		switch {
		case q.Action != nil && q.Action.Value == "poll vote P-2 2=maybe" && q.Person.ID == "slack:U7":
			click1 = true
		case q.Text == "help" && q.Person.ID == "slack:U5":
			mention = true
		case q.Text == `activity add SG13 "x"`:
			t.Fatal("a foreign workspace's command ran")
		}
	}
	if !click1 || !mention {
		t.Fatalf("click %v, mention %v: %+v", click1, mention, r.requests())
	}
	if c := r.fake.Calls("response_url"); len(c) != 1 || c[0].Path != "c1" {
		t.Fatalf("response_url posts %+v", c)
	}
	if c := r.fake.Calls("chat.postEphemeral"); len(c) != 1 || c[0].User != "U5" {
		t.Fatalf("mention answers %+v", c)
	}

	// Slack asks the bot to reconnect: socketmode opens a new connection,
	// and envelopes on it are handled the same.
	r.fake.Envelope(t, "disconnect", "", nil)
	r.fake.AwaitConnection(t, 2)
	r.fake.Envelope(t, "slash_commands", "env-5", slashPayload("T0JCA", "U1", "poll list", r.fake.ResponseURL("s5")))
	if ack := r.fake.AwaitAck(t, "env-5"); !strings.Contains(string(ack.Payload), "poll list") {
		t.Fatalf("after reconnecting: %s", ack.Payload)
	}
}

func TestSocketModeLargeAnswerGoesThroughResponseURL(t *testing.T) {
	r := newRig(t, func(c *slackadapter.Config) { c.AppToken, c.SigningSecret = "xapp-1-A123456-1-abc", "" })
	r.setAnswer(func(req bot.Request) bot.Reply {
		var m bot.Message
		for i := 0; i < 40; i++ {
			m.Section(bot.T(strings.Repeat("A long line of the register. ", 30)))
		}
		return bot.Reply{Message: m}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go r.a.Run(ctx)
	r.fake.AwaitConnection(t, 1)
	r.fake.Envelope(t, "slash_commands", "big", slashPayload("T0JCA", "U1", "activity list", r.fake.ResponseURL("big")))
	if ack := r.fake.AwaitAck(t, "big"); len(ack.Payload) != 0 && string(ack.Payload) != "null" {
		t.Fatalf("a %d-byte ack", len(ack.Payload))
	}
	r.a.Wait() // the acknowledgement came from the work that posts the answer
	if c := r.fake.Calls("response_url"); len(c) != 1 || c[0].Body["response_type"] != "ephemeral" {
		t.Fatalf("response_url posts %+v", c)
	}
}

func clickJSON(responseURL string) string {
	return `{"type":"block_actions","user":{"id":"U7","username":"u7","name":"u7","team_id":"T0JCA"},"api_app_id":"A123456",` +
		`"token":"x","container":{"type":"message","message_ts":"1900000000.000001","channel_id":"C1","is_ephemeral":false},` +
		`"trigger_id":"1.2.3","team":{"id":"T0JCA","domain":"jca"},"channel":{"id":"C1","name":"coordination"},` +
		`"message":{"type":"message","ts":"1900000000.000001","text":"poll"},"response_url":"` + responseURL + `",` +
		`"actions":[{"action_id":"jca:run:1","block_id":"b2","type":"button","value":"poll vote P-2 2=maybe","text":{"type":"plain_text","text":"If need be"},"action_ts":"1900000001.000100"}]}`
}

// Over Socket Mode a slow command is acknowledged in time with "working on
// it"; its answer follows through the response_url.
func TestSocketModeSlowCommandAcknowledgedInTime(t *testing.T) {
	release := make(chan struct{})
	r := newRig(t, func(c *slackadapter.Config) {
		c.AppToken, c.SigningSecret, c.CommandDeadline = "xapp-1-A123456-1-abc", "", 20*time.Millisecond
	})
	r.setAnswer(func(req bot.Request) bot.Reply {
		<-release
		return bot.Reply{Message: *new(bot.Message).Section(bot.T("The report is ready."))}
	})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- r.a.Run(ctx) }()
	defer func() { cancel(); <-stopped }()
	r.fake.AwaitConnection(t, 1)

	r.fake.Envelope(t, "slash_commands", "env-slow", slashPayload("T0JCA", "U1", "report", r.fake.ResponseURL("slow")))
	if ack := r.fake.AwaitAck(t, "env-slow"); !strings.Contains(string(ack.Payload), "Working on it") {
		t.Fatalf("ack payload %s", ack.Payload)
	}
	close(release)
	r.a.Wait()
	resp := r.fake.Calls("response_url")
	if len(resp) != 1 || resp[0].Path != "slow" || !strings.Contains(string(resp[0].Blocks), "report is ready") {
		t.Fatalf("late answer %+v", resp)
	}
}
