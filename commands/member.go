package commands

import (
	"context"
	"slices"
	"strings"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
)

// The membership rule of the circular: the JCA is open mainly to the
// designated representatives of the study groups and to representatives of
// ITU-T Members; SDOs and forums are invited to take part.

func memberArea() *Area {
	return &Area{
		Name:    "member",
		Aliases: []string{"members", "membre"},
		Verbs: []*Verb{
			{
				Name: "join", Usage: "<group>", Rule: "rule.self", MinArgs: 1, MaxArgs: 1,
				Flags:    []Flag{{Name: "org", Value: `"Orange"`}, {Name: "kind", Value: "sg-rep|member-rep|sdo-rep"}},
				Examples: []string{"member join SG13", `member join SG17 --kind member-rep --org "Orange"`, "member join IETF --kind sdo-rep"},
				Run:      memberJoin,
			},
			{
				Name: "leave", Usage: "<group>", Rule: "rule.self", MinArgs: 1, MaxArgs: 1,
				Examples: []string{"member leave SG13"},
				Run:      memberLeave,
			},
			{
				Name: "remove", Usage: "@person <group>", Rule: "rule.chair", MinArgs: 2, MaxArgs: 2,
				Examples: []string{"member remove @alice SG13"},
				Run:      memberRemove,
			},
			{
				Name: "list", Aliases: []string{"ls", "roster"}, Rule: "rule.anyone",
				Flags:    []Flag{{Name: "group", Value: "SG13"}},
				Examples: []string{"member list", "member list --group SG13"},
				Run:      memberList,
			},
			{
				Name: "show", Usage: "[@person]", Rule: "rule.anyone", MaxArgs: 1,
				Examples: []string{"member show", "member show @alice"},
				Run:      memberShow,
			},
		},
	}
}

func chairArea() *Area {
	return &Area{
		Name:    "chair",
		Aliases: []string{"chairs", "president"},
		Verbs: []*Verb{
			{
				Name: "add", Usage: "@person", Rule: "rule.chair", MinArgs: 1, MaxArgs: 1,
				Examples: []string{"chair add @alice"},
				Run:      chairAdd,
			},
			{
				Name: "remove", Usage: "@person", Rule: "rule.chair", MinArgs: 1, MaxArgs: 1,
				Examples: []string{"chair remove @alice"},
				Run:      chairRemove,
			},
			{
				Name: "list", Aliases: []string{"ls"}, Rule: "rule.anyone",
				Examples: []string{"chair list"},
				Run:      chairListVerb,
			},
		},
	}
}

// memberKind reads --kind, defaulting to what the group implies.
func (c *Call) memberKind(b jca.Body) (jca.MemberKind, error) {
	s, ok := c.Flag("kind")
	if !ok {
		if b.Kind == jca.OrganizationBody {
			return jca.SDORep, nil
		}
		return jca.SGRep, nil
	}
	var names []string
	for _, k := range jca.MemberKinds {
		names = append(names, string(k))
		if strings.EqualFold(string(k), s) {
			return k, nil
		}
	}
	return "", jca.Errorf(jca.EInvalid, "err.member_kind", "value", s, "list", strings.Join(names, ", ")).
		WithSuggestions(suggestions(s, names)...)
}

func memberJoin(ctx context.Context, c *Call) (bot.Reply, error) {
	b, err := c.resolveBody(ctx, c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	kind, err := c.memberKind(b)
	if err != nil {
		return bot.Reply{}, err
	}
	switch {
	case b.Kind == jca.JCABody:
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.member_of_jca")
	case kind == jca.SDORep && b.Kind != jca.OrganizationBody:
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.member_sdo_needs_org", "group", b.Code)
	case kind != jca.SDORep && b.Kind != jca.StudyGroupBody:
		return bot.Reply{}, jca.Errorf(jca.EInvalid, "err.member_needs_sg", "group", b.Code, "kind", string(kind))
	}
	org, _ := c.Flag("org")
	org = strings.TrimSpace(org)
	if err := jca.CheckText("org", org, 0, 100); err != nil {
		return bot.Reply{}, err
	}
	m := jca.Membership{Group: b.Code, Kind: kind, Org: org, Since: c.Now()}
	updated := false
	_, err = c.r.memberStore().UpdatePerson(ctx, c.Me, func(p *jca.Person) error {
		updated = false
		if old, had := p.Membership(b.Code); had && old.Kind == m.Kind && old.Org == m.Org {
			return jca.Errorf(jca.EConflict, "err.member_already", "group", b.Code)
		}
		updated = p.Join(m, c.Me, c.Now())
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	key := "member.joined"
	if updated {
		key = "member.updated"
	}
	var msg bot.Message
	msg.Section(c.T(key, "group", b.Code, "kind", jca.MsgKey("kind."+string(kind))))
	msg.Context(c.T("member.joined.next"))
	return c.reply(msg), nil
}

// removeMembership takes person out of group, recording who did it.
func (c *Call) removeMembership(ctx context.Context, person jca.PersonID, group string) error {
	_, err := c.r.memberStore().UpdatePerson(ctx, person, func(p *jca.Person) error {
		if !p.Leave(group, c.Me, c.Now()) {
			if person == c.Me {
				return jca.Errorf(jca.EConflict, "err.member_not_self", "group", group)
			}
			return jca.Errorf(jca.EConflict, "err.member_not", "who", bot.Identity(person), "group", group)
		}
		return nil
	})
	return err
}

func memberLeave(ctx context.Context, c *Call) (bot.Reply, error) {
	b, err := c.resolveBody(ctx, c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	if err := c.removeMembership(ctx, c.Me, b.Code); err != nil {
		return bot.Reply{}, err
	}
	return c.reply(*new(bot.Message).Section(c.T("member.left", "group", b.Code))), nil
}

func memberRemove(ctx context.Context, c *Call) (bot.Reply, error) {
	if err := c.requireChair("action.remove_member"); err != nil {
		return bot.Reply{}, err
	}
	who, err := c.mentioned(ctx, c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	b, err := c.resolveBody(ctx, c.Args[1])
	if err != nil {
		return bot.Reply{}, err
	}
	if err := c.removeMembership(ctx, who, b.Code); err != nil {
		return bot.Reply{}, err
	}
	return c.reply(*new(bot.Message).Section(c.T("member.removed", "who", bot.Identity(who), "group", b.Code))), nil
}

// roster is the members of each group, in vocabulary order.
type rosterGroup struct {
	group   string
	members []*jca.Person
}

func (c *Call) roster(people []*jca.Person, only string) []rosterGroup {
	byGroup := map[string][]*jca.Person{}
	for _, p := range people {
		for _, m := range p.Memberships {
			if only == "" || m.Group == only {
				byGroup[m.Group] = append(byGroup[m.Group], p)
			}
		}
	}
	order := c.r.d.Vocab.BodyNames()
	var groups []string
	for g := range byGroup {
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b string) int {
		ia, ib := slices.Index(order, a), slices.Index(order, b)
		if ia < 0 {
			ia = len(order)
		}
		if ib < 0 {
			ib = len(order)
		}
		if ia != ib {
			return ia - ib
		}
		return strings.Compare(a, b)
	})
	out := make([]rosterGroup, len(groups))
	for i, g := range groups {
		out[i] = rosterGroup{g, byGroup[g]}
	}
	return out
}

func memberList(ctx context.Context, c *Call) (bot.Reply, error) {
	only := ""
	if s, ok := c.Flag("group"); ok {
		b, err := c.resolveBody(ctx, s)
		if err != nil {
			return bot.Reply{}, err
		}
		only = b.Code
	}
	people, err := c.r.memberStore().ListPeople(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	chairs := c.chairs(ctx)
	groups := c.roster(people, only)
	var m bot.Message
	if len(groups) == 0 {
		m.Section(c.T("member.list.none"))
		m.Context(c.T("member.joined.next"))
		return c.reply(m), nil
	}
	total := 0
	for _, g := range groups {
		line := bot.Text{{Kind: bot.Bold, Text: g.group}, {Text: ": "}}
		for i, p := range g.members {
			if i > 0 {
				line = append(line, bot.Span{Text: ", "})
			}
			line = append(line, bot.Span{Kind: bot.MentionSpan, Person: bot.Identity(p.ID), Text: p.Name})
			ms, _ := p.Membership(g.group)
			if ms.Kind != jca.SGRep || ms.Org != "" {
				line = append(line, bot.Span{Text: " (" + ms.Label() + ")"})
			}
			if slices.Contains(chairs, bot.Identity(p.ID)) {
				line = append(line, c.T("member.chair_mark")...)
			}
		}
		total += len(g.members)
		m.Section(line)
	}
	m.Title = c.P("member.list.title", len(groups))
	m.Context(c.T("member.list.next"))
	return c.reply(m), nil
}

func memberShow(ctx context.Context, c *Call) (bot.Reply, error) {
	who := c.Me
	if len(c.Args) == 1 {
		var err error
		if who, err = c.mentioned(ctx, c.Args[0]); err != nil {
			return bot.Reply{}, err
		}
	}
	p, err := c.r.memberStore().FindPerson(ctx, who)
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Title = bot.Text{{Kind: bot.MentionSpan, Person: bot.Identity(who), Text: p.Name}}
	isChair := slices.Contains(c.chairs(ctx), bot.Identity(who)) || bot.Identity(who) == LocalOperator
	if len(p.Memberships) == 0 {
		m.Section(c.T("member.show.none"))
	}
	for _, ms := range p.Memberships {
		line := c.T("member.show.line", "group", ms.Group, "kind", jca.MsgKey("kind."+string(ms.Kind)), "since", c.day(ms.Since))
		if ms.Org != "" {
			line = append(line, bot.Span{Text: " · " + ms.Org})
		}
		m.Section(line)
	}
	if isChair {
		m.Section(c.T("member.show.chair"))
	}
	if z := p.Zone(); z != "" {
		m.Context(c.T("member.show.zone", "zone", z))
	}
	h, from := c.r.hoursOf(ctx, p, c.Req.Channel)
	if from == "tz.hours.own" {
		from = "member.hours.own"
	}
	m.Context(c.T("member.show.hours", "hours", h.String(), "from", jca.MsgKey(from)))
	return c.reply(m), nil
}

func chairAdd(ctx context.Context, c *Call) (bot.Reply, error) {
	if err := c.requireChair("action.appoint_chair"); err != nil {
		return bot.Reply{}, err
	}
	who, err := c.mentioned(ctx, c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	if c.r.isConfiguredChair(bot.Identity(who)) {
		return bot.Reply{}, jca.Errorf(jca.EConflict, "err.chair_already", "who", bot.Identity(who))
	}
	_, err = c.r.memberStore().UpdatePerson(ctx, who, func(p *jca.Person) error {
		if !p.SetChair(true, c.Me, c.Now()) {
			return jca.Errorf(jca.EConflict, "err.chair_already", "who", bot.Identity(who))
		}
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	rep := c.reply(*new(bot.Message).Section(c.T("chair.added", "who", bot.Identity(who))))
	rep.Announce = new(bot.Message).Section(c.T("chair.added.announce", "who", bot.Identity(who), "by", c.Req.Person.ID))
	return rep, nil
}

func chairRemove(ctx context.Context, c *Call) (bot.Reply, error) {
	if err := c.requireChair("action.remove_chair"); err != nil {
		return bot.Reply{}, err
	}
	who, err := c.mentioned(ctx, c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	if c.r.isConfiguredChair(bot.Identity(who)) {
		return bot.Reply{}, jca.Errorf(jca.EConflict, "err.chair_configured", "who", bot.Identity(who))
	}
	chairs := c.chairs(ctx)
	if !slices.Contains(chairs, bot.Identity(who)) {
		return bot.Reply{}, jca.Errorf(jca.EConflict, "err.chair_not", "who", bot.Identity(who))
	}
	if len(chairs) <= 1 {
		return bot.Reply{}, jca.Errorf(jca.EConflict, "err.chair_last", "who", bot.Identity(who))
	}
	_, err = c.r.memberStore().UpdatePerson(ctx, who, func(p *jca.Person) error {
		if !p.SetChair(false, c.Me, c.Now()) {
			return jca.Errorf(jca.EConflict, "err.chair_not", "who", bot.Identity(who))
		}
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	return c.reply(*new(bot.Message).Section(c.T("chair.removed", "who", bot.Identity(who)))), nil
}

func chairListVerb(ctx context.Context, c *Call) (bot.Reply, error) {
	chairs := c.chairs(ctx)
	var m bot.Message
	if len(chairs) == 0 {
		m.Section(c.T("chair.list.none"))
		return c.reply(m), nil
	}
	m.Title = c.T("chair.list.title")
	for _, id := range chairs {
		line := bot.Text{{Kind: bot.MentionSpan, Person: id, Text: id.User()}}
		if c.r.isConfiguredChair(id) {
			line = append(line, c.T("chair.configured_mark")...)
		}
		m.Section(line)
	}
	return c.reply(m), nil
}

// memberStore is what the member and chair rooms uses of the store.
type memberStore interface {
	jca.PersonService
	jca.OrgService
}

func (r *Router) memberStore() memberStore { return r.d.Store }
