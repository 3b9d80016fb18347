package when

import (
	"errors"
	"testing"
	"time"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseSlot(t *testing.T) {
	zurich := mustLoad(t, "Europe/Zurich")
	tests := []struct {
		in      string
		want    time.Time
		dur     time.Duration
		problem LocalProblem
		bad     bool
	}{
		{in: "2032-03-26 14:00", want: time.Date(2032, 3, 26, 13, 0, 0, 0, time.UTC)}, // CET
		{in: "2032-03-29 09:30", want: time.Date(2032, 3, 29, 7, 30, 0, 0, time.UTC)}, // CEST
		{in: "2032-03-26T14:00", want: time.Date(2032, 3, 26, 13, 0, 0, 0, time.UTC)}, //
		{in: "2032-03-26 14h00", want: time.Date(2032, 3, 26, 13, 0, 0, 0, time.UTC)}, // French style
		{in: "2032-03-26 14:00-16:00", want: time.Date(2032, 3, 26, 13, 0, 0, 0, time.UTC), dur: 2 * time.Hour},
		{in: "2032-03-26 23:00-01:00", want: time.Date(2032, 3, 26, 22, 0, 0, 0, time.UTC), dur: 2 * time.Hour},
		{in: "2032-03-26T14:00+03:00", want: time.Date(2032, 3, 26, 11, 0, 0, 0, time.UTC)},
		{in: "2032-03-26T14:00:00Z", want: time.Date(2032, 3, 26, 14, 0, 0, 0, time.UTC)},
		{in: "2032-03-26T14:00-05:00", want: time.Date(2032, 3, 26, 19, 0, 0, 0, time.UTC)}, // an offset, not a range
		{in: "2032-03-28 02:30", problem: LocalMissing},
		{in: "2032-10-31 02:30", problem: LocalAmbiguous},
		{in: "2032-02-30 10:00", bad: true},
		{in: "26/03/2032 14:00", bad: true},
		{in: "2032-03-26 25:00", bad: true},
		{in: "tomorrow", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, dur, err := ParseSlot(tt.in, zurich)
			var se *SlotError
			switch {
			case tt.bad:
				if !errors.As(err, &se) || se.Problem != LocalOK {
					t.Fatalf("err = %v, want a format error", err)
				}
			case tt.problem != LocalOK:
				if !errors.As(err, &se) || se.Problem != tt.problem || len(se.Readings) != 2 {
					t.Fatalf("err = %#v, want problem %d with two readings", err, tt.problem)
				}
			default:
				if err != nil || !got.Equal(tt.want) || dur != tt.dur {
					t.Fatalf("= %v %v %v, want %v %v", got.UTC(), dur, err, tt.want, tt.dur)
				}
			}
		})
	}
}

func TestResolveReadings(t *testing.T) {
	zurich := mustLoad(t, "Europe/Zurich")
	// Spring forward: 02:30 does not exist; the readings straddle the gap.
	r, p := Resolve(2032, 3, 28, 2, 30, zurich)
	if p != LocalMissing || !r[0].Equal(time.Date(2032, 3, 28, 0, 30, 0, 0, time.UTC)) || !r[1].Equal(time.Date(2032, 3, 28, 1, 30, 0, 0, time.UTC)) {
		t.Fatalf("gap readings %v %v", r, p)
	}
	if got := r[1].In(zurich).Format("15:04 MST"); got != "03:30 CEST" {
		t.Fatalf("the usual reading is %s", got)
	}
	// Autumn: 02:30 happens twice, first in CEST then in CET.
	r, p = Resolve(2032, 10, 31, 2, 30, zurich)
	if p != LocalAmbiguous || r[0].In(zurich).Format("MST") != "CEST" || r[1].In(zurich).Format("MST") != "CET" || r[1].Sub(r[0]) != time.Hour {
		t.Fatalf("ambiguous readings %v %v", r, p)
	}
	// Tokyo has no clock changes.
	if _, p := Resolve(2032, 3, 28, 2, 30, mustLoad(t, "Asia/Tokyo")); p != LocalOK {
		t.Fatal("Tokyo time flagged")
	}
}

func TestClockChange(t *testing.T) {
	zurich := mustLoad(t, "Europe/Zurich")
	at, ok := ClockChange(time.Date(2032, 3, 26, 0, 0, 0, 0, time.UTC), time.Date(2032, 3, 30, 0, 0, 0, 0, time.UTC), zurich)
	if !ok || !at.Equal(time.Date(2032, 3, 28, 1, 0, 0, 0, time.UTC)) {
		t.Fatalf("change at %v %v", at, ok)
	}
	if _, ok := ClockChange(time.Date(2032, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2032, 4, 5, 0, 0, 0, 0, time.UTC), zurich); ok {
		t.Fatal("a change where there is none")
	}
}

// A change in the last hour before `to` is found (it was missed once).
func TestClockChangeNearTheEnd(t *testing.T) {
	zurich := mustLoad(t, "Europe/Zurich")
	at, ok := ClockChange(time.Date(2032, 10, 30, 1, 30, 0, 0, time.UTC), time.Date(2032, 10, 31, 1, 30, 0, 0, time.UTC), zurich)
	if !ok || !at.Equal(time.Date(2032, 10, 31, 1, 0, 0, 0, time.UTC)) {
		t.Fatalf("change at %v %v", at, ok)
	}
}
