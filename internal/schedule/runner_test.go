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
