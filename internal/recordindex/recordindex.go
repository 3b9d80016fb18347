// Package recordindex keeps an in-memory index of one kind of record (the
// topics, the joint groups, the liaison statements): per record a compact
// entry — its folded searchable text, its tags ("status=open",
// "body=IETF", "reply=5") and a deadline — and, per tag, the ids that carry
// it. It answers filtered pages, searches and counts in time proportional
// to the ids a tag holds, or, for a search, to the entries it compares,
// without decoding a record. The store keeps it up to date after each
// commit and reads only the records of the page it returns.
package recordindex

import (
	"slices"
	"strings"
	"sync"

	"github.com/jcabot/jcabot/internal/textfold"
)

// Entry is what the index keeps of one record.
type Entry struct {
	ID  int
	Rev int // a Put of a lower Rev than the one kept is ignored
	// Text is the searchable text, as written: the index folds it.
	Text string
	// Tags are the record's facets, each "name=value"; a Query asks for
	// every one of its tags.
	Tags []string
	// Due is a deadline in Unix nanoseconds, 0 for none.
	Due int64
}

type entry struct {
	rev    int
	folded string
	tags   []string
	due    int64
}

// Index is safe for concurrent use. The zero value is empty and ready.
type Index struct {
	mu      sync.RWMutex
	entries map[int]*entry
	ids     []int            // every id, ascending
	byTag   map[string][]int // ids carrying a tag, ascending
}

// Put records e. Records are never deleted: a record's entry changes with
// it. Concurrent writers may report their commits in any order: a Put
// older than the entry kept (lower Rev) changes nothing.
func (x *Index) Put(e Entry) {
	n := &entry{rev: e.Rev, folded: textfold.Fold(e.Text), tags: slices.Compact(slices.Sorted(slices.Values(e.Tags))), due: e.Due}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.entries == nil {
		x.entries, x.byTag = map[int]*entry{}, map[string][]int{}
	}
	old, had := x.entries[e.ID]
	if had && old.rev > e.Rev {
		return
	}
	x.entries[e.ID] = n
	if !had {
		x.ids = insert(x.ids, e.ID)
	}
	for _, t := range n.tags {
		if !had || !slices.Contains(old.tags, t) {
			x.byTag[t] = insert(x.byTag[t], e.ID)
		}
	}
	if had {
		for _, t := range old.tags {
			if !slices.Contains(n.tags, t) {
				x.byTag[t] = remove(x.byTag[t], e.ID)
				if len(x.byTag[t]) == 0 {
					delete(x.byTag, t)
				}
			}
		}
	}
}

// Reset forgets every entry (before the index is filled again).
func (x *Index) Reset() {
	x.mu.Lock()
	x.entries, x.ids, x.byTag = nil, nil, nil
	x.mu.Unlock()
}

// Query chooses records.
type Query struct {
	Tags []string // every one of these
	// Words: every word of this text, folded, in the record's text ("" for
	// any record).
	Words string
	// DueBefore, when non-zero, keeps records with a deadline before it
	// (Unix nanoseconds).
	DueBefore int64
	// Offset and Limit cut the page of ids returned; Limit 0 returns none
	// (only the total), a negative Limit every match.
	Offset, Limit int
}

// Find returns the ids of the page of matches, newest (highest id) first,
// and the number of matches. It walks the ids of the query's rarest tag
// (every id when it has none).
func (x *Index) Find(q Query) (ids []int, total int) {
	var words []string
	if q.Words != "" {
		if words = textfold.Words(q.Words); len(words) == 0 {
			return nil, 0
		}
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	cand, rest := x.ids, q.Tags
	for i, t := range q.Tags {
		if l := x.byTag[t]; i == 0 || len(l) < len(cand) {
			cand = l
			rest = slices.Concat(q.Tags[:i], q.Tags[i+1:])
		}
	}
	limit := q.Limit
	if limit < 0 {
		limit = len(cand)
	}
	for i := len(cand) - 1; i >= 0; i-- {
		e := x.entries[cand[i]]
		if !hasAll(e.tags, rest) || (q.DueBefore != 0 && (e.due == 0 || e.due >= q.DueBefore)) || !containsAll(e.folded, words) {
			continue
		}
		if total >= q.Offset && len(ids) < limit {
			ids = append(ids, cand[i])
		}
		total++
	}
	return ids, total
}

// Count returns, for every tag beginning with prefix ("body="), how many
// records carry both it and every tag of also, keyed by the rest of the
// tag ("IETF").
func (x *Index) Count(prefix string, also ...string) map[string]int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := map[string]int{}
	for t, ids := range x.byTag {
		value, ok := strings.CutPrefix(t, prefix)
		if !ok {
			continue
		}
		n := 0
		for _, id := range ids {
			if hasAll(x.entries[id].tags, also) {
				n++
			}
		}
		if n > 0 {
			out[value] = n
		}
	}
	return out
}

// Len is the number of entries.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.ids)
}

// hasAll reports whether the sorted tags hold every one of want.
func hasAll(tags, want []string) bool {
	for _, w := range want {
		if _, ok := slices.BinarySearch(tags, w); !ok {
			return false
		}
	}
	return true
}

func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// insert adds id to the ascending ids; ids arrive mostly in order, so the
// common case is an append.
func insert(ids []int, id int) []int {
	if n := len(ids); n == 0 || ids[n-1] < id {
		return append(ids, id)
	}
	i, found := slices.BinarySearch(ids, id)
	if found {
		return ids
	}
	return slices.Insert(ids, i, id)
}

func remove(ids []int, id int) []int {
	if i, found := slices.BinarySearch(ids, id); found {
		return slices.Delete(ids, i, i+1)
	}
	return ids
}
