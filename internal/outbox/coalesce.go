package outbox

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
)

// Coalescer applies message updates (a poll's tally after each vote) at most
// once per Interval per message, whatever the burst: the first update of a
// quiet message goes out at once, later ones wait for the interval and only
// the last state is sent. An update the platform refuses for now (rate
// limit, outage) stays pending, retried after the platform's "retry after"
// or a backoff, and is replaced by any newer state meanwhile, so the last
// state always wins. A permanent refusal is dropped and reported to Failed.
//
// A tagged update (bot.Update.Tag) is rendered by Render when it is sent:
// the tally is read then, not when the vote was answered, so a slow request
// finishing last can never send an older state.
type Coalescer struct {
	Platforms map[bot.Platform]bot.Poster
	// Render builds the current version of a tagged message.
	Render   func(ctx context.Context, tag string, ref bot.MessageRef) (bot.Message, error)
	Interval time.Duration // default 1 s
	// Failed, when set, hears of updates given up (message deleted...).
	Failed func(ref bot.MessageRef, err error)

	mu      sync.Mutex
	pending map[bot.MessageRef]*pendingUpdate
	last    map[bot.MessageRef]time.Time
}

type pendingUpdate struct {
	msg      bot.Message
	tag      string
	notAfter time.Time // do not send before this instant (retry after)
	attempts int
}

// Submit records the newest state of a posted message.
func (c *Coalescer) Submit(u bot.Update) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending == nil {
		c.pending = map[bot.MessageRef]*pendingUpdate{}
		c.last = map[bot.MessageRef]time.Time{}
	}
	if p, ok := c.pending[u.Ref]; ok {
		p.msg, p.tag = u.Message, u.Tag // keep its retry time; the newest state wins
		return
	}
	c.pending[u.Ref] = &pendingUpdate{msg: u.Message, tag: u.Tag}
}

// Pending reports how many messages wait for an update.
func (c *Coalescer) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pending)
}

// Flush sends every pending update allowed at now and returns how many
// were sent. Tests call it with a fake clock; Run calls it in production.
func (c *Coalescer) Flush(ctx context.Context, now time.Time) int {
	interval := c.Interval
	if interval <= 0 {
		interval = time.Second
	}
	type job struct {
		ref bot.MessageRef
		p   pendingUpdate
	}
	var jobs []job
	c.mu.Lock()
	for ref, p := range c.pending {
		if last, ok := c.last[ref]; ok && now.Sub(last) < interval {
			continue
		}
		if now.Before(p.notAfter) {
			continue
		}
		jobs = append(jobs, job{ref, *p})
		delete(c.pending, ref)
		c.last[ref] = now
	}
	c.mu.Unlock()

	sent := 0
	for _, j := range jobs {
		err := c.send(ctx, j.ref, j.p)
		if err == nil {
			sent++
			continue
		}
		var ra *RetryAfter
		retry := now.Add(min(ProbeEvery, Backoff(j.p.attempts+1)))
		if errors.As(err, &ra) {
			retry = now.Add(ra.After)
		}
		if errors.Is(err, ErrPermanent) {
			if c.Failed != nil {
				c.Failed(j.ref, err)
			}
			continue
		}
		c.mu.Lock()
		if newer, ok := c.pending[j.ref]; ok { // a newer state arrived meanwhile: keep it, with the wait
			newer.notAfter, newer.attempts = retry, j.p.attempts+1
		} else {
			c.pending[j.ref] = &pendingUpdate{msg: j.p.msg, tag: j.p.tag, notAfter: retry, attempts: j.p.attempts + 1}
		}
		c.mu.Unlock()
	}
	return sent
}

func (c *Coalescer) send(ctx context.Context, ref bot.MessageRef, pu pendingUpdate) error {
	msg := pu.msg
	if pu.tag != "" && c.Render != nil {
		var err error
		if msg, err = c.Render(ctx, pu.tag, ref); err != nil {
			return err // retried with backoff
		}
	}
	p, ok := c.Platforms[ref.Channel.Platform()]
	if !ok {
		return ErrPermanent
	}
	up, ok := p.(bot.Updater)
	if !ok { // a platform that cannot update: the new state is posted anew
		_, err := p.Post(ctx, ref.Channel, msg)
		return err
	}
	return up.Update(ctx, ref, msg)
}

// Run flushes every tick until ctx ends, then flushes once more.
func (c *Coalescer) Run(ctx context.Context, tick time.Duration, now func() time.Time) {
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			c.Flush(context.WithoutCancel(ctx), now())
			return
		case <-t.C:
			c.Flush(ctx, now())
		}
	}
}
