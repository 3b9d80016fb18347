package commands

import (
	"context"
	"slices"
	"strings"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/i18n"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/when"
)

// Topic proposals (mandate clause 2.3, ids T-n) and joint group proposals
// (clause 2.4, ids G-n). Both are proposals people take positions on, one
// each, until a chair moves them on; one implementation serves both, and a
// proposalSpec says what differs: the area's words, the flags naming the
// groups and the rationale, and which statuses are news for the channel.

// proposalSpec is what differs between the kinds of proposal.
type proposalSpec struct {
	kind       jca.ProposalKind
	area       string // the command word: "topic", "joint"
	example    string // an id to show in refusals: "T-3"
	titleUsage string // the propose argument: `"<title>"`
	titleFlag  string // the edit flag for the title: "title", "name"
	titleField string // the field name in length refusals
	whyFlag    string // "why" or "mandate"
	whyField   string
	groupsFlag string // "group" or "parents"
	// announce lists the statuses that are news for the channel.
	announce []string
}

// Field names (catalog keys field.<name>) in length refusals.
const (
	proposalCommentField = "proposal.comment"
	proposalReasonField  = "proposal.reason"
	proposalNoteField    = "proposal.note"
)

// proposalMaxNames bounds the mentions shown on one line of "show"; more
// are counted ("+12").
const proposalMaxNames = 10

// proposalMaxRemarks bounds the objections and comments "show" quotes.
const proposalMaxRemarks = 10

func topicArea() *Area {
	s := &proposalSpec{
		kind: jca.TopicProposal, area: "topic", example: "T-3", titleUsage: `"<title>"`,
		titleFlag: "title", titleField: "title",
		whyFlag: "why", whyField: "proposal.why",
		groupsFlag: "group",
		announce:   []string{"forwarded"},
	}
	return s.declare([]string{"topics", "sujet"},
		[]Flag{
			{Name: "group", Value: "SG13", Multi: true},
			{Name: "aspect", Value: "ASPECT", Multi: true},
			{Name: "why", Value: `"..."`},
			{Name: "deadline", Value: "YYYY-MM-DD"},
		},
		[]Flag{
			{Name: "title", Value: `"..."`},
			{Name: "why", Value: `"..."`},
			{Name: "group", Value: "SG13", Multi: true},
			{Name: "aspect", Value: "ASPECT", Multi: true},
			{Name: "deadline", Value: "YYYY-MM-DD"},
		},
		map[string][]string{
			"propose": {
				`topic propose "Quantum-safe signalling for IMT-2030" --group SG13,SG17`,
				`topic propose "Trust in AI-based network operations" --group SG13,SG17,SG20 --aspect security,continuity --why "Three groups study parts of it" --deadline 2033-01-15`,
			},
			"edit": {
				"topic edit T-3 --deadline 2033-02-01",
				`topic edit T-3 --title "Quantum-safe signalling" --group SG13,SG17,SG11`,
			},
			"support":          {"topic support T-3", `topic support T-3 --comment "SG13 has a Question ready for it"`},
			"object":           {`topic object T-3 --reason "Overlaps with Q6/17"`},
			"withdraw-support": {"topic withdraw-support T-3"},
			"show":             {"topic show T-3"},
			"list":             {"topic list", "topic list --status forwarded --group SG17", "topic list --page 2"},
			"status": {
				"topic status T-3 forwarded",
				`topic status T-3 declined --note "Already covered by Q6/17"`,
				"topic status T-3 withdrawn",
			},
		})
}

func jointArea() *Area {
	s := &proposalSpec{
		kind: jca.JointProposal, area: "joint", example: "G-2", titleUsage: `"<name>"`,
		titleFlag: "name", titleField: "proposal.name",
		whyFlag: "mandate", whyField: "proposal.mandate",
		groupsFlag: "parents",
		announce:   []string{"recommended", "established"},
	}
	return s.declare([]string{"jointgroup", "joint-group", "joints"},
		[]Flag{
			{Name: "kind", Value: "KIND"},
			{Name: "parents", Value: "SG13", Multi: true},
			{Name: "mandate", Value: `"..."`},
			{Name: "convener", Value: "@person"},
			{Name: "deadline", Value: "YYYY-MM-DD"},
		},
		[]Flag{
			{Name: "name", Value: `"..."`},
			{Name: "kind", Value: "KIND"},
			{Name: "parents", Value: "SG13", Multi: true},
			{Name: "mandate", Value: `"..."`},
			{Name: "convener", Value: "@person"},
			{Name: "deadline", Value: "YYYY-MM-DD"},
		},
		map[string][]string{
			"propose": {
				`joint propose "JRG on IMT-2030 security" --kind joint-rapporteur-group --parents SG13,SG17`,
				`joint propose "Focus group on quantum networks" --kind focus-group --parents SG13 --mandate "Study the network side of quantum key distribution" --convener @alice --deadline 2033-01-15`,
			},
			"edit": {
				"joint edit G-2 --convener @bob",
				`joint edit G-2 --parents SG13,SG17,SG11 --mandate "Security of IMT-2030 networks and terminals"`,
			},
			"support":          {"joint support G-2", `joint endorse G-2 --comment "SG17 can host the first meeting"`},
			"object":           {`joint object G-2 --reason "A Question in SG17 already covers it"`},
			"withdraw-support": {"joint withdraw-support G-2"},
			"show":             {"joint show G-2"},
			"list":             {"joint list", "joint list --status recommended --group SG13", "joint list --page 2"},
			"status": {
				"joint status G-2 recommended",
				`joint status G-2 established --note "Agreed by TSAG"`,
				"joint status G-2 withdrawn",
			},
		})
}

// declare builds the area: the same verbs for both kinds, with the kind's
// flags and examples.
func (s *proposalSpec) declare(aliases []string, proposeFlags, editFlags []Flag, ex map[string][]string) *Area {
	ref := "<" + s.kind.Prefix() + "-n>"
	list := []Flag{{Name: "status", Value: "STATUS"}, {Name: "group", Value: "SG13"}, {Name: "page", Value: "N"}}
	return &Area{
		Name:    s.area,
		Aliases: aliases,
		Verbs: []*Verb{
			{
				Name: "propose", Aliases: []string{"add", "new"}, Usage: s.titleUsage, Rule: "rule.anyone",
				MinArgs: 1, MaxArgs: 1, Flags: proposeFlags, Examples: ex["propose"], Run: s.propose,
			},
			{
				Name: "edit", Aliases: []string{"update"}, Usage: ref, Rule: "rule.author_or_chair",
				MinArgs: 1, MaxArgs: 1, Flags: editFlags, Examples: ex["edit"], Run: s.edit,
			},
			{
				Name: "support", Aliases: []string{"endorse"}, Usage: ref, Rule: "rule.anyone",
				MinArgs: 1, MaxArgs: 1, Flags: []Flag{{Name: "comment", Value: `"..."`}},
				Examples: ex["support"], Run: s.support,
			},
			{
				Name: "object", Aliases: []string{"oppose"}, Usage: ref, Rule: "rule.anyone",
				MinArgs: 1, MaxArgs: 1, Flags: []Flag{{Name: "reason", Value: `"..."`}},
				Examples: ex["object"], Run: s.object,
			},
			{
				Name: "withdraw-support", Aliases: []string{"withdraw-position", "unsupport"}, Usage: ref, Rule: "rule.self",
				MinArgs: 1, MaxArgs: 1, Examples: ex["withdraw-support"], Run: s.withdrawPosition,
			},
			{
				Name: "show", Aliases: []string{"get", "view"}, Usage: ref, Rule: "rule.anyone",
				MinArgs: 1, MaxArgs: 1, Examples: ex["show"], Run: s.show,
			},
			{
				Name: "list", Aliases: []string{"ls"}, Rule: "rule.anyone",
				Flags: list, Examples: ex["list"], Run: s.list,
			},
			{
				Name: "status", Usage: ref + " <" + strings.Join(s.kind.Statuses(), "|") + ">", Rule: "rule.chair_author_withdraws",
				MinArgs: 2, MaxArgs: 2, Flags: []Flag{{Name: "note", Value: `"..."`}},
				Examples: ex["status"], Run: s.setStatus,
			},
		},
	}
}

func (s *proposalSpec) key(suffix string) string { return s.area + "." + suffix }

// actionKey names, for a refusal, what setting status (or "edit") does.
func (s *proposalSpec) actionKey(status string) string {
	verb := map[string]string{
		"proposed": "repropose", "discussing": "discuss", "forwarded": "forward", "accepted": "accept",
		"recommended": "recommend", "established": "establish", "declined": "decline", "withdrawn": "withdraw",
		"edit": "edit",
	}[status]
	return "action." + verb + "_" + s.area
}

// ref reads an id of the kind ("T-3", "t3", "3").
func (s *proposalSpec) ref(word string) (int, string, error) {
	id, ok := jca.ParseRef(s.kind.Prefix(), word)
	if !ok {
		return 0, "", jca.Errorf(jca.EInvalid, "err.bad_id", "value", word, "example", s.example)
	}
	return id, s.kind.Ref(id), nil
}

// status reads a status of the kind, suggesting the nearest ones.
func (s *proposalSpec) status(word string) (string, error) {
	st := strings.ToLower(strings.TrimSpace(word))
	if slices.Contains(s.kind.Statuses(), st) {
		return st, nil
	}
	return "", jca.Errorf(jca.EInvalid, "err.unknown_status", "value", word, "list", strings.Join(s.kind.Statuses(), ", ")).
		WithSuggestions(suggestions(word, s.kind.Statuses())...)
}

// proposalJointKindAbbrevs are the short names people use for the kinds.
var proposalJointKindAbbrevs = map[string]string{
	"jwp": "joint-working-party", "jrg": "joint-rapporteur-group", "irg": "intersector-rapporteur-group",
	"fg": "focus-group", "cg": "correspondence-group",
}

// proposalJointKind reads a kind of joint group: one of jca.JointKinds, or its
// abbreviation (JRG, FG...).
func proposalJointKind(word string) (string, error) {
	k := strings.ToLower(strings.TrimSpace(word))
	if full, ok := proposalJointKindAbbrevs[k]; ok {
		k = full
	}
	if slices.Contains(jca.JointKinds, k) {
		return k, nil
	}
	return "", jca.Errorf(jca.EInvalid, "err.joint.unknown_kind", "value", word, "list", strings.Join(jca.JointKinds, ", ")).
		WithSuggestions(suggestions(word, jca.JointKinds)...)
}

func (s *proposalSpec) propose(ctx context.Context, c *Call) (bot.Reply, error) {
	if !c.Has(s.groupsFlag) {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, s.key("err.need_groups"))
	}
	if s.kind == jca.JointProposal && !c.Has("kind") {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.joint.need_kind", "list", strings.Join(jca.JointKinds, ", "))
	}
	f, err := s.readFields(ctx, c)
	if err != nil {
		return bot.Reply{}, err
	}
	p := &jca.Proposal{
		Kind:      s.kind,
		Title:     c.Args[0],
		Status:    s.kind.Statuses()[0],
		Channel:   string(c.Req.Channel),
		CreatedBy: c.Me,
		CreatedAt: c.Now(),
		UpdatedAt: c.Now(),
	}
	f.apply(p)
	if err := s.check(p); err != nil {
		return bot.Reply{}, err
	}
	if err := c.r.proposalStore().CreateProposal(ctx, p); err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Section(c.T(s.key("proposed"), "id", p.Ref(), "groups", strings.Join(p.Groups, ", "), "title", p.Title, "kind", p.JointKind))
	m.AddFields(s.fields(c, p, false)...)
	m.Context(c.T("proposal.next", "area", s.area, "id", p.Ref()))
	m.AddButtons(s.positionButtons(c.r.d.Catalog, c.Lang, p)...)
	return c.reply(m), nil
}

// positionButtons are Support and Object, which run the same commands as
// typing them: Object answers with how to give the reason.
func (s *proposalSpec) positionButtons(cat *i18n.Catalog, lang i18n.Lang, p *jca.Proposal) []bot.Button {
	support := RunButton(cat.String(lang, "button.support"), s.area+" support "+p.Ref())
	support.Style = "primary"
	object := RunButton(cat.String(lang, "button.object"), s.area+" object "+p.Ref())
	object.Style = "danger"
	return []bot.Button{support, object}
}

func (s *proposalSpec) edit(ctx context.Context, c *Call) (bot.Reply, error) {
	id, ref, err := s.ref(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	f, err := s.readFields(ctx, c)
	if err != nil {
		return bot.Reply{}, err
	}
	if !f.given() {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.proposal.nothing_to_edit", "id", ref)
	}
	var before int
	p, err := c.r.proposalStore().UpdateProposal(ctx, s.kind, id, func(p *jca.Proposal) error {
		if err := c.requireAuthorOrChair(p.CreatedBy, ref, s.actionKey("edit")); err != nil {
			return err
		}
		if s.kind.Closed(p.Status) {
			return jca.Errorf(jca.EConflict, "err.proposal.closed_edit", "id", ref, "status", p.Status, "area", s.area)
		}
		before = len(p.History)
		old := p.Clone()
		f.apply(p)
		if err := s.check(p); err != nil {
			return err
		}
		if !p.Diff(old, c.Me, c.Now()) {
			return jca.Errorf(jca.EConflict, "err.no_change", "id", ref)
		}
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Section(c.T("proposal.updated", "id", ref, "title", p.Title))
	for _, h := range p.History[before:] {
		m.Context(c.changeLine(h))
	}
	return c.reply(m), nil
}

func (s *proposalSpec) support(ctx context.Context, c *Call) (bot.Reply, error) {
	comment, _ := c.Flag("comment")
	comment = strings.TrimSpace(comment)
	if err := jca.CheckText(proposalCommentField, comment, 0, jca.MaxNote); err != nil {
		return bot.Reply{}, err
	}
	return s.position(ctx, c, jca.Support, comment)
}

func (s *proposalSpec) object(ctx context.Context, c *Call) (bot.Reply, error) {
	_, ref, err := s.ref(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	reason, _ := c.Flag("reason")
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.proposal.need_reason", "area", s.area, "id", ref)
	}
	if err := jca.CheckText(proposalReasonField, reason, 1, jca.MaxNote); err != nil {
		return bot.Reply{}, err
	}
	return s.position(ctx, c, jca.Object, reason)
}

func (s *proposalSpec) withdrawPosition(ctx context.Context, c *Call) (bot.Reply, error) {
	return s.position(ctx, c, "", "")
}

// position records the caller's stance ("" withdraws it). The proposal is
// read and written in one transaction, so concurrent clicks never lose a
// position nor leave a person with two.
func (s *proposalSpec) position(ctx context.Context, c *Call, stance jca.Stance, comment string) (bot.Reply, error) {
	id, ref, err := s.ref(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	var old jca.Position
	var had bool
	p, err := c.r.proposalStore().UpdateProposal(ctx, s.kind, id, func(p *jca.Proposal) error {
		if s.kind.Closed(p.Status) {
			return jca.Errorf(jca.EConflict, "err.proposal.closed", "id", ref, "status", p.Status, "area", s.area)
		}
		old, had = p.Position(c.Me)
		if p.SetPosition(jca.Position{Person: c.Me, Stance: stance, Comment: comment, At: c.Now()}) {
			return nil
		}
		switch stance {
		case jca.Support:
			return jca.Errorf(jca.EConflict, "err.proposal.already_support", "id", ref)
		case jca.Object:
			return jca.Errorf(jca.EConflict, "err.proposal.already_object", "id", ref)
		}
		return jca.Errorf(jca.EConflict, "err.proposal.no_position", "id", ref, "area", s.area)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	key := "proposal.position_withdrawn"
	switch {
	case stance == jca.Support && had && old.Stance == jca.Object:
		key = "proposal.supported.was_object"
	case stance == jca.Support:
		key = "proposal.supported"
	case stance == jca.Object && had && old.Stance == jca.Support:
		key = "proposal.objected.was_support"
	case stance == jca.Object:
		key = "proposal.objected"
	}
	var m bot.Message
	m.Section(c.T(key, "id", ref, "title", p.Title))
	m.Context(c.T("proposal.counts_now", "counts", s.counts(c, p)))
	return c.reply(m), nil
}

// counts is "3 for, 1 against" in the person's language.
func (s *proposalSpec) counts(c *Call, p *jca.Proposal) bot.Text {
	sup, obj := p.Counts()
	return c.T("proposal.counts", "support", sup, "object", obj)
}

func (s *proposalSpec) setStatus(ctx context.Context, c *Call) (bot.Reply, error) {
	id, ref, err := s.ref(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	st, err := s.status(c.Args[1])
	if err != nil {
		return bot.Reply{}, err
	}
	note, _ := c.Flag("note")
	note = strings.TrimSpace(note)
	if err := jca.CheckText(proposalNoteField, note, 0, jca.MaxNote); err != nil {
		return bot.Reply{}, err
	}
	// Its author may withdraw a proposal; every other move is a chair's.
	if st != "withdrawn" {
		if err := c.requireChair(s.actionKey(st)); err != nil {
			return bot.Reply{}, err
		}
	}
	var old string
	p, err := c.r.proposalStore().UpdateProposal(ctx, s.kind, id, func(p *jca.Proposal) error {
		if err := c.requireAuthorOrChair(p.CreatedBy, ref, s.actionKey(st)); err != nil {
			return err
		}
		old = p.Status
		if !p.SetStatus(st, note, c.Me, c.Now()) {
			return jca.Errorf(jca.EConflict, "err.proposal.same_status", "id", ref, "status", st)
		}
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Section(c.T("proposal.status_changed", "id", ref, "status", st, "old", old, "title", p.Title))
	rep := c.reply(m)
	if slices.Contains(s.announce, st) {
		rep.Announce = s.announcement(ctx, c, p)
		rep.Message.Context(c.T("proposal.announced"))
	}
	return rep, nil
}

// announcement is the channel's news of a status change, in the channel's
// language.
func (s *proposalSpec) announcement(ctx context.Context, c *Call, p *jca.Proposal) *bot.Message {
	_, lang := c.r.channelSettings(ctx, c.Req.Channel)
	cat := c.r.d.Catalog
	sup, obj := p.Counts()
	counts := cat.Text(lang, "proposal.counts", "support", sup, "object", obj)
	m := new(bot.Message)
	m.Section(cat.Text(lang, s.key("announce."+p.Status), "id", p.Ref(), "title", p.Title,
		"groups", strings.Join(p.Groups, ", "), "kind", p.JointKind, "counts", counts))
	m.Context(cat.Text(lang, "proposal.announce.next", "area", s.area, "id", p.Ref()))
	if !s.kind.Closed(p.Status) {
		m.AddButtons(s.positionButtons(cat, lang, p)...)
	}
	return m
}

func (s *proposalSpec) show(ctx context.Context, c *Call) (bot.Reply, error) {
	id, _, err := s.ref(c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	p, err := c.r.proposalStore().FindProposal(ctx, s.kind, id)
	if err != nil {
		return bot.Reply{}, err
	}
	people, err := c.r.proposalStore().ListPeople(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Title = bot.Text{{Kind: bot.Bold, Text: p.Ref()}, {Text: " "}, {Kind: bot.Italic, Text: p.Title}}
	closed := s.kind.Closed(p.Status)
	if closed {
		m.Section(c.T("proposal.closed_note", "status", p.Status))
	}
	m.AddFields(s.fields(c, p, true)...)

	if len(p.Positions) == 0 {
		m.Section(c.T("proposal.positions.none"))
	} else {
		m.Section(c.T("proposal.positions.title", "counts", s.counts(c, p)))
		for _, g := range s.byGroup(c, p, people) {
			name := g.group
			if name == "" {
				name = c.S("proposal.no_group")
			}
			switch {
			case len(g.support) > 0 && len(g.object) > 0:
				m.Section(c.T("proposal.positions.both", "group", name,
					"for", proposalNames(g.support, proposalMaxNames), "against", proposalNames(g.object, proposalMaxNames)))
			case len(g.object) > 0:
				m.Section(c.T("proposal.positions.against", "group", name, "who", proposalNames(g.object, proposalMaxNames)))
			default:
				m.Section(c.T("proposal.positions.for", "group", name, "who", proposalNames(g.support, proposalMaxNames)))
			}
		}
	}
	if silent := s.silentGroups(p, people); len(silent) > 0 {
		m.Section(c.T("proposal.silent", "groups", strings.Join(silent, ", ")))
	}
	s.remarks(c, &m, p, jca.Object, "proposal.objections.title")
	s.remarks(c, &m, p, jca.Support, "proposal.comments.title")
	if len(p.History) > 0 {
		m.Section(c.P("history.title", len(p.History)))
		for _, h := range lastChanges(p.History, 10) {
			m.Context(c.changeLine(h))
		}
	}
	if !closed {
		m.Context(c.T("proposal.next", "area", s.area, "id", p.Ref()))
		m.AddButtons(s.positionButtons(c.r.d.Catalog, c.Lang, p)...)
	}
	return c.reply(m), nil
}

// silentGroups are the target groups none of whose members has taken a
// position.
func (s *proposalSpec) silentGroups(p *jca.Proposal, people []*jca.Person) []string {
	heard := map[string]bool{}
	for _, x := range people {
		if _, ok := p.Position(x.ID); ok {
			for _, g := range x.Groups() {
				heard[g] = true
			}
		}
	}
	var out []string
	for _, g := range p.Groups {
		if !heard[g] {
			out = append(out, g)
		}
	}
	return out
}

// remarks quotes the objections' reasons or the comments of support, at
// most proposalMaxRemarks of them.
func (s *proposalSpec) remarks(c *Call, m *bot.Message, p *jca.Proposal, stance jca.Stance, titleKey string) {
	var rs []jca.Position
	for _, x := range p.Positions {
		if x.Stance == stance && x.Comment != "" {
			rs = append(rs, x)
		}
	}
	if len(rs) == 0 {
		return
	}
	m.Section(c.T(titleKey, "n", len(rs)))
	for i, x := range rs {
		if i == proposalMaxRemarks {
			m.Context(c.T("proposal.more", "n", len(rs)-i))
			break
		}
		m.Context(c.T("proposal.remark", "who", bot.Identity(x.Person), "text", clip(x.Comment, 300)))
	}
}

func (s *proposalSpec) list(ctx context.Context, c *Call) (bot.Reply, error) {
	var f jca.ProposalFilter
	if v, ok := c.Flag("status"); ok {
		st, err := s.status(v)
		if err != nil {
			return bot.Reply{}, err
		}
		f.Status = st
	}
	if v, ok := c.Flag("group"); ok {
		gs, err := c.resolveStudyGroups(ctx, []string{v})
		if err != nil {
			return bot.Reply{}, err
		}
		f.Group = gs[0]
	}
	off, err := c.pageOffset()
	if err != nil {
		return bot.Reply{}, err
	}
	f.Offset, f.Limit = off, jca.PageSize
	ps, total, err := c.r.proposalStore().ListProposals(ctx, s.kind, f)
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	switch {
	case total == 0:
		m.Section(c.T(s.key("list.none")))
		m.Context(c.T(s.key("list.none.next")))
	case len(ps) == 0:
		m.Section(c.T("err.page_past_end", "pages", max(1, (total+jca.PageSize-1)/jca.PageSize)))
	default:
		m.Title = c.T(s.key("list.title"), "n", total)
		for _, p := range ps {
			m.Section(s.line(c, p))
		}
		c.pageFooter(&m, off, len(ps), total)
	}
	return c.reply(m), nil
}

// line is one proposal in a list:
// **T-3** *Title* · SG13, SG17 · forwarded · 3 for, 1 against · due Sat 15 Jan 2033.
func (s *proposalSpec) line(c *Call, p *jca.Proposal) bot.Text {
	t := bot.Text{{Kind: bot.Bold, Text: p.Ref()}, {Text: " "}, {Kind: bot.Italic, Text: p.Title}}
	if p.JointKind != "" {
		t = append(t, bot.Span{Text: " · " + p.JointKind})
	}
	t = append(t, bot.Span{Text: " · " + strings.Join(p.Groups, ", ") + " · " + p.Status + " · "})
	t = append(t, s.counts(c, p)...)
	if !p.Deadline.IsZero() {
		t = append(t, bot.Span{Text: " · "})
		t = append(t, c.T("proposal.list.due", "date", when.Date(p.Deadline, c.Loc, string(c.Lang)))...)
	}
	return t
}

func searchTopics(ctx context.Context, c *Call, q string) (*findKind, error) {
	return searchProposals(ctx, c, q, jca.TopicProposal, &findKind{titleKey: "find.topics", moreKey: "find.topics.more"})
}

func searchJoints(ctx context.Context, c *Call, q string) (*findKind, error) {
	return searchProposals(ctx, c, q, jca.JointProposal, &findKind{titleKey: "find.joints", moreKey: "find.joints.more"})
}

// searchProposals: proposals of a kind whose title or rationale hold q.
func searchProposals(ctx context.Context, c *Call, q string, kind jca.ProposalKind, out *findKind) (*findKind, error) {
	ps, total, err := c.r.proposalStore().ListProposals(ctx, kind, jca.ProposalFilter{Text: q, Limit: findPerKind})
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		out.lines = append(out.lines, c.findProposalLine(p))
	}
	out.total = total
	return out, nil
}

// proposalStore is what the topic and joint group rooms uses of the store.
type proposalStore interface {
	jca.ProposalService
	jca.PersonService
}

func (r *Router) proposalStore() proposalStore { return r.d.Store }
