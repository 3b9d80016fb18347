package bolt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/jcabot/jcabot/internal/jca"
)

func openAt(t *testing.T, path string, opt Options) *DB {
	t.Helper()
	db, err := Open(context.Background(), path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

func listed(t *testing.T, db *DB, f jca.ActivityFilter) ([]int, int) {
	t.Helper()
	f.Limit = jca.MaxPageSize
	as, n, err := db.ListActivities(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int, len(as))
	for i, a := range as {
		ids[i] = a.ID
	}
	return ids, n
}

// Close keeps the activity index in the file; the next start loads it and
// answers as the rebuilt one would; a file changed behind the kept index
// (a crash after a write, another tool), or opened for other aspects, is
// indexed from its records again.
func TestTheActivityIndexIsKeptAcrossARestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "jca.db")
	db := openAt(t, path, Options{})
	at := time.Date(2031, 5, 4, 9, 0, 0, 0, time.UTC)
	for i := range 30 {
		must(t, db.CreateActivity(ctx, newActivity([]string{"SG13", "SG17"}[i%2], fmt.Sprint("kept ", i), at, "security")))
	}
	_, err := db.UpdateActivity(ctx, 4, func(a *jca.Activity) error { a.Removed = true; return nil })
	must(t, err)
	wantAll, wantN := listed(t, db, jca.ActivityFilter{})
	wantSG17, _ := listed(t, db, jca.ActivityFilter{Group: "SG17"})
	must(t, db.Close())

	db = openAt(t, path, Options{})
	if !db.idx.fromSnapshot {
		t.Fatal("the kept index was not loaded")
	}
	if all, n := listed(t, db, jca.ActivityFilter{}); fmt.Sprint(all, n) != fmt.Sprint(wantAll, wantN) {
		t.Fatalf("loaded index lists %v (%d), want %v (%d)", all, n, wantAll, wantN)
	}
	if sg17, _ := listed(t, db, jca.ActivityFilter{Group: "SG17"}); fmt.Sprint(sg17) != fmt.Sprint(wantSG17) {
		t.Fatalf("SG17: %v, want %v", sg17, wantSG17)
	}
	must(t, db.Close()) // unchanged: the kept index stays valid
	db = openAt(t, path, Options{})
	if !db.idx.fromSnapshot {
		t.Fatal("an unchanged file's index was not loaded")
	}
	must(t, db.Close())

	// A write the kept index never saw: the store is rebuilt from records.
	raw, err := bbolt.Open(path, 0o600, nil)
	must(t, err)
	must(t, raw.Update(func(tx *bbolt.Tx) error {
		var a jca.Activity
		b := tx.Bucket(bucketActivities)
		if _, err := getJSON(b, itob(7), &a); err != nil {
			return err
		}
		a.Group, a.Rev = "IETF", a.Rev+1
		return putJSON(b, itob(7), &a)
	}))
	must(t, raw.Close())
	db = openAt(t, path, Options{})
	if db.idx.fromSnapshot {
		t.Fatal("a kept index older than the file was loaded")
	}
	if ids, _ := listed(t, db, jca.ActivityFilter{Group: "IETF"}); fmt.Sprint(ids) != "[7]" {
		t.Fatalf("after the rebuild IETF lists %v", ids)
	}
	must(t, db.Close())

	// Other aspects: the matrix columns differ, the index is rebuilt.
	v := jca.DefaultVocabulary()
	v.Aspects = v.Aspects[:3]
	voc, err := jca.NewVocabulary(v)
	must(t, err)
	db = openAt(t, path, Options{Vocabulary: voc})
	if db.idx.fromSnapshot {
		t.Fatal("an index kept for other aspects was loaded")
	}
	must(t, db.Close())
}

// Writers racing Close: each write either lands in the kept index or is
// refused; the next start's index agrees with the records.
func TestCloseWaitsForActivityWrites(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "jca.db")
	db := openAt(t, path, Options{NoSync: true})
	at := time.Date(2031, 5, 4, 9, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	var mu sync.Mutex
	created, refused := 0, 0
	for w := range 8 {
		wg.Go(func() {
			for i := range 200 {
				err := db.CreateActivity(ctx, newActivity("SG13", fmt.Sprint(w, " ", i), at))
				mu.Lock()
				switch {
				case err == nil:
					created++
				case errors.Is(err, errClosed) || errors.Is(err, bbolt.ErrDatabaseNotOpen):
					refused++
				default:
					t.Errorf("write: %v", err)
				}
				mu.Unlock()
			}
		})
	}
	time.Sleep(20 * time.Millisecond)
	must(t, db.Close())
	wg.Wait()
	db = openAt(t, path, Options{})
	defer db.Close()
	_, n := listed(t, db, jca.ActivityFilter{})
	records := 0
	db.db.View(func(tx *bbolt.Tx) error { records = tx.Bucket(bucketActivities).Stats().KeyN; return nil })
	if n != created || records != created || created+refused != 1600 {
		t.Fatalf("index %d, records %d, created %d, refused %d", n, records, created, refused)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Giving the mapped pages back changes nothing a reader sees: the same
// records read before and after, in the same transaction and the next.
func TestReleasedPagesReadTheSame(t *testing.T) {
	ctx := context.Background()
	db := openAt(t, filepath.Join(t.TempDir(), "jca.db"), Options{NoSync: true})
	defer db.Close()
	at := time.Date(2031, 5, 4, 9, 0, 0, 0, time.UTC)
	ids := make([]int, 1500)
	for i := range ids {
		a := newActivity("SG13", fmt.Sprintf("released page %d %s", i, string(make([]byte, 200))), at)
		must(t, db.CreateActivity(ctx, a))
		ids[i] = a.ID
	}
	read := func() string {
		var b []byte
		must(t, db.ReadActivities(ctx, ids, func(a *jca.Activity) error { // releases at its end
			b = fmt.Appendf(b, "%d %s|", a.ID, a.Title)
			return nil
		}))
		return string(b)
	}
	first := read()
	var again string
	must(t, db.db.View(func(tx *bbolt.Tx) error {
		db.releaseMapped(tx)
		c := tx.Bucket(bucketActivities).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var a jca.Activity
			if err := json.Unmarshal(v, &a); err != nil {
				return err
			}
			again += fmt.Sprintf("%d %s|", a.ID, a.Title)
		}
		return nil
	}))
	if second := read(); first != second || again != first {
		t.Fatal("records read differently after their pages were given back")
	}
}

// A record that cannot be decoded does not stop the store opening: the
// reads that need the index say why they cannot answer, and so does
// WaitIndexed (serve logs it).
func TestAnUndecodableRecordFailsTheIndexedReads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jca.db")
	db := openAt(t, path, Options{})
	must(t, db.CreateActivity(context.Background(), newActivity("SG13", "fine", time.Now())))
	must(t, db.db.Update(func(tx *bbolt.Tx) error { return tx.Bucket(bucketActivities).Put(itob(2), []byte("{not json")) }))
	must(t, db.db.Update(func(tx *bbolt.Tx) error { return tx.Bucket(bucketMeta).Delete(keyActivityIndex) }))
	db.idx.closed = true // no index kept at close: the next start decodes the records
	must(t, db.Close())
	db, err := Open(context.Background(), path, Options{})
	must(t, err)
	defer db.Close()
	if err := db.WaitIndexed(context.Background()); err == nil {
		t.Fatal("the index was filled from an undecodable record")
	}
	if _, _, err := db.ListActivities(context.Background(), jca.ActivityFilter{}); err == nil {
		t.Fatal("a list answered from a half-filled index")
	}
	if a, err := db.FindActivity(context.Background(), 1); err != nil || a.Title != "fine" {
		t.Fatalf("a record read directly: %v, %v", a, err)
	}
}
