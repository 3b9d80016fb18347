package commands

import (
	"context"
	"slices"
	"strings"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
)

// fairness shows the ledger of who has been paying for the JCA's meeting
// times: per member and per study group, how many of the meetings held in
// the last 12 months fell in their night or their early or late hours.
// Poll rankings weigh the nights (step 5 of jca.Rank).

// fairnessPeople is how many members the ledger lists by name.
const fairnessPeople = 20

func fairnessArea() *Area {
	return &Area{
		Name:    "fairness",
		Aliases: []string{"ledger", "equite", "équité"},
		Run: &Verb{
			Rule: "rule.anyone", MaxArgs: 0,
			Examples: []string{"fairness"},
			Run:      runFairness,
		},
	}
}

func runFairness(ctx context.Context, c *Call) (bot.Reply, error) {
	people, err := c.r.fairnessStore().ListPeople(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	meetings, err := c.r.ledgerMeetings(ctx, c.Now())
	if err != nil {
		return bot.Reply{}, err
	}
	in, err := c.r.rankInput(ctx, people, meetings, c.Req.Channel, c.Now())
	if err != nil {
		return bot.Reply{}, err
	}
	ledger, err := c.r.nightLedger(ctx, people, meetings, in, c.Now())
	if err != nil {
		return bot.Reply{}, err
	}
	type row struct {
		who    *jca.Person
		burden jca.Burden
	}
	var rows []row
	groups := map[string]*jca.Burden{}
	for _, p := range people {
		b, ok := ledger[p.ID]
		if !ok {
			continue
		}
		rows = append(rows, row{p, b})
		for _, g := range p.Groups() {
			if groups[g] == nil {
				groups[g] = &jca.Burden{}
			}
			groups[g].Night += b.Night
			groups[g].EarlyLate += b.EarlyLate
		}
	}
	heavier := func(a, b jca.Burden) int {
		if a.Night != b.Night {
			return b.Night - a.Night
		}
		return b.EarlyLate - a.EarlyLate
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		if d := heavier(a.burden, b.burden); d != 0 {
			return d
		}
		return strings.Compare(string(a.who.ID), string(b.who.ID))
	})
	var m bot.Message
	m.Title = c.T("fairness.title")
	burdened := slices.IndexFunc(rows, func(r row) bool { return r.burden == (jca.Burden{}) })
	if burdened < 0 {
		burdened = len(rows)
	}
	if len(rows) == 0 {
		m.Section(c.T("fairness.no_members"))
		return c.reply(m), nil
	}
	if burdened == 0 {
		m.Section(c.T("fairness.none"))
		m.Context(c.T("fairness.explain"))
		return c.reply(m), nil
	}
	m.Section(c.T("fairness.people"))
	for _, r := range rows[:min(burdened, fairnessPeople)] {
		m.Context(c.T("fairness.line", "who", bot.Identity(r.who.ID), "groups", strings.Join(r.who.Groups(), ", "),
			"counts", c.burdenText(r.burden)))
	}
	if burdened > fairnessPeople {
		m.Context(c.T("fairness.more", "n", burdened-fairnessPeople))
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		if *groups[g] != (jca.Burden{}) {
			names = append(names, g)
		}
	}
	slices.SortFunc(names, func(a, b string) int {
		if d := heavier(*groups[a], *groups[b]); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	m.Section(c.T("fairness.groups"))
	for _, g := range names {
		m.Context(c.T("fairness.group_line", "group", g, "counts", c.burdenText(*groups[g])))
	}
	m.Context(c.T("fairness.explain"))
	return c.reply(m), nil
}

// burdenText is "🌙 3 at night · 2 early or late".
func (c *Call) burdenText(b jca.Burden) bot.Text {
	var parts []bot.Text
	if b.Night > 0 {
		parts = append(parts, c.T("poll.tally.night", "n", b.Night))
	}
	if b.EarlyLate > 0 {
		parts = append(parts, c.T("poll.tally.early_late", "n", b.EarlyLate))
	}
	return joinTexts(" · ", parts)
}

// fairnessStore is what the fairness room uses of the store (the meetings
// it counts are read through the polls' ledger, see ledgerMeetings).
type fairnessStore interface {
	jca.PersonService
}

func (r *Router) fairnessStore() fairnessStore { return r.d.Store }
