// Package activityindex owns the in-memory index of the activity register: a
// compact entry per activity that answers filtered lists, searches and the
// coverage matrix without reading the store. The store keeps it up to date
// after each commit; it is rebuilt from the store at start-up. It holds ids,
// never whole records: the store reads the few records a page shows.
package activityindex

import (
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/overlap"
	"github.com/jcabot/jcabot/internal/textfold"
)

// Index is safe for concurrent use.
type Index struct {
	mu       sync.RWMutex
	aspects  []jca.Aspect
	entries  []entry // by activity id; entries[0] unused
	groups   []string
	groupIdx map[string]uint16
	statuses []jca.Status
	statIdx  map[jca.Status]uint8
	terms    overlap.Interner
	live     int // entries present and not removed
	// changes are the times of each changed activity's history entries
	// (unix nanoseconds), in order: what a report of a period asks. Kept
	// apart from the entries, which every list walks, since most
	// activities never change.
	changes map[int][]int64
}

type entry struct {
	present bool
	removed bool
	group   uint16
	status  uint8
	aspects uint16 // bit i: the i-th aspect of the vocabulary
	rev     int
	created int64 // unix nanoseconds
	updated int64 // unix nanoseconds of the last change
	terms   []uint32
	search  string // folded title, note, reference and Question
}

// New returns an empty index for the given aspects (their order sets the
// matrix columns).
func New(aspects []jca.Aspect) *Index {
	return &Index{
		aspects:  slices.Clone(aspects),
		groupIdx: map[string]uint16{},
		statIdx:  map[jca.Status]uint8{},
	}
}

// Put records the state of an activity. A Put older than the one already
// recorded (lower Rev) is ignored, so concurrent writers may report their
// commits in any order.
func (x *Index) Put(a *jca.Activity) {
	e := entry{
		present: true,
		removed: a.Removed,
		rev:     a.Rev,
		created: a.CreatedAt.UnixNano(),
		updated: max(a.CreatedAt.UnixNano(), a.UpdatedAt.UnixNano()),
		search:  textfold.Fold(a.Title + "\n" + a.Note + "\n" + a.Ref + "\n" + a.Question),
	}
	var changes []int64
	if len(a.History) > 0 {
		changes = make([]int64, len(a.History))
		for i, h := range a.History {
			changes[i] = nanos(h.At)
		}
	}
	titleTerms := textfold.Terms(a.Title)
	x.mu.Lock()
	defer x.mu.Unlock()
	for a.ID >= len(x.entries) {
		x.entries = append(x.entries, entry{})
	}
	old := x.entries[a.ID]
	if old.present && old.rev > a.Rev {
		return
	}
	if old.present && !old.removed {
		x.live--
	}
	if !e.removed {
		x.live++
	}
	e.group = x.groupID(a.Group)
	e.status = x.statusID(a.Status)
	for _, as := range a.Aspects {
		if i := slices.Index(x.aspects, as); i >= 0 {
			e.aspects |= 1 << i
		}
	}
	e.terms = make([]uint32, len(titleTerms))
	for i, t := range titleTerms {
		e.terms[i] = x.terms.ID(t)
	}
	x.entries[a.ID] = e
	x.setChanges(a.ID, changes)
}

// setChanges records id's change times (none: forgets them); x.mu is held.
func (x *Index) setChanges(id int, changes []int64) {
	if len(changes) == 0 {
		delete(x.changes, id)
		return
	}
	if x.changes == nil {
		x.changes = map[int][]int64{}
	}
	x.changes[id] = changes
}

func (x *Index) groupID(g string) uint16 {
	if i, ok := x.groupIdx[g]; ok {
		return i
	}
	i := uint16(len(x.groups))
	x.groups = append(x.groups, g)
	x.groupIdx[g] = i
	return i
}

func (x *Index) statusID(s jca.Status) uint8 {
	if i, ok := x.statIdx[s]; ok {
		return i
	}
	i := uint8(len(x.statuses))
	x.statuses = append(x.statuses, s)
	x.statIdx[s] = i
	return i
}

// Len is the number of live (not removed) activities.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.live
}

// List returns the ids of the page of live activities matching f, newest
// first, and the number of matches.
func (x *Index) List(f jca.ActivityFilter) (ids []int, total int) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	var group, status, aspect int = -1, -1, 0
	if f.Group != "" {
		g, ok := x.groupIdx[f.Group]
		if !ok {
			return nil, 0
		}
		group = int(g)
	}
	if f.Status != "" {
		s, ok := x.statIdx[f.Status]
		if !ok {
			return nil, 0
		}
		status = int(s)
	}
	if f.Aspect != "" {
		i := slices.Index(x.aspects, f.Aspect)
		if i < 0 {
			return nil, 0
		}
		aspect = 1 << i
	}
	var since int64
	if !f.Since.IsZero() {
		since = nanos(f.Since)
	}
	offset, limit := page(f.Offset, f.Limit)
	if group < 0 && status < 0 && aspect == 0 && since == 0 {
		// The whole register: the page is the newest live entries, and
		// the count is kept.
		seen := 0
		for id := len(x.entries) - 1; id > 0 && len(ids) < limit; id-- {
			if e := &x.entries[id]; e.present && !e.removed {
				if seen >= offset {
					ids = append(ids, id)
				}
				seen++
			}
		}
		return ids, x.live
	}
	for id := len(x.entries) - 1; id > 0; id-- {
		e := &x.entries[id]
		if !e.present || e.removed ||
			(group >= 0 && int(e.group) != group) ||
			(status >= 0 && int(e.status) != status) ||
			(aspect != 0 && int(e.aspects)&aspect == 0) ||
			e.created < since {
			continue
		}
		if total >= offset && len(ids) < limit {
			ids = append(ids, id)
		}
		total++
	}
	return ids, total
}

// Bounds of what UnixNano can represent (1678 to 2262).
var (
	minNanoTime = time.Unix(0, math.MinInt64)
	maxNanoTime = time.Unix(0, math.MaxInt64)
)

// nanos is t.UnixNano(), clamped to its range instead of overflowing: a
// time after 2262 is later than every record, one before 1678 earlier.
func nanos(t time.Time) int64 {
	switch {
	case t.Before(minNanoTime):
		return math.MinInt64
	case t.After(maxNanoTime):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// ChangedSince returns the ids of the activities created, changed or
// removed at or after t, oldest id first: what a digest reports.
func (x *Index) ChangedSince(t time.Time) []int {
	since := nanos(t)
	x.mu.RLock()
	defer x.mu.RUnlock()
	var ids []int
	for id := 1; id < len(x.entries); id++ {
		if e := &x.entries[id]; e.present && e.updated >= since {
			ids = append(ids, id)
		}
	}
	return ids
}

// InPeriod says which activities, removed ones included, were created or
// changed (an entry of their history) in [since, until], created by until
// (see jca.PeriodActivities); a zero since means from the beginning.
func (x *Index) InPeriod(since, until time.Time) *jca.PeriodActivities {
	from, to := int64(math.MinInt64), nanos(until)
	if !since.IsZero() {
		from = nanos(since)
	}
	in := func(t int64) bool { return t >= from && t <= to }
	out := &jca.PeriodActivities{ByGroup: map[string][]int{}}
	x.mu.RLock()
	defer x.mu.RUnlock()
	first := int64(math.MaxInt64)
	for id := 1; id < len(x.entries); id++ {
		e := &x.entries[id]
		if !e.present {
			continue
		}
		first = min(first, e.created)
		if e.created > to {
			continue
		}
		touched := in(e.created)
		changes := x.changes[id]
		for _, c := range changes {
			touched = touched || in(c)
		}
		switch {
		case !touched:
		case len(changes) > 0 && changes[len(changes)-1] > to:
			out.Later = append(out.Later, id)
		default:
			g := x.groups[e.group]
			out.ByGroup[g] = append(out.ByGroup[g], id)
			if e.removed {
				out.Removed++
			}
		}
	}
	if first != math.MaxInt64 {
		out.First = time.Unix(0, first).UTC()
	}
	return out
}

// Search returns the ids of the page of live activities whose folded text
// contains every word of query, newest first, and the number of matches.
func (x *Index) Search(query string, offset, limit int) (ids []int, total int) {
	words := textfold.Words(query)
	if len(words) == 0 {
		return nil, 0
	}
	offset, limit = page(offset, limit)
	x.mu.RLock()
	defer x.mu.RUnlock()
	for id := len(x.entries) - 1; id > 0; id-- {
		e := &x.entries[id]
		if !e.present || e.removed || !containsAll(e.search, words) {
			continue
		}
		if total >= offset && len(ids) < limit {
			ids = append(ids, id)
		}
		total++
	}
	return ids, total
}

func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

func page(offset, limit int) (int, int) {
	if offset < 0 {
		offset = 0
	}
	if limit <= 0 {
		limit = jca.PageSize
	}
	if limit > jca.MaxPageSize {
		limit = jca.MaxPageSize
	}
	return offset, limit
}

// Matrix analyses the live activities against the vocabulary: counts per
// group and aspect, gaps and overlaps (see jca.Matrix).
func (x *Index) Matrix(v *jca.Vocabulary) *jca.Matrix {
	x.mu.RLock()
	m := &jca.Matrix{Aspects: slices.Clone(x.aspects), AspectTotals: make([]int, len(x.aspects))}
	rows := make([]jca.MatrixRow, len(x.groups))
	var items []overlap.Item
	for id := 1; id < len(x.entries); id++ {
		e := &x.entries[id]
		if !e.present || e.removed {
			continue
		}
		m.Total++
		r := &rows[e.group]
		if r.Counts == nil {
			r.Group = x.groups[e.group]
			r.Counts = make([]int, len(x.aspects))
		}
		r.Total++
		for i := range x.aspects {
			if e.aspects&(1<<i) != 0 {
				r.Counts[i]++
				m.AspectTotals[i]++
			}
		}
		if len(e.terms) > 0 {
			items = append(items, overlap.Item{ID: id, Group: int(e.group), Terms: e.terms})
		}
	}
	pairs := overlap.Find(items, jca.OverlapNum, jca.OverlapDen)
	for i, p := range pairs {
		if i == jca.MaxOverlaps {
			break
		}
		m.Overlaps = append(m.Overlaps, jca.Overlap{A: p.A, B: p.B, Similarity: p.Similarity,
			GroupA: x.groups[x.entries[p.A].group], GroupB: x.groups[x.entries[p.B].group]})
	}
	x.mu.RUnlock()

	order := v.BodyNames()
	slices.SortStableFunc(rows, func(a, b jca.MatrixRow) int {
		ia, ib := slices.Index(order, a.Group), slices.Index(order, b.Group)
		if ia < 0 {
			ia = len(order)
		}
		if ib < 0 {
			ib = len(order)
		}
		return ia - ib
	})
	for _, r := range rows {
		if r.Counts != nil {
			m.Rows = append(m.Rows, r)
		}
	}
	for i, a := range m.Aspects {
		if m.AspectTotals[i] == 0 {
			m.EmptyAspects = append(m.EmptyAspects, a)
		}
	}
	for _, g := range v.GroupCodes() {
		if !slices.ContainsFunc(m.Rows, func(r jca.MatrixRow) bool { return r.Group == g }) {
			m.SilentGroups = append(m.SilentGroups, g)
		}
	}
	m.OverlapTotal = len(pairs)
	return m
}
