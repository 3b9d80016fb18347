package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bolt"
	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/outbox"
)

var t0 = time.Date(2032, 3, 1, 9, 0, 0, 0, time.UTC)

// platform is a fake chat platform on the test's clock: until healthyAt it
// answers as fail says (a rate limit, an error, a hang), then it posts.
type platform struct {
	mu        sync.Mutex
	now       *time.Time
	healthyAt time.Time
	fail      func(ctx context.Context) error
	calls     int
	posted    map[bot.ChannelID][]string
	when      map[string]time.Time // message text → when it was posted
}

func newPlatform(now *time.Time, healthyAt time.Time, fail func(ctx context.Context) error) *platform {
	return &platform{now: now, healthyAt: healthyAt, fail: fail, posted: map[bot.ChannelID][]string{}, when: map[string]time.Time{}}
}

func (p *platform) Post(ctx context.Context, ch bot.ChannelID, m bot.Message) (bot.MessageRef, error) {
	p.mu.Lock()
	p.calls++
	now := *p.now
	p.mu.Unlock()
	if now.Before(p.healthyAt) {
		return bot.MessageRef{}, p.fail(ctx)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	text := m.Blocks[0].Text.String()
	p.posted[ch] = append(p.posted[ch], text)
	p.when[text] = now
	return bot.MessageRef{Channel: ch, ID: text}, nil
}

func rateLimited(context.Context) error {
	return &outbox.RetryAfter{After: 30 * time.Second, Err: errors.New("ratelimited")}
}
func serverError(context.Context) error { return errors.New("500 internal server error") }
func hang(ctx context.Context) error    { <-ctx.Done(); return ctx.Err() }

func openStore(t *testing.T, path string) *bolt.DB {
	t.Helper()
	db, err := bolt.Open(context.Background(), path, bolt.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

type boltDB = bolt.DB

// openBolt opens a store that syncs every commit, as jcabot serve's does.
func openBolt(path string) (*bolt.DB, error) {
	return bolt.Open(context.Background(), path, bolt.Options{})
}

// queue adds n posts in each of channels, queued one second apart, in
// round-robin order; their texts say channel and rank ("C2 #3").
func queue(t *testing.T, db *bolt.DB, channels []bot.ChannelID, n int) {
	t.Helper()
	at := t0
	for i := 0; i < n; i++ {
		for _, ch := range channels {
			var m bot.Message
			m.Section(bot.T(fmt.Sprintf("%s #%d", ch, i)))
			if err := db.Enqueue(context.Background(), outbox.Entry{Key: fmt.Sprintf("test/%s/%d", ch, i), Channel: ch, Message: m, Created: at}); err != nil {
				t.Fatal(err)
			}
			at = at.Add(time.Second)
		}
	}
}

// run passes the dispatcher every 5 s of the fake clock from start to end,
// as the scheduler does; restart, when set, is called before each pass and
// may replace the dispatcher (a restart).
func run(t *testing.T, d **outbox.Dispatcher, now *time.Time, start, end time.Time, restart func(at time.Time)) {
	t.Helper()
	for *now = start; !now.After(end); *now = now.Add(5 * time.Second) {
		if restart != nil {
			restart(*now)
		}
		if _, err := (*d).Deliver(context.Background(), *now); err != nil {
			t.Fatal(err)
		}
	}
}

// checkAllOnceInOrder: every queued post went out exactly once, in the
// order it was queued in its channel, within 30 s of recovery.
func checkAllOnceInOrder(t *testing.T, p *platform, channels []bot.ChannelID, n int, recovery time.Time) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, ch := range channels {
		got := p.posted[ch]
		if len(got) != n {
			t.Fatalf("%s: %d posts, want %d: %v", ch, len(got), n, got)
		}
		for i, text := range got {
			if want := fmt.Sprintf("%s #%d", ch, i); text != want {
				t.Fatalf("%s: post %d is %q, want %q (order)", ch, i, text, want)
			}
			if late := p.when[text].Sub(recovery); late > outbox.ProbeEvery {
				t.Errorf("%s went out %v after the platform came back", text, late)
			}
		}
	}
}

var channels = []bot.ChannelID{"slack:T1/C1", "slack:T1/C2", "slack:T1/C3"}

// Ten minutes of 429 with Retry-After, then success: nothing is given up,
// every post goes out once, in order, within 30 s of recovery, and the
// platform is asked at the pace it said, not hammered.
func TestTenMinutesOfRateLimits(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "jca.db"))
	defer db.Close()
	queue(t, db, channels, 10)
	now := t0
	recovery := t0.Add(10 * time.Minute)
	p := newPlatform(&now, recovery, rateLimited)
	d := &outbox.Dispatcher{Store: db, Platforms: map[bot.Platform]bot.Poster{bot.Slack: p}}
	run(t, &d, &now, t0, recovery.Add(time.Minute), nil)
	checkAllOnceInOrder(t, p, channels, 10, recovery)
	if calls := p.calls - 30; calls > 21 {
		t.Errorf("%d refused calls in 10 minutes of 30-second rate limits", calls)
	}
	if failed, _ := db.Entries(context.Background(), outbox.Failed, 0); len(failed) != 0 {
		t.Errorf("%d entries failed", len(failed))
	}
}

// Five minutes of server errors, then a platform that hangs for two: the
// same, the platform probed at most every 30 s.
func TestServerErrorsAndAHang(t *testing.T) {
	for name, fail := range map[string]func(context.Context) error{"500": serverError, "hang": hang} {
		t.Run(name, func(t *testing.T) {
			db := openStore(t, filepath.Join(t.TempDir(), "jca.db"))
			defer db.Close()
			queue(t, db, channels, 10)
			now := t0
			recovery := t0.Add(5 * time.Minute)
			p := newPlatform(&now, recovery, fail)
			d := &outbox.Dispatcher{Store: db, Platforms: map[bot.Platform]bot.Poster{bot.Slack: p}, AttemptTimeout: 10 * time.Millisecond}
			run(t, &d, &now, t0, recovery.Add(time.Minute), nil)
			checkAllOnceInOrder(t, p, channels, 10, recovery)
			if calls := p.calls - 30; calls > 5*60/5 {
				t.Errorf("%d failed calls in 5 minutes", calls)
			}
		})
	}
}

// kill -9 in the middle of the retries: the store is closed as it is and
// opened again by a new dispatcher, every minute of the outage.
func TestRestartsDuringAnOutage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jca.db")
	db := openStore(t, path)
	queue(t, db, channels, 5)
	now := t0
	recovery := t0.Add(4 * time.Minute)
	p := newPlatform(&now, recovery, serverError)
	d := &outbox.Dispatcher{Store: db, Platforms: map[bot.Platform]bot.Poster{bot.Slack: p}}
	run(t, &d, &now, t0, recovery.Add(time.Minute), func(at time.Time) {
		if at.Second() == 0 && at.After(t0) {
			db.Close()
			db = openStore(t, path)
			d = &outbox.Dispatcher{Store: db, Platforms: map[bot.Platform]bot.Poster{bot.Slack: p}}
		}
	})
	defer db.Close()
	checkAllOnceInOrder(t, p, channels, 5, recovery)
}

// A post that stops mattering during the outage is dropped, not sent: a
// reminder whose meeting started (Expires), or one the Recheck says is
// gone; one still due is rechecked (marked late) at the moment it is sent.
func TestRelevanceAtTheMomentOfSending(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "jca.db"))
	defer db.Close()
	ctx := context.Background()
	msg := func(s string) bot.Message { var m bot.Message; m.Section(bot.T(s)); return m }
	for _, e := range []outbox.Entry{
		{Key: "remind/M-1", Channel: "slack:T1/C1", Message: msg("M-1 starts in 1 h"), Created: t0, Due: t0, Expires: t0.Add(time.Hour)},
		{Key: "remind/M-2", Channel: "slack:T1/C1", Message: msg("M-2 starts in 1 h"), Created: t0, Due: t0, Expires: t0.Add(3 * time.Hour)},
		{Key: "remind/M-3", Channel: "slack:T1/C1", Message: msg("M-3 starts in 1 h"), Created: t0, Due: t0, Expires: t0.Add(3 * time.Hour)},
	} {
		if err := db.Enqueue(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	now := t0
	recovery := t0.Add(2 * time.Hour)
	p := newPlatform(&now, recovery, serverError)
	d := &outbox.Dispatcher{Store: db, Platforms: map[bot.Platform]bot.Poster{bot.Slack: p},
		Recheck: func(ctx context.Context, e outbox.Entry, now time.Time) (outbox.Entry, bool) {
			if e.Key == "remind/M-3" {
				return e, false // cancelled meanwhile
			}
			if now.Sub(e.Due) > 2*time.Minute && !e.Late {
				e.Late, e.Message = true, msg("(late) "+e.Message.Blocks[0].Text.String())
			}
			return e, true
		}}
	run(t, &d, &now, t0, recovery.Add(time.Minute), nil)
	if got := p.posted["slack:T1/C1"]; len(got) != 1 || got[0] != "(late) M-2 starts in 1 h" {
		t.Fatalf("posted %q", got)
	}
	dropped, _ := db.Entries(ctx, outbox.Dropped, 0)
	if len(dropped) != 2 {
		t.Fatalf("dropped %+v", dropped)
	}
}

// A permanent error fails the entry at once, and says so to Failed; the
// channel's later posts are not held up by it.
func TestPermanentErrorFailsAtOnce(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "jca.db"))
	defer db.Close()
	queue(t, db, channels[:1], 2)
	now := t0
	p := newPlatform(&now, t0.Add(time.Hour), func(context.Context) error {
		return fmt.Errorf("not_in_channel: %w", outbox.ErrPermanent)
	})
	var told []string
	d := &outbox.Dispatcher{Store: db, Platforms: map[bot.Platform]bot.Poster{bot.Slack: p},
		Failed: func(ctx context.Context, e outbox.Entry) { told = append(told, e.Key) }}
	if _, err := d.Deliver(context.Background(), now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if p.calls != 2 || len(told) != 2 || !strings.HasPrefix(told[0], "test/") {
		t.Fatalf("%d calls, told %v", p.calls, told)
	}
	if w, _ := db.WaitingEntries(context.Background(), 0); len(w) != 0 {
		t.Fatalf("still waiting: %+v", w)
	}
}
