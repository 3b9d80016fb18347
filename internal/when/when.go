// Package when owns how jcabot reads and writes dates and times for people:
// dates typed in a person's zone, and instants shown in a zone with the date
// spelled out so nobody confuses day and month, in English or French.
package when

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

var (
	daysEN   = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	daysFR   = [7]string{"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."}
	monthsEN = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	monthsFR = [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
)

// Date formats the calendar day of t in loc: "Fri 26 Mar 2027" (English),
// "ven. 26 mars 2027" (French).
func Date(t time.Time, loc *time.Location, lang string) string {
	t = t.In(loc)
	if lang == "fr" {
		day := strconv.Itoa(t.Day())
		if t.Day() == 1 {
			day = "1er" // le premier du mois
		}
		return fmt.Sprintf("%s %s %s %d", daysFR[t.Weekday()], day, monthsFR[t.Month()-1], t.Year())
	}
	return fmt.Sprintf("%s %d %s %d", daysEN[t.Weekday()], t.Day(), monthsEN[t.Month()-1], t.Year())
}

// DateTime formats t in loc with the zone: "Fri 26 Mar 2027, 15:00 (Cairo, EET)".
func DateTime(t time.Time, loc *time.Location, lang string) string {
	return Date(t, loc, lang) + ", " + t.In(loc).Format("15:04") + " (" + ZoneLabel(t, loc) + ")"
}

// ZoneLabel names loc at instant t: the city of the IANA name and the
// abbreviation in force ("Cairo, EET"), "UTC" for UTC, and a UTC offset
// where the database has no abbreviation ("Dubai, UTC+4").
func ZoneLabel(t time.Time, loc *time.Location) string {
	name := loc.String()
	abbr, off := t.In(loc).Zone()
	if abbr == "" || abbr[0] == '+' || abbr[0] == '-' {
		abbr = Offset(off)
	}
	if name == "UTC" {
		return "UTC"
	}
	if name == "" || name == "Local" { // a fixed offset (as time.Parse gives for "+01:00"), or the machine's zone
		return abbr
	}
	city := name
	if i := strings.LastIndexByte(city, '/'); i >= 0 {
		city = city[i+1:]
	}
	city = strings.ReplaceAll(city, "_", " ")
	if city == abbr {
		return abbr
	}
	return city + ", " + abbr
}

// Offset formats a UTC offset in seconds: "UTC+5:30", "UTC-4", "UTC".
func Offset(sec int) string {
	if sec == 0 {
		return "UTC"
	}
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	h, m := sec/3600, sec%3600/60
	if m == 0 {
		return fmt.Sprintf("UTC%s%d", sign, h)
	}
	return fmt.Sprintf("UTC%s%d:%02d", sign, h, m)
}

// The years a typed date may fall in; outside them a date is a typing
// mistake (0202, 19999). Code comparing times far apart must not go through
// time.Duration or UnixNano, which stop at 1678 and 2262.
const (
	MinYear = 1970
	MaxYear = 9999
)

// InYears reports whether t falls within MinYear..MaxYear.
func InYears(t time.Time) bool {
	return t.Year() >= MinYear && t.Year() <= MaxYear
}

// ParseDay reads a calendar day "YYYY-MM-DD" (also "YYYY/MM/DD") from
// MinYear to MaxYear.
func ParseDay(s string) (year int, month time.Month, day int, ok bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "/", "-")
	t, err := time.Parse("2006-01-02", s)
	if err != nil || !InYears(t) {
		return 0, 0, 0, false
	}
	return t.Year(), t.Month(), t.Day(), true
}

// StartOfDay is the first instant of the day y-m-d in loc (midnight, or the
// first valid time after a clock change at midnight). An out-of-range day
// is normalised first, as time.Date does: d = 32 of January is 1 February.
func StartOfDay(y int, m time.Month, d int, loc *time.Location) time.Time {
	y, m, d = time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Date()
	t := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if t.Day() != d { // midnight skipped: time.Date normalised backwards
		// The day begins when the clock change happens: at midnight in
		// the offset in force before it (t's offset).
		_, off := t.Zone()
		t = time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Add(-time.Duration(off) * time.Second).In(loc)
	}
	return t
}

// EndOfDay is the last instant of the day y-m-d in loc (23:59:59.999999999).
func EndOfDay(y int, m time.Month, d int, loc *time.Location) time.Time {
	return StartOfDay(y, m, d+1, loc).Add(-time.Nanosecond)
}

// Relative gives a short hint of how far t is from now, in lang:
// "in 3 days", "in 5 hours", "2 hours ago", "dans 3 jours". Up to two days
// away it counts hours, so "tomorrow" is never said; from 60 days it counts
// calendar months, and from two years whole years ("in 3 years"), so a far
// time never reads as a count of days. It works for any two times, however
// far apart (it never measures them with a time.Duration, which stops at
// 292 years).
func Relative(t, now time.Time, lang string) string {
	future := !t.Before(now)
	early, late := now, t
	if !future {
		early, late = t, now
	}
	d := late.Sub(early)
	var n int
	var unitEN, unitFR string
	switch months := monthsBetween(early, late); {
	case d < time.Minute:
		if lang == "fr" {
			return "maintenant"
		}
		return "now"
	case d < time.Hour:
		n, unitEN, unitFR = int(d/time.Minute), "minute", "minute"
	case d < 48*time.Hour:
		n, unitEN, unitFR = int(d/time.Hour), "hour", "heure"
	case late.Before(early.AddDate(0, 0, 60)):
		n, unitEN, unitFR = int(d/(24*time.Hour)), "day", "jour"
	case months < 24:
		n, unitEN, unitFR = months, "month", "mois"
	default:
		n, unitEN, unitFR = months/12, "year", "an"
	}
	if lang == "fr" {
		u := unitFR
		if n > 1 && unitFR != "mois" {
			u += "s"
		}
		if future {
			return fmt.Sprintf("dans %d %s", n, u)
		}
		return fmt.Sprintf("il y a %d %s", n, u)
	}
	u := unitEN
	if n > 1 {
		u += "s"
	}
	if future {
		return fmt.Sprintf("in %d %s", n, u)
	}
	return fmt.Sprintf("%d %s ago", n, u)
}

// monthsBetween counts the whole calendar months from early to late
// (early <= late), in UTC.
func monthsBetween(early, late time.Time) int {
	early, late = early.UTC(), late.UTC()
	m := (late.Year()-early.Year())*12 + int(late.Month()) - int(early.Month())
	if m > 0 && late.Before(early.AddDate(0, m, 0)) {
		m--
	}
	return m
}

// ParseDeadline reads a deadline typed in loc: a day "2033-01-15" means the
// end of that day; "2033-01-15 12:00" (or with a T) that minute; an ISO 8601
// time with an offset or Z is taken as written. ok is false for anything
// else, for a local time that a clock change skips, and outside MinYear..MaxYear.
func ParseDeadline(s string, loc *time.Location) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	if y, m, d, ok := ParseDay(s); ok {
		return EndOfDay(y, m, d, loc), true
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, InYears(t)
		}
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			if !InYears(t) {
				return time.Time{}, false
			}
			// A wall time skipped by a clock change comes back as another
			// wall time (02:15 in a 02:00→02:30 gap becomes 02:45).
			if wall, _ := time.Parse(layout, s); t.Hour() != wall.Hour() || t.Minute() != wall.Minute() {
				return time.Time{}, false
			}
			return t, true
		}
	}
	return time.Time{}, false
}

// LoadZone reads an IANA zone name, forgiving case ("europe/zurich") and
// spaces for underscores ("America/New York"). ok is false for an unknown
// zone; ZoneSuggestions then offers the nearest names.
func LoadZone(s string) (loc *time.Location, name string, ok bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "_")
	if s == "" || strings.EqualFold(s, "local") {
		return nil, "", false
	}
	if loc, err := Location(s); err == nil {
		return loc, loc.String(), true
	}
	for _, z := range zoneNames {
		if strings.EqualFold(z, s) {
			if loc, err := Location(z); err == nil {
				return loc, z, true
			}
		}
	}
	return nil, "", false
}

// ZoneNames lists the zone names offered in suggestions.
func ZoneNames() []string { return zoneNames[:] }

// locations caches loaded zones: time.LoadLocation reads and parses the
// zone database on every call, and zones are looked up on every request.
var locations sync.Map // string → *time.Location

// Location is time.LoadLocation with a cache.
func Location(name string) (*time.Location, error) {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	locations.Store(name, loc)
	return loc, nil
}
