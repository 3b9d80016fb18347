package bolt

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

// addRate measures activity adds per second with the given number of
// concurrent writers, each add a separate command with its own commit.
func addRate(b *testing.B, writers, adds int) float64 {
	b.Helper()
	db, err := Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var wg sync.WaitGroup
	per := adds / writers
	start := time.Now()
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < per; i++ {
				a := newActivity("SG13", fmt.Sprintf("writer %d item %d", w, i), t0, "capacity")
				if err := db.CreateActivity(context.Background(), a); err != nil {
					b.Error(err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	return float64(per*writers) / time.Since(start).Seconds()
}

// BenchmarkActivityAddConcurrent compares 64 concurrent writers with one
// writer, in the same run, on a real (fsynced) file. Goal: at least 3x.
func BenchmarkActivityAddConcurrent(b *testing.B) {
	var one, many float64
	for i := 0; i < b.N; i++ {
		one += addRate(b, 1, 256)
		many += addRate(b, 64, 2048)
	}
	b.ReportMetric(one/float64(b.N), "adds/s-1-writer")
	b.ReportMetric(many/float64(b.N), "adds/s-64-writers")
	b.ReportMetric(many/one, "x-speedup")
}

var benchWords = []string{"network", "requirements", "framework", "security", "IMT-2030", "quantum", "key", "distribution",
	"cloud", "computing", "Internet", "of", "things", "identity", "management", "routing", "IPv6", "transport", "access",
	"home", "performance", "quality", "service", "experience", "signalling", "protocol", "testing", "counterfeit",
	"digital", "twin", "smart", "city", "sustainable", "energy", "efficiency", "artificial", "intelligence", "machine",
	"learning", "data", "trust", "blockchain", "DNS", "resolver", "satellite", "optical", "fibre", "5G", "6G", "metaverse"}

// load100k fills a store with n activities spread over the study groups,
// in bulk transactions (the benchmark measures reads, not the load).
func load100k(b *testing.B, n int) *DB {
	b.Helper()
	db, err := Open(context.Background(), filepath.Join(b.TempDir(), "big.db"), Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	rng := rand.New(rand.NewPCG(1, 2))
	groups := db.vocab.GroupCodes()
	aspects := db.vocab.Aspects
	// Titles of 4 to 9 words from a vocabulary of 5,000 with a Zipf-like
	// spread (a few words are everywhere, most are rare), and 1% near
	// duplicates of an earlier title in another group: the overlaps.
	zipf := rand.NewZipf(rand.New(rand.NewPCG(3, 4)), 1.1, 20, 4999)
	word := func() string {
		n := int(zipf.Uint64())
		return benchWords[n%len(benchWords)] + fmt.Sprint(n/len(benchWords))
	}
	var titles []string
	const chunk = 5000
	for start := 0; start < n; start += chunk {
		var acts []*jca.Activity
		err := db.db.Update(func(tx *bbolt.Tx) error {
			acts = acts[:0]
			bk := tx.Bucket(bucketActivities)
			for i := start; i < min(n, start+chunk); i++ {
				title := ""
				if len(titles) > 0 && rng.IntN(100) == 0 {
					title = titles[rng.IntN(len(titles))] + " " + word() // a near duplicate
				} else {
					for w := 0; w < 4+rng.IntN(6); w++ {
						title += word() + " "
					}
				}
				titles = append(titles, title)
				a := newActivity(groups[rng.IntN(len(groups))], title, t0.Add(time.Duration(i)*time.Minute), aspects[rng.IntN(len(aspects))])
				a.Status = db.vocab.Statuses[rng.IntN(len(db.vocab.Statuses))]
				seq, _ := bk.NextSequence()
				a.ID, a.Rev = int(seq), 1
				if err := putJSON(bk, itob(seq), a); err != nil {
					return err
				}
				acts = append(acts, a)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		for _, a := range acts {
			db.idx.acts.Put(a)
		}
	}
	return db
}

// heldMB is the heap the first round's store holds after loading 100,000
// activities (the in-memory index; bbolt's pages are memory-mapped, not heap).
var heldMB float64

func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

// BenchmarkList100k: a filtered, paged list over 100,000 activities.
// Goal: under 20 ms.
func BenchmarkList100k(b *testing.B) {
	before := heapMB()
	db := load100k(b, 100_000)
	if b.N == 1 { // the first round: no other store is alive yet
		heldMB = heapMB() - before
	}
	held := heldMB
	ctx := context.Background()
	f := jca.ActivityFilter{Group: "SG13", Aspect: "security", Since: t0.Add(24 * time.Hour), Offset: 40}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		page, total, err := db.ListActivities(ctx, f)
		if err != nil || total == 0 || len(page) != jca.PageSize {
			b.Fatalf("list: %d of %d, %v", len(page), total, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/list")
	b.ReportMetric(held, "MB-held-100k")
}

// BenchmarkMatrix100k: the coverage matrix with overlaps over 100,000
// activities. Goal: under 100 ms.
func BenchmarkMatrix100k(b *testing.B) {
	db := load100k(b, 100_000)
	ctx := context.Background()
	b.ResetTimer()
	var pairs int
	for i := 0; i < b.N; i++ {
		m, err := db.ActivityMatrix(ctx, db.vocab)
		if err != nil || m.Total != 100_000 {
			b.Fatalf("matrix: %v", err)
		}
		pairs = m.OverlapTotal
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/matrix")
	b.ReportMetric(float64(pairs), "overlap-pairs")
}

// BenchmarkSearch100k: a two-word search over 100,000 activities.
func BenchmarkSearch100k(b *testing.B) {
	db := load100k(b, 100_000)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := db.SearchActivities(ctx, "quantum12 key", 0, 20); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/search")
}
