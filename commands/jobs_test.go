package commands

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/outbox"
)

// channelLog is a fake platform recording what was posted, and when.
type channelLog struct {
	mu    sync.Mutex
	now   *time.Time
	posts []posted
}

type posted struct {
	at      time.Time
	channel bot.ChannelID
	text    string
}

func (l *channelLog) Post(ctx context.Context, ch bot.ChannelID, m bot.Message) (bot.MessageRef, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.posts = append(l.posts, posted{*l.now, ch, plain(m)})
	return bot.MessageRef{Channel: ch, ID: "p"}, nil
}

// find returns the posts containing every word.
func (l *channelLog) find(words ...string) []posted {
	var out []posted
	for _, p := range l.posts {
		ok := true
		for _, w := range words {
			ok = ok && strings.Contains(p.text, w)
		}
		if ok {
			out = append(out, p)
		}
	}
	return out
}

// clockWalk runs the scheduler from job to job (and at least hourly) up to
// end, delivering through a recording platform. No waiting: the clock is
// the test's.
type clockWalk struct {
	e   *env
	log *channelLog
	d   *outbox.Dispatcher
}

func newClockWalk(e *env) *clockWalk {
	log := &channelLog{now: &e.now}
	return &clockWalk{e: e, log: log, d: &outbox.Dispatcher{Store: e.db, Platforms: map[bot.Platform]bot.Poster{bot.Console: log}}}
}

func (w *clockWalk) pass(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	if err := w.e.r.Planner().Tick(ctx, w.e.db, w.e.now); err != nil {
		t.Fatal(err)
	}
	if _, err := w.d.Deliver(ctx, w.e.now); err != nil {
		t.Fatal(err)
	}
}

func (w *clockWalk) until(t *testing.T, end time.Time) {
	t.Helper()
	for w.e.now.Before(end) {
		w.pass(t)
		next := w.e.now.Add(time.Hour)
		if due, ok, err := w.e.r.Planner().NextDue(context.Background(), w.e.now); err != nil {
			t.Fatal(err)
		} else if ok && due.Before(next) {
			next = due
		}
		if next.After(end) {
			next = end
		}
		w.e.now = next
	}
	w.pass(t)
}

func utc(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

func (e *env) newMeeting(title string, start time.Time, remind ...time.Duration) *jca.Meeting {
	e.t.Helper()
	m := &jca.Meeting{Title: title, Start: start, Duration: 2 * time.Hour, Zone: "Europe/Zurich", Kind: "e-meeting",
		Remind: remind, Channel: "console:general", CreatedBy: "console:chair", CreatedAt: e.now}
	if err := e.db.CreateMeeting(context.Background(), m, nil); err != nil {
		e.t.Fatal(err)
	}
	return m
}

// Reminders fall at their instants across the spring clock change, in the
// channel's zone with UTC beside.
func TestRemindersAcrossAClockChange(t *testing.T) {
	e := newEnv(t)
	e.ok("chair", "channel tz Europe/Zurich")
	e.now = utc(2032, 3, 20, 0, 0)
	// 10:00 in Zurich on 29 March is 08:00 UTC (CEST); its 24-hour reminder
	// falls on the 28th, after the change at 01:00 UTC.
	e.newMeeting("JCA e-meeting", utc(2032, 3, 29, 8, 0), 24*time.Hour, time.Hour)
	// 10:00 on 28 March (CEST, 08:00 UTC): its 24-hour reminder is at 08:00
	// UTC on the 27th, which reads 09:00 CET.
	e.newMeeting("Editing session", utc(2032, 3, 28, 8, 0), 24*time.Hour)
	w := newClockWalk(e)
	w.until(t, utc(2032, 4, 3, 0, 0))

	got := w.log.find("Reminder", "JCA e-meeting")
	if len(got) != 2 || !got[0].at.Equal(utc(2032, 3, 28, 8, 0)) || !got[1].at.Equal(utc(2032, 3, 29, 7, 0)) {
		t.Fatalf("reminders of M-1: %+v", got)
	}
	if !strings.Contains(got[0].text, "Mon 29 Mar 2032, 10:00 (Zurich, CEST) = 08:00 UTC") {
		t.Fatalf("reminder text: %s", got[0].text)
	}
	got = w.log.find("Reminder", "Editing session")
	if len(got) != 1 || !got[0].at.Equal(utc(2032, 3, 27, 8, 0)) || strings.Contains(got[0].text, "late") {
		t.Fatalf("reminders of M-2: %+v", got)
	}
	// Each reminder was posted once, however many ticks passed.
	if n := len(w.log.find("Reminder")); n != 3 {
		t.Fatalf("%d reminders posted", n)
	}
}

// After an outage, a reminder whose meeting has not started is sent marked
// late; one whose meeting has started is dropped, and recorded.
func TestMissedRemindersAfterAnOutage(t *testing.T) {
	e := newEnv(t)
	e.now = utc(2032, 5, 1, 8, 0)
	e.newMeeting("Soon", utc(2032, 5, 1, 12, 0), time.Hour)            // due 11:00
	e.newMeeting("Already on", utc(2032, 5, 1, 10, 0), 30*time.Minute) // due 09:30
	w := newClockWalk(e)
	w.pass(t)
	e.now = utc(2032, 5, 1, 11, 20) // the bot was down from 08:00 to 11:20
	w.pass(t)
	late := w.log.find("sent late", "Soon")
	if len(late) != 1 {
		t.Fatalf("late reminder: %+v", w.log.posts)
	}
	if len(w.log.find("Already on")) != 0 {
		t.Fatal("a reminder was sent after its meeting started")
	}
	dropped, _ := e.db.Entries(context.Background(), outbox.Dropped, 0)
	if len(dropped) != 1 || !strings.Contains(dropped[0].Key, "M-2") {
		t.Fatalf("dropped entries: %+v", dropped)
	}
	w.pass(t) // a second pass after the restart adds nothing
	if len(w.log.posts) != 1 {
		t.Fatalf("posts after a second pass: %d", len(w.log.posts))
	}
}

// A moved meeting's reminders follow it; a cancelled one's are not sent.
func TestMovedAndCancelledMeetings(t *testing.T) {
	e := newEnv(t)
	e.now = utc(2032, 6, 1, 0, 0)
	m := e.newMeeting("Moved", utc(2032, 6, 3, 12, 0), time.Hour)
	c := e.newMeeting("Cancelled", utc(2032, 6, 3, 14, 0), time.Hour)
	ctx := context.Background()
	e.db.UpdateMeeting(ctx, m.ID, func(m *jca.Meeting) error { m.Start = utc(2032, 6, 4, 12, 0); return nil })
	e.db.UpdateMeeting(ctx, c.ID, func(m *jca.Meeting) error { m.Cancelled = true; return nil })
	w := newClockWalk(e)
	w.until(t, utc(2032, 6, 6, 0, 0))
	got := w.log.find("Reminder")
	if len(got) != 1 || !got[0].at.Equal(utc(2032, 6, 4, 11, 0)) {
		t.Fatalf("reminders: %+v", got)
	}
}

// Liaison deadlines: three days before, and at 09:00 in the channel's zone
// on the day.
func TestLiaisonDeadlineReminders(t *testing.T) {
	e := newEnv(t)
	e.ok("chair", "channel tz Asia/Tokyo")
	e.now = utc(2032, 7, 1, 0, 0)
	l := &jca.Liaison{Direction: "out", From: "JCA-Res.178", To: []string{"IETF"}, Title: "IPv6 work", Purpose: "action",
		Deadline: utc(2032, 7, 10, 14, 59), Status: "open", Channel: "console:general", CreatedAt: e.now}
	if err := e.db.CreateLiaison(context.Background(), l); err != nil {
		t.Fatal(err)
	}
	w := newClockWalk(e)
	w.until(t, utc(2032, 7, 12, 0, 0))
	got := w.log.find("Deadline for", "L-1")
	// 09:00 in Tokyo on 10 July is 00:00 UTC.
	if len(got) != 2 || !got[0].at.Equal(utc(2032, 7, 7, 14, 59)) || !got[1].at.Equal(utc(2032, 7, 10, 0, 0)) {
		t.Fatalf("deadline reminders: %+v", got)
	}
	// The hint counts from the scheduler's clock, not the machine's.
	mustContain(t, got[0].text, "(in 3 days)")
	mustContain(t, got[1].text, "(in 14 hours)")
}

// 24 hours before a poll closes, a reminder names who has not answered; at
// the deadline the poll closes and its ranking is posted. A poll without a
// deadline closes when its first slot starts.
func TestPollDeadlines(t *testing.T) {
	e := newEnv(t)
	e.now = utc(2032, 3, 1, 9, 0)
	e.ok("amina", "member join SG13")
	e.ok("tom", "member join SG17")
	ctx := context.Background()
	withDeadline := &jca.Poll{Title: "March e-meeting", Zone: "Europe/Zurich", Duration: 2 * time.Hour,
		Slots:    []time.Time{utc(2032, 3, 26, 13, 0), utc(2032, 3, 29, 7, 30)},
		Deadline: utc(2032, 3, 20, 11, 0), Channel: "console:general", CreatedBy: "console:chair", CreatedAt: e.now}
	noDeadline := &jca.Poll{Title: "Drafting call", Zone: "UTC", Duration: time.Hour,
		Slots: []time.Time{utc(2032, 3, 10, 15, 0)}, Channel: "console:general", CreatedBy: "console:chair", CreatedAt: e.now}
	for _, p := range []*jca.Poll{withDeadline, noDeadline} {
		p.Posts = []jca.PostRef{{Channel: p.Channel}}
		if err := e.db.CreatePoll(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	e.ok("amina", "poll vote P-1 1=yes 2=maybe")
	w := newClockWalk(e)
	w.until(t, utc(2032, 3, 22, 0, 0))

	rem := w.log.find("P-1", "closes")
	if len(rem) != 1 || !rem[0].at.Equal(utc(2032, 3, 19, 11, 0)) || !strings.Contains(rem[0].text, "@tom") || strings.Contains(rem[0].text, "@amina") {
		t.Fatalf("poll reminder: %+v", rem)
	}
	p1, _ := e.db.FindPoll(ctx, 1)
	p2, _ := e.db.FindPoll(ctx, 2)
	if !p1.Closed || !p1.ClosedAt.Equal(withDeadline.Deadline) || !p2.Closed || !p2.ClosedAt.Equal(noDeadline.Slots[0]) {
		t.Fatalf("closed: %v %v / %v %v", p1.Closed, p1.ClosedAt, p2.Closed, p2.ClosedAt)
	}
	for _, ref := range []string{"P-1", "P-2"} {
		if got := w.log.find(ref, "March e-meeting", "Drafting call"); len(got) > 0 {
			t.Fatalf("one post mixes two polls: %v", got)
		}
	}
	closing := w.log.find("Drafting call")
	if len(closing) == 0 || !closing[len(closing)-1].at.Equal(utc(2032, 3, 10, 15, 0)) {
		t.Fatalf("P-2's ranking: %+v", closing)
	}
	closing = w.log.find("March e-meeting")
	if last := closing[len(closing)-1]; !last.at.Equal(utc(2032, 3, 20, 11, 0)) {
		t.Fatalf("P-1's ranking posted at %v", last.at)
	}
	mustContain(t, e.refused("tom", "poll vote P-1 1=yes"), "closed")
}

// outage is a platform that refuses every post (500) until back.
type outage struct {
	*channelLog
	back time.Time
}

func (o *outage) Post(ctx context.Context, ch bot.ChannelID, m bot.Message) (bot.MessageRef, error) {
	if o.now.Before(o.back) {
		return bot.MessageRef{}, errors.New("500 internal server error")
	}
	return o.channelLog.Post(ctx, ch, m)
}

// Reminders queued in time but held up by the platform are judged again
// when they are sent, by the rule used when they were queued: one whose
// meeting started meanwhile is dropped, one whose meeting was cancelled
// meanwhile is dropped, one still ahead goes out marked late.
func TestRemindersHeldUpByThePlatform(t *testing.T) {
	e := newEnv(t)
	e.now = utc(2032, 5, 1, 8, 0)
	e.newMeeting("Ahead", utc(2032, 5, 1, 12, 0), 3*time.Hour)      // due 09:00
	e.newMeeting("Started", utc(2032, 5, 1, 9, 30), 30*time.Minute) // due 09:00
	gone := e.newMeeting("Cancelled", utc(2032, 5, 1, 13, 0), 4*time.Hour)
	log := &channelLog{now: &e.now}
	w := &clockWalk{e: e, log: log, d: &outbox.Dispatcher{Store: e.db, Recheck: e.r.Planner().Recheck,
		Platforms: map[bot.Platform]bot.Poster{bot.Console: &outage{log, utc(2032, 5, 1, 10, 0)}}}}
	for e.now = utc(2032, 5, 1, 8, 0); e.now.Before(utc(2032, 5, 1, 10, 1)); e.now = e.now.Add(time.Minute) {
		if e.now.Equal(utc(2032, 5, 1, 9, 45)) {
			e.db.UpdateMeeting(context.Background(), gone.ID, func(m *jca.Meeting) error { m.Cancelled = true; return nil })
		}
		w.pass(t)
	}
	if got := log.find("Ahead"); len(got) != 1 || !strings.Contains(got[0].text, "sent late") {
		t.Fatalf("the reminder still ahead: %+v", log.posts)
	}
	if len(log.posts) != 1 {
		t.Fatalf("posts: %+v", log.posts)
	}
	dropped, _ := e.db.Entries(context.Background(), outbox.Dropped, 0)
	if len(dropped) != 2 {
		t.Fatalf("dropped: %+v", dropped)
	}
}
