// Package outbox owns the delivery of everything the bot posts on its own
// (reminders, digests, polls posted and their tally updates, announcements,
// late answers): durable entries written in the same transaction as the
// state change that caused them, and a dispatcher that delivers them with
// retries, exponential backoff and the platform's "retry after".
//
// Delivery is at least once: a post repeats only if the platform accepted
// it but its answer was lost. Each entry has a key (job, occurrence), so a
// restart or a retry never creates a second entry.
package outbox

import (
	"context"
	"errors"
	"fmt"
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

	Status      Status
	Attempts    int
	NextAttempt time.Time
	LastError   string `json:",omitempty"` // what went wrong, without message contents
	Created     time.Time
	Done        time.Time      `json:",omitempty"`
	Ref         bot.MessageRef `json:",omitempty"` // the posted message, once delivered
}

// Store keeps the entries.
type Store interface {
	// DueEntries returns the entries with status Due whose NextAttempt is at
	// or before now, oldest first, at most limit.
	DueEntries(ctx context.Context, now time.Time, limit int) ([]Entry, error)
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

// Batch collects the entries a state change causes, so the store writes
// them in the same transaction as the change. Get it from the context a
// store write runs in.
type Batch struct {
	entries []Entry
}

type batchKey struct{}

// WithBatch returns a context carrying a new batch.
func WithBatch(ctx context.Context) (context.Context, *Batch) {
	b := &Batch{}
	return context.WithValue(ctx, batchKey{}, b), b
}

// BatchFrom returns the context's batch, nil if none.
func BatchFrom(ctx context.Context) *Batch {
	b, _ := ctx.Value(batchKey{}).(*Batch)
	return b
}

// Add queues a new entry (status Due, first attempt now).
func (b *Batch) Add(e Entry) {
	e.Status = Due
	if e.NextAttempt.IsZero() {
		e.NextAttempt = e.Created
	}
	b.entries = append(b.entries, e)
}

// Entries returns the queued entries.
func (b *Batch) Entries() []Entry { return b.entries }

// Reset forgets the queued entries (a store transaction that runs its
// function again starts from an empty batch).
func (b *Batch) Reset() { b.entries = b.entries[:0] }

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

// Backoff is the wait before attempt n+1 after n failed attempts:
// 5 s, 10 s, 20 s... capped at 10 minutes.
func Backoff(attempts int) time.Duration {
	d := 5 * time.Second
	for i := 1; i < attempts && d < 10*time.Minute; i++ {
		d *= 2
	}
	return min(d, 10*time.Minute)
}

// MaxAttempts is when a still-failing entry is given up as failed.
const MaxAttempts = 12

// Dispatcher delivers due entries.
type Dispatcher struct {
	Store Store
	// Platforms maps a platform to what posts there.
	Platforms map[bot.Platform]bot.Poster
	// Delivered, when set, is told of each delivered entry (to record the
	// message reference of a posted poll, say).
	Delivered func(ctx context.Context, e Entry)
	Log       func(msg string, args ...any)
}

// Deliver sends every entry due at now and returns how many were delivered.
func (d *Dispatcher) Deliver(ctx context.Context, now time.Time) (int, error) {
	entries, err := d.Store.DueEntries(ctx, now, 100)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		e = d.attempt(ctx, e, now)
		if err := d.Store.SaveEntry(ctx, e); err != nil {
			return n, err
		}
		if e.Status == Delivered {
			n++
			if d.Delivered != nil {
				d.Delivered(ctx, e)
			}
		}
	}
	return n, nil
}

func (d *Dispatcher) attempt(ctx context.Context, e Entry, now time.Time) Entry {
	e.Attempts++
	poster, ok := d.Platforms[e.Channel.Platform()]
	if !ok {
		e.Status, e.Done, e.LastError = Failed, now, "no adapter for "+string(e.Channel.Platform())
		d.log("outbox: no adapter", "key", e.Key, "platform", e.Channel.Platform())
		return e
	}
	var err error
	if e.Update != nil {
		if up, ok := poster.(bot.Updater); ok {
			err = up.Update(ctx, *e.Update, e.Message)
			if err == nil {
				e.Ref = *e.Update
			}
		} else {
			e.Ref, err = poster.Post(ctx, e.Channel, e.Message)
		}
	} else {
		e.Ref, err = poster.Post(ctx, e.Channel, e.Message)
	}
	if err == nil {
		e.Status, e.Done, e.LastError = Delivered, now, ""
		return e
	}
	e.LastError = err.Error()
	var ra *RetryAfter
	switch {
	case errors.Is(err, ErrPermanent) || e.Attempts >= MaxAttempts:
		e.Status, e.Done = Failed, now
		d.log("outbox: delivery failed for good", "key", e.Key, "attempts", e.Attempts, "err", err)
	case errors.As(err, &ra):
		e.NextAttempt = now.Add(ra.After)
	default:
		e.NextAttempt = now.Add(Backoff(e.Attempts))
	}
	return e
}

func (d *Dispatcher) log(msg string, args ...any) {
	if d.Log != nil {
		d.Log(msg, args...)
	}
}
