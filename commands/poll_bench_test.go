package commands

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bolt"
	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
)

// pollBenchRouter is a router on a store in a temporary directory; noSync
// skips fsync (for benchmarks of reads only).
func pollBenchRouter(b *testing.B, noSync bool) (*Router, *bolt.DB) {
	b.Helper()
	db, err := bolt.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), bolt.Options{NoSync: noSync})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	cat, err := i18n.Default()
	if err != nil {
		b.Fatal(err)
	}
	v, err := jca.NewVocabulary(jca.DefaultVocabulary())
	if err != nil {
		b.Fatal(err)
	}
	r, err := NewRouter(Deps{Store: db, Vocab: v, Catalog: cat, Chairs: []bot.Identity{"console:chair"}, DefaultTZ: time.UTC})
	if err != nil {
		b.Fatal(err)
	}
	return r, db
}

var pollBenchStart = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// pollBenchPoll stores a poll of n daily slots from 2032-03-01 14:00 UTC.
func pollBenchPoll(b *testing.B, db *bolt.DB, n int) *jca.Poll {
	b.Helper()
	p := &jca.Poll{Title: "Bench", Zone: "Europe/Zurich", Duration: 2 * time.Hour, Channel: "console:general",
		CreatedBy: "console:chair", CreatedAt: pollBenchStart}
	for i := range n {
		p.Slots = append(p.Slots, time.Date(2032, 3, 1+i, 14, 0, 0, 0, time.UTC))
	}
	if err := db.CreatePoll(context.Background(), p); err != nil {
		b.Fatal(err)
	}
	return p
}

// pollVoteRate measures votes per second on one new poll, each vote a
// separate command through the router (its own committed write), with the
// given number of concurrent voters.
func pollVoteRate(b *testing.B, r *Router, db *bolt.DB, voters, votes int) float64 {
	b.Helper()
	p := pollBenchPoll(b, db, 3)
	line := fmt.Sprintf("poll vote %s 1=yes 2=maybe 3=no", jca.PollRef(p.ID))
	per := votes / voters
	var wg sync.WaitGroup
	start := time.Now()
	for w := range voters {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := range per {
				rep := r.Handle(context.Background(), bot.Request{Platform: bot.Console, Channel: "console:general",
					Person: bot.Person{ID: bot.NewIdentity(bot.Console, fmt.Sprintf("p%d-w%d-v%d", p.ID, w, i))},
					Text:   line, Time: pollBenchStart})
				if rep.Refused {
					b.Error("vote refused")
					return
				}
			}
		}(w)
	}
	wg.Wait()
	rate := float64(per*voters) / time.Since(start).Seconds()
	if got, err := db.FindPoll(context.Background(), p.ID); err != nil || got.Voters != per*voters {
		b.Fatalf("voters %d, want %d (%v)", got.Voters, per*voters, err)
	}
	return rate
}

// BenchmarkPollVoteConcurrent compares votes per second on one poll with
// 64 concurrent voters and with one, in the same run, on a real (fsynced)
// bbolt file.
func BenchmarkPollVoteConcurrent(b *testing.B) {
	r, db := pollBenchRouter(b, false)
	var one, many float64
	for range b.N {
		one += pollVoteRate(b, r, db, 1, 200)
		many += pollVoteRate(b, r, db, 64, 2048)
	}
	b.ReportMetric(one/float64(b.N), "votes/s-1")
	b.ReportMetric(many/float64(b.N), "votes/s-64")
	b.ReportMetric(many/one, "x-speedup")
}

// BenchmarkPollShow20x500 times "poll show" of a 20-slot poll with 500
// voters, all members of various study groups in various zones. Goal:
// under 10 ms.
func BenchmarkPollShow20x500(b *testing.B) { pollShow20x500(b, 0) }

// BenchmarkPollShow20x500Ledger is the same with 1,000 meetings held in
// the last year, at every hour of the day: the fairness ledger the ranking
// weighs (goal: under 10 ms, as poll show without it).
func BenchmarkPollShow20x500Ledger(b *testing.B) { pollShow20x500(b, 1000) }

func pollShow20x500(b *testing.B, meetings int) {
	r, db := pollBenchRouter(b, true)
	for i := range meetings {
		start := pollBenchStart.Add(-time.Duration(i+1) * 8 * time.Hour) // every 8 h back: a year and more
		if err := db.CreateMeeting(context.Background(), &jca.Meeting{Title: "held", Start: start, Duration: 2 * time.Hour, Zone: "UTC", CreatedAt: start}, nil); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	groups := r.d.Vocab.GroupCodes()
	zones := []string{"Europe/Zurich", "Africa/Cairo", "America/New_York", "Asia/Tokyo", "Asia/Kolkata",
		"America/Sao_Paulo", "Australia/Sydney", "Europe/London", ""}
	p := pollBenchPoll(b, db, jca.MaxSlots)
	answers := []jca.Answer{jca.Yes, jca.Maybe, jca.No}
	for i := range 500 {
		id := jca.PersonID(fmt.Sprintf("console:m%03d", i))
		_, err := db.UpdatePerson(ctx, id, func(per *jca.Person) error {
			per.Name = fmt.Sprintf("member %03d", i)
			per.TZ = zones[i%len(zones)]
			per.Memberships = []jca.Membership{{Group: groups[i%len(groups)], Kind: jca.SGRep, Since: pollBenchStart}}
			if i%7 == 0 {
				per.Memberships = append(per.Memberships, jca.Membership{Group: groups[(i+3)%len(groups)], Kind: jca.SGRep, Since: pollBenchStart})
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		ballot := map[int]jca.Answer{}
		for s := 1; s <= jca.MaxSlots; s++ {
			if (i+s)%5 != 0 { // some slots left blank
				ballot[s] = answers[(i*s)%3]
			}
		}
		if _, err := db.Vote(ctx, p.ID, id, ballot, pollBenchStart, func(*jca.Poll) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	req := bot.Request{Platform: bot.Console, Channel: "console:general", Person: bot.Person{ID: "console:m001"},
		Text: "poll show " + jca.PollRef(p.ID), Time: pollBenchStart}
	if rep := r.Handle(ctx, req); rep.Refused || len(rep.Message.Blocks) < jca.MaxSlots {
		b.Fatalf("show: %s", plain(rep.Message))
	}
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		r.Handle(ctx, req)
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/op")
}
