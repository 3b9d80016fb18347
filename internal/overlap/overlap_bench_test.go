package overlap

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// syntheticTitles returns n items that mimic activity titles reduced to term
// sets: groups 0..11, 4 to 9 distinct terms per title drawn from a Zipf-like
// vocabulary of 5,000 words, and about 1% near-duplicates of an earlier title
// in another group (identical, or one term replaced, added or removed), so
// that real pairs exist. The result depends only on n and seed.
func syntheticTitles(n int, seed uint64) []Item {
	const (
		vocab  = 5000
		groups = 12
	)
	rng := rand.New(rand.NewPCG(seed, 0x6a6361))
	zipf := rand.NewZipf(rng, 1.1, 20, vocab-1)
	word := func() uint32 { return uint32(zipf.Uint64()) }
	items := make([]Item, n)
	for i := range items {
		it := Item{ID: i + 1, Group: rng.IntN(groups)}
		if i > 0 && rng.IntN(100) == 0 {
			src := items[rng.IntN(i)]
			it.Group = (src.Group + 1 + rng.IntN(groups-1)) % groups
			terms := slices.Clone(src.Terms)
			switch rng.IntN(4) {
			case 0: // identical
			case 1: // one term replaced
				terms[rng.IntN(len(terms))] = word()
			case 2: // one term added
				terms = append(terms, word())
			case 3: // one term removed
				if len(terms) > 4 {
					k := rng.IntN(len(terms))
					terms = append(terms[:k], terms[k+1:]...)
				}
			}
			it.Terms = slices.Compact(slices.Sorted(slices.Values(terms)))
		} else {
			size := 4 + rng.IntN(6)
			terms := make([]uint32, 0, size)
			for len(terms) < size {
				if w := word(); !slices.Contains(terms, w) {
					terms = append(terms, w)
				}
			}
			// Titles list their words in text order, not sorted.
			it.Terms = terms
		}
		items[i] = it
	}
	return items
}

func BenchmarkFind100k(b *testing.B) {
	items := syntheticTitles(100_000, 1)
	pairs := 0
	b.ReportAllocs()
	for b.Loop() {
		pairs = len(Find(items, 3, 5))
	}
	b.ReportMetric(float64(pairs), "pairs")
}

// TestSyntheticTitlesMatchBruteForce checks Find against the brute force on
// a smaller sample of the benchmark's data.
func TestSyntheticTitlesMatchBruteForce(t *testing.T) {
	items := syntheticTitles(3000, 2)
	got := Find(items, 3, 5)
	want := bruteForce(items, 3, 5)
	if !slices.Equal(got, want) {
		t.Fatalf("Find found %d pairs, brute force %d", len(got), len(want))
	}
	if len(want) == 0 {
		t.Fatal("no pairs: the generator makes no near-duplicates")
	}
}
