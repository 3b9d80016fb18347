package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"
)

// Pass is one pass of the scheduler at an instant: find what is due and
// queue it (Tick), then deliver what the outbox holds (Deliver).
type Pass struct {
	Tick    func(ctx context.Context, now time.Time) error
	Deliver func(ctx context.Context, now time.Time) (int, error)
}

// Run runs one pass at now. Tests call it with a fake clock; the Runner
// calls it on its schedule.
func (p Pass) Run(ctx context.Context, now time.Time) error {
	if p.Tick != nil {
		if err := p.Tick(ctx, now); err != nil {
			return fmt.Errorf("tick: %w", err)
		}
	}
	if p.Deliver != nil {
		if _, err := p.Deliver(ctx, now); err != nil {
			return fmt.Errorf("deliver: %w", err)
		}
	}
	return nil
}

// Runner drives passes with robfig/cron's runner in production: a tick
// every minute and a delivery every few seconds (so a "retry after 7 s"
// is honoured promptly), each job wrapped with cron.Recover (a panic is
// logged, never fatal) and cron.SkipIfStillRunning (a slow pass is never
// run twice at once). It runs one whole pass at start-up, which is what
// sends the posts missed while the bot was down.
type Runner struct {
	Pass  Pass
	Now   func() time.Time
	Log   *slog.Logger
	Every time.Duration // the delivery interval (default 5 s)
	// Leader, when set, gates every pass: a replica that is not the leader
	// runs none (its leader does). Unset, the runner is always the leader,
	// as with one process on a bbolt file.
	Leader func(ctx context.Context) bool
	// Observe, when set, is told of every scheduled pass: its job ("tick"
	// or "deliver"), how late a tick started after its minute, how long the
	// pass took and its error.
	Observe func(job string, lag, took time.Duration, err error)

	cron *cron.Cron
	ctx  context.Context
	stop context.CancelFunc
}

// Start runs the start-up pass and starts the schedule. ctx bounds every
// pass; cancel it, or call Stop, to end.
func (r *Runner) Start(ctx context.Context) error {
	if r.Now == nil {
		r.Now = time.Now
	}
	if r.Log == nil {
		r.Log = slog.New(slog.DiscardHandler)
	}
	if r.Every <= 0 {
		r.Every = 5 * time.Second
	}
	r.ctx, r.stop = context.WithCancel(ctx)
	if r.leading() {
		if err := r.Pass.Run(r.ctx, r.Now()); err != nil {
			r.Log.Error("start-up pass", "err", err)
		}
	}
	logger := cronLogger{r.Log}
	r.cron = cron.New(cron.WithLocation(time.UTC), cron.WithLogger(logger),
		cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	if _, err := r.cron.AddFunc("* * * * *", func() {
		if !r.leading() {
			return
		}
		now := r.Now()
		err := r.Pass.Tick(r.ctx, now)
		r.observe("tick", now, err)
	}); err != nil {
		return err
	}
	if _, err := r.cron.AddFunc(fmt.Sprintf("@every %s", r.Every), func() {
		if !r.leading() {
			return
		}
		now := r.Now()
		_, err := r.Pass.Deliver(r.ctx, now)
		r.observe("deliver", now, err)
	}); err != nil {
		return err
	}
	r.cron.Start()
	return nil
}

// leading reports whether this runner may run passes now (Leader).
func (r *Runner) leading() bool { return r.Leader == nil || r.Leader(r.ctx) }

// observe logs a failed pass that started at start and reports the pass to
// Observe. A pass cut short by the end of the runner is not a failure.
func (r *Runner) observe(job string, start time.Time, err error) {
	if r.ctx.Err() != nil {
		err = nil
	}
	if err != nil {
		r.Log.Error(job, "err", err)
	}
	if r.Observe != nil {
		r.Observe(job, start.Sub(start.Truncate(time.Minute)), r.Now().Sub(start), err)
	}
}

// Stop stops the schedule and waits for a running pass to finish, at most
// until ctx ends; then one last delivery flushes what it can.
func (r *Runner) Stop(ctx context.Context) error {
	if r.cron == nil {
		return nil
	}
	done := r.cron.Stop().Done()
	select {
	case <-done:
	case <-ctx.Done():
		r.stop()
		return fmt.Errorf("a scheduled job was still running: %w", ctx.Err())
	}
	if r.Pass.Deliver != nil && r.leading() {
		if _, err := r.Pass.Deliver(ctx, r.Now()); err != nil {
			r.Log.Error("final delivery", "err", err)
		}
	}
	r.stop()
	return nil
}

// cronLogger adapts slog to robfig/cron's logger.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}
