package commands

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/when"
)

// Meeting series: meeting schedule … --every, each occurrence a meeting of
// its own; meeting cancel M-n --from-here ends a series.

// seriesShown is how many occurrences the reply lists.
const seriesShown = 6

// scheduleSeries creates the occurrences of first's series (--every with
// --count or --until), all in one transaction, or refuses and writes
// nothing.
func (c *Call) scheduleSeries(ctx context.Context, first *jca.Meeting, loc *time.Location) (bot.Reply, error) {
	every, _ := c.Flag("every")
	rule, ok := jca.ParseRecurrence(every)
	if !ok {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "meeting.err.bad_every", "value", every)
	}
	count := 0
	var until time.Time
	countText, hasCount := c.Flag("count")
	untilText, hasUntil := c.Flag("until")
	switch {
	case hasCount && hasUntil:
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "meeting.err.count_and_until")
	case hasCount:
		n, err := strconv.Atoi(strings.TrimSpace(countText))
		if err != nil || n < 2 || n > 260 {
			return bot.Reply{}, jca.Errorf(jca.EInvalid, "meeting.err.bad_count", "value", countText)
		}
		count = n
	case hasUntil:
		y, m, d, ok := when.ParseDay(untilText)
		if !ok {
			return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.bad_date", "value", untilText, "example", "2033-12-31")
		}
		until = when.EndOfDay(y, m, d, loc)
		if until.Sub(first.Start) > jca.MaxSeriesSpan {
			return bot.Reply{}, jca.Errorf(jca.EInvalid, "meeting.err.series_too_long", "years", 5)
		}
	default:
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "meeting.err.series_end")
	}
	starts, err := rule.Occurrences(first.Start, loc, count, until)
	var nst jca.ErrNoSuchTime
	if errors.As(err, &nst) {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "meeting.err.series_no_such_time", "time", first.Start.In(loc).Format("15:04"),
			"day", when.Date(nst.Day, loc, string(c.Lang)), "zone", loc.String())
	}
	if err != nil {
		return bot.Reply{}, err
	}
	if r, ok := c.Flag("rotate"); ok {
		if starts, err = c.rotate(starts, r, loc); err != nil {
			return bot.Reply{}, err
		}
	}
	if count > 0 && len(starts) < count {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "meeting.err.series_too_long", "years", 5)
	}
	if len(starts) < 2 {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "meeting.err.series_one")
	}
	ms := make([]*jca.Meeting, len(starts))
	for i, s := range starts {
		m := *first
		m.Start, m.Rule = s.UTC(), every
		m.Remind = append([]time.Duration(nil), first.Remind...)
		ms[i] = &m
	}
	if err := c.r.meetingStore().CreateSeries(ctx, ms); err != nil {
		return bot.Reply{}, err
	}
	var msg bot.Message
	msg.Section(c.r.d.Catalog.Plural(c.Lang, "meeting.series.scheduled", len(ms), "first", jca.MeetingRef(ms[0].ID),
		"last", jca.MeetingRef(ms[len(ms)-1].ID), "title", first.Title, "every", every))
	v := c.personView()
	for _, m := range ms[:min(len(ms), seriesShown)] {
		msg.Context(c.T("meeting.series.line", "id", jca.MeetingRef(m.ID), "when", v.span(m.Start, m.End(), c.Loc)))
	}
	if len(ms) > seriesShown {
		msg.Context(c.T("meeting.series.more", "n", len(ms)-seriesShown, "last", v.span(ms[len(ms)-1].Start, ms[len(ms)-1].End(), c.Loc)))
	}
	msg.Context(c.T("meeting.series.next", "id", jca.MeetingRef(ms[0].ID)))
	rep := c.reply(msg)
	rep.Announce = c.announcement(ctx, ms[0], "meeting.announce.series", time.Time{})
	return rep, nil
}

// cancelSeriesFrom cancels a series' occurrences from id's on, those not
// over nor cancelled already.
func (c *Call) cancelSeriesFrom(ctx context.Context, id int, reason string) (bot.Reply, error) {
	ref := jca.MeetingRef(id)
	m, err := c.r.meetingStore().FindMeeting(ctx, id)
	if err != nil {
		return bot.Reply{}, err
	}
	if m.Series == 0 {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "meeting.err.not_series", "id", ref)
	}
	if err := c.requireAuthorOrChair(m.CreatedBy, ref, "action.meeting.cancel"); err != nil {
		return bot.Reply{}, err
	}
	cancelled := map[int]bool{} // by id: the write may run fn more than once
	_, err = c.r.meetingStore().UpdateSeries(ctx, m.Series, m.Start, func(x *jca.Meeting) error {
		if !x.Cancelled && x.End().After(c.Now()) {
			x.Cancel(reason, c.Me, c.Now())
			cancelled[x.ID] = true
		}
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	n := len(cancelled)
	var msg bot.Message
	msg.Section(c.r.d.Catalog.Plural(c.Lang, "meeting.series.cancelled", n, "id", ref, "title", m.Title))
	return c.reply(msg), nil
}

// rotate moves the occurrences, in turn, to each time of day of list
// ("07:00,15:00,23:00", two or three) on their own day in loc, so the night
// falls on different members in turn. A time the clocks jump over on one
// of the days is refused with that day.
func (c *Call) rotate(starts []time.Time, list string, loc *time.Location) ([]time.Time, error) {
	bad := jca.Errorf(jca.EInvalid, "meeting.err.bad_rotate", "value", list, "example", "07:00,15:00,23:00")
	parts := strings.Split(list, ",")
	if len(parts) < 2 || len(parts) > 3 {
		return nil, bad
	}
	type clock struct{ h, m int }
	var clocks []clock
	for _, p := range parts {
		hh, mm, ok := strings.Cut(strings.TrimSpace(p), ":")
		hi, err1 := strconv.Atoi(hh)
		mi, err2 := strconv.Atoi(mm)
		if !ok || len(mm) != 2 || len(hh) < 1 || len(hh) > 2 || err1 != nil || err2 != nil || hi < 0 || hi > 23 || mi < 0 || mi > 59 {
			return nil, bad
		}
		clocks = append(clocks, clock{hi, mi})
	}
	out := make([]time.Time, len(starts))
	for i, s := range starts {
		d, k := s.In(loc), clocks[i%len(clocks)]
		t := time.Date(d.Year(), d.Month(), d.Day(), k.h, k.m, 0, 0, loc)
		if t.Hour() != k.h || t.Minute() != k.m {
			return nil, jca.Errorf(jca.EInvalid, "meeting.err.series_no_such_time", "time", fmt.Sprintf("%02d:%02d", k.h, k.m),
				"day", when.Date(d, loc, string(c.Lang)), "zone", loc.String())
		}
		out[i] = t
	}
	return out, nil
}
