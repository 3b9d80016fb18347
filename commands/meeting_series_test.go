package commands

import (
	"context"
	"testing"
	"time"

	"github.com/jcabot/jcabot/internal/jca"
)

// A monthly series in Geneva: each occurrence a meeting of its own at 14:00
// Geneva time through both clock changes, seen at the right hour from
// Tokyo and New York; one cancelled alone, then the rest from a date on;
// bad rhythms and ends refused, nothing written.
func TestMeetingSeries(t *testing.T) {
	e := newEnv(t)
	e.now = time.Date(2032, 12, 1, 9, 0, 0, 0, time.UTC)
	e.ok("tokyo", "tz set Asia/Tokyo")
	e.ok("ny", "tz set America/New_York")
	for _, c := range []struct{ line, want string }{
		{`--every fortnightly-ish --count 3`, "is not a rhythm"},
		{`--every monthly --count 0`, "is not a number of meetings"},
		{`--every monthly`, "Say when the series ends"},
		{`--every monthly --count 3 --until 2033-06-01`, "not both"},
		{`--every weekly --until 2039-01-01`, "at most 5 years"},
		{`--count 3`, "add `--every`"},
	} {
		mustContain(t, e.refused("chair", `meeting schedule "Monthly" "2033-01-04 14:00" --tz Europe/Zurich `+c.line), c.want)
	}
	mustContain(t, e.refused("chair", `meeting schedule "Night" "2033-01-30 02:30" --tz Europe/Zurich --every "last sun" --count 6`),
		"02:30 does not exist in Europe/Zurich on Sun 27 Mar 2033")
	if _, n, _ := e.db.ListMeetings(context.Background(), jca.MeetingFilter{IncludeCancelled: true}); n != 0 {
		t.Fatalf("refusals wrote %d meetings", n)
	}
	out := e.ok("chair", `meeting schedule "JCA monthly e-meeting" "2033-01-04 14:00" --tz Europe/Zurich --every "first tue" --count 12`)
	mustContain(t, out, "Scheduled a series of 12 meetings, M-1 to M-12: JCA monthly e-meeting, first tue.", "M-1 ", "and 6 more")
	for id, want := range map[string][2]string{ // Tokyo, New York
		"M-3":  {"Tue 1 Mar 2033, 22:00", "Tue 1 Mar 2033, 08:00"},
		"M-4":  {"Tue 5 Apr 2033, 21:00", "Tue 5 Apr 2033, 08:00"},
		"M-11": {"Tue 1 Nov 2033, 22:00", "Tue 1 Nov 2033, 09:00"},
	} {
		mustContain(t, e.ok("tokyo", "meeting show "+id), want[0])
		mustContain(t, e.ok("ny", "meeting show "+id), want[1])
	}
	mustContain(t, e.ok("chair", "meeting cancel M-2"), "Cancelled M-2")
	mustContain(t, e.ok("chair", "meeting cancel M-10 --from-here"), "Cancelled 3 meetings of the series of JCA monthly e-meeting, from M-10 on.")
	mustContain(t, e.refused("chair", "meeting cancel M-2"), "already cancelled")
	for id := 1; id <= 12; id++ {
		m, err := e.db.FindMeeting(context.Background(), id)
		if err != nil || m.Series != 1 || m.Cancelled != (id == 2 || id >= 10) {
			t.Fatalf("M-%d: %+v %v", id, m, err)
		}
	}
	e.ok("chair", `meeting schedule "Alone" "2033-02-10 10:00"`)
	mustContain(t, e.refused("chair", "meeting cancel M-13 --from-here"), "is not part of a series")
}
