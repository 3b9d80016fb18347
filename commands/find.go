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

// searchSource finds the hits of one kind of record for q. Adding a
// searched kind is one source, in its noun's file, and a line in
// searchSources.
type searchSource func(ctx context.Context, c *Call, q string) (*findKind, error)

// searchSources are the searched kinds, in the order find shows them.
var searchSources = []searchSource{searchActivities, searchTopics, searchJoints, searchOrgs, searchLiaisons}

// findAll collects the hits of every kind, in the order find shows them.
func (c *Call) findAll(ctx context.Context, q string) ([]*findKind, error) {
	var out []*findKind
	for _, source := range searchSources {
		k, err := source(ctx, c, q)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
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

// findStore is what find uses of the store.
type findStore interface {
	jca.ProposalService
}

func (r *Router) findStore() findStore { return r.d.Store }
