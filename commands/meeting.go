package commands

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
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
					{Name: "every", Value: `4w|monthly|"first tue"`},
					{Name: "count", Value: "N"},
					{Name: "until", Value: "YYYY-MM-DD"},
					{Name: "rotate", Value: "HH:MM,HH:MM[,HH:MM]"},
				},
				Examples: []string{
					`meeting schedule "JCA e-meeting" "2032-03-26 14:00" --tz Europe/Zurich --link https://meet.itu.int/jca`,
					`meeting schedule "JCA monthly e-meeting" "2033-01-04 14:00" --tz Europe/Zurich --every "first tue" --count 12`,
					`meeting schedule "JCA e-meeting" "2033-01-04 07:00" --tz UTC --every 4w --count 9 --rotate 07:00,15:00,23:00`,
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
				Flags:    []Flag{{Name: "reason", Value: `"..."`}, {Name: "from-here"}},
				Examples: []string{"meeting cancel M-2", `meeting cancel M-2 --reason "Merged with the TSAG session"`, "meeting cancel M-7 --from-here"},
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
	if _, ok := c.Flag("every"); ok {
		return c.scheduleSeries(ctx, m, loc)
	}
	if c.Has("count") || c.Has("until") || c.Has("rotate") {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "meeting.err.count_without_every")
	}
	if err := c.r.meetingStore().CreateMeeting(ctx, m, nil); err != nil {
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

func meetingList(ctx context.Context, c *Call) (bot.Reply, error) {
	off, err := c.pageOffset()
	if err != nil {
		return bot.Reply{}, err
	}
	ms, total, err := c.r.meetingStore().ListMeetings(ctx, jca.MeetingFilter{From: c.Now(), Offset: off, Limit: jca.PageSize})
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
	m, err := c.r.meetingStore().FindMeeting(ctx, id)
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
	m, err := c.r.meetingStore().FindMeeting(ctx, id)
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
	return c.r.meetingStore().UpdateMeeting(ctx, id, func(m *jca.Meeting) error {
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
	if c.Has("from-here") {
		return c.cancelSeriesFrom(ctx, id, reason)
	}
	m, err := c.r.meetingStore().UpdateMeeting(ctx, id, func(m *jca.Meeting) error {
		if err := c.requireAuthorOrChair(m.CreatedBy, ref, "action.meeting.cancel"); err != nil {
			return err
		}
		if m.Cancelled {
			return jca.Errorf(jca.EConflict, "meeting.err.already_cancelled", "id", ref)
		}
		if !m.End().After(c.Now()) {
			return jca.Errorf(jca.EConflict, "meeting.err.over", "id", ref)
		}
		m.Cancel(reason, c.Me, c.Now())
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
		zone := ""
		if c.Has("tz") {
			zone = loc.String()
		}
		m.Move(start, newLength, zone, c.Me, c.Now())
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
		p, err := c.r.meetingStore().FindProposal(ctx, jca.TopicProposal, tid)
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
		m.AddAgendaItem(item, agendaLabel(item), c.Me, c.Now())
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
		removed = m.RemoveAgendaItem(n, agendaLabel, c.Me, c.Now())
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
		m, err := c.r.meetingStore().FindMeeting(ctx, id)
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
		ms, total, err := c.r.meetingStore().ListMeetings(ctx, jca.MeetingFilter{From: c.Now(), IncludeCancelled: true, Offset: off, Limit: jca.MaxPageSize})
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

// meetingStore is what the meeting room uses of the store.
type meetingStore interface {
	jca.MeetingService
	jca.ProposalService
}

func (r *Router) meetingStore() meetingStore { return r.d.Store }
