package jca

import (
	"testing"
	"time"
)

func TestParseHours(t *testing.T) {
	for in, want := range map[string]string{"08:00-21:00": "08:00-21:00", "8:30-17:00": "08:30-17:00",
		"22:00-06:00": "22:00-06:00", " 07:00 - 24:00 ": "07:00-24:00"} {
		h, ok := ParseHours(in)
		if !ok || h.String() != want {
			t.Errorf("%q: %v %v, want %s", in, h, ok, want)
		}
	}
	for _, bad := range []string{"25:00-08:00", "08:00", "08:60-09:00", "8-17", "08:00-08:00", "24:30-01:00", "a:00-b:00", "-1:00-02:00", "08:000-09:00"} {
		if h, ok := ParseHours(bad); ok {
			t.Errorf("%q read as %v", bad, h)
		}
	}
}

func TestClassify(t *testing.T) {
	zurich, _ := time.LoadLocation("Europe/Zurich")
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	at := func(loc *time.Location, h, m int) time.Time { return time.Date(2033, 3, 10, h, m, 0, 0, loc) }
	day := DefaultHours // 07:00-22:00
	night := Hours{Start: 22 * 60, End: 6 * 60}
	for _, c := range []struct {
		h     Hours
		start time.Time
		dur   time.Duration
		loc   *time.Location
		want  Sociability
		why   string
	}{
		{day, at(zurich, 9, 0), 2 * time.Hour, zurich, Sociable, "a morning in Zurich"},
		{day, at(zurich, 6, 0), 2 * time.Hour, zurich, EarlyLate, "starts an hour early"},
		{day, at(zurich, 21, 0), 2 * time.Hour, zurich, EarlyLate, "ends an hour late"},
		{day, at(zurich, 3, 0), time.Hour, zurich, Night, "3 a.m."},
		{day, at(zurich, 6, 0), 2 * time.Hour, tokyo, Sociable, "06:00 Zurich is 14:00 in Tokyo"},
		{day, at(zurich, 14, 0), 2 * time.Hour, tokyo, EarlyLate, "14:00 Zurich is 22:00-24:00 in Tokyo: late"},
		{day, at(zurich, 18, 0), time.Hour, tokyo, Night, "18:00 Zurich is 02:00 in Tokyo"},
		{night, at(zurich, 23, 0), 2 * time.Hour, zurich, Sociable, "a night worker across midnight"},
		{night, at(zurich, 2, 0), 2 * time.Hour, zurich, Sociable, "a night worker after midnight"},
		{night, at(zurich, 12, 0), time.Hour, zurich, Night, "a night worker's noon"},
		{night, at(zurich, 7, 0), time.Hour, zurich, EarlyLate, "just after a night shift"},
	} {
		if got := c.h.Classify(c.start, c.start.Add(c.dur), c.loc); got != c.want {
			t.Errorf("%s: %v, want %v", c.why, got, c.want)
		}
	}
}
