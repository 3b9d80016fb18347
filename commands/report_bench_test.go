package commands

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bolt"
	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
)

// The size of a JCA after many study periods, for the benchmarks.
const (
	benchActivities = 100_000
	benchTopics     = 5_000
	benchLiaisons   = 2_000
	benchPeople     = 300
)

// benchNow is the benchmarks' clock; the register spans the four years
// before it.
var benchNow = time.Date(2028, 6, 30, 9, 0, 0, 0, time.UTC)

var benchWords = strings.Fields("network requirements framework security IMT-2030 quantum key distribution cloud computing " +
	"Internet of things identity management routing IPv6 transport access home performance quality service experience " +
	"signalling protocol testing counterfeit digital twin smart city sustainable energy efficiency artificial intelligence " +
	"machine learning data trust blockchain DNS resolver satellite optical fibre 5G 6G metaverse")

// benchSize is the size of a generated register.
type benchSize struct{ activities, topics, liaisons, people int }

// benchLarge is the register of most benchmarks.
var benchLarge = benchSize{benchActivities, benchTopics, benchLiaisons, benchPeople}

// benchRegister generates the large register.
func benchRegister(v *jca.Vocabulary) *jca.Snapshot { return benchRegisterOf(v, benchLarge) }

// benchRegisterOf generates a register of size n: most records years old,
// about 1 % of the activities changed in the last week, a few topics and
// liaisons moving, some deadlines close; a tenth as many joint groups as
// topics.
func benchRegisterOf(v *jca.Vocabulary, n benchSize) *jca.Snapshot {
	rng := rand.New(rand.NewPCG(7, 11))
	span := 4 * 365 * 24 * time.Hour
	at := func() time.Time { return benchNow.Add(-time.Duration(rng.Int64N(int64(span)))) }
	recent := func() time.Time { return benchNow.Add(-time.Duration(rng.Int64N(int64(6 * 24 * time.Hour)))) }
	// Titles of 4 to 9 words from a vocabulary of 20,000, as the store's
	// own benchmarks draw them.
	title := func() string {
		n := 4 + rng.IntN(6)
		w := make([]string, n)
		for i := range w {
			w[i] = benchWords[rng.IntN(len(benchWords))] + strconv.Itoa(rng.IntN(400))
		}
		return strings.Join(w, " ")
	}
	groups, bodies := v.GroupCodes(), v.BodyNames()
	r := &jca.Snapshot{Format: jca.SnapshotFormat, Sequences: map[string]int{
		"activities": n.activities, "topics": n.topics, "joints": n.topics / 10, "liaisons": n.liaisons,
		"polls": 10, "meetings": 200,
	}}
	for i := 1; i <= n.activities; i++ {
		created := at()
		a := &jca.Activity{ID: i, Group: bodies[rng.IntN(len(bodies))], Title: title(), Status: v.Statuses[rng.IntN(len(v.Statuses))],
			Aspects: []jca.Aspect{v.Aspects[rng.IntN(len(v.Aspects))]}, CreatedBy: "console:alice", CreatedAt: created, UpdatedAt: created, Rev: 1}
		if rng.IntN(100) == 0 {
			when := recent()
			a.History = append(a.History, jca.Change{At: when, By: "console:bob", Field: "status", Old: "under-study", New: string(a.Status)})
			a.UpdatedAt, a.Rev = when, 2
		}
		r.Activities = append(r.Activities, a)
	}
	stance := []jca.Stance{jca.Support, jca.Support, jca.Object}
	for i := 1; i <= n.topics; i++ {
		kind := jca.TopicProposal
		p := &jca.Proposal{Kind: kind, ID: i, Title: title(), Groups: []string{groups[rng.IntN(len(groups))], groups[rng.IntN(len(groups))]},
			Status: kind.Statuses()[rng.IntN(6)], CreatedAt: at(), Rev: 1}
		p.UpdatedAt = p.CreatedAt
		for k := 0; k < rng.IntN(8); k++ {
			p.Positions = append(p.Positions, jca.Position{Person: jca.PersonID(fmt.Sprintf("console:p%d", rng.IntN(n.people))),
				Stance: stance[rng.IntN(3)], Comment: "reason", At: p.CreatedAt})
		}
		if rng.IntN(50) == 0 {
			p.UpdatedAt = recent()
			p.Deadline = benchNow.Add(time.Duration(rng.IntN(20)) * 24 * time.Hour)
		}
		r.Topics = append(r.Topics, p)
		if i%10 == 0 {
			j := *p
			j.Kind, j.ID, j.JointKind = jca.JointProposal, i/10, "joint-rapporteur-group"
			j.Status = jca.JointProposal.Statuses()[rng.IntN(6)]
			r.Joints = append(r.Joints, &j)
		}
	}
	for i := 1; i <= n.liaisons; i++ {
		l := &jca.Liaison{ID: i, Direction: []string{"in", "out"}[rng.IntN(2)], From: bodies[rng.IntN(len(bodies))],
			To: []string{groups[rng.IntN(len(groups))]}, Title: title(), Purpose: "action", Status: jca.LiaisonStatuses[rng.IntN(3)],
			CreatedAt: at(), Rev: 1}
		l.Deadline = l.CreatedAt.Add(60 * 24 * time.Hour)
		if rng.IntN(40) == 0 {
			l.Status, l.CreatedAt = "open", recent()
			l.Deadline = benchNow.Add(time.Duration(rng.IntN(30)-10) * 24 * time.Hour)
		}
		l.UpdatedAt = l.CreatedAt
		r.Liaisons = append(r.Liaisons, l)
	}
	for i := 1; i <= n.people; i++ {
		p := &jca.Person{ID: jca.PersonID(fmt.Sprintf("console:p%d", i)), Name: fmt.Sprintf("Person %d", i),
			Memberships: []jca.Membership{{Group: groups[i%len(groups)], Kind: jca.SGRep}}}
		r.People = append(r.People, p)
	}
	for i := 1; i <= 10; i++ {
		p := &jca.Poll{ID: i, Title: title(), Duration: 2 * time.Hour, Slots: []time.Time{benchNow.Add(time.Duration(i) * 48 * time.Hour)},
			CreatedAt: recent(), Rev: 1}
		r.Polls = append(r.Polls, p)
		for k := 1; k <= 40; k++ {
			r.Ballots = append(r.Ballots, jca.Ballot{Poll: i, Person: jca.PersonID(fmt.Sprintf("console:p%d", k*7%n.people+1)),
				Answers: map[int]jca.Answer{1: jca.Yes}, At: p.CreatedAt})
		}
	}
	for i := 1; i <= 200; i++ {
		start := benchNow.Add(time.Duration(i-190) * 7 * 24 * time.Hour)
		r.Meetings = append(r.Meetings, &jca.Meeting{ID: i, Title: title(), Start: start, Duration: 2 * time.Hour, Kind: "e-meeting",
			Agenda: []jca.AgendaItem{{Topic: i, Text: "topic"}, {Text: "Liaison statements received"}}, CreatedAt: start.AddDate(0, -1, 0), Rev: 1})
	}
	return r
}

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
	if err := db.ImportSnapshot(ctx, benchRegisterOf(v, n)); err != nil {
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
