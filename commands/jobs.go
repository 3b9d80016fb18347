package commands

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/outbox"
	"github.com/jcabot/jcabot/internal/schedule"
	"github.com/jcabot/jcabot/internal/when"
)

// The scheduler's jobs: what the channel receives without anyone asking.
// Due items are derived from the store's state every minute (and at
// start-up), and each post is queued in the outbox under a key naming the
// job and its occurrence, so a restart, a second tick or a retry never
// queues it twice.
//
// Missed runs (the bot was down): a meeting reminder whose time passed is
// still sent, marked late, if the meeting has not started, and dropped
// (recorded, logged) if it has; a digest missed once or many times is sent
// once; a deadline reminder is sent late until its day is over.

// OutboxStore is what the jobs need to queue posts (the bbolt store has it):
// posts on their own (Enqueue), and posts that commit with the change that
// causes them (the *Posting methods: fn's entries are written in the
// change's transaction, or not at all when fn refuses).
type OutboxStore interface {
	outbox.Store
	Enqueue(ctx context.Context, entries ...outbox.Entry) error
	UpdatePollPosting(ctx context.Context, id int, fn func(p *jca.Poll) ([]outbox.Entry, error)) (*jca.Poll, error)
	UpdateDigestPosting(ctx context.Context, channel string, fn func(d *jca.Digest) ([]outbox.Entry, error)) (*jca.Digest, error)
}

// lateAfter is how late a post may be and still not be marked late.
const lateAfter = 2 * time.Minute

// job is one occurrence of something to post.
type job struct {
	Key     string
	Kind    string // remind, poll-remind, poll-close, liaison, proposal, digest
	Ref     string // the record it is about: "M-2"
	Channel bot.ChannelID
	Due     time.Time
	// Stale is when it is no longer worth sending (zero: never).
	Stale time.Time
	build func(ctx context.Context, at postContext) (bot.Message, error)
}

// postContext is what a job's message is written for: the channel's zone
// and language, the pass's time, and whether it is late.
type postContext struct {
	loc  *time.Location
	lang i18n.Lang
	now  time.Time
	late bool
}

// Tick queues every post due at now and closes the polls whose time is
// over. The scheduler calls it every minute and at start-up; it is safe to
// call at any time and as often as wanted.
func (pl *Planner) Tick(ctx context.Context, box OutboxStore, now time.Time) error {
	r := pl.r
	if _, err := pl.CloseDuePolls(ctx, now); err != nil {
		return err
	}
	jobs, err := r.plan(ctx, now)
	if err != nil {
		return err
	}
	for _, j := range jobs {
		if j.Due.After(now) {
			continue
		}
		if ok, err := box.HasEntry(ctx, j.Key); err != nil || ok {
			if err != nil {
				return err
			}
			continue
		}
		if !j.Stale.IsZero() && !now.Before(j.Stale) {
			r.d.Log.Warn("dropped a post whose time has passed", "job", j.Kind, "ref", j.Ref, "due", j.Due)
			if err := box.SaveEntry(ctx, outbox.Entry{Key: j.Key, Channel: j.Channel, Created: now, Status: outbox.Dropped, Done: now}); err != nil {
				return err
			}
			continue
		}
		loc, lang := r.channelSettings(ctx, j.Channel)
		late := now.Sub(j.Due) > lateAfter
		msg, err := j.build(ctx, postContext{loc: loc, lang: lang, now: now, late: late})
		if err != nil {
			return fmt.Errorf("%s %s: %w", j.Kind, j.Ref, err)
		}
		if err := box.Enqueue(ctx, outbox.Entry{Key: j.Key, Channel: j.Channel, Message: msg, Late: late, Created: now,
			Due: j.Due, Expires: j.Stale}); err != nil {
			return err
		}
	}
	return r.runDigests(ctx, box, now)
}

// Recheck decides, at the moment the outbox sends a scheduled post, whether
// it still matters and in what form (outbox.Dispatcher.Recheck), by the
// rule Tick applied when it was queued: a post whose job the state no
// longer implies (the meeting was cancelled or moved, the poll closed) is
// dropped; one that has become late (more than lateAfter after its time)
// is written again, marked late. Other entries pass as they are.
func (pl *Planner) Recheck(ctx context.Context, e outbox.Entry, now time.Time) (outbox.Entry, bool) {
	r := pl.r
	if e.Due.IsZero() || e.Update != nil || strings.HasPrefix(e.Key, "digest/") {
		return e, true
	}
	jobs, err := r.recheckPlan(ctx, now)
	if err != nil {
		r.d.Log.Error("recheck a scheduled post", "err", err)
		return e, true // send as queued rather than lose it
	}
	i := slices.IndexFunc(jobs, func(j job) bool { return j.Key == e.Key })
	if i < 0 {
		return e, false
	}
	j := jobs[i]
	if !j.Stale.IsZero() && !now.Before(j.Stale) {
		return e, false
	}
	if late := now.Sub(j.Due) > lateAfter; late && !e.Late {
		loc, lang := r.channelSettings(ctx, j.Channel)
		msg, err := j.build(ctx, postContext{loc: loc, lang: lang, now: now, late: true})
		if err != nil {
			r.d.Log.Error("rewrite a late post", "job", j.Kind, "err", err)
			return e, true
		}
		e.Message, e.Late = msg, true
	}
	return e, true
}

// recheckPlan is plan, computed once per instant: a delivery pass rechecks
// its entries at one now, so a burst after an outage plans once.
func (r *Router) recheckPlan(ctx context.Context, now time.Time) ([]job, error) {
	r.memo.Lock()
	defer r.memo.Unlock()
	if r.memo.jobs != nil && r.memo.at.Equal(now) {
		return r.memo.jobs, nil
	}
	jobs, err := r.plan(ctx, now)
	if err != nil {
		return nil, err
	}
	r.memo.at, r.memo.jobs = now, jobs
	return jobs, nil
}

// jobSource lists the job occurrences one noun's state implies at now, due
// or not. Adding a scheduled noun is one more source in jobSources.
type jobSource func(r *Router, ctx context.Context, now time.Time) ([]job, error)

// jobSources are the scheduler's nouns, each in its own function.
var jobSources = []jobSource{meetingJobSource, pollJobSource, liaisonJobSource, proposalJobSource}

// plan lists every job occurrence the current state implies, due or not:
// what each source says, in the order of jobSources.
func (r *Router) plan(ctx context.Context, now time.Time) ([]job, error) {
	var jobs []job
	for _, source := range jobSources {
		js, err := source(r, ctx, now)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, js...)
	}
	return jobs, nil
}

// meetingJobSource: the reminders of meetings from a day ago on.
func meetingJobSource(r *Router, ctx context.Context, now time.Time) ([]job, error) {
	meetings, _, err := r.jobsStore().ListMeetings(ctx, jca.MeetingFilter{From: now.Add(-24 * time.Hour), Limit: math.MaxInt32})
	if err != nil {
		return nil, err
	}
	var jobs []job
	for _, m := range meetings {
		jobs = append(jobs, r.meetingJobs(m)...)
	}
	return jobs, nil
}

// pollJobSource: every poll's reminder and result.
func pollJobSource(r *Router, ctx context.Context, now time.Time) ([]job, error) {
	polls, _, err := r.jobsStore().ListPolls(ctx, jca.PollFilter{Limit: math.MaxInt32})
	if err != nil {
		return nil, err
	}
	var jobs []job
	for _, p := range polls {
		jobs = append(jobs, r.pollJobs(p)...)
	}
	return jobs, nil
}

// liaisonJobSource: the deadline reminders of open liaisons.
func liaisonJobSource(r *Router, ctx context.Context, now time.Time) ([]job, error) {
	liaisons, _, err := r.jobsStore().ListLiaisons(ctx, jca.LiaisonFilter{Open: true, Limit: math.MaxInt32})
	if err != nil {
		return nil, err
	}
	var jobs []job
	for _, l := range liaisons {
		if !l.Deadline.IsZero() && l.Deadline.After(now.Add(-24*time.Hour)) {
			jobs = append(jobs, r.deadlineJobs(ctx, "liaison", jca.LiaisonRef(l.ID), bot.ChannelID(l.Channel), l.Title, l.Deadline, l.CreatedAt)...)
		}
	}
	return jobs, nil
}

// proposalJobSource: the deadline reminders of open topics and joint groups.
func proposalJobSource(r *Router, ctx context.Context, now time.Time) ([]job, error) {
	var jobs []job
	for _, kind := range []jca.ProposalKind{jca.TopicProposal, jca.JointProposal} {
		ps, _, err := r.jobsStore().ListProposals(ctx, kind, jca.ProposalFilter{Limit: math.MaxInt32})
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if !p.Deadline.IsZero() && !kind.Closed(p.Status) && p.Deadline.After(now.Add(-24*time.Hour)) {
				jobs = append(jobs, r.deadlineJobs(ctx, "proposal", p.Ref(), bot.ChannelID(p.Channel), p.Title, p.Deadline, p.CreatedAt)...)
			}
		}
	}
	return jobs, nil
}

// meetingJobs are a meeting's reminders. A reminder whose time came before
// the meeting was scheduled is not sent; the key holds the start, so moving
// a meeting arms its reminders again.
func (r *Router) meetingJobs(m *jca.Meeting) []job {
	if m.Cancelled || m.Channel == "" {
		return nil
	}
	var out []job
	for _, off := range m.Remind {
		due := m.Start.Add(-off)
		if due.Before(m.CreatedAt) {
			continue
		}
		m, off := m, off
		out = append(out, job{
			Key:  fmt.Sprintf("remind/%s/%s/%d", jca.MeetingRef(m.ID), off, m.Start.Unix()),
			Kind: "remind", Ref: jca.MeetingRef(m.ID), Channel: bot.ChannelID(m.Channel), Due: due, Stale: m.Start,
			build: func(ctx context.Context, at postContext) (bot.Message, error) {
				return r.reminderMessage(m, at.loc, at.lang, at.late), nil
			},
		})
	}
	return out
}

// reminderMessage: the meeting's time in the channel's zone with UTC beside
// it, the link or place, the agenda.
func (r *Router) reminderMessage(m *jca.Meeting, loc *time.Location, lang i18n.Lang, late bool) bot.Message {
	cat := r.d.Catalog
	var msg bot.Message
	key := "job.remind"
	if late {
		key = "job.remind.late"
	}
	whenText := when.DateTime(m.Start, loc, string(lang))
	if _, off := m.Start.In(loc).Zone(); off != 0 {
		whenText += " = " + m.Start.UTC().Format("15:04") + " UTC"
	}
	msg.Section(cat.Text(lang, key, "id", jca.MeetingRef(m.ID), "title", m.Title, "when", whenText))
	if m.Link != "" {
		msg.Context(bot.Text{{Kind: bot.LinkSpan, Text: m.Link, URL: m.Link}})
	}
	if m.Where != "" {
		msg.Context(cat.Text(lang, "job.remind.where", "where", m.Where))
	}
	for i, it := range m.Agenda {
		line := it.Text
		if it.Topic != 0 {
			line = jca.TopicProposal.Ref(it.Topic) + " " + it.Text
		}
		msg.Context(bot.T(fmt.Sprintf("%d. %s", i+1, line)))
	}
	return msg
}

// pollJobs: 24 hours before a poll closes, a reminder naming the members
// who have not answered; after it closed by itself, its ranking.
func (r *Router) pollJobs(p *jca.Poll) []job {
	if p.Channel == "" {
		return nil
	}
	ch := bot.ChannelID(p.Channel)
	ref := jca.PollRef(p.ID)
	closes := p.ClosesAt()
	var out []job
	if p.Closed {
		if p.ClosedBy == "" {
			out = append(out, job{Key: fmt.Sprintf("poll-close/%s", ref), Kind: "poll-close", Ref: ref, Channel: ch, Due: p.ClosedAt,
				build: func(ctx context.Context, at postContext) (bot.Message, error) {
					return r.PollMessage(ctx, p, at.loc, at.lang)
				}})
		}
		return out
	}
	if due := closes.Add(-24 * time.Hour); !due.Before(p.CreatedAt) {
		out = append(out, job{Key: fmt.Sprintf("poll-remind/%s/%d", ref, closes.Unix()), Kind: "poll-remind", Ref: ref, Channel: ch,
			Due: due, Stale: closes,
			build: func(ctx context.Context, at postContext) (bot.Message, error) {
				return r.pollReminder(ctx, p, at.loc, at.lang)
			}})
	}
	return out
}

func (r *Router) pollReminder(ctx context.Context, p *jca.Poll, loc *time.Location, lang i18n.Lang) (bot.Message, error) {
	ballots, err := r.jobsStore().Ballots(ctx, p.ID)
	if err != nil {
		return bot.Message{}, err
	}
	people, err := r.jobsStore().ListPeople(ctx)
	if err != nil {
		return bot.Message{}, err
	}
	voted := map[jca.PersonID]bool{}
	for _, b := range ballots {
		voted[b.Person] = true
	}
	var pending []bot.Identity
	for _, per := range people {
		if per.IsMember() && !voted[per.ID] {
			pending = append(pending, bot.Identity(per.ID))
		}
	}
	var msg bot.Message
	msg.Section(r.d.Catalog.Text(lang, "job.poll_remind", "id", jca.PollRef(p.ID), "title", p.Title,
		"when", when.DateTime(p.ClosesAt(), loc, string(lang))))
	if len(pending) > 0 {
		msg.Context(r.d.Catalog.Text(lang, "job.poll_pending", "people", pending))
	}
	msg.Context(r.d.Catalog.Text(lang, "job.poll_remind.next", "id", jca.PollRef(p.ID)))
	return msg, nil
}

// deadlineJobs: three days before a deadline, and at 09:00 in the channel's
// zone on the day (or at the deadline itself when that is earlier).
func (r *Router) deadlineJobs(ctx context.Context, kind, ref string, ch bot.ChannelID, title string, deadline, created time.Time) []job {
	if ch == "" {
		return nil
	}
	loc, _ := r.channelSettings(ctx, ch)
	d := deadline.In(loc)
	morning := time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, loc)
	if morning.After(deadline) {
		morning = deadline
	}
	build := func(ctx context.Context, at postContext) (bot.Message, error) {
		var msg bot.Message
		msg.Section(r.d.Catalog.Text(at.lang, "job.deadline", "id", ref, "title", title,
			"when", when.DateTime(deadline, at.loc, string(at.lang)), "rel", when.Relative(deadline, at.now, string(at.lang))))
		return msg, nil
	}
	var out []job
	if early := deadline.Add(-72 * time.Hour); !early.Before(created) {
		out = append(out, job{Key: fmt.Sprintf("%s-3d/%s/%d", kind, ref, deadline.Unix()), Kind: kind, Ref: ref, Channel: ch,
			Due: early, Stale: deadline, build: build})
	}
	if !morning.Before(created) {
		out = append(out, job{Key: fmt.Sprintf("%s-day/%s/%d", kind, ref, deadline.Unix()), Kind: kind, Ref: ref, Channel: ch,
			Due: morning, Stale: when.EndOfDay(d.Year(), d.Month(), d.Day(), loc), build: build})
	}
	return out
}

func (r *Router) digestSpec(d *jca.Digest) (*schedule.Spec, error) {
	loc, err := when.Location(d.TZ)
	if err != nil {
		return nil, err
	}
	return schedule.ParseSpec(d.Spec, loc)
}

var errAlreadyRun = jca.Errorf(jca.EConflict, "err.digest_ran")

// ---- the jobs area ----

func jobsArea() *Area {
	return &Area{
		Name:    "jobs",
		Aliases: []string{"job", "scheduled"},
		Run: &Verb{
			Usage: "[failed]", Rule: "rule.jobs", MaxArgs: 1,
			Examples: []string{"jobs", "jobs failed"},
			Run:      jobsRun,
		},
	}
}

// jobsStore returns the outbox when the store has one.
func (c *Call) outboxStore() (OutboxStore, bool) {
	return c.r.d.Outbox, c.r.d.Outbox != nil
}

func jobsRun(ctx context.Context, c *Call) (bot.Reply, error) {
	box, ok := c.outboxStore()
	if !ok {
		return bot.Reply{}, fmt.Errorf("the store has no outbox")
	}
	if len(c.Args) == 1 {
		if !strings.EqualFold(c.Args[0], "failed") {
			return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.jobs_word", "value", c.Args[0])
		}
		return jobsFailed(ctx, c, box)
	}
	var m bot.Message
	m.Title = c.T("jobs.title")
	if d, err := c.r.jobsStore().FindDigest(ctx, string(c.Req.Channel)); err == nil {
		if spec, err := c.r.digestSpec(d); err == nil {
			line := c.T("jobs.digest", "spec", d.Spec, "next", when.DateTime(spec.Next(c.Now()), c.Loc, string(c.Lang)))
			if !d.LastRun.IsZero() {
				line = append(line, c.T("jobs.last", "when", when.DateTime(d.LastRun, c.Loc, string(c.Lang)), "outcome", d.LastOutcome)...)
			}
			m.Section(line)
		}
	}
	jobs, err := c.r.plan(ctx, c.Now())
	if err != nil {
		return bot.Reply{}, err
	}
	// An open poll's closing is no post of its own until it happens, but the
	// channel will receive its result then: it is listed with the rest.
	polls, _, err := c.r.jobsStore().ListPolls(ctx, jca.PollFilter{Open: true, Now: c.Now(), Limit: math.MaxInt32})
	if err != nil {
		return bot.Reply{}, err
	}
	for _, p := range polls {
		if bot.ChannelID(p.Channel) == c.Req.Channel {
			jobs = append(jobs, job{Kind: "poll-close", Ref: jca.PollRef(p.ID), Channel: bot.ChannelID(p.Channel), Due: p.ClosesAt()})
		}
	}
	slices.SortFunc(jobs, func(a, b job) int { return a.Due.Compare(b.Due) })
	shown := 0
	for _, j := range jobs {
		if j.Channel != c.Req.Channel || !j.Due.After(c.Now()) {
			continue
		}
		if shown == jca.PageSize {
			break
		}
		m.Section(c.T("jobs.line", "kind", jca.MsgKey("job.kind."+j.Kind), "ref", j.Ref,
			"next", when.DateTime(j.Due, c.Loc, string(c.Lang)), "rel", when.Relative(j.Due, c.Now(), string(c.Lang))))
		shown++
	}
	recent, err := box.Entries(ctx, "", 200)
	if err != nil {
		return bot.Reply{}, err
	}
	for _, e := range recent {
		if e.Channel == c.Req.Channel && e.Status != outbox.Due {
			m.Context(c.T("jobs.last_post", "key", e.Key, "when", when.DateTime(e.Created, c.Loc, string(c.Lang)), "status", string(e.Status)))
			break
		}
	}
	if len(m.Blocks) == 0 {
		m.Section(c.T("jobs.none"))
	}
	return c.reply(m), nil
}

func jobsFailed(ctx context.Context, c *Call, box OutboxStore) (bot.Reply, error) {
	if err := c.requireChair("action.jobs_failed"); err != nil {
		return bot.Reply{}, err
	}
	failed, err := box.Entries(ctx, outbox.Failed, jca.PageSize)
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	if len(failed) == 0 {
		m.Section(c.T("jobs.failed.none"))
		return c.reply(m), nil
	}
	m.Title = c.T("jobs.failed.title", "n", len(failed))
	for _, e := range failed {
		m.Section(c.P("jobs.failed.line", e.Attempts, "key", e.Key, "channel", string(e.Channel),
			"when", when.DateTime(e.Done, c.Loc, string(c.Lang)), "error", clip(e.LastError, 120)))
	}
	m.Context(c.T("jobs.failed.next"))
	return c.reply(m), nil
}

// NextDue is the earliest time after now at which a job falls due (false
// when none is planned). Tests use it to walk the clock from job to job.
func (pl *Planner) NextDue(ctx context.Context, now time.Time) (time.Time, bool, error) {
	r := pl.r
	jobs, err := r.plan(ctx, now)
	if err != nil {
		return time.Time{}, false, err
	}
	var next time.Time
	consider := func(t time.Time) {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, j := range jobs {
		consider(j.Due)
	}
	polls, _, err := r.jobsStore().ListPolls(ctx, jca.PollFilter{Limit: math.MaxInt32})
	if err != nil {
		return time.Time{}, false, err
	}
	for _, p := range polls {
		if !p.Closed {
			consider(p.ClosesAt())
		}
	}
	subs, err := r.jobsStore().ListDigests(ctx)
	if err != nil {
		return time.Time{}, false, err
	}
	for _, d := range subs {
		if spec, err := r.digestSpec(d); err == nil {
			consider(spec.Next(now))
		}
	}
	return next, !next.IsZero(), nil
}

// jobsStore is what the scheduler's job sources uses of the store.
type jobsStore interface {
	jca.MeetingService
	jca.PollService
	jca.LiaisonService
	jca.ProposalService
	jca.PersonService
	jca.DigestService
}

func (r *Router) jobsStore() jobsStore { return r.d.Store }
