package schedule

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// Start runs one whole pass at once, at the injected time (the pass that
// sends what was missed while the bot was down); Stop returns once nothing
// runs and flushes the outbox one last time.
func TestRunnerStartUpPassAndStop(t *testing.T) {
	now := time.Date(2032, 3, 28, 1, 30, 0, 0, time.UTC)
	var ticks, deliveries atomic.Int32
	var tickedAt atomic.Value
	r := &Runner{
		Now: func() time.Time { return now },
		Pass: Pass{
			Tick: func(ctx context.Context, at time.Time) error {
				ticks.Add(1)
				tickedAt.Store(at)
				return nil
			},
			Deliver: func(ctx context.Context, at time.Time) (int, error) { deliveries.Add(1); return 0, nil },
		},
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ticks.Load() != 1 || deliveries.Load() != 1 || !tickedAt.Load().(time.Time).Equal(now) {
		t.Fatalf("start-up pass: %d ticks, %d deliveries", ticks.Load(), deliveries.Load())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if deliveries.Load() != 2 {
		t.Fatalf("no final delivery: %d", deliveries.Load())
	}
}

// A failing tick is reported and the pass stops before delivering.
func TestPassStopsAtATickError(t *testing.T) {
	delivered := false
	p := Pass{
		Tick:    func(context.Context, time.Time) error { return errors.New("store closed") },
		Deliver: func(context.Context, time.Time) (int, error) { delivered = true; return 0, nil },
	}
	if err := p.Run(context.Background(), time.Now()); err == nil || delivered {
		t.Fatalf("err %v, delivered %v", err, delivered)
	}
}

// Observe hears of each scheduled pass: its job, how late a tick began
// after its minute, and a failure as a failure.
func TestRunnerObservesPasses(t *testing.T) {
	type seen struct {
		job string
		lag time.Duration
		err error
	}
	got := make(chan seen, 16)
	r := &Runner{
		Every: time.Second,
		Pass: Pass{
			Tick:    func(context.Context, time.Time) error { return nil },
			Deliver: func(context.Context, time.Time) (int, error) { return 0, errors.New("store closed") },
		},
		Observe: func(job string, lag, took time.Duration, err error) { got <- seen{job, lag, err} },
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer r.Stop(context.Background())
	select {
	case s := <-got:
		if s.job != "deliver" || s.err == nil {
			t.Fatalf("observed %+v, want a failed deliver", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no delivery pass observed")
	}
	// A tick's lag is measured from the minute it runs for.
	r.observe("tick", time.Date(2032, 3, 28, 9, 0, 2, 500e6, time.UTC), nil)
	for s := range got {
		if s.job == "tick" {
			if s.lag != 2500*time.Millisecond || s.err != nil {
				t.Fatalf("tick observed %+v", s)
			}
			break
		}
	}
}

// A runner that is not the leader runs no pass, not even at start-up; the
// leader runs them all.
func TestRunnerRunsOnlyWhenLeading(t *testing.T) {
	for _, leader := range []bool{false, true} {
		var passes atomic.Int32
		r := &Runner{
			Every:  time.Second,
			Leader: func(context.Context) bool { return leader },
			Pass: Pass{
				Tick:    func(context.Context, time.Time) error { passes.Add(1); return nil },
				Deliver: func(context.Context, time.Time) (int, error) { passes.Add(1); return 0, nil },
			},
		}
		if err := r.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		if !leader {
			time.Sleep(1200 * time.Millisecond) // past the schedule's first delivery pass
		}
		if err := r.Stop(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := passes.Load(); (got > 0) != leader {
			t.Fatalf("leader %v: %d passes", leader, got)
		}
	}
}
