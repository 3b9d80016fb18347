package activityindex

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/jca"
)

var (
	aspects = []jca.Aspect{"evolution", "capacity", "continuity", "interoperability", "security"}
	epoch   = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

// act is activity id of group, created id hours after epoch, at Rev 1.
func act(id int, group, title string, as ...jca.Aspect) *jca.Activity {
	return &jca.Activity{
		ID:        id,
		Group:     group,
		Title:     title,
		Status:    "under-study",
		Aspects:   as,
		CreatedAt: epoch.Add(time.Duration(id) * time.Hour),
		Rev:       1,
	}
}

func defaultVocabulary(t *testing.T) *jca.Vocabulary {
	t.Helper()
	v, err := jca.NewVocabulary(jca.DefaultVocabulary())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func ids(n ...int) []int { return n }

func TestPutIgnoresAnOlderRev(t *testing.T) {
	x := New(aspects)
	newer := act(1, "SG13", "Newer title", "security")
	newer.Status, newer.Rev = "approved", 3
	x.Put(newer)

	older := act(1, "SG17", "Older title", "capacity")
	older.Rev = 2
	x.Put(older)

	if got, _ := x.List(jca.ActivityFilter{Group: "SG13", Status: "approved", Aspect: "security"}); !slices.Equal(got, ids(1)) {
		t.Errorf("the newer state was replaced by an older one: List = %v", got)
	}
	if got, total := x.List(jca.ActivityFilter{Group: "SG17"}); got != nil || total != 0 {
		t.Errorf("the older state shows: %v, %d", got, total)
	}
	if _, total := x.Search("older", 0, 0); total != 0 {
		t.Error("the older title is searchable")
	}

	// A stale write from before a removal does not bring the activity back.
	removed := act(1, "SG13", "Newer title", "security")
	removed.Removed, removed.Rev = true, 4
	x.Put(removed)
	stale := act(1, "SG13", "Newer title", "security")
	stale.Rev = 3
	x.Put(stale)
	if x.Len() != 0 {
		t.Errorf("a stale Put resurrected a removed activity: Len = %d", x.Len())
	}

	// A newer Rev replaces the entry.
	back := act(1, "SG17", "Restored", "capacity")
	back.Rev = 5
	x.Put(back)
	if got, _ := x.List(jca.ActivityFilter{Group: "SG17"}); !slices.Equal(got, ids(1)) {
		t.Errorf("a newer Rev was ignored: %v", got)
	}
	if got, _ := x.List(jca.ActivityFilter{Group: "SG13"}); got != nil {
		t.Errorf("the old group still lists it: %v", got)
	}
}

// fixture is a small register: ids 1..8, created one hour apart.
func fixture(t *testing.T) *Index {
	t.Helper()
	x := New(aspects)
	put := func(a *jca.Activity, status jca.Status) {
		a.Status = status
		x.Put(a)
	}
	put(act(1, "SG13", "Network requirements for IMT-2030", "capacity", "evolution"), "under-study")
	put(act(2, "SG17", "Security of DNS resolvers", "security"), "approved")
	put(act(3, "SG13", "Cloud computing interoperability", "interoperability", "security"), "approved")
	put(act(4, "IETF", "DNS privacy", "security"), "under-study")
	put(act(5, "SG13", "Removed later", "security"), "approved")
	put(act(6, "JCA-Res.178", "Roadmap", "evolution"), "agreed")
	put(act(7, "SG17", "Identity management"), "consented")
	put(act(8, "SG13", "Future networks", "evolution"), "under-study")
	gone := act(5, "SG13", "Removed later", "security")
	gone.Status, gone.Removed, gone.Rev = "approved", true, 2
	x.Put(gone)
	return x
}

func TestListFilters(t *testing.T) {
	x := fixture(t)
	tests := []struct {
		name  string
		f     jca.ActivityFilter
		ids   []int
		total int
	}{
		{"everything live, newest first", jca.ActivityFilter{}, ids(8, 7, 6, 4, 3, 2, 1), 7},
		{"group", jca.ActivityFilter{Group: "SG13"}, ids(8, 3, 1), 3},
		{"organization", jca.ActivityFilter{Group: "IETF"}, ids(4), 1},
		{"group with nothing logged", jca.ActivityFilter{Group: "SG2"}, nil, 0},
		{"status", jca.ActivityFilter{Status: "approved"}, ids(3, 2), 2},
		{"status nobody has", jca.ActivityFilter{Status: "deleted"}, nil, 0},
		{"aspect", jca.ActivityFilter{Aspect: "security"}, ids(4, 3, 2), 3},
		{"aspect nobody serves", jca.ActivityFilter{Aspect: "continuity"}, nil, 0},
		{"aspect outside the vocabulary", jca.ActivityFilter{Aspect: "privacy"}, nil, 0},
		{"since, inclusive", jca.ActivityFilter{Since: epoch.Add(4 * time.Hour)}, ids(8, 7, 6, 4), 4},
		{"since, between two", jca.ActivityFilter{Since: epoch.Add(4*time.Hour + time.Nanosecond)}, ids(8, 7, 6), 3},
		{"since in another zone is the same instant", jca.ActivityFilter{Since: epoch.Add(4 * time.Hour).In(time.FixedZone("", 9*3600))}, ids(8, 7, 6, 4), 4},
		{"since after everything", jca.ActivityFilter{Since: epoch.Add(100 * time.Hour)}, nil, 0},
		{"since past 2262, beyond UnixNano", jca.ActivityFilter{Since: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)}, nil, 0},
		{"since in 9999", jca.ActivityFilter{Since: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)}, nil, 0},
		{"since before 1678", jca.ActivityFilter{Since: time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)}, ids(8, 7, 6, 4, 3, 2, 1), 7},
		{"group and status", jca.ActivityFilter{Group: "SG13", Status: "approved"}, ids(3), 1},
		{"group and aspect", jca.ActivityFilter{Group: "SG13", Aspect: "evolution"}, ids(8, 1), 2},
		{"group, aspect and since", jca.ActivityFilter{Group: "SG13", Aspect: "evolution", Since: epoch.Add(2 * time.Hour)}, ids(8), 1},
		{"every filter, no match", jca.ActivityFilter{Group: "SG17", Status: "approved", Aspect: "evolution"}, nil, 0},
		{"first page", jca.ActivityFilter{Limit: 3}, ids(8, 7, 6), 7},
		{"second page", jca.ActivityFilter{Offset: 3, Limit: 3}, ids(4, 3, 2), 7},
		{"last, partial page", jca.ActivityFilter{Offset: 6, Limit: 3}, ids(1), 7},
		{"past the end: no ids, the total still counted", jca.ActivityFilter{Offset: 7, Limit: 3}, nil, 7},
		{"negative offset is the first page", jca.ActivityFilter{Offset: -5, Limit: 2}, ids(8, 7), 7},
		{"paging a filtered list", jca.ActivityFilter{Group: "SG13", Offset: 1, Limit: 1}, ids(3), 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total := x.List(tt.f)
			if !slices.Equal(got, tt.ids) || total != tt.total {
				t.Errorf("List(%+v) = %v, %d; want %v, %d", tt.f, got, total, tt.ids, tt.total)
			}
		})
	}
}

func TestListPageSizes(t *testing.T) {
	x := New(aspects)
	const n = 150
	for id := 1; id <= n; id++ {
		x.Put(act(id, "SG13", fmt.Sprint("Item ", id)))
	}
	tests := []struct {
		name  string
		limit int
		want  int
	}{
		{"zero means a page", 0, jca.PageSize},
		{"negative means a page", -1, jca.PageSize},
		{"asked for", 7, 7},
		{"capped", 1000, jca.MaxPageSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total := x.List(jca.ActivityFilter{Limit: tt.limit})
			if len(got) != tt.want || total != n {
				t.Errorf("%d ids of %d, want %d of %d", len(got), total, tt.want, n)
			}
			if got[0] != n || got[len(got)-1] != n-tt.want+1 {
				t.Errorf("not the newest %d: %v...%v", tt.want, got[0], got[len(got)-1])
			}
			sgot, stotal := x.Search("item", 0, tt.limit)
			if len(sgot) != tt.want || stotal != n {
				t.Errorf("Search: %d ids of %d, want %d of %d", len(sgot), stotal, tt.want, n)
			}
		})
	}
}

func TestRemovedEntriesHidden(t *testing.T) {
	x := New(aspects)
	x.Put(act(1, "SG13", "Quantum key distribution networks", "security"))
	x.Put(act(2, "IETF", "Quantum key distribution networks", "continuity"))
	if m := x.Matrix(defaultVocabulary(t)); m.OverlapTotal != 1 {
		t.Fatalf("fixture: %d overlaps, want 1", m.OverlapTotal)
	}
	gone := act(2, "IETF", "Quantum key distribution networks", "continuity")
	gone.Removed, gone.Rev = true, 2
	x.Put(gone)

	if x.Len() != 1 {
		t.Errorf("Len = %d, want 1", x.Len())
	}
	if got, total := x.List(jca.ActivityFilter{}); !slices.Equal(got, ids(1)) || total != 1 {
		t.Errorf("List = %v, %d", got, total)
	}
	if got, total := x.List(jca.ActivityFilter{Group: "IETF"}); got != nil || total != 0 {
		t.Errorf("List by the removed one's group = %v, %d", got, total)
	}
	if got, total := x.Search("quantum", 0, 0); !slices.Equal(got, ids(1)) || total != 1 {
		t.Errorf("Search = %v, %d", got, total)
	}
	m := x.Matrix(defaultVocabulary(t))
	if m.Total != 1 || len(m.Rows) != 1 || m.Rows[0].Group != "SG13" {
		t.Errorf("matrix counts the removed activity: total %d, rows %+v", m.Total, m.Rows)
	}
	if !slices.Contains(m.EmptyAspects, "continuity") {
		t.Errorf("continuity served only by a removed activity, yet not empty: %v", m.EmptyAspects)
	}
	if m.OverlapTotal != 0 || m.Overlaps != nil {
		t.Errorf("overlap with a removed activity: %+v", m.Overlaps)
	}
}

func TestSearch(t *testing.T) {
	x := New(aspects)
	a1 := act(1, "SG13", "Réseaux électriques intelligents", "evolution")
	a1.Note = "Voir la Recommandation UIT-T"
	a2 := act(2, "SG17", "Sécurité des réseaux", "security")
	a2.Ref = "X.1500"
	a3 := act(3, "SG13", "Framework for NETWORK slicing", "capacity")
	a3.Question = "Q16/13"
	a3.Ref = "Y.3001"
	a4 := act(4, "IETF", "ÉLECTRIQUE grid signalling", "interoperability")
	a4.Note = "Coordination with smart-grid work"
	for _, a := range []*jca.Activity{a1, a2, a3, a4} {
		x.Put(a)
	}
	tests := []struct {
		name  string
		query string
		ids   []int
	}{
		{"accents and case folded in the query", "RESEAUX", ids(2, 1)},
		{"accents and case folded in the text", "réseaux", ids(2, 1)},
		{"every word must match (AND)", "reseaux securite", ids(2)},
		{"one word missing, no match", "reseaux slicing", nil},
		{"words in any order", "electriques reseaux", ids(1)},
		{"part of a word", "electr", ids(4, 1)},
		{"upper-case text", "network", ids(3)},
		{"the note", "recommandation", ids(1)},
		{"the note, with a joiner", "smart-grid", ids(4)},
		{"the reference", "y.3001", ids(3)},
		{"the reference, upper case", "X.1500", ids(2)},
		{"the Question", "Q16/13", ids(3)},
		{"punctuation ignored", "« réseaux » !", ids(2, 1)},
		{"nothing matches", "satellite", nil},
		{"empty query", "", nil},
		{"punctuation only", "?!", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total := x.Search(tt.query, 0, 0)
			if !slices.Equal(got, tt.ids) || total != len(tt.ids) {
				t.Errorf("Search(%q) = %v, %d; want %v", tt.query, got, total, tt.ids)
			}
		})
	}
	if got, total := x.Search("reseaux", 1, 1); !slices.Equal(got, ids(1)) || total != 2 {
		t.Errorf("second page of one = %v, %d; want [1], 2", got, total)
	}
}

func TestMatrix(t *testing.T) {
	x := New(aspects)
	// Put in an order unlike the vocabulary's, so the rows must be sorted.
	x.Put(act(1, "SG13", "Quantum key distribution network framework", "security", "interoperability"))
	x.Put(act(2, "IETF", "Framework for the quantum key distribution network", "security"))
	x.Put(act(3, "SG13", "Quantum key distribution network framework", "capacity"))
	x.Put(act(4, "SG17", "Identity management"))
	x.Put(act(5, "JCA-Res.178", "Roadmap of Internet-related work", "evolution"))
	x.Put(act(6, "TSAG", "Working methods", "security"))
	x.Put(act(7, "SG2", "Numbering", "continuity"))
	x.Put(act(8, "SG99", "A group from an older vocabulary"))
	gone := act(7, "SG2", "Numbering", "continuity")
	gone.Removed, gone.Rev = true, 2
	x.Put(gone)

	v := defaultVocabulary(t)
	m := x.Matrix(v)

	if !slices.Equal(m.Aspects, aspects) {
		t.Errorf("columns %v, want %v", m.Aspects, aspects)
	}
	if m.Total != 7 {
		t.Errorf("Total %d, want 7", m.Total)
	}
	wantRows := []jca.MatrixRow{
		{Group: "TSAG", Counts: []int{0, 0, 0, 0, 1}, Total: 1},
		{Group: "SG13", Counts: []int{0, 1, 0, 1, 1}, Total: 2},
		{Group: "SG17", Counts: []int{0, 0, 0, 0, 0}, Total: 1},
		{Group: "JCA-Res.178", Counts: []int{1, 0, 0, 0, 0}, Total: 1},
		{Group: "IETF", Counts: []int{0, 0, 0, 0, 1}, Total: 1},
		{Group: "SG99", Counts: []int{0, 0, 0, 0, 0}, Total: 1},
	}
	if len(m.Rows) != len(wantRows) {
		t.Fatalf("rows %+v, want %+v", m.Rows, wantRows)
	}
	for i, want := range wantRows {
		got := m.Rows[i]
		if got.Group != want.Group || !slices.Equal(got.Counts, want.Counts) || got.Total != want.Total {
			t.Errorf("row %d = %+v, want %+v", i, got, want)
		}
	}
	if want := []int{1, 1, 0, 1, 3}; !slices.Equal(m.AspectTotals, want) {
		t.Errorf("aspect totals %v, want %v", m.AspectTotals, want)
	}
	if want := []jca.Aspect{"continuity"}; !slices.Equal(m.EmptyAspects, want) {
		t.Errorf("empty aspects %v, want %v", m.EmptyAspects, want)
	}
	// Study groups only, in vocabulary order; SG2's one activity was removed.
	if want := []string{"SG2", "SG3", "SG5", "SG11", "SG12", "SG15", "SG20", "SG21"}; !slices.Equal(m.SilentGroups, want) {
		t.Errorf("silent groups %v, want %v", m.SilentGroups, want)
	}
	// have the same title but the same group: not an overlap.
	wantOverlaps := []jca.Overlap{
		{A: 1, B: 2, GroupA: "SG13", GroupB: "IETF", Similarity: 1},
		{A: 2, B: 3, GroupA: "IETF", GroupB: "SG13", Similarity: 1},
	}
	if !slices.Equal(m.Overlaps, wantOverlaps) || m.OverlapTotal != 2 {
		t.Errorf("overlaps %+v (total %d), want %+v", m.Overlaps, m.OverlapTotal, wantOverlaps)
	}
}

func TestMatrixRowsFollowTheVocabulary(t *testing.T) {
	x := New(aspects)
	x.Put(act(1, "IETF", "a"))
	x.Put(act(2, "SG13", "b"))
	x.Put(act(3, "ISO", "c"))
	x.Put(act(4, "SG9", "d"))
	x.Put(act(5, "JCA-Res.178", "e"))
	x.Put(act(6, "SG16", "f"))
	x.Put(act(7, "W3C", "g"))
	vf := jca.DefaultVocabulary()
	vf.Groups = []jca.Group{{Code: "SG16"}, {Code: "SG9"}, {Code: "SG13"}, {Code: "SG17"}}
	vf.Organizations = []jca.Organization{{Short: "W3C"}, {Short: "ISO"}, {Short: "IETF"}}
	v, err := jca.NewVocabulary(vf)
	if err != nil {
		t.Fatal(err)
	}
	m := x.Matrix(v)
	var got []string
	for _, r := range m.Rows {
		got = append(got, r.Group)
	}
	if want := []string{"SG16", "SG9", "SG13", "JCA-Res.178", "W3C", "ISO", "IETF"}; !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	if want := []string{"SG17"}; !slices.Equal(m.SilentGroups, want) {
		t.Errorf("silent groups %v, want %v", m.SilentGroups, want)
	}
}

func TestMatrixEmpty(t *testing.T) {
	v := defaultVocabulary(t)
	m := New(aspects).Matrix(v)
	if m.Total != 0 || m.Rows != nil || m.Overlaps != nil || m.OverlapTotal != 0 {
		t.Errorf("empty register: %+v", m)
	}
	if !slices.Equal(m.EmptyAspects, aspects) {
		t.Errorf("empty aspects %v, want all", m.EmptyAspects)
	}
	if !slices.Equal(m.SilentGroups, v.GroupCodes()) {
		t.Errorf("silent groups %v, want all %v", m.SilentGroups, v.GroupCodes())
	}
	if !slices.Equal(m.AspectTotals, []int{0, 0, 0, 0, 0}) {
		t.Errorf("aspect totals %v", m.AspectTotals)
	}
}

func TestMatrixOverlapThreshold(t *testing.T) {
	tests := []struct {
		name   string
		a, b   string // titles, of SG13 and SG17
		sim    float64
		report bool
	}{
		{"identical", "Quantum key distribution", "Quantum key distribution", 1, true},
		{"case, accents and stop words ignored", "Sécurité des réseaux optiques", "securite reseaux OPTIQUES", 1, true},
		{"exactly 0.6: 3 shared of 5", "alpha beta gamma delta", "alpha beta gamma epsilon", 0.6, true},
		{"under 0.6: 2 shared of 4", "alpha beta gamma", "alpha beta delta", 0, false},
		{"nothing shared", "alpha beta", "gamma delta", 0, false},
		{"stop words alone never pair", "the of and", "the of and", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := New(aspects)
			x.Put(act(1, "SG13", tt.a))
			x.Put(act(2, "SG17", tt.b))
			m := x.Matrix(defaultVocabulary(t))
			if !tt.report {
				if m.OverlapTotal != 0 || len(m.Overlaps) != 0 {
					t.Errorf("reported %+v", m.Overlaps)
				}
				return
			}
			if m.OverlapTotal != 1 || len(m.Overlaps) != 1 {
				t.Fatalf("overlaps %+v, total %d; want one", m.Overlaps, m.OverlapTotal)
			}
			if o := m.Overlaps[0]; o.A != 1 || o.B != 2 || o.GroupA != "SG13" || o.GroupB != "SG17" || o.Similarity != tt.sim {
				t.Errorf("overlap %+v, want A-1 (SG13) and A-2 (SG17) at %v", o, tt.sim)
			}
		})
	}
}

func TestMatrixShowsAtMostMaxOverlaps(t *testing.T) {
	x := New(aspects)
	const pairs = jca.MaxOverlaps + 7
	for i := range pairs {
		title := fmt.Sprintf("Topic%d area%d study%d", i, i, i)
		x.Put(act(2*i+1, "SG13", title))
		x.Put(act(2*i+2, "IETF", title))
	}
	// A weaker pair, with the most recent ids: shown only if there is room.
	x.Put(act(2*pairs+1, "SG17", "alpha beta gamma delta"))
	x.Put(act(2*pairs+2, "SG20", "alpha beta gamma epsilon"))

	m := x.Matrix(defaultVocabulary(t))
	if m.OverlapTotal != pairs+1 {
		t.Errorf("OverlapTotal %d, want %d", m.OverlapTotal, pairs+1)
	}
	if len(m.Overlaps) != jca.MaxOverlaps {
		t.Fatalf("%d overlaps shown, want %d", len(m.Overlaps), jca.MaxOverlaps)
	}
	for i, o := range m.Overlaps {
		if o.A != 2*i+1 || o.B != 2*i+2 || o.GroupA != "SG13" || o.GroupB != "IETF" || o.Similarity != 1 {
			t.Errorf("overlap %d = %+v, want the best pairs first, by id", i, o)
		}
	}
}

func TestNewCopiesTheAspects(t *testing.T) {
	cols := slices.Clone(aspects)
	x := New(cols)
	cols[0] = "changed"
	x.Put(act(1, "SG13", "t", "evolution"))
	if got, _ := x.List(jca.ActivityFilter{Aspect: "evolution"}); !slices.Equal(got, ids(1)) {
		t.Errorf("the index shares the caller's slice: %v", got)
	}
	if m := x.Matrix(defaultVocabulary(t)); m.Aspects[0] != "evolution" {
		t.Errorf("matrix columns changed: %v", m.Aspects)
	}
}

// TestConcurrentPutAndRead: writers report revisions out of order while
// readers list, search and analyse; run with -race. At the end every
// activity holds its highest revision.
func TestConcurrentPutAndRead(t *testing.T) {
	const writers, perWriter, revs = 4, 50, 5
	x := New(aspects)
	statuses := []jca.Status{"under-study", "consented", "last-call", "determined", "approved"}
	words := []string{"one", "two", "three", "four", "five"}
	v := defaultVocabulary(t)

	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				id := w*perWriter + i + 1
				// Highest revision first, then the stale ones.
				for r := revs; r >= 1; r-- {
					a := act(id, v.GroupCodes()[id%len(v.Groups)], fmt.Sprintf("Work item %d revision %s", id, words[r-1]), aspects[r%len(aspects)])
					a.Rev, a.Status = r, statuses[r-1]
					x.Put(a)
				}
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 50 {
				x.List(jca.ActivityFilter{Status: "approved", Limit: 10})
				x.Search("work item", 0, 5)
				x.Matrix(v)
				x.Len()
			}
		})
	}
	wg.Wait()

	const n = writers * perWriter
	if x.Len() != n {
		t.Errorf("Len %d, want %d", x.Len(), n)
	}
	if _, total := x.List(jca.ActivityFilter{Status: statuses[revs-1]}); total != n {
		t.Errorf("%d activities at their last revision, want %d", total, n)
	}
	if _, total := x.Search("revision "+words[revs-1], 0, 0); total != n {
		t.Errorf("%d titles of the last revision, want %d", total, n)
	}
	if _, total := x.List(jca.ActivityFilter{Aspect: aspects[revs%len(aspects)]}); total != n {
		t.Errorf("%d with the last revision's aspect, want %d", total, n)
	}
	if m := x.Matrix(v); m.Total != n {
		t.Errorf("matrix total %d, want %d", m.Total, n)
	}
}

// The unfiltered list (the kept count, newest entries) agrees with a
// filtered walk that keeps everything, through removals, restorations and
// stale Puts.
func TestUnfilteredListAgreesWithAWalk(t *testing.T) {
	x := New(aspects)
	revs := map[int]int{}
	for step := 0; step < 2000; step++ {
		id := 1 + (step*7919)%400
		a := act(id, "SG13", fmt.Sprint("title ", id))
		revs[id]++
		a.Rev, a.Removed = revs[id], step%3 == 0
		x.Put(a)
		if step%5 == 0 { // a late report of an older revision
			old := act(id, "SG13", "old")
			old.Rev, old.Removed = revs[id]-1, !a.Removed
			x.Put(old)
		}
	}
	everything := epoch.AddDate(-1, 0, 0) // a Since before every entry: the filtered walk
	for _, p := range []struct{ offset, limit int }{{0, 20}, {13, 50}, {390, 100}, {1000, 10}} {
		got, total := x.List(jca.ActivityFilter{Offset: p.offset, Limit: p.limit})
		want, wantTotal := x.List(jca.ActivityFilter{Offset: p.offset, Limit: p.limit, Since: everything})
		if !slices.Equal(got, want) || total != wantTotal || total != x.Len() {
			t.Fatalf("page %+v: %v (%d), want %v (%d), len %d", p, got, total, want, wantTotal, x.Len())
		}
	}
}

// A snapshot loads into an index that answers every question as the
// original does; one made for other aspects, or damaged anywhere, is
// refused without a panic.
func TestSnapshotRoundTrip(t *testing.T) {
	v := defaultVocabulary(t)
	x := New(v.Aspects)
	groups := []string{"SG13", "SG17", "IETF", "SG2"}
	for id := 1; id <= 600; id++ {
		if id%97 == 0 {
			continue // a gap: ids never reused
		}
		a := act(id, groups[id%4], fmt.Sprintf("network security %d quantum %d", id%13, id%7), v.Aspects[id%len(v.Aspects)])
		a.Status = v.Statuses[id%len(v.Statuses)]
		if id%5 == 0 {
			a.History = []jca.Change{{At: a.CreatedAt.Add(time.Hour)}, {At: a.CreatedAt.Add(30 * 24 * time.Hour)}}
			a.UpdatedAt = a.History[1].At
		}
		a.Removed = id%11 == 0
		x.Put(a)
	}
	snap := x.AppendSnapshot(nil)
	y, err := Load(v.Aspects, snap)
	if err != nil {
		t.Fatal(err)
	}
	same := func(what string, a, b any) {
		t.Helper()
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatalf("%s differs after loading:\n%v\n%v", what, a, b)
		}
	}
	for _, f := range []jca.ActivityFilter{{Limit: 50}, {Group: "SG17", Limit: 100}, {Status: v.Statuses[1], Offset: 3, Limit: 7},
		{Aspect: v.Aspects[2], Limit: 100}, {Since: epoch.Add(200 * time.Hour), Limit: 100}} {
		ids1, n1 := x.List(f)
		ids2, n2 := y.List(f)
		same(fmt.Sprintf("list %+v", f), fmt.Sprint(ids1, n1), fmt.Sprint(ids2, n2))
	}
	ids1, n1 := x.Search("quantum 3", 0, 100)
	ids2, n2 := y.Search("quantum 3", 0, 100)
	same("search", fmt.Sprint(ids1, n1), fmt.Sprint(ids2, n2))
	same("matrix", x.Matrix(v), y.Matrix(v))
	same("period", x.InPeriod(epoch.Add(100*time.Hour), epoch.Add(400*time.Hour)), y.InPeriod(epoch.Add(100*time.Hour), epoch.Add(400*time.Hour)))
	same("changed since", x.ChangedSince(epoch.Add(300*time.Hour)), y.ChangedSince(epoch.Add(300*time.Hour)))
	if x.Len() != y.Len() {
		t.Fatalf("len %d, loaded %d", x.Len(), y.Len())
	}
	// The loaded index goes on taking writes.
	late := act(601, "SG13", "after the load")
	y.Put(late)
	if ids, _ := y.List(jca.ActivityFilter{Limit: 1}); len(ids) != 1 || ids[0] != 601 {
		t.Fatalf("after a put: %v", ids)
	}
	if again := x.AppendSnapshot(nil); !slices.Equal(again, snap) {
		t.Fatal("two snapshots of the same index differ")
	}

	if _, err := Load(v.Aspects[:3], snap); err == nil {
		t.Fatal("a snapshot for other aspects was loaded")
	}
	for cut := 0; cut < len(snap); cut += 1 + cut/3 {
		if _, err := Load(v.Aspects, snap[:cut]); err == nil {
			t.Fatalf("a snapshot cut at %d of %d bytes was loaded", cut, len(snap))
		}
	}
	for i := 0; i < len(snap); i += 37 {
		bad := slices.Clone(snap)
		bad[i] ^= 0xff
		if _, err := Load(v.Aspects, bad); err == nil {
			t.Fatalf("a snapshot with byte %d damaged was loaded", i)
		}
	}
}
