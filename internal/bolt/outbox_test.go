package bolt

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/outbox"
)

// flakyPoster fails as scripted, then records what it posted.
type flakyPoster struct {
	mu     sync.Mutex
	script []error // one per attempt; nil = success
	posted []bot.Message
	calls  int
}

func (f *flakyPoster) Post(ctx context.Context, ch bot.ChannelID, m bot.Message) (bot.MessageRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if len(f.script) > 0 {
		err := f.script[0]
		f.script = f.script[1:]
		if err != nil {
			return bot.MessageRef{}, err
		}
	}
	f.posted = append(f.posted, m)
	return bot.MessageRef{Channel: ch, ID: fmt.Sprint(len(f.posted))}, nil
}

func entry(key string, ch bot.ChannelID, at time.Time) outbox.Entry {
	var m bot.Message
	m.Section(bot.T("reminder " + key))
	return outbox.Entry{Key: key, Channel: ch, Message: m, Created: at}
}

// Fails twice, then says "retry after 7 s", then succeeds: posted exactly
// once, with a restart of the store between attempts.
func TestOutboxRetriesAcrossARestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "jca.db")
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	poster := &flakyPoster{script: []error{
		errors.New("connection reset"),
		errors.New("502 bad gateway"),
		&outbox.RetryAfter{After: 7 * time.Second, Err: errors.New("ratelimited")},
		nil,
	}}
	now := t0
	if err := db.Enqueue(ctx, entry("remind/M-1/1h", "slack:T1/C1", now)); err != nil {
		t.Fatal(err)
	}
	// The same job running again (a restart, a retry) adds nothing.
	if err := db.Enqueue(ctx, entry("remind/M-1/1h", "slack:T1/C1", now)); err != nil {
		t.Fatal(err)
	}
	d := &outbox.Dispatcher{Store: db, Platforms: map[bot.Platform]bot.Poster{bot.Slack: poster}}
	deliver := func(db *DB) int {
		if d.Store != db { // a restart: a new dispatcher on the reopened store
			d = &outbox.Dispatcher{Store: db, Platforms: map[bot.Platform]bot.Poster{bot.Slack: poster}}
		}
		n, err := d.Deliver(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if deliver(db) != 0 { // attempt 1 fails; next in 5 s
		t.Fatal("delivered on a failure")
	}
	now = now.Add(4 * time.Second)
	deliver(db) // not due yet: no attempt
	if poster.calls != 1 {
		t.Fatalf("%d calls before the backoff ended", poster.calls)
	}
	now = now.Add(time.Second)
	deliver(db) // attempt 2 fails; next in 10 s

	db.Close() // restart between attempts
	db, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now = now.Add(10 * time.Second)
	deliver(db) // attempt 3: retry after 7 s
	now = now.Add(6 * time.Second)
	deliver(db)
	if poster.calls != 3 {
		t.Fatalf("retried before Retry-After: %d calls", poster.calls)
	}
	now = now.Add(time.Second)
	if deliver(db) != 1 {
		t.Fatal("not delivered after Retry-After")
	}
	now = now.Add(time.Hour)
	deliver(db)
	if len(poster.posted) != 1 || poster.calls != 4 {
		t.Fatalf("posted %d times in %d calls", len(poster.posted), poster.calls)
	}
	es, _ := db.Entries(ctx, outbox.Delivered, 0)
	if len(es) != 1 || es[0].Attempts != 4 || es[0].Ref.ID != "1" {
		t.Fatalf("delivered entries %+v", es)
	}
}

func TestOutboxPermanentFailure(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	poster := &flakyPoster{script: []error{fmt.Errorf("channel_not_found: %w", outbox.ErrPermanent)}}
	db.Enqueue(ctx, entry("digest/C9/1", "slack:T1/C9", t0))
	db.Enqueue(ctx, entry("digest/X/1", "teams:X", t0)) // no adapter for that platform
	d := &outbox.Dispatcher{Store: db, Platforms: map[bot.Platform]bot.Poster{bot.Slack: poster}}
	d.Deliver(ctx, t0)
	d.Deliver(ctx, t0.Add(time.Hour))
	failed, _ := db.Entries(ctx, outbox.Failed, 0)
	if len(failed) != 2 || poster.calls != 1 {
		t.Fatalf("failed %+v after %d calls", failed, poster.calls)
	}
	if due, _ := db.WaitingEntries(ctx, 0); len(due) != 0 {
		t.Fatalf("failed entries still due: %v", due)
	}
}

// An entry queued with a state change lands only if the change does.
func TestOutboxEntryWrittenWithTheChange(t *testing.T) {
	db := MustOpen(t)
	p := newPoll(t, db)
	ctx := context.Background()
	_, err := db.UpdatePollPosting(ctx, p.ID, func(p *jca.Poll) ([]outbox.Entry, error) {
		return []outbox.Entry{entry("close/P-1", "console:general", t0)}, jca.Errorf(jca.EConflict, "err.poll_closed")
	})
	if err == nil {
		t.Fatal("refusal lost")
	}
	if ok, _ := db.HasEntry(ctx, "close/P-1"); ok {
		t.Fatal("a refused change queued its post")
	}
	_, err = db.UpdatePollPosting(ctx, p.ID, func(p *jca.Poll) ([]outbox.Entry, error) {
		p.Closed = true
		return []outbox.Entry{entry("close/P-1", "console:general", t0)}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := db.HasEntry(ctx, "close/P-1"); !ok {
		t.Fatal("the change's post was not queued")
	}
}

// The summary counts entries by status and dates the oldest still due,
// whichever order they were written in; commits are reported as they
// happen.
func TestOutboxSummaryAndCommitObserver(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "jca.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var commits, writes int
	var mu sync.Mutex
	db.ObserveCommits(func(took time.Duration, n int) {
		mu.Lock()
		commits++
		writes += n
		mu.Unlock()
	})
	t0 := time.Date(2031, 5, 4, 9, 0, 0, 0, time.UTC)
	if err := db.Enqueue(ctx, entry("b", "console:general", t0.Add(time.Hour)), entry("a", "console:general", t0),
		entry("c", "console:general", t0.Add(2*time.Hour))); err != nil {
		t.Fatal(err)
	}
	sent, err := db.WaitingEntries(ctx, 1)
	if err != nil || len(sent) != 1 || sent[0].Key != "a" {
		t.Fatalf("due %+v %v", sent, err)
	}
	sent[0].Status = outbox.Delivered
	if err := db.SaveEntry(ctx, sent[0]); err != nil {
		t.Fatal(err)
	}
	s, err := db.OutboxSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.ByStatus[outbox.Due] != 2 || s.ByStatus[outbox.Delivered] != 1 || !s.OldestDue.Equal(t0.Add(time.Hour)) {
		t.Fatalf("summary %+v", s)
	}
	mu.Lock()
	defer mu.Unlock()
	if commits != 2 || writes != 2 {
		t.Fatalf("%d commits of %d writes observed, want 2 of 2", commits, writes)
	}
}
