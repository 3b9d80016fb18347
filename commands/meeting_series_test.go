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

// A series rotating among three times of day puts the night on different
// members in turn, which the ledger then shows; a rotation time the clocks
// jump over is refused with its day.
func TestMeetingSeriesRotates(t *testing.T) {
	e := newEnv(t)
	e.now = time.Date(2032, 12, 1, 9, 0, 0, 0, time.UTC)
	e.pollMember("tokyo", "Asia/Tokyo", "SG13")
	e.pollMember("ny", "America/New_York", "SG13")
	e.pollMember("zurich", "Europe/Zurich", "SG13")
	for _, bad := range []string{"07:00", "07:00,25:00", "7h,15h", "07:00,15:00,23:00,03:00"} {
		mustContain(t, e.refused("chair", `meeting schedule "R" "2033-01-04 07:00" --tz UTC --every 4w --count 6 --rotate `+bad), "is not two or three times of day")
	}
	mustContain(t, e.refused("chair", `meeting schedule "R" "2033-01-04 07:00" --tz UTC --rotate 07:00,15:00`), "add `--every`")
	mustContain(t, e.refused("chair", `meeting schedule "R" "2033-03-06 10:00" --tz Europe/Zurich --every 3w --count 3 --rotate 10:00,02:30`),
		"02:30 does not exist in Europe/Zurich on Sun 27 Mar 2033")
	mustContain(t, e.ok("chair", `meeting schedule "R" "2033-01-04 07:00" --tz UTC --every 1w --count 6 --rotate 07:00,15:00,23:00`), "series of 6 meetings")
	for id, want := range map[int]string{1: "07:00", 2: "15:00", 3: "23:00", 4: "07:00", 5: "15:00", 6: "23:00"} {
		m, _ := e.db.FindMeeting(context.Background(), id)
		if got := m.Start.UTC().Format("15:04"); got != want {
			t.Fatalf("M-%d at %s, want %s", id, got, want)
		}
	}
	e.now = time.Date(2033, 2, 20, 12, 0, 0, 0, time.UTC) // all held
	// 07:00 UTC is 02:00 in New York, 15:00 is 00:00 in Tokyo, 23:00 is
	// 00:00 in Zurich: each carries two nights.
	mustContain(t, e.ok("chair", "fairness"), "@ny (SG13): 🌙 2 at night", "@tokyo (SG13): 🌙 2 at night", "@zurich (SG13): 🌙 2 at night")
}
