// Package schedule owns jcabot's time-driven work: the cron specs of
// channel digests (parsed and validated by robfig/cron), the minute tick
// that finds what is due, and the rules for clock changes and missed runs.
// Everything takes the time as an argument or from an injected clock, so
// tests walk weeks in milliseconds.
package schedule

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/jcabot/jcabot/internal/when"
)

// parser reads standard 5-field specs and descriptors (@daily, @weekly...).
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Spec is a validated cron spec in a zone.
type Spec struct {
	Text string
	Loc  *time.Location
	// sched is evaluated on wall-clock time (see Next).
	sched cron.Schedule
}

// ParseSpec validates a spec for a zone. robfig/cron checks it with the
// zone as CRON_TZ, exactly as its runner would; "@every" is refused (a
// digest follows the calendar, not an interval).
func ParseSpec(text string, loc *time.Location) (*Spec, error) {
	text = strings.TrimSpace(text)
	if strings.HasPrefix(text, "@every") {
		return nil, fmt.Errorf("@every is not a calendar schedule")
	}
	if strings.HasPrefix(strings.ToUpper(text), "CRON_TZ=") || strings.HasPrefix(strings.ToUpper(text), "TZ=") {
		return nil, fmt.Errorf("give the zone with --tz, not in the spec")
	}
	if _, err := parser.Parse("CRON_TZ=" + loc.String() + " " + text); err != nil {
		return nil, err
	}
	sched, err := parser.Parse(text) // in UTC: evaluated on wall-clock time
	if err != nil {
		return nil, err
	}
	return &Spec{Text: text, Loc: loc, sched: sched}, nil
}

// Next returns the first run strictly after t.
//
// The spec is matched against the wall clock of its zone rather than
// against instants, which gives the rule people expect around clock
// changes: a time that does not exist on a spring-forward day (02:30 when
// clocks jump from 02:00 to 03:00) runs at the first valid minute after it
// (robfig/cron alone would skip the day); a time that happens twice in
// autumn runs once, at its first occurrence.
func (s *Spec) Next(t time.Time) time.Time {
	wall := wallClock(t.In(s.Loc))
	for i := 0; i < 4; i++ { // at most a few hops past a repeated hour
		n := s.sched.Next(wall)
		if n.IsZero() {
			return time.Time{}
		}
		readings, problem := when.Resolve(n.Year(), n.Month(), n.Day(), n.Hour(), n.Minute(), s.Loc)
		var at time.Time
		switch problem {
		case when.LocalOK, when.LocalAmbiguous:
			at = readings[0] // a repeated time runs at its first occurrence
		case when.LocalMissing:
			// The first valid minute after a skipped time: the change itself.
			change, ok := when.ClockChange(readings[0].Add(-2*time.Hour), readings[1].Add(2*time.Hour), s.Loc)
			if !ok {
				at = readings[1]
			} else {
				at = change
			}
		}
		if at.After(t) {
			return at
		}
		wall = n // the first occurrence is past (we are in the repeated hour): look further
	}
	return time.Time{}
}

// NextN returns the next n runs after t.
func (s *Spec) NextN(t time.Time, n int) []time.Time {
	var out []time.Time
	for len(out) < n {
		t = s.Next(t)
		if t.IsZero() {
			break
		}
		out = append(out, t)
	}
	return out
}

// Last returns the latest run at or before t that is after since, if any:
// the one run to make up for after an outage, however many were missed.
func (s *Spec) Last(since, t time.Time) (time.Time, bool) {
	var last time.Time
	for n := s.Next(since); !n.IsZero() && !n.After(t); n = s.Next(n) {
		last = n
	}
	return last, !last.IsZero()
}

// wallClock is t's wall-clock reading as a UTC time.
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}
