package commands

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/report"
	"github.com/jcabot/jcabot/internal/when"
)

// meetingView renders meetings for one reader: a person (their zone, the
// meeting's zone beside, UTC) or a channel (its zone and UTC).
type meetingView struct {
	cat     *i18n.Catalog
	lang    i18n.Lang
	loc     *time.Location
	now     time.Time
	channel bool
}

func (c *Call) personView() meetingView {
	return meetingView{cat: c.r.d.Catalog, lang: c.Lang, loc: c.Loc, now: c.Now()}
}

func (c *Call) channelView(ctx context.Context) meetingView {
	loc, lang := c.r.channelSettings(ctx, c.Req.Channel)
	return meetingView{cat: c.r.d.Catalog, lang: lang, loc: loc, now: c.Now(), channel: true}
}

func (v meetingView) t(key string, kv ...any) bot.Text { return v.cat.Text(v.lang, key, kv...) }
func (v meetingView) s(key string, kv ...any) string   { return v.cat.String(v.lang, key, kv...) }

// field is a label/value pair, the label the catalog message key with the
// language's punctuation.
func (v meetingView) field(key string, value bot.Text) bot.Field {
	return bot.Field{Label: v.cat.Label(v.lang, v.s(key)), Value: value}
}

// span shows [start, end) in loc: "Fri 26 Mar 2032, 09:00-11:00 (New York,
// EDT)", or with both days when it ends on another day there.
func (v meetingView) span(start, end time.Time, loc *time.Location) string {
	s, e := start.In(loc), end.In(loc)
	label := " (" + when.ZoneLabel(start, loc) + ")"
	if s.YearDay() == e.YearDay() && s.Year() == e.Year() || e.Equal(s) {
		return when.Date(s, loc, string(v.lang)) + ", " + s.Format("15:04") + "-" + e.Format("15:04") + label
	}
	return when.Date(s, loc, string(v.lang)) + ", " + s.Format("15:04") + " - " + when.Date(e, loc, string(v.lang)) + ", " + e.Format("15:04") + label
}

// times are the fields saying when m takes place: in the reader's zone with
// a relative hint, then the meeting's own zone when it differs (people
// only), then UTC unless one of those is UTC already.
func (v meetingView) times(m *jca.Meeting) []bot.Field {
	f := []bot.Field{v.field("meeting.label.when", v.t("meeting.when",
		"when", v.span(m.Start, m.End(), v.loc), "relative", when.Relative(m.Start, v.now, string(v.lang))))}
	utcShown := isUTC(v.loc)
	if !v.channel && m.Zone != "" && m.Zone != v.loc.String() {
		if loc, err := when.Location(m.Zone); err == nil {
			f = append(f, v.field("meeting.label.own_zone", bot.T(v.span(m.Start, m.End(), loc))))
			utcShown = utcShown || isUTC(loc)
		}
	}
	if !utcShown {
		f = append(f, bot.Field{Label: v.cat.Label(v.lang, "UTC"), Value: bot.T(v.span(m.Start, m.End(), time.UTC))})
	}
	return f
}

func isUTC(loc *time.Location) bool {
	n := loc.String()
	return n == "UTC" || n == "Etc/UTC" || n == "Etc/GMT" || n == "GMT"
}

// fields are the label/value pairs of a meeting; full adds who scheduled it
// and the poll it came from.
func (v meetingView) fields(m *jca.Meeting, full bool) []bot.Field {
	f := v.times(m)
	add := func(key string, val bot.Text) {
		if val.String() != "" {
			f = append(f, v.field(key, val))
		}
	}
	add("meeting.label.duration", bot.T(v.length(m.Duration)))
	add("meeting.label.kind", v.t("meeting.kind."+m.Kind))
	add("meeting.label.where", bot.T(m.Where))
	if m.Link != "" {
		add("meeting.label.link", bot.Text{{Kind: bot.LinkSpan, Text: m.Link, URL: m.Link}})
	}
	if v.channel {
		return f
	}
	add("meeting.label.reminders", v.reminders(m.Remind))
	if full {
		add("meeting.label.scheduled", v.t("meeting.by", "who", bot.Identity(m.CreatedBy), "when", when.DateTime(m.CreatedAt, v.loc, string(v.lang))))
		if m.Poll != 0 {
			add("meeting.label.poll", bot.Text{{Kind: bot.Bold, Text: jca.PollRef(m.Poll)}})
		}
	}
	return f
}

// length shows a duration: "2 h", "1 h 30 min", "45 min", "2 days", "1 week".
func (v meetingView) length(d time.Duration) string {
	const day, week = 24 * time.Hour, 7 * 24 * time.Hour
	switch {
	case d >= week && d%week == 0:
		return v.cat.Plural(v.lang, "meeting.weeks", int(d/week)).String()
	case d >= 2*day && d%day == 0:
		return v.cat.Plural(v.lang, "meeting.days", int(d/day)).String()
	}
	return hoursMinutes(d)
}

// hoursMinutes shows a duration in hours and minutes: "2 h", "1 h 30 min",
// "45 min" (the same in English and French).
func hoursMinutes(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return strconv.Itoa(m) + " min"
	case m == 0:
		return strconv.Itoa(h) + " h"
	}
	return strconv.Itoa(h) + " h " + strconv.Itoa(m) + " min"
}

func (v meetingView) reminders(rs []time.Duration) bot.Text {
	if len(rs) == 0 {
		return v.t("meeting.remind_none")
	}
	parts := make([]string, len(rs))
	for i, d := range rs {
		parts[i] = v.length(d)
	}
	return v.t("meeting.remind_list", "list", strings.Join(parts, ", "))
}

// announcement is the channel's news of a meeting, in the channel's zone
// and language with UTC beside. was is the former start of a moved meeting.
func (c *Call) announcement(ctx context.Context, m *jca.Meeting, key string, was time.Time) *bot.Message {
	v := c.channelView(ctx)
	ref := jca.MeetingRef(m.ID)
	msg := new(bot.Message)
	msg.Section(v.t(key, "id", ref, "title", m.Title))
	if m.Cancelled {
		f := []bot.Field{v.field("meeting.label.was", bot.T(v.span(m.Start, m.End(), v.loc)))}
		if m.Reason != "" {
			f = append(f, v.field("meeting.label.reason", bot.T(m.Reason)))
		}
		msg.AddFields(f...)
		msg.Context(v.t("meeting.announce.cancelled.next", "id", ref))
		return msg
	}
	msg.AddFields(v.fields(m, false)...)
	if !was.IsZero() {
		msg.Context(v.t("meeting.was", "when", when.DateTime(was, v.loc, string(v.lang))))
	}
	msg.Context(v.t("meeting.announce.next", "id", ref))
	return msg
}

// meetingLine is one line of a list: **M-2** · when · *Title* · in 3 days.
func (v meetingView) line(m *jca.Meeting) bot.Text {
	t := bot.Text{{Kind: bot.Bold, Text: jca.MeetingRef(m.ID)}, {Text: " · " + v.span(m.Start, m.End(), v.loc) + " · "},
		{Kind: bot.Italic, Text: m.Title}, {Text: " · " + when.Relative(m.Start, v.now, string(v.lang))}}
	if m.Cancelled {
		t = append(t, bot.Span{Text: " · "})
		t = append(t, v.t("meeting.status.cancelled")...)
	}
	return t
}

// meetings: those starting within the horizon, in time order.
func (v *digestView) meetings(ctx context.Context) (digestSection, error) {
	ms, _, err := v.r.meetingStore().ListMeetings(ctx, jca.MeetingFilter{From: v.now, Limit: math.MaxInt32})
	if err != nil {
		return digestSection{}, err
	}
	var keep []*jca.Meeting
	for _, m := range ms {
		if !m.Cancelled && !m.Start.Before(v.now) && m.Start.Sub(v.now) <= digestHorizon {
			keep = append(keep, m)
		}
	}
	s := digestSection{title: v.t("digest.content.meetings", "n", len(keep))}
	for _, m := range keep {
		t := digestAdd(digestHead(jca.MeetingRef(m.ID), m.Title), bot.Span{Text: v.dateTime(m.Start)})
		if u := v.utc(m.Start); u != "" {
			t = append(t, bot.Span{Text: " = " + u})
		}
		s.items = append(s.items, digestAdd(t, bot.Span{Text: v.rel(m.Start)}))
	}
	return s, nil
}

// meetingReport is the meetings' part of the report: those held in the
// period (not cancelled, started by now), with their agendas.
func meetingReport(ctx context.Context, v *reportView) (reportPiece, error) {
	all, _, err := v.r.reportStore().ListMeetings(ctx, jca.MeetingFilter{From: v.since, Limit: math.MaxInt32})
	if err != nil {
		return reportPiece{}, err
	}
	var pc reportPiece
	var ms []*jca.Meeting
	for _, m := range all {
		if v.in(m.Start) && !m.Start.After(v.now) {
			ms = append(ms, m)
			earliest(&pc.first, m.Start)
		}
	}
	pc.summary = []summaryLine{v.numberLine("report.sec.meetings", len(ms))}
	pc.section = v.meetingSection(ms)
	return pc, nil
}

func (v *reportView) meetingSection(ms []*jca.Meeting) report.Section {
	s := report.Section{
		Record:  v.s("report.record.meeting"),
		Heading: v.s("report.sec.meetings"),
		Empty:   v.s("report.none.meetings"),
		Columns: []report.Column{
			v.col("id"), v.col("title"), v.col("start"), v.col("duration"), v.col("meeting_kind"),
			v.col("where"), v.col("agenda"),
		},
	}
	var g report.Group
	for _, m := range ms {
		where := m.Where
		if m.Link != "" {
			where = strings.TrimSpace(where + " " + m.Link)
		}
		items := make([]string, len(m.Agenda))
		for i, it := range m.Agenda {
			items[i] = strconv.Itoa(i+1) + ". " + it.Text
			if it.Topic != 0 {
				items[i] = strconv.Itoa(i+1) + ". " + jca.TopicProposal.Ref(it.Topic) + " " + it.Text
			}
		}
		g.Rows = append(g.Rows, report.Row{
			report.C(jca.MeetingRef(m.ID)), report.C(m.Title),
			report.D(when.DateTime(m.Start, v.loc, string(v.lang)), m.Start.In(v.loc).Format("2006-01-02T15:04Z07:00")),
			report.C(hoursMinutes(m.Duration)),
			report.C(m.Kind), report.C(where), report.C(strings.Join(items, "; ")),
		})
	}
	s.Groups = []report.Group{g}
	return s
}
