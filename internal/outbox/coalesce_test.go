package outbox

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
)

type fakeUpdater struct {
	mu      sync.Mutex
	updates []string
	fail    []error
}

func (f *fakeUpdater) Post(ctx context.Context, ch bot.ChannelID, m bot.Message) (bot.MessageRef, error) {
	return bot.MessageRef{}, nil
}

func (f *fakeUpdater) Update(ctx context.Context, ref bot.MessageRef, m bot.Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.fail) > 0 {
		err := f.fail[0]
		f.fail = f.fail[1:]
		if err != nil {
			return err
		}
	}
	f.updates = append(f.updates, m.Title.String())
	return nil
}

func state(n int) bot.Update {
	return bot.Update{Ref: bot.MessageRef{Channel: "slack:T1/C1", ID: "1.0"}, Message: bot.Message{Title: bot.T(fmt.Sprint("tally ", n))}}
}

var t0 = time.Date(2032, 3, 1, 12, 0, 0, 0, time.UTC)

func TestCoalescerSendsAtMostOncePerSecondAndTheLastStateWins(t *testing.T) {
	up := &fakeUpdater{}
	c := &Coalescer{Platforms: map[bot.Platform]bot.Poster{bot.Slack: up}}
	ctx := context.Background()
	// 300 states within one second: the first goes at once, the rest wait.
	for i := 1; i <= 300; i++ {
		c.Submit(state(i))
		c.Flush(ctx, t0.Add(time.Duration(i)*3*time.Millisecond))
	}
	if len(up.updates) != 1 || up.updates[0] != "tally 1" {
		t.Fatalf("within the first second: %v", up.updates)
	}
	c.Flush(ctx, t0.Add(999*time.Millisecond))
	c.Flush(ctx, t0.Add(1003*time.Millisecond))
	c.Flush(ctx, t0.Add(5*time.Second))
	if len(up.updates) != 2 || up.updates[1] != "tally 300" {
		t.Fatalf("after the burst: %v", up.updates)
	}
	if c.Pending() != 0 {
		t.Fatal("still pending")
	}
}

func TestCoalescerHonoursRetryAfterAndKeepsTheNewestState(t *testing.T) {
	up := &fakeUpdater{fail: []error{&RetryAfter{After: 7 * time.Second, Err: errors.New("ratelimited")}}}
	c := &Coalescer{Platforms: map[bot.Platform]bot.Poster{bot.Slack: up}}
	ctx := context.Background()
	c.Submit(state(1))
	c.Flush(ctx, t0) // refused: retry after 7 s
	c.Submit(state(2))
	c.Flush(ctx, t0.Add(6*time.Second))
	if len(up.updates) != 0 {
		t.Fatalf("sent before Retry-After: %v", up.updates)
	}
	c.Flush(ctx, t0.Add(7*time.Second))
	if len(up.updates) != 1 || up.updates[0] != "tally 2" {
		t.Fatalf("after Retry-After: %v", up.updates)
	}
}

func TestCoalescerDropsPermanentFailures(t *testing.T) {
	up := &fakeUpdater{fail: []error{fmt.Errorf("message_not_found: %w", ErrPermanent)}}
	var failed []bot.MessageRef
	c := &Coalescer{Platforms: map[bot.Platform]bot.Poster{bot.Slack: up}, Failed: func(ref bot.MessageRef, err error) { failed = append(failed, ref) }}
	c.Submit(state(1))
	c.Flush(context.Background(), t0)
	if len(failed) != 1 || c.Pending() != 0 {
		t.Fatalf("failed %v, pending %d", failed, c.Pending())
	}
}

// postOnly is a platform that can post but not update.
type postOnly struct{ posted []string }

func (p *postOnly) Post(ctx context.Context, ch bot.ChannelID, m bot.Message) (bot.MessageRef, error) {
	p.posted = append(p.posted, m.Title.String())
	return bot.MessageRef{Channel: ch, ID: "new"}, nil
}

// Where a platform cannot update a message, the newest state is posted
// anew rather than lost.
func TestCoalescerPostsAnewWithoutUpdates(t *testing.T) {
	p := &postOnly{}
	c := &Coalescer{Platforms: map[bot.Platform]bot.Poster{bot.Slack: p}}
	c.Submit(state(1))
	c.Submit(state(2))
	if n := c.Flush(context.Background(), time.Now()); n != 1 || len(p.posted) != 1 || p.posted[0] != "tally 2" {
		t.Fatalf("sent %d, posted %v", n, p.posted)
	}
}
