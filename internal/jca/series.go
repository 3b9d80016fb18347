package jca

import (
	"strconv"
	"strings"
	"time"
)

// A meeting series: meetings on a rhythm (monthly e-meetings), each
// occurrence a meeting of its own with its id, agenda and reminders, all
// carrying the series' id (the first occurrence's) and rule.

// MaxSeriesSpan is how far a series may run from its first occurrence.
const MaxSeriesSpan = 5 * 366 * 24 * time.Hour

// Recurrence is how a series repeats.
type Recurrence struct {
	// Weeks between occurrences, for a weekly rhythm ("4w"); 0 for a
	// monthly one.
	Weeks int
	// Nth and Weekday, for "first tue" (Nth 1..4, or -1 for "last"): the
	// Nth such weekday of each month. Nth 0 with Weeks 0 is "monthly", the
	// same day of each month (a month without that day is skipped).
	Nth     int
	Weekday time.Weekday
}

var ordinals = map[string]int{"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": -1,
	"premier": 1, "premiere": 1, "deuxieme": 2, "troisieme": 3, "quatrieme": 4, "dernier": -1}

var weekdays = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
	"dim": time.Sunday, "lun": time.Monday, "mar": time.Tuesday, "mer": time.Wednesday, "jeu": time.Thursday, "ven": time.Friday, "sam": time.Saturday}

// ParseRecurrence reads "4w" (every 4 weeks; "1w" or "weekly" every week,
// up to 52w), "monthly", or "first tue" (first, second, third, fourth or
// last, and a weekday's first three letters); ok is false for anything
// else.
func ParseRecurrence(s string) (Recurrence, bool) {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch s {
	case "weekly", "hebdomadaire":
		return Recurrence{Weeks: 1}, true
	case "monthly", "mensuel", "mensuelle":
		return Recurrence{}, true
	}
	if n, ok := strings.CutSuffix(s, "w"); ok {
		if k, err := strconv.Atoi(n); err == nil && k >= 1 && k <= 52 {
			return Recurrence{Weeks: k}, true
		}
		return Recurrence{}, false
	}
	ord, day, ok := strings.Cut(s, " ")
	nth, ok1 := ordinals[ord]
	if !ok || !ok1 || len(day) < 3 {
		return Recurrence{}, false
	}
	wd, ok2 := weekdays[day[:3]]
	if !ok2 || (len(day) > 3 && !fullWeekday(day, wd)) {
		return Recurrence{}, false
	}
	return Recurrence{Nth: nth, Weekday: wd}, true
}

// RRULE is the rule in RFC 5545 form, without its end ("FREQ=WEEKLY;
// INTERVAL=4", "FREQ=MONTHLY", "FREQ=MONTHLY;BYDAY=1TU").
func (r Recurrence) RRULE() string {
	switch {
	case r.Weeks > 0:
		return "FREQ=WEEKLY;INTERVAL=" + strconv.Itoa(r.Weeks)
	case r.Nth != 0:
		return "FREQ=MONTHLY;BYDAY=" + strconv.Itoa(r.Nth) + strings.ToUpper(r.Weekday.String()[:2])
	}
	return "FREQ=MONTHLY"
}

// ErrNoSuchTime says an occurrence's wall-clock time does not exist on its
// day (the clocks jump over it).
type ErrNoSuchTime struct{ Day time.Time }

func (e ErrNoSuchTime) Error() string { return "no such time on " + e.Day.Format(time.DateOnly) }

// Occurrences are the series' starts from first (an occurrence itself,
// unless the rule names weekdays of a month: then the first one on or after
// it), each at first's wall-clock time in loc, whatever the clocks do; as
// many as count (when > 0), or up to until. ErrNoSuchTime when a wall time
// does not exist on one of the days; at most MaxSeriesSpan.
func (r Recurrence) Occurrences(first time.Time, loc *time.Location, count int, until time.Time) ([]time.Time, error) {
	f := first.In(loc)
	hh, mm := f.Hour(), f.Minute()
	at := func(y int, m time.Month, d int) (time.Time, error) {
		t := time.Date(y, m, d, hh, mm, 0, 0, loc)
		if t.Hour() != hh || t.Minute() != mm || t.Day() != d {
			return t, ErrNoSuchTime{Day: time.Date(y, m, d, 12, 0, 0, 0, loc)}
		}
		return t, nil
	}
	limit := first.Add(MaxSeriesSpan)
	var out []time.Time
	done := func(t time.Time) bool {
		return (count > 0 && len(out) >= count) || (count <= 0 && t.After(until)) || t.After(limit)
	}
	add := func(t time.Time) { out = append(out, t) }
	switch {
	case r.Weeks > 0:
		for i := 0; ; i++ {
			d := f.AddDate(0, 0, 7*r.Weeks*i)
			t, err := at(d.Year(), d.Month(), d.Day())
			if done(t) {
				break
			}
			if err != nil {
				return nil, err
			}
			add(t)
		}
	default:
		for i := 0; ; i++ {
			y, m := f.Year(), f.Month()+time.Month(i)
			var day int
			if r.Nth == 0 {
				day = f.Day()
				if day > daysIn(y, m) {
					if done(time.Date(y, m, 1, hh, mm, 0, 0, loc)) {
						break
					}
					continue // a month without that day
				}
			} else {
				day = nthWeekday(y, m, r.Nth, r.Weekday)
			}
			probe := time.Date(y, m, day, hh, mm, 0, 0, loc)
			if probe.Before(first) {
				continue
			}
			if done(probe) {
				break
			}
			t, err := at(y, m, day)
			if err != nil {
				return nil, err
			}
			add(t)
		}
	}
	return out, nil
}

// fullWeekday reports whether day is wd's whole name, in English or
// French ("tuesday", "mardi").
func fullWeekday(day string, wd time.Weekday) bool {
	fr := [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	return day == strings.ToLower(wd.String()) || day == fr[wd]
}

func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day() }

// nthWeekday is the day of month of the nth (or last, n = -1) weekday wd.
func nthWeekday(y int, m time.Month, n int, wd time.Weekday) int {
	if n < 0 {
		last := daysIn(y, m)
		lw := time.Date(y, m, last, 12, 0, 0, 0, time.UTC).Weekday()
		return last - (int(lw)-int(wd)+7)%7
	}
	fw := time.Date(y, m, 1, 12, 0, 0, 0, time.UTC).Weekday()
	return 1 + (int(wd)-int(fw)+7)%7 + 7*(n-1)
}
