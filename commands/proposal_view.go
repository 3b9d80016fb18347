package commands

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/report"
	"github.com/jcabot/jcabot/internal/when"
)

// fields are the label/value pairs of a proposal; full adds the rationale,
// the author and the date.
func (s *proposalSpec) fields(c *Call, p *jca.Proposal, full bool) []bot.Field {
	var f []bot.Field
	add := func(label string, v bot.Text) {
		if v.String() != "" {
			f = append(f, c.field(label, v))
		}
	}
	if full {
		add("field.status", bot.T(p.Status))
	}
	add(s.key("label.kind"), bot.T(p.JointKind))
	if full {
		add(s.key("label.groups"), bot.T(strings.Join(p.Groups, ", ")))
	}
	add("field.aspects", bot.T(c.aspectLabels(p.Aspects)))
	if p.Convener != "" {
		add(s.key("label.convener"), bot.Text{{Kind: bot.MentionSpan, Person: bot.Identity(p.Convener), Text: bot.Identity(p.Convener).User()}})
	}
	if !p.Deadline.IsZero() {
		add("proposal.label.deadline", c.T("proposal.deadline", "when", c.dateTime(p.Deadline),
			"relative", when.Relative(p.Deadline, c.Now(), string(c.Lang))))
	}
	if full {
		add(s.key("label.why"), bot.T(p.Why))
		add("proposal.label.proposed", c.T("proposal.by", "who", bot.Identity(p.CreatedBy), "when", c.dateTime(p.CreatedAt)))
	}
	return f
}

// proposalPositions are the people for and against, in one group.
type proposalPositions struct {
	group           string
	support, object []bot.Identity
}

// byGroup groups the positions by the groups their people represent: a
// member of two groups counts in both, a person who represents none under
// "" (no group). Target groups come first, in their order, then the other
// study groups, then any other group, then no group.
func (s *proposalSpec) byGroup(c *Call, p *jca.Proposal, people []*jca.Person) []proposalPositions {
	groupsOf := map[jca.PersonID][]string{}
	for _, x := range people {
		var gs []string
		for _, g := range x.Groups() {
			if !slices.Contains(gs, g) {
				gs = append(gs, g)
			}
		}
		groupsOf[x.ID] = gs
	}
	buckets := map[string]*proposalPositions{}
	for _, pos := range p.Positions {
		gs := groupsOf[pos.Person]
		if len(gs) == 0 {
			gs = []string{""}
		}
		for _, g := range gs {
			b := buckets[g]
			if b == nil {
				b = &proposalPositions{group: g}
				buckets[g] = b
			}
			if pos.Stance == jca.Object {
				b.object = append(b.object, bot.Identity(pos.Person))
			} else {
				b.support = append(b.support, bot.Identity(pos.Person))
			}
		}
	}
	var order []string
	for _, g := range slices.Concat(p.Groups, c.r.d.Vocab.GroupCodes()) {
		if buckets[g] != nil && !slices.Contains(order, g) {
			order = append(order, g)
		}
	}
	var rest []string
	for g := range buckets {
		if g != "" && !slices.Contains(order, g) {
			rest = append(rest, g)
		}
	}
	slices.Sort(rest)
	order = append(order, rest...)
	if buckets[""] != nil {
		order = append(order, "")
	}
	out := make([]proposalPositions, len(order))
	for i, g := range order {
		out[i] = *buckets[g]
	}
	return out
}

// proposalNames lists people as mentions, at most max of them, then "+n".
func proposalNames(ids []bot.Identity, max int) bot.Text {
	var t bot.Text
	for i, id := range ids {
		if i == max {
			t = append(t, bot.Span{Text: fmt.Sprintf(" +%d", len(ids)-max)})
			break
		}
		if i > 0 {
			t = append(t, bot.Span{Text: ", "})
		}
		t = append(t, bot.Span{Kind: bot.MentionSpan, Person: id, Text: id.User()})
	}
	return t
}

// topics and joints are the digest's proposal sections.
func (v *digestView) topics(ctx context.Context) (digestSection, error) {
	return v.proposals(ctx, jca.TopicProposal)
}

func (v *digestView) joints(ctx context.Context) (digestSection, error) {
	return v.proposals(ctx, jca.JointProposal)
}

// proposals: those proposed or changed since the last digest, those with a
// close deadline first.
func (v *digestView) proposals(ctx context.Context, kind jca.ProposalKind) (digestSection, error) {
	all, _, err := v.r.proposalStore().ListProposals(ctx, kind, jca.ProposalFilter{Limit: math.MaxInt32})
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

// topicReport and jointReport are the proposals' parts of the report:
// those that existed in the period and were still open in it or changed
// in it, with their outcome.
func topicReport(ctx context.Context, v *reportView) (reportPiece, error) {
	return proposalReport(ctx, v, jca.TopicProposal)
}

func jointReport(ctx context.Context, v *reportView) (reportPiece, error) {
	return proposalReport(ctx, v, jca.JointProposal)
}

func proposalReport(ctx context.Context, v *reportView, kind jca.ProposalKind) (reportPiece, error) {
	all, _, err := v.r.reportStore().ListProposals(ctx, kind, jca.ProposalFilter{Limit: math.MaxInt32})
	if err != nil {
		return reportPiece{}, err
	}
	var pc reportPiece
	var ps []*jca.Proposal
	for _, p := range all {
		earliest(&pc.first, p.CreatedAt)
		if v.current(p.CreatedAt, p.UpdatedAt, kind.Closed(p.Status), p.History) {
			ps = append(ps, p)
		}
	}
	slices.SortFunc(ps, func(a, b *jca.Proposal) int { return a.ID - b.ID })
	pc.summary = []summaryLine{v.numberLine("report.sec."+string(kind)+"s", len(ps))}
	pc.section = v.proposalSection(kind, ps)
	return pc, nil
}

// positionsAt counts the supports and objections given by the period's end.
func (v *reportView) positionsAt(p *jca.Proposal) (support, object int) {
	for _, x := range p.Positions {
		if x.At.After(v.until) {
			continue
		}
		switch x.Stance {
		case jca.Support:
			support++
		case jca.Object:
			object++
		}
	}
	return support, object
}

func (v *reportView) proposalSection(kind jca.ProposalKind, ps []*jca.Proposal) report.Section {
	s := report.Section{
		Record:  v.s("report.record." + string(kind)),
		Heading: v.s("report.sec." + string(kind) + "s"),
		Empty:   v.s("report.none." + string(kind) + "s"),
		Columns: []report.Column{v.col("id"), v.col("title"), v.col("groups")},
	}
	joint := kind == jca.JointProposal
	if joint {
		s.Columns = append(s.Columns, v.col("joint_kind"), v.col("convener"))
	}
	s.Columns = append(s.Columns, v.csvOnly("aspects"), v.col("status"), v.num("support"), v.num("objections"),
		v.col("deadline"), v.col("created"), v.csvOnly("why"))
	var g report.Group
	for _, p := range ps {
		sup, obj := v.positionsAt(p)
		row := report.Row{report.C(p.Ref()), report.C(p.Title), report.C(strings.Join(p.Groups, ", "))}
		if joint {
			row = append(row, report.C(p.JointKind), report.C(v.name(p.Convener)))
		}
		row = append(row, report.C(aspectList(p.Aspects)), report.C(v.asOf(p.Status, "status", p.History)),
			report.N(sup), report.N(obj), v.dateCell(p.Deadline), v.dateCell(p.CreatedAt), report.C(p.Why))
		g.Rows = append(g.Rows, row)
	}
	s.Groups = []report.Group{g}
	return s
}
