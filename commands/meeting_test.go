package commands

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zone rules these tests depend on, even where the system has none

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/ics"
	"github.com/jcabot/jcabot/internal/jca"
)

// meeting reads a stored meeting.
func (e *env) meeting(id int) *jca.Meeting {
	e.t.Helper()
	m, err := e.db.FindMeeting(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

// meetingCount counts every stored meeting, cancelled and past ones too.
func (e *env) meetingCount() int {
	e.t.Helper()
	_, n, err := e.db.ListMeetings(context.Background(), jca.MeetingFilter{IncludeCancelled: true})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// calendar runs a line that must return one .ics attachment named name,
// and parses it back.
func (e *env) calendar(who, line, name string) ([]ics.Event, string) {
	e.t.Helper()
	rep := e.do(who, line)
	if rep.Refused {
		e.t.Fatalf("%s: refused: %s", line, plain(rep.Message))
	}
	if len(rep.Message.Files) != 1 {
		e.t.Fatalf("%s: %d files", line, len(rep.Message.Files))
	}
	f := rep.Message.Files[0]
	if f.Name != name || f.MediaType != "text/calendar" {
		e.t.Fatalf("%s: file %q (%s)", line, f.Name, f.MediaType)
	}
	evs, err := ics.Parse(bytes.NewReader(f.Data))
	if err != nil {
		e.t.Fatalf("%s: the calendar does not parse: %v\n%s", line, err, f.Data)
	}
	return evs, string(f.Data)
}

// unfold undoes the folding of an iCalendar file, to look for a value.
func unfold(raw string) string { return strings.ReplaceAll(raw, "\r\n ", "") }

func TestMeetingScheduleTellsTheChannel(t *testing.T) {
	e := newEnv(t)
	e.ok("chair", "channel tz Europe/Zurich")
	e.ok("alice", "member join SG13")
	e.ok("alice", "tz set America/New_York")
	rep := e.do("alice", `meeting schedule "JCA e-meeting" "2032-03-26 14:00" --tz Europe/Zurich --link https://meet.example.org/jca`)
	if rep.Refused || rep.Audience != bot.ToPerson {
		t.Fatalf("refused or public: %s", plain(rep.Message))
	}
	out := plain(rep.Message)
	mustContain(t, out, "Scheduled M-1: JCA e-meeting.",
		"When: Fri 26 Mar 2032, 09:00-11:00 (New York, EDT), in ",
		"Its time zone: Fri 26 Mar 2032, 14:00-16:00 (Zurich, CET)",
		"UTC: Fri 26 Mar 2032, 13:00-15:00 (UTC)",
		"Length: 2 h", "Kind: e-meeting", "Link: https://meet.example.org/jca", "Reminders: 24 h, 1 h before",
		"`/jca meeting ics M-1`")
	if rep.Announce == nil {
		t.Fatal("the channel is not told")
	}
	ann := plain(*rep.Announce)
	mustContain(t, ann, "New meeting M-1: JCA e-meeting", "When: Fri 26 Mar 2032, 14:00-16:00 (Zurich, CET)",
		"UTC: Fri 26 Mar 2032, 13:00-15:00 (UTC)", "`/jca meeting show M-1` shows it in your own time zone")
	mustNotContain(t, ann, "New York", "Reminders")

	m := e.meeting(1)
	want := jca.Meeting{ID: 1, Title: "JCA e-meeting", Start: time.Date(2032, 3, 26, 13, 0, 0, 0, time.UTC), Duration: 2 * time.Hour,
		Zone: "Europe/Zurich", Kind: "e-meeting", Link: "https://meet.example.org/jca", Channel: "console:general", CreatedBy: "console:alice"}
	if !m.Start.Equal(want.Start) || m.Duration != want.Duration || m.Zone != want.Zone || m.Kind != want.Kind || m.Link != want.Link ||
		m.Channel != want.Channel || m.CreatedBy != want.CreatedBy || m.Sequence != 0 || m.Cancelled || m.Where != "" ||
		!slices.Equal(m.Remind, jca.DefaultReminders()) || !m.CreatedAt.Equal(e.now) {
		t.Fatalf("stored %+v", m)
	}
}

func TestMeetingScheduleForms(t *testing.T) {
	tests := []struct {
		name   string
		tz     string // the person's zone, "" for none
		line   string
		start  time.Time
		length time.Duration
		zone   string
		kind   string
		where  string
		remind []time.Duration
	}{
		{"in the person's zone", "Asia/Tokyo", `meeting schedule "T" "2032-03-26 22:00"`,
			time.Date(2032, 3, 26, 13, 0, 0, 0, time.UTC), 2 * time.Hour, "Asia/Tokyo", "e-meeting", "", jca.DefaultReminders()},
		{"default zone is the bot's", "", `meeting schedule "T" "2032-03-26 13:00"`,
			time.Date(2032, 3, 26, 13, 0, 0, 0, time.UTC), 2 * time.Hour, "UTC", "e-meeting", "", jca.DefaultReminders()},
		{"--tz wins over the person's zone", "Asia/Tokyo", `meeting schedule "T" "2032-03-29 09:30" --tz europe/zurich`,
			time.Date(2032, 3, 29, 7, 30, 0, 0, time.UTC), 2 * time.Hour, "Europe/Zurich", "e-meeting", "", jca.DefaultReminders()},
		{"a range sets the length", "Europe/Zurich", `meeting schedule "T" "2032-03-29 09:30-12:45"`,
			time.Date(2032, 3, 29, 7, 30, 0, 0, time.UTC), 3*time.Hour + 15*time.Minute, "Europe/Zurich", "e-meeting", "", jca.DefaultReminders()},
		{"an explicit offset", "Asia/Tokyo", `meeting schedule "T" "2032-03-26T14:00+01:00"`,
			time.Date(2032, 3, 26, 13, 0, 0, 0, time.UTC), 2 * time.Hour, "Asia/Tokyo", "e-meeting", "", jca.DefaultReminders()},
		{"length and physical", "", `meeting schedule "T" "2032-03-26 13:00" --duration 1h30 --kind in-person --where "ITU, Room H"`,
			time.Date(2032, 3, 26, 13, 0, 0, 0, time.UTC), 90 * time.Minute, "UTC", "physical", "ITU, Room H", jca.DefaultReminders()},
		{"reminders sorted and deduplicated", "", `meeting schedule "T" "2032-03-26 13:00" --remind 30m,1w,2d --remind 2d,48h`,
			time.Date(2032, 3, 26, 13, 0, 0, 0, time.UTC), 2 * time.Hour, "UTC", "e-meeting", "", []time.Duration{7 * 24 * time.Hour, 48 * time.Hour, 30 * time.Minute}},
		{"no reminders", "", `meeting schedule "T" "2032-03-26 13:00" --remind none`,
			time.Date(2032, 3, 26, 13, 0, 0, 0, time.UTC), 2 * time.Hour, "UTC", "e-meeting", "", []time.Duration{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			if tt.tz != "" {
				e.ok("chair", "tz set "+tt.tz)
			}
			e.ok("chair", tt.line)
			m := e.meeting(1)
			if !m.Start.Equal(tt.start) || m.Duration != tt.length || m.Zone != tt.zone || m.Kind != tt.kind || m.Where != tt.where ||
				!slices.Equal(m.Remind, tt.remind) {
				t.Fatalf("stored start %v length %v zone %q kind %q where %q remind %v", m.Start.UTC(), m.Duration, m.Zone, m.Kind, m.Where, m.Remind)
			}
		})
	}
}

func TestMeetingScheduleRefusals(t *testing.T) {
	tests := []struct {
		name  string
		line  string
		wants []string
	}{
		{"not a time", `meeting schedule "T" "26/03/2032 14:00"`, []string{"`26/03/2032 14:00` is not a date and time", "`2032-03-26 14:00`", "Example: `/jca meeting schedule"}},
		{"no such day", `meeting schedule "T" "2032-02-30 14:00"`, []string{"`2032-02-30 14:00` is not a date and time"}},
		{"in the past", `meeting schedule "T" "2026-11-24 10:00"`, []string{"`2026-11-24 10:00` is in the past: Tue 24 Nov 2026, 10:00 (UTC).", "Choose a time to come"}},
		{"the clocks skip it", `meeting schedule "T" "2032-03-28 02:30" --tz Europe/Zurich`, []string{
			"`2032-03-28 02:30` does not exist in Europe/Zurich: the clocks go forward an hour that night",
			"`2032-03-28T01:30+01:00` (Zurich, CET) or `2032-03-28T03:30+02:00` (Zurich, CEST)"}},
		{"the clocks repeat it", `meeting schedule "T" "2032-10-31 02:30" --tz Europe/Zurich`, []string{
			"`2032-10-31 02:30` happens twice in Europe/Zurich: the clocks go back an hour that night",
			"`2032-10-31T02:30+02:00` (the first, Zurich, CEST) or `2032-10-31T02:30+01:00` (the second, Zurich, CET)"}},
		{"unknown zone", `meeting schedule "T" "2032-03-26 14:00" --tz Europe/Zurik`, []string{"Unknown time zone `Europe/Zurik`", "`Europe/Zurich`"}},
		{"bad duration", `meeting schedule "T" "2032-03-26 14:00" --duration 2x`, []string{"`2x` is not a meeting length", "`1h30m`"}},
		{"zero duration", `meeting schedule "T" "2032-03-26 14:00" --duration 0h`, []string{"`0h` is not a meeting length"}},
		{"too long", `meeting schedule "T" "2032-03-26 14:00" --duration 8d`, []string{"`8d` is not a meeting length", "up to 7 days"}},
		{"range the wrong way round", `meeting schedule "T" "2032-03-26 16:00-14:00"`, []string{"`2032-03-26 16:00-14:00` ends before it starts", "would last 22h", "(`2032-03-26 14:00-16:00`)"}},
		{"range and duration", `meeting schedule "T" "2032-03-26 14:00-15:00" --duration 2h`, []string{"already a range", "drop `--duration`"}},
		{"bad reminder", `meeting schedule "T" "2032-03-26 14:00" --remind soon`, []string{"`soon` is not a reminder", "`24h`"}},
		{"reminder of zero", `meeting schedule "T" "2032-03-26 14:00" --remind 0m`, []string{"`0m` is not a reminder"}},
		{"reminder too early", `meeting schedule "T" "2032-03-26 14:00" --remind 31d`, []string{"`31d` is not a reminder", "up to 30 days"}},
		{"too many reminders", `meeting schedule "T" "2032-03-26 14:00" --remind 1h,2h,3h,4h,5h,6h`, []string{"6 reminders is too many: give at most 5"}},
		{"unknown kind", `meeting schedule "T" "2032-03-26 14:00" --kind physicl`, []string{"Unknown kind of meeting `physicl`", "e-meeting, physical", "Did you mean `physical`?"}},
		{"bad link", `meeting schedule "T" "2032-03-26 14:00" --link ftp://x`, []string{"`ftp://x` is not a web link"}},
		{"physical without a place", `meeting schedule "T" "2032-03-26 14:00" --kind physical`, []string{"A physical meeting needs a place", "--where"}},
		{"empty place", `meeting schedule "T" "2032-03-26 14:00" --kind physical --where " "`, []string{"The place is empty"}},
		{"empty title", `meeting schedule "" "2032-03-26 14:00"`, []string{"The title is empty"}},
		{"title too long", `meeting schedule "` + strings.Repeat("é", 301) + `" "2032-03-26 14:00"`, []string{"too long: 301 characters"}},
		{"missing time", `meeting schedule "T"`, []string{"`\"<YYYY-MM-DD HH:MM>\"` is missing", "Usage: `/jca meeting schedule"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			out := e.refused("chair", tt.line)
			mustContain(t, out, tt.wants...)
			mustNotContain(t, out, "%!", "meeting.err", "SlotError")
			if n := e.meetingCount(); n != 0 {
				t.Fatalf("a refused schedule stored %d meetings", n)
			}
		})
	}
}

// A range past midnight is a call that runs late; one that would last more
// than 12 hours is a range typed the wrong way round, refused on reschedule
// too, and the meeting keeps its time.
func TestMeetingRangeAcrossMidnight(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.ok("chair", `meeting schedule "Late call" "2032-03-26 23:00-01:00"`), "Length: 2 h")
	out := e.refused("chair", `meeting reschedule M-1 "2032-03-27 18:30 – 09:00"`)
	mustContain(t, out, "would last 14h30", "(`2032-03-27 09:00 – 18:30`)")
	if got := e.meeting(1).Start; !got.Equal(time.Date(2032, 3, 26, 23, 0, 0, 0, time.UTC)) {
		t.Errorf("the refused reschedule moved the meeting to %v", got)
	}
}

// The readings offered for a skipped or repeated time are accepted as typed.
func TestMeetingOffsetReadingsAccepted(t *testing.T) {
	e := newEnv(t)
	e.ok("chair", `meeting schedule "Spring" "2032-03-28T03:30+02:00" --tz Europe/Zurich`)
	e.ok("chair", `meeting schedule "Autumn, second" "2032-10-31T02:30+01:00" --tz Europe/Zurich`)
	if got := e.meeting(1).Start; !got.Equal(time.Date(2032, 3, 28, 1, 30, 0, 0, time.UTC)) {
		t.Errorf("spring reading %v", got.UTC())
	}
	if got := e.meeting(2).Start; !got.Equal(time.Date(2032, 10, 31, 1, 30, 0, 0, time.UTC)) {
		t.Errorf("autumn reading %v", got.UTC())
	}
	mustContain(t, e.ok("chair", "meeting show M-2"), "Sun 31 Oct 2032, 01:30-03:30 (UTC)", "Sun 31 Oct 2032, 02:30-04:30 (Zurich, CET)",
		"Note: the clocks in Zurich change on Sun 31 Oct 2032")
}

func TestMeetingPermissions(t *testing.T) {
	e := newEnv(t)
	out := e.refused("bob", `meeting schedule "T" "2032-03-26 14:00"`)
	mustContain(t, out, "Only a member or a chair can schedule a meeting", "`/jca member join SG13`", "Chairs: @chair")
	e.ok("bob", "member join SG13")
	e.ok("bob", `meeting schedule "Bob's" "2032-03-26 14:00"`)
	e.ok("chair", `meeting schedule "The chair's" "2032-03-27 14:00"`) // a chair need not be a member
	e.ok("carol", "member join SG17")

	before := e.meeting(1)
	for _, line := range []string{
		`meeting move M-1 "2032-03-28 14:00"`,
		`meeting cancel M-1`,
		`meeting agenda M-1 add "Carol's point"`,
		`meeting move M-1 "not a time"`,   // who may is told first
		`meeting agenda M-1 add T-99`,     //
		`meeting agenda M-1 frobnicate 1`, //
	} {
		out := e.refused("carol", line)
		mustContain(t, out, "Only the author of M-1 or a chair can", "Chairs: @chair")
	}
	if after := e.meeting(1); after.Rev != before.Rev || after.Sequence != 0 {
		t.Fatalf("a refused change wrote: rev %d → %d", before.Rev, after.Rev)
	}
	// Its creator and a chair may change it; anyone may read it.
	e.ok("bob", `meeting agenda M-1 add "Bob's point"`)
	e.ok("chair", `meeting move M-1 "2032-03-28 14:00"`)
	e.ok("carol", "meeting show M-1")
	e.ok("carol", "meeting list")
	e.calendar("carol", "meeting ics M-1", "jca-M-1.ics")
	e.ok("chair", "meeting cancel M-1")
	// The chair's own meeting: bob may not touch it.
	mustContain(t, e.refused("bob", "meeting cancel M-2"), "Only the author of M-2 or a chair can cancel it.")
}

// The same two meetings, seen from Cairo, New York and Tokyo, across the
// clock change in Zurich on 28 March 2032 (New York changed on 14 March).
func TestMeetingTimesForViewers(t *testing.T) {
	e := newEnv(t)
	e.ok("chair", `meeting schedule "Before the change" "2032-03-26 14:00" --tz Europe/Zurich`)
	e.ok("chair", `meeting schedule "After the change" "2032-03-29 09:30" --tz Europe/Zurich`)
	tests := []struct {
		zone     string
		m1, m2   string
		noteM2   bool // a clock change shown for M-2 (Zurich's, in the week before)
		ownNotes []string
	}{
		{"Africa/Cairo", "Fri 26 Mar 2032, 15:00-17:00 (Cairo, EET)", "Mon 29 Mar 2032, 09:30-11:30 (Cairo, EET)", true, nil},
		{"America/New_York", "Fri 26 Mar 2032, 09:00-11:00 (New York, EDT)", "Mon 29 Mar 2032, 03:30-05:30 (New York, EDT)", true, nil},
		{"Asia/Tokyo", "Fri 26 Mar 2032, 22:00 - Sat 27 Mar 2032, 00:00 (Tokyo, JST)", "Mon 29 Mar 2032, 16:30-18:30 (Tokyo, JST)", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			who := strings.ToLower(strings.ReplaceAll(tt.zone, "/", "-"))
			e.ok(who, "tz set "+tt.zone)
			one := e.ok(who, "meeting show M-1")
			mustContain(t, one, "When: "+tt.m1, "Its time zone: Fri 26 Mar 2032, 14:00-16:00 (Zurich, CET)", "UTC: Fri 26 Mar 2032, 13:00-15:00 (UTC)")
			mustNotContain(t, one, "Note:")
			two := e.ok(who, "meeting show M-2")
			mustContain(t, two, "When: "+tt.m2, "Its time zone: Mon 29 Mar 2032, 09:30-11:30 (Zurich, CEST)", "UTC: Mon 29 Mar 2032, 07:30-09:30 (UTC)",
				"Note: the clocks in Zurich change on Sun 28 Mar 2032, in the week before this meeting.")
			mustNotContain(t, two, "clocks in New York", "clocks in Cairo", "clocks in Tokyo")
			list := e.ok(who, "meeting list")
			mustContain(t, list, "Meetings to come (2)", "M-1 · "+tt.m1+" · Before the change · in ", "M-2 · "+tt.m2+" · After the change")
		})
	}
	// In the meeting's own zone, the zone is not repeated.
	e.ok("zurich", "tz set Europe/Zurich")
	out := e.ok("zurich", "meeting show M-1")
	mustContain(t, out, "When: Fri 26 Mar 2032, 14:00-16:00 (Zurich, CET)", "UTC: Fri 26 Mar 2032, 13:00-15:00 (UTC)")
	mustNotContain(t, out, "Its time zone")
	// The viewer's own clock change counts too: New York changes on 14 March.
	e.ok("chair", `meeting schedule "Tokyo call" "2032-03-16 21:00" --tz Asia/Tokyo`)
	out = e.ok("america-new_york", "meeting show M-3")
	mustContain(t, out, "When: Tue 16 Mar 2032, 08:00-10:00 (New York, EDT)", "Its time zone: Tue 16 Mar 2032, 21:00-23:00 (Tokyo, JST)",
		"Note: the clocks in New York change on Sun 14 Mar 2032")
	mustNotContain(t, e.ok("asia-tokyo", "meeting show M-3"), "Note:")
}

func TestMeetingMoveRaisesSequence(t *testing.T) {
	e := newEnv(t)
	e.ok("chair", "channel tz Europe/Zurich")
	e.ok("alice", "member join SG13")
	e.ok("alice", `meeting schedule "JCA e-meeting" "2032-03-26 14:00" --tz Europe/Zurich --link https://meet.example.org/jca`)
	evs, raw := e.calendar("bob", "meeting ics M-1", "jca-M-1.ics")
	stamp := e.now
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	ev := evs[0]
	if ev.UID != "M-1@jcabot.jca-res178" || ev.Sequence != 0 || ev.Status != ics.Confirmed || ev.Summary != "JCA e-meeting" ||
		ev.URL != "https://meet.example.org/jca" || ev.Location != "" || !ev.Stamp.Equal(stamp) ||
		!ev.Start.Equal(time.Date(2032, 3, 26, 13, 0, 0, 0, time.UTC)) || !ev.End.Equal(time.Date(2032, 3, 26, 15, 0, 0, 0, time.UTC)) {
		t.Fatalf("event %+v", ev)
	}
	mustContain(t, raw, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//jcabot//JCA meetings//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n",
		"DTSTART:20320326T130000Z\r\n", "DTEND:20320326T150000Z\r\n", "SEQUENCE:0\r\n", "STATUS:CONFIRMED\r\n")

	rep := e.do("alice", `meeting move M-1 "2032-03-27 10:00" --tz Europe/Zurich`)
	out := plain(rep.Message)
	mustContain(t, out, "Moved M-1: JCA e-meeting.", "When: Sat 27 Mar 2032, 09:00-11:00 (UTC)",
		"Its time zone: Sat 27 Mar 2032, 10:00-12:00 (Zurich, CET)", "It was Fri 26 Mar 2032, 13:00 (UTC).")
	if rep.Announce == nil {
		t.Fatal("a move is not announced")
	}
	mustContain(t, plain(*rep.Announce), "Meeting M-1 has moved: JCA e-meeting", "When: Sat 27 Mar 2032, 10:00-12:00 (Zurich, CET)",
		"UTC: Sat 27 Mar 2032, 09:00-11:00 (UTC)", "It was Fri 26 Mar 2032, 14:00 (Zurich, CET).")
	evs, _ = e.calendar("bob", "meeting ics M-1", "jca-M-1.ics")
	if evs[0].Sequence != 1 || !evs[0].Start.Equal(time.Date(2032, 3, 27, 9, 0, 0, 0, time.UTC)) || evs[0].UID != ev.UID {
		t.Fatalf("after one move %+v", evs[0])
	}
	// A range in another zone changes the length and the meeting's zone.
	e.ok("alice", `meeting move M-1 "2032-03-29 17:00-18:30" --tz Africa/Cairo`)
	evs, _ = e.calendar("bob", "meeting ics M-1", "jca-M-1.ics")
	if evs[0].Sequence != 2 || !evs[0].Start.Equal(time.Date(2032, 3, 29, 15, 0, 0, 0, time.UTC)) ||
		!evs[0].End.Equal(time.Date(2032, 3, 29, 16, 30, 0, 0, time.UTC)) {
		t.Fatalf("after two moves %+v", evs[0])
	}
	m := e.meeting(1)
	if m.Zone != "Africa/Cairo" || m.Duration != 90*time.Minute {
		t.Fatalf("stored zone %q length %v", m.Zone, m.Duration)
	}
	show := e.ok("bob", "meeting show M-1")
	mustContain(t, show, "History (4 changes)",
		"@alice changed the time: Fri 26 Mar 2032, 13:00 (UTC) → Sat 27 Mar 2032, 09:00 (UTC)",
		"@alice changed the length: 2 h → 1 h 30 min", "@alice changed the time zone: Europe/Zurich → Africa/Cairo")

	// Refusals change nothing.
	for _, tt := range []struct{ line, want string }{
		{`meeting move M-1 "2032-03-29 17:00" --tz Africa/Cairo`, "M-1 is already at that time."},
		{`meeting move M-1 "2026-11-20 10:00"`, "is in the past"},
		{`meeting move M-1 "2032-03-28 02:30" --tz Europe/Zurich`, "does not exist in Europe/Zurich"},
		{`meeting move M-1 "2032-03-30 10:00-11:00" --duration 1h`, "already a range"},
		{`meeting move M-9 "2032-03-30 10:00"`, "M-9 does not exist"},
		{`meeting move X-1 "2032-03-30 10:00"`, "`X-1` is not an id. Write it like `M-2`"},
	} {
		mustContain(t, e.refused("alice", tt.line), tt.want)
	}
	if after := e.meeting(1); after.Rev != m.Rev || after.Sequence != 2 {
		t.Fatalf("a refused move wrote: rev %d → %d, sequence %d", m.Rev, after.Rev, after.Sequence)
	}
}

func TestMeetingCancel(t *testing.T) {
	e := newEnv(t)
	e.ok("chair", `meeting schedule "JCA e-meeting" "2032-03-26 14:00" --tz Europe/Zurich`)
	e.ok("chair", `meeting schedule "Next one" "2032-04-26 14:00" --tz Europe/Zurich`)
	rep := e.do("chair", `meeting cancel M-1 --reason "Merged with the TSAG session; see the list"`)
	mustContain(t, plain(rep.Message), "Cancelled M-1: JCA e-meeting, planned for Fri 26 Mar 2032, 13:00-15:00 (UTC).", "The channel is told.")
	if rep.Announce == nil {
		t.Fatal("a cancellation is not announced")
	}
	mustContain(t, plain(*rep.Announce), "Meeting M-1 is cancelled: JCA e-meeting", "Planned for: Fri 26 Mar 2032, 13:00-15:00 (UTC)",
		"Reason: Merged with the TSAG session; see the list")
	m := e.meeting(1)
	if !m.Cancelled || m.Reason != "Merged with the TSAG session; see the list" || m.Sequence != 1 {
		t.Fatalf("stored %+v", m)
	}
	mustContain(t, e.ok("bob", "meeting show M-1"), "This meeting is cancelled: Merged with the TSAG session; see the list",
		"@chair changed the status: scheduled → cancelled")

	evs, raw := e.calendar("bob", "meeting ics M-1", "jca-M-1.ics")
	if evs[0].Status != ics.Cancelled || evs[0].Sequence != 1 || !strings.Contains(evs[0].Description, "Merged with the TSAG session; see the list") {
		t.Fatalf("event %+v", evs[0])
	}
	mustContain(t, unfold(raw), "STATUS:CANCELLED\r\n", `Merged with the TSAG session\; see the list`)

	// A cancelled meeting stays cancelled.
	for _, tt := range []struct{ line, want string }{
		{`meeting cancel M-1`, "M-1 is already cancelled."},
		{`meeting move M-1 "2032-03-27 14:00"`, "M-1 is cancelled and can no longer be changed"},
		{`meeting agenda M-1 add "A point"`, "M-1 is cancelled and can no longer be changed"},
		{`meeting agenda M-1 remove 1`, "M-1 is cancelled and can no longer be changed"},
	} {
		mustContain(t, e.refused("chair", tt.line), tt.want)
	}
	if after := e.meeting(1); after.Rev != m.Rev {
		t.Fatal("a refusal wrote")
	}
	// Lists leave it out; the calendar of everything keeps it, cancelled.
	list := e.ok("bob", "meeting list")
	mustContain(t, list, "Meetings to come (1)", "M-2")
	mustNotContain(t, list, "M-1")
	evs, _ = e.calendar("bob", "meeting ics", "jca-meetings.ics")
	if len(evs) != 2 || evs[0].UID != "M-1@jcabot.jca-res178" || evs[0].Status != ics.Cancelled || evs[1].Status != ics.Confirmed {
		t.Fatalf("events %+v", evs)
	}
}

func TestMeetingCancelAfterItTookPlace(t *testing.T) {
	e := newEnv(t)
	m := &jca.Meeting{Title: "Last week", Start: e.now.Add(-7 * 24 * time.Hour), Duration: time.Hour, Zone: "UTC", Kind: "e-meeting", CreatedBy: "console:chair"}
	if err := e.db.CreateMeeting(context.Background(), m, nil); err != nil {
		t.Fatal(err)
	}
	mustContain(t, e.refused("chair", "meeting cancel M-1"), "M-1 has already taken place")
	if e.meeting(1).Cancelled {
		t.Fatal("cancelled")
	}
}

func TestMeetingAgenda(t *testing.T) {
	e := newEnv(t)
	topic := &jca.Proposal{Kind: jca.TopicProposal, Title: "Quantum-safe signalling, for IMT-2030", Groups: []string{"SG13", "SG17"},
		Status: "proposed", CreatedBy: "console:alice", CreatedAt: e.now}
	if err := e.db.CreateProposal(context.Background(), topic); err != nil {
		t.Fatal(err)
	}
	e.ok("alice", "member join SG13")
	e.ok("alice", `meeting schedule "JCA e-meeting" "2032-03-26 14:00" --tz Europe/Zurich`)
	mustContain(t, e.ok("alice", "meeting show M-1"), "No agenda yet")
	mustContain(t, e.refused("alice", "meeting agenda M-1 remove 1"), "The agenda of M-1 is empty")

	out := e.ok("alice", "meeting agenda M-1 add t1")
	mustContain(t, out, "Added to the agenda of M-1 as point 1: T-1 Quantum-safe signalling, for IMT-2030.", "Agenda (1)", "1. T-1 Quantum-safe signalling")
	out = e.ok("alice", `meeting agenda M-1 add "Liaison statements received; reply by \"June\""`)
	mustContain(t, out, "as point 2: Liaison statements received; reply by \"June\".", "2. Liaison statements received")
	e.ok("chair", `meeting agenda M-1 add "Any other business"`)

	for _, tt := range []struct{ line, want string }{
		{"meeting agenda M-1 add T-1", "T-1 is already point 1 of the agenda of M-1."},
		{"meeting agenda M-1 add T-9", "There is no topic T-9. `/jca topic list` shows the topics."},
		{"meeting agenda M-1 remove 4", "There is no point 4 on the agenda of M-1 (points: 3)."},
		{"meeting agenda M-1 remove 0", "`0` is not a point number"},
		{"meeting agenda M-1 remove two", "`two` is not a point number"},
		{"meeting agenda M-1 ad T-1", "`ad` is not something to do with an agenda"},
		{`meeting agenda M-1 add ""`, "The agenda point is empty."},
		{"meeting agenda M-9 add T-1", "M-9 does not exist"},
		{"meeting agenda M-1 add", "`<T-n|\"text\">` is missing"},
	} {
		mustContain(t, e.refused("alice", tt.line), tt.want)
	}
	before := e.meeting(1)
	if len(before.Agenda) != 3 || before.Sequence != 3 || before.Agenda[0] != (jca.AgendaItem{Topic: 1, Text: topic.Title}) {
		t.Fatalf("stored agenda %+v sequence %d", before.Agenda, before.Sequence)
	}

	out = e.ok("alice", "meeting agenda M-1 remove 2")
	mustContain(t, out, "Removed point 2 from the agenda of M-1: Liaison statements received", "1. T-1 Quantum", "2. Any other business")
	mustNotContain(t, out, "3. ")
	m := e.meeting(1)
	if len(m.Agenda) != 2 || m.Agenda[1].Text != "Any other business" || m.Sequence != 4 {
		t.Fatalf("after remove %+v sequence %d", m.Agenda, m.Sequence)
	}
	evs, raw := e.calendar("bob", "meeting ics M-1", "jca-M-1.ics")
	if !strings.Contains(evs[0].Description, "Agenda (2)\n1. T-1 Quantum-safe signalling, for IMT-2030\n2. Any other business") || evs[0].Sequence != 4 {
		t.Fatalf("description %q sequence %d", evs[0].Description, evs[0].Sequence)
	}
	mustContain(t, unfold(raw), `T-1 Quantum-safe signalling\, for IMT-2030\n2. Any other business`)
	mustContain(t, e.ok("bob", "meeting show M-1"), "@alice added to the agenda: T-1 Quantum", "@alice took off the agenda: Liaison statements received; reply by \"June\"")
}

func TestMeetingAgendaFull(t *testing.T) {
	e := newEnv(t)
	e.ok("chair", `meeting schedule "T" "2032-03-26 14:00"`)
	for i := 1; i <= maxAgendaItems; i++ {
		e.ok("chair", fmt.Sprintf(`meeting agenda M-1 add "Point %d"`, i))
	}
	mustContain(t, e.refused("chair", `meeting agenda M-1 add "One more"`), "already has 30 points")
}

func TestMeetingListPagesAndHints(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.ok("bob", "meeting list"), "No meeting is scheduled.", "`/jca meeting schedule")
	rep := e.do("bob", "meeting ics")
	if rep.Refused || len(rep.Message.Files) != 0 {
		t.Fatal("an empty calendar was sent")
	}
	mustContain(t, plain(rep.Message), "No meeting is scheduled.")

	past := &jca.Meeting{Title: "Over", Start: e.now.Add(-48 * time.Hour), Duration: time.Hour, Zone: "UTC", Kind: "e-meeting", CreatedBy: "console:chair"}
	if err := e.db.CreateMeeting(context.Background(), past, nil); err != nil {
		t.Fatal(err)
	}
	e.ok("chair", `meeting schedule "Soon" "2026-11-28 12:00"`)
	for i := 0; i < 20; i++ {
		e.ok("chair", fmt.Sprintf(`meeting schedule "Later %d" "2027-01-%02d 12:00"`, i+1, i+1))
	}
	out := e.ok("bob", "meeting list")
	mustContain(t, out, "Meetings to come (21)", "M-2 · Sat 28 Nov 2026, 12:00-14:00 (UTC) · Soon · in 3 days", "1-20 of 21. `--page 2` for more.")
	mustNotContain(t, out, "Over", "Later 20")
	mustContain(t, e.ok("bob", "meeting list --page 2"), "Later 20", "21-21 of 21.")
	mustContain(t, e.ok("bob", "meeting list --page 3"), "There is no such page")
	evs, _ := e.calendar("bob", "meeting ics", "jca-meetings.ics")
	if len(evs) != 21 || evs[0].Summary != "Soon" {
		t.Fatalf("%d events, first %q", len(evs), evs[0].Summary)
	}
	for _, ev := range evs {
		if !ev.Stamp.Equal(e.now) {
			t.Fatalf("DTSTAMP %v, want the request time %v", ev.Stamp, e.now)
		}
	}
}

func TestMeetingPhysicalShow(t *testing.T) {
	e := newEnv(t)
	e.ok("chair", `meeting schedule "JCA in Geneva" "2032-03-29 09:30-12:30" --tz Europe/Zurich --kind physical --where "ITU, Montbrillant, Room H" --remind 2d,1h`)
	out := e.ok("bob", "meeting show M-1")
	mustContain(t, out, "M-1 JCA in Geneva", "When: Mon 29 Mar 2032, 07:30-10:30 (UTC)", "Its time zone: Mon 29 Mar 2032, 09:30-12:30 (Zurich, CEST)",
		"Length: 3 h", "Kind: in person", "Where: ITU, Montbrillant, Room H", "Reminders: 2 days, 1 h before", "Scheduled: by @chair",
		"No agenda yet")
	mustNotContain(t, out, "Link:", "UTC: ")
	evs, _ := e.calendar("bob", "meeting ics M-1", "jca-M-1.ics")
	if evs[0].Location != "ITU, Montbrillant, Room H" || evs[0].URL != "" {
		t.Fatalf("event %+v", evs[0])
	}
	mustContain(t, e.refused("bob", "meeting show M-7"), "M-7 does not exist")
	mustContain(t, e.refused("bob", "meeting show x"), "`x` is not an id")
}

func TestMeetingFrench(t *testing.T) {
	e := newEnv(t)
	e.ok("chair", "channel lang fr")
	e.ok("chair", "channel tz Europe/Zurich")
	e.ok("camille", "lang set fr")
	e.ok("camille", "tz set Africa/Cairo")
	e.ok("camille", "member join SG13")
	rep := e.do("camille", `meeting schedule "Réunion de la JCA" "2032-03-26 15:00"`)
	out := plain(rep.Message)
	mustContain(t, out, "Réunion M-1 programmée\u00a0: Réunion de la JCA.", "Quand\u00a0: ven. 26 mars 2032, 15:00-17:00 (Cairo, EET), dans ",
		"UTC\u00a0: ven. 26 mars 2032, 13:00-15:00 (UTC)", "Durée\u00a0: 2 h", "Type\u00a0: réunion en ligne", "Rappels\u00a0: 24 h, 1 h avant")
	mustContain(t, plain(*rep.Announce), "Nouvelle réunion M-1\u00a0: Réunion de la JCA", "Quand\u00a0: ven. 26 mars 2032, 14:00-16:00 (Zurich, CET)")
	mustContain(t, e.refused("camille", `meeting schedule "T" "2032-03-28 02:30" --tz Europe/Zurich`),
		"`2032-03-28 02:30` n'existe pas dans le fuseau Europe/Zurich", "`2032-03-28T03:30+02:00` (Zurich, CEST)")
	mustContain(t, e.refused("camille", `meeting schedule "T" "2032-03-26 15:00" --kind physical`), "Une réunion en présentiel a besoin d'un lieu")
	rep = e.do("camille", `meeting cancel M-1 --reason "Reportée"`)
	mustContain(t, plain(rep.Message), "Réunion M-1 annulée\u00a0: Réunion de la JCA, prévue le ven. 26 mars 2032, 15:00-17:00 (Cairo, EET).")
	mustContain(t, plain(*rep.Announce), "La réunion M-1 est annulée", "Motif\u00a0: Reportée")
	evs, _ := e.calendar("camille", "meeting ics M-1", "jca-M-1.ics")
	if !strings.Contains(evs[0].Description, "Cette réunion est annulée\u00a0: Reportée") {
		t.Fatalf("description %q", evs[0].Description)
	}
	mustContain(t, e.ok("camille", "meeting list"), "Aucune réunion n'est programmée.")
}

func TestMeetingHelp(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.ok("a", "help meeting"), "meeting schedule", "meeting agenda", "meeting ics")
	mustContain(t, e.ok("a", "help meeting schedule"), "--remind 24h,...", "Only a member or a chair can do this.")
	mustContain(t, e.ok("a", "help meeting move"), "Only its creator or a chair can do this.")
	mustContain(t, e.refused("a", "meeting shedule"), "Did you mean `meeting schedule`?")
}

func TestParseSpan(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"2h", 2 * time.Hour, true},
		{"90m", 90 * time.Minute, true},
		{"90min", 90 * time.Minute, true},
		{"1h30m", 90 * time.Minute, true},
		{"1h30", 90 * time.Minute, true},
		{"1.5h", 90 * time.Minute, true},
		{"2d", 48 * time.Hour, true},
		{"2j", 48 * time.Hour, true},
		{"1w", 7 * 24 * time.Hour, true},
		{" 24 H ", 24 * time.Hour, true},
		{"0m", 0, true},
		{"30", 0, false},
		{"h", 0, false},
		{"2x", 0, false},
		{"1.5m", 0, false}, // not whole minutes
		{"-1h", 0, false},
		{"", 0, false},
		{"99999999999h", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseSpan(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseSpan(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
