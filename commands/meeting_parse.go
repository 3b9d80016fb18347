package commands

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/when"
)

// Parsing what people type for meetings: times, lengths, reminders, kinds.

// meetingTime reads a start time like a poll slot: in --tz, else the
// person's zone. A range ("14:00-16:00") gives a length too. A time the
// clocks skip or repeat is refused with its readings; a past time is refused.
func (c *Call) meetingTime(s string) (start time.Time, length time.Duration, loc *time.Location, err error) {
	loc = c.Loc
	if z, ok := c.Flag("tz"); ok {
		if loc, _, err = c.zone(z); err != nil {
			return time.Time{}, 0, nil, err
		}
	}
	start, length, err = when.ParseSlot(s, loc)
	var se *when.SlotError
	if errors.As(err, &se) {
		return time.Time{}, 0, nil, slotRefusal(s, loc, se)
	}
	if br := (*when.BackwardsRange)(nil); errors.As(err, &br) {
		return time.Time{}, 0, nil, backwardsRefusal(s, br)
	}
	if err != nil {
		return time.Time{}, 0, nil, err
	}
	if !start.After(c.Now()) {
		return time.Time{}, 0, nil, jca.Errorf(jca.EInvalid, "meeting.err.past", "value", s, "when", c.dateTime(start))
	}
	return start.UTC(), length, loc, nil
}

// backwardsRefusal explains a range typed the wrong way round, for meetings
// and poll slots alike.
func backwardsRefusal(s string, br *when.BackwardsRange) error {
	return jca.Errorf(jca.EInvalid, "err.range_backwards", "value", s,
		"length", pollDurationText(br.Length), "swapped", br.Swapped)
}

// slotRefusal explains a time that cannot be read, offering both readings,
// each written with its offset so it can be typed back unambiguously.
func slotRefusal(s string, loc *time.Location, se *when.SlotError) error {
	key := "meeting.err.bad_time"
	switch se.Problem {
	case when.LocalMissing:
		key = "meeting.err.time_skipped"
	case when.LocalAmbiguous:
		key = "meeting.err.time_repeated"
	default:
		return jca.Errorf(jca.EInvalid, key, "value", s)
	}
	a, b := se.Readings[0], se.Readings[1]
	return jca.Errorf(jca.EInvalid, key, "value", s, "zone", loc.String(),
		"first", offsetForm(a, loc), "first_zone", when.ZoneLabel(a, loc),
		"second", offsetForm(b, loc), "second_zone", when.ZoneLabel(b, loc))
}

// offsetForm writes t as people may type it back: 2032-03-28T03:30+02:00.
func offsetForm(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02T15:04-07:00")
}

// meetingLength reads --duration; fromRange is the length a time range
// gave (0 if none). It reports whether a length was given at all.
func (c *Call) meetingLength(fromRange time.Duration) (time.Duration, bool, error) {
	s, ok := c.Flag("duration")
	if !ok {
		return fromRange, fromRange > 0, nil
	}
	if fromRange > 0 {
		return 0, false, jca.Errorf(jca.EInvalid, "meeting.err.length_twice")
	}
	d, ok := parseSpan(s)
	if !ok || d < time.Minute || d > maxMeetingLength {
		return 0, false, jca.Errorf(jca.EInvalid, "meeting.err.bad_duration", "value", s)
	}
	return d, true, nil
}

var spanUnits = map[string]time.Duration{
	"m": time.Minute, "min": time.Minute, "mn": time.Minute,
	"h": time.Hour,
	"d": 24 * time.Hour, "j": 24 * time.Hour,
	"w": 7 * 24 * time.Hour, "sem": 7 * 24 * time.Hour,
}

// parseSpan reads a length of time in whole minutes: 2h, 90m, 1h30m, 1h30
// (French style), 1.5h, 2d (or 2j), 1w.
func parseSpan(s string) (time.Duration, bool) {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if s == "" || len(s) > 20 {
		return 0, false
	}
	var total time.Duration
	prev := ""
	for s != "" {
		i := 0
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
			i++
		}
		num, err := strconv.ParseFloat(s[:i], 64)
		if i == 0 || err != nil || num > 1e5 {
			return 0, false
		}
		s = s[i:]
		j := 0
		for j < len(s) && s[j] >= 'a' && s[j] <= 'z' {
			j++
		}
		unit, ok := spanUnits[s[:j]]
		if j == 0 && prev == "h" && s == "" { // "1h30"
			unit, ok = time.Minute, true
		}
		if !ok {
			return 0, false
		}
		prev, s = s[:j], s[j:]
		total += time.Duration(num * float64(unit))
	}
	if total%time.Minute != 0 {
		return 0, false
	}
	return total, true
}

// parseReminders reads --remind: each lead > 0 and at most 30 days, at most
// five once duplicates are removed, longest first. "none" means no reminder.
func parseReminders(words []string) ([]time.Duration, error) {
	if len(words) == 1 && slices.Contains([]string{"none", "aucun", "aucune", "off", "no"}, strings.ToLower(words[0])) {
		return []time.Duration{}, nil
	}
	var out []time.Duration
	for _, w := range words {
		d, ok := parseSpan(w)
		if !ok || d <= 0 || d > maxReminderLead {
			return nil, jca.Errorf(jca.EInvalid, "meeting.err.bad_remind", "value", w)
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	if len(out) > maxReminders {
		return nil, jca.Errorf(jca.EInvalid, "meeting.err.too_many_reminders", "n", len(out), "max", maxReminders)
	}
	slices.SortFunc(out, func(a, b time.Duration) int { return int((b - a) / time.Minute) })
	return out, nil
}

var meetingKindWords = map[string]string{
	"e-meeting": "e-meeting", "emeeting": "e-meeting", "online": "e-meeting", "virtual": "e-meeting",
	"remote": "e-meeting", "en-ligne": "e-meeting", "enligne": "e-meeting", "distance": "e-meeting",
	"physical": "physical", "in-person": "physical", "inperson": "physical", "f2f": "physical",
	"face-to-face": "physical", "présentiel": "physical", "presentiel": "physical",
}

func meetingKind(s string) (string, error) {
	if k, ok := meetingKindWords[strings.ToLower(strings.TrimSpace(s))]; ok {
		return k, nil
	}
	return "", jca.Errorf(jca.EInvalid, "meeting.err.unknown_kind", "value", s, "list", strings.Join(jca.MeetingKinds(), ", ")).
		WithSuggestions(suggestions(s, jca.MeetingKinds())...)
}
