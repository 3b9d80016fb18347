package jca

import (
	"errors"
	"testing"
	"time"
)

func TestParseRecurrence(t *testing.T) {
	for in, want := range map[string]string{"4w": "FREQ=WEEKLY;INTERVAL=4", "weekly": "FREQ=WEEKLY;INTERVAL=1", "monthly": "FREQ=MONTHLY",
		"first tue": "FREQ=MONTHLY;BYDAY=1TU", "first Tuesday": "FREQ=MONTHLY;BYDAY=1TU", "premier mardi": "FREQ=MONTHLY;BYDAY=1TU", "Last  Friday": "FREQ=MONTHLY;BYDAY=-1FR", "second wed": "FREQ=MONTHLY;BYDAY=2WE"} {
		r, ok := ParseRecurrence(in)
		if !ok || r.RRULE() != want {
			t.Errorf("%q: %v %v, want %s", in, r.RRULE(), ok, want)
		}
	}
	for _, bad := range []string{"fortnightly-ish", "0w", "53w", "fifth tue", "first tuesdai", "first", "", "w"} {
		if r, ok := ParseRecurrence(bad); ok {
			t.Errorf("%q read as %s", bad, r.RRULE())
		}
	}
}

// A monthly series in Geneva across both clock changes of 2033 keeps
// 14:00 in Geneva; seen from Tokyo, Cairo and New York it moves as their
// clocks and Geneva's differ.
func TestOccurrencesKeepTheWallClock(t *testing.T) {
	geneva, tokyo, cairo, ny := zone(t, "Europe/Zurich"), zone(t, "Asia/Tokyo"), zone(t, "Africa/Cairo"), zone(t, "America/New_York")
	r, _ := ParseRecurrence("first tue")
	first := time.Date(2033, 1, 4, 14, 0, 0, 0, geneva)
	occ, err := r.Occurrences(first, geneva, 12, time.Time{})
	if err != nil || len(occ) != 12 {
		t.Fatalf("%d occurrences, %v", len(occ), err)
	}
	want := map[string][4]string{ // Geneva, Tokyo, Cairo, New York
		"2033-01-04": {"14:00", "22:00", "15:00", "08:00"},
		"2033-03-01": {"14:00", "22:00", "15:00", "08:00"},
		"2033-04-05": {"14:00", "21:00", "14:00", "08:00"}, // Geneva on summer time (27 Mar), Cairo not until late April
		"2033-11-01": {"14:00", "22:00", "15:00", "09:00"}, // Geneva back on 30 Oct, New York not until 6 Nov
		"2033-12-06": {"14:00", "22:00", "15:00", "08:00"},
	}
	for _, o := range occ {
		if o.In(geneva).Weekday() != time.Tuesday || o.In(geneva).Day() > 7 {
			t.Fatalf("%v is not a first Tuesday", o)
		}
		w, ok := want[o.In(geneva).Format(time.DateOnly)]
		if !ok {
			continue
		}
		for i, loc := range []*time.Location{geneva, tokyo, cairo, ny} {
			if got := o.In(loc).Format("15:04"); got != w[i] {
				t.Errorf("%s in %s: %s, want %s", o.In(geneva).Format(time.DateOnly), loc, got, w[i])
			}
		}
	}
	// Every 4 weeks until a day; monthly on the 31st skips short months.
	four, _ := ParseRecurrence("4w")
	occ, _ = four.Occurrences(first, geneva, 0, time.Date(2033, 3, 1, 23, 0, 0, 0, geneva))
	if len(occ) != 3 || occ[2].In(geneva).Format(time.DateOnly) != "2033-03-01" {
		t.Fatalf("4w: %v", occ)
	}
	monthly, _ := ParseRecurrence("monthly")
	occ, _ = monthly.Occurrences(time.Date(2033, 1, 31, 9, 0, 0, 0, geneva), geneva, 4, time.Time{})
	if len(occ) != 4 || occ[1].In(geneva).Month() != time.March || occ[3].In(geneva).Month() != time.July {
		t.Fatalf("monthly on the 31st: %v", occ)
	}
	// 02:30 on the last Sunday of March does not exist in Geneva.
	last, _ := ParseRecurrence("last sun")
	_, err = last.Occurrences(time.Date(2033, 1, 30, 2, 30, 0, 0, geneva), geneva, 6, time.Time{})
	var nst ErrNoSuchTime
	if !errors.As(err, &nst) || nst.Day.Format(time.DateOnly) != "2033-03-27" {
		t.Fatalf("a time the clocks jump over: %v", err)
	}
	// No series runs past five years.
	weekly, _ := ParseRecurrence("weekly")
	occ, _ = weekly.Occurrences(first, geneva, 0, first.AddDate(10, 0, 0))
	if last := occ[len(occ)-1]; last.Sub(first) > MaxSeriesSpan {
		t.Fatalf("runs to %v", last)
	}
}
