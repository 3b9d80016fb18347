package commands

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jcabot/jcabot/internal/bot"
	"github.com/jcabot/jcabot/internal/jca"
	"github.com/jcabot/jcabot/internal/textfold"
)

// Organizations (mandate clause 2.2): the SDOs and forums of the vocabulary
// and those added with "org add", with the circular's "invited to
// participate" tracked per organization.

// MaxOrgShort bounds an organization's short name; MaxOrgContacts and
// MaxOrgContact its contacts.
const (
	MaxOrgShort    = 40
	MaxOrgContacts = 10
	MaxOrgContact  = 200
)

func orgArea() *Area {
	return &Area{
		Name:    "org",
		Aliases: []string{"orgs", "organization", "organizations", "organisation", "organisations", "sdo"},
		Verbs: []*Verb{
			{
				Name: "list", Aliases: []string{"ls"},
				Rule: "rule.anyone", MaxArgs: 0,
				Flags: []Flag{
					{Name: "status", Value: "identified|invited|participating|declined"},
					{Name: "page", Value: "N"},
				},
				Examples: []string{"org list", "org list --status invited"},
				Run:      orgList,
			},
			{
				Name: "show", Aliases: []string{"get", "view"},
				Usage: "<short>", Rule: "rule.anyone", MinArgs: 1, MaxArgs: 1,
				Examples: []string{"org show IETF", `org show "ISO/IEC JTC 1"`},
				Run:      orgShow,
			},
			{
				Name: "add", Aliases: []string{"new"},
				Usage: `<short> "<full name>"`, Rule: "rule.chair", MinArgs: 2, MaxArgs: 2,
				Examples: []string{`org add O-RAN "O-RAN Alliance"`},
				Run:      orgAdd,
			},
			{
				Name:  "invite",
				Usage: "<short>", Rule: "rule.chair", MinArgs: 1, MaxArgs: 1,
				Examples: []string{"org invite IETF"},
				Run:      orgInvite,
			},
			{
				Name: "status", Aliases: []string{"set"},
				Usage: "<short> <identified|invited|participating|declined>", Rule: "rule.chair", MinArgs: 2, MaxArgs: 2,
				Examples: []string{"org status IETF participating", "org status W3C declined"},
				Run:      orgSetStatus,
			},
			{
				Name: "contacts", Aliases: []string{"contact"},
				Usage: `<short> "<contact>"... | none`, Rule: "rule.chair", MinArgs: 2, MaxArgs: 1 + MaxOrgContacts,
				Examples: []string{`org contacts IETF "Liaison manager to ITU-T, ietf-itu@example.org"`, "org contacts IETF none"},
				Run:      orgSetContacts,
			},
		},
	}
}

// orgEntry is an organization as people see it: the vocabulary's entry or
// the one added with "org add", merged with its stored record (nil when
// nothing was ever stored for it).
type orgEntry struct {
	Short   string
	Name    string
	Aliases []string
	Added   bool
	rec     *jca.Org
}

// Status is the organization's status; "identified" until a chair changes it.
func (o orgEntry) Status() string { return orgStatusOf(o.rec) }

func orgStatusOf(o *jca.Org) string {
	if o == nil || o.Status == "" {
		return jca.OrgStatuses[0]
	}
	return o.Status
}

// knownOrgs lists every organization: the vocabulary's, in its order,
// then those added with "org add", by short name.
func (c *Call) knownOrgs(ctx context.Context) ([]orgEntry, error) {
	stored, err := c.r.orgStore().ListOrgs(ctx)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*jca.Org{}
	for _, o := range stored {
		byKey[strings.ToLower(o.Short)] = o
	}
	var out []orgEntry
	for _, o := range c.r.d.Vocab.Organizations {
		out = append(out, orgEntry{Short: o.Short, Name: o.Name, Aliases: o.Aliases, rec: byKey[strings.ToLower(o.Short)]})
	}
	for _, o := range stored {
		if o.Added {
			out = append(out, orgEntry{Short: o.Short, Name: o.Name, Added: true, rec: o})
		}
	}
	return out, nil
}

// resolveOrg reads an organization's name: one of the vocabulary (or an
// alias of it) or one added with "org add". A study group or the JCA is
// refused, and an unknown name gets the nearest organizations.
func (c *Call) resolveOrg(ctx context.Context, s string) (orgEntry, error) {
	orgs, err := c.knownOrgs(ctx)
	if err != nil {
		return orgEntry{}, err
	}
	b, err := c.resolveBody(ctx, s)
	if err != nil {
		if e, ok := jca.AsError(err); !ok || e.Code != jca.EInvalid {
			return orgEntry{}, err
		}
		names := make([]string, len(orgs))
		for i, o := range orgs {
			names[i] = o.Short
		}
		return orgEntry{}, jca.Errorf(jca.EInvalid, "err.unknown_org", "value", s).WithSuggestions(suggestions(s, names)...)
	}
	switch b.Kind {
	case jca.StudyGroupBody:
		return orgEntry{}, jca.Errorf(jca.EInvalid, "err.org_is_study_group", "value", b.Code)
	case jca.JCABody:
		return orgEntry{}, jca.Errorf(jca.EInvalid, "err.org_is_jca", "value", b.Code)
	}
	for _, o := range orgs {
		if o.Short == b.Code {
			return o, nil
		}
	}
	return orgEntry{}, jca.Errorf(jca.EInvalid, "err.unknown_org", "value", s)
}

// parseOrgStatus reads a status word (or a unique prefix), with did-you-mean.
func parseOrgStatus(s string) (string, error) {
	return pickClosedWord(s, jca.OrgStatuses, "err.unknown_org_status")
}

// checkOrgShort checks the short name of a new organization: 1 to
// MaxOrgShort characters, a letter or digit among them, no space at either
// end, and nothing that would read as a flag, a mention or a list.
func checkOrgShort(s string) error {
	n := utf8.RuneCountInString(s)
	ok := n >= 1 && n <= MaxOrgShort && s == strings.TrimSpace(s) &&
		!strings.ContainsAny(s, ",\n\t") && !strings.HasPrefix(s, "-") && !strings.HasPrefix(s, "@") &&
		strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
	if !ok {
		return jca.Errorf(jca.EInvalid, "err.org_short_format", "value", s, "max", MaxOrgShort)
	}
	return nil
}

func orgAdd(ctx context.Context, c *Call) (bot.Reply, error) {
	if err := c.requireChair("action.add_org"); err != nil {
		return bot.Reply{}, err
	}
	short, name := c.Args[0], strings.TrimSpace(c.Args[1])
	if err := checkOrgShort(short); err != nil {
		return bot.Reply{}, err
	}
	if b, ok := c.r.d.Vocab.Body(short); ok {
		switch b.Kind {
		case jca.StudyGroupBody:
			return bot.Reply{}, jca.Errorf(jca.EConflict, "err.org_short_is_study_group", "value", short, "code", b.Code)
		case jca.JCABody:
			return bot.Reply{}, jca.Errorf(jca.EConflict, "err.org_short_is_jca", "value", short, "code", b.Code)
		}
		return bot.Reply{}, jca.Errorf(jca.EConflict, "err.org_exists", "short", b.Code, "arg", quoteBody(b.Code))
	}
	if err := jca.CheckText("org_name", name, 1, jca.MaxTitle); err != nil {
		return bot.Reply{}, err
	}
	o, err := c.r.orgStore().UpdateOrg(ctx, short, true, func(o *jca.Org) error {
		if o.Rev > 0 {
			return jca.Errorf(jca.EConflict, "err.org_exists", "short", o.Short, "arg", quoteBody(o.Short))
		}
		o.Short = short
		o.Name = name
		o.Added = true
		o.Status = jca.OrgStatuses[0]
		o.CreatedBy = c.Me
		o.CreatedAt = c.Now()
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Section(c.T("org.added", "short", o.Short, "name", o.Name))
	m.Context(c.T("org.added.next", "arg", quoteBody(o.Short), "jca", c.r.d.Vocab.JCA))
	return c.reply(m), nil
}

// changeOrgStatus sets an organization's status under the store's lock;
// check refuses a change from the current status.
func (c *Call) changeOrgStatus(ctx context.Context, o orgEntry, status string, check func(cur string) error) (old string, err error) {
	_, err = c.r.orgStore().UpdateOrg(ctx, o.Short, true, func(rec *jca.Org) error {
		old = orgStatusOf(rec)
		if err := check(old); err != nil {
			return err
		}
		if rec.Name == "" {
			rec.Name = o.Name
		}
		rec.SetStatus(old, status, c.Me, c.Now())
		return nil
	})
	return old, err
}

func orgInvite(ctx context.Context, c *Call) (bot.Reply, error) {
	if err := c.requireChair("action.invite_org"); err != nil {
		return bot.Reply{}, err
	}
	o, err := c.resolveOrg(ctx, c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	_, err = c.changeOrgStatus(ctx, o, "invited", func(cur string) error {
		switch cur {
		case "invited":
			return jca.Errorf(jca.EConflict, "err.org_already_invited", "short", o.Short, "arg", quoteBody(o.Short))
		case "participating":
			return jca.Errorf(jca.EConflict, "err.org_already_participating", "short", o.Short)
		}
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Section(c.T("org.invited", "short", o.Short, "name", o.Name, "who", bot.Identity(c.Me), "when", c.dateTime(c.Now())))
	m.Context(c.T("org.invited.next", "arg", quoteBody(o.Short)))
	return c.reply(m), nil
}

func orgSetStatus(ctx context.Context, c *Call) (bot.Reply, error) {
	if err := c.requireChair("action.change_org_status"); err != nil {
		return bot.Reply{}, err
	}
	o, err := c.resolveOrg(ctx, c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	status, err := parseOrgStatus(c.Args[1])
	if err != nil {
		return bot.Reply{}, err
	}
	old, err := c.changeOrgStatus(ctx, o, status, func(cur string) error {
		if cur == status {
			return jca.Errorf(jca.EConflict, "err.org_same_status", "short", o.Short, "status", status)
		}
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Section(c.T("org.status_set", "short", o.Short, "status", status, "old", old))
	m.Context(c.T("org.show.next", "arg", quoteBody(o.Short)))
	return c.reply(m), nil
}

// orgSetContacts replaces an organization's contacts (people or addresses
// the JCA writes to), or clears them with "none".
func orgSetContacts(ctx context.Context, c *Call) (bot.Reply, error) {
	if err := c.requireChair("action.set_org_contacts"); err != nil {
		return bot.Reply{}, err
	}
	o, err := c.resolveOrg(ctx, c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	var contacts []string
	if rest := c.Args[1:]; !(len(rest) == 1 && clearsField(rest[0])) {
		for _, s := range rest {
			s = strings.TrimSpace(s)
			if err := jca.CheckText("org_contact", s, 1, MaxOrgContact); err != nil {
				return bot.Reply{}, err
			}
			if !slices.Contains(contacts, s) {
				contacts = append(contacts, s)
			}
		}
	}
	_, err = c.r.orgStore().UpdateOrg(ctx, o.Short, true, func(rec *jca.Org) error {
		if slices.Equal(rec.Contacts, contacts) {
			return jca.Errorf(jca.EConflict, "err.no_change", "id", o.Short)
		}
		if rec.Name == "" {
			rec.Name = o.Name
		}
		rec.SetContacts(contacts, c.Me, c.Now())
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	if len(contacts) == 0 {
		m.Section(c.T("org.contacts_cleared", "short", o.Short))
	} else {
		m.Section(c.T("org.contacts_set", "short", o.Short, "contacts", strings.Join(contacts, "; ")))
	}
	m.Context(c.T("org.show.next", "arg", quoteBody(o.Short)))
	return c.reply(m), nil
}

func orgList(ctx context.Context, c *Call) (bot.Reply, error) {
	var want string
	if s, ok := c.Flag("status"); ok {
		st, err := parseOrgStatus(s)
		if err != nil {
			return bot.Reply{}, err
		}
		want = st
	}
	off, err := c.pageOffset()
	if err != nil {
		return bot.Reply{}, err
	}
	orgs, err := c.knownOrgs(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	if want != "" {
		orgs = slices.DeleteFunc(orgs, func(o orgEntry) bool { return o.Status() != want })
	}
	var m bot.Message
	if len(orgs) == 0 {
		if want == "" {
			m.Section(c.T("org.list.none"))
		} else {
			m.Section(c.T("org.list.none_status", "status", want))
		}
		m.Context(c.T("org.list.none.next"))
		return c.reply(m), nil
	}
	if off >= len(orgs) {
		m.Section(c.T("err.page_past_end", "pages", max(1, (len(orgs)+jca.PageSize-1)/jca.PageSize)))
		return c.reply(m), nil
	}
	open, err := c.openLiaisonsByBody(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	if want == "" {
		m.Title = c.T("org.list.title", "n", len(orgs))
	} else {
		m.Title = c.T("org.list.title_status", "n", len(orgs), "status", want)
	}
	page := orgs[off:min(len(orgs), off+jca.PageSize)]
	for _, o := range page {
		m.Section(c.orgLine(o, open[o.Short]))
	}
	c.pageFooter(&m, off, len(page), len(orgs))
	m.Context(c.T("org.list.next"))
	return c.reply(m), nil
}

// orgLine is one line of a list: **IETF** Internet Engineering Task Force ·
// invited · 2 open liaisons.
func (c *Call) orgLine(o orgEntry, open int) bot.Text {
	t := bot.Text{{Kind: bot.Bold, Text: o.Short}}
	if o.Name != "" && o.Name != o.Short {
		t = append(t, bot.Span{Text: " " + o.Name})
	}
	t = append(t, bot.Span{Text: " · " + o.Status()})
	if open > 0 {
		t = append(t, bot.Span{Text: " · "})
		t = append(t, c.r.d.Catalog.Plural(c.Lang, "org.open_liaisons", open)...)
	}
	return t
}

// openLiaisonsByBody counts the open liaisons naming each body.
func (c *Call) openLiaisonsByBody(ctx context.Context) (map[string]int, error) {
	return c.r.orgStore().OpenLiaisonsByBody(ctx)
}

// orgShowLiaisons is how many of an organization's liaisons org show lists.
const orgShowLiaisons = 10

func orgShow(ctx context.Context, c *Call) (bot.Reply, error) {
	o, err := c.resolveOrg(ctx, c.Args[0])
	if err != nil {
		return bot.Reply{}, err
	}
	var m bot.Message
	m.Title = bot.Text{{Kind: bot.Bold, Text: o.Short}}
	if o.Name != "" && o.Name != o.Short {
		m.Title = append(m.Title, bot.Span{Text: " " + o.Name})
	}
	var fields []bot.Field
	fields = append(fields, c.field("org.field.status", bot.T(o.Status())))
	if inv, ok := orgLastInvitation(o.rec); ok {
		fields = append(fields, c.field("org.field.invited", c.T("org.by_when", "who", bot.Identity(inv.By), "when", c.dateTime(inv.At))))
	}
	if len(o.Aliases) > 0 {
		fields = append(fields, c.field("org.field.aliases", bot.T(strings.Join(o.Aliases, ", "))))
	}
	if o.rec != nil && len(o.rec.Contacts) > 0 {
		fields = append(fields, c.field("org.field.contacts", bot.T(strings.Join(o.rec.Contacts, "; "))))
	}
	reps, err := c.orgRepresentatives(ctx, o.Short)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(reps) > 0 {
		fields = append(fields, c.field("org.field.representatives", c.T("org.people", "people", reps)))
	}
	if o.Added && o.rec != nil {
		fields = append(fields, c.field("org.field.added", c.T("org.by_when", "who", bot.Identity(o.rec.CreatedBy), "when", c.dateTime(o.rec.CreatedAt))))
	}
	m.AddFields(fields...)

	ls, err := c.allLiaisons(ctx, jca.LiaisonFilter{Body: o.Short})
	if err != nil {
		return bot.Reply{}, err
	}
	if len(ls) == 0 {
		m.Section(c.T("org.show.no_liaisons"))
		m.Context(c.T("org.show.no_liaisons.next", "arg", quoteBody(o.Short), "jca", c.r.d.Vocab.JCA))
	} else {
		sortLiaisonsOpenFirst(ls)
		open := 0
		for _, l := range ls {
			if l.IsOpen() {
				open++
			}
		}
		m.Section(c.T("org.show.liaisons", "n", len(ls), "open", open))
		for _, l := range ls[:min(len(ls), orgShowLiaisons)] {
			m.Context(c.liaisonLine(l))
		}
		if len(ls) > orgShowLiaisons {
			m.Context(c.T("org.show.liaisons_more", "shown", orgShowLiaisons, "total", len(ls), "arg", quoteBody(o.Short)))
		}
	}
	if o.rec != nil && len(o.rec.History) > 0 {
		m.Section(c.P("history.title", len(o.rec.History)))
		for _, h := range lastChanges(o.rec.History, 10) {
			m.Context(c.changeLine(h))
		}
	}
	return c.reply(m), nil
}

// orgLastInvitation is the latest change that set the status to invited.
func orgLastInvitation(o *jca.Org) (jca.Change, bool) {
	if o == nil {
		return jca.Change{}, false
	}
	for i := len(o.History) - 1; i >= 0; i-- {
		if h := o.History[i]; h.Field == "status" && h.New == "invited" {
			return h, true
		}
	}
	return jca.Change{}, false
}

// orgRepresentatives are the people who joined as members of a body.
func (c *Call) orgRepresentatives(ctx context.Context, body string) ([]bot.Identity, error) {
	people, err := c.r.orgStore().ListPeople(ctx)
	if err != nil {
		return nil, err
	}
	var out []bot.Identity
	for _, p := range people {
		if _, ok := p.Membership(body); ok {
			out = append(out, bot.Identity(p.ID))
		}
	}
	return out, nil
}

// sortLiaisonsOpenFirst orders liaisons: open ones first, the nearest deadline
// first (those without a deadline after), then the others newest first.
func sortLiaisonsOpenFirst(ls []*jca.Liaison) {
	slices.SortStableFunc(ls, func(a, b *jca.Liaison) int {
		ao, bo := a.IsOpen(), b.IsOpen()
		switch {
		case ao && !bo:
			return -1
		case !ao && bo:
			return 1
		case !ao:
			return 0
		}
		switch {
		case a.Deadline.IsZero() && b.Deadline.IsZero():
			return 0
		case a.Deadline.IsZero():
			return 1
		case b.Deadline.IsZero():
			return -1
		}
		return a.Deadline.Compare(b.Deadline)
	})
}

// searchOrgs: organizations whose short name, name or aliases hold q, each
// with its count of open liaisons.
func searchOrgs(ctx context.Context, c *Call, q string) (*findKind, error) {
	orgs := &findKind{titleKey: "find.orgs", moreKey: "find.orgs.more"}
	all, err := c.knownOrgs(ctx)
	if err != nil {
		return nil, err
	}
	var open map[string]int
	for _, o := range all {
		if !textfold.ContainsAll(o.Short+"\n"+o.Name+"\n"+strings.Join(o.Aliases, "\n"), q) {
			continue
		}
		if open == nil { // read only when an organization matches
			if open, err = c.openLiaisonsByBody(ctx); err != nil {
				return nil, err
			}
		}
		orgs.add(c.orgLine(o, open[o.Short]))
	}
	return orgs, nil
}

// orgStore is what the organization room uses of the store.
type orgStore interface {
	jca.OrgService
	jca.LiaisonService
	jca.PersonService
}

func (r *Router) orgStore() orgStore { return r.d.Store }
