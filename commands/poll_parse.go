package commands

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/when"
)

// Parsing what people type for polls: slots, durations, answers.

// pollSlots reads the typed slots in loc: sorted, distinct, in the future,
// at most jca.MaxSlots. rangeDur is the length the ranges give (0 if none).
func (c *Call) pollSlots(typed []string, loc *time.Location, dur time.Duration, durGiven bool) (slots []time.Time, rangeDur time.Duration, err error) {
	if len(typed) == 0 {
		return nil, 0, jca.Errorf(jca.EInvalid, "err.poll.need_slot")
	}
	if len(typed) > jca.MaxSlots {
		return nil, 0, jca.Errorf(jca.EInvalid, "err.poll.too_many_slots", "n", len(typed), "max", jca.MaxSlots)
	}
	lang := string(c.Lang)
	rangeFrom := ""
	typedAt := map[int64]string{}
	for _, s := range typed {
		t, d, err := when.ParseSlot(s, loc)
		if err != nil {
			return nil, 0, c.pollSlotError(s, err, loc)
		}
		if d != 0 {
			if d > pollMaxDuration {
				return nil, 0, jca.Errorf(jca.EInvalid, "err.poll.bad_duration", "value", s)
			}
			if durGiven && d != dur {
				return nil, 0, jca.Errorf(jca.EInvalid, "err.poll.duration_conflict",
					"slot", s, "range", pollDurationText(d), "duration", pollDurationText(dur))
			}
			if rangeFrom != "" && d != rangeDur {
				return nil, 0, jca.Errorf(jca.EInvalid, "err.poll.range_conflict",
					"a", rangeFrom, "da", pollDurationText(rangeDur), "b", s, "db", pollDurationText(d))
			}
			rangeFrom, rangeDur = s, d
		}
		if !t.After(c.Now()) {
			return nil, 0, jca.Errorf(jca.EInvalid, "err.poll.slot_past", "value", s, "when", when.DateTime(t, loc, lang))
		}
		if other, dup := typedAt[t.Unix()]; dup {
			return nil, 0, jca.Errorf(jca.EInvalid, "err.poll.slot_twice", "a", other, "b", s, "when", when.DateTime(t, loc, lang))
		}
		typedAt[t.Unix()] = s
		slots = append(slots, t.UTC())
	}
	slices.SortFunc(slots, func(a, b time.Time) int { return a.Compare(b) })
	return slots, rangeDur, nil
}

// pollSlotError explains a slot that cannot be read: a format error, or a
// local time that a clock change skips or repeats, with the valid readings.
func (c *Call) pollSlotError(typed string, err error, loc *time.Location) error {
	if br := (*when.BackwardsRange)(nil); errors.As(err, &br) {
		return backwardsRefusal(typed, br)
	}
	var se *when.SlotError
	if !errors.As(err, &se) || se.Problem == when.LocalOK || len(se.Readings) != 2 {
		return jca.Errorf(jca.EInvalid, "err.poll.bad_slot", "value", typed)
	}
	lang := string(c.Lang)
	first, second := se.Readings[0], se.Readings[1]
	change, ok := when.ClockChange(first, second.Add(time.Minute), loc)
	if !ok {
		return jca.Errorf(jca.EInvalid, "err.poll.bad_slot", "value", typed)
	}
	_, offBefore := change.Add(-time.Minute).In(loc).Zone()
	before := time.FixedZone("", offBefore)
	from, to := change.In(before).Format("15:04"), change.In(loc).Format("15:04")
	city := pollCity(loc.String())
	switch se.Problem {
	case when.LocalMissing:
		// The later reading keeps the typed wall time in the old offset:
		// 02:30 in a 02:00→03:00 jump is 03:30, the usual meaning.
		valid := second.In(loc)
		return jca.Errorf(jca.EInvalid, "err.poll.slot_missing",
			"time", second.In(before).Format("15:04"), "city", city, "date", when.Date(valid, loc, lang),
			"from", from, "to", to, "valid", valid.Format("15:04"), "example", valid.Format("2006-01-02 15:04"))
	default:
		a, b := first.In(loc), second.In(loc)
		return jca.Errorf(jca.EInvalid, "err.poll.slot_ambiguous",
			"time", a.Format("15:04"), "city", city, "date", when.Date(a, loc, lang), "from", from, "to", to,
			"first", a.Format("2006-01-02T15:04-07:00"), "first_zone", pollAbbr(a, loc), "first_utc", a.UTC().Format("15:04"),
			"second", b.Format("2006-01-02T15:04-07:00"), "second_zone", pollAbbr(b, loc), "second_utc", b.UTC().Format("15:04"))
	}
}

// pollParseDuration reads a slot length: "2h", "90m", "90min", "1h30".
func pollParseDuration(s string) (time.Duration, bool) {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	s = strings.TrimSuffix(s, "in") // "90min" → "90m"
	if i := strings.IndexByte(s, 'h'); i >= 0 && i < len(s)-1 && !strings.ContainsAny(s[i+1:], "ms") {
		s += "m" // "1h30" → "1h30m"
	}
	d, err := time.ParseDuration(s)
	return d, err == nil
}

// pollDurationText shows a slot length: "2h", "1h30", "45 min".
func pollDurationText(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return strconv.Itoa(m) + " min"
	case m == 0:
		return strconv.Itoa(h) + "h"
	}
	return fmt.Sprintf("%dh%02d", h, m)
}

// pollCity names a zone as people say it: "Zurich", "New York", "UTC".
func pollCity(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return strings.ReplaceAll(name, "_", " ")
}

// pollAbbr is the zone's abbreviation at t ("CEST"), or its UTC offset
// where the database has none ("UTC+4").
func pollAbbr(t time.Time, loc *time.Location) string {
	abbr, off := t.In(loc).Zone()
	if abbr == "" || abbr[0] == '+' || abbr[0] == '-' {
		return when.Offset(off)
	}
	return abbr
}

// pollAnswerWords are the words (and marks) read as answers.
var pollAnswerWords = map[string]jca.Answer{
	"yes": jca.Yes, "y": jca.Yes, "oui": jca.Yes, "ok": jca.Yes, "✓": jca.Yes, "✔": jca.Yes, "✔️": jca.Yes, "+": jca.Yes,
	"maybe": jca.Maybe, "m": jca.Maybe, "if-need-be": jca.Maybe, "ifneedbe": jca.Maybe, "if_need_be": jca.Maybe,
	"inb": jca.Maybe, "~": jca.Maybe, "?": jca.Maybe, "si-besoin": jca.Maybe, "sibesoin": jca.Maybe,
	"peut-être": jca.Maybe, "peut-etre": jca.Maybe,
	"no": jca.No, "n": jca.No, "non": jca.No, "✗": jca.No, "✘": jca.No, "x": jca.No, "-": jca.No,
}

func pollAnswer(s string) (jca.Answer, bool) {
	a, ok := pollAnswerWords[strings.ToLower(strings.TrimSpace(s))]
	return a, ok
}

// pollSlotList reads slot numbers: "2", "1,3", "1-3", "all".
func pollSlotList(s string, n int, ref string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		switch {
		case part == "":
			continue
		case strings.EqualFold(part, "all") || part == "*" || strings.EqualFold(part, "tous"):
			for i := 1; i <= n; i++ {
				out = append(out, i)
			}
			continue
		}
		lo, hi, isRange := strings.Cut(part, "-")
		if !isRange {
			hi = lo
		}
		a, okA := parsePositive(lo)
		b, okB := parsePositive(hi)
		if !okA || !okB || b < a {
			return nil, voteFormatError(part, ref, n)
		}
		for _, x := range []int{a, b} {
			if x > n {
				return nil, jca.Errorf(jca.EInvalid, "err.poll.no_such_slot", "value", x, "id", ref, "n", n)
			}
		}
		for i := a; i <= b; i++ {
			out = append(out, i)
		}
	}
	if len(out) == 0 {
		return nil, voteFormatError(s, ref, n)
	}
	return out, nil
}

// voteExamples are the two ways to vote, written for a poll of n slots:
// "1=yes 2=maybe 3=no" and "yes 1,3 maybe 2" when it has three or more,
// shorter when it has fewer, so an example never names a slot the poll
// lacks.
func voteExamples(n int) (byslot, byanswer string) {
	switch {
	case n <= 1:
		return "1=yes", "yes 1"
	case n == 2:
		return "1=yes 2=maybe", "yes 1 maybe 2"
	}
	return "1=yes 2=maybe 3=no", "yes 1,3 maybe 2"
}

// voteFormatError refuses value as an answer to poll ref of n slots, with
// examples that fit it; an empty value is said as a missing slot number.
func voteFormatError(value, ref string, n int) error {
	a, b := voteExamples(n)
	if strings.Trim(value, " ,=") == "" {
		return jca.Errorf(jca.EInvalid, "err.poll.vote_no_slot", "id", ref, "example", a, "example2", b)
	}
	return jca.Errorf(jca.EInvalid, "err.poll.vote_format", "value", value, "id", ref, "example", a, "example2", b)
}

// pollParseVote reads "1=yes 2=maybe 3=no" or "yes 1,3 maybe 2" (forms
// may mix) for a poll of n slots.
func pollParseVote(words []string, n int, ref string) (map[int]jca.Answer, error) {
	answers := map[int]jca.Answer{}
	set := func(slots []int, a jca.Answer) error {
		for _, s := range slots {
			if old, ok := answers[s]; ok && old != a {
				return jca.Errorf(jca.EInvalid, "err.poll.vote_twice", "slot", s, "id", ref)
			}
			answers[s] = a
		}
		return nil
	}
	var cur jca.Answer
	curWord, curUsed := "", true
	for _, w := range words {
		if l, rhs, ok := strings.Cut(w, "="); ok {
			a, ok := pollAnswer(rhs)
			if !ok {
				return nil, voteFormatError(w, ref, n)
			}
			slots, err := pollSlotList(l, n, ref)
			if err != nil {
				return nil, err
			}
			if err := set(slots, a); err != nil {
				return nil, err
			}
			continue
		}
		if a, ok := pollAnswer(w); ok {
			if !curUsed {
				return nil, jca.Errorf(jca.EInvalid, "err.poll.vote_no_slots", "answer", curWord, "id", ref)
			}
			cur, curWord, curUsed = a, w, false
			continue
		}
		if cur == "" {
			return nil, voteFormatError(w, ref, n)
		}
		slots, err := pollSlotList(w, n, ref)
		if err != nil {
			return nil, err
		}
		if err := set(slots, cur); err != nil {
			return nil, err
		}
		curUsed = true
	}
	if !curUsed {
		return nil, jca.Errorf(jca.EInvalid, "err.poll.vote_no_slots", "answer", curWord, "id", ref)
	}
	if len(answers) == 0 {
		return nil, voteFormatError(strings.Join(words, " "), ref, n)
	}
	return answers, nil
}
