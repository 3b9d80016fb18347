package commands

import (
	"context"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/when"
)

// poll suggest: good candidate slots for a poll, from every member's zone
// and working hours, so a chair starts from times that are fair.

// suggestMaxDays bounds the days a suggestion looks through.
const suggestMaxDays = 62

func pollSuggest(ctx context.Context, c *Call) (bot.Reply, error) {
	loc, dur, _, err := c.pollZoneAndDuration()
	if err != nil {
		return bot.Reply{}, err
	}
	within, ok := c.Flag("within")
	if !ok {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.poll.need_within", "example", "2033-03-01..2033-03-14")
	}
	from, to, err := suggestWithin(within, loc)
	if err != nil {
		return bot.Reply{}, err
	}
	if now := c.Now(); from.Before(now) {
		from = now
	}
	people, err := c.r.pollStore().ListPeople(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	in := jca.SuggestInput{From: from, To: to, Duration: dur, Day: loc, DefaultZone: c.r.d.DefaultTZ,
		LoadLocation: func(name string) (*time.Location, error) { return when.Location(name) }}
	if h := c.r.channelHours(ctx, c.Req.Channel); h != nil {
		in.DefaultHours = *h
	}
	sugg := jca.Suggest(people, in)
	var m bot.Message
	if len(sugg) == 0 {
		m.Section(c.T("poll.suggest.none", "within", within))
		return c.reply(m), nil
	}
	members := sugg[0].Sociable + sugg[0].EarlyLate + sugg[0].Night
	m.Title = c.T("poll.suggest.title", "n", len(sugg), "members", members)
	slots := make([]time.Time, len(sugg))
	for i, s := range sugg {
		slots[i] = s.Start
		line := c.T("poll.suggest.line", "n", i+1, "when", pollSlotWhen(s.Start, dur, c.Loc, c.Lang, loc, time.UTC),
			"sociable", s.Sociable, "members", members)
		if s.Night > 0 {
			line = append(line, bot.Span{Text: " · "})
			line = append(line, c.T("poll.tally.night", "n", s.Night)...)
		}
		if s.EarlyLate > 0 {
			line = append(line, bot.Span{Text: " · "})
			line = append(line, c.T("poll.tally.early_late", "n", s.EarlyLate)...)
		}
		m.Section(line)
	}
	if _, err := c.r.pollStore().UpdatePerson(ctx, c.Me, func(p *jca.Person) error {
		p.Suggested = &jca.SuggestedPoll{Slots: slots, Duration: dur, Zone: loc.String()}
		return nil
	}); err != nil {
		return bot.Reply{}, err
	}
	m.Context(c.T("poll.suggest.next"))
	return c.reply(m), nil
}

// suggestWithin reads "2033-03-01..2033-03-14" as days in loc: from the
// start of the first to the end of the last.
func suggestWithin(s string, loc *time.Location) (from, to time.Time, err error) {
	bad := jca.Errorf(jca.EInvalid, "err.poll.bad_within", "value", s, "example", "2033-03-01..2033-03-14")
	a, b, ok := strings.Cut(s, "..")
	if !ok {
		return from, to, bad
	}
	y1, m1, d1, ok1 := when.ParseDay(strings.TrimSpace(a))
	y2, m2, d2, ok2 := when.ParseDay(strings.TrimSpace(b))
	if !ok1 || !ok2 {
		return from, to, bad
	}
	from, to = when.StartOfDay(y1, m1, d1, loc), when.EndOfDay(y2, m2, d2, loc)
	if to.Before(from) || to.Sub(from) > suggestMaxDays*24*time.Hour {
		return from, to, jca.Errorf(jca.EInvalid, "err.poll.within_span", "value", s, "max", suggestMaxDays)
	}
	return from, to, nil
}

// suggestedSlots are the slots of the person's last suggestion, for poll
// new --from-suggestion; --slot with it is refused.
func (c *Call) suggestedSlots() ([]time.Time, time.Duration, *time.Location, error) {
	if len(c.Flags("slot")) > 0 {
		return nil, 0, nil, jca.Errorf(jca.EInvalid, "err.poll.suggestion_and_slots")
	}
	if c.person == nil || c.person.Suggested == nil || len(c.person.Suggested.Slots) == 0 {
		return nil, 0, nil, jca.Errorf(jca.EInvalid, "err.poll.no_suggestion", "example", "2033-03-01..2033-03-14")
	}
	sp := c.person.Suggested
	var slots []time.Time
	for _, s := range sp.Slots {
		if s.After(c.Now()) {
			slots = append(slots, s)
		}
	}
	if len(slots) == 0 {
		return nil, 0, nil, jca.Errorf(jca.EInvalid, "err.poll.suggestion_past", "example", "2033-03-01..2033-03-14")
	}
	loc, err := when.Location(sp.Zone)
	if err != nil {
		loc = time.UTC
	}
	return slots, sp.Duration, loc, nil
}

// pollZoneAndDuration reads --tz (else the person's zone) and --duration
// (else 2 hours; given reports whether it was typed).
func (c *Call) pollZoneAndDuration() (loc *time.Location, dur time.Duration, given bool, err error) {
	loc = c.Loc
	if s, ok := c.Flag("tz"); ok {
		if loc, _, err = c.zone(s); err != nil {
			return nil, 0, false, err
		}
	}
	dur = pollDefaultDuration
	if s, ok := c.Flag("duration"); ok {
		d, ok := pollParseDuration(s)
		if !ok || d <= 0 || d > pollMaxDuration {
			return nil, 0, false, jca.Errorf(jca.EInvalid, "err.poll.bad_duration", "value", s)
		}
		dur, given = d, true
	}
	return loc, dur, given, nil
}
