package commands

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/ics"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/when"
)

// Meetings, id M-n: scheduled directly or decided from a poll. Times are
// typed like poll slots (in --tz, else the person's zone) and stored as
// instants with the zone they were typed in. Every change calendar clients
// must see (a move, a cancellation, an agenda change) raises Sequence, so a
// new .ics file updates the event rather than adding a copy.

// Limits of a meeting.
const (
	defaultMeetingLength = 2 * time.Hour
	maxMeetingLength     = 7 * 24 * time.Hour
	maxReminders         = 5
	maxReminderLead      = 30 * 24 * time.Hour
	maxAgendaItems       = 30
	maxPlaceLen          = 300
	// clockChangeWindow: a clock change this long before a meeting is
	// pointed out, since people's habits still follow the old offset.
	clockChangeWindow = 7 * 24 * time.Hour
)

// Meeting states as recorded in the history.
const (
	meetingScheduled = "scheduled"
	meetingCancelled = "cancelled"
)

func meetingArea() *Area {
	return &Area{
		Name:    "meeting",
		Aliases: []string{"meetings", "reunion", "réunion"},
		Verbs: []*Verb{
			{
				Name: "schedule", Aliases: []string{"new", "add", "plan"},
				Usage: `"<title>" "<YYYY-MM-DD HH:MM>"`, Rule: "rule.member_or_chair", MinArgs: 2, MaxArgs: 2,
				Flags: []Flag{
					{Name: "duration", Value: "2h"},
					{Name: "tz", Value: "ZONE"},
					{Name: "kind", Value: "e-meeting|physical"},
					{Name: "where", Value: `"..."`},
					{Name: "link", Value: "URL"},
					{Name: "remind", Value: "24h", Multi: true},
				},
				Examples: []string{
					`meeting schedule "JCA e-meeting" "2032-03-26 14:00" --tz Europe/Zurich --link https://meet.itu.int/jca`,
					`meeting schedule "JCA meeting in Geneva" "2032-03-29 09:30-12:30" --tz Europe/Zurich --kind physical --where "ITU, Montbrillant, Room H" --remind 2d,1h`,
				},
				Run: meetingSchedule,
			},
			{
				Name: "list", Aliases: []string{"ls", "upcoming"},
				Rule:     "rule.anyone",
				Flags:    []Flag{{Name: "page", Value: "N"}},
				Examples: []string{"meeting list", "meeting list --page 2"},
				Run:      meetingList,
			},
			{
				Name: "show", Aliases: []string{"get", "view"},
				Usage: "<M-n>", Rule: "rule.anyone", MinArgs: 1, MaxArgs: 1,
				Examples: []string{"meeting show M-2"},
				Run:      meetingShow,
			},
			{
				Name: "cancel", Aliases: []string{"annuler"},
				Usage: "<M-n>", Rule: "rule.creator_or_chair", MinArgs: 1, MaxArgs: 1,
				Flags:    []Flag{{Name: "reason", Value: `"..."`}},
				Examples: []string{"meeting cancel M-2", `meeting cancel M-2 --reason "Merged with the TSAG session"`},
				Run:      meetingCancel,
			},
			{
				Name: "move", Aliases: []string{"reschedule", "deplacer", "déplacer"},
				Usage: `<M-n> "<YYYY-MM-DD HH:MM>"`, Rule: "rule.creator_or_chair", MinArgs: 2, MaxArgs: 2,
				Flags: []Flag{{Name: "tz", Value: "ZONE"}, {Name: "duration", Value: "2h"}},
				Examples: []string{
					`meeting move M-2 "2032-03-27 14:00"`,
					`meeting move M-2 "2032-03-30 09:00-11:30" --tz Europe/Zurich`,
				},
				Run: meetingMove,
			},
			{
				Name:  "agenda",
				Usage: `<M-n> add <T-n|"text"> | <M-n> remove <n>`, Rule: "rule.creator_or_chair", MinArgs: 3, MaxArgs: 3,
				Examples: []string{
					"meeting agenda M-2 add T-3",
					`meeting agenda M-2 add "Liaison statements received"`,
					"meeting agenda M-2 remove 2",
				},
				Run: meetingAgenda,
			},
			{
				Name: "ics", Aliases: []string{"calendar", "ical", "calendrier"},
				Usage: "[M-n]", Rule: "rule.anyone", MaxArgs: 1,
				Examples: []string{"meeting ics M-2", "meeting ics"},
				Run:      meetingICS,
			},
		},
	}
}

// meetingID reads "M-2".
func (c *Call) meetingID(s string) (int, error) {
	id, ok := jca.ParseRef("M", s)
	if !ok {
		return 0, jca.Errorf(jca.EInvalid, "err.bad_id", "value", s, "example", "M-2")
	}
	return id, nil
}

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

func meetingSchedule(ctx context.Context, c *Call) (bot.Reply, error) {
	if err := c.requireMemberOrChair("action.meeting.schedule"); err != nil {
		return bot.Reply{}, err
	}
	title := strings.TrimSpace(c.Args[0])
	if err := jca.CheckText("title", title, 1, jca.MaxTitle); err != nil {
		return bot.Reply{}, err
	}
	start, fromRange, loc, err := c.meetingTime(c.Args[1])
	if err != nil {
		return bot.Reply{}, err
	}
	m := &jca.Meeting{
		Title:     title,
		Start:     start,
		Duration:  defaultMeetingLength,
		Zone:      loc.String(),
		Kind:      jca.MeetingKinds()[0],
		Remind:    jca.DefaultReminders(),
		Channel:   string(c.Req.Channel),
		CreatedBy: c.Me,
		CreatedAt: c.Now(),
		UpdatedAt: c.Now(),
	}
	if d, ok, err := c.meetingLength(fromRange); err != nil {
		return bot.Reply{}, err
	} else if ok {
		m.Duration = d
	}
	if s, ok := c.Flag("kind"); ok {
		if m.Kind, err = meetingKind(s); err != nil {
			return bot.Reply{}, err
		}
	}
	if s, ok := c.Flag("where"); ok {
		m.Where = strings.TrimSpace(s)
		if err := jca.CheckText("meeting.where", m.Where, 1, maxPlaceLen); err != nil {
			return bot.Reply{}, err
		}
	}
	if s, ok := c.Flag("link"); ok {
		if m.Link, err = jca.NormalizeLink(s); err != nil {
			return bot.Reply{}, err
		}
	}
	if c.Has("remind") {
		if m.Remind, err = parseReminders(c.Flags("remind")); err != nil {
			return bot.Reply{}, err
		}
	}
	if m.Kind == "physical" && m.Where == "" {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "meeting.err.where_needed")
	}
	if err := c.r.d.Store.CreateMeeting(ctx, m, nil); err != nil {
		return bot.Reply{}, err
	}
	ref := jca.MeetingRef(m.ID)
	var msg bot.Message
	msg.Section(c.T("meeting.scheduled", "id", ref, "title", m.Title))
	v := c.personView()
	msg.AddFields(v.fields(m, false)...)
	msg.Context(c.T("meeting.scheduled.next", "id", ref))
	rep := c.reply(msg)
	rep.Announce = c.announcement(ctx, m, "meeting.announce.new", time.Time{})
	return rep, nil
}

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

func meetingList(ctx context.Context, c *Call) (bot.Reply, error) {
	off, err := c.pageOffset()
	if err != nil {
		return bot.Reply{}, err
	}
	ms, total, err := c.r.d.Store.ListMeetings(ctx, jca.MeetingFilter{From: c.Now(), Offset: off, Limit: jca.PageSize})
	if err != nil {
		return bot.Reply{}, err
	}
	var msg bot.Message
	if total == 0 {
		msg.Section(c.T("meeting.list.none"))
		msg.Context(c.T("meeting.list.none.next"))
		return c.reply(msg), nil
	}
	if len(ms) == 0 {
		msg.Section(c.T("err.page_past_end", "pages", max(1, (total+jca.PageSize-1)/jca.PageSize)))
		return c.reply(msg), nil
	}
	msg.Title = c.T("meeting.list.title", "n", total)
	v := c.personView()
	for _, m := range ms {
		msg.Section(v.line(m))
	}
	c.pageFooter(&msg, off, len(ms), total)
	msg.Context(c.T("meeting.list.next", "id", jca.MeetingRef(ms[0].ID)))
	return c.reply(msg), nil
}

func meetingShow(ctx context.Context, c *Call) (bot.Reply, error) {
	id, err := c.meetingID(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	m, err := c.r.d.Store.FindMeeting(ctx, id)
	if err != nil {
		return bot.Reply{}, err
	}
	ref := jca.MeetingRef(m.ID)
	v := c.personView()
	var msg bot.Message
	msg.Title = bot.Text{{Kind: bot.Bold, Text: ref}, {Text: " " + m.Title}}
	if m.Cancelled {
		if m.Reason != "" {
			msg.Section(c.T("meeting.cancelled_note.reason", "reason", m.Reason))
		} else {
			msg.Section(c.T("meeting.cancelled_note"))
		}
	}
	msg.AddFields(v.fields(m, true)...)
	for _, note := range c.clockNotes(m) {
		msg.Context(note)
	}
	c.agendaBlock(&msg, m)
	if len(m.History) > 0 {
		msg.Section(c.P("history.title", len(m.History)))
		for _, h := range lastChanges(m.History, 10) {
			msg.Context(c.changeLine(h))
		}
	}
	msg.Context(c.T("meeting.show.next", "id", ref))
	return c.reply(msg), nil
}

// clockNotes point out a clock change in the week before the meeting, in
// the meeting's zone or the reader's.
func (c *Call) clockNotes(m *jca.Meeting) []bot.Text {
	var out []bot.Text
	seen := map[string]bool{}
	for _, name := range []string{m.Zone, c.Loc.String()} {
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		loc, err := when.Location(name)
		if err != nil {
			continue
		}
		if at, ok := when.ClockChange(m.Start.Add(-clockChangeWindow), m.Start, loc); ok {
			out = append(out, c.T("meeting.clock_change", "place", zonePlace(loc), "date", when.Date(at, loc, string(c.Lang))))
		}
	}
	return out
}

// zonePlace names a zone by its city: "New York" for America/New_York.
func zonePlace(loc *time.Location) string {
	name := loc.String()
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return strings.ReplaceAll(name, "_", " ")
}

// agendaBlock appends the numbered agenda.
func (c *Call) agendaBlock(msg *bot.Message, m *jca.Meeting) {
	if len(m.Agenda) == 0 {
		msg.Section(c.T("meeting.agenda.empty", "id", jca.MeetingRef(m.ID)))
		return
	}
	msg.Section(c.T("meeting.agenda.title", "n", len(m.Agenda)))
	for i, it := range m.Agenda {
		t := bot.Text{{Text: strconv.Itoa(i+1) + ". "}}
		if it.Topic != 0 {
			t = append(t, bot.Span{Kind: bot.Bold, Text: jca.TopicProposal.Ref(it.Topic)}, bot.Span{Text: " "})
		}
		msg.Section(append(t, bot.Span{Text: it.Text}))
	}
}

// agendaLabel is an item as plain text: "T-3 Title" or the free text.
func agendaLabel(it jca.AgendaItem) string {
	if it.Topic != 0 {
		return jca.TopicProposal.Ref(it.Topic) + " " + it.Text
	}
	return it.Text
}

// mayChangeMeeting refuses early, before the rest of the request is read,
// when the person may not change the meeting or it is cancelled.
// changeMeeting checks again under the store's lock.
func (c *Call) mayChangeMeeting(ctx context.Context, id int, action string) error {
	m, err := c.r.d.Store.FindMeeting(ctx, id)
	if err != nil {
		return err
	}
	return c.meetingChangeable(m, action)
}

func (c *Call) meetingChangeable(m *jca.Meeting, action string) error {
	ref := jca.MeetingRef(m.ID)
	if err := c.requireAuthorOrChair(m.CreatedBy, ref, action); err != nil {
		return err
	}
	if m.Cancelled {
		return jca.Errorf(jca.EConflict, "meeting.err.cancelled", "id", ref)
	}
	return nil
}

// changeMeeting runs fn on meeting id under the store's lock, after
// checking that the person may change it (action names what they tried) and
// that it is not cancelled. A successful change raises Sequence.
func (c *Call) changeMeeting(ctx context.Context, id int, action string, fn func(m *jca.Meeting) error) (*jca.Meeting, error) {
	return c.r.d.Store.UpdateMeeting(ctx, id, func(m *jca.Meeting) error {
		if err := c.meetingChangeable(m, action); err != nil {
			return err
		}
		if err := fn(m); err != nil {
			return err
		}
		m.Sequence++
		m.UpdatedAt = c.Now()
		return nil
	})
}

func meetingCancel(ctx context.Context, c *Call) (bot.Reply, error) {
	id, err := c.meetingID(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	reason, _ := c.Flag("reason")
	reason = strings.TrimSpace(reason)
	if err := jca.CheckText("meeting.reason", reason, 0, jca.MaxNote); err != nil {
		return bot.Reply{}, err
	}
	ref := jca.MeetingRef(id)
	m, err := c.r.d.Store.UpdateMeeting(ctx, id, func(m *jca.Meeting) error {
		if err := c.requireAuthorOrChair(m.CreatedBy, ref, "action.meeting.cancel"); err != nil {
			return err
		}
		if m.Cancelled {
			return jca.Errorf(jca.EConflict, "meeting.err.already_cancelled", "id", ref)
		}
		if !m.End().After(c.Now()) {
			return jca.Errorf(jca.EConflict, "meeting.err.over", "id", ref)
		}
		m.Cancelled, m.Reason = true, reason
		m.History = append(m.History, jca.Change{At: c.Now(), By: c.Me, Field: "status", Old: meetingScheduled, New: meetingCancelled})
		m.Sequence++
		m.UpdatedAt = c.Now()
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	var msg bot.Message
	msg.Section(c.T("meeting.cancelled", "id", ref, "title", m.Title, "when", c.personView().span(m.Start, m.End(), c.Loc)))
	msg.Context(c.T("meeting.cancelled.next", "id", ref))
	rep := c.reply(msg)
	rep.Announce = c.announcement(ctx, m, "meeting.announce.cancelled", time.Time{})
	return rep, nil
}

func meetingMove(ctx context.Context, c *Call) (bot.Reply, error) {
	id, err := c.meetingID(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	if err := c.mayChangeMeeting(ctx, id, "action.meeting.move"); err != nil {
		return bot.Reply{}, err
	}
	start, fromRange, loc, err := c.meetingTime(c.Args[1])
	if err != nil {
		return bot.Reply{}, err
	}
	length, lengthGiven, err := c.meetingLength(fromRange)
	if err != nil {
		return bot.Reply{}, err
	}
	ref := jca.MeetingRef(id)
	var was time.Time
	m, err := c.changeMeeting(ctx, id, "action.meeting.move", func(m *jca.Meeting) error {
		was = m.Start
		newLength := m.Duration
		if lengthGiven {
			newLength = length
		}
		if m.Start.Equal(start) && newLength == m.Duration {
			return jca.Errorf(jca.EConflict, "meeting.err.same_time", "id", ref)
		}
		if !m.Start.Equal(start) {
			m.History = append(m.History, jca.Change{At: c.Now(), By: c.Me, Field: "start",
				Old: m.Start.UTC().Format(time.RFC3339), New: start.Format(time.RFC3339)})
		}
		if newLength != m.Duration {
			m.History = append(m.History, jca.Change{At: c.Now(), By: c.Me, Field: "duration",
				Old: m.Duration.String(), New: newLength.String()})
		}
		if c.Has("tz") && m.Zone != loc.String() {
			m.History = append(m.History, jca.Change{At: c.Now(), By: c.Me, Field: "zone", Old: m.Zone, New: loc.String()})
			m.Zone = loc.String()
		}
		m.Start, m.Duration = start, newLength
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	var msg bot.Message
	msg.Section(c.T("meeting.moved", "id", ref, "title", m.Title))
	msg.AddFields(c.personView().times(m)...)
	msg.Context(c.T("meeting.was", "when", c.dateTime(was)))
	msg.Context(c.T("meeting.moved.next", "id", ref))
	rep := c.reply(msg)
	rep.Announce = c.announcement(ctx, m, "meeting.announce.moved", was)
	return rep, nil
}

// topicRefRE recognises a topic id on the agenda ("T-3", "t3"); anything
// else is free text.
var topicRefRE = regexp.MustCompile(`^[Tt]-?[0-9]+$`)

func meetingAgenda(ctx context.Context, c *Call) (bot.Reply, error) {
	id, err := c.meetingID(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	if err := c.mayChangeMeeting(ctx, id, "action.meeting.agenda"); err != nil {
		return bot.Reply{}, err
	}
	switch op := strings.ToLower(c.Args[1]); op {
	case "add", "ajouter", "+":
		return agendaAdd(ctx, c, id, strings.TrimSpace(c.Args[2]))
	case "remove", "rm", "delete", "del", "retirer", "supprimer", "-":
		return agendaRemove(ctx, c, id, c.Args[2])
	default:
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "meeting.err.agenda_op", "value", c.Args[1]).
			WithSuggestions(suggestions(op, []string{"add", "remove"})...)
	}
}

func agendaAdd(ctx context.Context, c *Call, id int, arg string) (bot.Reply, error) {
	var item jca.AgendaItem
	if topicRefRE.MatchString(arg) {
		tid, _ := jca.ParseRef("T", arg)
		p, err := c.r.d.Store.FindProposal(ctx, jca.TopicProposal, tid)
		if jca.ErrorCode(err) == jca.ENotFound {
			return bot.Reply{}, jca.Errorf(jca.ENotFound, "meeting.err.unknown_topic", "id", jca.TopicProposal.Ref(tid))
		}
		if err != nil {
			return bot.Reply{}, err
		}
		item = jca.AgendaItem{Topic: tid, Text: p.Title}
	} else {
		if err := jca.CheckText("meeting.agenda_item", arg, 1, jca.MaxTitle); err != nil {
			return bot.Reply{}, err
		}
		item = jca.AgendaItem{Text: arg}
	}
	ref := jca.MeetingRef(id)
	m, err := c.changeMeeting(ctx, id, "action.meeting.agenda", func(m *jca.Meeting) error {
		if len(m.Agenda) >= maxAgendaItems {
			return jca.Errorf(jca.EConflict, "meeting.err.agenda_full", "id", ref, "max", maxAgendaItems)
		}
		for i, it := range m.Agenda {
			if item.Topic != 0 && it.Topic == item.Topic {
				return jca.Errorf(jca.EConflict, "meeting.err.topic_on_agenda", "id", ref, "topic", jca.TopicProposal.Ref(item.Topic), "n", i+1)
			}
		}
		m.Agenda = append(m.Agenda, item)
		m.History = append(m.History, jca.Change{At: c.Now(), By: c.Me, Field: "agenda", New: agendaLabel(item)})
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	var msg bot.Message
	msg.Section(c.T("meeting.agenda.added", "id", ref, "n", len(m.Agenda), "item", agendaLabel(item)))
	c.agendaBlock(&msg, m)
	msg.Context(c.T("meeting.agenda.next", "id", ref))
	return c.reply(msg), nil
}

func agendaRemove(ctx context.Context, c *Call, id int, arg string) (bot.Reply, error) {
	n, ok := parsePositive(strings.TrimPrefix(strings.TrimSpace(arg), "#"))
	if !ok {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "meeting.err.bad_item", "value", arg)
	}
	ref := jca.MeetingRef(id)
	var removed jca.AgendaItem
	m, err := c.changeMeeting(ctx, id, "action.meeting.agenda", func(m *jca.Meeting) error {
		if len(m.Agenda) == 0 {
			return jca.Errorf(jca.EConflict, "meeting.err.agenda_empty", "id", ref)
		}
		if n > len(m.Agenda) {
			return jca.Errorf(jca.EConflict, "meeting.err.no_item", "id", ref, "n", n, "count", len(m.Agenda))
		}
		removed = m.Agenda[n-1]
		m.Agenda = slices.Delete(slices.Clone(m.Agenda), n-1, n)
		m.History = append(m.History, jca.Change{At: c.Now(), By: c.Me, Field: "agenda", Old: agendaLabel(removed)})
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	var msg bot.Message
	msg.Section(c.T("meeting.agenda.removed", "id", ref, "n", n, "item", agendaLabel(removed)))
	c.agendaBlock(&msg, m)
	return c.reply(msg), nil
}

// icsProdID names jcabot in the calendar files it writes.
const icsProdID = "-//jcabot//JCA meetings//EN"

func meetingICS(ctx context.Context, c *Call) (bot.Reply, error) {
	if len(c.Args) == 1 {
		id, err := c.meetingID(c.Args[0])
		if err != nil {
			return bot.Reply{}, err
		}
		m, err := c.r.d.Store.FindMeeting(ctx, id)
		if err != nil {
			return bot.Reply{}, err
		}
		ref := jca.MeetingRef(m.ID)
		var msg bot.Message
		msg.Section(c.T("meeting.ics.one", "id", ref, "title", m.Title))
		msg.Context(c.T("meeting.ics.next"))
		msg.Files = []bot.File{c.calendarFile("jca-"+ref+".ics", []*jca.Meeting{m})}
		return c.reply(msg), nil
	}
	// Every upcoming meeting, the cancelled ones too: their STATUS:CANCELLED
	// removes them from calendars that imported them.
	var all []*jca.Meeting
	for off := 0; ; off += jca.MaxPageSize {
		ms, total, err := c.r.d.Store.ListMeetings(ctx, jca.MeetingFilter{From: c.Now(), IncludeCancelled: true, Offset: off, Limit: jca.MaxPageSize})
		if err != nil {
			return bot.Reply{}, err
		}
		all = append(all, ms...)
		if len(ms) == 0 || len(all) >= total {
			break
		}
	}
	var msg bot.Message
	if len(all) == 0 {
		msg.Section(c.T("meeting.list.none"))
		msg.Context(c.T("meeting.list.none.next"))
		return c.reply(msg), nil
	}
	msg.Section(c.P("meeting.ics.all", len(all)))
	msg.Context(c.T("meeting.ics.next"))
	msg.Files = []bot.File{c.calendarFile("jca-meetings.ics", all)}
	return c.reply(msg), nil
}

// calendarFile writes meetings as an iCalendar file, texts in the person's
// language. The UID is the meeting's id at this JCA, so it never changes.
func (c *Call) calendarFile(name string, ms []*jca.Meeting) bot.File {
	cal := ics.Calendar{ProdID: icsProdID, Name: c.S("meeting.ics.calname", "jca", c.r.d.Vocab.JCA)}
	domain := "jcabot." + uidSlug(c.r.d.Vocab.JCA)
	for _, m := range ms {
		ev := ics.Event{
			UID:         jca.MeetingRef(m.ID) + "@" + domain,
			Stamp:       c.Now(),
			Start:       m.Start,
			End:         m.End(),
			Summary:     m.Title,
			Location:    m.Where,
			URL:         m.Link,
			Description: c.icsDescription(m),
			Sequence:    m.Sequence,
			Status:      ics.Confirmed,
		}
		if m.Cancelled {
			ev.Status = ics.Cancelled
		}
		cal.Events = append(cal.Events, ev)
	}
	return bot.File{Name: name, MediaType: "text/calendar", Data: cal.Marshal()}
}

// icsDescription is the event's text: the cancellation, then the agenda.
func (c *Call) icsDescription(m *jca.Meeting) string {
	var lines []string
	if m.Cancelled {
		if m.Reason != "" {
			lines = append(lines, c.S("meeting.cancelled_note.reason", "reason", m.Reason))
		} else {
			lines = append(lines, c.S("meeting.cancelled_note"))
		}
	}
	if len(m.Agenda) == 0 {
		lines = append(lines, c.S("meeting.ics.no_agenda"))
	} else {
		lines = append(lines, c.S("meeting.agenda.title", "n", len(m.Agenda)))
		for i, it := range m.Agenda {
			lines = append(lines, strconv.Itoa(i+1)+". "+agendaLabel(it))
		}
	}
	lines = append(lines, "", "/jca meeting show "+jca.MeetingRef(m.ID))
	return strings.Join(lines, "\n")
}

// uidSlug keeps the letters, digits and dashes of a name, lower case:
// "JCA-Res.178" gives "jca-res178".
func uidSlug(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, s)
	if s == "" {
		return "jca"
	}
	return s
}
