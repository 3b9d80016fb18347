// Package suggest owns "did you mean" matching: a case-insensitive edit
// distance between words and the choice of the candidates nearest to a
// mistyped word. It knows nothing about what the words mean; callers pass
// the vocabulary (areas, verbs, study groups, time zones, …).
package suggest

import (
	"slices"
	"unicode"
)

// Distance is the Damerau-Levenshtein (optimal string alignment) distance between a and b, counted in runes, case-insensitive.
//
// One insertion, deletion, substitution or swap of two adjacent runes costs
// 1; under optimal string alignment no substring is edited twice, so
// Distance("ca", "abc") is 3, not 2. Runes are compared after Unicode
// simple case folding (the equivalence strings.EqualFold uses), so
// Distance("ACTIVITY", "activity") is 0. Each invalid UTF-8 byte counts as
// one rune, U+FFFD.
func Distance(a, b string) int {
	var m matcher
	return m.distance(fold(a, make([]rune, 0, len(a))), fold(b, make([]rune, 0, len(b))), -1)
}

// Closest returns the candidates nearest to word, best first, at most limit of them, keeping only those within a
// sensible threshold, ties broken by candidate order given.
//
// Precisely, with n the number of runes in word, a candidate is kept when
// Distance(word, candidate) <= max(1, n/3), or when n >= 2 and the
// candidate starts with word (compared case-insensitively, as Distance
// does). Kept candidates are ordered by Distance, then by their position in
// candidates; an exact match (distance 0) therefore comes first, and a
// prefix match ranks by the number of runes it adds. Duplicates in
// candidates are not removed. Closest returns nil when limit <= 0, when
// word is empty, or when nothing is near. It never modifies candidates and
// runs in O(len(candidates) × n × longest candidate) time at worst.
func Closest(word string, candidates []string, limit int) []string {
	if limit <= 0 || word == "" {
		return nil
	}
	w := fold(word, make([]rune, 0, len(word)))
	threshold := max(1, len(w)/3)
	prefixes := len(w) >= 2

	type match struct{ index, dist int }
	var (
		m       matcher
		buf     []rune
		matches []match
	)
	for i, c := range candidates {
		buf = fold(c, buf[:0])
		diff := len(buf) - len(w)
		switch {
		case prefixes && diff >= 0 && slices.Equal(buf[:len(w)], w):
			// Distance to a word plus a suffix is exactly the suffix length.
			matches = append(matches, match{i, diff})
		case diff > threshold || -diff > threshold:
			// Each rune of length difference costs at least one edit.
		default:
			if d := m.distance(w, buf, threshold); d <= threshold {
				matches = append(matches, match{i, d})
			}
		}
	}
	if len(matches) == 0 {
		return nil
	}
	slices.SortStableFunc(matches, func(x, y match) int { return x.dist - y.dist })
	matches = matches[:min(limit, len(matches))]
	out := make([]string, 0, len(matches))
	for _, mt := range matches {
		out = append(out, candidates[mt.index])
	}
	return out
}

// fold appends the case-folded runes of s to dst. Every rune of a simple
// folding orbit (K, k and the Kelvin sign K, say) maps to the same rune, the
// orbit's smallest.
func fold(s string, dst []rune) []rune {
	for _, r := range s {
		dst = append(dst, foldRune(r))
	}
	return dst
}

func foldRune(r rune) rune {
	if r < 0x80 {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	if least < 0x80 { // keep ASCII letters lower case, as the fast path does
		return foldRune(least)
	}
	return least
}

// matcher holds the dynamic-programming rows so that repeated distance
// computations reuse their memory.
type matcher struct {
	rows []int // three rows of the table, reused across calls
}

// distance is the optimal string alignment distance between a and b. When
// bound >= 0 it may stop early and return any value > bound once the
// distance is known to exceed bound; bound < 0 means no bound.
func (m *matcher) distance(a, b []rune, bound int) int {
	// A common prefix or suffix never needs editing (a swap across its edge
	// would exchange two equal runes), so only the middles are compared.
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if len(a) < len(b) {
		a, b = b, a // rows are as long as the shorter string
	}
	if len(b) == 0 {
		return len(a)
	}
	n := len(b) + 1
	if cap(m.rows) < 3*n {
		m.rows = make([]int, 3*n)
	}
	prev2, prev, cur := m.rows[:n], m.rows[n:2*n], m.rows[2*n:3*n]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			rowMin = min(rowMin, d)
		}
		// No row's minimum is below the previous row's, so once a row
		// exceeds bound the final distance does too.
		if bound >= 0 && rowMin > bound {
			return rowMin
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
