// Package overlap owns the detection of possible overlaps between
// standardization activities: pairs of items, from different groups, whose
// title term sets are similar (Jaccard similarity at or above a threshold).
//
// It knows nothing of titles or words: callers turn titles into sets of term
// ids (see Interner) and items into integer ids and groups.
package overlap

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
)

// Item is one activity to compare.
type Item struct {
	ID    int      // identifies the item in the reported pairs; should be unique
	Group int      // pairs of items of the same group are never reported
	Terms []uint32 // the item's set of term ids; order is irrelevant, duplicates are ignored
}

// Pair is two items of different groups whose term sets are similar.
type Pair struct {
	A, B       int     // item ids, A < B (A == B only for two items given the same ID)
	Similarity float64 // Jaccard similarity: |A∩B| / |A∪B|, in (0, 1]
}

// Find returns every pair of items of different groups with
// Jaccard(A.Terms, B.Terms) >= num/den, sorted by similarity descending then
// A then B ascending. Items with no terms never pair.
//
// Find is exact: the threshold check is done in integer arithmetic
// (den·|A∩B| >= num·|A∪B|), so a pair at exactly the threshold (3 shared terms
// out of 5 for 3/5) is reported. The threshold must satisfy
// 0 < num/den <= 1 with den <= math.MaxInt32 once reduced to lowest terms;
// otherwise Find returns nil, as it does when no pair qualifies.
//
// Find does not modify items or their Terms, and is safe to call
// concurrently. If two items share an ID they are still compared as distinct
// items. It uses the AllPairs/PPJoin prefix filtering algorithm (with a
// bitmap filter), so its cost grows with the number of candidate pairs
// sharing a rare term rather than with the square of len(items), and its
// memory with the total number of terms plus the number of pairs found.
func Find(items []Item, num, den int) []Pair {
	t, ok := newThreshold(num, den)
	if !ok || len(items) == 0 || len(items) > math.MaxInt32 {
		return nil
	}
	sets, ok := newSetTable(items)
	if !ok {
		return nil
	}
	return sets.join(items, t)
}

// Interner gives each distinct term a dense id: 0, 1, 2, ... in order of
// first sight, which is what Find works best with (sparse ids work too, at
// some cost). The zero value is ready to use; it holds fewer than 2^32
// terms. An Interner is not safe for concurrent use.
type Interner struct {
	ids map[string]uint32
}

// ID returns the id of term, giving it the next id if it is new.
func (in *Interner) ID(term string) uint32 {
	if id, ok := in.ids[term]; ok {
		return id
	}
	if in.ids == nil {
		in.ids = make(map[string]uint32)
	}
	id := uint32(len(in.ids))
	in.ids[term] = id
	return id
}

// Terms returns the terms seen so far in the order of their ids: interning
// them in that order into an empty Interner gives each the same id.
func (in *Interner) Terms() []string {
	out := make([]string, len(in.ids))
	for t, id := range in.ids {
		out[id] = t
	}
	return out
}

// Len returns the number of distinct terms seen so far.
func (in *Interner) Len() int {
	return len(in.ids)
}

// threshold is a similarity threshold num/den in lowest terms, with
// 0 < num <= den <= math.MaxInt32. All comparisons with it are done on int64
// products of values below 2^31, which cannot overflow.
type threshold struct {
	num, den int64
}

// newThreshold reduces num/den and reports whether it is a usable threshold.
func newThreshold(num, den int) (threshold, bool) {
	if num <= 0 || den <= 0 || num > den {
		return threshold{}, false
	}
	a, b := num, den
	for b != 0 {
		a, b = b, a%b
	}
	num, den = num/a, den/a
	if den > math.MaxInt32 {
		return threshold{}, false
	}
	return threshold{int64(num), int64(den)}, true
}

// ceilDiv returns ceil(a/b) for a >= 0, b > 0.
func ceilDiv(a, b int64) int64 {
	return (a + b - 1) / b
}

// probePrefix returns how many of the rarest terms of a set of size n must be
// looked up in the index: n - ceil(t·n) + 1. Any set y with Jaccard >= t
// shares one of them with y's indexed prefix.
func (t threshold) probePrefix(n int) int {
	return n - int(ceilDiv(t.num*int64(n), t.den)) + 1
}

// indexPrefix returns how many of the rarest terms of a set of size n must be
// indexed when sets are probed in nondecreasing size order:
// n - ceil(2t/(1+t)·n) + 1 (PPJoin).
func (t threshold) indexPrefix(n int) int {
	return n - int(ceilDiv(2*t.num*int64(n), t.num+t.den)) + 1
}

// minSize returns the smallest size ceil(t·n) a set may have to be similar to
// a set of size n.
func (t threshold) minSize(n int) int {
	return int(ceilDiv(t.num*int64(n), t.den))
}

// minOverlap returns the overlap two sets of sizes nx and ny need to be
// similar: ceil(t/(1+t)·(nx+ny)).
func (t threshold) minOverlap(nx, ny int) int {
	return int(ceilDiv(t.num*int64(nx+ny), t.num+t.den))
}

// setTable holds the items' term sets rewritten as sorted, duplicate-free
// lists of term ranks, where rank 0 is the rarest term, in nondecreasing size
// order. Set k is terms[start[k]:start[k+1]]; it belongs to the item of
// index item[k] in the caller's slice, whose group is numbered group[k]
// (groups are numbered densely, in order of first appearance). Items without
// terms are left out.
type setTable struct {
	terms   []int32
	start   []int32 // len(item)+1 offsets into terms
	item    []int32
	group   []int32
	nRanks  int // number of distinct terms
	maxSize int // size of the largest set
}

// set returns set k.
func (st *setTable) set(k int32) []int32 {
	return st.terms[st.start[k]:st.start[k+1]]
}

// size returns the size of set k.
func (st *setTable) size(k int32) int {
	return int(st.start[k+1] - st.start[k])
}

// newSetTable builds the set table of items; it reports false if the total
// number of terms does not fit in an int32.
func newSetTable(items []Item) (setTable, bool) {
	total := 0
	for i := range items {
		total += len(items[i].Terms)
	}
	if total >= math.MaxInt32 {
		return setTable{}, false
	}
	dense, nTerms := denseTerms(items, total)
	rank := ranks(dense, nTerms)

	// Each non-empty item's ranks, sorted and deduplicated, in input order.
	tmp := make([]int32, total)
	tmpStart := make([]int32, 0, len(items)+1) // offsets into tmp of each non-empty item, and the end
	tmpItem := make([]int32, 0, len(items))
	maxSize := 0
	k, w := 0, int32(0)
	for i := range items {
		n := len(items[i].Terms)
		if n == 0 {
			continue
		}
		set := tmp[w : int(w)+n]
		for j := range set {
			set[j] = rank[dense[k+j]]
		}
		k += n
		slices.Sort(set)
		set = slices.Compact(set)
		tmpStart = append(tmpStart, w)
		tmpItem = append(tmpItem, int32(i))
		w += int32(len(set))
		maxSize = max(maxSize, len(set))
	}
	tmpStart = append(tmpStart, w)
	nSets := len(tmpItem)

	// Order the sets by size, as the join needs, and within a size by
	// their rarest term, so that sets probed one after the other often
	// probe the same index lists, which are then in cache: a counting sort
	// by rarest term, then a stable one by size. slotOf[s] is the final
	// place of set s.
	byRank := make([]int32, nTerms+1) // then: next place for each rarest term
	for s := range nSets {
		byRank[tmp[tmpStart[s]]+1]++
	}
	for r := 1; r < len(byRank); r++ {
		byRank[r] += byRank[r-1]
	}
	order := make([]int32, nSets) // sets by rarest term
	for s := range nSets {
		r := tmp[tmpStart[s]]
		order[byRank[r]] = int32(s)
		byRank[r]++
	}
	slotAt := make([]int32, maxSize+2) // then: next free slot for each size
	for s := range nSets {
		slotAt[tmpStart[s+1]-tmpStart[s]+1]++
	}
	for size := 1; size < len(slotAt); size++ {
		slotAt[size] += slotAt[size-1]
	}
	slotOf := make([]int32, nSets)
	for _, s := range order {
		size := tmpStart[s+1] - tmpStart[s]
		slotOf[s] = slotAt[size]
		slotAt[size]++
	}

	st := setTable{
		terms:   make([]int32, w),
		start:   make([]int32, nSets+1),
		item:    make([]int32, nSets),
		group:   make([]int32, nSets),
		nRanks:  nTerms,
		maxSize: maxSize,
	}
	for s := range nSets {
		st.start[slotOf[s]+1] = tmpStart[s+1] - tmpStart[s]
	}
	for k := range nSets {
		st.start[k+1] += st.start[k]
	}
	groupNum := groupNumbers(items)
	for s := range nSets {
		k := slotOf[s]
		copy(st.terms[st.start[k]:st.start[k+1]], tmp[tmpStart[s]:tmpStart[s+1]])
		st.item[k] = tmpItem[s]
		st.group[k] = groupNum(items[tmpItem[s]].Group)
	}
	return st, true
}

// groupNumbers numbers the groups of items densely, in order of first
// appearance, and returns the numbering.
func groupNumbers(items []Item) func(int) int32 {
	lo, hi := math.MaxInt, math.MinInt
	for i := range items {
		lo, hi = min(lo, items[i].Group), max(hi, items[i].Group)
	}
	if lo >= 0 && hi < 4*len(items)+1024 {
		// Small non-negative group ids: a table.
		num := make([]int32, hi+1)
		n := int32(0)
		for i := range items {
			if g := items[i].Group; num[g] == 0 {
				n++
				num[g] = n
			}
		}
		return func(g int) int32 { return num[g] - 1 }
	}
	num := make(map[int]int32)
	for i := range items {
		if _, ok := num[items[i].Group]; !ok {
			num[items[i].Group] = int32(len(num))
		}
	}
	return func(g int) int32 { return num[g] }
}

// denseTerms numbers the distinct term ids of items 0, 1, ... in order of
// first appearance. It returns the number of each input term, all items'
// terms concatenated in input order (total of them), and the number of
// distinct terms.
func denseTerms(items []Item, total int) ([]int32, int) {
	maxTerm := uint32(0)
	for i := range items {
		for _, x := range items[i].Terms {
			maxTerm = max(maxTerm, x)
		}
	}
	dense := make([]int32, 0, total)
	n := int32(0)
	if uint64(maxTerm) <= 2*uint64(total)+1024 {
		// Dense enough for a table (term ids from an Interner are).
		num := make([]int32, int(maxTerm)+1)
		for i := range items {
			for _, x := range items[i].Terms {
				if num[x] == 0 {
					n++
					num[x] = n
				}
				dense = append(dense, num[x]-1)
			}
		}
	} else {
		num := make(map[uint32]int32)
		for i := range items {
			for _, x := range items[i].Terms {
				d, ok := num[x]
				if !ok {
					d = n
					num[x] = d
					n++
				}
				dense = append(dense, d)
			}
		}
	}
	return dense, int(n)
}

// ranks returns the rank of each of nTerms dense term numbers: terms ordered
// by ascending frequency in dense, ties by number. Rare terms first makes the
// prefixes, and so the index lists, short.
func ranks(dense []int32, nTerms int) []int32 {
	freq := make([]int32, nTerms)
	for _, d := range dense {
		freq[d]++
	}
	order := make([]int32, nTerms)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(freq[a], freq[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	rank := freq // freq is no longer needed
	for r, d := range order {
		rank[d] = int32(r)
	}
	return rank
}

// signature is a 64-bit bitmap summary of a set: bit h(r) is set for each
// term rank r of the set (the bitmap filter of Sandes et al., 2020). If bit
// b is set in x's signature and not in y's, x has a term that y lacks, so
//
//	|x ∩ y| <= min(|x| - popcount(x &^ y), |y| - popcount(y &^ x)).
//
// The bound is exact unless terms of a set share bits, which is rare for
// sets of a few terms; it prunes almost every false candidate without
// touching the candidate set's terms.
type signature uint64

// signatureOf returns the signature of set.
func signatureOf(set []int32) signature {
	var s signature
	for _, r := range set {
		s |= 1 << (uint32(r) * 0x9E3779B1 >> 26) // Fibonacci hashing to 6 bits
	}
	return s
}

// missing returns a lower bound of |x \ y| for sets x and y of signatures
// sx and sy.
func missing(sx, sy signature) int32 {
	return int32(bits.OnesCount64(uint64(sx &^ sy)))
}

// join finds the similar pairs of the set table (PPJoin): each set x, in
// nondecreasing size order, probes the index with its probe prefix, then is
// added to the index with its index prefix. Candidates y pass the size
// filter (|y| >= t·|x|), the bitmap filter (signature) and the group filter,
// then the prefix bound of verify and finally an exact overlap count. All
// filters are upper bounds of the overlap, so no similar pair is lost.
func (st *setTable) join(items []Item, t threshold) []Pair {
	nSets := int32(len(st.item))

	// Prefix lengths by set size, and sizeEnd[n]: the first set larger
	// than n.
	probeLen := make([]int32, st.maxSize+1)
	indexLen := make([]int32, st.maxSize+1)
	for n := 1; n <= st.maxSize; n++ {
		probeLen[n] = int32(t.probePrefix(n))
		indexLen[n] = int32(t.indexPrefix(n))
	}
	sizeEnd := make([]int32, st.maxSize+1)
	for k := range nSets {
		sizeEnd[st.size(k)] = k + 1
	}
	for n := 1; n <= st.maxSize; n++ {
		sizeEnd[n] = max(sizeEnd[n], sizeEnd[n-1])
	}

	// The index lists, for each term rank r, the sets that have r in their
	// index prefix, with their signatures: sets[first[r]:end[r]] and
	// sigs[first[r]:end[r]], in nondecreasing set order, hence size. Those
	// before first[r] were dropped by the size filter. Signatures are apart
	// from set numbers so that the scan, which rejects almost every posting
	// on its signature alone, reads as little memory as possible.
	first := make([]int32, st.nRanks+1)
	for k := range nSets {
		set := st.set(k)
		for _, r := range set[:indexLen[len(set)]] {
			first[r+1]++
		}
	}
	for r := 1; r < len(first); r++ {
		first[r] += first[r-1]
	}
	sets := make([]int32, first[st.nRanks])
	sigs := make([]signature, first[st.nRanks])
	end := slices.Clone(first[:st.nRanks])

	// need[ny] is the overlap a set of size ny needs with the current x.
	need := make([]int32, st.maxSize+1)
	needFor := -1 // the size of x that need is computed for

	count := make([]int32, nSets) // terms shared by x's probe prefix and the set's index prefix
	var touched []int32           // sets with a non-zero count
	var pairs []Pair
	for x := range nSets {
		xs := st.set(x)
		nx := int32(len(xs))
		minSize := int32(t.minSize(int(nx)))
		if int(nx) != needFor {
			for ny := minSize; ny <= nx; ny++ {
				need[ny] = int32(t.minOverlap(int(nx), int(ny)))
			}
			needFor = int(nx)
		}
		// Whatever its size, a candidate needs at least need[minSize]
		// terms of x, so it may miss at most slack of them.
		slack := nx - need[minSize]
		gx := st.group[x]
		sx := signatureOf(xs)
		px := probeLen[nx] // x's probe prefix is xs[:px]
		for _, r := range xs[:px] {
			lo, hi := first[r], end[r]
			for lo < hi && sets[lo] < sizeEnd[minSize-1] {
				lo++
			}
			first[r] = lo
			for k, sy := range sigs[lo:hi] {
				if missing(sx, sy) > slack {
					continue
				}
				y := sets[int(lo)+k]
				ny := int32(st.size(y))
				if missing(sx, sy) > nx-need[ny] || missing(sy, sx) > ny-need[ny] || st.group[y] == gx {
					continue
				}
				if count[y] == 0 {
					touched = append(touched, y)
				}
				count[y]++
			}
		}
		for _, y := range touched {
			ys := st.set(y)
			if o, ok := verify(xs, ys, px, indexLen[len(ys)], count[y], need[len(ys)]); ok {
				pairs = append(pairs, newPair(items, st.item[x], st.item[y], o, int(nx)+len(ys)-o))
			}
			count[y] = 0
		}
		touched = touched[:0]
		for _, r := range xs[:indexLen[nx]] {
			sets[end[r]] = x
			sigs[end[r]] = sx
			end[r]++
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

// verify returns |x ∩ y| and whether it is at least need, knowing that x's
// probe prefix x[:px] and y's index prefix y[:py] share c terms.
//
// Let wx = x[px-1] and wy = y[py-1]. If wx < wy, every shared term up to wx
// is in both prefixes, so it was counted in c, and the others are in
// x[px:]: |x ∩ y| = c + |x[px:] ∩ y|. Otherwise every shared term up to wy
// is in both prefixes and |x ∩ y| = c + |x ∩ y[py:]|.
func verify(x, y []int32, px, py, c, need int32) (int, bool) {
	if x[px-1] < y[py-1] {
		x = x[px:]
	} else {
		y = y[py:]
	}
	o, ok := overlap(x, y, int(need-c))
	return int(c) + o, ok
}

// overlap returns |x ∩ y| for sorted sets x and y and whether it is at
// least need. It stops as soon as need is out of reach; the count it then
// returns is only a lower bound.
func overlap(x, y []int32, need int) (int, bool) {
	o, i, j := 0, 0, 0
	for i < len(x) && j < len(y) {
		if o+min(len(x)-i, len(y)-j) < need {
			return o, false
		}
		switch {
		case x[i] < y[j]:
			i++
		case x[i] > y[j]:
			j++
		default:
			o++
			i++
			j++
		}
	}
	return o, o >= need
}

// newPair returns the pair of items[a] and items[b] with the given overlap
// and union sizes.
func newPair(items []Item, a, b int32, inter, union int) Pair {
	p := Pair{A: items[a].ID, B: items[b].ID, Similarity: float64(inter) / float64(union)}
	if p.A > p.B {
		p.A, p.B = p.B, p.A
	}
	return p
}
