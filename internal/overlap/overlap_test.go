package overlap

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteForce is the O(n²) reference for Find: it compares every pair.
func bruteForce(items []Item, num, den int) []Pair {
	var pairs []Pair
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			a, b := items[i], items[j]
			if a.Group == b.Group {
				continue
			}
			sa, sb := setOf(a.Terms), setOf(b.Terms)
			if len(sa) == 0 || len(sb) == 0 {
				continue
			}
			inter := 0
			for x := range sa {
				if sb[x] {
					inter++
				}
			}
			union := len(sa) + len(sb) - inter
			// inter/union >= num/den, computed exactly with big enough ints.
			if int64(inter)*int64(den) < int64(union)*int64(num) {
				continue
			}
			p := Pair{A: a.ID, B: b.ID, Similarity: float64(inter) / float64(union)}
			if p.A > p.B {
				p.A, p.B = p.B, p.A
			}
			pairs = append(pairs, p)
		}
	}
	slices.SortFunc(pairs, func(p, q Pair) int {
		if c := cmp.Compare(q.Similarity, p.Similarity); c != 0 {
			return c
		}
		if c := cmp.Compare(p.A, q.A); c != 0 {
			return c
		}
		return cmp.Compare(p.B, q.B)
	})
	return pairs
}

func setOf(terms []uint32) map[uint32]bool {
	s := make(map[uint32]bool, len(terms))
	for _, x := range terms {
		s[x] = true
	}
	return s
}

func TestFind(t *testing.T) {
	tests := []struct {
		name     string
		items    []Item
		num, den int
		want     []Pair
	}{
		{"empty input", nil, 3, 5, nil},
		{"single item", []Item{{ID: 1, Group: 1, Terms: []uint32{1, 2, 3}}}, 3, 5, nil},
		{
			"exactly at threshold: 3 of 5",
			[]Item{
				{ID: 1, Group: 1, Terms: []uint32{1, 2, 3, 4}},
				{ID: 2, Group: 2, Terms: []uint32{1, 2, 3, 5}},
			},
			3, 5,
			[]Pair{{A: 1, B: 2, Similarity: 0.6}},
		},
		{
			"exactly at threshold, unreduced fraction",
			[]Item{
				{ID: 1, Group: 1, Terms: []uint32{1, 2, 3, 4}},
				{ID: 2, Group: 2, Terms: []uint32{1, 2, 3, 5}},
			},
			6, 10,
			[]Pair{{A: 1, B: 2, Similarity: 0.6}},
		},
		{
			"just below threshold: 3 of 6",
			[]Item{
				{ID: 1, Group: 1, Terms: []uint32{1, 2, 3, 4}},
				{ID: 2, Group: 2, Terms: []uint32{1, 2, 3, 5, 6}},
			},
			3, 5,
			nil,
		},
		{
			"identical sets",
			[]Item{
				{ID: 7, Group: 1, Terms: []uint32{9, 8, 7}},
				{ID: 3, Group: 2, Terms: []uint32{7, 8, 9}},
			},
			3, 5,
			[]Pair{{A: 3, B: 7, Similarity: 1}},
		},
		{
			"identical sets at threshold 1",
			[]Item{
				{ID: 1, Group: 1, Terms: []uint32{1, 2}},
				{ID: 2, Group: 2, Terms: []uint32{2, 1}},
				{ID: 3, Group: 3, Terms: []uint32{1, 2, 3}},
			},
			1, 1,
			[]Pair{{A: 1, B: 2, Similarity: 1}},
		},
		{
			"same group excluded",
			[]Item{
				{ID: 1, Group: 4, Terms: []uint32{1, 2, 3}},
				{ID: 2, Group: 4, Terms: []uint32{1, 2, 3}},
				{ID: 3, Group: 5, Terms: []uint32{1, 2, 3}},
			},
			3, 5,
			[]Pair{{A: 1, B: 3, Similarity: 1}, {A: 2, B: 3, Similarity: 1}},
		},
		{
			"empty term sets never pair",
			[]Item{
				{ID: 1, Group: 1},
				{ID: 2, Group: 2, Terms: []uint32{}},
				{ID: 3, Group: 3, Terms: []uint32{1}},
				{ID: 4, Group: 4, Terms: []uint32{1}},
			},
			3, 5,
			[]Pair{{A: 3, B: 4, Similarity: 1}},
		},
		{
			"duplicate terms count once",
			[]Item{
				{ID: 1, Group: 1, Terms: []uint32{1, 1, 1, 2}},
				{ID: 2, Group: 2, Terms: []uint32{1, 2, 2}},
			},
			3, 5,
			[]Pair{{A: 1, B: 2, Similarity: 1}},
		},
		{
			"sparse term ids",
			[]Item{
				{ID: 1, Group: 1, Terms: []uint32{math.MaxUint32, 1 << 30, 5}},
				{ID: 2, Group: 2, Terms: []uint32{5, math.MaxUint32, 1 << 30, 1 << 31}},
			},
			3, 5,
			[]Pair{{A: 1, B: 2, Similarity: 0.75}},
		},
		{
			"sorted by similarity then ids",
			[]Item{
				{ID: 5, Group: 1, Terms: []uint32{1, 2, 3, 4}},
				{ID: 4, Group: 2, Terms: []uint32{1, 2, 3, 5}},
				{ID: 3, Group: 3, Terms: []uint32{1, 2, 3, 4}},
				{ID: 2, Group: 4, Terms: []uint32{10, 11}},
				{ID: 1, Group: 5, Terms: []uint32{10, 11}},
			},
			3, 5,
			[]Pair{
				{A: 1, B: 2, Similarity: 1},
				{A: 3, B: 5, Similarity: 1},
				{A: 3, B: 4, Similarity: 0.6},
				{A: 4, B: 5, Similarity: 0.6},
			},
		},
		{"threshold zero", []Item{{ID: 1, Group: 1, Terms: []uint32{1}}, {ID: 2, Group: 2, Terms: []uint32{2}}}, 0, 5, nil},
		{"threshold above one", []Item{{ID: 1, Group: 1, Terms: []uint32{1}}, {ID: 2, Group: 2, Terms: []uint32{1}}}, 6, 5, nil},
		{"negative threshold", []Item{{ID: 1, Group: 1, Terms: []uint32{1}}, {ID: 2, Group: 2, Terms: []uint32{1}}}, -3, -5, nil},
		{"zero denominator", []Item{{ID: 1, Group: 1, Terms: []uint32{1}}, {ID: 2, Group: 2, Terms: []uint32{1}}}, 3, 0, nil},
		{
			"huge reducible threshold",
			[]Item{{ID: 1, Group: 1, Terms: []uint32{1}}, {ID: 2, Group: 2, Terms: []uint32{1}}},
			3 << 40, 5 << 40,
			[]Pair{{A: 1, B: 2, Similarity: 1}},
		},
		{"huge irreducible threshold", []Item{{ID: 1, Group: 1, Terms: []uint32{1}}, {ID: 2, Group: 2, Terms: []uint32{1}}}, 1 << 40, 1<<40 + 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Find(tt.items, tt.num, tt.den)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Find = %v, want %v", got, tt.want)
			}
			if tt.num > 0 && tt.den > 0 && tt.num <= tt.den && tt.den <= math.MaxInt32 {
				if bf := bruteForce(tt.items, tt.num, tt.den); !slices.Equal(bf, tt.want) {
					t.Errorf("test table disagrees with brute force %v", bf)
				}
			}
		})
	}
}

// TestFindMatchesBruteForce compares Find with bruteForce on many random
// small inputs, dense enough in terms that many pairs sit at or near the
// threshold. Some rounds use large sets (whose signatures collide), sparse
// term ids or sparse and negative group ids.
func TestFindMatchesBruteForce(t *testing.T) {
	thresholds := [][2]int{{3, 5}, {1, 2}, {2, 3}, {7, 10}, {4, 5}, {1, 1}, {1, 3}, {1, 10}, {9, 10}, {6, 10}, {1, 7}, {13, 20}, {5, 6}}
	rng := rand.New(rand.NewPCG(20240601, 7))
	found := 0
	for round := range 4000 {
		nItems := rng.IntN(40)
		vocab := 2 + rng.IntN(20)
		groups := 1 + rng.IntN(5)
		maxLen := 1 + rng.IntN(10)
		if round%5 == 0 { // large sets
			vocab, maxLen = 20+rng.IntN(60), 10+rng.IntN(30)
		}
		sparseTerms, sparseGroups := round%7 == 0, round%3 == 0
		items := make([]Item, nItems)
		for i := range items {
			terms := make([]uint32, rng.IntN(maxLen+1))
			for j := range terms {
				terms[j] = uint32(rng.IntN(vocab))
				if sparseTerms {
					terms[j] = terms[j]*2654435761 + 1<<31
				}
			}
			if rng.IntN(4) == 0 {
				terms = slices.Compact(slices.Sorted(slices.Values(terms)))
			}
			g := rng.IntN(groups)
			if sparseGroups {
				g = (g - 2) * 1_000_000_007
			}
			items[i] = Item{Group: g, Terms: terms}
		}
		// Unique ids, not in input order.
		for i, p := range rng.Perm(nItems) {
			items[i].ID = 3*p + 1
		}
		th := thresholds[rng.IntN(len(thresholds))]
		got := Find(items, th[0], th[1])
		want := bruteForce(items, th[0], th[1])
		if !slices.Equal(got, want) {
			t.Fatalf("round %d, threshold %d/%d, items %v:\nFind  %v\nbrute %v", round, th[0], th[1], items, got, want)
		}
		found += len(want)
	}
	if found < 10000 {
		t.Errorf("only %d pairs over all rounds: the inputs are too sparse to test much", found)
	}
}

func TestFindDoesNotMutate(t *testing.T) {
	items := []Item{
		{ID: 2, Group: 1, Terms: []uint32{9, 3, 3, 1}},
		{ID: 1, Group: 2, Terms: []uint32{3, 1, 9}},
		{ID: 3, Group: 3, Terms: nil},
	}
	clone := make([]Item, len(items))
	for i, it := range items {
		clone[i] = Item{ID: it.ID, Group: it.Group, Terms: slices.Clone(it.Terms)}
	}
	if got := Find(items, 3, 5); len(got) != 1 {
		t.Fatalf("Find = %v, want one pair", got)
	}
	for i := range items {
		if items[i].ID != clone[i].ID || items[i].Group != clone[i].Group || !slices.Equal(items[i].Terms, clone[i].Terms) {
			t.Errorf("items[%d] = %v, was %v", i, items[i], clone[i])
		}
	}
}

func TestInterner(t *testing.T) {
	var in Interner
	tests := []struct {
		name, term string
		want       uint32
	}{
		{"first term", "network", 0},
		{"second term", "security", 1},
		{"repeat", "network", 0},
		{"empty string is a term", "", 2},
		{"third new term", "architecture", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := in.ID(tt.term); got != tt.want {
				t.Errorf("ID(%q) = %d, want %d", tt.term, got, tt.want)
			}
		})
	}
	if in.Len() != 4 {
		t.Errorf("Len() = %d, want 4", in.Len())
	}
}
