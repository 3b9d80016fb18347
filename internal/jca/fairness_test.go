package jca

import (
	"fmt"
	"testing"
	"time"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// The six-zone JCA of the issue: 40 members; slot A (06:00 in Zurich) has
// one more yes than slot B (14:00 in Zurich) but puts its New York and São
// Paulo voters in their night. B ranks first: more can come at a sociable
// hour, and fewer answer from the night.
func TestRankCountsTheNight(t *testing.T) {
	zones := []string{"Europe/Zurich", "Africa/Cairo", "America/New_York", "Asia/Tokyo", "Asia/Kolkata", "America/Sao_Paulo"}
	var people []*Person
	for i := range 40 {
		p := &Person{ID: PersonID(fmt.Sprintf("console:m%02d", i)), TZ: zones[i%6],
			Memberships: []Membership{{Group: []string{"SG13", "SG17"}[i%2]}}}
		people = append(people, p)
	}
	a := time.Date(2033, 3, 10, 5, 0, 0, 0, time.UTC)  // 06:00 Zurich, 00:00 New York, 02:00 São Paulo
	b := time.Date(2033, 3, 10, 13, 0, 0, 0, time.UTC) // 14:00 Zurich, 08:00 New York, 22:00 Tokyo
	poll := &Poll{ID: 1, Duration: 2 * time.Hour, Slots: []time.Time{a, b}}
	var ballots []Ballot
	for i, p := range people {
		ans := map[int]Answer{}
		if i < 12 { // twelve yes on A, whoever they are
			ans[1] = Yes
		}
		if i >= 12 && i < 23 { // eleven yes on B
			ans[2] = Yes
		}
		ballots = append(ballots, Ballot{Poll: 1, Person: p.ID, Answers: ans})
	}
	ranked := Rank(poll, ballots, RankInput{People: people, StudyGroups: []string{"SG13", "SG17"}})
	first, second := ranked[0], ranked[1]
	if first.Slot != 2 {
		t.Fatalf("slot %d ranks first: %+v / %+v", first.Slot, first, second)
	}
	if first.Yes != 11 || second.Yes != 12 || first.Night >= second.Night || first.Sociable <= second.Sociable {
		t.Fatalf("counts: B %+v; A %+v", first, second)
	}
	if second.OutOfHours <= first.OutOfHours {
		t.Fatalf("members out of hours: A %d, B %d", second.OutOfHours, first.OutOfHours)
	}
}

// Members with no zone are counted at the default zone, and said so; a
// night worker's hours cross midnight.
func TestRankDefaultZoneAndNightWorkers(t *testing.T) {
	owl := &Person{ID: "console:owl", TZ: "Europe/Zurich", Hours: &Hours{Start: 22 * 60, End: 6 * 60}, Memberships: []Membership{{Group: "SG13"}}}
	nozone := &Person{ID: "console:nz", Memberships: []Membership{{Group: "SG13"}}}
	slot := time.Date(2033, 3, 10, 23, 0, 0, 0, time.UTC) // 00:00 in Zurich
	poll := &Poll{ID: 1, Duration: time.Hour, Slots: []time.Time{slot}}
	ballots := []Ballot{{Person: owl.ID, Answers: map[int]Answer{1: Yes}}, {Person: nozone.ID, Answers: map[int]Answer{1: Yes}}}
	sc := Rank(poll, ballots, RankInput{People: []*Person{owl, nozone}, StudyGroups: []string{"SG13"}, DefaultZone: zone(t, "Asia/Tokyo")})[0]
	// the owl is sociable at midnight; the one with no zone is at 08:00 in Tokyo
	if sc.Sociable != 2 || sc.Night != 0 || sc.NoZone != 1 {
		t.Fatalf("%+v", sc)
	}
}

// Slots within one person of each other: the one that spares those who
// carried the most nights this year ranks first, and says by which slot.
func TestRankLedgerBreaksNearTies(t *testing.T) {
	tokyo := &Person{ID: "console:tokyo", TZ: "Asia/Tokyo", Memberships: []Membership{{Group: "SG13"}}}
	zurich := &Person{ID: "console:zurich", TZ: "Europe/Zurich", Memberships: []Membership{{Group: "SG13"}}}
	ny := &Person{ID: "console:ny", TZ: "America/New_York", Memberships: []Membership{{Group: "SG13"}}}
	people := []*Person{tokyo, zurich, ny}
	early := time.Date(2033, 3, 10, 7, 0, 0, 0, time.UTC) // 16:00 Tokyo, 08:00 Zurich, 02:00 New York
	late := time.Date(2033, 3, 10, 17, 0, 0, 0, time.UTC) // 02:00 Tokyo, 18:00 Zurich, 13:00 New York
	poll := &Poll{ID: 1, Duration: time.Hour, Slots: []time.Time{early, late}}
	ballots := []Ballot{{Person: zurich.ID, Answers: map[int]Answer{1: Yes, 2: Yes}}, {Person: tokyo.ID, Answers: map[int]Answer{1: Yes}},
		{Person: ny.ID, Answers: map[int]Answer{2: Yes}}}
	in := RankInput{People: people, StudyGroups: []string{"SG13"}}
	if r := Rank(poll, ballots, in); r[0].Slot != 1 || r[0].ByLedger != 0 {
		t.Fatalf("without a ledger the earlier slot wins: %+v", r)
	}
	// New York has been up at night for nine meetings, Tokyo for two: the
	// slot that spares New York wins.
	in.Ledger = map[PersonID]int{ny.ID: 9, tokyo.ID: 2}
	r := Rank(poll, ballots, in)
	if r[0].Slot != 2 || r[0].ByLedger != 1 || r[0].Burden != 2 || r[1].Burden != 9 {
		t.Fatalf("with the ledger: %+v", r)
	}
	// A slot two people better is not given up for the ledger.
	ballots = append(ballots, Ballot{Person: "console:x", Answers: map[int]Answer{1: Yes}}, Ballot{Person: "console:y", Answers: map[int]Answer{1: Yes}})
	if r := Rank(poll, ballots, in); r[0].Slot != 1 || r[0].ByLedger != 0 {
		t.Fatalf("two more people: %+v", r)
	}
}

func TestNightLedger(t *testing.T) {
	now := time.Date(2033, 6, 1, 12, 0, 0, 0, time.UTC)
	tokyo := &Person{ID: "console:tokyo", TZ: "Asia/Tokyo", Memberships: []Membership{{Group: "SG13"}}}
	zurich := &Person{ID: "console:zurich", TZ: "Europe/Zurich", Memberships: []Membership{{Group: "SG13"}}}
	owl := &Person{ID: "console:owl", TZ: "Asia/Tokyo", Hours: &Hours{Start: 22 * 60, End: 6 * 60}, Memberships: []Membership{{Group: "SG17"}}}
	guest := &Person{ID: "console:guest", TZ: "Asia/Tokyo"} // not a member
	at := func(d, h int) time.Time { return time.Date(2033, 5, d, h, 0, 0, 0, time.UTC) }
	meetings := []*Meeting{
		{Start: at(1, 17), Duration: time.Hour},                  // 02:00 Tokyo, 19:00 Zurich
		{Start: at(2, 17), Duration: time.Hour},                  // again
		{Start: at(3, 17), Duration: time.Hour, Cancelled: true}, // not held
		{Start: at(4, 5), Duration: time.Hour},                   // 14:00 Tokyo, 07:00 Zurich
		{Start: at(5, 4), Duration: time.Hour},                   // 13:00 Tokyo, 06:00 Zurich: early
		{Start: now.Add(48 * time.Hour), Duration: time.Hour},    // not yet held
		{Start: now.AddDate(-2, 0, 0), Duration: time.Hour},      // more than a year ago
	}
	l := NightLedger(meetings, []*Person{tokyo, zurich, owl, guest}, LedgerInput{Now: now})
	want := map[PersonID]Burden{tokyo.ID: {Night: 2}, zurich.ID: {EarlyLate: 1}, owl.ID: {Night: 2}} // the owl sleeps by day: 02:00 is its working night, 13:00 and 14:00 its night
	if fmt.Sprint(l) != fmt.Sprint(want) {
		t.Fatalf("ledger %v, want %v", l, want)
	}
	if n := Nights(l); n[tokyo.ID] != 2 || n[owl.ID] != 2 || len(n) != 2 {
		t.Fatalf("nights %v", n)
	}
}

// Suggestions for a JCA from Geneva to Tokyo and New York: up to eight, one
// a day, in time order; never one where most members are at night when a
// better exists, and each better than any left out on its day.
func TestSuggestSpareTheNight(t *testing.T) {
	zones := []string{"Europe/Zurich", "Africa/Cairo", "America/New_York", "Asia/Tokyo", "Asia/Kolkata", "America/Sao_Paulo"}
	var people []*Person
	for i := range 200 {
		people = append(people, &Person{ID: PersonID(fmt.Sprint("console:m", i)), TZ: zones[i%6], Memberships: []Membership{{Group: "SG13"}}})
	}
	people = append(people, &Person{ID: "console:guest", TZ: "Pacific/Auckland"}) // not a member: not counted
	from := time.Date(2033, 3, 1, 0, 0, 0, 0, time.UTC)
	in := SuggestInput{From: from, To: from.AddDate(0, 0, 14), Duration: 2 * time.Hour}
	got := Suggest(people, in)
	if len(got) != 8 {
		t.Fatalf("%d suggestions", len(got))
	}
	days := map[string]bool{}
	for i, s := range got {
		if i > 0 && !got[i-1].Start.Before(s.Start) {
			t.Fatal("not in time order")
		}
		d := s.Start.Format(time.DateOnly)
		if days[d] {
			t.Fatalf("two on %s", d)
		}
		days[d] = true
		if s.Sociable+s.EarlyLate+s.Night != 200 || 2*s.Night > 200 {
			t.Fatalf("%v: %+v", s.Start, s)
		}
	}
	// The best of them has no better candidate anywhere in the range.
	best := got[0]
	for _, s := range got {
		if s.Sociable > best.Sociable {
			best = s
		}
	}
	for s := in.From; !s.Add(in.Duration).After(in.To); s = s.Add(30 * time.Minute) {
		if c := Suggest(people, SuggestInput{From: s, To: s.Add(in.Duration), Duration: in.Duration}); len(c) == 1 && c[0].Sociable > best.Sociable {
			t.Fatalf("%v is better (%d) than every suggestion (%d)", s, c[0].Sociable, best.Sociable)
		}
	}
	// Where every candidate has most members at night, they are still
	// proposed: there is nothing better.
	tokyo := []*Person{{ID: "console:t", TZ: "Asia/Tokyo", Memberships: []Membership{{Group: "SG13"}}}}
	night := Suggest(tokyo, SuggestInput{From: time.Date(2033, 3, 1, 16, 0, 0, 0, time.UTC), To: time.Date(2033, 3, 1, 19, 0, 0, 0, time.UTC), Duration: time.Hour})
	if len(night) != 1 || night[0].Night != 1 {
		t.Fatalf("a range only at night: %+v", night)
	}
}

// BenchmarkSuggest200 proposes slots over two weeks for 200 members in
// six zones (goal: under 50 ms).
func BenchmarkSuggest200(b *testing.B) {
	zones := []string{"Europe/Zurich", "Africa/Cairo", "America/New_York", "Asia/Tokyo", "Asia/Kolkata", "America/Sao_Paulo"}
	var people []*Person
	for i := range 200 {
		h := DefaultHours
		if i%7 == 0 {
			h = Hours{Start: 8*60 + 30*(i%3), End: 18*60 + 30*(i%5)} // some keep their own hours
		}
		people = append(people, &Person{ID: PersonID(fmt.Sprint("console:m", i)), TZ: zones[i%6], Hours: &h, Memberships: []Membership{{Group: "SG13"}}})
	}
	from := time.Date(2033, 3, 1, 0, 0, 0, 0, time.UTC)
	in := SuggestInput{From: from, To: from.AddDate(0, 0, 14), Duration: 2 * time.Hour}
	for b.Loop() {
		if len(Suggest(people, in)) != 8 {
			b.Fatal("no suggestion")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/suggest")
}
