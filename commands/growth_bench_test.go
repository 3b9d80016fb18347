package commands

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bolt"
	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
)

// growthSizes are the registers BenchmarkGrowth builds: 1k, 10k and 100k
// activities, with a topic per 20 activities, a liaison per 50 (5,000 and
// 2,000 at the top, as in the other benchmarks) and 300 people.
var growthSizes = []benchSize{
	{Activities: 1_000, Topics: 50, Liaisons: 20, People: 300},
	{Activities: 10_000, Topics: 500, Liaisons: 200, People: 300},
	{Activities: 100_000, Topics: 5_000, Liaisons: 2_000, People: 300},
}

// growthCommand is one thing a person asks, timed at each size.
type growthCommand struct {
	name string
	run  func(ctx context.Context, r *Router) error
}

// growthLine runs a command line as a chair in the console.
func growthLine(line string) growthCommand {
	return growthCommand{line, func(ctx context.Context, r *Router) error {
		rep := r.Handle(ctx, bot.Request{Platform: bot.Console, Channel: "console:general",
			Person: bot.Person{ID: "console:p1"}, Text: line, Time: benchNow})
		if rep.Refused {
			return fmt.Errorf("%s: refused: %s", line, plain(rep.Message))
		}
		return nil
	}}
}

var growthCommands = []growthCommand{
	growthLine("find ipv6 security"),
	growthLine("liaison show L-1"),
	growthLine("org list"),
	growthLine("org show IETF"),
	growthLine("member list --group SG13"),
	growthLine("activity list"),
	growthLine("activity matrix"),
	growthLine("poll show P-1"),
	{"digest (a week)", func(ctx context.Context, r *Router) error {
		_, _, err := r.Digest(ctx, "console:general", benchNow.AddDate(0, 0, -7), benchNow)
		return err
	}},
	{"report (all, md)", func(ctx context.Context, r *Router) error {
		_, err := r.Reports().Report(ctx, ReportQuery{Format: "md", Now: benchNow})
		return err
	}},
}

// BenchmarkGrowth builds registers of 1k, 10k and 100k activities through
// the store and times each command at each size (the median of its runs,
// each after a first warming run), and the store's opening of the file:
// until it is ready, and until its first answer. It logs the table with the
// growth exponent from 10k to 100k, log10(t100k / t10k): 0 is constant, 1
// linear. The exponents are reported as metrics too.
func BenchmarkGrowth(b *testing.B) {
	ctx := context.Background()
	times := make([][]time.Duration, len(growthCommands)+2) // the last two: open
	for range b.N {
		for i := range times {
			times[i] = times[i][:0]
		}
		for _, n := range growthSizes {
			r, path := benchRouterOf(b, n)
			for i, c := range growthCommands {
				d, err := medianRun(ctx, r, c)
				if err != nil {
					b.Fatal(err)
				}
				times[i] = append(times[i], d)
			}
			ready, answered := openTimes(b, path, r)
			times[len(growthCommands)] = append(times[len(growthCommands)], ready)
			times[len(growthCommands)+1] = append(times[len(growthCommands)+1], answered)
		}
	}
	names := make([]string, 0, len(growthCommands)+1)
	for _, c := range growthCommands {
		names = append(names, c.name)
	}
	names = append(names, "open (ready)", "open, first answer")
	var t strings.Builder
	fmt.Fprintf(&t, "\n%-26s %11s %11s %11s %9s\n", "command", "1k", "10k", "100k", "exponent")
	for i, name := range names {
		ts := times[i]
		exp := math.Log10(float64(ts[2]) / float64(ts[1]))
		fmt.Fprintf(&t, "%-26s %11s %11s %11s %9.2f\n", name, ms(ts[0]), ms(ts[1]), ms(ts[2]), exp)
		b.ReportMetric(exp, "exp-"+slug(name))
	}
	fmt.Print(t.String()) // b.Log would cut the table at ten lines
}

// medianRun times c on r: one warming run, then as many as fit in about
// 300 ms (at least 3, at most 21), and returns the median.
func medianRun(ctx context.Context, r *Router, c growthCommand) (time.Duration, error) {
	if err := c.run(ctx, r); err != nil {
		return 0, err
	}
	var ds []time.Duration
	start := time.Now()
	for len(ds) < 3 || (len(ds) < 21 && time.Since(start) < 300*time.Millisecond) {
		t0 := time.Now()
		if err := c.run(ctx, r); err != nil {
			return 0, err
		}
		ds = append(ds, time.Since(t0))
	}
	slices.Sort(ds)
	return ds[len(ds)/2], nil
}

// openTimes closes r's store and times opening the file again: until
// Open returns (the store is ready, its indexes filling in the background)
// and until it answers a first list (they are filled). Medians of 3.
func openTimes(b *testing.B, path string, r *Router) (ready, answered time.Duration) {
	b.Helper()
	ctx := context.Background()
	if c, ok := r.d.Store.(interface{ Close() error }); ok {
		c.Close()
	}
	var rs, as []time.Duration
	for range 3 {
		runtime.GC()
		t0 := time.Now()
		db, err := bolt.Open(ctx, path, bolt.Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		rs = append(rs, time.Since(t0))
		if _, _, err := db.ListActivities(ctx, jca.ActivityFilter{Limit: 20}); err != nil {
			b.Fatal(err)
		}
		as = append(as, time.Since(t0))
		db.Close()
	}
	slices.Sort(rs)
	slices.Sort(as)
	return rs[1], as[1]
}

// slug is a metric's name for a command: "liaison-show", "report".
func slug(name string) string {
	var w []string
	for _, f := range strings.Fields(name) {
		if f[0] < 'a' || f[0] > 'z' || len(w) == 2 {
			break
		}
		w = append(w, f)
	}
	return strings.Join(w, "-")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3f ms", float64(d.Microseconds())/1000) }
