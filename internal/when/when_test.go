package when

import (
	"errors"
	"testing"
	"time"
	_ "time/tzdata" // the zone rules tested here, even where the system has none
)

// zone loads an IANA zone or fails the test.
func tzFor(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

func utcAt(y int, m time.Month, d, h, min, sec, nsec int) time.Time {
	return time.Date(y, m, d, h, min, sec, nsec, time.UTC)
}

func TestDateAndDateTime(t *testing.T) {
	tests := []struct {
		name     string
		at       time.Time
		zone     string
		lang     string
		date     string
		dateTime string
	}{
		{"english in Cairo", utcAt(2027, 3, 26, 13, 0, 0, 0), "Africa/Cairo", "en",
			"Fri 26 Mar 2027", "Fri 26 Mar 2027, 15:00 (Cairo, EET)"},
		{"french in Cairo", utcAt(2027, 3, 26, 13, 0, 0, 0), "Africa/Cairo", "fr",
			"ven. 26 mars 2027", "ven. 26 mars 2027, 15:00 (Cairo, EET)"},
		{"thursday in English", utcAt(2026, 3, 26, 13, 0, 0, 0), "Africa/Cairo", "en",
			"Thu 26 Mar 2026", "Thu 26 Mar 2026, 15:00 (Cairo, EET)"},
		{"thursday in French", utcAt(2026, 3, 26, 13, 0, 0, 0), "Africa/Cairo", "fr",
			"jeu. 26 mars 2026", "jeu. 26 mars 2026, 15:00 (Cairo, EET)"},
		{"the zone's day, not UTC's", utcAt(2027, 3, 26, 23, 30, 0, 0), "Asia/Tokyo", "en",
			"Sat 27 Mar 2027", "Sat 27 Mar 2027, 08:30 (Tokyo, JST)"},
		{"the day before, west of UTC", utcAt(2027, 1, 1, 2, 0, 0, 0), "America/New_York", "fr",
			"jeu. 31 déc. 2026", "jeu. 31 déc. 2026, 21:00 (New York, EST)"},
		{"24-hour clock in English", utcAt(2027, 7, 26, 21, 5, 0, 0), "America/New_York", "en",
			"Mon 26 Jul 2027", "Mon 26 Jul 2027, 17:05 (New York, EDT)"},
		{"summer time in Zurich, French", utcAt(2027, 8, 15, 6, 45, 0, 0), "Europe/Zurich", "fr",
			"dim. 15 août 2027", "dim. 15 août 2027, 08:45 (Zurich, CEST)"},
		{"UTC", utcAt(2027, 2, 1, 0, 0, 0, 0), "UTC", "en",
			"Mon 1 Feb 2027", "Mon 1 Feb 2027, 00:00 (UTC)"},
		{"unknown language is English", utcAt(2027, 2, 1, 0, 0, 0, 0), "UTC", "de",
			"Mon 1 Feb 2027", "Mon 1 Feb 2027, 00:00 (UTC)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := tzFor(t, tt.zone)
			if got := Date(tt.at, loc, tt.lang); got != tt.date {
				t.Errorf("Date = %q, want %q", got, tt.date)
			}
			if got := DateTime(tt.at, loc, tt.lang); got != tt.dateTime {
				t.Errorf("DateTime = %q, want %q", got, tt.dateTime)
			}
		})
	}
}

func TestDateNamesEveryMonthAndWeekday(t *testing.T) {
	months := []struct{ en, fr string }{
		{"Jan", "janv."}, {"Feb", "févr."}, {"Mar", "mars"}, {"Apr", "avr."}, {"May", "mai"}, {"Jun", "juin"},
		{"Jul", "juil."}, {"Aug", "août"}, {"Sep", "sept."}, {"Oct", "oct."}, {"Nov", "nov."}, {"Dec", "déc."},
	}
	for i, m := range months {
		at := utcAt(2030, time.Month(i+1), 10, 12, 0, 0, 0)
		if got, want := Date(at, time.UTC, "en")[4:], "10 "+m.en+" 2030"; got != want {
			t.Errorf("English month %d: %q, want %q", i+1, got, want)
		}
		fr := Date(at, time.UTC, "fr")
		if want := " 10 " + m.fr + " 2030"; fr[len(fr)-len(want):] != want {
			t.Errorf("French month %d: %q, want suffix %q", i+1, fr, want)
		}
	}
	// 2030-06-02 is a Sunday.
	days := []struct{ en, fr string }{
		{"Sun", "dim."}, {"Mon", "lun."}, {"Tue", "mar."}, {"Wed", "mer."}, {"Thu", "jeu."}, {"Fri", "ven."}, {"Sat", "sam."},
	}
	for i, d := range days {
		at := utcAt(2030, 6, 2+i, 12, 0, 0, 0)
		if at.Weekday() != time.Weekday(i) {
			t.Fatalf("fixture: %v is a %v", at, at.Weekday())
		}
		if got, want := Date(at, time.UTC, "en"), d.en+" "+at.Format("2")+" Jun 2030"; got != want {
			t.Errorf("English weekday %d: %q, want %q", i, got, want)
		}
		if got, want := Date(at, time.UTC, "fr"), d.fr+" "+at.Format("2")+" juin 2030"; got != want {
			t.Errorf("French weekday %d: %q, want %q", i, got, want)
		}
	}
}

func TestZoneLabel(t *testing.T) {
	winter, summer := utcAt(2027, 1, 15, 12, 0, 0, 0), utcAt(2027, 7, 15, 12, 0, 0, 0)
	tests := []struct {
		name string
		zone string
		at   time.Time
		want string
	}{
		{"UTC", "UTC", winter, "UTC"},
		{"Etc/UTC is just UTC", "Etc/UTC", winter, "UTC"},
		{"Zurich in winter", "Europe/Zurich", winter, "Zurich, CET"},
		{"Zurich in summer", "Europe/Zurich", summer, "Zurich, CEST"},
		{"Dubai has no abbreviation", "Asia/Dubai", winter, "Dubai, UTC+4"},
		{"Kolkata", "Asia/Kolkata", summer, "Kolkata, IST"},
		{"New York in winter, underscore read as space", "America/New_York", winter, "New York, EST"},
		{"New York in summer", "America/New_York", summer, "New York, EDT"},
		{"negative offset without abbreviation", "America/Argentina/Buenos_Aires", winter, "Buenos Aires, UTC-3"},
		{"quarter-hour offset", "Asia/Kathmandu", winter, "Kathmandu, UTC+5:45"},
		{"Cairo", "Africa/Cairo", winter, "Cairo, EET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ZoneLabel(tt.at, tzFor(t, tt.zone)); got != tt.want {
				t.Errorf("ZoneLabel = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestZoneLabelFixedOffsets(t *testing.T) {
	at := utcAt(2027, 1, 15, 12, 0, 0, 0)
	tests := []struct {
		name string
		loc  *time.Location
		want string
	}{
		// time.Parse gives an unnamed fixed zone for "+01:00": it is not UTC.
		{"unnamed, one hour east", time.FixedZone("", 3600), "UTC+1"},
		{"unnamed, half hour west", time.FixedZone("", -(3*3600 + 1800)), "UTC-3:30"},
		{"unnamed, zero", time.FixedZone("", 0), "UTC"},
		{"named", time.FixedZone("CET", 3600), "CET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ZoneLabel(at, tt.loc); got != tt.want {
				t.Errorf("ZoneLabel = %q, want %q", got, tt.want)
			}
		})
	}
	parsed, ok := ParseDeadline("2033-01-15T12:00:00+01:00", time.UTC)
	if !ok {
		t.Fatal("ParseDeadline refused an RFC 3339 time")
	}
	if got := DateTime(parsed, parsed.Location(), "en"); got != "Sat 15 Jan 2033, 12:00 (UTC+1)" {
		t.Errorf("DateTime in the parsed offset = %q", got)
	}
}

func TestOffset(t *testing.T) {
	tests := []struct {
		name string
		sec  int
		want string
	}{
		{"zero", 0, "UTC"},
		{"whole hours east", 4 * 3600, "UTC+4"},
		{"whole hours west", -5 * 3600, "UTC-5"},
		{"half hour east", 5*3600 + 1800, "UTC+5:30"},
		{"half hour west", -(3*3600 + 1800), "UTC-3:30"},
		{"quarter hours", 5*3600 + 45*60, "UTC+5:45"},
		{"under an hour west", -1800, "UTC-0:30"},
		{"far east", 14 * 3600, "UTC+14"},
		{"far west", -12 * 3600, "UTC-12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Offset(tt.sec); got != tt.want {
				t.Errorf("Offset(%d) = %q, want %q", tt.sec, got, tt.want)
			}
		})
	}
}

func TestParseDay(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		ok    bool
		y     int
		m     time.Month
		d     int
		cause string
	}{
		{"ISO", "2026-01-31", true, 2026, time.January, 31, ""},
		{"slashes", "2026/01/31", true, 2026, time.January, 31, ""},
		{"surrounding spaces", "  2026-01-31 ", true, 2026, time.January, 31, ""},
		{"leap day", "2028-02-29", true, 2028, time.February, 29, ""},
		{"day first", "31/01/2026", false, 0, 0, 0, "ambiguous order"},
		{"day first with hyphens", "31-01-2026", false, 0, 0, 0, "ambiguous order"},
		{"no 30 February", "2026-02-30", false, 0, 0, 0, "no such day"},
		{"no 29 February outside leap years", "2027-02-29", false, 0, 0, 0, "no such day"},
		{"no month 13", "2026-13-01", false, 0, 0, 0, "no such month"},
		{"a time is not a day", "2026-01-31 12:00", false, 0, 0, 0, "not a day"},
		{"words", "tomorrow", false, 0, 0, 0, "not a date"},
		{"empty", "", false, 0, 0, 0, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y, m, d, ok := ParseDay(tt.in)
			if ok != tt.ok {
				t.Fatalf("ParseDay(%q) ok = %v, want %v (%s)", tt.in, ok, tt.ok, tt.cause)
			}
			if ok && (y != tt.y || m != tt.m || d != tt.d) {
				t.Errorf("ParseDay(%q) = %d-%d-%d, want %d-%d-%d", tt.in, y, m, d, tt.y, tt.m, tt.d)
			}
		})
	}
}

func TestStartAndEndOfDay(t *testing.T) {
	tests := []struct {
		name       string
		zone       string
		y          int
		m          time.Month
		d          int
		start, end time.Time // in UTC
		length     time.Duration
	}{
		{"ordinary day in UTC", "UTC", 2026, 6, 10,
			utcAt(2026, 6, 10, 0, 0, 0, 0), utcAt(2026, 6, 10, 23, 59, 59, 999999999), 24 * time.Hour},
		// Brazil's summer time began at midnight on 4 Nov 2018: 00:00 never
		// happened, the day began at 01:00 (-02).
		{"Sao Paulo, midnight skipped", "America/Sao_Paulo", 2018, 11, 4,
			utcAt(2018, 11, 4, 3, 0, 0, 0), utcAt(2018, 11, 5, 1, 59, 59, 999999999), 23 * time.Hour},
		{"Sao Paulo, the day before the change", "America/Sao_Paulo", 2018, 11, 3,
			utcAt(2018, 11, 3, 3, 0, 0, 0), utcAt(2018, 11, 4, 2, 59, 59, 999999999), 24 * time.Hour},
		{"Zurich, spring forward", "Europe/Zurich", 2032, 3, 28,
			utcAt(2032, 3, 27, 23, 0, 0, 0), utcAt(2032, 3, 28, 21, 59, 59, 999999999), 23 * time.Hour},
		{"Zurich, fall back", "Europe/Zurich", 2032, 10, 31,
			utcAt(2032, 10, 30, 22, 0, 0, 0), utcAt(2032, 10, 31, 22, 59, 59, 999999999), 25 * time.Hour},
		{"last day of a month", "UTC", 2026, 1, 31,
			utcAt(2026, 1, 31, 0, 0, 0, 0), utcAt(2026, 1, 31, 23, 59, 59, 999999999), 24 * time.Hour},
		{"last day of the year in Tokyo", "Asia/Tokyo", 2026, 12, 31,
			utcAt(2026, 12, 30, 15, 0, 0, 0), utcAt(2026, 12, 31, 14, 59, 59, 999999999), 24 * time.Hour},
		{"last day of February in New York", "America/New_York", 2028, 2, 29,
			utcAt(2028, 2, 29, 5, 0, 0, 0), utcAt(2028, 3, 1, 4, 59, 59, 999999999), 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := tzFor(t, tt.zone)
			start, end := StartOfDay(tt.y, tt.m, tt.d, loc), EndOfDay(tt.y, tt.m, tt.d, loc)
			if !start.Equal(tt.start) {
				t.Errorf("StartOfDay = %v, want %v", start.UTC(), tt.start)
			}
			if !end.Equal(tt.end) {
				t.Errorf("EndOfDay = %v, want %v", end.UTC(), tt.end)
			}
			if start.Location() != loc || end.Location() != loc {
				t.Errorf("results are not in %s: %v, %v", tt.zone, start.Location(), end.Location())
			}
			for _, x := range []time.Time{start, end} {
				if y, m, d := x.Date(); y != tt.y || m != tt.m || d != tt.d {
					t.Errorf("%v is not on %d-%02d-%02d in %s", x, tt.y, tt.m, tt.d, tt.zone)
				}
			}
			if y, m, d := start.Add(-time.Nanosecond).Date(); y == tt.y && m == tt.m && d == tt.d {
				t.Errorf("the instant before StartOfDay (%v) is still that day", start.Add(-time.Nanosecond))
			}
			if y, m, d := end.Add(time.Nanosecond).Date(); y == tt.y && m == tt.m && d == tt.d {
				t.Errorf("the instant after EndOfDay (%v) is still that day", end.Add(time.Nanosecond))
			}
			if got := end.Sub(start) + time.Nanosecond; got != tt.length {
				t.Errorf("the day lasts %v, want %v", got, tt.length)
			}
		})
	}
}

func TestStartOfDayNormalisesTheDay(t *testing.T) {
	if got, want := StartOfDay(2026, 1, 32, time.UTC), utcAt(2026, 2, 1, 0, 0, 0, 0); !got.Equal(want) {
		t.Errorf("StartOfDay(2026-01-32) = %v, want %v", got, want)
	}
	if got, want := StartOfDay(2026, 12, 32, time.UTC), utcAt(2027, 1, 1, 0, 0, 0, 0); !got.Equal(want) {
		t.Errorf("StartOfDay(2026-12-32) = %v, want %v", got, want)
	}
}

func TestParseDeadline(t *testing.T) {
	tests := []struct {
		name string
		in   string
		zone string
		want time.Time // in UTC
	}{
		{"date only is the end of that day in Tokyo", "2033-01-15", "Asia/Tokyo", utcAt(2033, 1, 15, 14, 59, 59, 999999999)},
		{"date only is the end of that day in New York", "2033-01-15", "America/New_York", utcAt(2033, 1, 16, 4, 59, 59, 999999999)},
		{"date with slashes", "2033/01/15", "UTC", utcAt(2033, 1, 15, 23, 59, 59, 999999999)},
		{"last day of a month", "2033-01-31", "UTC", utcAt(2033, 1, 31, 23, 59, 59, 999999999)},
		{"date and minute", "2033-01-15 12:00", "Europe/Zurich", utcAt(2033, 1, 15, 11, 0, 0, 0)},
		{"date and minute with T", "2033-01-15T12:00", "Europe/Zurich", utcAt(2033, 1, 15, 11, 0, 0, 0)},
		{"with seconds", "2033-01-15 12:00:30", "Asia/Kolkata", utcAt(2033, 1, 15, 6, 30, 30, 0)},
		{"surrounding spaces", "  2033-01-15 12:00 ", "UTC", utcAt(2033, 1, 15, 12, 0, 0, 0)},
		{"RFC 3339 with an offset ignores the zone", "2033-01-15T12:00:00+05:30", "America/New_York", utcAt(2033, 1, 15, 6, 30, 0, 0)},
		{"RFC 3339 with Z", "2033-01-15T12:00:00Z", "Asia/Tokyo", utcAt(2033, 1, 15, 12, 0, 0, 0)},
		{"RFC 3339 with a negative offset", "2033-01-15T12:00:00-03:00", "UTC", utcAt(2033, 1, 15, 15, 0, 0, 0)},
		{"minutes and an offset", "2033-01-15T12:00+02:00", "UTC", utcAt(2033, 1, 15, 10, 0, 0, 0)},
		{"minutes and Z", "2033-01-15T12:00Z", "Europe/Zurich", utcAt(2033, 1, 15, 12, 0, 0, 0)},
		{"just after a spring-forward gap", "2032-03-28 03:00", "Europe/Zurich", utcAt(2032, 3, 28, 1, 0, 0, 0)},
		{"inside Lord Howe's half-hour gap's end", "2032-10-03 02:45", "Australia/Lord_Howe", utcAt(2032, 10, 2, 15, 45, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseDeadline(tt.in, tzFor(t, tt.zone))
			if !ok {
				t.Fatalf("ParseDeadline(%q) refused", tt.in)
			}
			if !got.Equal(tt.want) {
				t.Errorf("ParseDeadline(%q) = %v, want %v", tt.in, got.UTC(), tt.want)
			}
		})
	}

	tokyo, _ := ParseDeadline("2033-01-15", tzFor(t, "Asia/Tokyo"))
	newYork, _ := ParseDeadline("2033-01-15", tzFor(t, "America/New_York"))
	if tokyo.Equal(newYork) || !tokyo.Before(newYork) {
		t.Errorf("the same day should end earlier in Tokyo (%v) than in New York (%v)", tokyo.UTC(), newYork.UTC())
	}
}

func TestParseDeadlineAmbiguousFallBackTime(t *testing.T) {
	// 02:30 happens twice in Zurich on 31 Oct 2032: either is a fair reading.
	loc := tzFor(t, "Europe/Zurich")
	got, ok := ParseDeadline("2032-10-31 02:30", loc)
	if !ok {
		t.Fatal("refused a time that exists (twice)")
	}
	if got.In(loc).Format("2006-01-02 15:04") != "2032-10-31 02:30" {
		t.Errorf("got %v, want 02:30 local", got.In(loc))
	}
}

func TestParseDeadlineRefuses(t *testing.T) {
	tests := []struct {
		name string
		in   string
		zone string
	}{
		{"skipped by spring forward in Zurich", "2032-03-28 02:30", "Europe/Zurich"},
		{"skipped, written with T", "2032-03-28T02:30", "Europe/Zurich"},
		{"skipped, with seconds", "2032-03-28 02:00:00", "Europe/Zurich"},
		{"skipped midnight in Sao Paulo", "2018-11-04 00:30", "America/Sao_Paulo"},
		{"skipped in Lord Howe's half-hour gap", "2032-10-03 02:15", "Australia/Lord_Howe"},
		{"day first", "15/01/2033", "UTC"},
		{"no such day", "2033-02-30", "UTC"},
		{"no such day with a time", "2033-02-30 12:00", "UTC"},
		{"no such hour", "2033-01-15 25:00", "UTC"},
		{"no minutes", "2033-01-15 12", "UTC"},
		{"words", "next friday", "UTC"},
		{"relative", "+3d", "UTC"},
		{"empty", "", "UTC"},
		{"garbage after the date", "2033-01-15xyz", "UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, ok := ParseDeadline(tt.in, tzFor(t, tt.zone)); ok {
				t.Errorf("ParseDeadline(%q) = %v, want a refusal", tt.in, got)
			}
		})
	}
}

func TestRelative(t *testing.T) {
	now := utcAt(2027, 3, 26, 12, 0, 0, 0)
	tests := []struct {
		name   string
		offset time.Duration
		en, fr string
	}{
		{"same instant", 0, "now", "maintenant"},
		{"seconds ahead", 59 * time.Second, "now", "maintenant"},
		{"seconds ago", -59 * time.Second, "now", "maintenant"},
		{"one minute ahead", time.Minute, "in 1 minute", "dans 1 minute"},
		{"minutes ahead", 5*time.Minute + 30*time.Second, "in 5 minutes", "dans 5 minutes"},
		{"one minute ago", -time.Minute, "1 minute ago", "il y a 1 minute"},
		{"minutes ago", -59 * time.Minute, "59 minutes ago", "il y a 59 minutes"},
		{"one hour ahead", time.Hour, "in 1 hour", "dans 1 heure"},
		{"hours ahead", 3*time.Hour + 59*time.Minute, "in 3 hours", "dans 3 heures"},
		{"hours ago", -5 * time.Hour, "5 hours ago", "il y a 5 heures"},
		{"up to two days counts hours", 47 * time.Hour, "in 47 hours", "dans 47 heures"},
		{"two days ahead", 48 * time.Hour, "in 2 days", "dans 2 jours"},
		{"days ahead", 10*24*time.Hour + 5*time.Hour, "in 10 days", "dans 10 jours"},
		{"days ago", -3 * 24 * time.Hour, "3 days ago", "il y a 3 jours"},
		{"59 days ahead", 59 * 24 * time.Hour, "in 59 days", "dans 59 jours"},
		{"two months ahead", 61 * 24 * time.Hour, "in 2 months", "dans 2 mois"},
		{"a year ago", -365 * 24 * time.Hour, "12 months ago", "il y a 12 mois"},
		{"five years ahead", 1939 * 24 * time.Hour, "in 5 years", "dans 5 ans"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := now.Add(tt.offset)
			if got := Relative(at, now, "en"); got != tt.en {
				t.Errorf("English: %q, want %q", got, tt.en)
			}
			if got := Relative(at, now, "fr"); got != tt.fr {
				t.Errorf("French: %q, want %q", got, tt.fr)
			}
		})
	}
}

func TestRelativeIgnoresZones(t *testing.T) {
	now := utcAt(2027, 3, 26, 12, 0, 0, 0)
	at := now.Add(2 * time.Hour).In(tzFor(t, "Asia/Tokyo"))
	if got := Relative(at, now, "en"); got != "in 2 hours" {
		t.Errorf("Relative across zones = %q, want %q", got, "in 2 hours")
	}
}

// Far times read in years, even past the 292 years a time.Duration holds.
func TestRelativeFarAway(t *testing.T) {
	now := utcAt(2026, 12, 4, 12, 0, 0, 0)
	far := utcAt(9999, 12, 31, 23, 59, 0, 0)
	if got := Relative(far, now, "en"); got != "in 7973 years" {
		t.Errorf("year 9999: %q", got)
	}
	if got := Relative(now, far, "fr"); got != "il y a 7973 ans" {
		t.Errorf("year 9999 seen from it: %q", got)
	}
	if got := Relative(utcAt(2027, 12, 4, 12, 0, 0, 0), now, "fr"); got != "dans 12 mois" {
		t.Errorf("a year ahead: %q", got)
	}
}

// Dates outside 1970-9999 are typing mistakes, refused by every reader.
func TestYearsOutsideTheRangeAreRefused(t *testing.T) {
	for _, s := range []string{"0202-01-01", "1677-01-01", "1969-12-31"} {
		if _, _, _, ok := ParseDay(s); ok {
			t.Errorf("ParseDay(%q) accepted", s)
		}
		if _, ok := ParseDeadline(s, time.UTC); ok {
			t.Errorf("ParseDeadline(%q) accepted", s)
		}
		if _, ok := ParseDeadline(s+"T10:00Z", time.UTC); ok {
			t.Errorf("ParseDeadline(%q) accepted", s+"T10:00Z")
		}
		if _, _, err := ParseSlot(s+" 10:00", time.UTC); err == nil {
			t.Errorf("ParseSlot(%q) accepted", s+" 10:00")
		}
		if _, _, err := ParseSlot(s+"T10:00+01:00", time.UTC); err == nil {
			t.Errorf("ParseSlot(%q) accepted", s+"T10:00+01:00")
		}
	}
	for _, s := range []string{"1970-01-01", "2300-01-01", "9999-12-31"} {
		if _, _, _, ok := ParseDay(s); !ok {
			t.Errorf("ParseDay(%q) refused", s)
		}
		if _, _, err := ParseSlot(s+" 10:00", time.UTC); err != nil {
			t.Errorf("ParseSlot(%q) refused", s)
		}
	}
}

// A range ending before it starts is a late call up to MaxOvernight, and a
// range typed the wrong way round beyond it, for meetings and polls alike.
func TestParseSlotBackwardsRange(t *testing.T) {
	_, d, err := ParseSlot("2032-03-26 23:00-01:00", time.UTC)
	if err != nil || d != 2*time.Hour {
		t.Fatalf("overnight: %v, %v", d, err)
	}
	_, d, err = ParseSlot("2032-03-26 20:00-08:00", time.UTC)
	if err != nil || d != MaxOvernight {
		t.Fatalf("12 hours overnight: %v, %v", d, err)
	}
	for s, swapped := range map[string]string{
		"2032-03-26 16:00-14:00":    "2032-03-26 14:00-16:00",
		"2032-03-26T18h30 – 9h00":   "2032-03-26T9h00 – 18h30",
		" 2032/03/26 16:00 - 14:00": "2032/03/26 14:00 - 16:00",
	} {
		_, _, err := ParseSlot(s, time.UTC)
		var br *BackwardsRange
		if !errors.As(err, &br) || br.Swapped != swapped {
			t.Errorf("%q: %v, want a BackwardsRange offering %q", s, err, swapped)
		}
	}
}
