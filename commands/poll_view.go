package commands

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/when"
)

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
		b, err := r.pollStore().Ballots(ctx, p.ID)
		ballotsRead <- read{b, err}
	}()
	type meetingsRead struct {
		meetings []*jca.Meeting
		err      error
	}
	ledgerRead := make(chan meetingsRead, 1) // the meetings of the fairness ledger, meanwhile too
	go func() {
		ms, err := r.ledgerMeetings(ctx, now)
		ledgerRead <- meetingsRead{ms, err}
	}()
	people, err := r.pollStore().ListPeople(ctx)
	got := <-ballotsRead
	held := <-ledgerRead
	if err != nil {
		return nil, err
	}
	if got.err != nil {
		return nil, got.err
	}
	if held.err != nil {
		return nil, held.err
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
	in, err := r.rankInput(ctx, people, held.meetings, bot.ChannelID(p.Channel), now)
	if err != nil {
		return nil, err
	}
	v.ranked = jca.Rank(p, ballots, in)
	v.bySlot = make([]jca.SlotScore, len(p.Slots))
	for _, s := range v.ranked {
		v.bySlot[s.Slot-1] = s
	}
	return v, nil
}

// rankInput is what ranking needs: the people, who the chairs are, the
// study groups, a zone loader that reads each zone once, the default zone
// and hours (the channel's, where the poll was made), and the ledger of
// the nights the JCA's meetings of the last year cost each member.
// The meetings are the ledger's (ledgerMeetings), nil to read them here.
func (r *Router) rankInput(ctx context.Context, people []*jca.Person, meetings []*jca.Meeting, channel bot.ChannelID, now time.Time) (jca.RankInput, error) {
	appointed := map[jca.PersonID]bool{}
	for _, p := range people {
		if p.Chair {
			appointed[p.ID] = true
		}
	}
	zones := map[string]*time.Location{}
	in := jca.RankInput{
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
		DefaultZone: r.d.DefaultTZ,
	}
	if h := r.channelHours(ctx, channel); h != nil {
		in.DefaultHours = *h
	}
	ledger, err := r.nightLedger(ctx, people, meetings, in, now)
	if err != nil {
		return jca.RankInput{}, err
	}
	in.Ledger = jca.Nights(ledger)
	return in, nil
}

// nightLedger is the fairness ledger at now (the wall clock when zero):
// per member, the meetings of the last year (meetings, or read when nil)
// that fell in their night or early or late hours, with in's zones and
// default hours.
func (r *Router) nightLedger(ctx context.Context, people []*jca.Person, meetings []*jca.Meeting, in jca.RankInput, now time.Time) (map[jca.PersonID]jca.Burden, error) {
	if now.IsZero() {
		now = time.Now()
	}
	if meetings == nil {
		var err error
		if meetings, err = r.ledgerMeetings(ctx, now); err != nil {
			return nil, err
		}
	}
	return jca.NightLedger(meetings, people, jca.LedgerInput{Now: now, DefaultZone: in.DefaultZone,
		DefaultHours: in.DefaultHours, LoadLocation: in.LoadLocation}), nil
}

// ledgerMeetings are the meetings the ledger at now counts from: those of
// the last year (never nil).
func (r *Router) ledgerMeetings(ctx context.Context, now time.Time) ([]*jca.Meeting, error) {
	if now.IsZero() {
		now = time.Now()
	}
	ms, _, err := r.pollStore().ListMeetings(ctx, jca.MeetingFilter{From: now.Add(-jca.LedgerYear), Limit: math.MaxInt32})
	if ms == nil {
		ms = []*jca.Meeting{}
	}
	return ms, err
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
		if sc.Night > 0 {
			parts = append(parts, v.t("poll.tally.night", "n", sc.Night))
		}
		if sc.EarlyLate > 0 {
			parts = append(parts, v.t("poll.tally.early_late", "n", sc.EarlyLate))
		}
		if sc.NoZone > 0 {
			parts = append(parts, v.plural("poll.tally.no_zone", sc.NoZone, "zone", pollCity(v.r.d.DefaultTZ.String())))
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
		case b.ByLedger != 0:
			why = v.t("poll.why.ledger", "other", b.ByLedger, "n", b.Burden, "m", v.bySlot[b.ByLedger-1].Burden)
		case len(b.Groups) > len(o.Groups):
			why = v.t("poll.why.groups", "n", len(b.Groups), "m", len(o.Groups), "other", o.Slot)
		case b.Sociable > o.Sociable:
			why = v.t("poll.why.sociable", "n", b.Sociable, "m", o.Sociable, "other", o.Slot)
		case b.YesMaybe() > o.YesMaybe():
			why = v.t("poll.why.yes_maybe", "n", b.YesMaybe(), "m", o.YesMaybe(), "other", o.Slot)
		case b.Night < o.Night:
			why = v.t("poll.why.night", "n", b.Night, "m", o.Night, "other", o.Slot)
		case b.ChairYes && !o.ChairYes:
			why = v.t("poll.why.chair", "other", o.Slot)
		default:
			why = v.t("poll.why.earlier", "other", o.Slot)
		}
	}
	return v.t("poll.best", "n", b.Slot, "when", v.slotWhen(b.Slot-1), "why", why)
}

// noChairLine says, once, that no chair can make any slot, when no chair
// answered yes or if need be on any of them (nil otherwise, or before the
// answers are shown).
func (v *pollView) noChairLine() bot.Text {
	if !v.revealed || len(v.ballots) == 0 {
		return nil
	}
	for _, sc := range v.ranked {
		if sc.ChairAvailable {
			return nil
		}
	}
	return v.t("poll.no_chair")
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
	if nc := v.noChairLine(); nc != nil && p.Decided == 0 {
		m.Context(nc)
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

// polls: every open poll, the one closing first first, with how many
// members answered.
func (v *digestView) polls(ctx context.Context) (digestSection, error) {
	st := v.r.pollStore()
	ps, _, err := st.ListPolls(ctx, jca.PollFilter{Open: true, Now: v.now, Limit: math.MaxInt32})
	if err != nil || len(ps) == 0 {
		return digestSection{}, err
	}
	people, err := st.ListPeople(ctx)
	if err != nil {
		return digestSection{}, err
	}
	members := map[jca.PersonID]bool{}
	for _, p := range people {
		if p.IsMember() {
			members[p.ID] = true
		}
	}
	slices.SortFunc(ps, func(a, b *jca.Poll) int { return cmp.Or(a.ClosesAt().Compare(b.ClosesAt()), a.ID-b.ID) })
	s := digestSection{title: v.t("digest.content.polls", "n", len(ps))}
	for _, p := range ps {
		ballots, err := st.Ballots(ctx, p.ID)
		if err != nil {
			return digestSection{}, err
		}
		closes := p.ClosesAt()
		t := digestAdd(digestHead(jca.PollRef(p.ID), p.Title), v.t("digest.content.closes", "when", v.dateTime(closes), "rel", v.rel(closes))...)
		if u := v.utc(closes); u != "" {
			t = append(t, bot.Span{Text: " = " + u})
		}
		if len(members) == 0 {
			t = digestAdd(t, v.p("digest.content.answered", len(ballots))...)
		} else {
			n := 0
			for _, b := range ballots {
				if members[b.Person] {
					n++
				}
			}
			t = digestAdd(t, v.p("digest.content.members_answered", n, "members", len(members))...)
		}
		s.items = append(s.items, t)
	}
	return s, nil
}
