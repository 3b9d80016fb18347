package commands

// The channel's digest: its subscription (a cron spec in the channel's zone,
// robfig/cron validating it), the run that posts it through the outbox, and
// the digest commands. What a digest says is in digest_content.go.

import (
	"context"
	"fmt"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/outbox"
	"github.com/jcabot/jcabot/internal/schedule"
	"github.com/jcabot/jcabot/internal/when"
)

// runDigests posts each subscribed channel's digest when its spec is due.
// However many runs were missed, one digest is sent, covering the whole
// time since the previous one.
func (r *Router) runDigests(ctx context.Context, box OutboxStore, now time.Time) error {
	subs, err := r.digestStore().ListDigests(ctx)
	if err != nil {
		return err
	}
	for _, d := range subs {
		spec, err := r.digestSpec(d)
		if err != nil {
			r.d.Log.Error("bad digest spec", "channel", d.Channel, "err", err)
			continue
		}
		from := d.Since
		if d.LastRun.After(from) {
			from = d.LastRun
		}
		at, due := spec.Last(from, now)
		if !due {
			continue
		}
		if err := r.postDigest(ctx, d, at, spec.Next(now), now); err != nil {
			return err
		}
	}
	return nil
}

// postDigest queues the channel's digest for the run at `at` and moves the
// subscription on, in one transaction. The digest stops being worth
// sending when the channel's next one is due (next; zero: never).
func (r *Router) postDigest(ctx context.Context, d *jca.Digest, at, next, now time.Time) error {
	ch := bot.ChannelID(d.Channel)
	msgs, empty, err := r.Digest(ctx, ch, d.Since, at)
	outcome := "sent"
	if err != nil {
		outcome = "failed"
		r.d.Log.Error("digest", "channel", d.Channel, "err", err)
	} else if empty {
		outcome = "empty"
	}
	_, err = r.d.Outbox.UpdateDigestPosting(ctx, d.Channel, func(x *jca.Digest) ([]outbox.Entry, error) {
		if !x.LastRun.Before(at) {
			return nil, errAlreadyRun
		}
		var posts []outbox.Entry
		if outcome == "sent" || (outcome == "empty" && !x.Quiet) {
			for i, m := range msgs {
				posts = append(posts, outbox.Entry{Key: fmt.Sprintf("digest/%s/%d/%d", d.Channel, at.Unix(), i), Channel: ch,
					Message: m, Created: now, Late: now.Sub(at) > lateAfter, Expires: next})
			}
		}
		x.LastRun, x.LastOutcome = at, outcome
		if outcome != "failed" {
			x.Since = at
		}
		return posts, nil
	})
	if err == errAlreadyRun || jca.ErrorCode(err) == jca.ENotFound {
		return nil
	}
	return err
}

// ---- the digest and jobs areas ----

func digestArea() *Area {
	return &Area{
		Name:    "digest",
		Aliases: []string{"digests", "resume"},
		Verbs: []*Verb{
			{
				Name: "schedule", Usage: `"<cron spec>"`, Rule: "rule.chair", MinArgs: 1, MaxArgs: 1,
				Flags:    []Flag{{Name: "tz", Value: "Europe/Zurich"}, {Name: "quiet"}},
				Examples: []string{`digest schedule "0 9 * * MON"`, `digest schedule @weekly --tz Africa/Cairo --quiet`, `digest schedule "30 17 * * FRI"`},
				Run:      digestSchedule,
			},
			{Name: "off", Aliases: []string{"stop"}, Rule: "rule.chair", Examples: []string{"digest off"}, Run: digestOff},
			{Name: "show", Rule: "rule.anyone", Examples: []string{"digest show"}, Run: digestShow},
			{Name: "now", Rule: "rule.anyone", Examples: []string{"digest now"}, Run: digestNow},
		},
	}
}

func digestSchedule(ctx context.Context, c *Call) (bot.Reply, error) {
	if err := c.requireChair("action.digest"); err != nil {
		return bot.Reply{}, err
	}
	loc, _ := c.r.channelSettings(ctx, c.Req.Channel)
	if s, ok := c.Flag("tz"); ok {
		l, _, err := c.zone(s)
		if err != nil {
			return bot.Reply{}, err
		}
		loc = l
	}
	spec, err := schedule.ParseSpec(c.Args[0], loc)
	if err != nil {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.bad_cron", "value", c.Args[0])
	}
	if spec.Next(c.Now()).IsZero() {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.cron_never", "value", c.Args[0])
	}
	d := &jca.Digest{Channel: string(c.Req.Channel), Spec: spec.Text, TZ: loc.String(), Quiet: c.Has("quiet"),
		Since: c.Now(), CreatedBy: c.Me, CreatedAt: c.Now()}
	if old, err := c.r.digestStore().FindDigest(ctx, d.Channel); err == nil {
		d.Since, d.LastRun, d.LastOutcome = old.Since, old.LastRun, old.LastOutcome // keep the period
	}
	if err := c.r.digestStore().PutDigest(ctx, d); err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Section(c.T("digest.scheduled", "spec", spec.Text, "zone", loc.String()))
	for _, t := range spec.NextN(c.Now(), 3) {
		m.Context(bot.T(when.DateTime(t, c.Loc, string(c.Lang)) + " · " + when.Relative(t, c.Now(), string(c.Lang))))
	}
	if d.Quiet {
		m.Context(c.T("digest.quiet"))
	}
	if gap := shortestGap(spec.NextN(c.Now(), 25)); gap < time.Hour {
		m.Context(c.T("digest.too_often", "gap", hoursMinutes(gap)))
	}
	return c.reply(m), nil
}

// shortestGap is the shortest time between two consecutive runs (a day
// when there are fewer than two).
func shortestGap(runs []time.Time) time.Duration {
	gap := 24 * time.Hour
	for i := 1; i < len(runs); i++ {
		gap = min(gap, runs[i].Sub(runs[i-1]))
	}
	return gap
}

func digestOff(ctx context.Context, c *Call) (bot.Reply, error) {
	if err := c.requireChair("action.digest"); err != nil {
		return bot.Reply{}, err
	}
	if err := c.r.digestStore().DeleteDigest(ctx, string(c.Req.Channel)); err != nil {
		return bot.Reply{}, err
	}
	return c.reply(*new(bot.Message).Section(c.T("digest.off"))), nil
}

func digestShow(ctx context.Context, c *Call) (bot.Reply, error) {
	d, err := c.r.digestStore().FindDigest(ctx, string(c.Req.Channel))
	if err != nil {
		return bot.Reply{}, err
	}
	spec, err := c.r.digestSpec(d)
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Section(c.T("digest.show", "spec", d.Spec, "zone", d.TZ))
	m.Context(c.T("digest.next", "when", when.DateTime(spec.Next(c.Now()), c.Loc, string(c.Lang))))
	if !d.LastRun.IsZero() {
		m.Context(c.T("digest.last", "when", when.DateTime(d.LastRun, c.Loc, string(c.Lang)), "outcome", d.LastOutcome))
	}
	return c.reply(m), nil
}

func digestNow(ctx context.Context, c *Call) (bot.Reply, error) {
	since := c.Now().Add(-7 * 24 * time.Hour)
	if d, err := c.r.digestStore().FindDigest(ctx, string(c.Req.Channel)); err == nil {
		since = d.Since
	}
	msgs, _, err := c.r.Digest(ctx, c.Req.Channel, since, c.Now())
	if err != nil {
		return bot.Reply{}, err
	}
	rep := c.reply(msgs[0])
	rep.Audience = bot.ToChannel
	for _, m := range msgs[1:] {
		rep.Message.Blocks = append(rep.Message.Blocks, m.Blocks...)
	}
	return rep, nil
}

// digestStore is what the digest room uses of the store.
type digestStore interface {
	jca.DigestService
}

func (r *Router) digestStore() digestStore { return r.d.Store }
