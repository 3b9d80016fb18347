package when

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// LocalProblem says why a typed local time cannot be read as one instant.
type LocalProblem int

const (
	// LocalOK: the local time names exactly one instant.
	LocalOK LocalProblem = iota
	// LocalMissing: a clock change skips this local time (spring forward).
	LocalMissing
	// LocalAmbiguous: this local time happens twice (autumn).
	LocalAmbiguous
)

// Resolve reads the wall-clock time y-m-d h:min in loc. It reports whether
// the time exists once, never (then the instants are the readings just
// before and after the gap, by the offsets in force before and after), or
// twice (then the instants are both readings, earlier first).
func Resolve(y int, m time.Month, d, h, min int, loc *time.Location) ([]time.Time, LocalProblem) {
	wall := time.Date(y, m, d, h, min, 0, 0, time.UTC)
	guess := time.Date(y, m, d, h, min, 0, 0, loc)
	_, offBefore := guess.Add(-6 * time.Hour).In(loc).Zone()
	_, offAfter := guess.Add(6 * time.Hour).In(loc).Zone()
	var valid []time.Time
	for _, off := range []int{offBefore, offAfter} {
		t := wall.Add(-time.Duration(off) * time.Second).In(loc)
		if sameWall(t, y, m, d, h, min) && !containsInstant(valid, t) {
			valid = append(valid, t)
		}
	}
	switch len(valid) {
	case 1:
		return valid, LocalOK
	case 2:
		if valid[1].Before(valid[0]) {
			valid[0], valid[1] = valid[1], valid[0]
		}
		return valid, LocalAmbiguous
	}
	// The time is skipped: offer the same wall time read with each offset,
	// which lands just after the change (the usual reading).
	a := wall.Add(-time.Duration(offBefore) * time.Second).In(loc)
	b := wall.Add(-time.Duration(offAfter) * time.Second).In(loc)
	if b.Before(a) {
		a, b = b, a
	}
	return []time.Time{a, b}, LocalMissing
}

func sameWall(t time.Time, y int, m time.Month, d, h, min int) bool {
	return t.Year() == y && t.Month() == m && t.Day() == d && t.Hour() == h && t.Minute() == min
}

func containsInstant(ts []time.Time, t time.Time) bool {
	for _, x := range ts {
		if x.Equal(t) {
			return true
		}
	}
	return false
}

// SlotError explains why a typed slot cannot be used.
type SlotError struct {
	Problem LocalProblem // LocalMissing or LocalAmbiguous; LocalOK means a format error
	// Readings are the instants it could mean (see Resolve).
	Readings []time.Time
}

// MaxOvernight is the longest a range ending before it starts
// ("23:00-01:00") may run past midnight: a late call. A longer one
// ("16:00-14:00", 22 hours) is a range typed the wrong way round.
const MaxOvernight = 12 * time.Hour

// BackwardsRange is the error of a range that ends before it starts by more
// than MaxOvernight would allow.
type BackwardsRange struct {
	Length  time.Duration // what it would last, read past midnight
	Swapped string        // the text with the range the right way round
}

func (e *BackwardsRange) Error() string { return "the range ends before it starts" }

func (e *SlotError) Error() string {
	switch e.Problem {
	case LocalMissing:
		return "this local time does not exist (clock change)"
	case LocalAmbiguous:
		return "this local time happens twice (clock change)"
	}
	return "not a date and time"
}

var slotRE = regexp.MustCompile(`^(\d{4})[-/](\d{2})[-/](\d{2})[ T]((\d{1,2})[:h](\d{2}))(?:(\s*[-–]\s*)((\d{1,2})[:h](\d{2})))?$`)

// ParseSlot reads a meeting time typed in loc:
//   - "2032-03-26 14:00" (also with T, or 14h00): that wall time in loc;
//   - "2032-03-26 14:00-16:00": the same, with the range's duration (an end
//     before the start means the next day, up to MaxOvernight; a longer one
//     is a *BackwardsRange);
//   - ISO 8601 with a T and an offset or Z ("2032-03-26T14:00+01:00",
//     "2032-03-26T14:00-05:00"): as written.
//
// A year outside MinYear..MaxYear is not a time. dur is zero when the text
// gives no range. A wall time skipped or repeated
// by a clock change in loc is a *SlotError with the possible readings.
func ParseSlot(s string, loc *time.Location) (start time.Time, dur time.Duration, err error) {
	s = strings.TrimSpace(s)
	// "T14:00-03:00" is ISO 8601 with an offset; "14:00-16:00" after a space
	// is a range.
	if strings.Contains(s, "T") {
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00"} {
			if t, err := time.Parse(layout, s); err == nil && InYears(t) {
				return t, 0, nil
			}
		}
	}
	m := slotRE.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, 0, &SlotError{}
	}
	n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
	y, mo, d, h, mi := n(1), time.Month(n(2)), n(3), n(5), n(6)
	if y < MinYear || y > MaxYear || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 {
		return time.Time{}, 0, &SlotError{}
	}
	readings, problem := Resolve(y, mo, d, h, mi, loc)
	if problem != LocalOK {
		return time.Time{}, 0, &SlotError{Problem: problem, Readings: readings}
	}
	start = readings[0]
	if m[8] != "" {
		eh, em := n(9), n(10)
		if eh > 24 || em > 59 {
			return time.Time{}, 0, &SlotError{}
		}
		startMin := h*60 + mi
		endMin := eh*60 + em
		wraps := endMin <= startMin
		if wraps {
			endMin += 24 * 60
		}
		dur = time.Duration(endMin-startMin) * time.Minute
		if wraps && dur > MaxOvernight {
			swapped := s[:len(s)-len(m[4])-len(m[7])-len(m[8])] + m[8] + m[7] + m[4]
			return time.Time{}, 0, &BackwardsRange{Length: dur, Swapped: swapped}
		}
	}
	return start, dur, nil
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// ClockChange returns the first instant in (from, to] at which loc's UTC
// offset changes, to the minute, if any.
func ClockChange(from, to time.Time, loc *time.Location) (time.Time, bool) {
	offset := func(t time.Time) int { _, o := t.In(loc).Zone(); return o }
	off := offset(from)
	for lo := from; lo.Before(to); {
		hi := lo.Add(time.Hour)
		if hi.After(to) {
			hi = to
		}
		if offset(hi) != off {
			// The change is in (lo, hi]: narrow it down to the minute.
			for hi.Sub(lo) > time.Minute {
				mid := lo.Add(hi.Sub(lo) / 2)
				if offset(mid) != off {
					hi = mid
				} else {
					lo = mid
				}
			}
			return hi.Truncate(time.Minute), true
		}
		lo = hi
	}
	return time.Time{}, false
}
