package jca

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Hours are the hours of the day a person works, in their own zone:
// Start and End in minutes after midnight. End before Start crosses
// midnight (a night worker's 22:00-06:00).
type Hours struct {
	Start, End int
}

// DefaultHours are a person's hours when neither they nor the channel set
// any: 07:00-22:00.
var DefaultHours = Hours{Start: 7 * 60, End: 22 * 60}

// Margin is how far outside a person's hours a slot is early or late
// rather than at night.
const Margin = 2 * time.Hour

// Sociability is where a slot falls in a person's day.
type Sociability int

const (
	Sociable  Sociability = iota // within their hours
	EarlyLate                    // within Margin of them
	Night                        // further out
)

// ParseHours reads "08:00-21:00" (or "8:00-21:00", "22:00-06:00"); ok is
// false for anything else, or for hours that begin and end at the same
// minute.
func ParseHours(s string) (Hours, bool) {
	a, b, found := strings.Cut(strings.TrimSpace(s), "-")
	if !found {
		return Hours{}, false
	}
	start, ok1 := parseClock(a)
	end, ok2 := parseClock(b)
	if !ok1 || !ok2 || start == end {
		return Hours{}, false
	}
	return Hours{Start: start, End: end}, true
}

// parseClock reads "HH:MM", 00:00 to 23:59 (24:00 for the end of a day).
func parseClock(s string) (int, bool) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(m) != 2 || len(h) < 1 || len(h) > 2 {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, false
	}
	return hh*60 + mm, true
}

// String is "08:00-21:00".
func (h Hours) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", h.Start/60, h.Start%60, h.End/60, h.End%60)
}

// length is the hours' span in minutes.
func (h Hours) length() int {
	if h.End > h.Start {
		return h.End - h.Start
	}
	return h.End + 24*60 - h.Start
}

// Classify says where [start, end) falls for someone working h in loc:
// Sociable when it lies within one span of their hours, EarlyLate when
// within Margin of one, else Night. The slot is read on the wall clock of
// loc, so a clock change inside it does not move its end.
func (h Hours) Classify(start, end time.Time, loc *time.Location) Sociability {
	s := start.In(loc)
	from := s.Hour()*60 + s.Minute()
	dur := int(end.Sub(start) / time.Minute)
	within := func(w0, w1 int) bool {
		for _, day := range []int{-24 * 60, 0, 24 * 60} { // the span may begin the day before
			if from >= w0+day && from+dur <= w1+day {
				return true
			}
		}
		return false
	}
	w0, w1 := h.Start, h.Start+h.length()
	if within(w0, w1) {
		return Sociable
	}
	m := int(Margin / time.Minute)
	if within(w0-m, w1+m) {
		return EarlyLate
	}
	return Night
}

// clockDefaults fills what a ranking or a ledger was not given: UTC for
// those with no zone, DefaultHours for those with no hours, and
// time.LoadLocation to read zones.
func clockDefaults(zone *time.Location, hours Hours, load func(string) (*time.Location, error)) (*time.Location, Hours, func(string) (*time.Location, error)) {
	if zone == nil {
		zone = time.UTC
	}
	if hours == (Hours{}) {
		hours = DefaultHours
	}
	if load == nil {
		load = time.LoadLocation
	}
	return zone, hours, load
}
