package outbox_test

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/outbox"
)

// cpuTime is the process's user and system CPU time so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkDispatcher: the outbox's own cost and its recovery.
//   - deliver: 2,000 waiting posts in 20 channels delivered by passes of the
//     dispatcher against a platform without limits, on a store that syncs
//     every write as jcabot serve's does: entries per second and CPU per
//     entry.
//   - recovery: 1,000 posts waiting through 10 minutes of server errors, on
//     the fake clock with a pass every 5 s as the scheduler runs them: the
//     time from "platform back" to "queue empty" (goal ≤ 30 s), and the
//     platform calls spent during the outage.
func BenchmarkDispatcher(b *testing.B) {
	ctx := context.Background()
	b.Run("deliver", func(b *testing.B) {
		const n = 2000
		var rate, cpu float64
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			db, err := openBenchStore(b)
			if err != nil {
				b.Fatal(err)
			}
			now := t0
			p := newPlatform(&now, t0, nil)
			chans := make([]bot.ChannelID, 20)
			for c := range chans {
				chans[c] = bot.ChannelID(fmt.Sprintf("slack:T1/C%02d", c))
			}
			entries := make([]outbox.Entry, 0, n)
			for k := 0; k < n; k++ {
				var m bot.Message
				m.Section(bot.T(fmt.Sprintf("post %d", k)))
				entries = append(entries, outbox.Entry{Key: fmt.Sprintf("bench/%d", k), Channel: chans[k%len(chans)], Message: m, Created: t0})
			}
			if err := db.Enqueue(ctx, entries...); err != nil {
				b.Fatal(err)
			}
			d := &outbox.Dispatcher{Store: db, Platforms: map[bot.Platform]bot.Poster{bot.Slack: p}}
			b.StartTimer()
			start, cpu0 := time.Now(), cpuTime(b)
			delivered := 0
			for delivered < n {
				got, err := d.Deliver(ctx, now)
				if err != nil {
					b.Fatal(err)
				}
				delivered += got
			}
			wall, used := time.Since(start), cpuTime(b)-cpu0
			b.StopTimer()
			rate += float64(n) / wall.Seconds()
			cpu += float64(used.Microseconds()) / n
			db.Close()
			b.StartTimer()
		}
		b.ReportMetric(rate/float64(b.N), "entries/s")
		b.ReportMetric(cpu/float64(b.N), "cpu-µs/entry")
	})
	b.Run("recovery", func(b *testing.B) {
		var recovery, calls float64
		for i := 0; i < b.N; i++ {
			db, err := openBenchStore(b)
			if err != nil {
				b.Fatal(err)
			}
			chans := make([]bot.ChannelID, 10)
			for c := range chans {
				chans[c] = bot.ChannelID(fmt.Sprintf("slack:T1/C%02d", c))
			}
			now := t0
			back := t0.Add(10 * time.Minute)
			p := newPlatform(&now, back, serverError)
			var entries []outbox.Entry
			for k := 0; k < 1000; k++ {
				var m bot.Message
				m.Section(bot.T(fmt.Sprintf("post %d", k)))
				entries = append(entries, outbox.Entry{Key: fmt.Sprintf("bench/%04d", k), Channel: chans[k%len(chans)], Message: m,
					Created: t0.Add(time.Duration(k) * 100 * time.Millisecond)})
			}
			if err := db.Enqueue(ctx, entries...); err != nil {
				b.Fatal(err)
			}
			d := &outbox.Dispatcher{Store: db, Platforms: map[bot.Platform]bot.Poster{bot.Slack: p}}
			var empty time.Time
			for now = t0; empty.IsZero(); now = now.Add(5 * time.Second) {
				if _, err := d.Deliver(ctx, now); err != nil {
					b.Fatal(err)
				}
				if w, _ := db.WaitingEntries(ctx, 1); len(w) == 0 {
					empty = now
				}
				if now.After(back.Add(time.Hour)) {
					b.Fatal("the queue never emptied")
				}
			}
			recovery += empty.Sub(back).Seconds()
			calls += float64(p.calls - 1000)
			db.Close()
		}
		b.ReportMetric(recovery/float64(b.N), "s-back-to-empty")
		b.ReportMetric(calls/float64(b.N), "calls-in-outage")
	})
}

func openBenchStore(b *testing.B) (*boltDB, error) {
	return openBolt(filepath.Join(b.TempDir(), "jca.db"))
}
