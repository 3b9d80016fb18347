package commands

import (
	"context"
	"strings"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/textfold"
)

// find searches everything the bot keeps at once: activities, topics, joint
// groups, organizations and liaisons, ignoring case and accents.

// findPerKind is how many hits of each kind find shows.
const findPerKind = 10

func findArea() *Area {
	return &Area{
		Name:    "find",
		Aliases: []string{"search", "chercher", "cherche", "recherche"},
		Run: &Verb{
			Usage:    "<words>",
			Rule:     "rule.anyone",
			Examples: []string{"find IPv6", "find sécurité réseaux"},
			MinArgs:  1, MaxArgs: -1,
			Run: runFind,
		},
	}
}

// findKind is the hits of one kind: their lines (at most findPerKind), how
// many there are in all, and the command that shows more.
type findKind struct {
	titleKey string
	moreKey  string
	lines    []bot.Text
	total    int
}

func (k *findKind) add(line bot.Text) {
	k.total++
	if len(k.lines) < findPerKind {
		k.lines = append(k.lines, line)
	}
}

func runFind(ctx context.Context, c *Call) (bot.Reply, error) {
	q := strings.Join(c.Args, " ")
	if err := jca.CheckText("query", q, 1, 200); err != nil {
		return bot.Reply{}, err
	}
	if len(textfold.Words(q)) == 0 {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.find_no_words", "query", q)
	}
	kinds, err := c.findAll(ctx, q)
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	total := 0
	for _, k := range kinds {
		total += k.total
	}
	if total == 0 {
		m.Section(c.T("find.none", "query", q))
		m.Context(c.T("find.none.next"))
		return c.reply(m), nil
	}
	m.Title = c.T("find.title", "query", q, "n", total)
	for _, k := range kinds {
		if k.total == 0 {
			continue
		}
		m.Section(c.T(k.titleKey, "n", k.total))
		for _, l := range k.lines {
			m.Context(l)
		}
		if k.total > len(k.lines) {
			m.Context(c.T(k.moreKey, "shown", len(k.lines), "total", k.total, "query", q))
		}
	}
	return c.reply(m), nil
}

// findAll collects the hits of every kind, in the order find shows them.
func (c *Call) findAll(ctx context.Context, q string) ([]*findKind, error) {
	st := c.r.d.Store
	acts := &findKind{titleKey: "find.activities", moreKey: "find.activities.more"}
	as, n, err := st.SearchActivities(ctx, q, 0, findPerKind)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		acts.lines = append(acts.lines, c.activityLine(a))
	}
	acts.total = n

	topics := &findKind{titleKey: "find.topics", moreKey: "find.topics.more"}
	joints := &findKind{titleKey: "find.joints", moreKey: "find.joints.more"}
	for _, k := range []struct {
		kind jca.ProposalKind
		out  *findKind
	}{{jca.TopicProposal, topics}, {jca.JointProposal, joints}} {
		ps, err := c.findProposals(ctx, k.kind)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if textfold.ContainsAll(p.Title+"\n"+p.Why, q) {
				k.out.add(c.findProposalLine(p))
			}
		}
	}

	ls, err := c.allLiaisons(ctx, jca.LiaisonFilter{})
	if err != nil {
		return nil, err
	}
	open := map[string]int{}
	liaisons := &findKind{titleKey: "find.liaisons", moreKey: "find.liaisons.more"}
	for _, l := range ls {
		if l.IsOpen() {
			for _, b := range l.Bodies() {
				open[b]++
			}
		}
		if textfold.ContainsAll(l.Title, q) {
			liaisons.add(c.liaisonLine(l))
		}
	}

	orgs := &findKind{titleKey: "find.orgs", moreKey: "find.orgs.more"}
	all, err := c.knownOrgs(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range all {
		if textfold.ContainsAll(o.Short+"\n"+o.Name+"\n"+strings.Join(o.Aliases, "\n"), q) {
			orgs.add(c.orgLine(o, open[o.Short]))
		}
	}
	return []*findKind{acts, topics, joints, orgs, liaisons}, nil
}

// findProposals reads every proposal of a kind, newest first, page by page.
func (c *Call) findProposals(ctx context.Context, kind jca.ProposalKind) ([]*jca.Proposal, error) {
	var out []*jca.Proposal
	f := jca.ProposalFilter{Limit: jca.MaxPageSize}
	for ; ; f.Offset += f.Limit {
		page, total, err := c.r.d.Store.ListProposals(ctx, kind, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) == 0 || f.Offset+len(page) >= total {
			return out, nil
		}
	}
}

// findProposalLine is one hit: **T-3** *Title* · status · SG13, SG17 (a joint
// group also shows its kind).
func (c *Call) findProposalLine(p *jca.Proposal) bot.Text {
	t := bot.Text{{Kind: bot.Bold, Text: p.Ref()}, {Text: " "}, {Kind: bot.Italic, Text: p.Title}}
	if p.JointKind != "" {
		t = append(t, bot.Span{Text: " · " + p.JointKind})
	}
	t = append(t, bot.Span{Text: " · " + p.Status})
	if len(p.Groups) > 0 {
		t = append(t, bot.Span{Text: " · " + strings.Join(p.Groups, ", ")})
	}
	return t
}
