package bolt

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/jca"
)

func newPoll(t *testing.T, db *DB) *jca.Poll {
	t.Helper()
	p := &jca.Poll{Title: "March e-meeting", Zone: "Europe/Zurich", Duration: 2 * time.Hour,
		Slots: []time.Time{t0.Add(48 * time.Hour), t0.Add(72 * time.Hour)}, CreatedBy: "console:chair", CreatedAt: t0}
	if err := db.CreatePoll(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

func open(p *jca.Poll) error {
	if p.Closed {
		return jca.Errorf(jca.EConflict, "err.poll_closed")
	}
	return nil
}

// 1,000 people voting at once all count, once each.
func TestThousandConcurrentVoters(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	p := newPoll(t, db)
	var wg sync.WaitGroup
	for i := 0; i < 1000; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			who := jca.PersonID(fmt.Sprintf("slack:U%04d", i))
			if _, err := db.Vote(ctx, p.ID, who, map[int]jca.Answer{1: jca.Yes}, t0, open); err != nil {
				t.Error(err)
			}
			// A second vote by the same person replaces, never adds.
			if _, err := db.Vote(ctx, p.ID, who, map[int]jca.Answer{2: jca.Maybe}, t0, open); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	ballots, err := db.Ballots(ctx, p.ID)
	if err != nil || len(ballots) != 1000 {
		t.Fatalf("%d ballots, %v", len(ballots), err)
	}
	for _, b := range ballots {
		if b.Answers[1] != jca.Yes || b.Answers[2] != jca.Maybe {
			t.Fatalf("ballot %+v", b)
		}
	}
	got, _ := db.FindPoll(ctx, p.ID)
	if got.Voters != 1000 {
		t.Fatalf("voters = %d", got.Voters)
	}
}

func TestVoteRefusedWritesNothing(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	p := newPoll(t, db)
	if _, err := db.UpdatePoll(ctx, p.ID, func(p *jca.Poll) error { p.Closed = true; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Vote(ctx, p.ID, "console:a", map[int]jca.Answer{1: jca.Yes}, t0, open); jca.ErrorCode(err) != jca.EConflict {
		t.Fatalf("vote on a closed poll: %v", err)
	}
	if b, _ := db.Ballots(ctx, p.ID); len(b) != 0 {
		t.Fatalf("ballots written: %v", b)
	}
	if _, err := db.Vote(ctx, 99, "console:a", nil, t0, open); jca.ErrorCode(err) != jca.ENotFound {
		t.Fatalf("vote on a missing poll: %v", err)
	}
}

func TestMeetingFromPoll(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	p := newPoll(t, db)
	m := &jca.Meeting{Title: p.Title, Start: p.Slots[1], Duration: p.Duration, Poll: p.ID}
	refuse := func(p *jca.Poll) error { return jca.Errorf(jca.EConflict, "err.poll_decided") }
	if err := db.CreateMeeting(ctx, m, refuse); jca.ErrorCode(err) != jca.EConflict {
		t.Fatalf("refused decide: %v", err)
	}
	if _, total, _ := db.ListMeetings(ctx, jca.MeetingFilter{}); total != 0 {
		t.Fatal("a refused decide created a meeting")
	}
	decide := func(p *jca.Poll) error { p.Decided, p.Closed = 2, true; return nil }
	if err := db.CreateMeeting(ctx, m, decide); err != nil || m.ID != 1 {
		t.Fatalf("create: %v %d", err, m.ID)
	}
	got, _ := db.FindPoll(ctx, p.ID)
	if got.Meeting != 1 || got.Decided != 2 || !got.Closed {
		t.Fatalf("poll after decide: %+v", got)
	}
	early := &jca.Meeting{Title: "earlier", Start: t0.Add(time.Hour), Duration: time.Hour}
	db.CreateMeeting(ctx, early, nil)
	ms, total, _ := db.ListMeetings(ctx, jca.MeetingFilter{From: t0})
	if total != 2 || ms[0].Title != "earlier" {
		t.Fatalf("meetings not in start order: %+v", ms)
	}
}
