package commands

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
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
					{Name: "from-suggestion"},
				},
				Examples: []string{
					`poll new "March e-meeting" --slot "2032-03-26 14:00" --slot "2032-03-29 09:30" --tz Europe/Zurich`,
					`poll new "March e-meeting" --from-suggestion`,
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
				Name: "suggest", Rule: "rule.anyone", MaxArgs: 0,
				Flags:    []Flag{{Name: "within", Value: "YYYY-MM-DD..YYYY-MM-DD"}, {Name: "duration", Value: "2h"}, {Name: "tz", Value: "Europe/Zurich"}},
				Examples: []string{"poll suggest --within 2033-03-01..2033-03-14 --duration 2h"},
				Run:      pollSuggest,
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
	loc, dur, durGiven, err := c.pollZoneAndDuration()
	if err != nil {
		return bot.Reply{}, err
	}
	var slots []time.Time
	var rangeDur time.Duration
	if c.Has("from-suggestion") {
		if slots, dur, loc, err = c.suggestedSlots(); err != nil {
			return bot.Reply{}, err
		}
		durGiven = true
	} else if slots, rangeDur, err = c.pollSlots(c.Flags("slot"), loc, dur, durGiven); err != nil {
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
	if err := c.r.pollStore().CreatePoll(ctx, p); err != nil {
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
	p, err := c.r.pollStore().FindPoll(ctx, id)
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
	if nc := v.noChairLine(); nc != nil {
		m.Context(nc)
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
	p, err := c.r.pollStore().FindPoll(ctx, id)
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
	ballot, err := c.r.pollStore().Vote(ctx, id, c.Me, answers, c.Now(), func(p *jca.Poll) error {
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
	if _, err := c.r.pollStore().FindPoll(ctx, id); err != nil {
		return bot.Reply{}, err
	}
	ballots, err := c.r.pollStore().Ballots(ctx, id)
	if err != nil {
		return bot.Reply{}, err
	}
	people, err := c.r.pollStore().ListPeople(ctx)
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
	p, err := c.r.pollStore().UpdatePoll(ctx, id, func(p *jca.Poll) error {
		if err := c.requirePollCreatorOrChair(p, "action.post_poll"); err != nil {
			return err
		}
		p.PostIn(string(c.Req.Channel), c.Me, c.Now())
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
	ups, err := c.r.Posts().PollUpdates(ctx, p)
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
	p, err := c.r.pollStore().UpdatePoll(ctx, id, func(p *jca.Poll) error {
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
func (pl *Planner) CloseDuePolls(ctx context.Context, now time.Time) ([]ChannelPost, error) {
	r := pl.r
	polls, _, err := r.pollStore().ListPolls(ctx, jca.PollFilter{Limit: math.MaxInt32})
	if err != nil {
		return nil, err
	}
	var out []ChannelPost
	for _, p := range polls {
		if p.Closed || p.ClosesAt().After(now) {
			continue
		}
		closed, err := r.d.Outbox.UpdatePollPosting(ctx, p.ID, func(p *jca.Poll) ([]outbox.Entry, error) {
			if p.Closed || p.ClosesAt().After(now) {
				return nil, errPollNotDue
			}
			p.Close(p.ClosesAt(), "", now)
			// Every posted copy shows the result, without vote buttons: an
			// update rendered when it is sent, queued with the close.
			var finals []outbox.Entry
			for _, post := range p.Posts {
				if post.ID == "" {
					continue
				}
				ref := bot.MessageRef{Channel: bot.ChannelID(post.Channel), ID: post.ID}
				finals = append(finals, outbox.Entry{Key: "poll-final/" + jca.PollRef(p.ID) + "/" + post.Channel + "/" + post.ID,
					Channel: ref.Channel, Update: &ref, Tag: PollTag(p.ID), Created: now})
			}
			return finals, nil
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
	p, err := c.r.pollStore().FindPoll(ctx, id)
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
	err = c.r.pollStore().CreateMeeting(ctx, mt, func(q *jca.Poll) error {
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
	if decided, err := c.r.pollStore().FindPoll(ctx, id); err == nil {
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
	polls, total, err := c.r.pollStore().ListPolls(ctx, jca.PollFilter{Open: open, Now: c.Now(), Offset: off, Limit: jca.PageSize})
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

// pollStore is what the poll room uses of the store.
type pollStore interface {
	jca.PollService
	jca.PersonService
	jca.MeetingService
}

func (r *Router) pollStore() pollStore { return r.d.Store }
