package commands

import (
	"cmp"
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/when"
)

// What a channel's digest says: what moved in the JCA since the previous
// digest, a section per kind of record and a line per record (its id and a
// few words), the closest deadlines first. The scheduler decides when; this
// file decides what.

const (
	// digestHorizon is how far ahead a digest looks for deadlines and
	// meetings.
	digestHorizon = 14 * 24 * time.Hour
	// digestTitleMax clips titles so that a line stays a line.
	digestTitleMax = 80
)

// Limits each digest message keeps to, below the platforms' own (Slack: 50
// blocks, 3,000 characters per section; Mattermost: 16,383 characters per
// post), with room for the markup adapters add.
const (
	digestMaxBlocks  = 40     // the title counts as one
	digestMaxSection = 2_500  // characters of one section's text
	digestMaxMessage = 12_000 // characters of one message, title included
)

// Digest composes the digest of what happened since since, at now, for
// channel, in the channel's zone and language. A long digest is split into
// several messages, each within the limits above, never inside an item.
// When nothing moved, empty is true and msgs is one line saying so. A zero
// since means since 1970: everything.
func (r *Router) Digest(ctx context.Context, channel bot.ChannelID, since, now time.Time) (msgs []bot.Message, empty bool, err error) {
	if since.IsZero() {
		since = time.Unix(0, 0).UTC()
	}
	loc, lang := r.channelSettings(ctx, channel)
	v := &digestView{r: r, lang: lang, loc: loc, now: now, since: since}
	builders := []func(context.Context) (digestSection, error){
		v.liaisons, v.polls, v.meetings,
		func(ctx context.Context) (digestSection, error) { return v.proposals(ctx, jca.TopicProposal) },
		func(ctx context.Context) (digestSection, error) { return v.proposals(ctx, jca.JointProposal) },
		v.activities,
	}
	// Each section reads its own records: read them side by side.
	built := make([]digestSection, len(builders))
	errs := make([]error, len(builders))
	var wg sync.WaitGroup
	for i, build := range builders {
		wg.Go(func() { built[i], errs[i] = build(ctx) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, false, err
	}
	var secs []digestSection
	for _, s := range built {
		if len(s.items) > 0 {
			secs = append(secs, s)
		}
	}
	if len(secs) == 0 {
		var m bot.Message
		m.Section(v.t("digest.content.nothing", "since", v.dateTime(since)))
		return []bot.Message{m}, true, nil
	}
	return v.split(secs), false, nil
}

// digestView renders a digest for one channel.
type digestView struct {
	r          *Router
	lang       i18n.Lang
	loc        *time.Location
	now, since time.Time
}

// digestSection is a titled list of items, one line each.
type digestSection struct {
	title bot.Text
	items []bot.Text
}

func (v *digestView) t(key string, kv ...any) bot.Text { return v.r.d.Catalog.Text(v.lang, key, kv...) }

func (v *digestView) p(key string, n int, kv ...any) bot.Text {
	return v.r.d.Catalog.Plural(v.lang, key, n, kv...)
}

func (v *digestView) date(t time.Time) string { return when.Date(t, v.loc, string(v.lang)) }

func (v *digestView) dateTime(t time.Time) string { return when.DateTime(t, v.loc, string(v.lang)) }

func (v *digestView) rel(t time.Time) string { return when.Relative(t, v.now, string(v.lang)) }

// utc shows t in UTC beside the channel's zone ("14:00 UTC", with the day
// when it differs), or "" when the channel's zone is at UTC then.
func (v *digestView) utc(t time.Time) string {
	u, l := t.UTC(), t.In(v.loc)
	if _, off := l.Zone(); off == 0 {
		return ""
	}
	if u.YearDay() != l.YearDay() {
		return when.Date(u, time.UTC, string(v.lang)) + ", " + u.Format("15:04") + " UTC"
	}
	return u.Format("15:04") + " UTC"
}

// isNew reports whether t is in the digest's period.
func (v *digestView) isNew(t time.Time) bool { return !t.Before(v.since) }

// digestHead starts an item: **L-4** *Title*.
func digestHead(ref, title string) bot.Text {
	return bot.Text{{Kind: bot.Bold, Text: ref}, {Text: " "}, {Kind: bot.Italic, Text: clip(title, digestTitleMax)}}
}

// digestAdd appends " · part" to an item.
func digestAdd(t bot.Text, part ...bot.Span) bot.Text {
	return append(append(t, bot.Span{Text: " · "}), part...)
}

// liaisons: the open ones overdue or due within the horizon, then the new
// ones, the closest deadline first.
func (v *digestView) liaisons(ctx context.Context) (digestSection, error) {
	all, _, err := v.r.d.Store.ListLiaisons(ctx, jca.LiaisonFilter{Limit: math.MaxInt32})
	if err != nil {
		return digestSection{}, err
	}
	type entry struct {
		l    *jca.Liaison
		rank int // 0 overdue, 1 due soon, 2 new
	}
	var es []entry
	for _, l := range all {
		open := l.IsOpen() && !l.Deadline.IsZero()
		switch {
		case open && v.now.After(l.Deadline):
			es = append(es, entry{l, 0})
		case open && l.Deadline.Sub(v.now) <= digestHorizon:
			es = append(es, entry{l, 1})
		case v.isNew(l.CreatedAt):
			es = append(es, entry{l, 2})
		}
	}
	slices.SortFunc(es, func(a, b entry) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		if a.rank < 2 {
			return cmp.Or(a.l.Deadline.Compare(b.l.Deadline), a.l.ID-b.l.ID)
		}
		return a.l.ID - b.l.ID
	})
	s := digestSection{title: v.t("digest.content.liaisons", "n", len(es))}
	for _, e := range es {
		l := e.l
		t := digestAdd(digestHead(jca.LiaisonRef(l.ID), l.Title), bot.Span{Text: l.From + " → " + strings.Join(l.To, ", ")})
		if v.isNew(l.CreatedAt) {
			t = digestAdd(t, v.t("digest.content.new_liaison")...)
		}
		switch e.rank {
		case 0:
			t = digestAdd(t, v.t("digest.content.overdue", "date", v.date(l.Deadline), "rel", v.rel(l.Deadline))...)
		case 1:
			t = digestAdd(t, v.t("digest.content.due", "date", v.date(l.Deadline), "rel", v.rel(l.Deadline))...)
		default:
			t = digestAdd(t, v.t("liaison.purpose."+l.Purpose)...)
			if !l.IsOpen() {
				t = digestAdd(t, bot.Span{Text: string(l.Status)})
			}
		}
		s.items = append(s.items, t)
	}
	return s, nil
}

// polls: every open poll, the one closing first first, with how many
// members answered.
func (v *digestView) polls(ctx context.Context) (digestSection, error) {
	st := v.r.d.Store
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

// meetings: those starting within the horizon, in time order.
func (v *digestView) meetings(ctx context.Context) (digestSection, error) {
	ms, _, err := v.r.d.Store.ListMeetings(ctx, jca.MeetingFilter{From: v.now, Limit: math.MaxInt32})
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

// proposals: those proposed or changed since the last digest, those with a
// close deadline first.
func (v *digestView) proposals(ctx context.Context, kind jca.ProposalKind) (digestSection, error) {
	all, _, err := v.r.d.Store.ListProposals(ctx, kind, jca.ProposalFilter{Limit: math.MaxInt32})
	if err != nil {
		return digestSection{}, err
	}
	var ps []*jca.Proposal
	for _, p := range all {
		if v.isNew(p.CreatedAt) || v.isNew(p.UpdatedAt) {
			ps = append(ps, p)
		}
	}
	soon := func(p *jca.Proposal) bool {
		return !kind.Closed(p.Status) && !p.Deadline.IsZero() && p.Deadline.Sub(v.now) <= digestHorizon
	}
	slices.SortFunc(ps, func(a, b *jca.Proposal) int {
		sa, sb := soon(a), soon(b)
		switch {
		case sa && sb:
			return cmp.Or(a.Deadline.Compare(b.Deadline), a.ID-b.ID)
		case sa:
			return -1
		case sb:
			return 1
		}
		return a.ID - b.ID
	})
	s := digestSection{title: v.t("digest.content."+string(kind)+"s", "n", len(ps))}
	for _, p := range ps {
		t := digestHead(p.Ref(), p.Title)
		if v.isNew(p.CreatedAt) {
			t = digestAdd(t, v.t("digest.content.new_"+string(kind))...)
		}
		status := p.Status
		if old, ok := v.statusBefore(p.History); ok && old != p.Status {
			status = old + " → " + p.Status
		}
		t = digestAdd(t, bot.Span{Text: status})
		sup, obj := p.Counts()
		t = digestAdd(t, v.t("digest.content.counts", "support", sup, "object", obj)...)
		if !kind.Closed(p.Status) && !p.Deadline.IsZero() {
			key := "digest.content.due"
			if v.now.After(p.Deadline) {
				key = "digest.content.overdue"
			}
			t = digestAdd(t, v.t(key, "date", v.date(p.Deadline), "rel", v.rel(p.Deadline))...)
		}
		s.items = append(s.items, t)
	}
	return s, nil
}

// statusBefore is the status a record had when the period began, if its
// status changed since.
func (v *digestView) statusBefore(h []jca.Change) (string, bool) {
	for _, c := range h {
		if c.Field == "status" && v.isNew(c.At) {
			return c.Old, true
		}
	}
	return "", false
}

// activities: those added, changed or removed since the last digest, by
// group in vocabulary order.
func (v *digestView) activities(ctx context.Context) (digestSection, error) {
	as, err := v.r.d.Store.ActivitiesChangedSince(ctx, v.since)
	if err != nil {
		return digestSection{}, err
	}
	order := (&reportView{r: v.r}).groupOrder()
	slices.SortStableFunc(as, func(a, b *jca.Activity) int { return cmp.Or(order(a.Group, b.Group), a.ID-b.ID) })
	s := digestSection{title: v.t("digest.content.activities", "n", len(as))}
	for _, a := range as {
		t := bot.Text{{Kind: bot.Bold, Text: jca.ActivityRef(a.ID)}, {Text: " " + a.Group + " · "},
			{Kind: bot.Italic, Text: clip(a.Title, digestTitleMax)}}
		switch {
		case a.Removed:
			t = digestAdd(t, v.t("digest.content.removed")...)
		case v.isNew(a.CreatedAt):
			t = digestAdd(t, v.t("digest.content.new_activity")...)
			t = digestAdd(t, bot.Span{Text: string(a.Status)})
		default:
			if old, ok := v.statusBefore(a.History); ok && old != string(a.Status) {
				t = digestAdd(t, bot.Span{Text: old + " → " + string(a.Status)})
			}
			if fields := v.changedFields(a.History); fields != "" {
				t = digestAdd(t, v.t("digest.content.changed", "fields", fields)...)
			}
		}
		s.items = append(s.items, t)
	}
	return s, nil
}

// changedFields names the fields changed since the period began, other
// than the status (shown as old → new), once each.
func (v *digestView) changedFields(h []jca.Change) string {
	var names []string
	for _, c := range h {
		if !v.isNew(c.At) || c.Field == "status" || c.Field == "removed" {
			continue
		}
		key := "field." + c.Field
		if !v.r.d.Catalog.Has(key) {
			continue
		}
		if n := v.r.d.Catalog.String(v.lang, key); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

// textCost is what a text may weigh once rendered: its characters plus the
// markup an adapter may wrap around each styled span.
func textCost(t bot.Text) int {
	n := 0
	for _, s := range t {
		n += len([]rune(s.Text))
		if s.Kind != bot.Plain {
			n += 4
		}
	}
	return n
}

// split lays the sections out in messages. Each block is one section's
// title (or its title marked continued) and as many whole items as fit;
// a message takes whole blocks while they fit.
func (v *digestView) split(secs []digestSection) []bot.Message {
	headline := v.t("digest.content.title", "from", v.dateTime(v.since), "to", v.dateTime(v.now))
	const titleReserve = 100 // a continuation title's weight
	var msgs []bot.Message
	cur := bot.Message{Title: headline}
	cost := textCost(headline)
	place := func(b bot.Block, c int) {
		if len(cur.Blocks)+2 > digestMaxBlocks || cost+c > digestMaxMessage {
			msgs = append(msgs, cur)
			cur, cost = bot.Message{}, titleReserve
		}
		cur.Blocks = append(cur.Blocks, b)
		cost += c
	}
	for _, s := range secs {
		block, c, lines := slices.Clone(s.title), textCost(s.title), 0
		for _, it := range s.items {
			ic := textCost(it) + 1
			if lines > 0 && c+ic > digestMaxSection {
				place(bot.Block{Kind: bot.SectionBlock, Text: block}, c)
				block = v.t("digest.content.continued", "title", s.title)
				c, lines = textCost(block), 0
			}
			block = append(append(block, bot.Span{Text: "\n"}), it...)
			c += ic
			lines++
		}
		place(bot.Block{Kind: bot.SectionBlock, Text: block}, c)
	}
	if cmd := detailCommand(secs); cmd != "" {
		next := v.t("digest.content.next", "cmd", cmd)
		place(bot.Block{Kind: bot.ContextBlock, Text: next}, textCost(next))
	}
	msgs = append(msgs, cur)
	for i := 1; i < len(msgs); i++ {
		msgs[i].Title = v.t("digest.content.title_more", "part", i+1, "parts", len(msgs))
	}
	return msgs
}

// detailCommand is the command that shows the first item of the digest
// ("/jca liaison show L-4"): the hint names an id that is really there.
func detailCommand(secs []digestSection) string {
	areas := map[byte]string{'A': "activity", 'T': "topic", 'G': "joint", 'L': "liaison", 'P': "poll", 'M': "meeting"}
	for _, s := range secs {
		for _, it := range s.items {
			for _, span := range it {
				if span.Kind == bot.Bold && len(span.Text) > 2 && span.Text[1] == '-' {
					if area, ok := areas[span.Text[0]]; ok {
						return "/jca " + area + " show " + span.Text
					}
				}
			}
		}
	}
	return ""
}
