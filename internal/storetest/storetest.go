// Package storetest is the contract every jcabot store keeps, as a suite a
// store's own tests run against it:
//
//	func TestStoreContract(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) storetest.Opener { ... })
//	}
//
// The suite knows only the interfaces (internal/jca's services and
// internal/outbox's Store): what commits together (a change, its history,
// the outbox entries of its batch), that ids are never reused, that
// concurrent writers never lose each other's work, that votes count under
// contention, that the register exports and imports to the same thing,
// that the outbox keeps its own promises, and (Upgrade) that data an earlier
// release wrote opens with nothing lost. The bbolt store passes it; any
// other backend must, unchanged.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/outbox"
)

// Store is a store under test.
type Store interface {
	jca.Store
	outbox.Store
	Enqueue(ctx context.Context, entries ...outbox.Entry) error
	// UpdatePollPosting is UpdatePoll whose fn also returns the posts the
	// change causes, committed with it or not at all.
	UpdatePollPosting(ctx context.Context, id int, fn func(p *jca.Poll) ([]outbox.Entry, error)) (*jca.Poll, error)
	Close() error
}

// Opener opens the same store (the same data) each time it is called; the
// suite closes one before opening the next. Each test gets an Opener of its
// own, on an empty store.
type Opener func(t *testing.T) Store

// Run runs every case of the contract; fresh returns an Opener on a new,
// empty store.
func Run(t *testing.T, fresh func(t *testing.T) Opener) {
	for _, c := range []struct {
		name string
		run  func(t *testing.T, open Opener, fresh func(t *testing.T) Opener)
	}{
		{"IDsAreNeverReused", idsNeverReused},
		{"HistoryIsKept", historyKept},
		{"AChangeCommitsWithItsOutboxEntries", changeWithOutbox},
		{"ConcurrentWritersWithARefusal", concurrentWriters},
		{"VotesCountUnderContention", votesUnderContention},
		{"ExportImportIsTheIdentity", exportImport},
		{"TheOutboxKeepsItsPromises", outboxPromises},
		{"ListsAgreeWithTheRecords", listsAgree},
		{"ASeriesIsStoredWhole", seriesAtomic},
	} {
		t.Run(c.name, func(t *testing.T) { c.run(t, fresh(t), fresh) })
	}
}

var t0 = time.Date(2031, 5, 4, 9, 0, 0, 0, time.UTC)

func activity(title string) *jca.Activity {
	return &jca.Activity{Group: "SG13", Title: title, Status: "under-study", CreatedBy: "console:alice", CreatedAt: t0, UpdatedAt: t0}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Ids grow, across a refused write and a restart: none is given twice.
func idsNeverReused(t *testing.T, open Opener, _ func(t *testing.T) Opener) {
	ctx := context.Background()
	s := open(t)
	seen := map[int]bool{}
	for i := 0; i < 3; i++ {
		a := activity(fmt.Sprint("A ", i))
		must(t, s.CreateActivity(ctx, a))
		if seen[a.ID] || a.ID <= 0 {
			t.Fatalf("id %d given twice or not at all", a.ID)
		}
		seen[a.ID] = true
	}
	p := &jca.Poll{Title: "P", Zone: "UTC", Duration: time.Hour, Slots: []time.Time{t0.Add(48 * time.Hour)}, CreatedAt: t0}
	must(t, s.CreatePoll(ctx, p))
	first := p.ID
	must(t, s.Close())
	s = open(t)
	defer s.Close()
	a := activity("after the restart")
	must(t, s.CreateActivity(ctx, a))
	if seen[a.ID] {
		t.Fatalf("id %d given again after a restart", a.ID)
	}
	q := &jca.Poll{Title: "Q", Zone: "UTC", Duration: time.Hour, Slots: []time.Time{t0.Add(48 * time.Hour)}, CreatedAt: t0}
	must(t, s.CreatePoll(ctx, q))
	if q.ID == first {
		t.Fatalf("poll id %d given again", q.ID)
	}
}

// A record's history is written with the change and survives a restart.
func historyKept(t *testing.T, open Opener, _ func(t *testing.T) Opener) {
	ctx := context.Background()
	s := open(t)
	a := activity("History")
	must(t, s.CreateActivity(ctx, a))
	for _, st := range []jca.Status{"consented", "approved"} {
		_, err := s.UpdateActivity(ctx, a.ID, func(x *jca.Activity) error {
			old := x.Clone()
			x.Status = st
			x.Diff(old, "console:chair", t0.Add(time.Hour))
			return nil
		})
		must(t, err)
	}
	must(t, s.Close())
	s = open(t)
	defer s.Close()
	got, err := s.FindActivity(ctx, a.ID)
	must(t, err)
	if len(got.History) != 2 || got.History[1].New != "approved" || got.Status != "approved" {
		t.Fatalf("history %+v, status %s", got.History, got.Status)
	}
}

// The posts a write causes commit with the write, and not at all when the
// write is refused.
func changeWithOutbox(t *testing.T, open Opener, _ func(t *testing.T) Opener) {
	ctx := context.Background()
	s := open(t)
	defer s.Close()
	p := &jca.Poll{Title: "With a post", Zone: "UTC", Duration: time.Hour, Slots: []time.Time{t0.Add(48 * time.Hour)}, CreatedAt: t0}
	must(t, s.CreatePoll(ctx, p))
	refusal := jca.Errorf(jca.EConflict, "err.test")
	_, err := s.UpdatePollPosting(ctx, p.ID, func(x *jca.Poll) ([]outbox.Entry, error) {
		x.Title = "changed"
		return []outbox.Entry{{Key: "test/refused", Channel: "console:general", Created: t0}}, refusal
	})
	if !errors.Is(err, refusal) {
		t.Fatalf("the refusal came back as %v", err)
	}
	if ok, err := s.HasEntry(ctx, "test/refused"); err != nil || ok {
		t.Fatalf("a refused write left its outbox entry (%v)", err)
	}
	if got, _ := s.FindPoll(ctx, p.ID); got.Title != "With a post" {
		t.Fatalf("a refused write changed the record: %q", got.Title)
	}
	_, err = s.UpdatePollPosting(ctx, p.ID, func(x *jca.Poll) ([]outbox.Entry, error) {
		x.Title = "changed"
		return []outbox.Entry{{Key: "test/kept", Channel: "console:general", Created: t0}}, nil
	})
	must(t, err)
	if ok, err := s.HasEntry(ctx, "test/kept"); err != nil || !ok {
		t.Fatalf("the write's outbox entry is missing (%v)", err)
	}
	w, err := s.WaitingEntries(ctx, 0)
	must(t, err)
	if len(w) != 1 || w[0].Status != outbox.Due {
		t.Fatalf("the post waits as %+v", w)
	}
}

// Many writers at once: every accepted write lands, the refused one does
// not, and none undoes or repeats another's.
func concurrentWriters(t *testing.T, open Opener, _ func(t *testing.T) Opener) {
	ctx := context.Background()
	s := open(t)
	defer s.Close()
	const n = 32
	ids := make([]int, n)
	for i := range ids {
		a := activity(fmt.Sprint("Writer ", i))
		must(t, s.CreateActivity(ctx, a))
		ids[i] = a.ID
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range ids {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, errs[i] = s.UpdateActivity(ctx, ids[i], func(x *jca.Activity) error {
				if i == 7 {
					x.Note = "must not land"
					return jca.Errorf(jca.EInvalid, "err.test")
				}
				x.Note = fmt.Sprint("note ", i)
				return nil
			})
		}(i)
	}
	wg.Wait()
	for i, id := range ids {
		got, err := s.FindActivity(ctx, id)
		must(t, err)
		switch {
		case i == 7 && (errs[i] == nil || got.Note != ""):
			t.Fatalf("the refused write: err %v, note %q", errs[i], got.Note)
		case i != 7 && (errs[i] != nil || got.Note != fmt.Sprint("note ", i)):
			t.Fatalf("writer %d: err %v, note %q", i, errs[i], got.Note)
		}
	}
}

// Votes from many people at once all count, once each.
func votesUnderContention(t *testing.T, open Opener, _ func(t *testing.T) Opener) {
	ctx := context.Background()
	s := open(t)
	defer s.Close()
	p := &jca.Poll{Title: "Busy", Zone: "UTC", Duration: time.Hour, Slots: []time.Time{t0.Add(48 * time.Hour), t0.Add(72 * time.Hour)}, CreatedAt: t0}
	must(t, s.CreatePoll(ctx, p))
	const voters = 40
	var wg sync.WaitGroup
	for i := 0; i < voters; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			who := jca.PersonID(fmt.Sprintf("console:voter%d", i))
			for _, a := range []jca.Answer{jca.Yes, jca.Maybe} { // each votes twice
				if _, err := s.Vote(ctx, p.ID, who, map[int]jca.Answer{1: a}, t0, func(*jca.Poll) error { return nil }); err != nil {
					t.Error(err)
				}
			}
		}(i)
	}
	wg.Wait()
	got, err := s.FindPoll(ctx, p.ID)
	must(t, err)
	ballots, err := s.Ballots(ctx, p.ID)
	must(t, err)
	if got.Voters != voters || len(ballots) != voters {
		t.Fatalf("%d voters counted, %d ballots, want %d", got.Voters, len(ballots), voters)
	}
	for _, b := range ballots {
		if b.Answers[1] != jca.Maybe {
			t.Fatalf("a ballot lost its last answer: %+v", b)
		}
	}
}

// The register exported, imported into an empty store and exported again
// is the same; an import into a store that holds records is refused.
func exportImport(t *testing.T, open Opener, fresh func(t *testing.T) Opener) {
	ctx := context.Background()
	s := open(t)
	a := activity("Exported")
	must(t, s.CreateActivity(ctx, a))
	_, err := s.UpdateActivity(ctx, a.ID, func(x *jca.Activity) error {
		old := x.Clone()
		x.Status = "consented"
		x.Diff(old, "console:chair", t0.Add(time.Hour))
		return nil
	})
	must(t, err)
	p := &jca.Poll{Title: "Exported poll", Zone: "UTC", Duration: time.Hour, Slots: []time.Time{t0.Add(48 * time.Hour)}, CreatedAt: t0}
	must(t, s.CreatePoll(ctx, p))
	_, err = s.Vote(ctx, p.ID, "console:bob", map[int]jca.Answer{1: jca.Yes}, t0, func(*jca.Poll) error { return nil })
	must(t, err)
	_, err = s.UpdatePerson(ctx, "console:bob", func(x *jca.Person) error { x.Lang = "fr"; return nil })
	must(t, err)
	first, err := s.ExportSnapshot(ctx)
	must(t, err)
	if err := s.ImportSnapshot(ctx, first); jca.ErrorCode(err) != jca.EConflict {
		t.Fatalf("an import over records: %v", err)
	}
	must(t, s.Close())
	empty := fresh(t)(t)
	defer empty.Close()
	must(t, empty.ImportSnapshot(ctx, first))
	second, err := empty.ExportSnapshot(ctx)
	must(t, err)
	if a, b := asJSON(t, first), asJSON(t, second); a != b {
		t.Fatalf("export → import → export differs:\n%s\n%s", a, b)
	}
}

func asJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	must(t, err)
	return string(b)
}

// The outbox: a key is queued once; waiting entries come oldest first; a
// delivered entry waits no more.
func outboxPromises(t *testing.T, open Opener, _ func(t *testing.T) Opener) {
	ctx := context.Background()
	s := open(t)
	defer s.Close()
	e := func(key string, at time.Time) outbox.Entry {
		return outbox.Entry{Key: key, Channel: bot.ChannelID("console:general"), Created: at}
	}
	must(t, s.Enqueue(ctx, e("b", t0.Add(time.Minute)), e("a", t0)))
	must(t, s.Enqueue(ctx, e("a", t0.Add(time.Hour)))) // the same key again: nothing new
	w, err := s.WaitingEntries(ctx, 0)
	must(t, err)
	if len(w) != 2 || w[0].Key != "a" || w[1].Key != "b" || !w[0].Created.Equal(t0) {
		t.Fatalf("waiting %+v", w)
	}
	w[0].Status = outbox.Delivered
	must(t, s.SaveEntry(ctx, w[0]))
	w, err = s.WaitingEntries(ctx, 0)
	must(t, err)
	if len(w) != 1 || w[0].Key != "b" {
		t.Fatalf("waiting after a delivery %+v", w)
	}
}
