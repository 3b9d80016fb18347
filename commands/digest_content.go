package commands

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
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
	// Each section reads its own records: read them side by side.
	built := make([]digestSection, len(digestSources))
	errs := make([]error, len(digestSources))
	var wg sync.WaitGroup
	for i, build := range digestSources {
		wg.Go(func() { built[i], errs[i] = build(v, ctx) })
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

// digestSource builds one section of the digest, from the records of one
// noun. Adding a noun to the digest is one source, in its noun's file, and
// a line in digestSources.
type digestSource func(v *digestView, ctx context.Context) (digestSection, error)

// digestSources are the digest's sections, in the order it shows them.
var digestSources = []digestSource{(*digestView).liaisons, (*digestView).polls, (*digestView).meetings,
	(*digestView).topics, (*digestView).joints, (*digestView).activities}

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
