package recordindex

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jcabot/jcabot/internal/textfold"
)

// The index agrees with a scan of the records it was told, through
// updates that change tags and text, stale Puts and pages.
func TestFindAgreesWithAScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"IPv6", "sécurité", "security", "quantum", "réseaux", "cloud"}
	latest := map[int]Entry{}
	var x Index
	for step := 0; step < 3000; step++ {
		id := 1 + rng.IntN(300)
		e := Entry{ID: id, Rev: latest[id].Rev + 1, Text: words[rng.IntN(len(words))] + " " + words[rng.IntN(len(words))]}
		for _, t := range []string{"open", "body=IETF", "body=SG13", "reply=" + fmt.Sprint(rng.IntN(5))} {
			if rng.IntN(2) == 0 {
				e.Tags = append(e.Tags, t)
			}
		}
		if rng.IntN(3) == 0 {
			e.Due = int64(rng.IntN(100))
		}
		x.Put(e)
		if rng.IntN(4) == 0 && e.Rev > 1 { // a writer reporting late: ignored
			stale := e
			stale.Rev, stale.Tags, stale.Text = e.Rev-1, nil, "stale"
			x.Put(stale)
		}
		latest[id] = e
	}
	scan := func(q Query) (ids []int, total int) {
		var all []int
		for id, e := range latest {
			ok := textfold.ContainsAll(e.Text, q.Words) && (q.DueBefore == 0 || (e.Due != 0 && e.Due < q.DueBefore))
			for _, t := range q.Tags {
				ok = ok && slices.Contains(e.Tags, t)
			}
			if ok {
				all = append(all, id)
			}
		}
		slices.SortFunc(all, func(a, b int) int { return b - a })
		end := len(all)
		if q.Limit >= 0 {
			end = min(len(all), q.Offset+q.Limit)
		}
		if q.Offset >= end {
			return nil, len(all)
		}
		return all[q.Offset:end], len(all)
	}
	for _, q := range []Query{
		{Limit: 20}, {Tags: []string{"open"}, Limit: -1}, {Tags: []string{"open", "body=IETF"}, Limit: 10, Offset: 5},
		{Tags: []string{"reply=3"}, Limit: -1}, {Words: "securite reseaux", Limit: 10}, {Words: "IPV6", Tags: []string{"body=SG13"}, Limit: -1},
		{Tags: []string{"open"}, DueBefore: 50, Limit: -1}, {Tags: []string{"body=nobody"}, Limit: 10}, {Limit: 0},
	} {
		gotIDs, gotTotal := x.Find(q)
		wantIDs, wantTotal := scan(q)
		if gotTotal != wantTotal || !reflect.DeepEqual(gotIDs, wantIDs) {
			t.Fatalf("%+v: got %v (%d), want %v (%d)", q, gotIDs, gotTotal, wantIDs, wantTotal)
		}
	}
	// Counts by body among the open ones.
	want := map[string]int{}
	for _, e := range latest {
		if slices.Contains(e.Tags, "open") {
			for _, t := range e.Tags {
				if b, ok := strings.CutPrefix(t, "body="); ok {
					want[b]++
				}
			}
		}
	}
	if got := x.Count("body=", "open"); !reflect.DeepEqual(got, want) {
		t.Fatalf("count: %v, want %v", got, want)
	}
	if x.Len() != len(latest) {
		t.Fatalf("len %d, want %d", x.Len(), len(latest))
	}
	if ids, n := x.Find(Query{Words: "  ", Limit: 5}); n != 0 || ids != nil {
		t.Fatalf("a query of no words found %v", ids)
	}
	x.Reset()
	if ids, n := x.Find(Query{Limit: -1}); n != 0 || ids != nil {
		t.Fatalf("after reset: %v", ids)
	}
}

func TestConcurrentPutsAndFinds(t *testing.T) {
	var x Index
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Go(func() {
			for i := 1; i <= 500; i++ {
				x.Put(Entry{ID: i, Rev: w + 1, Text: "liaison", Tags: []string{fmt.Sprint("w=", w%2)}})
				x.Find(Query{Tags: []string{"w=1"}, Words: "liaison", Limit: 10})
			}
		})
	}
	wg.Wait()
	if _, n := x.Find(Query{Tags: []string{"w=1"}, Limit: 0}); n != 500 { // rev 4 (w=3) wins everywhere
		t.Fatalf("%d records carry the winner's tag", n)
	}
}

// Finding the page of a tag walks only that tag's ids.
func BenchmarkFindByTag(b *testing.B) {
	var x Index
	for i := 1; i <= 100_000; i++ {
		tags := []string{"body=SG" + fmt.Sprint(i%20)}
		if i%1000 == 0 {
			tags = append(tags, "reply=1")
		}
		x.Put(Entry{ID: i, Rev: 1, Text: "liaison statement " + fmt.Sprint(i), Tags: tags})
	}
	for b.Loop() {
		if _, n := x.Find(Query{Tags: []string{"reply=1"}, Limit: 10}); n != 100 {
			b.Fatal(n)
		}
	}
}
