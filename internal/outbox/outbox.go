// Package outbox owns the delivery of everything the bot posts on its own
// (reminders, digests, polls posted and their tally updates, announcements,
// late answers): durable entries written in the same transaction as the
// state change that caused them, and a dispatcher that delivers them with
// retries, exponential backoff and the platform's "retry after".
//
// Delivery is at least once: a post repeats only if the platform accepted
// it but its answer was lost. Each entry has a key (job, occurrence), so a
// restart or a retry never creates a second entry.
//
// An entry is given up on relevance, never on a count of tries: a rate
// limit is the platform saying "later" and uses up nothing; an error is
// retried with a backoff for as long as the entry matters (Entry.Expires,
// or a day for a post that says nothing); a permanent error (channel
// gone, bot not a member) fails at once. A platform that fails is probed
// at least every ProbeEvery, and its first success brings every entry
// waiting for it forward. Per channel, entries go out in the order they
// were queued.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
)

// Status is where an entry stands.
type Status string

const (
	Due       Status = "due"       // waiting for (re)delivery
	Delivered Status = "delivered" // the platform confirmed it
	Failed    Status = "failed"    // a permanent error: channel gone, bot removed
	Dropped   Status = "dropped"   // no longer worth sending (a reminder after its meeting started)
)

// Entry is one post or update to deliver.
type Entry struct {
	// Key identifies the job and occurrence ("remind/M-2/24h/1900000000");
	// an entry with an existing key is never added twice.
	Key     string
	Channel bot.ChannelID
	Message bot.Message
	// Update, when set, replaces a posted message instead of posting anew.
	Update *bot.MessageRef `json:",omitempty"`
	// Late marks a reminder sent after its time (the bot was down).
	Late bool `json:",omitempty"`
	// Tag names what a post shows ("poll:4", see bot.Reply.AnnounceTag);
	// once delivered, where it went is recorded so it can be updated.
	Tag string `json:",omitempty"`
	// By is who caused the post (asked for the announcement), "" for the
	// bot's own posts: told when it fails for good.
	By bot.Identity `json:",omitempty"`
	// Due is when a scheduled post was due (a reminder's time), for the
	// check at send time of whether it is late; zero for other posts.
	Due time.Time `json:",omitempty"`
	// Expires is when the entry stops being worth sending (a reminder: its
	// meeting's start; a digest: that channel's next digest). Zero means
	// Created + Lifetime for a post; an update never expires.
	Expires time.Time `json:",omitempty"`

	Status Status
	// Attempts counts every try; Failures only those that failed with an
	// error (not a rate limit), which set the entry's backoff.
	Attempts    int
	Failures    int `json:",omitempty"`
	NextAttempt time.Time
	LastError   string `json:",omitempty"` // what went wrong, without message contents
	Created     time.Time
	Done        time.Time      `json:",omitempty"`
	Ref         bot.MessageRef `json:",omitempty"` // the posted message, once delivered
}

// Store keeps the entries.
type Store interface {
	// WaitingEntries returns the entries with status Due, whatever their
	// NextAttempt, oldest first (by Created, then key), at most limit
	// (all when limit <= 0).
	WaitingEntries(ctx context.Context, limit int) ([]Entry, error)
	// SaveEntry writes back an entry's delivery state.
	SaveEntry(ctx context.Context, e Entry) error
	// Entries lists entries with the given status (all when ""), newest first.
	Entries(ctx context.Context, status Status, limit int) ([]Entry, error)
	// HasEntry reports whether an entry with the key exists, in any status.
	HasEntry(ctx context.Context, key string) (bool, error)
}

// Summary is the outbox at a glance, for an operator's metrics.
type Summary struct {
	ByStatus map[Status]int
	// OldestDue is when the oldest entry still waiting was created; zero
	// when none waits.
	OldestDue time.Time
}

// ErrPermanent marks a delivery error that retrying cannot fix. Adapters
// wrap it: fmt.Errorf("channel_not_found: %w", outbox.ErrPermanent).
var ErrPermanent = errors.New("permanent delivery failure")

// RetryAfter is a delivery error carrying the platform's "retry after".
type RetryAfter struct {
	After time.Duration
	Err   error
}

func (e *RetryAfter) Error() string { return fmt.Sprintf("retry after %v: %v", e.After, e.Err) }
func (e *RetryAfter) Unwrap() error { return e.Err }

// Backoff is an entry's wait before its try n+1 after n failures: 5 s,
// 10 s, 20 s... capped at 10 minutes (a platform that failed is probed
// sooner, see ProbeEvery).
func Backoff(failures int) time.Duration {
	d := 5 * time.Second
	for i := 1; i < failures && d < 10*time.Minute; i++ {
		d *= 2
	}
	return min(d, 10*time.Minute)
}

// Lifetime is how long a post without an Expires of its own stays worth
// sending: an announcement or a late answer is dropped a day after it was
// queued.
const Lifetime = 24 * time.Hour

// ProbeEvery bounds the wait between two tries on a platform that failed
// with errors, so that nothing waits longer than this once it accepts posts
// again. A rate limit's "retry after" is honoured as the platform says.
const ProbeEvery = 30 * time.Second

// DefaultAttemptTimeout bounds one try on a platform that hangs.
const DefaultAttemptTimeout = 20 * time.Second

// expiry is when e stops being worth sending, zero for never.
func (e Entry) expiry() time.Time {
	switch {
	case !e.Expires.IsZero():
		return e.Expires
	case e.Update != nil:
		return time.Time{}
	}
	return e.Created.Add(Lifetime)
}

// Dispatcher delivers waiting entries. Its record of each platform's health
// (rate limited until, failing since) is in memory: after a restart every
// platform is tried at once.
type Dispatcher struct {
	Store Store
	// Platforms maps a platform to what posts there.
	Platforms map[bot.Platform]bot.Poster
	// Delivered, when set, is told of each delivered entry (to record the
	// message reference of a posted poll, say).
	Delivered func(ctx context.Context, e Entry)
	// Recheck, when set, decides at the moment of sending whether an entry
	// still matters and in what form: it may return the entry changed (a
	// reminder now marked late), or false to drop it (its meeting was
	// cancelled).
	Recheck func(ctx context.Context, e Entry, now time.Time) (Entry, bool)
	// Failed, when set, is told of each entry given up for a permanent error.
	Failed func(ctx context.Context, e Entry)
	// Render, when set, builds a tagged update (Entry.Update with a Tag)
	// from the state at the moment it is sent, as the Coalescer does.
	Render func(ctx context.Context, tag string, ref bot.MessageRef) (bot.Message, error)
	// AttemptTimeout bounds one try (DefaultAttemptTimeout when zero).
	AttemptTimeout time.Duration
	Log            func(msg string, args ...any)

	mu     sync.Mutex
	health map[bot.Platform]*platformHealth
}

// platformHealth is what the dispatcher knows of a platform between passes.
type platformHealth struct {
	until    time.Time // no try before this (rate limit, probe interval)
	failures int       // errors in a row; 0 when healthy
	known    bool      // tried since the dispatcher started
}

func (d *Dispatcher) platform(p bot.Platform) *platformHealth {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.health == nil {
		d.health = map[bot.Platform]*platformHealth{}
	}
	h, ok := d.health[p]
	if !ok {
		h = &platformHealth{}
		d.health[p] = h
	}
	return h
}

// Deliver tries every waiting entry that may go at now, and returns how
// many were delivered. Per channel, an entry goes only once every entry
// queued before it in that channel has gone (or expired, or failed for
// good). An entry past its expiry is dropped, whatever its state. A
// platform that rate-limits or fails is not tried again in the same pass;
// when a failing platform succeeds, the entries waiting for it go in the
// same pass, whatever their own backoff.
func (d *Dispatcher) Deliver(ctx context.Context, now time.Time) (int, error) {
	entries, err := d.Store.WaitingEntries(ctx, 0)
	if err != nil {
		return 0, err
	}
	blocked := map[bot.ChannelID]bool{} // an earlier entry of the channel still waits
	recovered := map[bot.Platform]bool{}
	n := 0
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		if exp := e.expiry(); !exp.IsZero() && !now.Before(exp) {
			if err := d.drop(ctx, e, now, "no longer relevant"); err != nil {
				return n, err
			}
			continue
		}
		if blocked[e.Channel] {
			continue
		}
		p := e.Channel.Platform()
		h := d.platform(p)
		d.mu.Lock()
		// A platform that failed, or is not known yet (a restart in an
		// outage), is probed with its oldest entry whatever its backoff.
		closed, failing := now.Before(h.until), h.failures > 0 || !h.known
		d.mu.Unlock()
		switch {
		case closed:
			blocked[e.Channel] = true
			continue
		case e.NextAttempt.After(now) && !failing && !recovered[p]:
			blocked[e.Channel] = true // its own backoff, on a healthy platform
			continue
		}
		if d.Recheck != nil {
			next, keep := d.Recheck(ctx, e, now)
			if !keep {
				if err := d.drop(ctx, e, now, "no longer relevant"); err != nil {
					return n, err
				}
				continue
			}
			e = next
		}
		e = d.attempt(ctx, e, now, h)
		if err := d.Store.SaveEntry(ctx, e); err != nil {
			return n, err
		}
		switch e.Status {
		case Delivered:
			n++
			if failing {
				recovered[p] = true
			}
			if d.Delivered != nil {
				d.Delivered(ctx, e)
			}
		case Failed:
			if d.Failed != nil {
				d.Failed(ctx, e)
			}
		default:
			blocked[e.Channel] = true
		}
	}
	return n, nil
}

// drop records e as no longer worth sending.
func (d *Dispatcher) drop(ctx context.Context, e Entry, now time.Time, why string) error {
	e.Status, e.Done, e.LastError = Dropped, now, why
	d.log("outbox: dropped an entry that no longer matters", "key", e.Key)
	return d.Store.SaveEntry(ctx, e)
}

// attempt tries e once and returns it with its new state, updating what
// the dispatcher knows of the platform h.
func (d *Dispatcher) attempt(ctx context.Context, e Entry, now time.Time, h *platformHealth) Entry {
	e.Attempts++
	poster, ok := d.Platforms[e.Channel.Platform()]
	if !ok {
		e.Status, e.Done, e.LastError = Failed, now, "no adapter for "+string(e.Channel.Platform())
		d.log("outbox: no adapter", "key", e.Key, "platform", e.Channel.Platform())
		return e
	}
	timeout := d.AttemptTimeout
	if timeout <= 0 {
		timeout = DefaultAttemptTimeout
	}
	actx, cancel := context.WithTimeout(bot.WithIdempotencyKey(ctx, e.Key), timeout)
	defer cancel()
	if e.Update != nil && e.Tag != "" && d.Render != nil {
		msg, err := d.Render(actx, e.Tag, *e.Update)
		if err != nil { // the bot's own trouble, not the platform's
			e.Failures++
			e.NextAttempt, e.LastError = now.Add(Backoff(e.Failures)), "render: "+err.Error()
			return e
		}
		e.Message = msg
	}
	var err error
	if e.Update != nil {
		if up, ok := poster.(bot.Updater); ok {
			err = up.Update(actx, *e.Update, e.Message)
			if err == nil {
				e.Ref = *e.Update
			}
		} else {
			e.Ref, err = poster.Post(actx, e.Channel, e.Message)
		}
	} else {
		e.Ref, err = poster.Post(actx, e.Channel, e.Message)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	h.known = true
	if err == nil {
		e.Status, e.Done, e.LastError = Delivered, now, ""
		h.failures, h.until = 0, time.Time{}
		return e
	}
	e.LastError = err.Error()
	var ra *RetryAfter
	switch {
	case errors.Is(err, ErrPermanent):
		e.Status, e.Done = Failed, now
		d.log("outbox: delivery failed for good", "key", e.Key, "attempts", e.Attempts, "err", err)
	case errors.As(err, &ra):
		e.NextAttempt = now.Add(ra.After)
		h.until = e.NextAttempt
	default:
		e.Failures++
		e.NextAttempt = now.Add(Backoff(e.Failures))
		h.failures++
		h.until = now.Add(min(ProbeEvery, Backoff(h.failures)))
	}
	return e
}

func (d *Dispatcher) log(msg string, args ...any) {
	if d.Log != nil {
		d.Log(msg, args...)
	}
}
