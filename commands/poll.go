package commands

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/outbox"
	"github.com/jcabot/jcabot/internal/when"
)

// Availability polls (ids P-n): a member or a chair offers up to 20 slots,
// typed in one zone; everyone answers yes, if need be or no per slot; the
// ranking puts first the slot most study groups can attend. Times are
// stored as instants (UTC) with the poll's zone and always shown in the
// reader's zone, the poll's zone beside when it differs.
//
// Rules kept here:
//   - voting stops at the deadline, or when the first slot starts if there
//     is none, even before anyone (or CloseDuePolls) marks the poll closed;
//   - a hidden poll shows nobody the answers of others until it closes,
//     not even its creator or the chairs: only how many answered, and each
//     person's own answers;
//   - one tally, however many channels the poll is posted in.

const (
	// pollDefaultDuration is a slot's length without --duration or a
	// range: the JCA's first e-meeting lasted two hours.
	pollDefaultDuration = 2 * time.Hour
	pollMaxDuration     = 12 * time.Hour
	// pollMaxZones bounds the zones named on an out-of-hours mark.
	pollMaxZones = 4
	// pollMaxNameWidth bounds a voter's name in the grid.
	pollMaxNameWidth = 14
	// pollMaxClockNotes bounds the clock changes noted per zone.
	pollMaxClockNotes = 3
)

// ChannelPost is a message for a channel, produced outside a request (a
// poll that closed by itself). The scheduler posts it.
type ChannelPost struct {
	Channel bot.ChannelID
	Message bot.Message
}

func pollArea() *Area {
	ref := "<P-n>"
	return &Area{
		Name:    "poll",
		Aliases: []string{"polls", "sondage"},
		Verbs: []*Verb{
			{
				Name: "new", Aliases: []string{"create", "add"}, Usage: `"<title>"`, Rule: "rule.member_or_chair",
				MinArgs: 1, MaxArgs: 1,
				Flags: []Flag{
					{Name: "slot", Value: `"YYYY-MM-DD HH:MM"`, Multi: true},
					{Name: "duration", Value: "2h"},
					{Name: "tz", Value: "Europe/Zurich"},
					{Name: "deadline", Value: `"YYYY-MM-DD HH:MM"`},
					{Name: "hidden"},
				},
				Examples: []string{
					`poll new "March e-meeting" --slot "2032-03-26 14:00" --slot "2032-03-29 09:30" --tz Europe/Zurich`,
					`poll new "April e-meeting" --slot "2032-04-20 14:00-16:00" --slot 2032-04-22T13:00+02:00 --deadline "2032-04-15 12:00" --hidden`,
				},
				Run: pollNew,
			},
			{
				Name: "vote", Aliases: []string{"answer", "reply"}, Usage: ref + " <slot>=<yes|maybe|no>...", Rule: "rule.anyone",
				MinArgs: 2, MaxArgs: -1,
				Examples: []string{"poll vote P-4 1=yes 2=maybe 3=no", "poll vote P-4 yes 1,3 maybe 2", "poll vote P-4 no all"},
				Run:      pollVote,
			},
			{
				Name: "show", Aliases: []string{"get", "view"}, Usage: ref, Rule: "rule.anyone",
				MinArgs: 1, MaxArgs: 1, Flags: []Flag{{Name: "page", Value: "N"}},
				Examples: []string{"poll show P-4", "poll show P-4 --page 2"},
				Run:      pollShow,
			},
			{
				Name: "pending", Aliases: []string{"missing", "waiting"}, Usage: ref, Rule: "rule.anyone",
				MinArgs: 1, MaxArgs: 1,
				Examples: []string{"poll pending P-4"},
				Run:      pollPending,
			},
			{
				Name: "post", Aliases: []string{"share"}, Usage: ref, Rule: "rule.creator_or_chair",
				MinArgs: 1, MaxArgs: 1,
				Examples: []string{"poll post P-4"},
				Run:      pollPost,
			},
			{
				Name: "close", Aliases: []string{"end", "stop"}, Usage: ref, Rule: "rule.creator_or_chair",
				MinArgs: 1, MaxArgs: 1,
				Examples: []string{"poll close P-4"},
				Run:      pollClose,
			},
			{
				Name: "decide", Aliases: []string{"choose", "pick"}, Usage: ref + " [slot]", Rule: "rule.creator_or_chair",
				MinArgs: 1, MaxArgs: 2,
				Examples: []string{"poll decide P-4", "poll decide P-4 2"},
				Run:      pollDecide,
			},
			{
				Name: "list", Aliases: []string{"ls"}, Rule: "rule.anyone",
				Flags:    []Flag{{Name: "open"}, {Name: "page", Value: "N"}},
				Examples: []string{"poll list", "poll list --open", "poll list --page 2"},
				Run:      pollList,
			},
		},
	}
}

// pollRef reads a poll id ("P-4", "p4", "4").
func pollRef(s string) (int, string, error) {
	id, ok := jca.ParseRef("P", s)
	if !ok {
		return 0, "", jca.Errorf(jca.EInvalid, "err.bad_id", "value", s, "example", "P-4")
	}
	return id, jca.PollRef(id), nil
}

// requirePollCreatorOrChair refuses unless the person created p or is a chair.
func (c *Call) requirePollCreatorOrChair(p *jca.Poll, action string) error {
	if p.CreatedBy == c.Me || c.IsChair() {
		return nil
	}
	return jca.Errorf(jca.EForbidden, "err.poll.only_creator_or_chair", "id", jca.PollRef(p.ID), "action", jca.MsgKey(action))
}

// ---- poll new ----

func pollNew(ctx context.Context, c *Call) (bot.Reply, error) {
	if err := c.requireMemberOrChair("action.create_poll"); err != nil {
		return bot.Reply{}, err
	}
	title := strings.TrimSpace(c.Args[0])
	if err := jca.CheckText("title", title, 1, jca.MaxTitle); err != nil {
		return bot.Reply{}, err
	}
	loc := c.Loc
	if s, ok := c.Flag("tz"); ok {
		l, _, err := c.zone(s)
		if err != nil {
			return bot.Reply{}, err
		}
		loc = l
	}
	dur, durGiven := pollDefaultDuration, false
	if s, ok := c.Flag("duration"); ok {
		d, ok := pollParseDuration(s)
		if !ok || d <= 0 || d > pollMaxDuration {
			return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.poll.bad_duration", "value", s)
		}
		dur, durGiven = d, true
	}
	slots, rangeDur, err := c.pollSlots(c.Flags("slot"), loc, dur, durGiven)
	if err != nil {
		return bot.Reply{}, err
	}
	if !durGiven && rangeDur != 0 {
		dur = rangeDur
	}
	var deadline time.Time
	if s, ok := c.Flag("deadline"); ok {
		// Typed in the poll's zone, like the slots.
		mine := c.Loc
		c.Loc = loc
		deadline, err = c.deadline(s)
		c.Loc = mine
		if err != nil {
			return bot.Reply{}, err
		}
		if deadline.After(slots[0]) {
			return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.poll.deadline_after_slot",
				"deadline", when.DateTime(deadline, loc, string(c.Lang)), "slot", when.DateTime(slots[0], loc, string(c.Lang)))
		}
		deadline = deadline.UTC()
	}
	p := &jca.Poll{
		Title:     title,
		Zone:      loc.String(),
		Duration:  dur,
		Slots:     slots,
		Deadline:  deadline,
		Hidden:    c.Has("hidden"),
		Channel:   string(c.Req.Channel),
		Posts:     []jca.PostRef{{Channel: string(c.Req.Channel)}},
		CreatedBy: c.Me,
		CreatedAt: c.Now(),
	}
	if err := c.r.d.Store.CreatePoll(ctx, p); err != nil {
		return bot.Reply{}, err
	}
	ref := jca.PollRef(p.ID)
	var m bot.Message
	m.Section(c.r.d.Catalog.Plural(c.Lang, "poll.created", len(slots),
		"id", ref, "title", p.Title, "duration", pollDurationText(dur), "zone", p.Zone))
	closes := c.dateTime(p.ClosesAt())
	m.Section(c.T("poll.created.closes", "when", closes, "rel", when.Relative(p.ClosesAt(), c.Now(), string(c.Lang))))
	if p.Hidden {
		m.Context(c.T("poll.created.hidden"))
	}
	m.Context(c.T("poll.created.next", "id", ref))
	rep := c.reply(m)
	cloc, clang := c.r.channelSettings(ctx, c.Req.Channel)
	ann, err := c.r.PollMessage(ctx, p, cloc, clang)
	if err != nil {
		return bot.Reply{}, err
	}
	rep.Announce, rep.AnnounceTag = &ann, PollTag(p.ID)
	return rep, nil
}

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

// ---- the view: what a reader sees of a poll ----

// pollView is a poll with its ballots and ranking, seen in one zone and
// language.
type pollView struct {
	r       *Router
	p       *jca.Poll
	lang    i18n.Lang
	loc     *time.Location // the reader's
	pollLoc *time.Location
	now     time.Time // zero for a channel post: no relative hints
	ballots []jca.Ballot
	people  map[jca.PersonID]*jca.Person
	ranked  []jca.SlotScore // best first
	bySlot  []jca.SlotScore // in slot order
	// open: votes are accepted; revealed: others' answers may be shown.
	open, revealed bool
}

func (r *Router) pollView(ctx context.Context, p *jca.Poll, loc *time.Location, lang i18n.Lang, now time.Time) (*pollView, error) {
	// The ballots and the people are read at the same time: decoding them
	// is most of the cost of a large poll.
	type read struct {
		ballots []jca.Ballot
		err     error
	}
	ballotsRead := make(chan read, 1)
	go func() {
		b, err := r.d.Store.Ballots(ctx, p.ID)
		ballotsRead <- read{b, err}
	}()
	people, err := r.d.Store.ListPeople(ctx)
	got := <-ballotsRead
	if err != nil {
		return nil, err
	}
	if got.err != nil {
		return nil, got.err
	}
	ballots := got.ballots
	v := &pollView{r: r, p: p, lang: lang, loc: loc, now: now, ballots: ballots, people: map[jca.PersonID]*jca.Person{}}
	for _, x := range people {
		v.people[x.ID] = x
	}
	v.pollLoc = time.UTC
	if l, err := when.Location(p.Zone); err == nil {
		v.pollLoc = l
	}
	v.open = !p.Closed && (now.IsZero() || p.OpenAt(now))
	v.revealed = !p.Hidden || !v.open
	// Only members count for coverage and hours.
	members := make([]*jca.Person, 0, len(people))
	for _, x := range people {
		if x.IsMember() {
			members = append(members, x)
		}
	}
	v.ranked = jca.Rank(p, ballots, r.rankInput(members))
	v.bySlot = make([]jca.SlotScore, len(p.Slots))
	for _, s := range v.ranked {
		v.bySlot[s.Slot-1] = s
	}
	return v, nil
}

// rankInput is what ranking needs: the people, who the chairs are, the
// study groups, and a zone loader that reads each zone once.
func (r *Router) rankInput(people []*jca.Person) jca.RankInput {
	appointed := map[jca.PersonID]bool{}
	for _, p := range people {
		if p.Chair {
			appointed[p.ID] = true
		}
	}
	zones := map[string]*time.Location{}
	return jca.RankInput{
		People:      people,
		IsChair:     func(id jca.PersonID) bool { return appointed[id] || r.isConfiguredChair(bot.Identity(id)) },
		StudyGroups: r.d.Vocab.GroupCodes(),
		LoadLocation: func(name string) (*time.Location, error) {
			if l, ok := zones[name]; ok {
				return l, nil
			}
			l, err := when.Location(name)
			if err != nil {
				return nil, err
			}
			zones[name] = l
			return l, nil
		},
	}
}

func (v *pollView) t(key string, kv ...any) bot.Text { return v.r.d.Catalog.Text(v.lang, key, kv...) }

func (v *pollView) plural(key string, n int, kv ...any) bot.Text {
	return v.r.d.Catalog.Plural(v.lang, key, n, kv...)
}

func (v *pollView) ref() string { return jca.PollRef(v.p.ID) }

func (v *pollView) title() bot.Text {
	return bot.Text{{Kind: bot.Bold, Text: v.ref()}, {Text: " " + v.p.Title}}
}

// best is the slot to recommend, if anyone answered yes or if need be.
func (v *pollView) best() (jca.SlotScore, bool) {
	if len(v.ranked) == 0 || v.ranked[0].Yes+v.ranked[0].Maybe == 0 {
		return jca.SlotScore{}, false
	}
	return v.ranked[0], true
}

// slotWhen shows slot i (0-based) in the reader's zone, each of besides
// beside it when its offset differs: "Thu 26 Mar 2032, 15:00-17:00 (Cairo,
// EET) = 14:00 (Zurich, CET)".
func (v *pollView) slotWhen(i int, besides ...*time.Location) string {
	return pollSlotWhen(v.p.Slots[i], v.p.Duration, v.loc, v.lang, besides...)
}

func pollSlotWhen(start time.Time, dur time.Duration, loc *time.Location, lang i18n.Lang, besides ...*time.Location) string {
	s, e := start.In(loc), start.Add(dur).In(loc)
	var b strings.Builder
	b.WriteString(when.Date(s, loc, string(lang)) + ", " + s.Format("15:04") + "-")
	switch {
	case sameDay(s, e):
		b.WriteString(e.Format("15:04"))
	case e.Hour() == 0 && e.Minute() == 0 && sameDay(s, e.Add(-time.Minute)):
		b.WriteString("24:00")
	default:
		b.WriteString(e.Format("15:04") + " (+1)")
	}
	_, primary := s.Zone()
	if _, endOff := e.Zone(); endOff != primary {
		// The clocks change during the slot: say in which time it ends.
		b.WriteString(" " + pollAbbr(e, loc))
	}
	b.WriteString(" (" + when.ZoneLabel(s, loc) + ")")
	shown := map[int]bool{primary: true}
	for _, l := range besides {
		t := start.In(l)
		_, off := t.Zone()
		if shown[off] {
			continue
		}
		shown[off] = true
		clock := t.Format("15:04")
		if !sameDay(s, t) {
			clock = pollShortDay(t, l, lang) + " " + clock
		}
		b.WriteString(" = " + clock + " (" + when.ZoneLabel(t, l) + ")")
	}
	return b.String()
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// pollShortDay is the day without the year: "Thu 26 Mar", "jeu. 26 mars".
func pollShortDay(t time.Time, loc *time.Location, lang i18n.Lang) string {
	return strings.TrimSuffix(when.Date(t, loc, string(lang)), " "+strconv.Itoa(t.In(loc).Year()))
}

// slotText is a slot's line and, below it, its tally with its reasons.
// besides are the zones shown beside the reader's.
func (v *pollView) slotText(i int, besides []*time.Location) bot.Text {
	line := bot.Text{}
	if b, ok := v.best(); ok && v.revealed && b.Slot == i+1 {
		line = append(line, bot.Span{Text: "★ "})
	}
	line = append(line, bot.Span{Kind: bot.Bold, Text: strconv.Itoa(i + 1)}, bot.Span{Text: " · " + v.slotWhen(i, besides...)})
	if reasons := v.reasons(v.bySlot[i]); len(reasons) > 0 {
		line = append(line, bot.Span{Text: "\n"})
		line = append(line, reasons...)
	}
	return line
}

// reasons is a slot's tally and marks: "✓ 3 · ~ 1 · ✗ 0 · 2 groups: SG13,
// SG17 · rank 1 · no chair available · outside 07:00-22:00 for 2 members
// (New York, Tokyo)". Before a hidden poll closes, only the out-of-hours
// mark, which says nothing of the answers.
func (v *pollView) reasons(sc jca.SlotScore) bot.Text {
	var parts []bot.Text
	if v.revealed {
		parts = append(parts, v.t("poll.tally", "yes", sc.Yes, "maybe", sc.Maybe, "no", sc.No))
		if len(sc.Groups) == 0 {
			parts = append(parts, v.t("poll.tally.no_group"))
		} else {
			parts = append(parts, v.plural("poll.tally.groups", len(sc.Groups), "list", strings.Join(sc.Groups, ", ")))
		}
		parts = append(parts, v.t("poll.tally.rank", "rank", sc.Rank))
		if !sc.ChairAvailable {
			parts = append(parts, v.t("poll.tally.no_chair"))
		}
	}
	if sc.OutOfHours > 0 {
		cities := make([]string, 0, len(sc.Zones))
		for _, z := range sc.Zones {
			cities = append(cities, pollCity(z))
		}
		list := strings.Join(cities[:min(len(cities), pollMaxZones)], ", ")
		if len(cities) > pollMaxZones {
			list += fmt.Sprintf(" +%d", len(cities)-pollMaxZones)
		}
		parts = append(parts, v.plural("poll.tally.out_of_hours", sc.OutOfHours, "zones", list))
	}
	return joinTexts(" · ", parts)
}

func joinTexts(sep string, parts []bot.Text) bot.Text {
	var out bot.Text
	for i, p := range parts {
		if i > 0 {
			out = append(out, bot.Span{Text: sep})
		}
		out = append(out, p...)
	}
	return out
}

// bestLine marks the best slot and says in one line why it is best.
func (v *pollView) bestLine() bot.Text {
	b, ok := v.best()
	if !ok || !v.revealed {
		return nil
	}
	var why bot.Text
	if len(v.ranked) == 1 {
		why = v.t("poll.why.only")
	} else {
		o := v.ranked[1]
		switch {
		case len(b.Groups) > len(o.Groups):
			why = v.t("poll.why.groups", "n", len(b.Groups), "m", len(o.Groups), "other", o.Slot)
		case b.Yes > o.Yes:
			why = v.t("poll.why.yes", "n", b.Yes, "m", o.Yes, "other", o.Slot)
		case b.Yes+b.Maybe > o.Yes+o.Maybe:
			why = v.t("poll.why.yes_maybe", "n", b.Yes+b.Maybe, "m", o.Yes+o.Maybe, "other", o.Slot)
		default:
			why = v.t("poll.why.earlier", "other", o.Slot)
		}
	}
	return v.t("poll.best", "n", b.Slot, "when", v.slotWhen(b.Slot-1), "why", why)
}

// clockNotes says when clocks change, between the first and the last slot,
// in each of the zones.
func (v *pollView) clockNotes(zones ...*time.Location) []bot.Text {
	if len(v.p.Slots) < 2 {
		return nil
	}
	// Up to the end of the last slot: a change during it moves its end.
	first, last := v.p.Slots[0], v.p.Slots[len(v.p.Slots)-1].Add(v.p.Duration)
	var out []bot.Text
	seen := map[string]bool{}
	for _, loc := range zones {
		if seen[loc.String()] {
			continue
		}
		seen[loc.String()] = true
		from := first
		for range pollMaxClockNotes {
			t, ok := when.ClockChange(from, last, loc)
			if !ok {
				break
			}
			out = append(out, v.t("poll.clock_note", "city", pollCity(loc.String()), "date", when.Date(t, loc, string(v.lang)),
				"from", pollAbbr(t.Add(-time.Minute), loc), "to", pollAbbr(t, loc)))
			from = t.Add(time.Minute)
		}
	}
	return out
}

// answersOf returns person's ballot, if any.
func (v *pollView) answersOf(person jca.PersonID) (map[int]jca.Answer, bool) {
	for _, b := range v.ballots {
		if b.Person == person {
			return b.Answers, true
		}
	}
	return nil, false
}

func pollMark(a jca.Answer) string {
	switch a {
	case jca.Yes:
		return "✓"
	case jca.Maybe:
		return "~"
	case jca.No:
		return "✗"
	}
	return " "
}

// name is how a voter is shown in the grid.
func (v *pollView) name(id jca.PersonID) string {
	if p, ok := v.people[id]; ok && p.Name != "" {
		return p.Name
	}
	return bot.Identity(id).User()
}

// grid lays out one page of voters × slots: ✓ ~ ✗ or blank.
func (v *pollView) grid(offset int) (string, int) {
	type row struct {
		name    string
		answers map[int]jca.Answer
	}
	rows := make([]row, len(v.ballots))
	for i, b := range v.ballots {
		rows[i] = row{clip(v.name(b.Person), pollMaxNameWidth), b.Answers}
	}
	slices.SortFunc(rows, func(a, b row) int { return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name)) })
	page := rows[offset:min(len(rows), offset+jca.PageSize)]
	w := 4
	for _, r := range page {
		w = max(w, len([]rune(r.name)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s", w, "")
	for i := range v.p.Slots {
		fmt.Fprintf(&b, "%3d", i+1)
	}
	for _, r := range page {
		fmt.Fprintf(&b, "\n%-*s", w, r.name)
		for i := range v.p.Slots {
			b.WriteString("  " + pollMark(r.answers[i+1]))
		}
	}
	return b.String(), len(page)
}

// status is the poll's state: open until when, closed, or decided.
func (v *pollView) status() bot.Text {
	p := v.p
	answered := v.plural("poll.answered", len(v.ballots))
	who := bot.Identity(p.CreatedBy)
	switch {
	case p.Decided != 0:
		return v.t("poll.status.decided", "n", p.Decided, "meeting", jca.MeetingRef(p.Meeting), "answered", answered, "who", who)
	case !v.open:
		at := p.ClosesAt()
		if p.Closed {
			at = p.ClosedAt
		}
		return v.t("poll.status.closed", "when", when.DateTime(at, v.loc, string(v.lang)), "answered", answered, "who", who)
	}
	closes := when.DateTime(p.ClosesAt(), v.loc, string(v.lang))
	if !v.now.IsZero() {
		closes += ", " + when.Relative(p.ClosesAt(), v.now, string(v.lang))
	}
	return v.t("poll.status.open", "when", closes, "answered", answered, "duration", pollDurationText(p.Duration), "who", who)
}

// PollMessage is the poll as posted in a channel, in the channel's zone
// (UTC and the poll's zone beside) and language: each slot with its tally,
// and, while the poll is open, a row of Yes / If need be / No buttons per
// slot. Once closed it shows the ranking and the best slot. The scheduler
// and the adapters call it to refresh every posted copy (Poll.Posts) after
// a vote or a close; whether it is open is read from p.Closed.
func (r *Router) PollMessage(ctx context.Context, p *jca.Poll, loc *time.Location, lang i18n.Lang) (bot.Message, error) {
	v, err := r.pollView(ctx, p, loc, lang, time.Time{})
	if err != nil {
		return bot.Message{}, err
	}
	return v.channelMessage(), nil
}

func (v *pollView) channelMessage() bot.Message {
	p := v.p
	ref := v.ref()
	var m bot.Message
	m.Title = v.title()
	switch {
	case p.Decided != 0:
		m.Section(v.t("poll.channel.decided", "n", p.Decided, "when", v.slotWhen(p.Decided-1), "meeting", jca.MeetingRef(p.Meeting)))
	case v.open:
		example, _ := voteExamples(len(p.Slots))
		m.Section(v.t("poll.channel.open", "who", bot.Identity(p.CreatedBy), "duration", pollDurationText(p.Duration),
			"when", when.DateTime(p.ClosesAt(), v.loc, string(v.lang)), "id", ref, "example", example))
	default:
		m.Section(v.status())
	}
	if best := v.bestLine(); best != nil && p.Decided == 0 {
		m.Section(best)
	}
	besides := []*time.Location{v.pollLoc, time.UTC}
	for i := range p.Slots {
		m.Section(v.slotText(i, besides))
		if v.open {
			short := pollShortDay(p.Slots[i], v.loc, v.lang) + " " + p.Slots[i].In(v.loc).Format("15:04")
			n := strconv.Itoa(i + 1)
			m.AddButtons(
				pollButton(v.r.d.Catalog.String(v.lang, "poll.button.yes", "when", short), ref, n, jca.Yes, "primary"),
				pollButton(v.r.d.Catalog.String(v.lang, "poll.button.maybe", "when", short), ref, n, jca.Maybe, ""),
				pollButton(v.r.d.Catalog.String(v.lang, "poll.button.no", "when", short), ref, n, jca.No, ""),
			)
		}
	}
	for _, note := range v.clockNotes(v.loc, v.pollLoc) {
		m.Context(note)
	}
	switch {
	case v.open && !v.revealed:
		m.Context(v.t("poll.channel.hidden", "answered", v.plural("poll.answered", len(v.ballots)), "id", ref))
	case v.open:
		m.Context(v.t("poll.channel.next", "answered", v.plural("poll.answered", len(v.ballots)), "id", ref))
	case p.Decided == 0:
		m.Context(v.t("poll.channel.closed_next", "id", ref))
	}
	return m
}

func pollButton(label, ref, slot string, a jca.Answer, style string) bot.Button {
	b := RunButton(label, "poll vote "+ref+" "+slot+"="+string(a))
	b.Style = style
	return b
}

// ---- poll show ----

func pollShow(ctx context.Context, c *Call) (bot.Reply, error) {
	id, _, err := pollRef(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	off, err := c.pageOffset()
	if err != nil {
		return bot.Reply{}, err
	}
	p, err := c.r.d.Store.FindPoll(ctx, id)
	if err != nil {
		return bot.Reply{}, err
	}
	v, err := c.r.pollView(ctx, p, c.Loc, c.Lang, c.Now())
	if err != nil {
		return bot.Reply{}, err
	}
	if off > 0 && off >= len(v.ballots) {
		return c.reply(*new(bot.Message).Section(c.T("err.page_past_end", "pages", max(1, (len(v.ballots)+jca.PageSize-1)/jca.PageSize)))), nil
	}
	ref := v.ref()
	var m bot.Message
	m.Title = v.title()
	m.Section(v.status())
	if !v.revealed {
		m.Section(v.t("poll.hidden_note", "answered", v.plural("poll.answered", len(v.ballots))))
	}
	if best := v.bestLine(); best != nil {
		m.Section(best)
	} else if v.revealed && len(p.Slots) > 0 {
		m.Section(v.t("poll.no_best"))
	}
	for i := range p.Slots {
		m.Section(v.slotText(i, []*time.Location{v.pollLoc}))
	}
	for _, note := range v.clockNotes(c.Loc, v.pollLoc) {
		m.Context(note)
	}
	if v.revealed && len(v.ballots) > 0 {
		g, shown := v.grid(off)
		m.Preformatted(g)
		c.pageFooter(&m, off, shown, len(v.ballots))
	}
	if mine, ok := v.answersOf(c.Me); ok {
		var parts []string
		for i := range p.Slots {
			mark := pollMark(mine[i+1])
			if mark == " " {
				mark = "—"
			}
			parts = append(parts, strconv.Itoa(i+1)+" "+mark)
		}
		m.Context(v.t("poll.yours", "list", strings.Join(parts, " · ")))
	} else if v.open {
		example, _ := voteExamples(len(p.Slots))
		m.Context(v.t("poll.yours.none", "id", ref, "example", example))
	}
	switch {
	case v.open:
		m.Context(v.t("poll.show.next_open", "id", ref))
	case p.Decided == 0:
		m.Context(v.t("poll.show.next_closed", "id", ref))
	}
	return c.reply(m), nil
}

// ---- poll vote ----

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

// pollClosedError refuses a vote on a poll that no longer takes answers.
func (c *Call) pollClosedError(p *jca.Poll) error {
	at := p.ClosesAt()
	if p.Closed {
		at = p.ClosedAt
	}
	return jca.Errorf(jca.EConflict, "err.poll.closed", "id", jca.PollRef(p.ID), "when", c.dateTime(at))
}

func pollVote(ctx context.Context, c *Call) (bot.Reply, error) {
	id, ref, err := pollRef(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	p, err := c.r.d.Store.FindPoll(ctx, id)
	if err != nil {
		return bot.Reply{}, err
	}
	if !p.OpenAt(c.Now()) {
		return bot.Reply{}, c.pollClosedError(p)
	}
	answers, err := pollParseVote(c.Args[1:], len(p.Slots), ref)
	if e, ok := jca.AsError(err); ok && e.Code == jca.EInvalid {
		// Its own examples fit this poll; the verb's generic one would not.
		return c.refuse(c.T(e.Key, e.Args...)), nil
	}
	if err != nil {
		return bot.Reply{}, err
	}
	ballot, err := c.r.d.Store.Vote(ctx, id, c.Me, answers, c.Now(), func(p *jca.Poll) error {
		if !p.OpenAt(c.Now()) {
			return c.pollClosedError(p)
		}
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	pollLoc := time.UTC
	if l, err := when.Location(p.Zone); err == nil {
		pollLoc = l
	}
	var m bot.Message
	m.Section(c.T("poll.voted", "id", ref, "title", p.Title))
	for i := range p.Slots {
		mark := pollMark(ballot.Answers[i+1])
		if mark == " " {
			mark = "—"
		}
		line := bot.Text{{Text: mark + " "}, {Kind: bot.Bold, Text: strconv.Itoa(i + 1)},
			{Text: " · " + pollSlotWhen(p.Slots[i], p.Duration, c.Loc, c.Lang, pollLoc)}}
		if _, changed := answers[i+1]; !changed && mark != "—" {
			line = append(line, bot.Span{Kind: bot.Italic, Text: " " + c.S("poll.voted.unchanged")})
		}
		m.Context(line)
	}
	if p.Hidden {
		m.Context(c.T("poll.voted.hidden"))
	}
	m.Context(c.T("poll.voted.next", "id", ref, "when", c.dateTime(p.ClosesAt()), "rel", when.Relative(p.ClosesAt(), c.Now(), string(c.Lang))))
	return c.withUpdates(ctx, c.reply(m), p), nil
}

// ---- poll pending ----

func pollPending(ctx context.Context, c *Call) (bot.Reply, error) {
	id, ref, err := pollRef(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	if _, err := c.r.d.Store.FindPoll(ctx, id); err != nil {
		return bot.Reply{}, err
	}
	ballots, err := c.r.d.Store.Ballots(ctx, id)
	if err != nil {
		return bot.Reply{}, err
	}
	people, err := c.r.d.Store.ListPeople(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	answered := map[jca.PersonID]bool{}
	for _, b := range ballots {
		answered[b.Person] = true
	}
	var missing []*jca.Person
	for _, p := range people {
		if p.IsMember() && !answered[p.ID] {
			missing = append(missing, p)
		}
	}
	var m bot.Message
	if len(missing) == 0 {
		m.Section(c.T("poll.pending.none", "id", ref))
		return c.reply(m), nil
	}
	m.Title = c.r.d.Catalog.Plural(c.Lang, "poll.pending.title", len(missing), "id", ref)
	for _, g := range c.roster(missing, "") {
		line := bot.Text{{Kind: bot.Bold, Text: g.group}, {Text: ": "}}
		for i, p := range g.members {
			if i > 0 {
				line = append(line, bot.Span{Text: ", "})
			}
			line = append(line, bot.Span{Kind: bot.MentionSpan, Person: bot.Identity(p.ID), Text: p.Name})
		}
		m.Section(line)
	}
	m.Context(c.T("poll.pending.next", "id", ref))
	return c.reply(m), nil
}

// ---- poll post ----

func pollPost(ctx context.Context, c *Call) (bot.Reply, error) {
	id, ref, err := pollRef(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	p, err := c.r.d.Store.UpdatePoll(ctx, id, func(p *jca.Poll) error {
		if err := c.requirePollCreatorOrChair(p, "action.post_poll"); err != nil {
			return err
		}
		p.Posts = append(p.Posts, jca.PostRef{Channel: string(c.Req.Channel)})
		p.History = append(p.History, jca.Change{At: c.Now(), By: c.Me, Field: "posted", New: string(c.Req.Channel)})
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	channels := map[string]bool{}
	for _, x := range p.Posts {
		channels[x.Channel] = true
	}
	rep := c.reply(*new(bot.Message).Section(c.r.d.Catalog.Plural(c.Lang, "poll.posted", len(channels), "id", ref)))
	loc, lang := c.r.channelSettings(ctx, c.Req.Channel)
	ann, err := c.r.PollMessage(ctx, p, loc, lang)
	if err != nil {
		return bot.Reply{}, err
	}
	rep.Announce, rep.AnnounceTag = &ann, PollTag(p.ID)
	return rep, nil
}

// withUpdates adds to rep the new version of every posted copy of p. The
// change is already made: a failure here only leaves the copies stale.
func (c *Call) withUpdates(ctx context.Context, rep bot.Reply, p *jca.Poll) bot.Reply {
	ups, err := c.r.PollUpdates(ctx, p)
	if err != nil {
		c.r.d.Log.Error("refresh poll copies", "poll", jca.PollRef(p.ID), "err", err)
		return rep
	}
	rep.Updates = ups
	return rep
}

// ---- poll close ----

func pollClose(ctx context.Context, c *Call) (bot.Reply, error) {
	id, ref, err := pollRef(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	p, err := c.r.d.Store.UpdatePoll(ctx, id, func(p *jca.Poll) error {
		if err := c.requirePollCreatorOrChair(p, "action.close_poll"); err != nil {
			return err
		}
		if p.Closed {
			return jca.Errorf(jca.EConflict, "err.poll.already_closed", "id", ref, "when", c.dateTime(p.ClosedAt))
		}
		p.Close(c.Now(), c.Me, c.Now())
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	v, err := c.r.pollView(ctx, p, c.Loc, c.Lang, c.Now())
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Section(c.r.d.Catalog.Plural(c.Lang, "poll.closed", len(v.ballots), "id", ref, "title", p.Title))
	if best := v.bestLine(); best != nil {
		m.Section(best)
		m.Context(c.T("poll.closed.next", "id", ref))
	} else {
		m.Section(v.t("poll.no_best"))
		m.Context(c.T("poll.closed.next_choose", "id", ref))
	}
	rep := c.reply(m)
	loc, lang := c.r.channelSettings(ctx, c.Req.Channel)
	ann, err := c.r.PollMessage(ctx, p, loc, lang)
	if err != nil {
		return bot.Reply{}, err
	}
	rep.Announce = &ann
	return c.withUpdates(ctx, rep, p), nil
}

// errPollNotDue stops closing a poll someone closed (or that was changed)
// meanwhile.
var errPollNotDue = errors.New("poll not due")

// CloseDuePolls closes every open poll whose voting time is over at now
// (its deadline, or its first slot's start), as closed by nobody, and
// returns the ranking message of each for the channel it was created in,
// in that channel's zone and language. A poll closed meanwhile is skipped.
// The scheduler calls it; it is safe to call at any time.
func (r *Router) CloseDuePolls(ctx context.Context, now time.Time) ([]ChannelPost, error) {
	polls, _, err := r.d.Store.ListPolls(ctx, jca.PollFilter{Limit: math.MaxInt32})
	if err != nil {
		return nil, err
	}
	var out []ChannelPost
	for _, p := range polls {
		if p.Closed || p.ClosesAt().After(now) {
			continue
		}
		bctx, batch := outbox.WithBatch(ctx)
		closed, err := r.d.Store.UpdatePoll(bctx, p.ID, func(p *jca.Poll) error {
			if p.Closed || p.ClosesAt().After(now) {
				return errPollNotDue
			}
			p.Close(p.ClosesAt(), "", now)
			// Every posted copy shows the result, without vote buttons: an
			// update rendered when it is sent, queued with the close.
			for _, post := range p.Posts {
				if post.ID == "" {
					continue
				}
				ref := bot.MessageRef{Channel: bot.ChannelID(post.Channel), ID: post.ID}
				batch.Add(outbox.Entry{Key: "poll-final/" + jca.PollRef(p.ID) + "/" + post.Channel + "/" + post.ID,
					Channel: ref.Channel, Update: &ref, Tag: PollTag(p.ID), Created: now})
			}
			return nil
		})
		if errors.Is(err, errPollNotDue) {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("close %s: %w", jca.PollRef(p.ID), err)
		}
		ch := bot.ChannelID(closed.Channel)
		loc, lang := r.channelSettings(ctx, ch)
		msg, err := r.PollMessage(ctx, closed, loc, lang)
		if err != nil {
			return out, fmt.Errorf("ranking of %s: %w", jca.PollRef(p.ID), err)
		}
		out = append(out, ChannelPost{Channel: ch, Message: msg})
	}
	return out, nil
}

// ---- poll decide ----

func pollDecide(ctx context.Context, c *Call) (bot.Reply, error) {
	id, ref, err := pollRef(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	p, err := c.r.d.Store.FindPoll(ctx, id)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := c.requirePollCreatorOrChair(p, "action.decide_poll"); err != nil {
		return bot.Reply{}, err
	}
	alreadyDecided := func(p *jca.Poll) error {
		if p.Decided != 0 {
			return jca.Errorf(jca.EConflict, "err.poll.already_decided", "id", ref, "n", p.Decided, "meeting", jca.MeetingRef(p.Meeting))
		}
		return nil
	}
	if err := alreadyDecided(p); err != nil {
		return bot.Reply{}, err
	}
	slot := 0
	if len(c.Args) == 2 {
		n, ok := parsePositive(strings.TrimPrefix(strings.TrimSpace(c.Args[1]), "#"))
		if !ok || n > len(p.Slots) {
			return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.poll.no_such_slot", "value", c.Args[1], "id", ref, "n", len(p.Slots))
		}
		slot = n
	} else {
		v, err := c.r.pollView(ctx, p, c.Loc, c.Lang, c.Now())
		if err != nil {
			return bot.Reply{}, err
		}
		b, ok := v.best()
		if !ok {
			return bot.Reply{}, jca.Errorf(jca.EConflict, "err.poll.decide_no_answers", "id", ref)
		}
		slot = b.Slot
	}
	start := p.Slots[slot-1]
	if !start.After(c.Now()) {
		return bot.Reply{}, jca.Errorf(jca.EConflict, "err.poll.slot_started", "n", slot, "when", c.dateTime(start))
	}
	mt := &jca.Meeting{
		Title:     p.Title,
		Start:     start,
		Duration:  p.Duration,
		Zone:      p.Zone,
		Kind:      "e-meeting",
		Remind:    jca.DefaultReminders(),
		Poll:      p.ID,
		Channel:   p.Channel,
		CreatedBy: c.Me,
		CreatedAt: c.Now(),
		UpdatedAt: c.Now(),
	}
	err = c.r.d.Store.CreateMeeting(ctx, mt, func(q *jca.Poll) error {
		if err := c.requirePollCreatorOrChair(q, "action.decide_poll"); err != nil {
			return err
		}
		if err := alreadyDecided(q); err != nil {
			return err
		}
		q.Decide(slot, c.Me, c.Now())
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	mref := jca.MeetingRef(mt.ID)
	pollLoc := time.UTC
	if l, err := when.Location(p.Zone); err == nil {
		pollLoc = l
	}
	var m bot.Message
	m.Section(c.T("poll.decided", "id", ref, "n", slot, "when", pollSlotWhen(start, p.Duration, c.Loc, c.Lang, pollLoc), "meeting", mref))
	m.Context(c.T("poll.decided.next", "meeting", mref))
	rep := c.reply(m)
	loc, lang := c.r.channelSettings(ctx, c.Req.Channel)
	var ann bot.Message
	ann.Title = bot.Text{{Kind: bot.Bold, Text: mref}, {Text: " " + p.Title}}
	ann.Section(c.r.d.Catalog.Text(lang, "poll.decided.announce",
		"when", pollSlotWhen(start, p.Duration, loc, lang, pollLoc, time.UTC), "id", ref, "n", slot, "who", c.Req.Person.ID))
	ann.Context(c.r.d.Catalog.Text(lang, "poll.decided.announce_next", "meeting", mref))
	rep.Announce = &ann
	if decided, err := c.r.d.Store.FindPoll(ctx, id); err == nil {
		rep = c.withUpdates(ctx, rep, decided)
	}
	return rep, nil
}

// ---- poll list ----

func pollList(ctx context.Context, c *Call) (bot.Reply, error) {
	off, err := c.pageOffset()
	if err != nil {
		return bot.Reply{}, err
	}
	open := c.Has("open")
	polls, total, err := c.r.d.Store.ListPolls(ctx, jca.PollFilter{Open: open, Now: c.Now(), Offset: off, Limit: jca.PageSize})
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	if total == 0 {
		key := "poll.list.none"
		if open {
			key = "poll.list.none_open"
		}
		m.Section(c.T(key))
		m.Context(c.T("poll.list.none.next"))
		return c.reply(m), nil
	}
	if len(polls) == 0 {
		return c.reply(*new(bot.Message).Section(c.T("err.page_past_end", "pages", max(1, (total+jca.PageSize-1)/jca.PageSize)))), nil
	}
	titleKey := "poll.list.title"
	if open {
		titleKey = "poll.list.title_open"
	}
	m.Title = c.T(titleKey, "n", total)
	for _, p := range polls {
		line := bot.Text{{Kind: bot.Bold, Text: jca.PollRef(p.ID)}, {Text: " "}, {Kind: bot.Italic, Text: p.Title}, {Text: " · "}}
		switch {
		case p.Decided != 0:
			line = append(line, c.T("poll.list.decided", "meeting", jca.MeetingRef(p.Meeting))...)
		case p.OpenAt(c.Now()):
			line = append(line, c.T("poll.list.open", "when", c.dateTime(p.ClosesAt()), "rel", when.Relative(p.ClosesAt(), c.Now(), string(c.Lang)))...)
		default:
			line = append(line, c.T("poll.list.closed")...)
		}
		line = append(line, bot.Span{Text: " · "})
		line = append(line, c.r.d.Catalog.Plural(c.Lang, "poll.list.slots", len(p.Slots))...)
		line = append(line, bot.Span{Text: " · "})
		line = append(line, c.r.d.Catalog.Plural(c.Lang, "poll.answered", p.Voters)...)
		if p.Hidden {
			line = append(line, bot.Span{Text: " · "})
			line = append(line, c.T("poll.list.hidden")...)
		}
		m.Section(line)
	}
	c.pageFooter(&m, off, len(polls), total)
	return c.reply(m), nil
}
