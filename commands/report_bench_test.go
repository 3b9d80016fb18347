package commands

import (
	"context"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/benchreg"
	"github.com/jcabot/jcabot/internal/bolt"
	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
)

// The large register of the benchmarks and its clock (internal/benchreg).
var (
	benchNow   = benchreg.Now
	benchLarge = benchreg.Large
)

type benchSize = benchreg.Size

// benchRouter is a router on a store holding the large register, loaded in
// one ImportSnapshot.
func benchRouter(b *testing.B) *Router {
	r, _ := benchRouterOf(b, benchLarge)
	return r
}

// benchRouterOf is a router on a store holding a generated register of
// size n, loaded in one ImportSnapshot, and the store's file.
func benchRouterOf(b *testing.B, n benchSize) (*Router, string) {
	b.Helper()
	ctx := context.Background()
	v, err := jca.NewVocabulary(jca.DefaultVocabulary())
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "bench.db")
	db, err := bolt.Open(ctx, path, bolt.Options{NoSync: true, Vocabulary: v})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.ImportSnapshot(ctx, benchreg.Register(v, n)); err != nil {
		b.Fatal(err)
	}
	cat, err := i18n.Default()
	if err != nil {
		b.Fatal(err)
	}
	r, err := NewRouter(Deps{Store: db, Vocab: v, Catalog: cat, DefaultTZ: time.UTC})
	if err != nil {
		b.Fatal(err)
	}
	return r, path
}

func reportMS(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
}

// BenchmarkDigest composes a weekly digest of the large register (about
// a thousand activities changed that week). Goal: under 100 ms.
func BenchmarkDigest(b *testing.B) {
	r := benchRouter(b)
	ctx := context.Background()
	since := benchNow.AddDate(0, 0, -7)
	var msgs []bot.Message
	b.ResetTimer()
	for b.Loop() {
		var err error
		msgs, _, err = r.Digest(ctx, "console:general", since, benchNow)
		if err != nil {
			b.Fatal(err)
		}
	}
	reportMS(b)
	b.ReportMetric(float64(len(msgs)), "messages")
}

// BenchmarkReport compiles the report to TSAG over the large register: the
// whole register (100,000 activity rows) in each format, and one year.
// Goal: under 1 s.
func BenchmarkReport(b *testing.B) {
	r := benchRouter(b)
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		query ReportQuery
	}{
		{"all/md", ReportQuery{Format: "md"}},
		{"all/csv", ReportQuery{Format: "csv"}},
		{"all/html", ReportQuery{Format: "html"}},
		{"year/md", ReportQuery{Format: "md", Since: "2027-07-01", Until: "2028-06-30"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			c.query.Now = benchNow
			var size int
			var rise, held float64
			for b.Loop() {
				rise, held = heapRise(func() {
					f, err := r.Reports().Report(ctx, c.query)
					if err != nil {
						b.Fatal(err)
					}
					size = len(f.Data)
				})
			}
			reportMS(b)
			b.ReportMetric(float64(size)/1e6, "MB-file")
			b.ReportMetric(rise, "MB-peak-rise")
			b.ReportMetric(held, "MB-held-after")
		})
	}
}

// heapRise runs fn and returns, in MB, how far the live heap rose above
// what it was before (sampled every millisecond while fn runs, so a peak
// between samples may be missed by a little) and how much of it is still
// live after fn, once collected. The file fn returns counts: the caller
// holds it until it is posted.
func heapRise(fn func()) (peak, held float64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	heap := func() float64 {
		metrics.Read(sample)
		return float64(sample[0].Value.Uint64())
	}
	runtime.GC()
	base := heap()
	top := base
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				top = max(top, heap())
			}
		}
	}()
	fn()
	close(stop)
	<-done
	top = max(top, heap())
	runtime.GC()
	return (top - base) / 1e6, (heap() - base) / 1e6
}
