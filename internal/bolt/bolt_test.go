package bolt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/jca"
)

var t0 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// MustOpen opens a store in a fresh directory and closes it at the end.
func MustOpen(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "jca.db"), Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func newActivity(group, title string, at time.Time, aspects ...jca.Aspect) *jca.Activity {
	return &jca.Activity{Group: group, Title: title, Status: "under-study", Aspects: aspects,
		CreatedBy: "console:alice", CreatedAt: at, UpdatedAt: at}
}

func TestMigrateEmptyFile(t *testing.T) {
	db := MustOpen(t)
	v, err := db.Schema()
	if err != nil || v != SchemaVersion() {
		t.Fatalf("schema = %d, %v; want %d", v, err, SchemaVersion())
	}
	// Reopening an up-to-date file is a no-op.
	path := db.Path()
	db.Close()
	db2, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if v, _ := db2.Schema(); v != SchemaVersion() {
		t.Fatalf("schema after reopen = %d", v)
	}
}

func TestCreateFindUpdate(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	a := newActivity("SG13", "Network requirements for IMT-2030", t0, "capacity")
	if err := db.CreateActivity(ctx, a); err != nil {
		t.Fatal(err)
	}
	if a.ID != 1 {
		t.Fatalf("first id = %d", a.ID)
	}
	got, err := db.FindActivity(ctx, 1)
	if err != nil || got.Title != a.Title || got.Rev != 1 {
		t.Fatalf("find = %+v, %v", got, err)
	}
	if _, err := db.FindActivity(ctx, 99); jca.ErrorCode(err) != jca.ENotFound {
		t.Fatalf("missing activity: %v", err)
	}
	up, err := db.UpdateActivity(ctx, 1, func(a *jca.Activity) error { a.Status = "approved"; return nil })
	if err != nil || up.Status != "approved" || up.Rev != 2 {
		t.Fatalf("update = %+v, %v", up, err)
	}
	refusal := jca.Errorf(jca.EForbidden, "nope")
	if _, err := db.UpdateActivity(ctx, 1, func(a *jca.Activity) error { a.Title = "x"; return refusal }); err != refusal {
		t.Fatalf("refusal not returned: %v", err)
	}
	if got, _ := db.FindActivity(ctx, 1); got.Title != a.Title || got.Rev != 2 {
		t.Fatalf("a refused update wrote: %+v", got)
	}
}

func TestIdsAreNeverReused(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	for i := 0; i < 3; i++ {
		if err := db.CreateActivity(ctx, newActivity("SG13", fmt.Sprint("t", i), t0)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.UpdateActivity(ctx, 3, func(a *jca.Activity) error { a.Removed = true; return nil }); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := newActivity("SG13", "after restart", t0)
	if err := db.CreateActivity(ctx, a); err != nil || a.ID != 4 {
		t.Fatalf("id after removal and restart = %d, %v", a.ID, err)
	}
	if _, total, _ := db.ListActivities(ctx, jca.ActivityFilter{}); total != 3 {
		t.Fatalf("live activities after restart = %d, want 3", total)
	}
}

// 64 writers share batches while some of their updates are refused: every
// accepted write lands exactly once and no refusal writes or undoes anything.
func TestConcurrentWritersWithRefusals(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	seed := newActivity("SG17", "seed", t0)
	if err := db.CreateActivity(ctx, seed); err != nil {
		t.Fatal(err)
	}
	const writers, each = 64, 5
	var wg sync.WaitGroup
	ids := make(chan int, writers*each)
	refused := make(chan error, writers*each)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				a := newActivity("SG13", fmt.Sprintf("writer %d item %d", w, i), t0)
				if err := db.CreateActivity(ctx, a); err != nil {
					t.Error(err)
					return
				}
				ids <- a.ID
				_, err := db.UpdateActivity(ctx, seed.ID, func(a *jca.Activity) error {
					a.Title = "vandalised"
					return jca.Errorf(jca.EForbidden, "err.only_author_or_chair")
				})
				refused <- err
			}
		}(w)
	}
	wg.Wait()
	close(ids)
	close(refused)
	seen := map[int]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("id %d given twice", id)
		}
		seen[id] = true
	}
	if len(seen) != writers*each {
		t.Fatalf("%d ids, want %d", len(seen), writers*each)
	}
	for err := range refused {
		if jca.ErrorCode(err) != jca.EForbidden {
			t.Fatalf("refusal lost: %v", err)
		}
	}
	if got, _ := db.FindActivity(ctx, seed.ID); got.Title != "seed" || got.Rev != 1 {
		t.Fatalf("a refused update was written: %+v", got)
	}
	if _, total, _ := db.ListActivities(ctx, jca.ActivityFilter{}); total != writers*each+1 {
		t.Fatalf("list total %d", total)
	}
}

func TestListFiltersAndPages(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	for i := 0; i < 45; i++ {
		g, asp := "SG13", jca.Aspect("capacity")
		if i%3 == 0 {
			g, asp = "SG17", "security"
		}
		if err := db.CreateActivity(ctx, newActivity(g, fmt.Sprint("item ", i), t0.Add(time.Duration(i)*time.Hour), asp)); err != nil {
			t.Fatal(err)
		}
	}
	page, total, err := db.ListActivities(ctx, jca.ActivityFilter{Group: "SG17"})
	if err != nil || total != 15 || len(page) != 15 || page[0].Title != "item 42" {
		t.Fatalf("SG17: total %d, %d shown, first %q, %v", total, len(page), page[0].Title, err)
	}
	page, total, _ = db.ListActivities(ctx, jca.ActivityFilter{Offset: 40})
	if total != 45 || len(page) != 5 || page[4].Title != "item 0" {
		t.Fatalf("page 3: total %d, %d shown", total, len(page))
	}
	_, total, _ = db.ListActivities(ctx, jca.ActivityFilter{Aspect: "capacity", Since: t0.Add(30 * time.Hour)})
	if total != 10 { // i in 30..44 not divisible by 3
		t.Fatalf("capacity since +30h: %d", total)
	}
	_, total, _ = db.ListActivities(ctx, jca.ActivityFilter{Group: "IETF"})
	if total != 0 {
		t.Fatalf("IETF: %d", total)
	}
}

func TestSearchIgnoresCaseAndAccents(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	a := newActivity("SG17", "Sécurité des RÉSEAUX", t0)
	a.Note, a.Ref, a.Question = "voir l'IETF", "X.1350", "Q6/17"
	b := newActivity("SG13", "Network requirements", t0)
	for _, x := range []*jca.Activity{a, b} {
		if err := db.CreateActivity(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	for q, want := range map[string]int{"securite reseaux": 1, "IETF": 1, "x.1350": 1, "q6/17": 1, "network": 1, "nothing": 0, "réseaux network": 0} {
		if _, total, _ := db.SearchActivities(ctx, q, 0, 20); total != want {
			t.Errorf("search %q: %d, want %d", q, total, want)
		}
	}
}

func TestMatrix(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	v := db.vocab
	adds := []*jca.Activity{
		newActivity("SG13", "Network requirements for IMT-2030 networks", t0, "capacity", "evolution"),
		newActivity("SG17", "Requirements for IMT-2030 networks", t0, "security"),
		newActivity("SG13", "Requirements for IMT-2030 networks", t0, "capacity"),
		newActivity("IETF", "Something else entirely", t0),
	}
	for _, a := range adds {
		if err := db.CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	m, err := db.ActivityMatrix(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	if m.Total != 4 || len(m.Rows) != 3 || m.Rows[0].Group != "SG13" || m.Rows[0].Counts[1] != 2 {
		t.Fatalf("rows = %+v", m.Rows)
	}
	wantEmpty := []jca.Aspect{"continuity", "interoperability"}
	if fmt.Sprint(m.EmptyAspects) != fmt.Sprint(wantEmpty) {
		t.Fatalf("empty aspects %v", m.EmptyAspects)
	}
	if len(m.SilentGroups) != len(v.Groups)-2 {
		t.Fatalf("silent groups %v", m.SilentGroups)
	}
	// A-2 (SG17) overlaps A-1 and A-3 (SG13); are the same group.
	if m.OverlapTotal != 2 || m.Overlaps[0].A != 2 || m.Overlaps[0].B != 3 || m.Overlaps[0].GroupA != "SG17" {
		t.Fatalf("overlaps %+v", m.Overlaps)
	}
}

func TestBackupIsAConsistentCopy(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	if err := db.CreateActivity(ctx, newActivity("SG13", "kept", t0)); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := db.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(copyPath, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Open(ctx, copyPath, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if a, err := c.FindActivity(ctx, 1); err != nil || a.Title != "kept" {
		t.Fatalf("copy: %+v %v", a, err)
	}
}

func TestSecondOpenIsLocked(t *testing.T) {
	db := MustOpen(t)
	start := time.Now()
	_, err := Open(context.Background(), db.Path(), Options{LockTimeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatal("the lock wait is not bounded")
	}
}

func TestPeople(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	p, err := db.FindPerson(ctx, "slack:U1")
	if err != nil || p.ID != "slack:U1" || p.Lang != "" {
		t.Fatalf("new person %+v %v", p, err)
	}
	if _, err := db.UpdatePerson(ctx, "slack:U1", func(p *jca.Person) error { p.Lang = "fr"; return nil }); err != nil {
		t.Fatal(err)
	}
	if p, _ := db.FindPerson(ctx, "slack:U1"); p.Lang != "fr" {
		t.Fatalf("lang not kept: %+v", p)
	}
}
