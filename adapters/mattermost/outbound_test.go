package mattermost

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/outbox"
)

func TestDeliveryErrorsForTheOutbox(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ch := bot.NewChannelID(bot.Mattermost, f.team, "chan1")
	msg := *new(bot.Message).Section(bot.T("Digest"))

	f.mm.FailNext("POST /posts", http.StatusTooManyRequests, "7")
	_, err := f.a.Post(ctx, ch, msg)
	var ra *outbox.RetryAfter
	if !errors.As(err, &ra) || ra.After != 7*time.Second || errors.Is(err, outbox.ErrPermanent) {
		t.Fatalf("429: %v", err)
	}
	if strings.Contains(err.Error(), "limit exceeded") || strings.Contains(err.Error(), "Digest") {
		t.Fatalf("the error carries a body or the message: %v", err)
	}
	f.mm.FailNext("POST /posts", http.StatusTooManyRequests, "")
	if _, err = f.a.Post(ctx, ch, msg); !errors.As(err, &ra) || ra.After != time.Second {
		t.Fatalf("429 without Retry-After: %v", err)
	}
	f.mm.FailNext("POST /posts", http.StatusServiceUnavailable, "")
	if _, err = f.a.Post(ctx, ch, msg); err == nil || errors.Is(err, outbox.ErrPermanent) || errors.As(err, &ra) {
		t.Fatalf("503 must be retried with backoff: %v", err)
	}
	for _, code := range []int{http.StatusForbidden, http.StatusNotFound} {
		f.mm.FailNext("POST /posts", code, "")
		if _, err = f.a.Post(ctx, ch, msg); !errors.Is(err, outbox.ErrPermanent) {
			t.Fatalf("%d must be permanent: %v", code, err)
		}
	}
	if err := f.a.Update(ctx, bot.MessageRef{Channel: ch, ID: "nosuchpost"}, msg); !errors.Is(err, outbox.ErrPermanent) {
		t.Fatalf("update of a missing post: %v", err)
	}
	if _, err := f.a.Post(ctx, "slack:T1/C1", msg); !errors.Is(err, outbox.ErrPermanent) {
		t.Fatalf("a Slack channel: %v", err)
	}
	ref, err := f.a.Post(ctx, ch, msg)
	if err != nil || ref.ID == "" || ref.Channel != ch {
		t.Fatalf("post: %+v %v", ref, err)
	}
}

// A 429 on an update keeps it pending until the server's Retry-After; the
// last state is what goes out.
func TestUpdateRateLimitedIsRetried(t *testing.T) {
	f := newFixture(t)
	p := f.pollPost()
	ctx := context.Background()
	f.user("voter1000000000000000000aa", "v1", "V", "One", "")
	f.mm.FailNext("PUT /posts/{id}", http.StatusTooManyRequests, "3")

	if status, _ := f.click("voter1000000000000000000aa", p.Id, actions(p)[0][0]); status != http.StatusOK {
		t.Fatalf("click: %d", status)
	}
	if sent := f.co.Flush(ctx, t0); sent != 0 {
		t.Fatalf("sent %d despite the 429", sent)
	}
	if f.co.Pending() != 1 {
		t.Fatal("the refused update was dropped")
	}
	f.user("voter2000000000000000000aa", "v2", "V", "Two", "")
	f.click("voter2000000000000000000aa", p.Id, actions(p)[1][2])
	if sent := f.co.Flush(ctx, t0.Add(2*time.Second)); sent != 0 {
		t.Fatal("sent before Retry-After")
	}
	if sent := f.co.Flush(ctx, t0.Add(3*time.Second)); sent != 1 {
		t.Fatal("not retried after Retry-After")
	}
	calls := f.mm.Calls("PUT /posts/{id}")
	if len(calls) != 2 || calls[0].Status != http.StatusTooManyRequests || calls[1].Status != http.StatusOK {
		t.Fatalf("update calls: %+v", calls)
	}
	if last := calls[1].Post; !strings.Contains(last.Attachments()[2].Text, "2 answered") {
		t.Fatalf("the retry did not carry the last state")
	}
	// Through the outbox as well: a Post refused with 429 is rescheduled.
	disp := &outbox.Dispatcher{Platforms: map[bot.Platform]bot.Poster{bot.Mattermost: f.a}, Store: &memStore{
		entries: []outbox.Entry{{Key: "digest/1", Created: t0, Channel: bot.NewChannelID(bot.Mattermost, f.team, "c2"),
			Message: *new(bot.Message).Section(bot.T("Weekly digest")), Status: outbox.Due, NextAttempt: t0}}}}
	f.mm.FailNext("POST /posts", http.StatusTooManyRequests, "5")
	if n, err := disp.Deliver(ctx, t0); n != 0 || err != nil {
		t.Fatalf("delivered %d, %v", n, err)
	}
	st := disp.Store.(*memStore)
	if e := st.entries[0]; e.Status != outbox.Due || !e.NextAttempt.Equal(t0.Add(5*time.Second)) {
		t.Fatalf("entry after 429: %+v", e)
	}
	if n, _ := disp.Deliver(ctx, t0.Add(5*time.Second)); n != 1 {
		t.Fatal("not delivered after Retry-After")
	}
}

// memStore is an outbox store in memory.
type memStore struct{ entries []outbox.Entry }

func (m *memStore) WaitingEntries(ctx context.Context, limit int) ([]outbox.Entry, error) {
	var out []outbox.Entry
	for _, e := range m.entries {
		if e.Status == outbox.Due {
			out = append(out, e)
		}
	}
	return out, nil
}

func (m *memStore) SaveEntry(ctx context.Context, e outbox.Entry) error {
	for i := range m.entries {
		if m.entries[i].Key == e.Key {
			m.entries[i] = e
		}
	}
	return nil
}

func (m *memStore) Entries(ctx context.Context, s outbox.Status, limit int) ([]outbox.Entry, error) {
	return m.entries, nil
}

func (m *memStore) HasEntry(ctx context.Context, key string) (bool, error) { return false, nil }

func TestAnnouncementRefusedIsQueuedOrExplained(t *testing.T) {
	f := newFixture(t)
	f.mm.FailNext("POST /posts", http.StatusServiceUnavailable, "")
	cr := f.slash("creator000000000000000000a", "poll new x")
	if len(f.queue) != 1 || f.queue[0].Channel != bot.NewChannelID(bot.Mattermost, f.team, "chan000000000000000000000a") {
		t.Fatalf("queued: %+v", f.queue)
	}
	if !strings.Contains(cr.Text, "Created P-1.") || !strings.Contains(cr.Text, "will appear shortly") {
		t.Fatalf("answer: %q", cr.Text)
	}
	f.mm.FailNext("POST /posts", http.StatusForbidden, "")
	cr = f.slash("creator000000000000000000a", "poll new x")
	if len(f.queue) != 1 || !strings.Contains(cr.Text, "`/invite @jcabot`") {
		t.Fatalf("answer: %q (queue %d)", cr.Text, len(f.queue))
	}
}

func TestFilesGoToTheDirectChannel(t *testing.T) {
	f := newFixture(t)
	ics := bot.File{Name: "jca-M-5.ics", MediaType: "text/calendar", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}
	f.bot.reply = func(req bot.Request) bot.Reply {
		var m bot.Message
		m.Section(bot.T("Meeting M-5"))
		m.Files = []bot.File{ics}
		return bot.Reply{Message: m}
	}
	cr := f.slash("person00000000000000000000", "meeting ics M-5")
	if !strings.Contains(cr.Text, "Meeting M-5") {
		t.Fatalf("answer: %q", cr.Text)
	}
	if !strings.Contains(cr.Text, "Sent to you in a direct message: jca-M-5.ics.") {
		t.Fatalf("answer: %q", cr.Text)
	}
	posts := f.mm.Calls("POST /posts")
	if len(posts) != 1 || len(posts[0].Post.FileIds) != 1 || !strings.HasPrefix(posts[0].Post.ChannelId, "dm") {
		t.Fatalf("file post: %+v", posts)
	}
	if data, ok := f.mm.File(posts[0].Post.FileIds[0]); !ok || string(data) != string(ics.Data) {
		t.Fatal("file content differs")
	}

	// Uploads refused for good: the text file is shown inline in a post.
	f.mm.FailNext("POST /files", http.StatusForbidden, "")
	if _, err := f.a.Post(context.Background(), bot.NewChannelID(bot.Mattermost, f.team, "c3"), bot.Message{Files: []bot.File{ics}}); err != nil {
		t.Fatalf("inline fallback: %v", err)
	}
	posts = f.mm.Calls("POST /posts")
	if last := posts[len(posts)-1].Post; !strings.Contains(last.Message, "**jca-M-5.ics**") ||
		!strings.Contains(last.Message, "```\nBEGIN:VCALENDAR") {
		t.Fatalf("inline post: %q", last.Message)
	}
}
