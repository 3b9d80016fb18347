package commands

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/outbox"
)

// A weekly digest reports what moved during its week, at its hour in the
// channel's zone; a week with nothing new gets a one-line digest, or none
// when quiet.
func TestWeeklyDigest(t *testing.T) {
	e := newEnv(t)
	e.now = utc(2032, 3, 1, 7, 0) // a Monday, 08:00 in Zurich
	e.ok("chair", "channel tz Europe/Zurich")
	mustContain(t, e.ok("chair", `digest schedule "0 9 * * MON"`), "This channel gets a digest on `0 9 * * MON` (Europe/Zurich)", "Mon 1 Mar 2032, 08:00 (UTC) · in 58 minutes")
	e.ok("alice", `activity add SG13 "Network requirements for IMT-2030" --aspect capacity`)
	e.ok("alice", `topic propose "Trust framework" --group SG13,SG17`)
	w := newClockWalk(e)
	w.until(t, utc(2032, 3, 16, 0, 0))
	digests := w.log.find("A-1")
	if len(digests) != 1 || !digests[0].at.Equal(utc(2032, 3, 1, 8, 0)) {
		t.Fatalf("first digest: %+v", w.log.posts)
	}
	mustContain(t, digests[0].text, "T-1", "SG13")
	// The two following Mondays had nothing new: one line each.
	var quietWeeks []posted
	for _, p := range w.log.posts {
		if !strings.Contains(p.text, "A-1") {
			quietWeeks = append(quietWeeks, p)
		}
	}
	if len(quietWeeks) != 2 || !quietWeeks[0].at.Equal(utc(2032, 3, 8, 8, 0)) || !quietWeeks[1].at.Equal(utc(2032, 3, 15, 8, 0)) {
		t.Fatalf("quiet weeks: %+v", quietWeeks)
	}
	// The weeks after the clock change (28 March) run at 09:00 CEST = 07:00 UTC.
	w.until(t, utc(2032, 3, 30, 0, 0))
	last := w.log.posts[len(w.log.posts)-1]
	if !last.at.Equal(utc(2032, 3, 29, 7, 0)) {
		t.Fatalf("digest after the clock change at %v", last.at)
	}
	mustContain(t, e.ok("bob", "digest show"), "Next: Mon 5 Apr 2032")
}

func TestQuietDigestPostsNothingWhenNothingHappened(t *testing.T) {
	e := newEnv(t)
	e.now = utc(2032, 3, 1, 8, 0)
	e.ok("chair", `digest schedule @daily --quiet`)
	w := newClockWalk(e)
	w.until(t, utc(2032, 3, 4, 0, 0))
	if len(w.log.posts) != 0 {
		t.Fatalf("a quiet digest posted: %+v", w.log.posts)
	}
	d, err := e.db.FindDigest(context.Background(), "console:general")
	if err != nil || d.LastOutcome != "empty" || !d.LastRun.Equal(utc(2032, 3, 4, 0, 0)) {
		t.Fatalf("last run %+v %v", d, err)
	}
	e.ok("alice", `activity add SG13 "Something new"`)
	w.until(t, utc(2032, 3, 5, 0, 0))
	if len(w.log.find("Something new")) != 1 {
		t.Fatalf("the quiet digest missed news: %+v", w.log.posts)
	}
}

// 02:30 does not exist on the spring-forward day in Zurich: the digest
// runs at the first valid minute after it, 03:00 CEST; in autumn, when
// 02:30 happens twice, it runs once.
func TestDigestAtAMissingAndARepeatedTime(t *testing.T) {
	e := newEnv(t)
	e.now = utc(2032, 3, 27, 0, 0)
	e.ok("chair", `digest schedule "30 2 * * *" --tz Europe/Zurich`)
	w := newClockWalk(e)
	w.until(t, utc(2032, 3, 30, 0, 0))
	want := []time.Time{utc(2032, 3, 27, 1, 30), utc(2032, 3, 28, 1, 0), utc(2032, 3, 29, 0, 30)}
	if len(w.log.posts) != len(want) {
		t.Fatalf("spring: %d digests: %+v", len(w.log.posts), w.log.posts)
	}
	for i, p := range w.log.posts {
		if !p.at.Equal(want[i]) {
			t.Fatalf("spring digest %d at %v, want %v", i, p.at, want[i])
		}
	}
	e.now = utc(2032, 10, 30, 12, 0)
	w.pass(t) // the digests missed since March: one, at once
	w.log.posts = nil
	w.until(t, utc(2032, 11, 1, 12, 0))
	want = []time.Time{utc(2032, 10, 31, 0, 30), utc(2032, 11, 1, 1, 30)}
	if len(w.log.posts) != len(want) || !w.log.posts[0].at.Equal(want[0]) || !w.log.posts[1].at.Equal(want[1]) {
		t.Fatalf("autumn digests: %+v", w.log.posts)
	}
}

// Missed while the bot was down: one digest at start-up, not one per
// missed period, covering the whole time.
func TestMissedDigestIsSentOnce(t *testing.T) {
	e := newEnv(t)
	e.now = utc(2032, 3, 1, 8, 0)
	e.ok("chair", `digest schedule @daily`)
	e.ok("alice", `activity add SG13 "Before the outage"`)
	w := newClockWalk(e)
	w.pass(t)
	e.now = utc(2032, 3, 6, 10, 0) // down for five days
	w.pass(t)
	w.pass(t)
	if len(w.log.posts) != 1 || !w.log.posts[0].at.Equal(utc(2032, 3, 6, 10, 0)) {
		t.Fatalf("after the outage: %+v", w.log.posts)
	}
	mustContain(t, w.log.posts[0].text, "Before the outage")
	entries, _ := e.db.Entries(context.Background(), outbox.Delivered, 0)
	if len(entries) != 1 || !entries[0].Late {
		t.Fatalf("entries: %+v", entries)
	}
}

func TestDigestCommands(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.refused("alice", `digest schedule @weekly`), "Only a chair can change the channel's digest.")
	mustContain(t, e.refused("chair", `digest schedule "61 * * * *"`), "is not a schedule")
	mustContain(t, e.refused("chair", `digest schedule "@every 1h"`), "is not a schedule")
	mustContain(t, e.refused("chair", `digest schedule "0 9 30 2 *"`), "`0 9 30 2 *` never comes round", "`\"0 9 28 2 *\"`")
	mustContain(t, e.refused("chair", `digest schedule "0 9 31 4,6 *"`), "never comes round")
	mustContain(t, e.refused("alice", `digest show`), "This channel has no digest.")
	mustContain(t, e.ok("chair", `digest schedule "0 9 29 2 *"`), "Next runs:") // leap years only: it comes round
	mustContain(t, e.ok("chair", `digest schedule @weekly --quiet`), "Quiet")
	mustContain(t, e.ok("alice", "jobs"), "Digest `@weekly`")
	mustContain(t, e.refused("alice", "digest off"), "Only a chair")
	mustContain(t, e.ok("chair", "digest off"), "no longer gets a digest")
	mustContain(t, e.refused("chair", "digest off"), "This channel has no digest.")
	e.ok("alice", `activity add SG13 "News"`)
	rep := e.do("alice", "digest now")
	if rep.Refused || !strings.Contains(plain(rep.Message), "A-1") {
		t.Fatalf("digest now: %s", plain(rep.Message))
	}
}

func TestJobsListsWhatIsScheduled(t *testing.T) {
	e := newEnv(t)
	e.now = utc(2032, 5, 1, 8, 0)
	e.newMeeting("Plenary", utc(2032, 5, 3, 12, 0), 24*time.Hour, time.Hour)
	out := e.ok("alice", "jobs")
	mustContain(t, out, "Meeting reminder M-1: Sun 2 May 2032, 12:00 (UTC)", "Meeting reminder M-1: Mon 3 May 2032, 11:00 (UTC)")
	mustContain(t, e.refused("alice", "jobs failed"), "Only a chair can see failed posts.")
	mustContain(t, e.ok("chair", "jobs failed"), "No post has failed.")
	mustContain(t, e.refused("alice", "jobs everything"), "`everything` is not something jobs can show")
	// A post that cannot be delivered shows in jobs failed, for every channel.
	ctx := context.Background()
	e.db.Enqueue(ctx, outbox.Entry{Key: "digest/x", Channel: "teams:nowhere", Created: e.now})
	d := &outbox.Dispatcher{Store: e.db}
	d.Deliver(ctx, e.now)
	mustContain(t, e.ok("chair", "jobs failed"), "`digest/x` to teams:nowhere", "after 1 attempt:", "`/invite @jcabot`")
	// An open poll's closing is listed too: the channel will receive its result.
	e.pollMember("alice", "", "SG13")
	e.ok("alice", `poll new "May call" --slot "2032-05-20 14:00" --deadline "2032-05-10 12:00"`)
	mustContain(t, e.ok("alice", "jobs"), "Poll result P-1: Mon 10 May 2032, 12:00 (UTC)")
}

var _ = jca.PageSize

// A digest more often than hourly is scheduled, with a word of warning;
// an hourly one is not warned about.
func TestDigestMoreOftenThanHourlyIsWarned(t *testing.T) {
	e := newEnv(t)
	out := e.ok("chair", `digest schedule "*/15 * * * *"`)
	mustContain(t, out, "more often than once an hour (as often as every 15 min)")
	if d, err := e.db.FindDigest(context.Background(), "console:general"); err != nil || d.Spec != "*/15 * * * *" {
		t.Fatalf("not scheduled: %+v %v", d, err)
	}
	if out := e.ok("chair", `digest schedule "0 * * * *"`); strings.Contains(out, "more often") {
		t.Errorf("an hourly digest was warned about:\n%s", out)
	}
	e.ok("chair", "lang set fr")
	mustContain(t, e.ok("chair", `digest schedule "*/30 * * * *"`), "plus d'une fois par heure (jusqu'à toutes les 30 min)")
}
