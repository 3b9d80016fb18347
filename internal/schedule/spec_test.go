package schedule

import (
	"testing"
	"time"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseSpec(t *testing.T) {
	zurich := zone(t, "Europe/Zurich")
	for _, ok := range []string{"0 9 * * MON", "@weekly", "@daily", "30 2 * * *", "*/15 * * * *"} {
		if _, err := ParseSpec(ok, zurich); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "61 * * * *", "0 9 * *", "@every 1h", "CRON_TZ=UTC 0 9 * * *", "0 9 * * FUNDAY", "hello"} {
		if _, err := ParseSpec(bad, zurich); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestNextAcrossClockChanges(t *testing.T) {
	zurich := zone(t, "Europe/Zurich")
	tests := []struct {
		name string
		spec string
		from time.Time
		want []time.Time // UTC
	}{
		{"weekly Monday 09:00 across spring forward", "0 9 * * MON", time.Date(2032, 3, 20, 0, 0, 0, 0, time.UTC),
			[]time.Time{time.Date(2032, 3, 22, 8, 0, 0, 0, time.UTC), time.Date(2032, 3, 29, 7, 0, 0, 0, time.UTC)}},
		// 02:30 does not exist on 28 Mar 2032 in Zurich: run at 03:00 CEST (01:00 UTC).
		{"02:30 on the spring-forward day", "30 2 * * *", time.Date(2032, 3, 27, 12, 0, 0, 0, time.UTC),
			[]time.Time{time.Date(2032, 3, 28, 1, 0, 0, 0, time.UTC), time.Date(2032, 3, 29, 0, 30, 0, 0, time.UTC)}},
		// 02:30 happens twice on 31 Oct 2032: run once, at the first (CEST).
		{"02:30 on the autumn day", "30 2 * * *", time.Date(2032, 10, 30, 12, 0, 0, 0, time.UTC),
			[]time.Time{time.Date(2032, 10, 31, 0, 30, 0, 0, time.UTC), time.Date(2032, 11, 1, 1, 30, 0, 0, time.UTC)}},
		{"descriptor", "@daily", time.Date(2032, 3, 27, 12, 0, 0, 0, time.UTC),
			[]time.Time{time.Date(2032, 3, 27, 23, 0, 0, 0, time.UTC), time.Date(2032, 3, 28, 22, 0, 0, 0, time.UTC)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseSpec(tt.spec, zurich)
			if err != nil {
				t.Fatal(err)
			}
			got := s.NextN(tt.from, len(tt.want))
			for i := range tt.want {
				if !got[i].Equal(tt.want[i]) {
					t.Fatalf("run %d = %v, want %v (all: %v)", i, got[i].UTC(), tt.want[i], got)
				}
			}
		})
	}
}

func TestAutumnRunsOnceEvenFromInsideTheRepeatedHour(t *testing.T) {
	s, _ := ParseSpec("30 2 * * *", zone(t, "Europe/Zurich"))
	first := time.Date(2032, 10, 31, 0, 30, 0, 0, time.UTC) // 02:30 CEST
	// Just after the first run, the clock reads 02:3x again an hour later:
	// the next run is the next day.
	if got := s.Next(first); !got.Equal(time.Date(2032, 11, 1, 1, 30, 0, 0, time.UTC)) {
		t.Fatalf("next after the first 02:30 = %v", got.UTC())
	}
	if got := s.Next(first.Add(50 * time.Minute)); !got.Equal(time.Date(2032, 11, 1, 1, 30, 0, 0, time.UTC)) {
		t.Fatalf("next from inside the repeated hour = %v", got.UTC())
	}
}

func TestLastMakesUpOneRun(t *testing.T) {
	s, _ := ParseSpec("0 9 * * *", time.UTC)
	since := time.Date(2032, 1, 1, 9, 0, 0, 0, time.UTC)
	last, ok := s.Last(since, time.Date(2032, 1, 5, 12, 0, 0, 0, time.UTC))
	if !ok || !last.Equal(time.Date(2032, 1, 5, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("last = %v %v", last, ok)
	}
	if _, ok := s.Last(since, since.Add(time.Hour)); ok {
		t.Fatal("a run where none is due")
	}
}
